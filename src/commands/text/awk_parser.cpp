// The awk parser: recursive descent over the POSIX grammar (plus gawk's
// BEGINFILE/ENDFILE and `**`), producing the tree of awk_ast.h. Variables are
// resolved to global or local slots here, so the interpreter never looks a
// name up at run time.
#include <map>
#include <set>

#include "commands/text/awk_ast.h"
#include "commands/text/awk_lexer.h"

namespace kefka::cmd::awk {
namespace {

constexpr int kMaxNesting = 400;  // expression/statement depth (hostile input)

class Parser {
 public:
  Parser(Program& prog, std::string progname) : prog_(prog), progname_(std::move(progname)) {
    for (int i = 0; i < kSpecialCount; ++i) global_slot(kSpecialNames[i]);
  }

  void parse_source(const Source& src) {
    src_ = &src;
    source_index_ = static_cast<int>(&src - first_source_);
    Lexer lexer(src.text);
    lex_ = &lexer;
    advance();
    for (;;) {
      skip_terminators();
      if (tok_.kind == Tok::kEof) break;
      parse_item();
    }
    lex_ = nullptr;
  }

  void finish() {
    for (const Function& f : prog_.functions) {
      if (!f.defined && globals_.count(f.name) != 0) {
        throw ParseError{progname_ + ": cmd. line:" + std::to_string(f.line) +
                         ": error: attempt to use non-function `" + f.name +
                         "' in function call\n"};
      }
      if (!f.defined) {
        throw ParseError{progname_ + ": cmd. line:" + std::to_string(f.line) +
                         ": fatal: function `" + f.name + "' not defined\n"};
      }
    }
  }

 private:
  // ---- tokens
  void advance() {
    tok_ = lex_->next();
    if (tok_.kind == Tok::kError) error_at(tok_, tok_.text);
  }
  bool at(Tok k) const { return tok_.kind == k; }
  bool accept(Tok k) {
    if (!at(k)) return false;
    advance();
    return true;
  }
  void expect(Tok k) {
    if (!accept(k)) syntax_error();
  }
  void opt_newlines() {
    while (at(Tok::kNewline)) advance();
  }
  void skip_terminators() {
    while (at(Tok::kNewline) || at(Tok::kSemicolon)) advance();
  }
  // The kind of the token after the current one, without consuming anything.
  Tok peek_kind() {
    size_t pos = lex_->pos();
    int line = lex_->line();
    Tok k = lex_->next().kind;
    lex_->restore(pos, line);
    return k;
  }

  [[noreturn]] void syntax_error() {
    if (at(Tok::kEof) || at(Tok::kNewline)) error_at(tok_, "unexpected newline or end of string");
    error_at(tok_, "syntax error");
  }
  [[noreturn]] void error_at(const Token& t, const std::string& what) {
    std::string_view text = src_->text;
    size_t pos = std::min(t.pos, text.size());
    size_t begin = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    begin = (begin == std::string_view::npos || (pos == 0)) ? 0 : begin + 1;
    if (pos > 0 && pos <= text.size() && text[pos - 1] == '\n' && t.kind != Tok::kNewline)
      begin = pos;
    if (t.kind == Tok::kNewline && pos < text.size()) {
      begin = text.rfind('\n', pos == 0 ? 0 : pos - 1);
      begin = begin == std::string_view::npos ? 0 : begin + 1;
    }
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    int line = 1;
    for (size_t i = 0; i < begin; ++i) line += text[i] == '\n';
    std::string where = progname_ + ": " + src_->name + ":" + std::to_string(line) + ": ";
    std::string msg = where + std::string(text.substr(begin, end - begin)) + "\n";
    msg += where + std::string(pos - begin, ' ') + "^ " + what + "\n";
    throw ParseError{msg};
  }

  Node* make(NodeKind k) {
    Node* n = prog_.make(k);
    n->line = tok_.line;
    n->src = source_index_;
    return n;
  }

  // ---- names
  int global_slot(const std::string& name) {
    auto it = globals_.find(name);
    if (it != globals_.end()) return it->second;
    int slot = static_cast<int>(prog_.globals.size());
    prog_.globals.push_back(name);
    globals_[name] = slot;
    return slot;
  }
  int function_index(const std::string& name, int line) {
    auto it = functions_.find(name);
    if (it != functions_.end()) return it->second;
    int index = static_cast<int>(prog_.functions.size());
    prog_.functions.push_back(Function{.name = name, .line = line});
    functions_[name] = index;
    return index;
  }
  Node* variable(const std::string& name) {
    auto it = locals_.find(name);
    if (it != locals_.end()) {
      Node* n = make(NodeKind::kLocal);
      n->slot = it->second;
      n->str = name;
      return n;
    }
    if (functions_.count(name) != 0 && prog_.functions[functions_[name]].defined) {
      error_at(tok_, "function `" + name + "' called with space between name and `('");
    }
    Node* n = make(NodeKind::kGlobal);
    n->slot = global_slot(name);
    n->str = name;
    return n;
  }

  // ---- program items
  void parse_item() {
    if (at(Tok::kInclude)) error_at(tok_, "@" + tok_.text + " is not supported in this sandbox");
    if (at(Tok::kFunction)) return parse_function();
    Rule rule;
    rule_kind_ = PatternKind::kMain;
    if (at(Tok::kBegin)) rule_kind_ = PatternKind::kBegin;
    if (at(Tok::kEnd)) rule_kind_ = PatternKind::kEnd;
    if (accept(Tok::kBegin)) {
      rule.kind = PatternKind::kBegin;
    } else if (accept(Tok::kEnd)) {
      rule.kind = PatternKind::kEnd;
    } else if (accept(Tok::kBeginFile)) {
      rule.kind = PatternKind::kBeginFile;
    } else if (accept(Tok::kEndFile)) {
      rule.kind = PatternKind::kEndFile;
    }
    if (rule.kind != PatternKind::kMain) {
      if (!at(Tok::kLBrace)) {
        throw ParseError{progname_ + ": " + src_->name + ":" + std::to_string(tok_.line) + ": " +
                         std::string(rule.kind == PatternKind::kBegin       ? "BEGIN"
                                     : rule.kind == PatternKind::kEnd       ? "END"
                                     : rule.kind == PatternKind::kBeginFile ? "BEGINFILE"
                                                                            : "ENDFILE") +
                         " blocks must have an action part\n"};
      }
      rule.action = parse_block();
      prog_.rules.push_back(rule);
      return;
    }
    if (!at(Tok::kLBrace)) {
      rule.pattern = parse_expr();
      if (accept(Tok::kComma)) {
        opt_newlines();
        rule.pattern2 = parse_expr();
      }
    }
    if (at(Tok::kLBrace)) {
      rule.action = parse_block();
    } else if (!at(Tok::kNewline) && !at(Tok::kSemicolon) && !at(Tok::kEof)) {
      syntax_error();
    }
    prog_.rules.push_back(rule);
  }

  void parse_function() {
    advance();
    if (!at(Tok::kName) && !at(Tok::kFuncName)) syntax_error();
    std::string name = tok_.text;
    if (globals_.count(name) != 0 && globals_[name] < kSpecialCount) {
      error_at(tok_, "function name `" + name + "' previously defined");
    }
    int index = function_index(name, tok_.line);
    if (prog_.functions[index].defined)
      plain_error("function name `" + name + "' previously defined");
    advance();
    expect(Tok::kLParen);
    locals_.clear();
    int n = 0;
    while (!at(Tok::kRParen)) {
      if (!at(Tok::kName)) syntax_error();
      if (tok_.text == name)
        plain_error("function `" + name + "': cannot use function name as parameter name");
      if (locals_.count(tok_.text) != 0) {
        error_at(tok_, "function `" + name + "': duplicate parameter `" + tok_.text + "'");
      }
      locals_[tok_.text] = n++;
      advance();
      if (!accept(Tok::kComma)) break;
      opt_newlines();
    }
    expect(Tok::kRParen);
    opt_newlines();
    Function& f = prog_.functions[index];
    f.nparams = n;
    f.defined = true;
    in_function_ = true;
    f.body = parse_block();
    in_function_ = false;
    locals_.clear();
  }

  // ---- statements
  Node* parse_block() {
    expect(Tok::kLBrace);
    Node* block = make(NodeKind::kBlock);
    for (;;) {
      skip_terminators();
      if (accept(Tok::kRBrace)) break;
      if (at(Tok::kEof)) syntax_error();
      block->kids.push_back(parse_statement());
    }
    return block;
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxNesting) p.error_at(p.tok_, "program nested too deeply");
    }
    ~DepthGuard() { --p.depth_; }
  };

  // After a simple statement: `;`, newline, or a following `}` / end.
  void end_simple() {
    if (accept(Tok::kSemicolon) || accept(Tok::kNewline)) return;
    if (at(Tok::kRBrace) || at(Tok::kEof)) return;
    syntax_error();
  }

  Node* parse_statement() {
    DepthGuard guard(*this);
    switch (tok_.kind) {
      case Tok::kLBrace:
        return parse_block();
      case Tok::kSemicolon:
        advance();
        return make(NodeKind::kBlock);
      case Tok::kIf: {
        advance();
        Node* n = make(NodeKind::kIf);
        expect(Tok::kLParen);
        n->kids.push_back(parse_expr());
        expect(Tok::kRParen);
        opt_newlines();
        n->kids.push_back(parse_statement());
        // `else` may follow newlines or a `;` ending the then-statement.
        size_t pos = lex_->pos();
        int line = lex_->line();
        Token saved = tok_;
        skip_terminators();
        if (accept(Tok::kElse)) {
          opt_newlines();
          n->kids.push_back(parse_statement());
        } else {
          lex_->restore(pos, line);
          tok_ = saved;
          n->kids.push_back(nullptr);
        }
        return n;
      }
      case Tok::kWhile: {
        advance();
        Node* n = make(NodeKind::kWhile);
        expect(Tok::kLParen);
        n->kids.push_back(parse_expr());
        expect(Tok::kRParen);
        if (accept(Tok::kSemicolon)) {
          n->kids.push_back(make(NodeKind::kBlock));
          return n;
        }
        opt_newlines();
        n->kids.push_back(parse_loop_body());
        return n;
      }
      case Tok::kDo: {
        advance();
        opt_newlines();
        Node* n = make(NodeKind::kDo);
        n->kids.push_back(parse_loop_body());
        skip_terminators();
        expect(Tok::kWhile);
        expect(Tok::kLParen);
        n->kids.push_back(parse_expr());
        expect(Tok::kRParen);
        end_simple();
        return n;
      }
      case Tok::kFor:
        return parse_for();
      case Tok::kSwitch:
        return parse_switch();
      default: {
        Node* n = parse_simple_statement();
        end_simple();
        return n;
      }
    }
  }

  Node* parse_for() {
    advance();
    expect(Tok::kLParen);
    // for (name in array)
    if (at(Tok::kName)) {
      size_t pos = lex_->pos();
      int line = lex_->line();
      Token saved = tok_;
      std::string var = tok_.text;
      advance();
      if (at(Tok::kIn)) {
        advance();
        if (at(Tok::kName)) {
          std::string arr = tok_.text;
          advance();
          if (accept(Tok::kRParen)) {
            Node* n = make(NodeKind::kForIn);
            n->kids.push_back(variable(var));
            n->kids.push_back(variable(arr));
            opt_newlines();
            n->kids.push_back(parse_loop_body());
            return n;
          }
        }
      }
      lex_->restore(pos, line);
      tok_ = saved;
    }
    Node* n = make(NodeKind::kFor);
    n->kids.push_back(at(Tok::kSemicolon) ? nullptr : parse_simple_statement());
    expect(Tok::kSemicolon);
    opt_newlines();
    n->kids.push_back(at(Tok::kSemicolon) ? nullptr : parse_expr());
    expect(Tok::kSemicolon);
    opt_newlines();
    n->kids.push_back(at(Tok::kRParen) ? nullptr : parse_simple_statement());
    expect(Tok::kRParen);
    if (accept(Tok::kSemicolon)) {
      n->kids.push_back(make(NodeKind::kBlock));
      return n;
    }
    opt_newlines();
    n->kids.push_back(parse_loop_body());
    return n;
  }

  // gawk's switch: case constants are numbers (optionally signed), strings
  // or regexps; bodies fall through until `break`.
  Node* parse_switch() {
    advance();
    Node* n = make(NodeKind::kSwitch);
    expect(Tok::kLParen);
    n->kids.push_back(parse_expr());
    expect(Tok::kRParen);
    opt_newlines();
    expect(Tok::kLBrace);
    bool seen_default = false;
    std::set<std::string> case_keys;
    ++switch_depth_;
    for (;;) {
      skip_terminators();
      if (accept(Tok::kRBrace)) break;
      Node* c = make(NodeKind::kCase);
      if (at(Tok::kDefault)) {
        if (seen_default) error_at(tok_, "duplicate `default' detected in switch body");
        seen_default = true;
        advance();
        c->kids.push_back(nullptr);
      } else if (accept(Tok::kCase)) {
        bool negative = at(Tok::kMinus);
        if (negative || at(Tok::kPlus)) advance();
        Node* value = parse_primary();
        bool constant =
            value->kind == NodeKind::kNumber ||
            (!negative && (value->kind == NodeKind::kString || value->kind == NodeKind::kRegex));
        if (!constant) syntax_error();
        if (negative) value->num = -value->num;
        // gawk compares case values as strings: 10 and "10" collide.
        std::string key = value->str;
        if (value->kind == NodeKind::kNumber) {
          char buf[64];
          if (value->num == static_cast<double>(static_cast<long long>(value->num))) {
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(value->num));
          } else {
            std::snprintf(buf, sizeof buf, "%.6g", value->num);
          }
          key = buf;
        }
        if (value->kind != NodeKind::kRegex && !case_keys.insert(key).second)
          plain_error("duplicate case values in switch body: " + key);
        c->kids.push_back(value);
      } else {
        syntax_error();
      }
      expect(Tok::kColon);
      Node* body = make(NodeKind::kBlock);
      for (;;) {
        skip_terminators();
        if (at(Tok::kCase) || at(Tok::kDefault) || at(Tok::kRBrace)) break;
        if (at(Tok::kEof)) syntax_error();
        body->kids.push_back(parse_statement());
      }
      c->kids.push_back(body);
      n->kids.push_back(c);
    }
    --switch_depth_;
    return n;
  }

  Node* parse_loop_body() {
    ++loop_depth_;
    Node* body = parse_statement();
    --loop_depth_;
    return body;
  }

  Node* parse_simple_statement() {
    switch (tok_.kind) {
      case Tok::kPrint:
      case Tok::kPrintf:
        return parse_print();
      case Tok::kNext:
      case Tok::kNextFile: {
        const char* word = at(Tok::kNext) ? "next" : "nextfile";
        if (!in_function_ &&
            (rule_kind_ == PatternKind::kBegin || rule_kind_ == PatternKind::kEnd)) {
          plain_error(std::string("`") + word + "' used in " +
                      (rule_kind_ == PatternKind::kBegin ? "BEGIN" : "END") + " action");
        }
        Node* n = make(at(Tok::kNext) ? NodeKind::kNext : NodeKind::kNextFile);
        advance();
        return n;
      }
      case Tok::kBreak:
      case Tok::kContinue: {
        const char* word = at(Tok::kBreak) ? "break" : "continue";
        if (loop_depth_ == 0 && !(at(Tok::kBreak) && switch_depth_ > 0)) {
          // gawk reports this one twice.
          std::string msg = progname_ + ": " + src_->name + ":" + std::to_string(tok_.line) +
                            ": error: `" + word + "' is not allowed outside a loop" +
                            (at(Tok::kBreak) ? " or switch" : "") + "\n";
          throw ParseError{msg + msg};
        }
        Node* n = make(at(Tok::kBreak) ? NodeKind::kBreak : NodeKind::kContinue);
        advance();
        return n;
      }
      case Tok::kExit:
      case Tok::kReturn: {
        if (at(Tok::kReturn) && !in_function_)
          error_at(tok_, "`return' used outside function context");
        Node* n = make(at(Tok::kExit) ? NodeKind::kExit : NodeKind::kReturn);
        advance();
        n->kids.push_back(ends_statement() ? nullptr : parse_expr());
        return n;
      }
      case Tok::kDelete: {
        advance();
        Node* n = make(NodeKind::kDelete);
        bool paren = accept(Tok::kLParen);
        if (!at(Tok::kName)) syntax_error();
        n->kids.push_back(variable(tok_.text));
        advance();
        if (accept(Tok::kLBracket)) {
          parse_expr_list(n->kids);
          expect(Tok::kRBracket);
        }
        if (paren) expect(Tok::kRParen);
        return n;
      }
      default: {
        Node* n = make(NodeKind::kExprStmt);
        n->kids.push_back(parse_expr());
        return n;
      }
    }
  }

  bool ends_statement() const {
    return at(Tok::kSemicolon) || at(Tok::kNewline) || at(Tok::kRBrace) || at(Tok::kEof);
  }

  Node* parse_print() {
    Node* n = make(at(Tok::kPrint) ? NodeKind::kPrint : NodeKind::kPrintf);
    advance();
    Node* args = make(NodeKind::kGroup);
    bool saved_no_gt = no_gt_;
    no_gt_ = true;
    if (!ends_statement() && !at(Tok::kGt) && !at(Tok::kAppend) && !at(Tok::kPipe) &&
        !at(Tok::kPipeAmp)) {
      parse_expr_list(args->kids);
      if (args->kids.size() == 1 && args->kids[0]->kind == NodeKind::kGroup) args = args->kids[0];
    }
    no_gt_ = saved_no_gt;
    if (n->kind == NodeKind::kPrintf && args->kids.empty()) syntax_error();
    n->kids.push_back(args);
    if (at(Tok::kGt) || at(Tok::kAppend) || at(Tok::kPipe) || at(Tok::kPipeAmp)) {
      n->op = at(Tok::kGt) ? '>' : at(Tok::kAppend) ? 'a' : at(Tok::kPipe) ? '|' : '&';
      advance();
      bool saved = no_gt_;
      no_gt_ = true;
      n->kids.push_back(parse_concat());
      no_gt_ = saved;
    } else {
      n->kids.push_back(nullptr);
    }
    return n;
  }

  void parse_expr_list(std::vector<Node*>& out) {
    out.push_back(parse_expr());
    while (accept(Tok::kComma)) {
      opt_newlines();
      out.push_back(parse_expr());
    }
  }

  // ---- expressions
  static bool is_lvalue(const Node* n) {
    return n->kind == NodeKind::kGlobal || n->kind == NodeKind::kLocal ||
           n->kind == NodeKind::kField || n->kind == NodeKind::kIndex;
  }

  Node* parse_expr() {
    DepthGuard guard(*this);
    Node* lhs = parse_ternary();
    char op = 0;
    switch (tok_.kind) {
      case Tok::kAssign:
        op = '=';
        break;
      case Tok::kAddAssign:
        op = '+';
        break;
      case Tok::kSubAssign:
        op = '-';
        break;
      case Tok::kMulAssign:
        op = '*';
        break;
      case Tok::kDivAssign:
        op = '/';
        break;
      case Tok::kModAssign:
        op = '%';
        break;
      case Tok::kPowAssign:
        op = '^';
        break;
      default:
        return lhs;
    }
    if (!is_lvalue(lhs)) {
      // `a /= 2` after a non-lvalue is a regex: not valid here either.
      syntax_error();
    }
    advance();
    opt_newlines();
    Node* n = make(NodeKind::kAssign);
    n->op = op;
    n->kids = {lhs, parse_expr()};
    return n;
  }

  Node* parse_ternary() {
    Node* c = parse_or();
    if (!at(Tok::kQuestion)) return c;
    advance();
    opt_newlines();
    Node* n = make(NodeKind::kCond);
    Node* a = parse_expr();
    opt_newlines();
    expect(Tok::kColon);
    opt_newlines();
    Node* b = parse_expr();
    n->kids = {c, a, b};
    return n;
  }

  Node* parse_or() {
    Node* l = parse_and();
    while (at(Tok::kOr)) {
      advance();
      opt_newlines();
      Node* n = make(NodeKind::kOr);
      n->kids = {l, parse_and()};
      l = n;
    }
    return l;
  }

  Node* parse_and() {
    Node* l = parse_in();
    while (at(Tok::kAnd)) {
      advance();
      opt_newlines();
      Node* n = make(NodeKind::kAnd);
      n->kids = {l, parse_in()};
      l = n;
    }
    return l;
  }

  Node* parse_in() {
    Node* l = parse_match();
    while (at(Tok::kIn)) {
      advance();
      if (!at(Tok::kName)) syntax_error();
      Node* n = make(NodeKind::kIn);
      if (l->kind == NodeKind::kGroup) {
        n->kids = l->kids;
      } else {
        n->kids.push_back(l);
      }
      n->kids.push_back(variable(tok_.text));
      advance();
      l = n;
    }
    return l;
  }

  Node* parse_match() {
    Node* l = parse_relational();
    while (at(Tok::kTilde) || at(Tok::kNoMatch)) {
      Node* n = make(NodeKind::kMatch);
      n->op = at(Tok::kTilde) ? '~' : '!';
      advance();
      n->kids = {l, parse_relational()};
      l = n;
    }
    return l;
  }

  Node* parse_relational() {
    Node* l = parse_concat();
    char op = 0;
    switch (tok_.kind) {
      case Tok::kLt:
        op = '<';
        break;
      case Tok::kLe:
        op = 'l';
        break;
      case Tok::kGt:
        op = no_gt_ ? 0 : '>';
        break;
      case Tok::kGe:
        op = 'g';
        break;
      case Tok::kEq:
        op = '=';
        break;
      case Tok::kNe:
        op = '!';
        break;
      default:
        break;
    }
    if (op == 0) return l;
    advance();
    Node* n = make(NodeKind::kCompare);
    n->op = op;
    n->kids = {l, parse_concat()};
    return n;
  }

  bool starts_concat_operand() {
    switch (tok_.kind) {
      case Tok::kNumber:
      case Tok::kString:
      case Tok::kName:
      case Tok::kFuncName:
      case Tok::kBuiltin:
      case Tok::kDollar:
      case Tok::kNot:
      case Tok::kLParen:
      case Tok::kIncr:
      case Tok::kDecr:
      case Tok::kMinus:
      case Tok::kPlus:
        return true;
      default:  // including `/`: division, not a regex operand
        return false;
    }
  }

  Node* parse_concat() {
    Node* l = parse_additive();
    for (;;) {
      if ((at(Tok::kPipe) || at(Tok::kPipeAmp)) && peek_kind() == Tok::kGetline) {
        char op = at(Tok::kPipe) ? '|' : '&';  // `cmd |& getline`: gawk's coprocess
        advance();
        advance();
        Node* n = make(NodeKind::kGetline);
        n->op = op;
        n->kids = {optional_getline_target(), l};
        l = n;
        continue;
      }
      if (!starts_concat_operand() || at(Tok::kMinus) || at(Tok::kPlus) || at(Tok::kNot)) break;
      DepthGuard guard(*this);
      Node* n = make(NodeKind::kConcat);
      n->kids = {l, parse_additive()};
      l = n;
    }
    return l;
  }

  Node* parse_additive() {
    Node* l = parse_multiplicative();
    while (at(Tok::kPlus) || at(Tok::kMinus)) {
      Node* n = make(NodeKind::kBinary);
      n->op = at(Tok::kPlus) ? '+' : '-';
      advance();
      n->kids = {l, parse_multiplicative()};
      l = n;
    }
    return l;
  }

  Node* parse_multiplicative() {
    Node* l = parse_unary();
    while (at(Tok::kStar) || at(Tok::kSlash) || at(Tok::kPercent)) {
      Node* n = make(NodeKind::kBinary);
      n->op = at(Tok::kStar) ? '*' : at(Tok::kSlash) ? '/' : '%';
      int line = tok_.line;
      advance();
      n->kids = {l, parse_unary()};
      if (n->op != '*' && n->kids[1]->kind == NodeKind::kNumber && n->kids[1]->num == 0) {
        throw ParseError{progname_ + ": " + src_->name + ":" + std::to_string(line) +
                         ": error: division by zero attempted" + (n->op == '%' ? " in `%'" : "") +
                         "\n"};
      }
      l = n;
    }
    return l;
  }

  Node* parse_unary() {
    DepthGuard guard(*this);
    if (at(Tok::kNot) || at(Tok::kMinus) || at(Tok::kPlus)) {
      NodeKind k = at(Tok::kNot)     ? NodeKind::kNot
                   : at(Tok::kMinus) ? NodeKind::kNeg
                                     : NodeKind::kPlus;
      advance();
      Node* n = make(k);
      n->kids.push_back(parse_unary());
      return n;
    }
    return parse_power();
  }

  Node* parse_power() {
    Node* base = parse_postfix();
    if (!at(Tok::kCaret)) return base;
    advance();
    Node* n = make(NodeKind::kBinary);
    n->op = '^';
    // Right associative, and the exponent may carry a sign: 2^-1.
    Node* exp;
    if (at(Tok::kMinus) || at(Tok::kPlus) || at(Tok::kNot)) {
      exp = parse_unary();
    } else {
      exp = parse_power();
    }
    n->kids = {base, exp};
    return n;
  }

  Node* parse_postfix() {
    Node* p = parse_primary();
    if (is_lvalue(p) && (at(Tok::kIncr) || at(Tok::kDecr))) {
      Node* n = make(NodeKind::kPostIncr);
      n->op = at(Tok::kIncr) ? '+' : '-';
      advance();
      n->kids.push_back(p);
      return n;
    }
    return p;
  }

  Node* optional_getline_target() {
    if (at(Tok::kName) || at(Tok::kDollar)) return parse_lvalue_primary();
    return nullptr;
  }

  Node* parse_lvalue_primary() {
    if (at(Tok::kDollar)) {
      advance();
      Node* n = make(NodeKind::kField);
      n->kids.push_back(parse_dollar_operand());
      return n;
    }
    std::string name = tok_.text;
    advance();
    Node* var = variable(name);
    if (accept(Tok::kLBracket)) {
      Node* n = make(NodeKind::kIndex);
      n->kids.push_back(var);
      parse_expr_list(n->kids);
      expect(Tok::kRBracket);
      return n;
    }
    return var;
  }

  Node* parse_dollar_operand() {
    DepthGuard guard(*this);
    if (at(Tok::kIncr) || at(Tok::kDecr)) return parse_primary();
    if (at(Tok::kMinus) || at(Tok::kNot) || at(Tok::kPlus)) return parse_unary();
    return parse_primary();
  }

  Node* parse_primary() {
    DepthGuard guard(*this);
    Token t = tok_;
    switch (t.kind) {
      case Tok::kNumber: {
        advance();
        Node* n = make(NodeKind::kNumber);
        n->num = t.num;
        return n;
      }
      case Tok::kString: {
        advance();
        Node* n = make(NodeKind::kString);
        n->str = t.text;
        return n;
      }
      case Tok::kSlash:
      case Tok::kDivAssign: {
        Token re = lex_->rescan_regex(t);
        if (re.kind == Tok::kError) {
          Token at_slash = t;
          ++at_slash.pos;
          error_at(at_slash, re.text);
        }
        advance();
        Node* n = make(NodeKind::kRegex);
        n->str = re.text;
        return n;
      }
      case Tok::kLParen: {
        advance();
        bool saved = no_gt_;
        no_gt_ = false;
        Node* g = make(NodeKind::kGroup);
        opt_newlines();
        parse_expr_list(g->kids);
        opt_newlines();
        expect(Tok::kRParen);
        no_gt_ = saved;
        if (g->kids.size() == 1) {
          // Keep a marker so `(x) > y` in print is a comparison: wrap nothing.
          return g->kids[0];
        }
        if (!at(Tok::kIn) && !at(Tok::kNewline) && !at(Tok::kSemicolon) && !at(Tok::kGt) &&
            !at(Tok::kAppend) && !at(Tok::kPipe) && !at(Tok::kPipeAmp) && !at(Tok::kRBrace) &&
            !at(Tok::kEof)) {
          syntax_error();
        }
        return g;
      }
      case Tok::kDollar:
        return parse_lvalue_primary();
      case Tok::kName: {
        return parse_lvalue_primary();
      }
      case Tok::kIncr:
      case Tok::kDecr: {
        advance();
        Node* target = parse_primary();
        if (!is_lvalue(target)) syntax_error();
        Node* n = make(NodeKind::kPreIncr);
        n->op = t.kind == Tok::kIncr ? '+' : '-';
        n->kids.push_back(target);
        return n;
      }
      case Tok::kNot:
      case Tok::kMinus:
      case Tok::kPlus:
        return parse_unary();
      case Tok::kFuncName: {
        advance();
        expect(Tok::kLParen);
        Node* n = make(NodeKind::kCall);
        n->slot = function_index(t.text, t.line);
        n->str = t.text;
        opt_newlines();
        if (!at(Tok::kRParen)) parse_expr_list(n->kids);
        opt_newlines();
        expect(Tok::kRParen);
        return n;
      }
      case Tok::kBuiltin:
        return parse_builtin();
      case Tok::kGetline: {
        advance();
        Node* n = make(NodeKind::kGetline);
        n->kids.push_back(optional_getline_target());
        if (accept(Tok::kLt)) {
          n->op = '<';
          n->kids.push_back(parse_dollar_operand());
        } else {
          n->kids.push_back(nullptr);
        }
        return n;
      }
      default:
        syntax_error();
    }
  }

  Node* parse_builtin() {
    Token t = tok_;
    advance();
    Node* n = make(NodeKind::kBuiltin);
    n->builtin = static_cast<Builtin>(t.builtin);
    n->line = t.line;
    if (accept(Tok::kLParen)) {
      opt_newlines();
      if (!at(Tok::kRParen)) parse_expr_list(n->kids);
      opt_newlines();
      check_builtin_arity(t, n, tok_);
      expect(Tok::kRParen);
    } else if (n->builtin != Builtin::kLength) {
      syntax_error();
    }
    return n;
  }

  void check_builtin_arity(const Token& t, const Node* n, const Token& at_paren) {
    // Accepted argument counts, as gawk checks them.
    struct Arity {
      Builtin id;
      size_t lo, hi;
    };
    static constexpr Arity kArity[] = {
        {Builtin::kLength, 0, 1},  {Builtin::kSubstr, 2, 3},     {Builtin::kIndex, 2, 2},
        {Builtin::kSplit, 2, 4},   {Builtin::kSub, 2, 3},        {Builtin::kGsub, 2, 3},
        {Builtin::kMatch, 2, 3},   {Builtin::kSprintf, 1, 1000}, {Builtin::kTolower, 1, 1},
        {Builtin::kToupper, 1, 1}, {Builtin::kGensub, 3, 4},     {Builtin::kAsort, 1, 3},
        {Builtin::kAsorti, 1, 3},  {Builtin::kStrftime, 0, 3},   {Builtin::kSystime, 0, 0},
        {Builtin::kMktime, 1, 2},  {Builtin::kInt, 1, 1},        {Builtin::kSqrt, 1, 1},
        {Builtin::kExp, 1, 1},     {Builtin::kLog, 1, 1},        {Builtin::kSin, 1, 1},
        {Builtin::kCos, 1, 1},     {Builtin::kAtan2, 2, 2},      {Builtin::kRand, 0, 0},
        {Builtin::kSrand, 0, 1},   {Builtin::kClose, 1, 2},      {Builtin::kFflush, 0, 1},
        {Builtin::kSystem, 1, 1},
    };
    size_t lo = 0, hi = 0;
    for (const Arity& a : kArity)
      if (a.id == n->builtin) lo = a.lo, hi = a.hi;
    if (n->kids.size() < lo || n->kids.size() > hi) {
      error_at(at_paren,
               std::to_string(n->kids.size()) + " is invalid as number of arguments for " + t.text);
    }
  }

  Program& prog_;
  std::string progname_;
  const Source* src_ = nullptr;
  Lexer* lex_ = nullptr;
  Token tok_;
  std::map<std::string, int> globals_;
  std::map<std::string, int> functions_;
  std::map<std::string, int> locals_;
  bool no_gt_ = false;
  int depth_ = 0;
  bool in_function_ = false;
  int loop_depth_ = 0;
  int switch_depth_ = 0;  // `break' is also allowed inside a switch
  PatternKind rule_kind_ = PatternKind::kMain;

  // "NAME: FILE:LINE: error: MESSAGE" without the source excerpt (status 1).
  [[noreturn]] void plain_error(const std::string& what) {
    throw ParseError{progname_ + ": " + src_->name + ":" + std::to_string(tok_.line) +
                     ": error: " + what + "\n"};
  }
  int source_index_ = 0;

 public:
  const Source* first_source_ = nullptr;
};

}  // namespace

std::unique_ptr<Program> parse_program(const std::vector<Source>& sources,
                                       const std::string& progname) {
  auto prog = std::make_unique<Program>();
  Parser parser(*prog, progname);
  parser.first_source_ = sources.data();
  for (const Source& s : sources) parser.parse_source(s);
  parser.finish();
  return prog;
}

}  // namespace kefka::cmd::awk

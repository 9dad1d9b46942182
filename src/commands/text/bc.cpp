// bc: an arbitrary-precision calculator language, GNU bc 1.07 behaviour for
// the POSIX language (numbers, scale/ibase/obase/last, variables, arrays,
// if/while/for/break/continue, functions with auto variables and dynamic
// scope, print, strings, quit/halt) with -l's math library. Each top-level
// statement runs as soon as it is parsed, like GNU bc. Loops honour the budget.
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>

#include "commands/common/escape.h"
#include "commands/common/util.h"
#include "commands/options.h"
#include "commands/text/bc_number.h"

namespace kefka::cmd {

// Prints "FILE LINE: message" for a syntax error (GNU bc's format).
void ctx_err(const std::string& file, const std::string& message);

namespace {

using bc::Number;

constexpr OptionSpec kOptions[] = {
    {'l', "mathlib", ArgKind::None, "", "use the predefined math routines"},
    {'q', "quiet", ArgKind::None, "", "don't print initial banner"},
    {'s', "standard", ArgKind::None, "", "non-standard bc constructs are errors"},
    {'w', "warn", ArgKind::None, "", "warn about non-standard bc constructs"},
};

// The -l library, written in bc (series with range reduction).
constexpr std::string_view kMathLib = R"(
define e(x) {
  auto s, r, t, i, n, m
  s = scale
  scale = s + 10
  m = 0
  if (x < 0) { m = 1; x = -x }
  n = 0
  while (x > 1) { x = x / 2; n = n + 1 }
  r = 1; t = 1
  for (i = 1; t != 0; i++) { t = t * x / i; r = r + t }
  while (n > 0) { r = r * r; n = n - 1 }
  if (m) r = 1 / r
  scale = s
  return (r / 1)
}
define l(x) {
  auto s, r, t, i, n, y, z
  if (x <= 0) return ((1 - 10 ^ scale) / 1)
  s = scale
  scale = s + 10
  n = 0
  while (x >= 2) { x = sqrt(x); n = n + 1 }
  while (x <= .5) { x = sqrt(x); n = n + 1 }
  y = (x - 1) / (x + 1)
  z = y * y
  r = y; t = y
  for (i = 3; t != 0; i = i + 2) { t = t * z; r = r + t / i }
  r = 2 * r * 2 ^ n
  scale = s
  return (r / 1)
}
define s(x) {
  auto s, r, t, i, m, k
  if (x < 0) return (-s(-x))
  s = scale
  scale = s + 10
  m = 4 * a(1)
  scale = 0
  k = x / (2 * m)
  scale = s + 10
  x = x - 2 * m * k
  r = x; t = x
  for (i = 3; t != 0; i = i + 2) { t = -t * x * x / ((i - 1) * i); r = r + t }
  scale = s
  return (r / 1)
}
define c(x) {
  auto s, r
  s = scale
  scale = s + 10
  r = s(x + 2 * a(1))
  scale = s
  return (r / 1)
}
define a(x) {
  auto s, r, t, i, n, m
  s = scale
  scale = s + 10
  m = 0
  if (x < 0) { m = 1; x = -x }
  n = 0
  while (x > .2) { x = x / (1 + sqrt(1 + x * x)); n = n + 1 }
  r = x; t = x
  for (i = 3; t != 0; i = i + 2) { t = -t * x * x; r = r + t / i }
  r = r * 2 ^ n
  if (m) r = -r
  scale = s
  return (r / 1)
}
define j(n, x) {
  auto s, r, t, i, f
  s = scale
  scale = s + 10
  n = n / 1
  if (n < 0) { n = -n; if (n % 2 == 1) f = 1 }
  t = 1
  for (i = 1; i <= n; i++) t = t * x / (2 * i)
  r = t
  for (i = 1; t != 0; i++) { t = -t * x * x / (4 * i * (n + i)); r = r + t }
  if (f) r = -r
  scale = s
  return (r / 1)
}
)";

struct SyntaxError {
  std::string message;
};
struct RuntimeError {
  std::string message;
};
struct QuitSignal {};
struct HaltSignal {};
struct BreakSignal {};
struct ContinueSignal {};
struct ReturnSignal {
  Number value;
};

struct Node;
using NodePtr = std::shared_ptr<Node>;

struct Node {
  enum Kind {
    kNumber,
    kVar,
    kArrayElem,
    kCall,
    kUnary,
    kBinary,
    kAssign,
    kIncDec,
    kNot,
    kAnd,
    kOr,
    kRel,
    kLength,
    kScale,
    kSqrt,
    // statements
    kExpr,
    kString,
    kPrint,
    kBlock,
    kIf,
    kWhile,
    kFor,
    kBreak,
    kContinue,
    kHalt,
    kReturn,
    kEmpty
  } kind;
  std::string text;  // number literal, name, operator, string
  NodePtr a, b, c, d;
  std::vector<NodePtr> list;
  bool prefix = false;
};

struct Function {
  std::vector<std::pair<std::string, bool>> params;  // name, is_array
  std::vector<std::pair<std::string, bool>> autos;
  NodePtr body;
  bool defined = false;
};

class Lexer {
 public:
  explicit Lexer(std::string text) : s_(std::move(text)) {}
  struct Token {
    enum Type { kEnd, kNewline, kNumber, kName, kString, kOp } type;
    std::string text;
    int line;
  };
  Token next() {
    for (;;) {
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
      if (pos_ + 1 < s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == '\n') {
        pos_ += 2;
        ++line_;
        continue;
      }
      if (pos_ + 1 < s_.size() && s_[pos_] == '/' && s_[pos_ + 1] == '*') {
        size_t end = s_.find("*/", pos_ + 2);
        for (size_t k = pos_; k < std::min(end, s_.size()); ++k) line_ += s_[k] == '\n';
        pos_ = end == std::string::npos ? s_.size() : end + 2;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      break;
    }
    if (pos_ >= s_.size()) return {Token::kEnd, "", line_};
    char c = s_[pos_];
    if (c == '\n') {
      ++pos_;
      return {Token::kNewline, "\n", line_++};
    }
    if (c == ';') {
      ++pos_;
      return {Token::kNewline, ";", line_};
    }
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || c == '.') {
      std::string num;
      bool dot = false;
      while (pos_ < s_.size()) {
        char d = s_[pos_];
        if (d == '\\' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
          pos_ += 2;
          ++line_;
          continue;
        }
        if ((d >= '0' && d <= '9') || (d >= 'A' && d <= 'F')) {
          num += d;
        } else if (d == '.' && !dot) {
          dot = true;
          num += d;
        } else {
          break;
        }
        ++pos_;
      }
      if (num == ".") return {Token::kName, "last", line_};
      return {Token::kNumber, num, line_};
    }
    if ((c >= 'a' && c <= 'z') || c == '_') {
      std::string name;
      while (pos_ < s_.size() && ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || s_[pos_] == '_' ||
                                  (s_[pos_] >= '0' && s_[pos_] <= '9'))) {
        name += s_[pos_++];
      }
      return {Token::kName, name, line_};
    }
    if (c == '"') {
      size_t end = s_.find('"', pos_ + 1);
      if (end == std::string::npos) throw SyntaxError{"unterminated string"};
      std::string str = s_.substr(pos_ + 1, end - pos_ - 1);
      for (char ch : str) line_ += ch == '\n';
      pos_ = end + 1;
      return {Token::kString, str, line_};
    }
    static constexpr const char* kOps[] = {
        "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", "==", "!=", "<=", ">=", "&&", "||"};
    for (const char* op : kOps) {
      if (s_.compare(pos_, 2, op) == 0) {
        pos_ += 2;
        return {Token::kOp, op, line_};
      }
    }
    ++pos_;
    return {Token::kOp, std::string(1, c), line_};
  }
  int line() const { return line_; }

 private:
  std::string s_;
  size_t pos_ = 0;
  int line_ = 1;
};

class Interp;

class Parser {
 public:
  Parser(Lexer& lex, Interp& interp) : lex_(lex), interp_(interp) { advance(); }
  // Parses and runs top-level items until the end.
  void run_all(const std::string& file_name);

 private:
  using Token = Lexer::Token;
  void advance() { tok_ = lex_.next(); }
  bool is_op(const char* op) const { return tok_.type == Token::kOp && tok_.text == op; }
  bool is_name(const char* n) const { return tok_.type == Token::kName && tok_.text == n; }
  void expect_op(const char* op) {
    if (!is_op(op)) throw SyntaxError{"syntax error"};
    advance();
  }
  void skip_newlines() {
    while (tok_.type == Token::kNewline) advance();
  }

  NodePtr make(Node::Kind k, std::string text = {}) {
    auto n = std::make_shared<Node>();
    n->kind = k;
    n->text = std::move(text);
    return n;
  }

  NodePtr statement();
  NodePtr expression();
  // One left-associative level: `next (OP next)*` for any OP in `ops`, each
  // making a node of `kind` that keeps its operator text.
  NodePtr left_assoc(std::initializer_list<const char*> ops, Node::Kind kind,
                     NodePtr (Parser::*next)());
  NodePtr or_expr();
  NodePtr and_expr();
  NodePtr not_expr();
  NodePtr rel_expr();
  NodePtr assign_expr();
  NodePtr additive();
  NodePtr multiplicative();
  NodePtr power_expr();
  NodePtr unary();
  NodePtr postfix();
  NodePtr primary();
  void define();

  Lexer& lex_;
  Interp& interp_;
  Token tok_;
};

class Interp {
 public:
  Interp(Context& ctx) : ctx_(ctx) {
    std::string_view ll = ctx.getenv("BC_LINE_LENGTH", "70");
    line_length_ = std::atoi(std::string(ll).c_str());
    if (line_length_ == 1 || line_length_ < 0) line_length_ = 70;
  }

  Number eval(const NodePtr& n);
  void exec(const NodePtr& n);
  void exec_top(const NodePtr& n) {
    try {
      exec(n);
    } catch (const RuntimeError& e) {
      ctx_.err() << "Runtime error (func=" << (call_depth_ ? "?" : "(main)")
                 << ", adr=0): " << e.message << "\n";
      call_depth_ = 0;
    } catch (const BreakSignal&) {
    } catch (const ContinueSignal&) {
    } catch (const ReturnSignal&) {
    }
  }
  std::map<std::string, Function> functions;
  int scale = 0, ibase = 10, obase = 10;
  int status_ = 0;

  void print_text(std::string_view text, bool split) {
    for (char c : text) {
      // GNU bc's out_char: a line holds line_length - 2 characters and a
      // backslash.
      if (c == '\n') {
        col_ = 0;
      } else {
        ++col_;
        if (split && line_length_ > 0 && col_ == line_length_ - 1) {
          ctx_.out() << "\\\n";
          col_ = 1;
        }
      }
      ctx_.out() << c;
    }
  }
  void print_number(const Number& v) { print_text(v.to_string(obase), true); }
  int ibase_value() const { return ibase; }

 private:
  Number& var(const std::string& name) { return vars_[name].back(); }
  std::map<long long, Number>& array(const std::string& name) { return arrays_[name].back(); }
  Number get(const NodePtr& n);
  void set(const NodePtr& n, const Number& v);
  Number call(const NodePtr& n);
  Number special(const std::string& name) const {
    if (name == "scale") return Number::from_int(scale);
    if (name == "ibase") return Number::from_int(ibase);
    if (name == "obase") return Number::from_int(obase);
    return last_;
  }

  Context& ctx_;
  std::map<std::string, std::vector<Number>> vars_;
  std::map<std::string, std::vector<std::map<long long, Number>>> arrays_;
  Number last_;
  int line_length_ = 70;
  int col_ = 0;
  int call_depth_ = 0;
};

// ---------------------------------------------------------------------------
// Parser

void Parser::run_all(const std::string& file_name) {
  for (;;) {
    try {
      skip_newlines();
      if (tok_.type == Token::kEnd) return;
      if (is_name("define")) {
        define();
        continue;
      }
      NodePtr st = statement();
      if (tok_.type != Token::kNewline && tok_.type != Token::kEnd) {
        throw SyntaxError{"syntax error"};
      }
      interp_.exec_top(st);
    } catch (const SyntaxError& e) {
      ctx_err(file_name, e.message);
      // Skip the rest of the line (';' does not end the recovery).
      while (!(tok_.type == Token::kNewline && tok_.text == "\n") && tok_.type != Token::kEnd) {
        advance();
      }
    }
  }
}

NodePtr Parser::statement() {
  if (tok_.type == Token::kString) {
    NodePtr n = make(Node::kString, tok_.text);
    advance();
    return n;
  }
  if (is_op("{")) {
    advance();
    NodePtr block = make(Node::kBlock);
    for (;;) {
      skip_newlines();
      if (is_op("}")) break;
      if (tok_.type == Token::kEnd) throw SyntaxError{"syntax error"};
      block->list.push_back(statement());
      if (!is_op("}") && tok_.type != Token::kNewline) throw SyntaxError{"syntax error"};
    }
    advance();
    return block;
  }
  if (tok_.type == Token::kName) {
    const std::string& w = tok_.text;
    if (w == "quit") throw QuitSignal{};
    if (w == "halt") {
      advance();
      return make(Node::kHalt);
    }
    if (w == "break" || w == "continue") {
      NodePtr n = make(w == "break" ? Node::kBreak : Node::kContinue);
      advance();
      return n;
    }
    if (w == "print") {
      advance();
      NodePtr n = make(Node::kPrint);
      for (;;) {
        if (tok_.type == Token::kString) {
          n->list.push_back(make(Node::kString, tok_.text));
          advance();
        } else {
          n->list.push_back(expression());
        }
        if (!is_op(",")) break;
        advance();
      }
      return n;
    }
    if (w == "return") {
      advance();
      NodePtr n = make(Node::kReturn);
      if (tok_.type != Token::kNewline && tok_.type != Token::kEnd && !is_op("}")) {
        n->a = expression();
      }
      return n;
    }
    if (w == "if") {
      advance();
      expect_op("(");
      NodePtr n = make(Node::kIf);
      n->a = expression();
      expect_op(")");
      skip_newlines();
      n->b = statement();
      // "else" may follow on the next line.
      if (is_name("else")) {
        advance();
        skip_newlines();
        n->c = statement();
      }
      return n;
    }
    if (w == "while") {
      advance();
      expect_op("(");
      NodePtr n = make(Node::kWhile);
      n->a = expression();
      expect_op(")");
      skip_newlines();
      n->b = statement();
      return n;
    }
    if (w == "for") {
      advance();
      expect_op("(");
      NodePtr n = make(Node::kFor);
      if (!is_op(";") && !(tok_.type == Token::kNewline && tok_.text == ";")) n->a = expression();
      if (!(tok_.type == Token::kNewline && tok_.text == ";")) throw SyntaxError{"syntax error"};
      advance();
      if (!(tok_.type == Token::kNewline && tok_.text == ";")) n->b = expression();
      if (!(tok_.type == Token::kNewline && tok_.text == ";")) throw SyntaxError{"syntax error"};
      advance();
      if (!is_op(")")) n->c = expression();
      expect_op(")");
      skip_newlines();
      n->d = statement();
      return n;
    }
  }
  if (tok_.type == Token::kNewline || tok_.type == Token::kEnd || is_op("}")) {
    return make(Node::kEmpty);
  }
  NodePtr n = make(Node::kExpr);
  n->a = expression();
  return n;
}

NodePtr Parser::expression() {
  return or_expr();
}

NodePtr Parser::left_assoc(std::initializer_list<const char*> ops, Node::Kind kind,
                           NodePtr (Parser::*next)()) {
  NodePtr l = (this->*next)();
  auto at_op = [&] {
    for (const char* op : ops) {
      if (is_op(op)) return true;
    }
    return false;
  };
  while (at_op()) {
    NodePtr n = make(kind, tok_.text);
    advance();
    n->a = l;
    n->b = (this->*next)();
    l = n;
  }
  return l;
}

NodePtr Parser::or_expr() {
  return left_assoc({"||"}, Node::kOr, &Parser::and_expr);
}

NodePtr Parser::and_expr() {
  return left_assoc({"&&"}, Node::kAnd, &Parser::not_expr);
}

NodePtr Parser::not_expr() {
  if (is_op("!")) {
    advance();
    NodePtr n = make(Node::kNot);
    n->a = not_expr();
    return n;
  }
  return rel_expr();
}

NodePtr Parser::rel_expr() {
  NodePtr l = assign_expr();
  for (const char* op : {"==", "!=", "<=", ">=", "<", ">"}) {
    if (is_op(op)) {
      advance();
      NodePtr n = make(Node::kRel, op);
      n->a = l;
      n->b = assign_expr();
      return n;
    }
  }
  return l;
}

NodePtr Parser::assign_expr() {
  NodePtr l = additive();
  for (const char* op : {"=", "+=", "-=", "*=", "/=", "%=", "^="}) {
    if (is_op(op)) {
      if (l->kind != Node::kVar && l->kind != Node::kArrayElem) throw SyntaxError{"syntax error"};
      advance();
      NodePtr n = make(Node::kAssign, op);
      n->a = l;
      n->b = assign_expr();
      return n;
    }
  }
  return l;
}

NodePtr Parser::additive() {
  return left_assoc({"+", "-"}, Node::kBinary, &Parser::multiplicative);
}

NodePtr Parser::multiplicative() {
  return left_assoc({"*", "/", "%"}, Node::kBinary, &Parser::power_expr);
}

NodePtr Parser::power_expr() {
  NodePtr l = unary();
  if (is_op("^")) {
    advance();
    NodePtr n = make(Node::kBinary, "^");
    n->a = l;
    n->b = power_expr();
    return n;
  }
  return l;
}

NodePtr Parser::unary() {
  if (is_op("-")) {
    advance();
    NodePtr n = make(Node::kUnary, "-");
    n->a = unary();
    return n;
  }
  return postfix();
}

NodePtr Parser::postfix() {
  if (is_op("++") || is_op("--")) {
    NodePtr n = make(Node::kIncDec, tok_.text);
    n->prefix = true;
    advance();
    n->a = primary();
    if (n->a->kind != Node::kVar && n->a->kind != Node::kArrayElem)
      throw SyntaxError{"syntax error"};
    return n;
  }
  NodePtr p = primary();
  if ((is_op("++") || is_op("--")) && (p->kind == Node::kVar || p->kind == Node::kArrayElem)) {
    NodePtr n = make(Node::kIncDec, tok_.text);
    advance();
    n->a = p;
    return n;
  }
  return p;
}

NodePtr Parser::primary() {
  if (tok_.type == Token::kNumber) {
    NodePtr n = make(Node::kNumber, tok_.text);
    advance();
    return n;
  }
  if (is_op("(")) {
    advance();
    NodePtr e = expression();
    expect_op(")");
    return e;
  }
  if (tok_.type == Token::kName) {
    std::string name = tok_.text;
    static constexpr const char* kKeywords[] = {"if",     "else",     "while",  "for",
                                                "break",  "continue", "define", "auto",
                                                "return", "quit",     "halt",   "print"};
    for (const char* k : kKeywords) {
      if (name == k) throw SyntaxError{"syntax error"};
    }
    advance();
    if (name == "length" || name == "scale" || name == "sqrt") {
      if (is_op("(")) {
        advance();
        NodePtr n = make(name == "length"  ? Node::kLength
                         : name == "scale" ? Node::kScale
                                           : Node::kSqrt);
        n->a = expression();
        expect_op(")");
        return n;
      }
    }
    if (is_op("(")) {
      advance();
      NodePtr n = make(Node::kCall, name);
      if (!is_op(")")) {
        for (;;) {
          // An array argument: name[]
          if (tok_.type == Token::kName) {
            Lexer::Token save = tok_;
            NodePtr arg = expression();
            if (is_op("[")) {
              advance();
              expect_op("]");
              arg = make(Node::kVar, save.text + "[]");
            }
            n->list.push_back(arg);
          } else {
            n->list.push_back(expression());
          }
          if (!is_op(",")) break;
          advance();
        }
      }
      expect_op(")");
      return n;
    }
    if (is_op("[")) {
      advance();
      if (is_op("]")) {
        advance();
        return make(Node::kVar, name + "[]");
      }
      NodePtr n = make(Node::kArrayElem, name);
      n->a = expression();
      expect_op("]");
      return n;
    }
    return make(Node::kVar, name);
  }
  throw SyntaxError{"syntax error"};
}

void Parser::define() {
  advance();
  if (tok_.type != Token::kName) throw SyntaxError{"syntax error"};
  std::string name = tok_.text;
  advance();
  expect_op("(");
  Function f;
  auto read_names = [&](std::vector<std::pair<std::string, bool>>& out) {
    for (;;) {
      if (tok_.type != Token::kName) throw SyntaxError{"syntax error"};
      std::string n = tok_.text;
      advance();
      bool arr = false;
      if (is_op("[")) {
        advance();
        expect_op("]");
        arr = true;
      }
      out.emplace_back(n, arr);
      if (!is_op(",")) break;
      advance();
    }
  };
  if (!is_op(")")) read_names(f.params);
  expect_op(")");
  skip_newlines();
  if (!is_op("{")) throw SyntaxError{"syntax error"};
  advance();
  NodePtr body = make(Node::kBlock);
  skip_newlines();
  if (is_name("auto")) {
    advance();
    read_names(f.autos);
  }
  for (;;) {
    skip_newlines();
    if (is_op("}")) break;
    if (tok_.type == Token::kEnd) throw SyntaxError{"syntax error"};
    body->list.push_back(statement());
    if (!is_op("}") && tok_.type != Token::kNewline) throw SyntaxError{"syntax error"};
  }
  advance();
  f.body = body;
  f.defined = true;
  interp_.functions[name] = f;
}

// ---------------------------------------------------------------------------
// Evaluation

Number Interp::get(const NodePtr& n) {
  if (n->kind == Node::kVar) {
    const std::string& name = n->text;
    if (name == "scale" || name == "ibase" || name == "obase" || name == "last") {
      return special(name);
    }
    auto it = vars_.find(name);
    if (it == vars_.end() || it->second.empty()) return Number();
    return it->second.back();
  }
  long long idx = eval(n->a).to_int();
  if (idx < 0 || idx > 16777215)
    throw RuntimeError{"Array " + n->text + " subscript out of bounds."};
  auto it = arrays_.find(n->text);
  if (it == arrays_.end() || it->second.empty()) return Number();
  auto e = it->second.back().find(idx);
  return e == it->second.back().end() ? Number() : e->second;
}

void Interp::set(const NodePtr& n, const Number& v) {
  if (n->kind == Node::kVar) {
    const std::string& name = n->text;
    if (name == "scale") {
      long long s = v.to_int();
      if (s < 0 || s > 2147483647) throw RuntimeError{"Scale too big"};
      scale = static_cast<int>(s);
    } else if (name == "ibase") {
      long long b = v.to_int();
      ibase = static_cast<int>(b < 2 ? 2 : b > 16 ? 16 : b);
    } else if (name == "obase") {
      long long b = v.to_int();
      if (b < 2) throw RuntimeError{"output base too small"};
      obase = static_cast<int>(std::min<long long>(b, 999));
    } else if (name == "last") {
      last_ = v;
    } else {
      auto& stack = vars_[name];
      if (stack.empty()) stack.emplace_back();
      stack.back() = v;
    }
    return;
  }
  long long idx = eval(n->a).to_int();
  if (idx < 0 || idx > 16777215)
    throw RuntimeError{"Array " + n->text + " subscript out of bounds."};
  auto& stack = arrays_[n->text];
  if (stack.empty()) stack.emplace_back();
  stack.back()[idx] = v;
}

Number Interp::call(const NodePtr& n) {
  auto it = functions.find(n->text);
  if (it == functions.end()) throw RuntimeError{"Function " + n->text + " not defined."};
  Function f = it->second;
  if (f.params.size() != n->list.size()) throw RuntimeError{"Parameter number mismatch"};
  if (++call_depth_ > 1000) {
    --call_depth_;
    throw RuntimeError{"function call nesting too deep"};
  }
  // Evaluate arguments before any new scope is visible.
  std::vector<Number> values(f.params.size());
  std::vector<std::map<long long, Number>> arrays(f.params.size());
  for (size_t i = 0; i < f.params.size(); ++i) {
    if (f.params[i].second) {
      const NodePtr& arg = n->list[i];
      if (arg->kind != Node::kVar || arg->text.size() < 2 ||
          arg->text.compare(arg->text.size() - 2, 2, "[]") != 0) {
        --call_depth_;
        throw RuntimeError{"Parameter type mismatch"};
      }
      std::string an = arg->text.substr(0, arg->text.size() - 2);
      auto a = arrays_.find(an);
      if (a != arrays_.end() && !a->second.empty()) arrays[i] = a->second.back();
    } else {
      values[i] = eval(n->list[i]);
    }
  }
  auto push = [&](const std::pair<std::string, bool>& p) {
    if (p.second) {
      arrays_[p.first].emplace_back();
    } else {
      vars_[p.first].emplace_back();
    }
  };
  for (size_t i = 0; i < f.params.size(); ++i) {
    push(f.params[i]);
    if (f.params[i].second) {
      arrays_[f.params[i].first].back() = arrays[i];
    } else {
      vars_[f.params[i].first].back() = values[i];
    }
  }
  for (const auto& a : f.autos) push(a);
  Number result;
  auto pop_all = [&] {
    for (const auto& a : f.autos) {
      if (a.second) {
        arrays_[a.first].pop_back();
      } else {
        vars_[a.first].pop_back();
      }
    }
    for (const auto& p : f.params) {
      if (p.second) {
        arrays_[p.first].pop_back();
      } else {
        vars_[p.first].pop_back();
      }
    }
    --call_depth_;
  };
  try {
    exec(f.body);
  } catch (const ReturnSignal& r) {
    result = r.value;
  } catch (...) {
    pop_all();
    throw;
  }
  pop_all();
  return result;
}

Number Interp::eval(const NodePtr& n) {
  ctx_.budget.check();
  switch (n->kind) {
    case Node::kNumber:
      return Number::parse(n->text, n->text.size() == 1 ? 16 : ibase);
    case Node::kVar:
    case Node::kArrayElem:
      return get(n);
    case Node::kCall:
      return call(n);
    case Node::kUnary:
      return -eval(n->a);
    case Node::kNot:
      return Number::from_int(eval(n->a).is_zero() ? 1 : 0);
    case Node::kAnd:
      return Number::from_int(!eval(n->a).is_zero() && !eval(n->b).is_zero() ? 1 : 0);
    case Node::kOr:
      return Number::from_int(!eval(n->a).is_zero() || !eval(n->b).is_zero() ? 1 : 0);
    case Node::kRel: {
      int c = eval(n->a).compare(eval(n->b));
      const std::string& op = n->text;
      bool r = op == "=="   ? c == 0
               : op == "!=" ? c != 0
               : op == "<"  ? c < 0
               : op == "<=" ? c <= 0
               : op == ">"  ? c > 0
                            : c >= 0;
      return Number::from_int(r ? 1 : 0);
    }
    case Node::kLength:
      return Number::from_int(eval(n->a).length());
    case Node::kScale:
      return Number::from_int(eval(n->a).scale());
    case Node::kSqrt: {
      Number r;
      if (!bc::sqrt(eval(n->a), scale, &r)) throw RuntimeError{"Square root of a negative number"};
      return r;
    }
    case Node::kBinary: {
      Number a = eval(n->a), b = eval(n->b), r;
      char op = n->text[0];
      switch (op) {
        case '+':
          return add(a, b);
        case '-':
          return sub(a, b);
        case '*':
          return mul(a, b, scale);
        case '/':
          if (!div(a, b, scale, &r)) throw RuntimeError{"Divide by zero"};
          return r;
        case '%':
          if (!mod(a, b, scale, &r)) throw RuntimeError{"Modulo by zero"};
          return r;
        default:
          if (b.scale() > 0 && !b.truncated(0).compare(b) == 0) {
          }
          if (!power(a, b, scale, &r)) throw RuntimeError{"divide by zero"};
          return r;
      }
    }
    case Node::kAssign: {
      Number v = eval(n->b);
      if (n->text != "=") {
        Number old = get(n->a), r;
        switch (n->text[0]) {
          case '+':
            v = add(old, v);
            break;
          case '-':
            v = sub(old, v);
            break;
          case '*':
            v = mul(old, v, scale);
            break;
          case '/':
            if (!div(old, v, scale, &r)) throw RuntimeError{"Divide by zero"};
            v = r;
            break;
          case '%':
            if (!mod(old, v, scale, &r)) throw RuntimeError{"Modulo by zero"};
            v = r;
            break;
          default:
            if (!power(old, v, scale, &r)) throw RuntimeError{"divide by zero"};
            v = r;
        }
      }
      set(n->a, v);
      return get(n->a);
    }
    case Node::kIncDec: {
      Number old = get(n->a);
      Number v = n->text == "++" ? add(old, Number::from_int(1)) : sub(old, Number::from_int(1));
      set(n->a, v);
      return n->prefix ? get(n->a) : old;
    }
    default:
      throw RuntimeError{"bad expression"};
  }
}

void Interp::exec(const NodePtr& n) {
  ctx_.budget.check();
  switch (n->kind) {
    case Node::kEmpty:
      return;
    case Node::kExpr: {
      Number v = eval(n->a);
      if (n->a->kind != Node::kAssign) {
        print_number(v);
        print_text("\n", false);
        last_ = v;
      }
      return;
    }
    case Node::kString: {
      std::string out;
      print_text(n->text, false);
      return;
    }
    case Node::kPrint:
      for (const auto& item : n->list) {
        if (item->kind == Node::kString) {
          std::string t;
          for (size_t i = 0; i < item->text.size(); ++i) {
            char c = item->text[i];
            if (c == '\\' && i + 1 < item->text.size()) {
              char e = item->text[++i];
              // bc's print knows \a \b \f \n \r \t, \q for '"' and \\.
              int v = e == 'v' ? -1 : c_escape_value(e);
              if (v >= 0) {
                t += static_cast<char>(v);
              } else {
                t += e == 'q' ? '"' : e;
              }
            } else {
              t += c;
            }
          }
          print_text(t, false);
        } else {
          Number v = eval(item);
          print_number(v);
          last_ = v;
        }
      }
      return;
    case Node::kBlock:
      for (const auto& s : n->list) exec(s);
      return;
    case Node::kIf:
      if (!eval(n->a).is_zero()) {
        exec(n->b);
      } else if (n->c) {
        exec(n->c);
      }
      return;
    case Node::kWhile:
      while (!eval(n->a).is_zero()) {
        ctx_.budget.check();
        try {
          exec(n->b);
        } catch (const BreakSignal&) {
          break;
        } catch (const ContinueSignal&) {
        }
      }
      return;
    case Node::kFor:
      if (n->a) eval(n->a);
      while (!n->b || !eval(n->b).is_zero()) {
        ctx_.budget.check();
        try {
          exec(n->d);
        } catch (const BreakSignal&) {
          break;
        } catch (const ContinueSignal&) {
        }
        if (n->c) eval(n->c);
      }
      return;
    case Node::kBreak:
      throw BreakSignal{};
    case Node::kContinue:
      throw ContinueSignal{};
    case Node::kHalt:
      throw HaltSignal{};
    case Node::kReturn:
      throw ReturnSignal{n->a ? eval(n->a) : Number()};
    default:
      eval(n);
      return;
  }
}

Context* g_error_ctx = nullptr;  // set while parsing, for syntax error messages
thread_local Lexer* g_lexer = nullptr;

int run(Context& ctx, const Args& args) {
  Interp interp(ctx);
  struct Source {
    std::string name, text;
  };
  std::vector<Source> sources;
  if (args.has('l')) {
    sources.push_back({"(library)", std::string(kMathLib)});
  }
  for (const auto& f : args.operands) {
    auto in = ctx.open_input(f);
    if (!in) {
      ctx.err() << "File " << f << " is unavailable.\n";
      return kExitFailure;
    }
    auto data = read_stream(ctx, **in);
    if (!data) return kExitFailure;
    sources.push_back({f, *data});
  }
  try {
    for (const auto& src : sources) {
      Lexer lex(src.text);
      g_lexer = &lex;
      g_error_ctx = &ctx;
      Parser p(lex, interp);
      p.run_all(src.name);
      if (src.name == "(library)") interp.scale = 20;
    }
    auto data = read_stream(ctx, *ctx.in());
    if (data) {
      Lexer lex(*data);
      g_lexer = &lex;
      g_error_ctx = &ctx;
      Parser p(lex, interp);
      p.run_all("(standard_in)");
    }
  } catch (const QuitSignal&) {
  } catch (const HaltSignal&) {
  }
  g_lexer = nullptr;
  return interp.status_;
}

}  // namespace

void ctx_err(const std::string& file, const std::string& message) {
  if (g_error_ctx == nullptr) return;
  int line = g_lexer != nullptr ? g_lexer->line() : 0;
  g_error_ctx->err() << file << " " << line << ": " << message << "\n";
}

}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(bc, {
                      .name = "bc",
                      .usage = "bc [OPTION]... [FILE]...",
                      .summary = "An arbitrary precision calculator language.",
                      .options = kOptions,
                      .main = run,
                  });

#include "shell/parser.h"

#include <cctype>
#include <cstring>

#include "shell/stack.h"

namespace kefka::shell {

namespace {

constexpr int kMaxDepth = 1000;

bool is_plain(const Token& t) {
  // A word whose text has no quoting or expansion: candidate reserved word.
  return t.kind == Tok::Word && t.raw.find_first_of("'\"\\$`") == std::string::npos;
}

bool is_valid_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

CommandPtr make(int line) {
  auto c = std::make_shared<Command>();
  c->line = line;
  return c;
}

// Rebuilds a plain word from a token that looked like an assignment.
Word word_of(const Token& t) {
  if (!t.is_assign) {
    Word w = t.word;
    w.raw = t.raw;
    return w;
  }
  Word w;
  w.raw = t.raw;
  w.line = t.word.line;
  append_literal(w.parts, t.assign_prefix_raw);
  if (t.assign_array) {
    // Not an assignment position: keep the text (bash would report an error).
    append_literal(w.parts, t.raw.substr(t.assign_prefix_raw.size()));
    return w;
  }
  for (const auto& p : t.word.parts) w.parts.push_back(p);
  return w;
}

Assignment assignment_of(Token& t) {
  Assignment a;
  a.name = t.assign_name;
  a.has_index = t.assign_has_index;
  a.index = std::move(t.assign_index);
  a.append = t.assign_append;
  a.array = t.assign_array;
  a.items = std::move(t.assign_items);
  a.value = std::move(t.word);
  a.raw = t.raw;
  a.line = t.line;
  return a;
}

}  // namespace

std::string unquote_raw(std::string_view raw) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        out.push_back(c);
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < raw.size() && std::strchr("$`\"\\", raw[i + 1])) {
        out.push_back(raw[++i]);
      } else {
        out.push_back(c);
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < raw.size()) {
      out.push_back(raw[++i]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Token& Parser::peek() {
  if (!cached_) cached_ = lex_.next();
  return *cached_;
}

Token Parser::take() {
  Token t = std::move(peek());
  cached_.reset();
  return t;
}

bool Parser::peek_word(std::string_view w) {
  const Token& t = peek();
  return is_plain(t) && t.raw == w && !t.is_assign;
}

void Parser::skip_newlines() {
  while (peek().kind == Tok::Newline) take();
}

namespace {

// Where a word must follow (`for`, `select`, `case`, `function`), bash reads
// the end of input as the newline that ends the line.
void require_word(const Token& tok) {
  if (tok.kind == Tok::Eof) {
    throw SyntaxError(tok.line, "syntax error near unexpected token `newline'");
  }
}

}  // namespace

[[noreturn]] void Parser::unexpected(const Token& tok) {
  if (tok.kind == Tok::Eof) throw SyntaxError(tok.line, "syntax error: unexpected end of file");
  throw SyntaxError(tok.line, "syntax error near unexpected token `" + tok.raw + "'");
}

void Parser::expect_word(std::string_view w) {
  if (!peek_word(w)) unexpected(peek());
  take();
}

bool Parser::at_list_end() {
  const Token& t = peek();
  switch (t.kind) {
    case Tok::Eof:
    case Tok::RParen:
    case Tok::DSemi:
    case Tok::SemiAmp:
    case Tok::DSemiAmp:
      return true;
    case Tok::Word:
      if (!is_plain(t) || t.is_assign) return false;
      for (std::string_view w : {"then", "else", "elif", "fi", "do", "done", "esac", "}"}) {
        if (t.raw == w) return true;
      }
      return false;
    default:
      return false;
  }
}

// program: newline_list? (complete_command newline_list?)*
CommandPtr Parser::parse_all() {
  auto all = make(lex_.line());
  List list;
  while (CommandPtr c = parse_next()) {
    for (auto& item : std::get<List>(c->node).items) list.items.push_back(std::move(item));
  }
  all->node = std::move(list);
  return all;
}

// complete_command: and_or ((';' | '&') and_or)* [';' | '&'] (newline | EOF)
CommandPtr Parser::parse_next() {
  skip_newlines();
  if (peek().kind == Tok::Eof) return nullptr;
  CommandPtr cmd = parse_line_list();
  if (peek().kind == Tok::Newline) {
    take();
  } else if (peek().kind != Tok::Eof) {
    unexpected(peek());
  }
  return cmd;
}

CommandPtr Parser::parse_line_list() {
  auto cmd = make(peek().line);
  List list;
  for (;;) {
    if (at_list_end() && peek().kind != Tok::Eof) unexpected(peek());
    CommandPtr item = parse_and_or();
    bool background = false;
    Tok k = peek().kind;
    if (k == Tok::Semi || k == Tok::Amp) {
      background = k == Tok::Amp;
      take();
      list.items.push_back({item, background});
      if (peek().kind == Tok::Newline || peek().kind == Tok::Eof) break;
      continue;
    }
    list.items.push_back({item, false});
    break;
  }
  cmd->node = std::move(list);
  return cmd;
}

// $( compound_list )
CommandPtr Parser::parse_command_sub() {
  auto cmd = make(peek().line);
  List list;
  skip_newlines();
  while (peek().kind != Tok::RParen) {
    if (peek().kind == Tok::Eof)
      throw SyntaxError(peek().line, "unexpected EOF while looking for matching `)'");
    if (at_list_end()) unexpected(peek());
    CommandPtr item = parse_and_or();
    bool background = false;
    Tok k = peek().kind;
    if (k == Tok::Semi || k == Tok::Amp) {
      background = k == Tok::Amp;
      take();
    } else if (k == Tok::Eof) {
      throw SyntaxError(peek().line, "unexpected EOF while looking for matching `)'");
    } else if (k != Tok::Newline && k != Tok::RParen) {
      unexpected(peek());
    }
    list.items.push_back({item, background});
    skip_newlines();
  }
  // The ")" must not be lexed past: the lexer continues the enclosing word.
  cached_.reset();
  cmd->node = std::move(list);
  return cmd;
}

// compound_list: newline_list? and_or ((';' | '&' | newline_list) and_or)* separator?
CommandPtr Parser::parse_compound_list(bool allow_empty) {
  auto cmd = make(peek().line);
  List list;
  skip_newlines();
  while (!at_list_end()) {
    CommandPtr item = parse_and_or();
    bool background = false;
    Tok k = peek().kind;
    if (k == Tok::Semi || k == Tok::Amp) {
      background = k == Tok::Amp;
      take();
      list.items.push_back({item, background});
      skip_newlines();
      continue;
    }
    list.items.push_back({item, false});
    if (k == Tok::Newline) {
      skip_newlines();
      continue;
    }
    break;
  }
  if (list.items.empty() && !allow_empty) unexpected(peek());
  cmd->node = std::move(list);
  return cmd;
}

// and_or: pipeline (('&&' | '||') newline_list? pipeline)*
CommandPtr Parser::parse_and_or() {
  CommandPtr first = parse_pipeline();
  if (peek().kind != Tok::AndIf && peek().kind != Tok::OrIf) return first;
  auto cmd = make(first->line);
  AndOr ao;
  ao.first = first;
  while (peek().kind == Tok::AndIf || peek().kind == Tok::OrIf) {
    AndOrOp op = take().kind == Tok::AndIf ? AndOrOp::And : AndOrOp::Or;
    skip_newlines();
    ao.rest.emplace_back(op, parse_pipeline());
  }
  cmd->node = std::move(ao);
  return cmd;
}

// pipeline: ['time' ['-p']] ['!'] command (('|' | '|&') newline_list? command)*
CommandPtr Parser::parse_pipeline() {
  int line = peek().line;
  Pipeline p;
  if (peek_word("time")) {
    take();
    p.timed = true;
    if (peek_word("-p")) {
      take();
      p.time_posix = true;
    }
  }
  while (peek_word("!")) {
    take();
    p.negate = !p.negate;
  }
  if (p.timed && (at_list_end() || peek().kind == Tok::Newline || peek().kind == Tok::Semi ||
                  peek().kind == Tok::Amp)) {
    auto cmd = make(line);
    cmd->node = std::move(p);  // `time` alone
    return cmd;
  }
  CommandPtr first = parse_command();
  if (peek().kind != Tok::Pipe && peek().kind != Tok::PipeAmp && !p.negate && !p.timed) {
    return first;
  }
  p.commands.push_back(first);
  while (peek().kind == Tok::Pipe || peek().kind == Tok::PipeAmp) {
    p.stderr_too.push_back(take().kind == Tok::PipeAmp);
    skip_newlines();
    p.commands.push_back(parse_command());
  }
  p.stderr_too.push_back(false);
  auto cmd = make(line);
  cmd->node = std::move(p);
  return cmd;
}

// command: compound_command redirect* | function_def | simple_command
CommandPtr Parser::parse_command() {
  if (++depth_ > kMaxDepth || stack_exhausted(kInnerStackReserve)) {
    --depth_;
    throw SyntaxError(peek().line, "maximum nesting level exceeded");
  }
  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  } guard{depth_};
  Token& t = peek();
  int line = t.line;
  CommandPtr cmd;
  if (t.kind == Tok::DLParen) {
    take();
    std::string raw = lex_.read_arith_raw();
    cmd = make(line);
    cmd->node = ArithCommand{Lexer::parse_string(raw, Mode::Arith, line), raw};
  } else if (t.kind == Tok::LParen) {
    take();
    CommandPtr body = parse_compound_list();
    if (peek().kind != Tok::RParen) unexpected(peek());
    take();
    cmd = make(line);
    cmd->node = Subshell{body};
  } else if (is_plain(t) && !t.is_assign) {
    const std::string& w = t.raw;
    if (w == "if") {
      cmd = parse_if();
    } else if (w == "while" || w == "until") {
      cmd = parse_while(w == "until");
    } else if (w == "for") {
      cmd = parse_for(false);
    } else if (w == "select") {
      cmd = parse_for(true);
    } else if (w == "case") {
      cmd = parse_case();
    } else if (w == "{") {
      cmd = parse_brace_group();
    } else if (w == "function") {
      return parse_function_keyword();
    } else if (w == "[[") {
      cmd = parse_double_bracket();
    } else if (w == "coproc") {
      take();
      cmd = make(line);
      Coproc co;
      co.name = "COPROC";
      // `coproc NAME { ...; }`: a name only before a compound command.
      Token& first = peek();
      if (is_plain(first) && !first.is_assign && !first.raw.empty() &&
          (std::isalpha(static_cast<unsigned char>(first.raw[0])) || first.raw[0] == '_') &&
          first.raw.find_first_not_of(
              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
              std::string::npos) {
        std::string_view rest = lex_.rest();
        size_t at = rest.find_first_not_of(" \t");
        if (at != std::string_view::npos && (rest[at] == '{' || rest[at] == '(')) {
          co.name = take().raw;
        }
      }
      co.body = parse_command();
      cmd->node = std::move(co);
      return cmd;
    } else if (at_list_end()) {
      unexpected(t);
    } else {
      return parse_simple_command();
    }
  } else if (t.kind == Tok::Word || t.kind == Tok::Redirect) {
    return parse_simple_command();
  } else {
    unexpected(t);
  }
  parse_trailing_redirects(*cmd);
  return cmd;
}

void Parser::parse_trailing_redirects(Command& cmd) {
  while (peek().kind == Tok::Redirect) parse_redirect(cmd.redirs);
}

bool Parser::try_alias() {
  if (!lex_.aliases) return false;
  const Token& t = peek();
  if (!is_plain(t) || t.is_assign) return false;
  for (const auto& name : alias_chain_) {
    if (name == t.raw) return false;
  }
  const std::string* value = lex_.aliases(t.raw);
  if (value == nullptr) return false;
  alias_chain_.push_back(t.raw);
  if (alias_chain_.size() > 100) return false;
  // The lexer stands after the alias name: splice its value in.
  alias_blank_ = !value->empty() && (value->back() == ' ' || value->back() == '\t');
  alias_end_ = lex_.pos() + value->size();
  lex_.insert(*value + " ");
  cached_.reset();
  return true;
}

// simple_command: (assignment | redirect)* word (word | redirect)*
CommandPtr Parser::parse_simple_command() {
  auto cmd = make(peek().line);
  SimpleCommand sc;
  alias_chain_.clear();
  alias_blank_ = false;
  for (;;) {
    Token& t = peek();
    if (t.kind == Tok::Redirect) {
      parse_redirect(cmd->redirs);
      continue;
    }
    if (t.kind != Tok::Word) break;
    if (sc.words.empty() && t.is_assign) {
      Token tok = take();
      sc.assigns.push_back(assignment_of(tok));
      continue;
    }
    if (sc.words.empty()) {
      if (try_alias()) continue;
      // Reserved words after assignments are plain words in bash too.
      Token tok = take();
      sc.words.push_back(word_of(tok));
      if (peek().kind == Tok::LParen && sc.assigns.empty() && cmd->redirs.empty()) {
        take();
        // `echo (` at the end of a line: bash names the newline.
        if (peek().kind == Tok::Newline || peek().kind == Tok::Eof) {
          throw SyntaxError(peek().line, "syntax error near unexpected token `newline'");
        }
        if (peek().kind != Tok::RParen) unexpected(peek());
        take();
        return parse_function_body(tok.raw, cmd->line);
      }
      continue;
    }
    if (alias_blank_ && t.pos >= alias_end_) {
      alias_blank_ = false;
      alias_chain_.clear();
      if (try_alias()) continue;
    }
    Token tok = take();
    sc.words.push_back(word_of(tok));
  }
  if (sc.words.empty() && sc.assigns.empty() && cmd->redirs.empty()) unexpected(peek());
  cmd->node = std::move(sc);
  return cmd;
}

// redirect: [NUMBER | {NAME}] op word
void Parser::parse_redirect(std::vector<Redir>& out) {
  Token op = take();
  if (peek().kind == Tok::Eof) {
    throw SyntaxError(peek().line, "syntax error near unexpected token `newline'");
  }
  Redir r;
  r.fd = op.fd;
  r.fd_var = op.fd_var;
  r.op = op.op;
  if (peek().kind != Tok::Word) unexpected(peek());
  Token target = take();
  if (r.op == RedirOp::HereDoc) {
    auto doc = std::make_shared<HereDocBody>();
    doc->delimiter = unquote_raw(target.raw);
    doc->quoted = target.raw.find_first_of("'\"\\") != std::string::npos;
    doc->strip_tabs = op.strip_tabs;
    lex_.pending_heredocs.push_back(doc);
    r.heredoc = doc;
  }
  r.target = word_of(target);
  r.target_raw = target.raw;
  out.push_back(std::move(r));
}

// if_clause: 'if' compound_list 'then' compound_list
//            ('elif' compound_list 'then' compound_list)* ['else' compound_list] 'fi'
CommandPtr Parser::parse_if() {
  auto cmd = make(take().line);
  If node;
  CommandPtr cond = parse_compound_list();
  expect_word("then");
  node.branches.emplace_back(cond, parse_compound_list());
  while (peek_word("elif")) {
    take();
    CommandPtr c = parse_compound_list();
    expect_word("then");
    node.branches.emplace_back(c, parse_compound_list());
  }
  if (peek_word("else")) {
    take();
    node.else_body = parse_compound_list();
  }
  expect_word("fi");
  cmd->node = std::move(node);
  return cmd;
}

// while_clause: ('while' | 'until') compound_list do_group
CommandPtr Parser::parse_while(bool until) {
  auto cmd = make(take().line);
  While node;
  node.until = until;
  node.cond = parse_compound_list();
  node.body = parse_do_group();
  cmd->node = std::move(node);
  return cmd;
}

// do_group: 'do' compound_list 'done' | '{' compound_list '}'
CommandPtr Parser::parse_do_group() {
  if (peek_word("{")) {
    take();
    CommandPtr body = parse_compound_list();
    expect_word("}");
    return body;
  }
  expect_word("do");
  CommandPtr body = parse_compound_list();
  expect_word("done");
  return body;
}

// for_clause: 'for' NAME [linebreak 'in' word* (';' | newline)] linebreak do_group
//           | 'for' '((' expr ';' expr ';' expr '))' [';'] linebreak do_group
// select_clause: the same with 'select' and no arithmetic form.
CommandPtr Parser::parse_for(bool select) {
  auto cmd = make(take().line);
  if (!select && peek().kind == Tok::DLParen) {
    take();
    std::string raw = lex_.read_arith_raw();
    std::vector<std::string> parts(1);
    int depth = 0;
    for (char c : raw) {
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == ';' && depth == 0) {
        parts.emplace_back();
      } else {
        parts.back().push_back(c);
      }
    }
    if (parts.size() != 3)
      throw SyntaxError(cmd->line, "syntax error: arithmetic expression required");
    ArithFor node;
    node.raw = raw;
    node.init = Lexer::parse_string(parts[0], Mode::Arith, cmd->line);
    node.has_cond = parts[1].find_first_not_of(" \t\n") != std::string::npos;
    node.cond = Lexer::parse_string(parts[1], Mode::Arith, cmd->line);
    node.step = Lexer::parse_string(parts[2], Mode::Arith, cmd->line);
    if (peek().kind == Tok::Semi) take();
    skip_newlines();
    node.body = parse_do_group();
    cmd->node = std::move(node);
    return cmd;
  }
  require_word(peek());
  if (peek().kind != Tok::Word) unexpected(peek());
  Token name = take();
  if (!is_valid_name(name.raw)) {
    throw SyntaxError(name.line, "`" + name.raw + "': not a valid identifier");
  }
  bool has_words = false;
  std::vector<Word> words;
  std::string words_raw;
  skip_newlines();
  if (peek_word("in")) {
    take();
    has_words = true;
    while (peek().kind == Tok::Word) {
      Token w = take();
      if (!words_raw.empty()) words_raw += ' ';
      words_raw += w.raw;
      words.push_back(word_of(w));
    }
    if (peek().kind == Tok::Semi || peek().kind == Tok::Newline) {
      take();
    } else {
      unexpected(peek());
    }
  } else if (peek().kind == Tok::Semi) {
    take();
  }
  skip_newlines();
  CommandPtr body = parse_do_group();
  if (select) {
    cmd->node = Select{name.raw, has_words, std::move(words), body};
  } else {
    cmd->node = For{name.raw, has_words, std::move(words), body, words_raw};
  }
  return cmd;
}

// case_clause: 'case' word linebreak 'in' linebreak
//              ('('? pattern ('|' pattern)* ')' compound_list? (';;' | ';&' | ';;&')?)* 'esac'
CommandPtr Parser::parse_case() {
  auto cmd = make(take().line);
  Case node;
  require_word(peek());
  if (peek().kind != Tok::Word) unexpected(peek());
  node.subject = word_of(take());
  skip_newlines();
  expect_word("in");
  skip_newlines();
  while (!peek_word("esac")) {
    CaseItem item;
    if (peek().kind == Tok::LParen) take();
    for (;;) {
      if (peek().kind != Tok::Word) unexpected(peek());
      item.patterns.push_back(word_of(take()));
      if (peek().kind == Tok::Pipe) {
        take();
        continue;
      }
      break;
    }
    if (peek().kind != Tok::RParen) unexpected(peek());
    take();
    CommandPtr body = parse_compound_list(true);
    if (!std::get<List>(body->node).items.empty()) item.body = body;
    Tok k = peek().kind;
    if (k == Tok::DSemi) {
      take();
    } else if (k == Tok::SemiAmp) {
      take();
      item.term = CaseTerm::FallThrough;
    } else if (k == Tok::DSemiAmp) {
      take();
      item.term = CaseTerm::TestNext;
    } else if (!peek_word("esac")) {
      unexpected(peek());
    }
    node.items.push_back(std::move(item));
    skip_newlines();
  }
  take();
  cmd->node = std::move(node);
  return cmd;
}

// brace_group: '{' compound_list '}'
CommandPtr Parser::parse_brace_group() {
  auto cmd = make(take().line);
  CommandPtr body = parse_compound_list();
  expect_word("}");
  cmd->node = BraceGroup{body};
  return cmd;
}

// function_def: 'function' NAME ['(' ')'] linebreak compound_command
CommandPtr Parser::parse_function_keyword() {
  int line = take().line;
  require_word(peek());
  if (peek().kind != Tok::Word) unexpected(peek());
  Token name = take();
  if (peek().kind == Tok::LParen) {
    take();
    if (peek().kind != Tok::RParen) unexpected(peek());
    take();
  }
  return parse_function_body(name.raw, line);
}

// function_body: linebreak compound_command redirect*
CommandPtr Parser::parse_function_body(const std::string& name, int line) {
  skip_newlines();
  CommandPtr body = parse_command();
  if (std::holds_alternative<SimpleCommand>(body->node)) {
    throw SyntaxError(body->line, "syntax error near unexpected token `" +
                                      (std::get<SimpleCommand>(body->node).words.empty()
                                           ? std::string("newline")
                                           : std::string("newline")) +
                                      "'");
  }
  auto cmd = make(line);
  cmd->node = FunctionDef{name, body};
  return cmd;
}

// [[ cond_or ]]
CommandPtr Parser::parse_double_bracket() {
  auto cmd = make(take().line);
  cond_cached_.reset();
  CondPtr expr = parse_cond_or();
  Token& end = cond_peek();
  if (end.kind != Tok::Eof) {
    throw SyntaxError(end.line,
                      "syntax error in conditional expression: unexpected token `" + end.raw + "'");
  }
  cond_cached_.reset();
  cmd->node = DoubleBracket{expr};
  return cmd;
}

// A token inside [[ ]]: kind Eof stands for the closing "]]".
Token& Parser::cond_peek() {
  if (!cond_cached_) {
    Token t;
    if (!lex_.read_cond_token(t, false)) {
      t = Token{};
      t.kind = Tok::Eof;
      t.raw = "]]";
      t.line = lex_.line();
    }
    cond_cached_ = std::move(t);
  }
  return *cond_cached_;
}

Token Parser::cond_take(bool regex) {
  if (regex && !cond_cached_) {
    Token t;
    if (!lex_.read_cond_token(t, true)) {
      throw SyntaxError(lex_.line(), "unexpected argument `]]' to conditional binary operator");
    }
    return t;
  }
  Token t = std::move(cond_peek());
  cond_cached_.reset();
  return t;
}

// cond_or: cond_and ('||' cond_and)*
CondPtr Parser::parse_cond_or() {
  CondPtr left = parse_cond_and();
  while (cond_peek().kind == Tok::Redirect && cond_peek().raw == "||") {
    cond_take();
    auto node = std::make_shared<CondExpr>();
    node->kind = CondExpr::Kind::Or;
    node->a = left;
    node->b = parse_cond_and();
    left = node;
  }
  return left;
}

// cond_and: cond_not ('&&' cond_not)*
CondPtr Parser::parse_cond_and() {
  CondPtr left = parse_cond_not();
  while (cond_peek().kind == Tok::Redirect && cond_peek().raw == "&&") {
    cond_take();
    auto node = std::make_shared<CondExpr>();
    node->kind = CondExpr::Kind::And;
    node->a = left;
    node->b = parse_cond_not();
    left = node;
  }
  return left;
}

// cond_not: '!' cond_not | cond_primary
CondPtr Parser::parse_cond_not() {
  if (stack_exhausted(kInnerStackReserve))
    throw SyntaxError(cond_peek().line, "maximum nesting level exceeded");
  if (cond_peek().kind == Tok::Redirect && cond_peek().raw == "!") {
    cond_take();
    auto node = std::make_shared<CondExpr>();
    node->kind = CondExpr::Kind::Not;
    node->a = parse_cond_not();
    return node;
  }
  return parse_cond_primary();
}

// cond_primary: '(' cond_or ')' | UNARY_OP word | word [BINARY_OP word]
CondPtr Parser::parse_cond_primary() {
  static constexpr std::string_view kUnary[] = {
      "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t",
      "-u", "-w", "-x", "-G", "-L", "-N", "-O", "-S", "-z", "-n", "-o", "-v", "-R"};
  static constexpr std::string_view kBinary[] = {"==",  "=",   "!=",  "=~",  "-eq", "-ne", "-lt",
                                                 "-le", "-gt", "-ge", "-nt", "-ot", "-ef"};
  Token t = cond_take();
  if (t.kind == Tok::Eof) throw SyntaxError(t.line, "unexpected token `]]' in conditional command");
  if (t.kind == Tok::Redirect) {
    if (t.raw == "(") {
      CondPtr inner = parse_cond_or();
      Token close = cond_take();
      if (close.kind != Tok::Redirect || close.raw != ")") {
        throw SyntaxError(close.line, "syntax error in conditional expression: unexpected token `" +
                                          close.raw + "'");
      }
      return inner;
    }
    throw SyntaxError(t.line, "unexpected token `" + t.raw + "' in conditional command");
  }
  auto node = std::make_shared<CondExpr>();
  if (is_plain(t)) {
    for (auto op : kUnary) {
      if (t.raw == op) {
        Token& next = cond_peek();
        if (next.kind == Tok::Word) {
          node->kind = CondExpr::Kind::Unary;
          node->op = t.raw;
          Token operand = cond_take();
          node->left = operand.word;
          node->left.raw = operand.raw;
          return node;
        }
      }
    }
  }
  Token& next = cond_peek();
  bool binary = false;
  if (next.kind == Tok::Redirect && (next.raw == "<" || next.raw == ">")) binary = true;
  if (next.kind == Tok::Word && is_plain(next)) {
    for (auto op : kBinary) {
      if (next.raw == op) binary = true;
    }
  }
  if (binary) {
    Token op = cond_take();
    node->kind = CondExpr::Kind::Binary;
    node->op = op.raw;
    node->left = t.word;
    node->left.raw = t.raw;
    Token right = cond_take(op.raw == "=~");
    if (right.kind != Tok::Word) {
      throw SyntaxError(right.line,
                        "unexpected argument `" + right.raw + "' to conditional binary operator");
    }
    node->right = right.word;
    node->right.raw = right.raw;
    return node;
  }
  if (next.kind == Tok::Word && next.raw != "]]") {
    throw SyntaxError(next.line, "conditional binary operator expected", true);
  }
  node->kind = CondExpr::Kind::Word;
  node->left = t.word;
  node->left.raw = t.raw;
  return node;
}

CommandPtr parse_script(std::string_view source) {
  Lexer lexer{std::string(source)};
  Parser parser(lexer);
  return parser.parse_all();
}

}  // namespace kefka::shell

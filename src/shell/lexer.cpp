#include "shell/lexer.h"

#include <cctype>
#include <cstring>

#include "shell/parser.h"
#include "shell/stack.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

constexpr int kMaxNesting = 200;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_meta(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
         c == '>' || c == '(' || c == ')';
}
bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_special_param(char c) {
  return std::strchr("@*#?-$!0", c) != nullptr && c != '\0';
}

// Where each mode's text ends (before quoting rules apply).
bool ends_mode(Mode mode, char c, char stop, int depth) {
  switch (mode) {
    case Mode::Command:
    case Mode::CondWord:
      return is_meta(c);
    case Mode::DoubleQuote:
      return c == '"';
    case Mode::ParamArg:
      return c == '}' || (stop != 0 && c == stop);
    case Mode::Regex:
      return depth == 0 && (is_blank(c) || c == '\n');
    case Mode::HereDoc:
    case Mode::Arith:
    case Mode::Index:
      return false;
  }
  return false;
}

}  // namespace

void append_literal(WordParts& parts, std::string_view text) {
  if (!parts.empty()) {
    if (auto* lit = std::get_if<Literal>(&parts.back().v)) {
      lit->text.append(text);
      return;
    }
  }
  parts.push_back(WordPart{Literal{std::string(text)}});
}

char Lexer::get() {
  char c = src_[pos_++];
  if (c == '\n') ++line_;
  return c;
}

std::string Lexer::source_line(int line) const {
  int cur = 1;
  size_t start = 0;
  while (cur < line) {
    size_t nl = src_.find('\n', start);
    if (nl == std::string::npos) return "";
    start = nl + 1;
    ++cur;
  }
  size_t end = src_.find('\n', start);
  return src_.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void Lexer::skip_blanks() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (is_blank(c)) {
      ++pos_;
    } else if (c == '\\' && peek(1) == '\n') {
      pos_ += 2;
      ++line_;
    } else if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
}

Token Lexer::next() {
  skip_blanks();
  Token tok;
  tok.line = line_;
  tok.pos = pos_;
  if (at_end()) {
    tok.kind = Tok::Eof;
    return tok;
  }
  auto op = [&](Tok kind, size_t n) {
    tok.kind = kind;
    tok.raw = src_.substr(pos_, n);
    pos_ += n;
    return tok;
  };
  auto redirect = [&](size_t start) {
    std::string_view r = rest();
    struct OpText {
      std::string_view text;
      RedirOp op;
    };
    static constexpr OpText kOps[] = {
        {"&>>", RedirOp::AppendErr}, {"&>", RedirOp::OutErr},  {"<<<", RedirOp::HereString},
        {"<<-", RedirOp::HereDoc},   {"<<", RedirOp::HereDoc}, {"<&", RedirOp::DupIn},
        {"<>", RedirOp::ReadWrite},  {"<", RedirOp::In},       {">>", RedirOp::Append},
        {">&", RedirOp::DupOut},     {">|", RedirOp::Clobber}, {">", RedirOp::Out},
    };
    for (const auto& o : kOps) {
      if (r.substr(0, o.text.size()) == o.text) {
        tok.kind = Tok::Redirect;
        tok.op = o.op;
        tok.strip_tabs = o.text == "<<-";
        pos_ += o.text.size();
        tok.raw = src_.substr(start, pos_ - start);
        return tok;
      }
    }
    tok.kind = Tok::Eof;
    return tok;
  };

  char c = peek();
  switch (c) {
    case '\n':
      get();
      tok.kind = Tok::Newline;
      tok.raw = "newline";
      if (!pending_heredocs.empty()) read_heredoc_bodies();
      return tok;
    case ';':
      if (peek(1) == ';') return peek(2) == '&' ? op(Tok::DSemiAmp, 3) : op(Tok::DSemi, 2);
      if (peek(1) == '&') return op(Tok::SemiAmp, 2);
      return op(Tok::Semi, 1);
    case '&':
      if (peek(1) == '&') return op(Tok::AndIf, 2);
      if (peek(1) == '>') return redirect(pos_);
      return op(Tok::Amp, 1);
    case '|':
      if (peek(1) == '|') return op(Tok::OrIf, 2);
      if (peek(1) == '&') return op(Tok::PipeAmp, 2);
      return op(Tok::Pipe, 1);
    case '(':
      if (peek(1) == '(') return op(Tok::DLParen, 2);
      return op(Tok::LParen, 1);
    case ')':
      return op(Tok::RParen, 1);
    case '<':
    case '>':
      if (peek(1) == '(') break;  // process substitution: a word
      return redirect(pos_);
    default:
      break;
  }
  // N> and {var}> redirections.
  if (std::isdigit(static_cast<unsigned char>(c))) {
    size_t i = pos_;
    while (i < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i]))) ++i;
    if (i < src_.size() && (src_[i] == '<' || src_[i] == '>') &&
        !(i + 1 < src_.size() && src_[i + 1] == '(') && i - pos_ < 10) {
      size_t start = pos_;
      tok.fd = std::stoi(src_.substr(pos_, i - pos_));
      pos_ = i;
      return redirect(start);
    }
  }
  if (c == '{' && is_name_start(peek(1))) {
    size_t i = pos_ + 1;
    while (i < src_.size() && is_name_char(src_[i])) ++i;
    // {name[subscript]}>...: the fd goes into an array element.
    if (i < src_.size() && src_[i] == '[') {
      size_t close = src_.find_first_of("] \t\n", i + 1);
      if (close != std::string::npos && src_[close] == ']') i = close + 1;
    }
    if (i + 1 < src_.size() && src_[i] == '}' && (src_[i + 1] == '<' || src_[i + 1] == '>')) {
      size_t start = pos_;
      tok.fd_var = src_.substr(pos_ + 1, i - pos_ - 1);
      pos_ = i + 1;
      return redirect(start);
    }
  }
  read_word(tok);
  return tok;
}

bool Lexer::try_assignment_prefix(Token& tok) {
  size_t i = pos_;
  if (i >= src_.size() || !is_name_start(src_[i])) return false;
  while (i < src_.size() && is_name_char(src_[i])) ++i;
  size_t name_end = i;
  std::string index_raw;
  bool has_index = false;
  if (i < src_.size() && src_[i] == '[') {
    int depth = 0;
    size_t j = i;
    for (; j < src_.size(); ++j) {
      if (src_[j] == '[') ++depth;
      if (src_[j] == ']' && --depth == 0) break;
      if (src_[j] == '\n') return false;
    }
    if (j >= src_.size()) return false;
    index_raw = src_.substr(i + 1, j - i - 1);
    has_index = true;
    i = j + 1;
  }
  bool append = false;
  if (i + 1 < src_.size() && src_[i] == '+' && src_[i + 1] == '=') {
    append = true;
    i += 2;
  } else if (i < src_.size() && src_[i] == '=') {
    i += 1;
  } else {
    return false;
  }
  tok.is_assign = true;
  tok.assign_name = src_.substr(pos_, name_end - pos_);
  tok.assign_has_index = has_index;
  if (has_index) tok.assign_index = parse_string(index_raw, Mode::Index, line_);
  tok.assign_append = append;
  tok.assign_prefix_raw = src_.substr(pos_, i - pos_);
  pos_ = i;
  if (peek() == '(') {
    get();
    tok.assign_array = true;
    tok.assign_items = read_array_items();
  }
  return true;
}

std::vector<ArrayItem> Lexer::read_array_items() {
  std::vector<ArrayItem> items;
  for (;;) {
    skip_blanks();
    if (at_end()) throw SyntaxError(line_, "syntax error: unexpected end of file");
    char c = peek();
    if (c == '\n') {
      get();
      continue;
    }
    if (c == ')') {
      get();
      return items;
    }
    ArrayItem item;
    item.value.line = line_;
    if (c == '[') {
      // [key]=value
      int depth = 0;
      size_t j = pos_;
      for (; j < src_.size(); ++j) {
        if (src_[j] == '[') ++depth;
        if (src_[j] == ']' && --depth == 0) break;
      }
      if (j + 1 < src_.size() && src_[j + 1] == '=') {
        item.has_key = true;
        item.key = parse_string(src_.substr(pos_ + 1, j - pos_ - 1), Mode::Index, line_);
        pos_ = j + 2;
      } else if (j + 2 < src_.size() && src_[j + 1] == '+' && src_[j + 2] == '=') {
        item.has_key = true;
        item.key = parse_string(src_.substr(pos_ + 1, j - pos_ - 1), Mode::Index, line_);
        pos_ = j + 3;
      }
    }
    size_t before = pos_;
    if (!item.has_key && peek() == '~') {
      size_t j = pos_ + 1;
      while (j < src_.size() && (is_name_char(src_[j]) || src_[j] == '-' || src_[j] == '.')) ++j;
      if (j >= src_.size() || src_[j] == '/' || is_meta(src_[j])) {
        item.value.parts.push_back(WordPart{Tilde{src_.substr(pos_ + 1, j - pos_ - 1)}});
        pos_ = j;
      }
    }
    read_parts(item.value.parts, Mode::Command);
    if (pos_ == before && !item.has_key) {
      throw SyntaxError(line_, std::string("syntax error near unexpected token `") + peek() + "'");
    }
    items.push_back(std::move(item));
  }
}

namespace {
bool is_tilde_user_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == '+';
}
}  // namespace

// In assignment words bash also expands `~` right after an unquoted `:`
// (PATH=$PATH:~/bin) when the tilde prefix ends at `/`, `:` or the word's end.
void Lexer::split_colon_tildes(WordParts& parts) {
  for (size_t p = 0; p < parts.size(); ++p) {
    auto* lit = std::get_if<Literal>(&parts[p].v);
    if (lit == nullptr) continue;
    const std::string& t = lit->text;
    size_t colon = t.find(":~");
    if (colon == std::string::npos) continue;
    size_t j = colon + 2;
    while (j < t.size() && is_tilde_user_char(t[j])) ++j;
    bool ends_word = j == t.size() && p + 1 == parts.size();
    if (!(ends_word || (j < t.size() && (t[j] == '/' || t[j] == ':')))) {
      // Not a tilde prefix here; look for a later one in the same literal.
      if (colon + 2 < t.size()) {
        std::string head = t.substr(0, colon + 2);
        std::string tail = t.substr(colon + 2);
        lit->text = head;
        parts.insert(parts.begin() + static_cast<long>(p) + 1, WordPart{Literal{tail}});
      }
      continue;
    }
    std::string head = t.substr(0, colon + 1);
    std::string user = t.substr(colon + 2, j - colon - 2);
    std::string tail = t.substr(j);
    lit->text = head;
    auto at = parts.begin() + static_cast<long>(p) + 1;
    at = parts.insert(at, WordPart{Tilde{user}});
    if (!tail.empty()) parts.insert(at + 1, WordPart{Literal{tail}});
  }
}

void Lexer::read_word(Token& tok) {
  size_t start = pos_;
  tok.kind = Tok::Word;
  tok.word.line = line_;
  if (try_assignment_prefix(tok) && tok.assign_array) {
    tok.raw = src_.substr(start, pos_ - start);
    return;
  }
  WordParts& parts = tok.word.parts;
  if (peek() == '~') {
    size_t j = pos_ + 1;
    while (j < src_.size() &&
           (is_name_char(src_[j]) || src_[j] == '-' || src_[j] == '.' || src_[j] == '+')) {
      ++j;
    }
    if (j >= src_.size() || src_[j] == '/' || is_meta(src_[j]) ||
        (tok.is_assign && src_[j] == ':')) {
      parts.push_back(WordPart{Tilde{src_.substr(pos_ + 1, j - pos_ - 1)}});
      pos_ = j;
    }
  }
  read_parts(parts, Mode::Command);
  if (tok.is_assign) split_colon_tildes(parts);
  tok.raw = src_.substr(start, pos_ - start);
  if (pos_ == start) {
    throw SyntaxError(line_, std::string("syntax error near unexpected token `") + peek() + "'");
  }
}

bool Lexer::read_extglob(WordParts& out) {
  // ?(...) *(...) +(...) @(...) !(...): kept as literal pattern text.
  size_t j = pos_ + 1;
  int depth = 0;
  for (; j < src_.size(); ++j) {
    char c = src_[j];
    if (c == '\\') {
      ++j;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) break;
    if (c == '\n') return false;
  }
  if (j >= src_.size()) return false;
  append_literal(out, std::string_view(src_).substr(pos_, j + 1 - pos_));
  pos_ = j + 1;
  return true;
}

void Lexer::read_parts(WordParts& out, Mode mode, char stop, bool in_dq) {
  int depth = 0;
  const int start_line = line_;  // bash reports an unclosed quote where it opened
  const bool dq_rules = mode == Mode::DoubleQuote || mode == Mode::HereDoc || mode == Mode::Arith ||
                        (mode == Mode::ParamArg && in_dq);
  for (;;) {
    if (at_end()) {
      if (mode == Mode::DoubleQuote)
        throw SyntaxError(start_line, "unexpected EOF while looking for matching `\"'");
      if (mode == Mode::ParamArg)
        throw SyntaxError(line_, "unexpected EOF while looking for matching `}'");
      return;
    }
    char c = peek();
    if (ends_mode(mode, c, stop, depth)) {
      if (mode == Mode::Command && (c == '<' || c == '>') && peek(1) == '(') {
        bool output = c == '>';
        pos_ += 2;
        out.push_back(WordPart{ProcessSub{read_command_sub(), output}});
        continue;
      }
      if ((mode == Mode::Command || mode == Mode::CondWord) && c == '(' && !out.empty()) {
        // `@(` etc. where the prefix char was the last literal: handled below.
      }
      return;
    }
    if (c == '\\') {
      char n = peek(1);
      if (n == '\n' && mode != Mode::Index) {
        pos_ += 2;
        ++line_;
        continue;
      }
      if (pos_ + 1 >= src_.size()) {
        get();
        append_literal(out, "\\");
        continue;
      }
      if (dq_rules) {
        const char* special = mode == Mode::HereDoc ? "$`\\" : "$`\"\\";
        if (mode == Mode::ParamArg) special = "$`\"\\}";
        if (std::strchr(special, n) != nullptr) {
          pos_ += 2;
          out.push_back(WordPart{Escaped{std::string(1, n)}});
        } else {
          get();
          append_literal(out, "\\");
        }
        continue;
      }
      pos_ += 2;
      if (n == '\n') ++line_;
      out.push_back(WordPart{Escaped{std::string(1, n)}});
      continue;
    }
    if (c == '\'' && !dq_rules) {
      read_single_quoted(out);
      continue;
    }
    if (c == '"' && mode != Mode::HereDoc && mode != Mode::DoubleQuote) {
      read_double_quoted(out);
      continue;
    }
    if (c == '$') {
      read_dollar(out, dq_rules);
      continue;
    }
    if (c == '`') {
      read_backquote(out, dq_rules);
      continue;
    }
    if (((mode == Mode::Command && (extglob == nullptr || *extglob)) || mode == Mode::CondWord ||
         mode == Mode::ParamArg) &&
        std::strchr("?*+@!", c) != nullptr && peek(1) == '(') {
      if (read_extglob(out)) continue;
    }
    if (mode == Mode::Regex) {
      if (c == '(') ++depth;
      if (c == ')') --depth;
    }
    // A run of plain characters.
    size_t start = pos_;
    get();
    while (!at_end()) {
      char d = peek();
      if (d == '\\' || d == '\'' || d == '"' || d == '$' || d == '`' || d == '\n' ||
          ends_mode(mode, d, stop, depth) || d == '(' || d == ')' ||
          std::strchr("?*+@!", d) != nullptr) {
        break;
      }
      get();
    }
    append_literal(out, std::string_view(src_).substr(start, pos_ - start));
  }
}

void Lexer::read_single_quoted(WordParts& out) {
  int start_line = line_;
  get();
  size_t end = src_.find('\'', pos_);
  if (end == std::string::npos) {
    (void)start_line;
    pos_ = src_.size();
    throw SyntaxError(line_, "unexpected EOF while looking for matching `''");
  }
  std::string text = src_.substr(pos_, end - pos_);
  while (pos_ <= end) get();
  out.push_back(WordPart{SingleQuoted{std::move(text)}});
}

void Lexer::read_dollar_single(WordParts& out) {
  get();  // '
  std::string raw;
  for (;;) {
    if (at_end()) throw SyntaxError(line_, "unexpected EOF while looking for matching `''");
    char c = get();
    if (c == '\'') break;
    if (c == '\\' && !at_end()) {
      raw.push_back(c);
      raw.push_back(get());
      continue;
    }
    raw.push_back(c);
  }
  out.push_back(WordPart{DollarSingle{decode_escapes(raw, EscapeStyle::DollarSingle)}});
}

void Lexer::read_double_quoted(WordParts& out) {
  get();
  DoubleQuoted dq;
  read_parts(dq.parts, Mode::DoubleQuote);
  get();  // closing "
  out.push_back(WordPart{std::move(dq)});
}

void Lexer::read_backquote(WordParts& out, bool in_dq) {
  int start_line = line_;
  get();
  std::string body;
  for (;;) {
    if (at_end()) throw SyntaxError(start_line, "unexpected EOF while looking for matching ``'");
    char c = get();
    if (c == '`') break;
    if (c == '\\' && !at_end()) {
      char n = peek();
      if (n == '$' || n == '`' || n == '\\' || (in_dq && n == '"')) {
        body.push_back(get());
        continue;
      }
    }
    body.push_back(c);
  }
  if (++nesting > kMaxNesting || stack_exhausted(kInnerStackReserve)) {
    --nesting;
    throw SyntaxError(line_, "maximum nesting level exceeded");
  }
  Lexer sub(body, start_line);
  sub.aliases = aliases;
  sub.extglob = extglob;
  sub.nesting = nesting;
  Parser parser(sub);
  CommandPtr cmd = parser.parse_all();
  --nesting;
  out.push_back(WordPart{CommandSub{cmd, true}});
}

CommandPtr Lexer::read_command_sub() {
  if (++nesting > kMaxNesting || stack_exhausted(kInnerStackReserve)) {
    --nesting;
    throw SyntaxError(line_, "maximum nesting level exceeded");
  }
  Parser parser(*this);
  CommandPtr cmd = parser.parse_command_sub();
  --nesting;
  return cmd;
}

std::string Lexer::read_arith_raw() {
  // After "((": everything up to the "))" closing it, parentheses balanced.
  int depth = 0;
  std::string out;
  for (;;) {
    if (at_end()) throw SyntaxError(line_, "unexpected EOF while looking for matching `)'");
    char c = peek();
    if (c == '\'' || c == '"') {
      char q = get();
      out.push_back(q);
      while (!at_end() && peek() != q) {
        if (peek() == '\\' && q == '"') out.push_back(get());
        if (!at_end()) out.push_back(get());
      }
      if (!at_end()) out.push_back(get());
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') {
      if (depth == 0) {
        if (peek(1) == ')') {
          pos_ += 2;
          return out;
        }
        throw SyntaxError(line_, "syntax error near unexpected token `)'");
      }
      --depth;
    }
    out.push_back(get());
  }
}

void Lexer::read_dollar(WordParts& out, bool in_dq) {
  get();  // $
  char c = peek();
  if (c == '(') {
    if (peek(1) == '(') {
      size_t save_pos = pos_;
      int save_line = line_;
      pos_ += 2;
      try {
        std::string raw = read_arith_raw();
        out.push_back(WordPart{ArithSub{parse_string(raw, Mode::Arith, save_line)}});
        return;
      } catch (const SyntaxError&) {
        pos_ = save_pos;
        line_ = save_line;
      }
    }
    get();
    out.push_back(WordPart{CommandSub{read_command_sub(), false}});
    return;
  }
  if (c == '{') {
    get();
    read_braced_param(out, in_dq);
    return;
  }
  if (c == '\'' && !in_dq) {
    read_dollar_single(out);
    return;
  }
  if (c == '"' && !in_dq) {
    read_double_quoted(out);
    return;
  }
  if (is_name_start(c)) {
    size_t start = pos_;
    while (!at_end() && is_name_char(peek())) ++pos_;
    out.push_back(WordPart{Param{src_.substr(start, pos_ - start)}});
    return;
  }
  if (std::isdigit(static_cast<unsigned char>(c)) || is_special_param(c)) {
    get();
    out.push_back(WordPart{Param{std::string(1, c)}});
    return;
  }
  append_literal(out, "$");
}

void Lexer::read_braced_param(WordParts& out, bool in_dq) {
  size_t start = pos_;  // after "${"
  int start_line = line_;
  BracedParam bp;
  auto bad = [&]() {
    // Consume to the closing brace; the error is reported when expanded.
    // Without one, bash fails while parsing, naming the line of the `${`.
    int depth = 1;
    while (depth > 0) {
      if (at_end()) {
        throw SyntaxError(start_line, "unexpected EOF while looking for matching `}'");
      }
      char c = get();
      if (c == '{') ++depth;
      if (c == '}') --depth;
    }
    bp = BracedParam{};
    bp.op = "!bad";
    bp.name = "${" + src_.substr(start, pos_ - start);
    out.push_back(WordPart{std::move(bp)});
  };
  char c = peek();
  if (c == '#' && peek(1) != '}' &&
      (is_name_start(peek(1)) || std::isdigit(static_cast<unsigned char>(peek(1))) ||
       (is_special_param(peek(1)) && (peek(2) == '}' || peek(2) == '[')))) {
    bp.length = true;
    get();
  } else if (c == '!' && peek(1) != '}' &&
             (is_name_start(peek(1)) || std::isdigit(static_cast<unsigned char>(peek(1))) ||
              is_special_param(peek(1)))) {
    bp.indirect = true;
    get();
  }
  c = peek();
  if (is_name_start(c)) {
    size_t s = pos_;
    while (!at_end() && is_name_char(peek())) ++pos_;
    bp.name = src_.substr(s, pos_ - s);
  } else if (std::isdigit(static_cast<unsigned char>(c))) {
    size_t s = pos_;
    while (!at_end() && std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
    bp.name = src_.substr(s, pos_ - s);
  } else if (is_special_param(c)) {
    bp.name = std::string(1, get());
  } else {
    bad();
    return;
  }
  if (peek() == '[' && !bp.length && std::isdigit(static_cast<unsigned char>(bp.name[0])) == 0 &&
      is_name_start(bp.name[0])) {
    int depth = 0;
    size_t j = pos_;
    for (; j < src_.size(); ++j) {
      if (src_[j] == '[') ++depth;
      if (src_[j] == ']' && --depth == 0) break;
    }
    if (j >= src_.size()) throw SyntaxError(line_, "unexpected EOF while looking for matching `}'");
    bp.has_index = true;
    bp.index = parse_string(src_.substr(pos_ + 1, j - pos_ - 1), Mode::Index, line_);
    while (pos_ <= j) get();
  } else if (peek() == '[' && bp.length) {
    // ${#a[@]}
    int depth = 0;
    size_t j = pos_;
    for (; j < src_.size(); ++j) {
      if (src_[j] == '[') ++depth;
      if (src_[j] == ']' && --depth == 0) break;
    }
    if (j >= src_.size()) throw SyntaxError(line_, "unexpected EOF while looking for matching `}'");
    bp.has_index = true;
    bp.index = parse_string(src_.substr(pos_ + 1, j - pos_ - 1), Mode::Index, line_);
    while (pos_ <= j) get();
  }
  if (bp.indirect) {
    if ((peek() == '*' || peek() == '@') && peek(1) == '}' && !bp.has_index) {
      bp.op = peek() == '*' ? "!*" : "!@";
      bp.indirect = false;
      pos_ += 2;
      out.push_back(WordPart{std::move(bp)});
      return;
    }
    if (bp.has_index && peek() == '}' && bp.index.size() == 1) {
      if (auto* lit = std::get_if<Literal>(&bp.index[0].v)) {
        if (lit->text == "@" || lit->text == "*") {
          bp.op = "!keys";
          bp.indirect = false;
          get();
          out.push_back(WordPart{std::move(bp)});
          return;
        }
      }
    }
  }
  c = peek();
  if (c == '}') {
    get();
    out.push_back(WordPart{std::move(bp)});
    return;
  }
  if (bp.length || at_end()) {
    if (at_end()) throw SyntaxError(line_, "unexpected EOF while looking for matching `}'");
    bad();
    return;
  }
  auto read_arg = [&](WordParts& dst, char stop, bool dq) {
    read_parts(dst, Mode::ParamArg, stop, dq);
  };
  // The word of ${v:-word} and friends gets tilde expansion when unquoted.
  auto read_default_word = [&](WordParts& dst) {
    if (!in_dq && peek() == '~') {
      size_t j = pos_ + 1;
      while (j < src_.size() && is_tilde_user_char(src_[j])) ++j;
      if (j < src_.size() && (src_[j] == '/' || src_[j] == '}')) {
        dst.push_back(WordPart{Tilde{src_.substr(pos_ + 1, j - pos_ - 1)}});
        pos_ = j;
      }
    }
    read_arg(dst, 0, in_dq);
  };
  if (c == ':' && std::strchr("-=?+", peek(1)) != nullptr && peek(1) != '\0') {
    bp.op = src_.substr(pos_, 2);
    pos_ += 2;
    read_default_word(bp.arg);
  } else if (c == ':') {
    get();
    bp.op = ":";
    read_arg(bp.arg, ':', false);
    if (peek() == ':') {
      get();
      bp.has_arg2 = true;
      read_arg(bp.arg2, 0, false);
    }
  } else if (c == '-' || c == '=' || c == '?' || c == '+') {
    bp.op = std::string(1, get());
    read_default_word(bp.arg);
  } else if (c == '#' || c == '%' || c == '^' || c == ',') {
    get();
    bp.op = std::string(1, c);
    if (peek() == c) {
      get();
      bp.op.push_back(c);
    }
    read_arg(bp.arg, 0, false);
  } else if (c == '/') {
    get();
    bp.op = "/";
    if (peek() == '/' || peek() == '#' || peek() == '%') bp.op.push_back(get());
    read_arg(bp.arg, '/', false);
    if (peek() == '/') {
      get();
      bp.has_arg2 = true;
      read_arg(bp.arg2, 0, in_dq);
    }
  } else if (c == '@') {
    get();
    bp.op = "@";
    read_arg(bp.arg, 0, false);
  } else {
    bad();
    return;
  }
  if (at_end()) throw SyntaxError(line_, "unexpected EOF while looking for matching `}'");
  get();  // }
  out.push_back(WordPart{std::move(bp)});
}

void Lexer::read_heredoc_bodies() {
  auto docs = std::move(pending_heredocs);
  pending_heredocs.clear();
  for (auto& doc : docs) {
    std::string text;
    int body_line = line_;
    int start_line = line_ - 1;
    bool found = false;
    while (!at_end()) {
      size_t nl = src_.find('\n', pos_);
      bool last = nl == std::string::npos;
      std::string line = src_.substr(pos_, last ? std::string::npos : nl - pos_);
      pos_ = last ? src_.size() : nl + 1;
      if (!last) ++line_;
      std::string_view check = line;
      if (doc->strip_tabs) {
        size_t t = 0;
        while (t < check.size() && check[t] == '\t') ++t;
        check.remove_prefix(t);
      }
      if (check == doc->delimiter) {
        found = true;
        break;
      }
      text.append(check);
      text.push_back('\n');
    }
    if (!found) {
      int last_line = pos_ > 0 && src_[pos_ - 1] == '\n' ? line_ - 1 : line_;
      warnings.emplace_back(last_line,
                            "warning: here-document at line " + std::to_string(start_line) +
                                " delimited by end-of-file (wanted `" + doc->delimiter + "')");
    }
    doc->raw_body = text;
    if (doc->quoted) {
      doc->body.push_back(WordPart{SingleQuoted{std::move(text)}});
    } else {
      doc->body = parse_string(text, Mode::HereDoc, body_line);
    }
    doc->complete = true;
  }
}

bool Lexer::read_cond_token(Token& tok, bool regex) {
  for (;;) {
    skip_blanks();
    if (peek() == '\n') {
      get();
      continue;
    }
    break;
  }
  tok = Token{};
  tok.line = line_;
  if (at_end()) throw SyntaxError(line_, "unexpected EOF while looking for `]]'");
  std::string_view r = rest();
  auto delim_after = [&](size_t n) { return n >= r.size() || is_meta(r[n]); };
  if (r.substr(0, 2) == "]]" && delim_after(2)) {
    pos_ += 2;
    return false;
  }
  if (!regex) {
    for (std::string_view o : {"&&", "||", "(", ")", "<", ">"}) {
      if (r.substr(0, o.size()) == o) {
        tok.kind = Tok::Redirect;  // an operator of [[ ]]
        tok.raw = std::string(o);
        pos_ += o.size();
        return true;
      }
    }
    if (r[0] == '!' && delim_after(1) && !(r.size() > 1 && r[1] == '(')) {
      tok.kind = Tok::Redirect;
      tok.raw = "!";
      pos_ += 1;
      return true;
    }
  }
  size_t start = pos_;
  tok.kind = Tok::Word;
  tok.word.line = line_;
  read_parts(tok.word.parts, regex ? Mode::Regex : Mode::CondWord);
  tok.raw = src_.substr(start, pos_ - start);
  if (pos_ == start) {
    throw SyntaxError(line_, std::string("syntax error near unexpected token `") + peek() + "'");
  }
  return true;
}

WordParts Lexer::parse_string(const std::string& text, Mode mode, int line) {
  Lexer sub(text, line);
  WordParts out;
  sub.read_parts(out, mode);
  return out;
}

}  // namespace kefka::shell

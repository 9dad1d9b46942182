// The awk lexer.
#include "commands/text/awk_lexer.h"

#include <cstdlib>
#include <cstring>

#include "commands/common/escape.h"
#include "commands/text/awk_ast.h"

namespace kefka::cmd::awk {
namespace {

bool is_word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_word_char(char c) {
  return is_word_start(c) || (c >= '0' && c <= '9');
}

struct Keyword {
  const char* name;
  Tok tok;
};
constexpr Keyword kKeywords[] = {
    {"BEGIN", Tok::kBegin},
    {"END", Tok::kEnd},
    {"BEGINFILE", Tok::kBeginFile},
    {"ENDFILE", Tok::kEndFile},
    {"function", Tok::kFunction},
    {"func", Tok::kFunction},
    {"if", Tok::kIf},
    {"else", Tok::kElse},
    {"while", Tok::kWhile},
    {"switch", Tok::kSwitch},
    {"case", Tok::kCase},
    {"default", Tok::kDefault},
    {"for", Tok::kFor},
    {"do", Tok::kDo},
    {"break", Tok::kBreak},
    {"continue", Tok::kContinue},
    {"next", Tok::kNext},
    {"nextfile", Tok::kNextFile},
    {"exit", Tok::kExit},
    {"return", Tok::kReturn},
    {"delete", Tok::kDelete},
    {"in", Tok::kIn},
    {"getline", Tok::kGetline},
    {"print", Tok::kPrint},
    {"printf", Tok::kPrintf},
};

struct BuiltinName {
  const char* name;
  Builtin id;
};
constexpr BuiltinName kBuiltins[] = {
    {"length", Builtin::kLength},   {"substr", Builtin::kSubstr},
    {"index", Builtin::kIndex},     {"split", Builtin::kSplit},
    {"sub", Builtin::kSub},         {"gsub", Builtin::kGsub},
    {"match", Builtin::kMatch},     {"sprintf", Builtin::kSprintf},
    {"tolower", Builtin::kTolower}, {"toupper", Builtin::kToupper},
    {"gensub", Builtin::kGensub},   {"asort", Builtin::kAsort},
    {"asorti", Builtin::kAsorti},   {"strftime", Builtin::kStrftime},
    {"systime", Builtin::kSystime}, {"mktime", Builtin::kMktime},
    {"int", Builtin::kInt},         {"sqrt", Builtin::kSqrt},
    {"exp", Builtin::kExp},         {"log", Builtin::kLog},
    {"sin", Builtin::kSin},         {"cos", Builtin::kCos},
    {"atan2", Builtin::kAtan2},     {"rand", Builtin::kRand},
    {"srand", Builtin::kSrand},     {"close", Builtin::kClose},
    {"fflush", Builtin::kFflush},   {"system", Builtin::kSystem},
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string unescape_awk_string(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    if (int v = c_escape_value(e); v >= 0) {
      out += static_cast<char>(v);
      continue;
    }
    switch (e) {
      case '\\':
      case '"':
      case '/':
        out += e;
        break;
      case '\n':
        break;  // line continuation inside a string
      case 'x': {
        size_t p = i + 1;
        int v = read_escape_digits(s, &p, 16, 2);
        if (v < 0) {
          out += "\\x";
        } else {
          out += static_cast<char>(v);
          i = p - 1;
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          size_t p = i;
          out += static_cast<char>(read_escape_digits(s, &p, 8, 3));
          i = p - 1;
        } else {
          // gawk keeps the backslash for unknown escapes (with a warning).
          out += '\\';
          out += e;
        }
    }
  }
  return out;
}

Token Lexer::next() {
  for (;;) {
    while (pos_ < src_.size() && (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\r'))
      ++pos_;
    if (pos_ >= src_.size()) return make(Tok::kEof, pos_);
    char c = src_[pos_];
    if (c == '\\' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
      continue;
    }
    if (c == '\\' && pos_ + 2 < src_.size() && src_[pos_ + 1] == '\r' && src_[pos_ + 2] == '\n') {
      pos_ += 3;
      ++line_;
      continue;
    }
    if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      continue;
    }
    break;
  }
  size_t start = pos_;
  char c = src_[pos_];
  auto peek = [&](size_t k) { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; };
  auto op = [&](Tok k, size_t len) {
    Token t = make(k, start);
    pos_ += len;
    return t;
  };
  switch (c) {
    case '\n': {
      Token t = op(Tok::kNewline, 1);
      ++line_;
      return t;
    }
    case '{':
      return op(Tok::kLBrace, 1);
    case '}':
      return op(Tok::kRBrace, 1);
    case '(':
      return op(Tok::kLParen, 1);
    case ')':
      return op(Tok::kRParen, 1);
    case '[':
      return op(Tok::kLBracket, 1);
    case ']':
      return op(Tok::kRBracket, 1);
    case ';':
      return op(Tok::kSemicolon, 1);
    case ',':
      return op(Tok::kComma, 1);
    case '?':
      return op(Tok::kQuestion, 1);
    case ':':
      return op(Tok::kColon, 1);
    case '~':
      return op(Tok::kTilde, 1);
    case '$':
      return op(Tok::kDollar, 1);
    case '+':
      if (peek(1) == '+') return op(Tok::kIncr, 2);
      if (peek(1) == '=') return op(Tok::kAddAssign, 2);
      return op(Tok::kPlus, 1);
    case '-':
      if (peek(1) == '-') return op(Tok::kDecr, 2);
      if (peek(1) == '=') return op(Tok::kSubAssign, 2);
      return op(Tok::kMinus, 1);
    case '*':
      if (peek(1) == '*') return peek(2) == '=' ? op(Tok::kPowAssign, 3) : op(Tok::kCaret, 2);
      if (peek(1) == '=') return op(Tok::kMulAssign, 2);
      return op(Tok::kStar, 1);
    case '/':
      if (peek(1) == '=') return op(Tok::kDivAssign, 2);
      return op(Tok::kSlash, 1);
    case '%':
      if (peek(1) == '=') return op(Tok::kModAssign, 2);
      return op(Tok::kPercent, 1);
    case '^':
      if (peek(1) == '=') return op(Tok::kPowAssign, 2);
      return op(Tok::kCaret, 1);
    case '!':
      if (peek(1) == '=') return op(Tok::kNe, 2);
      if (peek(1) == '~') return op(Tok::kNoMatch, 2);
      return op(Tok::kNot, 1);
    case '>':
      if (peek(1) == '>') return op(Tok::kAppend, 2);
      if (peek(1) == '=') return op(Tok::kGe, 2);
      return op(Tok::kGt, 1);
    case '<':
      if (peek(1) == '=') return op(Tok::kLe, 2);
      return op(Tok::kLt, 1);
    case '=':
      if (peek(1) == '=') return op(Tok::kEq, 2);
      return op(Tok::kAssign, 1);
    case '|':
      if (peek(1) == '|') return op(Tok::kOr, 2);
      if (peek(1) == '&') return op(Tok::kPipeAmp, 2);
      return op(Tok::kPipe, 1);
    case '&':
      if (peek(1) == '&') return op(Tok::kAnd, 2);
      break;
    case '"':
      return lex_string(start);
    case '@': {
      size_t e = pos_ + 1;
      while (e < src_.size() && is_word_char(src_[e])) ++e;
      Token t = make(Tok::kInclude, start);
      t.text = std::string(src_.substr(pos_ + 1, e - pos_ - 1));
      pos_ = e;
      return t;
    }
    default:
      break;
  }
  if ((c >= '0' && c <= '9') || (c == '.' && peek(1) >= '0' && peek(1) <= '9'))
    return lex_number(start);
  if (is_word_start(c)) return lex_word(start);
  Token t = make(Tok::kError, start);
  t.text = std::string(1, c);
  ++pos_;
  return t;
}

Token Lexer::lex_string(size_t start) {
  size_t i = pos_ + 1;
  std::string raw;
  while (i < src_.size() && src_[i] != '"') {
    if (src_[i] == '\n') break;
    if (src_[i] == '\\' && i + 1 < src_.size()) {
      if (src_[i + 1] == '\n') ++line_;
      raw += src_[i++];
    }
    raw += src_[i++];
  }
  if (i >= src_.size() || src_[i] != '"') {
    Token t = make(Tok::kError, start);
    t.text = "unterminated string";
    pos_ = i;
    return t;
  }
  Token t = make(Tok::kString, start);
  t.text = unescape_awk_string(raw);
  pos_ = i + 1;
  return t;
}

Token Lexer::lex_number(size_t start) {
  const char* begin = src_.data() + pos_;
  std::string text;
  size_t i = pos_;
  if (src_[i] == '0' && i + 1 < src_.size() && (src_[i + 1] == 'x' || src_[i + 1] == 'X') &&
      i + 2 < src_.size() && hex_value(src_[i + 2]) >= 0) {
    i += 2;
    double v = 0;
    while (i < src_.size() && hex_value(src_[i]) >= 0) v = v * 16 + hex_value(src_[i++]);
    Token t = make(Tok::kNumber, start);
    t.num = v;
    pos_ = i;
    return t;
  }
  while (i < src_.size() && src_[i] >= '0' && src_[i] <= '9') ++i;
  if (i < src_.size() && src_[i] == '.') {
    ++i;
    while (i < src_.size() && src_[i] >= '0' && src_[i] <= '9') ++i;
  }
  if (i < src_.size() && (src_[i] == 'e' || src_[i] == 'E')) {
    size_t j = i + 1;
    if (j < src_.size() && (src_[j] == '+' || src_[j] == '-')) ++j;
    if (j < src_.size() && src_[j] >= '0' && src_[j] <= '9') {
      while (j < src_.size() && src_[j] >= '0' && src_[j] <= '9') ++j;
      i = j;
    }
  }
  text.assign(begin, src_.data() + i);
  Token t = make(Tok::kNumber, start);
  t.num = std::strtod(text.c_str(), nullptr);
  // gawk reads 011 as octal in program text (not in data).
  if (text.size() > 1 && text[0] == '0' &&
      text.find_first_not_of("01234567") == std::string::npos) {
    t.num = static_cast<double>(std::strtoull(text.c_str(), nullptr, 8));
  }
  pos_ = i;
  return t;
}

Token Lexer::lex_word(size_t start) {
  size_t i = pos_;
  while (i < src_.size() && is_word_char(src_[i])) ++i;
  std::string word(src_.substr(pos_, i - pos_));
  pos_ = i;
  for (const Keyword& k : kKeywords) {
    if (word == k.name) {
      Token t = make(k.tok, start);
      t.text = word;
      return t;
    }
  }
  for (const BuiltinName& b : kBuiltins) {
    if (word == b.name) {
      Token t = make(Tok::kBuiltin, start);
      t.text = word;
      t.builtin = static_cast<int>(b.id);
      return t;
    }
  }
  bool call = pos_ < src_.size() && src_[pos_] == '(';
  Token t = make(call ? Tok::kFuncName : Tok::kName, start);
  t.text = std::move(word);
  return t;
}

Token Lexer::rescan_regex(const Token& slash) {
  size_t i = slash.pos + 1;
  std::string re;
  bool in_bracket = false;
  while (i < src_.size()) {
    char c = src_[i];
    if (c == '\n') break;
    if (c == '\\' && i + 1 < src_.size()) {
      if (src_[i + 1] == '/') {
        re += '/';
      } else if (src_[i + 1] == '\n') {
        ++line_;
      } else {
        re += c;
        re += src_[i + 1];
      }
      i += 2;
      continue;
    }
    if (in_bracket) {
      if (c == ']' &&
          !(re.size() >= 1 && (re.back() == '[' ||
                               (re.size() >= 2 && re.back() == '^' && re[re.size() - 2] == '[')))) {
        in_bracket = false;
      }
    } else if (c == '[') {
      in_bracket = true;
      re += c;
      ++i;
      if (i < src_.size() && src_[i] == '^') re += src_[i++];
      if (i < src_.size() && src_[i] == ']') re += src_[i++];
      continue;
    } else if (c == '/') {
      break;
    }
    re += c;
    ++i;
  }
  if (i >= src_.size() || src_[i] != '/') {
    Token t = make(Tok::kError, slash.pos);
    t.text = "unterminated regexp";
    pos_ = i;
    return t;
  }
  Token t = make(Tok::kEre, slash.pos);
  t.text = std::move(re);
  pos_ = i + 1;
  return t;
}

}  // namespace kefka::cmd::awk

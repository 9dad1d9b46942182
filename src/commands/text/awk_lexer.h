// The awk lexer: turns program text into tokens. Whether '/' starts a regex or
// divides depends on the grammar, so the parser asks for a regex explicitly
// (rescan_regex) when it expects an operand.
#pragma once

#include <string>
#include <string_view>

namespace kefka::cmd::awk {

enum class Tok : uint8_t {
  kEof,
  kNewline,
  kLBrace,
  kRBrace,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kSemicolon,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kCaret,
  kNot,
  kGt,
  kLt,
  kPipe,
  kQuestion,
  kColon,
  kTilde,
  kNoMatch,
  kDollar,
  kAssign,
  kAddAssign,
  kSubAssign,
  kMulAssign,
  kDivAssign,
  kModAssign,
  kPowAssign,
  kEq,
  kLe,
  kGe,
  kNe,
  kIncr,
  kDecr,
  kAppend,
  kAnd,
  kOr,
  kPipeAmp,
  kNumber,
  kString,
  kEre,
  kFuncName,
  kName,
  kBuiltin,
  kBegin,
  kEnd,
  kBeginFile,
  kEndFile,
  kFunction,
  kIf,
  kElse,
  kWhile,
  kSwitch,
  kCase,
  kDefault,
  kFor,
  kDo,
  kBreak,
  kContinue,
  kNext,
  kNextFile,
  kExit,
  kReturn,
  kDelete,
  kIn,
  kGetline,
  kPrint,
  kPrintf,
  kInclude,
  kError,
};

struct Token {
  Tok kind = Tok::kEof;
  std::string text;  // names, string contents (escapes done), regex source
  double num = 0;
  int builtin = 0;  // Builtin id for kBuiltin
  size_t pos = 0;   // offset of the token in the source
  int line = 1;
};

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}
  Token next();
  // Re-reads a regex literal starting at the '/' token `slash` (also for '/=').
  Token rescan_regex(const Token& slash);
  std::string_view source() const { return src_; }
  size_t pos() const { return pos_; }
  int line() const { return line_; }
  void restore(size_t pos, int line) {
    pos_ = pos;
    line_ = line;
  }

 private:
  Token make(Tok k, size_t start) {
    Token t;
    t.kind = k;
    t.pos = start;
    t.line = line_;
    return t;
  }
  Token lex_string(size_t start);
  Token lex_number(size_t start);
  Token lex_word(size_t start);
  std::string_view src_;
  size_t pos_ = 0;
  int line_ = 1;
};

// Processes awk escape sequences (\n \t \" \\ \/ \ooo \xhh ...) in a string;
// used for string constants and -v / command-line assignments.
std::string unescape_awk_string(std::string_view s);

}  // namespace kefka::cmd::awk

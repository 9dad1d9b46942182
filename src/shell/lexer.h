// The lexer: turns script text into tokens (command mode) and words into
// typed parts. Each lexer mode is a set of characters that end the text it
// reads plus the quoting rules that apply inside it (see kModes in lexer.cpp);
// the parser picks the mode (command words, double quotes, ${...} operands,
// arithmetic, [[ ]] operands, the regex after =~, here-document bodies).
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shell/ast.h"

namespace kefka::shell {

// A syntax error, reported by the runner as
// "NAME: line N: syntax error near unexpected token `fi'".
class SyntaxError : public std::exception {
 public:
  SyntaxError(int line, std::string message, bool keeps_status = false)
      : line_(line), message_(std::move(message)), keeps_status_(keeps_status) {}
  const char* what() const noexcept override { return message_.c_str(); }
  int line() const { return line_; }
  // bash reports some [[ ]] errors without setting $? to 2: the shell stops
  // with the previous status.
  bool keeps_status() const { return keeps_status_; }

 private:
  int line_;
  std::string message_;
  bool keeps_status_ = false;
};

enum class Tok : uint8_t {
  Word,
  Newline,
  Eof,
  Semi,      // ;
  Amp,       // &
  Pipe,      // |
  PipeAmp,   // |&
  AndIf,     // &&
  OrIf,      // ||
  DSemi,     // ;;
  SemiAmp,   // ;&
  DSemiAmp,  // ;;&
  LParen,    // (
  RParen,    // )
  DLParen,   // ((
  Redirect,  // < > >> ... with an optional fd
};

struct Token {
  Tok kind = Tok::Eof;
  int line = 0;
  size_t pos = 0;   // offset of the token in the source
  std::string raw;  // source text (words, operators)
  Word word;
  // Words that start with NAME= / NAME+= / NAME[...]=: the parser decides
  // whether they are assignments.
  bool is_assign = false;
  std::string assign_name;
  bool assign_has_index = false;
  WordParts assign_index;
  bool assign_append = false;
  bool assign_array = false;
  std::vector<ArrayItem> assign_items;
  std::string assign_prefix_raw;  // "a[1]+=" to rebuild a plain word
  // Redirect
  RedirOp op = RedirOp::Out;
  int fd = -1;
  std::string fd_var;
  bool strip_tabs = false;
};

// Lexer modes: what ends the text and which quotes apply.
enum class Mode : uint8_t {
  Command,      // ends at blanks and metacharacters
  DoubleQuote,  // ends at "
  HereDoc,      // ends at end of input; " is literal
  ParamArg,     // ${x:-...}: ends at } (and / or : for the first operand of / and :)
  Arith,        // $(( )) body (given whole): ends at end of input
  CondWord,     // [[ ]] operand: like Command but ( ) < > are not special inside words
  Regex,        // after =~: ends at blanks outside ( ); ( ) | are literal
  Index,        // a[...] subscript (given whole)
};

// Looks up an alias while parsing (null: aliases disabled).
using AliasLookup = std::function<const std::string*(const std::string&)>;

class Lexer {
 public:
  Lexer(std::string src, int first_line = 1) : src_(std::move(src)), line_(first_line) {}

  // The next token in command mode.
  Token next();
  // Skips blanks, comments and line continuations (not newlines).
  void skip_blanks();

  // Reads parts in `mode` until its end; `stop` is an extra end character
  // for ParamArg ('/' or ':'), 0 for none.
  void read_parts(WordParts& out, Mode mode, char stop = 0, bool in_dq = false);
  // The raw text up to the `))` ending an arithmetic command or $((; consumes it.
  std::string read_arith_raw();
  // [[ ]]: the next operand or operator, as raw text + word. Returns false at `]]`.
  bool read_cond_token(Token& tok, bool regex);

  // Parses a complete string (arith body, index, here-doc body) in a mode.
  static WordParts parse_string(const std::string& text, Mode mode, int line);

  size_t pos() const { return pos_; }
  int line() const { return line_; }
  bool at_end() const { return pos_ >= src_.size(); }
  char peek(size_t off = 0) const { return pos_ + off < src_.size() ? src_[pos_ + off] : '\0'; }
  std::string_view rest() const { return std::string_view(src_).substr(pos_); }
  // Inserts text at the current position (alias expansion).
  void insert(const std::string& text) { src_.insert(pos_, text); }
  // A line of the source (for the second line of syntax errors).
  std::string source_line(int line) const;

  std::vector<std::shared_ptr<HereDocBody>> pending_heredocs;
  // Warnings met while lexing (line, text), printed by the runner.
  std::vector<std::pair<int, std::string>> warnings;
  AliasLookup aliases;
  // extglob patterns in command words are lexed only while the option is on
  // (null: always).
  const bool* extglob = nullptr;
  int nesting = 0;  // guard against deep recursion

 private:
  char get();
  void read_word(Token& tok);
  void split_colon_tildes(WordParts& parts);
  bool try_assignment_prefix(Token& tok);
  void read_dollar(WordParts& out, bool in_dq);
  void read_braced_param(WordParts& out, bool in_dq);
  void read_single_quoted(WordParts& out);
  void read_dollar_single(WordParts& out);
  void read_double_quoted(WordParts& out);
  void read_backquote(WordParts& out, bool in_dq);
  CommandPtr read_command_sub();  // after "$(" or "<(": up to the matching ")"
  void read_heredoc_bodies();
  bool read_extglob(WordParts& out);
  std::vector<ArrayItem> read_array_items();

  std::string src_;
  size_t pos_ = 0;
  int line_ = 1;
};

void append_literal(WordParts& parts, std::string_view text);

}  // namespace kefka::shell

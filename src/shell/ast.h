// The typed syntax tree of a bash script.
//
// Words are sequences of parts (closed sum type WordPart); commands are a
// closed sum type too (Command::node). Every command and word carries the line
// it starts on, for error messages, $LINENO and xtrace. The tree is immutable
// after parsing and shared (function definitions keep their bodies alive).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace kefka::shell {

struct Command;
using CommandPtr = std::shared_ptr<Command>;

struct WordPart;
using WordParts = std::vector<WordPart>;

// ---------------------------------------------------------------------------
// Word parts

// Unquoted text; may hold glob characters, braces, '=' ...
struct Literal {
  std::string text;
};
// '...'
struct SingleQuoted {
  std::string text;
};
// \c outside quotes, or \$ \` \" \\ inside double quotes.
struct Escaped {
  std::string text;
};
// $'...' (already decoded).
struct DollarSingle {
  std::string text;
};
// "..." (also $"...").
struct DoubleQuoted {
  WordParts parts;
};
// $name, $1, $@, $?, ...
struct Param {
  std::string name;
};
// ${...} in all its forms.
struct BracedParam {
  std::string name;  // identifier, digits or one special character
  bool has_index = false;
  WordParts index;        // a[index]; "@" / "*" are kept as Literal
  bool length = false;    // ${#x}
  bool indirect = false;  // ${!x}
  // "" (plain), ":-" "-" ":=" "=" ":?" "?" ":+" "+" "#" "##" "%" "%%"
  // "/" "//" "/#" "/%" "^" "^^" "," ",," ":" (substring) "@" (transform),
  // "!*" "!@" (names with prefix), "!keys" (${!a[@]})
  std::string op;
  WordParts arg;  // operand (pattern, default word, offset, transform letter)
  bool has_arg2 = false;
  WordParts arg2;  // replacement / substring length
};
// $(...) and `...`
struct CommandSub {
  CommandPtr body;
  bool backquote = false;
};
// $((...))
struct ArithSub {
  WordParts expr;
};
// <(...) and >(...)
struct ProcessSub {
  CommandPtr body;
  bool output = false;
};
// ~ or ~user at the start of a word.
struct Tilde {
  std::string user;
};

struct WordPart {
  std::variant<Literal, SingleQuoted, Escaped, DollarSingle, DoubleQuoted, Param, BracedParam,
               CommandSub, ArithSub, ProcessSub, Tilde>
      v;
};

struct Word {
  WordParts parts;
  int line = 0;
  std::string raw;  // source text (declare -f, xtrace of for lists)
};

// ---------------------------------------------------------------------------
// Commands

enum class RedirOp : uint8_t {
  In,          // <
  Out,         // >
  Append,      // >>
  Clobber,     // >|
  ReadWrite,   // <>
  DupIn,       // <&
  DupOut,      // >&
  HereDoc,     // << and <<-
  HereString,  // <<<
  OutErr,      // &>  (and >& word when word is not a number)
  AppendErr,   // &>>
};

struct HereDocBody {
  std::string delimiter;
  bool quoted = false;      // delimiter had quotes: no expansion
  bool strip_tabs = false;  // <<-
  std::string raw_body;     // the body as written
  WordParts body;
  bool complete = false;
};

struct Redir {
  int fd = -1;         // -1: the operator's default (0 or 1)
  std::string fd_var;  // {var}>file
  RedirOp op = RedirOp::Out;
  Word target;
  std::string target_raw;  // source text of the target, for error messages
  std::shared_ptr<HereDocBody> heredoc;
};

struct ArrayItem {
  bool has_key = false;
  WordParts key;
  Word value;
};

struct Assignment {
  std::string name;
  bool has_index = false;
  WordParts index;
  bool append = false;  // +=
  bool array = false;   // name=(...)
  Word value;
  std::vector<ArrayItem> items;
  int line = 0;
  std::string raw;  // source text (xtrace of name=(...))
};

struct SimpleCommand {
  std::vector<Assignment> assigns;
  std::vector<Word> words;
};

struct Pipeline {
  std::vector<CommandPtr> commands;
  std::vector<bool> stderr_too;  // |& after commands[i]
  bool negate = false;
  bool timed = false;
  bool time_posix = false;
};

enum class AndOrOp : uint8_t { And, Or };
struct AndOr {
  CommandPtr first;
  std::vector<std::pair<AndOrOp, CommandPtr>> rest;
};

struct ListItem {
  CommandPtr command;
  bool background = false;
};
struct List {
  std::vector<ListItem> items;
};

struct Subshell {
  CommandPtr body;
};
struct BraceGroup {
  CommandPtr body;
};
struct If {
  std::vector<std::pair<CommandPtr, CommandPtr>> branches;  // condition, body
  CommandPtr else_body;                                     // may be null
};
struct For {
  std::string var;
  bool has_words = false;  // false: iterate over "$@"
  std::vector<Word> words;
  CommandPtr body;
  std::string words_raw;  // source text of the word list (for xtrace)
};
struct ArithFor {
  WordParts init, cond, step;
  std::string raw;  // "init; cond; step"
  bool has_cond = false;
  CommandPtr body;
};
struct While {
  CommandPtr cond;
  CommandPtr body;
  bool until = false;
};
enum class CaseTerm : uint8_t { Break, FallThrough, TestNext };  // ;; ;& ;;&
struct CaseItem {
  std::vector<Word> patterns;
  CommandPtr body;  // may be null
  CaseTerm term = CaseTerm::Break;
};
struct Case {
  Word subject;
  std::vector<CaseItem> items;
};
struct Select {
  std::string var;
  bool has_words = false;
  std::vector<Word> words;
  CommandPtr body;
};
struct FunctionDef {
  std::string name;
  CommandPtr body;  // a compound command (with its own redirections)
};

// The expression tree of [[ ... ]].
struct CondExpr;
using CondPtr = std::shared_ptr<CondExpr>;
struct CondExpr {
  enum class Kind : uint8_t { Word, Unary, Binary, Not, And, Or } kind = Kind::Word;
  std::string op;  // "-f", "==", "=~", "<" ...
  Word left, right;
  CondPtr a, b;
};
struct DoubleBracket {
  CondPtr expr;
};
struct ArithCommand {
  WordParts expr;
  std::string raw;
};
struct Coproc {
  std::string name;
  CommandPtr body;
};

struct Command {
  std::variant<SimpleCommand, Pipeline, AndOr, List, Subshell, BraceGroup, If, For, ArithFor, While,
               Case, Select, FunctionDef, DoubleBracket, ArithCommand, Coproc>
      node;
  std::vector<Redir> redirs;
  int line = 0;
};

}  // namespace kefka::shell

// sed's compiled program: the parsed script (sed_parse.cpp) that the executor
// (sed_exec.cpp) runs. Mirrors GNU sed 4.9: addresses, ranges, the commands
// and their arguments, substitution replacements with case conversion.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/text/regex.h"

namespace kefka::cmd::sed {

// A regex operand. `regex` is null for the empty regex (//), which means
// "the last regex used at run time".
struct SedRegex {
  std::shared_ptr<Regex> regex;
};

enum class AddrKind : uint8_t {
  kNone,
  kLine,      // N
  kLast,      // $
  kRegex,     // /re/ or \cREc
  kStep,      // first~step
  kZero,      // 0 (only as 0,/re/)
  kPlus,      // addr1,+N
  kMultiple,  // addr1,~N
};

struct Address {
  AddrKind kind = AddrKind::kNone;
  long long n = 0;     // line, first, N
  long long step = 0;  // first~step
  SedRegex re;
};

// One piece of an s/// replacement.
struct ReplacementPart {
  enum Kind : uint8_t { kLiteral, kGroup, kUpper, kLower, kUpperOne, kLowerOne, kEndCase };
  Kind kind = kLiteral;
  std::string text;  // kLiteral
  int group = 0;     // kGroup: 0 is the whole match (&)
};

struct Substitution {
  SedRegex re;
  std::vector<ReplacementPart> replacement;
  int max_group = 0;  // the highest group the replacement refers to
  bool global = false;
  long long nth = 1;
  int print = 0;  // p flags given
  bool eval = false;
  int write_file = -1;  // index into Program::outputs
};

struct Command {
  Address a1, a2;
  bool negate = false;
  char name = 0;
  // Range state (run time).
  bool in_range = false;
  long long range_end = 0;
  // Arguments.
  std::string text;       // a/i/c text (with its trailing newline), label, file name, e command
  long long number = -1;  // q/Q exit code, l line length (-1: none given)
  size_t jump = 0;        // b/t/T target, { -> index after the matching }
  bool jump_to_end = false;
  int output = -1;  // w/W: index into Program::outputs
  std::unique_ptr<Substitution> subst;
  std::vector<std::pair<std::string, std::string>> translit;  // y: character -> character
  std::string translit_bytes;  // y over single bytes: 256 entries, empty if multibyte
};

struct Program {
  std::vector<Command> commands;
  std::vector<std::string> outputs;  // file names of w/W and s///w, in order
  bool quiet_from_script = false;    // "#n" on the first line
};

struct ParseSettings {
  bool extended = false;  // -E/-r
  bool posix = false;
  bool sandbox = false;  // --sandbox: e/r/w are rejected
  bool utf8 = true;
};

// One source of script text: a -e expression or a -f file.
struct ScriptChunk {
  std::string text;
  bool from_file = false;
  std::string file_name;  // -f name
  int expression_number = 0;
};

// Parses the script; on error returns false and sets *error to GNU's message
// ("-e expression #1, char 5: unterminated `s' command").
bool parse_program(const std::vector<ScriptChunk>& chunks, const ParseSettings& settings,
                   Program* program, std::string* error);

}  // namespace kefka::cmd::sed

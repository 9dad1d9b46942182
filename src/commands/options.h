// The one option parser shared by every command.
//
// It turns argv into Args from a command's OptionSpec table with glibc
// getopt_long's rules and messages (GNU coreutils is the reference):
//   -abc bundles, -n5 and -n 5, --long, --long=v and --long v for required
//   arguments, optional arguments only attached (-iSUF, --color=WHEN),
//   unambiguous abbreviations of long options (an exact name always wins),
//   `--` ends the options, a lone `-` is an operand, GNU argument permutation
//   unless kStopAtFirstOperand or POSIXLY_CORRECT, -NUM with kNumericShorthand.
// --help and --version are part of every table (they take part in
// abbreviation, so `cat --he` is --help, like GNU).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "commands/command.h"

namespace kefka::cmd {

struct ParseResult {
  enum class Kind { kOk, kHelp, kVersion, kError };
  Kind kind = Kind::kOk;
  Args args;
  // For kError: the message without the program name, e.g.
  // "invalid option -- 'z'".
  std::string error;
};

struct ParseSettings {
  // Stop at the first operand (also implied by kStopAtFirstOperand).
  bool stop_at_first_operand = false;
};

// Parses argv[1..] (argv[0] is the program name) against spec's table.
// kRawArguments commands get every argument as an operand, except a sole
// --help or --version.
ParseResult parse_options(const CommandSpec& spec, std::span<const std::string> argv,
                          ParseSettings settings = {});

// `--help` text built from the table in GNU layout:
//   Usage: NAME ...
//     or:  NAME ...          (further usage lines)
//   summary
//
//   Mandatory arguments to long options are mandatory for short options too.
//     -a, --all        help
//         --help     display this help and exit
//         --version  output version information and exit
//
//   epilog
std::string format_help(const CommandSpec& spec, std::string_view program_name);
// `--version` text: "NAME (kefka) 0.1\n".
std::string format_version(const CommandSpec& spec);

// Prints "NAME: message\nTry 'NAME --help' for more information.\n" on stderr
// and returns `status` (commands call it for their own usage errors such as
// "missing operand"; pass kExitUsage where GNU exits with 2).
int usage_error(Context& ctx, std::string_view message, int status = kExitFailure);

// The status of usage errors for a command (2 with kUsageStatus2, else 1).
inline int usage_status(const CommandSpec& spec) {
  if ((spec.flags & kUsageStatus125) != 0) return 125;
  return (spec.flags & kUsageStatus2) != 0 ? kExitUsage : kExitFailure;
}

}  // namespace kefka::cmd

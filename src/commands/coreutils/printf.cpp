// printf: format and print data (GNU coreutils 9.1); see common/printf_format.h.
#include "commands/command.h"
#include "commands/common/printf_format.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

bool utf8_env(const Context& ctx) {
  std::string_view loc = ctx.getenv("LC_ALL");
  if (loc.empty()) loc = ctx.getenv("LC_CTYPE");
  if (loc.empty()) loc = ctx.getenv("LANG");
  return loc.find("UTF-8") != std::string_view::npos ||
         loc.find("utf8") != std::string_view::npos || loc.find("utf-8") != std::string_view::npos;
}

int run(Context& ctx, const Args& args) {
  std::vector<std::string> ops = args.operands;
  if (!ops.empty() && ops[0] == "--") ops.erase(ops.begin());
  if (ops.empty()) return usage_error(ctx, "missing operand");
  std::string format = ops[0];
  ops.erase(ops.begin());
  std::string out;
  PrintfOutcome r = run_printf(ctx, format, ops, out, utf8_env(ctx));
  ctx.out() << out;
  return r.status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    printf_command,
    {
        .name = "printf",
        .usage = "printf FORMAT [ARGUMENT]...\nprintf OPTION",
        .summary = "Print ARGUMENT(s) according to FORMAT, or execute according to OPTION:",
        .main = run,
        .flags = kRawArguments,
        .epilog = "FORMAT controls the output as in C printf.  Interpreted sequences are:\n\n"
                  "  \\\"      double quote\n  \\\\      backslash\n  \\a      alert (BEL)\n"
                  "  \\b      backspace\n  \\c      produce no further output\n  \\e      escape\n"
                  "  \\f      form feed\n  \\n      new line\n  \\r      carriage return\n"
                  "  \\t      horizontal tab\n  \\v      vertical tab\n"
                  "  \\NNN    byte with octal value NNN (1 to 3 digits)\n"
                  "  \\xHH    byte with hexadecimal value HH (1 to 2 digits)\n"
                  "  \\uHHHH  Unicode (ISO/IEC 10646) character with hex value HHHH (4 digits)\n"
                  "  \\UHHHHHHHH  Unicode character with hex value HHHHHHHH (8 digits)\n"
                  "  %%      a single %\n"
                  "  %b      ARGUMENT as a string with '\\' escapes interpreted,\n"
                  "          except that octal escapes are of the form \\0 or \\0NNN\n"
                  "  %q      ARGUMENT is printed in a format that can be reused as shell input,\n"
                  "          escaping non-printable characters with the proposed POSIX $'' syntax.",
    });

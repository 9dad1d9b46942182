// echo (the command; the shell has its own builtin): GNU coreutils 9.1.
// Leading arguments made only of -n, -e, -E letters are options; the rest is
// printed joined by spaces. --help/--version only as the sole argument.
#include "commands/command.h"
#include "commands/common/printf_format.h"

namespace kefka::cmd {
namespace {

int run(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  bool newline = true, escapes = false;
  size_t i = 0;
  for (; i < ops.size(); ++i) {
    const std::string& a = ops[i];
    if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
    for (char c : std::string_view(a).substr(1)) {
      if (c == 'n') newline = false;
      if (c == 'e') escapes = true;
      if (c == 'E') escapes = false;
    }
  }
  std::string out;
  for (size_t k = i; k < ops.size(); ++k) {
    if (k > i) out += ' ';
    if (!escapes) {
      out += ops[k];
    } else if (!append_echo_escapes(ops[k], out)) {
      ctx.out() << out;
      return kExitSuccess;
    }
  }
  if (newline) out += '\n';
  ctx.out() << out;
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    echo_command,
    {
        .name = "echo",
        .usage = "echo [SHORT-OPTION]... [STRING]...\necho LONG-OPTION",
        .summary = "Echo the STRING(s) to standard output.\n\n"
                   "  -n             do not output the trailing newline\n"
                   "  -e             enable interpretation of backslash escapes\n"
                   "  -E             disable interpretation of backslash escapes (default)",
        .main = run,
        .flags = kRawArguments,
    });

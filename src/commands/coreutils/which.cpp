// which: locate a command in PATH (Debian's which): prints the first (or with
// -a every) executable regular file named NAME in the PATH directories, looked
// up through the sandbox filesystem. Exit 1 when some NAME is not found.
#include <unistd.h>

#include "commands/command.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "", ArgKind::None, "", "print all matching pathnames of each argument"},
    {'s', "", ArgKind::None, "", "silently return 0 if all executables were found, 1 otherwise"},
};

bool executable(Context& ctx, const std::string& path) {
  auto st = ctx.fs.stat(path);
  return st && st->is_regular() && ctx.fs.access(path, X_OK).ok();
}

int run(Context& ctx, const Args& args) {
  bool all = args.has('a'), silent = args.has('s');
  std::string_view path = ctx.getenv("PATH");
  int status = args.operands.empty() ? kExitFailure : kExitSuccess;
  for (const std::string& name : args.operands) {
    bool found = false;
    if (name.find('/') != std::string::npos) {
      if (executable(ctx, name)) {
        if (!silent) ctx.out() << name << '\n';
        found = true;
      }
    } else {
      size_t start = 0;
      while (start <= path.size()) {
        size_t colon = path.find(':', start);
        std::string_view dir =
            path.substr(start, colon == std::string_view::npos ? colon : colon - start);
        std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + name;
        if (executable(ctx, candidate)) {
          if (!silent) ctx.out() << candidate << '\n';
          found = true;
          if (!all) break;
        }
        if (colon == std::string_view::npos) break;
        start = colon + 1;
      }
    }
    if (!found) status = kExitFailure;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(which, {
                         .name = "which",
                         .usage = "which [-as] COMMAND...",
                         .summary = "Print the full path of each COMMAND found in PATH.",
                         .options = kOptions,
                         .main = run,
                         .flags = kUsageStatus2,
                     });

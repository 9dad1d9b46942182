// rmdir: remove empty directories, GNU coreutils 9.1 behaviour.
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {0, "ignore-fail-on-non-empty", ArgKind::None, "",
     "ignore each failure to remove a non-empty directory"},
    {'p', "parents", ArgKind::None, "", "remove DIRECTORY and its ancestors"},
    {'v', "verbose", ArgKind::None, "", "output a diagnostic for every directory processed"},
};

int run_rmdir(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  bool ignore_non_empty = args.has("ignore-fail-on-non-empty");
  bool parents = args.has('p'), verbose = args.has('v');
  int status = kExitSuccess;
  // Returns false on a reported failure.
  auto remove_one = [&](const std::string& path) {
    if (verbose) ctx.out() << "rmdir: removing directory, " << quote(ctx, path) << '\n';
    auto r = ctx.fs.rmdir(path);
    if (r.ok()) return true;
    int err = r.error();
    if (ignore_non_empty && (err == ENOTEMPTY || err == EEXIST)) return false;
    if (err == ENOTDIR) {
      // GNU names the culprit when a trailing slash met a symlink or file.
      auto st = ctx.fs.lstat(strip_trailing_slashes(path));
      (void)st;
    }
    fail(ctx, "failed to remove " + quote(ctx, path), err);
    status = kExitFailure;
    return false;
  };
  for (const std::string& arg : args.operands) {
    ctx.budget.check();
    std::string path = arg;
    if (!remove_one(path)) continue;
    if (!parents) continue;
    path = strip_trailing_slashes(path);
    for (;;) {
      size_t slash = path.rfind('/');
      if (slash == std::string::npos) break;
      while (slash > 0 && path[slash - 1] == '/') --slash;
      if (slash == 0) break;
      path = path.substr(0, slash);
      if (!remove_one(path)) break;
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(rmdir, {
                         .name = "rmdir",
                         .usage = "rmdir [OPTION]... DIRECTORY...",
                         .summary = "Remove the DIRECTORY(ies), if they are empty.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_rmdir,
                     });

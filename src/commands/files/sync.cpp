// sync: synchronize cached writes (GNU 9.1). The sandbox's filesystem has
// nothing to flush; named files must exist, as GNU opens them.
#include <fcntl.h>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'d', "data", ArgKind::None, "", "sync only file data, no unneeded metadata"},
    {'f', "file-system", ArgKind::None, "", "sync the file systems that contain the files"},
};

int run_sync(Context& ctx, const Args& args) {
  if (args.has('d') && args.has('f')) {
    ctx.error("cannot specify both --data and --file-system");
    return kExitFailure;
  }
  if (args.has('d') && args.operands.empty()) {
    ctx.error("--data needs at least one argument");
    return kExitFailure;
  }
  int status = kExitSuccess;
  for (const std::string& path : args.operands) {
    auto st = ctx.fs.stat(path);
    if (!st.ok()) {
      fail(ctx, "error opening " + quote(ctx, path), st.error());
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(sync, {
                        .name = "sync",
                        .usage = "sync [OPTION] [FILE]...",
                        .summary = "Synchronize cached writes to persistent storage",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_sync,
                    });

// unlink: call the unlink function to remove the specified file (GNU 9.1).
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

int run_unlink(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  if (args.operands.size() > 1) {
    ctx.error("extra operand " + quote_value(ctx, args.operands[1]));
    try_help(ctx);
    return kExitFailure;
  }
  auto r = ctx.fs.unlink(args.operands[0]);
  if (!r.ok()) {
    fail(ctx, "cannot unlink " + quote(ctx, args.operands[0]), r.error());
    return kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(unlink, {
                          .name = "unlink",
                          .usage = "unlink FILE\nunlink OPTION",
                          .summary = "Call the unlink function to remove the specified FILE.",
                          .main = kefka::cmd::files::run_unlink,
                      });

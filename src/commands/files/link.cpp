// link: call the link function to create a hard link (GNU 9.1).
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

int run_link(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  if (ops.size() == 1) {
    ctx.error("missing operand after " + quote_value(ctx, ops[0]));
    try_help(ctx);
    return kExitFailure;
  }
  if (ops.size() > 2) {
    ctx.error("extra operand " + quote_value(ctx, ops[2]));
    try_help(ctx);
    return kExitFailure;
  }
  auto r = ctx.fs.link(ops[0], ops[1]);
  if (!r.ok()) {
    fail(ctx, "cannot create link " + quote(ctx, ops[1]) + " to " + quote(ctx, ops[0]), r.error());
    return kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(link, {
                        .name = "link",
                        .usage = "link FILE1 FILE2\nlink OPTION",
                        .summary = "Call the link function to create a link named FILE2 to an "
                                   "existing FILE1.",
                        .main = kefka::cmd::files::run_link,
                    });

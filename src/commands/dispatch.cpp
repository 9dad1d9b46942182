// run_command(): the one way a registered command is started.
#include <cstring>

#include "commands/common/util.h"
#include "commands/files/file_util.h"
#include "commands/options.h"
#include "commands/registry.h"

namespace kefka::cmd {
namespace {

// Flushes stdout and turns a failed write into GNU's status: a closed pipe is
// SIGPIPE (141, silent), anything else "NAME: write error: ..." and 1.
int finish_output(Context& ctx, int status) {
  if (ctx.out_ != nullptr) {
    (void)ctx.out_->flush();
    int err = ctx.out_->error();
    if (err == EPIPE) {
      status = kExitBrokenPipe;
    } else if (err != 0) {
      ctx.error(std::string("write error: ") + std::strerror(err));
      status = kExitFailure;
    }
  }
  if (ctx.err_ != nullptr) (void)ctx.err_->flush();
  return status;
}

}  // namespace

int run_command(const CommandSpec& spec, Context& ctx) {
  QuoteLocale quotes(files::utf8_locale(ctx));
  ParseSettings settings;
  settings.stop_at_first_operand = ctx.env.contains("POSIXLY_CORRECT");
  ParseResult parsed = parse_options(spec, ctx.argv, settings);
  switch (parsed.kind) {
    case ParseResult::Kind::kError:
      return finish_output(ctx, usage_error(ctx, parsed.error, usage_status(spec)));
    case ParseResult::Kind::kHelp:
      ctx.out() << format_help(spec, ctx.name());
      return finish_output(ctx, kExitSuccess);
    case ParseResult::Kind::kVersion:
      ctx.out() << format_version(spec);
      return finish_output(ctx, kExitSuccess);
    case ParseResult::Kind::kOk:
      break;
  }
  // ExecAbort (deadline, cancel, limits) is not caught: it unwinds to exec().
  int status = spec.main(ctx, parsed.args);
  return finish_output(ctx, status);
}

}  // namespace kefka::cmd

// readlink: print resolved symbolic links or canonical file names, GNU
// coreutils 9.1 behaviour (-f -e -m -n -q -s -v -z).
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'f', "canonicalize", ArgKind::None, "",
     "canonicalize by following every symlink in every "
     "component of the given name recursively; all but "
     "the last component must exist"},
    {'e', "canonicalize-existing", ArgKind::None, "",
     "canonicalize by following every symlink "
     "in every component of the given name "
     "recursively, all components must exist"},
    {'m', "canonicalize-missing", ArgKind::None, "",
     "canonicalize by following every symlink in "
     "every component of the given name "
     "recursively, without requirements on "
     "components existence"},
    {'n', "no-newline", ArgKind::None, "", "do not output the trailing delimiter"},
    {'q', "quiet", ArgKind::None, "", "suppress most error messages (on by default)"},
    {'s', "silent", ArgKind::None, "", "suppress most error messages (on by default)"},
    {'v', "verbose", ArgKind::None, "", "report error messages"},
    {'z', "zero", ArgKind::None, "", "end each output line with NUL, not newline"},
};

int run_readlink(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  std::optional<CanonMode> mode;
  bool verbose = false;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'f':
        mode = CanonMode::kAllButLast;
        break;
      case 'e':
        mode = CanonMode::kExisting;
        break;
      case 'm':
        mode = CanonMode::kMissing;
        break;
      case 'v':
        verbose = true;
        break;
      case 'q':
      case 's':
        verbose = false;
        break;
      default:
        break;
    }
  }
  bool no_newline = args.has('n');
  if (no_newline && args.operands.size() > 1) {
    ctx.error("ignoring --no-newline with multiple arguments");
    no_newline = false;
  }
  char delim = args.has('z') ? '\0' : '\n';
  int status = kExitSuccess;
  for (const std::string& name : args.operands) {
    ctx.budget.check();
    Result<std::string> r = mode ? canonicalize(ctx, name, *mode) : ctx.fs.readlink(name);
    if (!r.ok()) {
      if (verbose) fail(ctx, quote_if_needed(ctx, name), r.error());
      status = kExitFailure;
      continue;
    }
    ctx.out() << *r;
    if (!no_newline) ctx.out().put(delim);
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(readlink, {
                            .name = "readlink",
                            .usage = "readlink [OPTION]... FILE...",
                            .summary = "Print value of a symbolic link or canonical file name",
                            .options = kefka::cmd::files::kOptions,
                            .main = kefka::cmd::files::run_readlink,
                        });

// realpath: print the resolved path, GNU coreutils 9.1 behaviour
// (-e -m -L -P -q -s -z --relative-to --relative-base).
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'e', "canonicalize-existing", ArgKind::None, "", "all components of the path must exist"},
    {'m', "canonicalize-missing", ArgKind::None, "",
     "no path components need exist or be a "
     "directory"},
    {'L', "logical", ArgKind::None, "", "resolve '..' components before symlinks"},
    {'P', "physical", ArgKind::None, "", "resolve symlinks as encountered (default)"},
    {'q', "quiet", ArgKind::None, "", "suppress most error messages"},
    {0, "relative-to", ArgKind::Required, "DIR", "print the resolved path relative to DIR"},
    {0, "relative-base", ArgKind::Required, "DIR", "print absolute paths unless paths below DIR"},
    {'s', "strip", ArgKind::None, "", "don't expand symlinks"},
    {0, "no-symlinks", ArgKind::None, "", "don't expand symlinks"},
    {'z', "zero", ArgKind::None, "", "end each output line with NUL, not newline"},
};

bool is_below(std::string_view path, std::string_view base) {
  if (base == "/") return true;
  return path == base || (path.starts_with(base) && path[base.size()] == '/');
}

int run_realpath(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  CanonMode mode = CanonMode::kAllButLast;
  for (const auto& o : args.options) {
    if (o.spec->short_name == 'e') mode = CanonMode::kExisting;
    if (o.spec->short_name == 'm') mode = CanonMode::kMissing;
  }
  bool resolve = !(args.has('s') || args.has("no-symlinks"));
  bool logical = args.has('L') && !args.has('P');
  bool quiet = args.has('q');
  auto resolve_path = [&](const std::string& p) -> Result<std::string> {
    std::string input = p;
    if (logical || !resolve) {
      // Fold ".." lexically first.
      input = ctx.fs.absolute(p);
    }
    return canonicalize(ctx, input, mode, resolve);
  };
  std::optional<std::string> relative_to, relative_base;
  if (const std::string* r = args.value("relative-to")) {
    auto c = resolve_path(*r);
    if (!c.ok()) {
      fail(ctx, quote_if_needed(ctx, *r), c.error());
      return kExitFailure;
    }
    relative_to = *c;
  }
  if (const std::string* r = args.value("relative-base")) {
    auto c = resolve_path(*r);
    if (!c.ok()) {
      fail(ctx, quote_if_needed(ctx, *r), c.error());
      return kExitFailure;
    }
    relative_base = *c;
    if (!relative_to) relative_to = relative_base;
  }
  if (relative_base && relative_to && !is_below(*relative_to, *relative_base)) {
    relative_to.reset();
    relative_base.reset();
  }
  char delim = args.has('z') ? '\0' : '\n';
  int status = kExitSuccess;
  for (const std::string& name : args.operands) {
    ctx.budget.check();
    auto r = resolve_path(name);
    if (!r.ok()) {
      if (!quiet) fail(ctx, quote_if_needed(ctx, name), r.error());
      status = kExitFailure;
      continue;
    }
    std::string out = *r;
    if (relative_to && (!relative_base || is_below(out, *relative_base))) {
      out = relative_path(out, *relative_to);
    }
    ctx.out() << out;
    ctx.out().put(delim);
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(realpath, {
                            .name = "realpath",
                            .usage = "realpath [OPTION]... FILE...",
                            .summary = "Print the resolved absolute file name;\nall but the last "
                                       "component must exist",
                            .options = kefka::cmd::files::kOptions,
                            .main = kefka::cmd::files::run_realpath,
                        });

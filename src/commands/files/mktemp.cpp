// mktemp: create a temporary file or directory, GNU coreutils 9.1 behaviour
// (-d -u -q -p/--tmpdir -t --suffix). Random characters come from a
// per-thread generator seeded from std::random_device.
#include <fcntl.h>

#include <cstring>
#include <random>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'d', "directory", ArgKind::None, "", "create a directory, not a file"},
    {'u', "dry-run", ArgKind::None, "", "do not create anything; merely print a name (unsafe)"},
    {'q', "quiet", ArgKind::None, "", "suppress diagnostics about file/dir-creation failure"},
    {0, "suffix", ArgKind::Required, "SUFF", "append SUFF to TEMPLATE"},
    {'p', "", ArgKind::Required, "DIR", "use DIR as a prefix (see --tmpdir)"},
    {0, "tmpdir", ArgKind::Optional, "DIR", "interpret TEMPLATE relative to DIR"},
    {'t', "", ArgKind::None, "",
     "interpret TEMPLATE as a single file name component, relative "
     "to a directory: $TMPDIR, if set; else the directory specified "
     "via -p; else /tmp [deprecated]"},
};

std::string random_chars(size_t n) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof(kChars) - 2);
  std::string out(n, 'X');
  for (char& c : out) c = kChars[pick(rng)];
  return out;
}

int run_mktemp(Context& ctx, const Args& args) {
  if (args.operands.size() > 1) {
    ctx.error("too many templates");
    try_help(ctx);
    return kExitFailure;
  }
  bool quiet = args.has('q');
  bool use_default = args.operands.empty();
  std::string templ = use_default ? "tmp.XXXXXXXXXX" : args.operands[0];
  std::string suffix;
  if (const std::string* s = args.value("suffix")) {
    if (s->find('/') != std::string::npos) {
      ctx.error("invalid suffix " + quote_value(ctx, *s) + ", contains directory separator");
      return kExitFailure;
    }
    suffix = *s;
  }
  // A template may end in a suffix after its X's only with --suffix.
  if (suffix.empty()) {
    size_t last_x = templ.rfind('X');
    if (last_x != std::string::npos && last_x + 1 < templ.size() && !args.has("suffix")) {
      suffix = templ.substr(last_x + 1);
      templ = templ.substr(0, last_x + 1);
      if (suffix.find('/') != std::string::npos) {
        ctx.error("invalid suffix " + quote_value(ctx, suffix) + ", contains directory separator");
        return kExitFailure;
      }
    }
  } else if (!templ.empty() && templ.back() != 'X') {
    ctx.error("with --suffix, template " + quote_value(ctx, templ) + " must end in X");
    return kExitFailure;
  }
  size_t xs = 0;
  while (xs < templ.size() && templ[templ.size() - 1 - xs] == 'X') ++xs;
  if (xs < 3) {
    ctx.error("too few X's in template " + quote_value(ctx, templ + suffix));
    return kExitFailure;
  }
  std::optional<std::string> dir;
  const std::string* p = args.value('p');
  bool tmpdir_given = args.has("tmpdir");
  if (tmpdir_given || p != nullptr || args.has('t') || use_default) {
    std::string env_tmp(ctx.getenv("TMPDIR"));
    std::string chosen;
    const std::string* tmpdir_value = args.value("tmpdir");
    if (tmpdir_value != nullptr && !tmpdir_value->empty()) {
      chosen = *tmpdir_value;
    } else if (p != nullptr && !p->empty()) {
      chosen = *p;
    }
    if (args.has('t') || chosen.empty()) {
      if (!env_tmp.empty() && (args.has('t') || chosen.empty())) chosen = env_tmp;
    }
    if (chosen.empty()) chosen = "/tmp";
    if (args.has('t') || tmpdir_given || p != nullptr || use_default) {
      if ((args.has('t') || tmpdir_given || p != nullptr) && templ.find('/') != std::string::npos &&
          !use_default) {
        ctx.error("invalid template, " + quote_value(ctx, templ + suffix) +
                  ", contains directory separator");
        return kExitFailure;
      }
      dir = chosen;
    }
  }
  std::string base = dir ? join_path(*dir, templ) : templ;
  std::string prefix = base.substr(0, base.size() - xs);
  bool make_dir = args.has('d');
  for (int attempt = 0; attempt < 100; ++attempt) {
    ctx.budget.check();
    std::string name = prefix;
    name += random_chars(xs);
    name += suffix;
    if (args.has('u')) {
      if (ctx.fs.lstat(name).ok()) continue;
      ctx.out() << name << '\n';
      return kExitSuccess;
    }
    Status r;
    if (make_dir) {
      r = ctx.fs.mkdir(name, 0700);
    } else {
      auto f = ctx.fs.open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (!f.ok()) r = Errno{f.error()};
    }
    if (r.ok()) {
      ctx.out() << name << '\n';
      return kExitSuccess;
    }
    if (r.error() == EEXIST) continue;
    if (!quiet) {
      fail(ctx,
           std::string("failed to create ") + (make_dir ? "directory" : "file") + " via template " +
               quote_value(ctx, base + suffix),
           r.error());
    }
    return kExitFailure;
  }
  if (!quiet) {
    fail(ctx,
         std::string("failed to create ") + (make_dir ? "directory" : "file") + " via template " +
             quote_value(ctx, base + suffix),
         EEXIST);
  }
  return kExitFailure;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(mktemp, {
                          .name = "mktemp",
                          .usage = "mktemp [OPTION]... [TEMPLATE]",
                          .summary = "Create a temporary file or directory, safely, and print its "
                                     "name.\nTEMPLATE must contain at least 3 consecutive 'X's in "
                                     "last component.\nIf TEMPLATE is not specified, use "
                                     "tmp.XXXXXXXXXX, and --tmpdir is implied.",
                          .options = kefka::cmd::files::kOptions,
                          .main = kefka::cmd::files::run_mktemp,
                      });

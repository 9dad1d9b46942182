// mkdir: make directories, GNU coreutils 9.1 behaviour (-p -m -v).
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'m', "mode", ArgKind::Required, "MODE", "set file mode (as in chmod), not a=rwx - umask"},
    {'p', "parents", ArgKind::None, "", "no error if existing, make parent directories as needed"},
    {'v', "verbose", ArgKind::None, "", "print a message for each created directory"},
    {'Z', "", ArgKind::None, "", "set SELinux security context to default type"},
    {0, "context", ArgKind::Optional, "CTX", "like -Z, or set the SELinux context to CTX"},
};

int run_mkdir(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  uint32_t umask = ctx.fs.caller().umask;
  std::optional<uint32_t> mode;
  if (const std::string* m = args.value('m')) {
    mode = apply_mode(*m, 0777, true, umask);
    if (!mode) {
      ctx.error("invalid mode " + quote_value(ctx, *m));
      return kExitFailure;
    }
  }
  bool parents = args.has('p'), verbose = args.has('v');
  int status = kExitSuccess;
  auto created = [&](const std::string& path) {
    if (verbose) ctx.out() << "mkdir: created directory " << quote(ctx, path) << '\n';
  };
  for (const std::string& path : args.operands) {
    ctx.budget.check();
    if (parents) {
      // Create each missing ancestor with u+wx so the walk can continue.
      std::string prefix;
      size_t pos = 0;
      bool failed = false;
      while (pos < path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string::npos) break;
        prefix = path.substr(0, slash);
        pos = slash + 1;
        if (prefix.empty() || prefix.back() == '/' || is_dot_or_dotdot(prefix)) continue;
        auto st = ctx.fs.stat(prefix);
        if (st.ok()) {
          if (!S_ISDIR(st->mode)) {
            fail(ctx, "cannot create directory " + quote_value(ctx, prefix), ENOTDIR);
            failed = true;
            break;
          }
          continue;
        }
        auto r = ctx.fs.mkdir(prefix, 0777);
        if (!r.ok() && r.error() != EEXIST) {
          fail(ctx, "cannot create directory " + quote_value(ctx, prefix), r.error());
          failed = true;
          break;
        }
        if (r.ok()) {
          auto st2 = ctx.fs.stat(prefix);
          if (st2.ok() && (st2->mode & 0300) != 0300) {
            (void)ctx.fs.chmod(prefix, (st2->mode & 07777) | 0300);
          }
          created(prefix);
        }
      }
      if (failed) {
        status = kExitFailure;
        continue;
      }
    }
    auto r = ctx.fs.mkdir(path, 0777);
    if (!r.ok()) {
      if (parents && r.error() == EEXIST) {
        auto st = ctx.fs.stat(path);
        if (st.ok() && S_ISDIR(st->mode)) continue;
      }
      fail(ctx, "cannot create directory " + quote_value(ctx, path), r.error());
      status = kExitFailure;
      continue;
    }
    if (mode) {
      auto c = ctx.fs.chmod(path, *mode);
      if (!c.ok()) {
        fail(ctx, "cannot set permissions of " + quote(ctx, path), c.error());
        status = kExitFailure;
      }
    }
    created(path);
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(mkdir, {
                         .name = "mkdir",
                         .usage = "mkdir [OPTION]... DIRECTORY...",
                         .summary = "Create the DIRECTORY(ies), if they do not already exist.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_mkdir,
                     });

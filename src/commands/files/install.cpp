// install: copy files and set attributes, GNU coreutils 9.1 behaviour for
// -d -D -m -o -g -p -v -t -T -C. Files get mode 0755 unless -m says otherwise.
#include <fcntl.h>

#include <cstring>

#include "commands/files/copy.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {0, "backup", ArgKind::Optional, "CONTROL", "make a backup of each existing destination file"},
    {'b', "", ArgKind::None, "", "like --backup but does not accept an argument"},
    {'c', "", ArgKind::None, "", "(ignored)"},
    {'C', "compare", ArgKind::None, "",
     "compare content of source and destination files, and if "
     "no change to content, ownership, and permissions, do not "
     "modify the destination at all"},
    {'d', "directory", ArgKind::None, "",
     "treat all arguments as directory names; create all "
     "components of the specified directories"},
    {'D', "", ArgKind::None, "",
     "create all leading components of DEST except the last, or all "
     "components of --target-directory, then copy SOURCE to DEST"},
    {'g', "group", ArgKind::Required, "GROUP",
     "set group ownership, instead of process' current "
     "group"},
    {'m', "mode", ArgKind::Required, "MODE",
     "set permission mode (as in chmod), instead of "
     "rwxr-xr-x"},
    {'o', "owner", ArgKind::Required, "OWNER", "set ownership (super-user only)"},
    {'p', "preserve-timestamps", ArgKind::None, "",
     "apply access/modification times of SOURCE "
     "files to corresponding destination files"},
    {'s', "strip", ArgKind::None, "", "strip symbol tables (ignored)"},
    {0, "strip-program", ArgKind::Required, "PROGRAM", "program used to strip binaries"},
    {'S', "suffix", ArgKind::Required, "SUFFIX", "override the usual backup suffix"},
    {'t', "target-directory", ArgKind::Required, "DIRECTORY",
     "copy all SOURCE arguments into "
     "DIRECTORY"},
    {'T', "no-target-directory", ArgKind::None, "", "treat DEST as a normal file"},
    {'v', "verbose", ArgKind::None, "", "print the name of each created file or directory"},
};

struct Installer {
  Context& ctx;
  bool verbose = false;
  uint32_t mode = 0755;
  std::optional<uint32_t> uid, gid;

  // mkdir -p with install's messages; false after reporting an error.
  bool make_dirs(const std::string& path, uint32_t final_mode) {
    std::string partial;
    size_t pos = 0;
    const std::string& p = path;
    while (pos <= p.size()) {
      size_t slash = p.find('/', pos);
      if (slash == std::string::npos) slash = p.size();
      partial = p.substr(0, slash);
      pos = slash + 1;
      if (partial.empty() || is_dot_or_dotdot(partial)) continue;
      auto st = ctx.fs.stat(partial);
      if (st.ok()) {
        if (!S_ISDIR(st->mode)) {
          fail(ctx, "cannot create directory " + quote(ctx, partial), EEXIST);
          return false;
        }
        continue;
      }
      if (verbose) ctx.out() << "install: creating directory " << quote(ctx, partial) << '\n';
      auto r = ctx.fs.mkdir(partial, 0755);
      if (!r.ok()) {
        fail(ctx, "cannot create directory " + quote(ctx, partial), r.error());
        return false;
      }
      if (slash == p.size()) (void)ctx.fs.chmod(partial, final_mode);
    }
    return true;
  }

  bool install_file(const std::string& src, const std::string& dst, bool preserve_times,
                    bool compare) {
    auto st = ctx.fs.stat(src);
    if (!st.ok()) {
      fail(ctx, "cannot stat " + quote(ctx, src), st.error());
      return false;
    }
    if (S_ISDIR(st->mode)) {
      ctx.error("omitting directory " + quote(ctx, src));
      return false;
    }
    if (compare) {
      auto a = ctx.fs.read_file(src), b = ctx.fs.read_file(dst);
      auto dst_st = ctx.fs.stat(dst);
      if (a.ok() && b.ok() && *a == *b && dst_st.ok() && (dst_st->mode & 07777) == mode)
        return true;
    }
    auto existing = ctx.fs.lstat(dst);
    if (existing.ok()) {
      if (existing->ino == st->ino && existing->dev == st->dev) {
        ctx.error(quote(ctx, src) + " and " + quote(ctx, dst) + " are the same file");
        return false;
      }
      if (ctx.fs.unlink(dst).ok() && verbose) {
        ctx.out() << "removed " << quote(ctx, dst) << '\n';
      }
    }
    auto r = copy_file_data(ctx, src, dst, 0600);
    if (!r.ok()) {
      fail(ctx, "cannot create regular file " + quote(ctx, dst), r.error());
      return false;
    }
    (void)ctx.fs.chmod(dst, mode);
    if (uid || gid) {
      auto c = ctx.fs.chown(dst, uid.value_or(UINT32_MAX), gid.value_or(UINT32_MAX));
      if (!c.ok()) {
        fail(ctx, "cannot change ownership of " + quote(ctx, dst), c.error());
        return false;
      }
    }
    if (preserve_times) (void)ctx.fs.utimens(dst, st->atime, st->mtime);
    if (verbose) ctx.out() << quote(ctx, src) << " -> " << quote(ctx, dst) << '\n';
    return true;
  }
};

int run_install(Context& ctx, const Args& args) {
  Installer in{.ctx = ctx, .verbose = args.has('v')};
  UserDb users(ctx.fs);
  if (const std::string* m = args.value('m')) {
    auto mode = apply_mode(*m, 0, false, 0);
    if (!mode) {
      ctx.error("invalid mode " + quote_value(ctx, *m));
      return kExitFailure;
    }
    in.mode = *mode;
  }
  if (const std::string* o = args.value('o')) {
    auto id = users.user_id(*o);
    if (!id && !o->empty() && o->find_first_not_of("0123456789") == std::string::npos) {
      id = static_cast<uint32_t>(std::stoul(*o));
    }
    if (!id) {
      ctx.error("invalid user " + quote_value(ctx, *o));
      return kExitFailure;
    }
    in.uid = id;
  }
  if (const std::string* g = args.value('g')) {
    auto id = users.group_id(*g);
    if (!id && !g->empty() && g->find_first_not_of("0123456789") == std::string::npos) {
      id = static_cast<uint32_t>(std::stoul(*g));
    }
    if (!id) {
      ctx.error("invalid group " + quote_value(ctx, *g));
      return kExitFailure;
    }
    in.gid = id;
  }
  const auto& ops = args.operands;
  int status = kExitSuccess;
  if (args.has('d')) {
    if (ops.empty()) {
      ctx.error("missing file operand");
      try_help(ctx);
      return kExitFailure;
    }
    for (const std::string& d : ops) {
      if (!in.make_dirs(d, in.mode)) status = kExitFailure;
    }
    return status;
  }
  const std::string* target_dir = args.value('t');
  if (args.has('D')) {
    if (target_dir != nullptr) {
      if (!in.make_dirs(*target_dir, 0755)) return kExitFailure;
    } else if (ops.size() == 2 && !args.has('T')) {
      std::string parent = dir_name(ops[1]);
      if (parent != "." && !in.make_dirs(parent, 0755)) return kExitFailure;
    }
  }
  TargetPlan plan;
  if (!plan_targets(ctx, args, target_dir, args.has('T'), plan)) return kExitFailure;
  for (const auto& [src, dst] : plan.moves) {
    ctx.budget.check();
    if (!in.install_file(src, dst, args.has('p'), args.has('C'))) status = kExitFailure;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(install, {
                           .name = "install",
                           .usage = "install [OPTION]... [-T] SOURCE DEST\n"
                                    "install [OPTION]... SOURCE... DIRECTORY\n"
                                    "install [OPTION]... -t DIRECTORY SOURCE...\n"
                                    "install [OPTION]... -d DIRECTORY...",
                           .summary = "This install program copies files (often just compiled) "
                                      "into destination\nlocations you choose.",
                           .options = kefka::cmd::files::kOptions,
                           .main = kefka::cmd::files::run_install,
                       });

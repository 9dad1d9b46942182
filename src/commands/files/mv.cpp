// mv: move (rename) files, GNU coreutils 9.1 behaviour. A rename across
// mounts (EXDEV) falls back to copying with all attributes and removing.
#include <cstring>
#include <functional>

#include "commands/files/copy.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {0, "backup", ArgKind::Optional, "CONTROL", "make a backup of each existing destination file"},
    {'b', "", ArgKind::None, "", "like --backup but does not accept an argument"},
    {'f', "force", ArgKind::None, "", "do not prompt before overwriting"},
    {'i', "interactive", ArgKind::None, "", "prompt before overwrite"},
    {'n', "no-clobber", ArgKind::None, "", "do not overwrite an existing file"},
    {0, "strip-trailing-slashes", ArgKind::None, "",
     "remove any trailing slashes from each SOURCE"},
    {'S', "suffix", ArgKind::Required, "SUFFIX", "override the usual backup suffix"},
    {'t', "target-directory", ArgKind::Required, "DIRECTORY",
     "move all SOURCE arguments into "
     "DIRECTORY"},
    {'T', "no-target-directory", ArgKind::None, "", "treat DEST as a normal file"},
    {'u', "update", ArgKind::None, "",
     "move only when the SOURCE file is newer than the "
     "destination file or when the destination file is missing"},
    {'v', "verbose", ArgKind::None, "", "explain what is being done"},
    {'Z', "context", ArgKind::None, "",
     "set SELinux security context of destination file to "
     "default type"},
};

bool remove_tree(Context& ctx, const std::string& path) {
  ctx.budget.check();
  auto st = ctx.fs.lstat(path);
  if (!st.ok()) return false;
  if (S_ISDIR(st->mode)) {
    auto entries = ctx.fs.readdir(path);
    if (!entries.ok()) return false;
    bool ok = true;
    for (const auto& e : *entries) ok = remove_tree(ctx, join_path(path, e.name)) && ok;
    auto r = ctx.fs.rmdir(path);
    if (!r.ok()) fail(ctx, "cannot remove " + quote(ctx, path), r.error());
    return ok && r.ok();
  }
  auto r = ctx.fs.unlink(path);
  if (!r.ok()) fail(ctx, "cannot remove " + quote(ctx, path), r.error());
  return r.ok();
}

bool move_one(Context& ctx, const std::string& src, const std::string& dst, bool no_clobber,
              bool update, bool interactive, bool verbose) {
  auto st = ctx.fs.lstat(src);
  if (!st.ok()) {
    fail(ctx, "cannot stat " + quote(ctx, src), st.error());
    return false;
  }
  auto dst_st = ctx.fs.lstat(dst);
  if (dst_st.ok()) {
    if (dst_st->dev == st->dev && dst_st->ino == st->ino) {
      ctx.error(quote(ctx, src) + " and " + quote(ctx, dst) + " are the same file");
      return false;
    }
    if (no_clobber) return true;
    if (update &&
        (dst_st->mtime.tv_sec > st->mtime.tv_sec || (dst_st->mtime.tv_sec == st->mtime.tv_sec &&
                                                     dst_st->mtime.tv_nsec >= st->mtime.tv_nsec))) {
      return true;
    }
    if (interactive && !ask_yes_no(ctx, "overwrite " + quote(ctx, dst) + "?")) return true;
    if (S_ISDIR(dst_st->mode) && !S_ISDIR(st->mode)) {
      ctx.error("cannot overwrite directory " + quote(ctx, dst) + " with non-directory");
      return false;
    }
    if (!S_ISDIR(dst_st->mode) && S_ISDIR(st->mode)) {
      ctx.error("cannot overwrite non-directory " + quote(ctx, dst) + " with directory " +
                quote(ctx, src));
      return false;
    }
  }
  auto r = ctx.fs.rename(src, dst);
  if (r.ok()) {
    if (verbose) ctx.out() << "renamed " << quote(ctx, src) << " -> " << quote(ctx, dst) << '\n';
    return true;
  }
  int err = r.error();
  if (err == EINVAL && S_ISDIR(st->mode)) {
    ctx.error("cannot move " + quote(ctx, src) + " to a subdirectory of itself, " +
              quote(ctx, dst));
    return false;
  }
  if (err != EXDEV) {
    fail(ctx, "cannot move " + quote(ctx, src) + " to " + quote(ctx, dst), err);
    return false;
  }
  // Across mounts: copy everything, then remove the source.
  if (dst_st.ok()) {
    if (S_ISDIR(dst_st->mode)) {
      auto rr = ctx.fs.rmdir(dst);
      if (!rr.ok()) {
        fail(ctx, "cannot move " + quote(ctx, src) + " to " + quote(ctx, dst), rr.error());
        return false;
      }
    } else {
      (void)ctx.fs.unlink(dst);
    }
  }
  CopyOptions o;
  o.recursive = true;
  o.preserve_mode = o.preserve_owner = o.preserve_times = true;
  o.for_move = true;
  Copier copier(ctx, o);
  if (!copier.copy(src, dst)) return false;
  if (!remove_tree(ctx, src)) return false;
  if (verbose) ctx.out() << "copied " << quote(ctx, src) << " -> " << quote(ctx, dst) << '\n';
  return true;
}

int run_mv(Context& ctx, const Args& args) {
  bool no_clobber = false, interactive = false;
  for (const auto& o : args.options) {
    char c = o.spec->short_name;
    if (c == 'n') {
      no_clobber = true;
      interactive = false;
    } else if (c == 'i') {
      interactive = true;
      no_clobber = false;
    } else if (c == 'f') {
      interactive = no_clobber = false;
    }
  }
  const std::string* target_dir = args.value('t');
  if (target_dir != nullptr && args.has('T')) {
    ctx.error("cannot combine --target-directory (-t) and --no-target-directory (-T)");
    try_help(ctx);
    return kExitFailure;
  }
  TargetPlan plan;
  if (!plan_targets(ctx, args, target_dir, args.has('T'), plan)) return kExitFailure;
  int status = kExitSuccess;
  for (auto& [src, dst] : plan.moves) {
    ctx.budget.check();
    std::string source = args.has("strip-trailing-slashes") ? strip_trailing_slashes(src) : src;
    if (!move_one(ctx, source, dst, no_clobber, args.has('u'), interactive, args.has('v'))) {
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(mv, {
                      .name = "mv",
                      .usage = "mv [OPTION]... [-T] SOURCE DEST\n"
                               "mv [OPTION]... SOURCE... DIRECTORY\n"
                               "mv [OPTION]... -t DIRECTORY SOURCE...",
                      .summary = "Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_mv,
                  });

#include "commands/files/copy.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>

namespace kefka::cmd::files {

void Copier::apply_attributes(const std::string& dst, const vfs::Stat& st, bool is_link) {
  if (opts_.preserve_owner) (void)ctx_.fs.chown(dst, st.uid, st.gid, !is_link);
  if (opts_.preserve_mode && !is_link) (void)ctx_.fs.chmod(dst, st.mode & 07777);
  if (opts_.preserve_times) (void)ctx_.fs.utimens(dst, st.atime, st.mtime, !is_link);
}

bool Copier::copy(const std::string& src, const std::string& dst, bool top_level) {
  ctx_.budget.check();
  if (top_level) {
    top_src_ = src;
    top_dst_ = dst;
    into_self_ = false;
  }
  bool follow = opts_.deref_all || (top_level && opts_.deref_cmdline) ||
                (!opts_.recursive && !opts_.for_move && !opts_.symbolic_link && !opts_.deref_never);
  if (opts_.hard_link && !opts_.deref_all && !(top_level && opts_.deref_cmdline)) follow = false;
  auto st = follow ? ctx_.fs.stat(src) : ctx_.fs.lstat(src);
  if (!st.ok()) {
    fail(ctx_, "cannot stat " + quote(ctx_, src), st.error());
    return false;
  }
  auto dst_st = ctx_.fs.stat(dst);
  bool dst_exists = dst_st.ok();
  auto dst_lst = ctx_.fs.lstat(dst);
  if (!dst_exists && dst_lst.ok()) {
    dst_exists = true;  // a dangling symlink
    dst_st = dst_lst;
  }
  if (!dst_exists && dst_st.error() == ENOTDIR) {
    fail(ctx_, "cannot stat " + quote(ctx_, dst), ENOTDIR);
    return false;
  }
  if (dst_exists && dst_st->dev == st->dev && dst_st->ino == st->ino && !opts_.symbolic_link) {
    if (!(S_ISLNK(st->mode) && dst_lst.ok() && S_ISLNK(dst_lst->mode) &&
          (dst_lst->ino != st->ino))) {
      ctx_.error(quote(ctx_, src) + " and " + quote(ctx_, dst) + " are the same file");
      return false;
    }
  }
  if (S_ISDIR(st->mode)) {
    if (!opts_.recursive) {
      ctx_.error("-r not specified; omitting directory " + quote(ctx_, src));
      return false;
    }
    if (dst_exists && !S_ISDIR(dst_st->mode)) {
      ctx_.error("cannot overwrite non-directory " + quote(ctx_, dst) + " with directory " +
                 quote(ctx_, src));
      return false;
    }
    return copy_dir(src, dst, *st, dst_exists);
  }
  if (dst_exists && S_ISDIR(dst_st->mode) && !(opts_.symbolic_link || opts_.hard_link)) {
    ctx_.error("cannot overwrite directory " + quote(ctx_, dst) + " with non-directory");
    return false;
  }
  return copy_file(src, dst, *st, dst_exists);
}

bool Copier::copy_dir(const std::string& src, const std::string& dst, const vfs::Stat& st,
                      bool dst_exists) {
  if (created_dirs_.contains({st.dev, st.ino})) {
    // Like GNU: the copy proceeds until it meets the directory it created
    // inside its own source, then the whole top-level copy stops.
    ctx_.error("cannot copy a directory, " + quote(ctx_, top_src_) + ", into itself, " +
               quote(ctx_, top_dst_));
    into_self_ = true;
    return false;
  }
  if (!dst_exists) {
    auto r = ctx_.fs.mkdir(dst, (st.mode & 07777) | 0700);
    if (!r.ok()) {
      fail(ctx_, "cannot create directory " + quote(ctx_, dst), r.error());
      return false;
    }
    if (auto created = ctx_.fs.lstat(dst); created.ok()) {
      created_dirs_.insert({created->dev, created->ino});
    }
    if (opts_.verbose) ctx_.out() << quote(ctx_, src) << " -> " << quote(ctx_, dst) << '\n';
  }
  auto entries = ctx_.fs.readdir(src);
  if (!entries.ok()) {
    fail(ctx_, "cannot access " + quote(ctx_, src), entries.error());
    return false;
  }
  // GNU reads directories sorted by inode number (savedir's fast-read order).
  std::vector<vfs::DirEntry> sorted = std::move(*entries);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const vfs::DirEntry& a, const vfs::DirEntry& b) { return a.ino < b.ino; });
  bool ok = true;
  for (const vfs::DirEntry& e : sorted) {
    if (!copy(join_path(src, e.name), join_path(dst, e.name), false)) ok = false;
    if (into_self_) return false;
  }
  if (!dst_exists) {
    uint32_t umask = ctx_.fs.caller().umask;
    (void)ctx_.fs.chmod(dst, opts_.preserve_mode ? (st.mode & 07777) : (st.mode & 07777 & ~umask));
  }
  apply_attributes(dst, st, false);
  return ok;
}

bool Copier::copy_file(const std::string& src, const std::string& dst, const vfs::Stat& st,
                       bool dst_exists) {
  if (dst_exists) {
    if (opts_.no_clobber) return true;
    if (opts_.update) {
      auto d = ctx_.fs.lstat(dst);
      if (d.ok() && (d->mtime.tv_sec > st.mtime.tv_sec || (d->mtime.tv_sec == st.mtime.tv_sec &&
                                                           d->mtime.tv_nsec >= st.mtime.tv_nsec))) {
        return true;
      }
    }
    if (opts_.interactive &&
        !ask_yes_no(ctx_, std::string("overwrite ") + quote(ctx_, dst) + "?")) {
      return true;
    }
    auto d = ctx_.fs.lstat(dst);
    bool dst_is_link = d.ok() && S_ISLNK(d->mode);
    if (opts_.remove_destination || opts_.hard_link || opts_.symbolic_link || S_ISLNK(st.mode) ||
        dst_is_link || opts_.for_move) {
      if (opts_.symbolic_link || opts_.hard_link) {
        if (!opts_.force && !opts_.remove_destination) {
          // GNU cp -s/-l refuse to replace an existing file without -f.
          fail(ctx_,
               std::string(opts_.symbolic_link ? "cannot create symbolic link "
                                               : "cannot create hard link ") +
                   quote(ctx_, dst) + " to " + quote(ctx_, src),
               EEXIST);
          return false;
        }
      }
      auto r = ctx_.fs.unlink(dst);
      if (!r.ok() && r.error() != ENOENT) {
        fail(ctx_, "cannot remove " + quote(ctx_, dst), r.error());
        return false;
      }
      dst_exists = false;
    }
  }
  if (opts_.symbolic_link) {
    auto r = ctx_.fs.symlink(src, dst);
    if (!r.ok()) {
      fail(ctx_, "cannot create symbolic link " + quote(ctx_, dst) + " to " + quote(ctx_, src),
           r.error());
      return false;
    }
  } else if (opts_.hard_link) {
    auto r = ctx_.fs.link(src, dst);
    if (!r.ok()) {
      fail(ctx_, "cannot create hard link " + quote(ctx_, dst) + " to " + quote(ctx_, src),
           r.error());
      return false;
    }
  } else if (S_ISLNK(st.mode)) {
    auto target = ctx_.fs.readlink(src);
    if (!target.ok()) {
      fail(ctx_, "cannot read symbolic link " + quote(ctx_, src), target.error());
      return false;
    }
    auto r = ctx_.fs.symlink(*target, dst);
    if (!r.ok()) {
      fail(ctx_, "cannot create symbolic link " + quote(ctx_, dst), r.error());
      return false;
    }
    apply_attributes(dst, st, true);
  } else if (S_ISREG(st.mode)) {
    uint32_t mode = st.mode & 0777;
    Status r;
    if (!opts_.attributes_only) {
      r = copy_file_data(ctx_, src, dst, mode);
    } else if (!dst_exists) {
      auto created = ctx_.fs.open(dst, O_WRONLY | O_CREAT, mode);
      if (!created.ok()) r = Errno{created.error()};
    }
    if (!r.ok() && dst_exists && opts_.force) {
      (void)ctx_.fs.unlink(dst);
      r = copy_file_data(ctx_, src, dst, mode);
    }
    if (!r.ok()) {
      auto in = ctx_.fs.open(src, O_RDONLY);
      if (!in.ok()) {
        fail(ctx_, "cannot open " + quote(ctx_, src) + " for reading", in.error());
      } else {
        fail(ctx_, "cannot create regular file " + quote(ctx_, dst), r.error());
      }
      return false;
    }
    apply_attributes(dst, st, false);
  } else {
    // Devices, fifos and sockets cannot be recreated in the sandbox: copy the bytes.
    Status r = copy_file_data(ctx_, src, dst, st.mode & 0777);
    if (!r.ok()) {
      fail(ctx_, "cannot create special file " + quote(ctx_, dst), r.error());
      return false;
    }
  }
  if (opts_.verbose && !opts_.for_move) {
    ctx_.out() << quote(ctx_, src) << " -> " << quote(ctx_, dst) << '\n';
  }
  return true;
}

bool plan_targets(Context& ctx, const Args& args, const std::string* target_dir, bool no_target_dir,
                  TargetPlan& plan, bool follow_dest_link) {
  const auto& ops = args.operands;
  if (target_dir != nullptr) {
    auto st = ctx.fs.stat(*target_dir);
    if (!st.ok()) {
      fail(ctx, "target directory " + quote(ctx, *target_dir), st.error());
      return false;
    }
    if (!S_ISDIR(st->mode)) {
      ctx.error("target directory " + quote(ctx, *target_dir) + " is not a directory");
      return false;
    }
    if (ops.empty()) {
      ctx.error("missing file operand");
      try_help(ctx);
      return false;
    }
    for (const auto& src : ops) plan.moves.push_back({src, join_path(*target_dir, base_name(src))});
    return true;
  }
  if (ops.empty()) {
    ctx.error("missing file operand");
    try_help(ctx);
    return false;
  }
  if (ops.size() == 1) {
    ctx.error("missing destination file operand after " + quote(ctx, ops[0]));
    try_help(ctx);
    return false;
  }
  const std::string& last = ops.back();
  if (no_target_dir) {
    if (ops.size() > 2) {
      ctx.error("extra operand " + quote(ctx, ops[2]));
      try_help(ctx);
      return false;
    }
    plan.moves.push_back({ops[0], ops[1]});
    return true;
  }
  auto st = follow_dest_link ? ctx.fs.stat(last) : ctx.fs.lstat(last);
  bool is_dir = st.ok() && S_ISDIR(st->mode);
  if (!is_dir && ops.size() > 2) {
    fail(ctx, "target " + quote(ctx, last), st.ok() ? ENOTDIR : st.error());
    return false;
  }
  if (!is_dir) {
    plan.moves.push_back({ops[0], last});
    return true;
  }
  for (size_t i = 0; i + 1 < ops.size(); ++i) {
    plan.moves.push_back({ops[i], join_path(last, base_name(ops[i]))});
  }
  return true;
}

}  // namespace kefka::cmd::files

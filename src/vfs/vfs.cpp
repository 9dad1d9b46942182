// Vfs: mounts, the path resolver, permission checks. See vfs/vfs.h.
//
// Every operation resolves its path(s) once with a Walker, which keeps a stack
// of the directories walked (their Stat and mount), so ".." is a pop and each
// component costs one Backend::lookup(): resolving a path is linear in its
// length. Symlinks splice their target in front of the unread rest of the path.
#include "vfs/vfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>

#include "vfs/open_file.h"
#include "vfs/quota.h"

namespace kefka::vfs {
namespace {

using MountTable = std::vector<MountInfo>;

constexpr int kMaxSymlinks = 40;  // as Linux: ELOOP past it
constexpr int kMayRead = 4;
constexpr int kMayWrite = 2;
constexpr int kMayExec = 1;

// How the last component is treated when it is a symlink.
enum class Follow {
  kAlways,    // stat(), open(): follow it
  kNoFollow,  // lstat(), readlink(): keep it, unless a trailing slash asks for a directory
  kNever,     // unlink(), rmdir(), rename(), link(): always the link itself
};

// What the last component of a path was.
enum class Last { kRoot, kName, kDot, kDotDot };

bool permitted(const Stat& st, const Credentials& cred, int want) {
  if (cred.is_root()) {
    // Root may do anything, except execute a file without any execute bit.
    if ((want & kMayExec) && !S_ISDIR(st.mode) && !(st.mode & 0111)) return false;
    return true;
  }
  uint32_t bits;
  if (cred.uid == st.uid) {
    bits = (st.mode >> 6) & 7;
  } else if (cred.gid == st.gid) {
    bits = (st.mode >> 3) & 7;
  } else {
    bits = st.mode & 7;
  }
  return (bits & static_cast<uint32_t>(want)) == static_cast<uint32_t>(want);
}

bool read_only(const MountInfo& m) {
  return m.options.read_only || m.backend->read_only();
}

// rel path of `abs` inside the mount at `mount_path` ("" for the root mount).
std::string_view rel_of(std::string_view abs, std::string_view mount_path) {
  if (abs.size() <= mount_path.size()) return {};
  return abs.substr(mount_path.size() + 1);
}

std::string internal_mount_path(std::string_view path) {
  return path == "/" ? std::string() : std::string(path);
}

struct Frame {
  size_t abs_len;  // length of Walker::abs for this directory
  Stat st;
  const MountInfo* mount;
};

// The result of resolving one path.
struct Resolution {
  std::string abs;  // canonical absolute path, "" for "/" (see display())
  Last last = Last::kRoot;
  bool trailing_slash = false;
  std::optional<Stat> st;            // absent: the last component does not exist
  const MountInfo* mount = nullptr;  // mount of the entry (of its parent when missing)
  std::string rel;                   // the entry's path in mount->backend
  // The directory holding the entry; absent for "/" only.
  bool has_parent = false;
  Stat parent_st;
  const MountInfo* parent_mount = nullptr;
  std::string parent_rel;
  std::string name;

  std::string display() const { return abs.empty() ? "/" : abs; }
  // The entry is the root of a mount (or "/"): it cannot be removed or renamed.
  bool is_mount_root() const { return st && (!has_parent || mount != parent_mount); }
  // A path ending in ".", ".." or "/" names a directory, not an entry of a parent.
  bool names_entry() const { return last == Last::kName; }
  Backend& backend() const { return *mount->backend; }
};

class Walker {
 public:
  Walker(const MountTable& table, const Limits& limits, const Credentials& cred)
      : table_(table), limits_(limits), cred_(cred) {}

  // open(O_CREAT) fails with EISDIR on "name/" (also inside a symlink body)
  // as soon as the directory holding `name` is reached.
  Walker& creating_file(bool on) {
    creating_file_ = on;
    return *this;
  }
  // realpath(3) treats "." and ".." as text: they need no search permission.
  Walker& lexical_dots(bool on) {
    lexical_dots_ = on;
    return *this;
  }

  Result<Resolution> resolve(std::string_view cwd, std::string_view path, Follow follow,
                             bool allow_missing) {
    if (path.empty()) return Errno{ENOENT};
    if (path.find('\0') != std::string_view::npos) return Errno{EINVAL};
    if (limits_.max_path_length && path.size() >= limits_.max_path_length) {
      return Errno{ENAMETOOLONG};
    }
    KEFKA_TRY(start_at_root());
    if (path[0] != '/') {
      // The cwd stands for an inode already reached: its ancestors are not
      // searched again (the kernel keeps a reference, not a path).
      KEFKA_TRY(walk(cwd, Follow::kAlways, false, false));
      if (!frames_.back().st.is_dir()) return Errno{ENOTDIR};
      last_ = Last::kDot;
      missing_ = false;
    }
    follow_ = follow;
    KEFKA_TRY(walk(path, follow, allow_missing, true));
    return finish();
  }

 private:
  const MountInfo& root_mount() const { return table_.back(); }

  Status start_at_root() {
    abs_.clear();
    frames_.clear();
    const MountInfo& root = root_mount();
    auto st = root.backend->lstat("");
    if (!st) return Errno{st.error()};
    frames_.push_back(Frame{0, *st, &root});
    last_ = Last::kRoot;
    return {};
  }

  // The mount whose root is exactly `abs`, if any.
  const MountInfo* mount_at(std::string_view abs) const {
    for (size_t i = 0; i + 1 < table_.size(); ++i) {
      if (table_[i].path == abs) return &table_[i];
    }
    return nullptr;
  }

  std::string_view rel(const Frame& f) const {
    return rel_of(std::string_view(abs_).substr(0, f.abs_len), internal_mount_path(f.mount->path));
  }

  static bool only_slashes(std::string_view s) {
    return s.find_first_not_of('/') == std::string_view::npos;
  }

  Status walk(std::string_view path, Follow follow, bool allow_missing, bool check_search) {
    std::string buf(path);
    size_t pos = 0;
    int links = 0;
    trailing_ = false;
    missing_ = false;
    if (!buf.empty() && buf[0] == '/') {
      frames_.resize(1);
      abs_.clear();
      last_ = Last::kRoot;
    }
    for (;;) {
      while (pos < buf.size() && buf[pos] == '/') ++pos;
      if (pos >= buf.size()) return {};
      size_t end = buf.find('/', pos);
      if (end == std::string::npos) end = buf.size();
      std::string_view name(buf.data() + pos, end - pos);
      bool is_last = only_slashes(std::string_view(buf).substr(end));
      trailing_ = is_last && end < buf.size();
      if (limits_.max_name_length && name.size() > limits_.max_name_length) {
        return Errno{ENAMETOOLONG};
      }
      const Frame& dir = frames_.back();
      if (!dir.st.is_dir()) return Errno{ENOTDIR};
      bool is_dot = name == "." || name == "..";
      if (check_search && !(is_dot && lexical_dots_) && !permitted(dir.st, cred_, kMayExec)) {
        return Errno{EACCES};
      }
      if (name == ".") {
        last_ = Last::kDot;
        pos = end;
        continue;
      }
      if (name == "..") {
        if (frames_.size() > 1) {
          frames_.pop_back();
          abs_.resize(frames_.back().abs_len);
        }
        last_ = Last::kDotDot;
        pos = end;
        continue;
      }
      if (is_last && trailing_ && creating_file_ && check_search) return Errno{EISDIR};
      size_t dir_len = abs_.size();
      abs_ += '/';
      abs_ += name;
      const MountInfo* mount = mount_at(abs_);
      Result<Stat> st =
          mount ? mount->backend->lstat("") : dir.mount->backend->lookup(rel(dir), dir.st, name);
      if (!mount) mount = dir.mount;
      if (!st) {
        if (st.error() == ENOENT && is_last && allow_missing) {
          if (limits_.max_path_depth && frames_.size() > limits_.max_path_depth) {
            return Errno{ENAMETOOLONG};
          }
          missing_ = true;
          missing_name_ = std::string(name);
          last_ = Last::kName;
          return {};
        }
        abs_.resize(dir_len);
        return Errno{st.error()};
      }
      bool follow_this =
          !is_last || follow == Follow::kAlways || (follow == Follow::kNoFollow && trailing_);
      if (st->is_symlink() && follow_this) {
        if (++links > kMaxSymlinks) return Errno{ELOOP};
        auto target = mount->backend->readlink(rel_of(abs_, internal_mount_path(mount->path)));
        abs_.resize(dir_len);
        if (!target) return Errno{target.error()};
        if (target->empty()) return Errno{ENOENT};
        std::string next = std::move(*target);
        next.append(buf, end, std::string::npos);
        if (limits_.max_path_length && next.size() >= limits_.max_path_length) {
          return Errno{ENAMETOOLONG};
        }
        buf = std::move(next);
        pos = 0;
        if (buf[0] == '/') {
          frames_.resize(1);
          abs_.clear();
        }
        continue;
      }
      if (!is_last && !st->is_dir()) return Errno{ENOTDIR};
      if (limits_.max_path_depth && frames_.size() > limits_.max_path_depth) {
        return Errno{ENAMETOOLONG};
      }
      frames_.push_back(Frame{abs_.size(), *st, mount});
      last_ = Last::kName;
      pos = end;
    }
  }

  Result<Resolution> finish() {
    Resolution r;
    r.last = last_;
    r.trailing_slash = trailing_;
    if (missing_) {
      const Frame& parent = frames_.back();
      r.abs = abs_;
      r.mount = parent.mount;
      r.has_parent = true;
      r.parent_st = parent.st;
      r.parent_mount = parent.mount;
      r.parent_rel = std::string(rel(parent));
      r.name = missing_name_;
      r.rel = r.parent_rel.empty() ? r.name : r.parent_rel + "/" + r.name;
      return r;
    }
    const Frame& entry = frames_.back();
    // With kNever the caller decides: creating over "link/" is EEXIST, removing it ENOTDIR.
    if (!entry.st.is_dir() && trailing_ && follow_ != Follow::kNever) return Errno{ENOTDIR};
    r.abs = abs_.substr(0, entry.abs_len);
    r.st = entry.st;
    r.mount = entry.mount;
    r.rel = std::string(rel(entry));
    if (frames_.size() >= 2) {
      const Frame& parent = frames_[frames_.size() - 2];
      r.has_parent = true;
      r.parent_st = parent.st;
      r.parent_mount = parent.mount;
      r.parent_rel = std::string(rel(parent));
      r.name = r.abs.substr(parent.abs_len + 1);
    }
    return r;
  }

  const MountTable& table_;
  const Limits& limits_;
  const Credentials& cred_;
  std::string abs_;
  std::vector<Frame> frames_;
  Last last_ = Last::kRoot;
  Follow follow_ = Follow::kAlways;
  bool creating_file_ = false;
  bool lexical_dots_ = false;
  bool trailing_ = false;
  bool missing_ = false;
  std::string missing_name_;
};

// "name/" must name a directory (or a symlink the caller follows).
Status check_trailing_slash(const Resolution& r) {
  if (r.st && r.trailing_slash && !r.st->is_dir()) return Errno{ENOTDIR};
  return {};
}

// Permission to add or remove entries of the directory holding `r`.
Status check_parent_write(const Resolution& r, const Credentials& cred) {
  if (!permitted(r.parent_st, cred, kMayWrite | kMayExec)) return Errno{EACCES};
  return {};
}

// The sticky bit (/tmp): only the owner of the entry or of the directory (or
// root) may remove or rename it.
Status check_sticky(const Resolution& r, const Credentials& cred) {
  if (!r.st || cred.is_root() || !(r.parent_st.mode & S_ISVTX)) return {};
  if (cred.uid == r.st->uid || cred.uid == r.parent_st.uid) return {};
  return Errno{EPERM};
}

// An unprivileged write or truncate clears set-user-ID, and set-group-ID when
// the group may execute (a set-group-ID bit without it marks mandatory locking).
bool has_setid_to_clear(const Stat& st, const Credentials& cred) {
  if (cred.is_root() || !st.is_regular()) return false;
  return (st.mode & S_ISUID) || ((st.mode & S_ISGID) && (st.mode & S_IXGRP));
}

Status clear_setid(const Resolution& r) {
  uint32_t mode = r.st->mode & 07777 & ~static_cast<uint32_t>(S_ISUID);
  if (mode & S_IXGRP) mode &= ~static_cast<uint32_t>(S_ISGID);
  return r.backend().chmod(r.rel, mode);
}

// Who owns a new entry: the caller, with the group of a set-group-ID parent.
Credentials owner_of_new(const Resolution& r, const Credentials& cred) {
  Credentials owner = cred;
  if (r.parent_st.mode & S_ISGID) owner.gid = r.parent_st.gid;
  return owner;
}

bool is_owner(const Stat& st, const Credentials& cred) {
  return cred.is_root() || cred.uid == st.uid;
}

// fs.protected_hardlinks (on by default in Linux distributions): linking to
// someone else's file needs read and write access to a plain regular file.
Status check_hardlink_source(const Stat& st, const Credentials& cred) {
  if (is_owner(st, cred)) return {};
  bool plain =
      st.is_regular() && !(st.mode & S_ISUID) && !((st.mode & S_ISGID) && (st.mode & S_IXGRP));
  if (!plain || !permitted(st, cred, kMayRead | kMayWrite)) return Errno{EPERM};
  return {};
}

}  // namespace

Vfs::Vfs(BackendPtr root, const Limits& limits) : limits_(limits) {
  mounts_.push_back(MountInfo{"/", std::move(root), {}});
  table_ = std::make_shared<const MountTable>(mounts_);
}

std::shared_ptr<const std::vector<MountInfo>> Vfs::table() const {
  std::lock_guard lock(mounts_mu_);
  return table_;
}

std::vector<MountInfo> Vfs::mounts() const {
  return *table();
}

#define KEFKA_RESOLVE(var, path, follow, allow_missing)                                            \
  auto table_ref_##var = table();                                                                  \
  auto var##_result =                                                                              \
      Walker(*table_ref_##var, limits_, c.cred).resolve(c.cwd, (path), (follow), (allow_missing)); \
  if (!var##_result) return Errno{var##_result.error()};                                           \
  Resolution& var = *var##_result

Status Vfs::mount(std::string_view at, BackendPtr backend, MountOptions options) {
  if (at.empty() || at[0] != '/') return Errno{EINVAL};
  if (!backend) return Errno{EINVAL};
  Caller c;
  c.cred = Credentials{0, 0};
  KEFKA_RESOLVE(r, at, Follow::kAlways, false);
  if (!r.st->is_dir()) return Errno{ENOTDIR};
  std::string path = r.display();
  std::lock_guard lock(mounts_mu_);
  for (const auto& m : mounts_) {
    if (m.path == path) return Errno{EBUSY};
  }
  mounts_.push_back(MountInfo{path, std::move(backend), options});
  std::stable_sort(mounts_.begin(), mounts_.end(), [](const MountInfo& a, const MountInfo& b) {
    return internal_mount_path(a.path).size() > internal_mount_path(b.path).size();
  });
  table_ = std::make_shared<const MountTable>(mounts_);
  return {};
}

Result<Stat> Vfs::stat(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kAlways, false);
  return *r.st;
}

Result<Stat> Vfs::lstat(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kNoFollow, false);
  return *r.st;
}

Status Vfs::access(const Caller& c, std::string_view path, int mode) {
  KEFKA_RESOLVE(r, path, Follow::kAlways, false);
  if (mode == F_OK) return {};
  if ((mode & W_OK) && read_only(*r.mount) && !S_ISCHR(r.st->mode)) return Errno{EROFS};
  int want = ((mode & R_OK) ? kMayRead : 0) | ((mode & W_OK) ? kMayWrite : 0) |
             ((mode & X_OK) ? kMayExec : 0);
  if (!permitted(*r.st, c.cred, want)) return Errno{EACCES};
  return {};
}

Result<StreamPtr> Vfs::open(const Caller& c, std::string_view path, int flags, uint32_t mode) {
  bool create = flags & O_CREAT;
  bool exclusive = create && (flags & O_EXCL);
  Follow follow = exclusive              ? Follow::kNever
                  : (flags & O_NOFOLLOW) ? Follow::kNoFollow
                                         : Follow::kAlways;
  auto mounts = table();
  auto resolved =
      Walker(*mounts, limits_, c.cred).creating_file(create).resolve(c.cwd, path, follow, create);
  if (!resolved) return Errno{resolved.error()};
  Resolution& r = *resolved;
  int acc = flags & O_ACCMODE;
  bool wants_write = acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC);
  bool wants_read = acc == O_RDONLY || acc == O_RDWR;
  if (!r.st) {
    if (r.trailing_slash) return Errno{EISDIR};
    if (read_only(*r.mount)) return Errno{EROFS};
    KEFKA_TRY(check_parent_write(r, c.cred));
    auto handle = r.backend().open(r.rel, flags & (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC),
                                   mode & ~c.umask & 07777, owner_of_new(r, c.cred));
    if (!handle) return Errno{handle.error()};
    return StreamPtr(std::make_shared<OpenFile>(std::move(*handle), flags));
  }
  const Stat& st = *r.st;
  if (exclusive) return Errno{EEXIST};
  KEFKA_TRY(check_trailing_slash(r));
  if (st.is_symlink()) return Errno{(flags & O_DIRECTORY) ? ENOTDIR : ELOOP};
  if (st.is_dir()) {
    if (create || acc != O_RDONLY) return Errno{EISDIR};
    if (!permitted(st, c.cred, kMayRead)) return Errno{EACCES};
    return StreamPtr(std::make_shared<DirectoryStream>(r.display()));
  }
  if (flags & O_DIRECTORY) return Errno{ENOTDIR};
  if (wants_write && read_only(*r.mount) && !S_ISCHR(st.mode)) return Errno{EROFS};
  int want = (wants_read ? kMayRead : 0) | (wants_write ? kMayWrite : 0);
  if (!permitted(st, c.cred, want)) return Errno{EACCES};
  bool setid = has_setid_to_clear(st, c.cred);
  if (setid && (flags & O_TRUNC)) KEFKA_TRY(clear_setid(r));
  auto handle = r.backend().open(r.rel, flags & (O_ACCMODE | O_TRUNC), 0, c.cred);
  if (!handle) return Errno{handle.error()};
  auto file = std::make_shared<OpenFile>(std::move(*handle), flags);
  if (setid) file->clear_setid_on_write();
  return StreamPtr(std::move(file));
}

Result<std::vector<DirEntry>> Vfs::readdir(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kAlways, false);
  if (!r.st->is_dir()) return Errno{ENOTDIR};
  if (!permitted(*r.st, c.cred, kMayRead)) return Errno{EACCES};
  return r.backend().readdir(r.rel);
}

Status Vfs::mkdir(const Caller& c, std::string_view path, uint32_t mode) {
  KEFKA_RESOLVE(r, path, Follow::kNever, true);
  if (r.st) return Errno{EEXIST};
  if (read_only(*r.mount)) return Errno{EROFS};
  KEFKA_TRY(check_parent_write(r, c.cred));
  // As mkdir(2): no set-ID bits from the caller, but a set-group-ID parent
  // passes its group and the bit on to new directories.
  mode = mode & ~c.umask & 01777;
  if (r.parent_st.mode & S_ISGID) mode |= S_ISGID;
  return r.backend().mkdir(r.rel, mode, owner_of_new(r, c.cred));
}

Status Vfs::rmdir(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kNever, true);
  if (r.last == Last::kDot) return Errno{EINVAL};
  if (r.last == Last::kDotDot) return Errno{ENOTEMPTY};
  if (!r.has_parent) return Errno{EBUSY};
  if (read_only(*r.parent_mount)) return Errno{EROFS};
  if (!r.st) return Errno{ENOENT};
  KEFKA_TRY(check_parent_write(r, c.cred));
  KEFKA_TRY(check_sticky(r, c.cred));
  if (!r.st->is_dir()) return Errno{ENOTDIR};
  if (r.is_mount_root()) return Errno{EBUSY};
  return r.backend().rmdir(r.rel);
}

Status Vfs::unlink(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kNever, true);
  if (!r.names_entry()) return Errno{EISDIR};
  if (read_only(*r.parent_mount)) return Errno{EROFS};
  if (!r.st) return Errno{ENOENT};
  if (r.trailing_slash) return Errno{r.st->is_dir() ? EISDIR : ENOTDIR};
  KEFKA_TRY(check_parent_write(r, c.cred));
  KEFKA_TRY(check_sticky(r, c.cred));
  if (r.st->is_dir()) return Errno{EISDIR};
  return r.backend().unlink(r.rel);
}

// The order of the checks follows Linux's renameat2, so that every errno
// matches when several apply.
Status Vfs::rename(const Caller& c, std::string_view from, std::string_view to) {
  KEFKA_RESOLVE(src, from, Follow::kNever, true);
  KEFKA_RESOLVE(dst, to, Follow::kNever, true);
  if (!src.has_parent || !dst.has_parent) return Errno{EBUSY};
  if (src.parent_mount != dst.parent_mount) return Errno{EXDEV};
  if (!src.names_entry() || !dst.names_entry()) return Errno{EBUSY};
  if (read_only(*src.parent_mount)) return Errno{EROFS};
  if (!src.st) return Errno{ENOENT};
  bool src_is_dir = src.st->is_dir();
  if (!src_is_dir && (src.trailing_slash || dst.trailing_slash)) return Errno{ENOTDIR};
  auto is_under = [](const std::string& inner, const std::string& outer) {
    return inner.size() > outer.size() && inner.starts_with(outer) && inner[outer.size()] == '/';
  };
  if (is_under(dst.abs, src.abs)) return Errno{EINVAL};
  if (is_under(src.abs, dst.abs)) return Errno{ENOTEMPTY};
  if (dst.st && dst.st->dev == src.st->dev && dst.st->ino == src.st->ino) return {};
  KEFKA_TRY(check_parent_write(src, c.cred));
  KEFKA_TRY(check_sticky(src, c.cred));
  KEFKA_TRY(check_parent_write(dst, c.cred));
  if (dst.st) {
    KEFKA_TRY(check_sticky(dst, c.cred));
    if (src_is_dir && !dst.st->is_dir()) return Errno{ENOTDIR};
    if (!src_is_dir && dst.st->is_dir()) return Errno{EISDIR};
  }
  if (src.is_mount_root() || dst.is_mount_root()) return Errno{EBUSY};
  // Moving a directory to another parent rewrites its "..": it must be writable.
  if (src_is_dir && src.parent_rel != dst.parent_rel && !permitted(*src.st, c.cred, kMayWrite)) {
    return Errno{EACCES};
  }
  return src.backend().rename(src.rel, dst.rel);
}

Status Vfs::symlink(const Caller& c, std::string_view target, std::string_view link_path) {
  if (target.empty()) return Errno{ENOENT};
  if (target.find('\0') != std::string_view::npos) return Errno{EINVAL};
  if (limits_.max_path_length && target.size() >= limits_.max_path_length) {
    return Errno{ENAMETOOLONG};
  }
  KEFKA_RESOLVE(r, link_path, Follow::kNever, true);
  if (r.st) return Errno{EEXIST};
  if (r.trailing_slash) return Errno{ENOENT};
  if (read_only(*r.mount)) return Errno{EROFS};
  KEFKA_TRY(check_parent_write(r, c.cred));
  return r.backend().symlink(target, r.rel, owner_of_new(r, c.cred));
}

Result<std::string> Vfs::readlink(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kNoFollow, false);
  if (!r.st->is_symlink()) return Errno{EINVAL};
  return r.backend().readlink(r.rel);
}

Status Vfs::link(const Caller& c, std::string_view existing, std::string_view new_path) {
  KEFKA_RESOLVE(src, existing, Follow::kNoFollow, false);
  KEFKA_RESOLVE(dst, new_path, Follow::kNever, true);
  if (!dst.has_parent || src.mount != dst.parent_mount) return Errno{dst.st ? EEXIST : EXDEV};
  if (dst.st) return Errno{EEXIST};
  if (dst.trailing_slash) return Errno{ENOENT};
  if (read_only(*dst.parent_mount)) return Errno{EROFS};
  KEFKA_TRY(check_hardlink_source(*src.st, c.cred));
  KEFKA_TRY(check_parent_write(dst, c.cred));
  if (src.st->is_dir()) return Errno{EPERM};
  return src.backend().link(src.rel, dst.rel);
}

Status Vfs::chmod(const Caller& c, std::string_view path, uint32_t mode, bool follow) {
  KEFKA_RESOLVE(r, path, follow ? Follow::kAlways : Follow::kNoFollow, false);
  if (r.st->is_symlink()) return Errno{EOPNOTSUPP};
  if (read_only(*r.mount)) return Errno{EROFS};  // checked first, as in Linux
  if (!is_owner(*r.st, c.cred)) return Errno{EPERM};
  mode &= 07777;
  // Without membership in the file's group, the set-group-ID bit is dropped.
  if (!c.cred.is_root() && c.cred.gid != r.st->gid) mode &= ~static_cast<uint32_t>(S_ISGID);
  return r.backend().chmod(r.rel, mode);
}

Status Vfs::chown(const Caller& c, std::string_view path, uint32_t uid, uint32_t gid, bool follow) {
  KEFKA_RESOLVE(r, path, follow ? Follow::kAlways : Follow::kNoFollow, false);
  constexpr uint32_t kKeep = static_cast<uint32_t>(-1);
  if (read_only(*r.mount)) return Errno{EROFS};
  if (!c.cred.is_root()) {
    bool uid_ok = uid == kKeep || uid == r.st->uid;
    bool gid_ok = gid == kKeep || gid == r.st->gid || gid == c.cred.gid;
    if (c.cred.uid != r.st->uid || !uid_ok || !gid_ok) return Errno{EPERM};
  }
  KEFKA_TRY(r.backend().chown(r.rel, uid, gid));
  // Linux drops set-ID bits of a regular file on any chown, even root's.
  if (r.st->is_regular() &&
      ((r.st->mode & S_ISUID) || ((r.st->mode & S_ISGID) && (r.st->mode & S_IXGRP)))) {
    return clear_setid(r);
  }
  return {};
}

Status Vfs::utimens(const Caller& c, std::string_view path, timespec atime, timespec mtime,
                    bool follow) {
  KEFKA_RESOLVE(r, path, follow ? Follow::kAlways : Follow::kNoFollow, false);
  auto is_now_or_omit = [](const timespec& t) {
    return t.tv_nsec == UTIME_NOW || t.tv_nsec == UTIME_OMIT;
  };
  if (read_only(*r.mount)) return Errno{EROFS};
  if (!is_owner(*r.st, c.cred)) {
    // Setting the current time needs write access; any other time, ownership.
    if (!is_now_or_omit(atime) || !is_now_or_omit(mtime)) return Errno{EPERM};
    if (!permitted(*r.st, c.cred, kMayWrite)) return Errno{EACCES};
  }
  return r.backend().utimens(r.rel, atime, mtime);
}

Status Vfs::truncate(const Caller& c, std::string_view path, uint64_t size) {
  KEFKA_RESOLVE(r, path, Follow::kAlways, false);
  if (r.st->is_dir()) return Errno{EISDIR};
  if (static_cast<int64_t>(size) < 0) return Errno{EINVAL};
  if (read_only(*r.mount)) return Errno{EROFS};
  if (!permitted(*r.st, c.cred, kMayWrite)) return Errno{EACCES};
  if (has_setid_to_clear(*r.st, c.cred)) KEFKA_TRY(clear_setid(r));
  return r.backend().truncate(r.rel, size);
}

Result<StatFs> Vfs::statfs(const Caller& c, std::string_view path) {
  KEFKA_RESOLVE(r, path, Follow::kAlways, false);
  return r.backend().statfs();
}

Result<std::string> Vfs::realpath(const Caller& c, std::string_view path) {
  auto mounts = table();
  auto r = Walker(*mounts, limits_, c.cred)
               .lexical_dots(true)
               .resolve(c.cwd, path, Follow::kAlways, false);
  if (!r) return Errno{r.error()};
  return r->display();
}

std::shared_ptr<Vfs> Vfs::fork() const {
  auto mounts = table();
  QuotaForkScope one_quota_copy_per_quota;
  // A backend mounted twice stays one backend in the fork.
  std::map<const Backend*, BackendPtr> forked;
  auto fork_of = [&](const BackendPtr& b) {
    auto [it, inserted] = forked.try_emplace(b.get());
    if (inserted) it->second = b->fork();
    return it->second;
  };
  auto copy = std::make_shared<Vfs>(fork_of(mounts->back().backend), limits_);
  {
    std::lock_guard lock(copy->mounts_mu_);
    copy->mounts_.clear();
    for (const auto& m : *mounts) {
      copy->mounts_.push_back(MountInfo{m.path, fork_of(m.backend), m.options});
    }
    copy->table_ = std::make_shared<const MountTable>(copy->mounts_);
  }
  return copy;
}

// --- FsView ---

std::string FsView::absolute(std::string_view path) const {
  std::vector<std::string_view> parts;
  auto add = [&parts](std::string_view p) {
    size_t pos = 0;
    while (pos <= p.size()) {
      size_t end = p.find('/', pos);
      if (end == std::string_view::npos) end = p.size();
      std::string_view part = p.substr(pos, end - pos);
      if (part == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.push_back(part);
      }
      pos = end + 1;
    }
  };
  if (path.empty() || path[0] != '/') add(caller_.cwd);
  add(path);
  std::string out;
  for (auto part : parts) {
    out += '/';
    out += part;
  }
  return out.empty() ? "/" : out;
}

Result<std::string> FsView::read_file(std::string_view p, uint64_t max_bytes) const {
  auto stream = open(p, O_RDONLY);
  if (!stream) return Errno{stream.error()};
  // A regular file is read in one piece of its known size; anything else
  // (devices, a file that grows meanwhile) continues with read_all.
  std::string out;
  if (auto* file = dynamic_cast<OpenFile*>(stream->get())) {
    auto st = file->stat();
    if (st && st->is_regular() && st->size > 0) {
      if (st->size > max_bytes) return Errno{EFBIG};
      out.resize(st->size);
      size_t done = 0;
      while (done < out.size()) {
        auto n = file->read(std::span<char>(out.data() + done, out.size() - done));
        if (!n) return Errno{n.error()};
        if (*n == 0) break;
        done += *n;
      }
      out.resize(done);
      if (done < st->size) return out;  // truncated meanwhile
    }
  }
  auto rest = read_all(**stream, max_bytes - out.size());
  if (!rest) return Errno{rest.error()};
  if (out.empty()) return std::move(*rest);
  out += *rest;
  return out;
}

Status FsView::write_file(std::string_view p, std::string_view data, uint32_t mode) const {
  auto stream = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (!stream) return Errno{stream.error()};
  return write_all(**stream, data);
}

}  // namespace kefka::vfs

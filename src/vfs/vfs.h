// Vfs: the one filesystem namespace of a sandbox.
//
// It owns the mount table (longest-prefix match; "/" is always mounted) and
// does all path work for the backends below it (see vfs/backend.h): joining
// relative paths to the caller's cwd, ".", "..", symlinks (ELOOP after 40),
// trailing slashes, permission checks against the caller's credentials and
// umask, read-only mounts (EROFS), cross-mount rename/link (EXDEV) and the path
// limits (ENAMETOOLONG). Byte and file quotas are charged by the backends that
// hold data in memory, through the Quota they were built with.
//
// Everything above this layer (commands, shell, WASI host) reaches files only
// through a Vfs, normally via the FsView bound to the running command.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/stream.h"
#include "kefka/limits.h"
#include "vfs/backend.h"
#include "vfs/types.h"

namespace kefka::vfs {

// The per-process part of a filesystem call: where relative paths start, the
// umask for new files, and whose permissions apply.
struct Caller {
  std::string cwd = "/";
  uint32_t umask = 022;
  Credentials cred;
};

struct MountOptions {
  bool read_only = false;
};

struct MountInfo {
  std::string path;  // absolute, canonical
  BackendPtr backend;
  MountOptions options;
};

class Vfs {
 public:
  // `root` is mounted at "/". `limits` supplies the path limits.
  Vfs(BackendPtr root, const Limits& limits);

  // Mounts `backend` at the absolute path `at`, which must be a directory of
  // the current namespace (created by the caller beforehand if needed).
  Status mount(std::string_view at, BackendPtr backend, MountOptions options = {});
  std::vector<MountInfo> mounts() const;

  Result<Stat> stat(const Caller& c, std::string_view path);   // follows symlinks
  Result<Stat> lstat(const Caller& c, std::string_view path);  // does not
  // access(2) with R_OK/W_OK/X_OK/F_OK against the caller's credentials.
  Status access(const Caller& c, std::string_view path, int mode);
  // Opens a file as a stream at offset 0. flags as open(2), including O_APPEND,
  // O_NOFOLLOW, O_DIRECTORY (then the stream is not readable: use readdir).
  Result<StreamPtr> open(const Caller& c, std::string_view path, int flags, uint32_t mode = 0666);
  Result<std::vector<DirEntry>> readdir(const Caller& c, std::string_view path);
  Status mkdir(const Caller& c, std::string_view path, uint32_t mode = 0777);
  Status rmdir(const Caller& c, std::string_view path);
  Status unlink(const Caller& c, std::string_view path);
  Status rename(const Caller& c, std::string_view from, std::string_view to);
  Status symlink(const Caller& c, std::string_view target, std::string_view link_path);
  Result<std::string> readlink(const Caller& c, std::string_view path);
  Status link(const Caller& c, std::string_view existing, std::string_view new_path);
  Status chmod(const Caller& c, std::string_view path, uint32_t mode, bool follow = true);
  Status chown(const Caller& c, std::string_view path, uint32_t uid, uint32_t gid,
               bool follow = true);
  Status utimens(const Caller& c, std::string_view path, timespec atime, timespec mtime,
                 bool follow = true);
  Status truncate(const Caller& c, std::string_view path, uint64_t size);
  Result<StatFs> statfs(const Caller& c, std::string_view path);
  // The absolute path with every symlink, "." and ".." resolved (realpath(3)):
  // the target must exist.
  Result<std::string> realpath(const Caller& c, std::string_view path);

  // An independent namespace whose backends are forks of these (O(1) for
  // memory backends).
  std::shared_ptr<Vfs> fork() const;

  const Limits& limits() const { return limits_; }

 private:
  struct Resolved;  // a backend and a canonical path in it (vfs.cpp)
  Limits limits_;
  mutable std::mutex mounts_mu_;
  std::vector<MountInfo> mounts_;  // sorted by path length, longest first
  // An immutable copy of mounts_ that operations take under the mutex and then
  // use without holding it (mount() replaces it).
  std::shared_ptr<const std::vector<MountInfo>> table_;
  std::shared_ptr<const std::vector<MountInfo>> table() const;
};

using VfsPtr = std::shared_ptr<Vfs>;

// A Vfs bound to one caller: what a command uses (`ctx.fs.stat("x")`).
class FsView {
 public:
  FsView(Vfs& vfs, Caller caller) : vfs_(&vfs), caller_(std::move(caller)) {}

  Vfs& vfs() const { return *vfs_; }
  const Caller& caller() const { return caller_; }
  Caller& caller() { return caller_; }
  const std::string& cwd() const { return caller_.cwd; }
  // The absolute form of `path` (joined to cwd, "." and ".." folded lexically,
  // no symlink resolution): what error messages and $PWD use.
  std::string absolute(std::string_view path) const;

  Result<Stat> stat(std::string_view p) const { return vfs_->stat(caller_, p); }
  Result<Stat> lstat(std::string_view p) const { return vfs_->lstat(caller_, p); }
  Status access(std::string_view p, int mode) const { return vfs_->access(caller_, p, mode); }
  Result<StreamPtr> open(std::string_view p, int flags, uint32_t mode = 0666) const {
    return vfs_->open(caller_, p, flags, mode);
  }
  Result<std::vector<DirEntry>> readdir(std::string_view p) const {
    return vfs_->readdir(caller_, p);
  }
  Status mkdir(std::string_view p, uint32_t mode = 0777) const {
    return vfs_->mkdir(caller_, p, mode);
  }
  Status rmdir(std::string_view p) const { return vfs_->rmdir(caller_, p); }
  Status unlink(std::string_view p) const { return vfs_->unlink(caller_, p); }
  Status rename(std::string_view from, std::string_view to) const {
    return vfs_->rename(caller_, from, to);
  }
  Status symlink(std::string_view target, std::string_view link_path) const {
    return vfs_->symlink(caller_, target, link_path);
  }
  Result<std::string> readlink(std::string_view p) const { return vfs_->readlink(caller_, p); }
  Status link(std::string_view existing, std::string_view new_path) const {
    return vfs_->link(caller_, existing, new_path);
  }
  Status chmod(std::string_view p, uint32_t mode, bool follow = true) const {
    return vfs_->chmod(caller_, p, mode, follow);
  }
  Status chown(std::string_view p, uint32_t uid, uint32_t gid, bool follow = true) const {
    return vfs_->chown(caller_, p, uid, gid, follow);
  }
  Status utimens(std::string_view p, timespec atime, timespec mtime, bool follow = true) const {
    return vfs_->utimens(caller_, p, atime, mtime, follow);
  }
  Status truncate(std::string_view p, uint64_t size) const {
    return vfs_->truncate(caller_, p, size);
  }
  Result<std::string> realpath(std::string_view p) const { return vfs_->realpath(caller_, p); }

  // Conveniences for commands and tests.
  Result<std::string> read_file(std::string_view p, uint64_t max_bytes = UINT64_MAX) const;
  Status write_file(std::string_view p, std::string_view data, uint32_t mode = 0666) const;

 private:
  Vfs* vfs_;
  Caller caller_;
};

}  // namespace kefka::vfs

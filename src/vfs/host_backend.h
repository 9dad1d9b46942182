// HostBackend: a confined view of one host directory, read-only or read-write.
//
// Used for `kefka --rw DIR`, `--mount HOST:GUEST[:ro]` and as the read-only lower
// layer of the copy-on-write `--root DIR` overlay.
//
// Confinement. The root is opened once (O_PATH|O_DIRECTORY) and every operation
// is done relative to that descriptor: the parent directory of a path is opened
// with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
// (or, on kernels without openat2, a component-by-component walk with
// O_NOFOLLOW|O_DIRECTORY), and the last component is handled by an *at() call
// that does not follow it (AT_SYMLINK_NOFOLLOW, O_NOFOLLOW, renameat, linkat
// without AT_SYMLINK_FOLLOW). There are no string checks on resolved paths and
// no realpath(): a host process swapping a directory for a symlink at any time
// cannot make the backend touch anything outside the root. Non-canonical paths
// (".", "..", empty components, NUL bytes, leading or trailing '/') are refused
// with EINVAL even though Vfs never sends them. A symlink met in a parent
// position (only possible in a race, or when the backend is called directly)
// gives ELOOP.
//
// Symlinks are returned as symlinks; readlink() gives the raw target and Vfs
// resolves it inside the sandbox namespace (so "/etc/passwd" means the
// sandbox's /etc/passwd, never the host's).
//
// Ownership. Every file is presented as owned by HostOptions::uid/gid (the
// sandbox user), so permission checks done by Vfs work for that user. chown()
// is accepted and ignored: host ownership never changes and nothing is stored.
// New files and directories get exactly the requested mode (the host process's
// umask is compensated for; Vfs already applied the sandbox umask).
//
// Set-user-ID and set-group-ID bits are never set by the sandbox on host
// files: chmod(), open(O_CREAT) and mkdir() drop them, and opening a setuid or
// setgid-executable file for writing (or truncating it) clears them, as the
// kernel does for unprivileged writers. stat() shows the real bits.
//
// Special files (fifos, sockets, character and block devices) are visible to
// lstat() and readdir(), but open() refuses them by type before opening (EACCES;
// ENXIO for sockets, as the host gives) and opens with O_NONBLOCK, so a fifo
// swapped in by a racing host process can never block a sandbox thread either.
//
// Read-only mode: every mutation fails with EROFS (open() for reading still
// works, also with O_CREAT on an existing file), and reads use O_NOATIME where
// permitted, so not even access times change (`--root` leaves DIR untouched).
//
// Hard links: link() only joins two names beneath the root, so an outside file
// can never be linked in from the sandbox. A hard link to an outside file that
// the host owner planted in the folder beforehand *is* that file: exposing it is
// the host owner's decision (see docs/THREAT_MODEL.md).
//
// Stat: host values (dev, ino, nlink, times, mode) except the owner. Append
// through FileHandle::append() is atomic (pwritev2 RWF_APPEND).
//
// Cost: a call on "a/b/c" costs one openat2 of "a/b" plus the call. Vfs's
// per-component lookup() is cheaper: it keeps the last few parent directories
// open (DirHandles) and costs one fstatat per component once they are open.
// A kept descriptor is used only for the path it was opened at and only while
// the inode number Vfs has just read for that path, in the same resolution,
// is the descriptor's own: a directory has one parent and an open descriptor
// keeps its inode number from being reused, so the descriptor is then the
// directory at that path beneath the root, just as a fresh openat2 would give.
// (A kept directory moved outside the root by a host process no longer
// matches any path Vfs resolves, so it is never used again.) The window left
// is the one every *at() call here has: between the check and the call.
//
// Thread-safe: the object is immutable after create() apart from DirHandles,
// which has its own lock and hands out shared descriptors.
#pragma once

#include <fcntl.h>

#include <memory>
#include <string>
#include <string_view>

#include "vfs/backend.h"

namespace kefka::vfs {

struct HostOptions {
  bool read_only = false;
  // The owner every host file is presented with.
  uint32_t uid = 1000;
  uint32_t gid = 1000;
  // Use the O_NOFOLLOW component walk even when the kernel has openat2
  // (tests run the confinement suite over both).
  bool force_component_walk = false;
};

class HostBackend final : public Backend, public std::enable_shared_from_this<HostBackend> {
 public:
  // Opens `host_dir` (which must be a directory; symlinks in it are followed
  // once, here, by the embedder's choice of path).
  static Result<std::shared_ptr<HostBackend>> create(const std::string& host_dir,
                                                     HostOptions options = {});
  ~HostBackend() override;
  HostBackend(const HostBackend&) = delete;
  HostBackend& operator=(const HostBackend&) = delete;

  Result<Stat> lstat(Path path) override;
  // `dir_stat` must be what lstat()/lookup() returned for `dir` in the same
  // path resolution (Vfs's contract, see backend.h): the kept descriptor of
  // `dir` is trusted only when its inode number is dir_stat.ino.
  Result<Stat> lookup(Path dir, const Stat& dir_stat, std::string_view name) override;
  Result<std::unique_ptr<FileHandle>> open(Path path, int flags, uint32_t mode,
                                           const Credentials& cred) override;
  Result<std::vector<DirEntry>> readdir(Path path) override;
  Status mkdir(Path path, uint32_t mode, const Credentials& cred) override;
  Status rmdir(Path path) override;
  Status unlink(Path path) override;
  Status rename(Path from, Path to) override;
  Status symlink(std::string_view target, Path path, const Credentials& cred) override;
  Result<std::string> readlink(Path path) override;
  Status link(Path existing, Path new_path) override;
  Status chmod(Path path, uint32_t mode) override;
  Status chown(Path path, uint32_t uid, uint32_t gid) override;
  Status utimens(Path path, timespec atime, timespec mtime) override;
  Status truncate(Path path, uint64_t size) override;
  Result<StatFs> statfs() override;

  bool read_only() const override { return options_.read_only; }
  // The folder cannot be copied: a fork shares it, like a bind mount.
  std::shared_ptr<Backend> fork() override { return shared_from_this(); }

  const HostOptions& options() const { return options_; }
  // Whether parents are opened with openat2 (false: the O_NOFOLLOW walk).
  bool uses_openat2() const { return use_openat2_; }

 private:
  struct Parent;     // an open parent directory and the last component (.cpp)
  class DirHandles;  // recently used directories kept open for lookup() (.cpp)
  HostBackend(int root_fd, HostOptions options, bool use_openat2);

  // The directory holding the last component of `path` (which must be
  // non-empty and valid), opened O_PATH without following any symlink.
  Result<Parent> open_parent(Path path) const;
  // Opens the relative path `rel` beneath the root, following no symlink in
  // any component (also the last). `flags` must include O_DIRECTORY.
  Result<int> open_beneath(std::string_view rel, int flags) const;
  Result<int> walk_beneath(std::string_view rel, int flags) const;
  Result<std::unique_ptr<FileHandle>> open_existing(const Parent& parent, int flags) const;
  Result<std::unique_ptr<FileHandle>> create_file(const Parent& parent, int flags,
                                                  uint32_t mode) const;
  // Read-only folders are read without updating access times (when the
  // process may: it owns the files or has CAP_FOWNER).
  int noatime_flag() const { return options_.read_only ? O_NOATIME : 0; }

  int root_fd_;
  HostOptions options_;
  bool use_openat2_;
  std::unique_ptr<DirHandles> dir_handles_;
};

}  // namespace kefka::vfs

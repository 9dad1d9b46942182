// The interface a storage backend implements (memory, host folder, overlay,
// object storage, /dev).
//
// Backends are deliberately dumb. All path resolution happens once, in Vfs:
// it splits paths, handles "." and "..", follows symlinks (also across mounts),
// checks permissions and quotas, and then calls a backend with a *canonical
// relative path*: components separated by '/', no "." or "..", no leading or
// trailing slash, "" for the backend's root. Every parent component of such a
// path was seen by Vfs as a real directory of this backend, and the last
// component is never followed if it is a symlink: lstat(), unlink(), rename()
// and readlink() act on the link itself.
//
// A backend that reaches the host (HostBackend) must still be race-free on its
// own: another process may swap a directory for a symlink between two calls, so
// it walks with O_NOFOLLOW/openat2(RESOLVE_BENEATH) and never trusts the path.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "vfs/types.h"

namespace kefka::vfs {

// An open regular file (or device) of a backend. Positions are explicit;
// OpenFile (vfs/open_file.h) keeps the offset and the O_APPEND behaviour.
class FileHandle {
 public:
  virtual ~FileHandle() = default;
  virtual Result<size_t> pread(std::span<char> buf, uint64_t offset) = 0;
  virtual Result<size_t> pwrite(std::string_view data, uint64_t offset) = 0;
  virtual Result<void> truncate(uint64_t size) = 0;
  virtual Result<Stat> stat() = 0;
  // Writes at the current end of file atomically (O_APPEND) and returns the file
  // size after the write. The default is stat() + pwrite(), which is not atomic
  // against other writers; backends that can do better override it.
  virtual Result<uint64_t> append(std::string_view data) {
    auto st = stat();
    if (!st) return Errno{st.error()};
    auto n = pwrite(data, st->size);
    if (!n) return Errno{n.error()};
    return st->size + *n;
  }
  // Clears the set-user-ID bit, and the set-group-ID bit when group execute is
  // set, as Linux does when an unprivileged process writes or truncates a file.
  // Backends whose files cannot carry those bits keep the default.
  virtual Status clear_setid() { return {}; }
  // Devices that are not seekable (none yet) would answer false.
  virtual bool seekable() const { return true; }
};

using Path = std::string_view;  // a canonical relative path, see above

class Backend {
 public:
  virtual ~Backend() = default;

  virtual Result<Stat> lstat(Path path) = 0;
  // lstat() of the entry `name` in the directory `dir`, which Vfs reached just
  // before (`dir_stat` is what lstat()/lookup() returned for it). Path
  // resolution calls this once per component; the default joins the path and
  // calls lstat(), which costs O(depth) per call. Backends with an index
  // (memory) override it to find the entry from dir_stat.ino in O(1).
  virtual Result<Stat> lookup(Path dir, const Stat& dir_stat, std::string_view name) {
    if (dir.empty()) return lstat(name);
    std::string joined;
    joined.reserve(dir.size() + 1 + name.size());
    joined.append(dir).append("/").append(name);
    return lstat(joined);
  }
  // flags: O_RDONLY/O_WRONLY/O_RDWR | O_CREAT | O_EXCL | O_TRUNC (O_APPEND is
  // handled by OpenFile). With O_CREAT a new file gets `mode` (umask already
  // applied) and the owner in `cred`. Opening a directory gives EISDIR.
  virtual Result<std::unique_ptr<FileHandle>> open(Path path, int flags, uint32_t mode,
                                                   const Credentials& cred) = 0;
  // Entries without "." and "..", in a stable order (memory: sorted by name).
  virtual Result<std::vector<DirEntry>> readdir(Path path) = 0;
  virtual Status mkdir(Path path, uint32_t mode, const Credentials& cred) = 0;
  virtual Status rmdir(Path path) = 0;
  virtual Status unlink(Path path) = 0;
  // Both paths are in this backend (Vfs turns cross-backend renames into EXDEV).
  virtual Status rename(Path from, Path to) = 0;
  virtual Status symlink(std::string_view target, Path path, const Credentials& cred) = 0;
  virtual Result<std::string> readlink(Path path) = 0;
  virtual Status link(Path existing, Path new_path) = 0;
  virtual Status chmod(Path path, uint32_t mode) = 0;
  virtual Status chown(Path path, uint32_t uid, uint32_t gid) = 0;
  virtual Status utimens(Path path, timespec atime, timespec mtime) = 0;
  virtual Status truncate(Path path, uint64_t size) = 0;
  virtual Result<StatFs> statfs() = 0;

  // True when every mutating call fails with EROFS.
  virtual bool read_only() const { return false; }
  // An independent copy for Sandbox::fork(). Memory backends copy in O(1) by
  // sharing immutable nodes; a backend that cannot be copied (a read-write host
  // folder) returns itself, shared, like a bind mount.
  virtual std::shared_ptr<Backend> fork() = 0;
};

using BackendPtr = std::shared_ptr<Backend>;

}  // namespace kefka::vfs

// HostBackend: see host_backend.h for the confinement rules. Every syscall here
// takes a directory descriptor beneath the root and a single component name;
// none follows a symlink.
#include "vfs/host_backend.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <mutex>
#include <utility>

namespace kefka::vfs {
namespace {

constexpr size_t kPathMax = PATH_MAX;  // including the terminating NUL, like the kernel
constexpr size_t kNameMax = NAME_MAX;
constexpr uint64_t kResolveFlags = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
// fchmodat2(2) (Linux 6.6) is the only chmod that honours AT_SYMLINK_NOFOLLOW
// without /proc; glibc 2.36 has no wrapper. The number is the same on every
// architecture.
constexpr long kSysFchmodat2 = 452;
// openat2 may answer EAGAIN when a concurrent rename makes it unsure; after
// this many tries the component walk takes over.
constexpr int kOpenat2Retries = 8;
// An O_CREAT open retries when the name flips between "exists" and "does not
// exist" under a racing host process.
constexpr int kCreateRetries = 8;

Errno last_error() {
  return Errno{errno};
}

// Set-user-ID and set-group-ID bits are never set on host files by the
// sandbox: an agent could otherwise leave a setuid program in a folder that
// host users run from (see docs/THREAT_MODEL.md).
constexpr uint32_t kSetIdBits = S_ISUID | S_ISGID;
uint32_t host_safe_mode(uint32_t mode) {
  return mode & 07777 & ~kSetIdBits;
}

// Writing to a setuid/setgid file drops those bits, as the kernel does for a
// writer without CAP_FSETID (the process may well have it).
Status drop_setid_for_writing(int fd, const struct stat& st) {
  bool setgid_exec = (st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP);
  if (!(st.st_mode & S_ISUID) && !setgid_exec) return {};
  if (::fchmod(fd, st.st_mode & 07777 & ~kSetIdBits) != 0) return last_error();
  return {};
}

// Owns a descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

template <typename F>
auto retry_eintr(F call) {
  decltype(call()) r;
  do {
    r = call();
  } while (r < 0 && errno == EINTR);
  return r;
}

// Checks that `path` is canonical (see backend.h) and within the host limits.
Status check_path(Path path) {
  if (path.size() >= kPathMax) return Errno{ENAMETOOLONG};
  if (path.empty()) return {};
  if (path.find('\0') != Path::npos) return Errno{EINVAL};
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view name = path.substr(start, slash == Path::npos ? Path::npos : slash - start);
    if (name.empty() || name == "." || name == "..") return Errno{EINVAL};
    if (name.size() > kNameMax) return Errno{ENAMETOOLONG};
    if (slash == Path::npos) return {};
    start = slash + 1;
  }
}

uint32_t dirent_type(unsigned char d_type) {
  switch (d_type) {
    case DT_REG:
      return S_IFREG;
    case DT_DIR:
      return S_IFDIR;
    case DT_LNK:
      return S_IFLNK;
    case DT_FIFO:
      return S_IFIFO;
    case DT_SOCK:
      return S_IFSOCK;
    case DT_CHR:
      return S_IFCHR;
    case DT_BLK:
      return S_IFBLK;
    default:
      return 0;
  }
}

// Why a non-regular file cannot be opened: the host's answer for directories,
// symlinks (under O_NOFOLLOW) and sockets; EACCES for fifos and devices, which
// the sandbox may see but never open.
Errno refusal_for_type(mode_t mode) {
  if (S_ISDIR(mode)) return Errno{EISDIR};
  if (S_ISLNK(mode)) return Errno{ELOOP};
  if (S_ISSOCK(mode)) return Errno{ENXIO};
  return Errno{EACCES};
}

// Whether fchmodat2 exists, asked once with an invalid flag: a kernel that
// has it answers EINVAL, one without ENOSYS, a seccomp filter often EPERM.
bool have_fchmodat2() {
  static const bool have = [] {
    long r = syscall(kSysFchmodat2, -1, "", 0, 0x40000000);
    return !(r < 0 && (errno == ENOSYS || errno == EPERM));
  }();
  return have;
}

// chmod of `name` in `dir` that never follows a symlink (EOPNOTSUPP on one, as
// the host answers). `name` empty: `dir` itself.
Status chmod_nofollow(int dir, const char* name, uint32_t mode) {
  if (have_fchmodat2()) {
    int flags = *name ? AT_SYMLINK_NOFOLLOW : AT_EMPTY_PATH;
    if (retry_eintr([&] { return syscall(kSysFchmodat2, dir, name, mode, flags); }) == 0) {
      return {};
    }
    // ENOSYS after a good probe: a seccomp filter installed since. Fall back.
    if (errno != ENOSYS) return last_error();
  }
  if (!*name) {
    // Old kernel, the root itself: reopen it (no path walk) and fchmod.
    UniqueFd fd(
        retry_eintr([&] { return ::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); }));
    if (fd.get() < 0) return last_error();
    if (::fchmod(fd.get(), mode) != 0) return last_error();
    return {};
  }
  // glibc emulates AT_SYMLINK_NOFOLLOW with an O_PATH|O_NOFOLLOW descriptor.
  if (::fchmodat(dir, name, mode, AT_SYMLINK_NOFOLLOW) != 0) return last_error();
  return {};
}

// The host process's umask may have removed permission bits Vfs asked for;
// put them back on the object just created as `name` in `dir`.
Status restore_mode(int dir, const char* name, uint32_t wanted) {
  struct stat st;
  if (::fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return last_error();
  if ((st.st_mode & 0777) == (wanted & 0777)) return {};
  return chmod_nofollow(dir, name, (st.st_mode & 07000) | (wanted & 0777));
}

// The Stat of a host file as the sandbox sees it: owned by the sandbox user.
Stat to_stat(const struct stat& st, const HostOptions& options) {
  Stat s;
  s.dev = st.st_dev;
  s.ino = st.st_ino;
  s.mode = st.st_mode;
  s.nlink = static_cast<uint32_t>(st.st_nlink);
  s.uid = options.uid;
  s.gid = options.gid;
  s.size = static_cast<uint64_t>(st.st_size);
  s.blocks = static_cast<uint64_t>(st.st_blocks);
  s.blksize = static_cast<uint32_t>(st.st_blksize);
  s.rdev = st.st_rdev;
  s.atime = st.st_atim;
  s.mtime = st.st_mtim;
  s.ctime = st.st_ctim;
  return s;
}

// An open regular host file.
class HostFile final : public FileHandle {
 public:
  HostFile(UniqueFd fd, const HostOptions& options) : fd_(std::move(fd)), options_(options) {}

  Result<size_t> pread(std::span<char> buf, uint64_t offset) override {
    if (offset > static_cast<uint64_t>(INT64_MAX)) return Errno{EINVAL};
    ssize_t n = retry_eintr(
        [&] { return ::pread(fd_.get(), buf.data(), buf.size(), static_cast<off_t>(offset)); });
    if (n < 0) return last_error();
    return static_cast<size_t>(n);
  }

  Result<size_t> pwrite(std::string_view data, uint64_t offset) override {
    if (offset > static_cast<uint64_t>(INT64_MAX)) return Errno{EINVAL};
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = retry_eintr([&] {
        return ::pwrite(fd_.get(), data.data() + done, data.size() - done,
                        static_cast<off_t>(offset + done));
      });
      if (n < 0) {
        if (done > 0) break;  // report the partial write, like write(2)
        return last_error();
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }

  // O_APPEND without reopening: pwritev2(RWF_APPEND) writes at the end of
  // file atomically, also against host processes appending to the same file.
  Result<uint64_t> append(std::string_view data) override {
    iovec iov{const_cast<char*>(data.data()), data.size()};
    ssize_t n = retry_eintr([&] { return ::pwritev2(fd_.get(), &iov, 1, -1, RWF_APPEND); });
    if (n < 0) {
      if (errno == EOPNOTSUPP || errno == EINVAL) return FileHandle::append(data);  // < 4.16
      return last_error();
    }
    struct stat st;
    if (::fstat(fd_.get(), &st) != 0) return last_error();
    return static_cast<uint64_t>(st.st_size);
  }

  Result<void> truncate(uint64_t size) override {
    if (retry_eintr([&] { return ::ftruncate(fd_.get(), static_cast<off_t>(size)); }) != 0) {
      return last_error();
    }
    return {};
  }

  Result<Stat> stat() override {
    struct stat st;
    if (::fstat(fd_.get(), &st) != 0) return last_error();
    return to_stat(st, options_);
  }

 private:
  UniqueFd fd_;
  HostOptions options_;
};

// Whether the kernel has openat2 (it may also be filtered by seccomp: EPERM).
bool probe_openat2(int root_fd) {
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = kResolveFlags;
  long fd = syscall(SYS_openat2, root_fd, ".", &how, sizeof how);
  if (fd < 0) return errno != ENOSYS && errno != EPERM;
  ::close(static_cast<int>(fd));
  return true;
}

}  // namespace

struct HostBackend::Parent {
  UniqueFd owned;  // empty when `fd` is the root descriptor
  int fd = -1;
  std::string name;  // the last component, NUL-terminated for the syscalls
};

Result<std::shared_ptr<HostBackend>> HostBackend::create(const std::string& host_dir,
                                                         HostOptions options) {
  if (host_dir.empty()) return Errno{ENOENT};
  if (host_dir.find('\0') != std::string::npos) return Errno{EINVAL};
  int fd = retry_eintr([&] { return ::open(host_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC); });
  if (fd < 0) return last_error();
  bool use_openat2 = !options.force_component_walk && probe_openat2(fd);
  return std::shared_ptr<HostBackend>(new HostBackend(fd, options, use_openat2));
}

// The parent directories lookup() used last, open O_PATH. A walk over a tree
// (find, ls -R, du) resolves many names in the same few directories.
class HostBackend::DirHandles {
 public:
  // Shared, so a descriptor stays open while a call uses it even if another
  // thread evicts it meanwhile.
  using Handle = std::shared_ptr<const UniqueFd>;

  Handle find(std::string_view path, uint64_t ino) {
    std::lock_guard lock(mu_);
    for (Entry& entry : entries_) {
      if (entry.handle && entry.ino == ino && entry.path == path) {
        entry.last_use = ++clock_;
        return entry.handle;
      }
    }
    return nullptr;
  }

  void keep(std::string_view path, uint64_t ino, Handle handle) {
    std::lock_guard lock(mu_);
    auto oldest =
        std::min_element(entries_.begin(), entries_.end(),
                         [](const Entry& a, const Entry& b) { return a.last_use < b.last_use; });
    *oldest = Entry{std::string(path), ino, std::move(handle), ++clock_};
  }

 private:
  struct Entry {
    std::string path;
    uint64_t ino = 0;
    Handle handle;
    uint64_t last_use = 0;
  };
  static constexpr size_t kEntries = 8;

  std::mutex mu_;
  std::array<Entry, kEntries> entries_;
  uint64_t clock_ = 0;
};

HostBackend::HostBackend(int root_fd, HostOptions options, bool use_openat2)
    : root_fd_(root_fd),
      options_(options),
      use_openat2_(use_openat2),
      dir_handles_(std::make_unique<DirHandles>()) {}

HostBackend::~HostBackend() {
  ::close(root_fd_);
}

Result<int> HostBackend::open_beneath(std::string_view rel, int flags) const {
  std::string path(rel);
  if (use_openat2_) {
    open_how how{};
    // No O_NOFOLLOW: with it a symlink in the last position would be opened
    // as itself and fail O_DIRECTORY with ENOTDIR; RESOLVE_NO_SYMLINKS already
    // refuses it (ELOOP), as it refuses one in any other position.
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.resolve = kResolveFlags;
    for (int attempt = 0; attempt < kOpenat2Retries; ++attempt) {
      long fd = retry_eintr(
          [&] { return syscall(SYS_openat2, root_fd_, path.c_str(), &how, sizeof how); });
      if (fd >= 0) return static_cast<int>(fd);
      if (errno != EAGAIN) return last_error();
    }
  }
  return walk_beneath(rel, flags);
}

// The openat2 fallback: one component at a time, never following a symlink.
Result<int> HostBackend::walk_beneath(std::string_view rel, int flags) const {
  UniqueFd current;
  int dir = root_fd_;
  size_t start = 0;
  while (true) {
    size_t slash = rel.find('/', start);
    bool last = slash == std::string_view::npos;
    std::string name(rel.substr(start, last ? std::string_view::npos : slash - start));
    int step_flags = (last ? flags : O_PATH | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC;
    int fd = retry_eintr([&] { return ::openat(dir, name.c_str(), step_flags); });
    if (fd < 0) {
      int error = errno;
      // O_PATH|O_NOFOLLOW|O_DIRECTORY on a symlink says ENOTDIR; openat2 says
      // ELOOP. Answer like openat2 so both modes agree.
      struct stat st;
      if (error == ENOTDIR && ::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        error = ELOOP;
      }
      return Errno{error};
    }
    if (last) return fd;
    current = UniqueFd(fd);
    dir = current.get();
    start = slash + 1;
  }
}

Result<HostBackend::Parent> HostBackend::open_parent(Path path) const {
  Parent parent;
  size_t slash = path.rfind('/');
  if (slash == Path::npos) {
    parent.fd = root_fd_;
    parent.name = std::string(path);
    return parent;
  }
  auto fd = open_beneath(path.substr(0, slash), O_PATH | O_DIRECTORY);
  if (!fd.ok()) return Errno{fd.error()};
  parent.owned = UniqueFd(*fd);
  parent.fd = *fd;
  parent.name = std::string(path.substr(slash + 1));
  return parent;
}

Result<Stat> HostBackend::lstat(Path path) {
  KEFKA_TRY(check_path(path));
  struct stat st;
  if (path.empty()) {
    if (::fstatat(root_fd_, "", &st, AT_EMPTY_PATH) != 0) return last_error();
    return to_stat(st, options_);
  }
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  if (::fstatat(parent->fd, parent->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return last_error();
  }
  return to_stat(st, options_);
}

Result<Stat> HostBackend::lookup(Path dir, const Stat& dir_stat, std::string_view name) {
  if (dir.empty()) return lstat(name);
  KEFKA_TRY(check_path(dir));
  KEFKA_TRY(check_path(name));
  if (name.empty() || name.find('/') != std::string_view::npos) return Errno{EINVAL};
  if (dir.size() + 1 + name.size() >= kPathMax) return Errno{ENAMETOOLONG};
  DirHandles::Handle parent = dir_handles_->find(dir, dir_stat.ino);
  if (!parent) {
    auto fd = open_beneath(dir, O_PATH | O_DIRECTORY);
    if (!fd.ok()) return Errno{fd.error()};
    parent = std::make_shared<const UniqueFd>(*fd);
    struct stat st;
    if (::fstat(parent->get(), &st) != 0) return last_error();
    // Otherwise the directory was replaced after Vfs read dir_stat: this fresh
    // descriptor is right for this call, but is not kept.
    if (st.st_ino == dir_stat.ino) dir_handles_->keep(dir, st.st_ino, parent);
  }
  struct stat st;
  if (::fstatat(parent->get(), std::string(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return last_error();
  }
  return to_stat(st, options_);
}

Result<std::unique_ptr<FileHandle>> HostBackend::open(Path path, int flags, uint32_t mode,
                                                      const Credentials& cred) {
  KEFKA_TRY(check_path(path));
  if (path.empty()) {
    if ((flags & O_CREAT) && (flags & O_EXCL)) return Errno{EEXIST};
    return Errno{EISDIR};
  }
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  if (!(flags & O_CREAT)) return open_existing(*parent, flags);
  if (!options_.read_only) return create_file(*parent, flags, mode);
  // Read-only: O_CREAT of an existing file is a plain open; creating is not.
  struct stat st;
  if (::fstatat(parent->fd, parent->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return Errno{errno == ENOENT ? EROFS : errno};
  }
  if (flags & O_EXCL) return Errno{EEXIST};
  return open_existing(*parent, flags);
}

Result<std::unique_ptr<FileHandle>> HostBackend::open_existing(const Parent& parent,
                                                               int flags) const {
  struct stat st;
  if (::fstatat(parent.fd, parent.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return last_error();
  }
  // Refuse special files by type before opening them: opening a fifo blocks
  // and opening a device may have side effects.
  if (!S_ISREG(st.st_mode)) return refusal_for_type(st.st_mode);
  bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
  if (options_.read_only && writes) return Errno{EROFS};
  // O_NONBLOCK: should a racing host process swap in a fifo after the check
  // above, the open fails or returns at once instead of blocking, and the
  // fstat below refuses it.
  int open_flags = (flags & (O_ACCMODE | O_TRUNC)) | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
                   O_CLOEXEC | noatime_flag();
  auto open_it = [&] { return ::openat(parent.fd, parent.name.c_str(), open_flags); };
  UniqueFd fd(retry_eintr(open_it));
  if (fd.get() < 0 && errno == EPERM && (open_flags & O_NOATIME)) {
    open_flags &= ~O_NOATIME;  // not the file's owner: atime it is
    fd = UniqueFd(retry_eintr(open_it));
  }
  if (fd.get() < 0) return last_error();
  if (::fstat(fd.get(), &st) != 0) return last_error();
  if (!S_ISREG(st.st_mode)) return refusal_for_type(st.st_mode);
  if (writes) KEFKA_TRY(drop_setid_for_writing(fd.get(), st));
  return std::unique_ptr<FileHandle>(new HostFile(std::move(fd), options_));
}

Result<std::unique_ptr<FileHandle>> HostBackend::create_file(const Parent& parent, int flags,
                                                             uint32_t mode) const {
  // O_EXCL first, so we know whether the file is new and its mode must be
  // corrected for the host umask; then a plain open if it already existed.
  int create_flags = (flags & (O_ACCMODE | O_TRUNC)) | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK |
                     O_NOCTTY | O_CLOEXEC;
  for (int attempt = 0; attempt < kCreateRetries; ++attempt) {
    UniqueFd fd(retry_eintr([&] {
      return ::openat(parent.fd, parent.name.c_str(), create_flags, host_safe_mode(mode));
    }));
    if (fd.get() >= 0) {
      struct stat st;
      if (::fstat(fd.get(), &st) != 0) return last_error();
      if ((st.st_mode & 07777) != host_safe_mode(mode) &&
          ::fchmod(fd.get(), host_safe_mode(mode)) != 0) {
        return last_error();
      }
      return std::unique_ptr<FileHandle>(new HostFile(std::move(fd), options_));
    }
    if (errno != EEXIST || (flags & O_EXCL)) return last_error();
    auto existing = open_existing(parent, flags);
    if (existing.ok() || existing.error() != ENOENT) return existing;
  }
  return Errno{EAGAIN};
}

Result<std::vector<DirEntry>> HostBackend::readdir(Path path) {
  KEFKA_TRY(check_path(path));
  int flags = O_RDONLY | O_DIRECTORY | noatime_flag();
  auto open_dir = [&]() -> Result<int> {
    if (!path.empty()) return open_beneath(path, flags);
    int fd = retry_eintr([&] { return ::openat(root_fd_, ".", flags | O_CLOEXEC); });
    if (fd < 0) return last_error();
    return fd;
  };
  auto opened = open_dir();
  if (!opened.ok() && opened.error() == EPERM && (flags & O_NOATIME)) {
    flags &= ~O_NOATIME;
    opened = open_dir();
  }
  if (!opened.ok()) return Errno{opened.error()};
  int fd = *opened;
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    int error = errno;
    ::close(fd);
    return Errno{error};
  }
  std::vector<DirEntry> entries;
  while (true) {
    errno = 0;
    dirent* ent = ::readdir(dir);
    if (!ent) break;
    std::string_view name = ent->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{std::string(name), ent->d_ino, dirent_type(ent->d_type)};
    struct stat st;
    if (entry.type == 0 && ::fstatat(::dirfd(dir), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      entry.type = st.st_mode & S_IFMT;
    }
    entries.push_back(std::move(entry));
  }
  int error = errno;
  ::closedir(dir);
  if (error != 0) return Errno{error};
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

Status HostBackend::mkdir(Path path, uint32_t mode, const Credentials& cred) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  if (path.empty()) return Errno{EEXIST};
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  // A directory keeps a setgid bit it inherits (group inheritance only).
  mode = host_safe_mode(mode);
  if (::mkdirat(parent->fd, parent->name.c_str(), mode) != 0) return last_error();
  return restore_mode(parent->fd, parent->name.c_str(), mode);
}

Status HostBackend::rmdir(Path path) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  if (path.empty()) return Errno{EBUSY};
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  if (::unlinkat(parent->fd, parent->name.c_str(), AT_REMOVEDIR) != 0) return last_error();
  return {};
}

Status HostBackend::unlink(Path path) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  if (path.empty()) return Errno{EISDIR};
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  if (::unlinkat(parent->fd, parent->name.c_str(), 0) != 0) return last_error();
  return {};
}

Status HostBackend::rename(Path from, Path to) {
  KEFKA_TRY(check_path(from));
  KEFKA_TRY(check_path(to));
  if (options_.read_only) return Errno{EROFS};
  if (from.empty() || to.empty()) return Errno{EBUSY};
  auto old_parent = open_parent(from);
  if (!old_parent.ok()) return Errno{old_parent.error()};
  auto new_parent = open_parent(to);
  if (!new_parent.ok()) return Errno{new_parent.error()};
  if (::renameat(old_parent->fd, old_parent->name.c_str(), new_parent->fd,
                 new_parent->name.c_str()) != 0) {
    return last_error();
  }
  return {};
}

Status HostBackend::symlink(std::string_view target, Path path, const Credentials& cred) {
  KEFKA_TRY(check_path(path));
  if (target.find('\0') != std::string_view::npos) return Errno{EINVAL};
  if (options_.read_only) return Errno{EROFS};
  if (target.empty()) return Errno{ENOENT};
  if (path.empty()) return Errno{EEXIST};
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  std::string target_z(target);
  if (::symlinkat(target_z.c_str(), parent->fd, parent->name.c_str()) != 0) return last_error();
  return {};
}

Result<std::string> HostBackend::readlink(Path path) {
  KEFKA_TRY(check_path(path));
  if (path.empty()) return Errno{EINVAL};
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  std::string buf(256, '\0');
  while (true) {
    ssize_t n = ::readlinkat(parent->fd, parent->name.c_str(), buf.data(), buf.size());
    if (n < 0) return last_error();
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      return buf;
    }
    if (buf.size() >= (1u << 20)) return Errno{ENAMETOOLONG};
    buf.resize(buf.size() * 4);
  }
}

Status HostBackend::link(Path existing, Path new_path) {
  KEFKA_TRY(check_path(existing));
  KEFKA_TRY(check_path(new_path));
  if (options_.read_only) return Errno{EROFS};
  if (existing.empty()) return Errno{EPERM};  // hard links to directories
  if (new_path.empty()) return Errno{EEXIST};
  auto old_parent = open_parent(existing);
  if (!old_parent.ok()) return Errno{old_parent.error()};
  auto new_parent = open_parent(new_path);
  if (!new_parent.ok()) return Errno{new_parent.error()};
  // Flags 0: a symlink named by `existing` is linked itself, not followed.
  if (::linkat(old_parent->fd, old_parent->name.c_str(), new_parent->fd, new_parent->name.c_str(),
               0) != 0) {
    return last_error();
  }
  return {};
}

Status HostBackend::chmod(Path path, uint32_t mode) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  if (path.empty()) return chmod_nofollow(root_fd_, "", host_safe_mode(mode));
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  return chmod_nofollow(parent->fd, parent->name.c_str(), host_safe_mode(mode));
}

// Host ownership never changes: the sandbox user owns everything it sees.
Status HostBackend::chown(Path path, uint32_t uid, uint32_t gid) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  auto st = lstat(path);
  if (!st.ok()) return Errno{st.error()};
  return {};
}

Status HostBackend::utimens(Path path, timespec atime, timespec mtime) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  const timespec times[2] = {atime, mtime};
  if (path.empty()) {
    if (::utimensat(root_fd_, "", times, AT_EMPTY_PATH) != 0) return last_error();
    return {};
  }
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  if (::utimensat(parent->fd, parent->name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    return last_error();
  }
  return {};
}

Status HostBackend::truncate(Path path, uint64_t size) {
  KEFKA_TRY(check_path(path));
  if (options_.read_only) return Errno{EROFS};
  if (path.empty()) return Errno{EISDIR};
  auto parent = open_parent(path);
  if (!parent.ok()) return Errno{parent.error()};
  // truncate(2) answers EISDIR for directories and EINVAL for other
  // non-regular files; check before opening so a fifo is never opened.
  auto refuse = [](mode_t mode) { return Errno{S_ISDIR(mode) ? EISDIR : EINVAL}; };
  struct stat st;
  if (::fstatat(parent->fd, parent->name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return last_error();
  }
  if (S_ISLNK(st.st_mode)) return Errno{ELOOP};
  if (!S_ISREG(st.st_mode)) return refuse(st.st_mode);
  UniqueFd fd(retry_eintr([&] {
    return ::openat(parent->fd, parent->name.c_str(),
                    O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  }));
  if (fd.get() < 0) return last_error();
  if (::fstat(fd.get(), &st) != 0) return last_error();
  if (!S_ISREG(st.st_mode)) return refuse(st.st_mode);
  KEFKA_TRY(drop_setid_for_writing(fd.get(), st));
  if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) return last_error();
  return {};
}

Result<StatFs> HostBackend::statfs() {
  struct statfs sf;
  if (::fstatfs(root_fd_, &sf) != 0) return last_error();
  StatFs out;
  out.block_size = static_cast<uint64_t>(sf.f_bsize);
  out.blocks = sf.f_blocks;
  out.blocks_free = sf.f_bavail;  // what an unprivileged sandbox user may use
  out.files = sf.f_files;
  out.files_free = sf.f_ffree;
  out.name_max = static_cast<uint32_t>(sf.f_namelen);
  return out;
}

}  // namespace kefka::vfs

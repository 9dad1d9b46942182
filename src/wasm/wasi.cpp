// The WASI preview1 imports (all of `wasi_snapshot_preview1`) over the sandbox:
// files through the guest's vfs::FsView, fds 0-2 through the command's streams,
// fd 3 the preopened "/". Layouts and numbers follow the preview1 witx.
//
// Every import runs inside host_call(): guest pointers are bounds-checked
// (EFAULT), exceptions become errnos, and on return a stopped Budget, a
// proc_exit or a broken pipe leaves the guest (see wasm/guest.h).
#include "wasm/wasi.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>
#include <optional>
#include <thread>

#include "vfs/open_file.h"

using Host = Z_wasi_snapshot_preview1_instance_t;
using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;

namespace kefka::wasm {
namespace {

// WASI errno values.
enum : u16 {
  kOk = 0,
  k2Big = 1,
  kAcces = 2,
  kAgain = 6,
  kBadf = 8,
  kBusy = 10,
  kExist = 20,
  kFault = 21,
  kFbig = 22,
  kIlseq = 25,
  kIntr = 27,
  kInval = 28,
  kIo = 29,
  kIsdir = 31,
  kLoop = 32,
  kMfile = 33,
  kMlink = 34,
  kNametoolong = 37,
  kNoent = 44,
  kNoexec = 45,
  kNomem = 48,
  kNospc = 51,
  kNosys = 52,
  kNotdir = 54,
  kNotempty = 55,
  kNotsup = 58,
  kNotty = 59,
  kNxio = 60,
  kOverflow = 61,
  kPerm = 63,
  kPipe = 64,
  kRange = 68,
  kRofs = 69,
  kSpipe = 70,
  kXdev = 75,
};

// File types, flags and rights.
enum : u8 {
  kFiletypeUnknown = 0,
  kFiletypeBlock = 1,
  kFiletypeChar = 2,
  kFiletypeDirectory = 3,
  kFiletypeRegular = 4,
  kFiletypeSocketStream = 6,
  kFiletypeSymlink = 7,
};
constexpr u32 kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
constexpr u16 kFdflagAppend = 1;
constexpr u32 kLookupFollow = 1;
constexpr u32 kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8;
constexpr u64 kRightFdRead = 1 << 1, kRightFdSeek = 1 << 2, kRightFdTell = 1 << 5,
              kRightFdWrite = 1 << 6;
constexpr u64 kAllRights = (u64{1} << 30) - 1;
constexpr u32 kMaxFds = 1024;

struct GuestFault {};  // a guest pointer out of bounds: EFAULT

u8* at(Host& h, u32 ptr, u64 len) {
  if (uint64_t{ptr} + len > h.memory->size) throw GuestFault{};
  return h.memory->data + ptr;
}
void put8(Host& h, u32 p, u8 v) {
  *at(h, p, 1) = v;
}
void put16(Host& h, u32 p, u16 v) {
  memcpy(at(h, p, 2), &v, 2);
}
void put32(Host& h, u32 p, u32 v) {
  memcpy(at(h, p, 4), &v, 4);
}
void put64(Host& h, u32 p, u64 v) {
  memcpy(at(h, p, 8), &v, 8);
}
u32 get32(Host& h, u32 p) {
  u32 v;
  memcpy(&v, at(h, p, 4), 4);
  return v;
}
u64 get64(Host& h, u32 p) {
  u64 v;
  memcpy(&v, at(h, p, 8), 8);
  return v;
}
std::string_view guest_string(Host& h, u32 p, u32 len) {
  return {reinterpret_cast<const char*>(at(h, p, len)), len};
}

// The guest's iovec array as spans of its memory.
std::vector<std::span<char>> iovecs(Host& h, u32 iovs, u32 count) {
  std::vector<std::span<char>> out;
  out.reserve(count);
  for (u32 i = 0; i < count; ++i) {
    u32 buf = get32(h, iovs + 8 * i);
    u32 len = get32(h, iovs + 8 * i + 4);
    out.emplace_back(reinterpret_cast<char*>(at(h, buf, len)), len);
  }
  return out;
}

u8 filetype_of(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return kFiletypeRegular;
    case S_IFDIR:
      return kFiletypeDirectory;
    case S_IFLNK:
      return kFiletypeSymlink;
    case S_IFCHR:
      return kFiletypeChar;
    case S_IFBLK:
      return kFiletypeBlock;
    case S_IFSOCK:
      return kFiletypeSocketStream;
    default:
      return kFiletypeUnknown;
  }
}

u64 nanos(const timespec& t) {
  return u64(t.tv_sec) * 1'000'000'000u + u64(t.tv_nsec);
}
timespec to_timespec(u64 ns) {
  return {static_cast<time_t>(ns / 1'000'000'000u), static_cast<long>(ns % 1'000'000'000u)};
}

void put_filestat(Host& h, u32 p, const vfs::Stat& st) {
  at(h, p, 64);
  memset(at(h, p, 64), 0, 64);
  put64(h, p, st.dev);
  put64(h, p + 8, st.ino);
  put8(h, p + 16, filetype_of(st.mode));
  put64(h, p + 24, st.nlink);
  put64(h, p + 32, st.size);
  put64(h, p + 40, nanos(st.atime));
  put64(h, p + 48, nanos(st.mtime));
  put64(h, p + 56, nanos(st.ctime));
}

WasiFd* find_fd(Host& h, u32 fd) {
  auto it = h.fds.find(fd);
  return it == h.fds.end() ? nullptr : &it->second;
}

// The status of calls that have nothing to do beyond checking the fd (sync:
// the sandbox filesystem has no cache to flush; rights are not enforced).
u16 fd_is_open(Host& h, u32 fd) {
  return find_fd(h, fd) ? kOk : kBadf;
}

vfs::OpenFile* open_file(WasiFd& f) {
  return dynamic_cast<vfs::OpenFile*>(f.stream.get());
}

// The absolute sandbox path of `path` relative to the directory fd `dirfd`.
// Everything the guest can name is inside the sandbox: ".." stops at its "/".
Result<std::string> resolve(Host& h, u32 dirfd, u32 path, u32 len) {
  WasiFd* dir = find_fd(h, dirfd);
  if (!dir) return Errno{EBADF};
  if (dir->kind != WasiFd::Kind::kDirectory) return Errno{ENOTDIR};
  std::string_view rel = guest_string(h, path, len);
  if (rel.find('\0') != std::string_view::npos) return Errno{EINVAL};
  if (rel.empty()) return Errno{ENOENT};
  std::string out = dir->path;
  if (out.empty() || out.back() != '/') out += '/';
  while (!rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  out += rel;
  return out;
}

u16 status(const Status& s) {
  return s ? u16{kOk} : to_wasi_errno(s.error());
}

u32 alloc_fd(Host& h, WasiFd fd) {
  u32 n = 0;
  while (h.fds.count(n)) ++n;
  if (n >= kMaxFds) return UINT32_MAX;
  h.fds.emplace(n, std::move(fd));
  return n;
}

// Runs one import: checks the guest stack, marks host code, maps exceptions
// to errnos, then leaves the guest if it must stop.
template <typename F>
u32 host_call(Host* h, F&& body) {
  GuestState& guest = h->guest;
  char probe;
  if (reinterpret_cast<uintptr_t>(&probe) < guest.stack_low + kHostStackReserve) {
    guest.trap = WASM_RT_TRAP_EXHAUSTION;
    stop_guest(guest, StopReason::kTrap);
  }
  u32 result = kOk;
  bool stop = false;
  {
    HostCall marker(guest);
    try {
      result = body();
    } catch (const GuestFault&) {
      result = kFault;
    } catch (const ExecAbort& e) {
      guest.abort = e;
    } catch (const std::bad_alloc&) {
      result = kNomem;
    } catch (...) {
      result = kIo;
    }
    if (!guest.abort && h->budget.stopped()) {
      try {
        h->budget.check();
      } catch (const ExecAbort& e) {
        guest.abort = e;
      }
    }
    stop = guest.abort.has_value() || guest.reason != StopReason::kReturned;
  }
  if (stop) stop_guest(guest, guest.abort ? StopReason::kAborted : guest.reason);
  return result;
}

// ---- args, environment, clocks, random --------------------------------------

u16 strings_sizes(Host& h, const std::vector<std::string>& v, u32 count_ptr, u32 size_ptr) {
  u64 bytes = 0;
  for (const auto& s : v) bytes += s.size() + 1;
  put32(h, count_ptr, static_cast<u32>(v.size()));
  put32(h, size_ptr, static_cast<u32>(bytes));
  return kOk;
}

u16 strings_get(Host& h, const std::vector<std::string>& v, u32 ptrs, u32 buf) {
  for (size_t i = 0; i < v.size(); ++i) {
    put32(h, ptrs + 4 * static_cast<u32>(i), buf);
    memcpy(at(h, buf, v[i].size() + 1), v[i].c_str(), v[i].size() + 1);
    buf += static_cast<u32>(v[i].size() + 1);
  }
  return kOk;
}

// The host clock behind WASI clock `id`: the guest is one thread, so its
// process CPU time is its thread's.
bool host_clock(u32 id, clockid_t* clock) {
  switch (id) {
    case 0:
      *clock = CLOCK_REALTIME;
      return true;
    case 1:
      *clock = CLOCK_MONOTONIC;
      return true;
    case 2:
    case 3:
      *clock = CLOCK_THREAD_CPUTIME_ID;
      return true;
    default:
      return false;
  }
}

bool clock_now(u32 id, u64* out) {
  clockid_t clock;
  if (!host_clock(id, &clock)) return false;
  timespec ts;
  clock_gettime(clock, &ts);
  *out = nanos(ts);
  return true;
}

// wasi-libc's clock() and times() read MONOTONIC with precision 0 (its other
// clock readings ask precision 1 or more): those get the guest's CPU time, in
// the units the guest's libc expects (RunConfig::libc_clock_hz).
bool is_libc_cpu_clock_reading(const Host& h, u32 id, u64 precision) {
  return id == 1 && precision == 0 && h.libc_clock_hz != 0;
}

u64 libc_cpu_clock(const Host& h) {
  u64 ns;
  clock_now(3, &ns);
  if (h.libc_clock_hz == 1'000'000'000) return ns;
  return static_cast<u64>(static_cast<unsigned __int128>(ns) * h.libc_clock_hz / 1'000'000'000u);
}

// ---- descriptors -------------------------------------------------------------

u16 fd_read(Host& h, u32 fd, u32 iovs, u32 count, u32 nread_ptr) {
  WasiFd* f = find_fd(h, fd);
  if (!f || !f->stream) return kBadf;
  if (f->kind == WasiFd::Kind::kDirectory) return kIsdir;
  u64 total = 0;
  for (auto buf : iovecs(h, iovs, count)) {
    if (buf.empty()) continue;
    auto n = f->stream->read(buf);
    if (!n) {
      if (total) break;
      return to_wasi_errno(n.error());
    }
    total += *n;
    if (*n < buf.size()) break;  // short read: return what we have (pipes stream)
  }
  put32(h, nread_ptr, static_cast<u32>(total));
  return kOk;
}

u16 fd_write(Host& h, u32 fd, u32 iovs, u32 count, u32 nwritten_ptr) {
  WasiFd* f = find_fd(h, fd);
  if (!f || !f->stream) return kBadf;
  if (f->kind == WasiFd::Kind::kDirectory) return kBadf;
  u64 total = 0;
  for (auto buf : iovecs(h, iovs, count)) {
    if (buf.empty()) continue;
    auto n = f->stream->write({buf.data(), buf.size()});
    if (!n) {
      if (n.error() == EPIPE && h.sigpipe_kills) h.guest.reason = StopReason::kBrokenPipe;
      if (total) break;
      return to_wasi_errno(n.error());
    }
    total += *n;
  }
  put32(h, nwritten_ptr, static_cast<u32>(total));
  return kOk;
}

// fd_pread and fd_pwrite: `transfer(file, buffer, at)` moves one guest buffer
// at file offset `at`; like preadv/pwritev, a short transfer ends the call.
template <typename Transfer>
u16 positioned_io(Host& h, u32 fd, u32 iovs, u32 count, u64 offset, u32 result_ptr,
                  u16 directory_error, Transfer transfer) {
  WasiFd* f = find_fd(h, fd);
  if (!f) return kBadf;
  vfs::OpenFile* file = open_file(*f);
  if (!file) {
    if (f->kind == WasiFd::Kind::kDirectory) return directory_error;
    return kSpipe;
  }
  u64 total = 0;
  for (auto buf : iovecs(h, iovs, count)) {
    auto n = transfer(*file, buf, offset + total);
    if (!n) return to_wasi_errno(n.error());
    total += *n;
    if (*n < buf.size()) break;
  }
  put32(h, result_ptr, static_cast<u32>(total));
  return kOk;
}

u16 fd_pread(Host& h, u32 fd, u32 iovs, u32 count, u64 offset, u32 nread_ptr) {
  return positioned_io(h, fd, iovs, count, offset, nread_ptr, kIsdir,
                       [](vfs::OpenFile& file, auto buf, u64 at) { return file.pread(buf, at); });
}

u16 fd_pwrite(Host& h, u32 fd, u32 iovs, u32 count, u64 offset, u32 nwritten_ptr) {
  return positioned_io(h, fd, iovs, count, offset, nwritten_ptr, kBadf,
                       [](vfs::OpenFile& file, auto buf, u64 at) {
                         return file.pwrite({buf.data(), buf.size()}, at);
                       });
}

u16 fd_seek(Host& h, u32 fd, int64_t offset, u32 whence, u32 result_ptr) {
  WasiFd* f = find_fd(h, fd);
  if (!f || !f->stream) return kBadf;
  if (f->kind == WasiFd::Kind::kDirectory) return kBadf;
  int how = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : whence == 2 ? SEEK_END : -1;
  if (how < 0) return kInval;
  auto pos = f->stream->seek(offset, how);
  if (!pos) return to_wasi_errno(pos.error());
  put64(h, result_ptr, static_cast<u64>(*pos));
  return kOk;
}

u16 fd_fdstat_get(Host& h, u32 fd, u32 p) {
  WasiFd* f = find_fd(h, fd);
  if (!f) return kBadf;
  u8 type = kFiletypeUnknown;
  u64 rights = kAllRights;
  if (f->kind == WasiFd::Kind::kDirectory) {
    type = kFiletypeDirectory;
  } else if (vfs::OpenFile* file = open_file(*f)) {
    auto st = file->stat();
    type = st ? filetype_of(st->mode) : u8{kFiletypeRegular};
  } else if (f->stream && f->stream->is_terminal()) {
    type = kFiletypeChar;  // isatty(): a character device that cannot seek
    rights &= ~(kRightFdSeek | kRightFdTell);
  } else {
    rights &= ~(kRightFdSeek | kRightFdTell);  // a pipe
  }
  memset(at(h, p, 24), 0, 24);
  put8(h, p, type);
  put16(h, p + 2, f->fdflags);
  put64(h, p + 8, rights);
  put64(h, p + 16, kAllRights);
  return kOk;
}

u16 put_fd_filestat(Host& h, WasiFd* f, u32 p) {
  if (f->kind == WasiFd::Kind::kDirectory) {
    auto st = h.fs.stat(f->path);
    if (!st) return to_wasi_errno(st.error());
    put_filestat(h, p, *st);
    return kOk;
  }
  if (vfs::OpenFile* file = open_file(*f)) {
    auto st = file->stat();
    if (!st) return to_wasi_errno(st.error());
    put_filestat(h, p, *st);
    return kOk;
  }
  vfs::Stat st;
  bool character = f->device || (f->stream && f->stream->is_terminal());
  st.mode = character ? (S_IFCHR | 0620) : (S_IFIFO | 0600);
  put_filestat(h, p, st);
  return kOk;
}

u16 fd_filestat_get(Host& h, u32 fd, u32 p) {
  WasiFd* f = find_fd(h, fd);
  if (!f) return kBadf;
  return put_fd_filestat(h, f, p);
}

u16 set_times(Host& h, const std::string& path, u64 atim, u64 mtim, u32 flags, bool follow) {
  timespec omit{0, UTIME_OMIT}, now{0, UTIME_NOW};
  timespec a = (flags & kFstAtimNow) ? now : (flags & kFstAtim) ? to_timespec(atim) : omit;
  timespec m = (flags & kFstMtimNow) ? now : (flags & kFstMtim) ? to_timespec(mtim) : omit;
  if (((flags & kFstAtim) && (flags & kFstAtimNow)) ||
      ((flags & kFstMtim) && (flags & kFstMtimNow))) {
    return kInval;
  }
  return status(h.fs.utimens(path, a, m, follow));
}

u16 fd_readdir(Host& h, u32 fd, u32 buf, u32 buf_len, u64 cookie, u32 used_ptr) {
  WasiFd* f = find_fd(h, fd);
  if (!f) return kBadf;
  if (f->kind != WasiFd::Kind::kDirectory) return kNotdir;
  if (cookie == 0 || f->listing.empty()) {
    auto entries = h.fs.readdir(f->path);
    if (!entries) return to_wasi_errno(entries.error());
    auto self = h.fs.stat(f->path);
    f->listing.clear();
    f->listing.push_back({".", self ? self->ino : 0, S_IFDIR});
    f->listing.push_back({"..", 0, S_IFDIR});
    for (auto& e : *entries) f->listing.push_back(std::move(e));
  }
  u8* out = at(h, buf, buf_len);
  u32 used = 0;
  for (u64 i = cookie; i < f->listing.size() && used < buf_len; ++i) {
    const vfs::DirEntry& e = f->listing[i];
    u8 header[24] = {};
    u64 next = i + 1, ino = e.ino;
    u32 namlen = static_cast<u32>(e.name.size());
    memcpy(header, &next, 8);
    memcpy(header + 8, &ino, 8);
    memcpy(header + 16, &namlen, 4);
    header[20] = filetype_of(e.type);
    // Entries that do not fit are cut; wasi-libc retries with a larger buffer.
    u32 n = std::min<u32>(24, buf_len - used);
    memcpy(out + used, header, n);
    used += n;
    n = std::min<u32>(namlen, buf_len - used);
    memcpy(out + used, e.name.data(), n);
    used += n;
  }
  put32(h, used_ptr, used);
  return kOk;
}

// ---- paths ---------------------------------------------------------------------

// The descriptor of the command that /dev/stdin, /dev/stdout, /dev/stderr or
// /dev/fd/N names (-1 for any other path). These name the command's own
// descriptors as the shell passed them (also N > 2: `3<file`, `<(...)`): the
// guest's fd 3 is WASI's preopened "/".
int command_descriptor(Host& h, const std::string& target) {
  std::string path = h.fs.absolute(target);
  if (path == "/dev/stdin") return 0;
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  constexpr std::string_view kPrefix = "/dev/fd/";
  if (!path.starts_with(kPrefix) || path.size() == kPrefix.size() ||
      path.size() > kPrefix.size() + 6) {
    return -1;
  }
  int n = 0;
  for (char c : std::string_view(path).substr(kPrefix.size())) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The guest's view of the command's descriptor `n` (shares its stream and
// offset, like a dup); ENOENT when it is not open.
Result<WasiFd> command_fd(Host& h, int n) {
  StreamPtr stream = h.command_fds.get(n);
  if (!stream) return Errno{ENOENT};
  WasiFd fd;
  fd.stream = std::move(stream);
  fd.kind = open_file(fd) ? WasiFd::Kind::kFile : WasiFd::Kind::kStream;
  fd.device = true;
  return fd;
}

u16 path_open(Host& h, u32 dirfd, u32 lookup, u32 path, u32 path_len, u32 oflags, u64 rights,
              u64 /*inheriting*/, u32 fdflags, u32 fd_ptr) {
  auto target = resolve(h, dirfd, path, path_len);
  if (!target) return to_wasi_errno(target.error());
  if (int n = command_descriptor(h, *target); n >= 0) {
    auto fd = command_fd(h, n);
    if (!fd) return to_wasi_errno(fd.error());
    if (oflags & kOflagDirectory) return kNotdir;
    fd->fdflags = static_cast<u16>(fdflags);
    u32 guest_fd = alloc_fd(h, std::move(*fd));
    if (guest_fd == UINT32_MAX) return kMfile;
    put32(h, fd_ptr, guest_fd);
    return kOk;
  }
  bool read = rights & kRightFdRead;
  bool write = rights & kRightFdWrite;
  int flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (!(lookup & kLookupFollow)) flags |= O_NOFOLLOW;
  auto stream = h.fs.open(*target, flags, 0666);
  if (!stream) return to_wasi_errno(stream.error());
  WasiFd fd;
  fd.stream = *stream;
  fd.path = h.fs.absolute(*target);
  fd.fdflags = static_cast<u16>(fdflags);
  if (auto* dir = dynamic_cast<vfs::DirectoryStream*>(stream->get())) {
    fd.kind = WasiFd::Kind::kDirectory;
    fd.path = dir->path();
  } else {
    fd.kind = WasiFd::Kind::kFile;
  }
  u32 n = alloc_fd(h, std::move(fd));
  if (n == UINT32_MAX) return kMfile;
  put32(h, fd_ptr, n);
  return kOk;
}

u16 path_filestat_get(Host& h, u32 dirfd, u32 lookup, u32 path, u32 len, u32 p) {
  auto target = resolve(h, dirfd, path, len);
  if (!target) return to_wasi_errno(target.error());
  if (int n = command_descriptor(h, *target); n >= 0) {
    auto fd = command_fd(h, n);
    if (!fd) return to_wasi_errno(fd.error());
    return put_fd_filestat(h, &*fd, p);
  }
  auto st = (lookup & kLookupFollow) ? h.fs.stat(*target) : h.fs.lstat(*target);
  if (!st) return to_wasi_errno(st.error());
  put_filestat(h, p, *st);
  return kOk;
}

u16 path_readlink(Host& h, u32 dirfd, u32 path, u32 len, u32 buf, u32 buf_len, u32 used_ptr) {
  auto target = resolve(h, dirfd, path, len);
  if (!target) return to_wasi_errno(target.error());
  auto link = h.fs.readlink(*target);
  if (!link) return to_wasi_errno(link.error());
  u32 n = std::min<u32>(buf_len, static_cast<u32>(link->size()));
  memcpy(at(h, buf, n), link->data(), n);
  put32(h, used_ptr, n);
  return kOk;
}

template <typename Op>
u16 path_op(Host& h, u32 dirfd, u32 path, u32 len, Op op) {
  auto target = resolve(h, dirfd, path, len);
  if (!target) return to_wasi_errno(target.error());
  return status(op(*target));
}

u16 path_pair(Host& h, u32 fd1, u32 p1, u32 l1, u32 fd2, u32 p2, u32 l2, bool link) {
  auto from = resolve(h, fd1, p1, l1);
  if (!from) return to_wasi_errno(from.error());
  auto to = resolve(h, fd2, p2, l2);
  if (!to) return to_wasi_errno(to.error());
  return status(link ? h.fs.link(*from, *to) : h.fs.rename(*from, *to));
}

// ---- poll ------------------------------------------------------------------------
//
// Clock subscriptions become deadlines on the steady clock (relative ones from
// now, absolute ones by their distance from their clock's now); the smallest
// is the poll's timeout. fd_write, files and directories are ready at once;
// fd_read on a stream waits with Stream::wait_readable (pipes: until data or
// end of input; streams that cannot tell, like the CLI's terminal, are ready).
// Waits are cut in slices to check the Budget, so the exec deadline and
// cancel() end a poll without timeout.

using SteadyClock = std::chrono::steady_clock;
constexpr auto kPollSlice = std::chrono::milliseconds(50);
constexpr u8 kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr u16 kSubclockAbstime = 1;

struct Subscription {
  u64 userdata = 0;
  u8 type = kEventClock;
  SteadyClock::time_point deadline;  // clocks
  u32 fd = 0;                        // fd_read, fd_write
};

struct PollEvent {
  u64 userdata = 0;
  u16 error = kOk;
  u8 type = kEventClock;
  u64 nbytes = 0;
  u16 flags = 0;
};

SteadyClock::time_point add_nanos(SteadyClock::time_point t, u64 ns) {
  constexpr u64 kMaxWait = u64{100} * 365 * 24 * 3600 * 1'000'000'000;  // a century
  return t + std::chrono::nanoseconds(std::min(ns, kMaxWait));
}

// The steady-clock deadline of a clock subscription at s; false when the
// clock is unknown.
bool clock_deadline(Host& h, u32 s, SteadyClock::time_point now, SteadyClock::time_point* out) {
  u32 id = get32(h, s + 16);
  u64 timeout = get64(h, s + 24);
  u16 flags;
  memcpy(&flags, at(h, s + 40, 2), 2);
  u64 clock_now_ns;
  if (!clock_now(id, &clock_now_ns)) return false;
  if (flags & kSubclockAbstime) timeout = timeout > clock_now_ns ? timeout - clock_now_ns : 0;
  *out = add_nanos(now, timeout);
  return true;
}

// An fd subscription that needs no waiting: its event, or nullopt when it is
// a stream to wait for.
std::optional<PollEvent> immediate_fd_event(Host& h, const Subscription& sub) {
  PollEvent e{.userdata = sub.userdata, .type = sub.type};
  WasiFd* f = find_fd(h, sub.fd);
  if (!f) {
    e.error = kBadf;
    return e;
  }
  if (sub.type == kEventFdWrite) {
    e.nbytes = 64 * 1024;  // writes block until they are done anyway
    return e;
  }
  if (f->kind == WasiFd::Kind::kDirectory || !f->stream) {
    e.error = kBadf;
    return e;
  }
  if (vfs::OpenFile* file = open_file(*f)) {  // readable, also at its end (like Linux)
    auto st = file->stat();
    auto pos = file->seek(0, SEEK_CUR);
    if (st && pos && static_cast<u64>(*pos) < st->size) e.nbytes = st->size - *pos;
    return e;
  }
  return std::nullopt;
}

// Waits until one of `streams` is readable or `deadline` passes; returns the
// ready ones. Only the first stream blocks (in slices); the others are asked.
std::vector<const Subscription*> wait_for_streams(Host& h,
                                                  const std::vector<const Subscription*>& streams,
                                                  SteadyClock::time_point deadline) {
  std::vector<const Subscription*> ready;
  while (true) {
    h.budget.check();
    auto now = SteadyClock::now();
    auto slice_end = std::min(deadline, now + (streams.size() == 1 ? kPollSlice : kPollSlice / 5));
    for (size_t i = 0; i < streams.size(); ++i) {
      WasiFd* f = find_fd(h, streams[i]->fd);
      auto until = i == 0 ? slice_end : now;
      if (f->stream->wait_readable(until) == Readiness::kReady) ready.push_back(streams[i]);
    }
    if (!ready.empty() || SteadyClock::now() >= deadline) return ready;
  }
}

// Sleeps until `deadline`, waking to check the Budget.
void sleep_until(Host& h, SteadyClock::time_point deadline) {
  while (true) {
    h.budget.check();
    auto now = SteadyClock::now();
    if (now >= deadline) return;
    std::this_thread::sleep_for(std::min<SteadyClock::duration>(deadline - now, kPollSlice));
  }
}

void put_event(Host& h, u32 p, const PollEvent& e) {
  memset(at(h, p, 32), 0, 32);
  put64(h, p, e.userdata);
  put16(h, p + 8, e.error);
  put8(h, p + 10, e.type);
  if (e.type != kEventClock) {
    put64(h, p + 16, e.nbytes);
    put16(h, p + 24, e.flags);
  }
}

u16 poll_oneoff(Host& h, u32 in, u32 out, u32 nsubs, u32 nevents_ptr) {
  if (nsubs == 0) return kInval;
  at(h, in, u64{nsubs} * 48);
  at(h, out, u64{nsubs} * 32);
  auto now = SteadyClock::now();
  std::vector<Subscription> subs(nsubs);
  std::vector<PollEvent> events;
  std::vector<const Subscription*> streams;
  auto timeout = SteadyClock::time_point::max();
  for (u32 i = 0; i < nsubs; ++i) {
    u32 s = in + 48 * i;
    Subscription& sub = subs[i];
    sub.userdata = get64(h, s);
    sub.type = *at(h, s + 8, 1);
    if (sub.type == kEventClock) {
      if (!clock_deadline(h, s, now, &sub.deadline)) return kInval;
      timeout = std::min(timeout, sub.deadline);
    } else if (sub.type == kEventFdRead || sub.type == kEventFdWrite) {
      sub.fd = get32(h, s + 16);
      if (auto e = immediate_fd_event(h, sub)) {
        events.push_back(*e);
      } else {
        streams.push_back(&sub);
      }
    } else {
      return kInval;
    }
  }
  // Something is ready already: the streams are only asked.
  if (!events.empty()) timeout = now;
  if (!streams.empty()) {
    for (const Subscription* sub : wait_for_streams(h, streams, timeout)) {
      events.push_back({.userdata = sub->userdata, .type = sub->type, .nbytes = 1});
    }
  } else if (events.empty()) {
    sleep_until(h, timeout);
  }
  if (events.empty()) {
    auto after = SteadyClock::now();
    for (const Subscription& sub : subs) {
      if (sub.type == kEventClock && sub.deadline <= after) {
        events.push_back({.userdata = sub.userdata, .type = kEventClock});
      }
    }
  }
  for (size_t i = 0; i < events.size(); ++i)
    put_event(h, out + 32 * static_cast<u32>(i), events[i]);
  put32(h, nevents_ptr, static_cast<u32>(events.size()));
  return kOk;
}

// ---- signals ---------------------------------------------------------------------

// proc_raise: the default action of the signal, as for a native process. A
// terminating signal ends the guest with status 128 + its Linux number;
// signals ignored by default are; stop signals are ignored too (a guest has no
// job control).
u16 proc_raise(Host& h, u32 wasi_signal) {
  // SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU are 16..21.
  constexpr u32 kWasiSigchld = 16, kWasiSigttou = 21, kWasiSigurg = 22, kWasiSigwinch = 27,
                kWasiSigsys = 30;
  if (wasi_signal > kWasiSigsys) return kInval;
  if (wasi_signal == 0) return kOk;
  // WASI numbers them like Linux up to SIGTERM, then skips SIGSTKFLT.
  int linux_signal = static_cast<int>(wasi_signal < kWasiSigchld ? wasi_signal : wasi_signal + 1);
  bool ignored = (wasi_signal >= kWasiSigchld && wasi_signal <= kWasiSigttou) ||
                 wasi_signal == kWasiSigurg || wasi_signal == kWasiSigwinch;
  if (ignored) return kOk;
  h.guest.signal = linux_signal;
  h.guest.reason = StopReason::kSignal;
  return kOk;
}

}  // namespace

uint16_t to_wasi_errno(int e) {
  switch (e) {
    case 0:
      return kOk;
    case E2BIG:
      return k2Big;
    case EACCES:
      return kAcces;
    case EAGAIN:
      return kAgain;
    case EBADF:
      return kBadf;
    case EBUSY:
      return kBusy;
    case EEXIST:
      return kExist;
    case EFAULT:
      return kFault;
    case EFBIG:
      return kFbig;
    case EILSEQ:
      return kIlseq;
    case EINTR:
      return kIntr;
    case EINVAL:
      return kInval;
    case EIO:
      return kIo;
    case EISDIR:
      return kIsdir;
    case ELOOP:
      return kLoop;
    case EMFILE:
      return kMfile;
    case EMLINK:
      return kMlink;
    case ENAMETOOLONG:
      return kNametoolong;
    case ENOENT:
      return kNoent;
    case ENOEXEC:
      return kNoexec;
    case ENOMEM:
      return kNomem;
    case ENOSPC:
      return kNospc;
    case ENOSYS:
      return kNosys;
    case ENOTDIR:
      return kNotdir;
    case ENOTEMPTY:
      return kNotempty;
    case ENOTSUP:
      return kNotsup;
    case ENOTTY:
      return kNotty;
    case ENXIO:
      return kNxio;
    case EOVERFLOW:
      return kOverflow;
    case EPERM:
      return kPerm;
    case EPIPE:
      return kPipe;
    case ERANGE:
      return kRange;
    case EROFS:
      return kRofs;
    case ESPIPE:
      return kSpipe;
    case EXDEV:
      return kXdev;
    case EDQUOT:
      return 19;
    case ENODEV:
      return 43;
    case ETXTBSY:
      return 74;
    case ETIMEDOUT:
      return 73;
    default:
      return kIo;
  }
}

}  // namespace kefka::wasm

// ---- the imports ------------------------------------------------------------------

using namespace kefka::wasm;  // NOLINT: the import table below reads better
namespace vfs = kefka::vfs;

#define WASI(name) extern "C" u32 Z_wasi_snapshot_preview1Z_##name

WASI(args_get)(Host* h, u32 argv, u32 buf) {
  return host_call(h, [&] { return strings_get(*h, h->args, argv, buf); });
}
WASI(args_sizes_get)(Host* h, u32 count, u32 size) {
  return host_call(h, [&] { return strings_sizes(*h, h->args, count, size); });
}
WASI(environ_get)(Host* h, u32 env, u32 buf) {
  return host_call(h, [&] { return strings_get(*h, h->environ, env, buf); });
}
WASI(environ_sizes_get)(Host* h, u32 count, u32 size) {
  return host_call(h, [&] { return strings_sizes(*h, h->environ, count, size); });
}
WASI(clock_res_get)(Host* h, u32 id, u32 res) {
  return host_call(h, [&]() -> u16 {
    clockid_t clock;
    if (!host_clock(id, &clock)) return kInval;
    timespec ts{0, 1};
    clock_getres(clock, &ts);
    put64(*h, res, std::max<u64>(nanos(ts), 1));
    return kOk;
  });
}
WASI(clock_time_get)(Host* h, u32 id, u64 precision, u32 time) {
  return host_call(h, [&]() -> u16 {
    u64 now;
    if (is_libc_cpu_clock_reading(*h, id, precision)) {
      now = libc_cpu_clock(*h);
    } else if (!clock_now(id, &now)) {
      return kInval;
    }
    put64(*h, time, now);
    return kOk;
  });
}
WASI(fd_advise)(Host* h, u32 fd, u64, u64, u32 advice) {
  return host_call(h, [&]() -> u16 {
    if (!find_fd(*h, fd)) return kBadf;
    return advice > 5 ? kInval : kOk;
  });
}
WASI(fd_allocate)(Host* h, u32 fd, u64 offset, u64 len) {
  return host_call(h, [&]() -> u16 {
    WasiFd* f = find_fd(*h, fd);
    if (!f) return kBadf;
    vfs::OpenFile* file = open_file(*f);
    if (!file) return f->kind == WasiFd::Kind::kDirectory ? kBadf : kSpipe;
    auto st = file->stat();
    if (!st) return to_wasi_errno(st.error());
    if (offset + len > st->size) return status(file->truncate(offset + len));
    return kOk;
  });
}
WASI(fd_close)(Host* h, u32 fd) {
  return host_call(h, [&]() -> u16 { return h->fds.erase(fd) ? kOk : kBadf; });
}
WASI(fd_datasync)(Host* h, u32 fd) {
  return host_call(h, [&] { return fd_is_open(*h, fd); });
}
WASI(fd_sync)(Host* h, u32 fd) {
  return host_call(h, [&] { return fd_is_open(*h, fd); });
}
WASI(fd_fdstat_get)(Host* h, u32 fd, u32 p) {
  return host_call(h, [&] { return fd_fdstat_get(*h, fd, p); });
}
WASI(fd_fdstat_set_flags)(Host* h, u32 fd, u32 flags) {
  return host_call(h, [&]() -> u16 {
    WasiFd* f = find_fd(*h, fd);
    if (!f) return kBadf;
    // An open file description's append mode is fixed at open here.
    if ((flags ^ f->fdflags) & kFdflagAppend) return kNotsup;
    f->fdflags = static_cast<u16>(flags);
    return kOk;
  });
}
WASI(fd_fdstat_set_rights)(Host* h, u32 fd, u64, u64) {
  return host_call(h, [&] { return fd_is_open(*h, fd); });
}
WASI(fd_filestat_get)(Host* h, u32 fd, u32 p) {
  return host_call(h, [&] { return fd_filestat_get(*h, fd, p); });
}
WASI(fd_filestat_set_size)(Host* h, u32 fd, u64 size) {
  return host_call(h, [&]() -> u16 {
    WasiFd* f = find_fd(*h, fd);
    if (!f) return kBadf;
    vfs::OpenFile* file = open_file(*f);
    if (!file) return kInval;
    return status(file->truncate(size));
  });
}
WASI(fd_filestat_set_times)(Host* h, u32 fd, u64 atim, u64 mtim, u32 flags) {
  return host_call(h, [&]() -> u16 {
    WasiFd* f = find_fd(*h, fd);
    if (!f) return kBadf;
    if (f->path.empty()) return kOk;  // stdio streams have no times to set
    return set_times(*h, f->path, atim, mtim, flags, true);
  });
}
WASI(fd_pread)(Host* h, u32 fd, u32 iovs, u32 n, u64 offset, u32 nread) {
  return host_call(h, [&] { return fd_pread(*h, fd, iovs, n, offset, nread); });
}
WASI(fd_pwrite)(Host* h, u32 fd, u32 iovs, u32 n, u64 offset, u32 nwritten) {
  return host_call(h, [&] { return fd_pwrite(*h, fd, iovs, n, offset, nwritten); });
}
WASI(fd_prestat_get)(Host* h, u32 fd, u32 p) {
  return host_call(h, [&]() -> u16 {
    WasiFd* f = find_fd(*h, fd);
    if (!f || !f->preopen) return kBadf;
    put32(*h, p, 0);  // tag 0: a directory
    put32(*h, p + 4, static_cast<u32>(f->path.size()));
    return kOk;
  });
}
WASI(fd_prestat_dir_name)(Host* h, u32 fd, u32 path, u32 len) {
  return host_call(h, [&]() -> u16 {
    WasiFd* f = find_fd(*h, fd);
    if (!f || !f->preopen) return kBadf;
    if (len < f->path.size()) return kNametoolong;
    memcpy(at(*h, path, f->path.size()), f->path.data(), f->path.size());
    return kOk;
  });
}
WASI(fd_read)(Host* h, u32 fd, u32 iovs, u32 n, u32 nread) {
  return host_call(h, [&] { return fd_read(*h, fd, iovs, n, nread); });
}
WASI(fd_readdir)(Host* h, u32 fd, u32 buf, u32 len, u64 cookie, u32 used) {
  return host_call(h, [&] { return fd_readdir(*h, fd, buf, len, cookie, used); });
}
WASI(fd_renumber)(Host* h, u32 from, u32 to) {
  return host_call(h, [&]() -> u16 {
    auto it = h->fds.find(from);
    if (it == h->fds.end() || !h->fds.count(to)) return kBadf;
    if (from == to) return kOk;
    WasiFd moved = std::move(it->second);
    h->fds.erase(it);
    h->fds[to] = std::move(moved);
    return kOk;
  });
}
WASI(fd_seek)(Host* h, u32 fd, u64 offset, u32 whence, u32 result) {
  return host_call(h,
                   [&] { return fd_seek(*h, fd, static_cast<int64_t>(offset), whence, result); });
}
WASI(fd_tell)(Host* h, u32 fd, u32 result) {
  return host_call(h, [&] { return fd_seek(*h, fd, 0, 1, result); });
}
WASI(fd_write)(Host* h, u32 fd, u32 iovs, u32 n, u32 nwritten) {
  return host_call(h, [&] { return fd_write(*h, fd, iovs, n, nwritten); });
}
WASI(path_create_directory)(Host* h, u32 fd, u32 path, u32 len) {
  return host_call(h, [&] {
    return path_op(*h, fd, path, len, [&](const std::string& p) { return h->fs.mkdir(p, 0777); });
  });
}
WASI(path_filestat_get)(Host* h, u32 fd, u32 lookup, u32 path, u32 len, u32 p) {
  return host_call(h, [&] { return path_filestat_get(*h, fd, lookup, path, len, p); });
}
WASI(path_filestat_set_times)
(Host* h, u32 fd, u32 lookup, u32 path, u32 len, u64 atim, u64 mtim, u32 flags) {
  return host_call(h, [&]() -> u16 {
    auto target = resolve(*h, fd, path, len);
    if (!target) return to_wasi_errno(target.error());
    return set_times(*h, *target, atim, mtim, flags, lookup & kLookupFollow);
  });
}
WASI(path_link)
(Host* h, u32 old_fd, u32 /*flags*/, u32 old_path, u32 old_len, u32 new_fd, u32 new_path,
 u32 new_len) {
  return host_call(
      h, [&] { return path_pair(*h, old_fd, old_path, old_len, new_fd, new_path, new_len, true); });
}
WASI(path_open)
(Host* h, u32 fd, u32 lookup, u32 path, u32 len, u32 oflags, u64 rights, u64 inheriting,
 u32 fdflags, u32 fd_ptr) {
  return host_call(h, [&] {
    return path_open(*h, fd, lookup, path, len, oflags, rights, inheriting, fdflags, fd_ptr);
  });
}
WASI(path_readlink)(Host* h, u32 fd, u32 path, u32 len, u32 buf, u32 buf_len, u32 used) {
  return host_call(h, [&] { return path_readlink(*h, fd, path, len, buf, buf_len, used); });
}
WASI(path_remove_directory)(Host* h, u32 fd, u32 path, u32 len) {
  return host_call(h, [&] {
    return path_op(*h, fd, path, len, [&](const std::string& p) { return h->fs.rmdir(p); });
  });
}
WASI(path_rename)
(Host* h, u32 fd, u32 old_path, u32 old_len, u32 new_fd, u32 new_path, u32 new_len) {
  return host_call(
      h, [&] { return path_pair(*h, fd, old_path, old_len, new_fd, new_path, new_len, false); });
}
WASI(path_symlink)(Host* h, u32 old_path, u32 old_len, u32 fd, u32 new_path, u32 new_len) {
  return host_call(h, [&]() -> u16 {
    std::string target(guest_string(*h, old_path, old_len));
    return path_op(*h, fd, new_path, new_len,
                   [&](const std::string& p) { return h->fs.symlink(target, p); });
  });
}
WASI(path_unlink_file)(Host* h, u32 fd, u32 path, u32 len) {
  return host_call(h, [&] {
    return path_op(*h, fd, path, len, [&](const std::string& p) { return h->fs.unlink(p); });
  });
}
WASI(poll_oneoff)(Host* h, u32 in, u32 out, u32 nsubs, u32 nevents) {
  return host_call(h, [&] { return poll_oneoff(*h, in, out, nsubs, nevents); });
}
extern "C" void Z_wasi_snapshot_preview1Z_proc_exit(Host* h, u32 code) {
  h->guest.exit_code = static_cast<int>(code);
  stop_guest(h->guest, StopReason::kExit);
}
WASI(proc_raise)(Host* h, u32 sig) {
  return host_call(h, [&]() -> u16 { return proc_raise(*h, sig); });
}
WASI(random_get)(Host* h, u32 buf, u32 len) {
  return host_call(h, [&]() -> u16 {
    u8* out = at(*h, buf, len);
    for (u32 done = 0; done < len;) {
      ssize_t n = getrandom(out + done, len - done, 0);
      if (n <= 0) return kIo;
      done += static_cast<u32>(n);
    }
    return kOk;
  });
}
WASI(sched_yield)(Host* h) {
  return host_call(h, [] {
    std::this_thread::yield();
    return kOk;
  });
}
// No network in the sandbox.
WASI(sock_accept)(Host* h, u32, u32, u32) {
  return host_call(h, [] { return kNotsup; });
}
WASI(sock_recv)(Host* h, u32, u32, u32, u32, u32, u32) {
  return host_call(h, [] { return kNotsup; });
}
WASI(sock_send)(Host* h, u32, u32, u32, u32, u32) {
  return host_call(h, [] { return kNotsup; });
}
WASI(sock_shutdown)(Host* h, u32, u32) {
  return host_call(h, [] { return kNotsup; });
}

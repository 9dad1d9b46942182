#include "vfs/dev_backend.h"

#include <fcntl.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <random>

#include "vfs/clock.h"

namespace kefka::vfs {
namespace {

enum class Kind { Null, Zero, Full, Random };

struct DeviceInfo {
  const char* name;
  Kind kind;
  unsigned major, minor;
};

constexpr std::array<DeviceInfo, 5> kDevices{{
    {"full", Kind::Full, 1, 7},
    {"null", Kind::Null, 1, 3},
    {"random", Kind::Random, 1, 8},
    {"urandom", Kind::Random, 1, 9},
    {"zero", Kind::Zero, 1, 5},
}};

struct LinkInfo {
  const char* name;
  const char* target;
};

constexpr std::array<LinkInfo, 4> kLinks{{
    {"fd", "/proc/self/fd"},
    {"stderr", "/proc/self/fd/2"},
    {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"},
}};

constexpr uint64_t kRootIno = 1;

const DeviceInfo* find_device(std::string_view name) {
  for (const auto& d : kDevices) {
    if (name == d.name) return &d;
  }
  return nullptr;
}

const LinkInfo* find_link(std::string_view name) {
  for (const auto& l : kLinks) {
    if (name == l.name) return &l;
  }
  return nullptr;
}

uint64_t device_ino(const DeviceInfo& d) {
  return 2 + (&d - kDevices.data());
}
uint64_t link_ino(const LinkInfo& l) {
  return 2 + kDevices.size() + (&l - kLinks.data());
}

// ChaCha20 (RFC 8439) as a keystream generator: the CSPRNG behind
// /dev/random and /dev/urandom, keyed once from std::random_device.
class ChaCha20 {
 public:
  ChaCha20() {
    std::random_device rd;
    state_[0] = 0x61707865;
    state_[1] = 0x3320646e;
    state_[2] = 0x79622d32;
    state_[3] = 0x6b206574;
    for (int i = 4; i < 16; ++i) state_[i] = rd();
    state_[12] = 0;  // block counter
  }

  void fill(char* out, size_t n) {
    while (n > 0) {
      if (used_ == block_.size()) refill();
      size_t take = std::min(n, block_.size() - used_);
      std::memcpy(out, block_.data() + used_, take);
      used_ += take;
      out += take;
      n -= take;
    }
  }

 private:
  static uint32_t rotl(uint32_t v, int c) { return (v << c) | (v >> (32 - c)); }
  static void quarter(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d) {
    a += b, d ^= a, d = rotl(d, 16);
    c += d, b ^= c, b = rotl(b, 12);
    a += b, d ^= a, d = rotl(d, 8);
    c += d, b ^= c, b = rotl(b, 7);
  }

  void refill() {
    std::array<uint32_t, 16> x = state_;
    for (int i = 0; i < 10; ++i) {
      quarter(x[0], x[4], x[8], x[12]);
      quarter(x[1], x[5], x[9], x[13]);
      quarter(x[2], x[6], x[10], x[14]);
      quarter(x[3], x[7], x[11], x[15]);
      quarter(x[0], x[5], x[10], x[15]);
      quarter(x[1], x[6], x[11], x[12]);
      quarter(x[2], x[7], x[8], x[13]);
      quarter(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; ++i) {
      uint32_t v = x[i] + state_[i];
      std::memcpy(block_.data() + 4 * i, &v, 4);
    }
    if (++state_[12] == 0) ++state_[13];
    used_ = 0;
  }

  std::array<uint32_t, 16> state_{};
  std::array<char, 64> block_{};
  size_t used_ = 64;
};

class DeviceFile final : public FileHandle {
 public:
  DeviceFile(Kind kind, Stat st) : kind_(kind), st_(st) {}

  Result<size_t> pread(std::span<char> buf, uint64_t) override {
    switch (kind_) {
      case Kind::Null:
        return size_t{0};
      case Kind::Zero:
      case Kind::Full:
        std::memset(buf.data(), 0, buf.size());
        return buf.size();
      case Kind::Random: {
        std::lock_guard lock(mu_);
        if (!rng_) rng_ = std::make_unique<ChaCha20>();
        rng_->fill(buf.data(), buf.size());
        return buf.size();
      }
    }
    return Errno{EIO};
  }

  Result<size_t> pwrite(std::string_view data, uint64_t) override {
    if (kind_ == Kind::Full) return Errno{ENOSPC};
    return data.size();
  }

  Result<uint64_t> append(std::string_view data) override {
    auto n = pwrite(data, 0);
    if (!n) return Errno{n.error()};
    return uint64_t{0};
  }

  Result<void> truncate(uint64_t) override { return {}; }
  Result<Stat> stat() override { return st_; }

 private:
  Kind kind_;
  Stat st_;
  std::mutex mu_;
  std::unique_ptr<ChaCha20> rng_;
};

}  // namespace

DevBackend::DevBackend() : created_(fs_now()) {
  static std::atomic<uint64_t> next_dev{0x10000};
  dev_ = next_dev.fetch_add(1);
}

Result<Stat> DevBackend::lstat(Path path) {
  Stat st;
  st.dev = dev_;
  st.uid = 0;
  st.gid = 0;
  st.atime = st.mtime = st.ctime = created_;
  if (path.empty()) {
    st.ino = kRootIno;
    st.mode = S_IFDIR | 0755;
    st.nlink = 2;
    st.size = 4096;
    st.blocks = 8;
    return st;
  }
  if (const DeviceInfo* d = find_device(path)) {
    st.ino = device_ino(*d);
    st.mode = S_IFCHR | 0666;
    st.rdev = makedev(d->major, d->minor);
    return st;
  }
  if (const LinkInfo* l = find_link(path)) {
    st.ino = link_ino(*l);
    st.mode = S_IFLNK | 0777;
    st.size = std::strlen(l->target);
    return st;
  }
  return Errno{path.find('/') == std::string_view::npos ? ENOENT : ENOTDIR};
}

Result<std::unique_ptr<FileHandle>> DevBackend::open(Path path, int flags, uint32_t,
                                                     const Credentials&) {
  if (path.empty()) return Errno{EISDIR};
  const DeviceInfo* d = find_device(path);
  if (!d) {
    if (find_link(path)) return Errno{ELOOP};
    return Errno{(flags & O_CREAT) ? EACCES : ENOENT};
  }
  if ((flags & O_CREAT) && (flags & O_EXCL)) return Errno{EEXIST};
  auto st = lstat(path);
  return std::unique_ptr<FileHandle>(std::make_unique<DeviceFile>(d->kind, *st));
}

Result<std::vector<DirEntry>> DevBackend::readdir(Path path) {
  if (!path.empty()) {
    auto st = lstat(path);
    return Errno{st ? ENOTDIR : st.error()};
  }
  std::vector<DirEntry> out;
  out.reserve(std::size(kDevices) + std::size(kLinks));
  for (const auto& d : kDevices) out.push_back({d.name, device_ino(d), S_IFCHR});
  for (const auto& l : kLinks) out.push_back({l.name, link_ino(l), S_IFLNK});
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

namespace {
// Creating a name: EEXIST when it is taken, else EPERM (the set is fixed).
Status fixed_create(DevBackend& dev, Path path) {
  if (path.empty() || dev.lstat(path)) return Errno{EEXIST};
  return Errno{EPERM};
}
}  // namespace

Status DevBackend::mkdir(Path path, uint32_t, const Credentials&) {
  return fixed_create(*this, path);
}

Status DevBackend::rmdir(Path path) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  if (path.empty()) return Errno{EBUSY};
  return Errno{ENOTDIR};
}

Status DevBackend::unlink(Path path) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  return Errno{st->is_dir() ? EISDIR : EPERM};
}

Status DevBackend::rename(Path from, Path) {
  auto st = lstat(from);
  if (!st) return Errno{st.error()};
  return Errno{EPERM};
}

Status DevBackend::symlink(std::string_view, Path path, const Credentials&) {
  return fixed_create(*this, path);
}

Result<std::string> DevBackend::readlink(Path path) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  const LinkInfo* l = find_link(path);
  if (!l) return Errno{EINVAL};
  return std::string(l->target);
}

Status DevBackend::link(Path existing, Path new_path) {
  auto st = lstat(existing);
  if (!st) return Errno{st.error()};
  return fixed_create(*this, new_path);
}

Status DevBackend::chmod(Path path, uint32_t) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  return Errno{EPERM};
}

Status DevBackend::chown(Path path, uint32_t, uint32_t) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  return Errno{EPERM};
}

// `touch /dev/null` works on Linux; times of devices are not kept here.
Status DevBackend::utimens(Path path, timespec, timespec) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  return {};
}

Status DevBackend::truncate(Path path, uint64_t) {
  auto st = lstat(path);
  if (!st) return Errno{st.error()};
  if (st->is_dir()) return Errno{EISDIR};
  return {};  // truncating a device is a no-op, as `: > /dev/null` shows
}

Result<StatFs> DevBackend::statfs() {
  StatFs fs;
  fs.files = kDevices.size() + kLinks.size() + 1;
  return fs;
}

std::shared_ptr<Backend> DevBackend::fork() {
  return std::make_shared<DevBackend>(*this);
}

}  // namespace kefka::vfs

#include "vfs/overlay_backend.h"

#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <map>
#include <mutex>

namespace kefka::vfs {
namespace {

constexpr size_t kCopyChunk = 1 << 20;

std::string join(std::string_view dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  if (!dir.empty()) out.append(dir).push_back('/');
  out.append(name);
  return out;
}

Credentials owner_of(const Stat& st) {
  return Credentials{st.uid, st.gid};
}

// A handle of either layer whose stat() shows the overlay's device and inode.
class OverlayFile final : public FileHandle {
 public:
  OverlayFile(std::unique_ptr<FileHandle> inner, uint64_t dev, bool lower)
      : inner_(std::move(inner)), dev_(dev), lower_(lower) {}
  Result<size_t> pread(std::span<char> buf, uint64_t offset) override {
    return inner_->pread(buf, offset);
  }
  Result<size_t> pwrite(std::string_view data, uint64_t offset) override {
    return inner_->pwrite(data, offset);
  }
  Result<uint64_t> append(std::string_view data) override { return inner_->append(data); }
  Result<void> truncate(uint64_t size) override { return inner_->truncate(size); }
  Status clear_setid() override { return inner_->clear_setid(); }
  Result<Stat> stat() override {
    auto st = inner_->stat();
    if (!st) return st;
    st->dev = dev_;
    st->ino = st->ino * 2 + (lower_ ? 1 : 0);
    return st;
  }
  bool seekable() const override { return inner_->seekable(); }

 private:
  std::unique_ptr<FileHandle> inner_;
  uint64_t dev_;
  bool lower_;
};

}  // namespace

OverlayBackend::OverlayBackend(BackendPtr upper, BackendPtr lower)
    : upper_(std::move(upper)), lower_(std::move(lower)), hidden_(std::make_shared<PathSet>()) {
  static std::atomic<uint64_t> next_dev{0x20000};
  dev_ = next_dev.fetch_add(1);
}

std::set<std::string, std::less<>> OverlayBackend::hidden_paths() const {
  std::shared_lock lock(mu_);
  return *hidden_;
}

bool OverlayBackend::lower_hidden(std::string_view path) const {
  if (hidden_->empty()) return false;
  size_t pos = 0;
  for (;;) {
    size_t slash = path.find('/', pos);
    if (hidden_->contains(path.substr(0, slash))) return true;
    if (slash == std::string_view::npos) return false;
    pos = slash + 1;
  }
}

Result<Stat> OverlayBackend::lower_stat(std::string_view path) const {
  if (lower_hidden(path)) return Errno{ENOENT};
  return lower_->lstat(path);
}

Stat OverlayBackend::present(Stat st, Layer layer) const {
  st.dev = dev_;
  st.ino = st.ino * 2 + (layer == Layer::kLower ? 1 : 0);
  return st;
}

Result<OverlayBackend::Found> OverlayBackend::find(std::string_view path) const {
  auto up = upper_->lstat(path);
  if (up) return Found{Layer::kUpper, *up};
  if (up.error() != ENOENT && up.error() != ENOTDIR) return Errno{up.error()};
  auto low = lower_stat(path);
  if (low) return Found{Layer::kLower, *low};
  if (low.error() != ENOENT && low.error() != ENOTDIR) return Errno{low.error()};
  return Found{};
}

Result<std::vector<DirEntry>> OverlayBackend::merged_entries(std::string_view path) const {
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer == Layer::kNone) return Errno{ENOENT};
  if (!found->st.is_dir()) return Errno{ENOTDIR};
  std::map<std::string, DirEntry, std::less<>> merged;
  if (found->layer == Layer::kUpper) {
    auto entries = upper_->readdir(path);
    if (!entries) return Errno{entries.error()};
    for (auto& e : *entries) {
      e.ino = e.ino * 2;
      merged.emplace(e.name, std::move(e));
    }
  }
  auto low = lower_stat(path);
  if (low && low->is_dir()) {
    auto entries = lower_->readdir(path);
    if (!entries) return Errno{entries.error()};
    for (auto& e : *entries) {
      if (merged.contains(e.name) || hidden_->contains(join(path, e.name))) continue;
      e.ino = e.ino * 2 + 1;
      merged.emplace(e.name, std::move(e));
    }
  }
  std::vector<DirEntry> out;
  out.reserve(merged.size());
  for (auto& [name, e] : merged) out.push_back(std::move(e));
  return out;
}

OverlayBackend::PathSet& OverlayBackend::mutable_hidden() {
  if (hidden_shared_) {
    hidden_ = std::make_shared<PathSet>(*hidden_);
    hidden_shared_ = false;
  }
  return *hidden_;
}

void OverlayBackend::hide(std::string_view path) {
  PathSet& set = mutable_hidden();
  // Whiteouts below `path` are covered by this one.
  std::string below = std::string(path) + "/";
  for (auto it = set.lower_bound(below); it != set.end() && it->starts_with(below);) {
    it = set.erase(it);
  }
  set.emplace(path);
}

Status OverlayBackend::copy_node(std::string_view path, const Stat& st, uint64_t keep_bytes) {
  Credentials owner = owner_of(st);
  if (st.is_dir()) {
    KEFKA_TRY(upper_->mkdir(path, st.mode & 07777, owner));
  } else if (st.is_symlink()) {
    auto target = lower_->readlink(path);
    if (!target) return Errno{target.error()};
    return upper_->symlink(*target, path, owner);
  } else if (st.is_regular()) {
    auto in = lower_->open(path, O_RDONLY, 0, owner);
    if (!in) return Errno{in.error()};
    auto out = upper_->open(path, O_WRONLY | O_CREAT | O_EXCL, st.mode & 07777, owner);
    if (!out) return Errno{out.error()};
    std::string buf(std::min<uint64_t>(kCopyChunk, std::max<uint64_t>(st.size, 1)), '\0');
    uint64_t offset = 0;
    while (offset < keep_bytes) {
      size_t want = std::min<uint64_t>(buf.size(), keep_bytes - offset);
      auto n = (*in)->pread(std::span<char>(buf.data(), want), offset);
      if (!n) return Errno{n.error()};
      if (*n == 0) break;
      auto w = (*out)->pwrite(std::string_view(buf.data(), *n), offset);
      if (!w) {
        (void)upper_->unlink(path);
        return Errno{w.error()};
      }
      offset += *n;
    }
  } else {
    return Errno{EPERM};  // devices and fifos cannot live in the upper layer
  }
  KEFKA_TRY(upper_->chmod(path, st.mode & 07777));
  return upper_->utimens(path, st.atime, st.mtime);
}

Status OverlayBackend::copy_up_parents(std::string_view path) {
  size_t slash = 0;
  while ((slash = path.find('/', slash)) != std::string_view::npos) {
    std::string_view dir = path.substr(0, slash);
    ++slash;
    if (upper_->lstat(dir)) continue;
    auto low = lower_stat(dir);
    if (!low) return Errno{low.error()};
    if (!low->is_dir()) return Errno{ENOTDIR};
    KEFKA_TRY(copy_node(dir, *low, 0));
  }
  return {};
}

Status OverlayBackend::copy_up(std::string_view path, uint64_t keep_bytes) {
  if (path.empty() || upper_->lstat(path)) return {};
  auto low = lower_stat(path);
  if (!low) return Errno{low.error()};
  KEFKA_TRY(copy_up_parents(path));
  return copy_node(path, *low, keep_bytes);
}

Status OverlayBackend::copy_up_tree(std::string_view path) {
  KEFKA_TRY(copy_up(path));
  auto st = upper_->lstat(path);
  if (!st) return Errno{st.error()};
  if (!st->is_dir()) return {};
  auto entries = merged_entries(path);
  if (!entries) return Errno{entries.error()};
  for (const auto& e : *entries) KEFKA_TRY(copy_up_tree(join(path, e.name)));
  return {};
}

Result<Stat> OverlayBackend::lstat(Path path) {
  std::shared_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer == Layer::kNone) return Errno{ENOENT};
  return present(found->st, found->layer);
}

// Resolution walks one component at a time: a directory with an even inode
// number lives in the upper layer (its upper inode is ino / 2), an odd one only
// in the lower layer, so each layer can use its own fast lookup.
Result<Stat> OverlayBackend::lookup(Path dir, const Stat& dir_stat, std::string_view name) {
  if (dir_stat.dev != dev_) return Backend::lookup(dir, dir_stat, name);
  std::shared_lock lock(mu_);
  bool in_upper = dir_stat.ino % 2 == 0;
  if (in_upper) {
    Stat upper_dir = dir_stat;
    upper_dir.ino /= 2;
    auto up = upper_->lookup(dir, upper_dir, name);
    if (up) return present(*up, Layer::kUpper);
    if (up.error() != ENOENT) return Errno{up.error()};
  }
  std::string path = join(dir, name);
  if (lower_hidden(path)) return Errno{ENOENT};
  Result<Stat> low = Errno{ENOENT};
  if (in_upper) {
    low = lower_->lstat(path);
  } else {
    Stat lower_dir = dir_stat;
    lower_dir.ino /= 2;
    low = lower_->lookup(dir, lower_dir, name);
  }
  if (low) return present(*low, Layer::kLower);
  if (low.error() != ENOENT && low.error() != ENOTDIR) return Errno{low.error()};
  if (in_upper) return Errno{ENOENT};
  // The directory may have been copied up since dir_stat was taken.
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer == Layer::kNone) return Errno{ENOENT};
  return present(found->st, found->layer);
}

Result<std::unique_ptr<FileHandle>> OverlayBackend::open(Path path, int flags, uint32_t mode,
                                                         const Credentials& cred) {
  std::unique_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  auto wrap = [this](Result<std::unique_ptr<FileHandle>> h,
                     bool lower) -> Result<std::unique_ptr<FileHandle>> {
    if (!h) return h;
    return std::unique_ptr<FileHandle>(std::make_unique<OverlayFile>(std::move(*h), dev_, lower));
  };
  if (found->layer == Layer::kNone) {
    if (!(flags & O_CREAT)) return Errno{ENOENT};
    KEFKA_TRY(copy_up_parents(path));
    return wrap(upper_->open(path, flags, mode, cred), false);
  }
  if (found->st.is_dir()) return Errno{EISDIR};
  if (found->st.is_symlink()) return Errno{ELOOP};
  if ((flags & O_CREAT) && (flags & O_EXCL)) return Errno{EEXIST};
  int acc = flags & O_ACCMODE;
  bool writing = acc != O_RDONLY || (flags & O_TRUNC);
  if (found->layer == Layer::kLower) {
    if (!writing) return wrap(lower_->open(path, O_RDONLY, 0, cred), true);
    KEFKA_TRY(copy_up(path, (flags & O_TRUNC) ? 0 : UINT64_MAX));
  }
  return wrap(upper_->open(path, flags & ~(O_CREAT | O_EXCL), mode, cred), false);
}

Result<std::vector<DirEntry>> OverlayBackend::readdir(Path path) {
  std::shared_lock lock(mu_);
  return merged_entries(path);
}

Status OverlayBackend::mkdir(Path path, uint32_t mode, const Credentials& cred) {
  std::unique_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer != Layer::kNone) return Errno{EEXIST};
  KEFKA_TRY(copy_up_parents(path));
  // Where a whiteout hides a lower entry, the new directory stays opaque.
  return upper_->mkdir(path, mode, cred);
}

Status OverlayBackend::rmdir(Path path) {
  std::unique_lock lock(mu_);
  if (path.empty()) return Errno{EBUSY};
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer == Layer::kNone) return Errno{ENOENT};
  if (!found->st.is_dir()) return Errno{ENOTDIR};
  auto entries = merged_entries(path);
  if (!entries) return Errno{entries.error()};
  if (!entries->empty()) return Errno{ENOTEMPTY};
  bool in_lower = lower_stat(path).ok();
  if (found->layer == Layer::kUpper) KEFKA_TRY(upper_->rmdir(path));
  if (in_lower) hide(path);
  return {};
}

Status OverlayBackend::unlink(Path path) {
  std::unique_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer == Layer::kNone) return Errno{ENOENT};
  if (found->st.is_dir()) return Errno{EISDIR};
  bool in_lower = lower_stat(path).ok();
  if (found->layer == Layer::kUpper) KEFKA_TRY(upper_->unlink(path));
  if (in_lower) hide(path);
  return {};
}

Status OverlayBackend::rename(Path from, Path to) {
  std::unique_lock lock(mu_);
  if (from.empty() || to.empty()) return Errno{EBUSY};
  auto src = find(from);
  if (!src) return Errno{src.error()};
  if (src->layer == Layer::kNone) return Errno{ENOENT};
  bool src_is_dir = src->st.is_dir();
  if (src_is_dir && to.size() > from.size() && to.starts_with(from) && to[from.size()] == '/') {
    return Errno{EINVAL};
  }
  auto dst = find(to);
  if (!dst) return Errno{dst.error()};
  if (dst->layer != Layer::kNone) {
    if (dst->layer == src->layer && dst->st.ino == src->st.ino) return {};
    if (src_is_dir) {
      if (!dst->st.is_dir()) return Errno{ENOTDIR};
      auto entries = merged_entries(to);
      if (!entries) return Errno{entries.error()};
      if (!entries->empty()) return Errno{ENOTEMPTY};
    } else if (dst->st.is_dir()) {
      return Errno{EISDIR};
    }
  }
  bool lower_from = lower_stat(from).ok();
  bool lower_to = lower_stat(to).ok();
  KEFKA_TRY(src_is_dir ? copy_up_tree(from) : copy_up(from));
  KEFKA_TRY(copy_up_parents(to));
  KEFKA_TRY(upper_->rename(from, to));
  if (lower_from) hide(from);
  if (lower_to) hide(to);
  return {};
}

Status OverlayBackend::symlink(std::string_view target, Path path, const Credentials& cred) {
  std::unique_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer != Layer::kNone) return Errno{EEXIST};
  KEFKA_TRY(copy_up_parents(path));
  return upper_->symlink(target, path, cred);
}

Result<std::string> OverlayBackend::readlink(Path path) {
  std::shared_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  switch (found->layer) {
    case Layer::kUpper:
      return upper_->readlink(path);
    case Layer::kLower:
      return lower_->readlink(path);
    case Layer::kNone:
      break;
  }
  return Errno{ENOENT};
}

Status OverlayBackend::link(Path existing, Path new_path) {
  std::unique_lock lock(mu_);
  auto src = find(existing);
  if (!src) return Errno{src.error()};
  if (src->layer == Layer::kNone) return Errno{ENOENT};
  if (src->st.is_dir()) return Errno{EPERM};
  auto dst = find(new_path);
  if (!dst) return Errno{dst.error()};
  if (dst->layer != Layer::kNone) return Errno{EEXIST};
  KEFKA_TRY(copy_up(existing));
  KEFKA_TRY(copy_up_parents(new_path));
  return upper_->link(existing, new_path);
}

Status OverlayBackend::chmod(Path path, uint32_t mode) {
  std::unique_lock lock(mu_);
  KEFKA_TRY(copy_up(path));
  return upper_->chmod(path, mode);
}

Status OverlayBackend::chown(Path path, uint32_t uid, uint32_t gid) {
  std::unique_lock lock(mu_);
  KEFKA_TRY(copy_up(path));
  return upper_->chown(path, uid, gid);
}

Status OverlayBackend::utimens(Path path, timespec atime, timespec mtime) {
  std::unique_lock lock(mu_);
  KEFKA_TRY(copy_up(path));
  return upper_->utimens(path, atime, mtime);
}

Status OverlayBackend::truncate(Path path, uint64_t size) {
  std::unique_lock lock(mu_);
  auto found = find(path);
  if (!found) return Errno{found.error()};
  if (found->layer == Layer::kNone) return Errno{ENOENT};
  if (found->st.is_dir()) return Errno{EISDIR};
  KEFKA_TRY(copy_up(path, size));
  return upper_->truncate(path, size);
}

Result<StatFs> OverlayBackend::statfs() {
  return upper_->statfs();
}

std::shared_ptr<Backend> OverlayBackend::fork() {
  std::unique_lock lock(mu_);
  auto copy = std::make_shared<OverlayBackend>(upper_->fork(), lower_);
  copy->hidden_ = hidden_;
  copy->hidden_shared_ = true;
  hidden_shared_ = true;
  return copy;
}

}  // namespace kefka::vfs

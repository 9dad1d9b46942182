#include "vfs/memory_backend.h"

#include <fcntl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "vfs/clock.h"

namespace kefka::vfs {
namespace {

constexpr uint64_t kRootIno = 1;
constexpr size_t kChunkBits = 8;
constexpr size_t kChunkSize = size_t{1} << kChunkBits;
// Without a quota a file still may not grow past this (the bytes are real memory).
constexpr uint64_t kMaxSizeWithoutQuota = uint64_t{1} << 32;

uint64_t new_token() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

uint64_t new_dev() {
  static std::atomic<uint64_t> next{0x100};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// File contents in pages of kPageSize bytes, each shared copy-on-write, so a
// write after a fork copies one page, not the file. A page holds its bytes up
// to the last one written; the rest of it, and a missing page, read as zeros
// (sparse files cost nothing).
constexpr uint64_t kPageSize = 64 * 1024;

struct Page {
  uint64_t token;
  std::string bytes;  // at most kPageSize
};

struct FileData {
  uint64_t token;
  uint64_t size = 0;
  std::vector<std::shared_ptr<Page>> pages;

  // Copies [offset, offset + n) into out; the range must lie within size.
  void read(char* out, uint64_t offset, size_t n) const {
    while (n > 0) {
      uint64_t index = offset / kPageSize, in_page = offset % kPageSize;
      size_t take = std::min<uint64_t>(n, kPageSize - in_page);
      const Page* page = index < pages.size() ? pages[index].get() : nullptr;
      size_t have = page && in_page < page->bytes.size()
                        ? std::min<uint64_t>(take, page->bytes.size() - in_page)
                        : 0;
      if (have) std::memcpy(out, page->bytes.data() + in_page, have);
      if (have < take) std::memset(out + have, 0, take - have);
      out += take;
      offset += take;
      n -= take;
    }
  }

  void write(uint64_t owner, std::string_view data, uint64_t offset) {
    uint64_t end = offset + data.size();
    if (end > size) resize(owner, end);
    while (!data.empty()) {
      uint64_t index = offset / kPageSize, in_page = offset % kPageSize;
      size_t take = std::min<uint64_t>(data.size(), kPageSize - in_page);
      std::string& bytes = own_page(owner, index);
      if (bytes.size() < in_page + take) bytes.resize(in_page + take);
      std::memcpy(bytes.data() + in_page, data.data(), take);
      data.remove_prefix(take);
      offset += take;
    }
  }

  void resize(uint64_t owner, uint64_t new_size) {
    pages.resize((new_size + kPageSize - 1) / kPageSize);
    if (new_size < size && !pages.empty()) {
      // Bytes past the new end must read as zeros if the file grows again.
      uint64_t keep = new_size - (pages.size() - 1) * kPageSize;
      auto& last = pages.back();
      if (last && last->bytes.size() > keep) own_page(owner, pages.size() - 1).resize(keep);
    }
    size = new_size;
  }

  std::string& own_page(uint64_t owner, uint64_t index) {
    auto& page = pages[index];
    if (!page) {
      page = std::make_shared<Page>(Page{owner, {}});
    } else if (page->token != owner) {
      page = std::make_shared<Page>(Page{owner, page->bytes});
    }
    return page->bytes;
  }
};

// A directory: its names in order, split into chunks of at most
// kDirChunkMax entries, each shared copy-on-write, so the first change to a
// huge directory after a fork copies one chunk and the chunk index, not every
// name. All chunks are non-empty, except the only chunk of an empty directory.
constexpr size_t kDirChunkMax = 512;

struct DirChunk {
  uint64_t token;
  std::map<std::string, uint64_t, std::less<>> entries;
};

struct DirData {
  uint64_t token;
  size_t count = 0;
  std::vector<std::shared_ptr<DirChunk>> chunks;

  bool empty() const { return count == 0; }

  const uint64_t* find(std::string_view name) const {
    if (chunks.empty()) return nullptr;
    const auto& entries = chunks[chunk_for(name)]->entries;
    auto it = entries.find(name);
    return it == entries.end() ? nullptr : &it->second;
  }

  void set(uint64_t owner, std::string_view name, uint64_t ino) {
    if (chunks.empty()) chunks.push_back(std::make_shared<DirChunk>(DirChunk{owner, {}}));
    size_t index = chunk_for(name);
    auto& entries = own_chunk(owner, index);
    if (entries.insert_or_assign(std::string(name), ino).second) ++count;
    if (entries.size() > kDirChunkMax) split(owner, index);
  }

  void erase(uint64_t owner, std::string_view name) {
    if (!find(name)) return;
    size_t index = chunk_for(name);
    auto& entries = own_chunk(owner, index);
    entries.erase(entries.find(name));
    --count;
    if (entries.empty() && chunks.size() > 1) chunks.erase(chunks.begin() + index);
  }

  template <typename F>
  void for_each(F&& visit) const {
    for (const auto& chunk : chunks) {
      for (const auto& [name, ino] : chunk->entries) visit(name, ino);
    }
  }

 private:
  // The last chunk whose first name is <= name (chunk 0 for smaller names).
  size_t chunk_for(std::string_view name) const {
    size_t lo = 0, hi = chunks.size();
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (chunks[mid]->entries.begin()->first <= name) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  std::map<std::string, uint64_t, std::less<>>& own_chunk(uint64_t owner, size_t index) {
    auto& chunk = chunks[index];
    if (chunk->token != owner) chunk = std::make_shared<DirChunk>(DirChunk{owner, chunk->entries});
    return chunk->entries;
  }

  void split(uint64_t owner, size_t index) {
    auto& entries = chunks[index]->entries;
    auto middle = std::next(entries.begin(), static_cast<long>(entries.size() / 2));
    auto upper = std::make_shared<DirChunk>(DirChunk{owner, {}});
    upper->entries.insert(middle, entries.end());
    entries.erase(middle, entries.end());
    chunks.insert(chunks.begin() + static_cast<long>(index) + 1, std::move(upper));
  }
};

struct Inode {
  uint64_t token;
  Stat st;
  std::shared_ptr<FileData> data;  // regular files
  std::shared_ptr<DirData> dir;    // directories
  std::string target;              // symlinks
};

struct Chunk {
  uint64_t token;
  std::array<std::shared_ptr<Inode>, kChunkSize> slots;
};

struct Table {
  uint64_t token;
  std::vector<std::shared_ptr<Chunk>> chunks;
};

uint64_t blocks_for(const Stat& st) {
  if (S_ISDIR(st.mode)) return 8;
  if (!S_ISREG(st.mode)) return 0;
  return (st.size + 4095) / 4096 * 8;
}

// Splits "a/b/c" into ("a/b", "c") and "c" into ("", "c").
std::pair<std::string_view, std::string_view> split_last(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view(), path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

}  // namespace

struct MemoryBackend::State {
  mutable std::shared_mutex mu;
  uint64_t token = new_token();
  std::shared_ptr<Table> table;
  uint64_t next_ino = kRootIno;
  uint64_t live_inodes = 0;
  uint64_t dev = new_dev();
  QuotaPtr quota;
  // Open handles per inode: an unlinked file lives on while it is open.
  std::unordered_map<uint64_t, uint32_t> open_counts;

  // --- reading (shared or exclusive lock held) ---

  const Inode* get(uint64_t ino) const {
    size_t chunk = ino >> kChunkBits;
    if (chunk >= table->chunks.size() || !table->chunks[chunk]) return nullptr;
    return table->chunks[chunk]->slots[ino & (kChunkSize - 1)].get();
  }

  Result<uint64_t> child(uint64_t dir_ino, std::string_view name) const {
    const Inode* dir = get(dir_ino);
    if (!dir) return Errno{ENOENT};
    if (!dir->dir) return Errno{ENOTDIR};
    const uint64_t* child = dir->dir->find(name);
    if (!child) return Errno{ENOENT};
    return *child;
  }

  Result<uint64_t> walk(std::string_view path) const {
    uint64_t ino = kRootIno;
    while (!path.empty()) {
      size_t slash = path.find('/');
      std::string_view name = path.substr(0, slash);
      auto next = child(ino, name);
      if (!next) return next;
      ino = *next;
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
    return ino;
  }

  struct ParentRef {
    uint64_t dir;
    std::string_view name;
  };

  // The directory holding the last component of a non-empty path.
  Result<ParentRef> walk_parent(std::string_view path) const {
    auto [dir_path, name] = split_last(path);
    auto dir = walk(dir_path);
    if (!dir) return Errno{dir.error()};
    const Inode* d = get(*dir);
    if (!d) return Errno{ENOENT};
    if (!d->dir) return Errno{ENOTDIR};
    return ParentRef{*dir, name};
  }

  Stat stat_of(const Inode& node) const {
    Stat st = node.st;
    st.dev = dev;
    st.blocks = blocks_for(st);
    return st;
  }

  // --- writing (exclusive lock held) ---
  // Never keep a reference across two mut() calls: a copy-on-write may replace
  // the node the reference points to.

  // The slot of `ino` in a table and chunk this backend may change in place.
  std::shared_ptr<Inode>& mut_slot(uint64_t ino) {
    if (table->token != token) {
      table = std::make_shared<Table>(Table{token, table->chunks});
    }
    size_t index = ino >> kChunkBits;
    if (index >= table->chunks.size()) table->chunks.resize(index + 1);
    auto& chunk = table->chunks[index];
    if (!chunk) {
      chunk = std::make_shared<Chunk>();
      chunk->token = token;
    } else if (chunk->token != token) {
      chunk = std::make_shared<Chunk>(Chunk{token, chunk->slots});
    }
    return chunk->slots[ino & (kChunkSize - 1)];
  }

  // A live inode this backend may change in place.
  Inode& mut(uint64_t ino) {
    auto& slot = mut_slot(ino);
    if (slot->token != token) {
      slot = std::make_shared<Inode>(*slot);
      slot->token = token;
    }
    return *slot;
  }

  void put(uint64_t ino, std::shared_ptr<Inode> node) { mut_slot(ino) = std::move(node); }

  DirData& mut_dir(uint64_t ino) {
    Inode& node = mut(ino);
    if (node.dir->token != token) {
      node.dir = std::make_shared<DirData>(*node.dir);
      node.dir->token = token;
    }
    return *node.dir;
  }

  FileData& mut_data(uint64_t ino) {
    Inode& node = mut(ino);
    if (node.data->token != token) {
      node.data = std::make_shared<FileData>(*node.data);
      node.data->token = token;
    }
    return *node.data;
  }

  Result<uint64_t> create(uint32_t mode, const Credentials& cred) {
    if (quota) KEFKA_TRY(quota->charge_file());
    auto node = std::make_shared<Inode>();
    node->token = token;
    uint64_t ino = next_ino++;
    node->st.ino = ino;
    node->st.mode = mode;
    node->st.uid = cred.uid;
    node->st.gid = cred.gid;
    node->st.nlink = 1;
    timespec now = fs_now();
    node->st.atime = node->st.mtime = node->st.ctime = now;
    if (S_ISDIR(mode)) {
      node->dir = std::make_shared<DirData>(DirData{token, 0, {}});
      node->st.nlink = 2;
      node->st.size = 4096;
    } else if (S_ISREG(mode)) {
      node->data = std::make_shared<FileData>(FileData{token, 0, {}});
    }
    put(ino, std::move(node));
    ++live_inodes;
    return ino;
  }

  // Forgets an inode: its data is released from the quota.
  void destroy(uint64_t ino) {
    const Inode* node = get(ino);
    if (!node) return;
    if (quota) {
      if (node->data) quota->release_bytes(node->data->size);
      quota->release_file();
    }
    put(ino, nullptr);
    --live_inodes;
  }

  // Drops one name of an inode; the inode goes when no name and no handle is left.
  void drop_link(uint64_t ino) {
    Inode& node = mut(ino);
    timespec now = fs_now();
    node.st.ctime = now;
    if (S_ISDIR(node.st.mode)) {
      node.st.nlink = 0;
    } else if (node.st.nlink > 0) {
      --node.st.nlink;
    }
    if (node.st.nlink == 0 && !open_counts.contains(ino)) destroy(ino);
  }

  void touch_dir(uint64_t ino) {
    Inode& d = mut(ino);
    d.st.mtime = d.st.ctime = fs_now();
  }

  void add_entry(uint64_t dir, std::string_view name, uint64_t ino) {
    mut_dir(dir).set(token, name, ino);
    touch_dir(dir);
  }

  void remove_entry(uint64_t dir, std::string_view name) {
    mut_dir(dir).erase(token, name);
    touch_dir(dir);
  }

  Status charge_resize(uint64_t old_size, uint64_t new_size) {
    if (quota) return quota->resize(old_size, new_size);
    if (new_size > kMaxSizeWithoutQuota) return Errno{EFBIG};
    return {};
  }

  Status resize_file(uint64_t ino, uint64_t new_size) {
    const Inode* node = get(ino);
    if (!node) return Errno{EBADF};
    uint64_t old_size = node->data->size;
    KEFKA_TRY(charge_resize(old_size, new_size));
    if (new_size != old_size) mut_data(ino).resize(token, new_size);
    Inode& n = mut(ino);
    n.st.size = new_size;
    n.st.mtime = n.st.ctime = fs_now();
    return {};
  }

  Result<size_t> write_at(uint64_t ino, std::string_view data, uint64_t offset) {
    const Inode* node = get(ino);
    if (!node) return Errno{EBADF};
    if (!node->data) return Errno{EINVAL};
    if (data.empty()) return size_t{0};
    uint64_t old_size = node->data->size;
    uint64_t end = offset + data.size();
    if (end < offset) return Errno{EFBIG};
    if (end > old_size) KEFKA_TRY(charge_resize(old_size, end));
    FileData& file = mut_data(ino);
    file.write(token, data, offset);
    uint64_t new_size = file.size;
    Inode& n = mut(ino);
    n.st.size = new_size;
    n.st.mtime = n.st.ctime = fs_now();
    return data.size();
  }

  void close(uint64_t ino) {
    std::unique_lock lock(mu);
    auto it = open_counts.find(ino);
    if (it == open_counts.end()) return;
    if (--it->second > 0) return;
    open_counts.erase(it);
    const Inode* node = get(ino);
    if (node && node->st.nlink == 0) destroy(ino);
  }
};

namespace {

class MemoryFile final : public FileHandle {
 public:
  MemoryFile(std::shared_ptr<MemoryBackend::State> state, uint64_t ino)
      : state_(std::move(state)), ino_(ino) {}
  ~MemoryFile() override { state_->close(ino_); }

  Result<size_t> pread(std::span<char> buf, uint64_t offset) override {
    bool update_atime = false;
    size_t n = 0;
    {
      std::shared_lock lock(state_->mu);
      const Inode* node = state_->get(ino_);
      if (!node) return Errno{EBADF};
      if (!node->data) return Errno{EISDIR};
      const FileData& file = *node->data;
      if (offset < file.size) {
        n = std::min<uint64_t>(buf.size(), file.size - offset);
        file.read(buf.data(), offset, n);
      }
      // relatime: the access time moves when it is older than the last change.
      update_atime =
          !time_less(node->st.mtime, node->st.atime) || !time_less(node->st.ctime, node->st.atime);
    }
    if (update_atime) {
      std::unique_lock lock(state_->mu);
      if (state_->get(ino_)) state_->mut(ino_).st.atime = fs_now();
    }
    return n;
  }

  Result<size_t> pwrite(std::string_view data, uint64_t offset) override {
    std::unique_lock lock(state_->mu);
    return state_->write_at(ino_, data, offset);
  }

  Result<uint64_t> append(std::string_view data) override {
    std::unique_lock lock(state_->mu);
    const Inode* node = state_->get(ino_);
    if (!node) return Errno{EBADF};
    uint64_t end = node->st.size;
    auto n = state_->write_at(ino_, data, end);
    if (!n) return Errno{n.error()};
    return end + *n;
  }

  Result<void> truncate(uint64_t size) override {
    std::unique_lock lock(state_->mu);
    return state_->resize_file(ino_, size);
  }

  Status clear_setid() override {
    std::unique_lock lock(state_->mu);
    const Inode* node = state_->get(ino_);
    if (!node) return Errno{EBADF};
    uint32_t mode = node->st.mode;
    uint32_t cleared = mode & ~static_cast<uint32_t>(S_ISUID);
    if ((mode & S_ISGID) && (mode & S_IXGRP)) cleared &= ~static_cast<uint32_t>(S_ISGID);
    if (cleared != mode) {
      Inode& n = state_->mut(ino_);
      n.st.mode = cleared;
      n.st.ctime = fs_now();
    }
    return {};
  }

  Result<Stat> stat() override {
    std::shared_lock lock(state_->mu);
    const Inode* node = state_->get(ino_);
    if (!node) return Errno{EBADF};
    return state_->stat_of(*node);
  }

 private:
  std::shared_ptr<MemoryBackend::State> state_;
  uint64_t ino_;
};

}  // namespace

MemoryBackend::MemoryBackend(QuotaPtr quota, Credentials root_owner, uint32_t root_mode)
    : state_(std::make_shared<State>()) {
  state_->quota = std::move(quota);
  state_->table = std::make_shared<Table>(Table{state_->token, {}});
  auto root = state_->create(S_IFDIR | (root_mode & 07777), root_owner);
  if (!root) {
    // The quota cannot even hold the root: keep it uncharged rather than fail.
    if (state_->quota) state_->quota->release_file();
    QuotaPtr saved = std::move(state_->quota);
    (void)state_->create(S_IFDIR | (root_mode & 07777), root_owner);
    state_->quota = std::move(saved);
  }
}

MemoryBackend::MemoryBackend(std::shared_ptr<State> state) : state_(std::move(state)) {}

MemoryBackend::~MemoryBackend() = default;

const QuotaPtr& MemoryBackend::quota() const {
  return state_->quota;
}

uint64_t MemoryBackend::inode_count() const {
  std::shared_lock lock(state_->mu);
  return state_->live_inodes;
}

Result<Stat> MemoryBackend::lstat(Path path) {
  std::shared_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  return state_->stat_of(*state_->get(*ino));
}

Result<Stat> MemoryBackend::lookup(Path dir, const Stat& dir_stat, std::string_view name) {
  std::shared_lock lock(state_->mu);
  const Inode* d = state_->get(dir_stat.ino);
  if (!d || !d->dir) {
    lock.unlock();
    return Backend::lookup(dir, dir_stat, name);
  }
  auto ino = state_->child(dir_stat.ino, name);
  if (!ino) return Errno{ino.error()};
  return state_->stat_of(*state_->get(*ino));
}

Result<std::unique_ptr<FileHandle>> MemoryBackend::open(Path path, int flags, uint32_t mode,
                                                        const Credentials& cred) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  uint64_t ino = 0;
  if (path.empty()) return Errno{EISDIR};
  auto parent = s.walk_parent(path);
  if (!parent) return Errno{parent.error()};
  auto existing = s.child(parent->dir, parent->name);
  if (existing) {
    if ((flags & O_CREAT) && (flags & O_EXCL)) return Errno{EEXIST};
    ino = *existing;
    const Inode* node = s.get(ino);
    if (S_ISDIR(node->st.mode)) return Errno{EISDIR};
    if (S_ISLNK(node->st.mode)) return Errno{ELOOP};
    if (flags & O_TRUNC) KEFKA_TRY(s.resize_file(ino, 0));
  } else {
    if (existing.error() != ENOENT || !(flags & O_CREAT)) return Errno{existing.error()};
    auto created = s.create(S_IFREG | (mode & 07777), cred);
    if (!created) return Errno{created.error()};
    ino = *created;
    s.add_entry(parent->dir, parent->name, ino);
  }
  ++s.open_counts[ino];
  return std::unique_ptr<FileHandle>(std::make_unique<MemoryFile>(state_, ino));
}

Result<std::vector<DirEntry>> MemoryBackend::readdir(Path path) {
  std::shared_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  const Inode* dir = state_->get(*ino);
  if (!dir->dir) return Errno{ENOTDIR};
  std::vector<DirEntry> out;
  out.reserve(dir->dir->count);
  dir->dir->for_each([&](const std::string& name, uint64_t child) {
    const Inode* node = state_->get(child);
    out.push_back(DirEntry{name, child, node ? (node->st.mode & S_IFMT) : 0});
  });
  return out;
}

Status MemoryBackend::mkdir(Path path, uint32_t mode, const Credentials& cred) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  if (path.empty()) return Errno{EEXIST};
  auto parent = s.walk_parent(path);
  if (!parent) return Errno{parent.error()};
  if (s.child(parent->dir, parent->name)) return Errno{EEXIST};
  auto ino = s.create(S_IFDIR | (mode & 07777), cred);
  if (!ino) return Errno{ino.error()};
  s.add_entry(parent->dir, parent->name, *ino);
  ++s.mut(parent->dir).st.nlink;
  return {};
}

Status MemoryBackend::rmdir(Path path) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  if (path.empty()) return Errno{EBUSY};
  auto parent = s.walk_parent(path);
  if (!parent) return Errno{parent.error()};
  auto ino = s.child(parent->dir, parent->name);
  if (!ino) return Errno{ino.error()};
  const Inode* node = s.get(*ino);
  if (!node->dir) return Errno{ENOTDIR};
  if (!node->dir->empty()) return Errno{ENOTEMPTY};
  s.remove_entry(parent->dir, parent->name);
  --s.mut(parent->dir).st.nlink;
  s.drop_link(*ino);
  return {};
}

Status MemoryBackend::unlink(Path path) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  if (path.empty()) return Errno{EISDIR};
  auto parent = s.walk_parent(path);
  if (!parent) return Errno{parent.error()};
  auto ino = s.child(parent->dir, parent->name);
  if (!ino) return Errno{ino.error()};
  if (s.get(*ino)->dir) return Errno{EISDIR};
  s.remove_entry(parent->dir, parent->name);
  s.drop_link(*ino);
  return {};
}

Status MemoryBackend::rename(Path from, Path to) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  if (from.empty() || to.empty()) return Errno{EBUSY};
  auto src_parent = s.walk_parent(from);
  if (!src_parent) return Errno{src_parent.error()};
  auto src = s.child(src_parent->dir, src_parent->name);
  if (!src) return Errno{src.error()};
  auto dst_parent = s.walk_parent(to);
  if (!dst_parent) return Errno{dst_parent.error()};
  bool src_is_dir = S_ISDIR(s.get(*src)->st.mode);
  if (src_is_dir && to.size() > from.size() && to.starts_with(from) && to[from.size()] == '/') {
    return Errno{EINVAL};  // a directory cannot move into itself
  }
  auto dst = s.child(dst_parent->dir, dst_parent->name);
  if (dst) {
    if (*dst == *src) return {};  // two names of one file: nothing to do
    const Inode* target = s.get(*dst);
    if (src_is_dir) {
      if (!target->dir) return Errno{ENOTDIR};
      if (!target->dir->empty()) return Errno{ENOTEMPTY};
    } else if (target->dir) {
      return Errno{EISDIR};
    }
  } else if (dst.error() != ENOENT) {
    return Errno{dst.error()};
  }
  // Copies of the names: the entries they point into are about to change.
  std::string src_name(src_parent->name), dst_name(dst_parent->name);
  uint64_t src_dir = src_parent->dir, dst_dir = dst_parent->dir;
  s.remove_entry(src_dir, src_name);
  s.add_entry(dst_dir, dst_name, *src);
  if (dst) {
    if (src_is_dir) --s.mut(dst_dir).st.nlink;  // the replaced directory's ".."
    s.drop_link(*dst);
  }
  if (src_is_dir && src_dir != dst_dir) {
    --s.mut(src_dir).st.nlink;
    ++s.mut(dst_dir).st.nlink;
  }
  s.mut(*src).st.ctime = fs_now();
  return {};
}

Status MemoryBackend::symlink(std::string_view target, Path path, const Credentials& cred) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  if (path.empty()) return Errno{EEXIST};
  auto parent = s.walk_parent(path);
  if (!parent) return Errno{parent.error()};
  if (s.child(parent->dir, parent->name)) return Errno{EEXIST};
  auto ino = s.create(S_IFLNK | 0777, cred);
  if (!ino) return Errno{ino.error()};
  Inode& node = s.mut(*ino);
  node.target = std::string(target);
  node.st.size = target.size();
  s.add_entry(parent->dir, parent->name, *ino);
  return {};
}

Result<std::string> MemoryBackend::readlink(Path path) {
  std::shared_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  const Inode* node = state_->get(*ino);
  if (!S_ISLNK(node->st.mode)) return Errno{EINVAL};
  return node->target;
}

Status MemoryBackend::link(Path existing, Path new_path) {
  std::unique_lock lock(state_->mu);
  State& s = *state_;
  auto ino = s.walk(existing);
  if (!ino) return Errno{ino.error()};
  if (S_ISDIR(s.get(*ino)->st.mode)) return Errno{EPERM};
  if (new_path.empty()) return Errno{EEXIST};
  auto parent = s.walk_parent(new_path);
  if (!parent) return Errno{parent.error()};
  if (s.child(parent->dir, parent->name)) return Errno{EEXIST};
  s.add_entry(parent->dir, parent->name, *ino);
  Inode& node = s.mut(*ino);
  ++node.st.nlink;
  node.st.ctime = fs_now();
  return {};
}

Status MemoryBackend::chmod(Path path, uint32_t mode) {
  std::unique_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  Inode& node = state_->mut(*ino);
  node.st.mode = (node.st.mode & S_IFMT) | (mode & 07777);
  node.st.ctime = fs_now();
  return {};
}

Status MemoryBackend::chown(Path path, uint32_t uid, uint32_t gid) {
  std::unique_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  Inode& node = state_->mut(*ino);
  if (uid != static_cast<uint32_t>(-1)) node.st.uid = uid;
  if (gid != static_cast<uint32_t>(-1)) node.st.gid = gid;
  node.st.ctime = fs_now();
  return {};
}

Status MemoryBackend::utimens(Path path, timespec atime, timespec mtime) {
  std::unique_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  Inode& node = state_->mut(*ino);
  timespec now = fs_now();
  if (atime.tv_nsec != UTIME_OMIT) node.st.atime = atime.tv_nsec == UTIME_NOW ? now : atime;
  if (mtime.tv_nsec != UTIME_OMIT) node.st.mtime = mtime.tv_nsec == UTIME_NOW ? now : mtime;
  node.st.ctime = now;
  return {};
}

Status MemoryBackend::truncate(Path path, uint64_t size) {
  std::unique_lock lock(state_->mu);
  auto ino = state_->walk(path);
  if (!ino) return Errno{ino.error()};
  const Inode* node = state_->get(*ino);
  if (node->dir) return Errno{EISDIR};
  if (!node->data) return Errno{EINVAL};
  return state_->resize_file(*ino, size);
}

Result<StatFs> MemoryBackend::statfs() {
  StatFs fs;
  fs.block_size = 4096;
  const QuotaPtr& q = state_->quota;
  uint64_t max_bytes = q && q->max_bytes() ? q->max_bytes() : (uint64_t{1} << 40);
  uint64_t used_bytes = q ? q->bytes_used() : 0;
  uint64_t max_files = q && q->max_files() ? q->max_files() : (uint64_t{1} << 32);
  uint64_t used_files = q ? q->files_used() : inode_count();
  fs.blocks = max_bytes / fs.block_size;
  fs.blocks_free = (max_bytes - std::min(max_bytes, used_bytes)) / fs.block_size;
  fs.files = max_files;
  fs.files_free = max_files - std::min(max_files, used_files);
  fs.name_max = 255;
  return fs;
}

std::shared_ptr<MemoryBackend::State> MemoryBackend::fork_state(QuotaPtr child_quota) {
  State& parent = *state_;
  auto child = std::make_shared<State>();
  // Everything reachable now is frozen for both sides: each gets a new token.
  parent.token = new_token();
  child->table = parent.table;
  child->next_ino = parent.next_ino;
  child->live_inodes = parent.live_inodes;
  child->dev = parent.dev;
  child->quota = std::move(child_quota);
  // Files only kept alive by the parent's open handles do not exist in the child.
  for (const auto& [ino, count] : parent.open_counts) {
    const Inode* node = parent.get(ino);
    if (node && node->st.nlink == 0) child->destroy(ino);
  }
  return child;
}

std::shared_ptr<Backend> MemoryBackend::fork() {
  std::unique_lock lock(state_->mu);
  QuotaPtr child_quota = state_->quota ? state_->quota->fork() : nullptr;
  return std::shared_ptr<Backend>(new MemoryBackend(fork_state(std::move(child_quota))));
}

Result<std::shared_ptr<MemoryBackend>> MemoryBackend::fork_charging(QuotaPtr quota) {
  std::unique_lock lock(state_->mu);
  if (quota && state_->quota) {
    KEFKA_TRY(quota->charge_usage(state_->quota->bytes_used(), state_->quota->files_used()));
  }
  return std::shared_ptr<MemoryBackend>(new MemoryBackend(fork_state(std::move(quota))));
}

}  // namespace kefka::vfs

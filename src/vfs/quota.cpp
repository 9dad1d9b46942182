#include "vfs/quota.h"

#include <cerrno>
#include <map>

namespace kefka::vfs {
namespace {

// Adds `amount` to `counter` unless that passes `limit` (0: no limit).
bool try_add(std::atomic<uint64_t>& counter, uint64_t amount, uint64_t limit) {
  uint64_t cur = counter.load(std::memory_order_relaxed);
  do {
    if (limit != 0 && (amount > limit || cur > limit - amount)) return false;
  } while (!counter.compare_exchange_weak(cur, cur + amount, std::memory_order_relaxed));
  return true;
}

void saturating_sub(std::atomic<uint64_t>& counter, uint64_t amount) {
  uint64_t cur = counter.load(std::memory_order_relaxed);
  while (!counter.compare_exchange_weak(cur, cur > amount ? cur - amount : 0,
                                        std::memory_order_relaxed)) {
  }
}

}  // namespace

Quota::Quota(const Limits& limits)
    : Quota(limits.max_fs_bytes, limits.max_files, limits.max_file_size) {}

Quota::Quota(uint64_t max_bytes, uint64_t max_files, uint64_t max_file_size)
    : max_bytes_(max_bytes), max_files_(max_files), max_file_size_(max_file_size) {}

Status Quota::charge_bytes(uint64_t bytes) {
  if (bytes == 0) return {};
  if (!try_add(bytes_, bytes, max_bytes_)) return Errno{ENOSPC};
  return {};
}

void Quota::release_bytes(uint64_t bytes) {
  saturating_sub(bytes_, bytes);
}

Status Quota::charge_file() {
  if (!try_add(files_, 1, max_files_)) return Errno{ENOSPC};
  return {};
}

void Quota::release_file() {
  saturating_sub(files_, 1);
}

Status Quota::charge_usage(uint64_t bytes, uint64_t files) {
  if (!try_add(bytes_, bytes, max_bytes_)) return Errno{ENOSPC};
  if (!try_add(files_, files, max_files_)) {
    release_bytes(bytes);
    return Errno{ENOSPC};
  }
  return {};
}

Status Quota::check_file_size(uint64_t size) const {
  if (max_file_size_ != 0 && size > max_file_size_) return Errno{EFBIG};
  return {};
}

Status Quota::resize(uint64_t old_size, uint64_t new_size) {
  if (new_size > old_size) {
    KEFKA_TRY(check_file_size(new_size));
    return charge_bytes(new_size - old_size);
  }
  release_bytes(old_size - new_size);
  return {};
}

namespace {
thread_local std::map<const Quota*, std::shared_ptr<Quota>>* fork_copies = nullptr;
thread_local int fork_scope_depth = 0;
}  // namespace

QuotaForkScope::QuotaForkScope() {
  if (fork_scope_depth++ == 0) fork_copies = new std::map<const Quota*, std::shared_ptr<Quota>>();
}

QuotaForkScope::~QuotaForkScope() {
  if (--fork_scope_depth == 0) {
    delete fork_copies;
    fork_copies = nullptr;
  }
}

std::shared_ptr<Quota> Quota::fork() const {
  if (fork_copies) {
    auto it = fork_copies->find(this);
    if (it != fork_copies->end()) return it->second;
  }
  auto q = std::make_shared<Quota>(max_bytes_, max_files_, max_file_size_);
  q->bytes_.store(bytes_used(), std::memory_order_relaxed);
  q->files_.store(files_used(), std::memory_order_relaxed);
  if (fork_copies) fork_copies->emplace(this, q);
  return q;
}

}  // namespace kefka::vfs

#include "wasm/memory_pool.h"

#include <unordered_map>

namespace kefka::wasm {
namespace {

std::mutex g_pools_mu;

std::unordered_map<const void*, std::weak_ptr<MemoryPool>>& pools() {
  static auto* map = new std::unordered_map<const void*, std::weak_ptr<MemoryPool>>;
  return *map;
}

}  // namespace

std::shared_ptr<MemoryPool> MemoryPool::of(const void* key) {
  std::lock_guard lock(g_pools_mu);
  std::weak_ptr<MemoryPool>& slot = pools()[key];
  std::shared_ptr<MemoryPool> pool = slot.lock();
  if (!pool) {
    pool = std::make_shared<MemoryPool>(key);
    slot = pool;
  }
  return pool;
}

MemoryPool::~MemoryPool() {
  std::lock_guard lock(g_pools_mu);
  auto it = pools().find(key_);
  // A new pool for the same key may already be there (created after this one
  // expired): leave it.
  if (it != pools().end() && it->second.expired()) pools().erase(it);
}

bool MemoryPool::reserve(uint64_t bytes, uint64_t cap) {
  std::lock_guard lock(mu_);
  if (bytes > cap || used_ > cap - bytes) return false;
  used_ += bytes;
  return true;
}

void MemoryPool::release(uint64_t bytes) {
  std::lock_guard lock(mu_);
  used_ -= bytes < used_ ? bytes : used_;
}

uint64_t MemoryPool::used() const {
  std::lock_guard lock(mu_);
  return used_;
}

}  // namespace kefka::wasm

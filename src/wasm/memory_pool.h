// The wasm memory of one sandbox: Limits::max_wasm_memory_bytes caps the sum
// of the linear memories of every wasm instance of the sandbox alive at once
// (four `python3 &` jobs share one cap), not each instance alone. Instances of
// one sandbox are recognised by their vfs::Vfs, which a sandbox owns alone.
// Internal to src/wasm.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

namespace kefka::wasm {

class MemoryPool {
 public:
  // The pool of the sandbox identified by `key` (its Vfs), created on first
  // use; it lives as long as an instance holds it.
  static std::shared_ptr<MemoryPool> of(const void* key);

  explicit MemoryPool(const void* key) : key_(key) {}
  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  // Takes `bytes` more unless the total would pass `cap`. Thread-safe.
  bool reserve(uint64_t bytes, uint64_t cap);
  void release(uint64_t bytes);
  uint64_t used() const;

 private:
  const void* key_;
  mutable std::mutex mu_;
  uint64_t used_ = 0;
};

}  // namespace kefka::wasm

// Quota: the byte and file counters of the in-memory data of one sandbox.
//
// Memory backends (and overlay upper layers, which are memory backends) charge
// every byte of file content and every inode they hold against one Quota built
// from the sandbox Limits: past max_fs_bytes or max_files a change fails with
// ENOSPC, and a file may not grow past max_file_size (EFBIG). A forked
// filesystem gets its own Quota that starts from the parent's usage.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "base/result.h"
#include "kefka/limits.h"

namespace kefka::vfs {

class Quota {
 public:
  explicit Quota(const Limits& limits);
  Quota(uint64_t max_bytes, uint64_t max_files, uint64_t max_file_size);

  // Reserves `bytes` more bytes (ENOSPC when the total would pass the limit).
  Status charge_bytes(uint64_t bytes);
  void release_bytes(uint64_t bytes);
  // Reserves one more file or directory (ENOSPC past max_files).
  Status charge_file();
  void release_file();
  // Reserves `bytes` and `files` at once (ENOSPC, and nothing charged, when
  // either does not fit): the usage of a tree this quota takes over.
  Status charge_usage(uint64_t bytes, uint64_t files);
  // EFBIG when a file may not have this size.
  Status check_file_size(uint64_t size) const;
  // Moves a file from old_size to new_size: EFBIG/ENOSPC or the change charged.
  Status resize(uint64_t old_size, uint64_t new_size);

  uint64_t bytes_used() const { return bytes_.load(std::memory_order_relaxed); }
  uint64_t files_used() const { return files_.load(std::memory_order_relaxed); }
  uint64_t max_bytes() const { return max_bytes_; }
  uint64_t max_files() const { return max_files_; }

  // Independent counters starting from this quota's current usage.
  std::shared_ptr<Quota> fork() const;

 private:
  uint64_t max_bytes_;  // 0: unlimited
  uint64_t max_files_;
  uint64_t max_file_size_;
  std::atomic<uint64_t> bytes_{0};
  std::atomic<uint64_t> files_{0};
};

using QuotaPtr = std::shared_ptr<Quota>;

// While one is alive on this thread, Quota::fork() returns one copy per quota:
// backends that charged one quota (the root and the overlay upper layers of a
// sandbox) still share one quota in the forked Vfs. Vfs::fork() opens one.
class QuotaForkScope {
 public:
  QuotaForkScope();
  ~QuotaForkScope();
  QuotaForkScope(const QuotaForkScope&) = delete;
  QuotaForkScope& operator=(const QuotaForkScope&) = delete;
};

}  // namespace kefka::vfs

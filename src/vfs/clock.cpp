#include "vfs/clock.h"

#include <atomic>
#include <chrono>
#include <cstdint>

namespace kefka::vfs {

timespec fs_now() {
  static std::atomic<int64_t> last_ns{0};
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int64_t prev = last_ns.load(std::memory_order_relaxed);
  int64_t next;
  do {
    next = now > prev ? now : prev + 1;
  } while (!last_ns.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  return timespec{static_cast<time_t>(next / 1'000'000'000),
                  static_cast<long>(next % 1'000'000'000)};
}

}  // namespace kefka::vfs

// The clock of the virtual filesystem: wall-clock time that never goes
// backwards, so two successive changes always get distinct, increasing
// timestamps (tests and `make`-like tools rely on mtime ordering).
#pragma once

#include <ctime>

namespace kefka::vfs {

// The current time, strictly greater than any value returned before.
timespec fs_now();

inline bool time_less(const timespec& a, const timespec& b) {
  return a.tv_sec != b.tv_sec ? a.tv_sec < b.tv_sec : a.tv_nsec < b.tv_nsec;
}

}  // namespace kefka::vfs

#include "base/budget.h"

namespace kefka {

Budget::Budget(const Limits& limits)
    : limits_(limits),
      deadline_(limits.timeout.count() > 0 ? Clock::now() + limits.timeout
                                           : Clock::time_point::max()) {}

void Budget::cancel() {
  cancelled_.store(true, std::memory_order_relaxed);
}

bool Budget::stopped() const {
  if (cancelled_.load(std::memory_order_relaxed)) return true;
  return deadline_ != Clock::time_point::max() && Clock::now() >= deadline_;
}

void Budget::check() const {
  if (cancelled_.load(std::memory_order_relaxed)) {
    throw ExecAbort("kefka: execution cancelled", kStatusCancelled);
  }
  if (deadline_ != Clock::time_point::max() && Clock::now() >= deadline_) {
    auto ms = limits_.timeout.count();
    std::string shown =
        ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
    throw ExecAbort("kefka: execution timed out after " + shown + " (limit: timeout)",
                    kStatusTimedOut);
  }
}

Budget::Clock::duration Budget::remaining() const {
  if (deadline_ == Clock::time_point::max()) return Clock::duration::max();
  auto now = Clock::now();
  return now >= deadline_ ? Clock::duration::zero() : deadline_ - now;
}

void Budget::abort_for_limit(const char* name, uint64_t value) const {
  throw ExecAbort(std::string("kefka: limit exceeded: ") + name + "=" + std::to_string(value),
                  kStatusLimitExceeded);
}

void Budget::count_command() {
  check();
  uint64_t n = commands_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (limits_.max_commands != 0 && n > limits_.max_commands) {
    abort_for_limit("max_commands", limits_.max_commands);
  }
}

void Budget::count_loop_iteration() {
  check();
  uint64_t n = loop_iterations_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (limits_.max_loop_iterations != 0 && n > limits_.max_loop_iterations) {
    abort_for_limit("max_loop_iterations", limits_.max_loop_iterations);
  }
}

void Budget::count_output(uint64_t bytes) {
  uint64_t n = output_bytes_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (limits_.max_output_bytes != 0 && n > limits_.max_output_bytes) {
    abort_for_limit("max_output_bytes", limits_.max_output_bytes);
  }
}

}  // namespace kefka

// Cancellation and resource accounting for one execution.
//
// Every exec() of a sandbox owns one Budget. Everything that may run long (loop
// iterations, command starts, pipe reads and writes, long-running commands)
// calls check() or one of the count_* functions; when the deadline has passed,
// the execution was cancelled from another thread, or a limit is exhausted they
// throw ExecAbort, which unwinds to the exec() boundary. There the message is
// printed to stderr and its status becomes the exit status.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>

#include "kefka/limits.h"

namespace kefka {

// Thrown when an execution must stop: deadline, cancellation or a limit.
class ExecAbort : public std::exception {
 public:
  ExecAbort(std::string message, int status) : message_(std::move(message)), status_(status) {}
  const char* what() const noexcept override { return message_.c_str(); }
  int status() const { return status_; }

 private:
  std::string message_;
  int status_;
};

// Exit statuses of aborted executions (chosen to match `timeout` and SIGINT).
inline constexpr int kStatusTimedOut = 124;
inline constexpr int kStatusCancelled = 130;
inline constexpr int kStatusLimitExceeded = 125;

class Budget {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Budget(const Limits& limits);
  Budget(const Budget&) = delete;
  Budget& operator=(const Budget&) = delete;

  const Limits& limits() const { return limits_; }

  // Thread-safe: may be called from any thread, e.g. an embedder's cancel button.
  void cancel();
  // True once cancelled or past the deadline. Never throws.
  bool stopped() const;
  // Throws ExecAbort when stopped(). Cheap enough for every loop iteration.
  void check() const;
  // The time left before the deadline (Clock::duration::max() when none).
  Clock::duration remaining() const;
  Clock::time_point deadline() const { return deadline_; }

  // Accounting; each throws ExecAbort naming the limit once it is exceeded.
  void count_command();
  void count_loop_iteration();
  void count_output(uint64_t bytes);

 private:
  [[noreturn]] void abort_for_limit(const char* name, uint64_t value) const;

  Limits limits_;
  Clock::time_point deadline_;
  std::atomic<bool> cancelled_{false};
  std::atomic<uint64_t> commands_{0};
  std::atomic<uint64_t> loop_iterations_{0};
  std::atomic<uint64_t> output_bytes_{0};
};

}  // namespace kefka

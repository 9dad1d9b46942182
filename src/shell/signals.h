// Simulated signals among the sandbox's processes.
//
// The shell's "processes" (the shell itself, background jobs, subshells,
// pipeline stages, command substitutions) are threads, so `kill` cannot use
// real signals. Each process owns a SignalBox instead: `kill` posts a signal
// to the target's box, and the target acts on it at its next command boundary
// (ShellState::check_signals), like bash running a trap once the current
// foreground command has finished. A signal the target does not catch kills
// it: a background job's own Budget is cancelled, which also ends a `sleep` or
// a pipe read it is blocked in; other processes exit at their next boundary.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/budget.h"

namespace kefka::shell {

struct SessionShared;

inline constexpr int kSigHup = 1;
inline constexpr int kSigInt = 2;
inline constexpr int kSigQuit = 3;
inline constexpr int kSigKill = 9;
inline constexpr int kSigPipe = 13;
inline constexpr int kSigTerm = 15;
inline constexpr int kSigChld = 17;
inline constexpr int kSigStop = 19;
inline constexpr int kMaxSignal = 64;

// Bit of signal `n` in a SignalBox mask.
inline constexpr uint64_t signal_bit(int n) {
  return n >= 1 && n <= kMaxSignal ? uint64_t{1} << (n - 1) : 0;
}

class SignalBox {
 public:
  SignalBox(std::shared_ptr<SessionShared> session, int64_t pid,
            std::shared_ptr<Budget> own_budget);
  ~SignalBox();  // leaves the session's registry
  SignalBox(const SignalBox&) = delete;
  SignalBox& operator=(const SignalBox&) = delete;

  int64_t pid() const { return pid_; }

  // What the process does with each signal, kept in step with its traps so
  // that a sender on another thread can decide without touching them.
  void set_dispositions(uint64_t caught, uint64_t ignored);
  uint64_t ignored() const { return ignored_.load(std::memory_order_relaxed); }

  // Delivers signal `n` (1..64): dropped when ignored, queued when caught
  // (or when the process has no budget of its own to cancel), otherwise the
  // process is killed at once through its budget.
  void post(int n);
  // Queues signal `n` for the process's next command boundary.
  void queue(int n) { pending_.fetch_or(signal_bit(n), std::memory_order_acq_rel); }
  // Puts back signals taken but not yet acted on.
  void requeue(uint64_t bits) { pending_.fetch_or(bits, std::memory_order_acq_rel); }

  // Signals queued for the process, cleared by take_pending().
  bool has_pending() const { return pending_.load(std::memory_order_relaxed) != 0; }
  uint64_t pending() const { return pending_.load(std::memory_order_relaxed); }
  uint64_t take_pending() { return pending_.exchange(0, std::memory_order_acq_rel); }

  // The signal that killed the process through its budget (0 if none).
  int fatal_signal() const { return fatal_.load(std::memory_order_acquire); }

  // The process has ended: `kill` finds it no more.
  void mark_exited();
  bool exited() const { return exited_.load(std::memory_order_acquire); }

  // Waits (without spinning) until woken or `timeout` passes. Waiters are
  // woken by post() and by wake() (a child job finishing).
  void wait_for(std::chrono::milliseconds timeout);
  void wake();

 private:
  std::weak_ptr<SessionShared> session_;
  int64_t pid_;
  std::shared_ptr<Budget> own_budget_;  // a sender may outlive the job
  std::atomic<uint64_t> caught_{0};
  std::atomic<uint64_t> ignored_{0};
  std::atomic<uint64_t> pending_{0};
  std::atomic<int> fatal_{0};
  std::atomic<bool> exited_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wakeups_ = 0;  // guarded by mu_
};

// Registers a new process's box in the session (so `kill PID` finds it).
std::shared_ptr<SignalBox> new_signal_box(const std::shared_ptr<SessionShared>& session,
                                          int64_t pid,
                                          std::shared_ptr<Budget> own_budget = nullptr);
// The live process `pid` of the session, or nullptr.
std::shared_ptr<SignalBox> find_signal_box(SessionShared& session, int64_t pid);
// All live processes of the session.
std::vector<std::shared_ptr<SignalBox>> session_signal_boxes(SessionShared& session);

// Signal names without "SIG" (HUP, RTMIN+3) by Linux number; "" if none.
std::string signal_name_of(int n);
// Parses a signal name (any case, optional SIG prefix) or number; -1 if bad.
// Number 0 and the name "0" are accepted (kill -0).
int parse_signal(std::string_view spec);
// CHLD, CONT, URG, WINCH and the stop signals: no effect unless trapped.
bool ignored_by_default(int n);
// bash's description of a signal for job notifications ("Terminated").
std::string signal_description(int n);

}  // namespace kefka::shell

// The state of the guest running on the current thread, shared by the runtime
// (runtime.cpp: traps, memories, signal handlers), the WASI host (wasi.cpp) and
// run_module (run.cpp). Internal to src/wasm.
//
// How a guest stops. The guest thread enters the module under sigsetjmp();
// every way out that is not a normal return of `_start` is a siglongjmp back
// there (stop_guest): a wasm trap, proc_exit, a fault in guest memory or on the
// guest thread's stack guard (SIGSEGV/SIGBUS handler on an alternate stack), or
// the interrupt signal the waiting thread sends once the Budget has stopped.
// A siglongjmp is only taken while no C++ object with a destructor is live on
// the frames it skips: `in_guest` is 1 only while generated code runs; host
// functions clear it while they work (HostCall) and check the Budget on return.
#pragma once

#include <setjmp.h>
#include <signal.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/budget.h"
#include "wasm/wasm_rt_config.h"

namespace kefka::wasm {

enum class StopReason {
  kReturned,     // _start returned
  kExit,         // proc_exit(code)
  kTrap,         // a wasm trap; `trap` says which
  kMemoryLimit,  // the module's initial memory is over the cap
  kAborted,      // the Budget stopped it; `abort` holds the ExecAbort
  kBrokenPipe,   // a write to a closed pipe (SIGPIPE)
  kSignal,       // proc_raise of a signal that terminates; `signal` says which
};

class MemoryPool;

struct GuestState {
  sigjmp_buf exit_jmp;
  volatile sig_atomic_t in_guest = 0;
  StopReason reason = StopReason::kReturned;
  wasm_rt_trap_t trap = WASM_RT_TRAP_NONE;
  int exit_code = 0;
  int signal = 0;  // Linux numbering
  std::optional<ExecAbort> abort;

  Budget* budget = nullptr;
  uint64_t max_memory_bytes = 0;
  // Shared by every instance of the sandbox: max_memory_bytes caps their sum.
  MemoryPool* memory_pool = nullptr;
  uint64_t pooled_bytes = 0;    // what this guest holds in memory_pool
  bool pool_exhausted = false;  // memory was refused because of other instances
  // The guest thread's stack: faults just below it are stack exhaustion, and
  // host calls refuse to start with less than kHostStackReserve left.
  uintptr_t stack_low = 0;
  // Linear memories reserved on this thread (faults inside are out of bounds).
  static constexpr int kMaxMemories = 8;
  struct Reservation {
    uintptr_t begin = 0, end = 0;
  } reservations[kMaxMemories];
};

inline constexpr uintptr_t kHostStackReserve = 256 * 1024;

// The guest of this thread (null outside run_module's guest thread).
GuestState* current_guest();
void set_current_guest(GuestState* guest);

// Leaves the guest for good: records the reason and siglongjmps to run_module.
[[noreturn]] void stop_guest(GuestState& guest, StopReason reason);

// Installs the SIGSEGV/SIGBUS and interrupt handlers once per process.
void install_signal_handlers();
// The signal the waiting thread sends to interrupt a guest.
int interrupt_signal();

// Marks a stretch of host code inside a guest call (see the header comment).
class HostCall {
 public:
  explicit HostCall(GuestState& guest) : guest_(guest) { guest_.in_guest = 0; }
  ~HostCall() { guest_.in_guest = 1; }
  HostCall(const HostCall&) = delete;
  HostCall& operator=(const HostCall&) = delete;

 private:
  GuestState& guest_;
};

}  // namespace kefka::wasm

// Our implementation of the wasm-rt API that wasm2c 1.0.32 output calls
// (/usr/include/wasm-rt.h): traps, linear memories, tables, function types and
// exceptions. Unlike wabt's wasm-rt-impl.c it keeps no per-run state in process
// globals: everything about the running guest is in the thread's GuestState,
// so any number of guests run at once on different threads.
//
// Linear memory: 8 GiB + 64 KiB of address space is reserved PROT_NONE per
// memory (a wasm32 address plus its constant offset stays below 8 GiB), and
// pages are made read-write as the memory grows. Generated code then needs no
// bounds checks: an access past the end faults, and the SIGSEGV handler turns
// that fault into an out-of-bounds trap.
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include "wasm/guest.h"
#include "wasm/memory_pool.h"

namespace kefka::wasm {
namespace {

constexpr uint64_t kPageSize = 65536;
constexpr uint64_t kReservation = (uint64_t{8} << 30) + kPageSize;
// memory.size is kept in a u32 (wasm-rt.h), so 65535 pages at most.
constexpr uint32_t kMaxPages = 65535;
constexpr uint32_t kMaxTableElements = 1u << 20;

thread_local GuestState* tls_guest = nullptr;

struct sigaction g_previous_segv;
struct sigaction g_previous_bus;

bool in_range(uintptr_t addr, uintptr_t begin, uintptr_t end) {
  return addr >= begin && addr < end;
}

// A fault raised while generated code runs is either an access past the end of
// linear memory or the guest's call stack running into its guard page.
void on_fault(int sig, siginfo_t* info, void* context) {
  GuestState* guest = tls_guest;
  if (guest && guest->in_guest) {
    auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    for (const auto& r : guest->reservations) {
      if (r.begin != 0 && in_range(addr, r.begin, r.end)) {
        guest->trap = WASM_RT_TRAP_OOB;
        stop_guest(*guest, StopReason::kTrap);
      }
    }
    // The guard below the stack (stack probes keep faults within a page or two
    // of it; allow for a large frame).
    if (guest->stack_low != 0 && in_range(addr, guest->stack_low - (1u << 20), guest->stack_low)) {
      guest->trap = WASM_RT_TRAP_EXHAUSTION;
      stop_guest(*guest, StopReason::kTrap);
    }
  }
  // Not ours: a real crash. Hand it to whoever handled it before us.
  const struct sigaction& prev = sig == SIGBUS ? g_previous_bus : g_previous_segv;
  if (prev.sa_flags & SA_SIGINFO) {
    prev.sa_sigaction(sig, info, context);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
  } else {
    signal(sig, SIG_DFL);  // returning re-executes the access and crashes
  }
}

// Sent by run_module's waiting thread once the Budget has stopped. Inside
// generated code it unwinds at once; inside a host call it does nothing and
// the host call sees the stopped Budget when it returns.
void on_interrupt(int, siginfo_t*, void*) {
  GuestState* guest = tls_guest;
  if (!guest || !guest->in_guest || !guest->budget || !guest->budget->stopped()) return;
  stop_guest(*guest, StopReason::kAborted);
}

std::once_flag g_signals_once;

void install_now() {
  struct sigaction sa {};
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_previous_segv);
  sigaction(SIGBUS, &sa, &g_previous_bus);
  struct sigaction si {};
  si.sa_sigaction = on_interrupt;
  si.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&si.sa_mask);
  sigaction(interrupt_signal(), &si, nullptr);
}

GuestState& guest_or_die() {
  GuestState* guest = tls_guest;
  if (!guest) abort();  // generated code only runs under run_module
  return *guest;
}

// False when the guest has too many memories to track (its faults would not
// be recognised as out-of-bounds traps).
bool add_reservation(GuestState& guest, uint8_t* base) {
  for (auto& r : guest.reservations) {
    if (r.begin == 0) {
      r.begin = reinterpret_cast<uintptr_t>(base);
      r.end = r.begin + kReservation;
      return true;
    }
  }
  return false;
}

void remove_reservation(uint8_t* base) {
  GuestState* guest = tls_guest;
  if (!guest) return;
  for (auto& r : guest->reservations) {
    if (r.begin == reinterpret_cast<uintptr_t>(base)) r = {};
  }
}

// Linear memory is taken from the sandbox's pool (all its instances share
// max_memory_bytes) as well as from the guest's own cap.
bool take_pages(GuestState& guest, uint64_t pages) {
  uint64_t bytes = pages * kPageSize;
  if (guest.memory_pool && !guest.memory_pool->reserve(bytes, guest.max_memory_bytes)) {
    guest.pool_exhausted = guest.pooled_bytes + bytes <= guest.max_memory_bytes;
    return false;
  }
  guest.pooled_bytes += bytes;
  return true;
}

void give_back(GuestState& guest, uint64_t bytes) {
  bytes = std::min(bytes, guest.pooled_bytes);
  guest.pooled_bytes -= bytes;
  if (guest.memory_pool) guest.memory_pool->release(bytes);
}

struct FuncType {
  uint32_t params, results;
  std::vector<wasm_rt_type_t> types;
  bool operator==(const FuncType&) const = default;
};

std::mutex g_types_mu;
std::vector<FuncType>& func_types() {
  static std::vector<FuncType> types;
  return types;
}

std::atomic<uint32_t> g_next_tag{1};

constexpr uint32_t kMaxExceptionSize = 256;
thread_local uint32_t tls_exception_tag = 0;
thread_local uint32_t tls_exception_size = 0;
thread_local char tls_exception[kMaxExceptionSize];
thread_local WASM_RT_UNWIND_TARGET* tls_unwind_target = nullptr;

}  // namespace

GuestState* current_guest() {
  return tls_guest;
}
void set_current_guest(GuestState* guest) {
  tls_guest = guest;
}

void stop_guest(GuestState& guest, StopReason reason) {
  guest.in_guest = 0;
  guest.reason = reason;
  siglongjmp(guest.exit_jmp, 1);
}

void install_signal_handlers() {
  std::call_once(g_signals_once, install_now);
}

int interrupt_signal() {
  return SIGRTMAX - 2;
}

}  // namespace kefka::wasm

using kefka::wasm::GuestState;
using kefka::wasm::StopReason;

extern "C" {

void wasm_rt_init(void) {
  kefka::wasm::install_signal_handlers();
}
bool wasm_rt_is_initialized(void) {
  return true;
}
void wasm_rt_free(void) {}

void wasm_rt_trap(wasm_rt_trap_t trap) {
  GuestState& guest = kefka::wasm::guest_or_die();
  guest.trap = trap;
  kefka::wasm::stop_guest(guest, StopReason::kTrap);
}

const char* wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE:
      return "no error";
    case WASM_RT_TRAP_OOB:
      return "out of bounds memory access";
    case WASM_RT_TRAP_INT_OVERFLOW:
      return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO:
      return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION:
      return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE:
      return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT:
      return "indirect call type mismatch or null";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION:
      return "uncaught exception";
    case WASM_RT_TRAP_EXHAUSTION:
      return "call stack exhausted";
  }
  return "unknown trap";
}

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  kefka::wasm::FuncType type{params, results, {}};
  va_list args;
  va_start(args, results);
  for (uint32_t i = 0; i < params + results; ++i) {
    type.types.push_back(static_cast<wasm_rt_type_t>(va_arg(args, int)));
  }
  va_end(args);
  std::lock_guard lock(kefka::wasm::g_types_mu);
  auto& types = kefka::wasm::func_types();
  for (size_t i = 0; i < types.size(); ++i) {
    if (types[i] == type) return static_cast<uint32_t>(i + 1);
  }
  types.push_back(std::move(type));
  return static_cast<uint32_t>(types.size());
}

uint32_t wasm_rt_register_tag(uint32_t size) {
  if (size > kefka::wasm::kMaxExceptionSize) abort();  // a module we cannot run
  return kefka::wasm::g_next_tag.fetch_add(1);
}

void wasm_rt_load_exception(uint32_t tag, uint32_t size, const void* values) {
  if (size > kefka::wasm::kMaxExceptionSize) wasm_rt_trap(WASM_RT_TRAP_OOB);
  kefka::wasm::tls_exception_tag = tag;
  kefka::wasm::tls_exception_size = size;
  if (size) memcpy(kefka::wasm::tls_exception, values, size);
}

void wasm_rt_throw(void) {
  if (!kefka::wasm::tls_unwind_target) wasm_rt_trap(WASM_RT_TRAP_UNCAUGHT_EXCEPTION);
  siglongjmp(*kefka::wasm::tls_unwind_target, 1);
}

WASM_RT_UNWIND_TARGET* wasm_rt_get_unwind_target(void) {
  return kefka::wasm::tls_unwind_target;
}
void wasm_rt_set_unwind_target(WASM_RT_UNWIND_TARGET* target) {
  kefka::wasm::tls_unwind_target = target;
}
uint32_t wasm_rt_exception_tag(void) {
  return kefka::wasm::tls_exception_tag;
}
uint32_t wasm_rt_exception_size(void) {
  return kefka::wasm::tls_exception_size;
}
void* wasm_rt_exception(void) {
  return kefka::wasm::tls_exception;
}

void wasm_rt_allocate_memory(wasm_rt_memory_t* memory, uint32_t initial_pages, uint32_t max_pages) {
  GuestState& guest = kefka::wasm::guest_or_die();
  memset(memory, 0, sizeof(*memory));
  uint64_t cap = guest.max_memory_bytes / kefka::wasm::kPageSize;
  if (initial_pages > cap || initial_pages > kefka::wasm::kMaxPages) {
    kefka::wasm::stop_guest(guest, StopReason::kMemoryLimit);
  }
  void* base;
  bool pooled;
  {
    kefka::wasm::HostCall host(guest);
    pooled = kefka::wasm::take_pages(guest, initial_pages);
  }
  if (!pooled) kefka::wasm::stop_guest(guest, StopReason::kMemoryLimit);
  {
    kefka::wasm::HostCall host(guest);
    base = mmap(nullptr, kefka::wasm::kReservation, PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base != MAP_FAILED && initial_pages != 0 &&
        mprotect(base, initial_pages * kefka::wasm::kPageSize, PROT_READ | PROT_WRITE) != 0) {
      munmap(base, kefka::wasm::kReservation);
      base = MAP_FAILED;
    }
    if (base != MAP_FAILED && !kefka::wasm::add_reservation(guest, static_cast<uint8_t*>(base))) {
      munmap(base, kefka::wasm::kReservation);
      base = MAP_FAILED;
    }
  }
  if (base == MAP_FAILED) {
    kefka::wasm::give_back(guest, initial_pages * kefka::wasm::kPageSize);
    kefka::wasm::stop_guest(guest, StopReason::kMemoryLimit);
  }
  memory->data = static_cast<uint8_t*>(base);
  memory->pages = initial_pages;
  memory->max_pages = max_pages;
  memory->size = initial_pages * kefka::wasm::kPageSize;
}

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t delta) {
  GuestState& guest = kefka::wasm::guest_or_die();
  uint32_t old_pages = memory->pages;
  uint64_t new_pages = uint64_t{old_pages} + delta;
  uint64_t cap = guest.max_memory_bytes / kefka::wasm::kPageSize;
  if (new_pages > memory->max_pages || new_pages > cap || new_pages > kefka::wasm::kMaxPages) {
    return UINT32_MAX;
  }
  if (delta == 0) return old_pages;
  kefka::wasm::HostCall host(guest);
  if (!kefka::wasm::take_pages(guest, delta)) return UINT32_MAX;
  if (mprotect(memory->data + memory->size, uint64_t{delta} * kefka::wasm::kPageSize,
               PROT_READ | PROT_WRITE) != 0) {
    kefka::wasm::give_back(guest, uint64_t{delta} * kefka::wasm::kPageSize);
    return UINT32_MAX;
  }
  memory->pages = static_cast<uint32_t>(new_pages);
  memory->size = static_cast<uint32_t>(new_pages * kefka::wasm::kPageSize);
  return old_pages;
}

void wasm_rt_free_memory(wasm_rt_memory_t* memory) {
  if (!memory->data) return;
  if (GuestState* guest = kefka::wasm::current_guest()) {
    kefka::wasm::give_back(*guest, memory->size);
  }
  kefka::wasm::remove_reservation(memory->data);
  munmap(memory->data, kefka::wasm::kReservation);
  memory->data = nullptr;
  memory->size = memory->pages = 0;
}

}  // extern "C"

namespace {

// Tables are small arrays of plain structs, grown with realloc. malloc and
// realloc run as host code: an interrupt must not unwind out of them.
template <typename Table, typename Elem>
void allocate_table(Table* table, uint32_t elements, uint32_t max_elements) {
  if (elements > kefka::wasm::kMaxTableElements) wasm_rt_trap(WASM_RT_TRAP_OOB);
  GuestState& guest = kefka::wasm::guest_or_die();
  {
    kefka::wasm::HostCall host(guest);
    table->size = elements;
    table->max_size = max_elements;
    table->data = static_cast<Elem*>(calloc(elements ? elements : 1, sizeof(Elem)));
  }
  if (!table->data) wasm_rt_trap(WASM_RT_TRAP_OOB);
}

template <typename Table, typename Elem>
uint32_t grow_table(Table* table, uint32_t delta, Elem init) {
  uint32_t old_size = table->size;
  uint64_t new_size = uint64_t{old_size} + delta;
  if (new_size > table->max_size || new_size > kefka::wasm::kMaxTableElements) return UINT32_MAX;
  if (delta == 0) return old_size;
  kefka::wasm::HostCall host(kefka::wasm::guest_or_die());
  void* grown = realloc(table->data, new_size * sizeof(Elem));
  if (!grown) return UINT32_MAX;
  table->data = static_cast<Elem*>(grown);
  for (uint64_t i = old_size; i < new_size; ++i) table->data[i] = init;
  table->size = static_cast<uint32_t>(new_size);
  return old_size;
}

template <typename Table>
void free_table(Table* table) {
  free(table->data);
  table->data = nullptr;
  table->size = 0;
}

}  // namespace

extern "C" {

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements,
                                    uint32_t max_elements) {
  allocate_table<wasm_rt_funcref_table_t, wasm_rt_funcref_t>(table, elements, max_elements);
}
void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) {
  free_table(table);
}
void wasm_rt_allocate_externref_table(wasm_rt_externref_table_t* table, uint32_t elements,
                                      uint32_t max_elements) {
  allocate_table<wasm_rt_externref_table_t, wasm_rt_externref_t>(table, elements, max_elements);
}
void wasm_rt_free_externref_table(wasm_rt_externref_table_t* table) {
  free_table(table);
}
uint32_t wasm_rt_grow_funcref_table(wasm_rt_funcref_table_t* table, uint32_t delta,
                                    wasm_rt_funcref_t init) {
  return grow_table(table, delta, init);
}
uint32_t wasm_rt_grow_externref_table(wasm_rt_externref_table_t* table, uint32_t delta,
                                      wasm_rt_externref_t init) {
  return grow_table(table, delta, init);
}

}  // extern "C"

// run_module: instantiates a compiled-in module on a thread of its own and
// waits for it, interrupting it when the Budget stops (contract in wasm.h).
//
// Interruption: the waiting thread wakes every kPollInterval; once the Budget
// has stopped it sends interrupt_signal() to the guest thread, whose handler
// siglongjmps out if generated code is running (a host call instead notices
// the stopped Budget when it returns). Cost: one timed wait per 10 ms on an
// otherwise idle thread, nothing on the guest's side (no loop-header checks).
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>

#include "vfs/open_file.h"
#include "wasm/guest.h"
#include "wasm/memory_pool.h"
#include "wasm/module.h"
#include "wasm/wasi.h"
#include "wasm/wasm.h"

namespace kefka::wasm {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(10);
constexpr size_t kAltStackBytes = 64 * 1024;
constexpr size_t kMinStackBytes = 1 << 20;
constexpr int kStatusBrokenPipe = 141;

std::mutex g_init_mu;
std::set<const ModuleDesc*> g_initialized;

void init_module_once(const ModuleDesc* module) {
  std::lock_guard lock(g_init_mu);
  if (g_initialized.insert(module).second) module->init_module();
}

struct Run {
  const ModuleDesc* module;
  Z_wasi_snapshot_preview1_instance_t* host;
  GuestState* guest;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
};

// The guest's own stack bounds (for stack-exhaustion faults) and an alternate
// signal stack to handle them on.
void* enter_guest_thread(GuestState& guest) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr;
    size_t size;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
      guest.stack_low = reinterpret_cast<uintptr_t>(addr);
    }
    pthread_attr_destroy(&attr);
  }
  void* alt =
      mmap(nullptr, kAltStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (alt != MAP_FAILED) {
    stack_t ss{};
    ss.ss_sp = alt;
    ss.ss_size = kAltStackBytes;
    sigaltstack(&ss, nullptr);
  } else {
    alt = nullptr;
  }
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, interrupt_signal());
  sigaddset(&unblock, SIGSEGV);
  sigaddset(&unblock, SIGBUS);
  pthread_sigmask(SIG_UNBLOCK, &unblock, nullptr);
  set_current_guest(&guest);
  return alt;
}

void leave_guest_thread(void* alt) {
  set_current_guest(nullptr);
  if (alt) {
    stack_t ss{};
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, nullptr);
    munmap(alt, kAltStackBytes);
  }
}

// Everything between sigsetjmp and the guest's way out: kept apart from
// guest_main so no local of the caller lives across the siglongjmp.
__attribute__((noinline)) void run_instance(Run& run) {
  GuestState& guest = *run.guest;
  void* volatile instance = nullptr;
  if (sigsetjmp(guest.exit_jmp, 1) == 0) {
    instance = run.module->allocate();
    if (!instance) {
      guest.trap = WASM_RT_TRAP_OOB;
      guest.reason = StopReason::kMemoryLimit;
    } else {
      guest.in_guest = 1;
      run.module->instantiate(instance, run.host);
      run.host->memory = run.module->memory(instance);
      run.module->start(instance);
      guest.in_guest = 0;
      guest.reason = StopReason::kReturned;
    }
  }
  guest.in_guest = 0;
  if (instance) run.module->release(instance);
}

void* guest_main(void* arg) {
  Run& run = *static_cast<Run*>(arg);
  void* alt = enter_guest_thread(*run.guest);
  run_instance(run);
  leave_guest_thread(alt);
  {
    std::lock_guard lock(run.mu);
    run.done = true;
  }
  run.cv.notify_all();
  return nullptr;
}

// "terminated by signal SIGABRT (Aborted)".
std::string signal_message(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  const char* description = sigdescr_np(sig);
  std::string message = "terminated by signal ";
  message += abbrev ? std::string("SIG") + abbrev : std::to_string(sig);
  if (description) message.append(" (").append(description).append(")");
  return message;
}

void report(RunConfig& config, std::string_view id, const std::string& message) {
  std::string name = config.argv.empty() ? std::string(id) : config.argv[0];
  if (auto err = config.fds.get(2)) (void)write_all(*err, name + ": " + message + "\n");
}

void setup_host(Z_wasi_snapshot_preview1_instance_t& host, RunConfig& config) {
  host.args = config.argv;
  for (const auto& [name, value] : config.env) {
    if (name != "PWD") host.environ.push_back(name + "=" + value);
  }
  // WASI has no cwd: the guest learns it from PWD (see wasm.h).
  host.environ.push_back("PWD=" + config.fs.cwd());
  for (int fd = 0; fd <= 2; ++fd) {
    StreamPtr stream = config.fds.get(fd);
    if (!stream) continue;
    WasiFd entry;
    entry.stream = stream;
    if (dynamic_cast<vfs::OpenFile*>(stream.get())) entry.kind = WasiFd::Kind::kFile;
    host.fds.emplace(fd, std::move(entry));
  }
  WasiFd root;
  root.kind = WasiFd::Kind::kDirectory;
  root.path = "/";
  root.preopen = true;
  host.fds.emplace(3, std::move(root));
  host.sigpipe_kills = config.exit_on_broken_pipe;
  host.command_fds = config.fds;
  host.libc_clock_hz = config.libc_clock_hz;
}

// Starts the guest thread and waits for it, interrupting it once the Budget
// stops. False when no thread could be started.
bool run_on_guest_thread(Run& run, RunConfig& config) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, std::max<uint64_t>(config.max_stack_bytes, kMinStackBytes));
  pthread_attr_setguardsize(&attr, 64 * 1024);
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, guest_main, &run);
  pthread_attr_destroy(&attr);
  if (rc != 0) return false;
  {
    std::unique_lock lock(run.mu);
    while (!run.done) {
      run.cv.wait_for(lock, kPollInterval);
      if (!run.done && config.budget.stopped()) pthread_kill(thread, interrupt_signal());
    }
  }
  pthread_join(thread, nullptr);
  return true;
}

}  // namespace

int run_module(std::string_view id, RunConfig& config) {
  const ModuleDesc* module = find_module(id);
  if (!module) {
    report(config, id, "wasm module not found");
    return kStatusNoModule;
  }
  return run_described(*module, config);
}

int run_described(const ModuleDesc& desc, RunConfig& config) {
  const ModuleDesc* module = &desc;
  std::string_view id = desc.id;
  config.budget.check();
  install_signal_handlers();
  init_module_once(module);

  GuestState guest;
  guest.budget = &config.budget;
  guest.max_memory_bytes = config.max_memory_bytes ? config.max_memory_bytes
                                                   : config.budget.limits().max_wasm_memory_bytes;
  if (guest.max_memory_bytes == 0) guest.max_memory_bytes = uint64_t{4} << 30;
  std::shared_ptr<MemoryPool> pool = MemoryPool::of(&config.fs.vfs());
  guest.memory_pool = pool.get();
  Z_wasi_snapshot_preview1_instance_t host(guest, config.budget, config.fs);
  setup_host(host, config);

  Run run{.module = module, .host = &host, .guest = &guest};
  bool ran = run_on_guest_thread(run, config);
  pool->release(guest.pooled_bytes);  // what a memory not freed still held
  guest.pooled_bytes = 0;
  if (!ran) {
    report(config, id, "cannot start the wasm guest thread");
    return 126;
  }
  switch (guest.reason) {
    case StopReason::kReturned:
      return 0;
    case StopReason::kExit:
      return guest.exit_code & 0xff;
    case StopReason::kTrap:
      report(config, id, std::string("wasm trap: ") + wasm_rt_strerror(guest.trap));
      return kStatusTrap;
    case StopReason::kMemoryLimit:
      report(config, id,
             "wasm trap: memory limit exceeded (max_wasm_memory_bytes=" +
                 std::to_string(guest.max_memory_bytes) +
                 (guest.pool_exhausted ? ", shared by the sandbox's running wasm programs)" : ")"));
      return kStatusTrap;
    case StopReason::kSignal:
      if (guest.signal != SIGINT && guest.signal != SIGPIPE) {
        report(config, id, signal_message(guest.signal));
      }
      return 128 + guest.signal;
    case StopReason::kBrokenPipe:
      return kStatusBrokenPipe;
    case StopReason::kAborted:
      if (guest.abort) throw *guest.abort;
      config.budget.check();
      return kStatusTimedOut;
  }
  return kStatusTrap;
}

}  // namespace kefka::wasm

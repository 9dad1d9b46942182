// The WebAssembly layer: modules translated ahead of time by wasm2c, run by our
// own runtime (src/wasm/runtime.cpp) against our WASI preview1 host
// (src/wasm/wasi.cpp) over the sandbox filesystem and the command's streams.
//
// CONTRACT (stable; python3/jq/sqlite3 commands are written against it):
//
//   // CMake (cmake/wasm_module.cmake):
//   //   kefka_wasm_module(NAME python WASM ${path}/python.wasm [OPT_LEVEL -O1]
//   //                     [SPLIT 8])
//   // builds static library kefka_wasm_python and links it (whole archive)
//   // into kefka_commands, registering the module under the id "python".
//   // SPLIT n compiles the generated C as n+1 files (parallel, less memory).
//
//   kefka::wasm::RunConfig cfg{.budget = ctx.budget, .fs = ctx.fs, .fds = ctx.fds};
//   cfg.argv = ctx.argv;                  // argv[0] is what the guest sees
//   cfg.env = ctx.env;                    // copied as NAME=VALUE
//   int status = kefka::wasm::run_module("python", cfg);
//
// Modules are declared in cmake/wasm/<name>.cmake (included by the root
// CMakeLists.txt). The guest's cwd: WASI has no cwd, so run_module sets PWD
// to cfg.fs.cwd() in the guest's environment; programs built by
// kefka_wasm_c_program link cmake/wasi_guest/kefka_cwd.c, which chdir()s there
// before main (link it, or do the same, in any module that needs relative
// paths and getcwd(): wasi-libc resolves them against its own cwd, "/").
//
// Exit status of run_module:
//   - the guest's proc_exit(code) (or 0 when _start returns);
//   - kStatusTrap (134, like SIGABRT) on a trap, after printing
//     "<argv[0]>: wasm trap: <reason>" on fd 2 (out of bounds memory access,
//     unreachable executed, integer divide by zero, call stack exhausted,
//     memory limit exceeded...);
//   - when the Budget stops the guest (deadline, cancel), even inside a tight
//     loop with no host call: run_module throws the Budget's ExecAbort on the
//     calling thread, exactly like Budget::check() in any other command, so it
//     unwinds to exec() which prints the message (124 timeout, 130 cancel);
//   - 141 (128 + SIGPIPE) when a write to a closed pipe failed and
//     cfg.exit_on_broken_pipe is set;
//   - kStatusNoModule (127) with "<argv[0]>: wasm module not found" when no
//     module has that id.
//   - 128 + N when the guest raises signal N (proc_raise) whose default
//     action terminates, after "<argv[0]>: terminated by signal SIGxxx
//     (description)" on fd 2 (nothing for SIGINT and SIGPIPE, like bash).
// The guest's memory is capped by max_memory_bytes, and so is the sum of the
// memories of every instance running in the same sandbox (same Vfs) at once:
// memory.grow fails with -1 past it, so malloc returns NULL and Python raises
// MemoryError; a module whose initial memory does not fit traps with "memory
// limit exceeded".
// The guest sees fds 0/1/2 as cfg.fds 0/1/2 (streaming) and fd 3 as the
// preopened "/" of cfg.fs; /dev/stdin, /dev/stdout, /dev/stderr and
// /dev/fd/N open cfg.fds' descriptor N (also N > 2, e.g. `3<file`).
// poll_oneoff waits for stdin (pipes) and clocks together, cancellably. The guest runs on its own
// thread (stack max_stack_bytes); the calling thread waits for it. Many modules may run at once on
// different threads. run_module throws nothing but the Budget's ExecAbort and never crashes the
// process.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "vfs/vfs.h"

namespace kefka::wasm {

inline constexpr int kStatusTrap = 134;
inline constexpr int kStatusNoModule = 127;

struct RunConfig {
  Budget& budget;  // deadline/cancel stop the guest even in a tight loop
  vfs::FsView fs;  // filesystem, cwd and credentials of the guest
  FdTable fds;     // 0 stdin, 1 stdout, 2 stderr of the guest
  std::vector<std::string> argv;
  std::map<std::string, std::string, std::less<>> env;
  // Linear memory cap; 0 takes budget.limits().max_wasm_memory_bytes.
  uint64_t max_memory_bytes = 0;
  uint64_t max_stack_bytes = 64ull << 20;  // native stack of the guest thread
  // A write to a pipe with no reader ends the guest with status 141, like the
  // default SIGPIPE of a native process (jq, sqlite3). CPython ignores SIGPIPE
  // and raises BrokenPipeError instead: set false for it.
  bool exit_on_broken_pipe = true;
  // CPU time for wasi-libc's clock() and times(). wasi-libc builds both on
  // clock_time_get(MONOTONIC, precision 0) - its only caller with precision 0
  // (clock_gettime() asks 1) - so those readings give the guest thread's CPU
  // time instead, in units of 1/libc_clock_hz s: 10^9 (CLOCKS_PER_SEC) for
  // C programs; 100 for CPython, which divides times() by sysconf(_SC_CLK_TCK).
  // 0 keeps them wall time.
  uint64_t libc_clock_hz = 1'000'000'000;
};

// True when a module with this id was compiled in (kefka_wasm_module).
bool has_module(std::string_view id);
// Ids of every compiled-in module, sorted.
std::vector<std::string> module_ids();
// Instantiates module `id` and runs its `_start`; see the contract above.
int run_module(std::string_view id, RunConfig& config);

// ---- .wasm files of the sandbox (src/wasm/user_module.cpp) --------------------
// `./prog.wasm args`: the shell runs a file starting with "\0asm" through
// run_file. It is translated (wasm2c) and compiled (cc) on the host on first
// use into a cache outside the sandbox keyed by the module's SHA-256, then
// loaded and run like run_module, with the same WASI host and limits.
// Without wasm2c or cc on the host (and no compiled copy in the cache), or
// when the embedder asks for it (interp::set_always_interpret), the module is
// run by the interpreter in src/wasm/interp instead: same host and limits,
// about 12x slower. Statuses as run_module; 126 with a message when the file
// is not a valid module or running .wasm files is disabled.
struct UserModuleOptions {
  bool enabled = true;
  // Where compiled modules are kept; "" disables. Default (options never
  // set): $XDG_CACHE_HOME/kefka/wasm, else $HOME/.cache/kefka/wasm.
  std::string cache_dir;
};
// Process-wide (an embedder option); call before running sandboxes.
void set_user_module_options(UserModuleOptions options);
bool is_wasm_binary(std::string_view head);
int run_file(std::string_view path, RunConfig& config);

}  // namespace kefka::wasm

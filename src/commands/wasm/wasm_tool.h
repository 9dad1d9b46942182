// Runs a program compiled into kefka from WebAssembly (jq, sqlite3: built from
// Debian's source packages by scripts/wasm_tools/build.sh, see
// cmake/wasm/wasm_tools.cmake; python3: cmake/python.cmake) as a command: the
// guest gets the command's argv, environment, cwd and streams, the sandbox
// filesystem as its only filesystem, the sandbox's wasm memory cap and the exec
// deadline.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "commands/command.h"
#include "wasm/wasm.h"

namespace kefka::cmd {

// Runs module `id` with ctx.argv; returns its exit status (see wasm/wasm.h for
// traps, deadlines and the memory cap). `module_name` names the module in the
// error a build without it gives; `libc_clock_hz` is RunConfig's.
inline int run_wasm_tool(Context& ctx, std::string_view id,
                         std::string_view module_name = "its WebAssembly module",
                         uint64_t libc_clock_hz = 1'000'000'000) {
  if (!wasm::has_module(id)) {
    std::string message = "not available in this build (";
    message.append(module_name).append(" was not compiled in)");
    ctx.error(message);
    return kExitNotFound;
  }
  // wasm32 cannot address more than 4 GiB; a limit of 0 ("none") means this.
  constexpr uint64_t kWasm32MaxMemory = uint64_t{4} << 30;
  // Nothing of ours may be left in a buffer while the guest writes to the fds.
  ctx.flush_output();
  wasm::RunConfig config{.budget = ctx.budget, .fs = ctx.fs, .fds = ctx.fds};
  config.argv = ctx.argv;
  config.env = ctx.env;
  config.libc_clock_hz = libc_clock_hz;
  uint64_t cap = ctx.budget.limits().max_wasm_memory_bytes;
  config.max_memory_bytes = cap == 0 || cap > kWasm32MaxMemory ? kWasm32MaxMemory : cap;
  return wasm::run_module(id, config);
}

// A module id usable as a template argument ("jq"), so that a command which
// only runs its module needs no main function of its own.
template <size_t N>
struct WasmModuleId {
  constexpr WasmModuleId(const char (&id)[N]) { std::copy_n(id, N, text); }
  constexpr std::string_view view() const { return {text, N - 1}; }
  char text[N];
};

// The CommandMain of a command that is module `kId` and nothing more.
template <WasmModuleId kId>
int run_wasm_tool_main(Context& ctx, const Args&) {
  return run_wasm_tool(ctx, kId.view());
}

}  // namespace kefka::cmd

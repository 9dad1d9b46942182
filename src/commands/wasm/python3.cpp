// python3 / python: CPython 3.12 compiled from WebAssembly into kefka (module id
// "python", built by cmake/python.cmake). The guest gets the command's argv,
// environment, cwd and streams (so it works in the middle of a pipeline), the
// sandbox filesystem as its only filesystem, the sandbox's wasm memory cap, and
// the exec deadline. Its standard library is embedded in the module.
//
// pip cannot work (no network), so `python3 -m pip` says so in one line, as the
// pip/pip3 commands do.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.h"
#include "wasm/wasm.h"

namespace kefka::cmd {
namespace {

constexpr std::string_view kModuleId = "python";
// wasm32 cannot address more; a limit of 0 ("none") means this.
constexpr uint64_t kWasm32MaxMemory = uint64_t{4} << 30;

// CPython options that consume the next argument when given alone ("-W x").
bool takes_argument(char option) {
  return option == 'W' || option == 'X';
}

// The module named by -m, if the command line runs one; scanning stops at
// -c, a script name or "-", like CPython's own parser.
std::optional<std::string> module_to_run(const std::vector<std::string>& argv) {
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string_view arg = argv[i];
    if (arg == "-" || arg == "--" || arg.size() < 2 || arg[0] != '-') return std::nullopt;
    if (arg.starts_with("--")) {
      if (arg == "--check-hash-based-pycs") ++i;
      continue;
    }
    for (size_t j = 1; j < arg.size(); ++j) {
      char option = arg[j];
      if (option == 'c') return std::nullopt;
      if (option == 'm' || takes_argument(option)) {
        std::string value;
        if (j + 1 < arg.size()) {
          value = std::string(arg.substr(j + 1));
        } else if (i + 1 < argv.size()) {
          value = argv[++i];
        }
        if (option == 'm') return value;
        break;
      }
    }
  }
  return std::nullopt;
}

bool is_pip(std::string_view module) {
  return module == "pip" || module.starts_with("pip.") || module == "ensurepip";
}

int run_python(Context& ctx, const Args&) {
  if (auto module = module_to_run(ctx.argv); module && is_pip(*module)) {
    ctx.err() << ctx.name() << " -m " << *module
              << ": network access is not available in this sandbox "
                 "(packages cannot be installed; the standard library is available)\n";
    return kExitFailure;
  }
  if (!wasm::has_module(kModuleId)) {
    ctx.error("not available in this build (CPython's WebAssembly module was not compiled in)");
    return kExitNotFound;
  }
  // Nothing of ours may be left in a buffer while the guest writes to the fds.
  ctx.flush_output();
  wasm::RunConfig config{.budget = ctx.budget, .fs = ctx.fs, .fds = ctx.fds};
  config.argv = ctx.argv;
  config.env = ctx.env;
  uint64_t cap = ctx.budget.limits().max_wasm_memory_bytes;
  config.max_memory_bytes = cap == 0 || cap > kWasm32MaxMemory ? kWasm32MaxMemory : cap;
  return wasm::run_module(kModuleId, config);
}

constexpr std::string_view kUsage = "python3 [OPTION]... [-c CMD | -m MOD | FILE | -] [ARG]...";
constexpr std::string_view kSummary =
    "CPython 3.12 (WebAssembly, compiled into kefka) with its standard library.\n"
    "It sees the sandbox filesystem, cwd and environment only: no host files,\n"
    "no sockets, no subprocesses, no pip. `python3 --help` lists the options.";

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(python3, {
                           .name = "python3",
                           .usage = kUsage,
                           .summary = kSummary,
                           .main = run_python,
                           .flags = kRawArguments | kOwnHelpVersion,
                       });
KEFKA_COMMAND(python, {
                          .name = "python",
                          .usage = kUsage,
                          .summary = kSummary,
                          .main = run_python,
                          .flags = kRawArguments | kOwnHelpVersion,
                      });

// python3 / python: CPython 3.12 compiled from WebAssembly into kefka (module id
// "python", built by cmake/python.cmake). The guest gets the command's argv,
// environment, cwd and streams (so it works in the middle of a pipeline), the
// sandbox filesystem as its only filesystem, the sandbox's wasm memory cap, and
// the exec deadline. Its standard library is embedded in the module.
//
// pip cannot work (no network), so `python3 -m pip` says so in one line, as the
// pip/pip3 commands do.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/wasm/wasm_tool.h"

namespace kefka::cmd {
namespace {

constexpr std::string_view kModuleId = "python";
// time.process_time() and os.times() divide times()'s fields by
// sysconf(_SC_CLK_TCK), 100 in this build's libc, while its times() counts
// clock() units: the host answers those readings in 1/100 s (see
// RunConfig::libc_clock_hz).
constexpr uint64_t kClockTicksPerSecond = 100;

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
  return run_wasm_tool(ctx, kModuleId, "CPython's WebAssembly module", kClockTicksPerSecond);
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

// Timing of one module compiled (wasm2c + cc, cache warm) and interpreted, for
// docs/compatibility.md. Runs only when KEFKA_INTERP_BENCH names a .wasm file
// (see bench.sh); arguments come from KEFKA_INTERP_BENCH_ARGS.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <sstream>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);  // this process only: not the compiler it runs
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// CPU time of f (the machine may be busy: wall time is less telling).
double seconds_of(const std::function<void()>& f) {
  double start = cpu_seconds();
  f();
  return cpu_seconds() - start;
}

TEST(InterpBench, CompiledVsInterpreted) {
  const char* path = getenv("KEFKA_INTERP_BENCH");
  if (!path) GTEST_SKIP() << "set KEFKA_INTERP_BENCH=<file.wasm>";
  std::vector<std::string> argv{"bench"};
  std::istringstream args(getenv("KEFKA_INTERP_BENCH_ARGS") ? getenv("KEFKA_INTERP_BENCH_ARGS")
                                                            : "");
  for (std::string a; args >> a;) argv.push_back(a);
  std::string wasm = read_host_bytes(path);
  ScopedUserModuleCache cache("kefka-interp-bench");
  WasmFixture fx;
  Outcome compiled, interpreted;
  // KEFKA_INTERP_BENCH_ONLY=1: the interpreter alone (for perf stat).
  bool only = getenv("KEFKA_INTERP_BENCH_ONLY") != nullptr;
  double first = only ? 0 : seconds_of([&] { compiled = compile_and_run(fx, wasm, argv); });
  double warm = only ? 0 : seconds_of([&] { compiled = compile_and_run(fx, wasm, argv); });
  double decode = seconds_of([&] {
    std::string error;
    interp::decode(wasm, &error);
  });
  double interp_time = seconds_of([&] { interpreted = interpret(fx, wasm, argv); });
  if (!only) {
    EXPECT_EQ(compiled.out, interpreted.out);
  }
  printf("compiled: first run %.3f s CPU (plus wasm2c + cc in child processes), warm %.3f s\n",
         first, warm);
  printf("interpreted: %.3f s CPU (decode %.3f s)\n", interp_time, decode);
  printf("output: %s", interpreted.out.c_str());
}

}  // namespace
}  // namespace kefka::wasm::testing

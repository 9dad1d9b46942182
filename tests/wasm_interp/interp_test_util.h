// Helpers for the interpreter's tests: modules written in the text format are
// assembled by the host's wat2wasm (wabt), then run by the interpreter
// (kefka::wasm::interp) or, for differential tests, through the compiled path
// (run_file: wasm2c + cc into a cache) or the compiled-in test programs.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "../wasm/wasm_test_util.h"
#include "wasm/interp/interp.h"

namespace kefka::wasm::testing {

inline std::string read_host_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Assembles `wat` (all features on); "" when wat2wasm rejects it.
inline std::string wat_to_wasm(const std::string& wat) {
  static int counter = 0;
  std::string base =
      (std::filesystem::temp_directory_path() /
       ("kefka-interp-" + std::to_string(getpid()) + "-" + std::to_string(++counter)))
          .string();
  {
    std::ofstream f(base + ".wat");
    f << wat;
  }
  std::string cmd = "wat2wasm --enable-all --no-check " + base + ".wat -o " + base + ".wasm 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string log;
  char buf[256];
  while (p && fgets(buf, sizeof buf, p)) log += buf;
  int rc = p ? pclose(p) : -1;
  std::string bytes = rc == 0 ? read_host_bytes(base + ".wasm") : "";
  if (rc != 0) fprintf(stderr, "wat2wasm failed: %s\n", log.c_str());
  std::filesystem::remove(base + ".wat");
  std::filesystem::remove(base + ".wasm");
  return bytes;
}

// Runs `body` with a RunConfig over an in-memory sandbox and captured streams.
inline Outcome run_with(WasmFixture& fx, std::vector<std::string> argv,
                        const std::function<int(RunConfig&)>& body, std::string stdin_data = "",
                        uint64_t max_memory = 0, std::string cwd = "/") {
  Budget budget(fx.limits());
  FdTable fds;
  auto out = std::make_shared<StringSink>();
  auto err = std::make_shared<StringSink>();
  fds.set(0, std::make_shared<StringSource>(std::move(stdin_data)));
  fds.set(1, out);
  fds.set(2, err);
  RunConfig cfg{.budget = budget, .fs = fx.view(cwd), .fds = fds};
  cfg.argv = std::move(argv);
  cfg.env = fx.env;
  cfg.max_memory_bytes = max_memory;
  Outcome o;
  try {
    o.status = body(cfg);
  } catch (const ExecAbort& e) {
    o.aborted = true;
    o.abort_status = e.status();
  }
  o.out = out->data();
  o.err = err->data();
  return o;
}

// The interpreter on a binary module.
inline Outcome interpret(WasmFixture& fx, const std::string& wasm, std::vector<std::string> argv,
                         std::string stdin_data = "", uint64_t max_memory = 0,
                         std::string cwd = "/") {
  return run_with(
      fx, std::move(argv),
      [&](RunConfig& cfg) {
        std::string error;
        auto module = interp::decode(wasm, &error);
        if (!module) {
          if (auto e = cfg.fds.get(2)) (void)write_all(*e, error + "\n");
          return 126;
        }
        return interp::run(module, cfg);
      },
      std::move(stdin_data), max_memory, std::move(cwd));
}

// The compiled path (wasm2c + cc) on a binary module, through run_file.
inline Outcome compile_and_run(WasmFixture& fx, const std::string& wasm,
                               std::vector<std::string> argv, std::string stdin_data = "",
                               uint64_t max_memory = 0) {
  EXPECT_TRUE(fx.view().write_file("/compiled.wasm", wasm, 0755).ok());
  return run_with(
      fx, std::move(argv), [&](RunConfig& cfg) { return run_file("/compiled.wasm", cfg); },
      std::move(stdin_data), max_memory);
}

inline std::string program_wasm(const std::string& name) {
  return read_host_bytes(KEFKA_BINARY_DIR "/wasm_programs/test_" + name + ".wasm");
}

}  // namespace kefka::wasm::testing

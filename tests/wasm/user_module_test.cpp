// .wasm files of the sandbox, compiled on the host on first use into a cache
// (src/wasm/user_module.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../support/test_util.h"
#include "wasm_test_util.h"

namespace kefka::wasm::testing {
namespace {

using test::read_host_file;

class UserModule : public ::testing::Test {
 protected:
  Outcome run_file_in(WasmFixture& fx, const std::string& path, std::vector<std::string> argv) {
    Budget budget(fx.limits());
    FdTable fds;
    auto out = std::make_shared<StringSink>();
    auto err = std::make_shared<StringSink>();
    fds.set(1, out);
    fds.set(2, err);
    RunConfig cfg{.budget = budget, .fs = fx.view("/"), .fds = fds};
    cfg.argv = std::move(argv);
    Outcome o;
    o.status = run_file(path, cfg);
    o.out = out->data();
    o.err = err->data();
    return o;
  }

  ScopedUserModuleCache cache_{"kefka-wasm-cache"};
};

TEST_F(UserModule, CompilesOnceThenRunsFromTheCache) {
  WasmFixture fx;
  std::string wasm = read_host_file(KEFKA_BINARY_DIR "/wasm_programs/test_hello.wasm");
  ASSERT_FALSE(wasm.empty());
  // A custom section makes this module unlike any other loaded in this process
  // (other tests run the same program), so it is compiled here.
  wasm += std::string("\x00\x05\x04uniq", 7);
  ASSERT_TRUE(fx.view().write_file("/hello.wasm", wasm, 0755).ok());
  auto o = run_file_in(fx, "/hello.wasm", {"./hello.wasm", "4"});
  EXPECT_EQ(o.status, 4) << o.err;
  EXPECT_EQ(o.out, "argv[0]=./hello.wasm\nargv[1]=4\nGREETING=(unset)\ncwd=/\n");
  size_t cached = 0;
  for (auto& e : std::filesystem::directory_iterator(cache_.path())) {
    EXPECT_EQ(e.path().extension(), ".so");
    ++cached;
  }
  EXPECT_EQ(cached, 1u);
  // A second run (same module) reuses the loaded module.
  EXPECT_EQ(run_file_in(fx, "/hello.wasm", {"h", "9"}).status, 9);
}

TEST_F(UserModule, TrapsAndLimitsApply) {
  WasmFixture fx;
  std::string wasm = read_host_file(KEFKA_BINARY_DIR "/wasm_programs/test_misbehave.wasm");
  ASSERT_TRUE(fx.view().write_file("/m.wasm", wasm, 0755).ok());
  auto o = run_file_in(fx, "/m.wasm", {"m", "oob"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "m: wasm trap: out of bounds memory access\n");
}

TEST_F(UserModule, ReplacingTheFileRunsTheNewModule) {
  WasmFixture fx;
  std::string hello = read_host_file(KEFKA_BINARY_DIR "/wasm_programs/test_hello.wasm");
  std::string misbehave = read_host_file(KEFKA_BINARY_DIR "/wasm_programs/test_misbehave.wasm");
  ASSERT_TRUE(fx.view().write_file("/p.wasm", hello, 0755).ok());
  EXPECT_EQ(run_file_in(fx, "/p.wasm", {"p", "6"}).status, 6);
  EXPECT_EQ(run_file_in(fx, "/p.wasm", {"p", "7"}).status, 7);  // remembered hash
  ASSERT_TRUE(fx.view().write_file("/p.wasm", misbehave, 0755).ok());
  auto o = run_file_in(fx, "/p.wasm", {"p", "divzero"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "p: wasm trap: integer divide by zero\n");
}

TEST_F(UserModule, NotAModule) {
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/bad.wasm", std::string("\0asm\x01\0\0\0garbage", 15)).ok());
  auto o = run_file_in(fx, "/bad.wasm", {"./bad.wasm"});
  EXPECT_EQ(o.status, 126);
  EXPECT_NE(o.err.find("./bad.wasm: not a valid WebAssembly module"), std::string::npos) << o.err;
  ASSERT_TRUE(fx.view().write_file("/text.wasm", "hello").ok());
  o = run_file_in(fx, "/text.wasm", {"x"});
  EXPECT_EQ(o.err, "x: /text.wasm: not a WebAssembly module\n");
}

TEST_F(UserModule, Disabled) {
  set_user_module_options({.enabled = false});
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/a.wasm", std::string("\0asm\x01\0\0\0", 8)).ok());
  auto o = run_file_in(fx, "/a.wasm", {"./a.wasm"});
  EXPECT_EQ(o.status, 126);
  EXPECT_EQ(o.err, "./a.wasm: running .wasm files is disabled in this sandbox\n");
}

}  // namespace
}  // namespace kefka::wasm::testing

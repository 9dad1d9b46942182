// The C test programs of tests/wasm_programs (clang --target=wasm32-wasi) run
// by the interpreter and by their wasm2c-compiled copies linked into this
// binary: stdout, stderr and exit status must be the same.
#include <gtest/gtest.h>

#include <thread>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

using namespace std::chrono_literals;

struct Case {
  std::vector<std::string> argv;
  std::string cwd = "/";
  std::string stdin_data;
  uint64_t max_memory = 0;
};

// Runs each case in order, compiled in one sandbox and interpreted in another,
// and compares every step.
void expect_same(const std::string& program, const std::vector<Case>& cases,
                 const std::function<void(WasmFixture&)>& setup = {}) {
  std::string wasm = program_wasm(program);
  ASSERT_FALSE(wasm.empty()) << program;
  WasmFixture compiled, interpreted;
  if (setup) {
    setup(compiled);
    setup(interpreted);
  }
  for (const Case& c : cases) {
    Outcome want = compiled.run("test_" + program, c.argv, c.cwd, c.stdin_data, c.max_memory);
    Outcome got = interpret(interpreted, wasm, c.argv, c.stdin_data, c.max_memory, c.cwd);
    std::string what = program + " " + (c.argv.size() > 1 ? c.argv[1] : "");
    EXPECT_EQ(got.status, want.status) << what << "\n" << got.err;
    EXPECT_EQ(got.out, want.out) << what;
    EXPECT_EQ(got.err, want.err) << what;
    EXPECT_EQ(got.aborted, want.aborted) << what;
  }
}

TEST(InterpPrograms, HelloSeesArgsEnvAndCwd) {
  expect_same("hello",
              {{{"hello", "7", "two words"}, "/work"}, {{"hello", "256"}}, {{"./hello.wasm", "0"}}},
              [](WasmFixture& fx) {
                ASSERT_TRUE(fx.view().mkdir("/work", 0755).ok());
                fx.env["GREETING"] = "hi there";
              });
}

TEST(InterpPrograms, StreamCopiesStdin) {
  std::string input;
  for (int i = 0; i < 5000; ++i) input += "line " + std::to_string(i) + "\n";
  expect_same("stream", {{{"stream", "-v"}, "/", input}, {{"stream"}, "/", ""}});
}

TEST(InterpPrograms, FilesOperateOnTheSandbox) {
  expect_same("files", {{{"files", "mkdir", "/d"}},
                        {{"files", "write", "/d/a.txt", "alpha\n"}},
                        {{"files", "append", "/d/a.txt", "beta\n"}},
                        {{"files", "cat", "/d/a.txt"}},
                        {{"files", "mkdir", "/d/sub"}},
                        {{"files", "ls", "/d"}},
                        {{"files", "mv", "/d/a.txt", "/d/sub/b.txt"}},
                        {{"files", "stat", "/d/sub/b.txt"}},
                        {{"files", "stat", "/d/sub"}},
                        {{"files", "seek", "/d/sub/b.txt"}},
                        {{"files", "symlink", "/d/sub/b.txt", "/link"}},
                        {{"files", "readlink", "/link"}},
                        {{"files", "cat", "/link"}},
                        {{"files", "rmdir", "/d"}},
                        {{"files", "cat", "/missing"}},
                        {{"files", "write", "rel.txt", "R"}, "/d"},
                        {{"files", "ls", "."}, "/d"},
                        {{"files", "rm", "/d/sub/b.txt"}},
                        {{"files", "rmdir", "/d/sub"}},
                        {{"files", "ls", "/d"}}});
}

TEST(InterpPrograms, TrapsMatchTheCompiledCode) {
  expect_same("misbehave", {{{"misbehave", "oob"}},
                            {{"misbehave", "unreachable"}},
                            {{"misbehave", "divzero"}},
                            {{"misbehave", "recurse"}},
                            {{"misbehave", "recurse_native"}},
                            {{"misbehave", "badptr"}},
                            {{"misbehave", "escape"}},
                            {{"misbehave", "work", "200000"}},
                            {{"misbehave", "nothing"}}});
}

TEST(InterpPrograms, MemoryCapMakesMallocFail) {
  expect_same("misbehave", {{{"misbehave", "alloc", "64"}, "/", "", 32 << 20},
                            {{"misbehave", "alloc", "16"}, "/", "", 32 << 20}});
}

TEST(InterpPrograms, InitialMemoryOverTheCapIsATrap) {
  WasmFixture fx;
  auto o = interpret(fx, program_wasm("hello"), {"hello"}, "", 64 * 1024);
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_NE(o.err.find("hello: wasm trap: memory limit exceeded"), std::string::npos) << o.err;
}

Limits with_timeout(std::chrono::milliseconds t) {
  Limits l;
  l.timeout = t;
  return l;
}

TEST(InterpPrograms, DeadlineStopsATightLoop) {
  WasmFixture fx(with_timeout(300ms));
  auto start = std::chrono::steady_clock::now();
  auto o = interpret(fx, program_wasm("misbehave"), {"misbehave", "loop"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(o.aborted);
  EXPECT_EQ(o.abort_status, kStatusTimedOut);
  EXPECT_LT(took, 5s);
  // The sandbox keeps working afterwards.
  WasmFixture after;
  EXPECT_EQ(interpret(after, program_wasm("hello"), {"hello", "3"}).status, 3);
}

TEST(InterpPrograms, DeadlineStopsAGuestBusyInHostCalls) {
  WasmFixture fx(with_timeout(200ms));
  auto o = interpret(fx, program_wasm("misbehave"), {"misbehave", "spin"});
  EXPECT_TRUE(o.aborted);
  EXPECT_EQ(o.abort_status, kStatusTimedOut);
  EXPECT_EQ(o.out.substr(0, 4), "y\ny\n");
}

TEST(InterpPrograms, ManyRunAtOnce) {
  std::string wasm = program_wasm("hello");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 10; ++k) {
        WasmFixture fx;
        auto o = interpret(fx, wasm, {"hello", std::to_string(t + k)});
        if (o.status == t + k &&
            o.out.find("argv[1]=" + std::to_string(t + k)) != std::string::npos) {
          ++ok;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, 80);
}

}  // namespace
}  // namespace kefka::wasm::testing

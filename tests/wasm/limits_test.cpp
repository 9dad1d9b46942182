// Guests that misbehave: deadline and cancellation inside a tight loop, the
// memory cap, traps (stack exhaustion, out of bounds, unreachable, divide by
// zero), escapes from the sandbox, broken pipes, and many guests at once.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "wasm_test_util.h"

namespace kefka::wasm::testing {
namespace {

using namespace std::chrono_literals;

Limits with_timeout(std::chrono::milliseconds t) {
  Limits l;
  l.timeout = t;
  return l;
}

TEST(WasmLimits, DeadlineStopsATightLoop) {
  WasmFixture fx(with_timeout(300ms));
  auto start = std::chrono::steady_clock::now();
  auto o = fx.run("test_misbehave", {"misbehave", "loop"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(o.aborted);
  EXPECT_EQ(o.abort_status, kStatusTimedOut);
  EXPECT_LT(took, 2s);
  // The runtime is usable afterwards.
  EXPECT_EQ(fx.run("test_hello", {"hello", "3"}).status, 3);
}

TEST(WasmLimits, DeadlineStopsASleep) {
  WasmFixture fx(with_timeout(200ms));
  auto start = std::chrono::steady_clock::now();
  auto o = fx.run("test_misbehave", {"misbehave", "sleep"});
  EXPECT_TRUE(o.aborted);
  EXPECT_EQ(o.abort_status, kStatusTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(WasmLimits, CancelFromAnotherThreadStopsALoop) {
  Limits limits;
  vfs::Vfs vfs(std::make_shared<vfs::MemoryBackend>(nullptr, vfs::Credentials{}), limits);
  Budget budget(limits);
  FdTable fds;
  fds.set(1, std::make_shared<StringSink>());
  fds.set(2, std::make_shared<StringSink>());
  RunConfig cfg{.budget = budget, .fs = vfs::FsView(vfs, {}), .fds = fds};
  cfg.argv = {"misbehave", "loop"};
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    budget.cancel();
  });
  int status = -1;
  try {
    run_module("test_misbehave", cfg);
  } catch (const ExecAbort& e) {
    status = e.status();
  }
  canceller.join();
  EXPECT_EQ(status, kStatusCancelled);
}

// A guest that spends its time in host calls (writes) is stopped too, and
// repeated interrupts at random points never wedge or crash the runtime.
TEST(WasmLimits, DeadlineStopsGuestsBusyInHostCallsRepeatedly) {
  for (int i = 0; i < 10; ++i) {
    Limits limits;
    limits.timeout = std::chrono::milliseconds(20 + 7 * i);
    vfs::Vfs vfs(std::make_shared<vfs::MemoryBackend>(nullptr, vfs::Credentials{}), limits);
    Budget budget(limits);
    FdTable fds;
    fds.set(1, std::make_shared<NullStream>());
    fds.set(2, std::make_shared<NullStream>());
    RunConfig cfg{.budget = budget, .fs = vfs::FsView(vfs, {}), .fds = fds};
    cfg.argv = {"misbehave", i % 2 ? "spin" : "loop"};
    int status = -1;
    try {
      run_module("test_misbehave", cfg);
    } catch (const ExecAbort& e) {
      status = e.status();
    }
    EXPECT_EQ(status, kStatusTimedOut) << i;
  }
}

TEST(WasmLimits, MemoryCapMakesMallocFail) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "alloc", "64"}, "/", "", 32 << 20);
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out, "null\n");
  o = fx.run("test_misbehave", {"misbehave", "alloc", "16"}, "/", "", 32 << 20);
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "ok\n");
}

TEST(WasmLimits, MemoryCapComesFromLimits) {
  Limits limits;
  limits.max_wasm_memory_bytes = 24 << 20;
  WasmFixture fx(limits);
  EXPECT_EQ(fx.run("test_misbehave", {"misbehave", "alloc", "32"}).out, "null\n");
}

TEST(WasmLimits, InitialMemoryOverTheCapIsATrap) {
  WasmFixture fx;
  auto o = fx.run("test_hello", {"hello"}, "/", "", 64 * 1024);
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "hello: wasm trap: memory limit exceeded (max_wasm_memory_bytes=65536)\n");
}

TEST(WasmLimits, DeepRecursionIsATrap) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "recurse"});
  EXPECT_EQ(o.status, kStatusTrap);
  // wasm-ld's stack (1 MiB) overflows into the data below it first: an out
  // of bounds access or the native stack guard, depending on frame sizes.
  EXPECT_TRUE(o.err == "misbehave: wasm trap: call stack exhausted\n" ||
              o.err == "misbehave: wasm trap: out of bounds memory access\n")
      << o.err;
}

TEST(WasmLimits, NativeStackExhaustionIsATrap) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "recurse_native"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "misbehave: wasm trap: call stack exhausted\n");
  EXPECT_EQ(fx.run("test_hello", {"hello", "5"}).status, 5);  // still usable
}

TEST(WasmLimits, OutOfBoundsAccessIsATrap) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "oob"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "misbehave: wasm trap: out of bounds memory access\n");
}

TEST(WasmLimits, UnreachableAndDivideByZeroAreTraps) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "unreachable"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "misbehave: wasm trap: unreachable executed\n");
  o = fx.run("test_misbehave", {"misbehave", "divzero"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "misbehave: wasm trap: integer divide by zero\n");
}

TEST(WasmLimits, HostCallsRejectPointersOutsideMemory) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "badptr"});
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "iov 21\niovs 21\nret 21\npath 21\n");  // 21: WASI's EFAULT
}

TEST(WasmLimits, PathsStayInsideTheSandbox) {
  WasmFixture fx;
  ASSERT_TRUE(fx.vfs().mkdir({}, "/etc").ok());
  ASSERT_TRUE(fx.view().write_file("/etc/passwd", "sandbox-passwd\n").ok());
  auto o = fx.run("test_misbehave", {"misbehave", "escape"});
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out,
            "../../etc/passwd: sandbox-passwd\n"
            "/../../../etc/hostname: No such file or directory\n"
            "/etc/hostname: No such file or directory\n");
}

TEST(WasmLimits, BrokenPipeEndsTheGuestLikeSigpipe) {
  WasmFixture fx;
  Budget budget(fx.limits());
  auto pipe = make_pipe(&budget, 4096);
  FdTable fds;
  fds.set(1, pipe.writer);
  fds.set(2, std::make_shared<StringSink>());
  pipe.reader.reset();  // nobody reads
  RunConfig cfg{.budget = budget, .fs = fx.view(), .fds = fds};
  cfg.argv = {"misbehave", "spin"};
  EXPECT_EQ(run_module("test_misbehave", cfg), 141);
}

TEST(WasmLimits, ManyGuestsAtOnce) {
  WasmFixture fx;
  ASSERT_TRUE(fx.vfs().mkdir({}, "/out").ok());
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::vector<Outcome> outcomes(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string path = "/out/f" + std::to_string(i);
      if (i % 4 == 3) {
        outcomes[i] = fx.run("test_misbehave", {"misbehave", "oob"});
      } else {
        fx.run("test_files", {"files", "write", path, std::to_string(i)});
        outcomes[i] = fx.run("test_files", {"files", "cat", path});
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    if (i % 4 == 3) {
      EXPECT_EQ(outcomes[i].status, kStatusTrap);
    } else {
      EXPECT_EQ(outcomes[i].status, 0);
      EXPECT_EQ(outcomes[i].out, std::to_string(i));
    }
  }
}

}  // namespace
}  // namespace kefka::wasm::testing

// The WASI host beyond files: CPU clocks, poll_oneoff on stdin and clocks,
// proc_raise, /dev/stdin and /dev/fd/N, and the memory cap shared by every
// instance of a sandbox (tests/wasm_programs/hostio.c).
#include <fcntl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "wasm_test_util.h"

namespace kefka::wasm::testing {
namespace {

using namespace std::chrono_literals;

// Runs test_hostio with the given streams as fds 0-2 and more.
struct StreamRun {
  int status = -1;
  bool aborted = false;
  int abort_status = 0;
};

StreamRun run_with(WasmFixture& fx, Budget& budget, FdTable fds, std::vector<std::string> argv,
                   uint64_t max_memory = 0) {
  RunConfig cfg{.budget = budget, .fs = fx.view(), .fds = std::move(fds)};
  cfg.argv = std::move(argv);
  cfg.max_memory_bytes = max_memory;
  StreamRun r;
  try {
    r.status = run_module("test_hostio", cfg);
  } catch (const ExecAbort& e) {
    r.aborted = true;
    r.abort_status = e.status();
  }
  return r;
}

TEST(WasiHost, ClockAndTimesCountCpuTimeNotSleep) {
  WasmFixture fx;
  auto o = fx.run("test_hostio", {"hostio", "cpu"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out,
            "clock starts small 1\ncputime starts small 1\nclock counts work 1\n"
            "cputime counts work 1\nclock skips sleep 1\ncputime skips sleep 1\n"
            "times counts work 1\nmonotonic resolution under 1ms 1\n");
}

TEST(WasiHost, PollTimesOutOnAnEmptyOpenPipe) {
  WasmFixture fx;
  Budget budget(fx.limits());
  PipeEnds pipe = make_pipe(&budget);
  auto out = std::make_shared<StringSink>();
  FdTable fds;
  fds.set(0, pipe.reader);
  fds.set(1, out);
  fds.set(2, out);
  auto start = std::chrono::steady_clock::now();
  auto r = run_with(fx, budget, fds, {"hostio", "poll", "100"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(out->data(), "timeout waited 1\n");
  EXPECT_GE(took, 90ms);
  EXPECT_LT(took, 2s);
}

TEST(WasiHost, PollReportsDataArrivingOnAPipe) {
  WasmFixture fx;
  Budget budget(fx.limits());
  PipeEnds pipe = make_pipe(&budget);
  auto out = std::make_shared<StringSink>();
  FdTable fds;
  fds.set(0, pipe.reader);
  fds.set(1, out);
  std::thread writer([w = pipe.writer] {
    std::this_thread::sleep_for(50ms);
    (void)write_all(*w, "hi\n");
  });
  pipe.writer.reset();
  auto start = std::chrono::steady_clock::now();
  auto r = run_with(fx, budget, fds, {"hostio", "poll", "5000"});
  writer.join();
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(out->data(), "ready 3 hi\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(WasiHost, PollSeesDataAndEndOfInputAtOnce) {
  WasmFixture fx;
  auto o = fx.run("test_hostio", {"hostio", "poll", "5000"}, "/", "data\n");
  EXPECT_EQ(o.out, "ready 5 data\n");
  o = fx.run("test_hostio", {"hostio", "poll", "5000"});  // empty: end of input
  EXPECT_EQ(o.out, "ready 0 ");
}

TEST(WasiHost, PollOnAFileIsReadyAtOnce) {
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/f", "file\n").ok());
  Budget budget(fx.limits());
  auto out = std::make_shared<StringSink>();
  FdTable fds;
  fds.set(0, *fx.view().open("/f", O_RDONLY));
  fds.set(1, out);
  auto r = run_with(fx, budget, fds, {"hostio", "poll", "5000"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(out->data(), "ready 5 file\n");
}

TEST(WasiHost, PollSmallestClockWinsAndWritesAreReady) {
  WasmFixture fx;
  Budget budget(fx.limits());
  PipeEnds pipe = make_pipe(&budget);
  auto out = std::make_shared<StringSink>();
  FdTable fds;
  fds.set(0, pipe.reader);
  fds.set(1, out);
  auto r = run_with(fx, budget, fds, {"hostio", "pollmany", "100"});
  EXPECT_EQ(r.status, 0);
  // The absolute realtime clock (100 ms) fires before the relative monotonic
  // one (1 s); stdin never becomes ready.
  EXPECT_EQ(out->data(), "err 0 events 1 12 waited 1\nerr 0 events 1 13\n");
}

TEST(WasiHost, DeadlineEndsAPollWithoutTimeout) {
  Limits limits;
  limits.timeout = 200ms;
  WasmFixture fx(limits);
  Budget budget(fx.limits());
  PipeEnds pipe = make_pipe(&budget);
  FdTable fds;
  fds.set(0, pipe.reader);
  fds.set(1, std::make_shared<StringSink>());
  auto start = std::chrono::steady_clock::now();
  auto r = run_with(fx, budget, fds, {"hostio", "poll", "-1"});
  EXPECT_TRUE(r.aborted);
  EXPECT_EQ(r.abort_status, kStatusTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(WasiHost, ProcRaiseTerminatesLikeTheSignal) {
  WasmFixture fx;
  auto o = fx.run("test_hostio", {"hostio", "raise", "6"});
  EXPECT_EQ(o.status, 134);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "hostio: terminated by signal SIGABRT (Aborted)\n");
  o = fx.run("test_hostio", {"hostio", "raise", "15"});
  EXPECT_EQ(o.status, 143);
  EXPECT_EQ(o.err, "hostio: terminated by signal SIGTERM (Terminated)\n");
  // WASI's numbers skip SIGSTKFLT: its 30 is SIGSYS (31).
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "raise", "30"}).status, 128 + 31);
  // Quiet like bash for SIGINT and SIGPIPE.
  o = fx.run("test_hostio", {"hostio", "raise", "13"});
  EXPECT_EQ(o.status, 141);
  EXPECT_EQ(o.err, "");
}

TEST(WasiHost, ProcRaiseOfIgnoredSignalsReturns) {
  WasmFixture fx;
  for (const char* sig : {"0", "16", "17", "27"}) {  // none, CHLD, CONT, WINCH
    auto o = fx.run("test_hostio", {"hostio", "raise", sig});
    EXPECT_EQ(o.status, 0) << sig;
    EXPECT_EQ(o.out, "survived 0\n") << sig;
  }
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "raise", "99"}).out, "survived 28\n");  // EINVAL
}

TEST(WasiHost, DevStdinAndDevFdNameTheCommandsDescriptors) {
  WasmFixture fx;
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "cat", "/dev/stdin"}, "/", "in\n").out, "in\n");
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "cat", "/dev/fd/0"}, "/", "zero\n").out, "zero\n");
  ASSERT_TRUE(fx.vfs().mkdir({}, "/d").ok());
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "cat", "../dev/./stdin"}, "/d", "rel\n").out, "rel\n");
  auto o = fx.run("test_hostio", {"hostio", "write", "/dev/stdout", "to out\n"});
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "to out\n");
  o = fx.run("test_hostio", {"hostio", "write", "/dev/stderr", "to err\n"});
  EXPECT_EQ(o.err, "to err\n");
  o = fx.run("test_hostio", {"hostio", "cat", "/dev/fd/7"});
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.err, "/dev/fd/7: No such file or directory\n");
}

TEST(WasiHost, DevFdAboveTwoIsTheShellsDescriptor) {
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/f", "from fd 3\n").ok());
  Budget budget(fx.limits());
  auto out = std::make_shared<StringSink>();
  FdTable fds;
  fds.set(1, out);
  fds.set(3, *fx.view().open("/f", O_RDONLY));
  auto r = run_with(fx, budget, fds, {"hostio", "cat", "/dev/fd/3"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(out->data(), "from fd 3\n");
}

// `hostio hold MB` running on a thread of its own in fx's sandbox: it takes
// the memory, says "ok" or "null", and stays alive until the object dies.
class Holder {
 public:
  Holder(WasmFixture& fx, uint64_t mb, uint64_t cap) : budget_(fx.limits()) {
    PipeEnds in = make_pipe(&budget_);
    PipeEnds out = make_pipe(&budget_);
    FdTable fds;
    fds.set(0, in.reader);
    fds.set(1, out.writer);
    stdin_ = in.writer;
    stdout_ = out.reader;
    thread_ = std::thread([this, &fx, fds, mb, cap] {
      result_ = run_with(fx, budget_, fds, {"hostio", "hold", std::to_string(mb)}, cap);
    });
  }
  ~Holder() {
    stdin_.reset();  // end of input: the guest exits
    thread_.join();
  }
  // The line the guest printed once it took (or failed to take) the memory.
  std::string answer() {
    std::string line;
    char c;
    while (line.empty() || line.back() != '\n') {
      auto n = stdout_->read({&c, 1});
      if (!n.ok() || *n == 0) break;
      line += c;
    }
    return line;
  }

 private:
  Budget budget_;
  StreamPtr stdin_, stdout_;
  StreamRun result_;
  std::thread thread_;
};

// Two instances of one sandbox share max_wasm_memory_bytes: while the first
// holds 40 of 64 MiB, the second cannot take 40 more; once it is gone, it can.
TEST(WasiHost, MemoryCapIsSharedByTheSandboxsInstances) {
  WasmFixture fx;
  constexpr uint64_t kCap = 64ull << 20;
  {
    Holder first(fx, 40, kCap);
    EXPECT_EQ(first.answer(), "ok\n");
    auto o = fx.run("test_hostio", {"hostio", "hold", "40"}, "/", "", kCap);
    EXPECT_EQ(o.out, "null\n");
    EXPECT_EQ(o.status, 1);
    // Another sandbox has a cap of its own.
    WasmFixture other;
    EXPECT_EQ(other.run("test_hostio", {"hostio", "hold", "40"}, "/", "", kCap).out, "ok\n");
  }
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "hold", "40"}, "/", "", kCap).out, "ok\n");
}

TEST(WasiHost, InitialMemoryOverTheSharedCapTraps) {
  WasmFixture fx;
  constexpr uint64_t kCap = 8ull << 20;
  {
    Holder first(fx, 6, kCap);
    EXPECT_EQ(first.answer(), "ok\n");
    auto o = fx.run("test_hostio", {"hostio", "cpu"}, "/", "", kCap);
    EXPECT_EQ(o.status, kStatusTrap);
    EXPECT_EQ(o.err,
              "hostio: wasm trap: memory limit exceeded (max_wasm_memory_bytes=8388608, shared "
              "by the sandbox's running wasm programs)\n");
  }
  EXPECT_EQ(fx.run("test_hostio", {"hostio", "cpu"}, "/", "", kCap).status, 0);
}

}  // namespace
}  // namespace kefka::wasm::testing

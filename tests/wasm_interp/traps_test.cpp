// Every trap kind, in hand-written modules: the interpreter stops with the
// runtime's message and status 134, exactly like the wasm2c-compiled module;
// the Budget stops a bare `loop br 0`; memory.grow honours the cap.
#include <gtest/gtest.h>

#include <thread>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

using namespace std::chrono_literals;

const char* kPrelude = R"(
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $v_i (func (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (elem (i32.const 0) $one $inc)
  (data $seg "abcd")
  (func $one (type $v_i) (i32.const 1))
  (func $inc (type $i_i) (i32.add (local.get 0) (i32.const 1)))
  (func $recurse (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
)";

std::string module_with(const std::string& start_body, const std::string& extra = "") {
  return std::string("(module ") + kPrelude + extra + "(func (export \"_start\") " + start_body +
         "))";
}

struct TrapCase {
  const char* body;
  const char* message;
};

const TrapCase kTraps[] = {
    {"(unreachable)", "unreachable executed"},
    {"(drop (i32.div_s (i32.const 1) (i32.const 0)))", "integer divide by zero"},
    {"(drop (i32.div_u (i32.const 1) (i32.const 0)))", "integer divide by zero"},
    {"(drop (i32.rem_s (i32.const 1) (i32.const 0)))", "integer divide by zero"},
    {"(drop (i64.rem_u (i64.const 1) (i64.const 0)))", "integer divide by zero"},
    {"(drop (i64.div_s (i64.const 1) (i64.const 0)))", "integer divide by zero"},
    {"(drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))", "integer overflow"},
    {"(drop (i64.div_s (i64.const 0x8000000000000000) (i64.const -1)))", "integer overflow"},
    {"(drop (i32.trunc_f32_s (f32.const nan)))", "invalid conversion to integer"},
    {"(drop (i64.trunc_f64_u (f64.const -nan)))", "invalid conversion to integer"},
    {"(drop (i32.trunc_f64_u (f64.const -1)))", "integer overflow"},
    {"(drop (i32.trunc_f32_s (f32.const 2147483648)))", "integer overflow"},
    {"(drop (i32.trunc_f64_s (f64.const -2147483649)))", "integer overflow"},
    {"(drop (i64.trunc_f32_s (f32.const 1e19)))", "integer overflow"},
    {"(drop (i64.trunc_f64_u (f64.const inf)))", "integer overflow"},
    {"(drop (i32.load (i32.const 65533)))", "out of bounds memory access"},
    {"(drop (i64.load8_u offset=65536 (i32.const 0)))", "out of bounds memory access"},
    {"(i32.store offset=0xffffffff (i32.const 0xffffffff) (i32.const 1))",
     "out of bounds memory access"},
    {"(f64.store (i32.const -1) (f64.const 1))", "out of bounds memory access"},
    {"(memory.fill (i32.const 65530) (i32.const 0) (i32.const 7))", "out of bounds memory access"},
    {"(memory.copy (i32.const 0) (i32.const 65535) (i32.const 2))", "out of bounds memory access"},
    {"(memory.init $seg (i32.const 0) (i32.const 2) (i32.const 3))", "out of bounds memory access"},
    {"(data.drop $seg) (memory.init $seg (i32.const 0) (i32.const 0) (i32.const 1))",
     "out of bounds memory access"},
    {"(drop (call_indirect (type $v_i) (i32.const 2)))", "indirect call type mismatch or null"},
    {"(drop (call_indirect (type $v_i) (i32.const 1)))", "indirect call type mismatch or null"},
    {"(drop (call_indirect (type $v_i) (i32.const 4)))", "indirect call type mismatch or null"},
    {"(drop (call_indirect (type $v_i) (i32.const -1)))", "indirect call type mismatch or null"},
    {"(drop (call $recurse (i32.const 0)))", "call stack exhausted"},
};

TEST(InterpTraps, EachTrapStopsTheGuestWithItsMessage) {
  for (const TrapCase& c : kTraps) {
    std::string wasm = wat_to_wasm(module_with(c.body));
    ASSERT_FALSE(wasm.empty()) << c.body;
    WasmFixture fx;
    auto o = interpret(fx, wasm, {"t"});
    EXPECT_EQ(o.status, kStatusTrap) << c.body;
    EXPECT_EQ(o.err, std::string("t: wasm trap: ") + c.message + "\n") << c.body;
  }
}

TEST(InterpTraps, CompiledCodeTrapsTheSameWay) {
  ScopedUserModuleCache cache("kefka-interp-traps");
  // One module, the trap chosen by argc: compiled once.
  std::string dispatch = "(block $done ";
  std::string chooser = "(call $args_sizes_get (i32.const 0) (i32.const 4)) drop ";
  for (size_t i = 0; i < std::size(kTraps); ++i) {
    dispatch += "(if (i32.eq (i32.load (i32.const 0)) (i32.const " + std::to_string(i + 1) +
                ")) (then " + kTraps[i].body + "))";
  }
  dispatch += ")";
  std::string wat = module_with(
      chooser + dispatch,
      R"((import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32))))");
  // args_sizes_get must come first among the imports: move it before proc_exit.
  std::string import =
      R"((import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32))))";
  wat.erase(wat.find(import), import.size());
  wat.insert(wat.find("(import"), import);
  std::string wasm = wat_to_wasm(wat);
  ASSERT_FALSE(wasm.empty());
  for (size_t i = 0; i < std::size(kTraps); ++i) {
    std::vector<std::string> argv(i + 1, "t");
    WasmFixture a, b;
    auto interpreted = interpret(a, wasm, argv);
    auto compiled = compile_and_run(b, wasm, argv);
    EXPECT_EQ(interpreted.status, kStatusTrap) << kTraps[i].body;
    EXPECT_EQ(interpreted.status, compiled.status) << kTraps[i].body;
    EXPECT_EQ(interpreted.err, compiled.err) << kTraps[i].body;
  }
  // The compiled side really was compiled (not interpreted).
  size_t objects = 0;
  for (auto& e : std::filesystem::directory_iterator(cache.path())) {
    objects += e.path().extension() == ".so";
  }
  EXPECT_EQ(objects, 1u);
}

// Recursion through functions with 40,000 locals fills the value stack
// before the call depth limit: also "call stack exhausted".
TEST(InterpTraps, FatFramesExhaustTheValueStack) {
  std::string locals;
  for (int i = 0; i < 40000; ++i) locals += " i64";
  std::string fat = "(func $fat (param i32) (result i32) (local" + locals +
                    ") (i32.add (call $fat (local.get 0)) (i32.const 1)))";
  WasmFixture fx;
  auto o =
      interpret(fx, wat_to_wasm(module_with("(drop (call $fat (i32.const 0)))", fat)), {"fat"});
  EXPECT_EQ(o.status, kStatusTrap);
  EXPECT_EQ(o.err, "fat: wasm trap: call stack exhausted\n");
}

TEST(InterpTraps, SegmentsOutOfBoundsTrapAtInstantiation) {
  const char* modules[] = {
      R"((module (memory (export "memory") 1) (data (i32.const 65535) "ab")
          (func (export "_start"))))",
      R"((module (memory (export "memory") 1) (table 2 funcref) (elem (i32.const 1) $f $f)
          (func $f) (func (export "_start"))))",
  };
  for (const char* wat : modules) {
    WasmFixture fx;
    auto o = interpret(fx, wat_to_wasm(wat), {"seg"});
    EXPECT_EQ(o.status, kStatusTrap) << wat;
    EXPECT_EQ(o.err, "seg: wasm trap: out of bounds memory access\n") << wat;
  }
}

TEST(InterpTraps, ProcExitAndStartFunction) {
  std::string wat = R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (global $g (mut i32) (i32.const 0))
    (func $init (global.set $g (i32.const 40)))
    (start $init)
    (func (export "_start") (call $exit (i32.add (global.get $g) (i32.const 2))) (unreachable))))";
  WasmFixture fx;
  auto o = interpret(fx, wat_to_wasm(wat), {"exit"});
  EXPECT_EQ(o.status, 42) << o.err;
  EXPECT_EQ(o.err, "");
}

TEST(InterpTraps, MemoryGrowStopsAtTheCap) {
  // Grows by 8 pages (fits under 1 MiB), then by 100 (does not): exit code
  // is the second result's low byte (255 for -1) if the first succeeded.
  std::string wat = module_with(R"(
    (if (i32.ne (memory.grow (i32.const 8)) (i32.const 1)) (then (call $exit (i32.const 1))))
    (if (i32.ne (memory.size) (i32.const 9)) (then (call $exit (i32.const 2))))
    (i32.store (i32.const 0x8fffc) (i32.const 7))
    (call $exit (i32.and (memory.grow (i32.const 100)) (i32.const 255))))");
  WasmFixture fx;
  auto o = interpret(fx, wat_to_wasm(wat), {"grow"}, "", 1 << 20);
  EXPECT_EQ(o.status, 255) << o.err;
  WasmFixture roomy;
  EXPECT_EQ(interpret(roomy, wat_to_wasm(wat), {"grow"}, "", 64 << 20).status, 9);
}

TEST(InterpTraps, DeadlineStopsLoopBr0) {
  Limits limits;
  limits.timeout = 200ms;
  WasmFixture fx(limits);
  auto start = std::chrono::steady_clock::now();
  auto o = interpret(fx, wat_to_wasm(module_with("(loop $l (br $l))")), {"spin"});
  EXPECT_TRUE(o.aborted);
  EXPECT_EQ(o.abort_status, kStatusTimedOut);
  auto took = std::chrono::steady_clock::now() - start;
  // The runtime's interrupt signal lands inside the dispatch loop (it polls
  // the Budget every 10 ms): no check at loop back-edges is needed.
  EXPECT_LT(took, 2s);
  printf(
      "stopped %lld ms after the start (deadline 200 ms)\n",
      static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
}

TEST(InterpTraps, CancelStopsADeepRecursionLoop) {
  // A loop that calls: the interrupt lands between or inside calls.
  std::string wat = module_with(
      "(loop $l (drop (call $inc (i32.const 1))) (drop (call_indirect (type $v_i) (i32.const 0))) "
      "(br $l))");
  std::string wasm = wat_to_wasm(wat);
  WasmFixture fx;
  Outcome o = run_with(fx, {"c"}, [&](RunConfig& cfg) {
    std::thread canceller([&] {
      std::this_thread::sleep_for(100ms);
      cfg.budget.cancel();
    });
    std::string error;
    int status = -1;
    try {
      status = interp::run(interp::decode(wasm, &error), cfg);
    } catch (...) {
      canceller.join();
      throw;
    }
    canceller.join();
    return status;
  });
  EXPECT_TRUE(o.aborted);
  EXPECT_EQ(o.abort_status, kStatusCancelled);
}

}  // namespace
}  // namespace kefka::wasm::testing

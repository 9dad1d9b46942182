// Modules the decoder must reject with a clear message (never a crash), the
// link errors of imports, and the fallback of run_file when the host cannot
// compile.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

std::string decode_error(const std::string& bytes) {
  std::string error;
  auto module = interp::decode(bytes, &error);
  return module ? "" : error;
}

const std::string kHeader("\0asm\1\0\0\0", 8);

// Raw bytes (string literals would stop at the first NUL).
std::string raw(std::initializer_list<uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

TEST(InterpMalformed, HeaderAndSections) {
  EXPECT_EQ(decode_error(""), "invalid WebAssembly module: unexpected end at offset 0");
  EXPECT_EQ(decode_error(std::string("\0asn\1\0\0\0", 8)),
            "invalid WebAssembly module: not a WebAssembly module at offset 4");
  EXPECT_EQ(decode_error(std::string("\0asm\2\0\0\0", 8)),
            "invalid WebAssembly module: unsupported WebAssembly version at offset 8");
  EXPECT_EQ(decode_error(kHeader + raw({0x0d, 0x00})),
            "invalid WebAssembly module: unknown section 13 at offset 10");
  // A section size that runs past the end.
  EXPECT_EQ(decode_error(kHeader + raw({0x01, 0x05, 0x00})),
            "invalid WebAssembly module: unexpected end at offset 10");
  // An over-long LEB128 and one with bits beyond 32.
  EXPECT_EQ(decode_error(kHeader + raw({0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})),
            "invalid WebAssembly module: malformed LEB128 integer at offset 14");
  EXPECT_EQ(decode_error(kHeader + raw({0x01, 0x80, 0x80, 0x80, 0x80, 0x10})),
            "invalid WebAssembly module: integer too large at offset 14");
  // Sections out of order (function before type... here: type after code).
  EXPECT_NE(decode_error(kHeader + raw({0x0a, 0x01, 0x00, 0x01, 0x01, 0x00}))
                .find("unexpected section 1"),
            std::string::npos);
  // A vector longer than its section.
  EXPECT_NE(decode_error(kHeader + raw({0x01, 0x02, 0x7f, 0x60})).find("length out of bounds"),
            std::string::npos);
}

struct Invalid {
  const char* wat;
  const char* error;  // a substring of the message
};

const Invalid kInvalid[] = {
    {"(func (result i32) (i64.const 1))", "type mismatch"},
    {"(func (i32.add (i32.const 1)) )", "operand stack underflow"},
    {"(func (result i32) (i32.const 1) (i32.const 2))", "values remaining on the stack"},
    {"(func (br 1))", "unknown label"},
    {"(func (local.get 3))", "unknown local"},
    {"(func (call 99))", "unknown function"},
    {"(global $g i32 (i32.const 0)) (func (global.set $g (i32.const 1)))", "global is immutable"},
    {"(func (drop (i32.load align=8 (i32.const 0))))", "alignment"},
    {"(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1))))", "if without else"},
    {"(func (drop (select (i32.const 1) (i64.const 2) (i32.const 0))))", "type mismatch"},
    {"(func (block (result i32) (br_table 0 1 (i64.const 1) (i32.const 0))))", "br_table"},
    {"(func (drop (call_indirect (type 0) (i32.const 0))))", "unknown table"},
};

TEST(InterpMalformed, InvalidFunctionBodiesAreRejected) {
  for (const Invalid& c : kInvalid) {
    std::string wat = std::string("(module (memory (export \"memory\") 1) ") + c.wat +
                      " (func (export \"_start\")))";
    std::string error = decode_error(wat_to_wasm(wat));
    EXPECT_NE(error.find(c.error), std::string::npos) << c.wat << "\n" << error;
    EXPECT_EQ(error.rfind("invalid WebAssembly module: ", 0), 0u) << error;
  }
}

TEST(InterpMalformed, ImportsAreLinkedByNameAndType) {
  EXPECT_EQ(decode_error(wat_to_wasm(R"((module (import "env" "f" (func))
      (memory (export "memory") 1) (func (export "_start"))))")),
            "cannot link: unknown import env.f");
  EXPECT_EQ(decode_error(wat_to_wasm(R"((module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32)))
      (memory (export "memory") 1) (func (export "_start"))))")),
            "cannot link: import wasi_snapshot_preview1.fd_write has the wrong type");
  EXPECT_NE(decode_error(wat_to_wasm(R"((module (import "env" "memory" (memory 1))
      (func (export "_start"))))"))
                .find("only functions can be imported"),
            std::string::npos);
  EXPECT_EQ(decode_error(wat_to_wasm(R"((module (memory (export "memory") 1)))")),
            "not a WASI command module (no memory or _start export)");
  EXPECT_EQ(decode_error(wat_to_wasm(R"((module (func (export "_start"))))")),
            "not a WASI command module (no memory or _start export)");
}

TEST(InterpMalformed, RunReportsTheErrorWithStatus126) {
  WasmFixture fx;
  std::string wasm = wat_to_wasm(R"((module (import "env" "f" (func))
      (memory (export "memory") 1) (func (export "_start"))))");
  Outcome o = run_with(fx, {"./bad.wasm"},
                       [&](RunConfig& cfg) { return interp::run_bytes(wasm, "hash-of-bad", cfg); });
  EXPECT_EQ(o.status, 126);
  EXPECT_EQ(o.err, "./bad.wasm: cannot link: unknown import env.f\n");
}

// Every truncation and thousands of random mutations of a real program decode
// or fail cleanly, in bounded time.
TEST(InterpMalformed, TruncatedAndMutatedModulesNeverCrash) {
  std::string wasm = program_wasm("misbehave");
  ASSERT_FALSE(wasm.empty());
  std::string error;
  ASSERT_TRUE(interp::decode(wasm, &error)) << error;
  for (size_t n = 0; n < wasm.size(); n += 1 + n / 64) {
    EXPECT_FALSE(interp::decode(wasm.substr(0, n), &error)) << n;
  }
  std::mt19937 rng(1234);
  int accepted = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string m = wasm;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) m[rng() % m.size()] = static_cast<char>(rng());
    accepted += interp::decode(m, &error) != nullptr;
  }
  EXPECT_LT(accepted, 1500);  // most mutations break something
}

// Mutants of a small module using every feature that still validate are run:
// whatever they do (trap, loop until the deadline, exit), the process survives
// and the status is one of the documented ones.
TEST(InterpMalformed, MutantsThatValidateRunSafely) {
  std::string seed =
      read_host_bytes(KEFKA_SOURCE_DIR "/fuzz/corpus/wasm_decode/full_features.wasm");
  ASSERT_FALSE(seed.empty());
  std::mt19937 rng(99);
  Limits limits;
  limits.timeout = std::chrono::milliseconds(50);
  int ran = 0;
  for (int i = 0; i < 20000 && ran < 200; ++i) {
    std::string m = seed;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) m[rng() % m.size()] = static_cast<char>(rng());
    std::string error;
    auto module = interp::decode(m, &error);
    if (!module) continue;
    ++ran;
    WasmFixture fx(limits);
    Outcome o = run_with(fx, {"m"}, [&](RunConfig& cfg) { return interp::run(module, cfg); });
    EXPECT_TRUE(o.aborted || (o.status >= 0 && o.status <= 255)) << i;
  }
  EXPECT_GT(ran, 20);
  printf("ran %d mutants\n", ran);
}

// run_file: with no wasm2c or cc on PATH, a .wasm file is interpreted.
TEST(InterpFallback, RunFileInterpretsWithoutACompiler) {
  ScopedUserModuleCache cache("kefka-interp-fallback");
  std::string saved = getenv("PATH") ? getenv("PATH") : "";
  setenv("PATH", "/nonexistent-kefka-bin", 1);
  WasmFixture fx;
  std::string wasm = program_wasm("hello") + std::string("\x00\x05\x04nocc", 7);
  ASSERT_TRUE(fx.view().write_file("/hello.wasm", wasm, 0755).ok());
  Outcome o = run_with(fx, {"./hello.wasm", "5"},
                       [&](RunConfig& cfg) { return run_file("/hello.wasm", cfg); });
  setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(o.status, 5) << o.err;
  EXPECT_EQ(o.out, "argv[0]=./hello.wasm\nargv[1]=5\nGREETING=(unset)\ncwd=/\n");
  EXPECT_FALSE(std::filesystem::exists(cache.path()) &&
               !std::filesystem::is_empty(cache.path()));  // nothing compiled
}

TEST(InterpFallback, AlwaysInterpretSkipsTheCompiler) {
  ScopedUserModuleCache cache("kefka-interp-always");
  interp::set_always_interpret(true);
  WasmFixture fx;
  std::string wasm = program_wasm("hello") + std::string(
                                                 "\x00\x05\x04"
                                                 "alws",
                                                 7);
  ASSERT_TRUE(fx.view().write_file("/hello.wasm", wasm, 0755).ok());
  Outcome o =
      run_with(fx, {"h", "6"}, [&](RunConfig& cfg) { return run_file("/hello.wasm", cfg); });
  interp::set_always_interpret(false);
  EXPECT_EQ(o.status, 6) << o.err;
  EXPECT_FALSE(std::filesystem::exists(cache.path()) && !std::filesystem::is_empty(cache.path()));
  // A malformed module through run_file: 126 and the decoder's reason.
  interp::set_always_interpret(true);
  ASSERT_TRUE(fx.view().write_file("/bad.wasm", kHeader + raw({0x0d, 0x00}), 0755).ok());
  o = run_with(fx, {"./bad.wasm"}, [&](RunConfig& cfg) { return run_file("/bad.wasm", cfg); });
  interp::set_always_interpret(false);
  EXPECT_EQ(o.status, 126);
  EXPECT_EQ(o.err, "./bad.wasm: invalid WebAssembly module: unknown section 13 at offset 10\n");
}

}  // namespace
}  // namespace kefka::wasm::testing

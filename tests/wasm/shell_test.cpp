// .wasm files run from the shell: `./prog.wasm args`, PATH lookup, pipelines.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "../support/test_util.h"
#include "kefka/sandbox.h"
#include "wasm/wasm.h"
#include "wasm_test_util.h"

namespace kefka {
namespace {

using test::read_host_file;
using wasm::testing::ScopedUserModuleCache;

class WasmShell : public ::testing::Test {
 protected:
  void SetUp() override {
    sb_ = Sandbox::create();
    for (const char* name : {"hello", "stream", "misbehave"}) {
      sb_->write_file(
          std::string("/tmp/bin/") + name + ".wasm",
          read_host_file(std::string(KEFKA_BINARY_DIR "/wasm_programs/test_") + name + ".wasm"));
    }
    sb_->exec("chmod +x /tmp/bin/*.wasm");
  }

  ScopedUserModuleCache cache_{"kefka-wasm-shell"};
  std::unique_ptr<Sandbox> sb_;
};

TEST_F(WasmShell, RunsByPathWithArgsAndCwd) {
  auto r =
      sb_->exec("mkdir -p /tmp/w && cd /tmp/w && GREETING=yo /tmp/bin/hello.wasm 3 x; echo $?");
  EXPECT_EQ(r.stdout_data,
            "argv[0]=/tmp/bin/hello.wasm\nargv[1]=3\nargv[2]=x\nGREETING=yo\ncwd=/tmp/w\n3\n");
  EXPECT_EQ(r.stderr_data, "to stderr\n");
}

TEST_F(WasmShell, RunsFromPathAndInAPipeline) {
  auto r = sb_->exec(
      "PATH=/tmp/bin:$PATH; seq 1 3 | stream.wasm | tr 0-9 a-j; "
      "printf 'abc' | stream.wasm count 2>&1 >/dev/null");
  EXPECT_EQ(r.stdout_data, "b\nc\nd\n3\n");
}

TEST_F(WasmShell, DeadlineStopsAWasmLoopAndTheSandboxStaysUsable) {
  // Compile it first: the deadline would otherwise stop the compiler.
  ASSERT_EQ(sb_->exec("/tmp/bin/misbehave.wasm divzero").exit_status, 134);
  ExecOptions opts;
  opts.timeout = std::chrono::milliseconds(300);
  auto r = sb_->exec("/tmp/bin/misbehave.wasm loop; echo after", opts);
  EXPECT_EQ(r.exit_status, 124);
  EXPECT_EQ(r.stdout_data, "");
  r = sb_->exec("/tmp/bin/hello.wasm 0 >/dev/null 2>&1; echo ok $?");
  EXPECT_EQ(r.stdout_data, "ok 0\n");
}

TEST_F(WasmShell, TrapStatus) {
  auto r = sb_->exec("/tmp/bin/misbehave.wasm unreachable; echo $?");
  EXPECT_EQ(r.stdout_data, "134\n");
  EXPECT_EQ(r.stderr_data, "/tmp/bin/misbehave.wasm: wasm trap: unreachable executed\n");
}

}  // namespace
}  // namespace kefka

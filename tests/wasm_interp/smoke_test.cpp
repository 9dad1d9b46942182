#include <gtest/gtest.h>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

TEST(InterpSmoke, HelloRuns) {
  WasmFixture fx;
  std::string wasm = program_wasm("hello");
  ASSERT_FALSE(wasm.empty());
  auto o = interpret(fx, wasm, {"hello", "3"});
  EXPECT_EQ(o.status, 3) << o.err;
  EXPECT_EQ(o.out, "argv[0]=hello\nargv[1]=3\nGREETING=(unset)\ncwd=/\n");
}

}  // namespace
}  // namespace kefka::wasm::testing

// Recursion bounded by the stack that is left, and the cap on concurrent
// threads (jobs, pipeline stages): hostile scripts end with bash's messages
// instead of crashing the process.
#include <pthread.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include "shell/stack.h"
#include "shell_test_util.h"

namespace kefka::shell::testing {
namespace {

// Runs `body` on a thread with a small stack, like an embedder's worker thread.
void on_small_stack(const std::function<void()>& body) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 2 * kStackReserve + (1u << 20));
  pthread_t thread;
  auto entry = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, entry, const_cast<std::function<void()>*>(&body)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// A depth limit the stack runs out before.
Limits deep_limits() {
  Limits limits;
  limits.max_call_depth = 1'000'000;
  return limits;
}

RunResult run_on_small_stack(ShellEnv& env, const std::string& script) {
  RunResult r;
  on_small_stack([&] { r = env.run(script); });
  return r;
}

TEST(StackLimit, StackLeftIsPositiveAndShrinksWithDepth) {
  size_t outer = stack_left();
  std::function<size_t(int)> down = [&](int n) -> size_t {
    volatile char pad[256];
    pad[0] = 0;
    return n == 0 ? stack_left() + pad[0] : down(n - 1);
  };
  EXPECT_GT(outer, 0u);
  EXPECT_LT(down(50), outer);
}

TEST(StackLimit, FunctionRecursionFailsWithBashMessage) {
  ShellEnv env(deep_limits());
  auto r = run_on_small_stack(env, "f() { f; }; f; echo never\necho next $?");
  EXPECT_NE(r.err.find("script.sh: line 1: f: maximum function nesting level exceeded ("),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "next 1\n");
  EXPECT_EQ(env.run("echo alive").out, "alive\n");
}

TEST(StackLimit, SubshellAndSubstitutionRecursionFail) {
  ShellEnv env(deep_limits());
  auto r = run_on_small_stack(env, "f() { (f); }; f\necho $?");
  EXPECT_NE(r.err.find("f: maximum function nesting level exceeded"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "1\n");
  r = run_on_small_stack(env, "g() { echo $(g); }; g\necho done");
  EXPECT_NE(r.err.find("g: maximum function nesting level exceeded"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "\ndone\n");
}

TEST(StackLimit, EvalRecursionFailsWithBashMessage) {
  ShellEnv env(deep_limits());
  auto r = run_on_small_stack(env, "x='eval \"$x\"'; eval \"$x\"\necho rc=$?");
  EXPECT_NE(r.err.find("script.sh: line 1: eval: maximum eval nesting level exceeded ("),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "rc=1\n");
}

TEST(StackLimit, SourceRecursionFailsWithBashMessage) {
  ShellEnv env(deep_limits());
  auto r =
      run_on_small_stack(env, "echo '. /tmp/self.sh' > /tmp/self.sh; . /tmp/self.sh\necho rc=$?");
  EXPECT_NE(r.err.find("/tmp/self.sh: maximum source nesting level exceeded ("), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "rc=1\n");
  // The error prefix is the script's again once the sourced files unwound.
  r = env.run("nosuch_cmd_q");
  EXPECT_EQ(r.err, "script.sh: line 1: nosuch_cmd_q: command not found\n");
}

TEST(StackLimit, NestedShellsFail) {
  ShellEnv env(deep_limits());
  auto r = run_on_small_stack(env, "export x='bash -c \"$x\"'; bash -c \"$x\"; echo rc=$?");
  EXPECT_NE(r.err.find("maximum nesting level exceeded"), std::string::npos)
      << r.err.substr(0, 300);
  // The innermost shell fails (a syntax error while parsing, or a command
  // error); each outer one exits with its status.
  EXPECT_NE(r.out, "rc=0\n");
}

TEST(StackLimit, DeepConditionalIsASyntaxError) {
  ShellEnv env(deep_limits());
  std::string nots;
  for (int i = 0; i < 200000; ++i) nots += "! ";
  auto r = run_on_small_stack(env, "[[ " + nots + "x ]]");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("maximum nesting level exceeded"), std::string::npos);
}

TEST(ThreadLimit, ForkBombEndsWithForkError) {
  Limits limits;
  limits.max_threads = 16;
  limits.timeout = std::chrono::seconds(20);
  ShellEnv env(limits);
  auto start = std::chrono::steady_clock::now();
  auto r = env.run("f() { f & f; }; f; echo never\necho next $?");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(r.err.find("script.sh: fork: Resource temporarily unavailable"), std::string::npos)
      << r.err.substr(0, 300);
  EXPECT_EQ(r.out, "next 126\n");
  EXPECT_EQ(env.run("echo alive").out, "alive\n");
}

TEST(ThreadLimit, ShortJobsWaitForAFreeSlot) {
  Limits limits;
  limits.max_threads = 4;
  ShellEnv env(limits);
  auto r = env.run("for i in {1..40}; do echo $i > /tmp/j$i & done; wait; cat /tmp/j* | wc -l");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "40\n");
}

TEST(ThreadLimit, PipelineLongerThanTheCapFails) {
  Limits limits;
  limits.max_threads = 3;
  ShellEnv env(limits);
  auto r = env.run("yes | cat | cat | cat | cat | head -n1; echo rc=$?");
  EXPECT_NE(r.err.find("fork: Resource temporarily unavailable"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = env.run("yes | cat | cat | head -n1");
  EXPECT_EQ(r.out, "y\n");
}

}  // namespace
}  // namespace kefka::shell::testing

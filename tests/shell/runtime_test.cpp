// Runtime properties: streaming pipelines, cancellation, limits, recursion,
// and the session staying usable after errors.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "shell_test_util.h"

namespace kefka::shell::testing {
namespace {

TEST(Runtime, SimpleCommandsRun) {
  ShellEnv env;
  auto r = env.run("echo hi; x=3; echo $((x*2))");
  EXPECT_EQ(r.out, "hi\n6\n");
  EXPECT_EQ(r.status, 0);
}

TEST(Runtime, StatePersistsAcrossRuns) {
  ShellEnv env;
  env.run("x=42; f() { echo f$1; }; cd /tmp");
  auto r = env.run("echo $x; f 1; pwd");
  EXPECT_EQ(r.out, "42\nf1\n/tmp\n");
}

TEST(Runtime, InfiniteProducerStreamsIntoHead) {
  ShellEnv env;
  auto start = std::chrono::steady_clock::now();
  auto r = env.run("while :; do echo y; done | head -n 1; echo ${PIPESTATUS[@]}");
  EXPECT_EQ(r.out, "y\n141 0\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(Runtime, CancelStopsInfiniteLoop) {
  ShellEnv env;
  Budget budget(Limits{});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    budget.cancel();
  });
  auto r = env.run_with("while :; do :; done", budget);
  canceller.join();
  EXPECT_EQ(r.status, kStatusCancelled);
  // The session is still usable.
  auto again = env.run("echo ok");
  EXPECT_EQ(again.out, "ok\n");
}

TEST(Runtime, TimeoutStopsLoop) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(100);
  ShellEnv env(limits);
  auto r = env.run("while true; do x=1; done");
  EXPECT_EQ(r.status, kStatusTimedOut);
}

TEST(Runtime, RecursionLimitIsAnError) {
  ShellEnv env;
  // Like bash with FUNCNEST: the error aborts the whole command line.
  auto r = env.run("f() { f; }; f; echo never\necho next $?");
  // (1000) is max_call_depth; a sanitizer build may run out of stack first
  // and name the depth it reached.
  EXPECT_NE(r.err.find("f: maximum function nesting level exceeded ("), std::string::npos);
  EXPECT_EQ(r.out, "next 1\n");
}

TEST(Runtime, SyntaxErrorLeavesSessionUsable) {
  ShellEnv env;
  auto r = env.run("if then fi");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "script.sh: line 1: syntax error near unexpected token `then'\n"
            "script.sh: line 1: `if then fi'\n");
  EXPECT_EQ(env.run("echo fine").out, "fine\n");
}

TEST(Runtime, DeepParenthesesDoNotCrash) {
  ShellEnv env;
  std::string script(100000, '(');
  auto r = env.run(script);
  EXPECT_EQ(r.status, 2);
  std::string subst;
  for (int i = 0; i < 100000; ++i) subst += "$(";
  r = env.run("echo " + subst);
  EXPECT_EQ(r.status, 2);
}

TEST(Runtime, BackgroundJobAndWait) {
  ShellEnv env;
  auto r = env.run("echo bg > /tmp/f & wait $!; cat /tmp/f");
  EXPECT_EQ(r.out, "bg\n");
}

TEST(Runtime, CommandLimit) {
  Limits limits;
  limits.max_commands = 100;
  ShellEnv env(limits);
  auto r = env.run("for i in {1..1000}; do :; done");
  EXPECT_EQ(r.status, kStatusLimitExceeded);
}

TEST(Runtime, LoopIterationLimit) {
  Limits limits;
  limits.max_loop_iterations = 50;
  ShellEnv env(limits);
  auto r = env.run("while :; do :; done");
  EXPECT_EQ(r.status, kStatusLimitExceeded);
}

}  // namespace
}  // namespace kefka::shell::testing

namespace kefka::shell::testing {
namespace {
// Ad-hoc runner: KEFKA_SH='script' test_shell --gtest_filter=Debug.*
TEST(Debug, RunFromEnvironment) {
  const char* script = std::getenv("KEFKA_SH");
  if (script == nullptr) GTEST_SKIP();
  ShellEnv env;
  auto start = std::chrono::steady_clock::now();
  auto r = env.run(script);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("--- stdout\n%s--- stderr\n%s--- status %d (%.1f ms)\n", r.out.c_str(), r.err.c_str(),
              r.status, ms);
}
}  // namespace
}  // namespace kefka::shell::testing

namespace kefka::shell::testing {
namespace {

TEST(Runtime, CommandSubstitutionIsBounded) {
  Limits limits;
  limits.max_string_bytes = 1000;
  ShellEnv env(limits);
  auto r = env.run("x=$(yes | head -c 5000); echo never");
  EXPECT_EQ(r.status, kStatusLimitExceeded);
  EXPECT_NE(r.err.find("exceeds the limit of 1000 bytes"), std::string::npos);
  EXPECT_EQ(r.out, "");
}

TEST(Runtime, HostilePatternsStayFast) {
  ShellEnv env;
  auto start = std::chrono::steady_clock::now();
  auto r = env.run(
      "x=$(printf '%0200d' 0); [[ $x == *0*0*0*0*0*0*0*0*0*0*0*0*1 ]]; echo $?;"
      "\necho {1..100000000} >/dev/null\necho next");
  EXPECT_EQ(r.out, "1\nnext\n");
  EXPECT_NE(r.err.find("brace expansion: more than 1000000 words"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Runtime, ParseOnlyApi) {
  auto ast = parse_only("for i in 1 2; do echo $i; done");
  ASSERT_NE(ast, nullptr);
  EXPECT_THROW(parse_only("if then"), std::exception);
}

TEST(Runtime, ExecutorRunsProgramsForCommands) {
  ShellEnv env;
  auto r = env.run("env X=1 bash -c 'echo child $X'; env nosuchprog; echo $?");
  EXPECT_EQ(r.out, "child 1\n127\n");
}

TEST(Runtime, CloneIsIndependent) {
  ShellEnv env;
  env.run("x=1; f() { echo f; }");
  auto copy = env.shell().clone(std::shared_ptr<vfs::Vfs>(&env.fs(), [](vfs::Vfs*) {}));
  env.run("x=2");
  Budget budget(Limits{});
  auto out = std::make_shared<StringSink>();
  FdTable io;
  io.set(1, out);
  io.set(2, out);
  copy->run("echo $x; f", "script.sh", io, budget);
  EXPECT_EQ(out->data(), "1\nf\n");
}

}  // namespace
}  // namespace kefka::shell::testing

namespace kefka::shell::testing {
namespace {

TEST(Runtime, BashRunsWithoutAStubFile) {
  ShellEnv env;
  env.run("rm -f /usr/bin/bash /usr/bin/sh");
  auto r = env.run("bash -c 'echo inner $0' name; sh -c 'exit 4'; echo $?");
  EXPECT_EQ(r.out, "inner name\n4\n");
}

}  // namespace
}  // namespace kefka::shell::testing

namespace kefka::shell::testing {
namespace {

TEST(ShellApi, ExitedOnlyWhenTheSessionRanExit) {
  ShellEnv env;
  env.run("exit 3");
  EXPECT_TRUE(env.shell().exited());
  env.run("echo hi");
  EXPECT_FALSE(env.shell().exited());
  for (const char* script : {"(exit 2)", "echo x | exit 4", "v=$(exit 5)", "bash -c 'exit 6'",
                             "if then", "set -e; false"}) {
    env.run(script);
    EXPECT_FALSE(env.shell().exited()) << script;
  }
  env.run("f() { if true; then exit 1; fi; }; f");
  EXPECT_TRUE(env.shell().exited());
}

TEST(ShellApi, SaveAndRestoreVariables) {
  ShellEnv env;
  env.run("declare -ax A=(1 'x y'); readonly R=5; declare -A M=([k]=v)");
  auto a = env.shell().save_variable("A");
  auto r = env.shell().save_variable("R");
  auto m = env.shell().save_variable("M");
  auto n = env.shell().save_variable("N");
  EXPECT_EQ(n, nullptr);
  env.shell().set_exported("A", "flat");
  env.shell().set_exported("N", "new");
  env.run("unset M");
  env.shell().restore_variable("A", a);
  env.shell().restore_variable("R", r);
  env.shell().restore_variable("M", m);
  env.shell().restore_variable("N", n);
  auto out = env.run("declare -p A R M; echo ${N-unset}");
  EXPECT_EQ(out.out,
            "declare -ax A=([0]=\"1\" [1]=\"x y\")\ndeclare -r R=\"5\"\n"
            "declare -A M=([k]=\"v\" )\nunset\n");
  env.shell().set_positional({"p", "q"});
  EXPECT_EQ(env.shell().positional(), (std::vector<std::string>{"p", "q"}));
}

}  // namespace
}  // namespace kefka::shell::testing

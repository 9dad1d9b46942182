// Simulated signals among the session's jobs: what the differential corpus
// (spec/signals.test.sh) cannot show — cancelling the exec while a trap runs,
// the session staying usable after killed jobs, wake-ups that must not wait
// for a poll, and behaviour that is racy under a real bash.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "shell_test_util.h"

namespace kefka::shell::testing {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `script`, cancelling its budget from another thread after `delay`.
RunResult run_and_cancel(ShellEnv& env, std::string_view script, std::chrono::milliseconds delay) {
  Limits limits;
  Budget budget(limits);
  std::thread canceller([&] {
    std::this_thread::sleep_for(delay);
    budget.cancel();
  });
  RunResult r = env.run_with(script, budget);
  canceller.join();
  return r;
}

TEST(Signals, CancelWhileTheShellRunsAnEndlessTrap) {
  ShellEnv env;
  auto start = Clock::now();
  auto r = run_and_cancel(env, "trap 'while :; do :; done' USR1; kill -USR1 $$; echo never",
                          std::chrono::milliseconds(200));
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_EQ(r.status, kStatusCancelled);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;
  // The session survives: the next exec runs normally.
  auto next = env.run("echo ok");
  EXPECT_EQ(next.out, "ok\n");
  EXPECT_EQ(next.status, 0);
}

TEST(Signals, CancelWhileAJobRunsAnEndlessTrap) {
  ShellEnv env;
  auto start = Clock::now();
  auto r = run_and_cancel(env,
                          "( trap 'while :; do :; done' TERM; while :; do sleep 0.01; done ) &\n"
                          "sleep 0.1; kill $!; wait $!; echo never",
                          std::chrono::milliseconds(400));
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_EQ(r.status, kStatusCancelled);
  EXPECT_EQ(r.out, "");
  auto next = env.run("jobs; echo ok");
  EXPECT_EQ(next.out, "ok\n");
}

TEST(Signals, KilledJobsLeaveTheSessionUsable) {
  ShellEnv env;
  auto r =
      env.run("for i in 1 2 3 4 5; do sleep 5 & kill -9 $!; wait $! 2>/dev/null; echo $?; done");
  EXPECT_EQ(r.out, "137\n137\n137\n137\n137\n");
  auto next = env.run("sleep 5 & p=$!; kill $p; wait $p; echo $?; jobs; echo done");
  EXPECT_EQ(next.out, "143\ndone\n");
  EXPECT_EQ(next.err, "");
}

TEST(Signals, KillEndsABlockedSleepAtOnce) {
  ShellEnv env;
  auto start = Clock::now();
  auto r = env.run("sleep 30 & p=$!; kill $p; wait $p; echo $?");
  EXPECT_EQ(r.out, "143\n");
  EXPECT_LT(seconds_since(start), 2.0);
}

TEST(Signals, KillEndsAJobWaitingForItsOwnChild) {
  ShellEnv env;
  auto start = Clock::now();
  auto r = env.run("( sleep 30 & wait ) & p=$!; sleep 0.1; kill $p; wait $p; echo $?");
  EXPECT_EQ(r.out, "143\n");
  EXPECT_LT(seconds_since(start), 2.0);
}

TEST(Signals, TrappedSignalInterruptsWaitAtOnce) {
  ShellEnv env;
  auto start = Clock::now();
  auto r = env.run(
      "trap 'echo got' USR1; sleep 30 & s=$!\n"
      "( sleep 0.1; kill -USR1 $$ ) &\n"
      "wait $s; echo \"wait=$?\"; kill $s");
  EXPECT_EQ(r.out, "got\nwait=138\n");
  EXPECT_LT(seconds_since(start), 2.0);
}

// bash makes asynchronous commands ignore SIGINT and SIGQUIT (under a real
// bash the outcome races with the child setting that up).
TEST(Signals, BackgroundJobsIgnoreIntAndQuit) {
  ShellEnv env;
  auto r = env.run("sleep 0.2 & p=$!; kill -INT $p; kill -QUIT $p; wait $p; echo $?");
  EXPECT_EQ(r.out, "0\n");
}

TEST(Signals, KillZeroSeesOnlyLiveProcesses) {
  ShellEnv env;
  auto r = env.run(
      "sleep 5 & p=$!; kill -0 $p; echo $?; kill $p; wait $p\n"
      "kill -0 $p 2>/dev/null; echo $?; kill -0 $$; echo $?");
  EXPECT_EQ(r.out, "0\n1\n0\n");
}

TEST(Signals, SignalToASubshellFromItsOwnJob) {
  ShellEnv env;
  // A nested subshell is a process of its own: `kill` from a job reaches it
  // by pid and its trap runs there.
  auto r = env.run(
      "( trap 'echo sub got; exit 7' USR2; echo $BASHPID > /tmp/sub; "
      "while :; do sleep 0.01; done ) &\n"
      "while [[ ! -s /tmp/sub ]]; do sleep 0.01; done\n"
      "kill -USR2 $(cat /tmp/sub); wait $!; echo $?");
  EXPECT_EQ(r.out, "sub got\n7\n");
}

TEST(Signals, StopAndContinueHaveNoEffectWithoutJobControl) {
  ShellEnv env;
  auto r = env.run("sleep 0.2 & p=$!; kill -STOP $p; kill -CONT $p; wait $p; echo $?");
  EXPECT_EQ(r.out, "0\n");
}

TEST(Signals, TrapDoesNotLeakIntoTheNextExecsJobs) {
  ShellEnv env;
  env.run("trap 'echo main' USR1");
  // Jobs of a later exec reset the caught trap, like any subshell.
  auto r = env.run("( kill -USR1 $BASHPID; echo no ) ; echo $?; kill -USR1 $$; echo after");
  EXPECT_EQ(r.out, "138\nmain\nafter\n");
}

// `kill 0` and `kill -- -PGID` reach every process of the session (its one
// process group). Not in the corpus: the reference bash shares the test
// runner's process group and would signal it.
TEST(Signals, KillZeroSignalsTheWholeSession) {
  ShellEnv env;
  auto r = env.run("trap 'echo got' TERM; sleep 5 & p=$!; kill 0; echo after; wait $p; echo $?");
  EXPECT_EQ(r.out, "got\nafter\n143\n");
}

TEST(Signals, KillZeroWithoutATrapEndsTheShellAndItsJobs) {
  ShellEnv env;
  auto start = Clock::now();
  auto r = env.run("sleep 5 & kill 0; echo after");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.status, 143);
  EXPECT_LT(seconds_since(start), 2.0);
}

TEST(Signals, KillNegativeShellPidIsTheGroup) {
  ShellEnv env;
  auto r = env.run("sleep 5 & kill -- -$$; echo after");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.status, 143);
  auto other = env.run("kill -- -12345; echo $?");
  EXPECT_EQ(other.out, "1\n");
  EXPECT_EQ(other.err, "script.sh: line 1: kill: (-12345) - No such process\n");
}

TEST(Signals, TrapKillZeroOnExit) {
  ShellEnv env;
  auto r = env.run("trap 'kill 0' EXIT; sleep 5 & echo started");
  EXPECT_EQ(r.out, "started\n");
  EXPECT_EQ(r.status, 143);
}

TEST(Signals, KillZeroFromAJobReachesTheShell) {
  ShellEnv env;
  // The job waits a little so the signal reaches the shell inside `wait`
  // (arriving earlier, the trap would run before wait, which returns 0).
  auto r = env.run("trap 'echo main got' USR1; ( sleep 0.2; kill -USR1 0 ) & wait; echo $?");
  EXPECT_EQ(r.out, "main got\n138\n");
}

}  // namespace
}  // namespace kefka::shell::testing

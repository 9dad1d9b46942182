// `read -t` waits on a pipe with its own deadline, but the execution's budget
// still wins: a long read timeout cannot outlive the exec deadline.
#include <gtest/gtest.h>

#include <chrono>

#include "shell_test_util.h"

namespace kefka::shell::testing {
namespace {

TEST(ReadTimeout, ExecDeadlineStopsALongReadTimeout) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(300);
  ShellEnv env(limits);
  auto start = std::chrono::steady_clock::now();
  auto r = env.run("{ sleep 100; echo x; } | { read -t 100 v; echo \"read $?\"; }; echo after");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.status, kStatusTimedOut);
  EXPECT_EQ(r.out.find("after"), std::string::npos) << r.out;
}

TEST(ReadTimeout, ShortTimeoutEndsBeforeTheExecDeadline) {
  Limits limits;
  limits.timeout = std::chrono::seconds(20);
  ShellEnv env(limits);
  auto start = std::chrono::steady_clock::now();
  auto r = env.run("{ sleep 0.5; } | { read -t 0.05 v; echo \"read $?\"; }");
  EXPECT_EQ(r.out, "read 142\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace kefka::shell::testing

// Hostile patterns and scripts: each finishes quickly with a result or a clear
// error, never a hang or a crash.
#include <gtest/gtest.h>

#include <chrono>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

using Clock = std::chrono::steady_clock;

class HostileTest : public CommandFixture {
 protected:
  void SetUp() override { env["LC_ALL"] = "C.UTF-8"; }

  RunResult timed(std::vector<std::string> argv, const std::string& input, double max_seconds = 5) {
    auto start = Clock::now();
    RunResult r = run(std::move(argv), input);
    double took = std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_LT(took, max_seconds);
    return r;
  }
};

TEST_F(HostileTest, NestedStarsRunInLinearTime) {
  std::string line(200000, 'a');
  line += '\n';
  EXPECT_EQ(timed({"grep", "-E", "(a*)*b"}, line).status, 1);
  EXPECT_EQ(timed({"grep", "-c", "-E", "(a|aa)+$"}, line).out, "1\n");
  EXPECT_EQ(timed({"grep", "-E", "(a|a?)+b"}, line).status, 1);
  EXPECT_EQ(timed({"sed", "-E", "s/(x+x+)+y/z/"}, std::string(100000, 'x') + "\n").status, 0);
  EXPECT_EQ(timed({"grep", "-c", "(.*)*(.*)*(.*)*z"}, line).out, "0\n");
}

TEST_F(HostileTest, BackReferencesHitTheBacktrackingLimit) {
  std::string line(100000, 'a');
  line += '\n';
  RunResult r = timed({"grep", "\\(a*\\)*\\1b"}, line, 20);
  // Either a result or GNU grep -P's message for the limit; never a hang.
  EXPECT_TRUE(r.status == 1 ||
              (r.status == 2 && r.err == "grep: exceeded PCRE's backtracking limit\n"))
      << r;
  r = timed({"grep", "-P", "(a+)+$"}, std::string(50000, 'a') + "!\n", 20);
  EXPECT_TRUE(r.status == 1 || r.status == 2) << r;
  if (r.status == 2) {
    EXPECT_EQ(r.err, "grep: exceeded PCRE's backtracking limit\n");
  }
  r = timed({"sed", "-E", "s/(a*)*\\1b/x/"}, line, 20);
  EXPECT_TRUE(r.status == 0 || r.status == 4) << r;
}

TEST_F(HostileTest, HugeRepeatCountsAndDeepNesting) {
  RunResult r = timed({"grep", "-E", "a{32768}"}, "a\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "grep: Regular expression too big\n");
  r = timed({"grep", "-c", "-E", "a{5000}"}, std::string(6000, 'a') + "\n");
  EXPECT_EQ(r.out, "1\n");
  r = timed({"grep", "-E", "((a{1,1000}){1,1000}){1,1000}"}, "aaa\n");
  EXPECT_TRUE(r.status == 0 || r.status == 2) << r;
  std::string deep = std::string(5000, '(') + "a" + std::string(5000, ')');
  r = timed({"grep", "-E", deep}, "a\n");
  EXPECT_TRUE(r.status == 0 || r.status == 2) << r;
  std::string deep_bre;
  for (int i = 0; i < 3000; ++i) deep_bre += "\\(";
  deep_bre += "a";
  for (int i = 0; i < 3000; ++i) deep_bre += "\\)";
  r = timed({"sed", "s/" + deep_bre + "/x/"}, "a\n");
  EXPECT_TRUE(r.status == 0 || r.status == 1) << r;
  std::string many_alternatives;
  for (int i = 0; i < 20000; ++i) many_alternatives += (i ? "|" : "") + std::to_string(i * 7919);
  r = timed({"grep", "-c", "-E", many_alternatives}, "x 7919 y\nnothing\n", 20);
  EXPECT_TRUE(r.out == "1\n" || r.status == 2) << r.status;
}

TEST_F(HostileTest, BinaryAndHugeLines) {
  std::string binary;
  for (int i = 0; i < 100000; ++i) binary += static_cast<char>(i * 31 % 256);
  RunResult r = timed({"grep", "-c", "a"}, binary);
  EXPECT_EQ(r.status, 0);
  r = timed({"sed", "s/a/b/g"}, binary);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.size(), binary.size());
  std::string huge(20 << 20, 'x');
  r = timed({"grep", "-c", "x$"}, huge);
  EXPECT_EQ(r.out, "1\n");
  r = timed({"sed", "-n", "s/x*/y/p"}, huge);
  EXPECT_EQ(r.out, "y");
}

TEST(SedLoops, InfiniteLoopsStopAtTheDeadline) {
  CommandSandbox sandbox(Limits{.timeout = std::chrono::milliseconds(300)});
  auto start = Clock::now();
  try {
    sandbox.run({"sed", ":a;ba"}, "x\n");
  } catch (const ExecAbort& e) {
    EXPECT_EQ(e.status(), kStatusTimedOut);
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(SedLoops, GrowingHoldSpaceHitsTheStringLimit) {
  CommandSandbox sandbox(Limits{.timeout = std::chrono::seconds(20), .max_string_bytes = 1 << 24});
  RunResult r;
  try {
    r = sandbox.run({"sed", ":a;G;H;ba"}, "xxxxxxxx\n");
  } catch (const ExecAbort& e) {
    ADD_FAILURE() << e.what();
  }
  EXPECT_EQ(r.status, 4);
  EXPECT_EQ(r.err, "sed: pattern or hold space exceeds the limit of 16777216 bytes\n");
}

}  // namespace
}  // namespace kefka::test

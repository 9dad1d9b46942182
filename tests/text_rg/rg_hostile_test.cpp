// rg under hostile input: globs and ignore rules are compiled to RE2 (linear
// time), symlink loops under -L end with an error, the walk honours the budget.
#include <gtest/gtest.h>

#include <chrono>

#include "../support/command_fixture.h"
#include "commands/text/rg_ignore.h"

namespace kefka::test {
namespace {

class RgHostileTest : public CommandFixture {};

TEST_F(RgHostileTest, PathologicalGlobsRunInLinearTime) {
  std::string name(3000, 'a');
  mkdir("w");
  write_file("w/" + name.substr(0, 200), "hit\n");
  std::string glob = "**/**/**/**/" + std::string(40, '*') + "a*a*a*a*a*a*a*a*a*b";
  write_file("w/.ignore", glob + "\n" + glob + "/\n");
  cwd = "/home/user/w";
  auto start = std::chrono::steady_clock::now();
  RunResult r = run({"rg", "-l", "-g", "!" + glob, "-g", "*a*a*a*a*a*a*a*a*a*a*a*a", "hit"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.out, name.substr(0, 200) + "\n");
  EXPECT_EQ(r.status, 0);

  cmd::rg::GlobRules rules;
  rules.add_line(glob);
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(rules.match(name, false), cmd::rg::Verdict::kNone);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST_F(RgHostileTest, SymlinkLoopUnderFollowEnds) {
  mkdir("w");
  mkdir("w/d");
  write_file("w/d/f", "hit\n");
  ASSERT_TRUE(fs().symlink("..", "w/d/up").ok());
  cwd = "/home/user/w";
  RunResult r = run({"rg", "-L", "hit"});
  EXPECT_EQ(r.out, "d/f:hit\n");
  EXPECT_NE(r.err.find("File system loop found"), std::string::npos) << r.err;
  EXPECT_EQ(r.status, 2);
}

TEST_F(RgHostileTest, MalformedGlobsAndPatternsAreErrorsNotCrashes) {
  mkdir("w");
  write_file("w/f", "x\n");
  write_file("w/.ignore", "[\n\\\n!\n/\n**\n[z-a]\n");
  cwd = "/home/user/w";
  RunResult r = run({"rg", "-g", "[", "-g", "\\", "x"});
  EXPECT_EQ(r.status, 1) << r.err;  // "**" in .ignore ignores everything
  RunResult bad = run({"rg", "(unclosed", "f"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("regex parse error"), std::string::npos);
}

TEST_F(RgHostileTest, LargeFileIsFast) {
  std::string text;
  int needles = 0;
  for (int i = 0; text.size() < (32u << 20); ++i) {
    bool needle = i % 1000 == 0;
    needles += needle;
    text += "line " + std::to_string(i) + " some ordinary words" + (needle ? " needle" : "") + "\n";
  }
  mkdir("w");
  write_file("w/big", text);
  cwd = "/home/user/w";
  auto start = std::chrono::steady_clock::now();
  RunResult r = run({"rg", "-c", "need[l]e"});
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.out, "big:" + std::to_string(needles) + "\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  std::printf("rg -c over 32 MB: %.3fs\n", std::chrono::duration<double>(elapsed).count());
}

TEST_F(RgHostileTest, GlobTranslation) {
  using cmd::rg::glob_to_regex;
  EXPECT_EQ(glob_to_regex("*.rs"), "[^/]*\\.rs");
  EXPECT_EQ(glob_to_regex("**/x"), "(?:.*/)?x");
  EXPECT_EQ(glob_to_regex("a/**"), "a/.*");
  EXPECT_EQ(glob_to_regex("a/**/b"), "a/(?:.*/)?b");
  EXPECT_EQ(glob_to_regex("[!ab]?"), "[^ab][^/]");
  EXPECT_EQ(glob_to_regex("x[y"), "x\\[y");
}

}  // namespace
}  // namespace kefka::test

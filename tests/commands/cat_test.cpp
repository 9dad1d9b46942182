#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class CatTest : public CommandFixture {};

TEST_F(CatTest, CopiesFilesAndStdin) {
  write_file("a", "one\n");
  write_file("b", "two");
  auto r = run({"cat", "a", "-", "b"}, "in\n");
  EXPECT_EQ(r.out, "one\nin\ntwo");
  EXPECT_EQ(r.status, 0);
}

TEST_F(CatTest, FormattingMatchesGnu) {
  TestData data;
  std::string text = data.text(200, false) + "\n\n\n\nend";
  std::string bin = data.binary(5000);
  for (std::vector<std::string> flags : {std::vector<std::string>{},
                                         {"-n"},
                                         {"-b"},
                                         {"-s"},
                                         {"-A"},
                                         {"-E"},
                                         {"-T"},
                                         {"-v"},
                                         {"-e"},
                                         {"-t"},
                                         {"-ns"},
                                         {"-bs"},
                                         {"-nE"},
                                         {"-u"},
                                         {"--number", "--show-ends"}}) {
    std::vector<std::string> argv = {"cat"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"text", "bin", "text", "empty"});
    expect_same_as_gnu({.argv = argv, .files = {{"text", text}, {"bin", bin}, {"empty", ""}}});
  }
}

TEST_F(CatTest, StdinAndErrorsMatchGnu) {
  expect_same_as_gnu({.argv = {"cat", "-n"}, .input = "a\n\nb"});
  expect_same_as_gnu({.argv = {"cat", "missing", "f", "a b"}, .files = {{"f", "x\n"}}});
  expect_same_as_gnu({.argv = {"cat", "-z"}});
  expect_same_as_gnu({.argv = {"cat", "--number=3"}});
  expect_same_as_gnu({.argv = {"cat", "--", "-n"}, .files = {{"-n", "dash\n"}}});
  expect_same_as_gnu({.argv = {"cat", "d"}, .files = {{"d/x", ""}}});
}

TEST_F(CatTest, HelpAndVersion) {
  auto r = run({"cat", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.starts_with("Usage: cat [OPTION]... [FILE]...\n")) << r.out;
  EXPECT_NE(r.out.find("  -A, --show-all"), std::string::npos);
  EXPECT_EQ(run({"cat", "--version"}).out, "cat (kefka) 0.1\n");
}

TEST_F(CatTest, DevStdinAndFd) {
  EXPECT_EQ(run({"cat", "/dev/stdin"}, "x").out, "x");
  EXPECT_EQ(run({"cat", "/dev/fd/0"}, "y").out, "y");
  auto r = run({"cat", "/dev/fd/7"});
  EXPECT_EQ(r.err, "cat: /dev/fd/7: Bad file descriptor\n");
  EXPECT_EQ(r.status, 1);
}

}  // namespace
}  // namespace kefka::test

#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class TailTest : public CommandFixture {};

TEST_F(TailTest, MatchesGnu) {
  TestData data;
  std::vector<std::pair<std::string, std::string>> files = {{"text", data.text(300, false)},
                                                            {"lf", data.text(50)},
                                                            {"bin", data.binary(20000)},
                                                            {"empty", ""},
                                                            {"nonl", "a\nb"},
                                                            {"z", std::string("a\0b\0c", 5)}};
  for (std::vector<std::string> flags : std::vector<std::vector<std::string>>{{},
                                                                              {"-n", "3"},
                                                                              {"-n3"},
                                                                              {"-n", "0"},
                                                                              {"-n", "+5"},
                                                                              {"-n", "+0"},
                                                                              {"-n", "-2"},
                                                                              {"-n", "1000"},
                                                                              {"-c", "10"},
                                                                              {"-c", "+7"},
                                                                              {"-c", "1K"},
                                                                              {"-c", "0"},
                                                                              {"-q"},
                                                                              {"-v"},
                                                                              {"-z", "-n", "1"},
                                                                              {"--lines=1"},
                                                                              {"-zn", "+2"}}) {
    for (std::vector<std::string> operands : std::vector<std::vector<std::string>>{
             {"text"}, {"lf"}, {"bin", "nonl", "empty"}, {"z", "text"}}) {
      std::vector<std::string> argv = {"tail"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.insert(argv.end(), operands.begin(), operands.end());
      expect_same_as_gnu({.argv = argv, .files = files});
    }
  }
}

TEST_F(TailTest, ObsoleteFormsAndErrors) {
  std::vector<std::pair<std::string, std::string>> files = {{"f", "1\n2\n3\n4\n5"}};
  for (std::vector<std::string> argv :
       std::vector<std::vector<std::string>>{{"tail", "-2", "f"},
                                             {"tail", "+3", "f"},
                                             {"tail", "-3c", "f"},
                                             {"tail", "+2l", "f"},
                                             {"tail", "-1", "f", "f"},
                                             {"tail", "missing", "f"},
                                             {"tail", "-n", "x", "f"},
                                             {"tail", "-c", "1y", "f"},
                                             {"tail", "d"},
                                             {"tail", "-n", "2", "-", "f"}}) {
    expect_same_as_gnu({.argv = argv, .input = "in1\nin2\nin3\n", .files = files});
  }
  expect_same_as_gnu({.argv = {"tail", "-3"}, .input = "a\nb\nc\nd\n"});
  expect_same_as_gnu({.argv = {"tail", "d"}, .files = {{"d/x", ""}}});
}

// GNU would wait for the file to grow; here -f ends at the end of the input.
TEST_F(TailTest, FollowEndsAtEndOfInput) {
  write_file("f", "1\n2\n3\n");
  auto r = run({"tail", "-f", "-n", "2", "f"});
  EXPECT_EQ(r.out, "2\n3\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(run({"tail", "-F", "f"}).out, "1\n2\n3\n");
}

}  // namespace
}  // namespace kefka::test

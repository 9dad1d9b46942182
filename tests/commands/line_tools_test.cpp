#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class LineTools : public CommandFixture {
 protected:
  void all(const std::vector<std::vector<std::string>>& cases,
           const std::vector<std::pair<std::string, std::string>>& files,
           const std::string& input = "") {
    for (const auto& argv : cases)
      expect_same_as_gnu({.argv = argv, .input = input, .files = files});
  }
};

TEST_F(LineTools, MatchGnu) {
  TestData data;
  std::string text = data.text(200, false);
  std::string tabs =
      "a\tb\tc\n\t\tx\n  \t y\n        z  w\n1234567\t8\n        a       b\n \t \tq\n";
  std::string sorted1 = "a\nb\nc\ne\nf\n", sorted2 = "b\nc\nd\nf\ng\n", unsorted = "b\na\nc\n";
  std::string sections = "x\n\\:\\:\\:\nh\n\\:\\:\nb\n\nb2\n\\:\nf\n";
  std::vector<std::pair<std::string, std::string>> files = {
      {"text", text},
      {"tabs", tabs},
      {"s1", sorted1},
      {"s2", sorted2},
      {"u", unsorted},
      {"sections", sections},
      {"nonl", "a\nb"},
      {"empty", ""},
      {"long", std::string(200, 'x') + " " + std::string(30, 'y') + "\n"}};
  all({{"tac", "text"},
       {"tac", "nonl"},
       {"tac", "empty", "s1"},
       {"tac", "-s", "b", "text"},
       {"tac", "-b", "-s", "a", "text"},
       {"tac", "-b", "nonl"},
       {"nl", "text"},
       {"nl", "-ba", "text"},
       {"nl", "-bn", "text"},
       {"nl", "-nln", "text"},
       {"nl", "-nrz", "-w3", "-s:", "text"},
       {"nl", "-v5", "-i2", "text"},
       {"nl", "sections"},
       {"nl", "-ha", "-fa", "sections"},
       {"nl", "-ba", "-l2", "text"},
       {"nl", "-bpapple", "text"},
       {"nl", "-bx", "text"},
       {"nl", "-nxx", "text"},
       {"fold", "text"},
       {"fold", "-w", "10", "text"},
       {"fold", "-s", "-w", "10", "text"},
       {"fold", "-b", "-w7", "tabs"},
       {"fold", "-w5", "tabs"},
       {"fold", "-s", "-w", "20", "long"},
       {"fold", "-w", "0"},
       {"fold", "-3", "nonl"},
       {"expand", "tabs"},
       {"expand", "-t", "4", "tabs"},
       {"expand", "-t", "2,5,9", "tabs"},
       {"expand", "-i", "tabs"},
       {"expand", "-t", "3,2"},
       {"expand", "-t", "0"},
       {"expand", "-t", "x"},
       {"unexpand", "tabs"},
       {"unexpand", "-a", "tabs"},
       {"unexpand", "-t", "4", "tabs"},
       {"unexpand", "--first-only", "-a", "tabs"},
       {"paste", "s1", "s2"},
       {"paste", "-d,", "s1", "s2", "nonl"},
       {"paste", "-s", "s1", "s2"},
       {"paste", "-sd", ",;", "text"},
       {"paste", "-d", "\\t\\n", "s1", "s2", "s1"},
       {"paste", "-d", "", "s1", "s2"},
       {"paste", "empty", "s1"},
       {"comm", "s1", "s2"},
       {"comm", "-12", "s1", "s2"},
       {"comm", "-3", "s1", "s2"},
       {"comm", "--total", "s1", "s2"},
       {"comm", "--output-delimiter=|", "s1", "s2"},
       {"comm", "u", "s1"},
       {"comm", "--nocheck-order", "u", "s1"},
       {"comm", "--check-order", "u", "s1"},
       {"comm", "s1"},
       {"comm", "s1", "s2", "s1"},
       {"comm", "missing", "s1"}},
      files);
  expect_same_as_gnu({.argv = {"rev"}, .input = "abc\nxyz\nno newline"});
  expect_same_as_gnu({.argv = {"paste", "-", "s1"}, .input = "1\n2\n", .files = files});
}

}  // namespace
}  // namespace kefka::test

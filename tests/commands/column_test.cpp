#include <gtest/gtest.h>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class ColumnTest : public CommandFixture {};

TEST_F(ColumnTest, MatchesUtilLinux) {
  std::string seq30, words;
  for (int i = 1; i <= 30; ++i) seq30 += std::to_string(i) + "\n";
  for (int i = 0; i < 40; ++i)
    words += std::string(1 + i % 11, static_cast<char>('a' + i % 26)) + "\n";
  std::vector<std::pair<std::string, std::string>> files = {
      {"t", "a bb ccc\ndddd e f\n\n  x   y\n"},
      {"csv", "a,bb,,ccc\nd,e\n"},
      {"seq", seq30},
      {"words", words}};
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"-t", "t"},
                                             {"-t", "-s,", "csv"},
                                             {"-t", "-s,", "-o", "|", "csv"},
                                             {"seq"},
                                             {"-x", "seq"},
                                             {"-c", "40", "seq"},
                                             {"words"},
                                             {"-x", "words"},
                                             {"-c", "30", "words"}}) {
    std::vector<std::string> argv = {"column"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv, .files = files});
  }
}

}  // namespace
}  // namespace kefka::test

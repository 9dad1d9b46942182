#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class WcTest : public CommandFixture {};

TEST_F(WcTest, MatchesGnu) {
  TestData data;
  std::vector<std::pair<std::string, std::string>> files = {
      {"text", data.text(300, false)},
      {"bin", data.binary(30000)},
      {"empty", ""},
      {"ctl", "a\rbcd\fxy\vz\t\x01q\x80 w\n  \n"},
      {"big", data.text(5000)}};
  for (std::vector<std::string> flags :
       std::vector<std::vector<std::string>>{{},
                                             {"-l"},
                                             {"-w"},
                                             {"-c"},
                                             {"-m"},
                                             {"-L"},
                                             {"-lw"},
                                             {"-lwcmL"},
                                             {"--lines", "--bytes"}}) {
    for (std::vector<std::string> operands :
         std::vector<std::vector<std::string>>{{"text"},
                                               {"bin"},
                                               {"ctl"},
                                               {"empty"},
                                               {"text", "bin", "empty", "ctl", "big"},
                                               {"big", "-"},
                                               {"missing", "text"}}) {
      std::vector<std::string> argv = {"wc"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.insert(argv.end(), operands.begin(), operands.end());
      expect_same_as_gnu({.argv = argv, .input = "from stdin\n", .files = files});
    }
  }
  expect_same_as_gnu({.argv = {"wc"}, .input = "a b\nc"});
  expect_same_as_gnu({.argv = {"wc", "-l"}, .input = "a b\nc\n"});
  expect_same_as_gnu({.argv = {"wc", "d"}, .files = {{"d/x", ""}}});
  expect_same_as_gnu({.argv = {"wc", "-c", "d"}, .files = {{"d/x", ""}}});
  expect_same_as_gnu({.argv = {"wc", "--files0-from=list"},
                      .files = {{"list", std::string("a\0b", 3)}, {"a", "1 2\n"}, {"b", "x"}}});
}

}  // namespace
}  // namespace kefka::test

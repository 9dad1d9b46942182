#include <gtest/gtest.h>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class JoinTest : public CommandFixture {};

TEST_F(JoinTest, MatchesGnu) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"a", "1 apple red\n2 banana yellow\n2 bananas green\n4 date brown\n5 elder\n"},
      {"b", "1 x\n2 y\n3 z\n5 w extra\n"},
      {"c", "id,name\n1,ann\n3,cid\n"},
      {"d", "id,age\n1,30\n2,40\n3,50\n"},
      {"u", "b 1\na 2\n"},
      {"v", "a 1\nb 2\n"},
      {"ci", "A 1\nb 2\n"},
      {"cj", "a x\nB y\n"}};
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"a", "b"},
                                             {"-a1", "a", "b"},
                                             {"-a2", "a", "b"},
                                             {"-a1", "-a2", "a", "b"},
                                             {"-v1", "a", "b"},
                                             {"-v2", "a", "b"},
                                             {"-o", "1.2,2.2,0", "a", "b"},
                                             {"-e", "NA", "-a1", "-o", "0,1.2,2.2", "a", "b"},
                                             {"-o", "auto", "-e", "-", "-a1", "a", "b"},
                                             {"-t,", "c", "d"},
                                             {"-t,", "--header", "c", "d"},
                                             {"-t,", "-a2", "c", "d"},
                                             {"-1", "2", "-2", "1", "v", "u"},
                                             {"u", "v"},
                                             {"--nocheck-order", "u", "v"},
                                             {"-i", "ci", "cj"},
                                             {"ci", "cj"},
                                             {"-j", "1", "a", "b"},
                                             {"a"},
                                             {"a", "b", "c"},
                                             {"-o", "3.1", "a", "b"},
                                             {"-t", "ab", "a", "b"},
                                             {"-1", "0", "a", "b"},
                                             {"a", "missing"}}) {
    std::vector<std::string> argv = {"join"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv, .files = files});
  }
}

}  // namespace
}  // namespace kefka::test

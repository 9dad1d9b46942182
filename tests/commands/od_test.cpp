#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class OdTest : public CommandFixture {};

TEST_F(OdTest, MatchesGnu) {
  TestData data;
  std::vector<std::pair<std::string, std::string>> files = {
      {"bin", data.binary(300)},
      {"text", "hello world\nthis is od\n\ttab\x01\x7f\x80\xff"},
      {"zeros", std::string(100, '\0')},
      {"odd", "abcde"},
      {"empty", ""}};
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{},
                                             {"-c"},
                                             {"-b"},
                                             {"-x"},
                                             {"-d"},
                                             {"-o"},
                                             {"-s"},
                                             {"-i"},
                                             {"-l"},
                                             {"-a"},
                                             {"-t", "x1"},
                                             {"-t", "x1z"},
                                             {"-t", "u1"},
                                             {"-t", "d1"},
                                             {"-t", "o4"},
                                             {"-t", "x8"},
                                             {"-t", "d2", "-t", "c"},
                                             {"-tx1", "-tc"},
                                             {"-An", "-tx1"},
                                             {"-Ad", "-c"},
                                             {"-Ax", "-tx2"},
                                             {"-j", "5", "-N", "20", "-c"},
                                             {"-v"},
                                             {"-w8", "-tx1"},
                                             {"-w", "-tx1"},
                                             {"-tc", "-tx1z", "-w10"},
                                             {"-t", "q"},
                                             {"-A", "z"}}) {
    for (std::string f : {"bin", "text", "zeros", "odd", "empty"}) {
      std::vector<std::string> argv = {"od"};
      argv.insert(argv.end(), args.begin(), args.end());
      argv.push_back(f);
      expect_same_as_gnu({.argv = argv, .files = files});
    }
  }
}

}  // namespace
}  // namespace kefka::test

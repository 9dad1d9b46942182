#include <gtest/gtest.h>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class NumfmtTest : public CommandFixture {};

TEST_F(NumfmtTest, MatchesGnu) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--to=iec", "1024", "1536", "1025", "1000000", "1048575", "999", "0"},
           {"--to=si", "1000", "1500", "999999", "1", "10500"},
           {"--to=iec", "9.5"},
           {"--from=iec", "1K", "1.5M"},
           {"--from=si", "1K"},
           {"--from=auto", "1Ki", "1K"},
           {"--from=iec", "--to=si", "1M"},
           {"x"},
           {"--to=iec-i", "2048"},
           {"--to=iec", "--suffix=B", "2048"},
           {"--padding=8", "--to=iec", "2048"},
           {"--from=iec", "1X"},
           {"1K"},
           {"--to=foo", "1"},
           {"--to=si", "123456789012"}}) {
    std::vector<std::string> argv = {"numfmt"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv});
  }
  expect_same_as_gnu(
      {.argv = {"numfmt", "--field=2", "--to=iec"}, .input = "a 2048 b\nc 1000000 d\n"});
  expect_same_as_gnu({.argv = {"numfmt", "--header", "--to=si"}, .input = "SIZE\n5000\n"});
  expect_same_as_gnu(
      {.argv = {"numfmt", "-d", ",", "--field=2", "--to=iec"}, .input = "x,4096,y\n"});
}

}  // namespace
}  // namespace kefka::test

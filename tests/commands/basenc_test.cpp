#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class Basenc : public CommandFixture {};

TEST_F(Basenc, EncodeMatchesGnu) {
  TestData data;
  std::vector<std::pair<std::string, std::string>> files = {{"bin", data.binary(70000)},
                                                            {"one", "a"},
                                                            {"two", "ab"},
                                                            {"three", "abc"},
                                                            {"four", "abcd"},
                                                            {"seven", "abcdefg"},
                                                            {"empty", ""},
                                                            {"z85", "abcdefgh"}};
  for (std::vector<std::string> tool :
       std::vector<std::vector<std::string>>{{"base64"},
                                             {"base32"},
                                             {"base64", "-w", "0"},
                                             {"base64", "-w", "7"},
                                             {"base32", "-w1"},
                                             {"basenc", "--base64url"},
                                             {"basenc", "--base32hex"},
                                             {"basenc", "--base16"},
                                             {"basenc", "--base2msbf"},
                                             {"basenc", "--base2lsbf"},
                                             {"basenc", "--base16", "-w", "0"}}) {
    for (std::string f : {"bin", "one", "two", "three", "four", "seven", "empty"}) {
      auto argv = tool;
      argv.push_back(f);
      expect_same_as_gnu({.argv = argv, .files = files});
    }
  }
  expect_same_as_gnu({.argv = {"basenc", "--z85", "z85"}, .files = files});
  expect_same_as_gnu({.argv = {"basenc", "--z85", "seven"}, .files = files});
  expect_same_as_gnu({.argv = {"basenc"}});
  expect_same_as_gnu({.argv = {"base64", "-w", "x"}});
  expect_same_as_gnu({.argv = {"base64", "a", "b"}});
  expect_same_as_gnu({.argv = {"base64", "missing"}});
}

TEST_F(Basenc, DecodeMatchesGnu) {
  TestData data;
  std::string bin = data.binary(50000);
  auto enc64 = run({"base64"}, bin).out;
  auto enc32 = run({"base32"}, bin).out;
  auto enc16 = run({"basenc", "--base16"}, bin).out;
  ASSERT_EQ(run({"base64", "-d"}, enc64).out, bin);
  ASSERT_EQ(run({"base32", "-d"}, enc32).out, bin);
  ASSERT_EQ(run({"basenc", "-d", "--base16"}, enc16).out, bin);
  for (auto [tool, input] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"base64", "-d"}, enc64},
           {{"base64", "-d"}, "YQ"},
           {{"base64", "-d"}, "YQ==\nYg=="},
           {{"base64", "-d"}, "Y Q=="},
           {{"base64", "-di"}, "Y Q==!!"},
           {{"base64", "-d"}, "YQ==YQ=="},
           {{"base64", "-d"}, "YWJj\nZGVm\n"},
           {{"base64", "-d"}, "Y"},
           {{"base64", "-d"}, "YW=j"},
           {{"base32", "-d"}, "MFRA===="},
           {{"base32", "-d"}, "MFRA"},
           {{"base32", "-d"}, enc32},
           {{"basenc", "-d", "--base16"}, "6162"},
           {{"basenc", "-d", "--base2msbf"}, "0110000101100010"},
           {{"basenc", "-d", "--z85"}, "vpA.S"},
           {{"basenc", "-d", "--base64url"}, "YWI_"}}) {
    expect_same_as_gnu({.argv = tool, .input = input});
  }
}

}  // namespace
}  // namespace kefka::test

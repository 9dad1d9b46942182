#include <gtest/gtest.h>

#include <set>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class MiscTools : public CommandFixture {};

TEST_F(MiscTools, ExprMatchesGnu) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{},
                                             {"1", "+"},
                                             {"1", "2"},
                                             {"a", "+", "1"},
                                             {"1", "/", "0"},
                                             {"5", "%", "3", "*", "2", "+", "1"},
                                             {"abc", ":", "a\\(b\\)"},
                                             {"abc", ":", "ab"},
                                             {"abc", ":", "x"},
                                             {"abc", ":", "\\(x\\)"},
                                             {"length", "hello"},
                                             {"substr", "hello", "2", "3"},
                                             {"substr", "hello", "9", "1"},
                                             {"index", "hello", "l"},
                                             {"0"},
                                             {""},
                                             {"3", "<", "10"},
                                             {"a", "<", "b"},
                                             {"10", "=", "10.0"},
                                             {"1", "|", "0"},
                                             {"0", "&", "1"},
                                             {"", "|", "0"},
                                             {"(", "1", "+", "2", ")", "*", "3"},
                                             {"-5", "+", "2"},
                                             {"+", "length"},
                                             {"match", "abc", "b"},
                                             {"match", "abc", ".*c"},
                                             {"(", "1"},
                                             {"1", "+", "2", ")"},
                                             {"2", "-", "5"},
                                             {"7", "/", "2"},
                                             {"-7", "%", "3"},
                                             {"x", "!=", "y"},
                                             {"b", ">=", "a"},
                                             {"10", ">", "9"},
                                             {"10", ">", "9a"},
                                             {"--", "3", "+", "4"},
                                             {"a.b", ":", "a.b"}}) {
    std::vector<std::string> argv = {"expr"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv});
  }
}

TEST_F(MiscTools, CmpMatchesGnu) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"a", "hello\nworld\n"},
      {"b", "hello\nwurld\n"},
      {"c", "hello\n"},
      {"e", ""},
      {"bin", std::string("\x01\x80\xff", 3)},
      {"bin2", std::string("\x02\x81\xfe", 3)}};
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{{"a", "a"},
                                                                             {"a", "b"},
                                                                             {"a", "c"},
                                                                             {"c", "a"},
                                                                             {"e", "a"},
                                                                             {"-l", "a", "b"},
                                                                             {"-b", "a", "b"},
                                                                             {"-lb", "bin", "bin2"},
                                                                             {"-s", "a", "b"},
                                                                             {"-n", "3", "a", "b"},
                                                                             {"-i", "8", "a", "b"},
                                                                             {"a", "b", "8", "8"},
                                                                             {"a", "missing"},
                                                                             {"-l", "a", "c"}}) {
    std::vector<std::string> argv = {"cmp"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv, .files = files});
  }
}

TEST_F(MiscTools, FactorStringsTsortMatchGnu) {
  expect_same_as_gnu({.argv = {"factor", "1", "2", "12", "97", "1000000007", "18446744073709551615",
                               "600851475143"}});
  expect_same_as_gnu({.argv = {"factor", "x"}});
  expect_same_as_gnu({.argv = {"factor", "-1"}});
  expect_same_as_gnu({.argv = {"factor"}, .input = "10 21\n  35\n"});
  TestData data;
  std::vector<std::pair<std::string, std::string>> files = {
      {"bin", data.binary(20000) + "hello world\x01" + "abc\tdef"}};
  for (std::vector<std::string> argv :
       std::vector<std::vector<std::string>>{{"strings", "bin"},
                                             {"strings", "-n", "8", "bin"},
                                             {"strings", "-t", "x", "bin"},
                                             {"strings", "-td", "-n6", "bin"}}) {
    expect_same_as_gnu({.argv = argv, .files = files});
  }
  expect_same_as_gnu({.argv = {"tsort"}, .input = "a b\nb c\nd e\nc e\nx x\n"});
  expect_same_as_gnu(
      {.argv = {"tsort"}, .input = "3 8\n3 10\n5 11\n7 8\n7 11\n8 9\n11 2\n11 9\n11 10\n"});
  expect_same_as_gnu({.argv = {"tsort"}, .input = "a b c"});
}

TEST_F(MiscTools, ShufIsAPermutationAndSeedable) {
  write_file("seed", "seed bytes");
  std::string in = "1\n2\n3\n4\n5\n6\n7\n8\n";
  auto a = run({"shuf", "--random-source=seed"}, in);
  auto b = run({"shuf", "--random-source=seed"}, in);
  EXPECT_EQ(a.out, b.out);
  std::multiset<char> x(a.out.begin(), a.out.end()), y(in.begin(), in.end());
  EXPECT_EQ(x, y);
  auto three = run({"shuf", "-n", "3", "-i", "1-10"}).out;
  EXPECT_EQ(std::count(three.begin(), three.end(), '\n'), 3);
  auto e = run({"shuf", "-e", "a", "b", "c"});
  EXPECT_EQ(e.out.size(), 6u);
  auto r = run({"shuf", "-r", "-n", "5", "-e", "x"});
  EXPECT_EQ(r.out, "x\nx\nx\nx\nx\n");
  expect_same_as_gnu({.argv = {"shuf", "-i", "5-1"}});
  expect_same_as_gnu({.argv = {"shuf", "-n", "x"}});
}

}  // namespace
}  // namespace kefka::test

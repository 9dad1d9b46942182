#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class SortTest : public CommandFixture {};

TEST_F(SortTest, MatchesGnu) {
  TestData data;
  std::string fields;
  for (int i = 0; i < 400; ++i) {
    fields += std::to_string(data.pick(30)) + ":" + "abcXYZ  "[data.pick(8)] +
              std::to_string(data.pick(5)) + ":" + std::to_string(data.pick(1000) * 0.37) + " " +
              std::to_string(data.pick(3)) + "K\t" + "JanFebmarDECxyz"[data.pick(15)] + "ul\n";
  }
  std::string versions =
      "a1.10\na1.2\na1.2a\n1.0~rc1\n1.0\nfile.tar.gz\nfile2.tar.gz\n.\n..\n.hidden\n"
      "v10\nv9\nv9.9.9\nlib-1.2.3.so\nlib-1.2.10.so\n";
  std::string human = "1K\n2M\n-1G\n0.5K\n100\n1.5M\n\n3k\n1T\n-5\n0K\n";
  std::vector<std::pair<std::string, std::string>> files = {
      {"text", data.text(400)},   {"fields", fields}, {"nums", data.numbers(400)},
      {"bin", data.binary(3000)}, {"ver", versions},  {"human", human},
      {"nonl", "b\na\nc"},        {"empty", ""},      {"dups", data.lines_from("aAbB ", 300, 3)}};
  std::vector<std::vector<std::string>> cases = {{"text"},
                                                 {"-r", "text"},
                                                 {"-f", "text"},
                                                 {"-d", "text"},
                                                 {"-i", "bin"},
                                                 {"bin"},
                                                 {"-b", "text"},
                                                 {"-n", "nums"},
                                                 {"-rn", "nums"},
                                                 {"-g", "nums"},
                                                 {"-h", "human"},
                                                 {"-V", "ver"},
                                                 {"-u", "dups"},
                                                 {"-fu", "dups"},
                                                 {"-s", "-f", "dups"},
                                                 {"-c", "text"},
                                                 {"-C", "nonl"},
                                                 {"nonl", "empty", "text"},
                                                 {"-z", "nonl"},
                                                 {"-t", ":", "-k2", "fields"},
                                                 {"-t", ":", "-k1,1n", "fields"},
                                                 {"-t", ":", "-k1,1nr", "-k3,3g", "fields"},
                                                 {"-t:", "-k2.2,2.2", "fields"},
                                                 {"-k2", "fields"},
                                                 {"-k2b", "fields"},
                                                 {"-bk2,2", "fields"},
                                                 {"-k2,2", "-s", "fields"},
                                                 {"-k3,3M", "fields"},
                                                 {"-k1.2,1.3", "fields"},
                                                 {"-k1,1", "-u", "fields"},
                                                 {"-t", ":", "-k3n", "-k1", "fields"},
                                                 {"-k2.3b,2.5", "fields"},
                                                 {"-n", "-k2", "fields"},
                                                 {"-M", "fields"},
                                                 {"--sort=numeric", "nums"},
                                                 {"-h", "-r", "human"},
                                                 {"-k1,1h", "human"},
                                                 {"-c", "-u", "dups"},
                                                 {"-cu", "empty"},
                                                 {"-t", ":", "-k2,2d", "-k1,1rn", "fields"},
                                                 {"-t", "\\0", "-k1", "text"},
                                                 {"-Vr", "ver"},
                                                 {"-k", "1.5n", "nums"},
                                                 // errors
                                                 {"-k", "0", "text"},
                                                 {"-k", "1.0", "text"},
                                                 {"-k", "x", "text"},
                                                 {"-k1z", "text"},
                                                 {"-t", "ab", "text"},
                                                 {"-t", "", "text"},
                                                 {"-dn", "text"},
                                                 {"-nR", "text"},
                                                 {"--sort=foo", "text"},
                                                 {"missing"},
                                                 {"-c", "text", "nums"},
                                                 {"-q"}};
  for (const auto& args : cases) {
    std::vector<std::string> argv = {"sort"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv, .files = files});
  }
}

TEST_F(SortTest, OutputFileAndStdin) {
  expect_same_as_gnu({.argv = {"sort", "-o", "f", "f"}, .files = {{"f", "b\na\n"}}});
  EXPECT_EQ(read_file("f"), "a\nb\n");
  expect_same_as_gnu({.argv = {"sort", "-", "f"}, .input = "z\ny\n", .files = {{"f", "m\n"}}});
  expect_same_as_gnu({.argv = {"sort", "-o", "/nonexistent/x", "f"}, .files = {{"f", "m\n"}}});
  expect_same_as_gnu({.argv = {"sort", "d"}, .files = {{"d/x", ""}}});
}

TEST_F(SortTest, RandomGroupsEqualKeysAndIsSeedable) {
  write_file("seed", "fixed seed");
  std::string in = "a\nb\na\nc\nb\na\n";
  auto r1 = run({"sort", "-R", "--random-source=seed"}, in);
  auto r2 = run({"sort", "-R", "--random-source=seed"}, in);
  EXPECT_EQ(r1.out, r2.out);
  ASSERT_EQ(r1.out.size(), in.size());
  // Identical lines are adjacent.
  std::string out = r1.out;
  for (char c : std::string("abc")) {
    size_t first = out.find(c), last = out.rfind(c);
    for (size_t i = first; i <= last; i += 2) EXPECT_EQ(out[i], c) << out;
  }
}

TEST_F(SortTest, LargeInputUsesBothHalves) {
  TestData data(7);
  std::string big = data.lines_from("abcdefghij", 300000, 8);
  expect_same_as_gnu({.argv = {"sort"}, .input = big});
  expect_same_as_gnu({.argv = {"sort", "-s", "-k1.1,1.1"}, .input = big});
}

}  // namespace
}  // namespace kefka::test

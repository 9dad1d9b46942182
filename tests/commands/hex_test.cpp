// Differential tests for xxd and hexdump/hd against the host tools (xxd from
// the xxd package, hexdump/hd from bsdextrautils).
#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class HexTest : public CommandFixture {
 protected:
  std::vector<std::pair<std::string, std::string>> files() {
    TestData data;
    std::string zeros_mixed = std::string(64, '\0') + "abc" + std::string(80, '\0') + "z";
    return {{"bin", data.binary(300)},
            {"text", "hello world\nthis is xxd\n\ttab\x01\x7f\x80\xff"},
            {"zeros", std::string(100, '\0')},
            {"mixed", zeros_mixed},
            {"odd", "abcde"},
            {"one", "A"},
            {"empty", ""},
            {"9-name.c", "int x;\n"}};
  }
  void check_all(const std::string& tool, const std::vector<std::vector<std::string>>& option_sets,
                 const std::vector<std::string>& names = {"bin", "text", "zeros", "mixed", "odd",
                                                          "one", "empty"}) {
    auto fs = files();
    for (const auto& args : option_sets) {
      for (const std::string& f : names) {
        std::vector<std::string> argv = {tool};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back(f);
        expect_same_as_gnu({.argv = argv, .files = fs});
      }
    }
  }
};

TEST_F(HexTest, XxdDumpsLikeHost) {
  check_all("xxd", {{},
                    {"-c", "8"},
                    {"-c8"},
                    {"-cols", "5"},
                    {"-c", "7", "-g", "3"},
                    {"-g", "0"},
                    {"-g4"},
                    {"-g", "1"},
                    {"-g", "100"},
                    {"-u"},
                    {"-l", "20"},
                    {"-len", "0x11"},
                    {"-s", "5"},
                    {"-s", "-7"},
                    {"-s", "1000"},
                    {"-s", "3", "-l", "9"},
                    {"-o", "100"},
                    {"-o", "0x10000000"},
                    {"-d"},
                    {"-a"},
                    {"-a", "-c", "4"},
                    {"-b"},
                    {"-b", "-c", "4"},
                    {"-e"},
                    {"-e", "-g", "2"},
                    {"-e", "-g", "8", "-c", "12"},
                    {"-e", "-g", "3"},
                    {"-c", "300"},
                    {"-c", "256"},
                    {"-p"},
                    {"-ps"},
                    {"-p", "-c", "7"},
                    {"-p", "-c", "0"},
                    {"-p", "-u", "-l", "10"},
                    {"-i"},
                    {"-i", "-c", "5"},
                    {"-i", "-u"},
                    {"-i", "-C"},
                    {"-i", "-n", "my_var"},
                    {"-x"}});
  check_all("xxd", {{"-i"}, {"-i", "-C"}}, {"9-name.c"});
  auto fs = files();
  expect_same_as_gnu({.argv = {"xxd", "missing"}, .files = fs});
  for (const auto& [name, content] : fs) {
    expect_same_as_gnu({.argv = {"xxd"}, .input = content});
    expect_same_as_gnu({.argv = {"xxd", "-i"}, .input = content});
    expect_same_as_gnu({.argv = {"xxd", "-p", "-"}, .input = content});
  }
}

TEST_F(HexTest, XxdEdgeArgumentsLikeHost) {
  check_all("xxd",
            {{"-l", "-5"},
             {"-c", "0"},
             {"-c", "-3"},
             {"-g", "-1"},
             {"-o", "-16"},
             {"-a", "-b"},
             {"-a", "-e"},
             {"-a", "-a"},
             {"-s", "+3"},
             {"-s3"},
             {"-seek", "0x20"},
             {"--cols=4"},
             {"-d", "-s", "1"},
             {"-u", "-b"},
             {"-i", "-p"},
             {"-p", "-i"},
             {"-z"},
             {"-h"},
             {"--", "-c"},
             {"-E"},
             {"-E", "-c", "256"},
             {"-E", "-p"}},
            {"bin", "odd", "empty", "mixed"});
  auto fs = files();
  expect_same_as_gnu({.argv = {"xxd", "odd", "out", "extra"}, .files = fs});
  expect_same_as_gnu({.argv = {"xxd", "-c"}, .files = fs});
  for (std::string input : {std::string("0123456789abcdef0123"), std::string("xy")}) {
    for (std::vector<std::string> argv :
         std::vector<std::vector<std::string>>{{"xxd", "-s", "5"},
                                               {"xxd", "-s", "+5"},
                                               {"xxd", "-s", "20"},
                                               {"xxd", "-s", "21"},
                                               {"xxd", "-s", "-3"},
                                               {"xxd", "-i", "-n", "data"},
                                               {"xxd", "-i", "-C", "-n", "data"},
                                               {"xxd", "-l", "4", "-p"}}) {
      expect_same_as_gnu({.argv = argv, .input = input});
    }
  }
}

TEST_F(HexTest, XxdRevertsLikeHost) {
  TestData data;
  std::string bin = data.binary(1000);
  for (std::string input :
       {std::string(""), std::string("abc"), bin, std::string(70, '\0') + "q"}) {
    for (std::vector<std::string> opts : std::vector<std::vector<std::string>>{
             {}, {"-c", "8"}, {"-g", "1"}, {"-u"}, {"-c", "5", "-g", "3"}, {"-a"}, {"-o", "16"}}) {
      std::vector<std::string> argv = {"xxd"};
      argv.insert(argv.end(), opts.begin(), opts.end());
      RunResult dump = run(argv, input);
      ASSERT_EQ(dump.status, 0);
      std::vector<std::string> back = {"xxd", "-r"};
      if (opts.size() >= 2 && opts[0] == "-c") back.insert(back.end(), {opts[0], opts[1]});
      expect_same_as_gnu({.argv = back, .input = dump.out});
      if (opts.empty()) EXPECT_EQ(run(back, dump.out).out, input);
    }
    RunResult plain = run({"xxd", "-p"}, input);
    expect_same_as_gnu({.argv = {"xxd", "-r", "-p"}, .input = plain.out});
    EXPECT_EQ(run({"xxd", "-r", "-p"}, plain.out).out, input);
    expect_same_as_gnu({.argv = {"xxd", "-r", "-ps"}, .input = "41 42\n4 3\n\t44zz45"});
  }
  // Addresses with gaps, patches and -s offsets.
  expect_same_as_gnu({.argv = {"xxd", "-r"}, .input = "00000010: 4142 4344  ABCD\n"});
  expect_same_as_gnu({.argv = {"xxd", "-r", "-s", "5"}, .input = "00000002: 41 42\n"});
  expect_same_as_gnu({.argv = {"xxd", "-r"}, .input = "0: 41 42 43 44 45 46\n3: 7a\n"});
  expect_same_as_gnu({.argv = {"xxd", "-r"}, .input = "garbage line\n00000000: 4142\r\n"});
  expect_same_as_gnu({.argv = {"xxd", "-r", "in", "out"},
                      .files = {{"in", "00000002: 5858\n"}, {"out", "abcdefgh"}}});
  expect_same_as_gnu({.argv = {"xxd", "-r", "-i"}, .input = "  0x41\n"});
}

TEST_F(HexTest, XxdWritesOutfile) {
  write_file("/home/user/in", "hello");
  RunResult r = run({"xxd", "in", "out"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(read_file("/home/user/out"),
            "00000000: 6865 6c6c 6f                             hello\n");
  write_file("/home/user/old", "abcdefgh");
  write_file("/home/user/patch", "00000002: 5858\n");
  EXPECT_EQ(run({"xxd", "-r", "patch", "old"}).status, 0);
  EXPECT_EQ(read_file("/home/user/old"), "abXXefgh");
}

TEST_F(HexTest, HexdumpCannedFormatsLikeHost) {
  check_all("hexdump", {{},
                        {"-C"},
                        {"-b"},
                        {"-c"},
                        {"-d"},
                        {"-o"},
                        {"-x"},
                        {"-v"},
                        {"-C", "-v"},
                        {"-n", "20", "-C"},
                        {"-s", "5", "-C"},
                        {"-s", "0x10", "-n", "7", "-x"},
                        {"-s", "1000"},
                        {"-b", "-c"},
                        {"-C", "-x"},
                        {"--canonical"},
                        {"-n", "junk"}});
  check_all("hd", {{}, {"-b"}, {"-v"}, {"-n", "3"}});
  auto fs = files();
  expect_same_as_gnu({.argv = {"hexdump", "missing"}, .files = fs});
  expect_same_as_gnu({.argv = {"hexdump", "-C", "odd", "missing", "text"}, .files = fs});
  expect_same_as_gnu({.argv = {"hexdump", "-C", "odd", "text", "mixed"}, .files = fs});
  for (const auto& [name, content] : fs) {
    expect_same_as_gnu({.argv = {"hexdump"}, .input = content});
    expect_same_as_gnu({.argv = {"hd"}, .input = content});
  }
}

TEST_F(HexTest, HexdumpFormatStringsLikeHost) {
  check_all("hexdump", {{"-e", R"("%07.7_ax " 4/2 "%04x " "\n")", "-e", R"("|" 8/1 "%_c" "|\n")"},
                        {"-e", R"(4/1 "%_u" "\n")"},
                        {"-e", R"(1/4 "%d" "\n")"},
                        {"-e", R"(/2 "%6i\n")"},
                        {"-e", R"(1/8 "%-20lld|\n")"},
                        {"-e", R"(4/1 "%3o" "\n")"},
                        {"-e", R"("%08.8_Ao\n")", "-e", R"(8/1 "%02X")", "-e", R"("\n")"},
                        {"-e", R"(16/1 "%_p" "\n")"},
                        {"-e", R"("%_ad: " 3/1 "%c" "\t%% done\n")"},
                        {"-e", R"(1/8 "%s\n")"},
                        {"-e", R"("%8.3s\n")"},
                        {"-e", R"(1/4 "%e\n")"},
                        {"-e", R"(2/8 "%.3g " "\n")"},
                        {"-e", R"(x "%d")"},
                        {"-e", R"(3/3 "%x")"},
                        {"-e", R"("%s\n")"},
                        {"-e", R"("%k")"},
                        {"-e", R"("abc\n")"},
                        {"-e", R"("%_Ad\n")", "-e", R"("%_ao " 5/1 "%_u|" "\n")"},
                        {"-e", R"(4/1 "%3_c" 4/1 "%-5x" 2/1 "%#o" "\n")"},
                        {"-e", R"(2/2 "%+d " 1 "\n")"},
                        {"-e", R"(10/1 "%02x" "\n")", "-v"},
                        {"-e", R"(1/2 "%x" 1/1 "%c" "\n")", "-n", "11", "-s", "2"}});
  auto fs = files();
  fs.push_back({"fmt", "# comment\n\"%08.8_ax \" 4/1 \"%02x \" \"\\n\"\n\n  1/4 \"%u\\n\"\n"});
  for (std::string f : {"bin", "odd", "empty"})
    expect_same_as_gnu({.argv = {"hexdump", "-f", "fmt", f}, .files = fs});
  expect_same_as_gnu({.argv = {"hexdump", "-f", "nofile", "odd"}, .files = fs});
}

// Hostile dumps and formats get an error, not gigabytes of zeros or a crash.
TEST_F(HexTest, HostileInputIsBounded) {
  RunResult r = run({"xxd", "-r"}, "7fffffffffffffff: 41\n");
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("limit"), std::string::npos) << r.err;
  r = run({"xxd", "-r", "-s", "-9000000000000000000"}, "0: 41\n");
  EXPECT_NE(r.status, 0);
  r = run({"hexdump", "-e", R"(1000000/1000000 "%s")"}, "abc");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("bad format"), std::string::npos) << r.err;
  r = run({"hexdump", "-e", R"(99999999999 "%x")"}, "abcd");
  EXPECT_EQ(r.status, 0);  // the count saturates; one block of 4 MiB of output
  r = run({"xxd", "-p", "-r"}, std::string(1 << 20, 'z') + "4142");
  EXPECT_EQ(r.out, "AB");
}

}  // namespace
}  // namespace kefka::test

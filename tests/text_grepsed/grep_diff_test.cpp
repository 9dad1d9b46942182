// Differential tests of grep/egrep/fgrep against GNU grep 3.8 on this machine
// (LC_ALL=C.UTF-8 on both sides unless a test says otherwise).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include <sys/stat.h>

#include "../support/command_fixture.h"
#include "vfs/host_backend.h"

namespace kefka::test {
namespace {

const char* const kText =
    "foo bar\n"
    "Foo Bar baz\n"
    "foofoo\n"
    " barfoo foo_bar\n"
    "123 456 7890\n"
    "aab abc abcd\n"
    "fofo fo\n"
    "<tag> x|y a{2} a\\b\n"
    "\n"
    "\ttab\tfoo\n"
    "FOO\n"
    "caf\xc3\xa9 na\xc3\xafve \xc3\x89"
    "COLE\n"
    "end";

class GrepDiffTest : public CommandFixture {
 protected:
  void SetUp() override { env["LC_ALL"] = "C.UTF-8"; }

  std::vector<std::pair<std::string, std::string>> files() const {
    std::string long_line(100000, 'x');
    long_line += " needle ";
    long_line += std::string(1000, 'y');
    return {{"text", kText},
            {"noeol", "abc\nfoo bar"},
            {"empty", ""},
            {"bin", std::string("text\0foo\nbar foo\n", 17)},
            {"long", long_line + "\nfoo\n"},
            {"crlf", "foo\r\nbar\r\n"}};
  }

  void check(std::vector<std::string> argv, std::string input = "") {
    expect_same_as_gnu({.argv = std::move(argv), .input = std::move(input), .files = files()});
  }

  // For -r: the order of directory entries differs (GNU: readdir order), so
  // compare sorted output lines.
  void check_sorted(std::vector<std::string> argv,
                    std::vector<std::pair<std::string, std::string>> tree) {
    HostTempDir host;
    for (auto& [name, data] : tree) {
      host.write(name, data);
      for (size_t s = name.find('/'); s != std::string::npos; s = name.find('/', s + 1))
        if (!exists(name.substr(0, s))) mkdir(name.substr(0, s));
      write_file(name, data);
    }
    auto host_env = default_test_env();
    for (const auto& [k, v] : env) host_env[k] = v;
    ProcessResult expected = run_host(argv, "", host.path(), host_env);
    RunResult actual = run(argv);
    auto sorted = [](const std::string& s) {
      std::vector<std::string> lines;
      std::istringstream in(s);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      std::sort(lines.begin(), lines.end());
      return lines;
    };
    EXPECT_EQ(sorted(actual.out), sorted(expected.out)) << ::testing::PrintToString(argv);
    EXPECT_EQ(actual.status, expected.status) << ::testing::PrintToString(argv);
  }
};

const std::vector<std::string> kBasicPatterns = {
    "foo",
    "^foo",
    "foo$",
    "f.o",
    "fo*",
    "\\(fo\\)\\1",
    "[[:digit:]]\\+",
    "[^a-z ]",
    "\\<bar\\>",
    "\\bfoo\\b",
    "x\\|foo",
    "a\\{2\\}",
    "",
    "^$",
    "\\w\\+",
    "[[:upper:]]",
    ".*",
    "o\\?",
    "\\(a\\|b\\)*c",
    "a\\\\b",
    "x|y",
    "[]a]",
    "\\Bfoo",
    "foo\\>",
    "^\\(.*\\)$",
    "\\(o\\)\\(o\\).*\\2",
    "caf.",
    "[é]",
    "\\s",
    "\\S\\+$",
    "é*",
    "b[[:alpha:]]*$",
    // Fixed-length class sequences (matched without an automaton).
    "f[aeiou]o",
    "^[A-Z][a-z]",
    "[[:digit:]][[:digit:]][[:digit:]]",
    "o.$",
    "a+b",
    "x{2}",
    "[[:punct:]]",
    "[^a-z ][a-z]",
    "\\.",
    "^[[:space:]]",
};
const std::vector<std::string> kExtendedPatterns = {
    "foo|bar",
    "(ab)+",
    "[0-9]{2,}",
    "^(foo|baz) ",
    "a{,2}b",
    "o+$",
    "(a|ab)(c|bcd)(d*)",
    "\\<[a-z]+\\>",
    "\\bfo+\\b",
    "x\\|y",
    "a{2}",
    "(fo)\\1",
    "^$|end",
    "[[:space:]]+foo",
    "()",
    "a{1",
    "f[aeiou]o",
    "[0-9][0-9] [0-9]",
    "^[[:upper:]]",
    "[.]b",
    "\\|",
    "o[[:blank:]]$",
};
const std::vector<std::vector<std::string>> kFlagSets = {
    {},      {"-i"},  {"-v"},  {"-w"},  {"-x"},  {"-c"},  {"-n"},         {"-o"},  {"-l"},
    {"-L"},  {"-b"},  {"-h"},  {"-H"},  {"-m2"}, {"-A1"}, {"-B2"},        {"-C1"}, {"-q"},
    {"-vn"}, {"-on"}, {"-ic"}, {"-nw"}, {"-ob"}, {"-vc"}, {"-in", "-A2"}, {"-iw"}, {"-vx"},
};

TEST_F(GrepDiffTest, BasicPatternsTimesFlags) {
  for (const auto& p : kBasicPatterns) {
    for (const auto& flags : kFlagSets) {
      std::vector<std::string> argv = {"grep"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.push_back("-e");
      argv.push_back(p);
      argv.push_back("text");
      check(argv);
    }
  }
}

TEST_F(GrepDiffTest, ExtendedPatternsTimesFlags) {
  for (const auto& p : kExtendedPatterns) {
    for (const auto& flags : kFlagSets) {
      std::vector<std::string> argv = {"grep", "-E"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.push_back("--");
      argv.push_back(p);
      argv.push_back("text");
      check(argv);
    }
  }
}

TEST_F(GrepDiffTest, FixedStrings) {
  for (const std::string p : {"foo", "a{2}", "x|y", ".", "", "FOO", "a\\b", "foo\nbar"}) {
    for (const auto& flags : kFlagSets) {
      std::vector<std::string> argv = {"grep", "-F"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.insert(argv.end(), {"-e", p, "text"});
      check(argv);
    }
  }
  check({"fgrep", "x|y", "text"});
  check({"egrep", "x|y", "text"});
}

TEST_F(GrepDiffTest, PerlPatterns) {
  for (const std::string p : {"fo+(?=o)", "\\d{3}", "(?i)foo", "\\bba\\w", "(f)(o)\\2", "\\Afoo",
                              "(?<=\\s)foo", "o\\z", "^\\s*$", "\\Gfoo", "x$"}) {
    for (const std::vector<std::string> flags :
         {std::vector<std::string>{}, {"-o"}, {"-c"}, {"-w"}, {"-x"}, {"-i"}, {"-v"}}) {
      std::vector<std::string> argv = {"grep", "-P"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.insert(argv.end(), {"-e", p, "text"});
      check(argv);
    }
  }
}

TEST_F(GrepDiffTest, FilesAndInputs) {
  for (const std::vector<std::string> flags : {std::vector<std::string>{},
                                               {"-c"},
                                               {"-n"},
                                               {"-l"},
                                               {"-L"},
                                               {"-a"},
                                               {"-I"},
                                               {"-o"},
                                               {"-v"},
                                               {"-h"},
                                               {"-Z", "-l"},
                                               {"-b"},
                                               {"-s"},
                                               {"-q"},
                                               {"-z"},
                                               {"-zo"},
                                               {"-za"}}) {
    std::vector<std::string> argv = {"grep"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"foo", "text", "noeol", "empty", "bin", "long", "crlf", "missing"});
    check(argv);
    std::vector<std::string> stdin_argv = {"grep"};
    stdin_argv.insert(stdin_argv.end(), flags.begin(), flags.end());
    stdin_argv.push_back("foo");
    check(stdin_argv, kText);
    check(stdin_argv, std::string("a\0foo\nfoo\n", 10));
    check(stdin_argv, "foo");
  }
  check({"grep", "--label=LBL", "-H", "foo"}, "foo\n");
  check({"grep", "-c", "foo", "-"}, "foo\nfoo\n");
  check({"grep", "needle", "long"});
  check({"grep", "-o", "needle", "long"});
  check({"grep", "-b", "foo", "long"});
  check({"grep", "o", "bad"}, "x");
}

// Every pair of common flags over two files and stdin (generated).
TEST_F(GrepDiffTest, FlagPairs) {
  const std::vector<std::string> flags = {"-c", "-l", "-L", "-o", "-v", "-n",  "-h",  "-H", "-q",
                                          "-Z", "-b", "-i", "-w", "-x", "-m1", "-A1", "-B1"};
  for (size_t i = 0; i < flags.size(); ++i) {
    for (size_t j = i + 1; j < flags.size(); ++j) {
      check({"grep", flags[i], flags[j], "foo", "text", "noeol"});
      check({"grep", flags[i], flags[j], "-e", "o\\+"}, kText);
    }
  }
  check({"grep", "--exclude=t*", "foo", "text", "noeol"});
  check({"grep", "--include=n*", "foo", "text", "noeol"});
  check({"grep", "-f", "-", "text"}, "foo\nbaz\n");
  check({"grep", "-x", "-F", "-e", "foo", "-e", "FOO", "text"});
  check({"grep", "-w", "-F", "-e", "foo", "-e", "bar", "text"});
  check({"grep", "-ioE", "f(o|O)+", "text"});
}

TEST_F(GrepDiffTest, ContextAndMaxCount) {
  std::string input;
  for (int i = 0; i < 40; ++i)
    input += (i % 7 == 0 ? "match " : "line ") + std::to_string(i) + "\n";
  for (const std::vector<std::string> flags : {std::vector<std::string>{"-A2"},
                                               {"-B3"},
                                               {"-C1"},
                                               {"-C5"},
                                               {"-2"},
                                               {"-nA1"},
                                               {"-bB1"},
                                               {"-m2", "-A3"},
                                               {"-m1", "-C2", "-n"},
                                               {"-vC1"},
                                               {"-c", "-m3"},
                                               {"-A1", "--group-separator=XX"},
                                               {"-A1", "--no-group-separator"},
                                               {"-A1", "-C3"},
                                               {"-C3", "-B0"},
                                               {"-C2", "-A0", "-n"},
                                               {"-o", "-C2"},
                                               {"-m0"},
                                               {"-A0"},
                                               {"-vm5"}}) {
    std::vector<std::string> argv = {"grep"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.push_back("match");
    check(argv, input);
    std::vector<std::string> two = argv;
    two.insert(two.end(), {"-", "text"});
    check(two, input);
  }
}

TEST_F(GrepDiffTest, PatternSources) {
  write_file("pats", "foo\nbaz\n");
  expect_same_as_gnu(
      {.argv = {"grep", "-f", "pats", "text"}, .files = {{"text", kText}, {"pats", "foo\nbaz\n"}}});
  expect_same_as_gnu(
      {.argv = {"grep", "-f", "empty", "text"}, .files = {{"text", kText}, {"empty", ""}}});
  expect_same_as_gnu(
      {.argv = {"grep", "-v", "-f", "empty", "text"}, .files = {{"text", kText}, {"empty", ""}}});
  check({"grep", "-e", "foo", "-e", "baz", "text"});
  check({"grep", "foo\nbaz", "text"});
  check({"grep", "-E", "-e", "(a)\\1", "-e", "(o)\\1", "text"});
  check({"grep", "-c", "-e", "", "text"});
  check({"grep", "-f", "missing", "text"});
  for (const std::string& input :
       std::vector<std::string>{"", "\n", "\n\n", "x", std::string(1, 0), std::string("\0\n", 2)}) {
    check({"grep", "-c", ""}, input);
    check({"grep", ""}, input);
    check({"grep", "-v", "x"}, input);
    check({"grep", "-n", "^$"}, input);
    check({"grep", "-o", "x*"}, input);
    check({"grep", "-zc", ""}, input);
  }
}

TEST_F(GrepDiffTest, ErrorsAndExitStatus) {
  for (const std::string p : {"\\(", "[a", "a\\{1", "\\)", "a\\", "[[:foo:]]", "[:space:]", "\\1",
                              "[z-a]", "a\\{2,1\\}"}) {
    check({"grep", p, "text"});
  }
  for (const std::string p : {"(", "a{1,2", "a{99999}", ")"}) check({"grep", "-E", p, "text"});
  check({"grep"});
  check({"grep", "-A", "x", "foo", "text"});
  check({"grep", "-m", "x", "foo", "text"});
  check({"grep", "foo", "missing"});
  check({"grep", "-s", "foo", "missing"});
  check({"grep", "-q", "foo", "missing", "text"});
  check({"grep", "-q", "zzz", "missing", "text"});
  check({"grep", "--binary-files=bogus", "foo", "text"});
}

TEST_F(GrepDiffTest, Recursive) {
  std::vector<std::pair<std::string, std::string>> tree = {{"d/a.txt", "foo\n"},
                                                           {"d/b.c", "foo bar\n"},
                                                           {"d/sub/c.txt", "nofoo\nfoo\n"},
                                                           {"d/skip/x.txt", "foo\n"},
                                                           {"top.txt", "foo\n"}};
  for (const std::vector<std::string> argv : {std::vector<std::string>{"grep", "-r", "foo", "d"},
                                              {"grep", "-r", "foo"},
                                              {"grep", "-rn", "foo", "d", "top.txt"},
                                              {"grep", "-rl", "foo", "."},
                                              {"grep", "-rc", "foo", "d"},
                                              {"grep", "-r", "--include=*.txt", "foo", "d"},
                                              {"grep", "-r", "--exclude=*.txt", "foo", "d"},
                                              {"grep", "-r", "--exclude-dir=skip", "foo", "d"},
                                              {"grep", "-rh", "foo", "d"},
                                              {"grep", "-R", "foo", "d"},
                                              {"grep", "foo", "d"},
                                              {"grep", "-d", "skip", "foo", "d"},
                                              {"grep", "-rL", "bar", "d"},
                                              {"grep", "-r", "foo", "top.txt"}}) {
    check_sorted(argv, tree);
  }
}

TEST_F(GrepDiffTest, SymlinkLoopsUnderDereference) {
  mkdir("loop");
  write_file("loop/f", "foo\n");
  ASSERT_TRUE(fs().symlink("..", "loop/up").ok());
  ASSERT_TRUE(fs().symlink(".", "loop/self").ok());
  RunResult r = run({"grep", "-R", "foo", "loop"});
  EXPECT_EQ(r.out, "loop/f:foo\n");
  EXPECT_EQ(r.status, 0);
  // GNU 3.8 prints the same warnings (in its readdir order).
  EXPECT_EQ(r.err,
            "grep: loop/self: warning: recursive directory loop\n"
            "grep: loop/up/loop: warning: recursive directory loop\n");
  r = run({"grep", "-r", "foo", "loop"});  // -r does not follow them at all
  EXPECT_EQ(r.out, "loop/f:foo\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(GrepDiffTest, CLocaleIsByteOriented) {
  env["LC_ALL"] = "C";
  check({"grep", "-o", "caf.", "text"});
  check({"grep", "-c", "^.\\{4\\}$", "text"});
  check({"grep", "o", "bad"},
        "\xff"
        "o\n");
  // Byte-class sequences in the C locale: `.` and [^x] are single bytes.
  for (const char* p : {"caf..", "[^a-z][a-z]", "o.$", "^.[a-z]", "[^[:alpha:] ]"}) {
    check({"grep", "-on", p, "text"});
    check({"grep", "-c", p, "text"});
  }
  env["LC_ALL"] = "C.UTF-8";
  check({"grep", "-c", "^.\\{4\\}$", "text"});
}

// The engines are skipped when a line lacks a literal every match needs:
// quantified, grouped, bracketed and escaped parts must not count as needed.
TEST_F(GrepDiffTest, RequiredLiteralPrefilter) {
  std::string input =
      "fobar\nfoobar\nac\nabbbc\nxw\nxyzw\nnd\nn\xc3\xa9\xc3\xa9d\nabd\nbc\ncd\nababcd\n";
  for (std::vector<std::string> argv : {std::vector<std::string>{"grep", "-E", "foo?bar"},
                                        {"grep", "ab*c"},
                                        {"grep", "-E", "x(yz)?w"},
                                        {"grep", "-E", "n\xc3\xa9*d"},
                                        {"grep", "-E", "abc{0}d"},
                                        {"grep", "a\\{0\\}bd"},
                                        {"grep", "\\(ab\\)*cd"},
                                        {"grep", "-E", "(ab)+cd"},
                                        {"grep", "-E", "fo{2}bar"},
                                        {"grep", "-E", "fob|xw"},
                                        {"grep", "-o", "b\\+c"},
                                        {"grep", "-E", "[ab]+cd"}}) {
    check(argv, input);
    argv.insert(argv.begin() + 1, "-c");
    check(argv, input);
  }
}

// -w matches may touch: the non-word character before a match can be the
// end of the previous one ("..." holds three whole-word "."s).
TEST_F(GrepDiffTest, AdjacentWholeWordMatches) {
  for (std::string input : {"...\n", "a.b.c\n", "x..y\n", ".a.\n", "foo,foo,foo\n", "-- --\n"}) {
    for (std::vector<std::string> argv : {std::vector<std::string>{"grep", "-ow", "."},
                                          {"grep", "-ow", "[a-z]"},
                                          {"grep", "-ow", "foo"},
                                          {"grep", "-obw", "-"},
                                          {"grep", "-cw", "."},
                                          {"grep", "-Eow", "[.,-]+"}})
      check(argv, input);
  }
}

// GNU's default `-D read` reads devices and fifos named on the command line
// only: met while recursing they are skipped (a fifo would block or, over the
// host backend, fail with Permission denied).
TEST_F(GrepDiffTest, RecursionSkipsFifos) {
  HostTempDir host;
  host.write("d/a.txt", "foo\n");
  host.write("d/z.txt", "no\nfoo too\n");
  ASSERT_EQ(::mkfifo((host.path() + "/d/pipe").c_str(), 0644), 0);
  auto backend = vfs::HostBackend::create(host.path());
  ASSERT_TRUE(backend.ok());
  mkdir("mnt");
  ASSERT_TRUE(vfs().mount("/home/user/mnt", *backend).ok());
  cwd = "/home/user/mnt";
  for (std::vector<std::string> argv : {std::vector<std::string>{"grep", "-r", "foo"},
                                        {"grep", "-r", "foo", "d"},
                                        {"grep", "-rc", "foo", "d"},
                                        {"grep", "-rl", "foo", "."}}) {
    ProcessResult expected = run_host(argv, "", host.path(), default_test_env());
    RunResult actual = run(argv);
    auto sorted = [](const std::string& s) {
      std::vector<std::string> lines;
      std::istringstream in(s);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      std::sort(lines.begin(), lines.end());
      return lines;
    };
    EXPECT_EQ(sorted(actual.out), sorted(expected.out)) << ::testing::PrintToString(argv);
    EXPECT_EQ(actual.err, expected.err) << ::testing::PrintToString(argv);
    EXPECT_EQ(actual.status, expected.status) << ::testing::PrintToString(argv);
  }
}

}  // namespace
}  // namespace kefka::test

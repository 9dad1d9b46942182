// xargs against GNU xargs: the same input and command (registered commands
// on the kefka side, the host's coreutils on the GNU side).
#include <atomic>

#include "findx_support.h"

namespace kefka::test {
namespace {

class XargsTest : public TreeFixture {
 protected:
  void check(std::vector<std::string> argv, std::string input, bool stderr_too = true) {
    argv.insert(argv.begin(), "xargs");
    SCOPED_TRACE(::testing::PrintToString(argv) + " <<< " + ::testing::PrintToString(input));
    expect_tree_same({.argv = argv,
                      .tree = {file("f1", "one\n"), file("f2", "two\n"), file("list", "f1\nf2\n")},
                      .input = input,
                      .compare_stderr = stderr_too});
  }
};

const char* kInputs[] = {"",
                         "a b c\n",
                         "a b c",
                         "  a   b\t\tc  \n\n d \n",
                         "one\ntwo\nthree\nfour\nfive\n",
                         "a 'b c' \"d e\" f\\ g\n",
                         "x\\\ny\n",
                         "a b \nc d\ne\n",
                         "'' \"\" x\n",
                         "it's\n",
                         "\"open\n",
                         "a\nEND\nb\n",
                         "1 2 3 4 5 6 7 8 9 10 11 12\n"};

TEST_F(XargsTest, DefaultEcho) {
  for (const char* in : kInputs) check({}, in);
  for (const char* in : kInputs) check({"echo", "pre"}, in);
  for (const char* in : kInputs) check({"-r"}, in);
}

TEST_F(XargsTest, MaxArgsAndLines) {
  for (const char* in : kInputs) {
    check({"-n", "1"}, in);
    check({"-n", "2", "echo", "x"}, in);
    check({"-n", "5"}, in);
    check({"-L", "1"}, in);
    check({"-L", "2"}, in);
    check({"-l"}, in);
    check({"-r", "-L", "1", "echo", "line"}, in);
  }
  check({"-n", "0"}, "a\n");
  check({"-n", "x"}, "a\n");
  check({"-L", "0"}, "a\n");
}

TEST_F(XargsTest, Replace) {
  for (const char* in : kInputs) {
    check({"-I", "{}", "echo", "[{}]"}, in);
    check({"-I", "X", "echo", "X-X", "X"}, in);
    check({"-i", "echo", "<{}>"}, in);
    check({"-iQ", "echo", "Q"}, in);
  }
}

TEST_F(XargsTest, Delimiters) {
  check({"-0"}, std::string("a b\0c\0\0d\n\0", 11));
  check({"-0", "-n", "1"}, std::string("a b\0c\0\0d\n\0", 11));
  check({"-0"}, std::string("x\0y", 3));
  check({"-0", "-I", "{}", "echo", "<{}>"}, std::string("a b\0c\0", 6));
  check({"-d", "\\n"}, "a b\nc 'd\n\ne\n");
  check({"-d", ","}, "a,b,,c\n");
  check({"-d", ",", "-n", "2"}, "a,b,,c\n");
  check({"-d", "\\t"}, "a\tb\tc");
  check({"-d", "\\x41"}, "xAyAz");
  check({"-d", "\\101"}, "xAyAz");
  check({"-d", "ab"}, "xAyAz");
  check({"--null", "echo"}, std::string("p\0q\0", 4));
}

TEST_F(XargsTest, EofString) {
  check({"-E", "END"}, "a\nEND\nb\n");
  check({"-E", "END"}, "a END b\n");
  check({"-eEND"}, "a\nEND\nb\n");
  check({"-E", "x", "-n", "1"}, "a b x c\n");
  check({"-E", "END", "-I", "{}", "echo", "{}"}, "a\nEND\nb\n");
}

TEST_F(XargsTest, SizesAndExit) {
  check({"-s", "5", "echo"}, "a\n");
  check({"-s", "20", "echo"}, "aaa bbb ccc ddd eee fff ggg\n");
  check({"-s", "12"}, "aaa bbb ccc ddd eee\n");
  check({"-x", "-s", "8", "echo"}, "aaaaaaa\n");
  check({"-x", "-n", "3", "-s", "14", "echo"}, "aaa bbb ccc ddd\n");
  check({"-s", "x"}, "a\n");
  check({"-s", "0"}, "a\n");
}

TEST_F(XargsTest, Verbose) {
  check({"-t"}, "a b\n");
  check({"-t", "-n", "1", "echo", "x"}, "a b\n");
  check({"-t", "-I", "{}", "echo", "{}"}, "a b\nc\n");
  check({"-t", "-r"}, "");
  check({"-p", "echo"}, "a b\n");
}

TEST_F(XargsTest, ExitStatuses) {
  check({"false"}, "a\n");
  check({"-n", "1", "false"}, "a b c\n");
  check({"true"}, "a\n");
  check({"nosuchcmd"}, "a b\n");
  check({"-n", "1", "expr", "a", "="}, "a b a\n");
  check({"-s", "3"}, "a\n");
  check({"cat"}, "f1 f2\n");
  check({"cat"}, "f1 missing f2\n");
  check({"-a", "list", "cat"}, "ignored\n");
  check({"-a", "nofile"}, "");
  check({"-Q"}, "");
  check({"-n"}, "");
}

TEST_F(XargsTest, ParallelRunsEveryCommandOnce) {
  std::string input;
  for (int i = 0; i < 200; ++i) input += std::to_string(i) + "\n";
  auto r = run({"xargs", "-P", "4", "-n", "3", "echo", "line"}, input);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(sorted(r.out), sorted(run_host({"xargs", "-n", "3", "echo", "line"}, input).out));
  auto r0 = run({"xargs", "-P", "0", "-n", "1", "false"}, "a b c d\n");
  EXPECT_EQ(r0.status, 123);
}

// An executor that records calls and answers with a fixed status.
class FakeExecutor final : public cmd::Executor {
 public:
  int run_program(cmd::Context&, const std::vector<std::string>& argv, const cmd::Environment&,
                  FdTable& fds) override {
    calls.push_back(argv);
    (void)write_all(*fds.get(1), argv.back() + "\n");
    return argv.back() == "stop" ? 255 : 0;
  }
  std::vector<std::vector<std::string>> calls;
};

TEST_F(XargsTest, Status255Aborts) {
  FakeExecutor fake;
  executor = &fake;
  auto r = run({"xargs", "-n", "1", "echo"}, "a stop b\n");
  EXPECT_EQ(r.status, 124);
  EXPECT_EQ(r.out, "a\nstop\n");
  EXPECT_EQ(r.err, "xargs: echo: exited with status 255; aborting\n");
}

TEST_F(XargsTest, ChildStdinIsEmpty) {
  write_file("f1", "one\n");
  write_file("f2", "two\n");
  auto r = run({"xargs", "-n", "1", "cat"}, "f1\n-\nf2\n");
  EXPECT_EQ(r.out, "one\ntwo\n");
}

}  // namespace
}  // namespace kefka::test

// printf, echo, seq, basename, dirname, tee, env, sleep and the identity
// commands: differential against GNU where the output is comparable.
#include <gtest/gtest.h>

#include <chrono>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class SmallCommands : public CommandFixture {
 protected:
  void gnu(std::vector<std::string> argv, std::string input = "", std::string host_program = "") {
    expect_same_as_gnu({.argv = std::move(argv),
                        .input = std::move(input),
                        .host_program = std::move(host_program)});
  }
};

TEST_F(SmallCommands, Printf) {
  const std::string p = "/usr/bin/printf";
  std::vector<std::vector<std::string>> cases = {
      {"printf", "%d\\n", "abc"},
      {"printf", "%d\\n", "12abc"},
      {"printf", "%d|%s\\n", "1"},
      {"printf", "%z\\n", "x"},
      {"printf"},
      {"printf", "x\\n", "a", "b"},
      {"printf", "%d\\n", "99999999999999999999"},
      {"printf", "%q\\n", "a b", "it's", "", "$x", "\t"},
      {"printf", "%5.2f|%-5d|%05d|%x|%o|%e|%g|%c|%%\\n", "3.14159", "42", "42", "255", "8",
       "1234.5", "0.0001", "hello"},
      {"printf", "%b\\n", "a\\tb\\0101\\c", "zz"},
      {"printf", "%s\\n", "\\x41"},
      {"printf", "\\x41\\101\\u00e9\\n"},
      {"printf", "%*d|%-*d|\\n", "5", "1", "4", "2"},
      {"printf", "%.3s|%10s|%-4s|\\n", "abcdef", "r", "l"},
      {"printf", "%d %d\\n", "'A", "\"B"},
      {"printf", "%i %d\\n", "0x1F", "010"},
      {"printf", "%s %s\\n", "a", "b", "c"},
      {"printf", "%#x %#o %+d % d\\n", "255", "8", "5", "5"},
      {"printf", "%a\\n", "1"},
      {"printf", "%10.4e\\n", "12345.678"},
      {"printf", "%.0f %.0f\\n", "0.5", "1.5"},
      {"printf", "%d\\n", "-"},
      {"printf", "%u\\n", "-1"},
      {"printf", "a\\cb"},
      {"printf", "a%"},
      {"printf", "%.*d\\n", "3", "7"},
      {"printf", "%ld %lld %hd\\n", "1", "2", "3"},
      {"printf", "%s\\n"},
      {"printf", "%d\\n", ""},
      {"printf", "%5%|\\n"},
      {"printf", "--", "%s\\n", "x"},
      {"printf", "%c%c\\n", "", "x"},
      {"printf", "%b", "\\0"},
      {"printf", "%s-%s\\n", "1", "2", "3"},
      {"printf", "%x\\n", "1.5"},
      {"printf", "%f\\n", "abc"},
      {"printf", "%.2f\\n", "1e3"},
      {"printf", "\\e[1m\\a\\\"\\'\\q\\n"},
      {"printf", "--help-me"}};
  for (auto& c : cases) gnu(c, "", p);
}

TEST_F(SmallCommands, Echo) {
  const std::string e = "/usr/bin/echo";
  for (std::vector<std::string> c :
       std::vector<std::vector<std::string>>{{"echo"},
                                             {"echo", "a", "b"},
                                             {"echo", "-n", "x"},
                                             {"echo", "-e", "a\\tb\\n\\x41\\0101\\101"},
                                             {"echo", "-e", "a\\cb", "c"},
                                             {"echo", "-E", "a\\tb"},
                                             {"echo", "-neE", "x\\ty"},
                                             {"echo", "-nx", "y"},
                                             {"echo", "--", "-n"},
                                             {"echo", "-", "x"},
                                             {"echo", "-e", "\\xZ\\q\\\\"},
                                             {"echo", "--version", "x"},
                                             {"echo", "-e", "-n", "x"}}) {
    gnu(c, "", e);
  }
}

TEST_F(SmallCommands, Seq) {
  for (std::vector<std::string> c :
       std::vector<std::vector<std::string>>{{"seq", "5"},
                                             {"seq", "3", "7"},
                                             {"seq", "1", "2", "10"},
                                             {"seq", "5", "-1", "1"},
                                             {"seq", "10", "1"},
                                             {"seq", "-w", "1", "10"},
                                             {"seq", "-w", "-1", "1"},
                                             {"seq", "1.5", "3"},
                                             {"seq", "-w", "0.5", "1", "3"},
                                             {"seq", "-s,", "1", "5"},
                                             {"seq", "-s", "", "1", "3"},
                                             {"seq", "0.1", "0.1", "0.5"},
                                             {"seq", "1e2", "1e2"},
                                             {"seq", "-f", "%.3f", "1", "3"},
                                             {"seq", "-f", "x%gy", "1", "0.5", "2"},
                                             {"seq", "-f", "%05.1f", "1", "3"},
                                             {"seq", "-3", "-1"},
                                             {"seq", "0", "0.25", "1"},
                                             {"seq", "-w", "8", "12"},
                                             {"seq", "1", "0.1", "1.3"},
                                             {"seq"},
                                             {"seq", "1", "2", "3", "4"},
                                             {"seq", "x"},
                                             {"seq", "1", "0", "5"},
                                             {"seq", "-w", "-f", "%g", "1", "2"},
                                             {"seq", "-f", "a", "1", "2"},
                                             {"seq", "-f", "%d", "1", "2"},
                                             {"seq", "1", ""},
                                             {"seq", "-f", "%.2f %g", "1", "2"},
                                             {"seq", "-f", "%", "1"}}) {
    gnu(c);
  }
}

TEST_F(SmallCommands, BasenameDirname) {
  for (std::vector<std::string> c :
       std::vector<std::vector<std::string>>{{"basename", "/a/b/c.txt"},
                                             {"basename", "/a/b/c.txt", ".txt"},
                                             {"basename", "c.txt", "c.txt"},
                                             {"basename", "/"},
                                             {"basename", "//"},
                                             {"basename", "a//"},
                                             {"basename", ""},
                                             {"basename", "-a", "x/y", "z/w/"},
                                             {"basename", "-s", ".c", "a.c", "b.c", "c.h"},
                                             {"basename", "-z", "a/b"},
                                             {"basename"},
                                             {"basename", "a", "b", "c"},
                                             {"dirname", "/a/b/c"},
                                             {"dirname", "a"},
                                             {"dirname", "/"},
                                             {"dirname", "//a"},
                                             {"dirname", "a/b/"},
                                             {"dirname", "a//b//"},
                                             {"dirname", "", "/x"},
                                             {"dirname", "-z", "a/b"},
                                             {"dirname"},
                                             {"dirname", "///a///b"}}) {
    gnu(c);
  }
}

TEST_F(SmallCommands, TeeWritesFilesAndStdout) {
  write_file("old", "keep\n");
  auto r = run({"tee", "new", "-a", "old"}, "data\n");
  EXPECT_EQ(r.out, "data\n");
  EXPECT_EQ(read_file("new"), "data\n");
  EXPECT_EQ(read_file("old"), "keep\ndata\n");
  expect_same_as_gnu({.argv = {"tee", "nodir/x", "y"}, .input = "in\n"});
  EXPECT_EQ(read_file("y"), "in\n");
}

TEST_F(SmallCommands, EnvRunsCommandsAndEditsEnvironment) {
  env = {{"A", "1"}, {"B", "2"}};
  EXPECT_EQ(run({"env"}).out, "A=1\nB=2\n");
  EXPECT_EQ(run({"env", "-u", "A", "C=3"}).out, "B=2\nC=3\n");
  EXPECT_EQ(run({"env", "-i", "X=y", "printenv"}).out, "X=y\n");
  EXPECT_EQ(run({"env", "-", "printenv"}).out, "");
  EXPECT_EQ(run({"env", "B=5", "printenv", "B"}).out, "5\n");
  EXPECT_EQ(run({"env", "false"}).status, 1);
  EXPECT_EQ(run({"env", "-0"}).out, std::string("A=1\0B=2\0", 8));
  auto bad = run({"env", "-u", "a=b"});
  EXPECT_EQ(bad.err, "env: cannot unset 'a=b': Invalid argument\n");
  EXPECT_EQ(bad.status, 125);
  EXPECT_EQ(run({"env", "--bogus"}).status, 125);
  EXPECT_EQ(run({"env", "-S", "printenv A"}).out, "1\n");
  mkdir("sub");
  EXPECT_EQ(run({"env", "-C", "sub", "pwd"}).out, "/home/user/sub\n");
  EXPECT_EQ(run({"env", "-C", "nope", "pwd"}).status, 125);
  EXPECT_EQ(run({"env", "nonexistent-cmd"}).status, 127);
}

TEST_F(SmallCommands, SleepParsesAndIsCancellable) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(run({"sleep", "0.05", "0.05s"}).status, 0);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(95));
  gnu({"sleep", "x"});
  gnu({"sleep"});
  gnu({"sleep", "1y", "2q"});
  // A cancelled budget stops an infinite sleep.
  budget().cancel();
  EXPECT_THROW(run({"sleep", "inf"}), ExecAbort);
}

TEST_F(SmallCommands, IdentityAndStubs) {
  EXPECT_EQ(run({"uname"}).out, "Linux\n");
  EXPECT_EQ(run({"uname", "-s", "-m"}).out, "Linux x86_64\n");
  EXPECT_EQ(run({"hostname"}).out, "sandbox\n");
  env["HOSTNAME"] = "box.example";
  EXPECT_EQ(run({"uname", "-n"}).out, "box.example\n");
  EXPECT_EQ(run({"hostname", "-s"}).out, "box\n");
  EXPECT_EQ(run({"whoami"}).out, "user\n");
  EXPECT_EQ(run({"id"}).out, "uid=1000(user) gid=1000(user) groups=1000(user)\n");
  EXPECT_EQ(run({"pwd"}).out, "/home/user\n");
  EXPECT_EQ(run({"tty"}).out, "not a tty\n");
  EXPECT_EQ(run({"tty"}).status, 1);
  EXPECT_EQ(run({"printenv", "HOME"}).out, "/home/user\n");
  EXPECT_EQ(run({"printenv", "NOPE"}).status, 1);
  EXPECT_EQ(run({"nice", "echo", "hi"}).out, "hi\n");
  EXPECT_EQ(run({"nohup", "echo", "hi"}).out, "hi\n");
  for (std::string stub : {"curl", "wget", "ssh", "scp", "apt", "apt-get", "pip", "pip3"}) {
    auto r = run({stub, "https://example.com"});
    EXPECT_EQ(r.err, stub + ": network access is not available in this sandbox\n");
    EXPECT_EQ(r.status, 1);
  }
  EXPECT_EQ(run({"sudo", "ls"}).status, 1);
}

// A sink that takes `limit` bytes and then reports a closed pipe.
class ClosingSink final : public Stream {
 public:
  explicit ClosingSink(size_t limit) : limit_(limit) {}
  Result<size_t> write(std::string_view data) override {
    if (data_.size() >= limit_) return Errno{EPIPE};
    data_.append(data.substr(0, limit_ - data_.size()));
    return data.size();
  }
  bool writable() const override { return true; }
  std::string data_;

 private:
  size_t limit_;
};

TEST_F(SmallCommands, YesStopsOnBrokenPipeWith141) {
  auto sink = std::make_shared<ClosingSink>(100000);
  FdTable fds;
  fds.set(0, std::make_shared<StringSource>(""));
  fds.set(1, sink);
  fds.set(2, std::make_shared<StringSink>());
  cmd::Context ctx{
      .argv = {"yes", "ab", "c"}, .env = env, .fs = fs(), .fds = fds, .budget = budget()};
  EXPECT_EQ(cmd::run_command(*cmd::find_command("yes"), ctx), 141);
  EXPECT_EQ(sink->data_.substr(0, 10), "ab c\nab c\n");
}

}  // namespace
}  // namespace kefka::test

namespace kefka::test {
namespace {

class ProgramRunners : public CommandFixture {};

TEST_F(ProgramRunners, TimeoutStopsLongCommandsWith124) {
  auto start = std::chrono::steady_clock::now();
  auto r = run({"timeout", "0.1", "sleep", "5"});
  EXPECT_EQ(r.status, 124);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(run({"timeout", "--preserve-status", "0.05", "sleep", "5"}).status, 143);
  EXPECT_EQ(run({"timeout", "-s", "KILL", "--preserve-status", "0.05", "sleep", "5"}).status, 137);
  EXPECT_EQ(run({"timeout", "5", "echo", "fast"}).out, "fast\n");
  EXPECT_EQ(run({"timeout", "5", "false"}).status, 1);
  EXPECT_EQ(run({"timeout", "0", "true"}).status, 0);
  expect_same_as_gnu({.argv = {"timeout", "x", "true"}});
  expect_same_as_gnu({.argv = {"timeout"}});
  expect_same_as_gnu({.argv = {"timeout", "5"}});
  expect_same_as_gnu({.argv = {"timeout", "-s", "FOO", "1", "true"}});
  auto v = run({"timeout", "-v", "0.05", "sleep", "1"});
  EXPECT_EQ(v.err, "timeout: sending signal TERM to command 'sleep'\n");
}

TEST_F(ProgramRunners, WhichSearchesPathInTheSandbox) {
  mkdir("/home/user/bin");
  write_file("/home/user/bin/tool", "#!/bin/sh\n", 0755);
  write_file("/home/user/bin/data", "x", 0644);
  mkdir("/home/user/bin2");
  write_file("/home/user/bin2/tool", "#!/bin/sh\n", 0755);
  env["PATH"] = "/home/user/bin:/home/user/bin2";
  EXPECT_EQ(run({"which", "tool"}).out, "/home/user/bin/tool\n");
  EXPECT_EQ(run({"which", "-a", "tool"}).out, "/home/user/bin/tool\n/home/user/bin2/tool\n");
  auto missing = run({"which", "data", "tool"});
  EXPECT_EQ(missing.out, "/home/user/bin/tool\n");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(run({"which", "./bin/tool"}).out, "./bin/tool\n");
  EXPECT_EQ(run({"which", "./bin/data"}).status, 1);
  EXPECT_EQ(run({"which", "bin/tool"}).out, "bin/tool\n");
}

}  // namespace
}  // namespace kefka::test

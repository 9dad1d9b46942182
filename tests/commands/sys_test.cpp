// ps, uptime, free, stty, clear and users: the sandbox's own view of the
// system. Differential against procps/coreutils/ncurses where the output does
// not depend on the host (stty without a terminal, clear's bytes, usage
// errors), layout regexes where it does (uptime, free, ps columns).
#include <gtest/gtest.h>

#include <regex>

#include "../support/command_fixture.h"
#include "vfs/quota.h"

namespace kefka::test {
namespace {

// The CLI's interactive terminal, as seen by commands.
class TerminalInput final : public Stream {
 public:
  Result<size_t> read(std::span<char>) override { return size_t{0}; }
  bool readable() const override { return true; }
  bool is_terminal() const override { return true; }
};

class SysCommands : public CommandFixture {
 protected:
  RunResult gnu(std::vector<std::string> argv, std::string input = "") {
    return expect_same_as_gnu({.argv = std::move(argv), .input = std::move(input)});
  }
  RunResult run_on_terminal(std::vector<std::string> argv) {
    return run_with(std::move(argv), std::make_shared<TerminalInput>(), fs());
  }
  // A sandbox whose memory filesystem has a quota, as Sandbox builds it.
  RunResult run_with_quota(std::vector<std::string> argv, uint64_t max_bytes, uint64_t stored = 0) {
    Limits limits;
    limits.max_fs_bytes = max_bytes;
    auto quota = std::make_shared<vfs::Quota>(limits);
    vfs::Vfs v(std::make_shared<vfs::MemoryBackend>(quota), limits);
    vfs::FsView root(v, vfs::Caller{.cwd = "/", .cred = {0, 0}});
    if (stored > 0) EXPECT_TRUE(root.write_file("/data", std::string(stored, 'x'), 0644).ok());
    return run_with(std::move(argv), std::make_shared<StringSource>(""), root);
  }
  RunResult run_with(std::vector<std::string> argv, StreamPtr in, vfs::FsView view) {
    RunResult result;
    const cmd::CommandSpec* spec = cmd::find_command(argv.at(0));
    if (spec == nullptr) return result;
    auto out = std::make_shared<StringSink>();
    auto err = std::make_shared<StringSink>();
    FdTable fds;
    fds.set(0, std::move(in));
    fds.set(1, out);
    fds.set(2, err);
    {
      cmd::Context ctx{
          .argv = std::move(argv), .env = env, .fs = view, .fds = fds, .budget = budget()};
      result.status = cmd::run_command(*spec, ctx);
    }
    result.out = out->take();
    result.err = err->take();
    return result;
  }
  static void expect_lines_match(const std::string& text, const std::vector<std::string>& res) {
    std::vector<std::string> lines;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      ASSERT_NE(nl, std::string::npos) << "unterminated line in " << text;
      lines.push_back(text.substr(pos, nl - pos));
      pos = nl + 1;
    }
    ASSERT_EQ(lines.size(), res.size()) << text;
    for (size_t i = 0; i < res.size(); ++i) {
      EXPECT_TRUE(std::regex_match(lines[i], std::regex(res[i])))
          << "line " << i << ": '" << lines[i] << "' !~ " << res[i];
    }
  }
};

// ---------------------------------------------------------------- clear

TEST_F(SysCommands, ClearBytesMatchNcurses) {
  for (const char* term : {"xterm", "xterm-256color", "screen", "screen-256color", "tmux",
                           "tmux-256color", "linux", "vt100", "vt220", "ansi", "rxvt", "dumb"}) {
    env["TERM"] = term;
    gnu({"clear"});
    gnu({"clear", "-x"});
  }
  env["TERM"] = "xterm";
  EXPECT_EQ(run({"clear"}).out, "\x1b[H\x1b[2J\x1b[3J");
  EXPECT_EQ(run({"clear", "-x"}).out, "\x1b[H\x1b[2J");
  gnu({"clear", "-T", "screen"});
  gnu({"clear", "-T", "xterm", "-x"});
}

TEST_F(SysCommands, ClearErrors) {
  env["TERM"] = "no-such-terminal";
  gnu({"clear"});
  env.erase("TERM");
  gnu({"clear"});
  env["TERM"] = "";
  gnu({"clear"});
}

// ---------------------------------------------------------------- stty

TEST_F(SysCommands, SttyWithoutTerminalLikeGnu) {
  gnu({"stty"});
  gnu({"stty", "-a"});
  gnu({"stty", "-g"});
  gnu({"stty", "size"});
  gnu({"stty", "sane"});
  gnu({"stty", "-echo", "raw"});
  gnu({"stty", "cols", "100", "rows", "40"});
  gnu({"stty", "foo"});
  gnu({"stty", "--bogus"});
  gnu({"stty", "size", "a"});
  gnu({"stty", "rows"});
  gnu({"stty", "-a", "-g"});
  gnu({"stty", "-F", "/dev/null"});
  gnu({"stty", "--file=/dev/null", "-a"});
  gnu({"stty", "-F", "missing"});
  EXPECT_EQ(run({"stty", "-a"}).err, "stty: 'standard input': Inappropriate ioctl for device\n");
}

TEST_F(SysCommands, SttyOnTheTerminal) {
  RunResult r = run_on_terminal({"stty", "size"});
  EXPECT_EQ(r, (RunResult{"24 80\n", "", 0}));
  env["LINES"] = "40";
  env["COLUMNS"] = "100";
  EXPECT_EQ(run_on_terminal({"stty", "size"}).out, "40 100\n");
  env.erase("LINES");
  env.erase("COLUMNS");
  EXPECT_EQ(run_on_terminal({"stty", "sane"}), (RunResult{"", "", 0}));
  EXPECT_EQ(run_on_terminal({"stty", "-echo", "icanon", "intr", "^C"}).status, 0);
  EXPECT_EQ(run_on_terminal({"stty", "bogus"}).status, 1);
  EXPECT_EQ(run_on_terminal({"stty", "-F", "/dev/tty", "size"}).out, "24 80\n");
  EXPECT_EQ(run({"stty", "-F", "/dev/tty", "size"}).status, 1);
  // GNU stty -a on an 80-column pty (Debian 12), with iutf8 on.
  EXPECT_EQ(run_on_terminal({"stty", "-a"}).out,
            "speed 38400 baud; rows 24; columns 80; line = 0;\n"
            "intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;\n"
            "eol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;\n"
            "werase = ^W; lnext = ^V; discard = ^O; min = 1; time = 0;\n"
            "-parenb -parodd -cmspar cs8 -hupcl -cstopb cread -clocal -crtscts\n"
            "-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff\n"
            "-iuclc -ixany -imaxbel iutf8\n"
            "opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0\n"
            "isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt\n"
            "echoctl echoke -flusho -extproc\n");
  EXPECT_EQ(run_on_terminal({"stty", "-g"}).out,
            "500:5:bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0:0:0:0:0:0:0:0:0:0:0:0:0:0:"
            "0:0\n");
}

// ---------------------------------------------------------------- uptime

TEST_F(SysCommands, UptimeLayout) {
  RunResult r = run({"uptime"});
  EXPECT_EQ(r.status, 0);
  expect_lines_match(r.out,
                     {R"( \d\d:\d\d:\d\d up (\d+ min|(\d+ days?, )?[ \d]\d:\d\d),  1 user,  )"
                      R"(load average: 0\.00, 0\.00, 0\.00)"});
  // The host's line has the same shape (its users and load differ).
  ProcessResult host = run_host({"uptime"}, "", "/tmp");
  expect_lines_match(host.out, {R"( \d\d:\d\d:\d\d up (\d+ days?, )?(\d+ min|[ \d]\d:\d\d), +\d+ )"
                                R"(users?,  load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d)"});
  EXPECT_EQ(run({"uptime", "-p"}).out, "up 0 minutes\n");
  expect_lines_match(run({"uptime", "-s"}).out, {R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"});
  expect_lines_match(run_host({"uptime", "-s"}, "", "/tmp").out,
                     {R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"});
  EXPECT_EQ(run({"uptime", "-q"}).status, 1);
  EXPECT_EQ(run({"uptime", "x"}).status, 1);
}

TEST_F(SysCommands, UptimeStartIsInThePast) {
  // -s is the sandbox's start, in TZ: never later than now.
  std::string since = run({"uptime", "-s"}).out;
  std::string now = run({"date", "+%Y-%m-%d %H:%M:%S"}).out;
  EXPECT_LE(since, now);
}

// ---------------------------------------------------------------- free

TEST_F(SysCommands, FreeLayout) {
  const std::string header =
      "               total        used        free      shared  buff/cache   available";
  const std::string num = R"( +\d+)";
  for (const char* unit : {"-k", "-b", "-m", "-g"}) {
    RunResult r = run({"free", unit});
    EXPECT_EQ(r.status, 0);
    expect_lines_match(
        r.out, {header, "Mem:  " + std::string(6, '.') + R"( {0,12}\d+.*)", R"(Swap: +0 +0 +0)"});
    // Every cell is 12 columns wide after an 8-column label, like procps.
    std::string host = run_host({"free", unit}, "", "/tmp").out;
    EXPECT_EQ(host.substr(0, host.find('\n')), header);
    EXPECT_EQ(r.out.find("\nMem:"), host.find("\nMem:"));
    EXPECT_EQ(r.out.size() - r.out.find("\nSwap:"), host.size() - host.find("\nSwap:")) << unit;
  }
  // 1 GiB quota, nothing stored: the defaults of the test sandbox.
  EXPECT_EQ(run_with_quota({"free"}, 1ull << 30).out,
            header +
                "\nMem:         1048576           0     1048576           0      "
                "     0     1048576\nSwap:              0           0           0\n");
  EXPECT_EQ(
      run_with_quota({"free", "-h"}, 1ull << 30).out,
      header +
          "\nMem:           1.0Gi          0B       1.0Gi          0B          0B       1.0Gi\n"
          "Swap:             0B          0B          0B\n");
  EXPECT_EQ(
      run_with_quota({"free", "-m", "-t"}, 1ull << 30).out,
      header +
          "\nMem:            1024           0        1024           0           0        1024\n"
          "Swap:              0           0           0\n"
          "Total:          1024           0        1024\n");
  std::string wide = run({"free", "-w"}).out;
  std::string host_wide = run_host({"free", "-w"}, "", "/tmp").out;
  EXPECT_EQ(wide.substr(0, wide.find('\n')), host_wide.substr(0, host_wide.find('\n')));
}

TEST_F(SysCommands, FreeCountsStoredData) {
  RunResult r = run_with_quota({"free", "-m"}, 1ull << 30, 3 << 20);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(Mem: +(\d+) +(\d+) +(\d+))")));
  EXPECT_EQ(m[1], "1024");
  EXPECT_GE(std::stoi(m[2]), 3);
  EXPECT_EQ(std::stoi(m[1]), std::stoi(m[2]) + std::stoi(m[3]));
}

TEST_F(SysCommands, FreeHumanScaleLikeProcps) {
  // procps' scale_size: one decimal when it fits in 5 characters, else truncated.
  uint64_t quota = (23ull << 30) + (550ull << 20);
  std::string out = run_with_quota({"free", "-h"}, quota).out;
  EXPECT_NE(out.find("\nMem:            23Gi          0B        23Gi"), std::string::npos) << out;
  EXPECT_NE(run_with_quota({"free", "-g"}, quota)
                .out.find("\nMem:              23           0          23"),
            std::string::npos);
  EXPECT_NE(run_with_quota({"free", "--si", "-h"}, quota).out.find("\nMem:             25G"),
            std::string::npos);
  // 3 MiB stored (plus bookkeeping): "3.0Mi" used; 1020.9Mi free is too wide, so "1.0Gi".
  std::string stored = run_with_quota({"free", "-h"}, 1ull << 30, 3 << 20).out;
  EXPECT_TRUE(std::regex_search(
      stored, std::regex(R"(\nMem:           1\.0Gi       3\.\dMi       1\.0Gi)")))
      << stored;
  EXPECT_NE(run_with_quota({"free", "-b"}, 1ull << 30)
                .out.find("\nMem:      1073741824           0  1073741824"),
            std::string::npos);
}

// ---------------------------------------------------------------- users

TEST_F(SysCommands, Users) {
  EXPECT_EQ(run({"users"}), (RunResult{"user\n", "", 0}));
  env["USER"] = "alice";
  EXPECT_EQ(run({"users"}).out, "alice\n");
  // An explicit utmp file: the sandbox records no logins in it.
  write_file("utmp", "");
  EXPECT_EQ(run({"users", "utmp"}), (RunResult{"", "", 0}));
  EXPECT_EQ(run({"users", "missing"}).status, 1);
  gnu({"users", "a", "b"});
  gnu({"users", "--bogus"});
}

// ---------------------------------------------------------------- ps

TEST_F(SysCommands, PsDefault) {
  RunResult r = run({"ps"});
  EXPECT_EQ(r, (RunResult{"  PID TTY          TIME CMD\n"
                          " 1000 ?        00:00:00 bash\n"
                          " 1001 ?        00:00:00 ps\n",
                          "", 0}));
  // The host's header is the same.
  std::string host = run_host({"ps"}, "", "/tmp").out;
  EXPECT_EQ(host.substr(0, host.find('\n') + 1), r.out.substr(0, r.out.find('\n') + 1));
  EXPECT_EQ(run_on_terminal({"ps"}).out,
            "  PID TTY          TIME CMD\n"
            " 1000 pts/0    00:00:00 bash\n"
            " 1001 pts/0    00:00:00 ps\n");
}

TEST_F(SysCommands, PsFormats) {
  const std::string host_f = run_host({"ps", "-f"}, "", "/tmp").out;
  RunResult f = run({"ps", "-ef"});
  EXPECT_EQ(f.out.substr(0, f.out.find('\n')), host_f.substr(0, host_f.find('\n')));
  expect_lines_match(f.out, {"UID        PID  PPID  C STIME TTY          TIME CMD",
                             R"(user      1000     1  0 \d\d:\d\d \?        00:00:00 bash)",
                             R"(user      1001  1000  0 \d\d:\d\d \?        00:00:00 ps -ef)"});
  RunResult aux = run({"ps", "aux"});
  std::string host_aux = run_host({"ps", "aux"}, "", "/tmp").out;
  EXPECT_EQ(aux.out.substr(0, aux.out.find('\n')), host_aux.substr(0, host_aux.find('\n')));
  expect_lines_match(
      aux.out,
      {"USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND",
       R"(user      1000  0\.0  0\.0      0     0 \?        Ss   \d\d:\d\d   0:00 bash)",
       R"(user      1001  0\.0  0\.0      0     0 \?        R    \d\d:\d\d   0:00 ps aux)"});
  std::string host_ax = run_host({"ps", "ax"}, "", "/tmp").out;
  RunResult ax = run({"ps", "ax"});
  EXPECT_EQ(ax.out.substr(0, ax.out.find('\n')), host_ax.substr(0, host_ax.find('\n')));
  EXPECT_EQ(ax.out,
            "  PID TTY      STAT   TIME COMMAND\n"
            " 1000 ?        Ss     0:00 bash\n"
            " 1001 ?        R      0:00 ps ax\n");
  RunResult o = run({"ps", "-o", "pid,comm,args"});
  EXPECT_EQ(o.out,
            "  PID COMMAND         COMMAND\n"
            " 1000 bash            bash\n"
            " 1001 ps              ps -o pid,comm,args\n");
  std::string host_o = run_host({"ps", "-o", "pid,comm,args"}, "", "/tmp").out;
  EXPECT_EQ(host_o.substr(0, host_o.find('\n') + 1), "  PID COMMAND         COMMAND\n");
  EXPECT_EQ(run({"ps", "-o", "pid=", "-p", "1000"}).out, " 1000\n");
  EXPECT_EQ(run({"ps", "-o", "pid=ID,ppid"}).out, "ID,ppid\n 1000\n 1001\n");
  EXPECT_EQ(run({"ps", "-o", "user,pid", "-p1001"}).out, "USER       PID\nuser      1001\n");
}

TEST_F(SysCommands, PsSelection) {
  EXPECT_EQ(run({"ps", "-p", "1000"}).out,
            "  PID TTY          TIME CMD\n 1000 ?        00:00:00 bash\n");
  EXPECT_EQ(run({"ps", "--pid=1001"}).out,
            "  PID TTY          TIME CMD\n 1001 ?        00:00:00 ps\n");
  EXPECT_EQ(run({"ps", "-u", "user"}).out.size(), run({"ps"}).out.size());
  EXPECT_EQ(run({"ps", "-u", "1000"}).status, 0);
  EXPECT_EQ(run({"ps", "-u", "nobody"}), (RunResult{"  PID TTY          TIME CMD\n", "", 1}));
  // A pid that is not running: the header and status 1, like procps.
  RunResult none = run({"ps", "-p", "99999"});
  ProcessResult host = run_host({"ps", "-p", "99999"}, "", "/tmp");
  EXPECT_EQ(none.out, host.out);
  EXPECT_EQ(none.status, host.status);
  EXPECT_EQ(run({"ps", "-e", "-a", "-x"}).status, 0);
  EXPECT_EQ(run({"ps", "-p", "1000,1001", "-o", "pid="}).out, " 1000\n 1001\n");
  EXPECT_EQ(run({"ps", "1001", "o", "comm="}).out, "ps\n");  // BSD pid list and o
  EXPECT_EQ(run({"ps", "-o"}).status, 1);
  EXPECT_EQ(run({"ps", "-p", "x"}).status, 1);
}

TEST_F(SysCommands, PsErrorsLikeProcps) {
  for (std::vector<std::string> argv :
       std::vector<std::vector<std::string>>{{"ps", "-Q"}, {"ps", "-o", "foo"}}) {
    RunResult r = run(argv);
    ProcessResult host = run_host(argv, "", "/tmp");
    EXPECT_EQ(r.err, host.err);
    EXPECT_EQ(r.status, host.status);
    EXPECT_EQ(r.out, host.out);
  }
}

}  // namespace
}  // namespace kefka::test

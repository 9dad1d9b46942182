// The public API (include/kefka/sandbox.h): exec and its options, session
// persistence, streaming, cancellation, fork, file helpers, limits, the default
// layout and environment, host mounts.
#include "kefka/sandbox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "../support/host_process.h"

namespace kefka {
namespace {

using namespace std::chrono_literals;

std::string out(Sandbox& sb, std::string_view script, const ExecOptions& o = {}) {
  return sb.exec(script, o).stdout_data;
}

// ---------------------------------------------------------------------------
// exec

TEST(SandboxExec, ReturnsStdoutStderrAndStatus) {
  auto sb = Sandbox::create();
  auto r = sb->exec("echo hello; echo oops >&2; exit 3");
  EXPECT_EQ(r.stdout_data, "hello\n");
  EXPECT_EQ(r.stderr_data, "oops\n");
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(sb->exec("true").exit_status, 0);
  EXPECT_EQ(sb->exec("false").exit_status, 1);
}

TEST(SandboxExec, PassesStdin) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.stdin_data = "line one\nline two\n";
  EXPECT_EQ(out(*sb, "read a b; echo \"$b\"; read c; echo \"$c\"", o), "one\nline two\n");
}

TEST(SandboxExec, ReadsStdinLazilyFromAReader) {
  auto sb = Sandbox::create();
  ExecOptions o;
  int calls = 0;
  std::string data = "x\ny\n";
  size_t pos = 0;
  o.stdin_reader = [&](char* buf, size_t size) -> long {
    if (++calls % 2 == 1) return -1;  // "not yet" every other call: asked again
    size_t n = std::min(size, data.size() - pos);
    std::copy_n(data.data() + pos, n, buf);
    pos += n;
    return static_cast<long>(n);
  };
  EXPECT_EQ(out(*sb, "while read l; do echo \"<$l>\"; done", o), "<x>\n<y>\n");
}

TEST(SandboxExec, StatePersistsAcrossCalls) {
  auto sb = Sandbox::create();
  sb->exec("x=42; greet() { echo \"hi $1\"; }; cd /tmp; set -u");
  EXPECT_EQ(out(*sb, "echo $x; greet bob; pwd"), "42\nhi bob\n/tmp\n");
  EXPECT_EQ(sb->cwd(), "/tmp");
  auto r = sb->exec("echo $never_set");  // set -u persisted
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.stderr_data.find("never_set"), std::string::npos) << r.stderr_data;
}

TEST(SandboxExec, PreviousStatusIsVisibleAsDollarQuestion) {
  auto sb = Sandbox::create();
  sb->exec("false");
  EXPECT_EQ(out(*sb, "echo $?"), "1\n");
}

TEST(SandboxExec, PerCallEnvironmentIsRestored) {
  auto sb = Sandbox::create();
  sb->exec("KEEP=old; export EXP=kept");
  ExecOptions o;
  o.env = {{"KEEP", "new"}, {"FRESH", "yes"}, {"EXP", "temp"}};
  EXPECT_EQ(out(*sb, "echo $KEEP $FRESH $EXP; bash -c 'echo $FRESH'", o), "new yes temp\nyes\n");
  EXPECT_EQ(out(*sb, "echo ${KEEP-unset} ${FRESH-unset} ${EXP-unset}"), "old unset kept\n");
}

TEST(SandboxExec, PerCallEnvKeepsDollarQuestion) {
  auto sb = Sandbox::create();
  sb->exec("false");
  ExecOptions o;
  o.env = {{"A", "1"}};
  EXPECT_EQ(out(*sb, "echo $?", o), "1\n");
}

TEST(SandboxExec, InvalidPerCallVariableNameIsAnError) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.env = {{"1BAD", "x"}};
  auto r = sb->exec("echo ran", o);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_NE(r.stderr_data.find("not a valid identifier"), std::string::npos);
}

TEST(SandboxExec, PerCallCwdIsRestored) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.cwd = "/tmp";
  EXPECT_EQ(out(*sb, "pwd; cd /etc", o), "/tmp\n");
  EXPECT_EQ(out(*sb, "pwd"), "/home/user\n");
  o.cwd = "/no/such/dir";
  auto r = sb->exec("echo ran", o);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.stderr_data, "kefka: cwd: /no/such/dir: No such file or directory\n");
}

TEST(SandboxExec, PerCallArgsAndName) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.args = {"a b", "c"};
  o.name = "myscript";
  EXPECT_EQ(out(*sb, "echo \"$0|$1|$2|$#\"", o), "myscript|a b|c|2\n");
  EXPECT_EQ(out(*sb, "echo $#"), "0\n");
  sb->exec("set -- 'x y' '' z");  // the session's own parameters come back afterwards
  EXPECT_EQ(out(*sb, "echo $#:$1", o), "2:a b\n");
  EXPECT_EQ(out(*sb, "printf '<%s>' \"$@\""), "<x y><><z>");
}

TEST(SandboxExec, PerCallOptionsUnderSetE) {
  auto sb = Sandbox::create();
  sb->exec("set -e");
  ExecOptions o;
  o.env = {{"UNSET_BEFORE", "v"}};
  o.args = {"p"};
  auto r = sb->exec("echo $? $UNSET_BEFORE $1", o);
  EXPECT_EQ(r.stdout_data, "0 v p\n");
  EXPECT_EQ(out(*sb, "echo ${UNSET_BEFORE-gone} $# ${a-no-a}"), "gone 0 no-a\n");
}

TEST(SandboxExec, SyntaxErrorLeavesSessionUsable) {
  auto sb = Sandbox::create();
  sb->exec("v=1");
  auto r = sb->exec("if then fi");
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.stderr_data.find("syntax error"), std::string::npos) << r.stderr_data;
  EXPECT_EQ(out(*sb, "echo $v"), "1\n");
}

TEST(SandboxExec, ReadonlyVariableInPerCallEnvIsReportedNotFatal) {
  auto sb = Sandbox::create();
  sb->exec("readonly R=1");
  ExecOptions o;
  o.env = {{"R", "2"}};
  auto r = sb->exec("echo $R", o);  // whatever the shell decides, no crash
  (void)r;
  EXPECT_EQ(out(*sb, "echo $R"), "1\n");
}

TEST(SandboxExec, BinaryDataPassesThrough) {
  auto sb = Sandbox::create();
  std::string bytes("a\0b\xff\x80\n", 6);
  ExecOptions o;
  o.stdin_data = bytes;
  EXPECT_EQ(out(*sb, "cat > /tmp/bin; cat /tmp/bin", o), bytes);
  EXPECT_EQ(sb->read_file("/tmp/bin"), bytes);
}

TEST(SandboxExec, EmptyScript) {
  auto sb = Sandbox::create();
  auto r = sb->exec("");
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.stdout_data, "");
}

TEST(SandboxExec, LargeOutputWithoutALimit) {
  auto sb = Sandbox::create();
  auto r = sb->exec("i=0; while [ $i -lt 20000 ]; do echo line-$i; i=$((i+1)); done");
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(std::count(r.stdout_data.begin(), r.stdout_data.end(), '\n'), 20000);
}

TEST(SandboxExec, SandboxesRunConcurrently) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &results] {
      auto sb = Sandbox::create();
      std::string script = "n=" + std::to_string(t) +
                           "; for i in 1 2 3; do echo $n-$i >> /tmp/f; done; cat /tmp/f | wc -l";
      results[t] = sb->exec(script).stdout_data;
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, "3\n");
}

// ---------------------------------------------------------------------------
// Timeouts, cancellation, streaming

TEST(SandboxExec, PerCallTimeoutStopsARunawayLoop) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  auto r = sb->exec("while :; do :; done", o);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_status, 124);
  EXPECT_NE(r.stderr_data.find("timed out"), std::string::npos) << r.stderr_data;
  EXPECT_LT(took, 5s);
  EXPECT_EQ(out(*sb, "echo still alive"), "still alive\n");  // the next call has no deadline
}

TEST(SandboxExec, LimitsTimeoutAppliesToEveryCall) {
  SandboxOptions opts;
  opts.limits.timeout = 150ms;
  auto sb = Sandbox::create(opts);
  EXPECT_EQ(sb->exec("while :; do :; done").exit_status, 124);
  EXPECT_EQ(sb->exec("while :; do :; done").exit_status, 124);
}

TEST(SandboxExec, CancelFromAnotherThreadEndsAnInfiniteLoop) {
  auto sb = Sandbox::create();
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    while (!done) {  // the loop may not have started yet: cancel until it ends
      sb->cancel();
      std::this_thread::sleep_for(10ms);
    }
  });
  ExecOptions o;
  o.timeout = 20s;  // a safety net: a broken cancel shows up as 124, not a hang
  auto r = sb->exec("while :; do :; done", o);
  done = true;
  canceller.join();
  EXPECT_EQ(r.exit_status, 130);
  EXPECT_NE(r.stderr_data.find("cancelled"), std::string::npos) << r.stderr_data;
  EXPECT_EQ(out(*sb, "echo ok"), "ok\n");
}

TEST(SandboxExec, CancelWithoutARunningExecDoesNothing) {
  auto sb = Sandbox::create();
  sb->cancel();
  EXPECT_EQ(out(*sb, "echo fine"), "fine\n");
}

TEST(SandboxExec, StreamedChunksArriveBeforeTheEnd) {
  // The script never ends by itself: it only stops because the callback,
  // receiving the first chunk, cancels it. Buffered output would time out.
  auto sb = Sandbox::create();
  ExecOptions o;
  o.timeout = 20s;
  std::string seen_out, seen_err;
  int status = sb->exec_stream(
      "echo first; echo err-first >&2; while :; do :; done", o,
      [&](std::string_view s) { seen_out.append(s); },
      [&](std::string_view s) {
        seen_err.append(s);
        if (seen_err == "err-first\n") sb->cancel();
      });
  EXPECT_EQ(status, 130);
  EXPECT_EQ(seen_out, "first\n");
  EXPECT_EQ(seen_err.rfind("err-first\n", 0), 0u) << seen_err;
}

TEST(SandboxExec, StreamCallbacksGetEverythingInOrder) {
  auto sb = Sandbox::create();
  std::string got;
  int status = sb->exec_stream(
      "for i in 1 2 3; do echo $i; done", {}, [&](std::string_view s) { got.append(s); },
      [](std::string_view) {});
  EXPECT_EQ(status, 0);
  EXPECT_EQ(got, "1\n2\n3\n");
}

// ---------------------------------------------------------------------------
// Limits

TEST(SandboxLimits, MaxOutputBytesStopsTheScriptWithAMessage) {
  SandboxOptions opts;
  opts.limits.max_output_bytes = 100;
  auto sb = Sandbox::create(opts);
  auto r = sb->exec("while :; do echo 0123456789; done");
  EXPECT_EQ(r.exit_status, 125);
  EXPECT_EQ(r.stdout_data.size(), 100u);
  EXPECT_NE(r.stderr_data.find("max_output_bytes"), std::string::npos) << r.stderr_data;
  EXPECT_EQ(sb->exec("echo next").stdout_data, "next\n");  // a fresh count per exec
}

TEST(SandboxLimits, MaxCommands) {
  SandboxOptions opts;
  opts.limits.max_commands = 5;
  auto sb = Sandbox::create(opts);
  auto r = sb->exec("for i in 1 2 3 4 5 6 7 8 9 10; do true; done; echo unreachable");
  EXPECT_EQ(r.exit_status, 125);
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_NE(r.stderr_data.find("max_commands"), std::string::npos) << r.stderr_data;
}

TEST(SandboxLimits, MaxLoopIterations) {
  SandboxOptions opts;
  opts.limits.max_loop_iterations = 50;
  auto sb = Sandbox::create(opts);
  auto r = sb->exec("while :; do :; done");
  EXPECT_EQ(r.exit_status, 125);
  EXPECT_NE(r.stderr_data.find("max_loop_iterations"), std::string::npos) << r.stderr_data;
}

TEST(SandboxLimits, FileSizeQuota) {
  SandboxOptions opts;
  opts.limits.max_file_size = 1000;
  auto sb = Sandbox::create(opts);
  EXPECT_THROW(sb->write_file("/tmp/big", std::string(2000, 'x')), FileError);
  try {
    sb->write_file("/tmp/big2", std::string(2000, 'x'));
  } catch (const FileError& e) {
    EXPECT_EQ(e.errnum(), EFBIG);
  }
  sb->write_file("/tmp/small", std::string(500, 'x'));
  EXPECT_EQ(sb->stat("/tmp/small").size, 500u);
}

TEST(SandboxLimits, FilesystemBytesQuota) {
  SandboxOptions opts;
  opts.limits.max_fs_bytes = 64 * 1024;
  auto sb = Sandbox::create(opts);
  try {
    sb->write_file("/tmp/a", std::string(100 * 1024, 'x'));
    FAIL() << "no ENOSPC";
  } catch (const FileError& e) {
    EXPECT_EQ(e.errnum(), ENOSPC);
    EXPECT_NE(std::string(e.what()).find("No space left on device"), std::string::npos);
  }
}

// ---------------------------------------------------------------------------
// fork and reset

TEST(SandboxFork, FilesAndVariablesAreIndependent) {
  auto parent = Sandbox::create();
  parent->exec("x=parent; echo original > /tmp/f; cd /tmp");
  auto child = parent->fork();
  EXPECT_EQ(out(*child, "echo $x; cat f; pwd"), "parent\noriginal\n/tmp\n");

  child->exec("x=child; echo changed > /tmp/f; : > /tmp/only-child; cd /");
  parent->exec("y=only-parent; rm /tmp/f");
  EXPECT_EQ(out(*parent, "echo $x; pwd; ls /tmp"), "parent\n/tmp\n");
  EXPECT_EQ(out(*child, "echo $x ${y-none}; cat /tmp/f; pwd"), "child none\nchanged\n/\n");
  EXPECT_FALSE(parent->exists("/tmp/only-child"));
  EXPECT_TRUE(child->exists("/tmp/only-child"));
}

TEST(SandboxFork, FunctionsAreCopied) {
  auto parent = Sandbox::create();
  parent->exec("f() { echo from-f; }");
  auto child = parent->fork();
  EXPECT_EQ(out(*child, "f"), "from-f\n");
  child->exec("f() { echo redefined; }");
  EXPECT_EQ(out(*parent, "f"), "from-f\n");
}

TEST(SandboxSession, ResetClearsShellStateButKeepsFiles) {
  auto sb = Sandbox::create();
  sb->exec("x=1; f() { :; }; cd /tmp; echo data > kept");
  sb->reset_session();
  EXPECT_EQ(out(*sb, "echo ${x-unset}; pwd; type f >/dev/null 2>&1 || echo nof; cat /tmp/kept"),
            "unset\n/home/user\nnof\ndata\n");
}

// ---------------------------------------------------------------------------
// File helpers

TEST(SandboxFiles, WriteReadListStatRemove) {
  auto sb = Sandbox::create();
  sb->write_file("/tmp/data/sub/a.txt", "alpha");  // parents created
  sb->write_file("/tmp/data/b.txt", "bravo!");
  EXPECT_EQ(sb->read_file("/tmp/data/sub/a.txt"), "alpha");
  EXPECT_EQ(out(*sb, "cat /tmp/data/b.txt"), "bravo!");

  auto entries = sb->list_dir("/tmp/data");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "b.txt");
  EXPECT_EQ(entries[0].path, "/tmp/data/b.txt");
  EXPECT_EQ(entries[0].type, FileInfo::Type::File);
  EXPECT_EQ(entries[0].size, 6u);
  EXPECT_EQ(entries[1].name, "sub");
  EXPECT_EQ(entries[1].type, FileInfo::Type::Directory);

  FileInfo info = sb->stat("/tmp/data/sub/a.txt");
  EXPECT_EQ(info.name, "a.txt");
  EXPECT_EQ(info.size, 5u);
  EXPECT_EQ(info.mode, 0644u);  // 0666 & ~umask 022
  EXPECT_EQ(info.uid, 1000u);
  EXPECT_GT(info.mtime_ns, 0);

  EXPECT_THROW(sb->remove("/tmp/data"), FileError);  // not empty
  sb->remove("/tmp/data", true);
  EXPECT_FALSE(sb->exists("/tmp/data"));
}

TEST(SandboxFiles, RelativePathsStartAtTheSessionCwd) {
  auto sb = Sandbox::create();
  sb->write_file("notes.txt", "at home");
  EXPECT_EQ(out(*sb, "cat /home/user/notes.txt"), "at home");
  sb->exec("cd /tmp");
  sb->write_file("rel", "x");
  EXPECT_TRUE(sb->exists("/tmp/rel"));
  EXPECT_EQ(sb->read_file("../home/user/notes.txt"), "at home");
}

TEST(SandboxFiles, ErrorsCarryErrnoAndAMessage) {
  auto sb = Sandbox::create();
  try {
    sb->read_file("missing.txt");
    FAIL() << "no exception";
  } catch (const FileError& e) {
    EXPECT_EQ(e.errnum(), ENOENT);
    EXPECT_STREQ(e.what(), "missing.txt: No such file or directory");
  }
  try {
    sb->write_file("/etc/passwd", "owned");  // the user may not write there
    FAIL() << "no exception";
  } catch (const FileError& e) {
    EXPECT_EQ(e.errnum(), EACCES);
  }
  EXPECT_THROW(sb->list_dir("/etc/passwd"), FileError);
  EXPECT_THROW(sb->remove("/nope"), FileError);
}

TEST(SandboxFiles, MakeDir) {
  auto sb = Sandbox::create();
  sb->make_dir("a/b/c");
  EXPECT_EQ(sb->stat("a/b/c").type, FileInfo::Type::Directory);
  sb->make_dir("a/b/c");  // parents=true: an existing directory is fine
  EXPECT_THROW(sb->make_dir("x/y", false), FileError);
  sb->make_dir("x", false);
  EXPECT_TRUE(sb->exists("/home/user/x"));
}

TEST(SandboxFiles, ScriptAndHelpersSeeTheSameFiles) {
  auto sb = Sandbox::create();
  sb->exec("mkdir -p out && printf 'made by script' > out/r.txt");
  EXPECT_EQ(sb->read_file("out/r.txt"), "made by script");
}

// ---------------------------------------------------------------------------
// The default sandbox

TEST(SandboxDefaults, Layout) {
  auto sb = Sandbox::create();
  bool bin_is_link = false;
  for (const auto& e : sb->list_dir("/")) {
    if (e.name == "bin") bin_is_link = e.type == FileInfo::Type::Symlink;
  }
  EXPECT_TRUE(bin_is_link);
  EXPECT_EQ(sb->stat("/tmp").mode, 01777u);
  EXPECT_EQ(sb->stat("/var/tmp").mode, 01777u);
  FileInfo home = sb->stat("/home/user");
  EXPECT_EQ(home.uid, 1000u);
  EXPECT_EQ(home.type, FileInfo::Type::Directory);
  EXPECT_TRUE(sb->exists("/usr/local/bin"));
  EXPECT_TRUE(sb->exists("/dev/null"));
  EXPECT_EQ(sb->read_file("/etc/hostname"), "sandbox\n");
  EXPECT_NE(sb->read_file("/etc/passwd").find("user:x:1000:1000:"), std::string::npos);
  EXPECT_NE(sb->read_file("/etc/os-release").find("ID=kefka"), std::string::npos);
  EXPECT_EQ(sb->cwd(), "/home/user");

  FileInfo bash = sb->stat("/bin/bash");
  EXPECT_EQ(bash.mode, 0755u);
  EXPECT_EQ(sb->read_file("/usr/bin/sh"), "#!kefka:builtin\n");
  bool has_true = false;
  for (const auto& e : sb->list_dir("/usr/bin")) has_true = has_true || e.name == "true";
  EXPECT_TRUE(has_true);
}

TEST(SandboxDefaults, EnabledCommandsFilterTheListing) {
  SandboxOptions opts;
  opts.enabled_commands = std::vector<std::string>{"true"};
  auto sb = Sandbox::create(opts);
  std::vector<std::string> names;
  for (const auto& e : sb->list_dir("/usr/bin")) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"bash", "sh", "true"}));
}

TEST(SandboxDefaults, Environment) {
  auto sb = Sandbox::create();
  EXPECT_EQ(out(*sb, "echo $HOME $PATH $USER $LOGNAME $SHELL $PWD $TERM $LANG $HOSTNAME"),
            "/home/user /usr/local/bin:/usr/bin:/bin user user /bin/bash /home/user "
            "xterm-256color C.UTF-8 sandbox\n");
}

TEST(SandboxDefaults, HostEnvironmentDoesNotLeak) {
  ::setenv("KEFKA_TEST_SECRET", "hunter2", 1);
  auto sb = Sandbox::create();
  EXPECT_EQ(out(*sb, "echo ${KEFKA_TEST_SECRET-absent}"), "absent\n");
  ::unsetenv("KEFKA_TEST_SECRET");
}

TEST(SandboxDefaults, OptionsEnvCwdAndIdentity) {
  SandboxOptions opts;
  opts.env = {{"GREETING", "hello"}, {"PATH", "/custom"}};
  opts.cwd = "/work/dir";
  opts.hostname = "box";
  auto sb = Sandbox::create(opts);
  EXPECT_EQ(out(*sb, "echo $GREETING $PATH; pwd; echo $HOSTNAME"),
            "hello /custom\n/work/dir\nbox\n");
  EXPECT_EQ(sb->read_file("/etc/hostname"), "box\n");
}

TEST(SandboxExec, ExitedReportsATopLevelExit) {
  auto sb = Sandbox::create();
  EXPECT_EQ(sb->exec("echo a; exit 4; echo b").exit_status, 4);
  EXPECT_TRUE(sb->exited());
  sb->exec("echo fine");
  EXPECT_FALSE(sb->exited());
  sb->exec("(exit 3)");  // a subshell's exit ends only the subshell
  EXPECT_FALSE(sb->exited());
  sb->exec("f() { :; }; { cd /; exit; }");
  EXPECT_TRUE(sb->exited());
  EXPECT_EQ(out(*sb, "echo still usable"), "still usable\n");
  // The shell's own state, not a reading of the script: exits inside a
  // function, after && and in an if all end an interactive bash too.
  sb->exec("quit() { exit 5; }; quit");
  EXPECT_TRUE(sb->exited());
  sb->exec("true && exit");
  EXPECT_TRUE(sb->exited());
  sb->exec("if true; then exit 1; fi");
  EXPECT_TRUE(sb->exited());
  sb->exec("false && exit");
  EXPECT_FALSE(sb->exited());
  sb->exec("echo $(exit 2)");  // a command substitution's exit stays in it
  EXPECT_FALSE(sb->exited());
}

TEST(SandboxDefaults, IsComplete) {
  auto sb = Sandbox::create();
  EXPECT_TRUE(sb->is_complete("echo hi"));
  EXPECT_TRUE(sb->is_complete("if true; then echo y; fi"));
  EXPECT_FALSE(sb->is_complete("if true; then"));
  EXPECT_FALSE(sb->is_complete("echo 'open quote"));
  EXPECT_FALSE(sb->is_complete("for i in 1 2; do\necho $i"));
  EXPECT_FALSE(sb->is_complete("echo a \\"));
  EXPECT_FALSE(sb->is_complete("f() {"));
  EXPECT_TRUE(sb->is_complete("fi"));  // a syntax error is complete: running reports it
}

// ---------------------------------------------------------------------------
// Host folders

TEST(SandboxMounts, OverlayNeverModifiesTheHost) {
  test::HostTempDir host;
  host.write("keep.txt", "original");
  host.write("sub/del.txt", "delete me");
  SandboxOptions opts;
  opts.mounts.push_back({host.path(), "/project", Mount::Mode::Overlay});
  auto sb = Sandbox::create(opts);
  EXPECT_EQ(sb->read_file("/project/keep.txt"), "original");
  auto r = sb->exec(
      "cd /project && echo changed > keep.txt && rm sub/del.txt && echo new > n.txt && cat "
      "keep.txt");
  EXPECT_EQ(r.stdout_data, "changed\n") << r.stderr_data;
  EXPECT_EQ(host.read("keep.txt"), "original");
  EXPECT_EQ(host.read("sub/del.txt"), "delete me");
  EXPECT_FALSE(std::filesystem::exists(host.path() + "/n.txt"));
}

TEST(SandboxMounts, ReadOnlyAndReadWrite) {
  test::HostTempDir ro, rw;
  ro.write("r.txt", "read me");
  SandboxOptions opts;
  opts.mounts.push_back({ro.path(), "/mnt/ro", Mount::Mode::ReadOnly});
  opts.mounts.push_back({rw.path(), "/mnt/rw", Mount::Mode::ReadWrite});
  auto sb = Sandbox::create(opts);
  EXPECT_EQ(out(*sb, "cat /mnt/ro/r.txt"), "read me");
  auto r = sb->exec("echo x > /mnt/ro/new.txt");
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.stderr_data.find("Read-only file system"), std::string::npos) << r.stderr_data;
  EXPECT_FALSE(std::filesystem::exists(ro.path() + "/new.txt"));

  EXPECT_EQ(sb->exec("echo written > /mnt/rw/out.txt").exit_status, 0);
  EXPECT_EQ(rw.read("out.txt"), "written\n");
}

TEST(SandboxMounts, MissingHostFolderFailsCreate) {
  SandboxOptions opts;
  opts.mounts.push_back({"/definitely/not/here", "/mnt/x", Mount::Mode::ReadOnly});
  EXPECT_THROW(Sandbox::create(opts), std::runtime_error);
}

TEST(SandboxApi, Version) {
  EXPECT_EQ(version(), "0.1.0");
}

}  // namespace
}  // namespace kefka

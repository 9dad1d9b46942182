// python3 inside the sandbox (src/commands/wasm/python3.cpp over the wasm
// runtime), through the public Sandbox API: command line forms, streams and
// pipelines, the sandbox filesystem/cwd/env, isolation from the host, limits
// (deadline, memory cap) and concurrency. Where the output does not depend on
// the Python version, the host's python3 is run on the same program and the
// outputs must match byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "../support/host_process.h"
#include "../support/test_util.h"
#include "kefka/sandbox.h"

namespace kefka {
namespace {

using namespace std::chrono_literals;

// Skips when the build has no CPython module (cmake/wasm/python.cmake found
// no package, or -DKEFKA_PYTHON=OFF): the command then says so itself.
#ifndef KEFKA_PYTHON_BUILT
#define REQUIRE_PYTHON() GTEST_SKIP() << "python3 is not built in (-DKEFKA_PYTHON=ON)"
#else
#define REQUIRE_PYTHON() (void)0
#endif

using test::deadline_stops;
using test::script_prints;
using test::sq;

ExecResult run(Sandbox& sb, const std::string& script, std::string stdin_data = {}) {
  ExecOptions o;
  o.stdin_data = std::move(stdin_data);
  return sb.exec(script, o);
}

// Runs `python3 -c program` in a sandbox and with the host's python3; both
// must print the same stdout and stderr and exit with the same status.
void expect_same_as_host(const std::string& program, const std::string& stdin_data = {}) {
  auto sb = Sandbox::create();
  auto mine = run(*sb, "python3 -c " + sq(program), stdin_data);
  auto host = test::run_host({"python3", "-c", program}, stdin_data);
  EXPECT_EQ(mine.stdout_data, host.out) << program;
  EXPECT_EQ(mine.stderr_data, host.err) << program;
  EXPECT_EQ(mine.exit_status, host.status) << program;
}

// ---------------------------------------------------------------------------
// Command line

TEST(Python, Version) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  for (const char* cmd : {"python3 -V", "python3 --version", "python --version"}) {
    auto r = sb->exec(cmd);
    EXPECT_EQ(r.stdout_data, "Python 3.12.0\n") << cmd;
    EXPECT_EQ(r.exit_status, 0) << cmd;
  }
}

TEST(Python, DashCMatchesHost) {
  REQUIRE_PYTHON();
  expect_same_as_host("print(sum(range(101)), 2**100, 7 // 2, -7 % 3)");
  expect_same_as_host(
      "import json; print(json.dumps({'b': [1, 2.5, None], 'a': 'x'}, sort_keys=True))");
  expect_same_as_host("import re; print(re.findall(r'\\d+', 'a1 b22 c333'))");
  expect_same_as_host("import collections as c; print(c.Counter('abracadabra').most_common(3))");
  expect_same_as_host("print('%5.2f|%-4s|%x' % (3.14159, 'ab', 255)); print(f'{10:>4}')");
  expect_same_as_host("import hashlib; print(hashlib.sha256(b'kefka').hexdigest())");
  expect_same_as_host("import sys; print(sys.argv)");
}

TEST(Python, ExitStatusAndMessagesMatchHost) {
  REQUIRE_PYTHON();
  expect_same_as_host("import sys; sys.exit(3)");
  expect_same_as_host("import sys; sys.exit('fatal: no input')");
  expect_same_as_host("raise SystemExit(0)");
  expect_same_as_host("import sys; print('out'); print('err', file=sys.stderr); sys.exit(2)");
}

TEST(Python, TracebackOnStderr) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  auto r = sb->exec("python3 -c 'print(1)\n1/0'");
  EXPECT_EQ(r.stdout_data, "1\n");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.stderr_data.find("Traceback (most recent call last):\n"), std::string::npos);
  EXPECT_NE(r.stderr_data.find("ZeroDivisionError: division by zero\n"), std::string::npos);
}

TEST(Python, ScriptFileWithArguments) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  sb->write_file("prog.py",
                 "import sys\nprint(sys.argv[1:])\nraise ValueError('bad ' + sys.argv[1])\n");
  auto r = sb->exec("python3 prog.py one 'two words'");
  EXPECT_EQ(r.stdout_data, "['one', 'two words']\n");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.stderr_data.find("File \"/home/user/prog.py\", line 3, in <module>"),
            std::string::npos)
      << r.stderr_data;
  EXPECT_NE(r.stderr_data.find("ValueError: bad one\n"), std::string::npos);
}

TEST(Python, ScriptOnStdin) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  const std::string script = "import sys\nprint('args', sys.argv[1:])\nprint(6 * 7)\n";
  auto dash = run(*sb, "python3 - a b", script);
  EXPECT_EQ(dash.stdout_data, "args ['a', 'b']\n42\n");
  EXPECT_EQ(dash.exit_status, 0);
  auto plain = run(*sb, "python3", script);
  EXPECT_EQ(plain.stdout_data, "args []\n42\n");
  auto piped = sb->exec("printf 'print(\"piped\")\\n' | python3");
  EXPECT_EQ(piped.stdout_data, "piped\n");
}

TEST(Python, ShebangScript) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  sb->write_file("bin/hello",
                 "#!/usr/bin/env python3\nimport sys\nprint('hello', *sys.argv[1:])\n");
  EXPECT_TRUE(script_prints(
      *sb, "chmod +x bin/hello && ./bin/hello world && PATH=$PWD/bin:$PATH hello again",
      "hello world\nhello again\n"));
}

TEST(Python, ModuleJsonTool) {
  REQUIRE_PYTHON();
  const std::string input = "{\"b\": [1, 2, {\"c\": null}], \"a\": \"x\\u00e9\"}\n";
  auto sb = Sandbox::create();
  auto mine = run(*sb, "python3 -m json.tool --sort-keys", input);
  auto host = test::run_host({"python3", "-m", "json.tool", "--sort-keys"}, input);
  EXPECT_EQ(mine.stdout_data, host.out);
  EXPECT_EQ(mine.exit_status, 0) << mine.stderr_data;
  auto bad = run(*sb, "python3 -m json.tool", "{oops\n");
  EXPECT_EQ(bad.exit_status, 1);
  EXPECT_NE(bad.stderr_data.find("Expecting property name enclosed in double quotes"),
            std::string::npos);
}

TEST(Python, PipSaysThereIsNoNetwork) {
  auto sb = Sandbox::create();
  for (const char* cmd : {"python3 -m pip install requests", "python3 -mpip --version",
                          "pip install requests", "pip3 list"}) {
    auto r = sb->exec(cmd);
    EXPECT_EQ(r.exit_status, 1) << cmd;
    EXPECT_EQ(r.stdout_data, "") << cmd;
    EXPECT_NE(r.stderr_data.find("network access is not available"), std::string::npos) << cmd;
    EXPECT_EQ(std::count(r.stderr_data.begin(), r.stderr_data.end(), '\n'), 1) << cmd;
  }
}

// ---------------------------------------------------------------------------
// Streams, files, cwd and environment

TEST(Python, StreamsInAPipeline) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  EXPECT_TRUE(script_prints(
      *sb, "seq 1 100000 | python3 -c 'import sys; print(sum(map(int, sys.stdin)))' | cat",
      "5000050000\n"));
  // Python in the middle: lines come out as they go in, `head` stops it early.
  auto mid = sb->exec(
      "seq 1 1000000 | python3 -c 'import sys\nfor l in sys.stdin: print(int(l) * 2)' | head -3");
  EXPECT_EQ(mid.stdout_data, "2\n4\n6\n");
}

TEST(Python, BinaryAndLargeStreams) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  EXPECT_TRUE(script_prints(
      *sb,
      "head -c 100000 /dev/urandom | python3 -c 'import sys; print(len(sys.stdin.buffer.read()))'; "
      "python3 -c 'import sys; sys.stdout.write(\"x\" * 10**7)' | wc -c",
      "100000\n10000000\n"));
}

TEST(Python, MissingScriptIsStatus2) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  auto r = sb->exec("python3 nonexistent.py");
  EXPECT_EQ(r.exit_status, 2);
  // WASI numbers errno values its own way (ENOENT is 44, not 2).
  EXPECT_EQ(r.stderr_data,
            "python3: can't open file '/home/user/nonexistent.py': [Errno 44] No such file or "
            "directory\n");
}

TEST(Python, ReadsStdinLikeHost) {
  REQUIRE_PYTHON();
  expect_same_as_host("print(input().upper()); import sys; print(len(sys.stdin.read()))",
                      "first line\nsecond\nthird\n");
}

TEST(Python, ReadsAndWritesSandboxFiles) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  sb->write_file("data/in.txt", "alpha\nbeta\n");
  EXPECT_TRUE(script_prints(
      *sb,
      "python3 -c '\n"
      "import os\n"
      "lines = open(\"data/in.txt\").read().split()\n"
      "os.makedirs(\"out/deep\", exist_ok=True)\n"
      "with open(\"out/deep/res.txt\", \"w\") as f: f.write(\",\".join(reversed(lines)) + "
      "\"\\n\")\n"
      "print(sorted(os.listdir(\"out\")), os.path.getsize(\"data/in.txt\"))\n"
      "'",
      "['deep'] 11\n"));
  // Later shell commands and the embedder see what Python wrote.
  EXPECT_EQ(sb->exec("cat out/deep/res.txt; wc -c < out/deep/res.txt").stdout_data,
            "beta,alpha\n11\n");
  EXPECT_EQ(sb->read_file("/home/user/out/deep/res.txt"), "beta,alpha\n");
  auto rm = sb->exec("python3 -c 'import os; os.remove(\"data/in.txt\")'; ls data | wc -l");
  EXPECT_EQ(rm.stdout_data, "0\n");
}

TEST(Python, SeesTheShellCwdAndEnvironment) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  EXPECT_TRUE(script_prints(
      *sb,
      "mkdir -p /tmp/work/sub && cd /tmp/work && echo hi > sub/f && export GREETING='hello there' "
      "&& "
      "FOO=bar python3 -c 'import os; print(os.getcwd()); print(os.environ[\"FOO\"], "
      "os.environ[\"GREETING\"]); print(open(\"sub/f\").read(), end=\"\"); "
      "print(os.path.abspath(\"x\"))'",
      "/tmp/work\nbar hello there\nhi\n/tmp/work/x\n"));
  // Unexported variables stay in the shell.
  auto hidden = sb->exec("SECRET=1; python3 -c 'import os; print(\"SECRET\" in os.environ)'");
  EXPECT_EQ(hidden.stdout_data, "False\n");
}

// ---------------------------------------------------------------------------
// Isolation

TEST(Python, CannotSeeHostFiles) {
  REQUIRE_PYTHON();
  test::HostTempDir dir;
  std::string secret = dir.path() + "/secret.txt";
  std::ofstream(secret) << "host data\n";
  auto sb = Sandbox::create();
  auto r = sb->exec(
      "python3 -c 'import os, sys\nprint(os.path.exists(sys.argv[1]))\n"
      "open(sys.argv[1])' " +
      sq(secret));
  EXPECT_EQ(r.stdout_data, "False\n");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.stderr_data.find("FileNotFoundError"), std::string::npos) << r.stderr_data;
  // /etc/passwd is the sandbox's own file (what `cat` shows there), not the host's.
  auto passwd = sb->exec(
      "python3 -c 'import sys; sys.stdout.write(open(\"/etc/passwd\").read())' > py.txt && "
      "cat /etc/passwd > sh.txt && cmp py.txt sh.txt && echo same");
  EXPECT_EQ(passwd.stdout_data, "same\n") << passwd.stderr_data;
  std::ifstream host_passwd("/etc/passwd");
  std::string host_text((std::istreambuf_iterator<char>(host_passwd)), {});
  EXPECT_NE(sb->read_file("py.txt"), host_text);
}

TEST(Python, SocketsAndProcessesFailClearly) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  auto sock =
      sb->exec("python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)'");
  EXPECT_EQ(sock.exit_status, 1);
  EXPECT_NE(sock.stderr_data.find("OSError: [Errno 58] Not supported"), std::string::npos)
      << sock.stderr_data;
  // Name resolution does not exist at all in the WASI build.
  auto connect = sb->exec(
      "python3 -c 'import socket; socket.create_connection((\"example.com\", 80), timeout=1)'");
  EXPECT_EQ(connect.exit_status, 1);
  EXPECT_NE(connect.stderr_data.find("getaddrinfo"), std::string::npos) << connect.stderr_data;
  auto sub = sb->exec("python3 -c 'import subprocess; subprocess.run([\"ls\"])'");
  EXPECT_EQ(sub.exit_status, 1);
  EXPECT_NE(sub.stderr_data.find("not support"), std::string::npos) << sub.stderr_data;
}

// ---------------------------------------------------------------------------
// Limits

TEST(Python, DeadlineStopsATightLoop) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  EXPECT_TRUE(deadline_stops(*sb, "python3 -c 'while True: pass'", 1500ms));
  EXPECT_EQ(sb->exec("echo still here; python3 -c 'print(1+1)'").stdout_data, "still here\n2\n");
}

TEST(Python, CancelStopsPython) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  std::thread canceller([&] {
    std::this_thread::sleep_for(700ms);
    sb->cancel();
  });
  auto r = sb->exec("python3 -c 'import time\nwhile True: time.sleep(0.01)'");
  canceller.join();
  EXPECT_EQ(r.exit_status, 130) << r.stderr_data;
  EXPECT_EQ(sb->exec("python3 -c 'print(\"ok\")'").stdout_data, "ok\n");
}

TEST(Python, MemoryCapRaisesMemoryError) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  // wasm32's Py_ssize_t cannot even hold 10**10: Python refuses the size first.
  auto r = sb->exec("python3 -c \"x = 'a' * 10**10\"");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.stderr_data.find("OverflowError: cannot fit 'int' into an index-sized integer"),
            std::string::npos)
      << r.stderr_data;
  // 2 GB fits the index but not the default 1 GiB cap of the guest's memory.
  auto big = sb->exec("python3 -c \"x = 'a' * (2 * 10**9)\"");
  EXPECT_EQ(big.exit_status, 1);
  EXPECT_NE(big.stderr_data.find("MemoryError"), std::string::npos) << big.stderr_data;
  // Below wasm32's 4 GiB: the sandbox's own cap is what stops it.
  SandboxOptions small;
  small.limits.max_wasm_memory_bytes = 64ull << 20;
  auto capped = Sandbox::create(small);
  auto c = capped->exec(
      "python3 -c 'try:\n x = bytearray(200 * 2**20)\nexcept MemoryError:\n print(\"caught\")'");
  EXPECT_EQ(c.stdout_data, "caught\n") << c.stderr_data;
  EXPECT_EQ(sb->exec("python3 -c 'print(len(\"a\" * 10**6))'").stdout_data, "1000000\n");
}

TEST(Python, FiftyParallelSessions) {
  REQUIRE_PYTHON();
  constexpr int kSessions = 50;
  std::atomic<int> good{0};
  std::vector<std::string> failures(kSessions);
  std::vector<std::thread> threads;
  for (int i = 0; i < kSessions; ++i) {
    threads.emplace_back([i, &good, &failures] {
      auto sb = Sandbox::create();
      std::string n = std::to_string(i);
      auto r = sb->exec(
          "python3 -c 'import sys, json; print(json.dumps({\"n\": int(sys.argv[1]) "
          "** 2}))' " +
          n + " > out.json && cat out.json");
      std::string want = "{\"n\": " + std::to_string(i * i) + "}\n";
      if (r.exit_status == 0 && r.stdout_data == want && r.stderr_data.empty()) {
        ++good;
      } else {
        failures[i] = std::to_string(r.exit_status) + " " + r.stdout_data + r.stderr_data;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), kSessions);
  for (int i = 0; i < kSessions; ++i) EXPECT_EQ(failures[i], "") << "session " << i;
}

// Four `python3 &` jobs of one sandbox share max_wasm_memory_bytes: while one
// holds 100 of 160 MiB, another cannot take 100 more (MemoryError); once the
// jobs are gone the whole cap is free again.
TEST(Python, MemoryCapIsSharedByParallelJobs) {
  REQUIRE_PYTHON();
  SandboxOptions options;
  options.limits.max_wasm_memory_bytes = 160ull << 20;
  auto sb = Sandbox::create(options);
  const std::string take =
      "python3 -c 'import sys, time\n"
      "try:\n x = bytearray(100 * 2**20); print(\"ok\")\n"
      "except MemoryError:\n print(\"MemoryError\")\n"
      "sys.stdout.flush(); open(sys.argv[1], \"w\").close(); time.sleep(float(sys.argv[2]))' ";
  auto r = sb->exec(take +
                    "held 3 > first.txt &\n"
                    "until [ -e held ]; do sleep 0.05; done\n" +
                    take + "second 0\ncat first.txt; wait");
  EXPECT_EQ(r.stdout_data, "MemoryError\nok\n") << r.stderr_data;
  EXPECT_EQ(r.exit_status, 0);
  // Four jobs at once: some get the memory, some a MemoryError, none crashes.
  r = sb->exec("for i in 1 2 3 4; do " + take + "done$i 1 > job$i.txt & done; wait; cat job*.txt");
  EXPECT_EQ(r.exit_status, 0) << r.stderr_data;
  EXPECT_NE(r.stdout_data.find("ok\n"), std::string::npos) << r.stdout_data << r.stderr_data;
  EXPECT_NE(r.stdout_data.find("MemoryError\n"), std::string::npos) << r.stdout_data;
  EXPECT_EQ(sb->exec(take + "again 0").stdout_data, "ok\n");
}

// ---------------------------------------------------------------------------
// The WASI host: CPU clock, select() on stdin, /dev/stdin and /dev/fd/N.

TEST(Python, ProcessTimeIsCpuTime) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  auto r = sb->exec(
      "python3 -c 'import time\n"
      "a = time.process_time(); end = a + 0.2\n"
      "while time.process_time() < end: pass\n"
      "b = time.process_time(); time.sleep(0.3); c = time.process_time()\n"
      "print(0 <= a < 2, 0.15 <= b - a < 5, c - b < 0.15)'");
  EXPECT_EQ(r.stdout_data, "True True True\n") << r.stderr_data;
}

TEST(Python, SelectWaitsForStdin) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  // Prints how many streams are ready and whether the wait took between
  // argv[2] and argv[3] seconds.
  const std::string select =
      "python3 -c 'import select, sys, time\n"
      "t = time.monotonic(); r, _, _ = select.select([sys.stdin], [], [], float(sys.argv[1]))\n"
      "t = time.monotonic() - t\n"
      "print(len(r), float(sys.argv[2]) <= t < float(sys.argv[3]))' ";
  // An open pipe with nothing in it: the timeout.
  EXPECT_EQ(sb->exec("sleep 2 | " + select + "0.2 0.19 1.5").stdout_data, "0 True\n");
  // Data already there, or arriving later: ready at once / when it comes.
  EXPECT_EQ(sb->exec("echo hi | " + select + "5 0 0.5").stdout_data, "1 True\n");
  EXPECT_EQ(sb->exec("{ sleep 1.5; echo hi; } | " + select + "5 0.3 4").stdout_data, "1 True\n");
}

TEST(Python, OpensDevStdinAndShellDescriptors) {
  REQUIRE_PYTHON();
  auto sb = Sandbox::create();
  const std::string cat = "python3 -c 'import sys; print(open(sys.argv[1]).read(), end=\"\")' ";
  EXPECT_EQ(sb->exec("echo in | " + cat + "/dev/stdin").stdout_data, "in\n");
  EXPECT_EQ(sb->exec("echo three > f; " + cat + "/dev/fd/3 3<f").stdout_data, "three\n");
  EXPECT_EQ(sb->exec("exec 4<f; " + cat + "/dev/fd/4").stdout_data, "three\n");
  EXPECT_EQ(sb->exec(cat + "<(echo substituted)").stdout_data, "substituted\n");
  auto r = sb->exec(
      "python3 -c 'open(\"/dev/stdout\", \"w\").write(\"out\\n\"); "
      "open(\"/dev/stderr\", \"w\").write(\"err\\n\")' 2>&1 | tr a-z A-Z");
  EXPECT_EQ(r.stdout_data, "OUT\nERR\n");
  r = sb->exec(cat + "/dev/fd/9");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.stderr_data.find("FileNotFoundError: [Errno 44] No such file or directory: "
                               "'/dev/fd/9'"),
            std::string::npos)
      << r.stderr_data;
}

// ---------------------------------------------------------------------------
// The interactive REPL, inside the kefka CLI's REPL on a pseudo-terminal.

TEST(Python, InteractiveReplOnATerminal) {
  REQUIRE_PYTHON();
  auto r = test::run_host({"python3",
                           std::string(KEFKA_SOURCE_DIR) + "/tests/wasm_python/python_repl_pty.py",
                           std::string(KEFKA_BINARY_DIR) + "/kefka"});
  EXPECT_EQ(r.out, "OK\n") << r.err;
  EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace kefka

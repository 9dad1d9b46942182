// build/kefka run as a host process: -c, script files, scripts on stdin,
// streamed stdin, --json, exit statuses, mounts, limits, environment, REPL.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

#include "../support/host_process.h"

namespace kefka {
namespace {

using test::HostTempDir;
using test::ProcessResult;

const std::string kKefka = std::string(KEFKA_BINARY_DIR) + "/kefka";

ProcessResult kefka(std::vector<std::string> args, std::string_view input = {},
                    std::map<std::string, std::string> env = test::default_test_env()) {
  args.insert(args.begin(), kKefka);
  return test::run_host(args, input, {}, env);
}

// A recursive listing with contents, to prove a host folder was not modified.
std::string snapshot(const std::string& dir) {
  std::string s;
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    s += p + (std::filesystem::is_directory(p) ? "/\n" : "\n");
    if (std::filesystem::is_regular_file(p)) {
      std::ifstream f(p, std::ios::binary);
      s += std::string(std::istreambuf_iterator<char>(f), {}) + "\n";
    }
  }
  return s;
}

TEST(Cli, DashC) {
  auto r = kefka({"-c", "echo hello; echo to-err >&2"});
  EXPECT_EQ(r.out, "hello\n");
  EXPECT_EQ(r.err, "to-err\n");
  EXPECT_EQ(r.status, 0);
}

TEST(Cli, ExitStatusIsTheScripts) {
  EXPECT_EQ(kefka({"-c", "exit 7"}).status, 7);
  EXPECT_EQ(kefka({"-c", "false"}).status, 1);
  EXPECT_EQ(kefka({"-c", "no_such_command_xyz"}).status, 127);
}

TEST(Cli, DashCNameAndArgs) {
  auto r = kefka({"-c", "echo \"$0|$1|$2|$#\"", "myname", "a b", "c"});
  EXPECT_EQ(r.out, "myname|a b|c|2\n");
}

TEST(Cli, ScriptFileWithArgs) {
  HostTempDir dir;
  dir.write("s.sh", "#!/bin/bash\necho \"script $1\"\nexit 4\n");
  auto r = kefka({dir.path() + "/s.sh", "arg1"});
  EXPECT_EQ(r.out, "script arg1\n");
  EXPECT_EQ(r.status, 4);
}

TEST(Cli, MissingScriptFile) {
  auto r = kefka({"/no/such/script.sh"});
  EXPECT_EQ(r.status, 127);
  EXPECT_EQ(r.err, "kefka: /no/such/script.sh: No such file or directory\n");
}

TEST(Cli, ScriptOnStdin) {
  auto r = kefka({}, "x=5\necho from-stdin $x\n");
  EXPECT_EQ(r.out, "from-stdin 5\n");
  EXPECT_EQ(r.status, 0);
}

TEST(Cli, HostStdinIsTheScriptsStdin) {
  std::string input;
  for (int i = 1; i <= 10; ++i) input += std::to_string(i) + "\n";
  auto r = kefka({"-c", "cat"}, input);
  EXPECT_EQ(r.out, input);
  auto big = std::string(1 << 20, 'z') + "\n";
  r = kefka({"-c", "while read l; do echo ${#l}; done"}, big);
  EXPECT_EQ(r.out, "1048576\n");
}

TEST(Cli, StdinIsReadLazily) {
  // The script answers the first line before the host closes stdin: a shell
  // pipeline `seq 3 | kefka -c ...` is streamed, not slurped.
  auto r = test::run_host({"bash", "-c",
                           "{ echo one; sleep 0.3; echo two; } | \"$0\" -c "
                           "'read a; echo \"got $a at $SECONDS\"; read b; echo \"got $b\"'",
                           kKefka});
  EXPECT_EQ(r.out.substr(0, 7), "got one") << r.out << r.err;
  EXPECT_NE(r.out.find("got two"), std::string::npos) << r.out << r.err;
}

TEST(Cli, ClosedHostStdoutEndsTheScript) {
  // Like `yes | head -1`: kefka stops once nobody reads its output.
  auto r = test::run_host(
      {"bash", "-c", "\"$0\" -c 'while :; do echo y; done' | head -1; echo \"${PIPESTATUS[0]}\"",
       kKefka});
  EXPECT_EQ(r.out, "y\n141\n");
}

TEST(Cli, Json) {
  auto r = kefka({"--json", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.status, 3);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["stdout"], "out\n");
  EXPECT_EQ(j["stderr"], "err\n");
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_FALSE(j.contains("stdout_base64"));
}

TEST(Cli, JsonIsBinarySafe) {
  auto r = kefka({"--json", "-c", "printf 'ok\\377\\n'; printf '\\303\\251'"});
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["stdout"], "ok\xEF\xBF\xBD\n\xC3\xA9");  // U+FFFD for the invalid byte
  EXPECT_EQ(j["stdout_base64"], "b2v/CsOp");           // the exact bytes
  EXPECT_EQ(j["stderr"], "");
}

TEST(Cli, RootIsACopyOnWriteViewOfTheHostFolder) {
  HostTempDir dir;
  dir.write("README", "original\n");
  dir.write("src/main.c", "int main;\n");
  std::string before = snapshot(dir.path());
  auto r = kefka({"--root", dir.path(), "-c",
                  "pwd; cat README; echo changed > README; rm -r src; mkdir new; "
                  "touch new/f; cat README; ls"});
  EXPECT_EQ(r.out, "/home/user/project\noriginal\nchanged\nREADME\nnew\n") << r.err;
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(snapshot(dir.path()), before);
}

TEST(Cli, RwWritesTheHostFolder) {
  HostTempDir dir;
  auto r = kefka({"--rw", dir.path(), "-c", "pwd; echo saved > out.txt"});
  EXPECT_EQ(r.out, "/home/user/project\n");
  EXPECT_EQ(dir.read("out.txt"), "saved\n");
}

TEST(Cli, MountReadOnly) {
  HostTempDir dir;
  dir.write("data.txt", "d\n");
  auto r = kefka({"--mount", dir.path() + ":/mnt/data:ro", "-c",
                  "cat /mnt/data/data.txt; echo x > /mnt/data/new"});
  EXPECT_EQ(r.out, "d\n");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/new"));
}

TEST(Cli, Timeout) {
  auto start = std::chrono::steady_clock::now();
  auto r = kefka({"--timeout", "0.3", "-c", "while :; do :; done"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 124);
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r.err;
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(Cli, TimeoutWhileWaitingForStdin) {
  // Host stdin never sends anything and never closes: the deadline still ends it.
  auto start = std::chrono::steady_clock::now();
  auto r = test::run_host(
      {"bash", "-c", "\"$0\" --timeout 0.3 -c 'read x' < <(sleep 5 2>/dev/null)", kKefka});
  EXPECT_EQ(r.status, 124) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST(Cli, LimitFlags) {
  auto r = kefka({"--max-output", "10", "-c", "echo 0123456789abcdef"});
  EXPECT_EQ(r.status, 125);
  EXPECT_EQ(r.out, "0123456789");
  EXPECT_NE(r.err.find("max_output_bytes"), std::string::npos) << r.err;
  r = kefka({"--max-commands=2", "-c", "true; true; true; echo no"});
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("max_commands"), std::string::npos) << r.err;
  r = kefka({"--max-file-size", "1K", "-c", "printf '%2000s' x > /tmp/f"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
}

TEST(Cli, HostEnvironmentIsNotForwardedByDefault) {
  auto env = test::default_test_env();
  env["KEFKA_SECRET"] = "s3cret";
  env["OTHER"] = "o";
  auto r = kefka({"-c", "echo ${KEFKA_SECRET-none} $HOME $USER"}, {}, env);
  EXPECT_EQ(r.out, "none /home/user user\n");
  r = kefka(
      {"--env", "KEFKA_SECRET", "--env", "NEW=v", "-c", "echo $KEFKA_SECRET $NEW ${OTHER-none}"},
      {}, env);
  EXPECT_EQ(r.out, "s3cret v none\n");
  env["HOME"] = "/host/home";
  env["PWD"] = "/host/dir";
  r = kefka({"--inherit-env", "-c", "echo $KEFKA_SECRET $OTHER $HOME $PWD $LC_ALL"}, {}, env);
  EXPECT_EQ(r.out, "s3cret o /home/user /home/user C\n");
}

TEST(Cli, HelpVersionAndUsageErrors) {
  auto r = kefka({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--root DIR"), std::string::npos);
  r = kefka({"--version"});
  EXPECT_EQ(r.out, "kefka 0.1.0\n");
  r = kefka({"--bogus"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unrecognized option '--bogus'"), std::string::npos) << r.err;
  r = kefka({"--timeout", "soon", "-c", "true"});
  EXPECT_EQ(r.status, 2);
  r = kefka({"--mount", "nocolon", "-c", "true"});
  EXPECT_EQ(r.status, 2);
  r = kefka({"-c"});
  EXPECT_EQ(r.status, 2);
  r = kefka({"--env", "A B=1", "-c", "true"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "kefka: --env: `A B': not a valid identifier\n");
}

TEST(Cli, MissingRootFolderIsAnError) {
  auto r = kefka({"--root", "/no/such/folder", "-c", "true"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("/no/such/folder"), std::string::npos) << r.err;
}

TEST(Cli, CommandsAndCwdFlags) {
  auto r = kefka({"--commands", "true,ls", "--cwd", "/tmp/work", "-c",
                  "pwd; cd /usr/bin && for f in *; do echo $f; done; cat /etc/hostname"});
  EXPECT_EQ(r.out, "/tmp/work\nbash\nls\nsh\ntrue\n");
  EXPECT_EQ(r.status, 127) << r.err;  // cat is not enabled
  EXPECT_NE(r.err.find("cat: command not found"), std::string::npos) << r.err;
}

TEST(Cli, DefaultLayoutListsCommands) {
  auto r = kefka({"-c", "cd /bin && for f in *; do echo $f; done"});
  EXPECT_NE(r.out.find("bash\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("true\n"), std::string::npos) << r.out;
}

// --wasm-interpret runs a sandbox .wasm file with the interpreter: nothing is
// compiled into the host cache. (The module is WASI's smallest command:
// `_start` calls proc_exit(7).)
TEST(Cli, WasmInterpretCompilesNothing) {
  static const unsigned char kExit7[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x01, 0x7f,
      0x00, 0x60, 0x00, 0x00, 0x02, 0x24, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73,
      0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65,
      0x77, 0x31, 0x09, 0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x00,
      0x03, 0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06, 0x6d,
      0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74,
      0x00, 0x01, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x07, 0x10, 0x00, 0x0b};
  HostTempDir dir;
  HostTempDir cache;
  dir.write("exit7.wasm", std::string(reinterpret_cast<const char*>(kExit7), sizeof kExit7));
  auto env = test::default_test_env();
  env["XDG_CACHE_HOME"] = cache.path();
  auto r = kefka({"--root", dir.path(), "--wasm-interpret", "-c",
                  "chmod +x exit7.wasm; ./exit7.wasm; echo $?"},
                 {}, env);
  EXPECT_EQ(r.out, "7\n");
  EXPECT_EQ(r.err, "");
  EXPECT_FALSE(std::filesystem::exists(cache.path() + "/kefka/wasm"));
}

TEST(Cli, ReplThroughAPseudoTerminal) {
  auto r =
      test::run_host({"python3", std::string(KEFKA_SOURCE_DIR) + "/tests/cli/repl_pty.py", kKefka});
  EXPECT_EQ(r.out, "OK\n") << r.err;
  EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace kefka

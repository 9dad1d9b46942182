// The differential spec corpus: every case of tests/shell/spec/*.test.sh runs
// under the host's bash and under kefka's Shell; stdout, exit status and
// stderr must match.
//
// Case file format:
//   #### case name
//   ## skip: reason          (the case cannot match; listed in docs/compatibility.md)
//   ## no-stderr             (stderr is not compared)
//   ## stdin: text           (stdin for the script, \n escapes allowed)
//   ## posix                 (POSIX mode: bash runs with --posix, kefka's
//                             session runs `set -o posix` first)
//   script lines...
//
// bash runs as `bash --noprofile --norc DIR/script.sh` in DIR/work with a
// clean environment (HOME=DIR/work); its output has DIR/script.sh replaced by
// script.sh and DIR/work by /home/user, which is where kefka's case runs.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "shell/util.h"
#include "shell_test_util.h"

extern char** environ;

namespace kefka::shell::testing {
namespace {

struct SpecCase {
  std::string file;
  std::string name;
  std::string script;
  std::string stdin_data;
  std::string skip;
  bool compare_stderr = true;
  bool posix = false;
  std::string test_name;
};

void PrintTo(const SpecCase& c, std::ostream* os) {
  *os << c.file << ": " << c.name;
}

std::vector<SpecCase> load_cases() {
  std::vector<SpecCase> cases;
  std::string dir = std::string(KEFKA_SOURCE_DIR) + "/tests/shell/spec";
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::string p = e.path().string();
    if (p.size() > 8 && p.substr(p.size() - 8) == ".test.sh") files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> used;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string topic = std::filesystem::path(path).filename().string();
    topic = topic.substr(0, topic.size() - 8);
    std::string line;
    SpecCase* cur = nullptr;
    while (std::getline(in, line)) {
      if (line.rfind("#### ", 0) == 0) {
        cases.push_back({});
        cur = &cases.back();
        cur->file = topic;
        cur->name = line.substr(5);
        std::string id = topic + "__";
        for (char c : cur->name) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        std::string unique = id;
        for (int n = 2; used.count(unique); ++n) unique = id + "_" + std::to_string(n);
        used.insert(unique);
        cur->test_name = unique;
        // A survey of POSIX-mode gaps (not run by ctest): every case under
        // `bash --posix` and kefka's `set -o posix`.
        cur->posix = std::getenv("KEFKA_SPEC_ALL_POSIX") != nullptr;
        continue;
      }
      if (cur == nullptr) continue;
      if (line.rfind("## skip:", 0) == 0) {
        cur->skip = line.substr(8);
        continue;
      }
      if (line == "## posix") {
        cur->posix = true;
        continue;
      }
      if (line == "## no-stderr") {
        cur->compare_stderr = false;
        continue;
      }
      if (line.rfind("## stdin: ", 0) == 0) {
        cur->stdin_data = decode_escapes(line.substr(10), EscapeStyle::DollarSingle);
        continue;
      }
      cur->script += line + "\n";
    }
  }
  return cases;
}

const std::vector<SpecCase>& all_cases() {
  static const std::vector<SpecCase> cases = load_cases();
  return cases;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

RunResult run_bash(const SpecCase& c) {
  char tmpl[] = "/tmp/kefka_spec_XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string work = dir + "/work";
  std::filesystem::create_directory(work);
  std::string script_path = dir + "/script.sh";
  { std::ofstream(script_path) << c.script; }
  std::string in_path = dir + "/stdin";
  { std::ofstream(in_path) << c.stdin_data; }
  int out_pipe[2], err_pipe[2];
  EXPECT_EQ(pipe(out_pipe), 0);
  EXPECT_EQ(pipe(err_pipe), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
  posix_spawn_file_actions_addchdir_np(&fa, work.c_str());
  // The reference bash sees only fds 0-2, like kefka's fresh session: an fd
  // inherited from ctest would change what `<&3` does.
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  std::string home = "HOME=" + work;
  std::string pwd = "PWD=" + work;
  std::vector<std::string> env_s = {home, "PATH=/usr/bin:/bin", "USER=user", "LANG=C.UTF-8", pwd};
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args_s = {"/bin/bash", "--noprofile", "--norc", script_path};
  if (c.posix) args_s.insert(args_s.begin() + 1, "--posix");
  std::vector<char*> argv;
  for (auto& a : args_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, "/bin/bash", &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult r;
  if (rc != 0) {
    r.status = -1;
    return r;
  }
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_count = 2;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (open_count > 0 && std::chrono::steady_clock::now() < deadline) {
    if (poll(fds, 2, 200) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[65536];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
        continue;
      }
      (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int wstatus = 0;
  if (open_count > 0) kill(pid, SIGKILL);
  waitpid(pid, &wstatus, 0);
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  for (std::string* s : {&r.out, &r.err}) {
    *s = replace_all(*s, script_path, "script.sh");
    *s = replace_all(*s, work, "/home/user");
  }
  std::filesystem::remove_all(dir);
  return r;
}

class Spec : public ::testing::TestWithParam<SpecCase> {};

TEST_P(Spec, MatchesBash) {
  const SpecCase& c = GetParam();
  if (!c.skip.empty()) GTEST_SKIP() << c.skip;
  RunResult want = run_bash(c);
  Limits limits;
  limits.timeout = std::chrono::milliseconds(20000);
  ShellEnv env(limits);
  if (c.posix) env.run("set -o posix");
  RunResult got = env.run(c.script, c.stdin_data);
  EXPECT_EQ(got.out, want.out) << "script:\n" << c.script;
  EXPECT_EQ(got.status, want.status) << "script:\n" << c.script;
  if (c.compare_stderr) EXPECT_EQ(got.err, want.err) << "script:\n" << c.script;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Spec, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<SpecCase>& info) {
                           return info.param.test_name;
                         });

}  // namespace
}  // namespace kefka::shell::testing

// Test-only helpers to run a real host program (the GNU reference tools) and to
// hold a host temporary directory. Never used by product code.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kefka::test {

struct ProcessResult {
  std::string out;
  std::string err;
  int status = -1;  // exit status, or 128 + signal like bash
};

// The environment every differential run uses on both sides, so locale, time
// zone and PATH never make the two differ.
inline std::map<std::string, std::string> default_test_env() {
  return {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
          {"LC_ALL", "C"},
          {"TZ", "UTC"},
          {"HOME", "/home/user"},
          {"USER", "user"},
          {"LOGNAME", "user"}};
}

namespace detail {
inline void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}
}  // namespace detail

// Runs argv[0] (searched in PATH) with `input` on stdin, in `cwd` (unless
// empty), with exactly `env`; captures stdout and stderr. Polls all three pipes
// so a large output or input cannot deadlock.
inline ProcessResult run_host(const std::vector<std::string>& argv, std::string_view input = {},
                              const std::string& cwd = {},
                              const std::map<std::string, std::string>& env = default_test_env()) {
  signal(SIGPIPE, SIG_IGN);  // a child that ignores stdin must not kill us
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  // Only fds 0-2 reach the reference tool, whatever the test runner left open.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  // posix_spawnp searches the caller's PATH; resolve with the child's instead.
  std::string program = argv.at(0);
  if (program.find('/') == std::string::npos) {
    auto path_it = env.find("PATH");
    std::string path = path_it == env.end() ? "/usr/bin:/bin" : path_it->second;
    size_t start = 0;
    while (start <= path.size()) {
      size_t colon = path.find(':', start);
      std::string dir = path.substr(start, colon - start);
      std::string candidate = (dir.empty() ? "." : dir) + "/" + argv[0];
      if (access(candidate.c_str(), X_OK) == 0) {
        program = candidate;
        break;
      }
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  pid_t pid;
  int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.err = argv[0] + ": spawn failed: " + std::to_string(rc);
    result.status = 127;
    return result;
  }
  int in_fd = in_pipe[1];
  detail::set_nonblocking(in_fd);
  size_t written = 0;
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  int out_fd = out_pipe[0], err_fd = err_pipe[0];
  char buf[65536];
  while (out_fd >= 0 || err_fd >= 0 || in_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    int idx_in = -1, idx_out = -1, idx_err = -1;
    if (in_fd >= 0) {
      idx_in = n;
      fds[n++] = {in_fd, POLLOUT, 0};
    }
    if (out_fd >= 0) {
      idx_out = n;
      fds[n++] = {out_fd, POLLIN, 0};
    }
    if (err_fd >= 0) {
      idx_err = n;
      fds[n++] = {err_fd, POLLIN, 0};
    }
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (idx_in >= 0 && fds[idx_in].revents != 0) {
      ssize_t w = write(in_fd, input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if ((w < 0 && errno != EAGAIN) || written == input.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
    auto drain = [&](int idx, int& fd, std::string& sink) {
      if (idx < 0 || fds[idx].revents == 0) return;
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        sink.append(buf, static_cast<size_t>(r));
      } else if (r == 0 || errno != EINTR) {
        close(fd);
        fd = -1;
      }
    };
    drain(idx_out, out_fd, result.out);
    drain(idx_err, err_fd, result.err);
  }
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  return result;
}

// A host temporary directory, removed with everything in it on destruction.
class HostTempDir {
 public:
  HostTempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "kefka-test-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~HostTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  HostTempDir(const HostTempDir&) = delete;
  HostTempDir& operator=(const HostTempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `data` to the relative path `name`, creating parent directories.
  void write(const std::string& name, std::string_view data) const {
    std::filesystem::path p = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  std::string read(const std::string& name) const {
    std::ifstream f(std::filesystem::path(path_) / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }

 private:
  std::string path_;
};

}  // namespace kefka::test

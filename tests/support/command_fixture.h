// Test fixture for commands: an in-memory Vfs (MemoryBackend at /, DevBackend
// at /dev, cwd /home/user, /tmp) and `run({"cat", "-n", "f"}, stdin)` through
// cmd::run_command, plus a differential check against the GNU tool on the host.
//
//   #include "../support/command_fixture.h"   // from tests/<suite>/x_test.cpp
//   class CatTest : public kefka::test::CommandFixture {};
//   TEST_F(CatTest, Numbers) {
//     write_file("f", "a\nb\n");
//     EXPECT_EQ(run({"cat", "-n", "f"}).out, "     1\ta\n     2\tb\n");
//     expect_same_as_gnu({.argv = {"cat", "-A", "f"}, .files = {{"f", "x\ty\n"}}});
//   }
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "commands/command.h"
#include "commands/registry.h"
#include "host_process.h"
#include "vfs/dev_backend.h"
#include "vfs/memory_backend.h"
#include "vfs/vfs.h"

namespace kefka::test {

struct RunResult {
  std::string out;
  std::string err;
  int status = -1;
  bool operator==(const RunResult&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const RunResult& r) {
  return os << "{status " << r.status << ", out " << ::testing::PrintToString(r.out) << ", err "
            << ::testing::PrintToString(r.err) << "}";
}

// Runs registered commands by name, like a PATH lookup that only knows the
// registry (env, timeout, nohup... in tests without the shell).
class RegistryExecutor final : public cmd::Executor {
 public:
  int run_program(cmd::Context& parent, const std::vector<std::string>& argv,
                  const cmd::Environment& env, FdTable& fds) override {
    std::string_view name = argv.at(0);
    if (size_t slash = name.rfind('/'); slash != std::string_view::npos) {
      name = name.substr(slash + 1);
    }
    const cmd::CommandSpec* spec = cmd::find_command(name);
    if (spec == nullptr) {
      auto err = fds.get(2);
      if (err != nullptr) (void)write_all(*err, argv[0] + ": command not found\n");
      return cmd::kExitNotFound;
    }
    cmd::Context child{.argv = argv,
                       .env = env,
                       .fs = parent.fs,
                       .fds = fds,
                       .budget = parent.budget,
                       .executor = this};
    return cmd::run_command(*spec, child);
  }
};

// A sandbox without the shell: filesystem, environment, one Budget.
class CommandSandbox {
 public:
  explicit CommandSandbox(const Limits& limits = Limits{})
      : limits_(limits), budget_(limits_), vfs_(make_vfs(limits_)) {
    vfs::FsView root = root_view();
    for (const char* dir : {"/home", "/home/user", "/tmp", "/dev", "/etc", "/usr", "/usr/bin"}) {
      (void)root.mkdir(dir, 0755);
    }
    (void)root.chmod("/tmp", 01777);
    (void)root.chown("/home/user", 1000, 1000);
    (void)vfs_->mount("/dev", std::make_shared<vfs::DevBackend>());
    env = cmd::Environment();
    for (const auto& [k, v] : default_test_env()) env[k] = v;
    env["PWD"] = cwd;
  }

  static std::shared_ptr<vfs::Vfs> make_vfs(const Limits& limits) {
    return std::make_shared<vfs::Vfs>(std::make_shared<vfs::MemoryBackend>(), limits);
  }

  vfs::Vfs& vfs() { return *vfs_; }
  Budget& budget() { return budget_; }
  // The filesystem as the test user (uid 1000) in cwd.
  vfs::FsView fs() const { return vfs::FsView(*vfs_, vfs::Caller{.cwd = cwd}); }
  vfs::FsView root_view() const {
    return vfs::FsView(*vfs_, vfs::Caller{.cwd = "/", .cred = {0, 0}});
  }

  // Relative paths are relative to cwd; parent directories must exist.
  void write_file(std::string_view path, std::string_view data, uint32_t mode = 0644) {
    auto st = fs().write_file(path, data, mode);
    if (!st) ADD_FAILURE() << "write_file(" << path << "): " << std::strerror(st.error());
  }
  std::string read_file(std::string_view path) const {
    auto r = fs().read_file(path);
    if (!r) {
      ADD_FAILURE() << "read_file(" << path << "): " << std::strerror(r.error());
      return {};
    }
    return *r;
  }
  bool exists(std::string_view path) const { return fs().lstat(path).ok(); }
  void mkdir(std::string_view path, uint32_t mode = 0755) {
    auto st = fs().mkdir(path, mode);
    if (!st) ADD_FAILURE() << "mkdir(" << path << "): " << std::strerror(st.error());
  }

  // Runs one registered command with `input` on stdin; unknown names give 127.
  RunResult run(std::vector<std::string> argv, std::string_view input = {}) {
    RunResult result;
    const cmd::CommandSpec* spec = cmd::find_command(argv.at(0));
    if (spec == nullptr) {
      result.err = argv[0] + ": command not found\n";
      result.status = cmd::kExitNotFound;
      return result;
    }
    auto out = std::make_shared<StringSink>();
    auto err = std::make_shared<StringSink>();
    FdTable fds;
    fds.set(0, std::make_shared<StringSource>(std::string(input)));
    fds.set(1, out);
    fds.set(2, err);
    {
      cmd::Context ctx{.argv = std::move(argv),
                       .env = env,
                       .fs = fs(),
                       .fds = fds,
                       .budget = budget_,
                       .executor = executor};
      result.status = cmd::run_command(*spec, ctx);
    }
    result.out = out->take();
    result.err = err->take();
    return result;
  }

  std::string cwd = "/home/user";
  cmd::Environment env;
  cmd::Executor* executor = &registry_executor_;

 private:
  Limits limits_;
  Budget budget_;
  std::shared_ptr<vfs::Vfs> vfs_;
  RegistryExecutor registry_executor_;
};

// One differential case: the same files, arguments and stdin for the GNU tool
// (in a host temp dir) and the kefka command (in the sandbox's cwd).
struct GnuCase {
  std::vector<std::string> argv;
  std::string input;
  std::vector<std::pair<std::string, std::string>> files;  // relative name, content
  bool compare_stderr = true;
  // The host program when it differs from argv[0] (e.g. "/usr/bin/echo").
  std::string host_program;
};

class CommandFixture : public ::testing::Test, public CommandSandbox {
 protected:
  // Runs the case on both sides and expects identical stdout, status and
  // (unless disabled) stderr. Host temp paths in the host output are replaced by
  // the sandbox cwd first. Returns the kefka result for further checks.
  RunResult expect_same_as_gnu(const GnuCase& c) {
    HostTempDir host;
    for (const auto& [name, data] : c.files) {
      host.write(name, data);
      ensure_parent_dirs(name);
      write_file(name, data);
    }
    std::vector<std::string> host_argv = c.argv;
    if (!c.host_program.empty()) host_argv[0] = c.host_program;
    auto host_env = default_test_env();
    for (const auto& [k, v] : env) host_env[k] = v;
    host_env["PWD"] = host.path();
    ProcessResult expected = run_host(host_argv, c.input, host.path(), host_env);
    if (!c.host_program.empty()) {
      expected.err = replace_all(expected.err, c.host_program, c.argv[0]);
    }
    expected.out = replace_all(expected.out, host.path(), cwd);
    expected.err = replace_all(expected.err, host.path(), cwd);
    RunResult actual = run(c.argv, c.input);
    std::string what = ::testing::PrintToString(c.argv);
    EXPECT_TRUE(same_bytes("stdout", actual.out, expected.out)) << what;
    EXPECT_EQ(actual.status, expected.status) << "status of " << what;
    if (c.compare_stderr) {
      EXPECT_TRUE(same_bytes("stderr", actual.err, expected.err)) << what;
    }
    return actual;
  }

  // Compares two outputs; on a difference, describes the first differing
  // offset with a little context instead of dumping megabytes.
  static ::testing::AssertionResult same_bytes(std::string_view label, const std::string& actual,
                                               const std::string& expected) {
    if (actual == expected) return ::testing::AssertionSuccess();
    size_t i = 0;
    while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) ++i;
    size_t from = i > 40 ? i - 40 : 0;
    return ::testing::AssertionFailure()
           << label << " differs at byte " << i << " (kefka " << actual.size() << " bytes, GNU "
           << expected.size()
           << " bytes)\n  kefka: " << ::testing::PrintToString(actual.substr(from, 100))
           << "\n  GNU:   " << ::testing::PrintToString(expected.substr(from, 100)) << "\n  in ";
  }

  static std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    if (from.empty()) return s;
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
      s.replace(pos, from.size(), to);
    }
    return s;
  }

 private:
  void ensure_parent_dirs(std::string_view name) {
    for (size_t slash = name.find('/'); slash != std::string_view::npos;
         slash = name.find('/', slash + 1)) {
      if (slash > 0 && !exists(name.substr(0, slash))) mkdir(name.substr(0, slash));
    }
  }
};

}  // namespace kefka::test

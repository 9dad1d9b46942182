// Shared helpers of the jq and sqlite3 suites: run a command line in a sandbox
// and the same argv with the host's tool in a host temp dir holding the same
// files, and compare stdout, stderr and status.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "../support/host_process.h"
#include "kefka/sandbox.h"

namespace kefka::test {

// Skips a case when the build has no such module (-DKEFKA_JQ_SQLITE3=OFF): the
// command then says so itself, which Tools.MissingModuleIsReported checks.
#ifdef KEFKA_WASM_TOOLS_BUILT
#define REQUIRE_WASM_TOOLS() (void)0
#else
#define REQUIRE_WASM_TOOLS() GTEST_SKIP() << "jq/sqlite3 are not built in (-DKEFKA_JQ_SQLITE3=ON)"
#endif

// Single-quotes a string for the shell.
inline std::string sq(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

inline std::string shell_words(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    line += sq(word);
  }
  return line;
}

// A host temp dir, removed at the end of the scope.
class HostDir {
 public:
  HostDir() {
    char templ[] = "/tmp/kefka-wasm-tools-XXXXXX";
    path_ = mkdtemp(templ);
  }
  ~HostDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  HostDir(const HostDir&) = delete;
  HostDir& operator=(const HostDir&) = delete;
  const std::string& path() const { return path_; }
  void write(const std::string& name, std::string_view data) const {
    std::ofstream(path_ + "/" + name, std::ios::binary) << data;
  }

 private:
  std::string path_;
};

using Files = std::map<std::string, std::string>;

// Runs argv in a fresh sandbox (cwd /home/user holding `files`) and on the host
// (a temp dir holding `files`), with the same stdin; all three outputs must
// match byte for byte.
inline void expect_same_as_host(const std::vector<std::string>& argv, const std::string& input = {},
                                const Files& files = {}) {
  auto sb = Sandbox::create();
  HostDir dir;
  for (const auto& [name, data] : files) {
    sb->write_file(name, data);
    dir.write(name, data);
  }
  ExecOptions options;
  options.stdin_data = input;
  auto mine = sb->exec(shell_words(argv), options);
  auto host = run_host(argv, input, dir.path());
  std::string what = shell_words(argv);
  EXPECT_EQ(mine.stdout_data, host.out) << what;
  EXPECT_EQ(mine.stderr_data, host.err) << what;
  EXPECT_EQ(mine.exit_status, host.status) << what;
}

}  // namespace kefka::test

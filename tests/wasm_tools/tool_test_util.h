// Shared helpers of the jq and sqlite3 suites: run a command line in a sandbox
// and the same argv with the host's tool in a host temp dir holding the same
// files, and compare stdout, stderr and status.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "../support/host_process.h"
#include "../support/test_util.h"
#include "kefka/sandbox.h"

namespace kefka::test {

// Skips a case when the build has no such module (-DKEFKA_JQ_SQLITE3=OFF): the
// command then says so itself, which Tools.MissingModuleIsReported checks.
#ifdef KEFKA_WASM_TOOLS_BUILT
#define REQUIRE_WASM_TOOLS() (void)0
#else
#define REQUIRE_WASM_TOOLS() GTEST_SKIP() << "jq/sqlite3 are not built in (-DKEFKA_JQ_SQLITE3=ON)"
#endif

using Files = std::map<std::string, std::string>;

// Runs argv in a fresh sandbox (cwd /home/user holding `files`) and on the host
// (a temp dir holding `files`), with the same stdin; all three outputs must
// match byte for byte.
inline void expect_same_as_host(const std::vector<std::string>& argv, const std::string& input = {},
                                const Files& files = {}) {
  auto sb = Sandbox::create();
  HostTempDir dir;
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

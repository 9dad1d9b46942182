// Small helpers shared by the test suites that drive a kefka::Sandbox (so
// linked against the kefka library) with shell command lines built from test
// data, and read fixtures from the host.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "kefka/sandbox.h"

namespace kefka::test {

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

// argv as one shell command line (every word single-quoted).
inline std::string shell_words(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    line += sq(word);
  }
  return line;
}

// The whole content of a host file ("" if it cannot be read).
inline std::string read_host_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Runs `script` in `sandbox`; succeeds when it prints exactly `expected` and
// exits 0. Use as EXPECT_TRUE(script_prints(...)) so that a failure names the
// caller's line, the output and stderr.
inline ::testing::AssertionResult script_prints(Sandbox& sandbox, const std::string& script,
                                                std::string_view expected) {
  auto r = sandbox.exec(script);
  if (r.stdout_data == expected && r.exit_status == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "script: " << script << "\nstdout:   " << ::testing::PrintToString(r.stdout_data)
         << "\nexpected: " << ::testing::PrintToString(std::string(expected)) << "\nstatus "
         << r.exit_status << ", stderr: " << r.stderr_data;
}

// Runs `script` in `sandbox` under an exec deadline of `timeout`; succeeds when
// the deadline stopped it (status 124) and the call returned within 10 s.
inline ::testing::AssertionResult deadline_stops(Sandbox& sandbox, const std::string& script,
                                                 std::chrono::milliseconds timeout) {
  ExecOptions options;
  options.timeout = timeout;
  auto start = std::chrono::steady_clock::now();
  auto r = sandbox.exec(script, options);
  auto took = std::chrono::steady_clock::now() - start;
  if (r.exit_status == 124 && took < std::chrono::seconds(10)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "script: " << script << "\nstatus " << r.exit_status << " after "
         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
         << " ms, stderr: " << r.stderr_data;
}

}  // namespace kefka::test

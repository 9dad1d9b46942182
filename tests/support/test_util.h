// Small helpers shared by the test suites that drive a Sandbox with shell
// command lines built from test data, and read fixtures from the host.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace kefka::test

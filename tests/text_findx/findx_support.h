// Differential helpers for find/xargs/diff/patch/bc: the same tree (files,
// directories, symlinks, modes, mtimes) is built in a host temp dir and in the
// sandbox, then the GNU tool and the kefka command run over it.
#pragma once

#include <sys/stat.h>
#include <utime.h>

#include <algorithm>
#include <sstream>

#include "../support/command_fixture.h"

namespace kefka::test {

struct TreeOp {
  enum Kind { kFile, kDir, kLink, kMode, kMtime } kind;
  std::string path;
  std::string data;  // content, link target
  uint32_t mode = 0;
  int64_t mtime = 0;
};

inline TreeOp file(std::string p, std::string data = "", uint32_t mode = 0644) {
  return {TreeOp::kFile, std::move(p), std::move(data), mode};
}
inline TreeOp dir(std::string p) {
  return {TreeOp::kDir, std::move(p)};
}
inline TreeOp link(std::string p, std::string target) {
  return {TreeOp::kLink, std::move(p), std::move(target)};
}
inline TreeOp chmod_op(std::string p, uint32_t mode) {
  return {TreeOp::kMode, std::move(p), "", mode};
}
inline TreeOp mtime_op(std::string p, int64_t t) {
  return {TreeOp::kMtime, std::move(p), "", 0, t};
}

struct TreeCase {
  std::vector<std::string> argv;
  std::vector<TreeOp> tree;
  std::string input;
  bool sort_lines = false;  // GNU's order follows the host's readdir order
  bool compare_stderr = true;
};

class TreeFixture : public CommandFixture {
 protected:
  // Empties the sandbox's cwd so every case starts from the same tree.
  void clear_dir(const std::string& path) {
    auto entries = fs().readdir(path);
    if (!entries) return;
    for (const auto& e : *entries) {
      if (e.name == "." || e.name == "..") continue;
      std::string child = path + "/" + e.name;
      auto st = fs().lstat(child);
      if (st && st->is_dir()) {
        (void)fs().chmod(child, 0755);
        clear_dir(child);
        (void)fs().rmdir(child);
      } else {
        (void)fs().unlink(child);
      }
    }
  }

  void build(const HostTempDir& host, const std::vector<TreeOp>& ops) {
    clear_dir(cwd);
    for (const auto& op : ops) {
      std::string hp = host.path() + "/" + op.path;
      switch (op.kind) {
        case TreeOp::kFile:
          host.write(op.path, op.data);
          ::chmod(hp.c_str(), op.mode);
          write_file(op.path, op.data, op.mode);
          (void)fs().chmod(op.path, op.mode);
          break;
        case TreeOp::kDir:
          ::mkdir(hp.c_str(), 0755);
          mkdir(op.path);
          break;
        case TreeOp::kLink:
          (void)::symlink(op.data.c_str(), hp.c_str());
          (void)fs().symlink(op.data, op.path);
          break;
        case TreeOp::kMode:
          ::chmod(hp.c_str(), op.mode);
          (void)fs().chmod(op.path, op.mode);
          break;
        case TreeOp::kMtime: {
          struct timespec ts[2] = {{op.mtime, 0}, {op.mtime, 0}};
          ::utimensat(AT_FDCWD, hp.c_str(), ts, AT_SYMLINK_NOFOLLOW);
          (void)fs().utimens(op.path, ts[0], ts[1], false);
          break;
        }
      }
    }
  }

  static std::string sorted(const std::string& text, char sep = '\n') {
    std::vector<std::string> lines;
    std::string cur;
    for (char c : text) {
      cur += c;
      if (c == sep || c == '\0') {
        lines.push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) lines.push_back(cur);
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (auto& l : lines) out += l;
    return out;
  }

  // Runs both sides; returns the kefka result.
  RunResult expect_tree_same(const TreeCase& c) {
    HostTempDir host;
    build(host, c.tree);
    auto host_env = default_test_env();
    for (const auto& [k, v] : env) host_env[k] = v;
    host_env["PWD"] = host.path();
    ProcessResult expected = run_host(c.argv, c.input, host.path(), host_env);
    expected.out = replace_all(expected.out, host.path(), cwd);
    expected.err = replace_all(expected.err, host.path(), cwd);
    RunResult actual = run(c.argv, c.input);
    std::string what = ::testing::PrintToString(c.argv);
    if (c.sort_lines) {
      EXPECT_TRUE(same_bytes("stdout", sorted(actual.out), sorted(expected.out))) << what;
    } else {
      EXPECT_TRUE(same_bytes("stdout", actual.out, expected.out)) << what;
    }
    EXPECT_EQ(actual.status, expected.status) << "status of " << what;
    if (c.compare_stderr) {
      EXPECT_TRUE(same_bytes("stderr", c.sort_lines ? sorted(actual.err) : actual.err,
                             c.sort_lines ? sorted(expected.err) : expected.err))
          << what;
    }
    return actual;
  }
};

}  // namespace kefka::test

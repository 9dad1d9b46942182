// Differential fixture for the file commands: builds the same tree (files,
// directories, symlinks, modes, mtimes) in the sandbox and in a host temp dir,
// runs the kefka command and the GNU tool, and compares stdout, stderr, status
// and, for commands that change the tree, a snapshot of the resulting tree.
//
// Ownership: the sandbox user is uid 1000 and the host test runs as root, so
// the sandbox's /etc/passwd and /etc/group name uid/gid 1000 "root"; `ls -l`
// then prints the same owner on both sides.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "../support/command_fixture.h"

namespace kefka::test {

struct Node {
  enum Kind { kFile, kDir, kLink } kind = kFile;
  std::string path;
  std::string data;   // file content, or the symlink's target
  uint32_t mode = 0;  // 0: default (0644 files, 0755 dirs)
  time_t mtime = 0;   // 0: a fixed old time
};

inline Node make_file(std::string path, std::string data = {}, uint32_t mode = 0,
                      time_t mtime = 0) {
  return Node{Node::kFile, std::move(path), std::move(data), mode, mtime};
}
inline Node make_dir(std::string path, uint32_t mode = 0, time_t mtime = 0) {
  return Node{Node::kDir, std::move(path), {}, mode, mtime};
}
inline Node make_link(std::string path, std::string target) {
  return Node{Node::kLink, std::move(path), std::move(target), 0, 0};
}

// 2021-03-04 05:06:07 UTC: an "old" time for ls (more than six months ago).
inline constexpr time_t kOldTime = 1614834367;

struct Diff {
  std::vector<std::string> argv;
  std::string input;
  bool compare_stderr = true;
  bool compare_tree = false;
  // Compare stdout as a sorted set of lines (GNU walks in the host's readdir
  // order, the sandbox in name order).
  bool sort_lines = false;
  // Regex replacements applied to both outputs before comparing.
  std::vector<std::pair<std::string, std::string>> normalize;
};

class FilesFixture : public CommandFixture {
 protected:
  FilesFixture() {
    vfs::FsView root = root_view();
    (void)root.write_file("/etc/passwd",
                          "root:x:1000:1000:root:/root:/bin/sh\n"
                          "nobody:x:65534:65534:nobody:/:/bin/sh\n");
    (void)root.write_file("/etc/group", "root:x:1000:\nnogroup:x:65534:\n");
  }

  // Builds the nodes on both sides (parents first, in the order given).
  void make_tree(const std::vector<Node>& nodes) {
    for (const Node& n : nodes) {
      std::string host_path = host_.path() + "/" + n.path;
      time_t t = n.mtime != 0 ? n.mtime : kOldTime;
      timespec times[2] = {{t, 0}, {t, 0}};
      switch (n.kind) {
        case Node::kFile: {
          uint32_t mode = n.mode != 0 ? n.mode : 0644;
          host_.write(n.path, n.data);
          ::chmod(host_path.c_str(), mode);
          ::utimensat(AT_FDCWD, host_path.c_str(), times, 0);
          write_file(n.path, n.data, mode);
          (void)fs().chmod(n.path, mode);
          (void)fs().utimens(n.path, times[0], times[1]);
          break;
        }
        case Node::kDir: {
          uint32_t mode = n.mode != 0 ? n.mode : 0755;
          std::filesystem::create_directories(host_path);
          ::chmod(host_path.c_str(), mode);
          if (!exists(n.path)) mkdir(n.path, mode);
          (void)fs().chmod(n.path, mode);
          dir_times_.push_back({n.path, t});
          break;
        }
        case Node::kLink:
          ::symlink(n.data.c_str(), host_path.c_str());
          ::utimensat(AT_FDCWD, host_path.c_str(), times, AT_SYMLINK_NOFOLLOW);
          (void)fs().symlink(n.data, n.path);
          (void)fs().utimens(n.path, times[0], times[1], false);
          break;
      }
    }
    // Directory times last: creating children changes them.
    for (const auto& [path, t] : dir_times_) {
      timespec times[2] = {{t, 0}, {t, 0}};
      std::string host_path = host_.path() + "/" + path;
      ::utimensat(AT_FDCWD, host_path.c_str(), times, 0);
      (void)fs().utimens(path, times[0], times[1]);
    }
  }

  static std::string apply(std::string s, const Diff& d) {
    for (const auto& [from, to] : d.normalize) s = std::regex_replace(s, std::regex(from), to);
    if (d.sort_lines) {
      std::vector<std::string> lines;
      size_t start = 0;
      while (start < s.size()) {
        size_t nl = s.find('\n', start);
        if (nl == std::string::npos) nl = s.size();
        lines.push_back(s.substr(start, nl - start));
        start = nl + 1;
      }
      std::sort(lines.begin(), lines.end());
      s.clear();
      for (const auto& l : lines) s += l + "\n";
    }
    return s;
  }

  // diff() that also compares the folder trees afterwards.
  RunResult tree_diff(std::vector<std::string> argv, std::string input = {}) {
    return diff({.argv = std::move(argv), .input = std::move(input), .compare_tree = true});
  }
  // tree_diff() for dd, whose timing line differs from run to run.
  RunResult dd_diff(std::vector<std::string> argv, std::string input = {}) {
    return diff({.argv = std::move(argv),
                 .input = std::move(input),
                 .compare_tree = true,
                 .normalize = {{"copied, [^\\n]*", "copied, T"}}});
  }

  // Runs on both sides and compares. Returns the kefka result.
  RunResult diff(const Diff& d) {
    auto host_env = default_test_env();
    for (const auto& [k, v] : env) host_env[k] = v;
    host_env["PWD"] = host_.path();
    ProcessResult expected = run_host(d.argv, d.input, host_.path(), host_env);
    RunResult actual = run(d.argv, d.input);
    std::string what = ::testing::PrintToString(d.argv);
    auto fix = [&](std::string s) {
      return apply(replace_all(std::move(s), host_.path(), cwd), d);
    };
    if (stdout_filter) {
      actual.out = stdout_filter(actual.out);
      expected.out = stdout_filter(expected.out);
    }
    EXPECT_EQ(apply(actual.out, d), fix(expected.out)) << "stdout of " << what;
    EXPECT_EQ(actual.status, expected.status) << "status of " << what;
    if (d.compare_stderr) {
      EXPECT_EQ(apply(actual.err, d), fix(expected.err)) << "stderr of " << what;
    }
    if (d.compare_tree) {
      EXPECT_EQ(sandbox_tree(), host_tree()) << "tree after " << what;
    }
    return actual;
  }

  // "path type mode size [target|content]" lines, sorted.
  std::string host_tree() const {
    std::vector<std::string> lines;
    for (auto it = std::filesystem::recursive_directory_iterator(host_.path());
         it != std::filesystem::recursive_directory_iterator(); ++it) {
      std::string full = it->path().string();
      struct stat st;
      if (::lstat(full.c_str(), &st) != 0) continue;
      std::string rel = full.substr(host_.path().size() + 1);
      std::string line = rel + " " + describe(st.st_mode, st.st_size);
      if (S_ISLNK(st.st_mode)) {
        line += " -> " + std::filesystem::read_symlink(full).string();
      } else if (S_ISREG(st.st_mode)) {
        line = with_filtered_content(line, rel, host_.read(rel));
      }
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }

  std::string sandbox_tree() {
    std::vector<std::string> lines;
    std::function<void(const std::string&)> walk = [&](const std::string& rel) {
      auto entries = fs().readdir(rel.empty() ? "." : rel);
      if (!entries.ok()) return;
      for (const auto& e : *entries) {
        std::string p = rel.empty() ? e.name : rel + "/" + e.name;
        auto st = fs().lstat(p);
        if (!st.ok()) continue;
        std::string line = p + " " + describe(st->mode, st->size);
        if (S_ISLNK(st->mode)) {
          line += " -> " + fs().readlink(p).value_or("?");
        } else if (S_ISREG(st->mode)) {
          line = with_filtered_content(line, p, read_file(p));
        }
        lines.push_back(line);
        if (S_ISDIR(st->mode)) walk(p);
      }
    };
    walk("");
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }

  static std::string describe(uint32_t mode, uint64_t size) {
    char buf[64];
    snprintf(buf, sizeof buf, "%c %04o %llu",
             S_ISDIR(mode)   ? 'd'
             : S_ISLNK(mode) ? 'l'
             : S_ISREG(mode) ? 'f'
                             : '?',
             mode & 07777, S_ISDIR(mode) ? 0ULL : static_cast<unsigned long long>(size));
    return buf;
  }

  // Appends the (filtered) content; a filtered file's size is not compared.
  std::string with_filtered_content(std::string line, const std::string& path,
                                    const std::string& content) const {
    if (!content_filter) return line + " " + content;
    std::string filtered = content_filter(path, content);
    if (filtered != content) {
      size_t last_space = line.rfind(' ');
      line = line.substr(0, last_space) + " *";
    }
    return line + " " + filtered;
  }

  // Applied to file contents in tree snapshots (e.g. to decompress archives
  // whose compressed bytes legitimately differ), and to both stdouts.
  std::function<std::string(const std::string&, std::string)> content_filter;
  std::function<std::string(std::string)> stdout_filter;

  HostTempDir host_;
  std::vector<std::pair<std::string, time_t>> dir_times_;
};

}  // namespace kefka::test

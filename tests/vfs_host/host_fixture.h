// Shared fixture of the HostBackend suites: a host temp folder holding the
// backend's root and, beside it, the "secret" files the sandbox must never
// reach; plus host-side helpers (write, read, tree manifests) that use plain
// POSIX calls, never the backend.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "vfs/host_backend.h"

namespace kefka::vfs::test {

inline constexpr std::string_view kSecret = "SECRET-CONTENT-must-never-be-read";

inline void write_host(const std::string& path, std::string_view data, mode_t mode = 0644) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  ASSERT_GE(fd, 0) << path << ": " << strerror(errno);
  ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
  ::close(fd);
}

inline std::string read_host(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "<" + std::string(strerror(errno)) + ">";
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

// A line per entry beneath `dir` (sorted, recursive, symlinks not followed):
// path, type and permission bits, size, link count, content digest or link
// target, and optionally the mtime. Equal manifests: byte-for-byte equal trees.
inline std::string tree_manifest(const std::string& dir, bool with_times = true) {
  std::vector<std::string> lines;
  std::function<void(const std::string&, const std::string&)> walk = [&](const std::string& abs,
                                                                         const std::string& rel) {
    DIR* d = ::opendir(abs.c_str());
    if (!d) {
      lines.push_back(rel + " <opendir: " + strerror(errno) + ">");
      return;
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      std::string child = abs + "/" + name;
      std::string child_rel = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (::lstat(child.c_str(), &st) != 0) continue;
      char head[128];
      snprintf(head, sizeof head, " mode=%o size=%lld nlink=%lu", st.st_mode,
               static_cast<long long>(st.st_size), static_cast<unsigned long>(st.st_nlink));
      std::string line = child_rel + head;
      if (with_times) {
        line += " mtime=" + std::to_string(st.st_mtim.tv_sec) + "." +
                std::to_string(st.st_mtim.tv_nsec);
      }
      if (S_ISREG(st.st_mode)) {
        uint64_t hash = 1469598103934665603ull;  // FNV-1a
        for (unsigned char c : read_host(child)) hash = (hash ^ c) * 1099511628211ull;
        line += " fnv=" + std::to_string(hash);
      } else if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = ::readlink(child.c_str(), target, sizeof target);
        line += " -> " + std::string(target, n > 0 ? static_cast<size_t>(n) : 0);
      }
      lines.push_back(line);
      if (S_ISDIR(st.st_mode)) walk(child, child_rel);
    }
  };
  walk(dir, "");
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// A temp folder: <base>/root is the backend's root; <base>/secret.txt and
// <base>/outside/ (holding secret2.txt) are outside it.
class HostFolder {
 public:
  HostFolder() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kefka-host-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    base_ = tmpl;
    root_ = base_ + "/root";
    ::mkdir(root_.c_str(), 0755);
    ::mkdir((base_ + "/outside").c_str(), 0755);
    write_host(secret(), kSecret, 0600);
    write_host(outside() + "/secret2.txt", kSecret, 0600);
  }
  ~HostFolder() {
    std::error_code ec;
    std::filesystem::remove_all(base_, ec);
  }
  HostFolder(const HostFolder&) = delete;
  HostFolder& operator=(const HostFolder&) = delete;

  const std::string& base() const { return base_; }
  const std::string& root() const { return root_; }
  std::string secret() const { return base_ + "/secret.txt"; }
  std::string outside() const { return base_ + "/outside"; }
  std::string at(std::string_view rel) const { return root_ + "/" + std::string(rel); }
  // Everything outside the root: must never change.
  std::string outside_manifest() const {
    return tree_manifest(outside()) + "secret: " + read_host(secret()) + " " +
           std::to_string(stat_of(secret()).st_mode) + " " +
           std::to_string(stat_of(secret()).st_mtim.tv_nsec) + " " +
           std::to_string(stat_of(secret()).st_nlink) + "\n";
  }

  static struct stat stat_of(const std::string& path) {
    struct stat st {};
    ::lstat(path.c_str(), &st);
    return st;
  }

 private:
  std::string base_;
  std::string root_;
};

inline std::shared_ptr<HostBackend> make_backend(const std::string& root,
                                                 HostOptions options = {}) {
  auto backend = HostBackend::create(root, options);
  EXPECT_TRUE(backend.ok()) << strerror(backend.error());
  return backend.ok() ? *backend : nullptr;
}

// Reads the whole file `path` through the backend, or "<errno text>".
inline std::string read_backend(Backend& backend, std::string_view path) {
  auto file = backend.open(path, O_RDONLY, 0, Credentials{});
  if (!file.ok()) return "<" + std::string(strerror(file.error())) + ">";
  std::string out;
  char buf[4096];
  uint64_t offset = 0;
  while (true) {
    auto n = (*file)->pread(std::span<char>(buf, sizeof buf), offset);
    if (!n.ok()) return out + "<" + std::string(strerror(n.error())) + ">";
    if (*n == 0) return out;
    out.append(buf, *n);
    offset += *n;
  }
}

inline Status write_backend(Backend& backend, std::string_view path, std::string_view data,
                            uint32_t mode = 0644) {
  auto file = backend.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode, Credentials{});
  if (!file.ok()) return Errno{file.error()};
  auto n = (*file)->pwrite(data, 0);
  if (!n.ok()) return Errno{n.error()};
  return {};
}

// Runs `fn` on another thread and fails (aborting the process, since the
// thread cannot be cancelled) if it has not returned within `limit`: used for
// calls that would block forever on a fifo.
template <typename F>
auto returns_within(std::chrono::milliseconds limit, F fn) {
  std::packaged_task<decltype(fn())()> task(std::move(fn));
  auto result = task.get_future();
  std::thread(std::move(task)).detach();
  if (result.wait_for(limit) != std::future_status::ready) {
    ADD_FAILURE() << "call blocked for more than " << limit.count() << " ms";
    fprintf(stderr, "aborting: a backend call is blocked\n");
    std::abort();
  }
  return result.get();
}

// The errno of a Result/Status, 0 when ok, for EXPECT_EQ with readable output.
template <typename R>
int err(const R& r) {
  return r.ok() ? 0 : r.error();
}

}  // namespace kefka::vfs::test

// Program execution: PATH lookup in the Vfs and running a file like execve
// would (registered command stubs, #! scripts, plain bash scripts).
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "commands/command.h"
#include "vfs/vfs.h"

namespace kefka::shell {

struct SessionShared;

// cmd::Executor for commands that start programs (env, xargs, find -exec...).
// With a session, it also lists that session's processes for ps.
class ShellExecutor final : public cmd::Executor {
 public:
  explicit ShellExecutor(const SessionShared* session = nullptr) : session_(session) {}
  int run_program(cmd::Context& parent, const std::vector<std::string>& argv,
                  const cmd::Environment& env, FdTable& fds) override;
  std::vector<cmd::ProcessInfo> list_processes() const override;
  int64_t next_pid() const override;

 private:
  const SessionShared* session_;  // owns this executor, so outlives it
};

// Remembers which files are registered-command stubs, so running `cat` again
// costs one stat instead of stat + access + open + read + realpath. An entry
// is valid while the file's identity and times are unchanged.
class StubCache {
 public:
  const cmd::CommandSpec* lookup(const std::string& path, const vfs::Stat& st);
  void store(const std::string& path, const vfs::Stat& st, const cmd::CommandSpec* spec);

 private:
  struct Entry {
    uint64_t dev, ino;
    timespec mtime, ctime;
    const cmd::CommandSpec* spec;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// Searches PATH (a colon list) for an executable regular file.
std::string search_path(const vfs::FsView& view, const std::string& path_var,
                        const std::string& name);
// Every executable regular file `name` in the directories of `path_var`, in
// order (`type -a`); with first_only, at most the first.
std::vector<std::string> search_path_all(const vfs::FsView& view, const std::string& path_var,
                                         const std::string& name, bool first_only);

// Runs bash/sh with argv (-c string, script file, or script on stdin) in a
// fresh shell process state.
int run_bash(vfs::Vfs& vfs, const vfs::Caller& caller, const std::vector<std::string>& argv,
             const cmd::Environment& env, FdTable& fds, Budget& budget, int call_depth);

// Runs the file at `path` with argv. `prefix` starts error messages
// ("script.sh: line 3: ").
int exec_file(vfs::Vfs& vfs, const vfs::Caller& caller, const std::string& path,
              const std::vector<std::string>& argv, const cmd::Environment& env, FdTable& fds,
              Budget& budget, const std::string& prefix, int call_depth, StubCache* cache = nullptr,
              cmd::Executor* executor = nullptr);

}  // namespace kefka::shell

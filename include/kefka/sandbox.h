// kefka: an embeddable, bash-compatible sandbox for AI agents.
//
//   auto sb = kefka::Sandbox::create();
//   auto r = sb->exec("echo hello > greeting; cat greeting | tr a-z A-Z");
//   // r.stdout_data == "HELLO\n", r.exit_status == 0
//
// A Sandbox is a virtual filesystem plus one long-lived shell session: variables,
// functions, cwd, options and open descriptors persist across exec() calls, as in
// one bash process. Nothing inside reaches the host except the folders the
// embedder mounts. A Sandbox may be used from one thread at a time; different
// sandboxes run concurrently. cancel() may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kefka/limits.h"

namespace kefka {

// A host folder made visible inside the sandbox.
struct Mount {
  enum class Mode {
    ReadOnly,   // writes fail with EROFS
    ReadWrite,  // writes reach the host folder (confined to it)
    Overlay,    // copy-on-write: writes stay in memory, the host is never modified
  };
  std::string host_path;
  std::string guest_path;  // absolute path inside the sandbox
  Mode mode = Mode::Overlay;
};

struct SandboxOptions {
  std::vector<Mount> mounts;
  // Added to (or replacing) the default environment: HOME, PATH, USER, PWD...
  std::map<std::string, std::string> env;
  // Starting directory; created when missing. Defaults to $HOME (/home/user).
  std::string cwd;
  Limits limits;
  // When set, only these commands exist (plus the shell's builtins).
  std::optional<std::vector<std::string>> enabled_commands;
  std::string user = "user";
  uint32_t uid = 1000;
  uint32_t gid = 1000;
  std::string hostname = "sandbox";
};

// Supplies standard input lazily (e.g. the CLI's host stdin): reads up to
// `size` bytes into `buf` and returns how many, 0 at end of input, or -1 when
// no data is available yet (the sandbox then checks for cancellation and the
// deadline, and calls again: a reader should wait a little, e.g. poll() for
// 50 ms, before returning -1). Called from the thread of the reading command.
using InputReader = std::function<long(char* buf, size_t size)>;

struct ExecOptions {
  // Standard input of the script (ignored when stdin_reader is set).
  std::string stdin_data;
  InputReader stdin_reader;
  // Variables set for this call only (exported to its commands); their
  // previous values, or their absence, are restored afterwards.
  std::map<std::string, std::string> env;
  // Directory for this call only; the session's cwd is unchanged afterwards.
  std::optional<std::string> cwd;
  // Positional parameters $1... for this call (the previous ones come back
  // afterwards).
  std::vector<std::string> args;
  // Overrides Limits::timeout for this call (zero: no deadline).
  std::optional<std::chrono::milliseconds> timeout;
  // $0 and the name in error messages ("bash: line 1: ..."); a script path
  // when running a file.
  std::string name = "bash";
  // Which standard streams are an interactive terminal (`[ -t 0 ]`,
  // `[ -t 1 ]`): set by the CLI when the host's are.
  bool stdin_is_terminal = false;
  // For a terminal stdin: turns the terminal's echo off (false) and back on
  // (true) around `read -s`. Unset, `read -s` reads without changing anything.
  std::function<void(bool echo)> stdin_set_echo;
  bool stdout_is_terminal = false;
  bool stderr_is_terminal = false;
};

struct ExecResult {
  std::string stdout_data;
  std::string stderr_data;
  int exit_status = 0;
};

// Receives output as it is produced. It may be called from the sandbox's
// worker threads (pipeline stages), but never concurrently, and never after
// exec_stream() returned.
using OutputCallback = std::function<void(std::string_view chunk)>;

struct FileInfo {
  std::string name;
  std::string path;
  enum class Type { File, Directory, Symlink, Other } type = Type::File;
  uint64_t size = 0;
  uint32_t mode = 0;  // permission bits
  uint32_t uid = 0;
  uint32_t gid = 0;
  int64_t mtime_ns = 0;
};

// Thrown by the file helpers; errnum is the errno value (ENOENT, EACCES...).
class FileError : public std::runtime_error {
 public:
  FileError(const std::string& path, int errnum);
  int errnum() const { return errnum_; }

 private:
  int errnum_;
};

// kefka's version, "0.1.0".
std::string_view version();

class Sandbox {
 public:
  // Builds the filesystem and the session. Throws std::runtime_error when a
  // host folder cannot be mounted, FileError when cwd cannot be a directory.
  static std::unique_ptr<Sandbox> create(const SandboxOptions& options = {});
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Runs a bash script in the session and collects its output.
  ExecResult exec(std::string_view script, const ExecOptions& options = {});
  // Same, handing stdout and stderr chunks to the callbacks as they come;
  // returns the exit status.
  int exec_stream(std::string_view script, const ExecOptions& options,
                  const OutputCallback& on_stdout, const OutputCallback& on_stderr);
  // Stops the running exec (from another thread): it returns status 130.
  // Does nothing when no exec is running.
  void cancel();

  // A fresh shell session (variables, functions, cwd reset); files are kept.
  void reset_session();
  // An independent copy of files and shell state; changes to either side do
  // not affect the other. O(1) in the number of in-memory files.
  std::unique_ptr<Sandbox> fork() const;

  // File helpers through the sandbox filesystem (relative paths start at the
  // session's cwd). They throw FileError.
  std::string read_file(std::string_view path) const;
  void write_file(std::string_view path, std::string_view data);  // creates parents
  std::vector<FileInfo> list_dir(std::string_view path) const;
  FileInfo stat(std::string_view path) const;
  bool exists(std::string_view path) const;
  void remove(std::string_view path, bool recursive = false);
  void make_dir(std::string_view path, bool parents = true);

  // The session's current directory.
  std::string cwd() const;
  const SandboxOptions& options() const;

  // True when the last exec() ran `exit` at top level, where an interactive
  // bash would end (`exit`, `exit 3`, `cd /; exit`): the REPL stops then.
  // An `exit` inside a function, an `if` or after `&&` is not detected.
  bool exited() const;

  // True when `script` is a complete input for the shell; false when more
  // lines are needed (an open quote, `if` without `fi`, a trailing `|`...).
  // Syntax errors count as complete: running them reports the error. For
  // REPLs, which show a continuation prompt while this is false.
  bool is_complete(std::string_view script) const;

  struct Impl;

 private:
  explicit Sandbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kefka

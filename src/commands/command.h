// The command framework: what every command (one .cpp file each, under
// src/commands/<group>/) sees and declares.
//
// A command file declares its options as a constexpr table and registers itself:
//
//   constexpr OptionSpec kOptions[] = {
//       {'n', "number", ArgKind::None, "", "number all output lines"},
//       {'w', "width", ArgKind::Required, "NUM", "use NUM columns"},
//   };
//   int run(Context& ctx, const Args& args) { ... return kExitSuccess; }
//
//   KEFKA_COMMAND(cat, {
//       .name = "cat",
//       .usage = "cat [OPTION]... [FILE]...",
//       .summary = "Concatenate FILE(s) to standard output.",
//       .options = kOptions,
//       .main = run,
//   });
//
// The build scans for KEFKA_COMMAND(...) and generates the sorted registry, so
// adding a command is adding a file. The shared parser (commands/options.h)
// turns argv into Args, prints --help from the table, and reports GNU-style
// usage errors, so `main` only ever sees valid options.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "vfs/vfs.h"

namespace kefka::cmd {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;  // usage errors of commands that use 2
inline constexpr int kExitNotExecutable = 126;
inline constexpr int kExitNotFound = 127;
inline constexpr int kExitBrokenPipe = 141;  // 128 + SIGPIPE

// The environment passed to a command, sorted by name.
using Environment = std::map<std::string, std::string, std::less<>>;

struct Context;

// How a command starts other programs (env, xargs, find -exec, timeout, awk's
// system()): implemented by the shell layer, which owns the program lookup.
// A process of the sandbox as ps shows it: the shell, its background jobs
// and coprocesses (threads inside this process, each with a shell pid).
struct ProcessInfo {
  int64_t pid = 0;
  int64_t ppid = 0;
  std::string command;      // the command text, as `jobs` would print it
  int64_t start_epoch = 0;  // wall-clock seconds when it started
};

class Executor {
 public:
  virtual ~Executor() = default;
  // The session's processes, ordered by pid; empty when the embedder does
  // not track any (commands then show only themselves and a shell).
  virtual std::vector<ProcessInfo> list_processes() const { return {}; }
  // The pid the session would give its next process (0: unknown); ps takes
  // it so it never shows a pid that an ended job had.
  virtual int64_t next_pid() const { return 0; }
  // Runs argv[0] as a program would be exec'd: PATH lookup in the sandbox
  // (commands, scripts with a shebang, wasm modules); shell functions and
  // special builtins are not visible, like after execvp(3). Returns the exit
  // status (127 not found, 126 not executable, with bash's message on fd 2).
  virtual int run_program(Context& parent, const std::vector<std::string>& argv,
                          const Environment& env, FdTable& fds) = 0;
};

struct Context {
  std::vector<std::string> argv;  // argv[0] is the name the command was called by
  Environment env;                // the exported environment
  vfs::FsView fs;                 // filesystem, bound to cwd/umask/credentials
  FdTable fds;                    // 0 stdin, 1 stdout, 2 stderr, and any others
  Budget& budget;                 // deadline, cancellation and limits
  Executor* executor = nullptr;   // may be null in unit tests

  const std::string& name() const { return argv[0]; }
  StreamPtr in() const { return fds.get(0); }
  StreamPtr out_stream() const { return fds.get(1); }
  StreamPtr err_stream() const { return fds.get(2); }
  // Buffered stdout/stderr, created on first use and flushed when the command
  // returns (by the dispatcher) or on flush_output().
  BufferedWriter& out();
  BufferedWriter& err();
  void flush_output();
  // True when stdout could not be written (EPIPE, ENOSPC...).
  bool output_failed() const;

  // Prints "NAME: message\n" on stderr, GNU style.
  void error(std::string_view message);
  // Prints "NAME: PATH: strerror(errnum)" e.g. "cat: x: No such file or directory".
  void error_errno(std::string_view path, int errnum);
  // The value of an environment variable, or fallback.
  std::string_view getenv(std::string_view name, std::string_view fallback = "") const;
  // Opens FILE for reading as GNU tools do: "-" is stdin, /dev/stdin, /dev/fd/N
  // refer to this command's descriptors, anything else goes through fs.
  Result<StreamPtr> open_input(std::string_view path);
  Result<StreamPtr> open_output(std::string_view path, bool append = false);
  // stat() of an input operand as open_input() resolves it: for "-",
  // /dev/stdin and /dev/fd/N (process substitution) the descriptor's stream,
  // seen as a pipe modified now; anything else goes through fs.
  Result<vfs::Stat> stat_input(std::string_view path);

  std::unique_ptr<BufferedWriter> out_;
  std::unique_ptr<BufferedWriter> err_;
};

// ---------------------------------------------------------------------------
// Options

enum class ArgKind : uint8_t {
  None,      // a flag: -a, --all
  Required,  // -n 5, -n5, --lines=5, --lines 5
  Optional,  // --color, --color=auto (long form only takes the value after '=')
};

struct OptionSpec {
  char short_name = 0;         // 0 when the option is long-only
  std::string_view long_name;  // "" when the option is short-only
  ArgKind arg = ArgKind::None;
  std::string_view arg_name;  // shown in --help: "NUM", "WHEN"...
  std::string_view help;      // one line for --help
};

// The result of parsing argv against a command's OptionSpec table.
class Args {
 public:
  struct Occurrence {
    const OptionSpec* spec;
    std::string value;  // empty for flags (and optional args given without '=')
    bool has_value = false;
    // True for a kNumericShorthand "-NUM..." argument (value holds "NUM...").
    bool numeric_shorthand = false;
  };

  // Whether an option was given, by its short or long name.
  bool has(char short_name) const;
  bool has(std::string_view long_name) const;
  // The value of the last occurrence, if any.
  const std::string* value(char short_name) const;
  const std::string* value(std::string_view long_name) const;
  // All values, in order (repeatable options such as grep -e, sort -k).
  std::vector<std::string> values(char short_name) const;
  std::vector<std::string> values(std::string_view long_name) const;
  // How many times it was given (-v -v).
  int count(char short_name) const;

  // Every option in command-line order, for commands where order matters.
  std::vector<Occurrence> options;
  // Everything that is not an option, in order (after `--` too).
  std::vector<std::string> operands;
};

// ---------------------------------------------------------------------------
// Commands

enum CommandFlags : uint32_t {
  kFlagNone = 0,
  // Option parsing stops at the first operand (env, xargs, timeout, nice...).
  kStopAtFirstOperand = 1u << 0,
  // The command parses argv itself (echo, test, expr, find, printf); Args is empty
  // and --help/--version are only handled when they are the only argument.
  kRawArguments = 1u << 1,
  // Usage errors exit with 2 (ls, grep, diff...) instead of 1.
  kUsageStatus2 = 1u << 2,
  // A "-NUM" operand is accepted as an option value (head -5, tail -3, fold -8):
  // the parser stores it as the value of `number_option`.
  kNumericShorthand = 1u << 3,
  // Not listed in /bin (helpers, internal commands).
  kHidden = 1u << 4,
  // Usage errors exit with 125 (env, nice, nohup, timeout: GNU's EXIT_CANCELED).
  kUsageStatus125 = 1u << 5,
  // With kRawArguments: a lone --help or --version goes to `main` too (python3
  // prints its own).
  kOwnHelpVersion = 1u << 6,
};

using CommandMain = int (*)(Context& ctx, const Args& args);

struct CommandSpec {
  std::string_view name;
  std::string_view usage;    // "cat [OPTION]... [FILE]..." (may hold several lines)
  std::string_view summary;  // paragraph(s) printed after the usage line by --help
  std::span<const OptionSpec> options;
  CommandMain main = nullptr;
  uint32_t flags = kFlagNone;
  char number_option = 0;   // with kNumericShorthand: the option -NUM stands for
  std::string_view epilog;  // text printed after the option list by --help
};

}  // namespace kefka::cmd

// Registers a command; `id` is a C++ identifier, unique across commands.
#define KEFKA_COMMAND(id, ...)                               \
  extern const ::kefka::cmd::CommandSpec kefka_command_##id; \
  const ::kefka::cmd::CommandSpec kefka_command_##id = __VA_ARGS__

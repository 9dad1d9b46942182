// Command-line parsing of the kefka CLI.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kefka/sandbox.h"

namespace kefka::cli {

struct CliOptions {
  enum class Mode { Repl, Command, ScriptFile, ScriptOnStdin, Help, Version };
  Mode mode = Mode::Repl;
  std::string command;            // -c SCRIPT
  std::string script_path;        // kefka FILE
  std::string name;               // $0 (bash's rule: `-c SCRIPT NAME ARGS...`)
  std::vector<std::string> args;  // $1...
  SandboxOptions sandbox;         // mounts, env, cwd, limits, commands
  bool json = false;
  bool inherit_env = false;
  bool wasm_interpret = false;         // run .wasm files with the interpreter
  std::vector<std::string> env_flags;  // --env NAME[=VALUE], in order
};

// The outcome of parsing: options, or a usage error message for stderr.
struct ParseResult {
  std::optional<CliOptions> options;
  std::string error;
};

// Parses argv (without applying the host environment: see apply_environment).
// `stdin_is_terminal` chooses between the REPL and a script on stdin.
ParseResult parse_command_line(const std::vector<std::string>& argv, bool stdin_is_terminal);

// Fills options.sandbox.env from --inherit-env and --env, given the host
// environment (`environ`). Nothing from the host is passed otherwise.
void apply_environment(CliOptions& options, char** host_environ);

// A byte count such as "1048576", "64K", "10M", "2G" (powers of 1024).
std::optional<uint64_t> parse_size(std::string_view text);
// Seconds, fractions allowed ("2", "0.5"), as milliseconds.
std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text);

// The text of `kefka --help`.
std::string help_text();

}  // namespace kefka::cli

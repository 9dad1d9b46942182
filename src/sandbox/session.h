// What the sandbox needs from a shell session beyond Shell's interface:
// per-call settings applied and undone around one exec(), and questions the
// REPL asks (is this input complete? did the script run `exit`?).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kefka/sandbox.h"
#include "shell/shell.h"
#include "vfs/vfs.h"

namespace kefka::sandbox {

// Applies ExecOptions::cwd, env and args to the session for one call and
// restores the previous cwd, variables and positional parameters when
// destroyed, through Shell's accessors (no shell code runs, so $? and the
// session's traps are untouched; `last_status` is unused). error() is
// non-empty (a message line) when the options cannot be applied; nothing was
// changed then.
class CallScope {
 public:
  CallScope(shell::Shell& shell, vfs::Vfs& fs, const ExecOptions& options, int last_status);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  const std::string& error() const { return error_; }

 private:
  shell::Shell& shell_;
  std::string error_;
  std::optional<std::string> saved_cwd_;
  // Each variable set for the call and its previous state (nullptr: unset).
  std::map<std::string, std::shared_ptr<const shell::Variable>> saved_vars_;
  std::optional<std::vector<std::string>> saved_positional_;
};

// True when `name` is a valid shell variable name.
bool is_valid_name(std::string_view name);

// True unless the shell needs more input to parse `script` (see
// Sandbox::is_complete).
bool is_complete_input(std::string_view script);

}  // namespace kefka::sandbox

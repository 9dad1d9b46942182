// The shell session: the bash-compatible interpreter state behind a Sandbox.
//
// One Shell is one long-lived bash process: variables, functions, aliases,
// options, cwd, umask, positional parameters, open descriptors and jobs persist
// across run() calls. Parsing (lexer → parser → AST), expansion and execution
// live in separate files of this folder; this header is what the sandbox layer
// sees.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "vfs/vfs.h"

namespace kefka::shell {

struct ShellConfig {
  // Initial variables, all exported (HOME, PATH, USER, PWD, ...).
  std::map<std::string, std::string> env;
  std::string cwd = "/";
  vfs::Credentials cred;
  std::string user = "user";
  std::string hostname = "sandbox";
  // Command names allowed to run (empty: all registered commands).
  std::vector<std::string> enabled_commands;
};

class ShellState;  // the interpreter's state (shell/state.h)
struct Variable;   // a variable's value and attributes (shell/state.h)
struct Command;    // the typed syntax tree (shell/ast.h)

// Parses a script without running it (for tools that inspect scripts): the
// whole script as one List node. Throws shell::SyntaxError (shell/lexer.h),
// whose line() and what() read like bash's message.
std::shared_ptr<Command> parse_only(std::string_view script);

class Shell {
 public:
  Shell(vfs::VfsPtr fs, ShellConfig config);
  ~Shell();

  // Runs `script` in this session; fds 0/1/2 of `io` are its standard streams.
  // `name` is $0 / the name in error messages ("kefka" for exec(), a path for
  // scripts). Returns the exit status; ExecAbort never escapes: the message is
  // written to fd 2 and its status returned, and the session stays usable.
  int run(std::string_view script, std::string_view name, const FdTable& io, Budget& budget);

  // True when the last run() ended because the `exit` builtin ran in the
  // session itself (not in a subshell or pipeline stage): what ends an
  // interactive bash. A syntax error, `set -e` or a fatal expansion error
  // do not count.
  bool exited() const;

  void set_positional(std::vector<std::string> args);
  const std::vector<std::string>& positional() const;
  // The global variable `name` as it is now (value, array contents and
  // attributes), or nullptr when it does not exist; restore_variable() puts
  // such a copy back, or removes the variable for nullptr, regardless of
  // readonly. For undoing per-call settings without running shell code.
  std::shared_ptr<const Variable> save_variable(const std::string& name) const;
  void restore_variable(const std::string& name, std::shared_ptr<const Variable> saved);
  // Sets (and exports) a variable, as `export NAME=VALUE`.
  void set_exported(const std::string& name, const std::string& value);
  std::string cwd() const;
  void set_cwd(const std::string& cwd);

  // An independent copy of the whole session over another filesystem (fork).
  std::unique_ptr<Shell> clone(vfs::VfsPtr fs) const;

 private:
  Shell() = default;
  std::unique_ptr<ShellState> state_;
};

}  // namespace kefka::shell

#include "sandbox/session.h"

#include <cstring>

#include "base/budget.h"
#include "base/stream.h"
#include "shell/lexer.h"
#include "shell/parser.h"

namespace kefka::sandbox {

bool is_valid_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

CallScope::CallScope(shell::Shell& shell, vfs::Vfs& fs, const ExecOptions& options,
                     int /*last_status*/)
    : shell_(shell) {
  std::string cwd_target;
  if (options.cwd) {
    vfs::Caller caller;
    caller.cwd = shell_.cwd();
    vfs::FsView view(fs, caller);
    cwd_target = view.absolute(*options.cwd);
    auto st = view.stat(cwd_target);
    if (!st.ok() || !st->is_dir()) {
      error_ = "kefka: cwd: " + *options.cwd + ": " +
               std::strerror(st.ok() ? ENOTDIR : st.error()) + "\n";
      return;
    }
  }
  for (const auto& [name, value] : options.env) {
    if (!is_valid_name(name)) {
      error_ = "kefka: env: `" + name + "': not a valid identifier\n";
      return;
    }
  }

  if (options.cwd) {
    saved_cwd_ = shell_.cwd();
    shell_.set_cwd(cwd_target);
  }
  for (const auto& [name, value] : options.env) saved_vars_[name] = shell_.save_variable(name);
  for (const auto& [name, value] : options.env) shell_.set_exported(name, value);
  if (!options.args.empty()) {
    saved_positional_ = shell_.positional();
    shell_.set_positional(options.args);
  }
}

CallScope::~CallScope() {
  if (saved_cwd_) shell_.set_cwd(*saved_cwd_);
  if (saved_positional_) shell_.set_positional(std::move(*saved_positional_));
  for (auto& [name, previous] : saved_vars_) shell_.restore_variable(name, std::move(previous));
}

bool is_complete_input(std::string_view script) {
  // A line ending in an unescaped backslash continues on the next line.
  size_t backslashes = 0;
  for (size_t i = script.size(); i > 0 && script[i - 1] == '\\'; --i) ++backslashes;
  if (backslashes % 2 == 1) return false;
  try {
    shell::Lexer lexer{std::string(script)};
    shell::Parser parser(lexer);
    parser.parse_all();
    return true;
  } catch (const shell::SyntaxError& e) {
    std::string_view m = e.what();
    return m.find("end of file") == std::string_view::npos &&
           m.find("unexpected EOF") == std::string_view::npos;
  } catch (...) {
    return true;  // let running it report whatever is wrong
  }
}

}  // namespace kefka::sandbox

#include "shell/posix.h"

#include "shell/builtins/builtins.h"
#include "shell/state.h"
#include "shell/util.h"

namespace kefka::shell {

void set_posix_mode(ShellState& st, bool on) {
  st.opt_.posix = on;
  st.opt_.expand_aliases = on;
  std::string current;
  if (on) {
    st.opt_.inherit_errexit = true;
    if (!st.get_var("POSIXLY_CORRECT", current)) st.set_var("POSIXLY_CORRECT", "y");
  } else if (st.find_var("POSIXLY_CORRECT") != nullptr) {
    st.unset_var("POSIXLY_CORRECT");
  }
}

bool starts_in_posix_mode(std::string_view argv0, bool has_posixly_correct) {
  size_t slash = argv0.rfind('/');
  std::string_view base = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
  // A login shell's argv[0] starts with '-' ("-sh").
  if (!base.empty() && base[0] == '-') base.remove_prefix(1);
  return base == "sh" || has_posixly_correct;
}

bool is_posix_special(const ShellState& st, std::string_view name) {
  if (!st.opt_.posix) return false;
  const BuiltinSpec* b = st.lookup_builtin(name);
  return b != nullptr && b->special;
}

void posix_special_failed(const ShellState& st, std::string_view name, int status) {
  if (is_posix_special(st, name)) throw ShellError(status, true);
}

void check_posix_function_name(ShellState& st, const std::string& name) {
  if (!st.opt_.posix) return;
  if (!is_valid_name(name)) {
    st.error("`" + name + "': not a valid identifier");
    throw ShellError(2, true);
  }
  const BuiltinSpec* b = find_builtin(name);
  if (b != nullptr && b->special) {
    st.error("`" + name + "': is a special builtin");
    throw ShellError(2, true);
  }
}

}  // namespace kefka::shell

namespace kefka::shell {

namespace {

bool contains_shell_metas(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::string_view(" \t\n'\"\\|&;()<>!{}*[?]^$`").find(c) != std::string_view::npos) {
      return true;
    }
    if (c == '~' && (i == 0 || s[i - 1] == '=' || s[i - 1] == ':')) return true;
    if (c == '#' && i == 0) return true;
  }
  return false;
}

}  // namespace

std::string quote_posix_set_value(std::string_view s) {
  return contains_shell_metas(s) ? single_quote(s) : std::string(s);
}

}  // namespace kefka::shell

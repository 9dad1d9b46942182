// The sorted table of builtins.
#include <algorithm>

#include "shell/builtins/builtins.h"

namespace kefka::shell {

namespace {

constexpr BuiltinSpec kBuiltins[] = {
    {".", b_source, true, "source filename [arguments]"},
    {":", b_colon, true, ":"},
    {"[", b_bracket, false, "[ arg... ]"},
    {"alias", b_alias, false, "alias [-p] [name[=value] ... ]"},
    {"break", b_break, true, "break [n]"},
    {"builtin", b_builtin, false, "builtin [shell-builtin [arg ...]]"},
    {"caller", b_caller, false, "caller [expr]"},
    {"cd", b_cd, false, "cd [-L|[-P [-e]] [-@]] [dir]"},
    {"command", b_command, false, "command [-pVv] command [arg ...]"},
    {"continue", b_continue, true, "continue [n]"},
    {"declare", b_declare, false,
     "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]"},
    {"dirs", b_dirs, false, "dirs [-clpv] [+N] [-N]"},
    {"echo", b_echo, false, "echo [-neE] [arg ...]"},
    {"enable", b_enable, false, "enable [-a] [-dnps] [-f filename] [name ...]"},
    {"eval", b_eval, true, "eval [arg ...]"},
    {"exec", b_exec, true, "exec [-cl] [-a name] [command [argument ...]] [redirection ...]"},
    {"exit", b_exit, true, "exit [n]"},
    {"export", b_export, true, "export [-fn] [name[=value] ...] or export -p"},
    {"false", b_false, false, "false"},
    {"getopts", b_getopts, false, "getopts optstring name [arg ...]"},
    {"hash", b_hash, false, "hash [-lr] [-p pathname] [-dt] [name ...]"},
    {"help", b_help, false, "help [-dms] [pattern ...]"},
    {"history", b_history, false,
     "history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]"},
    {"jobs", b_jobs, false, "jobs [-lnprs] [jobspec ...] or jobs -x command [args]"},
    {"kill", b_kill, false,
     "kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]"},
    {"let", b_let, false, "let arg [arg ...]"},
    {"local", b_local, false, "local [option] name[=value] ..."},
    {"mapfile", b_mapfile, false,
     "mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c "
     "quantum] [array]"},
    {"popd", b_popd, false, "popd [-n] [+N | -N]"},
    {"printf", b_printf, false, "printf [-v var] format [arguments]"},
    {"pushd", b_pushd, false, "pushd [-n] [+N | -N | dir]"},
    {"pwd", b_pwd, false, "pwd [-LP]"},
    {"read", b_read, false,
     "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t "
     "timeout] [-u fd] [name ...]"},
    {"readarray", b_mapfile, false,
     "readarray [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c "
     "quantum] [array]"},
    {"readonly", b_readonly, true, "readonly [-aAf] [name[=value] ...] or readonly -p"},
    {"return", b_return, true, "return [n]"},
    {"set", b_set, true, "set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]"},
    {"shift", b_shift, true, "shift [n]"},
    {"shopt", b_shopt, false, "shopt [-pqsu] [-o] [optname ...]"},
    {"source", b_source, true, "source filename [arguments]"},
    {"test", b_test, false, "test [expr]"},
    {"times", b_times, true, "times"},
    {"trap", b_trap, true, "trap [-lp] [[arg] signal_spec ...]"},
    {"true", b_true, false, "true"},
    {"type", b_type, false, "type [-afptP] name [name ...]"},
    {"typeset", b_declare, false,
     "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]"},
    {"ulimit", b_ulimit, false, "ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]"},
    {"umask", b_umask, false, "umask [-p] [-S] [mode]"},
    {"unalias", b_unalias, false, "unalias [-a] name [name ...]"},
    {"unset", b_unset, true, "unset [-f] [-v] [-n] [name ...]"},
    {"wait", b_wait, false, "wait [-fn] [-p var] [id ...]"},
};

constexpr bool sorted() {
  for (size_t i = 1; i < std::size(kBuiltins); ++i) {
    if (!(kBuiltins[i - 1].name < kBuiltins[i].name)) return false;
  }
  return true;
}
static_assert(sorted(), "kBuiltins must be sorted by name");

}  // namespace

const BuiltinSpec* find_builtin(std::string_view name) {
  auto it = std::lower_bound(std::begin(kBuiltins), std::end(kBuiltins), name,
                             [](const BuiltinSpec& s, std::string_view n) { return s.name < n; });
  return it != std::end(kBuiltins) && it->name == name ? it : nullptr;
}

std::span<const BuiltinSpec> all_builtins() {
  return kBuiltins;
}

int invalid_option(ShellState& st, std::string_view name, std::string_view opt) {
  st.error(std::string(name) + ": " + std::string(opt) + ": invalid option");
  const BuiltinSpec* spec = find_builtin(name);
  std::string usage =
      std::string(name) + ": usage: " + std::string(spec ? spec->usage : name) + "\n";
  st.err(usage);
  return 2;
}

int builtin_error(ShellState& st, std::string_view name, std::string_view message, int status) {
  st.error(std::string(name) + ": " + std::string(message));
  return status;
}

}  // namespace kefka::shell

namespace kefka::shell {

const BuiltinSpec* ShellState::lookup_builtin(std::string_view name) const {
  const BuiltinSpec* b = find_builtin(name);
  if (b == nullptr || disabled_builtins_.empty()) return b;
  return disabled_builtins_.find(name) != disabled_builtins_.end() ? nullptr : b;
}

}  // namespace kefka::shell

// Bash's POSIX mode: `set -o posix`, `bash --posix`, a shell invoked as `sh`
// (`sh -c`, `sh script`, `#!/bin/sh`) or started with POSIXLY_CORRECT in its
// environment. These helpers hold the differences the interpreter and the
// builtins consult (bash's "Bash POSIX Mode" list); each is a no-op outside
// POSIX mode.
#pragma once

#include <string>
#include <string_view>

namespace kefka::shell {

class ShellState;

// Turns POSIX mode on or off with bash's side effects: POSIXLY_CORRECT is set
// (to "y" when unset) or unset, expand_aliases follows the mode, and turning
// it on also sets inherit_errexit (which stays on afterwards, as in bash).
void set_posix_mode(ShellState& st, bool on);

// True when a shell started as `argv0` with environment variable
// POSIXLY_CORRECT present (`has_posixly_correct`) runs in POSIX mode.
bool starts_in_posix_mode(std::string_view argv0, bool has_posixly_correct);

// True in POSIX mode when `name` is a POSIX special builtin that is enabled.
bool is_posix_special(const ShellState& st, std::string_view name);

// A special builtin's failure that ends a non-interactive POSIX shell: a
// redirection or assignment error (status 1), or a usage error (status 2).
// Throws the fatal ShellError; returns when `name` is not special or the
// shell is not in POSIX mode.
void posix_special_failed(const ShellState& st, std::string_view name, int status);

// Checks a function name being defined: in POSIX mode it must be a valid
// identifier and not a special builtin. Prints bash's error and throws the
// fatal syntax error (status 2) when it is not.
void check_posix_function_name(ShellState& st, const std::string& name);

}  // namespace kefka::shell

namespace kefka::shell {

// POSIX-mode `set` output: the value raw unless it holds a shell
// metacharacter (bash's sh_contains_shell_metas), then single-quoted.
std::string quote_posix_set_value(std::string_view s);

}  // namespace kefka::shell

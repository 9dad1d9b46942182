// Shell builtins: one sorted table of name -> function, each builtin in a file
// of its family under builtins/. A builtin writes through the state's fds and
// reports errors like bash ("NAME: line N: cd: foo: No such file or directory").
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shell/state.h"

namespace kefka::shell {

using Args = std::vector<std::string>;
using BuiltinFn = int (*)(ShellState& st, Args& argv);

struct BuiltinSpec {
  std::string_view name;
  BuiltinFn fn;
  bool special;            // POSIX special builtin
  std::string_view usage;  // the line after "NAME: usage: "
};

const BuiltinSpec* find_builtin(std::string_view name);
std::span<const BuiltinSpec> all_builtins();

// "NAME: -x: invalid option" + "NAME: usage: ..." ; returns 2.
int invalid_option(ShellState& st, std::string_view name, std::string_view opt);
// "NAME: message" through the state's error prefix; returns `status`.
int builtin_error(ShellState& st, std::string_view name, std::string_view message, int status = 1);

// test / [ / [[ ]] primitives.
bool unary_test(ShellState& st, const std::string& op, const std::string& arg);
bool binary_test(ShellState& st, const std::string& op, const std::string& l, const std::string& r,
                 bool double_bracket, const char* name = "test");
bool is_unary_test_op(std::string_view op);
bool is_binary_test_op(std::string_view op);

// The builtins (defined in the family files).
int b_colon(ShellState&, Args&);
int b_true(ShellState&, Args&);
int b_false(ShellState&, Args&);
int b_echo(ShellState&, Args&);
int b_printf(ShellState&, Args&);
int b_cd(ShellState&, Args&);
int b_pwd(ShellState&, Args&);
int b_pushd(ShellState&, Args&);
int b_popd(ShellState&, Args&);
int b_dirs(ShellState&, Args&);
int b_test(ShellState&, Args&);
int b_bracket(ShellState&, Args&);
int b_read(ShellState&, Args&);
int b_mapfile(ShellState&, Args&);
int b_declare(ShellState&, Args&);
int b_local(ShellState&, Args&);
int b_export(ShellState&, Args&);
int b_readonly(ShellState&, Args&);
int b_unset(ShellState&, Args&);
int b_shift(ShellState&, Args&);
int b_set(ShellState&, Args&);
int b_shopt(ShellState&, Args&);
int b_break(ShellState&, Args&);
int b_continue(ShellState&, Args&);
int b_return(ShellState&, Args&);
int b_exit(ShellState&, Args&);
int b_eval(ShellState&, Args&);
int b_source(ShellState&, Args&);
int b_exec(ShellState&, Args&);
int b_command(ShellState&, Args&);
int b_builtin(ShellState&, Args&);
int b_type(ShellState&, Args&);
int b_let(ShellState&, Args&);
int b_getopts(ShellState&, Args&);
int b_alias(ShellState&, Args&);
int b_unalias(ShellState&, Args&);
int b_trap(ShellState&, Args&);
int b_wait(ShellState&, Args&);
int b_jobs(ShellState&, Args&);
int b_kill(ShellState&, Args&);
int b_umask(ShellState&, Args&);
int b_ulimit(ShellState&, Args&);
int b_times(ShellState&, Args&);
int b_caller(ShellState&, Args&);
int b_help(ShellState&, Args&);
int b_history(ShellState&, Args&);
int b_hash(ShellState&, Args&);
int b_enable(ShellState&, Args&);

}  // namespace kefka::shell

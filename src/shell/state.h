// The interpreter's state: variables (copy-on-write scopes), functions,
// aliases, options, traps, positional parameters, cwd, umask and the fd table.
//
// Subshells, pipeline stages and $(...) run on copies of the state. Copying is
// cheap: variable scopes, functions and aliases are shared and cloned only on
// the first write (copy-on-write), so `$(...)` in a loop stays fast.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "commands/command.h"
#include "shell/ast.h"
#include "shell/executor.h"
#include "shell/glob.h"
#include "shell/signals.h"
#include "shell/stack.h"
#include "vfs/vfs.h"

namespace kefka::shell {

enum VarAttr : uint16_t {
  kAttrExport = 1,
  kAttrReadonly = 2,
  kAttrInteger = 4,
  kAttrLower = 8,
  kAttrUpper = 16,
  kAttrNameref = 32,
  kAttrIndexed = 64,
  kAttrAssoc = 128,
};

struct Variable {
  uint16_t attrs = 0;
  bool set = true;  // false after `declare x` / `local x` without a value
  std::string value;
  std::map<int64_t, std::string> indexed;
  std::map<std::string, std::string> assoc;
  std::vector<std::string> assoc_order;  // insertion order of assoc keys

  bool is_array() const { return (attrs & (kAttrIndexed | kAttrAssoc)) != 0; }
  // Keys in the order bash lists them: its hash table's bucket order (FNV-1,
  // 1024 buckets), newest first within a bucket.
  std::vector<std::string> assoc_keys() const;
  bool is_assoc() const { return (attrs & kAttrAssoc) != 0; }
};

using Scope = std::unordered_map<std::string, Variable>;

struct FunctionInfo {
  CommandPtr def;  // the FunctionDef command
  std::string source;
};

struct Options {
  bool errexit = false;
  bool nounset = false;
  bool xtrace = false;
  bool pipefail = false;
  bool noglob = false;
  bool noclobber = false;
  bool noexec = false;
  bool verbose = false;
  bool allexport = false;
  bool errtrace = false;  // set -E: functions inherit the ERR trap
  bool posix = false;
  // shopt
  bool extglob = false;
  bool globstar = false;
  bool nullglob = false;
  bool failglob = false;
  bool dotglob = false;
  bool nocaseglob = false;
  bool nocasematch = false;
  bool lastpipe = false;
  bool expand_aliases = false;
  bool inherit_errexit = false;
  bool xpg_echo = false;
  bool globskipdots = true;
};

// Control flow, kept apart from $?.
enum class Flow : uint8_t { None, Break, Continue, Return, Exit };

// An error that aborts the current command (bad substitution, ${x:?}, set -u):
// `fatal` ones end a non-interactive shell.
class ShellError : public std::exception {
 public:
  ShellError(int status, bool fatal) : status_(status), fatal_(fatal) {}
  int status() const { return status_; }
  bool fatal() const { return fatal_; }
  const char* what() const noexcept override { return "shell error"; }

 private:
  int status_;
  bool fatal_;
};

// Writing to a pipe nobody reads: the stage ends with status 141.
class BrokenPipe : public std::exception {};

struct Job {
  int id = 0;
  int64_t pid = 0;
  std::string command;
  ShellThread thread;
  std::atomic<bool> done{false};
  std::atomic<int> status{0};
  std::shared_ptr<Budget> budget;      // shared with its SignalBox
  std::shared_ptr<SignalBox> signals;  // the job's process, for kill
  std::atomic<int> signal{0};          // the signal that killed it, once done
  bool notified = false;               // its death was reported on stderr
  // Out of the job table (`jobs` listed it as done, or a signal killed it):
  // jobspecs no longer name it, but `wait PID` still gets its status.
  bool forgotten = false;
  std::string shown_command;  // as bash prints it in notifications
};

class ShellExecutor;
struct BuiltinSpec;

// Upper/lower-cases UTF-8 text (expand.cpp); with a pattern, only the
// characters matching it.
std::string convert_case(std::string_view s, bool upper, bool first_only,
                         const std::string& pattern, MatchFlags flags);
inline std::string convert_case(std::string_view s, bool upper, bool first_only) {
  return convert_case(s, upper, first_only, "", MatchFlags{});
}

// State shared by every copy of one session (jobs, pid counter, executor).
struct SessionShared {
  std::atomic<int64_t> next_pid{1000};
  // Threads running for this session (jobs, pipeline stages, process
  // substitutions, coprocs), bounded by Limits::max_threads.
  std::mutex threads_mu;
  std::condition_variable threads_cv;
  uint32_t threads = 0;
  std::unique_ptr<ShellExecutor> executor;
  StubCache stub_cache;
  // The live processes by pid (the shell, background jobs, coprocs), for ps.
  mutable std::mutex processes_mu;
  std::map<int64_t, cmd::ProcessInfo> processes;
  // Signal boxes of the live processes by pid (guarded by processes_mu).
  std::map<int64_t, std::weak_ptr<SignalBox>> signal_boxes;
};

class ShellState {
 public:
  ShellState(vfs::VfsPtr fs);
  ShellState(const ShellState& other);  // a subshell copy
  ~ShellState();

  // --- running -------------------------------------------------------------
  // Parses and runs a script incrementally; returns the status.
  int run_script(std::string_view text);
  int exec(const Command& cmd);
  int exec_list(const List& list);

  // --- variables -----------------------------------------------------------
  const Variable* find_var(const std::string& name) const;
  Variable* find_var_mut(const std::string& name);
  // Looks through namerefs.
  std::string resolve_nameref(const std::string& name) const;
  // The scalar value (element 0 for arrays); nullptr when unset.
  bool get_var(const std::string& name, std::string& out);
  // Assigns with the variable's attributes applied. Returns false (and
  // prints the error) for readonly variables.
  bool set_var(const std::string& name, std::string value, bool append = false);
  bool set_element(const std::string& name, const std::string& key, std::string value,
                   bool append = false);
  Variable& create_local(const std::string& name);
  Variable& global_var(const std::string& name);
  bool unset_var(const std::string& name);
  std::vector<std::string> var_names() const;
  cmd::Environment environment() const;
  int64_t arith(std::string_view expr);
  // For builtins (let): reports an error as "<builtin>: <message>" and
  // returns nullopt instead of aborting the command.
  std::optional<int64_t> try_arith(std::string_view expr, std::string_view builtin);
  std::string apply_case_attrs(const Variable& v, std::string value);

  // --- output & errors -------------------------------------------------------
  void write_fd(int fd, std::string_view data);
  void out(std::string_view data) { write_fd(1, data); }
  void err(std::string_view data) { write_fd(2, data); }
  // "NAME: line N: message\n"
  void error(std::string_view message);
  std::string error_prefix() const;

  // --- expansion (expand.cpp) --------------------------------------------------
  std::vector<std::string> expand_words(const std::vector<Word>& words);
  std::string expand_string(const WordParts& parts);   // no splitting or globbing
  std::string expand_word_single(const Word& w);       // assignment values, redirect targets
  std::string expand_pattern(const WordParts& parts);  // quoted chars escaped for matching
  std::string expand_heredoc(const HereDocBody& doc);
  std::string expand_replacement(const WordParts& parts);
  std::string process_substitution(const ProcessSub& ps);
  std::vector<std::string> glob(const std::string& pattern);
  std::string command_substitution(const Command& body);

  // --- interpreter (interp.cpp) ---------------------------------------------
  int exec_simple(const SimpleCommand& sc, const Command& cmd);
  int exec_pipeline(const Pipeline& p, const Command& cmd);
  int exec_and_or(const AndOr& ao);
  int exec_compound(const Command& cmd);
  int exec_for(const For& f);
  int exec_arith_for(const ArithFor& f);
  int exec_while(const While& w);
  int exec_case(const Case& c);
  int exec_select(const Select& s);
  bool eval_cond(const CondExpr& e);
  int run_function(const FunctionInfo& fn, std::vector<std::string> args);
  // `shown` is the `( ... )` command, for bash's notice when a signal kills it.
  int run_subshell(const std::function<int(ShellState&)>& body, const Command* shown = nullptr);
  // A job with stdin from /dev/null unless `keep_stdin` (coproc).
  int run_background(const CommandPtr& cmd, bool keep_stdin = false);
  int run_coproc(const Coproc& co);
  // Starts `body` on a new thread counted against Limits::max_threads; when
  // none is free (after a short wait) or the host refuses, reports bash's
  // "fork: Resource temporarily unavailable" and throws ShellError(126).
  template <class F>
  ShellThread spawn_thread(F&& body);
  void acquire_thread_slot();
  void release_thread_slot();
  [[noreturn]] void fork_failed(const std::string& why);
  // Joins background jobs that have finished (their status stays for `wait`).
  void reap_finished_jobs();
  // Fails with bash's nesting message when the stack is nearly used up.
  void check_stack(const std::string& message);
  int run_subshell_body(const Command& cmd);
  int run_script_source(std::string_view text, bool sourced);
  void finish_jobs();
  void reap_procsubs();
  void assign(const Assignment& a, bool local = false, uint16_t attrs = 0);
  bool apply_redirs(const std::vector<Redir>& redirs);
  // {var}>file and {var}>&-, where var may be an array element (a[1]).
  bool redirect_closes(const Redir& r);
  void set_fd_var(const std::string& ref, int fd);
  bool close_fd_var(const std::string& ref);
  void check_errexit(int status);
  // `keep_return`: a `return` in the action returns from the function the
  // trap interrupted (signal traps, as in bash).
  void run_trap(const std::string& name, bool keep_return = false);

  // --- simulated signals (signals.cpp) -------------------------------------
  // Makes this copy a new process: a pid (a new one unless given), its own
  // signal box, and bash's subshell trap rules (caught signals reset,
  // ignored ones stay ignored; `trap` still lists the parent's until it
  // changes one). `own_budget` is a job's budget, cancelled by fatal signals.
  void become_subshell(int64_t pid = 0, std::shared_ptr<Budget> own_budget = nullptr,
                       uint64_t ignored = 0);
  // Acts on signals sent to this process: runs their traps, or exits with
  // 128+N. Called at command boundaries.
  void check_signals() {
    if (signals_ && signals_->has_pending()) run_pending_signals();
  }
  void run_pending_signals();
  // Ends this process as if killed by signal `n`.
  void die_by_signal(int n);
  // Tells the sender's box which signals have traps (after `trap`).
  void sync_signal_dispositions();
  // bash's stderr line for a process killed by a signal, or "" when bash
  // prints none: "NAME: line N:  PID Killed                  command".
  std::string death_notice(int64_t pid, int sig, const std::string& command, bool foreground) const;
  // Reports background jobs killed by a signal since the last report
  // (bash does it when it reaps children, after a foreground command).
  void notify_dead_jobs();
  // Whether bash's notice for death by `sig` is the full job line (else only
  // the signal's description, for a foreground job, or nothing).
  bool notice_names_job(int sig) const;
  // The notice for a foreground pipeline whose last stage a signal killed:
  // one line per stage ("Done", "Exit N" or the signal), or "" for none.
  std::string pipeline_death_notice(const Pipeline& p, const std::vector<int64_t>& pids,
                                    const std::vector<int>& statuses,
                                    const std::vector<int>& killed) const;
  // Runs the DEBUG trap (if set) before `command`, with $BASH_COMMAND.
  void debug_trap(const std::string& command);
  int finish_status(int status);
  void xtrace(const std::vector<std::string>& argv, const std::vector<std::string>& assigns = {});

  // --- commands (executor.cpp) --------------------------------------------------
  int run_command(std::vector<std::string> argv, const std::vector<std::string>& temp_env);
  int run_external(const std::vector<std::string>& argv, const cmd::Environment& env);
  std::string find_in_path(const std::string& name);
  // Executable files `name` in $PATH's directories, in order, without the
  // hash table (`type -a`, `type -P`); with first_only at most one.
  std::vector<std::string> search_path_var(const std::string& name, bool first_only);
  int run_shell_command(const std::vector<std::string>& argv);  // bash / sh
  // The builtin `name` unless `enable -n` turned it off.
  const BuiltinSpec* lookup_builtin(std::string_view name) const;
  vfs::FsView fs_view() const;
  vfs::Caller caller() const;

  // --- state -------------------------------------------------------------------
  vfs::VfsPtr fs_;
  std::vector<std::shared_ptr<Scope>> scopes_;  // [0] is global
  // `local -` in a function: its `set` options, restored when it returns
  // (keyed by call depth).
  std::map<int, Options> saved_set_options_;
  std::shared_ptr<std::map<std::string, FunctionInfo>> functions_;
  std::shared_ptr<std::map<std::string, std::string>> aliases_;
  std::map<std::string, std::string> traps_;
  std::vector<std::string> positional_;
  std::string arg0_ = "bash";
  std::string script_name_ = "bash";  // error prefix
  std::string cwd_ = "/";
  uint32_t umask_ = 022;
  vfs::Credentials cred_;
  FdTable fds_;
  Options opt_;
  Budget* budget_ = nullptr;
  std::shared_ptr<SessionShared> session_;
  std::vector<std::shared_ptr<Job>> jobs_;
  std::vector<std::string> dir_stack_;
  std::map<std::string, std::string> hash_;
  std::vector<std::string> enabled_commands_;
  std::set<std::string, std::less<>> disabled_builtins_;  // `enable -n`
  std::string hostname_ = "sandbox";

  int last_status_ = 0;
  int64_t last_bg_pid_ = 0;
  int64_t shell_pid_ = 0;
  int64_t bash_pid_ = 0;
  int line_ = 0;
  Flow flow_ = Flow::None;
  int flow_count_ = 0;
  int loop_depth_ = 0;
  int call_depth_ = 0;
  // Depth of the function call that set the RETURN trap: functions do not
  // inherit it (no functrace), so it fires only when that call returns.
  int return_trap_depth_ = -1;
  int errexit_suppressed_ = 0;
  bool in_subshell_ = false;
  bool in_trap_ = false;
  bool exit_builtin_ran_ = false;
  bool skip_debug_trap_ = false;  // a pipeline stage whose DEBUG trap already ran  // `exit` ran in
                                  // the session itself (Shell::exited)
  std::string last_arg_;          // $_
  std::vector<int> pipestatus_{0};
  std::vector<std::string> funcname_;
  std::vector<int> call_lines_;
  uint32_t random_state_ = 0;
  int64_t start_time_ = 0;
  std::vector<std::pair<int, StreamPtr>> saved_fds_;
  int subst_status_ = 0;  // status of the last command substitution
  bool has_subst_status_ = false;
  int source_depth_ = 0;
  int eval_depth_ = 0;
  int xtrace_level_ = 0;       // command substitution depth, for the PS4 prefix
  std::string parse_context_;  // "eval" while parsing eval'd text
  std::vector<std::shared_ptr<Job>> procsubs_;
  std::shared_ptr<SignalBox> signals_;  // this process's pending signals
  int killed_by_ = 0;                   // the signal this process died of
  uint64_t base_ignored_ = 0;           // ignored without a trap (INT, QUIT in async jobs)
  // A subshell lists its parent's traps until it sets one of its own.
  std::map<std::string, std::string> inherited_traps_;
  bool show_inherited_traps_ = false;
  // A job runs `( list ) &` in its own process, not in a nested one.
  bool run_subshell_in_place_ = false;
  // The parent's jobs, which `jobs` lists in a pipeline stage or $(...).
  std::vector<std::shared_ptr<Job>> parent_jobs_;
  std::vector<int> procsub_fds_;
};

template <class F>
ShellThread ShellState::spawn_thread(F&& body) {
  acquire_thread_slot();
  std::shared_ptr<SessionShared> session = session_;
  try {
    return ShellThread([session, body = std::forward<F>(body)]() mutable {
      struct Release {
        SessionShared& s;
        ~Release() {
          std::lock_guard lock(s.threads_mu);
          --s.threads;
          s.threads_cv.notify_one();
        }
      } release{*session};
      body();
    });
  } catch (const std::system_error& e) {
    release_thread_slot();
    fork_failed(std::strerror(e.code().value()));
  }
}

}  // namespace kefka::shell

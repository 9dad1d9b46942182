// trap wait jobs kill: the job table and the simulated signals of signals.h.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <thread>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/signals.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

bool is_pseudo_signal(const std::string& name) {
  return name == "EXIT" || name == "ERR" || name == "DEBUG" || name == "RETURN";
}

// The trap table's key for a user's signal spec (EXIT, ERR, DEBUG, RETURN,
// or a signal name without SIG); "" when it names nothing.
std::string trap_key(const std::string& spec) {
  std::string s = spec;
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.rfind("SIG", 0) == 0) s.erase(0, 3);
  if (is_pseudo_signal(s)) return s;
  int n = parse_signal(s);
  if (n == 0) return "EXIT";
  return n > 0 ? signal_name_of(n) : "";
}

// bash lists traps by number: EXIT (0), the signals, then DEBUG ERR RETURN.
int trap_order(const std::string& key) {
  if (key == "EXIT") return 0;
  if (key == "DEBUG") return kMaxSignal + 1;
  if (key == "ERR") return kMaxSignal + 2;
  if (key == "RETURN") return kMaxSignal + 3;
  return parse_signal(key);
}

void print_trap(ShellState& st, const std::string& key, const std::string& action) {
  st.out("trap -- " + quote_for_reuse(action, true) + " " +
         (is_pseudo_signal(key) ? key : "SIG" + key) + "\n");
}

// bash's `kill -l` / `trap -l` table: five "NN) SIGNAME" columns.
void print_signal_table(ShellState& st) {
  int count = 0;
  for (int n = 1; n <= kMaxSignal; ++n) {
    std::string name = signal_name_of(n);
    if (name.empty()) continue;
    char num[8];
    snprintf(num, sizeof num, "%2d) ", n);
    st.out(num + ("SIG" + name) + (++count % 5 == 0 ? "\n" : "\t"));
  }
  if (count % 5 != 0) st.out("\n");
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

int b_trap(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "lp");
  if (!flags) return 2;
  size_t i = flags->next;
  if (flags->has('l')) {
    print_signal_table(st);
    return 0;
  }
  // A subshell shows its parent's traps until it sets one of its own.
  const auto& shown = st.show_inherited_traps_ ? st.inherited_traps_ : st.traps_;
  if (i >= argv.size() || flags->has('p')) {
    int status = 0;
    if (i >= argv.size()) {
      std::vector<std::pair<int, std::string>> keys;
      for (const auto& [key, action] : shown) keys.emplace_back(trap_order(key), key);
      std::sort(keys.begin(), keys.end());
      for (const auto& [order, key] : keys) print_trap(st, key, shown.at(key));
      return 0;
    }
    for (; i < argv.size(); ++i) {
      std::string key = trap_key(argv[i]);
      if (key.empty()) {
        status = builtin_error(st, "trap", argv[i] + ": invalid signal specification");
        continue;
      }
      auto it = shown.find(key);
      if (it != shown.end()) print_trap(st, key, it->second);
    }
    return status;
  }
  std::string action = argv[i];
  size_t first = i + 1;
  // `trap SIG...` and `trap - SIG...` reset; so does a first operand that is
  // a signal number (POSIX).
  bool reset = action == "-";
  if (first >= argv.size() || (all_digits(action) && parse_signal(action) >= 0)) {
    reset = true;
    first = i;
  }
  int status = 0;
  for (size_t k = first; k < argv.size(); ++k) {
    std::string key = trap_key(argv[k]);
    if (key.empty()) {
      status = builtin_error(st, "trap", argv[k] + ": invalid signal specification");
      continue;
    }
    if (reset) {
      st.traps_.erase(key);
    } else {
      st.traps_[key] = action;
    }
    if (key == "RETURN") st.return_trap_depth_ = st.call_depth_;
    st.show_inherited_traps_ = false;
    st.inherited_traps_.clear();
  }
  st.sync_signal_dispositions();
  return status;
}

namespace {

// The job a jobspec names (%N, %%, %+, %, %-, %prefix, %?text), or nullptr.
std::shared_ptr<Job> find_job(const std::vector<std::shared_ptr<Job>>& all,
                              const std::string& spec) {
  std::vector<std::shared_ptr<Job>> jobs;  // the job table
  for (const auto& job : all) {
    if (!job->forgotten) jobs.push_back(job);
  }
  if (jobs.empty() || spec.empty() || spec[0] != '%') return nullptr;
  std::string rest = spec.substr(1);
  if (rest.empty() || rest == "%" || rest == "+") return jobs.back();
  if (rest == "-") return jobs.size() > 1 ? jobs[jobs.size() - 2] : jobs.back();
  if (all_digits(rest)) {
    for (const auto& job : jobs) {
      if (std::to_string(job->id) == rest) return job;
    }
    return nullptr;
  }
  bool contains = rest[0] == '?';
  if (contains) rest.erase(0, 1);
  for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
    const std::string& text = (*it)->command;
    if (contains ? text.find(rest) != std::string::npos : text.rfind(rest, 0) == 0) return *it;
  }
  return nullptr;
}

std::shared_ptr<Job> find_job_by_pid(const std::vector<std::shared_ptr<Job>>& jobs, int64_t pid) {
  for (const auto& job : jobs) {
    if (job->pid == pid) return job;
  }
  return nullptr;
}

// Waits without spinning until `done()` holds or a signal this shell must
// act on arrives. Returns 0, or the signal that interrupted the wait (bash:
// `wait` returns 128+N at once and the trap runs after it).
template <class Done>
int wait_interruptibly(ShellState& st, Done done) {
  for (;;) {
    // The signal first: the job that sent it may have ended since. A CHLD
    // trap runs after the wait instead of interrupting it.
    uint64_t pending = st.signals_ ? st.signals_->pending() & ~signal_bit(kSigChld) : 0;
    if (pending != 0) return __builtin_ctzll(pending) + 1;
    if (done()) return 0;
    if (st.budget_) st.budget_->check();
    if (st.signals_) {
      st.signals_->wait_for(std::chrono::milliseconds(50));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

// Collects a finished job: joins its thread, reports its death like bash
// does for `wait PID`, and returns its status.
int reap_job(ShellState& st, Job& job, bool report) {
  if (job.thread.joinable()) job.thread.join();
  if (report && !job.notified) {
    job.notified = true;
    std::string notice = st.death_notice(job.pid, job.signal, job.shown_command, false);
    if (!notice.empty()) st.err(notice);
  }
  return job.status.load();
}

void forget_job(ShellState& st, const Job* job) {
  for (auto it = st.jobs_.begin(); it != st.jobs_.end(); ++it) {
    if (it->get() == job) {
      st.jobs_.erase(it);
      return;
    }
  }
}

}  // namespace

int b_wait(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "fnp:");
  if (!flags) return 2;
  size_t i = flags->next;
  const std::string* pid_var = flags->value('p');
  if (pid_var != nullptr) st.unset_var(*pid_var);
  auto record_pid = [&](const Job& job) {
    if (pid_var != nullptr) st.set_var(*pid_var, std::to_string(job.pid));
  };
  if (flags->has('n')) {
    if (st.jobs_.empty()) return 127;
    std::shared_ptr<Job> finished;
    bool any = false;
    for (const auto& job : st.jobs_) any = any || !job->forgotten;
    if (!any) return 127;
    int sig = wait_interruptibly(st, [&] {
      for (const auto& job : st.jobs_) {
        if (job->done && !job->forgotten) {
          finished = job;
          return true;
        }
      }
      return false;
    });
    if (sig != 0) return 128 + sig;
    int status = reap_job(st, *finished, true);
    record_pid(*finished);
    forget_job(st, finished.get());
    return status;
  }
  if (i >= argv.size()) {
    int sig = wait_interruptibly(st, [&] {
      for (const auto& job : st.jobs_) {
        if (!job->done) return false;
      }
      return true;
    });
    if (sig != 0) return 128 + sig;
    for (auto& job : st.jobs_) reap_job(st, *job, true);
    st.jobs_.clear();
    return 0;
  }
  int status = 0;
  for (; i < argv.size(); ++i) {
    const std::string& id = argv[i];
    std::shared_ptr<Job> job;
    int64_t pid;
    if (!id.empty() && id[0] == '%') {
      job = find_job(st.jobs_, id);
      if (job == nullptr) {
        status = builtin_error(st, "wait", id + ": no such job", 127);
        continue;
      }
    } else if (parse_int(id, pid)) {
      job = find_job_by_pid(st.jobs_, pid);
      if (job == nullptr) {
        status = builtin_error(st, "wait", "pid " + id + " is not a child of this shell", 127);
        continue;
      }
    } else {
      status = builtin_error(st, "wait", "`" + id + "': not a pid or valid job spec", 2);
      continue;
    }
    int sig = wait_interruptibly(st, [&] { return job->done.load(); });
    if (sig != 0) return 128 + sig;
    status = reap_job(st, *job, true);
    record_pid(*job);
    forget_job(st, job.get());
  }
  return status;
}

namespace {

// How `jobs` shows a job's state.
std::string job_state(const Job& job) {
  if (!job.done) return "Running";
  int sig = job.signal.load();
  if (sig != 0) return signal_description(sig);
  int status = job.status.load();
  return status == 0 ? "Done" : "Exit " + std::to_string(status);
}

}  // namespace

// Like a non-interactive bash: the job table (or the jobs named), the newest
// marked `+` and the one before it `-`, the state (Running, Done, Exit N or
// the signal) padded to 24 columns, then the command. Finished jobs leave
// the table once listed (not by -p). A pipeline stage or $(...) sees its
// parent's jobs, as in bash.
int b_jobs(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "lnprsx");
  if (!flags) return 2;
  const auto& jobs = st.jobs_.empty() ? st.parent_jobs_ : st.jobs_;
  if (flags->has('x')) {
    // jobs -x command args: jobspecs among the arguments become process
    // groups, which without job control are all the shell's.
    std::vector<std::string> args(argv.begin() + static_cast<long>(flags->next), argv.end());
    if (args.empty()) return 0;
    for (auto& a : args) {
      if (find_job(jobs, a)) a = std::to_string(st.shell_pid_);
    }
    return st.run_command(std::move(args), {});
  }
  std::vector<Job*> selected;
  int status = 0;
  if (flags->next < argv.size()) {
    for (size_t i = flags->next; i < argv.size(); ++i) {
      auto job = find_job(jobs, argv[i]);
      if (job == nullptr) {
        status = builtin_error(st, "jobs", argv[i] + ": no such job");
        continue;
      }
      selected.push_back(job.get());
    }
  } else if (!flags->has('s') && !flags->has('n')) {  // nothing is stopped or new
    for (const auto& job : jobs) {
      if (!job->forgotten && (!flags->has('r') || !job->done)) selected.push_back(job.get());
    }
  }
  const Job* current = nullptr;
  const Job* previous = nullptr;
  for (const auto& job : jobs) {
    if (job->forgotten) continue;
    previous = current;
    current = job.get();
  }
  for (Job* job : selected) {
    if (flags->has('p')) {
      st.out(std::to_string(job->pid) + "\n");
      continue;
    }
    char mark = job == current ? '+' : job == previous ? '-' : ' ';
    std::string state = job_state(*job);
    state.resize(std::max<size_t>(state.size(), 24), ' ');
    std::string head = "[" + std::to_string(job->id) + "]" + mark + " ";
    if (flags->has('l')) {
      char pid[32];
      snprintf(pid, sizeof pid, "%5lld ", static_cast<long long>(job->pid));
      head += pid;
    } else {
      head += ' ';
    }
    std::string suffix = job->done ? "" : " &";
    st.out(head + state + job->command + suffix + "\n");
    // bash drops a finished job once it has been shown (only the shell's
    // own table: a pipeline stage's copy leaves the parent's alone).
    if (job->done && !st.jobs_.empty()) job->forgotten = true;
  }
  return status;
}

namespace {

// `kill -l`: bash's table; `kill -l N` names a signal (N > 128 is an exit
// status), `kill -l NAME` numbers it.
int list_signals(ShellState& st, const Args& argv, size_t first) {
  if (first >= argv.size()) {
    print_signal_table(st);
    return 0;
  }
  int status = 0;
  for (size_t i = first; i < argv.size(); ++i) {
    int64_t n;
    if (parse_int(argv[i], n)) {
      if (n > 128) n -= 128;
      std::string name = n >= 1 && n <= kMaxSignal ? signal_name_of(static_cast<int>(n)) : "";
      if (name.empty()) {
        status = builtin_error(st, "kill", argv[i] + ": invalid signal specification");
      } else {
        st.out(name + "\n");
      }
      continue;
    }
    int found = parse_signal(argv[i]);
    if (found <= 0) {
      status = builtin_error(st, "kill", argv[i] + ": invalid signal specification");
    } else {
      st.out(std::to_string(found) + "\n");
    }
  }
  return status;
}

int kill_usage(ShellState& st) {
  st.err("kill: usage: " + std::string(find_builtin("kill")->usage) + "\n");
  return 2;
}

// A signal a process sends itself takes effect before `kill` returns: a
// fatal one ends the process now; a trapped one runs at the next command
// boundary, right after this `kill`.
int signal_self(ShellState& st, int sig) {
  std::string name = signal_name_of(sig);
  bool catchable = sig != kSigKill && sig != kSigStop;
  auto trap = st.traps_.find(name);
  if (catchable && trap != st.traps_.end()) {
    if (!trap->second.empty()) st.signals_->queue(sig);
    return 0;
  }
  if (catchable && (st.base_ignored_ & signal_bit(sig))) return 0;
  if ((sig >= 17 && sig <= 23) || sig == 28) return 0;  // ignored by default, or a stop
  st.die_by_signal(sig);
  return st.last_status_;
}

// `kill 0`, `kill -- -PGID`, `kill -1`: every process of the session (its
// one process group), this one last since the signal may end it.
int signal_group(ShellState& st, int sig) {
  for (const auto& box : session_signal_boxes(*st.session_)) {
    if (box != st.signals_) box->post(sig);
  }
  return signal_self(st, sig);
}

}  // namespace

int b_kill(ShellState& st, Args& argv) {
  size_t i = 1;
  int sig = kSigTerm;
  // bash's loop: -l/-L list, -s/-n take a signal, one -SIG or -N, `--`.
  while (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-') {
    const std::string& word = argv[i];
    if (word == "-l" || word == "-L") return list_signals(st, argv, i + 1);
    if (word == "--") {
      ++i;
      break;
    }
    std::string spec;
    if (word == "-s" || word == "-n") {
      if (i + 1 >= argv.size())
        return builtin_error(st, "kill", word + ": option requires an argument");
      spec = argv[i + 1];
      i += 2;
    } else {
      spec = word.substr(1);
      ++i;
    }
    sig = parse_signal(spec);
    if (sig < 0) return builtin_error(st, "kill", spec + ": invalid signal specification");
    if (word != "-s" && word != "-n") break;
  }
  if (i >= argv.size()) return kill_usage(st);
  // Like bash: success when any target got the signal.
  bool any_sent = false;
  for (; i < argv.size(); ++i) {
    const std::string& target = argv[i];
    if (!target.empty() && target[0] == '%') {
      auto job = find_job(st.jobs_, target);
      if (job == nullptr) {
        builtin_error(st, "kill", target + ": no such job");
        continue;
      }
      if (sig != 0 && !job->done && job->signals) job->signals->post(sig);
      any_sent = true;
      continue;
    }
    int64_t pid;
    if (!parse_int(target, pid)) {
      builtin_error(st, "kill", target + ": arguments must be process or job IDs");
      continue;
    }
    if (pid == 0 || pid == -1 || pid == -st.shell_pid_) {
      any_sent = true;
      if (sig == 0) continue;
      int self = signal_group(st, sig);
      if (st.flow_ == Flow::Exit) return self;
      continue;
    }
    if (pid == st.bash_pid_) {
      any_sent = true;
      if (sig == 0) continue;
      int self = signal_self(st, sig);
      if (st.flow_ == Flow::Exit) return self;
      continue;
    }
    // A finished job has been reaped already: its pid is gone.
    auto box = find_signal_box(*st.session_, pid);
    if (box == nullptr) {
      builtin_error(st, "kill", "(" + target + ") - No such process");
      continue;
    }
    if (sig != 0) box->post(sig);
    any_sent = true;
  }
  return any_sent ? 0 : 1;
}

}  // namespace kefka::shell

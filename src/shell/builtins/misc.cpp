// alias unalias trap wait jobs kill umask ulimit times caller help history hash enable
#include <chrono>
#include <cstring>
#include <thread>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/util.h"

namespace kefka::shell {

int b_alias(ShellState& st, Args& argv) {
  size_t i = 1;
  if (i < argv.size() && argv[i] == "-p") ++i;
  if (i >= argv.size()) {
    for (const auto& [n, v] : *st.aliases_)
      st.out("alias " + n + "=" + quote_for_reuse(v, true) + "\n");
    return 0;
  }
  int status = 0;
  for (; i < argv.size(); ++i) {
    size_t eq = argv[i].find('=');
    if (eq == std::string::npos) {
      auto it = st.aliases_->find(argv[i]);
      if (it == st.aliases_->end()) {
        st.error("alias: " + argv[i] + ": not found");
        status = 1;
      } else {
        st.out("alias " + it->first + "=" + quote_for_reuse(it->second, true) + "\n");
      }
      continue;
    }
    if (st.aliases_.use_count() > 1)
      st.aliases_ = std::make_shared<std::map<std::string, std::string>>(*st.aliases_);
    (*st.aliases_)[argv[i].substr(0, eq)] = argv[i].substr(eq + 1);
  }
  return status;
}

int b_unalias(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    st.err("unalias: usage: unalias [-a] name [name ...]\n");
    return 2;
  }
  if (st.aliases_.use_count() > 1)
    st.aliases_ = std::make_shared<std::map<std::string, std::string>>(*st.aliases_);
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-a") {
      st.aliases_->clear();
      continue;
    }
    if (!st.aliases_->erase(argv[i])) {
      st.error("unalias: " + argv[i] + ": not found");
      status = 1;
    }
  }
  return status;
}

namespace {
const char* const kSignals[] = {"EXIT", "HUP",  "INT",  "QUIT", "ILL",  "TRAP", "ABRT", "BUS",
                                "FPE",  "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM"};

std::string signal_name(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.rfind("SIG", 0) == 0) s = s.substr(3);
  if (s == "ERR" || s == "DEBUG" || s == "RETURN") return s;
  int64_t n;
  if (parse_int(s, n)) {
    if (n >= 0 && n < 16) return kSignals[n];
    return "";
  }
  for (const char* name : kSignals) {
    if (s == name) return s;
  }
  return "";
}
}  // namespace

int b_trap(ShellState& st, Args& argv) {
  size_t i = 1;
  if (i < argv.size() && argv[i] == "--") ++i;
  if (i < argv.size() && argv[i] == "-l") {
    st.out(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n");
    return 0;
  }
  if (i >= argv.size() || argv[i] == "-p") {
    for (const auto& [name, action] : st.traps_) {
      st.out("trap -- " + quote_for_reuse(action, true) + " " +
             (name == "EXIT" || name == "ERR" || name == "DEBUG" || name == "RETURN"
                  ? name
                  : "SIG" + name) +
             "\n");
    }
    return 0;
  }
  std::string action = argv[i];
  size_t first = i + 1;
  bool reset = false;
  if (first >= argv.size()) {
    // trap SIG: reset
    reset = true;
    first = i;
  } else if (action == "-") {
    reset = true;
  }
  int status = 0;
  for (size_t k = first; k < argv.size(); ++k) {
    std::string name = signal_name(argv[k]);
    if (name.empty()) {
      st.error("trap: " + argv[k] + ": invalid signal specification");
      status = 1;
      continue;
    }
    if (reset)
      st.traps_.erase(name);
    else
      st.traps_[name] = action;
    if (name == "RETURN") st.return_trap_depth_ = st.call_depth_;
  }
  return status;
}

int b_wait(ShellState& st, Args& argv) {
  int status = 0;
  auto wait_job = [&](Job& job) {
    if (job.thread.joinable()) job.thread.join();
    return job.status.load();
  };
  auto flags = parse_flags(st, argv, "fn");
  if (!flags) return 2;
  size_t i = flags->next;
  bool any = flags->has('n');
  if (any) {
    for (;;) {
      bool pending = false;
      for (auto it = st.jobs_.begin(); it != st.jobs_.end(); ++it) {
        if ((*it)->done) {
          int s = wait_job(**it);
          st.jobs_.erase(it);
          return s;
        }
        pending = true;
      }
      if (!pending) return 127;
      if (st.budget_) st.budget_->check();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  if (i >= argv.size()) {
    for (auto& job : st.jobs_) wait_job(*job);
    st.jobs_.clear();
    return 0;
  }
  for (; i < argv.size(); ++i) {
    std::string id = argv[i];
    bool found = false;
    for (auto it = st.jobs_.begin(); it != st.jobs_.end(); ++it) {
      if (std::to_string((*it)->pid) == id || "%" + std::to_string((*it)->id) == id) {
        status = wait_job(**it);
        st.jobs_.erase(it);
        found = true;
        break;
      }
    }
    if (!found) {
      st.error("wait: pid " + id + " is not a child of this shell");
      status = 127;
    }
  }
  return status;
}

// Like a non-interactive bash: running jobs only, the newest marked `+` and
// the one before it `-`, the state padded to 24 columns, then the command.
int b_jobs(ShellState& st, Args& argv) {
  bool pids_only = argv.size() > 1 && argv[1] == "-p";
  std::vector<const Job*> running;
  for (auto& job : st.jobs_) {
    if (!job->done) running.push_back(job.get());
  }
  for (size_t i = 0; i < running.size(); ++i) {
    const Job& job = *running[i];
    if (pids_only) {
      st.out(std::to_string(job.pid) + "\n");
      continue;
    }
    char mark = i + 1 == running.size() ? '+' : i + 2 == running.size() ? '-' : ' ';
    std::string state = "Running";
    state.resize(24, ' ');
    st.out("[" + std::to_string(job.id) + "]" + mark + "  " + state + job.command + " &\n");
  }
  return 0;
}

namespace {
// `kill -SIG $$`: the sandbox has no real signals, so the shell delivers the
// signal to itself the way bash would: run its trap, ignore it when the trap
// is '', otherwise terminate with status 128+N.
// Returns the status kill should report (the exit status when it terminates).
int signal_self(ShellState& st, const std::string& sig) {
  auto it = st.traps_.find(sig);
  if (it != st.traps_.end()) {
    st.run_trap(sig);
    return st.flow_ == Flow::Exit ? st.last_status_ : 0;
  }
  int number = 0;
  for (int n = 1; n < 16; ++n) {
    if (sig == kSignals[n]) number = n;
  }
  st.flow_ = Flow::Exit;
  st.last_status_ = 128 + number;
  return st.last_status_;
}
}  // namespace

namespace {
// Linux signal names by number (32 and 33 are reserved by the C library).
std::string linux_signal_name(int n) {
  static const char* const kNames[] = {
      "",     "HUP",  "INT",  "QUIT", "ILL",    "TRAP",   "ABRT",  "BUS",  "FPE",  "KILL", "USR1",
      "SEGV", "USR2", "PIPE", "ALRM", "TERM",   "STKFLT", "CHLD",  "CONT", "STOP", "TSTP", "TTIN",
      "TTOU", "URG",  "XCPU", "XFSZ", "VTALRM", "PROF",   "WINCH", "IO",   "PWR",  "SYS"};
  if (n >= 1 && n <= 31) return kNames[n];
  if (n == 34) return "RTMIN";
  if (n >= 35 && n <= 49) return "RTMIN+" + std::to_string(n - 34);
  if (n >= 50 && n <= 63) return "RTMAX-" + std::to_string(64 - n);
  if (n == 64) return "RTMAX";
  return "";
}

// `kill -l`: bash's table; `kill -l N` names a signal (N > 128 is an exit
// status), `kill -l NAME` numbers it.
int list_signals(ShellState& st, Args& argv) {
  if (argv.size() == 2) {
    int count = 0;
    for (int n = 1; n <= 64; ++n) {
      std::string name = linux_signal_name(n);
      if (name.empty()) continue;
      char num[8];
      snprintf(num, sizeof num, "%2d) ", n);
      st.out(num + ("SIG" + name) + (++count % 5 == 0 ? "\n" : "\t"));
    }
    if (count % 5 != 0) st.out("\n");
    return 0;
  }
  int status = 0;
  for (size_t i = 2; i < argv.size(); ++i) {
    int64_t n;
    if (parse_int(argv[i], n)) {
      if (n > 128) n -= 128;
      std::string name = n >= 1 && n <= 64 ? linux_signal_name(static_cast<int>(n)) : "";
      if (name.empty()) {
        st.error("kill: " + argv[i] + ": invalid signal specification");
        status = 1;
      } else {
        st.out(name + "\n");
      }
      continue;
    }
    std::string want = argv[i];
    for (auto& c : want) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (want.rfind("SIG", 0) == 0) want = want.substr(3);
    int found = 0;
    for (int k = 1; k <= 64 && found == 0; ++k) {
      if (linux_signal_name(k) == want) found = k;
    }
    if (found == 0) {
      st.error("kill: " + argv[i] + ": invalid signal specification");
      status = 1;
    } else {
      st.out(std::to_string(found) + "\n");
    }
  }
  return status;
}
}  // namespace

int b_kill(ShellState& st, Args& argv) {
  if (argv.size() > 1 && (argv[1] == "-l" || argv[1] == "-L")) return list_signals(st, argv);
  int status = 0;
  std::string sig = "TERM";
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i][0] == '-' && argv[i].size() > 1 && i + 1 < argv.size()) {
      if (argv[i] == "-s" || argv[i] == "-n") {
        ++i;
        sig = signal_name(argv[i]);
      } else {
        sig = signal_name(argv[i].substr(1));
      }
      continue;
    }
    if (argv[i] == std::to_string(st.shell_pid_) && !sig.empty() && sig != "EXIT") {
      int self_status = signal_self(st, sig);
      if (st.flow_ == Flow::Exit) return self_status;
      continue;
    }
    bool found = false;
    for (auto& job : st.jobs_) {
      if (std::to_string(job->pid) == argv[i] || "%" + std::to_string(job->id) == argv[i]) {
        if (job->budget) job->budget->cancel();
        found = true;
      }
    }
    if (!found) {
      st.error("kill: " + argv[i] + ": arguments must be process or job IDs");
      status = 1;
    }
  }
  return status;
}

int b_umask(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "Sp");
  if (!flags) return 2;
  bool symbolic = flags->has('S');
  size_t i = flags->next;
  if (i >= argv.size()) {
    if (symbolic) {
      auto perms = [](uint32_t bits) {
        std::string s;
        if (bits & 4) s += 'r';
        if (bits & 2) s += 'w';
        if (bits & 1) s += 'x';
        return s;
      };
      uint32_t m = ~st.umask_ & 0777;
      // -p prints it as a command that restores it.
      st.out(std::string(flags->has('p') ? "umask -S " : "") + "u=" + perms(m >> 6) +
             ",g=" + perms((m >> 3) & 7) + ",o=" + perms(m & 7) + "\n");
    } else {
      char buf[16];
      snprintf(buf, sizeof buf, "%04o\n", st.umask_);
      st.out(std::string(flags->has('p') ? "umask " : "") + buf);
    }
    return 0;
  }
  const std::string& m = argv[i];
  uint32_t v = 0;
  for (char c : m) {
    if (c < '0' || c > '7') {
      st.error("umask: " + m + ": octal number out of range");
      return 1;
    }
    v = v * 8 + static_cast<uint32_t>(c - '0');
  }
  st.umask_ = v & 0777;
  return 0;
}

int b_ulimit(ShellState& st, Args& argv) {
  st.out("unlimited\n");
  return 0;
}

int b_times(ShellState& st, Args&) {
  st.out("0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n");
  return 0;
}

int b_caller(ShellState& st, Args& argv) {
  if (st.call_lines_.empty()) return 1;
  int64_t n = 0;
  if (argv.size() > 1) parse_int(argv[1], n);
  if (n < 0 || static_cast<size_t>(n) >= st.call_lines_.size()) return 1;
  size_t idx = st.call_lines_.size() - 1 - static_cast<size_t>(n);
  std::string fn = idx == 0 ? "main" : st.funcname_[idx - 1];
  if (argv.size() > 1) {
    st.out(std::to_string(st.call_lines_[idx]) + " " + fn + " " + st.arg0_ + "\n");
  } else {
    st.out(std::to_string(st.call_lines_[idx]) + " " + st.arg0_ + "\n");
  }
  return 0;
}

int b_help(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    for (const auto& b : all_builtins()) st.out(std::string(b.usage) + "\n");
    return 0;
  }
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    const BuiltinSpec* b = find_builtin(argv[i]);
    if (b == nullptr) {
      st.error("help: no help topics match `" + argv[i] + "'.  Try `help help' or `man -k " +
               argv[i] + "' or `info " + argv[i] + "'.");
      status = 1;
      continue;
    }
    st.out(std::string(b->name) + ": " + std::string(b->usage) + "\n");
  }
  return status;
}

int b_history(ShellState&, Args&) {
  return 0;
}

int b_hash(ShellState& st, Args& argv) {
  if (argv.size() > 1 && argv[1] == "-r") {
    st.hash_.clear();
    return 0;
  }
  if (argv.size() == 1) {
    if (st.hash_.empty()) {
      st.out("hash: hash table empty\n");
      return 0;
    }
    st.out("hits\tcommand\n");
    for (const auto& [n, p] : st.hash_) st.out("   1\t" + p + "\n");
    return 0;
  }
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (st.find_in_path(argv[i]).empty()) {
      st.error("hash: " + argv[i] + ": not found");
      status = 1;
    }
  }
  return status;
}

int b_enable(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "adnpsf:");
  if (!flags) return 2;
  if (const std::string* file = flags->value('f')) {
    // No dynamic loading in the sandbox; bash's dlopen failure reads the same.
    return builtin_error(st, "enable",
                         "cannot open shared object " + *file + ": " + *file +
                             ": cannot open shared object file: No such file or "
                             "directory");
  }
  bool disable = flags->has('n');
  if (flags->next == argv.size()) {
    for (const auto& b : all_builtins()) {
      bool off = st.disabled_builtins_.count(b.name) > 0;
      if (flags->has('s') && !b.special) continue;
      if (!flags->has('a') && off != disable) continue;
      st.out((off ? "enable -n " : "enable ") + std::string(b.name) + "\n");
    }
    return 0;
  }
  int status = 0;
  for (size_t i = flags->next; i < argv.size(); ++i) {
    const BuiltinSpec* b = find_builtin(argv[i]);
    if (b == nullptr) {
      status = builtin_error(st, "enable", argv[i] + ": not a shell builtin");
      continue;
    }
    if (flags->has('d')) {
      status = builtin_error(st, "enable", argv[i] + ": not dynamically loaded");
    } else if (disable) {
      st.disabled_builtins_.insert(argv[i]);
    } else {
      st.disabled_builtins_.erase(argv[i]);
    }
  }
  return status;
}

}  // namespace kefka::shell

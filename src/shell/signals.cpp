#include "shell/signals.h"

#include <cctype>

#include "shell/printer.h"
#include "shell/state.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

// Signals whose default action is to do nothing (CHLD CONT URG WINCH), and
// the stop signals, which have no effect without job control.
constexpr uint64_t kHarmless = signal_bit(17) | signal_bit(18) | signal_bit(23) | signal_bit(28) |
                               signal_bit(19) | signal_bit(20) | signal_bit(21) | signal_bit(22);

}  // namespace

bool ignored_by_default(int n) {
  return (signal_bit(n) & kHarmless) != 0;
}

SignalBox::SignalBox(std::shared_ptr<SessionShared> session, int64_t pid,
                     std::shared_ptr<Budget> own_budget)
    : session_(std::move(session)), pid_(pid), own_budget_(std::move(own_budget)) {}

SignalBox::~SignalBox() {
  mark_exited();
}

void SignalBox::mark_exited() {
  if (exited_.exchange(true)) return;
  if (auto session = session_.lock()) {
    std::lock_guard lock(session->processes_mu);
    session->signal_boxes.erase(pid_);  // pids are never reused
  }
}

void SignalBox::set_dispositions(uint64_t caught, uint64_t ignored) {
  caught_.store(caught, std::memory_order_relaxed);
  ignored_.store(ignored, std::memory_order_relaxed);
}

void SignalBox::post(int n) {
  uint64_t bit = signal_bit(n);
  if (bit == 0 || exited()) return;
  bool uncatchable = n == kSigKill || n == kSigStop;
  if (!uncatchable && (ignored_.load(std::memory_order_relaxed) & bit)) return;
  bool caught = !uncatchable && (caught_.load(std::memory_order_relaxed) & bit);
  if (!caught && (bit & kHarmless)) return;
  if (!caught && own_budget_ != nullptr) {
    int expected = 0;
    fatal_.compare_exchange_strong(expected, n, std::memory_order_acq_rel);
    own_budget_->cancel();
  } else {
    pending_.fetch_or(bit, std::memory_order_acq_rel);
  }
  wake();
}

void SignalBox::wake() {
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_all();
}

void SignalBox::wait_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  uint64_t seen = wakeups_;
  cv_.wait_for(lock, timeout, [&] { return wakeups_ != seen; });
}

std::shared_ptr<SignalBox> new_signal_box(const std::shared_ptr<SessionShared>& session,
                                          int64_t pid, std::shared_ptr<Budget> own_budget) {
  auto box = std::make_shared<SignalBox>(session, pid, std::move(own_budget));
  std::lock_guard lock(session->processes_mu);
  session->signal_boxes[pid] = box;
  return box;
}

std::shared_ptr<SignalBox> find_signal_box(SessionShared& session, int64_t pid) {
  std::lock_guard lock(session.processes_mu);
  auto it = session.signal_boxes.find(pid);
  if (it == session.signal_boxes.end()) return nullptr;
  auto box = it->second.lock();
  if (box == nullptr || box->exited()) return nullptr;
  return box;
}

std::vector<std::shared_ptr<SignalBox>> session_signal_boxes(SessionShared& session) {
  std::vector<std::shared_ptr<SignalBox>> boxes;
  std::lock_guard lock(session.processes_mu);
  for (const auto& [pid, weak] : session.signal_boxes) {
    auto box = weak.lock();
    if (box != nullptr && !box->exited()) boxes.push_back(std::move(box));
  }
  return boxes;
}

std::string signal_name_of(int n) {
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

int parse_signal(std::string_view spec) {
  int64_t number;
  if (parse_int(std::string(spec), number)) {
    if (number == 0) return 0;
    return signal_name_of(static_cast<int>(number)).empty() || number > kMaxSignal
               ? -1
               : static_cast<int>(number);
  }
  std::string name(spec);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name.rfind("SIG", 0) == 0) name.erase(0, 3);
  if (name.empty()) return -1;
  // bash also accepts IOT and POLL, other names for ABRT and IO.
  if (name == "IOT") return 6;
  if (name == "POLL") return 29;
  for (int n = 1; n <= kMaxSignal; ++n) {
    if (signal_name_of(n) == name) return n;
  }
  return -1;
}

std::string signal_description(int n) {
  static const char* const kText[] = {"",
                                      "Hangup",
                                      "Interrupt",
                                      "Quit",
                                      "Illegal instruction",
                                      "Trace/breakpoint trap",
                                      "Aborted",
                                      "Bus error",
                                      "Floating point exception",
                                      "Killed",
                                      "User defined signal 1",
                                      "Segmentation fault",
                                      "User defined signal 2",
                                      "Broken pipe",
                                      "Alarm clock",
                                      "Terminated",
                                      "Stack fault",
                                      "Child exited",
                                      "Continued",
                                      "Stopped (signal)",
                                      "Stopped",
                                      "Stopped (tty input)",
                                      "Stopped (tty output)",
                                      "Urgent I/O condition",
                                      "CPU time limit exceeded",
                                      "File size limit exceeded",
                                      "Virtual timer expired",
                                      "Profiling timer expired",
                                      "Window changed",
                                      "I/O possible",
                                      "Power failure",
                                      "Bad system call"};
  if (n >= 1 && n <= 31) return kText[n];
  if (n >= 34 && n <= kMaxSignal) return "Real-time signal " + std::to_string(n - 34);
  return "Unknown signal " + std::to_string(n);
}

}  // namespace kefka::shell

// ---------------------------------------------------------------------------
// ShellState: the receiving side

namespace kefka::shell {

namespace {
bool is_pseudo_signal(const std::string& name) {
  return name == "EXIT" || name == "ERR" || name == "DEBUG" || name == "RETURN";
}
}  // namespace

void ShellState::become_subshell(int64_t pid, std::shared_ptr<Budget> own_budget,
                                 uint64_t ignored) {
  bash_pid_ = pid != 0 ? pid : session_->next_pid++;
  signals_ = new_signal_box(session_, bash_pid_, std::move(own_budget));
  show_inherited_traps_ = true;  // the copy kept the parent's list
  for (auto it = traps_.begin(); it != traps_.end();) {
    if (!is_pseudo_signal(it->first) && !it->second.empty()) {
      it = traps_.erase(it);
    } else {
      ++it;
    }
  }
  base_ignored_ |= ignored;
  sync_signal_dispositions();
}

void ShellState::sync_signal_dispositions() {
  if (!signals_) return;
  uint64_t caught = 0;
  uint64_t ignored = base_ignored_;
  for (const auto& [name, action] : traps_) {
    if (is_pseudo_signal(name)) continue;
    uint64_t bit = signal_bit(parse_signal(name));
    if (action.empty()) {
      ignored |= bit;
    } else {
      caught |= bit;
      ignored &= ~bit;
    }
  }
  signals_->set_dispositions(caught, ignored);
}

void ShellState::run_pending_signals() {
  // A trap is not interrupted by another signal; it runs afterwards.
  if (in_trap_ || flow_ == Flow::Exit) return;
  uint64_t bits = signals_->take_pending();
  for (int n = 1; n <= kMaxSignal && bits != 0; ++n) {
    uint64_t bit = signal_bit(n);
    if ((bits & bit) == 0) continue;
    bits &= ~bit;
    auto trap = traps_.find(signal_name_of(n));
    bool catchable = n != kSigKill && n != kSigStop;
    if (catchable && trap != traps_.end()) {
      run_trap(trap->first, /*keep_return=*/true);  // an empty action ignores it
    } else if (!catchable || ((base_ignored_ & bit) == 0 && !ignored_by_default(n))) {
      die_by_signal(n);
    }
    if (flow_ == Flow::Exit || flow_ == Flow::Return) {
      signals_->requeue(bits);  // the rest wait for the next boundary
      return;
    }
  }
}

void ShellState::die_by_signal(int n) {
  if (n == kSigKill) traps_.erase("EXIT");  // nothing runs after SIGKILL
  killed_by_ = n;
  last_status_ = 128 + n;
  flow_ = Flow::Exit;
}

std::string ShellState::death_notice(int64_t pid, int sig, const std::string& command,
                                     bool foreground) const {
  if (sig <= 0) return "";
  if (notice_names_job(sig)) {
    char head[32];
    snprintf(head, sizeof head, "%5lld ", static_cast<long long>(pid));
    std::string desc = signal_description(sig);
    if (desc.size() < 24) desc.resize(24, ' ');
    return error_prefix() + head + desc + command + "\n";
  }
  if (foreground && sig != kSigInt && sig != kSigPipe) return signal_description(sig) + "\n";
  return "";
}

bool ShellState::notice_names_job(int sig) const {
  // bash is built with DONT_REPORT_SIGTERM and DONT_REPORT_SIGPIPE, and
  // leaves out signals this shell traps.
  return sig != kSigInt && sig != kSigTerm && sig != kSigPipe &&
         traps_.count(signal_name_of(sig)) == 0;
}

void ShellState::notify_dead_jobs() {
  for (auto& job : jobs_) {
    // Jobs that exited stay in the table until `jobs` lists them; the ones
    // a signal killed are reported (or not, for TERM) and dropped.
    if (job->notified || !job->done || job->signal == 0) continue;
    job->notified = true;
    job->forgotten = true;
    std::string notice = death_notice(job->pid, job->signal, job->shown_command, false);
    if (!notice.empty()) err(notice);
  }
}

}  // namespace kefka::shell

namespace kefka::shell {

std::string ShellState::pipeline_death_notice(const Pipeline& p, const std::vector<int64_t>& pids,
                                              const std::vector<int>& statuses,
                                              const std::vector<int>& killed) const {
  int sig = killed.back();
  if (!notice_names_job(sig)) return death_notice(pids.back(), sig, "", true);
  std::string text;
  for (size_t i = 0; i < p.commands.size(); ++i) {
    std::string state = killed[i] != 0     ? signal_description(killed[i])
                        : statuses[i] == 0 ? "Done"
                                           : "Exit " + std::to_string(statuses[i]);
    if (state.size() < 24) state.resize(24, ' ');
    std::string command = print_command(*p.commands[i]);
    while (!command.empty() && (command.back() == '\n' || command.back() == ' ')) {
      command.pop_back();
    }
    char pid[32];
    snprintf(pid, sizeof pid, "%5lld ", static_cast<long long>(pids[i]));
    text += (i == 0 ? error_prefix() : std::string(5, ' ')) + pid + state + (i == 0 ? "" : "| ") +
            command + "\n";
  }
  return text;
}

}  // namespace kefka::shell

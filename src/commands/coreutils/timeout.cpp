// timeout: run a command with a time limit (GNU coreutils 9.1), through the
// executor with a child Budget whose deadline is the limit. A command that runs
// past it is aborted (its loops and pipe waits throw) and timeout exits 124
// (or 128+signal with --preserve-status). Cancelling the parent cancels it.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {0, "preserve-status", ArgKind::None, "",
     "exit with the same status as COMMAND, even when the\n  command times out"},
    {0, "foreground", ArgKind::None, "",
     "when not running timeout directly from a shell prompt,\n  allow COMMAND to read from the TTY "
     "and get TTY signals"},
    {'k', "kill-after", ArgKind::Required, "DURATION",
     "also send a KILL signal if COMMAND is still running\n  this long after the initial signal "
     "was sent"},
    {'s', "signal", ArgKind::Required, "SIGNAL",
     "specify the signal to be sent on timeout;\n  SIGNAL may be a name like 'HUP' or a number"},
    {'v', "verbose", ArgKind::None, "", "diagnose to stderr any signal sent upon timeout"},
};

bool parse_duration(std::string_view s, double& seconds) {
  std::string text(s);
  if (text.empty()) return false;
  char* end;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || v < 0 || std::isnan(v)) return false;
  std::string_view rest(end);
  double mult = 1;
  if (rest == "s" || rest.empty())
    mult = 1;
  else if (rest == "m")
    mult = 60;
  else if (rest == "h")
    mult = 3600;
  else if (rest == "d")
    mult = 86400;
  else
    return false;
  seconds = v * mult;
  return true;
}

int signal_number(std::string_view name) {
  if (name.starts_with("SIG")) name.remove_prefix(3);
  static const std::pair<std::string_view, int> kSignals[] = {
      {"HUP", 1},   {"INT", 2},   {"QUIT", 3},  {"KILL", 9},  {"USR1", 10}, {"USR2", 12},
      {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15}, {"CONT", 18}, {"STOP", 19}};
  for (auto& [n, v] : kSignals) {
    if (n == name) return v;
  }
  auto num = parse_decimal(name);
  return num && *num < 65 ? static_cast<int>(*num) : -1;
}

int run(Context& ctx, const Args& args) {
  int sig = 15;
  if (const std::string* s = args.value('s')) {
    sig = signal_number(*s);
    if (sig < 0) {
      ctx.error(quote(*s) + ": invalid signal");
      ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
      return 125;
    }
  }
  if (const std::string* k = args.value('k')) {
    double unused;
    if (!parse_duration(*k, unused)) {
      ctx.error("invalid time interval " + quote(*k));
      ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
      return 125;
    }
  }
  const auto& ops = args.operands;
  if (ops.size() < 2) {  // GNU prints only the hint here
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return 125;
  }
  double seconds;
  if (!parse_duration(ops[0], seconds)) {
    ctx.error("invalid time interval " + quote(ops[0]));
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return 125;
  }
  std::vector<std::string> argv(ops.begin() + 1, ops.end());
  if (ctx.executor == nullptr) {
    ctx.error("failed to run command " + quote(argv[0]) + ": No such file or directory");
    return kExitNotFound;
  }
  Limits limits = ctx.budget.limits();
  auto parent_left = ctx.budget.remaining();
  if (seconds > 0 && std::isfinite(seconds) && seconds < 1e9) {
    auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::duration<double>(seconds));
    if (limit.count() == 0) limit = std::chrono::milliseconds(1);
    limits.timeout = limit;
  }
  if (parent_left != Budget::Clock::duration::max()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(parent_left);
    if (limits.timeout.count() == 0 || left < limits.timeout)
      limits.timeout = std::max(left, std::chrono::milliseconds(1));
  }
  Budget child_budget(limits);
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done.load()) {
      if (ctx.budget.stopped()) child_budget.cancel();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  Context child{.argv = ctx.argv,
                .env = ctx.env,
                .fs = ctx.fs,
                .fds = ctx.fds,
                .budget = child_budget,
                .executor = ctx.executor};
  ctx.flush_output();
  int status;
  try {
    status = ctx.executor->run_program(child, argv, ctx.env, ctx.fds);
  } catch (const ExecAbort&) {
    done = true;
    watcher.join();
    ctx.budget.check();  // the parent's own deadline or cancel: propagate
    if (args.has('v')) {
      ctx.error("sending signal " +
                std::string(sig == 9    ? "KILL"
                            : sig == 15 ? "TERM"
                                        : std::to_string(sig)) +
                " to command " + quote(argv[0]));
    }
    return args.has("preserve-status") ? 128 + sig : 124;
  }
  done = true;
  watcher.join();
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    timeout,
    {
        .name = "timeout",
        .usage = "timeout [OPTION] DURATION COMMAND [ARG]...\ntimeout [OPTION]",
        .summary = "Start COMMAND, and kill it if still running after DURATION.",
        .options = kOptions,
        .main = run,
        .flags = kStopAtFirstOperand | kUsageStatus125,
        .epilog = "DURATION is a floating point number with an optional suffix:\n"
                  "'s' for seconds (the default), 'm' for minutes, 'h' for hours or 'd' for days.\n"
                  "A duration of 0 disables the associated timeout.\n\n"
                  "If the command times out, and --preserve-status is not set, then exit with\n"
                  "status 124.  Otherwise, exit with the status of COMMAND.",
    });

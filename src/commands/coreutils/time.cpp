// time: run a program and report its resource usage (GNU time 1.9, the
// Debian `time` package), for `env time`, `xargs time`, `command time` and
// /usr/bin/time; the shell keyword `time` is separate. The program runs
// through ctx.executor on this thread, so its user/system time is this
// thread's CPU time across the run; elapsed time is a steady clock. Values the
// sandbox cannot know (memory, page faults, I/O counts, context switches) are 0.
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "commands/command.h"
#include "commands/common/util.h"
#include "commands/registry.h"

namespace kefka::cmd {
namespace {

constexpr std::string_view kDefaultFormat =
    "%Uuser %Ssystem %Eelapsed %PCPU (%Xavgtext+%Davgdata %Mmaxresident)k\n"
    "%Iinputs+%Ooutputs (%Fmajor+%Rminor)pagefaults %Wswaps";
constexpr std::string_view kPosixFormat = "real %e\nuser %U\nsys %S";
constexpr std::string_view kVerboseFormat =
    "\tCommand being timed: \"%C\"\n"
    "\tUser time (seconds): %U\n"
    "\tSystem time (seconds): %S\n"
    "\tPercent of CPU this job got: %P\n"
    "\tElapsed (wall clock) time (h:mm:ss or m:ss): %E\n"
    "\tAverage shared text size (kbytes): %X\n"
    "\tAverage unshared data size (kbytes): %D\n"
    "\tAverage stack size (kbytes): %p\n"
    "\tAverage total size (kbytes): %K\n"
    "\tMaximum resident set size (kbytes): %M\n"
    "\tAverage resident set size (kbytes): %t\n"
    "\tMajor (requiring I/O) page faults: %F\n"
    "\tMinor (reclaiming a frame) page faults: %R\n"
    "\tVoluntary context switches: %w\n"
    "\tInvoluntary context switches: %c\n"
    "\tSwaps: %W\n"
    "\tFile system inputs: %I\n"
    "\tFile system outputs: %O\n"
    "\tSocket messages sent: %s\n"
    "\tSocket messages received: %r\n"
    "\tSignals delivered: %k\n"
    "\tPage size (bytes): %Z\n"
    "\tExit status: %x";

constexpr std::string_view kHelpBody =
    " [OPTIONS] COMMAND [ARG]...\n"
    "Run COMMAND, then print system resource usage.\n"
    "\n"
    "  -a, --append              with -o FILE, append instead of overwriting\n"
    "  -f, --format=FORMAT       use the specified FORMAT instead of the default\n"
    "  -o, --output=FILE         write to FILE instead of STDERR\n"
    "  -p, --portability         print POSIX standard 1003.2 conformant string:\n"
    "                              real %%e\n"
    "                              user %%U\n"
    "                              sys %%S\n"
    "  -q, --quiet               do not print information about abnormal program\n"
    "                            termination (non-zero exit codes or signals)\n"
    "  -v, --verbose             print all resource usage information instead of\n"
    "                            the default format\n"
    "  -h,  --help               display this help and exit\n"
    "  -V,  --version            output version information and exit\n"
    "\n"
    "Commonly usaged format sequences for -f/--format:\n"
    "(see documentation for full list)\n"
    "  %%   a literal '%'\n"
    "  %C   command line and arguments\n"
    "  %c   involuntary context switches\n"
    "  %E   elapsed real time (wall clock) in [hour:]min:sec\n"
    "  %e   elapsed real time (wall clock) in seconds\n"
    "  %F   major page faults\n"
    "  %M   maximum resident set size in KB\n"
    "  %P   percent of CPU this job got\n"
    "  %R   minor page faults\n"
    "  %S   system (kernel) time in seconds\n"
    "  %U   user time in seconds\n"
    "  %w   voluntary context switches\n"
    "  %x   exit status of command\n"
    "\n"
    "Default output format:\n"
    "%Uuser %Ssystem %Eelapsed %PCPU (%Xavgtext+%Davgdata %Mmaxresident)k\n"
    "%Iinputs+%Ooutputs (%Fmajor+%Rminor)pagefaults %Wswaps\n"
    "\n"
    "NOTE: your shell may have its own version of time, which usually supersedes\n"
    "the version described here.  Please refer to your shell's documentation\n"
    "for details about the options it supports.\n"
    "\n"
    "GNU Time website: <https://www.gnu.org/software/time/>\n"
    "Full documentation at: <https://www.gnu.org/software/time/manual>\n"
    "E-mail bug reports to: bug-time@gnu.org\n";

// Debian builds time 1.9 without a version string, hence "UNKNOWN".
constexpr std::string_view kVersionText =
    "time (GNU Time) UNKNOWN\n"
    "Copyright (C) 2018 Free Software Foundation, Inc.\n"
    "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n"
    "\n"
    "Written by David Keppel, David MacKenzie, and Assaf Gordon.\n";

struct Settings {
  std::string_view format = kDefaultFormat;
  bool posix = false;  // -p was the last of -p/-f: no abnormal-exit line
  bool verbose = false;
  bool quiet = false;
  bool append = false;
  std::optional<std::string> output;
  std::vector<std::string> command;
};

enum class Parsed { kRun, kHelp, kVersion, kUsageError };

struct LongOption {
  std::string_view name;
  char key;
  bool takes_value;
};
constexpr LongOption kLongOptions[] = {
    {"append", 'a', false},  {"format", 'f', true},       {"help", 'h', false},
    {"output", 'o', true},   {"portability", 'p', false}, {"quiet", 'q', false},
    {"verbose", 'v', false}, {"version", 'V', false},
};

class OptionParser {
 public:
  OptionParser(Context& ctx, const std::vector<std::string>& args, Settings& s)
      : ctx_(ctx), args_(args), s_(s) {}

  // getopt_long with "+af:o:pqvV": options stop at the first operand.
  Parsed parse() {
    size_t i = 0;
    for (; i < args_.size(); ++i) {
      const std::string& arg = args_[i];
      if (arg == "--") {
        ++i;
        break;
      }
      if (arg.size() < 2 || arg[0] != '-') break;
      std::optional<Parsed> done =
          arg[1] == '-' ? parse_long(arg.substr(2), i) : parse_short(arg, i);
      if (done) return *done;
    }
    s_.command.assign(args_.begin() + static_cast<ptrdiff_t>(i), args_.end());
    return Parsed::kRun;
  }

 private:
  std::optional<Parsed> usage(const std::string& message) {
    ctx_.error(message);
    return Parsed::kUsageError;
  }

  std::optional<Parsed> parse_short(const std::string& arg, size_t& i) {
    for (size_t k = 1; k < arg.size(); ++k) {
      char c = arg[k];
      if (c == 'f' || c == 'o') {
        std::string value;
        if (k + 1 < arg.size()) {
          value = arg.substr(k + 1);
        } else if (i + 1 < args_.size()) {
          value = args_[++i];
        } else {
          return usage(std::string("option requires an argument -- '") + c + "'");
        }
        return apply(c, value);
      }
      if (std::string_view("apqvV").find(c) == std::string_view::npos) {
        return usage(std::string("invalid option -- '") + c + "'");
      }
      if (auto done = apply(c, "")) return done;
    }
    return std::nullopt;
  }

  std::optional<Parsed> parse_long(const std::string& body, size_t& i) {
    size_t eq = body.find('=');
    std::string name = body.substr(0, eq);
    const LongOption* match = nullptr;
    std::vector<const LongOption*> candidates;
    for (const auto& o : kLongOptions) {
      if (o.name == name) {
        match = &o;
        break;
      }
      if (o.name.starts_with(name)) candidates.push_back(&o);
    }
    if (match == nullptr && candidates.size() == 1) match = candidates[0];
    if (match == nullptr && candidates.size() > 1) {
      std::string message = "option '--" + name + "' is ambiguous; possibilities:";
      for (const auto* c : candidates) message += " '--" + std::string(c->name) + "'";
      return usage(message);
    }
    if (match == nullptr) return usage("unrecognized option '--" + name + "'");
    std::string full = "--" + std::string(match->name);
    if (!match->takes_value) {
      if (eq != std::string::npos) return usage("option '" + full + "' doesn't allow an argument");
      return apply(match->key, "");
    }
    if (eq != std::string::npos) return apply(match->key, body.substr(eq + 1));
    if (i + 1 >= args_.size()) return usage("option '" + full + "' requires an argument");
    return apply(match->key, args_[++i]);
  }

  std::optional<Parsed> apply(char key, const std::string& value) {
    switch (key) {
      case 'a':
        s_.append = true;
        break;
      case 'f':
        format_storage_ = value;
        s_.format = format_storage_;
        s_.posix = false;
        break;
      case 'o':
        s_.output = value;
        break;
      case 'p':
        s_.format = kPosixFormat;
        s_.posix = true;
        break;
      case 'q':
        s_.quiet = true;
        break;
      case 'v':
        s_.verbose = true;
        break;
      case 'h':
        return Parsed::kHelp;
      case 'V':
        return Parsed::kVersion;
      default:
        break;
    }
    return std::nullopt;
  }

  Context& ctx_;
  const std::vector<std::string>& args_;
  Settings& s_;
  std::string format_storage_;  // -f's value, which s_.format views
};

struct Usage {
  int64_t elapsed_us = 0;
  int64_t user_us = 0;
  int64_t system_us = 0;
  int status = 0;
};

// User and system CPU time of this thread, in microseconds.
std::pair<int64_t, int64_t> thread_cpu_us() {
  rusage usage{};
  if (getrusage(RUSAGE_THREAD, &usage) != 0) return {0, 0};
  auto us = [](const timeval& tv) { return int64_t{tv.tv_sec} * 1000000 + tv.tv_usec; };
  return {us(usage.ru_utime), us(usage.ru_stime)};
}

// "S.hh" as GNU prints a timeval: whole seconds, then hundredths truncated.
std::string seconds_text(int64_t us) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(us / 1000000),
                static_cast<long long>(us % 1000000 / 10000));
  return buf;
}

std::string clock_text(int64_t us) {
  long long secs = us / 1000000;
  char buf[64];
  if (secs >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", secs / 3600, secs % 3600 / 60, secs % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld.%02lld", secs / 60, secs % 60,
                  static_cast<long long>(us % 1000000 / 10000));
  }
  return buf;
}

std::string percent_text(const Usage& u) {
  // GNU divides whole milliseconds; under 1 ms of wall time it prints "?%".
  int64_t real_ms = u.elapsed_us / 1000;
  int64_t cpu_ms = u.user_us / 1000 + u.system_us / 1000;
  if (real_ms <= 0) return "?%";
  return std::to_string(cpu_ms * 100 / real_ms) + "%";
}

std::string expand_format(std::string_view fmt, const std::vector<std::string>& command,
                          const Usage& u) {
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '%') {
      if (++i == fmt.size()) {
        return out + '?';  // GNU stops here, without the final newline
      }
      switch (fmt[i]) {
        case '%':
          out += '%';
          break;
        case 'C':
          for (size_t k = 0; k < command.size(); ++k) {
            if (k > 0) out += ' ';
            out += command[k];
          }
          break;
        case 'E':
          out += clock_text(u.elapsed_us);
          break;
        case 'e':
          out += seconds_text(u.elapsed_us);
          break;
        case 'U':
          out += seconds_text(u.user_us);
          break;
        case 'S':
          out += seconds_text(u.system_us);
          break;
        case 'P':
          out += percent_text(u);
          break;
        case 'x':
          out += std::to_string(u.status);
          break;
        case 'Z':
          out += "4096";
          break;
        case 'D':
        case 'F':
        case 'I':
        case 'K':
        case 'M':
        case 'O':
        case 'R':
        case 'W':
        case 'X':
        case 'c':
        case 'k':
        case 'p':
        case 'r':
        case 's':
        case 't':
        case 'w':
          out += '0';  // memory, faults, I/O, switches: not observable in the sandbox
          break;
        default:
          out += '?';
          out += fmt[i];
          break;
      }
    } else if (c == '\\') {
      if (++i == fmt.size()) {
        out += "?\\";
        break;
      }
      switch (fmt[i]) {
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case '\\':
          out += '\\';
          break;
        default:
          out += "?\\";
          out += fmt[i];
          break;
      }
    } else {
      out += c;
    }
  }
  out += '\n';
  return out;
}

// What execvp would say about argv[0] before running it: 0 when it can run,
// else ENOENT or EACCES.
int program_error(Context& ctx, const std::string& name) {
  auto check = [&](const std::string& path) {
    auto st = ctx.fs.stat(path);
    if (!st) return st.error() == EACCES ? EACCES : ENOENT;
    if (st->is_dir() || !ctx.fs.access(path, X_OK)) return EACCES;
    return 0;
  };
  if (name.find('/') != std::string::npos) return check(name);
  if (name.empty()) return ENOENT;
  std::string_view path = ctx.getenv("PATH", "/usr/bin:/bin");
  int found = ENOENT;
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    if (colon == std::string_view::npos) colon = path.size();
    std::string dir(path.substr(start, colon - start));
    int err = check((dir.empty() ? std::string(".") : dir) + "/" + name);
    if (err == 0) return 0;
    if (err == EACCES) found = EACCES;
    start = colon + 1;
  }
  // Outside a shell (tests), the registry is the PATH.
  if (found == ENOENT && find_command(name) != nullptr) return 0;
  return found;
}

int run_timed(Context& ctx, const Settings& s) {
  const std::string& name = s.command[0];
  if (int err = program_error(ctx, name); err != 0 || ctx.executor == nullptr) {
    ctx.error("cannot run " + name + ": " + std::strerror(err != 0 ? err : ENOENT));
    return err == EACCES ? kExitNotExecutable : kExitNotFound;
  }
  ctx.flush_output();
  return ctx.executor->run_program(ctx, s.command, ctx.env, ctx.fds);
}

int run(Context& ctx, const Args& args) {
  Settings s;
  if (auto env_format = ctx.env.find("TIME"); env_format != ctx.env.end()) {
    s.format = env_format->second;
  }
  OptionParser parser(ctx, args.operands, s);
  switch (parser.parse()) {
    case Parsed::kHelp:
      ctx.out() << "Usage: " << ctx.name() << kHelpBody;
      return kExitSuccess;
    case Parsed::kVersion:
      ctx.out() << kVersionText;
      return kExitSuccess;
    case Parsed::kUsageError:
      ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
      return 125;
    case Parsed::kRun:
      break;
  }
  if (s.command.empty()) {
    ctx.error("missing program to run");
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return 125;
  }
  StreamPtr report = nullptr;
  if (s.output) {
    auto opened = ctx.open_output(*s.output, s.append);
    if (!opened) {
      ctx.error(*s.output + ": " + std::strerror(opened.error()));
      return 125;
    }
    report = *opened;
  }
  Usage usage;
  auto start = std::chrono::steady_clock::now();
  auto cpu_start = thread_cpu_us();
  usage.status = run_timed(ctx, s);
  auto cpu_end = thread_cpu_us();
  usage.elapsed_us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - start)
                         .count();
  usage.user_us = cpu_end.first - cpu_start.first;
  usage.system_us = cpu_end.second - cpu_start.second;

  std::string text;
  std::string_view format = s.verbose ? kVerboseFormat : s.format;
  bool show_status = !s.quiet && (s.verbose || !s.posix);
  if (show_status && usage.status != 0) {
    text = "Command exited with non-zero status " + std::to_string(usage.status) + "\n";
  }
  text += expand_format(format, s.command, usage);
  if (report != nullptr) {
    (void)write_all(*report, text);
  } else {
    ctx.err() << text;
  }
  return usage.status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(time, {
                        .name = "time",
                        .usage = "time [OPTIONS] COMMAND [ARG]...",
                        .summary = "Run COMMAND, then print system resource usage.",
                        .main = run,
                        .flags = kRawArguments | kOwnHelpVersion,
                    });

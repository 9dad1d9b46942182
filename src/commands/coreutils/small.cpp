// Small coreutils: yes, pwd, printenv, basename, dirname, sleep, tee, nproc,
// tty, whoami, hostname, groups, id, uname, nohup, nice (GNU coreutils 9.1
// behaviour, with a sandbox identity instead of the host's).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

// ---------------------------------------------------------------------------
// yes

int run_yes(Context& ctx, const Args& args) {
  std::string line;
  if (args.operands.empty()) {
    line = "y";
  } else {
    for (size_t i = 0; i < args.operands.size(); ++i) {
      if (i > 0) line += ' ';
      line += args.operands[i];
    }
  }
  line += '\n';
  std::string block;
  while (block.size() < 64 * 1024) block += line;
  for (;;) {
    ctx.budget.check();
    ctx.out().write(block);
    if (ctx.output_failed()) return kExitFailure;
  }
}

// ---------------------------------------------------------------------------
// pwd

constexpr OptionSpec kPwdOptions[] = {
    {'L', "logical", ArgKind::None, "", "use PWD from environment, even if it contains symlinks"},
    {'P', "physical", ArgKind::None, "", "avoid all symlinks"},
};

int run_pwd(Context& ctx, const Args& args) {
  bool logical = false;
  for (const auto& o : args.options) logical = o.spec->short_name == 'L';
  if (!args.operands.empty()) ctx.error("ignoring non-option arguments");
  if (logical) {
    std::string_view pwd = ctx.getenv("PWD");
    if (!pwd.empty() && pwd[0] == '/' && pwd.find("/./") == std::string_view::npos &&
        pwd.find("/../") == std::string_view::npos && !pwd.ends_with("/.") &&
        !pwd.ends_with("/..")) {
      auto a = ctx.fs.stat(pwd);
      auto b = ctx.fs.stat(".");
      if (a && b && a->ino == b->ino && a->dev == b->dev) {
        ctx.out() << pwd << '\n';
        return kExitSuccess;
      }
    }
  }
  auto real = ctx.fs.realpath(".");
  if (!real) {
    ctx.error(std::string("couldn't find directory entry in '..' with matching i-node"));
    return kExitFailure;
  }
  ctx.out() << *real << '\n';
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// printenv

constexpr OptionSpec kNullOption[] = {
    {'0', "null", ArgKind::None, "", "end each output line with NUL, not newline"},
};

int run_printenv(Context& ctx, const Args& args) {
  char eol = args.has('0') ? '\0' : '\n';
  if (args.operands.empty()) {
    for (const auto& [k, v] : ctx.env) ctx.out() << k << '=' << v << eol;
    return kExitSuccess;
  }
  int status = kExitSuccess;
  for (const std::string& name : args.operands) {
    auto it = ctx.env.find(name);
    if (it == ctx.env.end() || name.find('=') != std::string::npos) {
      status = kExitFailure;
      continue;
    }
    ctx.out() << it->second << eol;
  }
  return status;
}

// ---------------------------------------------------------------------------
// basename, dirname

std::string base_name(std::string_view name) {
  while (name.size() > 1 && name.back() == '/') name.remove_suffix(1);
  if (name == "/") return "/";
  size_t slash = name.rfind('/');
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

constexpr OptionSpec kBasenameOptions[] = {
    {'a', "multiple", ArgKind::None, "", "support multiple arguments and treat each as a NAME"},
    {'s', "suffix", ArgKind::Required, "SUFFIX", "remove a trailing SUFFIX; implies -a"},
    {'z', "zero", ArgKind::None, "", "end each output line with NUL, not newline"},
};

int run_basename(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) return usage_error(ctx, "missing operand");
  bool multiple = args.has('a') || args.has('s');
  const std::string* suffix = args.value('s');
  std::string single_suffix;
  if (!multiple) {
    if (ops.size() > 2) return usage_error(ctx, "extra operand " + quote(ops[2]));
    if (ops.size() == 2) {
      single_suffix = ops[1];
      suffix = &single_suffix;
    }
  }
  char eol = args.has('z') ? '\0' : '\n';
  size_t count = multiple ? ops.size() : 1;
  for (size_t i = 0; i < count; ++i) {
    std::string b = base_name(ops[i]);
    if (suffix != nullptr && !suffix->empty() && b.size() > suffix->size() &&
        b.ends_with(*suffix) && b != "/") {
      b.resize(b.size() - suffix->size());
    }
    ctx.out() << b << eol;
  }
  return kExitSuccess;
}

std::string dir_name(std::string_view name) {
  size_t end = name.size();
  while (end > 1 && name[end - 1] == '/') --end;
  size_t slash = name.substr(0, end).rfind('/');
  if (slash == std::string_view::npos) return ".";
  while (slash > 0 && name[slash - 1] == '/') --slash;
  if (slash == 0) return "/";
  return std::string(name.substr(0, slash));
}

constexpr OptionSpec kDirnameOptions[] = {
    {'z', "zero", ArgKind::None, "", "end each output line with NUL, not newline"},
};

int run_dirname(Context& ctx, const Args& args) {
  if (args.operands.empty()) return usage_error(ctx, "missing operand");
  char eol = args.has('z') ? '\0' : '\n';
  for (const std::string& n : args.operands) ctx.out() << dir_name(n) << eol;
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// sleep

// Parses NUMBER[smhd] like GNU (xstrtod, so "1e2", ".5", "inf" work).
bool parse_interval(std::string_view s, double& seconds) {
  std::string text(s);
  if (text.empty()) return false;
  char* end;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || v < 0 || std::isnan(v)) return false;
  std::string_view rest(end);
  double mult = 1;
  if (rest.size() == 1) {
    switch (rest[0]) {
      case 's':
        mult = 1;
        break;
      case 'm':
        mult = 60;
        break;
      case 'h':
        mult = 3600;
        break;
      case 'd':
        mult = 86400;
        break;
      default:
        return false;
    }
  } else if (!rest.empty()) {
    return false;
  }
  seconds = v * mult;
  return true;
}

int run_sleep(Context& ctx, const Args& args) {
  if (args.operands.empty()) return usage_error(ctx, "missing operand");
  double total = 0;
  bool ok = true;
  for (const std::string& a : args.operands) {
    double s;
    if (!parse_interval(a, s)) {
      ctx.error("invalid time interval " + quote(a));
      ok = false;
      continue;
    }
    total += s;
  }
  if (!ok) {
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return kExitFailure;
  }
  using Clock = std::chrono::steady_clock;
  auto until = std::isinf(total) || total > 1e9
                   ? Clock::time_point::max()
                   : Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(total));
  for (;;) {
    ctx.budget.check();
    auto now = Clock::now();
    if (now >= until) return kExitSuccess;
    auto slice = std::min<Clock::duration>(until - now, std::chrono::milliseconds(20));
    std::this_thread::sleep_for(slice);
  }
}

// ---------------------------------------------------------------------------
// tee

constexpr OptionSpec kTeeOptions[] = {
    {'a', "append", ArgKind::None, "", "append to the given FILEs, do not overwrite"},
    {'i', "ignore-interrupts", ArgKind::None, "", "ignore interrupt signals"},
    {'p', "", ArgKind::None, "", "diagnose errors writing to non pipes"},
    {0, "output-error", ArgKind::Optional, "MODE", "set behavior on write error.  See MODE below"},
};

int run_tee(Context& ctx, const Args& args) {
  bool append = args.has('a');
  struct Target {
    std::string name;
    StreamPtr stream;
  };
  std::vector<Target> targets;
  int status = kExitSuccess;
  for (const std::string& name : args.operands) {
    auto s = ctx.open_output(name, append);
    if (!s) {
      ctx.error_errno(name, s.error());
      status = kExitFailure;
      continue;
    }
    targets.push_back({name, *s});
  }
  StreamPtr in = ctx.in();
  if (in == nullptr) {
    ctx.error("read error: Bad file descriptor");
    return kExitFailure;
  }
  bool stdout_ok = true;
  int err = for_each_chunk(ctx, *in, [&](std::string_view chunk) {
    if (stdout_ok) {
      ctx.out().write(chunk);
      (void)ctx.out().flush();
      if (ctx.output_failed()) stdout_ok = false;
    }
    for (auto& t : targets) {
      if (t.stream == nullptr) continue;
      auto st = write_all(*t.stream, chunk);
      if (!st) {
        ctx.error_errno(t.name, st.error());
        status = kExitFailure;
        t.stream = nullptr;
      }
    }
    return stdout_ok || std::any_of(targets.begin(), targets.end(),
                                    [](const Target& t) { return t.stream != nullptr; });
  });
  if (err != 0) {
    ctx.error(std::string("read error: ") + std::strerror(err));
    status = kExitFailure;
  }
  return status;
}

// ---------------------------------------------------------------------------
// Identity of the sandbox

int run_nproc(Context& ctx, const Args& args) {
  unsigned n = std::max(1u, std::thread::hardware_concurrency());
  if (const std::string* ignore = args.value("ignore")) {
    auto k = parse_decimal(*ignore);
    if (!k) {
      ctx.error("invalid number: " + quote(*ignore));
      return kExitFailure;
    }
    n = *k >= n ? 1 : n - static_cast<unsigned>(*k);
  }
  ctx.out() << std::to_string(n) << '\n';
  return kExitSuccess;
}
constexpr OptionSpec kNprocOptions[] = {
    {0, "all", ArgKind::None, "", "print the number of installed processors"},
    {0, "ignore", ArgKind::Required, "N", "if possible, exclude N processing units"},
};

int run_tty(Context& ctx, const Args& args) {
  StreamPtr in = ctx.in();
  bool terminal = in != nullptr && in->is_terminal();
  if (!args.has('s')) ctx.out() << (terminal ? "/dev/tty\n" : "not a tty\n");
  return terminal ? kExitSuccess : kExitFailure;
}
constexpr OptionSpec kTtyOptions[] = {
    {'s', "silent", ArgKind::None, "", "print nothing, only return an exit status"},
    {'s', "quiet", ArgKind::None, "", "print nothing, only return an exit status"},
};

std::string user_name(const Context& ctx) {
  uint32_t uid = ctx.fs.caller().cred.uid;
  if (uid == 0) return "root";
  std::string_view u = ctx.getenv("USER");
  return u.empty() ? "user" : std::string(u);
}

int run_whoami(Context& ctx, const Args& args) {
  if (!args.operands.empty()) return usage_error(ctx, "extra operand " + quote(args.operands[0]));
  ctx.out() << user_name(ctx) << '\n';
  return kExitSuccess;
}

std::string host_name(const Context& ctx) {
  std::string_view h = ctx.getenv("HOSTNAME");
  return h.empty() ? "sandbox" : std::string(h);
}

int run_hostname(Context& ctx, const Args& args) {
  if (!args.operands.empty()) {
    ctx.error("you must be root to change the host name");
    return kExitFailure;
  }
  std::string h = host_name(ctx);
  if (args.has('s')) h = h.substr(0, h.find('.'));
  ctx.out() << h << '\n';
  return kExitSuccess;
}
constexpr OptionSpec kHostnameOptions[] = {
    {'s', "short", ArgKind::None, "", "short host name"},
    {'f', "fqdn", ArgKind::None, "", "long host name (FQDN)"},
};

int run_groups(Context& ctx, const Args& args) {
  uint32_t gid = ctx.fs.caller().cred.gid;
  std::string g = gid == 0 ? "root" : user_name(ctx);
  if (!args.operands.empty()) ctx.out() << args.operands[0] << " : ";
  ctx.out() << g << '\n';
  return kExitSuccess;
}

constexpr OptionSpec kIdOptions[] = {
    {'g', "group", ArgKind::None, "", "print only the effective group ID"},
    {'G', "groups", ArgKind::None, "", "print all group IDs"},
    {'n', "name", ArgKind::None, "", "print a name instead of a number, for -ugG"},
    {'r', "real", ArgKind::None, "", "print the real ID instead of the effective ID, with -ugG"},
    {'u', "user", ArgKind::None, "", "print only the effective user ID"},
    {'z', "zero", ArgKind::None, "", "delimit entries with NUL characters, not whitespace"},
};

int run_id(Context& ctx, const Args& args) {
  const auto& cred = ctx.fs.caller().cred;
  std::string uname = user_name(ctx);
  std::string gname = cred.gid == 0 ? "root" : uname;
  bool name = args.has('n');
  if (args.has('u')) {
    ctx.out() << (name ? uname : std::to_string(cred.uid)) << '\n';
  } else if (args.has('g') || args.has('G')) {
    ctx.out() << (name ? gname : std::to_string(cred.gid)) << '\n';
  } else {
    if (name) return usage_error(ctx, "cannot print only names or real IDs in default format");
    ctx.out() << "uid=" << std::to_string(cred.uid) << '(' << uname
              << ") gid=" << std::to_string(cred.gid) << '(' << gname
              << ") groups=" << std::to_string(cred.gid) << '(' << gname << ")\n";
  }
  return kExitSuccess;
}

constexpr OptionSpec kUnameOptions[] = {
    {'a', "all", ArgKind::None, "",
     "print all information, in the following order,\n  except omit -p and -i if unknown:"},
    {'s', "kernel-name", ArgKind::None, "", "print the kernel name"},
    {'n', "nodename", ArgKind::None, "", "print the network node hostname"},
    {'r', "kernel-release", ArgKind::None, "", "print the kernel release"},
    {'v', "kernel-version", ArgKind::None, "", "print the kernel version"},
    {'m', "machine", ArgKind::None, "", "print the machine hardware name"},
    {'p', "processor", ArgKind::None, "", "print the processor type (non-portable)"},
    {'i', "hardware-platform", ArgKind::None, "", "print the hardware platform (non-portable)"},
    {'o', "operating-system", ArgKind::None, "", "print the operating system"},
};

int run_uname(Context& ctx, const Args& args) {
  if (!args.operands.empty()) return usage_error(ctx, "extra operand " + quote(args.operands[0]));
  bool all = args.has('a');
  std::vector<std::string> parts;
  bool any = false;
  auto want = [&](char c) {
    bool w = all || args.has(c);
    any |= args.has(c);
    return w;
  };
  bool s = want('s'), n = want('n'), r = want('r'), v = want('v'), m = want('m');
  bool p = args.has('p'), i = args.has('i'), o = want('o');
  any |= p || i;
  if (!any && !all) s = true;
  if (s) parts.push_back("Linux");
  if (n) parts.push_back(host_name(ctx));
  if (r) parts.push_back("6.1.0-kefka");
  if (v) parts.push_back("#1 SMP kefka sandbox");
  if (m) parts.push_back("x86_64");
  if (p) parts.push_back("unknown");
  if (i) parts.push_back("unknown");
  if (o) parts.push_back("GNU/Linux");
  for (size_t k = 0; k < parts.size(); ++k) ctx.out() << (k ? " " : "") << parts[k];
  ctx.out() << '\n';
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// nohup, nice: run a command through the executor.

int exec_program(Context& ctx, const std::vector<std::string>& argv) {
  if (ctx.executor == nullptr) {
    ctx.error("cannot run " + quote(argv[0]) + ": no program executor");
    return kExitNotFound;
  }
  return ctx.executor->run_program(ctx, argv, ctx.env, ctx.fds);
}

int run_nohup(Context& ctx, const Args& args) {
  if (args.operands.empty()) return usage_error(ctx, "missing operand", 125);
  return exec_program(ctx, args.operands);
}

constexpr OptionSpec kNiceOptions[] = {
    {'n', "adjustment", ArgKind::Required, "N", "add integer N to the niceness (default 10)"},
};

int run_nice(Context& ctx, const Args& args) {
  if (const std::string* adj = args.value('n')) {
    char* end;
    std::strtol(adj->c_str(), &end, 10);
    if (adj->empty() || *end != '\0') {
      ctx.error("invalid adjustment " + quote(*adj));  // GNU adds no "Try" line
      return 125;
    }
  }
  if (args.operands.empty()) {
    ctx.out() << "0\n";
    return kExitSuccess;
  }
  return exec_program(ctx, args.operands);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(yes, {
                       .name = "yes",
                       .usage = "yes [STRING]...\nyes OPTION",
                       .summary = "Repeatedly output a line with all specified STRING(s), or 'y'.",
                       .main = run_yes,
                   });
KEFKA_COMMAND(pwd_command,
              {
                  .name = "pwd",
                  .usage = "pwd [OPTION]...",
                  .summary = "Print the full filename of the current working directory.",
                  .options = kPwdOptions,
                  .main = run_pwd,
              });
KEFKA_COMMAND(
    printenv,
    {
        .name = "printenv",
        .usage = "printenv [OPTION]... [VARIABLE]...",
        .summary = "Print the values of the specified environment VARIABLE(s).\n"
                   "If no VARIABLE is specified, print name and value pairs for them all.",
        .options = kNullOption,
        .main = run_printenv,
        .flags = kUsageStatus2,
    });
KEFKA_COMMAND(basename, {
                            .name = "basename",
                            .usage = "basename NAME [SUFFIX]\nbasename OPTION... NAME...",
                            .summary = "Print NAME with any leading directory components removed.\n"
                                       "If specified, also remove a trailing SUFFIX.",
                            .options = kBasenameOptions,
                            .main = run_basename,
                        });
KEFKA_COMMAND(
    dirname,
    {
        .name = "dirname",
        .usage = "dirname [OPTION] NAME...",
        .summary = "Output each NAME with its last non-slash component and trailing slashes\n"
                   "removed; if NAME contains no /'s, output '.' (meaning the current directory).",
        .options = kDirnameOptions,
        .main = run_dirname,
    });
KEFKA_COMMAND(
    sleep,
    {
        .name = "sleep",
        .usage = "sleep NUMBER[SUFFIX]...\nsleep OPTION",
        .summary = "Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),\n"
                   "'m' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an\n"
                   "integer.  Given two or more arguments, pause for the amount of time\n"
                   "specified by the sum of their values.",
        .main = run_sleep,
    });
KEFKA_COMMAND(tee, {
                       .name = "tee",
                       .usage = "tee [OPTION]... [FILE]...",
                       .summary = "Copy standard input to each FILE, and also to standard output.",
                       .options = kTeeOptions,
                       .main = run_tee,
                   });
KEFKA_COMMAND(
    nproc, {
               .name = "nproc",
               .usage = "nproc [OPTION]...",
               .summary = "Print the number of processing units available to the current process,\n"
                          "which may be less than the number of online processors",
               .options = kNprocOptions,
               .main = run_nproc,
           });
KEFKA_COMMAND(tty,
              {
                  .name = "tty",
                  .usage = "tty [OPTION]...",
                  .summary = "Print the file name of the terminal connected to standard input.",
                  .options = kTtyOptions,
                  .main = run_tty,
                  .flags = kUsageStatus2,
              });
KEFKA_COMMAND(whoami,
              {
                  .name = "whoami",
                  .usage = "whoami [OPTION]...",
                  .summary = "Print the user name associated with the current effective user ID.\n"
                             "Same as id -un.",
                  .main = run_whoami,
              });
KEFKA_COMMAND(hostname, {
                            .name = "hostname",
                            .usage = "hostname [-s|-f]",
                            .summary = "Show the sandbox's host name ($HOSTNAME, or 'sandbox').",
                            .options = kHostnameOptions,
                            .main = run_hostname,
                        });
KEFKA_COMMAND(
    groups,
    {
        .name = "groups",
        .usage = "groups [OPTION]... [USERNAME]...",
        .summary =
            "Print group memberships for each USERNAME or, if no USERNAME is specified, for\n"
            "the current process (which may differ if the groups database has changed).",
        .main = run_groups,
    });
KEFKA_COMMAND(id, {
                      .name = "id",
                      .usage = "id [OPTION]... [USER]...",
                      .summary = "Print user and group information for each specified USER,\n"
                                 "or (when USER omitted) for the current process.",
                      .options = kIdOptions,
                      .main = run_id,
                  });
KEFKA_COMMAND(
    uname,
    {
        .name = "uname",
        .usage = "uname [OPTION]...",
        .summary =
            "Print certain system information (of the sandbox).  With no OPTION, same as -s.",
        .options = kUnameOptions,
        .main = run_uname,
    });
KEFKA_COMMAND(nohup, {
                         .name = "nohup",
                         .usage = "nohup COMMAND [ARG]...\nnohup OPTION",
                         .summary = "Run COMMAND, ignoring hangup signals.",
                         .main = run_nohup,
                         .flags = kStopAtFirstOperand | kUsageStatus125,
                     });
KEFKA_COMMAND(
    nice,
    {
        .name = "nice",
        .usage = "nice [OPTION] [COMMAND [ARG]...]",
        .summary = "Run COMMAND with an adjusted niceness, which affects process scheduling.\n"
                   "With no COMMAND, print the current niceness.  Niceness values range from\n"
                   "-20 (most favorable to the process) to 19 (least favorable to the process).",
        .options = kNiceOptions,
        .main = run_nice,
        .flags = kStopAtFirstOperand | kUsageStatus125 | kNumericShorthand,
        .number_option = 'n',
    });

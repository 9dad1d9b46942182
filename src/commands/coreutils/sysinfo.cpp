// The system-information commands of a sandbox: ps, uptime, free, stty,
// clear and users. Each describes the sandbox, never the host: its start
// time is when this library was loaded, its memory is the filesystem quota
// (the in-memory data is what a sandbox holds), and its processes are the
// shell and the command itself (jobs live in the shell layer, out of reach
// of commands). Output layouts follow procps-ng 4, GNU coreutils and ncurses.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "commands/command.h"
#include "commands/common/time_zone.h"
#include "commands/common/util.h"
#include "commands/options.h"

namespace kefka::cmd {
namespace {

// When the sandbox came to life, as far as commands can tell.
const std::chrono::system_clock::time_point kStartWall = std::chrono::system_clock::now();
const std::chrono::steady_clock::time_point kStartSteady = std::chrono::steady_clock::now();

int64_t seconds_up() {
  auto d = std::chrono::steady_clock::now() - kStartSteady;
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}
int64_t start_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(kStartWall.time_since_epoch()).count();
}
int64_t now_epoch() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string strftime_local(const Context& ctx, int64_t t, const char* format) {
  TimeZone zone = TimeZone::from_env(ctx);
  std::tm tm = zone.to_tm(t);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string sandbox_user(const Context& ctx) {
  if (ctx.fs.caller().cred.uid == 0) return "root";
  std::string_view u = ctx.getenv("USER");
  return u.empty() ? "user" : std::string(u);
}

std::string printf_string(const char* format, auto... values) {
  char buf[128];
  int n = std::snprintf(buf, sizeof buf, format, values...);
  return std::string(buf, n < 0 ? 0 : std::min<size_t>(n, sizeof buf - 1));
}

// ---------------------------------------------------------------------------
// uptime

constexpr OptionSpec kUptimeOptions[] = {
    {'p', "pretty", ArgKind::None, "", "show uptime in pretty format"},
    {'s', "since", ArgKind::None, "", "system up since"},
};

std::string pretty_uptime(int64_t up) {
  int64_t minutes = up / 60 % 60, hours = up / 3600 % 24, days = up / 86400 % 7,
          weeks = up / 604800;
  std::string s = "up ";
  bool first = true;
  auto part = [&](int64_t n, const char* unit) {
    if (!first) s += ", ";
    s += std::to_string(n) + " " + unit + (n != 1 ? "s" : "");
    first = false;
  };
  if (weeks > 0) part(weeks, "week");
  if (days > 0) part(days, "day");
  if (hours > 0) part(hours, "hour");
  if (minutes > 0 || first) part(minutes, "minute");
  return s;
}

int run_uptime(Context& ctx, const Args& args) {
  if (!args.operands.empty()) return usage_error(ctx, "extra operand " + quote(args.operands[0]));
  int64_t up = seconds_up();
  if (args.has('s')) {
    ctx.out() << strftime_local(ctx, start_epoch(), "%Y-%m-%d %H:%M:%S") << '\n';
  } else if (args.has('p')) {
    ctx.out() << pretty_uptime(up) << '\n';
  } else {
    std::string line = strftime_local(ctx, now_epoch(), " %H:%M:%S up ");
    int64_t days = up / 86400, hours = up / 3600 % 24, minutes = up / 60 % 60;
    if (days > 0) line += std::to_string(days) + (days > 1 ? " days, " : " day, ");
    if (hours > 0) {
      line += printf_string("%2d:%02d, ", static_cast<int>(hours), static_cast<int>(minutes));
    } else {
      line += std::to_string(minutes) + " min, ";
    }
    line += " 1 user,  load average: 0.00, 0.00, 0.00\n";
    ctx.out() << line;
  }
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// free

constexpr OptionSpec kFreeOptions[] = {
    {'b', "bytes", ArgKind::None, "", "show output in bytes"},
    {'k', "kibi", ArgKind::None, "", "show output in kibibytes"},
    {'m', "mebi", ArgKind::None, "", "show output in mebibytes"},
    {'g', "gibi", ArgKind::None, "", "show output in gibibytes"},
    {'h', "human", ArgKind::None, "", "show human-readable output"},
    {0, "si", ArgKind::None, "", "use powers of 1000 not 1024"},
    {'w', "wide", ArgKind::None, "", "wide output"},
    {'t', "total", ArgKind::None, "", "show total for RAM + swap"},
    {'l', "lohi", ArgKind::None, "", "show detailed low and high memory statistics"},
    {'v', "committed", ArgKind::None, "", "show committed memory and commit limit"},
};

struct FreeUnits {
  int exponent = 0;  // procps: -b 1, -k 2, -m 3, -g 4; 0 (the default) is KiB
  bool human = false;
  bool si = false;
};

// procps' scale_size(): KiB in, the printed cell out.
std::string scale_size(uint64_t kib, const FreeUnits& u) {
  double base = u.si ? 1000.0 : 1024.0;
  uint64_t bytes = kib * 1024;
  if (!u.human) {
    if (u.exponent == 0) return std::to_string(static_cast<uint64_t>(bytes / base));
    if (u.exponent == 1) return std::to_string(bytes);
    return std::to_string(static_cast<uint64_t>(bytes / std::pow(base, u.exponent - 1)));
  }
  std::string s = std::to_string(bytes) + "B";
  if (s.size() <= 4) return s;
  static constexpr char kUnits[] = "KMGTP";
  size_t limit = u.si ? 4 : 5;
  std::string suffix = u.si ? "" : "i";
  for (int i = 0; kUnits[i] != 0; ++i) {
    float v = static_cast<float>(bytes / std::pow(base, i + 1));
    s = printf_string("%.1f", v) + kUnits[i] + suffix;
    if (s.size() <= limit) return s;
    s = std::to_string(static_cast<long>(v)) + kUnits[i] + suffix;
    if (s.size() <= limit) return s;
  }
  return std::to_string(bytes) + "B";
}

int run_free(Context& ctx, const Args& args) {
  if (!args.operands.empty()) {
    ctx.err() << "free: extra operand '" << args.operands[0] << "'\n"
              << "Try 'free --help' for more information.\n";
    return kExitFailure;
  }
  FreeUnits units;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'b':
        units.exponent = 1;
        break;
      case 'k':
        units.exponent = 2;
        break;
      case 'm':
        units.exponent = 3;
        break;
      case 'g':
        units.exponent = 4;
        break;
      case 'h':
        units.human = true;
        break;
      default:
        break;
    }
  }
  units.si = args.has("si");
  // The sandbox's memory is its in-memory filesystem quota.
  uint64_t total_kib = 1 << 20, free_kib = 1 << 20;
  if (auto fs = ctx.fs.vfs().statfs(ctx.fs.caller(), "/"); fs.ok() && fs->blocks > 0) {
    total_kib = fs->blocks * fs->block_size / 1024;
    free_kib = std::min(total_kib, fs->blocks_free * fs->block_size / 1024);
  }
  uint64_t used_kib = total_kib - free_kib;
  bool wide = args.has('w');
  auto cell = [&](uint64_t kib) { return printf_string("%12s", scale_size(kib, units).c_str()); };
  std::string out = wide ? "               total        used        free      shared     buffers"
                           "       cache   available\n"
                         : "               total        used        free      shared  buff/cache"
                           "   available\n";
  out += "Mem:    " + cell(total_kib) + cell(used_kib) + cell(free_kib) + cell(0) + cell(0);
  if (wide) out += cell(0);
  out += cell(free_kib) + "\n";
  out += "Swap:   " + cell(0) + cell(0) + cell(0) + "\n";
  if (args.has('t')) out += "Total:  " + cell(total_kib) + cell(used_kib) + cell(free_kib) + "\n";
  ctx.out() << out;
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// stty

constexpr std::string_view kSttySettings[] = {
    "parenb",  "parodd",   "cmspar",   "cs5",     "cs6",     "cs7",     "cs8",    "hupcl",
    "hup",     "cstopb",   "cread",    "clocal",  "crtscts", "ignbrk",  "brkint", "ignpar",
    "parmrk",  "inpck",    "istrip",   "inlcr",   "igncr",   "icrnl",   "ixon",   "ixoff",
    "tandem",  "iuclc",    "ixany",    "imaxbel", "iutf8",   "opost",   "olcuc",  "ocrnl",
    "onlcr",   "onocr",    "onlret",   "ofill",   "ofdel",   "nl0",     "nl1",    "cr0",
    "cr1",     "cr2",      "cr3",      "tab0",    "tab1",    "tab2",    "tab3",   "bs0",
    "bs1",     "vt0",      "vt1",      "ff0",     "ff1",     "isig",    "icanon", "iexten",
    "echo",    "echoe",    "crterase", "echok",   "echonl",  "noflsh",  "xcase",  "tostop",
    "echoprt", "prterase", "echoctl",  "ctlecho", "echoke",  "crtkill", "flusho", "extproc",
    "evenp",   "parity",   "oddp",     "nl",      "ek",      "sane",    "cooked", "raw",
    "pass8",   "litout",   "cbreak",   "decctlq", "tabs",    "lcase",   "LCASE",  "crt",
    "dec"};
constexpr std::string_view kSttyWithValue[] = {
    "intr",  "quit",   "erase",  "kill",  "eof",    "eol",     "eol2",    "swtch",
    "start", "stop",   "susp",   "rprnt", "werase", "lnext",   "discard", "min",
    "time",  "ispeed", "ospeed", "rows",  "cols",   "columns", "line"};

bool is_stty_setting(std::string_view a) {
  if (!a.empty() && a[0] == '-') a.remove_prefix(1);
  for (std::string_view s : kSttySettings) {
    if (s == a) return true;
  }
  return !a.empty() && a.find_first_not_of("0123456789") == std::string_view::npos;  // a speed
}
bool takes_value(std::string_view a) {
  for (std::string_view s : kSttyWithValue) {
    if (s == a) return true;
  }
  return false;
}

// GNU's wrapf(): items separated by spaces, wrapped before the screen width.
class Wrapper {
 public:
  explicit Wrapper(size_t width) : width_(width) {}
  void add(const std::string& item) {
    if (col_ > 0) {
      if (width_ - col_ <= item.size()) {
        out_ += '\n';
        col_ = 0;
      } else {
        out_ += ' ';
        ++col_;
      }
    }
    out_ += item;
    col_ += item.size();
  }
  void end_line() {
    if (col_ > 0) out_ += '\n';
    col_ = 0;
  }
  const std::string& text() const { return out_; }

 private:
  size_t width_;
  size_t col_ = 0;
  std::string out_;
};

size_t env_number(const Context& ctx, std::string_view name, size_t fallback) {
  std::string_view v = ctx.getenv(name);
  auto n = parse_decimal(v);
  return n && *n > 0 && *n < 100000 ? static_cast<size_t>(*n) : fallback;
}

std::string stty_all(size_t rows, size_t cols) {
  Wrapper w(cols);
  for (const std::string& s : std::vector<std::string>{
           std::string("speed 38400 baud;"), "rows " + std::to_string(rows) + ";",
           "columns " + std::to_string(cols) + ";", std::string("line = 0;")}) {
    w.add(s);
  }
  w.end_line();
  for (const char* s :
       {"intr = ^C;", "quit = ^\\;", "erase = ^?;", "kill = ^U;", "eof = ^D;", "eol = <undef>;",
        "eol2 = <undef>;", "swtch = <undef>;", "start = ^Q;", "stop = ^S;", "susp = ^Z;",
        "rprnt = ^R;", "werase = ^W;", "lnext = ^V;", "discard = ^O;", "min = 1;", "time = 0;"}) {
    w.add(s);
  }
  w.end_line();
  const char* groups[] = {
      "-parenb -parodd -cmspar cs8 -hupcl -cstopb cread -clocal -crtscts",
      "-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff -iuclc "
      "-ixany -imaxbel iutf8",
      "opost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0",
      "isig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt echoctl echoke "
      "-flusho -extproc"};
  for (std::string_view g : groups) {
    size_t pos = 0;
    while (pos < g.size()) {
      size_t sp = g.find(' ', pos);
      if (sp == std::string_view::npos) sp = g.size();
      w.add(std::string(g.substr(pos, sp - pos)));
      pos = sp + 1;
    }
    w.end_line();
  }
  return w.text();
}

int run_stty(Context& ctx, const Args& args) {
  bool all = false, save = false;
  std::string device;
  std::vector<std::string> settings;
  const auto& av = ctx.argv;
  for (size_t i = 1; i < av.size(); ++i) {
    const std::string& a = av[i];
    if (a == "-a" || a == "--all") {
      all = true;
    } else if (a == "-g" || a == "--save") {
      save = true;
    } else if ((a == "-F" || a == "--file") && i + 1 < av.size()) {
      device = av[++i];
    } else if (a.starts_with("--file=")) {
      device = a.substr(7);
    } else if (a.starts_with("-F") && a.size() > 2) {
      device = a.substr(2);
    } else if (takes_value(a)) {
      if (i + 1 >= av.size()) return usage_error(ctx, "missing argument to " + quote(a));
      settings.push_back(a);
      settings.push_back(av[++i]);
    } else if (a == "size" || a == "speed" || is_stty_setting(a)) {
      settings.push_back(a);
    } else {
      return usage_error(ctx, "invalid argument " + quote(a));
    }
  }
  if (all && save) {
    ctx.error("the options for verbose and stty-readable output styles are\nmutually exclusive");
    return kExitFailure;
  }
  bool terminal = false;
  if (device.empty()) {
    StreamPtr in = ctx.in();
    terminal = in != nullptr && in->is_terminal();
  } else {
    // /dev/tty is the controlling terminal: the CLI's, when stdin is it.
    StreamPtr in = ctx.in();
    terminal = device == "/dev/tty" && in != nullptr && in->is_terminal();
    if (auto st = ctx.fs.stat(device); !terminal && !st.ok()) {
      ctx.error_errno(device, st.error());
      return kExitFailure;
    }
  }
  if (!terminal) {
    std::string name = device.empty() ? "'standard input'" : quote_name(device);
    ctx.error(name + ": Inappropriate ioctl for device");
    return kExitFailure;
  }
  size_t rows = env_number(ctx, "LINES", 24), cols = env_number(ctx, "COLUMNS", 80);
  if ((all || save) && !settings.empty()) {
    return usage_error(ctx, "when specifying an output style, modes may not be set");
  }
  if (all) {
    ctx.out() << stty_all(rows, cols);
  } else if (save) {
    ctx.out() << "500:5:bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16"
                 ":0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0\n";
  } else if (settings.empty()) {
    ctx.out() << "speed 38400 baud; line = 0;\n-brkint -imaxbel iutf8\n";
  } else {
    for (const std::string& s : settings) {
      if (s == "size") ctx.out() << std::to_string(rows) + " " + std::to_string(cols) + "\n";
      if (s == "speed") ctx.out() << "38400\n";
    }
  }
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// clear

constexpr OptionSpec kClearOptions[] = {
    {'T', "", ArgKind::Required, "TERM", "use this instead of $TERM"},
    {'V', "", ArgKind::None, "", "print curses-version"},
    {'x', "", ArgKind::None, "", "do not try to clear scrollback"},
};

// What ncurses' terminfo says for `clear` (and E3, the scrollback) on the
// common terminals; nullptr for an unknown name.
struct ClearCaps {
  const char* clear;
  const char* scrollback;
};
const ClearCaps* clear_caps(std::string_view term) {
  static constexpr ClearCaps kXterm{"\x1b[H\x1b[2J", "\x1b[3J"};
  static constexpr ClearCaps kScreen{"\x1b[H\x1b[J", ""};
  static constexpr ClearCaps kTmux{"\x1b[H\x1b[J", "\x1b[3J"};
  static constexpr ClearCaps kRxvt{"\x1b[H\x1b[2J", ""};
  static constexpr ClearCaps kDumb{"", ""};
  auto family = [&](std::string_view base) {
    return term == base || term.starts_with(std::string(base) + "-");
  };
  if (term == "dumb") return &kDumb;
  if (family("xterm") || family("konsole") || family("gnome") || family("vte") || family("putty")) {
    return &kXterm;
  }
  if (family("tmux") || term == "linux") return &kTmux;
  if (family("rxvt")) return &kRxvt;
  if (family("screen") || family("vt100") || family("vt220") || family("vt102") || term == "ansi") {
    return &kScreen;
  }
  return nullptr;
}

int run_clear(Context& ctx, const Args& args) {
  if (args.has('V')) {
    ctx.out() << "ncurses 6.4.20221231\n";
    return kExitSuccess;
  }
  if (!args.operands.empty()) {
    ctx.err() << "Usage: clear [options]\n\nOptions:\n  -T TERM     use this instead of $TERM\n"
                 "  -V          print curses-version\n"
                 "  -x          do not try to clear scrollback\n";
    return kExitFailure;
  }
  const std::string* forced = args.value('T');
  auto from_env = ctx.env.find("TERM");
  if (forced == nullptr && from_env == ctx.env.end()) {
    ctx.err() << "TERM environment variable not set.\n";
    return kExitFailure;
  }
  std::string term = forced != nullptr ? *forced : from_env->second;
  const ClearCaps* caps = clear_caps(term);
  if (caps == nullptr) {
    ctx.err() << "'" << term << "': unknown terminal type.\n";
    return kExitFailure;
  }
  if (*caps->clear == '\0') return kExitFailure;  // no clear capability (dumb)
  ctx.out() << caps->clear;
  if (!args.has('x')) ctx.out() << caps->scrollback;
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// users

int run_users(Context& ctx, const Args& args) {
  if (args.operands.size() > 1) return usage_error(ctx, "extra operand " + quote(args.operands[1]));
  if (args.operands.size() == 1) {
    // An explicit utmp file: the sandbox keeps none, so any file has no logins.
    const std::string& file = args.operands[0];
    if (auto st = ctx.fs.stat(file); !st.ok()) {
      ctx.error_errno(file, st.error());
      return kExitFailure;
    }
    return kExitSuccess;
  }
  // The sandbox session is the one login.
  ctx.out() << sandbox_user(ctx) << '\n';
  return kExitSuccess;
}

// ---------------------------------------------------------------------------
// ps

constexpr int kShellPid = 1000;  // the pid of the sandbox's first shell ($$)
constexpr int kPsPid = 1001;

struct Process {
  int pid, ppid;
  std::string comm, args, stat;
  int pgid = kShellPid;
  int64_t start = 0;  // wall-clock seconds; 0: when the sandbox started
};

// The program name of a job's command text, as its process would be named
// after exec: the first word's basename, or "bash" for a subshell running
// compound commands, functions' bodies or assignments.
std::string job_comm(std::string_view text) {
  size_t end = text.find_first_of(" \t;|&<>");
  std::string_view first = text.substr(0, end);
  static constexpr std::string_view kShellWords[] = {"{",        "(",     "((",    "[[",   "if",
                                                     "for",      "while", "until", "case", "select",
                                                     "function", "!",     "time"};
  bool shell_word = first.empty() || first.find_first_of("=({$`'\"\\") != std::string_view::npos;
  for (std::string_view w : kShellWords) shell_word = shell_word || first == w;
  if (shell_word) return "bash";
  size_t slash = first.rfind('/');
  if (slash != std::string_view::npos) first.remove_prefix(slash + 1);
  return std::string(first.substr(0, 15));  // the kernel keeps 15 bytes of comm
}

struct PsColumn {
  std::string_view name, header;
  int width;  // 0: the rest of the line
  bool left;
};
constexpr PsColumn kPsColumns[] = {
    {"pid", "PID", 5, false},       {"ppid", "PPID", 5, false},
    {"uid", "UID", 5, false},       {"euid", "EUID", 5, false},
    {"user", "USER", 8, true},      {"euser", "EUSER", 8, true},
    {"uname", "USER", 8, true},     {"tty", "TT", 8, true},
    {"tname", "TTY", 8, true},      {"tt", "TT", 8, true},
    {"time", "TIME", 8, false},     {"bsdtime", "TIME", 6, false},
    {"cputime", "TIME", 8, false},  {"etime", "ELAPSED", 11, false},
    {"comm", "COMMAND", 15, true},  {"ucmd", "CMD", 15, true},
    {"ucomm", "COMMAND", 15, true}, {"args", "COMMAND", 0, true},
    {"cmd", "CMD", 0, true},        {"command", "COMMAND", 0, true},
    {"stat", "STAT", 4, true},      {"s", "S", 1, true},
    {"c", "C", 2, false},           {"%cpu", "%CPU", 4, false},
    {"pcpu", "%CPU", 4, false},     {"%mem", "%MEM", 4, false},
    {"pmem", "%MEM", 4, false},     {"vsz", "VSZ", 6, false},
    {"rss", "RSS", 5, false},       {"stime", "STIME", 5, false},
    {"start", "STARTED", 8, false}, {"pgid", "PGID", 5, false},
    {"sid", "SID", 5, false},       {"nlwp", "NLWP", 4, false},
};

struct PsField {
  const PsColumn* column;
  std::string header;
};

const PsColumn* find_column(std::string_view name) {
  for (const PsColumn& c : kPsColumns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

int ps_usage(Context& ctx, std::string_view message) {
  ctx.err() << "error: " << message
            << "\n\nUsage:\n ps [options]\n\n"
               " Try 'ps --help <simple|list|output|threads|misc|all>'\n"
               "  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\n"
               "For more details see ps(1).\n";
  return kExitFailure;
}

// Adds "-o" items to `fields`; false (after printing the error) on an unknown one.
bool parse_format(Context& ctx, std::string_view spec, std::vector<PsField>& fields) {
  while (!spec.empty()) {
    size_t cut = spec.find_first_of(",= ");
    std::string_view name = spec.substr(0, cut);
    std::string header;
    bool has_header = false;
    if (cut != std::string_view::npos && spec[cut] == '=') {
      header = std::string(spec.substr(cut + 1));  // the rest of the item, commas too
      has_header = true;
      spec = {};
    } else {
      spec = cut == std::string_view::npos ? std::string_view() : spec.substr(cut + 1);
    }
    std::string lower(name);
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const PsColumn* col = find_column(lower);
    if (col == nullptr) {
      if (name.empty()) continue;
      ps_usage(ctx, "unknown user-defined format specifier \"" + std::string(name) + "\"");
      return false;
    }
    fields.push_back({col, has_header ? header : std::string(col->header)});
  }
  return true;
}

std::vector<PsField> named_format(std::initializer_list<std::string_view> names) {
  std::vector<PsField> f;
  for (std::string_view n : names) {
    const PsColumn* c = find_column(n);
    f.push_back({c, std::string(c->header)});
  }
  return f;
}

struct PsRequest {
  std::vector<PsField> fields;
  std::vector<int> pids;
  std::vector<std::string> users;
  bool full = false, bsd_user = false, bsd_x = false;
};

bool split_list(std::string_view list, std::vector<std::string>& out) {
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t cut = list.find_first_of(", ", pos);
    if (cut == std::string_view::npos) cut = list.size();
    if (cut > pos) out.emplace_back(list.substr(pos, cut - pos));
    pos = cut + 1;
  }
  return !out.empty();
}

bool add_pids(Context& ctx, std::string_view list, PsRequest& req) {
  std::vector<std::string> items;
  if (!split_list(list, items)) return ps_usage(ctx, "list of process IDs must follow -p"), false;
  for (const std::string& s : items) {
    auto n = parse_decimal(s);
    if (!n || *n == 0 || *n > 0x7fffffff) {
      ps_usage(ctx, "process ID list syntax error");
      return false;
    }
    req.pids.push_back(static_cast<int>(*n));
  }
  return true;
}

// procps' command line: UNIX options after '-', BSD letters without, GNU long options.
bool parse_ps_args(Context& ctx, PsRequest& req) {
  const auto& av = ctx.argv;
  // The value of -o/-p/-u: the rest of this argument, else the next one.
  auto value_after = [&](size_t& i, const std::string& a, size_t at) -> std::optional<std::string> {
    if (at < a.size()) return a.substr(at);
    if (i + 1 < av.size()) return av[++i];
    return std::nullopt;
  };
  for (size_t i = 1; i < av.size(); ++i) {
    const std::string& a = av[i];
    if (a.starts_with("--")) {
      size_t eq = a.find('=');
      std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      std::string value;
      if (eq != std::string::npos) {
        value = a.substr(eq + 1);
      } else if ((name == "pid" || name == "user" || name == "format") && i + 1 < av.size()) {
        value = av[++i];
      }
      if (name == "pid") {
        if (!add_pids(ctx, value, req)) return false;
      } else if (name == "user") {
        if (!split_list(value, req.users)) return ps_usage(ctx, "user name does not exist"), false;
      } else if (name == "format") {
        if (!parse_format(ctx, value, req.fields)) return false;
      } else if (name != "no-headers" && name != "headers" && name != "cols" && name != "columns" &&
                 name != "width") {
        return ps_usage(ctx, "unknown gnu long option"), false;
      }
      continue;
    }
    bool unix_style = a.starts_with("-");
    if (!unix_style && !a.empty() && std::isdigit(static_cast<unsigned char>(a[0]))) {
      if (!add_pids(ctx, a, req)) return false;
      continue;
    }
    for (size_t k = unix_style ? 1 : 0; k < a.size(); ++k) {
      char c = a[k];
      if (unix_style) {
        switch (c) {
          case 'e':
          case 'A':
          case 'a':
          case 'd':
          case 'N':
          case 'x':
          case 'w':
          case 'H':
            continue;
          case 'f':
            req.full = true;
            continue;
          case 'o':
          case 'p':
          case 'u':
          case 'U': {
            std::optional<std::string> v = value_after(i, a, k + 1);
            if (!v) {
              return ps_usage(ctx, c == 'o'   ? "format specification must follow -o"
                                   : c == 'p' ? "list of process IDs must follow -p"
                                              : "list of users must follow -u"),
                     false;
            }
            std::string value = *v;
            if (c == 'o') {
              if (!parse_format(ctx, value, req.fields)) return false;
            } else if (c == 'p') {
              if (!add_pids(ctx, value, req)) return false;
            } else {
              split_list(value, req.users);
            }
            k = a.size();
            break;
          }
          default:
            return ps_usage(ctx, "unsupported SysV option"), false;
        }
      } else {
        switch (c) {
          case 'a':
          case 'e':
          case 'w':
          case 'f':
          case 'h':
          case 'r':
          case 'c':
            continue;
          case 'x':
            req.bsd_x = true;
            continue;
          case 'u':
            req.bsd_user = true;
            continue;
          case 'o': {
            std::optional<std::string> v = value_after(i, a, k + 1);
            if (!v) return ps_usage(ctx, "format specification must follow o"), false;
            std::string value = *v;
            if (!parse_format(ctx, value, req.fields)) return false;
            k = a.size();
            break;
          }
          default:
            return ps_usage(ctx, "unsupported option (BSD syntax)"), false;
        }
      }
    }
  }
  return true;
}

std::string join_argv(const std::vector<std::string>& argv) {
  std::string s;
  for (const std::string& a : argv) {
    if (!s.empty()) s += ' ';
    s += a;
  }
  return s;
}

std::string ps_cell(const Context& ctx, const PsColumn& col, const Process& p) {
  std::string_view n = col.name;
  uint32_t uid = ctx.fs.caller().cred.uid;
  if (n == "pid") return std::to_string(p.pid);
  if (n == "ppid") return std::to_string(p.ppid);
  if (n == "uid" || n == "euid") return std::to_string(uid);
  if (n == "user" || n == "euser" || n == "uname") return sandbox_user(ctx);
  if (n == "tty" || n == "tname" || n == "tt") {
    StreamPtr in = ctx.in();
    return in != nullptr && in->is_terminal() ? "pts/0" : "?";
  }
  if (n == "time" || n == "cputime") return "00:00:00";
  if (n == "bsdtime") return "0:00";
  if (n == "etime") {
    int64_t up = p.start > 0          ? std::max<int64_t>(0, now_epoch() - p.start)
                 : p.pid == kShellPid ? seconds_up()
                                      : 0;
    int64_t d = up / 86400, h = up / 3600 % 24, m = up / 60 % 60, s = up % 60;
    if (d > 0) return printf_string("%d-%02d:%02d:%02d", int(d), int(h), int(m), int(s));
    if (h > 0) return printf_string("%02d:%02d:%02d", int(h), int(m), int(s));
    return printf_string("%02d:%02d", int(m), int(s));
  }
  if (n == "comm" || n == "ucmd" || n == "ucomm") return p.comm;
  if (n == "args" || n == "cmd" || n == "command") return p.args;
  if (n == "stat") return p.stat;
  if (n == "s") return p.stat.substr(0, 1);
  if (n == "c" || n == "vsz" || n == "rss") return "0";
  if (n == "%cpu" || n == "pcpu" || n == "%mem" || n == "pmem") return "0.0";
  int64_t started = p.start > 0 ? p.start : start_epoch();
  if (n == "stime") return strftime_local(ctx, started, "%H:%M");
  if (n == "start") return strftime_local(ctx, started, "%H:%M:%S");
  if (n == "pgid") return std::to_string(p.pgid);
  if (n == "sid") return std::to_string(kShellPid);
  if (n == "nlwp") return "1";
  return "-";
}

std::string ps_line(const std::vector<PsField>& fields, auto&& text_of) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    const PsColumn& col = *fields[i].column;
    std::string text = text_of(i);
    if (i > 0) line += ' ';
    size_t width = static_cast<size_t>(col.width);
    if (col.width == 0 || text.size() >= width) {
      line += text;
    } else if (col.left) {
      line += text + std::string(width - text.size(), ' ');
    } else {
      line += std::string(width - text.size(), ' ') + text;
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + '\n';
}

// The shell, its running jobs (from the executor, when it tracks them) and
// ps itself, by pid.
std::vector<Process> session_processes(const Context& ctx) {
  bool tty = ctx.in() != nullptr && ctx.in()->is_terminal();
  std::vector<ProcessInfo> listed;
  int ps_pid = kPsPid;
  if (ctx.executor != nullptr) {
    listed = ctx.executor->list_processes();
    ps_pid = std::max<int64_t>(ps_pid, ctx.executor->next_pid());
  }
  std::vector<Process> all;
  for (const ProcessInfo& info : listed) {
    int pid = static_cast<int>(info.pid);
    if (pid == kShellPid) {
      all.push_back({kShellPid, 1, "bash", "bash", "Ss", kShellPid, 0});
    } else {
      // A background job is in its own process group, like under job control.
      all.push_back({pid, static_cast<int>(info.ppid), job_comm(info.command), info.command, "S",
                     pid, info.start_epoch});
    }
    ps_pid = std::max(ps_pid, pid + 1);
  }
  if (all.empty() || all.front().pid != kShellPid)
    all.insert(all.begin(), {kShellPid, 1, "bash", "bash", "Ss", kShellPid, 0});
  all.push_back({ps_pid, kShellPid, "ps", join_argv(ctx.argv), tty ? "R+" : "R", ps_pid, 0});
  return all;
}

int run_ps(Context& ctx, const Args&) {
  PsRequest req;
  if (!parse_ps_args(ctx, req)) return kExitFailure;
  std::vector<PsField> fields = req.fields;
  if (fields.empty()) {
    if (req.bsd_user) {
      fields = named_format({"user", "pid", "%cpu", "%mem", "vsz", "rss", "tty", "stat", "start",
                             "bsdtime", "command"});
      fields[6].header = "TTY";
      fields[8].header = "START";
      fields[8].column = find_column("stime");
    } else if (req.bsd_x) {
      fields = named_format({"pid", "tty", "stat", "bsdtime", "command"});
      fields[1].header = "TTY";
    } else if (req.full) {
      fields = named_format({"user", "pid", "ppid", "c", "stime", "tname", "time", "cmd"});
      fields[0].header = "UID";
    } else {
      fields = named_format({"pid", "tname", "time", "cmd"});
      fields[3].column = find_column("ucmd");
      fields[3].header = "CMD";
    }
  }
  std::vector<Process> all = session_processes(ctx);
  std::string me = sandbox_user(ctx), my_uid = std::to_string(ctx.fs.caller().cred.uid);
  std::string out;
  bool any_header = false;
  for (const PsField& f : fields) any_header = any_header || !f.header.empty();
  if (any_header) out += ps_line(fields, [&](size_t i) { return fields[i].header; });
  int shown = 0;
  for (const Process& p : all) {
    if (!req.pids.empty() && std::find(req.pids.begin(), req.pids.end(), p.pid) == req.pids.end())
      continue;
    if (!req.users.empty() &&
        std::find(req.users.begin(), req.users.end(), me) == req.users.end() &&
        std::find(req.users.begin(), req.users.end(), my_uid) == req.users.end())
      continue;
    out += ps_line(fields, [&](size_t i) {
      std::string text = ps_cell(ctx, *fields[i].column, p);
      return text;
    });
    ++shown;
  }
  ctx.out() << out;
  return shown > 0 ? kExitSuccess : kExitFailure;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(uptime, {
                          .name = "uptime",
                          .usage = "uptime [options]",
                          .summary = "Tell how long the sandbox has been running.",
                          .options = kUptimeOptions,
                          .main = run_uptime,
                      });
KEFKA_COMMAND(free, {
                        .name = "free",
                        .usage = "free [options]",
                        .summary = "Display the amount of free and used memory of the sandbox "
                                   "(its in-memory\nfilesystem quota).",
                        .options = kFreeOptions,
                        .main = run_free,
                    });
KEFKA_COMMAND(stty, {
                        .name = "stty",
                        .usage = "stty [-F DEVICE | --file=DEVICE] [SETTING]...\n"
                                 "stty [-F DEVICE | --file=DEVICE] [-a|--all]\n"
                                 "stty [-F DEVICE | --file=DEVICE] [-g|--save]",
                        .summary = "Print or change terminal characteristics (settings are "
                                   "accepted and have no effect\nin the sandbox).",
                        .main = run_stty,
                        .flags = kRawArguments,
                    });
KEFKA_COMMAND(clear, {
                         .name = "clear",
                         .usage = "clear [options]",
                         .summary = "Clear the terminal screen.",
                         .options = kClearOptions,
                         .main = run_clear,
                     });
KEFKA_COMMAND(users, {
                         .name = "users",
                         .usage = "users [OPTION]... [FILE]",
                         .summary = "Output who is currently logged in to the sandbox: its user.",
                         .main = run_users,
                     });
KEFKA_COMMAND(ps, {
                      .name = "ps",
                      .usage = "ps [options]",
                      .summary = "Report a snapshot of the sandbox's processes: the shell, its "
                                 "background jobs\nand coprocesses, and ps itself.",
                      .main = run_ps,
                      .flags = kRawArguments,
                  });

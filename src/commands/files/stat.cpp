// stat: display file or file system status, GNU coreutils 9.1 behaviour.
// Default, -t (terse), -c/--format (newline added) and --printf (escapes, no
// newline) with GNU's directives and printf-style flags/width/precision.
// Deviations: no birth time ("-" / 0), no SELinux context ("?"), times in UTC.
#include <sys/sysmacros.h>

#include <cinttypes>
#include <cstring>

#include "commands/common/escape.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'L', "dereference", ArgKind::None, "", "follow links"},
    {'f', "file-system", ArgKind::None, "", "display file system status instead of file status"},
    {0, "cached", ArgKind::Required, "MODE", "specify how to use cached attributes"},
    {'c', "format", ArgKind::Required, "FORMAT", "use the specified FORMAT instead of the default"},
    {0, "printf", ArgKind::Required, "FORMAT",
     "like --format, but interpret backslash escapes, and do not output a mandatory trailing "
     "newline"},
    {'t', "terse", ArgKind::None, "", "print the information in terse form"},
};

constexpr std::string_view kDefaultFormat =
    "  File: %N\n"
    "  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n";
constexpr std::string_view kDefaultTail =
    "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
    "Access: %x\n"
    "Modify: %y\n"
    "Change: %z\n"
    " Birth: %w\n";
constexpr std::string_view kTerseFormat = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n";
constexpr std::string_view kFsDefault =
    "  File: \"%n\"\n"
    "    ID: %-8i Namelen: %-7l Type: %T\n"
    "Block size: %-10s Fundamental block size: %S\n"
    "Blocks: Total: %-10b Free: %-10f Available: %a\n"
    "Inodes: Total: %-10c Free: %d\n";
constexpr std::string_view kFsTerse = "%n %i %l %t %s %S %b %f %a %c %d\n";

// One --printf backslash escape at format[i] (the backslash), decoded as GNU
// stat does while it prints each file: \NNN octal, \xH[H] hex, the C
// letters, \e \\ \"; any other letter prints itself after a warning, and a
// trailing backslash prints itself after another. Leaves i on its last byte.
void append_escape(Context& ctx, std::string_view format, size_t& i, std::string& out) {
  if (i + 1 == format.size()) {
    ctx.error("warning: backslash at end of format");
    out += '\\';
    return;
  }
  char c = format[++i];
  size_t digits = i;
  int value = read_escape_digits(format, &digits, 8, 3);
  if (value < 0 && c == 'x') {
    digits = i + 1;
    value = read_escape_digits(format, &digits, 16, 2);
  }
  if (value >= 0) {
    out += static_cast<char>(value);
    i = digits - 1;
    return;
  }
  value = c_escape_value(c);
  if (value < 0 && c == 'e') value = 0x1b;
  if (value < 0 && (c == '\\' || c == '"')) value = static_cast<unsigned char>(c);
  if (value < 0) {
    ctx.error(std::string("warning: unrecognized escape '\\") + c + "'");
    value = static_cast<unsigned char>(c);
  }
  out += static_cast<char>(value);
}

class Formatter {
 public:
  Formatter(Context& ctx, const std::string& name, const vfs::Stat& st, const UserDb& users,
            const TimeZone& zone)
      : ctx_(ctx), name_(name), st_(st), users_(users), zone_(zone) {}

  // `escapes`: --printf, whose backslash escapes are decoded as they print.
  std::string expand(std::string_view format, bool escapes = false);

 private:
  std::string directive(char conv, char modifier, const std::string& spec, bool& numeric_done);
  std::string time_directive(const timespec& t, bool seconds, const std::string& spec);

  Context& ctx_;
  const std::string& name_;
  const vfs::Stat& st_;
  const UserDb& users_;
  const TimeZone& zone_;
};

std::string apply_string_spec(const std::string& spec, const std::string& value) {
  // spec is "%[flags][width][.prec]"; drop numeric-only flags for strings.
  std::string fmt;
  for (char c : spec) {
    if (c == '#' || c == '0' || c == '+' || c == ' ' || c == '\'') {
      if (fmt.size() <= 1) continue;
    }
    fmt += c;
  }
  fmt += 's';
  int n = snprintf(nullptr, 0, fmt.c_str(), value.c_str());
  std::string out(static_cast<size_t>(n) + 1, '\0');
  snprintf(out.data(), out.size(), fmt.c_str(), value.c_str());
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string apply_unsigned(const std::string& spec, uint64_t v, char conv = 'u') {
  std::string fmt = spec + "j" + conv;
  char buf[128];
  snprintf(buf, sizeof buf, fmt.c_str(), static_cast<uintmax_t>(v));
  return buf;
}

std::string apply_signed(const std::string& spec, int64_t v) {
  std::string fmt = spec + "jd";
  char buf[128];
  snprintf(buf, sizeof buf, fmt.c_str(), static_cast<intmax_t>(v));
  return buf;
}

std::string Formatter::time_directive(const timespec& t, bool seconds, const std::string& spec) {
  if (!seconds) return apply_string_spec(spec, format_time("%Y-%m-%d %H:%M:%S.%N %z", t, zone_));
  // %X with a precision prints fractional seconds like GNU.
  size_t dot = spec.find('.');
  if (dot == std::string::npos) return apply_signed(spec, t.tv_sec);
  int prec = spec.size() > dot + 1 ? std::atoi(spec.c_str() + dot + 1) : 0;
  std::string width_spec = spec.substr(0, dot);
  if (prec == 0) return apply_signed(width_spec, t.tv_sec);
  if (prec > 9) prec = 9;
  char frac[16];
  snprintf(frac, sizeof frac, "%09ld", static_cast<long>(t.tv_nsec));
  std::string value = std::to_string(t.tv_sec) + "." + std::string(frac, static_cast<size_t>(prec));
  return apply_string_spec(width_spec, value);
}

std::string Formatter::directive(char conv, char modifier, const std::string& spec, bool& known) {
  known = true;
  const vfs::Stat& st = st_;
  switch (conv) {
    case 'a':
      return apply_unsigned(spec, st.mode & 07777, 'o');
    case 'A':
      return apply_string_spec(spec, mode_string(st.mode));
    case 'b':
      return apply_unsigned(spec, st.blocks);
    case 'B':
      return apply_unsigned(spec, 512);
    case 'C':
      return apply_string_spec(spec, "?");
    case 'd':
      if (modifier == 'H') return apply_unsigned(spec, major(st.dev));
      if (modifier == 'L') return apply_unsigned(spec, minor(st.dev));
      return apply_unsigned(spec, st.dev);
    case 'D':
      return apply_unsigned(spec, st.dev, 'x');
    case 'f':
      return apply_unsigned(spec, st.mode, 'x');
    case 'F':
      return apply_string_spec(spec, std::string(file_type_name(st.mode, st.size)));
    case 'g':
      return apply_unsigned(spec, st.gid);
    case 'G':
      return apply_string_spec(spec, users_.group_name(st.gid).value_or("UNKNOWN"));
    case 'h':
      return apply_unsigned(spec, st.nlink);
    case 'i':
      return apply_unsigned(spec, st.ino);
    case 'm': {
      std::string best = "/";
      auto real = ctx_.fs.realpath(name_);
      if (real.ok()) {
        for (const vfs::MountInfo& m : ctx_.fs.vfs().mounts()) {
          bool inside = *real == m.path || m.path == "/" ||
                        (real->starts_with(m.path) && (*real)[m.path.size()] == '/');
          if (inside && m.path.size() >= best.size()) best = m.path;
        }
      }
      return apply_string_spec(spec, best);
    }
    case 'n':
      return apply_string_spec(spec, name_);
    case 'N': {
      std::string text = quote(ctx_, name_);
      if (S_ISLNK(st.mode)) {
        auto target = ctx_.fs.readlink(name_);
        if (target.ok()) text += " -> " + quote(ctx_, *target);
      }
      return apply_string_spec(spec, text);
    }
    case 'o':
      return apply_unsigned(spec, st.blksize);
    case 's':
      return apply_unsigned(spec, st.size);
    case 'r':
      if (modifier == 'H') return apply_unsigned(spec, major(st.rdev));
      if (modifier == 'L') return apply_unsigned(spec, minor(st.rdev));
      return apply_unsigned(spec, st.rdev);
    case 'R':
      return apply_unsigned(spec, st.rdev, 'x');
    case 't':
      return apply_unsigned(spec, major(st.rdev), 'x');
    case 'T':
      return apply_unsigned(spec, minor(st.rdev), 'x');
    case 'u':
      return apply_unsigned(spec, st.uid);
    case 'U':
      return apply_string_spec(spec, users_.user_name(st.uid).value_or("UNKNOWN"));
    case 'w':
      return apply_string_spec(spec, "-");
    case 'W':
      return apply_signed(spec, 0);
    case 'x':
      return time_directive(st.atime, false, spec);
    case 'X':
      return time_directive(st.atime, true, spec);
    case 'y':
      return time_directive(st.mtime, false, spec);
    case 'Y':
      return time_directive(st.mtime, true, spec);
    case 'z':
      return time_directive(st.ctime, false, spec);
    case 'Z':
      return time_directive(st.ctime, true, spec);
    default:
      known = false;
      return "";
  }
}

std::string Formatter::expand(std::string_view format, bool escapes) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (escapes && format[i] == '\\') {
      append_escape(ctx_, format, i, out);
      continue;
    }
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    size_t start = i++;
    std::string spec = "%";
    while (i < format.size() && std::strchr("-#0+ '", format[i])) spec += format[i++];
    while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
      spec += format[i++];
    }
    if (i < format.size() && format[i] == '.') {
      spec += format[i++];
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
        spec += format[i++];
      }
    }
    if (i >= format.size()) {
      out.append(format.substr(start));
      break;
    }
    char modifier = 0;
    if ((format[i] == 'H' || format[i] == 'L') && i + 1 < format.size() &&
        std::strchr("dr", format[i + 1])) {
      modifier = format[i++];
    }
    char conv = format[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    bool known = false;
    std::string text = directive(conv, modifier, spec, known);
    if (known) {
      out += text;
    } else {
      out.append(format.substr(start, i - start + 1));
    }
  }
  return out;
}

std::string fs_directive(char conv, const std::string& spec, const std::string& name,
                         const vfs::StatFs& fs) {
  switch (conv) {
    case 'a':
      return apply_unsigned(spec, fs.blocks_free);
    case 'b':
      return apply_unsigned(spec, fs.blocks);
    case 'c':
      return apply_unsigned(spec, fs.files);
    case 'd':
      return apply_unsigned(spec, fs.files_free);
    case 'f':
      return apply_unsigned(spec, fs.blocks_free);
    case 'i':
      return apply_unsigned(spec, 0, 'x');
    case 'l':
      return apply_unsigned(spec, fs.name_max);
    case 'n':
      return apply_string_spec(spec, name);
    case 's':  // optimal transfer size: the fundamental block size here
    case 'S':
      return apply_unsigned(spec, fs.block_size);
    case 't':
      return apply_unsigned(spec, 0x01021994, 'x');
    case 'T':
      return apply_string_spec(spec, "tmpfs");
    default:
      return "%" + std::string(1, conv);
  }
}

std::string expand_fs(Context& ctx, std::string_view format, bool escapes, const std::string& name,
                      const vfs::StatFs& fs) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (escapes && format[i] == '\\') {
      append_escape(ctx, format, i, out);
      continue;
    }
    if (format[i] != '%' || i + 1 >= format.size()) {
      out += format[i];
      continue;
    }
    std::string spec = "%";
    ++i;
    while (i < format.size() && std::strchr("-#0+ '.0123456789", format[i])) spec += format[i++];
    if (i >= format.size()) break;
    if (format[i] == '%') {
      out += '%';
      continue;
    }
    out += fs_directive(format[i], spec, name, fs);
  }
  return out;
}

int run_stat(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  bool follow = args.has('L');
  bool file_system = args.has('f');
  std::optional<std::string> format;
  bool escapes = false;  // --printf: escapes are decoded per file, with warnings
  // The later of -c and --printf wins.
  for (const auto& o : args.options) {
    if (o.spec->short_name == 'c') {
      format = o.value + "\n";
      escapes = false;
    }
    if (o.spec->long_name == "printf") {
      format = o.value;
      escapes = true;
    }
  }
  UserDb users(ctx.fs);
  TimeZone zone = TimeZone::from_env(ctx);
  int status = kExitSuccess;
  for (const std::string& name : args.operands) {
    ctx.budget.check();
    if (file_system) {
      auto fs = ctx.fs.vfs().statfs(ctx.fs.caller(), name);
      if (!fs.ok()) {
        fail(ctx, "cannot read file system information for " + quote(ctx, name), fs.error());
        status = kExitFailure;
        continue;
      }
      std::string_view fmt = format          ? std::string_view(*format)
                             : args.has('t') ? kFsTerse
                                             : kFsDefault;
      ctx.out() << expand_fs(ctx, fmt, format && escapes, name, *fs);
      continue;
    }
    auto st = follow ? ctx.fs.stat(name) : ctx.fs.lstat(name);
    if (!st.ok()) {
      fail(ctx, "cannot statx " + quote(ctx, name), st.error());
      status = kExitFailure;
      continue;
    }
    Formatter f(ctx, name, *st, users, zone);
    if (format) {
      ctx.out() << f.expand(*format, escapes);
    } else if (args.has('t')) {
      ctx.out() << f.expand(kTerseFormat);
    } else {
      std::string head = "  File: " + name;
      if (S_ISLNK(st->mode)) {
        auto target = ctx.fs.readlink(name);
        if (target.ok()) head += " -> " + *target;
      }
      ctx.out() << head << '\n' << f.expand(kDefaultFormat.substr(kDefaultFormat.find('\n') + 1));
      bool device_file = S_ISCHR(st->mode) || S_ISBLK(st->mode);
      std::string device =
          f.expand(device_file ? "Device: %Hd,%Ld\tInode: %-10i  Links: %-5h Device type: %Hr,%Lr"
                               : "Device: %Hd,%Ld\tInode: %-10i  Links: %h");
      ctx.out() << device << '\n' << f.expand(kDefaultTail);
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(stat, {
                        .name = "stat",
                        .usage = "stat [OPTION]... FILE...",
                        .summary = "Display file or file system status.",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_stat,
                    });

#include "commands/files/file_util.h"

#include <fcntl.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <span>

namespace kefka::cmd::files {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length (0 if invalid) and
// the code point.
size_t utf8_sequence(std::string_view s, size_t i, char32_t* cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1f) : len == 3 ? (b & 0x0f) : (b & 0x07);
  for (size_t k = 1; k < len; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xc0) != 0x80) return 0;
    c = (c << 6) | (cont & 0x3f);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  *cp = c;
  return len;
}

// iswprint() of glibc's C.UTF-8 for the code points that matter in names.
bool printable_code_point(char32_t c) {
  if (c < 0x20 || c == 0x7f) return false;
  if (c >= 0x80 && c < 0xa0) return false;
  if (c == 0x2028 || c == 0x2029) return false;
  return true;
}

char escape_letter(unsigned char c) {
  switch (c) {
    case '\a':
      return 'a';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    case '\v':
      return 'v';
    default:
      return 0;
  }
}

void append_octal(std::string& out, unsigned char c) {
  out += '\\';
  out += static_cast<char>('0' + ((c >> 6) & 7));
  out += static_cast<char>('0' + ((c >> 3) & 7));
  out += static_cast<char>('0' + (c & 7));
}

// Whether an ASCII character may appear unchanged both inside '...' and "..."
// (gnulib's c_and_shell_quote_compat).
bool compat_ascii(unsigned char c, size_t index, size_t size) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '%':
    case '+':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case ']':
    case '_':
    case ' ':
    case '\'':
      return true;
    case '{':
    case '}':
      return size == 1;
    case '#':
    case '~':
      return index == 0;
    default:
      return false;
  }
}

// One pass of gnulib's shell-escape-always quoting; `pending` carries the
// "inside $'...'" state between passes exactly like gnulib does.
std::string shell_quote_pass(std::string_view s, bool utf8, bool& pending, bool& saw_quote,
                             bool& all_compat) {
  std::string out = "'";
  auto start_escape = [&] {
    if (!pending) {
      out += "'$'";
      pending = true;
    }
  };
  auto end_escape = [&] {
    if (pending) {
      out += "''";
      pending = false;
    }
  };
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      char32_t cp;
      size_t len = utf8 ? utf8_sequence(s, i, &cp) : 0;
      if (len > 0 && printable_code_point(cp)) {
        end_escape();
        out.append(s.substr(i, len));
        i += len;
        continue;
      }
      all_compat = false;
      size_t n = len > 0 ? len : 1;
      for (size_t k = 0; k < n; ++k) {
        start_escape();
        append_octal(out, static_cast<unsigned char>(s[i + k]));
      }
      i += n;
      continue;
    }
    if (!compat_ascii(c, i, s.size())) all_compat = false;
    if (c < 0x20 || c == 0x7f) {
      start_escape();
      if (char letter = escape_letter(c)) {
        out += '\\';
        out += letter;
      } else {
        append_octal(out, c);
      }
    } else if (c == '\'') {
      saw_quote = true;
      out += "'\\'";
      end_escape();
      out += '\'';
    } else {
      end_escape();
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '\'';
  return out;
}

}  // namespace

bool utf8_locale(const Context& ctx) {
  std::string_view loc = ctx.getenv("LC_ALL");
  if (loc.empty()) loc = ctx.getenv("LC_CTYPE");
  if (loc.empty()) loc = ctx.getenv("LANG");
  std::string lower;
  for (char c : loc) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

std::string quote(std::string_view name, bool utf8) {
  bool pending = false, saw_quote = false, all_compat = true;
  std::string out = shell_quote_pass(name, utf8, pending, saw_quote, all_compat);
  if (!saw_quote) return out;
  if (all_compat) return "\"" + std::string(name) + "\"";
  // gnulib rescans with its escape state left over from the first pass.
  bool ignored_quote = false, ignored_compat = true;
  return shell_quote_pass(name, utf8, pending, ignored_quote, ignored_compat);
}

std::string quote_if_needed(std::string_view name, bool utf8) {
  if (name.empty()) return quote(name, utf8);
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x80) {
      char32_t cp;
      size_t len = utf8 ? utf8_sequence(name, i, &cp) : 0;
      if (len == 0 || !printable_code_point(cp)) return quote(name, utf8);
      i += len - 1;
      continue;
    }
    if (std::isalnum(c) || std::strchr("%+,-./:=@_^", c) != nullptr) {
      if ((c == '~' || c == '#') && i == 0) return quote(name, utf8);
      continue;
    }
    return quote(name, utf8);
  }
  return std::string(name);
}

std::string quote_value(std::string_view value, bool utf8) {
  std::string out = utf8 ? "\xe2\x80\x98" : "'";
  for (size_t i = 0; i < value.size();) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) {
      char32_t cp;
      size_t len = utf8 ? utf8_sequence(value, i, &cp) : 0;
      if (len > 0 && printable_code_point(cp)) {
        out.append(value.substr(i, len));
        i += len;
      } else {
        append_octal(out, c);
        ++i;
      }
      continue;
    }
    if (c == '\\' || (c == '\'' && !utf8)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      if (char letter = escape_letter(c)) {
        out += '\\';
        out += letter;
      } else {
        append_octal(out, c);
      }
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += utf8 ? "\xe2\x80\x99" : "'";
  return out;
}

std::string c_escape(std::string_view s, bool utf8) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      char32_t cp;
      size_t len = utf8 ? utf8_sequence(s, i, &cp) : 0;
      if (len > 0 && printable_code_point(cp)) {
        out.append(s.substr(i, len));
        i += len - 1;
      } else {
        append_octal(out, c);
      }
      continue;
    }
    if (c == '\\') {
      out += "\\\\";
    } else if (char letter = escape_letter(c)) {
      out += '\\';
      out += letter;
    } else if (c < 0x20 || c == 0x7f) {
      append_octal(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void try_help(Context& ctx) {
  ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
}

void invalid_argument(Context& ctx, std::string_view value, std::string_view option,
                      std::initializer_list<std::string_view> groups) {
  ctx.error("invalid argument " + quote_value(ctx, value) + " for " + quote_value(ctx, option));
  ctx.err() << "Valid arguments are:\n";
  for (std::string_view group : groups) {
    ctx.err() << "  - ";
    bool first = true;
    while (!group.empty()) {
      size_t bar = group.find('|');
      if (!first) ctx.err() << ", ";
      first = false;
      ctx.err() << quote_value(ctx, group.substr(0, bar));
      if (bar == std::string_view::npos) break;
      group.remove_prefix(bar + 1);
    }
    ctx.err() << "\n";
  }
  try_help(ctx);
}

void fail(Context& ctx, std::string_view what, int err) {
  std::string msg(what);
  msg += ": ";
  msg += std::strerror(err);
  ctx.error(msg);
}

std::string mode_string(uint32_t mode) {
  std::string s(10, '-');
  switch (mode & S_IFMT) {
    case S_IFDIR:
      s[0] = 'd';
      break;
    case S_IFLNK:
      s[0] = 'l';
      break;
    case S_IFCHR:
      s[0] = 'c';
      break;
    case S_IFBLK:
      s[0] = 'b';
      break;
    case S_IFIFO:
      s[0] = 'p';
      break;
    case S_IFSOCK:
      s[0] = 's';
      break;
    default:
      break;
  }
  static constexpr char kRwx[] = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i) {
    if (mode & (0400u >> i)) s[1 + i] = kRwx[i];
  }
  if (mode & S_ISUID) s[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID) s[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX) s[9] = (mode & S_IXOTH) ? 't' : 'T';
  return s;
}

std::string_view file_type_name(uint32_t mode, uint64_t size) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return size == 0 ? "regular empty file" : "regular file";
    case S_IFDIR:
      return "directory";
    case S_IFLNK:
      return "symbolic link";
    case S_IFCHR:
      return "character special file";
    case S_IFBLK:
      return "block special file";
    case S_IFIFO:
      return "fifo";
    case S_IFSOCK:
      return "socket";
    default:
      return "weird file";
  }
}

// ---------------------------------------------------------------------------
// UserDb

namespace {

std::vector<std::string_view> split_colon(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    size_t colon = line.find(':', start);
    fields.push_back(
        line.substr(start, colon == std::string_view::npos ? line.npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return fields;
}

std::optional<uint32_t> parse_u32(std::string_view s) {
  uint32_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

template <typename Fn>
void for_each_line(const vfs::FsView& fs, std::string_view path, Fn fn) {
  auto text = fs.read_file(path, 16 << 20);
  if (!text.ok()) return;
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    fn(split_colon(rest.substr(0, nl)));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
}

}  // namespace

UserDb::UserDb(const vfs::FsView& fs) {
  for_each_line(fs, "/etc/passwd", [&](const std::vector<std::string_view>& f) {
    if (f.size() < 4) return;
    auto uid = parse_u32(f[2]);
    if (!uid) return;
    users_.emplace(*uid, std::string(f[0]));
    user_ids_.emplace(std::string(f[0]), *uid);
    if (auto gid = parse_u32(f[3])) primary_gid_.emplace(*uid, *gid);
  });
  for_each_line(fs, "/etc/group", [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    auto gid = parse_u32(f[2]);
    if (!gid) return;
    groups_.emplace(*gid, std::string(f[0]));
    group_ids_.emplace(std::string(f[0]), *gid);
  });
}

std::optional<std::string> UserDb::user_name(uint32_t uid) const {
  auto it = users_.find(uid);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}
std::optional<std::string> UserDb::group_name(uint32_t gid) const {
  auto it = groups_.find(gid);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}
std::optional<uint32_t> UserDb::user_id(std::string_view name) const {
  auto it = user_ids_.find(name);
  if (it == user_ids_.end()) return std::nullopt;
  return it->second;
}
std::optional<uint32_t> UserDb::group_id(std::string_view name) const {
  auto it = group_ids_.find(name);
  if (it == group_ids_.end()) return std::nullopt;
  return it->second;
}
std::optional<uint32_t> UserDb::user_primary_group(uint32_t uid) const {
  auto it = primary_gid_.find(uid);
  if (it == primary_gid_.end()) return std::nullopt;
  return it->second;
}
std::string UserDb::user_or_id(uint32_t uid) const {
  auto n = user_name(uid);
  return n ? *n : std::to_string(uid);
}
std::string UserDb::group_or_id(uint32_t gid) const {
  auto n = group_name(gid);
  return n ? *n : std::to_string(gid);
}

// ---------------------------------------------------------------------------
// Sizes

std::string human_size(uint64_t bytes, bool si) {
  const unsigned __int128 base = si ? 1000 : 1024;
  static constexpr char kUnits[] = "KMGTPEZY";
  if (bytes < base) return std::to_string(bytes);
  unsigned __int128 power = base;
  int exp = 0;
  while (exp < 7 && bytes >= power * base) {
    power *= base;
    ++exp;
  }
  for (;;) {
    unsigned __int128 v = bytes;
    auto tenths = static_cast<uint64_t>((v * 10 + power - 1) / power);
    char unit = kUnits[exp];
    if (si && unit == 'K') unit = 'k';
    if (tenths < 100) {
      return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + unit;
    }
    auto units = static_cast<uint64_t>((v + power - 1) / power);
    if (units >= base && exp < 7) {
      power *= base;
      ++exp;
      continue;
    }
    return std::to_string(units) + unit;
  }
}

std::optional<uint64_t> parse_size(std::string_view text, bool allow_bw) {
  if (text.empty()) return std::nullopt;
  size_t i = 0;
  unsigned __int128 value = 0;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + (text[i] - '0');
    if (value > UINT64_MAX) return std::nullopt;
    ++i;
    digits = true;
  }
  std::string_view suffix = text.substr(i);
  if (!digits) return std::nullopt;
  if (suffix.empty()) return static_cast<uint64_t>(value);
  static constexpr std::string_view kPowers = "KMGTPEZY";
  uint64_t multiplier = 0;
  char first = suffix[0];
  if (allow_bw && suffix == "b") {
    multiplier = 512;
  } else if (allow_bw && suffix == "w") {
    multiplier = 2;
  } else if (allow_bw && suffix == "c") {
    multiplier = 1;
  } else {
    size_t exp = kPowers.find(first == 'k' ? 'K' : first);
    if (exp == std::string_view::npos) return std::nullopt;
    std::string_view rest = suffix.substr(1);
    uint64_t base = 1024;
    if (rest == "B") {
      base = 1000;
    } else if (rest == "iB" || rest.empty()) {
      base = 1024;
    } else {
      return std::nullopt;
    }
    unsigned __int128 m = 1;
    for (size_t k = 0; k <= exp; ++k) {
      m *= base;
      if (m > UINT64_MAX) return std::nullopt;
    }
    multiplier = static_cast<uint64_t>(m);
  }
  value *= multiplier;
  if (value > UINT64_MAX) return std::nullopt;
  return static_cast<uint64_t>(value);
}

// ---------------------------------------------------------------------------
// Paths

std::string strip_trailing_slashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

std::string base_name(std::string_view path) {
  std::string p = strip_trailing_slashes(path);
  if (p == "/") return p;
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string dir_name(std::string_view path) {
  std::string p = strip_trailing_slashes(path);
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  while (slash > 0 && p[slash - 1] == '/') --slash;
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

std::string join_path(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

bool is_dot_or_dotdot(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last == "." || last == "..";
}

// ---------------------------------------------------------------------------
// Times

timespec now_time() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts;
}

namespace {

// strftime of `parts` after replacing %N by the nanoseconds of t.
std::string format_parts(std::string_view format, const timespec& t, const std::tm& parts) {
  std::string fmt;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      if (format[i + 1] == 'N') {
        char buf[16];
        snprintf(buf, sizeof buf, "%09ld", static_cast<long>(t.tv_nsec));
        fmt += buf;
        ++i;
        continue;
      }
      fmt += format[i];
      fmt += format[i + 1];
      ++i;
      continue;
    }
    fmt += format[i];
  }
  return strftime_tm(fmt, t.tv_sec, parts);
}

}  // namespace

std::string strftime_tm(std::string_view format, int64_t secs, const std::tm& parts) {
  // glibc's %s would run mktime() in the host process's zone, and its %Z
  // falls back to the process's tzname for an empty tm_zone: expand both here.
  std::string fmt;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      if (format[i + 1] == 's') {
        fmt += std::to_string(secs);
      } else if (format[i + 1] == 'Z') {
        for (const char* z = parts.tm_zone != nullptr ? parts.tm_zone : ""; *z != 0; ++z) {
          fmt += *z;
          if (*z == '%') fmt += '%';
        }
      } else {
        fmt += format.substr(i, 2);
      }
      ++i;
      continue;
    }
    fmt += format[i];
  }
  if (fmt.empty()) return "";
  std::string out(fmt.size() * 4 + 64, '\0');
  for (;;) {
    size_t n = strftime(out.data(), out.size(), fmt.c_str(), &parts);
    if (n > 0 || out.size() > 65536) {
      out.resize(n);
      return out;
    }
    out.resize(out.size() * 2);
  }
}

std::string strftime_in_zone(std::string_view format, int64_t secs, const TimeZone& zone) {
  return strftime_tm(format, secs, zone.to_tm(secs));
}

std::string format_time(std::string_view format, const timespec& t) {
  time_t secs = t.tv_sec;
  tm parts{};
  gmtime_r(&secs, &parts);
  return format_parts(format, t, parts);
}

std::string format_time(std::string_view format, const timespec& t, const TimeZone& zone) {
  return format_parts(format, t, zone.to_tm(t.tv_sec));
}

// ---------------------------------------------------------------------------
// Data

Status copy_file_data(Context& ctx, std::string_view src, std::string_view dst, uint32_t mode) {
  auto in = ctx.fs.open(src, O_RDONLY);
  if (!in.ok()) return Errno{in.error()};
  auto out = ctx.fs.open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (!out.ok()) return Errno{out.error()};
  std::string buf(256 * 1024, '\0');
  for (;;) {
    ctx.budget.check();
    auto n = (*in)->read(buf);
    if (!n.ok()) return Errno{n.error()};
    if (*n == 0) break;
    KEFKA_TRY(write_all(**out, std::string_view(buf.data(), *n)));
  }
  return {};
}

Result<std::string> read_whole(Context& ctx, std::string_view path) {
  auto in = ctx.open_input(path);
  if (!in.ok()) return Errno{in.error()};
  return read_all(**in);
}

// ---------------------------------------------------------------------------
// Canonical paths

namespace {

std::vector<std::string> split_components(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > i) parts.emplace_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return parts;
}

}  // namespace

Result<std::string> canonicalize(const Context& ctx, std::string_view path, CanonMode mode,
                                 bool resolve_links) {
  if (path.empty()) return Errno{ENOENT};
  std::vector<std::string> todo = split_components(path);
  std::reverse(todo.begin(), todo.end());  // a stack: back() is the next component
  std::vector<std::string> done;
  if (path[0] != '/') done = split_components(ctx.fs.cwd());
  int links = 0;
  bool missing = false;  // a component did not exist (kMissing continues)
  auto current = [&] {
    std::string p;
    for (const auto& c : done) p += "/" + c;
    return p.empty() ? std::string("/") : p;
  };
  while (!todo.empty()) {
    std::string comp = std::move(todo.back());
    todo.pop_back();
    if (comp == ".") continue;
    if (comp == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    done.push_back(comp);
    if (missing) continue;
    std::string now = current();
    // Without resolving (realpath -s), GNU still checks existence through links.
    auto st = resolve_links ? ctx.fs.lstat(now) : ctx.fs.stat(now);
    if (!st.ok()) {
      if (st.error() == ENOENT) {
        if (mode == CanonMode::kMissing) {
          missing = true;
          continue;
        }
        if (mode == CanonMode::kAllButLast && todo.empty()) continue;
      }
      if (mode == CanonMode::kMissing && st.error() == ENOTDIR) {
        missing = true;
        continue;
      }
      return Errno{st.error()};
    }
    if (S_ISLNK(st->mode) && resolve_links) {
      if (++links > 40) return Errno{ELOOP};
      auto target = ctx.fs.readlink(now);
      if (!target.ok()) return Errno{target.error()};
      done.pop_back();
      if (!target->empty() && (*target)[0] == '/') done.clear();
      std::vector<std::string> parts = split_components(*target);
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_back(*it);
      continue;
    }
    if (!todo.empty() && !S_ISDIR(st->mode)) {
      if (mode == CanonMode::kMissing) {
        missing = true;
        continue;
      }
      return Errno{ENOTDIR};
    }
  }
  return current();
}

std::string relative_path(std::string_view target, std::string_view base) {
  std::vector<std::string> t = split_components(target), b = split_components(base);
  size_t common = 0;
  while (common < t.size() && common < b.size() && t[common] == b[common]) ++common;
  std::string out;
  for (size_t i = common; i < b.size(); ++i) out += out.empty() ? ".." : "/..";
  for (size_t i = common; i < t.size(); ++i) {
    if (!out.empty()) out += '/';
    out += t[i];
  }
  return out.empty() ? "." : out;
}

// ---------------------------------------------------------------------------
// chmod modes

namespace {

bool all_octal(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '7') return false;
  }
  return true;
}

}  // namespace

std::optional<uint32_t> apply_mode(std::string_view spec, uint32_t old_mode, bool is_dir,
                                   uint32_t umask) {
  if (all_octal(spec)) {
    uint32_t v = 0;
    for (char c : spec) {
      v = v * 8 + (c - '0');
      if (v > 07777) return std::nullopt;
    }
    uint32_t result = v;
    // GNU keeps a directory's setuid/setgid bits unless 5+ digits say otherwise.
    if (is_dir && spec.size() < 5) result = v | (old_mode & (S_ISUID | S_ISGID));
    return result;
  }
  uint32_t mode = old_mode & 07777;
  size_t i = 0;
  for (;;) {
    uint32_t who = 0;
    while (i < spec.size() && std::strchr("ugoa", spec[i])) {
      switch (spec[i]) {
        case 'u':
          who |= S_ISUID | S_IRWXU;
          break;
        case 'g':
          who |= S_ISGID | S_IRWXG;
          break;
        case 'o':
          who |= S_ISVTX | S_IRWXO;
          break;
        case 'a':
          who |= 07777;
          break;
      }
      ++i;
    }
    if (i >= spec.size() || !std::strchr("+-=", spec[i])) return std::nullopt;
    while (i < spec.size() && std::strchr("+-=", spec[i])) {
      char op = spec[i++];
      uint32_t perm = 0;
      bool copy = false;
      if (i < spec.size() && std::strchr("ugo", spec[i])) {
        uint32_t src = 0;
        switch (spec[i]) {
          case 'u':
            src = (mode >> 6) & 7;
            break;
          case 'g':
            src = (mode >> 3) & 7;
            break;
          case 'o':
            src = mode & 7;
            break;
        }
        perm = src | (src << 3) | (src << 6);
        copy = true;
        ++i;
      } else {
        while (i < spec.size() && std::strchr("rwxXst", spec[i])) {
          switch (spec[i]) {
            case 'r':
              perm |= 0444;
              break;
            case 'w':
              perm |= 0222;
              break;
            case 'x':
              perm |= 0111;
              break;
            case 'X':
              if (is_dir || (old_mode & 0111)) perm |= 0111;
              break;
            case 's':
              perm |= S_ISUID | S_ISGID;
              break;
            case 't':
              perm |= S_ISVTX;
              break;
          }
          ++i;
        }
      }
      uint32_t mask = who != 0 ? who : (07777 & ~umask);
      if (who == 0 && !copy) mask |= S_ISUID | S_ISGID | S_ISVTX;
      uint32_t affected = perm & mask;
      if (who == 0) affected &= ~(umask & 0777);
      switch (op) {
        case '+':
          mode |= affected;
          break;
        case '-':
          mode &= ~affected;
          break;
        case '=': {
          uint32_t clear = who != 0 ? who : 07777;
          // '=' keeps a directory's setuid/setgid bits unless named.
          if (is_dir) clear &= ~(S_ISUID | S_ISGID) | (perm & (S_ISUID | S_ISGID));
          mode = (mode & ~clear) | affected;
          break;
        }
      }
    }
    if (i == spec.size()) break;
    if (spec[i] != ',') return std::nullopt;
    ++i;
  }
  return mode;
}

bool valid_mode(std::string_view spec) {
  return apply_mode(spec, 0, false, 0).has_value();
}

bool ask_yes_no(Context& ctx, std::string_view question) {
  ctx.err() << ctx.name() << ": " << question << ' ';
  (void)ctx.err().flush();
  auto in = ctx.in();
  if (in == nullptr) return false;
  std::string line;
  char c;
  for (;;) {
    auto n = in->read(std::span<char>(&c, 1));
    if (!n.ok() || *n == 0 || c == '\n') break;
    line += c;
  }
  // GNU's rpmatch() in the C locale: "^[yY]", so " y" is a no.
  return !line.empty() && (line[0] == 'y' || line[0] == 'Y');
}

}  // namespace kefka::cmd::files

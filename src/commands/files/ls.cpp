// ls: list directory contents, GNU coreutils 9.1 behaviour.
//
// Formats: -l (long), -1, -C (columns), -x (across), -m (commas); one per line
// when stdout is not a terminal, columns on a terminal. Column width from -w,
// then COLUMNS, else 80. Sorting in the C.UTF-8 locale (byte order).
// Times are local to TZ (common/time_zone.h). Deviations: there are
// no ACLs, SELinux contexts or birth times; --color=always uses GNU's default
// colours only for directories, links and executables.
#include <sys/sysmacros.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "all", ArgKind::None, "", "do not ignore entries starting with ."},
    {'A', "almost-all", ArgKind::None, "", "do not list implied . and .."},
    {'b', "escape", ArgKind::None, "", "print C-style escapes for nongraphic characters"},
    {0, "block-size", ArgKind::Required, "SIZE", "scale sizes by SIZE when printing them"},
    {'B', "ignore-backups", ArgKind::None, "", "do not list implied entries ending with ~"},
    {'c', "", ArgKind::None, "", "with -lt: sort by, and show, ctime"},
    {'C', "", ArgKind::None, "", "list entries by columns"},
    {0, "color", ArgKind::Optional, "WHEN", "color the output WHEN; never, always, or auto"},
    {'d', "directory", ArgKind::None, "", "list directories themselves, not their contents"},
    {'f', "", ArgKind::None, "", "do not sort, enable -aU, disable -ls --color"},
    {'F', "classify", ArgKind::Optional, "WHEN", "append indicator (one of */=>@|) to entries"},
    {0, "file-type", ArgKind::None, "", "likewise, except do not append '*'"},
    {0, "format", ArgKind::Required, "WORD", "across -x, commas -m, long -l, single-column -1"},
    {0, "full-time", ArgKind::None, "", "like -l --time-style=full-iso"},
    {'g', "", ArgKind::None, "", "like -l, but do not list owner"},
    {0, "group-directories-first", ArgKind::None, "", "group directories before files"},
    {'G', "no-group", ArgKind::None, "", "in a long listing, don't print group names"},
    {'h', "human-readable", ArgKind::None, "", "with -l and -s, print sizes like 1K 234M 2G"},
    {0, "si", ArgKind::None, "", "likewise, but use powers of 1000 not 1024"},
    {'H', "dereference-command-line", ArgKind::None, "",
     "follow symbolic links on the command line"},
    {0, "dereference-command-line-symlink-to-dir", ArgKind::None, "",
     "follow each command line symbolic link that points to a directory"},
    {0, "hide", ArgKind::Required, "PATTERN", "do not list implied entries matching PATTERN"},
    {0, "indicator-style", ArgKind::Required, "WORD",
     "append indicator with style WORD to entry names"},
    {'i', "inode", ArgKind::None, "", "print the index number of each file"},
    {'I', "ignore", ArgKind::Required, "PATTERN", "do not list implied entries matching PATTERN"},
    {'k', "kibibytes", ArgKind::None, "", "default to 1024-byte blocks for file system usage"},
    {'l', "", ArgKind::None, "", "use a long listing format"},
    {'L', "dereference", ArgKind::None, "", "show information for the file a symlink references"},
    {'m', "", ArgKind::None, "", "fill width with a comma separated list of entries"},
    {'n', "numeric-uid-gid", ArgKind::None, "", "like -l, but list numeric user and group IDs"},
    {'N', "literal", ArgKind::None, "", "print entry names without quoting"},
    {'o', "", ArgKind::None, "", "like -l, but do not list group information"},
    {'p', "", ArgKind::None, "", "append / indicator to directories"},
    {'q', "hide-control-chars", ArgKind::None, "", "print ? instead of nongraphic characters"},
    {0, "show-control-chars", ArgKind::None, "", "show nongraphic characters as-is"},
    {'Q', "quote-name", ArgKind::None, "", "enclose entry names in double quotes"},
    {'r', "reverse", ArgKind::None, "", "reverse order while sorting"},
    {'R', "recursive", ArgKind::None, "", "list subdirectories recursively"},
    {'s', "size", ArgKind::None, "", "print the allocated size of each file, in blocks"},
    {'S', "", ArgKind::None, "", "sort by file size, largest first"},
    {0, "sort", ArgKind::Required, "WORD", "sort by WORD instead of name"},
    {0, "time", ArgKind::Required, "WORD", "select which timestamp is used"},
    {0, "time-style", ArgKind::Required, "TIME_STYLE", "time/date format with -l"},
    {'t', "", ArgKind::None, "", "sort by time, newest first"},
    {'T', "tabsize", ArgKind::Required, "COLS", "assume tab stops at each COLS instead of 8"},
    {'u', "", ArgKind::None, "", "with -lt: sort by, and show, access time"},
    {'U', "", ArgKind::None, "", "do not sort; list entries in directory order"},
    {'v', "", ArgKind::None, "", "natural sort of (version) numbers within text"},
    {'w', "width", ArgKind::Required, "COLS", "set output width to COLS.  0 means no limit"},
    {'x', "", ArgKind::None, "", "list entries by lines instead of by columns"},
    {'X', "", ArgKind::None, "", "sort alphabetically by entry extension"},
    {'Z', "context", ArgKind::None, "", "print any security context of each file"},
    {0, "zero", ArgKind::None, "", "end each output line with NUL, not newline"},
    {'1', "", ArgKind::None, "", "list one file per line"},
};

enum class Format { kLong, kOnePerLine, kColumns, kAcross, kCommas };
enum class Sort { kName, kNone, kTime, kSize, kExtension, kVersion, kWidth };
enum class TimeKind { kMtime, kCtime, kAtime };
enum class Indicator { kNone, kSlash, kFileType, kClassify };
enum class Quoting { kLiteral, kEscape, kC, kHideControl };

struct Settings {
  Format format = Format::kOnePerLine;
  Sort sort = Sort::kName;
  TimeKind time = TimeKind::kMtime;
  Indicator indicator = Indicator::kNone;
  Quoting quoting = Quoting::kLiteral;
  bool all = false, almost_all = false, ignore_backups = false;
  bool directory = false, recursive = false, reverse = false;
  bool dirs_first = false, inode = false, size = false;
  bool human = false, si = false;
  bool deref_all = false, deref_cmdline = false, deref_cmdline_dirs = false;
  bool show_owner = true, show_group = true, numeric = false;
  bool color = false, zero = false;
  uint64_t block_size = 1024;  // for -s and "total"
  uint64_t size_unit = 1;      // for -l sizes (--block-size)
  std::string time_old = "%b %e  %Y", time_recent = "%b %e %H:%M";
  bool full_time_style = false;
  size_t line_width = 80;
  size_t tab_size = 8;
  std::vector<std::string> ignore, hide;
};

struct Entry {
  std::string name;  // as displayed (command-line operand or directory entry)
  std::string path;  // for stat and recursion
  vfs::Stat st;
  bool stat_ok = false;
  bool is_cmdline_dir = false;
  std::string link_target;
  bool link_ok = false;
  uint32_t link_mode = 0;
};

// fnmatch(3) without flags: * ? [...] and backslash escapes.
bool glob_match(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    if (pi < p.size()) {
      bool matched = false;
      size_t next = pi + 1;
      if (p[pi] == '?') {
        matched = true;
      } else if (p[pi] == '[') {
        size_t j = pi + 1;
        bool negate = j < p.size() && (p[j] == '!' || p[j] == '^');
        if (negate) ++j;
        bool found = false;
        size_t first = j;
        while (j < p.size() && (p[j] != ']' || j == first)) {
          if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
            if (s[si] >= p[j] && s[si] <= p[j + 2]) found = true;
            j += 3;
          } else {
            if (p[j] == s[si]) found = true;
            ++j;
          }
        }
        if (j < p.size()) {
          matched = found != negate;
          next = j + 1;
        } else {
          matched = p[pi] == s[si];
        }
      } else if (p[pi] == '\\' && pi + 1 < p.size()) {
        matched = p[pi + 1] == s[si];
        next = pi + 2;
      } else {
        matched = p[pi] == s[si];
      }
      if (matched) {
        pi = next;
        ++si;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// gnulib's filevercmp (ls -v).
int order_of(std::string_view s, size_t pos) {
  if (pos == s.size()) return -1;
  auto c = static_cast<unsigned char>(s[pos]);
  if (std::isdigit(c)) return 0;
  if (std::isalpha(c)) return c;
  if (c == '~') return -1;
  return c + 256;
}

int verrevcmp(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto digit = [](std::string_view s, size_t k) {
    return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]));
  };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !digit(a, i)) || (j < b.size() && !digit(b, j))) {
      int ac = order_of(a, i), bc = order_of(b, j);
      if (ac != bc) return ac - bc;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    while (digit(a, i) && digit(b, j)) {
      if (!first_diff) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (digit(a, i)) return 1;
    if (digit(b, j)) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

size_t file_prefix_len(std::string_view s) {
  size_t prefix = 0;
  size_t n = s.size();
  for (size_t i = 0;;) {
    if (i == n) return prefix;
    ++i;
    prefix = i;
    while (i + 1 < n && s[i] == '.' &&
           (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '~')) {
      for (i += 2; i < n && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '~'); ++i) {
      }
    }
  }
}

int filevercmp(std::string_view a, std::string_view b) {
  if (a.empty()) return b.empty() ? 0 : -1;
  if (b.empty()) return 1;
  if (a[0] == '.') {
    if (b[0] != '.') return -1;
    bool adot = a.size() == 1, bdot = b.size() == 1;
    if (adot) return bdot ? 0 : -1;
    if (bdot) return 1;
    bool adotdot = a == "..", bdotdot = b == "..";
    if (adotdot) return bdotdot ? 0 : -1;
    if (bdotdot) return 1;
  } else if (b[0] == '.') {
    return 1;
  }
  size_t ap = file_prefix_len(a), bp = file_prefix_len(b);
  bool one_pass = ap == a.size() && bp == b.size();
  int r = verrevcmp(a.substr(0, ap), b.substr(0, bp));
  return r || one_pass ? r : verrevcmp(a, b);
}

// Display width of a name under a UTF-8 locale.
size_t display_width(std::string_view s, bool utf8 = true) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 || !utf8) {
      // The C locale counts bytes above 0x7f as unprintable, like controls.
      width += (c >= 0x20 && c < 0x7f) ? 1 : 0;
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3f);
    i += len;
    if (len == 1) continue;
    if ((cp >= 0x300 && cp < 0x370) || cp == 0x200b) continue;
    bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
                (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

class Lister {
 public:
  Lister(Context& ctx, Settings s)
      : ctx_(ctx), s_(std::move(s)), users_(ctx.fs), utf8_(utf8_locale(ctx)) {}

  int run(const std::vector<std::string>& operands);

 private:
  const timespec& entry_time(const vfs::Stat& st) const {
    switch (s_.time) {
      case TimeKind::kCtime:
        return st.ctime;
      case TimeKind::kAtime:
        return st.atime;
      default:
        return st.mtime;
    }
  }
  bool is_dir_entry(const Entry& e) const {
    if (!e.stat_ok) return false;
    if (S_ISDIR(e.st.mode)) return true;
    return S_ISLNK(e.st.mode) && e.link_ok && S_ISDIR(e.link_mode);
  }
  void fill_link(Entry& e);
  bool stat_entry(Entry& e, bool follow, bool cmdline);
  void sort_entries(std::vector<Entry>& v) const;
  int compare(const Entry& a, const Entry& b) const;
  void list_dir(const std::string& path, const std::string& shown, bool cmdline, bool& first);
  // Widths come from `width_source` (GNU measures all command-line operands,
  // directories included, before it separates them).
  void print_entries(const std::vector<Entry>& v, bool with_total,
                     const std::vector<Entry>* width_source = nullptr);
  void compute_widths(const std::vector<Entry>& v);
  std::string quoted_name(std::string_view name) const;
  char indicator(const Entry& e, bool for_link_target) const;
  std::string name_and_frills_prefix(const Entry& e) const;
  size_t frills_length(const Entry& e) const;
  void print_name_and_frills(const Entry& e);
  void print_long(const Entry& e);
  void print_columns(const std::vector<Entry>& v, bool across);
  void print_commas(const std::vector<Entry>& v);
  std::string size_text(uint64_t bytes) const;
  std::string blocks_text(const vfs::Stat& st) const;
  std::string time_text(const timespec& t);
  void indent(size_t from, size_t to);
  std::string colored(const Entry& e, const std::string& text) const;
  char eol() const { return s_.zero ? '\0' : '\n'; }

  Context& ctx_;
  Settings s_;
  UserDb users_;
  bool utf8_;
  int status_ = 0;
  // Column widths of the current listing.
  size_t inode_w_ = 0, blocks_w_ = 0, nlink_w_ = 0, owner_w_ = 0, group_w_ = 0, size_w_ = 0;
  size_t major_w_ = 0, minor_w_ = 0;
  std::optional<timespec> now_;
  std::optional<TimeZone> zone_;  // TZ, loaded by the first listed time
  // Directories being listed by -R, to stop at symlink loops (-L) like GNU.
  std::set<std::pair<uint64_t, uint64_t>> active_dirs_;
};

bool Lister::stat_entry(Entry& e, bool follow, bool cmdline) {
  auto st = follow ? ctx_.fs.stat(e.path) : ctx_.fs.lstat(e.path);
  if (!st.ok() && follow) st = ctx_.fs.lstat(e.path);  // a dangling link
  if (!st.ok()) {
    if (cmdline) {
      ctx_.error("cannot access " + quote(ctx_, e.name) + ": " + std::strerror(st.error()));
      status_ = 2;
    } else {
      ctx_.error("cannot access " + quote(ctx_, e.path) + ": " + std::strerror(st.error()));
      status_ = std::max(status_, 1);
    }
    return false;
  }
  e.st = *st;
  e.stat_ok = true;
  if (S_ISLNK(e.st.mode)) fill_link(e);
  return true;
}

void Lister::fill_link(Entry& e) {
  bool need_target =
      s_.format == Format::kLong || s_.indicator != Indicator::kNone || s_.color || s_.dirs_first;
  if (!need_target) return;
  if (s_.format == Format::kLong) {
    auto target = ctx_.fs.readlink(e.path);
    if (target.ok()) e.link_target = *target;
  }
  auto st = ctx_.fs.stat(e.path);
  if (st.ok()) {
    e.link_ok = true;
    e.link_mode = st->mode;
  }
}

int Lister::compare(const Entry& a, const Entry& b) const {
  if (s_.dirs_first) {
    bool ad = is_dir_entry(a), bd = is_dir_entry(b);
    if (ad != bd) return ad ? -1 : 1;
  }
  const Entry& x = s_.reverse ? b : a;
  const Entry& y = s_.reverse ? a : b;
  auto by_name = [&] { return x.name.compare(y.name); };
  switch (s_.sort) {
    case Sort::kTime: {
      const timespec& tx = entry_time(x.st);
      const timespec& ty = entry_time(y.st);
      if (tx.tv_sec != ty.tv_sec) return tx.tv_sec < ty.tv_sec ? 1 : -1;
      if (tx.tv_nsec != ty.tv_nsec) return tx.tv_nsec < ty.tv_nsec ? 1 : -1;
      return by_name();
    }
    case Sort::kSize:
      if (x.st.size != y.st.size) return x.st.size < y.st.size ? 1 : -1;
      return by_name();
    case Sort::kExtension: {
      auto ext = [](const std::string& n) {
        size_t dot = n.rfind('.');
        return dot == std::string::npos ? std::string_view() : std::string_view(n).substr(dot);
      };
      int d = ext(x.name).compare(ext(y.name));
      return d != 0 ? d : by_name();
    }
    case Sort::kVersion: {
      int d = filevercmp(x.name, y.name);
      return d != 0 ? d : by_name();
    }
    case Sort::kWidth: {
      size_t wx = display_width(x.name, utf8_), wy = display_width(y.name, utf8_);
      if (wx != wy) return wx < wy ? -1 : 1;
      return by_name();
    }
    default:
      return by_name();
  }
}

void Lister::sort_entries(std::vector<Entry>& v) const {
  if (s_.sort == Sort::kNone) return;
  std::stable_sort(v.begin(), v.end(),
                   [&](const Entry& a, const Entry& b) { return compare(a, b) < 0; });
}

std::string Lister::quoted_name(std::string_view name) const {
  switch (s_.quoting) {
    case Quoting::kLiteral:
      return std::string(name);
    case Quoting::kHideControl: {
      std::string out(name);
      for (char& c : out) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && !utf8_)) c = '?';
      }
      return out;
    }
    case Quoting::kEscape: {
      std::string out = c_escape(name, utf8_);
      std::string spaced;
      for (char c : out) {
        if (c == ' ') spaced += '\\';
        spaced += c;
      }
      return spaced;
    }
    case Quoting::kC: {
      std::string out = "\"";
      for (char c : c_escape(name, utf8_)) {
        if (c == '"') out += '\\';
        out += c;
      }
      return out + "\"";
    }
  }
  return std::string(name);
}

char Lister::indicator(const Entry& e, bool for_link_target) const {
  if (s_.indicator == Indicator::kNone) return 0;
  uint32_t mode = for_link_target ? e.link_mode : e.st.mode;
  if (!for_link_target && !e.stat_ok) return 0;
  if (S_ISDIR(mode)) return '/';
  if (s_.indicator == Indicator::kSlash) return 0;
  if (S_ISLNK(mode)) return '@';
  if (S_ISFIFO(mode)) return '|';
  if (S_ISSOCK(mode)) return '=';
  if (S_ISREG(mode) && s_.indicator == Indicator::kClassify && (mode & 0111)) return '*';
  return 0;
}

std::string Lister::size_text(uint64_t bytes) const {
  if (s_.human || s_.si) return human_size(bytes, s_.si);
  return std::to_string(div_ceil(bytes, s_.size_unit));
}

std::string Lister::blocks_text(const vfs::Stat& st) const {
  uint64_t bytes = st.blocks * 512;
  if (s_.human || s_.si) return human_size(bytes, s_.si);
  return std::to_string(div_ceil(bytes, s_.block_size));
}

std::string Lister::time_text(const timespec& t) {
  if (!now_) now_ = now_time();
  if (!zone_) zone_ = TimeZone::from_env(ctx_);
  if (s_.full_time_style) return format_time(s_.time_old, t, *zone_);
  constexpr long kSixMonths = 31556952 / 2;
  auto before = [](const timespec& a, const timespec& b) {
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
  };
  if (!before(t, *now_)) now_ = now_time();
  timespec six_months_ago = {now_->tv_sec - kSixMonths, now_->tv_nsec};
  bool recent = before(six_months_ago, t) && before(t, *now_);
  return format_time(recent ? s_.time_recent : s_.time_old, t, *zone_);
}

void Lister::indent(size_t from, size_t to) {
  while (from < to) {
    if (s_.tab_size != 0 && to / s_.tab_size > (from + 1) / s_.tab_size) {
      ctx_.out().put('\t');
      from += s_.tab_size - from % s_.tab_size;
    } else {
      ctx_.out().put(' ');
      ++from;
    }
  }
}

void Lister::compute_widths(const std::vector<Entry>& v) {
  inode_w_ = blocks_w_ = nlink_w_ = owner_w_ = group_w_ = size_w_ = major_w_ = minor_w_ = 0;
  for (const Entry& e : v) {
    if (!e.stat_ok) continue;
    inode_w_ = std::max(inode_w_, std::to_string(e.st.ino).size());
    blocks_w_ = std::max(blocks_w_, blocks_text(e.st).size());
    if (s_.format != Format::kLong) continue;
    nlink_w_ = std::max(nlink_w_, std::to_string(e.st.nlink).size());
    std::string owner = s_.numeric ? std::to_string(e.st.uid) : users_.user_or_id(e.st.uid);
    std::string group = s_.numeric ? std::to_string(e.st.gid) : users_.group_or_id(e.st.gid);
    owner_w_ = std::max(owner_w_, display_width(owner, utf8_));
    group_w_ = std::max(group_w_, display_width(group, utf8_));
    if (S_ISCHR(e.st.mode) || S_ISBLK(e.st.mode)) {
      major_w_ = std::max(major_w_, std::to_string(major(e.st.rdev)).size());
      minor_w_ = std::max(minor_w_, std::to_string(minor(e.st.rdev)).size());
    } else {
      size_w_ = std::max(size_w_, size_text(e.st.size).size());
    }
  }
  if (major_w_ > 0) size_w_ = std::max(size_w_, major_w_ + 2 + minor_w_);
}

std::string Lister::name_and_frills_prefix(const Entry& e) const {
  std::string out;
  auto pad = [](const std::string& text, size_t width) {
    return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
  };
  bool commas = s_.format == Format::kCommas;
  if (s_.inode) {
    std::string ino = e.stat_ok ? std::to_string(e.st.ino) : "?";
    out += (commas ? ino : pad(ino, inode_w_)) + " ";
  }
  if (s_.size) {
    std::string b = e.stat_ok ? blocks_text(e.st) : "?";
    out += (commas ? b : pad(b, blocks_w_)) + " ";
  }
  return out;
}

size_t Lister::frills_length(const Entry& e) const {
  size_t len = name_and_frills_prefix(e).size() + display_width(quoted_name(e.name), utf8_);
  if (indicator(e, false) != 0) ++len;
  return len;
}

std::string Lister::colored(const Entry& e, const std::string& text) const {
  if (!s_.color || !e.stat_ok) return text;
  const char* code = nullptr;
  uint32_t m = e.st.mode;
  if (S_ISDIR(m)) {
    code = (m & S_ISVTX) && (m & S_IWOTH) ? "30;42" : (m & S_IWOTH) ? "34;42" : "01;34";
  } else if (S_ISLNK(m)) {
    code = e.link_ok || s_.format != Format::kLong ? "01;36" : "40;31;01";
  } else if (S_ISFIFO(m)) {
    code = "40;33";
  } else if (S_ISSOCK(m)) {
    code = "01;35";
  } else if (S_ISCHR(m) || S_ISBLK(m)) {
    code = "40;33;01";
  } else if (S_ISREG(m)) {
    if (m & S_ISUID) {
      code = "37;41";
    } else if (m & S_ISGID) {
      code = "30;43";
    } else if (m & 0111) {
      code = "01;32";
    }
  }
  if (code == nullptr) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

void Lister::print_name_and_frills(const Entry& e) {
  ctx_.out() << name_and_frills_prefix(e) << colored(e, quoted_name(e.name));
  if (char c = indicator(e, false)) ctx_.out().put(c);
}

void Lister::print_long(const Entry& e) {
  auto& out = ctx_.out();
  auto pad_left = [](const std::string& text, size_t width) {
    return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
  };
  out << name_and_frills_prefix(e);
  out << mode_string(e.st.mode) << ' ' << pad_left(std::to_string(e.st.nlink), nlink_w_) << ' ';
  auto owner_field = [&](uint32_t id, std::optional<std::string> name, size_t width) {
    if (name && !s_.numeric) {
      out << *name << std::string(width - std::min(width, display_width(*name, utf8_)), ' ') << ' ';
    } else {
      out << pad_left(std::to_string(id), width) << ' ';
    }
  };
  if (s_.show_owner) owner_field(e.st.uid, users_.user_name(e.st.uid), owner_w_);
  if (s_.show_group) owner_field(e.st.gid, users_.group_name(e.st.gid), group_w_);
  if (S_ISCHR(e.st.mode) || S_ISBLK(e.st.mode)) {
    std::string maj = std::to_string(major(e.st.rdev));
    std::string min = std::to_string(minor(e.st.rdev));
    size_t minor_w = std::max(minor_w_, size_w_ - std::min(size_w_, major_w_ + 2));
    out << pad_left(maj, major_w_) << ", " << pad_left(min, minor_w) << ' ';
  } else {
    out << pad_left(size_text(e.st.size), size_w_) << ' ';
  }
  out << time_text(entry_time(e.st)) << ' ';
  out << colored(e, quoted_name(e.name));
  if (S_ISLNK(e.st.mode)) {
    out << " -> ";
    Entry target;
    target.st.mode = e.link_mode;
    target.stat_ok = e.link_ok;
    out << (e.link_ok ? colored(target, quoted_name(e.link_target)) : quoted_name(e.link_target));
    if (e.link_ok) {
      if (char c = indicator(e, true)) out.put(c);
    }
  } else if (char c = indicator(e, false)) {
    out.put(c);
  }
  out.put(eol());
}

void Lister::print_columns(const std::vector<Entry>& v, bool across) {
  size_t n = v.size();
  if (n == 0) return;
  std::vector<size_t> lengths(n);
  for (size_t i = 0; i < n; ++i) lengths[i] = frills_length(v[i]);
  constexpr size_t kMinColumnWidth = 3;
  size_t max_idx = s_.line_width == 0 ? n : std::max<size_t>(1, s_.line_width / kMinColumnWidth);
  size_t max_cols = std::min(max_idx, n);
  size_t cols = 1;
  std::vector<size_t> best_widths;
  // gnulib ls's column fitting: every candidate column count at once.
  std::vector<std::vector<size_t>> widths(max_cols);
  std::vector<size_t> line_len(max_cols);
  std::vector<bool> valid(max_cols, true);
  for (size_t i = 0; i < max_cols; ++i) {
    widths[i].assign(i + 1, kMinColumnWidth);
    line_len[i] = (i + 1) * kMinColumnWidth;
  }
  for (size_t f = 0; f < n; ++f) {
    ctx_.budget.check();
    for (size_t i = 0; i < max_cols; ++i) {
      if (!valid[i]) continue;
      size_t idx = !across ? f / ((n + i) / (i + 1)) : f % (i + 1);
      size_t real = lengths[f] + (idx == i ? 0 : 2);
      if (widths[i][idx] < real) {
        line_len[i] += real - widths[i][idx];
        widths[i][idx] = real;
        valid[i] = s_.line_width == 0 || line_len[i] < s_.line_width;
      }
    }
  }
  for (cols = max_cols; cols > 1 && !valid[cols - 1]; --cols) {
  }
  const std::vector<size_t>& col_w = widths[cols - 1];
  if (!across) {
    size_t rows = n / cols + (n % cols != 0);
    for (size_t row = 0; row < rows; ++row) {
      size_t col = 0, pos = 0;
      for (size_t f = row;;) {
        print_name_and_frills(v[f]);
        size_t width = col_w[col++];
        size_t len = lengths[f];
        f += rows;
        if (f >= n) break;
        indent(pos + len, pos + width);
        pos += width;
      }
      ctx_.out().put(eol());
    }
    return;
  }
  size_t pos = 0;
  print_name_and_frills(v[0]);
  size_t len = lengths[0], width = col_w[0];
  for (size_t f = 1; f < n; ++f) {
    size_t col = f % cols;
    if (col == 0) {
      ctx_.out().put(eol());
      pos = 0;
    } else {
      indent(pos + len, pos + width);
      pos += width;
    }
    print_name_and_frills(v[f]);
    len = lengths[f];
    width = col_w[col];
  }
  ctx_.out().put(eol());
}

void Lister::print_commas(const std::vector<Entry>& v) {
  size_t pos = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    size_t len = s_.line_width ? frills_length(v[i]) : 0;
    if (i != 0) {
      char sep;
      if (s_.line_width == 0 || pos + len + 2 < s_.line_width) {
        pos += 2;
        sep = ' ';
      } else {
        pos = 0;
        sep = eol();
      }
      ctx_.out().put(',').put(sep);
    }
    print_name_and_frills(v[i]);
    pos += len;
  }
  if (!v.empty()) ctx_.out().put(eol());
}

void Lister::print_entries(const std::vector<Entry>& v, bool with_total,
                           const std::vector<Entry>* width_source) {
  compute_widths(width_source != nullptr ? *width_source : v);
  if (with_total && (s_.format == Format::kLong || s_.size)) {
    uint64_t blocks = 0;
    for (const Entry& e : v) {
      if (e.stat_ok) blocks += e.st.blocks;
    }
    vfs::Stat total;
    total.blocks = blocks;
    ctx_.out() << "total " << blocks_text(total) << eol();
  }
  switch (s_.format) {
    case Format::kLong:
      for (const Entry& e : v) {
        ctx_.budget.check();
        if (e.stat_ok) print_long(e);
      }
      break;
    case Format::kOnePerLine:
      for (const Entry& e : v) {
        ctx_.budget.check();
        print_name_and_frills(e);
        ctx_.out().put(eol());
      }
      break;
    case Format::kColumns:
      print_columns(v, false);
      break;
    case Format::kAcross:
      print_columns(v, true);
      break;
    case Format::kCommas:
      print_commas(v);
      break;
  }
}

void Lister::list_dir(const std::string& path, const std::string& shown, bool cmdline,
                      bool& first) {
  ctx_.budget.check();
  std::pair<uint64_t, uint64_t> key{0, 0};
  if (s_.recursive) {
    auto st = ctx_.fs.stat(path);
    if (st.ok()) {
      key = {st->dev, st->ino};
      if (active_dirs_.contains(key)) {
        ctx_.error(quote_if_needed(ctx_, shown.empty() ? path : shown) +
                   ": not listing already-listed directory");
        status_ = 2;
        return;
      }
      active_dirs_.insert(key);
    }
  }
  struct Leave {
    std::set<std::pair<uint64_t, uint64_t>>& dirs;
    std::pair<uint64_t, uint64_t> key;
    ~Leave() { dirs.erase(key); }
  } leave{active_dirs_, key};
  auto entries = ctx_.fs.readdir(path);
  if (!entries.ok()) {
    ctx_.error("cannot open directory " + quote(ctx_, shown.empty() ? path : shown) + ": " +
               std::strerror(entries.error()));
    status_ = cmdline ? 2 : std::max(status_, 1);
    return;
  }
  std::vector<Entry> v;
  auto add = [&](std::string name) {
    Entry e;
    e.path = join_path(path, name);
    e.name = std::move(name);
    if (stat_entry(e, s_.deref_all, false)) v.push_back(std::move(e));
  };
  if (s_.all) {
    add(".");
    add("..");
  }
  for (const vfs::DirEntry& d : *entries) {
    ctx_.budget.check();
    const std::string& n = d.name;
    if (n[0] == '.' && !s_.all && !s_.almost_all) continue;
    if (s_.ignore_backups && n.back() == '~') continue;
    bool ignored = std::any_of(s_.ignore.begin(), s_.ignore.end(),
                               [&](const std::string& p) { return glob_match(p, n); });
    if (!s_.all && !s_.almost_all) {
      ignored = ignored || std::any_of(s_.hide.begin(), s_.hide.end(),
                                       [&](const std::string& p) { return glob_match(p, n); });
    }
    if (ignored) continue;
    add(n);
  }
  sort_entries(v);
  if (!first) ctx_.out().put(eol());
  first = false;
  if (s_.recursive || !shown.empty()) ctx_.out() << quoted_name(shown) << ':' << eol();
  print_entries(v, true);
  if (!s_.recursive) return;
  for (const Entry& e : v) {
    if (!e.stat_ok || !S_ISDIR(e.st.mode) || e.name == "." || e.name == "..") continue;
    ctx_.budget.check();
    list_dir(e.path, join_path(shown, e.name), false, first);
  }
}

int Lister::run(const std::vector<std::string>& operands) {
  std::vector<Entry> files, dirs;
  for (const std::string& op : operands) {
    ctx_.budget.check();
    Entry e;
    e.name = op;
    e.path = op;
    bool follow = s_.deref_all || s_.deref_cmdline;
    if (!stat_entry(e, follow, true)) continue;
    if (!s_.directory && S_ISLNK(e.st.mode) && s_.deref_cmdline_dirs) {
      auto target = ctx_.fs.stat(op);
      if (target.ok() && S_ISDIR(target->mode)) {
        e.st = *target;
      }
    }
    if (!s_.directory && S_ISDIR(e.st.mode)) {
      dirs.push_back(std::move(e));
    } else {
      files.push_back(std::move(e));
    }
  }
  sort_entries(files);
  Sort saved = s_.sort;
  bool saved_first = s_.dirs_first;
  s_.dirs_first = false;
  sort_entries(dirs);
  s_.sort = saved;
  s_.dirs_first = saved_first;
  bool first = true;
  if (!files.empty()) {
    std::vector<Entry> all = files;
    all.insert(all.end(), dirs.begin(), dirs.end());
    print_entries(files, false, &all);
    first = false;
  }
  bool name_dirs = operands.size() > 1 || !files.empty() || status_ != 0 || s_.recursive;
  for (const Entry& d : dirs) {
    list_dir(d.path, name_dirs ? d.name : "", true, first);
  }
  return status_;
}

std::optional<Settings> parse_settings(Context& ctx, const Args& args, int& status) {
  Settings s;
  bool tty = ctx.out_stream() != nullptr && ctx.out_stream()->is_terminal();
  s.format = tty ? Format::kColumns : Format::kOnePerLine;
  if (tty) s.quoting = Quoting::kHideControl;
  bool sort_given = false;
  bool long_time_given = false;
  std::string time_style;
  for (const Args::Occurrence& o : args.options) {
    char c = o.spec->short_name;
    std::string_view l = o.spec->long_name;
    if (c == 'a') {
      s.all = true;
      s.almost_all = false;
    } else if (c == 'A') {
      s.almost_all = true;
      s.all = false;
    } else if (c == 'b') {
      s.quoting = Quoting::kEscape;
    } else if (c == 'B') {
      s.ignore_backups = true;
    } else if (c == 'c') {
      s.time = TimeKind::kCtime;
    } else if (c == 'C') {
      s.format = Format::kColumns;
    } else if (c == 'd') {
      s.directory = true;
    } else if (c == 'f') {
      s.all = true;
      s.sort = Sort::kNone;
      sort_given = true;
      if (s.format == Format::kLong) s.format = tty ? Format::kColumns : Format::kOnePerLine;
      s.size = false;
      s.color = false;
    } else if (c == 'F') {
      std::string when = o.has_value ? o.value : "always";
      if (when == "always" || when == "yes" || when == "force" ||
          ((when == "auto" || when == "tty" || when == "if-tty") && tty)) {
        s.indicator = Indicator::kClassify;
      }
    } else if (l == "file-type") {
      s.indicator = Indicator::kFileType;
    } else if (l == "indicator-style") {
      if (o.value == "none") {
        s.indicator = Indicator::kNone;
      } else if (o.value == "slash") {
        s.indicator = Indicator::kSlash;
      } else if (o.value == "file-type") {
        s.indicator = Indicator::kFileType;
      } else if (o.value == "classify") {
        s.indicator = Indicator::kClassify;
      } else {
        invalid_argument(ctx, o.value, "--indicator-style",
                         {"none", "slash", "file-type", "classify"});
        status = 1;
        return std::nullopt;
      }
    } else if (l == "format") {
      if (o.value == "long" || o.value == "verbose") {
        s.format = Format::kLong;
      } else if (o.value == "commas") {
        s.format = Format::kCommas;
      } else if (o.value == "horizontal" || o.value == "across") {
        s.format = Format::kAcross;
      } else if (o.value == "vertical") {
        s.format = Format::kColumns;
      } else if (o.value == "single-column") {
        s.format = Format::kOnePerLine;
      } else {
        invalid_argument(
            ctx, o.value, "--format",
            {"verbose|long", "commas", "horizontal|across", "vertical", "single-column"});
        status = 1;
        return std::nullopt;
      }
    } else if (l == "full-time") {
      s.format = Format::kLong;
      time_style = "full-iso";
    } else if (c == 'g') {
      s.format = Format::kLong;
      s.show_owner = false;
    } else if (l == "group-directories-first") {
      s.dirs_first = true;
    } else if (c == 'G') {
      s.show_group = false;
    } else if (c == 'h') {
      s.human = true;
      s.si = false;
    } else if (l == "si") {
      s.si = true;
      s.human = false;
    } else if (c == 'H') {
      s.deref_cmdline = true;
    } else if (l == "dereference-command-line-symlink-to-dir") {
      s.deref_cmdline_dirs = true;
    } else if (l == "hide") {
      s.hide.push_back(o.value);
    } else if (c == 'i') {
      s.inode = true;
    } else if (c == 'I') {
      s.ignore.push_back(o.value);
    } else if (c == 'k') {
      s.block_size = 1024;
      s.human = s.si = false;
    } else if (l == "block-size") {
      if (auto v = parse_size(o.value, false); v && *v > 0) {
        s.block_size = *v;
        s.size_unit = *v;
      } else {
        ctx.error("invalid --block-size argument " + quote_value(ctx, o.value));
        status = 2;
        return std::nullopt;
      }
    } else if (c == 'l') {
      s.format = Format::kLong;
    } else if (c == 'L') {
      s.deref_all = true;
    } else if (c == 'm') {
      s.format = Format::kCommas;
    } else if (c == 'n') {
      s.format = Format::kLong;
      s.numeric = true;
    } else if (c == 'N' || l == "show-control-chars") {
      s.quoting = Quoting::kLiteral;
    } else if (c == 'o') {
      s.format = Format::kLong;
      s.show_group = false;
    } else if (c == 'p') {
      s.indicator = Indicator::kSlash;
    } else if (c == 'q') {
      s.quoting = Quoting::kHideControl;
    } else if (c == 'Q') {
      s.quoting = Quoting::kC;
    } else if (c == 'r') {
      s.reverse = true;
    } else if (c == 'R') {
      s.recursive = true;
    } else if (c == 's') {
      s.size = true;
    } else if (c == 'S') {
      s.sort = Sort::kSize;
      sort_given = true;
    } else if (l == "sort") {
      sort_given = true;
      if (o.value == "none") {
        s.sort = Sort::kNone;
      } else if (o.value == "time") {
        s.sort = Sort::kTime;
      } else if (o.value == "size") {
        s.sort = Sort::kSize;
      } else if (o.value == "extension") {
        s.sort = Sort::kExtension;
      } else if (o.value == "version") {
        s.sort = Sort::kVersion;
      } else if (o.value == "width") {
        s.sort = Sort::kWidth;
      } else if (o.value == "name") {
        s.sort = Sort::kName;
      } else {
        invalid_argument(ctx, o.value, "--sort",
                         {"none", "time", "size", "extension", "version", "width"});
        status = 1;
        return std::nullopt;
      }
    } else if (l == "time") {
      long_time_given = true;
      if (o.value == "atime" || o.value == "access" || o.value == "use") {
        s.time = TimeKind::kAtime;
      } else if (o.value == "ctime" || o.value == "status") {
        s.time = TimeKind::kCtime;
      } else if (o.value == "mtime" || o.value == "modification") {
        s.time = TimeKind::kMtime;
      } else {
        invalid_argument(
            ctx, o.value, "--time",
            {"atime|access|use", "ctime|status", "birth|creation", "mtime|modification"});
        status = 1;
        return std::nullopt;
      }
    } else if (l == "time-style") {
      time_style = o.value;
    } else if (c == 't') {
      s.sort = Sort::kTime;
      sort_given = true;
    } else if (c == 'T') {
      auto v = parse_size(o.value, false);
      if (!v || o.value.find_first_not_of("0123456789") != std::string::npos) {
        ctx.error("invalid tab size: " + quote_value(ctx, o.value));
        status = 2;
        return std::nullopt;
      }
      s.tab_size = *v;
    } else if (c == 'u') {
      s.time = TimeKind::kAtime;
    } else if (c == 'U') {
      s.sort = Sort::kNone;
      sort_given = true;
    } else if (c == 'v') {
      s.sort = Sort::kVersion;
      sort_given = true;
    } else if (c == 'w') {
      auto v = parse_size(o.value, false);
      if (!v || o.value.find_first_not_of("0123456789") != std::string::npos) {
        ctx.error("invalid line width: " + quote_value(ctx, o.value));
        status = 2;
        return std::nullopt;
      }
      s.line_width = *v;
    } else if (c == 'x') {
      s.format = Format::kAcross;
    } else if (c == 'X') {
      s.sort = Sort::kExtension;
      sort_given = true;
    } else if (c == '1') {
      s.format = Format::kOnePerLine;
    } else if (l == "color") {
      std::string when = o.has_value ? o.value : "always";
      if (when == "always" || when == "yes" || when == "force") {
        s.color = true;
      } else if (when == "never" || when == "no" || when == "none") {
        s.color = false;
      } else if (when == "auto" || when == "tty" || when == "if-tty") {
        s.color = tty;
      } else {
        invalid_argument(ctx, when, "--color",
                         {"always|yes|force", "never|no|none", "auto|tty|if-tty"});
        status = 1;
        return std::nullopt;
      }
    } else if (l == "zero") {
      s.zero = true;
    }
  }
  if (!args.has('w')) {
    std::string_view cols = ctx.getenv("COLUMNS");
    if (!cols.empty()) {
      auto v = parse_size(cols, false);
      if (v && *v > 0 && cols.find_first_not_of("0123456789") == std::string_view::npos) {
        s.line_width = *v;
      } else {
        ctx.error("ignoring invalid width in environment variable COLUMNS: " +
                  quote_value(ctx, cols));
      }
    }
  }
  if (s.time != TimeKind::kMtime && !sort_given && s.format != Format::kLong) {
    s.sort = Sort::kTime;
  }
  (void)long_time_given;
  if (time_style.empty()) time_style = std::string(ctx.getenv("TIME_STYLE", ""));
  if (s.format == Format::kLong && !time_style.empty()) {
    std::string style = time_style;
    while (style.starts_with("posix-")) style = style.substr(6);
    if (style == "full-iso") {
      s.time_old = s.time_recent = "%Y-%m-%d %H:%M:%S.%N %z";
      s.full_time_style = true;
    } else if (style == "long-iso") {
      s.time_old = s.time_recent = "%Y-%m-%d %H:%M";
    } else if (style == "iso") {
      s.time_old = "%Y-%m-%d ";
      s.time_recent = "%m-%d %H:%M";
    } else if (style == "locale") {
    } else if (style.starts_with("+")) {
      std::string fmt = style.substr(1);
      size_t nl = fmt.find('\n');
      if (nl == std::string::npos) {
        s.time_old = s.time_recent = fmt;
      } else {
        s.time_old = fmt.substr(0, nl);
        s.time_recent = fmt.substr(nl + 1);
      }
    } else {
      ctx.error("invalid argument " + quote_value(ctx, time_style) + " for " +
                quote_value(ctx, "time style"));
      ctx.err() << "Valid arguments are:\n  - [posix-]full-iso\n  - [posix-]long-iso\n"
                   "  - [posix-]iso\n  - [posix-]locale\n  - +FORMAT (e.g., +%H:%M) for a "
                   "'date'-style format\n";
      try_help(ctx);
      status = 2;
      return std::nullopt;
    }
  }
  if (!s.deref_all && !s.deref_cmdline && !s.directory && s.format != Format::kLong &&
      s.indicator != Indicator::kClassify) {
    s.deref_cmdline_dirs = true;
  }
  return s;
}

int run_ls(Context& ctx, const Args& args) {
  int status = 0;
  auto settings = parse_settings(ctx, args, status);
  if (!settings) return status;
  std::vector<std::string> operands = args.operands;
  if (operands.empty()) operands.push_back(".");
  Lister lister(ctx, std::move(*settings));
  return lister.run(operands);
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(ls, {
                      .name = "ls",
                      .usage = "ls [OPTION]... [FILE]...",
                      .summary = "List information about the FILEs (the current directory by "
                                 "default).\nSort entries alphabetically if none of -cftuvSUX nor "
                                 "--sort is specified.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_ls,
                      .flags = kefka::cmd::kUsageStatus2,
                  });

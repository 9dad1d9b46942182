// grep, egrep, fgrep: print lines that match patterns (GNU grep 3.8).
//
// Matching runs over whole buffers of lines, not line by line: the regex is
// compiled in line mode (no match crosses a newline, ^/$ are line anchors), so
// one RE2 search finds the next matching line in a large chunk. Only when
// non-matching lines matter (-v, context, counting line numbers) are the
// lines in between visited.
//
// Deviations from GNU: -r lists directory entries in sorted order (GNU uses
// the directory's own order); -T alignment is simplified; colour is never
// emitted (--color is accepted and ignored). Locale: UTF-8 when LC_ALL,
// LC_CTYPE or LANG names a UTF-8 locale, otherwise bytes (the C locale).
#include <fcntl.h>
#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/command.h"
#include "commands/options.h"
#include "commands/text/line_scan.h"
#include "commands/text/regex.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'E', "extended-regexp", ArgKind::None, "", "PATTERNS are extended regular expressions"},
    {'F', "fixed-strings", ArgKind::None, "", "PATTERNS are strings"},
    {'G', "basic-regexp", ArgKind::None, "", "PATTERNS are basic regular expressions"},
    {'P', "perl-regexp", ArgKind::None, "", "PATTERNS are Perl regular expressions"},
    {'e', "regexp", ArgKind::Required, "PATTERNS", "use PATTERNS for matching"},
    {'f', "file", ArgKind::Required, "FILE", "take PATTERNS from FILE"},
    {'i', "ignore-case", ArgKind::None, "", "ignore case distinctions in patterns and data"},
    {'y', "", ArgKind::None, "", "same as -i (obsolete)"},
    {0, "no-ignore-case", ArgKind::None, "", "do not ignore case distinctions (default)"},
    {'w', "word-regexp", ArgKind::None, "", "match only whole words"},
    {'x', "line-regexp", ArgKind::None, "", "match only whole lines"},
    {'z', "null-data", ArgKind::None, "", "a data line ends in 0 byte, not newline"},
    {'s', "no-messages", ArgKind::None, "", "suppress error messages"},
    {'v', "invert-match", ArgKind::None, "", "select non-matching lines"},
    {'V', "", ArgKind::None, "", "display version information and exit"},
    {'m', "max-count", ArgKind::Required, "NUM", "stop after NUM selected lines"},
    {'b', "byte-offset", ArgKind::None, "", "print the byte offset with output lines"},
    {'n', "line-number", ArgKind::None, "", "print line number with output lines"},
    {0, "line-buffered", ArgKind::None, "", "flush output on every line"},
    {'H', "with-filename", ArgKind::None, "", "print file name with output lines"},
    {'h', "no-filename", ArgKind::None, "", "suppress the file name prefix on output"},
    {0, "label", ArgKind::Required, "LABEL", "use LABEL as the standard input file name prefix"},
    {'o', "only-matching", ArgKind::None, "", "show only nonempty parts of lines that match"},
    {'q', "quiet", ArgKind::None, "", "suppress all normal output"},
    {0, "silent", ArgKind::None, "", "suppress all normal output"},
    {0, "binary-files", ArgKind::Required, "TYPE", "assume that binary files are TYPE"},
    {'a', "text", ArgKind::None, "", "equivalent to --binary-files=text"},
    {'I', "", ArgKind::None, "", "equivalent to --binary-files=without-match"},
    {'d', "directories", ArgKind::Required, "ACTION", "how to handle directories"},
    {'D', "devices", ArgKind::Required, "ACTION", "how to handle devices, FIFOs and sockets"},
    {'r', "recursive", ArgKind::None, "", "like --directories=recurse"},
    {'R', "dereference-recursive", ArgKind::None, "", "likewise, but follow all symlinks"},
    {0, "include", ArgKind::Required, "GLOB", "search only files that match GLOB"},
    {0, "exclude", ArgKind::Required, "GLOB", "skip files that match GLOB"},
    {0, "exclude-from", ArgKind::Required, "FILE",
     "skip files that match any file pattern from FILE"},
    {0, "exclude-dir", ArgKind::Required, "GLOB", "skip directories that match GLOB"},
    {'L', "files-without-match", ArgKind::None, "",
     "print only names of FILEs with no selected lines"},
    {'l', "files-with-matches", ArgKind::None, "", "print only names of FILEs with selected lines"},
    {'c', "count", ArgKind::None, "", "print only a count of selected lines per FILE"},
    {'T', "initial-tab", ArgKind::None, "", "make tabs line up (if needed)"},
    {'Z', "null", ArgKind::None, "", "print 0 byte after FILE name"},
    {'B', "before-context", ArgKind::Required, "NUM", "print NUM lines of leading context"},
    {'A', "after-context", ArgKind::Required, "NUM", "print NUM lines of trailing context"},
    {'C', "context", ArgKind::Required, "NUM", "print NUM lines of output context"},
    {0, "color", ArgKind::Optional, "WHEN", "use markers to highlight the matching strings"},
    {0, "colour", ArgKind::Optional, "WHEN", "use markers to highlight the matching strings"},
    {'U', "binary", ArgKind::None, "", "do not strip CR characters at EOL (MSDOS/Windows)"},
    {0, "no-group-separator", ArgKind::None, "", "do not print separators between context groups"},
    {0, "group-separator", ArgKind::Required, "SEP", "print SEP between context groups"},
};

enum class BinaryMode { kBinary, kText, kWithoutMatch };

struct Config {
  RegexSyntax syntax = RegexSyntax::kBasic;
  std::vector<std::string> patterns;
  bool have_patterns = false;
  bool icase = false, word = false, line = false, null_data = false;
  bool no_messages = false, invert = false;
  long long max_count = -1;
  bool byte_offset = false, line_number = false, line_buffered = false;
  int with_filename = -1;  // -1: decided by the number of files
  std::string label = "(standard input)";
  bool only_matching = false, quiet = false;
  BinaryMode binary = BinaryMode::kBinary;
  bool recursive = false, deref = false;
  std::string directories = "read";
  std::vector<std::string> include, exclude, exclude_dir;
  bool files_without = false, files_with = false, count = false;
  bool initial_tab = false, null_after_name = false;
  long long before = -1, after = -1;
  std::optional<std::string> group_separator = std::string("--");
  bool utf8 = false;
};

bool parse_count(const std::string& s, long long* out) {
  if (s.empty()) return false;
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = std::min<long long>(v * 10 + (c - '0'), 1LL << 62);
  }
  *out = v;
  return true;
}

// Counts `c` in p[0, n), eight bytes at a time: for each byte b of x = word ^ c,
// ((b & 0x7f) + 0x7f) | b has its high bit set exactly when b != 0.
size_t count_byte(const char* p, size_t n, char c) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t pattern = 0x0101010101010101ULL * static_cast<unsigned char>(c);
  size_t count = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    uint64_t x = w ^ pattern;
    uint64_t nonzero = (((x & kLow7) + kLow7) | x) & kHigh;
    count += 8 - __builtin_popcountll(nonzero);
  }
  for (; i < n; ++i) count += p[i] == c;
  return count;
}

void split_patterns(std::string_view text, std::vector<std::string>& out) {
  size_t start = 0;
  for (;;) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      return;
    }
    out.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
}

class Grep {
 public:
  Grep(Context& ctx, Config& cfg, const Regex& rx) : ctx_(ctx), cfg_(cfg), rx_(rx) {
    eol_ = cfg.null_data ? '\0' : '\n';
    out_ = &ctx.out();
    need_line_numbers_ = cfg.line_number;
    context_ = cfg.before > 0 || cfg.after > 0;
    separators_ = cfg.before >= 0 || cfg.after >= 0;
    list_only_ = cfg.files_with || cfg.files_without || cfg.count || cfg.quiet;
  }

  // Searches one operand (file, "-" or directory). Returns false to stop everything (-q hit).
  bool search_operand(const std::string& operand, bool command_line);

  bool any_selected() const { return any_selected_; }
  bool had_error() const { return had_error_; }

 private:
  using Line = ContextLine;
  template <class Searcher>
  friend bool kefka::cmd::scan_lines(Searcher& s, size_t pos, size_t limit, char eol);

  bool search_path(const std::string& path, const std::string& shown, bool command_line);
  bool search_directory(const std::string& path, const std::string& shown);
  bool search_directory_entries(const std::string& path, const std::string& shown);
  bool search_stream(Stream& in, const std::string& name, bool command_line);
  // Scans buf_[from, limit) (whole lines). Returns false when the file is done.
  bool scan(size_t from, size_t limit);
  bool find_next(size_t pos, size_t limit, size_t* ls, size_t* le);
  bool line_matches(size_t ls, size_t le);
  // A selected (matched != invert) or context line. Returns false to stop the file.
  bool on_selected(size_t ls, size_t le, long long number);
  void on_unselected(size_t ls, size_t le, long long number);
  void print_line(size_t ls, size_t le, long long number, char sep);
  void separator(long long number);
  void print_prefix(long long number, uint64_t offset, char sep);
  void print_only_matching(size_t ls, size_t le, long long number);
  void trailing_context(size_t ls, size_t le, long long number) {
    print_line(ls, le, number, '-');
    --after_left_;
  }
  void skip_lines(size_t from, size_t to) { count_lines(from, to); }
  void count_lines(size_t from, size_t to) {
    if (!need_line_numbers_ && !separators_) return;
    lineno_ += count_byte(buf_.data() + from, to - from, eol_);
  }
  void error(const std::string& msg) {
    had_error_ = true;
    if (!cfg_.no_messages) ctx_.error(msg);
  }
  bool excluded_file(std::string_view name, bool command_line) const;
  bool excluded_dir(std::string_view name) const;

  Context& ctx_;
  Config& cfg_;
  const Regex& rx_;
  BufferedWriter* out_;
  char eol_;
  bool need_line_numbers_;
  bool context_;
  bool separators_;  // a context option was given, even -A0: "--" between groups
  bool list_only_;
  bool any_selected_ = false;
  bool had_error_ = false;
  bool stop_all_ = false;
  bool printed_any_ = false;  // for the "--" group separator across files
  std::vector<std::pair<uint64_t, uint64_t>> active_dirs_;  // (dev, ino) being searched

  // Per-file state.
  std::string name_;
  bool show_name_ = false;
  std::string buf_;
  uint64_t buf_offset_ = 0;  // file offset of buf_[0]
  long long lineno_ = 1;     // number of the line at the scan position
  long long selected_ = 0;
  long long last_printed_ = 0;  // number of the last printed line (0: none in this file)
  long long after_left_ = 0;
  bool binary_ = false;
  bool binary_matched_ = false;
  bool max_reached_ = false;
  std::deque<Line> before_;  // pending leading-context lines
  MatchSpan span_[1];
};

bool Grep::excluded_file(std::string_view path, bool command_line) const {
  std::string base(
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
  std::string full(path);
  auto match = [&](const std::string& glob) {
    return fnmatch(glob.c_str(), base.c_str(), 0) == 0 ||
           (command_line && fnmatch(glob.c_str(), full.c_str(), 0) == 0);
  };
  for (const auto& g : cfg_.exclude)
    if (match(g)) return true;
  if (!cfg_.include.empty()) {
    for (const auto& g : cfg_.include)
      if (match(g)) return false;
    return true;
  }
  return false;
}

bool Grep::excluded_dir(std::string_view path) const {
  std::string base(
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
  for (const auto& g : cfg_.exclude_dir)
    if (fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
  return false;
}

bool Grep::search_operand(const std::string& operand, bool command_line) {
  if (operand == "-") {
    auto in = ctx_.in();
    if (!in) {
      error(cfg_.label + ": Bad file descriptor");
      return true;
    }
    return search_stream(*in, cfg_.label, command_line);
  }
  // grep -r without operands searches "." and shows names without "./".
  if (operand.empty()) return search_path(".", "", command_line);
  return search_path(operand, operand, command_line);
}

bool Grep::search_path(const std::string& path, const std::string& shown, bool command_line) {
  ctx_.budget.check();
  bool follow = command_line || cfg_.deref;
  auto st = follow ? ctx_.fs.stat(path) : ctx_.fs.lstat(path);
  if (!st) {
    if (!command_line && !follow) return true;
    error(shown + ": " + std::strerror(st.error()));
    return true;
  }
  if (st->is_symlink()) return true;  // -r skips symlinks met in the walk
  // Like GNU's default `-D read`, devices, fifos and sockets are read only when
  // named on the command line; met while recursing they are skipped.
  if (!command_line && !st->is_dir() && !st->is_regular()) return true;
  if (st->is_dir()) {
    if (cfg_.recursive) {
      if (!command_line && excluded_dir(path)) return true;
      if (command_line && !cfg_.exclude_dir.empty() && excluded_dir(path) && path != ".")
        return true;
      return search_directory(path, shown);
    }
    if (cfg_.directories == "skip") return true;
    error(shown + ": Is a directory");
    return true;
  }
  if ((cfg_.recursive || !cfg_.include.empty() || !cfg_.exclude.empty()) &&
      excluded_file(path, command_line))
    return true;
  auto in = ctx_.open_input(path);
  if (!in) {
    error(shown + ": " + std::strerror(in.error()));
    return true;
  }
  return search_stream(**in, shown, command_line);
}

bool Grep::search_directory(const std::string& path, const std::string& shown) {
  // -R follows symlinks: a directory already being searched is a loop.
  auto st = ctx_.fs.stat(path);
  if (st) {
    std::pair<uint64_t, uint64_t> id{st->dev, st->ino};
    if (std::find(active_dirs_.begin(), active_dirs_.end(), id) != active_dirs_.end()) {
      if (!cfg_.no_messages) ctx_.error(shown + ": warning: recursive directory loop");
      return true;
    }
    active_dirs_.push_back(id);
  }
  bool result = search_directory_entries(path, shown);
  if (st) active_dirs_.pop_back();
  return result;
}

bool Grep::search_directory_entries(const std::string& path, const std::string& shown) {
  auto entries = ctx_.fs.readdir(path);
  if (!entries) {
    error(shown + ": " + std::strerror(entries.error()));
    return true;
  }
  std::vector<std::string> names;
  for (const auto& e : *entries)
    if (e.name != "." && e.name != "..") names.push_back(e.name);
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    std::string child = path;
    if (child != "/") child += '/';
    child += n;
    std::string child_shown = shown;
    if (!child_shown.empty() && child_shown.back() != '/') child_shown += '/';
    child_shown += n;
    if (!search_path(child, child_shown, false)) return false;
  }
  return true;
}

bool Grep::search_stream(Stream& in, const std::string& name, bool command_line) {
  name_ = name;
  // With -r and a single operand, names are shown for files found inside it.
  show_name_ = cfg_.with_filename > 0 || (cfg_.with_filename < 0 && !command_line);
  buf_.clear();
  buf_offset_ = 0;
  lineno_ = 1;
  selected_ = 0;
  last_printed_ = 0;
  after_left_ = 0;
  binary_ = false;
  binary_matched_ = false;
  max_reached_ = false;
  before_.clear();

  constexpr size_t kChunk = 256 * 1024;
  bool eof = false;
  bool first = true;
  size_t scan_from = 0;
  bool done = cfg_.max_count == 0;
  while (!done && !eof) {
    ctx_.budget.check();
    size_t old = buf_.size();
    buf_.resize(old + kChunk);
    auto n = in.read(std::span<char>(buf_.data() + old, kChunk));
    if (!n) {
      buf_.resize(old);
      error(name + ": " + std::strerror(n.error()));
      return true;
    }
    buf_.resize(old + *n);
    if (*n == 0) {
      eof = true;
      if (buf_.size() > scan_from && buf_.back() != eol_) buf_.push_back(eol_);
    } else if (!cfg_.null_data && cfg_.binary != BinaryMode::kText && !binary_ &&
               std::memchr(buf_.data() + old, '\0', *n) != nullptr) {
      binary_ = true;
      if (cfg_.binary == BinaryMode::kWithoutMatch && first) return true;
    }
    if (binary_ && *n > 0) {
      // Like GNU, NULs end lines in a binary file (its output is suppressed anyway).
      std::replace(buf_.begin() + old, buf_.end(), '\0', eol_);
    }
    first = false;
    // Only the new bytes can hold a line end: the unscanned tail had none.
    size_t fresh = eof ? old : std::max(old, scan_from);
    const void* last =
        buf_.size() > fresh ? memrchr(buf_.data() + fresh, eol_, buf_.size() - fresh) : nullptr;
    if (last == nullptr) continue;
    size_t limit = static_cast<const char*>(last) - buf_.data() + 1;
    if (!scan(scan_from, limit)) done = true;
    if (stop_all_) break;
    // Keep the unscanned tail and the lines still needed as leading context.
    size_t keep = limit;
    if (!before_.empty()) keep = std::min(keep, before_.front().begin);
    for (auto& l : before_) l.begin -= keep, l.end -= keep;
    buf_.erase(0, keep);
    buf_offset_ += keep;
    scan_from = limit - keep;
  }
  if (binary_matched_) {
    (void)out_->flush();
    if (!cfg_.quiet) ctx_.error(name + ": binary file matches");
  }
  if (cfg_.count) {
    if (show_name_) {
      out_->write(name);
      out_->put(cfg_.null_after_name ? '\0' : ':');
    }
    *out_ << std::to_string(selected_) << '\n';
  }
  if ((cfg_.files_with && selected_ > 0) || (cfg_.files_without && selected_ == 0)) {
    *out_ << name;
    out_->put(cfg_.null_after_name ? '\0' : '\n');
  }
  if (cfg_.line_buffered) (void)out_->flush();
  return !stop_all_;
}

bool Grep::line_matches(size_t ls, size_t le) {
  std::string_view line(buf_.data() + ls, le - ls);
  return rx_.search(line, 0, span_, 0);
}

// Finds the next line in [pos, limit) with a match; sets its bounds.
bool Grep::find_next(size_t pos, size_t limit, size_t* ls, size_t* le) {
  std::string_view region(buf_.data(), limit);
  const char* base = buf_.data();
  if (cfg_.null_data || cfg_.syntax == RegexSyntax::kPerl) {
    // Records may hold newlines (-z), or a Perl pattern may look across a
    // line end (\A, \z, look-behind): match record by record.
    while (pos < limit) {
      const char* e = static_cast<const char*>(std::memchr(base + pos, eol_, limit - pos));
      size_t end = e - base;
      if (line_matches(pos, end)) {
        *ls = pos, *le = end;
        return true;
      }
      pos = end + 1;
    }
    return false;
  }
  return find_matching_line(rx_, region, pos, span_, ls, le);
}

bool Grep::scan(size_t pos, size_t limit) {
  return scan_lines(*this, pos, limit, eol_);
}

bool Grep::on_selected(size_t ls, size_t le, long long number) {
  ++selected_;
  any_selected_ = true;
  if (cfg_.quiet) {
    stop_all_ = true;
    return false;
  }
  if (cfg_.files_with || cfg_.files_without) return false;
  if (out_->error() != 0) {  // stdout is gone (EPIPE): like GNU killed by SIGPIPE
    stop_all_ = true;
    return false;
  }
  bool reached = cfg_.max_count >= 0 && selected_ >= cfg_.max_count;
  if (!cfg_.count) {
    std::string_view line(buf_.data() + ls, le - ls);
    bool bad_encoding = cfg_.utf8 && cfg_.binary != BinaryMode::kText && !is_valid_utf8(line);
    if ((binary_ || bad_encoding) && cfg_.binary != BinaryMode::kText) {
      binary_matched_ = true;
      return false;
    }
    while (!before_.empty()) {
      const Line& l = before_.front();
      // -o prints no context lines, but they still join groups (no "--").
      if (cfg_.only_matching) {
        separator(l.number);
      } else {
        print_line(l.begin, l.end, l.number, '-');
      }
      before_.pop_front();
    }
    if (cfg_.only_matching) {
      if (!cfg_.invert) print_only_matching(ls, le, number);
    } else {
      print_line(ls, le, number, ':');
    }
    after_left_ = cfg_.after > 0 ? cfg_.after : 0;
  }
  if (reached) {
    max_reached_ = true;
    if (cfg_.count || cfg_.only_matching || after_left_ <= 0) return false;
  }
  return true;
}

void Grep::on_unselected(size_t ls, size_t le, long long number) {
  if (!context_ || cfg_.count) return;
  if (after_left_ > 0) {
    --after_left_;
    if (binary_) return;
    if (cfg_.only_matching) {
      separator(number);
    } else {
      print_line(ls, le, number, '-');
    }
    return;
  }
  if (cfg_.before > 0) {
    before_.push_back({ls, le, number});
    if (static_cast<long long>(before_.size()) > cfg_.before) before_.pop_front();
  }
}

void Grep::print_prefix(long long number, uint64_t offset, char sep) {
  if (show_name_) {
    out_->write(name_);
    out_->put(cfg_.null_after_name ? '\0' : sep);
  }
  if (cfg_.line_number) {
    std::string n = std::to_string(number);
    if (cfg_.initial_tab && n.size() < 4) out_->write(std::string(4 - n.size(), ' '));
    *out_ << n;
    out_->put(sep);
  }
  if (cfg_.byte_offset) {
    *out_ << std::to_string(offset);
    out_->put(sep);
  }
  if (cfg_.initial_tab && (cfg_.with_filename > 0 || cfg_.line_number || cfg_.byte_offset))
    out_->put('\t');
}

// Prints "--" before a line that does not follow the last printed one.
void Grep::separator(long long number) {
  if (separators_ && cfg_.group_separator && printed_any_ &&
      (last_printed_ == 0 || number != last_printed_ + 1)) {
    *out_ << *cfg_.group_separator << '\n';
  }
  printed_any_ = true;
  last_printed_ = number;
}

void Grep::print_line(size_t ls, size_t le, long long number, char sep) {
  separator(number);
  print_prefix(number, buf_offset_ + ls, sep);
  out_->write(std::string_view(buf_.data() + ls, le - ls));
  out_->put(eol_);
  if (cfg_.line_buffered) (void)out_->flush();
}

void Grep::print_only_matching(size_t ls, size_t le, long long number) {
  std::string_view line(buf_.data() + ls, le - ls);
  size_t pos = 0;
  bool first = true;
  while (pos <= line.size()) {
    if (!rx_.search(line, pos, span_, 1)) break;
    if (span_[0].size() == 0) {
      pos = span_[0].end + 1;
      continue;
    }
    if (first) separator(number);
    first = false;
    print_prefix(number, buf_offset_ + ls + span_[0].begin, ':');
    out_->write(line.substr(span_[0].begin, span_[0].size()));
    out_->put(eol_);
    pos = span_[0].end;
  }
  if (cfg_.line_buffered) (void)out_->flush();
}

int grep_main(Context& ctx, const Args& args, RegexSyntax initial) {
  Config cfg;
  cfg.syntax = initial;
  cfg.utf8 = locale_is_utf8(ctx.getenv("LC_ALL"), ctx.getenv("LC_CTYPE"), ctx.getenv("LANG"));
  std::vector<std::string> pattern_files;
  long long default_context = -1;
  for (const auto& occ : args.options) {
    const OptionSpec& o = *occ.spec;
    std::string_view key = o.long_name;
    char c = o.short_name;
    const std::string& v = occ.value;
    if (c == 'E') {
      cfg.syntax = RegexSyntax::kExtended;
    } else if (c == 'F') {
      cfg.syntax = RegexSyntax::kFixed;
    } else if (c == 'G') {
      cfg.syntax = RegexSyntax::kBasic;
    } else if (c == 'P') {
      cfg.syntax = RegexSyntax::kPerl;
    } else if (c == 'e') {
      split_patterns(v, cfg.patterns), cfg.have_patterns = true;
    } else if (c == 'f') {
      cfg.have_patterns = true;
      auto in = ctx.open_input(v);
      Result<std::string> text = in ? read_all(**in) : Result<std::string>(Errno{in.error()});
      if (!text) {
        ctx.error(v + ": " + std::strerror(text.error()));
        return kExitUsage;
      }
      std::string_view t = *text;
      if (!t.empty() && t.back() == '\n') t.remove_suffix(1);
      if (!text->empty()) split_patterns(t, cfg.patterns);
    } else if (c == 'i' || c == 'y') {
      cfg.icase = true;
    } else if (key == "no-ignore-case") {
      cfg.icase = false;
    } else if (c == 'w') {
      cfg.word = true;
    } else if (c == 'x') {
      cfg.line = true;
    } else if (c == 'z') {
      cfg.null_data = true;
    } else if (c == 's') {
      cfg.no_messages = true;
    } else if (c == 'v') {
      cfg.invert = true;
    } else if (c == 'V') {
      ctx.out() << "grep (GNU grep) 3.8 (kefka)\n";
      return kExitSuccess;
    } else if (c == 'm') {
      if (!parse_count(v, &cfg.max_count)) {
        ctx.error("invalid max count");
        return kExitUsage;
      }
    } else if (c == 'b') {
      cfg.byte_offset = true;
    } else if (c == 'n') {
      cfg.line_number = true;
    } else if (key == "line-buffered") {
      cfg.line_buffered = true;
    } else if (c == 'H') {
      cfg.with_filename = 1;
    } else if (c == 'h') {
      cfg.with_filename = 0;
    } else if (key == "label") {
      cfg.label = v;
    } else if (c == 'o') {
      cfg.only_matching = true;
    } else if (c == 'q' || key == "silent") {
      cfg.quiet = true;
    } else if (key == "binary-files") {
      if (v == "binary") {
        cfg.binary = BinaryMode::kBinary;
      } else if (v == "text") {
        cfg.binary = BinaryMode::kText;
      } else if (v == "without-match") {
        cfg.binary = BinaryMode::kWithoutMatch;
      } else {
        ctx.error("unknown binary-files type");
        return kExitUsage;
      }
    } else if (c == 'a') {
      cfg.binary = BinaryMode::kText;
    } else if (c == 'I') {
      cfg.binary = BinaryMode::kWithoutMatch;
    } else if (c == 'd') {
      if (v == "recurse") {
        cfg.recursive = true;
      } else if (v == "read" || v == "skip") {
        cfg.directories = v, cfg.recursive = false;
      } else {
        ctx.error("invalid argument ‘" + v + "’ for ‘--directories’");
        return kExitUsage;
      }
    } else if (c == 'D' || key == "color" || key == "colour") {
      // Accepted and ignored: the sandbox has no devices and grep never colours.
    } else if (c == 'r') {
      cfg.recursive = true;
      cfg.deref = false;
    } else if (c == 'R') {
      cfg.recursive = true;
      cfg.deref = true;
    } else if (key == "include") {
      cfg.include.push_back(v);
    } else if (key == "exclude") {
      cfg.exclude.push_back(v);
    } else if (key == "exclude-dir") {
      cfg.exclude_dir.push_back(v);
    } else if (key == "exclude-from") {
      auto text = ctx.fs.read_file(v);
      if (!text) {
        ctx.error(v + ": " + std::strerror(text.error()));
        return kExitUsage;
      }
      std::vector<std::string> globs;
      split_patterns(*text, globs);
      for (auto& g : globs)
        if (!g.empty()) cfg.exclude.push_back(g);
    } else if (c == 'L') {
      cfg.files_without = true, cfg.files_with = false;
    } else if (c == 'l') {
      cfg.files_with = true, cfg.files_without = false;
    } else if (c == 'c') {
      cfg.count = true;
    } else if (c == 'T') {
      cfg.initial_tab = true;
    } else if (c == 'Z') {
      cfg.null_after_name = true;
    } else if (c == 'A' || c == 'B' || c == 'C') {
      long long n = 0;
      if (!parse_count(v, &n)) {
        ctx.error(v + ": invalid context length argument");
        return kExitUsage;
      }
      if (c == 'A') {
        cfg.after = n;
      } else if (c == 'B') {
        cfg.before = n;
      } else {
        default_context = n;  // -A/-B win over -C whatever their order (GNU)
      }
    } else if (key == "no-group-separator") {
      cfg.group_separator.reset();
    } else if (key == "group-separator") {
      cfg.group_separator = v;
    }
  }
  if (cfg.after < 0) cfg.after = default_context;
  if (cfg.before < 0) cfg.before = default_context;
  // -q beats -l/-L, which beat -c (GNU).
  if (cfg.quiet) cfg.files_with = cfg.files_without = false;
  if (cfg.quiet || cfg.files_with || cfg.files_without) cfg.count = false;
  std::vector<std::string> operands = args.operands;
  if (!cfg.have_patterns) {
    if (operands.empty()) {
      ctx.err() << "Usage: " << ctx.name() << " [OPTION]... PATTERNS [FILE]...\n"
                << "Try '" << ctx.name() << " --help' for more information.\n";
      return kExitUsage;
    }
    split_patterns(operands.front(), cfg.patterns);
    operands.erase(operands.begin());
  }
  if (operands.empty()) operands.push_back(cfg.recursive ? "" : "-");
  if (cfg.with_filename < 0 && (operands.size() > 1 || !cfg.recursive)) {
    cfg.with_filename = operands.size() > 1 ? 1 : 0;
  }

  // GNU shortcuts: nothing can be selected, so no file is even opened.
  if (cfg.max_count == 0) return kExitFailure;
  if (cfg.invert && cfg.patterns.size() == 1 && cfg.patterns[0].empty() && !cfg.line && !cfg.word)
    return kExitFailure;

  RegexOptions ro;
  ro.syntax = cfg.syntax;
  ro.icase = cfg.icase;
  ro.line_mode = !cfg.null_data;
  ro.dot_matches_newline = cfg.null_data;
  ro.utf8 = cfg.utf8;
  ro.whole_line = cfg.line;
  ro.whole_word = cfg.word;
  std::vector<std::string_view> views(cfg.patterns.begin(), cfg.patterns.end());
  std::string error;
  std::unique_ptr<Regex> rx;
  if (!views.empty()) {
    rx = Regex::compile_any(views, ro, &error);
  } else {
    rx = Regex::compile("(?!)x", RegexOptions{.syntax = RegexSyntax::kPerl}, &error);
  }
  if (!rx) {
    ctx.error(error);
    return kExitUsage;
  }

  Grep grep(ctx, cfg, *rx);
  try {
    for (const auto& op : operands) {
      if (!grep.search_operand(op, true)) break;
    }
  } catch (const RegexLimitError& e) {
    (void)ctx.out().flush();
    ctx.error(e.what());
    return kExitUsage;
  }
  if (cfg.quiet && grep.any_selected()) return kExitSuccess;
  if (grep.had_error()) return kExitUsage;
  return grep.any_selected() ? kExitSuccess : kExitFailure;
}

int run_grep(Context& ctx, const Args& args) {
  return grep_main(ctx, args, RegexSyntax::kBasic);
}
int run_egrep(Context& ctx, const Args& args) {
  return grep_main(ctx, args, RegexSyntax::kExtended);
}
int run_fgrep(Context& ctx, const Args& args) {
  return grep_main(ctx, args, RegexSyntax::kFixed);
}

constexpr std::string_view kUsage = "grep [OPTION]... PATTERNS [FILE]...";
constexpr std::string_view kSummary =
    "Search for PATTERNS in each FILE.\n"
    "Example: grep -i 'hello world' menu.h main.c\n"
    "PATTERNS can contain multiple patterns separated by newlines.";
constexpr std::string_view kEpilog =
    "When FILE is '-', read standard input.  With no FILE, read '.' if\n"
    "recursive, '-' otherwise.  With fewer than two FILEs, assume -h.\n"
    "Exit status is 0 if any line is selected, 1 otherwise;\n"
    "if any error occurs and -q is not given, the exit status is 2.";

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(grep, {
                        .name = "grep",
                        .usage = kUsage,
                        .summary = kSummary,
                        .options = kOptions,
                        .main = run_grep,
                        .flags = kUsageStatus2 | kNumericShorthand,
                        .number_option = 'C',
                        .epilog = kEpilog,
                    });

KEFKA_COMMAND(egrep, {
                         .name = "egrep",
                         .usage = kUsage,
                         .summary = kSummary,
                         .options = kOptions,
                         .main = run_egrep,
                         .flags = kUsageStatus2 | kNumericShorthand,
                         .number_option = 'C',
                         .epilog = kEpilog,
                     });

KEFKA_COMMAND(fgrep, {
                         .name = "fgrep",
                         .usage = kUsage,
                         .summary = kSummary,
                         .options = kOptions,
                         .main = run_fgrep,
                         .flags = kUsageStatus2 | kNumericShorthand,
                         .number_option = 'C',
                         .epilog = kEpilog,
                     });

// rg: a ripgrep-compatible recursive search (output as ripgrep prints it
// when stdout is not a terminal, without colour).
//
// Checked against ripgrep's documentation and its own test expectations, not a
// binary (none is installed here). Deliberate differences: directories are
// walked in sorted order (ripgrep's order depends on its threads; ours equals
// `--sort path`), patterns use RE2 syntax (close to Rust's regex crate),
// multiline search (-U), preprocessors and encodings are not supported, and
// with no path operand standard input is searched only when it has data
// (ripgrep asks whether stdin is a pipe or file; the sandbox cannot tell an
// empty pipe from no input).
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands/command.h"
#include "commands/common/escape.h"
#include "commands/options.h"
#include "commands/text/line_scan.h"
#include "commands/text/regex.h"
#include "commands/text/rg_ignore.h"

namespace kefka::cmd {
namespace {

using rg::GlobRules;
using rg::Verdict;

constexpr OptionSpec kOptions[] = {
    {'e', "regexp", ArgKind::Required, "PATTERN", "a pattern to search for"},
    {'f', "file", ArgKind::Required, "PATTERNFILE", "search for patterns from the given file"},
    {'F', "fixed-strings", ArgKind::None, "", "treat all patterns as literals"},
    {'i', "ignore-case", ArgKind::None, "", "case insensitive search"},
    {'S', "smart-case", ArgKind::None, "", "smart case search"},
    {'s', "case-sensitive", ArgKind::None, "", "search case sensitively (default)"},
    {'w', "word-regexp", ArgKind::None, "", "show matches surrounded by word boundaries"},
    {'x', "line-regexp", ArgKind::None, "", "show matches surrounded by line boundaries"},
    {'v', "invert-match", ArgKind::None, "", "invert matching"},
    {'c', "count", ArgKind::None, "", "show count of matching lines for each file"},
    {0, "count-matches", ArgKind::None, "", "show count of every match for each file"},
    {'l', "files-with-matches", ArgKind::None, "", "print the paths with at least one match"},
    {0, "files-without-match", ArgKind::None, "", "print the paths that contain zero matches"},
    {'n', "line-number", ArgKind::None, "", "show line numbers"},
    {'N', "no-line-number", ArgKind::None, "", "suppress line numbers"},
    {0, "column", ArgKind::None, "", "show column numbers"},
    {0, "no-column", ArgKind::None, "", "do not show column numbers"},
    {'b', "byte-offset", ArgKind::None, "", "print the byte offset for each line"},
    {'o', "only-matching", ArgKind::None, "", "print only matched parts of a line"},
    {'r', "replace", ArgKind::Required, "REPLACEMENT", "replace matches with the given text"},
    {0, "vimgrep", ArgKind::None, "", "show results in vim compatible format"},
    {'m', "max-count", ArgKind::Required, "NUM", "limit the number of matching lines"},
    {'A', "after-context", ArgKind::Required, "NUM", "show NUM lines after each match"},
    {'B', "before-context", ArgKind::Required, "NUM", "show NUM lines before each match"},
    {'C', "context", ArgKind::Required, "NUM", "show NUM lines before and after each match"},
    {0, "context-separator", ArgKind::Required, "SEP", "the string used to separate contexts"},
    {0, "no-context-separator", ArgKind::None, "", "do not print context separators"},
    {'g', "glob", ArgKind::Required, "GLOB", "include or exclude files (!GLOB)"},
    {0, "iglob", ArgKind::Required, "GLOB", "include or exclude files case insensitively"},
    {0, "glob-case-insensitive", ArgKind::None, "", "process all globs case insensitively"},
    {'t', "type", ArgKind::Required, "TYPE", "only search files matching TYPE"},
    {'T', "type-not", ArgKind::Required, "TYPE", "do not search files matching TYPE"},
    {0, "type-list", ArgKind::None, "", "show all supported file types"},
    {0, "type-add", ArgKind::Required, "TYPESPEC", "add a glob to a file type (NAME:GLOB)"},
    {0, "type-clear", ArgKind::Required, "TYPE", "clear the globs of a file type"},
    {'u', "unrestricted", ArgKind::None, "", "reduce the level of smart filtering"},
    {0, "hidden", ArgKind::None, "", "search hidden files and directories"},
    {'.', "", ArgKind::None, "", "search hidden files and directories"},
    {0, "no-hidden", ArgKind::None, "", "do not search hidden files (default)"},
    {0, "no-ignore", ArgKind::None, "", "do not respect ignore files"},
    {0, "ignore", ArgKind::None, "", "respect ignore files (default)"},
    {0, "no-ignore-vcs", ArgKind::None, "", "do not respect .gitignore files"},
    {0, "no-ignore-dot", ArgKind::None, "", "do not respect .ignore and .rgignore files"},
    {0, "no-ignore-parent", ArgKind::None, "", "do not respect ignore files in parent directories"},
    {0, "no-require-git", ArgKind::None, "", "respect .gitignore outside git repositories"},
    {'L', "follow", ArgKind::None, "", "follow symbolic links"},
    {'d', "max-depth", ArgKind::Required, "NUM", "descend at most NUM directories"},
    {0, "maxdepth", ArgKind::Required, "NUM", "descend at most NUM directories"},
    {0, "files", ArgKind::None, "", "print each file that would be searched"},
    {0, "json", ArgKind::None, "", "show search results in a JSON Lines format"},
    {'0', "null", ArgKind::None, "", "print a NUL byte after file paths"},
    {0, "heading", ArgKind::None, "", "print the file path above clusters of matches"},
    {0, "no-heading", ArgKind::None, "", "print the file path on each matching line"},
    {'H', "with-filename", ArgKind::None, "", "print the file path with each matching line"},
    {'I', "no-filename", ArgKind::None, "", "never print the file path"},
    {'q', "quiet", ArgKind::None, "", "do not print anything to stdout"},
    {'a', "text", ArgKind::None, "", "search binary files as if they were text"},
    {0, "binary", ArgKind::None, "", "search binary files"},
    {0, "no-binary", ArgKind::None, "", "skip binary files found while searching (default)"},
    {0, "sort", ArgKind::Required, "SORTBY", "sort results (path, none, ...)"},
    {0, "sortr", ArgKind::Required, "SORTBY", "sort results in reverse order"},
    {0, "include-zero", ArgKind::None, "", "with --count, also print files with zero matches"},
    {0, "no-messages", ArgKind::None, "", "suppress some error messages"},
    {'j', "threads", ArgKind::Required, "NUM", "accepted; the search runs on one thread"},
    {0, "color", ArgKind::Required, "WHEN", "accepted; output is never coloured"},
    {0, "colors", ArgKind::Required, "SPEC", "accepted and ignored"},
    {'p', "pretty", ArgKind::None, "", "accepted; same as --heading -n"},
    {'V', "version", ArgKind::None, "", "print version information"},
};

enum class OutputKind {
  kLines,
  kCount,
  kCountMatches,
  kFilesWithMatches,
  kFilesWithoutMatch,
  kQuiet,
  kJson,
};

struct Config {
  std::vector<std::string> patterns;
  bool fixed = false;
  enum { kSensitive, kInsensitive, kSmart } case_mode = kSensitive;
  bool word = false, line = false, invert = false;
  OutputKind kind = OutputKind::kLines;
  bool only_matching = false, column = false, byte_offset = false, vimgrep = false;
  int line_number = -1;  // -1: default (on when stdout is a terminal)
  int with_filename = -1;
  int heading = -1;
  std::optional<std::string> replace;
  long long max_count = -1;
  long long before = 0, after = 0;
  std::optional<std::string> context_separator = std::string("--");
  GlobRules overrides;
  std::vector<const rg::FileType*> select_types, negate_types;
  bool hidden = false, no_ignore = false, no_ignore_vcs = false, no_ignore_dot = false;
  bool no_ignore_parent = false, no_require_git = false, follow = false;
  long long max_depth = -1;
  bool files_mode = false, null = false, include_zero = false, no_messages = false;
  bool text = false, binary = false;
  bool sort_reverse = false;
  bool stdout_tty = false;
};

bool parse_number(const std::string& s, long long* out) {
  if (s.empty() || s.size() > 18) return false;
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// ripgrep's error suffix, e.g. "No such file or directory (os error 2)".
std::string os_error(int err) {
  return std::string(std::strerror(err)) + " (os error " + std::to_string(err) + ")";
}

// Smart case: insensitive unless the pattern has an upper-case literal letter.
bool has_uppercase_literal(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;  // \S \W \D \B \A \Z \P{..} are not literals
      if (i < p.size() && (p[i] == 'p' || p[i] == 'P') && i + 1 < p.size() && p[i + 1] == '{')
        while (i < p.size() && p[i] != '}') ++i;
      continue;
    }
    if (p[i] >= 'A' && p[i] <= 'Z') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// JSON helpers (serde_json's escaping; invalid UTF-8 is base64 "bytes").

void json_escape(std::string_view s, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        // JSON has the C letters but for \a and \v.
        if (char letter = c_escape_letter(c); letter != 0 && letter != 'a' && letter != 'v') {
          out += '\\';
          out += letter;
        } else if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

void base64(std::string_view s, std::string& out) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= s.size(); i += 3) {
    uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 63];
  }
  if (i < s.size()) {
    uint32_t v = uint8_t(s[i]) << 16;
    if (i + 1 < s.size()) v |= uint8_t(s[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < s.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
}

void json_data(std::string_view s, std::string& out) {
  if (is_valid_utf8(s)) {
    out += "{\"text\":\"";
    json_escape(s, out);
    out += "\"}";
  } else {
    out += "{\"bytes\":\"";
    base64(s, out);
    out += "\"}";
  }
}

void json_duration(std::chrono::nanoseconds d, bool sorted_keys, std::string& out) {
  long long total = d.count();
  long long secs = total / 1'000'000'000, nanos = total % 1'000'000'000;
  char human[64];
  std::snprintf(human, sizeof human, "%.6fs", static_cast<double>(total) / 1e9);
  if (sorted_keys) {
    out += "{\"human\":\"" + std::string(human) + "\",\"nanos\":" + std::to_string(nanos) +
           ",\"secs\":" + std::to_string(secs) + "}";
  } else {
    out += "{\"secs\":" + std::to_string(secs) + ",\"nanos\":" + std::to_string(nanos) +
           ",\"human\":\"" + human + "\"}";
  }
}

struct Stats {
  std::chrono::nanoseconds elapsed{0};
  uint64_t searches = 0, searches_with_match = 0, bytes_searched = 0, bytes_printed = 0;
  uint64_t matched_lines = 0, matches = 0;

  void add(const Stats& o) {
    elapsed += o.elapsed;
    searches += o.searches;
    searches_with_match += o.searches_with_match;
    bytes_searched += o.bytes_searched;
    bytes_printed += o.bytes_printed;
    matched_lines += o.matched_lines;
    matches += o.matches;
  }
};

// ---------------------------------------------------------------------------

class Rg {
 public:
  Rg(Context& ctx, Config& cfg, const Regex& rx) : ctx_(ctx), cfg_(cfg), rx_(rx) {
    out_ = &ctx.out();
    groups_.resize(static_cast<size_t>(rx.group_count()) + 1);
    start_ = std::chrono::steady_clock::now();
  }

  // Searches (or lists, with --files) one operand. Returns false to stop (-q).
  bool run_operand(const std::string& operand, bool implicit_root);
  // Searches standard input; `prefix` holds bytes already read from it.
  bool search_stdin(const std::string& prefix);
  void finish();

  bool matched() const { return matched_; }
  bool errored() const { return errored_; }

 private:
  struct Level {
    std::string abs_dir;
    GlobRules rules[3];  // .rgignore, .ignore, .gitignore (precedence order)
    bool has_git = false;
  };
  using Line = ContextLine;
  template <class Searcher>
  friend bool kefka::cmd::scan_lines(Searcher& s, size_t pos, size_t limit, char eol);

  void error(const std::string& msg) {
    errored_ = true;
    ctx_.error(msg);
  }
  Level load_level(const std::string& dir, const std::string& abs_dir);
  void push_parent_levels(const std::string& abs_root);
  Verdict match_ignore(const std::string& abs, bool is_dir) const;
  bool skip_entry(const std::string& name, const std::string& shown, const std::string& abs,
                  bool is_dir) const;
  bool walk(const std::string& path, const std::string& shown, const std::string& abs,
            long long depth);
  bool visit_file(const std::string& path, const std::string& shown, bool explicit_file);

  // Per-file search.
  bool search_stream(Stream& in, std::string_view prefix, const std::string& name,
                     bool explicit_file);
  bool scan(size_t from, size_t limit);
  bool find_next(size_t pos, size_t limit, size_t* ls, size_t* le);
  bool on_selected(size_t ls, size_t le, long long number);
  void on_unselected(size_t ls, size_t le, long long number);
  void trailing_context(size_t ls, size_t le, long long number) { on_unselected(ls, le, number); }
  void skip_lines(size_t from, size_t to) {
    lineno_ += std::count(buf_.data() + from, buf_.data() + to, '\n');
  }
  void emit_line(size_t ls, size_t le, long long number, bool is_match);
  void emit_json(size_t ls, size_t le, long long number, bool is_match);
  void write_prefix(long long number, uint64_t offset, size_t column, char sep);
  void write_path_prefix(char sep);
  void separator(long long number);
  std::string replaced(std::string_view line);
  size_t count_matches_in(std::string_view line);
  void begin_output();
  void write(std::string_view s) {
    out_->write(s);
    file_stats_.bytes_printed += s.size();
  }

  Context& ctx_;
  Config& cfg_;
  const Regex& rx_;
  BufferedWriter* out_;
  std::vector<MatchSpan> groups_;
  std::vector<Level> levels_;
  std::vector<std::pair<uint64_t, uint64_t>> active_dirs_;
  bool matched_ = false;
  bool errored_ = false;
  bool stop_all_ = false;
  bool printed_any_ = false;  // some file printed lines (for "--" and headings)
  Stats total_;
  std::chrono::steady_clock::time_point start_;

  // Per-file state.
  std::string name_;
  bool show_name_ = false;
  bool explicit_ = false;
  bool begun_ = false;  // heading / JSON begin written
  std::string buf_;
  uint64_t buf_offset_ = 0;
  long long lineno_ = 1;
  long long selected_ = 0;
  uint64_t match_count_ = 0;
  long long last_printed_ = 0;
  long long after_left_ = 0;
  bool max_reached_ = false;
  bool binary_ = false;
  uint64_t binary_offset_ = 0;
  bool binary_stop_ = false;  // stopped at a binary match (convert mode)
  std::deque<Line> before_;
  Stats file_stats_;
};

Rg::Level Rg::load_level(const std::string& dir, const std::string& abs_dir) {
  Level level;
  level.abs_dir = abs_dir;
  auto join = [&](const char* name) {
    return dir == "/" ? std::string("/") + name : dir + "/" + name;
  };
  level.has_git = ctx_.fs.lstat(join(".git")).ok();
  if (cfg_.no_ignore) return level;
  const char* names[3] = {".rgignore", ".ignore", ".gitignore"};
  for (int k = 0; k < 3; ++k) {
    if (k < 2 && cfg_.no_ignore_dot) continue;
    if (k == 2 && cfg_.no_ignore_vcs) continue;
    auto text = ctx_.fs.read_file(join(names[k]), 16 << 20);
    if (text) level.rules[k].add_text(*text);
  }
  return level;
}

void Rg::push_parent_levels(const std::string& abs_root) {
  if (cfg_.no_ignore || cfg_.no_ignore_parent) {
    // Still note the repository: .gitignore files below apply only inside one.
    std::string dir = abs_root;
    while (dir.size() > 1) {
      dir = dir.substr(0, std::max<size_t>(dir.rfind('/'), 1));
      Level level;
      level.abs_dir = dir;
      level.has_git = ctx_.fs.lstat(dir == "/" ? "/.git" : dir + "/.git").ok();
      if (level.has_git) {
        levels_.push_back(std::move(level));
        break;
      }
    }
    return;
  }
  std::vector<std::string> parents;
  std::string dir = abs_root;
  while (dir.size() > 1) {
    dir = dir.substr(0, std::max<size_t>(dir.rfind('/'), 1));
    parents.push_back(dir);
  }
  for (auto it = parents.rbegin(); it != parents.rend(); ++it)
    levels_.push_back(load_level(*it, *it));
}

Verdict Rg::match_ignore(const std::string& abs, bool is_dir) const {
  if (cfg_.no_ignore) return Verdict::kNone;
  bool any_git = cfg_.no_require_git;
  for (const auto& l : levels_) any_git |= l.has_git;
  for (int kind = 0; kind < 3; ++kind) {
    if (kind == 2 && !any_git) break;
    for (auto it = levels_.rbegin(); it != levels_.rend(); ++it) {
      const Level& l = *it;
      if (!l.rules[kind].empty() && abs.size() > l.abs_dir.size()) {
        size_t skip = l.abs_dir == "/" ? 1 : l.abs_dir.size() + 1;
        Verdict v = l.rules[kind].match(std::string_view(abs).substr(skip), is_dir);
        if (v != Verdict::kNone) return v;
      }
      if (kind == 2 && l.has_git) break;  // .gitignore files above the repository do not apply
    }
  }
  return Verdict::kNone;
}

// The filters ripgrep applies to entries met while walking (never to paths
// given on the command line): -g globs, ignore files, types, hidden names.
bool Rg::skip_entry(const std::string& name, const std::string& shown, const std::string& abs,
                    bool is_dir) const {
  if (!cfg_.overrides.empty()) {
    std::string_view rel = shown;
    if (rel.substr(0, 2) == "./") rel.remove_prefix(2);
    Verdict v = cfg_.overrides.match(rel, is_dir);
    if (v == Verdict::kIgnore) return true;
    if (v == Verdict::kWhitelist) return false;
    if (cfg_.overrides.whitelist_count() > 0 && !is_dir) return true;
  }
  Verdict m = match_ignore(abs, is_dir);
  if (m == Verdict::kIgnore) return true;
  bool whitelisted = m == Verdict::kWhitelist;
  if (!is_dir && (!cfg_.select_types.empty() || !cfg_.negate_types.empty())) {
    for (const auto* t : cfg_.negate_types)
      if (rg::type_matches(*t, name)) return true;
    if (!cfg_.select_types.empty()) {
      bool any = false;
      for (const auto* t : cfg_.select_types) any |= rg::type_matches(*t, name);
      if (!any) return true;
      whitelisted = true;
    }
  }
  if (!whitelisted && !cfg_.hidden && !name.empty() && name[0] == '.') return true;
  return false;
}

bool Rg::run_operand(const std::string& operand, bool implicit_root) {
  ctx_.budget.check();
  if (operand == "-") return search_stdin("");
  auto st = ctx_.fs.stat(operand);
  if (!st) {
    error(operand + ": " + os_error(st.error()));
    return true;
  }
  if (!st->is_dir()) return visit_file(operand, operand, true);
  std::string abs = ctx_.fs.absolute(operand);
  levels_.clear();
  push_parent_levels(abs);
  bool go_on = true;
  if (cfg_.max_depth != 0) go_on = walk(operand, implicit_root ? "" : operand, abs, 0);
  levels_.clear();
  return go_on;
}

bool Rg::walk(const std::string& path, const std::string& shown, const std::string& abs,
              long long depth) {
  ctx_.budget.check();
  auto st = ctx_.fs.stat(path);
  if (st) {
    std::pair<uint64_t, uint64_t> id{st->dev, st->ino};
    if (std::find(active_dirs_.begin(), active_dirs_.end(), id) != active_dirs_.end()) {
      error("File system loop found: " + shown + " points to an ancestor");
      return true;
    }
    active_dirs_.push_back(id);
  }
  auto entries = ctx_.fs.readdir(path);
  if (!entries) {
    if (st) active_dirs_.pop_back();
    error((shown.empty() ? std::string(".") : shown) + ": " + os_error(entries.error()));
    return true;
  }
  levels_.push_back(load_level(path, abs));
  std::vector<std::pair<std::string, uint32_t>> names;
  for (const auto& e : *entries)
    if (e.name != "." && e.name != "..") names.emplace_back(e.name, e.type);
  std::sort(names.begin(), names.end());
  if (cfg_.sort_reverse) std::reverse(names.begin(), names.end());
  bool go_on = true;
  for (const auto& [name, type] : names) {
    std::string child = path;
    if (child != "/") child += '/';
    child += name;
    std::string child_shown = shown;
    if (!child_shown.empty() && child_shown.back() != '/') child_shown += '/';
    child_shown += name;
    std::string child_abs = abs;
    if (child_abs != "/") child_abs += '/';
    child_abs += name;
    uint32_t kind = type;
    if (kind == 0 || kind == S_IFLNK) {
      auto cst = kind == S_IFLNK && cfg_.follow ? ctx_.fs.stat(child) : ctx_.fs.lstat(child);
      if (!cst) continue;
      kind = cst->mode & S_IFMT;
    }
    if (kind == S_IFLNK) continue;  // not followed without -L
    bool is_dir = kind == S_IFDIR;
    if (!is_dir && kind != S_IFREG) continue;  // fifos, devices, sockets
    if (skip_entry(name, child_shown, child_abs, is_dir)) continue;
    if (is_dir) {
      if (cfg_.max_depth < 0 || depth + 1 < cfg_.max_depth)
        go_on = walk(child, child_shown, child_abs, depth + 1);
    } else {
      go_on = visit_file(child, child_shown, false);
    }
    if (!go_on) break;
  }
  levels_.pop_back();
  if (st) active_dirs_.pop_back();
  return go_on;
}

bool Rg::visit_file(const std::string& path, const std::string& shown, bool explicit_file) {
  if (cfg_.files_mode) {
    *out_ << shown;
    out_->put(cfg_.null ? '\0' : '\n');
    matched_ = true;
    return true;
  }
  auto in = ctx_.open_input(path);
  if (!in) {
    error(shown + ": " + os_error(in.error()));
    return true;
  }
  return search_stream(**in, "", shown, explicit_file);
}

bool Rg::search_stdin(const std::string& prefix) {
  auto in = ctx_.in();
  if (!in) {
    error("<stdin>: " + os_error(EBADF));
    return true;
  }
  return search_stream(*in, prefix, "<stdin>", true);
}

// ---------------------------------------------------------------------------
// Searching one file.

bool Rg::search_stream(Stream& in, std::string_view prefix, const std::string& name,
                       bool explicit_file) {
  auto file_start = std::chrono::steady_clock::now();
  name_ = name;
  explicit_ = explicit_file;
  show_name_ = cfg_.with_filename > 0;
  begun_ = false;
  buf_.assign(prefix);
  buf_offset_ = 0;
  lineno_ = 1;
  selected_ = 0;
  match_count_ = 0;
  last_printed_ = 0;
  after_left_ = 0;
  max_reached_ = false;
  binary_ = false;
  binary_offset_ = 0;
  binary_stop_ = false;
  before_.clear();
  file_stats_ = Stats{};
  file_stats_.searches = 1;
  // Implicit files stop at the first NUL ("quit"); explicit files and
  // --binary go on with NULs as line ends and hide matches after it.
  bool quit_on_binary = !cfg_.text && !explicit_file && !cfg_.binary;

  constexpr size_t kChunk = 64 * 1024;
  bool eof = false;
  size_t scan_from = 0;
  bool done = cfg_.max_count == 0;
  bool first = true;
  while (!done && !eof) {
    ctx_.budget.check();
    size_t old = buf_.size();
    size_t fresh_from = first ? 0 : old;
    first = false;
    if (!(old > 0 && fresh_from == 0)) {
      buf_.resize(old + kChunk);
      auto n = in.read(std::span<char>(buf_.data() + old, kChunk));
      if (!n) {
        buf_.resize(old);
        error(name + ": " + os_error(n.error()));
        return true;
      }
      buf_.resize(old + *n);
      if (*n == 0) eof = true;
    }
    file_stats_.bytes_searched += buf_.size() - fresh_from;
    if (!cfg_.text && !binary_) {
      const void* nul = std::memchr(buf_.data() + fresh_from, '\0', buf_.size() - fresh_from);
      if (nul != nullptr) {
        binary_ = true;
        binary_offset_ = buf_offset_ + (static_cast<const char*>(nul) - buf_.data());
        if (quit_on_binary) break;
      }
    }
    if (binary_) std::replace(buf_.begin() + fresh_from, buf_.end(), '\0', '\n');
    if (eof && buf_.size() > scan_from && buf_.back() != '\n') buf_.push_back('\n');
    size_t search_from = eof ? scan_from : std::max(fresh_from, scan_from);
    const void* last = buf_.size() > search_from
                           ? memrchr(buf_.data() + search_from, '\n', buf_.size() - search_from)
                           : nullptr;
    if (last == nullptr) continue;
    size_t limit = static_cast<const char*>(last) - buf_.data() + 1;
    if (!scan(scan_from, limit)) done = true;
    if (stop_all_ || binary_stop_) break;
    size_t keep = limit;
    if (!before_.empty()) keep = std::min(keep, before_.front().begin);
    for (auto& l : before_) l.begin -= keep, l.end -= keep;
    buf_.erase(0, keep);
    buf_offset_ += keep;
    scan_from = limit - keep;
  }
  bool quit = binary_ && quit_on_binary;
  if (quit && cfg_.kind != OutputKind::kLines && cfg_.kind != OutputKind::kJson) {
    selected_ = 0;  // ripgrep squashes counts of binary files it stopped searching
    match_count_ = 0;
  }
  if (selected_ > 0) file_stats_.searches_with_match = 1;
  file_stats_.matched_lines = static_cast<uint64_t>(selected_);
  if (cfg_.kind == OutputKind::kLines && binary_ && (quit ? selected_ > 0 : binary_stop_)) {
    std::string msg;
    if (show_name_) msg = name_ + ": ";
    msg += quit ? "WARNING: stopped searching binary file after match" : "binary file matches";
    msg += " (found \"\\0\" byte around offset " + std::to_string(binary_offset_) + ")\n";
    write(msg);
  }
  std::string_view sep = cfg_.null ? std::string_view("\0", 1) : std::string_view(":");
  switch (cfg_.kind) {
    case OutputKind::kCount:
    case OutputKind::kCountMatches: {
      uint64_t n =
          cfg_.kind == OutputKind::kCount ? static_cast<uint64_t>(selected_) : match_count_;
      if (n > 0 || cfg_.include_zero) {
        if (show_name_) {
          write(name_);
          write(sep);
        }
        write(std::to_string(n) + "\n");
      }
      break;
    }
    case OutputKind::kFilesWithMatches:
    case OutputKind::kFilesWithoutMatch:
      if ((selected_ > 0) == (cfg_.kind == OutputKind::kFilesWithMatches)) {
        write(name_);
        write(cfg_.null ? std::string_view("\0", 1) : std::string_view("\n"));
        matched_ = true;
      }
      break;
    default:
      break;
  }
  if (cfg_.kind != OutputKind::kFilesWithoutMatch && (selected_ > 0 || binary_stop_))
    matched_ = true;
  file_stats_.elapsed = std::chrono::steady_clock::now() - file_start;
  if (cfg_.kind == OutputKind::kJson && begun_) {
    std::string msg = "{\"type\":\"end\",\"data\":{\"path\":";
    json_data(name_, msg);
    msg += ",\"binary_offset\":";
    msg += binary_ ? std::to_string(binary_offset_) : "null";
    msg += ",\"stats\":{\"elapsed\":";
    json_duration(file_stats_.elapsed, false, msg);
    msg += ",\"searches\":1,\"searches_with_match\":" +
           std::to_string(file_stats_.searches_with_match) +
           ",\"bytes_searched\":" + std::to_string(file_stats_.bytes_searched) +
           ",\"bytes_printed\":" + std::to_string(file_stats_.bytes_printed) +
           ",\"matched_lines\":" + std::to_string(file_stats_.matched_lines) +
           ",\"matches\":" + std::to_string(match_count_) + "}}}\n";
    out_->write(msg);
  }
  file_stats_.matches = match_count_;
  total_.add(file_stats_);
  if (out_->error() != 0) stop_all_ = true;  // stdout is gone (EPIPE)
  return !stop_all_;
}

// Finds the next line in [pos, limit) holding a match.
bool Rg::find_next(size_t pos, size_t limit, size_t* ls, size_t* le) {
  return find_matching_line(rx_, std::string_view(buf_.data(), limit), pos, groups_.data(), ls, le);
}

bool Rg::scan(size_t pos, size_t limit) {
  return scan_lines(*this, pos, limit, '\n');
}

size_t Rg::count_matches_in(std::string_view line) {
  size_t n = 0, pos = 0;
  while (pos <= line.size() && rx_.search(line, pos, groups_.data(), 1)) {
    ++n;
    pos = groups_[0].end > groups_[0].begin ? groups_[0].end : groups_[0].end + 1;
  }
  return n;
}

bool Rg::on_selected(size_t ls, size_t le, long long number) {
  std::string_view line(buf_.data() + ls, le - ls);
  if (binary_ && !cfg_.text && cfg_.kind == OutputKind::kLines) {
    binary_stop_ = true;  // a match in binary data: report it and stop the file
    return false;
  }
  ++selected_;
  match_count_ += cfg_.invert ? 1 : count_matches_in(line);
  switch (cfg_.kind) {
    case OutputKind::kQuiet:
      matched_ = true;
      stop_all_ = true;
      return false;
    case OutputKind::kFilesWithMatches:
    case OutputKind::kFilesWithoutMatch:
      return false;
    case OutputKind::kCount:
    case OutputKind::kCountMatches:
      break;
    case OutputKind::kLines:
    case OutputKind::kJson:
      while (!before_.empty()) {
        const Line& l = before_.front();
        emit_line(l.begin, l.end, l.number, false);
        before_.pop_front();
      }
      emit_line(ls, le, number, true);
      after_left_ = cfg_.after;
      break;
  }
  if (cfg_.max_count >= 0 && selected_ >= cfg_.max_count) {
    max_reached_ = true;
    if (after_left_ <= 0 || (cfg_.kind != OutputKind::kLines && cfg_.kind != OutputKind::kJson))
      return false;
  }
  return true;
}

void Rg::on_unselected(size_t ls, size_t le, long long number) {
  if (cfg_.kind != OutputKind::kLines && cfg_.kind != OutputKind::kJson) return;
  if (after_left_ > 0) {
    --after_left_;
    emit_line(ls, le, number, false);
    return;
  }
  if (cfg_.before > 0) {
    before_.push_back({ls, le, number});
    if (static_cast<long long>(before_.size()) > cfg_.before) before_.pop_front();
  }
}

void Rg::begin_output() {
  if (begun_) return;
  begun_ = true;
  if (cfg_.kind == OutputKind::kJson) {
    std::string msg = "{\"type\":\"begin\",\"data\":{\"path\":";
    json_data(name_, msg);
    msg += "}}\n";
    write(msg);
    return;
  }
  if (cfg_.heading > 0 && show_name_) {
    if (printed_any_) write("\n");
    write(name_);
    write(cfg_.null ? std::string_view("\0", 1) : std::string_view("\n"));
  }
}

// Prints the context separator before a line that does not follow the last
// printed one (between files too, unless headings separate them).
void Rg::separator(long long number) {
  bool context = cfg_.before > 0 || cfg_.after > 0;
  if (context && cfg_.context_separator) {
    bool gap = last_printed_ != 0 ? number != last_printed_ + 1
                                  : printed_any_ && !(cfg_.heading > 0 && show_name_);
    if (gap) {
      write(*cfg_.context_separator);
      write("\n");
    }
  }
  last_printed_ = number;
}

void Rg::write_path_prefix(char sep) {
  if (!show_name_ || cfg_.heading > 0) return;
  write(name_);
  if (cfg_.null) {
    write(std::string_view("\0", 1));
  } else {
    write(std::string_view(&sep, 1));
  }
}

void Rg::write_prefix(long long number, uint64_t offset, size_t column, char sep) {
  write_path_prefix(sep);
  std::string s;
  if (cfg_.line_number > 0) s += std::to_string(number) + sep;
  if (cfg_.column) s += std::to_string(column) + sep;
  if (cfg_.byte_offset) s += std::to_string(offset) + sep;
  write(s);
}

// The line with every match replaced by the --replace text ($N, ${N}, $$).
std::string Rg::replaced(std::string_view line) {
  std::string out;
  size_t pos = 0, copied = 0;
  int ngroups = static_cast<int>(groups_.size());
  while (pos <= line.size() && rx_.search(line, pos, groups_.data(), ngroups)) {
    out.append(line.substr(copied, groups_[0].begin - copied));
    const std::string& r = *cfg_.replace;
    for (size_t i = 0; i < r.size(); ++i) {
      if (r[i] != '$' || i + 1 >= r.size()) {
        out += r[i];
        continue;
      }
      if (r[i + 1] == '$') {
        out += '$';
        ++i;
        continue;
      }
      size_t j = i + 1;
      bool braced = r[j] == '{';
      if (braced) ++j;
      size_t k = j;
      while (k < r.size() && (std::isalnum(static_cast<unsigned char>(r[k])) || r[k] == '_')) ++k;
      if (k == j || (braced && (k >= r.size() || r[k] != '}'))) {
        out += r[i];
        continue;
      }
      std::string ref(r.substr(j, k - j));
      long long idx = -1;
      if (parse_number(ref, &idx) && idx < ngroups && groups_[idx].matched())
        out.append(line.substr(groups_[idx].begin, groups_[idx].size()));
      i = braced ? k : k - 1;
    }
    copied = groups_[0].end;
    pos = groups_[0].end > groups_[0].begin ? groups_[0].end : groups_[0].end + 1;
  }
  out.append(line.substr(std::min(copied, line.size())));
  return out;
}

void Rg::emit_json(size_t ls, size_t le, long long number, bool is_match) {
  begin_output();
  std::string_view line(buf_.data() + ls, le - ls);
  std::string msg = is_match ? "{\"type\":\"match\",\"data\":{\"path\":"
                             : "{\"type\":\"context\",\"data\":{\"path\":";
  json_data(name_, msg);
  msg += ",\"lines\":";
  json_data(std::string_view(buf_.data() + ls, le - ls + 1), msg);
  msg += ",\"line_number\":" + std::to_string(number);
  msg += ",\"absolute_offset\":" + std::to_string(buf_offset_ + ls);
  msg += ",\"submatches\":[";
  if (!cfg_.invert) {
    size_t pos = 0;
    bool first = true;
    while (pos <= line.size() && rx_.search(line, pos, groups_.data(), 1)) {
      const MatchSpan m = groups_[0];
      pos = m.end > m.begin ? m.end : m.end + 1;
      if (m.size() == 0 && !is_match) continue;
      if (!first) msg += ',';
      first = false;
      msg += "{\"match\":";
      json_data(line.substr(m.begin, m.size()), msg);
      msg += ",\"start\":" + std::to_string(m.begin) + ",\"end\":" + std::to_string(m.end) + "}";
    }
  }
  msg += "]}}\n";
  write(msg);
}

void Rg::emit_line(size_t ls, size_t le, long long number, bool is_match) {
  if (cfg_.kind == OutputKind::kJson) {
    emit_json(ls, le, number, is_match);
    return;
  }
  begin_output();
  std::string_view line(buf_.data() + ls, le - ls);
  char sep = is_match ? ':' : '-';
  bool per_match = is_match && !cfg_.invert && (cfg_.only_matching || cfg_.vimgrep);
  if (!per_match) {
    separator(number);
    size_t column = 1;
    if (cfg_.column && is_match && !cfg_.invert && rx_.search(line, 0, groups_.data(), 1))
      column = groups_[0].begin + 1;
    write_prefix(number, buf_offset_ + ls, column, sep);
    if (cfg_.replace && is_match && !cfg_.invert) {
      write(replaced(line));
    } else {
      write(line);
    }
    write("\n");
    printed_any_ = true;
    return;
  }
  size_t pos = 0;
  while (pos <= line.size() &&
         rx_.search(line, pos, groups_.data(), static_cast<int>(groups_.size()))) {
    MatchSpan m = groups_[0];
    pos = m.end > m.begin ? m.end : m.end + 1;
    if (m.size() == 0 && cfg_.only_matching) continue;
    separator(number);
    write_prefix(number, buf_offset_ + ls + (cfg_.only_matching ? m.begin : 0), m.begin + 1, sep);
    if (cfg_.only_matching) {
      std::string_view text = line.substr(m.begin, m.size());
      write(cfg_.replace ? replaced(text) : std::string(text));
    } else {
      write(line);
    }
    write("\n");
    printed_any_ = true;
  }
}

void Rg::finish() {
  if (total_.searches == 0 && !cfg_.files_mode && !cfg_.no_messages && !errored_) {
    ctx_.error(
        "No files were searched, which means ripgrep probably applied a filter you didn't "
        "expect.\nRunning with --debug will show why files are being skipped.");
  }
  if (cfg_.kind != OutputKind::kJson) return;
  auto total = std::chrono::steady_clock::now() - start_;
  std::string msg = "{\"data\":{\"elapsed_total\":";
  json_duration(total, true, msg);
  msg += ",\"stats\":{\"bytes_printed\":" + std::to_string(total_.bytes_printed) +
         ",\"bytes_searched\":" + std::to_string(total_.bytes_searched) + ",\"elapsed\":";
  json_duration(total_.elapsed, true, msg);
  msg += ",\"matched_lines\":" + std::to_string(total_.matched_lines) +
         ",\"matches\":" + std::to_string(total_.matches) +
         ",\"searches\":" + std::to_string(total_.searches) +
         ",\"searches_with_match\":" + std::to_string(total_.searches_with_match) +
         "}},\"type\":\"summary\"}\n";
  out_->write(msg);
}

// ---------------------------------------------------------------------------

rg::FileType* find_type(std::vector<rg::FileType>& types, std::string_view name) {
  for (auto& t : types)
    if (t.name == name) return &t;
  return nullptr;
}

// --type-add NAME:GLOB[,GLOB] or NAME:include:TYPE[,TYPE]; false on a bad spec.
bool add_type(std::vector<rg::FileType>& types, const std::string& spec, std::string* error) {
  size_t colon = spec.find(':');
  if (colon == std::string::npos || colon == 0) {
    *error = "invalid definition (format is type:glob, e.g., html:*.html): " + spec;
    return false;
  }
  std::string name = spec.substr(0, colon);
  std::string rest = spec.substr(colon + 1);
  std::vector<std::string> globs;
  if (rest.rfind("include:", 0) == 0) {
    std::string list = rest.substr(8);
    for (size_t start = 0; start <= list.size();) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      std::string other = list.substr(start, comma - start);
      const rg::FileType* t = find_type(types, other);
      if (t == nullptr) {
        *error = "unrecognized file type: " + other;
        return false;
      }
      globs.insert(globs.end(), t->globs.begin(), t->globs.end());
      start = comma + 1;
    }
  } else {
    globs.push_back(rest);
  }
  rg::FileType* t = find_type(types, name);
  if (t == nullptr) {
    types.push_back({name, {}});
    t = &types.back();
  }
  t->globs.insert(t->globs.end(), globs.begin(), globs.end());
  std::sort(t->globs.begin(), t->globs.end());
  t->globs.erase(std::unique(t->globs.begin(), t->globs.end()), t->globs.end());
  return true;
}

int run_rg(Context& ctx, const Args& args) {
  Config cfg;
  cfg.stdout_tty = ctx.out_stream() && ctx.out_stream()->is_terminal();
  bool have_patterns = false;
  bool glob_icase = args.has("glob-case-insensitive");
  bool type_list = false;
  std::vector<rg::FileType> types = rg::builtin_types();
  std::vector<std::string> selected, negated;
  std::optional<OutputKind> kind;
  bool count = false, count_matches = false;
  int unrestricted = 0;
  for (const auto& occ : args.options) {
    const OptionSpec& o = *occ.spec;
    std::string_view key = o.long_name;
    char c = o.short_name;
    const std::string& v = occ.value;
    if (c == 'e') {
      cfg.patterns.push_back(v);
      have_patterns = true;
    } else if (c == 'f') {
      have_patterns = true;
      auto in = ctx.open_input(v);
      Result<std::string> text =
          in ? read_all(**in, 64 << 20) : Result<std::string>(Errno{in.error()});
      if (!text) {
        ctx.error(v + ": " + os_error(text.error()));
        return kExitUsage;
      }
      size_t start = 0;
      while (start < text->size()) {
        size_t nl = text->find('\n', start);
        if (nl == std::string::npos) nl = text->size();
        std::string p = text->substr(start, nl - start);
        if (!p.empty() && p.back() == '\r') p.pop_back();
        cfg.patterns.push_back(p);
        start = nl + 1;
      }
    } else if (c == 'F') {
      cfg.fixed = true;
    } else if (c == 'i') {
      cfg.case_mode = Config::kInsensitive;
    } else if (c == 'S') {
      cfg.case_mode = Config::kSmart;
    } else if (c == 's') {
      cfg.case_mode = Config::kSensitive;
    } else if (c == 'w') {
      cfg.word = true;
    } else if (c == 'x') {
      cfg.line = true;
    } else if (c == 'v') {
      cfg.invert = true;
    } else if (c == 'c') {
      count = true;
    } else if (key == "count-matches") {
      count_matches = true;
    } else if (c == 'l') {
      kind = OutputKind::kFilesWithMatches;
    } else if (key == "files-without-match") {
      kind = OutputKind::kFilesWithoutMatch;
    } else if (c == 'n') {
      cfg.line_number = 1;
    } else if (c == 'N') {
      cfg.line_number = 0;
    } else if (key == "column") {
      cfg.column = true;
    } else if (key == "no-column") {
      cfg.column = false;
    } else if (c == 'b') {
      cfg.byte_offset = true;
    } else if (c == 'o') {
      cfg.only_matching = true;
    } else if (c == 'r') {
      cfg.replace = v;
    } else if (key == "vimgrep") {
      cfg.vimgrep = true;
    } else if (c == 'm') {
      if (!parse_number(v, &cfg.max_count)) {
        ctx.error("invalid value '" + v + "' for '--max-count': invalid digit found in string");
        return kExitUsage;
      }
    } else if (c == 'A' || c == 'B' || c == 'C') {
      long long n = 0;
      if (!parse_number(v, &n)) {
        ctx.error("invalid value '" + v + "' for context: invalid digit found in string");
        return kExitUsage;
      }
      if (c != 'B') cfg.after = n;
      if (c != 'A') cfg.before = n;
    } else if (key == "context-separator") {
      cfg.context_separator = v;
    } else if (key == "no-context-separator") {
      cfg.context_separator.reset();
    } else if (c == 'g' || key == "iglob") {
      cfg.overrides.add_line(v, true, glob_icase || key == "iglob");
    } else if (c == 't' || c == 'T') {
      (c == 't' ? selected : negated).push_back(v);  // resolved after --type-add
    } else if (key == "type-add") {
      std::string error;
      if (!add_type(types, v, &error)) {
        ctx.error(error);
        return kExitUsage;
      }
    } else if (key == "type-clear") {
      if (rg::FileType* t = find_type(types, v)) t->globs.clear();
    } else if (key == "type-list") {
      type_list = true;
    } else if (c == 'u') {
      ++unrestricted;
    } else if (key == "hidden" || c == '.') {
      cfg.hidden = true;
    } else if (key == "no-hidden") {
      cfg.hidden = false;
    } else if (key == "no-ignore") {
      cfg.no_ignore = true;
    } else if (key == "ignore") {
      cfg.no_ignore = false;
    } else if (key == "no-ignore-vcs") {
      cfg.no_ignore_vcs = true;
    } else if (key == "no-ignore-dot") {
      cfg.no_ignore_dot = true;
    } else if (key == "no-ignore-parent") {
      cfg.no_ignore_parent = true;
    } else if (key == "no-require-git") {
      cfg.no_require_git = true;
    } else if (c == 'L') {
      cfg.follow = true;
    } else if (c == 'd' || key == "maxdepth") {
      if (!parse_number(v, &cfg.max_depth)) {
        ctx.error("invalid value '" + v + "' for '--max-depth': invalid digit found in string");
        return kExitUsage;
      }
    } else if (key == "files") {
      cfg.files_mode = true;
    } else if (key == "json") {
      kind = OutputKind::kJson;
    } else if (c == '0') {
      cfg.null = true;
    } else if (key == "heading") {
      cfg.heading = 1;
    } else if (key == "no-heading") {
      cfg.heading = 0;
    } else if (c == 'H') {
      cfg.with_filename = 1;
    } else if (c == 'I') {
      cfg.with_filename = 0;
    } else if (c == 'q') {
      kind = OutputKind::kQuiet;
    } else if (c == 'a') {
      cfg.text = true;
    } else if (key == "binary") {
      cfg.binary = true;
    } else if (key == "no-binary") {
      cfg.binary = false;
    } else if (key == "sort" || key == "sortr") {
      static constexpr std::string_view kSorts[] = {"path", "modified", "accessed", "created",
                                                    "none"};
      if (std::find(std::begin(kSorts), std::end(kSorts), v) == std::end(kSorts)) {
        ctx.error("invalid value '" + v + "' for '--" + std::string(key) + " <SORTBY>'");
        return kExitUsage;
      }
      cfg.sort_reverse = key == "sortr" && v == "path";
    } else if (key == "include-zero") {
      cfg.include_zero = true;
    } else if (key == "no-messages") {
      cfg.no_messages = true;
    } else if (c == 'p') {
      cfg.heading = 1;
      cfg.line_number = 1;
    } else if (c == 'V') {
      ctx.out() << "ripgrep 14.1.0 (kefka)\n";
      return kExitSuccess;
    }
  }
  if (unrestricted >= 1) cfg.no_ignore = true;
  if (unrestricted >= 2) cfg.hidden = true;
  if (unrestricted >= 3) cfg.binary = true;

  std::sort(types.begin(), types.end(),
            [](const rg::FileType& a, const rg::FileType& b) { return a.name < b.name; });
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& name : pass == 0 ? selected : negated) {
      auto& list = pass == 0 ? cfg.select_types : cfg.negate_types;
      if (name == "all") {  // every defined type
        for (const auto& t : types) list.push_back(&t);
        continue;
      }
      const rg::FileType* t = find_type(types, name);
      if (t == nullptr) {
        ctx.error("unrecognized file type: " + name);
        return kExitUsage;
      }
      list.push_back(t);
    }
  }
  if (type_list) {
    for (const auto& t : types) {
      ctx.out() << t.name << ": ";
      for (size_t i = 0; i < t.globs.size(); ++i) ctx.out() << (i ? ", " : "") << t.globs[i];
      ctx.out() << "\n";
    }
    return kExitSuccess;
  }

  std::vector<std::string> operands = args.operands;
  if (!have_patterns && !cfg.files_mode) {
    if (operands.empty()) {
      ctx.err() << "error: ripgrep requires at least one pattern to execute a search\n";
      return kExitUsage;
    }
    cfg.patterns.push_back(operands.front());
    operands.erase(operands.begin());
  }

  // Output kind: -q beats --json beats -l, which beat -c.
  if (kind) {
    cfg.kind = *kind;
  } else if (count_matches || (count && cfg.only_matching)) {
    cfg.kind = OutputKind::kCountMatches;
  } else if (count) {
    cfg.kind = OutputKind::kCount;
  }
  if (cfg.vimgrep) {
    cfg.line_number = 1;
    cfg.column = true;
    cfg.heading = 0;
    cfg.with_filename = 1;
  }
  if (cfg.column && cfg.line_number < 0) cfg.line_number = 1;

  // Standard input is searched when no path is given and it has data.
  std::string stdin_prefix;
  bool search_stdin = false;
  if (operands.empty() && !cfg.files_mode) {
    auto in = ctx.in();
    if (in && !in->is_terminal()) {
      stdin_prefix.resize(64 * 1024);
      auto n = in->read(std::span<char>(stdin_prefix.data(), stdin_prefix.size()));
      stdin_prefix.resize(n ? *n : 0);
      search_stdin = !stdin_prefix.empty();
    }
  }
  bool only_stdin = search_stdin || (operands.size() == 1 && operands[0] == "-");
  if (cfg.with_filename < 0) {
    bool many = operands.size() > 1 || (operands.empty() && !search_stdin);
    if (!many && operands.size() == 1 && operands[0] != "-") {
      auto st = ctx.fs.stat(operands[0]);
      many = st && st->is_dir();
    }
    cfg.with_filename = many ? 1 : 0;
  }
  if (cfg.line_number < 0) cfg.line_number = cfg.stdout_tty && !only_stdin ? 1 : 0;
  if (cfg.heading < 0) cfg.heading = cfg.stdout_tty ? 1 : 0;
  if (cfg.kind == OutputKind::kJson) cfg.line_number = 1;

  if (cfg.case_mode == Config::kSmart) {
    bool upper = false;
    for (const auto& p : cfg.patterns) upper |= has_uppercase_literal(p);
    cfg.case_mode = upper ? Config::kSensitive : Config::kInsensitive;
  }
  RegexOptions ro;
  ro.syntax = cfg.fixed ? RegexSyntax::kFixed : RegexSyntax::kRe2;
  ro.icase = cfg.case_mode == Config::kInsensitive;
  ro.line_mode = true;
  ro.utf8 = true;
  ro.whole_line = cfg.line;
  ro.whole_word = cfg.word && !cfg.line;
  std::vector<std::string_view> views(cfg.patterns.begin(), cfg.patterns.end());
  std::string error;
  std::unique_ptr<Regex> rx;
  if (!views.empty()) {
    rx = Regex::compile_any(views, ro, &error);
  } else {
    rx = Regex::compile("(?!)x", RegexOptions{.syntax = RegexSyntax::kPerl}, &error);
  }
  if (!rx) {
    ctx.err() << "rg: regex parse error:\n    " << (views.empty() ? "" : views[0])
              << "\nerror: " << error << "\n";
    return kExitUsage;
  }

  Rg search(ctx, cfg, *rx);
  try {
    if (search_stdin) {
      search.search_stdin(stdin_prefix);
    } else if (operands.empty()) {
      search.run_operand(".", true);
    } else {
      for (const auto& op : operands)
        if (!search.run_operand(op, false)) break;
    }
    search.finish();
  } catch (const RegexLimitError& e) {
    (void)ctx.out().flush();
    ctx.error(e.what());
    return kExitUsage;
  }
  if (search.errored() && !(cfg.kind == OutputKind::kQuiet && search.matched())) return kExitUsage;
  return search.matched() ? kExitSuccess : kExitFailure;
}

constexpr std::string_view kSummary =
    "ripgrep (rg) recursively searches the current directory for lines matching a regex\n"
    "pattern, respecting .gitignore, .ignore and .rgignore files and skipping hidden and\n"
    "binary files. Output follows ripgrep's format when stdout is not a terminal.";

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(rg, {
                      .name = "rg",
                      .usage = "rg [OPTIONS] PATTERN [PATH ...]\n"
                               "rg [OPTIONS] -e PATTERN ... [PATH ...]\n"
                               "rg [OPTIONS] --files [PATH ...]\n"
                               "rg [OPTIONS] --type-list",
                      .summary = kSummary,
                      .options = kOptions,
                      .main = run_rg,
                      .flags = kUsageStatus2,
                  });

// diff: compare files line by line, GNU diffutils 3.8 behaviour.
//
// Lines are hashed to equivalence classes (after -i/-b/-w/--strip-trailing-cr
// normalisation); lines with no match on the other side are set aside first
// like GNU's discard_confusing_lines, then Myers' O(ND) algorithm with the
// linear-space middle-snake recursion marks changed lines, and GNU's
// shift_boundaries slides change groups so the output matches GNU's choice
// among equally short scripts. Formats: normal, -u/-U, -c/-C, -q, -e (ed
// script), -D NAME (#ifdef merge), -y (side by side, GNU's column layout);
// -r walks directories with "Only in" and "diff ..." headers.
#include <algorithm>
#include <climits>
#include <cstring>
#include <set>
#include <unordered_map>

#include "commands/common/util.h"
#include "commands/files/file_util.h"
#include "commands/options.h"
#include "commands/text/regex.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "text", ArgKind::None, "", "treat all files as text"},
    {'B', "ignore-blank-lines", ArgKind::None, "", "ignore changes where lines are all blank"},
    {'b', "ignore-space-change", ArgKind::None, "", "ignore changes in the amount of white space"},
    {'C', "context", ArgKind::Required, "NUM", "output NUM (default 3) lines of copied context"},
    {'c', "", ArgKind::None, "", "output 3 lines of copied context"},
    {'i', "ignore-case", ArgKind::None, "", "ignore case differences in file contents"},
    {0, "label", ArgKind::Required, "LABEL", "use LABEL instead of file name and timestamp"},
    {'N', "new-file", ArgKind::None, "", "treat absent files as empty"},
    {0, "normal", ArgKind::None, "", "output a normal diff (the default)"},
    {'q', "brief", ArgKind::None, "", "report only when files differ"},
    {'r', "recursive", ArgKind::None, "", "recursively compare any subdirectories found"},
    {'s', "report-identical-files", ArgKind::None, "", "report when two files are the same"},
    {0, "strip-trailing-cr", ArgKind::None, "", "strip trailing carriage return on input"},
    {'U', "unified", ArgKind::Required, "NUM", "output NUM (default 3) lines of unified context"},
    {'u', "", ArgKind::None, "", "output 3 lines of unified context"},
    {'w', "ignore-all-space", ArgKind::None, "", "ignore all white space"},
    {'e', "ed", ArgKind::None, "", "output an ed script"},
    {'D', "ifdef", ArgKind::Required, "NAME", "output merged file with '#ifdef NAME' diffs"},
    {'y', "side-by-side", ArgKind::None, "", "output in two columns"},
    {'W', "width", ArgKind::Required, "NUM", "output at most NUM (default 130) print columns"},
    {0, "left-column", ArgKind::None, "", "output only the left column of common lines"},
    {0, "suppress-common-lines", ArgKind::None, "", "do not output common lines"},
    {'t', "expand-tabs", ArgKind::None, "", "expand tabs to spaces in output"},
};

enum class Format { kNormal, kUnified, kContext, kEd, kIfdef, kSideBySide };

struct Options {
  Format format = Format::kNormal;
  int context = 3;
  bool brief = false, recursive = false, new_file = false, text = false;
  bool icase = false, space_change = false, all_space = false, blank_lines = false;
  bool strip_cr = false, report_identical = false;
  std::vector<std::string> labels;
  std::string ifdef_name;  // -D
  int width = 130;         // -y
  bool left_column = false, suppress_common = false, expand_tabs = false;
  std::string switches;  // the options as given, for "diff -r ..." headers
};

struct FileData {
  std::string name;
  std::string text;
  std::vector<std::string_view> lines;
  bool missing_newline = false;
  timespec mtime{};
  bool exists = true;
};

void split_lines(FileData& f) {
  std::string_view t = f.text;
  size_t start = 0;
  while (start < t.size()) {
    size_t nl = t.find('\n', start);
    if (nl == std::string_view::npos) {
      f.lines.push_back(t.substr(start));
      f.missing_newline = true;
      break;
    }
    f.lines.push_back(t.substr(start, nl - start));
    start = nl + 1;
  }
}

std::string normalize(std::string_view line, const Options& o) {
  if (o.strip_cr && !line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::string out;
  out.reserve(line.size());
  bool pending_space = false;
  for (char c : line) {
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
    if (space && o.all_space) continue;
    if (space && o.space_change) {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += o.icase ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The comparison (GNU analyze.c's structure)

class Comparer {
 public:
  // `prefix` and `suffix` lines (identical raw text, less the horizon kept
  // as context) take no part, as GNU never buffers them.
  Comparer(std::vector<int> a, std::vector<int> b, size_t prefix, size_t suffix, Budget& budget)
      : budget_(budget), equiv_{std::move(a), std::move(b)}, prefix_(prefix), suffix_(suffix) {}

  // changed(f)[i] for i in [0, n): whether line i of file f is changed.
  void run() {
    for (int f = 0; f < 2; ++f) changed_[f].assign(equiv_[f].size() + 2, 0);
    discard_unmatched();
    size_t n = xs_.size(), m = ys_.size();
    size_t diags = n + m + 3;
    fd_.assign(diags, 0);
    bd_.assign(diags, 0);
    compareseq(0, static_cast<int>(n), 0, static_cast<int>(m));
    // Map back from the undiscarded sequences.
    for (size_t i = 0; i < n; ++i) changed_[0][xidx_[i] + 1] = xchg_[i];
    for (size_t j = 0; j < m; ++j) changed_[1][yidx_[j] + 1] = ychg_[j];
    shift_boundaries();
  }
  bool changed(int f, size_t i) const { return changed_[f][i + 1] != 0; }

 private:
  // GNU's discard_confusing_lines: lines with no match on the other side are
  // changed for sure; lines with very many matches are discarded too when
  // they sit inside a run of sure discards. The identical prefix and suffix
  // take no part, as GNU never hashes them.
  void discard_unmatched() {
    const size_t n0 = equiv_[0].size(), n1 = equiv_[1].size();
    const size_t prefix = prefix_, suffix = suffix_;
    size_t begin = prefix, ends[2] = {n0 - suffix, n1 - suffix};
    std::unordered_map<int, long> count[2];
    for (int f = 0; f < 2; ++f) {
      for (size_t i = begin; i < ends[f]; ++i) ++count[f][equiv_[f][i]];
    }
    std::vector<char> discards[2];
    for (int f = 0; f < 2; ++f) {
      long end = static_cast<long>(ends[f] - begin);
      discards[f].assign(static_cast<size_t>(end), 0);
      long many = 5;
      long tem = end / 64;
      while ((tem = tem >> 2) > 0) many *= 2;
      const auto& other = count[1 - f];
      for (long i = 0; i < end; ++i) {
        auto it = other.find(equiv_[f][begin + static_cast<size_t>(i)]);
        long nmatch = it == other.end() ? 0 : it->second;
        if (nmatch == 0) {
          discards[f][static_cast<size_t>(i)] = 1;
        } else if (nmatch > many) {
          discards[f][static_cast<size_t>(i)] = 2;
        }
      }
      settle_provisional(discards[f]);
    }
    std::vector<int>* seqs[2] = {&xs_, &ys_};
    std::vector<size_t>* idxs[2] = {&xidx_, &yidx_};
    for (int f = 0; f < 2; ++f) {
      for (size_t i = begin; i < ends[f]; ++i) {
        if (discards[f][i - begin] != 0) {
          changed_[f][i + 1] = 1;
        } else {
          seqs[f]->push_back(equiv_[f][i]);
          idxs[f]->push_back(i);
        }
      }
    }
    xchg_.assign(xs_.size(), 0);
    ychg_.assign(ys_.size(), 0);
  }

  static void settle_provisional(std::vector<char>& d) {
    const long end = static_cast<long>(d.size());
    auto at = [&](long k) -> char& { return d[static_cast<size_t>(k)]; };
    for (long i = 0; i < end; ++i) {
      if (at(i) == 2) {
        at(i) = 0;
        continue;
      }
      if (at(i) == 0) continue;
      long j, provisional = 0;
      for (j = i; j < end; ++j) {
        if (at(j) == 0) break;
        if (at(j) == 2) ++provisional;
      }
      while (j > i && at(j - 1) == 2) {
        at(--j) = 0;
        --provisional;
      }
      long length = j - i;
      if (provisional * 4 > length) {
        while (j > i) {
          if (at(--j) == 2) at(j) = 0;
        }
        continue;
      }
      long minimum = 1, tem = length >> 2, consec;
      while (0 < (tem >>= 2)) minimum <<= 1;
      ++minimum;
      for (j = 0, consec = 0; j < length; ++j) {
        if (at(i + j) != 2) {
          consec = 0;
        } else if (minimum == ++consec) {
          j -= consec;
        } else if (minimum < consec) {
          at(i + j) = 0;
        }
      }
      for (j = 0, consec = 0; j < length; ++j) {
        if (j >= 8 && at(i + j) == 1) break;
        if (at(i + j) == 2) {
          consec = 0;
          at(i + j) = 0;
        } else if (at(i + j) == 0) {
          consec = 0;
        } else {
          ++consec;
        }
        if (consec == 3) break;
      }
      i += length - 1;
      for (j = 0, consec = 0; j < length; ++j) {
        if (j >= 8 && at(i - j) == 1) break;
        if (at(i - j) == 2) {
          consec = 0;
          at(i - j) = 0;
        } else if (at(i - j) == 0) {
          consec = 0;
        } else {
          ++consec;
        }
        if (consec == 3) break;
      }
    }
  }

  // Diagonals run from -offset_ to +offset_; widened before the sum.
  int& fd(int d) { return fd_[static_cast<size_t>(static_cast<ptrdiff_t>(d) + offset_)]; }
  int& bd(int d) { return bd_[static_cast<size_t>(static_cast<ptrdiff_t>(d) + offset_)]; }

  // Myers' middle snake between x[xoff, xlim) and y[yoff, ylim).
  std::pair<int, int> diag(int xoff, int xlim, int yoff, int ylim) {
    const int dmin = xoff - ylim, dmax = xlim - yoff;
    const int fmid = xoff - yoff, bmid = xlim - ylim;
    int fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    const bool odd = ((fmid - bmid) & 1) != 0;
    fd(fmid) = xoff;
    bd(bmid) = xlim;
    for (;;) {
      budget_.check();
      if (fmin > dmin) {
        fd(--fmin - 1) = -1;
      } else {
        ++fmin;
      }
      if (fmax < dmax) {
        fd(++fmax + 1) = -1;
      } else {
        --fmax;
      }
      for (int d = fmax; d >= fmin; d -= 2) {
        int tlo = fd(d - 1), thi = fd(d + 1);
        int x = tlo >= thi ? tlo + 1 : thi;
        int y = x - d;
        while (x < xlim && y < ylim && xs_[x] == ys_[y]) {
          ++x;
          ++y;
        }
        fd(d) = x;
        if (odd && bmin <= d && d <= bmax && bd(d) <= x) return {x, y};
      }
      if (bmin > dmin) {
        bd(--bmin - 1) = INT_MAX;
      } else {
        ++bmin;
      }
      if (bmax < dmax) {
        bd(++bmax + 1) = INT_MAX;
      } else {
        --bmax;
      }
      for (int d = bmax; d >= bmin; d -= 2) {
        int tlo = bd(d - 1), thi = bd(d + 1);
        int x = tlo < thi ? tlo : thi - 1;
        int y = x - d;
        while (x > xoff && y > yoff && xs_[x - 1] == ys_[y - 1]) {
          --x;
          --y;
        }
        bd(d) = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd(d)) return {x, y};
      }
    }
  }

  void compareseq(int xoff, int xlim, int yoff, int ylim) {
    while (xoff < xlim && yoff < ylim && xs_[xoff] == ys_[yoff]) {
      ++xoff;
      ++yoff;
    }
    while (xlim > xoff && ylim > yoff && xs_[xlim - 1] == ys_[ylim - 1]) {
      --xlim;
      --ylim;
    }
    if (xoff == xlim) {
      while (yoff < ylim) ychg_[yoff++] = 1;
    } else if (yoff == ylim) {
      while (xoff < xlim) xchg_[xoff++] = 1;
    } else {
      offset_ = static_cast<int>(ys_.size()) + 1;
      auto [xmid, ymid] = diag(xoff, xlim, yoff, ylim);
      compareseq(xoff, xmid, yoff, ymid);
      compareseq(xmid, xlim, ymid, ylim);
    }
  }

  // GNU's shift_boundaries: slide each run of changes to merge with its
  // neighbours and, failing that, as far down as possible, then back up to
  // line up with a run in the other file. Indices are offset by one: [0] and
  // [n + 1] are sentinels that are never changed.
  void shift_boundaries() {
    for (int f = 0; f < 2; ++f) {
      std::vector<char>& changed = changed_[f];
      const std::vector<char>& other = changed_[1 - f];
      const std::vector<int>& eq = equiv_[f];
      auto equiv = [&](int i) { return eq[static_cast<size_t>(i - 1)]; };
      const int lo = static_cast<int>(prefix_) + 1;
      int i = lo, j = lo;
      const int i_end = static_cast<int>(eq.size() - suffix_) + 1;
      for (;;) {
        while (i < i_end && !changed[i]) {
          while (other[j++]) {
          }
          ++i;
        }
        if (i == i_end) break;
        int start = i;
        while (changed[++i]) {
        }
        while (other[j]) ++j;
        int runlength, corresponding;
        do {
          runlength = i - start;
          while (start > lo && equiv(start - 1) == equiv(i - 1)) {
            changed[--start] = 1;
            changed[--i] = 0;
            while (changed[start - 1]) --start;
            while (other[--j]) {
            }
          }
          corresponding = other[j - 1] ? i : i_end;
          while (i != i_end && equiv(start) == equiv(i)) {
            changed[start++] = 0;
            changed[i++] = 1;
            while (changed[i]) ++i;
            while (other[++j]) corresponding = i;
          }
        } while (runlength != i - start);
        while (corresponding < i) {
          changed[--start] = 1;
          changed[--i] = 0;
          while (other[--j]) {
          }
        }
      }
    }
  }

  Budget& budget_;
  std::vector<int> equiv_[2];
  std::vector<char> changed_[2];
  std::vector<int> xs_, ys_;
  std::vector<size_t> xidx_, yidx_;
  std::vector<char> xchg_, ychg_;
  std::vector<int> fd_, bd_;
  int offset_ = 0;
  size_t prefix_ = 0, suffix_ = 0;
};

// One change: lines [a0, a1) of file 0 replaced by [b0, b1) of file 1.
struct Change {
  size_t a0, a1, b0, b1;
  bool ignorable = false;
};

std::vector<Change> build_script(const Comparer& c, size_t n, size_t m) {
  std::vector<Change> script;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && !c.changed(0, i) && !c.changed(1, j)) {
      ++i;
      ++j;
      continue;
    }
    Change ch{i, i, j, j};
    while (ch.a1 < n && c.changed(0, ch.a1)) ++ch.a1;
    while (ch.b1 < m && c.changed(1, ch.b1)) ++ch.b1;
    if (ch.a1 == i && ch.b1 == j) {  // should not happen; stay safe
      ++i;
      ++j;
      continue;
    }
    script.push_back(ch);
    i = ch.a1;
    j = ch.b1;
  }
  return script;
}

// ---------------------------------------------------------------------------
// Output

class DiffRun {
 public:
  DiffRun(Context& ctx, Options o) : ctx_(ctx), o_(std::move(o)) {
    ctx_utf8_ = locale_is_utf8(ctx.getenv("LC_ALL"), ctx.getenv("LC_CTYPE"), ctx.getenv("LANG"));
  }

  int compare_paths(const std::string& a, const std::string& b, bool top);

 private:
  int compare_files(FileData& a, FileData& b, bool from_dir);
  bool load(const std::string& path, FileData& f);
  std::string header_time(const FileData& f, bool context) const;
  void print_line(char prefix, const FileData& f, size_t i, bool tab = false);
  void print_normal(const FileData& a, const FileData& b, const std::vector<Change>& s);
  void print_hunks(const FileData& a, const FileData& b, const std::vector<Change>& s);
  void print_ed(const FileData& a, const FileData& b, const std::vector<Change>& s);
  void print_ifdef(const FileData& a, const FileData& b, const std::vector<Change>& s);
  void print_side_by_side(const FileData& a, const FileData& b, const std::vector<Change>& s);
  void print_sdiff_line(const FileData* a, size_t i, char sep, const FileData* b, size_t j);
  size_t print_half_line(std::string_view text, size_t indent, size_t bound);
  size_t tab_from_to(size_t from, size_t to);
  int compare_dirs(const std::string& a, const std::string& b);

  Context& ctx_;
  Options o_;
  std::vector<std::pair<uint64_t, uint64_t>> ancestors_;
  size_t half_width_ = 0, column2_ = 0;  // -y layout
  bool ctx_utf8_ = false;
  mutable std::optional<TimeZone> zone_;  // TZ, loaded by the first header
};

bool DiffRun::load(const std::string& path, FileData& f) {
  f.name = path;
  if (path == "-") {  // standard input, timestamped now like GNU
    auto data = read_stream(ctx_, *ctx_.in());
    if (!data) return false;
    f.text = std::move(*data);
    f.mtime = files::now_time();
    return true;
  }
  auto st = ctx_.stat_input(path);  // /dev/fd/N from <(...) too
  if (!st) return false;
  f.mtime = st->mtime;
  auto data = files::read_whole(ctx_, path);
  if (!data) return false;
  f.text = std::move(*data);
  return true;
}

std::string DiffRun::header_time(const FileData& f, bool context) const {
  if (!zone_) zone_ = TimeZone::from_env(ctx_);
  if (context) return files::format_time("%a %b %e %H:%M:%S %Y", f.mtime, *zone_);
  return files::format_time("%Y-%m-%d %H:%M:%S.%N %z", f.mtime, *zone_);
}

void DiffRun::print_line(char prefix, const FileData& f, size_t i, bool) {
  BufferedWriter& out = ctx_.out();
  out << prefix;
  if (o_.format == Format::kContext || o_.format == Format::kNormal) out << ' ';
  out << f.lines[i] << '\n';
  if (i + 1 == f.lines.size() && f.missing_newline) out << "\\ No newline at end of file\n";
}

std::string range_normal(size_t from, size_t to) {  // 1-based [from, to]
  if (to <= from) return std::to_string(to);
  return std::to_string(from) + "," + std::to_string(to);
}

void DiffRun::print_normal(const FileData& a, const FileData& b, const std::vector<Change>& s) {
  BufferedWriter& out = ctx_.out();
  for (const Change& c : s) {
    if (c.ignorable) continue;
    char op = c.a0 == c.a1 ? 'a' : c.b0 == c.b1 ? 'd' : 'c';
    std::string left = op == 'a' ? std::to_string(c.a0) : range_normal(c.a0 + 1, c.a1);
    std::string right = op == 'd' ? std::to_string(c.b0) : range_normal(c.b0 + 1, c.b1);
    out << left << op << right << '\n';
    for (size_t i = c.a0; i < c.a1; ++i) print_line('<', a, i);
    if (op == 'c') out << "---\n";
    for (size_t j = c.b0; j < c.b1; ++j) print_line('>', b, j);
  }
}

// -e: ed commands, last change first so earlier line numbers stay valid.
void DiffRun::print_ed(const FileData& a, const FileData& b, const std::vector<Change>& s) {
  BufferedWriter& out = ctx_.out();
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    const Change& c = *it;
    if (c.ignorable) continue;
    char op = c.a0 == c.a1 ? 'a' : c.b0 == c.b1 ? 'd' : 'c';
    out << (op == 'a' ? std::to_string(c.a0) : range_normal(c.a0 + 1, c.a1)) << op << '\n';
    if (op == 'd') continue;
    bool insert_mode = true;
    for (size_t j = c.b0; j < c.b1; ++j) {
      if (!insert_mode) {
        out << "a\n";
        insert_mode = true;
      }
      if (b.lines[j] == ".") {
        // A lone "." would end ed's insert mode: write "..", leave insert
        // mode and strip the extra dot.
        out << "..\n.\ns/.//\n";
        insert_mode = false;
      } else {
        out << b.lines[j] << '\n';
      }
    }
    if (insert_mode) out << ".\n";
  }
}

// -D NAME: the merged file, changes bracketed by #ifndef/#ifdef/#else/#endif.
void DiffRun::print_ifdef(const FileData& a, const FileData& b, const std::vector<Change>& s) {
  BufferedWriter& out = ctx_.out();
  const std::string& name = o_.ifdef_name;
  auto line = [&](const FileData& f, size_t i) { out << f.lines[i] << '\n'; };
  size_t i = 0;  // next line of a
  for (const Change& c : s) {
    if (c.ignorable) continue;
    for (; i < c.a0; ++i) line(a, i);
    if (c.a0 < c.a1) {
      out << "#ifndef " << name << '\n';
      for (size_t k = c.a0; k < c.a1; ++k) line(a, k);
      if (c.b0 < c.b1) {
        out << "#else /* " << name << " */\n";
        for (size_t k = c.b0; k < c.b1; ++k) line(b, k);
        out << "#endif /* " << name << " */\n";
      } else {
        out << "#endif /* ! " << name << " */\n";
      }
    } else {
      out << "#ifdef " << name << '\n';
      for (size_t k = c.b0; k < c.b1; ++k) line(b, k);
      out << "#endif /* " << name << " */\n";
    }
    i = c.a1;
  }
  for (; i < a.lines.size(); ++i) line(a, i);
}

// Moves from column `from` to `to` with tabs (unless -t) then spaces.
size_t DiffRun::tab_from_to(size_t from, size_t to) {
  BufferedWriter& out = ctx_.out();
  constexpr size_t kTab = 8;
  if (!o_.expand_tabs) {
    for (size_t tab = from + kTab - from % kTab; tab <= to; tab += kTab) {
      out << '\t';
      from = tab;
    }
  }
  for (; from < to; ++from) out << ' ';
  return to;
}

// Prints one line clipped to `bound` columns (GNU's print_half_line); returns
// the output column reached.
size_t DiffRun::print_half_line(std::string_view text, size_t indent, size_t bound) {
  BufferedWriter& out = ctx_.out();
  constexpr size_t kTab = 8;
  size_t in_pos = 0, out_pos = 0;
  for (size_t p = 0; p < text.size(); ++p) {
    unsigned char c = static_cast<unsigned char>(text[p]);
    switch (c) {
      case '\t': {
        size_t spaces = kTab - in_pos % kTab;
        if (in_pos == out_pos) {
          size_t tabstop = out_pos + spaces;
          if (o_.expand_tabs) {
            tabstop = std::min(tabstop, bound);
            for (; out_pos < tabstop; ++out_pos) out << ' ';
          } else if (tabstop < bound) {
            out_pos = tabstop;
            out << '\t';
          }
        }
        in_pos += spaces;
        break;
      }
      case '\r':
        out << '\r';
        tab_from_to(0, indent);
        in_pos = out_pos = 0;
        break;
      case '\b':
        if (in_pos != 0 && --in_pos < bound) {
          if (out_pos <= in_pos) {
            for (; out_pos < in_pos; ++out_pos) out << ' ';
          } else {
            out_pos = in_pos;
            out << '\b';
          }
        }
        break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          if (in_pos++ < bound) {
            out_pos = in_pos;
            out << static_cast<char>(c);
          }
        } else if (c >= 0xc2 && ctx_utf8_) {
          size_t n = utf8_char_length(text, p);
          if (n > 1) {
            ++in_pos;
            if (in_pos <= bound) {
              out_pos = in_pos;
              out << text.substr(p, n);
            }
            p += n - 1;
            break;
          }
          if (in_pos <= bound) out << static_cast<char>(c);
        } else if (in_pos <= bound) {
          out << static_cast<char>(c);  // control characters take no column
        }
    }
  }
  return out_pos;
}

void DiffRun::print_sdiff_line(const FileData* a, size_t i, char sep, const FileData* b, size_t j) {
  BufferedWriter& out = ctx_.out();
  auto has_newline = [](const FileData* f, size_t k) {
    return !(k + 1 == f->lines.size() && f->missing_newline);
  };
  size_t col = 0;
  bool put_newline = false;
  if (a != nullptr) {
    put_newline = has_newline(a, i);
    col = print_half_line(a->lines[i], 0, half_width_);
  }
  if (sep != ' ') {
    col = tab_from_to(col, (half_width_ + column2_ - 1) / 2);
    if (sep == '|' && put_newline != has_newline(b, j)) sep = put_newline ? '/' : '\\';
    out << sep;
    ++col;
  }
  if (b != nullptr) {
    put_newline |= has_newline(b, j);
    if (!b->lines[j].empty()) {
      col = tab_from_to(col, column2_);
      print_half_line(b->lines[j], col, half_width_);
    }
  }
  if (put_newline) out << '\n';
}

// -y: GNU's layout: the right column starts at a tab stop near the middle,
// "|" marks changed pairs, "<" and ">" lines only on one side.
void DiffRun::print_side_by_side(const FileData& a, const FileData& b,
                                 const std::vector<Change>& s) {
  size_t w = static_cast<size_t>(o_.width);
  size_t t = o_.expand_tabs ? 1 : 8;
  size_t off = (w + t + 3) / (2 * t) * t;
  half_width_ = off >= 3 ? std::min(off - 3, w > off ? w - off : 0) : 0;
  column2_ = half_width_ ? off : w;
  size_t i = 0, j = 0;
  auto common_until = [&](size_t ia, size_t jb) {
    for (; i < ia && j < jb; ++i, ++j) {
      ctx_.budget.check();
      if (o_.suppress_common) continue;
      if (o_.left_column) {
        print_sdiff_line(&a, i, '(', nullptr, 0);
      } else {
        print_sdiff_line(&a, i, ' ', &b, j);
      }
    }
    i = ia;
    j = jb;
  };
  for (const Change& c : s) {
    if (c.ignorable) continue;
    common_until(c.a0, c.b0);
    size_t ia = c.a0, jb = c.b0;
    for (; ia < c.a1 && jb < c.b1; ++ia, ++jb) print_sdiff_line(&a, ia, '|', &b, jb);
    for (; jb < c.b1; ++jb) print_sdiff_line(nullptr, 0, '>', &b, jb);
    for (; ia < c.a1; ++ia) print_sdiff_line(&a, ia, '<', nullptr, 0);
    i = c.a1;
    j = c.b1;
  }
  common_until(a.lines.size(), b.lines.size());
}

std::string range_unified(size_t start, size_t count) {  // start 0-based
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

std::string range_context(size_t start, size_t count) {
  if (count == 0) return std::to_string(start);
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(start + count);
}

void DiffRun::print_hunks(const FileData& a, const FileData& b, const std::vector<Change>& s) {
  BufferedWriter& out = ctx_.out();
  const size_t ctxn = static_cast<size_t>(o_.context);
  size_t k = 0;
  while (k < s.size()) {
    if (s[k].ignorable) {
      ++k;
      continue;
    }
    // Group changes whose gaps are at most 2 * context lines.
    size_t first = k, last = k;
    while (last + 1 < s.size() && s[last + 1].a0 - s[last].a1 <= 2 * ctxn) ++last;
    bool all_ignorable = true;
    for (size_t q = first; q <= last; ++q) all_ignorable = all_ignorable && s[q].ignorable;
    k = last + 1;
    if (all_ignorable) continue;
    size_t a_start = s[first].a0 >= ctxn ? s[first].a0 - ctxn : 0;
    size_t b_start = s[first].b0 - (s[first].a0 - a_start);
    size_t a_end = std::min(a.lines.size(), s[last].a1 + ctxn);
    size_t b_end = s[last].b1 + (a_end - s[last].a1);
    if (o_.format == Format::kUnified) {
      out << "@@ -" << range_unified(a_start, a_end - a_start) << " +"
          << range_unified(b_start, b_end - b_start) << " @@\n";
      size_t i = a_start;
      for (size_t q = first; q <= last; ++q) {
        const Change& c = s[q];
        for (; i < c.a0; ++i) print_line(' ', a, i);
        for (size_t x = c.a0; x < c.a1; ++x) print_line('-', a, x);
        for (size_t y = c.b0; y < c.b1; ++y) print_line('+', b, y);
        i = c.a1;
      }
      for (; i < a_end; ++i) print_line(' ', a, i);
      continue;
    }
    out << "***************\n";
    out << "*** " << range_context(a_start, a_end - a_start) << " ****\n";
    bool any_del = false, any_ins = false;
    for (size_t q = first; q <= last; ++q) {
      any_del = any_del || s[q].a1 > s[q].a0;
      any_ins = any_ins || s[q].b1 > s[q].b0;
    }
    if (any_del) {
      size_t i = a_start;
      for (size_t q = first; q <= last; ++q) {
        const Change& c = s[q];
        for (; i < c.a0; ++i) print_line(' ', a, i);
        char mark = c.b1 > c.b0 ? '!' : '-';
        for (size_t x = c.a0; x < c.a1; ++x) print_line(mark, a, x);
        i = c.a1;
      }
      for (; i < a_end; ++i) print_line(' ', a, i);
    }
    out << "--- " << range_context(b_start, b_end - b_start) << " ----\n";
    if (any_ins) {
      size_t j = b_start;
      for (size_t q = first; q <= last; ++q) {
        const Change& c = s[q];
        for (; j < c.b0; ++j) print_line(' ', b, j);
        char mark = c.a1 > c.a0 ? '!' : '+';
        for (size_t y = c.b0; y < c.b1; ++y) print_line(mark, b, y);
        j = c.b1;
      }
      for (; j < b_end; ++j) print_line(' ', b, j);
    }
  }
}

bool is_binary(std::string_view text) {
  return text.substr(0, 4096).find('\0') != std::string_view::npos;
}

int DiffRun::compare_files(FileData& a, FileData& b, bool from_dir) {
  // -y and -D print the files even when they are the same.
  bool prints_all = o_.format == Format::kSideBySide || o_.format == Format::kIfdef;
  if (a.text == b.text && a.exists == b.exists && !prints_all) {
    if (o_.report_identical) {
      ctx_.out() << "Files " << a.name << " and " << b.name << " are identical\n";
    }
    return kExitSuccess;
  }
  if (!o_.text && (is_binary(a.text) || is_binary(b.text))) {
    if (a.text == b.text) return kExitSuccess;
    ctx_.out() << "Binary files " << a.name << " and " << b.name << " differ\n";
    return kExitFailure;
  }
  split_lines(a);
  split_lines(b);
  std::unordered_map<std::string, int> classes;
  std::vector<int> ea, eb;
  bool normalizing = o_.icase || o_.space_change || o_.all_space || o_.strip_cr;
  auto classify = [&](const FileData& f, std::vector<int>& out) {
    out.reserve(f.lines.size());
    for (size_t i = 0; i < f.lines.size(); ++i) {
      std::string key = normalizing ? normalize(f.lines[i], o_) : std::string(f.lines[i]);
      // A last line without newline differs from the same text with one.
      // (-b and -w count the missing newline as white space.)
      // (-e cannot express it: it only warns, below.)
      if (i + 1 == f.lines.size() && f.missing_newline && !o_.space_change && !o_.all_space &&
          o_.format != Format::kEd) {
        key += '\n';
      }
      auto [it, inserted] = classes.emplace(std::move(key), static_cast<int>(classes.size()));
      out.push_back(it->second);
    }
  };
  classify(a, ea);
  classify(b, eb);
  // GNU's find_identical_ends: the raw identical prefix and suffix, less
  // the horizon (the context length) that stays in play.
  auto raw_equal = [&](size_t i, size_t j) {
    bool last_a = i + 1 == a.lines.size() && a.missing_newline;
    bool last_b = j + 1 == b.lines.size() && b.missing_newline;
    return (last_a == last_b || o_.format == Format::kEd) && a.lines[i] == b.lines[j];
  };
  size_t na = a.lines.size(), nb = b.lines.size();
  size_t prefix = 0;
  while (prefix < na && prefix < nb && raw_equal(prefix, prefix)) ++prefix;
  size_t suffix = 0;
  while (suffix < na - prefix && suffix < nb - prefix &&
         raw_equal(na - 1 - suffix, nb - 1 - suffix)) {
    ++suffix;
  }
  bool with_context = o_.format == Format::kUnified || o_.format == Format::kContext;
  size_t horizon = with_context ? static_cast<size_t>(o_.context) : 0;
  prefix = prefix > horizon ? prefix - horizon : 0;
  suffix = suffix > horizon ? suffix - horizon : 0;
  Comparer cmp(ea, eb, prefix, suffix, ctx_.budget);
  cmp.run();
  std::vector<Change> script = build_script(cmp, a.lines.size(), b.lines.size());
  if (o_.blank_lines) {
    for (Change& c : script) {
      bool blank = true;
      for (size_t i = c.a0; i < c.a1 && blank; ++i) blank = normalize(a.lines[i], o_).empty();
      for (size_t j = c.b0; j < c.b1 && blank; ++j) blank = normalize(b.lines[j], o_).empty();
      c.ignorable = blank;
    }
  }
  bool differ =
      std::any_of(script.begin(), script.end(), [](const Change& c) { return !c.ignorable; });
  if (!differ && prints_all && !o_.brief) {
    if (from_dir) ctx_.out() << "diff" << o_.switches << " " << a.name << " " << b.name << "\n";
    if (o_.format == Format::kIfdef) {
      print_ifdef(a, b, script);
    } else {
      print_side_by_side(a, b, script);
    }
    if (o_.report_identical)
      ctx_.out() << "Files " << a.name << " and " << b.name << " are identical\n";
    return kExitSuccess;
  }
  // An ed script cannot drop a final newline: GNU warns and fails.
  auto ed_status = [&](int status) {
    if (o_.format != Format::kEd || o_.brief) return status;
    for (const FileData* f : {&a, &b}) {
      if (!f->missing_newline) continue;
      ctx_.flush_output();
      ctx_.err() << "diff: " << f->name << ": No newline at end of file\n\n";
      status = kExitUsage;
    }
    return status;
  };
  if (!differ) {
    if (o_.report_identical) {
      ctx_.out() << "Files " << a.name << " and " << b.name << " are identical\n";
    }
    return ed_status(kExitSuccess);
  }
  if (o_.brief) {
    ctx_.out() << "Files " << a.name << " and " << b.name << " differ\n";
    return kExitFailure;
  }
  if (from_dir) ctx_.out() << "diff" << o_.switches << " " << a.name << " " << b.name << "\n";
  if (o_.format == Format::kEd) {
    print_ed(a, b, script);
    return ed_status(kExitFailure);
  } else if (o_.format == Format::kIfdef) {
    print_ifdef(a, b, script);
  } else if (o_.format == Format::kSideBySide) {
    print_side_by_side(a, b, script);
  } else if (o_.format != Format::kNormal) {
    bool context = o_.format == Format::kContext;
    const char* marks[2] = {context ? "***" : "---", context ? "---" : "+++"};
    const FileData* fs[2] = {&a, &b};
    for (int f = 0; f < 2; ++f) {
      ctx_.out() << marks[f] << ' ';
      if (static_cast<size_t>(f) < o_.labels.size()) {
        ctx_.out() << o_.labels[static_cast<size_t>(f)] << '\n';
      } else {
        ctx_.out() << fs[f]->name << '\t' << header_time(*fs[f], context) << '\n';
      }
    }
    print_hunks(a, b, script);
  } else {
    print_normal(a, b, script);
  }
  return kExitFailure;
}

int DiffRun::compare_dirs(const std::string& a, const std::string& b) {
  // Symlinked directory loops would recurse forever: like GNU, a directory
  // that is one of its own ancestors (same device and inode) is an error.
  auto st = ctx_.fs.stat(a);
  std::pair<uint64_t, uint64_t> id{st ? st->dev : 0, st ? st->ino : 0};
  if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end() ||
      ancestors_.size() > 512) {
    ctx_.error(a + ": recursive directory loop");
    return kExitUsage;
  }
  ancestors_.push_back(id);
  struct Pop {
    std::vector<std::pair<uint64_t, uint64_t>>& v;
    ~Pop() { v.pop_back(); }
  } pop{ancestors_};
  auto la = ctx_.fs.readdir(a);
  auto lb = ctx_.fs.readdir(b);
  if (!la || !lb) {
    ctx_.error_errno(!la ? a : b, !la ? la.error() : lb.error());
    return kExitUsage;
  }
  std::vector<std::string> names;
  std::set<std::string> in_a, in_b;
  for (const auto& e : *la) {
    if (e.name != "." && e.name != "..") in_a.insert(e.name);
  }
  for (const auto& e : *lb) {
    if (e.name != "." && e.name != "..") in_b.insert(e.name);
  }
  std::set<std::string> all = in_a;
  all.insert(in_b.begin(), in_b.end());
  int status = kExitSuccess;
  for (const auto& name : all) {
    ctx_.budget.check();
    std::string pa = files::join_path(a, name), pb = files::join_path(b, name);
    bool has_a = in_a.count(name) != 0, has_b = in_b.count(name) != 0;
    if ((!has_a || !has_b) && !o_.new_file) {
      ctx_.out() << "Only in " << (has_a ? a : b) << ": " << name << '\n';
      status = std::max(status, kExitFailure);
      continue;
    }
    int rc = compare_paths(pa, pb, false);
    status = std::max(status, rc);
  }
  return status;
}

std::string_view type_word(uint32_t mode) {
  if (S_ISDIR(mode)) return "directory";
  if (S_ISREG(mode)) return "regular file";
  if (S_ISLNK(mode)) return "symbolic link";
  if (S_ISFIFO(mode)) return "fifo";
  return "special file";
}

int DiffRun::compare_paths(const std::string& a_in, const std::string& b_in, bool top) {
  std::string a = a_in, b = b_in;
  if (top && (a == "-" || b == "-")) {
    FileData fa, fb;
    for (auto [path, data] : {std::pair{&a, &fa}, std::pair{&b, &fb}}) {
      if (!load(*path, *data)) {
        ctx_.error_errno(*path, ENOENT);
        return kExitUsage;
      }
    }
    return compare_files(fa, fb, false);
  }
  // Operands may be /dev/fd/N from process substitution.
  auto sa = top ? ctx_.stat_input(a) : ctx_.fs.stat(a);
  auto sb = top ? ctx_.stat_input(b) : ctx_.fs.stat(b);
  if (top && sa && sb && sa->is_dir() != sb->is_dir()) {
    // diff FILE DIR compares FILE with DIR/FILE's base name.
    if (sa->is_dir()) {
      a = files::join_path(a, files::base_name(b));
      sa = ctx_.fs.stat(a);
    } else {
      b = files::join_path(b, files::base_name(a));
      sb = ctx_.fs.stat(b);
    }
  }
  bool missing_a = !sa && sa.error() == ENOENT && o_.new_file && sb;
  bool missing_b = !sb && sb.error() == ENOENT && o_.new_file && sa;
  if ((!sa && !missing_a) || (!sb && !missing_b)) {
    if (!sa && !missing_a) ctx_.error_errno(a, sa.error());
    if (sa && !sb && !missing_b) ctx_.error_errno(b, sb.error());
    return kExitUsage;
  }
  if (sa && sb && sa->is_dir() && sb->is_dir()) {
    if (!top && !o_.recursive) {
      ctx_.out() << "Common subdirectories: " << a << " and " << b << '\n';
      return kExitSuccess;
    }
    return compare_dirs(a, b);
  }
  if (!top && sa && sb && sa->is_dir() != sb->is_dir()) {
    ctx_.out() << "File " << a << " is a " << type_word(sa->mode) << " while file " << b << " is a "
               << type_word(sb->mode) << '\n';
    return kExitFailure;
  }
  FileData fa, fb;
  if (missing_a) {
    fa.name = a;
    fa.exists = false;
  } else if (!load(a, fa)) {
    ctx_.error_errno(a, EIO);
    return kExitUsage;
  }
  if (missing_b) {
    fb.name = b;
    fb.exists = false;
  } else if (!load(b, fb)) {
    ctx_.error_errno(b, EIO);
    return kExitUsage;
  }
  return compare_files(fa, fb, !top);
}

int parse_context(Context& ctx, const std::string& v, int* out) {
  char* end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != 0 || n < 0) {
    ctx.error("invalid context length " + quote(v));
    ctx.error("Try 'diff --help' for more information.");
    return kExitUsage;
  }
  *out = static_cast<int>(std::min<long>(n, INT_MAX / 4));
  return kExitSuccess;
}

int run(Context& ctx, const Args& args) {
  Options o;
  for (const auto& occ : args.options) {
    char s = occ.spec->short_name;
    std::string_view l = occ.spec->long_name;
    if (s == 'u') {
      o.format = Format::kUnified;
    } else if (s == 'c') {
      o.format = Format::kContext;
    } else if (s == 'U' || s == 'C') {
      o.format = s == 'U' ? Format::kUnified : Format::kContext;
      if (int rc = parse_context(ctx, occ.value, &o.context); rc != 0) return rc;
    } else if (l == "normal") {
      o.format = Format::kNormal;
    } else if (s == 'q') {
      o.brief = true;
    } else if (s == 'r') {
      o.recursive = true;
    } else if (s == 'N') {
      o.new_file = true;
    } else if (s == 'a') {
      o.text = true;
    } else if (s == 'i') {
      o.icase = true;
    } else if (s == 'b') {
      o.space_change = true;
    } else if (s == 'w') {
      o.all_space = true;
    } else if (s == 'B') {
      o.blank_lines = true;
    } else if (s == 's') {
      o.report_identical = true;
    } else if (l == "strip-trailing-cr") {
      o.strip_cr = true;
    } else if (l == "label") {
      o.labels.push_back(occ.value);
    } else if (s == 'e') {
      o.format = Format::kEd;
    } else if (s == 'D') {
      o.format = Format::kIfdef;
      o.ifdef_name = occ.value;
    } else if (s == 'y') {
      o.format = Format::kSideBySide;
    } else if (s == 'W') {
      char* end = nullptr;
      long n = std::strtol(occ.value.c_str(), &end, 10);
      if (occ.value.empty() || *end != 0 || n <= 0) {
        ctx.error("invalid width " + quote(occ.value));
        ctx.error("Try 'diff --help' for more information.");
        return kExitUsage;
      }
      o.width = static_cast<int>(std::min<long>(n, 1 << 20));
    } else if (l == "left-column") {
      o.left_column = true;
    } else if (l == "suppress-common-lines") {
      o.suppress_common = true;
    } else if (s == 't') {
      o.expand_tabs = true;
    }
  }
  // The switches as typed, for the "diff -r ..." lines of recursive runs.
  std::set<std::string> operand_set(args.operands.begin(), args.operands.end());
  size_t operands_seen = 0;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    const std::string& w = ctx.argv[i];
    if (operands_seen < args.operands.size() && w == args.operands[operands_seen] &&
        (w.empty() || w[0] != '-' || w == "-")) {
      ++operands_seen;
      continue;
    }
    if (w == "--") continue;
    o.switches += " " + w;
  }
  if (args.operands.size() != 2) {
    // diff prefixes its Try line with the program name, unlike coreutils.
    ctx.error(args.operands.empty()       ? std::string("missing operand after 'diff'")
              : args.operands.size() == 1 ? "missing operand after " + quote(args.operands[0])
                                          : "extra operand " + quote(args.operands[2]));
    ctx.error("Try 'diff --help' for more information.");
    return kExitUsage;
  }
  DiffRun run(ctx, o);
  return run.compare_paths(args.operands[0], args.operands[1], true);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(diff, {
                        .name = "diff",
                        .usage = "diff [OPTION]... FILES",
                        .summary = "Compare FILES line by line.",
                        .options = kOptions,
                        .main = run,
                        .flags = kUsageStatus2,
                    });

// du: estimate file space usage, GNU coreutils 9.1 behaviour
// (-a -s -c -d/--max-depth -h --si -k -m -b -B --apparent-size -L -H -P -l -x
// -0 -S --exclude). Hard-linked files count once unless -l.
// Directories are walked in name order (GNU follows the host's readdir order).
#include <cstring>
#include <set>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'0', "null", ArgKind::None, "", "end each output line with NUL, not newline"},
    {'a', "all", ArgKind::None, "", "write counts for all files, not just directories"},
    {0, "apparent-size", ArgKind::None, "", "print apparent sizes rather than disk usage"},
    {'B', "block-size", ArgKind::Required, "SIZE", "scale sizes by SIZE before printing them"},
    {'b', "bytes", ArgKind::None, "", "equivalent to '--apparent-size --block-size=1'"},
    {'c', "total", ArgKind::None, "", "produce a grand total"},
    {'D', "dereference-args", ArgKind::None, "",
     "dereference only symlinks that are listed on "
     "the command line"},
    {'d', "max-depth", ArgKind::Required, "N",
     "print the total for a directory only if it is N "
     "or fewer levels below the command line argument"},
    {'H', "", ArgKind::None, "", "equivalent to --dereference-args (-D)"},
    {'h', "human-readable", ArgKind::None, "", "print sizes in human readable format"},
    {0, "inodes", ArgKind::None, "", "list inode usage information instead of block usage"},
    {'k', "", ArgKind::None, "", "like --block-size=1K"},
    {'L', "dereference", ArgKind::None, "", "dereference all symbolic links"},
    {'l', "count-links", ArgKind::None, "", "count sizes many times if hard linked"},
    {'m', "", ArgKind::None, "", "like --block-size=1M"},
    {'P', "no-dereference", ArgKind::None, "", "don't follow any symbolic links (default)"},
    {'S', "separate-dirs", ArgKind::None, "",
     "for directories do not include size of "
     "subdirectories"},
    {0, "si", ArgKind::None, "", "like -h, but use powers of 1000 not 1024"},
    {'s', "summarize", ArgKind::None, "", "display only a total for each argument"},
    {'t', "threshold", ArgKind::Required, "SIZE",
     "exclude entries smaller than SIZE if "
     "positive"},
    {'x', "one-file-system", ArgKind::None, "", "skip directories on different file systems"},
    {'X', "exclude-from", ArgKind::Required, "FILE",
     "exclude files that match any pattern in "
     "FILE"},
    {0, "exclude", ArgKind::Required, "PATTERN", "exclude files that match PATTERN"},
};

bool glob(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

struct Du {
  Context& ctx;
  bool all = false, apparent = false, total = false, human = false, si = false;
  bool summarize = false, deref_all = false, deref_args = false, count_links = false;
  bool separate = false, one_fs = false, inodes = false;
  char eol = '\n';
  uint64_t block_size = 1024;
  int64_t threshold = 0;
  std::optional<size_t> max_depth;
  std::vector<std::string> excludes;
  std::set<std::pair<uint64_t, uint64_t>> seen;
  int status = kExitSuccess;

  std::string format(uint64_t bytes) const {
    if (inodes) return std::to_string(bytes);
    if (human || si) return human_size(bytes, si);
    return std::to_string(div_ceil(bytes, block_size));
  }

  uint64_t size_of(const vfs::Stat& st) const {
    if (inodes) return 1;
    return apparent ? st.size : st.blocks * 512;
  }

  bool excluded(const std::string& path) const {
    std::string base = base_name(path);
    for (const auto& p : excludes) {
      if (glob(p, base) || glob(p, path)) return true;
    }
    return false;
  }

  void print(uint64_t bytes, const std::string& path) {
    if (threshold > 0 && static_cast<int64_t>(bytes) < threshold) return;
    if (threshold < 0 && static_cast<int64_t>(bytes) > -threshold) return;
    ctx.out() << format(bytes) << '\t' << path;
    ctx.out().put(eol);
  }

  // Returns the size of `path` (its whole tree), printing lines as GNU does.
  uint64_t walk(const std::string& path, size_t depth, uint64_t dev) {
    ctx.budget.check();
    bool follow = deref_all || (depth == 0 && deref_args);
    auto st = follow ? ctx.fs.stat(path) : ctx.fs.lstat(path);
    if (!st.ok()) {
      fail(ctx, "cannot access " + quote(ctx, path), st.error());
      status = kExitFailure;
      return 0;
    }
    if (depth > 0 && excluded(path)) return 0;
    if (!count_links && !S_ISDIR(st->mode) && st->nlink > 1) {
      if (!seen.insert({st->dev, st->ino}).second) return 0;
    }
    if (S_ISDIR(st->mode)) {
      if (!seen.insert({st->dev, st->ino}).second && depth > 0) return 0;
    }
    uint64_t size = size_of(*st);
    if (S_ISDIR(st->mode)) {
      uint64_t separate_size = size;  // -S: the directory and its files only
      if (!(one_fs && depth > 0 && st->dev != dev)) {
        auto entries = ctx.fs.readdir(path);
        if (!entries.ok()) {
          fail(ctx, "cannot read directory " + quote(ctx, path), entries.error());
          status = kExitFailure;
        } else {
          for (const auto& e : *entries) {
            std::string child_path = join_path(path, e.name);
            uint64_t child = walk(child_path, depth + 1, depth == 0 ? st->dev : dev);
            size += child;
            if (e.type != S_IFDIR) separate_size += child;
          }
        }
      }
      if (depth == 0 || !max_depth || depth <= *max_depth) {
        print(separate ? separate_size : size, path);
      }
      return size;
    }
    bool show = depth == 0 || (all && !summarize && (!max_depth || depth <= *max_depth));
    if (show) print(size, path);
    return size;
  }
};

int run_du(Context& ctx, const Args& args) {
  Du du{.ctx = ctx};
  for (const auto& o : args.options) {
    char c = o.spec->short_name;
    std::string_view l = o.spec->long_name;
    if (c == '0') {
      du.eol = '\0';
    } else if (c == 'a') {
      du.all = true;
    } else if (l == "apparent-size") {
      du.apparent = true;
    } else if (c == 'B') {
      auto v = parse_size(o.value, false);
      if (!v || *v == 0) {
        ctx.error("invalid --block-size argument " + quote_value(ctx, o.value));
        return kExitFailure;
      }
      du.block_size = *v;
      du.human = du.si = false;
    } else if (c == 'b') {
      du.apparent = true;
      du.block_size = 1;
      du.human = du.si = false;
    } else if (c == 'c') {
      du.total = true;
    } else if (c == 'D' || c == 'H') {
      // -H, -L and -P each replace the others: the last one wins, as in GNU.
      du.deref_args = true;
      du.deref_all = false;
    } else if (c == 'd') {
      auto v = parse_size(o.value, false);
      if (!v || o.value.find_first_not_of("0123456789") != std::string::npos) {
        ctx.error("invalid maximum depth " + quote_value(ctx, o.value));
        try_help(ctx);
        return kExitFailure;
      }
      du.max_depth = *v;
    } else if (c == 'h') {
      du.human = true;
      du.si = false;
    } else if (l == "si") {
      du.si = true;
      du.human = false;
    } else if (l == "inodes") {
      du.inodes = true;
    } else if (c == 'k') {
      du.block_size = 1024;
      du.human = du.si = false;
    } else if (c == 'm') {
      du.block_size = 1024 * 1024;
      du.human = du.si = false;
    } else if (c == 'L') {
      du.deref_all = true;
      du.deref_args = false;
    } else if (c == 'P') {
      du.deref_all = false;
      du.deref_args = false;
    } else if (c == 'l') {
      du.count_links = true;
    } else if (c == 'S') {
      du.separate = true;
    } else if (c == 's') {
      du.summarize = true;
    } else if (c == 't') {
      std::string v = o.value;
      bool negative = !v.empty() && v[0] == '-';
      auto n = parse_size(negative ? v.substr(1) : v, false);
      if (!n) {
        ctx.error("invalid --threshold argument " + quote_value(ctx, o.value));
        return kExitFailure;
      }
      du.threshold = negative ? -static_cast<int64_t>(*n) : static_cast<int64_t>(*n);
    } else if (c == 'x') {
      du.one_fs = true;
    } else if (l == "exclude") {
      du.excludes.push_back(o.value);
    } else if (c == 'X') {
      auto text = ctx.fs.read_file(o.value);
      if (!text.ok()) {
        fail(ctx, quote_if_needed(ctx, o.value), text.error());
        return kExitFailure;
      }
      size_t start = 0;
      while (start < text->size()) {
        size_t nl = text->find('\n', start);
        if (nl == std::string::npos) nl = text->size();
        if (nl > start) du.excludes.push_back(text->substr(start, nl - start));
        start = nl + 1;
      }
    }
  }
  if (du.summarize && du.all) {
    ctx.error("cannot both summarize and show all entries");
    try_help(ctx);
    return kExitFailure;
  }
  if (du.summarize && du.max_depth && *du.max_depth > 0) {
    ctx.error("warning: summarizing conflicts with --max-depth=" + std::to_string(*du.max_depth));
    try_help(ctx);
    return kExitFailure;
  }
  if (du.summarize) du.max_depth = 0;
  std::vector<std::string> ops = args.operands;
  if (ops.empty()) ops.push_back(".");
  uint64_t grand = 0;
  for (const std::string& p : ops) grand += du.walk(p, 0, 0);
  if (du.total) du.print(grand, "total");
  return du.status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(du, {
                      .name = "du",
                      .usage = "du [OPTION]... [FILE]...\ndu [OPTION]... --files0-from=F",
                      .summary = "Summarize device usage of the set of FILEs, recursively for "
                                 "directories.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_du,
                  });

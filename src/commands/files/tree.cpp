// tree: list contents of directories in a tree-like format (tree 2.x output,
// UTF-8 line drawing or --charset=ascii). Common flags: -a -d -L -f -F -I -P
// --noreport --dirsfirst -r -s -h -p --prune. Names sort in byte order.
#include <algorithm>
#include <cstring>
#include <set>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "", ArgKind::None, "", "All files are listed"},
    {'d', "", ArgKind::None, "", "List directories only"},
    {'l', "", ArgKind::None, "", "Follow symbolic links like directories"},
    {'f', "", ArgKind::None, "", "Print the full path prefix for each file"},
    {'L', "", ArgKind::Required, "level", "Descend only level directories deep"},
    {'P', "", ArgKind::Required, "pattern", "List only those files that match the pattern given"},
    {'I', "", ArgKind::Required, "pattern", "Do not list files that match the given pattern"},
    {0, "noreport", ArgKind::None, "", "Turn off file/directory count at end of tree listing"},
    {0, "dirsfirst", ArgKind::None, "", "List directories before files"},
    {0, "prune", ArgKind::None, "", "Prune empty directories from the output"},
    {0, "charset", ArgKind::Required, "X",
     "Use charset X for terminal/HTML and indentation line "
     "output"},
    {'F', "", ArgKind::None, "", "Appends '/', '=', '*', '@', '|' or '>' as per ls -F"},
    {'r', "", ArgKind::None, "", "Reverse the order of the sort"},
    {'s', "", ArgKind::None, "", "Print the size in bytes of each file"},
    {'h', "", ArgKind::None, "", "Print the size in a more human readable way"},
    {'p', "", ArgKind::None, "", "Print the protections for each file"},
    {'n', "", ArgKind::None, "", "Turn colorization off always (-C overrides)"},
    {'C', "", ArgKind::None, "", "Turn colorization on always"},
    {'i', "", ArgKind::None, "", "Don't print indentation lines"},
    {'Q', "", ArgKind::None, "", "Quote filenames with double quotes"},
};

bool match_any(const std::string& patterns, const std::string& name) {
  size_t start = 0;
  while (start <= patterns.size()) {
    size_t bar = patterns.find('|', start);
    std::string p =
        patterns.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    // fnmatch with * and ?.
    size_t pi = 0, si = 0, star = std::string::npos, mark = 0;
    bool ok = true;
    while (si < name.size()) {
      if (pi < p.size() && (p[pi] == '?' || p[pi] == name[si])) {
        ++pi;
        ++si;
      } else if (pi < p.size() && p[pi] == '*') {
        star = pi++;
        mark = si;
      } else if (star != std::string::npos) {
        pi = star + 1;
        si = ++mark;
      } else {
        ok = false;
        break;
      }
    }
    while (ok && pi < p.size() && p[pi] == '*') ++pi;
    if (ok && pi == p.size()) return true;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return false;
}

struct Tree {
  Context& ctx;
  bool all = false, dirs_only = false, follow = false, full_path = false, noreport = false;
  bool dirs_first = false, prune = false, classify = false, reverse = false, sizes = false;
  bool human = false, perms = false, no_indent = false, quote_names = false;
  bool ascii = false;
  std::optional<size_t> max_level;
  std::string include, exclude;
  uint64_t dir_count = 0, file_count = 0;

  std::string branch(bool last) const {
    if (ascii) return last ? "`-- " : "|-- ";
    return last ? "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 " : "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 ";
  }
  std::string stem(bool last) const {
    if (ascii) return last ? "    " : "|   ";
    return last ? "    " : "\xe2\x94\x82\xc2\xa0\xc2\xa0 ";
  }

  std::string decorate(const std::string& path, const std::string& name, const vfs::Stat& st) {
    std::string out;
    if (perms || sizes) {
      out += "[";
      if (perms) out += mode_string(st.mode);
      if (perms && sizes) out += " ";
      if (sizes) {
        std::string s = human ? human_size(st.size) : std::to_string(st.size);
        out +=
            std::string(s.size() < (human ? 4u : 11u) ? (human ? 4 : 11) - s.size() : 0, ' ') + s;
      }
      out += "]  ";
    }
    std::string shown = full_path ? path : name;
    out += quote_names ? "\"" + shown + "\"" : shown;
    if (S_ISLNK(st.mode)) {
      auto target = ctx.fs.readlink(path);
      out += " -> " + (target.ok() ? *target : std::string("?"));
      if (classify) {
        auto t = ctx.fs.stat(path);
        if (t.ok() && S_ISDIR(t->mode)) out += "/";
      }
    } else if (classify) {
      if (S_ISDIR(st.mode))
        out += "/";
      else if (S_ISFIFO(st.mode))
        out += "|";
      else if (S_ISSOCK(st.mode))
        out += "=";
      else if (st.mode & 0111)
        out += "*";
    }
    return out;
  }

  struct Child {
    std::string name, path;
    vfs::Stat st;
    bool is_dir;
  };

  std::vector<Child> children(const std::string& dir, size_t depth) {
    std::vector<Child> out;
    auto entries = ctx.fs.readdir(dir);
    if (!entries.ok()) return out;
    for (const auto& e : *entries) {
      if (!all && e.name[0] == '.') continue;
      std::string path = join_path(dir, e.name);
      auto st = ctx.fs.lstat(path);
      if (!st.ok()) continue;
      bool is_dir = S_ISDIR(st->mode);
      if (S_ISLNK(st->mode) && follow) {
        auto t = ctx.fs.stat(path);
        is_dir = t.ok() && S_ISDIR(t->mode);
      }
      if (dirs_only && !is_dir) continue;
      if (!exclude.empty() && match_any(exclude, e.name)) continue;
      if (!include.empty() && !is_dir && !match_any(include, e.name)) continue;
      if (prune && is_dir && (!max_level || depth + 1 < *max_level) && !has_content(path)) continue;
      out.push_back({e.name, path, *st, is_dir});
    }
    std::stable_sort(out.begin(), out.end(), [&](const Child& a, const Child& b) {
      if (dirs_first && a.is_dir != b.is_dir) return a.is_dir;
      return reverse ? a.name > b.name : a.name < b.name;
    });
    return out;
  }

  bool has_content(const std::string& dir) {
    auto entries = ctx.fs.readdir(dir);
    if (!entries.ok()) return false;
    for (const auto& e : *entries) {
      if (!all && e.name[0] == '.') continue;
      auto st = ctx.fs.lstat(join_path(dir, e.name));
      if (!st.ok()) continue;
      if (S_ISDIR(st->mode)) {
        if (has_content(join_path(dir, e.name))) return true;
      } else if (!dirs_only && (include.empty() || match_any(include, e.name))) {
        return true;
      }
    }
    return false;
  }

  // Directories on the current path, so -l stops at symlink loops.
  std::set<std::pair<uint64_t, uint64_t>> active;

  void walk(const std::string& dir, const std::string& prefix, size_t depth) {
    ctx.budget.check();
    if (max_level && depth >= *max_level) return;
    auto self = ctx.fs.stat(dir);
    std::pair<uint64_t, uint64_t> key{self.ok() ? self->dev : 0, self.ok() ? self->ino : 0};
    if (self.ok() && !active.insert(key).second) return;
    struct Leave {
      std::set<std::pair<uint64_t, uint64_t>>& set;
      std::pair<uint64_t, uint64_t> key;
      bool armed;
      ~Leave() {
        if (armed) set.erase(key);
      }
    } leave{active, key, self.ok()};
    std::vector<Child> kids = children(dir, depth);
    for (size_t i = 0; i < kids.size(); ++i) {
      bool last = i + 1 == kids.size();
      const Child& c = kids[i];
      ctx.out() << (no_indent ? "" : prefix + branch(last)) << decorate(c.path, c.name, c.st)
                << '\n';
      if (c.is_dir) {
        ++dir_count;
        if (!S_ISLNK(c.st.mode) || follow) walk(c.path, prefix + stem(last), depth + 1);
      } else {
        ++file_count;
      }
    }
  }
};

int run_tree(Context& ctx, const Args& args) {
  Tree t{.ctx = ctx};
  t.all = args.has('a');
  t.dirs_only = args.has('d');
  t.follow = args.has('l');
  t.full_path = args.has('f');
  t.noreport = args.has("noreport");
  t.dirs_first = args.has("dirsfirst");
  t.prune = args.has("prune");
  t.classify = args.has('F');
  t.reverse = args.has('r');
  t.sizes = args.has('s') || args.has('h');
  t.human = args.has('h');
  t.perms = args.has('p');
  t.no_indent = args.has('i');
  t.quote_names = args.has('Q');
  if (const std::string* cs = args.value("charset")) {
    t.ascii = *cs == "ascii" || *cs == "ASCII";
  } else {
    t.ascii = !utf8_locale(ctx);
  }
  if (const std::string* l = args.value('L')) {
    auto v = parse_size(*l, false);
    if (!v || *v == 0 || l->find_first_not_of("0123456789") != std::string::npos) {
      ctx.error("Invalid level, must be greater than 0.");
      return 1;
    }
    t.max_level = *v;
  }
  if (const std::string* p = args.value('I')) t.exclude = *p;
  if (const std::string* p = args.value('P')) t.include = *p;
  std::vector<std::string> roots = args.operands;
  if (roots.empty()) roots.push_back(".");
  int status = kExitSuccess;
  for (const std::string& root : roots) {
    auto st = ctx.fs.stat(root);
    if (!st.ok() || !S_ISDIR(st->mode)) {
      ctx.out() << root << "  [error opening dir]\n";
      status = 2;
      continue;
    }
    ctx.out() << root << '\n';
    t.walk(root, "", 0);
  }
  if (!t.noreport) {
    ctx.out() << '\n'
              << std::to_string(t.dir_count) << (t.dir_count == 1 ? " directory" : " directories");
    if (!t.dirs_only)
      ctx.out() << ", " << std::to_string(t.file_count) << (t.file_count == 1 ? " file" : " files");
    ctx.out() << '\n';
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(tree, {
                        .name = "tree",
                        .usage = "tree [-adlfFrisphQ] [-L level [-R]] [-P pattern] [-I pattern] "
                                 "[--noreport] [--dirsfirst] [--prune] [--charset X] "
                                 "[--] [directory ...]",
                        .summary = "List contents of directories in a tree-like format.",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_tree,
                    });

// cd pwd pushd popd dirs
#include <algorithm>
#include <cstring>
#include <optional>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

// Lexically normalized absolute path (cd -L semantics).
std::string normalize(const std::string& base, const std::string& path) {
  std::string full = !path.empty() && path[0] == '/' ? path : base + "/" + path;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= full.size()) {
    size_t j = full.find('/', i);
    if (j == std::string::npos) j = full.size();
    std::string comp = full.substr(i, j - i);
    if (comp == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!comp.empty() && comp != ".") {
      parts.push_back(comp);
    }
    i = j + 1;
  }
  std::string out;
  for (auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

int change_dir(ShellState& st, const std::string& name, const std::string& target, bool physical) {
  std::string dest = normalize(st.cwd_, target);
  auto view = st.fs_view();
  auto s = view.stat(dest);
  if (!s) {
    st.error(name + ": " + target + ": " + std::strerror(s.error()));
    return 1;
  }
  if (!s->is_dir()) {
    st.error(name + ": " + target + ": Not a directory");
    return 1;
  }
  if (!view.access(dest, X_OK)) {
    st.error(name + ": " + target + ": Permission denied");
    return 1;
  }
  if (physical) {
    auto real = view.realpath(dest);
    if (real) dest = *real;
  }
  std::string old;
  if (!st.get_var("PWD", old)) old = st.cwd_;
  st.set_var("OLDPWD", old);
  st.cwd_ = dest;
  st.set_var("PWD", dest);
  return 0;
}

}  // namespace

int b_cd(ShellState& st, Args& argv) {
  // -e and -@ change nothing here: there is no failure to report after a
  // physical cd, nor extended attributes.
  auto flags = parse_flags(st, argv, "LPe@");
  if (!flags) return 2;
  size_t i = flags->next;
  size_t last_mode = flags->on.find_last_of("LP");
  bool physical = last_mode != std::string::npos && flags->on[last_mode] == 'P';
  std::string target;
  bool print = false;
  if (i >= argv.size()) {
    if (!st.get_var("HOME", target)) {
      st.error("cd: HOME not set");
      return 1;
    }
  } else {
    if (argv.size() - i > 1) {
      st.error("cd: too many arguments");
      return 1;
    }
    target = argv[i];
    if (target == "-") {
      if (!st.get_var("OLDPWD", target)) {
        st.error("cd: OLDPWD not set");
        return 1;
      }
      print = true;
    } else if (!target.empty() && target[0] != '/' && target[0] != '.') {
      std::string cdpath;
      if (st.get_var("CDPATH", cdpath) && !cdpath.empty()) {
        size_t p = 0;
        while (p <= cdpath.size()) {
          size_t q = cdpath.find(':', p);
          if (q == std::string::npos) q = cdpath.size();
          std::string dir = cdpath.substr(p, q - p);
          std::string cand = (dir.empty() ? "." : dir) + "/" + target;
          auto s = st.fs_view().stat(cand);
          if (s && s->is_dir()) {
            target = normalize(st.cwd_, cand);
            print = !dir.empty();
            break;
          }
          p = q + 1;
        }
      }
    }
  }
  if (target.empty()) return 0;
  int status = change_dir(st, "cd", target, physical);
  if (status == 0 && print) st.out(st.cwd_ + "\n");
  return status;
}

int b_pwd(ShellState& st, Args& argv) {
  bool physical = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-P")
      physical = true;
    else if (argv[i] == "-L")
      physical = false;
    else if (argv[i][0] == '-')
      return invalid_option(st, "pwd", argv[i].substr(0, 2));
  }
  std::string dir = st.cwd_;
  if (physical) {
    auto real = st.fs_view().realpath(dir);
    if (real) dir = *real;
  }
  st.out(dir + "\n");
  return 0;
}

namespace {
std::string home_abbrev(ShellState& st, const std::string& dir) {
  std::string home;
  if (st.get_var("HOME", home) && !home.empty() && dir.compare(0, home.size(), home) == 0 &&
      (dir.size() == home.size() || dir[home.size()] == '/')) {
    return "~" + dir.substr(home.size());
  }
  return dir;
}
void print_stack(ShellState& st) {
  std::string line = home_abbrev(st, st.cwd_);
  for (auto it = st.dir_stack_.rbegin(); it != st.dir_stack_.rend(); ++it)
    line += " " + home_abbrev(st, *it);
  st.out(line + "\n");
}
}  // namespace

namespace {

// The directory stack as `dirs` numbers it: [0] is the current directory.
std::vector<std::string> stack_entries(const ShellState& st) {
  std::vector<std::string> all{st.cwd_};
  all.insert(all.end(), st.dir_stack_.rbegin(), st.dir_stack_.rend());
  return all;
}

// Stores entries [1...] back (entry 0 is the current directory).
void set_stack_entries(ShellState& st, const std::vector<std::string>& all) {
  st.dir_stack_.assign(all.rbegin(), all.rend() - 1);
}

// "+N" / "-N" of pushd, popd and dirs: the index it names (counted from the
// left for +N, from the right for -N), or nullopt after printing bash's
// "invalid number" and the usage line.
std::optional<int64_t> stack_index(ShellState& st, const std::string& name, const std::string& word,
                                   size_t entries) {
  int64_t n;
  if (word.size() < 2 || !parse_int(word.substr(1), n)) {
    st.error(name + ": " + word + ": invalid number");
    const BuiltinSpec* b = find_builtin(name);
    st.err(name + ": usage: " + std::string(b->usage) + "\n");
    return std::nullopt;
  }
  return word[0] == '+' ? n : static_cast<int64_t>(entries) - 1 - n;
}

bool is_stack_offset(const std::string& word) {
  return word.size() > 1 && (word[0] == '+' || word[0] == '-');
}

}  // namespace

// pushd [-n] [+N | -N | dir]. -N/+N are stack offsets, not options, so the
// words are read here the way bash's pushd reads them.
int b_pushd(ShellState& st, Args& argv) {
  bool no_cd = false;
  size_t i = 1;
  auto all = stack_entries(st);
  for (; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (w == "-n") {
      no_cd = true;
      continue;
    }
    if (w == "--") {
      ++i;
      break;
    }
    if (!is_stack_offset(w) || w == "-") break;
    auto index = stack_index(st, "pushd", w, all.size());
    if (!index) return 2;
    if (*index < 0 || *index >= static_cast<int64_t>(all.size())) {
      st.error(all.size() == 1 ? "pushd: directory stack empty"
                               : "pushd: " + w + ": directory stack index out of range");
      return 1;
    }
    // +N: rotate the stack so that entry N is on top, and go there.
    std::rotate(all.begin(), all.begin() + *index, all.end());
    if (change_dir(st, "pushd", all[0], false) != 0) return 1;
    set_stack_entries(st, all);
    print_stack(st);
    return 0;
  }
  if (i >= argv.size()) {  // swap the top two
    if (all.size() < 2) {
      st.error("pushd: no other directory");
      return 1;
    }
    if (change_dir(st, "pushd", all[1], false) != 0) return 1;
    st.dir_stack_.back() = all[0];
    print_stack(st);
    return 0;
  }
  std::string dir = argv[i];
  bool previous = dir == "-";
  if (previous && !st.get_var("OLDPWD", dir)) {
    st.error("pushd: OLDPWD not set");
    return 1;
  }
  if (no_cd) {
    all.insert(all.begin() + 1, dir);
    set_stack_entries(st, all);
  } else {
    std::string cur = st.cwd_;
    if (change_dir(st, "pushd", dir, false) != 0) return 1;
    st.dir_stack_.push_back(cur);
    if (previous) st.out(st.cwd_ + "\n");  // like `cd -`
  }
  print_stack(st);
  return 0;
}

// popd [-n] [+N | -N]
int b_popd(ShellState& st, Args& argv) {
  bool no_cd = false;
  auto all = stack_entries(st);
  int64_t which = 0;
  std::string which_word;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (w == "-n") {
      no_cd = true;
      continue;
    }
    if (w == "--") break;
    if (!is_stack_offset(w)) {
      st.error("popd: " + w + ": invalid argument");
      st.err("popd: usage: " + std::string(find_builtin("popd")->usage) + "\n");
      return 2;
    }
    auto index = stack_index(st, "popd", w, all.size());
    if (!index) return 2;
    which = *index;
    which_word = w;
  }
  if (all.size() < 2) {
    st.error("popd: directory stack empty");
    return 1;
  }
  if (which < 0 || which >= static_cast<int64_t>(all.size())) {
    st.error("popd: " + which_word + ": directory stack index out of range");
    return 1;
  }
  if (which == 0) {
    // Removing the current directory goes to the next one (-n: only the
    // next entry is removed).
    if (!no_cd && change_dir(st, "popd", all[1], false) != 0) return 1;
    all.erase(all.begin() + 1);
    all[0] = st.cwd_;
  } else {
    all.erase(all.begin() + which);
  }
  set_stack_entries(st, all);
  print_stack(st);
  return 0;
}

// dirs [-clpv] [+N] [-N]
int b_dirs(ShellState& st, Args& argv) {
  bool clear = false, long_form = false, numbered = false, one_per_line = false;
  std::optional<int64_t> index;
  std::string index_word;
  auto all = stack_entries(st);
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (w == "-l") {
      long_form = true;
    } else if (w == "-c") {
      clear = true;
    } else if (w == "-v") {
      numbered = true;
    } else if (w == "-p") {
      one_per_line = true;
    } else if (w == "--") {
      break;
    } else if (is_stack_offset(w)) {
      index = stack_index(st, "dirs", w, all.size());
      if (!index) return 2;
      index_word = w.substr(1);
    } else {
      return invalid_option(st, "dirs", w);
    }
  }
  if (clear) {
    st.dir_stack_.clear();
    return 0;
  }
  auto shown = [&](size_t k) {
    std::string dir = long_form ? all[k] : home_abbrev(st, all[k]);
    if (!numbered) return dir;
    char num[32];
    snprintf(num, sizeof num, "%2zu  ", k);
    return num + dir;
  };
  if (index) {
    if (*index < 0 || *index >= static_cast<int64_t>(all.size())) {
      st.error(all.size() == 1 ? "dirs: directory stack empty"
                               : "dirs: " + index_word + ": directory stack index out of range");
      return 1;
    }
    st.out(shown(static_cast<size_t>(*index)) + "\n");
    return 0;
  }
  std::string text;
  for (size_t k = 0; k < all.size(); ++k) {
    if (k > 0) text += numbered || one_per_line ? "\n" : " ";
    text += shown(k);
  }
  st.out(text + "\n");
  return 0;
}

}  // namespace kefka::shell

// cd pwd pushd popd dirs
#include <cstring>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"

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

int b_pushd(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    if (st.dir_stack_.empty()) {
      st.error("pushd: no other directory");
      return 1;
    }
    std::string top = st.dir_stack_.back();
    std::string cur = st.cwd_;
    if (change_dir(st, "pushd", top, false) != 0) return 1;
    st.dir_stack_.back() = cur;
    print_stack(st);
    return 0;
  }
  std::string cur = st.cwd_;
  if (change_dir(st, "pushd", argv[1], false) != 0) return 1;
  st.dir_stack_.push_back(cur);
  print_stack(st);
  return 0;
}

int b_popd(ShellState& st, Args& argv) {
  if (st.dir_stack_.empty()) {
    st.error("popd: directory stack empty");
    return 1;
  }
  std::string top = st.dir_stack_.back();
  if (change_dir(st, "popd", top, false) != 0) return 1;
  st.dir_stack_.pop_back();
  print_stack(st);
  return 0;
}

int b_dirs(ShellState& st, Args& argv) {
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-c") {
      st.dir_stack_.clear();
      return 0;
    }
    if (argv[i] == "-p" || argv[i] == "-v") {
      bool v = argv[i] == "-v";
      std::vector<std::string> all{st.cwd_};
      for (auto it = st.dir_stack_.rbegin(); it != st.dir_stack_.rend(); ++it) all.push_back(*it);
      for (size_t k = 0; k < all.size(); ++k) {
        std::string line = v ? " " + std::to_string(k) + "  " : "";
        st.out(line + home_abbrev(st, all[k]) + "\n");
      }
      return 0;
    }
  }
  print_stack(st);
  return 0;
}

}  // namespace kefka::shell

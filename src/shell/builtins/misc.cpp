// alias unalias umask ulimit times caller help history hash enable
#include <chrono>
#include <cstring>
#include <thread>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/posix.h"
#include "shell/util.h"

namespace kefka::shell {

int b_alias(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "p");
  if (!flags) return 2;
  size_t i = flags->next;
  // bash quotes the value with single quotes only, control characters raw;
  // POSIX mode drops the "alias " prefix unless -p is given.
  std::string prefix = st.opt_.posix && !flags->has('p') ? "" : "alias ";
  auto show = [&](const std::string& name, const std::string& value) {
    st.out(prefix + name + "=" + single_quote(value) + "\n");
  };
  if (i >= argv.size() || flags->has('p')) {
    for (const auto& [n, v] : *st.aliases_) show(n, v);
  }
  int status = 0;
  for (; i < argv.size(); ++i) {
    size_t eq = argv[i].find('=');
    if (eq == std::string::npos) {
      auto it = st.aliases_->find(argv[i]);
      if (it == st.aliases_->end()) {
        st.error("alias: " + argv[i] + ": not found");
        status = 1;
      } else {
        show(it->first, it->second);
      }
      continue;
    }
    if (st.aliases_.use_count() > 1)
      st.aliases_ = std::make_shared<std::map<std::string, std::string>>(*st.aliases_);
    (*st.aliases_)[argv[i].substr(0, eq)] = argv[i].substr(eq + 1);
  }
  return status;
}

int b_unalias(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    st.err("unalias: usage: unalias [-a] name [name ...]\n");
    return 2;
  }
  if (st.aliases_.use_count() > 1)
    st.aliases_ = std::make_shared<std::map<std::string, std::string>>(*st.aliases_);
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-a") {
      st.aliases_->clear();
      continue;
    }
    if (!st.aliases_->erase(argv[i])) {
      st.error("unalias: " + argv[i] + ": not found");
      status = 1;
    }
  }
  return status;
}

// trap, wait, jobs and kill are in jobs.cpp.

int b_umask(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "Sp");
  if (!flags) return 2;
  bool symbolic = flags->has('S');
  size_t i = flags->next;
  if (i >= argv.size()) {
    if (symbolic) {
      auto perms = [](uint32_t bits) {
        std::string s;
        if (bits & 4) s += 'r';
        if (bits & 2) s += 'w';
        if (bits & 1) s += 'x';
        return s;
      };
      uint32_t m = ~st.umask_ & 0777;
      // -p prints it as a command that restores it.
      st.out(std::string(flags->has('p') ? "umask -S " : "") + "u=" + perms(m >> 6) +
             ",g=" + perms((m >> 3) & 7) + ",o=" + perms(m & 7) + "\n");
    } else {
      char buf[16];
      snprintf(buf, sizeof buf, "%04o\n", st.umask_);
      st.out(std::string(flags->has('p') ? "umask " : "") + buf);
    }
    return 0;
  }
  const std::string& m = argv[i];
  uint32_t v = 0;
  for (char c : m) {
    if (c < '0' || c > '7') {
      st.error("umask: " + m + ": octal number out of range");
      return 1;
    }
    v = v * 8 + static_cast<uint32_t>(c - '0');
  }
  st.umask_ = v & 0777;
  return 0;
}

int b_ulimit(ShellState& st, Args& argv) {
  st.out("unlimited\n");
  return 0;
}

int b_times(ShellState& st, Args&) {
  st.out("0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n");
  return 0;
}

int b_caller(ShellState& st, Args& argv) {
  if (st.call_lines_.empty()) return 1;
  int64_t n = 0;
  if (argv.size() > 1) parse_int(argv[1], n);
  if (n < 0 || static_cast<size_t>(n) >= st.call_lines_.size()) return 1;
  size_t idx = st.call_lines_.size() - 1 - static_cast<size_t>(n);
  std::string fn = idx == 0 ? "main" : st.funcname_[idx - 1];
  if (argv.size() > 1) {
    st.out(std::to_string(st.call_lines_[idx]) + " " + fn + " " + st.arg0_ + "\n");
  } else {
    st.out(std::to_string(st.call_lines_[idx]) + " " + st.arg0_ + "\n");
  }
  return 0;
}

int b_help(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    for (const auto& b : all_builtins()) st.out(std::string(b.usage) + "\n");
    return 0;
  }
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    const BuiltinSpec* b = find_builtin(argv[i]);
    if (b == nullptr) {
      st.error("help: no help topics match `" + argv[i] + "'.  Try `help help' or `man -k " +
               argv[i] + "' or `info " + argv[i] + "'.");
      status = 1;
      continue;
    }
    st.out(std::string(b->name) + ": " + std::string(b->usage) + "\n");
  }
  return status;
}

int b_history(ShellState&, Args&) {
  return 0;
}

int b_hash(ShellState& st, Args& argv) {
  if (argv.size() > 1 && argv[1] == "-r") {
    st.hash_.clear();
    return 0;
  }
  if (argv.size() == 1) {
    if (st.hash_.empty()) {
      st.out("hash: hash table empty\n");
      return 0;
    }
    st.out("hits\tcommand\n");
    for (const auto& [n, p] : st.hash_) st.out("   1\t" + p + "\n");
    return 0;
  }
  int status = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (st.find_in_path(argv[i]).empty()) {
      st.error("hash: " + argv[i] + ": not found");
      status = 1;
    }
  }
  return status;
}

int b_enable(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "adnpsf:");
  if (!flags) return 2;
  if (const std::string* file = flags->value('f')) {
    // No dynamic loading in the sandbox; bash's dlopen failure reads the same.
    return builtin_error(st, "enable",
                         "cannot open shared object " + *file + ": " + *file +
                             ": cannot open shared object file: No such file or "
                             "directory");
  }
  bool disable = flags->has('n');
  if (flags->next == argv.size()) {
    for (const auto& b : all_builtins()) {
      bool off = st.disabled_builtins_.count(b.name) > 0;
      if (flags->has('s') && !b.special) continue;
      if (!flags->has('a') && off != disable) continue;
      st.out((off ? "enable -n " : "enable ") + std::string(b.name) + "\n");
    }
    return 0;
  }
  int status = 0;
  for (size_t i = flags->next; i < argv.size(); ++i) {
    const BuiltinSpec* b = find_builtin(argv[i]);
    if (b == nullptr) {
      status = builtin_error(st, "enable", argv[i] + ": not a shell builtin");
      continue;
    }
    if (flags->has('d')) {
      status = builtin_error(st, "enable", argv[i] + ": not dynamically loaded");
    } else if (disable) {
      st.disabled_builtins_.insert(argv[i]);
    } else {
      st.disabled_builtins_.erase(argv[i]);
    }
  }
  return status;
}

}  // namespace kefka::shell

// break continue return exit eval source exec command builtin type let getopts
#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/posix.h"
#include "shell/printer.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

int loop_control(ShellState& st, Args& argv, Flow flow) {
  const char* name = flow == Flow::Break ? "break" : "continue";
  int64_t n = 1;
  if (argv.size() > 1) {
    if (!parse_int(argv[1], n)) {
      st.error(std::string(name) + ": " + argv[1] + ": numeric argument required");
      n = 1;
      if (st.loop_depth_ == 0) return 1;
      st.flow_ = Flow::Break;
      st.flow_count_ = static_cast<int>(st.loop_depth_);
      return 1;
    }
    if (n < 1) {
      st.error(std::string(name) + ": " + argv[1] + ": loop count out of range");
      return 1;
    }
  }
  if (st.loop_depth_ == 0) {
    // POSIX leaves this unspecified; bash in POSIX mode says nothing.
    if (!st.opt_.posix) {
      st.error(std::string(name) + ": only meaningful in a `for', `while', or `until' loop");
    }
    return 0;
  }
  st.flow_ = flow;
  st.flow_count_ = static_cast<int>(std::min<int64_t>(n, st.loop_depth_));
  return 0;
}

}  // namespace

int b_break(ShellState& st, Args& argv) {
  return loop_control(st, argv, Flow::Break);
}
int b_continue(ShellState& st, Args& argv) {
  return loop_control(st, argv, Flow::Continue);
}

int b_return(ShellState& st, Args& argv) {
  int status = st.last_status_;
  if (argv.size() > 1) {
    int64_t n;
    if (!parse_int(argv[1], n)) {
      st.error("return: " + argv[1] + ": numeric argument required");
      status = 2;
    } else {
      status = static_cast<int>(n & 0xff);
    }
  }
  if (st.call_depth_ == 0 && st.source_depth_ == 0) {
    st.error("return: can only `return' from a function or sourced script");
    return 2;
  }
  st.flow_ = Flow::Return;
  st.last_status_ = status;
  return status;
}

int b_exit(ShellState& st, Args& argv) {
  int status = st.last_status_;
  if (argv.size() > 1) {
    int64_t n;
    if (!parse_int(argv[1], n)) {
      st.error("exit: " + argv[1] + ": numeric argument required");
      status = 2;
    } else {
      status = static_cast<int>(n & 0xff);
    }
    if (argv.size() > 2 && status != 2) {
      st.error("exit: too many arguments");
      return 1;
    }
  }
  st.flow_ = Flow::Exit;
  st.last_status_ = status;
  if (!st.in_subshell_) st.exit_builtin_ran_ = true;
  return status;
}

int b_eval(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "");
  if (!flags) {
    posix_special_failed(st, "eval", 2);
    return 2;
  }
  std::string text;
  for (size_t i = flags->next; i < argv.size(); ++i) {
    if (i > flags->next) text += ' ';
    text += argv[i];
  }
  if (text.empty()) return 0;
  st.check_stack("eval: maximum eval nesting level exceeded (" + std::to_string(st.eval_depth_) +
                 ")");
  // eval'd text is not a sourced file: `return` passes through to the function.
  ++st.eval_depth_;
  struct Restore {
    ShellState& st;
    ~Restore() { --st.eval_depth_; }
  } restore{st};
  st.parse_context_ = "eval";
  int status = st.run_script_source(text, true);
  if (st.flow_ == Flow::None) st.last_status_ = status;
  return st.last_status_;
}

int b_source(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    st.error(argv[0] + ": filename argument required");
    st.err(argv[0] + ": usage: " + argv[0] + " filename [arguments]\n");
    posix_special_failed(st, argv[0], 2);
    return 2;
  }
  std::string path = argv[1];
  if (path.find('/') == std::string::npos) {
    std::string found = st.find_in_path(path);
    if (st.opt_.posix && found.empty()) {
      // POSIX mode searches only PATH, not the current directory.
      st.error(argv[0] + ": " + path + ": file not found");
      posix_special_failed(st, argv[0], 1);
      return 1;
    }
    auto s = st.fs_view().stat(path);
    if (!(s && s->is_regular()) && !found.empty()) path = found;
  }
  auto info = st.fs_view().stat(path);
  if (info && info->is_dir()) {
    st.error(argv[0] + ": " + argv[1] + ": is a directory");
    posix_special_failed(st, argv[0], 1);
    return 1;
  }
  auto content = st.fs_view().read_file(path);
  if (!content) {
    st.error(argv[1] + ": " + std::strerror(content.error()));
    posix_special_failed(st, argv[0], 1);
    return 1;
  }
  st.check_stack(argv[1] + ": maximum source nesting level exceeded (" +
                 std::to_string(st.source_depth_) + ")");
  std::vector<std::string> saved;
  bool has_args = argv.size() > 2;
  if (has_args) {
    saved = st.positional_;
    st.positional_.assign(argv.begin() + 2, argv.end());
  }
  // bash names the sourced file (as written) in its error messages.
  struct Restore {
    ShellState& st;
    std::string name;
    ~Restore() {
      st.script_name_ = std::move(name);
      --st.source_depth_;
    }
  } restore{st, std::exchange(st.script_name_, argv[1])};
  ++st.source_depth_;
  int status = st.run_script_source(*content, true);
  if (st.flow_ == Flow::Return) {
    st.flow_ = Flow::None;
    status = st.last_status_;
  }
  if (has_args) st.positional_ = std::move(saved);
  return status;
}

int b_exec(ShellState& st, Args& argv) {
  // -a NAME, -c and -l shape a new process image; kefka runs the command in
  // this one, so they are accepted and have no effect.
  auto flags = parse_flags(st, argv, "a:cl");
  if (!flags) return 2;
  size_t i = flags->next;
  if (i >= argv.size()) return 0;
  std::vector<std::string> cmd(argv.begin() + static_cast<long>(i), argv.end());
  std::string path = cmd[0].find('/') == std::string::npos ? st.find_in_path(cmd[0]) : cmd[0];
  int status;
  if (path.empty() && cmd[0] != "bash" && cmd[0] != "sh") {
    st.error("exec: " + cmd[0] + ": not found");
    status = 127;
  } else {
    status = st.run_external(cmd, st.environment());
  }
  st.flow_ = Flow::Exit;
  st.last_status_ = status;
  return status;
}

namespace {

// One thing a name means to the shell (`type`, `command -v`).
struct Meaning {
  std::string kind;  // alias, keyword, function, builtin, file
  std::string text;  // type's sentence
  std::string path;  // for files
};

struct LookupScope {
  bool aliases = true;
  bool functions = true;
  bool all = false;  // every meaning and every file in PATH, not just the first
};

// What a name is, in the order bash looks: alias, keyword, function, builtin,
// file.
std::vector<Meaning> meanings_of(ShellState& st, const std::string& name, LookupScope scope) {
  static constexpr std::string_view kKeywords[] = {
      "!",    "[[", "]]",  "{",        "}",  "case", "coproc", "do",   "done", "elif",  "else",
      "esac", "fi", "for", "function", "if", "in",   "select", "then", "time", "until", "while"};
  std::vector<Meaning> found;
  auto add = [&](std::string kind, std::string text, std::string path = {}) {
    found.push_back(Meaning{std::move(kind), std::move(text), std::move(path)});
    return !scope.all;
  };
  if (scope.aliases) {
    auto it = st.aliases_->find(name);
    if (it != st.aliases_->end() && add("alias", name + " is aliased to `" + it->second + "'")) {
      return found;
    }
  }
  if (std::find(std::begin(kKeywords), std::end(kKeywords), name) != std::end(kKeywords) &&
      add("keyword", name + " is a shell keyword")) {
    return found;
  }
  if (scope.functions && st.functions_->count(name) && add("function", name + " is a function")) {
    return found;
  }
  if (st.lookup_builtin(name) && add("builtin", name + " is a shell builtin")) return found;
  if (name.find('/') != std::string::npos) {
    auto s = st.fs_view().stat(name);
    if (s && s->is_regular()) add("file", name + " is " + name, name);
    return found;
  }
  if (!scope.all) {
    std::string path = st.find_in_path(name);
    if (!path.empty()) {
      bool hashed = st.hash_.count(name) > 0;
      add("file", name + " is " + (hashed ? "hashed (" + path + ")" : path), path);
    }
    return found;
  }
  for (std::string& path : st.search_path_var(name, false)) {
    add("file", name + " is " + path, path);
  }
  return found;
}

// The first meaning, for `command -v/-V`.
std::string describe(ShellState& st, const std::string& name, bool& found, std::string& kind,
                     bool aliases) {
  auto all = meanings_of(st, name, LookupScope{.aliases = aliases});
  found = !all.empty();
  if (!found) return "";
  kind = all.front().kind;
  return all.front().text;
}

}  // namespace

// type [-afptP] name...: -a every meaning, -f no functions, -t kinds only,
// -p the file's path when the name is a file, -P the path even when it is not.
int b_type(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "afptP");
  if (!flags) return 2;
  bool force_path = flags->has('P');
  LookupScope scope{.aliases = st.opt_.expand_aliases && !force_path,
                    .functions = !flags->has('f') && !force_path,
                    .all = flags->has('a')};
  int status = 0;
  for (size_t i = flags->next; i < argv.size(); ++i) {
    const std::string& name = argv[i];
    std::vector<Meaning> found = meanings_of(st, name, scope);
    if (force_path) {
      std::erase_if(found, [](const Meaning& m) { return m.kind != "file"; });
      if (found.empty() && name.find('/') == std::string::npos) {
        for (std::string& path : st.search_path_var(name, !scope.all)) {
          found.push_back(Meaning{"file", "", std::move(path)});
        }
      }
    }
    if (found.empty()) {
      if (!flags->has('t') && !flags->has('p') && !force_path) {
        st.error("type: " + name + ": not found");
      }
      status = 1;
      continue;
    }
    for (const Meaning& m : found) {
      if (flags->has('t')) {
        st.out(m.kind + "\n");
      } else if (flags->has('p') || force_path) {
        if (m.kind == "file") st.out(m.path + "\n");
      } else {
        st.out(m.text + "\n");
        if (m.kind == "function") {
          const auto& def = std::get<FunctionDef>(st.functions_->at(name).def->node);
          st.out(print_function(name, *def.body) + "\n");
        }
      }
    }
  }
  return status;
}

int b_command(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "pvV");
  if (!flags) return 2;
  bool describe_v = flags->has('v'), describe_V = flags->has('V');
  size_t i = flags->next;
  if (i >= argv.size()) return 0;
  if (describe_v || describe_V) {
    int status = 0;
    for (; i < argv.size(); ++i) {
      bool found;
      std::string kind;
      std::string text = describe(st, argv[i], found, kind, st.opt_.expand_aliases);
      if (!found) {
        if (describe_V) st.error("command: " + argv[i] + ": not found");
        status = 1;
        continue;
      }
      if (describe_V) {
        st.out(text + "\n");
      } else if (kind == "file") {
        st.out((argv[i].find('/') != std::string::npos ? argv[i] : st.find_in_path(argv[i])) +
               "\n");
      } else if (kind == "alias") {
        st.out("alias " + argv[i] + "='" + st.aliases_->at(argv[i]) + "'\n");
      } else {
        st.out(argv[i] + "\n");
      }
    }
    return status;
  }
  std::vector<std::string> cmd(argv.begin() + static_cast<long>(i), argv.end());
  if (const BuiltinSpec* b = st.lookup_builtin(cmd[0])) return b->fn(st, cmd);
  return st.run_external(cmd, st.environment());
}

int b_builtin(ShellState& st, Args& argv) {
  if (argv.size() < 2) return 0;
  std::vector<std::string> cmd(argv.begin() + 1, argv.end());
  const BuiltinSpec* b = st.lookup_builtin(cmd[0]);
  if (b == nullptr) {
    st.error("builtin: " + cmd[0] + ": not a shell builtin");
    return 1;
  }
  return b->fn(st, cmd);
}

int b_let(ShellState& st, Args& argv) {
  if (argv.size() < 2) {
    st.error("let: expression expected");
    return 1;
  }
  int64_t v = 0;
  for (size_t i = 1; i < argv.size(); ++i) {
    std::optional<int64_t> r = st.try_arith(argv[i], "let");
    if (!r) return 1;
    v = *r;
  }
  return v != 0 ? 0 : 1;
}

int b_getopts(ShellState& st, Args& argv) {
  if (argv.size() < 3) {
    st.err("getopts: usage: getopts optstring name [arg ...]\n");
    return 2;
  }
  std::string optstring = argv[1];
  std::string var = argv[2];
  std::vector<std::string> args =
      argv.size() > 3 ? std::vector<std::string>(argv.begin() + 3, argv.end()) : st.positional_;
  bool silent = !optstring.empty() && optstring[0] == ':';
  std::string optind_text;
  int64_t optind = 1;
  if (st.get_var("OPTIND", optind_text)) parse_int(optind_text, optind);
  if (optind < 1) optind = 1;
  // Position inside a group of flags (-abc) is kept in a hidden variable.
  std::string pos_text;
  int64_t sub = 1;
  if (st.get_var("__kefka_optpos", pos_text)) parse_int(pos_text, sub);
  std::string last_ind;
  if (st.get_var("__kefka_optind", last_ind) && last_ind != std::to_string(optind)) sub = 1;
  auto finish = [&](int64_t ind, int64_t pos) {
    st.set_var("OPTIND", std::to_string(ind));
    st.set_var("__kefka_optpos", std::to_string(pos));
    st.set_var("__kefka_optind", std::to_string(ind));
  };
  if (static_cast<size_t>(optind) > args.size()) {
    st.set_var(var, "?");
    finish(optind, 1);
    return 1;
  }
  const std::string& arg = args[static_cast<size_t>(optind - 1)];
  if (arg.size() < 2 || arg[0] != '-' || arg == "--") {
    if (arg == "--") optind++;
    st.set_var(var, "?");
    finish(optind, 1);
    return 1;
  }
  char c = arg[static_cast<size_t>(sub)];
  size_t spec = optstring.find(c);
  bool last_in_group = static_cast<size_t>(sub) + 1 >= arg.size();
  if (spec == std::string::npos || c == ':') {
    if (silent) {
      st.set_var("OPTARG", std::string(1, c));
    } else {
      st.err(st.arg0_ + ": illegal option -- " + std::string(1, c) + "\n");
      st.unset_var("OPTARG");
    }
    st.set_var(var, "?");
    if (last_in_group)
      finish(optind + 1, 1);
    else
      finish(optind, sub + 1);
    return 0;
  }
  bool takes_arg = spec + 1 < optstring.size() && optstring[spec + 1] == ':';
  if (takes_arg) {
    if (!last_in_group) {
      st.set_var("OPTARG", arg.substr(static_cast<size_t>(sub) + 1));
      finish(optind + 1, 1);
    } else if (static_cast<size_t>(optind) < args.size()) {
      st.set_var("OPTARG", args[static_cast<size_t>(optind)]);
      finish(optind + 2, 1);
    } else {
      if (silent) {
        st.set_var(var, ":");
        st.set_var("OPTARG", std::string(1, c));
      } else {
        st.err(st.arg0_ + ": option requires an argument -- " + std::string(1, c) + "\n");
        st.set_var(var, "?");
        st.unset_var("OPTARG");
      }
      finish(optind + 1, 1);
      return 0;
    }
    st.set_var(var, std::string(1, c));
    return 0;
  }
  st.unset_var("OPTARG");
  st.set_var(var, std::string(1, c));
  if (last_in_group)
    finish(optind + 1, 1);
  else
    finish(optind, sub + 1);
  return 0;
}

}  // namespace kefka::shell

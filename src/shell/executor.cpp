#include "shell/executor.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <system_error>

#include "commands/registry.h"
#include "shell/builtins/builtins.h"
#include "shell/posix.h"
#include "shell/state.h"
#include "wasm/wasm.h"

namespace kefka::shell {

namespace {

void write_error(FdTable& fds, const std::string& text) {
  StreamPtr s = fds.get(2);
  if (s) (void)write_all(*s, text);
}

std::string basename_of(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// Runs a bash script in a fresh shell process state.
int run_script_text(vfs::Vfs& vfs, const vfs::Caller& caller, const std::string& text,
                    const std::string& name, const std::vector<std::string>& args,
                    const cmd::Environment& env, FdTable& fds, Budget& budget, int call_depth,
                    const std::vector<std::string>& options, bool from_string) {
  auto fs = std::shared_ptr<vfs::Vfs>(&vfs, [](vfs::Vfs*) {});
  ShellState child(fs);
  for (const auto& [k, v] : env) {
    Variable& var = child.global_var(k);
    var.value = v;
    var.attrs = kAttrExport;
  }
  child.cwd_ = caller.cwd;
  child.umask_ = caller.umask;
  child.cred_ = caller.cred;
  child.fds_ = fds;
  child.budget_ = &budget;
  child.call_depth_ = call_depth;
  child.arg0_ = name;
  child.script_name_ = from_string ? name : name;
  child.positional_ = args;
  child.set_var("PS4", "+ ");
  child.set_var("OPTIND", "1");
  // -O/+O NAME are shopt options; the rest are set's.
  Args set_args{"set"};
  for (size_t k = 0; k < options.size(); ++k) {
    if (options[k] == "-O" || options[k] == "+O") {
      // Alone (`bash -O`), the shopt options are listed.
      Args shopt{"shopt"};
      if (k + 1 < options.size()) {
        shopt.push_back(options[k] == "-O" ? "-s" : "-u");
        shopt.push_back(options[++k]);
      }
      b_shopt(child, shopt);
    } else {
      set_args.push_back(options[k]);
    }
  }
  if (set_args.size() > 1) b_set(child, set_args);
  if (from_string) child.parse_context_ = "-c";
  int status;
  try {
    status = child.run_script(text);
  } catch (const BrokenPipe&) {
    status = cmd::kExitBrokenPipe;
  }
  if (child.traps_.count("EXIT")) child.run_trap("EXIT");
  child.finish_jobs();
  return status;
}

}  // namespace

std::vector<std::string> search_path_all(const vfs::FsView& view, const std::string& path_var,
                                         const std::string& name, bool first_only) {
  std::vector<std::string> found;
  size_t p = 0;
  while (p <= path_var.size()) {
    size_t q = path_var.find(':', p);
    if (q == std::string::npos) q = path_var.size();
    std::string dir = path_var.substr(p, q - p);
    if (dir.empty()) dir = ".";
    std::string cand = dir + "/" + name;
    auto st = view.stat(cand);
    if (st && st->is_regular() && (st->mode & 0111)) {
      found.push_back(std::move(cand));
      if (first_only) break;
    }
    p = q + 1;
  }
  return found;
}

std::string search_path(const vfs::FsView& view, const std::string& path_var,
                        const std::string& name) {
  auto found = search_path_all(view, path_var, name, true);
  return found.empty() ? "" : found.front();
}

namespace {
bool same_time(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}
}  // namespace

const cmd::CommandSpec* StubCache::lookup(const std::string& path, const vfs::Stat& st) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(path);
  if (it == entries_.end()) return nullptr;
  const Entry& e = it->second;
  if (e.dev != st.dev || e.ino != st.ino || !same_time(e.mtime, st.mtime) ||
      !same_time(e.ctime, st.ctime)) {
    return nullptr;
  }
  return e.spec;
}

void StubCache::store(const std::string& path, const vfs::Stat& st, const cmd::CommandSpec* spec) {
  std::lock_guard lock(mu_);
  if (entries_.size() > 4096) entries_.clear();
  entries_[path] = Entry{st.dev, st.ino, st.mtime, st.ctime, spec};
}

namespace {

// bash's invocation options, as `bash --bogus` lists them.
constexpr std::string_view kInvocationUsage =
    "Usage:\tbash [GNU long option] [option] ...\n"
    "\tbash [GNU long option] [option] script-file ...\n"
    "GNU long options:\n"
    "\t--debug\n\t--debugger\n\t--dump-po-strings\n\t--dump-strings\n\t--help\n"
    "\t--init-file\n\t--login\n\t--noediting\n\t--noprofile\n\t--norc\n\t--posix\n"
    "\t--pretty-print\n\t--rcfile\n\t--restricted\n\t--verbose\n\t--version\n"
    "Shell options:\n"
    "\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)\n"
    "\t-abefhkmnptuvxBCEHPT or -o option\n";

constexpr std::string_view kVersionText =
    "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n"
    "Copyright (C) 2022 Free Software Foundation, Inc.\n"
    "License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n"
    "This is free software; you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n";

struct Invocation {
  std::vector<std::string> options;  // for `set` (and -O/+O NAME for shopt)
  bool command_mode = false;         // -c: the first operand is the script
  bool script_on_stdin = false;      // -s
  bool print_version = false;        // --version, --help
  size_t first_operand = 1;
  std::string error;  // "--bogus: invalid option"
};

// `bash [long options] [-abc...|+abc...] [-o NAME] [-O NAME] [--] operands`:
// options come before the first operand, letters may be grouped (`-euc`), and
// -c only says that the first operand is the script (`bash -c -x 'cmd'`).
Invocation parse_invocation(const std::vector<std::string>& args) {
  static constexpr std::string_view kSetLetters = "abefhkmnptuvxBCEHPT";
  static constexpr std::string_view kIgnoredLongs[] = {
      "--debug",     "--debugger", "--dump-po-strings", "--dump-strings", "--login", "--noediting",
      "--noprofile", "--norc",     "--pretty-print",    "--restricted"};
  Invocation inv;
  size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--" || arg == "-") {
      ++i;
      break;
    }
    if (arg.starts_with("--")) {
      if (arg == "--posix") {
        inv.options.insert(inv.options.end(), {"-o", "posix"});
      } else if (arg == "--verbose") {
        inv.options.push_back("-v");
      } else if (arg == "--version" || arg == "--help") {
        inv.print_version = true;
      } else if (arg == "--init-file" || arg == "--rcfile") {
        ++i;  // startup files are not read by non-interactive shells
      } else if (std::find(std::begin(kIgnoredLongs), std::end(kIgnoredLongs), arg) ==
                 std::end(kIgnoredLongs)) {
        inv.error = arg + ": invalid option";
        return inv;
      }
      continue;
    }
    if (arg.size() < 2 || (arg[0] != '-' && arg[0] != '+')) break;
    char sign = arg[0];
    for (char letter : std::string_view(arg).substr(1)) {
      if (letter == 'o' || letter == 'O') {
        // Without a name (`bash -o`) the options are listed, as by `set -o`.
        inv.options.push_back(std::string{sign, letter});
        if (i + 1 < args.size()) inv.options.push_back(args[++i]);
      } else if (letter == 'c' && sign == '-') {
        inv.command_mode = true;
      } else if (letter == 's' && sign == '-') {
        inv.script_on_stdin = true;
      } else if (std::string_view("ilrsD").find(letter) != std::string_view::npos) {
        // interactive, login, restricted, -D: accepted, nothing to do here
      } else if (kSetLetters.find(letter) != std::string_view::npos) {
        inv.options.push_back(std::string{sign, letter});
      } else {
        inv.error = std::string{sign, letter} + ": invalid option";
        return inv;
      }
    }
  }
  inv.first_operand = i;
  return inv;
}

}  // namespace

// bash / sh arguments: -c string, a script file, or a script on stdin.
int run_bash(vfs::Vfs& vfs, const vfs::Caller& caller, const std::vector<std::string>& argv,
             const cmd::Environment& env, FdTable& fds, Budget& budget, int call_depth) {
  vfs::FsView view(vfs, caller);
  // Handled by the shell: bash -c / bash script.
  std::vector<std::string> args = argv;
  Invocation inv = parse_invocation(args);
  if (!inv.error.empty()) {
    write_error(fds, argv[0] + ": " + inv.error + "\n" + std::string(kInvocationUsage));
    return 2;
  }
  if (inv.print_version) {
    if (auto out = fds.get(1)) (void)write_all(*out, std::string(kVersionText));
    return 0;
  }
  std::vector<std::string>& options = inv.options;
  bool script_on_stdin = inv.script_on_stdin;
  size_t i = inv.first_operand;
  if (starts_in_posix_mode(argv[0], env.count("POSIXLY_CORRECT") != 0)) {
    options.insert(options.end(), {"-o", "posix"});
  }
  if (inv.command_mode) {
    if (i >= args.size()) {
      write_error(fds, argv[0] + ": -c: option requires an argument\n");
      return 2;
    }
    std::string text = args[i];
    std::string name0 = i + 1 < args.size() ? args[i + 1] : argv[0];
    std::vector<std::string> pos;
    if (i + 2 < args.size()) pos.assign(args.begin() + static_cast<long>(i) + 2, args.end());
    return run_script_text(vfs, caller, text, name0, pos, env, fds, budget, call_depth, options,
                           true);
  }
  if (i >= args.size() || script_on_stdin) {
    // Script from stdin.
    StreamPtr in = fds.get(0);
    std::string text;
    if (in) {
      auto all = read_all(*in);
      if (all) text = *all;
    }
    std::vector<std::string> pos(args.begin() + static_cast<long>(std::min(i, args.size())),
                                 args.end());
    return run_script_text(vfs, caller, text, argv[0], pos, env, fds, budget, call_depth, options,
                           true);
  }
  std::string script = args[i];
  auto content = view.read_file(script);
  if (!content) {
    write_error(fds, argv[0] + ": " + script + ": " + std::strerror(content.error()) + "\n");
    return 127;
  }
  std::vector<std::string> pos(args.begin() + static_cast<long>(i) + 1, args.end());
  return run_script_text(vfs, caller, *content, script, pos, env, fds, budget, call_depth, options,
                         false);
}

int exec_file(vfs::Vfs& vfs, const vfs::Caller& caller, const std::string& path,
              const std::vector<std::string>& argv, const cmd::Environment& env, FdTable& fds,
              Budget& budget, const std::string& prefix, int call_depth, StubCache* cache,
              cmd::Executor* executor) {
  static ShellExecutor session_less;
  if (executor == nullptr) executor = &session_less;
  vfs::FsView view(vfs, caller);
  auto st = view.stat(path);
  if (!st) {
    write_error(fds, prefix + argv[0] + ": " + std::strerror(st.error()) + "\n");
    return cmd::kExitNotFound;
  }
  if (cache != nullptr) {
    if (const cmd::CommandSpec* spec = cache->lookup(path, *st)) {
      cmd::Context ctx{argv, env, vfs::FsView(vfs, caller), fds, budget, executor};
      return cmd::run_command(*spec, ctx);
    }
  }
  if (st->is_dir()) {
    write_error(fds, prefix + argv[0] + ": Is a directory\n");
    return cmd::kExitNotExecutable;
  }
  if (!view.access(path, X_OK)) {
    write_error(fds, prefix + argv[0] + ": Permission denied\n");
    return cmd::kExitNotExecutable;
  }
  auto file = view.open(path, O_RDONLY);
  if (!file) {
    write_error(fds, prefix + argv[0] + ": " + std::strerror(file.error()) + "\n");
    return cmd::kExitNotExecutable;
  }
  char head[256];
  auto n = (*file)->read(std::span<char>(head, sizeof head));
  std::string_view first(head, n ? *n : 0);
  if (first.substr(0, cmd::kCommandStub.size()) == cmd::kCommandStub) {
    std::string real = path;
    auto rp = view.realpath(path);
    if (rp) real = *rp;
    std::string name = basename_of(real);
    if (name == "bash" || name == "sh") {
      return run_bash(vfs, caller, argv, env, fds, budget, call_depth);
    }
    const cmd::CommandSpec* spec = cmd::find_command(name);
    if (spec == nullptr) {
      write_error(fds, prefix + argv[0] + ": command not found\n");
      return cmd::kExitNotFound;
    }
    if (cache != nullptr && real == path) cache->store(path, *st, spec);
    cmd::Context ctx{argv, env, vfs::FsView(vfs, caller), fds, budget, executor};
    return cmd::run_command(*spec, ctx);
  }
  if (first.substr(0, 2) == "#!") {
    size_t nl = first.find('\n');
    std::string line(first.substr(2, nl == std::string_view::npos ? first.size() - 2 : nl - 2));
    // interpreter [one argument]
    size_t b = line.find_first_not_of(" \t");
    line = b == std::string::npos ? "" : line.substr(b);
    size_t sp = line.find_first_of(" \t");
    std::string interp = line.substr(0, sp);
    std::string arg;
    if (sp != std::string::npos) {
      arg = line.substr(sp + 1);
      while (!arg.empty() && (arg.back() == ' ' || arg.back() == '\t' || arg.back() == '\r'))
        arg.pop_back();
      size_t ab = arg.find_first_not_of(" \t");
      arg = ab == std::string::npos ? "" : arg.substr(ab);
    }
    std::string iname = basename_of(interp);
    if (iname == "env" && !arg.empty()) {
      iname = arg;
      size_t s2 = iname.find(' ');
      if (s2 != std::string::npos) iname = iname.substr(0, s2);
      arg.clear();
    }
    if (iname == "bash" || iname == "sh") {
      auto content = view.read_file(path);
      std::vector<std::string> pos(argv.begin() + 1, argv.end());
      std::vector<std::string> options;
      if (!arg.empty() && arg[0] == '-') options.push_back(arg);
      if (starts_in_posix_mode(iname, env.count("POSIXLY_CORRECT") != 0)) {
        options.insert(options.end(), {"-o", "posix"});
      }
      return run_script_text(vfs, caller, content ? *content : "", path, pos, env, fds, budget,
                             call_depth, options, false);
    }
    const cmd::CommandSpec* spec = cmd::find_command(iname);
    if (spec == nullptr) {
      write_error(
          fds, prefix + argv[0] + ": " + interp + ": bad interpreter: No such file or directory\n");
      return cmd::kExitNotExecutable;
    }
    std::vector<std::string> args{iname};
    if (!arg.empty()) args.push_back(arg);
    args.push_back(path);
    args.insert(args.end(), argv.begin() + 1, argv.end());
    cmd::Context ctx{args, env, vfs::FsView(vfs, caller), fds, budget, executor};
    return cmd::run_command(*spec, ctx);
  }
  if (wasm::is_wasm_binary(first)) {  // a WebAssembly (WASI) program
    wasm::RunConfig config{.budget = budget, .fs = vfs::FsView(vfs, caller), .fds = fds};
    config.argv = argv;
    config.env = env;
    return wasm::run_file(path, config);
  }
  // No shebang: bash runs it as a script.
  auto content = view.read_file(path);
  std::vector<std::string> pos(argv.begin() + 1, argv.end());
  return run_script_text(vfs, caller, content ? *content : "", path, pos, env, fds, budget,
                         call_depth, {}, false);
}

int ShellExecutor::run_program(cmd::Context& parent, const std::vector<std::string>& argv,
                               const cmd::Environment& env, FdTable& fds) {
  if (argv.empty()) return 0;
  std::string path = argv[0];
  if (path.find('/') == std::string::npos) {
    auto it = env.find("PATH");
    path = search_path(parent.fs, it == env.end() ? "/usr/bin:/bin" : it->second, argv[0]);
    if (path.empty()) {
      if (argv[0] == "bash" || argv[0] == "sh") {
        path = "/bin/" + argv[0];
      } else {
        write_error(fds, argv[0] + ": command not found\n");
        return cmd::kExitNotFound;
      }
    }
  }
  return exec_file(parent.fs.vfs(), parent.fs.caller(), path, argv, env, fds, parent.budget, "", 0,
                   nullptr, this);
}

int64_t ShellExecutor::next_pid() const {
  return session_ ? session_->next_pid.load() : 0;
}

std::vector<cmd::ProcessInfo> ShellExecutor::list_processes() const {
  if (session_ == nullptr) return {};
  std::lock_guard lock(session_->processes_mu);
  std::vector<cmd::ProcessInfo> out;
  out.reserve(session_->processes.size());
  for (const auto& [pid, info] : session_->processes) out.push_back(info);
  return out;
}

// ---------------------------------------------------------------------------
// ShellState: command dispatch

std::string ShellState::find_in_path(const std::string& name) {
  auto it = hash_.find(name);
  if (it != hash_.end()) {
    auto st = fs_view().stat(it->second);
    if (st && st->is_regular()) return it->second;
    hash_.erase(it);
  }
  auto found = search_path_var(name, true);
  if (found.empty()) return "";
  hash_[name] = found.front();
  return found.front();
}

std::vector<std::string> ShellState::search_path_var(const std::string& name, bool first_only) {
  std::string path_var;
  if (!get_var("PATH", path_var)) path_var = "/usr/local/bin:/usr/bin:/bin";
  return search_path_all(fs_view(), path_var, name, first_only);
}

int ShellState::run_external(const std::vector<std::string>& argv, const cmd::Environment& env) {
  std::string path = argv[0];
  if (path.find('/') == std::string::npos) {
    path = find_in_path(argv[0]);
    if (path.empty()) {
      if (argv[0] == "bash" || argv[0] == "sh") return run_shell_command(argv);
      error(argv[0] + ": command not found");
      return cmd::kExitNotFound;
    }
  }
  if (!enabled_commands_.empty()) {
    std::string base = path.substr(path.rfind('/') + 1);
    if (std::find(enabled_commands_.begin(), enabled_commands_.end(), base) ==
            enabled_commands_.end() &&
        base != "bash" && base != "sh") {
      error(argv[0] + ": command not found");
      return cmd::kExitNotFound;
    }
  }
  FdTable fds = fds_;
  Budget fallback(Limits{});
  Budget& budget = budget_ ? *budget_ : fallback;
  try {
    return exec_file(*fs_, caller(), path, argv, env, fds, budget, error_prefix(), call_depth_,
                     &session_->stub_cache, session_->executor.get());
  } catch (const BrokenPipe&) {
    return cmd::kExitBrokenPipe;
  }
}

int ShellState::run_shell_command(const std::vector<std::string>& argv) {
  std::vector<std::string> args = argv;
  FdTable fds = fds_;
  Budget fallback(Limits{});
  Budget& budget = budget_ ? *budget_ : fallback;
  return run_bash(*fs_, caller(), args, environment(), fds, budget, call_depth_);
}

int ShellState::run_command(std::vector<std::string> argv,
                            const std::vector<std::string>& temp_env) {
  // POSIX mode finds special builtins before functions.
  auto fit = is_posix_special(*this, argv[0]) ? functions_->end() : functions_->find(argv[0]);
  if (fit != functions_->end()) {
    FunctionInfo fn = fit->second;
    return run_function(fn, std::move(argv));
  }
  if (const BuiltinSpec* b = lookup_builtin(argv[0])) {
    try {
      return b->fn(*this, argv);
    } catch (const std::system_error& e) {
      error(argv[0] + ": write error: " + std::strerror(e.code().value()));
      return 1;
    }
  }
  int status = run_external(argv, environment());
  // bash reaps its children, and reports the ones a signal killed, while it
  // waits for a foreground program.
  if (!jobs_.empty()) notify_dead_jobs();
  return status;
}

}  // namespace kefka::shell

// The tree-walking interpreter: commands, lists, pipelines, compound
// commands, functions, subshells, redirections.
#include <fcntl.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <system_error>

#include "commands/text/regex.h"
#include "shell/arith.h"
#include "shell/builtins/builtins.h"
#include "shell/glob.h"
#include "shell/lexer.h"
#include "shell/parser.h"
#include "shell/posix.h"
#include "shell/printer.h"
#include "shell/state.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

// Set by eval_cond when a =~ regex does not compile: [[ ]] then ends with 2.
thread_local bool invalid_cond_regex = false;
// Set when a compound command's redirection failed: that status does trip
// set -e (bash 5.2), unlike the compound command's own status.
thread_local bool compound_redir_failed = false;

// ERE that glibc's regcomp (bash's matcher) rejects but the regex facade
// would take literally, as GNU grep does: a repetition operator with nothing
// to repeat (`*`, `(+)`, `a|?`) or a `{` that does not open an interval.
bool glibc_rejects_ere(std::string_view re) {
  bool atom_start = true;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      ++i;
      atom_start = false;
      continue;
    }
    if (c == '[') {
      size_t j = i + 1;
      if (j < re.size() && re[j] == '^') ++j;
      if (j < re.size() && re[j] == ']') ++j;
      while (j < re.size() && re[j] != ']') {
        if (re[j] == '[' && j + 1 < re.size() && std::strchr(":.=", re[j + 1])) {
          size_t end = re.find(std::string{re[j + 1], ']'}, j + 2);
          j = end == std::string_view::npos ? re.size() : end + 2;
        } else {
          ++j;
        }
      }
      i = j;
      atom_start = false;
      continue;
    }
    if (c == '{') {
      if (atom_start) return true;
      size_t j = i + 1;
      while (j < re.size() && std::isdigit(static_cast<unsigned char>(re[j]))) ++j;
      if (j < re.size() && re[j] == ',') ++j;
      while (j < re.size() && std::isdigit(static_cast<unsigned char>(re[j]))) ++j;
      if (j >= re.size() || re[j] != '}') return true;
      i = j;
      continue;
    }
    if (c == '*' || c == '+' || c == '?') {
      if (atom_start) return true;
      continue;
    }
    atom_start = c == '(' || c == '|' || c == '^';
  }
  return false;
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

struct LoopGuard {
  int& n;
  explicit LoopGuard(int& c) : n(c) { ++n; }
  ~LoopGuard() { --n; }
};

struct Suppress {
  int& n;
  explicit Suppress(int& c) : n(c) { ++n; }
  ~Suppress() { --n; }
};

std::string strip_trailing_newlines(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// Puts back the `set` options saved by `local -`; shopt options stay as they are.
void restore_set_options(Options& cur, const Options& saved) {
  cur.errexit = saved.errexit;
  cur.nounset = saved.nounset;
  cur.xtrace = saved.xtrace;
  cur.pipefail = saved.pipefail;
  cur.noglob = saved.noglob;
  cur.noclobber = saved.noclobber;
  cur.noexec = saved.noexec;
  cur.verbose = saved.verbose;
  cur.allexport = saved.allexport;
  cur.errtrace = saved.errtrace;
}

}  // namespace

// ---------------------------------------------------------------------------
// Scripts

int ShellState::run_script_source(std::string_view text, bool sourced) {
  std::string context = std::move(parse_context_);
  parse_context_.clear();
  Lexer lex{std::string(text), context.empty() || context == "-c" ? 1 : line_};
  lex.aliases = [this](const std::string& n) -> const std::string* {
    if (!opt_.expand_aliases) return nullptr;
    auto it = aliases_->find(n);
    return it == aliases_->end() ? nullptr : &it->second;
  };
  lex.extglob = &opt_.extglob;
  Parser parser(lex);
  for (;;) {
    CommandPtr cmd;
    try {
      cmd = parser.parse_next();
    } catch (const SyntaxError& e) {
      std::string what = e.what();
      if (!context.empty()) {
        int line = e.line() + (what.find("end of file") != std::string::npos ? 1 : 0);
        std::string prefix =
            script_name_ + ": " + context + ": line " + std::to_string(line) + ": ";
        err(prefix + what + "\n");
        if (what.rfind("syntax error near", 0) == 0) {
          int first = context == "-c" ? 1 : line_;
          err(prefix + "`" + lex.source_line(e.line() - first + 1) + "'\n");
        }
      } else {
        line_ = e.line();
        error(e.what());
        if (what.rfind("syntax error near", 0) == 0) {
          error("`" + lex.source_line(e.line()) + "'");
        }
      }
      if (!e.keeps_status()) last_status_ = 2;
      // POSIX mode: a syntax error in eval'd text ends the shell (one in a
      // sourced file does not, in bash 5.2).
      if (sourced && opt_.posix && context == "eval") throw ShellError(last_status_, true);
      if (!sourced) flow_ = Flow::Exit;
      return last_status_;
    }
    for (const auto& [line, text] : lex.warnings) {
      line_ = line;
      error(text);
    }
    lex.warnings.clear();
    if (!cmd) break;
    if (opt_.noexec) continue;
    if (sourced) {
      exec(*cmd);
    } else {
      // An expansion error aborts the whole complete command; fatal ones
      // (${x:?}, set -u) end the shell.
      try {
        exec(*cmd);
      } catch (const ShellError& e) {
        last_status_ = e.status();
        loop_depth_ = 0;
        if (e.fatal()) flow_ = Flow::Exit;
      }
    }
    if (flow_ == Flow::Exit) break;
    if (flow_ == Flow::Return && sourced) break;
    if (flow_ == Flow::Break || flow_ == Flow::Continue) flow_ = Flow::None;
    if (flow_ == Flow::Return && !sourced && call_depth_ == 0) flow_ = Flow::None;
  }
  if (!sourced) check_signals();  // one that came during the last command
  return last_status_;
}

int ShellState::run_script(std::string_view text) {
  return run_script_source(text, false);
}

// ---------------------------------------------------------------------------
// Dispatch

int ShellState::exec(const Command& c) {
  if (flow_ != Flow::None) return last_status_;
  if (signals_ && signals_->has_pending()) {  // `kill` from another job
    run_pending_signals();
    if (flow_ != Flow::None) return last_status_;
  }
  if (opt_.noexec) return 0;
  // The specific checks (function, eval, source) leave a larger reserve, so
  // this one only catches recursion they do not see.
  if (stack_exhausted(kInnerStackReserve)) {
    error("maximum nesting level exceeded (the stack is exhausted)");
    throw ShellError(1, false);
  }
  int status = std::visit(
      Overloaded{
          [&](const SimpleCommand& sc) { return exec_simple(sc, c); },
          [&](const List& l) { return exec_list(l); },
          [&](const AndOr& ao) { return exec_and_or(ao); },
          [&](const Pipeline& p) { return exec_pipeline(p, c); },
          [&](const FunctionDef& f) {
            line_ = c.line;
            check_posix_function_name(*this, f.name);
            if (functions_.use_count() > 1)
              functions_ = std::make_shared<std::map<std::string, FunctionInfo>>(*functions_);
            auto holder = std::make_shared<Command>(c);
            (*functions_)[f.name] = FunctionInfo{holder, ""};
            return 0;
          },
          [&](const auto&) { return exec_compound(c); },
      },
      c.node);
  // After `exit` (or a trap that ran it) $? already holds the exit status;
  // a loop that stops early must not overwrite it with its own.
  if (flow_ == Flow::Exit) return last_status_;
  last_status_ = status;
  return status;
}

int ShellState::exec_compound(const Command& c) {
  line_ = c.line;
  FdTable saved;
  bool redirected = !c.redirs.empty();
  if (redirected) {
    saved = fds_;
    if (!apply_redirs(c.redirs)) {
      fds_ = std::move(saved);
      compound_redir_failed = true;
      return 1;
    }
  }
  int status = 0;
  try {
    status = std::visit(
        Overloaded{
            [&](const Subshell& s) {
              return run_subshell([&](ShellState& child) { return child.exec(*s.body); }, &c);
            },
            [&](const BraceGroup& b) { return exec(*b.body); },
            [&](const If& node) {
              for (const auto& [cond, body] : node.branches) {
                int st;
                {
                  Suppress s(errexit_suppressed_);
                  st = exec(*cond);
                }
                if (flow_ != Flow::None) return st;
                if (st == 0) return exec(*body);
              }
              if (node.else_body) return exec(*node.else_body);
              return 0;
            },
            [&](const For& f) { return exec_for(f); },
            [&](const ArithFor& f) { return exec_arith_for(f); },
            [&](const While& w) { return exec_while(w); },
            [&](const Case& cs) { return exec_case(cs); },
            [&](const Select& s) { return exec_select(s); },
            [&](const DoubleBracket& d) {
              if (budget_) budget_->count_command();
              if (!traps_.empty()) debug_trap(print_command(c));
              invalid_cond_regex = false;
              bool ok = eval_cond(*d.expr);
              if (invalid_cond_regex) return 2;  // bash: an invalid =~ regex
              return ok ? 0 : 1;
            },
            [&](const ArithCommand& a) {
              if (budget_) budget_->count_command();
              if (!traps_.empty()) {
                std::string_view raw = a.raw;
                while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front())))
                  raw.remove_prefix(1);
                while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back())))
                  raw.remove_suffix(1);
                debug_trap("(( " + std::string(raw) + " ))");
              }
              std::string expr = expand_string(a.expr);
              if (opt_.xtrace) xtrace({}, {"(( " + expr + " ))"});
              return arith(expr) != 0 ? 0 : 1;
            },
            [&](const Coproc& co) { return run_coproc(co); },
            [&](const auto&) { return 0; },
        },
        c.node);
  } catch (...) {
    if (redirected) fds_ = std::move(saved);
    throw;
  }
  if (redirected) fds_ = std::move(saved);
  pipestatus_.assign(1, status);
  return status;
}

int ShellState::exec_list(const List& list) {
  int status = last_status_;
  for (const auto& item : list.items) {
    if (flow_ != Flow::None) break;
    if (item.background) {
      status = run_background(item.command);
      last_status_ = status;
      continue;
    }
    compound_redir_failed = false;
    status = exec(*item.command);
    const auto& node = item.command->node;
    bool handled = std::holds_alternative<AndOr>(node) ||
                   (std::holds_alternative<Pipeline>(node) && std::get<Pipeline>(node).negate);
    // bash: a compound command's own status never trips set -e; the commands
    // inside were checked already (`if x; then a && b; fi` goes on).
    bool compound = std::holds_alternative<BraceGroup>(node) || std::holds_alternative<If>(node) ||
                    std::holds_alternative<For>(node) || std::holds_alternative<ArithFor>(node) ||
                    std::holds_alternative<While>(node) || std::holds_alternative<Case>(node) ||
                    std::holds_alternative<Select>(node) || std::holds_alternative<List>(node);
    if (!handled && (!compound || compound_redir_failed)) check_errexit(status);
  }
  return status;
}

void ShellState::check_errexit(int status) {
  if (status == 0 || errexit_suppressed_ > 0 || flow_ != Flow::None) return;
  if (!in_trap_ && traps_.count("ERR") && (call_depth_ == 0 || opt_.errtrace)) run_trap("ERR");
  if (opt_.errexit) {
    last_status_ = status;
    flow_ = Flow::Exit;
  }
}

int ShellState::exec_and_or(const AndOr& ao) {
  int status;
  {
    Suppress s(errexit_suppressed_);
    status = exec(*ao.first);
  }
  for (size_t i = 0; i < ao.rest.size(); ++i) {
    if (flow_ != Flow::None) return status;
    const auto& [op, cmd] = ao.rest[i];
    if ((op == AndOrOp::And) != (status == 0)) continue;
    bool last = i + 1 == ao.rest.size();
    if (last) {
      status = exec(*cmd);
      bool negated =
          std::holds_alternative<Pipeline>(cmd->node) && std::get<Pipeline>(cmd->node).negate;
      if (!negated) check_errexit(status);
    } else {
      Suppress s(errexit_suppressed_);
      status = exec(*cmd);
    }
  }
  return status;
}

// ---------------------------------------------------------------------------
// Simple commands

void ShellState::assign(const Assignment& a, bool local, uint16_t attrs) {
  std::string name = a.name;
  if (a.array) {
    Variable* v = local ? &create_local(name) : find_var_mut(resolve_nameref(name));
    if (v == nullptr) v = &global_var(resolve_nameref(name));
    if (v->attrs & kAttrReadonly) {
      error(name + ": readonly variable");
      throw ShellError(1, false);
    }
    // Expand all values first: a=(0 "${a[@]}") and b=("$b") refer to the
    // old value, so the variable changes only afterwards.
    std::vector<std::pair<std::string, std::string>> keyed;
    std::vector<std::string> values;
    std::vector<int> kinds;
    for (const auto& item : a.items) {
      if (item.has_key) {
        keyed.emplace_back(expand_string(item.key), expand_word_single(item.value));
        kinds.push_back(1);
      } else {
        auto words = expand_words({item.value});
        for (auto& w : words) {
          values.push_back(std::move(w));
          kinds.push_back(0);
        }
      }
    }
    v = local ? &create_local(name) : find_var_mut(resolve_nameref(name));
    v->attrs |= attrs;
    bool assoc = v->is_assoc();
    if (!assoc) v->attrs |= kAttrIndexed;
    if (!a.append) {
      v->indexed.clear();
      v->assoc.clear();
      v->assoc_order.clear();
      v->value.clear();
    } else if (!v->is_array() && v->set) {
      v->indexed[0] = std::move(v->value);
    }
    v->set = true;
    int64_t next = v->indexed.empty() ? 0 : v->indexed.rbegin()->first + 1;
    size_t ki = 0, vi = 0;
    std::optional<std::string> pending_key;
    for (int kind : kinds) {
      if (kind == 1) {
        auto& [key, value] = keyed[ki++];
        if (assoc) {
          if (!v->assoc.count(key)) v->assoc_order.push_back(key);
          v->assoc[key] = apply_case_attrs(*v, value);
        } else {
          int64_t idx = arith(key);
          if (idx < 0 && !v->indexed.empty()) idx += v->indexed.rbegin()->first + 1;
          v->indexed[idx] = apply_case_attrs(*v, value);
          next = idx + 1;
        }
      } else {
        std::string& value = values[vi++];
        if (assoc) {
          // bash 5.1+: unsubscripted words of an associative assignment are
          // key/value pairs; a key without a value gets "".
          if (!pending_key) {
            pending_key = value;
            continue;
          }
          if (!v->assoc.count(*pending_key)) v->assoc_order.push_back(*pending_key);
          v->assoc[*pending_key] = apply_case_attrs(*v, value);
          pending_key.reset();
          continue;
        }
        if (v->attrs & kAttrInteger) value = std::to_string(arith(value));
        v->indexed[next++] = apply_case_attrs(*v, value);
      }
    }
    if (pending_key) {
      if (!v->assoc.count(*pending_key)) v->assoc_order.push_back(*pending_key);
      v->assoc[*pending_key] = "";
    }
    return;
  }
  std::string value = expand_word_single(a.value);
  if (a.has_index) {
    std::string key = expand_string(a.index);
    const Variable* cur = find_var(resolve_nameref(name));
    if (cur != nullptr && cur->is_assoc()) {
      // set_element re-parses the key; pass it escaped as a literal.
      std::string quoted = "'";
      for (char c : key) {
        if (c == '\'')
          quoted += "'\\''";
        else
          quoted += c;
      }
      quoted += "'";
      if (!set_element(name, quoted, value, a.append)) throw ShellError(1, false);
    } else {
      if (!set_element(name, key, value, a.append)) throw ShellError(1, false);
    }
    return;
  }
  if (local) {
    Variable& v = create_local(name);
    v.attrs |= attrs;
    if (v.attrs & kAttrReadonly && v.set) {
      error(name + ": readonly variable");
      throw ShellError(1, false);
    }
  }
  if (!set_var(name, std::move(value), a.append)) throw ShellError(1, false);
  if (attrs) {
    Variable* v = find_var_mut(name);
    if (v) v->attrs |= attrs;
  }
}

void ShellState::xtrace(const std::vector<std::string>& argv,
                        const std::vector<std::string>& assigns) {
  std::string ps4 = "+ ";
  std::string v;
  if (get_var("PS4", v)) ps4 = v;
  if (!ps4.empty() && xtrace_level_ > 0) ps4.insert(0, static_cast<size_t>(xtrace_level_), ps4[0]);
  for (const auto& a : assigns) {
    std::string line = ps4;
    line += a;
    line += '\n';
    err(line);
  }
  if (argv.empty()) return;
  std::string line = ps4;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i) line += ' ';
    line += quote_xtrace(argv[i]);
  }
  line += '\n';
  err(line);
}

void ShellState::reap_procsubs() {
  for (int fd : procsub_fds_) fds_.close(fd);
  procsub_fds_.clear();
  for (auto& job : procsubs_) {
    if (job->thread.joinable()) job->thread.join();
  }
  procsubs_.clear();
}

void ShellState::debug_trap(const std::string& command) {
  // Functions inherit the DEBUG trap only under set -T (functrace), which
  // kefka does not have.
  if (in_trap_ || call_depth_ > 0) return;
  auto it = traps_.find("DEBUG");
  if (it == traps_.end() || it->second.empty()) return;
  Variable& v = global_var("BASH_COMMAND");
  v.value = command;
  v.set = true;
  run_trap("DEBUG");
}

int ShellState::exec_simple(const SimpleCommand& sc, const Command& cmd) {
  line_ = cmd.line;
  if (budget_ != nullptr) budget_->count_command();
  if (skip_debug_trap_) {
    skip_debug_trap_ = false;
  } else if (!traps_.empty()) {
    debug_trap(print_command(cmd));
  }
  has_subst_status_ = false;
  std::vector<std::string> argv;
  struct ProcSubReaper {
    ShellState& st;
    ~ProcSubReaper() {
      if (!st.procsubs_.empty() || !st.procsub_fds_.empty()) st.reap_procsubs();
    }
  } reaper{*this};
  if (!sc.words.empty()) argv = expand_words(sc.words);

  if (argv.empty()) {
    std::vector<std::string> traced;
    for (const auto& a : sc.assigns) {
      assign(a);
      if (opt_.xtrace && a.array) {
        traced.push_back(a.raw);
      } else if (opt_.xtrace) {
        std::string v;
        get_var(a.name, v);
        traced.push_back(a.name + (a.append ? "+=" : "=") + quote_xtrace(v));
      }
    }
    if (opt_.xtrace) xtrace({}, traced);
    int status = has_subst_status_ ? subst_status_ : 0;
    if (!cmd.redirs.empty()) {
      FdTable saved = fds_;
      if (!apply_redirs(cmd.redirs)) status = 1;
      fds_ = std::move(saved);
    }
    pipestatus_.assign(1, status);
    return status;
  }

  // Temporary assignments: a scope of exported variables for this command.
  bool temp_scope = !sc.assigns.empty();
  std::vector<std::string> traced;
  if (temp_scope) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& a : sc.assigns) {
      values.emplace_back(a.name, expand_word_single(a.value));
    }
    for (const auto& a : sc.assigns) {
      const Variable* old = find_var(a.name);
      if (old != nullptr && (old->attrs & kAttrReadonly)) {
        error(a.name + ": readonly variable");
        if (opt_.posix) throw ShellError(1, true);
      }
    }
    scopes_.push_back(std::make_shared<Scope>());
    for (auto& [name, value] : values) {
      Variable& v = (*scopes_.back())[name];
      v.attrs = kAttrExport;
      v.value = value;
      if (opt_.xtrace) traced.push_back(name + "=" + quote_xtrace(value));
    }
  }
  struct ScopePop {
    ShellState& st;
    bool active;
    size_t depth;
    bool persist;
    ~ScopePop() {
      if (active && st.scopes_.size() > depth) {
        // Bash keeps the values of special builtins' assignments only in posix mode.
        std::shared_ptr<Scope> temp = st.scopes_[depth];
        st.scopes_.erase(st.scopes_.begin() + static_cast<long>(depth));
        if (persist) {
          for (const auto& [name, v] : *temp) {
            if (!st.set_var(name, v.value)) continue;
            if (Variable* kept = st.find_var_mut(name)) kept->attrs |= kAttrExport;
          }
        }
      }
    }
  } pop{*this, temp_scope, scopes_.size() - 1, temp_scope && is_posix_special(*this, argv[0])};

  if (opt_.xtrace) xtrace(argv, traced);
  last_arg_ = argv.back();
  const std::string name0 = opt_.posix ? argv[0] : std::string();

  int status;
  if (!cmd.redirs.empty()) {
    bool persist = argv[0] == "exec" && argv.size() == 1;
    FdTable saved = fds_;
    if (!apply_redirs(cmd.redirs)) {
      fds_ = std::move(saved);
      pipestatus_.assign(1, 1);
      posix_special_failed(*this, argv[0], 1);
      return 1;
    }
    if (persist) {
      pipestatus_.assign(1, 0);
      return 0;
    }
    try {
      status = run_command(std::move(argv), {});
    } catch (...) {
      fds_ = std::move(saved);
      throw;
    }
    fds_ = std::move(saved);
  } else {
    status = run_command(std::move(argv), {});
  }
  pipestatus_.assign(1, status);
  // POSIX mode: a special builtin's usage error ends the shell (eval and
  // source pass on their script's status, which says nothing about usage).
  if (status == 2 && flow_ == Flow::None && opt_.posix && name0 != "eval" && name0 != "." &&
      name0 != "source") {
    posix_special_failed(*this, name0, 2);
  }
  return status;
}

// ---------------------------------------------------------------------------
// Redirections

bool ShellState::apply_redirs(const std::vector<Redir>& redirs) {
  for (const auto& r : redirs) {
    int fd = r.fd;
    if (fd < 0) {
      switch (r.op) {
        case RedirOp::In:
        case RedirOp::ReadWrite:
        case RedirOp::DupIn:
        case RedirOp::HereDoc:
        case RedirOp::HereString:
          fd = 0;
          break;
        default:
          fd = 1;
      }
    }
    if (!r.fd_var.empty()) {
      if ((r.op == RedirOp::DupIn || r.op == RedirOp::DupOut) && redirect_closes(r)) {
        // {var}>&- closes the descriptor that var holds.
        if (!close_fd_var(r.fd_var)) return false;
        continue;
      }
      fd = fds_.lowest_free(10);
    }
    StreamPtr stream;
    if (r.op == RedirOp::HereDoc) {
      std::string body = r.heredoc ? expand_heredoc(*r.heredoc) : "";
      stream = std::make_shared<StringSource>(std::move(body));
    } else if (r.op == RedirOp::HereString) {
      stream = std::make_shared<StringSource>(expand_word_single(r.target) + "\n");
    } else {
      std::vector<std::string> words = expand_words({r.target});
      std::string raw_target;
      if (words.size() != 1) {
        // bash names the unexpanded word.
        error(r.target_raw + ": ambiguous redirect");
        return false;
      }
      std::string target = words[0];
      if (r.op == RedirOp::DupIn || r.op == RedirOp::DupOut) {
        if (target == "-") {
          fds_.close(fd);
          continue;
        }
        bool move = !target.empty() && target.back() == '-';
        std::string num = move ? target.substr(0, target.size() - 1) : target;
        int64_t n;
        if (!num.empty() && std::all_of(num.begin(), num.end(), ::isdigit) && parse_int(num, n)) {
          StreamPtr src = fds_.get(static_cast<int>(n));
          if (src == nullptr) {
            error(r.target_raw + ": Bad file descriptor");  // bash names the word
            return false;
          }
          fds_.set(fd, src);
          if (move) fds_.close(static_cast<int>(n));
          if (!r.fd_var.empty()) set_fd_var(r.fd_var, fd);
          continue;
        }
        if (r.op == RedirOp::DupIn || r.fd >= 0) {
          error(target + ": ambiguous redirect");
          return false;
        }
        // >&file is &>file
        auto opened = fds_.get(0) ? fs_view().open(target, O_WRONLY | O_CREAT | O_TRUNC)
                                  : fs_view().open(target, O_WRONLY | O_CREAT | O_TRUNC);
        if (!opened) {
          error(target + ": " + std::strerror(opened.error()));
          return false;
        }
        fds_.set(1, *opened);
        fds_.set(2, *opened);
        continue;
      }
      // /dev/stdin, /dev/fd/N refer to our own descriptors.
      int dev_fd = -1;
      if (target == "/dev/stdin") dev_fd = 0;
      if (target == "/dev/stdout") dev_fd = 1;
      if (target == "/dev/stderr") dev_fd = 2;
      if (target.rfind("/dev/fd/", 0) == 0) {
        int64_t n;
        if (parse_int(target.substr(8), n)) dev_fd = static_cast<int>(n);
      }
      if (dev_fd >= 0) {
        StreamPtr src = fds_.get(dev_fd);
        if (src == nullptr) {
          error(target + ": No such file or directory");
          return false;
        }
        stream = src;
      } else {
        int flags = 0;
        switch (r.op) {
          case RedirOp::In:
            flags = O_RDONLY;
            break;
          case RedirOp::Out:
          case RedirOp::OutErr:
            flags = O_WRONLY | O_CREAT | O_TRUNC;
            if (opt_.noclobber) {
              auto st = fs_view().stat(target);
              if (st && st->is_regular()) {
                error(target + ": cannot overwrite existing file");
                return false;
              }
            }
            break;
          case RedirOp::Clobber:
            flags = O_WRONLY | O_CREAT | O_TRUNC;
            break;
          case RedirOp::Append:
          case RedirOp::AppendErr:
            flags = O_WRONLY | O_CREAT | O_APPEND;
            break;
          case RedirOp::ReadWrite:
            flags = O_RDWR | O_CREAT;
            break;
          default:
            break;
        }
        if (target.empty()) {
          error(": No such file or directory");
          return false;
        }
        auto opened = fs_view().open(target, flags, 0666);
        if (!opened) {
          error(target + ": " + std::strerror(opened.error()));
          return false;
        }
        stream = *opened;
      }
    }
    if (r.op == RedirOp::OutErr || r.op == RedirOp::AppendErr) {
      fds_.set(1, stream);
      fds_.set(2, stream);
      continue;
    }
    fds_.set(fd, stream);
    if (!r.fd_var.empty()) set_fd_var(r.fd_var, fd);
  }
  return true;
}

bool ShellState::redirect_closes(const Redir& r) {
  // Only a literal `-` target closes; the common case needs no expansion.
  return r.target_raw == "-";
}

void ShellState::set_fd_var(const std::string& ref, int fd) {
  size_t bracket = ref.find('[');
  if (bracket == std::string::npos) {
    set_var(ref, std::to_string(fd));
  } else {
    set_element(ref.substr(0, bracket), ref.substr(bracket + 1, ref.size() - bracket - 2),
                std::to_string(fd));
  }
}

bool ShellState::close_fd_var(const std::string& ref) {
  std::string value = expand_string(Lexer::parse_string("${" + ref + "}", Mode::HereDoc, line_));
  int64_t fd;
  if (value.empty()) {  // bash: an unset variable names no descriptor
    error(ref + ": ambiguous redirect");
    return false;
  }
  // A value that is not a descriptor number is silently left alone.
  if (parse_int(value, fd) && fd >= 0 && fd <= INT32_MAX) fds_.close(static_cast<int>(fd));
  return true;
}

// ---------------------------------------------------------------------------
// Pipelines, subshells, background jobs

int ShellState::run_subshell(const std::function<int(ShellState&)>& body, const Command* shown) {
  if (run_subshell_in_place_) {  // `( list ) &`: the job is the subshell
    run_subshell_in_place_ = false;
    return body(*this);
  }
  ShellState child(*this);
  child.become_subshell();
  int status;
  try {
    status = body(child);
    if (child.flow_ == Flow::Exit || child.flow_ == Flow::Return) status = child.last_status_;
  } catch (const BrokenPipe&) {
    status = cmd::kExitBrokenPipe;
  } catch (const ShellError& e) {
    status = e.status();
  }
  child.check_signals();
  if (child.traps_.count("EXIT")) child.run_trap("EXIT");
  child.signals_->mark_exited();
  if (child.killed_by_ != 0) {
    status = 128 + child.killed_by_;
    std::string text = shown != nullptr ? print_command(*shown) : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    std::string notice = death_notice(child.bash_pid_, child.killed_by_, text, true);
    if (!notice.empty()) err(notice);
  }
  return status;
}

int ShellState::run_subshell_body(const Command& cmd) {
  int status;
  try {
    status = exec(cmd);
    if (flow_ == Flow::Exit || flow_ == Flow::Return) status = last_status_;
  } catch (const BrokenPipe&) {
    status = cmd::kExitBrokenPipe;
  } catch (const ShellError& e) {
    status = e.status();
  }
  check_signals();
  if (flow_ == Flow::Exit) status = last_status_;
  if (traps_.count("EXIT")) run_trap("EXIT");
  return status;
}

namespace {

// The output of $(...), bounded by Limits::max_string_bytes.
class SubstitutionSink final : public Stream {
 public:
  explicit SubstitutionSink(uint64_t limit) : limit_(limit == 0 ? UINT64_MAX : limit) {}
  Result<size_t> write(std::string_view data) override {
    // Streams must not throw (writers flush from destructors): fail the
    // write, and let the substitution report the limit once it ends.
    if (data_.size() + data.size() > limit_) {
      overflow_ = true;
      return Errno{EFBIG};
    }
    data_.append(data);
    return data.size();
  }
  bool writable() const override { return true; }
  std::string take() { return std::move(data_); }
  bool overflow() const { return overflow_; }
  void check() const {
    if (overflow_) {
      throw ExecAbort("kefka: command substitution output exceeds the limit of " +
                          std::to_string(limit_) + " bytes",
                      kStatusLimitExceeded);
    }
  }

 private:
  std::atomic<bool> overflow_{false};
  uint64_t limit_;
  std::string data_;
};

// $(< file): a lone input redirection.
const Redir* lone_input_redirect(const Command& body) {
  const auto* list = std::get_if<List>(&body.node);
  if (list == nullptr || list->items.size() != 1 || list->items[0].background) return nullptr;
  const Command& c = *list->items[0].command;
  const auto* sc = std::get_if<SimpleCommand>(&c.node);
  if (sc == nullptr || !sc->words.empty() || !sc->assigns.empty() || c.redirs.size() != 1) {
    return nullptr;
  }
  const Redir& r = c.redirs[0];
  if (r.op != RedirOp::In || (r.fd != -1 && r.fd != 0)) return nullptr;
  return &r;
}
}  // namespace

std::string ShellState::command_substitution(const Command& body) {
  if (const Redir* r = lone_input_redirect(body)) {
    std::vector<std::string> words = expand_words({r->target});
    int status = 1;
    std::string data;
    if (words.size() != 1) {
      error(r->target_raw + ": ambiguous redirect");
    } else {
      auto content = fs_view().read_file(words[0]);
      if (content) {
        data = std::move(*content);
        status = 0;
      } else {
        error(words[0] + ": " + std::strerror(content.error()));
      }
    }
    subst_status_ = status;
    has_subst_status_ = true;
    last_status_ = status;
    return strip_trailing_newlines(std::move(data));
  }
  ShellState child(*this);
  child.become_subshell();
  child.parent_jobs_ = jobs_.empty() ? parent_jobs_ : jobs_;
  auto sink = std::make_shared<SubstitutionSink>(budget_ ? budget_->limits().max_string_bytes : 0);
  child.fds_.set(1, sink);
  child.xtrace_level_ = xtrace_level_ + 1;
  child.traps_.erase("DEBUG");  // not inherited by $(...) without functrace
  if (!opt_.inherit_errexit) child.opt_.errexit = false;
  int status = child.run_subshell_body(body);
  sink->check();
  subst_status_ = status;
  has_subst_status_ = true;
  last_status_ = status;
  return strip_trailing_newlines(sink->take());
}

std::string ShellState::process_substitution(const ProcessSub& ps) {
  auto [reader, writer] = make_pipe(budget_);
  auto child = std::make_unique<ShellState>(*this);
  child->become_subshell();
  int fd = fds_.lowest_free(63);
  if (ps.output) {
    child->fds_.set(0, reader);
    fds_.set(fd, writer);
  } else {
    child->fds_.set(1, writer);
    fds_.set(fd, reader);
  }
  reader.reset();
  writer.reset();
  procsub_fds_.push_back(fd);
  auto job = std::make_shared<Job>();
  CommandPtr body = ps.body;
  job->thread = spawn_thread([child = std::move(child), body, raw = job.get()]() mutable {
    int st = 0;
    try {
      st = child->run_subshell_body(*body);
    } catch (const ExecAbort& e) {
      st = e.status();
    } catch (...) {
      st = 1;
    }
    child.reset();
    raw->status = st;
    raw->done = true;
  });
  procsubs_.push_back(job);
  return "/dev/fd/" + std::to_string(fd);
}

namespace {

// User and system CPU time of the calling thread, in seconds (the shell's
// commands run in-process, so the process's times would mix in other
// sessions; pipeline stages on other threads are not counted).
std::pair<double, double> thread_cpu_times() {
  rusage usage{};
  if (getrusage(RUSAGE_THREAD, &usage) != 0) return {0, 0};
  auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return {secs(usage.ru_utime), secs(usage.ru_stime)};
}

// One %[p][l]R/U/S value of TIMEFORMAT: `precision` decimals (bash
// truncates), `long_form` as MmS.FFFs.
std::string format_seconds(double secs, int precision, bool long_form) {
  if (secs < 0) secs = 0;
  static constexpr int64_t kScale[] = {1, 10, 100, 1000};
  int64_t scaled = static_cast<int64_t>(secs * static_cast<double>(kScale[precision]));
  int64_t whole = scaled / kScale[precision];
  int64_t frac = scaled % kScale[precision];
  std::string out;
  if (long_form) {
    out = std::to_string(whole / 60) + "m";
    whole %= 60;
  }
  out += std::to_string(whole);
  if (precision > 0) {
    std::string f = std::to_string(frac);
    out += "." + std::string(static_cast<size_t>(precision) - f.size(), '0') + f;
  }
  if (long_form) out += "s";
  return out;
}

// Expands bash's TIMEFORMAT: %% %R %U %S %P with optional precision and l.
std::string format_times(std::string_view fmt, double real, double user, double sys) {
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 >= fmt.size()) {
      out += fmt[i];
      continue;
    }
    size_t j = i + 1;
    if (fmt[j] == '%') {
      out += '%';
      i = j;
      continue;
    }
    int precision = 3;
    bool long_form = false;
    if (j < fmt.size() && fmt[j] >= '0' && fmt[j] <= '9') {
      precision = std::min(fmt[j] - '0', 3);
      ++j;
    }
    if (j < fmt.size() && fmt[j] == 'l') {
      long_form = true;
      ++j;
    }
    if (j >= fmt.size()) {
      out += fmt.substr(i);
      break;
    }
    char c = fmt[j];
    if (c == 'R' || c == 'U' || c == 'S') {
      out += format_seconds(c == 'R' ? real : c == 'U' ? user : sys, precision, long_form);
    } else if (c == 'P') {
      double pct = real > 0 ? (user + sys) * 100.0 / real : 0;
      out += format_seconds(pct, std::min(precision, 2), false);
    } else {
      out += fmt.substr(i, j - i + 1);
    }
    i = j;
  }
  return out;
}

}  // namespace

int ShellState::exec_pipeline(const Pipeline& p, const Command& cmd) {
  line_ = cmd.line;
  auto start = std::chrono::steady_clock::now();
  auto cpu_start = p.timed ? thread_cpu_times() : std::pair<double, double>{};
  int status = 0;
  if (p.commands.empty()) {
    status = 0;
  } else if (p.commands.size() == 1) {
    if (p.negate) {
      Suppress s(errexit_suppressed_);
      status = exec(*p.commands[0]);
    } else {
      status = exec(*p.commands[0]);
    }
    pipestatus_.assign(1, status);
  } else {
    size_t n = p.commands.size();
    std::vector<int> statuses(n, 0);
    std::vector<std::exception_ptr> errors(n);
    std::vector<int64_t> pids(n, 0);  // for bash's notice when a signal kills the last stage
    std::vector<int> killed(n, 0);
    // Declared after what the stages write to: if starting a stage fails,
    // unwinding joins the running ones before those are destroyed.
    std::vector<ShellThread> threads;
    StreamPtr prev_reader;
    bool last_here = opt_.lastpipe;
    for (size_t i = 0; i < n; ++i) {
      bool last = i + 1 == n;
      StreamPtr in = prev_reader;
      StreamPtr out;
      prev_reader.reset();
      if (!last) {
        auto ends = make_pipe(budget_);
        out = ends.writer;
        prev_reader = ends.reader;
      }
      if (last && last_here) {
        FdTable saved = fds_;
        if (in) fds_.set(0, in);
        in.reset();
        try {
          statuses[i] = exec(*p.commands[i]);
        } catch (const BrokenPipe&) {
          statuses[i] = cmd::kExitBrokenPipe;
        } catch (...) {
          errors[i] = std::current_exception();
        }
        fds_ = std::move(saved);
        continue;
      }
      // bash runs a stage's DEBUG trap in the parent before it forks, so
      // the traps run in pipeline order.
      bool ran_debug = false;
      if (!traps_.empty() && std::holds_alternative<SimpleCommand>(p.commands[i]->node) &&
          traps_.count("DEBUG")) {
        debug_trap(print_command(*p.commands[i]));
        ran_debug = true;
      }
      auto child = std::make_unique<ShellState>(*this);
      child->skip_debug_trap_ = ran_debug;
      child->become_subshell();
      child->parent_jobs_ = jobs_.empty() ? parent_jobs_ : jobs_;
      if (in) child->fds_.set(0, in);
      if (out) {
        child->fds_.set(1, out);
        if (p.stderr_too[i]) child->fds_.set(2, out);
      }
      in.reset();
      out.reset();
      CommandPtr stage = p.commands[i];
      pids[i] = child->bash_pid_;
      // The stage's process runs a `( list )` stage itself, as bash does.
      child->run_subshell_in_place_ = std::holds_alternative<Subshell>(stage->node);
      auto run = [child = std::move(child), stage, &statuses, &errors, &killed, i]() mutable {
        try {
          statuses[i] = child->run_subshell_body(*stage);
        } catch (const ExecAbort&) {
          errors[i] = std::current_exception();
        } catch (...) {
          errors[i] = std::current_exception();
        }
        killed[i] = child->killed_by_;
        child.reset();  // closes this stage's pipe ends
      };
      if (last) {
        run();
      } else {
        threads.push_back(spawn_thread(std::move(run)));
      }
    }
    for (auto& t : threads) t.join();
    for (auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    if (killed.back() != 0) err(pipeline_death_notice(p, pids, statuses, killed));
    pipestatus_ = statuses;
    status = statuses.back();
    if (opt_.pipefail) {
      for (int s : statuses) {
        if (s != 0) status = s;
      }
    }
  }
  if (p.negate) status = status == 0 ? 1 : 0;
  if (p.timed) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto cpu_end = thread_cpu_times();
    double user = cpu_end.first - cpu_start.first;
    double sys = cpu_end.second - cpu_start.second;
    std::string fmt = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS";
    if (p.time_posix) {
      fmt = "real %2R\nuser %2U\nsys %2S";
    } else {
      get_var("TIMEFORMAT", fmt);
    }
    if (!fmt.empty()) err(format_times(fmt, secs, user, sys) + "\n");
  }
  return status;
}

namespace {

// A background command as one line of ps output.
std::string process_text(const Command& cmd) {
  std::string text = print_command(cmd);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

int64_t now_epoch_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int ShellState::run_background(const CommandPtr& cmd, bool keep_stdin) {
  reap_finished_jobs();
  auto job = std::make_shared<Job>();
  job->id = 1;  // like bash: one past the highest number still in the table
  for (const auto& other : jobs_) {
    if (!other->forgotten) job->id = std::max(job->id, other->id + 1);
  }
  job->pid = session_->next_pid++;
  job->command = process_text(*cmd);
  job->shown_command = print_command(*cmd);
  while (!job->shown_command.empty() &&
         (job->shown_command.back() == '\n' || job->shown_command.back() == ' ')) {
    job->shown_command.pop_back();
  }
  job->budget = std::make_shared<Budget>(budget_ ? budget_->limits() : Limits{});
  auto child = std::make_unique<ShellState>(*this);
  child->budget_ = job->budget.get();
  // A non-interactive bash starts asynchronous commands with SIGINT and
  // SIGQUIT ignored.
  child->become_subshell(job->pid, job->budget,
                         signal_bit(kSigInt) | signal_bit(kSigQuit));
  child->run_subshell_in_place_ = std::holds_alternative<Subshell>(cmd->node);
  job->signals = child->signals_;
  if (!keep_stdin) child->fds_.set(0, std::make_shared<NullStream>());
  Job* raw = job.get();
  std::shared_ptr<SessionShared> session = session_;
  std::shared_ptr<SignalBox> parent_box = signals_;
  {
    std::lock_guard lock(session->processes_mu);
    session->processes[job->pid] =
        cmd::ProcessInfo{job->pid, bash_pid_, process_text(*cmd), now_epoch_seconds()};
  }
  auto body = [child = std::move(child), cmd, raw, session, parent_box]() mutable {
    int st = 0;
    try {
      st = child->run_subshell_body(*cmd);
    } catch (const ExecAbort& e) {
      st = e.status();
    } catch (...) {
      st = 1;
    }
    int sig = child->signals_->fatal_signal();
    if (sig == 0) sig = child->killed_by_;
    if (sig != 0) st = 128 + sig;
    child->signals_->mark_exited();
    child.reset();
    {
      std::lock_guard lock(session->processes_mu);
      session->processes.erase(raw->pid);
    }
    raw->signal = sig;
    raw->status = st;
    // CHLD (for a trap; otherwise dropped) is queued before the job counts
    // as done, so the trap runs right after a `wait` that sees it end.
    if (parent_box) parent_box->post(kSigChld);
    raw->done = true;
    if (parent_box) parent_box->wake();  // a `wait` in the parent
  };
  try {
    job->thread = spawn_thread(std::move(body));
  } catch (...) {
    std::lock_guard lock(session->processes_mu);
    session->processes.erase(job->pid);
    throw;
  }
  jobs_.push_back(job);
  last_bg_pid_ = job->pid;
  return 0;
}

int ShellState::run_coproc(const Coproc& co) {
  // Two pipes: the coprocess's stdout read through NAME[0], its stdin
  // written through NAME[1] (descriptors from 63 down and from 60 up, like
  // bash's first coproc).
  auto from_child = make_pipe(budget_);
  auto to_child = make_pipe(budget_);
  int read_fd = 63;
  while (read_fd > 10 && fds_.get(read_fd)) --read_fd;
  FdTable saved = fds_;
  fds_.set(read_fd, from_child.reader);
  int write_fd = fds_.lowest_free(60);
  fds_.set(write_fd, to_child.writer);
  FdTable parent = std::move(fds_);
  fds_ = saved;
  fds_.set(0, to_child.reader);
  fds_.set(1, from_child.writer);
  from_child = {};
  to_child = {};
  int status;
  try {
    status = run_background(co.body, /*keep_stdin=*/true);
  } catch (...) {
    fds_ = std::move(parent);
    fds_.close(read_fd);
    fds_.close(write_fd);
    throw;
  }
  fds_ = std::move(parent);
  Variable& v = global_var(co.name);
  v = Variable{};
  v.attrs = kAttrIndexed;
  v.indexed[0] = std::to_string(read_fd);
  v.indexed[1] = std::to_string(write_fd);
  set_var(co.name + "_PID", std::to_string(last_bg_pid_));
  return status;
}

void ShellState::acquire_thread_slot() {
  uint32_t max = budget_ ? budget_->limits().max_threads : 0;
  if (max == 0) max = 256;
  SessionShared& s = *session_;
  std::unique_lock lock(s.threads_mu);
  // Like bash retrying fork(): wait a little for a job to end before failing.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(250);
  while (s.threads >= max) {
    if (s.threads_cv.wait_until(lock, deadline) == std::cv_status::timeout && s.threads >= max) {
      lock.unlock();
      fork_failed("Resource temporarily unavailable (more than " + std::to_string(max) +
                  " concurrent jobs and pipeline stages)");
    }
  }
  ++s.threads;
}

void ShellState::release_thread_slot() {
  std::lock_guard lock(session_->threads_mu);
  --session_->threads;
  session_->threads_cv.notify_one();
}

void ShellState::fork_failed(const std::string& why) {
  // bash: sys_error("fork") without a line number, status EX_NOEXEC, and the
  // rest of the command line is discarded.
  err(script_name_ + ": fork: " + why + "\n");
  throw ShellError(126, false);
}

void ShellState::reap_finished_jobs() {
  for (auto& job : jobs_) {
    if (job->done && job->thread.joinable()) job->thread.join();
  }
}

void ShellState::check_stack(const std::string& message) {
  if (!stack_exhausted()) return;
  error(message);
  throw ShellError(1, false);
}

void ShellState::finish_jobs() {
  for (auto& job : jobs_) {
    if (job->thread.joinable()) {
      if (!job->done && job->budget) job->budget->cancel();
      job->thread.join();
    }
  }
  jobs_.clear();
}

// ---------------------------------------------------------------------------
// Loops and case

namespace {
bool handle_loop_flow(ShellState& st) {
  // Returns true when the loop must stop.
  if (st.flow_ == Flow::Break) {
    if (--st.flow_count_ <= 0) st.flow_ = Flow::None;
    return true;
  }
  if (st.flow_ == Flow::Continue) {
    if (--st.flow_count_ > 0) return true;
    st.flow_ = Flow::None;
    return false;
  }
  return st.flow_ != Flow::None;
}
}  // namespace

int ShellState::exec_for(const For& f) {
  std::vector<std::string> items = f.has_words ? expand_words(f.words) : positional_;
  int status = 0;
  LoopGuard loop_guard(loop_depth_);
  for (auto& item : items) {
    if (budget_) budget_->count_loop_iteration();
    if (!traps_.empty()) {
      debug_trap("for " + f.var + " in " + (f.has_words ? f.words_raw : std::string("\"$@\"")));
    }
    if (opt_.xtrace) {
      xtrace({}, {"for " + f.var + " in " + (f.has_words ? f.words_raw : std::string("\"$@\""))});
    }
    if (!set_var(f.var, item)) {
      if (opt_.posix) throw ShellError(1, true);  // a readonly loop variable
      status = 1;
      break;
    }
    status = exec(*f.body);
    if (handle_loop_flow(*this)) break;
  }
  return status;
}

int ShellState::exec_arith_for(const ArithFor& f) {
  int status = 0;
  LoopGuard loop_guard(loop_depth_);
  auto eval = [&](const WordParts& parts) {
    std::string expr = expand_string(parts);
    if (opt_.xtrace) xtrace({}, {"(( " + expr + " ))"});
    return arith(expr);
  };
  eval(f.init);
  for (;;) {
    if (budget_) budget_->count_loop_iteration();
    if (f.has_cond && eval(f.cond) == 0) break;
    status = exec(*f.body);
    if (handle_loop_flow(*this)) break;
    eval(f.step);
  }
  return status;
}

int ShellState::exec_while(const While& w) {
  int status = 0;
  LoopGuard loop_guard(loop_depth_);
  for (;;) {
    if (budget_) budget_->count_loop_iteration();
    int cond;
    {
      Suppress s(errexit_suppressed_);
      cond = exec(*w.cond);
    }
    if (flow_ != Flow::None) {
      if (handle_loop_flow(*this)) break;
      continue;
    }
    if ((cond == 0) == w.until) break;
    status = exec(*w.body);
    if (handle_loop_flow(*this)) break;
  }
  return status;
}

int ShellState::exec_case(const Case& c) {
  if (!traps_.empty()) debug_trap("case " + c.subject.raw + " in ");
  std::string subject = expand_word_single(c.subject);
  if (opt_.xtrace) xtrace({}, {"case " + subject + " in"});
  MatchFlags flags;
  flags.extglob = opt_.extglob;
  flags.nocase = opt_.nocasematch;
  int status = 0;
  bool run_next = false;
  for (size_t i = 0; i < c.items.size(); ++i) {
    const CaseItem& item = c.items[i];
    bool matched = run_next;
    if (!matched) {
      for (const auto& pat : item.patterns) {
        if (pattern_match(expand_pattern(pat.parts), subject, flags)) {
          matched = true;
          break;
        }
      }
    }
    if (!matched) continue;
    run_next = false;
    status = item.body ? exec(*item.body) : 0;
    if (flow_ != Flow::None) return status;
    if (item.term == CaseTerm::Break) return status;
    if (item.term == CaseTerm::FallThrough) run_next = true;
  }
  return status;
}

int ShellState::exec_select(const Select& s) {
  std::vector<std::string> items = s.has_words ? expand_words(s.words) : positional_;
  int status = 0;
  LoopGuard loop_guard(loop_depth_);
  StreamPtr in = fds_.get(0);
  LineReader reader(in);
  for (;;) {
    if (budget_) budget_->count_loop_iteration();
    std::string menu;
    for (size_t i = 0; i < items.size(); ++i) {
      menu += std::to_string(i + 1) + ") " + items[i] + "\n";
    }
    err(menu);
    std::string ps3 = "#? ";
    get_var("PS3", ps3);
    err(ps3);
    std::string line;
    if (!reader.next(line)) {
      status = 1;
      break;
    }
    set_var("REPLY", line);
    int64_t n = 0;
    if (parse_int(line, n) && n >= 1 && static_cast<size_t>(n) <= items.size()) {
      set_var(s.var, items[n - 1]);
    } else {
      set_var(s.var, "");
    }
    status = exec(*s.body);
    if (handle_loop_flow(*this)) break;
  }
  return status;
}

// ---------------------------------------------------------------------------
// [[ ]]

bool ShellState::eval_cond(const CondExpr& e) {
  if (stack_exhausted(kInnerStackReserve)) {
    error("maximum nesting level exceeded (the stack is exhausted)");
    throw ShellError(1, false);
  }
  switch (e.kind) {
    case CondExpr::Kind::And:
      return eval_cond(*e.a) && eval_cond(*e.b);
    case CondExpr::Kind::Or:
      return eval_cond(*e.a) || eval_cond(*e.b);
    case CondExpr::Kind::Not:
      return !eval_cond(*e.a);
    case CondExpr::Kind::Word: {
      Word scratch;
      std::string w = expand_word_single(with_tilde_prefix(e.left, scratch));
      if (opt_.xtrace) xtrace({}, {"[[ " + w + " ]]"});
      return !w.empty();
    }
    case CondExpr::Kind::Unary: {
      Word scratch;
      std::string arg = expand_word_single(with_tilde_prefix(e.left, scratch));
      if (opt_.xtrace) xtrace({}, {"[[ " + e.op + " " + arg + " ]]"});
      return unary_test(*this, e.op, arg);
    }
    case CondExpr::Kind::Binary:
      break;
  }
  Word left_scratch, right_scratch;
  std::string left = expand_word_single(with_tilde_prefix(e.left, left_scratch));
  const WordParts& right_parts = with_tilde_prefix(e.right, right_scratch).parts;
  const std::string& op = e.op;
  if (opt_.xtrace) {
    std::string right = op == "=~" ? expand_string(right_parts) : expand_pattern(right_parts);
    xtrace({}, {"[[ " + left + " " + op + " " + right + " ]]"});
  }
  if (op == "==" || op == "=" || op == "!=") {
    std::string pat = expand_pattern(right_parts);
    MatchFlags flags;
    flags.extglob = true;
    flags.nocase = opt_.nocasematch;
    bool m = pattern_match(pat, left, flags);
    return op == "!=" ? !m : m;
  }
  if (op == "=~") {
    // Quoted parts of the regex match literally.
    std::string re;
    for (const auto& p : right_parts) {
      if (std::holds_alternative<Literal>(p.v)) {
        re += std::get<Literal>(p.v).text;
      } else {
        WordParts one{p};
        std::string text = expand_string(one);
        bool quoted = !std::holds_alternative<Param>(p.v) &&
                      !std::holds_alternative<BracedParam>(p.v) &&
                      !std::holds_alternative<CommandSub>(p.v);
        if (quoted) {
          for (char c : text) {
            if (std::strchr("\\^$.|?*+()[]{}", c)) re.push_back('\\');
            re.push_back(c);
          }
        } else {
          re += text;
        }
      }
    }
    // The shared regex facade runs in linear time (RE2) or under backtracking
    // limits (PCRE2), so a hostile pattern cannot stall the shell.
    cmd::RegexOptions options;
    options.syntax = cmd::RegexSyntax::kExtended;
    options.icase = opt_.nocasematch;
    std::string error;
    auto rx = glibc_rejects_ere(re) ? nullptr : cmd::Regex::compile(re, options, &error);
    if (rx == nullptr) {
      invalid_cond_regex = true;  // [[ ]] ends with status 2, like bash
      return false;
    }
    std::vector<cmd::MatchSpan> groups(static_cast<size_t>(rx->group_count()) + 1);
    bool found = false;
    try {
      found = rx->search(left, 0, groups.data(), static_cast<int>(groups.size()));
    } catch (const cmd::RegexLimitError&) {
      found = false;
    }
    Variable& v = global_var("BASH_REMATCH");
    v = Variable{};
    v.attrs = kAttrIndexed;
    v.set = true;
    if (found) {
      for (size_t i = 0; i < groups.size(); ++i) {
        const cmd::MatchSpan& g = groups[i];
        v.indexed[static_cast<int64_t>(i)] = g.matched() ? left.substr(g.begin, g.size()) : "";
      }
    }
    return found;
  }
  std::string right = expand_word_single(e.right);
  if (op == "<") return left < right;
  if (op == ">") return left > right;
  return binary_test(*this, op, left, right, true);
}

// ---------------------------------------------------------------------------
// Functions and traps

int ShellState::run_function(const FunctionInfo& fn, std::vector<std::string> args) {
  const auto& def = std::get<FunctionDef>(fn.def->node);
  uint32_t max_depth = budget_ ? budget_->limits().max_call_depth : 1000;
  if (max_depth == 0) max_depth = 1000;
  if (static_cast<uint32_t>(call_depth_) >= max_depth) {
    error(def.name + ": maximum function nesting level exceeded (" + std::to_string(max_depth) +
          ")");
    throw ShellError(1, false);
  }
  check_stack(def.name + ": maximum function nesting level exceeded (" +
              std::to_string(call_depth_) + ")");
  std::vector<std::string> saved_positional = std::move(positional_);
  positional_.assign(args.begin() + 1, args.end());
  funcname_.push_back(def.name);
  call_lines_.push_back(line_);
  scopes_.push_back(std::make_shared<Scope>());
  ++call_depth_;
  int saved_loop = loop_depth_;
  loop_depth_ = 0;
  struct Restore {
    ShellState& st;
    std::vector<std::string> pos;
    int loop;
    ~Restore() {
      auto saved = st.saved_set_options_.find(st.call_depth_);
      if (saved != st.saved_set_options_.end()) {
        restore_set_options(st.opt_, saved->second);
        st.saved_set_options_.erase(saved);
      }
      --st.call_depth_;
      st.scopes_.pop_back();
      st.funcname_.pop_back();
      st.call_lines_.pop_back();
      st.positional_ = std::move(pos);
      st.loop_depth_ = loop;
    }
  } restore{*this, std::move(saved_positional), saved_loop};
  int status = exec(*def.body);
  if (flow_ == Flow::Return) {
    flow_ = Flow::None;
    status = last_status_;
  }
  if (traps_.count("RETURN") && !in_trap_ && return_trap_depth_ == call_depth_) {
    return_trap_depth_ = -1;
    run_trap("RETURN");
  }
  return status;
}

void ShellState::run_trap(const std::string& name, bool keep_return) {
  auto it = traps_.find(name);
  if (it == traps_.end() || it->second.empty()) return;
  std::string action = it->second;
  int saved_status = last_status_;
  Flow saved_flow = flow_;
  flow_ = Flow::None;
  bool saved_in_trap = in_trap_;
  in_trap_ = true;
  run_script_source(action, true);
  in_trap_ = saved_in_trap;
  bool returns = keep_return && flow_ == Flow::Return && call_depth_ > 0;
  if (flow_ != Flow::Exit && !returns) {
    flow_ = saved_flow;
    last_status_ = saved_status;
  }
}

}  // namespace kefka::shell

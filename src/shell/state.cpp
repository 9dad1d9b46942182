#include "shell/state.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <system_error>

#include "shell/arith.h"
#include "shell/executor.h"
#include "shell/lexer.h"
#include "shell/posix.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Arithmetic variables are the shell's variables.
class StateArithEnv final : public ArithEnv {
 public:
  explicit StateArithEnv(ShellState& st) : st_(st) {}
  std::string get(const std::string& name, const std::string* index, bool& found) override {
    std::string out;
    if (index == nullptr) {
      found = st_.get_var(name, out);
      if (!found && st_.opt_.nounset) {
        st_.error(name + ": unbound variable");
        throw ShellError(1, true);
      }
      return out;
    }
    std::string real = st_.resolve_nameref(name);
    const Variable* v = st_.find_var(real);
    found = false;
    if (v == nullptr) return "";
    if (v->is_assoc()) {
      std::string key = st_.expand_string(Lexer::parse_string(*index, Mode::Index, 0));
      auto it = v->assoc.find(key);
      if (it == v->assoc.end()) return "";
      found = true;
      return it->second;
    }
    int64_t i = st_.arith(*index);
    if (!v->is_array()) {
      if (i == 0 && v->set) {
        found = true;
        return v->value;
      }
      return "";
    }
    if (i < 0 && !v->indexed.empty()) i += v->indexed.rbegin()->first + 1;
    auto it = v->indexed.find(i);
    if (it == v->indexed.end()) return "";
    found = true;
    return it->second;
  }
  void set(const std::string& name, const std::string* index, int64_t value) override {
    if (index == nullptr) {
      st_.set_var(name, std::to_string(value));
    } else {
      st_.set_element(name, *index, std::to_string(value));
    }
  }

 private:
  ShellState& st_;
};

}  // namespace

ShellState::ShellState(vfs::VfsPtr fs) : fs_(std::move(fs)) {
  scopes_.push_back(std::make_shared<Scope>());
  functions_ = std::make_shared<std::map<std::string, FunctionInfo>>();
  aliases_ = std::make_shared<std::map<std::string, std::string>>();
  session_ = std::make_shared<SessionShared>();
  session_->executor = std::make_unique<ShellExecutor>(session_.get());
  shell_pid_ = session_->next_pid++;
  bash_pid_ = shell_pid_;
  signals_ = new_signal_box(session_, shell_pid_);
  random_state_ = static_cast<uint32_t>(now_seconds());
  start_time_ = now_seconds();
  session_->processes[shell_pid_] = cmd::ProcessInfo{shell_pid_, 1, "bash", start_time_};
}

ShellState::ShellState(const ShellState& o)
    : fs_(o.fs_),
      scopes_(o.scopes_),
      functions_(o.functions_),
      aliases_(o.aliases_),
      traps_(o.traps_),
      positional_(o.positional_),
      arg0_(o.arg0_),
      script_name_(o.script_name_),
      cwd_(o.cwd_),
      umask_(o.umask_),
      cred_(o.cred_),
      fds_(o.fds_),
      opt_(o.opt_),
      budget_(o.budget_),
      session_(o.session_),
      dir_stack_(o.dir_stack_),
      enabled_commands_(o.enabled_commands_),
      disabled_builtins_(o.disabled_builtins_),
      hostname_(o.hostname_),
      last_status_(o.last_status_),
      last_bg_pid_(o.last_bg_pid_),
      shell_pid_(o.shell_pid_),
      bash_pid_(o.bash_pid_),
      line_(o.line_),
      loop_depth_(0),
      call_depth_(o.call_depth_),
      errexit_suppressed_(o.errexit_suppressed_),
      in_subshell_(true),
      last_arg_(o.last_arg_),
      pipestatus_(o.pipestatus_),
      funcname_(o.funcname_),
      call_lines_(o.call_lines_),
      random_state_(o.random_state_ * 1103515245u + 12345u),
      start_time_(o.start_time_),
      signals_(o.signals_),
      base_ignored_(o.base_ignored_),
      inherited_traps_(o.show_inherited_traps_ ? o.inherited_traps_ : o.traps_),
      show_inherited_traps_(o.show_inherited_traps_) {
  traps_.erase("EXIT");
}

ShellState::~ShellState() {
  for (auto& job : jobs_) {
    if (job->thread.joinable()) {
      if (job->budget) job->budget->cancel();
      job->thread.join();
    }
  }
}

// ---------------------------------------------------------------------------
// Variables

std::vector<std::string> Variable::assoc_keys() const {
  auto bucket = [](const std::string& s) {
    uint32_t h = 2166136261u;
    for (unsigned char c : s) {
      h *= 16777619u;
      h ^= c;
    }
    return h & 1023u;
  };
  std::vector<std::pair<uint32_t, size_t>> order;
  order.reserve(assoc_order.size());
  for (size_t i = 0; i < assoc_order.size(); ++i) order.emplace_back(bucket(assoc_order[i]), i);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  std::vector<std::string> keys;
  keys.reserve(order.size());
  for (const auto& [b, i] : order) {
    if (assoc.count(assoc_order[i])) keys.push_back(assoc_order[i]);
  }
  return keys;
}

const Variable* ShellState::find_var(const std::string& name) const {
  for (size_t i = scopes_.size(); i-- > 0;) {
    auto it = scopes_[i]->find(name);
    if (it != scopes_[i]->end()) return &it->second;
  }
  return nullptr;
}

Variable* ShellState::find_var_mut(const std::string& name) {
  for (size_t i = scopes_.size(); i-- > 0;) {
    auto it = scopes_[i]->find(name);
    if (it != scopes_[i]->end()) {
      if (scopes_[i].use_count() > 1) {
        scopes_[i] = std::make_shared<Scope>(*scopes_[i]);
        return &scopes_[i]->find(name)->second;
      }
      return &it->second;
    }
  }
  return nullptr;
}

Variable& ShellState::global_var(const std::string& name) {
  if (scopes_[0].use_count() > 1) scopes_[0] = std::make_shared<Scope>(*scopes_[0]);
  return (*scopes_[0])[name];
}

Variable& ShellState::create_local(const std::string& name) {
  auto& top = scopes_.back();
  if (top.use_count() > 1) top = std::make_shared<Scope>(*top);
  auto it = top->find(name);
  if (it != top->end()) return it->second;
  Variable& v = (*top)[name];
  v.set = false;
  return v;
}

std::string ShellState::resolve_nameref(const std::string& name) const {
  std::string cur = name;
  for (int i = 0; i < 10; ++i) {
    const Variable* v = find_var(cur);
    if (v == nullptr || (v->attrs & kAttrNameref) == 0 || !v->set || v->value.empty()) return cur;
    cur = v->value;
  }
  return cur;
}

bool ShellState::get_var(const std::string& name, std::string& out) {
  if (name.empty()) return false;
  char c = name[0];
  if (std::isdigit(static_cast<unsigned char>(c))) {
    size_t n = std::stoul(name.size() > 9 ? std::string("999999999") : name);
    if (n == 0) {
      out = arg0_;
      return true;
    }
    if (n > positional_.size()) return false;
    out = positional_[n - 1];
    return true;
  }
  if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_') {
    switch (c) {
      case '?':
        out = std::to_string(last_status_);
        return true;
      case '#':
        out = std::to_string(positional_.size());
        return true;
      case '$':
        out = std::to_string(shell_pid_);
        return true;
      case '!':
        if (last_bg_pid_ == 0) return false;
        out = std::to_string(last_bg_pid_);
        return true;
      case '-': {
        out.clear();
        if (opt_.errexit) out += 'e';
        if (opt_.noglob) out += 'f';
        out += 'h';
        if (opt_.noexec) out += 'n';
        if (opt_.nounset) out += 'u';
        if (opt_.verbose) out += 'v';
        if (opt_.xtrace) out += 'x';
        out += 'B';
        if (opt_.noclobber) out += 'C';
        return true;
      }
      case '@':
      case '*': {
        out.clear();
        for (size_t i = 0; i < positional_.size(); ++i) {
          if (i) out += ' ';
          out += positional_[i];
        }
        return true;
      }
      default:
        return false;
    }
  }
  if (c == '_' && name.size() == 1) {
    out = last_arg_;
    return true;
  }
  const Variable* v = find_var(name);
  if (v != nullptr && (v->attrs & kAttrNameref) != 0 && v->set) {
    std::string target = resolve_nameref(name);
    if (target != name) {
      size_t br = target.find('[');
      if (br != std::string::npos && target.back() == ']') {
        const Variable* av = find_var(target.substr(0, br));
        if (av == nullptr) return false;
        std::string idx = target.substr(br + 1, target.size() - br - 2);
        if (av->is_assoc()) {
          auto it = av->assoc.find(idx);
          if (it == av->assoc.end()) return false;
          out = it->second;
          return true;
        }
        auto it = av->indexed.find(arith(idx));
        if (it == av->indexed.end()) return false;
        out = it->second;
        return true;
      }
      v = find_var(target);
    }
  }
  if (v == nullptr) {
    // Dynamic variables.
    if (name == "RANDOM") {
      random_state_ = random_state_ * 1103515245u + 12345u;
      out = std::to_string((random_state_ >> 16) & 0x7fff);
      return true;
    }
    if (name == "LINENO") {
      out = std::to_string(line_);
      return true;
    }
    if (name == "SECONDS") {
      out = std::to_string(now_seconds() - start_time_);
      return true;
    }
    if (name == "BASHPID") {
      out = std::to_string(bash_pid_);
      return true;
    }
    if (name == "EPOCHSECONDS") {
      out = std::to_string(now_seconds());
      return true;
    }
    if (name == "SHELLOPTS") {
      // The `set -o` options that are on, in bash's (alphabetical) order.
      const std::pair<const char*, bool> options[] = {{"allexport", opt_.allexport},
                                                      {"braceexpand", true},
                                                      {"errexit", opt_.errexit},
                                                      {"errtrace", opt_.errtrace},
                                                      {"hashall", true},
                                                      {"interactive-comments", true},
                                                      {"noclobber", opt_.noclobber},
                                                      {"noexec", opt_.noexec},
                                                      {"noglob", opt_.noglob},
                                                      {"nounset", opt_.nounset},
                                                      {"pipefail", opt_.pipefail},
                                                      {"posix", opt_.posix},
                                                      {"verbose", opt_.verbose},
                                                      {"xtrace", opt_.xtrace}};
      out.clear();
      for (const auto& [option, on] : options) {
        if (!on) continue;
        if (!out.empty()) out += ':';
        out += option;
      }
      return true;
    }
    if (name == "EPOCHREALTIME") {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
      char buf[64];
      snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1000000),
               static_cast<long long>(us % 1000000));
      out = buf;
      return true;
    }
    if (name == "FUNCNAME") {
      if (funcname_.empty()) return false;
      out = funcname_.back();
      return true;
    }
    if (name == "PIPESTATUS") {
      out = std::to_string(pipestatus_.empty() ? 0 : pipestatus_[0]);
      return true;
    }
    return false;
  }
  if (!v->set) return false;
  if (v->is_assoc()) {
    auto it = v->assoc.find("0");
    if (it == v->assoc.end()) return false;
    out = it->second;
    return true;
  }
  if (v->is_array()) {
    auto it = v->indexed.find(0);
    if (it == v->indexed.end()) return false;
    out = it->second;
    return true;
  }
  out = v->value;
  return true;
}

std::string ShellState::apply_case_attrs(const Variable& v, std::string value) {
  if (v.attrs & kAttrLower) {
    value = convert_case(value, false, false);
  } else if (v.attrs & kAttrUpper) {
    value = convert_case(value, true, false);
  }
  return value;
}

bool ShellState::set_var(const std::string& raw_name, std::string value, bool append) {
  std::string name = raw_name;
  Variable* v = find_var_mut(name);
  if (v != nullptr && (v->attrs & kAttrNameref) && v->set && !v->value.empty()) {
    name = resolve_nameref(name);
    size_t br = name.find('[');
    if (br != std::string::npos && name.back() == ']') {
      return set_element(name.substr(0, br), name.substr(br + 1, name.size() - br - 2),
                         std::move(value), append);
    }
    v = find_var_mut(name);
  }
  if (name == "RANDOM" && v == nullptr) {
    int64_t seed = 0;
    parse_int(value, seed);
    random_state_ = static_cast<uint32_t>(seed);
    return true;
  }
  if (v == nullptr) v = &global_var(name);
  if (v->attrs & kAttrReadonly) {
    error(name + ": readonly variable");
    return false;
  }
  if (v->attrs & kAttrInteger) {
    int64_t n = arith(value);
    if (append) {
      int64_t cur = 0;
      if (v->set) cur = arith(v->is_array() ? v->indexed[0] : v->value);
      n += cur;
    }
    value = std::to_string(n);
    append = false;
  }
  if (v->attrs & (kAttrLower | kAttrUpper)) value = apply_case_attrs(*v, std::move(value));
  if (opt_.allexport) v->attrs |= kAttrExport;
  if (v->is_assoc()) {
    auto [it, inserted] = v->assoc.try_emplace("0");
    if (inserted) v->assoc_order.push_back("0");
    if (append)
      it->second += value;
    else
      it->second = std::move(value);
  } else if (v->is_array()) {
    if (append)
      v->indexed[0] += value;
    else
      v->indexed[0] = std::move(value);
  } else {
    if (append && v->set)
      v->value += value;
    else
      v->value = std::move(value);
  }
  v->set = true;
  if (name == "PATH") hash_.clear();
  if (name == "POSIXLY_CORRECT" && !opt_.posix) set_posix_mode(*this, true);
  return true;
}

bool ShellState::set_element(const std::string& raw_name, const std::string& key, std::string value,
                             bool append) {
  std::string name = resolve_nameref(raw_name);
  Variable* v = find_var_mut(name);
  if (v == nullptr) {
    v = &global_var(name);
    v->set = false;
  }
  if (v->attrs & kAttrReadonly) {
    error(name + ": readonly variable");
    return false;
  }
  if (v->attrs & (kAttrLower | kAttrUpper)) value = apply_case_attrs(*v, std::move(value));
  if (v->is_assoc()) {
    std::string k = expand_string(Lexer::parse_string(key, Mode::Index, line_));
    if (v->attrs & kAttrInteger) {
      int64_t n = arith(value);
      if (append && v->assoc.count(k)) n += arith(v->assoc[k]);
      value = std::to_string(n);
      append = false;
    }
    auto [it, inserted] = v->assoc.try_emplace(k);
    if (inserted) v->assoc_order.push_back(k);
    if (append)
      it->second += value;
    else
      it->second = std::move(value);
    v->set = true;
    return true;
  }
  if (!v->is_array()) {
    bool had = v->set;
    std::string old = std::move(v->value);
    v->attrs |= kAttrIndexed;
    v->value.clear();
    if (had) v->indexed[0] = std::move(old);
  }
  int64_t i = arith(key);
  if (i < 0) {
    if (v->indexed.empty()) {
      error(name + "[" + key + "]: bad array subscript");
      return false;
    }
    i += v->indexed.rbegin()->first + 1;
    if (i < 0) {
      error(name + "[" + key + "]: bad array subscript");
      return false;
    }
  }
  if (v->attrs & kAttrInteger) {
    int64_t n = arith(value);
    if (append && v->indexed.count(i)) n += arith(v->indexed[i]);
    value = std::to_string(n);
    append = false;
  }
  if (append)
    v->indexed[i] += value;
  else
    v->indexed[i] = std::move(value);
  v->set = true;
  return true;
}

bool ShellState::unset_var(const std::string& raw_name) {
  std::string name = raw_name;
  for (size_t i = scopes_.size(); i-- > 0;) {
    auto it = scopes_[i]->find(name);
    if (it == scopes_[i]->end()) continue;
    if (it->second.attrs & kAttrReadonly) {
      error("unset: " + name + ": cannot unset: readonly variable");
      return false;
    }
    if (scopes_[i].use_count() > 1) scopes_[i] = std::make_shared<Scope>(*scopes_[i]);
    if (i > 0 && i == scopes_.size() - 1 && call_depth_ > 0) {
      // A local unset in its own function stays local but unset.
      Variable& v = (*scopes_[i])[name];
      uint16_t keep = 0;
      v = Variable{};
      v.attrs = keep;
      v.set = false;
      return true;
    }
    scopes_[i]->erase(name);
    if (name == "PATH") hash_.clear();
    if (name == "POSIXLY_CORRECT" && opt_.posix) set_posix_mode(*this, false);
    return true;
  }
  return true;
}

std::vector<std::string> ShellState::var_names() const {
  std::vector<std::string> names;
  for (const auto& scope : scopes_) {
    for (const auto& [name, v] : *scope) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

cmd::Environment ShellState::environment() const {
  cmd::Environment env;
  for (const auto& scope : scopes_) {
    for (const auto& [name, v] : *scope) {
      if ((v.attrs & kAttrExport) && v.set && !v.is_array()) {
        env[name] = v.value;
      } else {
        env.erase(name);
      }
    }
  }
  return env;
}

int64_t ShellState::arith(std::string_view expr) {
  StateArithEnv env(*this);
  try {
    return eval_arith(expr, env);
  } catch (const ArithError& e) {
    error(e.what());
    throw ShellError(1, false);
  }
}

std::optional<int64_t> ShellState::try_arith(std::string_view expr, std::string_view builtin) {
  StateArithEnv env(*this);
  try {
    return eval_arith(expr, env);
  } catch (const ArithError& e) {
    error(std::string(builtin) + ": " + e.what());
    return std::nullopt;
  }
}

// ---------------------------------------------------------------------------
// Output

void ShellState::write_fd(int fd, std::string_view data) {
  StreamPtr s = fds_.get(fd);
  if (s == nullptr) throw std::system_error(EBADF, std::generic_category());
  auto st = write_all(*s, data);
  if (!st) {
    if (st.error() == EPIPE) throw BrokenPipe();
    throw std::system_error(st.error(), std::generic_category());
  }
}

std::string ShellState::error_prefix() const {
  return script_name_ + ": line " + std::to_string(line_) + ": ";
}

void ShellState::error(std::string_view message) {
  std::string text = error_prefix();
  text.append(message);
  text.push_back('\n');
  StreamPtr s = fds_.get(2);
  if (s != nullptr) (void)write_all(*s, text);
}

vfs::Caller ShellState::caller() const {
  vfs::Caller c;
  c.cwd = cwd_;
  c.umask = umask_;
  c.cred = cred_;
  return c;
}

vfs::FsView ShellState::fs_view() const {
  return vfs::FsView(*fs_, caller());
}

}  // namespace kefka::shell

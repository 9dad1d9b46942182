// The Shell facade: a session over ShellState.
#include "shell/shell.h"

#include "shell/parser.h"
#include "shell/posix.h"
#include "shell/state.h"

namespace kefka::shell {

std::shared_ptr<Command> parse_only(std::string_view script) {
  return parse_script(script);
}

Shell::Shell(vfs::VfsPtr fs, ShellConfig config) : state_(std::make_unique<ShellState>(fs)) {
  ShellState& st = *state_;
  for (const auto& [k, v] : config.env) {
    Variable& var = st.global_var(k);
    var.value = v;
    var.set = true;
    var.attrs |= kAttrExport;
  }
  st.cwd_ = config.cwd;
  st.cred_ = config.cred;
  st.hostname_ = config.hostname;
  st.enabled_commands_ = config.enabled_commands;
  auto set_default = [&](const std::string& name, const std::string& value) {
    std::string cur;
    if (!st.get_var(name, cur)) st.set_var(name, value);
  };
  st.set_var("PWD", config.cwd);
  st.global_var("PWD").attrs |= kAttrExport;
  set_default("PS4", "+ ");
  set_default("OPTIND", "1");
  set_default("HOSTNAME", config.hostname);
  set_default("BASH_VERSION", "5.2.15(1)-release");
  set_default("OSTYPE", "linux-gnu");
  set_default("MACHTYPE", "x86_64-pc-linux-gnu");
  set_default("HOSTTYPE", "x86_64");
  set_default("BASH", "/bin/bash");
  set_default("UID", std::to_string(config.cred.uid));
  set_default("EUID", std::to_string(config.cred.uid));
  set_default("PPID", "1");
  set_default("SHLVL", "1");
  set_default("PATH", "/usr/local/bin:/usr/bin:/bin");
  set_default("IFS", " \t\n");
  for (const char* ro : {"UID", "EUID", "PPID"}) st.global_var(ro).attrs |= kAttrReadonly;
  // bash started with POSIXLY_CORRECT in its environment runs in POSIX mode.
  if (config.env.count("POSIXLY_CORRECT")) set_posix_mode(st, true);
  // A real array (not only an expansion-time special) so that arithmetic
  // such as (( BASH_VERSINFO[0] >= 5 )) sees it.
  Variable& versinfo = st.global_var("BASH_VERSINFO");
  const char* versinfo_parts[] = {"5", "2", "15", "1", "release", "x86_64-pc-linux-gnu"};
  for (int64_t i = 0; i < 6; ++i) versinfo.indexed[i] = versinfo_parts[i];
  versinfo.attrs |= kAttrIndexed | kAttrReadonly;
}

Shell::~Shell() {
  if (state_) state_->finish_jobs();
}

int Shell::run(std::string_view script, std::string_view name, const FdTable& io, Budget& budget) {
  ShellState& st = *state_;
  st.fds_ = io;
  st.budget_ = &budget;
  st.script_name_ = std::string(name);
  st.arg0_ = std::string(name);
  st.flow_ = Flow::None;
  st.exit_builtin_ran_ = false;
  int status;
  try {
    status = st.run_script(script);
    if (st.traps_.count("EXIT")) {
      st.flow_ = Flow::None;
      st.run_trap("EXIT");
      st.traps_.erase("EXIT");
      status = st.last_status_;
    }
  } catch (const ExecAbort& e) {
    StreamPtr err = st.fds_.get(2);
    if (err) (void)write_all(*err, std::string(e.what()) + "\n");
    status = e.status();
  } catch (const BrokenPipe&) {
    status = 141;
  } catch (const ShellError& e) {
    status = e.status();
  }
  st.finish_jobs();
  st.flow_ = Flow::None;
  st.loop_depth_ = 0;
  st.errexit_suppressed_ = 0;
  st.last_status_ = status;
  st.fds_ = FdTable{};
  st.budget_ = nullptr;
  return status;
}

bool Shell::exited() const {
  return state_->exit_builtin_ran_;
}

const std::vector<std::string>& Shell::positional() const {
  return state_->positional_;
}

std::shared_ptr<const Variable> Shell::save_variable(const std::string& name) const {
  const Scope& globals = *state_->scopes_[0];
  auto it = globals.find(name);
  if (it == globals.end()) return nullptr;
  return std::make_shared<const Variable>(it->second);
}

void Shell::restore_variable(const std::string& name, std::shared_ptr<const Variable> saved) {
  auto& globals = state_->scopes_[0];
  if (globals.use_count() > 1) globals = std::make_shared<Scope>(*globals);
  if (saved == nullptr) {
    globals->erase(name);
  } else {
    (*globals)[name] = *saved;
  }
  if (name == "PATH") state_->hash_.clear();
}

void Shell::set_positional(std::vector<std::string> args) {
  state_->positional_ = std::move(args);
}

void Shell::set_exported(const std::string& name, const std::string& value) {
  state_->set_var(name, value);
  Variable* v = state_->find_var_mut(name);
  if (v) v->attrs |= kAttrExport;
}

std::string Shell::cwd() const {
  return state_->cwd_;
}

void Shell::set_cwd(const std::string& cwd) {
  state_->cwd_ = cwd;
  state_->set_var("PWD", cwd);
}

std::unique_ptr<Shell> Shell::clone(vfs::VfsPtr fs) const {
  std::unique_ptr<Shell> copy(new Shell());
  copy->state_ = std::make_unique<ShellState>(*state_);
  copy->state_->fs_ = std::move(fs);
  copy->state_->in_subshell_ = false;
  return copy;
}

}  // namespace kefka::shell

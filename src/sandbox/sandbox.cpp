// Sandbox: the composition root of kefka. It wires a Vfs (memory root, /dev,
// host mounts), a shell session and the limits, and runs scripts with one
// Budget per exec().
#include "kefka/sandbox.h"

#include <fcntl.h>

#include <cstring>
#include <mutex>

#include "base/budget.h"
#include "sandbox/exec_io.h"
#include "sandbox/layout.h"
#include "sandbox/session.h"
#include "shell/shell.h"
#include "vfs/memory_backend.h"
#include "vfs/quota.h"
#include "vfs/vfs.h"

namespace kefka {

std::string_view version() {
  return "0.1.0";
}

FileError::FileError(const std::string& path, int errnum)
    : std::runtime_error(path + ": " + std::strerror(errnum)), errnum_(errnum) {}

struct Sandbox::Impl {
  SandboxOptions options;
  vfs::VfsPtr fs;
  std::unique_ptr<shell::Shell> shell;
  std::string initial_cwd;
  int last_status = 0;

  std::mutex running_mu;  // guards `running`, the budget cancel() reaches
  Budget* running = nullptr;

  shell::ShellConfig shell_config() const {
    shell::ShellConfig c;
    c.env = sandbox::default_environment(options, initial_cwd);
    c.cwd = initial_cwd;
    c.cred = {options.uid, options.gid};
    c.user = options.user;
    c.hostname = options.hostname;
    if (options.enabled_commands) {
      c.enabled_commands = sandbox::listed_commands(options);  // never empty: bash, sh
    }
    return c;
  }

  vfs::FsView view() const {
    vfs::Caller caller;
    caller.cwd = shell ? shell->cwd() : initial_cwd;
    caller.cred = {options.uid, options.gid};
    return vfs::FsView(*fs, caller);
  }

  int run(std::string_view script, const ExecOptions& opts, const OutputCallback& on_stdout,
          const OutputCallback& on_stderr);
};

namespace {

// Registers the running budget for cancel(), and unregisters it on scope exit.
class RunningBudget {
 public:
  RunningBudget(Sandbox::Impl& impl, Budget& budget) : impl_(impl) {
    std::lock_guard lock(impl_.running_mu);
    impl_.running = &budget;
  }
  ~RunningBudget() {
    std::lock_guard lock(impl_.running_mu);
    impl_.running = nullptr;
  }

 private:
  Sandbox::Impl& impl_;
};

FileInfo::Type type_of(uint32_t mode) {
  if (S_ISREG(mode)) return FileInfo::Type::File;
  if (S_ISDIR(mode)) return FileInfo::Type::Directory;
  if (S_ISLNK(mode)) return FileInfo::Type::Symlink;
  return FileInfo::Type::Other;
}

FileInfo info_of(std::string name, std::string path, const vfs::Stat& st) {
  FileInfo info;
  info.name = std::move(name);
  info.path = std::move(path);
  info.type = type_of(st.mode);
  info.size = st.size;
  info.mode = st.mode & 07777;
  info.uid = st.uid;
  info.gid = st.gid;
  info.mtime_ns = static_cast<int64_t>(st.mtime.tv_sec) * 1'000'000'000 + st.mtime.tv_nsec;
  return info;
}

std::string join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

std::string base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

void make_parents(const vfs::FsView& fs, const std::string& abs_path) {
  for (size_t slash = abs_path.find('/', 1); slash != std::string::npos;
       slash = abs_path.find('/', slash + 1)) {
    std::string dir = abs_path.substr(0, slash);
    Status s = fs.mkdir(dir, 0777);
    if (!s.ok() && s.error() != EEXIST) throw FileError(dir, s.error());
  }
}

}  // namespace

int Sandbox::Impl::run(std::string_view script, const ExecOptions& opts,
                       const OutputCallback& on_stdout, const OutputCallback& on_stderr) {
  Limits limits = options.limits;
  if (opts.timeout) limits.timeout = *opts.timeout;
  // Shared: a stream the session might still hold after this call keeps
  // them alive (and, the gate being closed, writes nowhere).
  auto budget = std::make_shared<Budget>(limits);
  RunningBudget registered(*this, *budget);

  auto gate = std::make_shared<sandbox::OutputGate>(budget, on_stdout, on_stderr);
  FdTable io;
  io.set(0, std::make_shared<sandbox::InputStream>(opts.stdin_data, opts.stdin_reader, budget,
                                                   opts.stdin_is_terminal, opts.stdin_set_echo));
  io.set(1, std::make_shared<sandbox::OutputStream>(gate, 1, opts.stdout_is_terminal));
  io.set(2, std::make_shared<sandbox::OutputStream>(gate, 2, opts.stderr_is_terminal));

  int status;
  try {
    sandbox::CallScope scope(*shell, *fs, opts, last_status);
    if (!scope.error().empty()) {
      gate->deliver(2, scope.error());
      status = 1;
    } else {
      status = shell->run(script, opts.name.empty() ? "bash" : opts.name, io, *budget);
    }
  } catch (const ExecAbort& abort) {
    // Thrown outside the shell (e.g. by the output limit while printing a
    // setup error); the shell itself never lets one escape.
    std::string message = std::string(abort.what()) + "\n";
    if (on_stderr) on_stderr(message);
    status = abort.status();
  } catch (const std::exception& e) {
    std::string message = std::string("kefka: internal error: ") + e.what() + "\n";
    if (on_stderr) on_stderr(message);
    status = 1;
  }
  gate->close();
  last_status = status;
  return status;
}

Sandbox::Sandbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Sandbox::~Sandbox() = default;

std::unique_ptr<Sandbox> Sandbox::create(const SandboxOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto quota = std::make_shared<vfs::Quota>(options.limits);
  impl->fs = sandbox::make_root_fs(options, quota);
  sandbox::mount_host_folders(*impl->fs, options, quota);

  impl->initial_cwd = sandbox::prepare_cwd(*impl->fs, options);
  impl->shell = std::make_unique<shell::Shell>(impl->fs, impl->shell_config());
  return std::unique_ptr<Sandbox>(new Sandbox(std::move(impl)));
}

ExecResult Sandbox::exec(std::string_view script, const ExecOptions& options) {
  ExecResult r;
  r.exit_status = impl_->run(
      script, options, [&r](std::string_view s) { r.stdout_data.append(s); },
      [&r](std::string_view s) { r.stderr_data.append(s); });
  return r;
}

int Sandbox::exec_stream(std::string_view script, const ExecOptions& options,
                         const OutputCallback& on_stdout, const OutputCallback& on_stderr) {
  return impl_->run(script, options, on_stdout, on_stderr);
}

void Sandbox::cancel() {
  std::lock_guard lock(impl_->running_mu);
  if (impl_->running) impl_->running->cancel();
}

void Sandbox::reset_session() {
  impl_->shell = std::make_unique<shell::Shell>(impl_->fs, impl_->shell_config());
  impl_->last_status = 0;
}

std::unique_ptr<Sandbox> Sandbox::fork() const {
  auto impl = std::make_unique<Impl>();
  impl->options = impl_->options;
  impl->fs = impl_->fs->fork();
  impl->shell = impl_->shell->clone(impl->fs);
  impl->initial_cwd = impl_->initial_cwd;
  impl->last_status = impl_->last_status;
  return std::unique_ptr<Sandbox>(new Sandbox(std::move(impl)));
}

std::string Sandbox::read_file(std::string_view path) const {
  auto fs = impl_->view();
  auto data = fs.read_file(path);
  if (!data.ok()) throw FileError(std::string(path), data.error());
  return std::move(*data);
}

void Sandbox::write_file(std::string_view path, std::string_view data) {
  auto fs = impl_->view();
  std::string abs = fs.absolute(path);
  make_parents(fs, abs);
  Status s = fs.write_file(abs, data);
  if (!s.ok()) throw FileError(std::string(path), s.error());
}

std::vector<FileInfo> Sandbox::list_dir(std::string_view path) const {
  auto fs = impl_->view();
  std::string abs = fs.absolute(path);
  auto entries = fs.readdir(abs);
  if (!entries.ok()) throw FileError(std::string(path), entries.error());
  std::vector<FileInfo> out;
  out.reserve(entries->size());
  for (const auto& e : *entries) {
    std::string child = join(abs, e.name);
    auto st = fs.lstat(child);
    if (!st.ok()) continue;  // removed meanwhile
    out.push_back(info_of(e.name, child, *st));
  }
  return out;
}

FileInfo Sandbox::stat(std::string_view path) const {
  auto fs = impl_->view();
  auto st = fs.stat(path);
  if (!st.ok()) throw FileError(std::string(path), st.error());
  return info_of(base_name(fs.absolute(path)), fs.absolute(path), *st);
}

bool Sandbox::exists(std::string_view path) const {
  return impl_->view().stat(path).ok();
}

void Sandbox::remove(std::string_view path, bool recursive) {
  auto fs = impl_->view();
  std::string abs = fs.absolute(path);
  auto st = fs.lstat(abs);
  if (!st.ok()) throw FileError(std::string(path), st.error());
  if (!st->is_dir()) {
    Status s = fs.unlink(abs);
    if (!s.ok()) throw FileError(std::string(path), s.error());
    return;
  }
  if (recursive) {
    auto entries = fs.readdir(abs);
    if (!entries.ok()) throw FileError(std::string(path), entries.error());
    for (const auto& e : *entries) remove(join(abs, e.name), true);
  }
  Status s = fs.rmdir(abs);
  if (!s.ok()) throw FileError(std::string(path), s.error());
}

void Sandbox::make_dir(std::string_view path, bool parents) {
  auto fs = impl_->view();
  std::string abs = fs.absolute(path);
  if (parents) {
    make_parents(fs, abs + "/");
    auto st = fs.stat(abs);
    if (!st.ok()) throw FileError(std::string(path), st.error());
    if (!st->is_dir()) throw FileError(std::string(path), EEXIST);
    return;
  }
  Status s = fs.mkdir(abs, 0777);
  if (!s.ok()) throw FileError(std::string(path), s.error());
}

std::string Sandbox::cwd() const {
  return impl_->shell->cwd();
}

const SandboxOptions& Sandbox::options() const {
  return impl_->options;
}

bool Sandbox::exited() const {
  return impl_->shell->exited();
}

bool Sandbox::is_complete(std::string_view script) const {
  return sandbox::is_complete_input(script);
}

}  // namespace kefka

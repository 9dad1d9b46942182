// A sandbox-like setup for shell tests: a memory Vfs with /dev mounted,
// /usr/bin holding the command stubs, /tmp and /home/user.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "base/budget.h"
#include "base/stream.h"
#include "commands/registry.h"
#include "shell/shell.h"
#include "vfs/dev_backend.h"
#include "vfs/memory_backend.h"
#include "vfs/vfs.h"

namespace kefka::shell::testing {

struct RunResult {
  std::string out;
  std::string err;
  int status = 0;
};

// Output collected from several threads (background jobs and pipeline stages
// write to the same stdout/stderr).
class LockedSink final : public Stream {
 public:
  Result<size_t> write(std::string_view data) override {
    std::lock_guard lock(mu_);
    data_.append(data);
    return data.size();
  }
  bool writable() const override { return true; }
  std::string data() const {
    std::lock_guard lock(mu_);
    return data_;
  }

 private:
  mutable std::mutex mu_;
  std::string data_;
};

class ShellEnv {
 public:
  explicit ShellEnv(Limits limits = {}) : limits_(limits) {
    auto root = std::make_shared<vfs::MemoryBackend>(nullptr, vfs::Credentials{0, 0}, 0755);
    fs_ = std::make_shared<vfs::Vfs>(root, limits_);
    vfs::Caller r;
    r.cred = {0, 0};
    r.umask = 0;
    for (const char* d : {"/dev", "/usr", "/usr/bin", "/tmp", "/home", "/home/user", "/etc"}) {
      (void)fs_->mkdir(r, d, 0755);
    }
    (void)fs_->chmod(r, "/tmp", 01777);
    (void)fs_->chown(r, "/home/user", 1000, 1000);
    (void)fs_->symlink(r, "usr/bin", "/bin");
    (void)fs_->mount("/dev", std::make_shared<vfs::DevBackend>());
    vfs::FsView root_view(*fs_, r);
    auto stub = [&](std::string_view name) {
      std::string path = "/usr/bin/" + std::string(name);
      (void)root_view.write_file(path, cmd::kCommandStub, 0755);
      (void)root_view.chmod(path, 0755);
    };
    for (const auto* spec : cmd::all_commands()) stub(spec->name);
    stub("bash");
    stub("sh");
    ShellConfig config;
    config.env = {
        {"HOME", "/home/user"}, {"PATH", "/usr/bin:/bin"}, {"USER", "user"}, {"LANG", "C.UTF-8"}};
    config.cwd = "/home/user";
    shell_ = std::make_unique<Shell>(fs_, config);
  }

  RunResult run(std::string_view script, std::string stdin_data = "",
                std::string_view name = "script.sh") {
    Budget budget(limits_);
    return run_with(script, budget, std::move(stdin_data), name);
  }

  RunResult run_with(std::string_view script, Budget& budget, std::string stdin_data = "",
                     std::string_view name = "script.sh") {
    auto out = std::make_shared<LockedSink>();
    auto err = std::make_shared<LockedSink>();
    FdTable io;
    io.set(0, std::make_shared<StringSource>(std::move(stdin_data)));
    io.set(1, out);
    io.set(2, err);
    RunResult r;
    r.status = shell_->run(script, name, io, budget);
    r.out = out->data();
    r.err = err->data();
    return r;
  }

  Shell& shell() { return *shell_; }
  vfs::Vfs& fs() { return *fs_; }

 private:
  Limits limits_;
  vfs::VfsPtr fs_;
  std::unique_ptr<Shell> shell_;
};

}  // namespace kefka::shell::testing

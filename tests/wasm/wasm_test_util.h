// Runs the test programs of tests/wasm_programs through kefka::wasm::run_module
// over an in-memory sandbox filesystem.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "vfs/memory_backend.h"
#include "vfs/vfs.h"
#include "wasm/wasm.h"

namespace kefka::wasm::testing {

struct Outcome {
  int status = -1;
  std::string out, err;
  bool aborted = false;  // run_module threw the Budget's ExecAbort
  int abort_status = 0;
};

class WasmFixture {
 public:
  explicit WasmFixture(Limits limits = {})
      : limits_(limits),
        vfs_(std::make_shared<vfs::Vfs>(
            std::make_shared<vfs::MemoryBackend>(nullptr, vfs::Credentials{}), limits)) {}

  vfs::Vfs& vfs() { return *vfs_; }
  vfs::FsView view(std::string cwd = "/") { return vfs::FsView(*vfs_, vfs::Caller{.cwd = cwd}); }
  Limits& limits() { return limits_; }

  Outcome run(const std::string& module, std::vector<std::string> argv, std::string cwd = "/",
              std::string stdin_data = "", uint64_t max_memory = 0) {
    Budget budget(limits_);
    FdTable fds;
    auto out = std::make_shared<StringSink>();
    auto err = std::make_shared<StringSink>();
    fds.set(0, std::make_shared<StringSource>(std::move(stdin_data)));
    fds.set(1, out);
    fds.set(2, err);
    RunConfig cfg{.budget = budget, .fs = view(cwd), .fds = fds};
    cfg.argv = std::move(argv);
    cfg.env = env;
    cfg.max_memory_bytes = max_memory;
    Outcome o;
    try {
      o.status = run_module(module, cfg);
    } catch (const ExecAbort& e) {
      o.aborted = true;
      o.abort_status = e.status();
    }
    o.out = out->data();
    o.err = err->data();
    return o;
  }

  std::map<std::string, std::string, std::less<>> env;

 private:
  Limits limits_;
  std::shared_ptr<vfs::Vfs> vfs_;
};

// Turns on compiled user modules with a fresh host cache dir for the life of
// the object; the dir is removed and the default cache restored afterwards.
class ScopedUserModuleCache {
 public:
  explicit ScopedUserModuleCache(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(getpid()))) {
    set_user_module_options({.enabled = true, .cache_dir = path_.string()});
  }
  ~ScopedUserModuleCache() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    set_user_module_options({.enabled = true, .cache_dir = ""});
  }
  ScopedUserModuleCache(const ScopedUserModuleCache&) = delete;
  ScopedUserModuleCache& operator=(const ScopedUserModuleCache&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kefka::wasm::testing

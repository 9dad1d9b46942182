// Fuzz target: running any script in a fresh session ends within its budget
// (a short deadline and small limits) with an exit status, never a crash.
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/budget.h"
#include "base/stream.h"
#include "shell/shell.h"
#include "vfs/dev_backend.h"
#include "vfs/memory_backend.h"
#include "vfs/vfs.h"

namespace {

kefka::Limits fuzz_limits() {
  kefka::Limits limits;
  limits.timeout = std::chrono::milliseconds(200);
  limits.max_commands = 2000;
  limits.max_loop_iterations = 2000;
  limits.max_output_bytes = 1 << 20;
  limits.max_call_depth = 50;
  limits.max_string_bytes = 1 << 20;
  limits.max_fs_bytes = 8 << 20;
  limits.max_files = 1000;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kefka;
  const Limits limits = fuzz_limits();
  auto root = std::make_shared<vfs::MemoryBackend>(std::make_shared<vfs::Quota>(limits),
                                                   vfs::Credentials{0, 0}, 0777);
  auto fs = std::make_shared<vfs::Vfs>(root, limits);
  vfs::Caller caller;
  caller.cred = {0, 0};
  (void)fs->mkdir(caller, "/dev");
  (void)fs->mount("/dev", std::make_shared<vfs::DevBackend>());
  shell::ShellConfig config;
  config.cwd = "/";
  config.cred = {0, 0};
  shell::Shell session(fs, config);

  FdTable io;
  io.set(0, std::make_shared<StringSource>("input line\n"));
  io.set(1, std::make_shared<StringSink>());
  io.set(2, std::make_shared<StringSink>());
  Budget budget(limits);
  std::string_view script(reinterpret_cast<const char*>(data), size);
  (void)session.run(script, "bash", io, budget);
  return 0;
}

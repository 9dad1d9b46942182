// The WASI preview1 host: the state behind every `wasi_snapshot_preview1`
// import of a running guest (wasm2c passes it to each import as the
// Z_wasi_snapshot_preview1_instance_t pointer). The imports themselves are the
// extern "C" functions of wasi.cpp. Internal to src/wasm.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/budget.h"
#include "base/stream.h"
#include "vfs/types.h"
#include "vfs/vfs.h"
#include "wasm/guest.h"

namespace kefka::wasm {

// One descriptor of the guest.
struct WasiFd {
  enum class Kind { kStream, kFile, kDirectory };
  Kind kind = Kind::kStream;
  StreamPtr stream;      // stdio and files (an OpenFile for kFile)
  std::string path;      // absolute sandbox path of files and directories
  bool preopen = false;  // fd 3, the sandbox's "/"
  // Opened as /dev/stdin, /dev/fd/N...: a pipe behind it is reported as a
  // character device (WASI has no FIFO type; programs such as sqlite3's
  // `.read` accept only regular files, FIFOs and character devices).
  bool device = false;
  uint16_t fdflags = 0;                // as last set (APPEND, NONBLOCK...)
  std::vector<vfs::DirEntry> listing;  // fd_readdir snapshot, taken at cookie 0
};

// Maps an errno of the sandbox (Linux values) to WASI's numbering.
uint16_t to_wasi_errno(int linux_errno);

}  // namespace kefka::wasm

struct Z_wasi_snapshot_preview1_instance_t {
  Z_wasi_snapshot_preview1_instance_t(kefka::wasm::GuestState& guest_state, kefka::Budget& b,
                                      kefka::vfs::FsView view)
      : guest(guest_state), budget(b), fs(std::move(view)) {}

  kefka::wasm::GuestState& guest;
  kefka::Budget& budget;
  kefka::vfs::FsView fs;
  wasm_rt_memory_t* memory = nullptr;  // the module's exported memory
  std::vector<std::string> args;
  std::vector<std::string> environ;  // NAME=VALUE
  std::map<uint32_t, kefka::wasm::WasiFd> fds;
  // The command's own descriptors as the shell passed them: what /dev/stdin,
  // /dev/stdout, /dev/stderr and /dev/fd/N name inside the guest.
  kefka::FdTable command_fds;
  bool sigpipe_kills = true;
  // Units of wasi-libc's clock()/times() (RunConfig::libc_clock_hz); 0 leaves
  // every MONOTONIC reading wall time.
  uint64_t libc_clock_hz = 0;
};

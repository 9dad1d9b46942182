// Resource limits of a sandbox. Every limit is enforced with a clear message that
// names it; 0 means "no limit" unless stated otherwise.
#pragma once

#include <chrono>
#include <cstdint>

namespace kefka {

struct Limits {
  // Wall-clock time one exec() may take. Zero: no deadline.
  std::chrono::milliseconds timeout{0};
  // Commands (builtins, functions and programs) one exec() may start.
  uint64_t max_commands = 0;
  // Bytes one exec() may write to its stdout and stderr together.
  uint64_t max_output_bytes = 0;
  // Iterations of all loops in one exec().
  uint64_t max_loop_iterations = 0;
  // Depth of shell function calls and nested shells (bash would crash instead).
  uint32_t max_call_depth = 1000;
  // Threads one session may run at once: background jobs, pipeline stages,
  // process substitutions and coprocs (bash would hit the process limit:
  // `fork: Resource temporarily unavailable`). 0: the default of 256.
  uint32_t max_threads = 256;
  // Size of one shell string or variable value, in bytes.
  uint64_t max_string_bytes = 256ull << 20;

  // Filesystem quotas, over the in-memory data of the sandbox (memory backend and
  // overlay upper layers; host folders are bounded by the host).
  uint64_t max_fs_bytes = 1ull << 30;  // ENOSPC past it
  uint64_t max_files = 1'000'000;      // ENOSPC past it
  uint64_t max_file_size = 0;          // EFBIG past it
  uint32_t max_path_length = 4096;     // ENAMETOOLONG past it (PATH_MAX)
  uint32_t max_name_length = 255;      // ENAMETOOLONG past it (NAME_MAX)
  uint32_t max_path_depth = 256;       // ENAMETOOLONG past it

  // Memory of the WebAssembly instances (python3, jq, sqlite3, user modules)
  // running at once in the sandbox, together.
  uint64_t max_wasm_memory_bytes = 1ull << 30;
};

}  // namespace kefka

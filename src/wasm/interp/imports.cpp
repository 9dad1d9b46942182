// The imports an interpreted module may have: the WASI preview1 functions of
// wasi.cpp, called exactly as wasm2c-generated code calls them (the host
// instance pointer first, i32 as uint32_t, i64 as uint64_t).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "wasm/interp/module.h"

using Host = Z_wasi_snapshot_preview1_instance_t;
using u32 = uint32_t;
using u64 = uint64_t;

#define KEFKA_WASI_IMPORTS(X)                                        \
  X(args_get, u32, u32, u32)                                         \
  X(args_sizes_get, u32, u32, u32)                                   \
  X(environ_get, u32, u32, u32)                                      \
  X(environ_sizes_get, u32, u32, u32)                                \
  X(clock_res_get, u32, u32, u32)                                    \
  X(clock_time_get, u32, u32, u64, u32)                              \
  X(fd_advise, u32, u32, u64, u64, u32)                              \
  X(fd_allocate, u32, u32, u64, u64)                                 \
  X(fd_close, u32, u32)                                              \
  X(fd_datasync, u32, u32)                                           \
  X(fd_sync, u32, u32)                                               \
  X(fd_fdstat_get, u32, u32, u32)                                    \
  X(fd_fdstat_set_flags, u32, u32, u32)                              \
  X(fd_fdstat_set_rights, u32, u32, u64, u64)                        \
  X(fd_filestat_get, u32, u32, u32)                                  \
  X(fd_filestat_set_size, u32, u32, u64)                             \
  X(fd_filestat_set_times, u32, u32, u64, u64, u32)                  \
  X(fd_pread, u32, u32, u32, u32, u64, u32)                          \
  X(fd_pwrite, u32, u32, u32, u32, u64, u32)                         \
  X(fd_prestat_get, u32, u32, u32)                                   \
  X(fd_prestat_dir_name, u32, u32, u32, u32)                         \
  X(fd_read, u32, u32, u32, u32, u32)                                \
  X(fd_readdir, u32, u32, u32, u32, u64, u32)                        \
  X(fd_renumber, u32, u32, u32)                                      \
  X(fd_seek, u32, u32, u64, u32, u32)                                \
  X(fd_tell, u32, u32, u32)                                          \
  X(fd_write, u32, u32, u32, u32, u32)                               \
  X(path_create_directory, u32, u32, u32, u32)                       \
  X(path_filestat_get, u32, u32, u32, u32, u32, u32)                 \
  X(path_filestat_set_times, u32, u32, u32, u32, u32, u64, u64, u32) \
  X(path_link, u32, u32, u32, u32, u32, u32, u32, u32)               \
  X(path_open, u32, u32, u32, u32, u32, u32, u64, u64, u32, u32)     \
  X(path_readlink, u32, u32, u32, u32, u32, u32, u32)                \
  X(path_remove_directory, u32, u32, u32, u32)                       \
  X(path_rename, u32, u32, u32, u32, u32, u32, u32)                  \
  X(path_symlink, u32, u32, u32, u32, u32, u32)                      \
  X(path_unlink_file, u32, u32, u32, u32)                            \
  X(poll_oneoff, u32, u32, u32, u32, u32)                            \
  X(proc_exit, void, u32)                                            \
  X(proc_raise, u32, u32)                                            \
  X(random_get, u32, u32, u32)                                       \
  X(sched_yield, u32)                                                \
  X(sock_accept, u32, u32, u32, u32)                                 \
  X(sock_recv, u32, u32, u32, u32, u32, u32, u32)                    \
  X(sock_send, u32, u32, u32, u32, u32, u32)                         \
  X(sock_shutdown, u32, u32, u32)

#define KEFKA_DECLARE_WASI(name, result, ...) \
  extern "C" result Z_wasi_snapshot_preview1Z_##name(Host*, ##__VA_ARGS__);
KEFKA_WASI_IMPORTS(KEFKA_DECLARE_WASI)
#undef KEFKA_DECLARE_WASI

namespace kefka::wasm::interp {
namespace {

template <typename T>
constexpr ValType value_type() {
  return std::is_same_v<T, uint64_t> ? kI64 : kI32;
}

// Adapts one host function to HostFn and describes its wasm type.
template <auto F>
struct Thunk;

template <typename R, typename... A, R (*F)(Host*, A...)>
struct Thunk<F> {
  static void call(Host* host, uint64_t* slots) {
    call_with(host, slots, std::index_sequence_for<A...>{});
  }

  template <size_t... I>
  static void call_with(Host* host, uint64_t* slots, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) {
      F(host, static_cast<A>(slots[I])...);
    } else {
      slots[0] = static_cast<uint64_t>(F(host, static_cast<A>(slots[I])...));
    }
  }

  static FuncType type() {
    FuncType t;
    (t.params.push_back(value_type<A>()), ...);
    if constexpr (!std::is_void_v<R>) t.results.push_back(value_type<R>());
    return t;
  }
};

struct HostImport {
  std::string_view name;
  HostFn fn;
  FuncType (*type)();
};

#define KEFKA_WASI_ENTRY(name, ...)                                  \
  HostImport{#name, &Thunk<&Z_wasi_snapshot_preview1Z_##name>::call, \
             &Thunk<&Z_wasi_snapshot_preview1Z_##name>::type},
const HostImport kWasi[] = {KEFKA_WASI_IMPORTS(KEFKA_WASI_ENTRY)};
#undef KEFKA_WASI_ENTRY

}  // namespace

bool bind_import(Import& import, const FuncType& type, std::string* error) {
  if (import.module == "wasi_snapshot_preview1") {
    for (const HostImport& h : kWasi) {
      if (h.name != import.field) continue;
      if (h.type() != type) {
        *error =
            "cannot link: import " + import.module + "." + import.field + " has the wrong type";
        return false;
      }
      import.fn = h.fn;
      import.exits = h.name == "proc_exit";
      return true;
    }
  }
  *error = "cannot link: unknown import " + import.module + "." + import.field;
  return false;
}

}  // namespace kefka::wasm::interp

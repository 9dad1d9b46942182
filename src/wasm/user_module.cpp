// Running a .wasm file of the sandbox (`./prog.wasm args`): the one place where
// product code runs host processes and writes host files.
//
// The module is read from the sandbox filesystem, hashed (SHA-256), and looked
// up in a cache outside the sandbox ($XDG_CACHE_HOME/kefka/wasm, else
// ~/.cache/kefka/wasm): <hash>.so. On a miss it is translated with the host's
// `wasm2c` and compiled with the host's `cc -shared -O1` (one compile at a
// time, killed when the Budget stops), then renamed into the cache atomically.
// The shared object is dlopen()ed (RTLD_LOCAL, kept loaded) and run by
// run_described() with the same WASI host and limits as built-in modules. Its
// runtime and WASI imports resolve to this executable's, which exports them
// (cmake/wasm_module.cmake: --export-dynamic-symbol).
//
// Nothing of the guest reaches the host: the host sees only the module's
// bytes (as wasm2c input; wasm2c validates them) and compiles C that wasm2c
// generated. Cost: a first run pays wasm2c + cc (0.3 s for a small C program,
// minutes for a very large module); later runs only a dlopen. A host without
// wasm2c or cc (or an embedder that forbids compiling) gets the interpreter
// (src/wasm/interp) instead.
#include <dlfcn.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "wasm/interp/interp.h"
#include "wasm/module.h"
#include "wasm/wasm.h"

extern "C" char** environ;
// Referenced so the objects defining the imports are linked (and exported).
extern "C" void wasm_rt_init(void);
extern "C" void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t*,
                                                    uint32_t);

// Referencing one import of each object makes the linker keep them (and so
// export them) in every executable that can run .wasm files.
[[gnu::used]] static void* const kKeepImportsLinked[] = {
    reinterpret_cast<void*>(&wasm_rt_init),
    reinterpret_cast<void*>(&Z_wasi_snapshot_preview1Z_proc_exit)};

namespace kefka::wasm {
namespace {

constexpr uint64_t kMaxModuleBytes = 256ull << 20;
constexpr auto kCompileTimeout = std::chrono::minutes(10);

std::mutex g_mu;          // options and loaded modules
std::mutex g_compile_mu;  // one compile at a time
UserModuleOptions g_options;
bool g_options_set = false;
std::map<std::string, const ModuleDesc*> g_loaded;  // by hash

// The glue compiled with each module: describes it as a ModuleDesc.
constexpr const char* kGlue = R"(#include <stdlib.h>
#include "module.h"
typedef Z_user_instance_t Instance;
static void* k_allocate(void) { return calloc(1, sizeof(Instance)); }
static void k_instantiate(void* i, struct Z_wasi_snapshot_preview1_instance_t* h) {
  Z_user_instantiate((Instance*)i, h);
}
static void k_start(void* i) { Z_userZ__start((Instance*)i); }
static void k_release(void* i) { Z_user_free((Instance*)i); free(i); }
static wasm_rt_memory_t* k_memory(void* i) { return Z_userZ_memory((Instance*)i); }
struct kefka_module_desc {
  const char* id;
  void (*init_module)(void);
  void* (*allocate)(void);
  void (*instantiate)(void*, struct Z_wasi_snapshot_preview1_instance_t*);
  void (*start)(void*);
  void (*release)(void*);
  wasm_rt_memory_t* (*memory)(void*);
};
__attribute__((visibility("default"))) const struct kefka_module_desc kefka_user_module = {
  "user", Z_user_init_module, k_allocate, k_instantiate, k_start, k_release, k_memory};
)";

std::string default_cache_dir() {
  const char* xdg = getenv("XDG_CACHE_HOME");
  if (xdg && *xdg == '/') return std::string(xdg) + "/kefka/wasm";
  const char* home = getenv("HOME");
  if (home && *home == '/') return std::string(home) + "/.cache/kefka/wasm";
  return "";
}

std::string find_host_program(const std::string& name) {
  const char* path = getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

bool write_host_file(const std::string& path, std::string_view data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(f);
}

std::string read_host_file(const std::string& path, size_t max) {
  std::ifstream f(path, std::ios::binary);
  std::string out(max, '\0');
  f.read(out.data(), static_cast<std::streamsize>(max));
  out.resize(static_cast<size_t>(f.gcount()));
  return out;
}

// Runs a host program with stdout/stderr to `log`; kills it when the Budget
// stops or after kCompileTimeout. Returns its exit status (-1: not started).
int run_host(const std::vector<std::string>& argv, const std::string& log, Budget& budget) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  auto give_up = std::chrono::steady_clock::now() + kCompileTimeout;
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return -1;
    if (budget.stopped() || std::chrono::steady_clock::now() > give_up) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Compiled {
  std::string so_path;
  std::string error;  // empty on success
};

// Translates and compiles the module into the cache (under g_compile_mu).
Compiled compile(const std::string& cache, const std::string& hash, std::string_view bytes,
                 Budget& budget) {
  std::string so = cache + "/" + hash + ".so";
  if (access(so.c_str(), R_OK) == 0) return {so, ""};
  std::string wasm2c = find_host_program("wasm2c");
  std::string cc = find_host_program("cc");
  if (wasm2c.empty() || cc.empty()) {
    return {"",
            "cannot run .wasm files: no wasm2c or cc on the host (install wabt and a C compiler)"};
  }
  std::string cmd_mkdir = cache;
  for (size_t i = 1; i <= cmd_mkdir.size(); ++i) {
    if (i == cmd_mkdir.size() || cmd_mkdir[i] == '/') mkdir(cmd_mkdir.substr(0, i).c_str(), 0700);
  }
  std::string tmp = cache + "/tmp-" + hash + "-" + std::to_string(getpid());
  mkdir(tmp.c_str(), 0700);
  std::string log = tmp + "/log";
  Compiled result{"", ""};
  if (!write_host_file(tmp + "/module.wasm", bytes) || !write_host_file(tmp + "/glue.c", kGlue)) {
    result.error = "cannot write to the wasm cache " + cache;
  } else if (run_host({wasm2c, "-n", "user", tmp + "/module.wasm", "-o", tmp + "/module.c"}, log,
                      budget) != 0) {
    std::string why = read_host_file(log, 400);
    why = why.substr(0, why.find('\n'));
    size_t at = why.find("error: ");  // wasm2c: "<file>:<offset>: error: <what>"
    result.error = "not a valid WebAssembly module" +
                   (at == std::string::npos ? std::string() : ": " + why.substr(at + 7));
  } else if (run_host({cc, "-shared", "-fPIC", "-O1", "-w", "-fno-strict-aliasing",
                       "-fstack-clash-protection", "-o", tmp + "/module.so", tmp + "/module.c",
                       tmp + "/glue.c"},
                      log, budget) != 0) {
    result.error = budget.stopped() ? "compilation stopped"
                                    : "not a WASI command module (no memory or _start export)";
  } else if (rename((tmp + "/module.so").c_str(), so.c_str()) != 0) {
    result.error = "cannot write to the wasm cache " + cache;
  } else {
    result.so_path = so;
  }
  for (const char* f : {"module.wasm", "module.c", "module.h", "glue.c", "module.so", "log"}) {
    unlink((tmp + "/" + f).c_str());
  }
  rmdir(tmp.c_str());
  return result;
}

void report(RunConfig& config, const std::string& message) {
  std::string name = config.argv.empty() ? "wasm" : config.argv[0];
  if (auto err = config.fds.get(2)) (void)write_all(*err, name + ": " + message + "\n");
}

}  // namespace

void set_user_module_options(UserModuleOptions options) {
  std::lock_guard lock(g_mu);
  g_options = std::move(options);
  g_options_set = true;
}

bool is_wasm_binary(std::string_view head) {
  return head.size() >= 4 && head.substr(0, 4) == std::string_view("\0asm", 4);
}

namespace {

const ModuleDesc* loaded(const std::string& hash) {
  std::lock_guard lock(g_mu);
  auto it = g_loaded.find(hash);
  return it == g_loaded.end() ? nullptr : it->second;
}

// The hash of a file seen before with the same filesystem, identity, size,
// mtime and ctime (ctime cannot be set by the sandbox and comes from a clock
// that never repeats), so repeated runs of a large module do not read and
// hash it again.
struct FileKey {
  uintptr_t vfs;
  uint64_t dev, ino, size;
  int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
  auto operator<=>(const FileKey&) const = default;
};
std::map<FileKey, std::string> g_hash_of;  // under g_mu, bounded
constexpr size_t kMaxRememberedHashes = 1024;

std::optional<FileKey> key_of(RunConfig& config, std::string_view path) {
  auto st = config.fs.stat(path);
  if (!st) return std::nullopt;
  return FileKey{reinterpret_cast<uintptr_t>(&config.fs.vfs()),
                 st->dev,
                 st->ino,
                 st->size,
                 static_cast<int64_t>(st->mtime.tv_sec),
                 static_cast<int64_t>(st->mtime.tv_nsec),
                 static_cast<int64_t>(st->ctime.tv_sec),
                 static_cast<int64_t>(st->ctime.tv_nsec)};
}

// The cache directory, or "" when running .wasm files is disabled.
std::string cache_dir() {
  std::lock_guard lock(g_mu);
  if (!g_options_set) {
    g_options.cache_dir = default_cache_dir();
    g_options_set = true;
  }
  return g_options.enabled ? g_options.cache_dir : "";
}

}  // namespace

int run_file(std::string_view path, RunConfig& config) {
  std::string cache = cache_dir();
  if (cache.empty()) {
    report(config, "running .wasm files is disabled in this sandbox");
    return 126;
  }
  auto key = key_of(config, path);
  if (key) {
    std::string hash;
    {
      std::lock_guard lock(g_mu);
      auto it = g_hash_of.find(*key);
      if (it != g_hash_of.end()) hash = it->second;
    }
    if (const ModuleDesc* desc = hash.empty() ? nullptr : loaded(hash)) {
      return run_described(*desc, config);
    }
  }
  auto bytes = config.fs.read_file(path, kMaxModuleBytes);
  if (!bytes) {
    report(config, std::string(path) + ": " + std::strerror(bytes.error()));
    return 126;
  }
  if (!is_wasm_binary(*bytes)) {
    report(config, std::string(path) + ": not a WebAssembly module");
    return 126;
  }
  std::string hash = sha256_hex(*bytes);
  if (key) {
    std::lock_guard lock(g_mu);
    if (g_hash_of.size() >= kMaxRememberedHashes) g_hash_of.clear();
    g_hash_of[*key] = hash;
  }
  const ModuleDesc* desc = loaded(hash);
  // The interpreter (src/wasm/interp) when the embedder asks for it, or when
  // the host cannot compile and the cache holds no compiled copy.
  if (!desc && (interp::always_interpret() ||
                ((find_host_program("wasm2c").empty() || find_host_program("cc").empty()) &&
                 access((cache + "/" + hash + ".so").c_str(), R_OK) != 0))) {
    return interp::run_bytes(*bytes, hash, config);
  }
  if (!desc) {
    // One compile at a time; modules already loaded keep running meanwhile.
    std::lock_guard compiling(g_compile_mu);
    desc = loaded(hash);
    if (!desc) {
      Compiled c = compile(cache, hash, *bytes, config.budget);
      if (!c.error.empty()) {
        config.budget.check();
        report(config, c.error);
        return 126;
      }
      void* handle = dlopen(c.so_path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        report(config, std::string("cannot load the compiled module: ") + dlerror());
        return 126;
      }
      desc = static_cast<const ModuleDesc*>(dlsym(handle, "kefka_user_module"));
      if (!desc) {
        report(config, "cannot load the compiled module: no description");
        return 126;
      }
      std::lock_guard lock(g_mu);
      g_loaded.emplace(hash, desc);
    }
  }
  return run_described(*desc, config);
}

}  // namespace kefka::wasm

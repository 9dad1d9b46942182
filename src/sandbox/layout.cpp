#include "sandbox/layout.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>

#include "commands/registry.h"
#include "vfs/dev_backend.h"
#include "vfs/host_backend.h"
#include "vfs/memory_backend.h"
#if __has_include("vfs/overlay_backend.h")
#include "vfs/overlay_backend.h"
#define KEFKA_HAVE_OVERLAY 1
#endif

namespace kefka::sandbox {
namespace {

[[noreturn]] void fail(const std::string& what, int errnum) {
  throw std::runtime_error(what + ": " + std::strerror(errnum));
}

void check(const Status& s, const std::string& what) {
  if (!s.ok()) fail(what, s.error());
}

// mkdir that accepts an existing directory and gives it the exact mode (`fs`
// has umask 0: the layout is fixed).
void make_dir(const vfs::FsView& fs, const std::string& path, uint32_t mode) {
  Status s = fs.mkdir(path, mode);
  if (s.ok()) return;
  if (s.error() != EEXIST) fail("mkdir " + path, s.error());
  check(fs.chmod(path, mode), "chmod " + path);
}

void make_dirs(const vfs::FsView& fs, const std::string& path, uint32_t mode) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    std::string parent = path.substr(0, slash);
    auto st = fs.stat(parent);
    if (!st.ok()) make_dir(fs, parent, 0755);
  }
  auto st = fs.stat(path);
  if (!st.ok()) make_dir(fs, path, mode);
}

// A new file of exactly `mode` (umask 0; nothing exists yet in the template).
void make_file(const vfs::FsView& fs, const std::string& path, std::string_view content,
               uint32_t mode) {
  check(fs.write_file(path, content, mode), "write " + path);
}

std::string os_release() {
  std::string v(version());
  return "PRETTY_NAME=\"Kefka sandbox " + v +
         "\"\n"
         "NAME=\"Kefka\"\n"
         "VERSION_ID=\"" +
         v + "\"\n" + "VERSION=\"" + v + "\"\n" +
         "ID=kefka\n"
         "ID_LIKE=debian\n";
}

// The part of the options the tree depends on; sandboxes agreeing on it
// share one template.
std::string layout_key(const SandboxOptions& options) {
  std::string key = options.user + '\0' + std::to_string(options.uid) + '\0' +
                    std::to_string(options.gid) + '\0' + options.hostname + '\0';
  if (options.enabled_commands) {
    key += '+';
    for (const std::string& name : *options.enabled_commands) key += name + '\0';
  }
  return key;
}

// Templates built so far, by layout key. Bounded: an embedder cycling through
// many users or hostnames rebuilds instead of growing this without end.
constexpr size_t kMaxTemplates = 16;

}  // namespace

std::string home_of(const SandboxOptions& options) {
  return options.uid == 0 ? "/root" : "/home/" + options.user;
}

std::vector<std::string> listed_commands(const SandboxOptions& options) {
  std::vector<std::string> names;
  for (const cmd::CommandSpec* spec : cmd::all_commands()) {
    if (spec->flags & cmd::kHidden) continue;
    std::string name(spec->name);
    if (name.empty() || name.find('/') != std::string::npos) continue;
    if (options.enabled_commands) {
      const auto& allowed = *options.enabled_commands;
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) continue;
    }
    names.push_back(std::move(name));
  }
  for (const char* shell : {"bash", "sh"}) {
    if (std::find(names.begin(), names.end(), shell) == names.end()) names.emplace_back(shell);
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

constexpr const char* kZoneInfo = "/usr/share/zoneinfo";

// The host's tz database, mounted read-only at the same path so that
// TZ=Area/City works inside (public data, nothing else of the host shows).
// Opened once per process; null when the host has none.
vfs::BackendPtr zoneinfo_backend() {
  static const vfs::BackendPtr backend = []() -> vfs::BackendPtr {
    vfs::HostOptions host;
    host.read_only = true;
    host.uid = 0;
    host.gid = 0;
    auto opened = vfs::HostBackend::create(kZoneInfo, host);
    return opened.ok() ? vfs::BackendPtr(*opened) : nullptr;
  }();
  return backend;
}

void build_layout(vfs::Vfs& fs, const SandboxOptions& options) {
  vfs::Caller root_caller;
  root_caller.cred = {0, 0};
  root_caller.umask = 0;
  vfs::FsView root(fs, root_caller);

  for (const char* dir : {"/usr", "/usr/bin", "/usr/sbin", "/usr/local", "/usr/local/bin",
                          "/usr/lib", "/etc", "/home", "/var", "/dev", "/mnt", "/opt"}) {
    make_dir(root, dir, 0755);
  }
  check(root.symlink("usr/bin", "/bin"), "symlink /bin");
  check(root.symlink("usr/sbin", "/sbin"), "symlink /sbin");
  check(root.symlink("usr/lib", "/lib"), "symlink /lib");
  make_dir(root, "/tmp", 01777);
  make_dir(root, "/var/tmp", 01777);
  make_dir(root, "/root", 0700);

  for (const std::string& name : listed_commands(options)) {
    make_file(root, "/usr/bin/" + name, cmd::kCommandStub, 0755);
  }

  std::string home = home_of(options);
  std::string passwd = "root:x:0:0:root:/root:/bin/bash\n";
  std::string group = "root:x:0:\n";
  if (options.uid != 0) {
    passwd += options.user + ":x:" + std::to_string(options.uid) + ":" +
              std::to_string(options.gid) + ":" + options.user + ":" + home + ":/bin/bash\n";
  }
  if (options.gid != 0) group += options.user + ":x:" + std::to_string(options.gid) + ":\n";
  make_file(root, "/etc/passwd", passwd, 0644);
  make_file(root, "/etc/group", group, 0644);
  make_file(root, "/etc/hostname", options.hostname + "\n", 0644);
  make_file(root, "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t" + options.hostname + "\n",
            0644);
  make_file(root, "/etc/os-release", os_release(), 0644);
  if (zoneinfo_backend() != nullptr) make_dirs(root, kZoneInfo, 0755);

  if (options.uid != 0) {
    make_dirs(root, home, 0755);
    check(root.chown(home, options.uid, options.gid), "chown " + home);
  }
}

std::shared_ptr<vfs::MemoryBackend> layout_template(const SandboxOptions& options) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<vfs::MemoryBackend>> templates;
  std::string key = layout_key(options);
  std::lock_guard lock(mu);
  auto it = templates.find(key);
  if (it != templates.end()) return it->second;
  // An unlimited quota, so its counters say what each fork must be charged.
  auto usage = std::make_shared<vfs::Quota>(0, 0, 0);
  auto root = std::make_shared<vfs::MemoryBackend>(usage, vfs::Credentials{0, 0}, 0755);
  vfs::Vfs fs(root, Limits{});
  build_layout(fs, options);
  if (templates.size() >= kMaxTemplates) templates.clear();
  templates.emplace(std::move(key), root);
  return root;
}

}  // namespace

vfs::VfsPtr make_root_fs(const SandboxOptions& options, const vfs::QuotaPtr& quota) {
  std::shared_ptr<vfs::MemoryBackend> layout = layout_template(options);
  auto root = layout->fork_charging(quota);
  if (!root.ok()) fail("default layout (limits max_fs_bytes/max_files)", root.error());
  auto fs = std::make_shared<vfs::Vfs>(*root, options.limits);
  check(fs->mount("/dev", std::make_shared<vfs::DevBackend>()), "mount /dev");
  if (vfs::BackendPtr zones = zoneinfo_backend()) {
    vfs::MountOptions read_only;
    read_only.read_only = true;
    check(fs->mount(kZoneInfo, zones, read_only), std::string("mount ") + kZoneInfo);
  }
  return fs;
}

void mount_host_folders(vfs::Vfs& fs, const SandboxOptions& options, const vfs::QuotaPtr& quota) {
  vfs::Caller root_caller;
  root_caller.cred = {0, 0};
  vfs::FsView root(fs, root_caller);
  for (const Mount& m : options.mounts) {
    if (m.guest_path.empty() || m.guest_path[0] != '/') {
      throw std::runtime_error("mount " + m.host_path + ": guest path '" + m.guest_path +
                               "' is not absolute");
    }
    vfs::HostOptions host;
    host.read_only = m.mode != Mount::Mode::ReadWrite;
    host.uid = options.uid;
    host.gid = options.gid;
    auto backend = vfs::HostBackend::create(m.host_path, host);
    if (!backend.ok()) fail("mount " + m.host_path, backend.error());

    std::string guest = root.absolute(m.guest_path);
    make_dirs(root, guest, 0755);
    check(root.chown(guest, options.uid, options.gid), "chown " + guest);
    vfs::BackendPtr mounted = *backend;
    if (m.mode == Mount::Mode::Overlay) {
      auto upper = std::make_shared<vfs::MemoryBackend>(
          quota, vfs::Credentials{options.uid, options.gid}, 0755);
#ifdef KEFKA_HAVE_OVERLAY
      mounted = std::make_shared<vfs::OverlayBackend>(upper, mounted);
#else
      throw std::runtime_error("mount " + m.host_path + ": overlay mounts are not available");
#endif
    }
    vfs::MountOptions mo;
    mo.read_only = m.mode == Mount::Mode::ReadOnly;
    check(fs.mount(guest, mounted, mo), "mount " + m.host_path + " at " + guest);
  }
}

std::string prepare_cwd(vfs::Vfs& fs, const SandboxOptions& options) {
  vfs::Caller root_caller;
  root_caller.cred = {0, 0};
  root_caller.cwd = home_of(options);
  root_caller.umask = 0;
  vfs::FsView root(fs, root_caller);
  std::string cwd = root.absolute(options.cwd.empty() ? home_of(options) : options.cwd);
  for (size_t slash = cwd.find('/', 1); slash != std::string::npos || cwd.size() > 1;
       slash = cwd.find('/', slash + 1)) {
    std::string dir = slash == std::string::npos ? cwd : cwd.substr(0, slash);
    if (!root.lstat(dir).ok()) {
      Status s = root.mkdir(dir, 0755);
      if (!s.ok()) throw FileError(dir, s.error());
      (void)root.chown(dir, options.uid, options.gid);
    }
    if (slash == std::string::npos) break;
  }
  auto st = root.stat(cwd);
  if (!st.ok()) throw FileError(cwd, st.error());
  if (!st->is_dir()) throw FileError(cwd, ENOTDIR);
  return cwd;
}

std::map<std::string, std::string> default_environment(const SandboxOptions& options,
                                                       const std::string& cwd) {
  std::string home = home_of(options);
  std::map<std::string, std::string> env = {
      {"HOME", home},
      {"PATH", "/usr/local/bin:/usr/bin:/bin"},
      {"USER", options.user},
      {"LOGNAME", options.user},
      {"SHELL", "/bin/bash"},
      {"PWD", cwd},
      {"TERM", "xterm-256color"},
      {"LANG", "C.UTF-8"},
      {"HOSTNAME", options.hostname},
  };
  for (const auto& [k, v] : options.env) env[k] = v;
  env["PWD"] = cwd;  // always the real starting directory
  return env;
}

}  // namespace kefka::sandbox

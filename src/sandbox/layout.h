// The default contents of a new sandbox: a small Debian-like tree in memory
// and a clean environment (nothing comes from the host).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "kefka/sandbox.h"
#include "vfs/quota.h"
#include "vfs/vfs.h"

namespace kefka::sandbox {

// $HOME of the sandbox user ("/home/user", "/root" for uid 0).
std::string home_of(const SandboxOptions& options);

// The programs listed in /usr/bin: every registered command that is not
// hidden (restricted to options.enabled_commands when set), plus bash and sh.
std::vector<std::string> listed_commands(const SandboxOptions& options);

// The root filesystem of a new sandbox, charged to `quota`: a copy-on-write
// fork of the default tree, with /dev (DevBackend) mounted on it, and the
// host's /usr/share/zoneinfo (read-only, when the host has one) for TZ. The tree
//   /bin -> usr/bin, /sbin -> usr/sbin, /usr/bin/<command> stubs (0755),
//   /usr/local/bin, /home/<user> (owned by the user), /root, /tmp and
//   /var/tmp (1777), /etc/{passwd,group,hostname,hosts,os-release}
// is built once per process for each distinct (commands, user, uid, gid,
// hostname) and then only forked (about a microsecond), so creating a sandbox
// does not write a stub per command. Throws std::runtime_error naming the step
// that failed (e.g. the quota cannot hold the tree).
vfs::VfsPtr make_root_fs(const SandboxOptions& options, const vfs::QuotaPtr& quota);

// Mounts options.mounts (host folders), creating the mount points. Throws
// std::runtime_error("mount HOST: reason") when a host folder cannot be used.
// Overlay upper layers charge `quota` (the one of the root memory backend).
void mount_host_folders(vfs::Vfs& fs, const SandboxOptions& options, const vfs::QuotaPtr& quota);

// The absolute starting directory (options.cwd, default $HOME). Missing
// directories on the way are created and given to the sandbox user, so the
// embedder can pick any path. Throws FileError when it is not a directory.
std::string prepare_cwd(vfs::Vfs& fs, const SandboxOptions& options);

// HOME, PATH, USER, LOGNAME, SHELL, PWD, TERM, LANG, HOSTNAME; then options.env.
std::map<std::string, std::string> default_environment(const SandboxOptions& options,
                                                       const std::string& cwd);

}  // namespace kefka::sandbox

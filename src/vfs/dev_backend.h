// DevBackend: the /dev of a sandbox.
//
// null (reads EOF, swallows writes), zero (reads zeros), full (reads zeros,
// writes fail with ENOSPC), random and urandom (a ChaCha20 stream seeded from
// the host's entropy). There is no tty. stdin, stdout, stderr and fd are
// listed as symlinks to /proc/self/fd/... like on Linux; opening them is
// handled above the Vfs, by the shell, which owns the descriptor table.
// The namespace is fixed: creating, removing or renaming entries fails with
// EPERM (EEXIST for names that exist).
#pragma once

#include "vfs/backend.h"

namespace kefka::vfs {

class DevBackend final : public Backend {
 public:
  DevBackend();

  Result<Stat> lstat(Path path) override;
  Result<std::unique_ptr<FileHandle>> open(Path path, int flags, uint32_t mode,
                                           const Credentials& cred) override;
  Result<std::vector<DirEntry>> readdir(Path path) override;
  Status mkdir(Path path, uint32_t mode, const Credentials& cred) override;
  Status rmdir(Path path) override;
  Status unlink(Path path) override;
  Status rename(Path from, Path to) override;
  Status symlink(std::string_view target, Path path, const Credentials& cred) override;
  Result<std::string> readlink(Path path) override;
  Status link(Path existing, Path new_path) override;
  Status chmod(Path path, uint32_t mode) override;
  Status chown(Path path, uint32_t uid, uint32_t gid) override;
  Status utimens(Path path, timespec atime, timespec mtime) override;
  Status truncate(Path path, uint64_t size) override;
  Result<StatFs> statfs() override;
  // Devices hold no state worth sharing: the fork is a plain copy.
  std::shared_ptr<Backend> fork() override;

 private:
  uint64_t dev_;
  timespec created_;
};

}  // namespace kefka::vfs

// MemoryBackend: the default in-memory filesystem, forkable in O(1).
//
// Layout: an inode table keyed by inode number, split into fixed-size chunks;
// a directory maps names to inode numbers, so two hard links name one inode
// and stay one inode whatever happens later. Every node (table, chunk, inode,
// directory map, file bytes) carries the "edit token" of the backend allowed
// to change it in place. fork() gives the parent and the child fresh tokens
// and shares the whole table: nothing is copied until a side writes, and then
// only the path from the table to the changed node (a chunk, an inode, its
// data) is copied, once per fork. File contents are 64 KiB pages and
// directories are sorted chunks of at most 512 names, each shared the same
// way, so a write after a fork copies one page and a new name one chunk,
// whatever the size of the file or directory. Missing pages read as zeros
// (sparse files).
//
// Thread-safe: one shared_mutex per backend; reads share it.
#pragma once

#include <memory>

#include "vfs/backend.h"
#include "vfs/quota.h"

namespace kefka::vfs {

class MemoryBackend final : public Backend {
 public:
  // `quota` (may be null: unlimited) is charged for file bytes and inodes. The
  // root directory gets `root_mode` and belongs to `root_owner`.
  explicit MemoryBackend(QuotaPtr quota = nullptr, Credentials root_owner = {0, 0},
                         uint32_t root_mode = 0755);
  ~MemoryBackend() override;

  Result<Stat> lstat(Path path) override;
  Result<Stat> lookup(Path dir, const Stat& dir_stat, std::string_view name) override;
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
  std::shared_ptr<Backend> fork() override;
  // A fork whose changes charge `quota` (null: unlimited) instead of a copy of
  // this backend's own. `quota` is first charged with what this backend holds
  // (its own quota's usage); ENOSPC when that does not fit. Lets one prepared
  // tree (the default sandbox layout) seed many independently limited ones.
  Result<std::shared_ptr<MemoryBackend>> fork_charging(QuotaPtr quota);

  const QuotaPtr& quota() const;
  // Number of inodes alive (files, directories, symlinks), for tests.
  uint64_t inode_count() const;

  struct State;  // memory_backend.cpp

 private:
  explicit MemoryBackend(std::shared_ptr<State> state);
  // The shared part of fork() and fork_charging(); state_->mu held.
  std::shared_ptr<State> fork_state(QuotaPtr child_quota);
  std::shared_ptr<State> state_;
};

}  // namespace kefka::vfs

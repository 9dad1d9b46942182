// OverlayBackend: a writable upper Backend (normally memory) over a lower
// Backend that is never written (a read-only host folder, a shared image).
//
// Lookups try the upper layer first, then the lower one. Removing something
// that exists below records a whiteout: the set of paths where (and under
// which) the lower layer is hidden. A directory created where a whiteout is
// is therefore opaque. Changing a lower entry (write, truncate, chmod, chown,
// utimens, link) first copies it up, creating its parent directories in the
// upper layer with the lower attributes. Renaming a directory copies the whole
// merged subtree up, so `mv dir other` works (no EXDEV). Directory listings
// merge both layers, upper first.
//
// As with overlayfs without an index, copy-up splits hard links of the lower
// layer (each name is copied on its own); links made in the overlay are kept.
// Directory link counts come from the layer that holds the directory. A file
// opened read-only from the lower layer keeps reading the lower data after a
// later copy-up (overlayfs behaved so before Linux 4.19).
//
// Inode numbers are made distinct per layer (upper 2n, lower 2n+1) and every
// Stat carries the overlay's own device number. fork() forks the upper layer,
// shares the lower one and copies the whiteouts lazily.
#pragma once

#include <memory>
#include <set>
#include <shared_mutex>
#include <string>

#include "vfs/backend.h"

namespace kefka::vfs {

class OverlayBackend final : public Backend {
 public:
  OverlayBackend(BackendPtr upper, BackendPtr lower);

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

  const BackendPtr& upper() const { return upper_; }
  const BackendPtr& lower() const { return lower_; }
  // Paths where the lower layer is hidden (whiteouts and opaque directories).
  std::set<std::string, std::less<>> hidden_paths() const;

 private:
  using PathSet = std::set<std::string, std::less<>>;
  enum class Layer { kNone, kUpper, kLower };
  struct Found {
    Layer layer = Layer::kNone;
    Stat st;
  };

  // All helpers below expect mu_ held (shared for reads, exclusive for writes).
  bool lower_hidden(std::string_view path) const;
  Result<Found> find(std::string_view path) const;
  Result<Stat> lower_stat(std::string_view path) const;
  Result<std::vector<DirEntry>> merged_entries(std::string_view path) const;
  Stat present(Stat st, Layer layer) const;
  Status copy_up(std::string_view path, uint64_t keep_bytes = UINT64_MAX);
  Status copy_up_parents(std::string_view path);
  Status copy_up_tree(std::string_view path);
  Status copy_node(std::string_view path, const Stat& lower_st, uint64_t keep_bytes);
  void hide(std::string_view path);
  PathSet& mutable_hidden();

  BackendPtr upper_;
  BackendPtr lower_;
  uint64_t dev_;
  mutable std::shared_mutex mu_;
  std::shared_ptr<PathSet> hidden_;
  bool hidden_shared_ = false;  // set by fork(): copy before changing
};

}  // namespace kefka::vfs

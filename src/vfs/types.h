// Plain data of the virtual filesystem: file metadata, directory entries, flags.
// Mode bits and open flags use the POSIX values from <sys/stat.h> and <fcntl.h>
// (S_IFREG, 0644, O_CREAT ...) so they read like ordinary POSIX code.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <ctime>
#include <string>

namespace kefka::vfs {

struct Stat {
  uint64_t dev = 0;  // distinguishes backends/mounts
  uint64_t ino = 0;
  uint32_t mode = 0;  // file type and permission bits (S_IFMT | 07777)
  uint32_t nlink = 1;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t size = 0;
  uint64_t blocks = 0;  // 512-byte blocks, like st_blocks
  uint32_t blksize = 4096;
  uint64_t rdev = 0;
  timespec atime{};
  timespec mtime{};
  timespec ctime{};

  bool is_dir() const { return S_ISDIR(mode); }
  bool is_regular() const { return S_ISREG(mode); }
  bool is_symlink() const { return S_ISLNK(mode); }
};

struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  uint32_t type = 0;  // S_IFREG, S_IFDIR, S_IFLNK ... (the S_IFMT part of mode)
};

struct StatFs {
  uint64_t block_size = 4096;
  uint64_t blocks = 0;
  uint64_t blocks_free = 0;
  uint64_t files = 0;
  uint64_t files_free = 0;
  uint32_t name_max = 255;
};

// Special values for utimens(), as in utimensat(2).
inline timespec time_now() {
  return {0, UTIME_NOW};
}
inline timespec time_omit() {
  return {0, UTIME_OMIT};
}

// Who performs an operation: permission checks and ownership of new files.
struct Credentials {
  uint32_t uid = 1000;
  uint32_t gid = 1000;
  bool is_root() const { return uid == 0; }
};

}  // namespace kefka::vfs

// OpenFile: an open file description over a backend FileHandle, as a Stream.
//
// It keeps the file offset (shared by every dup() of the stream, like a
// POSIX open file description), honours O_APPEND (every write goes to the end
// of file, atomically through FileHandle::append) and the access mode
// (readable()/writable() and EBADF as read(2)/write(2) would give).
#pragma once

#include <memory>
#include <mutex>

#include "base/stream.h"
#include "vfs/backend.h"

namespace kefka::vfs {

class OpenFile final : public Stream {
 public:
  // flags: the open(2) flags (O_ACCMODE part and O_APPEND matter here).
  OpenFile(std::unique_ptr<FileHandle> handle, int flags);

  Result<size_t> read(std::span<char> buf) override;
  Result<size_t> write(std::string_view data) override;
  Result<int64_t> seek(int64_t offset, int whence) override;
  bool readable() const override;
  bool writable() const override;

  // pread/pwrite at an explicit offset, leaving the stream offset alone.
  Result<size_t> pread(std::span<char> buf, uint64_t offset);
  Result<size_t> pwrite(std::string_view data, uint64_t offset);
  Result<Stat> stat();
  Result<void> truncate(uint64_t size);  // ftruncate(2): EINVAL unless writable
  int flags() const { return flags_; }
  // Asks the next write or truncate to clear set-ID bits (Vfs::open sets it
  // for unprivileged callers opening such a file).
  void clear_setid_on_write() { clear_setid_ = true; }
  FileHandle& handle() { return *handle_; }

 private:
  std::unique_ptr<FileHandle> handle_;
  int flags_;
  std::mutex mu_;
  uint64_t offset_ = 0;
  bool clear_setid_ = false;
};

// What open(O_DIRECTORY) (or opening a directory read-only) returns: a stream
// that only names a directory; read() fails with EISDIR like read(2).
class DirectoryStream final : public Stream {
 public:
  explicit DirectoryStream(std::string path) : path_(std::move(path)) {}
  Result<size_t> read(std::span<char>) override { return Errno{EISDIR}; }
  Result<size_t> write(std::string_view) override { return Errno{EBADF}; }
  Result<int64_t> seek(int64_t, int) override { return int64_t{0}; }
  // The absolute path it was opened with (fchdir-like uses).
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace kefka::vfs

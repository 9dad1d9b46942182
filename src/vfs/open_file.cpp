#include "vfs/open_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <limits>

namespace kefka::vfs {

OpenFile::OpenFile(std::unique_ptr<FileHandle> handle, int flags)
    : handle_(std::move(handle)), flags_(flags) {}

bool OpenFile::readable() const {
  int acc = flags_ & O_ACCMODE;
  return acc == O_RDONLY || acc == O_RDWR;
}

bool OpenFile::writable() const {
  int acc = flags_ & O_ACCMODE;
  return acc == O_WRONLY || acc == O_RDWR;
}

Result<size_t> OpenFile::read(std::span<char> buf) {
  if (!readable()) return Errno{EBADF};
  std::lock_guard lock(mu_);
  auto n = handle_->pread(buf, offset_);
  if (n) offset_ += *n;
  return n;
}

Result<size_t> OpenFile::write(std::string_view data) {
  if (!writable()) return Errno{EBADF};
  std::lock_guard lock(mu_);
  if (clear_setid_ && !data.empty()) {
    KEFKA_TRY(handle_->clear_setid());
    clear_setid_ = false;
  }
  if (flags_ & O_APPEND) {
    auto end = handle_->append(data);
    if (!end) return Errno{end.error()};
    offset_ = *end;
    return data.size();
  }
  auto n = handle_->pwrite(data, offset_);
  if (n) offset_ += *n;
  return n;
}

Result<int64_t> OpenFile::seek(int64_t offset, int whence) {
  if (!handle_->seekable()) return Errno{ESPIPE};
  std::lock_guard lock(mu_);
  int64_t base = 0;
  switch (whence) {
    case SEEK_SET:
      break;
    case SEEK_CUR:
      base = static_cast<int64_t>(offset_);
      break;
    case SEEK_END: {
      auto st = handle_->stat();
      if (!st) return Errno{st.error()};
      base = static_cast<int64_t>(st->size);
      break;
    }
    default:
      return Errno{EINVAL};
  }
  if ((offset > 0 && base > std::numeric_limits<int64_t>::max() - offset)) return Errno{EOVERFLOW};
  int64_t pos = base + offset;
  if (pos < 0) return Errno{EINVAL};
  offset_ = static_cast<uint64_t>(pos);
  return pos;
}

Result<size_t> OpenFile::pread(std::span<char> buf, uint64_t offset) {
  if (!readable()) return Errno{EBADF};
  return handle_->pread(buf, offset);
}

Result<size_t> OpenFile::pwrite(std::string_view data, uint64_t offset) {
  if (!writable()) return Errno{EBADF};
  {
    std::lock_guard lock(mu_);
    if (clear_setid_ && !data.empty()) {
      KEFKA_TRY(handle_->clear_setid());
      clear_setid_ = false;
    }
  }
  return handle_->pwrite(data, offset);
}

Result<Stat> OpenFile::stat() {
  return handle_->stat();
}

Result<void> OpenFile::truncate(uint64_t size) {
  if (!writable()) return Errno{EINVAL};
  std::lock_guard lock(mu_);
  if (clear_setid_) {
    KEFKA_TRY(handle_->clear_setid());
    clear_setid_ = false;
  }
  return handle_->truncate(size);
}

}  // namespace kefka::vfs

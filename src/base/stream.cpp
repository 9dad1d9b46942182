#include "base/stream.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "base/budget.h"

namespace kefka {

Result<size_t> Stream::read(std::span<char>) {
  return Errno{EBADF};
}
Result<size_t> Stream::write(std::string_view) {
  return Errno{EBADF};
}
Result<int64_t> Stream::seek(int64_t, int) {
  return Errno{ESPIPE};
}

Result<std::string> read_all(Stream& in, uint64_t max_bytes) {
  std::string out;
  char buf[64 * 1024];
  for (;;) {
    auto n = in.read(buf);
    if (!n) return Errno{n.error()};
    if (*n == 0) return out;
    if (out.size() + *n > max_bytes) return Errno{EFBIG};
    out.append(buf, *n);
  }
}

Status write_all(Stream& out, std::string_view data) {
  while (!data.empty()) {
    auto n = out.write(data);
    if (!n) return Errno{n.error()};
    data.remove_prefix(*n);
  }
  return {};
}

Result<size_t> StringSource::read(std::span<char> buf) {
  size_t n = std::min(buf.size(), data_.size() - pos_);
  std::memcpy(buf.data(), data_.data() + pos_, n);
  pos_ += n;
  return n;
}

Result<size_t> StringSink::write(std::string_view data) {
  data_.append(data);
  return data.size();
}

Result<size_t> CallbackSink::write(std::string_view data) {
  std::lock_guard lock(mu_);
  cb_(data);
  return data.size();
}

// ---------------------------------------------------------------------------
// Pipes

namespace {

// The state shared by both ends of a pipe.
class PipeBuffer {
 public:
  PipeBuffer(Budget* budget, size_t capacity) : budget_(budget), ring_(capacity) {}

  Result<size_t> read(std::span<char> buf) {
    std::unique_lock lock(mu_);
    while (size_ == 0 && writer_open_) wait(lock);
    size_t n = std::min(buf.size(), size_);
    size_t first = std::min(n, ring_.size() - head_);
    std::memcpy(buf.data(), ring_.data() + head_, first);
    std::memcpy(buf.data() + first, ring_.data(), n - first);
    head_ = (head_ + n) % ring_.size();
    size_ -= n;
    changed_.notify_all();
    return n;
  }

  Readiness wait_readable(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    while (size_ == 0 && writer_open_) {
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return Readiness::kTimeout;
      wait_until(lock, deadline);
    }
    return Readiness::kReady;
  }

  Result<size_t> write(std::string_view data) {
    std::unique_lock lock(mu_);
    size_t written = 0;
    while (written < data.size()) {
      while (reader_open_ && size_ == ring_.size()) wait(lock);
      if (!reader_open_) {
        if (written > 0) return written;
        return Errno{EPIPE};
      }
      size_t n = std::min(data.size() - written, ring_.size() - size_);
      size_t tail = (head_ + size_) % ring_.size();
      size_t first = std::min(n, ring_.size() - tail);
      std::memcpy(ring_.data() + tail, data.data() + written, first);
      std::memcpy(ring_.data(), data.data() + written + first, n - first);
      size_ += n;
      written += n;
      changed_.notify_all();
    }
    return written;
  }

  void close_reader() {
    std::lock_guard lock(mu_);
    reader_open_ = false;
    size_ = 0;
    changed_.notify_all();
  }
  void close_writer() {
    std::lock_guard lock(mu_);
    writer_open_ = false;
    changed_.notify_all();
  }

 private:
  // Waits for the other side, waking regularly to notice cancellation.
  void wait(std::unique_lock<std::mutex>& lock) {
    if (budget_ == nullptr) {
      changed_.wait(lock);
      return;
    }
    changed_.wait_for(lock, kBudgetPoll);
    stop_if_budget_stopped(lock);
  }

  // wait() bounded by `deadline`: never sleeps past it.
  void wait_until(std::unique_lock<std::mutex>& lock,
                  std::chrono::steady_clock::time_point deadline) {
    if (budget_ == nullptr) {
      changed_.wait_until(lock, deadline);
      return;
    }
    changed_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + kBudgetPoll));
    stop_if_budget_stopped(lock);
  }

  void stop_if_budget_stopped(std::unique_lock<std::mutex>& lock) {
    if (budget_->stopped()) {
      lock.unlock();
      budget_->check();  // throws
      lock.lock();
    }
  }

  static constexpr std::chrono::milliseconds kBudgetPoll{20};
  Budget* budget_;
  std::vector<char> ring_;  // circular buffer: size_ bytes from head_
  size_t head_ = 0;
  size_t size_ = 0;
  std::mutex mu_;
  std::condition_variable changed_;
  bool reader_open_ = true;
  bool writer_open_ = true;
};

class PipeReader final : public Stream {
 public:
  explicit PipeReader(std::shared_ptr<PipeBuffer> pipe) : pipe_(std::move(pipe)) {}
  ~PipeReader() override { pipe_->close_reader(); }
  Result<size_t> read(std::span<char> buf) override { return pipe_->read(buf); }
  Readiness wait_readable(std::chrono::steady_clock::time_point deadline) override {
    return pipe_->wait_readable(deadline);
  }
  bool readable() const override { return true; }

 private:
  std::shared_ptr<PipeBuffer> pipe_;
};

class PipeWriter final : public Stream {
 public:
  explicit PipeWriter(std::shared_ptr<PipeBuffer> pipe) : pipe_(std::move(pipe)) {}
  ~PipeWriter() override { pipe_->close_writer(); }
  Result<size_t> write(std::string_view data) override { return pipe_->write(data); }
  bool writable() const override { return true; }

 private:
  std::shared_ptr<PipeBuffer> pipe_;
};

}  // namespace

PipeEnds make_pipe(Budget* budget, size_t capacity) {
  auto buffer = std::make_shared<PipeBuffer>(budget, capacity);
  return {std::make_shared<PipeReader>(buffer), std::make_shared<PipeWriter>(buffer)};
}

// ---------------------------------------------------------------------------
// FdTable

StreamPtr FdTable::get(int fd) const {
  auto it = fds_.find(fd);
  return it == fds_.end() ? nullptr : it->second;
}

void FdTable::set(int fd, StreamPtr stream) {
  if (stream == nullptr) {
    fds_.erase(fd);
  } else {
    fds_[fd] = std::move(stream);
  }
}

void FdTable::close(int fd) {
  fds_.erase(fd);
}

int FdTable::lowest_free(int min_fd) const {
  int fd = min_fd;
  for (auto it = fds_.lower_bound(min_fd); it != fds_.end() && it->first == fd; ++it) ++fd;
  return fd;
}

// ---------------------------------------------------------------------------
// BufferedWriter

BufferedWriter::BufferedWriter(StreamPtr out, size_t capacity)
    : out_(std::move(out)), capacity_(capacity) {
  buf_.reserve(std::min<size_t>(capacity_, 4096));
}

BufferedWriter::~BufferedWriter() {
  (void)flush();
}

BufferedWriter& BufferedWriter::write(std::string_view data) {
  if (error_ != 0) return *this;
  if (buf_.size() + data.size() > capacity_) {
    (void)flush();
    if (data.size() >= capacity_ && out_ != nullptr && error_ == 0) {
      auto st = write_all(*out_, data);
      if (!st) error_ = st.error();
      return *this;
    }
  }
  buf_.append(data);
  return *this;
}

BufferedWriter& BufferedWriter::put(char c) {
  if (buf_.size() + 1 > capacity_) (void)flush();
  buf_.push_back(c);
  return *this;
}

Status BufferedWriter::flush() {
  if (error_ == 0 && !buf_.empty()) {
    if (out_ == nullptr) {
      error_ = EBADF;
    } else {
      auto st = write_all(*out_, buf_);
      if (!st) error_ = st.error();
    }
  }
  buf_.clear();
  if (error_ != 0) return Errno{error_};
  return {};
}

// ---------------------------------------------------------------------------
// LineReader

LineReader::LineReader(StreamPtr in, char delimiter) : in_(std::move(in)), delimiter_(delimiter) {}

bool LineReader::fill() {
  if (eof_ || in_ == nullptr) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + 64 * 1024);
  auto n = in_->read(std::span<char>(buf_.data() + old, 64 * 1024));
  if (!n) {
    error_ = n.error();
    buf_.resize(old);
    eof_ = true;
    return false;
  }
  buf_.resize(old + *n);
  if (*n == 0) eof_ = true;
  return *n > 0;
}

bool LineReader::next(std::string& record, bool* had_delimiter) {
  size_t scan_from = pos_;
  for (;;) {
    size_t end = buf_.find(delimiter_, scan_from);
    if (end != std::string::npos) {
      record.assign(buf_, pos_, end - pos_);
      pos_ = end + 1;
      if (had_delimiter != nullptr) *had_delimiter = true;
      return true;
    }
    size_t scanned = buf_.size() - pos_;
    if (!fill()) break;
    scan_from = pos_ + scanned;
  }
  if (pos_ < buf_.size()) {
    record.assign(buf_, pos_, std::string::npos);
    pos_ = buf_.size();
    if (had_delimiter != nullptr) *had_delimiter = false;
    return true;
  }
  return false;
}

Result<size_t> LineReader::read_raw(std::span<char> buf) {
  if (pos_ < buf_.size()) {
    size_t n = std::min(buf.size(), buf_.size() - pos_);
    std::memcpy(buf.data(), buf_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  if (eof_ || in_ == nullptr) return size_t{0};
  return in_->read(buf);
}

}  // namespace kefka

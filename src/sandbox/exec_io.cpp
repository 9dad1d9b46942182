#include "sandbox/exec_io.h"

#include <algorithm>
#include <cstring>

namespace kefka::sandbox {

InputStream::InputStream(std::string data, InputReader reader, std::shared_ptr<Budget> budget,
                         bool terminal, std::function<void(bool)> set_echo)
    : data_(std::move(data)),
      reader_(std::move(reader)),
      budget_(std::move(budget)),
      terminal_(terminal),
      set_echo_(std::move(set_echo)) {}

bool InputStream::fetch_locked() {
  std::string chunk(kChunk, '\0');
  long n = reader_(chunk.data(), chunk.size());
  if (n < 0) return false;  // nothing yet
  chunk.resize(static_cast<size_t>(std::min<long>(n, static_cast<long>(kChunk))));
  data_ = std::move(chunk);
  pos_ = 0;
  eof_ = n == 0;
  return true;
}

Result<size_t> InputStream::read(std::span<char> buf) {
  std::lock_guard lock(mu_);
  if (pos_ == data_.size() && reader_ && !eof_ && !buf.empty()) {
    do {
      budget_->check();  // may throw: the buffer is still consistent
    } while (!fetch_locked());
  }
  size_t n = std::min(buf.size(), data_.size() - pos_);
  std::memcpy(buf.data(), data_.data() + pos_, n);
  pos_ += n;
  return n;
}

Readiness InputStream::wait_readable(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  if (pos_ < data_.size() || !reader_ || eof_) return Readiness::kReady;
  for (;;) {
    budget_->check();
    if (fetch_locked()) return Readiness::kReady;
    if (std::chrono::steady_clock::now() >= deadline) return Readiness::kTimeout;
  }
}

OutputGate::OutputGate(std::shared_ptr<Budget> budget, const OutputCallback& on_stdout,
                       const OutputCallback& on_stderr)
    : budget_(std::move(budget)), on_stdout_(on_stdout), on_stderr_(on_stderr) {}

void OutputGate::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

bool OutputGate::closed() {
  std::lock_guard lock(mu_);
  return closed_;
}

void OutputGate::deliver(int fd, std::string_view data) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  const OutputCallback& cb = fd == 2 ? on_stderr_ : on_stdout_;
  if (exceeded_) {
    if (fd == 2 && after_limit_ < kMessageAllowance) {
      std::string_view part = data.substr(0, kMessageAllowance - after_limit_);
      after_limit_ += part.size();
      if (cb) cb(part);
      return;
    }
    budget_->count_output(data.size());  // throws again: the limit stays exceeded
    return;
  }
  uint64_t limit = budget_->limits().max_output_bytes;
  if (limit != 0 && used_ + data.size() > limit) {
    std::string_view part = data.substr(0, limit - used_);
    if (cb && !part.empty()) cb(part);
    used_ = limit;
    exceeded_ = true;
    budget_->count_output(data.size());  // throws ExecAbort naming max_output_bytes
    return;
  }
  used_ += data.size();
  budget_->count_output(data.size());
  if (cb && !data.empty()) cb(data);
}

Result<size_t> OutputStream::write(std::string_view data) {
  if (gate_->closed()) return Errno{EPIPE};
  gate_->deliver(fd_, data);
  return data.size();
}

}  // namespace kefka::sandbox

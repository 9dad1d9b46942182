// LineSink: lets several concurrent writers share one output stream without
// mixing their lines (xargs -P jobs, awk and the commands it pipes to).
//
// Each writer gets its own LineSink; all sinks of one group share a target and
// a mutex. A sink passes only whole lines to the target (a partial line waits
// for its newline, or is written when the sink is destroyed), so lines from
// different writers never interleave mid-line.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/stream.h"

namespace kefka {

class LineSink final : public Stream {
 public:
  LineSink(StreamPtr target, std::shared_ptr<std::mutex> mutex)
      : target_(std::move(target)), mutex_(std::move(mutex)) {}
  ~LineSink() override { (void)emit(); }

  Result<size_t> write(std::string_view data) override;
  bool writable() const override { return true; }
  bool is_terminal() const override { return target_ != nullptr && target_->is_terminal(); }
  // Writes a pending partial line now.
  Status flush() { return emit(); }
  // Another writer of the same group (same target and mutex).
  std::shared_ptr<LineSink> sibling() const { return std::make_shared<LineSink>(target_, mutex_); }

 private:
  Status emit();

  StreamPtr target_;
  std::shared_ptr<std::mutex> mutex_;
  std::string pending_;
};

}  // namespace kefka

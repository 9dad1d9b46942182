// The standard streams of one exec(): stdin from a string or a lazy reader,
// stdout/stderr to callbacks, with the output limit applied.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/budget.h"
#include "base/stream.h"
#include "kefka/sandbox.h"

namespace kefka::sandbox {

// Standard input: a fixed string or an InputReader (which may answer "not
// yet", then the budget is checked before asking again). Reader input is
// fetched in large chunks and buffered: every reader of the script's stdin
// shares this one stream, so bash's `read` taking a byte at a time costs no
// call to the reader per byte.
class InputStream final : public Stream {
 public:
  InputStream(std::string data, InputReader reader, std::shared_ptr<Budget> budget, bool terminal,
              std::function<void(bool)> set_echo = nullptr);
  Result<size_t> read(std::span<char> buf) override;
  // Ready when input is buffered, at end of input, or once the reader hands
  // over a chunk (kept for the next read); kTimeout when the reader still says
  // "not yet" at `deadline`. A reader waits a little before each "not yet", so
  // `read -t` ends within about that wait after its deadline.
  Readiness wait_readable(std::chrono::steady_clock::time_point deadline) override;
  bool readable() const override { return true; }
  bool is_terminal() const override { return terminal_; }
  void set_echo(bool on) override {
    if (set_echo_) set_echo_(on);
  }

 private:
  static constexpr size_t kChunk = 64 * 1024;
  // Asks the reader once for the next chunk into data_ (buffer empty, mu_
  // held): false when it has nothing yet.
  bool fetch_locked();
  std::mutex mu_;     // pipeline stages may share stdin
  std::string data_;  // the fixed input, or the buffered part of the reader's
  size_t pos_ = 0;
  bool eof_ = false;
  InputReader reader_;
  std::shared_ptr<Budget> budget_;
  bool terminal_;
  std::function<void(bool)> set_echo_;
};

// Counts the bytes of stdout and stderr together against max_output_bytes and
// serializes the callbacks (pipeline stages write from several threads).
class OutputGate {
 public:
  OutputGate(std::shared_ptr<Budget> budget, const OutputCallback& on_stdout,
             const OutputCallback& on_stderr);
  // Delivers data to fd 1 or 2. Past the limit it delivers what still fits and
  // throws ExecAbort naming the limit; afterwards stdout is dropped (and each
  // write throws again, ending any writer), while a little stderr still gets
  // through so the shell can print the limit message.
  void deliver(int fd, std::string_view data);
  // Ends delivery when exec() returns: the callbacks may not outlive it, so
  // a stream somebody still holds then writes nowhere (EPIPE).
  void close();
  bool closed();

 private:
  static constexpr uint64_t kMessageAllowance = 4096;
  std::mutex mu_;
  std::shared_ptr<Budget> budget_;
  bool closed_ = false;
  const OutputCallback& on_stdout_;
  const OutputCallback& on_stderr_;
  uint64_t used_ = 0;
  bool exceeded_ = false;
  uint64_t after_limit_ = 0;
};

class OutputStream final : public Stream {
 public:
  OutputStream(std::shared_ptr<OutputGate> gate, int fd, bool terminal)
      : gate_(std::move(gate)), fd_(fd), terminal_(terminal) {}
  Result<size_t> write(std::string_view data) override;
  bool writable() const override { return true; }
  bool is_terminal() const override { return terminal_; }

 private:
  std::shared_ptr<OutputGate> gate_;
  int fd_;
  bool terminal_;
};

}  // namespace kefka::sandbox

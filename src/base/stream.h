// Byte streams: what a file descriptor refers to inside the sandbox.
//
// Commands never touch host fds; their stdin/stdout/stderr and any other open
// descriptor are Stream objects held by an FdTable. A Stream is shared by
// reference counting like an open file description: dup() copies the pointer,
// and the last reference going away closes it (a pipe's reader then sees EOF, a
// pipe's writer sees EPIPE once no reader is left).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace kefka {

class Budget;

// What Stream::wait_readable() found.
enum class Readiness { kReady, kTimeout };

class Stream {
 public:
  virtual ~Stream() = default;

  // Reads up to buf.size() bytes; 0 means end of input. May block until data
  // arrives (cancellably: a blocked read throws ExecAbort when the budget stops).
  virtual Result<size_t> read(std::span<char> buf);
  // Writes all of data, blocking while a pipe is full; EPIPE when no reader is left.
  virtual Result<size_t> write(std::string_view data);
  // lseek(2); ESPIPE for pipes and terminals.
  virtual Result<int64_t> seek(int64_t offset, int whence);
  // Blocks until read() would not block (data or end of input is there) or
  // `deadline` passes, like poll(2) with a timeout; a deadline already past
  // just asks. Streams that never block on read (files, strings) are always
  // ready. A pipe's wait is cancellable like read(): it throws ExecAbort once
  // the budget stops, so the execution's deadline still ends it.
  virtual Readiness wait_readable(std::chrono::steady_clock::time_point deadline) {
    (void)deadline;
    return Readiness::kReady;
  }

  virtual bool readable() const { return false; }
  virtual bool writable() const { return false; }
  // True for the interactive terminal of the CLI's REPL (isatty, `[ -t 0 ]`).
  virtual bool is_terminal() const { return false; }
  // For a terminal: turns echoing of typed input off or back on (`read -s`).
  // Other streams have nothing to echo and ignore it.
  virtual void set_echo(bool on) { (void)on; }
};

using StreamPtr = std::shared_ptr<Stream>;

// Reads everything until EOF (bounded by max_bytes: EFBIG past it).
Result<std::string> read_all(Stream& in, uint64_t max_bytes = UINT64_MAX);
// Writes all of data (a loop over Stream::write).
Status write_all(Stream& out, std::string_view data);

// Input from a fixed string (exec()'s stdin, here-strings, here-documents).
class StringSource final : public Stream {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> read(std::span<char> buf) override;
  bool readable() const override { return true; }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Output collected into a string (command substitution, exec() results).
class StringSink final : public Stream {
 public:
  Result<size_t> write(std::string_view data) override;
  bool writable() const override { return true; }
  const std::string& data() const { return data_; }
  std::string take() { return std::move(data_); }

 private:
  std::string data_;
};

// Output handed to a callback as it is produced (streaming exec()).
class CallbackSink final : public Stream {
 public:
  using Callback = std::function<void(std::string_view)>;
  explicit CallbackSink(Callback cb) : cb_(std::move(cb)) {}
  Result<size_t> write(std::string_view data) override;
  bool writable() const override { return true; }

 private:
  std::mutex mu_;
  Callback cb_;
};

// /dev/null as a stream: reads EOF, swallows writes.
class NullStream final : public Stream {
 public:
  Result<size_t> read(std::span<char>) override { return size_t{0}; }
  Result<size_t> write(std::string_view data) override { return data.size(); }
  bool readable() const override { return true; }
  bool writable() const override { return true; }
};

// A bounded in-memory pipe joining two concurrent pipeline stages.
// make_pipe() returns the two ends; each end closes when its last reference dies.
struct PipeEnds {
  StreamPtr reader;
  StreamPtr writer;
};
// `budget` (may be null) is checked while a side waits, so a blocked stage
// notices cancellation; capacity is the number of buffered bytes.
PipeEnds make_pipe(Budget* budget, size_t capacity = 64 * 1024);

// The descriptor table of a shell or command: small non-negative ints to streams.
class FdTable {
 public:
  StreamPtr get(int fd) const;  // nullptr when closed
  void set(int fd, StreamPtr stream);
  void close(int fd);
  bool is_open(int fd) const { return get(fd) != nullptr; }
  // The lowest free descriptor >= min_fd (for `{var}>file`, which starts at 10).
  int lowest_free(int min_fd) const;
  const std::map<int, StreamPtr>& entries() const { return fds_; }

 private:
  std::map<int, StreamPtr> fds_;
};

// Buffers small writes (a command printing line by line) into large ones.
// flush() happens when the buffer fills and on destruction; the first write
// error is kept so a command can turn it into its exit status.
class BufferedWriter {
 public:
  explicit BufferedWriter(StreamPtr out, size_t capacity = 64 * 1024);
  ~BufferedWriter();
  BufferedWriter(const BufferedWriter&) = delete;
  BufferedWriter& operator=(const BufferedWriter&) = delete;

  BufferedWriter& write(std::string_view data);
  BufferedWriter& put(char c);
  BufferedWriter& operator<<(std::string_view data) { return write(data); }
  BufferedWriter& operator<<(char c) { return put(c); }
  Status flush();
  // The first error met (EPIPE, ENOSPC...), 0 if none.
  int error() const { return error_; }

 private:
  StreamPtr out_;
  std::string buf_;
  size_t capacity_;
  int error_ = 0;
};

// Reads delimiter-terminated records (lines) from a stream in large chunks.
class LineReader {
 public:
  explicit LineReader(StreamPtr in, char delimiter = '\n');
  // Next record without its delimiter; false at EOF. `had_delimiter` tells
  // whether the record ended with the delimiter (the last line may not).
  bool next(std::string& record, bool* had_delimiter = nullptr);
  // Reads up to n raw bytes (for mixed line/byte readers such as `head -c`).
  Result<size_t> read_raw(std::span<char> buf);
  int error() const { return error_; }

 private:
  bool fill();
  StreamPtr in_;
  char delimiter_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int error_ = 0;
};

}  // namespace kefka

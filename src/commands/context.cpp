// The Context methods declared in commands/command.h.
#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"
#include "vfs/clock.h"

namespace kefka::cmd {
namespace {

// What Context::out()/err() buffer into: the command's real stream, except
// that once the execution is stopped (deadline, cancel) writes are dropped.
// A BufferedWriter flushes from its destructor; without this, flushing into a
// pipe while an ExecAbort unwinds would throw from a destructor.
class StopAwareStream final : public Stream {
 public:
  StopAwareStream(StreamPtr inner, const Budget& budget)
      : inner_(std::move(inner)), budget_(budget) {}
  Result<size_t> write(std::string_view data) override {
    if (budget_.stopped()) return data.size();
    if (inner_ == nullptr) return Errno{EBADF};
    return inner_->write(data);
  }
  bool writable() const override { return inner_ != nullptr && inner_->writable(); }
  bool is_terminal() const override { return inner_ != nullptr && inner_->is_terminal(); }

 private:
  StreamPtr inner_;
  const Budget& budget_;
};

// "/dev/fd/N" -> N; -1 when `path` does not name a descriptor that way.
int dev_fd_number(std::string_view path) {
  if (path == "/dev/stdin") return 0;
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  constexpr std::string_view kPrefix = "/dev/fd/";
  if (!path.starts_with(kPrefix) || path.size() == kPrefix.size() ||
      path.size() > kPrefix.size() + 9) {
    return -1;
  }
  int n = 0;
  for (char c : path.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

Result<StreamPtr> descriptor(const FdTable& fds, int fd) {
  StreamPtr s = fds.get(fd);
  if (s == nullptr) return Errno{EBADF};
  return s;
}

}  // namespace

BufferedWriter& Context::out() {
  if (out_ == nullptr) {
    out_ =
        std::make_unique<BufferedWriter>(std::make_shared<StopAwareStream>(out_stream(), budget));
  }
  return *out_;
}

BufferedWriter& Context::err() {
  if (err_ == nullptr) {
    err_ = std::make_unique<BufferedWriter>(std::make_shared<StopAwareStream>(err_stream(), budget),
                                            4096);
  }
  return *err_;
}

void Context::flush_output() {
  if (out_ != nullptr) (void)out_->flush();
  if (err_ != nullptr) (void)err_->flush();
}

bool Context::output_failed() const {
  return out_ != nullptr && out_->error() != 0;
}

void Context::error(std::string_view message) {
  // stderr is unbuffered in the GNU tools: a diagnostic goes out before any
  // stdout still sitting in the buffer.
  err() << name() << ": " << message << '\n';
  (void)err().flush();
}

void Context::error_errno(std::string_view path, int errnum) {
  // GNU quotes file names only when a shell would need it (quotef).
  std::string msg = quote_name(path);
  msg += ": ";
  msg += std::strerror(errnum);
  error(msg);
}

std::string_view Context::getenv(std::string_view var, std::string_view fallback) const {
  auto it = env.find(var);
  return it == env.end() ? fallback : std::string_view(it->second);
}

Result<StreamPtr> Context::open_input(std::string_view path) {
  if (path == "-") return descriptor(fds, 0);
  if (int fd = dev_fd_number(path); fd >= 0) return descriptor(fds, fd);
  return fs.open(path, O_RDONLY);
}

Result<vfs::Stat> Context::stat_input(std::string_view path) {
  int fd = path == "-" ? 0 : dev_fd_number(path);
  if (fd < 0) return fs.stat(path);
  auto stream = descriptor(fds, fd);
  if (!stream) return Errno{stream.error()};
  vfs::Stat st;
  st.mode = S_IFIFO | 0600;
  st.nlink = 1;
  st.atime = st.mtime = st.ctime = vfs::fs_now();
  return st;
}

Result<StreamPtr> Context::open_output(std::string_view path, bool append) {
  if (int fd = dev_fd_number(path); fd >= 0) return descriptor(fds, fd);
  return fs.open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
}

}  // namespace kefka::cmd

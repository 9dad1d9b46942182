#include "cli/host_io.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <thread>

namespace kefka::cli {

InputReader host_stdin_reader() {
  return [](char* buf, size_t size) -> long {
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int ready = ::poll(&p, 1, 50);
    if (ready == 0 || (ready < 0 && errno == EINTR)) return -1;
    for (;;) {
      ssize_t n = ::read(STDIN_FILENO, buf, size);
      if (n >= 0) return static_cast<long>(n);
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return -1;
      return 0;  // a broken stdin reads as end of input
    }
  };
}

void set_host_terminal_echo(bool on) {
  termios mode{};
  if (::tcgetattr(STDIN_FILENO, &mode) != 0) return;
  if (on) {
    mode.c_lflag |= ECHO;
  } else {
    mode.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  }
  ::tcsetattr(STDIN_FILENO, TCSANOW, &mode);
}

void write_host(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      // Nobody reads our stdout any more. Normally SIGPIPE has already ended
      // the process; when the parent left SIGPIPE ignored, end the same way
      // (status 141) instead of running on unheard.
      if (errno == EPIPE && fd == STDOUT_FILENO) _exit(141);
      return;  // a closed fd: drop the output
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

bool read_host_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void watch_interrupts(std::function<void()> on_interrupt) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, on_interrupt = std::move(on_interrupt)] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) == 0 && sig == SIGINT) on_interrupt();
    }
  }).detach();
}

}  // namespace kefka::cli

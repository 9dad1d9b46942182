// The CLI's contact with the host terminal: its stdin as the script's lazy
// standard input, writes to fds 1 and 2, and Ctrl-C.
#pragma once

#include <functional>
#include <string_view>

#include "kefka/sandbox.h"

namespace kefka::cli {

// Host stdin as an InputReader: waits up to 50 ms for data before answering
// "nothing yet" (-1) so the sandbox can notice cancellation and deadlines.
InputReader host_stdin_reader();

// Turns echoing on the host terminal on stdin off or back on (`read -s`).
void set_host_terminal_echo(bool on);

// Writes all of data to a host fd, retrying on EINTR and short writes.
void write_host(int fd, std::string_view data);

// Reads a whole host file; false (with errno set) on failure.
bool read_host_file(const std::string& path, std::string& out);

// Routes SIGINT (Ctrl-C) to a callback run on a dedicated thread, so it may
// lock mutexes (Sandbox::cancel). Call before any other thread starts: the
// signal is blocked in the calling thread and every thread created later.
void watch_interrupts(std::function<void()> on_interrupt);

}  // namespace kefka::cli

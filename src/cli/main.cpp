// kefka: the command-line front of the sandbox (see `kefka --help`).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "cli/host_io.h"
#include "cli/json_output.h"
#include "cli/options.h"
#include "cli/repl.h"
#include "kefka/sandbox.h"
#include "wasm/interp/interp.h"

extern char** environ;

namespace kefka::cli {
namespace {

constexpr int kUsageStatus = 2;

// What Ctrl-C reaches: the sandbox while a script runs. Guarded by a mutex
// because the interrupt thread outlives run().
std::mutex g_interrupt_mu;
Sandbox* g_running = nullptr;

void set_running(Sandbox* sandbox) {
  std::lock_guard lock(g_interrupt_mu);
  g_running = sandbox;
}

void on_interrupt() {
  std::lock_guard lock(g_interrupt_mu);
  if (g_running) g_running->cancel();
}

int usage_error(const std::string& message) {
  write_host(STDERR_FILENO, "kefka: " + message + "\n");
  return kUsageStatus;
}

int run(const std::vector<std::string>& argv) {
  bool stdin_tty = isatty(STDIN_FILENO) == 1;
  ParseResult parsed = parse_command_line(argv, stdin_tty);
  if (!parsed.options) return usage_error(parsed.error);
  CliOptions& o = *parsed.options;
  switch (o.mode) {
    case CliOptions::Mode::Help:
      write_host(STDOUT_FILENO, help_text());
      return 0;
    case CliOptions::Mode::Version:
      write_host(STDOUT_FILENO, "kefka " + std::string(version()) + "\n");
      return 0;
    default:
      break;
  }
  apply_environment(o, environ);
  if (o.wasm_interpret) wasm::interp::set_always_interpret(true);

  std::string script = o.command;
  if (o.mode == CliOptions::Mode::ScriptFile && !read_host_file(o.script_path, script)) {
    write_host(STDERR_FILENO, "kefka: " + o.script_path + ": " + std::strerror(errno) + "\n");
    return 127;  // like bash for a missing script
  }

  std::unique_ptr<Sandbox> sandbox;
  try {
    sandbox = Sandbox::create(o.sandbox);
  } catch (const std::exception& e) {
    write_host(STDERR_FILENO, std::string("kefka: ") + e.what() + "\n");
    return 1;
  }
  watch_interrupts(on_interrupt);

  if (o.mode == CliOptions::Mode::Repl) {
    int status =
        run_repl(*sandbox, [&](bool running) { set_running(running ? sandbox.get() : nullptr); });
    return status;
  }

  ExecOptions opts;
  opts.name = o.name;
  opts.args = o.args;
  if (o.mode == CliOptions::Mode::ScriptOnStdin) {
    // The script is stdin itself: read it whole; the script's stdin is then empty.
    std::string data;
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      data.append(buf, static_cast<size_t>(n));
    }
    script = std::move(data);
  } else {
    opts.stdin_reader = host_stdin_reader();  // streamed: `seq 3 | kefka -c cat`
    opts.stdin_is_terminal = stdin_tty;
    if (stdin_tty) opts.stdin_set_echo = set_host_terminal_echo;
  }
  opts.stdout_is_terminal = isatty(STDOUT_FILENO) == 1 && !o.json;
  opts.stderr_is_terminal = isatty(STDERR_FILENO) == 1 && !o.json;

  set_running(sandbox.get());
  int status;
  if (o.json) {
    ExecResult r = sandbox->exec(script, opts);
    write_host(STDOUT_FILENO, result_to_json(r));
    status = r.exit_status;
  } else {
    status = sandbox->exec_stream(
        script, opts, [](std::string_view s) { write_host(STDOUT_FILENO, s); },
        [](std::string_view s) { write_host(STDERR_FILENO, s); });
  }
  set_running(nullptr);
  return status;
}

}  // namespace
}  // namespace kefka::cli

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return kefka::cli::run(args) & 0xFF;
}

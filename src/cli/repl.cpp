#include "cli/repl.h"

#include <editline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "cli/host_io.h"

namespace kefka::cli {
namespace {

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\n") == std::string_view::npos;
}

}  // namespace

std::string prompt_for(const Sandbox& sandbox) {
  const SandboxOptions& o = sandbox.options();
  std::string home = "/home/" + o.user;
  if (auto it = o.env.find("HOME"); it != o.env.end()) home = it->second;
  std::string dir = sandbox.cwd();
  if (!home.empty() && home != "/" &&
      (dir == home || (dir.starts_with(home) && dir[home.size()] == '/'))) {
    dir = "~" + dir.substr(home.size());
  }
  return o.user + "@" + o.hostname + ":" + dir + (o.uid == 0 ? "# " : "$ ");
}

int run_repl(Sandbox& sandbox, const std::function<void(bool)>& running) {
  using_history();
  int status = 0;
  std::string pending;  // the lines of an incomplete command
  for (;;) {
    std::string prompt = pending.empty() ? prompt_for(sandbox) : "> ";
    std::unique_ptr<char, decltype(&std::free)> line(readline(prompt.c_str()), &std::free);
    if (!line) {
      if (!pending.empty()) {
        // Like bash: end of input inside a command reports the syntax error.
        pending.clear();
        continue;
      }
      write_host(STDERR_FILENO, "exit\n");
      return status;
    }
    pending += line.get();
    if (!sandbox.is_complete(pending)) {
      pending += '\n';
      continue;
    }
    std::string script = std::move(pending);
    pending.clear();
    if (is_blank(script)) continue;
    add_history(script.c_str());

    ExecOptions opts;
    opts.stdin_reader = host_stdin_reader();
    opts.stdin_is_terminal = true;
    opts.stdin_set_echo = set_host_terminal_echo;
    opts.stdout_is_terminal = isatty(STDOUT_FILENO) == 1;
    opts.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
    running(true);
    status = sandbox.exec_stream(
        script, opts, [](std::string_view s) { write_host(STDOUT_FILENO, s); },
        [](std::string_view s) { write_host(STDERR_FILENO, s); });
    running(false);
    if (sandbox.exited()) return status;
  }
}

}  // namespace kefka::cli

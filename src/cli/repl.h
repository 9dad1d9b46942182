// The interactive shell of `kefka` on a terminal: libedit line editing and
// in-memory history (nothing is written to the host), bash's default prompt
// style `user@sandbox:~$ `, and `> ` while the input is incomplete.
#pragma once

#include <functional>
#include <string>

#include "kefka/sandbox.h"

namespace kefka::cli {

// bash's default PS1 `\u@\h:\w\$ ` for the sandbox's user, host and cwd.
std::string prompt_for(const Sandbox& sandbox);

// Runs the REPL until end of input (Ctrl-D) or `exit`; returns the status of
// the last command. `running(true)` / `running(false)` bracket each command
// (so Ctrl-C cancels only a running command).
int run_repl(Sandbox& sandbox, const std::function<void(bool)>& running);

}  // namespace kefka::cli

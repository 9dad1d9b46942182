// The registry of all commands compiled into kefka, sorted by name.
// Its table is generated at build time from the KEFKA_COMMAND declarations.
#pragma once

#include <span>
#include <string_view>

#include "commands/command.h"

namespace kefka::cmd {

// The content of the files in /usr/bin that stand for built-in commands. When
// the shell executes a file starting with this line, it runs the registered
// command named by the file's basename (after resolving symlinks).
inline constexpr std::string_view kCommandStub = "#!kefka:builtin\n";

// nullptr when no command has that name.
const CommandSpec* find_command(std::string_view name);
// All commands, sorted by name.
std::span<const CommandSpec* const> all_commands();

// Runs a command: parses argv[1..] against its options (handling --help,
// --version and usage errors), calls its main, flushes its output, and maps a
// failed stdout write to the GNU behaviour (EPIPE: status 141 silently; other
// errors: "NAME: write error: ..." and status 1).
int run_command(const CommandSpec& spec, Context& ctx);

}  // namespace kefka::cmd

// sqlite3: the real SQLite 3.40.1 shell from Debian 12's source package,
// compiled to wasm32-wasi and then ahead of time into kefka (module id
// "sqlite3"). Database files live in the sandbox filesystem and persist across
// commands. Built without extension loading, .system/.shell/pipes (the guest
// cannot start programs) and WAL (WASI has no shared memory nor file locks; the
// default VFS is "unix-none"). See wasm_tool.h for what the guest can reach.
#include "commands/wasm/wasm_tool.h"

using namespace kefka::cmd;

KEFKA_COMMAND(sqlite3, {
                           .name = "sqlite3",
                           .usage = "sqlite3 [OPTIONS] FILENAME [SQL]",
                           .summary = "SQLite 3.40.1 command-line shell (WebAssembly compiled "
                                      "into kefka).\n`sqlite3 -help` lists the options.",
                           .main = run_wasm_tool_main<"sqlite3">,
                           .flags = kRawArguments | kOwnHelpVersion,
                       });

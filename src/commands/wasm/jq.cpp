// jq: the real jq 1.6 (with oniguruma 6.9.8 regexes) from Debian 12's source
// packages, compiled to wasm32-wasi and then ahead of time into kefka (module
// id "jq"). jq parses its own options, prints its own --help and exits with its
// own statuses; see wasm_tool.h for what the guest can reach.
#include "commands/wasm/wasm_tool.h"

using namespace kefka::cmd;

KEFKA_COMMAND(jq, {
                      .name = "jq",
                      .usage = "jq [OPTIONS...] FILTER [FILES...]",
                      .summary = "Commandline JSON processor (jq 1.6, WebAssembly compiled into "
                                 "kefka).\n`jq --help` lists the options.",
                      .main = run_wasm_tool_main<"jq">,
                      .flags = kRawArguments | kOwnHelpVersion,
                  });

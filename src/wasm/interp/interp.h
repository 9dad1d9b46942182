// A WebAssembly interpreter: the fallback that runs a sandbox .wasm file when
// the host has no wasm2c or C compiler (src/wasm/user_module.cpp), or when the
// embedder asks for it (set_always_interpret; the CLI's --wasm-interpret).
//
// It accepts core WebAssembly 1.0 plus what clang emits by default: mutable
// globals, sign extension, saturating float-to-int, bulk memory
// (memory.copy/fill/init, data.drop) and multi-value blocks and functions.
// A module is decoded and validated once into a compact form (branch targets
// and stack heights resolved, immediates decoded) and then run by a switch
// loop. It plugs into the same runtime as compiled modules (a ModuleDesc run by
// run_described): the same linear memory (guard pages, per-instance cap), the
// same WASI host functions, traps, exit statuses and Budget interruption.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "wasm/wasm.h"

namespace kefka::wasm::interp {

struct Module;

// Decodes and validates a binary module. On failure returns null and sets
// *error to a one-line reason ("malformed LEB128 at offset 12", "type
// mismatch in function 3 at offset 88", "unknown import env.f"...). Decoding
// is bounded by the size of the input; it allocates at most a small multiple
// of it.
std::shared_ptr<const Module> decode(std::string_view bytes, std::string* error);

// Runs a decoded WASI command module (its `_start`) like run_module: same
// statuses, messages and Budget behaviour (wasm.h).
int run(std::shared_ptr<const Module> module, RunConfig& config);

// Decodes `bytes` (kept decoded in a small cache under `hash`) and runs it.
// A module that does not decode or link reports "<argv0>: <reason>" on fd 2
// and returns 126.
int run_bytes(std::string_view bytes, const std::string& hash, RunConfig& config);

// Process-wide (an embedder option, like set_user_module_options): run every
// sandbox .wasm file with the interpreter even when a compiler is available.
// The CLI turns it on with --wasm-interpret.
void set_always_interpret(bool on);
bool always_interpret();

}  // namespace kefka::wasm::interp

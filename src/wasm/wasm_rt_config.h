// Includes wabt's wasm-rt.h (the API wasm2c 1.0.32 output is written against)
// with the configuration our runtime implements: bounds checks by guard pages
// and a signal handler, stack exhaustion caught on the guest thread's guard.
#pragma once

#ifndef WASM_RT_MEMCHECK_SIGNAL_HANDLER
#define WASM_RT_MEMCHECK_SIGNAL_HANDLER 1
#endif
#ifndef WASM_RT_USE_STACK_DEPTH_COUNT
#define WASM_RT_USE_STACK_DEPTH_COUNT 0
#endif

#include <wasm-rt.h>

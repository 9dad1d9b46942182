// Fuzz target: the WebAssembly interpreter's decoder and validator
// (src/wasm/interp) reject any malformed module with an error, never a crash,
// in time and memory bounded by the input. Input: the module's bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "wasm/interp/interp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  auto module = kefka::wasm::interp::decode(
      std::string_view(reinterpret_cast<const char*>(data), size), &error);
  if (!module && error.empty()) __builtin_trap();  // every rejection says why
  return 0;
}

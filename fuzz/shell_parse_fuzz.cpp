// Fuzz target: the shell parser must accept or reject any input with a
// SyntaxError, never crash, hang or overflow the stack.
#include <cstdint>
#include <string_view>

#include "shell/lexer.h"
#include "shell/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  try {
    (void)kefka::shell::parse_script(source);
  } catch (const kefka::shell::SyntaxError&) {
  }
  return 0;
}

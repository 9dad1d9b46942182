// Fuzz target: the shared option parser handles any argv for any command.
// Input: one byte choosing the command, then NUL-separated arguments.
#include <cstdint>
#include <string>
#include <vector>

#include "commands/options.h"
#include "commands/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kefka::cmd;
  auto commands = all_commands();
  if (size < 1 || commands.empty()) return 0;
  const CommandSpec& spec = *commands[data[0] % commands.size()];
  std::vector<std::string> argv{std::string(spec.name)};
  std::string current;
  for (size_t i = 1; i < size; ++i) {
    if (data[i] == 0) {
      argv.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (!current.empty()) argv.push_back(current);
  ParseResult result = parse_options(spec, argv);
  if (result.kind == ParseResult::Kind::kHelp) (void)format_help(spec, spec.name);
  return 0;
}

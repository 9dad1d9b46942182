#include "commands/registry.h"

#include <algorithm>
#include <array>

// Declarations of every registered command (generated).
#define KEFKA_REGISTER(id) extern const ::kefka::cmd::CommandSpec kefka_command_##id;
#include "commands/command_list.inc"
#undef KEFKA_REGISTER

namespace kefka::cmd {
namespace {

constexpr const CommandSpec* kUnsorted[] = {
#define KEFKA_REGISTER(id) &kefka_command_##id,
#include "commands/command_list.inc"
#undef KEFKA_REGISTER
};

// The ids are sorted by the generator, but a command's name may differ from its
// id ("[" , "sha256sum" in a shared file), so sort by name once.
const std::array<const CommandSpec*, std::size(kUnsorted)>& sorted_commands() {
  static const auto table = [] {
    std::array<const CommandSpec*, std::size(kUnsorted)> t{};
    std::copy(std::begin(kUnsorted), std::end(kUnsorted), t.begin());
    std::sort(t.begin(), t.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return t;
  }();
  return table;
}

}  // namespace

const CommandSpec* find_command(std::string_view name) {
  const auto& table = sorted_commands();
  auto it =
      std::lower_bound(table.begin(), table.end(), name,
                       [](const CommandSpec* spec, std::string_view n) { return spec->name < n; });
  return it != table.end() && (*it)->name == name ? *it : nullptr;
}

std::span<const CommandSpec* const> all_commands() {
  return sorted_commands();
}

}  // namespace kefka::cmd

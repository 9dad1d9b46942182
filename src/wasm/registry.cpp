// The table of wasm modules compiled into this binary, filled by the glue of
// each module during static initialisation (before main, single-threaded).
#include <algorithm>
#include <string>
#include <vector>

#include "wasm/module.h"
#include "wasm/wasm.h"

namespace kefka::wasm {
namespace {

std::vector<const ModuleDesc*>& registry() {
  static std::vector<const ModuleDesc*> modules;
  return modules;
}

}  // namespace

bool register_module(const ModuleDesc* module) {
  registry().push_back(module);
  return true;
}

const ModuleDesc* find_module(std::string_view id) {
  for (const ModuleDesc* m : registry()) {
    if (id == m->id) return m;
  }
  return nullptr;
}

bool has_module(std::string_view id) {
  return find_module(id) != nullptr;
}

std::vector<std::string> module_ids() {
  std::vector<std::string> ids;
  for (const ModuleDesc* m : registry()) ids.emplace_back(m->id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace kefka::wasm

// run_module: placeholder until the runtime lands (contract in wasm/wasm.h).
#include "wasm/module.h"
#include "wasm/wasm.h"

namespace kefka::wasm {

int run_module(std::string_view id, RunConfig& config) {
  auto err = config.fds.get(2);
  std::string name = config.argv.empty() ? std::string(id) : config.argv[0];
  if (err) (void)write_all(*err, name + ": wasm runtime not available yet\n");
  return kStatusNoModule;
}

}  // namespace kefka::wasm

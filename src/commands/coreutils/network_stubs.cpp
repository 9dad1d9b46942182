// Programs that need the network or the host: the sandbox has neither, so each
// prints one clear line and exits 1 at once (never hangs waiting for a network).
#include "commands/command.h"

namespace kefka::cmd {
namespace {

int no_network(Context& ctx, const Args&) {
  ctx.error("network access is not available in this sandbox");
  return kExitFailure;
}

int no_host(Context& ctx, const Args&) {
  ctx.error("host access is not available in this sandbox (no sudo, no package installs)");
  return kExitFailure;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

// clang-format off
KEFKA_COMMAND(curl, {.name = "curl", .usage = "curl [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(wget, {.name = "wget", .usage = "wget [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(ssh, {.name = "ssh", .usage = "ssh [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(scp, {.name = "scp", .usage = "scp [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(pip, {.name = "pip", .usage = "pip [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(pip3, {.name = "pip3", .usage = "pip3 [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(sudo, {.name = "sudo", .usage = "sudo [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no host access.", .main = no_host, .flags = kRawArguments});
KEFKA_COMMAND(apt, {.name = "apt", .usage = "apt [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
KEFKA_COMMAND(apt_get, {.name = "apt-get", .usage = "apt-get [ARGUMENT]...", .summary = "Not available in the kefka sandbox: no network.", .main = no_network, .flags = kRawArguments});
// clang-format on

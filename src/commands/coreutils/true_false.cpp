// true, false: do nothing, successfully or not.
// Like GNU, both accept only a sole --help or --version; any other argument is
// ignored.
#include "commands/command.h"

namespace kefka::cmd {
namespace {

int run_true(Context&, const Args&) {
  return kExitSuccess;
}
int run_false(Context&, const Args&) {
  return kExitFailure;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(true_command, {
                                .name = "true",
                                .usage = "true [ignored command line arguments]\ntrue OPTION",
                                .summary = "Exit with a status code indicating success.",
                                .main = run_true,
                                .flags = kRawArguments,
                            });

KEFKA_COMMAND(false_command, {
                                 .name = "false",
                                 .usage = "false [ignored command line arguments]\nfalse OPTION",
                                 .summary = "Exit with a status code indicating failure.",
                                 .main = run_false,
                                 .flags = kRawArguments,
                             });

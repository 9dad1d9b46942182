// `read -s` (no echo) and `read -t` (timeout) on the CLI's terminal, driven
// through a pseudo-terminal by tests/cli/read_pty.py.
#include <gtest/gtest.h>

#include "../support/host_process.h"

namespace kefka {
namespace {

TEST(CliRead, SilentAndTimeoutOnATerminal) {
  auto r = test::run_host({"python3", std::string(KEFKA_SOURCE_DIR) + "/tests/cli/read_pty.py",
                           std::string(KEFKA_BINARY_DIR) + "/kefka"});
  EXPECT_EQ(r.out, "OK\n") << r.err;
  EXPECT_EQ(r.status, 0);
}

TEST(CliRead, TimeoutOnAPipeThatStaysOpen) {
  // Host stdin is a pipe nobody writes to (until the test ends): read -t
  // must give up on its own.
  auto r =
      test::run_host({"bash", "-c",
                      std::string(KEFKA_BINARY_DIR) +
                          "/kefka -c 'read -t 0.3 x; echo \"rc=$?\"' < <(sleep 2 2>/dev/null)"});
  EXPECT_EQ(r.out, "rc=142\n") << r.err;
}

}  // namespace
}  // namespace kefka

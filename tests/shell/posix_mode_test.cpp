// How a shell enters bash's POSIX mode: invoked as `sh` (sh -c, sh script,
// /bin/sh, a #!/bin/sh script), `bash --posix`, `set -o posix`, or
// POSIXLY_CORRECT in its environment. The expected outputs are those of bash
// 5.2 started the same way (`exec -a sh bash ...`, since /bin/sh is dash here).
// The behaviours themselves are compared with bash in spec/posix.test.sh.
#include <gtest/gtest.h>

#include "shell_test_util.h"

namespace kefka::shell::testing {
namespace {

// Prints "[1]" in POSIX mode (the assignment before `:` persists), "[]" in
// bash mode.
constexpr const char* kProbe = R"(x=1 :; echo "[$x] ${POSIXLY_CORRECT-unset}")";

TEST(PosixMode, ShDashC) {
  ShellEnv env;
  auto r = env.run(std::string("sh -c '") + kProbe + "'");
  EXPECT_EQ(r.out, "[1] y\n");
  r = env.run(std::string("/bin/sh -c '") + kProbe + "'");
  EXPECT_EQ(r.out, "[1] y\n");
}

TEST(PosixMode, BashDashCStaysInBashMode) {
  ShellEnv env;
  EXPECT_EQ(env.run(std::string("bash -c '") + kProbe + "'").out, "[] unset\n");
}

TEST(PosixMode, BashPosixOption) {
  ShellEnv env;
  EXPECT_EQ(env.run(std::string("bash --posix -c '") + kProbe + "'").out, "[1] y\n");
  EXPECT_EQ(env.run(std::string("bash -o posix -c '") + kProbe + "'").out, "[1] y\n");
}

TEST(PosixMode, OptionsGivenAsSeparateWords) {
  // `-o NAME` reaches `set` as two words (it used to print the option list).
  ShellEnv env;
  EXPECT_EQ(env.run("bash -o pipefail -c 'false | true; echo $?'").out, "1\n");
}

TEST(PosixMode, ShScriptAndShebang) {
  ShellEnv env;
  env.run(std::string("printf '%s\\n' '#!/bin/sh' '") + kProbe +
          "' nosuch > /tmp/s; chmod +x /tmp/s");
  auto r = env.run("sh /tmp/s");
  EXPECT_EQ(r.out, "[1] y\n");
  EXPECT_EQ(r.err, "/tmp/s: line 3: nosuch: command not found\n");
  r = env.run("/tmp/s");
  EXPECT_EQ(r.out, "[1] y\n");
  env.run("sed -i 1s/sh/bash/ /tmp/s");
  EXPECT_EQ(env.run("/tmp/s").out, "[] unset\n");
}

TEST(PosixMode, PosixlyCorrectInTheEnvironment) {
  ShellEnv env;
  auto r = env.run(std::string("POSIXLY_CORRECT=1 bash -c '") + kProbe + "'");
  EXPECT_EQ(r.out, "[1] 1\n");
}

TEST(PosixMode, ErrorPrefixNamesSh) {
  ShellEnv env;
  auto r = env.run("sh -c 'nosuch'");
  EXPECT_EQ(r.err, "sh: line 1: nosuch: command not found\n");
  EXPECT_EQ(r.status, 127);
  r = env.run("sh -c 'nosuch' myname");
  EXPECT_EQ(r.err, "myname: line 1: nosuch: command not found\n");
}

TEST(PosixMode, SpecialBuiltinErrorEndsOnlyTheChildShell) {
  ShellEnv env;
  auto r = env.run("sh -c ': > /no/such/file; echo in'; echo \"after $?\"");
  EXPECT_EQ(r.out, "after 1\n");
  EXPECT_EQ(r.err, "sh: line 1: /no/such/file: No such file or directory\n");
}

TEST(PosixMode, SessionSetOption) {
  ShellEnv env;
  env.run("set -o posix");
  EXPECT_EQ(env.run(kProbe).out, "[1] y\n");
  env.run("set +o posix; unset x");
  EXPECT_EQ(env.run(kProbe).out, "[] unset\n");
}

}  // namespace
}  // namespace kefka::shell::testing

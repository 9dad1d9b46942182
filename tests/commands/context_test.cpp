// Context helpers shared by every command.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class ContextTest : public CommandFixture {};

// diff <(a) <(b) stats its operands before reading them: /dev/fd/N must be
// found among the command's descriptors, not in the filesystem.
TEST_F(ContextTest, StatInputSeesDescriptors) {
  write_file("f", "data\n");
  FdTable fds;
  fds.set(0, std::make_shared<StringSource>("in"));
  fds.set(3, std::make_shared<StringSource>("three"));
  cmd::Context ctx{.argv = {"x"}, .env = env, .fs = fs(), .fds = fds, .budget = budget()};
  for (const char* path : {"/dev/fd/3", "/dev/stdin", "-", "/dev/fd/0"}) {
    auto st = ctx.stat_input(path);
    ASSERT_TRUE(st.ok()) << path;
    EXPECT_TRUE(S_ISFIFO(st->mode)) << path;
    EXPECT_GT(st->mtime.tv_sec, 0) << path;
  }
  EXPECT_EQ(ctx.stat_input("/dev/fd/7").error(), EBADF);
  auto file = ctx.stat_input("f");
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(file->is_regular());
  EXPECT_EQ(file->size, 5u);
  EXPECT_EQ(ctx.stat_input("missing").error(), ENOENT);
}

}  // namespace
}  // namespace kefka::test

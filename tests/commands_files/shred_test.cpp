// shred against GNU shred: messages, statuses, sizes; the data is random on
// both sides, so only zero passes are compared byte for byte.
#include "files_fixture.h"

namespace kefka::test {
namespace {

class ShredTest : public FilesFixture {
 protected:
  void SetUp() override { make_tree({make_file("f", "hello\n"), make_file("g", "hi\n")}); }
};

TEST_F(ShredTest, Verbose) {
  diff({.argv = {"shred", "-v", "-x", "-n", "0", "-z", "f"}, .compare_tree = true});
}
TEST_F(ShredTest, RoundsToBlock) {
  ASSERT_EQ(run({"shred", "-n", "1", "f"}).status, 0);
  EXPECT_EQ(fs().stat("f")->size, 4096u);
  EXPECT_NE(read_file("f").substr(0, 6), "hello\n");
}
TEST_F(ShredTest, RemoveVerbose) {
  diff({.argv = {"shred", "-vzu", "-n", "1", "g"}, .compare_tree = true});
}
TEST_F(ShredTest, Errors) {
  diff({.argv = {"shred", "nope"}});
  diff({.argv = {"shred"}});
  diff({.argv = {"shred", "-n", "x", "f"}});
}

}  // namespace
}  // namespace kefka::test

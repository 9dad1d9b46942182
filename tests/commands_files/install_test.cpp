// install against GNU install.
#include "files_fixture.h"

namespace kefka::test {
namespace {

class InstallTest : public FilesFixture {
 protected:
  void SetUp() override { make_tree({make_file("f", "hi\n", 0600), make_dir("dir")}); }
};

TEST_F(InstallTest, CopiesWithMode) {
  tree_diff({"install", "-v", "f", "g"});
  tree_diff({"install", "-m", "644", "-v", "f", "h"});
  tree_diff({"install", "-m", "u=rw,go=r", "f", "dir"});
  tree_diff({"install", "-t", "dir", "-v", "f", "g"});
}
TEST_F(InstallTest, Directories) {
  tree_diff({"install", "-d", "-v", "a/b", "c"});
  tree_diff({"install", "-Dv", "f", "x/y/z"});
  tree_diff({"install", "-d", "-m", "700", "m"});
}
TEST_F(InstallTest, Errors) {
  tree_diff({"install"});
  tree_diff({"install", "f"});
  tree_diff({"install", "nope", "x"});
  tree_diff({"install", "f", "nope/x"});
  tree_diff({"install", "dir", "x"});
  tree_diff({"install", "-m", "bogus", "f", "x"});
}

}  // namespace
}  // namespace kefka::test

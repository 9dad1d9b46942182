// Differential tests of the smaller file commands: unlink, link, sync,
// truncate, dd, df (layout only).
#include "files_fixture.h"

namespace kefka::test {
namespace {

class MiscTest : public FilesFixture {
 protected:
  void SetUp() override {
    std::string data;
    for (int i = 0; i < 2000; ++i) data += static_cast<char>('a' + i % 26);
    make_tree({
        make_file("f", "hello\n"),
        make_file("data", data),
        make_dir("d"),
    });
  }
};

TEST_F(MiscTest, Unlink) {
  tree_diff({"unlink"});
  tree_diff({"unlink", "f", "g"});
  tree_diff({"unlink", "nope"});
  tree_diff({"unlink", "d"});
  tree_diff({"unlink", "f"});
}
TEST_F(MiscTest, Link) {
  tree_diff({"link"});
  tree_diff({"link", "f"});
  tree_diff({"link", "f", "h"});
  tree_diff({"link", "f", "h"});
  tree_diff({"link", "nope", "x"});
  tree_diff({"link", "a", "b", "c"});
}
TEST_F(MiscTest, Sync) {
  tree_diff({"sync"});
  tree_diff({"sync", "nope"});
  tree_diff({"sync", "-d", "-f"});
}
TEST_F(MiscTest, Truncate) {
  tree_diff({"truncate", "-s", "10", "f", "new"});
  tree_diff({"truncate", "-s", "+5", "f"});
  tree_diff({"truncate", "-s", "-3", "f"});
  tree_diff({"truncate", "-s", "<4", "f"});
  tree_diff({"truncate", "-s", ">20", "f"});
  tree_diff({"truncate", "-s", "%8", "f"});
  tree_diff({"truncate", "-s", "/7", "f"});
  tree_diff({"truncate", "-s", "1K", "g"});
  tree_diff({"truncate", "-c", "-s", "5", "nocreate"});
  tree_diff({"truncate", "-r", "data", "f"});
  tree_diff({"truncate", "-r", "f", "-s", "+2", "data"});
}
TEST_F(MiscTest, TruncateErrors) {
  tree_diff({"truncate", "f"});
  tree_diff({"truncate", "-s", "bad", "f"});
  tree_diff({"truncate", "-s", "5", "d"});
  tree_diff({"truncate", "-s", "5", "nope/x"});
  tree_diff({"truncate", "-s", "5"});
}
TEST_F(MiscTest, DdCopies) {
  dd_diff({"dd", "if=data", "of=out"});
  dd_diff({"dd", "if=data", "of=out2", "bs=100", "count=3"});
  dd_diff({"dd", "if=data", "of=out3", "bs=1K", "skip=1"});
  dd_diff({"dd", "if=data", "of=out4", "ibs=300", "obs=700"});
  dd_diff({"dd", "if=data", "bs=10", "count=2", "skip=3", "status=noxfer"});
  dd_diff({"dd", "bs=4", "count=2"}, "abcdefghijkl");
  dd_diff({"dd", "conv=ucase", "status=none"}, "Mixed Case\n");
  dd_diff({"dd", "conv=lcase,swab"}, "Mixed Case\n");
  dd_diff({"dd", "bs=8", "conv=sync"}, "abc");
  dd_diff({"dd", "if=data", "iflag=count_bytes,skip_bytes", "skip=5", "count=7"});
}
TEST_F(MiscTest, DdSeekNotrunc) {
  dd_diff({"dd", "if=f", "of=data", "bs=1", "seek=10", "conv=notrunc"});
  dd_diff({"dd", "if=f", "of=data", "bs=1", "seek=4"});
}
TEST_F(MiscTest, DdErrors) {
  dd_diff({"dd", "if=nope"});
  dd_diff({"dd", "bogus=1"});
  dd_diff({"dd", "bs=x"});
  dd_diff({"dd", "conv=bogus"});
  dd_diff({"dd", "noequals"});
}
TEST_F(MiscTest, DfLayout) {
  auto r = run({"df"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.starts_with("Filesystem     1K-blocks Used Available Use% Mounted on\n") ||
              r.out.starts_with("Filesystem     1K-blocks  Used Available Use% Mounted on\n") ||
              r.out.find("1K-blocks") != std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("sandbox"), std::string::npos);
  r = run({"df", "-h", "."});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.starts_with("Filesystem      Size  Used Avail Use% Mounted on\n")) << r.out;
  EXPECT_TRUE(r.out.ends_with(" /\n")) << r.out;
  r = run({"df", "nope"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "df: 'nope': No such file or directory\n");
}

}  // namespace
}  // namespace kefka::test

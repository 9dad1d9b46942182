// tree is not installed on the reference machine; these tests pin tree 2.x's
// output format (ASCII in the C locale, line drawing under UTF-8).
#include "files_fixture.h"

namespace kefka::test {
namespace {

class TreeTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({make_dir("d"), make_file("d/b", "bb"), make_dir("d/sub"), make_file("d/sub/y", ""),
               make_file("d/a", "a", 0755), make_file("d/.hidden", ""), make_link("d/l", "a"),
               make_dir("d/sub/empty")});
  }
};

TEST_F(TreeTest, Ascii) {
  auto r = run({"tree", "d"});
  EXPECT_EQ(r.out,
            "d\n"
            "|-- a\n"
            "|-- b\n"
            "|-- l -> a\n"
            "`-- sub\n"
            "    |-- empty\n"
            "    `-- y\n"
            "\n"
            "2 directories, 4 files\n");
  EXPECT_EQ(r.status, 0);
}
TEST_F(TreeTest, Utf8) {
  env["LC_ALL"] = "C.UTF-8";
  auto r = run({"tree", "--noreport", "d/sub"});
  EXPECT_EQ(r.out,
            "d/sub\n"
            "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 empty\n"
            "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 y\n");
}
TEST_F(TreeTest, Flags) {
  EXPECT_EQ(run({"tree", "-a", "-L", "1", "--noreport", "d"}).out,
            "d\n|-- .hidden\n|-- a\n|-- b\n|-- l -> a\n`-- sub\n");
  EXPECT_EQ(run({"tree", "-d", "d"}).out, "d\n`-- sub\n    `-- empty\n\n2 directories\n");
  EXPECT_EQ(run({"tree", "-f", "-I", "sub|l", "--noreport", "d"}).out, "d\n|-- d/a\n`-- d/b\n");
  EXPECT_EQ(run({"tree", "-F", "--dirsfirst", "--noreport", "d"}).out,
            "d\n|-- sub/\n|   |-- empty/\n|   `-- y\n|-- a*\n|-- b\n`-- l -> a\n");
  EXPECT_EQ(run({"tree", "-P", "y", "--prune", "--noreport", "d"}).out, "d\n`-- sub\n    `-- y\n");
}
TEST_F(TreeTest, FollowStopsAtLoops) {
  make_tree({make_link("d/sub/up", "..")});
  auto r = run({"tree", "-l", "--noreport", "d/sub"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(
      r.out,
      "d/sub\n|-- empty\n|-- up -> ..\n|   |-- a\n|   |-- b\n|   |-- l -> a\n|   `-- sub\n`-- y\n");
}
TEST_F(TreeTest, Errors) {
  auto r = run({"tree", "nope"});
  EXPECT_EQ(r.out, "nope  [error opening dir]\n\n0 directories, 0 files\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(run({"tree", "-L", "0", "d"}).status, 1);
}

}  // namespace
}  // namespace kefka::test

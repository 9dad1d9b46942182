#include "files_fixture.h"

namespace kefka::test {
namespace {

class LsTest : public FilesFixture {
 protected:
  void SetUp() override {
    time_t recent = time(nullptr) - 3600;
    make_tree({
        make_file("b.txt", "hello\n"),
        make_file("a", "", 0755),
        make_file(".hidden", "x"),
        make_file("big", std::string(5000, 'x'), 0600, recent),
        make_file("c.tar.gz", "zz"),
        make_file("file 1", "spaces"),
        make_file("-dash", "d"),
        make_file("uni\xc3\xa9", "u"),
        make_file("v10", ""),
        make_file("v9", ""),
        make_file("v1.2", ""),
        make_dir("dir"),
        make_file("dir/inner", "1234567890"),
        make_dir("dir/sub"),
        make_file("dir/sub/deep", "d"),
        make_dir("empty"),
        make_link("lnk", "b.txt"),
        make_link("dangling", "nowhere"),
        make_link("dirlink", "dir"),
    });
  }
};

TEST_F(LsTest, Plain) {
  diff({.argv = {"ls"}});
}
TEST_F(LsTest, All) {
  diff({.argv = {"ls", "-a"}});
}
TEST_F(LsTest, AlmostAll) {
  diff({.argv = {"ls", "-A"}});
}
TEST_F(LsTest, Long) {
  diff({.argv = {"ls", "-l"}});
}
TEST_F(LsTest, LongAll) {
  // Inside the tree so that "." and ".." are the same on both sides.
  diff({.argv = {"ls", "-la", "dir/sub"}});
  diff({.argv = {"ls", "-lA"}});
}
TEST_F(LsTest, LongHuman) {
  diff({.argv = {"ls", "-lh"}});
}
TEST_F(LsTest, LongNumeric) {
  // The sandbox user is 1000, the host test runs as root.
  diff({.argv = {"ls", "-ln"}, .normalize = {{"\n(\\S+ +\\d+) +\\d+ +\\d+ +", "\n$1 U G "}}});
}
TEST_F(LsTest, LongNoOwnerNoGroup) {
  diff({.argv = {"ls", "-lgG"}});
}
TEST_F(LsTest, LongClassify) {
  diff({.argv = {"ls", "-lF"}});
}
TEST_F(LsTest, Classify) {
  diff({.argv = {"ls", "-F"}});
}
TEST_F(LsTest, Slash) {
  diff({.argv = {"ls", "-p"}});
}
TEST_F(LsTest, FileType) {
  diff({.argv = {"ls", "--file-type"}});
}
TEST_F(LsTest, Reverse) {
  diff({.argv = {"ls", "-r"}});
}
TEST_F(LsTest, Time) {
  diff({.argv = {"ls", "-t"}});
}
TEST_F(LsTest, Size) {
  diff({.argv = {"ls", "-S"}});
}
TEST_F(LsTest, SizeReverse) {
  diff({.argv = {"ls", "-Sr"}});
}
TEST_F(LsTest, Extension) {
  diff({.argv = {"ls", "-X"}});
}
TEST_F(LsTest, Version) {
  diff({.argv = {"ls", "-v"}});
}
TEST_F(LsTest, DirsFirst) {
  diff({.argv = {"ls", "--group-directories-first"}});
}
TEST_F(LsTest, Recursive) {
  diff({.argv = {"ls", "-R"}});
}
TEST_F(LsTest, RecursiveLong) {
  diff({.argv = {"ls", "-lR", "dir"}});
}
TEST_F(LsTest, Directory) {
  diff({.argv = {"ls", "-d", "dir", "empty", "lnk"}});
}
TEST_F(LsTest, DirectoryLong) {
  diff({.argv = {"ls", "-ld", "dir", "dirlink"}});
}
TEST_F(LsTest, Operands) {
  diff({.argv = {"ls", "dir", "b.txt", "empty", "a"}});
}
TEST_F(LsTest, SymlinkToDirOperand) {
  diff({.argv = {"ls", "dirlink"}});
}
TEST_F(LsTest, SymlinkToDirOperandLong) {
  diff({.argv = {"ls", "-l", "dirlink"}});
}
TEST_F(LsTest, Dereference) {
  diff({.argv = {"ls", "-lL", "lnk", "dirlink"}});
}
TEST_F(LsTest, Missing) {
  diff({.argv = {"ls", "nope", "a"}});
}
TEST_F(LsTest, MissingOnly) {
  diff({.argv = {"ls", "-l", "nope"}});
}
TEST_F(LsTest, Columns) {
  diff({.argv = {"ls", "-C"}});
}
TEST_F(LsTest, ColumnsNarrow) {
  diff({.argv = {"ls", "-C", "-w", "30"}});
}
TEST_F(LsTest, ColumnsEnv) {
  env["COLUMNS"] = "40";
  diff({.argv = {"ls", "-C"}});
}
TEST_F(LsTest, Across) {
  diff({.argv = {"ls", "-x", "-w", "50"}});
}
TEST_F(LsTest, Commas) {
  diff({.argv = {"ls", "-m", "-w", "40"}});
}
TEST_F(LsTest, OnePerLine) {
  diff({.argv = {"ls", "-1", "-a"}});
}
TEST_F(LsTest, FullTime) {
  diff({.argv = {"ls", "--full-time", "a", "b.txt"}});
}
TEST_F(LsTest, TimeStyles) {
  diff({.argv = {"ls", "-l", "--time-style=long-iso"}});
  diff({.argv = {"ls", "-l", "--time-style=iso"}});
  diff({.argv = {"ls", "-l", "--time-style=+%Y/%m/%d"}});
  diff({.argv = {"ls", "-l", "--time-style=bogus"}});
}
TEST_F(LsTest, Size1K) {
  diff({.argv = {"ls", "-s", "big", "a", "b.txt"}});
  diff({.argv = {"ls", "-sh", "big"}});
}
TEST_F(LsTest, Unsorted) {
  diff({.argv = {"ls", "-U", "dir"}});
}
TEST_F(LsTest, Ignore) {
  diff({.argv = {"ls", "-I", "*.txt", "-I", "v*"}});
}
TEST_F(LsTest, Hide) {
  diff({.argv = {"ls", "--hide=v*", "-B"}});
}
TEST_F(LsTest, ColorNever) {
  diff({.argv = {"ls", "--color=never", "-l"}});
}
TEST_F(LsTest, ColorAuto) {
  diff({.argv = {"ls", "--color=auto"}});
}
TEST_F(LsTest, BadOptions) {
  diff({.argv = {"ls", "--sort=foo"}});
  diff({.argv = {"ls", "-w", "x"}});
  diff({.argv = {"ls", "--bogus"}});
  diff({.argv = {"ls", "-y"}});
}
TEST_F(LsTest, Inode) {
  diff({.argv = {"ls", "-i", "a"}, .normalize = {{"[0-9]+ a", "N a"}}});
}
TEST_F(LsTest, Quoting) {
  diff({.argv = {"ls", "-Q"}});
  diff({.argv = {"ls", "-b"}});
}
TEST_F(LsTest, RecursiveSymlinkLoop) {
  make_tree({make_link("dir/sub/up", "..")});
  diff({.argv = {"ls", "-RL", "dir"}});
}
TEST_F(LsTest, NewlineName) {
  make_tree({make_file("new\nline", "")});
  diff({.argv = {"ls"}});
  diff({.argv = {"ls", "-q"}});
  diff({.argv = {"ls", "nope\nx"}});
}

}  // namespace
}  // namespace kefka::test

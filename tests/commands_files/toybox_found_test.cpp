// Differential tests for file-command bugs found by running an external
// coreutils-style suite against kefka (cases written here, not copied).
#include <fcntl.h>

#include "files_fixture.h"

namespace kefka::test {
namespace {

class ToyboxFoundFilesTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({
        make_file("f", "data\n"),
        make_dir("d"),
        make_file("d/x", std::string(5000, 'x')),
        make_dir("top"),
        make_dir("top/sub"),
        make_dir("other"),
        make_file("other/big", std::string(20000, 'b')),
        make_link("top/ln", "../other"),
        make_link("lnk", "f"),
        make_link("dlink", "d"),
        make_link("dead", "missing"),
    });
  }
};

// cp -P / -d copy a symlink operand as a link even without -R.
TEST_F(ToyboxFoundFilesTest, CpNoDereferenceCopiesLinkItself) {
  tree_diff({"cp", "-P", "lnk", "p1"});
  tree_diff({"cp", "-d", "dead", "p2"});
  tree_diff({"cp", "--no-dereference", "dlink", "p3"});
}
// Of -L, -P and -H the last one wins.
TEST_F(ToyboxFoundFilesTest, CpLastDereferenceOptionWins) {
  tree_diff({"cp", "-P", "-L", "lnk", "q1"});
  tree_diff({"cp", "-L", "-P", "lnk", "q2"});
  tree_diff({"cp", "-P", "-H", "lnk", "q3"});
  tree_diff({"cp", "lnk", "q4"});
}

// du: -H, -L and -P replace each other, the last one wins.
TEST_F(ToyboxFoundFilesTest, DuLastDereferenceOptionWins) {
  diff({.argv = {"du", "-ksLH", "top"}});
  diff({.argv = {"du", "-ksHL", "top"}});
  diff({.argv = {"du", "-ksLP", "top"}});
  diff({.argv = {"du", "-ksHP", "top/ln"}});
  diff({.argv = {"du", "-ksPH", "top/ln"}});
}

// realpath -s checks existence through symlinked directories.
TEST_F(ToyboxFoundFilesTest, RealpathNoSymlinksThroughLinkedDir) {
  diff({.argv = {"realpath", "-s", "dlink/x", "top/ln/big"}});
  diff({.argv = {"realpath", "-es", "dlink/x"}});
  diff({.argv = {"realpath", "-s", "dlink/missing"}});
  diff({.argv = {"realpath", "-es", "dead"}});
  diff({.argv = {"realpath", "-s", "dead", "lnk/x"}});
  diff({.argv = {"realpath", "-ms", "dead/../dlink/x"}});
}

// dd's numbers may start with white space (GNU parses them with strtoumax).
TEST_F(ToyboxFoundFilesTest, DdNumberWithLeadingSpace) {
  dd_diff({"dd", "count= 2", "ibs=1", "status=none"}, "high\n");
  dd_diff({"dd", "bs= 3", "status=none"}, "abcdefg");
  dd_diff({"dd", "count=-2", "ibs=1"}, "high\n");
  dd_diff({"dd", "count=2 ", "ibs=1"}, "high\n");
}

// seek= without of= seeks standard output; a pipe cannot seek.
TEST_F(ToyboxFoundFilesTest, DdSeekOnPipeStdoutFails) {
  dd_diff({"dd", "bs=4", "seek=1", "count=1"}, "abcdefgh");
  dd_diff({"dd", "bs=4", "seek=0", "count=1", "status=none"}, "abcdefgh");
}

// seek= on a standard output that is a regular file moves from its offset.
TEST_F(ToyboxFoundFilesTest, DdSeekOnFileStdout) {
  HostTempDir host;
  host.write("out", "0123456789abcdef");
  ProcessResult expected =
      run_host({"sh", "-c", "printf WXYZ | dd bs=2 seek=3 conv=notrunc status=none 1<>out"}, {},
               host.path(), default_test_env());
  ASSERT_EQ(expected.status, 0) << expected.err;

  write_file("out", "0123456789abcdef");
  auto opened = fs().open("out", O_RDWR, 0);
  ASSERT_TRUE(opened.ok());
  FdTable fds;
  fds.set(0, std::make_shared<StringSource>(std::string("WXYZ")));
  fds.set(1, *opened);
  auto err = std::make_shared<StringSink>();
  fds.set(2, err);
  const cmd::CommandSpec* spec = cmd::find_command("dd");
  ASSERT_NE(spec, nullptr);
  cmd::Context ctx{.argv = {"dd", "bs=2", "seek=3", "conv=notrunc", "status=none"},
                   .env = env,
                   .fs = fs(),
                   .fds = fds,
                   .budget = budget(),
                   .executor = executor};
  EXPECT_EQ(cmd::run_command(*spec, ctx), 0);
  EXPECT_EQ(err->take(), "");
  opened->reset();
  EXPECT_EQ(read_file("out"), host.read("out"));
  EXPECT_EQ(read_file("out"), "012345WXYZabcdef");
}

// An invalid --max-depth ends with GNU's "Try" line.
TEST_F(ToyboxFoundFilesTest, DuInvalidMaxDepth) {
  diff({.argv = {"du", "-d", "x", "d"}});
  diff({.argv = {"du", "--max-depth=-1", "d"}});
}

// csplit's open errors use GNU csplit's wording.
TEST_F(ToyboxFoundFilesTest, CsplitInputErrors) {
  diff({.argv = {"csplit", "missing", "1"}});
  diff({.argv = {"csplit", "dead", "1"}});
}

}  // namespace
}  // namespace kefka::test

// split against GNU split: the pieces (names and contents) and messages.
#include "files_fixture.h"

namespace kefka::test {
namespace {

std::string lines(int n, int width = 1) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += std::string(static_cast<size_t>(width + i % 7), 'a' + i % 26) + "\n";
  return s;
}

class SplitTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({make_file("in", lines(2500)), make_file("small", lines(10)),
               make_file("noeol", "a\nb\nc")});
  }
};

TEST_F(SplitTest, Lines) {
  tree_diff({"split", "in"});
  tree_diff({"split", "-l", "3", "small", "part."});
  tree_diff({"split", "-l", "2", "noeol", "n"});
}
TEST_F(SplitTest, Bytes) {
  tree_diff({"split", "-b", "1K", "in", "b"});
  tree_diff({"split", "-b", "7", "-d", "-a", "3", "small", "d"});
}
TEST_F(SplitTest, LineBytes) {
  tree_diff({"split", "-C", "20", "small", "c"});
}
TEST_F(SplitTest, Chunks) {
  tree_diff({"split", "-n", "3", "in", "k"});
  tree_diff({"split", "-n", "l/4", "small", "l"});
  diff({.argv = {"split", "-n", "2/3", "small"}});
}
TEST_F(SplitTest, SuffixesAndVerbose) {
  tree_diff({"split", "--verbose", "-l", "4", "--numeric-suffixes=5", "--additional-suffix=.txt",
             "small", "s"});
  tree_diff({"split", "-x", "-l", "1", "small", "h"});
}
TEST_F(SplitTest, AutoWidening) {
  tree_diff({"split", "-l", "1", "in", "w"});
}
TEST_F(SplitTest, Exhausted) {
  tree_diff({"split", "-l", "1", "-a", "1", "in", "e"});
}
TEST_F(SplitTest, Stdin) {
  tree_diff({"split", "-l", "2", "-", "p"}, "1\n2\n3\n");
}
TEST_F(SplitTest, Errors) {
  tree_diff({"split", "-l", "0", "in"});
  tree_diff({"split", "-b", "x", "in"});
  tree_diff({"split", "nope"});
  tree_diff({"split", "-l", "2", "-b", "3", "in"});
  tree_diff({"split", "a", "b", "c"});
}

}  // namespace
}  // namespace kefka::test

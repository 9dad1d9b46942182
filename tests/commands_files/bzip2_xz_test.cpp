// bzip2/xz families against the real tools: compressed files are compared
// through the host decompressor, messages and statuses directly.
#include "files_fixture.h"

namespace kefka::test {
namespace {

class Bzip2XzTest : public FilesFixture {
 protected:
  void SetUp() override {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + "\n";
    make_tree({make_file("f", "hi\n"), make_file("text", text), make_dir("d")});
    content_filter = [](const std::string& path, std::string c) {
      if (path.ends_with(".bz2")) return "bz2[" + run_host({"bzip2", "-dc"}, c).out + "]";
      if (path.ends_with(".xz")) return "xz[" + run_host({"xz", "-dc"}, c).out + "]";
      return c;
    };
  }
};

TEST_F(Bzip2XzTest, Bzip2RoundTrip) {
  tree_diff({"bzip2", "f", "text"});
  tree_diff({"bunzip2", "f.bz2"});
  tree_diff({"bzcat", "text.bz2"});
  tree_diff({"bzip2", "-dk", "text.bz2"});
}
TEST_F(Bzip2XzTest, Bzip2Errors) {
  tree_diff({"bzip2", "nope"});
  tree_diff({"bzip2", "-k", "f"});
  tree_diff({"bzip2", "-k", "f"});
  tree_diff({"bzip2", "f.bz2"});
  tree_diff({"bunzip2", "f"});
  tree_diff({"bzip2", "d"});
  diff({.argv = {"bzip2", "-d"}, .input = "x\n"});
}
TEST_F(Bzip2XzTest, XzRoundTrip) {
  tree_diff({"xz", "f", "text"});
  tree_diff({"unxz", "f.xz"});
  tree_diff({"xzcat", "text.xz"});
  tree_diff({"xz", "-dk", "text.xz"});
}
TEST_F(Bzip2XzTest, XzErrors) {
  tree_diff({"xz", "nope"});
  tree_diff({"xz", "-k", "f"});
  tree_diff({"xz", "-k", "f"});
  tree_diff({"xz", "f.xz"});
  tree_diff({"unxz", "f"});
  tree_diff({"xz", "d"});
  diff({.argv = {"xz", "-d"}, .input = "x\n"});
}
TEST_F(Bzip2XzTest, ForceAndTest) {
  for (const char* tool : {"bzip2", "xz"}) {
    SCOPED_TRACE(tool);
    tree_diff({tool, "-k", "text"});
    tree_diff({tool, "-k", "text"});  // the output exists
    tree_diff({tool, "-kf", "text"});
    tree_diff({tool, "-t", std::string("text.") + (tool[0] == 'b' ? "bz2" : "xz")});
    tree_diff({tool, "-t", "f"});
    tree_diff({tool, "-dc", "d"});
  }
}
TEST_F(Bzip2XzTest, StdinStdout) {
  auto r = run({"bzip2"}, "stream data\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(run_host({"bzip2", "-dc"}, r.out).out, "stream data\n");
  r = run({"xz", "-9"}, "stream data\n");
  EXPECT_EQ(run_host({"xz", "-dc"}, r.out).out, "stream data\n");
  auto gnu = run_host({"xz", "-c"}, "from host\n");
  EXPECT_EQ(run({"xzcat"}, gnu.out).out, "from host\n");
}

}  // namespace
}  // namespace kefka::test

// zip/unzip against Info-ZIP: archives cross-read in both directions, listings
// and extraction messages compared.
#include "files_fixture.h"

namespace kefka::test {
namespace {

std::string numbers(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) s += std::to_string(i) + "\n";
  return s;
}

class ZipTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({make_dir("d"), make_file("d/f", "hello\n"), make_file("d/g", numbers(1000)),
               make_file("top", "t\n")});
    // Archives are compared through Info-ZIP's listing of them.
    content_filter = [](const std::string& path, std::string c) {
      if (!path.ends_with(".zip")) return c;
      HostTempDir tmp;
      tmp.write("a.zip", c);
      auto r = run_host({"unzip", "-l", tmp.path() + "/a.zip"});
      return replace_all(r.out, tmp.path() + "/", "");
    };
  }
  void host_zip(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"zip", "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    ASSERT_EQ(run_host(argv, "", host_.path()).status, 0);
    write_file(args[args[0] == "-r" ? 1 : 0], host_.read(args[args[0] == "-r" ? 1 : 0]));
  }
};

TEST_F(ZipTest, ZipIsReadableByInfoZip) {
  diff({.argv = {"zip", "-r", "a.zip", "d", "top"},
        .compare_tree = true,
        .sort_lines = true,
        .normalize = {{"deflated [0-9]+%", "deflated N%"}}});
}
TEST_F(ZipTest, ZipUpdatesExistingEntries) {
  // Replaced entries are "updating", new ones "adding" (tidy found both said "adding").
  host_zip({"h.zip", "top"});
  diff({.argv = {"zip", "h.zip", "top", "d/f"}, .compare_tree = true});
}
TEST_F(ZipTest, ZipErrors) {
  diff({.argv = {"zip", "a.zip", "nope"}});
}
TEST_F(ZipTest, UnzipInfoZipArchive) {
  host_zip({"-r", "h.zip", "d", "top"});
  diff({.argv = {"unzip", "-l", "h.zip"}});
  diff({.argv = {"unzip", "h.zip", "-d", "out"}, .compare_tree = true});
  diff({.argv = {"unzip", "-p", "h.zip", "d/f"}});
  diff({.argv = {"unzip", "-o", "-q", "h.zip"}, .compare_tree = true});
}
TEST_F(ZipTest, UnzipErrors) {
  diff({.argv = {"unzip", "nope.zip"}});
  host_zip({"h.zip", "top"});
  diff({.argv = {"unzip", "h.zip"}, .compare_tree = true});
}
TEST_F(ZipTest, RoundTrip) {
  ASSERT_EQ(run({"zip", "-qr", "k.zip", "d"}).status, 0);
  ASSERT_EQ(run({"unzip", "-q", "k.zip", "-d", "x"}).status, 0);
  EXPECT_EQ(read_file("x/d/g"), numbers(1000));
  EXPECT_EQ(read_file("x/d/f"), "hello\n");
}

}  // namespace
}  // namespace kefka::test

// Differential tests of ln, readlink, realpath, chmod, chown/chgrp, du, mktemp.
#include "files_fixture.h"

namespace kefka::test {
namespace {

class LinksModesTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({
        make_file("f", "data\n"),
        make_file("g", std::string(10000, 'g'), 0600),
        make_file("a b", "space"),
        make_dir("d"),
        make_file("d/x", std::string(5000, 'x')),
        make_dir("d/sub"),
        make_file("d/sub/y", "y"),
        make_dir("e"),
        make_link("ln", "f"),
        make_link("dead", "missing"),
        make_link("dlink", "d"),
        make_link("rel", "d/sub/../x"),
        make_link("loop1", "loop2"),
        make_link("loop2", "loop1"),
    });
  }
};

TEST_F(LinksModesTest, LnSymbolic) {
  tree_diff({"ln", "-sv", "f", "s1"});
}
TEST_F(LinksModesTest, LnHard) {
  tree_diff({"ln", "-v", "f", "h1"});
}
TEST_F(LinksModesTest, LnIntoDir) {
  tree_diff({"ln", "-s", "f", "g", "e"});
}
TEST_F(LinksModesTest, LnExists) {
  tree_diff({"ln", "-s", "f", "g"});
  tree_diff({"ln", "f", "g"});
}
TEST_F(LinksModesTest, LnForce) {
  tree_diff({"ln", "-sf", "g", "ln"});
}
TEST_F(LinksModesTest, LnSameFile) {
  tree_diff({"ln", "-f", "f", "f"});
}
TEST_F(LinksModesTest, LnMissingTarget) {
  tree_diff({"ln", "nope", "x"});
}
TEST_F(LinksModesTest, LnDirectoryHard) {
  tree_diff({"ln", "d", "dd"});
}
TEST_F(LinksModesTest, LnRelative) {
  tree_diff({"ln", "-srv", "d/sub/y", "e/r"});
}
TEST_F(LinksModesTest, LnNoDeref) {
  tree_diff({"ln", "-sfn", "f", "dlink"});
}
TEST_F(LinksModesTest, LnDerefDirLink) {
  tree_diff({"ln", "-sf", "f", "dlink"});
}
TEST_F(LinksModesTest, LnSingleOperand) {
  tree_diff({"ln", "-s", "/some/where"});
}
TEST_F(LinksModesTest, LnTargetDir) {
  tree_diff({"ln", "-t", "e", "f", "g"});
}
TEST_F(LinksModesTest, LnNoTargetDir) {
  tree_diff({"ln", "-sT", "f", "e"});
}
TEST_F(LinksModesTest, LnErrors) {
  tree_diff({"ln"});
  tree_diff({"ln", "f", "g", "nowhere"});
  tree_diff({"ln", "-s", "f", "nope/x"});
  tree_diff({"ln", "f", "nope/x"});
}

TEST_F(LinksModesTest, Readlink) {
  diff({.argv = {"readlink", "ln", "dead", "f", "rel"}});
  diff({.argv = {"readlink", "-v", "f"}});
  diff({.argv = {"readlink", "-n", "ln"}});
  diff({.argv = {"readlink"}});
}
TEST_F(LinksModesTest, ReadlinkCanonical) {
  diff({.argv = {"readlink", "-f", "ln", "dead", "d/../f", "nope/x", "loop1", "rel", "dlink/sub"}});
  diff({.argv = {"readlink", "-e", "ln", "dead", "dlink/x"}});
  diff({.argv = {"readlink", "-m", "nope/x/../y", "dead/z", "f/x"}});
  diff({.argv = {"readlink", "-fv", "nope/x", "loop1"}});
}
TEST_F(LinksModesTest, Realpath) {
  diff({.argv = {"realpath", "ln", "nope", "nope/x", "dead", "d/./sub/..", "loop1"}});
  diff({.argv = {"realpath", "-e", "dead", "f"}});
  diff({.argv = {"realpath", "-m", "nope/x/../y"}});
  diff({.argv = {"realpath", "-s", "ln", "dlink/../f"}});
  diff({.argv = {"realpath", "--relative-to=d/sub", "f", "d/x", "e"}});
  diff({.argv = {"realpath", "--relative-base=d", "f", "d/x"}});
  diff({.argv = {"realpath", "-q", "nope/x"}});
  diff({.argv = {"realpath"}});
}

TEST_F(LinksModesTest, ChmodOctal) {
  tree_diff({"chmod", "755", "f", "g"});
  tree_diff({"chmod", "-v", "0600", "f", "a b"});
}
TEST_F(LinksModesTest, ChmodSymbolic) {
  tree_diff({"chmod", "u+x,g-r,o=", "f"});
  tree_diff({"chmod", "-c", "a+rX", "f", "g", "d"});
  tree_diff({"chmod", "g=u", "g"});
  tree_diff({"chmod", "-w", "f"});
  tree_diff({"chmod", "+t", "d"});
  tree_diff({"chmod", "-v", "u+s,g+s", "f"});
}
TEST_F(LinksModesTest, ChmodUmaskWarning) {
  tree_diff({"chmod", "+w", "g"});
  tree_diff({"chmod", "777", "f"});
  tree_diff({"chmod", "-w", "f"});
}
TEST_F(LinksModesTest, ChmodRecursive) {
  tree_diff({"chmod", "-R", "go-rwx", "d"});
}
TEST_F(LinksModesTest, ChmodRecursiveVerboseLinks) {
  make_tree({make_link("d/l", "../f")});
  diff({.argv = {"chmod", "-Rv", "700", "d"}, .compare_tree = true, .sort_lines = true});
}
TEST_F(LinksModesTest, ChmodThroughLink) {
  tree_diff({"chmod", "700", "ln"});
}
TEST_F(LinksModesTest, ChmodErrors) {
  tree_diff({"chmod"});
  tree_diff({"chmod", "755"});
  tree_diff({"chmod", "bogus", "f"});
  tree_diff({"chmod", "755", "nope", "f"});
  tree_diff({"chmod", "755", "dead"});
  tree_diff({"chmod", "-z", "f"});
}
TEST_F(LinksModesTest, ChmodReference) {
  tree_diff({"chmod", "--reference=g", "f"});
}

TEST_F(LinksModesTest, ChownErrors) {
  diff({.argv = {"chown"}});
  diff({.argv = {"chown", "root"}});
  diff({.argv = {"chown", "nosuchuser", "f"}});
  diff({.argv = {"chown", "root:nosuchgroup", "f"}});
  diff({.argv = {"chgrp", "nosuchgroup", "f"}});
  diff({.argv = {"chown", "root", "nope"}});
}
TEST_F(LinksModesTest, ChownVerboseRetained) {
  diff({.argv = {"chown", "-v", "root", "f"}});
  diff({.argv = {"chgrp", "-v", "root", "f"}});
  diff({.argv = {"chown", "-c", "root:root", "f"}});
}
TEST_F(LinksModesTest, ChownStoresIds) {
  // As root (the sandbox's test user is not), ownership changes are stored.
  vfs::FsView root = root_view();
  ASSERT_TRUE(root.chown("/home/user/f", 0, 0).ok());
  auto st = fs().stat("f");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->uid, 0u);
  auto r = run({"chown", "1000:1000", "f"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "chown: changing ownership of 'f': Operation not permitted\n");
}

TEST_F(LinksModesTest, Du) {
  diff({.argv = {"du", "d"}, .sort_lines = true});
  diff({.argv = {"du", "-a", "d"}, .sort_lines = true});
  diff({.argv = {"du", "-s", "d", "f", "g"}});
  diff({.argv = {"du", "-sh", "d", "g"}});
  diff({.argv = {"du", "-c", "-s", "d", "f"}});
  diff({.argv = {"du", "-b", "-a", "d"}, .sort_lines = true});
  diff({.argv = {"du", "--apparent-size", "-s", "g"}});
  diff({.argv = {"du", "-d", "0", "d"}});
  diff({.argv = {"du", "--max-depth=1", "d"}, .sort_lines = true});
  diff({.argv = {"du", "-k", "-s", "ln", "dlink"}});
  diff({.argv = {"du", "-L", "-s", "dlink"}});
  diff({.argv = {"du", "nope"}});
  diff({.argv = {"du", "-sa", "d"}});
}
TEST_F(LinksModesTest, DuHardLinksOnce) {
  ASSERT_TRUE(fs().link("g", "g2").ok());
  std::string host_g = host_.path() + "/g";
  std::string host_g2 = host_.path() + "/g2";
  ASSERT_EQ(::link(host_g.c_str(), host_g2.c_str()), 0);
  diff({.argv = {"du", "-a", "-c", "g", "g2"}});
  diff({.argv = {"du", "-l", "-c", "g", "g2"}});
}

TEST_F(LinksModesTest, Mktemp) {
  auto r = run({"mktemp"});
  EXPECT_EQ(r.status, 0);
  ASSERT_EQ(r.out.size(), std::string("/tmp/tmp.XXXXXXXXXX\n").size()) << r.out;
  EXPECT_TRUE(r.out.starts_with("/tmp/tmp."));
  auto st = fs().stat(r.out.substr(0, r.out.size() - 1));
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(S_ISREG(st->mode));
  EXPECT_EQ(st->mode & 0777, 0600u);

  r = run({"mktemp", "-d", "-p", "e", "work.XXXX"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.starts_with("e/work.")) << r.out;
  st = fs().stat(r.out.substr(0, r.out.size() - 1));
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(S_ISDIR(st->mode));
  EXPECT_EQ(st->mode & 0777, 0700u);

  r = run({"mktemp", "fooXXXXXX.txt"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.starts_with("foo") && r.out.ends_with(".txt\n")) << r.out;

  r = run({"mktemp", "-u", "/tmp/zzXXX"});
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(exists(r.out.substr(0, r.out.size() - 1)));

  env["TMPDIR"] = "/home/user/e";
  r = run({"mktemp", "-t", "tXXXXX"});
  EXPECT_TRUE(r.out.starts_with("/home/user/e/t")) << r.out;
}
TEST_F(LinksModesTest, MktempErrors) {
  diff({.argv = {"mktemp", "foo"}});
  diff({.argv = {"mktemp", "fooXX"}});
  diff({.argv = {"mktemp", "nope/XXXXXX"}});
  diff({.argv = {"mktemp", "a", "b"}});
  diff({.argv = {"mktemp", "-q", "nope/XXXXXX"}});
}

}  // namespace
}  // namespace kefka::test

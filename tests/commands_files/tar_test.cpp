// tar against GNU tar: archives written by kefka are listed by GNU tar (and
// compared with GNU's own archive's listing), archives written by GNU tar are
// listed and extracted by kefka, and messages/statuses match.
#include "files_fixture.h"

namespace kefka::test {
namespace {

class TarTest : public FilesFixture {
 protected:
  void SetUp() override {
    time_t t2 = kOldTime + 86400;
    make_tree({
        make_dir("d"),
        make_file("d/a", "alpha\n"),
        make_file("d/exec", "#!/bin/sh\n", 0755, t2),
        make_dir("d/sub"),
        make_file("d/sub/b", std::string(3000, 'b')),
        make_dir("d/empty"),
        make_link("d/link", "a"),
        make_file("f", "top\n"),
        make_file("sp ace", "s"),
    });
    // A tar archive's bytes are compared through GNU tar's listing of it.
    content_filter = [this](const std::string& path, std::string c) {
      if (!(path.ends_with(".tar") || path.ends_with(".tgz") || path.ends_with(".tar.gz") ||
            path.ends_with(".tbz") || path.ends_with(".txz"))) {
        return c;
      }
      return gnu_listing(c);
    };
  }

  std::string gnu_listing(const std::string& archive_bytes) {
    HostTempDir tmp;
    tmp.write("x", archive_bytes);
    auto r = run_host({"tar", "tvf", tmp.path() + "/x"});
    // GNU tar archives in the host's readdir order, kefka in name order.
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < r.out.size()) {
      size_t nl = r.out.find('\n', start);
      if (nl == std::string::npos) nl = r.out.size();
      lines.push_back(r.out.substr(start, nl - start));
      start = nl + 1;
    }
    std::sort(lines.begin(), lines.end());
    std::string sorted;
    for (const auto& l : lines) sorted += l + "\n";
    return "[" + sorted + r.err + "]";
  }

  // Builds an archive with GNU tar on the host and copies it into the sandbox.
  void gnu_archive(const std::vector<std::string>& tar_args, const std::string& name) {
    std::vector<std::string> argv = {"tar"};
    argv.insert(argv.end(), tar_args.begin(), tar_args.end());
    auto r = run_host(argv, "", host_.path());
    ASSERT_EQ(r.status, 0) << r.err;
    write_file(name, host_.read(name));
  }
};

TEST_F(TarTest, CreateIsReadableByGnu) {
  tree_diff({"tar", "cf", "a.tar", "d", "f"});
}
TEST_F(TarTest, CreateVerbose) {
  diff({.argv = {"tar", "-cvf", "a.tar", "d"}, .compare_tree = true, .sort_lines = true});
}
TEST_F(TarTest, CreateVeryVerbose) {
  tree_diff({"tar", "-cvvf", "a.tar", "f", "sp ace"});
}
TEST_F(TarTest, CreateGzip) {
  tree_diff({"tar", "czf", "a.tgz", "d"});
}
TEST_F(TarTest, CreateBzip2AndXz) {
  tree_diff({"tar", "cjf", "a.tbz", "f"});
  tree_diff({"tar", "cJf", "a.txz", "f"});
}
TEST_F(TarTest, CreateAutoCompress) {
  tree_diff({"tar", "-caf", "a.tar.gz", "f"});
}
TEST_F(TarTest, CreateExclude) {
  diff({.argv = {"tar", "--exclude=sub", "-cvf", "a.tar", "d"},
        .compare_tree = true,
        .sort_lines = true});
}
TEST_F(TarTest, CreateDirectoryOption) {
  tree_diff({"tar", "-C", "d", "-cvf", "a.tar", "sub"});
}
TEST_F(TarTest, CreateNoRecursion) {
  tree_diff({"tar", "--no-recursion", "-cvf", "a.tar", "d"});
}
TEST_F(TarTest, CreateFilesFrom) {
  make_tree({make_file("list", "f\nd/a\n")});
  tree_diff({"tar", "-cvf", "a.tar", "-T", "list"});
}
TEST_F(TarTest, CreateAbsolute) {
  // The leading slash is removed with GNU's message; the listing names differ
  // by the temp dir, so only the messages are compared.
  auto r = run({"tar", "cf", "abs.tar", "/home/user/f"});
  EXPECT_EQ(r.err, "tar: Removing leading `/' from member names\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(run({"tar", "tf", "abs.tar"}).out, "home/user/f\n");
}
TEST_F(TarTest, CreateErrors) {
  tree_diff({"tar", "cf", "a.tar", "nope", "f"});
  tree_diff({"tar", "cf", "a.tar"});
  tree_diff({"tar", "f", "a.tar"});
  tree_diff({"tar", "-ctf", "a.tar", "f"});
  tree_diff({"tar", "--bogus"});
}

TEST_F(TarTest, ListOwnArchive) {
  tree_diff({"tar", "cf", "a.tar", "d", "f"});
  diff({.argv = {"tar", "tf", "a.tar"}, .sort_lines = true});
  diff({.argv = {"tar", "tvf", "a.tar"}, .sort_lines = true});
}
TEST_F(TarTest, ListGnuArchive) {
  gnu_archive({"cf", "g.tar", "d", "f", "sp ace"}, "g.tar");
  diff({.argv = {"tar", "tf", "g.tar"}});
  diff({.argv = {"tar", "-tvf", "g.tar"}});
  diff({.argv = {"tar", "-tvf", "g.tar", "d/sub", "f"}});
  diff({.argv = {"tar", "-tf", "g.tar", "nope"}});
}
TEST_F(TarTest, ListCompressedGnuArchive) {
  gnu_archive({"czf", "g.tgz", "d"}, "g.tgz");
  diff({.argv = {"tar", "tzf", "g.tgz"}});
  diff({.argv = {"tar", "tf", "g.tgz"}});
}
TEST_F(TarTest, ListFromStdin) {
  gnu_archive({"cf", "g.tar", "f"}, "g.tar");
  diff({.argv = {"tar", "tv"}, .input = read_file("g.tar")});
}
TEST_F(TarTest, ListErrors) {
  diff({.argv = {"tar", "tf", "missing.tar"}});
  diff({.argv = {"tar", "tf", "f"}});
}

TEST_F(TarTest, ExtractGnuArchive) {
  gnu_archive({"cf", "g.tar", "d", "f"}, "g.tar");
  tree_diff({"rm", "-r", "d", "f"});
  tree_diff({"tar", "xvf", "g.tar"});
}
TEST_F(TarTest, ExtractIntoDirectory) {
  gnu_archive({"czf", "g.tgz", "d"}, "g.tgz");
  tree_diff({"mkdir", "out"});
  tree_diff({"tar", "-xzf", "g.tgz", "-C", "out"});
  tree_diff({"tar", "-xf", "g.tgz", "-C", "nowhere"});
}
TEST_F(TarTest, ExtractStripAndSelect) {
  gnu_archive({"cf", "g.tar", "d"}, "g.tar");
  tree_diff({"mkdir", "out"});
  tree_diff({"tar", "-xvf", "g.tar", "-C", "out", "--strip-components=1"});
  tree_diff({"mkdir", "sel"});
  tree_diff({"tar", "-xf", "g.tar", "-C", "sel", "d/sub"});
}
TEST_F(TarTest, ExtractToStdout) {
  gnu_archive({"cf", "g.tar", "d/a", "f"}, "g.tar");
  diff({.argv = {"tar", "-xOf", "g.tar"}});
  diff({.argv = {"tar", "-xOf", "g.tar", "f"}});
}
TEST_F(TarTest, ExtractKeepOld) {
  gnu_archive({"cf", "g.tar", "f", "d/link"}, "g.tar");
  tree_diff({"tar", "-xkf", "g.tar"});
  tree_diff({"tar", "--skip-old-files", "-xf", "g.tar"});
}
TEST_F(TarTest, ExtractOverwrites) {
  gnu_archive({"cf", "g.tar", "f"}, "g.tar");
  make_tree({make_file("f", "changed\n")});
  tree_diff({"tar", "-xf", "g.tar"});
}
TEST_F(TarTest, RoundTripThroughKefka) {
  ASSERT_EQ(run({"tar", "czf", "k.tgz", "d", "f"}).status, 0);
  ASSERT_EQ(run({"mkdir", "out"}).status, 0);
  auto r = run({"tar", "xzf", "k.tgz", "-C", "out"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file("out/d/sub/b"), std::string(3000, 'b'));
  EXPECT_EQ(read_file("out/d/a"), "alpha\n");
  EXPECT_EQ(fs().readlink("out/d/link").value_or(""), "a");
  auto st = fs().stat("out/d/exec");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->mode & 0777, 0755u);
  EXPECT_EQ(st->mtime.tv_sec, kOldTime + 86400);
}
TEST_F(TarTest, AppendAndUpdate) {
  ASSERT_EQ(run({"tar", "cf", "a.tar", "f"}).status, 0);
  auto r = run({"tar", "rf", "a.tar", "sp ace"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(run({"tar", "tf", "a.tar"}).out, "f\nsp ace\n");
  r = run({"tar", "uvf", "a.tar", "f", "d/a"});
  EXPECT_EQ(r.out, "d/a\n");
  EXPECT_EQ(run({"tar", "tf", "a.tar"}).out, "f\nsp ace\nd/a\n");
}

}  // namespace
}  // namespace kefka::test

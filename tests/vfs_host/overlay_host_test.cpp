// `kefka --root DIR`: Vfs over OverlayBackend(upper = MemoryBackend, lower =
// read-only HostBackend). Whatever the sandbox does, the host folder stays
// byte-for-byte the same (its manifest, with times, and its hash).
#include "host_fixture.h"
#include "vfs/memory_backend.h"
#include "vfs/overlay_backend.h"
#include "vfs/vfs.h"

namespace kefka::vfs::test {
namespace {

uint64_t fnv(std::string_view s) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : s) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

std::string read_or_error(const FsView& fs, std::string_view path) {
  auto data = fs.read_file(path);
  return data.ok() ? *data : "<" + std::string(strerror(data.error())) + ">";
}

// rm -rf through the Vfs.
void remove_tree(const FsView& fs, const std::string& path) {
  auto st = fs.lstat(path);
  if (!st.ok()) return;
  if (st->is_dir()) {
    auto entries = fs.readdir(path);
    if (entries.ok()) {
      for (const auto& e : *entries) remove_tree(fs, path + "/" + e.name);
    }
    EXPECT_EQ(err(fs.rmdir(path)), 0) << path;
  } else {
    EXPECT_EQ(err(fs.unlink(path)), 0) << path;
  }
}

class OverlayHostTest : public ::testing::Test {
 protected:
  OverlayHostTest() {
    ::mkdir(folder_.at("src").c_str(), 0755);
    ::mkdir(folder_.at("src/lib").c_str(), 0755);
    write_host(folder_.at("README"), "readme\n");
    write_host(folder_.at("src/main.c"), "int main() { return 0; }\n");
    write_host(folder_.at("src/lib/util.c"), "void util(void) {}\n");
    write_host(folder_.at("src/lib/big.bin"), std::string(200000, 'b'));
    write_host(folder_.at("script.sh"), "#!/bin/sh\necho hi\n", 0755);
    ::link(folder_.at("README").c_str(), folder_.at("README.hard").c_str());
    ::symlink("src/main.c", folder_.at("main.link").c_str());
    ::symlink("/etc/hostname", folder_.at("abs.link").c_str());
    ::mkfifo(folder_.at("fifo").c_str(), 0644);
    before_ = tree_manifest(folder_.root());
    before_hash_ = fnv(before_);

    auto lower = make_backend(folder_.root(), {.read_only = true});
    // The upper root belongs to the same user as the host files, or the
    // overlay's "/" (the upper one) would be root's and read-only to them.
    auto upper = std::make_shared<MemoryBackend>(nullptr, Credentials{1000, 1000}, 0755);
    overlay_ = std::make_shared<OverlayBackend>(upper, lower);
    vfs_ = std::make_shared<Vfs>(overlay_, Limits{});
  }

  void expect_host_unchanged() {
    std::string after = tree_manifest(folder_.root());
    EXPECT_EQ(after, before_);
    EXPECT_EQ(fnv(after), before_hash_);
  }

  Caller user() {
    Caller c;
    c.cred = Credentials{1000, 1000};
    return c;
  }

  HostFolder folder_;
  std::string before_;
  uint64_t before_hash_ = 0;
  std::shared_ptr<OverlayBackend> overlay_;
  std::shared_ptr<Vfs> vfs_;
};

TEST_F(OverlayHostTest, ReadsSeeTheHostFolder) {
  FsView fs(*vfs_, user());
  EXPECT_EQ(read_or_error(fs, "/README"), "readme\n");
  EXPECT_EQ(read_or_error(fs, "/main.link"), "int main() { return 0; }\n");
  EXPECT_EQ(read_or_error(fs, "/src/lib/big.bin").size(), 200000u);
  EXPECT_EQ(fs.stat("/README")->uid, 1000u);
  expect_host_unchanged();
}

TEST_F(OverlayHostTest, WritesDeletesAndRenamesLeaveTheHostUnchanged) {
  FsView fs(*vfs_, user());
  // Overwrite, append, truncate, create.
  ASSERT_EQ(err(fs.write_file("/README", "changed\n")), 0);
  {
    auto s = fs.open("/src/main.c", O_WRONLY | O_APPEND);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(err(write_all(**s, "// appended\n")), 0);
  }
  ASSERT_EQ(err(fs.truncate("/src/lib/big.bin", 10)), 0);
  ASSERT_EQ(err(fs.write_file("/new.txt", "new\n")), 0);
  ASSERT_EQ(err(fs.mkdir("/newdir")), 0);
  ASSERT_EQ(err(fs.write_file("/newdir/inner", "inner\n")), 0);
  // Metadata.
  ASSERT_EQ(err(fs.chmod("/script.sh", 0600)), 0);
  ASSERT_EQ(err(fs.utimens("/src/lib/util.c", {1, 0}, {2, 0})), 0);
  ASSERT_EQ(err(fs.chown("/README.hard", 1000, 1000)), 0);
  // Links.
  ASSERT_EQ(err(fs.symlink("/README", "/readme.link")), 0);
  ASSERT_EQ(err(fs.link("/src/lib/util.c", "/util.hard")), 0);
  ASSERT_EQ(err(fs.unlink("/main.link")), 0);
  // Renames of files and directories, deletes.
  ASSERT_EQ(err(fs.rename("/script.sh", "/run.sh")), 0);
  ASSERT_EQ(err(fs.rename("/src/lib", "/lib")), 0);
  ASSERT_EQ(err(fs.unlink("/README.hard")), 0);
  ASSERT_EQ(err(fs.unlink("/fifo")), 0);

  // The sandbox sees its changes...
  EXPECT_EQ(read_or_error(fs, "/README"), "changed\n");
  EXPECT_EQ(read_or_error(fs, "/src/main.c"), "int main() { return 0; }\n// appended\n");
  EXPECT_EQ(read_or_error(fs, "/lib/big.bin"), std::string(10, 'b'));
  EXPECT_EQ(read_or_error(fs, "/readme.link"), "changed\n");
  EXPECT_EQ(fs.stat("/run.sh")->mode & 07777, 0600u);
  EXPECT_EQ(err(fs.stat("/script.sh")), ENOENT);
  EXPECT_EQ(err(fs.stat("/src/lib")), ENOENT);
  EXPECT_EQ(err(fs.stat("/fifo")), ENOENT);
  EXPECT_EQ(fs.stat("/lib/util.c")->mtime.tv_sec, 2);
  // ...the host none of them.
  expect_host_unchanged();

  remove_tree(fs, "/src");
  remove_tree(fs, "/lib");
  EXPECT_EQ(err(fs.stat("/src")), ENOENT);
  ASSERT_EQ(err(fs.mkdir("/src")), 0);  // opaque now: the old content stays hidden
  EXPECT_TRUE(fs.readdir("/src")->empty());
  expect_host_unchanged();
}

TEST_F(OverlayHostTest, RemovingEverythingLeavesTheHostUnchanged) {
  FsView fs(*vfs_, user());
  auto entries = fs.readdir("/");
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries) remove_tree(fs, "/" + e.name);
  EXPECT_TRUE(fs.readdir("/")->empty());
  expect_host_unchanged();
  EXPECT_EQ(read_host(folder_.at("README")), "readme\n");
}

TEST_F(OverlayHostTest, SymlinkTricksStayInTheSandbox) {
  FsView fs(*vfs_, user());
  std::string outside = folder_.outside_manifest();
  ASSERT_EQ(err(fs.symlink(folder_.secret(), "/s")), 0);
  ASSERT_EQ(err(fs.symlink("../../../../secret.txt", "/r")), 0);
  EXPECT_EQ(read_or_error(fs, "/s"), "<No such file or directory>");
  EXPECT_EQ(read_or_error(fs, "/r"), "<No such file or directory>");
  (void)fs.write_file("/r", "PWNED");
  EXPECT_EQ(read_or_error(fs, "/secret.txt"), "PWNED");  // the sandbox's own
  EXPECT_EQ(folder_.outside_manifest(), outside);
  expect_host_unchanged();
}

TEST_F(OverlayHostTest, ForkedSandboxesAreIndependentAndTheHostUnchanged) {
  FsView fs(*vfs_, user());
  ASSERT_EQ(err(fs.write_file("/README", "parent\n")), 0);
  auto child_vfs = vfs_->fork();
  FsView child(*child_vfs, user());
  ASSERT_EQ(err(child.write_file("/README", "child\n")), 0);
  ASSERT_EQ(err(child.unlink("/src/main.c")), 0);
  EXPECT_EQ(read_or_error(fs, "/README"), "parent\n");
  EXPECT_EQ(read_or_error(child, "/README"), "child\n");
  EXPECT_TRUE(fs.stat("/src/main.c").ok());
  expect_host_unchanged();
}

}  // namespace
}  // namespace kefka::vfs::test

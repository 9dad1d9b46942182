// OverlayBackend: whiteouts, opaque directories, copy-up, merged listings,
// directory renames and forks.
#include <gtest/gtest.h>

#include "vfs/overlay_backend.h"
#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

using testing::root_caller;
using testing::user_caller;

class OverlayTest : public ::testing::Test {
 protected:
  OverlayTest() {
    lower_ = std::make_shared<MemoryBackend>();
    {
      Vfs setup(lower_, Limits{});
      FsView fs(setup, root_caller());
      fs.caller().umask = 0;
      EXPECT_TRUE(fs.mkdir("/etc", 0755).ok());
      EXPECT_TRUE(fs.write_file("/etc/passwd", "root:x:0:0\n", 0644).ok());
      EXPECT_TRUE(fs.write_file("/etc/hosts", "127.0.0.1 localhost\n", 0644).ok());
      EXPECT_TRUE(fs.mkdir("/etc/conf.d", 0755).ok());
      EXPECT_TRUE(fs.write_file("/etc/conf.d/a", "a\n").ok());
      EXPECT_TRUE(fs.write_file("/etc/conf.d/b", "b\n").ok());
      EXPECT_TRUE(fs.symlink("passwd", "/etc/pw").ok());
      EXPECT_TRUE(fs.link("/etc/hosts", "/etc/hosts2").ok());
      EXPECT_TRUE(fs.mkdir("/empty", 0755).ok());
    }
    upper_ = std::make_shared<MemoryBackend>();
    overlay_ = std::make_shared<OverlayBackend>(upper_, lower_);
    vfs_ = std::make_shared<Vfs>(overlay_, Limits{});
    fs_ = std::make_unique<FsView>(*vfs_, root_caller());
    lower_view_ = std::make_shared<Vfs>(lower_, Limits{});
  }
  std::vector<std::string> names(std::string_view dir) {
    std::vector<std::string> out;
    auto entries = fs_->readdir(dir);
    if (!entries) return {"<error " + std::to_string(entries.error()) + ">"};
    for (auto& e : *entries) out.push_back(e.name);
    return out;
  }
  std::string lower_file(std::string_view path) {
    auto r = FsView(*lower_view_, root_caller()).read_file(path);
    return r ? *r : "<error>";
  }

  std::shared_ptr<MemoryBackend> lower_, upper_;
  std::shared_ptr<OverlayBackend> overlay_;
  std::shared_ptr<Vfs> vfs_, lower_view_;
  std::unique_ptr<FsView> fs_;
};

TEST_F(OverlayTest, ReadsComeFromTheLowerLayer) {
  EXPECT_EQ(*fs_->read_file("/etc/passwd"), "root:x:0:0\n");
  EXPECT_EQ(*fs_->read_file("/etc/pw"), "root:x:0:0\n");
  EXPECT_EQ(names("/etc"), (std::vector<std::string>{"conf.d", "hosts", "hosts2", "passwd", "pw"}));
  EXPECT_EQ(upper_->inode_count(), 1u);  // nothing copied by reading
}

TEST_F(OverlayTest, WritesCopyUpAndNeverReachTheLower) {
  ASSERT_TRUE(fs_->write_file("/etc/passwd", "changed\n").ok());
  EXPECT_EQ(*fs_->read_file("/etc/passwd"), "changed\n");
  EXPECT_EQ(lower_file("/etc/passwd"), "root:x:0:0\n");
  auto s = fs_->open("/etc/hosts", O_WRONLY | O_APPEND);
  ASSERT_TRUE(write_all(**s, "::1 localhost\n").ok());
  EXPECT_EQ(*fs_->read_file("/etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
  EXPECT_EQ(lower_file("/etc/hosts"), "127.0.0.1 localhost\n");
  // The parent was copied up with its attributes; the listing still merges.
  EXPECT_TRUE(upper_->lstat("etc").ok());
  EXPECT_EQ(names("/etc"), (std::vector<std::string>{"conf.d", "hosts", "hosts2", "passwd", "pw"}));
}

TEST_F(OverlayTest, MetadataChangesCopyUp) {
  ASSERT_TRUE(fs_->chmod("/etc/conf.d/a", 0600).ok());
  EXPECT_EQ(fs_->stat("/etc/conf.d/a")->mode & 07777, 0600u);
  EXPECT_EQ(*fs_->read_file("/etc/conf.d/a"), "a\n");
  EXPECT_EQ(FsView(*lower_view_, root_caller()).stat("/etc/conf.d/a")->mode & 07777, 0666u);
  ASSERT_TRUE(fs_->chown("/etc/conf.d/b", 5, 6).ok());
  EXPECT_EQ(fs_->stat("/etc/conf.d/b")->uid, 5u);
  timespec t{12345, 0};
  ASSERT_TRUE(fs_->utimens("/etc/hosts", t, t).ok());
  EXPECT_EQ(fs_->stat("/etc/hosts")->mtime.tv_sec, 12345);
  ASSERT_TRUE(fs_->truncate("/etc/passwd", 4).ok());
  EXPECT_EQ(*fs_->read_file("/etc/passwd"), "root");
  ASSERT_TRUE(fs_->link("/etc/conf.d/a", "/etc/a_link").ok());
  EXPECT_EQ(fs_->stat("/etc/a_link")->ino, fs_->stat("/etc/conf.d/a")->ino);
  EXPECT_EQ(fs_->stat("/etc/a_link")->nlink, 2u);
}

TEST_F(OverlayTest, WhiteoutsHideLowerEntries) {
  ASSERT_TRUE(fs_->unlink("/etc/passwd").ok());
  EXPECT_EQ(fs_->stat("/etc/passwd").error(), ENOENT);
  EXPECT_EQ(names("/etc"), (std::vector<std::string>{"conf.d", "hosts", "hosts2", "pw"}));
  EXPECT_EQ(fs_->stat("/etc/pw").error(), ENOENT);  // now dangling
  EXPECT_EQ(lower_file("/etc/passwd"), "root:x:0:0\n");
  // A new file in the whiteout's place shows only itself.
  ASSERT_TRUE(fs_->write_file("/etc/passwd", "new\n").ok());
  EXPECT_EQ(*fs_->read_file("/etc/pw"), "new\n");
  ASSERT_TRUE(fs_->unlink("/etc/passwd").ok());
  EXPECT_EQ(fs_->stat("/etc/passwd").error(), ENOENT);
}

TEST_F(OverlayTest, RecreatedDirectoryIsOpaque) {
  EXPECT_EQ(fs_->rmdir("/etc/conf.d").error(), ENOTEMPTY);
  ASSERT_TRUE(fs_->unlink("/etc/conf.d/a").ok());
  ASSERT_TRUE(fs_->unlink("/etc/conf.d/b").ok());
  EXPECT_EQ(names("/etc/conf.d"), std::vector<std::string>{});
  ASSERT_TRUE(fs_->rmdir("/etc/conf.d").ok());
  EXPECT_EQ(fs_->stat("/etc/conf.d").error(), ENOENT);
  ASSERT_TRUE(fs_->mkdir("/etc/conf.d").ok());
  EXPECT_EQ(names("/etc/conf.d"), std::vector<std::string>{});
  EXPECT_EQ(fs_->stat("/etc/conf.d/a").error(), ENOENT);
  ASSERT_TRUE(fs_->write_file("/etc/conf.d/c", "c").ok());
  EXPECT_EQ(names("/etc/conf.d"), std::vector<std::string>{"c"});
  EXPECT_EQ(lower_file("/etc/conf.d/a"), "a\n");
}

TEST_F(OverlayTest, DirectoryReplacedByFileHidesLowerChildren) {
  ASSERT_TRUE(fs_->rmdir("/empty").ok());
  ASSERT_TRUE(fs_->write_file("/empty", "now a file").ok());
  EXPECT_TRUE(fs_->stat("/empty")->is_regular());
  ASSERT_TRUE(fs_->unlink("/empty").ok());
  ASSERT_TRUE(fs_->mkdir("/empty").ok());
  EXPECT_EQ(names("/empty"), std::vector<std::string>{});
}

TEST_F(OverlayTest, RenameOfAMergedDirectoryMovesEverything) {
  ASSERT_TRUE(fs_->write_file("/etc/conf.d/upper_only", "u").ok());
  ASSERT_TRUE(fs_->unlink("/etc/conf.d/b").ok());
  ASSERT_TRUE(fs_->rename("/etc/conf.d", "/etc/moved").ok());
  EXPECT_EQ(fs_->stat("/etc/conf.d").error(), ENOENT);
  EXPECT_EQ(names("/etc/moved"), (std::vector<std::string>{"a", "upper_only"}));
  EXPECT_EQ(*fs_->read_file("/etc/moved/a"), "a\n");
  // Moving it back does not resurrect the deleted lower entry.
  ASSERT_TRUE(fs_->rename("/etc/moved", "/etc/conf.d").ok());
  EXPECT_EQ(names("/etc/conf.d"), (std::vector<std::string>{"a", "upper_only"}));
  ASSERT_TRUE(fs_->rename("/etc", "/etc2").ok());
  EXPECT_EQ(names("/"), (std::vector<std::string>{"empty", "etc2"}));
  EXPECT_EQ(*fs_->read_file("/etc2/pw"), "root:x:0:0\n");
  EXPECT_EQ(lower_file("/etc/conf.d/b"), "b\n");
}

TEST_F(OverlayTest, RenameFileOverLowerFile) {
  ASSERT_TRUE(fs_->rename("/etc/hosts", "/etc/passwd").ok());
  EXPECT_EQ(*fs_->read_file("/etc/passwd"), "127.0.0.1 localhost\n");
  EXPECT_EQ(fs_->stat("/etc/hosts").error(), ENOENT);
  EXPECT_EQ(names("/etc"), (std::vector<std::string>{"conf.d", "hosts2", "passwd", "pw"}));
  EXPECT_EQ(fs_->rename("/etc/passwd", "/etc/conf.d").error(), EISDIR);
  ASSERT_TRUE(fs_->rename("/etc/conf.d", "/empty").ok());  // over an empty lower dir
  EXPECT_EQ(names("/empty"), (std::vector<std::string>{"a", "b"}));
}

TEST_F(OverlayTest, ForkSharesLowerAndIsolatesUpper) {
  ASSERT_TRUE(fs_->unlink("/etc/passwd").ok());
  ASSERT_TRUE(fs_->write_file("/etc/hosts", "parent").ok());
  auto child = vfs_->fork();
  FsView c(*child, root_caller());
  EXPECT_EQ(c.stat("/etc/passwd").error(), ENOENT);
  EXPECT_EQ(*c.read_file("/etc/hosts"), "parent");
  ASSERT_TRUE(c.write_file("/etc/passwd", "child").ok());
  ASSERT_TRUE(c.unlink("/etc/hosts2").ok());
  ASSERT_TRUE(fs_->unlink("/etc/conf.d/a").ok());
  EXPECT_EQ(fs_->stat("/etc/passwd").error(), ENOENT);
  EXPECT_TRUE(fs_->stat("/etc/hosts2").ok());
  EXPECT_TRUE(c.stat("/etc/conf.d/a").ok());
}

TEST_F(OverlayTest, PermissionsUseLowerOwnership) {
  FsView user(*vfs_, user_caller());
  EXPECT_EQ(user.write_file("/etc/passwd", "x").error(), EACCES);
  EXPECT_EQ(user.unlink("/etc/hosts").error(), EACCES);
  EXPECT_EQ(*user.read_file("/etc/hosts"), "127.0.0.1 localhost\n");
}

}  // namespace
}  // namespace kefka::vfs

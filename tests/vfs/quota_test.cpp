// Quotas: bytes (ENOSPC), files (ENOSPC), file size (EFBIG), forks.
#include <gtest/gtest.h>

#include "vfs/overlay_backend.h"
#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

using testing::root_caller;

struct QuotaVfs {
  explicit QuotaVfs(Limits limits) {
    quota = std::make_shared<Quota>(limits);
    vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(quota), limits);
  }
  QuotaPtr quota;
  std::shared_ptr<Vfs> vfs;
};

TEST(Quota, BytesLimitGivesEnospcAndFreedBytesComeBack) {
  Limits limits;
  limits.max_fs_bytes = 100;
  QuotaVfs q(limits);
  FsView fs(*q.vfs, root_caller());
  ASSERT_TRUE(fs.write_file("/a", std::string(60, 'a')).ok());
  EXPECT_EQ(q.quota->bytes_used(), 60u);
  EXPECT_EQ(fs.write_file("/b", std::string(60, 'b')).error(), ENOSPC);
  ASSERT_TRUE(fs.truncate("/a", 10).ok());
  EXPECT_EQ(q.quota->bytes_used(), 10u);
  ASSERT_TRUE(fs.write_file("/b", std::string(60, 'b')).ok());
  EXPECT_EQ(fs.truncate("/b", 200).error(), ENOSPC);
  ASSERT_TRUE(fs.unlink("/b").ok());
  EXPECT_EQ(q.quota->bytes_used(), 10u);
  // Overwriting in place costs nothing extra.
  ASSERT_TRUE(fs.write_file("/a", std::string(90, 'c')).ok());
  EXPECT_EQ(q.quota->bytes_used(), 90u);
  auto st = fs.vfs().statfs(fs.caller(), "/");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->blocks_free, 0u);  // 10 bytes left: not a whole block
}

TEST(Quota, BytesOfAnOpenUnlinkedFileAreFreedOnClose) {
  Limits limits;
  limits.max_fs_bytes = 100;
  QuotaVfs q(limits);
  FsView fs(*q.vfs, root_caller());
  ASSERT_TRUE(fs.write_file("/a", std::string(80, 'a')).ok());
  auto s = fs.open("/a", O_RDONLY);
  ASSERT_TRUE(fs.unlink("/a").ok());
  EXPECT_EQ(q.quota->bytes_used(), 80u);
  s->reset();
  EXPECT_EQ(q.quota->bytes_used(), 0u);
}

TEST(Quota, FilesLimit) {
  Limits limits;
  limits.max_files = 4;  // the root directory counts
  QuotaVfs q(limits);
  FsView fs(*q.vfs, root_caller());
  ASSERT_TRUE(fs.mkdir("/d").ok());
  ASSERT_TRUE(fs.write_file("/d/f", "").ok());
  ASSERT_TRUE(fs.symlink("f", "/d/l").ok());
  EXPECT_EQ(fs.write_file("/g", "").error(), ENOSPC);
  EXPECT_EQ(fs.mkdir("/e").error(), ENOSPC);
  EXPECT_EQ(fs.symlink("x", "/m").error(), ENOSPC);
  EXPECT_TRUE(fs.link("/d/f", "/hard").ok());  // a new name is not a new file
  ASSERT_TRUE(fs.unlink("/d/l").ok());
  EXPECT_TRUE(fs.mkdir("/e").ok());
  EXPECT_EQ(q.quota->files_used(), 4u);
}

TEST(Quota, FileSizeLimitGivesEfbig) {
  Limits limits;
  limits.max_file_size = 10;
  QuotaVfs q(limits);
  FsView fs(*q.vfs, root_caller());
  EXPECT_TRUE(fs.write_file("/a", std::string(10, 'a')).ok());
  EXPECT_EQ(fs.write_file("/b", std::string(11, 'b')).error(), EFBIG);
  EXPECT_EQ(fs.truncate("/a", 11).error(), EFBIG);
  auto s = fs.open("/a", O_WRONLY | O_APPEND);
  EXPECT_EQ((*s)->write("x").error(), EFBIG);
}

TEST(Quota, HugeOffsetsFailCleanlyWithoutAQuota) {
  Vfs vfs(std::make_shared<MemoryBackend>(), Limits{});
  FsView fs(vfs, root_caller());
  auto s = fs.open("/sparse", O_RDWR | O_CREAT);
  ASSERT_TRUE((*s)->seek(int64_t{1} << 50, SEEK_SET).ok());
  EXPECT_EQ((*s)->write("x").error(), EFBIG);
  EXPECT_EQ(fs.truncate("/sparse", uint64_t{1} << 60).error(), EFBIG);
}

TEST(Quota, ForkStartsFromParentUsageWithItsOwnCounters) {
  Limits limits;
  limits.max_fs_bytes = 100;
  QuotaVfs q(limits);
  FsView parent(*q.vfs, root_caller());
  ASSERT_TRUE(parent.write_file("/a", std::string(50, 'a')).ok());
  auto child_vfs = q.vfs->fork();
  FsView child(*child_vfs, root_caller());
  ASSERT_TRUE(child.write_file("/b", std::string(40, 'b')).ok());
  EXPECT_EQ(child.write_file("/c", std::string(20, 'c')).error(), ENOSPC);
  EXPECT_EQ(q.quota->bytes_used(), 50u);
  ASSERT_TRUE(parent.write_file("/c", std::string(40, 'c')).ok());
  ASSERT_TRUE(child.unlink("/a").ok());
  EXPECT_EQ(q.quota->bytes_used(), 90u);
  EXPECT_TRUE(child.write_file("/c", std::string(50, 'c')).ok());
}

TEST(Quota, BackendsSharingAQuotaStillShareOneInTheFork) {
  Limits limits;
  limits.max_fs_bytes = 100;
  auto quota = std::make_shared<Quota>(limits);
  auto vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(quota), limits);
  FsView fs(*vfs, root_caller());
  ASSERT_TRUE(fs.mkdir("/mnt").ok());
  auto lower = std::make_shared<MemoryBackend>();  // not charged
  {
    Vfs setup(lower, Limits{});
    ASSERT_TRUE(FsView(setup, root_caller()).write_file("/big", std::string(500, 'x')).ok());
  }
  auto upper = std::make_shared<MemoryBackend>(quota);
  ASSERT_TRUE(vfs->mount("/mnt", std::make_shared<OverlayBackend>(upper, lower)).ok());
  EXPECT_EQ(*fs.read_file("/mnt/big"), std::string(500, 'x'));  // reading is free
  // Copying up charges the upper layer's quota.
  EXPECT_EQ(fs.truncate("/mnt/big", 200).error(), ENOSPC);
  ASSERT_TRUE(fs.truncate("/mnt/big", 30).ok());
  EXPECT_EQ(quota->bytes_used(), 30u);
  auto fork = vfs->fork();
  FsView f(*fork, root_caller());
  ASSERT_TRUE(f.write_file("/root_file", std::string(40, 'r')).ok());
  ASSERT_TRUE(f.write_file("/mnt/upper_file", std::string(20, 'u')).ok());
  // 30 + 40 + 20 = 90 of 100, charged against one quota of the fork.
  EXPECT_EQ(f.write_file("/mnt/more", std::string(20, 'm')).error(), ENOSPC);
  EXPECT_EQ(quota->bytes_used(), 30u);
}

TEST(Quota, ForkChargingMovesTheTreeOntoANewQuota) {
  auto usage = std::make_shared<Quota>(0, 0, 0);  // unlimited: only counts
  auto tmpl = std::make_shared<MemoryBackend>(usage);
  {
    Vfs setup(tmpl, Limits{});
    FsView s(setup, root_caller());
    ASSERT_TRUE(s.mkdir("/etc").ok());
    ASSERT_TRUE(s.write_file("/etc/motd", std::string(30, 'm')).ok());
  }
  EXPECT_EQ(usage->bytes_used(), 30u);
  EXPECT_EQ(usage->files_used(), 3u);  // /, /etc, /etc/motd

  Limits limits;
  limits.max_fs_bytes = 100;
  auto quota = std::make_shared<Quota>(limits);
  auto fork = tmpl->fork_charging(quota);
  ASSERT_TRUE(fork.ok());
  EXPECT_EQ(quota->bytes_used(), 30u);
  EXPECT_EQ(quota->files_used(), 3u);
  Vfs vfs(*fork, limits);
  FsView f(vfs, root_caller());
  EXPECT_EQ(*f.read_file("/etc/motd"), std::string(30, 'm'));
  // The fork's changes charge the new quota, never the template's.
  EXPECT_EQ(f.write_file("/big", std::string(80, 'b')).error(), ENOSPC);
  ASSERT_TRUE(f.write_file("/small", std::string(60, 's')).ok());
  EXPECT_EQ(quota->bytes_used(), 90u);
  EXPECT_EQ(usage->bytes_used(), 30u);
  ASSERT_TRUE(f.unlink("/etc/motd").ok());
  EXPECT_EQ(quota->bytes_used(), 60u);
  EXPECT_EQ(*FsView(*std::make_shared<Vfs>(tmpl, Limits{}), root_caller()).read_file("/etc/motd"),
            std::string(30, 'm'));
}

TEST(Quota, ForkChargingFailsWhenTheTreeDoesNotFit) {
  auto usage = std::make_shared<Quota>(0, 0, 0);
  auto tmpl = std::make_shared<MemoryBackend>(usage);
  {
    Vfs setup(tmpl, Limits{});
    ASSERT_TRUE(FsView(setup, root_caller()).write_file("/f", std::string(50, 'x')).ok());
  }
  auto too_few_bytes = std::make_shared<Quota>(40, 0, 0);
  EXPECT_EQ(tmpl->fork_charging(too_few_bytes).error(), ENOSPC);
  EXPECT_EQ(too_few_bytes->bytes_used(), 0u);
  auto too_few_files = std::make_shared<Quota>(0, 1, 0);
  EXPECT_EQ(tmpl->fork_charging(too_few_files).error(), ENOSPC);
  EXPECT_EQ(too_few_files->bytes_used(), 0u);  // nothing left charged
  EXPECT_EQ(too_few_files->files_used(), 0u);
}

}  // namespace
}  // namespace kefka::vfs

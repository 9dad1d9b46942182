// Vfs::fork() and MemoryBackend::fork(): isolation, hard links, speed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>

#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

using testing::make_vfs;
using testing::root_caller;

TEST(Fork, ChangesOnEitherSideAreInvisibleToTheOther) {
  auto parent = make_vfs();
  FsView p(*parent, root_caller());
  ASSERT_TRUE(p.mkdir("/data").ok());
  ASSERT_TRUE(p.write_file("/data/shared", "original").ok());
  auto child = parent->fork();
  FsView c(*child, root_caller());
  EXPECT_EQ(*c.read_file("/data/shared"), "original");
  ASSERT_TRUE(c.write_file("/data/shared", "child").ok());
  ASSERT_TRUE(p.write_file("/data/parent_only", "p").ok());
  ASSERT_TRUE(c.mkdir("/data/child_dir").ok());
  ASSERT_TRUE(c.chmod("/data", 0700).ok());
  EXPECT_EQ(*p.read_file("/data/shared"), "original");
  EXPECT_EQ(*c.read_file("/data/shared"), "child");
  EXPECT_EQ(c.stat("/data/parent_only").error(), ENOENT);
  EXPECT_EQ(p.stat("/data/child_dir").error(), ENOENT);
  EXPECT_EQ(p.stat("/data")->mode & 07777, 0755u);
  ASSERT_TRUE(p.unlink("/data/shared").ok());
  EXPECT_EQ(*c.read_file("/data/shared"), "child");
  // /dev still works in the fork.
  EXPECT_TRUE(c.write_file("/dev/null", "x").ok());
}

TEST(Fork, AppendAfterForkDoesNotLeak) {
  auto parent = make_vfs();
  FsView p(*parent, root_caller());
  ASSERT_TRUE(p.write_file("/log", "a").ok());
  auto child = parent->fork();
  FsView c(*child, root_caller());
  auto s = c.open("/log", O_WRONLY | O_APPEND);
  ASSERT_TRUE(write_all(**s, "b").ok());
  auto t = p.open("/log", O_WRONLY | O_APPEND);
  ASSERT_TRUE(write_all(**t, "c").ok());
  EXPECT_EQ(*c.read_file("/log"), "ab");
  EXPECT_EQ(*p.read_file("/log"), "ac");
}

TEST(Fork, HardLinksStayOneInodeOnBothSides) {
  auto parent = make_vfs();
  FsView p(*parent, root_caller());
  ASSERT_TRUE(p.write_file("/a", "1").ok());
  ASSERT_TRUE(p.link("/a", "/b").ok());
  auto child = parent->fork();
  FsView c(*child, root_caller());
  ASSERT_TRUE(c.write_file("/a", "child").ok());
  EXPECT_EQ(*c.read_file("/b"), "child");
  EXPECT_EQ(*p.read_file("/b"), "1");
  ASSERT_TRUE(p.write_file("/b", "parent").ok());
  EXPECT_EQ(*p.read_file("/a"), "parent");
  EXPECT_EQ(*c.read_file("/a"), "child");
  EXPECT_EQ(c.stat("/a")->ino, c.stat("/b")->ino);
  ASSERT_TRUE(c.unlink("/a").ok());
  EXPECT_EQ(c.stat("/b")->nlink, 1u);
  EXPECT_EQ(p.stat("/b")->nlink, 2u);
  // A fork of a fork keeps the link too.
  auto grandchild = parent->fork();
  FsView g(*grandchild, root_caller());
  ASSERT_TRUE(g.truncate("/b", 0).ok());
  EXPECT_EQ(g.stat("/a")->size, 0u);
  EXPECT_EQ(p.stat("/a")->size, 6u);
}

TEST(Fork, UnlinkedOpenFilesDoNotReachTheChild) {
  auto mem = std::make_shared<MemoryBackend>();
  Vfs vfs(mem, Limits{});
  FsView fs(vfs, root_caller());
  ASSERT_TRUE(fs.write_file("/tmpfile", "x").ok());
  auto s = fs.open("/tmpfile", O_RDONLY);
  ASSERT_TRUE(fs.unlink("/tmpfile").ok());
  auto child = std::static_pointer_cast<MemoryBackend>(mem->fork());
  EXPECT_EQ(child->inode_count(), 1u);  // just the root
  EXPECT_EQ(mem->inode_count(), 2u);
  s->reset();
  EXPECT_EQ(mem->inode_count(), 1u);
}

TEST(Fork, OfManyFilesIsFast) {
  auto mem = std::make_shared<MemoryBackend>();
  Credentials root{0, 0};
  ASSERT_TRUE(mem->mkdir("d", 0755, root).ok());
  for (int i = 0; i < 100000; ++i) {
    auto h = mem->open("d/f" + std::to_string(i), O_WRONLY | O_CREAT, 0644, root);
    ASSERT_TRUE(h.ok());
  }
  // The best of a few tries, so that a busy machine preempting us once does not fail the test.
  std::shared_ptr<Backend> copy;
  auto best = std::chrono::steady_clock::duration::max();
  for (int i = 0; i < 5; ++i) {
    auto start = std::chrono::steady_clock::now();
    copy = mem->fork();
    best = std::min(best, std::chrono::steady_clock::now() - start);
  }
  EXPECT_LT(std::chrono::duration_cast<std::chrono::microseconds>(best).count(), 1000);
  EXPECT_TRUE(copy->lstat("d/f99999").ok());
  ASSERT_TRUE(copy->unlink("d/f5").ok());
  EXPECT_TRUE(mem->lstat("d/f5").ok());
}

}  // namespace
}  // namespace kefka::vfs

namespace kefka::vfs {
namespace {

TEST(FileData, WritesAcrossPagesAndHolesReadBack) {
  auto vfs = testing::make_vfs();
  FsView fs(*vfs, testing::root_caller());
  std::string big;
  for (int i = 0; i < 200000; ++i) big.push_back(static_cast<char>('a' + i % 26));
  ASSERT_TRUE(fs.write_file("/big", big).ok());
  EXPECT_EQ(*fs.read_file("/big"), big);
  // Overwrite a range straddling a page boundary (pages are 64 KiB).
  auto s = fs.open("/big", O_RDWR);
  ASSERT_TRUE((*s)->seek(65530, SEEK_SET).ok());
  ASSERT_TRUE(write_all(**s, "XXXXXXXXXXXX").ok());
  big.replace(65530, 12, "XXXXXXXXXXXX");
  EXPECT_EQ(*fs.read_file("/big"), big);
  // Shrinking then growing leaves zeros, not the old bytes.
  ASSERT_TRUE(fs.truncate("/big", 70000).ok());
  ASSERT_TRUE(fs.truncate("/big", 140000).ok());
  std::string expect = big.substr(0, 70000) + std::string(70000, '\0');
  EXPECT_EQ(*fs.read_file("/big"), expect);
  // A sparse file reads as zeros.
  ASSERT_TRUE(fs.truncate("/big", 0).ok());
  ASSERT_TRUE(fs.truncate("/big", 300000).ok());
  EXPECT_EQ(*fs.read_file("/big"), std::string(300000, '\0'));
}

TEST(FileData, WriteAfterForkCopiesOnlyTouchedPages) {
  auto vfs = testing::make_vfs();
  FsView parent(*vfs, testing::root_caller());
  std::string big(1 << 20, 'p');
  ASSERT_TRUE(parent.write_file("/big", big).ok());
  auto child_vfs = vfs->fork();
  FsView child(*child_vfs, testing::root_caller());
  auto s = child.open("/big", O_WRONLY);
  ASSERT_TRUE((*s)->seek(100000, SEEK_SET).ok());
  ASSERT_TRUE(write_all(**s, "child").ok());
  auto a = child.open("/big", O_WRONLY | O_APPEND);
  ASSERT_TRUE(write_all(**a, "tail").ok());
  EXPECT_EQ(*parent.read_file("/big"), big);
  std::string expect = big;
  expect.replace(100000, 5, "child");
  expect += "tail";
  EXPECT_EQ(*child.read_file("/big"), expect);
}

}  // namespace
}  // namespace kefka::vfs

namespace kefka::vfs {
namespace {

// Large directories are chunked; names stay sorted and unique through
// inserts, removals, renames and forks.
TEST(BigDirectory, StaysSortedAcrossChunksAndForks) {
  auto mem = std::make_shared<MemoryBackend>();
  Vfs vfs(mem, Limits{});
  FsView fs(vfs, testing::root_caller());
  ASSERT_TRUE(fs.mkdir("/d").ok());
  std::set<std::string> expect;
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string name = "n" + std::to_string(rng() % 100000);
    if (fs.write_file("/d/" + name, name).ok()) expect.insert(name);
  }
  size_t created = expect.size();
  auto fork = vfs.fork();
  FsView child(*fork, testing::root_caller());
  int removed = 0;
  for (auto it = expect.begin(); it != expect.end();) {
    if (removed++ % 2 == 0) {
      ASSERT_TRUE(fs.unlink("/d/" + *it).ok());
      it = expect.erase(it);
    } else {
      ++it;
    }
  }
  ASSERT_TRUE(fs.rename("/d/" + *expect.begin(), "/d/zzz").ok());
  std::string first = *expect.begin();
  expect.erase(expect.begin());
  expect.insert("zzz");
  auto entries = fs.readdir("/d");
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> got;
  for (auto& e : *entries) got.push_back(e.name);
  EXPECT_EQ(got, std::vector<std::string>(expect.begin(), expect.end()));
  for (const auto& name : expect) {
    ASSERT_TRUE(fs.stat("/d/" + name).ok()) << name;
  }
  EXPECT_EQ(fs.stat("/d/" + first).error(), ENOENT);
  // The fork still has everything it had.
  EXPECT_TRUE(child.stat("/d/" + first).ok());
  EXPECT_EQ(child.readdir("/d")->size(), created);
  auto child_entries = child.readdir("/d");
  EXPECT_TRUE(std::is_sorted(child_entries->begin(), child_entries->end(),
                             [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; }));
  // Emptying it works and rmdir sees it empty.
  for (const auto& name : expect) ASSERT_TRUE(fs.unlink("/d/" + name).ok());
  EXPECT_EQ(fs.readdir("/d")->size(), 0u);
  EXPECT_TRUE(fs.rmdir("/d").ok());
  EXPECT_TRUE(child.stat("/d/" + first).ok());
}

}  // namespace
}  // namespace kefka::vfs

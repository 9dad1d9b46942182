// /dev: null, zero, full, random, urandom, and the fd symlinks.
#include <gtest/gtest.h>

#include <set>

#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

using testing::make_vfs;
using testing::user_caller;

TEST(Dev, NullSwallowsWritesAndReadsEof) {
  auto vfs = make_vfs();
  FsView fs(*vfs, user_caller());
  auto s = fs.open("/dev/null", O_RDWR | O_TRUNC);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*(*s)->write("discarded"), 9u);
  EXPECT_EQ(*fs.read_file("/dev/null"), "");
  EXPECT_TRUE(fs.write_file("/dev/null", "x").ok());  // `> /dev/null`
  auto st = fs.stat("/dev/null");
  EXPECT_TRUE(S_ISCHR(st->mode));
  EXPECT_EQ(st->mode & 0777, 0666u);
}

TEST(Dev, ZeroAndFull) {
  auto vfs = make_vfs();
  FsView fs(*vfs, user_caller());
  char buf[100];
  auto zero = fs.open("/dev/zero", O_RDONLY);
  ASSERT_EQ(*(*zero)->read(buf), sizeof buf);
  EXPECT_EQ(std::string(buf, 100), std::string(100, '\0'));
  auto full = fs.open("/dev/full", O_RDWR);
  EXPECT_EQ((*full)->write("x").error(), ENOSPC);
  ASSERT_EQ(*(*full)->read(buf), sizeof buf);
}

TEST(Dev, RandomBytesDiffer) {
  auto vfs = make_vfs();
  FsView fs(*vfs, user_caller());
  std::set<std::string> seen;
  for (const char* dev : {"/dev/random", "/dev/urandom", "/dev/urandom"}) {
    auto s = fs.open(dev, O_RDONLY);
    ASSERT_TRUE(s.ok());
    char buf[32];
    ASSERT_EQ(*(*s)->read(buf), 32u);
    seen.insert(std::string(buf, 32));
    std::string big(1 << 16, '\0');
    ASSERT_EQ(*(*s)->read(std::span<char>(big)), big.size());
    int zeros = 0;
    for (char ch : big) zeros += ch == 0;
    EXPECT_LT(zeros, 600);  // about 256 expected
  }
  EXPECT_EQ(seen.size(), 3u);
}

TEST(Dev, ListingAndFixedNamespace) {
  auto vfs = make_vfs();
  FsView fs(*vfs, testing::root_caller());
  auto entries = fs.readdir("/dev");
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> names;
  for (auto& e : *entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"fd", "full", "null", "random", "stderr", "stdin",
                                             "stdout", "urandom", "zero"}));
  EXPECT_EQ(*fs.readlink("/dev/stdout"), "/proc/self/fd/1");
  EXPECT_EQ(fs.stat("/dev/tty").error(), ENOENT);
  EXPECT_EQ(fs.write_file("/dev/newfile", "x").error(), EACCES);
  EXPECT_EQ(fs.unlink("/dev/null").error(), EPERM);
  EXPECT_EQ(fs.mkdir("/dev/null").error(), EEXIST);
  EXPECT_EQ(fs.rename("/dev/null", "/tmp/null").error(), EXDEV);
  EXPECT_TRUE(fs.utimens("/dev/null", time_now(), time_now()).ok());
}

}  // namespace
}  // namespace kefka::vfs

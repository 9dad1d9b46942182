// Unit tests of Vfs path resolution, permissions and open flags over a
// MemoryBackend (with DevBackend at /dev).
#include <gtest/gtest.h>

#include <algorithm>

#include "vfs/clock.h"
#include "vfs/open_file.h"
#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

using testing::make_vfs;
using testing::read_all_of;
using testing::root_caller;
using testing::user_caller;

class VfsTest : public ::testing::Test {
 protected:
  VfsTest() : vfs_(make_vfs()), fs_(*vfs_, user_caller()), root_(*vfs_, root_caller()) {
    fs_.caller().cwd = "/home/user";
  }
  int err(const Status& s) { return s.ok() ? 0 : s.error(); }
  template <typename T>
  int err(const Result<T>& r) {
    return r.ok() ? 0 : r.error();
  }
  std::vector<std::string> names(std::string_view dir) {
    std::vector<std::string> out;
    auto entries = fs_.readdir(dir);
    if (!entries) return {"<error>"};
    for (auto& e : *entries) out.push_back(e.name);
    return out;
  }

  std::shared_ptr<Vfs> vfs_;
  FsView fs_;
  FsView root_;
};

TEST_F(VfsTest, WriteAndReadBack) {
  ASSERT_TRUE(fs_.write_file("hello.txt", "hi there\n").ok());
  auto data = fs_.read_file("/home/user/hello.txt");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "hi there\n");
  auto st = fs_.stat("hello.txt");
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->is_regular());
  EXPECT_EQ(st->mode & 07777, 0644u);  // 0666 & ~022
  EXPECT_EQ(st->uid, 1000u);
  EXPECT_EQ(st->size, 9u);
}

TEST_F(VfsTest, DotAndDotDotAndRepeatedSlashes) {
  ASSERT_TRUE(fs_.mkdir("a").ok());
  ASSERT_TRUE(fs_.mkdir("a/b").ok());
  ASSERT_TRUE(fs_.write_file("a/b/f", "x").ok());
  EXPECT_TRUE(fs_.stat("a//b/./f").ok());
  EXPECT_TRUE(fs_.stat("a/b/../b/f").ok());
  EXPECT_EQ(*fs_.realpath("a/./b/../b//f"), "/home/user/a/b/f");
  EXPECT_EQ(*fs_.realpath("/../../.."), "/");
  EXPECT_EQ(*fs_.realpath("."), "/home/user");
  EXPECT_EQ(err(fs_.stat("a/missing/..")), ENOENT);
  EXPECT_EQ(err(fs_.stat("a/b/f/..")), ENOTDIR);
  EXPECT_EQ(err(fs_.stat("")), ENOENT);
}

TEST_F(VfsTest, TrailingSlashRules) {
  ASSERT_TRUE(fs_.write_file("file", "x").ok());
  EXPECT_EQ(err(fs_.stat("file/")), ENOTDIR);
  EXPECT_EQ(err(fs_.open("file/", O_RDONLY)), ENOTDIR);
  EXPECT_EQ(err(fs_.unlink("file/")), ENOTDIR);
  EXPECT_TRUE(fs_.mkdir("dir/").ok());
  EXPECT_TRUE(fs_.stat("dir/").ok());
  EXPECT_EQ(err(fs_.open("new/", O_WRONLY | O_CREAT)), EISDIR);
  EXPECT_EQ(err(fs_.symlink("t", "new/")), ENOENT);
  EXPECT_EQ(err(fs_.rename("file", "x/")), ENOTDIR);
  ASSERT_TRUE(fs_.symlink("dir", "ld").ok());
  EXPECT_TRUE(fs_.lstat("ld/")->is_dir());  // a trailing slash follows the link
  EXPECT_TRUE(fs_.lstat("ld")->is_symlink());
  EXPECT_EQ(err(fs_.rmdir("ld/")), ENOTDIR);
  EXPECT_TRUE(fs_.rmdir("dir/").ok());
}

TEST_F(VfsTest, SpecialLastComponents) {
  ASSERT_TRUE(fs_.mkdir("d").ok());
  EXPECT_EQ(err(fs_.rmdir("d/.")), EINVAL);
  EXPECT_EQ(err(fs_.rmdir("d/..")), ENOTEMPTY);
  EXPECT_EQ(err(fs_.mkdir("d/.")), EEXIST);
  EXPECT_EQ(err(fs_.rename("d/.", "x")), EBUSY);
  EXPECT_EQ(err(fs_.unlink(".")), EISDIR);
  EXPECT_EQ(err(root_.rmdir("/")), EBUSY);
  EXPECT_EQ(err(root_.mkdir("/")), EEXIST);
  EXPECT_EQ(err(root_.rename("/", "/x")), EBUSY);
}

TEST_F(VfsTest, SymlinksRelativeAbsoluteAndChained) {
  ASSERT_TRUE(fs_.mkdir("real").ok());
  ASSERT_TRUE(fs_.write_file("real/f", "data").ok());
  ASSERT_TRUE(fs_.symlink("real", "rel").ok());
  ASSERT_TRUE(fs_.symlink("/home/user/real", "abs").ok());
  ASSERT_TRUE(fs_.symlink("rel/f", "chain").ok());
  ASSERT_TRUE(fs_.symlink("../user/./real/../real", "dotty").ok());
  EXPECT_EQ(*fs_.read_file("rel/f"), "data");
  EXPECT_EQ(*fs_.read_file("abs/f"), "data");
  EXPECT_EQ(*fs_.read_file("chain"), "data");
  EXPECT_EQ(*fs_.read_file("dotty/f"), "data");
  EXPECT_EQ(*fs_.realpath("chain"), "/home/user/real/f");
  EXPECT_EQ(*fs_.readlink("chain"), "rel/f");
  EXPECT_EQ(err(fs_.readlink("real")), EINVAL);
  // ".." after a symlink is the parent of the target, not of the link.
  ASSERT_TRUE(fs_.mkdir("real/sub").ok());
  ASSERT_TRUE(fs_.symlink("real/sub", "deep").ok());
  EXPECT_EQ(*fs_.realpath("deep/.."), "/home/user/real");
}

TEST_F(VfsTest, SymlinkLoopsGiveEloop) {
  ASSERT_TRUE(fs_.symlink("b", "a").ok());
  ASSERT_TRUE(fs_.symlink("a", "b").ok());
  EXPECT_EQ(err(fs_.stat("a")), ELOOP);
  EXPECT_TRUE(fs_.lstat("a").ok());
  ASSERT_TRUE(fs_.symlink("self/x", "self").ok());
  EXPECT_EQ(err(fs_.stat("self")), ELOOP);
  // A chain of exactly 40 links resolves, 41 does not.
  ASSERT_TRUE(fs_.write_file("target", "t").ok());
  std::string prev = "target";
  for (int i = 0; i < 41; ++i) {
    std::string name = "l" + std::to_string(i);
    ASSERT_TRUE(fs_.symlink(prev, name).ok());
    prev = name;
  }
  EXPECT_TRUE(fs_.stat("l39").ok());
  EXPECT_EQ(err(fs_.stat("l40")), ELOOP);
}

TEST_F(VfsTest, DanglingSymlinkCreatesTargetOnOpen) {
  ASSERT_TRUE(fs_.symlink("target", "dangling").ok());
  EXPECT_EQ(err(fs_.stat("dangling")), ENOENT);
  EXPECT_EQ(err(fs_.mkdir("dangling")), EEXIST);
  EXPECT_EQ(err(fs_.open("dangling", O_WRONLY | O_CREAT | O_EXCL)), EEXIST);
  ASSERT_TRUE(fs_.write_file("dangling", "now").ok());
  EXPECT_EQ(*fs_.read_file("target"), "now");
}

TEST_F(VfsTest, OpenFlags) {
  ASSERT_TRUE(fs_.write_file("f", "hello").ok());
  EXPECT_EQ(err(fs_.open("f", O_WRONLY | O_CREAT | O_EXCL)), EEXIST);
  EXPECT_EQ(err(fs_.open("missing", O_RDONLY)), ENOENT);
  {
    auto s = fs_.open("f", O_WRONLY | O_APPEND);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(write_all(**s, " world").ok());
  }
  EXPECT_EQ(*fs_.read_file("f"), "hello world");
  {
    auto s = fs_.open("f", O_RDWR | O_TRUNC);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(read_all_of(*s), "");
    ASSERT_TRUE(write_all(**s, "abc").ok());
    EXPECT_EQ(*(*s)->seek(0, SEEK_SET), 0);
    EXPECT_EQ(read_all_of(*s), "abc");
    EXPECT_EQ(*(*s)->seek(-1, SEEK_END), 2);
    EXPECT_EQ(read_all_of(*s), "c");
    EXPECT_EQ(err((*s)->seek(-10, SEEK_CUR)), EINVAL);
  }
  auto ro = fs_.open("f", O_RDONLY);
  ASSERT_TRUE(ro.ok());
  EXPECT_TRUE((*ro)->readable());
  EXPECT_FALSE((*ro)->writable());
  EXPECT_EQ(err((*ro)->write("x")), EBADF);
  auto wo = fs_.open("f", O_WRONLY);
  char buf[4];
  EXPECT_EQ(err((*wo)->read(buf)), EBADF);
  ASSERT_TRUE(fs_.symlink("f", "lf").ok());
  EXPECT_EQ(err(fs_.open("lf", O_RDONLY | O_NOFOLLOW)), ELOOP);
  EXPECT_EQ(err(fs_.open("f", O_RDONLY | O_DIRECTORY)), ENOTDIR);
  ASSERT_TRUE(fs_.mkdir("d").ok());
  auto dir = fs_.open("d", O_RDONLY | O_DIRECTORY);
  ASSERT_TRUE(dir.ok());
  EXPECT_EQ(err((*dir)->read(buf)), EISDIR);
  EXPECT_EQ(err(fs_.open("d", O_WRONLY)), EISDIR);
}

TEST_F(VfsTest, SeekPastEndLeavesAHoleOfZeros) {
  auto s = fs_.open("holes", O_RDWR | O_CREAT);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->seek(4, SEEK_SET).ok());
  ASSERT_TRUE(write_all(**s, "x").ok());
  EXPECT_EQ(*fs_.read_file("holes"), std::string("\0\0\0\0x", 5));
}

TEST_F(VfsTest, UnlinkedOpenFileStaysReadable) {
  ASSERT_TRUE(fs_.write_file("tmp", "still here").ok());
  auto s = fs_.open("tmp", O_RDONLY);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(fs_.unlink("tmp").ok());
  EXPECT_EQ(err(fs_.stat("tmp")), ENOENT);
  EXPECT_EQ(read_all_of(*s), "still here");
}

TEST_F(VfsTest, UmaskAppliesToNewFilesAndDirectories) {
  fs_.caller().umask = 077;
  ASSERT_TRUE(fs_.write_file("private", "x").ok());
  ASSERT_TRUE(fs_.mkdir("pdir", 0777).ok());
  EXPECT_EQ(fs_.stat("private")->mode & 07777, 0600u);
  EXPECT_EQ(fs_.stat("pdir")->mode & 07777, 0700u);
  fs_.caller().umask = 0;
  ASSERT_TRUE(fs_.mkdir("open", 0777).ok());
  EXPECT_EQ(fs_.stat("open")->mode & 07777, 0777u);
}

TEST_F(VfsTest, PermissionsFromModeBits) {
  ASSERT_TRUE(fs_.mkdir("locked").ok());
  ASSERT_TRUE(fs_.write_file("locked/f", "secret").ok());
  ASSERT_TRUE(fs_.chmod("locked", 0600).ok());  // no search permission
  EXPECT_EQ(err(fs_.stat("locked/f")), EACCES);
  EXPECT_TRUE(fs_.readdir("locked").ok());              // read without search is fine
  EXPECT_TRUE(root_.stat("/home/user/locked/f").ok());  // root bypasses
  ASSERT_TRUE(fs_.chmod("locked", 0500).ok());          // no write permission
  EXPECT_EQ(err(fs_.write_file("locked/g", "x")), EACCES);
  EXPECT_EQ(err(fs_.unlink("locked/f")), EACCES);
  EXPECT_EQ(err(fs_.rename("locked/f", "moved")), EACCES);
  EXPECT_EQ(err(fs_.mkdir("locked/sub")), EACCES);
  ASSERT_TRUE(fs_.chmod("locked/f", 0200).ok());
  EXPECT_EQ(err(fs_.open("locked/f", O_RDONLY)), EACCES);
  EXPECT_TRUE(fs_.open("locked/f", O_WRONLY).ok());
  EXPECT_EQ(err(fs_.access("locked/f", R_OK)), EACCES);
  EXPECT_TRUE(fs_.access("locked/f", W_OK).ok());
  EXPECT_EQ(err(root_.access("/home/user/locked/f", X_OK)), EACCES);  // no x bit at all
  EXPECT_TRUE(root_.access("/home/user/locked/f", R_OK | W_OK).ok());
  ASSERT_TRUE(fs_.chmod("locked", 0300).ok());  // write+search, no read
  EXPECT_EQ(err(fs_.readdir("locked")), EACCES);
  // Other users are checked against the "other" bits, group members against group bits.
  FsView other(*vfs_, user_caller(2000, 2000));
  EXPECT_EQ(err(other.write_file("/home/user/x", "x")), EACCES);
  EXPECT_EQ(err(other.chmod("/home/user", 0777)), EPERM);
  EXPECT_EQ(err(other.chown("/home/user/locked", 2000, 2000)), EPERM);
  ASSERT_TRUE(fs_.chmod("/home/user", 0775).ok());
  FsView group(*vfs_, user_caller(2001, 1000));
  EXPECT_TRUE(group.write_file("/home/user/by_group", "x").ok());
}

TEST_F(VfsTest, StickyDirectoryProtectsOthersFiles) {
  FsView other(*vfs_, user_caller(2000, 2000));
  ASSERT_TRUE(fs_.write_file("/tmp/mine", "x").ok());
  EXPECT_EQ(err(other.unlink("/tmp/mine")), EPERM);
  EXPECT_EQ(err(other.rename("/tmp/mine", "/tmp/theirs")), EPERM);
  ASSERT_TRUE(other.write_file("/tmp/theirs", "y").ok());
  EXPECT_TRUE(other.unlink("/tmp/theirs").ok());
  EXPECT_TRUE(root_.unlink("/tmp/mine").ok());
}

TEST_F(VfsTest, ChownRules) {
  ASSERT_TRUE(fs_.write_file("f", "x").ok());
  EXPECT_EQ(err(fs_.chown("f", 0, -1)), EPERM);
  EXPECT_TRUE(fs_.chown("f", -1, 1000).ok());
  EXPECT_TRUE(root_.chown("/home/user/f", 4242, 4343).ok());
  EXPECT_EQ(fs_.stat("f")->uid, 4242u);
  EXPECT_EQ(fs_.stat("f")->gid, 4343u);
}

TEST_F(VfsTest, UtimensRules) {
  ASSERT_TRUE(fs_.write_file("f", "x").ok());
  timespec t{1000, 5};
  ASSERT_TRUE(fs_.utimens("f", t, t).ok());
  EXPECT_EQ(fs_.stat("f")->mtime.tv_sec, 1000);
  EXPECT_EQ(fs_.stat("f")->atime.tv_nsec, 5);
  ASSERT_TRUE(fs_.utimens("f", time_omit(), time_now()).ok());
  EXPECT_EQ(fs_.stat("f")->atime.tv_sec, 1000);
  EXPECT_GT(fs_.stat("f")->mtime.tv_sec, 1000);
  FsView other(*vfs_, user_caller(2000, 2000));
  EXPECT_EQ(err(other.utimens("/home/user/f", t, t)), EPERM);
  EXPECT_EQ(err(other.utimens("/home/user/f", time_now(), time_now())), EACCES);
  ASSERT_TRUE(fs_.chmod("f", 0666).ok());
  EXPECT_TRUE(other.utimens("/home/user/f", time_now(), time_now()).ok());
}

TEST_F(VfsTest, PathLimits) {
  Limits limits;
  limits.max_path_length = 64;
  limits.max_name_length = 10;
  limits.max_path_depth = 4;
  auto vfs = make_vfs(limits);
  FsView fs(*vfs, root_caller());
  EXPECT_EQ(err(fs.mkdir("/abcdefghijk")), ENAMETOOLONG);
  EXPECT_TRUE(fs.mkdir("/abcdefghij").ok());
  EXPECT_EQ(err(fs.stat(std::string(64, '/'))), ENAMETOOLONG);
  EXPECT_TRUE(fs.mkdir("/a").ok());
  EXPECT_TRUE(fs.mkdir("/a/b").ok());
  EXPECT_TRUE(fs.mkdir("/a/b/c").ok());
  EXPECT_TRUE(fs.mkdir("/a/b/c/d").ok());
  EXPECT_EQ(err(fs.mkdir("/a/b/c/d/e")), ENAMETOOLONG);
  EXPECT_EQ(err(fs_.stat(std::string(300, 'n'))), ENAMETOOLONG);
  EXPECT_EQ(err(fs_.stat(std::string(5000, 'n'))), ENAMETOOLONG);
}

TEST_F(VfsTest, NulByteInPathIsEinval) {
  EXPECT_EQ(err(fs_.stat(std::string("a\0b", 3))), EINVAL);
  EXPECT_EQ(err(fs_.open(std::string("x\0", 2), O_WRONLY | O_CREAT)), EINVAL);
  EXPECT_EQ(err(fs_.symlink(std::string("t\0", 2), "l")), EINVAL);
}

TEST_F(VfsTest, ReadOnlyMountGivesErofs) {
  auto ro = std::make_shared<MemoryBackend>();
  FsView setup(*vfs_, root_caller());
  ASSERT_TRUE(setup.mkdir("/ro").ok());
  {
    Vfs direct(ro, Limits{});
    FsView d(direct, root_caller());
    ASSERT_TRUE(d.write_file("/f", "x").ok());
  }
  ASSERT_TRUE(vfs_->mount("/ro", ro, MountOptions{.read_only = true}).ok());
  EXPECT_EQ(*root_.read_file("/ro/f"), "x");
  EXPECT_EQ(err(root_.write_file("/ro/f", "y")), EROFS);
  EXPECT_EQ(err(root_.write_file("/ro/g", "y")), EROFS);
  EXPECT_EQ(err(root_.mkdir("/ro/d")), EROFS);
  EXPECT_EQ(err(root_.mkdir("/ro/f")), EEXIST);
  EXPECT_EQ(err(root_.unlink("/ro/f")), EROFS);
  EXPECT_EQ(err(root_.chmod("/ro/f", 0)), EROFS);
  EXPECT_EQ(err(root_.truncate("/ro/f", 0)), EROFS);
  EXPECT_EQ(err(root_.access("/ro/f", W_OK)), EROFS);
  // EROFS comes before ownership checks, as in Linux.
  EXPECT_EQ(err(fs_.chmod("/ro/f", 0)), EROFS);
  EXPECT_EQ(err(fs_.chown("/ro/f", 1000, 1000)), EROFS);
  EXPECT_EQ(err(fs_.utimens("/ro/f", timespec{1, 0}, timespec{1, 0})), EROFS);
}

TEST_F(VfsTest, MountsCrossRenameLinkAndBusy) {
  ASSERT_TRUE(root_.mkdir("/mnt").ok());
  ASSERT_TRUE(vfs_->mount("/mnt", std::make_shared<MemoryBackend>()).ok());
  EXPECT_EQ(err(vfs_->mount("/mnt", std::make_shared<MemoryBackend>())), EBUSY);
  ASSERT_TRUE(root_.write_file("/mnt/inside", "in").ok());
  ASSERT_TRUE(root_.write_file("/outside", "out").ok());
  EXPECT_EQ(err(root_.rename("/outside", "/mnt/x")), EXDEV);
  EXPECT_EQ(err(root_.link("/outside", "/mnt/x")), EXDEV);
  EXPECT_EQ(err(root_.rmdir("/mnt")), EBUSY);
  EXPECT_EQ(err(root_.rename("/mnt", "/mnt2")), EBUSY);
  EXPECT_EQ(err(root_.rmdir("/dev")), EBUSY);
  // ".." at a mount root goes back to the parent namespace.
  EXPECT_EQ(*root_.realpath("/mnt/../outside"), "/outside");
  // Symlinks cross mounts both ways.
  ASSERT_TRUE(root_.symlink("/outside", "/mnt/to_out").ok());
  ASSERT_TRUE(root_.symlink("mnt/inside", "/to_in").ok());
  EXPECT_EQ(*root_.read_file("/mnt/to_out"), "out");
  EXPECT_EQ(*root_.read_file("/to_in"), "in");
  ASSERT_TRUE(root_.symlink("../outside", "/mnt/rel_out").ok());
  EXPECT_EQ(*root_.read_file("/mnt/rel_out"), "out");
  auto mounts = vfs_->mounts();
  EXPECT_EQ(mounts.back().path, "/");
  EXPECT_TRUE(std::any_of(mounts.begin(), mounts.end(),
                          [](const MountInfo& m) { return m.path == "/mnt"; }));
}

TEST_F(VfsTest, RenameRules) {
  ASSERT_TRUE(fs_.mkdir("d").ok());
  ASSERT_TRUE(fs_.mkdir("d/sub").ok());
  ASSERT_TRUE(fs_.mkdir("e").ok());
  ASSERT_TRUE(fs_.write_file("f", "1").ok());
  ASSERT_TRUE(fs_.write_file("g", "2").ok());
  EXPECT_EQ(err(fs_.rename("d", "d/sub/x")), EINVAL);
  EXPECT_EQ(err(fs_.rename("f", "d")), EISDIR);
  EXPECT_EQ(err(fs_.rename("e", "f")), ENOTDIR);
  EXPECT_EQ(err(fs_.rename("e", "d")), ENOTEMPTY);
  EXPECT_TRUE(fs_.rename("f", "g").ok());
  EXPECT_EQ(*fs_.read_file("g"), "1");
  EXPECT_EQ(err(fs_.stat("f")), ENOENT);
  EXPECT_TRUE(fs_.rename("d/sub", "e/sub").ok());
  EXPECT_TRUE(fs_.rename("d", "e/sub").ok());  // replaces the empty directory
  EXPECT_EQ(names("e"), std::vector<std::string>{"sub"});
  EXPECT_TRUE(fs_.rename("g", "g").ok());
  ASSERT_TRUE(fs_.link("g", "h").ok());
  EXPECT_TRUE(fs_.rename("g", "h").ok());  // same inode: nothing happens
  EXPECT_TRUE(fs_.stat("g").ok());
}

TEST_F(VfsTest, HardLinksShareOneInode) {
  ASSERT_TRUE(fs_.write_file("a", "one").ok());
  ASSERT_TRUE(fs_.link("a", "b").ok());
  EXPECT_EQ(fs_.stat("a")->ino, fs_.stat("b")->ino);
  EXPECT_EQ(fs_.stat("a")->nlink, 2u);
  ASSERT_TRUE(fs_.write_file("b", "two").ok());
  EXPECT_EQ(*fs_.read_file("a"), "two");
  ASSERT_TRUE(fs_.unlink("a").ok());
  EXPECT_EQ(fs_.stat("b")->nlink, 1u);
  ASSERT_TRUE(fs_.mkdir("d").ok());
  EXPECT_EQ(err(fs_.link("d", "d2")), EPERM);
  EXPECT_EQ(err(fs_.link("b", "b")), EEXIST);
  EXPECT_EQ(err(fs_.link("missing", "x")), ENOENT);
}

TEST_F(VfsTest, DirectoryLinkCounts) {
  ASSERT_TRUE(fs_.mkdir("p").ok());
  EXPECT_EQ(fs_.stat("p")->nlink, 2u);
  ASSERT_TRUE(fs_.mkdir("p/a").ok());
  ASSERT_TRUE(fs_.mkdir("p/b").ok());
  EXPECT_EQ(fs_.stat("p")->nlink, 4u);
  ASSERT_TRUE(fs_.mkdir("q").ok());
  ASSERT_TRUE(fs_.rename("p/a", "q/a").ok());
  EXPECT_EQ(fs_.stat("p")->nlink, 3u);
  EXPECT_EQ(fs_.stat("q")->nlink, 3u);
  ASSERT_TRUE(fs_.rmdir("p/b").ok());
  EXPECT_EQ(fs_.stat("p")->nlink, 2u);
}

TEST_F(VfsTest, TimesMoveLikeLinux) {
  ASSERT_TRUE(fs_.mkdir("d").ok());
  auto d0 = *fs_.stat("d");
  ASSERT_TRUE(fs_.write_file("d/f", "x").ok());
  auto d1 = *fs_.stat("d");
  EXPECT_TRUE(time_less(d0.mtime, d1.mtime));  // a new entry changes the directory
  auto f0 = *fs_.stat("d/f");
  ASSERT_TRUE(fs_.chmod("d/f", 0600).ok());
  auto f1 = *fs_.stat("d/f");
  EXPECT_TRUE(time_less(f0.ctime, f1.ctime));
  EXPECT_EQ(f0.mtime.tv_nsec, f1.mtime.tv_nsec);  // chmod leaves mtime
  ASSERT_TRUE(fs_.truncate("d/f", 10).ok());
  auto f2 = *fs_.stat("d/f");
  EXPECT_TRUE(time_less(f1.mtime, f2.mtime));
  EXPECT_EQ(f2.size, 10u);
  ASSERT_TRUE(fs_.link("d/f", "d/g").ok());
  EXPECT_TRUE(time_less(f2.ctime, fs_.stat("d/f")->ctime));
}

TEST_F(VfsTest, ReaddirSortedWithTypes) {
  ASSERT_TRUE(fs_.write_file("b", "").ok());
  ASSERT_TRUE(fs_.mkdir("a").ok());
  ASSERT_TRUE(fs_.symlink("b", "c").ok());
  auto entries = fs_.readdir(".");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].name, "a");
  EXPECT_EQ((*entries)[0].type, static_cast<uint32_t>(S_IFDIR));
  EXPECT_EQ((*entries)[1].type, static_cast<uint32_t>(S_IFREG));
  EXPECT_EQ((*entries)[2].type, static_cast<uint32_t>(S_IFLNK));
  EXPECT_EQ(err(fs_.readdir("b")), ENOTDIR);
}

TEST_F(VfsTest, FsViewAbsoluteIsLexical) {
  EXPECT_EQ(fs_.absolute("x/../y/./z"), "/home/user/y/z");
  EXPECT_EQ(fs_.absolute("/a//b/"), "/a/b");
  EXPECT_EQ(fs_.absolute("../../.."), "/");
}

TEST_F(VfsTest, RelativePathsStartAtCwd) {
  ASSERT_TRUE(fs_.mkdir("w").ok());
  fs_.caller().cwd = "/home/user/w";
  ASSERT_TRUE(fs_.write_file("f", "in w").ok());
  EXPECT_EQ(*fs_.read_file("/home/user/w/f"), "in w");
  fs_.caller().cwd = "/home/user/gone";
  EXPECT_EQ(err(fs_.stat("f")), ENOENT);
  EXPECT_TRUE(fs_.stat("/home/user/w/f").ok());
}

}  // namespace
}  // namespace kefka::vfs

namespace kefka::vfs {
namespace {

TEST(VfsSetgid, SetgidDirectoryPassesItsGroupOn) {
  auto vfs = testing::make_vfs();
  FsView root(*vfs, testing::root_caller());
  root.caller().umask = 0;
  ASSERT_TRUE(root.mkdir("/shared", 0777).ok());
  ASSERT_TRUE(root.chown("/shared", 0, 500).ok());
  ASSERT_TRUE(root.chmod("/shared", 02777).ok());
  FsView user(*vfs, testing::user_caller());
  ASSERT_TRUE(user.write_file("/shared/f", "x").ok());
  ASSERT_TRUE(user.mkdir("/shared/d", 07777).ok());
  EXPECT_EQ(user.stat("/shared/f")->gid, 500u);
  EXPECT_EQ(user.stat("/shared/d")->gid, 500u);
  EXPECT_EQ(user.stat("/shared/d")->mode & 07777, 03755u);  // as Linux: sticky kept, setgid added
  ASSERT_TRUE(user.mkdir("/tmp/plain", 07777).ok());
  EXPECT_EQ(user.stat("/tmp/plain")->mode & 07777, 01755u);
  EXPECT_EQ(user.stat("/tmp/plain")->gid, 1000u);
}

}  // namespace
}  // namespace kefka::vfs

namespace kefka::vfs {
namespace {

TEST(OpenFileTest, PreadPwriteTruncateAndSharedOffset) {
  auto vfs = testing::make_vfs();
  FsView fs(*vfs, testing::root_caller());
  ASSERT_TRUE(fs.write_file("/f", "0123456789").ok());
  auto s = fs.open("/f", O_RDWR);
  ASSERT_TRUE(s.ok());
  auto* file = dynamic_cast<OpenFile*>(s->get());
  ASSERT_NE(file, nullptr);
  char buf[4];
  ASSERT_EQ(*file->pread(buf, 6), 4u);
  EXPECT_EQ(std::string(buf, 4), "6789");
  ASSERT_EQ(*file->pwrite("ab", 2), 2u);
  EXPECT_EQ(*fs.read_file("/f"), "01ab456789");
  // pread/pwrite leave the offset alone; a dup (the same StreamPtr) shares it.
  StreamPtr dup = *s;
  ASSERT_EQ(*(*s)->read(std::span<char>(buf, 3)), 3u);
  ASSERT_EQ(*dup->read(std::span<char>(buf, 3)), 3u);
  EXPECT_EQ(std::string(buf, 3), "b45");
  ASSERT_TRUE(file->truncate(4).ok());
  EXPECT_EQ(file->stat()->size, 4u);
  auto ro = fs.open("/f", O_RDONLY);
  EXPECT_EQ(dynamic_cast<OpenFile*>(ro->get())->truncate(0).error(), EINVAL);
  EXPECT_EQ(dynamic_cast<OpenFile*>(ro->get())->pwrite("x", 0).error(), EBADF);
}

TEST(OpenFileTest, ReadFileHonoursMaxBytes) {
  auto vfs = testing::make_vfs();
  FsView fs(*vfs, testing::root_caller());
  ASSERT_TRUE(fs.write_file("/f", std::string(1000, 'x')).ok());
  EXPECT_EQ(fs.read_file("/f", 999).error(), EFBIG);
  EXPECT_EQ(fs.read_file("/f", 1000)->size(), 1000u);
  EXPECT_EQ(fs.read_file("/dev/zero", 100).error(), EFBIG);
  EXPECT_EQ(*fs.read_file("/dev/null"), "");
}

}  // namespace
}  // namespace kefka::vfs

namespace kefka::vfs {
namespace {

TEST(VfsSetid, ChownAndUnprivilegedWritesDropSetIdBits) {
  auto vfs = testing::make_vfs();
  FsView root(*vfs, testing::root_caller());
  ASSERT_TRUE(root.write_file("/f", "x").ok());
  ASSERT_TRUE(root.chmod("/f", 06755).ok());
  ASSERT_TRUE(root.chown("/f", 0, 0).ok());
  EXPECT_EQ(root.stat("/f")->mode & 07777, 0755u);
  ASSERT_TRUE(root.chmod("/f", 02745).ok());  // set-group-ID without group execute stays
  ASSERT_TRUE(root.chown("/f", -1, -1).ok());
  EXPECT_EQ(root.stat("/f")->mode & 07777, 02745u);
  // Root writing keeps the bits; a user writing drops them.
  ASSERT_TRUE(root.chmod("/f", 06777).ok());
  ASSERT_TRUE(root.write_file("/f", "root").ok());
  EXPECT_EQ(root.stat("/f")->mode & 07777, 06777u);
  FsView user(*vfs, testing::user_caller());
  auto s = user.open("/f", O_WRONLY);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(root.stat("/f")->mode & 07777, 06777u);  // opening alone changes nothing
  ASSERT_TRUE(write_all(**s, "user").ok());
  EXPECT_EQ(root.stat("/f")->mode & 07777, 0777u);
  ASSERT_TRUE(root.chmod("/f", 04777).ok());
  ASSERT_TRUE(user.truncate("/f", 1).ok());
  EXPECT_EQ(root.stat("/f")->mode & 07777, 0777u);
}

}  // namespace
}  // namespace kefka::vfs

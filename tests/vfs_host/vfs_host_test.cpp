// HostBackend under a real Vfs: symlinks in the host folder resolve inside the
// sandbox namespace, never on the host; permissions work for the sandbox user.
#include <sys/syscall.h>

#include <atomic>

#include "base/stream.h"
#include "host_fixture.h"
#include "vfs/memory_backend.h"
#include "vfs/vfs.h"

namespace kefka::vfs::test {
namespace {

using namespace std::chrono_literals;

Caller user(uint32_t uid = 1000) {
  Caller c;
  c.cred = Credentials{uid, uid};
  return c;
}

Caller root_user() {
  Caller c;
  c.cred = Credentials{0, 0};
  c.umask = 0;
  return c;
}

std::string read_or_error(const FsView& fs, std::string_view path) {
  auto data = fs.read_file(path);
  return data.ok() ? *data : "<" + std::string(strerror(data.error())) + ">";
}

// A sandbox with a memory root holding its own /etc/passwd, and the host
// folder mounted at /work. The folder is full of symlinks aimed outside.
class VfsHostMountTest : public ::testing::TestWithParam<bool> {
 protected:
  VfsHostMountTest() {
    ::mkdir(folder_.at("sub").c_str(), 0755);
    write_host(folder_.at("sub/file"), "inner file");
    write_host(folder_.at("plain"), "plain");
    ::symlink("/etc/passwd", folder_.at("abs").c_str());
    ::symlink(folder_.secret().c_str(), folder_.at("abs_secret").c_str());
    ::symlink(folder_.outside().c_str(), folder_.at("abs_dir").c_str());
    ::symlink("../../../../../../../../secret.txt", folder_.at("rel").c_str());
    ::symlink("../outside", folder_.at("rel_dir").c_str());
    ::symlink("../../outside/secret2.txt", folder_.at("sub/deep").c_str());
    ::symlink("sub", folder_.at("inner").c_str());
    ::mkfifo(folder_.at("fifo").c_str(), 0666);

    vfs_ = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(), Limits{});
    FsView admin(*vfs_, root_user());
    (void)admin.mkdir("/etc", 0755);
    (void)admin.write_file("/etc/passwd", "sandbox passwd\n", 0644);
    (void)admin.mkdir("/work", 0755);
    host_ = make_backend(folder_.root(), {.read_only = GetParam()});
    EXPECT_TRUE(vfs_->mount("/work", host_).ok());
    outside_before_ = folder_.outside_manifest();
  }
  ~VfsHostMountTest() override { EXPECT_EQ(folder_.outside_manifest(), outside_before_); }

  HostFolder folder_;
  std::shared_ptr<HostBackend> host_;
  std::shared_ptr<Vfs> vfs_;
  std::string outside_before_;
};

TEST_P(VfsHostMountTest, AbsoluteSymlinksMeanTheSandboxPaths) {
  FsView fs(*vfs_, user());
  EXPECT_EQ(read_or_error(fs, "/work/abs"), "sandbox passwd\n");
  // The host path of the secret does not exist in the sandbox.
  EXPECT_EQ(read_or_error(fs, "/work/abs_secret"), "<No such file or directory>");
  EXPECT_EQ(err(fs.readdir("/work/abs_dir")), ENOENT);
  EXPECT_EQ(*fs.realpath("/work/abs"), "/etc/passwd");
  EXPECT_EQ(*fs.readlink("/work/abs_secret"), folder_.secret());
}

TEST_P(VfsHostMountTest, RelativeSymlinksClimbTheSandboxTree) {
  FsView fs(*vfs_, user());
  EXPECT_EQ(read_or_error(fs, "/work/rel"), "<No such file or directory>");
  EXPECT_EQ(err(fs.readdir("/work/rel_dir")), ENOENT);
  EXPECT_EQ(read_or_error(fs, "/work/sub/deep"), "<No such file or directory>");
  // Give the sandbox its own /secret.txt and /outside: the links now find
  // those, still never the host's.
  FsView admin(*vfs_, root_user());
  ASSERT_TRUE(admin.write_file("/secret.txt", "sandbox secret", 0644).ok());
  ASSERT_TRUE(admin.mkdir("/outside", 0755).ok());
  ASSERT_TRUE(admin.write_file("/outside/secret2.txt", "sandbox secret2", 0644).ok());
  EXPECT_EQ(read_or_error(fs, "/work/rel"), "sandbox secret");
  EXPECT_EQ(read_or_error(fs, "/work/sub/deep"), "sandbox secret2");
  EXPECT_EQ(*fs.realpath("/work/rel_dir/secret2.txt"), "/outside/secret2.txt");
  EXPECT_EQ(read_or_error(fs, "/work/abs_secret"), "<No such file or directory>");
}

TEST_P(VfsHostMountTest, DotDotStopsAtTheSandboxRoot) {
  FsView fs(*vfs_, user());
  EXPECT_EQ(read_or_error(fs, "/work/../etc/passwd"), "sandbox passwd\n");
  EXPECT_EQ(read_or_error(fs, "/work/../../../../secret.txt"), "<No such file or directory>");
  EXPECT_EQ(read_or_error(fs, "/work/sub/../../work/plain"), "plain");
  EXPECT_EQ(read_or_error(fs, "/work/inner/file"), "inner file");
  EXPECT_EQ(read_or_error(fs, "/work/inner/../plain"), "plain");
}

TEST_P(VfsHostMountTest, WritesThroughSymlinksStayInTheSandbox) {
  FsView fs(*vfs_, user(0));
  // /etc/passwd of the sandbox is writable by sandbox root; the host's never.
  (void)fs.write_file("/work/abs", "overwritten\n");
  (void)fs.write_file("/work/abs_secret", "PWNED");
  (void)fs.write_file("/work/rel", "PWNED");
  (void)fs.write_file("/work/abs_dir/secret2.txt", "PWNED");
  (void)fs.write_file("/work/rel_dir/new", "PWNED");
  (void)fs.truncate("/work/abs_secret", 0);
  (void)fs.chmod("/work/rel", 0777);
  (void)fs.utimens("/work/abs_secret", {1, 0}, {1, 0});
  (void)fs.unlink("/work/abs_dir/secret2.txt");
  (void)fs.rename("/work/rel_dir/secret2.txt", "/work/stolen");
  EXPECT_EQ(read_host(folder_.secret()), kSecret);
  EXPECT_EQ(read_host("/etc/passwd").find("overwritten"), std::string::npos);
  // Destructor: the outside tree is unchanged.
}

TEST_P(VfsHostMountTest, HostFilesBelongToTheSandboxUser) {
  FsView fs(*vfs_, user(1000));
  EXPECT_EQ(fs.stat("/work/plain")->uid, 1000u);
  if (GetParam()) {
    EXPECT_EQ(err(fs.write_file("/work/plain", "mine")), EROFS);
    EXPECT_EQ(err(fs.mkdir("/work/newdir")), EROFS);
    EXPECT_EQ(read_host(folder_.at("plain")), "plain");
  } else {
    EXPECT_EQ(err(fs.write_file("/work/plain", "mine")), 0);
    EXPECT_EQ(read_host(folder_.at("plain")), "mine");
    EXPECT_EQ(err(fs.mkdir("/work/newdir")), 0);
    EXPECT_EQ(HostFolder::stat_of(folder_.at("newdir")).st_mode & 07777, 0755u);
  }
  // Another sandbox user is refused by Vfs's permission check.
  FsView other(*vfs_, user(2000));
  EXPECT_EQ(err(other.write_file("/work/plain", "theirs")), GetParam() ? EROFS : EACCES);
  ASSERT_TRUE(fs.chmod("/work/plain", 0600).ok() || GetParam());
  if (!GetParam()) {
    EXPECT_EQ(read_or_error(other, "/work/plain"), "<Permission denied>");
  }
}

TEST_P(VfsHostMountTest, FifoOpensFailWithoutBlocking) {
  FsView fs(*vfs_, user());
  EXPECT_TRUE(S_ISFIFO(fs.stat("/work/fifo")->mode));
  EXPECT_EQ(returns_within(5s, [&] { return err(fs.open("/work/fifo", O_RDONLY)); }), EACCES);
  EXPECT_EQ(returns_within(5s, [&] { return err(fs.open("/work/fifo", O_WRONLY)); }),
            GetParam() ? EROFS : EACCES);
}

TEST_P(VfsHostMountTest, NulBytesAndLongPathsNeverReachTheHost) {
  FsView fs(*vfs_, user(0));
  for (std::string_view path :
       {std::string_view("/work/plain\0/../../secret.txt", 29), std::string_view("/work/\0", 7),
        std::string_view("/work/abs_secret\0", 17)}) {
    EXPECT_FALSE(fs.read_file(path).ok());
    EXPECT_FALSE(fs.write_file(path, "PWNED").ok());
    EXPECT_FALSE(fs.mkdir(path).ok());
  }
  std::string long_name = "/work/" + std::string(256, 'x');
  EXPECT_EQ(err(fs.write_file(long_name, "x")), ENAMETOOLONG);
  EXPECT_EQ(err(fs.stat(long_name)), ENAMETOOLONG);
  std::string deep = "/work";
  while (deep.size() < 5000) deep += "/sub";
  EXPECT_EQ(err(fs.stat(deep)), ENAMETOOLONG);
  EXPECT_EQ(read_host(folder_.secret()), kSecret);
}

TEST_P(VfsHostMountTest, OddNamesThroughVfs) {
  FsView fs(*vfs_, user());
  for (std::string name : {"with\nnewline", "-rf", " lead", "\xff\xfe", "a b"}) {
    SCOPED_TRACE(name);
    if (GetParam()) {
      EXPECT_EQ(err(fs.write_file("/work/sub/" + name, name)), EROFS);
      EXPECT_EQ(::access(folder_.at("sub/" + name).c_str(), F_OK), -1);
      continue;
    }
    ASSERT_EQ(err(fs.write_file("/work/sub/" + name, name)), 0);
    EXPECT_EQ(read_host(folder_.at("sub/" + name)), name);
    EXPECT_EQ(read_or_error(fs, "/work/sub/" + name), name);
  }
}

TEST_P(VfsHostMountTest, ReaddirListsTheFolderSorted) {
  FsView fs(*vfs_, user());
  auto entries = fs.readdir("/work");
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> names;
  for (const auto& e : *entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"abs", "abs_dir", "abs_secret", "fifo", "inner",
                                             "plain", "rel", "rel_dir", "sub"}));
}

INSTANTIATE_TEST_SUITE_P(Modes, VfsHostMountTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "ro" : "rw"; });

// `kefka --rw DIR`: the host folder is the sandbox's "/".
TEST(VfsHostRoot, HostFolderAsTheWholeNamespace) {
  HostFolder folder;
  ::mkdir(folder.at("etc").c_str(), 0755);
  write_host(folder.at("etc/passwd"), "folder passwd\n");
  ::symlink("/etc/passwd", folder.at("abs").c_str());
  ::symlink(folder.secret().c_str(), folder.at("abs_secret").c_str());
  ::symlink("../../secret.txt", folder.at("rel").c_str());
  std::string outside = folder.outside_manifest();
  Vfs vfs(make_backend(folder.root()), Limits{});
  FsView fs(vfs, user());
  EXPECT_EQ(read_or_error(fs, "/abs"), "folder passwd\n");
  EXPECT_EQ(read_or_error(fs, "/abs_secret"), "<No such file or directory>");
  EXPECT_EQ(read_or_error(fs, "/rel"), "<No such file or directory>");
  EXPECT_EQ(read_or_error(fs, "/../secret.txt"), "<No such file or directory>");
  EXPECT_EQ(read_or_error(fs, "/../../etc/passwd"), "folder passwd\n");
  EXPECT_EQ(*fs.realpath("/.."), "/");
  (void)fs.write_file("/rel", "PWNED");
  (void)fs.write_file("/abs_secret", "PWNED");
  EXPECT_EQ(folder.outside_manifest(), outside);
  // Writes through /rel land inside the folder, at its root.
  EXPECT_EQ(read_host(folder.at("secret.txt")), "PWNED");
}

// The race again, through Vfs: a host process keeps swapping a directory for a
// symlink to outside while the sandbox reads and writes beneath it.
TEST(VfsHostRace, SwappingDirectoryForSymlinkThroughVfs) {
  HostFolder folder;
  ::mkdir(folder.at("d").c_str(), 0755);
  write_host(folder.at("d/secret2.txt"), "inside");
  ::symlink(folder.outside().c_str(), folder.at("swap").c_str());
  std::string outside = folder.outside_manifest();
  Vfs vfs(make_backend(folder.root()), Limits{});
  FsView fs(vfs, user());
  int root_fd = ::open(folder.root().c_str(), O_PATH | O_DIRECTORY);
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    while (!stop.load()) syscall(SYS_renameat2, root_fd, "d", root_fd, "swap", RENAME_EXCHANGE);
  });
  int leaks = 0;
  for (int i = 0; i < 3000; ++i) {
    if (read_or_error(fs, "/d/secret2.txt").find(kSecret) != std::string::npos) ++leaks;
    (void)fs.write_file("/d/new", "x");
    (void)fs.unlink("/d/new");
    (void)fs.truncate("/d/secret2.txt", 6);
  }
  stop = true;
  swapper.join();
  ::close(root_fd);
  EXPECT_EQ(leaks, 0);
  EXPECT_EQ(folder.outside_manifest(), outside);
}

// lookup() keeps parent directories open; a kept directory that a host process
// moves out of the folder must never be used again.
TEST(VfsHostDirHandles, DirectoryMovedOutsideIsNotUsedAgain) {
  HostFolder folder;
  ::mkdir(folder.at("d").c_str(), 0755);
  ::mkdir(folder.at("d/sub").c_str(), 0755);
  write_host(folder.at("d/sub/file"), "old");
  Vfs vfs(make_backend(folder.root()), Limits{});
  FsView fs(vfs, user());
  ASSERT_TRUE(fs.lstat("/d/sub/file").ok());
  ASSERT_EQ(::rename(folder.at("d").c_str(), (folder.outside() + "/moved").c_str()), 0);
  EXPECT_EQ(fs.lstat("/d/sub/file").error(), ENOENT);
  ::mkdir(folder.at("d").c_str(), 0755);
  ::mkdir(folder.at("d/sub").c_str(), 0755);
  write_host(folder.at("d/sub/file"), "new!");
  auto st = fs.lstat("/d/sub/file");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->size, 4u);
  EXPECT_EQ(read_or_error(fs, "/d/sub/file"), "new!");
}

TEST(VfsHostDirHandles, RenamesInsideTheSandboxAreSeen) {
  HostFolder folder;
  Vfs vfs(make_backend(folder.root()), Limits{});
  FsView fs(vfs, user());
  ASSERT_TRUE(fs.mkdir("/a", 0755).ok());
  ASSERT_TRUE(fs.write_file("/a/f", "first").ok());
  ASSERT_TRUE(fs.lstat("/a/f").ok());
  ASSERT_TRUE(fs.rename("/a", "/b").ok());
  EXPECT_EQ(fs.lstat("/a/f").error(), ENOENT);
  ASSERT_TRUE(fs.mkdir("/a", 0755).ok());
  EXPECT_EQ(fs.lstat("/a/f").error(), ENOENT);
  ASSERT_TRUE(fs.write_file("/a/f", "second!").ok());
  EXPECT_EQ(fs.lstat("/a/f")->size, 7u);
  EXPECT_EQ(fs.lstat("/b/f")->size, 5u);
  ASSERT_TRUE(fs.unlink("/b/f").ok());
  ASSERT_TRUE(fs.rmdir("/b").ok());
  EXPECT_EQ(fs.lstat("/b/f").error(), ENOENT);
}

// More directories than handles are kept: every lookup still answers right.
TEST(VfsHostDirHandles, ManyDirectoriesInTurn) {
  HostFolder folder;
  for (int d = 0; d < 20; ++d) {
    std::string dir = folder.at("d" + std::to_string(d));
    ::mkdir(dir.c_str(), 0755);
    write_host(dir + "/f", std::string(static_cast<size_t>(d), 'x'));
  }
  Vfs vfs(make_backend(folder.root()), Limits{});
  FsView fs(vfs, user());
  for (int round = 0; round < 3; ++round) {
    for (int d = 0; d < 20; ++d) {
      auto st = fs.lstat("/d" + std::to_string(d) + "/f");
      ASSERT_TRUE(st.ok());
      EXPECT_EQ(st->size, static_cast<uint64_t>(d));
    }
  }
}

}  // namespace
}  // namespace kefka::vfs::test

// HostBackend's operations on a host temp folder: results checked against the
// host with plain POSIX calls.
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <atomic>

#include "host_fixture.h"

namespace kefka::vfs::test {
namespace {

using namespace std::chrono_literals;

constexpr Credentials kUser{1000, 1000};

class HostBackendTest : public ::testing::Test {
 protected:
  HostFolder folder_;
  std::shared_ptr<HostBackend> rw_ = make_backend(folder_.root());
};

TEST_F(HostBackendTest, CreateFailsForMissingOrNonDirectoryRoot) {
  EXPECT_EQ(err(HostBackend::create(folder_.base() + "/missing")), ENOENT);
  EXPECT_EQ(err(HostBackend::create(folder_.secret())), ENOTDIR);
  EXPECT_EQ(err(HostBackend::create("")), ENOENT);
  EXPECT_EQ(err(HostBackend::create(folder_.root() + std::string("\0/..", 4))), EINVAL);
}

TEST_F(HostBackendTest, WriteThenReadRoundTrip) {
  ASSERT_EQ(err(write_backend(*rw_, "hello.txt", "hello\nworld\n")), 0);
  EXPECT_EQ(read_host(folder_.at("hello.txt")), "hello\nworld\n");
  EXPECT_EQ(read_backend(*rw_, "hello.txt"), "hello\nworld\n");

  auto file = rw_->open("hello.txt", O_RDWR, 0, kUser);
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(err((*file)->pwrite("J", 6)), 0);
  char buf[5];
  auto n = (*file)->pread(std::span<char>(buf, 5), 6);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "Jorld");
  ASSERT_EQ(err((*file)->truncate(3)), 0);
  EXPECT_EQ((*file)->stat()->size, 3u);
  EXPECT_EQ(read_host(folder_.at("hello.txt")), "hel");
}

TEST_F(HostBackendTest, LargeFileRoundTrip) {
  std::string big(3 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + i / 4096);
  ASSERT_EQ(err(write_backend(*rw_, "big.bin", big)), 0);
  EXPECT_EQ(read_host(folder_.at("big.bin")), big);
  EXPECT_EQ(read_backend(*rw_, "big.bin"), big);
}

// append() writes at the end atomically: lines appended from several threads
// (and a host process's own O_APPEND writes) never overwrite each other.
TEST_F(HostBackendTest, AppendIsAtomic) {
  write_host(folder_.at("log"), "start\n");
  auto file = rw_->open("log", O_WRONLY, 0, kUser);
  ASSERT_TRUE(file.ok());
  auto size = (*file)->append("one\n");
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 10u);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto own = rw_->open("log", O_WRONLY, 0, kUser);
      for (int i = 0; i < 100; ++i) (void)(*own)->append(std::string(50, 'a' + t) + "\n");
    });
  }
  for (auto& th : threads) th.join();
  std::string content = read_host(folder_.at("log"));
  EXPECT_EQ(content.size(), 10u + 4 * 100 * 51);
  EXPECT_EQ(content.substr(0, 10), "start\none\n");
  for (size_t pos = 10; pos + 51 <= content.size(); pos += 51) {
    EXPECT_EQ(content.substr(pos, 51), std::string(50, content[pos]) + "\n") << pos;
  }
  auto ro = rw_->open("log", O_RDONLY, 0, kUser);
  EXPECT_EQ(err((*ro)->append("x")), EBADF);
}

TEST_F(HostBackendTest, OpenFlags) {
  write_host(folder_.at("f"), "abcdef");
  EXPECT_EQ(err(rw_->open("f", O_WRONLY | O_CREAT | O_EXCL, 0644, kUser)), EEXIST);
  EXPECT_EQ(err(rw_->open("missing", O_RDONLY, 0, kUser)), ENOENT);
  EXPECT_EQ(err(rw_->open("missing/x", O_RDONLY, 0, kUser)), ENOENT);
  EXPECT_EQ(err(rw_->open("f/x", O_RDONLY, 0, kUser)), ENOTDIR);
  EXPECT_EQ(err(rw_->open("f/x", O_WRONLY | O_CREAT, 0644, kUser)), ENOTDIR);
  // O_CREAT on an existing file opens it without truncating or changing mode.
  ASSERT_TRUE(rw_->open("f", O_WRONLY | O_CREAT, 0600, kUser).ok());
  EXPECT_EQ(read_host(folder_.at("f")), "abcdef");
  EXPECT_EQ(HostFolder::stat_of(folder_.at("f")).st_mode & 07777, 0644u);
  ASSERT_TRUE(rw_->open("f", O_WRONLY | O_TRUNC, 0, kUser).ok());
  EXPECT_EQ(read_host(folder_.at("f")), "");
  // A file opened read-only cannot be written, as on the host.
  auto ro = rw_->open("f", O_RDONLY, 0, kUser);
  ASSERT_TRUE(ro.ok());
  EXPECT_EQ(err((*ro)->pwrite("x", 0)), EBADF);
}

TEST_F(HostBackendTest, DirectoriesCannotBeOpenedAsFiles) {
  ::mkdir(folder_.at("d").c_str(), 0755);
  EXPECT_EQ(err(rw_->open("d", O_RDONLY, 0, kUser)), EISDIR);
  EXPECT_EQ(err(rw_->open("d", O_WRONLY, 0, kUser)), EISDIR);
  EXPECT_EQ(err(rw_->open("d", O_RDWR | O_CREAT, 0644, kUser)), EISDIR);
  EXPECT_EQ(err(rw_->open("d", O_RDWR | O_CREAT | O_EXCL, 0644, kUser)), EEXIST);
  EXPECT_EQ(err(rw_->open("", O_RDONLY, 0, kUser)), EISDIR);
}

// Vfs applies the sandbox umask; the host process's umask must not apply again.
TEST_F(HostBackendTest, NewFilesGetExactlyTheRequestedMode) {
  mode_t old = ::umask(077);
  auto file = rw_->open("f", O_WRONLY | O_CREAT, 0664, kUser);
  Status dir = rw_->mkdir("d", 0775, kUser);
  Status sticky = rw_->mkdir("t", 01777, kUser);
  ::umask(old);
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(err(dir), 0);
  ASSERT_EQ(err(sticky), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("f")).st_mode, S_IFREG | 0664u);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("d")).st_mode, S_IFDIR | 0775u);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("t")).st_mode, S_IFDIR | 01777u);
  EXPECT_EQ(rw_->lstat("f")->mode, S_IFREG | 0664u);
}

TEST_F(HostBackendTest, EverythingIsOwnedByTheConfiguredUser) {
  write_host(folder_.at("f"), "x");
  ::mkdir(folder_.at("d").c_str(), 0755);
  auto backend = make_backend(folder_.root(), {.uid = 4242, .gid = 4343});
  for (std::string_view path : {"", "f", "d"}) {
    auto st = backend->lstat(path);
    ASSERT_TRUE(st.ok()) << path;
    EXPECT_EQ(st->uid, 4242u) << path;
    EXPECT_EQ(st->gid, 4343u) << path;
  }
  auto file = backend->open("f", O_RDONLY, 0, kUser);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ((*file)->stat()->uid, 4242u);
}

// chown is accepted and ignored: the host owner never changes.
TEST_F(HostBackendTest, ChownIsAcceptedAndIgnored) {
  write_host(folder_.at("f"), "x");
  struct stat before = HostFolder::stat_of(folder_.at("f"));
  EXPECT_EQ(err(rw_->chown("f", 0, 0)), 0);
  EXPECT_EQ(err(rw_->chown("f", 12345, 54321)), 0);
  EXPECT_EQ(err(rw_->chown("", 12345, 54321)), 0);
  struct stat after = HostFolder::stat_of(folder_.at("f"));
  EXPECT_EQ(after.st_uid, before.st_uid);
  EXPECT_EQ(after.st_gid, before.st_gid);
  EXPECT_EQ(err(rw_->chown("missing", 0, 0)), ENOENT);
}

TEST_F(HostBackendTest, LstatMatchesHost) {
  write_host(folder_.at("f"), "12345");
  ::symlink("f", folder_.at("l").c_str());
  ::mkdir(folder_.at("d").c_str(), 0750);
  for (std::string_view path : {"f", "l", "d"}) {
    struct stat host = HostFolder::stat_of(folder_.at(path));
    auto st = rw_->lstat(path);
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->mode, host.st_mode) << path;
    EXPECT_EQ(st->ino, host.st_ino) << path;
    EXPECT_EQ(st->dev, host.st_dev) << path;
    EXPECT_EQ(st->size, static_cast<uint64_t>(host.st_size)) << path;
    EXPECT_EQ(st->nlink, host.st_nlink) << path;
    EXPECT_EQ(st->mtime.tv_sec, host.st_mtim.tv_sec) << path;
    EXPECT_EQ(st->mtime.tv_nsec, host.st_mtim.tv_nsec) << path;
  }
  EXPECT_TRUE(rw_->lstat("l")->is_symlink());
  EXPECT_TRUE(rw_->lstat("")->is_dir());
  EXPECT_EQ(rw_->lstat("")->ino, HostFolder::stat_of(folder_.root()).st_ino);
  EXPECT_EQ(err(rw_->lstat("missing")), ENOENT);
  EXPECT_EQ(err(rw_->lstat("f/x")), ENOTDIR);
}

TEST_F(HostBackendTest, ReaddirIsSortedWithTypes) {
  for (const char* name : {"zeta", "alpha", "Mid", "_x", "b"}) write_host(folder_.at(name), "");
  ::mkdir(folder_.at("dir").c_str(), 0755);
  ::symlink("nowhere", folder_.at("link").c_str());
  ::mkfifo(folder_.at("fifo").c_str(), 0644);
  auto entries = rw_->readdir("");
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> names;
  for (const auto& e : *entries) {
    names.push_back(e.name);
    EXPECT_EQ(e.ino, HostFolder::stat_of(folder_.at(e.name)).st_ino) << e.name;
    EXPECT_EQ(e.type, HostFolder::stat_of(folder_.at(e.name)).st_mode & S_IFMT) << e.name;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"Mid", "_x", "alpha", "b", "dir", "fifo", "link", "zeta"}));
  EXPECT_TRUE(rw_->readdir("dir")->empty());
  EXPECT_EQ(err(rw_->readdir("zeta")), ENOTDIR);
  EXPECT_EQ(err(rw_->readdir("missing")), ENOENT);
}

TEST_F(HostBackendTest, MkdirRmdirUnlink) {
  EXPECT_EQ(err(rw_->mkdir("d", 0755, kUser)), 0);
  EXPECT_EQ(err(rw_->mkdir("d", 0755, kUser)), EEXIST);
  EXPECT_EQ(err(rw_->mkdir("", 0755, kUser)), EEXIST);
  EXPECT_EQ(err(rw_->mkdir("missing/d", 0755, kUser)), ENOENT);
  ASSERT_EQ(err(write_backend(*rw_, "d/f", "x")), 0);
  EXPECT_EQ(err(rw_->rmdir("d")), ENOTEMPTY);
  EXPECT_EQ(err(rw_->rmdir("d/f")), ENOTDIR);
  EXPECT_EQ(err(rw_->unlink("d")), EISDIR);
  EXPECT_EQ(err(rw_->unlink("d/f")), 0);
  EXPECT_EQ(err(rw_->unlink("d/f")), ENOENT);
  EXPECT_EQ(err(rw_->rmdir("d")), 0);
  EXPECT_EQ(::access(folder_.at("d").c_str(), F_OK), -1);
  EXPECT_EQ(err(rw_->rmdir("")), EBUSY);
  EXPECT_EQ(err(rw_->unlink("")), EISDIR);
}

TEST_F(HostBackendTest, RenameAndLink) {
  write_host(folder_.at("a"), "A");
  ::mkdir(folder_.at("d").c_str(), 0755);
  EXPECT_EQ(err(rw_->rename("a", "d/b")), 0);
  EXPECT_EQ(read_host(folder_.at("d/b")), "A");
  EXPECT_EQ(err(rw_->rename("d", "d/sub")), EINVAL);
  EXPECT_EQ(err(rw_->rename("missing", "x")), ENOENT);
  EXPECT_EQ(err(rw_->rename("", "x")), EBUSY);
  EXPECT_EQ(err(rw_->link("d/b", "c")), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("c")).st_ino,
            HostFolder::stat_of(folder_.at("d/b")).st_ino);
  EXPECT_EQ(rw_->lstat("c")->nlink, 2u);
  EXPECT_EQ(err(rw_->link("d", "e")), EPERM);
  EXPECT_EQ(err(rw_->link("c", "d/b")), EEXIST);
}

TEST_F(HostBackendTest, SymlinksAreNeverFollowed) {
  write_host(folder_.at("target"), "T");
  EXPECT_EQ(err(rw_->symlink("target", "l", kUser)), 0);
  EXPECT_EQ(*rw_->readlink("l"), "target");
  EXPECT_EQ(err(rw_->symlink("x", "l", kUser)), EEXIST);
  EXPECT_EQ(err(rw_->symlink("", "empty", kUser)), ENOENT);
  EXPECT_EQ(err(rw_->symlink(std::string_view("a\0b", 3), "nul", kUser)), EINVAL);
  EXPECT_EQ(err(rw_->readlink("target")), EINVAL);
  EXPECT_EQ(err(rw_->readlink("")), EINVAL);
  EXPECT_EQ(err(rw_->open("l", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->open("l", O_WRONLY | O_CREAT, 0644, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->truncate("l", 0)), ELOOP);
  EXPECT_EQ(err(rw_->chmod("l", 0600)), EOPNOTSUPP);
  EXPECT_EQ(read_host(folder_.at("target")), "T");
  EXPECT_EQ(HostFolder::stat_of(folder_.at("target")).st_mode & 07777, 0644u);
  // A long target round-trips whole.
  std::string long_target(3000, 'x');
  EXPECT_EQ(err(rw_->symlink(long_target, "long", kUser)), 0);
  EXPECT_EQ(*rw_->readlink("long"), long_target);
  EXPECT_EQ(err(rw_->unlink("l")), 0);
  EXPECT_EQ(read_host(folder_.at("target")), "T");
}

TEST_F(HostBackendTest, ChmodUtimensTruncate) {
  write_host(folder_.at("f"), "0123456789");
  EXPECT_EQ(err(rw_->chmod("f", 0711)), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("f")).st_mode & 07777, 0711u);
  EXPECT_EQ(err(rw_->chmod("", 0700)), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.root()).st_mode & 07777, 0700u);

  EXPECT_EQ(err(rw_->utimens("f", {1000, 5}, {2000, 7})), 0);
  struct stat st = HostFolder::stat_of(folder_.at("f"));
  EXPECT_EQ(st.st_atim.tv_sec, 1000);
  EXPECT_EQ(st.st_mtim.tv_sec, 2000);
  EXPECT_EQ(st.st_mtim.tv_nsec, 7);
  EXPECT_EQ(err(rw_->utimens("f", time_omit(), {3000, 0})), 0);
  st = HostFolder::stat_of(folder_.at("f"));
  EXPECT_EQ(st.st_atim.tv_sec, 1000);
  EXPECT_EQ(st.st_mtim.tv_sec, 3000);
  EXPECT_EQ(err(rw_->utimens("", {10, 0}, {20, 0})), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.root()).st_mtim.tv_sec, 20);
  // On a symlink: the link's own times, never the target's.
  ::symlink("f", folder_.at("l").c_str());
  EXPECT_EQ(err(rw_->utimens("l", {50, 0}, {60, 0})), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("l")).st_mtim.tv_sec, 60);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("f")).st_mtim.tv_sec, 3000);

  EXPECT_EQ(err(rw_->truncate("f", 4)), 0);
  EXPECT_EQ(read_host(folder_.at("f")), "0123");
  EXPECT_EQ(err(rw_->truncate("f", 6)), 0);
  EXPECT_EQ(read_host(folder_.at("f")), std::string("0123\0\0", 6));
  ::mkdir(folder_.at("d").c_str(), 0755);
  EXPECT_EQ(err(rw_->truncate("d", 0)), EISDIR);
  EXPECT_EQ(err(rw_->truncate("", 0)), EISDIR);
  EXPECT_EQ(err(rw_->truncate("missing", 0)), ENOENT);
  EXPECT_EQ(err(rw_->chmod("missing", 0600)), ENOENT);
  EXPECT_EQ(err(rw_->utimens("missing", time_now(), time_now())), ENOENT);
}

// The sandbox never leaves a setuid/setgid program on the host.
TEST_F(HostBackendTest, SetIdBitsAreNeverSetOnHostFiles) {
  write_host(folder_.at("f"), "x");
  EXPECT_EQ(err(rw_->chmod("f", 06755)), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("f")).st_mode & 07777, 0755u);
  ASSERT_TRUE(rw_->open("new", O_WRONLY | O_CREAT, 06755, kUser).ok());
  EXPECT_EQ(HostFolder::stat_of(folder_.at("new")).st_mode & 07777, 0755u);
  EXPECT_EQ(err(rw_->mkdir("d", 07755, kUser)), 0);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("d")).st_mode & 07777, 01755u);
  // A setuid file planted by the host owner: reading keeps the bits, writing
  // or truncating drops them (as the kernel does for unprivileged writers).
  for (const char* how : {"open", "trunc", "truncate"}) {
    SCOPED_TRACE(how);
    write_host(folder_.at("suid"), "binary");
    ASSERT_EQ(::chmod(folder_.at("suid").c_str(), 06755), 0);
    ASSERT_TRUE(rw_->open("suid", O_RDONLY, 0, kUser).ok());
    EXPECT_EQ(rw_->lstat("suid")->mode & 07777, 06755u);
    if (std::string_view(how) == "open") {
      ASSERT_TRUE(rw_->open("suid", O_WRONLY, 0, kUser).ok());
    } else if (std::string_view(how) == "trunc") {
      ASSERT_TRUE(rw_->open("suid", O_RDONLY | O_TRUNC, 0, kUser).ok());
    } else {
      ASSERT_EQ(err(rw_->truncate("suid", 0)), 0);
    }
    EXPECT_EQ(HostFolder::stat_of(folder_.at("suid")).st_mode & 07777, 0755u);
  }
}

TEST_F(HostBackendTest, StatfsMatchesHost) {
  struct statvfs host;
  ASSERT_EQ(::statvfs(folder_.root().c_str(), &host), 0);
  auto fs = rw_->statfs();
  ASSERT_TRUE(fs.ok());
  EXPECT_EQ(fs->blocks, host.f_blocks);
  EXPECT_EQ(fs->files, host.f_files);
  EXPECT_EQ(fs->name_max, host.f_namemax);
  EXPECT_GT(fs->block_size, 0u);
}

TEST_F(HostBackendTest, ForkSharesTheFolder) {
  auto ro = make_backend(folder_.root(), {.read_only = true});
  EXPECT_EQ(rw_->fork().get(), rw_.get());
  EXPECT_EQ(ro->fork().get(), ro.get());
  EXPECT_FALSE(rw_->read_only());
  EXPECT_TRUE(ro->read_only());
}

TEST_F(HostBackendTest, NonCanonicalPathsAreRejected) {
  write_host(folder_.at("f"), "x");
  ::mkdir(folder_.at("d").c_str(), 0755);
  const std::string_view bad_paths[] = {".",
                                        "..",
                                        "./f",
                                        "d/.",
                                        "d/..",
                                        "d/../f",
                                        "/f",
                                        "f/",
                                        "d//f",
                                        "//",
                                        "/",
                                        std::string_view("f\0", 2),
                                        std::string_view("d/\0f", 4)};
  for (std::string_view bad : bad_paths) {
    SCOPED_TRACE(std::string(bad));
    EXPECT_EQ(err(rw_->lstat(bad)), EINVAL);
    EXPECT_EQ(err(rw_->open(bad, O_RDONLY, 0, kUser)), EINVAL);
    EXPECT_EQ(err(rw_->open(bad, O_WRONLY | O_CREAT, 0644, kUser)), EINVAL);
    EXPECT_EQ(err(rw_->readdir(bad)), EINVAL);
    EXPECT_EQ(err(rw_->mkdir(bad, 0755, kUser)), EINVAL);
    EXPECT_EQ(err(rw_->rmdir(bad)), EINVAL);
    EXPECT_EQ(err(rw_->unlink(bad)), EINVAL);
    EXPECT_EQ(err(rw_->rename(bad, "x")), EINVAL);
    EXPECT_EQ(err(rw_->rename("f", bad)), EINVAL);
    EXPECT_EQ(err(rw_->symlink("f", bad, kUser)), EINVAL);
    EXPECT_EQ(err(rw_->readlink(bad)), EINVAL);
    EXPECT_EQ(err(rw_->link(bad, "x")), EINVAL);
    EXPECT_EQ(err(rw_->link("f", bad)), EINVAL);
    EXPECT_EQ(err(rw_->chmod(bad, 0)), EINVAL);
    EXPECT_EQ(err(rw_->chown(bad, 0, 0)), EINVAL);
    EXPECT_EQ(err(rw_->utimens(bad, time_now(), time_now())), EINVAL);
    EXPECT_EQ(err(rw_->truncate(bad, 0)), EINVAL);
  }
  EXPECT_EQ(read_host(folder_.at("f")), "x");
}

TEST_F(HostBackendTest, LongNamesAndPaths) {
  std::string max_name(255, 'n');
  std::string long_name(256, 'n');
  EXPECT_EQ(err(write_backend(*rw_, max_name, "ok")), 0);
  EXPECT_EQ(read_host(folder_.at(max_name)), "ok");
  EXPECT_EQ(err(write_backend(*rw_, long_name, "x")), ENAMETOOLONG);
  EXPECT_EQ(err(rw_->lstat(long_name)), ENAMETOOLONG);
  EXPECT_EQ(err(rw_->mkdir(long_name, 0755, kUser)), ENAMETOOLONG);
  EXPECT_EQ(err(rw_->symlink("x", long_name, kUser)), ENAMETOOLONG);
  // Directories nested until the path reaches PATH_MAX: the host itself
  // refuses a path that long, so must the backend, even though every
  // component and the parent alone are short enough.
  std::string dirs;
  while (dirs.size() + 201 + 256 <= 4095) {
    dirs += (dirs.empty() ? "" : "/") + std::string(200, 'd');
    ASSERT_EQ(err(rw_->mkdir(dirs, 0755, kUser)), 0) << dirs.size();
  }
  // Parents whose own length is fine, with a name of 255: 4095 bytes fit,
  // 4096 do not.
  std::string parent = dirs + "/" + std::string(4095 - 256 - dirs.size() - 1, 'p');
  std::string parent_plus_one = parent + "q";
  ASSERT_EQ(err(rw_->mkdir(parent, 0755, kUser)), 0);
  ASSERT_EQ(err(rw_->mkdir(parent_plus_one, 0755, kUser)), 0);
  std::string fits = parent + "/" + max_name;
  std::string too_long = parent_plus_one + "/" + max_name;
  ASSERT_EQ(fits.size(), 4095u);
  EXPECT_EQ(err(write_backend(*rw_, fits, "deep")), 0);
  EXPECT_EQ(read_backend(*rw_, fits), "deep");
  EXPECT_EQ(err(rw_->open(too_long, O_WRONLY | O_CREAT, 0644, kUser)), ENAMETOOLONG);
  EXPECT_EQ(err(rw_->lstat(too_long)), ENAMETOOLONG);
  // The host agrees on both, relative to the same root.
  int root_fd = ::open(folder_.root().c_str(), O_PATH | O_DIRECTORY);
  struct stat st;
  EXPECT_EQ(::fstatat(root_fd, fits.c_str(), &st, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_EQ(::fstatat(root_fd, too_long.c_str(), &st, AT_SYMLINK_NOFOLLOW), -1);
  EXPECT_EQ(errno, ENAMETOOLONG);
  ::close(root_fd);
  std::string huge(100000, 'a');
  EXPECT_EQ(err(rw_->lstat(huge)), ENAMETOOLONG);
}

TEST_F(HostBackendTest, OddNamesRoundTrip) {
  const std::vector<std::string> names = {"with\nnewline", "with space",  " leading",
                                          "-dash",         "--help",      "\xff\xfe invalid utf8",
                                          "tab\there",     "back\\slash", "*glob?[x]",
                                          "$(echo pwned)", "'quote\"",    "\x01\x1b[31m",
                                          "ünïcödé"};
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    ASSERT_EQ(err(write_backend(*rw_, name, name)), 0);
    EXPECT_EQ(read_host(folder_.at(name)), name);
    ASSERT_EQ(err(rw_->mkdir(name + ".d", 0755, kUser)), 0);
    ASSERT_EQ(err(rw_->symlink(name, name + ".l", kUser)), 0);
    EXPECT_EQ(*rw_->readlink(name + ".l"), name);
  }
  auto entries = rw_->readdir("");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), names.size() * 3);
  for (const auto& e : *entries) EXPECT_EQ(::access(folder_.at(e.name).c_str(), F_OK), 0) << e.name;
}

TEST_F(HostBackendTest, FifosAreVisibleButNeverOpenedOrBlocking) {
  ASSERT_EQ(::mkfifo(folder_.at("fifo").c_str(), 0666), 0);
  EXPECT_TRUE(S_ISFIFO(rw_->lstat("fifo")->mode));
  for (int flags : {O_RDONLY, O_WRONLY, O_RDWR, O_WRONLY | O_CREAT, O_WRONLY | O_TRUNC}) {
    int result = returns_within(5s, [&] { return err(rw_->open("fifo", flags, 0644, kUser)); });
    EXPECT_EQ(result, EACCES) << flags;
  }
  EXPECT_EQ(returns_within(5s, [&] { return err(rw_->truncate("fifo", 0)); }), EINVAL);
  auto ro = make_backend(folder_.root(), {.read_only = true});
  EXPECT_EQ(returns_within(5s, [&] { return err(ro->open("fifo", O_RDONLY, 0, kUser)); }), EACCES);
  EXPECT_EQ(err(rw_->unlink("fifo")), 0);
}

TEST_F(HostBackendTest, SocketsAndDevicesAreVisibleButNeverOpened) {
  int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string sock_path = folder_.at("sock");
  ASSERT_LT(sock_path.size(), sizeof addr.sun_path);
  memcpy(addr.sun_path, sock_path.c_str(), sock_path.size() + 1);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_TRUE(S_ISSOCK(rw_->lstat("sock")->mode));
  EXPECT_EQ(err(rw_->open("sock", O_RDONLY, 0, kUser)), ENXIO);
  ::close(sock);

  // A character device like /dev/zero (needs CAP_MKNOD; skipped without it).
  if (::mknod(folder_.at("zero").c_str(), S_IFCHR | 0666, makedev(1, 5)) != 0) {
    GTEST_SKIP() << "mknod: " << strerror(errno);
  }
  auto st = rw_->lstat("zero");
  EXPECT_TRUE(S_ISCHR(st->mode));
  EXPECT_EQ(st->rdev, makedev(1, 5));
  EXPECT_EQ(err(rw_->open("zero", O_RDONLY, 0, kUser)), EACCES);
  EXPECT_EQ(err(rw_->open("zero", O_WRONLY | O_CREAT, 0644, kUser)), EACCES);
  EXPECT_EQ(err(rw_->truncate("zero", 0)), EINVAL);
}

TEST_F(HostBackendTest, ReadOnlyRefusesEveryMutationAndLeavesTheHostUnchanged) {
  write_host(folder_.at("f"), "content");
  ::mkdir(folder_.at("d").c_str(), 0755);
  ::mkdir(folder_.at("empty").c_str(), 0755);
  ::symlink("f", folder_.at("l").c_str());
  std::string before = tree_manifest(folder_.root());
  auto ro = make_backend(folder_.root(), {.read_only = true});
  EXPECT_EQ(err(ro->open("f", O_WRONLY, 0, kUser)), EROFS);
  EXPECT_EQ(err(ro->open("f", O_RDWR, 0, kUser)), EROFS);
  EXPECT_EQ(err(ro->open("f", O_RDONLY | O_TRUNC, 0, kUser)), EROFS);
  EXPECT_EQ(err(ro->open("f", O_WRONLY | O_CREAT, 0644, kUser)), EROFS);
  EXPECT_EQ(err(ro->open("new", O_WRONLY | O_CREAT, 0644, kUser)), EROFS);
  EXPECT_EQ(err(ro->open("new", O_RDONLY | O_CREAT, 0644, kUser)), EROFS);
  EXPECT_EQ(err(ro->open("f", O_RDONLY | O_CREAT | O_EXCL, 0644, kUser)), EEXIST);
  EXPECT_EQ(err(ro->mkdir("nd", 0755, kUser)), EROFS);
  EXPECT_EQ(err(ro->rmdir("empty")), EROFS);
  EXPECT_EQ(err(ro->unlink("f")), EROFS);
  EXPECT_EQ(err(ro->rename("f", "g")), EROFS);
  EXPECT_EQ(err(ro->symlink("f", "s", kUser)), EROFS);
  EXPECT_EQ(err(ro->link("f", "h")), EROFS);
  EXPECT_EQ(err(ro->chmod("f", 0777)), EROFS);
  EXPECT_EQ(err(ro->chown("f", 0, 0)), EROFS);
  EXPECT_EQ(err(ro->utimens("f", time_now(), time_now())), EROFS);
  EXPECT_EQ(err(ro->truncate("f", 0)), EROFS);
  // Reading still works, also with O_CREAT on an existing file.
  EXPECT_EQ(read_backend(*ro, "f"), "content");
  auto file = ro->open("f", O_RDONLY | O_CREAT, 0644, kUser);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(err((*file)->pwrite("x", 0)), EBADF);
  EXPECT_EQ(err((*file)->truncate(0)), EINVAL);
  EXPECT_EQ(ro->readdir("")->size(), 4u);
  EXPECT_EQ(*ro->readlink("l"), "f");
  EXPECT_TRUE(ro->statfs().ok());
  EXPECT_EQ(tree_manifest(folder_.root()), before);
}

int open_descriptors() {
  int count = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++count;
    ::closedir(d);
  }
  return count;
}

// Every call closes what it opened, on success and on every error path.
TEST_F(HostBackendTest, NoDescriptorLeaks) {
  write_host(folder_.at("f"), "x");
  ::mkdir(folder_.at("d").c_str(), 0755);
  ::mkfifo(folder_.at("d/fifo").c_str(), 0644);
  ::symlink("/etc", folder_.at("d/link").c_str());
  int before = open_descriptors();
  for (int i = 0; i < 50; ++i) {
    for (std::string_view p : {"f", "d", "d/fifo", "d/link", "d/link/passwd", "missing/x", "f/x"}) {
      (void)rw_->lstat(p);
      (void)rw_->open(p, O_RDONLY, 0, kUser);
      (void)rw_->open(p, O_RDWR | O_CREAT, 0644, kUser);
      (void)rw_->readdir(p);
      (void)rw_->truncate(p, 1);
      (void)rw_->chmod(p, 0644);
      (void)rw_->readlink(p);
      (void)rw_->utimens(p, time_now(), time_now());
      (void)rw_->rename(p, "d/renamed");
      (void)rw_->rename("d/renamed", p);
      (void)rw_->mkdir(std::string(p) + "/sub", 0755, kUser);
      (void)rw_->rmdir(std::string(p) + "/sub");
    }
    (void)rw_->statfs();
  }
  EXPECT_EQ(open_descriptors(), before);
}

// A read-only folder is read without touching access times; a read-write one
// behaves like any reader (relatime updates an atime older than the mtime).
TEST_F(HostBackendTest, ReadOnlyReadsKeepAccessTimes) {
  write_host(folder_.at("f"), "content");
  ::mkdir(folder_.at("d").c_str(), 0755);
  write_host(folder_.at("d/x"), "x");
  const timespec old_times[2] = {{1, 0}, {1000000, 0}};
  auto reset_atimes = [&] {
    ASSERT_EQ(::utimensat(AT_FDCWD, folder_.at("f").c_str(), old_times, 0), 0);
    ASSERT_EQ(::utimensat(AT_FDCWD, folder_.at("d").c_str(), old_times, 0), 0);
  };
  auto ro = make_backend(folder_.root(), {.read_only = true});
  reset_atimes();
  EXPECT_EQ(read_backend(*ro, "f"), "content");
  EXPECT_TRUE(ro->readdir("d").ok());
  EXPECT_EQ(HostFolder::stat_of(folder_.at("f")).st_atim.tv_sec, 1);
  EXPECT_EQ(HostFolder::stat_of(folder_.at("d")).st_atim.tv_sec, 1);
  reset_atimes();
  EXPECT_EQ(read_backend(*rw_, "f"), "content");
  EXPECT_TRUE(rw_->readdir("d").ok());
  EXPECT_GT(HostFolder::stat_of(folder_.at("f")).st_atim.tv_sec, 1);
  EXPECT_GT(HostFolder::stat_of(folder_.at("d")).st_atim.tv_sec, 1);
}

// Run by an unprivileged host user, O_NOATIME is refused (EPERM) on files it
// does not own: the read-only backend then reads normally, and host
// permissions still apply underneath the presented ownership.
TEST_F(HostBackendTest, WorksForAnUnprivilegedHostUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch to another user";
  write_host(folder_.at("public"), "public");
  write_host(folder_.at("private"), "private", 0600);
  ::chmod(folder_.base().c_str(), 0755);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0) _exit(10);
    auto ro = HostBackend::create(folder_.root(), {.read_only = true});
    if (!ro.ok()) _exit(11);
    if (read_backend(**ro, "public") != "public") _exit(12);
    if (err((*ro)->open("private", O_RDONLY, 0, kUser)) != EACCES) _exit(13);
    if (!(*ro)->readdir("").ok()) _exit(14);
    auto rw = HostBackend::create(folder_.root());
    if (err((*rw)->mkdir("d", 0755, kUser)) != EACCES) _exit(15);
    if (err((*rw)->chmod("public", 0777)) != EPERM) _exit(16);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// Several threads create, write, read, rename and delete their own files in a
// shared folder at once; each sees exactly its own data.
TEST_F(HostBackendTest, ConcurrentCallsFromManyThreads) {
  ASSERT_EQ(err(rw_->mkdir("shared", 0755, kUser)), 0);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string name = "shared/t" + std::to_string(t) + "-" + std::to_string(i);
        std::string data = name + std::string(i, 'x');
        if (!write_backend(*rw_, name, data).ok()) ++failures;
        if (read_backend(*rw_, name) != data) ++failures;
        if (!rw_->rename(name, name + ".done").ok()) ++failures;
        if (!rw_->lstat(name + ".done").ok()) ++failures;
        if (i % 2 == 0 && !rw_->unlink(name + ".done").ok()) ++failures;
        if (!rw_->readdir("shared").ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(rw_->readdir("shared")->size(), 400u);
}

}  // namespace
}  // namespace kefka::vfs::test

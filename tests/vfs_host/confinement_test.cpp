// The adversarial confinement suite: every trick to reach a file outside the
// root through the backend directly. Each test runs twice: with openat2 and
// with the O_NOFOLLOW component walk used on kernels without it.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <atomic>
#include <cstddef>
#include <iterator>

#include "host_fixture.h"

namespace kefka::vfs::test {
namespace {

constexpr Credentials kUser{1000, 1000};

// Every operation of the backend on `path`, collecting what leaked: any
// successful read returning the secret, any created entry outside.
struct Probe {
  Backend& backend;
  std::vector<std::string> leaks;

  void all_operations(const std::string& path) {
    std::string content = read_backend(backend, path);
    if (content.find(kSecret) != std::string::npos) leaks.push_back("read " + path);
    if (auto file = backend.open(path, O_RDWR, 0, kUser); file.ok()) {
      (void)(*file)->pwrite("PWNED", 0);
      leaks.push_back("open O_RDWR " + path);
    }
    (void)backend.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666, kUser);
    (void)backend.open(path + "/created", O_WRONLY | O_CREAT, 0666, kUser);
    (void)backend.open(path + "/secret2.txt", O_WRONLY | O_TRUNC, 0, kUser);
    if (read_backend(backend, path + "/secret2.txt").find(kSecret) != std::string::npos) {
      leaks.push_back("read " + path + "/secret2.txt");
    }
    if (auto entries = backend.readdir(path); entries.ok()) {
      for (const auto& e : *entries) {
        if (e.name == "secret2.txt" || e.name == "secret.txt" || e.name == "outside") {
          leaks.push_back("readdir " + path + " shows " + e.name);
        }
      }
    }
    if (auto st = backend.lstat(path + "/secret2.txt"); st.ok()) {
      leaks.push_back("lstat " + path + "/secret2.txt");
    }
    (void)backend.truncate(path, 0);
    (void)backend.truncate(path + "/secret2.txt", 0);
    (void)backend.chmod(path, 0777);
    (void)backend.chmod(path + "/secret2.txt", 0777);
    (void)backend.utimens(path, {1, 0}, {1, 0});
    (void)backend.utimens(path + "/secret2.txt", {1, 0}, {1, 0});
    (void)backend.mkdir(path + "/newdir", 0755, kUser);
    (void)backend.symlink("x", path + "/newlink", kUser);
    (void)backend.link(path + "/secret2.txt", "stolen");
    (void)backend.rename(path + "/secret2.txt", "stolen2");
    (void)backend.unlink(path + "/secret2.txt");
    (void)backend.chown(path + "/secret2.txt", 0, 0);
  }
};

class ConfinementTest : public ::testing::TestWithParam<bool> {
 protected:
  ConfinementTest() : rw_(make_backend(folder_.root(), {.force_component_walk = GetParam()})) {}

  // Runs every operation on each path, then checks nothing outside changed
  // and nothing was read.
  void expect_confined(const std::vector<std::string>& paths) {
    std::string before = folder_.outside_manifest();
    Probe probe{*rw_, {}};
    for (const auto& path : paths) probe.all_operations(path);
    EXPECT_EQ(probe.leaks, std::vector<std::string>{});
    EXPECT_EQ(folder_.outside_manifest(), before);
    EXPECT_EQ(read_host(folder_.secret()), kSecret);
    // "stolen" may exist only as a link to a file inside the root.
    struct stat st = HostFolder::stat_of(folder_.at("stolen"));
    if (st.st_ino != 0) {
      EXPECT_NE(st.st_ino, HostFolder::stat_of(folder_.outside() + "/secret2.txt").st_ino);
    }
  }

  HostFolder folder_;
  std::shared_ptr<HostBackend> rw_;
};

TEST_P(ConfinementTest, UsesTheRequestedResolver) {
  EXPECT_EQ(rw_->uses_openat2(), !GetParam());
}

TEST_P(ConfinementTest, AbsoluteSymlinksToOutsideAreNotFollowed) {
  ::symlink(folder_.secret().c_str(), folder_.at("abs").c_str());
  ::symlink(folder_.outside().c_str(), folder_.at("absdir").c_str());
  EXPECT_EQ(err(rw_->open("abs", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->open("absdir/secret2.txt", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->readdir("absdir")), ELOOP);
  EXPECT_EQ(err(rw_->lstat("absdir/secret2.txt")), ELOOP);
  // The link itself is visible, with its raw target for Vfs to resolve.
  EXPECT_TRUE(rw_->lstat("abs")->is_symlink());
  EXPECT_EQ(*rw_->readlink("abs"), folder_.secret());
  expect_confined({"abs", "absdir"});
}

TEST_P(ConfinementTest, RelativeSymlinksToOutsideAreNotFollowed) {
  ::mkdir(folder_.at("sub").c_str(), 0755);
  ::symlink("../secret.txt", folder_.at("rel").c_str());
  ::symlink("../outside", folder_.at("reldir").c_str());
  ::symlink("../../outside", folder_.at("sub/deep").c_str());
  ::symlink("../../../../../../../../../../../../secret.txt", folder_.at("sub/many").c_str());
  EXPECT_EQ(err(rw_->open("rel", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->open("sub/deep/secret2.txt", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(*rw_->readlink("sub/deep"), "../../outside");
  expect_confined({"rel", "reldir", "sub/deep", "sub/many"});
}

TEST_P(ConfinementTest, DotDotPathsAreInvalid) {
  ::mkdir(folder_.at("sub").c_str(), 0755);
  EXPECT_EQ(err(rw_->open("../secret.txt", O_RDONLY, 0, kUser)), EINVAL);
  EXPECT_EQ(err(rw_->open("sub/../../secret.txt", O_RDONLY, 0, kUser)), EINVAL);
  EXPECT_EQ(err(rw_->readdir("..")), EINVAL);
  EXPECT_EQ(err(rw_->lstat("../outside/secret2.txt")), EINVAL);
  expect_confined({"..", "../outside", "sub/../..", "sub/../../outside", "/", "/etc",
                   "../secret.txt", "./../secret.txt"});
}

// A symlink inside the root is not followed either: the backend follows no
// symlink at all, Vfs does that inside the sandbox namespace.
TEST_P(ConfinementTest, EvenSymlinksWithinTheRootAreNotFollowed) {
  ::mkdir(folder_.at("real").c_str(), 0755);
  write_host(folder_.at("real/f"), "inside");
  ::symlink("real", folder_.at("alias").c_str());
  EXPECT_EQ(err(rw_->open("alias/f", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->readdir("alias")), ELOOP);
  EXPECT_EQ(read_backend(*rw_, "real/f"), "inside");
}

TEST_P(ConfinementTest, SymlinkedParentDirectories) {
  // root/a/b/c where b is a symlink to outside, and the same one level up.
  ::mkdir(folder_.at("a").c_str(), 0755);
  ::symlink(folder_.outside().c_str(), folder_.at("a/b").c_str());
  ::mkdir(folder_.at("x").c_str(), 0755);
  ::mkdir(folder_.at("x/y").c_str(), 0755);
  ::symlink(folder_.base().c_str(), folder_.at("x/y/z").c_str());
  EXPECT_EQ(err(rw_->open("a/b/secret2.txt", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->open("x/y/z/outside/secret2.txt", O_RDONLY, 0, kUser)), ELOOP);
  EXPECT_EQ(err(rw_->open("x/y/z/secret.txt", O_RDONLY, 0, kUser)), ELOOP);
  expect_confined({"a/b", "x/y/z", "x/y/z/outside", "x/y/z/secret.txt"});
}

// The sandbox can plant symlinks itself (through the backend) and then try to
// go through them: the backend never resolves them on the host.
TEST_P(ConfinementTest, SymlinksPlantedThroughTheBackend) {
  ASSERT_EQ(err(rw_->symlink(folder_.secret(), "planted", kUser)), 0);
  ASSERT_EQ(err(rw_->symlink("../outside", "planted_dir", kUser)), 0);
  ASSERT_EQ(err(rw_->symlink("/", "slash", kUser)), 0);
  ASSERT_EQ(err(rw_->symlink("/proc/self/root", "magic", kUser)), 0);
  expect_confined({"planted", "planted_dir", "slash", "slash/etc", "magic", "magic/etc"});
}

TEST_P(ConfinementTest, HardLinksCannotReachOutside) {
  // No canonical path names an outside file, so link() cannot take one.
  EXPECT_EQ(err(rw_->link("../secret.txt", "x")), EINVAL);
  ::symlink(folder_.secret().c_str(), folder_.at("abs").c_str());
  // Linking a symlink links the symlink itself, not its target.
  ASSERT_EQ(err(rw_->link("abs", "hard")), 0);
  EXPECT_TRUE(rw_->lstat("hard")->is_symlink());
  EXPECT_EQ(HostFolder::stat_of(folder_.secret()).st_nlink, 1u);
  expect_confined({"abs", "hard"});
}

// A hard link the host owner planted in the folder beforehand *is* the outside
// file: exposing it is the host owner's decision (docs/THREAT_MODEL.md). The
// test pins that documented behaviour.
TEST_P(ConfinementTest, HardLinkPlantedByTheHostOwnerIsTheirDecision) {
  ASSERT_EQ(::link(folder_.secret().c_str(), folder_.at("planted").c_str()), 0);
  EXPECT_EQ(read_backend(*rw_, "planted"), kSecret);
  EXPECT_EQ(rw_->lstat("planted")->nlink, 2u);
}

TEST_P(ConfinementTest, ReadOnlyBackendLeavesHostUnchangedUnderAttack) {
  ::mkdir(folder_.at("d").c_str(), 0755);
  write_host(folder_.at("d/f"), "data");
  ::symlink(folder_.outside().c_str(), folder_.at("out").c_str());
  std::string before = tree_manifest(folder_.root());
  auto ro = make_backend(folder_.root(), {.read_only = true, .force_component_walk = GetParam()});
  Probe probe{*ro, {}};
  for (std::string path : {"", "d", "d/f", "out", "new"}) probe.all_operations(path);
  EXPECT_EQ(probe.leaks, std::vector<std::string>{});
  EXPECT_EQ(tree_manifest(folder_.root()), before);
}

// The root is held by descriptor: replacing the host path of the root by a
// symlink to outside after create() changes nothing for the backend.
TEST_P(ConfinementTest, RootPathReplacedBySymlinkAfterCreate) {
  write_host(folder_.at("f"), "inside");
  std::string moved = folder_.base() + "/moved-root";
  ASSERT_EQ(::rename(folder_.root().c_str(), moved.c_str()), 0);
  ASSERT_EQ(::symlink(folder_.outside().c_str(), folder_.root().c_str()), 0);
  std::string before = folder_.outside_manifest();
  EXPECT_EQ(read_backend(*rw_, "f"), "inside");
  EXPECT_EQ(err(rw_->lstat("secret2.txt")), ENOENT);
  EXPECT_EQ(err(write_backend(*rw_, "new", "x")), 0);
  EXPECT_EQ(read_host(moved + "/new"), "x");
  auto entries = rw_->readdir("");
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->size(), 2u);
  EXPECT_EQ(folder_.outside_manifest(), before);
  ::unlink(folder_.root().c_str());
  ASSERT_EQ(::rename(moved.c_str(), folder_.root().c_str()), 0);
}

// Another thread keeps swapping a directory and a symlink to outside (an
// atomic RENAME_EXCHANGE, as a hostile host process would) while this one
// keeps using paths beneath the name. Every answer is either the inside file
// or an error; nothing outside is ever read, created or changed.
TEST_P(ConfinementTest, RaceSwappingDirectoryForSymlink) {
  ::mkdir(folder_.at("d").c_str(), 0755);
  write_host(folder_.at("d/secret2.txt"), "inside");
  ::symlink(folder_.outside().c_str(), folder_.at("swap").c_str());
  std::string before = folder_.outside_manifest();
  int root_fd = ::open(folder_.root().c_str(), O_PATH | O_DIRECTORY);
  ASSERT_GE(root_fd, 0);
  std::atomic<bool> stop{false};
  std::atomic<long> swaps{0};
  std::thread swapper([&] {
    while (!stop.load()) {
      if (syscall(SYS_renameat2, root_fd, "d", root_fd, "swap", RENAME_EXCHANGE) == 0) ++swaps;
    }
  });
  int inside_reads = 0;
  std::vector<std::string> leaks;
  constexpr int kIterations = 4000;
  for (int i = 0; i < kIterations; ++i) {
    std::string content = read_backend(*rw_, "d/secret2.txt");
    if (content == "inside") ++inside_reads;
    if (content.find(kSecret) != std::string::npos) leaks.push_back("read");
    if (auto st = rw_->lstat("d/secret2.txt");
        st.ok() && st->ino == HostFolder::stat_of(folder_.outside() + "/secret2.txt").st_ino) {
      leaks.push_back("lstat");
    }
    if (auto entries = rw_->readdir("d"); entries.ok()) {
      for (const auto& e : *entries) {
        if (e.name.starts_with("created") || e.name == "newdir") continue;
        if (e.name != "secret2.txt") leaks.push_back("readdir " + e.name);
      }
    }
    std::string created = "d/created" + std::to_string(i % 8);
    (void)write_backend(*rw_, created, "x");
    (void)rw_->unlink(created);
    (void)rw_->truncate("d/secret2.txt", 6);
    (void)rw_->chmod("d/secret2.txt", 0644);
    (void)rw_->utimens("d/secret2.txt", time_omit(), time_omit());
    (void)rw_->mkdir("d/newdir", 0755, kUser);
    (void)rw_->rmdir("d/newdir");
    (void)rw_->link("d/secret2.txt", "stolen");
    (void)rw_->unlink("stolen");
  }
  stop = true;
  swapper.join();
  ::close(root_fd);
  EXPECT_EQ(leaks, std::vector<std::string>{});
  EXPECT_EQ(folder_.outside_manifest(), before);
  EXPECT_GT(swaps.load(), 100);
  EXPECT_GT(inside_reads, 0);  // the race really alternated
  RecordProperty("swaps", std::to_string(swaps.load()));
  RecordProperty("inside_reads", inside_reads);
}

// The same on the last component: the file itself keeps being swapped for a
// symlink to the secret while it is opened, truncated and chmod'ed.
TEST_P(ConfinementTest, RaceSwappingFileForSymlink) {
  write_host(folder_.at("f"), "inside");
  ::symlink(folder_.secret().c_str(), folder_.at("swap").c_str());
  std::string before = folder_.outside_manifest();
  int root_fd = ::open(folder_.root().c_str(), O_PATH | O_DIRECTORY);
  ASSERT_GE(root_fd, 0);
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    while (!stop.load()) syscall(SYS_renameat2, root_fd, "f", root_fd, "swap", RENAME_EXCHANGE);
  });
  std::vector<std::string> leaks;
  for (int i = 0; i < 4000; ++i) {
    std::string content = read_backend(*rw_, "f");
    if (content.find(kSecret) != std::string::npos) leaks.push_back("read");
    (void)rw_->open("f", O_WRONLY | O_CREAT | O_TRUNC, 0666, kUser);
    (void)rw_->truncate("f", 6);
    (void)rw_->chmod("f", 0666);
    (void)rw_->utimens("f", {1, 0}, {1, 0});
  }
  stop = true;
  swapper.join();
  ::close(root_fd);
  EXPECT_EQ(leaks, std::vector<std::string>{});
  EXPECT_EQ(folder_.outside_manifest(), before);
}

// A fifo swapped in for a regular file between the type check and the open
// must not block the caller.
TEST_P(ConfinementTest, RaceSwappingFileForFifoNeverBlocks) {
  using namespace std::chrono_literals;
  write_host(folder_.at("f"), "inside");
  ASSERT_EQ(::mkfifo(folder_.at("swap").c_str(), 0666), 0);
  int root_fd = ::open(folder_.root().c_str(), O_PATH | O_DIRECTORY);
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    while (!stop.load()) syscall(SYS_renameat2, root_fd, "f", root_fd, "swap", RENAME_EXCHANGE);
  });
  int opened_fifo = returns_within(60s, [&] {
    int fifo_opens = 0;
    for (int i = 0; i < 3000; ++i) {
      for (int flags : {O_RDONLY, O_WRONLY, O_RDWR | O_CREAT}) {
        auto file = rw_->open("f", flags, 0644, kUser);
        if (file.ok() && !S_ISREG((*file)->stat()->mode)) ++fifo_opens;
      }
      (void)rw_->truncate("f", 6);
    }
    return fifo_opens;
  });
  stop = true;
  swapper.join();
  ::close(root_fd);
  EXPECT_EQ(opened_fifo, 0);
}

// A kernel without openat2 and fchmodat2, simulated with a seccomp filter
// answering ENOSYS in a child process: the backend notices, walks components
// with O_NOFOLLOW and chmods through glibc's no-follow emulation, still
// confined.
TEST(OldKernel, FallbacksWhenOpenat2AndFchmodat2AreMissing) {
  HostFolder folder;
  ::mkdir(folder.at("d").c_str(), 0755);
  write_host(folder.at("d/f"), "inside");
  ::symlink(folder.outside().c_str(), folder.at("out").c_str());
  ::symlink(folder.secret().c_str(), folder.at("abs").c_str());
  std::string before = folder.outside_manifest();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 452 /* fchmodat2 */, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog prog{static_cast<unsigned short>(std::size(filter)), filter};
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(10);
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) _exit(11);
    if (syscall(SYS_openat2, AT_FDCWD, ".", nullptr, 0) != -1 || errno != ENOSYS) _exit(12);
    auto backend = HostBackend::create(folder.root());
    if (!backend.ok() || (*backend)->uses_openat2()) _exit(13);
    Backend& b = **backend;
    if (read_backend(b, "d/f") != "inside") _exit(14);
    if (err(b.open("out/secret2.txt", O_RDONLY, 0, kUser)) != ELOOP) _exit(15);
    if (err(b.readdir("out")) != ELOOP) _exit(16);
    if (err(b.open("abs", O_RDONLY, 0, kUser)) != ELOOP) _exit(17);
    if (err(b.chmod("d/f", 0600)) != 0) _exit(18);
    if (err(b.chmod("abs", 0777)) != EOPNOTSUPP) _exit(19);
    if (err(b.chmod("", 0750)) != 0) _exit(20);
    if (err(b.mkdir("d/new", 0777, kUser)) != 0) _exit(21);
    if (err(write_backend(b, "d/new/g", "x")) != 0) _exit(22);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(HostFolder::stat_of(folder.at("d/f")).st_mode & 07777, 0600u);
  EXPECT_EQ(HostFolder::stat_of(folder.root()).st_mode & 07777, 0750u);
  EXPECT_EQ(HostFolder::stat_of(folder.at("d/new")).st_mode & 07777, 0777u);
  EXPECT_EQ(read_host(folder.at("d/new/g")), "x");
  EXPECT_EQ(folder.outside_manifest(), before);
}

INSTANTIATE_TEST_SUITE_P(Resolvers, ConfinementTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "walk" : "openat2"; });

}  // namespace
}  // namespace kefka::vfs::test

// Differential test: the same seeded random sequences of filesystem calls run
// on (a) a Vfs over a MemoryBackend, (b) a Vfs over an OverlayBackend whose
// lower layer holds the starting tree, and (c) a real Linux directory through
// syscalls. Every call's errno and every observable result (stat type, mode,
// size, nlink; directory listings; file contents; link targets) must match.
//
// Credentials: the test process runs as root, and root bypasses permission
// checks on Linux. To compare the permission logic too (EACCES from mode bits,
// search permission, write permission on parents, sticky and set-ID rules),
// most runs drop the host side to uid/gid 1000 in a forked child before its
// first call, and give the sandbox the same uid/gid 1000 credentials; a few
// runs keep root on both sides to compare root's bypass rules. The child
// writes its results to a file opened before dropping privileges.
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "vfs/overlay_backend.h"
#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

constexpr uint32_t kUid = 1000;
constexpr uint32_t kGid = 1000;

enum class Kind {
  kMkdir,
  kRmdir,
  kWrite,
  kRead,
  kUnlink,
  kRename,
  kSymlink,
  kLink,
  kChmod,
  kTruncate,
  kStat,
  kLstat,
  kReaddir,
  kReadlink,
  kRealpath,
  kAccess,
  kChown,
};

struct Op {
  Kind kind;
  std::string a, b;
  int flags = 0;
  uint32_t mode = 0;
  std::string data;
  uint64_t size = 0;
};

std::string err_name(int e) {
  if (e == 0) return "ok";
  const char* name = strerrorname_np(e);
  return name ? name : std::to_string(e);
}

char type_char(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFDIR:
      return 'd';
    case S_IFREG:
      return 'f';
    case S_IFLNK:
      return 'l';
    default:
      return '?';
  }
}

std::string describe_stat(uint32_t mode, uint64_t size, uint64_t nlink, uint32_t uid,
                          uint32_t gid) {
  std::ostringstream out;
  out << " t=" << type_char(mode) << " m=" << std::oct << (mode & 07777) << std::dec;
  out << " u=" << uid << " g=" << gid;
  if (S_ISDIR(mode)) {
    out << " dn=" << nlink;  // directory sizes differ between filesystems
  } else {
    out << " s=" << size << " n=" << nlink;
  }
  return out.str();
}

std::string describe(const Op& op) {
  static const char* names[] = {"mkdir",   "rmdir",    "write",    "read",     "unlink", "rename",
                                "symlink", "link",     "chmod",    "truncate", "stat",   "lstat",
                                "readdir", "readlink", "realpath", "access",   "chown"};
  std::ostringstream out;
  out << names[static_cast<int>(op.kind)] << " '" << op.a << "'";
  if (!op.b.empty()) out << " '" << op.b << "'";
  if (op.kind == Kind::kWrite) out << " flags=0x" << std::hex << op.flags << std::dec;
  if (op.kind == Kind::kMkdir || op.kind == Kind::kChmod) out << " mode=" << std::oct << op.mode;
  if (op.kind == Kind::kTruncate) out << " size=" << op.size;
  if (op.kind == Kind::kAccess) out << " mode=" << op.mode;
  if (op.kind == Kind::kChown) out << " uid=" << op.mode << " gid=" << op.size;
  return out.str();
}

// --- the random program ---

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::vector<Op> program(size_t n) {
    std::vector<Op> ops;
    for (size_t i = 0; i < n; ++i) {
      // A chmod of "." can lock the whole tree; an absolute path gets back in.
      if (i % 100 == 99) {
        ops.push_back({Kind::kChmod, "/w", "", 0, 0755});
      } else {
        ops.push_back(next());
      }
    }
    return ops;
  }

  // A starting tree (no hard links: an overlay copy-up splits those).
  std::vector<Op> setup() {
    return {
        {Kind::kMkdir, "a", "", 0, 0755},
        {Kind::kMkdir, "a/b", "", 0, 0755},
        {Kind::kMkdir, "c", "", 0, 0700},
        {Kind::kWrite, "a/f", "", O_WRONLY | O_CREAT, 0, "lower data\n"},
        {Kind::kWrite, "a/b/g", "", O_WRONLY | O_CREAT, 0, "deep\n"},
        {Kind::kWrite, "b", "", O_WRONLY | O_CREAT, 0, "top"},
        {Kind::kSymlink, "l1", "a/b"},
        {Kind::kSymlink, "l2", "nowhere"},
        {Kind::kChmod, "c", "", 0, 0750},
    };
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[pick(static_cast<int>(N))];
  }

  std::string path() {
    static const char* names[] = {"a", "b", "c", "d", "l1", "l2", "f"};
    int r = pick(20);
    int depth = r < 9 ? 1 : r < 17 ? 2 : 3;  // shallow paths exist more often
    std::string p;
    for (int i = 0; i < depth; ++i) {
      if (i) p += '/';
      int k = pick(24);
      if (k == 0) {
        p += "..";
      } else if (k == 1) {
        p += ".";
      } else {
        p += pick(names);
      }
    }
    if (pick(12) == 0) p += '/';
    return p;
  }

  Op next() {
    static const uint32_t modes[] = {0755, 0700, 0644, 0600,  0500,  0000,  0311,
                                     0555, 0777, 0444, 02775, 01777, 04755, 06777};
    static const int open_flags[] = {
        O_WRONLY | O_CREAT | O_TRUNC,
        O_WRONLY | O_CREAT | O_APPEND,
        O_RDWR,
        O_WRONLY | O_CREAT | O_EXCL,
        O_WRONLY,
        O_WRONLY | O_CREAT | O_NOFOLLOW,
        O_RDONLY | O_DIRECTORY,
        O_RDWR | O_CREAT,
        O_WRONLY | O_TRUNC,
    };
    static const char* targets[] = {"a",  "b",       "a/b", "../a", "c/..", "l1",
                                    "l2", "nowhere", ".",   "a/",   "d/e",  "f"};
    static const uint64_t sizes[] = {0, 3, 100};
    Op op;
    int r = pick(100);
    if (r < 10) {
      op = {Kind::kMkdir, path(), "", 0, pick(modes) | 0700};
      if (pick(4) == 0) op.mode = pick(modes);
    } else if (r < 16) {
      op = {Kind::kRmdir, path()};
    } else if (r < 30) {
      op = {Kind::kWrite, path(), "", pick(open_flags)};
      op.data = std::string(1 + pick(20), static_cast<char>('a' + pick(26)));
    } else if (r < 38) {
      op = {Kind::kRead, path()};
    } else if (r < 45) {
      op = {Kind::kUnlink, path()};
    } else if (r < 55) {
      op = {Kind::kRename, path(), path()};
    } else if (r < 61) {
      op = {Kind::kSymlink, path(), pick(targets)};
    } else if (r < 65) {
      op = {Kind::kLink, path(), path()};
    } else if (r < 71) {
      op = {Kind::kChmod, path(), "", 0, pick(modes)};
      if (pick(3)) op.mode |= 0700;  // keep most of the tree reachable
    } else if (r < 75) {
      op = {Kind::kTruncate, path()};
      op.size = pick(sizes);
    } else if (r < 83) {
      op = {Kind::kStat, path()};
    } else if (r < 89) {
      op = {Kind::kLstat, path()};
    } else if (r < 93) {
      op = {Kind::kReaddir, path()};
    } else if (r < 95) {
      op = {Kind::kReadlink, path()};
    } else if (r < 97) {
      op = {Kind::kRealpath, path()};
    } else if (r < 98) {
      static const uint32_t ids[] = {static_cast<uint32_t>(-1), 0, 1000, 5};
      op = {Kind::kChown, path(), "", 0, pick(ids)};
      op.size = pick(ids);
    } else {
      op = {Kind::kAccess, path(), "", 0, static_cast<uint32_t>(pick(8))};
    }
    return op;
  }

  std::mt19937 rng_;
};

// --- the host side (syscalls in a forked child as uid 1000) ---

std::string run_host_op(const Op& op) {
  auto res = [](int rc) { return err_name(rc < 0 ? errno : 0); };
  switch (op.kind) {
    case Kind::kMkdir:
      return res(::mkdir(op.a.c_str(), op.mode));
    case Kind::kRmdir:
      return res(::rmdir(op.a.c_str()));
    case Kind::kUnlink:
      return res(::unlink(op.a.c_str()));
    case Kind::kRename:
      return res(::rename(op.a.c_str(), op.b.c_str()));
    case Kind::kSymlink:
      return res(::symlink(op.b.c_str(), op.a.c_str()));
    case Kind::kLink:
      return res(::link(op.a.c_str(), op.b.c_str()));
    case Kind::kChmod:
      return res(::chmod(op.a.c_str(), op.mode));
    case Kind::kTruncate:
      return res(::truncate(op.a.c_str(), static_cast<off_t>(op.size)));
    case Kind::kWrite: {
      int fd = ::open(op.a.c_str(), op.flags, 0666);
      if (fd < 0) return err_name(errno);
      std::string out = "ok";
      if ((op.flags & O_ACCMODE) != O_RDONLY) {
        ssize_t n = ::write(fd, op.data.data(), op.data.size());
        out += " write=" + err_name(n < 0 ? errno : 0);
      }
      ::close(fd);
      return out;
    }
    case Kind::kRead: {
      int fd = ::open(op.a.c_str(), O_RDONLY);
      if (fd < 0) return err_name(errno);
      std::string data;
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, n);
      int e = n < 0 ? errno : 0;
      ::close(fd);
      return "ok read=" + err_name(e) + " data=" + data;
    }
    case Kind::kStat:
    case Kind::kLstat: {
      struct stat st;
      int rc = op.kind == Kind::kStat ? ::stat(op.a.c_str(), &st) : ::lstat(op.a.c_str(), &st);
      if (rc < 0) return err_name(errno);
      return "ok" + describe_stat(st.st_mode, st.st_size, st.st_nlink, st.st_uid, st.st_gid);
    }
    case Kind::kReaddir: {
      DIR* dir = ::opendir(op.a.c_str());
      if (!dir) return err_name(errno);
      std::vector<std::string> names;
      while (dirent* e = ::readdir(dir)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
      }
      ::closedir(dir);
      std::sort(names.begin(), names.end());
      std::string out = "ok";
      for (auto& n : names) out += " " + n;
      return out;
    }
    case Kind::kRealpath: {
      char buf[PATH_MAX];
      if (!::realpath(op.a.c_str(), buf)) return err_name(errno);
      return "ok " + std::string(buf);
    }
    case Kind::kAccess:
      return res(::access(op.a.c_str(), static_cast<int>(op.mode)));
    case Kind::kChown:
      return res(::chown(op.a.c_str(), op.mode, static_cast<gid_t>(op.size)));
    case Kind::kReadlink: {
      char buf[4096];
      ssize_t n = ::readlink(op.a.c_str(), buf, sizeof buf);
      if (n < 0) return err_name(errno);
      return "ok " + std::string(buf, n);
    }
  }
  return "?";
}

// Runs setup + program in a fresh host directory as uid 1000; one line per op.
// The child chroots into the directory first, so that ".." and symlinks that
// climb out of /w see the same tree as in the sandbox (a root holding only /w).
std::vector<std::string> run_on_host(const std::vector<Op>& setup, const std::vector<Op>& ops,
                                     Credentials who) {
  char root_template[] = "/tmp/kefka_vfs_root_XXXXXX";
  char results_template[] = "/tmp/kefka_vfs_results_XXXXXX";
  char* root = ::mkdtemp(root_template);
  int out_fd = ::mkstemp(results_template);
  EXPECT_NE(root, nullptr);
  EXPECT_GE(out_fd, 0);
  if (!root || out_fd < 0) return {};
  std::string work = std::string(root) + "/w";
  EXPECT_EQ(::chmod(root, 0755), 0);
  EXPECT_EQ(::mkdir(work.c_str(), 0755), 0);
  EXPECT_EQ(::chown(work.c_str(), kUid, kGid), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chroot(root) != 0 || ::chdir("/w") != 0) _exit(3);
    if (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0) {
      _exit(4);
    }
    ::umask(022);
    std::string text;
    for (const Op& op : setup) text += run_host_op(op) + "\n";
    for (const Op& op : ops) {
      std::string line = run_host_op(op);
      std::replace(line.begin(), line.end(), '\n', '|');
      text += line + "\n";
    }
    size_t off = 0;
    while (off < text.size()) {
      ssize_t n = ::write(out_fd, text.data() + off, text.size() - off);
      if (n <= 0) _exit(5);
      off += static_cast<size_t>(n);
    }
    _exit(0);
  }
  ::close(out_fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "host child status " << status;
  std::ifstream in(results_template);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  std::filesystem::remove_all(root);
  std::filesystem::remove(results_template);
  return lines;
}

// --- the sandbox side ---

std::string run_vfs_op(const FsView& fs, const Op& op) {
  auto res = [](const Status& s) { return err_name(s.ok() ? 0 : s.error()); };
  switch (op.kind) {
    case Kind::kMkdir:
      return res(fs.mkdir(op.a, op.mode));
    case Kind::kRmdir:
      return res(fs.rmdir(op.a));
    case Kind::kUnlink:
      return res(fs.unlink(op.a));
    case Kind::kRename:
      return res(fs.rename(op.a, op.b));
    case Kind::kSymlink:
      return res(fs.symlink(op.b, op.a));
    case Kind::kLink:
      return res(fs.link(op.a, op.b));
    case Kind::kChmod:
      return res(fs.chmod(op.a, op.mode));
    case Kind::kTruncate:
      return res(fs.truncate(op.a, op.size));
    case Kind::kWrite: {
      auto s = fs.open(op.a, op.flags, 0666);
      if (!s) return err_name(s.error());
      std::string out = "ok";
      if ((op.flags & O_ACCMODE) != O_RDONLY) {
        auto n = (*s)->write(op.data);
        out += " write=" + err_name(n.ok() ? 0 : n.error());
      }
      return out;
    }
    case Kind::kRead: {
      auto s = fs.open(op.a, O_RDONLY);
      if (!s) return err_name(s.error());
      auto data = read_all(**s);
      return "ok read=" + err_name(data.ok() ? 0 : data.error()) +
             " data=" + (data.ok() ? *data : "");
    }
    case Kind::kStat:
    case Kind::kLstat: {
      auto st = op.kind == Kind::kStat ? fs.stat(op.a) : fs.lstat(op.a);
      if (!st) return err_name(st.error());
      return "ok" + describe_stat(st->mode, st->size, st->nlink, st->uid, st->gid);
    }
    case Kind::kReaddir: {
      auto entries = fs.readdir(op.a);
      if (!entries) return err_name(entries.error());
      std::vector<std::string> names;
      for (auto& e : *entries) names.push_back(e.name);
      std::sort(names.begin(), names.end());
      std::string out = "ok";
      for (auto& n : names) out += " " + n;
      return out;
    }
    case Kind::kRealpath: {
      auto path = fs.realpath(op.a);
      if (!path) return err_name(path.error());
      return "ok " + *path;
    }
    case Kind::kAccess:
      return res(fs.access(op.a, static_cast<int>(op.mode)));
    case Kind::kChown:
      return res(fs.chown(op.a, op.mode, static_cast<uint32_t>(op.size)));
    case Kind::kReadlink: {
      auto target = fs.readlink(op.a);
      if (!target) return err_name(target.error());
      return "ok " + *target;
    }
  }
  return "?";
}

Caller sandbox_caller(Credentials who) {
  Caller c;
  c.cwd = "/w";
  c.umask = 022;
  c.cred = who;
  return c;
}

// A memory backend holding /w (owned by uid 1000) with the setup applied.
std::shared_ptr<MemoryBackend> prepared_memory(const std::vector<Op>& setup, Credentials who,
                                               std::vector<std::string>* lines) {
  auto mem = std::make_shared<MemoryBackend>();
  Vfs vfs(mem, Limits{});
  FsView root(vfs, testing::root_caller());
  EXPECT_TRUE(root.mkdir("/w", 0755).ok());
  EXPECT_TRUE(root.chown("/w", kUid, kGid).ok());
  FsView fs(vfs, sandbox_caller(who));
  for (const Op& op : setup) lines->push_back(run_vfs_op(fs, op));
  return mem;
}

std::vector<std::string> run_program(Vfs& vfs, const std::vector<Op>& ops, Credentials who,
                                     std::vector<std::string> lines) {
  FsView fs(vfs, sandbox_caller(who));
  for (const Op& op : ops) {
    std::string line = run_vfs_op(fs, op);
    std::replace(line.begin(), line.end(), '\n', '|');
    lines.push_back(line);
  }
  return lines;
}

// Directory link counts of an overlay count only the upper layer's subdirectories.
std::string without_dir_nlink(std::string line) {
  size_t pos = line.find(" dn=");
  if (pos != std::string::npos) {
    size_t end = line.find(' ', pos + 1);
    line.erase(pos, end == std::string::npos ? std::string::npos : end - pos);
  }
  return line;
}

void expect_same(const std::vector<Op>& setup, const std::vector<Op>& ops,
                 const std::vector<std::string>& host, const std::vector<std::string>& got,
                 const char* what, bool compare_dir_nlink) {
  ASSERT_EQ(host.size(), setup.size() + ops.size());
  ASSERT_EQ(got.size(), host.size());
  for (size_t i = 0; i < host.size(); ++i) {
    const Op& op = i < setup.size() ? setup[i] : ops[i - setup.size()];
    std::string want = compare_dir_nlink ? host[i] : without_dir_nlink(host[i]);
    std::string have = compare_dir_nlink ? got[i] : without_dir_nlink(got[i]);
    ASSERT_EQ(want, have) << what << ": op #" << i << ": " << describe(op);
  }
}

// A seed, and whether the calls run as root (permission bypass) or as uid 1000.
class Differential : public ::testing::TestWithParam<std::tuple<uint32_t, bool>> {};

TEST_P(Differential, MemoryOverlayAndHostAgree) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to chroot and change uid on the host side";
  auto [seed, as_root] = GetParam();
  Credentials who = as_root ? Credentials{0, 0} : Credentials{kUid, kGid};
  Generator gen(seed);
  auto setup = gen.setup();
  auto ops = gen.program(3000);
  auto host = run_on_host(setup, ops, who);
  // Guard against a vacuous run where nearly every call fails the same way.
  size_t succeeded = std::count_if(host.begin(), host.end(),
                                   [](const std::string& l) { return l.starts_with("ok"); });
  RecordProperty("succeeded_calls", static_cast<int>(succeeded));
  EXPECT_GT(succeeded, ops.size() / 5) << "succeeded " << succeeded << " of " << ops.size();

  std::vector<std::string> setup_lines;
  auto mem = prepared_memory(setup, who, &setup_lines);
  Vfs memory_vfs(mem, Limits{});
  expect_same(setup, ops, host, run_program(memory_vfs, ops, who, setup_lines), "memory", true);

  std::vector<std::string> lower_lines;
  auto lower = prepared_memory(setup, who, &lower_lines);
  auto overlay = std::make_shared<OverlayBackend>(std::make_shared<MemoryBackend>(), lower);
  Vfs overlay_vfs(overlay, Limits{});
  expect_same(setup, ops, host, run_program(overlay_vfs, ops, who, lower_lines), "overlay", false);
}

INSTANTIATE_TEST_SUITE_P(AsUser, Differential,
                         ::testing::Combine(::testing::Range(1u, 31u), ::testing::Values(false)));
INSTANTIATE_TEST_SUITE_P(AsRoot, Differential,
                         ::testing::Combine(::testing::Range(101u, 111u), ::testing::Values(true)));

}  // namespace
}  // namespace kefka::vfs

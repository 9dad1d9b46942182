// Differential test: one script of filesystem operations run through
// HostBackend (read-write) on one temp folder and with plain POSIX calls on a
// second one. Every step must give the same result (errno or value) and the
// two trees must end up identical.
#include <sys/statvfs.h>

#include "host_fixture.h"

namespace kefka::vfs::test {
namespace {

constexpr Credentials kUser{1000, 1000};

// The operations of the script; each answers "ok", "ok <value>" or the errno
// name, so a log line reads like "mkdir a/b: ENOENT".
class Ops {
 public:
  virtual ~Ops() = default;
  virtual std::string mkdir(const std::string& p, mode_t mode) = 0;
  virtual std::string rmdir(const std::string& p) = 0;
  virtual std::string unlink(const std::string& p) = 0;
  virtual std::string rename(const std::string& from, const std::string& to) = 0;
  virtual std::string symlink(const std::string& target, const std::string& p) = 0;
  virtual std::string readlink(const std::string& p) = 0;
  virtual std::string link(const std::string& from, const std::string& to) = 0;
  virtual std::string chmod(const std::string& p, mode_t mode) = 0;
  virtual std::string truncate(const std::string& p, off_t size) = 0;
  virtual std::string utimens(const std::string& p, time_t sec) = 0;
  // Opens with `flags`, writes `data` at `offset` if non-empty, reads 64
  // bytes from offset 0 if readable; reports both.
  virtual std::string open_io(const std::string& p, int flags, mode_t mode, std::string_view data,
                              off_t offset) = 0;
  virtual std::string lstat(const std::string& p) = 0;
  virtual std::string readdir(const std::string& p) = 0;
};

std::string errno_name(int e) {
  switch (e) {
#define KEFKA_ERRNO_CASE(x) \
  case x:                   \
    return #x;
    KEFKA_ERRNO_CASE(ENOENT)
    KEFKA_ERRNO_CASE(EEXIST)
    KEFKA_ERRNO_CASE(ENOTDIR)
    KEFKA_ERRNO_CASE(EISDIR)
    KEFKA_ERRNO_CASE(ENOTEMPTY)
    KEFKA_ERRNO_CASE(EINVAL)
    KEFKA_ERRNO_CASE(EPERM)
    KEFKA_ERRNO_CASE(EACCES)
    KEFKA_ERRNO_CASE(ELOOP)
    KEFKA_ERRNO_CASE(EBADF)
    KEFKA_ERRNO_CASE(EBUSY)
    KEFKA_ERRNO_CASE(ENAMETOOLONG)
    KEFKA_ERRNO_CASE(EOPNOTSUPP)
    KEFKA_ERRNO_CASE(EXDEV)
#undef KEFKA_ERRNO_CASE
    default:
      return "errno " + std::to_string(e);
  }
}

std::string status(int rc) {
  return rc == 0 ? "ok" : errno_name(errno);
}
template <typename R>
std::string status(const R& r) {
  return r.ok() ? "ok" : errno_name(r.error());
}

std::string describe(mode_t mode, off_t size, nlink_t nlink) {
  char buf[96];
  snprintf(buf, sizeof buf, "ok mode=%o size=%lld nlink=%lu", mode, static_cast<long long>(size),
           static_cast<unsigned long>(nlink));
  return buf;
}

// The reference: the host kernel, paths joined to the folder.
class PosixOps final : public Ops {
 public:
  explicit PosixOps(std::string root) : root_(std::move(root)) {}
  std::string mkdir(const std::string& p, mode_t mode) override {
    return status(::mkdir(at(p).c_str(), mode));
  }
  std::string rmdir(const std::string& p) override { return status(::rmdir(at(p).c_str())); }
  std::string unlink(const std::string& p) override { return status(::unlink(at(p).c_str())); }
  std::string rename(const std::string& from, const std::string& to) override {
    return status(::rename(at(from).c_str(), at(to).c_str()));
  }
  std::string symlink(const std::string& target, const std::string& p) override {
    return status(::symlink(target.c_str(), at(p).c_str()));
  }
  std::string readlink(const std::string& p) override {
    char buf[4096];
    ssize_t n = ::readlink(at(p).c_str(), buf, sizeof buf);
    if (n < 0) return errno_name(errno);
    return "ok " + std::string(buf, static_cast<size_t>(n));
  }
  std::string link(const std::string& from, const std::string& to) override {
    return status(::link(at(from).c_str(), at(to).c_str()));
  }
  std::string chmod(const std::string& p, mode_t mode) override {
    return status(::chmod(at(p).c_str(), mode));
  }
  std::string truncate(const std::string& p, off_t size) override {
    return status(::truncate(at(p).c_str(), size));
  }
  std::string utimens(const std::string& p, time_t sec) override {
    timespec times[2] = {{sec, 0}, {sec, 0}};
    return status(::utimensat(AT_FDCWD, at(p).c_str(), times, AT_SYMLINK_NOFOLLOW));
  }
  std::string open_io(const std::string& p, int flags, mode_t mode, std::string_view data,
                      off_t offset) override {
    int fd = ::open(at(p).c_str(), flags | O_CLOEXEC, mode);
    if (fd < 0) return errno_name(errno);
    std::string out = "ok";
    if (!data.empty()) {
      ssize_t n = ::pwrite(fd, data.data(), data.size(), offset);
      out += n < 0 ? " write " + errno_name(errno) : " wrote " + std::to_string(n);
    }
    char buf[64];
    ssize_t n = ::pread(fd, buf, sizeof buf, 0);
    out += n < 0 ? " read " + errno_name(errno) : " read " + std::string(buf, n);
    ::close(fd);
    return out;
  }
  std::string lstat(const std::string& p) override {
    struct stat st;
    if (::lstat(at(p).c_str(), &st) != 0) return errno_name(errno);
    return describe(st.st_mode, st.st_size, st.st_nlink);
  }
  std::string readdir(const std::string& p) override {
    DIR* d = ::opendir(at(p).c_str());
    if (!d) return errno_name(errno);
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    std::string out = "ok";
    for (const auto& n : names) out += " " + n;
    return out;
  }

 private:
  std::string at(const std::string& p) const { return p.empty() ? root_ : root_ + "/" + p; }
  std::string root_;
};

// The same through the backend.
class BackendOps final : public Ops {
 public:
  explicit BackendOps(Backend& b) : b_(b) {}
  std::string mkdir(const std::string& p, mode_t mode) override {
    return status(b_.mkdir(p, mode, kUser));
  }
  std::string rmdir(const std::string& p) override { return status(b_.rmdir(p)); }
  std::string unlink(const std::string& p) override { return status(b_.unlink(p)); }
  std::string rename(const std::string& from, const std::string& to) override {
    return status(b_.rename(from, to));
  }
  std::string symlink(const std::string& target, const std::string& p) override {
    return status(b_.symlink(target, p, kUser));
  }
  std::string readlink(const std::string& p) override {
    auto r = b_.readlink(p);
    return r.ok() ? "ok " + *r : status(r);
  }
  std::string link(const std::string& from, const std::string& to) override {
    return status(b_.link(from, to));
  }
  std::string chmod(const std::string& p, mode_t mode) override {
    return status(b_.chmod(p, mode));
  }
  std::string truncate(const std::string& p, off_t size) override {
    return status(b_.truncate(p, static_cast<uint64_t>(size)));
  }
  std::string utimens(const std::string& p, time_t sec) override {
    return status(b_.utimens(p, {sec, 0}, {sec, 0}));
  }
  std::string open_io(const std::string& p, int flags, mode_t mode, std::string_view data,
                      off_t offset) override {
    auto file = b_.open(p, flags, mode, kUser);
    if (!file.ok()) return status(file);
    std::string out = "ok";
    if (!data.empty()) {
      auto n = (*file)->pwrite(data, static_cast<uint64_t>(offset));
      out += n.ok() ? " wrote " + std::to_string(*n) : " write " + status(n);
    }
    char buf[64];
    auto n = (*file)->pread(std::span<char>(buf, sizeof buf), 0);
    out += n.ok() ? " read " + std::string(buf, *n) : " read " + status(n);
    return out;
  }
  std::string lstat(const std::string& p) override {
    auto st = b_.lstat(p);
    return st.ok() ? describe(st->mode, static_cast<off_t>(st->size), st->nlink) : status(st);
  }
  std::string readdir(const std::string& p) override {
    auto entries = b_.readdir(p);
    if (!entries.ok()) return status(entries);
    std::string out = "ok";
    for (const auto& e : *entries) out += " " + e.name;
    return out;
  }

 private:
  Backend& b_;
};

// The script. It avoids what the backend interface defines differently from
// open(2) on purpose: opening a directory (EISDIR) and following a symlink in
// the last component (Vfs resolves those).
std::vector<std::string> run_script(Ops& ops) {
  std::vector<std::string> log;
  auto step = [&](const std::string& what, const std::string& result) {
    log.push_back(what + ": " + result);
  };
  step("mkdir a", ops.mkdir("a", 0755));
  step("mkdir a again", ops.mkdir("a", 0755));
  step("mkdir a/b/c", ops.mkdir("a/b/c", 0755));
  step("mkdir a/b", ops.mkdir("a/b", 0700));
  step("create a/f", ops.open_io("a/f", O_WRONLY | O_CREAT | O_EXCL, 0640, "hello", 0));
  step("create a/f excl", ops.open_io("a/f", O_WRONLY | O_CREAT | O_EXCL, 0640, "x", 0));
  step("rdwr a/f", ops.open_io("a/f", O_RDWR, 0, "J", 1));
  step("sparse a/g", ops.open_io("a/g", O_RDWR | O_CREAT, 0600, "end", 10));
  step("trunc a/g", ops.open_io("a/g", O_RDWR | O_TRUNC, 0, "", 0));
  step("rdonly missing", ops.open_io("a/missing", O_RDONLY, 0, "", 0));
  step("create in missing dir", ops.open_io("nodir/f", O_WRONLY | O_CREAT, 0644, "x", 0));
  step("create under a file", ops.open_io("a/f/x", O_WRONLY | O_CREAT, 0644, "x", 0));
  step("open dir for writing", ops.open_io("a", O_WRONLY, 0, "x", 0));
  step("write rdonly fd", ops.open_io("a/f", O_RDONLY, 0, "x", 0));
  step("lstat a", ops.lstat("a"));
  step("lstat a/f", ops.lstat("a/f"));
  step("lstat a/f/x", ops.lstat("a/f/x"));
  step("lstat missing", ops.lstat("missing"));
  step("readdir a", ops.readdir("a"));
  step("readdir a/f", ops.readdir("a/f"));
  step("readdir missing", ops.readdir("missing"));
  step("rmdir a", ops.rmdir("a"));
  step("rmdir a/f", ops.rmdir("a/f"));
  step("rmdir missing", ops.rmdir("missing"));
  step("unlink a", ops.unlink("a"));
  step("unlink missing", ops.unlink("a/missing"));
  step("rename a/f a/b/f2", ops.rename("a/f", "a/b/f2"));
  step("rename missing", ops.rename("a/f", "a/x"));
  step("rename dir into itself", ops.rename("a", "a/b/inner"));
  step("rename file over dir", ops.rename("a/g", "a/b"));
  step("mkdir e", ops.mkdir("e", 0755));
  step("rename dir over file", ops.rename("e", "a/g"));
  step("rename dir over nonempty dir", ops.rename("e", "a"));
  step("rename dir over empty dir", ops.rename("a/b", "e"));
  step("rename file over file", ops.rename("a/g", "e/f2"));
  step("rename onto itself", ops.rename("e/f2", "e/f2"));
  step("symlink s", ops.symlink("e/f2", "s"));
  step("symlink dangling", ops.symlink("/no/where", "dangling"));
  step("symlink exists", ops.symlink("x", "s"));
  step("symlink in missing dir", ops.symlink("x", "nodir/s"));
  step("readlink s", ops.readlink("s"));
  step("readlink dangling", ops.readlink("dangling"));
  step("readlink file", ops.readlink("e/f2"));
  step("readlink missing", ops.readlink("missing"));
  step("lstat s", ops.lstat("s"));
  step("link e/f2 h", ops.link("e/f2", "h"));
  step("lstat h", ops.lstat("h"));
  step("link dir", ops.link("e", "e2"));
  step("link exists", ops.link("e/f2", "h"));
  step("link missing", ops.link("missing", "h2"));
  step("link symlink", ops.link("s", "s2"));
  step("lstat s2", ops.lstat("s2"));
  step("rename symlink", ops.rename("s2", "s3"));
  step("unlink symlink", ops.unlink("s3"));
  step("chmod h", ops.chmod("h", 0604));
  step("lstat e/f2", ops.lstat("e/f2"));
  step("chmod dir", ops.chmod("e", 0711));
  step("chmod missing", ops.chmod("missing", 0644));
  step("truncate h 2", ops.truncate("h", 2));
  step("truncate h 100", ops.truncate("h", 100));
  step("lstat h", ops.lstat("h"));
  step("truncate dir", ops.truncate("e", 0));
  step("truncate missing", ops.truncate("missing", 0));
  step("utimens e/f2", ops.utimens("e/f2", 123456));
  step("utimens s", ops.utimens("s", 654321));
  step("utimens missing", ops.utimens("missing", 1));
  step("unlink h", ops.unlink("h"));
  step("lstat e/f2", ops.lstat("e/f2"));
  step("readdir root", ops.readdir(""));
  step("readdir e", ops.readdir("e"));
  step("rmdir e nonempty", ops.rmdir("e"));
  step("unlink e/f2", ops.unlink("e/f2"));
  step("rmdir e/c", ops.rmdir("e/c"));
  step("rmdir e", ops.rmdir("e"));
  step("readdir root", ops.readdir(""));
  return log;
}

class HostDifferential : public ::testing::TestWithParam<bool> {};

TEST_P(HostDifferential, SameResultsAsThePosixCallsOnTheHost) {
  HostFolder mine;
  HostFolder reference;
  mode_t old = ::umask(0);  // the backend compensates the umask; the reference gets none
  auto backend = make_backend(mine.root(), {.force_component_walk = GetParam()});
  BackendOps through_backend(*backend);
  PosixOps direct(reference.root());
  std::vector<std::string> got = run_script(through_backend);
  std::vector<std::string> want = run_script(direct);
  ::umask(old);
  if (getenv("KEFKA_TEST_VERBOSE"))
    for (const auto& line : got) fprintf(stderr, "%s\n", line.c_str());
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]);
  EXPECT_EQ(tree_manifest(mine.root(), /*with_times=*/false),
            tree_manifest(reference.root(), /*with_times=*/false));
}

INSTANTIATE_TEST_SUITE_P(Resolvers, HostDifferential, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "walk" : "openat2"; });

}  // namespace
}  // namespace kefka::vfs::test

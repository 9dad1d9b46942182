// file against file 5.44 (libmagic's answers for the data, file's own for
// directories, links and empty files, and its name padding).
#include <unistd.h>

#include <fstream>
#include <thread>

#include "files_fixture.h"

namespace kefka::test {
namespace {

class FileTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({make_file("text", "hello world\n"),
               make_file("script", "#!/bin/sh\necho hi\n", 0755), make_file("empty", ""),
               make_file("png", std::string("\x89PNG\r\n\x1a\n", 8)),
               make_file("json", "{\"a\": [1, 2]}\n"), make_file("bin", std::string("\0\1\2\3", 4)),
               make_file("utf", "h\xc3\xa9llo\n"), make_dir("dir"), make_link("link", "text"),
               make_link("broken", "nowhere")});
  }
};

TEST_F(FileTest, Types) {
  diff({.argv = {"file", "text", "script", "empty", "png", "json", "bin", "utf", "dir", "link",
                 "broken", "nope"}});
}
TEST_F(FileTest, Brief) {
  diff({.argv = {"file", "-b", "text", "dir"}});
}
TEST_F(FileTest, Mime) {
  diff({.argv = {"file", "-i", "text", "dir", "empty", "link", "png"}});
  diff({.argv = {"file", "--mime-type", "text", "script"}});
}
TEST_F(FileTest, Dereference) {
  diff({.argv = {"file", "-L", "link"}});
}
TEST_F(FileTest, Gzip) {
  ASSERT_EQ(run({"gzip", "-k", "text"}).status, 0);
  // The name and mtime stored in the header are the same on both sides.
  write_file("t.gz", read_file("text.gz"));
  host_.write("t.gz", read_file("text.gz"));
  // Deviation: libmagic does not read the gzip trailer from a buffer, so the
  // "original size modulo 2^32" part is missing.
  diff({.argv = {"file", "t.gz"}, .normalize = {{", original size modulo 2\\^32 [0-9]+", ""}}});
}

}  // namespace
}  // namespace kefka::test

namespace kefka::test {
namespace {

// Resident set of this process, from /proc/self/statm (test code may read host files).
size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Each thread that runs `file` loads libmagic's database (~2 MB); it must be
// freed when the thread ends (pipeline stages and jobs are threads).
TEST_F(FileTest, ThreadsDoNotLeakTheMagicDatabase) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan keeps freed memory in quarantine; LeakSanitizer checks this build";
#endif
  auto one_thread = [&] {
    std::thread t([&] { EXPECT_EQ(run({"file", "-b", "text"}).out, "ASCII text\n"); });
    t.join();
  };
  for (int i = 0; i < 5; ++i) one_thread();  // warm up the allocator's arenas
  size_t before = resident_bytes();
  for (int i = 0; i < 40; ++i) one_thread();
  size_t grown = resident_bytes() > before ? resident_bytes() - before : 0;
  EXPECT_LT(grown, 30u << 20) << "40 threads kept " << (grown >> 20) << " MB";
}

}  // namespace
}  // namespace kefka::test

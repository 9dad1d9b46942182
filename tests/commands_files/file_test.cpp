// file against file 5.44 (libmagic's answers for the data, file's own for
// directories, links and empty files, and its name padding).
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

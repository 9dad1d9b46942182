// gzip/gunzip/zcat against GNU gzip: same compressed bytes for the inputs
// tested (zlib and gzip share the deflate implementation's lineage), same
// messages, statuses and resulting trees.
#include <zlib.h>

#include "files_fixture.h"

namespace kefka::test {
namespace {

std::string numbers(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) s += std::to_string(i) + "\n";
  return s;
}

// The gzip header (10 bytes and the stored name) and the decompressed members,
// so outputs compare equal when only the deflate encoding differs.
std::string describe_gzip(const std::string& data) {
  if (data.size() < 18 || static_cast<unsigned char>(data[0]) != 0x1f ||
      static_cast<unsigned char>(data[1]) != 0x8b) {
    return data;
  }
  std::string header = data.substr(0, 10);
  header[8] = 0;  // XFL: GNU and zlib differ in the level hint
  z_stream zs{};
  inflateInit2(&zs, 15 + 32);
  std::string out;
  char buf[65536];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END && zs.avail_in > 0) {
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK) break;
  }
  inflateEnd(&zs);
  std::string name;
  if (data[3] & 8) name = std::string(data.c_str() + 10);
  return "gzip[" + header + "|" + name + "]" + out;
}

class GzipTest : public FilesFixture {
 protected:
  void SetUp() override {
    content_filter = [](const std::string&, std::string c) { return describe_gzip(c); };
    stdout_filter = [](std::string c) { return describe_gzip(c); };
    std::string binary;
    for (int i = 0; i < 3000; ++i) binary += static_cast<char>((i * 7919) % 256);
    make_tree({
        make_file("f", "hello\n"),
        make_file("big", numbers(20000)),
        make_file("bin", binary, 0640),
        make_file("empty", ""),
        make_file("a b", "spaced name\n"),
        make_dir("d"),
        make_file("d/x", "x\n"),
        make_file("d/y", numbers(100)),
        make_file("already.gz", "not really"),
    });
  }
};

TEST_F(GzipTest, CompressInPlace) {
  tree_diff({"gzip", "f", "big", "bin", "empty", "a b"});
}
TEST_F(GzipTest, CompressKeepLevels) {
  tree_diff({"gzip", "-k", "-9", "big"});
  tree_diff({"gzip", "-kf", "-1", "big"});
}
TEST_F(GzipTest, ToStdout) {
  diff({.argv = {"gzip", "-c", "f"}});
  diff({.argv = {"gzip", "-cn", "big"}});
  diff({.argv = {"gzip", "-n"}, .input = numbers(500)});
}
TEST_F(GzipTest, RoundTrip) {
  tree_diff({"gzip", "big", "bin"});
  tree_diff({"gunzip", "big.gz", "bin.gz"});
}
TEST_F(GzipTest, DecompressVariants) {
  tree_diff({"gzip", "-k", "f", "big"});
  diff({.argv = {"zcat", "f.gz", "big.gz"}});
  diff({.argv = {"gzip", "-dc", "f.gz"}});
  diff({.argv = {"gunzip", "-c", "f"}});  // finds f.gz
  tree_diff({"gzip", "-d", "-f", "f.gz"});
}
TEST_F(GzipTest, ConcatenatedMembers) {
  tree_diff({"gzip", "-k", "f"});
  auto gz = read_file("f.gz");
  diff({.argv = {"gzip", "-dc"}, .input = gz + gz});
  diff({.argv = {"gzip", "-dc"}, .input = gz + "junk\n"});
}
TEST_F(GzipTest, Errors) {
  tree_diff({"gzip", "nope"});
  tree_diff({"gunzip", "nope.txt"});
  tree_diff({"gunzip", "f"});
  tree_diff({"gzip", "already.gz"});
  tree_diff({"gzip", "d"});
  diff({.argv = {"gzip", "-d"}, .input = "not gzip\n"});
  diff({.argv = {"zcat"}, .input = ""});
  tree_diff({"gzip", "-k", "f"});
  tree_diff({"gzip", "f"});
}
// Ratios depend on the compressed size, so these use inputs small enough for
// zlib and GNU gzip to produce the same bytes.
TEST_F(GzipTest, Verbose) {
  tree_diff({"gzip", "-v", "d/y", "f"});
  tree_diff({"gzip", "-dv", "d/y.gz"});
  tree_diff({"gzip", "-tv", "f.gz"});
}
TEST_F(GzipTest, Recursive) {
  tree_diff({"gzip", "-r", "d"});
}
TEST_F(GzipTest, List) {
  tree_diff({"gzip", "-k", "f", "d/y", "empty"});
  diff({.argv = {"gzip", "-l", "f.gz"}});
  diff({.argv = {"gzip", "-l", "f.gz", "d/y.gz", "empty.gz"}});
}
TEST_F(GzipTest, Suffix) {
  tree_diff({"gzip", "-S", ".z", "f"});
  tree_diff({"gzip", "-d", "-S", ".z", "f.z"});
}

}  // namespace
}  // namespace kefka::test

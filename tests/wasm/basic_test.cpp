// The runtime and WASI host on small C programs: argv, env, cwd, exit codes,
// stdio, files.
#include <gtest/gtest.h>

#include <algorithm>

#include "wasm_test_util.h"

namespace kefka::wasm::testing {
namespace {

TEST(WasmBasic, ModulesAreRegistered) {
  EXPECT_TRUE(has_module("test_hello"));
  EXPECT_FALSE(has_module("no_such_module"));
}

TEST(WasmBasic, UnknownModuleIs127) {
  WasmFixture fx;
  auto o = fx.run("no_such_module", {"nope"});
  EXPECT_EQ(o.status, 127);
  EXPECT_EQ(o.err, "nope: wasm module not found\n");
}

TEST(WasmBasic, ArgvEnvCwdAndExitStatus) {
  WasmFixture fx;
  ASSERT_TRUE(fx.vfs().mkdir({}, "/work").ok());
  fx.env["GREETING"] = "hi there";
  auto o = fx.run("test_hello", {"hello", "7", "two words"}, "/work");
  EXPECT_EQ(o.status, 7);
  EXPECT_EQ(o.out, "argv[0]=hello\nargv[1]=7\nargv[2]=two words\nGREETING=hi there\ncwd=/work\n");
  EXPECT_EQ(o.err, "to stderr\n");
}

TEST(WasmBasic, ExitStatusIsTruncatedToAByte) {
  WasmFixture fx;
  EXPECT_EQ(fx.run("test_hello", {"hello", "256"}).status, 0);
  EXPECT_EQ(fx.run("test_hello", {"hello", "0"}).status, 0);
}

TEST(WasmBasic, StdinToStdout) {
  WasmFixture fx;
  std::string input;
  for (int i = 0; i < 5000; ++i) input += "line " + std::to_string(i) + "\n";
  auto o = fx.run("test_stream", {"stream", "-v"}, "/", input);
  EXPECT_EQ(o.status, 0);
  std::string upper = input;
  for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(o.out, upper);
  EXPECT_EQ(o.err, std::to_string(input.size()) + "\n");
}

TEST(WasmBasic, WriteReadListRenameRemove) {
  WasmFixture fx;
  ASSERT_TRUE(fx.vfs().mkdir({}, "/d").ok());
  EXPECT_EQ(fx.run("test_files", {"files", "write", "/d/a.txt", "alpha\n"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "append", "/d/a.txt", "beta\n"}).status, 0);
  EXPECT_EQ(*fx.view().read_file("/d/a.txt"), "alpha\nbeta\n");
  EXPECT_EQ(fx.run("test_files", {"files", "cat", "/d/a.txt"}).out, "alpha\nbeta\n");
  EXPECT_EQ(fx.run("test_files", {"files", "mkdir", "/d/sub"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "ls", "/d"}).out, "a.txt\nsub\n");
  EXPECT_EQ(fx.run("test_files", {"files", "mv", "/d/a.txt", "/d/sub/b.txt"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "stat", "/d/sub/b.txt"}).out, "file 11\n");
  EXPECT_EQ(fx.run("test_files", {"files", "stat", "/d/sub"}).out, "dir 4096\n");
  EXPECT_EQ(fx.run("test_files", {"files", "rm", "/d/sub/b.txt"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "rmdir", "/d/sub"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "ls", "/d"}).out, "");
}

TEST(WasmBasic, ErrorsAreErrnos) {
  WasmFixture fx;
  auto o = fx.run("test_files", {"files", "cat", "/missing"});
  EXPECT_EQ(o.status, 1);
  EXPECT_EQ(o.out, "fopen: No such file or directory\n");
  ASSERT_TRUE(fx.vfs().mkdir({}, "/d").ok());
  ASSERT_TRUE(fx.view().write_file("/d/f", "x").ok());
  EXPECT_EQ(fx.run("test_files", {"files", "rmdir", "/d"}).out, "rmdir: Directory not empty\n");
  EXPECT_EQ(fx.run("test_files", {"files", "mkdir", "/d"}).out, "mkdir: File exists\n");
}

TEST(WasmBasic, RelativePathsUseTheCwd) {
  WasmFixture fx;
  ASSERT_TRUE(fx.vfs().mkdir({}, "/home").ok());
  ASSERT_TRUE(fx.vfs().mkdir({}, "/home/u").ok());
  EXPECT_EQ(fx.run("test_files", {"files", "write", "rel.txt", "R"}, "/home/u").status, 0);
  EXPECT_EQ(*fx.view().read_file("/home/u/rel.txt"), "R");
  EXPECT_EQ(fx.run("test_files", {"files", "cat", "../u/rel.txt"}, "/home/u").out, "R");
  EXPECT_EQ(fx.run("test_files", {"files", "ls", "."}, "/home/u").out, "rel.txt\n");
}

TEST(WasmBasic, SeekPreadPwriteTruncate) {
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/f", "abcdefgh").ok());
  auto o = fx.run("test_files", {"files", "seek", "/f"});
  EXPECT_EQ(o.out, "pread=cde end=8\n");
  EXPECT_EQ(*fx.view().read_file("/f"), "XYcd");
}

TEST(WasmBasic, Symlinks) {
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/target", "T").ok());
  EXPECT_EQ(fx.run("test_files", {"files", "symlink", "/target", "/link"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "readlink", "/link"}).out, "/target\n");
  EXPECT_EQ(fx.run("test_files", {"files", "cat", "/link"}).out, "T");
}

TEST(WasmBasic, LargeDirectoriesListCompletely) {
  WasmFixture fx;
  ASSERT_TRUE(fx.vfs().mkdir({}, "/big").ok());
  std::string expected;
  std::vector<std::string> names;
  for (int i = 0; i < 600; ++i) {
    // Long names: several readdir buffers, entries cut at buffer ends.
    names.push_back(std::string(150, 'a' + i % 26) + std::to_string(1000 + i));
  }
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    ASSERT_TRUE(fx.view().write_file("/big/" + n, "").ok());
    expected += n + "\n";
  }
  EXPECT_EQ(fx.run("test_files", {"files", "count", "/big"}).out, "602\n");
  EXPECT_EQ(fx.run("test_files", {"files", "ls", "/big"}).out, expected);
}

TEST(WasmBasic, TimesAndHardLinks) {
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/f", "x").ok());
  EXPECT_EQ(fx.run("test_files", {"files", "touch", "/f", "1000000000"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "link", "/f", "/g"}).status, 0);
  EXPECT_EQ(fx.run("test_files", {"files", "mtime", "/g"}).out, "1000000000 nlink=2\n");
  EXPECT_EQ(fx.view().stat("/f")->mtime.tv_sec, 1000000000);
}

TEST(WasmBasic, ClocksRandomAndSleep) {
  WasmFixture fx;
  auto o = fx.run("test_misbehave", {"misbehave", "clock"});
  EXPECT_EQ(o.out, "year>=2024 1\nrandom differs 1\nslept>=20ms 1\n");
}

}  // namespace
}  // namespace kefka::wasm::testing

namespace kefka::wasm::testing {
namespace {

// kefka_wasm_module(... SPLIT 3): the same program with its C cut in parts.
TEST(WasmBasic, SplitModuleRunsTheSame) {
  WasmFixture fx;
  EXPECT_EQ(fx.run("test_files_split", {"files", "write", "/s", "split\n"}).status, 0);
  EXPECT_EQ(fx.run("test_files_split", {"files", "cat", "/s"}).out, "split\n");
  EXPECT_EQ(fx.run("test_files_split", {"files", "cat", "/nope"}).out,
            "fopen: No such file or directory\n");
}

}  // namespace
}  // namespace kefka::wasm::testing

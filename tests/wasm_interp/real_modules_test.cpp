// Large real modules built by clang for wasm32-wasi (the project's own jq,
// sqlite3 and CPython builds, found in the build cache when present): they
// decode and validate, and jq, sqlite3 and python run under the interpreter. Skipped
// when the cache holds no such module (a build without them).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

// The newest <cache>/<dir-prefix>*/<file> under ~/.cache/kefka, or "".
std::string find_cached(const std::string& sub, const std::string& prefix,
                        const std::string& file) {
  const char* home = getenv("HOME");
  if (!home) return "";
  std::filesystem::path dir = std::filesystem::path(home) / ".cache/kefka" / sub;
  std::error_code ec;
  std::string found;
  for (auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().rfind(prefix, 0) == 0 &&
        std::filesystem::exists(e.path() / file)) {
      found = (e.path() / file).string();
    }
  }
  return found;
}

std::string jq_wasm() {
  return find_cached("wasm_tools", "jq-", "jq.wasm");
}
std::string sqlite3_wasm() {
  return find_cached("wasm_tools", "sqlite3-", "sqlite3.wasm");
}
std::string python_wasm() {
  return find_cached("npm", "python-wasi-", "package/dist/python.wasm");
}

TEST(InterpRealModules, DecodeAndValidate) {
  int found = 0;
  for (const std::string& path : {jq_wasm(), sqlite3_wasm(), python_wasm()}) {
    if (path.empty()) continue;
    ++found;
    std::string bytes = read_host_bytes(path);
    auto start = std::chrono::steady_clock::now();
    std::string error;
    auto module = interp::decode(bytes, &error);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    EXPECT_TRUE(module) << path << ": " << error;
    printf("decoded %s (%zu bytes) in %lld ms\n", path.c_str(), bytes.size(),
           static_cast<long long>(ms));
  }
  if (!found) GTEST_SKIP() << "no jq/sqlite3/python module in ~/.cache/kefka";
}

TEST(InterpRealModules, JqRuns) {
  std::string path = jq_wasm();
  if (path.empty()) GTEST_SKIP() << "no jq.wasm";
  WasmFixture fx;
  auto o = interpret(fx, read_host_bytes(path), {"jq", "-c", "[.a, (.b | length), .c[1:]]"},
                     R"({"a": 1.5, "b": "héllo", "c": [1, 2, 3]})");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, "[1.5,5,[2,3]]\n");
  o = interpret(fx, read_host_bytes(path), {"jq", ".a |"}, "{}");
  EXPECT_EQ(o.status, 3);
  EXPECT_NE(o.err.find("syntax error"), std::string::npos) << o.err;
}

TEST(InterpRealModules, Sqlite3Runs) {
  std::string path = sqlite3_wasm();
  if (path.empty()) GTEST_SKIP() << "no sqlite3.wasm";
  WasmFixture fx;
  auto o = interpret(fx, read_host_bytes(path), {"sqlite3", "/db"},
                     "create table t(x integer, y text);\n"
                     "insert into t values (1, 'one'), (2, 'two');\n"
                     "select sum(x), group_concat(y) from t;\n");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, "3|one,two\n");
  o = interpret(fx, read_host_bytes(path), {"sqlite3", "/db", "select count(*) from t"});
  EXPECT_EQ(o.out, "2\n") << o.err;
}

TEST(InterpRealModules, PythonRuns) {
  std::string path = python_wasm();
  if (path.empty()) GTEST_SKIP() << "no python.wasm";
  WasmFixture fx;
  ASSERT_TRUE(fx.view().write_file("/in.txt", "3\n4\n", 0644).ok());
  auto o = interpret(fx, read_host_bytes(path),
                     {"python3", "-c",
                      "import sys, json\n"
                      "n = sum(int(x) for x in open('/in.txt'))\n"
                      "print(json.dumps({'sum': n, 'sq': [i * i for i in range(4)]}))\n"
                      "sys.exit(3)"});
  EXPECT_EQ(o.status, 3) << o.err;
  EXPECT_EQ(o.out, "{\"sum\": 7, \"sq\": [0, 1, 4, 9]}\n");
}

}  // namespace
}  // namespace kefka::wasm::testing

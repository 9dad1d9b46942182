// The interpreter calls the WASI host functions of src/wasm/wasi.cpp through
// prototypes of its own (src/wasm/interp/imports.cpp); C linkage would not
// catch a drift in their parameter types, so this test reads wasi.cpp and
// checks that every import binds with exactly the type defined there.
#include <gtest/gtest.h>

#include <regex>

#include "interp_test_util.h"
#include "wasm/interp/module.h"

namespace kefka::wasm::testing {
namespace {

interp::ValType type_of(const std::string& c_type) {
  return c_type == "u64" || c_type == "uint64_t" || c_type == "int64_t" ? interp::kI64
                                                                        : interp::kI32;
}

TEST(InterpImports, MatchTheWasiHostSignatures) {
  std::string source = read_host_bytes(KEFKA_SOURCE_DIR "/src/wasm/wasi.cpp");
  ASSERT_FALSE(source.empty());
  // WASI(name)(Host* h, u32 a, u64, ...) and the void proc_exit.
  std::regex def(
      R"((?:WASI\((\w+)\)|void Z_wasi_snapshot_preview1Z_(\w+))\s*\(Host\* ?h?([^)]*)\))");
  int checked = 0;
  for (std::sregex_iterator it(source.begin(), source.end(), def), end; it != end; ++it) {
    bool returns_void = (*it)[2].matched;
    std::string name = returns_void ? (*it)[2].str() : (*it)[1].str();
    interp::FuncType type;
    std::string params = (*it)[3].str();
    std::regex param(R"(,\s*(\w+))");
    for (std::sregex_iterator p(params.begin(), params.end(), param), pend; p != pend; ++p) {
      type.params.push_back(type_of((*p)[1].str()));
    }
    if (!returns_void) type.results.push_back(interp::kI32);
    interp::Import import{"wasi_snapshot_preview1", name};
    std::string error;
    EXPECT_TRUE(interp::bind_import(import, type, &error)) << name << ": " << error;
    ++checked;
  }
  EXPECT_EQ(checked, 46);  // the 45 functions of WASI preview1 and proc_exit
}

}  // namespace
}  // namespace kefka::wasm::testing

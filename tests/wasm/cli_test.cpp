// The kefka executable runs a .wasm file end to end: the module is compiled on
// the host and dlopen()ed, and its imports must resolve to the executable's
// runtime and WASI host (exported with --export-dynamic-symbol).
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace {

std::string run_capture(const std::string& command, int* status) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

TEST(WasmCli, KefkaRunsAWasmFileFromAMount) {
  auto dir =
      std::filesystem::temp_directory_path() / ("kefka-wasm-cli-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "mnt");
  std::filesystem::copy_file(KEFKA_BINARY_DIR "/wasm_programs/test_hello.wasm",
                             dir / "mnt" / "hello.wasm");
  int status = -1;
  std::string out = run_capture("XDG_CACHE_HOME='" + (dir / "cache").string() + "' timeout 120 '" +
                                    KEFKA_BINARY_DIR "/kefka' --mount '" + (dir / "mnt").string() +
                                    ":/mnt:ro' -c 'cp /mnt/hello.wasm /tmp/h.wasm && chmod +x "
                                    "/tmp/h.wasm && cd /tmp && ./h.wasm 5 2>/dev/null; echo $?'",
                                &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, "argv[0]=./h.wasm\nargv[1]=5\nGREETING=(unset)\ncwd=/tmp\n5\n");
  std::filesystem::remove_all(dir);
}

}  // namespace

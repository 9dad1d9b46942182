// Throughput of grep and sed against GNU on the same 100 MB input. Skipped
// unless KEFKA_BENCH=1 (it takes a while); prints the time ratios.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <random>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class GrepSedBench : public CommandFixture {
 protected:
  void SetUp() override {
    if (std::getenv("KEFKA_BENCH") == nullptr) GTEST_SKIP() << "set KEFKA_BENCH=1";
    env["LC_ALL"] = "C.UTF-8";
  }

  static std::string make_input(size_t bytes) {
    static const char* const kWords[] = {"alpha", "beta",  "gamma", "delta", "x",    "foo",
                                         "bar",   "12345", "error", "warn",  "info", "the"};
    std::mt19937 rng(42);
    std::string s;
    s.reserve(bytes + 200);
    while (s.size() < bytes) {
      int words = 3 + rng() % 12;
      for (int i = 0; i < words; ++i) {
        if (i) s += ' ';
        s += kWords[rng() % std::size(kWords)];
      }
      s += '\n';
    }
    return s;
  }

  void compare(std::vector<std::string> argv, const std::string& data, const HostTempDir& host) {
    auto start = std::chrono::steady_clock::now();
    RunResult ours = run(argv);
    double ours_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto host_env = default_test_env();
    host_env["LC_ALL"] = "C.UTF-8";
    start = std::chrono::steady_clock::now();
    ProcessResult gnu = run_host(argv, "", host.path(), host_env);
    double gnu_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(ours.status, gnu.status);
    EXPECT_EQ(ours.out.size(), gnu.out.size()) << ::testing::PrintToString(argv);
    EXPECT_TRUE(ours.out == gnu.out) << ::testing::PrintToString(argv);
    std::printf("%-40s kefka %.3fs  GNU %.3fs  ratio %.2f\n",
                ::testing::PrintToString(argv).c_str(), ours_s, gnu_s, ours_s / gnu_s);
  }
};

TEST_F(GrepSedBench, HundredMegabytes) {
  std::string data = make_input(100 << 20);
  HostTempDir host;
  host.write("big", data);
  write_file("big", data);
  compare({"grep", "-c", "error", "big"}, data, host);
  compare({"grep", "-c", "warn.*12345", "big"}, data, host);
  compare({"grep", "-c", "-E", "[0-9]+ x$", "big"}, data, host);
  compare({"grep", "-c", "-i", "ERROR", "big"}, data, host);
  compare({"grep", "-c", "-v", "e", "big"}, data, host);
  compare({"grep", "-c", "-w", "foo", "big"}, data, host);
  compare({"grep", "-c", "-F", "gamma delta", "big"}, data, host);
  compare({"grep", "-n", "zzz", "big"}, data, host);
  compare({"grep", "zzz", "big"}, data, host);
  compare({"grep", "-c", "z.z", "big"}, data, host);
  compare({"sed", "s/x/y/g", "big"}, data, host);
  compare({"sed", "-n", "$=", "big"}, data, host);
  compare({"sed", "s/\\(alpha\\) \\(beta\\)/\\2 \\1/", "big"}, data, host);
  compare({"sed", "/error/d", "big"}, data, host);
}

}  // namespace
}  // namespace kefka::test

// patch against GNU patch: patches made by GNU diff from generated file
// pairs, applied to the original or to a shifted/edited copy; stdout, status
// and the resulting files (including .rej and .orig) must match.
#include <random>

#include "findx_support.h"

namespace kefka::test {
namespace {

class PatchTest : public TreeFixture {
 protected:
  void check(std::vector<std::string> argv, std::vector<TreeOp> tree, const std::string& patch_text,
             std::vector<std::string> outputs) {
    argv.insert(argv.begin(), "patch");
    SCOPED_TRACE(::testing::PrintToString(argv) +
                 " patch: " + ::testing::PrintToString(patch_text));
    HostTempDir host;
    build(host, tree);
    auto host_env = default_test_env();
    host_env["PWD"] = host.path();
    ProcessResult expected = run_host(argv, patch_text, host.path(), host_env);
    RunResult actual = run(argv, patch_text);
    EXPECT_EQ(actual.out, expected.out);
    EXPECT_EQ(actual.status, expected.status);
    for (const auto& name : outputs) {
      bool host_has = std::filesystem::exists(host.path() + "/" + name);
      EXPECT_EQ(exists(name), host_has) << name;
      if (host_has && exists(name) && name.find(".rej") == std::string::npos) {
        EXPECT_EQ(read_file(name), host.read(name)) << name;
      }
    }
  }
  static std::string make_diff(const std::vector<std::string>& opts, const std::string& a,
                               const std::string& b, const std::string& name_a = "f",
                               const std::string& name_b = "f") {
    HostTempDir t;
    t.write("old/" + name_a, a);
    t.write("new/" + name_b, b);
    std::vector<std::string> argv = {"diff"};
    argv.insert(argv.end(), opts.begin(), opts.end());
    argv.push_back("old/" + name_a);
    argv.push_back("new/" + name_b);
    return run_host(argv, {}, t.path()).out;
  }
};

std::string lines(int from, int to, const std::string& prefix = "line") {
  std::string s;
  for (int i = from; i <= to; ++i) s += prefix + std::to_string(i) + "\n";
  return s;
}

TEST_F(PatchTest, AppliesCleanly) {
  std::string a = lines(1, 20);
  std::string b = lines(1, 4) + "NEW\n" + lines(6, 15) + lines(17, 20) + "tail\n";
  for (const auto& fmt : std::vector<std::vector<std::string>>{{"-u"}, {"-c"}, {"-U1"}, {"-C2"}}) {
    std::string p = make_diff(fmt, a, b);
    check({"-p1"}, {file("f", a)}, p, {"f", "f.rej", "f.orig"});
    check({}, {file("f", a)}, p, {"f"});
    check({"--dry-run", "-p1"}, {file("f", a)}, p, {"f"});
    check({"-b", "-p1"}, {file("f", a)}, p, {"f", "f.orig"});
    check({"-p1", "-o", "out"}, {file("f", a)}, p, {"f", "out"});
    check({"-R", "-p1"}, {file("f", b)}, p, {"f"});
    check({"-p1"}, {file("f", b)}, p, {"f", "f.rej"});
    check({"-N", "-p1"}, {file("f", b)}, p, {"f", "f.rej"});
    check({"-p1", "f"}, {file("f", a)}, p, {"f"});
    check({"-p1", "-i", "p.diff"}, {file("f", a), file("p.diff", p)}, "", {"f"});
    check({"-s", "-p1"}, {file("f", a)}, p, {"f"});
  }
}

TEST_F(PatchTest, OffsetsAndFuzz) {
  std::string a = lines(1, 30);
  std::string b = lines(1, 9) + "TEN\n" + lines(11, 24) + "X\n" + lines(25, 30);
  std::string p = make_diff({"-u"}, a, b);
  check({"-p1"}, {file("f", "extra1\nextra2\n" + a)}, p, {"f", "f.rej"});
  check({"-p1"}, {file("f", lines(3, 30))}, p, {"f", "f.rej"});
  std::string fuzzy = lines(1, 7) + "changed8\n" + lines(9, 30);
  check({"-p1"}, {file("f", fuzzy)}, p, {"f", "f.rej"});
  check({"-p1", "-F", "0"}, {file("f", fuzzy)}, p, {"f", "f.rej"});
  std::string broken = lines(1, 9) + "other10\n" + lines(11, 30);
  check({"-p1"}, {file("f", broken)}, p, {"f", "f.rej"});
}

TEST_F(PatchTest, CreateAndDelete) {
  std::string created = make_diff({"-uN"}, "", "hello\nworld\n", "new.txt", "new.txt");
  check({"-p1"}, {}, created, {"new.txt"});
  std::string deleted = make_diff({"-uN"}, "bye\n", "", "gone.txt", "gone.txt");
  check({"-p1"}, {file("gone.txt", "bye\n")}, deleted, {"gone.txt"});
  std::string p = "--- /dev/null\n+++ b/sub/dir/x\n@@ -0,0 +1,2 @@\n+a\n+b\n";
  check({"-p1"}, {}, p, {"sub/dir/x"});
  std::string nonl = make_diff({"-u"}, "a\nb", "a\nc");
  check({"-p1"}, {file("f", "a\nb")}, nonl, {"f"});
  std::string addnl = make_diff({"-u"}, "a\nb", "a\nb\n");
  check({"-p1"}, {file("f", "a\nb")}, addnl, {"f"});
}

TEST_F(PatchTest, MissingFile) {
  std::string p = make_diff({"-u"}, "a\n", "b\n");
  check({"-p1"}, {}, p, {"f"});
  check({"-p0"}, {file("f", "a\n")}, p, {"f"});
  check({"-p1"}, {file("f", "a\n")}, "garbage\n", {"f"});
}

TEST_F(PatchTest, Generated) {
  std::mt19937 rng(777);
  for (int round = 0; round < 80; ++round) {
    std::vector<std::string> a;
    int n = 5 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) a.push_back("l" + std::to_string(rng() % 15));
    std::vector<std::string> b = a;
    for (int e = 0; e < 1 + static_cast<int>(rng() % 4); ++e) {
      size_t at = rng() % b.size();
      if (rng() % 2) {
        b.insert(b.begin() + static_cast<long>(at), "new" + std::to_string(e));
      } else {
        b[at] = "chg" + std::to_string(e);
      }
    }
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& l : v) s += l + "\n";
      return s;
    };
    std::string ta = join(a), tb = join(b);
    std::string p = make_diff({round % 2 ? "-u" : "-c"}, ta, tb);
    std::string target = ta;
    if (round % 3 == 1) target = "pre1\npre2\npre3\n" + ta;
    check({"-p1"}, {file("f", target)}, p, {"f", "f.rej"});
  }
}

}  // namespace
}  // namespace kefka::test

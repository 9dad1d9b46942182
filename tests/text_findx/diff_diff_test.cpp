// diff against GNU diff: hand-written cases, directory trees and generated
// file pairs (random edits of random line sequences) in every output format.
#include <random>

#include "findx_support.h"

namespace kefka::test {
namespace {

constexpr int64_t kTime = 1700000000;

class DiffTest : public TreeFixture {
 protected:
  void check(std::vector<std::string> argv, std::vector<TreeOp> tree, std::string input = {}) {
    argv.insert(argv.begin(), "diff");
    for (const auto& op : std::vector<TreeOp>(tree)) {
      if (op.kind == TreeOp::kFile) tree.push_back(mtime_op(op.path, kTime));
    }
    SCOPED_TRACE(::testing::PrintToString(argv));
    expect_tree_same({.argv = argv, .tree = tree, .input = input});
  }
  void pair(std::vector<std::string> opts, std::string a, std::string b) {
    opts.push_back("a");
    opts.push_back("b");
    SCOPED_TRACE("a=" + ::testing::PrintToString(a) + " b=" + ::testing::PrintToString(b));
    check(opts, {file("a", a), file("b", b)});
  }
};

const std::vector<std::vector<std::string>> kFormats = {
    {}, {"-u"}, {"-c"}, {"-U", "1"}, {"-C", "0"}, {"-U0"}, {"-q"}, {"-s"}, {"-u", "-U", "5"}};

TEST_F(DiffTest, HandWritten) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"", ""},
      {"a\n", "a\n"},
      {"a\n", "b\n"},
      {"", "a\n"},
      {"a\n", ""},
      {"a\nb\nc\n", "a\nc\n"},
      {"a\nc\n", "a\nb\nc\n"},
      {"a\nb", "a\nc"},
      {"a\nb", "a\nb\n"},
      {"a\nb\n", "a\nb"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\nY\n12\n"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
       "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"},
      {"x\ny\nx\ny\n", "y\nx\ny\nx\n"},
      {"a\na\na\n", "a\na\n"},
      {"a\nb\na\nb\n", "a\nb\n"},
      {"A b\nc\n", "a  b\nc\n"},
      {"a\n\n\nb\n", "a\nb\n"},
      {"a\tb \n", "a b\n"},
      {"\n", "\n\n"},
  };
  for (const auto& [a, b] : pairs) {
    for (const auto& f : kFormats) pair(f, a, b);
    for (std::string w : {"-i", "-b", "-w", "-B", "-iw", "-bB"}) pair({w}, a, b);
    pair({"-u", "-w", "-B"}, a, b);
  }
}

TEST_F(DiffTest, Generated) {
  std::mt19937 rng(12345);
  const char* words[] = {"alpha", "beta", "gamma", "delta", "", "  x", "X", "{", "}", "return 0;"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> a;
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) a.push_back(words[rng() % 10]);
    std::vector<std::string> b = a;
    int edits = static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      int kind = static_cast<int>(rng() % 3);
      size_t at = b.empty() ? 0 : rng() % (b.size() + 1);
      if (kind == 0) {
        b.insert(b.begin() + static_cast<long>(at), words[rng() % 10]);
      } else if (!b.empty() && at < b.size()) {
        if (kind == 1) {
          b.erase(b.begin() + static_cast<long>(at));
        } else {
          b[at] = words[rng() % 10];
        }
      }
    }
    auto join = [&](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& l : v) s += l + "\n";
      if (!s.empty() && rng() % 8 == 0) s.pop_back();
      return s;
    };
    std::string ta = join(a), tb = join(b);
    const auto& f = kFormats[static_cast<size_t>(round) % 6];
    pair(f, ta, tb);
    if (round % 4 == 0) pair({"-u", "-b"}, ta, tb);
  }
}

// -e, -D NAME and -y with their options, on the hand-written pairs plus
// lines that stress each format (a lone ".", tabs, long lines, no newline).
TEST_F(DiffTest, EdIfdefSideBySide) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"", ""},
      {"a\n", "a\n"},
      {"a\n", "b\n"},
      {"", "a\n"},
      {"a\n", ""},
      {"a\nb\nc\n", "a\nc\n"},
      {"a\nc\n", "a\nb\nc\n"},
      {"a\nb", "a\nc"},
      {"a\nb", "a\nb\n"},
      {"a\nb\n", "a\nb"},
      {"x\n", "x\nb"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\nY\n12\n"},
      {"x\ny\nx\ny\n", "y\nx\ny\nx\n"},
      {"a\n.\nb\n", "a\n.\n.\nc\n"},
      {"keep\n", ".\nkeep\n..\n"},
      {"\tindented\tline\n", "\tindented  line\n"},
      {std::string(200, 'L') + "\nshort\n", std::string(150, 'R') + "\nshort\n"},
      {"tab\there\tand\tthere\tx\ty\tz\n", "t\n"},
      {"a\rb\n", "a\bc\n"},
      {"caf\xc3\xa9 \xc3\xa9t\xc3\xa9\n", "cafe\n"},
      {"A b\nc\n", "a  b\nc\n"},
      {"a\n\n\nb\n", "a\nb\n"},
      {"\n", "\n\n"},
  };
  const std::vector<std::vector<std::string>> formats = {
      {"-e"},
      {"--ed"},
      {"-D", "FOO"},
      {"--ifdef=BAR"},
      {"-y"},
      {"--side-by-side"},
      {"-y", "-W", "40"},
      {"-y", "-W", "17"},
      {"-y", "-W", "1"},
      {"-y", "--width=79"},
      {"-y", "--left-column"},
      {"-y", "--suppress-common-lines"},
      {"-y", "-t"},
      {"-y", "-t", "-W", "30"},
      {"-y", "-i"},
      {"-e", "-w"},
      {"-D", "X", "-B"},
      {"--normal"},
  };
  for (const auto& [a, b] : pairs) {
    for (const auto& f : formats) pair(f, a, b);
  }
}

TEST_F(DiffTest, EdIfdefSideBySideGenerated) {
  std::mt19937 rng(777);
  const char* words[] = {"alpha", "beta", "\tgamma", "delta", "", ".", "X", "{", "}", "return 0;"};
  const std::vector<std::vector<std::string>> formats = {
      {"-e"}, {"-D", "N"}, {"-y"}, {"-y", "-W", "50", "--suppress-common-lines"}};
  for (int round = 0; round < 80; ++round) {
    std::vector<std::string> a;
    int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) a.push_back(words[rng() % 10]);
    std::vector<std::string> b = a;
    for (int e = static_cast<int>(rng() % 5); e > 0; --e) {
      size_t at = b.empty() ? 0 : rng() % (b.size() + 1);
      if (rng() % 2 == 0 || at >= b.size())
        b.insert(b.begin() + static_cast<long>(at), words[rng() % 10]);
      else
        b.erase(b.begin() + static_cast<long>(at));
    }
    auto join = [&](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& l : v) s += l + "\n";
      if (!s.empty() && rng() % 8 == 0) s.pop_back();
      return s;
    };
    pair(formats[static_cast<size_t>(round) % formats.size()], join(a), join(b));
  }
}

TEST_F(DiffTest, SideBySideTrees) {
  std::vector<TreeOp> tree = {dir("d1"),
                              dir("d2"),
                              file("d1/f", "a\nb\n"),
                              file("d2/f", "a\nc\n"),
                              file("d1/same", "s\n"),
                              file("d2/same", "s\n")};
  check({"-r", "-y", "d1", "d2"}, tree);
  check({"-r", "-e", "d1", "d2"}, tree);
  check({"-y", "-W", "x", "d1/f", "d2/f"}, tree);
}

TEST_F(DiffTest, Directories) {
  std::vector<TreeOp> tree = {dir("d1"),
                              dir("d2"),
                              file("d1/same", "s\n"),
                              file("d2/same", "s\n"),
                              file("d1/f", "a\nb\n"),
                              file("d2/f", "a\nc\n"),
                              dir("d1/sub"),
                              dir("d2/sub"),
                              file("d1/sub/g", "x\n"),
                              file("d2/sub/g", "y\n"),
                              file("d1/only1", "1\n"),
                              file("d2/only2", "2\n"),
                              dir("d1/odir"),
                              file("d2/odir", "f\n")};
  check({"d1", "d2"}, tree);
  check({"-r", "d1", "d2"}, tree);
  check({"-ru", "d1", "d2"}, tree);
  check({"-r", "-u", "d1", "d2"}, tree);
  check({"-rq", "d1", "d2"}, tree);
  check({"-rN", "d1", "d2"}, tree);
  check({"-r", "-N", "-u", "d1", "d2"}, tree);
  check({"d1/f", "d2"}, tree);
  check({"d1", "d2/f"}, tree);
  check({"-u", "--label", "old", "--label", "new", "d1/f", "d2/f"}, tree);
  check({"-N", "-u", "d1/only1", "d2/only1"}, tree);
}

TEST_F(DiffTest, SymlinkLoopEnds) {
  mkdir("l1");
  mkdir("l2");
  (void)fs().symlink("..", "l1/up");
  (void)fs().symlink("..", "l2/up");
  auto r = run({"diff", "-r", "l1", "l2"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("recursive directory loop"), std::string::npos);
}

TEST_F(DiffTest, StandardInput) {
  check({"-", "a"}, {file("a", "x\ny\n")}, "x\nz\n");
  check({"a", "-"}, {file("a", "x\ny\n")}, "x\ny\n");
  check({"-q", "a", "-"}, {file("a", "x\n")}, "y\n");
}

TEST_F(DiffTest, Errors) {
  check({"a", "nope"}, {file("a", "x\n")});
  check({"nope", "a"}, {file("a", "x\n")});
  check({"a"}, {file("a", "x\n")});
  check({}, {});
  check({"a", "a", "a"}, {file("a", "x\n")});
  check({"-U", "x", "a", "a"}, {file("a", "x\n")});
  check({"bin1", "bin2"},
        {file("bin1", std::string("a\0", 2)), file("bin2", std::string("b\0", 2))});
  check({"bin1", "bin1"}, {file("bin1", std::string("a\0", 2))});
  check({"-a", "bin1", "bin2"},
        {file("bin1", std::string("a\0\n", 3)), file("bin2", std::string("b\0\n", 3))});
}

TEST_F(DiffTest, LargeInputIsFast) {
  std::string a, b;
  for (int i = 0; i < 20000; ++i) {
    a += "line " + std::to_string(i) + "\n";
    b += "line " + std::to_string(i % 7 == 0 ? i + 1 : i) + "\n";
  }
  write_file("a", a);
  write_file("b", b);
  auto r = run({"diff", "a", "b"});
  EXPECT_EQ(r.status, 1);
  EXPECT_GT(r.out.size(), 1000u);
}

}  // namespace
}  // namespace kefka::test

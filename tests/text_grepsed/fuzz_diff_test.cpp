// Generated differential cases: random BRE/ERE patterns over a small alphabet,
// checked against GNU grep -o (match spans, leftmost-longest) and GNU sed
// s/RE/[&]/g (match spans including empty matches). Fixed seeds: reproducible.
#include <gtest/gtest.h>

#include <random>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class FuzzDiffTest : public CommandFixture {
 protected:
  void SetUp() override { env["LC_ALL"] = "C.UTF-8"; }
};

// A random pattern; `ere` picks the operator spelling.
std::string random_pattern(std::mt19937& rng, bool ere, int depth = 0) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  std::string out;
  int atoms = 1 + pick(4);
  for (int i = 0; i < atoms; ++i) {
    std::string atom;
    switch (pick(depth < 2 ? 9 : 7)) {
      case 0:
      case 1:
      case 2:
        atom = std::string(1, "abc"[pick(3)]);
        break;
      case 3:
        atom = ".";
        break;
      case 4:
        atom = std::vector<std::string>{"[ab]", "[^a]", "[a-c]", "[[:alpha:]]", "[^ ]"}[pick(5)];
        break;
      case 5:
        atom = " ";
        break;
      case 6:
        // Anchors only at top level: glibc mis-handles them inside repeated groups.
        atom = depth > 0 ? "a" : i == 0 ? "^" : i == atoms - 1 ? "$" : "c";
        break;
      default: {
        std::string inner = random_pattern(rng, ere, depth + 1);
        if (pick(2)) inner += (ere ? "|" : "\\|") + random_pattern(rng, ere, depth + 1);
        atom = ere ? "(" + inner + ")" : "\\(" + inner + "\\)";
      }
    }
    if (atom != "^" && atom != "$") {
      switch (pick(7)) {
        case 0:
          atom += "*";
          break;
        case 1:
          atom += ere ? "+" : "\\+";
          break;
        case 2:
          atom += ere ? "?" : "\\?";
          break;
        case 3:
          atom += ere ? "{1,2}" : "\\{1,2\\}";
          break;
        default:
          break;
      }
    }
    out += atom;
  }
  return out;
}

std::string random_text(std::mt19937& rng) {
  std::string s;
  int lines = 1 + rng() % 6;
  for (int l = 0; l < lines; ++l) {
    int len = rng() % 12;
    for (int i = 0; i < len; ++i) s += "aabbc  "[rng() % 7];
    s += '\n';
  }
  return s;
}

TEST_F(FuzzDiffTest, GrepOnlyMatchingSpans) {
  std::mt19937 rng(777);
  for (int i = 0; i < 250; ++i) {
    bool ere = i % 2 == 1;
    std::string p = random_pattern(rng, ere);
    std::string text = random_text(rng);
    std::vector<std::string> argv = {"grep", "-o", "-n", "-b"};
    if (ere) argv.push_back("-E");
    argv.insert(argv.end(), {"-e", p});
    expect_same_as_gnu({.argv = argv, .input = text});
    std::vector<std::string> counting = {"grep", "-c", "-v"};
    if (ere) counting.push_back("-E");
    counting.insert(counting.end(), {"-e", p});
    expect_same_as_gnu({.argv = counting, .input = text});
  }
}

TEST_F(FuzzDiffTest, SedSubstituteSpans) {
  std::mt19937 rng(4242);
  for (int i = 0; i < 250; ++i) {
    bool ere = i % 2 == 1;
    std::string p = random_pattern(rng, ere);
    std::string text = random_text(rng);
    std::vector<std::string> argv = {"sed"};
    if (ere) argv.push_back("-E");
    argv.push_back("s/" + p + "/[&]/g");
    expect_same_as_gnu({.argv = argv, .input = text});
    std::vector<std::string> nth = {"sed"};
    if (ere) nth.push_back("-E");
    nth.push_back("N;s/" + p + "/<&>/2");
    expect_same_as_gnu({.argv = nth, .input = text});
  }
}

}  // namespace
}  // namespace kefka::test

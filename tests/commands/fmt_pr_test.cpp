// fmt and pr against GNU coreutils on generated text.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <random>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

// Prose-like text: paragraphs of random words with sentence ends, commas,
// parentheses and quotes, varying indentation (spaces and tabs), blank lines,
// over-long words and lines.
std::string prose(uint32_t seed, size_t paragraphs, bool trailing_newline = true) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char* kWords[] = {
      "the",   "quick",   "brown", "fox",     "jumps",
      "over",  "lazy",    "dog",   "a",       "kefka",
      "I",     "sandbox", "Mr.",   "e.g.",    "(see",
      "that)", "\"so\"",  "'tis",  "end.",    "really?",
      "yes!",  "wait,",   "x;",    "hello.)", "supercalifragilisticexpialidocious",
      "to",    "of",      "in"};
  static const char* kIndents[] = {"", "", "", "  ", "    ", "\t", " \t", "        "};
  std::string out;
  for (size_t p = 0; p < paragraphs; ++p) {
    size_t lines = 1 + pick(6);
    const char* first = kIndents[pick(std::size(kIndents))];
    const char* rest = pick(3) == 0 ? kIndents[pick(std::size(kIndents))] : first;
    for (size_t l = 0; l < lines; ++l) {
      out += l == 0 ? first : rest;
      size_t words = 1 + pick(l % 3 == 2 ? 30 : 12);
      for (size_t w = 0; w < words; ++w) {
        if (w > 0) out += pick(7) == 0 ? "  " : " ";
        out += kWords[pick(std::size(kWords))];
      }
      if (pick(9) == 0) out += "   ";
      out += '\n';
    }
    if (pick(4) != 0) out += pick(5) == 0 ? "\n\n" : "\n";
  }
  if (!trailing_newline && !out.empty()) {
    while (!out.empty() && out.back() == '\n') out.pop_back();
  }
  return out;
}

class FmtPr : public CommandFixture {};

TEST_F(FmtPr, FmtMatchesGnu) {
  std::string quoted;
  for (int i = 0; i < 30; ++i) quoted += (i % 4 == 0 ? "" : "> ") + prose(100 + i, 1);
  std::string big = prose(7, 400);  // paragraphs over 5000 bytes / 1000 words
  std::string one_para;
  for (int i = 0; i < 40; ++i) one_para += prose(200 + i, 1, false) + " ";
  one_para += "\n";
  std::vector<std::pair<std::string, std::string>> files = {
      {"p1", prose(1, 30)},
      {"p2", prose(2, 30, false)},
      {"quoted", quoted},
      {"big", big},
      {"one", one_para},
      {"long", std::string(6000, 'x') + " y\n" + std::string(3000, 'z') + "\n"},
      {"empty", ""},
      {"blank", "\n\n  \n\t\n"},
      {"nonl", "just a few words"},
      {"dir/inside", "x\n"},
  };
  std::vector<std::vector<std::string>> cases = {
      {"fmt", "p1"},
      {"fmt", "p2"},
      {"fmt", "big"},
      {"fmt", "one"},
      {"fmt", "long"},
      {"fmt", "empty"},
      {"fmt", "blank"},
      {"fmt", "nonl"},
      {"fmt", "-w", "40", "p1"},
      {"fmt", "-w40", "-g30", "p2"},
      {"fmt", "-g", "50", "p1"},
      {"fmt", "-20", "p1"},
      {"fmt", "-w", "1", "p1"},
      {"fmt", "-w", "0", "nonl"},
      {"fmt", "-s", "p1"},
      {"fmt", "-s", "-w", "30", "big"},
      {"fmt", "-u", "p1"},
      {"fmt", "-u", "-w", "50", "p2"},
      {"fmt", "-c", "p1"},
      {"fmt", "-c", "-w", "35", "p2"},
      {"fmt", "-t", "p1"},
      {"fmt", "-t", "-w", "45", "p2"},
      {"fmt", "-p", "> ", "quoted"},
      {"fmt", "-p", ">", "-w", "30", "quoted"},
      {"fmt", "-p", "  > ", "quoted"},
      {"fmt", "-p", "the", "p1"},
      {"fmt", "-cu", "-w", "60", "big"},
      {"fmt", "p1", "-", "p2"},
      {"fmt", "p1", "missing"},
      {"fmt", "-w", "3000", "p1"},
      {"fmt", "-w", "abc", "p1"},
      {"fmt", "-g", "80", "p1"},
      {"fmt", "-w", "5", "-3", "p1"},
      {"fmt", "-x"},
      {"fmt", "dir"},
  };
  for (const auto& argv : cases)
    expect_same_as_gnu({.argv = argv, .input = prose(9, 5), .files = files});
}

TEST_F(FmtPr, FmtManySeeds) {
  for (uint32_t seed = 0; seed < 40; ++seed) {
    std::string text = prose(1000 + seed, 12, seed % 3 != 0);
    std::string width = std::to_string(10 + seed * 3 % 90);
    expect_same_as_gnu({.argv = {"fmt", "-w", width}, .input = text});
    expect_same_as_gnu({.argv = {"fmt", seed % 2 ? "-t" : "-c", "-w", width}, .input = text});
  }
}

// Lines for pr: tabs, control characters, long lines, form feeds, blank lines.
std::string pr_text(uint32_t seed, size_t lines, bool form_feeds = false) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char* kPieces[] = {"alpha", "b",  "\t", "gamma delta", "  ", "x\ty",
                                  "\x01",  "\b", "é",  "0123456789",  ",",  "long-word-here"};
  std::string out;
  for (size_t l = 0; l < lines; ++l) {
    size_t n = pick(5) == 0 ? 0 : 1 + pick(l % 7 == 3 ? 40 : 6);
    for (size_t i = 0; i < n; ++i) out += kPieces[pick(std::size(kPieces))];
    if (form_feeds && pick(25) == 0) out += pick(2) ? "\f" : "\f\n";
    out += '\n';
  }
  return out;
}

TEST_F(FmtPr, PrMatchesGnu) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"a", pr_text(1, 150)},
      {"b", pr_text(2, 40)},
      {"c", pr_text(3, 300, true)},
      {"short", "one\ntwo\nthree\n"},
      {"nonl", "no newline at end"},
      {"empty", ""},
      {"ff", "page one\n\fpage two\n\f\f\nafter two form feeds\n"},
      {"dir/inside", "x\n"},
  };
  // -D fixes the header date: stdin and -m headers show the current time.
  std::vector<std::vector<std::string>> cases = {
      {"pr", "-D", "DATE", "a"},
      {"pr", "-D", "DATE", "short", "nonl", "empty"},
      {"pr", "-D", "DATE", "-h", "My Header", "b"},
      {"pr", "-D", "DATE", "-h", "", "b"},
      {"pr", "-D", "DATE", "-l", "20", "a"},
      {"pr", "-D", "DATE", "-l", "10", "a"},
      {"pr", "-D", "DATE", "-l", "5", "-2", "b"},
      {"pr", "-D", "DATE", "-w", "40", "-h", "a header much longer than the page is wide", "b"},
      {"pr", "-t", "a"},
      {"pr", "-T", "c"},
      {"pr", "-t", "c"},
      {"pr", "-D", "DATE", "c"},
      {"pr", "-D", "DATE", "ff"},
      {"pr", "-t", "ff"},
      {"pr", "-D", "DATE", "-f", "b"},
      {"pr", "-D", "DATE", "-F", "-l", "30", "c"},
      {"pr", "-D", "DATE", "-d", "b"},
      {"pr", "-t", "-d", "-l", "15", "a"},
      {"pr", "-D", "DATE", "-n", "b"},
      {"pr", "-t", "-n:3", "a"},
      {"pr", "-t", "-n", "-N", "98", "b"},
      {"pr", "-D", "DATE", "-o", "4", "b"},
      {"pr", "-D", "DATE", "-2", "a"},
      {"pr", "-D", "DATE", "-3", "-l", "30", "a"},
      {"pr", "-D", "DATE", "-4", "-w", "60", "c"},
      {"pr", "-t", "-3", "short"},
      {"pr", "-t", "-5", "b"},
      {"pr", "-D", "DATE", "-3", "-a", "a"},
      {"pr", "-t", "-2", "-a", "-n", "b"},
      {"pr", "-t", "-3", "-n", "b"},
      {"pr", "-t", "-2", "-s", "b"},
      {"pr", "-t", "-2", "-s:", "b"},
      {"pr", "-t", "-2", "-S", " | ", "b"},
      {"pr", "-t", "-2", "-J", "b"},
      {"pr", "-t", "-3", "-W", "50", "b"},
      {"pr", "-t", "-3", "-w", "50", "-s", "b"},
      {"pr", "-t", "-w", "30", "a"},
      {"pr", "-t", "-W", "30", "a"},
      {"pr", "-t", "-e", "b"},
      {"pr", "-t", "-e4", "b"},
      {"pr", "-t", "-i", "b"},
      {"pr", "-t", "-i:4", "b"},
      {"pr", "-t", "-v", "a"},
      {"pr", "-t", "-c", "a"},
      {"pr", "-D", "DATE", "-m", "a", "b", "short"},
      {"pr", "-t", "-m", "-n", "b", "short"},
      {"pr", "-t", "-m", "-S:", "b", "c"},
      {"pr", "-t", "-m", "-J", "b", "short"},
      {"pr", "-D", "DATE", "-m", "ff", "short"},
      {"pr", "-D", "DATE", "-l", "20", "+3", "a"},
      {"pr", "-D", "DATE", "-l", "20", "--pages=2:3", "a"},
      {"pr", "-D", "DATE", "-l", "20", "-n", "+2", "a"},
      {"pr", "-D", "DATE", "-l", "20", "+99", "a"},
      {"pr", "-D", "DATE", "-l", "20", "-2", "+2", "c"},
      {"pr", "-D", "DATE", "--columns=3", "b"},
      {"pr", "-D", "DATE", "a", "missing", "b"},
      {"pr", "-D", "DATE", "-r", "missing", "b"},
      {"pr", "-l", "abc", "a"},
      {"pr", "-l", "0", "a"},
      {"pr", "-w", "0", "a"},
      {"pr", "-N", "x", "a"},
      {"pr", "-o", "-1", "a"},
      {"pr", "--pages=0", "a"},
      {"pr", "--pages=3:2", "a"},
      {"pr", "-3", "-m", "a", "b"},
      {"pr", "-a", "-m", "a", "b"},
      {"pr", "-e0", "a"},
      {"pr", "-t", "-w", "5", "-5", "a"},
      {"pr", "-t", "-1", "-2", "b"},
      {"pr", "-t", "-2", "-a", "-3", "b"},
      {"pr", "-t", "-3a", "b"},
      {"pr", "-t", "-2d", "b"},
      {"pr", "-t", "-0", "b"},
      {"pr", "-t", "-2", "--columns=3", "b"},
      {"pr", "-t", "--columns=3", "-2", "b"},
      {"pr", "-t", "-3x", "b"},
      {"pr", "-x"},
      {"pr", "-t", "dir"},
      {"pr", "-t", "short", "dir", "b"},
  };
  for (const auto& argv : cases)
    expect_same_as_gnu({.argv = argv, .input = pr_text(9, 80), .files = files});
  expect_same_as_gnu({.argv = {"pr", "-t", "-2"}, .input = pr_text(10, 200, true)});
  expect_same_as_gnu({.argv = {"pr", "-D", "DATE", "-h", "H", "-", "short"},
                      .input = pr_text(11, 10),
                      .files = files});
}

TEST_F(FmtPr, PrManySeeds) {
  for (uint32_t seed = 0; seed < 60; ++seed) {
    std::string text = pr_text(500 + seed, 20 + seed * 7, seed % 2 == 1);
    std::string cols = "-" + std::to_string(1 + seed % 5);
    std::string len = std::to_string(3 + seed * 5 % 40);
    expect_same_as_gnu({.argv = {"pr", "-D", "D", "-l", len, cols}, .input = text});
    expect_same_as_gnu(
        {.argv = {"pr", "-t", cols, "-a", "-w", std::to_string(20 + seed * 3)}, .input = text});
    expect_same_as_gnu({.argv = {"pr", "-D", "D", "-m", "-l", len, "x", "-", "y"},
                        .input = text,
                        .files = {{"x", pr_text(seed, 30, true)}, {"y", pr_text(seed + 1, 9)}}});
  }
}

// Downward columns buffer a page; joined (-J) lines are not cut, so a huge
// line meets the sandbox's string limit instead of exhausting memory.
TEST(FmtPrLimits, PrPageBufferIsBounded) {
  Limits limits;
  limits.max_string_bytes = 4096;
  CommandSandbox box(limits);
  std::string huge(100000, 'x');
  RunResult r = box.run({"pr", "-t", "-2", "-J"}, "a\n" + huge + "\nb\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "pr: page exceeds the limit of 4096 bytes\n");
  EXPECT_LT(r.out.size(), 8192u);
  // GNU pr never ends with -d -l 1 (no line fits a page); kefka refuses.
  RunResult none = box.run({"pr", "-d", "-l", "1"}, "a\n");
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.err, "pr: page length too short for double spacing\n");
  RunResult ok = box.run({"pr", "-t", "-2", "-J"}, "a\nb\nc\n");
  EXPECT_EQ(ok.status, 0);
  EXPECT_EQ(ok.out, "a\tc\nb\n");
}

// The header shows the file's modification time in the local zone.
TEST_F(FmtPr, PrHeaderUsesMtime) {
  HostTempDir host;
  std::string text = pr_text(3, 5);
  host.write("f", text);
  const timespec kTimes[2] = {{1700000000, 0}, {1700000000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, (host.path() + "/f").c_str(), kTimes, 0), 0);
  write_file("f", text);
  ASSERT_TRUE(fs().utimens("f", kTimes[0], kTimes[1]).ok());
  ProcessResult gnu = run_host({"pr", "f"}, "", host.path());
  EXPECT_EQ(run({"pr", "f"}).out, gnu.out);
  EXPECT_NE(gnu.out.find("2023-11-14 22:13"), std::string::npos);
  env["TZ"] = "UTC-3";
  gnu = run_host({"pr", "-D", "%F %T %Z %z", "f"}, "", host.path(),
                 {{"TZ", "UTC-3"}, {"LC_ALL", "C"}});
  EXPECT_EQ(run({"pr", "-D", "%F %T %Z %z", "f"}).out, gnu.out);
}

}  // namespace
}  // namespace kefka::test

// fmt and pr against GNU coreutils on generated text.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kefka::test

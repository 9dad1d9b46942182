// Unit tests of the regex facade: translation of GNU BRE/ERE and the engines.
#include "commands/text/regex.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>

namespace kefka::cmd {
namespace {

std::string translate(std::string_view p, RegexSyntax syntax = RegexSyntax::kBasic) {
  RegexOptions o;
  o.syntax = syntax;
  std::string out, error;
  bool bt = false;
  int groups = 0;
  if (!translate_posix_regex(p, o, &out, &bt, &groups, &error)) return "ERROR: " + error;
  return out;
}

std::string first_match(std::string_view p, std::string_view text, RegexOptions o = {}) {
  std::string error;
  auto rx = Regex::compile(p, o, &error);
  if (!rx) return "ERROR: " + error;
  MatchSpan m[1];
  if (!rx->search(text, 0, m, 1)) return "NOMATCH";
  return std::string(text.substr(m[0].begin, m[0].size()));
}

TEST(RegexTranslate, BasicOperators) {
  EXPECT_EQ(translate("a\\(b\\)*c"), "a(b)*c");
  EXPECT_EQ(translate("a\\{2,3\\}"), "a{2,3}");
  EXPECT_EQ(translate("a\\|b\\+c\\?"), "a|b+c?");
  EXPECT_EQ(translate("*a"), "\\*a");
  EXPECT_EQ(translate("a^b$c"), "a\\^b\\$c");
  EXPECT_EQ(translate("^a$"), "\\Aa\\z");
  EXPECT_EQ(translate("a(b)+?{"), "a\\(b\\)\\+\\?\\{");
  EXPECT_EQ(translate("a**"), "(?:a*)*");
}

TEST(RegexTranslate, Extended) {
  EXPECT_EQ(translate("(a|b)+?", RegexSyntax::kExtended), "(?:(a|b)+)?");
  EXPECT_EQ(translate("a{1", RegexSyntax::kExtended), "a\\{1");
  EXPECT_EQ(translate(")", RegexSyntax::kExtended), "\\)");
  EXPECT_EQ(translate("*a", RegexSyntax::kExtended), "a");
}

TEST(RegexTranslate, Errors) {
  EXPECT_EQ(translate("a\\"), "ERROR: Trailing backslash");
  EXPECT_EQ(translate("[a"), "ERROR: Unmatched [, [^, [:, [., or [=");
  EXPECT_EQ(translate("\\(a"), "ERROR: Unmatched ( or \\(");
  EXPECT_EQ(translate("a\\)"), "ERROR: Unmatched ) or \\)");
  EXPECT_EQ(translate("\\1"), "ERROR: Invalid back reference");
  EXPECT_EQ(translate("[z-a]"), "ERROR: Invalid range end");
  EXPECT_EQ(translate("[[:foo:]]"), "ERROR: Invalid character class name");
  EXPECT_EQ(translate("[:space:]"), "ERROR: character class syntax is [[:space:]], not [:space:]");
  EXPECT_EQ(translate("a\\{2,1\\}"), "ERROR: Invalid content of \\{\\}");
  EXPECT_EQ(translate("a\\{1"), "ERROR: Unmatched \\{");
  EXPECT_EQ(translate("a{99999}", RegexSyntax::kExtended), "ERROR: Regular expression too big");
}

TEST(RegexTranslate, Brackets) {
  EXPECT_EQ(translate("[]a]"), "[\\]a]");
  EXPECT_EQ(translate("[^]a-]"), "[^\\]a\\-\\n]");
  EXPECT_EQ(translate("[[:alpha:]x]"), "[\\p{L}x]");
  EXPECT_EQ(translate("[\\]"), "[\\\\]");
}

TEST(RegexMatch, LeftmostLongest) {
  RegexOptions ere;
  ere.syntax = RegexSyntax::kExtended;
  EXPECT_EQ(first_match("a|ab|abc", "xabcd", ere), "abc");
  EXPECT_EQ(first_match("\\(a*\\)b\\1", "aabaa"), "aabaa");
  EXPECT_EQ(first_match("\\<foo\\>", "a foobar foo"), "foo");
  EXPECT_EQ(first_match("x*", "abc"), "");
}

TEST(RegexMatch, HostilePatternsAreBounded) {
  std::string text(30000, 'a');
  auto start = std::chrono::steady_clock::now();
  RegexOptions ere;
  ere.syntax = RegexSyntax::kExtended;
  EXPECT_EQ(first_match("(a*)*b", text, ere), "NOMATCH");
  EXPECT_EQ(first_match("(a|aa)+$", text + "!", ere), "NOMATCH");
  // With a back-reference the backtracking engine runs, under its limits.
  std::string error;
  auto rx = Regex::compile("\\(a*\\)*\\1b", {}, &error);
  ASSERT_TRUE(rx);
  MatchSpan m[1];
  bool limited = false;
  try {
    rx->search(text, 0, m, 1);
  } catch (const RegexLimitError&) {
    limited = true;
  }
  (void)limited;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(RegexMatch, HugeRepeatCountsAndNesting) {
  std::string error;
  EXPECT_EQ(first_match("a\\{5000\\}", std::string(5000, 'a')), std::string(5000, 'a'));
  std::string deep(2000, '(');
  deep += "a";
  deep += std::string(2000, ')');
  RegexOptions ere;
  ere.syntax = RegexSyntax::kExtended;
  auto rx = Regex::compile(deep, ere, &error);
  // Either compiles or reports an error; never crashes.
  if (rx) {
    MatchSpan m[1];
    EXPECT_TRUE(rx->search("xa", 0, m, 1));
  } else {
    EXPECT_FALSE(error.empty());
  }
  auto big = Regex::compile("(((a{100}){100}){100})", ere, &error);
  EXPECT_TRUE(big == nullptr || !error.empty() || big != nullptr);
}

TEST(RegexLiteral, FastPathAgreesWithStringFind) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text, needle;
    int n = rng() % 300, m = 1 + rng() % 6;
    const char* alphabet = round % 2 ? "ab" : "eaz\n.";
    size_t size = std::strlen(alphabet);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % size];
    for (int i = 0; i < m; ++i) needle += alphabet[rng() % size];
    for (bool icase : {false, true}) {
      RegexOptions o;
      o.syntax = RegexSyntax::kFixed;
      o.icase = icase;
      std::string error;
      auto rx = Regex::compile(needle, o, &error);
      ASSERT_TRUE(rx);
      size_t start = n ? rng() % n : 0;
      MatchSpan span[1];
      size_t expected = text.find(needle, start);
      bool found = rx->search(text, start, span, 1);
      ASSERT_EQ(found, expected != std::string::npos) << text << " / " << needle;
      if (found) EXPECT_EQ(span[0].begin, expected) << text << " / " << needle;
    }
  }
}

TEST(RegexLiteral, CaseInsensitiveAscii) {
  RegexOptions o;
  o.icase = true;
  EXPECT_EQ(first_match("error", "An ERROR here", o), "ERROR");
  EXPECT_EQ(first_match("ERR", "xeRr", o), "eRr");
  EXPECT_EQ(first_match("kit", "a KIT", o), "KIT");  // k folds through RE2
}

}  // namespace
}  // namespace kefka::cmd

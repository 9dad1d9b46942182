// ptx against GNU coreutils ptx on generated text: GNU mode (sentences,
// dumb-terminal lines) and -G (lines, roff), references, formats, widths,
// word files, regexps and errors; stdout, stderr and status compared.
#include <gtest/gtest.h>

#include <random>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

// Sentences of words from a small vocabulary (so keywords repeat), with
// punctuation, quotes, tabs, double spaces, blank lines and long lines.
std::string generated_text(unsigned seed, int sentences) {
  static const char* const kWords[] = {"the",
                                       "Kernel",
                                       "sandbox",
                                       "agent",
                                       "runs",
                                       "commands",
                                       "in",
                                       "a",
                                       "shell",
                                       "file",
                                       "System",
                                       "virtual",
                                       "memory",
                                       "of",
                                       "words",
                                       "index",
                                       "Permuted",
                                       "context",
                                       "ptx",
                                       "GNU",
                                       "output",
                                       "line",
                                       "width",
                                       "x",
                                       "and",
                                       "or",
                                       "zebra",
                                       "Alpha",
                                       "beta",
                                       "gamma_ray",
                                       "d\xc3\xa9j\xc3\xa0",
                                       "123",
                                       "tab",
                                       "end"};
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::string out;
  for (int s = 0; s < sentences; ++s) {
    size_t words = 1 + pick(16);
    for (size_t w = 0; w < words; ++w) {
      if (w > 0) {
        size_t sep = pick(20);
        out += sep == 0 ? "\t" : sep == 1 ? "  " : sep == 2 ? ", " : sep == 3 ? "\n" : " ";
      }
      const char* word = kWords[pick(std::size(kWords))];
      if (pick(12) == 0) out += '(';
      out += word;
      if (pick(12) == 0) out += ')';
    }
    static const char* const kEnds[] = {".", "?", "!", ".\"", ".)", ";", ""};
    out += kEnds[pick(std::size(kEnds))];
    size_t gap = pick(6);
    out += gap == 0 ? "\n\n" : gap == 1 ? "\n" : gap == 2 ? "  " : " ";
  }
  if (pick(2) == 0 && !out.empty()) out.pop_back();  // sometimes no final newline
  return out;
}

// -G input: no blank lines (GNU stops on an empty line under -G).
std::string without_blank_lines(std::string text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (out.empty() || out.back() == '\n')) continue;
    out += text[i];
  }
  return out;
}

class PtxTest : public CommandFixture {
 protected:
  void SetUp() override {
    files = {{"a.txt", generated_text(1, 40)},
             {"b.txt", generated_text(2, 25)},
             {"short.txt", "The quick brown fox jumps over the lazy dog.\n"},
             {"g.txt", without_blank_lines(generated_text(3, 30))},
             {"refs.txt",
              "ref1 alpha beta gamma delta.\nr2 epsilon zeta eta theta.\n"
              "chapter-3 iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi "
              "psi omega\n  r4 indented reference line\nlast\n"},
             {"ignore.txt", "the\na\nof\nand\n\nor\n"},
             {"only.txt", "sandbox\nshell\nGNU\nptx\nzebra\n"},
             {"breaks.txt", " \t\n.,;()!?\"'"},
             {"empty.txt", ""}};
  }
  RunResult gnu(std::vector<std::string> argv, std::string input = "") {
    return expect_same_as_gnu({.argv = std::move(argv), .input = std::move(input), .files = files});
  }
  std::vector<std::pair<std::string, std::string>> files;
};

TEST_F(PtxTest, DefaultGnuMode) {
  gnu({"ptx", "short.txt"});
  gnu({"ptx", "a.txt"});
  gnu({"ptx", "a.txt", "b.txt"});
  gnu({"ptx"}, generated_text(7, 20));
  gnu({"ptx", "-", "short.txt"}, "stdin words here. And more.\n");
  gnu({"ptx", "empty.txt"});
}

TEST_F(PtxTest, Traditional) {
  gnu({"ptx", "-G", "g.txt"});
  gnu({"ptx", "-G"}, without_blank_lines(generated_text(8, 10)));
  gnu({"ptx", "-G", "-w", "50", "g.txt"});
  gnu({"ptx", "-G", "-O", "-A", "g.txt"});
  gnu({"ptx", "-G", "-T", "g.txt"});
  gnu({"ptx", "-G", "-r", "refs.txt"});
  gnu({"ptx", "-G", "-F", "...", "g.txt"});
  gnu({"ptx", "-G", "-f", "-b", "breaks.txt", "g.txt"});
}

TEST_F(PtxTest, TraditionalOutputOperand) {
  RunResult r = gnu({"ptx", "-G", "short.txt", "out.roff"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_file("out.roff"),
            run({"ptx", "-G", "short.txt"}).out);  // the same lines, in the file
  gnu({"ptx", "-G", "short.txt", "out", "extra"});
  EXPECT_TRUE(exists("out"));  // created before the operand error, as GNU does
  gnu({"ptx", "-G", "missing.txt", "out2"});
  gnu({"ptx", "-G", "short.txt", "no/such/dir/out"});
  gnu({"ptx", "-G", "missing.txt", "no/such/dir/out"});
}

TEST_F(PtxTest, TraditionalStopsOnAnEmptyLine) {
  gnu({"ptx", "-G"}, "one two\n\nthree\n");
  gnu({"ptx", "-S", "\\n"}, "\nleading blank line\n");
}

TEST_F(PtxTest, References) {
  gnu({"ptx", "-A", "a.txt", "b.txt"});
  gnu({"ptx", "-A"}, generated_text(9, 15));
  gnu({"ptx", "-A", "-R", "a.txt"});
  gnu({"ptx", "-r", "refs.txt"});
  gnu({"ptx", "-r", "-R", "refs.txt"});
  gnu({"ptx", "-r", "-A", "refs.txt"});
  gnu({"ptx", "-A", "-w", "40", "-g", "1", "short.txt", "refs.txt"});
}

TEST_F(PtxTest, Formats) {
  gnu({"ptx", "-O", "a.txt"});
  gnu({"ptx", "-T", "a.txt"});
  gnu({"ptx", "--format=roff", "-M", "IX", "short.txt"});
  gnu({"ptx", "--format=tex", "-A", "b.txt"});
  gnu({"ptx", "--format", "t", "short.txt"});
  gnu({"ptx", "-T", "-r", "refs.txt"});
  gnu({"ptx", "-O", "-R", "-A", "short.txt"}, "");
  gnu({"ptx", "-T"}, "Money $5 & 100% of #1 {set} back\\slash under_score \"quoted\".\n");
  gnu({"ptx", "-O"}, "Money $5 & 100% of #1 {set} back\\slash under_score \"quoted\".\n");
}

TEST_F(PtxTest, WidthsGapsAndTruncation) {
  for (const char* w : {"1", "10", "30", "50", "100", "200"}) {
    SCOPED_TRACE(w);
    gnu({"ptx", "-w", w, "a.txt"});
  }
  gnu({"ptx", "-g", "1", "a.txt"});
  gnu({"ptx", "-g", "8", "-w", "60", "b.txt"});
  gnu({"ptx", "-w", "0x30", "short.txt"});
  gnu({"ptx", "-w", "200000", "-g", "70000", "short.txt"});
  gnu({"ptx", "-W", "[a-z]+", "-w", "300000", "short.txt"});
  gnu({"ptx", "-F", "<>", "a.txt"});
  gnu({"ptx", "-F", "", "a.txt"});
  gnu({"ptx", "-F", "\\t", "short.txt"});
  gnu({"ptx", "-F", "\\x41\\0102\\c ignored", "short.txt"});
}

TEST_F(PtxTest, WordSelection) {
  gnu({"ptx", "-i", "ignore.txt", "a.txt"});
  gnu({"ptx", "-o", "only.txt", "a.txt", "b.txt"});
  gnu({"ptx", "-f", "-o", "only.txt", "a.txt"});
  gnu({"ptx", "-f", "a.txt"});
  gnu({"ptx", "-b", "breaks.txt", "a.txt"});
  gnu({"ptx", "-i", "empty.txt", "short.txt"});
}

TEST_F(PtxTest, Regexps) {
  gnu({"ptx", "-W", "[a-z]+", "a.txt"});
  gnu({"ptx", "-W", "[A-Z][a-z]*", "b.txt"});
  gnu({"ptx", "-W", "\\(ab\\|the\\)", "a.txt"});
  gnu({"ptx", "-S", "[.;]", "a.txt"});
  gnu({"ptx", "-S", "", "short.txt"});
  gnu({"ptx", "-S", "\\n", "g.txt"});
  gnu({"ptx", "-f", "-W", "[a-z]+", "b.txt"});
  gnu({"ptx", "-W", "", "short.txt"});
  gnu({"ptx", "-T", "-W", "[a-z]*e", "short.txt"});
}

// Emacs syntax: + ? are operators, ( ) | { } literal, no [:class:] items,
// ^ $ * anchors/operators only in context.
TEST_F(PtxTest, RegexpSyntaxIsEmacs) {
  std::string text = "abc def x{2} xx a+b *b (par) a|b ^up$ [br] c:d\n";
  for (const char* re :
       {"\\{",   "x\\{2\\}", "[[:alpha:]]+", "a\\|*b",   "a+",    "c?d",      "\\w+", "a$",
        "(par)", "a|b",      "^up",          "x^y\\|^a", "[]a]+", "[^a-c ]+", "*b",   "\\(x\\)\\1",
        "[[]",   "[a[]+",    "\\`a",         "b\\'",     "\\<d",  "f\\>",     "\\bx"}) {
    SCOPED_TRACE(re);
    gnu({"ptx", "-W", re}, text);
  }
  for (const char* re : {"[", "[^", "[a", "a[b", "[]", "\\(", "a\\)", "\\1", "a\\"}) {
    SCOPED_TRACE(re);
    gnu({"ptx", "-W", re}, text);
  }
}

TEST_F(PtxTest, Errors) {
  gnu({"ptx", "missing.txt"});
  gnu({"ptx", "a.txt", "missing.txt"});
  gnu({"ptx", "-i", "missing.txt", "a.txt"});
  gnu({"ptx", "-g", "0", "a.txt"});
  gnu({"ptx", "-w", "abc", "a.txt"});
  gnu({"ptx", "-w", "-5", "a.txt"});
  gnu({"ptx", "--format=html", "a.txt"});
  gnu({"ptx", "-W", "\\(unclosed", "a.txt"});
  gnu({"ptx", "-S", "[", "a.txt"});
  gnu({"ptx", "--bogus"});
  mkdir("dir");
  expect_same_as_gnu({.argv = {"ptx", "dir"}, .files = files, .compare_stderr = false});
}

TEST_F(PtxTest, BinaryAndOddInput) {
  std::string binary;
  for (int i = 0; i < 2000; ++i) binary += static_cast<char>((i * 131 + 7) % 256);
  gnu({"ptx"}, binary);
  gnu({"ptx", "-G"}, "no newline at end");
  gnu({"ptx"}, "   \t  \n");
  gnu({"ptx"}, std::string("nul\0byte words\0here.\n", 22));
}

}  // namespace
}  // namespace kefka::test

namespace kefka::test {
namespace {

// Many generated inputs under the main option sets.
TEST_F(PtxTest, GeneratedInputs) {
  const std::vector<std::vector<std::string>> option_sets = {
      {},     {"-A"},           {"-G"}, {"-w", "40"}, {"-f", "-g", "2"}, {"-R", "-A", "-w", "60"},
      {"-T"}, {"-O", "-F", "+"}};
  for (unsigned seed = 100; seed < 130; ++seed) {
    std::string text = generated_text(seed, 3 + static_cast<int>(seed % 17));
    for (const auto& options : option_sets) {
      std::vector<std::string> argv = {"ptx"};
      argv.insert(argv.end(), options.begin(), options.end());
      bool traditional = !options.empty() && options[0] == "-G";
      SCOPED_TRACE(testing::Message() << "seed " << seed);
      gnu(argv, traditional ? without_blank_lines(text) : text);
    }
  }
}

}  // namespace
}  // namespace kefka::test

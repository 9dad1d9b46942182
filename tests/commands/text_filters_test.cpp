// Differential tests of uniq, cut and tr against GNU.
#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class TextFilters : public CommandFixture {
 protected:
  void check_all(std::string_view tool, const std::vector<std::vector<std::string>>& cases,
                 const std::vector<std::pair<std::string, std::string>>& files,
                 const std::string& input = "") {
    for (const auto& args : cases) {
      std::vector<std::string> argv = {std::string(tool)};
      argv.insert(argv.end(), args.begin(), args.end());
      expect_same_as_gnu({.argv = argv, .input = input, .files = files});
    }
  }
};

TEST_F(TextFilters, Uniq) {
  TestData data;
  std::string dups = data.lines_from("aAb ", 400, 3);
  std::string fields = data.lines_from("ab \t", 400, 6);
  check_all("uniq",
            {{"dups"},
             {"-c", "dups"},
             {"-d", "dups"},
             {"-u", "dups"},
             {"-D", "dups"},
             {"-i", "dups"},
             {"-ic", "dups"},
             {"--all-repeated=separate", "dups"},
             {"--all-repeated=prepend", "dups"},
             {"--group", "dups"},
             {"--group=both", "dups"},
             {"--group=append", "dups"},
             {"--group=prepend", "dups"},
             {"-f", "1", "fields"},
             {"-s", "2", "fields"},
             {"-w", "1", "fields"},
             {"-f1", "-s1", "-w2", "-c", "fields"},
             {"-z", "zs"},
             {"nonl"},
             {"empty"},
             {"-du", "dups"},
             {"dups", "out"},
             {"--group", "-c", "dups"},
             {"-D", "-c", "dups"},
             {"-f", "x"},
             {"-s", "x"},
             {"-w", "-1"},
             {"a", "b", "c"},
             {"--all-repeated=foo"},
             {"--group=x"},
             {"missing"}},
            {{"dups", dups},
             {"fields", fields},
             {"zs", std::string("a\0a\0b\0", 6)},
             {"nonl", "a\na"},
             {"empty", ""}});
  expect_same_as_gnu({.argv = {"uniq", "-", "out"}, .input = "x\nx\ny\n"});
  EXPECT_EQ(read_file("out"), "x\ny\n");
}

TEST_F(TextFilters, Cut) {
  TestData data;
  std::string csv;
  for (int i = 0; i < 200; ++i) {
    for (size_t f = 0, n = data.pick(6); f < n; ++f)
      csv += (f ? ":" : "") + data.lines_from("xyz", 1, 3).substr(0, 2);
    csv += '\n';
  }
  std::string text = data.text(200, false);
  check_all("cut",
            {{"-b1", "text"},
             {"-b", "1-3,5", "text"},
             {"-c", "2-", "text"},
             {"-b", "-4", "text"},
             {"-b", "3,1", "--output-delimiter=:", "text"},
             {"-b", "1-2,4-5", "--output-delimiter=::", "text"},
             {"-b", "1-3,2-5", "--output-delimiter=:", "text"},
             {"--complement", "-b", "2", "text"},
             {"-b", "5-", "--complement", "text"},
             {"-f", "2", "text"},
             {"-f1,3", "text"},
             {"-d:", "-f2", "csv"},
             {"-d:", "-f2-", "csv"},
             {"-d:", "-f", "-2", "csv"},
             {"-d:", "-f3", "-s", "csv"},
             {"-d", ":", "-f", "1,3", "--output-delimiter=XY", "csv"},
             {"-d:", "--complement", "-f2", "csv"},
             {"-d", " ", "-f", "1 3", "text"},
             {"-z", "-d:", "-f1", "zs"},
             {"-f1", "nonl"},
             {"-b1", "bin"},
             {"-d", "", "-f", "1", "zs"},
             // errors
             {},
             {"-b1", "-f1"},
             {"-b1", "-d:"},
             {"-b1", "-s"},
             {"-d", "ab", "-f1"},
             {"-f0"},
             {"-b0"},
             {"-f", "3-1"},
             {"-f", "x"},
             {"-b", "x"},
             {"-f", "1-2-3"},
             {"-f", ""},
             {"-f", "-"},
             {"-f", "1,"},
             {"-c", "99999999999999999999"},
             {"-f1", "missing", "csv"}},
            {{"text", text},
             {"csv", csv},
             {"zs", std::string("a:b\0c:d\0", 8)},
             {"nonl", "a\tb"},
             {"bin", data.binary(2000)}});
}

TEST_F(TextFilters, Tr) {
  TestData data;
  std::string input = data.text(200) + data.binary(3000);
  check_all("tr",
            {{"a-z", "A-Z"},
             {"[:lower:]", "[:upper:]"},
             {"[:upper:]", "[:lower:]"},
             {"-d", "a-m"},
             {"-d", "[:digit:][:space:]"},
             {"-s", " "},
             {"-s", "a-z"},
             {"-cs", "a-zA-Z", "\\n"},
             {"-c", "a-z", "_"},
             {"-cd", "[:print:]"},
             {"-ds", "a-c", "x-z"},
             {"-t", "abc", "xy"},
             {"abc", "x"},
             {"a-d", "[x*]z"},
             {"a-f", "[x*2]yz"},
             {"\\n\\t", "NT"},
             {"\\141-\\143", "X"},
             {"[=a=]", "Q"},
             {"-s", "a-z", "A-Z"},
             {"\\000-\\037", "?"},
             {"-d", "\\200-\\377"},
             {"a-", "xy"},
             {"[:alnum:]", "[x*]"},
             {"-C", "a", "b"},
             // errors
             {},
             {"a"},
             {"-d", "a", "b"},
             {"z-a", "x"},
             {"a", "[:digit:]"},
             {"[:foo:]", "x"},
             {"a", ""},
             {"a[x*]", "y"},
             {"-s"},
             {"-ds", "a"},
             {"a", "b", "c"}},
            {}, input);
}

}  // namespace
}  // namespace kefka::test

// csplit against GNU csplit: the pieces, the byte counts and the errors.
#include "files_fixture.h"

namespace kefka::test {
namespace {

std::string numbers(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) s += std::to_string(i) + "\n";
  return s;
}

class CsplitTest : public FilesFixture {
 protected:
  void SetUp() override { make_tree({make_file("n", numbers(20))}); }
};

TEST_F(CsplitTest, LineNumbers) {
  tree_diff({"csplit", "n", "5", "15"});
}
TEST_F(CsplitTest, Regex) {
  tree_diff({"csplit", "n", "/5/", "/15/"});
}
TEST_F(CsplitTest, RegexRepeatAndOffset) {
  tree_diff({"csplit", "-z", "n", "%5%", "/10/+2", "{*}"});
}
TEST_F(CsplitTest, PrefixDigits) {
  tree_diff({"csplit", "-f", "part", "-n", "3", "n", "7"});
}
TEST_F(CsplitTest, Quiet) {
  tree_diff({"csplit", "-s", "n", "/1/", "{1}"});
}
TEST_F(CsplitTest, Errors) {
  tree_diff({"csplit", "n", "30"});
  tree_diff({"csplit", "n", "/x/"});
  tree_diff({"csplit", "-f", "p", "n", "/3/", "{2}"});
  tree_diff({"csplit", "n", "5", "3"});
  tree_diff({"csplit", "n"});
  tree_diff({"csplit", "-k", "n", "/x/"});
}

}  // namespace
}  // namespace kefka::test

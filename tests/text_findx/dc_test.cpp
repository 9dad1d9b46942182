// dc (no GNU dc on this machine: expected values are dc's documented results).
#include "findx_support.h"

namespace kefka::test {
namespace {

class DcTest : public TreeFixture {};

TEST_F(DcTest, Basics) {
  EXPECT_EQ(run({"dc"}, "2 3 + p\n").out, "5\n");
  EXPECT_EQ(run({"dc"}, "10 3 / p\n").out, "3\n");
  EXPECT_EQ(run({"dc"}, "5k 10 3 / p\n").out, "3.33333\n");
  EXPECT_EQ(run({"dc"}, "_5 2 * p\n").out, "-10\n");
  EXPECT_EQ(run({"dc"}, "2 10 ^ p\n").out, "1024\n");
  EXPECT_EQ(run({"dc"}, "7 3 % p\n").out, "1\n");
  EXPECT_EQ(run({"dc"}, "1 2 3 f\n").out, "3\n2\n1\n");
  EXPECT_EQ(run({"dc"}, "1 2 r f\n").out, "1\n2\n");
  EXPECT_EQ(run({"dc"}, "4 d * p\n").out, "16\n");
  EXPECT_EQ(run({"dc"}, "1 2 3 z p\n").out, "3\n");
  EXPECT_EQ(run({"dc"}, "16o 255 p\n").out, "FF\n");
  EXPECT_EQ(run({"dc"}, "16i FF p\n").out, "255\n");
  EXPECT_EQ(run({"dc"}, "3 sa la la * p\n").out, "9\n");
  EXPECT_EQ(run({"dc"}, "[hello]p\n").out, "hello\n");
  EXPECT_EQ(run({"dc"}, "[2 3 *]x p\n").out, "6\n");
  EXPECT_EQ(run({"dc"}, "20k 2 v p\n").out, "1.41421356237309504880\n");
  EXPECT_EQ(run({"dc"}, "1 p q 2 p\n").out, "1\n");
  EXPECT_EQ(run({"dc", "-e", "6 7 * p"}).out, "42\n");
  EXPECT_EQ(run({"dc"}, "2 1000 ^ p\n").out.find("\\\n"), 69u);
}

TEST_F(DcTest, Errors) {
  auto r = run({"dc"}, "p\n");
  EXPECT_EQ(r.err, "dc: stack empty\n");
  r = run({"dc"}, "1 0 / p\n");
  EXPECT_EQ(r.err, "dc: divide by zero\n");
  EXPECT_EQ(r.out, "0\n");
}

TEST_F(DcTest, RecursionIsBounded) {
  auto r = run({"dc"}, "[lax]sa lax\n");
  EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace kefka::test

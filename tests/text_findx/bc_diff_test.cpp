// bc against GNU bc: programs on stdin; plus a runaway loop that must end by
// the budget's deadline.
#include <chrono>

#include "findx_support.h"

namespace kefka::test {
namespace {

class BcTest : public TreeFixture {
 protected:
  void check(const std::string& program, std::vector<std::string> opts = {}) {
    std::vector<std::string> argv = {"bc"};
    argv.insert(argv.end(), opts.begin(), opts.end());
    SCOPED_TRACE(program);
    expect_tree_same({.argv = argv, .tree = {}, .input = program, .compare_stderr = false});
  }
};

TEST_F(BcTest, Arithmetic) {
  for (std::string p : {"1+2\n",
                        "2-5\n",
                        "6*7\n",
                        "7/2\n",
                        "scale=3; 7/2\n",
                        "10%3\n",
                        "scale=2; 10%3\n",
                        "2^10\n",
                        "2^-2\n",
                        "scale=5; 2^-2\n",
                        "-3^2\n",
                        "(-3)^3\n",
                        "1.5*1.5\n",
                        "scale=1; 1.25*1.25\n",
                        ".5+.25\n",
                        "0.0\n",
                        "-0\n",
                        "1.000\n",
                        "123456789*987654321\n",
                        "2^200\n",
                        "scale=50; 1/3\n",
                        "scale=100; 22/7\n",
                        "sqrt(2)\n",
                        "scale=30; sqrt(2)\n",
                        "sqrt(16)\n",
                        "sqrt(0.25)\n",
                        "length(123.45)\n",
                        "scale(1.2345)\n",
                        "length(0)\n",
                        "a=5; a\n",
                        "a=5; a+=2; a\n",
                        "a=2; a^=3; a\n",
                        "a=7; a%=4; a\n",
                        "x=1; x++; x\n",
                        "x=1; ++x\n",
                        "x=1; x--\n",
                        "a[3]=4; a[3]+a[2]\n",
                        "1==1; 1!=1; 2<3; 3<=2; 4>1; 4>=5\n",
                        "!0; !5; 1&&0; 1||0\n",
                        "obase=16; 255\n",
                        "obase=2; 10\n",
                        "obase=16; 1.5\n",
                        "ibase=16; FF\n",
                        "ibase=2; 1010\n",
                        "obase=100; 12345\n",
                        "last\n",
                        "5; last+1\n",
                        "3/0\n",
                        "scale=3; -7/2\n",
                        "-7%3\n",
                        "99999999999999999999+1\n",
                        "1-0.9999999999\n",
                        "scale=0; 5/3*3\n",
                        "2^0\n",
                        "0^0\n",
                        ".\n",
                        "obase=8; -8\n"}) {
    check(p);
  }
}

TEST_F(BcTest, Statements) {
  for (std::string p : {
           "if (1) 5\n",
           "if (0) 5 else 6\n",
           "i=0; while (i<5) { i; i=i+1 }\n",
           "for (i=0; i<3; i++) i\n",
           "for (i=0; i<10; i++) { if (i==3) break; i }\n",
           "for (i=0; i<5; i++) { if (i%2) continue; i }\n",
           "\"hello\"\n",
           "print \"a=\", 5, \"\\n\"\n",
           "print 1, 2, 3\n",
           "define f(x) { return (x*2) }\nf(21)\n",
           "define f(x) { auto y; y = x; return y+1 }\nf(1)\n",
           "define g(n) { if (n<2) return (1); return (n*g(n-1)) }\ng(20)\n",
           "define h(a[]) { return a[1] }\nb[1]=9; h(b[])\n",
           "define v() { 5 }\nv()\n",
           "x=3\ndefine s(x) { x = 10; return x }\ns(1); x\n",
           "/* comment */ 1 # another\n2\n",
           "1+\\\n2\n",
           "quit\n5\n",
           "2^500\n",
           "scale=200; 1/7\n",
           "a = 1; b = 2; { a; b }\n",
           "1 +\n",
           "x = ; 5\n",
       }) {
    check(p);
  }
}

TEST_F(BcTest, MathLibrary) {
  for (std::string p : {"scale\n",
                        "4*a(1)\n",
                        "s(0)\n",
                        "c(0)\n",
                        "e(1)\n",
                        "l(1)\n",
                        "e(0)\n",
                        "scale=10; e(1)\n",
                        "scale=5; l(10)\n",
                        "s(1)\n",
                        "c(1)\n",
                        "a(2)\n",
                        "l(2)\n",
                        "e(-1)\n",
                        "j(0,1)\n",
                        "j(1,2)\n",
                        "e(10)\n",
                        "s(-2)\n",
                        "scale=50; 4*a(1)\n",
                        "sqrt(2)\n"}) {
    check(p, {"-l"});
  }
}

TEST_F(BcTest, LineLength) {
  check("2^1000\n");
  env["BC_LINE_LENGTH"] = "20";
  check("2^200\n");
  env["BC_LINE_LENGTH"] = "0";
  check("2^300\n");
}

TEST_F(BcTest, RunawayLoopEndsAtDeadline) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(300);
  CommandSandbox box(limits);
  auto start = std::chrono::steady_clock::now();
  EXPECT_ANY_THROW(box.run({"bc"}, "while(1){}\n"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace kefka::test

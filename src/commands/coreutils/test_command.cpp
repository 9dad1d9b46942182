// test and [ as commands (GNU coreutils 9.1 test.c semantics), for callers
// that bypass the shell builtin: env test, xargs test, find -exec test, a
// script calling /usr/bin/test. POSIX's argument-count rules pick the parse
// for up to four arguments; longer expressions use -a, -o, !, ( ) with GNU's
// precedence. Status 0 true, 1 false, 2 on a syntax error.
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

struct TestSyntaxError {
  std::string message;
};

// An integer operand: optional blanks, sign, digits, blanks. Kept as sign and
// digits without leading zeros so any length compares exactly, as GNU does.
struct BigInt {
  bool negative = false;
  std::string digits;  // "0" for zero
};

int compare(const BigInt& a, const BigInt& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  int magnitude = a.digits.size() != b.digits.size() ? (a.digits.size() < b.digits.size() ? -1 : 1)
                  : a.digits.compare(b.digits) < 0   ? -1
                  : a.digits == b.digits             ? 0
                                                     : 1;
  return a.negative ? -magnitude : magnitude;
}

class TestEvaluator {
 public:
  TestEvaluator(Context& ctx, std::vector<std::string> args) : ctx_(ctx), argv_(std::move(args)) {}

  bool run() {
    if (argv_.empty()) return false;
    bool value = posix_test(argc());
    if (pos_ != argc()) throw TestSyntaxError{"extra argument " + quote(argv_[pos_])};
    return value;
  }

 private:
  size_t argc() const { return argv_.size(); }
  const std::string& arg(size_t i) const { return argv_[i]; }
  [[noreturn]] void beyond() const {
    throw TestSyntaxError{"missing argument after " + quote(argv_.back())};
  }
  void advance(bool need_more) {
    ++pos_;
    if (need_more && pos_ >= argc()) beyond();
  }
  static bool is_binary_op(std::string_view s) {
    return s == "=" || s == "==" || s == "!=" || s == "-nt" || s == "-ot" || s == "-ef" ||
           s == "-eq" || s == "-ne" || s == "-lt" || s == "-le" || s == "-gt" || s == "-ge";
  }
  static bool is_unary_op(std::string_view s) {
    return s.size() == 2 && s[0] == '-' &&
           std::string_view("abcdefghkLnNOGprsStuwxz").find(s[1]) != std::string_view::npos;
  }
  static bool is_switch_shaped(std::string_view s) { return s.size() == 2 && s[0] == '-'; }

  bool posix_test(size_t nargs) {
    switch (nargs) {
      case 1:
        return one_argument();
      case 2:
        return two_arguments();
      case 3:
        return three_arguments();
      case 4:
        if (arg(pos_) == "!") {
          advance(true);
          return !three_arguments();
        }
        if (arg(pos_) == "(" && arg(pos_ + 3) == ")") {
          advance(false);
          bool value = two_arguments();
          advance(false);
          return value;
        }
        [[fallthrough]];
      default:
        return expr();
    }
  }
  bool one_argument() { return !arg(pos_++).empty(); }
  bool two_arguments() {
    if (arg(pos_) == "!") {
      advance(true);
      return !one_argument();
    }
    if (is_switch_shaped(arg(pos_))) {
      if (!is_unary_op(arg(pos_))) {
        throw TestSyntaxError{quote(arg(pos_)) + ": unary operator expected"};
      }
      return unary_operator();
    }
    beyond();
  }
  bool three_arguments() {
    if (is_binary_op(arg(pos_ + 1))) return binary_operator();
    if (arg(pos_) == "!") {
      advance(true);
      return !two_arguments();
    }
    if (arg(pos_) == "(" && arg(pos_ + 2) == ")") {
      advance(false);
      bool value = one_argument();
      advance(false);
      return value;
    }
    if (arg(pos_ + 1) == "-a" || arg(pos_ + 1) == "-o") return expr();
    throw TestSyntaxError{quote(arg(pos_ + 1)) + ": binary operator expected"};
  }
  bool expr() {
    if (pos_ >= argc()) beyond();
    return or_expr();
  }
  bool or_expr() {
    bool value = and_expr();
    while (pos_ < argc() && arg(pos_) == "-o") {
      advance(false);
      value = and_expr() || value;
    }
    return value;
  }
  bool and_expr() {
    bool value = term();
    while (pos_ < argc() && arg(pos_) == "-a") {
      advance(false);
      value = term() && value;
    }
    return value;
  }
  bool term() {
    ctx_.budget.check();
    if (pos_ >= argc()) beyond();
    bool invert = false;
    while (pos_ < argc() && arg(pos_) == "!") {
      advance(true);
      invert = !invert;
    }
    bool value;
    if (arg(pos_) == "(") {
      advance(true);
      size_t nargs = 1;
      while (pos_ + nargs < argc() && arg(pos_ + nargs) != ")") {
        if (nargs == 4) {
          nargs = argc() - pos_;
          break;
        }
        ++nargs;
      }
      value = posix_test(nargs);
      if (pos_ >= argc()) throw TestSyntaxError{"')' expected"};
      if (arg(pos_) != ")") throw TestSyntaxError{"')' expected, found " + quote(arg(pos_))};
      advance(false);
    } else if (argc() - pos_ >= 3 && is_binary_op(arg(pos_ + 1))) {
      value = binary_operator();
    } else if (is_switch_shaped(arg(pos_))) {
      if (!is_unary_op(arg(pos_))) {
        throw TestSyntaxError{quote(arg(pos_)) + ": unary operator expected"};
      }
      value = unary_operator();
    } else {
      value = !arg(pos_).empty();
      advance(false);
    }
    return invert != value;
  }

  BigInt integer(const std::string& text) const {
    size_t i = 0;
    auto blank = [&](size_t k) { return k < text.size() && (text[k] == ' ' || text[k] == '\t'); };
    while (blank(i)) ++i;
    BigInt n;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) n.negative = text[i++] == '-';
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    size_t end = i;
    while (blank(i)) ++i;
    if (start == end || i != text.size()) throw TestSyntaxError{"invalid integer " + quote(text)};
    while (start + 1 < end && text[start] == '0') ++start;
    n.digits = text.substr(start, end - start);
    if (n.digits == "0") n.negative = false;
    return n;
  }

  bool binary_operator() {
    const std::string& left = arg(pos_);
    const std::string& op = arg(pos_ + 1);
    const std::string& right = arg(pos_ + 2);
    pos_ += 3;
    if (op == "=" || op == "==") return left == right;
    if (op == "!=") return left != right;
    if (op == "-nt" || op == "-ot") {
      auto l = ctx_.fs.stat(left);
      auto r = ctx_.fs.stat(right);
      auto newer = [](const vfs::Stat& a, const vfs::Stat& b) {
        return a.mtime.tv_sec != b.mtime.tv_sec ? a.mtime.tv_sec > b.mtime.tv_sec
                                                : a.mtime.tv_nsec > b.mtime.tv_nsec;
      };
      if (op == "-nt") return l.ok() && (!r.ok() || newer(*l, *r));
      return r.ok() && (!l.ok() || newer(*r, *l));
    }
    if (op == "-ef") {
      auto l = ctx_.fs.stat(left);
      auto r = ctx_.fs.stat(right);
      return l.ok() && r.ok() && l->dev == r->dev && l->ino == r->ino;
    }
    int c = compare(integer(left), integer(right));
    if (op == "-eq") return c == 0;
    if (op == "-ne") return c != 0;
    if (op == "-lt") return c < 0;
    if (op == "-le") return c <= 0;
    if (op == "-gt") return c > 0;
    return c >= 0;  // -ge
  }

  bool unary_operator() {
    char op = arg(pos_)[1];
    advance(true);
    const std::string& operand = arg(pos_++);
    switch (op) {
      case 'n':
        return !operand.empty();
      case 'z':
        return operand.empty();
      case 't':
        (void)integer(operand);
        return false;  // the sandbox has no terminals
      case 'h':
      case 'L': {
        auto st = ctx_.fs.lstat(operand);
        return st.ok() && S_ISLNK(st->mode);
      }
      case 'r':
        return ctx_.fs.access(operand, R_OK).ok();
      case 'w':
        return ctx_.fs.access(operand, W_OK).ok();
      case 'x':
        return ctx_.fs.access(operand, X_OK).ok();
      default:
        break;
    }
    auto st = ctx_.fs.stat(operand);
    if (!st.ok()) return false;
    const auto& cred = ctx_.fs.caller().cred;
    switch (op) {
      case 'a':
      case 'e':
        return true;
      case 'b':
        return S_ISBLK(st->mode);
      case 'c':
        return S_ISCHR(st->mode);
      case 'd':
        return S_ISDIR(st->mode);
      case 'f':
        return S_ISREG(st->mode);
      case 'p':
        return S_ISFIFO(st->mode);
      case 'S':
        return S_ISSOCK(st->mode);
      case 's':
        return st->size > 0;
      case 'u':
        return (st->mode & S_ISUID) != 0;
      case 'g':
        return (st->mode & S_ISGID) != 0;
      case 'k':
        return (st->mode & S_ISVTX) != 0;
      case 'O':
        return st->uid == cred.uid;
      case 'G':
        return st->gid == cred.gid;
      case 'N':
        return st->mtime.tv_sec != st->atime.tv_sec ? st->mtime.tv_sec > st->atime.tv_sec
                                                    : st->mtime.tv_nsec > st->atime.tv_nsec;
      default:
        return false;
    }
  }

  Context& ctx_;
  std::vector<std::string> argv_;
  size_t pos_ = 0;
};

int run_test(Context& ctx, const Args&) {
  std::vector<std::string> operands(ctx.argv.begin() + 1, ctx.argv.end());
  if (ctx.name() == "[") {
    if (operands.empty() || operands.back() != "]") {
      ctx.error("missing ']'");
      return 2;
    }
    operands.pop_back();
  }
  try {
    return TestEvaluator(ctx, std::move(operands)).run() ? kExitSuccess : kExitFailure;
  } catch (const TestSyntaxError& e) {
    ctx.error(e.message);
    return 2;
  }
}

}  // namespace
}  // namespace kefka::cmd

KEFKA_COMMAND(test_command, {
                                .name = "test",
                                .usage = "test EXPRESSION\ntest",
                                .summary = "Exit with the status determined by EXPRESSION.",
                                .main = kefka::cmd::run_test,
                                // GNU test takes a lone --help as a string
                                // (true); only [ --help prints help.
                                .flags = kefka::cmd::kRawArguments | kefka::cmd::kOwnHelpVersion,
                            });

KEFKA_COMMAND(bracket_command, {
                                   .name = "[",
                                   .usage = "[ EXPRESSION ]\n[ ]",
                                   .summary = "Exit with the status determined by EXPRESSION.",
                                   .main = kefka::cmd::run_test,
                                   .flags = kefka::cmd::kRawArguments,
                               });

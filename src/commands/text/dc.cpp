// dc: the reverse-polish desk calculator (GNU dc 1.4 basics) over bc's
// arbitrary-precision numbers: numbers (_ for negative), + - * / % ^ v,
// p n f c d r z, k K i I o O, registers s/l, strings [..], x and q.
#include <map>
#include <variant>

#include "commands/common/util.h"
#include "commands/options.h"
#include "commands/text/bc_number.h"

namespace kefka::cmd {
namespace {

using bc::Number;
using Value = std::variant<Number, std::string>;

struct Quit {};

class Dc {
 public:
  explicit Dc(Context& ctx) : ctx_(ctx) {}

  void run(std::string_view prog, int depth = 0) {
    if (depth > 1000) throw Quit{};
    for (size_t i = 0; i < prog.size(); ++i) {
      ctx_.budget.check();
      char c = prog[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || c == '.' || c == '_') {
        bool neg = c == '_';
        if (neg) ++i;
        std::string num;
        bool dot = false;
        while (i < prog.size() &&
               ((prog[i] >= '0' && prog[i] <= '9') || (prog[i] >= 'A' && prog[i] <= 'F') ||
                (prog[i] == '.' && !dot))) {
          dot = dot || prog[i] == '.';
          num += prog[i++];
        }
        --i;
        Number n = Number::parse(num.empty() ? "0" : num, ibase_);
        stack_.push_back(neg ? -n : n);
        continue;
      }
      if (c == '[') {
        int level = 1;
        size_t j = i + 1;
        for (; j < prog.size(); ++j) {
          if (prog[j] == '[') ++level;
          if (prog[j] == ']' && --level == 0) break;
        }
        stack_.push_back(std::string(prog.substr(i + 1, j - i - 1)));
        i = j;
        continue;
      }
      if (c == '#') {
        while (i < prog.size() && prog[i] != '\n') ++i;
        continue;
      }
      if ((c == 's' || c == 'l' || c == 'S' || c == 'L') && i + 1 < prog.size()) {
        char reg = prog[++i];
        if (c == 's' || c == 'S') {
          if (!need(1)) continue;
          registers_[reg] = stack_.back();
          stack_.pop_back();
        } else {
          auto it = registers_.find(reg);
          stack_.push_back(it == registers_.end() ? Value(Number()) : it->second);
        }
        continue;
      }
      op(c, depth);
    }
  }

 private:
  bool need(size_t n) {
    if (stack_.size() >= n) return true;
    ctx_.error("stack empty");
    return false;
  }
  bool numbers(size_t n) {
    if (!need(n)) return false;
    for (size_t k = 0; k < n; ++k) {
      if (!std::holds_alternative<Number>(stack_[stack_.size() - 1 - k])) {
        ctx_.error("non-numeric value");
        return false;
      }
    }
    return true;
  }
  Number pop_number() {
    Number n = std::get<Number>(stack_.back());
    stack_.pop_back();
    return n;
  }
  void print(const Value& v, bool newline) {
    if (const auto* s = std::get_if<std::string>(&v)) {
      ctx_.out() << *s;
    } else {
      std::string text = std::get<Number>(v).to_string(obase_);
      int col = 0;
      for (char ch : text) {
        if (++col == 70) {
          ctx_.out() << "\\\n";
          col = 1;
        }
        ctx_.out() << ch;
      }
    }
    if (newline) ctx_.out() << '\n';
  }

  void binary(char c) {
    if (!numbers(2)) return;
    Number b = pop_number(), a = pop_number(), r;
    bool ok = true;
    switch (c) {
      case '+':
        r = add(a, b);
        break;
      case '-':
        r = sub(a, b);
        break;
      case '*':
        r = mul(a, b, scale_);
        break;
      case '/':
        ok = div(a, b, scale_, &r);
        break;
      case '%':
        ok = mod(a, b, scale_, &r);
        break;
      default:
        ok = power(a, b, scale_, &r);
        break;
    }
    if (!ok) {
      ctx_.error(c == '%' ? "remainder by zero" : "divide by zero");
      stack_.push_back(a);
      stack_.push_back(b);
      return;
    }
    stack_.push_back(r);
  }

  void op(char c, int depth) {
    switch (c) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '^':
        binary(c);
        return;
      case 'v': {
        if (!numbers(1)) return;
        Number a = pop_number(), r;
        if (!bc::sqrt(a, scale_, &r)) {
          ctx_.error("square root of negative number");
          stack_.push_back(a);
          return;
        }
        stack_.push_back(r);
        return;
      }
      case 'p':
        if (need(1)) print(stack_.back(), true);
        return;
      case 'n':
        if (need(1)) {
          print(stack_.back(), false);
          stack_.pop_back();
        }
        return;
      case 'f':
        for (size_t k = stack_.size(); k-- > 0;) print(stack_[k], true);
        return;
      case 'c':
        stack_.clear();
        return;
      case 'd':
        if (need(1)) stack_.push_back(stack_.back());
        return;
      case 'r':
        if (need(2)) std::swap(stack_[stack_.size() - 1], stack_[stack_.size() - 2]);
        return;
      case 'z':
        stack_.push_back(Number::from_int(static_cast<long long>(stack_.size())));
        return;
      case 'k':
      case 'i':
      case 'o': {
        if (!numbers(1)) return;
        long long v = pop_number().to_int();
        if (c == 'k') {
          if (v < 0) {
            ctx_.error("scale must be a nonnegative number");
            return;
          }
          scale_ = static_cast<int>(v);
        } else if (c == 'i') {
          if (v < 2 || v > 16) {
            ctx_.error("input base must be a number between 2 and 16 (inclusive)");
            return;
          }
          ibase_ = static_cast<int>(v);
        } else {
          if (v < 2) {
            ctx_.error("output base must be a number greater than 1");
            return;
          }
          obase_ = static_cast<int>(v);
        }
        return;
      }
      case 'K':
        stack_.push_back(Number::from_int(scale_));
        return;
      case 'I':
        stack_.push_back(Number::from_int(ibase_));
        return;
      case 'O':
        stack_.push_back(Number::from_int(obase_));
        return;
      case 'x': {
        if (!need(1)) return;
        Value v = stack_.back();
        if (auto* s = std::get_if<std::string>(&v)) {
          stack_.pop_back();
          run(*s, depth + 1);
        }
        return;
      }
      case 'q':
        throw Quit{};
      default: {
        char buf[64];
        snprintf(buf, sizeof buf, "'%c' (%#o) unimplemented", c, static_cast<unsigned char>(c));
        ctx_.error(buf);
      }
    }
  }

  Context& ctx_;
  std::vector<Value> stack_;
  std::map<char, Value> registers_;
  int scale_ = 0, ibase_ = 10, obase_ = 10;
};

constexpr OptionSpec kOptions[] = {
    {'e', "expression", ArgKind::Required, "EXPR", "evaluate expression"},
    {'f', "file", ArgKind::Required, "FILE", "evaluate contents of file"},
};

int run(Context& ctx, const Args& args) {
  Dc dc(ctx);
  try {
    bool any = false;
    for (const auto& occ : args.options) {
      any = true;
      if (occ.spec->short_name == 'e') {
        dc.run(occ.value);
      } else {
        auto in = ctx.open_input(occ.value);
        if (!in) {
          ctx.error_errno(occ.value, in.error());
          return kExitFailure;
        }
        auto data = read_stream(ctx, **in);
        if (data) dc.run(*data);
      }
    }
    for (const auto& f : args.operands) {
      any = true;
      auto in = ctx.open_input(f);
      if (!in) {
        ctx.error_errno(f, in.error());
        return kExitFailure;
      }
      auto data = read_stream(ctx, **in);
      if (data) dc.run(*data);
    }
    if (!any) {
      auto data = read_stream(ctx, *ctx.in());
      if (data) dc.run(*data);
    }
  } catch (const Quit&) {
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(dc, {
                      .name = "dc",
                      .usage = "dc [OPTION] [file ...]",
                      .summary = "An arbitrary precision reverse-polish calculator.",
                      .options = kOptions,
                      .main = run,
                  });

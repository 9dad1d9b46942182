#include "shell/arith.h"

#include <cctype>
#include <cstring>

#include "shell/stack.h"

namespace kefka::shell {

namespace {

constexpr int kMaxRecursion = 1024;

enum class T : uint8_t {
  End,
  Num,
  Name,
  Op,
  LParen,
  RParen,
};

struct Value {
  int64_t v = 0;
  std::string name;  // set when the operand is a variable (an lvalue)
  std::string index;
  bool has_index = false;
};

int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrap_sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

int digit_value(char c, int base) {
  int v;
  if (c >= '0' && c <= '9') {
    v = c - '0';
  } else if (c >= 'a' && c <= 'z') {
    v = c - 'a' + 10;
  } else if (c >= 'A' && c <= 'Z') {
    v = base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
  } else if (c == '@') {
    v = 62;
  } else if (c == '_') {
    v = 63;
  } else {
    return -1;
  }
  return v;
}

class Evaluator {
 public:
  Evaluator(std::string_view expr, ArithEnv& env, int depth)
      : src_(expr), env_(env), depth_(depth) {}

  int64_t run() {
    next();
    if (tok_ == T::End) return 0;
    int64_t v = comma();
    if (tok_ != T::End) fail("syntax error in expression");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    std::string_view shown = src_;
    while (!shown.empty() && std::isspace(static_cast<unsigned char>(shown.front())))
      shown.remove_prefix(1);
    throw ArithError(std::string(shown) + ": " + what + " (error token is \"" +
                     std::string(src_.substr(lasttp_)) + "\")");
  }

  void next() {
    while (pos_ < src_.size() && std::isspace(static_cast<unsigned char>(src_[pos_]))) ++pos_;
    if (pos_ >= src_.size()) {
      tok_ = T::End;
      op_.clear();
      return;
    }
    lasttp_ = pos_;
    char c = src_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos_;
      while (pos_ < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[pos_])) ||
                                    src_[pos_] == '#' || src_[pos_] == '@' || src_[pos_] == '_')) {
        ++pos_;
      }
      std::string_view text = src_.substr(start, pos_ - start);
      if (!parse_arith_number(text, num_)) {
        std::string t(text);
        bool bad_base = false;
        size_t hash = text.find('#');
        if (hash != std::string_view::npos) {
          int64_t base = 0;
          for (size_t i = 0; i < hash; ++i) base = base * 10 + (text[i] - '0');
          if (base < 2 || base > 64) {
            throw ArithError(t + ": invalid arithmetic base (error token is \"" + t + "\")");
          }
          bad_base = true;
        }
        (void)bad_base;
        throw ArithError(t + ": value too great for base (error token is \"" + t + "\")");
      }
      tok_ = T::Num;
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < src_.size() &&
             (std::isalnum(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '_')) {
        ++pos_;
      }
      name_ = std::string(src_.substr(start, pos_ - start));
      has_index_ = false;
      if (pos_ < src_.size() && src_[pos_] == '[') {
        int depth = 0;
        size_t j = pos_;
        for (; j < src_.size(); ++j) {
          if (src_[j] == '[') ++depth;
          if (src_[j] == ']' && --depth == 0) break;
        }
        if (j >= src_.size()) fail("missing `]'");
        index_ = std::string(src_.substr(pos_ + 1, j - pos_ - 1));
        has_index_ = true;
        pos_ = j + 1;
      }
      tok_ = T::Name;
      return;
    }
    if (c == '(') {
      ++pos_;
      tok_ = T::LParen;
      return;
    }
    if (c == ')') {
      ++pos_;
      tok_ = T::RParen;
      return;
    }
    static constexpr std::string_view kOps[] = {
        "<<=", ">>=", "**=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&",
        "||",  "*=",  "/=",  "%=", "+=", "-=", "&=", "^=", "|=", "+",  "-",  "*",  "/",
        "%",   "<",   ">",   "=",  "!",  "~",  "&",  "^",  "|",  "?",  ":",  ","};
    for (auto op : kOps) {
      if (src_.substr(pos_, op.size()) == op) {
        op_ = std::string(op);
        pos_ += op.size();
        tok_ = T::Op;
        return;
      }
    }
    fail("syntax error: invalid arithmetic operator");
  }

  bool is_op(std::string_view op) const { return tok_ == T::Op && op_ == op; }

  int64_t value_of(const Value& v) {
    if (v.name.empty()) return v.v;
    return lookup(v.name, v.has_index ? &v.index : nullptr);
  }

  int64_t lookup(const std::string& name, const std::string* index) {
    if (noeval_ > 0) return 0;
    bool found = false;
    std::string text = env_.get(name, index, found);
    if (!found || text.empty()) return 0;
    int64_t n;
    if (parse_arith_number(text, n)) return n;
    if (depth_ + 1 > kMaxRecursion) fail("expression recursion level exceeded");
    return eval_arith(text, env_, depth_ + 1);
  }

  void assign(const Value& lv, int64_t v) {
    if (noeval_ > 0) return;
    env_.set(lv.name, lv.has_index ? &lv.index : nullptr, v);
  }

  // comma: assign (',' assign)*
  int64_t comma() {
    int64_t v = assignment();
    while (is_op(",")) {
      next();
      v = assignment();
    }
    return v;
  }

  // assign: ternary | NAME assign_op assign
  int64_t assignment() {
    Value lhs = ternary_value();
    if (tok_ == T::Op && (op_ == "=" || (op_.size() >= 2 && op_.back() == '=' && op_ != "==" &&
                                         op_ != "!=" && op_ != "<=" && op_ != ">="))) {
      if (lhs.name.empty()) fail("attempted assignment to non-variable");
      std::string op = op_;
      next();
      int64_t rhs = assignment();
      int64_t result = rhs;
      if (op != "=") {
        int64_t cur = value_of(lhs);
        result = binary(op.substr(0, op.size() - 1), cur, rhs);
      }
      assign(lhs, result);
      return result;
    }
    return value_of(lhs);
  }

  Value ternary_value() {
    Value cond = binary_value(0);
    if (!is_op("?")) return cond;
    int64_t c = value_of(cond);
    next();
    if (c == 0) ++noeval_;
    int64_t a = assignment();
    if (c == 0) --noeval_;
    if (!is_op(":")) fail("`:' expected for conditional expression");
    next();
    if (c != 0) ++noeval_;
    int64_t b = assignment_in_ternary();
    if (c != 0) --noeval_;
    return Value{c != 0 ? a : b};
  }

  int64_t assignment_in_ternary() {
    Value v = ternary_value();
    if (tok_ == T::Op && op_ == "=") {
      if (v.name.empty()) fail("attempted assignment to non-variable");
      next();
      int64_t rhs = assignment();
      assign(v, rhs);
      return rhs;
    }
    return value_of(v);
  }

  static int precedence(const std::string& op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "^") return 4;
    if (op == "&") return 5;
    if (op == "==" || op == "!=") return 6;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "%") return 10;
    return -1;
  }

  // Binary operators by precedence climbing; && and || short-circuit.
  Value binary_value(int min_prec) {
    Value left = power_value();
    for (;;) {
      if (tok_ != T::Op) return left;
      int prec = precedence(op_);
      if (prec < 0 || prec <= min_prec - 1 || prec < min_prec) return left;
      std::string op = op_;
      next();
      int64_t l = value_of(left);
      if (op == "&&" || op == "||") {
        bool skip = op == "&&" ? l == 0 : l != 0;
        if (skip) ++noeval_;
        int64_t r = value_of(binary_value(prec + 1));
        if (skip) --noeval_;
        left = Value{op == "&&" ? (l != 0 && r != 0) : (l != 0 || r != 0)};
        continue;
      }
      int64_t r = value_of(binary_value(prec + 1));
      left = Value{binary(op, l, r)};
    }
  }

  int64_t binary(const std::string& op, int64_t l, int64_t r) {
    if (op == "+") return wrap_add(l, r);
    if (op == "-") return wrap_sub(l, r);
    if (op == "*") return wrap_mul(l, r);
    if (op == "/" || op == "%") {
      if (r == 0) {
        if (noeval_ > 0) return 0;
        fail("division by 0");
      }
      if (l == INT64_MIN && r == -1) return op == "/" ? INT64_MIN : 0;
      return op == "/" ? l / r : l % r;
    }
    if (op == "**") return power(l, r);
    if (op == "<<") return static_cast<int64_t>(static_cast<uint64_t>(l) << (r & 63));
    if (op == ">>") return l >> (r & 63);
    if (op == "<") return l < r;
    if (op == ">") return l > r;
    if (op == "<=") return l <= r;
    if (op == ">=") return l >= r;
    if (op == "==") return l == r;
    if (op == "!=") return l != r;
    if (op == "&") return l & r;
    if (op == "^") return l ^ r;
    if (op == "|") return l | r;
    fail("syntax error: invalid arithmetic operator");
  }

  int64_t power(int64_t base, int64_t exp) {
    if (exp < 0) {
      if (noeval_ > 0) return 0;
      fail("exponent less than 0");
    }
    int64_t result = 1;
    while (exp > 0) {
      if (exp & 1) result = wrap_mul(result, base);
      base = wrap_mul(base, base);
      exp >>= 1;
    }
    return result;
  }

  // power: unary ('**' power)?   (right associative)
  Value power_value() {
    Value base = unary_value();
    if (is_op("**")) {
      next();
      int64_t b = value_of(base);
      int64_t e = value_of(power_value());
      return Value{power(b, e)};
    }
    return base;
  }

  // unary: ('!' | '~' | '-' | '+') unary | ('++' | '--') NAME | postfix
  Value unary_value() {
    if (++depth_ > kMaxRecursion || stack_exhausted(kInnerStackReserve)) {
      --depth_;
      fail("expression recursion level exceeded");
    }
    struct Guard {
      int& d;
      ~Guard() { --d; }
    } guard{depth_};
    if (tok_ == T::Op) {
      std::string op = op_;
      if (op == "!" || op == "~" || op == "-" || op == "+") {
        next();
        int64_t v = value_of(unary_value());
        if (op == "!") return Value{v == 0};
        if (op == "~") return Value{~v};
        if (op == "-") return Value{wrap_sub(0, v)};
        return Value{v};
      }
      if (op == "++" || op == "--") {
        next();
        if (tok_ != T::Name) fail("syntax error: operand expected");
        Value lv{0, name_, index_, has_index_};
        next();
        int64_t v = value_of(lv);
        v = op == "++" ? wrap_add(v, 1) : wrap_sub(v, 1);
        assign(lv, v);
        return Value{v};
      }
    }
    return postfix_value();
  }

  // postfix: primary ('++' | '--')?
  Value postfix_value() {
    if (tok_ == T::Num) {
      int64_t v = num_;
      next();
      if (tok_ == T::Num || tok_ == T::Name || tok_ == T::LParen)
        fail("syntax error in expression");
      return Value{v};
    }
    if (tok_ == T::Name) {
      Value lv{0, name_, index_, has_index_};
      next();
      if (is_op("++") || is_op("--")) {
        bool inc = op_ == "++";
        next();
        int64_t v = value_of(lv);
        assign(lv, inc ? wrap_add(v, 1) : wrap_sub(v, 1));
        return Value{v};
      }
      if (tok_ == T::Num || tok_ == T::Name || tok_ == T::LParen)
        fail("syntax error in expression");
      return lv;
    }
    if (tok_ == T::LParen) {
      next();
      int64_t v = comma();
      if (tok_ != T::RParen) fail("missing `)'");
      next();
      return Value{v};
    }
    fail("syntax error: operand expected");
  }

  std::string_view src_;
  ArithEnv& env_;
  int depth_;
  size_t pos_ = 0;
  size_t lasttp_ = 0;
  T tok_ = T::End;
  std::string op_;
  int64_t num_ = 0;
  std::string name_;
  std::string index_;
  bool has_index_ = false;
  int noeval_ = 0;
};

}  // namespace

bool parse_arith_number(std::string_view text, int64_t& out) {
  if (text.empty()) return false;
  size_t i = 0;
  bool neg = false;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
  size_t end = text.size();
  while (end > i && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  text = text.substr(i, end - i);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  int base = 10;
  size_t hash = text.find('#');
  if (hash != std::string_view::npos) {
    int b = 0;
    for (size_t k = 0; k < hash; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(text[k]))) return false;
      b = b * 10 + (text[k] - '0');
      if (b > 64) return false;
    }
    if (b < 2) return false;
    base = b;
    text = text.substr(hash + 1);
    if (text.empty()) return false;
  } else if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text = text.substr(2);
    if (text.empty()) {
      out = 0;
      return true;
    }
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text = text.substr(1);
  }
  uint64_t v = 0;
  for (char c : text) {
    int d = digit_value(c, base);
    if (d < 0 || d >= base) return false;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  out = static_cast<int64_t>(neg ? 0 - v : v);
  return true;
}

int64_t eval_arith(std::string_view expr, ArithEnv& env, int depth) {
  Evaluator ev(expr, env, depth);
  return ev.run();
}

}  // namespace kefka::shell

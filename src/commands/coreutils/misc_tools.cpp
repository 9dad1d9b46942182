// expr, cmp, factor, strings, shuf, tsort (GNU coreutils 9.1 / diffutils cmp).
// expr uses 128-bit integers (GNU uses bignums: larger values are an error).
#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <numeric>
#include <random>
#include <set>

#include "commands/command.h"
#include "commands/common/util.h"
#include "commands/files/file_util.h"
#include "commands/text/regex.h"

namespace kefka::cmd {
namespace {

// ---------------------------------------------------------------------------
// expr

struct ExprError {
  std::string message;
  int status;
};

bool to_integer(const std::string& s, __int128& out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (i >= s.size()) return false;
  __int128 v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
    if (v > (static_cast<__int128>(1) << 120)) return false;
  }
  out = neg ? -v : v;
  return true;
}

std::string int_to_string(__int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  std::string s;
  while (v != 0) {
    int d = static_cast<int>(v % 10);
    s += static_cast<char>('0' + (d < 0 ? -d : d));
    v /= 10;
  }
  if (neg) s += '-';
  std::reverse(s.begin(), s.end());
  return s;
}

class Expr {
 public:
  // utf8: quote operands in messages as GNU does under a UTF-8 locale.
  Expr(const std::vector<std::string>& args, bool utf8) : a_(args), utf8_(utf8) {}

  std::string evaluate() {
    std::string v = parse_or();
    if (i_ < a_.size()) throw ExprError{"syntax error: unexpected argument " + q(a_[i_]), 2};
    return v;
  }

 private:
  bool at(std::string_view op) const { return i_ < a_.size() && a_[i_] == op; }
  const std::string& next_operand(const std::string& after) {
    if (i_ >= a_.size()) throw ExprError{"syntax error: missing argument after " + q(after), 2};
    return a_[i_++];
  }
  static bool truthy(const std::string& v) {
    __int128 n;
    if (v.empty()) return false;
    if (to_integer(v, n)) return n != 0;
    return true;
  }
  __int128 integer(const std::string& v) {
    __int128 n;
    if (!to_integer(v, n)) throw ExprError{"non-integer argument", 2};
    return n;
  }

  std::string parse_or() {
    std::string l = parse_and();
    while (at("|")) {
      ++i_;
      std::string r = parse_and();
      l = truthy(l) ? l : truthy(r) ? r : "0";
    }
    return l;
  }
  std::string parse_and() {
    std::string l = parse_compare();
    while (at("&")) {
      ++i_;
      std::string r = parse_compare();
      l = truthy(l) && truthy(r) ? l : "0";
    }
    return l;
  }
  std::string parse_compare() {
    std::string l = parse_add();
    for (;;) {
      static const char* kOps[] = {"=", "==", "!=", "<", "<=", ">", ">="};
      const char* op = nullptr;
      for (const char* o : kOps) {
        if (at(o)) op = o;
      }
      if (op == nullptr) return l;
      ++i_;
      std::string r = parse_add();
      __int128 x, y;
      int c;
      if (to_integer(l, x) && to_integer(r, y))
        c = x < y ? -1 : x > y ? 1 : 0;
      else
        c = l.compare(r) < 0 ? -1 : l.compare(r) > 0 ? 1 : 0;
      std::string_view o = op;
      bool res = (o == "=" || o == "==") ? c == 0
                 : o == "!="             ? c != 0
                 : o == "<"              ? c < 0
                 : o == "<="             ? c <= 0
                 : o == ">"              ? c > 0
                                         : c >= 0;
      l = res ? "1" : "0";
    }
  }
  std::string parse_add() {
    std::string l = parse_mul();
    while (at("+") || at("-")) {
      bool plus = a_[i_++] == "+";
      std::string r = parse_mul();
      __int128 x = integer(l), y = integer(r);
      l = int_to_string(plus ? x + y : x - y);
    }
    return l;
  }
  std::string parse_mul() {
    std::string l = parse_match();
    while (at("*") || at("/") || at("%")) {
      char op = a_[i_++][0];
      std::string r = parse_match();
      __int128 x = integer(l), y = integer(r);
      if (op != '*' && y == 0) throw ExprError{"division by zero", 2};
      l = int_to_string(op == '*' ? x * y : op == '/' ? x / y : x % y);
    }
    return l;
  }
  std::string parse_match() {
    std::string l = parse_primary();
    while (at(":")) {
      ++i_;
      std::string r = parse_primary();
      l = match(l, r);
    }
    return l;
  }
  // STRING : REGEX, a BRE anchored at the start: the length of the match, or
  // the first group when the pattern has one. Uses the shared linear-time
  // regex facade so a hostile pattern cannot stall the sandbox. The leftmost
  // match starts at 0 whenever a match at 0 exists, so anchoring is a check.
  static std::string match(const std::string& s, const std::string& re) {
    RegexOptions options;
    options.syntax = RegexSyntax::kBasic;
    std::string error;
    auto r = Regex::compile(re, options, &error);
    if (r == nullptr) throw ExprError{"Invalid regular expression", 2};
    MatchSpan groups[2];
    bool found = false;
    try {
      found = r->search(s, 0, groups, 2) && groups[0].begin == 0;
    } catch (const RegexLimitError&) {
      throw ExprError{"regular expression too complex", 2};
    }
    bool has_group = r->group_count() >= 1;
    if (!found) return has_group ? "" : "0";
    if (has_group) return groups[1].matched() ? s.substr(groups[1].begin, groups[1].size()) : "";
    return std::to_string(groups[0].size());
  }
  std::string parse_primary() {
    if (i_ >= a_.size()) {
      throw ExprError{i_ == 0 ? "syntax error: missing argument"
                              : "syntax error: missing argument after " + q(a_[i_ - 1]),
                      2};
    }
    const std::string& t = a_[i_];
    if (t == "(") {
      ++i_;
      std::string v = parse_or();
      if (!at(")")) {
        throw ExprError{"syntax error: expecting ')' " +
                            (i_ < a_.size() ? "instead of " + q(a_[i_]) : "after " + q(a_[i_ - 1])),
                        2};
      }
      ++i_;
      return v;
    }
    if (t == ")") throw ExprError{"syntax error: unexpected ')'", 2};
    if (t == "+") {
      ++i_;
      return next_operand("+");
    }
    if (t == "length" && i_ + 1 < a_.size()) {
      ++i_;
      return std::to_string(parse_primary().size());
    }
    if (t == "match" && i_ + 2 < a_.size()) {
      ++i_;
      std::string s = parse_primary();
      std::string r = parse_primary();
      return match(s, r);
    }
    if (t == "substr" && i_ + 3 < a_.size()) {
      ++i_;
      std::string s = parse_primary();
      std::string p = parse_primary(), n = parse_primary();
      __int128 pos, len;
      if (!to_integer(p, pos) || !to_integer(n, len) || pos < 1 || len < 1 ||
          pos > static_cast<__int128>(s.size())) {
        return "";
      }
      return s.substr(static_cast<size_t>(pos - 1), static_cast<size_t>(len));
    }
    if (t == "index" && i_ + 2 < a_.size()) {
      ++i_;
      std::string s = parse_primary(), chars = parse_primary();
      size_t p = s.find_first_of(chars);
      return std::to_string(p == std::string::npos ? 0 : p + 1);
    }
    ++i_;
    return t;
  }

  // GNU quote() of an operand: 'x', or ‘x’ under UTF-8.
  std::string q(std::string_view s) const { return files::quote_value(s, utf8_); }

  const std::vector<std::string>& a_;
  bool utf8_;
  size_t i_ = 0;
};

int run_expr(Context& ctx, const Args& args) {
  std::vector<std::string> ops = args.operands;
  if (!ops.empty() && ops[0] == "--") ops.erase(ops.begin());
  if (ops.empty()) return usage_error(ctx, "missing operand", 2);
  try {
    std::string v = Expr(ops, files::utf8_locale(ctx)).evaluate();
    ctx.out() << v << '\n';
    __int128 n;
    if (v.empty() || (to_integer(v, n) && n == 0)) return 1;
    return 0;
  } catch (const ExprError& e) {
    ctx.error(e.message);
    return e.status;
  }
}

// ---------------------------------------------------------------------------
// cmp

constexpr OptionSpec kCmpOptions[] = {
    {'b', "print-bytes", ArgKind::None, "", "print differing bytes"},
    {'i', "ignore-initial", ArgKind::Required, "SKIP", "skip first SKIP bytes of both inputs"},
    {'l', "verbose", ArgKind::None, "", "output byte numbers and differing byte values"},
    {'n', "bytes", ArgKind::Required, "LIMIT", "compare at most LIMIT bytes"},
    {'s', "quiet", ArgKind::None, "", "suppress all normal output"},
    {'s', "silent", ArgKind::None, "", "suppress all normal output"},
};

std::string byte_repr(unsigned char c) {
  std::string s;
  if (c >= 128) {
    s += "M-";
    c -= 128;
  }
  if (c < 32) {
    s += '^';
    s += static_cast<char>(c + 64);
  } else if (c == 127) {
    s += "^?";
  } else {
    s += static_cast<char>(c);
  }
  return s;
}

int run_cmp(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) return usage_error(ctx, "missing operand after 'cmp'", 2);
  if (ops.size() > 4) return usage_error(ctx, "invalid --ignore-initial value " + quote(ops[4]), 2);
  std::string n1 = ops[0], n2 = ops.size() > 1 ? ops[1] : "-";
  uint64_t skip[2] = {0, 0};
  if (const std::string* i = args.value('i')) {
    size_t colon = i->find(':');
    auto a = parse_count(i->substr(0, colon), "kKmMGTPEZYb");
    auto b = colon == std::string::npos ? a : parse_count(i->substr(colon + 1), "kKmMGTPEZYb");
    if (!a || !b) return usage_error(ctx, "invalid --ignore-initial value " + quote(*i), 2);
    skip[0] = *a;
    skip[1] = *b;
  }
  for (size_t k = 2; k < ops.size(); ++k) {
    auto v = parse_count(ops[k], "kKmMGTPEZYb");
    if (!v) return usage_error(ctx, "invalid --ignore-initial value " + quote(ops[k]), 2);
    skip[k - 2] = *v;
  }
  uint64_t limit = UINT64_MAX;
  if (const std::string* n = args.value('n')) {
    auto v = parse_count(*n, "kKmMGTPEZYb");
    if (!v) return usage_error(ctx, "invalid --bytes value " + quote(*n), 2);
    limit = *v;
  }
  bool verbose = args.has('l'), silent = args.has('s'), bytes = args.has('b');
  // GNU cmp -s stays quiet about files it cannot open (read errors still print).
  auto a = ctx.open_input(n1);
  if (!a) {
    if (!silent) ctx.error_errno(n1, a.error());
    return 2;
  }
  auto b = ctx.open_input(n2);
  if (!b) {
    if (!silent) ctx.error_errno(n2, b.error());
    return 2;
  }
  auto da = read_stream(ctx, **a);
  auto db = n1 == n2 && n1 == "-" ? da : read_stream(ctx, **b);
  if (!da || !db) {
    ctx.error_errno(!da ? n1 : n2, !da ? da.error() : db.error());
    return 2;
  }
  std::string_view x = *da, y = *db;
  x.remove_prefix(std::min<uint64_t>(skip[0], x.size()));
  y.remove_prefix(std::min<uint64_t>(skip[1], y.size()));
  size_t n = static_cast<size_t>(std::min<uint64_t>({limit, x.size(), y.size()}));
  uint64_t line = 1;
  bool differ = false;
  // -l pads offsets to the width of the largest offset that could be printed.
  int width =
      static_cast<int>(to_string_u(std::min<uint64_t>(limit, std::max(x.size(), y.size()))).size());
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) {
      differ = true;
      if (silent) return 1;
      unsigned char ca = static_cast<unsigned char>(x[i]), cb = static_cast<unsigned char>(y[i]);
      if (!verbose) {
        ctx.out() << n1 << ' ' << n2 << (bytes ? " differ: byte " : " differ: char ")
                  << std::to_string(i + 1) << ", line " << std::to_string(line);
        if (bytes) {
          char buf[64];
          std::snprintf(buf, sizeof buf, " is %3o %s %3o %s", ca, byte_repr(ca).c_str(), cb,
                        byte_repr(cb).c_str());
          ctx.out() << buf;
        }
        ctx.out() << '\n';
        return 1;
      }
      char buf[64];
      if (bytes) {
        std::snprintf(buf, sizeof buf, "%*zu %3o %-4s %3o %s\n", width, i + 1, ca,
                      byte_repr(ca).c_str(), cb, byte_repr(cb).c_str());
      } else {
        std::snprintf(buf, sizeof buf, "%*zu %3o %3o\n", width, i + 1, ca, cb);
      }
      ctx.out() << buf;
    }
    if (x[i] == '\n') ++line;
  }
  if (x.size() != y.size() && n < limit) {
    if (!silent) {
      ctx.flush_output();
      std::string shorter = x.size() < y.size() ? n1 : n2;
      if (n == 0) {
        ctx.error("EOF on " + shorter + " which is empty");
      } else if (verbose) {
        ctx.error("EOF on " + shorter + " after byte " + std::to_string(n));
      } else {
        ctx.error("EOF on " + shorter + " after byte " + std::to_string(n) + ", line " +
                  std::to_string(line - (n > 0 && x[n - 1] == '\n' ? 1 : 0)));
      }
    }
    return 1;
  }
  return differ ? 1 : 0;
}

// ---------------------------------------------------------------------------
// factor

uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b % m);
}
uint64_t powmod(uint64_t a, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  a %= m;
  while (e) {
    if (e & 1) r = mulmod(r, a, m);
    a = mulmod(a, a, m);
    e >>= 1;
  }
  return r;
}
bool is_prime(uint64_t n) {
  if (n < 2) return false;
  for (uint64_t p : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    if (n % p == 0) return n == p;
  }
  uint64_t d = n - 1;
  int s = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++s;
  }
  for (uint64_t a : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    uint64_t x = powmod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool comp = true;
    for (int r = 1; r < s; ++r) {
      x = mulmod(x, x, n);
      if (x == n - 1) {
        comp = false;
        break;
      }
    }
    if (comp) return false;
  }
  return true;
}
uint64_t rho(uint64_t n) {
  if (n % 2 == 0) return 2;
  for (uint64_t c = 1;; ++c) {
    uint64_t x = 2, y = 2, d = 1;
    auto f = [&](uint64_t v) { return (mulmod(v, v, n) + c) % n; };
    while (d == 1) {
      x = f(x);
      y = f(f(y));
      d = std::gcd(x > y ? x - y : y - x, n);
    }
    if (d != n) return d;
  }
}
void factorize(uint64_t n, std::vector<uint64_t>& out) {
  if (n < 2) return;
  for (uint64_t p = 2; p < 1000 && p * p <= n; ++p) {
    while (n % p == 0) {
      out.push_back(p);
      n /= p;
    }
  }
  if (n < 2) return;
  if (is_prime(n)) {
    out.push_back(n);
    return;
  }
  uint64_t d = rho(n);
  factorize(d, out);
  factorize(n / d, out);
}

bool factor_one(Context& ctx, std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  auto v = parse_decimal(t);
  if (!v || (t.size() > 1 && *v == UINT64_MAX && t != "18446744073709551615")) {
    ctx.flush_output();
    ctx.error(quote(text) + " is not a valid positive integer");
    return false;
  }
  std::vector<uint64_t> f;
  factorize(*v, f);
  std::sort(f.begin(), f.end());
  std::string line = to_string_u(*v) + ":";
  for (uint64_t p : f) line += " " + to_string_u(p);
  ctx.out() << line << '\n';
  return true;
}

int run_factor(Context& ctx, const Args& args) {
  bool ok = true;
  if (!args.operands.empty()) {
    for (const std::string& a : args.operands) ok &= factor_one(ctx, a);
    return ok ? 0 : 1;
  }
  auto data = read_stream(ctx, *ctx.in());
  if (!data) return 1;
  size_t i = 0;
  const std::string& d = *data;
  while (i < d.size()) {
    while (i < d.size() && std::isspace(static_cast<unsigned char>(d[i]))) ++i;
    size_t j = i;
    while (j < d.size() && !std::isspace(static_cast<unsigned char>(d[j]))) ++j;
    if (j > i) ok &= factor_one(ctx, std::string_view(d).substr(i, j - i));
    i = j;
  }
  return ok ? 0 : 1;
}

// ---------------------------------------------------------------------------
// strings

constexpr OptionSpec kStringsOptions[] = {
    {'a', "all", ArgKind::None, "", "scan the whole file (always)"},
    {'n', "bytes", ArgKind::Required, "MIN",
     "print sequences of at least MIN characters (default 4)"},
    {'t', "radix", ArgKind::Required, "RADIX", "print the offset in base 8, 10 or 16 (o, d, x)"},
    {'e', "encoding", ArgKind::Required, "ENC", "character encoding (only 's' is supported)"},
    {'w', "include-all-whitespace", ArgKind::None, "",
     "include all whitespace as valid characters"},
};

int run_strings(Context& ctx, const Args& args) {
  size_t min = 4;
  if (const std::string* n = args.value('n')) {
    auto v = parse_decimal(*n);
    if (!v || *v == 0) {
      ctx.error("invalid minimum string length " + *n);
      return 1;
    }
    min = static_cast<size_t>(*v);
  }
  char radix = args.value('t') ? (*args.value('t'))[0] : 0;
  bool all_ws = args.has('w');
  auto printable = [&](unsigned char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t' ||
           (all_ws && (c == '\n' || c == '\r' || c == '\v' || c == '\f'));
  };
  int status = 0;
  for (const std::string& name : inputs_or_stdin(args.operands)) {
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error(name + ": No such file");
      status = 1;
      continue;
    }
    std::string cur;
    uint64_t offset = 0, start = 0;
    auto flush = [&]() {
      if (cur.size() >= min) {
        if (radix) {
          char buf[32];
          std::snprintf(buf, sizeof buf,
                        radix == 'o'   ? "%7llo "
                        : radix == 'x' ? "%7llx "
                                       : "%7llu ",
                        static_cast<unsigned long long>(start));
          ctx.out() << buf;
        }
        ctx.out() << cur << '\n';
      }
      cur.clear();
    };
    for_each_chunk(ctx, **in, [&](std::string_view chunk) {
      for (unsigned char c : chunk) {
        if (printable(c)) {
          if (cur.empty()) start = offset;
          cur += static_cast<char>(c);
        } else {
          flush();
        }
        ++offset;
      }
    });
    flush();
  }
  return status;
}

// ---------------------------------------------------------------------------
// shuf

constexpr OptionSpec kShufOptions[] = {
    {'e', "echo", ArgKind::None, "", "treat each ARG as an input line"},
    {'i', "input-range", ArgKind::Required, "LO-HI",
     "treat each number LO through HI as an input line"},
    {'n', "head-count", ArgKind::Required, "COUNT", "output at most COUNT lines"},
    {'o', "output", ArgKind::Required, "FILE", "write result to FILE instead of standard output"},
    {0, "random-source", ArgKind::Required, "FILE", "get random bytes from FILE"},
    {'r', "repeat", ArgKind::None, "", "output lines can be repeated"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

int run_shuf(Context& ctx, const Args& args) {
  char eol = args.has('z') ? '\0' : '\n';
  std::vector<std::string> lines;
  if (args.has('e') && args.has('i')) return usage_error(ctx, "cannot combine -e and -i options");
  if (const std::string* range = args.value('i')) {
    size_t dash = range->find('-');
    auto lo = dash == std::string::npos ? std::nullopt : parse_decimal(range->substr(0, dash));
    auto hi = dash == std::string::npos ? std::nullopt : parse_decimal(range->substr(dash + 1));
    if (!lo || !hi || *hi + 1 < *lo) {
      ctx.error("invalid input range: " + quote(*range));
      return 1;
    }
    if (!args.operands.empty()) return usage_error(ctx, "extra operand " + quote(args.operands[0]));
    if (*hi - *lo > 10000000) {
      ctx.error("input range too large for this sandbox");
      return 1;
    }
    for (uint64_t v = *lo; v <= *hi && *hi + 1 > *lo; ++v) lines.push_back(to_string_u(v));
  } else if (args.has('e')) {
    lines = args.operands;
  } else {
    if (args.operands.size() > 1)
      return usage_error(ctx, "extra operand " + quote(args.operands[1]));
    std::string name = args.operands.empty() ? "-" : args.operands[0];
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      return 1;
    }
    LineReader reader(*in, eol);
    std::string l;
    while (reader.next(l)) lines.push_back(l);
  }
  uint64_t count = UINT64_MAX;
  if (const std::string* n = args.value('n')) {
    auto v = parse_decimal(*n);
    if (!v) {
      ctx.error("invalid line count: " + quote(*n));
      return 1;
    }
    count = *v;
  }
  uint64_t seed;
  if (const std::string* src = args.value("random-source")) {
    auto data = ctx.fs.read_file(*src, 1 << 20);
    if (!data) {
      ctx.error_errno(*src, data.error());
      return 1;
    }
    seed = std::hash<std::string>{}(*data);
  } else {
    seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::mt19937_64 rng(seed);
  std::string out;
  if (args.has('r')) {
    if (lines.empty()) {
      if (count != 0 && count != UINT64_MAX) {
        ctx.error("no lines to repeat");
        return 1;
      }
      return 0;
    }
    for (uint64_t k = 0; k < count; ++k) {
      ctx.budget.check();
      ctx.out() << lines[rng() % lines.size()] << eol;
      if (ctx.output_failed()) break;
    }
    return 0;
  }
  std::shuffle(lines.begin(), lines.end(), rng);
  if (count < lines.size()) lines.resize(static_cast<size_t>(count));
  BufferedWriter* w = &ctx.out();
  std::unique_ptr<BufferedWriter> file;
  if (const std::string* o = args.value('o')) {
    auto s = ctx.open_output(*o);
    if (!s) {
      ctx.error_errno(*o, s.error());
      return 1;
    }
    file = std::make_unique<BufferedWriter>(*s);
    w = file.get();
  }
  for (const auto& l : lines) *w << l << eol;
  return 0;
}

// ---------------------------------------------------------------------------
// tsort (GNU's order: zero-indegree items in sorted order, successors
// released newest-first)

int run_tsort(Context& ctx, const Args& args) {
  if (args.operands.size() > 1) return usage_error(ctx, "extra operand " + quote(args.operands[1]));
  std::string name = args.operands.empty() ? "-" : args.operands[0];
  auto in = ctx.open_input(name);
  if (!in) {
    ctx.error_errno(name, in.error());
    return 1;
  }
  auto data = read_stream(ctx, **in);
  if (!data) {
    ctx.error_errno(name, data.error());
    return 1;
  }
  std::vector<std::string> tokens;
  const std::string& d = *data;
  for (size_t i = 0; i < d.size();) {
    while (i < d.size() && std::isspace(static_cast<unsigned char>(d[i]))) ++i;
    size_t j = i;
    while (j < d.size() && !std::isspace(static_cast<unsigned char>(d[j]))) ++j;
    if (j > i) tokens.push_back(d.substr(i, j - i));
    i = j;
  }
  if (tokens.size() % 2 != 0) {
    ctx.error(quote_name(name) + ": input contains an odd number of tokens");
    return 1;
  }
  struct Node {
    int count = 0;
    std::vector<std::string> succ;
    bool done = false;
  };
  std::map<std::string, Node> g;
  for (size_t i = 0; i < tokens.size(); i += 2) {
    g[tokens[i]];
    g[tokens[i + 1]];
    if (tokens[i] != tokens[i + 1]) {
      g[tokens[i]].succ.push_back(tokens[i + 1]);
      g[tokens[i + 1]].count++;
    }
  }
  int status = 0;
  size_t remaining = g.size();
  while (remaining > 0) {
    std::vector<std::string> queue;
    for (auto& [k, n] : g) {
      if (!n.done && n.count == 0) queue.push_back(k);
    }
    for (size_t q = 0; q < queue.size(); ++q) {
      Node& n = g[queue[q]];
      n.done = true;
      --remaining;
      ctx.out() << queue[q] << '\n';
      for (auto it = n.succ.rbegin(); it != n.succ.rend(); ++it) {
        if (--g[*it].count == 0) queue.push_back(*it);
      }
    }
    if (remaining == 0) break;
    // A loop: report it and break it at its first member.
    status = 1;
    ctx.flush_output();
    ctx.error(quote_name(name) + ": input contains a loop:");
    std::string start;
    for (auto& [k, n] : g) {
      if (!n.done) {
        start = k;
        break;
      }
    }
    std::vector<std::string> path;
    std::set<std::string> seen;
    std::string cur = start;
    while (!seen.count(cur)) {
      seen.insert(cur);
      path.push_back(cur);
      for (const auto& s : g[cur].succ) {
        if (!g[s].done) {
          cur = s;
          break;
        }
      }
    }
    auto loop_start = std::find(path.begin(), path.end(), cur);
    for (auto it = loop_start; it != path.end(); ++it) ctx.error(*it);
    g[cur].count = 0;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(expr, {.name = "expr",
                     .usage = "expr EXPRESSION\nexpr OPTION",
                     .summary = "Print the value of EXPRESSION to standard output.",
                     .main = run_expr,
                     .flags = kRawArguments | kUsageStatus2});
KEFKA_COMMAND(cmp, {.name = "cmp",
                    .usage = "cmp [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]",
                    .summary = "Compare two files byte by byte.",
                    .options = kCmpOptions,
                    .main = run_cmp,
                    .flags = kUsageStatus2});
KEFKA_COMMAND(factor,
              {.name = "factor",
               .usage = "factor [NUMBER]...\nfactor OPTION",
               .summary = "Print the prime factors of each specified integer NUMBER.  If none\n"
                          "are specified on the command line, read them from standard input.",
               .main = run_factor});
KEFKA_COMMAND(strings, {.name = "strings",
                        .usage = "strings [option(s)] [file(s)]",
                        .summary = "Display printable strings in [file(s)] (stdin by default)",
                        .options = kStringsOptions,
                        .main = run_strings,
                        .flags = kNumericShorthand,
                        .number_option = 'n'});
KEFKA_COMMAND(
    shuf,
    {.name = "shuf",
     .usage = "shuf [OPTION]... [FILE]\nshuf -e [OPTION]... [ARG]...\nshuf -i LO-HI [OPTION]...",
     .summary = "Write a random permutation of the input lines to standard output.",
     .options = kShufOptions,
     .main = run_shuf});
KEFKA_COMMAND(
    tsort, {.name = "tsort",
            .usage = "tsort [OPTION] [FILE]",
            .summary = "Write totally ordered list consistent with the partial ordering in FILE.",
            .main = run_tsort});

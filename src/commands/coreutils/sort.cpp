// sort: sort lines of text files (GNU coreutils 9.1, C locale).
//
// All input is read into one buffer and sorted as (pointer, length) records
// with a stable merge sort (GNU's order, including equal keys in input order
// with -s/-u), two threads for large inputs. Keys follow GNU exactly: -k
// F[.C][OPTS][,F[.C][OPTS]], fields split at -t or at blank-to-nonblank
// transitions, global options inherited by keys without options, and the
// last-resort whole-line comparison unless -s or -u.
// Deviation: -R uses a seeded 64-bit hash, not GNU's MD5, so the shuffled order
// differs from GNU's (equal keys still group together).
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'b', "ignore-leading-blanks", ArgKind::None, "", "ignore leading blanks"},
    {'d', "dictionary-order", ArgKind::None, "",
     "consider only blanks and alphanumeric characters"},
    {'f', "ignore-case", ArgKind::None, "", "fold lower case to upper case characters"},
    {'g', "general-numeric-sort", ArgKind::None, "",
     "compare according to general numerical value"},
    {'i', "ignore-nonprinting", ArgKind::None, "", "consider only printable characters"},
    {'M', "month-sort", ArgKind::None, "", "compare (unknown) < 'JAN' < ... < 'DEC'"},
    {'h', "human-numeric-sort", ArgKind::None, "", "compare human readable numbers (e.g., 2K 1G)"},
    {'n', "numeric-sort", ArgKind::None, "", "compare according to string numerical value"},
    {'R', "random-sort", ArgKind::None, "", "shuffle, but group identical keys.  See shuf(1)"},
    {0, "random-source", ArgKind::Required, "FILE", "get random bytes from FILE"},
    {'r', "reverse", ArgKind::None, "", "reverse the result of comparisons"},
    {0, "sort", ArgKind::Required, "WORD",
     "sort according to WORD:\n"
     "  general-numeric -g, human-numeric -h, month -M,\n"
     "  numeric -n, random -R, version -V"},
    {'V', "version-sort", ArgKind::None, "", "natural sort of (version) numbers within text"},
    {0, "batch-size", ArgKind::Required, "NMERGE", "merge at most NMERGE inputs at once"},
    {'c', "", ArgKind::None, "", "check for sorted input; do not sort"},
    {0, "check", ArgKind::Optional, "diagnose-first", "same as -c"},
    {'C', "", ArgKind::None, "", "like -c, but do not report first bad line"},
    {0, "compress-program", ArgKind::Required, "PROG", "compress temporaries with PROG"},
    {0, "debug", ArgKind::None, "", "annotate the part of the line used to sort (ignored)"},
    {0, "files0-from", ArgKind::Required, "F",
     "read input from the files specified by\n  NUL-terminated names in file F"},
    {'k', "key", ArgKind::Required, "KEYDEF", "sort via a key; KEYDEF gives location and type"},
    {'m', "merge", ArgKind::None, "", "merge already sorted files; do not sort"},
    {'o', "output", ArgKind::Required, "FILE", "write result to FILE instead of standard output"},
    {'s', "stable", ArgKind::None, "", "stabilize sort by disabling last-resort comparison"},
    {'S', "buffer-size", ArgKind::Required, "SIZE", "use SIZE for main memory buffer"},
    {'t', "field-separator", ArgKind::Required, "SEP",
     "use SEP instead of non-blank to blank transition"},
    {'T', "temporary-directory", ArgKind::Required, "DIR", "use DIR for temporaries"},
    {0, "parallel", ArgKind::Required, "N", "change the number of sorts run concurrently to N"},
    {'u', "unique", ArgKind::None, "",
     "with -c, check for strict ordering;\n  without -c, output only the first of an equal run"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

constexpr size_t kToEnd = SIZE_MAX;

struct Tables {
  std::array<bool, 256> blank{}, nonprint{}, nondict{};
  std::array<unsigned char, 256> upper{};
  Tables() {
    for (int c = 0; c < 256; ++c) {
      blank[c] = c == ' ' || c == '\t' || c == '\n';
      nonprint[c] = !(c >= 0x20 && c < 0x7f);
      bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      nondict[c] = !alnum && !blank[c];
      upper[c] = static_cast<unsigned char>((c >= 'a' && c <= 'z') ? c - 32 : c);
    }
  }
};
const Tables kT;

struct Key {
  size_t sword = 0, schar = 0;       // 0-based start field and char
  size_t eword = kToEnd, echar = 0;  // 0-based end field; echar 0: end of field
  bool skip_sblanks = false, skip_eblanks = false;
  const std::array<bool, 256>* ignore = nullptr;
  bool translate = false;
  bool numeric = false, general = false, human = false, month = false, version = false,
       random = false, reverse = false;

  bool has_options() const {
    return skip_sblanks || skip_eblanks || ignore || translate || numeric || general || human ||
           month || version || random || reverse;
  }
  std::string opts() const {
    std::string s;
    if (skip_sblanks || skip_eblanks) s += 'b';
    if (ignore == &kT.nondict) s += 'd';
    if (translate) s += 'f';
    if (general) s += 'g';
    if (human) s += 'h';
    if (ignore == &kT.nonprint) s += 'i';
    if (month) s += 'M';
    if (numeric) s += 'n';
    if (random) s += 'R';
    if (reverse) s += 'r';
    if (version) s += 'V';
    return s;
  }
  bool incompatible() const {
    int kinds = random + numeric + general + month + version + (ignore != nullptr) + human;
    return kinds > 1 || (random && translate);
  }
};

struct Line {
  const char* p;
  size_t n;
  // For a plain -n sort of whole lines: the value when it has at most 18
  // significant digits (exact enough to order such decimals), else NaN.
  long double num = 0;
};

struct Config {
  std::vector<Key> keys;
  Key global;
  int tab = -1;  // -1: blank transitions
  bool unique = false, stable = false;
  uint64_t salt = 0;
};

// ---------------------------------------------------------------------------
// Fields

const char* begfield(const Line& l, const Key& k, int tab) {
  const char* ptr = l.p;
  const char* lim = l.p + l.n;
  size_t sword = k.sword;
  if (tab >= 0) {
    while (ptr < lim && sword--) {
      while (ptr < lim && *ptr != static_cast<char>(tab)) ++ptr;
      if (ptr < lim) ++ptr;
    }
  } else {
    while (ptr < lim && sword--) {
      while (ptr < lim && kT.blank[static_cast<unsigned char>(*ptr)]) ++ptr;
      while (ptr < lim && !kT.blank[static_cast<unsigned char>(*ptr)]) ++ptr;
    }
  }
  if (k.skip_sblanks) {
    while (ptr < lim && kT.blank[static_cast<unsigned char>(*ptr)]) ++ptr;
  }
  return static_cast<size_t>(lim - ptr) < k.schar ? lim : ptr + k.schar;
}

const char* limfield(const Line& l, const Key& k, int tab) {
  const char* ptr = l.p;
  const char* lim = l.p + l.n;
  if (k.eword == kToEnd) return lim;
  size_t eword = k.eword, echar = k.echar;
  if (echar == 0) eword++;
  if (tab >= 0) {
    while (ptr < lim && eword--) {
      while (ptr < lim && *ptr != static_cast<char>(tab)) ++ptr;
      if (ptr < lim && (eword || echar)) ++ptr;
    }
  } else {
    while (ptr < lim && eword--) {
      while (ptr < lim && kT.blank[static_cast<unsigned char>(*ptr)]) ++ptr;
      while (ptr < lim && !kT.blank[static_cast<unsigned char>(*ptr)]) ++ptr;
    }
  }
  if (echar != 0) {
    if (k.skip_eblanks) {
      while (ptr < lim && kT.blank[static_cast<unsigned char>(*ptr)]) ++ptr;
    }
    ptr = static_cast<size_t>(lim - ptr) < echar ? lim : ptr + echar;
  }
  return ptr;
}

// ---------------------------------------------------------------------------
// Comparisons of key texts [a, ae) and [b, be)

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// GNU strnumcmp in the C locale: sign, integer digits, fraction; no precision
// loss; anything that is not a number compares as zero.
int numcompare(const char* a, const char* ae, const char* b, const char* be) {
  while (a < ae && kT.blank[static_cast<unsigned char>(*a)]) ++a;
  while (b < be && kT.blank[static_cast<unsigned char>(*b)]) ++b;
  struct Num {
    bool neg = false;
    std::string_view ints, frac;
  };
  auto parse = [](const char* p, const char* e) {
    Num n;
    if (p < e && *p == '-') {
      n.neg = true;
      ++p;
    }
    while (p < e && *p == '0') ++p;
    const char* s = p;
    while (p < e && is_digit(*p)) ++p;
    n.ints = std::string_view(s, p - s);
    if (p < e && *p == '.') {
      ++p;
      s = p;
      while (p < e && is_digit(*p)) ++p;
      const char* f = p;
      while (f > s && f[-1] == '0') --f;
      n.frac = std::string_view(s, f - s);
    }
    if (n.ints.empty() && n.frac.empty()) n.neg = false;  // -0 == 0
    return n;
  };
  Num x = parse(a, ae), y = parse(b, be);
  if (x.neg != y.neg) return x.neg ? -1 : 1;
  int mag;
  if (x.ints.size() != y.ints.size()) {
    mag = x.ints.size() < y.ints.size() ? -1 : 1;
  } else {
    int c = x.ints.compare(y.ints);
    if (c == 0) c = x.frac.compare(y.frac);
    mag = c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return x.neg ? -mag : mag;
}

int unit_order(unsigned char c) {
  switch (c) {
    case 'K':
    case 'k':
      return 1;
    case 'M':
      return 2;
    case 'G':
      return 3;
    case 'T':
      return 4;
    case 'P':
      return 5;
    case 'E':
      return 6;
    case 'Z':
      return 7;
    case 'Y':
      return 8;
    case 'R':
      return 9;
    case 'Q':
      return 10;
    default:
      return 0;
  }
}

int find_unit_order(const char* p, const char* e) {
  bool minus = p < e && *p == '-';
  p += minus;
  bool nonzero = false;
  while (p < e && is_digit(*p)) nonzero |= *p++ != '0';
  if (p < e && *p == '.') {
    ++p;
    while (p < e && is_digit(*p)) nonzero |= *p++ != '0';
  }
  int order = nonzero && p < e ? unit_order(static_cast<unsigned char>(*p)) : 0;
  return minus ? -order : order;
}

int human_compare(const char* a, const char* ae, const char* b, const char* be) {
  while (a < ae && kT.blank[static_cast<unsigned char>(*a)]) ++a;
  while (b < be && kT.blank[static_cast<unsigned char>(*b)]) ++b;
  int diff = find_unit_order(a, ae) - find_unit_order(b, be);
  return diff != 0 ? diff : numcompare(a, ae, b, be);
}

int general_compare(const char* a, const char* ae, const char* b, const char* be) {
  std::string sa(a, ae), sb(b, be);
  char* ea;
  char* eb;
  long double x = std::strtold(sa.c_str(), &ea);
  long double y = std::strtold(sb.c_str(), &eb);
  bool bad_a = ea == sa.c_str(), bad_b = eb == sb.c_str();
  if (bad_a) return bad_b ? 0 : -1;
  if (bad_b) return 1;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x == y) return 0;
  if (std::isnan(x) && std::isnan(y)) return 0;
  return std::isnan(x) ? -1 : 1;
}

int month_of(const char* p, const char* e) {
  static const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                  "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  while (p < e && kT.blank[static_cast<unsigned char>(*p)]) ++p;
  if (e - p < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (kT.upper[static_cast<unsigned char>(p[0])] == kMonths[m][0] &&
        kT.upper[static_cast<unsigned char>(p[1])] == kMonths[m][1] &&
        kT.upper[static_cast<unsigned char>(p[2])] == kMonths[m][2]) {
      return m + 1;
    }
  }
  return 0;
}

// gnulib filevercmp.
bool c_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool c_alnum(char c) {
  return c_alpha(c) || is_digit(c);
}

size_t file_prefixlen(const char* s, size_t n) {
  size_t prefixlen = 0;
  for (size_t i = 0;;) {
    if (i == n) return prefixlen;
    i++;
    prefixlen = i;
    while (i + 1 < n && s[i] == '.' && (c_alpha(s[i + 1]) || s[i + 1] == '~')) {
      for (i += 2; i < n && (c_alnum(s[i]) || s[i] == '~'); i++) {
      }
    }
  }
}

int ver_order(unsigned char c) {
  if (is_digit(static_cast<char>(c))) return 0;
  if (c_alpha(static_cast<char>(c))) return c;
  if (c == '~') return -1;
  return c + 256;
}

int verrevcmp(const char* s1, size_t l1, const char* s2, size_t l2) {
  size_t i = 0, j = 0;
  while (i < l1 || j < l2) {
    int first_diff = 0;
    while ((i < l1 && !is_digit(s1[i])) || (j < l2 && !is_digit(s2[j]))) {
      int c1 = i == l1 ? 0 : ver_order(static_cast<unsigned char>(s1[i]));
      int c2 = j == l2 ? 0 : ver_order(static_cast<unsigned char>(s2[j]));
      if (c1 != c2) return c1 - c2;
      i++;
      j++;
    }
    while (i < l1 && s1[i] == '0') i++;
    while (j < l2 && s2[j] == '0') j++;
    while (i < l1 && j < l2 && is_digit(s1[i]) && is_digit(s2[j])) {
      if (!first_diff) first_diff = s1[i] - s2[j];
      i++;
      j++;
    }
    if (i < l1 && is_digit(s1[i])) return 1;
    if (j < l2 && is_digit(s2[j])) return -1;
    if (first_diff) return first_diff;
  }
  return 0;
}

int filevercmp(const char* a, size_t alen, const char* b, size_t blen) {
  if (alen == 0) return blen == 0 ? 0 : -1;
  if (blen == 0) return 1;
  if (a[0] == '.') {
    if (b[0] != '.') return -1;
    bool adot = alen == 1, bdot = blen == 1;
    if (adot) return bdot ? 0 : -1;
    if (bdot) return 1;
    bool adotdot = a[1] == '.' && alen == 2, bdotdot = b[1] == '.' && blen == 2;
    if (adotdot) return bdotdot ? 0 : -1;
    if (bdotdot) return 1;
  } else if (b[0] == '.') {
    return 1;
  }
  size_t ap = file_prefixlen(a, alen), bp = file_prefixlen(b, blen);
  bool one_pass_only = ap == alen && bp == blen;
  int r = verrevcmp(a, ap, b, bp);
  return r || one_pass_only ? r : verrevcmp(a, alen, b, blen);
}

uint64_t key_hash(const char* p, const char* e, uint64_t salt) {
  uint64_t h = 0xcbf29ce484222325ULL ^ salt;
  for (; p < e; ++p) {
    h ^= static_cast<unsigned char>(*p);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Byte comparison with optional ignored bytes and case folding.
int text_compare(const char* a, const char* ae, const char* b, const char* be, const Key& k) {
  if (k.ignore == nullptr && !k.translate) {
    size_t la = ae - a, lb = be - b;
    int d = std::memcmp(a, b, std::min(la, lb));
    if (d != 0) return d;
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
  for (;;) {
    if (k.ignore != nullptr) {
      while (a < ae && (*k.ignore)[static_cast<unsigned char>(*a)]) ++a;
      while (b < be && (*k.ignore)[static_cast<unsigned char>(*b)]) ++b;
    }
    if (a == ae || b == be) return (a < ae) - (b < be);
    unsigned char ca = static_cast<unsigned char>(*a), cb = static_cast<unsigned char>(*b);
    if (k.translate) {
      ca = kT.upper[ca];
      cb = kT.upper[cb];
    }
    if (ca != cb) return ca < cb ? -1 : 1;
    ++a;
    ++b;
  }
}

int compare_key_text(const char* a, const char* ae, const char* b, const char* be, const Key& k,
                     uint64_t salt) {
  if (k.random) {
    uint64_t ha = key_hash(a, ae, salt), hb = key_hash(b, be, salt);
    if (ha != hb) return ha < hb ? -1 : 1;
    return text_compare(a, ae, b, be, k);
  }
  if (k.numeric) return numcompare(a, ae, b, be);
  if (k.general) return general_compare(a, ae, b, be);
  if (k.human) return human_compare(a, ae, b, be);
  if (k.month) return month_of(a, ae) - month_of(b, be);
  if (k.version) return filevercmp(a, ae - a, b, be - b);
  return text_compare(a, ae, b, be, k);
}

class Comparator {
 public:
  explicit Comparator(const Config& c) : c_(c) {
    fast_numeric_ = c.keys.size() == 1 && c.keys[0].numeric && c.keys[0].sword == 0 &&
                    c.keys[0].schar == 0 && c.keys[0].eword == kToEnd &&
                    c.keys[0].ignore == nullptr && !c.keys[0].translate && c.tab < 0;
  }
  bool fast_numeric() const { return fast_numeric_; }

  // The key comparison only (what -u calls equal).
  int keys(const Line& x, const Line& y) const {
    for (const Key& k : c_.keys) {
      const char* a = begfield(x, k, c_.tab);
      const char* ae = std::max(a, limfield(x, k, c_.tab));
      const char* b = begfield(y, k, c_.tab);
      const char* be = std::max(b, limfield(y, k, c_.tab));
      int d = compare_key_text(a, ae, b, be, k, c_.salt);
      if (d != 0) return k.reverse ? (d < 0 ? 1 : -1) : d;
    }
    return 0;
  }

  int full(const Line& x, const Line& y) const {
    if (fast_numeric_ && !std::isnan(x.num) && !std::isnan(y.num)) {
      int d = x.num < y.num ? -1 : x.num > y.num ? 1 : 0;
      if (c_.keys[0].reverse) d = -d;
      if (d != 0 || c_.unique || c_.stable) return d;
      int m = std::memcmp(x.p, y.p, std::min(x.n, y.n));
      if (m == 0) m = x.n < y.n ? -1 : x.n > y.n ? 1 : 0;
      return c_.global.reverse ? -m : m;
    }
    if (!c_.keys.empty()) {
      int d = keys(x, y);
      if (d != 0 || c_.unique || c_.stable) return d;
    }
    int d = std::memcmp(x.p, y.p, std::min(x.n, y.n));
    if (d == 0) d = x.n < y.n ? -1 : x.n > y.n ? 1 : 0;
    return c_.global.reverse ? -d : d;
  }

 private:
  const Config& c_;
  bool fast_numeric_ = false;
};

// The value of a whole-line -n key, or NaN when it is too long to be exact.
long double simple_number(const Line& l) {
  const char* p = l.p;
  const char* e = l.p + l.n;
  while (p < e && kT.blank[static_cast<unsigned char>(*p)]) ++p;
  bool neg = p < e && *p == '-';
  p += neg;
  while (p < e && *p == '0') ++p;
  long double v = 0;
  int digits = 0;
  while (p < e && is_digit(*p)) {
    v = v * 10 + (*p++ - '0');
    if (++digits > 18) return NAN;
  }
  if (p < e && *p == '.') {
    ++p;
    const char* f = p;
    while (p < e && is_digit(*p)) ++p;
    const char* fe = p;
    while (fe > f && fe[-1] == '0') --fe;
    if (digits + (fe - f) > 18) return NAN;
    long double scale = 1;
    int64_t frac = 0;
    for (const char* q = f; q < fe; ++q) {
      frac = frac * 10 + (*q - '0');
      scale *= 10;
    }
    v += static_cast<long double>(frac) / scale;
  }
  return neg ? -v : v;
}

// ---------------------------------------------------------------------------
// Option parsing

int sort_error(Context& ctx, std::string_view msg) {
  ctx.error(msg);
  return kExitUsage;
}

bool set_ordering(std::string_view& s, Key& k, bool end) {
  while (!s.empty()) {
    switch (s[0]) {
      case 'b':
        (end ? k.skip_eblanks : k.skip_sblanks) = true;
        break;
      case 'd':
        k.ignore = &kT.nondict;
        break;
      case 'f':
        k.translate = true;
        break;
      case 'g':
        k.general = true;
        break;
      case 'h':
        k.human = true;
        break;
      case 'i':
        if (k.ignore == nullptr) k.ignore = &kT.nonprint;
        break;
      case 'M':
        k.month = true;
        break;
      case 'n':
        k.numeric = true;
        break;
      case 'R':
        k.random = true;
        break;
      case 'r':
        k.reverse = true;
        break;
      case 'V':
        k.version = true;
        break;
      default:
        return true;
    }
    s.remove_prefix(1);
  }
  return true;
}

// Parses a decimal count at the front of s; SIZE_MAX on overflow.
bool parse_field_count(std::string_view& s, size_t& out) {
  if (s.empty() || !is_digit(s[0])) return false;
  size_t v = 0;
  while (!s.empty() && is_digit(s[0])) {
    size_t d = static_cast<size_t>(s[0] - '0');
    v = v > (SIZE_MAX - d) / 10 ? SIZE_MAX : v * 10 + d;
    s.remove_prefix(1);
  }
  out = v;
  return true;
}

// -k KEYDEF; returns an error message or "".
std::string parse_key(std::string_view def, Key& k) {
  std::string_view s = def;
  auto bad = [&](std::string_view why) {
    return std::string(why) + ": invalid field specification " + quote(def);
  };
  size_t n;
  if (!parse_field_count(s, n))
    return "invalid number at field start: invalid count at start of " + quote(s);
  if (n == 0) return bad("field number is zero");
  k.sword = n - 1;
  if (!s.empty() && s[0] == '.') {
    s.remove_prefix(1);
    if (!parse_field_count(s, n))
      return "invalid number after '.': invalid count at start of " + quote(s);
    if (n == 0) return bad("character offset is zero");
    k.schar = n - 1;
  }
  set_ordering(s, k, false);
  if (!s.empty() && s[0] == ',') {
    s.remove_prefix(1);
    if (!parse_field_count(s, n))
      return "invalid number after ',': invalid count at start of " + quote(s);
    if (n == 0) return bad("field number is zero");
    k.eword = n - 1;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      if (!parse_field_count(s, n))
        return "invalid number after '.': invalid count at start of " + quote(s);
      k.echar = n;
    }
    set_ordering(s, k, true);
  }
  if (!s.empty()) return bad("stray character in field spec");
  return "";
}

// ---------------------------------------------------------------------------
// Sorting

void merge_sort(std::vector<Line>& lines, const Comparator& cmp) {
  auto less = [&](const Line& x, const Line& y) { return cmp.full(x, y) < 0; };
  if (lines.size() < 200000) {
    std::stable_sort(lines.begin(), lines.end(), less);
    return;
  }
  auto mid = lines.begin() + static_cast<ptrdiff_t>(lines.size() / 2);
  std::thread other([&] { std::stable_sort(lines.begin(), mid, less); });
  std::stable_sort(mid, lines.end(), less);
  other.join();
  std::inplace_merge(lines.begin(), mid, lines.end(), less);
}

int run(Context& ctx, const Args& args) {
  Config c;
  char delimiter = '\n';
  bool check = false, check_quiet = false;
  std::string output;
  bool has_output = false;
  std::vector<std::string> key_defs;
  for (const auto& o : args.options) {
    std::string_view lname = o.spec->long_name;
    switch (o.spec->short_name) {
      case 'b':
        c.global.skip_sblanks = c.global.skip_eblanks = true;
        break;
      case 'd':
        c.global.ignore = &kT.nondict;
        break;
      case 'f':
        c.global.translate = true;
        break;
      case 'g':
        c.global.general = true;
        break;
      case 'i':
        if (c.global.ignore == nullptr) c.global.ignore = &kT.nonprint;
        break;
      case 'M':
        c.global.month = true;
        break;
      case 'h':
        c.global.human = true;
        break;
      case 'n':
        c.global.numeric = true;
        break;
      case 'R':
        c.global.random = true;
        break;
      case 'r':
        c.global.reverse = true;
        break;
      case 'V':
        c.global.version = true;
        break;
      case 'c':
        check = true;
        break;
      case 0:
        if (lname != "check") goto long_only;
        if (o.has_value && o.value != "diagnose-first" && o.value != "quiet" &&
            o.value != "silent") {
          ctx.error("invalid argument " + quote(o.value) + " for " + quote("--check"));
          ctx.err() << "Valid arguments are:\n  - " << quote("quiet") << ", " << quote("silent")
                    << "\n  - " << quote("diagnose-first") << '\n'
                    << "Try '" << ctx.name() << " --help' for more information.\n";
          return kExitFailure;  // argmatch_die: usage(EXIT_FAILURE), as GNU
        }
        check = true;
        if (o.has_value && o.value != "diagnose-first") check_quiet = true;
        break;
      case 'C':
        check = check_quiet = true;
        break;
      case 'k':
        key_defs.push_back(o.value);
        break;
      case 'o':
        if (has_output && output != o.value)
          return sort_error(ctx, "multiple output files specified");
        output = o.value;
        has_output = true;
        break;
      case 's':
        c.stable = true;
        break;
      case 'u':
        c.unique = true;
        break;
      case 'z':
        delimiter = '\0';
        break;
      case 't': {
        std::string_view t = o.value;
        if (t.empty()) return sort_error(ctx, "empty tab");
        if (t.size() > 1 && t != "\\0") return sort_error(ctx, "multi-character tab " + quote(t));
        int tab = t == "\\0" ? 0 : static_cast<unsigned char>(t[0]);
        if (c.tab >= 0 && c.tab != tab) return sort_error(ctx, "incompatible tabs");
        c.tab = tab;
        break;
      }
      default:
      long_only:
        if (lname == "sort") {
          static const std::pair<std::string_view, char> kWords[] = {
              {"general-numeric", 'g'}, {"human-numeric", 'h'}, {"month", 'M'},
              {"numeric", 'n'},         {"random", 'R'},        {"version", 'V'}};
          char which = 0;
          for (auto& [w, ch] : kWords) {
            if (w == o.value) which = ch;
          }
          if (which == 0) {
            ctx.error("invalid argument " + quote(o.value) + " for " + quote("--sort"));
            ctx.err() << "Valid arguments are:\n";
            for (auto& [w, ch] : kWords) ctx.err() << "  - " << quote(w) << '\n';
            ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
            return kExitFailure;
          }
          std::string_view flag(&which, 1);
          set_ordering(flag, c.global, false);
        } else if (lname == "random-source") {
          auto data = ctx.fs.read_file(o.value, 1 << 20);
          if (!data) {
            ctx.error_errno(o.value, data.error());
            return kExitUsage;
          }
          c.salt = key_hash(data->data(), data->data() + data->size(), 0);
        } else if (lname == "parallel" || lname == "batch-size") {
          if (!parse_decimal(o.value) || *parse_decimal(o.value) == 0) {
            ctx.error("invalid number after '" + std::string(lname) + "': " + quote(o.value));
            return kExitUsage;
          }
        }
        break;
    }
  }
  for (const std::string& def : key_defs) {
    Key k;
    std::string err = parse_key(def, k);
    if (!err.empty()) return sort_error(ctx, err);
    if (!k.has_options()) {
      bool rev = k.reverse;
      Key g = c.global;
      k.skip_sblanks = g.skip_sblanks;
      k.skip_eblanks = g.skip_eblanks;
      k.ignore = g.ignore;
      k.translate = g.translate;
      k.numeric = g.numeric;
      k.general = g.general;
      k.human = g.human;
      k.month = g.month;
      k.version = g.version;
      k.random = g.random;
      k.reverse = g.reverse || rev;
    }
    c.keys.push_back(k);
  }
  if (c.keys.empty() && c.global.has_options() && !(c.global.reverse && c.global.opts() == "r")) {
    c.keys.push_back(c.global);  // the whole line, with the global options
  }
  for (const Key& k : c.keys) {
    if (k.incompatible()) return sort_error(ctx, "options '-" + k.opts() + "' are incompatible");
  }
  if (c.global.incompatible()) {
    return sort_error(ctx, "options '-" + c.global.opts() + "' are incompatible");
  }
  if (c.salt == 0 && (c.global.random || std::any_of(c.keys.begin(), c.keys.end(),
                                                     [](const Key& k) { return k.random; }))) {
    c.salt = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) | 1;
  }

  std::vector<std::string> inputs = args.operands;
  if (const std::string* from = args.value("files0-from")) {
    auto data = ctx.fs.read_file(*from);
    if (!data) {
      ctx.error("cannot open " + quote_always(*from) +
                " for reading: " + std::strerror(data.error()));
      return kExitUsage;
    }
    size_t start = 0;
    while (start < data->size()) {
      size_t end = data->find('\0', start);
      if (end == std::string::npos) end = data->size();
      inputs.push_back(data->substr(start, end - start));
      start = end + 1;
    }
  }
  if (inputs.empty()) inputs.push_back("-");
  if (check && inputs.size() > 1) {
    ctx.error("extra operand " + quote(inputs[1]) + " not allowed with -c");
    return kExitUsage;
  }

  // Read everything; every record ends with the delimiter in the buffer.
  std::string data;
  for (const std::string& name : inputs) {
    auto in = ctx.open_input(name);
    if (!in) {
      if (in.error() == EISDIR) {
        ctx.error("read failed: " + quote_name(name) + ": " + std::strerror(EISDIR));
      } else {
        ctx.error("cannot read: " + quote_name(name) + ": " + std::strerror(in.error()));
      }
      return kExitUsage;
    }
    int err = for_each_chunk(ctx, **in, [&](std::string_view chunk) { data.append(chunk); });
    if (err != 0) {
      ctx.error("read failed: " + quote_name(name) + ": " + std::strerror(err));
      return kExitUsage;
    }
    if (!data.empty() && data.back() != delimiter) data.push_back(delimiter);
  }
  std::vector<Line> lines;
  lines.reserve(data.size() / 32 + 1);
  for (size_t pos = 0; pos < data.size();) {
    const char* d =
        static_cast<const char*>(std::memchr(data.data() + pos, delimiter, data.size() - pos));
    size_t end = static_cast<size_t>(d - data.data());
    lines.push_back({data.data() + pos, end - pos});
    pos = end + 1;
  }
  ctx.budget.check();
  Comparator cmp(c);

  if (check) {
    for (size_t i = 1; i < lines.size(); ++i) {
      int d = cmp.full(lines[i - 1], lines[i]);
      if (d > 0 || (c.unique && d == 0)) {
        if (!check_quiet) {
          ctx.err() << ctx.name() << ": " << inputs[0] << ":" << to_string_u(i + 1)
                    << ": disorder: " << std::string_view(lines[i].p, lines[i].n) << '\n';
        }
        return kExitFailure;
      }
    }
    return kExitSuccess;
  }

  if (cmp.fast_numeric()) {
    for (Line& l : lines) l.num = simple_number(l);
  }
  merge_sort(lines, cmp);
  ctx.budget.check();

  BufferedWriter* out = &ctx.out();
  std::unique_ptr<BufferedWriter> file_out;
  if (has_output) {
    auto s = ctx.open_output(output);
    if (!s) {
      ctx.error("open failed: " + quote_name(output) + ": " + std::strerror(s.error()));
      return kExitUsage;
    }
    file_out = std::make_unique<BufferedWriter>(*s, 256 * 1024);
    out = file_out.get();
  }
  const Line* prev = nullptr;
  for (const Line& l : lines) {
    if (c.unique && prev != nullptr &&
        (c.keys.empty() ? (prev->n == l.n && std::memcmp(prev->p, l.p, l.n) == 0)
                        : cmp.keys(*prev, l) == 0)) {
      continue;
    }
    prev = &l;
    out->write(std::string_view(l.p, l.n + 1));  // the record and its delimiter
  }
  if (file_out != nullptr && !file_out->flush()) {
    ctx.error("write failed: " + quote_name(output) + ": " + std::strerror(file_out->error()));
    return kExitUsage;
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    sort,
    {
        .name = "sort",
        .usage = "sort [OPTION]... [FILE]...\nsort [OPTION]... --files0-from=F",
        .summary = "Write sorted concatenation of all FILE(s) to standard output.\n\n"
                   "With no FILE, or when FILE is -, read standard input.",
        .options = kOptions,
        .main = run,
        .flags = kUsageStatus2,
        .epilog = "KEYDEF is F[.C][OPTS][,F[.C][OPTS]] for start and stop position, where F is a\n"
                  "field number and C a character position in the field; both are origin 1, and\n"
                  "the stop position defaults to the line's end.  If neither -t nor -b is in\n"
                  "effect, characters in a field are counted from the beginning of the preceding\n"
                  "whitespace.  OPTS is one or more single-letter ordering options [bdfgiMhnRrV],\n"
                  "which override global ordering options for that key.  If no key is given, use\n"
                  "the entire line as the key.",
    });

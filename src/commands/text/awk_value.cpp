// Conversions between awk strings and numbers.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "commands/text/awk_value.h"

namespace kefka::cmd::awk {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Length of the decimal floating constant at s[i..] (0 when none), like
// strtod without hex, inf or nan.
size_t scan_decimal(std::string_view s, size_t i) {
  size_t start = i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      while (j < s.size() && is_digit(s[j])) ++j;
      i = j;
    }
  }
  return i - start;
}

// "+inf", "-nan" (gawk accepts these only with a sign).
size_t scan_special(std::string_view s, size_t i, double* value) {
  if (i + 4 > s.size() || (s[i] != '+' && s[i] != '-')) return 0;
  std::string word;
  for (size_t k = 1; k < 4; ++k) word += static_cast<char>(s[i + k] | 0x20);
  if (word == "inf") {
    *value = s[i] == '-' ? -INFINITY : INFINITY;
  } else if (word == "nan") {
    *value = s[i] == '-' ? -NAN : NAN;
  } else {
    return 0;
  }
  return 4;
}

}  // namespace

bool Value::looks_numeric(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  double special;
  size_t n = scan_decimal(s, i);
  if (n == 0) n = scan_special(s, i, &special);
  if (n == 0) return false;
  i += n;
  while (i < s.size() && is_blank(s[i])) ++i;
  return i == s.size();
}

double Value::string_to_number(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  // Fast path: plain integers.
  size_t j = i;
  bool neg = false;
  if (j < s.size() && (s[j] == '-' || s[j] == '+')) neg = s[j++] == '-';
  uint64_t v = 0;
  size_t digits_start = j;
  while (j < s.size() && is_digit(s[j]) && j - digits_start < 18) v = v * 10 + (s[j++] - '0');
  if (j > digits_start &&
      (j == s.size() || (s[j] != '.' && s[j] != 'e' && s[j] != 'E' && !is_digit(s[j])))) {
    double d = static_cast<double>(v);
    return neg ? -d : d;
  }
  size_t n = scan_decimal(s, i);
  if (n == 0) {
    double special = 0;
    if (scan_special(s, i, &special) != 0) return special;
    return 0;
  }
  char small[64];
  std::string big;
  const char* p;
  if (n < sizeof small) {
    std::memcpy(small, s.data() + i, n);
    small[n] = '\0';
    p = small;
  } else {
    big.assign(s.substr(i, n));
    p = big.c_str();
  }
  return std::strtod(p, nullptr);
}

void format_number(double d, const std::string& fmt, std::string& out) {
  char buf[512];
  if (std::isnan(d)) {
    out = std::signbit(d) ? "-nan" : "+nan";
    return;
  }
  if (std::isinf(d)) {
    out = d < 0 ? "-inf" : "+inf";
    return;
  }
  if (d == static_cast<double>(static_cast<int64_t>(d)) && std::fabs(d) < 9.2e18) {
    int64_t i = static_cast<int64_t>(d);
    char* e = buf + sizeof buf;
    char* p = e;
    uint64_t u = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
    do {
      *--p = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (i < 0) *--p = '-';
    out.assign(p, e - p);
    return;
  }
  if (d == std::floor(d)) {
    int n = std::snprintf(buf, sizeof buf, "%.0f", d);
    if (n > 0 && static_cast<size_t>(n) < sizeof buf) {
      out.assign(buf, n);
      return;
    }
  }
  const char* f = fmt.c_str();
  if (f[0] == '\x01') {  // an integer format (%d) rewritten as %.0f
    ++f;
    d = std::trunc(d);
  }
  int n = std::snprintf(buf, sizeof buf, f, d);
  if (n < 0) n = 0;
  if (static_cast<size_t>(n) >= sizeof buf) {
    out.resize(n + 1);
    std::snprintf(out.data(), n + 1, f, d);
    out.resize(n);
  } else {
    out.assign(buf, n);
  }
}

}  // namespace kefka::cmd::awk

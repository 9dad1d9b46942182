#include "commands/text/bc_number.h"

#include <algorithm>

namespace kefka::cmd::bc {
namespace {

using Digits = std::vector<uint8_t>;  // little-endian decimal digits

void strip(Digits& d) {
  while (!d.empty() && d.back() == 0) d.pop_back();
}

int cmp_mag(const Digits& a, const Digits& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Digits add_mag(const Digits& a, const Digits& b) {
  Digits r(std::max(a.size(), b.size()) + 1, 0);
  int carry = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    int s = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    r[i] = static_cast<uint8_t>(s % 10);
    carry = s / 10;
  }
  strip(r);
  return r;
}

Digits sub_mag(const Digits& a, const Digits& b) {  // a >= b
  Digits r(a.size(), 0);
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int s = a[i] - borrow - (i < b.size() ? b[i] : 0);
    borrow = s < 0;
    r[i] = static_cast<uint8_t>(s < 0 ? s + 10 : s);
  }
  strip(r);
  return r;
}

Digits mul_mag(const Digits& a, const Digits& b) {
  if (a.empty() || b.empty()) return {};
  std::vector<uint32_t> acc(a.size() + b.size() + 1, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == 0) continue;
    for (size_t j = 0; j < b.size(); ++j) acc[i + j] += a[i] * b[j];
    if ((i & 63) == 63) {  // keep the accumulators small
      uint32_t carry = 0;
      for (auto& v : acc) {
        v += carry;
        carry = v / 10;
        v %= 10;
      }
    }
  }
  Digits r(acc.size(), 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < acc.size(); ++i) {
    uint64_t v = acc[i] + carry;
    r[i] = static_cast<uint8_t>(v % 10);
    carry = v / 10;
  }
  while (carry) {
    r.push_back(static_cast<uint8_t>(carry % 10));
    carry /= 10;
  }
  strip(r);
  return r;
}

// Long division of magnitudes: quotient truncated.
Digits div_mag(const Digits& a, const Digits& b) {
  Digits q(a.size(), 0), rem;
  for (size_t i = a.size(); i-- > 0;) {
    rem.insert(rem.begin(), a[i]);
    strip(rem);
    int d = 0;
    while (cmp_mag(rem, b) >= 0) {
      rem = sub_mag(rem, b);
      ++d;
    }
    q[i] = static_cast<uint8_t>(d);
  }
  strip(q);
  return q;
}

Digits shift_up(const Digits& d, int n) {  // multiply by 10^n
  if (d.empty() || n <= 0) return d;
  Digits r(static_cast<size_t>(n), 0);
  r.insert(r.end(), d.begin(), d.end());
  return r;
}

}  // namespace

Number Number::from_int(long long v) {
  Number n;
  n.neg_ = v < 0;
  unsigned long long u = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : v;
  while (u) {
    n.mant_.push_back(static_cast<uint8_t>(u % 10));
    u /= 10;
  }
  return n;
}

Number Number::parse(const std::string& text, int base) {
  Number n;
  size_t dot = text.find('.');
  std::string ip = text.substr(0, dot);
  std::string fp = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digit = [&](char c) {
    int v = c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
    return v;
  };
  if (base == 10) {
    for (size_t i = fp.size(); i-- > 0;) n.mant_.push_back(static_cast<uint8_t>(digit(fp[i])));
    for (size_t i = ip.size(); i-- > 0;) n.mant_.push_back(static_cast<uint8_t>(digit(ip[i])));
    n.scale_ = static_cast<int>(fp.size());
    // Digits above 9 in base 10 (e.g. "A") are worth their value.
    bool big = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A'; });
    if (!big) {
      n.trim();
      return n;
    }
    n = Number();
  }
  Number b = from_int(base), acc;
  for (char c : ip) acc = add(mul(acc, b, 0), from_int(digit(c)));
  if (!fp.empty()) {
    Number frac, place = from_int(1);
    int sc = static_cast<int>(fp.size());
    for (char c : fp) {
      Number p2;
      div(place, b, sc + 5, &p2);
      place = p2;
      frac = add(frac, mul(from_int(digit(c)), place, sc + 5));
    }
    acc = add(acc, frac.truncated(sc));
  }
  acc.trim();
  return acc;
}

void Number::trim() {
  strip(mant_);
  if (mant_.empty()) neg_ = false;
}

bool Number::is_zero() const {
  return std::all_of(mant_.begin(), mant_.end(), [](uint8_t d) { return d == 0; });
}

int Number::length() const {
  Digits d = mant_;
  strip(d);
  if (d.empty()) return scale_ > 0 ? scale_ : 1;
  return std::max(static_cast<int>(d.size()), scale_);
}

long long Number::to_int() const {
  long long v = 0;
  for (size_t i = mant_.size(); i-- > static_cast<size_t>(scale_);) {
    if (v > 100000000000000000LL) return neg_ ? -v : v;
    v = v * 10 + mant_[i];
  }
  return neg_ ? -v : v;
}

Number Number::rescaled(int scale) const {
  Number r = *this;
  if (scale > scale_) {
    r.mant_ = shift_up(mant_, scale - scale_);
  } else if (scale < scale_) {
    size_t drop = static_cast<size_t>(scale_ - scale);
    r.mant_.erase(r.mant_.begin(),
                  r.mant_.begin() + static_cast<long>(std::min(drop, mant_.size())));
  }
  r.scale_ = scale;
  r.trim();
  return r;
}

Number Number::truncated(int scale) const {
  return scale < scale_ ? rescaled(scale) : *this;
}

int Number::compare(const Number& o) const {
  int s = std::max(scale_, o.scale_);
  Number a = rescaled(s), b = o.rescaled(s);
  bool an = a.negative(), bn = b.negative();
  if (an != bn) return an ? -1 : 1;
  int c = cmp_mag(a.mant_, b.mant_);
  return an ? -c : c;
}

Number Number::operator-() const {
  Number r = *this;
  r.neg_ = !neg_;
  r.trim();
  return r;
}

Number add(const Number& x, const Number& y) {
  int s = std::max(x.scale_, y.scale_);
  Number a = x.rescaled(s), b = y.rescaled(s), r;
  r.scale_ = s;
  if (a.neg_ == b.neg_) {
    r.mant_ = add_mag(a.mant_, b.mant_);
    r.neg_ = a.neg_;
  } else if (cmp_mag(a.mant_, b.mant_) >= 0) {
    r.mant_ = sub_mag(a.mant_, b.mant_);
    r.neg_ = a.neg_;
  } else {
    r.mant_ = sub_mag(b.mant_, a.mant_);
    r.neg_ = b.neg_;
  }
  r.trim();
  return r;
}

Number sub(const Number& a, const Number& b) {
  return add(a, -b);
}

Number mul(const Number& a, const Number& b, int scale) {
  Number r;
  r.mant_ = mul_mag(a.mant_, b.mant_);
  r.scale_ = a.scale_ + b.scale_;
  r.neg_ = a.neg_ != b.neg_;
  r.trim();
  int want = std::min(a.scale_ + b.scale_, std::max({scale, a.scale_, b.scale_}));
  return r.rescaled(want);
}

bool div(const Number& a, const Number& b, int scale, Number* out) {
  if (b.is_zero()) return false;
  // a/b with `scale` digits: (a.m * 10^(scale + b.s - a.s)) / b.m
  int shift = scale + b.scale_ - a.scale_;
  Digits num = a.mant_, den = b.mant_;
  strip(den);
  if (shift >= 0) {
    num = shift_up(num, shift);
  } else {
    den = shift_up(den, -shift);
  }
  strip(num);
  Number r;
  r.mant_ = div_mag(num, den);
  r.scale_ = scale;
  r.neg_ = a.neg_ != b.neg_;
  r.trim();
  *out = r;
  return true;
}

bool mod(const Number& a, const Number& b, int scale, Number* out) {
  Number q;
  if (!div(a, b, scale, &q)) return false;
  int s = std::max(scale + b.scale_, a.scale_);
  *out = sub(a, mul(q, b, s)).truncated(s);
  return true;
}

bool power(const Number& a, const Number& b, int scale, Number* out) {
  long long e = b.to_int();
  bool negative = e < 0;
  unsigned long long n = negative ? 0ULL - static_cast<unsigned long long>(e) : e;
  int want = negative ? scale
                      : static_cast<int>(std::min<long long>(
                            static_cast<long long>(a.scale_) * static_cast<long long>(n),
                            std::max(scale, a.scale_)));
  Number result = Number::from_int(1), base = a;
  int work = std::max(want, a.scale_) + 10;
  if (negative) work = scale + 10 + a.scale_ * 2;
  while (n) {
    if (n & 1) result = mul(result, base, work);
    n >>= 1;
    if (n) base = mul(base, base, work);
  }
  if (negative) {
    if (result.is_zero()) return false;
    return div(Number::from_int(1), result, scale, out);
  }
  *out = result.truncated(want);
  if (out->scale_ < want && a.scale_ > 0) *out = out->rescaled(want);
  return true;
}

bool sqrt(const Number& a, int scale, Number* out) {
  if (a.negative()) return false;
  int s = std::max(scale, a.scale_);
  // isqrt(a.m * 10^(2s - a.s)) has s fraction digits.
  Digits n = shift_up(a.mant_, 2 * s - a.scale_);
  strip(n);
  if (n.empty()) {
    *out = Number();
    out->scale_ = s;
    return true;
  }
  Digits x(n.size() / 2 + 1, 0);
  x.back() = 1;  // 10^(len/2) >= sqrt(n)
  x = shift_up(Digits{1}, static_cast<int>(n.size() / 2 + 1));
  for (;;) {
    Digits y = div_mag(add_mag(x, div_mag(n, x)), Digits{2});
    if (cmp_mag(y, x) >= 0) break;
    x = y;
  }
  Number r;
  r.mant_ = x;
  r.scale_ = s;
  r.trim();
  *out = r;
  return true;
}

std::string Number::to_string(int obase) const {
  Digits m = mant_;
  strip(m);
  if (m.empty()) return "0";
  std::string out;
  if (negative()) out += '-';
  if (obase == 10) {
    std::string ip, fp;
    for (size_t i = static_cast<size_t>(scale_); i < m.size(); ++i)
      ip += static_cast<char>('0' + m[i]);
    std::reverse(ip.begin(), ip.end());
    for (int i = scale_ - 1; i >= 0; --i) {
      fp += static_cast<char>('0' +
                              (static_cast<size_t>(i) < m.size() ? m[static_cast<size_t>(i)] : 0));
    }
    if (ip.empty() && fp.empty()) return "0";
    out += ip.empty() && !fp.empty() ? "" : ip;
    if (!fp.empty()) out += "." + fp;
    return out;
  }
  // Other bases: integer part by repeated division, fraction by repeated
  // multiplication; digits above 16 print as space-separated decimal groups.
  Number v = *this;
  v.neg_ = false;
  Number ip = v.truncated(0);
  Number fp = sub(v, ip);
  Number b = from_int(obase);
  std::vector<long long> idigits;
  while (!ip.is_zero()) {
    Number q, r;
    div(ip, b, 0, &q);
    mod(ip, b, 0, &r);
    idigits.push_back(r.to_int());
    ip = q;
  }
  bool wide = obase > 16;
  int width = static_cast<int>(std::to_string(obase - 1).size());
  auto emit = [&](long long d) {
    if (wide) {
      std::string s = std::to_string(d);
      out += ' ' + std::string(static_cast<size_t>(width) - s.size(), '0') + s;
    } else {
      out += "0123456789ABCDEF"[d];
    }
  };
  if (idigits.empty() && scale_ == 0) {
    if (wide) {
      emit(0);
    } else {
      out += '0';
    }
  }
  for (size_t i = idigits.size(); i-- > 0;) emit(idigits[i]);
  if (scale_ > 0) {
    out += '.';
    Number place = from_int(1);
    Number limit;
    div(from_int(1), from_int(1), 0, &limit);
    while (true) {
      Number t = mul(fp, b, fp.scale_);
      long long d = t.truncated(0).to_int();
      emit(d);
      fp = sub(t, from_int(d));
      place = mul(place, b, 0);
      if (place.mant_.size() > static_cast<size_t>(scale_)) break;
    }
  }
  return out;
}

}  // namespace kefka::cmd::bc

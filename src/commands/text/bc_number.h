// Arbitrary-precision decimal numbers for bc: a sign, decimal digits and a
// scale (digits after the point), with GNU bc's rules for result scales.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kefka::cmd::bc {

class Number {
 public:
  Number() = default;
  static Number from_int(long long v);
  // Parses digits in `base` (bc's ibase; digits 0-9A-F, each worth its value).
  static Number parse(const std::string& text, int base);

  bool is_zero() const;
  bool negative() const { return neg_ && !is_zero(); }
  int scale() const { return scale_; }
  // Number of significant decimal digits (bc's length()).
  int length() const;
  long long to_int() const;  // truncated; saturates
  int compare(const Number& o) const;

  Number operator-() const;
  friend Number add(const Number& a, const Number& b);
  friend Number sub(const Number& a, const Number& b);
  friend Number mul(const Number& a, const Number& b, int scale);
  // Division by zero returns false.
  friend bool div(const Number& a, const Number& b, int scale, Number* out);
  friend bool mod(const Number& a, const Number& b, int scale, Number* out);
  friend bool power(const Number& a, const Number& b, int scale, Number* out);
  friend bool sqrt(const Number& a, int scale, Number* out);
  Number truncated(int scale) const;

  // bc's output in `obase`, lines split at `line_length` with a backslash.
  std::string to_string(int obase) const;

 private:
  // mant_ holds the digits little-endian (index 0 = least significant digit).
  std::vector<uint8_t> mant_;
  int scale_ = 0;
  bool neg_ = false;
  void trim();
  Number rescaled(int scale) const;  // pads with zeros or truncates
};

Number add(const Number& a, const Number& b);
Number sub(const Number& a, const Number& b);
Number mul(const Number& a, const Number& b, int scale);
bool div(const Number& a, const Number& b, int scale, Number* out);
bool mod(const Number& a, const Number& b, int scale, Number* out);
bool power(const Number& a, const Number& b, int scale, Number* out);
bool sqrt(const Number& a, int scale, Number* out);

}  // namespace kefka::cmd::bc

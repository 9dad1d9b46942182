// awk values: numbers, strings, and "strnums" (input text that looks like a
// number), with the conversions between them (CONVFMT/OFMT, integers printed
// as integers) and the comparison rules of POSIX awk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kefka::cmd::awk {

enum class ValueType : uint8_t {
  kUninit,    // never assigned: "" and 0, compares as a number and a string
  kNumber,    // the result of arithmetic or a numeric constant
  kString,    // a string constant or the result of string operations
  kMaybeNum,  // input text (fields, getline, ARGV...): a strnum if it looks numeric
};

struct Value {
  double num = 0;
  std::string str;
  ValueType type = ValueType::kUninit;
  bool num_cached = false;  // num holds the numeric value of str
  bool str_cached = false;  // str holds the string form of num (integers only)
  int8_t strnum = -1;
  bool null_field = false;  // a field beyond NF (printf %c treats it as 0)       // kMaybeNum: -1
                            // unknown, 0 no, 1 looks numeric

  Value() = default;
  explicit Value(double d) : num(d), type(ValueType::kNumber) {}
  static Value string(std::string s) {
    Value v;
    v.str = std::move(s);
    v.type = ValueType::kString;
    return v;
  }
  static Value maybe_num(std::string_view s) {
    Value v;
    v.str.assign(s);
    v.type = ValueType::kMaybeNum;
    return v;
  }
  void set_number(double d) {
    num = d;
    type = ValueType::kNumber;
    str_cached = false;
  }
  void set_string(std::string_view s) {
    str.assign(s);
    type = ValueType::kString;
    num_cached = false;
  }
  void set_maybe_num(std::string_view s) {
    str.assign(s);
    type = ValueType::kMaybeNum;
    num_cached = false;
    strnum = -1;
  }
  // Whether comparisons treat it as a number.
  bool is_numeric() {
    if (type == ValueType::kNumber || type == ValueType::kUninit) return true;
    if (type == ValueType::kString) return false;
    if (strnum < 0) strnum = looks_numeric(str) ? 1 : 0;
    return strnum == 1;
  }
  double to_num() {
    if (type == ValueType::kNumber) return num;
    if (type == ValueType::kUninit) return 0;
    if (!num_cached) {
      num = string_to_number(str);
      num_cached = true;
    }
    return num;
  }

  static bool looks_numeric(std::string_view s);
  static double string_to_number(std::string_view s);
};

// Formats a number as awk does for output (fmt = OFMT) or conversion (CONVFMT):
// integral values as integers, others through the format.
void format_number(double d, const std::string& fmt, std::string& out);

using Array = std::unordered_map<std::string, Value>;

// A variable: a scalar, or an array (shared by reference with function
// parameters).
struct Cell {
  Value val;
  std::shared_ptr<Array> arr;
  bool is_array() const { return arr != nullptr; }
  Array& array() {
    if (!arr) arr = std::make_shared<Array>();
    return *arr;
  }
};

}  // namespace kefka::cmd::awk

// Shell arithmetic: 64-bit signed integers with wrap-around, every C operator,
// `**`, bases (0x1f, 017, 2#101, 64#_), assignment operators, ++/--, ?:, and
// the comma operator. Errors read like bash's:
//   "1 + : syntax error: operand expected (error token is "+ ")".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kefka::shell {

class ArithError : public std::exception {
 public:
  explicit ArithError(std::string message) : message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

// Variable access for the evaluator. `index` is the raw subscript text of
// name[index] (empty when there is none).
class ArithEnv {
 public:
  virtual ~ArithEnv() = default;
  // The value as text (unset: nullopt semantics via `found`).
  virtual std::string get(const std::string& name, const std::string* index, bool& found) = 0;
  virtual void set(const std::string& name, const std::string* index, int64_t value) = 0;
};

// Evaluates `expr` (already expanded). Empty or blank text is 0.
int64_t eval_arith(std::string_view expr, ArithEnv& env, int depth = 0);

// Parses a shell integer constant (decimal, 0x, octal, base#n). False if not one.
bool parse_arith_number(std::string_view text, int64_t& out);

}  // namespace kefka::shell

// Result<T>: a value or an errno code, the error model of every layer below the
// shell. Errors are plain errno values (ENOENT, EACCES, ...) so messages can be
// produced with strerror() exactly like the GNU tools print them.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

namespace kefka {

// An errno value. Wrapping it in a type keeps `return Errno{ENOENT};` unambiguous
// next to `return 0;` in a Result<int>.
struct Errno {
  int code;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Errno error) : error_(error.code) { assert(error.code != 0); }  // NOLINT

  bool ok() const { return error_ == 0; }
  explicit operator bool() const { return ok(); }
  // The errno value; 0 when ok().
  int error() const { return error_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  std::optional<T> value_;
  int error_ = 0;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Errno error) : error_(error.code) {}  // NOLINT: implicit by design
  bool ok() const { return error_ == 0; }
  explicit operator bool() const { return ok(); }
  int error() const { return error_; }

 private:
  int error_ = 0;
};

using Status = Result<void>;

}  // namespace kefka

// Propagates the error of an expression yielding a Result, like Serenity's TRY.
#define KEFKA_TRY(expr)                                                            \
  do {                                                                             \
    auto kefka_try_result_ = (expr);                                               \
    if (!kefka_try_result_.ok()) return ::kefka::Errno{kefka_try_result_.error()}; \
  } while (0)

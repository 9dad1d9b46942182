// Small helpers shared by the coreutils: GNU quoting of names in messages,
// number parsing with GNU suffixes, and iterating over input operands.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "commands/command.h"
#include "commands/options.h"

namespace kefka::cmd {

// GNU quotef()/shell-escape quoting: the name as-is when it is safe in a
// shell, else 'single quoted' ("double quoted" when that avoids escaping a
// quote), with $'\n' escapes for control and non-ASCII bytes (C locale).
std::string quote_name(std::string_view name, bool always = false);
// GNU quoteaf(): like quote_name but always quoted ('x').
inline std::string quote_always(std::string_view name) {
  return quote_name(name, true);
}
// GNU quote(): always 'quoted', with C escapes (\t, \001); under a UTF-8
// locale (see QuoteLocale) ‘quoted’ with printable UTF-8 kept, as GNU does.
std::string quote(std::string_view text);

// Selects quote()'s style on this thread while a command runs: run_command
// sets it from the command's LC_ALL/LC_CTYPE/LANG and restores it after, so
// nested commands (env, xargs) each use their own locale.
class QuoteLocale {
 public:
  explicit QuoteLocale(bool utf8);
  ~QuoteLocale();
  QuoteLocale(const QuoteLocale&) = delete;
  QuoteLocale& operator=(const QuoteLocale&) = delete;

 private:
  bool saved_;
};

// Reads a stream in large chunks and calls fn(std::string_view) per chunk,
// checking the budget between chunks; fn may return false to stop early.
// Stops when stdout failed. Returns 0 or the read errno.
template <typename Fn>
int for_each_chunk(Context& ctx, Stream& in, Fn&& fn, size_t chunk_size = 128 * 1024) {
  std::string buf(chunk_size, '\0');
  for (;;) {
    ctx.budget.check();
    auto n = in.read(std::span<char>(buf.data(), buf.size()));
    if (!n) return n.error();
    if (*n == 0) return 0;
    std::string_view chunk(buf.data(), *n);
    if constexpr (std::is_same_v<decltype(fn(chunk)), bool>) {
      if (!fn(chunk)) return 0;
    } else {
      fn(chunk);
    }
    if (ctx.output_failed()) return 0;
  }
}

// Opens an input operand; on failure prints GNU's
// "NAME: cannot open 'FILE' for reading: strerror" (or "error reading 'FILE'"
// for a directory, which GNU only notices on read) and returns nullptr.
StreamPtr open_input_or_report(Context& ctx, std::string_view name);
// The name GNU prints for an input in headers: "standard input" for "-".
inline std::string_view display_name(std::string_view name) {
  return name == "-" ? std::string_view("standard input") : name;
}

// Reads the whole stream (budget checked); errno on failure.
Result<std::string> read_stream(Context& ctx, Stream& in);

// GNU xstrtoumax-style parsing: decimal digits with an optional multiplier
// suffix from `suffixes` (e.g. "bkKmMGTPEZY" and the "KB"/"KiB" forms when
// `allow_si`). nullopt on a malformed number; UINT64_MAX on overflow is
// reported through *overflow when given.
std::optional<uint64_t> parse_count(std::string_view s, std::string_view suffixes = "",
                                    bool* overflow = nullptr);

// Strictly decimal, no sign, no suffix.
std::optional<uint64_t> parse_decimal(std::string_view s);

// The operands, or {"-"} when there are none.
std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& operands);

// head and tail: runs fn(Stream&) -> errno (0 on success) over each input
// operand (stdin when none), preceded by GNU's "==> NAME <==" headers when
// `headers` is 1, or 0 with several inputs (-1: never). Reports open and read
// errors and stops once output failed; returns the exit status.
template <typename Fn>
int for_each_input_with_headers(Context& ctx, const std::vector<std::string>& operands, int headers,
                                Fn&& fn) {
  std::vector<std::string> inputs = inputs_or_stdin(operands);
  bool show_headers = headers == 1 || (headers == 0 && inputs.size() > 1);
  bool first = true;
  int status = kExitSuccess;
  for (const std::string& name : inputs) {
    StreamPtr in = open_input_or_report(ctx, name);
    if (in == nullptr) {
      status = kExitFailure;
      continue;
    }
    if (show_headers) {
      ctx.out() << (first ? "" : "\n") << "==> " << display_name(name) << " <==\n";
      first = false;
    }
    if (int err = fn(*in); err != 0) {
      ctx.error("error reading " + quote_always(name) + ": " + std::strerror(err));
      status = kExitFailure;
    }
    if (ctx.output_failed()) break;
  }
  return status;
}

// Formats an unsigned number (no locale, no allocation beyond the string).
std::string to_string_u(uint64_t v);

}  // namespace kefka::cmd

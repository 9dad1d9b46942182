// Small string helpers shared by the lexer, expansion and builtins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kefka::shell {

enum class EscapeStyle {
  DollarSingle,  // $'...': \nnn octal, \xHH, \uHHHH, \cX, \' \"
  Echo,          // echo -e / printf %b: \0nnn octal, \c stops output
  Printf,        // printf format: \nnn octal
  PrintfB,       // printf %b: like Echo, and \nnn octal without the leading 0
};

// Decodes backslash escapes. With Echo style, *stop is set when \c is met.
std::string decode_escapes(std::string_view s, EscapeStyle style, bool* stop = nullptr);

// Appends the UTF-8 encoding of a code point.
void append_utf8(std::string& out, uint32_t cp);

// Case mapping of one code point (ASCII, Latin-1, Latin Extended-A, Greek,
// Cyrillic), as glibc's C.UTF-8 does for those blocks.
uint32_t to_upper_cp(uint32_t cp);
uint32_t to_lower_cp(uint32_t cp);
// Decodes the UTF-8 sequence at s[i] (advancing i); invalid bytes map to
// themselves.
uint32_t next_code_point(std::string_view s, size_t& i);

bool is_valid_name(std::string_view s);

struct Word;
// Tilde expansion for words the lexer left with a literal leading ~ (brace
// expansion results, [[ operands): returns w, or scratch holding a copy whose
// tilde prefix became a Tilde part. Defined in expand.cpp.
const Word& with_tilde_prefix(const Word& w, Word& scratch);
// Parses a decimal integer (with optional sign and blanks around), like bash's
// legal_number.
bool parse_int(std::string_view s, int64_t& out);

// bash's single-quoting for `declare -p`, ${x@Q}, `set` output and xtrace.
std::string quote_for_reuse(std::string_view s, bool force = false);
// bash's sh_single_quote: '...' with each ' written as '\'', control
// characters kept raw (alias output, POSIX-mode `set`).
std::string single_quote(std::string_view s);
// xtrace style: single quotes only when needed, control characters kept.
std::string quote_xtrace(std::string_view s);
// printf %q style (backslashes).
std::string quote_printf_q(std::string_view s);

}  // namespace kefka::shell

// Backslash escapes shared by the tools that decode them (awk strings, sed
// and regex escapes, bc's print, printf/echo): the one-letter C escapes and
// bounded runs of octal/decimal/hex digits. Each tool keeps its own policy
// for what an unknown escape means.
#pragma once

#include <cstddef>
#include <string_view>

namespace kefka::cmd {

// The byte for a one-letter C escape: \a \b \f \n \r \t \v; -1 for any other
// letter (callers that give \b another meaning, like regexes, test first).
int c_escape_value(char letter);

// The inverse: the letter of the one-letter C escape for `byte` ('n' for a
// newline), or 0 when it has none. Encoders (JSON, $'...') use it.
char c_escape_letter(unsigned char byte);

// Value of digit `c` in `base` (8, 10 or 16), or -1.
int escape_digit_value(char c, int base);

// Reads at most `max_digits` digits of `base` from text[*pos...], advancing
// *pos past them. Returns the value (masked to a byte), or -1 when no digit
// is there (*pos unchanged).
int read_escape_digits(std::string_view text, size_t* pos, int base, int max_digits);

}  // namespace kefka::cmd

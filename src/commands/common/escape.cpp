// Backslash-escape helpers (see escape.h).
#include "commands/common/escape.h"

namespace kefka::cmd {

int c_escape_value(char letter) {
  switch (letter) {
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    default:
      return -1;
  }
}

char c_escape_letter(unsigned char byte) {
  // \a through \r are the consecutive bytes 7 to 13.
  if (byte < '\a' || byte > '\r') return 0;
  return "abtnvfr"[byte - '\a'];
}

int escape_digit_value(char c, int base) {
  int v = -1;
  if (c >= '0' && c <= '9') v = c - '0';
  if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
  if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
  return v < base ? v : -1;
}

int read_escape_digits(std::string_view text, size_t* pos, int base, int max_digits) {
  int value = 0, n = 0;
  size_t i = *pos;
  for (; n < max_digits && i < text.size(); ++n, ++i) {
    int d = escape_digit_value(text[i], base);
    if (d < 0) break;
    value = value * base + d;
  }
  if (n == 0) return -1;
  *pos = i;
  return value & 0xFF;
}

}  // namespace kefka::cmd

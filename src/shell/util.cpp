#include "shell/util.h"

#include <cctype>
#include <cstring>

#include "commands/common/escape.h"

namespace kefka::shell {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string decode_escapes(std::string_view s, EscapeStyle style, bool* stop) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out.push_back(c);
      continue;
    }
    char n = s[++i];
    switch (n) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'e':
      case 'E':
        out.push_back('\033');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\'':
        if (style == EscapeStyle::Echo || style == EscapeStyle::PrintfB) out.push_back('\\');
        out.push_back('\'');
        break;
      case '"':
        if (style == EscapeStyle::Echo || style == EscapeStyle::PrintfB) out.push_back('\\');
        out.push_back('"');
        break;
      case '?':
        if (style == EscapeStyle::Echo || style == EscapeStyle::PrintfB) out.push_back('\\');
        out.push_back('?');
        break;
      case 'c':
        if (style == EscapeStyle::Echo || style == EscapeStyle::PrintfB) {
          if (stop != nullptr) *stop = true;
          return out;
        }
        if (style == EscapeStyle::DollarSingle && i + 1 < s.size()) {
          char x = s[++i];
          out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(x)) ^ 0x40));
          break;
        }
        out.push_back('\\');
        out.push_back('c');
        break;
      case 'x': {
        int v = 0, digits = 0;
        while (digits < 2 && i + 1 < s.size() && hex_value(s[i + 1]) >= 0) {
          v = v * 16 + hex_value(s[++i]);
          ++digits;
        }
        if (digits == 0) {
          out.push_back('\\');
          out.push_back('x');
        } else {
          out.push_back(static_cast<char>(v));
        }
        break;
      }
      case 'u':
      case 'U': {
        int max = n == 'u' ? 4 : 8;
        uint32_t v = 0;
        int digits = 0;
        while (digits < max && i + 1 < s.size() && hex_value(s[i + 1]) >= 0) {
          v = v * 16 + hex_value(s[++i]);
          ++digits;
        }
        if (digits == 0) {
          out.push_back('\\');
          out.push_back(n);
        } else {
          append_utf8(out, v);
        }
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int v = 0, digits = 0;
          size_t j = i;
          int max = 3;
          if ((style == EscapeStyle::Echo || style == EscapeStyle::PrintfB) && n == '0') {
            ++j;  // \0nnn
          } else if (style == EscapeStyle::Echo) {
            out.push_back('\\');
            out.push_back(n);
            break;
          }
          while (digits < max && j < s.size() && s[j] >= '0' && s[j] <= '7') {
            v = v * 8 + (s[j] - '0');
            ++j;
            ++digits;
          }
          i = j - 1;
          out.push_back(static_cast<char>(v & 0xFF));
        } else {
          out.push_back('\\');
          out.push_back(n);
        }
    }
  }
  return out;
}

uint32_t to_upper_cp(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0x80) return c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149) {
    bool odd_lower = !((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E));
    if (odd_lower ? (c & 1) : !(c & 1)) return c - 1;
    return c;
  }
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  return c;
}

uint32_t to_lower_cp(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149) {
    bool odd_lower = !((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E));
    if (odd_lower ? !(c & 1) : (c & 1)) return c + 1;
    return c;
  }
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

uint32_t next_code_point(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len <= 1 || i + len > s.size()) {
    ++i;
    return len == 1 ? c : 0x80000000u | c;  // invalid bytes are passed through
  }
  uint32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0x80000000u | c;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

bool is_valid_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

bool parse_int(std::string_view s, int64_t& out) {
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  uint64_t v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    uint64_t max = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (v > (max - d) / 10) return false;  // out of range, like bash
    v = v * 10 + d;
    ++i;
  }
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  if (i != s.size()) return false;
  out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

namespace {
bool has_control(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string dollar_single(std::string_view s) {
  std::string out = "$'";
  for (unsigned char c : s) {
    if (char letter = cmd::c_escape_letter(c); letter != 0) {
      out += '\\';
      out += letter;
      continue;
    }
    switch (c) {
      case 033:
        out += "\\E";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "'";
  return out;
}
}  // namespace

std::string quote_for_reuse(std::string_view s, bool force) {
  if (has_control(s)) return dollar_single(s);
  if (!force && !s.empty()) {
    bool plain = true;
    for (unsigned char c : s) {
      if (!(std::isalnum(c) || std::strchr("_-./:=@%+,", c) != nullptr || c >= 0x80)) {
        plain = false;
        break;
      }
    }
    if (plain) return std::string(s);
  }
  return single_quote(s);
}

std::string single_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

std::string quote_xtrace(std::string_view s) {
  if (!s.empty()) {
    bool plain = true;
    for (unsigned char c : s) {
      if (!(std::isalnum(c) || std::strchr("_-./:=@%+,", c) != nullptr || c >= 0x80)) {
        plain = false;
        break;
      }
    }
    if (plain) return std::string(s);
  }
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

std::string quote_printf_q(std::string_view s) {
  if (s.empty()) return "''";
  if (has_control(s)) return dollar_single(s);
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || std::strchr("_-./:=@%+,", c) != nullptr || c >= 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace kefka::shell

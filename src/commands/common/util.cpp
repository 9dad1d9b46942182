#include "commands/common/util.h"

#include <cstring>

#include "commands/files/file_util.h"

namespace kefka::cmd {
namespace {

bool is_print_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x7f;
}

// Characters that make a shell word need quoting anywhere in it.
bool shell_special(unsigned char c) {
  return std::strchr(" !\"$&'()*:;<=>?[\\^`|", c) != nullptr || !is_print_ascii(c);
}

void append_c_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    default:
      break;
  }
  char oct[5] = {'\\', static_cast<char>('0' + (c >> 6)), static_cast<char>('0' + ((c >> 3) & 7)),
                 static_cast<char>('0' + (c & 7)), 0};
  out += oct;
}

}  // namespace

std::string quote_name(std::string_view name, bool always) {
  if (name.empty()) return "''";
  bool needs = always || name[0] == '#' || name[0] == '~';
  bool has_single_quote = false;
  bool double_quote_ok = true;  // printable and nothing special inside "..."
  for (unsigned char c : name) {
    if (shell_special(c)) needs = true;
    if (c == '\'') has_single_quote = true;
    if (!is_print_ascii(c) || c == '$' || c == '`' || c == '\\' || c == '"') {
      double_quote_ok = false;
    }
  }
  if (!needs) return std::string(name);
  if (has_single_quote && double_quote_ok) return "\"" + std::string(name) + "\"";
  std::string out = "'";
  bool in_escape = false;
  for (unsigned char c : name) {
    if (!is_print_ascii(c)) {
      if (!in_escape) out += "'$'";
      in_escape = true;
      append_c_escape(out, c);
      continue;
    }
    if (in_escape) {
      out += "''";
      in_escape = false;
    }
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '\'';
  return out;
}

namespace {
thread_local bool t_utf8_quotes = false;
}  // namespace

QuoteLocale::QuoteLocale(bool utf8) : saved_(t_utf8_quotes) {
  t_utf8_quotes = utf8;
}
QuoteLocale::~QuoteLocale() {
  t_utf8_quotes = saved_;
}

std::string quote(std::string_view text) {
  if (t_utf8_quotes) return files::quote_value(text, true);
  std::string out = "'";
  for (unsigned char c : text) {
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (is_print_ascii(c)) {
      out += static_cast<char>(c);
    } else {
      append_c_escape(out, c);
    }
  }
  out += '\'';
  return out;
}

StreamPtr open_input_or_report(Context& ctx, std::string_view name) {
  auto in = ctx.open_input(name);
  if (in) return *in;
  if (in.error() == EISDIR) {
    ctx.error("error reading " + quote_always(name) + ": " + std::strerror(EISDIR));
  } else {
    ctx.error("cannot open " + quote_always(name) + " for reading: " + std::strerror(in.error()));
  }
  return nullptr;
}

Result<std::string> read_stream(Context& ctx, Stream& in) {
  std::string data;
  size_t len = 0;
  for (;;) {
    ctx.budget.check();
    if (data.size() - len < 64 * 1024) data.resize(std::max<size_t>(data.size() * 2, 128 * 1024));
    auto n = in.read(std::span<char>(data.data() + len, data.size() - len));
    if (!n) return Errno{n.error()};
    if (*n == 0) break;
    len += *n;
  }
  data.resize(len);
  return data;
}

std::optional<uint64_t> parse_decimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned d = static_cast<unsigned>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return UINT64_MAX;
    v = v * 10 + d;
  }
  return v;
}

std::optional<uint64_t> parse_count(std::string_view s, std::string_view suffixes, bool* overflow) {
  if (overflow != nullptr) *overflow = false;
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i < s.size() && s[i] == '+') ++i;
  size_t digits_start = i;
  uint64_t v = 0;
  bool over = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    unsigned d = static_cast<unsigned>(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) {
      over = true;
    } else {
      v = v * 10 + d;
    }
    ++i;
  }
  if (i == digits_start) return std::nullopt;
  std::string_view rest = s.substr(i);
  if (!rest.empty()) {
    char unit = rest[0];
    if (suffixes.find(unit) == std::string_view::npos) return std::nullopt;
    uint64_t base = 1024;
    size_t unit_len = 1;
    if (rest.size() >= 2 && rest[1] == 'B') {
      base = 1000;
      unit_len = 2;
    } else if (rest.size() >= 3 && rest[1] == 'i' && rest[2] == 'B') {
      unit_len = 3;
    }
    if (rest.size() != unit_len) return std::nullopt;
    int power = 0;
    uint64_t mult = 1;
    switch (unit) {
      case 'b':
        mult = 512;
        break;
      case 'c':
        mult = 1;
        break;
      case 'w':
        mult = 2;
        break;
      case 'k':
      case 'K':
        power = 1;
        break;
      case 'm':
      case 'M':
        power = 2;
        break;
      case 'g':
      case 'G':
        power = 3;
        break;
      case 't':
      case 'T':
        power = 4;
        break;
      case 'p':
      case 'P':
        power = 5;
        break;
      case 'e':
      case 'E':
        power = 6;
        break;
      case 'z':
      case 'Z':
        power = 7;
        break;
      case 'y':
      case 'Y':
        power = 8;
        break;
      case 'r':
      case 'R':
        power = 9;
        break;
      case 'q':
      case 'Q':
        power = 10;
        break;
      default:
        return std::nullopt;
    }
    if (unit_len > 1 && power == 0) return std::nullopt;
    for (int k = 0; k < power; ++k) {
      if (mult > UINT64_MAX / base) {
        over = true;
      } else {
        mult *= base;
      }
    }
    if (!over && v > UINT64_MAX / mult) {
      over = true;
    } else {
      v *= mult;
    }
  }
  if (over) {
    if (overflow != nullptr) *overflow = true;
    return UINT64_MAX;
  }
  return v;
}

std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& operands) {
  if (operands.empty()) return {"-"};
  return operands;
}

std::string to_string_u(uint64_t v) {
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  return std::string(p, buf + sizeof buf);
}

}  // namespace kefka::cmd

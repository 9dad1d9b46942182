#include "commands/common/printf_format.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
int hex_value(char c) {
  return c <= '9' ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Formatter {
 public:
  Formatter(Context& ctx, std::string& out, bool utf8) : ctx_(ctx), out_(out), utf8_(utf8) {}

  // One escape at f[i] == '\\'; returns the index after it, or npos for \c.
  size_t escape(std::string_view f, size_t i, bool octal_0) {
    size_t p = i + 1;
    if (p >= f.size()) {
      out_ += '\\';
      return p;
    }
    char c = f[p];
    if (c == 'x') {
      size_t q = p + 1;
      int v = 0, n = 0;
      while (q < f.size() && n < 2 && is_hex(f[q])) {
        v = v * 16 + hex_value(f[q++]);
        ++n;
      }
      if (n == 0) {
        ctx_.error("missing hexadecimal number in escape");
        failed_ = fatal_ = true;
        return std::string_view::npos;
      }
      out_ += static_cast<char>(v);
      return q;
    }
    if (is_octal(c)) {
      size_t q = p;
      if (octal_0 && c == '0') ++q;
      int v = 0;
      for (int n = 0; n < 3 && q < f.size() && is_octal(f[q]); ++n) v = v * 8 + (f[q++] - '0');
      out_ += static_cast<char>(v & 0xFF);
      return q;
    }
    if (c == 'u' || c == 'U') {
      int digits = c == 'u' ? 4 : 8;
      size_t q = p + 1;
      uint32_t cp = 0;
      for (int n = 0; n < digits; ++n, ++q) {
        if (q >= f.size() || !is_hex(f[q])) {
          ctx_.error("missing hexadecimal number in escape");
          failed_ = fatal_ = true;
          return std::string_view::npos;
        }
        cp = cp * 16 + static_cast<uint32_t>(hex_value(f[q]));
      }
      if ((cp < 0xA0 && cp != 0x24 && cp != 0x40 && cp != 0x60) || (cp >= 0xD800 && cp <= 0xDFFF) ||
          cp > 0x10FFFF) {
        ctx_.error("invalid universal character name \\" + std::string(1, c) +
                   std::string(f.substr(p + 1, digits)));
        failed_ = fatal_ = true;
        return std::string_view::npos;
      }
      if (utf8_) {
        append_utf8(out_, cp);
      } else {
        char buf[16];
        std::snprintf(buf, sizeof buf, c == 'u' ? "\\u%04X" : "\\U%08X", cp);
        out_ += buf;
      }
      return q;
    }
    static const char kFrom[] = "\"\\abefnrtv";
    static const char kTo[] = "\"\\\a\b\x1b\f\n\r\t\v";
    if (const char* k = std::strchr(kFrom, c); k != nullptr && c != '\0') {
      out_ += kTo[k - kFrom];
      return p + 1;
    }
    if (c == 'c') {
      stopped_ = true;
      return std::string_view::npos;
    }
    out_ += '\\';
    out_ += c;
    return p + 1;
  }

  // Processes the format once; returns the number of arguments used.
  size_t pass(std::string_view f, const std::vector<std::string>& args, size_t first) {
    size_t ai = first;
    auto next_arg = [&]() -> const std::string* {
      return ai < args.size() ? &args[ai++] : nullptr;
    };
    for (size_t i = 0; i < f.size() && !stopped_ && !fatal_;) {
      char c = f[i];
      if (c == '\\') {
        i = escape(f, i, false);
        continue;
      }
      if (c != '%') {
        size_t next = f.find_first_of("%\\", i);
        if (next == std::string_view::npos) next = f.size();
        out_.append(f.substr(i, next - i));
        i = next;
        continue;
      }
      size_t start = i++;
      if (i < f.size() && f[i] == '%') {
        out_ += '%';
        ++i;
        continue;
      }
      std::string spec = "%";
      while (i < f.size() && std::strchr("-+ #0'", f[i]) != nullptr) spec += f[i++];
      // width
      bool has_width = false;
      if (i < f.size() && f[i] == '*') {
        ++i;
        const std::string* a = next_arg();
        spec += std::to_string(star_value(a, "width"));
        has_width = true;
      } else {
        while (i < f.size() && f[i] >= '0' && f[i] <= '9') spec += f[i++];
      }
      (void)has_width;
      if (i < f.size() && f[i] == '.') {
        spec += f[i++];
        if (i < f.size() && f[i] == '*') {
          ++i;
          const std::string* a = next_arg();
          spec += std::to_string(star_value(a, "precision"));
        } else {
          while (i < f.size() && f[i] >= '0' && f[i] <= '9') spec += f[i++];
        }
      }
      while (i < f.size() && std::strchr("hlLjtz", f[i]) != nullptr) ++i;
      if (i >= f.size() || std::strchr("diouxXfFeEgGaAcsbq", f[i]) == nullptr) {
        size_t len = i < f.size() ? i + 1 - start : i - start;
        ctx_.error(std::string(f.substr(start, len)) + ": invalid conversion specification");
        failed_ = fatal_ = true;
        return ai - first;
      }
      char conv = f[i++];
      convert(spec, conv, next_arg());
    }
    return ai - first;
  }

  bool stopped() const { return stopped_ || fatal_; }
  bool failed() const { return failed_; }

 private:
  long star_value(const std::string* a, const char* what) {
    if (a == nullptr) return 0;
    intmax_t v = int_arg(*a);
    if (v < INT32_MIN || v > INT32_MAX) {
      ctx_.error("invalid field " + std::string(what) + ": " + quote(*a));
      failed_ = fatal_ = true;
      return 0;
    }
    return static_cast<long>(v);
  }

  void check_converted(const std::string& s, const char* end, int err) {
    if (err != 0) {
      ctx_.error(quote(s) + ": " + std::strerror(err));
      failed_ = true;
    } else if (*end != '\0') {
      ctx_.error(quote(s) + (end == s.c_str() ? ": expected a numeric value"
                                              : ": value not completely converted"));
      failed_ = true;
    }
  }

  bool char_constant(const std::string& s, uintmax_t& v) {
    if (s.empty() || (s[0] != '\'' && s[0] != '"')) return false;
    v = s.size() > 1 ? static_cast<unsigned char>(s[1]) : 0;
    if (s.size() > 2) {
      ctx_.error("warning: " + s.substr(2) +
                 ": character(s) following character constant have been ignored");
    }
    return true;
  }

  intmax_t int_arg(const std::string& s) {
    uintmax_t cv;
    if (char_constant(s, cv)) return static_cast<intmax_t>(cv);
    char* end;
    errno = 0;
    intmax_t v = std::strtoimax(s.c_str(), &end, 0);
    check_converted(s, end, errno);
    return v;
  }

  uintmax_t uint_arg(const std::string& s) {
    uintmax_t cv;
    if (char_constant(s, cv)) return cv;
    char* end;
    errno = 0;
    uintmax_t v;
    // Like GNU: negative values wrap, as strtoumax does.
    v = std::strtoumax(s.c_str(), &end, 0);
    check_converted(s, end, errno);
    return v;
  }

  long double float_arg(const std::string& s) {
    uintmax_t cv;
    if (char_constant(s, cv)) return static_cast<long double>(cv);
    char* end;
    errno = 0;
    long double v = std::strtold(s.c_str(), &end);
    check_converted(s, end, errno);
    return v;
  }

  void append_formatted(const char* fmt, auto value) {
    char buf[512];
    int n = std::snprintf(buf, sizeof buf, fmt, value);
    if (n < 0) return;
    if (static_cast<size_t>(n) < sizeof buf) {
      out_.append(buf, static_cast<size_t>(n));
      return;
    }
    std::string big(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(big.data(), big.size(), fmt, value);
    out_.append(big.data(), static_cast<size_t>(n));
  }

  void convert(std::string spec, char conv, const std::string* arg) {
    static const std::string kEmpty;
    const std::string& a = arg != nullptr ? *arg : kEmpty;
    switch (conv) {
      case 'd':
      case 'i':
        spec += "j";
        spec += conv;
        append_formatted(spec.c_str(), arg != nullptr ? int_arg(a) : intmax_t{0});
        return;
      case 'o':
      case 'u':
      case 'x':
      case 'X':
        spec += "j";
        spec += conv;
        append_formatted(spec.c_str(), arg != nullptr ? uint_arg(a) : uintmax_t{0});
        return;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        spec += "L";
        spec += conv;
        append_formatted(spec.c_str(), arg != nullptr ? float_arg(a) : 0.0L);
        return;
      case 'c':
        spec += 'c';
        append_formatted(spec.c_str(),
                         static_cast<int>(a.empty() ? 0 : static_cast<unsigned char>(a[0])));
        if (a.empty()) {
          // snprintf wrote the NUL byte already through %c.
        }
        return;
      case 's':
        spec += 's';
        append_string(spec, a);
        return;
      case 'b': {
        std::string expanded;
        if (!append_echo_escapes(a, expanded)) stopped_ = true;
        spec += 's';
        append_string(spec, expanded);
        return;
      }
      case 'q':
        spec += 's';
        append_string(spec, quote_name(a));
        return;
      default:
        return;
    }
  }

  // %s with width/precision, safe for embedded NULs.
  void append_string(const std::string& spec, const std::string& s) {
    bool left = spec.find('-') != std::string::npos;
    size_t dot = spec.find('.');
    size_t wpos = 1;
    while (wpos < spec.size() && std::strchr("-+ #0'", spec[wpos]) != nullptr) ++wpos;
    size_t width = std::strtoul(spec.c_str() + wpos, nullptr, 10);
    std::string_view v = s;
    if (dot != std::string::npos) {
      size_t prec = std::strtoul(spec.c_str() + dot + 1, nullptr, 10);
      if (prec < v.size()) v = v.substr(0, prec);
    }
    size_t pad = width > v.size() ? width - v.size() : 0;
    if (!left) out_.append(pad, ' ');
    out_.append(v);
    if (left) out_.append(pad, ' ');
  }

  Context& ctx_;
  std::string& out_;
  bool utf8_;
  bool stopped_ = false;
  bool fatal_ = false;
  bool failed_ = false;
};

}  // namespace

bool append_echo_escapes(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    char e = text[++i];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'c':
        return false;
      case 'e':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < text.size() && is_hex(text[i + 1])) {
          v = v * 16 + hex_value(text[++i]);
          ++n;
        }
        if (n == 0) {
          out += "\\x";
        } else {
          out += static_cast<char>(v);
        }
        break;
      }
      default:
        if (is_octal(e)) {
          // \0NNN or \NNN: up to three octal digits after an optional leading 0.
          size_t q = e == '0' ? i + 1 : i;
          int v = 0;
          for (int n = 0; n < 3 && q < text.size() && is_octal(text[q]); ++n)
            v = v * 8 + (text[q++] - '0');
          out += static_cast<char>(v & 0xFF);
          i = q - 1;
        } else {
          out += '\\';
          out += e;
        }
        break;
    }
  }
  return true;
}

PrintfOutcome run_printf(Context& ctx, std::string_view format,
                         const std::vector<std::string>& args, std::string& out, bool utf8) {
  Formatter f(ctx, out, utf8);
  size_t used_total = 0;
  for (;;) {
    ctx.budget.check();
    size_t used = f.pass(format, args, used_total);
    used_total += used;
    if (f.stopped() || used == 0 || used_total >= args.size()) {
      if (used_total == 0 && !args.empty() && !f.stopped()) {
        ctx.error("warning: ignoring excess arguments, starting with " + quote(args[0]));
      }
      break;
    }
  }
  return {f.failed() ? 1 : 0};
}

}  // namespace kefka::cmd

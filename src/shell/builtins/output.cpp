// : true false echo printf
#include <cmath>
#include <cstring>
#include <ctime>
#include <optional>

#include "commands/common/time_zone.h"
#include "commands/files/file_util.h"
#include "shell/arith.h"
#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/util.h"

namespace kefka::shell {

int b_colon(ShellState&, Args&) {
  return 0;
}
int b_true(ShellState&, Args&) {
  return 0;
}
int b_false(ShellState&, Args&) {
  return 1;
}

int b_echo(ShellState& st, Args& argv) {
  bool newline = true;
  bool escapes = st.opt_.xpg_echo;
  size_t i = 1;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-' || a.find_first_not_of("neE", 1) != std::string::npos) break;
    for (size_t k = 1; k < a.size(); ++k) {
      if (a[k] == 'n') newline = false;
      if (a[k] == 'e') escapes = true;
      if (a[k] == 'E') escapes = false;
    }
  }
  std::string out;
  bool stop = false;
  for (size_t k = i; k < argv.size() && !stop; ++k) {
    if (k > i) out += ' ';
    if (escapes) {
      out += decode_escapes(argv[k], EscapeStyle::Echo, &stop);
    } else {
      out += argv[k];
    }
  }
  if (newline && !stop) out += '\n';
  st.out(out);
  return 0;
}

// ---------------------------------------------------------------------------
// printf

namespace {

struct PrintfState {
  ShellState& st;
  const Args& args;
  size_t next;
  int status = 0;
  bool consumed = false;
  std::optional<cmd::TimeZone> zone;  // exported TZ, loaded by the first %(...)T

  const cmd::TimeZone& time_zone() {
    if (!zone) {
      // Like bash, only an exported TZ counts (it is what tzset sees).
      cmd::Environment env = st.environment();
      auto tz = env.find("TZ");
      zone = tz == env.end() ? cmd::TimeZone() : cmd::TimeZone::load(st.fs_view(), tz->second);
    }
    return *zone;
  }

  const std::string* take() {
    if (next >= args.size()) return nullptr;
    consumed = true;
    return &args[next++];
  }

  int64_t take_int() {
    const std::string* a = take();
    if (a == nullptr || a->empty()) return 0;
    return to_int(*a);
  }

  int64_t to_int(const std::string& s) {
    if (s.size() >= 2 && (s[0] == '\'' || s[0] == '"')) {
      return static_cast<unsigned char>(s[1]);
    }
    int64_t v;
    if (parse_arith_number(s, v)) return v;
    // Leading number followed by junk: bash prints the prefix and an error.
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    st.error("printf: " + s + ": invalid number");
    status = 1;
    if (j > i && parse_int(s.substr(i, j - i), v)) return v;
    return 0;
  }

  double take_double() {
    const std::string* a = take();
    if (a == nullptr || a->empty()) return 0;
    if (a->size() >= 2 && ((*a)[0] == '\'' || (*a)[0] == '"')) {
      return static_cast<unsigned char>((*a)[1]);
    }
    char* end = nullptr;
    double d = std::strtod(a->c_str(), &end);
    if (end == a->c_str() || *end != '\0') {
      st.error("printf: " + *a + ": invalid number");
      status = 1;
    }
    return d;
  }
};

// Formats with the C library, for one conversion spec (flags/width/precision given).
std::string cformat(const std::string& spec, auto value) {
  char buf[512];
  int n = std::snprintf(buf, sizeof buf, spec.c_str(), value);
  if (n < 0) return "";
  if (static_cast<size_t>(n) < sizeof buf) return std::string(buf, static_cast<size_t>(n));
  std::string big(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(big.data(), big.size(), spec.c_str(), value);
  big.resize(static_cast<size_t>(n));
  return big;
}

// One pass over the format. Returns false when output must stop (\c in %b).
bool printf_once(PrintfState& ps, const std::string& fmt, std::string& out) {
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '\\') {
      // Backslash escapes of the format string.
      size_t j = i + 1;
      if (j < fmt.size() && fmt[j] == 'c') return false;
      std::string esc = "\\";
      if (j < fmt.size()) {
        esc += fmt[j];
        if (fmt[j] >= '0' && fmt[j] <= '7') {
          size_t k = j + 1;
          while (k < fmt.size() && k < j + 3 && fmt[k] >= '0' && fmt[k] <= '7') esc += fmt[k++];
          i = k - 1;
        } else if (fmt[j] == 'x') {
          size_t k = j + 1;
          while (k < fmt.size() && k < j + 3 && std::isxdigit(static_cast<unsigned char>(fmt[k])))
            esc += fmt[k++];
          i = k - 1;
        } else if (fmt[j] == 'u' || fmt[j] == 'U') {
          size_t max = fmt[j] == 'u' ? 4 : 8;
          size_t k = j + 1;
          while (k < fmt.size() && k < j + 1 + max &&
                 std::isxdigit(static_cast<unsigned char>(fmt[k])))
            esc += fmt[k++];
          i = k - 1;
        } else {
          i = j;
        }
      }
      out += decode_escapes(esc, EscapeStyle::Printf);
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      out.push_back('%');
      ++i;
      continue;
    }
    // %[flags][width][.precision]conv
    size_t j = i + 1;
    std::string flags;
    while (j < fmt.size() && std::strchr("-+ #0", fmt[j]) && fmt[j] != '\0') flags += fmt[j++];
    std::string width;
    if (j < fmt.size() && fmt[j] == '*') {
      width = std::to_string(ps.take_int());
      ++j;
    } else {
      while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j]))) width += fmt[j++];
    }
    std::string precision;
    bool has_precision = false;
    if (j < fmt.size() && fmt[j] == '.') {
      has_precision = true;
      ++j;
      if (j < fmt.size() && fmt[j] == '*') {
        precision = std::to_string(ps.take_int());
        ++j;
      } else {
        while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j])))
          precision += fmt[j++];
      }
    }
    // Length modifiers are accepted and ignored.
    while (j < fmt.size() && std::strchr("hlLjzt", fmt[j]) && fmt[j] != '\0') ++j;
    std::string time_fmt;
    if (j < fmt.size() && fmt[j] == '(') {
      size_t close = fmt.find(")T", j);
      if (close != std::string::npos) {
        time_fmt = fmt.substr(j + 1, close - j - 1);
        j = close + 1;
      }
    }
    if (j >= fmt.size()) {
      ps.st.error("printf: `" + fmt.substr(i) + "': missing format character");
      ps.status = 1;
      return false;
    }
    char conv = fmt[j];
    i = j;
    std::string spec = "%" + flags + width + (has_precision ? "." + precision : "");
    switch (conv) {
      case 's': {
        const std::string* a = ps.take();
        out += cformat(spec + "s", a ? a->c_str() : "");
        break;
      }
      case 'b': {
        const std::string* a = ps.take();
        bool stop = false;
        std::string decoded = decode_escapes(a ? *a : "", EscapeStyle::PrintfB, &stop);
        out += cformat(spec + "s", decoded.c_str());
        if (stop) return false;
        break;
      }
      case 'q': {
        const std::string* a = ps.take();
        out += cformat(spec + "s", quote_printf_q(a ? *a : "").c_str());
        break;
      }
      case 'c': {
        const std::string* a = ps.take();
        char ch = a && !a->empty() ? (*a)[0] : '\0';
        if (a && !a->empty()) {
          out += cformat(spec + "c", ch);
        } else {
          out += cformat(spec + "s", "");
        }
        break;
      }
      case 'd':
      case 'i': {
        int64_t v = ps.take_int();
        out += cformat(spec + "lld", static_cast<long long>(v));
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        int64_t v = ps.take_int();
        out += cformat(spec + "ll" + conv, static_cast<unsigned long long>(v));
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'a':
      case 'A': {
        double v = ps.take_double();
        out += cformat(spec + conv, v);
        break;
      }
      case 'T': {
        const std::string* a = ps.take();
        time_t t = std::time(nullptr);
        if (a && !a->empty()) {
          int64_t v = ps.to_int(*a);
          if (v != -1 && v != -2) t = static_cast<time_t>(v);
        }
        std::string text =
            cmd::files::strftime_in_zone(time_fmt.empty() ? "%X" : time_fmt, t, ps.time_zone());
        if (text.size() > 127) text.clear();  // bash's buffer is 128 bytes
        out += cformat(spec + "s", text.c_str());
        break;
      }
      default:
        ps.st.error(std::string("printf: `") + conv + "': invalid format character");
        ps.status = 1;
        return false;
    }
  }
  return true;
}

}  // namespace

int b_printf(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "v:");
  if (!flags) return 2;
  size_t i = flags->next;
  const std::string* var_arg = flags->value('v');
  bool has_var = var_arg != nullptr;
  std::string var = has_var ? *var_arg : "";
  if (i >= argv.size()) {
    st.err("printf: usage: printf [-v var] format [arguments]\n");
    return 2;
  }
  std::string fmt = argv[i++];
  PrintfState ps{st, argv, i};
  std::string out;
  for (;;) {
    ps.consumed = false;
    if (!printf_once(ps, fmt, out)) break;
    if (ps.next >= argv.size() || !ps.consumed) break;
  }
  if (has_var) {
    if (!is_valid_name(var.substr(0, var.find('[')))) {
      st.error("printf: `" + var + "': not a valid identifier");
      return 2;
    }
    size_t br = var.find('[');
    if (br != std::string::npos && var.back() == ']') {
      st.set_element(var.substr(0, br), var.substr(br + 1, var.size() - br - 2), out);
    } else {
      st.set_var(var, out);
    }
  } else {
    st.out(out);
  }
  return ps.status;
}

}  // namespace kefka::shell

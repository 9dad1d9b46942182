// numfmt: convert numbers to/from human-readable strings (GNU coreutils 9.1):
// --from/--to si, iec, iec-i (and auto for --from), --suffix, --padding,
// --field, -d, --header, --from-unit/--to-unit; rounding "from-zero" (GNU's
// default). Numbers come from the operands or, without any, from stdin lines.
#include <cmath>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'d', "delimiter", ArgKind::Required, "X", "use X instead of whitespace for field delimiter"},
    {0, "field", ArgKind::Required, "FIELDS",
     "replace the number in these input fields (default=1)"},
    {0, "from", ArgKind::Required, "UNIT", "auto-scale input numbers to UNITs; default is 'none'"},
    {0, "from-unit", ArgKind::Required, "N",
     "specify the input unit size (instead of the default 1)"},
    {0, "header", ArgKind::Optional, "N", "print (without converting) the first N header lines"},
    {0, "padding", ArgKind::Required, "N", "pad the output to N characters"},
    {0, "suffix", ArgKind::Required, "SUFFIX", "add SUFFIX to output numbers"},
    {0, "to", ArgKind::Required, "UNIT", "auto-scale output numbers to UNITs"},
    {0, "to-unit", ArgKind::Required, "N", "the output unit size (instead of the default 1)"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

enum class Scale { kNone, kSi, kIec, kIecI, kAuto };

constexpr std::string_view kUnits = "KMGTPEZYRQ";

bool parse_scale(Context& ctx, const std::string& v, const char* opt, bool allow_auto, Scale& out) {
  if (v == "none")
    out = Scale::kNone;
  else if (v == "si")
    out = Scale::kSi;
  else if (v == "iec")
    out = Scale::kIec;
  else if (v == "iec-i")
    out = Scale::kIecI;
  else if (v == "auto" && allow_auto)
    out = Scale::kAuto;
  else {
    ctx.error("invalid argument " + quote(v) + " for " + quote(std::string("--") + opt));
    ctx.err() << "Valid arguments are:\n  - " << quote("none") << '\n';
    if (allow_auto) ctx.err() << "  - " << quote("auto") << '\n';
    for (const char* w : {"si", "iec", "iec-i"}) ctx.err() << "  - " << quote(w) << '\n';
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return false;
  }
  return true;
}

struct Settings {
  Scale from = Scale::kNone, to = Scale::kNone;
  std::string suffix;
  long padding = 0;
  long double from_unit = 1, to_unit = 1;
};

// Parses a number with an optional unit suffix; error text on failure.
bool parse_input(std::string_view text, const Settings& s, long double& out, std::string& error) {
  std::string t(text);
  char* end;
  long double v = std::strtold(t.c_str(), &end);
  if (end == t.c_str()) {
    error = "invalid number: " + quote(text);
    return false;
  }
  std::string_view rest(end);
  if (!s.suffix.empty() && rest.ends_with(s.suffix)) rest.remove_suffix(s.suffix.size());
  if (!rest.empty()) {
    size_t u = kUnits.find(static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0]))));
    if (u == std::string_view::npos || s.from == Scale::kNone || (rest[0] == 'k' && false)) {
      error = s.from == Scale::kNone && u != std::string_view::npos
                  ? "rejecting suffix in input: " + quote(text) + " (consider using --from)"
                  : "invalid suffix in input: " + quote(text);
      return false;
    }
    bool has_i = rest.size() > 1 && rest[1] == 'i';
    if (rest.size() > (has_i ? 2u : 1u)) {
      error = "invalid suffix in input " + quote(text) + ": " + quote(rest.substr(has_i ? 2 : 1));
      return false;
    }
    long double base = 1000;
    if (s.from == Scale::kIec || s.from == Scale::kIecI || (s.from == Scale::kAuto && has_i))
      base = 1024;
    if (s.from == Scale::kIecI && !has_i) {
      error = "missing 'i' suffix in input: " + quote(text) + " (e.g. Ki/Mi/Gi)";
      return false;
    }
    v *= std::pow(base, static_cast<long double>(u + 1));
  }
  out = v * s.from_unit;
  return true;
}

std::string format_output(long double v, const Settings& s) {
  v /= s.to_unit;
  char buf[128];
  std::string out;
  if (s.to == Scale::kNone) {
    long double r = v < 0 ? -std::ceil(-v) : std::ceil(v);
    std::snprintf(buf, sizeof buf, "%.0Lf", r);
    out = buf;
  } else {
    long double base = s.to == Scale::kSi ? 1000 : 1024;
    long double a = std::fabs(v);
    int power = 0;
    while (a >= base && power < static_cast<int>(kUnits.size())) {
      a /= base;
      ++power;
    }
    if (power == 0) {
      std::snprintf(buf, sizeof buf, "%.0Lf", std::ceil(a));
      out = buf;
    } else {
      // One decimal below 10, none above; rounding away from zero.
      long double r = a < 10 ? std::ceil(a * 10) / 10 : std::ceil(a);
      if (r >= base && power < static_cast<int>(kUnits.size())) {
        r /= base;
        ++power;
        r = std::ceil(r * 10) / 10;
      }
      if (r < 10)
        std::snprintf(buf, sizeof buf, "%.1Lf", r);
      else
        std::snprintf(buf, sizeof buf, "%.0Lf", r);
      out = buf;
      out += kUnits[power - 1];
      if (s.to == Scale::kIecI) out += 'i';
    }
    if (v < 0) out = "-" + out;
  }
  out += s.suffix;
  if (s.padding > 0 && out.size() < static_cast<size_t>(s.padding)) {
    out = std::string(static_cast<size_t>(s.padding) - out.size(), ' ') + out;
  } else if (s.padding < 0 && out.size() < static_cast<size_t>(-s.padding)) {
    out += std::string(static_cast<size_t>(-s.padding) - out.size(), ' ');
  }
  return out;
}

int run(Context& ctx, const Args& args) {
  Settings s;
  std::string delim;
  size_t field = 1;
  uint64_t header = 0;
  for (const auto& o : args.options) {
    std::string_view l = o.spec->long_name;
    if (l == "from" && !parse_scale(ctx, o.value, "from", true, s.from)) return 1;
    if (l == "to" && !parse_scale(ctx, o.value, "to", false, s.to)) return 1;
    if (l == "suffix") s.suffix = o.value;
    if (l == "padding") {
      char* end;
      s.padding = std::strtol(o.value.c_str(), &end, 10);
      if (o.value.empty() || *end != '\0' || s.padding == 0) {
        ctx.error("invalid padding value " + quote(o.value));
        return 1;
      }
    }
    if (l == "field") {
      auto v = parse_decimal(o.value);
      if (!v || *v == 0) {
        ctx.error("invalid field value " + quote(o.value));
        return 1;
      }
      field = static_cast<size_t>(*v);
    }
    if (l == "header") header = o.has_value ? parse_decimal(o.value).value_or(1) : 1;
    if (l == "from-unit" || l == "to-unit") {
      auto v = parse_decimal(o.value);
      if (!v || *v == 0) {
        ctx.error("invalid unit size: " + quote(o.value));
        return 1;
      }
      (l == "from-unit" ? s.from_unit : s.to_unit) = static_cast<long double>(*v);
    }
    if (o.spec->short_name == 'd') {
      if (o.value.size() != 1) {
        ctx.error("the delimiter must be a single character");
        return 1;
      }
      delim = o.value;
    }
  }
  int status = 0;
  auto convert_word = [&](std::string_view w, std::string& out) {
    long double v;
    std::string err;
    if (!parse_input(w, s, v, err)) {
      ctx.flush_output();
      ctx.error(err);
      status = 2;
      return false;
    }
    out = format_output(v, s);
    return true;
  };
  if (!args.operands.empty()) {
    for (const std::string& a : args.operands) {
      std::string out;
      if (!convert_word(a, out)) return 2;
      ctx.out() << out << '\n';
    }
    return status;
  }
  char eol = args.has('z') ? '\0' : '\n';
  LineReader reader(ctx.in(), eol);
  std::string line;
  while (reader.next(line)) {
    if (header > 0) {
      --header;
      ctx.out() << line << eol;
      continue;
    }
    // Split into fields keeping the separators, convert the chosen one.
    std::string result;
    size_t idx = 0, i = 0, f = 0;
    bool ok = true;
    while (i <= line.size()) {
      size_t start = i;
      if (delim.empty()) {
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      }
      size_t word_start = i;
      while (i < line.size() && (delim.empty() ? !std::isspace(static_cast<unsigned char>(line[i]))
                                               : line[i] != delim[0]))
        ++i;
      ++f;
      std::string_view word(line.data() + word_start, i - word_start);
      result.append(line, start, word_start - start);
      if (f == field) {
        std::string conv;
        if (!convert_word(word, conv)) {
          ok = false;
          break;
        }
        if (delim.empty() && s.padding == 0 && word_start > start &&
            conv.size() < word.size() + (word_start - start)) {
          // GNU keeps the field's width when it was padded with blanks.
          size_t width = word.size() + (word_start - start);
          result.resize(result.size() - (word_start - start));
          conv = std::string(width > conv.size() ? width - conv.size() : 0, ' ') + conv;
        }
        result += conv;
      } else {
        result += word;
      }
      if (i >= line.size()) break;
      if (!delim.empty()) result += delim[0];
      ++i;
      if (delim.empty()) --i;
      (void)idx;
    }
    if (!ok) return 2;
    ctx.out() << result << eol;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    numfmt,
    {
        .name = "numfmt",
        .usage = "numfmt [OPTION]... [NUMBER]...",
        .summary = "Reformat NUMBER(s), or the numbers from standard input if none are specified.",
        .options = kOptions,
        .main = run,
    });

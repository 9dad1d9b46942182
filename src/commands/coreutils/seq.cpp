// seq: print a sequence of numbers (GNU coreutils 9.1): integer fast path,
// GNU's precision and -w width rules for decimal arguments, -f/-s.
// Values are computed as FIRST + i*STEP (no accumulated drift), like GNU.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"
#include "commands/files/file_util.h"
#include "commands/registry.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'f', "format", ArgKind::Required, "FORMAT", "use printf style floating-point FORMAT"},
    {'s', "separator", ArgKind::Required, "STRING",
     "use STRING to separate numbers (default: \\n)"},
    {'w', "equal-width", ArgKind::None, "", "equalize width by padding with leading zeroes"},
};

struct Operand {
  long double value = 0;
  int precision = 0;  // INT32_MAX: unknown (exponent or hex)
  int width = 0;
  bool integer = false;
};

bool scan(Context& ctx, const std::string& arg, Operand& out) {
  char* end;
  const char* s = arg.c_str();
  while (*s == ' ' || *s == '\t') ++s;
  out.value = std::strtold(arg.c_str(), &end);
  if (end == arg.c_str() || *end != '\0' || arg.empty() || std::isnan(out.value)) {
    ctx.error("invalid floating point argument: " + files::quote_value(ctx, arg));
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return false;
  }
  out.width = static_cast<int>(arg.size());
  out.precision = INT32_MAX;
  bool hex = arg.find_first_of("xX") != std::string::npos;
  bool expo = arg.find_first_of("eE") != std::string::npos;
  if (!hex && !expo && std::isfinite(out.value)) {
    size_t dot = arg.find('.');
    if (dot == std::string::npos) {
      out.precision = 0;
    } else {
      size_t frac = arg.size() - dot - 1;
      out.precision = static_cast<int>(frac);
      out.width +=
          frac == 0 ? -1 : (dot == 0 || !std::isdigit(static_cast<unsigned char>(arg[dot - 1])));
    }
  } else if (!hex && expo && std::isfinite(out.value)) {
    // Precision of a number like 1.5e3: fraction digits minus the exponent.
    size_t e = arg.find_first_of("eE");
    size_t dot = arg.find('.');
    long frac = dot == std::string::npos || dot > e ? 0 : static_cast<long>(e - dot - 1);
    long exponent = std::strtol(arg.c_str() + e + 1, nullptr, 10);
    long p = frac - exponent;
    out.precision = static_cast<int>(p < 0 ? 0 : p);
    out.width = static_cast<int>(e) + static_cast<int>(exponent > 0 ? exponent : 0);
  }
  out.integer = out.precision == 0 && std::fabs(out.value) < 9.0e18L;
  return true;
}

// Checks a -f FORMAT: exactly one floating-point directive.
bool check_format(Context& ctx, const std::string& f) {
  int directives = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') continue;
    if (i + 1 < f.size() && f[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < f.size() && std::strchr("-+ #0'", f[j])) ++j;
    while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
    if (j < f.size() && f[j] == '.') {
      ++j;
      while (j < f.size() && std::isdigit(static_cast<unsigned char>(f[j]))) ++j;
    }
    if (j >= f.size() || !std::strchr("aAeEfFgG", f[j])) {
      if (j >= f.size()) {
        ctx.error("format " + files::quote_value(ctx, f) + " ends in %");
      } else {
        ctx.error("format " + files::quote_value(ctx, f) + " has unknown %" + std::string(1, f[j]) +
                  " directive");
      }
      return false;
    }
    if (++directives > 1) {
      ctx.error("format " + files::quote_value(ctx, f) + " has too many % directives");
      return false;
    }
    i = j;
  }
  if (directives == 0) {
    ctx.error("format " + files::quote_value(ctx, f) + " has no % directive");
    return false;
  }
  return true;
}

// Turns a user format's directive into a long double one ("%.2f" -> "%.2Lf").
std::string long_double_format(const std::string& f) {
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    out += f[i];
    if (f[i] != '%') continue;
    if (i + 1 < f.size() && f[i + 1] == '%') {
      out += f[++i];
      continue;
    }
    size_t j = i + 1;
    while (j < f.size() && !std::strchr("aAeEfFgG", f[j])) out += f[j++];
    out += 'L';
    out += f[j];
    i = j;
  }
  return out;
}

int run_parsed(Context& ctx, const Args& args);

}  // namespace

namespace {

// Like GNU seq, options end at the first operand or at a negative number
// ("seq -3 -1"), so the command parses its own arguments.
int run(Context& ctx, const Args& raw) {
  const auto& argv = ctx.argv;
  size_t end = 1;
  while (end < argv.size()) {
    const std::string& a = argv[end];
    if (a == "--") break;
    if (a.size() < 2 || a[0] != '-') break;
    if (a[1] == '.' || std::isdigit(static_cast<unsigned char>(a[1]))) break;
    bool takes_value = (a.size() == 2 && (a[1] == 'f' || a[1] == 's')) ||
                       (a.size() > 2 && a[1] == 'w' && (a.back() == 'f' || a.back() == 's') &&
                        a.find_first_not_of("w", 1) == a.size() - 1) ||
                       (a.starts_with("--") && a.find('=') == std::string::npos &&
                        (std::string_view("--format").starts_with(a) ||
                         std::string_view("--separator").starts_with(a)) &&
                        a.size() > 2);
    end += takes_value ? 2 : 1;
  }
  end = std::min(end, argv.size());
  CommandSpec spec = *find_command("seq");
  spec.flags = kStopAtFirstOperand;
  std::vector<std::string> head(argv.begin(), argv.begin() + static_cast<ptrdiff_t>(end));
  ParseResult parsed = parse_options(spec, head);
  switch (parsed.kind) {
    case ParseResult::Kind::kError:
      return usage_error(ctx, parsed.error);
    case ParseResult::Kind::kHelp:
      ctx.out() << format_help(spec, ctx.name());
      return kExitSuccess;
    case ParseResult::Kind::kVersion:
      ctx.out() << format_version(spec);
      return kExitSuccess;
    case ParseResult::Kind::kOk:
      break;
  }
  size_t rest = end < argv.size() && argv[end] == "--" ? end + 1 : end;
  for (size_t i = rest; i < argv.size(); ++i) parsed.args.operands.push_back(argv[i]);
  (void)raw;
  return run_parsed(ctx, parsed.args);
}

int run_parsed(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) return usage_error(ctx, "missing operand");
  if (ops.size() > 3) return usage_error(ctx, "extra operand " + files::quote_value(ctx, ops[3]));
  const std::string* format = args.value('f');
  bool equal_width = args.has('w');
  std::string sep = args.value('s') ? *args.value('s') : "\n";
  if (format != nullptr && equal_width) {
    return usage_error(ctx, "format string may not be specified when printing equal width strings");
  }
  Operand first{1, 0, 1, true}, step{1, 0, 1, true}, last;
  if (!scan(ctx, ops.back(), last)) return kExitFailure;
  if (ops.size() >= 2 && !scan(ctx, ops[0], first)) return kExitFailure;
  if (ops.size() == 3) {
    if (!scan(ctx, ops[1], step)) return kExitFailure;
    if (step.value == 0) {
      ctx.error("invalid Zero increment value: " + files::quote_value(ctx, ops[1]));
      ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
      return kExitFailure;
    }
  }
  if (format != nullptr && !check_format(ctx, *format)) return kExitFailure;

  std::string fmt;
  if (format != nullptr) {
    fmt = long_double_format(*format);
  } else {
    int prec = std::max(first.precision, step.precision);
    if (prec != INT32_MAX && last.precision != INT32_MAX) {
      if (equal_width) {
        int first_width = first.width + (prec - first.precision);
        int last_width = last.width + (prec - last.precision);
        if (last.precision && prec == 0) last_width--;
        if (last.precision == 0 && prec) last_width++;
        if (first.precision == 0 && prec) first_width++;
        fmt = "%0" + std::to_string(std::max(first_width, last_width)) + "." +
              std::to_string(prec) + "Lf";
      } else {
        fmt = "%." + std::to_string(prec) + "Lf";
      }
    } else {
      fmt = "%Lg";
    }
  }

  BufferedWriter& out = ctx.out();
  char buf[256];
  bool any = false;
  // Integer fast path: no formatting work per number beyond digits.
  if (format == nullptr && !equal_width && first.integer && step.integer && last.integer) {
    auto a = static_cast<int64_t>(first.value), d = static_cast<int64_t>(step.value),
         z = static_cast<int64_t>(last.value);
    for (int64_t v = a; d > 0 ? v <= z : v >= z; v += d) {
      if (any) out.write(sep);
      int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
      out.write(std::string_view(buf, static_cast<size_t>(n)));
      any = true;
      if ((v & 0xFFF) == 0) {
        ctx.budget.check();
        if (ctx.output_failed()) return kExitSuccess;
      }
      if ((d > 0 && v > INT64_MAX - d) || (d < 0 && v < INT64_MIN - d)) break;
    }
  } else {
    for (uint64_t i = 0;; ++i) {
      long double x = first.value + static_cast<long double>(i) * step.value;
      if (step.value < 0 ? x < last.value : x > last.value) break;
      if (any) out.write(sep);
      int n = std::snprintf(buf, sizeof buf, fmt.c_str(), x);
      out.write(std::string_view(buf, static_cast<size_t>(std::min<int>(n, sizeof buf - 1))));
      any = true;
      if ((i & 0xFFF) == 0) {
        ctx.budget.check();
        if (ctx.output_failed()) return kExitSuccess;
      }
      if (std::isinf(x)) break;
    }
  }
  if (any) out.put('\n');
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(seq,
              {
                  .name = "seq",
                  .usage = "seq [OPTION]... LAST\nseq [OPTION]... FIRST LAST\nseq [OPTION]... "
                           "FIRST INCREMENT LAST",
                  .summary = "Print numbers from FIRST to LAST, in steps of INCREMENT.",
                  .options = kOptions,
                  .main = run,
                  .flags = kRawArguments,
                  .epilog = "If FIRST or INCREMENT is omitted, it defaults to 1.  That is, an\n"
                            "omitted INCREMENT defaults to 1 even when LAST is smaller than FIRST.",
              });

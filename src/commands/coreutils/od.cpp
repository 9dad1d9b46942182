// od: dump files in octal and other formats (GNU coreutils 9.1): -A, -t
// (a, c, d/o/u/x with sizes 1 2 4 8, 'z' suffix), the traditional -b -c -d -o
// -s -x -i -l, -j, -N, -v, -w; GNU's column padding across several -t types
// and '*' for repeated lines. Floating-point types are not supported.
#include <cctype>
#include <cstring>
#include <numeric>

#include "commands/command.h"
#include "commands/common/util.h"
#include "commands/files/file_util.h"

namespace kefka::cmd {
namespace {

// GNU reports bad -j/-N/-w numbers through xstrtol_fatal, whose quotes stay
// ASCII even under a UTF-8 locale.
std::string ascii_quote(std::string_view value) {
  return files::quote_value(value, false);
}

// xstrtol_fatal's message for a bad number: the option as the user typed it
// (-N or --read-bytes), "invalid suffix in" after leading digits.
std::string bad_number_message(const Context& ctx, char short_name, std::string_view long_name,
                               std::string_view value) {
  std::string option = std::string("-") + short_name;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    std::string_view a = ctx.argv[i];
    if (a == "--") break;
    std::string_view name = a.substr(0, a.find('='));
    if (name.size() > 2 && name.starts_with("--") && long_name.starts_with(name.substr(2))) {
      option = "--" + std::string(long_name);
    }
  }
  bool digits_first = !value.empty() && std::isdigit(static_cast<unsigned char>(value[0]));
  return std::string(digits_first ? "invalid suffix in " : "invalid ") + option + " argument " +
         ascii_quote(value);
}

constexpr OptionSpec kOptions[] = {
    {'A', "address-radix", ArgKind::Required, "RADIX",
     "output format for file offsets; RADIX is one\n  of [doxn], for Decimal, Octal, Hex or None"},
    {'j', "skip-bytes", ArgKind::Required, "BYTES", "skip BYTES input bytes first"},
    {'N', "read-bytes", ArgKind::Required, "BYTES", "limit dump to BYTES input bytes"},
    {'S', "strings", ArgKind::Optional, "BYTES", "output strings of at least BYTES graphic chars"},
    {'t', "format", ArgKind::Required, "TYPE", "select output format or formats"},
    {'v', "output-duplicates", ArgKind::None, "", "do not use * to mark line suppression"},
    {'w', "width", ArgKind::Optional, "BYTES",
     "output BYTES bytes per output line;\n  32 is implied when BYTES is not specified"},
    {0, "traditional", ArgKind::None, "", "accept arguments in third form above"},
    {'a', "", ArgKind::None, "", "same as -t a,  select named characters, ignoring high-order bit"},
    {'b', "", ArgKind::None, "", "same as -t o1, select octal bytes"},
    {'c', "", ArgKind::None, "", "same as -t c,  select printable characters or backslash escapes"},
    {'d', "", ArgKind::None, "", "same as -t u2, select unsigned decimal 2-byte units"},
    {'i', "", ArgKind::None, "", "same as -t dI, select decimal ints"},
    {'l', "", ArgKind::None, "", "same as -t dL, select decimal longs"},
    {'o', "", ArgKind::None, "", "same as -t o2, select octal 2-byte units"},
    {'s', "", ArgKind::None, "", "same as -t d2, select decimal 2-byte units"},
    {'x', "", ArgKind::None, "", "same as -t x2, select hexadecimal 2-byte units"},
};

struct Spec {
  char kind;                // a c d o u x
  int size;                 // bytes per field
  bool dump_chars = false;  // 'z' suffix
  int width = 0;            // field width without the separating space
  int pad = 0;              // extra padding spread over a line's fields
};

int field_width(char kind, int size) {
  switch (kind) {
    case 'a':
    case 'c':
      return 3;
    case 'd':
      return size == 1 ? 4 : size == 2 ? 6 : size == 4 ? 11 : 20;
    case 'u':
      return size == 1 ? 3 : size == 2 ? 5 : size == 4 ? 10 : 20;
    case 'o':
      return size == 1 ? 3 : size == 2 ? 6 : size == 4 ? 11 : 22;
    case 'x':
      return size * 2;
    default:
      return 0;
  }
}

bool parse_type(Context& ctx, std::string_view t, std::vector<Spec>& out) {
  size_t i = 0;
  while (i < t.size()) {
    char k = t[i++];
    Spec s{k, 1};
    if (k == 'a' || k == 'c') {
      s.size = 1;
    } else if (k == 'd' || k == 'o' || k == 'u' || k == 'x') {
      s.size = 4;
      if (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
        int n = 0;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
          n = n * 10 + (t[i++] - '0');
        if (n != 1 && n != 2 && n != 4 && n != 8) {
          ctx.error("invalid type string " + quote(t) + ";\nthis system doesn't provide a " +
                    std::to_string(n) + "-byte integral type");
          return false;
        }
        s.size = n;
      } else if (i < t.size() && std::strchr("CSIL", t[i])) {
        char c = t[i++];
        s.size = c == 'C' ? 1 : c == 'S' ? 2 : c == 'I' ? 4 : 8;
      }
    } else if (k == 'f') {
      ctx.error("floating-point output formats are not supported in this sandbox");
      return false;
    } else {
      ctx.error("invalid character '" + std::string(1, k) + "' in type string " + quote(t));
      return false;
    }
    if (i < t.size() && t[i] == 'z') {
      s.dump_chars = true;
      ++i;
    }
    s.width = field_width(s.kind, s.size);
    out.push_back(s);
  }
  return true;
}

const char* const kNames[] = {"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs",
                              "ht",  "nl",  "vt",  "ff",  "cr",  "so",  "si",  "dle", "dc1",
                              "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em",  "sub",
                              "esc", "fs",  "gs",  "rs",  "us",  "sp"};

std::string field_text(const Spec& s, const unsigned char* p) {
  char buf[32];
  if (s.kind == 'a') {
    unsigned c = p[0] & 0x7f;
    if (c <= 32) return kNames[c];
    if (c == 127) return "del";
    return std::string(1, static_cast<char>(c));
  }
  if (s.kind == 'c') {
    unsigned char c = p[0];
    switch (c) {
      case 0:
        return "\\0";
      case '\a':
        return "\\a";
      case '\b':
        return "\\b";
      case '\f':
        return "\\f";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\v':
        return "\\v";
      default:
        break;
    }
    if (c >= 0x20 && c < 0x7f) return std::string(1, static_cast<char>(c));
    std::snprintf(buf, sizeof buf, "%03o", c);
    return buf;
  }
  uint64_t v = 0;
  for (int k = s.size - 1; k >= 0; --k) v = v << 8 | p[k];  // little endian
  switch (s.kind) {
    case 'd': {
      int64_t sv = s.size == 8 ? static_cast<int64_t>(v)
                               : static_cast<int64_t>(v << (64 - 8 * s.size)) >> (64 - 8 * s.size);
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(sv));
      break;
    }
    case 'u':
      std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v));
      break;
    case 'o':
      std::snprintf(buf, sizeof buf, "%0*llo", s.width, static_cast<unsigned long long>(v));
      break;
    case 'x':
      std::snprintf(buf, sizeof buf, "%0*llx", s.width, static_cast<unsigned long long>(v));
      break;
    default:
      buf[0] = 0;
  }
  return buf;
}

int run(Context& ctx, const Args& args) {
  std::vector<Spec> specs;
  char radix = 'o';
  uint64_t skip = 0, limit = UINT64_MAX;
  size_t width = 16;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'A':
        if (o.value.size() != 1 || !std::strchr("doxn", o.value[0])) {
          ctx.error("invalid output address radix '" + o.value +
                    "'; it must be one character from [doxn]");
          return kExitFailure;
        }
        radix = o.value[0];
        break;
      case 'j':
      case 'N': {
        auto v = parse_count(o.value, "bkKmMGTPEZY");
        if (!v) {
          ctx.error(bad_number_message(ctx, o.spec->short_name, o.spec->long_name, o.value));
          return kExitFailure;
        }
        (o.spec->short_name == 'j' ? skip : limit) = *v;
        break;
      }
      case 't':
        if (!parse_type(ctx, o.value, specs)) return kExitFailure;
        break;
      case 'w': {
        if (!o.has_value) {
          width = 32;
          break;
        }
        auto v = parse_decimal(o.value);
        if (!v || *v == 0) {
          ctx.error(bad_number_message(ctx, 'w', "width", o.value));
          return kExitFailure;
        }
        width = static_cast<size_t>(*v);
        break;
      }
      case 'a':
        parse_type(ctx, "a", specs);
        break;
      case 'b':
        parse_type(ctx, "o1", specs);
        break;
      case 'c':
        parse_type(ctx, "c", specs);
        break;
      case 'd':
        parse_type(ctx, "u2", specs);
        break;
      case 'i':
        parse_type(ctx, "d4", specs);
        break;
      case 'l':
        parse_type(ctx, "d8", specs);
        break;
      case 'o':
        parse_type(ctx, "o2", specs);
        break;
      case 's':
        parse_type(ctx, "d2", specs);
        break;
      case 'x':
        parse_type(ctx, "x2", specs);
        break;
      default:
        break;
    }
  }
  if (specs.empty()) parse_type(ctx, "o2", specs);
  size_t lcm = 1;
  for (const Spec& s : specs) lcm = std::lcm(lcm, static_cast<size_t>(s.size));
  if (width % lcm != 0) {
    ctx.error("warning: invalid width " + std::to_string(width) + "; using " +
              std::to_string(lcm * 2) + " instead");
    width = lcm * 2;
  }
  // GNU pads every type's line to the widest one, spreading the extra spaces.
  int max_block = 0;
  for (Spec& s : specs)
    max_block = std::max(max_block, (s.width + 1) * static_cast<int>(width / s.size));
  for (Spec& s : specs) s.pad = max_block - (s.width + 1) * static_cast<int>(width / s.size);

  // Read all inputs as one stream, then apply -j and -N.
  std::string data;
  int status = kExitSuccess;
  bool opened_any = false;
  for (const std::string& name : inputs_or_stdin(args.operands)) {
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      status = kExitFailure;
      continue;
    }
    opened_any = true;
    int err = for_each_chunk(ctx, **in, [&](std::string_view c) { data.append(c); });
    if (err != 0) {
      ctx.error_errno(name, err);
      status = kExitFailure;
    }
  }
  if (!opened_any) return status;  // GNU prints not even the final offset
  if (skip > data.size()) {
    ctx.error("cannot skip past end of combined input");
    return kExitFailure;
  }
  std::string_view view = std::string_view(data).substr(static_cast<size_t>(skip));
  if (limit < view.size()) view = view.substr(0, static_cast<size_t>(limit));
  auto address = [&](uint64_t a) {
    char buf[32];
    switch (radix) {
      case 'd':
        std::snprintf(buf, sizeof buf, "%07llu", static_cast<unsigned long long>(a));
        break;
      case 'x':
        std::snprintf(buf, sizeof buf, "%06llx", static_cast<unsigned long long>(a));
        break;
      case 'n':
        buf[0] = 0;
        break;
      default:
        std::snprintf(buf, sizeof buf, "%07llo", static_cast<unsigned long long>(a));
        break;
    }
    return std::string(buf);
  };
  bool verbose = args.has('v');
  std::string_view prev;
  bool starred = false;
  std::string block(width, '\0');
  for (size_t off = 0; off < view.size(); off += width) {
    ctx.budget.check();
    std::string_view line = view.substr(off, width);
    if (!verbose && off > 0 && line.size() == width && line == prev) {
      if (!starred) ctx.out() << "*\n";
      starred = true;
      continue;
    }
    starred = false;
    prev = line;
    std::memset(block.data(), 0, width);
    std::memcpy(block.data(), line.data(), line.size());
    bool first_spec = true;
    for (const Spec& s : specs) {
      std::string out =
          first_spec ? address(skip + off) : std::string(radix == 'n' ? 0 : address(0).size(), ' ');
      first_spec = false;
      size_t fields = (line.size() + s.size - 1) / s.size;
      size_t total_fields = width / s.size;
      int pad_remaining = s.pad;
      for (size_t f = 0; f < fields; ++f) {
        int next_pad = static_cast<int>(s.pad * (total_fields - f - 1) / total_fields);
        int w = s.width + pad_remaining - next_pad;
        pad_remaining = next_pad;
        std::string text =
            field_text(s, reinterpret_cast<const unsigned char*>(block.data()) + f * s.size);
        out += ' ';
        if (static_cast<int>(text.size()) < w)
          out.append(static_cast<size_t>(w) - text.size(), ' ');
        out += text;
      }
      if (s.dump_chars) {
        size_t used = (s.width + 1) * fields + (s.pad - pad_remaining);
        size_t full = static_cast<size_t>(max_block);
        if (used < full) out.append(full - used, ' ');
        out += "  >";
        for (char c : line) out += (c >= 0x20 && c < 0x7f) ? c : '.';
        out += '<';
      }
      ctx.out() << out << '\n';
    }
    if (ctx.output_failed()) return status;
  }
  if (radix != 'n') ctx.out() << address(skip + view.size()) << '\n';
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(od,
              {
                  .name = "od",
                  .usage = "od [OPTION]... [FILE]...\nod [-abcdfilosx]... [FILE] [[+]OFFSET[.][b]]",
                  .summary = "Write an unambiguous representation, octal bytes by default,\n"
                             "of FILE to standard output.  With more than one FILE argument,\n"
                             "concatenate them in the listed order to form the input.\n\n"
                             "With no FILE, or when FILE is -, read standard input.",
                  .options = kOptions,
                  .main = run,
              });

// hexdump and hd (util-linux 2.38): the format engine of -e/-f (format units
// 'ITER/BYTES "FORMAT"' with %d %i %o %u %x %X %c %s %e %f %g, %_a %_A %_c %_p
// %_u, blank padding of a short last block, '*' for repeated blocks) and the
// canned formats -b -c -C -d -o -x on top of it. hd is hexdump -C. -L (colour)
// is accepted and ignored.
#include <cstring>

#include "commands/command.h"
#include "commands/common/escape.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'b', "one-byte-octal", ArgKind::None, "", "one-byte octal display"},
    {'c', "one-byte-char", ArgKind::None, "", "one-byte character display"},
    {'C', "canonical", ArgKind::None, "", "canonical hex+ASCII display"},
    {'d', "two-bytes-decimal", ArgKind::None, "", "two-byte decimal display"},
    {'o', "two-bytes-octal", ArgKind::None, "", "two-byte octal display"},
    {'x', "two-bytes-hex", ArgKind::None, "", "two-byte hexadecimal display"},
    {'L', "color", ArgKind::Optional, "when", "interpret color formatting specifiers"},
    {'e', "format", ArgKind::Required, "format", "format string to be used for displaying data"},
    {'f', "format-file", ArgKind::Required, "file", "file that contains format strings"},
    {'n', "length", ArgKind::Required, "length", "interpret only length bytes of input"},
    {'s', "skip", ArgKind::Required, "offset", "skip offset bytes from the beginning"},
    {'v', "no-squeezing", ArgKind::None, "", "output identical lines"},
};

// One conversion (or a piece of literal text) of a format unit.
struct Item {
  enum Kind {
    kText,
    kAddress,
    kEndAddress,
    kChar,
    kSigned,
    kUnsigned,
    kFloat,
    kString,
    kEscapedChar,
    kPrintable,
    kAsciiName
  };
  Kind kind = kText;
  std::string text;  // kText: the text; else the printf spec "%<flags><width>.<prec>"
  char conv = 0;     // printf conversion character for numbers and addresses
  int bytes = 0;     // bytes consumed
};

struct Unit {
  int reps = 1;
  bool reps_set = false;
  int bytes = 0;  // explicit byte count, 0 if none
  std::vector<Item> items;
  int consumed = 0;  // bytes one iteration consumes
  bool has_end_address = false;
};

struct FormatString {
  std::vector<Unit> units;
  int64_t consumed = 0;
};

constexpr int64_t kMaxBlock = 64 << 20;

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    int value = c_escape_value(c);  // any other escaped byte stands for itself
    out += value >= 0 ? static_cast<char>(value) : c;
  }
  return out;
}

// Splits a unit's (unescaped) format into text and conversions.
bool parse_conversions(Context& ctx, Unit& u) {
  const std::string fmt = u.items.front().text;
  u.items.clear();
  size_t i = 0;
  int conversions = 0;
  auto add_text = [&](std::string t) {
    if (t.empty()) return;
    if (!u.items.empty() && u.items.back().kind == Item::kText)
      u.items.back().text += t;
    else
      u.items.push_back({Item::kText, std::move(t)});
  };
  while (i < fmt.size()) {
    size_t pct = fmt.find('%', i);
    if (pct == std::string::npos) {
      add_text(fmt.substr(i));
      break;
    }
    add_text(fmt.substr(i, pct - i));
    size_t j = pct + 1;
    while (j < fmt.size() && std::strchr("#-+ 0", fmt[j])) ++j;
    while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j]))) ++j;
    int precision = -1;
    if (j < fmt.size() && fmt[j] == '.') {
      ++j;
      precision = 0;
      while (j < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[j])))
        precision = precision * 10 + (fmt[j++] - '0');
    }
    Item it;
    it.text = fmt.substr(pct, j - pct);
    if (j >= fmt.size()) {
      ctx.error("bad conversion character %" + fmt.substr(pct + 1));
      return false;
    }
    char c = fmt[j++];
    auto sized = [&](Item::Kind kind, int default_bytes, std::string_view allowed) {
      it.kind = kind;
      it.conv = c;
      it.bytes = u.bytes ? u.bytes : default_bytes;
      if (allowed.find(static_cast<char>('0' + it.bytes)) == std::string_view::npos ||
          it.bytes > 9) {
        ctx.error(std::string("bad byte count for conversion character ") + c);
        return false;
      }
      return true;
    };
    bool ok = true;
    if (c == '_') {
      if (j >= fmt.size()) {
        ctx.error("bad conversion character %_");
        return false;
      }
      char d = fmt[j++];
      if ((d == 'a' || d == 'A') && j < fmt.size() && std::strchr("dox", fmt[j])) {
        it.kind = d == 'a' ? Item::kAddress : Item::kEndAddress;
        it.conv = fmt[j++];
        if (d == 'A') u.has_end_address = true;
      } else if (d == 'c' || d == 'p' || d == 'u') {
        it.kind = d == 'c' ? Item::kEscapedChar : d == 'p' ? Item::kPrintable : Item::kAsciiName;
        it.bytes = 1;
        if (u.bytes > 1) {
          ctx.error(std::string("bad byte count for conversion character _") + d);
          return false;
        }
      } else {
        ctx.error(std::string("bad conversion character %_") + d);
        return false;
      }
    } else if (c == 'c') {
      ok = sized(Item::kChar, 1, "1");
    } else if (c == 'd' || c == 'i') {
      ok = sized(Item::kSigned, 4, "1248");
      it.conv = 'd';
    } else if (c == 'o' || c == 'u' || c == 'x' || c == 'X') {
      ok = sized(Item::kUnsigned, 4, "1248");
    } else if (std::strchr("eEfgG", c)) {
      ok = sized(Item::kFloat, 8, "48");
    } else if (c == 's') {
      it.kind = Item::kString;
      it.bytes = u.bytes ? u.bytes : precision;
      if (it.bytes <= 0) {
        ctx.error("%s requires a precision or a byte count");
        return false;
      }
    } else {
      ctx.error(std::string("bad conversion character %") + c);
      return false;
    }
    if (!ok) return false;
    if (it.bytes > 0 && ++conversions > 1 && u.bytes) {
      ctx.error("byte count with multiple conversion characters");
      return false;
    }
    u.consumed += it.bytes;
    u.items.push_back(std::move(it));
    i = j;
  }
  return true;
}

bool parse_format(Context& ctx, std::string_view s, FormatString& fs) {
  size_t i = 0;
  auto skip_blanks = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  auto bad = [&] {
    ctx.error("bad format {" + std::string(s) + "}");
    return false;
  };
  auto number = [&] {
    int n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      n = std::min(n * 10 + (s[i++] - '0'), 1 << 20);
    }
    return n;
  };
  for (skip_blanks(); i < s.size(); skip_blanks()) {
    Unit u;
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      u.reps = number();
      u.reps_set = true;
    }
    skip_blanks();
    if (i < s.size() && s[i] == '/') {
      ++i;
      skip_blanks();
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return bad();
      u.bytes = number();
      skip_blanks();
    }
    if (i >= s.size() || s[i] != '"') return bad();
    size_t start = ++i;
    while (i < s.size() && s[i] != '"') i += s[i] == '\\' && i + 1 < s.size() ? 2 : 1;
    if (i >= s.size()) return bad();
    u.items.push_back({Item::kText, unescape(s.substr(start, i - start))});
    ++i;
    if (!parse_conversions(ctx, u)) return false;
    fs.consumed += static_cast<int64_t>(u.reps) * u.consumed;
    if (fs.consumed > kMaxBlock) {
      ctx.error("bad format {" + std::string(s) + "}: blocks over 64 MiB are not supported");
      return false;
    }
    fs.units.push_back(std::move(u));
  }
  return true;
}

const char* const kAsciiNames[] = {"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel",
                                   "bs",  "ht",  "lf",  "vt",  "ff",  "cr",  "so",  "si",
                                   "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb",
                                   "can", "em",  "sub", "esc", "fs",  "gs",  "rs",  "us"};

class Printer {
 public:
  explicit Printer(std::string& out) : out_(out) {}

  template <typename T>
  void printf(const std::string& spec, const char* length, char conv, T value) {
    std::string fmt = spec + length + conv;
    char buf[512];
    int n = std::snprintf(buf, sizeof buf, fmt.c_str(), value);
    if (n < 0) return;
    if (static_cast<size_t>(n) < sizeof buf) {
      out_.append(buf, static_cast<size_t>(n));
      return;
    }
    std::string big(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(big.data(), big.size(), fmt.c_str(), value);
    out_.append(big.data(), static_cast<size_t>(n));
  }

  // A conversion past the end of the data: its width in blanks.
  void blank(const std::string& spec) {
    std::string s = "%";
    for (char c : spec.substr(1))
      if (!std::strchr("-0+#", c)) s += c;
    printf(s, "", 's', "");
  }

  void item(const Item& it, const unsigned char* p, uint64_t address) {
    switch (it.kind) {
      case Item::kText:
        out_ += it.text;
        break;
      case Item::kAddress:
      case Item::kEndAddress:
        printf(it.text, "ll", it.conv, static_cast<unsigned long long>(address));
        break;
      case Item::kChar:
        printf(it.text, "", 'c', static_cast<int>(p[0]));
        break;
      case Item::kSigned: {
        uint64_t v = load(p, it.bytes);
        int shift = 64 - 8 * it.bytes;
        long long sv =
            shift ? static_cast<long long>(v << shift) >> shift : static_cast<long long>(v);
        printf(it.text, "ll", 'd', sv);
        break;
      }
      case Item::kUnsigned:
        printf(it.text, "ll", it.conv, static_cast<unsigned long long>(load(p, it.bytes)));
        break;
      case Item::kFloat: {
        double d;
        if (it.bytes == 4) {
          float f;
          std::memcpy(&f, p, 4);
          d = f;
        } else {
          std::memcpy(&d, p, 8);
        }
        printf(it.text, "", it.conv, d);
        break;
      }
      case Item::kString: {
        std::string s(reinterpret_cast<const char*>(p), static_cast<size_t>(it.bytes));
        printf(it.text, "", 's', s.c_str());
        break;
      }
      case Item::kEscapedChar:
        escaped_char(it, p[0]);
        break;
      case Item::kPrintable:
        printf(it.text, "", 'c', printable(p[0]) ? static_cast<int>(p[0]) : '.');
        break;
      case Item::kAsciiName:
        if (p[0] <= 0x1f)
          printf(it.text, "", 's', kAsciiNames[p[0]]);
        else if (p[0] == 0x7f)
          printf(it.text, "", 's', "del");
        else if (printable(p[0]))
          printf(it.text, "", 'c', static_cast<int>(p[0]));
        else
          printf(it.text, "", 'x', static_cast<int>(p[0]));
        break;
    }
  }

 private:
  static bool printable(unsigned char c) { return c >= 0x20 && c < 0x7f; }
  static uint64_t load(const unsigned char* p, int bytes) {
    uint64_t v = 0;
    for (int k = bytes - 1; k >= 0; --k) v = v << 8 | p[k];
    return v;
  }
  void escaped_char(const Item& it, unsigned char c) {
    const char* s = nullptr;
    switch (c) {
      case 0:
        s = "\\0";
        break;
      case '\a':
        s = "\\a";
        break;
      case '\b':
        s = "\\b";
        break;
      case '\f':
        s = "\\f";
        break;
      case '\n':
        s = "\\n";
        break;
      case '\r':
        s = "\\r";
        break;
      case '\t':
        s = "\\t";
        break;
      case '\v':
        s = "\\v";
        break;
      default:
        break;
    }
    if (s) return printf(it.text, "", 's', s);
    if (printable(c)) return printf(it.text, "", 'c', static_cast<int>(c));
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03o", c);
    printf(it.text, "", 's', static_cast<const char*>(buf));
  }

  std::string& out_;
};

constexpr const char* kCanonical[] = {"\"%08.8_Ax\n\"",
                                      "\"%08.8_ax  \" 8/1 \"%02x \" \"  \" 8/1 \"%02x \" ",
                                      "\"  |\" 16/1 \"%_p\" \"|\\n\""};

std::optional<uint64_t> parse_offset(std::string_view s) {
  std::string str(s);
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(str.c_str(), &end, 0);
  if (end == str.c_str() || errno || str[0] == '-') return std::nullopt;
  std::string_view suffix(end);
  static const std::pair<std::string_view, uint64_t> kSuffixes[] = {
      {"", 1},           {"b", 512},           {"KiB", 1024},      {"K", 1024},
      {"kB", 1000},      {"MiB", 1024 * 1024}, {"M", 1024 * 1024}, {"MB", 1000 * 1000},
      {"GiB", 1u << 30}, {"G", 1u << 30},      {"GB", 1000000000}};
  for (const auto& [name, mult] : kSuffixes)
    if (suffix == name) return v * mult;
  return std::nullopt;
}

int dump(Context& ctx, const Args& args, bool canonical_first) {
  std::vector<FormatString> formats;
  auto add = [&](std::string_view f) {
    FormatString fs;
    if (!parse_format(ctx, f, fs)) return false;
    formats.push_back(std::move(fs));
    return true;
  };
  if (canonical_first)
    for (const char* f : kCanonical) add(f);
  uint64_t skip = 0, length = UINT64_MAX;
  for (const auto& o : args.options) {
    bool ok = true;
    switch (o.spec->short_name) {
      case 'b':
        ok = add("\"%07.7_Ax\n\"") && add("\"%07.7_ax \" 16/1 \"%03o \" \"\\n\"");
        break;
      case 'c':
        ok = add("\"%07.7_Ax\n\"") && add("\"%07.7_ax \" 16/1 \"%3_c \" \"\\n\"");
        break;
      case 'C':
        for (const char* f : kCanonical) ok = ok && add(f);
        break;
      case 'd':
        ok = add("\"%07.7_Ax\n\"") && add("\"%07.7_ax \" 8/2 \"  %05u \" \"\\n\"");
        break;
      case 'o':
        ok = add("\"%07.7_Ax\n\"") && add("\"%07.7_ax \" 8/2 \" %06o \" \"\\n\"");
        break;
      case 'x':
        ok = add("\"%07.7_Ax\n\"") && add("\"%07.7_ax \" 8/2 \"   %04x \" \"\\n\"");
        break;
      case 'e':
        ok = add(o.value);
        break;
      case 'f': {
        auto in = ctx.open_input(o.value);
        if (!in) {
          ctx.error("can't read " + o.value + ": " + std::strerror(in.error()));
          return kExitFailure;
        }
        std::string text;
        (void)for_each_chunk(ctx, **in, [&](std::string_view c) { text.append(c); });
        size_t pos = 0;
        while (ok && pos <= text.size()) {
          size_t nl = text.find('\n', pos);
          std::string_view line = std::string_view(text).substr(
              pos, nl == std::string::npos ? std::string::npos : nl - pos);
          size_t first = line.find_first_not_of(" \t");
          if (first != std::string_view::npos && line[first] != '#') ok = add(line);
          if (nl == std::string::npos) break;
          pos = nl + 1;
        }
        break;
      }
      case 'n':
      case 's': {
        auto v = parse_offset(o.value);
        if (!v) {
          ctx.error(std::string("failed to parse ") +
                    (o.spec->short_name == 'n' ? "length" : "offset") + ": '" + o.value +
                    "': Invalid argument");
          return kExitFailure;
        }
        (o.spec->short_name == 'n' ? length : skip) = *v;
        break;
      }
      default:
        break;
    }
    if (!ok) return kExitFailure;
  }
  if (formats.empty()) {
    add("\"%07.7_Ax\n\"");
    add("\"%07.7_ax \" 8/2 \"%04x \" \"\\n\"");
  }

  // Block size, filling of a last unit without an iteration count, and the
  // trailing blank a repeated unit drops on its last iteration.
  int64_t blocksize = 0;
  for (const FormatString& fs : formats) blocksize = std::max(blocksize, fs.consumed);
  const Unit* end_unit = nullptr;
  std::vector<std::vector<bool>> nospace(formats.size());
  for (size_t f = 0; f < formats.size(); ++f) {
    FormatString& fs = formats[f];
    for (size_t k = 0; k < fs.units.size(); ++k) {
      Unit& u = fs.units[k];
      if (k + 1 == fs.units.size() && fs.consumed < blocksize && !u.reps_set && u.consumed)
        u.reps += (blocksize - fs.consumed) / u.consumed;
      bool ns = false;
      if (u.reps > 1 && !u.items.empty() && u.items.back().kind == Item::kText) {
        const std::string& t = u.items.back().text;
        ns = !t.empty() && std::isspace(static_cast<unsigned char>(t.back()));
      }
      nospace[f].push_back(ns);
      if (u.has_end_address) end_unit = &u;
    }
  }

  // Input: all files as one stream.
  std::string data;
  int status = kExitSuccess;
  size_t failed = 0;
  std::vector<std::string> names = inputs_or_stdin(args.operands);
  for (const std::string& name : names) {
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      status = kExitFailure;
      ++failed;
      continue;
    }
    int err = for_each_chunk(ctx, **in, [&](std::string_view c) { data.append(c); });
    if (err != 0) {
      ctx.error_errno(name, err);
      status = kExitFailure;
    }
  }
  if (!args.operands.empty() && failed == names.size()) {
    ctx.error("all input file arguments failed");
    return kExitFailure;
  }
  uint64_t start = std::min<uint64_t>(skip, data.size());
  std::string_view view = std::string_view(data).substr(start);
  if (length < view.size()) view = view.substr(0, length);
  if (blocksize == 0) return status;  // util-linux prints nothing for data-less formats

  std::string out;
  Printer printer(out);
  const bool verbose = args.has('v');
  bool starred = false;
  std::string block(static_cast<size_t>(blocksize), '\0');
  uint64_t eaddress = 0;
  bool have_end = false;
  for (size_t off = 0; off < view.size(); off += blocksize) {
    ctx.budget.check();
    std::string_view chunk = view.substr(off, blocksize);
    bool full = chunk.size() == static_cast<size_t>(blocksize);
    if (!verbose && off > 0 && full && chunk == view.substr(off - blocksize, blocksize)) {
      if (!starred) out += "*\n";
      starred = true;
      continue;
    }
    starred = false;
    std::memcpy(block.data(), chunk.data(), chunk.size());
    if (!full) {
      std::memset(block.data() + chunk.size(), 0, blocksize - chunk.size());
      eaddress = start + off + chunk.size();
      have_end = true;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(block.data());
    for (size_t f = 0; f < formats.size(); ++f) {
      uint64_t address = start + off;
      size_t pos = 0;
      for (size_t k = 0; k < formats[f].units.size(); ++k) {
        const Unit& u = formats[f].units[k];
        if (u.has_end_address) break;
        for (int rep = u.reps; rep > 0; --rep) {
          for (size_t n = 0; n < u.items.size(); ++n) {
            const Item& it = u.items[n];
            if (it.kind != Item::kText && have_end && address >= eaddress) {
              printer.blank(it.text);
            } else if (rep == 1 && nospace[f][k] && n + 1 == u.items.size()) {
              out.append(it.text, 0, it.text.size() - 1);
            } else {
              printer.item(it, bytes + pos, address);
            }
            address += it.bytes;
            pos += it.bytes;
          }
        }
      }
    }
    if (out.size() >= 64 * 1024) {
      ctx.out() << out;
      out.clear();
      if (ctx.output_failed()) return status;
    }
  }
  if (end_unit) {
    uint64_t last = have_end ? eaddress : start + view.size();
    if (have_end || last != 0) {
      for (const Item& it : end_unit->items) {
        if (it.kind == Item::kText || it.kind == Item::kEndAddress) printer.item(it, nullptr, last);
      }
    }
  }
  ctx.out() << out;
  return status;
}

int run_hexdump(Context& ctx, const Args& args) {
  return dump(ctx, args, false);
}
int run_hd(Context& ctx, const Args& args) {
  return dump(ctx, args, true);
}

constexpr const char* kSummary = "Display file contents in hexadecimal, decimal, octal, or ascii.";

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(hexdump, {
                           .name = "hexdump",
                           .usage = "hexdump [options] <file>...",
                           .summary = kSummary,
                           .options = kOptions,
                           .main = run_hexdump,
                       });

KEFKA_COMMAND(hd, {
                      .name = "hd",
                      .usage = "hd [options] <file>...",
                      .summary = kSummary,
                      .options = kOptions,
                      .main = run_hd,
                  });

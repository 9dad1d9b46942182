// xxd: make a hex dump or do the reverse (vim's xxd 2022-01-14). Options are
// parsed like xxd does it (a prefix match on "-x", so "-cols 8", "-c8", "-ps",
// "--len 4" all work): -a -b -C -c -d -E -e -g -i -l -n -o -p -r -s -u -v.
// With -r the output file is patched in place, like xxd (existing bytes past
// the written ones are kept).
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

enum class HexType { kNormal, kPostscript, kCInclude, kBits, kLittleEndian };

constexpr int kMaxCols = 256;
constexpr const char* kUsage =
    "Usage:\n"
    "       xxd [options] [infile [outfile]]\n"
    "    or\n"
    "       xxd -r [-s [-]offset] [-c cols] [-ps] [infile [outfile]]\n"
    "Options:\n"
    "    -a          toggle autoskip: A single '*' replaces nul-lines. Default off.\n"
    "    -b          binary digit dump (incompatible with -ps,-i,-r). Default hex.\n"
    "    -C          capitalize variable names in C include file style (-i).\n"
    "    -c cols     format <cols> octets per line. Default 16 (-i: 12, -ps: 30).\n"
    "    -E          show characters in EBCDIC. Default ASCII.\n"
    "    -e          little-endian dump (incompatible with -ps,-i,-r).\n"
    "    -g bytes    number of octets per group in normal output. Default 2 (-e: 4).\n"
    "    -h          print this summary.\n"
    "    -i          output in C include file style.\n"
    "    -l len      stop after <len> octets.\n"
    "    -n name     set the variable name used in C include output (-i).\n"
    "    -o off      add <off> to the displayed file position.\n"
    "    -ps         output in postscript plain hexdump style.\n"
    "    -r          reverse operation: convert (or patch) hexdump into binary.\n"
    "    -r -s off   revert with <off> added to file positions found in hexdump.\n"
    "    -d          show offset in decimal instead of hex.\n"
    "    -s [+][-]seek  start at <seek> bytes abs. (or +: rel.) infile offset.\n"
    "    -u          use upper case hex letters.\n"
    "    -v          show version: \"xxd 2022-01-14 by Juergen Weigert et al.\".\n";

struct Options {
  HexType type = HexType::kNormal;
  bool autoskip = false;
  bool upper = false;
  bool capitalize = false;
  bool decimal = false;
  bool ebcdic = false;
  int revert = 0;
  bool cols_given = false;
  long cols = 0;
  long group = -1;
  long displace = 0;
  long length = -1;
  long seek = 0;
  bool relseek = false;
  bool negseek = false;
  std::string name;
  bool has_name = false;
  std::string infile, outfile;
};

// strtol(s, NULL, 0): leading blanks, sign, 0x/0 prefixes, stops at junk.
long c_strtol(const std::string& s) {
  return std::strtol(s.c_str(), nullptr, 0);
}

// Parses argv like xxd; returns an exit status (-1 to continue).
int parse_args(Context& ctx, Options& o) {
  const auto& argv = ctx.argv;
  size_t i = 1;
  auto usage = [&] {
    ctx.err() << kUsage;
    return 1;
  };
  // The value of "-xVALUE" / "-xWORD VALUE" (WORD is the long spelling).
  auto value = [&](std::string_view pp, std::string_view word, std::string& out) {
    if (pp.size() > 2 && pp.substr(2, word.size()) != word) {
      out = std::string(pp.substr(2));
      return true;
    }
    if (i + 1 >= argv.size()) return false;
    out = argv[++i];
    return true;
  };
  for (; i < argv.size(); ++i) {
    std::string_view pp = argv[i];
    if (pp.starts_with("--") && pp.size() > 2) pp.remove_prefix(1);
    std::string v;
    if (pp.starts_with("-a")) {
      o.autoskip = !o.autoskip;
    } else if (pp.starts_with("-b")) {
      o.type = HexType::kBits;
    } else if (pp.starts_with("-e")) {
      o.type = HexType::kLittleEndian;
    } else if (pp.starts_with("-u")) {
      o.upper = true;
    } else if (pp.starts_with("-p")) {
      o.type = HexType::kPostscript;
    } else if (pp.starts_with("-i")) {
      o.type = HexType::kCInclude;
    } else if (pp.starts_with("-C")) {
      o.capitalize = true;
    } else if (pp.starts_with("-d")) {
      o.decimal = true;
    } else if (pp.starts_with("-r")) {
      ++o.revert;
    } else if (pp.starts_with("-E")) {
      o.ebcdic = true;
    } else if (pp.starts_with("-v")) {
      ctx.err() << "xxd 2022-01-14 by Juergen Weigert et al.\n";
      return 0;
    } else if (pp.starts_with("-c")) {
      if (pp.size() > 2 && pp.substr(2, 9) == "apitalize") {
        o.capitalize = true;
        continue;
      }
      if (!value(pp, "ols", v)) return usage();
      o.cols = c_strtol(v);
      o.cols_given = true;
    } else if (pp.starts_with("-g")) {
      if (!value(pp, "roup", v)) return usage();
      o.group = c_strtol(v);
    } else if (pp.starts_with("-o")) {
      if (!value(pp, "ffset", v)) return usage();
      o.displace = c_strtol(v);
    } else if (pp.starts_with("-s")) {
      o.relseek = o.negseek = false;
      bool inline_value = pp.size() > 2 && pp.substr(2, 3) != "kip" && pp.substr(2, 3) != "eek";
      if (inline_value) {
        v = std::string(pp.substr(2));
      } else {
        if (i + 1 >= argv.size()) return usage();
        v = argv[++i];
      }
      size_t at = 0;
      if (at < v.size() && v[at] == '+') o.relseek = true, ++at;
      if (at < v.size() && v[at] == '-') o.negseek = true, ++at;
      o.seek = c_strtol(v.substr(at));
    } else if (pp.starts_with("-l")) {
      if (!value(pp, "en", v)) return usage();
      o.length = c_strtol(v);
    } else if (pp.starts_with("-n")) {
      if (!value(pp, "ame", v)) return usage();
      o.name = v;
      o.has_name = true;
    } else if (pp == "--") {
      ++i;
      break;
    } else if (pp.size() > 1 && pp[0] == '-') {
      return usage();
    } else {
      break;
    }
  }
  size_t operands = argv.size() - i;
  if (operands > 2) return usage();
  if (operands >= 1) o.infile = argv[i];
  if (operands == 2) o.outfile = argv[i + 1];
  return -1;
}

// Collects output and hands it on in large chunks.
class Output {
 public:
  Output(Context& ctx, StreamPtr file) : ctx_(ctx), file_(std::move(file)) {}
  std::string buf;
  void maybe_flush() {
    if (buf.size() >= 64 * 1024) flush();
  }
  void flush() {
    if (file_)
      (void)write_all(*file_, buf);
    else
      ctx_.out() << buf;
    buf.clear();
  }

 private:
  Context& ctx_;
  StreamPtr file_;
};

// xxd's line printer with -a: a run of all-zero lines becomes one '*'.
class LinePrinter {
 public:
  explicit LinePrinter(Output& out) : out_(out) {}
  // nonzero: 1 print, 0 all-zero line, -1 final flush of a pending zero line.
  void line(const std::string& l, int nonzero) {
    if (!nonzero && zero_seen_ == 1) pending_ = l;
    if (nonzero || !zero_seen_++) {
      if (nonzero) {
        if (nonzero < 0) --zero_seen_;
        if (zero_seen_ == 2) out_.buf += pending_;
        if (zero_seen_ > 2) out_.buf += "*\n";
      }
      if (nonzero >= 0 || zero_seen_ > 0) out_.buf += l;
      if (nonzero) zero_seen_ = 0;
    }
    out_.maybe_flush();
  }

 private:
  Output& out_;
  std::string pending_;
  int zero_seen_ = 0;
};

void dump_postscript(Output& out, std::string_view data, long cols, const char* hex) {
  long p = cols;
  for (unsigned char e : data) {
    out.buf += hex[e >> 4];
    out.buf += hex[e & 0xf];
    if (cols > 0 && !--p) {
      out.buf += '\n';
      p = cols;
      out.maybe_flush();
    }
  }
  if (cols == 0 || p < cols) out.buf += '\n';
}

std::string c_name(const Options& o) {
  std::string name;
  if (o.has_name) {
    name = o.name;
    if (o.capitalize)
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
  }
  if (!o.infile.empty() && std::isdigit(static_cast<unsigned char>(o.infile[0]))) name = "__";
  for (unsigned char c : o.infile) {
    if (std::isalnum(c))
      name += o.capitalize ? static_cast<char>(std::toupper(c)) : static_cast<char>(c);
    else
      name += '_';
  }
  return name;
}

void dump_c_include(Output& out, std::string_view data, const Options& o, bool from_stdin) {
  std::string name = c_name(o);
  if (!from_stdin || o.has_name) out.buf += "unsigned char " + name + "[] = {\n";
  const char* hex = o.upper ? "0123456789ABCDEF" : "0123456789abcdef";
  const char x = o.upper ? 'X' : 'x';
  size_t col = 0;
  for (size_t p = 0; p < data.size(); ++p) {
    const char* sep = col ? ", " : (p == 0 ? "  " : ",\n  ");
    unsigned char e = static_cast<unsigned char>(data[p]);
    const char item[4] = {'0', x, hex[e >> 4], hex[e & 0xf]};
    out.buf += sep;
    out.buf.append(item, 4);
    if (++col == static_cast<size_t>(o.cols)) col = 0;
    out.maybe_flush();
  }
  if (!data.empty()) out.buf += '\n';
  if (!from_stdin || o.has_name)
    out.buf += "};\nunsigned int " + name + (o.capitalize ? "_LEN = " : "_len = ") +
               std::to_string(data.size()) + ";\n";
}

// What xxd -E shows in the text column for each EBCDIC byte.
constexpr const char kEbcdicText[] =
    "................................................................"
    " ...........<(+|&.........!$*);~-/.........,%_>?.........`:#@'=\""
    ".abcdefghi.......jklmnopqr^.......stuvwxyz...[...............].."
    "{ABCDEFGHI......}JKLMNOPQR......\\.STUVWXYZ......0123456789......";
static_assert(sizeof kEbcdicText == 257);

// "%08lx:" (or "%08ld:" with -d) into `out`; returns its length.
size_t format_address(char* out, long address, bool decimal) {
  if (decimal || address < 0)
    return static_cast<size_t>(std::snprintf(out, 32, decimal ? "%08ld:" : "%08lx:", address));
  char digits[16];
  size_t n = 0;
  for (unsigned long v = static_cast<unsigned long>(address); v != 0 || n < 8; v >>= 4)
    digits[n++] = "0123456789abcdef"[v & 0xf];
  for (size_t i = 0; i < n; ++i) out[i] = digits[n - 1 - i];
  out[n] = ':';
  return n + 1;
}

void dump_lines(Context& ctx, Output& out, std::string_view data, const Options& o, long seekoff,
                const char* hex) {
  LinePrinter printer(out);
  const bool bits = o.type == HexType::kBits;
  const bool little = o.type == HexType::kLittleEndian;
  const long grp = o.group;
  const long cols = o.cols;
  const long grplen = bits ? 8 * grp + 1 : 2 * grp + 1;
  // Column of each byte's digits and of the text, after the address.
  std::vector<long> digit_col(static_cast<size_t>(cols));
  for (long p = 0; p < cols; ++p) digit_col[p] = 1 + (grplen * (little ? p ^ (grp - 1) : p)) / grp;
  const long text_col = 3 + (grplen * cols - 1) / grp;
  std::string l;
  size_t n = 0;
  for (; n < data.size(); n += static_cast<size_t>(cols)) {
    ctx.budget.check();
    std::string_view line = data.substr(n, static_cast<size_t>(cols));
    char addr[32];
    size_t addrlen = format_address(addr, static_cast<long>(n) + seekoff + o.displace, o.decimal);
    l.assign(addrlen + static_cast<size_t>(text_col) + line.size() + 1, ' ');
    std::memcpy(l.data(), addr, addrlen);
    char* base = l.data() + addrlen;
    char* text = base + text_col;
    int nonzero = 0;
    for (size_t p = 0; p < line.size(); ++p) {
      unsigned char e = static_cast<unsigned char>(line[p]);
      char* c = base + digit_col[p];
      if (bits) {
        for (int b = 7; b >= 0; --b) *c++ = (e >> b) & 1 ? '1' : '0';
      } else {
        c[0] = hex[e >> 4];
        c[1] = hex[e & 0xf];
      }
      nonzero |= e;
      text[p] = o.ebcdic ? kEbcdicText[e] : (e > 31 && e < 127) ? static_cast<char>(e) : '.';
    }
    l.back() = '\n';
    bool full = line.size() == static_cast<size_t>(cols);
    printer.line(l, !full || !o.autoskip ? 1 : (nonzero ? 1 : 0));
  }
  if (o.autoskip && !data.empty() && data.size() % static_cast<size_t>(cols) == 0)
    printer.line(l, -1);
}

int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// xxd's huntype(): turns a dump (normal or plain) back into bytes, written
// over `image` at the addresses the dump names. Returns false on a seek back.
bool revert(Context& ctx, std::string_view in, const Options& o, long base_off, std::string& image,
            bool seekable) {
  const bool plain = o.type == HexType::kPostscript;
  const long cols = o.cols;
  int n1 = -1, n2 = 0, n3;
  bool ign_garb = true;
  long p = cols;
  long have_off = 0, want_off = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    if ((i & 0xffff) == 0) ctx.budget.check();
    int c = static_cast<unsigned char>(in[i]);
    if (c == '\r') continue;
    if (plain && (c == ' ' || c == '\n' || c == '\t')) continue;
    n3 = n2;
    n2 = n1;
    n1 = hex_digit(c);
    if (n1 == -1 && ign_garb) continue;
    ign_garb = false;
    if (!plain && p >= cols) {
      if (n1 < 0) {
        p = 0;
        continue;
      }
      want_off = (want_off << 4) | n1;
      continue;
    }
    auto skip_to_eol = [&] {
      while (i < in.size() && in[i] != '\n') ++i;
      c = i < in.size() ? '\n' : -1;
    };
    if (base_off + want_off != have_off) {
      if (base_off + want_off < have_off && !seekable) {
        ctx.err() << "xxd: Sorry, cannot seek backwards.\n";
        return false;
      }
      have_off = base_off + want_off;
    }
    if (n2 >= 0 && n1 >= 0) {
      if (static_cast<uint64_t>(have_off) >= ctx.budget.limits().max_string_bytes) {
        ctx.err() << "xxd: offset " << std::to_string(have_off)
                  << " is past the sandbox's string size limit\n";
        return false;
      }
      if (have_off < 0) {
        ctx.err() << "xxd: Sorry, cannot seek backwards.\n";
        return false;
      }
      size_t at = static_cast<size_t>(have_off);
      if (at >= image.size()) image.resize(at + 1, '\0');
      image[at] = static_cast<char>((n2 << 4) | n1);
      ++have_off;
      ++want_off;
      n1 = -1;
      if (!plain && ++p >= cols) skip_to_eol();
    } else if (n1 < 0 && n2 < 0 && n3 < 0) {
      skip_to_eol();
    }
    if (c == '\n') {
      if (!plain) want_off = 0;
      p = cols;
      ign_garb = true;
    }
  }
  // Zeros up to the last position sought to, as a non-seekable output gets.
  if (have_off > 0 && static_cast<size_t>(have_off) > image.size())
    image.resize(static_cast<size_t>(have_off), '\0');
  return true;
}

int read_all(Context& ctx, const std::string& name, std::string& data) {
  auto in = ctx.open_input(name);
  if (!in) return in.error();
  return for_each_chunk(ctx, **in, [&](std::string_view c) { data.append(c); });
}

int run(Context& ctx, const Args&) {
  Options o;
  if (int status = parse_args(ctx, o); status >= 0) return status;
  if (!o.cols_given || (o.cols == 0 && o.type != HexType::kPostscript)) {
    switch (o.type) {
      case HexType::kPostscript:
        o.cols = 30;
        break;
      case HexType::kCInclude:
        o.cols = 12;
        break;
      case HexType::kBits:
        o.cols = 6;
        break;
      default:
        o.cols = 16;
    }
  }
  if (o.group < 0) {
    o.group = o.type == HexType::kBits           ? 1
              : o.type == HexType::kNormal       ? 2
              : o.type == HexType::kLittleEndian ? 4
                                                 : 0;
  }
  bool line_type =
      o.type == HexType::kNormal || o.type == HexType::kBits || o.type == HexType::kLittleEndian;
  if (o.cols < 0 || (o.cols == 0 && o.type != HexType::kPostscript) ||
      (line_type && o.cols > kMaxCols)) {
    ctx.err() << "xxd: invalid number of columns (max. " << std::to_string(kMaxCols) << ").\n";
    return 1;
  }
  if (o.group < 1 || o.group > o.cols) {
    o.group = o.cols;
  } else if (o.type == HexType::kLittleEndian && (o.group & (o.group - 1))) {
    ctx.err() << "xxd: number of octets per group must be a power of 2 with -e.\n";
    return 1;
  }
  bool from_stdin = o.infile.empty() || o.infile == "-";
  std::string data;
  if (int err = read_all(ctx, from_stdin ? "-" : o.infile, data); err != 0) {
    ctx.err() << "xxd: " << o.infile << ": " << std::strerror(err) << '\n';
    return 2;
  }
  bool to_stdout = o.outfile.empty() || o.outfile == "-";

  if (o.revert) {
    if (o.type != HexType::kNormal && o.type != HexType::kPostscript) {
      ctx.err() << "xxd: Sorry, cannot revert this type of hexdump\n";
      return 255;
    }
    std::string image;
    if (!to_stdout) (void)read_all(ctx, o.outfile, image);  // patched in place
    bool ok = revert(ctx, data, o, o.negseek ? -o.seek : o.seek, image, !to_stdout);
    if (to_stdout) {
      ctx.out() << image;
      return ok ? 0 : 5;
    }
    auto outs = ctx.open_output(o.outfile);
    if (!outs) {
      ctx.err() << "xxd: " << o.outfile << ": " << std::strerror(outs.error()) << '\n';
      return 3;
    }
    if (auto st = write_all(**outs, image); !st) return 3;
    return ok ? 0 : 5;
  }

  // -s: stdin behaves like the pipe it usually is on the host (no seeking).
  long seekoff = o.seek;
  if (o.seek || o.negseek || !o.relseek) {
    long target = o.negseek ? static_cast<long>(data.size()) - o.seek : o.seek;
    if (from_stdin && (o.negseek || target > static_cast<long>(data.size()))) {
      if (o.seek != 0 || o.negseek) {
        ctx.err() << "xxd: Sorry, cannot seek.\n";
        return 4;
      }
    }
    if (target < 0) {
      if (o.negseek) {
        ctx.err() << "xxd: Sorry, cannot seek.\n";
        return 4;
      }
      target = 0;
    }
    seekoff = target;
  }
  std::string_view view(data);
  view = view.substr(std::min(static_cast<size_t>(seekoff), view.size()));
  if (o.length >= 0 && static_cast<size_t>(o.length) < view.size()) view = view.substr(0, o.length);

  StreamPtr file_out;
  if (!to_stdout) {
    auto outs = ctx.open_output(o.outfile);
    if (!outs) {
      ctx.err() << "xxd: " << o.outfile << ": " << std::strerror(outs.error()) << '\n';
      return 3;
    }
    file_out = *outs;
  }
  Output out(ctx, file_out);
  const char* hex = o.upper ? "0123456789ABCDEF" : "0123456789abcdef";
  switch (o.type) {
    case HexType::kPostscript:
      dump_postscript(out, view, o.cols, hex);
      break;
    case HexType::kCInclude:
      dump_c_include(out, view, o, from_stdin);
      break;
    default:
      dump_lines(ctx, out, view, o, seekoff, hex);
  }
  out.flush();
  return 0;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(xxd, {
                       .name = "xxd",
                       .usage = "xxd [options] [infile [outfile]]",
                       .summary = "Make a hex dump or do the reverse.",
                       .main = run,
                       .flags = kRawArguments,
                   });

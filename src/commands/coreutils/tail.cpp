// tail: output the last part of files (GNU coreutils 9.1).
// -n/-c N keep only a window of the last N lines/bytes (bounded memory);
// +N skips to line/byte N. -f/-F are accepted and end at the end of input:
// nothing in a sandbox appends to a file while tail waits.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "bytes", ArgKind::Required, "[+]NUM",
     "output the last NUM bytes; or use -c +NUM to\n"
     "  output starting with byte NUM of each file"},
    {'f', "follow", ArgKind::Optional, "{name|descriptor}",
     "output appended data as the file grows;\n"
     "  an absent option argument means 'descriptor'"},
    {'F', "", ArgKind::None, "", "same as --follow=name --retry"},
    {'n', "lines", ArgKind::Required, "[+]NUM",
     "output the last NUM lines, instead of the last 10;\n"
     "  or use -n +NUM to skip NUM-1 lines at the start"},
    {0, "max-unchanged-stats", ArgKind::Required, "N",
     "with --follow=name, reopen a FILE which has not"},
    {0, "pid", ArgKind::Required, "PID", "with -f, terminate after process ID, PID dies"},
    {'q', "quiet", ArgKind::None, "", "never output headers giving file names"},
    {'q', "silent", ArgKind::None, "", "never output headers giving file names"},
    {0, "retry", ArgKind::None, "", "keep trying to open a file if it is inaccessible"},
    {'s', "sleep-interval", ArgKind::Required, "N",
     "with -f, sleep for approximately N seconds\n  (default 1.0) between iterations"},
    {'v', "verbose", ArgKind::None, "", "always output headers giving file names"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

struct Settings {
  bool bytes = false;
  bool from_start = false;  // +N
  uint64_t count = 10;
  char delimiter = '\n';
  int headers = 0;  // 0: if several files, 1: always, -1: never
};

bool parse_amount(Context& ctx, std::string_view text, bool bytes, Settings& s) {
  std::string_view num = text;
  s.from_start = !num.empty() && num[0] == '+';
  if (!num.empty() && (num[0] == '+' || num[0] == '-')) num.remove_prefix(1);
  bool overflow = false;
  auto v = parse_count(num, "bkKmMGTPEZYRQ", &overflow);
  std::string what = bytes ? "bytes" : "lines";
  if (!v || (!num.empty() && num[0] == '+')) {
    ctx.error("invalid number of " + what + ": " + quote(text));
    return false;
  }
  if (overflow) {
    ctx.error("invalid number of " + what + ": " + quote(text) +
              ": Value too large for defined data type");
    return false;
  }
  s.bytes = bytes;
  s.count = *v;
  return true;
}

// "[+-]NUM[bcl][f]" (without the checks on where it appears).
bool parse_obsolete(std::string_view text, Settings& s) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return false;
  s.from_start = text[0] == '+';
  size_t i = 1;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  uint64_t n = i == 1 ? 10 : parse_decimal(text.substr(1, i - 1)).value_or(UINT64_MAX);
  if (i == 1 && !s.from_start) return false;
  uint64_t mult = 1;
  bool bytes = false;
  if (i < text.size() && (text[i] == 'b' || text[i] == 'c' || text[i] == 'l')) {
    bytes = text[i] != 'l';
    if (text[i] == 'b') mult = 512;
    ++i;
  }
  if (i < text.size() && text[i] == 'f') ++i;
  if (i != text.size()) return false;
  s.bytes = bytes;
  s.count = n > UINT64_MAX / mult ? UINT64_MAX : n * mult;
  return true;
}

int tail_from_start(Context& ctx, Stream& in, const Settings& s) {
  uint64_t skip = s.count == 0 ? 0 : s.count - 1;
  return for_each_chunk(ctx, in, [&](std::string_view chunk) {
    if (skip > 0) {
      if (s.bytes) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(skip, chunk.size()));
        skip -= n;
        chunk.remove_prefix(n);
      } else {
        while (skip > 0 && !chunk.empty()) {
          const char* d =
              static_cast<const char*>(std::memchr(chunk.data(), s.delimiter, chunk.size()));
          if (d == nullptr) {
            chunk = {};
            break;
          }
          chunk.remove_prefix(static_cast<size_t>(d - chunk.data()) + 1);
          --skip;
        }
      }
    }
    ctx.out().write(chunk);
  });
}

// Keeps a window of the last `count` lines (plus a partial one) or bytes.
int tail_window(Context& ctx, Stream& in, const Settings& s) {
  std::string window;
  size_t start = 0;
  uint64_t lines = 0;  // delimiters in window[start..]
  int err = for_each_chunk(ctx, in, [&](std::string_view chunk) {
    window.append(chunk);
    if (s.bytes) {
      if (window.size() - start > s.count) start = window.size() - static_cast<size_t>(s.count);
    } else {
      lines += static_cast<uint64_t>(std::count(chunk.begin(), chunk.end(), s.delimiter));
      while (lines > s.count) {
        start = window.find(s.delimiter, start) + 1;
        --lines;
      }
    }
    if (start > (1u << 20) && start > window.size() / 2) {
      window.erase(0, start);
      start = 0;
    }
  });
  if (err != 0) return err;
  std::string_view rest = std::string_view(window).substr(start);
  if (!s.bytes && !rest.empty() && rest.back() != s.delimiter) {
    // The unterminated last line counts as one of the `count` lines.
    if (s.count == 0) {
      rest = {};
    } else if (lines == s.count) {
      rest.remove_prefix(rest.find(s.delimiter) + 1);
    }
  }
  ctx.out().write(rest);
  return 0;
}

// GNU checks -s with xstrtod: a finite or infinite number >= 0 that fits a
// double (hex and "inf" allowed). The interval itself is unused: -f ends at
// end of input in the sandbox.
bool valid_sleep_interval(const std::string& text) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno != ERANGE && v >= 0;
}

int run(Context& ctx, const Args& args) {
  if (const std::string* interval = args.value('s'); interval && !valid_sleep_interval(*interval)) {
    ctx.error("invalid number of seconds: " + quote(*interval));
    return kExitFailure;
  }
  Settings s;
  std::vector<std::string> operands = args.operands;
  const auto& argv = ctx.argv;
  // The obsolete "tail [+-]NUM[bcl][f] [FILE]" form, only valid with at most
  // one file operand and no other option, like GNU.
  bool obsolete =
      (argv.size() == 2 || (argv.size() == 3 && (argv[2][0] != '-' || argv[2] == "-"))) &&
      parse_obsolete(argv[1], s);
  if (obsolete) {
    operands.assign(argv.begin() + 2, argv.end());
  } else {
    for (const auto& o : args.options) {
      switch (o.spec->short_name) {
        case 'c':
        case 'n':
          if (o.numeric_shorthand) {
            ctx.error(std::string("option used in invalid context -- ") + o.value[0]);
            return kExitFailure;
          }
          if (!parse_amount(ctx, o.value, o.spec->short_name == 'c', s)) return kExitFailure;
          break;
        case 'q':
          s.headers = -1;
          break;
        case 'v':
          s.headers = 1;
          break;
        case 'z':
          s.delimiter = '\0';
          break;
        default:
          break;
      }
    }
  }
  // Like GNU, "-n 0" (or "-c 0") without -f does not even open the files.
  if (s.count == 0 && !s.from_start && !args.has('f') && !args.has('F')) return kExitSuccess;
  return for_each_input_with_headers(ctx, operands, s.headers, [&](Stream& in) {
    return s.from_start ? tail_from_start(ctx, in, s) : tail_window(ctx, in, s);
  });
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    tail,
    {
        .name = "tail",
        .usage = "tail [OPTION]... [FILE]...",
        .summary = "Print the last 10 lines of each FILE to standard output.\n"
                   "With more than one FILE, precede each with a header giving the file name.\n\n"
                   "With no FILE, or when FILE is -, read standard input.",
        .options = kOptions,
        .main = run,
        .flags = kNumericShorthand,
        .number_option = 'n',
        .epilog = "NUM may have a multiplier suffix:\n"
                  "b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,\n"
                  "GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y, R, Q.\n"
                  "Binary prefixes can be used, too: KiB=K, MiB=M, and so on.\n\n"
                  "In this sandbox --follow ends at the end of the input.",
    });

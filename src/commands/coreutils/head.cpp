// head: output the first part of files (GNU coreutils 9.1), including the
// negative forms (-n -N: all but the last N lines) and the obsolete -NUM[bkm][cl][qvz].
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "bytes", ArgKind::Required, "[-]NUM",
     "print the first NUM bytes of each file;\n"
     "  with the leading '-', print all but the last\n"
     "  NUM bytes of each file"},
    {'n', "lines", ArgKind::Required, "[-]NUM",
     "print the first NUM lines instead of the first 10;\n"
     "  with the leading '-', print all but the last\n"
     "  NUM lines of each file"},
    {'q', "quiet", ArgKind::None, "", "never print headers giving file names"},
    {'q', "silent", ArgKind::None, "", "never print headers giving file names"},
    {'v', "verbose", ArgKind::None, "", "always print headers giving file names"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

struct Settings {
  bool bytes = false;
  bool elide = false;  // all but the last `count`
  uint64_t count = 10;
  char delimiter = '\n';
  int headers = 0;  // 0: if several files, 1: always, -1: never
};

// Parses "[-]NUM[suffix]"; prints GNU's message on failure.
bool parse_amount(Context& ctx, std::string_view text, bool bytes, Settings& s) {
  std::string_view num = text;
  s.elide = !num.empty() && num[0] == '-';
  if (s.elide) num.remove_prefix(1);
  bool overflow = false;
  auto v = parse_count(num, "bkKmMGTPEZYRQ", &overflow);
  std::string what = bytes ? "bytes" : "lines";
  if (!v) {
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

// The obsolete "-NUM[bkm][cl][qvz]" form; `text` is without the dash.
bool parse_obsolete(Context& ctx, std::string_view text, Settings& s) {
  size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  auto n = parse_decimal(text.substr(0, i));
  uint64_t mult = 1;
  bool bytes = false;
  if (i < text.size() && (text[i] == 'b' || text[i] == 'k' || text[i] == 'm')) {
    mult = text[i] == 'b' ? 512 : text[i] == 'k' ? 1024 : 1048576;
    bytes = true;
    ++i;
  }
  if (i < text.size() && (text[i] == 'c' || text[i] == 'l')) {
    bytes = text[i] == 'c';
    ++i;
  }
  for (; i < text.size(); ++i) {
    switch (text[i]) {
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
        ctx.err() << ctx.name() << ": invalid trailing option -- " << text[i] << '\n';
        return false;
    }
  }
  s.bytes = bytes;
  s.elide = false;
  s.count = *n > UINT64_MAX / mult ? UINT64_MAX : *n * mult;
  return true;
}

// Copies the first `count` bytes or lines. Like GNU head, it leaves the
// input offset right after what it printed: bytes are read no further than
// needed (so this holds on pipes too), and lines read past the last newline
// are given back with a seek when the input is seekable, so that
// `{ head -n1; cat; } < file` prints the file once.
int head_prefix(Context& ctx, Stream& in, const Settings& s) {
  uint64_t left = s.count;
  if (left == 0) return 0;
  if (s.bytes) {
    std::string buf(static_cast<size_t>(std::min<uint64_t>(left, 128 * 1024)), '\0');
    while (left > 0) {
      ctx.budget.check();
      size_t want = static_cast<size_t>(std::min<uint64_t>(left, buf.size()));
      auto n = in.read(std::span<char>(buf.data(), want));
      if (!n) return n.error();
      if (*n == 0) break;
      ctx.out().write(std::string_view(buf.data(), *n));
      left -= *n;
      if (ctx.output_failed()) break;
    }
    return 0;
  }
  size_t unread = 0;
  int err = for_each_chunk(ctx, in, [&](std::string_view chunk) {
    const char* p = chunk.data();
    const char* end = p + chunk.size();
    while (left > 0) {
      const char* d = static_cast<const char*>(std::memchr(p, s.delimiter, end - p));
      if (d == nullptr) break;
      p = d + 1;
      --left;
    }
    ctx.out().write(std::string_view(chunk.data(), left == 0 ? p - chunk.data() : chunk.size()));
    if (left == 0) unread = static_cast<size_t>(end - p);
    return left > 0;
  });
  if (unread > 0) (void)in.seek(-static_cast<int64_t>(unread), SEEK_CUR);  // ESPIPE: a pipe
  return err;
}

// Copies all but the last `count` bytes or lines, holding back only those.
int head_elide(Context& ctx, Stream& in, const Settings& s) {
  std::string pending;
  size_t start = 0;            // first byte of `pending` not yet written
  uint64_t pending_lines = 0;  // delimiters in pending[start..]
  int err = for_each_chunk(ctx, in, [&](std::string_view chunk) {
    pending.append(chunk);
    if (s.bytes) {
      uint64_t have = pending.size() - start;
      if (have > s.count) {
        size_t n = static_cast<size_t>(have - s.count);
        ctx.out().write(std::string_view(pending).substr(start, n));
        start += n;
      }
    } else {
      pending_lines += static_cast<uint64_t>(std::count(chunk.begin(), chunk.end(), s.delimiter));
      size_t p = start;
      while (pending_lines > s.count) {
        size_t d = pending.find(s.delimiter, p);
        p = d + 1;
        --pending_lines;
      }
      ctx.out().write(std::string_view(pending).substr(start, p - start));
      start = p;
    }
    if (start > pending.size() / 2) {
      pending.erase(0, start);
      start = 0;
    }
  });
  // A last line without delimiter is a line too: one more line goes out.
  if (!s.bytes && err == 0 && start < pending.size() && pending.back() != s.delimiter &&
      pending_lines >= s.count) {
    size_t end = s.count == 0 ? pending.size() : pending.find(s.delimiter, start) + 1;
    ctx.out().write(std::string_view(pending).substr(start, end - start));
  }
  return err;
}

int run(Context& ctx, const Args& args) {
  Settings s;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'c':
      case 'n':
        if (o.numeric_shorthand) {
          if (!parse_obsolete(ctx, o.value, s)) return kExitFailure;
        } else if (!parse_amount(ctx, o.value, o.spec->short_name == 'c', s)) {
          return kExitFailure;
        }
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
  return for_each_input_with_headers(ctx, args.operands, s.headers, [&](Stream& in) {
    return s.elide ? head_elide(ctx, in, s) : head_prefix(ctx, in, s);
  });
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    head,
    {
        .name = "head",
        .usage = "head [OPTION]... [FILE]...",
        .summary = "Print the first 10 lines of each FILE to standard output.\n"
                   "With more than one FILE, precede each with a header giving the file name.\n\n"
                   "With no FILE, or when FILE is -, read standard input.",
        .options = kOptions,
        .main = run,
        .flags = kNumericShorthand,
        .number_option = 'n',
        .epilog = "NUM may have a multiplier suffix:\n"
                  "b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,\n"
                  "GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y, R, Q.\n"
                  "Binary prefixes can be used, too: KiB=K, MiB=M, and so on.",
    });

// wc: print newline, word, and byte counts (GNU coreutils 9.1).
// Column width as GNU: the digits of the total size of the regular files, at
// least 7 when an input is not a regular file, 1 for a single count of a
// single input. Words follow 9.1's C-locale rule: a word is a run of
// printable non-space bytes; other non-printable bytes neither start nor end one.
#include <algorithm>
#include <array>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "bytes", ArgKind::None, "", "print the byte counts"},
    {'m', "chars", ArgKind::None, "", "print the character counts"},
    {'l', "lines", ArgKind::None, "", "print the newline counts"},
    {0, "files0-from", ArgKind::Required, "F",
     "read input from the files specified by\n"
     "  NUL-terminated names in file F;\n"
     "  If F is - then read names from standard input"},
    {'L', "max-line-length", ArgKind::None, "", "print the maximum display width"},
    {'w', "words", ArgKind::None, "", "print the word counts"},
};

struct Counts {
  uint64_t lines = 0, words = 0, chars = 0, bytes = 0, max_line = 0;
};

struct Want {
  bool lines = false, words = false, chars = false, bytes = false, max_line = false;
  int how_many() const { return lines + words + chars + bytes + max_line; }
};

// Byte classes for the word/width state machine.
enum : uint8_t { kOther, kPrint, kSpace, kNewline, kReset, kTab, kVtab };

constexpr std::array<uint8_t, 256> make_classes(bool utf8) {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k = kOther;
    if (c > 0x20 && c < 0x7f) k = kPrint;
    if (utf8 && c >= 0x80) k = kPrint;
    if (c == ' ') k = kSpace;
    if (c == '\n') k = kNewline;
    if (c == '\r' || c == '\f') k = kReset;
    if (c == '\t') k = kTab;
    if (c == '\v') k = kVtab;
    t[c] = k;
  }
  return t;
}
constexpr auto kClassesC = make_classes(false);
constexpr auto kClassesUtf8 = make_classes(true);

#if defined(__SSE2__)
// Counts newlines 16 bytes at a time with SSE2 (part of every x86-64): each
// compare yields 0xff per newline, subtracted into per-byte counters that are
// summed (psadbw) before they can overflow, i.e. every 255 blocks.
uint64_t count_newlines(std::string_view chunk) {
  const char* p = chunk.data();
  size_t left = chunk.size();
  const __m128i newline = _mm_set1_epi8('\n');
  uint64_t total = 0;
  while (left >= 64) {
    size_t rounds = std::min<size_t>(left / 64, 255);
    __m128i acc0 = _mm_setzero_si128(), acc1 = _mm_setzero_si128();
    __m128i acc2 = _mm_setzero_si128(), acc3 = _mm_setzero_si128();
    for (size_t r = 0; r < rounds; ++r, p += 64) {
      auto load = [p](int k) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p) + k); };
      acc0 = _mm_sub_epi8(acc0, _mm_cmpeq_epi8(load(0), newline));
      acc1 = _mm_sub_epi8(acc1, _mm_cmpeq_epi8(load(1), newline));
      acc2 = _mm_sub_epi8(acc2, _mm_cmpeq_epi8(load(2), newline));
      acc3 = _mm_sub_epi8(acc3, _mm_cmpeq_epi8(load(3), newline));
    }
    const __m128i zero = _mm_setzero_si128();
    __m128i sums = _mm_add_epi64(_mm_add_epi64(_mm_sad_epu8(acc0, zero), _mm_sad_epu8(acc1, zero)),
                                 _mm_add_epi64(_mm_sad_epu8(acc2, zero), _mm_sad_epu8(acc3, zero)));
    total += static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    left -= rounds * 64;
  }
  for (; left > 0; --left) total += *p++ == '\n';
  return total;
}
#else
// Counts newlines eight bytes at a time: short lines make a memchr loop pay a
// call per line, and a byte loop (std::count) is not vectorised at -O2.
uint64_t count_newlines(std::string_view chunk) {
  constexpr uint64_t kNewlines = 0x0a0a0a0a0a0a0a0aULL;
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  uint64_t n = 0;
  size_t i = 0;
  for (; i + 8 <= chunk.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, chunk.data() + i, 8);
    uint64_t x = word ^ kNewlines;  // newline bytes become zero
    // High bit set exactly in the zero bytes of x.
    uint64_t zero_bytes = ~(((x & kLow7) + kLow7) | x | kLow7);
    n += static_cast<uint64_t>(__builtin_popcountll(zero_bytes));
  }
  for (; i < chunk.size(); ++i) n += chunk[i] == '\n';
  return n;
}
#endif

class Counter {
 public:
  Counter(const Want& want, bool utf8) : want_(want), utf8_(utf8) {}

  void feed(std::string_view chunk) {
    c_.bytes += chunk.size();
    if (want_.lines && !want_.words && !want_.max_line) {
      c_.lines += count_newlines(chunk);
      if (want_.chars) count_chars(chunk);
      return;
    }
    if (want_.chars) count_chars(chunk);
    if (!want_.lines && !want_.words && !want_.max_line) return;
    const auto& cls = utf8_ ? kClassesUtf8 : kClassesC;
    for (unsigned char ch : chunk) {
      switch (cls[ch]) {
        case kPrint:
          in_word_ = true;
          if (!utf8_ || (ch & 0xC0) != 0x80) ++pos_;
          break;
        case kSpace:
          ++pos_;
          end_word();
          break;
        case kNewline:
          ++c_.lines;
          end_line();
          end_word();
          break;
        case kReset:
          end_line();
          end_word();
          break;
        case kTab:
          pos_ += 8 - pos_ % 8;
          end_word();
          break;
        case kVtab:
          end_word();
          break;
        default:
          break;
      }
    }
  }

  Counts finish() {
    end_line();
    end_word();
    if (!want_.chars) c_.chars = 0;
    if (!utf8_ && want_.chars) c_.chars = c_.bytes;
    return c_;
  }

 private:
  void count_chars(std::string_view chunk) {
    if (!utf8_) return;  // bytes, set in finish()
    for (unsigned char ch : chunk) c_.chars += (ch & 0xC0) != 0x80;
  }
  void end_word() {
    c_.words += in_word_;
    in_word_ = false;
  }
  void end_line() {
    c_.max_line = std::max(c_.max_line, pos_);
    pos_ = 0;
  }

  const Want& want_;
  bool utf8_;
  Counts c_;
  bool in_word_ = false;
  uint64_t pos_ = 0;
};

bool utf8_locale(const Context& ctx) {
  std::string_view loc = ctx.getenv("LC_ALL");
  if (loc.empty()) loc = ctx.getenv("LC_CTYPE");
  if (loc.empty()) loc = ctx.getenv("LANG");
  std::string lower;
  for (char c : loc) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

void print_counts(Context& ctx, const Want& want, const Counts& c, int width, std::string_view name,
                  bool with_name) {
  std::string line;
  auto add = [&](uint64_t v) {
    std::string n = to_string_u(v);
    if (!line.empty()) line += ' ';
    if (static_cast<int>(n.size()) < width) line.append(width - n.size(), ' ');
    line += n;
  };
  if (want.lines) add(c.lines);
  if (want.words) add(c.words);
  if (want.chars) add(c.chars);
  if (want.bytes) add(c.bytes);
  if (want.max_line) add(c.max_line);
  if (with_name) {
    line += ' ';
    line += name;
  }
  line += '\n';
  ctx.out() << line;
}

// The names listed NUL-separated in `from`.
bool read_names(Context& ctx, const std::string& from, std::vector<std::string>& names) {
  auto in = ctx.open_input(from);
  if (!in) {
    ctx.error("cannot open " + quote_always(from) + " for reading: " + std::strerror(in.error()));
    return false;
  }
  auto data = read_stream(ctx, **in);
  if (!data) {
    ctx.error_errno(from, data.error());
    return false;
  }
  size_t start = 0;
  while (start < data->size()) {
    size_t end = data->find('\0', start);
    if (end == std::string::npos) end = data->size();
    names.push_back(data->substr(start, end - start));
    start = end + 1;
  }
  return true;
}

int run(Context& ctx, const Args& args) {
  Want want;
  want.bytes = args.has('c');
  want.chars = args.has('m');
  want.lines = args.has('l');
  want.words = args.has('w');
  want.max_line = args.has('L');
  if (want.how_many() == 0) want.lines = want.words = want.bytes = true;

  std::vector<std::string> names = args.operands;
  bool named = !names.empty();
  if (const std::string* from = args.value("files0-from")) {
    if (!names.empty()) {
      ctx.error("extra operand " + quote(names[0]));
      ctx.err() << "file operands cannot be combined with --files0-from\n"
                << "Try '" << ctx.name() << " --help' for more information.\n";
      return kExitFailure;
    }
    if (!read_names(ctx, *from, names)) return kExitFailure;
    named = true;
  }
  if (names.empty() && !args.has("files0-from")) names.push_back("-");

  // Width: from the sizes of the regular files, as GNU does before reading.
  int width = 1;
  if (!(names.size() == 1 && want.how_many() == 1)) {
    uint64_t total_size = 0;
    int minimum = 1;
    for (const std::string& n : names) {
      if (n == "-") {
        minimum = 7;
        continue;
      }
      auto st = ctx.fs.stat(n);
      if (!st) continue;
      if (st->is_regular())
        total_size += st->size;
      else
        minimum = 7;
    }
    for (; total_size >= 10; total_size /= 10) ++width;
    width = std::max(width, minimum);
  }

  bool utf8 = utf8_locale(ctx);
  Counts total;
  int status = kExitSuccess;
  for (const std::string& name : names) {
    auto in = ctx.open_input(name);
    Counter counter(want, utf8);
    if (!in) {
      ctx.error_errno(name, in.error());
      status = kExitFailure;
      if (in.error() != EISDIR) continue;
    } else {
      int err = for_each_chunk(
          ctx, **in, [&](std::string_view chunk) { counter.feed(chunk); }, 32 * 1024);
      if (err != 0) {
        ctx.error_errno(name, err);
        status = kExitFailure;
      }
    }
    Counts c = counter.finish();
    print_counts(ctx, want, c, width, name, named);
    total.lines += c.lines;
    total.words += c.words;
    total.chars += c.chars;
    total.bytes += c.bytes;
    total.max_line = std::max(total.max_line, c.max_line);
    if (ctx.output_failed()) return status;
  }
  if (names.size() > 1) print_counts(ctx, want, total, width, "total", true);
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    wc,
    {
        .name = "wc",
        .usage = "wc [OPTION]... [FILE]...\nwc [OPTION]... --files0-from=F",
        .summary = "Print newline, word, and byte counts for each FILE, and a total line if\n"
                   "more than one FILE is specified.  A word is a non-zero-length sequence of\n"
                   "printable characters delimited by white space.\n\n"
                   "With no FILE, or when FILE is -, read standard input.\n\n"
                   "The options below may be used to select which counts are printed, always in\n"
                   "the following order: newline, word, character, byte, maximum line length.",
        .options = kOptions,
        .main = run,
    });

// base64, base32, basenc: encode/decode data (GNU coreutils 9.1): wrapping
// (-w, default 76), -d decoding that stops with "invalid input" at the first
// bad group (after writing what decoded), -i to skip non-alphabet bytes.
#include <array>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

enum class Enc { kBase64, kBase64Url, kBase32, kBase32Hex, kBase16, kBase2Msb, kBase2Lsb, kZ85 };

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kB64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kB32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kB32Hex = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
constexpr std::string_view kB16 = "0123456789ABCDEF";
constexpr std::string_view kZ85 =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

struct Codec {
  Enc enc;
  std::string_view alphabet;
  size_t in_block, out_block;  // bytes per encoding group, chars per group
  std::array<int, 256> value{};
  explicit Codec(Enc e) : enc(e) {
    switch (e) {
      case Enc::kBase64:
        alphabet = kB64;
        in_block = 3;
        out_block = 4;
        break;
      case Enc::kBase64Url:
        alphabet = kB64Url;
        in_block = 3;
        out_block = 4;
        break;
      case Enc::kBase32:
        alphabet = kB32;
        in_block = 5;
        out_block = 8;
        break;
      case Enc::kBase32Hex:
        alphabet = kB32Hex;
        in_block = 5;
        out_block = 8;
        break;
      case Enc::kBase16:
        alphabet = kB16;
        in_block = 1;
        out_block = 2;
        break;
      case Enc::kBase2Msb:
      case Enc::kBase2Lsb:
        alphabet = "01";
        in_block = 1;
        out_block = 8;
        break;
      case Enc::kZ85:
        alphabet = kZ85;
        in_block = 4;
        out_block = 5;
        break;
    }
    value.fill(-1);
    for (size_t i = 0; i < alphabet.size(); ++i)
      value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    if (e == Enc::kBase16) {
      for (int c = 'a'; c <= 'f'; ++c) value[c] = c - 'a' + 10;
    }
  }
  bool padded() const {
    return enc != Enc::kBase16 && enc != Enc::kBase2Msb && enc != Enc::kBase2Lsb &&
           enc != Enc::kZ85;
  }
  bool in_alphabet(unsigned char c) const { return value[c] >= 0 || (c == '=' && padded()); }
};

// Encodes whole groups of `in` (the final call may pass a partial group).
void encode(const Codec& c, std::string_view in, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  size_t n = in.size();
  switch (c.enc) {
    case Enc::kBase64:
    case Enc::kBase64Url:
      for (size_t i = 0; i < n; i += 3) {
        uint32_t v = p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        out += c.alphabet[v >> 18];
        out += c.alphabet[(v >> 12) & 63];
        out += i + 1 < n ? c.alphabet[(v >> 6) & 63] : '=';
        out += i + 2 < n ? c.alphabet[v & 63] : '=';
      }
      return;
    case Enc::kBase32:
    case Enc::kBase32Hex:
      for (size_t i = 0; i < n; i += 5) {
        uint64_t v = 0;
        size_t k = std::min<size_t>(5, n - i);
        for (size_t j = 0; j < 5; ++j) v = v << 8 | (j < k ? p[i + j] : 0);
        static constexpr size_t kChars[] = {0, 2, 4, 5, 7, 8};
        for (size_t j = 0; j < 8; ++j) {
          out += j < kChars[k] ? c.alphabet[(v >> (35 - 5 * j)) & 31] : '=';
        }
      }
      return;
    case Enc::kBase16:
      for (size_t i = 0; i < n; ++i) {
        out += kB16[p[i] >> 4];
        out += kB16[p[i] & 15];
      }
      return;
    case Enc::kBase2Msb:
    case Enc::kBase2Lsb:
      for (size_t i = 0; i < n; ++i) {
        for (int b = 0; b < 8; ++b) {
          int bit = c.enc == Enc::kBase2Msb ? 7 - b : b;
          out += (p[i] >> bit) & 1 ? '1' : '0';
        }
      }
      return;
    case Enc::kZ85:
      for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t v = static_cast<uint32_t>(p[i]) << 24 | p[i + 1] << 16 | p[i + 2] << 8 | p[i + 3];
        char g[5];
        for (int j = 4; j >= 0; --j) {
          g[j] = kZ85[v % 85];
          v /= 85;
        }
        out.append(g, 5);
      }
      return;
  }
}

// Decodes complete groups from `in`; returns false on invalid input. `final`
// allows a trailing partial group (decoded as far as it goes, then invalid).
bool decode(const Codec& c, std::string_view in, std::string& out, size_t& consumed, bool final) {
  size_t g = c.out_block;
  size_t i = 0;
  auto val = [&](char ch) { return c.value[static_cast<unsigned char>(ch)]; };
  for (; i + g <= in.size(); i += g) {
    std::string_view grp = in.substr(i, g);
    if (c.enc == Enc::kBase16) {
      if (val(grp[0]) < 0 || val(grp[1]) < 0) {
        consumed = i;
        return false;
      }
      out += static_cast<char>(val(grp[0]) << 4 | val(grp[1]));
      continue;
    }
    if (c.enc == Enc::kBase2Msb || c.enc == Enc::kBase2Lsb) {
      unsigned v = 0;
      for (int b = 0; b < 8; ++b) {
        if (val(grp[b]) < 0) {
          consumed = i;
          return false;
        }
        int bit = c.enc == Enc::kBase2Msb ? 7 - b : b;
        v |= static_cast<unsigned>(val(grp[b])) << bit;
      }
      out += static_cast<char>(v);
      continue;
    }
    if (c.enc == Enc::kZ85) {
      uint64_t v = 0;
      for (char ch : grp) {
        if (val(ch) < 0) {
          consumed = i;
          return false;
        }
        v = v * 85 + static_cast<uint64_t>(val(ch));
      }
      if (v > 0xFFFFFFFFull) {
        consumed = i;
        return false;
      }
      for (int s = 24; s >= 0; s -= 8) out += static_cast<char>(v >> s);
      continue;
    }
    // base64/base32: data chars then '=' padding to the end of the group.
    // On a bad group, base64 (like gnulib) still writes the bytes its valid
    // leading characters hold.
    auto fail_partial = [&](size_t valid) {
      if (c.in_block == 3) {
        uint64_t v = 0;
        for (size_t k = 0; k < valid; ++k) v = v << 6 | static_cast<uint64_t>(val(grp[k]));
        for (size_t b = 0; b < valid * 6 / 8; ++b)
          out += static_cast<char>(v >> (valid * 6 - 8 * (b + 1)));
      }
      consumed = i;
      return false;
    };
    size_t data = 0;
    while (data < g && grp[data] != '=') {
      if (val(grp[data]) < 0) return fail_partial(data);
      ++data;
    }
    for (size_t k = data; k < g; ++k) {
      if (grp[k] != '=') return fail_partial(data);
    }
    static constexpr int kB32Bytes[] = {0, -1, 1, -1, 2, 3, -1, 4, 5};
    int bytes = c.in_block == 3 ? (data == 4   ? 3
                                   : data == 3 ? 2
                                   : data == 2 ? 1
                                               : -1)
                                : kB32Bytes[data];
    if (bytes < 0 || (data < g && bytes == 0)) return fail_partial(data);
    uint64_t v = 0;
    int bits = c.in_block == 3 ? 6 : 5;
    for (size_t k = 0; k < data; ++k) v = v << bits | static_cast<uint64_t>(val(grp[k]));
    v <<= bits * static_cast<int>(g - data);
    int total = bits * static_cast<int>(g);
    for (int b = 0; b < bytes; ++b) out += static_cast<char>(v >> (total - 8 * (b + 1)));
  }
  consumed = i;
  if (final && i < in.size()) {
    // A partial group: GNU decodes the complete bytes it holds, then fails.
    std::string_view rest = in.substr(i);
    if (c.in_block == 3) {
      size_t data = 0;
      while (data < rest.size() && rest[data] != '=' && val(rest[data]) >= 0) ++data;
      int bits = c.in_block == 3 ? 6 : 5;
      uint64_t v = 0;
      for (size_t k = 0; k < data; ++k) v = v << bits | static_cast<uint64_t>(val(rest[k]));
      size_t nbytes = data * static_cast<size_t>(bits) / 8;
      for (size_t b = 0; b < nbytes; ++b) {
        out += static_cast<char>(v >> (data * static_cast<size_t>(bits) - 8 * (b + 1)));
      }
    }
    consumed = in.size();
    return false;
  }
  return true;
}

constexpr OptionSpec kOptions[] = {
    {'d', "decode", ArgKind::None, "", "decode data"},
    {'i', "ignore-garbage", ArgKind::None, "", "when decoding, ignore non-alphabet characters"},
    {'w', "wrap", ArgKind::Required, "COLS",
     "wrap encoded lines after COLS character (default 76).\n  Use 0 to disable line wrapping"},
};

constexpr OptionSpec kBasencOptions[] = {
    {0, "base64", ArgKind::None, "", "same as 'base64' program (RFC4648 section 4)"},
    {0, "base64url", ArgKind::None, "", "file- and url-safe base64 (RFC4648 section 5)"},
    {0, "base32", ArgKind::None, "", "same as 'base32' program (RFC4648 section 6)"},
    {0, "base32hex", ArgKind::None, "", "extended hex alphabet base32 (RFC4648 section 7)"},
    {0, "base16", ArgKind::None, "", "hex encoding (RFC4648 section 8)"},
    {0, "base2msbf", ArgKind::None, "", "bit string with most significant bit (msb) first"},
    {0, "base2lsbf", ArgKind::None, "", "bit string with least significant bit (lsb) first"},
    {'d', "decode", ArgKind::None, "", "decode data"},
    {'i', "ignore-garbage", ArgKind::None, "", "when decoding, ignore non-alphabet characters"},
    {'w', "wrap", ArgKind::Required, "COLS",
     "wrap encoded lines after COLS character (default 76).\n  Use 0 to disable line wrapping"},
    {0, "z85", ArgKind::None, "",
     "ascii85-like encoding (ZeroMQ spec:32/Z85);\n  when encoding, input length must be a "
     "multiple of 4;\n  when decoding, input length must be a multiple of 5"},
};

int codec_main(Context& ctx, const Args& args, Enc enc) {
  Codec c(enc);
  bool dec = args.has('d'), ignore = args.has('i');
  uint64_t wrap = 76;
  if (const std::string* w = args.value('w')) {
    auto v = parse_decimal(*w);
    if (!v) {
      ctx.error("invalid wrap size: " + quote(*w));
      return kExitFailure;
    }
    wrap = *v;
  }
  if (args.operands.size() > 1) return usage_error(ctx, "extra operand " + quote(args.operands[1]));
  std::string name = args.operands.empty() ? "-" : args.operands[0];
  auto in = ctx.open_input(name);
  if (!in) {
    ctx.error_errno(name, in.error());
    return kExitFailure;
  }
  std::string pending, out;
  uint64_t column = 0;
  bool bad = false;
  size_t chunk_bytes = c.in_block * 3 * 1024 * 8;  // a multiple of every group size
  std::string z85_out;  // z85 writes nothing unless the whole input is valid
  auto emit_encoded = [&](std::string_view text) {
    if (c.enc == Enc::kZ85 && !dec) {
      z85_out.append(text);
      return;
    }
    if (wrap == 0) {
      ctx.out() << text;
      return;
    }
    // Build the wrapped text once, then write it in one piece.
    std::string wrapped;
    wrapped.reserve(text.size() + text.size() / wrap + 1);
    while (!text.empty()) {
      size_t take = static_cast<size_t>(std::min<uint64_t>(wrap - column, text.size()));
      wrapped.append(text.substr(0, take));
      column += take;
      text.remove_prefix(take);
      if (column == wrap) {
        wrapped += '\n';
        column = 0;
      }
    }
    ctx.out() << wrapped;
  };
  int err = for_each_chunk(
      ctx, **in,
      [&](std::string_view chunk) {
        if (bad) return false;
        pending.append(chunk);
        out.clear();
        if (!dec) {
          size_t whole = pending.size() - pending.size() % c.in_block;
          encode(c, std::string_view(pending).substr(0, whole), out);
          pending.erase(0, whole);
          emit_encoded(out);
          return true;
        }
        std::string clean;
        clean.reserve(pending.size());
        for (char ch : pending) {
          if (ch == '\n') continue;
          if (ignore && !c.in_alphabet(static_cast<unsigned char>(ch))) continue;
          clean += ch;
        }
        size_t consumed = 0;
        if (!decode(c, clean, out, consumed, false)) bad = true;
        ctx.out() << out;
        pending = clean.substr(consumed);
        return !bad;
      },
      chunk_bytes);
  if (err != 0) {
    ctx.error_errno(name, err);
    return kExitFailure;
  }
  out.clear();
  if (!dec) {
    if (c.enc == Enc::kZ85 && !pending.empty()) {
      ctx.error("invalid input (length must be multiple of 4 characters)");
      return kExitFailure;
    }
    encode(c, pending, out);
    emit_encoded(out);
    if (c.enc == Enc::kZ85) {
      out = std::move(z85_out);
      c.enc = Enc::kBase16;  // plain wrapping of the finished text
      emit_encoded(out);
    }
    if (wrap != 0 && column > 0) ctx.out() << '\n';
    return kExitSuccess;
  }
  if (!bad && !pending.empty()) {
    size_t consumed = 0;
    bad = !decode(c, pending, out, consumed, true);
    ctx.out() << out;
  }
  if (bad) {
    ctx.error("invalid input");
    return kExitFailure;
  }
  return kExitSuccess;
}

int run_base64(Context& ctx, const Args& a) {
  return codec_main(ctx, a, Enc::kBase64);
}
int run_base32(Context& ctx, const Args& a) {
  return codec_main(ctx, a, Enc::kBase32);
}

int run_basenc(Context& ctx, const Args& args) {
  std::optional<Enc> enc;
  static const std::pair<std::string_view, Enc> kNames[] = {
      {"base64", Enc::kBase64},      {"base64url", Enc::kBase64Url},
      {"base32", Enc::kBase32},      {"base32hex", Enc::kBase32Hex},
      {"base16", Enc::kBase16},      {"base2msbf", Enc::kBase2Msb},
      {"base2lsbf", Enc::kBase2Lsb}, {"z85", Enc::kZ85}};
  for (const auto& o : args.options) {
    for (auto& [n, e] : kNames) {
      if (o.spec->long_name == n) enc = e;
    }
  }
  if (!enc) return usage_error(ctx, "missing encoding type");
  return codec_main(ctx, args, *enc);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    base64,
    {
        .name = "base64",
        .usage = "base64 [OPTION]... [FILE]",
        .summary = "Base64 encode or decode FILE, or standard input, to standard output.\n\n"
                   "With no FILE, or when FILE is -, read standard input.",
        .options = kOptions,
        .main = run_base64,
    });
KEFKA_COMMAND(
    base32,
    {
        .name = "base32",
        .usage = "base32 [OPTION]... [FILE]",
        .summary = "Base32 encode or decode FILE, or standard input, to standard output.\n\n"
                   "With no FILE, or when FILE is -, read standard input.",
        .options = kOptions,
        .main = run_base32,
    });
KEFKA_COMMAND(
    basenc,
    {
        .name = "basenc",
        .usage = "basenc [OPTION]... [FILE]",
        .summary = "basenc encode or decode FILE, or standard input, to standard output.\n\n"
                   "With no FILE, or when FILE is -, read standard input.",
        .options = kBasencOptions,
        .main = run_basenc,
    });

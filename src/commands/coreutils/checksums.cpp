// md5sum, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum, b2sum, cksum
// and sum (GNU coreutils 9.1): output formats (plain, --tag, -z, escaped
// names), and -c verification with GNU's messages and warnings.
// Digests come from OpenSSL's libcrypto; BLAKE2b (variable -l) and the CRC and
// BSD/SysV sums are implemented here.
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

// ---------------------------------------------------------------------------
// BLAKE2b (RFC 7693)

class Blake2b {
 public:
  explicit Blake2b(size_t outlen) : outlen_(outlen) {
    h_ = kIv;
    h_[0] ^= 0x01010000 ^ outlen;
  }
  void update(std::string_view data) {
    for (unsigned char c : data) {
      if (fill_ == 128) {
        t_ += 128;
        compress(false);
        fill_ = 0;
      }
      buf_[fill_++] = c;
    }
  }
  std::string final() {
    t_ += fill_;
    std::memset(buf_.data() + fill_, 0, 128 - fill_);
    compress(true);
    std::string out(outlen_, '\0');
    for (size_t i = 0; i < outlen_; ++i) out[i] = static_cast<char>(h_[i / 8] >> (8 * (i % 8)));
    return out;
  }

 private:
  static constexpr std::array<uint64_t, 8> kIv = {
      0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
      0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
  static constexpr uint8_t kSigma[12][16] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
      {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
      {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
      {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
      {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
      {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
      {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
      {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
      {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
      {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
      {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};
  static uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }
  void compress(bool last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; ++i) {
      m[i] = 0;
      for (int b = 7; b >= 0; --b) m[i] = (m[i] << 8) | buf_[i * 8 + b];
    }
    for (int i = 0; i < 8; ++i) {
      v[i] = h_[i];
      v[i + 8] = kIv[i];
    }
    v[12] ^= t_;
    if (last) v[14] = ~v[14];
    auto g = [&](int a, int b, int c, int d, uint64_t x, uint64_t y) {
      v[a] = v[a] + v[b] + x;
      v[d] = rotr(v[d] ^ v[a], 32);
      v[c] = v[c] + v[d];
      v[b] = rotr(v[b] ^ v[c], 24);
      v[a] = v[a] + v[b] + y;
      v[d] = rotr(v[d] ^ v[a], 16);
      v[c] = v[c] + v[d];
      v[b] = rotr(v[b] ^ v[c], 63);
    };
    for (int r = 0; r < 12; ++r) {
      const uint8_t* s = kSigma[r];
      g(0, 4, 8, 12, m[s[0]], m[s[1]]);
      g(1, 5, 9, 13, m[s[2]], m[s[3]]);
      g(2, 6, 10, 14, m[s[4]], m[s[5]]);
      g(3, 7, 11, 15, m[s[6]], m[s[7]]);
      g(0, 5, 10, 15, m[s[8]], m[s[9]]);
      g(1, 6, 11, 12, m[s[10]], m[s[11]]);
      g(2, 7, 8, 13, m[s[12]], m[s[13]]);
      g(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; ++i) h_[i] ^= v[i] ^ v[i + 8];
  }
  size_t outlen_;
  std::array<uint64_t, 8> h_;
  std::array<unsigned char, 128> buf_{};
  size_t fill_ = 0;
  uint64_t t_ = 0;
};

// ---------------------------------------------------------------------------
// CRC (cksum) and BSD/SysV sums

// The POSIX cksum CRC (polynomial 0x04C11DB7, most significant bit first),
// slice-by-16: tables[k][b] is the CRC of byte b followed by k zero bytes, so
// sixteen input bytes cost sixteen independent lookups.
using CrcTables = std::array<std::array<uint32_t, 256>, 16>;
constexpr CrcTables make_crc_tables() {
  CrcTables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i << 24;
    for (int k = 0; k < 8; ++k) c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
    t[0][i] = c;
  }
  for (size_t k = 1; k < 16; ++k) {
    for (uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] << 8) ^ t[0][t[k - 1][i] >> 24];
  }
  return t;
}
constexpr CrcTables kCrcTables = make_crc_tables();
constexpr const std::array<uint32_t, 256>& kCrcTable = kCrcTables[0];

uint32_t crc_update(uint32_t crc, std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  const CrcTables& t = kCrcTables;
  for (; n >= 16; n -= 16, p += 16) {
    uint32_t hi = crc ^ (uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3]);
    // A balanced tree of XORs: a running `crc ^=` chain is twice as slow.
    crc = ((t[15][hi >> 24] ^ t[14][(hi >> 16) & 0xFF]) ^
           (t[13][(hi >> 8) & 0xFF] ^ t[12][hi & 0xFF])) ^
          ((t[11][p[4]] ^ t[10][p[5]]) ^ (t[9][p[6]] ^ t[8][p[7]])) ^
          (((t[7][p[8]] ^ t[6][p[9]]) ^ (t[5][p[10]] ^ t[4][p[11]])) ^
           ((t[3][p[12]] ^ t[2][p[13]]) ^ (t[1][p[14]] ^ t[0][p[15]])));
  }
  for (; n > 0; --n, ++p) crc = (crc << 8) ^ t[0][((crc >> 24) ^ *p) & 0xFF];
  return crc;
}

// ---------------------------------------------------------------------------
// Algorithms

enum class Algo { kMd5, kSha1, kSha224, kSha256, kSha384, kSha512, kBlake2b, kCrc, kBsd, kSysv };

struct AlgoInfo {
  Algo algo;
  std::string_view cmd;  // md5sum...
  std::string_view tag;  // MD5, SHA256, BLAKE2b
  size_t bytes;          // digest length
};

constexpr AlgoInfo kAlgos[] = {
    {Algo::kMd5, "md5sum", "MD5", 16},          {Algo::kSha1, "sha1sum", "SHA1", 20},
    {Algo::kSha224, "sha224sum", "SHA224", 28}, {Algo::kSha256, "sha256sum", "SHA256", 32},
    {Algo::kSha384, "sha384sum", "SHA384", 48}, {Algo::kSha512, "sha512sum", "SHA512", 64},
    {Algo::kBlake2b, "b2sum", "BLAKE2b", 64},
};

const AlgoInfo& info_of(Algo a) {
  for (const auto& i : kAlgos) {
    if (i.algo == a) return i;
  }
  return kAlgos[0];
}

class Digest {
 public:
  Digest(Algo algo, size_t bytes) : algo_(algo) {
    const EVP_MD* md = nullptr;
    switch (algo) {
      case Algo::kMd5:
        md = EVP_md5();
        break;
      case Algo::kSha1:
        md = EVP_sha1();
        break;
      case Algo::kSha224:
        md = EVP_sha224();
        break;
      case Algo::kSha256:
        md = EVP_sha256();
        break;
      case Algo::kSha384:
        md = EVP_sha384();
        break;
      case Algo::kSha512:
        md = EVP_sha512();
        break;
      case Algo::kBlake2b:
        // OpenSSL's (vectorised) BLAKE2b only has the full 64-byte length.
        if (bytes == 64) {
          md = EVP_blake2b512();
        } else {
          blake_ = std::make_unique<Blake2b>(bytes);
        }
        break;
      default:
        break;
    }
    if (md != nullptr) {
      ctx_.reset(EVP_MD_CTX_new());
      EVP_DigestInit_ex(ctx_.get(), md, nullptr);
    }
  }
  void update(std::string_view d) {
    size_ += d.size();
    if (ctx_) {
      EVP_DigestUpdate(ctx_.get(), d.data(), d.size());
    } else if (blake_) {
      blake_->update(d);
    } else if (algo_ == Algo::kCrc) {
      crc_ = crc_update(crc_, d);
    } else if (algo_ == Algo::kBsd) {
      for (unsigned char c : d) {
        bsd_ = (bsd_ >> 1) + ((bsd_ & 1) << 15);
        bsd_ = (bsd_ + c) & 0xFFFF;
      }
    } else {
      for (unsigned char c : d) sysv_ += c;
    }
  }
  // Binary digest for the cryptographic ones.
  std::string final_bytes() {
    if (blake_) return blake_->final();
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_.get(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
  }
  uint32_t crc() const {
    uint32_t c = crc_;
    for (uint64_t n = size_; n != 0; n >>= 8)
      c = (c << 8) ^ kCrcTable[((c >> 24) ^ (n & 0xFF)) & 0xFF];
    return ~c;
  }
  uint32_t bsd() const { return bsd_; }
  uint32_t sysv() const {
    uint32_t r = (sysv_ & 0xffff) + ((sysv_ & 0xffffffff) >> 16);
    return (r & 0xffff) + (r >> 16);
  }
  uint64_t size() const { return size_; }

 private:
  struct CtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  Algo algo_;
  std::unique_ptr<EVP_MD_CTX, CtxFree> ctx_;
  std::unique_ptr<Blake2b> blake_;
  uint32_t crc_ = 0;
  uint32_t bsd_ = 0;
  uint64_t sysv_ = 0;
  uint64_t size_ = 0;
};

std::string to_hex(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// Hashes one input; false (with the message printed) when it cannot be read.
bool hash_input(Context& ctx, const std::string& name, Digest& d, bool quiet_missing = false,
                bool* missing = nullptr) {
  auto in = ctx.open_input(name);
  if (!in) {
    if (missing != nullptr) *missing = in.error() == ENOENT;
    if (!(quiet_missing && in.error() == ENOENT)) ctx.error_errno(name, in.error());
    return false;
  }
  int err = for_each_chunk(
      ctx, **in, [&](std::string_view chunk) { d.update(chunk); }, 32 * 1024);
  if (err != 0) {
    ctx.error_errno(name, err);
    return false;
  }
  return true;
}

// GNU escapes names holding '\\' or '\n' (and then starts the line with '\\').
bool escape_name(std::string_view name, std::string& out) {
  if (name.find_first_of("\\\n\r") == std::string_view::npos) {
    out = name;
    return false;
  }
  out.clear();
  for (char c : name) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return true;
}

std::string unescape_name(std::string_view s, bool& ok) {
  std::string out;
  ok = true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) {
      ok = false;
      return out;
    }
    if (s[i] == '\\')
      out += '\\';
    else if (s[i] == 'n')
      out += '\n';
    else if (s[i] == 'r')
      out += '\r';
    else {
      ok = false;
      return out;
    }
  }
  return out;
}

std::string_view plural(uint64_t n, std::string_view one, std::string_view many) {
  return n == 1 ? one : many;
}

bool is_hex_string(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
}

struct Options {
  Algo algo;
  size_t bytes;  // digest bytes (b2sum -l)
  bool tag = false, binary = false, zero = false;
  bool quiet = false, status = false, strict = false, warn = false, ignore_missing = false;
};

// Parses one checksum line: tagged "TAG (NAME) = HEX" or "HEX  NAME"/"HEX *NAME".
bool parse_check_line(std::string_view line, const Options& o, std::string& hex, std::string& name,
                      size_t& bytes) {
  bool escaped = false;
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  line.remove_prefix(i);
  if (!line.empty() && line[0] == '\\') {
    escaped = true;
    line.remove_prefix(1);
  }
  const AlgoInfo& info = info_of(o.algo);
  bytes = o.bytes;
  if (line.starts_with(info.tag)) {
    std::string_view rest = line.substr(info.tag.size());
    if (o.algo == Algo::kBlake2b && rest.starts_with("-")) {
      size_t k = 1;
      while (k < rest.size() && std::isdigit(static_cast<unsigned char>(rest[k]))) ++k;
      auto bits = parse_decimal(rest.substr(1, k - 1));
      if (!bits || *bits == 0 || *bits > 512 || *bits % 8 != 0) return false;
      bytes = static_cast<size_t>(*bits / 8);
      rest.remove_prefix(k);
    } else if (o.algo == Algo::kBlake2b) {
      bytes = 64;
    }
    if (rest.starts_with(" (")) {
      size_t close = rest.rfind(") = ");
      if (close == std::string_view::npos || close < 2) return false;
      std::string_view n = rest.substr(2, close - 2);
      hex = rest.substr(close + 4);
      if (hex.size() != bytes * 2 || !is_hex_string(hex)) return false;
      bool ok = true;
      name = escaped ? unescape_name(n, ok) : std::string(n);
      return ok;
    }
  }
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return false;
  hex = line.substr(0, sp);
  if (!is_hex_string(hex)) return false;
  if (o.algo == Algo::kBlake2b) {
    if (hex.size() % 2 != 0 || hex.size() > 128) return false;
    bytes = hex.size() / 2;
  } else if (hex.size() != bytes * 2) {
    return false;
  }
  if (sp + 1 >= line.size() || (line[sp + 1] != ' ' && line[sp + 1] != '*')) return false;
  std::string_view n = line.substr(sp + 2);
  if (n.empty()) return false;
  bool ok = true;
  name = escaped ? unescape_name(n, ok) : std::string(n);
  return ok;
}

int check_files(Context& ctx, const std::vector<std::string>& lists, const Options& o) {
  int status = kExitSuccess;
  for (const std::string& list : lists) {
    auto in = ctx.open_input(list);
    if (!in) {
      ctx.error_errno(list, in.error());
      status = kExitFailure;
      continue;
    }
    LineReader reader(*in, o.zero ? '\0' : '\n');
    std::string line;
    uint64_t n_lines = 0, bad_format = 0, mismatched = 0, unreadable = 0, verified = 0;
    bool properly = false;
    while (reader.next(line)) {
      ++n_lines;
      ctx.budget.check();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      std::string hex, name;
      size_t bytes = 0;
      if (!parse_check_line(line, o, hex, name, bytes)) {
        ++bad_format;
        if (o.warn) {
          ctx.error(quote_name(list) + ": " + std::to_string(n_lines) + ": improperly formatted " +
                    std::string(info_of(o.algo).tag) + " checksum line");
        }
        continue;
      }
      properly = true;
      Digest d(o.algo, bytes);
      bool missing = false;
      std::string shown;
      bool esc = escape_name(name, shown);
      if (!hash_input(ctx, name, d, o.ignore_missing, &missing)) {
        if (o.ignore_missing && missing) continue;
        ++unreadable;
        if (!o.status) ctx.out() << (esc ? "\\" : "") << shown << ": FAILED open or read\n";
        continue;
      }
      ++verified;
      std::string got = to_hex(d.final_bytes());
      bool match = got.size() == hex.size() &&
                   std::equal(got.begin(), got.end(), hex.begin(), [](char a, char b) {
                     return std::tolower(static_cast<unsigned char>(a)) ==
                            std::tolower(static_cast<unsigned char>(b));
                   });
      if (!match) ++mismatched;
      if (!o.status && (!match || !o.quiet)) {
        ctx.out() << (esc ? "\\" : "") << shown << (match ? ": OK\n" : ": FAILED\n");
      }
    }
    ctx.flush_output();
    if (!properly) {
      ctx.error(quote_name(list) + ": no properly formatted checksum lines found");
      status = kExitFailure;
      continue;
    }
    if (!o.status) {
      if (bad_format > 0) {
        ctx.error("WARNING: " + std::to_string(bad_format) + " " +
                  std::string(plural(bad_format, "line is", "lines are")) +
                  " improperly formatted");
      }
      if (unreadable > 0) {
        ctx.error("WARNING: " + std::to_string(unreadable) + " listed " +
                  std::string(plural(unreadable, "file", "files")) + " could not be read");
      }
      if (mismatched > 0) {
        ctx.error("WARNING: " + std::to_string(mismatched) + " computed " +
                  std::string(plural(mismatched, "checksum", "checksums")) + " did NOT match");
      }
    }
    if (o.ignore_missing && verified == 0 && unreadable == 0 && mismatched == 0) {
      if (!o.status) ctx.error(quote_name(list) + ": no file was verified");
      status = kExitFailure;
    }
    if (mismatched > 0 || unreadable > 0 || (o.strict && bad_format > 0)) status = kExitFailure;
  }
  return status;
}

constexpr OptionSpec kSumOptions[] = {
    {'b', "binary", ArgKind::None, "", "read in binary mode"},
    {'c', "check", ArgKind::None, "", "read checksums from the FILEs and check them"},
    {0, "tag", ArgKind::None, "", "create a BSD-style checksum"},
    {'t', "text", ArgKind::None, "", "read in text mode (default)"},
    {'z', "zero", ArgKind::None, "",
     "end each output line with NUL, not newline,\n  and disable file name escaping"},
    {0, "ignore-missing", ArgKind::None, "", "don't fail or report status for missing files"},
    {0, "quiet", ArgKind::None, "", "don't print OK for each successfully verified file"},
    {0, "status", ArgKind::None, "", "don't output anything, status code shows success"},
    {0, "strict", ArgKind::None, "", "exit non-zero for improperly formatted checksum lines"},
    {'w', "warn", ArgKind::None, "", "warn about improperly formatted checksum lines"},
};

constexpr OptionSpec kB2Options[] = {
    {'b', "binary", ArgKind::None, "", "read in binary mode"},
    {'c', "check", ArgKind::None, "", "read checksums from the FILEs and check them"},
    {'l', "length", ArgKind::Required, "LENGTH",
     "digest length in bits; must not exceed the max for\n"
     "  the blake2 algorithm and must be a multiple of 8"},
    {0, "tag", ArgKind::None, "", "create a BSD-style checksum"},
    {'t', "text", ArgKind::None, "", "read in text mode (default)"},
    {'z', "zero", ArgKind::None, "",
     "end each output line with NUL, not newline,\n  and disable file name escaping"},
    {0, "ignore-missing", ArgKind::None, "", "don't fail or report status for missing files"},
    {0, "quiet", ArgKind::None, "", "don't print OK for each successfully verified file"},
    {0, "status", ArgKind::None, "", "don't output anything, status code shows success"},
    {0, "strict", ArgKind::None, "", "exit non-zero for improperly formatted checksum lines"},
    {'w', "warn", ArgKind::None, "", "warn about improperly formatted checksum lines"},
};

int digest_main(Context& ctx, const Args& args, Algo algo) {
  Options o{algo, info_of(algo).bytes};
  o.tag = args.has("tag");
  o.binary = args.has('b');
  o.zero = args.has('z');
  o.quiet = args.has("quiet");
  o.status = args.has("status");
  o.strict = args.has("strict");
  o.warn = args.has('w');
  o.ignore_missing = args.has("ignore-missing");
  if (const std::string* l = args.value('l')) {
    auto bits = parse_decimal(*l);
    if (!bits || *bits > 512) {
      ctx.error("invalid length: " + quote(*l));
      if (bits) ctx.error("maximum digest length for 'BLAKE2b' is 512 bits");
      return kExitFailure;
    }
    if (*bits % 8 != 0) {
      ctx.error("invalid length: " + quote(*l));
      ctx.error("length is not a multiple of 8");
      return kExitFailure;
    }
    if (*bits != 0) o.bytes = static_cast<size_t>(*bits / 8);
  }
  bool check = args.has('c');
  if (check) {
    if (o.tag) return usage_error(ctx, "the --tag option is meaningless when verifying checksums");
  } else {
    if (o.tag && args.has('t')) return usage_error(ctx, "--tag does not support --text mode");
    const char* verify_only = o.ignore_missing ? "--ignore-missing"
                              : o.quiet        ? "--quiet"
                              : o.status       ? "--status"
                              : o.strict       ? "--strict"
                              : o.warn         ? "--warn"
                                               : nullptr;
    if (o.ignore_missing || o.quiet || o.status || o.strict || o.warn) {
      return usage_error(ctx, std::string("the ") + verify_only +
                                  " option is meaningful only when verifying checksums");
    }
  }
  std::vector<std::string> inputs = inputs_or_stdin(args.operands);
  if (check) return check_files(ctx, inputs, o);
  int status = kExitSuccess;
  const AlgoInfo& info = info_of(algo);
  for (const std::string& name : inputs) {
    Digest d(algo, o.bytes);
    if (!hash_input(ctx, name, d)) {
      status = kExitFailure;
      continue;
    }
    std::string hex = to_hex(d.final_bytes());
    std::string shown;
    bool esc = !o.zero && escape_name(name, shown);
    if (o.zero) shown = name;
    std::string line;
    if (esc) line += '\\';
    if (o.tag) {
      line += info.tag;
      if (algo == Algo::kBlake2b && o.bytes != 64) line += "-" + std::to_string(o.bytes * 8);
      line += " (" + shown + ") = " + hex;
    } else {
      line += hex + (o.binary ? " *" : "  ") + shown;
    }
    line += o.zero ? '\0' : '\n';
    ctx.out() << line;
  }
  return status;
}

int run_md5(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kMd5);
}
int run_sha1(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kSha1);
}
int run_sha224(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kSha224);
}
int run_sha256(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kSha256);
}
int run_sha384(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kSha384);
}
int run_sha512(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kSha512);
}
int run_b2(Context& c, const Args& a) {
  return digest_main(c, a, Algo::kBlake2b);
}

// ---------------------------------------------------------------------------
// cksum and sum

constexpr OptionSpec kCksumOptions[] = {
    {'a', "algorithm", ArgKind::Required, "TYPE",
     "select the digest type to use.  See DIGEST below."},
    {'l', "length", ArgKind::Required, "BITS",
     "digest length in bits; must not exceed the max for\n  the blake2 algorithm and must be a "
     "multiple of 8"},
    {0, "raw", ArgKind::None, "", "emit a raw binary digest, not hexadecimal"},
    {0, "tag", ArgKind::None, "", "create a BSD-style checksum (the default)"},
    {0, "untagged", ArgKind::None, "", "create a reversed style checksum, without digest type"},
    {'z', "zero", ArgKind::None, "",
     "end each output line with NUL, not newline,\n  and disable file name escaping"},
};

void print_crc_like(Context& ctx, Algo algo, Digest& d, const std::string& name, bool named) {
  std::string line;
  if (algo == Algo::kCrc) {
    line = std::to_string(d.crc()) + " " + std::to_string(d.size());
  } else if (algo == Algo::kBsd) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%05u %5llu", d.bsd(),
                  static_cast<unsigned long long>((d.size() + 1023) / 1024));
    line = buf;
  } else {
    line = std::to_string(d.sysv()) + " " + std::to_string((d.size() + 511) / 512);
  }
  if (named) line += " " + name;
  ctx.out() << line << '\n';
}

int run_cksum(Context& ctx, const Args& args) {
  static const std::pair<std::string_view, Algo> kNames[] = {
      {"bsd", Algo::kBsd},        {"sysv", Algo::kSysv},     {"crc", Algo::kCrc},
      {"md5", Algo::kMd5},        {"sha1", Algo::kSha1},     {"sha224", Algo::kSha224},
      {"sha256", Algo::kSha256},  {"sha384", Algo::kSha384}, {"sha512", Algo::kSha512},
      {"blake2b", Algo::kBlake2b}};
  Algo algo = Algo::kCrc;
  if (const std::string* a = args.value('a')) {
    bool found = false;
    for (auto& [n, al] : kNames) {
      if (n == *a) {
        algo = al;
        found = true;
      }
    }
    if (!found) {
      ctx.error("invalid argument " + quote(*a) + " for " + quote("--algorithm"));
      ctx.err() << "Valid arguments are:\n";
      for (auto& [n, al] : kNames) ctx.err() << "  - " << quote(n) << '\n';
      ctx.err() << "  - " << quote("sm3") << "\nTry '" << ctx.name()
                << " --help' for more information.\n";
      return kExitFailure;
    }
  }
  std::vector<std::string> inputs = inputs_or_stdin(args.operands);
  bool named = !args.operands.empty();
  int status = kExitSuccess;
  if (algo == Algo::kCrc || algo == Algo::kBsd || algo == Algo::kSysv) {
    for (const std::string& name : inputs) {
      Digest d(algo, 0);
      if (!hash_input(ctx, name, d)) {
        status = kExitFailure;
        continue;
      }
      print_crc_like(ctx, algo, d, name, named);
    }
    return status;
  }
  size_t bytes = info_of(algo).bytes;
  if (const std::string* l = args.value('l')) {
    auto bits = parse_decimal(*l);
    if (!bits || *bits > 512 || *bits % 8 != 0) {
      ctx.error("invalid length: " + quote(*l));
      return kExitFailure;
    }
    if (*bits != 0) bytes = static_cast<size_t>(*bits / 8);
  }
  bool untagged = args.has("untagged");
  for (const std::string& name : inputs) {
    Digest d(algo, bytes);
    if (!hash_input(ctx, name, d)) {
      status = kExitFailure;
      continue;
    }
    std::string raw = d.final_bytes();
    if (args.has("raw")) {
      ctx.out() << raw;
      continue;
    }
    std::string hex = to_hex(raw);
    std::string line =
        untagged
            ? hex + "  " + name
            : std::string(info_of(algo).tag) +
                  (algo == Algo::kBlake2b && bytes != 64 ? "-" + std::to_string(bytes * 8) : "") +
                  " (" + name + ") = " + hex;
    ctx.out() << line << (args.has('z') ? '\0' : '\n');
  }
  return status;
}

constexpr OptionSpec kSumOptionsBsd[] = {
    {'r', "", ArgKind::None, "", "use BSD sum algorithm (the default), use 1K blocks"},
    {'s', "sysv", ArgKind::None, "", "use System V sum algorithm, use 512 bytes blocks"},
};

int run_sum(Context& ctx, const Args& args) {
  Algo algo = Algo::kBsd;
  for (const auto& o : args.options) algo = o.spec->short_name == 's' ? Algo::kSysv : Algo::kBsd;
  std::vector<std::string> inputs = inputs_or_stdin(args.operands);
  bool named = !args.operands.empty();
  int status = kExitSuccess;
  for (const std::string& name : inputs) {
    Digest d(algo, 0);
    if (!hash_input(ctx, name, d)) {
      status = kExitFailure;
      continue;
    }
    print_crc_like(ctx, algo, d, name, named);
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

#define KEFKA_DIGEST_SUMMARY(NAME) \
  "Print or check " NAME " checksums.\n\nWith no FILE, or when FILE is -, read standard input."

KEFKA_COMMAND(md5sum, {.name = "md5sum",
                       .usage = "md5sum [OPTION]... [FILE]...",
                       .summary = KEFKA_DIGEST_SUMMARY("MD5 (128-bit)"),
                       .options = kSumOptions,
                       .main = run_md5});
KEFKA_COMMAND(sha1sum, {.name = "sha1sum",
                        .usage = "sha1sum [OPTION]... [FILE]...",
                        .summary = KEFKA_DIGEST_SUMMARY("SHA1 (160-bit)"),
                        .options = kSumOptions,
                        .main = run_sha1});
KEFKA_COMMAND(sha224sum, {.name = "sha224sum",
                          .usage = "sha224sum [OPTION]... [FILE]...",
                          .summary = KEFKA_DIGEST_SUMMARY("SHA224 (224-bit)"),
                          .options = kSumOptions,
                          .main = run_sha224});
KEFKA_COMMAND(sha256sum, {.name = "sha256sum",
                          .usage = "sha256sum [OPTION]... [FILE]...",
                          .summary = KEFKA_DIGEST_SUMMARY("SHA256 (256-bit)"),
                          .options = kSumOptions,
                          .main = run_sha256});
KEFKA_COMMAND(sha384sum, {.name = "sha384sum",
                          .usage = "sha384sum [OPTION]... [FILE]...",
                          .summary = KEFKA_DIGEST_SUMMARY("SHA384 (384-bit)"),
                          .options = kSumOptions,
                          .main = run_sha384});
KEFKA_COMMAND(sha512sum, {.name = "sha512sum",
                          .usage = "sha512sum [OPTION]... [FILE]...",
                          .summary = KEFKA_DIGEST_SUMMARY("SHA512 (512-bit)"),
                          .options = kSumOptions,
                          .main = run_sha512});
KEFKA_COMMAND(b2sum, {.name = "b2sum",
                      .usage = "b2sum [OPTION]... [FILE]...",
                      .summary = KEFKA_DIGEST_SUMMARY("BLAKE2b (512-bit)"),
                      .options = kB2Options,
                      .main = run_b2});
KEFKA_COMMAND(cksum,
              {.name = "cksum",
               .usage = "cksum [OPTION]... [FILE]...",
               .summary = "Print or verify checksums.\nBy default use the 32 bit CRC algorithm.\n\n"
                          "With no FILE, or when FILE is -, read standard input.",
               .options = kCksumOptions,
               .main = run_cksum});
KEFKA_COMMAND(sum, {.name = "sum",
                    .usage = "sum [OPTION]... [FILE]...",
                    .summary = "Print checksum and block counts for each FILE.\n\n"
                               "With no FILE, or when FILE is -, read standard input.",
                    .options = kSumOptionsBsd,
                    .main = run_sum});

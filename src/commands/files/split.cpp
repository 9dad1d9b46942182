// split: split a file into pieces, GNU coreutils 9.1 behaviour for -l -b -C
// -n N|K/N|l/N, -a -d -x --numeric-suffixes[=FROM] --additional-suffix -e
// --verbose, including GNU's automatic widening of default-length suffixes.
#include <fcntl.h>

#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "suffix-length", ArgKind::Required, "N", "generate suffixes of length N (default 2)"},
    {0, "additional-suffix", ArgKind::Required, "SUFFIX",
     "append an additional SUFFIX to file "
     "names"},
    {'b', "bytes", ArgKind::Required, "SIZE", "put SIZE bytes per output file"},
    {'C', "line-bytes", ArgKind::Required, "SIZE",
     "put at most SIZE bytes of records per output "
     "file"},
    {'d', "", ArgKind::None, "", "use numeric suffixes starting at 0, not alphabetic"},
    {0, "numeric-suffixes", ArgKind::Optional, "FROM",
     "same as -d, but allow setting the start "
     "value"},
    {'x', "", ArgKind::None, "", "use hex suffixes starting at 0, not alphabetic"},
    {0, "hex-suffixes", ArgKind::Optional, "FROM",
     "same as -x, but allow setting the start "
     "value"},
    {'e', "elide-empty-files", ArgKind::None, "", "do not generate empty output files with '-n'"},
    {'l', "lines", ArgKind::Required, "NUMBER", "put NUMBER lines/records per output file"},
    {'n', "number", ArgKind::Required, "CHUNKS", "generate CHUNKS output files"},
    {'t', "separator", ArgKind::Required, "SEP",
     "use SEP instead of newline as the record "
     "separator"},
    {'u', "unbuffered", ArgKind::None, "", "immediately copy input to output with '-n r/...'"},
    {0, "verbose", ArgKind::None, "",
     "print a diagnostic just before each output file is "
     "opened"},
};

class Namer {
 public:
  Namer(std::string prefix, std::string alphabet, size_t length, bool auto_widen, uint64_t from,
        std::string extra)
      : prefix_(std::move(prefix)),
        alphabet_(std::move(alphabet)),
        index_(length, 0),
        auto_widen_(auto_widen),
        extra_(std::move(extra)) {
    for (size_t i = length; i-- > 0 && from > 0;) {
      index_[i] = from % alphabet_.size();
      from /= alphabet_.size();
    }
    overflow_ = from > 0;
  }
  bool overflow() const { return overflow_; }
  std::string current() const {
    std::string s = prefix_ + widened_;
    for (size_t i : index_) s += alphabet_[i];
    return s + extra_;
  }
  // Advances to the next name; false when the suffixes are exhausted.
  bool next() {
    for (size_t i = index_.size(); i-- > 0;) {
      ++index_[i];
      if (auto_widen_ && i == 0 && index_[0] + 1 == alphabet_.size()) {
        widened_ += alphabet_.back();
        index_.assign(index_.size() + 1, 0);
        return true;
      }
      if (index_[i] < alphabet_.size()) return true;
      index_[i] = 0;
    }
    return false;
  }

 private:
  std::string prefix_, alphabet_;
  std::vector<size_t> index_;
  bool auto_widen_;
  std::string extra_, widened_;
  bool overflow_ = false;
};

int run_split(Context& ctx, const Args& args) {
  enum class Mode { kLines, kBytes, kLineBytes, kChunks } mode = Mode::kLines;
  uint64_t amount = 1000;
  std::string chunk_spec;
  size_t suffix_len = 2;
  bool explicit_len = false;
  std::string alphabet = "abcdefghijklmnopqrstuvwxyz";
  uint64_t from = 0;
  bool numeric = false;
  char sep = '\n';
  int modes = 0;
  for (const auto& o : args.options) {
    char c = o.spec->short_name;
    std::string_view l = o.spec->long_name;
    auto size_arg = [&](bool bytes) -> bool {
      auto v = parse_size(o.value, bytes);
      if (!v || *v == 0) {
        // GNU reports zero as out of range.
        ctx.error(std::string("invalid number of ") + (bytes ? "bytes" : "lines") + ": " +
                  quote_value(ctx, o.value) + (v ? ": " + std::string(std::strerror(ERANGE)) : ""));
        return false;
      }
      amount = *v;
      return true;
    };
    if (c == 'a') {
      auto v = parse_size(o.value, false);
      if (!v || o.value.find_first_not_of("0123456789") != std::string::npos) {
        ctx.error("invalid suffix length: " + quote_value(ctx, o.value));
        return kExitFailure;
      }
      suffix_len = *v;
      explicit_len = true;
    } else if (c == 'b') {
      mode = Mode::kBytes;
      ++modes;
      if (!size_arg(true)) return kExitFailure;
    } else if (c == 'C') {
      mode = Mode::kLineBytes;
      ++modes;
      if (!size_arg(true)) return kExitFailure;
    } else if (c == 'l') {
      mode = Mode::kLines;
      ++modes;
      if (!size_arg(false)) return kExitFailure;
    } else if (c == 'n') {
      mode = Mode::kChunks;
      ++modes;
      chunk_spec = o.value;
    } else if (c == 'd' || l == "numeric-suffixes" || c == 'x' || l == "hex-suffixes") {
      numeric = true;
      alphabet = (c == 'x' || l == "hex-suffixes") ? "0123456789abcdef" : "0123456789";
      if (o.has_value) {
        auto v = parse_size(o.value, false);
        if (!v || o.value.find_first_not_of("0123456789") != std::string::npos) {
          ctx.error("invalid start value for numerical suffix: " + quote_value(ctx, o.value));
          return kExitFailure;
        }
        from = *v;
      }
    } else if (c == 't') {
      if (o.value.size() != 1) {
        ctx.error("multi-character separator " + quote_value(ctx, o.value));
        return kExitFailure;
      }
      sep = o.value[0];
    }
  }
  if (modes > 1) {
    ctx.error("cannot split in more than one way");
    try_help(ctx);
    return kExitFailure;
  }
  const auto& ops = args.operands;
  if (ops.size() > 2) {
    ctx.error("extra operand " + quote_value(ctx, ops[2]));
    try_help(ctx);
    return kExitFailure;
  }
  std::string input = ops.empty() ? "-" : ops[0];
  std::string prefix = ops.size() > 1 ? ops[1] : "x";
  std::string extra = args.value("additional-suffix") ? *args.value("additional-suffix") : "";
  if (extra.find('/') != std::string::npos) {
    ctx.error("invalid suffix " + quote_value(ctx, extra) + ", contains directory separator");
    return kExitFailure;
  }
  auto in = ctx.open_input(input);
  if (!in.ok()) {
    fail(ctx, "cannot open " + quote(ctx, input) + " for reading", in.error());
    return kExitFailure;
  }
  // -n needs the size up front, so it reads everything.
  std::string data;
  uint64_t chunks = 0, only_chunk = 0;
  bool line_chunks = false;
  if (mode == Mode::kChunks) {
    std::string spec = chunk_spec;
    if (spec.starts_with("l/")) {
      line_chunks = true;
      spec = spec.substr(2);
    } else if (spec.starts_with("r/")) {
      ctx.error("invalid number of chunks: " + quote_value(ctx, chunk_spec));
      return kExitFailure;
    }
    size_t slash = spec.find('/');
    if (slash != std::string::npos) {
      auto k = parse_size(spec.substr(0, slash), false);
      if (!k || *k == 0) {
        ctx.error("invalid chunk number: " + quote_value(ctx, spec.substr(0, slash)));
        return kExitFailure;
      }
      only_chunk = *k;
      spec = spec.substr(slash + 1);
    }
    auto n = parse_size(spec, false);
    if (!n || *n == 0) {
      ctx.error("invalid number of chunks: " + quote_value(ctx, chunk_spec));
      return kExitFailure;
    }
    chunks = *n;
    if (only_chunk > chunks) {
      ctx.error("invalid chunk number: " + quote_value(ctx, std::to_string(only_chunk)));
      return kExitFailure;
    }
    auto all = read_all(**in);
    if (!all.ok()) {
      fail(ctx, quote(ctx, input), all.error());
      return kExitFailure;
    }
    data = std::move(*all);
    if (!explicit_len) {
      // GNU widens the suffix so that every chunk gets a name.
      uint64_t capacity = 1;
      for (size_t i = 0; i < suffix_len; ++i) capacity *= alphabet.size();
      while (capacity < chunks + from) {
        ++suffix_len;
        capacity *= alphabet.size();
      }
    }
  }
  bool auto_widen = !explicit_len && mode != Mode::kChunks && !(numeric && from > 0);
  Namer namer(prefix, alphabet, suffix_len, auto_widen, from, extra);
  if (namer.overflow()) {
    ctx.error("numerical suffix start value is too large for the suffix length");
    return kExitFailure;
  }
  bool first_file = true;
  StreamPtr out;
  auto open_next = [&]() -> bool {
    if (!first_file && !namer.next()) {
      ctx.error("output file suffixes exhausted");
      return false;
    }
    first_file = false;
    std::string name = namer.current();
    if (args.has("verbose")) ctx.out() << "creating file " << quote(ctx, name) << '\n';
    auto o = ctx.fs.open(name, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (!o.ok()) {
      fail(ctx, quote(ctx, name), o.error());
      return false;
    }
    out = *o;
    return true;
  };
  auto emit = [&](std::string_view piece) {
    if (!write_all(*out, piece).ok()) return false;
    return true;
  };
  if (mode == Mode::kChunks) {
    uint64_t size = data.size();
    std::vector<std::pair<uint64_t, uint64_t>> bounds;
    for (uint64_t k = 1; k <= chunks; ++k) {
      uint64_t start = (k - 1) * (size / chunks);
      uint64_t end = k == chunks ? size : k * (size / chunks);
      bounds.push_back({start, end});
    }
    if (line_chunks) {
      // Each chunk ends at the end of the line holding its last byte.
      uint64_t prev = 0;
      for (uint64_t k = 0; k < chunks; ++k) {
        uint64_t end = bounds[k].second;
        if (k + 1 < chunks && end > prev) {
          size_t nl = data.find(sep, end - 1);
          end = nl == std::string::npos ? size : nl + 1;
        }
        if (end < prev) end = prev;
        bounds[k] = {prev, end};
        prev = end;
      }
    }
    for (uint64_t k = 0; k < chunks; ++k) {
      ctx.budget.check();
      std::string_view piece(data.data() + bounds[k].first, bounds[k].second - bounds[k].first);
      if (only_chunk != 0) {
        if (k + 1 == only_chunk) ctx.out() << piece;
        continue;
      }
      if (args.has('e') && piece.empty()) continue;
      if (!open_next() || !emit(piece)) return kExitFailure;
    }
    return kExitSuccess;
  }
  // Streaming modes.
  std::string buf(256 * 1024, '\0');
  uint64_t used = 0;         // bytes or lines in the current file
  std::string line_pending;  // -C: a record not yet placed
  bool have_file = false;
  auto ensure_file = [&]() -> bool {
    if (have_file) return true;
    if (!open_next()) return false;
    have_file = true;
    used = 0;
    return true;
  };
  std::string carry;    // -C: the bytes of the current (unfinished) record
  std::string current;  // -C: what the open file will receive
  for (;;) {
    ctx.budget.check();
    auto n = (*in)->read(buf);
    if (!n.ok()) {
      fail(ctx, quote(ctx, input), n.error());
      return kExitFailure;
    }
    if (*n == 0) break;
    std::string_view chunk(buf.data(), *n);
    while (!chunk.empty()) {
      if (mode == Mode::kBytes) {
        if (!ensure_file()) return kExitFailure;
        uint64_t take = std::min<uint64_t>(amount - used, chunk.size());
        if (!emit(chunk.substr(0, take))) return kExitFailure;
        used += take;
        chunk.remove_prefix(take);
        if (used == amount) have_file = false;
      } else if (mode == Mode::kLines) {
        if (!ensure_file()) return kExitFailure;
        size_t pos = 0;
        while (used < amount) {
          size_t nl = chunk.find(sep, pos);
          if (nl == std::string_view::npos) {
            pos = chunk.size();
            break;
          }
          pos = nl + 1;
          ++used;
        }
        if (!emit(chunk.substr(0, pos))) return kExitFailure;
        chunk.remove_prefix(pos);
        if (used == amount) have_file = false;
      } else {
        // -C: whole records up to SIZE bytes per file; longer records are
        // split at SIZE like -b.
        size_t nl = chunk.find(sep);
        size_t take = nl == std::string_view::npos ? chunk.size() : nl + 1;
        carry.append(chunk.substr(0, take));
        chunk.remove_prefix(take);
        if (nl == std::string_view::npos) break;
        // A complete record in carry.
        while (!carry.empty()) {
          if (have_file && used + carry.size() > amount) have_file = false;
          if (!ensure_file()) return kExitFailure;
          uint64_t room = amount - used;
          uint64_t put = std::min<uint64_t>(room, carry.size());
          if (used > 0 && carry.size() > room) {
            have_file = false;
            continue;
          }
          if (!emit(std::string_view(carry).substr(0, put))) return kExitFailure;
          used += put;
          carry.erase(0, put);
          if (used == amount) have_file = false;
        }
      }
    }
  }
  if (mode == Mode::kLineBytes) {
    while (!carry.empty()) {
      if (have_file && used + carry.size() > amount) have_file = false;
      if (!ensure_file()) return kExitFailure;
      uint64_t put = std::min<uint64_t>(amount - used, carry.size());
      if (!emit(std::string_view(carry).substr(0, put))) return kExitFailure;
      used += put;
      carry.erase(0, put);
      if (used == amount) have_file = false;
    }
  }
  (void)line_pending;
  (void)current;
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(split, {
                         .name = "split",
                         .usage = "split [OPTION]... [FILE [PREFIX]]",
                         .summary = "Output pieces of FILE to PREFIXaa, PREFIXab, ...;\ndefault "
                                    "size is 1000 lines, and default PREFIX is 'x'.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_split,
                     });

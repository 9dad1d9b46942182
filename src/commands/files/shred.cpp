// shred: overwrite a file to hide its contents, GNU coreutils 9.1 behaviour
// for -n -s -u -v -x -z -f. Passes write pseudo-random data (GNU mixes in
// fixed patterns when there are more than three passes; here every non-final
// pass is random, which the output names "random" too).
#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <random>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'f', "force", ArgKind::None, "", "change permissions to allow writing if necessary"},
    {'n', "iterations", ArgKind::Required, "N", "overwrite N times instead of the default (3)"},
    {0, "random-source", ArgKind::Required, "FILE", "get random bytes from FILE"},
    {'s', "size", ArgKind::Required, "N", "shred this many bytes (suffixes like K, M, G accepted)"},
    {'u', "", ArgKind::None, "", "deallocate and remove file after overwriting"},
    {0, "remove", ArgKind::Optional, "HOW", "like -u but give control on HOW to delete"},
    {'v', "verbose", ArgKind::None, "", "show progress"},
    {'x', "exact", ArgKind::None, "", "do not round file sizes up to the next full block"},
    {'z', "zero", ArgKind::None, "", "add a final overwrite with zeros to hide shredding"},
};

int run_shred(Context& ctx, const Args& args) {
  if (args.operands.empty()) {
    ctx.error("missing file operand");
    try_help(ctx);
    return kExitFailure;
  }
  uint64_t passes = 3;
  if (const std::string* n = args.value('n')) {
    auto v = parse_size(*n, false);
    if (!v || n->find_first_not_of("0123456789") != std::string::npos) {
      ctx.error("invalid number of passes: " + quote_value(ctx, *n));
      return kExitFailure;
    }
    passes = *v;
  }
  std::optional<uint64_t> size;
  if (const std::string* s = args.value('s')) {
    auto v = parse_size(*s, false);
    if (!v) {
      ctx.error("invalid file size: " + quote_value(ctx, *s));
      return kExitFailure;
    }
    size = *v;
  }
  bool zero = args.has('z'), verbose = args.has('v'), exact = args.has('x');
  bool remove = args.has('u') || args.has("remove");
  uint64_t total = passes + (zero ? 1 : 0);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  int status = kExitSuccess;
  for (const std::string& name : args.operands) {
    ctx.budget.check();
    auto st = ctx.fs.stat(name);
    if (st.ok() && args.has('f') && !(st->mode & S_IWUSR)) {
      (void)ctx.fs.chmod(name, (st->mode & 07777) | S_IWUSR);
    }
    auto out = ctx.fs.open(name, O_WRONLY);
    if (!out.ok()) {
      fail(ctx, quote_if_needed(ctx, name) + ": failed to open for writing", out.error());
      status = kExitFailure;
      continue;
    }
    uint64_t bytes = size ? *size : st->size;
    if (!size && !exact && bytes > 0 && S_ISREG(st->mode)) {
      bytes = div_ceil(bytes, st->blksize) * st->blksize;
    }
    std::string buf(64 * 1024, '\0');
    for (uint64_t pass = 1; pass <= total; ++pass) {
      bool zero_pass = zero && pass == total;
      if (verbose) {
        ctx.err() << ctx.name() << ": " << quote_if_needed(ctx, name) << ": pass "
                  << std::to_string(pass) << '/' << std::to_string(total)
                  << (zero_pass ? " (000000)...\n" : " (random)...\n");
        (void)ctx.err().flush();
      }
      (void)(*out)->seek(0, SEEK_SET);
      for (uint64_t done = 0; done < bytes;) {
        ctx.budget.check();
        size_t n = static_cast<size_t>(std::min<uint64_t>(buf.size(), bytes - done));
        if (zero_pass) {
          std::fill(buf.begin(), buf.begin() + static_cast<long>(n), '\0');
        } else {
          for (size_t i = 0; i < n; i += 8) {
            uint64_t r = rng();
            std::memcpy(buf.data() + i, &r, std::min<size_t>(8, n - i));
          }
        }
        if (!write_all(**out, std::string_view(buf.data(), n)).ok()) break;
        done += n;
      }
    }
    out->reset();
    if (!remove) continue;
    if (verbose) {
      ctx.err() << ctx.name() << ": " << quote_if_needed(ctx, name) << ": removing\n";
    }
    // Like GNU: rename to ever shorter names of zeros, then unlink.
    std::string current = name;
    std::string dir = dir_name(name);
    for (size_t len = base_name(name).size(); len >= 1; --len) {
      std::string candidate = join_path(
          dir == "." && name.find('/') == std::string::npos ? "" : dir, std::string(len, '0'));
      if (candidate == current || ctx.fs.lstat(candidate).ok()) continue;
      if (ctx.fs.rename(current, candidate).ok()) {
        if (verbose) {
          ctx.err() << ctx.name() << ": " << quote_if_needed(ctx, current) << ": renamed to "
                    << quote_if_needed(ctx, candidate) << '\n';
        }
        current = candidate;
      }
    }
    auto r = ctx.fs.unlink(current);
    if (!r.ok()) {
      fail(ctx, quote_if_needed(ctx, name) + ": failed to remove", r.error());
      status = kExitFailure;
    } else if (verbose) {
      ctx.err() << ctx.name() << ": " << quote_if_needed(ctx, name) << ": removed\n";
    }
    (void)ctx.err().flush();
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(shred, {
                         .name = "shred",
                         .usage = "shred [OPTION]... FILE...",
                         .summary = "Overwrite the specified FILE(s) repeatedly, in order to make "
                                    "it harder\nfor even very expensive hardware probing to "
                                    "recover the data.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_shred,
                     });

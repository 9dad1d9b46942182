// truncate: shrink or extend the size of a file, GNU coreutils 9.1 behaviour
// (-s [+-<>/%]SIZE with suffixes, -r, -c, -o).
#include <fcntl.h>

#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "no-create", ArgKind::None, "", "do not create any files"},
    {'o', "io-blocks", ArgKind::None, "", "treat SIZE as number of IO blocks instead of bytes"},
    {'r', "reference", ArgKind::Required, "RFILE", "base size on RFILE"},
    {'s', "size", ArgKind::Required, "SIZE", "set or adjust the file size by SIZE bytes"},
};

int run_truncate(Context& ctx, const Args& args) {
  const std::string* size_arg = args.value('s');
  const std::string* ref = args.value('r');
  if (size_arg == nullptr && ref == nullptr) {
    ctx.error("you must specify either " + quote_value(ctx, "--size") + " or " +
              quote_value(ctx, "--reference"));
    try_help(ctx);
    return kExitFailure;
  }
  char op = 0;
  uint64_t amount = 0;
  if (size_arg != nullptr) {
    std::string text = *size_arg;
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i < text.size() && std::strchr("+-<>/%", text[i]) != nullptr) op = text[i++];
    std::string number = text.substr(i);
    auto v = parse_size(number, false);
    if (!v || number.empty() || number[0] == '-' || number[0] == '+') {
      ctx.error("Invalid number: " + quote_value(ctx, *size_arg));
      return kExitFailure;
    }
    amount = *v;
    if ((op == '/' || op == '%') && amount == 0) {
      ctx.error("division by zero");
      return kExitFailure;
    }
  }
  if (args.operands.empty()) {
    ctx.error("missing file operand");
    try_help(ctx);
    return kExitFailure;
  }
  std::optional<uint64_t> ref_size;
  if (ref != nullptr) {
    auto st = ctx.fs.stat(*ref);
    if (!st.ok()) {
      fail(ctx, "cannot stat " + quote(ctx, *ref), st.error());
      return kExitFailure;
    }
    ref_size = st->size;
    if (size_arg == nullptr) op = '=';
  }
  int status = kExitSuccess;
  for (const std::string& path : args.operands) {
    ctx.budget.check();
    auto st = ctx.fs.stat(path);
    if (!st.ok()) {
      if (args.has('c') && st.error() == ENOENT) continue;
      auto created = ctx.fs.open(path, O_WRONLY | O_CREAT, 0666);
      if (!created.ok()) {
        fail(ctx, "cannot open " + quote(ctx, path) + " for writing", created.error());
        status = kExitFailure;
        continue;
      }
      st = ctx.fs.stat(path);
      if (!st.ok()) continue;
    } else if (S_ISDIR(st->mode)) {
      fail(ctx, "cannot open " + quote(ctx, path) + " for writing", EISDIR);
      status = kExitFailure;
      continue;
    }
    uint64_t unit = args.has('o') ? st->blksize : 1;
    uint64_t n = amount * unit;
    uint64_t base = ref_size ? *ref_size : st->size;
    uint64_t size = st->size;
    uint64_t target = 0;
    switch (op) {
      case 0:
        target = n;
        break;
      case '=':
        target = *ref_size;
        break;
      case '+':
        target = base + n;
        break;
      case '-':
        target = base > n ? base - n : 0;
        break;
      case '<':
        target = size < n ? size : n;
        break;
      case '>':
        target = size > n ? size : n;
        break;
      case '/':
        target = size / n * n;
        break;
      case '%':
        target = div_ceil(size, n) * n;
        break;
    }
    auto r = ctx.fs.truncate(path, target);
    if (!r.ok()) {
      fail(ctx,
           "failed to truncate " + quote(ctx, path) + " at " + std::to_string(target) + " bytes",
           r.error());
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(truncate, {
                            .name = "truncate",
                            .usage = "truncate OPTION... FILE...",
                            .summary = "Shrink or extend the size of each FILE to the specified "
                                       "size",
                            .options = kefka::cmd::files::kOptions,
                            .main = kefka::cmd::files::run_truncate,
                        });

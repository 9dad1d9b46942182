// csplit: split a file into sections determined by context lines, GNU
// coreutils 9.1 behaviour for N, /REGEX/[OFFSET], %REGEX%[OFFSET], {N}, {*},
// -f -n -b -s -k -z. Regular expressions are POSIX basic ones (regcomp).
#include <fcntl.h>
#include <regex.h>

#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'b', "suffix-format", ArgKind::Required, "FORMAT", "use sprintf FORMAT instead of %02d"},
    {'f', "prefix", ArgKind::Required, "PREFIX", "use PREFIX instead of 'xx'"},
    {'k', "keep-files", ArgKind::None, "", "do not remove output files on errors"},
    {0, "suppress-matched", ArgKind::None, "", "suppress the lines matching PATTERN"},
    {'n', "digits", ArgKind::Required, "DIGITS", "use specified number of digits instead of 2"},
    {'s', "quiet", ArgKind::None, "", "do not print counts of output file sizes"},
    {0, "silent", ArgKind::None, "", "do not print counts of output file sizes"},
    {'z', "elide-empty-files", ArgKind::None, "", "remove empty output files"},
};

struct Pattern {
  std::string text;
  bool is_regex = false, skip = false;
  uint64_t line = 0;
  int64_t offset = 0;
  std::unique_ptr<regex_t, void (*)(regex_t*)> re{nullptr, [](regex_t* r) {
                                                    regfree(r);
                                                    delete r;
                                                  }};
  int64_t repeat = 0;  // -1: {*}
};

int run_csplit(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) {
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  if (ops.size() == 1) {
    ctx.error("missing operand after " + quote_value(ctx, ops[0]));
    try_help(ctx);
    return kExitFailure;
  }
  std::string prefix = args.value('f') ? *args.value('f') : "xx";
  int digits = 2;
  if (const std::string* n = args.value('n')) {
    auto v = parse_size(*n, false);
    if (!v || n->find_first_not_of("0123456789") != std::string::npos) {
      ctx.error("invalid number: " + quote_value(ctx, *n));
      return kExitFailure;
    }
    digits = static_cast<int>(*v);
  }
  std::string suffix_format = "%0" + std::to_string(digits) + "d";
  if (const std::string* b = args.value('b')) suffix_format = *b;
  bool quiet = args.has('s') || args.has("silent"), keep = args.has('k'), elide = args.has('z');
  bool suppress = args.has("suppress-matched");
  // Parse the patterns.
  std::vector<Pattern> patterns;
  uint64_t last_line = 0;
  for (size_t i = 1; i < ops.size(); ++i) {
    const std::string& t = ops[i];
    if (t.size() >= 3 && t.front() == '{' && t.back() == '}') {
      if (patterns.empty()) {
        ctx.error(quote_value(ctx, t) + ": invalid pattern");
        return kExitFailure;
      }
      std::string inner = t.substr(1, t.size() - 2);
      if (inner == "*") {
        patterns.back().repeat = -1;
      } else {
        auto v = parse_size(inner, false);
        if (!v || inner.find_first_not_of("0123456789") != std::string::npos) {
          ctx.error(quote_value(ctx, inner) + ": integer expected after delimiter");
          return kExitFailure;
        }
        patterns.back().repeat = static_cast<int64_t>(*v);
      }
      continue;
    }
    Pattern p;
    p.text = t;
    if (!t.empty() && (t[0] == '/' || t[0] == '%')) {
      char delim = t[0];
      size_t end = t.rfind(delim);
      if (end == 0) {
        ctx.error(quote_value(ctx, t) + ": closing delimiter '" + std::string(1, delim) +
                  "' missing");
        return kExitFailure;
      }
      p.is_regex = true;
      p.skip = delim == '%';
      std::string expr = t.substr(1, end - 1);
      std::string off = t.substr(end + 1);
      if (!off.empty()) {
        bool neg = off[0] == '-';
        std::string digits_part = (off[0] == '+' || off[0] == '-') ? off.substr(1) : off;
        auto v = parse_size(digits_part, false);
        if (!v || digits_part.find_first_not_of("0123456789") != std::string::npos) {
          ctx.error(quote_value(ctx, t) + ": invalid pattern");
          return kExitFailure;
        }
        p.offset = neg ? -static_cast<int64_t>(*v) : static_cast<int64_t>(*v);
      }
      p.re.reset(new regex_t);
      if (regcomp(p.re.get(), expr.c_str(), REG_NOSUB) != 0) {
        delete p.re.release();
        ctx.error(quote_value(ctx, t) + ": invalid regular expression");
        return kExitFailure;
      }
    } else {
      auto v = parse_size(t, false);
      if (!v || t.find_first_not_of("0123456789") != std::string::npos || *v == 0) {
        ctx.error(quote_value(ctx, t) + ": invalid pattern");
        return kExitFailure;
      }
      if (*v < last_line) {
        ctx.error("line number " + quote_value(ctx, t) +
                  " is smaller than preceding line number, " + std::to_string(last_line));
        return kExitFailure;
      }
      if (*v == last_line) {
        ctx.error("warning: line number " + quote_value(ctx, t) +
                  " is the same as preceding line number");
      }
      last_line = *v;
      p.line = *v;
    }
    patterns.push_back(std::move(p));
  }
  auto text = read_whole(ctx, ops[0]);
  if (!text.ok()) {
    // GNU: a directory opens but fails to read; anything else fails to open.
    if (text.error() == EISDIR) {
      ctx.error(std::string("read error: ") + std::strerror(EISDIR));
    } else {
      ctx.error("cannot open " + quote(ctx, ops[0]) +
                " for reading: " + std::strerror(text.error()));
    }
    return kExitFailure;
  }
  std::vector<std::string_view> lines;
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    size_t len = nl == std::string_view::npos ? rest.size() : nl + 1;
    lines.push_back(rest.substr(0, len));
    rest.remove_prefix(len);
  }
  std::vector<std::string> created;
  int file_no = 0;
  auto emit = [&](size_t from, size_t to) -> bool {
    std::string data;
    for (size_t i = from; i < to && i < lines.size(); ++i) data.append(lines[i]);
    if (elide && data.empty()) return true;
    char suffix[64];
    snprintf(suffix, sizeof suffix, suffix_format.c_str(), file_no++);
    std::string name = prefix + suffix;
    auto w = ctx.fs.write_file(name, data);
    if (!w.ok()) {
      fail(ctx, quote(ctx, name), w.error());
      return false;
    }
    created.push_back(name);
    if (!quiet) ctx.out() << std::to_string(data.size()) << '\n';
    return true;
  };
  auto abort_all = [&]() {
    ctx.flush_output();
    if (!keep) {
      for (const auto& n : created) (void)ctx.fs.unlink(n);
    }
    return kExitFailure;
  };
  size_t cur = 0;
  for (Pattern& p : patterns) {
    int64_t reps = p.repeat == -1 ? INT64_MAX : p.repeat;
    for (int64_t r = 0; r <= reps; ++r) {
      ctx.budget.check();
      if (!p.is_regex) {
        uint64_t target = p.line * static_cast<uint64_t>(r + 1) - 1;
        if (target > lines.size()) {
          if (!emit(cur, lines.size())) return abort_all();
          cur = lines.size();
          ctx.flush_output();
          ctx.error(quote_value(ctx, std::to_string(p.line * static_cast<uint64_t>(r + 1))) +
                    ": line number out of range" +
                    (r > 0 ? " on repetition " + std::to_string(r) : ""));
          return abort_all();
        }
        if (!emit(cur, target)) return abort_all();
        cur = target;
        continue;
      }
      size_t start = (cur == 0 && created.empty() && r == 0) ? cur : cur + 1;
      if (p.skip && r == 0) start = cur;
      std::optional<size_t> match;
      for (size_t i = start; i < lines.size(); ++i) {
        std::string line(lines[i]);
        if (!line.empty() && line.back() == '\n') line.pop_back();
        if (regexec(p.re.get(), line.c_str(), 0, nullptr, 0) == 0) {
          match = i;
          break;
        }
      }
      if (!match) {
        if (p.repeat == -1 && r > 0) break;
        if (!p.skip) {
          if (!emit(cur, lines.size())) return abort_all();
        }
        ctx.flush_output();
        ctx.error(quote_value(ctx, p.text) + ": match not found" +
                  (r > 0 ? " on repetition " + std::to_string(r) : ""));
        return abort_all();
      }
      int64_t target = static_cast<int64_t>(*match) + p.offset;
      if (target < static_cast<int64_t>(cur) || target > static_cast<int64_t>(lines.size())) {
        ctx.flush_output();
        ctx.error(quote_value(ctx, p.text) + ": line number out of range");
        return abort_all();
      }
      if (!p.skip && !emit(cur, static_cast<size_t>(target))) return abort_all();
      cur = static_cast<size_t>(target);
      if (suppress && cur < lines.size()) ++cur;
    }
  }
  if (!emit(cur, lines.size())) return abort_all();
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(csplit, {
                          .name = "csplit",
                          .usage = "csplit [OPTION]... FILE PATTERN...",
                          .summary = "Output pieces of FILE separated by PATTERN(s) to files "
                                     "'xx00', 'xx01', ...,\nand output byte counts of each piece "
                                     "to standard output.",
                          .options = kefka::cmd::files::kOptions,
                          .main = kefka::cmd::files::run_csplit,
                      });

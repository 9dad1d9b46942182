// cut: remove sections from each line of files (GNU coreutils 9.1).
// -c is the same as -b (no multibyte characters, like GNU 9.1).
#include <algorithm>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'b', "bytes", ArgKind::Required, "LIST", "select only these bytes"},
    {'c', "characters", ArgKind::Required, "LIST", "select only these characters"},
    {'d', "delimiter", ArgKind::Required, "DELIM", "use DELIM instead of TAB for field delimiter"},
    {'f', "fields", ArgKind::Required, "LIST",
     "select only these fields;  also print any line\n"
     "  that contains no delimiter character, unless\n"
     "  the -s option is specified"},
    {'n', "", ArgKind::None, "", "(ignored)"},
    {0, "complement", ArgKind::None, "",
     "complement the set of selected bytes, characters\n  or fields"},
    {'s', "only-delimited", ArgKind::None, "", "do not print lines not containing delimiters"},
    {0, "output-delimiter", ArgKind::Required, "STRING",
     "use STRING as the output delimiter\n  the default is to use the input delimiter"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

struct Range {
  uint64_t lo, hi;
};

// GNU set_fields(); returns an error message or "".
std::string parse_list(std::string_view list, bool fields, bool complement,
                       std::vector<Range>& out) {
  const char* from1 =
      fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1";
  bool lhs = false, rhs = false, dash = false;
  uint64_t initial = 1, value = 0;
  size_t num_start = 0;
  bool in_digits = false;
  for (size_t i = 0;; ++i) {
    char c = i < list.size() ? list[i] : '\0';
    if (c == '-') {
      in_digits = false;
      if (dash) return fields ? "invalid field range" : "invalid byte or character range";
      dash = true;
      if (lhs && value == 0) return from1;
      initial = lhs ? value : 1;
      value = 0;
    } else if (c == ',' || c == ' ' || c == '\t' || c == '\0') {
      in_digits = false;
      if (dash) {
        dash = false;
        if (!lhs && !rhs) return "invalid range with no endpoint: -";
        if (!rhs) {
          out.push_back({initial, UINT64_MAX});
        } else {
          if (value < initial) return "invalid decreasing range";
          out.push_back({initial, value});
        }
      } else {
        if (value == 0) return from1;
        out.push_back({value, value});
      }
      value = 0;
      if (i >= list.size()) break;
      lhs = rhs = false;
    } else if (c >= '0' && c <= '9') {
      if (!in_digits) num_start = i;
      in_digits = true;
      (dash ? rhs : lhs) = true;
      unsigned d = static_cast<unsigned>(c - '0');
      if (value > (UINT64_MAX - d) / 10 || value * 10 + d == UINT64_MAX) {
        size_t len = num_start;
        while (len < list.size() && list[len] >= '0' && list[len] <= '9') ++len;
        std::string bad(list.substr(num_start, len - num_start));
        return (fields ? "field number " : "byte/character offset ") + quote(bad) + " is too large";
      }
      value = value * 10 + d;
    } else {
      return (fields ? "invalid field value " : "invalid byte/character position ") +
             quote(list.substr(i));
    }
  }
  std::sort(out.begin(), out.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> merged;
  for (const Range& r : out) {
    if (!merged.empty() && r.lo <= merged.back().hi) {
      merged.back().hi = std::max(merged.back().hi, r.hi);
    } else {
      merged.push_back(r);
    }
  }
  if (complement) {
    std::vector<Range> inv;
    uint64_t next = 1;
    for (const Range& r : merged) {
      if (r.lo > next) inv.push_back({next, r.lo - 1});
      next = r.hi == UINT64_MAX ? UINT64_MAX : r.hi + 1;
      if (r.hi == UINT64_MAX) break;
    }
    if (next != UINT64_MAX) inv.push_back({next, UINT64_MAX});
    merged = std::move(inv);
  }
  out = std::move(merged);
  return "";
}

struct Settings {
  std::vector<Range> ranges;
  bool fields = false;
  char delim = '\t';
  std::string out_delim;
  bool out_delim_set = false;
  bool only_delimited = false;
  char eol = '\n';
};

void cut_bytes(BufferedWriter& out, std::string_view line, const Settings& s) {
  bool printed = false;
  for (const Range& r : s.ranges) {
    if (r.lo > line.size()) break;
    size_t lo = static_cast<size_t>(r.lo - 1);
    size_t hi = static_cast<size_t>(std::min<uint64_t>(r.hi, line.size()));
    if (printed && s.out_delim_set) out.write(s.out_delim);
    out.write(line.substr(lo, hi - lo));
    printed = true;
  }
  out.put(s.eol);
}

void cut_fields(BufferedWriter& out, std::string_view line, const Settings& s) {
  if (std::memchr(line.data(), s.delim, line.size()) == nullptr) {
    if (!s.only_delimited) {
      out.write(line);
      out.put(s.eol);
    }
    return;
  }
  const std::string_view sep =
      s.out_delim_set ? std::string_view(s.out_delim) : std::string_view(&s.delim, 1);
  bool printed = false;
  uint64_t field = 1;
  size_t range = 0;
  size_t pos = 0;
  while (range < s.ranges.size()) {
    size_t end = line.find(s.delim, pos);
    bool last = end == std::string_view::npos;
    if (last) end = line.size();
    while (range < s.ranges.size() && s.ranges[range].hi < field) ++range;
    if (range < s.ranges.size() && s.ranges[range].lo <= field) {
      if (printed) out.write(sep);
      out.write(line.substr(pos, end - pos));
      printed = true;
    }
    if (last) break;
    pos = end + 1;
    ++field;
  }
  out.put(s.eol);
}

int run(Context& ctx, const Args& args) {
  Settings s;
  const std::string* list = nullptr;
  int lists = 0;
  bool delim_given = false;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'b':
      case 'c':
      case 'f':
        ++lists;
        list = &o.value;
        s.fields = o.spec->short_name == 'f';
        break;
      case 'd':
        if (o.value.size() > 1) return usage_error(ctx, "the delimiter must be a single character");
        s.delim = o.value.empty() ? '\0' : o.value[0];
        delim_given = true;
        break;
      case 's':
        s.only_delimited = true;
        break;
      case 'z':
        s.eol = '\0';
        break;
      default:
        if (o.spec->long_name == "output-delimiter") {
          s.out_delim = o.value;
          s.out_delim_set = true;
        }
        break;
    }
  }
  if (lists > 1) return usage_error(ctx, "only one list may be specified");
  if (list == nullptr)
    return usage_error(ctx, "you must specify a list of bytes, characters, or fields");
  if (!s.fields && delim_given) {
    return usage_error(ctx, "an input delimiter may be specified only when operating on fields");
  }
  if (!s.fields && s.only_delimited) {
    return usage_error(
        ctx, "suppressing non-delimited lines makes sense\n\tonly when operating on fields");
  }
  std::string err = parse_list(*list, s.fields, args.has("complement"), s.ranges);
  if (!err.empty()) return usage_error(ctx, err);

  int status = kExitSuccess;
  BufferedWriter& out = ctx.out();
  std::string line;
  for (const std::string& name : inputs_or_stdin(args.operands)) {
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      status = kExitFailure;
      continue;
    }
    LineReader reader(*in, s.eol);
    size_t n = 0;
    while (reader.next(line)) {
      if ((++n & 1023) == 0) ctx.budget.check();
      if (s.fields)
        cut_fields(out, line, s);
      else
        cut_bytes(out, line, s);
      if (ctx.output_failed()) return status;
    }
    if (reader.error() != 0) {
      ctx.error_errno(name, reader.error());
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    cut, {
             .name = "cut",
             .usage = "cut OPTION... [FILE]...",
             .summary = "Print selected parts of lines from each FILE to standard output.\n\n"
                        "With no FILE, or when FILE is -, read standard input.",
             .options = kOptions,
             .main = run,
             .epilog = "Use one, and only one of -b, -c or -f.  Each LIST is made up of one\n"
                       "range, or many ranges separated by commas.  Selected input is written\n"
                       "in the same order that it is read, and is written exactly once.",
         });

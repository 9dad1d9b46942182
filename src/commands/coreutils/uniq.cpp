// uniq: report or omit repeated lines (GNU coreutils 9.1), including -D with
// its delimiting methods and --group.
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "count", ArgKind::None, "", "prefix lines by the number of occurrences"},
    {'d', "repeated", ArgKind::None, "", "only print duplicate lines, one for each group"},
    {'D', "", ArgKind::None, "", "print all duplicate lines"},
    {0, "all-repeated", ArgKind::Optional, "METHOD",
     "like -D, but allow separating groups\n  with an empty line;\n"
     "  METHOD={none(default),prepend,separate}"},
    {'f', "skip-fields", ArgKind::Required, "N", "avoid comparing the first N fields"},
    {0, "group", ArgKind::Optional, "METHOD",
     "show all items, separating groups with an empty line;\n"
     "  METHOD={separate(default),prepend,append,both}"},
    {'i', "ignore-case", ArgKind::None, "", "ignore differences in case when comparing"},
    {'s', "skip-chars", ArgKind::Required, "N", "avoid comparing the first N characters"},
    {'u', "unique", ArgKind::None, "", "only print unique lines"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
    {'w', "check-chars", ArgKind::Required, "N", "compare no more than N characters in lines"},
};

enum class Delimit { kNone, kPrepend, kSeparate };
enum class Group { kNone, kSeparate, kPrepend, kAppend, kBoth };

struct Settings {
  uint64_t skip_fields = 0, skip_chars = 0, check_chars = UINT64_MAX;
  bool ignore_case = false, count = false;
  bool out_unique = true, out_first_repeated = true, out_later_repeated = false;
  Delimit delimit = Delimit::kNone;
  Group group = Group::kNone;
  char delimiter = '\n';
};

std::string_view field_of(std::string_view line, const Settings& s) {
  size_t i = 0;
  for (uint64_t f = 0; f < s.skip_fields && i < line.size(); ++f) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
  }
  i = s.skip_chars > line.size() - i ? line.size() : i + static_cast<size_t>(s.skip_chars);
  std::string_view f = line.substr(i);
  if (f.size() > s.check_chars) f = f.substr(0, static_cast<size_t>(s.check_chars));
  return f;
}

bool different(std::string_view a, std::string_view b, const Settings& s) {
  if (a.size() != b.size()) return true;
  if (!s.ignore_case) return a != b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return true;
    }
  }
  return false;
}

bool parse_n(Context& ctx, const std::string& v, const char* what, uint64_t& out) {
  bool overflow = false;
  auto n = parse_count(v, "", &overflow);
  if (!n || (!v.empty() && (v[0] == '+' || v[0] == ' '))) {
    ctx.error(quote_name(v) + ": " + what);
    return false;
  }
  out = *n;
  return true;
}

int choose(Context& ctx, const std::string& value, const char* option,
           std::initializer_list<std::string_view> words) {
  int i = 0;
  for (std::string_view w : words) {
    if (w == value) return i;
    ++i;
  }
  ctx.error("invalid argument " + quote(value) + " for " + quote(std::string("--") + option));
  ctx.err() << "Valid arguments are:\n";
  for (std::string_view w : words) ctx.err() << "  - " << quote(w) << '\n';
  ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
  return -1;
}

class Uniq {
 public:
  Uniq(Context& ctx, BufferedWriter& out, const Settings& s) : ctx_(ctx), out_(out), s_(s) {}

  void run(LineReader& reader) {
    std::string prev, cur;
    bool have_prev = false;
    bool simple = s_.out_unique && s_.out_first_repeated && !s_.out_later_repeated && !s_.count &&
                  s_.group == Group::kNone;
    uint64_t match_count = 0;
    bool first_delimiter = true;
    bool first_group_printed = false;
    while (reader.next(cur)) {
      ctx_.budget.check();
      bool match = have_prev && !different(field_of(cur, s_), field_of(prev, s_), s_);
      if (simple) {
        if (!match) {
          write(cur);
          prev.swap(cur);
          have_prev = true;
        }
        continue;
      }
      if (s_.group != Group::kNone) {
        bool new_group = !match;
        if (new_group && (s_.group == Group::kPrepend || s_.group == Group::kBoth ||
                          (first_group_printed &&
                           (s_.group == Group::kAppend || s_.group == Group::kSeparate)))) {
          out_.put(s_.delimiter);
        }
        write(cur);
        first_group_printed = true;
        prev.swap(cur);
        have_prev = true;
        continue;
      }
      if (!have_prev) {
        prev.swap(cur);
        have_prev = true;
        continue;
      }
      match_count += match;
      if (s_.delimit != Delimit::kNone) {
        if (!match) {
          if (match_count != 0) first_delimiter = false;
        } else if (match_count == 1) {
          if (s_.delimit == Delimit::kPrepend ||
              (s_.delimit == Delimit::kSeparate && !first_delimiter)) {
            out_.put(s_.delimiter);
          }
        }
      }
      if (!match || s_.out_later_repeated) {
        write_line(prev, match, match_count);
        prev.swap(cur);
        if (!match) match_count = 0;
      }
      if (ctx_.output_failed()) return;
    }
    if (s_.group == Group::kNone && !simple && have_prev) write_line(prev, false, match_count);
    if ((s_.group == Group::kAppend || s_.group == Group::kBoth) && first_group_printed) {
      out_.put(s_.delimiter);
    }
  }

 private:
  void write(std::string_view line) {
    out_.write(line);
    out_.put(s_.delimiter);
  }

  void write_line(std::string_view line, bool match, uint64_t count) {
    bool show = count == 0 ? s_.out_unique : !match ? s_.out_first_repeated : s_.out_later_repeated;
    if (!show) return;
    if (s_.count) {
      std::string n = to_string_u(count + 1);
      if (n.size() < 7) out_.write(std::string(7 - n.size(), ' '));
      out_.write(n);
      out_.put(' ');
    }
    write(line);
  }

  Context& ctx_;
  BufferedWriter& out_;
  const Settings& s_;
};

int run(Context& ctx, const Args& args) {
  Settings s;
  bool any_filter = false;  // -c -d -D -u (incompatible with --group)
  for (const auto& o : args.options) {
    std::string_view lname = o.spec->long_name;
    switch (o.spec->short_name) {
      case 'c':
        s.count = true;
        any_filter = true;
        break;
      case 'd':
        s.out_unique = false;
        any_filter = true;
        break;
      case 'D':
        s.out_unique = false;
        s.out_later_repeated = true;
        any_filter = true;
        break;
      case 'f':
        if (!parse_n(ctx, o.value, "invalid number of fields to skip", s.skip_fields)) return 1;
        break;
      case 'i':
        s.ignore_case = true;
        break;
      case 's':
        if (!parse_n(ctx, o.value, "invalid number of bytes to skip", s.skip_chars)) return 1;
        break;
      case 'u':
        s.out_first_repeated = false;
        any_filter = true;
        break;
      case 'z':
        s.delimiter = '\0';
        break;
      case 'w':
        if (!parse_n(ctx, o.value, "invalid number of bytes to compare", s.check_chars)) return 1;
        break;
      default:
        if (lname == "all-repeated") {
          s.out_unique = false;
          s.out_later_repeated = true;
          any_filter = true;
          if (o.has_value) {
            int m = choose(ctx, o.value, "all-repeated", {"none", "prepend", "separate"});
            if (m < 0) return kExitFailure;
            s.delimit = static_cast<Delimit>(m);
          }
        } else if (lname == "group") {
          s.group = Group::kSeparate;
          if (o.has_value) {
            int m = choose(ctx, o.value, "group", {"prepend", "append", "separate", "both"});
            if (m < 0) return kExitFailure;
            static constexpr Group kGroups[] = {Group::kPrepend, Group::kAppend, Group::kSeparate,
                                                Group::kBoth};
            s.group = kGroups[m];
          }
        }
        break;
    }
  }
  if (s.group != Group::kNone && any_filter) {
    return usage_error(ctx, "--group is mutually exclusive with -c/-d/-D/-u");
  }
  if (s.count && s.out_later_repeated) {
    return usage_error(ctx, "printing all duplicated lines and repeat counts is meaningless");
  }
  if (args.operands.size() > 2) return usage_error(ctx, "extra operand " + quote(args.operands[2]));

  std::string in_name = args.operands.empty() ? "-" : args.operands[0];
  auto in = ctx.open_input(in_name);
  if (!in) {
    ctx.error_errno(in_name, in.error());
    return kExitFailure;
  }
  BufferedWriter* out = &ctx.out();
  std::unique_ptr<BufferedWriter> file_out;
  if (args.operands.size() == 2 && args.operands[1] != "-") {
    auto o = ctx.open_output(args.operands[1]);
    if (!o) {
      ctx.error_errno(args.operands[1], o.error());
      return kExitFailure;
    }
    file_out = std::make_unique<BufferedWriter>(*o);
    out = file_out.get();
  }
  LineReader reader(*in, s.delimiter);
  Uniq(ctx, *out, s).run(reader);
  if (reader.error() != 0) {
    ctx.error_errno(in_name, reader.error());
    return kExitFailure;
  }
  if (file_out != nullptr && !file_out->flush()) {
    ctx.error_errno(args.operands[1], file_out->error());
    return kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    uniq, {
              .name = "uniq",
              .usage = "uniq [OPTION]... [INPUT [OUTPUT]]",
              .summary = "Filter adjacent matching lines from INPUT (or standard input),\n"
                         "writing to OUTPUT (or standard output).\n\n"
                         "With no options, matching lines are merged to the first occurrence.",
              .options = kOptions,
              .main = run,
              .epilog = "A field is a run of blanks (usually spaces and/or TABs), then non-blank\n"
                        "characters.  Fields are skipped before chars.",
          });

// Line-oriented coreutils: rev, tac, nl, fold, expand, unexpand, paste, comm
// (GNU coreutils 9.1 / util-linux rev, C locale: one byte is one column).
#include <algorithm>
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

// Runs fn(stream, name) over each input; reports open/read errors GNU style
// ("NAME: ERROR", or tac's "failed to open 'NAME' for reading: ERROR").
template <typename Fn>
int each_input(Context& ctx, const std::vector<std::string>& operands, Fn&& fn,
               bool failed_to_open_style = false) {
  int status = kExitSuccess;
  for (const std::string& name : inputs_or_stdin(operands)) {
    auto in = ctx.open_input(name);
    if (!in) {
      if (failed_to_open_style) {
        ctx.error("failed to open " + quote_always(name) +
                  " for reading: " + std::strerror(in.error()));
      } else {
        ctx.error_errno(name, in.error());
      }
      status = kExitFailure;
      continue;
    }
    if (!fn(*in, name)) status = kExitFailure;
    if (ctx.output_failed()) break;
  }
  return status;
}

// ---------------------------------------------------------------------------
// rev

int run_rev(Context& ctx, const Args& args) {
  return each_input(ctx, args.operands, [&](StreamPtr in, const std::string& name) {
    LineReader reader(in);
    std::string line;
    bool nl;
    while (reader.next(line, &nl)) {
      std::reverse(line.begin(), line.end());
      ctx.out() << line;
      if (nl) ctx.out() << '\n';
    }
    if (reader.error() != 0) {
      ctx.error_errno(name, reader.error());
      return false;
    }
    return true;
  });
}

// ---------------------------------------------------------------------------
// tac

constexpr OptionSpec kTacOptions[] = {
    {'b', "before", ArgKind::None, "", "attach the separator before instead of after"},
    {'r', "regex", ArgKind::None, "", "interpret the separator as a regular expression"},
    {'s', "separator", ArgKind::Required, "STRING",
     "use STRING as the separator instead of newline"},
};

int run_tac(Context& ctx, const Args& args) {
  std::string sep = args.value('s') ? *args.value('s') : "\n";
  if (sep.empty()) {
    ctx.error("separator cannot be empty");
    return kExitFailure;
  }
  bool before = args.has('b');
  return each_input(
      ctx, args.operands,
      [&](StreamPtr in, const std::string& name) {
        auto data = read_stream(ctx, *in);
        if (!data) {
          // GNU tac reads a directory with lseek+read and reports EINVAL.
          int err = data.error() == EISDIR ? EINVAL : data.error();
          ctx.error(quote_name(name) + ": read error: " + std::strerror(err));
          return false;
        }
        std::string_view d = *data;
        // Record boundaries: each record ends after (or, with -b, starts at) a separator.
        std::vector<size_t> cuts{0};
        for (size_t p = d.find(sep); p != std::string_view::npos; p = d.find(sep, p + sep.size())) {
          cuts.push_back(before ? p : p + sep.size());
        }
        cuts.push_back(d.size());
        for (size_t k = cuts.size() - 1; k > 0; --k) {
          if (cuts[k - 1] < cuts[k]) ctx.out() << d.substr(cuts[k - 1], cuts[k] - cuts[k - 1]);
        }
        return true;
      },
      /*failed_to_open_style=*/true);
}

// ---------------------------------------------------------------------------
// nl

constexpr OptionSpec kNlOptions[] = {
    {'b', "body-numbering", ArgKind::Required, "STYLE", "use STYLE for numbering body lines"},
    {'d', "section-delimiter", ArgKind::Required, "CC", "use CC for logical page delimiters"},
    {'f', "footer-numbering", ArgKind::Required, "STYLE", "use STYLE for numbering footer lines"},
    {'h', "header-numbering", ArgKind::Required, "STYLE", "use STYLE for numbering header lines"},
    {'i', "line-increment", ArgKind::Required, "NUMBER", "line number increment at each line"},
    {'l', "join-blank-lines", ArgKind::Required, "NUMBER",
     "group of NUMBER empty lines counted as one"},
    {'n', "number-format", ArgKind::Required, "FORMAT", "insert line numbers according to FORMAT"},
    {'p', "no-renumber", ArgKind::None, "", "do not reset line numbers for each section"},
    {'s', "number-separator", ArgKind::Required, "STRING",
     "add STRING after (possible) line number"},
    {'v', "starting-line-number", ArgKind::Required, "NUMBER",
     "first line number for each section"},
    {'w', "number-width", ArgKind::Required, "NUMBER", "use NUMBER columns for line numbers"},
};

int run_nl(Context& ctx, const Args& args) {
  std::string styles[3] = {"n", "t", "n"};  // header, body, footer
  std::string delim = "\\:", sep = "\t", format = "rn";
  int64_t incr = 1, start = 1, width = 6, join = 1;
  bool renumber = true;
  for (const auto& o : args.options) {
    auto num = [&](int64_t& out, const char* what) {
      char* end;
      long long v = std::strtoll(o.value.c_str(), &end, 10);
      if (o.value.empty() || *end != '\0') {
        ctx.error(std::string("invalid ") + what + ": " + quote(o.value));
        return false;
      }
      out = v;
      return true;
    };
    switch (o.spec->short_name) {
      case 'b':
        styles[1] = o.value;
        break;
      case 'h':
        styles[0] = o.value;
        break;
      case 'f':
        styles[2] = o.value;
        break;
      case 'd':
        delim = o.value.size() == 1 ? o.value + ":" : o.value;
        break;
      case 'i':
        if (!num(incr, "line number increment")) return kExitFailure;
        break;
      case 'l':
        if (!num(join, "line number of blank lines")) return kExitFailure;
        break;
      case 'n':
        format = o.value;
        break;
      case 'p':
        renumber = false;
        break;
      case 's':
        sep = o.value;
        break;
      case 'v':
        if (!num(start, "starting line number")) return kExitFailure;
        break;
      case 'w':
        if (!num(width, "line number field width")) return kExitFailure;
        if (width <= 0) {
          ctx.error("invalid line number field width: " + quote(o.value) +
                    ": Numerical result out of range");
          return kExitFailure;
        }
        break;
      default:
        break;
    }
  }
  static const char* kWhich[] = {"header", "body", "footer"};
  for (int k : {1, 0, 2}) {
    const std::string& st = styles[k];
    if (st != "a" && st != "t" && st != "n" && !(st.size() > 1 && st[0] == 'p')) {
      return usage_error(ctx,
                         std::string("invalid ") + kWhich[k] + " numbering style: " + quote(st));
    }
  }
  if (format != "ln" && format != "rn" && format != "rz") {
    return usage_error(ctx, "invalid line numbering format: " + quote(format));
  }
  int64_t number = start;
  int section = 1;
  int64_t blank_run = 0;
  std::string blank_prefix(static_cast<size_t>(width) + sep.size(), ' ');
  auto numbered = [&](std::string_view line) {
    char buf[64];
    if (format == "ln")
      std::snprintf(buf, sizeof buf, "%-*lld", static_cast<int>(width),
                    static_cast<long long>(number));
    else if (format == "rz")
      std::snprintf(buf, sizeof buf, "%0*lld", static_cast<int>(width),
                    static_cast<long long>(number));
    else
      std::snprintf(buf, sizeof buf, "%*lld", static_cast<int>(width),
                    static_cast<long long>(number));
    ctx.out() << buf << sep << line << '\n';
    number += incr;
  };
  return each_input(ctx, args.operands, [&](StreamPtr in, const std::string& name) {
    LineReader reader(in);
    std::string line;
    while (reader.next(line)) {
      // Section delimiters: \:\:\: header, \:\: body, \: footer.
      if (!delim.empty() && line.size() % delim.size() == 0 && !line.empty()) {
        size_t reps = line.size() / delim.size();
        bool all = reps <= 3;
        for (size_t k = 0; all && k < reps; ++k)
          all = line.compare(k * delim.size(), delim.size(), delim) == 0;
        if (all) {
          section = reps == 3 ? 0 : reps == 2 ? 1 : 2;
          if (renumber) number = start;
          ctx.out() << '\n';
          continue;
        }
      }
      const std::string& st = styles[section];
      bool number_it = false;
      if (st == "a") {
        if (line.empty()) {
          ++blank_run;
          number_it = blank_run >= join;
          if (number_it) blank_run = 0;
        } else {
          blank_run = 0;
          number_it = true;
        }
      } else if (st == "t") {
        number_it = !line.empty();
      } else if (st[0] == 'p') {
        number_it = line.find(st.substr(1)) != std::string::npos;
      }
      if (number_it)
        numbered(line);
      else
        ctx.out() << blank_prefix << line << '\n';
    }
    if (reader.error() != 0) {
      ctx.error_errno(name, reader.error());
      return false;
    }
    return true;
  });
}

// ---------------------------------------------------------------------------
// fold

constexpr OptionSpec kFoldOptions[] = {
    {'b', "bytes", ArgKind::None, "", "count bytes rather than columns"},
    {'s', "spaces", ArgKind::None, "", "break at spaces"},
    {'w', "width", ArgKind::Required, "WIDTH", "use WIDTH columns instead of 80"},
};

size_t advance_column(size_t col, char c, bool bytes) {
  if (bytes) return col + 1;
  if (c == '\b') return col > 0 ? col - 1 : 0;
  if (c == '\r') return 0;
  if (c == '\t') return col + 8 - col % 8;
  return col + 1;
}

int run_fold(Context& ctx, const Args& args) {
  size_t width = 80;
  if (const std::string* w = args.value('w')) {
    auto v = parse_decimal(*w);
    if (!v || *v == 0) {
      ctx.error("invalid number of columns: " + quote(*w) +
                (v ? ": Numerical result out of range" : ""));
      return kExitFailure;
    }
    width = static_cast<size_t>(*v);
  }
  bool bytes = args.has('b'), spaces = args.has('s');
  return each_input(ctx, args.operands, [&](StreamPtr in, const std::string& name) {
    LineReader reader(in);
    std::string line;
    bool nl;
    while (reader.next(line, &nl)) {
      std::string out;
      size_t col = 0;
      size_t seg_start = 0;  // start of the pending (unwritten) piece in line
      std::string pending;
      for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        size_t next = advance_column(col, c, bytes);
        // A character wider than the line (a tab at width 5) still goes on
        // a line of its own rather than looping.
        if (next > width && !(c == '\b' || c == '\r') && !pending.empty()) {
          if (spaces) {
            size_t sp = pending.find_last_of(" \t");
            if (sp != std::string::npos) {
              out += pending.substr(0, sp + 1);
              out += '\n';
              pending.erase(0, sp + 1);
              col = 0;
              for (char pc : pending) col = advance_column(col, pc, bytes);
              --i;
              continue;
            }
          }
          out += pending;
          out += '\n';
          pending.clear();
          col = 0;
          --i;
          continue;
        }
        pending += c;
        col = next;
      }
      (void)seg_start;
      out += pending;
      if (nl) out += '\n';
      ctx.out() << out;
    }
    if (reader.error() != 0) {
      ctx.error_errno(name, reader.error());
      return false;
    }
    return true;
  });
}

// ---------------------------------------------------------------------------
// expand, unexpand

struct TabStops {
  std::vector<uint64_t> stops;
  uint64_t every = 8;
  // The tab stop after column col.
  uint64_t next(uint64_t col) const {
    if (stops.empty()) return col + every - col % every;
    for (uint64_t s : stops) {
      if (s > col) return s;
    }
    if (every_after) return col + every - col % every;
    return col + 1;
  }
  bool every_after = false;
};

bool parse_tabs(Context& ctx, const std::vector<std::string>& specs, TabStops& t) {
  std::vector<uint64_t> list;
  for (const std::string& spec : specs) {
    size_t start = 0;
    while (start <= spec.size()) {
      size_t end = spec.find_first_of(", ", start);
      std::string item =
          spec.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!item.empty()) {
        bool slash = item[0] == '/' || item[0] == '+';
        auto v = parse_decimal(slash ? item.substr(1) : item);
        if (!v) {
          ctx.error("tab size contains invalid character(s): " + quote(item));
          return false;
        }
        if (*v == 0) {
          ctx.error("tab size cannot be 0");
          return false;
        }
        if (slash) {
          t.every = *v;
          t.every_after = true;
        } else {
          if (!list.empty() && *v <= list.back()) {
            ctx.error("tab sizes must be ascending");
            return false;
          }
          list.push_back(*v);
        }
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  if (list.size() == 1 && !t.every_after) {
    t.every = list[0];
  } else {
    t.stops = list;
  }
  return true;
}

constexpr OptionSpec kExpandOptions[] = {
    {'i', "initial", ArgKind::None, "", "do not convert tabs after non blanks"},
    {'t', "tabs", ArgKind::Required, "N", "have tabs N characters apart, not 8"},
};

int run_expand(Context& ctx, const Args& args) {
  TabStops t;
  if (!parse_tabs(ctx, args.values('t'), t)) return kExitFailure;
  bool initial = args.has('i');
  return each_input(ctx, args.operands, [&](StreamPtr in, const std::string& name) {
    LineReader reader(in);
    std::string line, out;
    bool nl;
    while (reader.next(line, &nl)) {
      out.clear();
      uint64_t col = 0;
      bool leading = true;
      for (char c : line) {
        if (c == '\t' && (!initial || leading)) {
          uint64_t to = t.next(col);
          out.append(static_cast<size_t>(to - col), ' ');
          col = to;
          continue;
        }
        if (c != ' ' && c != '\t') leading = false;
        out += c;
        col = c == '\b' ? (col ? col - 1 : 0) : c == '\t' ? t.next(col) : col + 1;
      }
      if (nl) out += '\n';
      ctx.out() << out;
    }
    if (reader.error() != 0) {
      ctx.error_errno(name, reader.error());
      return false;
    }
    return true;
  });
}

constexpr OptionSpec kUnexpandOptions[] = {
    {'a', "all", ArgKind::None, "", "convert all blanks, instead of just initial blanks"},
    {0, "first-only", ArgKind::None, "", "convert only leading sequences of blanks (overrides -a)"},
    {'t', "tabs", ArgKind::Required, "N", "have tabs N characters apart instead of 8 (enables -a)"},
};

int run_unexpand(Context& ctx, const Args& args) {
  TabStops t;
  if (!parse_tabs(ctx, args.values('t'), t)) return kExitFailure;
  bool all = (args.has('a') || args.has('t')) && !args.has("first-only");
  return each_input(ctx, args.operands, [&](StreamPtr in, const std::string& name) {
    LineReader reader(in);
    std::string line, out, blanks;
    bool nl;
    while (reader.next(line, &nl)) {
      out.clear();
      blanks.clear();
      uint64_t col = 0;
      bool converting = true;
      for (char c : line) {
        if (converting && (c == ' ' || c == '\t')) {
          uint64_t next = c == '\t' ? t.next(col) : col + 1;
          blanks += c;
          uint64_t stop = t.next(col);
          if (next >= stop || c == '\t') {
            // The blanks reach a tab stop: one tab replaces them (a lone
            // space stays a space).
            if (blanks.size() > 1 || c == '\t')
              out += '\t';
            else
              out += ' ';
            blanks.clear();
          }
          col = next;
          continue;
        }
        out += blanks;
        blanks.clear();
        if (!all) converting = false;
        out += c;
        col = c == '\b' ? (col ? col - 1 : 0) : col + 1;
      }
      out += blanks;
      if (nl) out += '\n';
      ctx.out() << out;
    }
    if (reader.error() != 0) {
      ctx.error_errno(name, reader.error());
      return false;
    }
    return true;
  });
}

// ---------------------------------------------------------------------------
// paste

constexpr OptionSpec kPasteOptions[] = {
    {'d', "delimiters", ArgKind::Required, "LIST", "reuse characters from LIST instead of TABs"},
    {'s', "serial", ArgKind::None, "", "paste one file at a time instead of in parallel"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

std::vector<std::string> paste_delimiters(std::string_view spec) {
  std::vector<std::string> out;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '\\' && i + 1 < spec.size()) {
      char e = spec[++i];
      out.push_back(e == 'n'    ? "\n"
                    : e == 't'  ? "\t"
                    : e == '0'  ? ""
                    : e == '\\' ? "\\"
                                : std::string(1, e));
    } else {
      out.push_back(std::string(1, spec[i]));
    }
  }
  return out;
}

int run_paste(Context& ctx, const Args& args) {
  std::vector<std::string> delims = paste_delimiters(args.value('d') ? *args.value('d') : "\t");
  if (args.value('d') && args.value('d')->empty()) delims = {""};
  char eol = args.has('z') ? '\0' : '\n';
  std::vector<std::string> names = inputs_or_stdin(args.operands);
  int status = kExitSuccess;
  if (args.has('s')) {
    for (const std::string& name : names) {
      auto in = ctx.open_input(name);
      if (!in) {
        ctx.error_errno(name, in.error());
        status = kExitFailure;
        continue;
      }
      LineReader reader(*in, eol);
      std::string line;
      size_t k = 0;
      bool first = true;
      while (reader.next(line)) {
        if (!first) ctx.out() << delims[k++ % delims.size()];
        first = false;
        ctx.out() << line;
      }
      ctx.out() << eol;
    }
    return status;
  }
  // Every "-" operand shares one reader: `paste - - -` takes successive lines
  // of standard input in turn, as GNU does.
  std::vector<std::shared_ptr<LineReader>> readers;
  std::shared_ptr<LineReader> stdin_reader;
  for (const std::string& name : names) {
    if (name == "-" && stdin_reader) {
      readers.push_back(stdin_reader);
      continue;
    }
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      return kExitFailure;
    }
    readers.push_back(std::make_shared<LineReader>(*in, eol));
    if (name == "-") stdin_reader = readers.back();
  }
  std::vector<bool> done(readers.size(), false);
  size_t open = readers.size();
  std::string line, out;
  while (open > 0) {
    ctx.budget.check();
    out.clear();
    bool any = false;
    for (size_t i = 0; i < readers.size(); ++i) {
      if (!done[i]) {
        if (readers[i]->next(line)) {
          out += line;
          any = true;
        } else {
          done[i] = true;
          --open;
        }
      }
      if (i + 1 < readers.size()) out += delims[i % delims.size()];
    }
    if (!any) break;
    out += eol;
    ctx.out() << out;
    if (ctx.output_failed()) break;
  }
  return status;
}

// ---------------------------------------------------------------------------
// comm

constexpr OptionSpec kCommOptions[] = {
    {'1', "", ArgKind::None, "", "suppress column 1 (lines unique to FILE1)"},
    {'2', "", ArgKind::None, "", "suppress column 2 (lines unique to FILE2)"},
    {'3', "", ArgKind::None, "", "suppress column 3 (lines that appear in both files)"},
    {0, "check-order", ArgKind::None, "",
     "check that the input is correctly sorted, even\n  if all input lines are pairable"},
    {0, "nocheck-order", ArgKind::None, "", "do not check that the input is correctly sorted"},
    {0, "output-delimiter", ArgKind::Required, "STR", "separate columns with STR"},
    {0, "total", ArgKind::None, "", "output a summary"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

int run_comm(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.size() < 2) {
    return usage_error(ctx,
                       ops.empty() ? "missing operand" : "missing operand after " + quote(ops[0]));
  }
  if (ops.size() > 2) return usage_error(ctx, "extra operand " + quote(ops[2]));
  bool show[3] = {!args.has('1'), !args.has('2'), !args.has('3')};
  std::string delim = args.value("output-delimiter") ? *args.value("output-delimiter") : "\t";
  if (delim.empty()) delim = std::string(1, '\0');
  char eol = args.has('z') ? '\0' : '\n';
  bool check = !args.has("nocheck-order");
  bool strict = args.has("check-order");
  std::unique_ptr<LineReader> r[2];
  for (int i = 0; i < 2; ++i) {
    auto in = ctx.open_input(ops[i]);
    if (!in) {
      ctx.error_errno(ops[i], in.error());
      return kExitFailure;
    }
    r[i] = std::make_unique<LineReader>(*in, eol);
  }
  std::string line[2], prev[2];
  bool has[2], had_prev[2] = {false, false}, warned[2] = {false, false};
  has[0] = r[0]->next(line[0]);
  has[1] = r[1]->next(line[1]);
  uint64_t counts[3] = {0, 0, 0};
  bool disorder = false;
  auto emit = [&](int col, const std::string& text) {
    ++counts[col];
    if (!show[col]) return;
    std::string out;
    for (int k = 0; k < col; ++k) {
      if (show[k]) out += delim;
    }
    out += text;
    out += eol;
    ctx.out() << out;
  };
  auto advance = [&](int i) {
    prev[i] = line[i];
    had_prev[i] = true;
    has[i] = r[i]->next(line[i]);
    if (has[i] && check && !warned[i] && line[i] < prev[i]) {
      // GNU reports the disorder once the unpaired line shows up.
      warned[i] = true;
      disorder = true;
      ctx.flush_output();
      ctx.error("file " + std::to_string(i + 1) + " is not in sorted order");
      if (strict) return false;
    }
    return true;
  };
  while (has[0] || has[1]) {
    ctx.budget.check();
    int c = !has[0] ? 1 : !has[1] ? -1 : line[0].compare(line[1]);
    if (c < 0) {
      emit(0, line[0]);
      if (!advance(0)) return kExitFailure;
    } else if (c > 0) {
      emit(1, line[1]);
      if (!advance(1)) return kExitFailure;
    } else {
      emit(2, line[0]);
      if (!advance(0) || !advance(1)) return kExitFailure;
    }
  }
  if (args.has("total")) {
    ctx.out() << std::to_string(counts[0]) << delim << std::to_string(counts[1]) << delim
              << std::to_string(counts[2]) << delim << "total" << eol;
  }
  if (disorder) {
    ctx.flush_output();
    ctx.error("input is not in sorted order");
    return kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(rev, {.name = "rev",
                    .usage = "rev [options] [file ...]",
                    .summary = "Reverse lines characterwise.",
                    .main = run_rev});
KEFKA_COMMAND(tac, {.name = "tac",
                    .usage = "tac [OPTION]... [FILE]...",
                    .summary = "Write each FILE to standard output, last line first.\n\n"
                               "With no FILE, or when FILE is -, read standard input.",
                    .options = kTacOptions,
                    .main = run_tac});
KEFKA_COMMAND(nl, {.name = "nl",
                   .usage = "nl [OPTION]... [FILE]...",
                   .summary = "Write each FILE to standard output, with line numbers added.\n\n"
                              "With no FILE, or when FILE is -, read standard input.",
                   .options = kNlOptions,
                   .main = run_nl});
KEFKA_COMMAND(fold, {.name = "fold",
                     .usage = "fold [OPTION]... [FILE]...",
                     .summary = "Wrap input lines in each FILE, writing to standard output.\n\n"
                                "With no FILE, or when FILE is -, read standard input.",
                     .options = kFoldOptions,
                     .main = run_fold,
                     .flags = kNumericShorthand,
                     .number_option = 'w'});
KEFKA_COMMAND(expand,
              {.name = "expand",
               .usage = "expand [OPTION]... [FILE]...",
               .summary = "Convert tabs in each FILE to spaces, writing to standard output.\n\n"
                          "With no FILE, or when FILE is -, read standard input.",
               .options = kExpandOptions,
               .main = run_expand,
               .flags = kNumericShorthand,
               .number_option = 't'});
KEFKA_COMMAND(unexpand,
              {.name = "unexpand",
               .usage = "unexpand [OPTION]... [FILE]...",
               .summary = "Convert blanks in each FILE to tabs, writing to standard output.\n\n"
                          "With no FILE, or when FILE is -, read standard input.",
               .options = kUnexpandOptions,
               .main = run_unexpand,
               .flags = kNumericShorthand,
               .number_option = 't'});
KEFKA_COMMAND(paste,
              {.name = "paste",
               .usage = "paste [OPTION]... [FILE]...",
               .summary = "Write lines consisting of the sequentially corresponding lines from\n"
                          "each FILE, separated by TABs, to standard output.\n\n"
                          "With no FILE, or when FILE is -, read standard input.",
               .options = kPasteOptions,
               .main = run_paste});
KEFKA_COMMAND(comm, {.name = "comm",
                     .usage = "comm [OPTION]... FILE1 FILE2",
                     .summary = "Compare sorted files FILE1 and FILE2 line by line.\n\n"
                                "When FILE1 or FILE2 (not both) is -, read standard input.",
                     .options = kCommOptions,
                     .main = run_comm});

// column: columnate lists (util-linux 2.38): -t tables with -s separators and
// -o output separator (default two spaces), and the fill modes (columns first,
// or -x rows first) padded with tabs to the terminal width (-c or COLUMNS, 80).
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'t', "table", ArgKind::None, "", "create a table"},
    {'s', "separator", ArgKind::Required, "STRING", "possible table delimiters"},
    {'o', "output-separator", ArgKind::Required, "STRING",
     "columns separator for table output (default is two spaces)"},
    {'c', "output-width", ArgKind::Required, "WIDTH", "width of output in number of characters"},
    {'x', "fillrows", ArgKind::None, "", "fill rows before columns"},
    {'R', "table-right", ArgKind::Required, "COLUMNS", "right align text in these columns"},
};

int run(Context& ctx, const Args& args) {
  std::vector<std::string> lines;
  for (const std::string& name : inputs_or_stdin(args.operands)) {
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      return 1;
    }
    LineReader reader(*in);
    std::string l;
    while (reader.next(l)) lines.push_back(l);
  }
  if (args.has('t')) {
    const std::string* sep = args.value('s');
    std::string out_sep = args.value('o') ? *args.value('o') : "  ";
    std::vector<std::vector<std::string>> rows;
    size_t ncols = 0;
    for (const std::string& l : lines) {
      std::vector<std::string> cells;
      if (sep == nullptr) {
        size_t i = 0;
        while (i < l.size()) {
          while (i < l.size() && std::isspace(static_cast<unsigned char>(l[i]))) ++i;
          size_t j = i;
          while (j < l.size() && !std::isspace(static_cast<unsigned char>(l[j]))) ++j;
          if (j > i) cells.push_back(l.substr(i, j - i));
          i = j;
        }
        if (cells.empty()) continue;  // blank lines are dropped
      } else {
        if (l.empty()) continue;
        size_t start = 0;
        for (;;) {
          size_t p = l.find_first_of(*sep, start);
          cells.push_back(l.substr(start, p == std::string::npos ? std::string::npos : p - start));
          if (p == std::string::npos) break;
          start = p + 1;
        }
      }
      ncols = std::max(ncols, cells.size());
      rows.push_back(std::move(cells));
    }
    std::vector<size_t> width(ncols, 0);
    for (const auto& r : rows) {
      for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    }
    for (auto& r : rows) {
      r.resize(ncols);
      std::string out;
      for (size_t c = 0; c < ncols; ++c) {
        if (c > 0) out += out_sep;
        out += r[c];
        if (c + 1 < ncols) out.append(width[c] - r[c].size(), ' ');
      }
      ctx.out() << out << '\n';
    }
    return 0;
  }
  size_t term = 80;
  if (const std::string* c = args.value('c')) {
    auto v = parse_decimal(*c);
    if (!v || *v == 0) {
      ctx.error("invalid columns argument: '" + *c + "'");
      return 1;
    }
    term = static_cast<size_t>(*v);
  } else if (auto v = parse_decimal(ctx.getenv("COLUMNS")); v && *v > 0) {
    term = static_cast<size_t>(*v);
  }
  std::vector<std::string> items;
  for (auto& l : lines) {
    if (!l.empty()) items.push_back(l);
  }
  if (items.empty()) return 0;
  size_t maxlen = 0;
  for (auto& it : items) maxlen = std::max(maxlen, it.size());
  size_t colw = (maxlen / 8 + 1) * 8;
  size_t cols = std::max<size_t>(1, term / colw);
  size_t rows = (items.size() + cols - 1) / cols;
  bool fill_rows = args.has('x');
  if (!fill_rows) cols = (items.size() + rows - 1) / rows;
  for (size_t r = 0; r < rows; ++r) {
    std::string out;
    for (size_t c = 0; c < cols; ++c) {
      size_t idx = fill_rows ? r * cols + c : c * rows + r;
      if (idx >= items.size()) break;
      size_t next = fill_rows ? idx + 1 : idx + rows;
      bool last = c + 1 == cols || next >= items.size() || (fill_rows && (idx + 1) % cols == 0);
      out += items[idx];
      if (!last) {
        size_t len = items[idx].size();
        size_t tabs = (colw - len + 7) / 8;
        out.append(tabs, '\t');
      }
    }
    ctx.out() << out << '\n';
  }
  return 0;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(column, {
                          .name = "column",
                          .usage = "column [options] [<file>...]",
                          .summary = "Columnate lists.",
                          .options = kOptions,
                          .main = run,
                      });

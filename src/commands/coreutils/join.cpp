// join: join lines of two files on a common field (GNU coreutils 9.1):
// -1 -2 -j -t -a -v -e -o (incl. auto) -i --header -z and the sortedness
// check. Both inputs are read whole; equal keys join as a cross product.
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "", ArgKind::Required, "FILENUM",
     "also print unpairable lines from file FILENUM, where\n  FILENUM is 1 or 2, corresponding to "
     "FILE1 or FILE2"},
    {'e', "", ArgKind::Required, "STRING", "replace missing (empty) input fields with STRING"},
    {'i', "ignore-case", ArgKind::None, "", "ignore differences in case when comparing fields"},
    {'j', "", ArgKind::Required, "FIELD", "equivalent to '-1 FIELD -2 FIELD'"},
    {'o', "", ArgKind::Required, "FORMAT", "obey FORMAT while constructing output line"},
    {'t', "", ArgKind::Required, "CHAR", "use CHAR as input and output field separator"},
    {'v', "", ArgKind::Required, "FILENUM", "like -a FILENUM, but suppress joined output lines"},
    {'1', "", ArgKind::Required, "FIELD", "join on this FIELD of file 1"},
    {'2', "", ArgKind::Required, "FIELD", "join on this FIELD of file 2"},
    {0, "check-order", ArgKind::None, "", "check that the input is correctly sorted"},
    {0, "nocheck-order", ArgKind::None, "", "do not check that the input is correctly sorted"},
    {0, "header", ArgKind::None, "", "treat the first line in each file as field headers"},
    {'z', "zero-terminated", ArgKind::None, "", "line delimiter is NUL, not newline"},
};

using Fields = std::vector<std::string_view>;

Fields split(std::string_view line, int tab) {
  Fields f;
  if (tab >= 0) {
    if (line.empty()) return f;
    size_t start = 0;
    for (;;) {
      size_t p = line.find(static_cast<char>(tab), start);
      f.push_back(
          line.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
      if (p == std::string_view::npos) break;
      start = p + 1;
    }
    return f;
  }
  size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    if (i >= line.size()) break;
    size_t j = i;
    while (j < line.size() && !blank(line[j])) ++j;
    f.push_back(line.substr(i, j - i));
    i = j;
  }
  return f;
}

struct OutSpec {
  int file;  // 0: join field, 1 or 2
  size_t field;
};

int compare_keys(std::string_view a, std::string_view b, bool icase) {
  if (!icase) {
    int c = a.compare(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int x = std::tolower(static_cast<unsigned char>(a[i])),
        y = std::tolower(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

int run(Context& ctx, const Args& args) {
  size_t key[2] = {0, 0};
  int tab = -1;
  bool print_unpaired[2] = {false, false}, print_paired = true;
  std::string empty;
  bool empty_set = false;
  std::vector<OutSpec> format;
  bool auto_format = false, has_format = false;
  char eol = args.has('z') ? '\0' : '\n';
  auto field_num = [&](const std::string& v, size_t& out) {
    auto n = parse_decimal(v);
    if (!n || *n == 0) {
      ctx.error("invalid field number: " + quote(v));
      return false;
    }
    out = static_cast<size_t>(*n - 1);
    return true;
  };
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case '1':
        if (!field_num(o.value, key[0])) return 1;
        break;
      case '2':
        if (!field_num(o.value, key[1])) return 1;
        break;
      case 'j':
        if (!field_num(o.value, key[0])) return 1;
        key[1] = key[0];
        break;
      case 't':
        if (o.value.size() > 1 && o.value != "\\0") {
          ctx.error("multi-character tab " + quote(o.value));
          return 1;
        }
        tab = o.value.empty()    ? '\n'
              : o.value == "\\0" ? 0
                                 : static_cast<unsigned char>(o.value[0]);
        break;
      case 'a':
      case 'v':
        if (o.value != "1" && o.value != "2") {
          ctx.error("invalid field number: " + quote(o.value));
          return 1;
        }
        print_unpaired[o.value[0] - '1'] = true;
        if (o.spec->short_name == 'v') print_paired = false;
        break;
      case 'e':
        empty = o.value;
        empty_set = true;
        break;
      case 'o': {
        has_format = true;
        if (o.value == "auto") {
          auto_format = true;
          break;
        }
        std::string_view spec = o.value;
        size_t start = 0;
        while (start <= spec.size()) {
          size_t end = spec.find_first_of(", ", start);
          std::string_view item = spec.substr(
              start, end == std::string_view::npos ? std::string_view::npos : end - start);
          if (item == "0") {
            format.push_back({0, 0});
          } else if (item.size() >= 3 && (item[0] == '1' || item[0] == '2') && item[1] == '.') {
            auto n = parse_decimal(item.substr(2));
            if (!n || *n == 0) {
              ctx.error("invalid field number: " + quote(item.substr(2)));
              return 1;
            }
            format.push_back({item[0] - '0', static_cast<size_t>(*n - 1)});
          } else if (item.size() >= 2 && item[1] == '.' &&
                     std::isdigit(static_cast<unsigned char>(item[0]))) {
            ctx.error("invalid file number in field spec: " + quote(item));
            return 1;
          } else {
            ctx.error("invalid field specifier: " + quote(item));
            return 1;
          }
          if (end == std::string_view::npos) break;
          start = end + 1;
        }
        break;
      }
      default:
        break;
    }
  }
  const auto& ops = args.operands;
  if (ops.size() < 2)
    return usage_error(ctx,
                       ops.empty() ? "missing operand" : "missing operand after " + quote(ops[0]));
  if (ops.size() > 2) return usage_error(ctx, "extra operand " + quote(ops[2]));
  bool icase = args.has('i'), header = args.has("header");
  bool check = !args.has("nocheck-order");
  std::string data[2];
  std::vector<std::string_view> lines[2];
  for (int f = 0; f < 2; ++f) {
    auto in = ctx.open_input(ops[f]);
    if (!in) {
      ctx.error_errno(ops[f], in.error());
      return 1;
    }
    auto d = read_stream(ctx, **in);
    if (!d) {
      ctx.error_errno(ops[f], d.error());
      return 1;
    }
    data[f] = std::move(*d);
    std::string_view v = data[f];
    while (!v.empty()) {
      size_t p = v.find(eol);
      lines[f].push_back(v.substr(0, p));
      v.remove_prefix(p == std::string_view::npos ? v.size() : p + 1);
    }
  }
  std::string sep = tab >= 0 ? std::string(1, static_cast<char>(tab)) : " ";
  size_t auto_count[2] = {0, 0};
  for (int f = 0; f < 2; ++f) {
    if (!lines[f].empty()) auto_count[f] = split(lines[f][0], tab).size();
  }
  auto field_or_empty = [&](const Fields* fl, size_t i) -> std::string_view {
    if (fl != nullptr && i < fl->size()) return (*fl)[i];
    return empty;
  };
  auto emit = [&](const Fields* a, const Fields* b) {
    std::string out;
    std::string_view k = a != nullptr ? field_or_empty(a, key[0]) : field_or_empty(b, key[1]);
    if (has_format) {
      std::vector<OutSpec> spec = format;
      if (auto_format) {
        spec.push_back({0, 0});
        for (size_t i = 0; i < auto_count[0]; ++i)
          if (i != key[0]) spec.push_back({1, i});
        for (size_t i = 0; i < auto_count[1]; ++i)
          if (i != key[1]) spec.push_back({2, i});
      }
      for (size_t i = 0; i < spec.size(); ++i) {
        if (i) out += sep;
        if (spec[i].file == 0) {
          std::string_view v = k;
          out += v.empty() && empty_set ? std::string_view(empty) : v;
        } else {
          const Fields* fl = spec[i].file == 1 ? a : b;
          std::string_view v = fl != nullptr && spec[i].field < fl->size()
                                   ? (*fl)[spec[i].field]
                                   : std::string_view(empty);
          if (v.empty() && empty_set) v = empty;
          out += v;
        }
      }
    } else {
      out += k;
      for (int f = 0; f < 2; ++f) {
        const Fields* fl = f == 0 ? a : b;
        if (fl == nullptr) continue;
        for (size_t i = 0; i < fl->size(); ++i) {
          if (i == key[f]) continue;
          out += sep;
          out += (*fl)[i].empty() && empty_set ? std::string_view(empty) : (*fl)[i];
        }
      }
    }
    out += eol;
    ctx.out() << out;
  };
  std::vector<Fields> fields[2];
  for (int f = 0; f < 2; ++f) {
    for (auto l : lines[f]) fields[f].push_back(split(l, tab));
  }
  size_t i = 0, j = 0;
  if (header && !fields[0].empty() && !fields[1].empty()) {
    emit(&fields[0][0], &fields[1][0]);
    i = j = 1;
  }
  bool disorder = false;
  bool warned[2] = {false, false};
  bool explicit_check = args.has("check-order");
  bool seen_unpairable = false;  // GNU checks the order only after one
  auto key_of = [&](int f, size_t idx) { return field_or_empty(&fields[f][idx], key[f]); };
  auto check_order = [&](int f, size_t idx) {
    if (!check || !(explicit_check || seen_unpairable) || warned[f] || idx == 0 ||
        idx >= fields[f].size() || (header && idx == 1)) {
      return;
    }
    if (compare_keys(key_of(f, idx - 1), key_of(f, idx), icase) > 0) {
      warned[f] = true;
      disorder = true;
      ctx.flush_output();
      ctx.error(quote_name(ops[f]) + ":" + std::to_string(idx + 1) +
                ": is not sorted: " + std::string(lines[f][idx]));
    }
  };
  while (i < fields[0].size() && j < fields[1].size()) {
    ctx.budget.check();
    int c = compare_keys(key_of(0, i), key_of(1, j), icase);
    if (c != 0) seen_unpairable = true;
    if (c < 0) {
      if (print_unpaired[0]) emit(&fields[0][i], nullptr);
      ++i;
      check_order(0, i);
    } else if (c > 0) {
      if (print_unpaired[1]) emit(nullptr, &fields[1][j]);
      ++j;
      check_order(1, j);
    } else {
      size_t i2 = i, j2 = j;
      while (i2 < fields[0].size() && compare_keys(key_of(0, i2), key_of(0, i), icase) == 0) ++i2;
      while (j2 < fields[1].size() && compare_keys(key_of(1, j2), key_of(1, j), icase) == 0) ++j2;
      if (print_paired) {
        for (size_t a = i; a < i2; ++a) {
          for (size_t b = j; b < j2; ++b) emit(&fields[0][a], &fields[1][b]);
        }
      }
      i = i2;
      j = j2;
      check_order(0, i);
      check_order(1, j);
    }
  }
  if (i < fields[0].size() || j < fields[1].size()) seen_unpairable = true;
  for (; i < fields[0].size(); ++i) {
    if (print_unpaired[0]) emit(&fields[0][i], nullptr);
    check_order(0, i + 1);
  }
  for (; j < fields[1].size(); ++j) {
    if (print_unpaired[1]) emit(nullptr, &fields[1][j]);
    check_order(1, j + 1);
  }
  if (disorder) {
    ctx.flush_output();
    ctx.error("input is not in sorted order");
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    join,
    {
        .name = "join",
        .usage = "join [OPTION]... FILE1 FILE2",
        .summary = "For each pair of input lines with identical join fields, write a line to\n"
                   "standard output.  The default join field is the first, delimited by blanks.\n\n"
                   "When FILE1 or FILE2 (not both) is -, read standard input.",
        .options = kOptions,
        .main = run,
    });

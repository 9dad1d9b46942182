// tr: translate, squeeze and/or delete bytes (GNU coreutils 9.1, C locale).
// Sets are expanded into byte lists: ranges, escapes, [:class:], [=c=],
// [c*n] and [c*] in SET2; the work loop is a 256-entry table per byte.
#include <array>
#include <cstring>

#include "commands/command.h"
#include "commands/common/escape.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "complement", ArgKind::None, "", "use the complement of SET1"},
    {'C', "", ArgKind::None, "", "use the complement of SET1"},
    {'d', "delete", ArgKind::None, "", "delete characters in SET1, do not translate"},
    {'s', "squeeze-repeats", ArgKind::None, "",
     "replace each sequence of a repeated character\n"
     "  that is listed in the last specified SET,\n"
     "  with a single occurrence of that character"},
    {'t', "truncate-set1", ArgKind::None, "", "first truncate SET1 to length of SET2"},
};

struct Expanded {
  std::vector<unsigned char> bytes;
  bool has_fill = false;  // [c*] in SET2
  size_t fill_pos = 0;
  unsigned char fill_char = 0;
  bool has_other_class = false;                       // a class other than upper/lower
  std::vector<std::pair<size_t, char>> case_classes;  // position, 'u'/'l'
};

bool class_member(std::string_view name, int c, bool* known) {
  *known = true;
  if (name == "alnum") return std::isalnum(c);
  if (name == "alpha") return std::isalpha(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "digit") return c >= '0' && c <= '9';
  if (name == "graph") return c > 0x20 && c < 0x7f;
  if (name == "lower") return c >= 'a' && c <= 'z';
  if (name == "print") return c >= 0x20 && c < 0x7f;
  if (name == "punct") return std::ispunct(c);
  if (name == "space") return c == ' ' || (c >= '\t' && c <= '\r');
  if (name == "upper") return c >= 'A' && c <= 'Z';
  if (name == "xdigit") return std::isxdigit(c);
  *known = false;
  return false;
}

// One byte of a SET at s[i] (with escapes); advances i.
unsigned char set_byte(std::string_view s, size_t& i) {
  if (s[i] != '\\' || i + 1 >= s.size()) return static_cast<unsigned char>(s[i++]);
  char c = s[i + 1];
  i += 2;
  if (int v = c_escape_value(c); v >= 0) return static_cast<unsigned char>(v);
  if (c >= '0' && c <= '7') {
    unsigned v = static_cast<unsigned>(c - '0');
    for (int k = 0; k < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++k) {
      unsigned nv = v * 8 + static_cast<unsigned>(s[i] - '0');
      if (nv > 255) break;
      v = nv;
      ++i;
    }
    return static_cast<unsigned char>(v);
  }
  return static_cast<unsigned char>(c);
}

// Expands a SET; returns an error message or "".
std::string expand(Context& ctx, std::string_view s, bool is_set2, Expanded& out) {
  if (!s.empty() && s.back() == '\\' && (s.size() < 2 || s[s.size() - 2] != '\\')) {
    ctx.error("warning: an unescaped backslash at end of string is not portable");
  }
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '[' && i + 1 < s.size()) {
      // [:class:]
      if (s[i + 1] == ':') {
        size_t close = s.find(":]", i + 2);
        if (close != std::string_view::npos) {
          std::string_view name = s.substr(i + 2, close - i - 2);
          bool known;
          class_member(name, 0, &known);
          if (!known) return "invalid character class " + quote(name);
          if (name == "upper" || name == "lower") {
            out.case_classes.push_back({out.bytes.size(), name == "upper" ? 'u' : 'l'});
          } else {
            out.has_other_class = true;
          }
          for (int c = 0; c < 256; ++c) {
            if (class_member(name, c, &known)) out.bytes.push_back(static_cast<unsigned char>(c));
          }
          i = close + 2;
          continue;
        }
      }
      // [=c=]
      if (s[i + 1] == '=' && i + 4 < s.size() + 0 && s.substr(i + 3, 2) == "=]") {
        out.bytes.push_back(static_cast<unsigned char>(s[i + 2]));
        i += 5;
        continue;
      }
      // [c*n] / [c*]
      size_t j = i + 1;
      if (j < s.size()) {
        size_t k = j;
        unsigned char c = set_byte(s, k);
        if (k < s.size() && s[k] == '*') {
          size_t close = s.find(']', k + 1);
          if (close != std::string_view::npos) {
            std::string_view count = s.substr(k + 1, close - k - 1);
            bool digits = std::all_of(count.begin(), count.end(),
                                      [](char ch) { return ch >= '0' && ch <= '9'; });
            if (digits) {
              if (!is_set2) return "the [c*] repeat construct may not appear in string1";
              uint64_t n = 0;
              bool octal = !count.empty() && count[0] == '0';
              for (char ch : count) {
                if (octal && ch > '7')
                  return "invalid repeat count " + quote(count) + " in [c*n] construct";
                n = n * (octal ? 8 : 10) + static_cast<unsigned>(ch - '0');
                if (n > (1u << 30))
                  return "invalid repeat count " + quote(count) + " in [c*n] construct";
              }
              if (n == 0) {
                if (out.has_fill) return "only one [c*] repeat construct may appear in string2";
                out.has_fill = true;
                out.fill_pos = out.bytes.size();
                out.fill_char = c;
              } else {
                out.bytes.insert(out.bytes.end(), n, c);
              }
              i = close + 1;
              continue;
            }
          }
        }
      }
    }
    unsigned char first = set_byte(s, i);
    if (i + 1 < s.size() && s[i] == '-') {
      size_t k = i + 1;
      unsigned char last = set_byte(s, k);
      if (last < first) {
        std::string range(s.substr(0, 0));
        return "range-endpoints of " +
               quote(std::string(1, static_cast<char>(first)) + "-" +
                     std::string(1, static_cast<char>(last))) +
               " are in reverse collating sequence order";
      }
      for (int c = first; c <= last; ++c) out.bytes.push_back(static_cast<unsigned char>(c));
      i = k;
      continue;
    }
    out.bytes.push_back(first);
  }
  return "";
}

int run(Context& ctx, const Args& args) {
  bool complement = args.has('c') || args.has('C');
  bool del = args.has('d'), squeeze = args.has('s'), truncate = args.has('t');
  const auto& ops = args.operands;
  bool translating = !del && ops.size() >= 2;
  size_t need = (del && squeeze) || translating ? 2 : 1;
  if (ops.empty()) return usage_error(ctx, "missing operand");
  if (ops.size() < need || (!del && !squeeze && ops.size() < 2)) {
    std::string msg = "missing operand after " + quote(ops.back());
    msg += (del && squeeze)
               ? "\nTwo strings must be given when both deleting and squeezing repeats."
               : "\nTwo strings must be given when translating.";
    return usage_error(ctx, msg);
  }
  if (ops.size() > need) {
    std::string msg = "extra operand " + quote(ops[need]);
    if (need == 1 && del)
      msg += "\nOnly one string may be given when deleting without squeezing repeats.";
    return usage_error(ctx, msg);
  }
  Expanded set1, set2;
  std::string err = expand(ctx, ops[0], false, set1);
  if (err.empty() && ops.size() > 1) err = expand(ctx, ops[1], true, set2);
  if (!err.empty()) {
    ctx.error(err);
    return kExitFailure;
  }
  if (complement) {
    std::array<bool, 256> in{};
    for (unsigned char c : set1.bytes) in[c] = true;
    set1.bytes.clear();
    for (int c = 0; c < 256; ++c) {
      if (!in[c]) set1.bytes.push_back(static_cast<unsigned char>(c));
    }
  }
  std::array<unsigned char, 256> map{};
  for (int c = 0; c < 256; ++c) map[c] = static_cast<unsigned char>(c);
  std::array<bool, 256> deleted{}, squeezable{};
  if (translating) {
    if (set2.has_other_class) {
      ctx.error(
          "when translating, the only character classes that may appear in\n"
          "string2 are 'upper' and 'lower'");
      return kExitFailure;
    }
    for (const auto& [pos, kind] : set2.case_classes) {
      bool aligned =
          std::any_of(set1.case_classes.begin(), set1.case_classes.end(),
                      [&](const auto& c1) { return c1.first == pos && c1.second != kind; });
      if (!aligned && !complement) {
        ctx.error("misaligned [:upper:] and/or [:lower:] construct");
        return kExitFailure;
      }
    }
    if (set2.has_fill) {
      size_t have = set2.bytes.size();
      size_t fill = set1.bytes.size() > have ? set1.bytes.size() - have : 0;
      set2.bytes.insert(set2.bytes.begin() + static_cast<ptrdiff_t>(set2.fill_pos), fill,
                        set2.fill_char);
    }
    if (truncate && set1.bytes.size() > set2.bytes.size()) set1.bytes.resize(set2.bytes.size());
    if (set2.bytes.empty() && !set1.bytes.empty()) {
      ctx.error("when not truncating set1, string2 must be non-empty");
      return kExitFailure;
    }
    while (set2.bytes.size() < set1.bytes.size()) set2.bytes.push_back(set2.bytes.back());
    for (size_t k = 0; k < set1.bytes.size(); ++k) map[set1.bytes[k]] = set2.bytes[k];
    if (squeeze) {
      for (unsigned char c : set2.bytes) squeezable[c] = true;
    }
  } else {
    if (del) {
      for (unsigned char c : set1.bytes) deleted[c] = true;
    }
    if (squeeze) {
      const Expanded& sq = del ? set2 : set1;
      for (unsigned char c : sq.bytes) squeezable[c] = true;
    }
  }

  StreamPtr in = ctx.in();
  if (in == nullptr) {
    ctx.error("read error: Bad file descriptor");
    return kExitFailure;
  }
  std::string out_buf;
  int last = -1;  // previous output byte, for squeezing
  bool simple = !del && !squeeze;
  int rerr = for_each_chunk(ctx, *in, [&](std::string_view chunk) {
    out_buf.resize(chunk.size());
    char* o = out_buf.data();
    if (simple) {
      for (unsigned char c : chunk) *o++ = static_cast<char>(map[c]);
    } else {
      for (unsigned char c : chunk) {
        if (deleted[c]) continue;
        unsigned char t = map[c];
        if (squeezable[t] && last == t) continue;
        last = t;
        *o++ = static_cast<char>(t);
      }
    }
    ctx.out().write(std::string_view(out_buf.data(), o - out_buf.data()));
  });
  if (rerr != 0) {
    ctx.error(std::string("read error: ") + std::strerror(rerr));
    return kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    tr, {
            .name = "tr",
            .usage = "tr [OPTION]... STRING1 [STRING2]",
            .summary = "Translate, squeeze, and/or delete characters from standard input,\n"
                       "writing to standard output.  STRING1 and STRING2 specify arrays of\n"
                       "characters ARRAY1 and ARRAY2 that control the action.",
            .options = kOptions,
            .main = run,
            .epilog =
                "Interpreted sequences are: \\NNN \\\\ \\a \\b \\f \\n \\r \\t \\v, CHAR1-CHAR2,\n"
                "[CHAR*], [CHAR*REPEAT], [:alnum:] [:alpha:] [:blank:] [:cntrl:] [:digit:]\n"
                "[:graph:] [:lower:] [:print:] [:punct:] [:space:] [:upper:] [:xdigit:], [=CHAR=]",
        });

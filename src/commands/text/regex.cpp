// GNU BRE/ERE -> Perl-syntax translation, and the RE2/PCRE2 engines behind Regex.
#include "commands/text/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <re2/re2.h>

#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "commands/common/escape.h"

namespace kefka::cmd {
namespace {

constexpr int kDupMax = 32767;       // RE_DUP_MAX: larger counts are "too big"
constexpr int kRe2MaxRepeat = 1000;  // RE2 refuses larger counts: use PCRE2 then

bool is_word_byte(unsigned char c) {
  return std::isalnum(c) || c == '_';
}

// The word characters (\w) inside a bracket: glibc's C.UTF-8 classifies
// Unicode letters as alphabetic.
const char* word_chars(bool utf8) {
  return utf8 ? "\\p{L}0-9_" : "[:alnum:]_";
}

// A POSIX class inside a bracket, as glibc classifies it in C or C.UTF-8.
std::string posix_class(std::string_view name, bool utf8) {
  if (utf8) {
    if (name == "alpha") return "\\p{L}";
    if (name == "upper") return "\\p{Lu}";
    if (name == "lower") return "\\p{Ll}";
    if (name == "alnum") return "\\p{L}0-9";
  }
  return "[:" + std::string(name) + ":]";
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// Length of the UTF-8 sequence starting at s[i] (1 for invalid bytes).
thread_local bool t_utf8 = true;  // the translation in progress is in UTF-8 mode
size_t utf8_length(std::string_view s, size_t i) {
  unsigned char c = s[i];
  if (!t_utf8) return 1;
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) return 1;
  for (size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return len;
}

size_t utf8_length_always(std::string_view s, size_t i) {
  unsigned char c = s[i];
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + len > s.size()) return 1;
  for (size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return len;
}

uint32_t utf8_decode(std::string_view s) {
  unsigned char c = s[0];
  if (s.size() == 1) return c;
  uint32_t cp = c & (0x7F >> s.size());
  for (size_t k = 1; k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

// Appends one literal character (a whole UTF-8 sequence) to a Perl pattern.
void append_literal(std::string& out, std::string_view ch) {
  unsigned char c = ch[0];
  if (ch.size() > 1 || c >= 0x80 || std::isalnum(c) || c == '_') {
    out += ch;
  } else if (c < 0x20 || c == 0x7F) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  } else {
    out += '\\';
    out += static_cast<char>(c);
  }
}

// The same inside a bracket expression.
void append_class_literal(std::string& out, std::string_view ch) {
  unsigned char c = ch[0];
  if (ch.size() == 1 && (c < 0x20 || c == 0x7F)) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
    return;
  }
  if (ch.size() == 1 && (c == '\\' || c == ']' || c == '[' || c == '^' || c == '-')) out += '\\';
  out += ch;
}

class Translator {
 public:
  Translator(std::string_view p, const RegexOptions& o, int group_base)
      : p_(p), o_(o), ere_(o.syntax == RegexSyntax::kExtended), group_base_(group_base) {}

  bool run(std::string* out, bool* backtrack, int* groups, std::string* error) {
    while (i_ < p_.size()) {
      if (!step()) {
        *error = error_;
        return false;
      }
    }
    if (!open_.empty()) {
      *error = "Unmatched ( or \\(";
      return false;
    }
    *out = std::move(out_);
    *backtrack = backtrack_;
    *groups = groups_;
    return true;
  }

 private:
  bool fail(std::string msg) {
    error_ = std::move(msg);
    return false;
  }

  bool line_anchors() const { return o_.line_mode || o_.multiline; }

  void begin_atom() {
    atom_ = out_.size();
    quantified_ = false;
    word_literal_ = false;
  }
  void no_atom() {
    atom_ = std::string::npos;
    word_literal_ = false;
  }

  void literal(std::string_view ch) {
    begin_atom();
    append_literal(out_, ch);
    word_literal_ = ch.size() == 1 && is_word_byte(ch[0]);
  }

  // Applies "*", "+", "?" or "{m,n}" to the last atom.
  void quantify(std::string_view q) {
    if (quantified_) {
      out_.insert(atom_, "(?:");
      out_ += ')';
    }
    out_ += q;
    quantified_ = true;
    word_literal_ = false;
  }

  bool step() {
    char c = p_[i_];
    if (c == '\\') return escape();
    ++i_;
    switch (c) {
      case '[':
        return bracket();
      case '.':
        begin_atom();
        out_ += o_.line_mode || !o_.dot_matches_newline ? "." : "(?s:.)";
        return true;
      case '*':
        if (atom_ == std::string::npos) {
          if (ere_) return true;  // GNU ignores a leading * in an ERE
          literal("*");
          return true;
        }
        quantify("*");
        return true;
      case '^':
        if (ere_ || at_start_) {
          anchor_start();
          return true;
        }
        literal("^");
        return true;
      case '$':
        if (ere_ || at_end()) {
          anchor_end();
          return true;
        }
        literal("$");
        return true;
      default:
        break;
    }
    if (ere_) {
      switch (c) {
        case '(':
          open_group();
          return true;
        case ')':
          if (open_.empty()) {
            literal(")");
            return true;
          }
          return close_group();
        case '|':
          alternate();
          return true;
        case '+':
        case '?':
          if (atom_ != std::string::npos) quantify(std::string(1, c));
          return true;
        case '{':
          return interval(/*ere=*/true);
        default:
          break;
      }
    }
    --i_;
    size_t len = utf8_length(p_, i_);
    literal(p_.substr(i_, len));
    i_ += len;
    at_start_ = false;
    return true;
  }

  // True when a BRE "$" at i_ (already consumed) is an anchor.
  bool at_end() const {
    if (i_ >= p_.size()) return true;
    return p_.compare(i_, 2, "\\)") == 0 || p_.compare(i_, 2, "\\|") == 0 ||
           (o_.line_mode && p_[i_] == '\n');
  }

  void anchor_start() {
    no_atom();
    if (ere_) atom_ = out_.size(), quantified_ = false;
    out_ += line_anchors() ? "^" : "\\A";
    at_start_ = true;  // a following BRE "*" is literal
  }
  void anchor_end() {
    no_atom();
    if (ere_) atom_ = out_.size(), quantified_ = false;
    out_ += line_anchors() ? "$" : "\\z";
  }

  void open_group() {
    ++groups_;
    open_.push_back({out_.size(), group_base_ + groups_});
    out_ += '(';
    no_atom();
    at_start_ = true;
  }
  bool close_group() {
    if (open_.empty()) return fail("Unmatched ) or \\)");
    auto [start, number] = open_.back();
    open_.pop_back();
    out_ += ')';
    closed_.push_back(number);
    atom_ = start;
    quantified_ = false;
    word_literal_ = false;
    at_start_ = false;
    return true;
  }
  void alternate() {
    out_ += '|';
    no_atom();
    at_start_ = true;
  }

  // Parses "{m}", "{m,}", "{,n}", "{m,n}" after the "{" (BRE: closed by "\}").
  bool interval(bool ere) {
    size_t j = i_;
    auto number = [&](int* value) {
      size_t start = j;
      long v = 0;
      while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) {
        v = std::min<long>(v * 10 + (p_[j] - '0'), kDupMax + 1L);
        ++j;
      }
      *value = static_cast<int>(v);
      return j > start;
    };
    int lo = 0, hi = -1;
    bool has_lo = number(&lo);
    bool comma = j < p_.size() && p_[j] == ',';
    bool has_hi = false;
    if (comma) {
      ++j;
      has_hi = number(&hi);
    }
    bool closed = ere ? (j < p_.size() && p_[j] == '}') : (p_.compare(j, 2, "\\}") == 0);
    if (!closed || (!has_lo && !comma)) {
      if (ere) {  // not an interval: a literal "{"
        literal("{");
        return true;
      }
      return fail(j >= p_.size() || !closed ? "Unmatched \\{" : "Invalid content of \\{\\}");
    }
    j += ere ? 1 : 2;
    if (!has_lo) lo = 0;
    if (!comma) hi = lo;
    if (comma && !has_hi) hi = -1;
    if (hi != -1 && hi < lo) return fail("Invalid content of \\{\\}");
    if (lo > kDupMax || hi > kDupMax) return fail("Regular expression too big");
    i_ = j;
    if (atom_ == std::string::npos) {
      if (ere) return true;  // "{1}a": GNU ignores it
      literal("{");          // unreachable in practice
      return true;
    }
    if (lo > kRe2MaxRepeat || hi > kRe2MaxRepeat) backtrack_ = true;
    std::string q = "{" + std::to_string(lo);
    if (hi != lo) q += "," + (hi == -1 ? std::string() : std::to_string(hi));
    q += "}";
    quantify(q);
    return true;
  }

  bool escape() {
    if (i_ + 1 >= p_.size()) return fail("Trailing backslash");
    char c = p_[i_ + 1];
    i_ += 2;
    at_start_ = false;
    if (!ere_) {
      switch (c) {
        case '(':
          open_group();
          return true;
        case ')':
          return close_group();
        case '|':
          alternate();
          return true;
        case '{':
          if (atom_ == std::string::npos) {
            literal("{");
            return true;
          }
          return interval(/*ere=*/false);
        case '}':
          literal("}");
          return true;
        case '+':
        case '?':
          if (atom_ == std::string::npos) {
            literal(std::string(1, c));
            return true;
          }
          quantify(std::string(1, c));
          return true;
        default:
          break;
      }
    }
    if (c >= '1' && c <= '9') {
      int n = c - '0';
      bool closed = false;
      for (int g : closed_) closed |= g == group_base_ + n;
      if (!closed) return fail("Invalid back reference");
      begin_atom();
      out_ += "(?:\\" + std::to_string(group_base_ + n) + ")";
      backtrack_ = true;
      return true;
    }
    switch (c) {
      case 'w':
        begin_atom();
        out_ += std::string("[") + word_chars(o_.utf8) + "]";
        return true;
      case 'W':
        begin_atom();
        out_ += std::string("[^") + word_chars(o_.utf8) + (o_.line_mode ? "\\n]" : "]");
        return true;
      case 's':
        begin_atom();
        out_ += o_.line_mode ? "[\\t\\x0b\\f\\r ]" : "[[:space:]]";
        return true;
      case 'S':
        begin_atom();
        out_ += "[^[:space:]]";
        return true;
      case 'b':
      case 'B':
      case '<':
      case '>':
        return word_boundary(c);
      case '`':
        no_atom();
        out_ += o_.line_mode ? "^" : "\\A";
        return true;
      case '\'':
        no_atom();
        out_ += o_.line_mode ? "$" : "\\z";
        return true;
      default:
        break;
    }
    if (o_.sed_escapes) {
      int value = sed_escape(c);
      if (value >= 0) {
        char ch = static_cast<char>(value);
        literal(std::string_view(&ch, 1));
        return true;
      }
    }
    // Any other escaped character stands for itself.
    --i_;
    size_t len = utf8_length(p_, i_);
    literal(p_.substr(i_, len));
    i_ += len;
    return true;
  }

  // \b \B \< \>. RE2's \b only knows ASCII word characters, so under UTF-8
  // (where glibc counts letters such as "é") look-around in PCRE2 is used.
  bool word_boundary(char c) {
    bool prev_word = word_literal_;
    no_atom();
    if (o_.utf8) {
      const std::string w = std::string("[") + word_chars(true) + "]";
      const std::string after_word = "(?<=" + w + ")", not_after_word = "(?<!" + w + ")";
      const std::string before_word = "(?=" + w + ")", not_before_word = "(?!" + w + ")";
      switch (c) {
        case 'b':
          out_ += "(?:" + after_word + not_before_word + "|" + not_after_word + before_word + ")";
          break;
        case 'B':
          out_ += "(?:" + after_word + before_word + "|" + not_after_word + not_before_word + ")";
          break;
        case '<':
          out_ += not_after_word + before_word;
          break;
        default:
          out_ += after_word + not_before_word;
          break;
      }
      backtrack_ = true;
      return true;
    }
    if (c == 'b' || c == 'B') {
      out_ += c == 'b' ? "\\b" : "\\B";
      return true;
    }
    if (c == '<') {
      bool next_word = i_ < p_.size() && is_word_byte(p_[i_]) &&
                       !(i_ + 1 < p_.size() && std::strchr("*?{", p_[i_ + 1]));
      if (next_word) {
        out_ += "\\b";
      } else {
        out_ += "\\b(?=\\w)";
        backtrack_ = true;
      }
      return true;
    }
    if (prev_word) {
      out_ += "\\b";
    } else {
      out_ += "\\b(?<=\\w)";
      backtrack_ = true;
    }
    return true;
  }

  // sed's character escapes; -1 when `c` is not one. i_ is past the letter.
  int sed_escape(char c) {
    if (c != 'b') {  // \b stays a word boundary
      if (int v = c_escape_value(c); v >= 0) return v;
    }
    switch (c) {
      case 'd':
        return read_escape_digits(p_, &i_, 10, 3);
      case 'o':
        return read_escape_digits(p_, &i_, 8, 3);
      case 'x':
        return read_escape_digits(p_, &i_, 16, 2);
      case 'c':
        if (i_ < p_.size()) return std::toupper(static_cast<unsigned char>(p_[i_++])) ^ 0x40;
        return -1;
      default:
        return -1;
    }
  }

  // One character of a bracket expression at p_[*j]. Backslash is literal in
  // POSIX brackets, but sed turns \n \t ... into characters first.
  std::string class_char(size_t* j) {
    if (o_.sed_escapes && p_[*j] == '\\' && *j + 1 < p_.size() &&
        std::strchr("ntfvadoxc", p_[*j + 1]) != nullptr) {
      size_t saved = i_;
      i_ = *j + 2;
      int value = sed_escape(p_[*j + 1]);
      if (value >= 0) {
        *j = i_;
        i_ = saved;
        return std::string(1, static_cast<char>(value));
      }
      i_ = saved;
    }
    size_t len = utf8_length(p_, *j);
    std::string ch(p_.substr(*j, len));
    *j += len;
    return ch;
  }

  // A bracket expression; i_ is just past "[".
  bool bracket() {
    static const char* const kUnmatched = "Unmatched [, [^, [:, [., or [=";
    size_t j = i_;
    bool negate = j < p_.size() && p_[j] == '^';
    if (negate) ++j;
    std::string body;
    bool first = true;
    size_t content_start = j;
    for (;;) {
      if (j >= p_.size()) return fail(kUnmatched);
      char c = p_[j];
      if (c == ']' && !first) break;
      first = false;
      std::string lo;
      if (c == '[' && j + 1 < p_.size() &&
          (p_[j + 1] == ':' || p_[j + 1] == '=' || p_[j + 1] == '.')) {
        char kind = p_[j + 1];
        size_t close = p_.find(std::string{kind, ']'}, j + 2);
        if (close == std::string_view::npos) return fail(kUnmatched);
        std::string_view name = p_.substr(j + 2, close - j - 2);
        j = close + 2;
        if (kind == ':') {
          static const char* const kClasses[] = {"alpha", "digit", "alnum", "upper",
                                                 "lower", "space", "blank", "punct",
                                                 "print", "graph", "cntrl", "xdigit"};
          bool known = false;
          for (const char* k : kClasses) known |= name == k;
          if (!known) return fail("Invalid character class name");
          if (o_.icase && (name == "upper" || name == "lower")) name = "alpha";
          body += posix_class(name, o_.utf8);
          continue;
        }
        // [=c=] and [.c.]: a single character in the C.UTF-8 collation.
        if (name.empty() || utf8_length(name, 0) != name.size())
          return fail(kind == '.' ? "Invalid collation character" : kUnmatched);
        lo = std::string(name);
      } else {
        lo = class_char(&j);
      }
      // A range "lo-hi" (a "-" before "]" is literal).
      if (j + 1 < p_.size() && p_[j] == '-' && p_[j + 1] != ']') {
        ++j;
        std::string hi;
        if (p_[j] == '[' && j + 1 < p_.size() && (p_[j + 1] == '.' || p_[j + 1] == '=')) {
          char kind = p_[j + 1];
          size_t close = p_.find(std::string{kind, ']'}, j + 2);
          if (close == std::string_view::npos) return fail(kUnmatched);
          hi = std::string(p_.substr(j + 2, close - j - 2));
          j = close + 2;
        } else {
          hi = class_char(&j);
        }
        if (hi.empty() || utf8_decode(hi) < utf8_decode(lo)) return fail("Invalid range end");
        append_class_literal(body, lo);
        body += '-';
        append_class_literal(body, hi);
        continue;
      }
      append_class_literal(body, lo);
    }
    std::string_view content = p_.substr(content_start, j - content_start);
    if (!negate && content.size() >= 2 && content.front() == ':' && content.back() == ':') {
      return fail("character class syntax is [[:space:]], not [:space:]");
    }
    i_ = j + 1;
    begin_atom();
    out_ += negate ? "[^" : "[";
    out_ += body;
    if (negate && (o_.line_mode || !o_.dot_matches_newline)) out_ += "\\n";
    out_ += ']';
    at_start_ = false;
    return true;
  }

  std::string_view p_;
  const RegexOptions& o_;
  bool ere_;
  int group_base_;
  size_t i_ = 0;
  std::string out_;
  std::string error_;
  bool backtrack_ = false;
  int groups_ = 0;
  std::vector<std::pair<size_t, int>> open_;  // output position, group number
  std::vector<int> closed_;
  size_t atom_ = std::string::npos;  // where the last quantifiable atom starts in out_
  bool quantified_ = false;
  bool word_literal_ = false;  // the last atom is one word character
  bool at_start_ = true;       // start of the expression or of a group/branch
};

// True when `p` matches only itself: no operator of its syntax, no case
// folding of letters, no anchoring options. Such patterns skip the engines.
bool is_plain_literal(std::string_view p, const RegexOptions& o) {
  if (p.empty() || o.whole_line || o.whole_word || o.syntax == RegexSyntax::kPerl) return false;
  if (o.line_mode && p.find('\n') != std::string_view::npos) return false;
  if (o.utf8 && !valid_utf8(p)) return false;
  const char* special = o.syntax == RegexSyntax::kFixed ? ""
                        : o.syntax == RegexSyntax::kExtended || o.syntax == RegexSyntax::kRe2
                            ? "\\.[]*^$+?(){}|"
                            : "\\.[]*^$";
  for (char c : p) {
    if (std::strchr(special, c) != nullptr && c != '\0') return false;
    // Case folding is only done here for ASCII (Unicode folds are RE2's job;
    // 'k' and 's' have non-ASCII folds: K KELVIN SIGN, LONG S).
    if (o.icase &&
        (static_cast<unsigned char>(c) >= 0x80 || c == 'k' || c == 'K' || c == 's' || c == 'S'))
      return false;
  }
  return true;
}

// How common a byte is in typical text (higher: more common), to pick the
// byte of a literal that memchr should look for.
int byte_commonness(unsigned char c) {
  static const char kByFrequency[] =
      " etaoinsrhldcumfpgwybvkxjqzETAOINSRHLDCUMFPGWYBVKXJQZ0123456789";
  if (c == '\n') return 60;
  const char* hit = std::strchr(kByFrequency, c);
  if (hit != nullptr && c != 0) return 100 - static_cast<int>(hit - kByFrequency);
  return 0;  // punctuation, control bytes, non-ASCII: rare
}

// Finds `needle` (2+ bytes): memchr for its rarest byte, then compare; falls
// back to memmem when candidates keep failing (a byte that is common here).
const char* find_literal(std::string_view hay, std::string_view needle) {
  size_t m = needle.size();
  if (hay.size() < m) return nullptr;
  size_t k = 0;
  for (size_t i = 1; i < m; ++i)
    if (byte_commonness(needle[i]) < byte_commonness(needle[k])) k = i;
  const char* base = hay.data();
  const char* last_start = base + hay.size() - m;
  const char* pos = base;
  size_t misses = 0;
  while (pos <= last_start) {
    const char* p = static_cast<const char*>(std::memchr(pos + k, needle[k], last_start - pos + 1));
    if (p == nullptr) return nullptr;
    const char* start = p - k;
    if (std::memcmp(start, needle.data(), m) == 0) return start;
    pos = start + 1;
    if (++misses > 64 && static_cast<size_t>(pos - base) < misses * 16) {
      return static_cast<const char*>(memmem(pos, base + hay.size() - pos, needle.data(), m));
    }
  }
  return nullptr;
}

// ASCII lower-casing without the locale machinery of std::tolower.
struct FoldTable {
  unsigned char map[256];
  constexpr FoldTable() : map() {
    for (int i = 0; i < 256; ++i)
      map[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i + 32 : i);
  }
};
constexpr FoldTable kFold;

// Boyer-Moore-Horspool over ASCII-folded bytes; `needle` is lower case.
const char* find_folded(std::string_view hay, std::string_view needle) {
  size_t m = needle.size();
  if (m == 0 || hay.size() < m) return m == 0 ? hay.data() : nullptr;
  size_t skip[256];
  for (auto& v : skip) v = m;
  for (size_t i = 0; i + 1 < m; ++i) {
    unsigned char c = needle[i];
    skip[c] = skip[std::toupper(c)] = m - 1 - i;
  }
  const unsigned char* h = reinterpret_cast<const unsigned char*>(hay.data());
  size_t last = hay.size() - m;
  for (size_t pos = 0; pos <= last;) {
    unsigned char end = h[pos + m - 1];
    if (kFold.map[end] == static_cast<unsigned char>(needle[m - 1])) {
      size_t k = 0;
      while (k + 1 < m && kFold.map[h[pos + k]] == static_cast<unsigned char>(needle[k])) ++k;
      if (k + 1 >= m) return hay.data() + pos;
    }
    pos += skip[end];
  }
  return nullptr;
}

}  // namespace

bool locale_is_utf8(std::string_view lc_all, std::string_view lc_ctype, std::string_view lang) {
  std::string_view name = !lc_all.empty() ? lc_all : !lc_ctype.empty() ? lc_ctype : lang;
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

bool is_valid_utf8(std::string_view text) {
  return valid_utf8(text);
}

size_t utf8_char_length(std::string_view text, size_t i) {
  return utf8_length_always(text, i);
}

namespace {

// Simple one-to-one case mappings of the scripts agents meet most; glibc's
// C.UTF-8 maps these the same way.
uint32_t simple_case(uint32_t cp, bool upper) {
  if (cp < 0x80) {
    return static_cast<uint32_t>(upper ? std::toupper(static_cast<int>(cp))
                                       : std::tolower(static_cast<int>(cp)));
  }
  bool latin_ext = cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 &&
                   cp != 0x149 && cp != 0x17F;
  // In Latin Extended-A pairs are (upper even, lower odd) except in two runs.
  bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  if (upper) {
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
    if (cp == 0xFF) return 0x178;
    if (latin_ext) return (odd_upper ? cp % 2 == 0 : cp % 2 == 1) ? cp - 1 : cp;
    if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) return cp - 0x20;
    if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
    return cp;
  }
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x178) return 0xFF;
  if (latin_ext) return (odd_upper ? cp % 2 == 1 : cp % 2 == 0) ? cp + 1 : cp;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

void append_case_converted(std::string_view ch, bool upper, std::string& out) {
  if (ch.size() == 1) {
    unsigned char c = ch[0];
    out += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
    return;
  }
  if (!valid_utf8(ch)) {
    out.append(ch);
    return;
  }
  append_utf8(simple_case(utf8_decode(ch), upper), out);
}

bool translate_posix_regex(std::string_view pattern, const RegexOptions& options, std::string* out,
                           bool* needs_backtracking, int* groups, std::string* error) {
  Translator t(pattern, options, 0);
  return t.run(out, needs_backtracking, groups, error);
}

std::string regex_quote(std::string_view literal) {
  std::string out;
  for (size_t i = 0; i < literal.size();) {
    size_t len = utf8_length(literal, i);
    append_literal(out, literal.substr(i, len));
    i += len;
  }
  return out;
}

struct Regex::Re2Holder {
  explicit Re2Holder(const std::string& pattern, const re2::RE2::Options& o) : re(pattern, o) {}
  re2::RE2 re;
  // -w: the same word anchored after one non-word character, tried at
  // start - 1 so that character can be the boundary (RE2 has no look-behind).
  std::unique_ptr<re2::RE2> after_boundary;
  // -w: the word at a line start without the leading class, so that
  // leftmost-longest cannot prefer "prefix + later word" to the word itself.
  std::unique_ptr<re2::RE2> at_line_start;
};

struct Regex::PcreHolder {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~PcreHolder() {
    if (context) pcre2_match_context_free(context);
    if (code) pcre2_code_free(code);
  }
};

// A fixed-length ERE made of literal bytes and bracket expressions, with
// optional ^ and $ ("wor[dk]s", "^[0-9][0-9]:"): awk and grep one-liners are
// full of them, and a memchr for the rarest literal byte plus a check of each
// class beats an automaton's per-call setup on short records.
struct Regex::ClassSequence {
  struct ByteSet {
    uint64_t bits[4] = {0, 0, 0, 0};
    void add(unsigned char c) { bits[c >> 6] |= uint64_t{1} << (c & 63); }
    bool has(unsigned char c) const { return (bits[c >> 6] >> (c & 63)) & 1; }
    int count() const {
      int n = 0;
      for (uint64_t b : bits) n += __builtin_popcountll(b);
      return n;
    }
  };
  std::vector<ByteSet> atoms;
  bool anchor_start = false, anchor_end = false;
  bool line_anchors = false;  // ^ and $ also match around '\n'
  int key = -1;               // a one-byte atom to find with memchr
  char key_byte = 0;

  bool matches_at(std::string_view text, size_t p) const {
    size_t m = atoms.size();
    if (anchor_start && p != 0 && !(line_anchors && text[p - 1] == '\n')) return false;
    if (anchor_end && p + m != text.size() && !(line_anchors && text[p + m] == '\n')) return false;
    for (size_t k = 0; k < m; ++k)
      if (!atoms[k].has(static_cast<unsigned char>(text[p + k]))) return false;
    return true;
  }

  // Leftmost match starting at or after `start`, or npos.
  size_t find(std::string_view text, size_t start) const {
    size_t m = atoms.size();
    if (text.size() < m || start > text.size() - m) return std::string_view::npos;
    size_t last = text.size() - m;
    if (anchor_start && !line_anchors)
      return start == 0 && matches_at(text, 0) ? 0 : std::string_view::npos;
    if (anchor_end && !line_anchors) return matches_at(text, last) ? last : std::string_view::npos;
    if (key >= 0) {
      size_t k = static_cast<size_t>(key);
      for (size_t p = start; p <= last;) {
        const void* hit = std::memchr(text.data() + p + k, key_byte, last - p + 1);
        if (hit == nullptr) return std::string_view::npos;
        p = static_cast<size_t>(static_cast<const char*>(hit) - text.data()) - k;
        if (matches_at(text, p)) return p;
        ++p;
      }
      return std::string_view::npos;
    }
    for (size_t p = start; p <= last; ++p)
      if (matches_at(text, p)) return p;
    return std::string_view::npos;
  }
};

namespace {

// Parses an ERE into a ClassSequence; nullptr when it uses anything else
// (quantifiers, groups, alternation, back-references, multi-byte classes...).
std::unique_ptr<Regex::ClassSequence> parse_class_sequence(std::string_view p,
                                                           const RegexOptions& o) {
  using Seq = Regex::ClassSequence;
  bool ere = o.syntax == RegexSyntax::kExtended;
  if ((!ere && o.syntax != RegexSyntax::kBasic) || o.whole_line || o.whole_word || p.empty())
    return nullptr;
  auto seq = std::make_unique<Seq>();
  seq->line_anchors = o.line_mode || o.multiline;
  size_t i = 0, end = p.size();
  if (p[0] == '^') seq->anchor_start = true, ++i;
  if (end >= 2 && p[end - 1] == '$' && p[end - 2] == '\\') return nullptr;  // \$ or \\$
  if (end > i && p[end - 1] == '$') seq->anchor_end = true, --end;
  auto literal = [&](unsigned char c) {
    if (o.icase && (std::isalpha(c) || c >= 0x80)) return false;
    Seq::ByteSet set;
    set.add(c);
    seq->atoms.push_back(set);
    return true;
  };
  while (i < end) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '\\') {
      if (i + 1 >= end) return nullptr;
      char e = p[i + 1];
      i += 2;
      int v = o.sed_escapes && e != 'b' ? c_escape_value(e) : -1;
      if (v >= 0) {
        if (!literal(static_cast<unsigned char>(v))) return nullptr;
      } else if (std::strchr(ere ? ".[]*+?(){}|^$\\/\"-" : ".[]*^$\\/\"-", e) != nullptr &&
                 e != '\0') {
        if (!literal(static_cast<unsigned char>(e))) return nullptr;
      } else {
        return nullptr;
      }
      continue;
    }
    if (c == '.') {
      if (o.utf8) return nullptr;  // one character may be several bytes
      Seq::ByteSet set;
      for (int b = 0; b < 256; ++b) {
        if (b != '\n' || (o.dot_matches_newline && !o.line_mode))
          set.add(static_cast<unsigned char>(b));
      }
      seq->atoms.push_back(set);
      ++i;
      continue;
    }
    if (c == '[') {
      size_t j = i + 1;
      bool negated = j < end && p[j] == '^';
      if (negated) {
        if (o.utf8) return nullptr;
        ++j;
      }
      if (j < end && p[j] == ':') return nullptr;  // "[:space:]": the translator's error
      Seq::ByteSet set;
      bool first = true;
      for (;; first = false) {
        if (j >= end) return nullptr;
        unsigned char a = static_cast<unsigned char>(p[j]);
        if (a == ']' && !first) break;
        if (a == '\\' || a >= 0x80) return nullptr;
        if (a == '[' && j + 1 < end && (p[j + 1] == '.' || p[j + 1] == '=')) return nullptr;
        if (a == '[' && j + 1 < end && p[j + 1] == ':') {
          size_t close = p.find(":]", j + 2);
          if (close == std::string_view::npos || close >= end) return nullptr;
          std::string_view name = p.substr(j + 2, close - j - 2);
          int (*pred)(int) = name == "digit"    ? isdigit
                             : name == "space"  ? isspace
                             : name == "xdigit" ? isxdigit
                             : name == "blank"  ? isblank
                             : name == "cntrl"  ? iscntrl
                                                : nullptr;
          if (pred == nullptr && !o.utf8) {
            pred = name == "alpha"   ? isalpha
                   : name == "alnum" ? isalnum
                   : name == "upper" ? isupper
                   : name == "lower" ? islower
                   : name == "punct" ? ispunct
                   : name == "print" ? isprint
                   : name == "graph" ? isgraph
                                     : nullptr;
          }
          if (pred == nullptr || o.icase) return nullptr;
          for (int b = 0; b < 128; ++b)
            if (pred(b)) set.add(static_cast<unsigned char>(b));
          j = close + 2;
          continue;
        }
        unsigned char hi = a;
        if (j + 2 < end && p[j + 1] == '-' && p[j + 2] != ']') {
          hi = static_cast<unsigned char>(p[j + 2]);
          if (hi >= 0x80 || hi == '\\' || hi == '[' || hi < a) return nullptr;
          j += 3;
        } else {
          ++j;
        }
        for (int b = a; b <= hi; ++b) {
          if (o.icase && std::isalpha(b)) return nullptr;
          set.add(static_cast<unsigned char>(b));
        }
      }
      if (negated) {
        for (uint64_t& b : set.bits) b = ~b;
        if (o.line_mode) {
          Seq::ByteSet nl;
          nl.add('\n');
          set.bits[0] &= ~nl.bits[0];
        }
      }
      seq->atoms.push_back(set);
      i = j + 1;
      continue;
    }
    // ERE operators; in a BRE only `*` is one (\+ \{ \( were refused above).
    if (std::strchr(ere ? "*+?{}()|^$" : "*", c) != nullptr && c != '\0') return nullptr;
    if (!literal(c)) return nullptr;
    ++i;
  }
  if (seq->atoms.empty() || seq->atoms.size() > 256) return nullptr;
  // A single-byte atom, the rarest in text, to look for with memchr.
  for (size_t k = 0; k < seq->atoms.size(); ++k) {
    if (seq->atoms[k].count() != 1) continue;
    unsigned char b = 0;
    while (!seq->atoms[k].has(b)) ++b;
    if (seq->key < 0 ||
        byte_commonness(b) < byte_commonness(static_cast<unsigned char>(seq->key_byte))) {
      seq->key = static_cast<int>(k);
      seq->key_byte = static_cast<char>(b);
    }
  }
  return seq;
}

// The longest literal that every match of a BRE/ERE must contain, or "" when
// none is certain: runs of plain characters outside groups and brackets,
// minus a last character made optional by * ? or {; any alternation gives up.
std::string required_literal(std::string_view p, const RegexOptions& o) {
  bool ere = o.syntax == RegexSyntax::kExtended;
  if ((!ere && o.syntax != RegexSyntax::kBasic) || o.icase) return "";
  std::string best, run;
  int depth = 0;
  auto end_run = [&] {
    if (depth == 0 && run.size() > best.size()) best = run;
    run.clear();
  };
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    bool quantifier = ere ? (c == '*' || c == '?' || c == '{' || c == '+') : c == '*';
    if (!ere && c == '\\' && i + 1 < p.size() &&
        (p[i + 1] == '{' || p[i + 1] == '?' || p[i + 1] == '+'))
      quantifier = true;
    if (quantifier) {
      // The quantified atom may be absent (or, for +, repeated): it ends the run.
      bool optional = !(ere ? c == '+' : (c == '\\' && p[i + 1] == '+'));
      if (optional) {  // drop the whole last character (UTF-8 continuation bytes first)
        while (!run.empty() && (static_cast<unsigned char>(run.back()) & 0xC0) == 0x80)
          run.pop_back();
        if (!run.empty()) run.pop_back();
      }
      end_run();
      bool interval = ere ? c == '{' : (c == '\\' && p[i + 1] == '{');
      if (c == '\\') ++i;
      if (interval) {  // skip "m,n}" (or "m,n\}")
        size_t close = p.find(ere ? "}" : "\\}", i + 1);
        if (close == std::string_view::npos) return "";
        i = close + (ere ? 0 : 1);
      }
      continue;
    }
    if ((ere && c == '|') || (!ere && c == '\\' && i + 1 < p.size() && p[i + 1] == '|')) return "";
    if ((ere && c == '(') || (!ere && c == '\\' && i + 1 < p.size() && p[i + 1] == '(')) {
      end_run();
      ++depth;
      if (c == '\\') ++i;
      continue;
    }
    if ((ere && c == ')') || (!ere && c == '\\' && i + 1 < p.size() && p[i + 1] == ')')) {
      end_run();
      if (--depth < 0) return "";
      if (c == '\\') ++i;
      // A group may be quantified as a whole; nothing inside counted anyway.
      continue;
    }
    if (c == '[') {
      end_run();
      size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') {
        if (p[j] == '[' && j + 1 < p.size() && std::strchr(":.=", p[j + 1]) != nullptr) {
          size_t close = p.find(std::string(1, p[j + 1]) + "]", j + 2);
          if (close == std::string_view::npos) return "";
          j = close + 2;
        } else {
          ++j;
        }
      }
      if (j >= p.size()) return "";
      i = j;
      continue;
    }
    if (c == '\\' || c == '.' || c == '^' || c == '$' || c == '\n' ||
        (ere && (c == '{' || c == '}' || c == ')'))) {
      end_run();
      if (c == '\\' && ++i < p.size() && std::strchr("doxc", p[i]) != nullptr) {
        // \dNNN \oNNN \xHH \cX (sed, awk): their arguments are not literals.
        for (int k = 0; k < (p[i] == 'c' ? 1 : 3) && i + 1 < p.size() &&
                        std::isalnum(static_cast<unsigned char>(p[i + 1]));
             ++k)
          ++i;
      }
      continue;
    }
    if (depth == 0) run += c;
  }
  end_run();
  return best.size() >= 2 ? best : "";
}

}  // namespace

Regex::~Regex() = default;

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, const RegexOptions& options,
                                      std::string* error) {
  return compile_any(std::span<const std::string_view>(&pattern, 1), options, error);
}

std::unique_ptr<Regex> Regex::compile_any(std::span<const std::string_view> patterns,
                                          const RegexOptions& options, std::string* error) {
  std::unique_ptr<Regex> rx(new Regex());
  if (patterns.size() == 1 && is_plain_literal(patterns[0], options)) {
    // memmem finds a literal several times faster than any automaton.
    rx->literal_ = std::string(patterns[0]);
    rx->is_literal_ = true;
    rx->literal_folded_ = options.icase;
    if (options.icase) {
      for (char& c : rx->literal_)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    rx->translated_ = regex_quote(patterns[0]);
    return rx;
  }
  if (patterns.size() == 1 && (!options.utf8 || valid_utf8(patterns[0]))) {
    if (auto seq = parse_class_sequence(patterns[0], options)) {
      rx->classes_ = std::move(seq);
      rx->translated_ = std::string(patterns[0]);
      return rx;
    }
  }
  bool backtrack = false;
  bool utf8 = options.utf8;
  t_utf8 = utf8;
  std::string translated;
  int group_base = 0;
  for (size_t k = 0; k < patterns.size(); ++k) {
    std::string_view pattern = patterns[k];
    utf8 = utf8 && valid_utf8(pattern);
    std::string one;
    bool needs = false;
    int groups = 0;
    switch (options.syntax) {
      case RegexSyntax::kFixed:
        one = regex_quote(pattern);
        break;
      case RegexSyntax::kPerl:
        one = std::string(pattern);
        needs = true;
        break;
      case RegexSyntax::kRe2:
        one = std::string(pattern);
        break;
      default: {
        Translator t(pattern, options, group_base);
        if (!t.run(&one, &needs, &groups, error)) return nullptr;
        group_base += groups;
        break;
      }
    }
    backtrack |= needs;
    if (patterns.size() == 1) {
      translated = std::move(one);
    } else {
      if (k) translated += '|';
      translated += "(?:" + one + ")";
    }
  }
  bool anchors_by_line = options.line_mode || options.multiline;
  std::string after_boundary, at_line_start;
  if (options.whole_line) {
    translated =
        (anchors_by_line ? "^(?:" : "\\A(?:") + translated + (anchors_by_line ? ")$" : ")\\z");
  } else if (options.whole_word) {
    if (backtrack) {
      std::string w = std::string("[") + word_chars(utf8) + "]";
      translated = "(?<!" + w + ")(?:" + translated + ")(?!" + w + ")";
    } else {
      const char* begin = anchors_by_line ? "^" : "\\A";
      const char* end = anchors_by_line ? "$" : "\\z";
      std::string nw = std::string("[^") + word_chars(utf8) + "\\n]";
      after_boundary = nw + "(" + translated + ")(?:" + nw + "|" + end + ")";
      at_line_start = "(" + translated + ")(?:" + nw + "|" + end + ")";
      translated =
          std::string("(?:") + begin + "|" + nw + ")(" + translated + ")(?:" + nw + "|" + end + ")";
      rx->span_group_ = 1;
    }
  }
  std::string flags;
  if (options.icase) flags += 'i';
  if (options.line_mode || options.multiline) flags += 'm';
  if (!flags.empty() && options.syntax != RegexSyntax::kPerl)
    translated = "(?" + flags + ")" + translated;
  rx->translated_ = translated;
  if (patterns.size() == 1 && !options.whole_line)
    rx->required_ = required_literal(patterns[0], options);

  if (!backtrack) {
    re2::RE2::Options o;
    o.set_longest_match(options.syntax != RegexSyntax::kRe2);
    o.set_log_errors(false);
    o.set_max_mem(64 << 20);
    if (!utf8) o.set_encoding(re2::RE2::Options::EncodingLatin1);
    auto holder = std::make_unique<Re2Holder>(translated, o);
    if (holder->re.ok()) {
      if (!after_boundary.empty()) {
        if (!flags.empty()) after_boundary = "(?" + flags + ")" + after_boundary;
        holder->after_boundary = std::make_unique<re2::RE2>(after_boundary, o);
        if (!holder->after_boundary->ok()) holder->after_boundary.reset();
        if (!flags.empty()) at_line_start = "(?" + flags + ")" + at_line_start;
        holder->at_line_start = std::make_unique<re2::RE2>(at_line_start, o);
        if (!holder->at_line_start->ok()) holder->at_line_start.reset();
      }
      rx->re2_ = std::move(holder);
      rx->groups_ = rx->re2_->re.NumberOfCapturingGroups() - rx->span_group_;
      return rx;
    }
    auto code = holder->re.error_code();
    if (code != re2::RE2::ErrorRepeatSize && code != re2::RE2::ErrorPatternTooLarge) {
      *error = holder->re.error();
      return nullptr;
    }
    // Too big for RE2's automata: PCRE2 handles large counted repetitions.
  }

  uint32_t flags32 = 0;
  if (utf8) flags32 |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (options.syntax == RegexSyntax::kPerl) {
    if (options.icase) flags32 |= PCRE2_CASELESS;
    if (options.line_mode || options.multiline) flags32 |= PCRE2_MULTILINE;
  } else {
    flags32 |= PCRE2_DOLLAR_ENDONLY;
  }
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  auto holder = std::make_unique<PcreHolder>();
  holder->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                               flags32, &errcode, &erroffset, nullptr);
  if (!holder->code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(errcode, buf, sizeof buf);
    std::string msg(reinterpret_cast<char*>(buf));
    if (errcode == 105 /* number too big in {} */ || errcode == 120 /* too large */)
      msg = "Regular expression too big";
    *error = msg;
    return nullptr;
  }
  pcre2_jit_compile(holder->code, PCRE2_JIT_COMPLETE);
  holder->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(holder->context, kRegexMatchLimit);
  pcre2_set_depth_limit(holder->context, kRegexDepthLimit);
  pcre2_set_heap_limit(holder->context, 64 * 1024);  // KiB
  uint32_t count = 0;
  pcre2_pattern_info(holder->code, PCRE2_INFO_CAPTURECOUNT, &count);
  rx->groups_ = static_cast<int>(count) - rx->span_group_;
  rx->pcre_ = std::move(holder);
  return rx;
}

namespace {

// One match-data block per thread, grown on demand.
pcre2_match_data* thread_match_data(int pairs) {
  struct Holder {
    pcre2_match_data* md = nullptr;
    int pairs = 0;
    ~Holder() {
      if (md) pcre2_match_data_free(md);
    }
  };
  thread_local Holder h;
  if (h.pairs < pairs) {
    if (h.md) pcre2_match_data_free(h.md);
    h.md = pcre2_match_data_create(pairs, nullptr);
    h.pairs = pairs;
  }
  return h.md;
}

[[noreturn]] void throw_pcre_error(int rc) {
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
      rc == PCRE2_ERROR_JIT_STACKLIMIT)
    throw RegexLimitError("exceeded PCRE's backtracking limit");
  PCRE2_UCHAR buf[256];
  pcre2_get_error_message(rc, buf, sizeof buf);
  throw RegexLimitError(reinterpret_cast<char*>(buf));
}

}  // namespace

bool Regex::search(std::string_view text, size_t start, MatchSpan* groups, int ngroups) const {
  if (start > text.size()) return false;
  if (classes_) {
    size_t at = classes_->find(text, start);
    if (at == std::string_view::npos) return false;
    for (int g = 0; g < ngroups; ++g) groups[g] = MatchSpan{};
    if (ngroups > 0) groups[0] = MatchSpan{at, at + classes_->atoms.size()};
    return true;
  }
  if (is_literal_) {
    std::string_view rest = text.substr(start);
    const void* hit = literal_folded_        ? find_folded(rest, literal_)
                      : literal_.size() == 1 ? std::memchr(rest.data(), literal_[0], rest.size())
                                             : find_literal(rest, literal_);
    if (hit == nullptr) return false;
    for (int g = 0; g < ngroups; ++g) groups[g] = MatchSpan{};
    if (ngroups > 0) {
      groups[0].begin = static_cast<const char*>(hit) - text.data();
      groups[0].end = groups[0].begin + literal_.size();
    }
    return true;
  }
  // A literal every match contains: no need to run the engine without it.
  if (!required_.empty() && find_literal(text.substr(start), required_) == nullptr) return false;
  if (re2_) {
    constexpr int kMax = 11;
    re2::StringPiece sub[kMax];
    int n = ngroups == 0
                ? 0
                : std::min(ngroups + span_group_, std::min(kMax, groups_ + 1 + span_group_));
    re2::StringPiece piece(text.data(), text.size());
    bool found = false;
    if (span_group_ == 1 && start > 0 && re2_->after_boundary) {
      // -w without look-behind: the boundary before `start` may be the
      // character just before it ("..." holds three whole-word matches of
      // "."): a word right at `start` is the leftmost possible match.
      n = std::max(n, 2);
      found = re2_->after_boundary->Match(piece, start - 1, text.size(), re2::RE2::ANCHOR_START,
                                          sub, n);
    }
    if (!found) {
      if (span_group_ == 1) n = std::max(n, 2);
      if (!re2_->re.Match(piece, start, text.size(), re2::RE2::UNANCHORED, sub, n)) return false;
      size_t s = static_cast<size_t>(sub[0].data() - text.data());
      if (span_group_ == 1 && re2_->at_line_start && sub[1].data() != sub[0].data() &&
          (s == 0 || text[s - 1] == '\n')) {
        re2::StringPiece word[kMax];
        if (re2_->at_line_start->Match(piece, s, text.size(), re2::RE2::ANCHOR_START, word, n))
          std::copy(word, word + n, sub);
      }
    }
    for (int g = 0; g < ngroups; ++g) {
      int k = g + span_group_;
      if (k < n && sub[k].data() != nullptr) {
        groups[g].begin = static_cast<size_t>(sub[k].data() - text.data());
        groups[g].end = groups[g].begin + sub[k].size();
      } else {
        groups[g] = MatchSpan{};
      }
    }
    return true;
  }
  int pairs = groups_ + 1 + span_group_;
  pcre2_match_data* md = thread_match_data(pairs);
  int rc = pcre2_match(pcre_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start,
                       0, md, pcre_->context);
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc < 0) throw_pcre_error(rc);
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  for (int g = 0; g < ngroups; ++g) {
    int k = g + span_group_;
    if (k < rc && ov[2 * k] != PCRE2_UNSET) {
      groups[g].begin = ov[2 * k];
      groups[g].end = ov[2 * k + 1];
    } else {
      groups[g] = MatchSpan{};
    }
  }
  return true;
}

bool Regex::full_match(std::string_view text) const {
  if (classes_) {
    if (text.size() != classes_->atoms.size()) return false;
    for (size_t k = 0; k < text.size(); ++k)
      if (!classes_->atoms[k].has(static_cast<unsigned char>(text[k]))) return false;
    return true;
  }
  if (is_literal_) {
    if (text.size() != literal_.size()) return false;
    return literal_folded_ ? find_folded(text, literal_) != nullptr : text == literal_;
  }
  if (re2_) {
    re2::StringPiece piece(text.data(), text.size());
    return re2_->re.Match(piece, 0, text.size(), re2::RE2::ANCHOR_BOTH, nullptr, 0);
  }
  pcre2_match_data* md = thread_match_data(std::max(groups_ + 1, 1));
  int rc = pcre2_match(pcre_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                       PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, pcre_->context);
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc < 0) throw_pcre_error(rc);
  return true;
}

}  // namespace kefka::cmd

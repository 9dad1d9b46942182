// Word expansion, in bash's order: brace expansion, tilde, parameter /
// arithmetic / command substitution, word splitting, pathname expansion and
// quote removal. Words are first expanded into fields whose characters
// remember whether they were quoted (as a pattern with quoted glob characters
// escaped), then split and globbed.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "shell/glob.h"
#include "shell/lexer.h"
#include "shell/state.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

// Quoted characters escaped in patterns; - and ^ only matter inside [...].
constexpr std::string_view kGlobSpecial = "*?[]\\()|!@+-^";

// Brace expansion producing more words than this is an error, not a hang.
constexpr size_t kMaxBraceWords = 1'000'000;
struct BraceOverflow {};

void append_escaped(std::string& pat, std::string_view text) {
  for (char c : text) {
    if (kGlobSpecial.find(c) != std::string_view::npos) pat.push_back('\\');
    pat.push_back(c);
  }
}

size_t utf8_count(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Byte offset of the n-th character.
size_t utf8_offset(std::string_view s, size_t chars) {
  size_t i = 0;
  while (i < s.size() && chars > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --chars;
  }
  return i;
}

}  // namespace

// Upper/lower-cases characters (only the first with `first_only`); with a
// pattern, only characters matching it.
std::string convert_case(std::string_view s, bool upper, bool first_only,
                         const std::string& pattern, MatchFlags flags) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  bool done = false;
  while (i < s.size()) {
    size_t start = i;
    uint32_t cp = next_code_point(s, i);
    std::string_view ch = s.substr(start, i - start);
    if (done || (cp & 0x80000000u) || (!pattern.empty() && !pattern_match(pattern, ch, flags))) {
      out.append(ch);
    } else {
      append_utf8(out, upper ? to_upper_cp(cp) : to_lower_cp(cp));
    }
    if (first_only) done = true;
  }
  return out;
}

namespace {

// True when byte offset k of s does not fall inside a UTF-8 sequence, so
// pattern operators (${x#?}, ${x/?/y}) never split a character like bash.
bool char_boundary(std::string_view s, size_t k) {
  if (k == 0 || k >= s.size()) return true;
  if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) return true;
  size_t lead = k - 1;
  while (lead > 0 && k - lead < 4 && (static_cast<unsigned char>(s[lead]) & 0xC0) == 0x80) --lead;
  auto c = static_cast<unsigned char>(s[lead]);
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (len == 1 || lead + len > s.size()) return true;  // invalid: bytes stand alone
  for (size_t j = lead + 1; j < lead + len; ++j) {
    if ((static_cast<unsigned char>(s[j]) & 0xC0) != 0x80) return true;
  }
  return lead + len <= k;
}

// Builds the fields of one word.
class FieldBuilder {
 public:
  FieldBuilder(std::string ifs, bool ifs_set) : ifs_(std::move(ifs)) {
    if (!ifs_set) ifs_ = " \t\n";
    for (char c : ifs_) {
      if (c & 0x80) multibyte_ifs_ = true;
    }
  }

  void literal(std::string_view text, bool quoted) {
    if (text.empty()) {
      if (quoted) exists_ = true;
      return;
    }
    text_.append(text);
    if (quoted) {
      append_escaped(pat_, text);
    } else {
      for (char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == '(') glob_ = true;
      }
      pat_.append(text);
    }
    exists_ = true;
    ended_by_ws_ = false;
  }

  // Unquoted expansion result: split on IFS.
  void split(std::string_view text) {
    for (size_t k = 0; k < text.size(); ++k) {
      char c = text[k];
      if (multibyte_ifs_ && (c & 0x80)) {
        // A non-ASCII character: a delimiter only if IFS holds it whole.
        size_t n = 1;
        while (k + n < text.size() && !char_boundary(text, k + n)) ++n;
        std::string_view ch = text.substr(k, n);
        if (n > 1 && ifs_.find(ch) != std::string::npos) {
          if (exists_ || !ended_by_ws_) {
            exists_ = true;
            finish();
          }
          ended_by_ws_ = false;
          k += n - 1;
          continue;
        }
        if (n > 1) {
          append_text(ch);
          k += n - 1;
          continue;
        }
      }
      if (ifs_.find(c) != std::string::npos) {
        bool ws = c == ' ' || c == '\t' || c == '\n';
        if (ws) {
          if (exists_) {
            finish();
            ended_by_ws_ = true;
          }
        } else {
          if (exists_) {
            finish();
          } else if (!ended_by_ws_) {
            exists_ = true;
            finish();
          }
          ended_by_ws_ = false;
        }
        continue;
      }
      append_text(std::string_view(&c, 1));
    }
  }

  // Text of an unquoted expansion that is not a delimiter.
  void append_text(std::string_view chars) {
    for (char c : chars) {
      text_.push_back(c);
      if (c == '*' || c == '?' || c == '[') glob_ = true;
      if (c == '\\') pat_.push_back('\\');
      pat_.push_back(c);
    }
    exists_ = true;
    ended_by_ws_ = false;
  }

  void mark_exists() { exists_ = true; }
  void force_break() {
    exists_ = true;
    finish();
  }
  void finish() {
    if (exists_) fields_.push_back({std::move(text_), std::move(pat_), glob_});
    text_.clear();
    pat_.clear();
    glob_ = false;
    exists_ = false;
  }

  struct Field {
    std::string text;
    std::string pat;
    bool glob;
  };
  std::vector<Field> take() {
    finish();
    return std::move(fields_);
  }
  const std::string& ifs() const { return ifs_; }

 private:
  std::string ifs_;
  std::string text_, pat_;
  bool glob_ = false;
  bool exists_ = false;
  bool ended_by_ws_ = false;
  bool multibyte_ifs_ = false;
  std::vector<Field> fields_;
};

// ---------------------------------------------------------------------------
// Brace expansion over the unquoted literal text of a word.

bool brace_sequence(std::string_view body, std::vector<std::string>& out) {
  // {a..b[..step]} with integers or single characters.
  size_t dots = body.find("..");
  if (dots == std::string_view::npos) return false;
  std::string_view a = body.substr(0, dots);
  std::string_view rest = body.substr(dots + 2);
  std::string_view b = rest;
  std::string_view step_text;
  size_t dots2 = rest.find("..");
  if (dots2 != std::string_view::npos) {
    b = rest.substr(0, dots2);
    step_text = rest.substr(dots2 + 2);
  }
  int64_t step = 1;
  if (!step_text.empty() && !parse_int(step_text, step)) return false;
  int64_t x, y;
  if (parse_int(a, x) && parse_int(b, y)) {
    if (step == 0) step = 1;
    if (step < 0) step = -step;
    size_t width = 0;
    auto padded = [](std::string_view s) {
      std::string_view d = s;
      if (!d.empty() && (d[0] == '-' || d[0] == '+')) d.remove_prefix(1);
      return d.size() > 1 && d[0] == '0';
    };
    if (padded(a) || padded(b)) width = std::max(a.size(), b.size());
    auto fmt = [&](int64_t v) {
      std::string s = std::to_string(v < 0 ? -v : v);
      size_t w = width > 0 ? width - (v < 0 ? 1 : 0) : 0;
      while (s.size() < w) s.insert(s.begin(), '0');
      return v < 0 ? "-" + s : s;
    };
    if (x <= y) {
      for (int64_t v = x; v <= y; v += step) {
        out.push_back(fmt(v));
        if (out.size() > kMaxBraceWords) throw BraceOverflow();
      }
    } else {
      for (int64_t v = x; v >= y; v -= step) {
        out.push_back(fmt(v));
        if (out.size() > kMaxBraceWords) throw BraceOverflow();
      }
    }
    return true;
  }
  if (a.size() == 1 && b.size() == 1 &&
      std::isalpha(static_cast<unsigned char>(a[0])) ==
          std::isalpha(static_cast<unsigned char>(b[0]))) {
    if (step == 0) step = 1;
    if (step < 0) step = -step;
    char ca = a[0], cb = b[0];
    if (ca <= cb) {
      for (int v = ca; v <= cb; v += static_cast<int>(step)) out.push_back(std::string(1, char(v)));
    } else {
      for (int v = ca; v >= cb; v -= static_cast<int>(step)) out.push_back(std::string(1, char(v)));
    }
    return true;
  }
  return false;
}

// A word as a sequence of items: an unquoted character, or an opaque part.
struct BraceItem {
  char c = 0;
  const WordPart* part = nullptr;
};

void brace_expand_items(const std::vector<BraceItem>& items,
                        std::vector<std::vector<BraceItem>>& out, int depth) {
  if (out.size() > kMaxBraceWords) throw BraceOverflow();
  if (depth > 50) {
    out.push_back(items);
    return;
  }
  // Find the first '{' with a matching '}' containing a top-level ',' or '..'.
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].part || items[i].c != '{') continue;
    if (i > 0 && !items[i - 1].part && items[i - 1].c == '$') continue;
    int level = 0;
    std::vector<size_t> commas;
    size_t close = 0;
    for (size_t j = i; j < items.size(); ++j) {
      if (items[j].part) continue;
      char c = items[j].c;
      if (c == '{') ++level;
      if (c == '}' && --level == 0) {
        close = j;
        break;
      }
      if (c == ',' && level == 1) commas.push_back(j);
    }
    if (close == 0) continue;
    std::vector<BraceItem> prefix(items.begin(), items.begin() + i);
    std::vector<BraceItem> suffix(items.begin() + close + 1, items.end());
    std::vector<std::vector<BraceItem>> alternatives;
    if (commas.empty()) {
      // Sequence expression: only plain characters.
      std::string body;
      bool plain = true;
      for (size_t j = i + 1; j < close; ++j) {
        if (items[j].part)
          plain = false;
        else
          body.push_back(items[j].c);
      }
      std::vector<std::string> seq;
      if (!plain || !brace_sequence(body, seq)) continue;
      for (auto& s : seq) {
        std::vector<BraceItem> alt;
        for (char c : s) alt.push_back({c, nullptr});
        alternatives.push_back(std::move(alt));
      }
    } else {
      size_t start = i + 1;
      commas.push_back(close);
      for (size_t cpos : commas) {
        alternatives.emplace_back(items.begin() + start, items.begin() + cpos);
        start = cpos + 1;
      }
    }
    for (auto& alt : alternatives) {
      std::vector<BraceItem> combined = prefix;
      combined.insert(combined.end(), alt.begin(), alt.end());
      combined.insert(combined.end(), suffix.begin(), suffix.end());
      brace_expand_items(combined, out, depth + 1);
    }
    return;
  }
  out.push_back(items);
}

// name=(...) or name+=(...) as the argument of a declaration builtin.
bool is_compound_assignment_arg(const Word& w) {
  std::string head;  // the leading unquoted text, which the lexer may cut up
  for (const auto& p : w.parts) {
    auto* lit = std::get_if<Literal>(&p.v);
    if (lit == nullptr) break;
    head += lit->text;
  }
  size_t eq = head.find("=(");
  if (eq == std::string::npos) return false;
  std::string_view name(head.data(), eq);
  if (!name.empty() && name.back() == '+') name.remove_suffix(1);
  return is_valid_name(name);
}

bool may_have_braces(const Word& w) {
  for (const auto& p : w.parts) {
    if (auto* lit = std::get_if<Literal>(&p.v)) {
      if (lit->text.find('{') != std::string::npos) return true;
    }
  }
  return false;
}

// Turns a leading unquoted "~user/" of w into a Tilde part.
bool tilde_prefix(Word& w) {
  if (w.parts.empty()) return false;
  auto* lit = std::get_if<Literal>(&w.parts[0].v);
  if (lit == nullptr || lit->text.empty() || lit->text[0] != '~') return false;
  size_t slash = lit->text.find('/');
  if (slash == std::string::npos && w.parts.size() > 1) return false;  // ~"x": quoted prefix
  std::string user =
      lit->text.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
  for (char c : user) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::strchr("_.-+", c) == nullptr)
      return false;
  }
  std::string rest = slash == std::string::npos ? "" : lit->text.substr(slash);
  WordPart tilde;
  tilde.v = Tilde{user};
  if (rest.empty()) {
    w.parts[0] = std::move(tilde);
  } else {
    lit->text = rest;
    w.parts.insert(w.parts.begin(), std::move(tilde));
  }
  return true;
}

// Brace expansion runs before tilde expansion, so a word it produces that now
// starts with an unquoted ~ (`~{/src,root}`, `{a,~}/b`) gets its tilde prefix.
void tilde_after_braces(Word& w) {
  tilde_prefix(w);
}

std::vector<Word> brace_expand(const Word& w, std::vector<std::unique_ptr<WordPart>>& storage) {
  std::vector<BraceItem> items;
  for (const auto& p : w.parts) {
    if (auto* lit = std::get_if<Literal>(&p.v)) {
      for (char c : lit->text) items.push_back({c, nullptr});
    } else {
      items.push_back({0, &p});
    }
  }
  std::vector<std::vector<BraceItem>> results;
  brace_expand_items(items, results, 0);
  std::vector<Word> words;
  for (auto& r : results) {
    Word nw;
    nw.line = w.line;
    for (auto& it : r) {
      if (it.part) {
        nw.parts.push_back(*it.part);
      } else {
        append_literal(nw.parts, std::string_view(&it.c, 1));
      }
    }
    if (results.size() > 1) tilde_after_braces(nw);
    words.push_back(std::move(nw));
  }
  (void)storage;
  return words;
}

}  // namespace

const Word& with_tilde_prefix(const Word& w, Word& scratch) {
  if (w.parts.empty()) return w;
  auto* lit = std::get_if<Literal>(&w.parts[0].v);
  if (lit == nullptr || lit->text.empty() || lit->text[0] != '~') return w;
  scratch = w;
  return tilde_prefix(scratch) ? scratch : w;
}

// ---------------------------------------------------------------------------
// Parameter expansion

namespace {

struct ParamValue {
  bool set = false;
  bool list = false;  // "$@"-like: several words
  bool star = false;  // joined with IFS[0] when quoted
  std::vector<std::string> items;
  std::string scalar() const {
    std::string s;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) s += ' ';
      s += items[i];
    }
    return s;
  }
};

}  // namespace

class Expander {
 public:
  explicit Expander(ShellState& st) : st_(st) {}

  std::string ifs_value(bool& set) {
    std::string v;
    set = st_.get_var("IFS", v);
    return v;
  }

  // Expands parts into the builder. `quoted`: inside double quotes.
  void parts(const WordParts& ps, FieldBuilder& fb, bool quoted) {
    for (const auto& p : ps) part(p, fb, quoted);
  }

  void part(const WordPart& p, FieldBuilder& fb, bool quoted) {
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, Literal>) {
            fb.literal(node.text, quoted);
          } else if constexpr (std::is_same_v<T, SingleQuoted> || std::is_same_v<T, Escaped> ||
                               std::is_same_v<T, DollarSingle>) {
            fb.literal(node.text, true);
          } else if constexpr (std::is_same_v<T, DoubleQuoted>) {
            bool saw_at = false;
            for (const auto& inner : node.parts) {
              if (is_at_list(inner)) saw_at = true;
              part(inner, fb, true);
            }
            if (!saw_at) fb.mark_exists();
          } else if constexpr (std::is_same_v<T, Tilde>) {
            fb.literal(tilde(node.user), true);
          } else if constexpr (std::is_same_v<T, Param>) {
            BracedParam bp;
            bp.name = node.name;
            braced(bp, fb, quoted);
          } else if constexpr (std::is_same_v<T, BracedParam>) {
            braced(node, fb, quoted);
          } else if constexpr (std::is_same_v<T, CommandSub>) {
            result(st_.command_substitution(*node.body), fb, quoted);
          } else if constexpr (std::is_same_v<T, ArithSub>) {
            std::string expr = st_.expand_string(node.expr);
            result(std::to_string(st_.arith(expr)), fb, quoted);
          } else if constexpr (std::is_same_v<T, ProcessSub>) {
            fb.literal(process_sub(node), true);
          }
        },
        p.v);
  }

  // The word of ${x:-word}: unquoted, its literal text is split too.
  void operand(const WordParts& ps, FieldBuilder& fb, bool quoted) {
    if (quoted) {
      parts(ps, fb, true);
      return;
    }
    for (const auto& p : ps) {
      if (auto* lit = std::get_if<Literal>(&p.v)) {
        fb.split(lit->text);
      } else {
        part(p, fb, false);
      }
    }
  }

  static bool is_at_list(const WordPart& p) {
    if (auto* pp = std::get_if<Param>(&p.v)) return pp->name == "@";
    if (auto* bp = std::get_if<BracedParam>(&p.v)) {
      if (bp->length) return false;
      if (bp->name == "@" && bp->op != "!bad") return true;
      if (bp->has_index && bp->index.size() == 1) {
        if (auto* lit = std::get_if<Literal>(&bp->index[0].v)) return lit->text == "@";
      }
      if (bp->op == "!@" || bp->op == "!keys") return true;
    }
    return false;
  }

  void result(const std::string& text, FieldBuilder& fb, bool quoted) {
    if (quoted) {
      fb.literal(text, true);
    } else {
      fb.split(text);
    }
  }

  std::string tilde(const std::string& user) {
    std::string v;
    if (user.empty()) {
      if (st_.get_var("HOME", v)) return v;
      return "/home/user";
    }
    if (user == "+") {
      st_.get_var("PWD", v);
      return v;
    }
    if (user == "-") {
      if (st_.get_var("OLDPWD", v)) return v;
      return "~-";
    }
    if (user == "root") return "/root";
    std::string me;
    if (st_.get_var("USER", me) && me == user) {
      if (st_.get_var("HOME", v)) return v;
    }
    return "~" + user;
  }

  std::string process_sub(const ProcessSub& ps);

  ParamValue lookup(const BracedParam& bp) {
    ParamValue pv;
    const std::string& name = bp.name;
    if (name == "@" || name == "*") {
      pv.set = true;
      pv.list = true;
      pv.star = name == "*";
      pv.items = st_.positional_;
      return pv;
    }
    if (bp.has_index) {
      std::string real = st_.resolve_nameref(name);
      if (real == "PIPESTATUS" || real == "FUNCNAME" || real == "BASH_LINENO" ||
          real == "BASH_SOURCE" || real == "BASH_VERSINFO" || real == "GROUPS") {
        sync_dynamic(real);
      }
      const Variable* v = st_.find_var(real);
      std::string idx_text;
      bool all = false, star = false;
      if (bp.index.size() == 1) {
        if (auto* lit = std::get_if<Literal>(&bp.index[0].v)) {
          if (lit->text == "@" || lit->text == "*") {
            all = true;
            star = lit->text == "*";
          }
        }
      }
      if (all) {
        pv.list = true;
        pv.star = star;
        if (v == nullptr || !v->set) {
          pv.set = v != nullptr && (v->is_array());
          return pv;
        }
        pv.set = true;
        if (v->is_assoc()) {
          for (const auto& k : v->assoc_keys()) {
            auto it = v->assoc.find(k);
            if (it != v->assoc.end()) pv.items.push_back(it->second);
          }
        } else if (v->is_array()) {
          for (const auto& [i, s] : v->indexed) pv.items.push_back(s);
        } else {
          pv.items.push_back(v->value);
        }
        return pv;
      }
      if (v == nullptr) {
        if (!v) {
          // Still evaluate the subscript for side effects / errors.
          if (!bp.index.empty()) (void)st_.arith(st_.expand_string(bp.index));
        }
        return pv;
      }
      if (v->is_assoc()) {
        std::string key = st_.expand_string(bp.index);
        auto it = v->assoc.find(key);
        if (it != v->assoc.end()) {
          pv.set = true;
          pv.items.push_back(it->second);
        }
        return pv;
      }
      int64_t i = st_.arith(st_.expand_string(bp.index));
      if (!v->is_array()) {
        if (i == 0 && v->set) {
          pv.set = true;
          pv.items.push_back(v->value);
        }
        return pv;
      }
      if (i < 0) {
        if (v->indexed.empty()) return pv;
        i += v->indexed.rbegin()->first + 1;
        if (i < 0) {
          st_.error(name + ": bad array subscript");
          return pv;
        }
      }
      auto it = v->indexed.find(i);
      if (it != v->indexed.end()) {
        pv.set = true;
        pv.items.push_back(it->second);
      }
      return pv;
    }
    std::string value;
    if (st_.get_var(name, value)) {
      pv.set = true;
      pv.items.push_back(std::move(value));
    }
    return pv;
  }

  void sync_dynamic(const std::string& name) {
    Variable& v = st_.global_var(name);
    v.attrs |= kAttrIndexed;
    v.indexed.clear();
    v.set = true;
    if (name == "PIPESTATUS") {
      for (size_t i = 0; i < st_.pipestatus_.size(); ++i)
        v.indexed[static_cast<int64_t>(i)] = std::to_string(st_.pipestatus_[i]);
    } else if (name == "FUNCNAME") {
      size_t n = st_.funcname_.size();
      for (size_t i = 0; i < n; ++i) v.indexed[static_cast<int64_t>(i)] = st_.funcname_[n - 1 - i];
      if (n > 0) v.indexed[static_cast<int64_t>(n)] = "main";
      if (n == 0) v.set = false;
    } else if (name == "BASH_SOURCE") {
      size_t n = st_.funcname_.size();
      for (size_t i = 0; i <= n; ++i) v.indexed[static_cast<int64_t>(i)] = st_.arg0_;
    } else if (name == "BASH_LINENO") {
      size_t n = st_.call_lines_.size();
      for (size_t i = 0; i < n; ++i)
        v.indexed[static_cast<int64_t>(i)] = std::to_string(st_.call_lines_[n - 1 - i]);
      v.indexed[static_cast<int64_t>(n)] = "0";
    } else if (name == "BASH_VERSINFO") {
      const char* parts[] = {"5", "2", "15", "1", "release", "x86_64-pc-linux-gnu"};
      for (int i = 0; i < 6; ++i) v.indexed[i] = parts[i];
    } else if (name == "GROUPS") {
      v.indexed[0] = std::to_string(st_.cred_.gid);
    }
  }

  // The text of an indirect target, as bash names it in errors: a[1].
  std::string pv_target_text(const BracedParam& ref) {
    if (!ref.has_index) return ref.name;
    return ref.name + "[" + st_.expand_string(ref.index) + "]";
  }

  [[noreturn]] void bad_subst(const std::string& text) {
    st_.error(text + ": bad substitution");
    throw ShellError(1, false);
  }

  std::string display_name(const BracedParam& bp, bool dollar = true) {
    if (!bp.has_index) {
      if (dollar && std::isdigit(static_cast<unsigned char>(bp.name[0]))) return "$" + bp.name;
      return bp.name;
    }
    return bp.name + "[" + st_.expand_string(bp.index) + "]";
  }

  // ${...} (and $name) into the builder.
  void braced(const BracedParam& bp, FieldBuilder& fb, bool quoted) {
    if (bp.op == "!bad") bad_subst(bp.name);
    if (bp.op == "!*" || bp.op == "!@") {
      std::vector<std::string> names;
      for (const auto& n : st_.var_names()) {
        if (n.compare(0, bp.name.size(), bp.name) == 0) {
          const Variable* v = st_.find_var(n);
          if (v && (v->set || v->is_array())) names.push_back(n);
        }
      }
      emit_list(names, bp.op == "!*", fb, quoted);
      return;
    }
    if (bp.op == "!keys") {
      std::vector<std::string> keys;
      const Variable* v = st_.find_var(st_.resolve_nameref(bp.name));
      if (v != nullptr) {
        if (v->is_assoc()) {
          for (const auto& k : v->assoc_keys()) {
            if (v->assoc.count(k)) keys.push_back(k);
          }
        } else if (v->is_array()) {
          for (const auto& [i, s] : v->indexed) keys.push_back(std::to_string(i));
        } else if (v->set) {
          keys.push_back("0");
        }
      }
      bool star = false;
      if (auto* lit = std::get_if<Literal>(&bp.index[0].v)) star = lit->text == "*";
      emit_list(keys, star, fb, quoted);
      return;
    }
    ParamValue pv;
    BracedParam ref;  // the variable an indirect ${!name...} refers to
    if (bp.indirect) {
      std::string target;
      BracedParam inner;
      inner.name = bp.name;
      inner.has_index = bp.has_index;
      inner.index = bp.index;
      ParamValue tv = lookup(inner);
      const Variable* nv = bp.has_index ? nullptr : st_.find_var(bp.name);
      if (nv != nullptr && (nv->attrs & kAttrNameref)) {
        // ${!ref} of a nameref is the name it points to.
        pv.set = true;
        pv.items.push_back(nv->value);
      } else {
        if (!tv.set || tv.items.empty()) {
          if (st_.opt_.nounset) {
            st_.error(bp.name + ": unbound variable");
            throw ShellError(1, true);
          }
          // bash: an associative array without key 0 refers to nothing.
          const Variable* av = bp.has_index ? nullptr : st_.find_var(bp.name);
          if (!tv.set && av != nullptr && av->is_assoc()) {
            emit(ParamValue{}, fb, quoted);
            return;
          }
          if (!tv.set) {
            st_.error(bp.name + ": invalid indirect expansion");
            throw ShellError(1, false);
          }
        }
        target = tv.scalar();
        size_t br = target.find('[');
        if (br != std::string::npos && target.back() == ']') {
          ref.name = target.substr(0, br);
          ref.has_index = true;
          try {
            ref.index = Lexer::parse_string(target.substr(br + 1, target.size() - br - 2),
                                            Mode::Index, st_.line_);
          } catch (const SyntaxError&) {
            // a[1"]: an unterminated quote in the subscript names nothing.
            st_.error(target + ": invalid variable name");
            throw ShellError(1, false);
          }
        } else {
          ref.name = target;
        }
        if (!is_valid_name(ref.name) && ref.name != "@" && ref.name != "*" && ref.name != "#" &&
            !std::all_of(ref.name.begin(), ref.name.end(), ::isdigit) && ref.name != "?") {
          st_.error(target + ": invalid variable name");
          throw ShellError(1, false);
        }
        pv = lookup(ref);
      }
    } else {
      pv = lookup(bp);
    }

    if (bp.length) {
      if (pv.list) {
        result(std::to_string(pv.items.size()), fb, quoted);
        return;
      }
      if (!pv.set && st_.opt_.nounset) {
        st_.error(display_name(bp) + ": unbound variable");
        throw ShellError(1, true);
      }
      std::string s = pv.items.empty() ? "" : pv.items[0];
      result(std::to_string(utf8_count(s)), fb, quoted);
      return;
    }

    const std::string& op = bp.op;
    bool colon = !op.empty() && op[0] == ':' && op.size() == 2;
    char kind = op.empty() ? 0 : (colon ? op[1] : op[0]);
    if (op == ":") kind = ':';
    if (kind == '-' || kind == '=' || kind == '?' || kind == '+') {
      bool is_null =
          !pv.set ||
          (colon && (pv.list ? (pv.items.empty() || (pv.items.size() == 1 && pv.items[0].empty()))
                             : (pv.items.empty() || pv.items[0].empty())));
      if (pv.list && !colon) is_null = pv.items.empty() && !pv.set;
      if (pv.list && bp.name == "@" && !colon) is_null = pv.items.empty();
      if (kind == '+') {
        if (!is_null)
          operand(bp.arg, fb, quoted);
        else if (quoted)
          fb.mark_exists();
        return;
      }
      if (!is_null) {
        emit(pv, fb, quoted);
        return;
      }
      if (kind == '-') {
        operand(bp.arg, fb, quoted);
        if (quoted) fb.mark_exists();
        return;
      }
      if (kind == '=' && bp.indirect && !ref.name.empty()) {
        // ${!ref:=word} assigns to the variable ref names.
        std::string value = st_.expand_string(bp.arg);
        if (ref.has_index || !is_valid_name(ref.name)) {
          st_.error(pv_target_text(ref) + ": invalid variable name");
          throw ShellError(1, false);
        }
        st_.set_var(ref.name, value);
        result(value, fb, quoted);
        return;
      }
      if (kind == '=') {
        std::string value = st_.expand_string(bp.arg);
        if (!is_valid_name(bp.name)) {
          st_.error("$" + bp.name + ": cannot assign in this way");
          throw ShellError(1, false);
        }
        if (bp.has_index) {
          st_.set_element(bp.name, st_.expand_string(bp.index), value);
        } else {
          st_.set_var(bp.name, value);
        }
        result(value, fb, quoted);
        return;
      }
      // '?'
      std::string msg = st_.expand_string(bp.arg);
      if (msg.empty()) msg = colon || !pv.set ? "parameter null or not set" : "parameter not set";
      if (bp.arg.empty()) msg = colon ? "parameter null or not set" : "parameter not set";
      st_.error(display_name(bp, false) + ": " + msg);
      throw ShellError(1, true);
    }

    if (!pv.set && st_.opt_.nounset && !(pv.list && (bp.name == "@" || bp.name == "*"))) {
      st_.error(display_name(bp) + ": unbound variable");
      throw ShellError(1, true);
    }

    if (op.empty()) {
      emit(pv, fb, quoted);
      return;
    }
    // Operators applied to each item.
    if (kind == ':') {
      substring(bp, pv);
      emit(pv, fb, quoted);
      return;
    }
    if (op == "@") {
      std::string letter = st_.expand_string(bp.arg);
      if (letter.size() != 1 || std::strchr("QEPAKaULuk", letter[0]) == nullptr)
        bad_subst("${" + bp.name + "@" + letter + "}");
      // ${!ref@a} describes the variable ref names, not ref itself.
      transform(bp.indirect && !ref.name.empty() ? ref : bp, pv, letter[0]);
      emit(pv, fb, quoted);
      return;
    }
    std::string pattern = st_.expand_pattern(bp.arg);
    for (auto& s : pv.items) s = apply_op(op, s, pattern, bp);
    emit(pv, fb, quoted);
  }

  std::string apply_op(const std::string& op, const std::string& s, const std::string& pattern,
                       const BracedParam& bp) {
    MatchFlags flags;
    flags.extglob = st_.opt_.extglob;
    flags.nocase = st_.opt_.nocasematch && false;
    if (op == "#" || op == "##") {
      bool longest = op == "##";
      if (!has_glob_chars(pattern)) {
        std::string lit = unescape_pattern(pattern);
        return s.compare(0, lit.size(), lit) == 0 ? s.substr(lit.size()) : s;
      }
      if (longest) {
        for (size_t k = s.size() + 1; k-- > 0;) {
          if (char_boundary(s, k) &&
              pattern_match(pattern, std::string_view(s).substr(0, k), flags))
            return s.substr(k);
        }
      } else {
        for (size_t k = 0; k <= s.size(); ++k) {
          if (char_boundary(s, k) &&
              pattern_match(pattern, std::string_view(s).substr(0, k), flags))
            return s.substr(k);
        }
      }
      return s;
    }
    if (op == "%" || op == "%%") {
      bool longest = op == "%%";
      if (!has_glob_chars(pattern)) {
        std::string lit = unescape_pattern(pattern);
        return s.size() >= lit.size() && s.compare(s.size() - lit.size(), lit.size(), lit) == 0
                   ? s.substr(0, s.size() - lit.size())
                   : s;
      }
      if (longest) {
        for (size_t k = 0; k <= s.size(); ++k) {
          if (char_boundary(s, k) && pattern_match(pattern, std::string_view(s).substr(k), flags))
            return s.substr(0, k);
        }
      } else {
        for (size_t k = s.size() + 1; k-- > 0;) {
          if (char_boundary(s, k) && pattern_match(pattern, std::string_view(s).substr(k), flags))
            return s.substr(0, k);
        }
      }
      return s;
    }
    if (op[0] == '/') {
      std::string repl = bp.has_arg2 ? st_.expand_replacement(bp.arg2) : "";
      return replace(op, s, pattern, repl, flags);
    }
    if (op == "^" || op == "^^" || op == "," || op == ",,") {
      bool upper = op[0] == '^';
      bool all = op.size() == 2;
      return convert_case(s, upper, !all, pattern, flags);
    }
    return s;
  }

  std::string replace(const std::string& op, const std::string& s, const std::string& pattern,
                      const std::string& repl, MatchFlags flags) {
    auto expand_repl = [&](std::string_view matched) {
      std::string out;
      for (size_t i = 0; i < repl.size(); ++i) {
        if (repl[i] == '\\' && i + 1 < repl.size()) {
          out.push_back(repl[++i]);
        } else if (repl[i] == '&') {
          out.append(matched);
        } else {
          out.push_back(repl[i]);
        }
      }
      return out;
    };
    // An empty pattern matches nothing, except that /# and /% anchor an
    // empty match at the start or end: ${x/#/pre} prepends.
    if (pattern.empty() && op != "/#" && op != "/%") return s;
    bool literal = !has_glob_chars(pattern);
    std::string lit = literal ? unescape_pattern(pattern) : "";
    if (op == "/#") {
      for (size_t k = s.size() + 1; k-- > 0;) {
        if (char_boundary(s, k) && pattern_match(pattern, std::string_view(s).substr(0, k), flags))
          return expand_repl(std::string_view(s).substr(0, k)) + s.substr(k);
      }
      return s;
    }
    if (op == "/%") {
      for (size_t k = 0; k <= s.size(); ++k) {
        if (char_boundary(s, k) && pattern_match(pattern, std::string_view(s).substr(k), flags))
          return s.substr(0, k) + expand_repl(std::string_view(s).substr(k));
      }
      return s;
    }
    bool all = op == "//";
    std::string out;
    size_t i = 0;
    bool done = false;
    while (i <= s.size()) {
      if (!done) {
        size_t match_len = std::string::npos;
        if (literal) {
          if (!lit.empty() && s.compare(i, lit.size(), lit) == 0) match_len = lit.size();
        } else {
          for (size_t k = s.size(); k + 1 > i; --k) {
            if (char_boundary(s, k) &&
                pattern_match(pattern, std::string_view(s).substr(i, k - i), flags)) {
              match_len = k - i;
              break;
            }
            if (k == 0) break;
          }
        }
        if (match_len != std::string::npos && (match_len > 0 || !literal)) {
          if (match_len == 0) {
            // An empty match: bash inserts nothing and moves on.
          } else {
            out += expand_repl(std::string_view(s).substr(i, match_len));
            i += match_len;
            if (!all) done = true;
            continue;
          }
        }
      }
      // Copy one whole character, so the next match starts on a boundary.
      size_t next = i + 1;
      while (next < s.size() && !char_boundary(s, next)) ++next;
      if (i < s.size()) out.append(s, i, std::min(next, s.size()) - i);
      i = next;
    }
    return out;
  }

  void substring(const BracedParam& bp, ParamValue& pv) {
    int64_t offset = st_.arith(st_.expand_string(bp.arg));
    bool has_len = bp.has_arg2;
    int64_t len = has_len ? st_.arith(st_.expand_string(bp.arg2)) : 0;
    if (pv.list) {
      std::vector<std::string> items;
      bool positional = bp.name == "@" || bp.name == "*";
      std::vector<std::pair<int64_t, std::string>> indexed;
      if (positional) {
        indexed.emplace_back(0, st_.arg0_);
        for (size_t i = 0; i < pv.items.size(); ++i)
          indexed.emplace_back(static_cast<int64_t>(i + 1), pv.items[i]);
      } else {
        const Variable* v = st_.find_var(st_.resolve_nameref(bp.name));
        if (v && v->is_array() && !v->is_assoc()) {
          for (const auto& [k, s] : v->indexed) indexed.emplace_back(k, s);
        } else if (v && v->is_assoc()) {
          // bash numbers an associative array's values from 1, like $@
          // without $0: ${h[@]:0:2} and ${h[@]:1:2} are the same slice.
          for (size_t i = 0; i < pv.items.size(); ++i)
            indexed.emplace_back(static_cast<int64_t>(i + 1), pv.items[i]);
        } else {
          for (size_t i = 0; i < pv.items.size(); ++i)
            indexed.emplace_back(static_cast<int64_t>(i), pv.items[i]);
        }
      }
      int64_t n = static_cast<int64_t>(indexed.size());
      size_t start = 0;
      if (offset < 0) {
        int64_t top = indexed.empty() ? 0 : indexed.back().first + 1;
        offset += top;
        if (offset < 0) {
          pv.items.clear();
          return;
        }
      }
      while (start < indexed.size() && indexed[start].first < offset) ++start;
      if (has_len && len < 0) {
        st_.error(bp.name + ": " + std::to_string(len) + ": substring expression < 0");
        throw ShellError(1, false);
      }
      for (size_t i = start; i < indexed.size(); ++i) {
        if (has_len && static_cast<int64_t>(items.size()) >= len) break;
        items.push_back(indexed[i].second);
      }
      (void)n;
      pv.items = std::move(items);
      return;
    }
    for (auto& s : pv.items) {
      int64_t count = static_cast<int64_t>(utf8_count(s));
      int64_t off = offset < 0 ? offset + count : offset;
      if (off < 0 || off > count) {
        s.clear();
        continue;
      }
      int64_t end = count;
      if (has_len) {
        end = len < 0 ? count + len : off + len;
        if (len < 0 && end < off) {
          st_.error(std::to_string(len) + ": substring expression < 0");
          throw ShellError(1, false);
        }
        if (end > count) end = count;
      }
      size_t b = utf8_offset(s, static_cast<size_t>(off));
      size_t e = utf8_offset(s, static_cast<size_t>(std::max(end, off)));
      s = s.substr(b, e - b);
    }
  }

  // "value" as bash's @K prints array values: double quotes, with \ before
  // " $ ` and \.
  static std::string double_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '$' || c == '`' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }

  // ${a[@]@K} / ${a[@]@k}: keys beside values. K makes one word of
  // `key "value"` pairs (an associative array's ends with a space, like
  // bash's); k makes the keys and values separate words.
  bool key_value_transform(const BracedParam& bp, ParamValue& pv, char letter, const Variable* v) {
    if (v == nullptr || !v->is_array() || !pv.list || !bp.has_index) return false;
    std::vector<std::string> words;
    if (v->is_assoc()) {
      for (const auto& k : v->assoc_keys()) {
        auto it = v->assoc.find(k);
        if (it == v->assoc.end()) continue;
        bool plain =
            !k.empty() && k.find_first_of(" \t\n\"'\\$`|&;()<>*?[]#~=%{}!") == std::string::npos;
        words.push_back(letter == 'k' || plain ? k : double_quote(k));
        words.push_back(letter == 'k' ? it->second : double_quote(it->second));
      }
    } else {
      for (const auto& [i, value] : v->indexed) {
        words.push_back(std::to_string(i));
        words.push_back(letter == 'k' ? value : double_quote(value));
      }
    }
    if (letter == 'k') {
      pv.items = std::move(words);
      return true;
    }
    std::string joined;
    for (const auto& w : words) {
      if (!joined.empty()) joined += ' ';
      joined += w;
    }
    if (v->is_assoc() && !joined.empty()) joined += ' ';
    pv.items.assign(1, joined);
    pv.list = false;
    return true;
  }

  void transform(const BracedParam& bp, ParamValue& pv, char letter) {
    const Variable* v = st_.find_var(st_.resolve_nameref(bp.name));
    if ((letter == 'K' || letter == 'k') && key_value_transform(bp, pv, letter, v)) return;
    for (auto& s : pv.items) {
      switch (letter) {
        case 'Q':
          s = quote_for_reuse(s, true);
          break;
        case 'E':
          s = decode_escapes(s, EscapeStyle::DollarSingle);
          break;
        case 'P':
          break;
        case 'U':
          s = convert_case(s, true, false);
          break;
        case 'L':
          s = convert_case(s, false, false);
          break;
        case 'u':
          s = convert_case(s, true, true);
          break;
        case 'a':
          s = attr_letters(v);
          break;
        case 'A':
          s = v == nullptr
                  ? ""
                  : (attr_letters(v).empty() ? bp.name + "=" + quote_for_reuse(s, true)
                                             : "declare -" + attr_letters(v) + " " + bp.name + "=" +
                                                   quote_for_reuse(s, true));
          break;
        case 'K':
        case 'k':
          s = quote_for_reuse(s, true);
          break;
      }
    }
    if (letter == 'a' && pv.items.empty() && v != nullptr) pv.items.push_back(attr_letters(v));
  }

  static std::string attr_letters(const Variable* v) {
    if (v == nullptr) return "";
    std::string s;
    if (v->attrs & kAttrIndexed) s += 'a';
    if (v->attrs & kAttrAssoc) s += 'A';
    if (v->attrs & kAttrInteger) s += 'i';
    if (v->attrs & kAttrLower) s += 'l';
    if (v->attrs & kAttrNameref) s += 'n';
    if (v->attrs & kAttrReadonly) s += 'r';
    if (v->attrs & kAttrUpper) s += 'u';
    if (v->attrs & kAttrExport) s += 'x';
    return s;
  }

  void emit_list(const std::vector<std::string>& items, bool star, FieldBuilder& fb, bool quoted) {
    ParamValue pv;
    pv.set = true;
    pv.list = true;
    pv.star = star;
    pv.items = items;
    emit(pv, fb, quoted);
  }

  void emit(const ParamValue& pv, FieldBuilder& fb, bool quoted) {
    if (!pv.list) {
      if (!pv.items.empty()) result(pv.items[0], fb, quoted);
      return;
    }
    if (quoted && pv.star) {
      bool set;
      std::string ifs = ifs_value(set);
      std::string sep = !set ? " " : ifs.substr(0, 1);
      std::string joined;
      for (size_t i = 0; i < pv.items.size(); ++i) {
        if (i) joined += sep;
        joined += pv.items[i];
      }
      fb.literal(joined, true);
      return;
    }
    for (size_t i = 0; i < pv.items.size(); ++i) {
      if (i > 0) {
        if (quoted) {
          fb.force_break();
        } else if (fb.ifs().empty()) {
          // No IFS: nothing splits, but the elements stay separate words.
          fb.finish();
        } else {
          fb.split(std::string(1, fb.ifs()[0]));
        }
      }
      if (quoted) {
        fb.literal(pv.items[i], true);
      } else {
        fb.split(pv.items[i]);
      }
    }
  }

 private:
  ShellState& st_;
};

std::string Expander::process_sub(const ProcessSub& ps) {
  return st_.process_substitution(ps);
}

// ---------------------------------------------------------------------------
// ShellState entry points

namespace {
// `name=...` / `name[i]=...` (not `name=(...)`, which declare re-parses).
bool looks_like_assignment(const Word& w) {
  if (w.parts.empty()) return false;
  const auto* lit = std::get_if<Literal>(&w.parts[0].v);
  if (lit == nullptr) return false;
  const std::string& t = lit->text;
  size_t i = 0;
  if (i >= t.size() || !(std::isalpha(static_cast<unsigned char>(t[i])) || t[i] == '_'))
    return false;
  while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '_')) ++i;
  if (i < t.size() && t[i] == '[') {
    size_t close = t.find(']', i);
    if (close == std::string::npos) return false;
    i = close + 1;
  }
  if (i < t.size() && t[i] == '+') ++i;
  if (i >= t.size() || t[i] != '=') return false;
  return !(i + 1 < t.size() && t[i + 1] == '(');
}

bool is_declaration_builtin(const Word& w) {
  if (w.parts.size() != 1) return false;
  const auto* lit = std::get_if<Literal>(&w.parts[0].v);
  if (lit == nullptr) return false;
  const std::string& t = lit->text;
  return t == "declare" || t == "typeset" || t == "local" || t == "export" || t == "readonly";
}
}  // namespace

std::vector<std::string> ShellState::expand_words(const std::vector<Word>& words) {
  std::vector<std::string> out;
  bool ifs_set;
  Expander ex(*this);
  std::string ifs = ex.ifs_value(ifs_set);
  // bash expands the assignment arguments of declaration builtins like
  // assignments: no word splitting, no globbing (`local v=$1` keeps spaces).
  const bool declaration = !words.empty() && is_declaration_builtin(words[0]);
  for (const Word& w : words) {
    const bool assignment_arg = declaration && &w != &words[0] && looks_like_assignment(w);
    // Fast path: one plain literal.
    if (w.parts.size() == 1) {
      if (auto* lit = std::get_if<Literal>(&w.parts[0].v)) {
        const std::string& t = lit->text;
        if (t.find_first_of("*?[{") == std::string::npos) {
          out.push_back(t);
          continue;
        }
      }
    }
    std::vector<Word> braced;
    std::vector<std::unique_ptr<WordPart>> storage;
    // `declare -a a=({1..3})`: the builtin re-parses the (...) list, whose
    // items get brace expansion there, not the argument word as a whole.
    if (may_have_braces(w) && !(declaration && &w != &words[0] && is_compound_assignment_arg(w))) {
      try {
        braced = brace_expand(w, storage);
      } catch (const BraceOverflow&) {
        error("brace expansion: more than " + std::to_string(kMaxBraceWords) + " words");
        throw ShellError(1, false);
      }
    }
    const std::vector<Word>* list = braced.empty() ? nullptr : &braced;
    size_t count = list ? list->size() : 1;
    for (size_t wi = 0; wi < count; ++wi) {
      const Word& word = list ? (*list)[wi] : w;
      FieldBuilder fb(assignment_arg ? std::string() : ifs, assignment_arg || ifs_set);
      ex.parts(word.parts, fb, false);
      for (auto& f : fb.take()) {
        if (!assignment_arg && f.glob && !opt_.noglob && has_glob_chars(f.pat, opt_.extglob)) {
          auto matches = glob(f.pat);
          if (!matches.empty()) {
            for (auto& m : matches) out.push_back(std::move(m));
            continue;
          }
          if (opt_.failglob) {
            error("no match: " + f.text);
            // An expansion error: under set -e it ends the shell like bash.
            throw ShellError(1, opt_.errexit && !errexit_suppressed_);
          }
          if (opt_.nullglob) continue;
        }
        out.push_back(std::move(f.text));
      }
    }
  }
  return out;
}

std::string ShellState::expand_string(const WordParts& parts) {
  if (parts.size() == 1) {
    if (auto* lit = std::get_if<Literal>(&parts[0].v)) return lit->text;
  }
  Expander ex(*this);
  FieldBuilder fb("", true);
  // Everything is treated as quoted: no splitting, no globbing.
  for (const auto& p : parts) {
    if (auto* lit = std::get_if<Literal>(&p.v)) {
      fb.literal(lit->text, true);
    } else {
      ex.part(p, fb, true);
    }
  }
  auto fields = fb.take();
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ' ';
    out += fields[i].text;
  }
  return out;
}

std::string ShellState::expand_word_single(const Word& w) {
  return expand_string(w.parts);
}

std::string ShellState::expand_pattern(const WordParts& parts) {
  Expander ex(*this);
  std::string out;
  for (const auto& p : parts) {
    if (auto* lit = std::get_if<Literal>(&p.v)) {
      out += lit->text;
      continue;
    }
    if (auto* dq = std::get_if<DoubleQuoted>(&p.v)) {
      append_escaped(out, expand_string(dq->parts));
      continue;
    }
    if (std::holds_alternative<SingleQuoted>(p.v) || std::holds_alternative<Escaped>(p.v) ||
        std::holds_alternative<DollarSingle>(p.v)) {
      FieldBuilder fb("", true);
      ex.part(p, fb, true);
      for (auto& f : fb.take()) append_escaped(out, f.text);
      continue;
    }
    // Unquoted expansions keep their pattern characters.
    FieldBuilder fb("", true);
    ex.part(p, fb, true);
    auto fields = fb.take();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ' ';
      out += fields[i].text;
    }
  }
  return out;
}

std::string ShellState::expand_replacement(const WordParts& parts) {
  // Like a pattern, but only '\' and '&' keep their quoting.
  Expander ex(*this);
  std::string out;
  auto quoted = [&](std::string_view text) {
    for (char c : text) {
      if (c == '\\' || c == '&') out.push_back('\\');
      out.push_back(c);
    }
  };
  for (const auto& p : parts) {
    if (auto* lit = std::get_if<Literal>(&p.v)) {
      out += lit->text;
      continue;
    }
    if (auto* dq = std::get_if<DoubleQuoted>(&p.v)) {
      quoted(expand_string(dq->parts));
      continue;
    }
    FieldBuilder fb("", true);
    ex.part(p, fb, true);
    std::string text;
    auto fields = fb.take();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) text += ' ';
      text += fields[i].text;
    }
    if (std::holds_alternative<Escaped>(p.v) || std::holds_alternative<SingleQuoted>(p.v) ||
        std::holds_alternative<DollarSingle>(p.v)) {
      quoted(text);
    } else {
      quoted(text);
    }
  }
  return out;
}

std::string ShellState::expand_heredoc(const HereDocBody& doc) {
  return expand_string(doc.body);
}

// ---------------------------------------------------------------------------
// Pathname expansion through the Vfs.

namespace {

std::vector<std::string> split_pattern_path(const std::string& pat) {
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] == '\\' && i + 1 < pat.size()) {
      cur.push_back(pat[i]);
      cur.push_back(pat[++i]);
      continue;
    }
    if (pat[i] == '/') {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    cur.push_back(pat[i]);
  }
  parts.push_back(cur);
  return parts;
}

}  // namespace

namespace {

// Removes the names GLOBIGNORE's patterns match, and "." and ".." (bash
// never lets them match while GLOBIGNORE is set).
void drop_glob_ignored(std::vector<std::string>& names, const std::string& ignore,
                       MatchFlags flags) {
  flags.period = false;
  std::vector<std::string> patterns;
  size_t start = 0;
  while (start <= ignore.size()) {
    size_t colon = ignore.find(':', start);
    if (colon == std::string::npos) colon = ignore.size();
    if (colon > start) patterns.push_back(ignore.substr(start, colon - start));
    start = colon + 1;
  }
  auto ignored = [&](const std::string& name) {
    size_t slash = name.find_last_of('/');
    std::string_view base = slash == std::string::npos ? std::string_view(name)
                                                       : std::string_view(name).substr(slash + 1);
    if (base == "." || base == "..") return true;
    for (const auto& p : patterns) {
      if (pattern_match(p, name, flags)) return true;
    }
    return false;
  };
  names.erase(std::remove_if(names.begin(), names.end(), ignored), names.end());
}

}  // namespace

std::vector<std::string> ShellState::glob(const std::string& pattern) {
  auto view = fs_view();
  // GLOBIGNORE: its colon-separated patterns drop matching names, and while
  // it is set, names starting with a dot match as with dotglob.
  std::string ignore;
  get_var("GLOBIGNORE", ignore);
  const bool dotglob = opt_.dotglob || !ignore.empty();
  std::vector<std::string> comps = split_pattern_path(pattern);
  bool absolute = !pattern.empty() && pattern[0] == '/';
  // Each candidate: the path text as it will be printed.
  std::vector<std::string> current{absolute ? "/" : ""};
  size_t start = absolute ? 1 : 0;
  MatchFlags flags;
  flags.extglob = opt_.extglob;
  flags.nocase = opt_.nocaseglob;
  flags.period = !dotglob;
  size_t budget_entries = 0;
  for (size_t ci = start; ci < comps.size(); ++ci) {
    const std::string& comp = comps[ci];
    bool last = ci + 1 == comps.size();
    std::vector<std::string> next;
    if (comp.empty()) {
      // Trailing slash or "//": keep directories only.
      for (auto& c : current) {
        if (last) {
          auto st = view.stat(c.empty() ? "." : c);
          if (st && st->is_dir()) next.push_back(c + (c.empty() || c.back() != '/' ? "/" : ""));
        } else {
          next.push_back(c);
        }
      }
      current = std::move(next);
      continue;
    }
    if (!has_glob_chars(comp, opt_.extglob)) {
      std::string lit = unescape_pattern(comp);
      for (auto& c : current) {
        std::string path = c.empty() ? lit : (c.back() == '/' ? c + lit : c + "/" + lit);
        if (last) {
          if (view.lstat(path)) next.push_back(path);
        } else {
          next.push_back(path);
        }
      }
      current = std::move(next);
      continue;
    }
    bool globstar = opt_.globstar && comp == "**";
    for (auto& c : current) {
      std::string dir = c.empty() ? "." : c;
      if (globstar) {
        // Zero or more directories.
        std::vector<std::string> stack{c};
        while (!stack.empty()) {
          std::string d = stack.back();
          stack.pop_back();
          bool start_dir = d == c;
          next.push_back(start_dir && last && !d.empty() && d.back() != '/' ? d + "/" : d);
          auto entries = view.readdir(d.empty() ? "." : d);
          if (!entries) continue;
          for (auto& e : *entries) {
            if (++budget_entries > 1'000'000) break;
            if (e.name[0] == '.' && !dotglob) continue;
            std::string p = d.empty() ? e.name : (d.back() == '/' ? d + e.name : d + "/" + e.name);
            auto st = view.stat(p);
            if (st && st->is_dir()) {
              stack.push_back(p);
            } else if (last) {
              next.push_back(p);
            }
          }
        }
        continue;
      }
      auto entries = view.readdir(dir);
      if (!entries) continue;
      for (auto& e : *entries) {
        if (++budget_entries > 1'000'000) break;
        if (!pattern_match(comp, e.name, flags)) continue;
        std::string p = c.empty() ? e.name : (c.back() == '/' ? c + e.name : c + "/" + e.name);
        if (!last) {
          auto st = view.stat(p);
          if (!st || !st->is_dir()) continue;
        }
        next.push_back(p);
      }
      if (budget_ != nullptr) budget_->check();
    }
    if (globstar) {
      // "**" as the last component lists directories as "dir/" like bash does not; keep names.
      std::vector<std::string> cleaned;
      for (auto& p : next) {
        if (!p.empty()) cleaned.push_back(p);
      }
      next = std::move(cleaned);
    }
    current = std::move(next);
  }
  if (current.size() == 1 && current[0] == (absolute ? "/" : "")) return {};
  std::sort(current.begin(), current.end());
  current.erase(std::unique(current.begin(), current.end()), current.end());
  if (!ignore.empty()) drop_glob_ignored(current, ignore, flags);
  return current;
}

}  // namespace kefka::shell

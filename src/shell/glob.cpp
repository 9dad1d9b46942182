#include "shell/glob.h"

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

namespace kefka::shell {

namespace {

size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 6) return 2;
  if ((c >> 4) == 14) return 3;
  if ((c >> 3) == 30) return 4;
  return 1;
}

// Index just past the ')' matching the '(' at `open`, or npos.
size_t match_paren(std::string_view p, size_t open) {
  int depth = 0;
  for (size_t i = open; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] == '(') ++depth;
    if (p[i] == ')' && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

std::vector<std::string_view> split_alternatives(std::string_view body) {
  std::vector<std::string_view> alts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\') {
      ++i;
      continue;
    }
    if (body[i] == '(') ++depth;
    if (body[i] == ')') --depth;
    if (body[i] == '|' && depth == 0) {
      alts.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  alts.push_back(body.substr(start));
  return alts;
}

bool class_match(std::string_view name, unsigned char c) {
  if (name == "alpha") return std::isalpha(c);
  if (name == "digit") return std::isdigit(c);
  if (name == "alnum") return std::isalnum(c);
  if (name == "upper") return std::isupper(c);
  if (name == "lower") return std::islower(c);
  if (name == "space") return std::isspace(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "punct") return std::ispunct(c);
  if (name == "print") return std::isprint(c);
  if (name == "graph") return std::isgraph(c);
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "xdigit") return std::isxdigit(c);
  if (name == "word") return std::isalnum(c) || c == '_';
  return false;
}

// Matches a bracket expression at p[pi] ('['); sets `end` past it. Returns
// -1 when the bracket is not a valid expression (then '[' is literal).
int bracket_match(std::string_view p, size_t pi, std::string_view t, size_t ti, size_t& end,
                  size_t& consumed, bool nocase) {
  size_t i = pi + 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  // Decode the text character (one UTF-8 sequence).
  uint32_t tc = static_cast<unsigned char>(t[ti]);
  size_t tlen = utf8_len(static_cast<unsigned char>(t[ti]));
  if (tlen > t.size() - ti) tlen = 1;
  std::string_view tchar = t.substr(ti, tlen);
  bool matched = false;
  bool first = true;
  while (i < p.size()) {
    char c = p[i];
    if (c == ']' && !first) {
      end = i + 1;
      consumed = tlen;
      return matched != negate ? 1 : 0;
    }
    first = false;
    if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      size_t close = p.find(":]", i + 2);
      if (close != std::string_view::npos) {
        if (tlen == 1 &&
            class_match(p.substr(i + 2, close - i - 2), static_cast<unsigned char>(tc)))
          matched = true;
        i = close + 2;
        continue;
      }
    }
    // One (possibly escaped, possibly multibyte) character, maybe a range start.
    auto read_char = [&](size_t& k) -> std::string_view {
      if (p[k] == '\\' && k + 1 < p.size()) ++k;
      size_t len = utf8_len(static_cast<unsigned char>(p[k]));
      if (len > p.size() - k) len = 1;
      std::string_view ch = p.substr(k, len);
      k += len;
      return ch;
    };
    std::string_view lo = read_char(i);
    if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      ++i;
      std::string_view hi = read_char(i);
      // Compare as code point sequences (bytes compare equal for UTF-8 order).
      if (tchar >= lo && tchar <= hi) matched = true;
      if (nocase && tlen == 1) {
        char l = static_cast<char>(std::tolower(static_cast<unsigned char>(tc)));
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(tc)));
        std::string_view ls(&l, 1), us(&u, 1);
        if ((ls >= lo && ls <= hi) || (us >= lo && us <= hi)) matched = true;
      }
    } else {
      if (lo == tchar) matched = true;
      if (nocase && tlen == 1 && lo.size() == 1 &&
          std::tolower(static_cast<unsigned char>(lo[0])) ==
              std::tolower(static_cast<unsigned char>(tc)))
        matched = true;
    }
  }
  return -1;
}

// Matches one non-star pattern element at p[pi] against t[ti]: sets the
// lengths consumed. False when it does not match.
bool match_one(std::string_view p, size_t pi, std::string_view t, size_t ti, bool nocase,
               size_t& plen, size_t& tlen) {
  if (ti >= t.size()) return false;
  char c = p[pi];
  if (c == '?') {
    plen = 1;
    tlen = std::min(utf8_len(static_cast<unsigned char>(t[ti])), t.size() - ti);
    return true;
  }
  if (c == '[') {
    size_t end = 0, consumed = 0;
    int r = bracket_match(p, pi, t, ti, end, consumed, nocase);
    if (r >= 0) {
      plen = end - pi;
      tlen = consumed;
      return r == 1;
    }
  }
  plen = 1;
  if (c == '\\' && pi + 1 < p.size()) {
    c = p[pi + 1];
    plen = 2;
  }
  tlen = 1;
  return t[ti] == c || (nocase && std::tolower(static_cast<unsigned char>(t[ti])) ==
                                      std::tolower(static_cast<unsigned char>(c)));
}

// Patterns without extglob: iterative matching that backtracks only to the
// last '*' (linear in practice, no exponential blow-up on "*a*a*a*b").
bool simple_match(std::string_view p, std::string_view t, bool nocase) {
  size_t pi = 0, ti = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = ++pi;
      star_t = ti;
      continue;
    }
    size_t plen = 0, tlen = 0;
    if (pi < p.size() && match_one(p, pi, t, ti, nocase, plen, tlen)) {
      pi += plen;
      ti += tlen;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    star_t += std::min(utf8_len(static_cast<unsigned char>(t[star_t])), t.size() - star_t);
    ti = star_t;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool has_extglob(std::string_view p) {
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (std::strchr("?*+@!", p[i]) != nullptr && p[i + 1] == '(') return true;
  }
  return false;
}

class Matcher {
 public:
  Matcher(MatchFlags f) : f_(f) {}

  bool match(std::string_view p, size_t pi, std::string_view t, size_t ti) {
    if (++steps_ > 50'000'000) return false;
    while (pi < p.size()) {
      char c = p[pi];
      if (f_.extglob && std::strchr("?*+@!", c) != nullptr && pi + 1 < p.size() &&
          p[pi + 1] == '(') {
        size_t close = match_paren(p, pi + 1);
        if (close != std::string_view::npos) return extglob(p, pi, close, t, ti);
      }
      switch (c) {
        case '*': {
          while (pi < p.size() && p[pi] == '*' &&
                 !(f_.extglob && pi + 1 < p.size() && p[pi + 1] == '(')) {
            ++pi;
          }
          if (pi == p.size()) return true;
          for (size_t k = ti; k <= t.size(); ++k) {
            if (match(p, pi, t, k)) return true;
          }
          return false;
        }
        case '?': {
          if (ti >= t.size()) return false;
          size_t len = utf8_len(static_cast<unsigned char>(t[ti]));
          ti += std::min(len, t.size() - ti);
          ++pi;
          continue;
        }
        case '[': {
          if (ti >= t.size()) return false;
          size_t end = 0, consumed = 0;
          int r = bracket_match(p, pi, t, ti, end, consumed, f_.nocase);
          if (r < 0) break;  // literal '['
          if (r == 0) return false;
          pi = end;
          ti += consumed;
          continue;
        }
        case '\\':
          if (pi + 1 < p.size()) {
            ++pi;
            c = p[pi];
          }
          break;
        default:
          break;
      }
      if (ti >= t.size()) return false;
      if (t[ti] != c && !(f_.nocase && std::tolower(static_cast<unsigned char>(t[ti])) ==
                                           std::tolower(static_cast<unsigned char>(c)))) {
        return false;
      }
      ++pi;
      ++ti;
    }
    return ti == t.size();
  }

 private:
  bool whole(std::string_view alt, std::string_view sub) { return match(alt, 0, sub, 0); }

  bool any_alt(const std::vector<std::string_view>& alts, std::string_view sub) {
    for (auto a : alts) {
      if (whole(a, sub)) return true;
    }
    return false;
  }

  bool extglob(std::string_view p, size_t pi, size_t close, std::string_view t, size_t ti) {
    char op = p[pi];
    auto alts = split_alternatives(p.substr(pi + 2, close - pi - 3));
    std::string_view rest_p = p;
    size_t rest = close;
    switch (op) {
      case '@':
      case '?':
        if (op == '?' && match(rest_p, rest, t, ti)) return true;
        for (size_t k = ti; k <= t.size(); ++k) {
          if (any_alt(alts, t.substr(ti, k - ti)) && match(rest_p, rest, t, k)) return true;
        }
        return false;
      case '*':
      case '+': {
        // Positions reachable after one or more repetitions.
        std::vector<bool> reach(t.size() + 1, false);
        reach[ti] = true;
        std::vector<bool> after_one(t.size() + 1, false);
        for (size_t s = ti; s <= t.size(); ++s) {
          if (!reach[s] && !(s == ti)) continue;
          if (!reach[s]) continue;
          for (size_t k = s + 1; k <= t.size(); ++k) {
            if (!reach[k] && any_alt(alts, t.substr(s, k - s))) {
              reach[k] = true;
              after_one[k] = true;
            } else if (reach[k] && !after_one[k] && any_alt(alts, t.substr(s, k - s))) {
              after_one[k] = true;
            }
          }
        }
        for (size_t k = ti; k <= t.size(); ++k) {
          bool ok = op == '*' ? reach[k] : after_one[k];
          if (ok && match(rest_p, rest, t, k)) return true;
        }
        return false;
      }
      case '!':
        for (size_t k = ti; k <= t.size(); ++k) {
          if (!any_alt(alts, t.substr(ti, k - ti)) && match(rest_p, rest, t, k)) return true;
        }
        return false;
    }
    return false;
  }

  MatchFlags f_;
  uint64_t steps_ = 0;
};

}  // namespace

bool pattern_match(std::string_view pattern, std::string_view text, MatchFlags flags) {
  if (flags.period && !text.empty() && text[0] == '.') {
    if (pattern.empty() ||
        (pattern[0] != '.' && !(pattern.size() > 1 && pattern[0] == '\\' && pattern[1] == '.'))) {
      return false;
    }
  }
  if (!flags.extglob || !has_extglob(pattern)) return simple_match(pattern, text, flags.nocase);
  Matcher m(flags);
  return m.match(pattern, 0, text, 0);
}

bool has_glob_chars(std::string_view p, bool extglob) {
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '*' || c == '?' || c == '[') return true;
    if (extglob && (c == '+' || c == '@' || c == '!') && i + 1 < p.size() && p[i + 1] == '(')
      return true;
  }
  return false;
}

std::string unescape_pattern(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) ++i;
    out.push_back(p[i]);
  }
  return out;
}

}  // namespace kefka::shell

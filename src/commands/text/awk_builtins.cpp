// awk's built-in functions and its printf formatting (C's printf semantics).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>

#include "commands/files/file_util.h"
#include "commands/text/awk_interp.h"

namespace kefka::cmd::awk {

namespace {

// Number of characters (UTF-8 aware when the locale is).
size_t char_count(std::string_view s, bool utf8) {
  if (!utf8) return s.size();
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += utf8_char_length(s, i)) ++n;
  return n;
}

// Byte offset of character index `chars` (0-based).
size_t byte_offset(std::string_view s, size_t chars, bool utf8) {
  if (!utf8) return std::min(chars, s.size());
  size_t i = 0;
  while (chars > 0 && i < s.size()) {
    i += utf8_char_length(s, i);
    --chars;
  }
  return i;
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

// Runs snprintf with one argument into out.
template <typename T>
void append_formatted(std::string& out, const std::string& spec, T value) {
  char buf[256];
  int n = std::snprintf(buf, sizeof buf, spec.c_str(), value);
  if (n < 0) return;
  if (static_cast<size_t>(n) < sizeof buf) {
    out.append(buf, n);
    return;
  }
  std::string big(n + 1, '\0');
  std::snprintf(big.data(), big.size(), spec.c_str(), value);
  out.append(big.data(), n);
}

}  // namespace

// ---------------------------------------------------------------------------
// printf

std::string Interpreter::format(const std::string& fmt, std::vector<Value>& args) {
  std::string out;
  size_t argi = 0;
  size_t spec_start = 0;
  auto next_arg = [&]() -> Value& {
    if (argi >= args.size()) {
      fatal("not enough arguments to satisfy format string\n\t`" + fmt + "'\n\t" +
            std::string(spec_start + 1, ' ') + "^ ran out for this one");
    }
    return args[argi++];
  };
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c != '%') {
      out += c;
      continue;
    }
    size_t start = i++;
    spec_start = start;
    if (i < fmt.size() && fmt[i] == '%') {
      out += '%';
      continue;
    }
    std::string flags;
    while (i < fmt.size() && std::strchr("-+ #0'", fmt[i]) != nullptr) flags += fmt[i++];
    long width = -1, precision = -1;
    bool has_width = false, has_prec = false;
    if (i < fmt.size() && fmt[i] == '*') {
      ++i;
      width = static_cast<long>(next_arg().to_num());
      if (width < 0) {
        flags += '-';
        width = -width;
      }
      has_width = true;
    } else {
      while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
        width = (has_width ? width : 0) * 10 + (fmt[i++] - '0');
        has_width = true;
        if (width > 100000) width = 100000;
      }
    }
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      has_prec = true;
      precision = 0;
      if (i < fmt.size() && fmt[i] == '*') {
        ++i;
        precision = static_cast<long>(next_arg().to_num());
        if (precision < 0) has_prec = false;
      } else {
        while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
          precision = precision * 10 + (fmt[i++] - '0');
          if (precision > 100000) precision = 100000;
        }
      }
    }
    // Length modifiers are accepted and ignored.
    while (i < fmt.size() && std::strchr("hlLqjzt", fmt[i]) != nullptr) ++i;
    if (i >= fmt.size()) {
      out.append(fmt, start, std::string::npos);
      break;
    }
    char conv = fmt[i];
    std::string spec = "%" + flags;
    if (has_width) spec += std::to_string(width);
    if (has_prec) spec += "." + std::to_string(precision);
    switch (conv) {
      case 'd':
      case 'i': {
        Value& v = next_arg();
        double d = v.to_num();
        if (std::isnan(d) || std::isinf(d)) {
          std::string s =
              std::isnan(d) ? (std::signbit(d) ? "-nan" : "+nan") : (d < 0 ? "-inf" : "+inf");
          append_formatted(out, "%" + flags + (has_width ? std::to_string(width) : "") + "s",
                           s.c_str());
          break;
        }
        d = std::trunc(d);
        if (std::fabs(d) < 9.2e18) {
          append_formatted(out, spec + "lld", static_cast<long long>(d));
        } else {
          std::string digits;
          char buf[400];
          std::snprintf(buf, sizeof buf, "%.0f", d);
          digits = buf;
          std::string s = "%" + flags;
          if (has_width) s += std::to_string(width);
          append_formatted(out, s + "s", digits.c_str());
        }
        break;
      }
      case 'o':
      case 'x':
      case 'X':
      case 'u': {
        double d = std::trunc(next_arg().to_num());
        unsigned long long u;
        if (d < 0) {
          u = static_cast<unsigned long long>(static_cast<long long>(d));
        } else if (d >= 1.8e19) {
          u = ~0ULL;
        } else {
          u = static_cast<unsigned long long>(d);
        }
        append_formatted(out, spec + "ll" + conv, u);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        append_formatted(out, spec + conv, next_arg().to_num());
        break;
      case 'c': {
        Value& v = next_arg();
        std::string ch;
        if (v.type == ValueType::kNumber || v.type == ValueType::kUninit || v.null_field ||
            (v.type == ValueType::kMaybeNum && v.is_numeric())) {
          double d = v.to_num();
          uint32_t cp =
              std::isnan(d) || std::isinf(d) ? 0 : static_cast<uint32_t>(static_cast<int64_t>(d));
          if (utf8_ && d >= 0x80 && cp < 0x110000) {
            append_utf8(cp, ch);
          } else {
            ch += static_cast<char>(cp & 0xFF);
          }
        } else {
          std::string s = to_str(v);
          if (!s.empty()) ch = s.substr(0, utf8_ ? utf8_char_length(s, 0) : 1);
        }
        std::string s2 = "%" + flags;
        if (has_width) s2 += std::to_string(width);
        // %c of NUL must still print the byte: pad manually.
        size_t pad = has_width && static_cast<size_t>(width) > ch.size() ? width - ch.size() : 0;
        if (flags.find('-') != std::string::npos) {
          out += ch;
          out.append(pad, ' ');
        } else {
          out.append(pad, ' ');
          out += ch;
        }
        break;
      }
      case 's': {
        Value& v = next_arg();
        std::string s = v.type == ValueType::kNumber ? to_output_str(v) : to_str(v);
        if (has_prec) s = s.substr(0, byte_offset(s, precision, utf8_));
        size_t len = char_count(s, utf8_);
        size_t pad = has_width && static_cast<size_t>(width) > len ? width - len : 0;
        if (flags.find('-') != std::string::npos) {
          out += s;
          out.append(pad, ' ');
        } else {
          out.append(pad, ' ');
          out += s;
        }
        break;
      }
      default:
        // Unknown conversions are copied literally, as gawk does.
        out.append(fmt, start, i - start + 1);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Builtins

namespace {

// Replacement text for sub/gsub: & is the match, \& a literal &, \\& a
// backslash followed by the match.
void expand_sub_replacement(std::string_view repl, std::string_view matched, std::string& out) {
  for (size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\' && i + 2 < repl.size() + 0 && repl[i + 1] == '\\' && repl[i + 2] == '&') {
      out += '\\';
      out += matched;
      i += 2;
    } else if (c == '\\' && i + 1 < repl.size() && repl[i + 1] == '&') {
      out += '&';
      ++i;
    } else if (c == '&') {
      out += matched;
    } else {
      out += c;
    }
  }
}

void expand_gensub_replacement(std::string_view repl, std::string_view text,
                               const MatchSpan* groups, int ngroups, std::string& out) {
  for (size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\' && i + 1 < repl.size()) {
      char d = repl[i + 1];
      if (d >= '0' && d <= '9') {
        int g = d - '0';
        if (g < ngroups && groups[g].matched())
          out += text.substr(groups[g].begin, groups[g].size());
        ++i;
        continue;
      }
      if (d == '&') {
        out += '&';
        ++i;
        continue;
      }
      if (d == '\\') {
        out += '\\';
        ++i;
        continue;
      }
      out += c;
      continue;
    }
    if (c == '&') {
      out += text.substr(groups[0].begin, groups[0].size());
      continue;
    }
    out += c;
  }
}

// Compares asort values: numbers before strings, numbers by value, strings bytewise.
struct SortItem {
  Value v;
  bool numeric;
  double num;
  std::string str;
};

}  // namespace

namespace {

// mktime's local time to UTC: DST from the zone like tm_isdst = -1, or, when
// the caller says (dst 0 or positive) and the zone disagrees, with the offset
// the zone uses for that kind of time within six months, as glibc does.
int64_t local_to_utc(const TimeZone& zone, int64_t local, long long dst) {
  int64_t utc = zone.to_utc(local);
  if (dst < 0 || zone.at(utc).dst == (dst > 0)) return utc;
  constexpr int64_t kMonth = 30 * 86400;
  for (int64_t step = 1; step <= 6; ++step) {
    for (int64_t probe : {utc - step * kMonth, utc + step * kMonth}) {
      TimeZone::Offset o = zone.at(probe);
      if (o.dst == (dst > 0)) return local - o.utoff;
    }
  }
  // A zone without DST: glibc takes DST to be an hour ahead.
  return dst > 0 ? utc - 3600 : utc;
}

}  // namespace

Value Interpreter::call_builtin(Node* n) {
  auto& k = n->kids;
  auto num_arg = [&](size_t i) { return eval_num(k[i]); };
  auto str_arg = [&](size_t i) { return eval_str(k[i]); };
  auto is_array_var = [&](Node* a) {
    return (a->kind == NodeKind::kGlobal || a->kind == NodeKind::kLocal) && cell_of(a).is_array();
  };
  switch (n->builtin) {
    case Builtin::kLength: {
      if (k.empty()) {
        field_ref(0);
        return Value(static_cast<double>(char_count(record_, utf8_)));
      }
      if (is_array_var(k[0])) {
        Cell& c = cell_of(k[0]);
        if (!c.arr->empty() || c.val.type == ValueType::kUninit)
          return Value(static_cast<double>(c.arr->size()));
      }
      return Value(static_cast<double>(char_count(str_arg(0), utf8_)));
    }
    case Builtin::kSubstr: {
      // gawk 5.2 truncates the start and length; a start below 1 becomes 1.
      std::string s = str_arg(0);
      double m = num_arg(1);
      double len_chars = static_cast<double>(char_count(s, utf8_));
      double start = std::isnan(m) ? 1 : std::trunc(m);
      if (start < 1) start = 1;
      double end = len_chars + 1;  // exclusive, 1-based
      if (k.size() > 2) {
        double l = num_arg(2);
        if (std::isnan(l) || l <= 0) return Value::string("");
        if (!std::isinf(l)) end = std::min(end, start + std::trunc(l));
      }
      if (end <= start) return Value::string("");
      size_t b = byte_offset(s, static_cast<size_t>(start - 1), utf8_);
      size_t e = byte_offset(s, static_cast<size_t>(end - 1), utf8_);
      return Value::string(s.substr(b, e - b));
    }
    case Builtin::kIndex: {
      std::string s = str_arg(0);
      if (k[1]->kind == NodeKind::kRegex)
        fatal("index: regexp constant as second argument is not allowed");
      std::string t = str_arg(1);
      if (ignore_case_) {
        for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      size_t p = s.find(t);
      if (p == std::string::npos) return Value(0.0);
      return Value(static_cast<double>(char_count(std::string_view(s).substr(0, p), utf8_) + 1));
    }
    case Builtin::kSplit: {
      std::string s = str_arg(0);
      Array& a = array_of(k[1]);
      std::vector<std::string> parts;
      std::vector<std::string> seps;
      bool regex_sep = false;
      std::string fs;
      if (k.size() > 2) {
        if (k[2]->kind == NodeKind::kRegex) {
          regex_sep = true;
          fs = k[2]->str;
        } else {
          fs = str_arg(2);
        }
      } else {
        fs = fs_;
      }
      Array* seps_arr = nullptr;
      if (k.size() > 3) seps_arr = &array_of(k[3]);
      // Separators are needed for seps: split manually for every kind.
      if (s.empty()) {
      } else if (!regex_sep && fs == " ") {
        size_t i = 0;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
        if (i > 0) seps.push_back(s.substr(0, i));
        while (i < s.size()) {
          size_t b = i;
          while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
          parts.push_back(s.substr(b, i - b));
          size_t sb = i;
          while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
          if (i > sb) seps.push_back(s.substr(sb, i - sb));
        }
      } else if (!regex_sep && fs.empty()) {
        for (size_t i = 0; i < s.size();) {
          size_t len = utf8_ ? utf8_char_length(s, i) : 1;
          parts.push_back(s.substr(i, len));
          i += len;
        }
      } else if (!regex_sep && fs.size() == 1 && fs != "\\") {
        // A single character is literal (and not subject to IGNORECASE).
        size_t last = 0;
        for (size_t at; (at = s.find(fs[0], last)) != std::string::npos; last = at + 1) {
          parts.push_back(s.substr(last, at - last));
          seps.push_back(fs);
        }
        parts.push_back(s.substr(last));
      } else {
        const Regex& re = regex_from_string(fs);
        size_t from = 0, last = 0;
        MatchSpan m[1];
        while (from <= s.size() && re.search(s, from, m, 1)) {
          if (m[0].size() == 0) {
            from = m[0].begin + 1;
            continue;
          }
          parts.push_back(s.substr(last, m[0].begin - last));
          seps.push_back(s.substr(m[0].begin, m[0].size()));
          last = from = m[0].end;
        }
        parts.push_back(s.substr(last));
      }
      Array& target = array_of(k[1]);
      (void)a;
      target.clear();
      for (size_t i = 0; i < parts.size(); ++i)
        target[std::to_string(i + 1)] = Value::maybe_num(parts[i]);
      if (seps_arr != nullptr) {
        Array& sa = array_of(k[3]);
        sa.clear();
        bool leading =
            !regex_sep && fs == " " && !s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n');
        for (size_t i = 0; i < seps.size(); ++i) {
          int idx = leading ? static_cast<int>(i) : static_cast<int>(i + 1);
          sa[std::to_string(idx)] = Value::string(seps[i]);
        }
      }
      return Value(static_cast<double>(parts.size()));
    }
    case Builtin::kSub:
    case Builtin::kGsub: {
      bool global = n->builtin == Builtin::kGsub;
      const Regex& re = regex_for(k[0]);
      std::string repl = str_arg(1);
      Node* target = k.size() > 2 ? k[2] : nullptr;
      std::string text;
      if (target == nullptr) {
        field_ref(0);
        text = record_;
      } else {
        text = str_arg(2);
      }
      std::string out;
      size_t count = 0, from = 0, copied = 0;
      MatchSpan m[1];
      bool last_nonempty_end_valid = false;
      size_t last_end = 0;
      while (from <= text.size() && re.search(text, from, m, 1)) {
        if (m[0].size() == 0 && last_nonempty_end_valid && m[0].begin == last_end) {
          // An empty match right after the previous match is skipped.
          if (m[0].begin >= text.size()) break;
          from = m[0].begin + (utf8_ ? utf8_char_length(text, m[0].begin) : 1);
          last_nonempty_end_valid = false;
          continue;
        }
        out.append(text, copied, m[0].begin - copied);
        expand_sub_replacement(repl, std::string_view(text).substr(m[0].begin, m[0].size()), out);
        ++count;
        copied = m[0].end;
        if (!global) break;
        if (m[0].size() == 0) {
          if (m[0].begin >= text.size()) break;
          size_t step = utf8_ ? utf8_char_length(text, m[0].begin) : 1;
          out.append(text, m[0].begin, step);
          copied = m[0].begin + step;
          from = copied;
          last_nonempty_end_valid = false;
        } else {
          from = m[0].end;
          last_end = m[0].end;
          last_nonempty_end_valid = true;
        }
        ctx_.budget.check();
      }
      if (count == 0) return Value(0.0);
      out.append(text, copied, std::string::npos);
      if (target == nullptr) {
        set_record(out);
      } else if (target->kind == NodeKind::kGlobal || target->kind == NodeKind::kLocal ||
                 target->kind == NodeKind::kField || target->kind == NodeKind::kIndex) {
        assign(target, Value::string(std::move(out)));
      }
      return Value(static_cast<double>(count));
    }
    case Builtin::kMatch: {
      std::string s = str_arg(0);
      const Regex& re = regex_for(k[1]);
      int ng = re.group_count() + 1;
      std::vector<MatchSpan> groups(ng);
      bool found = re.search(s, 0, groups.data(), ng);
      Array* arr = nullptr;
      if (k.size() > 2) {
        arr = &array_of(k[2]);
        arr->clear();
      }
      if (!found) {
        global(kRSTART).set_number(0);
        global(kRLENGTH).set_number(-1);
        return Value(0.0);
      }
      double rstart = static_cast<double>(
          char_count(std::string_view(s).substr(0, groups[0].begin), utf8_) + 1);
      double rlength = static_cast<double>(
          char_count(std::string_view(s).substr(groups[0].begin, groups[0].size()), utf8_));
      global(kRSTART).set_number(rstart);
      global(kRLENGTH).set_number(rlength);
      if (arr != nullptr) {
        for (int g = 0; g < ng; ++g) {
          if (!groups[g].matched()) continue;
          std::string idx = std::to_string(g);
          (*arr)[idx] = Value::maybe_num(s.substr(groups[g].begin, groups[g].size()));
          (*arr)[idx + subsep_ + "start"] = Value(static_cast<double>(
              char_count(std::string_view(s).substr(0, groups[g].begin), utf8_) + 1));
          (*arr)[idx + subsep_ + "length"] = Value(static_cast<double>(
              char_count(std::string_view(s).substr(groups[g].begin, groups[g].size()), utf8_)));
        }
      }
      return Value(rstart);
    }
    case Builtin::kSprintf: {
      std::vector<Value> values;
      values.reserve(k.size());
      for (Node* a : k) values.push_back(eval(a));
      std::string fmt = to_str(values[0]);
      values.erase(values.begin());
      return Value::string(format(fmt, values));
    }
    case Builtin::kTolower:
    case Builtin::kToupper: {
      std::string s = str_arg(0);
      bool upper = n->builtin == Builtin::kToupper;
      for (char& c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u < 0x80) c = static_cast<char>(upper ? std::toupper(u) : std::tolower(u));
      }
      return Value::string(std::move(s));
    }
    case Builtin::kGensub: {
      const Regex& re = regex_for(k[0]);
      std::string repl = str_arg(1);
      Value how = eval(k[2]);
      std::string how_s = to_str(how);
      bool global = !how_s.empty() && (how_s[0] == 'g' || how_s[0] == 'G');
      long which = 1;
      if (!global) {
        double d = how.to_num();
        which = d < 1 ? 1 : static_cast<long>(d);
      }
      std::string text;
      if (k.size() > 3) {
        text = str_arg(3);
      } else {
        field_ref(0);
        text = record_;
      }
      int ng = std::min(re.group_count() + 1, 10);
      std::vector<MatchSpan> groups(re.group_count() + 1);
      std::string out;
      size_t from = 0, copied = 0;
      long seen = 0;
      bool last_valid = false;
      size_t last_end = 0;
      while (from <= text.size() &&
             re.search(text, from, groups.data(), static_cast<int>(groups.size()))) {
        MatchSpan m = groups[0];
        if (m.size() == 0 && last_valid && m.begin == last_end) {
          if (m.begin >= text.size()) break;
          from = m.begin + 1;
          last_valid = false;
          continue;
        }
        ++seen;
        if (global || seen == which) {
          out.append(text, copied, m.begin - copied);
          expand_gensub_replacement(repl, text, groups.data(), ng, out);
          copied = m.end;
          if (!global) break;
        }
        if (m.size() == 0) {
          if (m.begin >= text.size()) break;
          if (global) {
            out.append(text, m.begin, 1);
            copied = m.begin + 1;
          }
          from = m.begin + 1;
          last_valid = false;
        } else {
          from = m.end;
          last_end = m.end;
          last_valid = true;
        }
        ctx_.budget.check();
      }
      out.append(text, copied, std::string::npos);
      return Value::string(std::move(out));
    }
    case Builtin::kAsort:
    case Builtin::kAsorti: {
      Array& src = array_of(k[0]);
      std::vector<SortItem> items;
      items.reserve(src.size());
      for (auto& [key, v] : src) {
        SortItem it;
        if (n->builtin == Builtin::kAsorti) {
          it.v = Value::string(key);
          it.numeric = false;
          it.str = key;
        } else {
          it.v = v;
          it.numeric = v.type == ValueType::kNumber ||
                       (v.type == ValueType::kMaybeNum && v.is_numeric()) ||
                       v.type == ValueType::kUninit;
          it.num = v.to_num();
          it.str = to_str(v);
        }
        items.push_back(std::move(it));
      }
      std::sort(items.begin(), items.end(), [](const SortItem& a, const SortItem& b) {
        if (a.numeric != b.numeric) return a.numeric;
        if (a.numeric && a.num != b.num) return a.num < b.num;
        return a.str < b.str;
      });
      Array& dest = k.size() > 1 ? array_of(k[1]) : array_of(k[0]);
      dest.clear();
      for (size_t i = 0; i < items.size(); ++i) dest[std::to_string(i + 1)] = std::move(items[i].v);
      return Value(static_cast<double>(items.size()));
    }
    case Builtin::kStrftime: {
      std::string fmt = k.empty() ? "%a %b %e %H:%M:%S %Z %Y" : str_arg(0);
      double when = k.size() > 1 ? num_arg(1) : static_cast<double>(std::time(nullptr));
      bool utc = k.size() > 2 && truthy(k[2]);
      time_t t = static_cast<time_t>(when);
      if (!utc) return Value::string(files::strftime_in_zone(fmt, t, zone()));
      struct tm tm;
      gmtime_r(&t, &tm);  // tm_zone "GMT", as gawk prints with the utc flag
      // gawk's %s is then glibc's mktime() of that UTC time read as local
      // standard time (tm_isdst 0).
      return Value::string(files::strftime_tm(fmt, local_to_utc(zone(), t, 0), tm));
    }
    case Builtin::kSystime:
      return Value(static_cast<double>(std::time(nullptr)));
    case Builtin::kMktime: {
      std::string spec = str_arg(0);
      bool utc = k.size() > 1 && truthy(k[1]);
      long long f[7] = {0, 0, 0, 0, 0, 0, -1};
      int count = 0;
      const char* p = spec.c_str();
      while (count < 7) {
        char* end;
        long long v = std::strtoll(p, &end, 10);
        if (end == p) break;
        f[count++] = v;
        p = end;
      }
      if (count < 6) return Value(-1.0);
      struct tm tm {};
      tm.tm_year = static_cast<int>(f[0] - 1900);
      tm.tm_mon = static_cast<int>(f[1] - 1);
      tm.tm_mday = static_cast<int>(f[2]);
      tm.tm_hour = static_cast<int>(f[3]);
      tm.tm_min = static_cast<int>(f[4]);
      tm.tm_sec = static_cast<int>(f[5]);
      // timegm normalises out-of-range fields; its result is the local time.
      int64_t local = timegm(&tm);
      if (utc) return Value(static_cast<double>(local));
      return Value(static_cast<double>(local_to_utc(zone(), local, f[6])));
    }
    case Builtin::kInt:
      return Value(std::trunc(num_arg(0)));
    case Builtin::kSqrt:
      return Value(std::sqrt(num_arg(0)));
    case Builtin::kExp:
      return Value(std::exp(num_arg(0)));
    case Builtin::kLog:
      return Value(std::log(num_arg(0)));
    case Builtin::kSin:
      return Value(std::sin(num_arg(0)));
    case Builtin::kCos:
      return Value(std::cos(num_arg(0)));
    case Builtin::kAtan2: {
      double y = num_arg(0);
      return Value(std::atan2(y, num_arg(1)));
    }
    case Builtin::kRand: {
      // 53 random bits in [0, 1).
      return Value(static_cast<double>(rng_() >> 11) * (1.0 / 9007199254740992.0));
    }
    case Builtin::kSrand: {
      double prev = seed_;
      seed_ = k.empty() ? static_cast<double>(std::time(nullptr)) : num_arg(0);
      rng_.seed(static_cast<uint64_t>(static_cast<int64_t>(seed_)));
      return Value(prev);
    }
    case Builtin::kClose:
      if (k.size() > 1) return Value(static_cast<double>(close_stream(str_arg(0), str_arg(1))));
      return Value(static_cast<double>(close_stream(str_arg(0))));
    case Builtin::kFflush:
      flush_all();
      return Value(0.0);
    case Builtin::kSystem: {
      std::string cmd = str_arg(0);
      flush_all();
      int status = run_shell(cmd, nullptr, nullptr);
      return Value(static_cast<double>(status));
    }
  }
  return Value();
}

}  // namespace kefka::cmd::awk

#include "commands/common/date_parse.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

namespace kefka::cmd {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Civil to_civil(int64_t t) {
  // Floor division without overflow at INT64_MIN (UBSan: t - 86399 and
  // days * 86400 both overflowed there).
  int64_t days = t / 86400;
  int64_t secs = t % 86400;
  if (secs < 0) {
    --days;
    secs += 86400;
  }
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  Civil c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  return c;
}

int64_t from_civil(const Civil& c) {
  // Normalise months (for "+1 month" arithmetic), then let days overflow.
  int64_t y = c.year + (c.month - 1) / 12;
  int m = (c.month - 1) % 12;
  if (m < 0) {
    m += 12;
    --y;
  }
  return days_from_civil(y, static_cast<unsigned>(m + 1), 1) * 86400 +
         (c.day - 1) * int64_t{86400} + c.hour * int64_t{3600} + c.minute * int64_t{60} + c.second;
}

namespace {

const char* const kMonthNames[] = {"january",   "february", "march",    "april",
                                   "may",       "june",     "july",     "august",
                                   "september", "october",  "november", "december"};
const char* const kDayNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                 "thursday", "friday", "saturday"};

int month_index(std::string_view w) {
  for (int i = 0; i < 12; ++i) {
    std::string_view full = kMonthNames[i];
    if (w == full || (w.size() >= 3 && full.starts_with(w) && (w.size() == 3 || w == full)) ||
        (w == "sept" && i == 8)) {
      return i + 1;
    }
  }
  return 0;
}

int day_index(std::string_view w) {
  for (int i = 0; i < 7; ++i) {
    std::string_view full = kDayNames[i];
    if (w == full || (w.size() == 3 && full.starts_with(w)) ||
        (w.size() >= 3 && full.starts_with(w) && w.size() <= full.size() &&
         (w == "tues" || w == "wednes" || w == "thur" || w == "thurs"))) {
      return i;
    }
  }
  return -1;
}

// Longer years would overflow the seconds count.
constexpr size_t kMaxYearDigits = 12;

// The subset of GNU parse_datetime that agents use.
class DateParser {
 public:
  DateParser(std::string_view text, Timestamp now, long zone_offset)
      : now_(now), zone_offset_(zone_offset) {
    for (char c : text) s_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }

  bool parse(Timestamp& out) {
    std::string_view s = trim(s_);
    if (!s.empty() && s[0] == '@') return parse_epoch(s.substr(1), out);
    Civil base = to_civil(now_.sec + zone_offset_);
    long nsec = now_.nsec;
    bool have_date = false, have_time = false, have_zone = false;
    long zone_offset = zone_offset_;
    int64_t rel_years = 0, rel_months = 0, rel_days = 0, rel_seconds = 0;
    int weekday = -1, weekday_ordinal = 0;
    pos_ = 0;
    text_ = s;
    while (skip_space(), pos_ < text_.size()) {
      size_t start = pos_;
      // "ago" negates only the relative item right before it.
      RelativeItem previous = std::exchange(last_item_, RelativeItem{});
      if (try_iso_date(base)) {
        have_date = true;
        if (pos_ < text_.size() && text_[pos_] == 't') ++pos_;
        continue;
      }
      if (try_time(base, nsec, have_zone, zone_offset)) {
        have_time = true;
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '+' || peek() == '-') {
        // A signed or bare number: a relative amount, a day of month, or a year.
        int sign = 1;
        if (peek() == '+' || peek() == '-') sign = text_[pos_++] == '-' ? -1 : 1;
        skip_space();
        int64_t n = 0;
        size_t digits = 0;
        while (std::isdigit(static_cast<unsigned char>(peek()))) {
          n = n * 10 + (text_[pos_++] - '0');
          ++digits;
        }
        if (digits == 0) return false;
        skip_space();
        std::string w = word();
        if (!w.empty() && apply_unit(w, sign * n, rel_years, rel_months, rel_days, rel_seconds)) {
          continue;
        }
        int m = w.empty() ? 0 : month_index(w);
        if (m == 0) pos_ -= w.size();
        if (m != 0) {  // "5 jan [2021]"
          base.day = static_cast<int>(n);
          base.month = m;
          skip_space();
          read_year(base);
          have_date = true;
          continue;
        }
        if (digits == 4 && have_date) {
          base.year = n;
          continue;
        }
        if (digits == 8 && !have_date && std::isdigit(static_cast<unsigned char>(text_[start]))) {
          if (!set_date(base, n / 10000, n / 100 % 100, n % 100)) return false;  // "20240102"
          have_date = true;
          continue;
        }
        if (digits >= 5) return false;
        pos_ = start;
        return false;
      }
      std::string w = word();
      if (w.empty()) return false;
      if (w == "now") continue;
      if (w == "today") continue;
      if (w == "yesterday") {
        rel_days -= 1;
        continue;
      }
      if (w == "tomorrow") {
        rel_days += 1;
        continue;
      }
      if (w == "ago") {
        if (previous.field == nullptr) return false;
        *previous.field -= 2 * previous.delta;
        continue;
      }
      if (w == "utc" || w == "gmt" || w == "z") {
        zone_offset = 0;
        have_zone = true;
        continue;
      }
      if (w == "next" || w == "last" || w == "this") {
        int k = w == "next" ? 1 : w == "last" ? -1 : 0;
        skip_space();
        std::string u = word();
        int d = day_index(u);
        if (d >= 0) {
          weekday = d;
          weekday_ordinal = k;
          continue;
        }
        if (!apply_unit(u, k, rel_years, rel_months, rel_days, rel_seconds)) return false;
        continue;
      }
      if (int m = month_index(w); m != 0) {  // "jan 5 [2021]"
        skip_space();
        int64_t day = 0;
        size_t digits = 0;
        while (std::isdigit(static_cast<unsigned char>(peek()))) {
          day = day * 10 + (text_[pos_++] - '0');
          ++digits;
        }
        base.month = m;
        if (digits > 0) base.day = static_cast<int>(day);
        if (peek() == ',') ++pos_;
        skip_space();
        read_year(base);
        have_date = true;
        continue;
      }
      if (int d = day_index(w); d >= 0) {
        weekday = d;
        weekday_ordinal = 0;
        if (peek() == ',') ++pos_;
        continue;
      }
      if (apply_unit(w, 1, rel_years, rel_months, rel_days, rel_seconds)) continue;
      return false;
    }
    // An empty date (GNU: "the beginning of the day") is midnight today.
    if ((have_date || weekday >= 0 || text_.empty()) && !have_time) {
      base.hour = base.minute = base.second = 0;
      nsec = 0;
    }
    base.year += rel_years;
    base.month += static_cast<int>(rel_months);
    int64_t local = from_civil(base);
    if (weekday >= 0) {
      int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
      int current = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
      int delta = (weekday - current + 7) % 7;
      if (weekday_ordinal > 0 && delta == 0) delta = 7;
      if (weekday_ordinal < 0) delta = delta == 0 ? -7 : delta - 7;
      local += int64_t{delta} * 86400;
    }
    local += rel_days * 86400 + rel_seconds;
    out.sec = local - zone_offset;
    out.nsec = nsec;
    return true;
  }

 private:
  static std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() &&
           (std::isspace(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == ','))
      ++pos_;
  }
  std::string word() {
    std::string w;
    while (pos_ < text_.size() &&
           (std::isalpha(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
      if (text_[pos_] != '.') w += text_[pos_];
      ++pos_;
    }
    return w;
  }
  bool digits_at(size_t p, size_t n) const {
    if (p + n > text_.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (!std::isdigit(static_cast<unsigned char>(text_[p + k]))) return false;
    }
    return true;
  }
  int64_t number_at(size_t& p) const {
    int64_t v = 0;
    while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p])))
      v = v * 10 + (text_[p++] - '0');
    return v;
  }
  void read_year(Civil& c) {
    if (digits_at(pos_, 4) && !digits_at(pos_, 5) && peek_after_digits(4) != ':') {
      size_t p = pos_;
      c.year = number_at(p);
      pos_ = p;
    }
  }
  char peek_after_digits(size_t n) const {
    return pos_ + n < text_.size() ? text_[pos_ + n] : '\0';
  }

  static bool set_date(Civil& c, int64_t y, int64_t m, int64_t d) {
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    c.year = y;
    c.month = static_cast<int>(m);
    c.day = static_cast<int>(d);
    return true;
  }

  // [YY]YY-MM-DD (two-digit years are 1969..2068) or MM/DD[/[YY]YY].
  bool try_iso_date(Civil& c) {
    size_t p = pos_;
    size_t year_digits = 0;
    while (year_digits <= kMaxYearDigits && digits_at(p + year_digits, 1)) ++year_digits;
    if (year_digits > 0 && year_digits <= kMaxYearDigits && p + year_digits < text_.size() &&
        text_[p + year_digits] == '-') {
      int64_t y = number_at(p);
      if (year_digits == 2) y += y < 69 ? 2000 : 1900;
      ++p;
      if (!digits_at(p, 1)) return false;
      int64_t m = number_at(p);
      if (p >= text_.size() || text_[p] != '-') return false;
      ++p;
      if (!digits_at(p, 1)) return false;
      int64_t d = number_at(p);
      if (!set_date(c, y, m, d)) return false;
      pos_ = p;
      return true;
    }
    if (digits_at(p, 1)) {
      size_t q = p;
      int64_t m = number_at(q);
      if (q < text_.size() && text_[q] == '/') {
        ++q;
        int64_t d = number_at(q);
        int64_t y = c.year;
        if (q < text_.size() && text_[q] == '/') {
          ++q;
          size_t ys = q;
          y = number_at(q);
          if (q - ys == 2) y += y < 69 ? 2000 : 1900;
        }
        if (m < 1 || m > 12 || d < 1 || d > 31) return false;
        c.year = y;
        c.month = static_cast<int>(m);
        c.day = static_cast<int>(d);
        pos_ = q;
        return true;
      }
    }
    return false;
  }

  // HH:MM[:SS[.frac]] [am|pm] [zone], or H am/pm.
  bool try_time(Civil& c, long& nsec, bool& have_zone, long& zone_offset) {
    size_t p = pos_;
    if (!digits_at(p, 1)) return false;
    int64_t h = number_at(p);
    int64_t m = 0, s = 0;
    long ns = 0;
    bool colon = p < text_.size() && text_[p] == ':';
    if (colon) {
      ++p;
      if (!digits_at(p, 1)) return false;
      m = number_at(p);
      if (p < text_.size() && text_[p] == ':') {
        ++p;
        s = number_at(p);
        if (p < text_.size() && (text_[p] == '.' || text_[p] == ',')) {
          ++p;
          long scale = 100000000;
          while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) {
            ns += (text_[p++] - '0') * scale;
            scale /= 10;
          }
        }
      }
    }
    size_t after = p;
    while (after < text_.size() && text_[after] == ' ') ++after;
    std::string_view rest = text_.substr(after);
    bool am = rest.starts_with("am") || rest.starts_with("a.m."),
         pm = rest.starts_with("pm") || rest.starts_with("p.m.");
    if (!colon && !am && !pm) return false;
    if (am || pm) {
      if (h < 1 || h > 12) return false;
      h = h % 12 + (pm ? 12 : 0);
      p = after + (rest[1] == '.' ? 4 : 2);
    }
    if (h > 23 || m > 59 || s > 60) return false;
    c.hour = static_cast<int>(h);
    c.minute = static_cast<int>(m);
    c.second = static_cast<int>(s);
    nsec = ns;
    // Numeric zone right after the time: +hh[:mm], -hhmm, z.
    size_t z = p;
    while (z < text_.size() && text_[z] == ' ') ++z;
    // Like GNU, a signed number right after a time is its zone ("12:00 +3").
    if (z < text_.size() && (text_[z] == '+' || text_[z] == '-') && digits_at(z + 1, 1)) {
      int sign = text_[z] == '-' ? -1 : 1;
      size_t q = z + 1;
      size_t ds = q;
      int64_t v = number_at(q);
      long off;
      if (q - ds > 4) return false;
      if (q - ds <= 2) {
        off = static_cast<long>(v) * 3600;
        if (q < text_.size() && text_[q] == ':') {
          ++q;
          off += static_cast<long>(number_at(q)) * 60;
        }
      } else {
        off = static_cast<long>(v / 100 * 3600 + v % 100 * 60);
      }
      zone_offset = sign * off;
      have_zone = true;
      p = q;
    } else if (z < text_.size() && text_[z] == 'z' &&
               (z + 1 >= text_.size() || !std::isalpha(static_cast<unsigned char>(text_[z + 1])))) {
      zone_offset = 0;
      have_zone = true;
      p = z + 1;
    }
    pos_ = p;
    return true;
  }

  // Adds n units to the matching field and remembers it for a following "ago".
  bool apply_unit(std::string_view u, int64_t n, int64_t& years, int64_t& months, int64_t& days,
                  int64_t& seconds) {
    if (u.ends_with("s") && u != "s") u.remove_suffix(1);
    RelativeItem item;
    if (u == "year") {
      item = {&years, n};
    } else if (u == "month") {
      item = {&months, n};
    } else if (u == "fortnight") {
      item = {&days, 14 * n};
    } else if (u == "week") {
      item = {&days, 7 * n};
    } else if (u == "day") {
      item = {&days, n};
    } else if (u == "hour") {
      item = {&seconds, 3600 * n};
    } else if (u == "minute" || u == "min") {
      item = {&seconds, 60 * n};
    } else if (u == "second" || u == "sec") {
      item = {&seconds, n};
    } else {
      return false;
    }
    *item.field += item.delta;
    last_item_ = item;
    return true;
  }

  // "@SECONDS": optional sign, digits, optional [.,] and digits (no hex,
  // exponents, inf or nan, which strtold alone would accept).
  bool parse_epoch(std::string_view s, Timestamp& out) {
    s = trim(s);
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t digits = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == digits) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      size_t frac = ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      if (i == frac) return false;
    }
    if (i != s.size()) return false;
    std::string t(s);
    std::replace(t.begin(), t.end(), ',', '.');
    char* end;
    long double v = std::strtold(t.c_str(), &end);
    if (end == t.c_str() || *end != '\0') return false;
    out.sec = static_cast<int64_t>(std::floor(v));
    out.nsec = static_cast<long>((v - std::floor(v)) * 1e9L + 0.5L);
    return true;
  }

  struct RelativeItem {
    int64_t* field = nullptr;
    int64_t delta = 0;
  };

  std::string s_;
  RelativeItem last_item_;
  std::string_view text_;
  size_t pos_ = 0;
  Timestamp now_;
  long zone_offset_;
};

}  // namespace

std::optional<Timestamp> parse_datetime(std::string_view text, Timestamp now, long zone_offset) {
  Timestamp out;
  if (!DateParser(text, now, zone_offset).parse(out)) return std::nullopt;
  return out;
}

}  // namespace kefka::cmd

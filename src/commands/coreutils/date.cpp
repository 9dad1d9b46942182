// date: print or parse dates (GNU coreutils 9.1).
// Times are UTC unless TZ is set; TZ accepts POSIX offsets ("EST5", "UTC-3",
// "<+05>-5") — named zones from a tz database are not available in the
// sandbox and behave as UTC (documented deviation). -d understands the common
// GNU forms: @EPOCH, ISO dates and times with zones, month names, now/today/
// yesterday/tomorrow, weekdays, "N unit [ago]", next/last. +FORMAT supports
// GNU's conversions and the - _ 0 ^ # flags and widths.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'d', "date", ArgKind::Required, "STRING", "display time described by STRING, not 'now'"},
    {0, "debug", ArgKind::None, "", "annotate the parsed date (ignored)"},
    {'f', "file", ArgKind::Required, "DATEFILE", "like --date; once for each line of DATEFILE"},
    {'I', "iso-8601", ArgKind::Optional, "FMT",
     "output date/time in ISO 8601 format.\n"
     "  FMT='date' for date only (the default),\n"
     "  'hours', 'minutes', 'seconds', or 'ns'"},
    {0, "resolution", ArgKind::None, "", "output the available resolution of timestamps"},
    {'R', "rfc-email", ArgKind::None, "", "output date and time in RFC 5322 format."},
    {0, "rfc-3339", ArgKind::Required, "FMT", "output date/time in RFC 3339 format."},
    {'r', "reference", ArgKind::Required, "FILE", "display the last modification time of FILE"},
    {'s', "set", ArgKind::Required, "STRING", "set time described by STRING"},
    {'u', "utc", ArgKind::None, "", "print or set Coordinated Universal Time (UTC)"},
    {'u', "universal", ArgKind::None, "", "print or set Coordinated Universal Time (UTC)"},
};

struct Zone {
  long offset = 0;  // seconds east of UTC
  std::string name = "UTC";
};

// POSIX TZ "NAME[+-]hh[:mm[:ss]]..." (DST rules ignored) or a quoted <NAME>.
Zone parse_tz(std::string_view tz) {
  Zone z;
  if (tz.empty()) return z;
  if (tz[0] == ':') tz.remove_prefix(1);
  size_t i = 0;
  std::string name;
  if (i < tz.size() && tz[i] == '<') {
    size_t close = tz.find('>');
    if (close == std::string_view::npos) return z;
    name = std::string(tz.substr(1, close - 1));
    i = close + 1;
  } else {
    while (i < tz.size() && std::isalpha(static_cast<unsigned char>(tz[i]))) name += tz[i++];
  }
  if (name.size() < 3 || i >= tz.size()) {
    z.name = name.size() >= 3 && i >= tz.size() ? name : "UTC";
    if (name == "UTC" || name == "GMT" || name == "Z") z.name = name == "Z" ? "UTC" : name;
    return z;
  }
  int sign = -1;  // POSIX: hours west of UTC are positive
  if (tz[i] == '+' || tz[i] == '-') sign = tz[i++] == '-' ? 1 : -1;
  long parts[3] = {0, 0, 0};
  for (int p = 0; p < 3 && i < tz.size() && std::isdigit(static_cast<unsigned char>(tz[i])); ++p) {
    while (i < tz.size() && std::isdigit(static_cast<unsigned char>(tz[i])))
      parts[p] = parts[p] * 10 + (tz[i++] - '0');
    if (i < tz.size() && tz[i] == ':') ++i;
  }
  z.offset = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  z.name = name;
  return z;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  int month, day, hour, minute, second;
};

Civil to_civil(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
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

struct Time {
  int64_t sec = 0;
  long nsec = 0;
};

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

// The subset of GNU parse_datetime that agents use.
class DateParser {
 public:
  DateParser(std::string_view text, Time now, const Zone& zone) : now_(now), zone_(zone) {
    for (char c : text) s_ += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }

  bool parse(Time& out) {
    std::string_view s = trim(s_);
    if (!s.empty() && s[0] == '@') return parse_epoch(s.substr(1), out);
    Civil base = to_civil(now_.sec + zone_.offset);
    long nsec = now_.nsec;
    bool have_date = false, have_time = false, have_zone = false;
    long zone_offset = zone_.offset;
    int64_t rel_years = 0, rel_months = 0, rel_days = 0, rel_seconds = 0;
    int weekday = -1, weekday_ordinal = 0;
    pos_ = 0;
    text_ = s;
    while (skip_space(), pos_ < text_.size()) {
      size_t start = pos_;
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
        if (digits >= 5 || digits == 8) return false;
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
        rel_years = -rel_years;
        rel_months = -rel_months;
        rel_days = -rel_days;
        rel_seconds = -rel_seconds;
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
    if ((have_date || weekday >= 0) && !have_time) {
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

  // YYYY-MM-DD or MM/DD/YYYY.
  bool try_iso_date(Civil& c) {
    size_t p = pos_;
    if (digits_at(p, 4) && p + 4 < text_.size() && text_[p + 4] == '-') {
      int64_t y = number_at(p);
      ++p;
      if (!digits_at(p, 1)) return false;
      int64_t m = number_at(p);
      if (p >= text_.size() || text_[p] != '-') return false;
      ++p;
      if (!digits_at(p, 1)) return false;
      int64_t d = number_at(p);
      if (m < 1 || m > 12 || d < 1 || d > 31) return false;
      c.year = y;
      c.month = static_cast<int>(m);
      c.day = static_cast<int>(d);
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

  static bool apply_unit(std::string_view u, int64_t n, int64_t& years, int64_t& months,
                         int64_t& days, int64_t& seconds) {
    if (u.ends_with("s") && u != "s") u.remove_suffix(1);
    if (u == "year")
      years += n;
    else if (u == "month")
      months += n;
    else if (u == "fortnight")
      days += 14 * n;
    else if (u == "week")
      days += 7 * n;
    else if (u == "day")
      days += n;
    else if (u == "hour")
      seconds += 3600 * n;
    else if (u == "minute" || u == "min")
      seconds += 60 * n;
    else if (u == "second" || u == "sec")
      seconds += n;
    else
      return false;
    return true;
  }

  bool parse_epoch(std::string_view s, Time& out) {
    std::string t(s);
    char* end;
    long double v = std::strtold(t.c_str(), &end);
    if (end == t.c_str() || *end != '\0') return false;
    out.sec = static_cast<int64_t>(std::floor(v));
    out.nsec = static_cast<long>((v - std::floor(v)) * 1e9L + 0.5L);
    return true;
  }

  std::string s_;
  std::string_view text_;
  size_t pos_ = 0;
  Time now_;
  const Zone& zone_;
};

// GNU date formatting with flags (-_0^#) and widths.
std::string format_time(std::string_view fmt, Time t, const Zone& zone) {
  int64_t local = t.sec + zone.offset;
  Civil c = to_civil(local);
  std::tm tm{};
  tm.tm_year = static_cast<int>(c.year - 1900);
  tm.tm_mon = c.month - 1;
  tm.tm_mday = c.day;
  tm.tm_hour = c.hour;
  tm.tm_min = c.minute;
  tm.tm_sec = c.second;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  tm.tm_wday = static_cast<int>(((days % 7) + 11) % 7);
  tm.tm_yday = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  tm.tm_gmtoff = zone.offset;
  tm.tm_zone = zone.name.c_str();
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 >= fmt.size()) {
      out += fmt[i];
      continue;
    }
    size_t start = i++;
    char pad = 0;
    bool upper = false, swap = false;
    while (i < fmt.size() && std::strchr("-_0^#", fmt[i]) != nullptr) {
      if (fmt[i] == '^')
        upper = true;
      else if (fmt[i] == '#')
        swap = true;
      else
        pad = fmt[i];
      ++i;
    }
    size_t width = 0;
    bool has_width = false;
    while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) {
      width = width * 10 + static_cast<size_t>(fmt[i++] - '0');
      has_width = true;
    }
    int colons = 0;
    while (i < fmt.size() && fmt[i] == ':') {
      ++colons;
      ++i;
    }
    if (i >= fmt.size()) {
      out.append(fmt.substr(start));
      break;
    }
    char conv = fmt[i];
    std::string piece;
    bool numeric = true;
    int natural_width = 2;
    char natural_pad = '0';
    char buf[128];
    auto num = [&](int64_t v, int w, char p) {
      piece = std::to_string(v < 0 ? -v : v);
      natural_width = w;
      natural_pad = p;
      if (v < 0) piece = "-" + piece;
    };
    switch (conv) {
      case 'd':
        num(c.day, 2, '0');
        break;
      case 'e':
        num(c.day, 2, ' ');
        break;
      case 'm':
        num(c.month, 2, '0');
        break;
      case 'H':
        num(c.hour, 2, '0');
        break;
      case 'k':
        num(c.hour, 2, ' ');
        break;
      case 'I':
        num((c.hour + 11) % 12 + 1, 2, '0');
        break;
      case 'l':
        num((c.hour + 11) % 12 + 1, 2, ' ');
        break;
      case 'M':
        num(c.minute, 2, '0');
        break;
      case 'S':
        num(c.second, 2, '0');
        break;
      case 'Y':
        num(c.year, 4, '0');
        natural_width = 1;
        break;
      case 'C':
        num(c.year / 100, 2, '0');
        break;
      case 'y':
        num(((c.year % 100) + 100) % 100, 2, '0');
        break;
      case 'j':
        num(tm.tm_yday + 1, 3, '0');
        break;
      case 'u':
        num(tm.tm_wday == 0 ? 7 : tm.tm_wday, 1, '0');
        break;
      case 'w':
        num(tm.tm_wday, 1, '0');
        break;
      case 'q':
        num((c.month - 1) / 3 + 1, 1, '0');
        break;
      case 's':
        num(t.sec, 1, '0');
        break;
      case 'N': {
        char ns[16];
        std::snprintf(ns, sizeof ns, "%09ld", t.nsec);
        piece = ns;
        if (has_width && width < 9) piece.resize(width);
        has_width = false;
        numeric = false;
        break;
      }
      case 'z': {
        long off = zone.offset;
        char sign = off < 0 ? '-' : '+';
        off = off < 0 ? -off : off;
        if (colons == 0)
          std::snprintf(buf, sizeof buf, "%c%02ld%02ld", sign, off / 3600, off / 60 % 60);
        else if (colons == 1)
          std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", sign, off / 3600, off / 60 % 60);
        else if (colons == 2)
          std::snprintf(buf, sizeof buf, "%c%02ld:%02ld:%02ld", sign, off / 3600, off / 60 % 60,
                        off % 60);
        else if (off % 3600 == 0)
          std::snprintf(buf, sizeof buf, "%c%02ld", sign, off / 3600);
        else
          std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", sign, off / 3600, off / 60 % 60);
        piece = buf;
        numeric = false;
        break;
      }
      case 'P':
        piece = c.hour < 12 ? "am" : "pm";
        numeric = false;
        break;
      case 'n':
        piece = "\n";
        numeric = false;
        break;
      case 't':
        piece = "\t";
        numeric = false;
        break;
      case '%':
        piece = "%";
        numeric = false;
        break;
      case 'Z':
        piece = zone.name;
        numeric = false;
        break;
      case 'U':
      case 'W':
      case 'V':
      case 'G':
      case 'g': {
        char f[3] = {'%', conv, 0};
        std::strftime(buf, sizeof buf, f, &tm);
        piece = buf;
        natural_width = conv == 'G' ? 4 : 2;
        if (conv == 'G') natural_width = 1;
        break;
      }
      case 'a':
      case 'A':
      case 'b':
      case 'B':
      case 'h':
      case 'p':
      case 'c':
      case 'x':
      case 'X':
      case 'D':
      case 'F':
      case 'T':
      case 'r':
      case 'R': {
        char f[3] = {'%', conv, 0};
        std::strftime(buf, sizeof buf, f, &tm);
        piece = buf;
        numeric = false;
        break;
      }
      default:
        out.append(fmt.substr(start, i - start + 1));
        continue;
    }
    if (upper || (swap && (conv == 'a' || conv == 'A' || conv == 'b' || conv == 'B' ||
                           conv == 'h' || conv == 'Z'))) {
      for (auto& ch : piece) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    } else if (swap && (conv == 'p')) {
      for (auto& ch : piece) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    if (numeric) {
      bool neg = !piece.empty() && piece[0] == '-';
      std::string digits = neg ? piece.substr(1) : piece;
      size_t w = has_width ? width : static_cast<size_t>(natural_width);
      char p = pad == 0 ? natural_pad : pad == '_' ? ' ' : pad == '0' ? '0' : 0;
      if (pad == '-') w = 0;
      size_t len = digits.size() + (neg ? 1 : 0);
      if (p == '0') {
        piece = (neg ? "-" : "") + std::string(w > len ? w - len : 0, '0') + digits;
      } else if (p == ' ') {
        piece = std::string(w > len ? w - len : 0, ' ') + (neg ? "-" : "") + digits;
      }
    } else if (has_width && piece.size() < width) {
      char p = pad == '0' ? '0' : ' ';
      piece = std::string(width - piece.size(), p) + piece;
    }
    out += piece;
  }
  return out;
}

Time now_time() {
  auto d = std::chrono::system_clock::now().time_since_epoch();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  return {ns / 1000000000, static_cast<long>(ns % 1000000000)};
}

int run(Context& ctx, const Args& args) {
  Zone zone = parse_tz(ctx.getenv("TZ", "UTC"));
  if (args.has('u')) zone = Zone{};
  std::string format;
  bool format_set = false;
  const std::string* date_str = nullptr;
  const std::string* file = nullptr;
  const std::string* reference = nullptr;
  int formats = 0;
  for (const auto& o : args.options) {
    std::string_view l = o.spec->long_name;
    switch (o.spec->short_name) {
      case 'd':
        date_str = &o.value;
        break;
      case 'f':
        file = &o.value;
        break;
      case 'r':
        reference = &o.value;
        break;
      case 's':
        ctx.error("cannot set date: Operation not permitted");
        return kExitFailure;
      case 'R':
        format = "%a, %d %b %Y %H:%M:%S %z";
        ++formats;
        break;
      case 'I': {
        std::string v = o.has_value ? o.value : "date";
        static const std::pair<std::string_view, std::string_view> kIso[] = {
            {"date", "%Y-%m-%d"},
            {"hours", "%Y-%m-%dT%H%:z"},
            {"minutes", "%Y-%m-%dT%H:%M%:z"},
            {"seconds", "%Y-%m-%dT%H:%M:%S%:z"},
            {"ns", "%Y-%m-%dT%H:%M:%S,%N%:z"}};
        bool found = false;
        for (auto& [k, f] : kIso) {
          if (k.starts_with(v) && !v.empty()) {
            format = f;
            found = true;
            break;
          }
        }
        if (!found) {
          ctx.error("invalid argument " + quote(v) + " for '--iso-8601'");
          ctx.err() << "Valid arguments are:\n  - 'hours'\n  - 'minutes'\n  - 'date'\n  - "
                       "'seconds'\n  - 'ns'\n"
                    << "Try '" << ctx.name() << " --help' for more information.\n";
          return kExitFailure;
        }
        ++formats;
        break;
      }
      default:
        if (l == "rfc-3339") {
          static const std::pair<std::string_view, std::string_view> kRfc[] = {
              {"date", "%Y-%m-%d"},
              {"seconds", "%Y-%m-%d %H:%M:%S%:z"},
              {"ns", "%Y-%m-%d %H:%M:%S.%N%:z"}};
          bool found = false;
          for (auto& [k, f] : kRfc) {
            if (k.starts_with(o.value) && !o.value.empty()) {
              format = f;
              found = true;
              break;
            }
          }
          if (!found) {
            ctx.error("invalid argument " + quote(o.value) + " for '--rfc-3339'");
            ctx.err() << "Valid arguments are:\n  - 'date'\n  - 'seconds'\n  - 'ns'\n"
                      << "Try '" << ctx.name() << " --help' for more information.\n";
            return kExitFailure;
          }
          ++formats;
        } else if (l == "resolution") {
          ctx.out() << "0.000000001\n";
          return kExitSuccess;
        }
        break;
    }
  }
  std::vector<std::string> ops = args.operands;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i][0] == '+') {
      if (i + 1 < ops.size()) return usage_error(ctx, "extra operand " + quote(ops[i + 1]));
      if (formats > 0) {
        ctx.error("multiple output formats specified");
        return kExitFailure;
      }
      format = ops[i].substr(1);
      format_set = true;
    } else {
      if (i + 1 < ops.size() && ops[i + 1][0] != '+') {
        return usage_error(ctx, "extra operand " + quote(ops[i + 1]));
      }
      // MMDDhhmm[[CC]YY][.ss] would set the clock, which a sandbox cannot.
      std::string_view v = ops[i];
      size_t dot = v.find('.');
      std::string_view main_part = v.substr(0, dot);
      bool digits = std::all_of(main_part.begin(), main_part.end(), [](char ch) {
        return std::isdigit(static_cast<unsigned char>(ch));
      });
      bool valid = digits &&
                   (main_part.size() == 8 || main_part.size() == 10 || main_part.size() == 12) &&
                   (dot == std::string_view::npos || v.size() - dot == 3);
      ctx.error(valid ? "cannot set date: Operation not permitted"
                      : "invalid date " + quote(ops[i]));
      return kExitFailure;
    }
  }
  if (formats > 1) {
    ctx.error("multiple output formats specified");
    return kExitFailure;
  }
  if (!format_set && formats == 0) format = "%a %b %e %H:%M:%S %Z %Y";
  if ((date_str != nullptr) + (file != nullptr) + (reference != nullptr) > 1) {
    return usage_error(ctx, "the options to specify dates for printing are mutually exclusive");
  }
  Time now = now_time();
  if (reference != nullptr) {
    auto st = ctx.fs.stat(*reference);
    if (!st) {
      ctx.error_errno(*reference, st.error());
      return kExitFailure;
    }
    ctx.out() << format_time(format, {st->mtime.tv_sec, st->mtime.tv_nsec}, zone) << '\n';
    return kExitSuccess;
  }
  auto show = [&](const std::string& text) {
    Time t;
    DateParser parser(text, now, zone);
    if (!parser.parse(t)) {
      ctx.error("invalid date " + quote(text));
      return false;
    }
    ctx.out() << format_time(format, t, zone) << '\n';
    return true;
  };
  if (file != nullptr) {
    auto in = ctx.open_input(*file);
    if (!in) {
      ctx.error_errno(*file, in.error());
      return kExitFailure;
    }
    LineReader reader(*in);
    std::string line;
    int status = kExitSuccess;
    while (reader.next(line)) {
      if (!show(line)) status = kExitFailure;
    }
    return status;
  }
  if (date_str != nullptr) return show(*date_str) ? kExitSuccess : kExitFailure;
  ctx.out() << format_time(format, now, zone) << '\n';
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    date,
    {
        .name = "date",
        .usage = "date [OPTION]... [+FORMAT]\ndate [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]",
        .summary = "Display date and time in the given FORMAT.\n"
                   "With -s, or with [MMDDhhmm[[CC]YY][.ss]], set the date and time.",
        .options = kOptions,
        .main = run,
    });

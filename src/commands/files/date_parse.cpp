#include "commands/files/date_parse.h"

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

namespace kefka::cmd::files {
namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
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
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2),
          static_cast<int>(m),
          static_cast<int>(d),
          static_cast<int>(secs / 3600),
          static_cast<int>(secs / 60 % 60),
          static_cast<int>(secs % 60)};
}

int64_t from_civil(const Civil& c) {
  return days_from_civil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day)) *
             86400 +
         c.hour * 3600 + c.minute * 60 + c.second;
}

int month_index(std::string_view word) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return -1;
  std::string w;
  for (char c : word) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (w == "sept") return 8;
  for (int i = 0; i < 12; ++i) {
    if (w.compare(0, 3, kMonths[i]) == 0) return i;
  }
  return -1;
}

// Seconds of a relative unit; months and years are handled separately.
int64_t unit_seconds(const std::string& unit) {
  if (unit == "sec" || unit == "second") return 1;
  if (unit == "min" || unit == "minute") return 60;
  if (unit == "hour") return 3600;
  if (unit == "day") return 86400;
  if (unit == "week") return 7 * 86400;
  if (unit == "fortnight") return 14 * 86400;
  return 0;
}

class Parser {
 public:
  Parser(std::string_view text, timespec now) : s_(text), now_(now) {}

  std::optional<timespec> parse();

 private:
  void skip_space() {
    while (i_ < s_.size() && (std::isspace(static_cast<unsigned char>(s_[i_])) || s_[i_] == ','))
      ++i_;
  }
  bool digits(size_t& n, int64_t& value, size_t max = 19) {
    size_t start = i_;
    value = 0;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])) && i_ - start < max) {
      value = value * 10 + (s_[i_] - '0');
      ++i_;
    }
    n = i_ - start;
    return n > 0;
  }
  std::string word() {
    size_t start = i_;
    while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    std::string w(s_.substr(start, i_ - start));
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return w;
  }
  bool parse_time_of_day();
  bool parse_zone();

  std::string_view s_;
  size_t i_ = 0;
  timespec now_;
  std::optional<int64_t> year_;
  int month_ = 0, day_ = 0;
  bool have_date_ = false, have_time_ = false;
  int hour_ = 0, minute_ = 0, second_ = 0;
  long nsec_ = 0;
  int64_t zone_offset_ = 0;  // seconds east of UTC
  int64_t rel_seconds_ = 0, rel_months_ = 0;
};

bool Parser::parse_time_of_day() {
  size_t save = i_;
  size_t n;
  int64_t h, m, sec = 0;
  if (!digits(n, h, 2) || i_ >= s_.size() || s_[i_] != ':') {
    i_ = save;
    return false;
  }
  ++i_;
  if (!digits(n, m, 2) || n != 2) {
    i_ = save;
    return false;
  }
  long nsec = 0;
  if (i_ < s_.size() && s_[i_] == ':') {
    ++i_;
    if (!digits(n, sec, 2) || n != 2) {
      i_ = save;
      return false;
    }
    if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == ',')) {
      ++i_;
      long scale = 100000000;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
        nsec += (s_[i_] - '0') * scale;
        scale /= 10;
        ++i_;
      }
    }
  }
  if (h > 23 || m > 59 || sec > 60) return false;
  skip_space();
  std::string ampm;
  size_t before = i_;
  ampm = word();
  if (ampm == "am" || ampm == "pm") {
    if (h < 1 || h > 12) return false;
    h = h % 12 + (ampm == "pm" ? 12 : 0);
  } else {
    i_ = before;
  }
  hour_ = static_cast<int>(h);
  minute_ = static_cast<int>(m);
  second_ = static_cast<int>(sec);
  nsec_ = nsec;
  have_time_ = true;
  parse_zone();
  return true;
}

bool Parser::parse_zone() {
  skip_space();
  if (i_ >= s_.size()) return false;
  if (s_[i_] == 'Z' || s_[i_] == 'z') {
    ++i_;
    zone_offset_ = 0;
    return true;
  }
  size_t save = i_;
  std::string w = word();
  if (w == "utc" || w == "gmt" || w == "ut") {
    zone_offset_ = 0;
  } else {
    i_ = save;
  }
  if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-') && have_time_) {
    size_t save2 = i_;
    int sign = s_[i_] == '-' ? -1 : 1;
    ++i_;
    size_t n;
    int64_t hh, mm = 0;
    if (!digits(n, hh, 4)) {
      i_ = save2;
      return false;
    }
    if (n == 4) {
      mm = hh % 100;
      hh /= 100;
    } else if (i_ < s_.size() && s_[i_] == ':') {
      ++i_;
      if (!digits(n, mm, 2)) {
        i_ = save2;
        return false;
      }
    }
    // "+N unit" is a relative item, not an offset.
    size_t after = i_;
    skip_space();
    std::string unit = word();
    i_ = after;
    if (!unit.empty() && unit != "utc") {
      i_ = save2;
      return false;
    }
    zone_offset_ = sign * (hh * 3600 + mm * 60);
    return true;
  }
  return i_ != save;
}

std::optional<timespec> Parser::parse() {
  skip_space();
  if (i_ < s_.size() && s_[i_] == '@') {
    ++i_;
    int sign = 1;
    if (i_ < s_.size() && (s_[i_] == '-' || s_[i_] == '+')) sign = s_[i_++] == '-' ? -1 : 1;
    size_t n;
    int64_t secs;
    if (!digits(n, secs)) return std::nullopt;
    long nsec = 0;
    if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == ',')) {
      ++i_;
      long scale = 100000000;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
        nsec += (s_[i_] - '0') * scale;
        scale /= 10;
        ++i_;
      }
    }
    skip_space();
    if (i_ != s_.size()) return std::nullopt;
    if (sign < 0 && nsec > 0) return timespec{-secs - 1, 1000000000 - nsec};
    return timespec{sign * secs, nsec};
  }
  while (true) {
    skip_space();
    if (i_ >= s_.size()) break;
    char c = s_[i_];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t save = i_;
      size_t n;
      int64_t v;
      digits(n, v);
      if (i_ < s_.size() && s_[i_] == '-' && !have_date_ && n >= 1) {
        // ISO date YYYY-MM-DD.
        ++i_;
        size_t n2, n3;
        int64_t m, d;
        if (!digits(n2, m, 2) || i_ >= s_.size() || s_[i_] != '-') return std::nullopt;
        ++i_;
        if (!digits(n3, d, 2)) return std::nullopt;
        year_ = n == 2 ? (v < 69 ? 2000 + v : 1900 + v) : v;
        month_ = static_cast<int>(m);
        day_ = static_cast<int>(d);
        have_date_ = true;
        if (i_ < s_.size() && (s_[i_] == 'T' || s_[i_] == 't')) ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ':') {
        i_ = save;
        if (!parse_time_of_day()) return std::nullopt;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '/' && !have_date_) {
        // US date MM/DD[/YYYY].
        ++i_;
        size_t n2;
        int64_t d;
        if (!digits(n2, d, 2)) return std::nullopt;
        month_ = static_cast<int>(v);
        day_ = static_cast<int>(d);
        if (i_ < s_.size() && s_[i_] == '/') {
          ++i_;
          int64_t y;
          if (!digits(n2, y)) return std::nullopt;
          year_ = n2 == 2 ? (y < 69 ? 2000 + y : 1900 + y) : y;
        }
        have_date_ = true;
        continue;
      }
      // A number followed by a month name ("2 Jan 2024"), a unit ("3 days"),
      // or a year after a month name.
      skip_space();
      size_t before_word = i_;
      std::string w = word();
      int mi = month_index(w);
      if (mi >= 0 && !have_date_) {
        month_ = mi + 1;
        day_ = static_cast<int>(v);
        have_date_ = true;
        skip_space();
        size_t n2;
        int64_t y;
        size_t save2 = i_;
        if (digits(n2, y) && (i_ >= s_.size() || s_[i_] != ':')) {
          year_ = y;
        } else {
          i_ = save2;
        }
        continue;
      }
      std::string unit = w;
      if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
      if (unit_seconds(unit) > 0 || unit == "month" || unit == "year") {
        skip_space();
        size_t before_ago = i_;
        bool ago = word() == "ago";
        if (!ago) i_ = before_ago;
        int64_t amount = ago ? -v : v;
        if (unit == "month") {
          rel_months_ += amount;
        } else if (unit == "year") {
          rel_months_ += 12 * amount;
        } else {
          rel_seconds_ += amount * unit_seconds(unit);
        }
        continue;
      }
      i_ = before_word;
      if (have_date_ && !year_) {
        year_ = v;
        continue;
      }
      if (n == 8 && !have_date_) {
        year_ = v / 10000;
        month_ = static_cast<int>(v / 100 % 100);
        day_ = static_cast<int>(v % 100);
        have_date_ = true;
        continue;
      }
      return std::nullopt;
    }
    if (c == '+' || c == '-') {
      ++i_;
      skip_space();
      size_t n;
      int64_t v;
      if (!digits(n, v)) return std::nullopt;
      skip_space();
      std::string unit = word();
      if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
      int64_t amount = c == '-' ? -v : v;
      skip_space();
      size_t before_ago = i_;
      if (word() == "ago") {
        amount = -amount;
      } else {
        i_ = before_ago;
      }
      if (unit == "month") {
        rel_months_ += amount;
      } else if (unit == "year") {
        rel_months_ += 12 * amount;
      } else if (unit_seconds(unit) > 0) {
        rel_seconds_ += amount * unit_seconds(unit);
      } else {
        return std::nullopt;
      }
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      std::string w = word();
      if (w == "now" || w == "today") continue;
      if (w == "yesterday") {
        rel_seconds_ -= 86400;
        continue;
      }
      if (w == "tomorrow") {
        rel_seconds_ += 86400;
        continue;
      }
      if (w == "utc" || w == "gmt" || w == "z") continue;
      if (w == "next" || w == "last" || w == "this") {
        skip_space();
        std::string unit = word();
        if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
        int64_t amount = w == "next" ? 1 : w == "last" ? -1 : 0;
        if (unit == "month") {
          rel_months_ += amount;
        } else if (unit == "year") {
          rel_months_ += 12 * amount;
        } else if (unit_seconds(unit) > 0) {
          rel_seconds_ += amount * unit_seconds(unit);
        } else {
          return std::nullopt;
        }
        continue;
      }
      int mi = month_index(w);
      if (mi >= 0 && !have_date_) {
        month_ = mi + 1;
        skip_space();
        size_t n;
        int64_t d;
        if (!digits(n, d, 2)) return std::nullopt;
        day_ = static_cast<int>(d);
        have_date_ = true;
        skip_space();
        size_t save = i_;
        int64_t y;
        if (digits(n, y) && (i_ >= s_.size() || s_[i_] != ':')) {
          year_ = y;
        } else {
          i_ = save;
        }
        continue;
      }
      static constexpr const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
      bool weekday = false;
      for (const char* d : kDays) weekday = weekday || (w.size() >= 3 && w.compare(0, 3, d) == 0);
      if (weekday) continue;  // a weekday name next to a full date is redundant
      return std::nullopt;
    }
    return std::nullopt;
  }
  Civil base = to_civil(now_.tv_sec);
  Civil c = base;
  long nsec = now_.tv_nsec;
  if (have_date_ || have_time_) {
    if (have_date_) {
      c.year = year_.value_or(base.year);
      c.month = month_;
      c.day = day_;
      if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31) return std::nullopt;
    }
    c.hour = have_time_ ? hour_ : 0;
    c.minute = have_time_ ? minute_ : 0;
    c.second = have_time_ ? second_ : 0;
    nsec = have_time_ ? nsec_ : 0;
  }
  if (rel_months_ != 0) {
    int64_t total = c.year * 12 + (c.month - 1) + rel_months_;
    c.year = total >= 0 ? total / 12 : (total - 11) / 12;
    c.month = static_cast<int>(total - c.year * 12) + 1;
  }
  int64_t t = from_civil(c) - ((have_date_ || have_time_) ? zone_offset_ : 0) + rel_seconds_;
  return timespec{static_cast<time_t>(t), nsec};
}

}  // namespace

std::optional<timespec> parse_date(std::string_view text, timespec now) {
  return Parser(text, now).parse();
}

std::optional<timespec> parse_touch_stamp(std::string_view text, timespec now) {
  std::string_view main = text;
  int64_t seconds = 0;
  size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    std::string_view ss = text.substr(dot + 1);
    if (ss.size() != 2 || !std::isdigit(static_cast<unsigned char>(ss[0])) ||
        !std::isdigit(static_cast<unsigned char>(ss[1]))) {
      return std::nullopt;
    }
    seconds = (ss[0] - '0') * 10 + (ss[1] - '0');
    main = text.substr(0, dot);
  }
  for (char c : main) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int64_t v = 0;
    for (size_t k = 0; k < len; ++k) v = v * 10 + (main[pos + k] - '0');
    return v;
  };
  Civil c = to_civil(now.tv_sec);
  size_t pos = 0;
  switch (main.size()) {
    case 12:
      c.year = num(0, 4);
      pos = 4;
      break;
    case 10: {
      int64_t yy = num(0, 2);
      c.year = yy < 69 ? 2000 + yy : 1900 + yy;
      pos = 2;
      break;
    }
    case 8:
      break;
    default:
      return std::nullopt;
  }
  c.month = static_cast<int>(num(pos, 2));
  c.day = static_cast<int>(num(pos + 2, 2));
  c.hour = static_cast<int>(num(pos + 4, 2));
  c.minute = static_cast<int>(num(pos + 6, 2));
  c.second = static_cast<int>(seconds);
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.minute > 59 ||
      c.second > 60) {
    return std::nullopt;
  }
  return timespec{static_cast<time_t>(from_civil(c)), 0};
}

}  // namespace kefka::cmd::files

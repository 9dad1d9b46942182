#include "commands/common/time_zone.h"

#include <algorithm>
#include <cctype>

namespace kefka::cmd {
namespace {

constexpr std::string_view kZoneDir = "/usr/share/zoneinfo/";
constexpr uint64_t kMaxZoneFile = 1 << 20;  // real ones are under 4 KiB
constexpr long kDay = 86400;

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int month_days(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Big-endian readers over a bounds-checked cursor.
class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}
  bool has(size_t n) const { return data_.size() - pos_ >= n; }
  void skip(size_t n) { pos_ += n; }
  uint8_t u8() { return static_cast<uint8_t>(data_[pos_++]); }
  int64_t be(size_t bytes) {
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i) v = (v << 8) | u8();
    if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  std::string_view take(size_t n) {
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Counts {
  uint32_t isut, isstd, leap, time, type, chars;
};

bool read_header(Cursor& c, char& version, Counts& n) {
  if (!c.has(44) || c.take(4) != "TZif") return false;
  version = static_cast<char>(c.u8());
  c.skip(15);
  n.isut = static_cast<uint32_t>(c.be(4));
  n.isstd = static_cast<uint32_t>(c.be(4));
  n.leap = static_cast<uint32_t>(c.be(4));
  n.time = static_cast<uint32_t>(c.be(4));
  n.type = static_cast<uint32_t>(c.be(4));
  n.chars = static_cast<uint32_t>(c.be(4));
  return n.type > 0 && n.type <= 256 && n.time <= 100000 && n.chars <= 4096 && n.leap <= 10000 &&
         n.isut <= 256 && n.isstd <= 256;
}

size_t block_size(const Counts& n, size_t time_bytes) {
  return n.time * time_bytes + n.time + n.type * 6 + n.chars + n.leap * (time_bytes + 4) + n.isstd +
         n.isut;
}

// [+-]hh[:mm[:ss]] as seconds; max_hours bounds hh.
bool parse_hms(std::string_view& s, long max_hours, long& out) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  long parts[3] = {0, 0, 0};
  for (int p = 0; p < 3; ++p) {
    if (p > 0) {
      if (s.empty() || s[0] != ':') break;
      s.remove_prefix(1);
    }
    size_t digits = 0;
    while (digits < s.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(s[digits])))
      parts[p] = parts[p] * 10 + (s[digits++] - '0');
    if (digits == 0) return false;
    s.remove_prefix(digits);
  }
  if (parts[0] > max_hours || parts[1] > 59 || parts[2] > 59) return false;
  out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

// A zone name: <quoted> or three or more letters.
bool parse_name(std::string_view& s, std::string& name) {
  if (!s.empty() && s[0] == '<') {
    size_t close = s.find('>');
    if (close == std::string_view::npos) return false;
    name = std::string(s.substr(1, close - 1));
    s.remove_prefix(close + 1);
    return name.size() >= 3;
  }
  size_t n = 0;
  while (n < s.size() && std::isalpha(static_cast<unsigned char>(s[n]))) ++n;
  name = std::string(s.substr(0, n));
  s.remove_prefix(n);
  return n >= 3;
}

}  // namespace

TimeZone::TimeZone() {
  abbrevs_ = {"UTC"};
  types_ = {Type{}};
}

TimeZone TimeZone::from_env(const Context& ctx) {
  auto it = ctx.env.find("TZ");
  if (it == ctx.env.end()) return TimeZone();
  return load(ctx.fs, it->second);
}

TimeZone TimeZone::load(const vfs::FsView& fs, std::string_view tz) {
  TimeZone zone;
  if (!tz.empty() && tz[0] == ':') tz.remove_prefix(1);
  if (tz.empty()) return zone;
  std::string path = tz[0] == '/' ? std::string(tz) : std::string(kZoneDir) + std::string(tz);
  if (tz.find('\0') == std::string_view::npos) {
    if (auto data = fs.read_file(path, kMaxZoneFile); data && zone.parse_tzif(*data)) return zone;
  }
  zone.transitions_.clear();
  zone.transition_types_.clear();
  std::vector<std::string> names;
  std::string leading;
  if (parse_posix(tz, zone.footer_, names, &leading)) {
    zone.abbrevs_ = std::move(names);
    zone.types_ = {zone.footer_.std_type};
    return zone;
  }
  zone.footer_ = Posix{};
  zone.abbrevs_ = {leading};
  zone.types_ = {Type{}};
  return zone;
}

bool TimeZone::parse_posix(std::string_view s, Posix& out, std::vector<std::string>& names,
                           std::string* leading_name) {
  out = Posix{};
  std::string std_name, dst_name;
  bool named = parse_name(s, std_name);
  if (leading_name != nullptr) *leading_name = named ? std_name : "";
  if (!named) return false;
  long std_west = 0;
  if (!parse_hms(s, 24, std_west)) return false;
  names = {std_name};
  out.std_type = {-std_west, false, 0};
  if (!s.empty()) {
    if (!parse_name(s, dst_name)) return false;
    names.push_back(dst_name);
    out.has_dst = true;
    long dst_west = std_west - 3600;
    if (!s.empty() && s[0] != ',' && !parse_hms(s, 24, dst_west)) return false;
    out.dst_type = {-dst_west, true, 1};
    // Without rules, glibc falls back to the US rules of its posixrules file.
    out.start = {'M', 3, 2, 0, 7200};
    out.end = {'M', 11, 1, 0, 7200};
    auto rule = [&s](RuleDate& r) {
      if (s.empty() || s[0] != ',') return false;
      s.remove_prefix(1);
      auto number = [&s](int& v) {
        size_t n = 0;
        v = 0;
        while (n < s.size() && n < 4 && std::isdigit(static_cast<unsigned char>(s[n])))
          v = v * 10 + (s[n++] - '0');
        s.remove_prefix(n);
        return n > 0;
      };
      if (!s.empty() && s[0] == 'M') {
        s.remove_prefix(1);
        r.kind = 'M';
        if (!number(r.month) || s.empty() || s[0] != '.') return false;
        s.remove_prefix(1);
        if (!number(r.week) || s.empty() || s[0] != '.') return false;
        s.remove_prefix(1);
        if (!number(r.day)) return false;
        if (r.month < 1 || r.month > 12 || r.week < 1 || r.week > 5 || r.day > 6) return false;
      } else if (!s.empty() && s[0] == 'J') {
        s.remove_prefix(1);
        r.kind = 'J';
        if (!number(r.day) || r.day < 1 || r.day > 365) return false;
      } else {
        r.kind = 'n';
        if (!number(r.day) || r.day > 365) return false;
      }
      r.time = 7200;
      if (!s.empty() && s[0] == '/') {
        s.remove_prefix(1);
        if (!parse_hms(s, 167, r.time)) return false;
      }
      return true;
    };
    if (!s.empty()) {
      if (!rule(out.start) || !rule(out.end) || !s.empty()) return false;
    }
  }
  out.valid = true;
  return true;
}

bool TimeZone::parse_tzif(std::string_view data) {
  Cursor c(data);
  char version = 0;
  Counts n{};
  if (!read_header(c, version, n)) return false;
  size_t time_bytes = 4;
  if (version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    size_t v1 = block_size(n, 4);
    if (!c.has(v1)) return false;
    c.skip(v1);
    if (!read_header(c, version, n)) return false;
    time_bytes = 8;
  }
  if (!c.has(block_size(n, time_bytes))) return false;
  transitions_.resize(n.time);
  for (auto& t : transitions_) t = c.be(time_bytes);
  transition_types_.resize(n.time);
  for (auto& t : transition_types_) {
    t = c.u8();
    if (t >= n.type) return false;
  }
  types_.resize(n.type);
  std::vector<uint8_t> abbrev_index(n.type);
  for (uint32_t i = 0; i < n.type; ++i) {
    types_[i].utoff = static_cast<long>(c.be(4));
    types_[i].dst = c.u8() != 0;
    abbrev_index[i] = c.u8();
  }
  std::string_view chars = c.take(n.chars);
  abbrevs_.clear();
  for (uint32_t i = 0; i < n.type; ++i) {
    size_t at = std::min<size_t>(abbrev_index[i], chars.size());
    size_t end = chars.find('\0', at);
    abbrevs_.emplace_back(chars.substr(at, end == std::string_view::npos ? end : end - at));
    types_[i].abbrev = i;
  }
  c.skip(n.leap * (time_bytes + 4) + n.isstd + n.isut);
  footer_ = Posix{};
  if (time_bytes == 8) {
    std::string_view rest = c.rest();
    if (rest.size() >= 2 && rest[0] == '\n') {
      size_t end = rest.find('\n', 1);
      if (end != std::string_view::npos && end > 1) {
        std::vector<std::string> names;
        if (parse_posix(rest.substr(1, end - 1), footer_, names, nullptr)) {
          // The footer's names go after the file's own.
          size_t base = abbrevs_.size();
          for (auto& name : names) abbrevs_.push_back(std::move(name));
          footer_.std_type.abbrev += base;
          footer_.dst_type.abbrev += base;
        } else {
          footer_ = Posix{};
        }
      }
    }
  }
  return true;
}

namespace {

// Local seconds since the epoch at which a rule date fires in `year`.
template <typename Rule>
int64_t rule_local_time(const Rule& r, int64_t year) {
  int64_t jan1 = days_from_civil(year, 1, 1);
  int64_t day;
  if (r.kind == 'J') {
    day = r.day - 1 + (is_leap(year) && r.day >= 60 ? 1 : 0);
  } else if (r.kind == 'n') {
    day = r.day;
  } else {
    int64_t first = days_from_civil(year, static_cast<unsigned>(r.month), 1);
    int wday_first = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01 was a Thursday
    int mday = 1 + (r.day - wday_first + 7) % 7 + (r.week - 1) * 7;
    while (mday > month_days(year, r.month)) mday -= 7;
    day = first - jan1 + mday - 1;
  }
  return (jan1 + day) * kDay + r.time;
}

}  // namespace

TimeZone::Offset TimeZone::posix_at(const Posix& p, int64_t utc) const {
  if (!p.has_dst) return make(p.std_type);
  // glibc takes the year of the UTC time, not of the local one.
  int64_t year = to_civil(utc).year;
  int64_t start = rule_local_time(p.start, year) - p.std_type.utoff;
  int64_t end = rule_local_time(p.end, year) - p.dst_type.utoff;
  bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
  return make(dst ? p.dst_type : p.std_type);
}

TimeZone::Offset TimeZone::at(int64_t utc) const {
  if (transitions_.empty()) {
    if (footer_.valid) return posix_at(footer_, utc);
    return make(types_[0]);
  }
  if (utc < transitions_.front()) return make(types_[0]);
  size_t i = static_cast<size_t>(std::upper_bound(transitions_.begin(), transitions_.end(), utc) -
                                 transitions_.begin()) -
             1;
  if (i + 1 == transitions_.size() && footer_.valid) return posix_at(footer_, utc);
  return make(types_[transition_types_[i]]);
}

int64_t TimeZone::to_utc(int64_t local) const {
  long first = at(local).utoff;
  int64_t guess = local - first;
  long second = at(guess).utoff;
  if (second == first) return guess;
  int64_t retry = local - second;
  if (at(retry).utoff == second) return retry;
  return local - std::min(first, second);  // in a gap: the offset before it
}

std::tm TimeZone::to_tm(int64_t utc) const {
  Offset o = at(utc);
  int64_t local = utc + o.utoff;
  Civil c = to_civil(local);
  std::tm tm{};
  tm.tm_year = static_cast<int>(c.year - 1900);
  tm.tm_mon = c.month - 1;
  tm.tm_mday = c.day;
  tm.tm_hour = c.hour;
  tm.tm_min = c.minute;
  tm.tm_sec = c.second;
  int64_t days = floor_div(local, kDay);
  tm.tm_wday = static_cast<int>(((days % 7) + 11) % 7);
  tm.tm_yday = static_cast<int>(days - days_from_civil(c.year, 1, 1));
  tm.tm_isdst = o.dst ? 1 : 0;
  tm.tm_gmtoff = o.utoff;
  tm.tm_zone = o.abbrev->c_str();
  return tm;
}

// GNU parse_datetime in a zone whose offset depends on the result, searched
// like glibc's mktime: start from the offset at the local time read as UTC,
// then use the offset at each result until one reproduces itself. A local
// time that never settles lies in a gap (skipped by a change): invalid, as
// in GNU. In an overlap this picks the instant glibc picks.
namespace {

// Splits GNU's leading `TZ="ZONE"` off text (backslash escapes \" and \\ inside
// the quotes). Returns false when text does not start with one.
bool split_embedded_zone(std::string_view& text, std::string& zone) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (text.substr(i, 4) != "TZ=\"") return false;
  for (i += 4; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      text.remove_prefix(i + 1);
      return true;
    }
    if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\'))
      c = text[++i];
    zone += c;
  }
  return false;  // unterminated: GNU rejects the date
}

}  // namespace

std::optional<Timestamp> parse_datetime_in_zone(std::string_view text, Timestamp now,
                                                const TimeZone& tz, const vfs::FsView* fs) {
  std::string zone_name;
  if (fs != nullptr && split_embedded_zone(text, zone_name)) {
    return parse_datetime_in_zone(text, now, TimeZone::load(*fs, zone_name));
  }
  std::optional<Timestamp> t = parse_datetime(text, now, 0);
  if (!t) return t;
  long offset = tz.at(t->sec).utoff;
  for (int attempt = 0; attempt < 4; ++attempt) {
    t = parse_datetime(text, now, offset);
    if (!t) return t;
    long actual = tz.at(t->sec).utoff;
    if (actual == offset) return t;
    offset = actual;
  }
  return std::nullopt;
}

std::string format_local_time(const Context& ctx, std::string_view fmt, Timestamp t) {
  TimeZone zone = TimeZone::from_env(ctx);
  std::tm tm = zone.to_tm(t.sec);
  std::string format(fmt);
  std::string out(64 + format.size() * 4, '\0');
  for (int attempt = 0; attempt < 6; ++attempt) {
    // strftime returns 0 both for "too small" and for an empty result.
    size_t n = std::strftime(out.data(), out.size(), format.c_str(), &tm);
    if (n > 0 || format.empty()) {
      out.resize(n);
      return out;
    }
    out.resize(out.size() * 4);
  }
  return {};
}

}  // namespace kefka::cmd

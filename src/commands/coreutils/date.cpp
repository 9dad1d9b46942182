// date: print or parse dates (GNU coreutils 9.1).
// Times are UTC unless TZ is set; TZ names a tz database zone under the
// sandbox's /usr/share/zoneinfo or is a POSIX TZ string (common/time_zone.h). -d understands the
// common GNU forms: @EPOCH, ISO dates and times with zones, month names, now/today/
// yesterday/tomorrow, weekdays, "N unit [ago]", next/last. +FORMAT supports
// GNU's conversions and the - _ 0 ^ # flags and widths.
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <ctime>

#include "commands/command.h"
#include "commands/common/date_parse.h"
#include "commands/common/time_zone.h"
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

// The offset and abbreviation in effect at t.
Zone zone_at(const TimeZone& tz, int64_t t) {
  TimeZone::Offset o = tz.at(t);
  return Zone{o.utoff, *o.abbrev};
}

using Time = Timestamp;

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
        // An abbreviation like "-00" marks an unknown offset: RFC 3339's -00:00.
        char sign = off < 0 || (off == 0 && zone.name.starts_with('-')) ? '-' : '+';
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
  TimeZone zone = args.has('u') ? TimeZone() : TimeZone::from_env(ctx);
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
          ctx.error("invalid argument " + quote(v) + " for " + quote("--iso-8601"));
          ctx.err() << "Valid arguments are:\n";
          for (const char* w : {"hours", "minutes", "date", "seconds", "ns"})
            ctx.err() << "  - " << quote(w) << '\n';
          ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
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
            ctx.error("invalid argument " + quote(o.value) + " for " + quote("--rfc-3339"));
            ctx.err() << "Valid arguments are:\n";
            for (const char* w : {"date", "seconds", "ns"}) ctx.err() << "  - " << quote(w) << '\n';
            ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
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
    ctx.out() << format_time(format, {st->mtime.tv_sec, st->mtime.tv_nsec},
                             zone_at(zone, st->mtime.tv_sec))
              << '\n';
    return kExitSuccess;
  }
  auto show = [&](const std::string& text) {
    std::optional<Time> t = parse_datetime_in_zone(text, now, zone, &ctx.fs);
    if (!t) {
      ctx.error("invalid date " + quote(text));
      return false;
    }
    // GNU needs the local and the UTC year in a struct tm's int.
    int64_t local = 0;
    bool overflow = __builtin_add_overflow(t->sec, zone.at(t->sec).utoff, &local);
    auto fits = [](int64_t seconds) {
      int64_t year = to_civil(seconds).year - 1900;
      return year >= INT_MIN && year <= INT_MAX;
    };
    if (overflow || !fits(local) || !fits(t->sec)) {
      ctx.error("time " + quote(std::to_string(t->sec)) + " is out of range");
      return false;
    }
    ctx.out() << format_time(format, *t, zone_at(zone, t->sec)) << '\n';
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
  ctx.out() << format_time(format, now, zone_at(zone, now.sec)) << '\n';
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

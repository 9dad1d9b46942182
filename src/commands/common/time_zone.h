// Local time as glibc computes it from TZ: a tz database file (TZif, RFC
// 8536) read from the sandbox's /usr/share/zoneinfo, or a POSIX TZ string
// such as "EST5EDT,M3.2.0,M11.1.0", "UTC-3" or "<+05>-5". TZ unset or empty
// means UTC (the sandbox has no /etc/localtime). Unparsable values act as UTC
// with the name they start with, like glibc ("Foo/Bar" gives "Foo").
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.h"
#include "commands/common/date_parse.h"

namespace kefka::cmd {

class TimeZone {
 public:
  // What applies at one instant.
  struct Offset {
    long utoff = 0;  // seconds east of UTC
    bool dst = false;
    const std::string* abbrev = nullptr;
  };

  TimeZone();  // UTC
  // The zone named by the TZ environment variable of ctx.
  static TimeZone from_env(const Context& ctx);
  // `tz` as the value of TZ; zone files are looked up through fs.
  static TimeZone load(const vfs::FsView& fs, std::string_view tz);

  Offset at(int64_t utc) const;
  // The UTC instant of a local wall-clock time (seconds since the epoch as if
  // local time were UTC), choosing like mktime with tm_isdst = -1: in a gap
  // the offset before it, in an overlap the earlier instant.
  int64_t to_utc(int64_t local) const;
  // A struct tm for strftime(), with tm_gmtoff and tm_zone (valid while this
  // TimeZone lives).
  std::tm to_tm(int64_t utc) const;

 private:
  struct Type {
    long utoff = 0;
    bool dst = false;
    size_t abbrev = 0;  // index into abbrevs_
  };
  // A POSIX TZ rule date: Jn (julian, no Feb 29), n (zero-based day), Mm.w.d.
  struct RuleDate {
    char kind = 'M';
    int month = 0, week = 0, day = 0;
    long time = 7200;  // seconds after local midnight
  };
  struct Posix {
    bool valid = false;
    Type std_type, dst_type;
    bool has_dst = false;
    RuleDate start, end;
  };

  bool parse_tzif(std::string_view data);
  static bool parse_posix(std::string_view spec, Posix& out, std::vector<std::string>& names,
                          std::string* leading_name);
  Offset posix_at(const Posix& p, int64_t utc) const;
  Offset make(const Type& t) const { return {t.utoff, t.dst, &abbrevs_[t.abbrev]}; }

  std::vector<int64_t> transitions_;
  std::vector<uint8_t> transition_types_;
  std::vector<Type> types_;
  std::vector<std::string> abbrevs_;
  Posix footer_;  // rules after the last transition (or the whole zone)
};

// GNU parse_datetime (date -d, touch -d) where times without a zone are local
// to `tz`, DST included; nullopt for invalid text or a local time that falls
// in a gap. With `fs`, a leading TZ="ZONE" (GNU's embedded zone) replaces tz
// for the rest of the text, its zone file looked up through fs.
std::optional<Timestamp> parse_datetime_in_zone(std::string_view text, Timestamp now,
                                                const TimeZone& tz,
                                                const vfs::FsView* fs = nullptr);

// strftime(fmt) of t in the zone given by TZ (for headers and listings).
std::string format_local_time(const Context& ctx, std::string_view fmt, Timestamp t);

}  // namespace kefka::cmd

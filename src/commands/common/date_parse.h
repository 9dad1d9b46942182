// GNU parse_datetime as used by date -d and touch -d, plus the proleptic
// Gregorian calendar arithmetic both need. Forms: "@SECONDS[.frac]", ISO 8601
// dates and times ("2024-01-02", "24-01-02", "20240102", "2024-01-02T03:04:05Z",
// "+hh:mm" / "+hhmm" offsets after a time, "UTC"), "MM/DD[/YY[YY]]",
// "Jan 2 [2024]", "2 Jan [2024]", times with am/pm, now/today/yesterday/
// tomorrow, weekdays ("next friday"), and relative items ("1 day ago",
// "-2 hours", "+3 weeks", "last month").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kefka::cmd {

struct Timestamp {
  int64_t sec = 0;
  long nsec = 0;
};

// A broken-down time with no zone attached.
struct Civil {
  int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
Civil to_civil(int64_t seconds);
// Inverse of to_civil; months outside 1..12 and days past the month's end
// carry over (for "+1 month" arithmetic).
int64_t from_civil(const Civil& c);

// Parses `text` relative to `now`. Dates and times without an explicit zone
// are in the zone `zone_offset` seconds east of UTC.
std::optional<Timestamp> parse_datetime(std::string_view text, Timestamp now, long zone_offset);

}  // namespace kefka::cmd

// A subset of GNU parse_datetime for touch -d (and other file commands):
// "@SECONDS[.frac]", ISO 8601 dates and times ("2024-01-02", "2024-01-02
// 03:04[:05[.frac]]", "2024-01-02T03:04:05Z", "+hh:mm" offsets, "UTC"),
// "Jan 2 2024 [time]", "2 Jan 2024", a lone time of day, "now", "today",
// "yesterday", "tomorrow", and relative items ("1 day ago", "-2 hours",
// "+3 weeks", "next week", "last month"). Times are UTC unless an offset is
// given.
#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace kefka::cmd::files {

std::optional<timespec> parse_date(std::string_view text, timespec now);

// touch -t: [[CC]YY]MMDDhhmm[.ss] in UTC.
std::optional<timespec> parse_touch_stamp(std::string_view text, timespec now);

}  // namespace kefka::cmd::files

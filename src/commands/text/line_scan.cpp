// The match-finding half of the grep/rg line scan (see line_scan.h).
#include "commands/text/line_scan.h"

namespace kefka::cmd {

bool find_matching_line(const Regex& rx, std::string_view region, size_t pos, MatchSpan* span,
                        size_t* ls, size_t* le) {
  const char* base = region.data();
  size_t limit = region.size();
  while (pos < limit) {
    if (!rx.search(region, pos, span, 1)) return false;
    size_t s = span[0].begin;
    if (s >= limit) return false;  // an empty match after the last line
    size_t start = s;
    while (start > pos && base[start - 1] != '\n') --start;
    const char* e = static_cast<const char*>(std::memchr(base + s, '\n', limit - s));
    size_t end = e ? static_cast<size_t>(e - base) : limit;
    if (span[0].end <= end || rx.search(region.substr(start, end - start), 0, span, 0)) {
      *ls = start, *le = end;
      return true;
    }
    pos = end + 1;
  }
  return false;
}

}  // namespace kefka::cmd

// The line-by-line search loop shared by grep and rg: finding the next line
// that holds a match, and walking a buffer of whole lines while routing each
// one to the searcher as selected, unselected (context) or trailing context
// after -m's last match. Output formats stay with each tool.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include "commands/text/regex.h"

namespace kefka::cmd {

// A line kept for leading context (-B): its bounds in the buffer and number.
struct ContextLine {
  size_t begin, end;
  long long number;
};

// Finds the first line of `region` at or after `pos` (a line start) holding a
// match of `rx`; lines end in '\n', the last one may end at region.size().
// Sets [*ls, *le) to the line without its newline. `span` receives the match
// (one element at least). A match that runs past the line end ([^x], \s) is
// confirmed on the line alone.
bool find_matching_line(const Regex& rx, std::string_view region, size_t pos, MatchSpan* span,
                        size_t* ls, size_t* le);

// Walks the whole lines in s.buf_[pos, limit) (each ending in `eol`) for a
// searcher that grants this function friendship and has:
//   members   buf_, lineno_, max_reached_, after_left_, cfg_.invert,
//             cfg_.before, cfg_.after, ctx_.budget
//   methods   find_next(pos, limit, &ls, &le) -> bool
//             on_selected(ls, le, number) -> bool (false: the file is done)
//             on_unselected(ls, le, number)
//             trailing_context(ls, le, number)  (a line after -m's last match)
//             skip_lines(from, to)  (unvisited lines: advance lineno_)
// Returns false when the file is done.
template <class Searcher>
bool scan_lines(Searcher& s, size_t pos, size_t limit, char eol) {
  const char* base = s.buf_.data();
  bool visit_unselected = s.cfg_.invert || s.cfg_.before > 0 || s.cfg_.after > 0;
  while (pos < limit) {
    if (s.max_reached_) {
      // Only trailing context remains after -m's last line.
      if (s.after_left_ <= 0) return false;
      const char* e = static_cast<const char*>(std::memchr(base + pos, eol, limit - pos));
      size_t le = e - base;
      s.trailing_context(pos, le, s.lineno_);
      ++s.lineno_;
      pos = le + 1;
      continue;
    }
    size_t ls = limit, le = limit;
    bool found = s.find_next(pos, limit, &ls, &le);
    if (visit_unselected) {
      // Every line before the next match is unselected (or selected under -v).
      while (pos < ls) {
        s.ctx_.budget.check();
        const char* e = static_cast<const char*>(std::memchr(base + pos, eol, ls - pos));
        size_t end = e - base;
        if (s.cfg_.invert) {
          if (!s.on_selected(pos, end, s.lineno_)) return false;
        } else {
          s.on_unselected(pos, end, s.lineno_);
        }
        ++s.lineno_;
        pos = end + 1;
        if (s.max_reached_) break;
      }
      if (s.max_reached_) continue;
    } else {
      s.skip_lines(pos, ls);
    }
    if (!found) return true;
    if (s.cfg_.invert) {
      s.on_unselected(ls, le, s.lineno_);
    } else if (!s.on_selected(ls, le, s.lineno_)) {
      return false;
    }
    ++s.lineno_;
    pos = le + 1;
  }
  return true;
}

}  // namespace kefka::cmd

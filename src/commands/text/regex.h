// The regular-expression facade shared by the text tools (grep, sed, awk...).
//
// Patterns are written in GNU's POSIX dialects (BRE with \+ \? \|, ERE), or in
// Perl syntax for grep -P. They are translated once into the Perl-like syntax
// understood by RE2 and PCRE2, then run by:
//   - RE2 (linear time, POSIX leftmost-longest) for everything it can express;
//   - PCRE2 when the pattern needs back-references or look-around (\< \> that
//     RE2 cannot emulate, -P), with match and depth limits: a pattern that hits
//     them throws RegexLimitError instead of running unbounded.
//
// Locale emulated: C.UTF-8. `.` and bracket expressions match one UTF-8
// character; character classes ([[:alpha:]], \w) are ASCII-only, as in glibc's
// C.UTF-8. Subjects are arbitrary bytes (NULs included).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kefka::cmd {

enum class RegexSyntax {
  kBasic,     // POSIX BRE, GNU flavour
  kExtended,  // POSIX ERE, GNU flavour
  kPerl,      // PCRE (grep -P)
  kFixed,     // a literal string (grep -F)
  kRe2,       // RE2's own syntax, leftmost-first (rg: Rust's regex syntax is close)
};

struct RegexOptions {
  RegexSyntax syntax = RegexSyntax::kBasic;
  bool icase = false;
  // grep: the subject is a buffer of lines and no match crosses a newline: ^ $
  // \` \' are line anchors, and . [^x] \W \s never match a newline.
  bool line_mode = false;
  // sed's M flag: ^ and $ also match around embedded newlines.
  bool multiline = false;
  // sed: \n \t \f \v \a \dNNN \oNNN \xHH \cX denote characters in the pattern.
  bool sed_escapes = false;
  // sed: `.` and [^x] also match a newline of the pattern space.
  bool dot_matches_newline = false;
  // UTF-8 characters (C.UTF-8) or single bytes (the C locale).
  bool utf8 = true;
  // grep -x / -w: every alternative must match a whole line / whole words.
  bool whole_line = false;
  bool whole_word = false;
};

// Whether the locale named by LC_ALL, else LC_CTYPE, else LANG uses UTF-8.
bool locale_is_utf8(std::string_view lc_all, std::string_view lc_ctype, std::string_view lang);
// Whether `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);
// Length of the UTF-8 character at text[i] (1 for an invalid byte).
size_t utf8_char_length(std::string_view text, size_t i);
// Appends one character (ASCII, or a UTF-8 sequence of Latin-1, Latin
// Extended-A, Greek or Cyrillic) converted to upper or lower case.
void append_case_converted(std::string_view ch, bool upper, std::string& out);

// A span of the subject; begin == npos for a group that did not take part.
struct MatchSpan {
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t begin = npos;
  size_t end = npos;
  bool matched() const { return begin != npos; }
  size_t size() const { return end - begin; }
};

// A pattern ran into PCRE2's match/depth limit (catastrophic backtracking).
class RegexLimitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Regex {
 public:
  // Compiles `pattern`; on failure returns nullptr and sets *error to GNU's
  // message ("Unmatched ( or \\(", "Invalid back reference"...).
  static std::unique_ptr<Regex> compile(std::string_view pattern, const RegexOptions& options,
                                        std::string* error);
  // Compiles several patterns as one alternation (grep -e A -e B): a line
  // matches when any of them matches. Back-references stay per pattern.
  static std::unique_ptr<Regex> compile_any(std::span<const std::string_view> patterns,
                                            const RegexOptions& options, std::string* error);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Searches text[start..] (text before `start` is context for ^, \b...).
  // Fills groups[0..ngroups) (group 0 is the whole match) when ngroups > 0.
  // Throws RegexLimitError when a backtracking limit is hit.
  bool search(std::string_view text, size_t start, MatchSpan* groups, int ngroups) const;
  // True when the whole of `text` matches (anchored both ends).
  bool full_match(std::string_view text) const;
  // Number of capturing groups in the pattern.
  int group_count() const { return groups_; }
  // Whether the PCRE2 engine was chosen (back-references, look-around, -P).
  bool uses_backtracking() const { return pcre_ != nullptr; }
  // A fixed-length pattern of byte classes, matched without an automaton
  // (defined in regex.cpp).
  struct ClassSequence;

  // The translated pattern (for debugging and tests).
  const std::string& translated() const { return translated_; }

 private:
  Regex() = default;
  struct Re2Holder;
  struct PcreHolder;
  std::unique_ptr<ClassSequence> classes_;  // fixed-length byte-class patterns
  std::string required_;  // a literal every match contains (checked before the engine)
  std::unique_ptr<Re2Holder> re2_;
  std::unique_ptr<PcreHolder> pcre_;
  std::string translated_;
  int groups_ = 0;
  int span_group_ = 0;
  bool is_literal_ = false;      // a plain string searched with memchr/memmem
  bool literal_folded_ = false;  // ... ASCII case-insensitively (literal_ is lower case)
  std::string literal_;          // the group reported as the match (1 for grep -w over RE2)
};

// Backtracking limits for PCRE2 (match steps, recursion depth in frames).
inline constexpr unsigned kRegexMatchLimit = 10'000'000;
inline constexpr unsigned kRegexDepthLimit = 10'000;

// Translates a GNU BRE/ERE into Perl syntax. `needs_backtracking` is set when
// the result uses back-references or look-around. Returns false with a GNU
// error message on a malformed pattern. Exposed for tests.
bool translate_posix_regex(std::string_view pattern, const RegexOptions& options, std::string* out,
                           bool* needs_backtracking, int* groups, std::string* error);

// Escapes a literal for use inside a translated pattern.
std::string regex_quote(std::string_view literal);

}  // namespace kefka::cmd

// Shared helpers of the file and directory commands (ls, cp, rm, stat, tar...):
// GNU's quoting of file names in messages, mode strings, user/group names from
// the sandbox's /etc/passwd and /etc/group, human-readable sizes, path pieces,
// tree walking and file copying, all through ctx.fs.
#pragma once

#include <ctime>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.h"
#include "commands/common/time_zone.h"

namespace kefka::cmd::files {

// Whether the command runs under a UTF-8 locale (LC_ALL, LC_CTYPE, LANG), which
// changes what counts as printable and which quotes GNU uses.
bool utf8_locale(const Context& ctx);

// GNU quoteaf(): shell-escape-always quoting, as coreutils prints file names in
// diagnostics: 'a b', "it's", 'a'$'\n''b'. Multibyte characters are printable
// only under a UTF-8 locale.
std::string quote(std::string_view name, bool utf8);
inline std::string quote(const Context& ctx, std::string_view name) {
  return quote(name, utf8_locale(ctx));
}
// GNU quotef(): the name as-is when it is safe in a shell, else quote().
std::string quote_if_needed(std::string_view name, bool utf8);
inline std::string quote_if_needed(const Context& ctx, std::string_view name) {
  return quote_if_needed(name, utf8_locale(ctx));
}
// GNU quote(): 'value' in the C locale, ‘value’ under UTF-8, with C escapes
// (option values in messages).
std::string quote_value(std::string_view value, bool utf8);
inline std::string quote_value(const Context& ctx, std::string_view value) {
  return quote_value(value, utf8_locale(ctx));
}
// C escapes for nongraphic characters (ls -b, -Q): \n, \t, \\, octal; bytes
// above 0x7f are printable only as valid UTF-8 under a UTF-8 locale.
std::string c_escape(std::string_view s, bool utf8);

// Diagnostics.
// "Try 'NAME --help' for more information." on stderr.
void try_help(Context& ctx);
// GNU argmatch's failure: "invalid argument ‘v’ for ‘--opt’", the valid
// values (each group "a|b" printed as "  - ‘a’, ‘b’") and the Try line.
void invalid_argument(Context& ctx, std::string_view value, std::string_view option,
                      std::initializer_list<std::string_view> groups);
// "NAME: WHAT: strerror(err)", e.g. fail(ctx, "cannot remove " + quote(p), ENOENT).
void fail(Context& ctx, std::string_view what, int err);

// "drwxr-xr-x": the 10 characters of ls -l, including setuid/setgid/sticky.
std::string mode_string(uint32_t mode);
// The file type word of stat %F ("regular file", "directory", ...).
std::string_view file_type_name(uint32_t mode, uint64_t size);

// User and group names from /etc/passwd and /etc/group in the sandbox.
class UserDb {
 public:
  explicit UserDb(const vfs::FsView& fs);
  std::optional<std::string> user_name(uint32_t uid) const;
  std::optional<std::string> group_name(uint32_t gid) const;
  std::optional<uint32_t> user_id(std::string_view name) const;
  std::optional<uint32_t> group_id(std::string_view name) const;
  std::optional<uint32_t> user_primary_group(uint32_t uid) const;
  // The name, or the number when there is none.
  std::string user_or_id(uint32_t uid) const;
  std::string group_or_id(uint32_t gid) const;

 private:
  std::map<uint32_t, std::string> users_, groups_;
  std::map<std::string, uint32_t, std::less<>> user_ids_, group_ids_;
  std::map<uint32_t, uint32_t> primary_gid_;
};

// GNU human_readable() with ceiling rounding: 1023, 1.0K, 9.9K, 10K, 1.5M.
// `si` uses powers of 1000 (and lowercase 'k').
std::string human_size(uint64_t bytes, bool si = false);
// Ceiling division for block counts.
inline uint64_t div_ceil(uint64_t a, uint64_t b) {
  return (a + b - 1) / b;
}

// Parses a size with GNU's suffixes (K, KB, KiB, M, ... b, w, c; "k" too).
// Returns nullopt on syntax errors or overflow.
std::optional<uint64_t> parse_size(std::string_view text, bool allow_bw = true);

// Path pieces with GNU's trailing-slash rules.
std::string base_name(std::string_view path);  // "a/b/" -> "b", "/" -> "/"
std::string dir_name(std::string_view path);   // "a/b" -> "a", "b" -> "."
std::string join_path(std::string_view dir, std::string_view name);
std::string strip_trailing_slashes(std::string_view path);

// Formats a time as strftime in UTC, with %N for nanoseconds handled.
std::string format_time(std::string_view format, const timespec& t);
// The same in `zone` (local time as TZ gives it: make the TimeZone once per
// command with TimeZone::from_env).
std::string format_time(std::string_view format, const timespec& t, const TimeZone& zone);
// Plain strftime (no %N) of the instant `secs` broken down as `parts`, or in
// `zone`; %s is the epoch seconds whatever the host's zone.
std::string strftime_tm(std::string_view format, int64_t secs, const std::tm& parts);
std::string strftime_in_zone(std::string_view format, int64_t secs, const TimeZone& zone);
timespec now_time();

// Prints "NAME: QUESTION " on stderr and reads one line of stdin: true when
// it starts with y or Y.
bool ask_yes_no(Context& ctx, std::string_view question);

// Copies a regular file's bytes from src to dst (created/truncated with mode).
Status copy_file_data(Context& ctx, std::string_view src, std::string_view dst, uint32_t mode);

// Reads the whole of a file (bounded by the sandbox's quota in practice).
Result<std::string> read_whole(Context& ctx, std::string_view path);

// Whether `path` names "." or ".." as its last component ("a/.", "..", "./").
bool is_dot_or_dotdot(std::string_view path);

// canonicalize_filename_mode(): how much of the path must exist.
enum class CanonMode { kExisting, kAllButLast, kMissing };
// The absolute path with ".", ".." and (unless !resolve_links) symlinks
// resolved, like readlink -f/-e/-m and realpath.
Result<std::string> canonicalize(const Context& ctx, std::string_view path, CanonMode mode,
                                 bool resolve_links = true);
// The path of `target` relative to the directory `base` (both absolute and
// canonical), like realpath --relative-to and ln -r.
std::string relative_path(std::string_view target, std::string_view base);

// Parses a chmod mode ("755", "u+x,go-w", "a=rX") against the old mode.
// `is_dir` matters for X. Returns nullopt when invalid.
std::optional<uint32_t> apply_mode(std::string_view spec, uint32_t old_mode, bool is_dir,
                                   uint32_t umask);
bool valid_mode(std::string_view spec);

}  // namespace kefka::cmd::files

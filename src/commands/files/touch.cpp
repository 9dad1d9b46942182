// touch: change file timestamps, GNU coreutils 9.1 behaviour (-a -m -c -d -t
// -r -h --time). -d dates are parsed by common/date_parse.h, in UTC unless the
// string names an offset.
#include <fcntl.h>

#include <cctype>
#include <cstring>
#include <optional>

#include "commands/common/date_parse.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "", ArgKind::None, "", "change only the access time"},
    {'c', "no-create", ArgKind::None, "", "do not create any files"},
    {'d', "date", ArgKind::Required, "STRING", "parse STRING and use it instead of current time"},
    {'f', "", ArgKind::None, "", "(ignored)"},
    {'h', "no-dereference", ArgKind::None, "",
     "affect each symbolic link instead of any "
     "referenced file"},
    {'m', "", ArgKind::None, "", "change only the modification time"},
    {'r', "reference", ArgKind::Required, "FILE", "use this file's times instead of current time"},
    {'t', "", ArgKind::Required, "STAMP", "use [[CC]YY]MMDDhhmm[.ss] instead of current time"},
    {0, "time", ArgKind::Required, "WORD",
     "change the specified time: WORD is access, atime, or "
     "use: equivalent to -a; WORD is modify or mtime: "
     "equivalent to -m"},
};

// touch -t: [[CC]YY]MMDDhhmm[.ss] in local time (TZ).
std::optional<timespec> parse_touch_stamp(std::string_view text, timespec now,
                                          const TimeZone& zone) {
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
  Civil c = to_civil(now.tv_sec + zone.at(now.tv_sec).utoff);
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
  return timespec{static_cast<time_t>(zone.to_utc(from_civil(c))), 0};
}

std::optional<timespec> parse_touch_date(std::string_view text, timespec now,
                                         const TimeZone& zone) {
  auto t = parse_datetime_in_zone(text, {now.tv_sec, now.tv_nsec}, zone);
  if (!t) return std::nullopt;
  return timespec{static_cast<time_t>(t->sec), t->nsec};
}

int run_touch(Context& ctx, const Args& args) {
  bool only_atime = args.has('a'), only_mtime = args.has('m');
  if (const std::string* w = args.value("time")) {
    if (*w == "access" || *w == "atime" || *w == "use") {
      only_atime = true;
    } else if (*w == "modify" || *w == "mtime") {
      only_mtime = true;
    } else {
      invalid_argument(ctx, *w, "--time", {"atime|access|use", "mtime|modify"});
      return kExitFailure;
    }
  }
  bool change_atime = only_atime || !only_mtime;
  bool change_mtime = only_mtime || !only_atime;
  timespec now = now_time();
  timespec atime = vfs::time_now(), mtime = vfs::time_now();
  bool explicit_time = false;
  TimeZone zone = TimeZone::from_env(ctx);
  if (const std::string* ref = args.value('r')) {
    auto st = args.has('h') ? ctx.fs.lstat(*ref) : ctx.fs.stat(*ref);
    if (!st.ok()) {
      fail(ctx, "failed to get attributes of " + quote(ctx, *ref), st.error());
      return kExitFailure;
    }
    atime = st->atime;
    mtime = st->mtime;
    explicit_time = true;
  }
  if (const std::string* d = args.value('d')) {
    // With -r, -d is relative to the reference time.
    timespec base = explicit_time ? mtime : now;
    auto t = parse_touch_date(*d, base, zone);
    if (!t) {
      ctx.error("invalid date format " + quote_value(ctx, *d));
      return kExitFailure;
    }
    atime = mtime = *t;
    explicit_time = true;
  }
  if (const std::string* t = args.value('t')) {
    auto stamp = parse_touch_stamp(*t, now, zone);
    if (!stamp) {
      ctx.error("invalid date format " + quote_value(ctx, *t));
      return kExitFailure;
    }
    atime = mtime = *stamp;
    explicit_time = true;
  }
  if (!change_atime) atime = vfs::time_omit();
  if (!change_mtime) mtime = vfs::time_omit();
  if (args.operands.empty()) {
    ctx.error("missing file operand");
    try_help(ctx);
    return kExitFailure;
  }
  int status = kExitSuccess;
  for (const std::string& path : args.operands) {
    ctx.budget.check();
    if (path == "-") {
      continue;  // GNU touches stdout's file; there is nothing to change here.
    }
    auto st = ctx.fs.lstat(path);
    if (!st.ok()) {
      if (args.has('c') || args.has('h')) {
        if (args.has('h') && !args.has('c')) {
          fail(ctx, "setting times of " + quote(ctx, path), st.error());
          status = kExitFailure;
        }
        continue;
      }
      auto created = ctx.fs.open(path, O_WRONLY | O_CREAT, 0666);
      if (!created.ok()) {
        fail(ctx, "cannot touch " + quote(ctx, path), created.error());
        status = kExitFailure;
        continue;
      }
      if (!explicit_time && change_atime && change_mtime) continue;
    }
    auto r = ctx.fs.utimens(path, atime, mtime, !args.has('h'));
    if (!r.ok()) {
      if (args.has('c') && r.error() == ENOENT) continue;
      fail(ctx, "setting times of " + quote(ctx, path), r.error());
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(touch, {
                         .name = "touch",
                         .usage = "touch [OPTION]... FILE...",
                         .summary = "Update the access and modification times of each FILE to the "
                                    "current time.\n\nA FILE argument that does not exist is "
                                    "created empty, unless -c or -h\nis supplied.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_touch,
                     });

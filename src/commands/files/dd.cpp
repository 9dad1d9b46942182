// dd: convert and copy a file, GNU coreutils 9.1 behaviour for the common
// operands (if= of= bs= ibs= obs= count= skip= seek= conv= status= iflag=
// oflag=) and GNU's statistics on stderr.
#include <fcntl.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

// GNU dd's numbers: N with c w b kB K KiB MB M ... suffixes and NxM products.
std::optional<uint64_t> dd_number(std::string_view text) {
  // GNU parses with strtoumax, which skips leading white space ("count= 2").
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  size_t x = text.find('x');
  if (x != std::string_view::npos) {
    auto a = dd_number(text.substr(0, x));
    auto b = dd_number(text.substr(x + 1));
    if (!a || !b) return std::nullopt;
    unsigned __int128 p = static_cast<unsigned __int128>(*a) * *b;
    if (p > UINT64_MAX) return std::nullopt;
    return static_cast<uint64_t>(p);
  }
  return parse_size(text, true);
}

// human_readable with round-to-nearest and " B" units, as dd prints them.
std::string nearest(double v, bool si) {
  static constexpr const char* kSi[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  static constexpr const char* kIec[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double base = si ? 1000 : 1024;
  int e = 0;
  while (v >= base && e < 6) {
    v /= base;
    ++e;
  }
  char buf[64];
  if (e == 0) {
    snprintf(buf, sizeof buf, "%.0f %s", v, si ? kSi[0] : kIec[0]);
  } else if (v < 10 && std::round(v * 10) / 10 < 10) {
    snprintf(buf, sizeof buf, "%.1f %s", v, si ? kSi[e] : kIec[e]);
  } else {
    snprintf(buf, sizeof buf, "%.0f %s", v, si ? kSi[e] : kIec[e]);
  }
  return buf;
}

struct Dd {
  std::string in_file, out_file;
  uint64_t ibs = 512, obs = 512;
  bool bs_given = false;
  std::optional<uint64_t> count;
  uint64_t skip = 0, seek = 0;
  bool notrunc = false, sync = false, ucase = false, lcase = false, noerror = false;
  bool excl = false, nocreat = false, swab = false;
  bool count_bytes = false, skip_bytes = false, seek_bytes = false, append = false;
  std::string status;
};

int run_dd(Context& ctx, const Args& args) {
  Dd dd;
  for (const std::string& op : args.operands) {
    size_t eq = op.find('=');
    if (eq == std::string::npos) {
      ctx.error("unrecognized operand " + quote_value(ctx, op));
      try_help(ctx);
      return kExitFailure;
    }
    std::string key = op.substr(0, eq), value = op.substr(eq + 1);
    auto number = [&](uint64_t& out) {
      auto v = dd_number(value);
      if (!v) {
        ctx.error("invalid number: " + quote_value(ctx, value));
        return false;
      }
      out = *v;
      return true;
    };
    auto flags = [&](const std::function<bool(const std::string&)>& apply) {
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string f =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!apply(f)) {
          ctx.error("invalid " + std::string(key == "conv" ? "conversion" : "input flag") + ": " +
                    quote_value(ctx, f));
          try_help(ctx);
          return false;
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return true;
    };
    uint64_t v = 0;
    if (key == "if") {
      dd.in_file = value;
    } else if (key == "of") {
      dd.out_file = value;
    } else if (key == "bs") {
      if (!number(v)) return kExitFailure;
      dd.ibs = dd.obs = v;
      dd.bs_given = true;
    } else if (key == "ibs") {
      if (!number(v)) return kExitFailure;
      dd.ibs = v;
    } else if (key == "obs") {
      if (!number(v)) return kExitFailure;
      dd.obs = v;
    } else if (key == "count") {
      if (!number(v)) return kExitFailure;
      dd.count = v;
    } else if (key == "skip" || key == "iseek") {
      if (!number(dd.skip)) return kExitFailure;
    } else if (key == "seek" || key == "oseek") {
      if (!number(dd.seek)) return kExitFailure;
    } else if (key == "conv") {
      if (!flags([&](const std::string& f) {
            if (f == "notrunc") {
              dd.notrunc = true;
            } else if (f == "sync") {
              dd.sync = true;
            } else if (f == "ucase") {
              dd.ucase = true;
            } else if (f == "lcase") {
              dd.lcase = true;
            } else if (f == "noerror") {
              dd.noerror = true;
            } else if (f == "excl") {
              dd.excl = true;
            } else if (f == "nocreat") {
              dd.nocreat = true;
            } else if (f == "swab") {
              dd.swab = true;
            } else if (f == "fsync" || f == "fdatasync" || f == "sparse" || f == "block" ||
                       f == "unblock" || f == "ascii" || f == "ebcdic" || f == "ibm") {
            } else {
              return false;
            }
            return true;
          })) {
        return kExitFailure;
      }
      if (dd.ucase && dd.lcase) {
        ctx.error("cannot combine lcase and ucase");
        return kExitFailure;
      }
    } else if (key == "iflag" || key == "oflag") {
      if (!flags([&](const std::string& f) {
            if (f == "count_bytes") {
              dd.count_bytes = true;
            } else if (f == "skip_bytes") {
              dd.skip_bytes = true;
            } else if (f == "seek_bytes") {
              dd.seek_bytes = true;
            } else if (f == "append") {
              dd.append = true;
            } else if (f == "fullblock" || f == "direct" || f == "dsync" || f == "sync" ||
                       f == "nonblock" || f == "noatime" || f == "nocache" || f == "noctty" ||
                       f == "nofollow" || f == "binary" || f == "text" || f == "directory") {
            } else {
              return false;
            }
            return true;
          })) {
        return kExitFailure;
      }
    } else if (key == "status") {
      if (value != "none" && value != "noxfer" && value != "progress") {
        invalid_argument(ctx, value, "status", {"none", "noxfer", "progress"});
        return kExitFailure;
      }
      dd.status = value;
    } else {
      ctx.error("unrecognized operand " + quote_value(ctx, op));
      try_help(ctx);
      return kExitFailure;
    }
  }
  if (dd.ibs == 0 || dd.obs == 0) {
    ctx.error("invalid number: " + quote_value(ctx, "0"));
    return kExitFailure;
  }
  auto start_time = std::chrono::steady_clock::now();
  StreamPtr in;
  if (dd.in_file.empty()) {
    in = ctx.in();
  } else {
    auto r = ctx.open_input(dd.in_file);
    if (!r.ok()) {
      fail(ctx, "failed to open " + quote(ctx, dd.in_file), r.error());
      return kExitFailure;
    }
    in = *r;
  }
  StreamPtr out;
  uint64_t seek_bytes = dd.seek_bytes ? dd.seek : dd.seek * dd.obs;
  bool seek_failed = false;
  if (dd.out_file.empty()) {
    out = ctx.out_stream();
    // GNU seeks standard output from its current offset; a pipe cannot seek.
    if (seek_bytes > 0) {
      auto r = out->seek(static_cast<int64_t>(seek_bytes), SEEK_CUR);
      if (!r.ok()) {
        fail(ctx, quote(ctx, "standard output") + ": cannot seek", r.error());
        seek_failed = true;
      }
    }
  } else {
    int flags =
        O_WRONLY | (dd.nocreat ? 0 : O_CREAT) | (dd.excl ? O_EXCL : 0) | (dd.append ? O_APPEND : 0);
    // /dev/stdout and /dev/fd/N name this command's descriptors.
    bool descriptor = dd.out_file.starts_with("/dev/fd/") || dd.out_file == "/dev/stdout" ||
                      dd.out_file == "/dev/stderr";
    auto r =
        descriptor ? ctx.open_output(dd.out_file, true) : ctx.fs.open(dd.out_file, flags, 0666);
    if (!r.ok()) {
      fail(ctx, "failed to open " + quote(ctx, dd.out_file), r.error());
      return kExitFailure;
    }
    out = *r;
    if (!dd.notrunc && !dd.append) {
      auto st = ctx.fs.stat(dd.out_file);
      if (st.ok() && S_ISREG(st->mode)) (void)ctx.fs.truncate(dd.out_file, seek_bytes);
    }
    if (seek_bytes > 0) (void)out->seek(static_cast<int64_t>(seek_bytes), SEEK_SET);
  }
  // Skip input: seek when possible, else read and discard.
  uint64_t skip_bytes = dd.skip_bytes ? dd.skip : dd.skip * dd.ibs;
  if (skip_bytes > 0 && !in->seek(static_cast<int64_t>(skip_bytes), SEEK_CUR).ok()) {
    std::string discard(std::min<uint64_t>(skip_bytes, 1 << 20), '\0');
    uint64_t left = skip_bytes;
    while (left > 0) {
      ctx.budget.check();
      auto n = in->read(std::span<char>(discard.data(), std::min<uint64_t>(left, discard.size())));
      if (!n.ok() || *n == 0) break;
      left -= *n;
    }
  }
  uint64_t full_in = 0, partial_in = 0, full_out = 0, partial_out = 0, bytes_out = 0;
  uint64_t bytes_in_total = 0;
  std::string block(dd.ibs, '\0');
  std::string pending;  // output not yet written in obs-sized blocks
  int status = kExitSuccess;
  auto write_block = [&](std::string_view data) {
    if (data.empty()) return true;
    auto r = write_all(*out, data);
    if (!r.ok()) {
      fail(ctx,
           "error writing " + quote(ctx, dd.out_file.empty() ? "standard output" : dd.out_file),
           r.error());
      status = kExitFailure;
      return false;
    }
    bytes_out += data.size();
    if (data.size() == dd.obs) {
      ++full_out;
    } else {
      ++partial_out;
    }
    return true;
  };
  bool ok = !seek_failed;
  if (seek_failed) status = kExitFailure;
  while (ok) {
    ctx.budget.check();
    uint64_t want = dd.ibs;
    if (dd.count) {
      if (dd.count_bytes) {
        if (bytes_in_total >= *dd.count) break;
        want = std::min<uint64_t>(want, *dd.count - bytes_in_total);
      } else if (full_in + partial_in >= *dd.count) {
        break;
      }
    }
    auto n = in->read(std::span<char>(block.data(), want));
    if (!n.ok()) {
      fail(ctx, "error reading " + quote(ctx, dd.in_file.empty() ? "standard input" : dd.in_file),
           n.error());
      status = kExitFailure;
      if (!dd.noerror) break;
      continue;
    }
    if (*n == 0) break;
    bytes_in_total += *n;
    if (*n == dd.ibs) {
      ++full_in;
    } else {
      ++partial_in;
    }
    std::string data(block.data(), *n);
    if (dd.sync && data.size() < dd.ibs) data.resize(dd.ibs, '\0');
    if (dd.swab) {
      for (size_t i = 0; i + 1 < data.size(); i += 2) std::swap(data[i], data[i + 1]);
    }
    if (dd.ucase) {
      for (char& c : data) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (dd.lcase) {
      for (char& c : data) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (dd.bs_given) {
      // With bs=, each input block is written as it is.
      if (!write_block(data)) {
        ok = false;
        break;
      }
      continue;
    }
    pending += data;
    while (pending.size() >= dd.obs) {
      if (!write_block(std::string_view(pending).substr(0, dd.obs))) {
        ok = false;
        break;
      }
      pending.erase(0, dd.obs);
    }
    if (!ok) break;
  }
  if (ok && !pending.empty()) write_block(pending);
  if (dd.status != "none") {
    auto& err = ctx.err();
    err << std::to_string(full_in) << '+' << std::to_string(partial_in) << " records in\n"
        << std::to_string(full_out) << '+' << std::to_string(partial_out) << " records out\n";
    if (dd.status != "noxfer") {
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
      std::string si = nearest(static_cast<double>(bytes_out), true);
      std::string iec = nearest(static_cast<double>(bytes_out), false);
      err << std::to_string(bytes_out) << " bytes";
      if (si.ends_with(" B")) {
      } else if (iec.ends_with(" B")) {
        err << " (" << si << ")";
      } else {
        err << " (" << si << ", " << iec << ")";
      }
      char tbuf[64];
      snprintf(tbuf, sizeof tbuf, "%g s", secs);
      std::string rate =
          secs > 0 ? nearest(static_cast<double>(bytes_out) / secs, true) + "/s" : "Infinity B/s";
      err << " copied, " << tbuf << ", " << rate << '\n';
    }
    (void)err.flush();
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(dd, {
                      .name = "dd",
                      .usage = "dd [OPERAND]...\ndd OPTION",
                      .summary = "Copy a file, converting and formatting according to the "
                                 "operands.",
                      .main = kefka::cmd::files::run_dd,
                  });

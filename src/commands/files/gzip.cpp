// gzip, gunzip, zcat: compress or expand files with zlib, GNU gzip 1.12
// behaviour (-c -d -f -k -l -n -N -q -r -S -t -v -1..-9). Messages always say
// "gzip:" because Debian's gunzip and zcat are scripts running gzip.
// The compressed bytes come from zlib and may differ from GNU gzip's for large
// inputs; the format (header, name, mtime, OS) is the same.
#include <fcntl.h>
#include <zlib.h>

#include <cstring>
#include <optional>

#include "commands/common/time_zone.h"
#include "commands/files/compressor.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "ascii", ArgKind::None, "", "ascii text; convert end-of-line using local conventions"},
    {'c', "stdout", ArgKind::None, "", "write on standard output, keep original files unchanged"},
    {0, "to-stdout", ArgKind::None, "", "write on standard output, keep original files unchanged"},
    {'d', "decompress", ArgKind::None, "", "decompress"},
    {0, "uncompress", ArgKind::None, "", "decompress"},
    {'f', "force", ArgKind::None, "", "force overwrite of output file and compress links"},
    {'k', "keep", ArgKind::None, "", "keep (don't delete) input files"},
    {'l', "list", ArgKind::None, "", "list compressed file contents"},
    {'L', "license", ArgKind::None, "", "display software license"},
    {'n', "no-name", ArgKind::None, "", "do not save or restore the original name and timestamp"},
    {'N', "name", ArgKind::None, "", "save or restore the original name and timestamp"},
    {'q', "quiet", ArgKind::None, "", "suppress all warnings"},
    {'r', "recursive", ArgKind::None, "", "operate recursively on directories"},
    {0, "rsyncable", ArgKind::None, "", "make rsync-friendly archive"},
    {'S', "suffix", ArgKind::Required, "SUF", "use suffix SUF on compressed files"},
    {0, "synchronous", ArgKind::None, "",
     "synchronous output (safer if system crashes, but "
     "slower)"},
    {'t', "test", ArgKind::None, "", "test compressed file integrity"},
    {'v', "verbose", ArgKind::None, "", "verbose mode"},
    {'1', "fast", ArgKind::None, "", "compress faster"},
    {'2', "", ArgKind::None, "", ""},
    {'3', "", ArgKind::None, "", ""},
    {'4', "", ArgKind::None, "", ""},
    {'5', "", ArgKind::None, "", ""},
    {'6', "", ArgKind::None, "", ""},
    {'7', "", ArgKind::None, "", ""},
    {'8', "", ArgKind::None, "", ""},
    {'9', "best", ArgKind::None, "", "compress better"},
};

constexpr size_t kChunk = 256 * 1024;

class GzipFormat final : public CompressorFormat {
 public:
  explicit GzipFormat(Context& ctx) : ctx(ctx) {}

  Context& ctx;
  Compressor* driver = nullptr;  // the messages' exit status lives there
  bool no_name = false, save_name = true;
  int level = 6;
  std::string suffix_ = ".gz";
  uint64_t total_in = 0, total_out = 0, last_overhead = 0;
  bool list_header_done = false;
  int listed = 0;
  // What the last compress()/expand() saw, for -v.
  uint64_t last_in = 0, last_out = 0;
  std::string last_stored_name;

  bool quiet() const { return driver->settings.quiet; }

  // GNU gzip starts some messages about the data with a newline.
  void error(const std::string& msg) {
    if (!msg.empty() && msg[0] == '\n') {
      ctx.err() << "\ngzip: " << msg.substr(1) << '\n';
      (void)ctx.err().flush();
      return;
    }
    ctx.err() << "gzip: " << msg << '\n';
    (void)ctx.err().flush();
  }
  // A warning: exit status 2 unless an error already made it 1.
  void warn(const std::string& msg) {
    if (!quiet()) error(msg);
    if (driver->status == kExitSuccess) driver->status = 2;
  }
  void fail_errno(const std::string& name, int err) {
    error(name + ": " + std::strerror(err));
    driver->status = kExitFailure;
  }

  std::string suffix() const override { return suffix_; }
  std::string program(const Context&) const override { return "gzip"; }
  std::string stdin_label() const override { return "stdin"; }
  bool gzip_style_inputs() const override { return true; }

  void report(Compressor&, CompressorEvent event, const std::string& name, int err) override {
    switch (event) {
      case CompressorEvent::kCannotStat:
      case CompressorEvent::kCannotOpen:
        fail_errno(name, err);
        break;
      case CompressorEvent::kIsDirectory:
        warn(name + " is a directory -- ignored");
        break;
      case CompressorEvent::kNotRegular:
        warn(name + " is not a directory or a regular file - ignored");
        break;
      case CompressorEvent::kHasSuffix:
        // GNU prints this warning without changing the exit status.
        if (!quiet()) error(name + " already has " + suffix_ + " suffix -- unchanged");
        break;
      case CompressorEvent::kUnknownSuffix:
        warn(name + ": unknown suffix -- ignored");
        break;
      case CompressorEvent::kOutputExists:
        error(name + " already exists;\tnot overwritten");
        if (driver->status == kExitSuccess) driver->status = 2;
        break;
      case CompressorEvent::kTerminalOutput:
        error("compressed data not written to a terminal. Use -f to force compression.");
        error("For help, type: gzip -h");
        driver->status = kExitFailure;
        break;
    }
  }

  bool compress(Compressor&, Stream& in, Stream& out, const std::string& label,
                const std::string& stored_name, time_t mtime) override {
    last_stored_name = no_name ? "" : stored_name;
    bool ok = deflate_stream(in, out, last_stored_name, no_name ? 0 : mtime, &last_in, &last_out);
    if (!ok) fail_errno(label, EIO);
    return ok;
  }

  bool expand(Compressor&, Stream& in, Stream* out, const std::string& label) override {
    last_stored_name.clear();
    time_t ignored_mtime = 0;
    return inflate_stream(in, out, label, &last_in, &last_out, &last_stored_name, &ignored_mtime);
  }

  std::optional<std::string> expanded_name(const std::string& name) const override {
    if (!has_suffix(name)) return std::nullopt;
    return strip_suffix(name);
  }

  void verbose_done(Compressor& c, const std::string& label, const std::string& out_name) override {
    if (c.settings.test) {
      ctx.err() << label << ":\t OK\n";
      return;
    }
    bool decompress = c.settings.decompress;
    uint64_t compressed = decompress ? last_in : last_out;
    uint64_t plain = decompress ? last_out : last_in;
    std::string msg = label + ":\t" + ratio(payload(compressed, last_stored_name), plain);
    if (!out_name.empty()) {
      msg += std::string(" -- ") + (c.settings.keep ? "created " : "replaced with ") + out_name;
    }
    ctx.err() << msg << '\n';
  }

  // Compresses `in` into `out`. Returns bytes in/out through the pointers.
  bool deflate_stream(Stream& in, Stream& out, const std::string& name, time_t mtime,
                      uint64_t* in_bytes, uint64_t* out_bytes) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    gz_header header{};
    std::string stored_name = name;
    header.name =
        save_name && !name.empty() ? reinterpret_cast<Bytef*>(stored_name.data()) : Z_NULL;
    header.time = static_cast<uLong>(mtime);
    header.os = 3;
    deflateSetHeader(&zs, &header);
    std::string ibuf(kChunk, '\0'), obuf(kChunk, '\0');
    bool ok = true;
    *in_bytes = *out_bytes = 0;
    for (bool eof = false; !eof;) {
      ctx.budget.check();
      auto n = in.read(ibuf);
      if (!n.ok()) {
        ok = false;
        break;
      }
      eof = *n == 0;
      *in_bytes += *n;
      zs.next_in = reinterpret_cast<Bytef*>(ibuf.data());
      zs.avail_in = static_cast<uInt>(*n);
      do {
        zs.next_out = reinterpret_cast<Bytef*>(obuf.data());
        zs.avail_out = static_cast<uInt>(obuf.size());
        deflate(&zs, eof ? Z_FINISH : Z_NO_FLUSH);
        size_t have = obuf.size() - zs.avail_out;
        *out_bytes += have;
        if (have > 0 && !write_all(out, std::string_view(obuf.data(), have)).ok()) ok = false;
      } while (zs.avail_out == 0 && ok);
    }
    deflateEnd(&zs);
    // GNU gzip marks the level in the XFL byte (2 = best, 4 = fastest); zlib
    // already does the same.
    return ok;
  }

  // Decompresses every member of `in`; false (with a message) on bad data.
  // `trailing` reports garbage after the last member.
  bool inflate_stream(Stream& in, Stream* out, const std::string& label, uint64_t* in_bytes,
                      uint64_t* out_bytes, std::string* orig_name = nullptr,
                      time_t* orig_mtime = nullptr) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return false;
    gz_header header{};
    char name_buf[1024];
    header.name = reinterpret_cast<Bytef*>(name_buf);
    header.name_max = sizeof(name_buf) - 1;
    name_buf[0] = 0;
    inflateGetHeader(&zs, &header);
    std::string ibuf(kChunk, '\0'), obuf(kChunk, '\0');
    *in_bytes = *out_bytes = 0;
    bool first_member = true, member_done = false, any_input = false;
    size_t pending = 0;  // bytes of ibuf not yet consumed
    const char* pending_ptr = nullptr;
    for (;;) {
      ctx.budget.check();
      if (pending == 0) {
        auto n = in.read(ibuf);
        if (!n.ok()) {
          fail_errno(label, n.error());
          inflateEnd(&zs);
          return false;
        }
        if (*n == 0) break;
        pending = *n;
        pending_ptr = ibuf.data();
        *in_bytes += *n;
      }
      if (member_done) {
        // Another member must start with the gzip magic; anything else is
        // trailing garbage, which GNU gzip ignores with a warning.
        if (static_cast<unsigned char>(pending_ptr[0]) != 0x1f) {
          warn("\n" + label + ": decompression OK, trailing garbage ignored");
          inflateEnd(&zs);
          return true;
        }
        inflateReset(&zs);
        member_done = false;
        first_member = false;
      }
      any_input = true;
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(pending_ptr));
      zs.avail_in = static_cast<uInt>(pending);
      int rc = Z_OK;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(obuf.data());
        zs.avail_out = static_cast<uInt>(obuf.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR) {
          if (first_member && *out_bytes == 0 && zs.total_out == 0 &&
              (zs.msg != nullptr && std::strcmp(zs.msg, "incorrect header check") == 0)) {
            error("\n" + label + ": not in gzip format");
          } else if (!first_member && zs.total_out == 0) {
            warn("\n" + label + ": decompression OK, trailing garbage ignored");
            inflateEnd(&zs);
            return true;
          } else {
            error("\n" + label + ": invalid compressed data--format violated");
          }
          driver->status = kExitFailure;
          inflateEnd(&zs);
          return false;
        }
        size_t have = obuf.size() - zs.avail_out;
        *out_bytes += have;
        if (have > 0 && out != nullptr) {
          auto w = write_all(*out, std::string_view(obuf.data(), have));
          if (!w.ok()) {
            inflateEnd(&zs);
            return false;
          }
        }
      } while (zs.avail_out == 0 && rc != Z_STREAM_END);
      size_t used = pending - zs.avail_in;
      pending_ptr += used;
      pending -= used;
      if (rc == Z_STREAM_END) {
        member_done = true;
        if (first_member && orig_name != nullptr && header.done == 1) {
          if (header.name != Z_NULL && name_buf[0] != 0) *orig_name = name_buf;
          if (orig_mtime != nullptr) *orig_mtime = static_cast<time_t>(header.time);
        }
      }
    }
    inflateEnd(&zs);
    if (!any_input) {
      error("\n" + label + ": unexpected end of file");
      driver->status = kExitFailure;
      return false;
    }
    if (!member_done) {
      error("\n" + label + ": unexpected end of file");
      driver->status = kExitFailure;
      return false;
    }
    return true;
  }

  bool has_suffix(const std::string& name) const override {
    if (name.size() > suffix_.size() && name.ends_with(suffix_)) return true;
    for (const char* s : {".gz", ".z", "-gz", "-z", "_z", ".tgz", ".taz"}) {
      std::string_view sv(s);
      if (name.size() > sv.size() && name.ends_with(sv)) return true;
    }
    return false;
  }

  std::string strip_suffix(const std::string& name) const {
    if (name.size() > suffix_.size() && name.ends_with(suffix_)) {
      return name.substr(0, name.size() - suffix_.size());
    }
    for (const char* s : {".gz", ".z", "-gz", "-z", "_z"}) {
      std::string_view sv(s);
      if (name.size() > sv.size() && name.ends_with(sv))
        return name.substr(0, name.size() - sv.size());
    }
    if (name.ends_with(".tgz") || name.ends_with(".taz"))
      return name.substr(0, name.size() - 4) + ".tar";
    return name;
  }

  // GNU's display_ratio: how much smaller the deflate payload is, "%5.1f%%".
  static std::string ratio(uint64_t payload, uint64_t uncompressed) {
    double r = uncompressed == 0
                   ? 0.0
                   : 100.0 * (static_cast<double>(uncompressed) - static_cast<double>(payload)) /
                         static_cast<double>(uncompressed);
    char buf[32];
    snprintf(buf, sizeof buf, "%5.1f%%", r);
    return buf;
  }

  // The deflate payload: the member size without header and trailer.
  static uint64_t payload(uint64_t member_size, const std::string& stored_name) {
    uint64_t overhead = 10 + 8 + (stored_name.empty() ? 0 : stored_name.size() + 1);
    return member_size > overhead ? member_size - overhead : 0;
  }

  std::optional<TimeZone> zone;  // -lv's times are local (TZ), loaded on first use

  void list_one(const std::string& name) {
    auto in = name == "-" ? Result<StreamPtr>(ctx.in()) : ctx.fs.open(name, O_RDONLY);
    if (!in.ok()) {
      fail_errno(name, in.error());
      return;
    }
    uint64_t in_bytes, out_bytes;
    std::string orig;
    time_t mtime = 0;
    if (!inflate_stream(**in, nullptr, name == "-" ? "stdin" : name, &in_bytes, &out_bytes, &orig,
                        &mtime)) {
      return;
    }
    if (!list_header_done) {
      if (driver->settings.verbose) ctx.out() << "method  crc     date  time  ";
      ctx.out() << "         compressed        uncompressed  ratio uncompressed_name\n";
      list_header_done = true;
    }
    char line[256];
    std::string shown = name == "-" ? "" : strip_suffix(name);
    if (driver->settings.verbose) {
      // Not tracked: GNU prints the CRC and the file's time here.
      ctx.out() << "defla ";
      auto data = ctx.fs.read_file(name);
      uint32_t crc = 0;
      if (data.ok() && data->size() >= 8) {
        const auto* p = reinterpret_cast<const unsigned char*>(data->data() + data->size() - 8);
        crc = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
      }
      char crcbuf[16];
      snprintf(crcbuf, sizeof crcbuf, "%08x", crc);
      auto st = ctx.fs.stat(name);
      if (!zone) zone = TimeZone::from_env(ctx);
      std::string when = st.ok() ? format_time("%b %e %H:%M", st->mtime, *zone) : "";
      ctx.out() << crcbuf << ' ' << when << ' ';
    }
    snprintf(line, sizeof line, "%19llu %19llu %s ", static_cast<unsigned long long>(in_bytes),
             static_cast<unsigned long long>(out_bytes),
             ratio(payload(in_bytes, orig), out_bytes).c_str());
    ctx.out() << line << shown << '\n';
    // GNU's totals subtract only the last member's header and trailer.
    last_overhead = in_bytes - payload(in_bytes, orig);
    total_in += in_bytes;
    total_out += out_bytes;
    ++listed;
  }
};

int run_gzip_mode(Context& ctx, const Args& args, bool force_decompress, bool force_stdout) {
  GzipFormat gz(ctx);
  CompressorSettings settings;
  settings.decompress = force_decompress;
  settings.to_stdout = force_stdout;
  bool list = false;
  for (const auto& o : args.options) {
    if (Compressor::apply_common_option(settings, o)) continue;
    char c = o.spec->short_name;
    if (c == 'l') {
      list = true;
    } else if (c == 'n') {
      gz.no_name = true;
      gz.save_name = false;
    } else if (c == 'N') {
      gz.no_name = false;
      gz.save_name = true;
    } else if (c == 'S') {
      gz.suffix_ = o.value;
    } else if (c == 'L') {
      ctx.out() << "gzip (kefka) 0.1\nThis program is free software.\n";
      return kExitSuccess;
    }
  }
  if (settings.level != 0) gz.level = settings.level;
  Compressor driver(ctx, gz, settings);
  gz.driver = &driver;
  if (gz.suffix_.empty()) {
    gz.error("invalid suffix ''");
    return kExitFailure;
  }
  if (!list) return driver.run(args.operands);

  std::vector<std::string> files = args.operands;
  if (files.empty()) files.push_back("-");
  for (const std::string& f : files) gz.list_one(f);
  if (gz.listed > 1) {
    char line[256];
    if (settings.verbose) ctx.out() << std::string(28, ' ');  // under "method crc date time"
    snprintf(line, sizeof line, "%19llu %19llu %s ", static_cast<unsigned long long>(gz.total_in),
             static_cast<unsigned long long>(gz.total_out),
             GzipFormat::ratio(gz.total_in - gz.last_overhead, gz.total_out).c_str());
    ctx.out() << line << "(totals)\n";
  }
  return driver.status;
}

int run_gzip(Context& ctx, const Args& args) {
  return run_gzip_mode(ctx, args, false, false);
}
int run_gunzip(Context& ctx, const Args& args) {
  return run_gzip_mode(ctx, args, true, false);
}
int run_zcat(Context& ctx, const Args& args) {
  return run_gzip_mode(ctx, args, true, true);
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(gzip, {
                        .name = "gzip",
                        .usage = "gzip [OPTION]... [FILE]...",
                        .summary = "Compress or uncompress FILEs (by default, compress FILES "
                                   "in-place).",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_gzip,
                    });

KEFKA_COMMAND(gunzip, {
                          .name = "gunzip",
                          .usage = "gunzip [OPTION]... [FILE]...",
                          .summary = "Uncompress FILEs (by default, in-place).",
                          .options = kefka::cmd::files::kOptions,
                          .main = kefka::cmd::files::run_gunzip,
                      });

KEFKA_COMMAND(zcat, {
                        .name = "zcat",
                        .usage = "zcat [OPTION]... [FILE]...",
                        .summary = "Uncompress FILEs to standard output.",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_zcat,
                    });

// gzip, gunzip, zcat: compress or expand files with zlib, GNU gzip 1.12
// behaviour (-c -d -f -k -l -n -N -q -r -S -t -v -1..-9). Messages always say
// "gzip:" because Debian's gunzip and zcat are scripts running gzip.
// The compressed bytes come from zlib and may differ from GNU gzip's for large
// inputs; the format (header, name, mtime, OS) is the same.
#include <fcntl.h>
#include <zlib.h>

#include <cstring>

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

struct Gzip {
  Context& ctx;
  bool decompress = false, to_stdout = false, force = false, keep = false, list = false;
  bool no_name = false, save_name = true, quiet = false, recursive = false, test = false;
  bool verbose = false;
  bool restore_name = false;
  int level = 6;
  std::string suffix = ".gz";
  int status = kExitSuccess;
  uint64_t total_in = 0, total_out = 0, last_overhead = 0;
  bool list_header_done = false;
  int listed = 0;

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
  void warn(const std::string& msg) {
    if (!quiet) error(msg);
    if (status == kExitSuccess) status = 2;
  }
  void fail_errno(const std::string& name, int err) {
    error(name + ": " + std::strerror(err));
    status = kExitFailure;
  }

  // Compresses `in` into `out`. Returns bytes in/out through the pointers.
  bool compress(Stream& in, Stream& out, const std::string& name, time_t mtime, uint64_t* in_bytes,
                uint64_t* out_bytes) {
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
  bool expand(Stream& in, Stream* out, const std::string& label, uint64_t* in_bytes,
              uint64_t* out_bytes, std::string* orig_name = nullptr, time_t* orig_mtime = nullptr) {
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
          status = kExitFailure;
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
      status = kExitFailure;
      return false;
    }
    if (!member_done) {
      error("\n" + label + ": unexpected end of file");
      status = kExitFailure;
      return false;
    }
    return true;
  }

  bool has_suffix(const std::string& name) const {
    if (name.size() > suffix.size() && name.ends_with(suffix)) return true;
    for (const char* s : {".gz", ".z", "-gz", "-z", "_z", ".tgz", ".taz"}) {
      std::string_view sv(s);
      if (name.size() > sv.size() && name.ends_with(sv)) return true;
    }
    return false;
  }

  std::string strip_suffix(const std::string& name) const {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      return name.substr(0, name.size() - suffix.size());
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

  void list_one(const std::string& name) {
    auto in = name == "-" ? Result<StreamPtr>(ctx.in()) : ctx.fs.open(name, O_RDONLY);
    if (!in.ok()) {
      fail_errno(name, in.error());
      return;
    }
    uint64_t in_bytes, out_bytes;
    std::string orig;
    time_t mtime = 0;
    if (!expand(**in, nullptr, name == "-" ? "stdin" : name, &in_bytes, &out_bytes, &orig,
                &mtime)) {
      return;
    }
    if (!list_header_done) {
      if (verbose) ctx.out() << "method  crc     date  time  ";
      ctx.out() << "         compressed        uncompressed  ratio uncompressed_name\n";
      list_header_done = true;
    }
    char line[256];
    std::string shown = name == "-" ? "" : strip_suffix(name);
    if (verbose) {
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
      std::string when = st.ok() ? format_time("%b %e %H:%M", st->mtime) : "";
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

  void process(const std::string& name) {
    ctx.budget.check();
    if (list) {
      list_one(name);
      return;
    }
    bool use_stdin = name == "-";
    std::string label = use_stdin ? "stdin" : name;
    vfs::Stat st;
    if (!use_stdin) {
      auto s = ctx.fs.lstat(name);
      if (!s.ok() && decompress && !has_suffix(name)) {
        auto s2 = ctx.fs.lstat(name + suffix);
        if (s2.ok()) {
          process(name + suffix);
          return;
        }
        fail_errno(name + suffix, s.error());
        return;
      }
      if (!s.ok()) {
        fail_errno(name, s.error());
        return;
      }
      st = *s;
      if (S_ISDIR(st.mode)) {
        if (recursive) {
          auto entries = ctx.fs.readdir(name);
          if (entries.ok()) {
            for (const auto& e : *entries) process(join_path(name, e.name));
          }
          return;
        }
        warn(name + " is a directory -- ignored");
        return;
      }
      if (S_ISLNK(st.mode) && !to_stdout && !force) {
        warn(name + " is not a directory or a regular file - ignored");
        return;
      }
      if (!S_ISREG(st.mode) && !S_ISLNK(st.mode) && !to_stdout) {
        warn(name + " is not a directory or a regular file - ignored");
        return;
      }
    }
    auto in = use_stdin ? Result<StreamPtr>(ctx.in()) : ctx.fs.open(name, O_RDONLY);
    if (!in.ok() || *in == nullptr) {
      fail_errno(label, in.ok() ? EBADF : in.error());
      return;
    }
    std::string out_name;
    if (!use_stdin && !to_stdout && !test) {
      if (decompress) {
        if (!has_suffix(name)) {
          warn(name + ": unknown suffix -- ignored");
          return;
        }
        out_name = strip_suffix(name);
      } else {
        if (has_suffix(name)) {
          // GNU prints this warning without changing the exit status.
          if (!quiet) error(name + " already has " + suffix + " suffix -- unchanged");
          return;
        }
        out_name = name + suffix;
      }
      if (ctx.fs.lstat(out_name).ok()) {
        if (!force) {
          error(out_name + " already exists;\tnot overwritten");
          if (status == kExitSuccess) status = 2;
          return;
        }
        (void)ctx.fs.unlink(out_name);
      }
    }
    if (!to_stdout && !test && !use_stdin && !decompress) {
      // fallthrough to compression into a file
    }
    if (use_stdin && !to_stdout && !test && !decompress) {
      auto out = ctx.out_stream();
      if (out != nullptr && out->is_terminal() && !force) {
        error("compressed data not written to a terminal. Use -f to force compression.");
        error("For help, type: gzip -h");
        status = kExitFailure;
        return;
      }
    }
    StreamPtr out;
    bool writing_file = !out_name.empty();
    if (writing_file) {
      auto o = ctx.fs.open(out_name, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (!o.ok()) {
        fail_errno(out_name, o.error());
        return;
      }
      out = *o;
    } else if (!test) {
      ctx.flush_output();
      out = ctx.out_stream();
    }
    uint64_t in_bytes = 0, out_bytes = 0;
    bool ok;
    std::string stored_name;
    if (decompress || test) {
      time_t ignored_mtime = 0;
      ok = expand(**in, out.get(), label, &in_bytes, &out_bytes, &stored_name, &ignored_mtime);
    } else {
      time_t mtime =
          use_stdin ? (no_name ? 0 : now_time().tv_sec) : (no_name ? 0 : st.mtime.tv_sec);
      std::string stored = use_stdin || no_name ? "" : base_name(name);
      ok = compress(**in, *out, stored, mtime, &in_bytes, &out_bytes);
      if (!ok) fail_errno(label, EIO);
    }
    if (!ok) {
      if (writing_file) (void)ctx.fs.unlink(out_name);
      return;
    }
    if (writing_file) {
      out.reset();
      (void)ctx.fs.chmod(out_name, st.mode & 07777);
      (void)ctx.fs.utimens(out_name, st.atime, st.mtime);
      if (!keep) (void)ctx.fs.unlink(name);
    }
    if (verbose && !test) {
      uint64_t compressed = decompress ? in_bytes : out_bytes;
      uint64_t plain = decompress ? out_bytes : in_bytes;
      std::string stored = decompress ? stored_name : (use_stdin || no_name ? "" : base_name(name));
      std::string msg = label + ":\t" + ratio(payload(compressed, stored), plain);
      if (writing_file) {
        msg += std::string(" -- ") + (keep ? "created " : "replaced with ") + out_name;
      }
      ctx.err() << msg << '\n';
      (void)ctx.err().flush();
    } else if (verbose && test) {
      ctx.err() << label << ":\t OK\n";
    }
  }
};

int run_gzip_mode(Context& ctx, const Args& args, bool force_decompress, bool force_stdout) {
  Gzip gz{.ctx = ctx};
  gz.decompress = force_decompress;
  gz.to_stdout = force_stdout;
  for (const auto& o : args.options) {
    char c = o.spec->short_name;
    std::string_view l = o.spec->long_name;
    if (c == 'c' || l == "to-stdout") {
      gz.to_stdout = true;
    } else if (c == 'd' || l == "uncompress") {
      gz.decompress = true;
    } else if (c == 'f') {
      gz.force = true;
    } else if (c == 'k') {
      gz.keep = true;
    } else if (c == 'l') {
      gz.list = true;
    } else if (c == 'n') {
      gz.no_name = true;
      gz.save_name = false;
    } else if (c == 'N') {
      gz.no_name = false;
      gz.save_name = true;
    } else if (c == 'q') {
      gz.quiet = true;
      gz.verbose = false;
    } else if (c == 'r') {
      gz.recursive = true;
    } else if (c == 'S') {
      gz.suffix = o.value;
    } else if (c == 't') {
      gz.test = true;
    } else if (c == 'v') {
      gz.verbose = true;
      gz.quiet = false;
    } else if (c >= '1' && c <= '9') {
      gz.level = c - '0';
    } else if (c == 'L') {
      ctx.out() << "gzip (kefka) 0.1\nThis program is free software.\n";
      return kExitSuccess;
    }
  }
  if (gz.suffix.empty()) {
    gz.error("invalid suffix ''");
    return kExitFailure;
  }
  std::vector<std::string> files = args.operands;
  if (files.empty()) files.push_back("-");
  if (!gz.decompress && !gz.list && !gz.test && !gz.to_stdout && files.size() == 1 &&
      files[0] == "-") {
    gz.to_stdout = true;
  }
  if ((gz.decompress || gz.test) && files.size() == 1 && files[0] == "-") gz.to_stdout = true;
  for (const std::string& f : files) gz.process(f);
  if (gz.list && gz.listed > 1) {
    char line[256];
    if (gz.verbose) ctx.out() << "                              ";
    snprintf(line, sizeof line, "%19llu %19llu %s ", static_cast<unsigned long long>(gz.total_in),
             static_cast<unsigned long long>(gz.total_out),
             Gzip::ratio(gz.total_in - gz.last_overhead, gz.total_out).c_str());
    ctx.out() << line << "(totals)\n";
  }
  return gz.status;
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

// bzip2, bunzip2, bzcat, xz, unxz, xzcat: single-file compressors through
// libarchive's bzip2 and xz filters (raw format) over sandbox streams, with
// the messages and exit statuses of bzip2 1.0.8 and xz 5.4.
// Deviation: bzip2 -v and xz -v print a shorter summary than the originals.
#include <fcntl.h>

#include <cstring>

#include "commands/files/archive_io.h"
#include "commands/files/compressor.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'z', "compress", ArgKind::None, "", "force compression"},
    {'d', "decompress", ArgKind::None, "", "force decompression"},
    {'c', "stdout", ArgKind::None, "", "output to standard out"},
    {0, "to-stdout", ArgKind::None, "", "output to standard out"},
    {'f', "force", ArgKind::None, "", "overwrite existing output files"},
    {'k', "keep", ArgKind::None, "", "keep (don't delete) input files"},
    {'t', "test", ArgKind::None, "", "test compressed file integrity"},
    {'q', "quiet", ArgKind::None, "", "suppress noncritical error messages"},
    {'v', "verbose", ArgKind::None, "", "be verbose"},
    {'s', "small", ArgKind::None, "", "use less memory (ignored)"},
    {'T', "threads", ArgKind::Required, "NUM", "use at most NUM threads (ignored)"},
    {'1', "fast", ArgKind::None, "", "fastest"},
    {'2', "", ArgKind::None, "", ""},
    {'3', "", ArgKind::None, "", ""},
    {'4', "", ArgKind::None, "", ""},
    {'5', "", ArgKind::None, "", ""},
    {'6', "", ArgKind::None, "", ""},
    {'7', "", ArgKind::None, "", ""},
    {'8', "", ArgKind::None, "", ""},
    {'9', "best", ArgKind::None, "", "best compression"},
};

enum class Kind { kBzip2, kXz };

class LibarchiveFormat final : public CompressorFormat {
 public:
  LibarchiveFormat(Context& ctx, Kind kind) : ctx_(ctx), kind_(kind) {}

  std::string suffix() const override { return bzip2() ? ".bz2" : ".xz"; }
  bool has_suffix(const std::string& name) const override { return name.ends_with(suffix()); }

  std::optional<std::string> expanded_name(const std::string& name) const override {
    static const std::vector<std::string> kBzip2Suffixes{".bz2", ".bz", ".tbz2", ".tbz"};
    static const std::vector<std::string> kXzSuffixes{".xz", ".txz"};
    for (const auto& s : bzip2() ? kBzip2Suffixes : kXzSuffixes) {
      if (name.size() > s.size() && name.ends_with(s)) {
        std::string plain = name.substr(0, name.size() - s.size());
        return s.starts_with(".t") ? plain + ".tar" : plain;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> unknown_suffix(Compressor& c, const std::string& name) override {
    if (bzip2()) {
      c.say("Can't guess original name for " + name + " -- using " + name + ".out", 0);
      return name + ".out";
    }
    // xz looks at the data before the name.
    auto probe = ctx_.fs.open(name, O_RDONLY);
    if (probe.ok() && !expand(c, **probe, nullptr, name)) return std::nullopt;
    report(c, CompressorEvent::kUnknownSuffix, name, 0);
    return std::nullopt;
  }

  void report(Compressor& c, CompressorEvent event, const std::string& name, int err) override {
    const char* why = std::strerror(err);
    switch (event) {
      case CompressorEvent::kCannotStat:
        if (bzip2()) {
          c.say("Can't open input file " + name + ": " + why + ".", 1);
        } else {
          c.say(name + ": " + why, 1);
        }
        break;
      case CompressorEvent::kCannotOpen:
        c.say(name + ": " + why, 1);
        break;
      case CompressorEvent::kIsDirectory:
        bzip2() ? c.say("Input file " + name + " is a directory.", 1)
                : c.say(name + ": Is a directory, skipping", 2);
        break;
      case CompressorEvent::kNotRegular:
        c.say(name + ": Not a regular file, skipping", 2);
        break;
      case CompressorEvent::kHasSuffix:
        bzip2() ? c.say("Input file " + name + " already has " + suffix() + " suffix.", 1)
                : c.say(name + ": File already has `" + suffix() + "' suffix, skipping", 2);
        break;
      case CompressorEvent::kUnknownSuffix:
        c.say(name + ": Filename has an unknown suffix, skipping", 2);
        break;
      case CompressorEvent::kOutputExists:
        bzip2() ? c.say("Output file " + name + " already exists.", 1)
                : c.say(name + ": File exists", 1);
        break;
      case CompressorEvent::kTerminalOutput:
        if (bzip2()) {
          c.say("I won't write compressed data to a terminal.", 1);
          c.say("For help, type: `" + ctx_.name() + " --help'.", 1);
        } else {
          c.say("Compressed data cannot be written to a terminal", 1);
        }
        break;
    }
  }

  bool compress(Compressor& c, Stream& in, Stream& out, const std::string&, const std::string&,
                time_t) override {
    ArchivePtr a(archive_write_new(), ArchiveDeleter{true});
    if (bzip2()) {
      archive_write_add_filter_bzip2(a.get());
    } else {
      archive_write_add_filter_xz(a.get());
    }
    if (c.settings.level > 0) {
      archive_write_set_filter_option(a.get(), nullptr, "compression-level",
                                      std::to_string(c.settings.level).c_str());
    }
    archive_write_set_format_raw(a.get());
    archive_write_set_bytes_in_last_block(a.get(), 1);
    auto sink = std::shared_ptr<Stream>(&out, [](Stream*) {});
    StreamClient client{.stream = sink, .budget = &ctx_.budget};
    if (open_archive_writer(a.get(), &client) != ARCHIVE_OK) return false;
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, "data");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_write_header(a.get(), e);
    archive_entry_free(e);
    std::string buf(256 * 1024, '\0');
    for (;;) {
      ctx_.budget.check();
      auto n = in.read(buf);
      if (!n.ok() || *n == 0) break;
      archive_write_data(a.get(), buf.data(), *n);
    }
    return archive_write_close(a.get()) == ARCHIVE_OK;
  }

  bool expand(Compressor& c, Stream& in, Stream* out, const std::string& label) override {
    ArchivePtr a(archive_read_new(), ArchiveDeleter{false});
    if (bzip2()) {
      archive_read_support_filter_bzip2(a.get());
    } else {
      archive_read_support_filter_xz(a.get());
    }
    archive_read_support_format_raw(a.get());
    auto source = std::shared_ptr<Stream>(&in, [](Stream*) {});
    StreamClient client{.stream = source, .budget = &ctx_.budget};
    archive_entry* e = nullptr;
    bool opened = open_archive_reader(a.get(), &client) == ARCHIVE_OK &&
                  archive_read_next_header(a.get(), &e) == ARCHIVE_OK;
    int code = opened ? archive_filter_code(a.get(), 0) : ARCHIVE_FILTER_NONE;
    if (!opened || code != (bzip2() ? ARCHIVE_FILTER_BZIP2 : ARCHIVE_FILTER_XZ)) {
      if (!bzip2()) {
        c.say(label + ": File format not recognized", 1);
      } else if (c.settings.test) {
        c.say(label + ": bad magic number (file not created by bzip2)", 2);
        ctx_.err() << "\nYou can use the `bzip2recover' program to attempt to recover\n"
                      "data from undamaged sections of corrupted files.\n\n";
      } else {
        c.say(label + " is not a bzip2 file.", 2);
      }
      return false;
    }
    std::string buf(256 * 1024, '\0');
    for (;;) {
      ctx_.budget.check();
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n < 0) {
        bzip2() ? c.say("Data integrity error when decompressing.", 2)
                : c.say(label + ": Compressed data is corrupt", 1);
        return false;
      }
      if (n == 0) break;
      if (out != nullptr &&
          !write_all(*out, std::string_view(buf.data(), static_cast<size_t>(n))).ok()) {
        return false;
      }
    }
    return true;
  }

  void verbose_done(Compressor& c, const std::string& label, const std::string&) override {
    ctx_.err() << "  " << label << ": " << (c.settings.test ? "ok" : "done") << '\n';
  }

 private:
  bool bzip2() const { return kind_ == Kind::kBzip2; }

  Context& ctx_;
  Kind kind_;
};

int run_family(Context& ctx, const Args& args, Kind kind, bool decompress, bool to_stdout) {
  LibarchiveFormat format(ctx, kind);
  CompressorSettings settings;
  settings.decompress = decompress;
  settings.to_stdout = to_stdout;
  for (const auto& o : args.options) Compressor::apply_common_option(settings, o);
  return Compressor(ctx, format, settings).run(args.operands);
}

int run_bzip2(Context& ctx, const Args& a) {
  return run_family(ctx, a, Kind::kBzip2, false, false);
}
int run_bunzip2(Context& ctx, const Args& a) {
  return run_family(ctx, a, Kind::kBzip2, true, false);
}
int run_bzcat(Context& ctx, const Args& a) {
  return run_family(ctx, a, Kind::kBzip2, true, true);
}
int run_xz(Context& ctx, const Args& a) {
  return run_family(ctx, a, Kind::kXz, false, false);
}
int run_unxz(Context& ctx, const Args& a) {
  return run_family(ctx, a, Kind::kXz, true, false);
}
int run_xzcat(Context& ctx, const Args& a) {
  return run_family(ctx, a, Kind::kXz, true, true);
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(bzip2, {
                         .name = "bzip2",
                         .usage = "bzip2 [flags and input files in any order]",
                         .summary = "A block-sorting file compressor.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_bzip2,
                     });
KEFKA_COMMAND(bunzip2, {
                           .name = "bunzip2",
                           .usage = "bunzip2 [flags and input files in any order]",
                           .summary = "A block-sorting file decompressor.",
                           .options = kefka::cmd::files::kOptions,
                           .main = kefka::cmd::files::run_bunzip2,
                       });
KEFKA_COMMAND(bzcat, {
                         .name = "bzcat",
                         .usage = "bzcat [flags and input files in any order]",
                         .summary = "Decompress files to standard output.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_bzcat,
                     });
KEFKA_COMMAND(xz, {
                      .name = "xz",
                      .usage = "xz [OPTION]... [FILE]...",
                      .summary = "Compress or decompress FILEs in the .xz format.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_xz,
                  });
KEFKA_COMMAND(unxz, {
                        .name = "unxz",
                        .usage = "unxz [OPTION]... [FILE]...",
                        .summary = "Decompress FILEs in the .xz format.",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_unxz,
                    });
KEFKA_COMMAND(xzcat, {
                         .name = "xzcat",
                         .usage = "xzcat [OPTION]... [FILE]...",
                         .summary = "Decompress FILEs in the .xz format to standard output.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_xzcat,
                     });

// bzip2, bunzip2, bzcat, xz, unxz, xzcat: single-file compressors through
// libarchive's bzip2 and xz filters (raw format) over sandbox streams, with
// the messages and exit statuses of bzip2 1.0.8 and xz 5.4.
// Deviation: bzip2 -v and xz -v print a shorter summary than the originals.
#include <fcntl.h>

#include <cstring>

#include "commands/files/archive_io.h"
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

struct Compressor {
  Context& ctx;
  Kind kind;
  bool decompress = false, to_stdout = false, force = false, keep = false, test = false;
  bool quiet = false, verbose = false;
  int level = 0;
  int status = kExitSuccess;

  std::string suffix() const { return kind == Kind::kBzip2 ? ".bz2" : ".xz"; }
  const std::string& prog() const { return ctx.name(); }

  void say(const std::string& msg, int code) {
    if (kind == Kind::kBzip2) {
      ctx.err() << prog() << ": " << msg << '\n';
    } else {
      ctx.err() << prog() << ": " << msg << '\n';
    }
    (void)ctx.err().flush();
    status = std::max(status, code);
  }

  // Streams `in` through libarchive into `out`.
  bool run_filter(Stream& in, Stream* out, const std::string& label) {
    if (!decompress && !test) {
      ArchivePtr a(archive_write_new(), ArchiveDeleter{true});
      if (kind == Kind::kBzip2) {
        archive_write_add_filter_bzip2(a.get());
      } else {
        archive_write_add_filter_xz(a.get());
      }
      if (level > 0) {
        archive_write_set_filter_option(a.get(), nullptr, "compression-level",
                                        std::to_string(level).c_str());
      }
      archive_write_set_format_raw(a.get());
      archive_write_set_bytes_in_last_block(a.get(), 1);
      auto sink = std::shared_ptr<Stream>(out, [](Stream*) {});
      StreamClient client{.stream = sink, .budget = &ctx.budget};
      if (open_archive_writer(a.get(), &client) != ARCHIVE_OK) return false;
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, "data");
      archive_entry_set_filetype(e, AE_IFREG);
      archive_write_header(a.get(), e);
      archive_entry_free(e);
      std::string buf(256 * 1024, '\0');
      for (;;) {
        ctx.budget.check();
        auto n = in.read(buf);
        if (!n.ok() || *n == 0) break;
        archive_write_data(a.get(), buf.data(), *n);
      }
      return archive_write_close(a.get()) == ARCHIVE_OK;
    }
    ArchivePtr a(archive_read_new(), ArchiveDeleter{false});
    if (kind == Kind::kBzip2) {
      archive_read_support_filter_bzip2(a.get());
    } else {
      archive_read_support_filter_xz(a.get());
    }
    archive_read_support_format_raw(a.get());
    auto source = std::shared_ptr<Stream>(&in, [](Stream*) {});
    StreamClient client{.stream = source, .budget = &ctx.budget};
    archive_entry* e = nullptr;
    bool opened = open_archive_reader(a.get(), &client) == ARCHIVE_OK &&
                  archive_read_next_header(a.get(), &e) == ARCHIVE_OK;
    int code = opened ? archive_filter_code(a.get(), 0) : ARCHIVE_FILTER_NONE;
    bool right_kind =
        kind == Kind::kBzip2 ? code == ARCHIVE_FILTER_BZIP2 : code == ARCHIVE_FILTER_XZ;
    if (!opened || !right_kind) {
      if (kind == Kind::kBzip2) {
        say(label + " is not a bzip2 file.", 2);
      } else {
        say(label + ": File format not recognized", 1);
      }
      return false;
    }
    std::string buf(256 * 1024, '\0');
    for (;;) {
      ctx.budget.check();
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n < 0) {
        if (kind == Kind::kBzip2) {
          say("Data integrity error when decompressing.", 2);
        } else {
          say(label + ": Compressed data is corrupt", 1);
        }
        return false;
      }
      if (n == 0) break;
      if (out != nullptr) {
        if (!write_all(*out, std::string_view(buf.data(), static_cast<size_t>(n))).ok()) {
          return false;
        }
      }
    }
    return true;
  }

  void process(const std::string& name) {
    ctx.budget.check();
    bool use_stdin = name == "-";
    std::string label = use_stdin ? "(stdin)" : name;
    vfs::Stat st;
    if (!use_stdin) {
      auto s = ctx.fs.stat(name);
      if (!s.ok()) {
        if (kind == Kind::kBzip2) {
          say("Can't open input file " + name + ": " + std::strerror(s.error()) + ".", 1);
        } else {
          say(name + ": " + std::strerror(s.error()), 1);
        }
        return;
      }
      st = *s;
      if (S_ISDIR(st.mode)) {
        if (kind == Kind::kBzip2) {
          say("Input file " + name + " is a directory.", 1);
        } else {
          say(name + ": Is a directory, skipping", 2);
        }
        return;
      }
    }
    std::string out_name;
    if (!use_stdin && !to_stdout && !test) {
      if (decompress) {
        std::vector<std::string> suffixes =
            kind == Kind::kBzip2 ? std::vector<std::string>{".bz2", ".bz", ".tbz2", ".tbz"}
                                 : std::vector<std::string>{".xz", ".txz"};
        for (const auto& s : suffixes) {
          if (name.size() > s.size() && name.ends_with(s)) {
            out_name = name.substr(0, name.size() - s.size());
            if (s.starts_with(".t")) out_name += ".tar";
            break;
          }
        }
        if (out_name.empty()) {
          if (kind == Kind::kBzip2) {
            say("Can't guess original name for " + name + " -- using " + name + ".out", 0);
            out_name = name + ".out";
          } else {
            // xz looks at the data before the name.
            auto probe = ctx.fs.open(name, O_RDONLY);
            if (probe.ok() && !run_filter(**probe, nullptr, label)) return;
            say(name + ": Filename has an unknown suffix, skipping", 2);
            return;
          }
        }
      } else {
        if (name.ends_with(suffix())) {
          if (kind == Kind::kBzip2) {
            say("Input file " + name + " already has " + suffix() + " suffix.", 1);
          } else {
            say(name + ": File already has `" + suffix() + "' suffix, skipping", 2);
          }
          return;
        }
        out_name = name + suffix();
      }
    }
    auto in = use_stdin ? Result<StreamPtr>(ctx.in()) : ctx.fs.open(name, O_RDONLY);
    if (!in.ok() || *in == nullptr) {
      say(label + ": " + std::strerror(in.ok() ? EBADF : in.error()), 1);
      return;
    }
    if (!out_name.empty() && ctx.fs.lstat(out_name).ok()) {
      if (!force) {
        if (kind == Kind::kBzip2) {
          say("Output file " + out_name + " already exists.", 1);
        } else {
          say(out_name + ": File exists", 1);
        }
        return;
      }
      (void)ctx.fs.unlink(out_name);
    }
    StreamPtr out;
    if (!out_name.empty()) {
      auto o = ctx.fs.open(out_name, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (!o.ok()) {
        say(out_name + ": " + std::strerror(o.error()), 1);
        return;
      }
      out = *o;
    } else if (!test) {
      ctx.flush_output();
      out = ctx.out_stream();
    }
    bool ok = run_filter(**in, out.get(), label);
    if (!ok) {
      if (!out_name.empty()) {
        out.reset();
        (void)ctx.fs.unlink(out_name);
      }
      return;
    }
    if (!out_name.empty()) {
      out.reset();
      (void)ctx.fs.chmod(out_name, st.mode & 07777);
      (void)ctx.fs.utimens(out_name, st.atime, st.mtime);
      if (!keep) (void)ctx.fs.unlink(name);
    }
    if (verbose) {
      ctx.err() << "  " << label << ": " << (test ? "ok" : "done") << '\n';
      (void)ctx.err().flush();
    }
  }
};

int run_family(Context& ctx, const Args& args, Kind kind, bool decompress, bool to_stdout) {
  Compressor c{.ctx = ctx, .kind = kind};
  c.decompress = decompress;
  c.to_stdout = to_stdout;
  for (const auto& o : args.options) {
    char ch = o.spec->short_name;
    if (ch == 'z') c.decompress = false;
    if (ch == 'd') c.decompress = true;
    if (ch == 'c' || o.spec->long_name == "to-stdout") c.to_stdout = true;
    if (ch == 'f') c.force = true;
    if (ch == 'k') c.keep = true;
    if (ch == 't') c.test = true;
    if (ch == 'q') c.quiet = true;
    if (ch == 'v') c.verbose = true;
    if (ch >= '1' && ch <= '9') c.level = ch - '0';
  }
  std::vector<std::string> files = args.operands;
  if (files.empty()) {
    files.push_back("-");
    if (!c.test) c.to_stdout = true;
    auto out = ctx.out_stream();
    if (!c.decompress && !c.test && out != nullptr && out->is_terminal() && !c.force) {
      if (kind == Kind::kBzip2) {
        ctx.err() << ctx.name() << ": I won't write compressed data to a terminal.\n"
                  << ctx.name() << ": For help, type: `" << ctx.name() << " --help'.\n";
      } else {
        ctx.err() << ctx.name() << ": Compressed data cannot be written to a terminal\n";
      }
      return 1;
    }
  }
  for (const std::string& f : files) c.process(f == "-" ? "-" : f);
  return c.status;
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

// The driver shared by the single-file compressors (gzip, bzip2, xz and their
// gunzip/zcat, bunzip2/bzcat, unxz/xzcat aliases): the common options
// (-c -d -f -k -q -t -v -1..-9), which files to read and write, output names
// from suffixes, refusing to overwrite, keeping mode and times, removing the
// input. A CompressorFormat supplies the codec and the tool's own messages.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "commands/command.h"
#include "commands/options.h"

namespace kefka::cmd::files {

struct CompressorSettings {
  bool decompress = false, to_stdout = false, force = false, keep = false, test = false;
  bool quiet = false, verbose = false, recursive = false;
  int level = 0;  // 0: the format's default
};

// Things that go wrong with one file; each tool words them its own way.
enum class CompressorEvent {
  kCannotStat,      // the input is missing or unreadable (err set)
  kIsDirectory,     // a directory without -r
  kNotRegular,      // a symlink without -f, a device, a fifo...
  kHasSuffix,       // compressing a file that already has the suffix
  kUnknownSuffix,   // decompressing a file whose name says nothing
  kOutputExists,    // the output exists and no -f
  kCannotOpen,      // opening the input or creating the output failed (err set)
  kTerminalOutput,  // compressed data would go to a terminal
};

class Compressor;

class CompressorFormat {
 public:
  virtual ~CompressorFormat() = default;
  // The suffix added when compressing (".gz", ".bz2", ".xz").
  virtual std::string suffix() const = 0;
  // The output name when decompressing `name`, or nullopt when its suffix is
  // not one of the tool's.
  virtual std::optional<std::string> expanded_name(const std::string& name) const = 0;
  // Whether compressing `name` is refused as "already compressed".
  virtual bool has_suffix(const std::string& name) const { return expanded_name(name).has_value(); }
  // Prints the tool's message for `event` and raises the exit status.
  virtual void report(Compressor& c, CompressorEvent event, const std::string& name, int err) = 0;
  // What to do when the name of a file to decompress has no known suffix:
  // the output name to use anyway (bzip2: NAME.out), or nullopt to skip it
  // (after report(kUnknownSuffix), which the format may precede with its own
  // look at the data).
  virtual std::optional<std::string> unknown_suffix(Compressor& c, const std::string& name);
  // Whether inputs are examined with lstat (gzip refuses symlinks without -f),
  // a missing NAME to decompress is looked for as NAME+suffix (gzip -d x), and
  // the input is opened before the output name is worked out.
  virtual bool gzip_style_inputs() const { return false; }
  // The program name in messages (gunzip and zcat say "gzip:").
  virtual std::string program(const Context& ctx) const { return ctx.name(); }
  // How standard input is named in messages.
  virtual std::string stdin_label() const { return "(stdin)"; }

  // The codec. `label` names the input in messages ("stdin" for "-");
  // `stored_name`/`mtime` are the original name and time (gzip stores them).
  // Return false after printing a message (and raising the status).
  virtual bool compress(Compressor& c, Stream& in, Stream& out, const std::string& label,
                        const std::string& stored_name, time_t mtime) = 0;
  // `out` is null for -t.
  virtual bool expand(Compressor& c, Stream& in, Stream* out, const std::string& label) = 0;
  // The -v line after one file (to stderr), given the output name ("" for
  // standard output).
  virtual void verbose_done(Compressor& c, const std::string& label,
                            const std::string& out_name) = 0;
};

class Compressor {
 public:
  Compressor(Context& ctx, CompressorFormat& format, CompressorSettings settings)
      : ctx(ctx), settings(settings), format_(format) {}

  // Applies one of the common options (-c -d -z -f -k -t -q -v -r -1..-9,
  // --to-stdout, --uncompress); false when `o` is not one of them.
  static bool apply_common_option(CompressorSettings& s, const Args::Occurrence& o);

  // Runs over the operands ("-" or none: standard input to standard output).
  int run(std::vector<std::string> files);
  // One operand.
  void process(const std::string& name);

  // Prints "PROG: msg" on stderr (PROG is the command's name) and raises the
  // exit status to `status`.
  void say(const std::string& msg, int status);
  void raise_status(int s) { status = std::max(status, s); }

  Context& ctx;
  CompressorSettings settings;
  int status = kExitSuccess;

 private:
  // The output name for `name`, or nullopt when the file is skipped.
  std::optional<std::string> output_name(const std::string& name);
  // Runs the codec from `in` to `out_name` ("" for standard output, or none
  // with -t), then gives the output the input's mode and times and removes
  // the input (unless -k).
  void convert(const std::string& name, const std::string& label, Stream& in,
               const std::string& out_name, const vfs::Stat& st);

  CompressorFormat& format_;
};

}  // namespace kefka::cmd::files

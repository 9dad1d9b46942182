#include "commands/files/compressor.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>

#include "commands/files/file_util.h"

namespace kefka::cmd::files {

std::optional<std::string> CompressorFormat::unknown_suffix(Compressor& c,
                                                            const std::string& name) {
  report(c, CompressorEvent::kUnknownSuffix, name, 0);
  return std::nullopt;
}

bool Compressor::apply_common_option(CompressorSettings& s, const Args::Occurrence& o) {
  char c = o.spec->short_name;
  std::string_view name = o.spec->long_name;
  if (c == 'c' || name == "to-stdout") {
    s.to_stdout = true;
  } else if (c == 'd' || name == "uncompress") {
    s.decompress = true;
  } else if (c == 'z') {
    s.decompress = false;
  } else if (c == 'f') {
    s.force = true;
  } else if (c == 'k') {
    s.keep = true;
  } else if (c == 't') {
    s.test = true;
  } else if (c == 'q') {
    s.quiet = true;
    s.verbose = false;
  } else if (c == 'v') {
    s.verbose = true;
    s.quiet = false;
  } else if (c == 'r') {
    s.recursive = true;
  } else if (c >= '1' && c <= '9') {
    s.level = c - '0';
  } else {
    return false;
  }
  return true;
}

void Compressor::say(const std::string& msg, int s) {
  ctx.err() << format_.program(ctx) << ": " << msg << '\n';
  (void)ctx.err().flush();
  raise_status(s);
}

int Compressor::run(std::vector<std::string> files) {
  if (files.empty()) files.push_back("-");
  bool only_stdin = files.size() == 1 && files[0] == "-";
  if (only_stdin && !settings.decompress && !settings.test && !settings.force) {
    StreamPtr out = ctx.out_stream();
    if (out != nullptr && out->is_terminal()) {
      format_.report(*this, CompressorEvent::kTerminalOutput, "-", 0);
      return status;
    }
  }
  for (const std::string& f : files) process(f);
  return status;
}

void Compressor::process(const std::string& name) {
  ctx.budget.check();
  bool gzip_style = format_.gzip_style_inputs();
  if (name == "-") {
    std::string label = format_.stdin_label();
    StreamPtr in = ctx.in();
    if (in == nullptr) {
      say(label + ": " + std::strerror(EBADF), kExitFailure);
      return;
    }
    convert(name, label, *in, "", vfs::Stat{});
    return;
  }

  auto st = gzip_style ? ctx.fs.lstat(name) : ctx.fs.stat(name);
  if (!st.ok()) {
    std::string with_suffix = name + format_.suffix();
    if (gzip_style && settings.decompress && !format_.has_suffix(name)) {
      if (ctx.fs.lstat(with_suffix).ok()) {
        process(with_suffix);
        return;
      }
      format_.report(*this, CompressorEvent::kCannotStat, with_suffix, st.error());
      return;
    }
    format_.report(*this, CompressorEvent::kCannotStat, name, st.error());
    return;
  }
  if (S_ISDIR(st->mode)) {
    if (!settings.recursive) {
      format_.report(*this, CompressorEvent::kIsDirectory, name, 0);
      return;
    }
    auto entries = ctx.fs.readdir(name);
    if (entries.ok()) {
      for (const auto& e : *entries) process(join_path(name, e.name));
    }
    return;
  }
  if (gzip_style && !settings.to_stdout &&
      ((S_ISLNK(st->mode) && !settings.force) || (!S_ISREG(st->mode) && !S_ISLNK(st->mode)))) {
    format_.report(*this, CompressorEvent::kNotRegular, name, 0);
    return;
  }

  StreamPtr in;
  auto open_input = [&] {
    auto opened = ctx.fs.open(name, O_RDONLY);
    if (!opened.ok()) {
      format_.report(*this, CompressorEvent::kCannotOpen, name, opened.error());
      return false;
    }
    in = *opened;
    return true;
  };
  if (gzip_style && !open_input()) return;
  std::string out_name;
  if (!settings.to_stdout && !settings.test) {
    std::optional<std::string> chosen = output_name(name);
    if (!chosen) return;
    out_name = *chosen;
  }
  if (!gzip_style && !open_input()) return;
  if (!out_name.empty() && ctx.fs.lstat(out_name).ok()) {
    if (!settings.force) {
      format_.report(*this, CompressorEvent::kOutputExists, out_name, 0);
      return;
    }
    (void)ctx.fs.unlink(out_name);
  }
  convert(name, name, *in, out_name, *st);
}

std::optional<std::string> Compressor::output_name(const std::string& name) {
  if (settings.decompress) {
    std::optional<std::string> plain = format_.expanded_name(name);
    return plain ? plain : format_.unknown_suffix(*this, name);
  }
  if (format_.has_suffix(name)) {
    format_.report(*this, CompressorEvent::kHasSuffix, name, 0);
    return std::nullopt;
  }
  return name + format_.suffix();
}

void Compressor::convert(const std::string& name, const std::string& label, Stream& in,
                         const std::string& out_name, const vfs::Stat& st) {
  StreamPtr out;
  if (!out_name.empty()) {
    auto created = ctx.fs.open(out_name, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (!created.ok()) {
      format_.report(*this, CompressorEvent::kCannotOpen, out_name, created.error());
      return;
    }
    out = *created;
  } else if (!settings.test) {
    ctx.flush_output();
    out = ctx.out_stream();
  }
  bool ok;
  if (settings.decompress || settings.test) {
    ok = format_.expand(*this, in, out.get(), label);
  } else {
    bool use_stdin = name == "-";
    ok =
        out != nullptr && format_.compress(*this, in, *out, label, use_stdin ? "" : base_name(name),
                                           use_stdin ? now_time().tv_sec : st.mtime.tv_sec);
  }
  if (!out_name.empty()) {
    out.reset();
    if (!ok) {
      (void)ctx.fs.unlink(out_name);
      return;
    }
    (void)ctx.fs.chmod(out_name, st.mode & 07777);
    (void)ctx.fs.utimens(out_name, st.atime, st.mtime);
    if (!settings.keep) (void)ctx.fs.unlink(name);
  }
  if (ok && settings.verbose) {
    format_.verbose_done(*this, label, out_name);
    (void)ctx.err().flush();
  }
}

}  // namespace kefka::cmd::files

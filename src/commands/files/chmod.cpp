// chmod: change file mode bits, GNU coreutils 9.1 behaviour: octal and
// symbolic modes (ugoa, +-=, rwxXst, ugo copies), -R -v -c -f --reference.
// Modes that look like options ("-w", "-rwx") are accepted like GNU does, so
// the command parses its own arguments.
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "changes", ArgKind::None, "", "like verbose but report only when a change is made"},
    {'f', "silent", ArgKind::None, "", "suppress most error messages"},
    {0, "quiet", ArgKind::None, "", "suppress most error messages"},
    {'v', "verbose", ArgKind::None, "", "output a diagnostic for every file processed"},
    {0, "no-preserve-root", ArgKind::None, "", "do not treat '/' specially (the default)"},
    {0, "preserve-root", ArgKind::None, "", "fail to operate recursively on '/'"},
    {0, "reference", ArgKind::Required, "RFILE", "use RFILE's mode instead of MODE values"},
    {'R', "recursive", ArgKind::None, "", "change files and directories recursively"},
};

struct Chmod {
  Context& ctx;
  bool changes = false, quiet = false, verbose = false, recursive = false;
  bool preserve_root = false;
  std::string mode_spec;
  std::optional<uint32_t> reference_mode;
  int status = kExitSuccess;

  static std::string describe(uint32_t mode) {
    char buf[8];
    snprintf(buf, sizeof buf, "%04o", mode & 07777);
    return std::string(buf) + " (" + mode_string(mode).substr(1) + ")";
  }

  void change(const std::string& path, bool top_level) {
    ctx.budget.check();
    auto lst = ctx.fs.lstat(path);
    if (!lst.ok()) {
      if (!quiet) fail(ctx, "cannot access " + quote(ctx, path), lst.error());
      status = kExitFailure;
      return;
    }
    if (S_ISLNK(lst->mode) && !top_level) {
      if (verbose) {
        ctx.out() << "neither symbolic link " << quote(ctx, path)
                  << " nor referent has been changed\n";
      }
      return;
    }
    auto st = ctx.fs.stat(path);
    if (!st.ok()) {
      if (!quiet) ctx.error("cannot operate on dangling symlink " + quote(ctx, path));
      status = kExitFailure;
      return;
    }
    if (recursive && preserve_root && S_ISDIR(st->mode)) {
      auto real = ctx.fs.realpath(path);
      if (real.ok() && *real == "/") {
        if (strip_trailing_slashes(path) == "/") {
          ctx.error("it is dangerous to operate recursively on " + quote(ctx, "/"));
        } else {
          ctx.error("it is dangerous to operate recursively on " + quote(ctx, path) + " (same as " +
                    quote(ctx, "/") + ")");
        }
        ctx.error("use --no-preserve-root to override this failsafe");
        status = kExitFailure;
        return;
      }
    }
    uint32_t old_mode = st->mode;
    bool is_dir = S_ISDIR(old_mode);
    uint32_t umask = ctx.fs.caller().umask;
    uint32_t new_bits =
        reference_mode ? *reference_mode & 07777 : *apply_mode(mode_spec, old_mode, is_dir, umask);
    uint32_t new_mode = (old_mode & S_IFMT) | new_bits;
    bool changed = (old_mode & 07777) != new_bits;
    auto r = changed ? ctx.fs.chmod(path, new_bits) : Status();
    if (!r.ok()) {
      if (!quiet) fail(ctx, "changing permissions of " + quote(ctx, path), r.error());
      status = kExitFailure;
    } else if (verbose || (changes && changed)) {
      if (changed) {
        ctx.out() << "mode of " << quote(ctx, path) << " changed from " << describe(old_mode)
                  << " to " << describe(new_mode) << '\n';
      } else {
        ctx.out() << "mode of " << quote(ctx, path) << " retained as " << describe(old_mode)
                  << '\n';
      }
    }
    if (r.ok() && !reference_mode) {
      // GNU warns when the umask kept a symbolic mode from removing bits.
      uint32_t wanted = *apply_mode(mode_spec, old_mode, is_dir, 0);
      if ((new_bits & ~wanted) != 0) {
        ctx.error(quote_if_needed(ctx, path) + ": new permissions are " +
                  mode_string(new_mode).substr(1) + ", not " +
                  mode_string((old_mode & S_IFMT) | wanted).substr(1));
        status = kExitFailure;
      }
    }
    if (recursive && is_dir && !S_ISLNK(lst->mode)) {
      auto entries = ctx.fs.readdir(path);
      if (!entries.ok()) {
        if (!quiet) fail(ctx, "cannot read directory " + quote(ctx, path), entries.error());
        status = kExitFailure;
        return;
      }
      for (const auto& e : *entries) change(join_path(path, e.name), false);
    }
  }
};

// Matches an abbreviation of one of `names`; empty when none or ambiguous.
std::string_view match_long(std::string_view given) {
  std::string_view found;
  for (const OptionSpec& o : kOptions) {
    if (o.long_name.empty()) continue;
    if (o.long_name == given) return o.long_name;
    if (o.long_name.starts_with(given)) {
      if (!found.empty()) return "?";
      found = o.long_name;
    }
  }
  return found;
}

bool looks_like_mode(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  for (char c : arg.substr(1)) {
    if (!std::strchr("rwxXstugoa,+-=01234567", c)) return false;
  }
  return true;
}

int run_chmod(Context& ctx, const Args& args) {
  Chmod ch{.ctx = ctx};
  std::vector<std::string> operands;
  std::optional<std::string> reference;
  std::vector<std::string> argv(ctx.argv.begin() + 1, ctx.argv.end());
  bool options_done = false;
  std::string mode_from_options;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options_done || a == "-" || a.empty() || a[0] != '-') {
      operands.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a.starts_with("--")) {
      std::string name = a.substr(2);
      std::optional<std::string> value;
      if (size_t eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      std::string_view full = match_long(name);
      if (full.empty()) {
        ctx.error("unrecognized option " + quote_value(ctx, a).replace(0, 0, ""));
        try_help(ctx);
        return kExitFailure;
      }
      if (full == "?") {
        ctx.error("option '" + a + "' is ambiguous");
        try_help(ctx);
        return kExitFailure;
      }
      if (full == "reference") {
        if (!value) {
          if (i + 1 >= argv.size()) {
            ctx.error("option '--reference' requires an argument");
            try_help(ctx);
            return kExitFailure;
          }
          value = argv[++i];
        }
        reference = *value;
      } else if (value) {
        ctx.error("option '--" + std::string(full) + "' doesn't allow an argument");
        try_help(ctx);
        return kExitFailure;
      } else if (full == "changes") {
        ch.changes = true;
      } else if (full == "silent" || full == "quiet") {
        ch.quiet = true;
      } else if (full == "verbose") {
        ch.verbose = true;
      } else if (full == "no-preserve-root") {
        ch.preserve_root = false;
      } else if (full == "preserve-root") {
        ch.preserve_root = true;
      } else if (full == "recursive") {
        ch.recursive = true;
      }
      continue;
    }
    if (looks_like_mode(a)) {
      // GNU chmod: "-w" etc. are modes; they become the mode operand.
      if (!mode_from_options.empty()) mode_from_options += ',';
      mode_from_options += a;
      continue;
    }
    for (size_t k = 1; k < a.size(); ++k) {
      switch (a[k]) {
        case 'c':
          ch.changes = true;
          break;
        case 'f':
          ch.quiet = true;
          break;
        case 'v':
          ch.verbose = true;
          break;
        case 'R':
          ch.recursive = true;
          break;
        default:
          ctx.error(std::string("invalid option -- '") + a[k] + "'");
          try_help(ctx);
          return kExitFailure;
      }
    }
  }
  if (!mode_from_options.empty()) operands.insert(operands.begin(), mode_from_options);
  if (reference) {
    auto st = ctx.fs.stat(*reference);
    if (!st.ok()) {
      fail(ctx, "failed to get attributes of " + quote(ctx, *reference), st.error());
      return kExitFailure;
    }
    ch.reference_mode = st->mode;
  } else {
    if (operands.empty()) {
      ctx.error("missing operand");
      try_help(ctx);
      return kExitFailure;
    }
    ch.mode_spec = operands.front();
    operands.erase(operands.begin());
    if (!valid_mode(ch.mode_spec)) {
      ctx.error("invalid mode: " + quote_value(ctx, ch.mode_spec));
      try_help(ctx);
      return kExitFailure;
    }
  }
  if (operands.empty()) {
    if (reference) {
      ctx.error("missing operand");
    } else {
      ctx.error("missing operand after " + quote_value(ctx, ch.mode_spec));
    }
    try_help(ctx);
    return kExitFailure;
  }
  for (const std::string& path : operands) ch.change(path, true);
  return ch.status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(chmod, {
                         .name = "chmod",
                         .usage = "chmod [OPTION]... MODE[,MODE]... FILE...\n"
                                  "chmod [OPTION]... OCTAL-MODE FILE...\n"
                                  "chmod [OPTION]... --reference=RFILE FILE...",
                         .summary = "Change the mode of each FILE to MODE.\nWith --reference, "
                                    "change the mode of each FILE to that of RFILE.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_chmod,
                         .flags = kefka::cmd::kRawArguments,
                     });

// rm: remove files or directories, GNU coreutils 9.1 behaviour.
// -i/-I prompt on stderr and read the answer from stdin (a line starting with
// y or Y means yes), like GNU does when stdin is not a terminal.
#include <algorithm>
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'f', "force", ArgKind::None, "", "ignore nonexistent files and arguments, never prompt"},
    {'i', "", ArgKind::None, "", "prompt before every removal"},
    {'I', "", ArgKind::None, "",
     "prompt once before removing more than three files, or when "
     "removing recursively"},
    {0, "interactive", ArgKind::Optional, "WHEN",
     "prompt according to WHEN: never, once (-I), "
     "or always (-i)"},
    {0, "one-file-system", ArgKind::None, "",
     "when removing a hierarchy recursively, skip any "
     "directory that is on a different file system"},
    {0, "no-preserve-root", ArgKind::None, "", "do not treat '/' specially"},
    {0, "preserve-root", ArgKind::Optional, "all", "do not remove '/' (default)"},
    {'r', "recursive", ArgKind::None, "", "remove directories and their contents recursively"},
    {'R', "", ArgKind::None, "", "same as -r"},
    {'d', "dir", ArgKind::None, "", "remove empty directories"},
    {'v', "verbose", ArgKind::None, "", "explain what is being done"},
};

enum class Prompt { kNever, kOnce, kAlways };

struct Remover {
  Context& ctx;
  bool force = false, recursive = false, dirs = false, verbose = false;
  bool preserve_root = true;
  Prompt prompt = Prompt::kNever;
  int status = kExitSuccess;

  std::string describe(const vfs::Stat& st) const {
    return std::string(file_type_name(st.mode, st.size));
  }

  void report_error(const std::string& path, int err) {
    fail(ctx, "cannot remove " + quote(ctx, path), err);
    status = kExitFailure;
  }

  // Removes `path`; returns false when something inside it was left.
  bool remove(const std::string& path, const vfs::Stat& st) {
    ctx.budget.check();
    if (S_ISDIR(st.mode)) {
      if (!recursive) {
        if (dirs) return remove_empty_dir(path, st);
        report_error(path, EISDIR);
        return false;
      }
      if (prompt == Prompt::kAlways &&
          !ask_yes_no(ctx, "descend into directory " + quote(ctx, path) + "?")) {
        return false;
      }
      auto entries = ctx.fs.readdir(path);
      if (!entries.ok()) {
        // An empty unreadable directory can still be removed.
        auto r = ctx.fs.rmdir(path);
        if (!r.ok()) {
          report_error(path, entries.error());
          return false;
        }
        if (verbose) ctx.out() << "removed directory " << quote(ctx, path) << '\n';
        return true;
      }
      bool all_removed = true;
      for (const vfs::DirEntry& e : *entries) {
        std::string child = join_path(path, e.name);
        auto cst = ctx.fs.lstat(child);
        if (!cst.ok()) {
          if (!(force && cst.error() == ENOENT)) report_error(child, cst.error());
          all_removed = false;
          continue;
        }
        if (!remove(child, *cst)) all_removed = false;
      }
      if (!all_removed) return false;
      return remove_empty_dir(path, st);
    }
    if (prompt == Prompt::kAlways &&
        !ask_yes_no(ctx, "remove " + describe(st) + " " + quote(ctx, path) + "?")) {
      return false;
    }
    auto r = ctx.fs.unlink(path);
    if (!r.ok()) {
      if (force && r.error() == ENOENT) return true;
      report_error(path, r.error());
      return false;
    }
    if (verbose) ctx.out() << "removed " << quote(ctx, path) << '\n';
    return true;
  }

  bool remove_empty_dir(const std::string& path, const vfs::Stat& st) {
    if (prompt == Prompt::kAlways &&
        !ask_yes_no(ctx, "remove directory " + quote(ctx, path) + "?")) {
      return false;
    }
    auto r = ctx.fs.rmdir(path);
    if (!r.ok()) {
      report_error(path, r.error());
      return false;
    }
    if (verbose) ctx.out() << "removed directory " << quote(ctx, path) << '\n';
    return true;
  }
};

int run_rm(Context& ctx, const Args& args) {
  Remover rm{.ctx = ctx};
  for (const auto& o : args.options) {
    char c = o.spec->short_name;
    std::string_view l = o.spec->long_name;
    if (c == 'f') {
      rm.force = true;
      rm.prompt = Prompt::kNever;
    } else if (c == 'i') {
      rm.prompt = Prompt::kAlways;
      rm.force = false;
    } else if (c == 'I') {
      rm.prompt = Prompt::kOnce;
      rm.force = false;
    } else if (l == "interactive") {
      std::string when = o.has_value ? o.value : "always";
      if (when == "never" || when == "no" || when == "none") {
        rm.prompt = Prompt::kNever;
      } else if (when == "once") {
        rm.prompt = Prompt::kOnce;
        rm.force = false;
      } else if (when == "always" || when == "yes") {
        rm.prompt = Prompt::kAlways;
        rm.force = false;
      } else {
        invalid_argument(ctx, when, "--interactive", {"never|no|none", "once", "always|yes"});
        return kExitFailure;
      }
    } else if (c == 'r' || c == 'R') {
      rm.recursive = true;
    } else if (c == 'd') {
      rm.dirs = true;
    } else if (c == 'v') {
      rm.verbose = true;
    } else if (l == "no-preserve-root") {
      rm.preserve_root = false;
    } else if (l == "preserve-root") {
      rm.preserve_root = true;
    }
  }
  if (args.operands.empty()) {
    if (rm.force) return kExitSuccess;
    ctx.error("missing operand");
    try_help(ctx);
    return kExitFailure;
  }
  if (rm.prompt == Prompt::kOnce && (rm.recursive || args.operands.size() > 3)) {
    std::string q = "remove ";
    if (rm.recursive) {
      q += args.operands.size() == 1
               ? "1 argument recursively?"
               : std::to_string(args.operands.size()) + " arguments recursively?";
    } else {
      q += std::to_string(args.operands.size()) + " arguments?";
    }
    if (!ask_yes_no(ctx, q)) return kExitSuccess;
  }
  for (const std::string& path : args.operands) {
    ctx.budget.check();
    if (is_dot_or_dotdot(path)) {
      ctx.error("refusing to remove '.' or '..' directory: skipping " + quote(ctx, path));
      rm.status = kExitFailure;
      continue;
    }
    auto st = ctx.fs.lstat(path);
    if (!st.ok()) {
      if (!(rm.force && st.error() == ENOENT)) rm.report_error(path, st.error());
      continue;
    }
    if (rm.recursive && rm.preserve_root && S_ISDIR(st->mode)) {
      auto real = ctx.fs.realpath(path);
      if (real.ok() && *real == "/") {
        if (strip_trailing_slashes(path) == "/") {
          ctx.error("it is dangerous to operate recursively on " + quote(ctx, "/"));
        } else {
          ctx.error("it is dangerous to operate recursively on " + quote(ctx, path) + " (same as " +
                    quote(ctx, "/") + ")");
        }
        ctx.error("use --no-preserve-root to override this failsafe");
        rm.status = kExitFailure;
        continue;
      }
    }
    rm.remove(path, *st);
  }
  return rm.status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(rm, {
                      .name = "rm",
                      .usage = "rm [OPTION]... [FILE]...",
                      .summary = "Remove (unlink) the FILE(s).",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_rm,
                  });

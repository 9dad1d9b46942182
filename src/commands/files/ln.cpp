// ln: make links between files, GNU coreutils 9.1 behaviour
// (-s -f -n -r -T -t -v -L -P -b).
#include <cstring>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {0, "backup", ArgKind::Optional, "CONTROL", "make a backup of each existing destination file"},
    {'b', "", ArgKind::None, "", "like --backup but does not accept an argument"},
    {'d', "directory", ArgKind::None, "",
     "allow the superuser to attempt to hard link "
     "directories"},
    {'F', "", ArgKind::None, "", "same as -d"},
    {'f', "force", ArgKind::None, "", "remove existing destination files"},
    {'i', "interactive", ArgKind::None, "", "prompt whether to remove destinations"},
    {'L', "logical", ArgKind::None, "", "dereference TARGETs that are symbolic links"},
    {'n', "no-dereference", ArgKind::None, "",
     "treat LINK_NAME as a normal file if it is a "
     "symbolic link to a directory"},
    {'P', "physical", ArgKind::None, "", "make hard links directly to symbolic links"},
    {'r', "relative", ArgKind::None, "", "with -s, create links relative to link location"},
    {'s', "symbolic", ArgKind::None, "", "make symbolic links instead of hard links"},
    {'S', "suffix", ArgKind::Required, "SUFFIX", "override the usual backup suffix"},
    {'t', "target-directory", ArgKind::Required, "DIRECTORY",
     "specify the DIRECTORY in which to "
     "create the links"},
    {'T', "no-target-directory", ArgKind::None, "", "treat LINK_NAME as a normal file always"},
    {'v', "verbose", ArgKind::None, "", "print name of each linked file"},
};

struct Linker {
  Context& ctx;
  bool symbolic = false, force = false, relative = false, verbose = false, logical = false;
  bool interactive = false;

  bool link_one(const std::string& target, const std::string& link) {
    ctx.budget.check();
    std::string what = symbolic ? "symbolic link " : "hard link ";
    if (!symbolic) {
      auto st = logical ? ctx.fs.stat(target) : ctx.fs.lstat(target);
      if (!st.ok()) {
        fail(ctx, "failed to access " + quote(ctx, target), st.error());
        return false;
      }
      if (S_ISDIR(st->mode)) {
        ctx.error(quote_if_needed(ctx, target) + ": hard link not allowed for directory");
        return false;
      }
    }
    auto existing = ctx.fs.lstat(link);
    if (existing.ok()) {
      if (!force && !interactive) {
        fail(ctx, "failed to create " + what + quote(ctx, link), EEXIST);
        return false;
      }
      if (!symbolic) {
        auto tst = logical ? ctx.fs.stat(target) : ctx.fs.lstat(target);
        if (tst.ok() && tst->ino == existing->ino && tst->dev == existing->dev) {
          ctx.error(quote(ctx, target) + " and " + quote(ctx, link) + " are the same file");
          return false;
        }
      }
      if (interactive && !ask_yes_no(ctx, "replace " + quote(ctx, link) + "?")) return true;
      if (S_ISDIR(existing->mode)) {
        ctx.error("cannot overwrite directory " + quote(ctx, link));
        return false;
      }
      auto r = ctx.fs.unlink(link);
      if (!r.ok()) {
        fail(ctx, "cannot remove " + quote(ctx, link), r.error());
        return false;
      }
    }
    std::string link_target = target;
    if (symbolic && relative) {
      auto abs_target = canonicalize(ctx, target, CanonMode::kMissing);
      auto link_dir = canonicalize(ctx, dir_name(link), CanonMode::kMissing);
      if (abs_target.ok() && link_dir.ok()) link_target = relative_path(*abs_target, *link_dir);
    }
    Status r = symbolic ? ctx.fs.symlink(link_target, link) : ctx.fs.link(target, link);
    if (!symbolic && r.ok() && logical) {
      // link() does not follow; with -L link to what the symlink names.
      auto real = canonicalize(ctx, target, CanonMode::kExisting);
      if (real.ok() && *real != ctx.fs.absolute(target)) {
        (void)ctx.fs.unlink(link);
        r = ctx.fs.link(*real, link);
      }
    }
    if (!r.ok()) {
      if (r.error() == EEXIST) {
        fail(ctx, "failed to create " + what + quote(ctx, link), r.error());
      } else if (symbolic) {
        fail(ctx, "failed to create symbolic link " + quote(ctx, link), r.error());
      } else {
        fail(ctx, "failed to create hard link " + quote(ctx, link) + " => " + quote(ctx, target),
             r.error());
      }
      return false;
    }
    if (verbose) {
      ctx.out() << quote(ctx, link) << (symbolic ? " -> " : " => ") << quote(ctx, link_target)
                << '\n';
    }
    return true;
  }
};

int run_ln(Context& ctx, const Args& args) {
  Linker l{.ctx = ctx};
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 's':
        l.symbolic = true;
        break;
      case 'f':
        l.force = true;
        l.interactive = false;
        break;
      case 'i':
        l.interactive = true;
        l.force = false;
        break;
      case 'r':
        l.relative = true;
        break;
      case 'v':
        l.verbose = true;
        break;
      case 'L':
        l.logical = true;
        break;
      case 'P':
        l.logical = false;
        break;
      default:
        break;
    }
  }
  if (l.relative && !l.symbolic) {
    ctx.error("cannot do --relative without --symbolic");
    return kExitFailure;
  }
  const auto& ops = args.operands;
  const std::string* target_dir = args.value('t');
  bool no_target_dir = args.has('T');
  if (target_dir != nullptr && no_target_dir) {
    ctx.error("cannot combine --target-directory and --no-target-directory");
    return kExitFailure;
  }
  if (ops.empty()) {
    ctx.error("missing file operand");
    try_help(ctx);
    return kExitFailure;
  }
  std::vector<std::pair<std::string, std::string>> links;
  auto into = [&](const std::string& dir, size_t count) {
    for (size_t i = 0; i < count; ++i) links.push_back({ops[i], join_path(dir, base_name(ops[i]))});
  };
  if (target_dir != nullptr) {
    auto st = ctx.fs.stat(*target_dir);
    if (!st.ok() || !S_ISDIR(st->mode)) {
      fail(ctx, "target directory " + quote(ctx, *target_dir), st.ok() ? ENOTDIR : st.error());
      return kExitFailure;
    }
    into(*target_dir, ops.size());
  } else if (no_target_dir) {
    if (ops.size() < 2) {
      ctx.error("missing destination file operand after " + quote(ctx, ops[0]));
      try_help(ctx);
      return kExitFailure;
    }
    if (ops.size() > 2) {
      ctx.error("extra operand " + quote(ctx, ops[2]));
      try_help(ctx);
      return kExitFailure;
    }
    links.push_back({ops[0], ops[1]});
  } else if (ops.size() == 1) {
    into(".", 1);
  } else {
    const std::string& last = ops.back();
    bool no_deref = args.has('n');
    auto lst = ctx.fs.lstat(last);
    auto st = ctx.fs.stat(last);
    bool is_dir = st.ok() && S_ISDIR(st->mode) && !(no_deref && lst.ok() && S_ISLNK(lst->mode));
    if (is_dir) {
      into(last, ops.size() - 1);
    } else if (ops.size() > 2) {
      fail(ctx, "target " + quote(ctx, last), st.ok() || lst.ok() ? ENOTDIR : st.error());
      return kExitFailure;
    } else {
      links.push_back({ops[0], last});
    }
  }
  int status = kExitSuccess;
  for (const auto& [target, link] : links) {
    if (!l.link_one(target, link)) status = kExitFailure;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(ln, {
                      .name = "ln",
                      .usage = "ln [OPTION]... [-T] TARGET LINK_NAME\n"
                               "ln [OPTION]... TARGET\n"
                               "ln [OPTION]... TARGET... DIRECTORY\n"
                               "ln [OPTION]... -t DIRECTORY TARGET...",
                      .summary = "Create links to each TARGET.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_ln,
                  });

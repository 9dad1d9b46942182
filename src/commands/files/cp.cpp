// cp: copy files and directories, GNU coreutils 9.1 behaviour.
#include <cstring>

#include "commands/files/copy.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "archive", ArgKind::None, "", "same as -dR --preserve=all"},
    {0, "attributes-only", ArgKind::None, "", "don't copy the file data, just the attributes"},
    {0, "backup", ArgKind::Optional, "CONTROL", "make a backup of each existing destination file"},
    {'b', "", ArgKind::None, "", "like --backup but does not accept an argument"},
    {0, "copy-contents", ArgKind::None, "", "copy contents of special files when recursive"},
    {'d', "", ArgKind::None, "", "same as --no-dereference --preserve=links"},
    {'f', "force", ArgKind::None, "",
     "if an existing destination file cannot be opened, remove it "
     "and try again"},
    {'i', "interactive", ArgKind::None, "", "prompt before overwrite"},
    {'H', "", ArgKind::None, "", "follow command-line symbolic links in SOURCE"},
    {'l', "link", ArgKind::None, "", "hard link files instead of copying"},
    {'L', "dereference", ArgKind::None, "", "always follow symbolic links in SOURCE"},
    {'n', "no-clobber", ArgKind::None, "", "do not overwrite an existing file"},
    {'P', "no-dereference", ArgKind::None, "", "never follow symbolic links in SOURCE"},
    {'p', "", ArgKind::None, "", "same as --preserve=mode,ownership,timestamps"},
    {0, "preserve", ArgKind::Optional, "ATTR_LIST", "preserve the specified attributes"},
    {0, "no-preserve", ArgKind::Required, "ATTR_LIST", "don't preserve the specified attributes"},
    {0, "parents", ArgKind::None, "", "use full source file name under DIRECTORY"},
    {'R', "recursive", ArgKind::None, "", "copy directories recursively"},
    {'r', "", ArgKind::None, "", "copy directories recursively"},
    {0, "reflink", ArgKind::Optional, "WHEN", "control clone/CoW copies"},
    {0, "remove-destination", ArgKind::None, "",
     "remove each existing destination file before "
     "attempting to open it"},
    {0, "sparse", ArgKind::Required, "WHEN", "control creation of sparse files"},
    {0, "strip-trailing-slashes", ArgKind::None, "",
     "remove any trailing slashes from each SOURCE"},
    {'s', "symbolic-link", ArgKind::None, "", "make symbolic links instead of copying"},
    {'S', "suffix", ArgKind::Required, "SUFFIX", "override the usual backup suffix"},
    {'t', "target-directory", ArgKind::Required, "DIRECTORY",
     "copy all SOURCE arguments into "
     "DIRECTORY"},
    {'T', "no-target-directory", ArgKind::None, "", "treat DEST as a normal file"},
    {'u', "update", ArgKind::None, "",
     "copy only when the SOURCE file is newer than the "
     "destination file or when the destination file is missing"},
    {'v', "verbose", ArgKind::None, "", "explain what is being done"},
    {'x', "one-file-system", ArgKind::None, "", "stay on this file system"},
};

// Applies a --preserve/--no-preserve list; false on an unknown attribute.
bool set_preserve(Context& ctx, CopyOptions& o, const std::string& list, bool value,
                  std::string_view option) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string attr =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (attr == "mode") {
      o.preserve_mode = value;
    } else if (attr == "ownership") {
      o.preserve_owner = value;
    } else if (attr == "timestamps") {
      o.preserve_times = value;
    } else if (attr == "all") {
      o.preserve_mode = o.preserve_owner = o.preserve_times = value;
    } else if (attr == "links" || attr == "context" || attr == "xattr") {
    } else {
      invalid_argument(ctx, attr, option,
                       {"mode", "timestamps", "ownership", "links", "context", "xattr", "all"});
      return false;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

int run_cp(Context& ctx, const Args& args) {
  CopyOptions o;
  bool parents = false, strip_slashes = false;
  for (const auto& occ : args.options) {
    char c = occ.spec->short_name;
    std::string_view l = occ.spec->long_name;
    if (c == 'a') {
      o.recursive = true;
      o.deref_all = false;
      o.deref_never = true;
      o.preserve_mode = o.preserve_owner = o.preserve_times = true;
    } else if (l == "attributes-only") {
      o.attributes_only = true;
    } else if (c == 'd' || c == 'P') {
      o.deref_all = false;
      o.deref_cmdline = false;
      o.deref_never = true;
    } else if (c == 'f') {
      o.force = true;
    } else if (c == 'i') {
      o.interactive = true;
      o.no_clobber = false;
    } else if (c == 'H') {
      o.deref_cmdline = true;
      o.deref_never = false;
    } else if (c == 'l') {
      o.hard_link = true;
    } else if (c == 'L') {
      o.deref_all = true;
      o.deref_never = false;
    } else if (c == 'n') {
      o.no_clobber = true;
      o.interactive = false;
    } else if (c == 'p') {
      o.preserve_mode = o.preserve_owner = o.preserve_times = true;
    } else if (l == "preserve") {
      if (!set_preserve(ctx, o, occ.has_value ? occ.value : "mode,ownership,timestamps", true,
                        "--preserve")) {
        return kExitFailure;
      }
    } else if (l == "no-preserve") {
      if (!set_preserve(ctx, o, occ.value, false, "--no-preserve")) return kExitFailure;
    } else if (l == "parents") {
      parents = true;
    } else if (c == 'R' || c == 'r') {
      o.recursive = true;
    } else if (l == "remove-destination") {
      o.remove_destination = true;
    } else if (l == "strip-trailing-slashes") {
      strip_slashes = true;
    } else if (c == 's') {
      o.symbolic_link = true;
    } else if (c == 'u') {
      o.update = true;
    } else if (c == 'v') {
      o.verbose = true;
    }
  }
  if (o.hard_link && o.symbolic_link) {
    ctx.error("cannot make both hard and symbolic links");
    try_help(ctx);
    return kExitFailure;
  }
  const std::string* target_dir = args.value('t');
  if (target_dir != nullptr && args.has('T')) {
    ctx.error("cannot combine --target-directory (-t) and --no-target-directory (-T)");
    try_help(ctx);
    return kExitFailure;
  }
  TargetPlan plan;
  if (parents) {
    const auto& ops = args.operands;
    std::string dir = target_dir != nullptr ? *target_dir : ops.empty() ? "" : ops.back();
    auto st = ctx.fs.stat(dir);
    if (ops.size() < (target_dir != nullptr ? 1u : 2u) || !st.ok() || !S_ISDIR(st->mode)) {
      ctx.error("with --parents, the destination must be a directory");
      try_help(ctx);
      return kExitFailure;
    }
    size_t n = target_dir != nullptr ? ops.size() : ops.size() - 1;
    for (size_t i = 0; i < n; ++i) {
      std::string dst = join_path(dir, ops[i]);
      // Create the intermediate directories of the source's path.
      std::string partial = dir;
      std::string rel = dir_name(ops[i]);
      size_t pos = 0;
      while (rel != "." && pos < rel.size()) {
        size_t slash = rel.find('/', pos);
        std::string comp =
            rel.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        pos = slash == std::string::npos ? rel.size() : slash + 1;
        if (comp.empty()) continue;
        partial = join_path(partial, comp);
        if (!ctx.fs.stat(partial).ok()) (void)ctx.fs.mkdir(partial, 0777);
      }
      plan.moves.push_back({ops[i], dst});
    }
  } else if (!plan_targets(ctx, args, target_dir, args.has('T'), plan)) {
    return kExitFailure;
  }
  Copier copier(ctx, o);
  int status = kExitSuccess;
  for (auto& [src, dst] : plan.moves) {
    std::string source = strip_slashes ? strip_trailing_slashes(src) : src;
    if (!copier.copy(source, dst)) status = kExitFailure;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(cp, {
                      .name = "cp",
                      .usage = "cp [OPTION]... [-T] SOURCE DEST\n"
                               "cp [OPTION]... SOURCE... DIRECTORY\n"
                               "cp [OPTION]... -t DIRECTORY SOURCE...",
                      .summary = "Copy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_cp,
                  });

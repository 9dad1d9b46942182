// chown, chgrp: change file owner and group, GNU coreutils 9.1 behaviour.
// Names come from the sandbox's /etc/passwd and /etc/group; numeric ids are
// accepted. The vfs stores the ids and applies its own permission rules.
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
    {0, "dereference", ArgKind::None, "", "affect the referent of each symbolic link (default)"},
    {'h', "no-dereference", ArgKind::None, "",
     "affect symbolic links instead of any referenced "
     "file"},
    {0, "from", ArgKind::Required, "CURRENT_OWNER:CURRENT_GROUP",
     "change only if its current owner and/or group match those specified here"},
    {0, "no-preserve-root", ArgKind::None, "", "do not treat '/' specially (the default)"},
    {0, "preserve-root", ArgKind::None, "", "fail to operate recursively on '/'"},
    {0, "reference", ArgKind::Required, "RFILE",
     "use RFILE's ownership rather than specifying "
     "values"},
    {'R', "recursive", ArgKind::None, "", "operate on files and directories recursively"},
    {'H', "", ArgKind::None, "",
     "if a command line argument is a symbolic link to a directory, "
     "traverse it"},
    {'L', "", ArgKind::None, "", "traverse every symbolic link to a directory encountered"},
    {'P', "", ArgKind::None, "", "do not traverse any symbolic links (default)"},
};

std::optional<uint32_t> numeric_id(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX - 1) return std::nullopt;
  return static_cast<uint32_t>(v);
}

struct Owner {
  Context& ctx;
  const UserDb& users;
  bool is_chgrp = false;
  bool changes = false, quiet = false, verbose = false, recursive = false, no_deref = false;
  std::optional<uint32_t> uid, gid;
  int status = kExitSuccess;

  std::string owner_text(uint32_t u, uint32_t g) const {
    if (is_chgrp) return users.group_or_id(g);
    if (gid) return users.user_or_id(u) + ":" + users.group_or_id(g);
    return users.user_or_id(u);
  }

  void change(const std::string& path, bool top_level) {
    ctx.budget.check();
    auto lst = ctx.fs.lstat(path);
    if (!lst.ok()) {
      if (!quiet) fail(ctx, "cannot access " + quote(ctx, path), lst.error());
      status = kExitFailure;
      return;
    }
    bool follow = !no_deref && (top_level || !recursive);
    if (S_ISLNK(lst->mode) && recursive && !top_level) follow = false;
    auto st = follow ? ctx.fs.stat(path) : lst;
    if (!st.ok()) {
      if (!quiet) fail(ctx, "cannot dereference " + quote(ctx, path), st.error());
      status = kExitFailure;
      return;
    }
    uint32_t new_uid = uid.value_or(st->uid), new_gid = gid.value_or(st->gid);
    bool changed = new_uid != st->uid || new_gid != st->gid;
    auto r = ctx.fs.chown(path, uid ? *uid : UINT32_MAX, gid ? *gid : UINT32_MAX, follow);
    std::string what = is_chgrp ? "group" : "ownership";
    if (!r.ok()) {
      if (!quiet) fail(ctx, "changing " + what + " of " + quote(ctx, path), r.error());
      status = kExitFailure;
    } else if (verbose || (changes && changed)) {
      if (changed) {
        ctx.out() << "changed " << what << " of " << quote(ctx, path) << " from "
                  << owner_text(st->uid, st->gid) << " to " << owner_text(new_uid, new_gid) << '\n';
      } else {
        ctx.out() << what << " of " << quote(ctx, path) << " retained as "
                  << owner_text(st->uid, st->gid) << '\n';
      }
    }
    if (recursive && S_ISDIR(st->mode) && !S_ISLNK(lst->mode)) {
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

int run_owner(Context& ctx, const Args& args, bool is_chgrp) {
  UserDb users(ctx.fs);
  Owner o{.ctx = ctx, .users = users, .is_chgrp = is_chgrp};
  o.changes = args.has('c');
  o.quiet = args.has('f') || args.has("quiet");
  o.verbose = args.has('v');
  o.recursive = args.has('R');
  o.no_deref = args.has('h');
  std::vector<std::string> ops = args.operands;
  if (const std::string* ref = args.value("reference")) {
    auto st = ctx.fs.stat(*ref);
    if (!st.ok()) {
      fail(ctx, "failed to get attributes of " + quote(ctx, *ref), st.error());
      return kExitFailure;
    }
    if (!is_chgrp) o.uid = st->uid;
    o.gid = st->gid;
  } else {
    if (ops.empty()) {
      ctx.error("missing operand");
      try_help(ctx);
      return kExitFailure;
    }
    std::string spec = ops.front();
    ops.erase(ops.begin());
    if (is_chgrp) {
      auto g = users.group_id(spec);
      if (!g) g = numeric_id(spec);
      if (!g) {
        ctx.error("invalid group: " + quote_value(ctx, spec));
        return kExitFailure;
      }
      o.gid = g;
    } else {
      size_t colon = spec.find(':');
      if (colon == std::string::npos) colon = spec.find('.');
      std::string user = spec.substr(0, colon);
      std::optional<std::string> group;
      if (colon != std::string::npos) group = spec.substr(colon + 1);
      if (!user.empty()) {
        auto u = users.user_id(user);
        if (!u) u = numeric_id(user);
        if (!u) {
          ctx.error("invalid user: " + quote_value(ctx, spec));
          return kExitFailure;
        }
        o.uid = u;
        if (group && group->empty()) {
          auto pg = users.user_primary_group(*u);
          if (!pg) {
            ctx.error("invalid spec: " + quote_value(ctx, spec));
            return kExitFailure;
          }
          o.gid = pg;
        }
      }
      if (group && !group->empty()) {
        auto g = users.group_id(*group);
        if (!g) g = numeric_id(*group);
        if (!g) {
          ctx.error("invalid group: " + quote_value(ctx, spec));
          return kExitFailure;
        }
        o.gid = g;
      }
    }
  }
  if (ops.empty()) {
    ctx.error("missing operand after " +
              quote_value(ctx, args.operands.empty() ? std::string() : args.operands.front()));
    try_help(ctx);
    return kExitFailure;
  }
  for (const std::string& path : ops) o.change(path, true);
  return o.status;
}

int run_chown(Context& ctx, const Args& args) {
  return run_owner(ctx, args, false);
}
int run_chgrp(Context& ctx, const Args& args) {
  return run_owner(ctx, args, true);
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(chown, {
                         .name = "chown",
                         .usage = "chown [OPTION]... [OWNER][:[GROUP]] FILE...\n"
                                  "chown [OPTION]... --reference=RFILE FILE...",
                         .summary = "Change the owner and/or group of each FILE to OWNER and/or "
                                    "GROUP.\nWith --reference, change the owner and group of each "
                                    "FILE to those of RFILE.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_chown,
                     });

KEFKA_COMMAND(chgrp, {
                         .name = "chgrp",
                         .usage = "chgrp [OPTION]... GROUP FILE...\n"
                                  "chgrp [OPTION]... --reference=RFILE FILE...",
                         .summary = "Change the group of each FILE to GROUP.\nWith --reference, "
                                    "change the group of each FILE to that of RFILE.",
                         .options = kefka::cmd::files::kOptions,
                         .main = kefka::cmd::files::run_chgrp,
                     });

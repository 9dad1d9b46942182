// The copy engine shared by cp, mv (across file systems) and install.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "commands/files/file_util.h"

namespace kefka::cmd::files {

struct CopyOptions {
  bool recursive = false;
  bool deref_all = false;      // -L
  bool deref_cmdline = false;  // -H
  bool deref_never = false;    // -P, -d, -a: copy symlinks as symlinks even without -R
  bool preserve_mode = false;
  bool preserve_owner = false;
  bool preserve_times = false;
  bool no_clobber = false;     // -n
  bool force = false;          // -f
  bool update = false;         // -u
  bool verbose = false;        // -v
  bool hard_link = false;      // -l
  bool symbolic_link = false;  // -s
  bool remove_destination = false;
  bool attributes_only = false;
  bool interactive = false;  // -i: answer read from stdin
  bool for_move = false;     // messages and semantics of mv
};

class Copier {
 public:
  Copier(Context& ctx, CopyOptions opts) : ctx_(ctx), opts_(opts) {}
  // Copies `src` to exactly `dst`. Returns false after reporting an error.
  bool copy(const std::string& src, const std::string& dst, bool top_level = true);

 private:
  bool copy_dir(const std::string& src, const std::string& dst, const vfs::Stat& st,
                bool dst_exists);
  bool copy_file(const std::string& src, const std::string& dst, const vfs::Stat& st,
                 bool dst_exists);
  void apply_attributes(const std::string& dst, const vfs::Stat& st, bool is_link);

  Context& ctx_;
  CopyOptions opts_;
  // Directories created by this run, so `cp -r d d/sub` stops at d/sub.
  std::set<std::pair<uint64_t, uint64_t>> created_dirs_;
  std::string top_src_, top_dst_;
  bool into_self_ = false;
};

// Decides the destination of each source like cp/mv/ln/install: with -t or a
// last operand naming a directory, sources go inside it. Reports the GNU usage
// errors and returns false when the operands are unusable.
struct TargetPlan {
  std::vector<std::pair<std::string, std::string>> moves;  // source, destination
};
bool plan_targets(Context& ctx, const Args& args, const std::string* target_dir, bool no_target_dir,
                  TargetPlan& plan, bool follow_dest_link = true);

}  // namespace kefka::cmd::files

// df: report file system space usage, GNU coreutils 9.1 layout. The sandbox
// reports its mounts (the root filesystem and any embedder mounts) from
// statfs; the device name is "sandbox".
#include <cstring>

#include <algorithm>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "all", ArgKind::None, "", "include pseudo, duplicate, inaccessible file systems"},
    {'B', "block-size", ArgKind::Required, "SIZE", "scale sizes by SIZE before printing them"},
    {'h', "human-readable", ArgKind::None, "", "print sizes in powers of 1024 (e.g., 1023M)"},
    {'H', "si", ArgKind::None, "", "print sizes in powers of 1000 (e.g., 1.1G)"},
    {'i', "inodes", ArgKind::None, "", "list inode information instead of block usage"},
    {'k', "", ArgKind::None, "", "like --block-size=1K"},
    {'l', "local", ArgKind::None, "", "limit listing to local file systems"},
    {'P', "portability", ArgKind::None, "", "use the POSIX output format"},
    {0, "total", ArgKind::None, "",
     "elide all entries insignificant to available space, and "
     "produce a grand total"},
    {'T', "print-type", ArgKind::None, "", "print file system type"},
    {'t', "type", ArgKind::Required, "TYPE", "limit listing to file systems of type TYPE"},
    {'x', "exclude-type", ArgKind::Required, "TYPE",
     "limit listing to file systems not of type "
     "TYPE"},
};

int run_df(Context& ctx, const Args& args) {
  bool human = args.has('h'), si = args.has('H'), inodes = args.has('i');
  bool print_type = args.has('T');
  uint64_t block = 1024;
  if (const std::string* b = args.value('B')) {
    auto v = parse_size(*b, false);
    if (!v || *v == 0) {
      ctx.error("invalid --block-size argument " + quote_value(ctx, *b));
      return kExitFailure;
    }
    block = *v;
  }
  std::vector<std::string> targets;
  int status = kExitSuccess;
  if (args.operands.empty()) {
    for (const auto& m : ctx.fs.vfs().mounts()) targets.push_back(m.path);
    std::sort(targets.begin(), targets.end());
  } else {
    for (const std::string& p : args.operands) {
      auto st = ctx.fs.stat(p);
      if (!st.ok()) {
        fail(ctx, quote(ctx, p), st.error());
        status = kExitFailure;
        continue;
      }
      targets.push_back(p);
    }
  }
  std::vector<std::vector<std::string>> rows;
  std::string size_header = inodes        ? "Inodes"
                            : human || si ? "Size"
                                          : std::to_string(block / 1024) + "K-blocks";
  if (!inodes && !human && !si && block % 1024 != 0)
    size_header = std::to_string(block) + "B-blocks";
  if (!inodes && !human && !si && block == 1024 * 1024) size_header = "1M-blocks";
  rows.push_back({"Filesystem", "Type", size_header, inodes ? "IUsed" : "Used",
                  inodes ? "IFree" : "Avail", inodes ? "IUse%" : "Use%", "Mounted on"});
  if (!human && !si && !inodes) rows[0][4] = "Available";
  uint64_t t_size = 0, t_used = 0, t_avail = 0;
  auto fmt = [&](uint64_t v, uint64_t unit) {
    if (inodes) return std::to_string(v);
    uint64_t bytes = v * unit;
    if (human || si) return human_size(bytes, si);
    return std::to_string(div_ceil(bytes, block));
  };
  for (const std::string& t : targets) {
    auto fs = ctx.fs.vfs().statfs(ctx.fs.caller(), t);
    if (!fs.ok()) continue;
    std::string mount = "/";
    auto real = ctx.fs.realpath(t);
    for (const auto& m : ctx.fs.vfs().mounts()) {
      if (real.ok() && (m.path == "/" || *real == m.path || real->starts_with(m.path + "/")) &&
          m.path.size() >= mount.size()) {
        mount = m.path;
      }
    }
    if (args.operands.empty() && fs->blocks == 0 && !args.has('a')) continue;
    uint64_t total = inodes ? fs->files : fs->blocks;
    uint64_t avail = inodes ? fs->files_free : fs->blocks_free;
    uint64_t used = total - std::min(total, avail);
    uint64_t unit = fs->block_size;
    t_size += total;
    t_used += used;
    t_avail += avail;
    std::string pct =
        used + avail == 0 ? "-" : std::to_string(div_ceil(used * 100, used + avail)) + "%";
    rows.push_back({"sandbox", mount == "/dev" ? "devtmpfs" : "tmpfs", fmt(total, unit),
                    fmt(used, unit), fmt(avail, unit), pct, mount});
    if (!args.operands.empty()) continue;
  }
  if (args.has("total")) {
    std::string pct = t_used + t_avail == 0
                          ? "-"
                          : std::to_string(div_ceil(t_used * 100, t_used + t_avail)) + "%";
    rows.push_back(
        {"total", "-", fmt(t_size, 4096), fmt(t_used, 4096), fmt(t_avail, 4096), pct, "-"});
  }
  std::vector<size_t> width(7, 0);
  width[0] = 14;
  for (size_t c = 2; c < 6; ++c) width[c] = 5;
  width[5] = 4;
  for (const auto& r : rows) {
    for (size_t c = 0; c < 6; ++c) width[c] = std::max(width[c], r[c].size());
  }
  for (const auto& r : rows) {
    std::string line = r[0] + std::string(width[0] - r[0].size(), ' ');
    if (print_type) line += " " + r[1] + std::string(width[1] - r[1].size(), ' ');
    for (size_t c = 2; c < 6; ++c) line += " " + std::string(width[c] - r[c].size(), ' ') + r[c];
    line += " " + r[6];
    ctx.out() << line << '\n';
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(df, {
                      .name = "df",
                      .usage = "df [OPTION]... [FILE]...",
                      .summary = "Show information about the file system on which each FILE "
                                 "resides,\nor all file systems by default.",
                      .options = kefka::cmd::files::kOptions,
                      .main = kefka::cmd::files::run_df,
                  });

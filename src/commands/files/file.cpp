// file: determine file type with libmagic (file 5.44 output). The data is
// read through the sandbox and handed to magic_buffer(); libmagic only reads
// its own compiled database. Directories, links, empty and special files are
// described here like file does, before libmagic is asked.
#include <fcntl.h>
#include <magic.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'b', "brief", ArgKind::None, "", "do not prepend filenames to output lines"},
    {'i', "mime", ArgKind::None, "", "output MIME type strings (--mime-type and --mime-encoding)"},
    {0, "mime-type", ArgKind::None, "", "output the MIME type"},
    {0, "mime-encoding", ArgKind::None, "", "output the MIME encoding"},
    {'L', "dereference", ArgKind::None, "", "follow symlinks"},
    {'h', "no-dereference", ArgKind::None, "", "don't follow symlinks (default)"},
    {'F', "separator", ArgKind::Required, "STRING", "use string as separator instead of `:'"},
    {'N', "no-pad", ArgKind::None, "", "do not pad output"},
    {'0', "print0", ArgKind::None, "", "terminate filenames with ASCII NUL"},
    {'z', "uncompress", ArgKind::None, "", "try to look inside compressed files (ignored)"},
    {'s', "special-files", ArgKind::None, "",
     "treat special (block/char devices) files as "
     "ordinary ones"},
    {'f', "files-from", ArgKind::Required, "FILE", "read the filenames to be examined from FILE"},
    {'k', "keep-going", ArgKind::None, "", "don't stop at the first match"},
    {'E', "", ArgKind::None, "", "on filesystem errors, issue an error message and exit"},
};

constexpr size_t kMaxBytes = 1 << 20;  // what file examines by default

// Loaded libmagic handles of one thread, by flag set; closed when the thread
// ends (pipeline stages and jobs are threads: an unclosed handle per thread
// would leak the whole compiled database each time).
class MagicHandles {
 public:
  MagicHandles() = default;
  MagicHandles(const MagicHandles&) = delete;
  MagicHandles& operator=(const MagicHandles&) = delete;
  ~MagicHandles() {
    for (auto& [flags, handle] : handles_) {
      if (handle != nullptr) magic_close(handle);
    }
  }

  magic_t get(int flags) {
    auto it = handles_.find(flags);
    if (it != handles_.end()) return it->second;
    magic_t m = magic_open(flags);
    if (m != nullptr && magic_load(m, nullptr) != 0) {
      magic_close(m);
      m = nullptr;
    }
    handles_[flags] = m;
    return m;
  }

 private:
  std::map<int, magic_t> handles_;
};

magic_t handle_for(int flags) {
  thread_local MagicHandles handles;
  return handles.get(flags);
}

enum class Output { kText, kMime, kMimeType, kMimeEncoding };

std::string inode_mime(const std::string& type, Output out) {
  if (out == Output::kMimeType) return type;
  if (out == Output::kMimeEncoding) return "binary";
  return type + "; charset=binary";
}

std::string describe(Context& ctx, const std::string& name, bool follow, bool special, Output out) {
  auto lst = ctx.fs.lstat(name);
  if (!lst.ok()) {
    return "cannot open `" + name + "' (" + std::strerror(lst.error()) + ")";
  }
  vfs::Stat st = *lst;
  if (S_ISLNK(st.mode)) {
    auto target = ctx.fs.stat(name);
    if (follow && target.ok()) {
      st = *target;
    } else {
      auto link = ctx.fs.readlink(name);
      if (out != Output::kText) return inode_mime("inode/symlink", out);
      std::string to = link.ok() ? *link : "";
      return (target.ok() ? "symbolic link to " : "broken symbolic link to ") + to;
    }
  }
  if (S_ISDIR(st.mode)) {
    return out == Output::kText ? "directory" : inode_mime("inode/directory", out);
  }
  if (S_ISFIFO(st.mode)) {
    return out == Output::kText ? "fifo (named pipe)" : inode_mime("inode/fifo", out);
  }
  if (S_ISSOCK(st.mode)) return out == Output::kText ? "socket" : inode_mime("inode/socket", out);
  if ((S_ISCHR(st.mode) || S_ISBLK(st.mode)) && !special) {
    if (out != Output::kText) {
      return inode_mime(S_ISCHR(st.mode) ? "inode/chardevice" : "inode/blockdevice", out);
    }
    return std::string(S_ISCHR(st.mode) ? "character special" : "block special") + " (" +
           std::to_string(major(st.rdev)) + "/" + std::to_string(minor(st.rdev)) + ")";
  }
  auto in = ctx.fs.open(name, O_RDONLY);
  if (!in.ok()) return "cannot open `" + name + "' (" + std::strerror(in.error()) + ")";
  std::string data;
  std::string buf(64 * 1024, '\0');
  while (data.size() < kMaxBytes) {
    ctx.budget.check();
    auto n = (*in)->read(buf);
    if (!n.ok() || *n == 0) break;
    data.append(buf.data(), std::min(*n, kMaxBytes - data.size()));
  }
  if (data.empty()) {
    return out == Output::kText ? "empty" : inode_mime("inode/x-empty", out);
  }
  int flags = MAGIC_NONE;
  if (out == Output::kMime) flags = MAGIC_MIME;
  if (out == Output::kMimeType) flags = MAGIC_MIME_TYPE;
  if (out == Output::kMimeEncoding) flags = MAGIC_MIME_ENCODING;
  magic_t m = handle_for(flags);
  if (m == nullptr) return "data";
  const char* r = magic_buffer(m, data.data(), data.size());
  return r != nullptr ? r : "data";
}

int run_file(Context& ctx, const Args& args) {
  Output out = Output::kText;
  if (args.has('i')) out = Output::kMime;
  if (args.has("mime-type")) out = Output::kMimeType;
  if (args.has("mime-encoding")) out = Output::kMimeEncoding;
  bool follow = args.has('L') && !args.has('h');
  std::vector<std::string> names = args.operands;
  if (const std::string* list = args.value('f')) {
    auto text = *list == "-" ? read_whole(ctx, "-") : ctx.fs.read_file(*list);
    if (!text.ok()) {
      ctx.error("Cannot open `" + *list + "' (" + std::strerror(text.error()) + ")");
      return kExitFailure;
    }
    size_t start = 0;
    while (start < text->size()) {
      size_t nl = text->find('\n', start);
      if (nl == std::string::npos) nl = text->size();
      if (nl > start) names.push_back(text->substr(start, nl - start));
      start = nl + 1;
    }
  }
  if (names.empty()) {
    ctx.err()
        << "Usage: file [-bcdEhikLlNnprsSvzZ0] [--apple] [--extension] "
           "[--mime-encoding]\n            [--mime-type] [-e <testname>] [-F "
           "<separator>]  [-f <namefile>]\n            [-m <magicfiles>] [-P <parameter=value>] "
           "[--exclude-quiet]\n            <file> ...\n       file -C [-m <magicfiles>]\n"
           "       file [--help]\n";
    return kExitFailure;
  }
  std::string sep = args.value('F') ? *args.value('F') : ":";
  size_t width = 0;
  for (const auto& n : names) width = std::max(width, n.size());
  for (const std::string& name : names) {
    ctx.budget.check();
    std::string text = describe(ctx, name, follow, args.has('s'), out);
    if (!args.has('b')) {
      ctx.out() << name;
      if (args.has('0')) {
        ctx.out().put('\0');
      } else {
        ctx.out() << sep;
      }
      size_t pad = args.has('N') ? 1 : width - name.size() + 1;
      ctx.out() << std::string(pad, ' ');
    }
    ctx.out() << text << '\n';
  }
  return kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(file, {
                        .name = "file",
                        .usage = "file [OPTION...] [FILE...]",
                        .summary = "Determine type of FILEs.",
                        .options = kefka::cmd::files::kOptions,
                        .main = kefka::cmd::files::run_file,
                    });

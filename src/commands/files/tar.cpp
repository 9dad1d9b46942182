// tar: an archiving utility, GNU tar 1.34 behaviour for the common forms:
// -c -x -t -r -u with -f, -z -j -J --zstd -a, -v, -C, -O, -k, --skip-old-files,
// -p, -m, --strip-components, --exclude, -X, -T, -P, -h, --no-recursion, and
// GNU's bundled old-style options ("tar czf x.tgz dir").
// Archives go through libarchive (GNU format when creating) over sandbox
// streams. Deviations: -C applies to all operands rather than positionally;
// compressed archives are byte-different from GNU tar's (another compressor).
#include <fcntl.h>

#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "commands/files/archive_io.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "create", ArgKind::None, "", "create a new archive"},
    {'x', "extract", ArgKind::None, "", "extract files from an archive"},
    {0, "get", ArgKind::None, "", "extract files from an archive"},
    {'t', "list", ArgKind::None, "", "list the contents of an archive"},
    {'r', "append", ArgKind::None, "", "append files to the end of an archive"},
    {'u', "update", ArgKind::None, "", "only append files newer than copy in archive"},
    {'f', "file", ArgKind::Required, "ARCHIVE", "use archive file or device ARCHIVE"},
    {'z', "gzip", ArgKind::None, "", "filter the archive through gzip"},
    {0, "gunzip", ArgKind::None, "", "filter the archive through gzip"},
    {0, "ungzip", ArgKind::None, "", "filter the archive through gzip"},
    {'j', "bzip2", ArgKind::None, "", "filter the archive through bzip2"},
    {'J', "xz", ArgKind::None, "", "filter the archive through xz"},
    {0, "zstd", ArgKind::None, "", "filter the archive through zstd"},
    {'a', "auto-compress", ArgKind::None, "",
     "use archive suffix to determine the compression "
     "program"},
    {'v', "verbose", ArgKind::None, "", "verbosely list files processed"},
    {'C', "directory", ArgKind::Required, "DIR", "change to directory DIR"},
    {'O', "to-stdout", ArgKind::None, "", "extract files to standard output"},
    {'k', "keep-old-files", ArgKind::None, "",
     "don't replace existing files when extracting, "
     "treat them as errors"},
    {0, "skip-old-files", ArgKind::None, "",
     "don't replace existing files when extracting, "
     "silently skip over them"},
    {0, "overwrite", ArgKind::None, "", "overwrite existing files when extracting"},
    {'p', "preserve-permissions", ArgKind::None, "",
     "extract information about file "
     "permissions"},
    {0, "same-permissions", ArgKind::None, "", "extract information about file permissions"},
    {0, "no-same-permissions", ArgKind::None, "",
     "apply the user's umask when extracting "
     "permissions from the archive"},
    {0, "same-owner", ArgKind::None, "",
     "try extracting files with the same ownership as "
     "exists in the archive"},
    {0, "no-same-owner", ArgKind::None, "", "extract files as yourself"},
    {'o', "", ArgKind::None, "", "same as --no-same-owner when extracting"},
    {'m', "touch", ArgKind::None, "", "don't extract file modified time"},
    {0, "strip-components", ArgKind::Required, "NUMBER",
     "strip NUMBER leading components from "
     "file names on extraction"},
    {0, "exclude", ArgKind::Required, "PATTERN", "exclude files, given as a PATTERN"},
    {'X', "exclude-from", ArgKind::Required, "FILE", "exclude patterns listed in FILE"},
    {'T', "files-from", ArgKind::Required, "FILE", "get names to extract or create from FILE"},
    {0, "null", ArgKind::None, "", "-T reads null-terminated names"},
    {'P', "absolute-names", ArgKind::None, "", "don't strip leading '/'s from file names"},
    {'h', "dereference", ArgKind::None, "",
     "follow symlinks; archive and dump the files they "
     "point to"},
    {0, "no-recursion", ArgKind::None, "", "avoid descending automatically in directories"},
    {0, "recursion", ArgKind::None, "", "recurse into directories (default)"},
    {0, "numeric-owner", ArgKind::None, "", "always use numbers for user/group names"},
    {0, "owner", ArgKind::Required, "NAME", "force NAME as owner for added files"},
    {0, "group", ArgKind::Required, "NAME", "force NAME as group for added files"},
    {0, "mode", ArgKind::Required, "CHANGES", "force (symbolic) mode CHANGES for added files"},
    {'H', "format", ArgKind::Required, "FORMAT", "create archive of the given format"},
    {'b', "blocking-factor", ArgKind::Required, "BLOCKS", "BLOCKS x 512 bytes per record"},
    {0, "wildcards", ArgKind::None, "", "use wildcards (default for exclusion)"},
    {0, "no-wildcards", ArgKind::None, "", "verbatim string matching"},
    {0, "totals", ArgKind::Optional, "SIGNAL", "print total bytes after processing the archive"},
    {'S', "sparse", ArgKind::None, "", "handle sparse files efficiently"},
    {'W', "verify", ArgKind::None, "", "attempt to verify the archive after writing it"},
};

// Old-style letters that take an argument, in bundle order ("tar czf x.tgz").
constexpr std::string_view kLettersWithArgs = "fCTXbHgKLNVI";

enum class Mode { kNone, kCreate, kExtract, kList, kAppend, kUpdate };

struct Member {
  std::string name;
  std::string data;
  archive_entry* entry = nullptr;
};

bool fnmatch_simple(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

class Tar {
 public:
  Tar(Context& ctx, const Args& args) : ctx_(ctx), args_(args), users_(ctx.fs) {}
  int run();

 private:
  // Messages, GNU style: "tar: ..." and the final failure line.
  void error(const std::string& msg) {
    ctx_.error(msg);
    status_ = 2;
  }
  int finish() {
    if (status_ == 2) ctx_.error("Exiting with failure status due to previous errors");
    return status_;
  }
  bool excluded(const std::string& name) const;
  std::string strip_leading(const std::string& name);
  std::string base_dir_path(const std::string& name) const {
    return dir_.empty() ? name : join_path(dir_, name);
  }
  BufferedWriter& listing();
  void add_path(archive* a, const std::string& name, bool top_level);
  bool write_entry(archive* a, const std::string& fs_path, const std::string& name,
                   const vfs::Stat& st);
  void print_entry(archive_entry* e, bool long_format);
  int create_or_append();
  int read_archive();
  bool extract_entry(archive* a, archive_entry* e, const std::string& name);
  bool selected(const std::string& name);
  void set_filter(archive* a);
  std::vector<std::string> operand_names();

  Context& ctx_;
  const Args& args_;
  UserDb users_;
  std::optional<TimeZone> zone_;  // for -tv listings, made on first use
  Mode mode_ = Mode::kNone;
  std::string archive_name_ = "-";
  std::string dir_;
  std::string compression_;  // "", gzip, bzip2, xz, zstd
  int verbose_ = 0;
  bool to_stdout_ = false, keep_old_ = false, skip_old_ = false, preserve_ = false;
  bool touch_ = false, absolute_ = false, dereference_ = false, recursion_ = true;
  bool numeric_owner_ = false;
  int strip_ = 0;
  std::vector<std::string> excludes_;
  std::vector<std::string> members_;
  std::vector<bool> member_found_;
  bool warned_slash_ = false;
  int status_ = 0;
  std::map<std::pair<uint64_t, uint64_t>, std::string> hard_links_;
  std::map<std::string, timespec> archived_times_;  // for -u
  std::vector<std::pair<std::string, vfs::Stat>> deferred_dirs_;
  size_t ugswidth_ = 19;  // GNU widens the owner/size column as needed
};

bool Tar::excluded(const std::string& name) const {
  std::string trimmed = strip_trailing_slashes(name);
  for (const auto& p : excludes_) {
    if (fnmatch_simple(p, trimmed) || fnmatch_simple(p, base_name(trimmed))) return true;
    // A pattern also matches any leading directory of the name.
    size_t slash = 0;
    while ((slash = trimmed.find('/', slash)) != std::string::npos) {
      if (fnmatch_simple(p, trimmed.substr(0, slash))) return true;
      ++slash;
    }
  }
  return false;
}

std::string Tar::strip_leading(const std::string& name) {
  if (absolute_) return name;
  size_t i = 0;
  while (i < name.size() && name[i] == '/') ++i;
  if (i > 0) {
    if (!warned_slash_) {
      ctx_.error("Removing leading `/' from member names");
      warned_slash_ = true;
    }
    return i == name.size() ? std::string(".") : name.substr(i);
  }
  return name;
}

BufferedWriter& Tar::listing() {
  // With the archive on stdout, the verbose listing goes to stderr.
  bool archive_on_stdout =
      archive_name_ == "-" &&
      (mode_ == Mode::kCreate || mode_ == Mode::kAppend || mode_ == Mode::kUpdate);
  return archive_on_stdout || to_stdout_ ? ctx_.err() : ctx_.out();
}

void Tar::print_entry(archive_entry* e, bool long_format) {
  std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
  if (!long_format) {
    listing() << name << '\n';
    return;
  }
  size_t& ugswidth = ugswidth_;
  std::string owner = !numeric_owner_ && archive_entry_uname(e) && *archive_entry_uname(e)
                          ? archive_entry_uname(e)
                          : std::to_string(archive_entry_uid(e));
  std::string group = !numeric_owner_ && archive_entry_gname(e) && *archive_entry_gname(e)
                          ? archive_entry_gname(e)
                          : std::to_string(archive_entry_gid(e));
  uint32_t mode = archive_entry_mode(e);
  bool hardlink = archive_entry_hardlink(e) != nullptr;
  std::string size = std::to_string(hardlink ? 0 : archive_entry_size(e));
  if (S_ISCHR(mode) || S_ISBLK(mode)) {
    size = std::to_string(archive_entry_rdevmajor(e)) + "," +
           std::to_string(archive_entry_rdevminor(e));
  }
  std::string ug = owner + "/" + group;
  size_t pad = ug.size() + 1 + size.size() < ugswidth ? ugswidth - ug.size() - size.size() : 1;
  if (ug.size() + 1 + size.size() > ugswidth) ugswidth = ug.size() + 1 + size.size();
  timespec t{archive_entry_mtime(e), 0};
  std::string ms = mode_string(hardlink ? (S_IFREG | (mode & 07777)) : mode);
  BufferedWriter& out = listing();
  if (!zone_) zone_ = TimeZone::from_env(ctx_);  // GNU lists times in the zone of TZ
  out << ms << ' ' << ug << std::string(pad, ' ') << size << ' '
      << format_time("%Y-%m-%d %H:%M", t, *zone_) << ' ' << name;
  if (hardlink) {
    out << " link to " << archive_entry_hardlink(e);
  } else if (S_ISLNK(mode) && archive_entry_symlink(e) != nullptr) {
    out << " -> " << archive_entry_symlink(e);
  }
  out << '\n';
}

void Tar::set_filter(archive* a) {
  if (compression_ == "gzip") {
    archive_write_add_filter_gzip(a);
  } else if (compression_ == "bzip2") {
    archive_write_add_filter_bzip2(a);
  } else if (compression_ == "xz") {
    archive_write_add_filter_xz(a);
  } else if (compression_ == "zstd") {
    archive_write_add_filter_zstd(a);
  }
}

bool Tar::write_entry(archive* a, const std::string& fs_path, const std::string& name,
                      const vfs::Stat& st) {
  archive_entry* e = archive_entry_new();
  std::string stored = name;
  if (S_ISDIR(st.mode) && !stored.ends_with("/")) stored += "/";
  archive_entry_set_pathname(e, stored.c_str());
  archive_entry_set_mode(e, st.mode);
  archive_entry_set_uid(e, st.uid);
  archive_entry_set_gid(e, st.gid);
  if (const std::string* o = args_.value("owner")) {
    auto id = users_.user_id(*o);
    archive_entry_set_uname(e, o->c_str());
    if (id) archive_entry_set_uid(e, *id);
  } else if (auto u = users_.user_name(st.uid)) {
    archive_entry_set_uname(e, u->c_str());
  }
  if (const std::string* g = args_.value("group")) {
    auto id = users_.group_id(*g);
    archive_entry_set_gname(e, g->c_str());
    if (id) archive_entry_set_gid(e, *id);
  } else if (auto g2 = users_.group_name(st.gid)) {
    archive_entry_set_gname(e, g2->c_str());
  }
  archive_entry_set_mtime(e, st.mtime.tv_sec, 0);
  bool is_hardlink = false;
  if (S_ISREG(st.mode) && st.nlink > 1) {
    auto key = std::make_pair(st.dev, st.ino);
    auto it = hard_links_.find(key);
    if (it != hard_links_.end()) {
      archive_entry_set_hardlink(e, it->second.c_str());
      archive_entry_set_size(e, 0);
      is_hardlink = true;
    } else {
      hard_links_[key] = stored;
    }
  }
  if (S_ISLNK(st.mode)) {
    auto target = ctx_.fs.readlink(fs_path);
    archive_entry_set_symlink(e, target.ok() ? target->c_str() : "");
    archive_entry_set_size(e, 0);
  } else if (S_ISREG(st.mode) && !is_hardlink) {
    archive_entry_set_size(e, static_cast<la_int64_t>(st.size));
  } else if (!is_hardlink) {
    archive_entry_set_size(e, 0);
  }
  StreamPtr in;
  if (S_ISREG(st.mode) && !is_hardlink) {
    auto opened = ctx_.fs.open(fs_path, O_RDONLY);
    if (!opened.ok()) {
      fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot open", opened.error());
      status_ = 2;
      archive_entry_free(e);
      return false;
    }
    in = *opened;
  }
  if (verbose_ > 0) print_entry(e, verbose_ > 1);
  if (archive_write_header(a, e) < ARCHIVE_WARN) {
    ctx_.error(std::string(archive_error_string(a) ? archive_error_string(a) : "write error"));
    status_ = 2;
    archive_entry_free(e);
    return false;
  }
  if (in != nullptr) {
    std::string buf(64 * 1024, '\0');
    uint64_t written = 0;
    for (;;) {
      ctx_.budget.check();
      auto n = in->read(buf);
      if (!n.ok() || *n == 0) break;
      size_t len = std::min<uint64_t>(*n, st.size - written);
      if (len == 0) break;
      archive_write_data(a, buf.data(), len);
      written += len;
    }
  }
  archive_entry_free(e);
  return true;
}

void Tar::add_path(archive* a, const std::string& name, bool top_level) {
  ctx_.budget.check();
  std::string fs_path = base_dir_path(name);
  auto st = dereference_ ? ctx_.fs.stat(fs_path) : ctx_.fs.lstat(fs_path);
  if (!st.ok()) {
    fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot stat", st.error());
    status_ = 2;
    return;
  }
  if (excluded(name)) return;
  std::string stored = strip_leading(name);
  if (mode_ == Mode::kUpdate) {
    std::string key = strip_trailing_slashes(stored);
    auto it = archived_times_.find(key);
    if (it != archived_times_.end() && it->second.tv_sec >= st->mtime.tv_sec) {
      if (!S_ISDIR(st->mode)) return;
    } else {
      write_entry(a, fs_path, stored, *st);
    }
  } else {
    write_entry(a, fs_path, stored, *st);
  }
  if (S_ISDIR(st->mode) && recursion_) {
    auto entries = ctx_.fs.readdir(fs_path);
    if (!entries.ok()) {
      fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot open", entries.error());
      status_ = 2;
      return;
    }
    for (const auto& e : *entries) add_path(a, join_path(name, e.name), false);
  }
  (void)top_level;
}

std::vector<std::string> Tar::operand_names() {
  std::vector<std::string> names = args_.operands;
  for (const std::string& list : args_.values('T')) {
    auto text = list == "-" ? read_whole(ctx_, "-") : ctx_.fs.read_file(list);
    if (!text.ok()) {
      fail(ctx_, quote_if_needed(ctx_, list) + ": Cannot open", text.error());
      status_ = 2;
      continue;
    }
    char sep = args_.has("null") ? '\0' : '\n';
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find(sep, start);
      if (end == std::string::npos) end = text->size();
      if (end > start) names.push_back(text->substr(start, end - start));
      start = end + 1;
    }
  }
  return names;
}

int Tar::create_or_append() {
  std::vector<std::string> names = operand_names();
  if (names.empty() && mode_ == Mode::kCreate) {
    ctx_.error("Cowardly refusing to create an empty archive");
    ctx_.err() << "Try 'tar --help' or 'tar --usage' for more information.\n";
    return 2;
  }
  // -r/-u: keep the existing members and add after them.
  std::vector<Member> existing;
  if (mode_ == Mode::kAppend || mode_ == Mode::kUpdate) {
    if (!compression_.empty()) {
      ctx_.error("Cannot update compressed archives");
      ctx_.error("Error is not recoverable: exiting now");
      return 2;
    }
    auto in = ctx_.fs.open(archive_name_, O_RDONLY);
    if (in.ok()) {
      ArchivePtr r(archive_read_new(), ArchiveDeleter{false});
      archive_read_support_format_all(r.get());
      archive_read_support_filter_all(r.get());
      StreamClient client{.stream = *in, .budget = &ctx_.budget};
      if (open_archive_reader(r.get(), &client) == ARCHIVE_OK) {
        archive_entry* e;
        while (archive_read_next_header(r.get(), &e) == ARCHIVE_OK) {
          Member m;
          m.name = archive_entry_pathname(e);
          m.entry = archive_entry_clone(e);
          std::string buf(64 * 1024, '\0');
          for (;;) {
            la_ssize_t n = archive_read_data(r.get(), buf.data(), buf.size());
            if (n <= 0) break;
            m.data.append(buf.data(), static_cast<size_t>(n));
          }
          archived_times_[strip_trailing_slashes(m.name)] = {archive_entry_mtime(e), 0};
          existing.push_back(std::move(m));
        }
      }
    }
  }
  StreamPtr out;
  if (archive_name_ == "-") {
    ctx_.flush_output();
    out = ctx_.out_stream();
  } else {
    auto o = ctx_.fs.open(archive_name_, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (!o.ok()) {
      fail(ctx_, quote_if_needed(ctx_, archive_name_) + ": Cannot open", o.error());
      ctx_.error("Error is not recoverable: exiting now");
      return 2;
    }
    out = *o;
  }
  ArchivePtr a(archive_write_new(), ArchiveDeleter{true});
  std::string format = args_.value('H') ? *args_.value('H') : "gnu";
  if (format == "posix" || format == "pax") {
    archive_write_set_format_pax_restricted(a.get());
  } else if (format == "ustar") {
    archive_write_set_format_ustar(a.get());
  } else if (format == "v7") {
    archive_write_set_format_v7tar(a.get());
  } else {
    archive_write_set_format_gnutar(a.get());
  }
  set_filter(a.get());
  // Pad the uncompressed stream to GNU's 10240-byte records, but do not pad
  // after the compressor (bzip2 and xz would report trailing garbage).
  if (!compression_.empty()) archive_write_set_bytes_in_last_block(a.get(), 1);
  StreamClient client{.stream = out, .budget = &ctx_.budget};
  if (open_archive_writer(a.get(), &client) != ARCHIVE_OK) {
    ctx_.error(archive_error_string(a.get()) ? archive_error_string(a.get()) : "cannot write");
    return 2;
  }
  for (Member& m : existing) {
    archive_write_header(a.get(), m.entry);
    if (!m.data.empty()) archive_write_data(a.get(), m.data.data(), m.data.size());
    archive_entry_free(m.entry);
  }
  for (const std::string& n : names) add_path(a.get(), n, true);
  archive_write_close(a.get());
  return finish();
}

bool Tar::selected(const std::string& name) {
  if (members_.empty()) return true;
  std::string trimmed = strip_trailing_slashes(name);
  for (size_t i = 0; i < members_.size(); ++i) {
    const std::string m = strip_trailing_slashes(members_[i]);
    if (trimmed == m || trimmed.starts_with(m + "/") || fnmatch_simple(m, trimmed)) {
      member_found_[i] = true;
      return true;
    }
  }
  return false;
}

bool Tar::extract_entry(archive* a, archive_entry* e, const std::string& name) {
  std::string path = base_dir_path(name);
  uint32_t mode = archive_entry_mode(e);
  uint32_t umask = ctx_.fs.caller().umask;
  uint32_t perms = preserve_ ? (mode & 07777) : (mode & 0777 & ~umask);
  // Parent directories as needed.
  std::string parent = dir_name(path);
  if (!ctx_.fs.stat(parent).ok()) {
    std::string partial;
    size_t pos = 0;
    while (pos <= parent.size()) {
      size_t slash = parent.find('/', pos);
      if (slash == std::string::npos) slash = parent.size();
      partial = parent.substr(0, slash);
      pos = slash + 1;
      if (!partial.empty() && !ctx_.fs.stat(partial).ok()) (void)ctx_.fs.mkdir(partial, 0777);
    }
  }
  const char* hardlink = archive_entry_hardlink(e);
  auto existing = ctx_.fs.lstat(path);
  if (existing.ok() && !S_ISDIR(existing->mode) && !(S_ISDIR(mode) && !hardlink)) {
    if (skip_old_) return true;
    if (keep_old_) {
      if (S_ISLNK(mode) && hardlink == nullptr) {
        fail(ctx_,
             quote_if_needed(ctx_, name) + ": Cannot create symlink to " +
                 quote_value(ctx_, archive_entry_symlink(e) ? archive_entry_symlink(e) : ""),
             EEXIST);
      } else {
        fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot open", EEXIST);
      }
      status_ = 2;
      return false;
    }
    (void)ctx_.fs.unlink(path);
  }
  if (hardlink != nullptr) {
    std::string target = strip_leading(hardlink);
    if (strip_ > 0) {
      for (int i = 0; i < strip_; ++i) {
        size_t slash = target.find('/');
        target = slash == std::string::npos ? "" : target.substr(slash + 1);
      }
    }
    auto r = ctx_.fs.link(base_dir_path(target), path);
    if (!r.ok()) {
      fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot hard link to " + quote_value(ctx_, target),
           r.error());
      status_ = 2;
      return false;
    }
    return true;
  }
  if (S_ISDIR(mode)) {
    if (!existing.ok()) {
      auto r = ctx_.fs.mkdir(path, 0700);
      if (!r.ok()) {
        fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot mkdir", r.error());
        status_ = 2;
        return false;
      }
    }
    vfs::Stat st;
    st.mode = perms;
    st.mtime = {archive_entry_mtime(e), 0};
    deferred_dirs_.push_back({path, st});
    return true;
  }
  if (S_ISLNK(mode)) {
    auto r = ctx_.fs.symlink(archive_entry_symlink(e) ? archive_entry_symlink(e) : "", path);
    if (!r.ok()) {
      fail(ctx_,
           quote_if_needed(ctx_, name) + ": Cannot create symlink to " +
               quote_value(ctx_, archive_entry_symlink(e) ? archive_entry_symlink(e) : ""),
           r.error());
      status_ = 2;
      return false;
    }
    if (!touch_) {
      timespec t{archive_entry_mtime(e), 0};
      (void)ctx_.fs.utimens(path, t, t, false);
    }
    return true;
  }
  auto out = ctx_.fs.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (!out.ok()) {
    fail(ctx_, quote_if_needed(ctx_, name) + ": Cannot open", out.error());
    status_ = 2;
    return false;
  }
  std::string buf(64 * 1024, '\0');
  for (;;) {
    ctx_.budget.check();
    la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
    if (n < 0) {
      ctx_.error(archive_error_string(a) ? archive_error_string(a) : "read error");
      status_ = 2;
      break;
    }
    if (n == 0) break;
    (void)write_all(**out, std::string_view(buf.data(), static_cast<size_t>(n)));
  }
  out->reset();
  (void)ctx_.fs.chmod(path, perms);
  if (!touch_) {
    timespec t{archive_entry_mtime(e), 0};
    (void)ctx_.fs.utimens(path, t, t);
  }
  return true;
}

int Tar::read_archive() {
  StreamPtr in;
  if (archive_name_ == "-") {
    in = ctx_.in();
  } else {
    auto o = ctx_.fs.open(archive_name_, O_RDONLY);
    if (!o.ok()) {
      fail(ctx_, quote_if_needed(ctx_, archive_name_) + ": Cannot open", o.error());
      ctx_.error("Error is not recoverable: exiting now");
      return 2;
    }
    in = *o;
  }
  if (!dir_.empty()) {
    auto st = ctx_.fs.stat(dir_);
    if (!st.ok() || !S_ISDIR(st->mode)) {
      fail(ctx_, quote_if_needed(ctx_, dir_) + ": Cannot open", st.ok() ? ENOTDIR : st.error());
      ctx_.error("Error is not recoverable: exiting now");
      return 2;
    }
  }
  members_ = operand_names();
  member_found_.assign(members_.size(), false);
  ArchivePtr a(archive_read_new(), ArchiveDeleter{false});
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  StreamClient client{.stream = in, .budget = &ctx_.budget};
  if (open_archive_reader(a.get(), &client) != ARCHIVE_OK) {
    ctx_.error("This does not look like a tar archive");
    ctx_.error("Exiting with failure status due to previous errors");
    return 2;
  }
  archive_entry* e;
  bool first = true;
  for (;;) {
    ctx_.budget.check();
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      if (first) {
        ctx_.error("This does not look like a tar archive");
      } else {
        ctx_.error(archive_error_string(a.get()) ? archive_error_string(a.get())
                                                 : "Unexpected EOF in archive");
      }
      status_ = 2;
      break;
    }
    first = false;
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    if (!selected(name) || excluded(name)) {
      archive_read_data_skip(a.get());
      continue;
    }
    if (mode_ == Mode::kList) {
      print_entry(e, verbose_ > 0);
      continue;
    }
    // Extraction.
    std::string target = strip_leading(name);
    if (strip_ > 0) {
      std::string rest = target;
      bool dropped = true;
      for (int i = 0; i < strip_; ++i) {
        size_t slash = rest.find('/');
        if (slash == std::string::npos) {
          dropped = false;
          break;
        }
        rest = rest.substr(slash + 1);
      }
      if (!dropped || rest.empty()) {
        archive_read_data_skip(a.get());
        continue;
      }
      target = rest;
    }
    if (verbose_ > 0) print_entry(e, verbose_ > 1);
    if (to_stdout_) {
      if (S_ISREG(archive_entry_mode(e)) && archive_entry_hardlink(e) == nullptr) {
        std::string buf(64 * 1024, '\0');
        for (;;) {
          la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
          if (n <= 0) break;
          ctx_.out().write(std::string_view(buf.data(), static_cast<size_t>(n)));
        }
      }
      continue;
    }
    extract_entry(a.get(), e, target);
  }
  // Directory modes and times last, deepest first, like GNU's delayed set.
  for (auto it = deferred_dirs_.rbegin(); it != deferred_dirs_.rend(); ++it) {
    (void)ctx_.fs.chmod(it->first, it->second.mode);
    if (!touch_) (void)ctx_.fs.utimens(it->first, it->second.mtime, it->second.mtime);
  }
  for (size_t i = 0; i < members_.size(); ++i) {
    if (!member_found_[i]) {
      ctx_.error(quote_if_needed(ctx_, members_[i]) + ": Not found in archive");
      status_ = 2;
    }
  }
  return finish();
}

int Tar::run() {
  int modes = 0;
  for (const auto& o : args_.options) {
    char c = o.spec->short_name;
    std::string_view l = o.spec->long_name;
    Mode m = Mode::kNone;
    if (c == 'c') m = Mode::kCreate;
    if (c == 'x' || l == "get") m = Mode::kExtract;
    if (c == 't') m = Mode::kList;
    if (c == 'r') m = Mode::kAppend;
    if (c == 'u') m = Mode::kUpdate;
    if (m != Mode::kNone) {
      if (mode_ != Mode::kNone && mode_ != m) ++modes;
      if (mode_ == Mode::kNone) ++modes;
      mode_ = m;
    } else if (c == 'f') {
      archive_name_ = o.value;
    } else if (c == 'z' || l == "gunzip" || l == "ungzip") {
      compression_ = "gzip";
    } else if (c == 'j') {
      compression_ = "bzip2";
    } else if (c == 'J') {
      compression_ = "xz";
    } else if (l == "zstd") {
      compression_ = "zstd";
    } else if (c == 'v') {
      ++verbose_;
    } else if (c == 'C') {
      dir_ = o.value;
    } else if (c == 'O') {
      to_stdout_ = true;
    } else if (c == 'k') {
      keep_old_ = true;
    } else if (l == "skip-old-files") {
      skip_old_ = true;
    } else if (l == "overwrite") {
      keep_old_ = skip_old_ = false;
    } else if (c == 'p' || l == "same-permissions") {
      preserve_ = true;
    } else if (l == "no-same-permissions") {
      preserve_ = false;
    } else if (c == 'm') {
      touch_ = true;
    } else if (l == "strip-components") {
      auto v = parse_size(o.value, false);
      if (!v || o.value.find_first_not_of("0123456789") != std::string::npos) {
        ctx_.error("Invalid number of elements: " + quote_value(ctx_, o.value));
        ctx_.err() << "Try 'tar --help' or 'tar --usage' for more information.\n";
        return 2;
      }
      strip_ = static_cast<int>(*v);
    } else if (l == "exclude") {
      excludes_.push_back(o.value);
    } else if (c == 'X') {
      auto text = ctx_.fs.read_file(o.value);
      if (!text.ok()) {
        fail(ctx_, quote_if_needed(ctx_, o.value) + ": Cannot open", text.error());
        ctx_.error("Error is not recoverable: exiting now");
        return 2;
      }
      size_t start = 0;
      while (start < text->size()) {
        size_t nl = text->find('\n', start);
        if (nl == std::string::npos) nl = text->size();
        if (nl > start) excludes_.push_back(text->substr(start, nl - start));
        start = nl + 1;
      }
    } else if (c == 'P') {
      absolute_ = true;
    } else if (c == 'h') {
      dereference_ = true;
    } else if (l == "no-recursion") {
      recursion_ = false;
    } else if (l == "recursion") {
      recursion_ = true;
    } else if (l == "numeric-owner") {
      numeric_owner_ = true;
    }
  }
  if (modes == 0) {
    ctx_.error("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
    ctx_.err() << "Try 'tar --help' or 'tar --usage' for more information.\n";
    return 2;
  }
  if (modes > 1) {
    ctx_.error(
        "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' "
        "option");
    ctx_.err() << "Try 'tar --help' or 'tar --usage' for more information.\n";
    return 2;
  }
  if (args_.has('a') && compression_.empty() && mode_ == Mode::kCreate) {
    const std::string& n = archive_name_;
    if (n.ends_with(".gz") || n.ends_with(".tgz") || n.ends_with(".taz")) compression_ = "gzip";
    if (n.ends_with(".bz2") || n.ends_with(".tbz") || n.ends_with(".tbz2")) {
      compression_ = "bzip2";
    }
    if (n.ends_with(".xz") || n.ends_with(".txz")) compression_ = "xz";
    if (n.ends_with(".zst") || n.ends_with(".tzst")) compression_ = "zstd";
  }
  if (mode_ == Mode::kCreate || mode_ == Mode::kAppend || mode_ == Mode::kUpdate) {
    if (archive_name_ == "-" && ctx_.out_stream() != nullptr && ctx_.out_stream()->is_terminal()) {
      ctx_.error("Refusing to write archive contents to terminal (missing -f option?)");
      ctx_.error("Error is not recoverable: exiting now");
      return 2;
    }
    return create_or_append();
  }
  return read_archive();
}

// Rewrites GNU tar's old-style first argument ("czf" -> "-c -z -f ARG").
std::vector<std::string> expand_bundle(const std::vector<std::string>& argv) {
  std::vector<std::string> out{argv[0]};
  if (argv.size() < 2 || argv[1].empty() || argv[1][0] == '-') {
    out.insert(out.end(), argv.begin() + 1, argv.end());
    return out;
  }
  size_t next = 2;
  std::vector<std::string> consumed;
  for (char c : argv[1]) {
    out.push_back(std::string("-") + c);
    if (kLettersWithArgs.find(c) != std::string_view::npos && next < argv.size()) {
      out.push_back(argv[next++]);
    }
  }
  out.insert(out.end(), argv.begin() + static_cast<long>(next), argv.end());
  return out;
}

constexpr CommandSpec kParseSpec = {
    .name = "tar",
    .usage = "tar [OPTION...] [FILE]...",
    .summary =
        "GNU 'tar' saves many files together into a single tape or disk archive, and "
        "can\nrestore individual files from the archive.",
    .options = kOptions,
    .flags = kUsageStatus2,
};

int run_tar(Context& ctx, const Args&) {
  std::vector<std::string> argv = expand_bundle(ctx.argv);
  ParseResult parsed = parse_options(kParseSpec, argv);
  switch (parsed.kind) {
    case ParseResult::Kind::kError:
      // GNU tar's argp reports usage errors with EX_USAGE.
      ctx.error(parsed.error);
      ctx.err() << "Try 'tar --help' or 'tar --usage' for more information.\n";
      return 64;
    case ParseResult::Kind::kHelp:
      ctx.out() << format_help(kParseSpec, ctx.name());
      return kExitSuccess;
    case ParseResult::Kind::kVersion:
      ctx.out() << format_version(kParseSpec);
      return kExitSuccess;
    case ParseResult::Kind::kOk:
      break;
  }
  Tar tar(ctx, parsed.args);
  return tar.run();
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(tar, {
                       .name = "tar",
                       .usage = "tar [OPTION...] [FILE]...",
                       .summary = "GNU 'tar' saves many files together into a single tape or disk "
                                  "archive, and can\nrestore individual files from the archive.",
                       .options = kefka::cmd::files::kOptions,
                       .main = kefka::cmd::files::run_tar,
                       .flags = kefka::cmd::kRawArguments | kefka::cmd::kUsageStatus2,
                   });

// zip and unzip (Info-ZIP 3.0 / 6.0 common flags) through libarchive's zip
// support over sandbox streams. zip: -r -j -q -0..-9 -D, updating an existing
// archive; unzip: -l -o -n -q -p -d DIR and member names. Deviation: the
// deflate percentages come from zlib and may differ slightly from Info-ZIP's.
#include <fcntl.h>
#include <zlib.h>

#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "commands/common/date_parse.h"
#include "commands/common/time_zone.h"
#include "commands/files/archive_io.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd::files {
namespace {

constexpr OptionSpec kZipOptions[] = {
    {'r', "recurse-paths", ArgKind::None, "", "recurse into directories"},
    {'j', "junk-paths", ArgKind::None, "", "junk (don't record) directory names"},
    {'q', "quiet", ArgKind::None, "", "quiet operation"},
    {'D', "no-dir-entries", ArgKind::None, "", "do not add directory entries"},
    {'0', "", ArgKind::None, "", "store only"},
    {'1', "", ArgKind::None, "", "compress faster"},
    {'6', "", ArgKind::None, "", "default compression"},
    {'9', "", ArgKind::None, "", "compress better"},
};

constexpr OptionSpec kUnzipOptions[] = {
    {'l', "", ArgKind::None, "", "list files (short format)"},
    {'o', "", ArgKind::None, "", "overwrite files WITHOUT prompting"},
    {'n', "", ArgKind::None, "", "never overwrite existing files"},
    {'q', "", ArgKind::None, "", "quiet mode"},
    {'p', "", ArgKind::None, "", "extract files to pipe, no messages"},
    {'d', "", ArgKind::Required, "exdir", "extract files into exdir"},
};

struct ZipEntry {
  std::string name;
  bool is_dir = false;
  std::string data;
  uint32_t mode = 0644;
  time_t mtime = 0;
  // Set when the archive has only the DOS date and time for the entry (no
  // extended timestamp): that local wall-clock time, as seconds since the
  // epoch as if it were UTC. unzip -l prints it as stored.
  std::optional<int64_t> dos_local;
};

uint32_t little_endian(std::string_view data, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(data[at + i]);
  return v;
}

struct CentralTimes {
  int64_t dos_local = 0;
  std::optional<int64_t> unix_mtime;  // from Info-ZIP's "UT" extra field
};

// The times the central directory records per member name. An archive this
// cannot walk (zip64, damaged) gives an empty map.
std::map<std::string, CentralTimes> central_times(std::string_view data) {
  std::map<std::string, CentralTimes> times;
  constexpr size_t kEndSize = 22;
  if (data.size() < kEndSize) return times;
  size_t lowest = data.size() > kEndSize + 0xffff ? data.size() - kEndSize - 0xffff : 0;
  size_t end = data.size() - kEndSize;
  while (end > lowest && data.substr(end, 4) != std::string_view("PK\x05\x06", 4)) --end;
  if (data.substr(end, 4) != std::string_view("PK\x05\x06", 4)) return times;
  size_t pos = little_endian(data, end + 16, 4);
  uint32_t count = little_endian(data, end + 10, 2);
  for (uint32_t n = 0; n < count; ++n) {
    if (pos + 46 > data.size() || data.substr(pos, 4) != std::string_view("PK\x01\x02", 4)) break;
    uint32_t time = little_endian(data, pos + 12, 2);
    uint32_t date = little_endian(data, pos + 14, 2);
    size_t name_len = little_endian(data, pos + 28, 2);
    size_t extra_len = little_endian(data, pos + 30, 2);
    size_t comment_len = little_endian(data, pos + 32, 2);
    if (pos + 46 + name_len + extra_len > data.size()) break;
    CentralTimes& t = times[std::string(data.substr(pos + 46, name_len))];
    unsigned month = std::max(1u, (date >> 5) & 15);
    unsigned day = std::max(1u, date & 31);
    t.dos_local = days_from_civil(1980 + (date >> 9), month, day) * 86400 + (time >> 11) * 3600 +
                  ((time >> 5) & 63) * 60 + (time & 31) * 2;
    std::string_view extra = data.substr(pos + 46 + name_len, extra_len);
    for (size_t e = 0; e + 4 <= extra.size();) {
      uint32_t id = little_endian(extra, e, 2);
      size_t size = little_endian(extra, e + 2, 2);
      if (e + 4 + size > extra.size()) break;
      if (id == 0x5455 && size >= 5 && (extra[e + 4] & 1) != 0) {
        t.unix_mtime = static_cast<int32_t>(little_endian(extra, e + 5, 4));
      }
      e += 4 + size;
    }
    pos += 46 + name_len + extra_len + comment_len;
  }
  return times;
}

uint64_t deflated_size(const std::string& data, int level) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  uint64_t n = zs.total_out;
  deflateEnd(&zs);
  return n;
}

// Members without an extended timestamp get their DOS time read in `zone`,
// as Info-ZIP does with the local zone (libarchive would use the host's).
std::vector<ZipEntry> read_zip(Context& ctx, const std::string& path, bool* ok,
                               const TimeZone& zone) {
  std::vector<ZipEntry> entries;
  *ok = false;
  auto in = ctx.fs.open(path, O_RDONLY);
  if (!in.ok()) return entries;
  ArchivePtr a(archive_read_new(), ArchiveDeleter{false});
  archive_read_support_format_zip(a.get());
  StreamClient client{.stream = *in, .budget = &ctx.budget};
  if (open_archive_reader(a.get(), &client) != ARCHIVE_OK) return entries;
  archive_entry* e;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    ZipEntry z;
    z.name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    z.is_dir = archive_entry_filetype(e) == AE_IFDIR || z.name.ends_with("/");
    z.mode = archive_entry_perm(e);
    z.mtime = archive_entry_mtime(e);
    std::string buf(64 * 1024, '\0');
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n <= 0) break;
      z.data.append(buf.data(), static_cast<size_t>(n));
    }
    entries.push_back(std::move(z));
  }
  *ok = rc == ARCHIVE_EOF;
  auto data = ctx.fs.read_file(path);
  if (data.ok()) {
    auto times = central_times(*data);
    for (ZipEntry& z : entries) {
      auto it = times.find(z.name);
      if (it == times.end() || it->second.unix_mtime) continue;
      z.dos_local = it->second.dos_local;
      z.mtime = zone.to_utc(it->second.dos_local);
    }
  }
  return entries;
}

int run_zip(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) {
    ctx.out() << "zip error: Nothing to do! (try: zip -h)\n";
    return 16;
  }
  std::string archive_name = ops[0];
  if (archive_name.find('.') == std::string::npos ||
      base_name(archive_name).find('.') == std::string::npos) {
    archive_name += ".zip";
  }
  int level = 6;
  for (const auto& o : args.options) {
    char c = o.spec->short_name;
    if (c >= '0' && c <= '9') level = c - '0';
  }
  bool quiet = args.has('q');
  std::vector<ZipEntry> entries;
  std::map<std::string, size_t> index;
  bool existed = ctx.fs.stat(archive_name).ok();
  if (existed) {
    bool ok;
    entries = read_zip(ctx, archive_name, &ok, TimeZone::from_env(ctx));
    if (!ok) {
      ctx.out() << "\nzip error: Zip file structure invalid (" << archive_name << ")\n";
      return 3;
    }
    for (size_t i = 0; i < entries.size(); ++i) index[entries[i].name] = i;
  }
  // Names already in the archive are reported as "updating", new ones as "adding".
  std::set<std::string> preexisting;
  for (const auto& [name, i] : index) preexisting.insert(name);
  std::vector<std::string> added;
  int status = 0;
  std::function<void(const std::string&)> add = [&](const std::string& path) {
    ctx.budget.check();
    auto st = ctx.fs.stat(path);
    if (!st.ok()) {
      ctx.out() << "\tzip warning: name not matched: " << path << '\n';
      status = 12;
      return;
    }
    std::string name = args.has('j') ? base_name(path) : path;
    while (name.starts_with("./")) name = name.substr(2);
    while (name.starts_with("/")) name = name.substr(1);
    ZipEntry z;
    z.mode = st->mode & 07777;
    z.mtime = st->mtime.tv_sec;
    if (S_ISDIR(st->mode)) {
      z.is_dir = true;
      z.name = name + "/";
      if (!args.has('D') && !args.has('j')) {
        if (index.contains(z.name)) {
          entries[index[z.name]] = z;
        } else {
          index[z.name] = entries.size();
          entries.push_back(z);
        }
        added.push_back(z.name);
      }
      if (args.has('r')) {
        auto list = ctx.fs.readdir(path);
        if (list.ok()) {
          for (const auto& e : *list) add(join_path(path, e.name));
        }
      }
      return;
    }
    auto data = ctx.fs.read_file(path);
    if (!data.ok()) {
      ctx.out() << "\tzip warning: could not open for reading: " << path << '\n';
      status = 18;
      return;
    }
    z.name = name;
    z.data = std::move(*data);
    if (index.contains(z.name)) {
      entries[index[z.name]] = std::move(z);
    } else {
      index[z.name] = entries.size();
      entries.push_back(std::move(z));
    }
    added.push_back(name);
  };
  for (size_t i = 1; i < ops.size(); ++i) add(ops[i]);
  if (added.empty()) {
    ctx.out() << "\nzip error: Nothing to do! (" << archive_name << ")\n";
    return status != 0 ? status : 12;
  }
  auto out = ctx.fs.open(archive_name, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (!out.ok()) {
    ctx.out() << "zip I/O error: " << std::strerror(out.error()) << "\n";
    return 15;
  }
  ArchivePtr a(archive_write_new(), ArchiveDeleter{true});
  archive_write_set_format_zip(a.get());
  archive_write_set_bytes_per_block(a.get(), 0);
  StreamClient client{.stream = *out, .budget = &ctx.budget};
  open_archive_writer(a.get(), &client);
  std::set<std::string> fresh(added.begin(), added.end());
  for (const ZipEntry& z : entries) {
    bool store =
        z.is_dir || level == 0 || z.data.empty() || deflated_size(z.data, level) >= z.data.size();
    if (store) {
      archive_write_zip_set_compression_store(a.get());
    } else {
      archive_write_zip_set_compression_deflate(a.get());
    }
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, z.name.c_str());
    archive_entry_set_filetype(e, z.is_dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, z.mode);
    archive_entry_set_mtime(e, z.mtime, 0);
    archive_entry_set_size(e, static_cast<la_int64_t>(z.data.size()));
    archive_write_header(a.get(), e);
    if (!z.data.empty()) archive_write_data(a.get(), z.data.data(), z.data.size());
    archive_entry_free(e);
    if (!quiet && fresh.contains(z.name)) {
      ctx.out() << (preexisting.contains(z.name) ? "updating: " : "  adding: ") << z.name;
      if (store) {
        ctx.out() << " (stored 0%)\n";
      } else {
        uint64_t c = deflated_size(z.data, level);
        int pct = static_cast<int>((100 * (z.data.size() - c) + z.data.size() / 2) / z.data.size());
        ctx.out() << " (deflated " << std::to_string(pct) << "%)\n";
      }
    }
  }
  archive_write_close(a.get());
  return status;
}

constexpr std::string_view kListTime = "%Y-%m-%d %H:%M";

int run_unzip(Context& ctx, const Args& args) {
  const auto& ops = args.operands;
  if (ops.empty()) {
    ctx.out() << "UnZip 6.00 of 20 April 2009, by Debian. Original by Info-ZIP.\n\n"
                 "Usage: unzip [-Z] [-opts[modifiers]] file[.zip] [list] [-x xlist] [-d exdir]\n";
    return 0;
  }
  std::string name = ops[0];
  if (!ctx.fs.stat(name).ok()) {
    if (ctx.fs.stat(name + ".zip").ok()) {
      name += ".zip";
    } else if (ctx.fs.stat(name + ".ZIP").ok()) {
      name += ".ZIP";
    } else {
      ctx.err() << "unzip:  cannot find or open " << ops[0] << ", " << ops[0] << ".zip or "
                << ops[0] << ".ZIP.\n";
      return 9;
    }
  }
  bool ok;
  TimeZone zone = TimeZone::from_env(ctx);
  std::vector<ZipEntry> entries = read_zip(ctx, name, &ok, zone);
  if (!ok && entries.empty()) {
    ctx.out() << "Archive:  " << name << '\n';
    ctx.err() << "  End-of-central-directory signature not found.  Either this file is not\n"
                 "  a zipfile, or it constitutes one disk of a multi-part archive.  In the\n"
                 "  latter case the central directory and zipfile comment will be found on\n"
                 "  the last disk(s) of this archive.\n"
              << "unzip:  cannot find zipfile directory in one of " << name << " or\n"
              << "        " << name << ".zip, and cannot find " << name << ".ZIP, period.\n";
    return 9;
  }
  std::vector<std::string> members(ops.begin() + 1, ops.end());
  auto wanted = [&](const std::string& n) {
    if (members.empty()) return true;
    for (const auto& m : members) {
      if (n == m || strip_trailing_slashes(n) == m) return true;
    }
    return false;
  };
  bool quiet = args.has('q');
  if (args.has('l')) {
    ctx.out() << "Archive:  " << name << '\n'
              << "  Length      Date    Time    Name\n"
              << "---------  ---------- -----   ----\n";
    uint64_t total = 0, count = 0;
    for (const auto& z : entries) {
      if (!wanted(z.name)) continue;
      char line[64];
      snprintf(line, sizeof line, "%9llu  ", static_cast<unsigned long long>(z.data.size()));
      std::string when = z.dos_local ? format_time(kListTime, timespec{*z.dos_local, 0})
                                     : format_time(kListTime, timespec{z.mtime, 0}, zone);
      ctx.out() << line << when << "   " << z.name << '\n';
      total += z.data.size();
      ++count;
    }
    char line[64];
    snprintf(line, sizeof line, "%9llu", static_cast<unsigned long long>(total));
    ctx.out() << "---------                     -------\n"
              << line << "                     " << std::to_string(count)
              << (count == 1 ? " file\n" : " files\n");
    return 0;
  }
  std::string dir = args.value('d') ? *args.value('d') : "";
  if (args.has('p')) {
    for (const auto& z : entries) {
      if (!z.is_dir && wanted(z.name)) ctx.out() << z.data;
    }
    return 0;
  }
  if (!quiet) ctx.out() << "Archive:  " << name << '\n';
  if (!dir.empty() && !ctx.fs.stat(dir).ok()) (void)ctx.fs.mkdir(dir, 0777);
  int status = 0;
  auto mkdirs = [&](const std::string& path) {
    std::string partial;
    size_t pos = 0;
    while (pos < path.size()) {
      size_t slash = path.find('/', pos);
      if (slash == std::string::npos) break;
      partial = path.substr(0, slash);
      pos = slash + 1;
      if (!partial.empty() && !ctx.fs.stat(partial).ok()) (void)ctx.fs.mkdir(partial, 0777);
    }
  };
  for (const auto& z : entries) {
    ctx.budget.check();
    if (!wanted(z.name)) continue;
    std::string path = dir.empty() ? z.name : join_path(dir, z.name);
    if (z.is_dir) {
      std::string d = strip_trailing_slashes(path);
      mkdirs(d);
      if (!ctx.fs.stat(d).ok()) {
        (void)ctx.fs.mkdir(d, 0777);
        if (!quiet) ctx.out() << "   creating: " << path << '\n';
      }
      continue;
    }
    mkdirs(path);
    if (ctx.fs.lstat(path).ok()) {
      if (args.has('n')) continue;
      if (!args.has('o')) {
        // Info-ZIP prompts; without a terminal it reads EOF and answers None.
        ctx.flush_output();
        ctx.err() << "replace " << path
                  << "? [y]es, [n]o, [A]ll, [N]one, [r]ename:  NULL\n"
                     "(EOF or read error, treating as \"[N]one\" ...)\n";
        return 1;
      }
    }
    auto w = ctx.fs.write_file(path, z.data, 0666);
    if (!w.ok()) {
      ctx.err() << "error:  cannot create " << path << "\n        " << std::strerror(w.error())
                << '\n';
      status = 50;
      continue;
    }
    (void)ctx.fs.chmod(path, z.mode & ~ctx.fs.caller().umask & 0777);
    timespec t{z.mtime, 0};
    (void)ctx.fs.utimens(path, t, t);
    if (!quiet) {
      bool stored = z.data.empty() || deflated_size(z.data, 6) >= z.data.size();
      std::string label = stored ? " extracting: " : "  inflating: ";
      std::string padded = path + std::string(path.size() < 24 ? 24 - path.size() : 1, ' ');
      ctx.out() << label << padded << '\n';
    }
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd::files

KEFKA_COMMAND(zip, {
                       .name = "zip",
                       .usage = "zip [-options] [-b path] [-t mmddyyyy] [-n suffixes] [zipfile "
                                "list] [-xi list]",
                       .summary = "Copyright (c) 1990-2008 Info-ZIP compatible archiver (kefka).",
                       .options = kefka::cmd::files::kZipOptions,
                       .main = kefka::cmd::files::run_zip,
                   });

KEFKA_COMMAND(unzip, {
                         .name = "unzip",
                         .usage = "unzip [-Z] [-opts[modifiers]] file[.zip] [list] [-x xlist] "
                                  "[-d exdir]",
                         .summary = "Extract files from a ZIP archive (Info-ZIP compatible).",
                         .options = kefka::cmd::files::kUnzipOptions,
                         .main = kefka::cmd::files::run_unzip,
                     });

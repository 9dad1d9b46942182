// patch: apply unified or context diffs, GNU patch 2.7 behaviour for the
// non-interactive case (no terminal: questions are answered with the default).
// Hunks are located at their line number adjusted by the offset of earlier
// hunks, then searched outwards (offsets), then with up to --fuzz lines of
// leading/trailing context ignored; failed hunks go to FILE.rej.
#include <algorithm>
#include <cstring>

#include "commands/common/util.h"
#include "commands/files/file_util.h"
#include "commands/options.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'b', "backup", ArgKind::None, "", "back up the original contents of each file"},
    {'c', "context", ArgKind::None, "", "interpret the patch as a context difference"},
    {'d', "directory", ArgKind::Required, "DIR", "change the working directory to DIR first"},
    {0, "dry-run", ArgKind::None, "",
     "do not actually change any files; just print what would happen"},
    {'E', "remove-empty-files", ArgKind::None, "",
     "remove output files that are empty after patching"},
    {'F', "fuzz", ArgKind::Required, "LINES", "set the fuzz factor to LINES"},
    {'f', "force", ArgKind::None, "",
     "like -t, but ignore bad-Prereq patches, and assume unreversed"},
    {'i', "input", ArgKind::Required, "PATCHFILE", "read patch from PATCHFILE instead of stdin"},
    {'N', "forward", ArgKind::None, "",
     "ignore patches that seem to be reversed or already applied"},
    {0, "no-backup-if-mismatch", ArgKind::None, "",
     "back up mismatches only if otherwise requested"},
    {'o', "output", ArgKind::Required, "FILE", "output patched files to FILE"},
    {'p', "strip", ArgKind::Required, "NUM", "strip NUM leading components from file names"},
    {'R', "reverse", ArgKind::None, "",
     "assume patches were created with old and new files swapped"},
    {'r', "reject-file", ArgKind::Required, "FILE", "output rejects to FILE"},
    {'s', "quiet", ArgKind::None, "", "work silently, unless an error occurs"},
    {0, "silent", ArgKind::None, "", "work silently, unless an error occurs"},
    {'t', "batch", ArgKind::None, "", "ask no questions; skip bad-Prereq patches; assume reversed"},
    {'u', "unified", ArgKind::None, "", "interpret the patch as a unified difference"},
};

struct Hunk {
  size_t old_start = 0, new_start = 0;
  std::vector<std::pair<char, std::string>> lines;  // ' ', '-', '+'
  bool old_no_newline = false, new_no_newline = false;
  std::string text;  // as read, for the reject file
};

struct FilePatch {
  std::string old_name, new_name;
  std::string header;        // the lines before the first hunk, from "--- "/"*** "
  std::string leading_text;  // everything since the previous file patch
  size_t header_line = 0;    // input line number after the header
  std::vector<Hunk> hunks;
  bool unified = true;
};

std::string name_from_header(std::string_view line) {
  // "--- name\tdate" or "--- name"
  line.remove_prefix(4);
  size_t tab = line.find('\t');
  if (tab != std::string_view::npos) line = line.substr(0, tab);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() >= 2 && line.front() == '"' && line.back() == '"') {
    line = line.substr(1, line.size() - 2);
  }
  return std::string(line);
}

bool parse_range(std::string_view text, size_t* start, size_t* count) {
  size_t comma = text.find(',');
  try {
    *start = std::stoul(std::string(text.substr(0, comma)));
    *count = comma == std::string_view::npos ? 1 : std::stoul(std::string(text.substr(comma + 1)));
  } catch (...) {
    return false;
  }
  return true;
}

class PatchParser {
 public:
  explicit PatchParser(std::string_view text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string_view::npos) nl = text.size();
      lines_.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
  }

  std::vector<FilePatch> parse() {
    std::vector<FilePatch> out;
    std::string pending;
    while (pos_ < lines_.size()) {
      std::string_view l = lines_[pos_];
      if (l.rfind("--- ", 0) == 0 && pos_ + 1 < lines_.size() &&
          lines_[pos_ + 1].rfind("+++ ", 0) == 0) {
        FilePatch fp;
        fp.old_name = name_from_header(l);
        fp.new_name = name_from_header(lines_[pos_ + 1]);
        fp.header = std::string(l) + "\n" + std::string(lines_[pos_ + 1]) + "\n";
        fp.leading_text = pending + fp.header;
        pending.clear();
        pos_ += 2;
        fp.header_line = pos_;
        parse_unified_hunks(fp);
        out.push_back(std::move(fp));
        continue;
      }
      if (l.rfind("*** ", 0) == 0 && pos_ + 1 < lines_.size() &&
          lines_[pos_ + 1].rfind("--- ", 0) == 0 && l.find("****", 4) == std::string_view::npos) {
        FilePatch fp;
        fp.unified = false;
        fp.old_name = name_from_header(l);
        fp.new_name = name_from_header(lines_[pos_ + 1]);
        fp.header = std::string(l) + "\n" + std::string(lines_[pos_ + 1]) + "\n";
        fp.leading_text = pending + fp.header;
        pending.clear();
        pos_ += 2;
        fp.header_line = pos_;
        parse_context_hunks(fp);
        out.push_back(std::move(fp));
        continue;
      }
      pending += std::string(l) + "\n";
      ++pos_;
    }
    return out;
  }

 private:
  void parse_unified_hunks(FilePatch& fp) {
    while (pos_ < lines_.size() && lines_[pos_].rfind("@@ -", 0) == 0) {
      std::string_view h = lines_[pos_];
      size_t plus = h.find(" +");
      size_t end = h.find(" @@", plus == std::string_view::npos ? 0 : plus);
      if (plus == std::string_view::npos || end == std::string_view::npos) return;
      Hunk hunk;
      size_t old_count, new_count;
      if (!parse_range(h.substr(4, plus - 4), &hunk.old_start, &old_count) ||
          !parse_range(h.substr(plus + 2, end - plus - 2), &hunk.new_start, &new_count)) {
        return;
      }
      hunk.text = std::string(h) + "\n";
      ++pos_;
      size_t old_seen = 0, new_seen = 0;
      char last = 0;
      while (pos_ < lines_.size() && (old_seen < old_count || new_seen < new_count ||
                                      (pos_ < lines_.size() && lines_[pos_].starts_with('\\')))) {
        std::string_view l = lines_[pos_];
        if (!l.empty() && l[0] == '\\') {
          if (last == '-' || last == ' ') hunk.old_no_newline = true;
          if (last == '+' || last == ' ') hunk.new_no_newline = true;
          hunk.text += std::string(l) + "\n";
          ++pos_;
          continue;
        }
        char kind = l.empty() ? ' ' : l[0];
        if (kind != ' ' && kind != '-' && kind != '+') break;
        std::string body = l.empty() ? "" : std::string(l.substr(1));
        if (kind != '+') ++old_seen;
        if (kind != '-') ++new_seen;
        hunk.lines.emplace_back(kind, std::move(body));
        hunk.text += std::string(l) + "\n";
        last = kind;
        ++pos_;
      }
      fp.hunks.push_back(std::move(hunk));
    }
  }

  void parse_context_hunks(FilePatch& fp) {
    while (pos_ < lines_.size() && lines_[pos_].rfind("***************", 0) == 0) {
      Hunk hunk;
      hunk.text = std::string(lines_[pos_]) + "\n";
      ++pos_;
      std::vector<std::pair<char, std::string>> old_part, new_part;
      size_t old_end = 0, new_end = 0;
      auto read_part = [&](std::string_view open, std::string_view close, size_t* start,
                           size_t* end_line, std::vector<std::pair<char, std::string>>& part,
                           bool* no_newline) {
        if (pos_ >= lines_.size() || lines_[pos_].rfind(open, 0) != 0) return false;
        std::string_view h = lines_[pos_];
        size_t stop = h.find(close, open.size());
        std::string_view range = h.substr(open.size(), stop - open.size());
        size_t a = 0, b = 0;
        if (!parse_range(range, &a, &b)) return false;
        *start = a;
        *end_line = range.find(',') == std::string_view::npos ? a : b;
        hunk.text += std::string(h) + "\n";
        ++pos_;
        while (pos_ < lines_.size()) {
          std::string_view l = lines_[pos_];
          if (l.starts_with('\\')) {
            *no_newline = true;
          } else if (l.size() >= 2 && std::strchr(" -+!", l[0]) != nullptr && l[1] == ' ') {
            part.emplace_back(l[0], std::string(l.substr(2)));
          } else if (l.empty()) {
            part.emplace_back(' ', "");
          } else {
            break;
          }
          hunk.text += std::string(l) + "\n";
          ++pos_;
        }
        return true;
      };
      if (!read_part("*** ", " ****", &hunk.old_start, &old_end, old_part, &hunk.old_no_newline)) {
        return;
      }
      // The new part's header ends the old part (a "--- " line may also be a
      // context line "- -"... only the exact header form is taken).
      read_part("--- ", " ----", &hunk.new_start, &new_end, new_part, &hunk.new_no_newline);
      if (old_part.empty()) {
        for (const auto& [k, t] : new_part) {
          if (k == ' ') old_part.emplace_back(' ', t);
        }
      }
      if (new_part.empty()) {
        for (const auto& [k, t] : old_part) {
          if (k == ' ') new_part.emplace_back(' ', t);
        }
      }
      size_t i = 0, j = 0;
      while (i < old_part.size() || j < new_part.size()) {
        if (i < old_part.size() && old_part[i].first == '-') {
          hunk.lines.emplace_back('-', old_part[i++].second);
          // NOLINTNEXTLINE(bugprone-branch-clone): clang-tidy 14 ignores the '-'/'+' literals
        } else if (j < new_part.size() && new_part[j].first == '+') {
          hunk.lines.emplace_back('+', new_part[j++].second);
        } else if (i < old_part.size() && old_part[i].first == '!') {
          while (i < old_part.size() && old_part[i].first == '!') {
            hunk.lines.emplace_back('-', old_part[i++].second);
          }
          while (j < new_part.size() && new_part[j].first == '!') {
            hunk.lines.emplace_back('+', new_part[j++].second);
          }
        } else if (j < new_part.size() && new_part[j].first == '!') {
          hunk.lines.emplace_back('+', new_part[j++].second);
        } else {
          if (i < old_part.size()) hunk.lines.emplace_back(' ', old_part[i].second);
          ++i;
          ++j;
        }
      }
      fp.hunks.push_back(std::move(hunk));
    }
  }

  std::vector<std::string_view> lines_;
  size_t pos_ = 0;
};

struct Settings {
  int strip = -1;
  bool reverse = false, forward = false, dry_run = false, backup = false, quiet = false;
  bool remove_empty = false, force = false;
  size_t fuzz = 2;
  std::string output, reject_file, target;
};

std::string strip_name(const std::string& name, int strip) {
  if (name == "/dev/null") return name;
  if (strip < 0) return files::base_name(name);
  std::string_view n = name;
  for (int k = 0; k < strip; ++k) {
    size_t slash = n.find('/');
    if (slash == std::string_view::npos) return std::string(n);
    n.remove_prefix(slash + 1);
    while (!n.empty() && n[0] == '/') n.remove_prefix(1);
  }
  return std::string(n);
}

struct Content {
  std::vector<std::string> lines;
  bool missing_newline = false;
};

Content split_content(std::string_view text) {
  Content c;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      c.lines.emplace_back(text.substr(start));
      c.missing_newline = true;
      break;
    }
    c.lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return c;
}

class Patcher {
 public:
  Patcher(Context& ctx, Settings s, vfs::FsView fs)
      : ctx_(ctx), s_(std::move(s)), fs_(std::move(fs)) {}

  int apply_all(const std::vector<FilePatch>& patches) {
    if (patches.empty()) {
      ctx_.error("**** Only garbage was found in the patch input.");
      return 2;
    }
    for (const auto& fp : patches) apply(fp);
    return status_;
  }

 private:
  // Old and new lines of a hunk (swapped with -R).
  void sides(const Hunk& h, bool reverse, std::vector<std::string>& from,
             std::vector<std::string>& to, size_t* lead, size_t* trail) const {
    for (const auto& [k, t] : h.lines) {
      char del = reverse ? '+' : '-', add = reverse ? '-' : '+';
      if (k == ' ' || k == del) from.push_back(t);
      if (k == ' ' || k == add) to.push_back(t);
    }
    *lead = 0;
    while (*lead < h.lines.size() && h.lines[*lead].first == ' ') ++*lead;
    *trail = 0;
    while (*trail < h.lines.size() && h.lines[h.lines.size() - 1 - *trail].first == ' ') ++*trail;
  }

  static bool matches(const std::vector<std::string>& file, size_t at,
                      const std::vector<std::string>& from, size_t skip_front, size_t skip_back) {
    size_t n = from.size() - skip_front - skip_back;
    if (at + n > file.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (file[at + k] != from[skip_front + k]) return false;
    }
    return true;
  }

  // Where the hunk applies: the index of its first matched line, with fuzz.
  std::optional<std::pair<size_t, size_t>> locate(const std::vector<std::string>& file,
                                                  const Hunk& h, bool reverse, long expected,
                                                  size_t max_fuzz, size_t* skip_front,
                                                  size_t* skip_back) {
    std::vector<std::string> from, to;
    size_t lead, trail;
    sides(h, reverse, from, to, &lead, &trail);
    // GNU's locate_hunk: a hunk with less leading than trailing context at
    // line 1 must match at the start of the file (less trailing: at the end)
    // until the fuzz factor makes up the difference.
    const long lead_l = static_cast<long>(lead), trail_l = static_cast<long>(trail);
    const long context = std::max(lead_l, trail_l);
    const size_t first_line = reverse ? h.new_start : h.old_start;
    if (from.empty()) {
      *skip_front = *skip_back = 0;
      long at = std::clamp<long>(expected, 0, static_cast<long>(file.size()));
      return std::make_pair(static_cast<size_t>(at), size_t{0});
    }
    for (size_t fuzz = 0; fuzz <= max_fuzz; ++fuzz) {
      long pf = static_cast<long>(fuzz) + lead_l - context;
      long sf = static_cast<long>(fuzz) + trail_l - context;
      auto accept_match = [&](long at, long front, long back) {
        *skip_front = static_cast<size_t>(front);
        *skip_back = static_cast<size_t>(back);
        return std::make_pair(static_cast<size_t>(at), fuzz);
      };
      if (pf < 0 && first_line <= 1) {
        if (sf < 0 && from.size() != file.size()) continue;
        long back = std::max(sf, 0L);
        if (matches(file, 0, from, 0, static_cast<size_t>(back))) return accept_match(0, 0, back);
        continue;
      }
      pf = std::max(pf, 0L);
      if (sf < 0) {
        long at = static_cast<long>(file.size()) - (static_cast<long>(from.size()) - pf);
        if (at >= 0 && matches(file, static_cast<size_t>(at), from, static_cast<size_t>(pf), 0)) {
          return accept_match(at, pf, 0);
        }
        continue;
      }
      if (static_cast<size_t>(pf + sf) > from.size()) break;
      long base = expected + pf;
      long span = static_cast<long>(file.size()) + 1;
      for (long off = 0; off <= span; ++off) {
        for (int sign : {1, -1}) {
          if (off == 0 && sign < 0) continue;
          long at = base + sign * off;
          if (at < 0 || at > static_cast<long>(file.size())) continue;
          if (matches(file, static_cast<size_t>(at), from, static_cast<size_t>(pf),
                      static_cast<size_t>(sf))) {
            return accept_match(at, pf, sf);
          }
        }
        ctx_.budget.check();
      }
    }
    return std::nullopt;
  }

  void say(const std::string& text) {
    if (!s_.quiet) ctx_.out() << text;
  }

  void apply(const FilePatch& fp) {
    std::string old_name = strip_name(fp.old_name, s_.strip);
    std::string new_name = strip_name(fp.new_name, s_.strip);
    bool creating = fp.old_name == "/dev/null";
    bool deleting = fp.new_name == "/dev/null";
    if (s_.reverse) std::swap(creating, deleting);
    std::string target = s_.target;
    if (target.empty()) {
      for (const auto& cand : {old_name, new_name}) {
        if (cand != "/dev/null" && fs_.stat(cand).ok()) {
          target = cand;
          break;
        }
      }
    }
    bool exists = !target.empty() && fs_.stat(target).ok();
    bool all_creations = std::all_of(fp.hunks.begin(), fp.hunks.end(), [&](const Hunk& h) {
      return std::none_of(h.lines.begin(), h.lines.end(), [&](const auto& l) {
        return l.first == ' ' || l.first == (s_.reverse ? '+' : '-');
      });
    });
    if (target.empty()) {
      if (creating || all_creations) {
        target = new_name != "/dev/null" ? new_name : old_name;
      } else {
        std::string where = std::to_string(fp.header_line + 1);
        ctx_.out() << "can't find file to patch at input line " << where << "\n"
                   << "Perhaps you used the wrong -p or --strip option?\n"
                   << "The text leading up to this was:\n--------------------------\n";
        std::string_view lead = fp.leading_text;
        while (!lead.empty()) {
          size_t nl = lead.find('\n');
          ctx_.out() << "|" << lead.substr(0, nl) << "\n";
          if (nl == std::string_view::npos) break;
          lead.remove_prefix(nl + 1);
        }
        ctx_.out() << "--------------------------\nFile to patch: \nSkip this patch? [y] \n"
                   << "Skipping patch.\n";
        std::string n = std::to_string(fp.hunks.size());
        ctx_.out() << n << " out of " << n << (fp.hunks.size() == 1 ? " hunk" : " hunks")
                   << " ignored\n";
        status_ = std::max(status_, 1);
        return;
      }
    }
    Content content;
    if (exists) {
      auto data = files::read_whole(ctx_, fs_.absolute(target));
      if (!data) {
        ctx_.error("can't open file " + target);
        status_ = 2;
        return;
      }
      content = split_content(*data);
    }
    std::string shown = s_.output.empty() ? target : s_.output + " (read from " + target + ")";
    say(std::string(s_.dry_run ? "checking file " : "patching file ") + shown + "\n");

    bool reverse = s_.reverse;
    std::vector<const Hunk*> failed;
    long net = 0;          // lines added by the hunks applied so far
    long last_offset = 0;  // where the previous hunk was found vs its line number
    std::vector<std::string>& file = content.lines;
    for (size_t hi = 0; hi < fp.hunks.size(); ++hi) {
      const Hunk& h = fp.hunks[hi];
      size_t from_start = reverse ? h.new_start : h.old_start;
      size_t from_count = 0;
      for (const auto& l : h.lines)
        from_count += (l.first == ' ' || l.first == (reverse ? '+' : '-'));
      long base = static_cast<long>(from_count == 0 ? from_start : from_start - 1);
      long expected = base + net + last_offset;
      size_t skip_front = 0, skip_back = 0;
      auto found = locate(file, h, reverse, expected, s_.fuzz, &skip_front, &skip_back);
      if (!found && hi == 0 && !s_.force) {
        size_t f2, b2;
        auto rev = locate(file, h, !reverse, expected, 0, &f2, &b2);
        if (rev) {
          if (s_.forward) {
            say("Reversed (or previously applied) patch detected!  Skipping patch.\n");
          } else {
            say("Reversed (or previously applied) patch detected!  Assume -R? [n] \n");
            say("Apply anyway? [n] \n");
            say("Skipping patch.\n");
          }
          size_t n = fp.hunks.size();
          say(std::to_string(n) + " out of " + std::to_string(n) + (n == 1 ? " hunk" : " hunks") +
              " ignored -- saving rejects to file " + reject_name(target) + "\n");
          std::vector<const Hunk*> all;
          for (const auto& x : fp.hunks) all.push_back(&x);
          write_rejects(fp, target, all);
          status_ = std::max(status_, 1);
          return;
        }
      }
      if (!found) {
        say("Hunk #" + std::to_string(hi + 1) + " FAILED at " +
            std::to_string(std::max<long>(expected - net + 1, 1)) + ".\n");
        failed.push_back(&h);
        continue;
      }
      auto [at, fuzz] = *found;
      std::vector<std::string> from, to;
      size_t lead, trail;
      sides(h, reverse, from, to, &lead, &trail);
      size_t start = at - skip_front;
      if (at < skip_front) start = 0;
      size_t replace_front = at, replace_count = from.size() - skip_front - skip_back;
      std::vector<std::string> replacement(to.begin() + static_cast<long>(skip_front),
                                           to.end() - static_cast<long>(skip_back));
      file.erase(file.begin() + static_cast<long>(replace_front),
                 file.begin() + static_cast<long>(replace_front + replace_count));
      file.insert(file.begin() + static_cast<long>(replace_front), replacement.begin(),
                  replacement.end());
      bool ends_file = replace_front + replacement.size() == file.size();
      if (ends_file && skip_back == 0) {
        content.missing_newline = reverse ? h.old_no_newline : h.new_no_newline;
      }
      long found_offset = static_cast<long>(at) - static_cast<long>(skip_front) - net - base;
      last_offset = found_offset;
      if (found_offset != 0 || fuzz != 0) {
        std::string msg =
            "Hunk #" + std::to_string(hi + 1) + " succeeded at " + std::to_string(start + 1);
        if (fuzz != 0) msg += " with fuzz " + std::to_string(fuzz);
        if (found_offset != 0) {
          msg += " (offset " + std::to_string(found_offset) +
                 (found_offset == 1 ? " line)" : " lines)");
        }
        say(msg + ".\n");
      }
      net += static_cast<long>(to.size()) - static_cast<long>(from.size());
    }
    if (!failed.empty()) {
      size_t n = fp.hunks.size();
      say(std::to_string(failed.size()) + " out of " + std::to_string(n) +
          (n == 1 ? " hunk" : " hunks") + " FAILED -- saving rejects to file " +
          reject_name(target) + "\n");
      write_rejects(fp, target, failed);
      status_ = std::max(status_, 1);
    }
    if (s_.dry_run) return;
    std::string out_path = s_.output.empty() ? target : s_.output;
    if (deleting && file.empty() && s_.output.empty()) {
      (void)fs_.unlink(target);
      return;
    }
    if (s_.remove_empty && file.empty() && s_.output.empty()) {
      (void)fs_.unlink(target);
      return;
    }
    if (s_.backup && exists) {
      auto orig = files::read_whole(ctx_, fs_.absolute(target));
      if (orig) (void)fs_.write_file(target + ".orig", *orig);
    }
    ensure_parents(out_path);
    uint32_t mode = 0644;
    if (auto st = fs_.stat(target)) mode = st->mode & 07777;
    Status st = fs_.write_file(out_path, join(content, false), mode);
    if (!st) {
      ctx_.error("can't create " + quote_always(out_path) + ": " + std::strerror(st.error()));
      status_ = 2;
    }
  }

  void ensure_parents(const std::string& path) {
    for (size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      std::string dir = path.substr(0, slash);
      if (!fs_.stat(dir).ok()) (void)fs_.mkdir(dir, 0755);
    }
  }

  static std::string join(const Content& c, bool) {
    std::string out;
    for (size_t i = 0; i < c.lines.size(); ++i) {
      out += c.lines[i];
      if (i + 1 < c.lines.size() || !c.missing_newline) out += '\n';
    }
    return out;
  }

  std::string reject_name(const std::string& target) const {
    if (!s_.reject_file.empty()) return s_.reject_file;
    return (s_.output.empty() ? target : s_.output) + ".rej";
  }

  void write_rejects(const FilePatch& fp, const std::string& target,
                     const std::vector<const Hunk*>& hunks) {
    if (s_.dry_run) return;
    std::string text = fp.header;
    for (const Hunk* h : hunks) text += h->text;
    (void)fs_.write_file(reject_name(target), text, 0644);
  }

  Context& ctx_;
  Settings s_;
  vfs::FsView fs_;
  int status_ = 0;
};

int run(Context& ctx, const Args& args) {
  Settings s;
  std::string input_file;
  for (const auto& occ : args.options) {
    char o = occ.spec->short_name;
    std::string_view l = occ.spec->long_name;
    if (o == 'p') {
      char* end = nullptr;
      long n = std::strtol(occ.value.c_str(), &end, 10);
      if (occ.value.empty() || *end != 0 || n < 0) {
        ctx.error("strip count " + occ.value + " is not a number");
        return 2;
      }
      s.strip = static_cast<int>(std::min(n, 1000L));
    } else if (o == 'R') {
      s.reverse = true;
    } else if (o == 'N') {
      s.forward = true;
    } else if (l == "dry-run") {
      s.dry_run = true;
    } else if (o == 'b') {
      s.backup = true;
    } else if (o == 's' || l == "silent") {
      s.quiet = true;
    } else if (o == 'E') {
      s.remove_empty = true;
    } else if (o == 'f') {
      s.force = true;
    } else if (o == 'F') {
      s.fuzz = static_cast<size_t>(std::max(0L, std::strtol(occ.value.c_str(), nullptr, 10)));
    } else if (o == 'i') {
      input_file = occ.value;
    } else if (o == 'o') {
      s.output = occ.value;
    } else if (o == 'r') {
      s.reject_file = occ.value;
    }
  }
  vfs::FsView fs = ctx.fs;
  if (const std::string* dir = args.value('d')) {
    auto st = fs.stat(*dir);
    if (!st || !st->is_dir()) {
      ctx.error("Can't change to directory " + *dir + " : " +
                std::strerror(st ? ENOTDIR : st.error()));
      return 2;
    }
    fs.caller().cwd = fs.absolute(*dir);
  }
  if (!args.operands.empty()) s.target = args.operands[0];
  if (args.operands.size() >= 2) input_file = args.operands[1];
  if (args.operands.size() > 2) {
    ctx.error("extra operand " + quote(args.operands[2]));
    return 2;
  }
  std::string text;
  if (!input_file.empty() && input_file != "-") {
    auto data = files::read_whole(ctx, input_file);
    if (!data) {
      ctx.error("Can't open patch file " + input_file + " : " + std::strerror(data.error()));
      return 2;
    }
    text = std::move(*data);
  } else {
    auto data = read_stream(ctx, *ctx.in());
    if (!data) return 2;
    text = std::move(*data);
  }
  PatchParser parser(text);
  Patcher patcher(ctx, s, fs);
  return patcher.apply_all(parser.parse());
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(patch, {
                         .name = "patch",
                         .usage = "patch [OPTION]... [ORIGFILE [PATCHFILE]]",
                         .summary = "Apply a diff file to an original.",
                         .options = kOptions,
                         .main = run,
                         .flags = kUsageStatus2,
                     });

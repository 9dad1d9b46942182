// rg's path filters: gitignore-style glob rules (.gitignore, .ignore,
// .rgignore and -g/--glob overrides) and the file-type table (-t/-T).
//
// Globs are translated once into RE2 expressions (linear-time matching, no
// backtracking on hostile patterns such as `**/**/**/*a*a*a`).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace re2 {
class RE2;
}

namespace kefka::cmd::rg {

enum class Verdict { kNone, kIgnore, kWhitelist };

// One file of gitignore rules; the last matching rule decides.
class GlobRules {
 public:
  GlobRules();
  ~GlobRules();
  GlobRules(GlobRules&&) noexcept;
  GlobRules& operator=(GlobRules&&) noexcept;

  // Adds one line of an ignore file (comments and blank lines are skipped).
  // With `override_mode` (rg -g), a plain glob whitelists and `!glob` ignores.
  void add_line(std::string_view line, bool override_mode = false, bool icase = false);
  // Adds every line of an ignore file's text.
  void add_text(std::string_view text);
  bool empty() const { return rules_.empty(); }
  size_t whitelist_count() const { return whitelists_; }
  // `relative` is the path from the rules' base directory, without "./".
  Verdict match(std::string_view relative, bool is_dir) const;

 private:
  struct Rule {
    std::unique_ptr<re2::RE2> re;
    bool negated = false;
    bool dir_only = false;
  };
  std::vector<Rule> rules_;
  size_t whitelists_ = 0;
};

// Translates one gitignore glob (without its `!` and trailing `/`) into an
// RE2 pattern matching a whole relative path. Exposed for tests.
std::string glob_to_regex(std::string_view glob);

struct FileType {
  std::string name;
  std::vector<std::string> globs;
};

// ripgrep's built-in file types (a subset of its list), sorted by name.
const std::vector<FileType>& builtin_types();

// Whether `basename` matches one of the globs of `type` (shell globs over the
// file name, like ripgrep's type definitions).
bool type_matches(const FileType& type, std::string_view basename);

}  // namespace kefka::cmd::rg

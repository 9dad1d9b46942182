// Gitignore-style rules and file types for rg (see rg_ignore.h).
#include "commands/text/rg_ignore.h"

#include <fnmatch.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace kefka::cmd::rg {

namespace {

void append_quoted(char c, std::string& out) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u < 0x80 && !std::isalnum(u) && c != '_' && c != '/') out += '\\';
  if (c == '\0') {
    out += "x00";
    return;
  }
  out += c;
}

// Copies a bracket expression starting at glob[i] == '['; returns the index
// after its ']', or npos when it is not closed (then '[' is a literal).
size_t append_class(std::string_view glob, size_t i, std::string& out) {
  size_t j = i + 1;
  bool negated = j < glob.size() && (glob[j] == '!' || glob[j] == '^');
  if (negated) ++j;
  size_t body = j;
  if (j < glob.size() && glob[j] == ']') ++j;  // a leading ']' is a member
  while (j < glob.size() && glob[j] != ']') ++j;
  if (j >= glob.size()) return std::string_view::npos;
  out += negated ? "[^" : "[";
  for (size_t k = body; k < j; ++k) {
    char c = glob[k];
    if (c == '-' && k != body && k + 1 != j) {
      out += '-';
    } else if (c == '\\' && k + 1 < j) {
      append_quoted(glob[++k], out);
    } else {
      append_quoted(c, out);
    }
  }
  out += ']';
  return j + 1;
}

}  // namespace

std::string glob_to_regex(std::string_view glob) {
  std::string out;
  size_t i = 0;
  while (i < glob.size()) {
    char c = glob[i];
    bool segment_start = i == 0 || glob[i - 1] == '/';
    if (c == '*' && i + 1 < glob.size() && glob[i + 1] == '*' && segment_start &&
        (i + 2 == glob.size() || glob[i + 2] == '/')) {
      if (i + 2 == glob.size()) {
        out += ".*";  // "x/**": everything below x
        i += 2;
      } else {
        out += "(?:.*/)?";  // "**/": any number of leading directories
        i += 3;
      }
      continue;
    }
    if (c == '*') {
      out += "[^/]*";
      ++i;
    } else if (c == '?') {
      out += "[^/]";
      ++i;
    } else if (c == '[') {
      size_t next = append_class(glob, i, out);
      if (next == std::string_view::npos) {
        out += "\\[";
        ++i;
      } else {
        i = next;
      }
    } else if (c == '\\' && i + 1 < glob.size()) {
      append_quoted(glob[i + 1], out);
      i += 2;
    } else {
      append_quoted(c, out);
      ++i;
    }
  }
  return out;
}

GlobRules::GlobRules() = default;
GlobRules::~GlobRules() = default;
GlobRules::GlobRules(GlobRules&&) noexcept = default;
GlobRules& GlobRules::operator=(GlobRules&&) noexcept = default;

void GlobRules::add_line(std::string_view line, bool override_mode, bool icase) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!override_mode) {
    if (line.empty() || line[0] == '#') return;
    // Trailing spaces are dropped unless escaped with a backslash.
    while (!line.empty() && line.back() == ' ' &&
           !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
  }
  if (line.empty()) return;
  Rule rule;
  if (line[0] == '!') {
    rule.negated = true;
    line.remove_prefix(1);
  } else if (line.size() >= 2 && line[0] == '\\' && (line[1] == '!' || line[1] == '#')) {
    line.remove_prefix(1);
  }
  if (override_mode) rule.negated = !rule.negated;  // -g GLOB whitelists, -g !GLOB ignores
  if (line.size() > 1 && line.back() == '/') {
    rule.dir_only = true;
    line.remove_suffix(1);
  }
  if (line.empty()) return;
  bool anchored = line.find('/') != std::string_view::npos;
  if (line[0] == '/') line.remove_prefix(1);
  std::string regex = anchored ? "" : "(?:.*/)?";
  regex += glob_to_regex(line);
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_case_sensitive(!icase);
  options.set_max_mem(8 << 20);
  rule.re = std::make_unique<re2::RE2>(regex, options);
  if (!rule.re->ok()) return;
  if (rule.negated) ++whitelists_;
  rules_.push_back(std::move(rule));
}

void GlobRules::add_text(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    add_line(text.substr(start, nl - start));
    start = nl + 1;
  }
}

Verdict GlobRules::match(std::string_view relative, bool is_dir) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (it->dir_only && !is_dir) continue;
    if (re2::RE2::FullMatch(relative, *it->re))
      return it->negated ? Verdict::kWhitelist : Verdict::kIgnore;
  }
  return Verdict::kNone;
}

const std::vector<FileType>& builtin_types() {
  static const std::vector<FileType> kTypes = [] {
    std::vector<FileType> t = {
        {"asm", {"*.asm", "*.s", "*.S"}},
        {"awk", {"*.awk"}},
        {"c", {"*.[chH]", "*.[chH].in", "*.cats"}},
        {"clojure", {"*.clj", "*.cljc", "*.cljs", "*.cljx"}},
        {"cmake", {"*.cmake", "CMakeLists.txt"}},
        {"config", {"*.cfg", "*.conf", "*.config", "*.ini"}},
        {"cpp",
         {"*.[ChH]", "*.cc", "*.[ch]pp", "*.[ch]xx", "*.hh", "*.inl", "*.[ChH].in", "*.cc.in",
          "*.[ch]pp.in", "*.[ch]xx.in", "*.hh.in"}},
        {"cs", {"*.cs"}},
        {"csharp", {"*.cs"}},
        {"css", {"*.css", "*.scss"}},
        {"csv", {"*.csv"}},
        {"dart", {"*.dart"}},
        {"diff", {"*.patch", "*.diff"}},
        {"docker", {"*Dockerfile*"}},
        {"elixir", {"*.ex", "*.eex", "*.exs", "*.heex", "*.leex", "*.livemd"}},
        {"erlang", {"*.erl", "*.hrl"}},
        {"fish", {"*.fish"}},
        {"go", {"*.go"}},
        {"graphql", {"*.graphql", "*.graphqls"}},
        {"groovy", {"*.groovy", "*.gradle"}},
        {"h", {"*.h", "*.hh", "*.hpp"}},
        {"haskell", {"*.hs", "*.lhs", "*.cpphs", "*.c2hs", "*.hsc"}},
        {"html", {"*.htm", "*.html", "*.ejs"}},
        {"java", {"*.java", "*.jsp", "*.jspx", "*.properties"}},
        {"jl", {"*.jl"}},
        {"js", {"*.js", "*.jsx", "*.vue", "*.cjs", "*.mjs"}},
        {"json", {"*.json", "composer.lock", "*.sarif"}},
        {"jsonl", {"*.jsonl"}},
        {"jupyter", {"*.ipynb", "*.jpynb"}},
        {"kotlin", {"*.kt", "*.kts"}},
        {"less", {"*.less"}},
        {"license", {"COPYING", "COPYING[.-]*", "LICEN[CS]E", "LICEN[CS]E[.-]*", "UNLICENSE"}},
        {"log", {"*.log"}},
        {"lua", {"*.lua"}},
        {"make",
         {"[Gg][Nn][Uu]makefile", "[Mm]akefile", "[Gg][Nn][Uu]makefile.am", "[Mm]akefile.am",
          "[Gg][Nn][Uu]makefile.in", "[Mm]akefile.in", "*.mk", "*.mak"}},
        {"markdown", {"*.markdown", "*.md", "*.mdown", "*.mdwn", "*.mkd", "*.mkdn", "*.mdx"}},
        {"md", {"*.markdown", "*.md", "*.mdown", "*.mdwn", "*.mkd", "*.mkdn", "*.mdx"}},
        {"nix", {"*.nix"}},
        {"objc", {"*.h", "*.m"}},
        {"objcpp", {"*.h", "*.mm"}},
        {"ocaml", {"*.ml", "*.mli", "*.mll", "*.mly"}},
        {"perl", {"*.perl", "*.pl", "*.PL", "*.plh", "*.plx", "*.pm", "*.t"}},
        {"php", {"*.php", "*.php3", "*.php4", "*.php5", "*.php7", "*.php8", "*.pht", "*.phtml"}},
        {"protobuf", {"*.proto"}},
        {"py", {"*.py", "*.pyi"}},
        {"python", {"*.py", "*.pyi"}},
        {"r", {"*.R", "*.r", "*.Rmd", "*.Rnw"}},
        {"rst", {"*.rst"}},
        {"ruby",
         {"Gemfile", "*.gemspec", ".irbrc", "Rakefile", "*.rb", "config.ru", "Guardfile", "Podfile",
          "*.rbi", "Vagrantfile"}},
        {"rust", {"*.rs"}},
        {"sass", {"*.sass", "*.scss"}},
        {"scala", {"*.scala", "*.sbt"}},
        {"sh",
         {"*.bash",   "*.bashrc",  ".bash_aliases", ".bash_login", ".bash_logout", ".bash_profile",
          ".bashrc",  "*.csh",     ".cshrc",        "*.ksh",       ".kshrc",       ".login",
          ".logout",  ".profile",  "*.sh",          "*.tcsh",      "*.zsh",        ".zlogin",
          ".zlogout", ".zprofile", ".zshenv",       ".zshrc"}},
        {"sql", {"*.sql", "*.psql"}},
        {"svelte", {"*.svelte"}},
        {"swift", {"*.swift"}},
        {"tex", {"*.tex", "*.ltx", "*.cls", "*.sty", "*.bib", "*.dtx", "*.ins"}},
        {"tf", {"*.tf", "*.tfvars", "*.tf.json", "*.tfvars.json"}},
        {"toml", {"*.toml", "Cargo.lock"}},
        {"ts", {"*.ts", "*.tsx", "*.cts", "*.mts"}},
        {"txt", {"*.txt"}},
        {"typescript", {"*.ts", "*.tsx", "*.cts", "*.mts"}},
        {"vim", {"*.vim", ".vimrc", ".gvimrc", "vimrc", "gvimrc", "_vimrc", "_gvimrc"}},
        {"vue", {"*.vue"}},
        {"xml",
         {"*.xml", "*.xml.dist", "*.dtd", "*.xsl", "*.xslt", "*.xsd", "*.xjb", "*.rng", "*.sch",
          "*.xhtml"}},
        {"yaml", {"*.yaml", "*.yml"}},
        {"zig", {"*.zig"}},
        {"zsh",
         {".zshenv", "zshenv", ".zlogin", "zlogin", ".zlogout", "zlogout", ".zprofile", "zprofile",
          ".zshrc", "zshrc", "*.zsh"}},
    };
    // --type-list shows each type's globs sorted, like ripgrep.
    for (auto& type : t) std::sort(type.globs.begin(), type.globs.end());
    std::sort(t.begin(), t.end(),
              [](const FileType& a, const FileType& b) { return a.name < b.name; });
    return t;
  }();
  return kTypes;
}

bool type_matches(const FileType& type, std::string_view basename) {
  std::string name(basename);
  for (const auto& glob : type.globs)
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

}  // namespace kefka::cmd::rg

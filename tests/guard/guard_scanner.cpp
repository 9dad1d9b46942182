#include "guard_scanner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <sstream>

namespace kefka::guard {
namespace {

// Host functions whose unqualified or global call is a violation.
const std::set<std::string, std::less<>> kHostCalls = {
    // files and directories
    "open", "open64", "openat", "openat2", "creat", "fopen", "fopen64", "fdopen", "freopen",
    "tmpfile", "mkstemp", "mkostemp", "mkdtemp", "opendir", "fdopendir", "scandir", "stat",
    "stat64", "lstat", "lstat64", "fstatat", "statx", "access", "faccessat", "unlink", "unlinkat",
    "rename", "renameat", "renameat2", "mkdir", "mkdirat", "rmdir", "chdir", "fchdir", "chmod",
    "fchmodat", "chown", "lchown", "fchownat", "truncate", "symlink", "symlinkat", "readlink",
    "readlinkat", "link", "linkat", "realpath", "utime", "utimes", "utimensat", "mknod", "mkfifo",
    "chroot", "mount", "umount", "umount2", "nftw", "ftw", "glob",
    // processes
    "system", "popen", "fork", "vfork", "clone3", "execl", "execlp", "execle", "execv", "execvp",
    "execvpe", "execve", "execveat", "fexecve", "posix_spawn", "posix_spawnp", "waitpid", "wait4",
    "kill", "ptrace", "syscall", "dlopen", "dlsym", "getenv", "secure_getenv", "setenv", "putenv",
    // network
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "getaddrinfo",
    "gethostbyname", "sendto", "recvfrom", "sendmsg", "recvmsg"};

// Names the standard library also provides as host access under std::.
const std::set<std::string, std::less<>> kStdHostCalls = {"system", "fopen",  "freopen", "tmpfile",
                                                          "rename", "remove", "getenv",  "tmpnam"};

// Host-only headers: including them outside the allowed folders is a violation.
const std::set<std::string, std::less<>> kHostHeaders = {
    "fstream",       "filesystem",  "dirent.h", "sys/socket.h", "netinet/in.h",
    "netinet/tcp.h", "arpa/inet.h", "netdb.h",  "sys/un.h",     "spawn.h",
    "dlfcn.h",       "sys/wait.h",  "ftw.h",    "glob.h",       "sys/mount.h"};

// Host-only types and namespaces, matched as qualified names.
constexpr std::array<std::string_view, 6> kHostTypes = {
    "std::ifstream",       "std::ofstream",       "std::fstream",
    "std::basic_ifstream", "std::basic_ofstream", "std::filesystem"};

// Keywords after which a name followed by '(' is a call, not a declaration.
const std::set<std::string, std::less<>> kCallKeywords = {
    "return", "co_return", "co_await", "co_yield", "throw",  "else",     "do",
    "case",   "not",       "and",      "or",       "sizeof", "decltype", "noexcept"};

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

int line_of(std::string_view text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

size_t skip_space_back(std::string_view s, size_t end) {  // returns index past the token
  while (end > 0 && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  return end;
}

// The identifier ending at `end` (exclusive), or "".
std::string_view ident_before(std::string_view s, size_t end) {
  size_t b = end;
  while (b > 0 && is_ident_char(s[b - 1])) --b;
  return s.substr(b, end - b);
}

enum class Site { Call, Global, Member, Qualified, StdQualified, Declaration };

// Classifies the identifier starting at `pos` (followed by '(') from what precedes it.
Site classify(std::string_view code, size_t pos) {
  size_t e = skip_space_back(code, pos);
  if (e == 0) return Site::Call;
  char c = code[e - 1];
  if (c == '.') return Site::Member;
  if (c == '>' && e >= 2 && code[e - 2] == '-') return Site::Member;
  if (c == ':' && e >= 2 && code[e - 2] == ':') {
    size_t q = e - 2;  // a qualifier touches its "::"; "return ::open(" is global
    std::string_view qual = ident_before(code, q);
    if (qual.empty() && q > 0 && code[q - 1] == '>') return Site::Qualified;  // Foo<T>::open(
    if (qual.empty()) return Site::Global;  // ::open( is the global, i.e. host, function
    return qual == "std" ? Site::StdQualified : Site::Qualified;
  }
  if (is_ident_char(c)) {
    std::string_view word = ident_before(code, e);
    return kCallKeywords.count(word) ? Site::Call : Site::Declaration;
  }
  if (c == '~') return Site::Declaration;
  // A return type ending in '*', '&' or '>' ("->" was handled; "&&" is logical and).
  if (c == '*' || c == '>') return Site::Declaration;
  if (c == '&' && !(e >= 2 && code[e - 2] == '&')) return Site::Declaration;
  return Site::Call;
}

struct NameUse {
  std::string name;
  size_t pos;
  Site site;
};

// Every identifier from kHostCalls that is followed by '('.
std::vector<NameUse> host_name_uses(std::string_view code) {
  std::vector<NameUse> uses;
  size_t i = 0;
  while (i < code.size()) {
    if (!is_ident_char(code[i]) || (i > 0 && is_ident_char(code[i - 1]))) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < code.size() && is_ident_char(code[i])) ++i;
    std::string_view word = code.substr(b, i - b);
    if (std::isdigit(static_cast<unsigned char>(word[0])) || !kHostCalls.count(word)) continue;
    size_t j = i;
    while (j < code.size() && std::isspace(static_cast<unsigned char>(code[j]))) ++j;
    if (j < code.size() && code[j] == '(')
      uses.push_back({std::string(word), b, classify(code, b)});
  }
  return uses;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The header names of #include lines ("x.h" or <x.h>), with their line numbers.
std::vector<std::pair<std::string, int>> includes_of(std::string_view code_with_strings) {
  std::vector<std::pair<std::string, int>> out;
  std::istringstream in{std::string(code_with_strings)};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string_view l = trim(line);
    if (l.empty() || l[0] != '#') continue;
    l = trim(l.substr(1));
    if (!l.starts_with("include")) continue;
    l = trim(l.substr(7));
    if (l.size() < 2 || (l[0] != '"' && l[0] != '<')) continue;
    char close = l[0] == '"' ? '"' : '>';
    size_t end = l.find(close, 1);
    if (end == std::string_view::npos) continue;
    out.emplace_back(std::string(l.substr(1, end - 1)), n);
  }
  return out;
}

// Comment blanking that keeps string literals (for #include "x.h").
std::string blank(std::string_view text, bool blank_strings) {
  std::string out(text);
  size_t i = 0;
  auto wipe = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < out.size(); ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      if (end == std::string_view::npos) end = text.size();
      wipe(i, end);
      i = end;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? text.size() : end + 2;
      wipe(i, end);
      i = end;
    } else if (c == 'R' && i + 1 < text.size() && text[i + 1] == '"' &&
               (i == 0 || !is_ident_char(text[i - 1]) || text[i - 1] == 'u' || text[i - 1] == 'U' ||
                text[i - 1] == 'L' || text[i - 1] == '8')) {
      size_t open = text.find('(', i + 2);
      if (open == std::string_view::npos) break;
      std::string close = ")" + std::string(text.substr(i + 2, open - i - 2)) + "\"";
      size_t end = text.find(close, open);
      end = end == std::string_view::npos ? text.size() : end + close.size();
      if (blank_strings) wipe(i + 1, end);
      i = end;
    } else if (c == '"' ||
               (c == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1]))))) {
      // (a quote after a hex digit is a digit separator: 1'000'000)
      size_t k = i + 1;
      while (k < text.size() && text[k] != c && text[k] != '\n') k += text[k] == '\\' ? 2 : 1;
      size_t end = std::min(k + 1, text.size());
      if (blank_strings) wipe(i + 1, end - 1);
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string blank_comments_and_literals(std::string_view text) {
  return blank(text, true);
}

bool host_access_allowed(std::string_view path) {
  if (path.starts_with("src/")) path.remove_prefix(4);
  // wasm/user_module.cpp compiles a sandbox's .wasm file on the host (wasm2c,
  // cc, a cache dir, dlopen): the one host-process use of product code, an
  // embedder option (kefka::wasm::set_user_module_options).
  return path.starts_with("vfs/host_backend") || path.starts_with("cli/") ||
         path.starts_with("server/") || path == "wasm/user_module.cpp";
}

std::vector<Violation> scan_source(std::string_view file, std::string_view text) {
  std::vector<Violation> out;
  std::string code = blank(text, true);
  std::string code_with_strings = blank(text, false);

  for (const auto& [header, line] : includes_of(code_with_strings)) {
    if (kHostHeaders.count(header))
      out.push_back({std::string(file), line, "include <" + header + ">"});
  }
  for (std::string_view type : kHostTypes) {
    for (size_t p = code.find(type); p != std::string::npos; p = code.find(type, p + 1)) {
      size_t end = p + type.size();
      bool whole = (p == 0 || !is_ident_char(code[p - 1])) &&
                   (end >= code.size() || !is_ident_char(code[end]));
      if (whole)
        out.push_back({std::string(file), line_of(code, p), "host type " + std::string(type)});
    }
  }

  auto uses = host_name_uses(code);
  // Names this file declares or defines itself (a member `stat(...)`, a method
  // `Vfs::stat(`): unqualified calls of them are calls of the project's own
  // function. The symbol check still catches a real host call among them.
  std::set<std::string, std::less<>> own;
  for (const auto& u : uses) {
    if (u.site == Site::Declaration || u.site == Site::Qualified) own.insert(u.name);
  }
  for (const auto& u : uses) {
    bool flagged = u.site == Site::Global || (u.site == Site::Call && !own.count(u.name)) ||
                   (u.site == Site::StdQualified && kStdHostCalls.count(u.name));
    if (flagged)
      out.push_back({std::string(file), line_of(code, u.pos), "host call " + u.name + "("});
  }
  std::sort(out.begin(), out.end(),
            [](const Violation& a, const Violation& b) { return a.line < b.line; });
  return out;
}

int layer_rank(std::string_view path) {
  if (path.starts_with("src/")) path.remove_prefix(4);
  std::string_view top = path.substr(0, path.find('/'));
  if (top == "base") return 0;
  if (top == "vfs") return 1;
  if (top == "wasm") return 2;
  if (top == "commands" || top == "text") return 3;
  if (top == "shell") return 4;
  if (top == "sandbox") return 5;
  if (top == "kefka") return path == "kefka/limits.h" ? 0 : 5;  // limits.h is plain data
  if (top == "cli" || top == "server") return 6;
  return -1;
}

std::vector<Violation> scan_layering(std::string_view path, std::string_view text) {
  std::vector<Violation> out;
  int own = layer_rank(path);
  if (own < 0) return out;
  for (const auto& [header, line] : includes_of(blank(text, false))) {
    int rank = layer_rank(header);
    if (rank > own) {
      out.push_back(
          {std::string(path), line, "layering: includes higher layer \"" + header + "\""});
    }
  }
  return out;
}

std::vector<Violation> undefined_host_symbols(std::string_view nm_output) {
  // Host symbols as the linker sees them: C names (plus glibc's fortified and
  // 64-bit aliases) and libstdc++'s file-stream and filesystem classes.
  static const std::set<std::string, std::less<>> kExtraSymbols = {
      "__open_2",   "__open64_2", "__openat_2", "__openat64_2", "__xstat", "__lxstat", "__xstat64",
      "__lxstat64", "read",       "write",      "pread",        "pwrite",  "pread64",  "pwrite64",
      "close",      "lseek",      "lseek64",    "dup",          "dup2",    "dup3",     "pipe",
      "pipe2",      "ioctl",      "fcntl",      "send",         "recv",    "readdir",  "readdir64",
      "fstat",      "fstat64",    "fork",       "_Fork"};
  constexpr std::array<std::string_view, 5> kCxxHostTypes = {
      "basic_ifstream", "basic_ofstream", "basic_fstream", "basic_filebuf", "std::filesystem::"};
  std::vector<Violation> out;
  std::istringstream in{std::string(nm_output)};
  std::string line;
  while (std::getline(in, line)) {
    // "path/libkefka_vfs.a:memory_backend.cpp.o:                 U open"
    size_t c1 = line.find(':');
    if (c1 == std::string::npos) continue;
    size_t c2 = line.find(':', c1 + 1);
    if (c2 == std::string::npos) continue;
    std::string archive = line.substr(0, c1);
    std::string object = line.substr(c1 + 1, c2 - c1 - 1);
    std::string_view rest = trim(std::string_view(line).substr(c2 + 1));
    if (!rest.starts_with("U ")) continue;
    std::string_view symbol = trim(rest.substr(2));
    if (size_t at = symbol.find('@'); at != std::string_view::npos) symbol = symbol.substr(0, at);
    if (object.starts_with("host_backend") || object == "user_module.cpp.o" ||
        archive.find("server") != std::string::npos ||
        archive.find("cli") != std::string::npos) {
      continue;
    }
    bool host = kHostCalls.count(symbol) || kExtraSymbols.count(symbol);
    for (std::string_view t : kCxxHostTypes)
      host = host || symbol.find(t) != std::string_view::npos;
    if (host)
      out.push_back({archive + ":" + object, 0, "references host symbol " + std::string(symbol)});
  }
  return out;
}

}  // namespace kefka::guard

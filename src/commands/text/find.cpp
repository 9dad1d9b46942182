// find: GNU findutils 4.9 behaviour over the sandbox filesystem.
//
// The command line is parsed into an expression tree (operators ! -a -o , and
// parentheses, GNU precedence), then each starting point is walked depth-first
// (directories in name order; GNU follows the host's readdir order) and the
// expression is evaluated per file. Commands of -exec/-execdir run through
// ctx.executor; -ok/-okdir refuse (there is no terminal to ask).
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <set>

#include "commands/files/file_util.h"
#include "commands/options.h"
#include "commands/text/regex.h"

namespace kefka::cmd {
namespace {

using files::quote_value;

enum class Follow { kNever, kCommandLine, kAlways };

// One file being visited.
struct Entry {
  std::string path;        // as printed: start point joined with names
  std::string_view start;  // the starting point it was found under
  int depth = 0;
  bool is_start = false;
  vfs::Stat st{};
  bool stat_ok = false;
  int stat_err = 0;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct FindState;
using Predicate = std::function<bool(FindState&, Entry&)>;

struct Node {
  enum Kind { kPred, kNot, kAnd, kOr, kComma } kind = kPred;
  NodePtr left, right;
  Predicate pred;
};

// A batch of -exec ... {} + (or -execdir ... {} +).
struct ExecBatch {
  std::vector<std::string> prefix;  // argv before {}
  std::vector<std::string> files;
  std::string dir;  // for -execdir: the directory the batch runs in
  size_t bytes = 0;
};

struct FindState {
  Context* ctx = nullptr;
  Follow follow = Follow::kNever;
  int max_depth = -1;
  int min_depth = 0;
  bool depth_first = false;
  bool quit = false;
  bool prune = false;
  int status = kExitSuccess;
  timespec now{};
  bool daystart = false;
  std::vector<std::unique_ptr<ExecBatch>> batches;
  std::map<std::string, std::shared_ptr<BufferedWriter>, std::less<>> fprint_files;
  std::unique_ptr<files::UserDb> users;
  TimeZone zone;  // TZ, for -printf times, -ls and -daystart
};

// ---------------------------------------------------------------------------
// Parsing

class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

bool starts_expression(std::string_view arg) {
  return (arg.size() > 1 && arg[0] == '-') || arg == "(" || arg == "!";
}

// A numeric argument with an optional +/- prefix: +N more, -N less, N exactly.
struct Comparison {
  enum Kind { kLess, kEqual, kGreater } kind = kEqual;
  double value = 0;
  bool test(double x) const {
    switch (kind) {
      case kLess:
        return x < value;
      case kGreater:
        return x > value;
      default:
        return x == value;
    }
  }
};

std::optional<Comparison> parse_comparison(std::string_view text, bool allow_fraction) {
  Comparison c;
  if (!text.empty() && text[0] == '+') {
    c.kind = Comparison::kGreater;
    text.remove_prefix(1);
  } else if (!text.empty() && text[0] == '-') {
    c.kind = Comparison::kLess;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  bool dot = false;
  for (char ch : text) {
    if (ch == '.' && allow_fraction && !dot) {
      dot = true;
    } else if (ch < '0' || ch > '9') {
      return std::nullopt;
    }
  }
  c.value = std::strtod(std::string(text).c_str(), nullptr);
  return c;
}

// Translates an Emacs regex (GNU find's default) to a POSIX ERE: in Emacs
// syntax \( \) \| group and alternate while ( ) | { } are literals.
std::string emacs_to_ere(std::string_view re) {
  std::string out;
  bool in_bracket = false;
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (in_bracket) {
      out += c;
      if (c == ']' && !(out.size() >= 2 && (out[out.size() - 2] == '[' ||
                                            (out.size() >= 3 && out[out.size() - 2] == '^' &&
                                             out[out.size() - 3] == '[')))) {
        in_bracket = false;
      }
      continue;
    }
    if (c == '[') {
      in_bracket = true;
      out += c;
    } else if (c == '\\' && i + 1 < re.size()) {
      char n = re[++i];
      if (n == '(' || n == ')' || n == '|') {
        out += n;
      } else {
        out += '\\';
        out += n;
      }
    } else if (c == '(' || c == ')' || c == '|' || c == '{' || c == '}') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

class Parser {
 public:
  Parser(FindState& state, std::span<const std::string> args) : s_(state), args_(args) {}

  NodePtr parse() {
    if (pos_ >= args_.size()) return nullptr;
    NodePtr e = parse_comma();
    if (pos_ < args_.size()) {
      throw ParseError("you have too many ')'");
    }
    return e;
  }
  bool has_action() const { return has_action_; }
  std::string regex_type = "emacs";

 private:
  NodePtr make(Node::Kind k, NodePtr l, NodePtr r) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }
  NodePtr parse_comma() {
    NodePtr l = parse_or();
    while (pos_ < args_.size() && args_[pos_] == ",") {
      ++pos_;
      if (pos_ >= args_.size()) throw ParseError("expected an expression after ','");
      l = make(Node::kComma, std::move(l), parse_or());
    }
    return l;
  }
  NodePtr parse_or() {
    NodePtr l = parse_and();
    while (pos_ < args_.size() && (args_[pos_] == "-o" || args_[pos_] == "-or")) {
      std::string op = args_[pos_++];
      if (pos_ >= args_.size()) throw ParseError("expected an expression after '" + op + "'");
      l = make(Node::kOr, std::move(l), parse_and());
    }
    return l;
  }
  NodePtr parse_and() {
    NodePtr l = parse_unary();
    while (pos_ < args_.size()) {
      const std::string& a = args_[pos_];
      if (a == "-o" || a == "-or" || a == "," || a == ")") break;
      if (a == "-a" || a == "-and") {
        ++pos_;
        if (pos_ >= args_.size()) throw ParseError("expected an expression after '" + a + "'");
      }
      l = make(Node::kAnd, std::move(l), parse_unary());
    }
    return l;
  }
  NodePtr parse_unary() {
    if (pos_ >= args_.size()) throw ParseError("expected an expression");
    const std::string& a = args_[pos_];
    if (a == "!" || a == "-not") {
      ++pos_;
      if (pos_ >= args_.size()) throw ParseError("expected an expression after '" + a + "'");
      return make(Node::kNot, parse_unary(), nullptr);
    }
    if (a == "(") {
      ++pos_;
      if (pos_ < args_.size() && args_[pos_] == ")") {
        throw ParseError("invalid expression; empty parentheses are not allowed.");
      }
      NodePtr e = parse_comma();
      if (pos_ >= args_.size() || args_[pos_] != ")") {
        throw ParseError(
            "invalid expression; I was expecting to find a ')' somewhere but did not see one.");
      }
      ++pos_;
      return e;
    }
    if (a == ")") throw ParseError("you have too many ')'");
    if (a == "-a" || a == "-and" || a == "-o" || a == "-or" || a == ",") {
      throw ParseError("invalid expression; you have used a binary operator '" + a +
                       "' with nothing before it.");
    }
    return parse_primary();
  }

  const std::string& need_arg(const std::string& name) {
    if (pos_ >= args_.size()) throw ParseError("missing argument to `" + name + "'");
    return args_[pos_++];
  }

  NodePtr pred(Predicate p) {
    auto n = std::make_unique<Node>();
    n->pred = std::move(p);
    return n;
  }
  static NodePtr constant(bool v) {
    auto n = std::make_unique<Node>();
    n->pred = [v](FindState&, Entry&) { return v; };
    return n;
  }

  NodePtr parse_primary();
  NodePtr parse_time(const std::string& name, const std::string& arg);
  NodePtr parse_exec(const std::string& name);
  NodePtr parse_printf(const std::string& format, const std::shared_ptr<BufferedWriter>& out);
  std::shared_ptr<BufferedWriter> open_fprint(const std::string& file);
  std::unique_ptr<Regex> compile_regex(const std::string& re, bool icase);

  FindState& s_;
  std::span<const std::string> args_;
  size_t pos_ = 0;
  bool has_action_ = false;
  std::string last_pred_;
};

bool ensure_stat(FindState& s, Entry& e);
void flush_batch(FindState& s, ExecBatch& b);
int run_in(FindState& s, const std::vector<std::string>& argv, const std::string& dir);

std::string base_of(std::string_view path) {
  if (path.size() > 1) {
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  }
  if (path == "/") return "/";
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::unique_ptr<Regex> Parser::compile_regex(const std::string& re, bool icase) {
  RegexOptions opts;
  opts.icase = icase;
  opts.utf8 = false;
  opts.dot_matches_newline = true;
  std::string pattern = re;
  if (regex_type == "emacs" || regex_type == "findutils-default") {
    opts.syntax = RegexSyntax::kExtended;
    pattern = emacs_to_ere(re);
  } else if (regex_type == "posix-basic" || regex_type == "grep" || regex_type == "sed" ||
             regex_type == "ed" || regex_type == "posix-minimal-basic") {
    opts.syntax = RegexSyntax::kBasic;
  } else {
    opts.syntax = RegexSyntax::kExtended;
  }
  std::string error;
  auto compiled = Regex::compile(pattern, opts, &error);
  if (!compiled) throw ParseError(error);
  return compiled;
}

std::shared_ptr<BufferedWriter> Parser::open_fprint(const std::string& file) {
  auto it = s_.fprint_files.find(file);
  if (it != s_.fprint_files.end()) return it->second;
  auto stream = s_.ctx->open_output(file);
  if (!stream) throw ParseError(quote_value(*s_.ctx, file) + ": " + std::strerror(stream.error()));
  auto w = std::make_shared<BufferedWriter>(*stream);
  s_.fprint_files.emplace(file, w);
  return w;
}

double age_units(const FindState& s, const timespec& t, double unit) {
  double now = static_cast<double>(s.now.tv_sec) + s.now.tv_nsec / 1e9;
  if (s.daystart) {
    // Measure from the start of tomorrow (local time), like GNU's -daystart.
    int64_t local = s.now.tv_sec + s.zone.at(s.now.tv_sec).utoff;
    int64_t tomorrow = (local - ((local % 86400) + 86400) % 86400) + 86400;
    now = static_cast<double>(s.zone.to_utc(tomorrow));
  }
  double then = static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
  return (now - then) / unit;
}

NodePtr Parser::parse_time(const std::string& name, const std::string& arg) {
  auto cmp = parse_comparison(arg, true);
  if (!cmp) throw ParseError("invalid argument `" + arg + "' to `" + name + "'");
  char which = name[1];
  bool minutes = name.substr(2) == "min";
  double unit = minutes ? 60.0 : 86400.0;
  Comparison c = *cmp;
  return pred([=](FindState& s, Entry& e) {
    if (!ensure_stat(s, e)) return false;
    const timespec& t = which == 'a' ? e.st.atime : which == 'c' ? e.st.ctime : e.st.mtime;
    double age = age_units(s, t, unit);
    if (minutes) {
      // GNU: +N is older than N minutes, -N newer, N within (N-1, N].
      if (c.kind != Comparison::kEqual) return c.test(age);
      return c.test(std::ceil(age));
    }
    return c.test(std::floor(age));
  });
}

NodePtr Parser::parse_exec(const std::string& name) {
  std::vector<std::string> cmd;
  bool plus = false;
  for (;;) {
    if (pos_ >= args_.size()) throw ParseError("missing argument to `" + name + "'");
    const std::string& a = args_[pos_++];
    if (a == ";") break;
    if (a == "+" && !cmd.empty() && cmd.back() == "{}") {
      plus = true;
      cmd.pop_back();
      break;
    }
    cmd.push_back(a);
  }
  if (cmd.empty()) throw ParseError("missing argument to `" + name + "'");
  has_action_ = true;
  if (name == "-ok" || name == "-okdir") {
    throw ParseError(name + " is not supported: there is no terminal to ask for confirmation");
  }
  bool in_dir = name == "-execdir";
  if (plus) {
    for (const auto& a : cmd) {
      if (a.find("{}") != std::string::npos) {
        throw ParseError("Only one instance of {} is supported with " + name + " ... +");
      }
    }
    auto batch = std::make_unique<ExecBatch>();
    batch->prefix = cmd;
    ExecBatch* b = batch.get();
    s_.batches.push_back(std::move(batch));
    return pred([b, in_dir](FindState& s, Entry& e) {
      std::string dir, file = e.path;
      if (in_dir) {
        dir = files::dir_name(e.path);
        file = "./" + base_of(e.path);
        if (b->dir != dir && !b->files.empty()) {
          flush_batch(s, *b);
        }
        b->dir = dir;
      }
      b->bytes += file.size() + 1;
      b->files.push_back(std::move(file));
      if (b->bytes > 128 * 1024) {
        flush_batch(s, *b);
      }
      return true;
    });
  }
  return pred([cmd, in_dir](FindState& s, Entry& e) {
    std::string file = in_dir ? "./" + base_of(e.path) : e.path;
    if (in_dir && e.path == "/") file = "/";
    std::vector<std::string> argv;
    for (const auto& a : cmd) {
      std::string arg;
      size_t from = 0;
      for (size_t at; (at = a.find("{}", from)) != std::string::npos; from = at + 2) {
        arg.append(a, from, at - from);
        arg += file;
      }
      arg.append(a, from);
      argv.push_back(std::move(arg));
    }
    return run_in(s, argv, in_dir ? files::dir_name(e.path) : std::string()) == 0;
  });
}

int run_in(FindState& s, const std::vector<std::string>& argv, const std::string& dir) {
  Context& ctx = *s.ctx;
  ctx.flush_output();
  for (auto& [name, w] : s.fprint_files) (void)w->flush();
  if (ctx.executor == nullptr) {
    ctx.error(quote_value(ctx, argv[0]) + ": No such file or directory");
    return kExitNotFound;
  }
  if (dir.empty()) return ctx.executor->run_program(ctx, argv, ctx.env, ctx.fds);
  vfs::FsView fs = ctx.fs;
  fs.caller().cwd = fs.absolute(dir);
  Context child{.argv = ctx.argv,
                .env = ctx.env,
                .fs = fs,
                .fds = ctx.fds,
                .budget = ctx.budget,
                .executor = ctx.executor};
  return ctx.executor->run_program(child, argv, ctx.env, ctx.fds);
}

void flush_batch(FindState& s, ExecBatch& b) {
  if (b.files.empty()) return;
  std::vector<std::string> argv = b.prefix;
  argv.insert(argv.end(), b.files.begin(), b.files.end());
  b.files.clear();
  b.bytes = 0;
  if (run_in(s, argv, b.dir) != 0) s.status = kExitFailure;
}

// ---------------------------------------------------------------------------
// -printf

std::string format_escape(std::string_view fmt, size_t& i, bool* stop) {
  // fmt[i] is the character after the backslash.
  char c = fmt[i];
  switch (c) {
    case 'n':
      return "\n";
    case 't':
      return "\t";
    case 'a':
      return "\a";
    case 'b':
      return "\b";
    case 'f':
      return "\f";
    case 'r':
      return "\r";
    case 'v':
      return "\v";
    case '\\':
      return "\\";
    case 'c':
      *stop = true;
      return "";
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      int v = 0, n = 0;
      while (n < 3 && i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '7') {
        v = v * 8 + (fmt[i] - '0');
        ++i;
        ++n;
      }
      --i;
      return std::string(1, static_cast<char>(v));
    }
    default:
      return std::string("\\") + c;
  }
}

std::string ctime_string(const timespec& t, const TimeZone& zone) {
  std::string s = files::format_time("%a %b %e %H:%M:%S.%N0 %Y", t, zone);
  return s;
}

std::string time_directive(char k, const timespec& t, const TimeZone& zone) {
  if (k == '@') {
    char buf[64];
    snprintf(buf, sizeof buf, "%lld.%09ld0", static_cast<long long>(t.tv_sec),
             static_cast<long>(t.tv_nsec));
    return buf;
  }
  if (k == 'S' || k == 'T' || k == 'X') {  // GNU adds the fraction to the seconds
    char frac[32];
    snprintf(frac, sizeof frac, ".%09ld0", static_cast<long>(t.tv_nsec));
    if (k == 'T') return files::format_time("%H:%M:%S", t, zone) + frac;
    if (k == 'X') return files::format_time("%X", t, zone) + frac;
    return files::format_time("%S", t, zone) + frac;
  }
  if (k == '+') return files::format_time("%Y-%m-%d+%H:%M:%S.%N0", t, zone);
  std::string f = "%";
  f += k;
  return files::format_time(f, t, zone);
}

std::string symbolic_type(uint32_t mode) {
  if (S_ISREG(mode)) return "f";
  if (S_ISDIR(mode)) return "d";
  if (S_ISLNK(mode)) return "l";
  if (S_ISCHR(mode)) return "c";
  if (S_ISBLK(mode)) return "b";
  if (S_ISFIFO(mode)) return "p";
  if (S_ISSOCK(mode)) return "s";
  return "U";
}

std::string print_directive(FindState& s, Entry& e, char k, char sub) {
  Context& ctx = *s.ctx;
  bool ok = ensure_stat(s, e);
  const vfs::Stat& st = e.st;
  switch (k) {
    case 'p':
      return e.path;
    case 'f': {
      std::string_view p = e.path;
      size_t end = p.size();
      while (end > 1 && p[end - 1] == '/') --end;
      size_t slash = p.rfind('/', end - 1);
      if (slash == std::string_view::npos || end == 1) return std::string(p);
      return std::string(p.substr(slash + 1));
    }
    case 'h': {
      std::string_view p = e.path;
      while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
      size_t slash = p.rfind('/');
      if (slash == std::string_view::npos) return ".";
      if (slash == 0) return "";  // "/x" and "/" alike: GNU prints nothing
      return std::string(p.substr(0, slash));
    }
    case 'P': {
      if (e.is_start) return "";
      std::string_view p = e.path;
      p.remove_prefix(std::min(p.size(), e.start.size()));
      while (!p.empty() && p[0] == '/') p.remove_prefix(1);
      return std::string(p);
    }
    case 'H':
      return std::string(e.start);
    case 'd':
      return std::to_string(e.depth);
    case 's':
      return ok ? std::to_string(st.size) : "";
    case 'b':
      return ok ? std::to_string(st.blocks) : "";
    case 'k':
      return ok ? std::to_string((st.blocks + 1) / 2) : "";
    case 'm': {
      char buf[16];
      snprintf(buf, sizeof buf, "%o", st.mode & 07777);
      return buf;
    }
    case 'M':
      return files::mode_string(st.mode);
    case 'n':
      return std::to_string(st.nlink);
    case 'i':
      return std::to_string(st.ino);
    case 'D':
      return std::to_string(st.dev);
    case 'U':
      return std::to_string(st.uid);
    case 'G':
      return std::to_string(st.gid);
    case 'u':
      return s.users->user_or_id(st.uid);
    case 'g':
      return s.users->group_or_id(st.gid);
    case 'y':
      return symbolic_type(st.mode);
    case 'Y': {
      if (!S_ISLNK(st.mode)) return symbolic_type(st.mode);
      auto target = ctx.fs.stat(e.path);
      if (!target) return target.error() == ELOOP ? "L" : "N";
      return symbolic_type(target->mode);
    }
    case 'l': {
      if (!S_ISLNK(st.mode)) return "";
      auto t = ctx.fs.readlink(e.path);
      return t ? *t : "";
    }
    case 'a':
      return ctime_string(st.atime, s.zone);
    case 'c':
      return ctime_string(st.ctime, s.zone);
    case 't':
      return ctime_string(st.mtime, s.zone);
    case 'A':
      return time_directive(sub, st.atime, s.zone);
    case 'C':
      return time_directive(sub, st.ctime, s.zone);
    case 'T':
      return time_directive(sub, st.mtime, s.zone);
    default:
      return "";
  }
}

// Applies printf flags/width/precision: %d and %m are numbers (all flags),
// everything else is a string (GNU passes them through %s).
std::string apply_flags(const std::string& flags, char k, const std::string& v) {
  std::string spec = "%";
  if (k == 'd' || k == 'm') {
    spec += flags;
    spec += k == 'm' ? "llo" : "lld";
    long long n = std::stoll(v.empty() ? "0" : v, nullptr, k == 'm' ? 8 : 10);
    int len = snprintf(nullptr, 0, spec.c_str(), n);
    std::string buf(static_cast<size_t>(len) + 1, '\0');
    snprintf(buf.data(), buf.size(), spec.c_str(), n);
    buf.resize(static_cast<size_t>(len));
    return buf;
  }
  size_t i = 0;
  while (i < flags.size() && std::strchr("-+ #0", flags[i]) != nullptr) {
    if (flags[i] == '-') spec += '-';
    ++i;
  }
  spec += flags.substr(i);
  spec += 's';
  int len = snprintf(nullptr, 0, spec.c_str(), v.c_str());
  std::string buf(static_cast<size_t>(len) + 1, '\0');
  snprintf(buf.data(), buf.size(), spec.c_str(), v.c_str());
  buf.resize(static_cast<size_t>(len));
  return buf;
}

NodePtr Parser::parse_printf(const std::string& format,
                             const std::shared_ptr<BufferedWriter>& out) {
  has_action_ = true;
  // Warn about unknown directives and escapes at parse time like GNU.
  for (size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] == '\\') {
      char n = format[++i];
      if (std::strchr("ntabfrvc\\01234567", n) == nullptr) {
        s_.ctx->error(std::string("warning: unrecognized escape `\\") + n + "'");
      }
      continue;
    }
    if (format[i] != '%') continue;
    size_t j = i + 1;
    while (j < format.size() && std::strchr("-+ #0123456789.", format[j]) != nullptr) ++j;
    if (j < format.size() && std::strchr("%pfhPHdsbkmMniDUGugyYlaAcCtTSF", format[j]) == nullptr) {
      s_.ctx->error(std::string("warning: unrecognized format directive `%") + format[j] + "'");
    }
    if (j < format.size() && std::strchr("ACT", format[j]) != nullptr) {
      if (j + 1 >= format.size()) {
        s_.ctx->error(std::string("warning: format directive `%") + format[j] +
                      "' should be followed by another character");
      }
      ++j;
    }
    i = j;
  }
  return pred([format, out](FindState& s, Entry& e) {
    std::string text;
    bool stop = false;
    for (size_t i = 0; i < format.size() && !stop; ++i) {
      char c = format[i];
      if (c == '\\' && i + 1 < format.size()) {
        ++i;
        text += format_escape(format, i, &stop);
      } else if (c == '%' && i + 1 < format.size()) {
        size_t j = i + 1;
        std::string flags;
        while (j < format.size() && std::strchr("-+ #0123456789.", format[j]) != nullptr) {
          flags += format[j++];
        }
        if (j >= format.size()) {
          text += format.substr(i);
          break;
        }
        char k = format[j];
        char sub = 0;
        if (k == '%') {
          text += '%';
          i = j;
          continue;
        }
        if (std::strchr("ACT", k) != nullptr) {
          if (j + 1 >= format.size()) {
            text += '%';
            text += k;
            i = j;
            continue;
          }
          sub = format[++j];
        }
        i = j;
        if (std::strchr("pfhPHdsbkmMniDUGugyYlaAcCtT", k) == nullptr) {
          // GNU prints an unknown directive as-is.
          text += '%';
          text += k;
          continue;
        }
        std::string v = print_directive(s, e, k, sub);
        if (!flags.empty()) v = apply_flags(flags, k, v);
        text += v;
      } else {
        text += c;
      }
    }
    if (out) {
      out->write(text);
    } else {
      s.ctx->out() << text;
    }
    return true;
  });
}

// ---------------------------------------------------------------------------
// Tests and actions

std::optional<uint32_t> parse_perm(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool octal = std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '7'; });
  if (octal) {
    if (text.size() > 4 && text.find_first_not_of('0') != std::string_view::npos &&
        text.size() - text.find_first_not_of('0') > 4) {
      return std::nullopt;
    }
    return static_cast<uint32_t>(std::stoul(std::string(text), nullptr, 8)) & 07777;
  }
  if (text[0] >= '0' && text[0] <= '9') return std::nullopt;
  return files::apply_mode(text, 0, false, 0);
}

std::optional<std::pair<Comparison, uint64_t>> parse_size_arg(std::string_view text,
                                                              char* bad_unit) {
  uint64_t unit = 512;
  if (!text.empty()) {
    char u = text.back();
    if (!(u >= '0' && u <= '9')) {
      switch (u) {
        case 'b':
          unit = 512;
          break;
        case 'c':
          unit = 1;
          break;
        case 'w':
          unit = 2;
          break;
        case 'k':
          unit = 1024;
          break;
        case 'M':
          unit = 1024 * 1024;
          break;
        case 'G':
          unit = 1024ull * 1024 * 1024;
          break;
        default:
          *bad_unit = u;
          return std::nullopt;
      }
      text.remove_suffix(1);
    }
  }
  auto c = parse_comparison(text, false);
  if (!c) return std::nullopt;
  return std::make_pair(*c, unit);
}

NodePtr Parser::parse_primary() {
  std::string name = args_[pos_++];
  Context& ctx = *s_.ctx;
  struct Remember {
    std::string& slot;
    const std::string& value;
    ~Remember() { slot = value; }
  } remember{last_pred_, name};
  auto set_action = [&] { has_action_ = true; };

  // Options (always true).
  if (name == "-maxdepth" || name == "-mindepth") {
    const std::string& v = need_arg(name);
    bool valid =
        !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!valid) {
      throw ParseError("Expected a positive decimal integer argument to " + name + ", but got " +
                       quote_value(ctx, v));
    }
    int n = v.size() > 9 ? 1 << 30 : std::stoi(v);
    (name == "-maxdepth" ? s_.max_depth : s_.min_depth) = n;
    return constant(true);
  }
  if (name == "-depth" || name == "-d") {
    s_.depth_first = true;
    return constant(true);
  }
  if (name == "-follow") {
    s_.follow = Follow::kAlways;
    return constant(true);
  }
  if (name == "-daystart") {
    s_.daystart = true;
    return constant(true);
  }
  if (name == "-xdev" || name == "-mount" || name == "-noleaf" || name == "-warn" ||
      name == "-nowarn" || name == "-ignore_readdir_race" || name == "-noignore_readdir_race") {
    return constant(true);
  }
  if (name == "-regextype") {
    const std::string& v = need_arg(name);
    static constexpr const char* kTypes[] = {"findutils-default",
                                             "ed",
                                             "emacs",
                                             "gnu-awk",
                                             "grep",
                                             "posix-awk",
                                             "awk",
                                             "posix-basic",
                                             "posix-egrep",
                                             "egrep",
                                             "posix-extended",
                                             "posix-minimal-basic",
                                             "sed"};
    bool known =
        std::any_of(std::begin(kTypes), std::end(kTypes), [&](const char* t) { return v == t; });
    if (!known) {
      throw ParseError("Unknown regular expression type " + quote_value(ctx, v) +
                       "; valid types are 'findutils-default', 'ed', 'emacs', 'gnu-awk', 'grep', "
                       "'posix-awk', 'awk', 'posix-basic', 'posix-egrep', 'egrep', "
                       "'posix-extended', 'posix-minimal-basic', 'sed'.");
    }
    regex_type = v;
    return constant(true);
  }
  if (name == "-true") return constant(true);
  if (name == "-false") return constant(false);

  // Name tests.
  if (name == "-name" || name == "-iname" || name == "-path" || name == "-ipath" ||
      name == "-wholename" || name == "-iwholename" || name == "-lname" || name == "-ilname") {
    std::string pattern = need_arg(name);
    int flags = (name[1] == 'i') ? FNM_CASEFOLD : 0;
    bool on_name = name == "-name" || name == "-iname";
    bool on_link = name == "-lname" || name == "-ilname";
    return pred([pattern, flags, on_name, on_link](FindState& s, Entry& e) {
      if (on_link) {
        if (!ensure_stat(s, e) || !S_ISLNK(e.st.mode)) return false;
        auto t = s.ctx->fs.readlink(e.path);
        return t && fnmatch(pattern.c_str(), t->c_str(), flags) == 0;
      }
      std::string subject = on_name ? base_of(e.path) : e.path;
      return fnmatch(pattern.c_str(), subject.c_str(), flags) == 0;
    });
  }
  if (name == "-regex" || name == "-iregex") {
    const std::string& re = need_arg(name);
    std::shared_ptr<Regex> compiled = compile_regex(re, name == "-iregex");
    return pred([compiled](FindState&, Entry& e) { return compiled->full_match(e.path); });
  }
  if (name == "-type" || name == "-xtype") {
    const std::string& v = need_arg(name);
    std::set<char> types;
    for (size_t i = 0; i < v.size(); ++i) {
      char c = v[i];
      if (std::strchr("bcdpflsD", c) == nullptr) {
        throw ParseError("Unknown argument to " + name + ": " + std::string(1, c));
      }
      if (types.count(c) != 0) {
        throw ParseError("Duplicate file type '" + std::string(1, c) +
                         "' in the argument list to " + name + ".");
      }
      types.insert(c);
      if (i + 1 < v.size()) {
        if (v[i + 1] != ',') {
          throw ParseError("Must separate multiple arguments to " + name + " using: ','");
        }
        ++i;
        if (i + 1 == v.size()) {
          throw ParseError("Last file type in list argument to " + name +
                           " is missing, i.e., list is ending on: ','");
        }
      }
    }
    if (v.empty()) throw ParseError("Arguments to " + name + " should contain at least one letter");
    bool x = name == "-xtype";
    return pred([types, x](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return false;
      uint32_t mode = e.st.mode;
      if (x) {
        auto other = S_ISLNK(mode) ? s.ctx->fs.stat(e.path) : s.ctx->fs.lstat(e.path);
        if (other) mode = other->mode;
      }
      return types.count(symbolic_type(mode)[0]) != 0;
    });
  }
  if (name == "-size") {
    const std::string& v = need_arg(name);
    char bad = 0;
    auto parsed = parse_size_arg(v, &bad);
    if (!parsed) {
      if (bad != 0) throw ParseError("invalid -size type `" + std::string(1, bad) + "'");
      throw ParseError("invalid argument `" + v + "' to `-size'");
    }
    auto cmp = parsed->first;
    auto unit = parsed->second;
    return pred([cmp, unit](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return false;
      // Sizes round up to whole units, as in GNU find.
      auto units = (e.st.size + unit - 1) / unit;
      return cmp.test(static_cast<double>(units));
    });
  }
  if (name == "-empty") {
    return pred([](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return false;
      if (S_ISREG(e.st.mode)) return e.st.size == 0;
      if (S_ISDIR(e.st.mode)) {
        auto entries = s.ctx->fs.readdir(e.path);
        return entries && entries->empty();
      }
      return false;
    });
  }
  if (name == "-newer" || name == "-anewer" || name == "-cnewer" ||
      (name.size() == 8 && name.rfind("-newer", 0) == 0)) {
    const std::string& ref = need_arg(name);
    char mine = 'm', theirs = 'm';
    if (name == "-anewer") mine = 'a';
    if (name == "-cnewer") mine = 'c';
    if (name.size() == 8) {
      mine = name[6];
      theirs = name[7];
      if (std::strchr("amc", mine) == nullptr || std::strchr("amc", theirs) == nullptr) {
        throw ParseError("unknown predicate `" + name + "'");
      }
    }
    auto st = s_.follow == Follow::kNever ? ctx.fs.lstat(ref) : ctx.fs.stat(ref);
    if (!st) throw ParseError(quote_value(ctx, ref) + ": " + std::strerror(st.error()));
    timespec t = theirs == 'a' ? st->atime : theirs == 'c' ? st->ctime : st->mtime;
    return pred([t, mine](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return false;
      const timespec& m = mine == 'a' ? e.st.atime : mine == 'c' ? e.st.ctime : e.st.mtime;
      return m.tv_sec > t.tv_sec || (m.tv_sec == t.tv_sec && m.tv_nsec > t.tv_nsec);
    });
  }
  if (name == "-mtime" || name == "-atime" || name == "-ctime" || name == "-mmin" ||
      name == "-amin" || name == "-cmin") {
    return parse_time(name, need_arg(name));
  }
  if (name == "-perm") {
    std::string v = need_arg(name);
    char kind = 0;
    std::string_view body = v;
    if (!body.empty() && (body[0] == '-' || body[0] == '/' || body[0] == '+')) {
      kind = body[0];
      body.remove_prefix(1);
    }
    auto mode = parse_perm(body);
    if (!mode || kind == '+') throw ParseError("invalid mode " + quote_value(ctx, v));
    uint32_t m = *mode;
    if (kind == '/' && m == 0) {
      ctx.error("warning: you have specified a mode pattern " + v +
                " (which is equivalent to /000). The meaning of -perm /000 has now been changed "
                "to be consistent with -perm -000; that is, while it used to match no files, it "
                "now matches all files.");
    }
    return pred([m, kind](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return false;
      uint32_t p = e.st.mode & 07777;
      if (kind == '-') return (p & m) == m;
      if (kind == '/') return m == 0 || (p & m) != 0;
      return p == m;
    });
  }
  if (name == "-user" || name == "-group" || name == "-uid" || name == "-gid") {
    const std::string& v = need_arg(name);
    bool is_user = name == "-user" || name == "-uid";
    std::optional<uint32_t> id;
    if (name == "-uid" || name == "-gid") {
      auto c = parse_comparison(v, false);
      if (!c) throw ParseError("invalid argument `" + v + "' to `" + name + "'");
      Comparison cmp = *c;
      return pred([cmp, is_user](FindState& s, Entry& e) {
        return ensure_stat(s, e) && cmp.test(is_user ? e.st.uid : e.st.gid);
      });
    }
    id = is_user ? s_.users->user_id(v) : s_.users->group_id(v);
    if (!id && !v.empty() &&
        std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      id = static_cast<uint32_t>(std::stoul(v));
    }
    if (!id) {
      if (v.empty()) {
        throw ParseError(is_user ? "The argument to -user should not be empty"
                                 : "argument to -group is empty, but should be a group name");
      }
      throw ParseError(quote_value(ctx, v) + (is_user ? " is not the name of a known user"
                                                      : " is not the name of an existing group"));
    }
    uint32_t want = *id;
    return pred([want, is_user](FindState& s, Entry& e) {
      return ensure_stat(s, e) && (is_user ? e.st.uid : e.st.gid) == want;
    });
  }
  if (name == "-nouser" || name == "-nogroup") {
    bool is_user = name == "-nouser";
    return pred([is_user](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return false;
      return is_user ? !s.users->user_name(e.st.uid) : !s.users->group_name(e.st.gid);
    });
  }
  if (name == "-links" || name == "-inum") {
    const std::string& v = need_arg(name);
    auto c = parse_comparison(v, false);
    if (!c) throw ParseError("invalid argument `" + v + "' to `" + name + "'");
    Comparison cmp = *c;
    bool links = name == "-links";
    return pred([cmp, links](FindState& s, Entry& e) {
      return ensure_stat(s, e) && cmp.test(static_cast<double>(links ? e.st.nlink : e.st.ino));
    });
  }
  if (name == "-samefile") {
    const std::string& ref = need_arg(name);
    auto st = ctx.fs.lstat(ref);
    if (!st) throw ParseError(quote_value(ctx, ref) + ": " + std::strerror(st.error()));
    uint64_t dev = st->dev, ino = st->ino;
    return pred([dev, ino](FindState& s, Entry& e) {
      return ensure_stat(s, e) && e.st.dev == dev && e.st.ino == ino;
    });
  }
  if (name == "-readable" || name == "-writable" || name == "-executable") {
    int mode = name == "-readable" ? R_OK : name == "-writable" ? W_OK : X_OK;
    return pred([mode](FindState& s, Entry& e) { return s.ctx->fs.access(e.path, mode).ok(); });
  }

  // Actions.
  if (name == "-print" || name == "-print0") {
    set_action();
    char end = name == "-print" ? '\n' : '\0';
    return pred([end](FindState& s, Entry& e) {
      s.ctx->out() << e.path << end;
      return true;
    });
  }
  if (name == "-fprint" || name == "-fprint0") {
    set_action();
    auto out = open_fprint(need_arg(name));
    char end = name == "-fprint" ? '\n' : '\0';
    return pred([out, end](FindState&, Entry& e) {
      out->write(e.path);
      out->put(end);
      return true;
    });
  }
  if (name == "-printf") return parse_printf(need_arg(name), nullptr);
  if (name == "-fprintf") {
    auto out = open_fprint(need_arg(name));
    return parse_printf(need_arg(name), out);
  }
  if (name == "-ls" || name == "-fls") {
    set_action();
    std::shared_ptr<BufferedWriter> out;
    if (name == "-fls") out = open_fprint(need_arg(name));
    return pred([out](FindState& s, Entry& e) {
      if (!ensure_stat(s, e)) return true;
      const vfs::Stat& st = e.st;
      char head[128];
      snprintf(head, sizeof head, "%9llu %6llu %s %3u %-8s %-8s %8llu ",
               static_cast<unsigned long long>(st.ino),
               static_cast<unsigned long long>((st.blocks + 1) / 2),
               files::mode_string(st.mode).c_str(), st.nlink, s.users->user_or_id(st.uid).c_str(),
               s.users->group_or_id(st.gid).c_str(), static_cast<unsigned long long>(st.size));
      std::string line = head;
      long long age = s.now.tv_sec - st.mtime.tv_sec;
      bool recent = age < 6LL * 30 * 24 * 3600 && age > -3600;
      line += files::format_time(recent ? "%b %e %H:%M" : "%b %e  %Y", st.mtime, s.zone);
      line += ' ';
      line += e.path;
      if (S_ISLNK(st.mode)) {
        auto t = s.ctx->fs.readlink(e.path);
        if (t) line += " -> " + *t;
      }
      line += '\n';
      if (out) {
        out->write(line);
      } else {
        s.ctx->out() << line;
      }
      return true;
    });
  }
  if (name == "-delete") {
    set_action();
    s_.depth_first = true;
    return pred([](FindState& s, Entry& e) {
      if (e.path == ".") return true;
      if (!ensure_stat(s, e)) return false;
      Status st = S_ISDIR(e.st.mode) ? s.ctx->fs.rmdir(e.path) : s.ctx->fs.unlink(e.path);
      if (!st) {
        s.ctx->error("cannot delete " + quote_value(*s.ctx, e.path) + ": " +
                     std::strerror(st.error()));
        s.status = kExitFailure;
        return false;
      }
      return true;
    });
  }
  if (name == "-exec" || name == "-execdir" || name == "-ok" || name == "-okdir") {
    return parse_exec(name);
  }
  if (name == "-prune") {
    return pred([](FindState& s, Entry&) {
      if (!s.depth_first) s.prune = true;
      return true;
    });
  }
  if (name == "-quit") {
    return pred([](FindState& s, Entry&) {
      s.quit = true;
      return true;
    });
  }
  if (name.empty() || std::strchr("-!(),", name[0]) == nullptr) {
    std::string msg = "paths must precede expression: `" + name + "'";
    if (!last_pred_.empty() && ctx.fs.lstat(name).ok()) {
      msg += "'\n";  // placeholder, replaced below
      msg.resize(msg.size() - 2);
      ctx.error(msg);
      throw ParseError("possible unquoted pattern after predicate `" + last_pred_ + "'?");
    }
    throw ParseError(msg);
  }
  throw ParseError("unknown predicate `" + name + "'");
}

// ---------------------------------------------------------------------------
// Walking

bool ensure_stat(FindState& s, Entry& e) {
  if (e.stat_ok) return true;
  if (e.stat_err != 0) return false;
  bool follow = s.follow == Follow::kAlways || (s.follow == Follow::kCommandLine && e.is_start);
  auto st = follow ? s.ctx->fs.stat(e.path) : s.ctx->fs.lstat(e.path);
  if (!st && follow) st = s.ctx->fs.lstat(e.path);  // a dangling link is itself
  if (!st) {
    e.stat_err = st.error();
    return false;
  }
  e.st = *st;
  e.stat_ok = true;
  return true;
}

bool evaluate(FindState& s, const Node& n, Entry& e) {
  switch (n.kind) {
    case Node::kPred:
      return n.pred(s, e);
    case Node::kNot:
      return !evaluate(s, *n.left, e);
    case Node::kAnd:
      return evaluate(s, *n.left, e) && !s.quit && evaluate(s, *n.right, e);
    case Node::kOr:
      return evaluate(s, *n.left, e) || (!s.quit && evaluate(s, *n.right, e));
    case Node::kComma:
      evaluate(s, *n.left, e);
      return !s.quit && evaluate(s, *n.right, e);
  }
  return false;
}

struct DirId {
  uint64_t dev, ino;
  bool operator<(const DirId& o) const { return dev != o.dev ? dev < o.dev : ino < o.ino; }
};

void visit(FindState& s, const Node& expr, Entry& e,
           std::vector<std::pair<DirId, std::string>>& ancestors) {
  s.ctx->budget.check();
  if (s.quit) return;
  if (!ensure_stat(s, e)) {
    s.ctx->error(quote_value(*s.ctx, e.path) + ": " + std::strerror(e.stat_err));
    s.status = kExitFailure;
    return;
  }
  bool in_range = e.depth >= s.min_depth;
  s.prune = false;
  if (!s.depth_first && in_range) evaluate(s, expr, e);
  bool descend =
      S_ISDIR(e.st.mode) && !s.prune && !s.quit && (s.max_depth < 0 || e.depth < s.max_depth);
  if (descend) {
    DirId id{e.st.dev, e.st.ino};
    for (const auto& [anc, anc_path] : ancestors) {
      if (!(anc < id) && !(id < anc)) {
        s.ctx->error("File system loop detected; " + quote_value(*s.ctx, e.path) +
                     " is part of the same file system loop as " + quote_value(*s.ctx, anc_path) +
                     ".");
        s.status = kExitFailure;
        descend = false;
        break;
      }
    }
  }
  if (descend) {
    auto entries = s.ctx->fs.readdir(e.path);
    if (!entries) {
      s.ctx->error(quote_value(*s.ctx, e.path) + ": " + std::strerror(entries.error()));
      s.status = kExitFailure;
    } else {
      std::sort(entries->begin(), entries->end(),
                [](const vfs::DirEntry& a, const vfs::DirEntry& b) { return a.name < b.name; });
      ancestors.emplace_back(DirId{e.st.dev, e.st.ino}, e.path);
      for (const auto& de : *entries) {
        if (s.quit) break;
        if (de.name == "." || de.name == "..") continue;
        Entry child;
        child.path = e.path;
        if (child.path.empty() || child.path.back() != '/') child.path += '/';
        child.path += de.name;
        child.start = e.start;
        child.depth = e.depth + 1;
        visit(s, expr, child, ancestors);
      }
      ancestors.pop_back();
    }
  }
  if (s.depth_first && in_range && !s.quit) evaluate(s, expr, e);
}

int run(Context& ctx, const Args&) {
  FindState s;
  s.ctx = &ctx;
  s.now = files::now_time();
  s.users = std::make_unique<files::UserDb>(ctx.fs);
  s.zone = TimeZone::from_env(ctx);
  std::span<const std::string> args(ctx.argv);
  args = args.subspan(1);
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-H") {
      s.follow = Follow::kCommandLine;
    } else if (a == "-L") {
      s.follow = Follow::kAlways;
    } else if (a == "-P") {
      s.follow = Follow::kNever;
    } else if (a == "--") {
      ++i;
      break;
    } else if (a == "-D" || a == "-O" || (a.size() > 2 && (a.rfind("-O", 0) == 0))) {
      if (a == "-D") ++i;
    } else {
      break;
    }
  }
  std::vector<std::string> paths;
  for (; i < args.size() && !starts_expression(args[i]); ++i) paths.push_back(args[i]);
  Parser parser(s, args.subspan(i));
  NodePtr expr;
  try {
    expr = parser.parse();
  } catch (const ParseError& e) {
    ctx.error(e.what());
    return kExitFailure;
  }
  if (!expr || !parser.has_action()) {
    auto print = std::make_unique<Node>();
    print->pred = [](FindState& st, Entry& e) {
      st.ctx->out() << e.path << '\n';
      return true;
    };
    if (expr) {
      auto both = std::make_unique<Node>();
      both->kind = Node::kAnd;
      both->left = std::move(expr);
      both->right = std::move(print);
      expr = std::move(both);
    } else {
      expr = std::move(print);
    }
  }
  if (paths.empty()) paths.push_back(".");
  for (const auto& p : paths) {
    if (s.quit) break;
    if (p.empty()) {
      ctx.error("'': No such file or directory");
      s.status = kExitFailure;
      continue;
    }
    Entry e;
    e.path = p;
    e.start = p;
    e.is_start = true;
    std::vector<std::pair<DirId, std::string>> ancestors;
    visit(s, *expr, e, ancestors);
  }
  for (auto& b : s.batches) flush_batch(s, *b);
  for (auto& [name, w] : s.fprint_files) (void)w->flush();
  return s.status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(find, {
                        .name = "find",
                        .usage = "find [-H] [-L] [-P] [path...] [expression]",
                        .summary = "Search for files in a directory hierarchy.",
                        .main = run,
                        .flags = kRawArguments,
                    });

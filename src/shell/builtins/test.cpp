// test, [ and the primitives shared with [[ ]].
#include <unistd.h>

#include <cstring>

#include "shell/builtins/builtins.h"
#include "shell/util.h"

namespace kefka::shell {

bool is_unary_test_op(std::string_view op) {
  static constexpr std::string_view kOps[] = {"-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k",
                                              "-p", "-r", "-s", "-t", "-u", "-w", "-x", "-G", "-L",
                                              "-N", "-O", "-S", "-z", "-n", "-o", "-v", "-R"};
  for (auto o : kOps) {
    if (o == op) return true;
  }
  return false;
}

bool is_binary_test_op(std::string_view op) {
  static constexpr std::string_view kOps[] = {"=",   "==",  "!=",  "<",   ">",   "-eq", "-ne",
                                              "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"};
  for (auto o : kOps) {
    if (o == op) return true;
  }
  return false;
}

bool unary_test(ShellState& st, const std::string& op, const std::string& arg) {
  if (op == "-z") return arg.empty();
  if (op == "-n") return !arg.empty();
  if (op == "-o") {
    if (arg == "errexit") return st.opt_.errexit;
    if (arg == "nounset") return st.opt_.nounset;
    if (arg == "xtrace") return st.opt_.xtrace;
    if (arg == "pipefail") return st.opt_.pipefail;
    if (arg == "noglob") return st.opt_.noglob;
    if (arg == "noclobber") return st.opt_.noclobber;
    return false;
  }
  if (op == "-v") {
    size_t br = arg.find('[');
    if (br != std::string::npos && arg.back() == ']') {
      const Variable* v = st.find_var(st.resolve_nameref(arg.substr(0, br)));
      if (v == nullptr) return false;
      std::string key = arg.substr(br + 1, arg.size() - br - 2);
      if (v->is_assoc()) return v->assoc.count(key) > 0;
      if (key == "@" || key == "*") return v->is_array() ? !v->indexed.empty() : v->set;
      int64_t i = st.arith(key);
      if (!v->is_array()) return i == 0 && v->set;
      if (i < 0 && !v->indexed.empty()) i += v->indexed.rbegin()->first + 1;
      return v->indexed.count(i) > 0;
    }
    std::string out;
    if (st.get_var(arg, out)) return true;
    const Variable* v = st.find_var(arg);
    return v != nullptr && v->is_array() && (!v->indexed.empty() || !v->assoc.empty());
  }
  if (op == "-R") {
    const Variable* v = st.find_var(arg);
    return v != nullptr && (v->attrs & kAttrNameref);
  }
  if (op == "-t") {
    int64_t fd;
    if (!parse_int(arg, fd)) return false;
    StreamPtr s = st.fds_.get(static_cast<int>(fd));
    return s != nullptr && s->is_terminal();
  }
  if (arg.empty()) return false;
  auto view = st.fs_view();
  if (op == "-h" || op == "-L") {
    auto s = view.lstat(arg);
    return s && s->is_symlink();
  }
  auto s = view.stat(arg);
  if (!s) return false;
  uint32_t m = s->mode;
  if (op == "-e" || op == "-a") return true;
  if (op == "-f") return S_ISREG(m);
  if (op == "-d") return S_ISDIR(m);
  if (op == "-b") return S_ISBLK(m);
  if (op == "-c") return S_ISCHR(m);
  if (op == "-p") return S_ISFIFO(m);
  if (op == "-S") return S_ISSOCK(m);
  if (op == "-s") return s->size > 0;
  if (op == "-g") return (m & S_ISGID) != 0;
  if (op == "-u") return (m & S_ISUID) != 0;
  if (op == "-k") return (m & S_ISVTX) != 0;
  if (op == "-r") return view.access(arg, R_OK).ok();
  if (op == "-w") return view.access(arg, W_OK).ok();
  if (op == "-x") return view.access(arg, X_OK).ok();
  if (op == "-O") return s->uid == st.cred_.uid;
  if (op == "-G") return s->gid == st.cred_.gid;
  if (op == "-N") {
    return s->mtime.tv_sec > s->atime.tv_sec ||
           (s->mtime.tv_sec == s->atime.tv_sec && s->mtime.tv_nsec > s->atime.tv_nsec);
  }
  return false;
}

namespace {

bool to_integer(ShellState& st, const std::string& s, int64_t& out, bool double_bracket,
                const char* name) {
  if (double_bracket) {
    out = st.arith(s);
    return true;
  }
  if (parse_int(s, out)) return true;
  st.error(std::string(name) + ": " + s + ": integer expression expected");
  return false;
}

}  // namespace

bool binary_test(ShellState& st, const std::string& op, const std::string& l, const std::string& r,
                 bool double_bracket, const char* test_name) {
  if (op == "=" || op == "==") return l == r;
  if (op == "!=") return l != r;
  if (op == "<") return l < r;
  if (op == ">") return l > r;
  if (op == "-nt" || op == "-ot" || op == "-ef") {
    auto view = st.fs_view();
    auto a = view.stat(l);
    auto b = view.stat(r);
    if (op == "-ef") return a && b && a->dev == b->dev && a->ino == b->ino;
    auto newer = [](const vfs::Stat& x, const vfs::Stat& y) {
      return x.mtime.tv_sec > y.mtime.tv_sec ||
             (x.mtime.tv_sec == y.mtime.tv_sec && x.mtime.tv_nsec > y.mtime.tv_nsec);
    };
    if (op == "-nt") return a && (!b || newer(*a, *b));
    return b && (!a || newer(*b, *a));
  }
  int64_t a, b;
  const char* name = double_bracket ? "[[" : test_name;
  if (!to_integer(st, l, a, double_bracket, name) || !to_integer(st, r, b, double_bracket, name)) {
    throw ShellError(2, false);
  }
  if (op == "-eq") return a == b;
  if (op == "-ne") return a != b;
  if (op == "-lt") return a < b;
  if (op == "-le") return a <= b;
  if (op == "-gt") return a > b;
  if (op == "-ge") return a >= b;
  return false;
}

namespace {

// POSIX test with bash's precedence: ! binds tighter than -a, -a tighter than -o.
class TestParser {
 public:
  TestParser(ShellState& st, const std::vector<std::string>& args, const char* name)
      : st_(st), a_(args), name_(name) {}

  bool run() {
    if (a_.empty()) return false;
    bool v = expr_by_count(0, a_.size());
    return v;
  }
  bool failed = false;

 private:
  // POSIX rules by argument count for up to 4 arguments; longer: full grammar.
  bool expr_by_count(size_t b, size_t e) {
    size_t n = e - b;
    if (n == 1) return !a_[b].empty();
    if (n == 2) {
      if (a_[b] == "!") return a_[b + 1].empty();
      if (is_unary_test_op(a_[b])) return unary(a_[b], a_[b + 1]);
      return syntax(a_[b], "unary operator expected");
    }
    if (n == 3) {
      if (is_binary_test_op(a_[b + 1])) return binary(a_[b + 1], a_[b], a_[b + 2]);
      if (a_[b + 1] == "-a") return !a_[b].empty() && !a_[b + 2].empty();
      if (a_[b + 1] == "-o") return !a_[b].empty() || !a_[b + 2].empty();
      if (a_[b] == "!") return !expr_by_count(b + 1, e);
      if (a_[b] == "(" && a_[b + 2] == ")") return !a_[b + 1].empty();
      return syntax(a_[b + 1], "binary operator expected");
    }
    if (n == 4 && a_[b] == "!") return !expr_by_count(b + 1, e);
    if (n == 4 && a_[b] == "(" && a_[e - 1] == ")") return expr_by_count(b + 1, e - 1);
    pos_ = b;
    end_ = e;
    bool v = or_expr();
    if (pos_ != end_ && !failed) syntax(a_[pos_], "too many arguments");
    return v;
  }

  bool or_expr() {
    bool v = and_expr();
    while (pos_ < end_ && a_[pos_] == "-o") {
      ++pos_;
      bool r = and_expr();
      v = v || r;
    }
    return v;
  }
  bool and_expr() {
    bool v = not_expr();
    while (pos_ < end_ && a_[pos_] == "-a") {
      ++pos_;
      bool r = not_expr();
      v = v && r;
    }
    return v;
  }
  bool not_expr() {
    if (pos_ < end_ && a_[pos_] == "!") {
      ++pos_;
      return !not_expr();
    }
    return primary();
  }
  bool primary() {
    if (pos_ >= end_) return syntax("", "argument expected");
    const std::string& t = a_[pos_];
    if (t == "(") {
      ++pos_;
      bool v = or_expr();
      if (pos_ >= end_ || a_[pos_] != ")") return syntax("", "`)' expected");
      ++pos_;
      return v;
    }
    if (pos_ + 2 < end_ + 0 && pos_ + 2 <= end_ - 1 + 1 && pos_ + 1 < end_ &&
        is_binary_test_op(a_[pos_ + 1]) && pos_ + 2 < end_) {
      bool v = binary(a_[pos_ + 1], t, a_[pos_ + 2]);
      pos_ += 3;
      return v;
    }
    if (is_unary_test_op(t) && pos_ + 1 < end_) {
      bool v = unary(t, a_[pos_ + 1]);
      pos_ += 2;
      return v;
    }
    ++pos_;
    return !t.empty();
  }

  bool unary(const std::string& op, const std::string& arg) { return unary_test(st_, op, arg); }
  bool binary(const std::string& op, const std::string& l, const std::string& r) {
    try {
      return binary_test(st_, op, l, r, false, name_);
    } catch (const ShellError&) {
      failed = true;
      return false;
    }
  }
  bool syntax(const std::string& tok, const std::string& msg) {
    if (!failed) {
      st_.error(std::string(name_) + ": " + (tok.empty() ? "" : tok + ": ") + msg);
    }
    failed = true;
    return false;
  }

  ShellState& st_;
  const std::vector<std::string>& a_;
  const char* name_;
  size_t pos_ = 0;
  size_t end_ = 0;
};

int run_test(ShellState& st, std::vector<std::string> args, const char* name) {
  TestParser p(st, args, name);
  bool v = p.run();
  if (p.failed) return 2;
  return v ? 0 : 1;
}

}  // namespace

int b_test(ShellState& st, Args& argv) {
  return run_test(st, std::vector<std::string>(argv.begin() + 1, argv.end()), "test");
}

int b_bracket(ShellState& st, Args& argv) {
  if (argv.size() < 2 || argv.back() != "]") {
    st.error("[: missing `]'");
    return 2;
  }
  return run_test(st, std::vector<std::string>(argv.begin() + 1, argv.end() - 1), "[");
}

}  // namespace kefka::shell

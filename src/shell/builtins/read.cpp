// read mapfile/readarray
//
// read must not consume input beyond what it returns (the next command reads
// the rest), so it reads in chunks only from seekable streams (seeking back
// over the excess) and byte by byte from pipes.
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

class InputReader {
 public:
  using Deadline = std::chrono::steady_clock::time_point;
  explicit InputReader(StreamPtr s, std::optional<Deadline> deadline = std::nullopt)
      : s_(std::move(s)), deadline_(deadline) {
    seekable_ = s_ && s_->seek(0, SEEK_CUR).ok();
  }
  ~InputReader() {
    if (seekable_ && pos_ < buf_.size()) {
      (void)s_->seek(-static_cast<int64_t>(buf_.size() - pos_), SEEK_CUR);
    }
  }
  // False at end of input (or error).
  bool get(char& c) {
    if (pos_ < buf_.size()) {
      c = buf_[pos_++];
      return true;
    }
    if (!s_ || eof_ || timed_out_) return false;
    if (deadline_ && s_->wait_readable(*deadline_) == Readiness::kTimeout) {
      timed_out_ = true;
      return false;
    }
    buf_.resize(seekable_ ? 4096 : 1);
    pos_ = 0;
    auto n = s_->read(std::span<char>(buf_.data(), buf_.size()));
    if (!n || *n == 0) {
      buf_.clear();
      eof_ = true;
      if (!n) error_ = n.error();
      return false;
    }
    buf_.resize(*n);
    c = buf_[pos_++];
    return true;
  }
  int error() const { return error_; }
  bool timed_out() const { return timed_out_; }

 private:
  StreamPtr s_;
  std::optional<Deadline> deadline_;  // `read -t`: give up waiting for input then
  bool timed_out_ = false;
  bool seekable_ = false;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int error_ = 0;
};

// `read 'a[1]'` assigns one element, as bash does.
bool assign_read_target(ShellState& st, const std::string& name, std::string value) {
  size_t br = name.find('[');
  if (br != std::string::npos && name.back() == ']') {
    return st.set_element(name.substr(0, br), name.substr(br + 1, name.size() - br - 2),
                          std::move(value));
  }
  return st.set_var(name, std::move(value));
}

// `read -t` seconds: digits with an optional fraction ("0.2", ".5", "3.");
// bash takes an empty number as 0. Huge values are capped (no overflow).
std::optional<std::chrono::microseconds> parse_timeout(const std::string& text) {
  std::string_view s = text;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  constexpr int64_t kMaxSeconds = int64_t{1} << 32;
  int64_t seconds = 0;
  size_t k = 0;
  for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) {
    seconds = std::min(kMaxSeconds, seconds * 10 + (s[k] - '0'));
  }
  int64_t micros = 0;
  if (k < s.size() && s[k] == '.') {
    int64_t scale = 100000;
    for (++k; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k, scale /= 10) {
      micros += (s[k] - '0') * scale;
    }
  }
  if (k != s.size()) return std::nullopt;
  return std::chrono::seconds(seconds) + std::chrono::microseconds(micros);
}

// bash reports a timed-out read as killed by SIGALRM.
constexpr int kReadTimeoutStatus = 128 + 14;

}  // namespace

int b_read(ShellState& st, Args& argv) {
  std::string array;
  bool has_array = false;
  char delim = '\n';
  int64_t nchars = -1;
  bool exact = false;
  std::string prompt;
  std::optional<std::chrono::microseconds> timeout;
  int fd = 0;
  auto flags = parse_flags(st, argv, "ersa:d:i:n:N:p:t:u:");
  if (!flags) return 2;
  size_t i = flags->next;
  bool raw = flags->has('r');
  bool silent = flags->has('s');
  for (const auto& [c, value] : flags->values) {
    switch (c) {
      case 'a':
        array = value;
        has_array = true;
        break;
      case 'd':
        delim = value.empty() ? '\0' : value[0];
        break;
      case 'n':
      case 'N': {
        int64_t n;
        if (!parse_int(value, n) || n < 0) {
          st.error("read: " + value + ": invalid number");
          return 1;
        }
        nchars = n;
        exact = c == 'N';
        break;
      }
      case 'p':
        prompt = value;
        break;
      case 't':
        timeout = parse_timeout(value);
        if (!timeout) {
          st.error("read: " + value + ": invalid timeout specification");
          return 1;
        }
        break;
      case 'u': {
        int64_t n;
        if (!parse_int(value, n)) {
          st.error("read: " + value + ": invalid file descriptor specification");
          return 1;
        }
        fd = static_cast<int>(n);
        break;
      }
      default:  // -i text: only for readline (-e), which kefka's read has not
        break;
    }
  }
  std::vector<std::string> names(argv.begin() + static_cast<long>(i), argv.end());
  for (const auto& n : names) {
    if (!is_valid_name(n.substr(0, n.back() == ']' ? n.find('[') : n.size()))) {
      st.error("read: `" + n + "': not a valid identifier");
      return 1;
    }
  }
  StreamPtr in = st.fds_.get(fd);
  if (in == nullptr) {
    st.error("read: " + std::to_string(fd) + ": invalid file descriptor: Bad file descriptor");
    return 1;
  }
  if (!prompt.empty()) {
    StreamPtr term = st.fds_.get(0);
    if (term && term->is_terminal()) st.err(prompt);
  }
  // -s on a terminal: what is typed is not echoed while read waits for it.
  struct EchoOff {
    StreamPtr term;
    explicit EchoOff(StreamPtr t) : term(std::move(t)) {
      if (term) term->set_echo(false);
    }
    ~EchoOff() {
      if (term) term->set_echo(true);
    }
  } echo_off{silent && in->is_terminal() ? in : nullptr};
  std::optional<InputReader::Deadline> deadline;
  if (timeout) {
    auto now = std::chrono::steady_clock::now();
    // `read -t 0` only asks whether input is there; it reads nothing.
    if (timeout->count() == 0) return in->wait_readable(now) == Readiness::kReady ? 0 : 1;
    deadline = now + *timeout;
  }
  // Read one record; `quoted` marks characters escaped by backslashes.
  std::string line;
  std::vector<bool> quoted;
  bool got_delim = false;
  bool timed_out = false;
  {
    InputReader reader(in, deadline);
    char c;
    int64_t count = 0;
    while (nchars < 0 || count < nchars) {
      if (!reader.get(c)) break;
      if (!exact && c == delim) {
        got_delim = true;
        break;
      }
      if (!raw && c == '\\') {
        char n;
        if (!reader.get(n)) break;
        if (n == '\n' && delim == '\n') continue;
        line.push_back(n);
        quoted.push_back(true);
        ++count;
        continue;
      }
      line.push_back(c);
      quoted.push_back(false);
      ++count;
      if (st.budget_ && (count & 0xffff) == 0) st.budget_->check();
    }
    if (nchars >= 0 && count >= nchars) got_delim = true;
    timed_out = reader.timed_out();
  }
  // A timed-out read still assigns what it got, as bash does.
  int status = timed_out ? kReadTimeoutStatus : got_delim ? 0 : 1;
  std::string ifs = " \t\n";
  bool ifs_set = st.get_var("IFS", ifs);
  if (!ifs_set) ifs = " \t\n";
  auto is_ifs = [&](size_t k) { return !quoted[k] && ifs.find(line[k]) != std::string::npos; };
  auto is_ws = [&](size_t k) {
    return is_ifs(k) && (line[k] == ' ' || line[k] == '\t' || line[k] == '\n');
  };
  if (exact) {
    if (names.empty()) names.push_back("REPLY");
    assign_read_target(st, names[0], line);
    for (size_t k = 1; k < names.size(); ++k) assign_read_target(st, names[k], "");
    return status;
  }
  if (names.empty() && !has_array) {
    st.set_var("REPLY", line);
    return status;
  }
  // Field splitting.
  std::vector<std::string> fields;
  size_t pos = 0;
  size_t n = line.size();
  auto skip_ws = [&]() {
    while (pos < n && is_ws(pos)) ++pos;
  };
  skip_ws();
  size_t want = has_array ? SIZE_MAX : names.size();
  while (pos < n && fields.size() + 1 < want) {
    std::string f;
    while (pos < n && !is_ifs(pos)) f.push_back(line[pos++]);
    fields.push_back(f);
    if (pos < n) {
      // One delimiter: whitespace run, optionally one non-ws char, then whitespace.
      skip_ws();
      if (pos < n && is_ifs(pos) && !is_ws(pos)) {
        ++pos;
        skip_ws();
      }
    }
  }
  if (pos < n || (fields.size() + 1 == want && pos <= n && !has_array)) {
    if (pos < n) {
      // The rest of the line, trailing IFS whitespace removed.
      size_t end = n;
      while (end > pos && is_ws(end - 1)) --end;
      if (!has_array) {
        fields.push_back(line.substr(pos, end - pos));
      } else {
        std::string f;
        while (pos < n && !is_ifs(pos)) f.push_back(line[pos++]);
        fields.push_back(f);
      }
    }
  }
  if (has_array) {
    Variable* v = st.find_var_mut(array);
    if (v == nullptr) v = &st.global_var(array);
    if (v->attrs & kAttrReadonly) {
      st.error(array + ": readonly variable");
      return 1;
    }
    v->attrs |= kAttrIndexed;
    v->indexed.clear();
    v->value.clear();
    v->set = true;
    for (size_t k = 0; k < fields.size(); ++k) v->indexed[static_cast<int64_t>(k)] = fields[k];
    return status;
  }
  for (size_t k = 0; k < names.size(); ++k) {
    if (!assign_read_target(st, names[k], k < fields.size() ? fields[k] : "")) return 1;
  }
  return status;
}

int b_mapfile(ShellState& st, Args& argv) {
  bool strip = false;
  char delim = '\n';
  int64_t count = 0, origin = 0, skip = 0;
  int64_t quantum = 5000;
  std::string callback;
  int fd = 0;
  auto flags = parse_flags(st, argv, "d:n:O:s:tu:C:c:");
  if (!flags) return 2;
  size_t i = flags->next;
  strip = flags->has('t');
  for (const auto& [c, value] : flags->values) {
    // A count that is not a number >= 0 (or a quantum <= 0) is an error.
    auto number = [&](int64_t& out, const char* what, int64_t min) {
      int64_t n;
      if (!parse_int(value, n) || n < min) {
        st.error(argv[0] + ": " + value + ": " + what);
        return false;
      }
      out = n;
      return true;
    };
    int64_t n = 0;
    switch (c) {
      case 'd':
        delim = value.empty() ? '\0' : value[0];
        break;
      case 'n':
        if (!number(count, "invalid line count", 0)) return 1;
        break;
      case 'O':
        if (!number(origin, "invalid array origin", 0)) return 1;
        break;
      case 's':
        if (!number(skip, "invalid line count", 0)) return 1;
        break;
      case 'u':
        if (!number(n, "invalid file descriptor specification", 0)) return 1;
        fd = static_cast<int>(n);
        break;
      case 'C':
        callback = value;
        break;
      default:  // 'c'
        if (!number(quantum, "invalid callback quantum", 1)) return 1;
        break;
    }
  }
  std::string name = i < argv.size() ? argv[i] : "MAPFILE";
  StreamPtr in = st.fds_.get(fd);
  if (in == nullptr) {
    st.error(argv[0] + ": " + std::to_string(fd) +
             ": invalid file descriptor: Bad file descriptor");
    return 1;
  }
  Variable* v = st.find_var_mut(name);
  if (v == nullptr) v = &st.global_var(name);
  if (v->attrs & kAttrReadonly) {
    st.error(name + ": readonly variable");
    return 1;
  }
  v->attrs |= kAttrIndexed;
  if (origin == 0) v->indexed.clear();
  v->value.clear();
  v->set = true;
  InputReader reader(in);
  std::string rec;
  int64_t idx = origin;
  int64_t read_count = 0;
  char c;
  bool have = false;
  auto flush = [&](bool with_delim) {
    if (skip > 0) {
      --skip;
    } else {
      if (with_delim && !strip) rec.push_back(delim);
      // bash evaluates the callback before assigning, with the element's
      // index and the line as extra words.
      if (!callback.empty() && (read_count + 1) % quantum == 0) {
        st.run_script_source(callback + " " + std::to_string(idx) + " " + quote_for_reuse(rec),
                             true);
      }
      v = st.find_var_mut(name);
      v->indexed[idx++] = rec;
      ++read_count;
    }
    rec.clear();
    have = false;
  };
  while (count == 0 || read_count < count) {
    if (!reader.get(c)) break;
    if (c == delim) {
      flush(true);
      continue;
    }
    rec.push_back(c);
    have = true;
  }
  if (have && (count == 0 || read_count < count)) flush(false);
  return 0;
}

}  // namespace kefka::shell

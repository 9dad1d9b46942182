// The awk interpreter: statements, expressions, records and fields, I/O.
#include "commands/text/awk_interp.h"

#include <pthread.h>

#include <cmath>
#include <cstring>
#include <mutex>
#include <thread>

#include "base/line_sink.h"
#include "commands/text/awk_lexer.h"

namespace kefka::cmd::awk {

namespace {
constexpr int kMaxCallDepth = 100000;

bool is_default_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

// A printf-style format for one double (OFMT/CONVFMT); anything else is unsafe.
bool is_safe_number_format(const std::string& f) {
  size_t p = f.find('%');
  if (p == std::string::npos) return false;
  size_t i = p + 1;
  while (i < f.size() && std::strchr("-+ #0'", f[i]) != nullptr) ++i;
  while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
  if (i < f.size() && f[i] == '.') {
    ++i;
    while (i < f.size() && f[i] >= '0' && f[i] <= '9') ++i;
  }
  if (i >= f.size() || std::strchr("eEfFgGaAdi", f[i]) == nullptr) return false;
  for (size_t j = i + 1; j < f.size(); ++j) {
    if (f[j] == '%') {
      if (j + 1 < f.size() && f[j + 1] == '%') {
        ++j;
      } else {
        return false;
      }
    }
  }
  for (size_t j = 0; j < p; ++j) {
    if (f[j] == '%') {
      if (j + 1 < p && f[j + 1] == '%') {
        ++j;
      } else {
        return false;
      }
    }
  }
  return true;
}
// CONVFMT = "%d": rewritten to "%.0f" of the truncated value, marked by \x01.
std::string integer_format_marked(const std::string& f) {
  size_t p = f.find('%');
  size_t i = p + 1;
  while (i < f.size() && std::strchr("-+ #0'.0123456789", f[i]) != nullptr) ++i;
  if (f[i] != 'd' && f[i] != 'i') return f;
  std::string spec = f.substr(p, i - p);
  size_t dot = spec.find('.');
  if (dot != std::string::npos) spec.erase(dot);
  return "\x01" + f.substr(0, p) + spec + ".0f" + f.substr(i + 1);
}
// A regex without ERE operators or escapes matches exactly its own bytes.
bool is_literal_regex(const std::string& re) {
  if (re.empty()) return false;
  for (char c : re) {
    if (std::strchr("\\.[]*^$+?(){}|", c) != nullptr) return false;
  }
  return true;
}
}  // namespace

// ---------------------------------------------------------------------------
// Record reading

bool RecordReader::fill(Budget& budget) {
  budget.check();
  if (eof_) return false;
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  size_t want = std::max<size_t>(128 * 1024, old / 2);
  buf_.resize(old + want);
  auto n = in_->read(std::span<char>(buf_.data() + old, want));
  if (!n) {
    error_ = n.error();
    buf_.resize(old);
    eof_ = true;
    return false;
  }
  buf_.resize(old + *n);
  if (*n == 0) eof_ = true;
  return *n > 0;
}

bool RecordReader::next(Budget& budget, int mode, char sep, const Regex* re, std::string& record,
                        std::string& terminator) {
  if (mode == 0) {
    size_t scan = pos_;
    for (;;) {
      const char* base = buf_.data();
      const void* hit = std::memchr(base + scan, sep, buf_.size() - scan);
      if (hit != nullptr) {
        size_t at = static_cast<const char*>(hit) - base;
        record.assign(base + pos_, at - pos_);
        terminator.assign(1, sep);
        pos_ = at + 1;
        return true;
      }
      scan = buf_.size() - pos_;
      if (!fill(budget)) {
        if (pos_ >= buf_.size()) return false;
        record.assign(buf_.data() + pos_, buf_.size() - pos_);
        terminator.clear();
        pos_ = buf_.size();
        return true;
      }
      scan += pos_;
    }
  }
  if (mode == 1) {
    // Paragraph mode: skip leading newlines, end at a blank line.
    for (;;) {
      while (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
      if (pos_ < buf_.size()) break;
      if (!fill(budget)) return false;
    }
    size_t scan = pos_;
    for (;;) {
      size_t at = buf_.find("\n\n", scan);
      if (at != std::string::npos) {
        size_t end = at;
        while (end < buf_.size() && buf_[end] == '\n') ++end;
        if (end == buf_.size() && !eof_) {
          size_t before = pos_;
          fill(budget);
          scan = at - (before - pos_);
          continue;
        }
        record.assign(buf_.data() + pos_, at - pos_);
        terminator.assign(buf_.data() + at, end - at);
        pos_ = end;
        return true;
      }
      size_t before = pos_;
      size_t checked = buf_.size() > 0 ? buf_.size() - 1 : 0;
      if (!fill(budget)) {
        size_t end = buf_.size();
        size_t trail = end;
        while (trail > pos_ && buf_[trail - 1] == '\n') --trail;
        record.assign(buf_.data() + pos_, trail - pos_);
        terminator.assign(buf_.data() + trail, end - trail);
        pos_ = end;
        return true;
      }
      scan = checked - (before - pos_);
      if (scan < pos_) scan = pos_;
    }
  }
  // Regex separator.
  for (;;) {
    std::string_view data(buf_.data() + pos_, buf_.size() - pos_);
    MatchSpan m[1];
    size_t start = 0;
    bool found = false;
    while (start <= data.size() && re->search(data, start, m, 1)) {
      if (m[0].size() == 0) {
        start = m[0].begin + 1;
        continue;
      }
      found = true;
      break;
    }
    if (found && (m[0].end < data.size() || eof_)) {
      record.assign(data.substr(0, m[0].begin));
      terminator.assign(data.substr(m[0].begin, m[0].size()));
      pos_ += m[0].end;
      return true;
    }
    if (!fill(budget)) {
      std::string_view rest(buf_.data() + pos_, buf_.size() - pos_);
      if (rest.empty()) return false;
      if (re->search(rest, 0, m, 1) && m[0].size() > 0) continue;
      record.assign(rest);
      terminator.clear();
      pos_ = buf_.size();
      return true;
    }
  }
}

// A `print | cmd` pipe: the command runs on its own thread, reading a
// bounded in-memory pipe, so its output streams while awk writes.
struct PipeCommand {
  std::thread worker;
  int status = 0;
  std::exception_ptr error;  // ExecAbort from the command (deadline...)

  // Waits for the command and drops it: its status, or what stopped it
  // rethrown. Close the ends it reads or writes first, or it may never end.
  static int finish(std::unique_ptr<PipeCommand>& pipe) {
    if (!pipe) return 0;
    if (pipe->worker.joinable()) pipe->worker.join();
    int result = pipe->status;
    std::exception_ptr stopped = pipe->error;
    pipe.reset();
    if (stopped) std::rethrow_exception(stopped);
    return result;
  }
  ~PipeCommand() {
    if (worker.joinable()) worker.join();
  }
};

struct Interpreter::Output {
  std::unique_ptr<BufferedWriter> writer;
  std::unique_ptr<PipeCommand> pipe;
  std::string command;
  bool is_pipe = false;
  // Closes the write end and waits for the command; returns its status.
  int finish() {
    if (writer) (void)writer->flush();
    writer.reset();
    return PipeCommand::finish(pipe);
  }
  ~Output() { writer.reset(); }  // then `pipe` joins the command
};

struct Interpreter::Input {
  std::unique_ptr<RecordReader> reader;
  std::unique_ptr<PipeCommand> pipe;  // `cmd | getline`: the command's thread
  // Drops the read end (a command still writing gets EPIPE) and waits.
  int finish() {
    reader.reset();
    return PipeCommand::finish(pipe);
  }
  ~Input() { reader.reset(); }  // then `pipe` joins the command
};

// gawk's two-way pipe: the command reads what `print |& cmd` writes and its
// output feeds `cmd |& getline`.
struct Interpreter::Coprocess {
  std::unique_ptr<BufferedWriter> writer;
  std::unique_ptr<RecordReader> reader;
  std::unique_ptr<PipeCommand> pipe;
  int finish() {
    if (writer) (void)writer->flush();
    writer.reset();
    reader.reset();
    return PipeCommand::finish(pipe);
  }
  ~Coprocess() {  // then `pipe` joins the command
    writer.reset();
    reader.reset();
  }
};

namespace {
// Before the first concurrent command: stdout and stderr become LineSinks
// (the buffered writers are flushed and recreated over them), so awk's lines
// and those of the commands it runs never mix mid-line.
void share_standard_streams(Context& ctx) {
  for (int fd : {1, 2}) {
    StreamPtr s = ctx.fds.get(fd);
    if (s == nullptr || dynamic_cast<LineSink*>(s.get()) != nullptr) continue;
    ctx.flush_output();
    if (fd == 1 && ctx.out_ != nullptr && ctx.out_->error() != 0)
      continue;  // keep the failure visible
    if (fd == 1) ctx.out_.reset();
    if (fd == 2) ctx.err_.reset();
    ctx.fds.set(fd, std::make_shared<LineSink>(std::move(s), std::make_shared<std::mutex>()));
  }
}

// The command's own writers of awk's stdout/stderr groups.
void give_own_line_sinks(FdTable& fds, int except_fd) {
  for (int fd : {1, 2}) {
    if (fd == except_fd) continue;
    if (auto* sink = dynamic_cast<LineSink*>(fds.get(fd).get())) fds.set(fd, sink->sibling());
  }
}

// Starts `sh -c command` on a thread with descriptor `fd` replaced by `end`
// (and, for a coprocess, descriptor `fd2` by `end2`).
std::unique_ptr<PipeCommand> start_pipe_command(Context& ctx, const std::string& command, int fd,
                                                StreamPtr end, int fd2 = -1,
                                                StreamPtr end2 = nullptr) {
  share_standard_streams(ctx);
  auto pc = std::make_unique<PipeCommand>();
  FdTable fds = ctx.fds;
  fds.set(fd, std::move(end));
  if (fd2 >= 0) fds.set(fd2, std::move(end2));
  give_own_line_sinks(fds, fd2 >= 0 ? 1 : fd);
  PipeCommand* raw = pc.get();
  Context* parent = &ctx;
  raw->worker = std::thread([raw, parent, fds, command, fd, fd2]() mutable {
    try {
      raw->status = parent->executor->run_program(*parent, {"sh", "-c", command}, parent->env, fds);
    } catch (...) {
      raw->error = std::current_exception();
      raw->status = 2;
    }
    fds.close(fd);
    if (fd2 >= 0) fds.close(fd2);
  });
  return pc;
}
}  // namespace

// ---------------------------------------------------------------------------
// Setup

Interpreter::Interpreter(Context& ctx, Program& prog, std::vector<Source> sources,
                         std::string progname)
    : ctx_(ctx), prog_(prog), sources_(std::move(sources)), progname_(std::move(progname)) {
  globals_.resize(prog.globals.size());
  global(kFS).set_string(" ");
  global(kOFS).set_string(" ");
  global(kORS).set_string("\n");
  global(kRS).set_string("\n");
  global(kSUBSEP).set_string("\034");
  global(kCONVFMT).set_string("%.6g");
  global(kOFMT).set_string("%.6g");
  global(kNR).set_number(0);
  global(kNF).set_number(0);
  global(kFNR).set_number(0);
  global(kRSTART).set_number(0);
  global(kRLENGTH).set_number(-1);
  global(kIGNORECASE).set_number(0);
  Array& env = globals_[kENVIRON].array();
  for (const auto& [k, v] : ctx.env) env[k] = Value::maybe_num(v);
  Array& procinfo = globals_[kPROCINFO].array();
  procinfo["version"] = Value::string("5.2.1");
  procinfo["FS"] = Value::string("FS");
  std::string_view lc_all = ctx.getenv("LC_ALL"), lc_ctype = ctx.getenv("LC_CTYPE"),
                   lang = ctx.getenv("LANG");
  utf8_ = locale_is_utf8(lc_all, lc_ctype, lang);
  ensure_field_capacity(16);
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr != nullptr) {
      // Keep 256 KiB (or a quarter of small stacks) for the rest of the process.
      size_t reserve = std::min<size_t>(256 * 1024, size / 4);
      stack_floor_ = reinterpret_cast<uintptr_t>(addr) + reserve;
    }
    pthread_attr_destroy(&attr);
  }
}

Interpreter::~Interpreter() = default;

void Interpreter::fatal(const std::string& message) {
  throw FatalError{message};
}

void Interpreter::stack_exhausted() {
  fatal(call_depth_ > 0 ? "function call nesting too deep (out of stack)"
                        : "expression nested too deeply (out of stack)");
}

// ---------------------------------------------------------------------------
// Conversions

std::string Interpreter::to_str(Value& v) {
  switch (v.type) {
    case ValueType::kUninit:
      return {};
    case ValueType::kNumber: {
      std::string s;
      format_number(v.num, convfmt_, s);
      return s;
    }
    default:
      return v.str;
  }
}

std::string Interpreter::to_output_str(Value& v) {
  if (v.type == ValueType::kNumber) {
    std::string s;
    format_number(v.num, ofmt_, s);
    return s;
  }
  return to_str(v);
}

bool Interpreter::value_truthy(Value& v) {
  switch (v.type) {
    case ValueType::kUninit:
      return false;
    case ValueType::kNumber:
      return v.num != 0;
    case ValueType::kString:
      return !v.str.empty();
    case ValueType::kMaybeNum:
      if (v.is_numeric()) return v.to_num() != 0;
      return !v.str.empty();
  }
  return false;
}

// ---------------------------------------------------------------------------
// Records and fields

void Interpreter::set_record(std::string_view text) {
  record_.assign(text);
  record_read_ = true;
  record_val_valid_ = false;
  fields_valid_ = false;
}

void Interpreter::ensure_field_capacity(size_t n) {
  if (n < fields_.size()) return;
  size_t size = std::max(n + 1, fields_.size() * 2);
  fields_.resize(size);
  spans_.resize(size);
  field_gen_.resize(size, 0);
}

void Interpreter::split_into(std::string_view text, std::vector<std::string_view>& out,
                             const std::string& fs, bool paragraph) {
  out.clear();
  if (text.empty()) return;
  if (fs == " ") {
    size_t i = 0;
    for (;;) {
      while (i < text.size() && is_default_blank(text[i])) ++i;
      if (i >= text.size()) break;
      size_t s = i;
      while (i < text.size() && !is_default_blank(text[i])) ++i;
      out.emplace_back(text.substr(s, i - s));
    }
    return;
  }
  if (fs.size() == 1 && fs[0] != '\\' && !paragraph) {
    char c = fs[0];
    if (ignore_case_ && std::isalpha(static_cast<unsigned char>(c))) {
      // Fall through to the regex path.
    } else {
      size_t s = 0;
      for (;;) {
        size_t at = text.find(c, s);
        if (at == std::string_view::npos) {
          out.emplace_back(text.substr(s));
          break;
        }
        out.emplace_back(text.substr(s, at - s));
        s = at + 1;
      }
      return;
    }
  }
  if (fs.empty()) {
    for (size_t i = 0; i < text.size();) {
      size_t n = utf8_ ? utf8_char_length(text, i) : 1;
      out.emplace_back(text.substr(i, n));
      i += n;
    }
    return;
  }
  std::string pattern = fs;
  if (fs.size() == 1 && fs[0] != ' ') pattern = regex_quote(fs);
  if (paragraph) pattern = "(" + pattern + ")|\n";
  const Regex& re = regex_from_string(pattern);
  size_t s = 0;
  MatchSpan m[1];
  size_t from = 0;
  while (from <= text.size() && re.search(text, from, m, 1)) {
    if (m[0].size() == 0) {
      from = m[0].begin + 1;
      continue;
    }
    out.emplace_back(text.substr(s, m[0].begin - s));
    s = m[0].end;
    from = s;
  }
  out.emplace_back(text.substr(s));
}

void Interpreter::split_record() {
  fields_valid_ = true;
  std::string_view text = record_;
  size_t n = 0;
  ++gen_;
  auto put = [&](std::string_view f) {
    if (n + 1 >= spans_.size()) ensure_field_capacity(n + 1);
    spans_[++n] = {static_cast<size_t>(f.data() - text.data()), f.size()};
  };
  if (fpat_regex_ != nullptr) {
    // An empty match right after a field is the separator: skip it.
    MatchSpan m[1];
    size_t from = 0;
    bool after_field = false;
    while (from <= text.size() && fpat_regex_->search(text, from, m, 1)) {
      if (m[0].size() == 0 && after_field && m[0].begin == from) {
        after_field = false;
        if (from >= text.size()) break;
        ++from;
        continue;
      }
      put(text.substr(m[0].begin, m[0].size()));
      after_field = m[0].size() > 0;
      from = m[0].size() == 0 ? m[0].end + 1 : m[0].end;
    }
  } else if (fs_ == " ") {
    const char* p = text.data();
    const char* end = p + text.size();
    for (;;) {
      while (p < end && is_default_blank(*p)) ++p;
      if (p >= end) break;
      const char* s = p;
      while (p < end && !is_default_blank(*p)) ++p;
      put(std::string_view(s, p - s));
    }
  } else if (fs_.size() == 1 && fs_[0] != '\\' && rs_mode_ != 1) {
    if (!text.empty()) {
      char c = fs_[0];
      const char* p = text.data();
      const char* end = p + text.size();
      for (;;) {
        const char* hit = static_cast<const char*>(std::memchr(p, c, end - p));
        if (hit == nullptr) {
          put(std::string_view(p, end - p));
          break;
        }
        put(std::string_view(p, hit - p));
        p = hit + 1;
      }
    }
  } else {
    std::vector<std::string_view> parts;
    split_into(text, parts, fs_, rs_mode_ == 1);
    for (std::string_view part : parts) put(part);
  }
  nf_ = n;
  global(kNF).set_number(static_cast<double>(nf_));
}

void Interpreter::rebuild_record() {
  std::string rec;
  for (size_t i = 1; i <= nf_; ++i) {
    if (i > 1) rec += ofs_;
    materialize(i);
    rec += to_str(fields_[i]);
  }
  record_ = std::move(rec);
  record_val_valid_ = false;
}

Value& Interpreter::field_ref(size_t i) {
  if (!fields_valid_) split_record();
  if (i == 0) {
    if (!record_val_valid_) {
      record_val_.set_maybe_num(record_);
      record_val_valid_ = true;
    }
    return record_val_;
  }
  static Value empty;
  if (i > nf_) {
    empty = Value::maybe_num("");
    empty.null_field = true;
    return empty;
  }
  materialize(i);
  return fields_[i];
}

void Interpreter::set_field(size_t i, Value v) {
  if (i == 0) {
    set_record(to_str(v));
    return;
  }
  if (!fields_valid_) split_record();
  if (i > 1000000) fatal("field index " + std::to_string(i) + " too large");
  for (size_t k = 1; k <= nf_; ++k) materialize(k);
  if (i > nf_) {
    ensure_field_capacity(i + 1);
    for (size_t k = nf_ + 1; k <= i; ++k) {
      fields_[k] = Value();
      field_gen_[k] = gen_;
    }
    nf_ = i;
    global(kNF).set_number(static_cast<double>(nf_));
  }
  fields_[i] = std::move(v);
  rebuild_record();
}

void Interpreter::set_nf(size_t nf) {
  if (!fields_valid_) split_record();
  if (nf > 1000000) fatal("NF set to too large a value");
  for (size_t k = 1; k <= nf_ && k <= nf; ++k) materialize(k);
  ensure_field_capacity(nf + 1);
  for (size_t k = nf_ + 1; k <= nf; ++k) {
    fields_[k] = Value();
    field_gen_[k] = gen_;
  }
  nf_ = nf;
  global(kNF).set_number(static_cast<double>(nf_));
  rebuild_record();
}

// ---------------------------------------------------------------------------
// Special variables

void Interpreter::special_assigned(int slot) {
  switch (slot) {
    case kNF: {
      double d = global(kNF).to_num();
      if (d < 0) fatal("NF set to negative value");
      set_nf(static_cast<size_t>(d));
      break;
    }
    case kFS:
      if (!fields_valid_ && record_read_) split_record();  // the current record keeps the old FS
      fs_ = to_str(global(kFS));
      fpat_regex_ = nullptr;
      break;
    case kFPAT: {
      std::string f = to_str(global(kFPAT));
      fpat_regex_ = &regex_from_string(f);
      break;
    }
    case kOFS:
      ofs_ = to_str(global(kOFS));
      break;
    case kORS:
      ors_ = to_str(global(kORS));
      break;
    case kSUBSEP:
      subsep_ = to_str(global(kSUBSEP));
      break;
    case kCONVFMT: {
      std::string f = to_str(global(kCONVFMT));
      convfmt_ = is_safe_number_format(f) ? integer_format_marked(f) : "%.6g";
      break;
    }
    case kOFMT: {
      std::string f = to_str(global(kOFMT));
      ofmt_ = is_safe_number_format(f) ? integer_format_marked(f) : "%.6g";
      break;
    }
    case kRS:
      update_rs();
      break;
    case kIGNORECASE: {
      ignore_case_ = value_truthy(global(kIGNORECASE));
      update_rs();
      if (fpat_regex_ != nullptr) fpat_regex_ = &regex_from_string(to_str(global(kFPAT)));
      break;
    }
    default:
      break;
  }
}

void Interpreter::update_rs() {
  std::string rs = to_str(global(kRS));
  if (rs.empty()) {
    rs_mode_ = 1;
  } else if (rs.size() == 1 && !(ignore_case_ && std::isalpha(static_cast<unsigned char>(rs[0])))) {
    rs_mode_ = 0;
    rs_char_ = rs[0];
  } else {
    rs_mode_ = 2;
    rs_regex_ = &regex_from_string(rs.size() == 1 ? regex_quote(rs) : rs);
  }
}

// ---------------------------------------------------------------------------
// Regexes

const Regex& Interpreter::regex_from_string(const std::string& s) {
  auto& cache = ignore_case_ ? regex_cache_icase_ : regex_cache_;
  auto it = cache.find(s);
  if (it != cache.end()) return *it->second;
  if (cache.size() > 500) cache.clear();
  RegexOptions opts;
  opts.syntax = RegexSyntax::kExtended;
  opts.icase = ignore_case_;
  opts.sed_escapes = true;
  opts.dot_matches_newline = true;
  opts.utf8 = utf8_;
  std::string error;
  std::unique_ptr<Regex> re = Regex::compile(s, opts, &error);
  if (re == nullptr) fatal("invalid regexp: " + error + ": /" + s + "/");
  const Regex& ref = *re;
  cache.emplace(s, std::move(re));
  return ref;
}

const Regex& Interpreter::regex_for(Node* n) {
  if (n->kind == NodeKind::kRegex) {
    if (!ignore_case_) {
      if (n->re == nullptr) {
        RegexOptions opts;
        opts.syntax = RegexSyntax::kExtended;
        opts.sed_escapes = true;
        opts.dot_matches_newline = true;
        opts.utf8 = utf8_;
        std::string error;
        n->re = Regex::compile(n->str, opts, &error);
        if (n->re == nullptr) fatal("invalid regexp: " + error + ": /" + n->str + "/");
      }
      return *n->re;
    }
    return regex_from_string(n->str);
  }
  Value v = eval(n);
  return regex_from_string(to_str(v));
}

// ---------------------------------------------------------------------------
// Variables

Cell& Interpreter::cell_of(Node* var) {
  if (var->kind == NodeKind::kLocal) return locals_[frame_base_ + var->slot];
  return globals_[var->slot];
}

Array& Interpreter::array_of(Node* var) {
  if (var->kind != NodeKind::kGlobal && var->kind != NodeKind::kLocal) {
    fatal("attempt to use a non-array as an array");
  }
  Cell& c = cell_of(var);
  if (!c.is_array() && c.val.type != ValueType::kUninit) {
    fatal(std::string("attempt to use scalar ") +
          (var->kind == NodeKind::kLocal ? "parameter " : "") + "`" + var->str + "' as an array");
  }
  return c.array();
}

std::string Interpreter::subscript(Node* n, size_t first, size_t last) {
  if (last - first == 1) {
    Node* k = n->kids[first];
    if (k->kind == NodeKind::kNumber) {
      Value v(k->num);
      return to_str(v);
    }
    Value v = eval(k);
    return to_str(v);
  }
  std::string key;
  for (size_t i = first; i < last; ++i) {
    if (i > first) key += subsep_;
    Value v = eval(n->kids[i]);
    key += to_str(v);
  }
  return key;
}

void Interpreter::assign(Node* lhs, Value v) {
  switch (lhs->kind) {
    case NodeKind::kGlobal: {
      Cell& c = globals_[lhs->slot];
      if (c.is_array()) {
        if (!c.arr->empty()) fatal("attempt to use array `" + lhs->str + "' in a scalar context");
        c.arr.reset();
      }
      c.val = std::move(v);
      if (lhs->slot < kSpecialCount) special_assigned(lhs->slot);
      return;
    }
    case NodeKind::kLocal: {
      Cell& c = locals_[frame_base_ + lhs->slot];
      c.arr.reset();
      c.val = std::move(v);
      return;
    }
    case NodeKind::kField: {
      double d = eval_num(lhs->kids[0]);
      if (d < 0) fatal("attempt to access field " + std::to_string(static_cast<long long>(d)));
      set_field(static_cast<size_t>(d), std::move(v));
      return;
    }
    case NodeKind::kIndex: {
      Array& a = array_of(lhs->kids[0]);
      std::string key = subscript(lhs, 1, lhs->kids.size());
      array_of(lhs->kids[0])[key] = std::move(v);
      (void)a;
      return;
    }
    default:
      fatal("assignment to a non-lvalue");
  }
}

// ---------------------------------------------------------------------------
// Expressions

double Interpreter::eval_num(Node* n) {
  check_stack();
  switch (n->kind) {
    case NodeKind::kNumber:
      return n->num;
    case NodeKind::kGlobal:
      if (n->slot == kNF && !fields_valid_) split_record();
      return globals_[n->slot].val.to_num();
    case NodeKind::kLocal:
      return locals_[frame_base_ + n->slot].val.to_num();
    case NodeKind::kField: {
      double d = eval_num(n->kids[0]);
      if (d < 0) fatal("attempt to access field " + std::to_string(static_cast<long long>(d)));
      size_t i = static_cast<size_t>(d);
      if (i > 0) {
        if (!fields_valid_) split_record();
        if (i <= nf_ && field_gen_[i] != gen_) {
          return Value::string_to_number(
              std::string_view(record_).substr(spans_[i].first, spans_[i].second));
        }
      }
      return field_ref(i).to_num();
    }
    case NodeKind::kBinary: {
      double a = eval_num(n->kids[0]);
      double b = eval_num(n->kids[1]);
      switch (n->op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          if (b == 0) fatal("division by zero attempted");
          return a / b;
        case '%':
          if (b == 0) fatal("division by zero attempted in `%'");
          return std::fmod(a, b);
        case '^':
          return std::pow(a, b);
      }
      return 0;
    }
    default: {
      Value v = eval(n);
      return v.to_num();
    }
  }
}

std::string Interpreter::eval_str(Node* n) {
  Value v = eval(n);
  return to_str(v);
}

bool Interpreter::truthy(Node* n) {
  check_stack();
  switch (n->kind) {
    case NodeKind::kRegex: {
      if (n->op == 0) n->op = is_literal_regex(n->str) ? 1 : 2;
      if (n->op == 1 && !ignore_case_) {  // /word/: a plain substring search
        return memmem(record_.data(), record_.size(), n->str.data(), n->str.size()) != nullptr;
      }
      const Regex& re = regex_for(n);
      return re.search(record_, 0, nullptr, 0);
    }
    case NodeKind::kCompare:
      switch (n->op) {
        case '<':
          return compare(n->kids[0], n->kids[1]) < 0;
        case 'l':
          return compare(n->kids[0], n->kids[1]) <= 0;
        case '>':
          return compare(n->kids[0], n->kids[1]) > 0;
        case 'g':
          return compare(n->kids[0], n->kids[1]) >= 0;
        case '=':
          return compare(n->kids[0], n->kids[1]) == 0;
        case '!':
          return compare(n->kids[0], n->kids[1]) != 0;
      }
      return false;
    case NodeKind::kMatch: {
      Value s = eval(n->kids[0]);
      std::string subject = to_str(s);
      bool m = regex_for(n->kids[1]).search(subject, 0, nullptr, 0);
      return n->op == '~' ? m : !m;
    }
    case NodeKind::kAnd:
      return truthy(n->kids[0]) && truthy(n->kids[1]);
    case NodeKind::kOr:
      return truthy(n->kids[0]) || truthy(n->kids[1]);
    case NodeKind::kNot:
      return !truthy(n->kids[0]);
    default: {
      Value v = eval(n);
      return value_truthy(v);
    }
  }
}

int Interpreter::compare(Node* an, Node* bn) {
  Value a = eval(an);
  Value b = eval(bn);
  return compare_values(a, b);
}

int Interpreter::compare_values(Value& a, Value& b) {
  if (a.is_numeric() && b.is_numeric()) {
    double x = a.to_num(), y = b.to_num();
    if (x < y) return -1;
    if (x > y) return 1;
    if (x == y) return 0;
    return std::isnan(x) ? (std::isnan(y) ? 0 : 1) : -1;
  }
  std::string x = to_str(a), y = to_str(b);
  if (ignore_case_) {  // gawk: IGNORECASE also applies to string comparisons
    for (char& ch : x) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (char& ch : y) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  int c = std::memcmp(x.data(), y.data(), std::min(x.size(), y.size()));
  if (c != 0) return c < 0 ? -1 : 1;
  return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
}

Value Interpreter::eval_index(Node* n) {
  Array& a = array_of(n->kids[0]);
  std::string key = subscript(n, 1, n->kids.size());
  Array& a2 = array_of(n->kids[0]);  // evaluating the subscript may have rehashed
  (void)a;
  return a2[key];
}

Value Interpreter::incr(Node* n, bool post) {
  Node* target = n->kids[0];
  double delta = n->op == '+' ? 1 : -1;
  if (target->kind == NodeKind::kGlobal || target->kind == NodeKind::kLocal) {
    Cell& c = cell_of(target);
    double old = c.val.to_num();
    if (target->kind == NodeKind::kGlobal && target->slot < kSpecialCount) {
      assign(target, Value(old + delta));
    } else {
      c.val.set_number(old + delta);
    }
    return Value(post ? old : old + delta);
  }
  if (target->kind == NodeKind::kIndex) {
    Array& a = array_of(target->kids[0]);
    std::string key = subscript(target, 1, target->kids.size());
    Value& slot = array_of(target->kids[0])[key];
    (void)a;
    double old = slot.to_num();
    slot.set_number(old + delta);
    return Value(post ? old : old + delta);
  }
  double old = eval_num(target);
  assign(target, Value(old + delta));
  return Value(post ? old : old + delta);
}

Value Interpreter::eval(Node* n) {
  check_stack();
  switch (n->kind) {
    case NodeKind::kNumber:
      return Value(n->num);
    case NodeKind::kString:
      return Value::string(n->str);
    case NodeKind::kRegex:
      return Value(truthy(n) ? 1.0 : 0.0);
    case NodeKind::kGlobal: {
      if (n->slot == kNF && !fields_valid_) split_record();
      Cell& c = globals_[n->slot];
      if (c.is_array() && !c.arr->empty())
        fatal("attempt to use array `" + n->str + "' in a scalar context");
      return c.val;
    }
    case NodeKind::kLocal: {
      Cell& c = locals_[frame_base_ + n->slot];
      if (c.is_array() && c.val.type == ValueType::kUninit && !c.arr->empty()) {
        fatal("attempt to use array `" + n->str + "' in a scalar context");
      }
      return c.val;
    }
    case NodeKind::kField: {
      double d = eval_num(n->kids[0]);
      if (d < 0) fatal("attempt to access field " + std::to_string(static_cast<long long>(d)));
      return field_ref(static_cast<size_t>(d));
    }
    case NodeKind::kIndex:
      return eval_index(n);
    case NodeKind::kAssign: {
      Node* lhs = n->kids[0];
      if (n->op == '=') {
        Value v = eval(n->kids[1]);
        if (v.type == ValueType::kUninit) v = Value();
        assign(lhs, v);
        return v;
      }
      double r = eval_num(n->kids[1]);
      double l = eval_num(lhs);
      double res = 0;
      switch (n->op) {
        case '+':
          res = l + r;
          break;
        case '-':
          res = l - r;
          break;
        case '*':
          res = l * r;
          break;
        case '/':
          if (r == 0) fatal("division by zero attempted in `/='");
          res = l / r;
          break;
        case '%':
          if (r == 0) fatal("division by zero attempted in `%='");
          res = std::fmod(l, r);
          break;
        case '^':
          res = std::pow(l, r);
          break;
      }
      if (lhs->kind == NodeKind::kLocal) {
        locals_[frame_base_ + lhs->slot].val.set_number(res);
      } else if (lhs->kind == NodeKind::kGlobal && lhs->slot >= kSpecialCount) {
        Cell& c = globals_[lhs->slot];
        if (c.is_array()) {
          if (!c.arr->empty()) fatal("attempt to use array `" + lhs->str + "' in a scalar context");
          c.arr.reset();
        }
        c.val.set_number(res);
      } else {
        assign(lhs, Value(res));
      }
      return Value(res);
    }
    case NodeKind::kCond:
      return truthy(n->kids[0]) ? eval(n->kids[1]) : eval(n->kids[2]);
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kNot:
    case NodeKind::kCompare:
    case NodeKind::kMatch:
      return Value(truthy(n) ? 1.0 : 0.0);
    case NodeKind::kNeg:
      return Value(-eval_num(n->kids[0]));
    case NodeKind::kPlus:
      return Value(eval_num(n->kids[0]));
    case NodeKind::kBinary:
      return Value(eval_num(n));
    case NodeKind::kConcat: {
      Value a = eval(n->kids[0]);
      std::string s = to_str(a);
      Value b = eval(n->kids[1]);
      uint64_t limit = ctx_.budget.limits().max_string_bytes;
      if (limit != 0 && s.size() + b.str.size() > limit) {
        fatal("string exceeds the limit of " + std::to_string(limit) + " bytes");
      }
      if (b.type == ValueType::kNumber) {
        s += to_str(b);
      } else {
        s += b.str;
      }
      return Value::string(std::move(s));
    }
    case NodeKind::kIn: {
      Array& a = array_of(n->kids.back());
      std::string key = subscript(n, 0, n->kids.size() - 1);
      Array& a2 = array_of(n->kids.back());
      (void)a;
      return Value(a2.count(key) != 0 ? 1.0 : 0.0);
    }
    case NodeKind::kPreIncr:
      return incr(n, false);
    case NodeKind::kPostIncr:
      return incr(n, true);
    case NodeKind::kCall:
      return call_function(n);
    case NodeKind::kBuiltin:
      return call_builtin(n);
    case NodeKind::kGetline:
      return getline(n);
    case NodeKind::kGroup: {
      // (a, b) outside print/in: gawk rejects it at parse time; concatenate with SUBSEP.
      std::string s;
      for (size_t i = 0; i < n->kids.size(); ++i) {
        if (i > 0) s += subsep_;
        s += eval_str(n->kids[i]);
      }
      return Value::string(std::move(s));
    }
    default:
      fatal("internal error: statement used as an expression");
  }
}

Value Interpreter::call_function(Node* n) {
  Function& f = prog_.functions[n->slot];
  if (n->kids.size() > static_cast<size_t>(f.nparams)) {
    fatal("function `" + f.name + "' called with more arguments than declared");
  }
  if (call_depth_ >= kMaxCallDepth) {
    fatal("function call nesting too deep (limit " + std::to_string(kMaxCallDepth) + ") in `" +
          f.name + "'");
  }
  ctx_.budget.check();
  std::vector<Cell> args(f.nparams);
  for (size_t i = 0; i < n->kids.size(); ++i) {
    Node* a = n->kids[i];
    if (a->kind == NodeKind::kGlobal || a->kind == NodeKind::kLocal) {
      Cell& c = cell_of(a);
      if (c.is_array() || (c.val.type == ValueType::kUninit &&
                           !(a->kind == NodeKind::kGlobal && a->slot < kSpecialCount))) {
        args[i].arr = c.is_array() ? c.arr : (c.arr = std::make_shared<Array>());
        // Untyped: the callee decides. Scalar use in the callee works on its copy.
        if (c.val.type != ValueType::kUninit) args[i].val = c.val;
        continue;
      }
      if (a->kind == NodeKind::kGlobal && a->slot == kNF && !fields_valid_) split_record();
      args[i].val = c.val;
      continue;
    }
    args[i].val = eval(a);
  }
  // Parameters that received an untyped variable start as "maybe array":
  // an empty shared array plus an uninitialised scalar.
  size_t saved_base = frame_base_;
  size_t new_base = locals_.size();
  for (Cell& c : args) locals_.push_back(std::move(c));
  frame_base_ = new_base;
  ++call_depth_;
  Flow flow;
  try {
    flow = exec(f.body);
  } catch (...) {
    --call_depth_;
    while (locals_.size() > new_base) locals_.pop_back();
    frame_base_ = saved_base;
    throw;
  }
  --call_depth_;
  while (locals_.size() > new_base) locals_.pop_back();
  frame_base_ = saved_base;
  if (flow == Flow::kNext || flow == Flow::kNextFile || flow == Flow::kExit) throw FlowSignal{flow};
  if (flow == Flow::kReturn) {
    Value r = std::move(return_value_);
    return_value_ = Value();
    return r;
  }
  return Value();
}

// ---------------------------------------------------------------------------
// Statements

Flow Interpreter::exec_block(Node* n) {
  for (Node* s : n->kids) {
    Flow f = exec(s);
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

Flow Interpreter::exec(Node* n) {
  check_stack();
  cur_line_ = n->line;
  cur_src_ = n->src;
  switch (n->kind) {
    case NodeKind::kBlock:
      return exec_block(n);
    case NodeKind::kExprStmt: {
      Node* e = n->kids[0];
      if (e->kind == NodeKind::kAssign || e->kind == NodeKind::kPostIncr ||
          e->kind == NodeKind::kPreIncr) {
        // Avoid materialising the result.
        if (e->kind == NodeKind::kAssign && e->op != '=') {
          (void)eval(e);
          return Flow::kNormal;
        }
      }
      (void)eval(e);
      return Flow::kNormal;
    }
    case NodeKind::kPrint:
    case NodeKind::kPrintf:
      return exec_print(n);
    case NodeKind::kSwitch:
      return exec_switch(n);
    case NodeKind::kIf:
      if (truthy(n->kids[0])) return exec(n->kids[1]);
      if (n->kids[2] != nullptr) return exec(n->kids[2]);
      return Flow::kNormal;
    case NodeKind::kWhile:
      while (truthy(n->kids[0])) {
        ctx_.budget.count_loop_iteration();
        Flow f = exec(n->kids[1]);
        if (f == Flow::kBreak) break;
        if (f == Flow::kContinue) continue;
        if (f != Flow::kNormal) return f;
      }
      return Flow::kNormal;
    case NodeKind::kDo:
      do {
        ctx_.budget.count_loop_iteration();
        Flow f = exec(n->kids[0]);
        if (f == Flow::kBreak) break;
        if (f == Flow::kContinue) continue;
        if (f != Flow::kNormal) return f;
      } while (truthy(n->kids[1]));
      return Flow::kNormal;
    case NodeKind::kFor: {
      if (n->kids[0] != nullptr) exec(n->kids[0]);
      for (;;) {
        if (n->kids[1] != nullptr && !truthy(n->kids[1])) break;
        ctx_.budget.count_loop_iteration();
        Flow f = exec(n->kids[3]);
        if (f == Flow::kBreak) break;
        if (f != Flow::kNormal && f != Flow::kContinue) return f;
        if (n->kids[2] != nullptr) exec(n->kids[2]);
      }
      return Flow::kNormal;
    }
    case NodeKind::kForIn:
      return exec_for_in(n);
    case NodeKind::kBreak:
      return Flow::kBreak;
    case NodeKind::kContinue:
      return Flow::kContinue;
    case NodeKind::kNext:
      return Flow::kNext;
    case NodeKind::kNextFile:
      return Flow::kNextFile;
    case NodeKind::kExit:
      if (n->kids[0] != nullptr) exit_status_ = static_cast<int>(eval_num(n->kids[0])) & 0xff;
      return Flow::kExit;
    case NodeKind::kReturn:
      return_value_ = n->kids[0] != nullptr ? eval(n->kids[0]) : Value();
      return Flow::kReturn;
    case NodeKind::kDelete:
      return exec_delete(n);
    default:
      (void)eval(n);
      return Flow::kNormal;
  }
}

// gawk's switch: the first case whose constant equals the subject (numbers
// and strings compare as `==` does, a regexp matches its string value), else
// default; bodies then run in order until `break`.
Flow Interpreter::exec_switch(Node* n) {
  Value subject = eval(n->kids[0]);
  size_t start = 0;
  for (size_t k = 1; k < n->kids.size() && start == 0; ++k) {
    Node* value = n->kids[k]->kids[0];
    if (value == nullptr) continue;
    bool hit = value->kind == NodeKind::kRegex
                   ? regex_for(value).search(to_str(subject), 0, nullptr, 0)
                   : [&] {
                       Value constant = eval(value);
                       return compare_values(subject, constant) == 0;
                     }();
    if (hit) start = k;
  }
  for (size_t k = 1; k < n->kids.size() && start == 0; ++k)
    if (n->kids[k]->kids[0] == nullptr) start = k;
  if (start == 0) return Flow::kNormal;
  for (size_t k = start; k < n->kids.size(); ++k) {
    Flow f = exec_block(n->kids[k]->kids[1]);
    if (f == Flow::kBreak) return Flow::kNormal;
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

Flow Interpreter::exec_delete(Node* n) {
  Array& a = array_of(n->kids[0]);
  if (n->kids.size() == 1) {
    a.clear();
    return Flow::kNormal;
  }
  std::string key = subscript(n, 1, n->kids.size());
  array_of(n->kids[0]).erase(key);
  return Flow::kNormal;
}

Flow Interpreter::exec_for_in(Node* n) {
  Array& a = array_of(n->kids[1]);
  std::vector<std::string> keys;
  keys.reserve(a.size());
  for (const auto& [k, v] : a) keys.push_back(k);
  for (std::string& k : keys) {
    ctx_.budget.count_loop_iteration();
    if (array_of(n->kids[1]).count(k) == 0) continue;  // deleted meanwhile
    assign(n->kids[0], Value::maybe_num(k));
    Flow f = exec(n->kids[2]);
    if (f == Flow::kBreak) break;
    if (f == Flow::kContinue) continue;
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

Flow Interpreter::exec_print(Node* n) {
  Node* args = n->kids[0];
  std::string target;
  if (n->kids[1] != nullptr) target = eval_str(n->kids[1]);
  std::string& out = scratch_;
  out.clear();
  if (n->kind == NodeKind::kPrint) {
    if (args->kids.empty()) {
      field_ref(0);
      out += record_;
    } else {
      for (size_t i = 0; i < args->kids.size(); ++i) {
        if (i > 0) out += ofs_;
        Node* a = args->kids[i];
        if (a->kind == NodeKind::kField) {
          double d = eval_num(a->kids[0]);
          if (d < 0) fatal("attempt to access field " + std::to_string(static_cast<long long>(d)));
          size_t fi = static_cast<size_t>(d);
          if (fi > 0) {
            if (!fields_valid_) split_record();
            if (fi <= nf_ && field_gen_[fi] != gen_) {
              out.append(record_, spans_[fi].first, spans_[fi].second);
              continue;
            }
          }
          Value& v = field_ref(fi);
          if (v.type == ValueType::kNumber) {
            out += to_output_str(v);
          } else {
            out += v.str;
          }
          continue;
        }
        Value v = eval(a);
        if (v.type == ValueType::kNumber) {
          out += to_output_str(v);
        } else {
          out += v.str;
        }
      }
    }
    out += ors_;
  } else {
    std::vector<Value> values;
    values.reserve(args->kids.size());
    for (Node* a : args->kids) values.push_back(eval(a));
    std::string fmt = to_str(values[0]);
    values.erase(values.begin());
    out = format(fmt, values);
  }
  // The writer is looked up last: evaluating the arguments may start a
  // command (`"cmd" | getline`), which replaces the stdout writer.
  BufferedWriter* w = n->kids[1] != nullptr ? output_for(n->op, target) : &ctx_.out();
  w->write(out);
  ctx_.budget.count_output(out.size());
  if (w != &ctx_.out() && w != &ctx_.err()) {
    // Interactive-ish targets (pipes are buffered until close).
  }
  return Flow::kNormal;
}

// ---------------------------------------------------------------------------
// Output streams

Interpreter::Coprocess& Interpreter::coprocess(const std::string& command) {
  auto it = coprocs_.find(command);
  if (it != coprocs_.end()) return *it->second;
  if (ctx_.executor == nullptr) fatal("cannot open two way pipe `" + command + "': no executor");
  ctx_.flush_output();
  auto co = std::make_unique<Coprocess>();
  PipeEnds to = make_pipe(&ctx_.budget);
  PipeEnds from = make_pipe(&ctx_.budget);
  co->pipe = start_pipe_command(ctx_, command, 0, std::move(to.reader), 1, std::move(from.writer));
  co->writer = std::make_unique<BufferedWriter>(std::move(to.writer));
  co->reader = std::make_unique<RecordReader>(std::move(from.reader));
  return *coprocs_.emplace(command, std::move(co)).first->second;
}

BufferedWriter* Interpreter::output_for(int mode, const std::string& name) {
  if (mode == '&') {
    Coprocess& co = coprocess(name);
    if (!co.writer) fatal("print: attempt to write to closed write end of two-way pipe");
    return co.writer.get();
  }
  if (mode != '|') {
    if (name == "/dev/stdout" || name == "-") return &ctx_.out();
    if (name == "/dev/stderr") return &ctx_.err();
  }
  auto it = outputs_.find(name);
  if (it != outputs_.end()) return it->second->writer.get();
  auto o = std::make_unique<Output>();
  if (mode == '|') {
    o->is_pipe = true;
    o->command = name;
    if (ctx_.executor == nullptr) fatal("cannot open pipe `" + name + "': no executor");
    ctx_.flush_output();
    PipeEnds ends = make_pipe(&ctx_.budget);
    o->pipe = start_pipe_command(ctx_, name, 0, std::move(ends.reader));
    o->writer = std::make_unique<BufferedWriter>(std::move(ends.writer));
  } else {
    auto s = ctx_.open_output(name, mode == 'a');
    if (!s) {
      fatal("cannot redirect to `" + name + "': " + std::strerror(s.error()));
    }
    o->writer = std::make_unique<BufferedWriter>(*s);
  }
  BufferedWriter* w = o->writer.get();
  outputs_[name] = std::move(o);
  return w;
}

int Interpreter::run_shell(const std::string& command, const StreamPtr& in, const StreamPtr& out) {
  if (ctx_.executor == nullptr) {
    ctx_.err() << progname_ << ": cannot run commands: no executor\n";
    return 127;
  }
  ctx_.flush_output();
  FdTable fds = ctx_.fds;
  if (in) fds.set(0, in);
  if (out) fds.set(1, out);
  return ctx_.executor->run_program(ctx_, {"sh", "-c", command}, ctx_.env, fds);
}

int Interpreter::close_stream(const std::string& name, const std::string& how) {
  auto it = coprocs_.find(name);
  if (it == coprocs_.end() || (how != "to" && how != "from")) return close_stream(name);
  Coprocess& co = *it->second;
  if (how == "to") {
    if (co.writer) (void)co.writer->flush();
    co.writer.reset();  // the command sees end of input
  } else {
    co.reader.reset();
  }
  if (!co.writer && !co.reader) return close_stream(name);
  return 0;
}

int Interpreter::close_stream(const std::string& name) {
  int result = -1;
  auto co = coprocs_.find(name);
  if (co != coprocs_.end()) {
    std::unique_ptr<Coprocess> c = std::move(co->second);
    coprocs_.erase(co);
    ctx_.flush_output();
    result = c->finish();
  }
  auto it = outputs_.find(name);
  if (it != outputs_.end()) {
    std::unique_ptr<Output> o = std::move(it->second);
    outputs_.erase(it);
    if (o->is_pipe) ctx_.flush_output();
    result = o->finish();
  }
  auto in = inputs_.find(name);
  if (in != inputs_.end()) {
    std::unique_ptr<Input> input = std::move(in->second);
    inputs_.erase(in);
    result = input->finish();
  }
  return result;
}

void Interpreter::flush_all() {
  for (auto& [name, o] : outputs_) {
    (void)o->writer->flush();
  }
  for (auto& [name, c] : coprocs_)
    if (c->writer) (void)c->writer->flush();
  ctx_.flush_output();
}

int Interpreter::close_all() {
  std::vector<std::string> names;
  for (auto& [name, o] : outputs_) names.push_back(name);
  ctx_.flush_output();
  for (const std::string& name : names) close_stream(name);
  inputs_.clear();
  names.clear();
  for (auto& [name, c] : coprocs_) names.push_back(name);
  for (const std::string& name : names) close_stream(name);
  return 0;
}

// ---------------------------------------------------------------------------
// getline

bool Interpreter::read_record(RecordReader& reader, std::string& record) {
  return reader.next(ctx_.budget, rs_mode_, rs_char_, rs_regex_, record, terminator_);
}

Value Interpreter::getline(Node* n) {
  Node* target = n->kids[0];
  std::string record;
  if (n->op == 0) {
    if (!next_main_record(record)) return Value(0.0);
    global(kNR).set_number(global(kNR).to_num() + 1);
    global(kFNR).set_number(global(kFNR).to_num() + 1);
  } else if (n->op == '&') {
    std::string name = eval_str(n->kids[1]);
    Coprocess& co = coprocess(name);
    if (co.writer) (void)co.writer->flush();  // the command may wait for it
    if (!co.reader || !read_record(*co.reader, record)) return Value(co.reader ? 0.0 : -1.0);
  } else {
    std::string name = eval_str(n->kids[1]);
    auto it = inputs_.find(name);
    if (it == inputs_.end()) {
      auto input = std::make_unique<Input>();
      if (n->op == '<') {
        auto s = ctx_.open_input(name);
        if (!s) return Value(-1.0);
        input->reader = std::make_unique<RecordReader>(*s);
      } else {
        if (ctx_.executor == nullptr) return Value(-1.0);
        ctx_.flush_output();
        PipeEnds ends = make_pipe(&ctx_.budget);
        input->pipe = start_pipe_command(ctx_, name, 1, std::move(ends.writer));
        input->reader = std::make_unique<RecordReader>(std::move(ends.reader));
      }
      it = inputs_.emplace(name, std::move(input)).first;
    }
    if (!read_record(*it->second->reader, record)) return Value(0.0);
  }
  global(kRT).set_string(terminator_);
  if (target == nullptr) {
    set_record(record);
  } else {
    assign(target, Value::maybe_num(record));
  }
  return Value(1.0);
}

// ---------------------------------------------------------------------------
// Main input

bool Interpreter::open_next_main_file() {
  for (;;) {
    double argc = global(kARGC).to_num();
    ++argv_index_;
    if (static_cast<double>(argv_index_) >= argc) {
      if (used_file_operand_) return false;
      used_file_operand_ = true;
      main_reader_ = std::make_unique<RecordReader>(ctx_.in());
      global(kFILENAME).set_string("");
      return true;
    }
    Array& argv = globals_[kARGV].array();
    auto it = argv.find(std::to_string(argv_index_));
    if (it == argv.end()) continue;
    std::string arg = to_str(it->second);
    if (arg.empty()) continue;
    size_t eq = arg.find('=');
    if (eq != std::string::npos && eq > 0 &&
        (std::isalpha(static_cast<unsigned char>(arg[0])) || arg[0] == '_')) {
      bool ident = true;
      for (size_t i = 0; i < eq; ++i) {
        char c = arg[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') ident = false;
      }
      if (ident) {
        std::string name = arg.substr(0, eq);
        for (size_t slot = 0; slot < prog_.globals.size(); ++slot) {
          if (prog_.globals[slot] == name) {
            Node var(NodeKind::kGlobal);
            var.slot = static_cast<int>(slot);
            var.str = name;
            assign(&var, Value::maybe_num(unescape_awk_string(arg.substr(eq + 1))));
          }
        }
        continue;
      }
    }
    used_file_operand_ = true;
    auto s = ctx_.open_input(arg);
    if (!s) fatal("cannot open file `" + arg + "' for reading: " + std::strerror(s.error()));
    main_reader_ = std::make_unique<RecordReader>(*s);
    global(kFILENAME).set_string(arg);
    return true;
  }
}

void Interpreter::close_main_file(bool run_endfile) {
  main_reader_.reset();
  if (run_endfile) run_rules(PatternKind::kEndFile);
}

bool Interpreter::next_main_record(std::string& record) {
  for (;;) {
    if (main_done_) return false;
    if (!main_reader_) {
      if (!open_next_main_file()) {
        main_done_ = true;
        return false;
      }
      global(kFNR).set_number(0);
      run_rules(PatternKind::kBeginFile);
    }
    if (read_record(*main_reader_, record)) return true;
    if (main_reader_->error() != 0) {
      ctx_.err() << progname_ << ": error reading input file `" << to_str(global(kFILENAME))
                 << "': " << std::strerror(main_reader_->error()) << "\n";
      exit_status_ = 2;
    }
    close_main_file(true);
  }
}

void Interpreter::run_rules(PatternKind kind) {
  for (Rule& r : prog_.rules) {
    if (r.kind != kind) continue;
    Flow f;
    try {
      f = exec(r.action);
    } catch (const FlowSignal& s) {
      f = s.flow;
    }
    if (f == Flow::kExit) throw FlowSignal{Flow::kExit};
    if (f == Flow::kNextFile && kind == PatternKind::kBeginFile) {
      main_reader_.reset();
      return;
    }
  }
}

bool Interpreter::match_record_pattern(Rule& r) {
  if (r.pattern == nullptr) return true;
  if (r.pattern2 == nullptr) return truthy(r.pattern);
  if (!r.in_range) {
    if (!truthy(r.pattern)) return false;
    r.in_range = !truthy(r.pattern2);
    return true;
  }
  if (truthy(r.pattern2)) r.in_range = false;
  return true;
}

int Interpreter::run(const Settings& settings) {
  Array& argv = globals_[kARGV].array();
  argv["0"] = Value::string(progname_);
  for (size_t i = 0; i < settings.operands.size(); ++i) {
    argv[std::to_string(i + 1)] = Value::maybe_num(settings.operands[i]);
  }
  global(kARGC).set_number(static_cast<double>(settings.operands.size() + 1));
  if (settings.fs_given) {
    global(kFS).set_string(settings.fs);
    special_assigned(kFS);
  }
  for (const std::string& a : settings.assignments) {
    size_t eq = a.find('=');
    std::string name = a.substr(0, eq);
    for (size_t slot = 0; slot < prog_.globals.size(); ++slot) {
      if (prog_.globals[slot] == name) {
        Node var(NodeKind::kGlobal);
        var.slot = static_cast<int>(slot);
        var.str = name;
        assign(&var, Value::maybe_num(unescape_awk_string(a.substr(eq + 1))));
      }
    }
  }
  bool has_main = false;
  for (const Rule& r : prog_.rules) {
    if (r.kind == PatternKind::kMain || r.kind == PatternKind::kEnd ||
        r.kind == PatternKind::kBeginFile || r.kind == PatternKind::kEndFile) {
      has_main = true;
    }
  }
  auto report = [&](const FatalError& e) {
    flush_all();
    std::string where;
    if (cur_line_ > 0) {
      where =
          (cur_src_ < static_cast<int>(sources_.size()) ? sources_[cur_src_].name : "cmd. line") +
          ":" + std::to_string(cur_line_) + ": ";
    }
    if (global(kFNR).to_num() > 0 || main_reader_) {
      std::string file = to_str(global(kFILENAME));
      where += "(FILENAME=" + (file.empty() ? std::string("-") : file) +
               " FNR=" + to_str(global(kFNR)) + ") ";
    }
    ctx_.err() << progname_ << ": " << where << "fatal: " << e.message << "\n";
  };
  try {
    bool exited = false;
    try {
      run_rules(PatternKind::kBegin);
    } catch (const FlowSignal&) {
      exited = true;
    }
    if (!exited && has_main) {
      try {
        for (;;) {
          if (!next_main_record(record_)) break;
          record_changed();
          global(kRT).set_string(terminator_);
          global(kNR).set_number(global(kNR).to_num() + 1);
          global(kFNR).set_number(global(kFNR).to_num() + 1);
          Flow flow = Flow::kNormal;
          for (Rule& r : prog_.rules) {
            if (r.kind != PatternKind::kMain) continue;
            try {
              if (!match_record_pattern(r)) continue;
              if (r.action == nullptr) {
                field_ref(0);
                BufferedWriter& w = ctx_.out();
                w.write(record_);
                w.write(ors_);
                continue;
              }
              flow = exec(r.action);
            } catch (const FlowSignal& s) {
              flow = s.flow;
            }
            if (flow != Flow::kNormal) break;
          }
          if (flow == Flow::kExit) break;
          if (flow == Flow::kNextFile) close_main_file(true);
          if (ctx_.output_failed()) break;
        }
      } catch (const FlowSignal&) {
      }
    }
    try {
      run_rules(PatternKind::kEnd);
    } catch (const FlowSignal&) {
    }
  } catch (const FatalError& e) {
    report(e);
    close_all();
    return 2;
  }
  try {
    close_all();
  } catch (const FatalError& e) {
    report(e);
    return 2;
  }
  return exit_status_;
}

}  // namespace kefka::cmd::awk

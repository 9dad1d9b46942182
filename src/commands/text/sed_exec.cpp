// sed's executor (see sed_exec.h).
#include "commands/text/sed_exec.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

namespace kefka::cmd::sed {
namespace {

// Thrown for run-time errors that end sed (message already formatted).
struct SedError {
  std::string message;
  int status;
};

// An output: stdout, a w file, or the in-place buffer. Remembers whether the
// last text written lacked its newline (GNU adds it before the next output).
class Output {
 public:
  Output() = default;
  explicit Output(BufferedWriter* writer) : writer_(writer) {}
  void set_buffer(std::string* buffer) { buffer_ = buffer; }
  void write_raw(std::string_view s) {
    if (buffer_) {
      buffer_->append(s);
    } else if (writer_) {
      writer_->write(s);
    }
  }
  // Writes `text`, then the line end unless `missing_newline`.
  void line(std::string_view text, bool add_newline, char eol) {
    if (missing_newline_) write_raw(std::string_view(&eol, 1));
    write_raw(text);
    if (add_newline) write_raw(std::string_view(&eol, 1));
    missing_newline_ = !add_newline;
  }
  // Text that already ends with its own newline (a/i/c, r).
  void text(std::string_view s, char eol) {
    if (missing_newline_) write_raw(std::string_view(&eol, 1));
    missing_newline_ = false;
    write_raw(s);
  }
  void flush() {
    if (writer_) (void)writer_->flush();
  }
  void reset() { missing_newline_ = false; }

 private:
  BufferedWriter* writer_ = nullptr;
  std::string* buffer_ = nullptr;
  bool missing_newline_ = false;
};

// One input source of the stream of lines.
struct Source {
  std::string name;  // as given ("-" for stdin)
  StreamPtr stream;
  std::unique_ptr<LineReader> reader;
  int64_t start = -1;  // offset of stdin when opened; -1 when not seekable
  uint64_t used = 0;   // bytes of the lines fetched from it
};

class Executor {
 public:
  Executor(Context& ctx, Program& program, const RunOptions& options)
      : ctx_(ctx), program_(program), opt_(options), stdout_(&ctx.out()) {
    eol_ = options.null_data ? '\0' : '\n';
    quiet_ = options.quiet || program.quiet_from_script;
  }

  int run(const std::vector<std::string>& files);

 private:
  // --- input ----------------------------------------------------------------
  bool open_next_source();
  bool fetch(std::string& line, bool& had_eol);
  void give_back_unread_input();
  bool read_next_line(std::string& line, bool& had_eol);
  bool is_last_line();
  bool read_pattern_space();

  // --- cycle ------------------------------------------------------------------
  enum class Flow { kContinue, kEndCycle, kEndCycleNoPrint, kRestart, kQuit, kQuitNoPrint };
  Flow execute();
  bool matches(Command& c);
  bool match_one(const Address& a);
  const Regex& regex(const SedRegex& re);
  bool substitute(Substitution& s);
  void append_replacement(const Substitution& s, const MatchSpan* groups, std::string& out);
  void end_cycle(bool print);
  void dump_append();
  void list(long long width);
  std::string run_shell(const std::string& command);
  Output& output_for(int index);
  void write_file_line(int index, std::string_view text);
  void open_outputs();
  void check_space_limits() const;
  void run_cycles();
  void write_back(const std::string& target, const std::string& text);

  Context& ctx_;
  Program& program_;
  const RunOptions& opt_;
  char eol_;
  bool quiet_;
  Output stdout_;
  Output in_place_out_;
  Output* out_ = &stdout_;  // where p, =, i... go (the in-place buffer under -i)
  std::vector<std::unique_ptr<BufferedWriter>> writers_;
  std::vector<Output> outputs_;
  std::vector<int> output_is_stdout_;

  std::vector<std::string> files_;
  size_t next_file_ = 0;
  std::optional<Source> source_;
  bool have_lookahead_ = false;
  std::string lookahead_;
  bool lookahead_eol_ = false;
  int status_ = 0;

  std::string ps_, hs_, scratch_;
  bool ps_eol_ = true;
  bool hs_eol_ = true;
  long long line_no_ = 0;
  bool replaced_ = false;
  bool quit_ = false;
  int exit_code_ = 0;
  const Regex* last_regex_ = nullptr;
  struct Append {
    enum Kind { kText, kFile, kLine } kind;
    std::string text;
  };
  std::vector<Append> appends_;
  std::map<std::string, std::unique_ptr<LineReader>> r_readers_;
  std::map<std::string, StreamPtr> r_streams_;
  MatchSpan groups_[10];
};

// --- input ------------------------------------------------------------------------

bool Executor::open_next_source() {
  source_.reset();
  while (next_file_ < files_.size()) {
    const std::string& name = files_[next_file_++];
    auto in = ctx_.open_input(name);
    if (!in) {
      ctx_.error(std::string("can't read ") + name + ": " + std::strerror(in.error()));
      status_ = 2;
      continue;
    }
    if (name != "-") {
      auto st = ctx_.fs.stat(name);
      if (st && st->is_dir()) {
        // GNU treats this as a fatal read error (status 4).
        throw SedError{"read error on " + name + ": Is a directory", 4};
      }
    }
    source_.emplace();
    source_->name = name;
    source_->stream = *in;
    source_->reader = std::make_unique<LineReader>(*in, eol_);
    if (name == "-") {
      auto pos = (*in)->seek(0, SEEK_CUR);  // ESPIPE on pipes
      if (pos) source_->start = *pos;
    }
    return true;
  }
  return false;
}

bool Executor::fetch(std::string& line, bool& had_eol) {
  for (;;) {
    if (!source_ && !open_next_source()) return false;
    if (source_->reader->next(line, &had_eol)) {
      source_->used += line.size() + (had_eol ? 1 : 0);
      return true;
    }
    if (source_->reader->error()) {
      ctx_.error("read error on " + source_->name + ": " + std::strerror(source_->reader->error()));
      status_ = 2;
    }
    source_.reset();
  }
}

// Like GNU sed (whose stdio gives back what it buffered when it exits), a
// quit leaves seekable stdin right after the last line read into the
// pattern space, so `{ sed 1q; cat; } < file` prints the file once.
void Executor::give_back_unread_input() {
  if (!source_ || source_->start < 0) return;
  uint64_t used = source_->used;
  if (have_lookahead_) used -= lookahead_.size() + (lookahead_eol_ ? 1 : 0);
  (void)source_->stream->seek(source_->start + static_cast<int64_t>(used), SEEK_SET);
}

bool Executor::read_next_line(std::string& line, bool& had_eol) {
  if (have_lookahead_) {
    have_lookahead_ = false;
    line.swap(lookahead_);
    had_eol = lookahead_eol_;
    return true;
  }
  return fetch(line, had_eol);
}

bool Executor::is_last_line() {
  if (have_lookahead_) return false;
  if (fetch(lookahead_, lookahead_eol_)) {
    have_lookahead_ = true;
    return false;
  }
  return true;
}

bool Executor::read_pattern_space() {
  dump_append();
  replaced_ = false;
  if (!read_next_line(ps_, ps_eol_)) return false;
  ++line_no_;
  return true;
}

// --- outputs ------------------------------------------------------------------------

void Executor::open_outputs() {
  for (const auto& name : program_.outputs) {
    if (name == "/dev/stdout") {
      outputs_.emplace_back();
      output_is_stdout_.push_back(1);
      continue;
    }
    output_is_stdout_.push_back(name == "/dev/stderr" ? 2 : 0);
    if (name == "/dev/stderr") {
      outputs_.emplace_back(&ctx_.err());
      continue;
    }
    auto s = ctx_.open_output(name);
    if (!s) {
      throw SedError{"couldn't open file " + name + ": " + std::strerror(s.error()), 4};
    }
    writers_.push_back(std::make_unique<BufferedWriter>(*s));
    outputs_.emplace_back(writers_.back().get());
  }
}

Output& Executor::output_for(int index) {
  if (output_is_stdout_[index] == 1) return stdout_;
  return outputs_[index];
}

void Executor::write_file_line(int index, std::string_view text) {
  Output& o = output_for(index);
  o.line(text, true, eol_);
  if (opt_.unbuffered) o.flush();
}

void Executor::dump_append() {
  for (auto& a : appends_) {
    switch (a.kind) {
      case Append::kText:
        out_->text(a.text, eol_);
        break;
      case Append::kLine:
        out_->line(a.text, true, eol_);
        break;
      case Append::kFile: {
        if (a.text == "/dev/stdin" || a.text == "-") {
          auto in = ctx_.in();
          if (in) {
            auto data = read_all(*in);
            if (data && !data->empty()) out_->text(*data, eol_);
          }
          break;
        }
        auto data = ctx_.fs.read_file(a.text);
        if (data && !data->empty()) {
          out_->text(*data, eol_);
          if (data->back() != eol_) out_->line("", false, eol_);
        }
        break;
      }
    }
  }
  appends_.clear();
}

void Executor::end_cycle(bool print) {
  if (print && !quiet_) out_->line(ps_, ps_eol_, eol_);
  if (opt_.unbuffered) out_->flush();
}

// --- addresses ------------------------------------------------------------------------

const Regex& Executor::regex(const SedRegex& re) {
  if (re.regex) {
    last_regex_ = re.regex.get();
    return *re.regex;
  }
  if (!last_regex_) throw SedError{"-e expression #1, char 0: no previous regular expression", 1};
  return *last_regex_;
}

bool Executor::match_one(const Address& a) {
  switch (a.kind) {
    case AddrKind::kNone:
      return true;
    case AddrKind::kLine:
      return line_no_ == a.n;
    case AddrKind::kLast:
      return is_last_line();
    case AddrKind::kZero:
      return false;
    case AddrKind::kStep:
      if (a.step <= 0) return line_no_ == a.n;
      return line_no_ >= a.n && (line_no_ - a.n) % a.step == 0;
    case AddrKind::kRegex:
      return regex(a.re).search(ps_, 0, nullptr, 0);
    default:
      return false;
  }
}

bool Executor::matches(Command& c) {
  bool result = true;
  if (c.a1.kind == AddrKind::kNone) {
    result = true;
  } else if (c.a2.kind == AddrKind::kNone) {
    result = match_one(c.a1);
  } else if (c.in_range) {
    // Inside a range: this line is selected; does it close the range?
    switch (c.a2.kind) {
      case AddrKind::kLast:
        if (is_last_line()) c.in_range = false;
        break;
      case AddrKind::kRegex:
        if (regex(c.a2.re).search(ps_, 0, nullptr, 0)) c.in_range = false;
        break;
      default:  // a line number, +N, ~N: range_end was fixed at the start
        if (line_no_ >= c.range_end) c.in_range = false;
        break;
    }
  } else if (c.a1.kind == AddrKind::kZero) {
    // 0,/re/: the range is open before line 1, so /re/ may end it on line 1.
    result = line_no_ == 1;
    if (result) c.in_range = !regex(c.a2.re).search(ps_, 0, nullptr, 0);
  } else if (!match_one(c.a1)) {
    result = false;
  } else {
    switch (c.a2.kind) {
      case AddrKind::kLine:  // a number not after the start selects one line
        c.range_end = c.a2.n;
        c.in_range = c.a2.n > line_no_;
        break;
      case AddrKind::kPlus:
        c.range_end = line_no_ + c.a2.n;
        c.in_range = c.a2.n > 0;
        break;
      case AddrKind::kMultiple:
        c.range_end = c.a2.n <= 0 ? line_no_ : (line_no_ + c.a2.n - 1) / c.a2.n * c.a2.n;
        c.in_range = c.range_end > line_no_;
        break;
      case AddrKind::kLast:
        c.in_range = !is_last_line();
        break;
      default:  // a regex end is only tried from the next line on
        c.in_range = true;
        break;
    }
  }
  return c.negate ? !result : result;
}

// --- s ----------------------------------------------------------------------------

void Executor::append_replacement(const Substitution& s, const MatchSpan* groups,
                                  std::string& out) {
  enum { kNone, kUpper, kLower } mode = kNone;
  enum { kOneNone, kOneUpper, kOneLower } one = kOneNone;
  auto emit = [&](std::string_view text) {
    if (mode == kNone && one == kOneNone) {
      out.append(text);
      return;
    }
    for (size_t i = 0; i < text.size();) {
      size_t len = opt_.utf8 ? utf8_char_length(text, i) : 1;
      std::string_view ch = text.substr(i, len);
      i += len;
      bool upper;
      if (one != kOneNone) {
        upper = one == kOneUpper;
        one = kOneNone;
      } else if (mode != kNone) {
        upper = mode == kUpper;
      } else {
        out.append(ch);
        continue;
      }
      append_case_converted(ch, upper, out);
    }
  };
  for (const auto& part : s.replacement) {
    switch (part.kind) {
      case ReplacementPart::kLiteral:
        emit(part.text);
        break;
      case ReplacementPart::kGroup: {
        const MatchSpan& g = groups[part.group];
        if (g.matched()) emit(std::string_view(ps_).substr(g.begin, g.size()));
        break;
      }
      case ReplacementPart::kUpper:
        mode = kUpper, one = kOneNone;
        break;
      case ReplacementPart::kLower:
        mode = kLower, one = kOneNone;
        break;
      case ReplacementPart::kUpperOne:
        one = kOneUpper;
        break;
      case ReplacementPart::kLowerOne:
        one = kOneLower;
        break;
      case ReplacementPart::kEndCase:
        mode = kNone, one = kOneNone;
        break;
    }
  }
}

bool Executor::substitute(Substitution& s) {
  const Regex& rx = regex(s.re);
  int ngroups = std::min(10, std::max(1, std::min(s.max_group, rx.group_count()) + 1));
  size_t pos = 0;
  long long count = 0;
  bool did = false;
  size_t prev_end = std::string::npos;  // end of the previous match
  std::string& out = scratch_;
  out.clear();
  size_t copied = 0;  // ps_[0, copied) is already in out
  while (pos <= ps_.size()) {
    if (!rx.search(ps_, pos, groups_, ngroups)) break;
    size_t b = groups_[0].begin, e = groups_[0].end;
    if (b == e && b == prev_end) {
      // An empty match right after the previous match does not count.
      if (b >= ps_.size()) break;
      pos = b + 1;
      continue;
    }
    ++count;
    if (count >= s.nth) {
      out.append(ps_, copied, b - copied);
      append_replacement(s, groups_, out);
      copied = e;
      did = true;
      if (!s.global) break;
    }
    prev_end = e;
    if (b == e) {
      if (b >= ps_.size()) break;
      pos = b + 1;
    } else {
      pos = e;
    }
  }
  if (!did) return false;
  out.append(ps_, copied, std::string::npos);
  ps_.swap(out);
  return true;
}

// --- l ----------------------------------------------------------------------------

void Executor::list(long long width) {
  std::string result;
  size_t col = 0;
  long long limit = width > 1 ? width - 1 : 0;
  auto put = [&](const std::string& piece) {
    if (limit > 0 && col + piece.size() > static_cast<size_t>(limit)) {
      result += "\\\n";
      col = 0;
    }
    result += piece;
    col += piece.size();
  };
  for (unsigned char c : ps_) {
    std::string piece;
    switch (c) {
      case '\\':
        piece = "\\\\";
        break;
      case '\a':
        piece = "\\a";
        break;
      case '\b':
        piece = "\\b";
        break;
      case '\f':
        piece = "\\f";
        break;
      case '\n':
        piece = "\\n";
        break;
      case '\r':
        piece = "\\r";
        break;
      case '\t':
        piece = "\\t";
        break;
      case '\v':
        piece = "\\v";
        break;
      default:
        if (c >= 0x20 && c < 0x7F) {
          piece = std::string(1, static_cast<char>(c));
        } else {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          piece = buf;
        }
    }
    put(piece);
  }
  result += "$";
  out_->line(result, true, '\n');
}

std::string Executor::run_shell(const std::string& command) {
  if (ctx_.executor == nullptr) throw SedError{"e command: no shell available", 4};
  out_->flush();
  auto sink = std::make_shared<StringSink>();
  FdTable fds = ctx_.fds;
  fds.set(0, std::make_shared<NullStream>());
  fds.set(1, sink);
  ctx_.flush_output();
  ctx_.executor->run_program(ctx_, {"sh", "-c", command}, ctx_.env, fds);
  return sink->take();
}

// --- the cycle ----------------------------------------------------------------------

// Pattern and hold space may not outgrow the sandbox's string limit (a loop
// like `:a;G;H;ba` would otherwise eat all memory).
void Executor::check_space_limits() const {
  uint64_t limit = ctx_.budget.limits().max_string_bytes;
  if (limit != 0 && (ps_.size() > limit || hs_.size() > limit)) {
    throw SedError{"pattern or hold space exceeds the limit of " + std::to_string(limit) + " bytes",
                   4};
  }
}

Executor::Flow Executor::execute() {
  auto& cmds = program_.commands;
  size_t pc = 0;
  while (pc < cmds.size()) {
    Command& c = cmds[pc];
    if (ps_.size() + hs_.size() > (1u << 20)) check_space_limits();
    if (!matches(c)) {
      pc = c.name == '{' ? c.jump : pc + 1;
      continue;
    }
    ++pc;
    switch (c.name) {
      case '{':
      case '}':
      case ':':
        break;
      case '=':
        out_->text(std::to_string(line_no_) + "\n", eol_);
        break;
      case 'a':
        appends_.push_back({Append::kText, c.text});
        break;
      case 'i':
        out_->text(c.text, eol_);
        break;
      case 'c':
        if (c.a2.kind == AddrKind::kNone || c.negate || !c.in_range) out_->text(c.text, eol_);
        return Flow::kEndCycleNoPrint;
      case 'b':
        ctx_.budget.check();
        if (c.jump_to_end) return Flow::kEndCycle;
        pc = c.jump;
        break;
      case 't':
      case 'T':
        ctx_.budget.check();
        if (replaced_ == (c.name == 't')) {
          replaced_ = false;
          if (c.jump_to_end) return Flow::kEndCycle;
          pc = c.jump;
        } else if (c.name == 'T') {
          replaced_ = false;
        }
        break;
      case 'd':
        return Flow::kEndCycleNoPrint;
      case 'D': {
        size_t nl = ps_.find('\n');
        if (nl == std::string::npos) return Flow::kEndCycleNoPrint;
        ps_.erase(0, nl + 1);
        return Flow::kRestart;
      }
      case 'e':
        if (c.text.empty()) {
          ps_ = run_shell(ps_);
          if (!ps_.empty() && ps_.back() == '\n') ps_.pop_back();
        } else {
          out_->text(run_shell(c.text), eol_);
        }
        break;
      case 'F':
        out_->text((source_ ? source_->name : std::string("-")) + "\n", eol_);
        break;
      // The spaces carry whether their text ended with a newline (GNU's
      // "chomped"), so a last line without one stays without one.
      case 'g':
        ps_ = hs_;
        ps_eol_ = hs_eol_;
        break;
      case 'G':
        ps_ += '\n';
        ps_ += hs_;
        ps_eol_ = hs_eol_;
        break;
      case 'h':
        hs_ = ps_;
        hs_eol_ = ps_eol_;
        break;
      case 'H':
        hs_ += '\n';
        hs_ += ps_;
        hs_eol_ = ps_eol_;
        break;
      case 'l':
      case 'L':
        list(c.number >= 0 ? c.number : opt_.line_length);
        break;
      case 'n':
        if (is_last_line()) {
          if (!opt_.posix) end_cycle(true);
          return Flow::kQuitNoPrint;
        }
        end_cycle(true);
        if (!read_pattern_space()) return Flow::kQuitNoPrint;
        break;
      case 'N': {
        if (is_last_line()) {
          // GNU prints the pattern space when N finds no next line.
          return opt_.posix ? Flow::kQuitNoPrint : Flow::kQuit;
        }
        dump_append();
        std::string next;
        bool had_eol = true;
        if (!read_next_line(next, had_eol)) return Flow::kQuit;
        ++line_no_;
        replaced_ = false;  // GNU: reading input resets the t flag, N included
        ps_ += '\n';
        ps_ += next;
        ps_eol_ = had_eol;
        break;
      }
      case 'p':
        out_->line(ps_, ps_eol_, eol_);
        break;
      case 'P': {
        size_t nl = ps_.find('\n');
        if (nl == std::string::npos) {
          out_->line(ps_, ps_eol_, eol_);
        } else {
          out_->line(std::string_view(ps_).substr(0, nl), true, eol_);
        }
        break;
      }
      case 'q':
        exit_code_ = c.number >= 0 ? static_cast<int>(c.number) : 0;
        return Flow::kQuit;
      case 'Q':
        exit_code_ = c.number >= 0 ? static_cast<int>(c.number) : 0;
        return Flow::kQuitNoPrint;
      case 'r':
        appends_.push_back({Append::kFile, c.text});
        break;
      case 'R': {
        auto& reader = r_readers_[c.text];
        if (!reader) {
          auto in = ctx_.open_input(c.text);
          if (!in) break;
          r_streams_[c.text] = *in;
          reader = std::make_unique<LineReader>(*in, eol_);
        }
        std::string line;
        if (reader->next(line)) appends_.push_back({Append::kLine, line});
        break;
      }
      case 's': {
        Substitution& s = *c.subst;
        if (!substitute(s)) break;
        replaced_ = true;
        if (s.eval) {
          ps_ = run_shell(ps_);
          if (!ps_.empty() && ps_.back() == '\n') ps_.pop_back();
        }
        if (s.print) out_->line(ps_, ps_eol_, eol_);
        if (s.write_file >= 0) write_file_line(s.write_file, ps_);
        break;
      }
      case 'w':
        write_file_line(c.output, ps_);
        break;
      case 'W': {
        size_t nl = ps_.find('\n');
        write_file_line(c.output, std::string_view(ps_).substr(0, nl));
        break;
      }
      case 'x':
        ps_.swap(hs_);
        std::swap(ps_eol_, hs_eol_);
        break;
      case 'y':
        if (!c.translit_bytes.empty()) {
          for (char& ch : ps_) ch = c.translit_bytes[static_cast<unsigned char>(ch)];
        } else {
          std::string result;
          for (size_t i = 0; i < ps_.size();) {
            bool done = false;
            for (const auto& [from, to] : c.translit) {
              if (ps_.compare(i, from.size(), from) == 0) {
                result += to;
                i += from.size();
                done = true;
                break;
              }
            }
            if (!done) result += ps_[i++];
          }
          ps_.swap(result);
        }
        break;
      case 'z':
        ps_.clear();
        break;
      default:
        break;
    }
  }
  return Flow::kEndCycle;
}

int Executor::run(const std::vector<std::string>& files) {
  try {
    open_outputs();
  } catch (const SedError& e) {
    ctx_.error(e.message);
    return e.status;
  }
  // -s and -i make every file its own stream (line numbers and $ restart).
  std::vector<std::vector<std::string>> units;
  if (opt_.separate || opt_.in_place) {
    for (const auto& f : files) units.push_back({f});
  } else {
    units.push_back(files);
  }
  try {
    for (const auto& unit : units) {
      if (quit_) break;
      files_ = unit;
      next_file_ = 0;
      source_.reset();
      have_lookahead_ = false;
      line_no_ = 0;
      std::string in_place_buffer;
      if (opt_.in_place) {
        const std::string& target = unit.front();
        if (target == "-") {
          ctx_.error("couldn't edit -: not a regular file");
          status_ = 4;
          continue;
        }
        auto st = ctx_.fs.stat(target);
        if (!st) {
          ctx_.error("can't read " + target + ": " + std::strerror(st.error()));
          status_ = 2;
          continue;
        }
        if (!st->is_regular()) {
          ctx_.error("couldn't edit " + target + ": not a regular file");
          status_ = 4;
          continue;
        }
        in_place_out_ = Output();
        in_place_out_.set_buffer(&in_place_buffer);
        out_ = &in_place_out_;
      }
      run_cycles();
      dump_append();
      if (opt_.in_place) {
        out_ = &stdout_;
        write_back(unit.front(), in_place_buffer);
      }
    }
  } catch (const SedError& e) {
    out_ = &stdout_;
    (void)ctx_.out().flush();
    ctx_.error(e.message);
    return e.status;
  } catch (const RegexLimitError& e) {
    out_ = &stdout_;
    (void)ctx_.out().flush();
    ctx_.error(e.what());
    return 4;
  }
  for (auto& w : writers_) (void)w->flush();
  if (quit_ && exit_code_ != 0) return exit_code_;
  return status_;
}

void Executor::run_cycles() {
  bool restart = false;
  while (!quit_) {
    ctx_.budget.check();
    if (ctx_.output_failed()) return;  // stdout is gone (EPIPE): stop like GNU on SIGPIPE
    if (restart) {
      dump_append();
    } else if (!read_pattern_space()) {
      break;
    }
    restart = false;
    switch (execute()) {
      case Flow::kContinue:
      case Flow::kEndCycle:
        end_cycle(true);
        break;
      case Flow::kEndCycleNoPrint:
        end_cycle(false);
        break;
      case Flow::kRestart:
        end_cycle(false);
        restart = true;
        break;
      case Flow::kQuit:
        end_cycle(true);
        dump_append();
        quit_ = true;
        break;
      case Flow::kQuitNoPrint:
        quit_ = true;
        break;
    }
  }
  if (quit_) give_back_unread_input();
}

// Replaces `target` with the edited text, keeping its mode; with a suffix the
// original is renamed to the backup name first ('*' stands for the base name).
void Executor::write_back(const std::string& target, const std::string& text) {
  auto st = ctx_.fs.stat(target);
  uint32_t mode = st ? (st->mode & 07777) : 0644;
  if (!opt_.suffix.empty()) {
    size_t slash = target.rfind('/');
    std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
    std::string backup;
    if (opt_.suffix.find('*') != std::string::npos) {
      for (char ch : opt_.suffix) backup += ch == '*' ? base : std::string(1, ch);
      if (backup.find('/') == std::string::npos) backup = dir + backup;
    } else {
      backup = target + opt_.suffix;
    }
    auto r = ctx_.fs.rename(target, backup);
    if (!r) {
      ctx_.error("cannot rename " + target + ": " + std::strerror(r.error()));
      status_ = 4;
      return;
    }
  }
  auto w = ctx_.fs.write_file(target, text, mode);
  if (!w) {
    ctx_.error("couldn't edit " + target + ": " + std::strerror(w.error()));
    status_ = 4;
    return;
  }
  (void)ctx_.fs.chmod(target, mode);
}

}  // namespace

int run_program(Context& ctx, Program& program, const RunOptions& options,
                const std::vector<std::string>& files) {
  Executor executor(ctx, program, options);
  return executor.run(files);
}

}  // namespace kefka::cmd::sed

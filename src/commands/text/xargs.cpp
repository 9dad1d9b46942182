// xargs: build and run command lines from standard input, GNU findutils 4.9
// behaviour. Input is tokenised as it streams in (blanks and quotes, or -0/-d
// delimiters), commands run through ctx.executor with stdin from /dev/null
// like GNU, and -P runs up to N commands at once on threads: each gets its own
// FdTable whose stdout/stderr pass only whole lines to the shared streams, so
// parallel output never interleaves inside a line.
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <list>
#include <mutex>
#include <thread>

#include "base/line_sink.h"
#include "commands/common/escape.h"
#include "commands/common/util.h"
#include "commands/options.h"
#include "commands/registry.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'0', "null", ArgKind::None, "", "items are separated by a null, not whitespace"},
    {'a', "arg-file", ArgKind::Required, "FILE", "read arguments from FILE, not standard input"},
    {'d', "delimiter", ArgKind::Required, "CHARACTER",
     "items in input stream are separated by CHARACTER, not by whitespace"},
    {'E', "", ArgKind::Required, "END", "set logical EOF string"},
    {'e', "eof", ArgKind::Optional, "END", "equivalent to -E END"},
    {'I', "", ArgKind::Required, "R", "same as --replace=R"},
    {'i', "replace", ArgKind::Optional, "R",
     "replace R in INITIAL-ARGS with names read from standard input"},
    {'L', "max-lines", ArgKind::Required, "MAX-LINES",
     "use at most MAX-LINES non-blank input lines per command line"},
    {'l', "", ArgKind::Optional, "MAX-LINES", "similar to -L but defaults to at most one line"},
    {'n', "max-args", ArgKind::Required, "MAX-ARGS",
     "use at most MAX-ARGS arguments per command line"},
    {'o', "open-tty", ArgKind::None, "", "Reopen stdin as /dev/tty in the child process"},
    {'P', "max-procs", ArgKind::Required, "MAX-PROCS", "run at most MAX-PROCS processes at a time"},
    {'p', "interactive", ArgKind::None, "", "prompt before running commands"},
    {0, "process-slot-var", ArgKind::Required, "VAR",
     "set environment variable VAR in child processes"},
    {'r', "no-run-if-empty", ArgKind::None, "",
     "if there are no arguments, then do not run COMMAND"},
    {'s', "max-chars", ArgKind::Required, "MAX-CHARS", "limit length of command line to MAX-CHARS"},
    {0, "show-limits", ArgKind::None, "", "show limits on command-line length"},
    {'t', "verbose", ArgKind::None, "", "print commands before executing them"},
    {'x', "exit", ArgKind::None, "", "exit if the size (see -s) is exceeded"},
};

constexpr size_t kDefaultMaxChars = 131072;
constexpr size_t kMaxCharsLimit = 2091775;  // GNU's bound on this machine
constexpr int kExitSomeFailed = 123;
constexpr int kExitAborted = 124;

// Thrown to stop xargs with a status after printing a message.
struct Stop {
  int status;
};

struct Settings {
  bool null_sep = false;
  std::optional<char> delimiter;
  std::optional<std::string> eof;
  std::optional<std::string> replace;
  size_t max_lines = 0;
  size_t max_args = 0;
  size_t max_chars = kDefaultMaxChars;
  int max_procs = 1;
  bool no_run_if_empty = false;
  bool verbose = false;
  bool exit_on_size = false;
  bool interactive = false;
  std::string slot_var;
  std::vector<std::string> command;
};

class Xargs {
 public:
  Xargs(Context& ctx, Settings settings) : ctx_(ctx), s_(std::move(settings)) {
    base_chars_ = 0;
    for (const auto& a : s_.command) base_chars_ += a.size() + 1;
  }

  int run(Stream& in) {
    try {
      if (base_chars_ > s_.max_chars) {
        ctx_.error("cannot fit single argument within argument list size limit");
        throw Stop{kExitFailure};
      }
      read_input(in);
      if (!pending_.empty() || (!ran_any_ && !s_.no_run_if_empty && !s_.replace)) {
        launch(std::move(pending_));
      }
      wait_all();
    } catch (const Stop& stop) {
      wait_all();
      return stop.status;
    }
    return status_;
  }

 private:
  // ---- input -------------------------------------------------------------

  void read_input(Stream& in) {
    std::string buf(64 * 1024, '\0');
    for (;;) {
      ctx_.budget.check();
      auto n = in.read(std::span<char>(buf.data(), buf.size()));
      if (!n) {
        ctx_.error_errno("read error", n.error());
        throw Stop{kExitFailure};
      }
      if (*n == 0) break;
      for (size_t i = 0; i < *n && !eof_seen_; ++i) feed(buf[i]);
      if (eof_seen_) break;
    }
    if (!eof_seen_) finish_input();
  }

  void feed(char c) {
    if (s_.null_sep || s_.delimiter) {
      char sep = s_.null_sep ? '\0' : *s_.delimiter;
      if (c == sep) {
        end_item(true);
        end_line();
      } else {
        item_ += c;
        have_item_ = true;
      }
      return;
    }
    if (quote_ != 0) {
      if (c == quote_) {
        quote_ = 0;
      } else if (c == '\n') {
        unmatched_quote();
      } else {
        item_ += c;
      }
      return;
    }
    if (escaped_) {
      escaped_ = false;
      item_ += c;
      have_item_ = true;
      line_blank_end_ = false;
      return;
    }
    bool replace_mode = s_.replace.has_value();
    if (c == '\n') {
      if (replace_mode) {
        end_item(false);
        end_line();
      } else {
        // A line ending in a blank continues on the next one; blank lines
        // do not count.
        bool continued = line_blank_end_ && !have_item_;
        end_item(false);
        if (!continued && physical_line_items_) end_line();
        physical_line_items_ = false;
      }
      line_blank_end_ = false;
      return;
    }
    if (c == ' ' || c == '\t') {
      if (replace_mode) {
        if (have_item_) item_ += c;  // leading blanks are dropped
        return;
      }
      end_item(false);
      line_blank_end_ = true;
      return;
    }
    line_blank_end_ = false;
    if (c == '\'' || c == '"') {
      quote_ = c;
      have_item_ = true;
      return;
    }
    if (c == '\\') {
      escaped_ = true;
      return;
    }
    item_ += c;
    have_item_ = true;
  }

  void unmatched_quote() {
    ctx_.error(std::string("unmatched ") + (quote_ == '\'' ? "single" : "double") +
               " quote; by default quotes are special to xargs unless you use the -0 option");
    throw Stop{kExitFailure};
  }

  void finish_input() {
    if (quote_ != 0) unmatched_quote();
    if (s_.null_sep || s_.delimiter) {
      if (have_item_) {
        end_item(true);
        end_line();
      }
      return;
    }
    end_item(false);
    if (line_has_item_) end_line();
  }

  // Ends the current item; `delimited` items may be empty (-0, -d).
  void end_item(bool delimited) {
    if (!delimited && !have_item_) return;
    std::string arg = std::move(item_);
    item_.clear();
    have_item_ = false;
    if (!delimited && s_.eof && arg == *s_.eof) {
      eof_seen_ = true;
      return;
    }
    if (s_.replace) {
      // With -I the whole line is one argument.
      add_replace_arg(arg);
      return;
    }
    add_arg(std::move(arg));
    line_has_item_ = true;
    physical_line_items_ = true;
  }

  void end_line() {
    if (eof_seen_ || s_.replace) return;
    line_has_item_ = false;
    ++lines_in_batch_;
    if (s_.max_lines > 0 && lines_in_batch_ >= s_.max_lines) flush_batch();
  }

  // ---- batching ----------------------------------------------------------

  void add_arg(std::string arg) {
    if (eof_seen_) return;
    size_t need = arg.size() + 1;
    if (base_chars_ + need > s_.max_chars) {
      ctx_.error("argument line too long");
      throw Stop{kExitFailure};
    }
    if (batch_chars_ + base_chars_ + need > s_.max_chars) {
      if (s_.exit_on_size && (s_.max_args > 0 || s_.max_lines > 0)) {
        ctx_.error("argument list too long");
        throw Stop{kExitFailure};
      }
      flush_batch();
    }
    pending_.push_back(std::move(arg));
    batch_chars_ += need;
    if (s_.max_args > 0 && pending_.size() >= s_.max_args) flush_batch();
  }

  void add_replace_arg(const std::string& line) {
    if (eof_seen_) return;
    const std::string& r = *s_.replace;
    std::vector<std::string> argv;
    size_t total = 0;
    for (const auto& a : s_.command) {
      std::string out;
      if (r.empty()) {
        out = a;
      } else {
        size_t from = 0;
        for (size_t at; (at = a.find(r, from)) != std::string::npos; from = at + r.size()) {
          out.append(a, from, at - from);
          out += line;
        }
        out.append(a, from);
      }
      total += out.size() + 1;
      argv.push_back(std::move(out));
    }
    if (total > s_.max_chars) {
      ctx_.error("argument line too long");
      throw Stop{kExitFailure};
    }
    execute(std::move(argv));
  }

  void flush_batch() {
    if (pending_.empty()) {
      lines_in_batch_ = 0;
      return;
    }
    launch(std::move(pending_));
    pending_.clear();
    batch_chars_ = 0;
    lines_in_batch_ = 0;
  }

  void launch(std::vector<std::string> args) {
    std::vector<std::string> argv = s_.command;
    argv.insert(argv.end(), std::make_move_iterator(args.begin()),
                std::make_move_iterator(args.end()));
    execute(std::move(argv));
  }

  // ---- running -----------------------------------------------------------

  bool command_exists(const std::string& name) {
    if (name.find('/') != std::string::npos) return ctx_.fs.stat(name).ok();
    if (find_command(name) != nullptr) return true;
    std::string_view path = ctx_.getenv("PATH", "/usr/bin:/bin");
    size_t start = 0;
    while (start <= path.size()) {
      size_t colon = path.find(':', start);
      if (colon == std::string_view::npos) colon = path.size();
      std::string dir(path.substr(start, colon - start));
      if (dir.empty()) dir = ".";
      dir += '/';
      dir += name;
      auto st = ctx_.fs.stat(dir);
      if (st && !st->is_dir()) return true;
      start = colon + 1;
    }
    return false;
  }

  void execute(std::vector<std::string> argv) {
    ran_any_ = true;
    if (s_.verbose || s_.interactive) {
      std::string line;
      for (size_t i = 0; i < argv.size(); ++i) {
        if (i > 0) line += ' ';
        line += quote_name(argv[i]);
      }
      if (s_.interactive) {
        ctx_.err() << line;
        ctx_.error("failed to open /dev/tty for reading: No such device or address");
        throw Stop{kExitFailure};
      }
      ctx_.err() << line << '\n';
      (void)ctx_.err().flush();  // -t traces best-effort: a lost stderr must not stop the run
    }
    if (ctx_.executor == nullptr || !command_exists(argv[0])) {
      wait_all();
      ctx_.error(argv[0] + ": No such file or directory");
      throw Stop{kExitNotFound};
    }
    ctx_.flush_output();
    if (s_.max_procs == 1) {
      FdTable fds = ctx_.fds;
      fds.set(0, std::make_shared<NullStream>());
      cmd::Environment env = ctx_.env;
      if (!s_.slot_var.empty()) env[s_.slot_var] = "0";
      int rc = ctx_.executor->run_program(ctx_, argv, env, fds);
      handle_status(argv[0], rc);
      return;
    }
    start_job(std::move(argv));
  }

  void handle_status(const std::string& name, int rc) {
    if (rc == 255) {
      wait_all();
      ctx_.error(name + ": exited with status 255; aborting");
      throw Stop{kExitAborted};
    }
    if (rc != 0) status_ = kExitSomeFailed;
  }

  struct Job {
    std::thread thread;
    std::string name;
    int slot = 0;
    int status = 0;
    bool done = false;
    std::exception_ptr error;
  };

  void start_job(std::vector<std::string> argv) {
    std::unique_lock lock(jobs_mu_);
    size_t limit = s_.max_procs <= 0 ? 64 : static_cast<size_t>(s_.max_procs);
    for (;;) {
      reap_locked(lock);
      if (jobs_.size() < limit) break;
      jobs_cv_.wait_for(lock, std::chrono::milliseconds(50));
      ctx_.budget.check();
    }
    std::vector<bool> used(limit, false);
    for (auto& j : jobs_) used[static_cast<size_t>(j->slot)] = true;
    int slot = static_cast<int>(std::find(used.begin(), used.end(), false) - used.begin());
    auto job = std::make_unique<Job>();
    job->name = argv[0];
    job->slot = slot;
    Job* raw = job.get();
    FdTable fds = ctx_.fds;
    fds.set(0, std::make_shared<NullStream>());
    fds.set(1, std::make_shared<LineSink>(ctx_.fds.get(1), out_mu_));
    fds.set(2, std::make_shared<LineSink>(ctx_.fds.get(2), out_mu_));
    cmd::Environment env = ctx_.env;
    if (!s_.slot_var.empty()) env[s_.slot_var] = std::to_string(slot);
    jobs_.push_back(std::move(job));
    raw->thread = std::thread([this, raw, argv = std::move(argv), fds, env]() mutable {
      int rc = 0;
      std::exception_ptr err;
      try {
        rc = ctx_.executor->run_program(ctx_, argv, env, fds);
      } catch (...) {
        err = std::current_exception();
      }
      fds = FdTable();  // flush the line sinks before reporting completion
      std::lock_guard guard(jobs_mu_);
      raw->status = rc;
      raw->error = err;
      raw->done = true;
      jobs_cv_.notify_all();
    });
  }

  // Joins finished jobs (jobs_mu_ held); rethrows a job's exception.
  void reap_locked(std::unique_lock<std::mutex>& lock) {
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      if (!(*it)->done) {
        ++it;
        continue;
      }
      std::unique_ptr<Job> job = std::move(*it);
      it = jobs_.erase(it);
      lock.unlock();
      job->thread.join();
      lock.lock();
      if (job->error) std::rethrow_exception(job->error);
      if (job->status == 255) {
        aborted_ = true;
        abort_name_ = job->name;
      } else if (job->status != 0) {
        status_ = kExitSomeFailed;
      }
    }
    if (aborted_ && !in_wait_all_) {
      lock.unlock();
      wait_all();
      ctx_.error(abort_name_ + ": exited with status 255; aborting");
      throw Stop{kExitAborted};
    }
  }

  void wait_all() {
    in_wait_all_ = true;
    std::unique_lock lock(jobs_mu_);
    std::exception_ptr first;
    while (!jobs_.empty()) {
      jobs_cv_.wait_for(lock, std::chrono::milliseconds(50), [&] {
        return std::any_of(jobs_.begin(), jobs_.end(), [](auto& j) { return j->done; });
      });
      try {
        reap_locked(lock);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
    in_wait_all_ = false;
    lock.unlock();
    if (first) std::rethrow_exception(first);
  }

  Context& ctx_;
  Settings s_;
  size_t base_chars_ = 0;
  size_t batch_chars_ = 0;
  size_t lines_in_batch_ = 0;
  std::vector<std::string> pending_;
  std::string item_;
  bool have_item_ = false;
  bool line_has_item_ = false;
  bool physical_line_items_ = false;
  bool line_blank_end_ = false;
  bool escaped_ = false;
  char quote_ = 0;
  bool eof_seen_ = false;
  bool ran_any_ = false;
  int status_ = kExitSuccess;

  // Shared by the LineSinks of all jobs, so their lines never interleave.
  std::shared_ptr<std::mutex> out_mu_ = std::make_shared<std::mutex>();
  std::mutex jobs_mu_;
  std::condition_variable jobs_cv_;
  std::list<std::unique_ptr<Job>> jobs_;
  bool aborted_ = false;
  bool in_wait_all_ = false;
  std::string abort_name_;
};

// -d's argument: one character or a C escape (\n, \t, \0, \x41, \101).
std::optional<char> parse_delimiter(const std::string& text) {
  if (text.size() == 1) return text[0];
  if (text.size() < 2 || text[0] != '\\') return std::nullopt;
  char c = text[1];
  if (text.size() == 2) {
    if (c == '\\') return '\\';
    if (int v = c_escape_value(c); v >= 0) return static_cast<char>(v);
  }
  if (c == 'x') {
    char* end = nullptr;
    long v = std::strtol(text.c_str() + 2, &end, 16);
    if (*end == 0 && text.size() > 2 && v < 256) return static_cast<char>(v);
    return std::nullopt;
  }
  if (c >= '0' && c <= '7') {
    char* end = nullptr;
    long v = std::strtol(text.c_str() + 1, &end, 8);
    if (*end == 0 && v < 256) return static_cast<char>(v);
  }
  return std::nullopt;
}

// A positive count option; GNU's messages for 0 and for garbage.
bool parse_count(Context& ctx, const std::string& text, char opt, size_t min, size_t* out) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != 0 || errno != 0) {
    usage_error(ctx, "invalid number \"" + text + "\" for -" + std::string(1, opt) + " option");
    return false;
  }
  if (v < static_cast<long long>(min)) {
    usage_error(ctx, "value " + text + " for -" + std::string(1, opt) +
                         " option should be >= " + std::to_string(min));
    return false;
  }
  *out = static_cast<size_t>(v);
  return true;
}

int run(Context& ctx, const Args& args) {
  Settings s;
  std::string arg_file;
  for (const auto& occ : args.options) {
    char o = occ.spec->short_name;
    std::string_view l = occ.spec->long_name;
    size_t n = 0;
    if (o == '0') {
      s.null_sep = true;
      s.delimiter.reset();
    } else if (o == 'a') {
      arg_file = occ.value;
    } else if (o == 'd') {
      auto d = parse_delimiter(occ.value);
      if (!d) {
        ctx.error("Invalid input delimiter specification " + occ.value +
                  ": the delimiter must be either a single character or an escape sequence "
                  "starting with \\.");
        return kExitFailure;
      }
      s.delimiter = d;
      s.null_sep = false;
    } else if (o == 'E' || o == 'e') {
      if (occ.value.empty()) {
        s.eof.reset();
      } else {
        s.eof = occ.value;
      }
    } else if (o == 'I' || o == 'i') {
      s.replace = (o == 'i' && !occ.has_value) ? "{}" : occ.value;
      s.max_lines = 0;
      s.max_args = 0;
    } else if (o == 'L' || o == 'l') {
      if (o == 'l' && !occ.has_value) {
        n = 1;
      } else if (!parse_count(ctx, occ.value, 'L', 1, &n)) {
        return kExitFailure;
      }
      s.max_lines = n;
      s.max_args = 0;
      s.replace.reset();
    } else if (o == 'n') {
      if (!parse_count(ctx, occ.value, 'n', 1, &n)) return kExitFailure;
      s.max_args = n;
      s.max_lines = 0;
    } else if (o == 'P') {
      if (!parse_count(ctx, occ.value, 'P', 0, &n)) return kExitFailure;
      s.max_procs = static_cast<int>(std::min<size_t>(n, 1024));
    } else if (o == 'p') {
      s.interactive = true;
    } else if (o == 'r') {
      s.no_run_if_empty = true;
    } else if (o == 's') {
      if (occ.value == "0") {
        ctx.error("value 0 for -s option should be >= 1");
        n = 1;
      } else if (!parse_count(ctx, occ.value, 's', 1, &n)) {
        return kExitFailure;
      }
      if (n > kMaxCharsLimit) {
        ctx.error("value for -s option should be <= " + std::to_string(kMaxCharsLimit));
        n = kMaxCharsLimit;
      }
      s.max_chars = n;
    } else if (o == 't') {
      s.verbose = true;
    } else if (o == 'x') {
      s.exit_on_size = true;
    } else if (l == "process-slot-var") {
      s.slot_var = occ.value;
    }
  }
  if (s.replace && s.max_lines == 0) s.exit_on_size = true;
  s.command = args.operands;
  if (s.command.empty()) s.command = {"echo"};

  StreamPtr in = ctx.in();
  if (!arg_file.empty()) {
    auto opened = ctx.open_input(arg_file);
    if (!opened) {
      ctx.error("Cannot open input file " + quote_always(arg_file) + ": " +
                std::strerror(opened.error()));
      return kExitFailure;
    }
    in = *opened;
  }
  if (in == nullptr) in = std::make_shared<NullStream>();
  Xargs xargs(ctx, std::move(s));
  return xargs.run(*in);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(xargs, {
                         .name = "xargs",
                         .usage = "xargs [OPTION]... COMMAND [INITIAL-ARGS]...",
                         .summary = "Run COMMAND with arguments INITIAL-ARGS and more arguments "
                                    "read from input.",
                         .options = kOptions,
                         .main = run,
                         .flags = kStopAtFirstOperand,
                     });

// The awk interpreter: walks the tree of awk_ast.h over the input records.
//
// Hot paths are kept allocation-free: records are read from a large buffer,
// fields are split lazily into reused strings, numeric conversions are cached
// in the values, and numeric contexts ($1 + x) read fields and variables
// without copying them.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "commands/command.h"
#include "commands/common/time_zone.h"
#include "commands/text/awk_ast.h"
#include "commands/text/awk_value.h"
#include "commands/text/regex.h"

namespace kefka::cmd::awk {

// A fatal run-time error (gawk prints "NAME: FILE:LINE: fatal: MESSAGE", status 2).
struct FatalError {
  std::string message;
};

// Reads records from a stream with a single-character, paragraph ("") or
// regex record separator.
class RecordReader {
 public:
  explicit RecordReader(StreamPtr in) : in_(std::move(in)) {}
  // mode: 0 single char `sep`, 1 paragraph, 2 regex `re`. Returns false at end.
  bool next(Budget& budget, int mode, char sep, const Regex* re, std::string& record,
            std::string& terminator);
  int error() const { return error_; }

 private:
  bool fill(Budget& budget);
  StreamPtr in_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int error_ = 0;
};

enum class Flow : uint8_t { kNormal, kBreak, kContinue, kNext, kNextFile, kExit, kReturn };

// next/nextfile/exit inside a function unwind the expression evaluation.
struct FlowSignal {
  Flow flow;
};

struct Settings {
  std::vector<std::string> assignments;  // -v
  std::vector<std::string> operands;     // ARGV[1..]
  std::string fs;
  bool fs_given = false;
};

class Interpreter {
 public:
  Interpreter(Context& ctx, Program& prog, std::vector<Source> sources, std::string progname);
  ~Interpreter();
  // Runs BEGIN, the input loop and END; returns the exit status.
  int run(const Settings& settings);

  // ---- used by the builtins (awk_builtins.cpp)
  Value eval(Node* n);
  double eval_num(Node* n);
  std::string eval_str(Node* n);
  std::string to_str(Value& v);         // CONVFMT
  std::string to_output_str(Value& v);  // OFMT
  const Regex& regex_for(Node* n);      // a regex literal or a dynamic regex string
  const Regex& regex_from_string(const std::string& s);
  Cell& cell_of(Node* var);  // a kGlobal / kLocal node
  void assign(Node* lhs, Value v);
  Value call_builtin(Node* n);
  std::string format(const std::string& fmt, std::vector<Value>& args);
  [[noreturn]] void fatal(const std::string& message);
  // Deep recursion (awk functions, huge expressions) must end in an error,
  // not a stack overflow: checks the room left on this thread's stack.
  void check_stack() {
    char probe;
    if (reinterpret_cast<uintptr_t>(&probe) < stack_floor_) stack_exhausted();
  }
  [[noreturn]] void stack_exhausted();
  Context& ctx() { return ctx_; }
  // The zone of TZ for strftime/mktime, loaded on first use.
  const TimeZone& zone() {
    if (!zone_) zone_ = TimeZone::from_env(ctx_);
    return *zone_;
  }
  bool utf8() const { return utf8_; }

 private:
  friend class Builtins;
  struct Output;
  struct Input;
  struct Coprocess;

  // records and fields
  void set_record(std::string_view text);
  void split_record();
  void rebuild_record();
  Value& field_ref(size_t i);
  void materialize(size_t i) {
    if (field_gen_[i] != gen_) {
      fields_[i].set_maybe_num(std::string_view(record_).substr(spans_[i].first, spans_[i].second));
      field_gen_[i] = gen_;
    }
  }
  void ensure_field_capacity(size_t n);
  void record_changed() {
    record_read_ = true;
    record_val_valid_ = false;
    fields_valid_ = false;
  }
  void set_field(size_t i, Value v);
  void set_nf(size_t nf);
  void split_into(std::string_view text, std::vector<std::string_view>& out, const std::string& fs,
                  bool paragraph);

  // specials
  void special_assigned(int slot);
  void update_rs();
  Value& global(int slot) { return globals_[slot].val; }

  // statements
  Flow exec(Node* n);
  Flow exec_block(Node* n);
  Flow exec_print(Node* n);
  Flow exec_delete(Node* n);
  Flow exec_switch(Node* n);
  Flow exec_for_in(Node* n);
  bool truthy(Node* n);
  bool value_truthy(Value& v);
  Value call_function(Node* n);
  Value eval_index(Node* n);
  std::string subscript(Node* n, size_t first, size_t last);
  Array& array_of(Node* var);
  int compare(Node* a, Node* b);
  int compare_values(Value& a, Value& b);
  Value incr(Node* n, bool post);
  Value getline(Node* n);
  bool match_record_pattern(Rule& r);

  // input
  bool next_main_record(std::string& record);
  bool open_next_main_file();
  void close_main_file(bool run_endfile);
  bool read_record(RecordReader& reader, std::string& record);
  void run_rules(PatternKind kind);

  // output
  BufferedWriter* output_for(int mode, const std::string& name);
  int close_stream(const std::string& name);
  // close(cmd, "to") / close(cmd, "from"): one end of a coprocess.
  int close_stream(const std::string& name, const std::string& how);
  Coprocess& coprocess(const std::string& command);
  void flush_all();
  int close_all();
  int run_shell(const std::string& command, const StreamPtr& in, const StreamPtr& out);

  // settings caches
  Context& ctx_;
  std::optional<TimeZone> zone_;
  Program& prog_;
  std::vector<Source> sources_;
  std::string progname_;
  std::vector<Cell> globals_;
  std::deque<Cell> locals_;
  size_t frame_base_ = 0;
  int call_depth_ = 0;
  Value return_value_;
  int exit_status_ = 0;
  bool exiting_ = false;
  int cur_line_ = 0;  // 0 until a statement runs
  int cur_src_ = 0;

  std::string record_;
  Value record_val_;
  bool record_val_valid_ = false;
  // Fields are split into spans of record_ and turned into Values only when
  // used (field_gen_[i] == gen_ marks fields_[i] as current).
  std::vector<Value> fields_;
  std::vector<std::pair<size_t, size_t>> spans_;
  std::vector<uint32_t> field_gen_;
  uint32_t gen_ = 1;
  size_t nf_ = 0;
  bool fields_valid_ = false;
  bool record_read_ = false;

  std::string fs_ = " ", ofs_ = " ", ors_ = "\n", subsep_ = "\034", convfmt_ = "%.6g",
              ofmt_ = "%.6g";
  int rs_mode_ = 0;
  char rs_char_ = '\n';
  const Regex* rs_regex_ = nullptr;
  const Regex* fs_regex_ = nullptr;
  const Regex* fpat_regex_ = nullptr;
  bool ignore_case_ = false;
  bool utf8_ = false;

  // main input
  size_t argv_index_ = 0;
  bool used_file_operand_ = false;
  std::unique_ptr<RecordReader> main_reader_;
  bool main_done_ = false;
  std::string terminator_;

  std::map<std::string, std::unique_ptr<Output>> outputs_;
  std::map<std::string, std::unique_ptr<Input>> inputs_;
  std::map<std::string, std::unique_ptr<Coprocess>> coprocs_;  // `print |& cmd`, `cmd |& getline`
  std::unordered_map<std::string, std::unique_ptr<Regex>> regex_cache_;
  std::unordered_map<std::string, std::unique_ptr<Regex>> regex_cache_icase_;

  uintptr_t stack_floor_ = 0;
  std::mt19937_64 rng_{0};
  double seed_ = 1;  // gawk's initial seed
  std::string scratch_;
};

}  // namespace kefka::cmd::awk

// ptx: permuted index of the words of its inputs, each keyword shown in its
// context (GNU coreutils 9.1). Default (GNU) mode splits the text into
// sentences and prints dumb-terminal lines; -G (traditional) splits lines,
// takes [^ \t\n]+ words, prints roff and accepts an OUTPUT operand. The
// inputs are read whole, as GNU does; keywords are sorted bytewise (-f: upper
// case folded), ties in input order. -S/-W regexps are GNU's Emacs syntax,
// translated to the shared ERE engine (leftmost-longest like glibc).
#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

#include "commands/command.h"
#include "commands/common/util.h"
#include "commands/text/regex.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'A', "auto-reference", ArgKind::None, "", "output automatically generated references"},
    {'G', "traditional", ArgKind::None, "", "behave more like System V 'ptx'"},
    {'F', "flag-truncation", ArgKind::Required, "STRING",
     "use STRING for flagging line truncations.\nThe default is '/'"},
    {'M', "macro-name", ArgKind::Required, "STRING", "macro name to use instead of 'xx'"},
    {'O', "", ArgKind::None, "", "generate output as roff directives"},
    {'R', "right-side-refs", ArgKind::None, "", "put references at right, not counted in -w"},
    {'S', "sentence-regexp", ArgKind::Required, "REGEXP", "for end of lines or end of sentences"},
    {'T', "", ArgKind::None, "", "generate output as TeX directives"},
    {'W', "word-regexp", ArgKind::Required, "REGEXP", "use REGEXP to match each keyword"},
    {'b', "break-file", ArgKind::Required, "FILE", "word break characters in this FILE"},
    {'f', "ignore-case", ArgKind::None, "", "fold lower case to upper case for sorting"},
    {'g', "gap-size", ArgKind::Required, "NUMBER", "gap size in columns between output fields"},
    {'i', "ignore-file", ArgKind::Required, "FILE", "read ignore word list from FILE"},
    {'o', "only-file", ArgKind::Required, "FILE", "read only word list from this FILE"},
    {'r', "references", ArgKind::None, "", "first field of each line is a reference"},
    {'t', "typeset-mode", ArgKind::None, "", "- not implemented -"},
    {'w', "width", ArgKind::Required, "NUMBER", "output width in columns, reference excluded"},
    {0, "format", ArgKind::Required, "roff|tex", "generate output as roff or TeX directives"},
};

enum class Format { kDumb, kRoff, kTex };

// Fatal errors end the run before any output, as GNU's die() does.
struct Fatal {};

int escape_digit(char c, int base) {
  if (c >= '0' && c <= '7') return c - '0';
  if (base == 8) return -1;
  if (c >= '8' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ptx's own escapes for -F, -S and -W: \xHHH, \0OOO, C letters, \c ends
// the string, a trailing backslash vanishes, others stay as written.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i == s.size()) break;
    char c = s[i];
    if (c == 'x' || c == '0') {
      int base = c == 'x' ? 16 : 8;
      int value = 0, digits = 0;
      while (digits < 3 && i + 1 < s.size() && escape_digit(s[i + 1], base) >= 0) {
        value = value * base + escape_digit(s[++i], base);
        ++digits;
      }
      if (c == 'x' && digits == 0) {
        out += "\\x";
      } else {
        out += static_cast<char>(value);
      }
      continue;
    }
    if (c == 'c') break;
    const char* letters = "abfnrtv";
    const char* values = "\a\b\f\n\r\t\v";
    if (const char* p = std::strchr(letters, c); p != nullptr && c != '\0') {
      out += values[p - letters];
    } else {
      out += '\\';
      out += c;
    }
  }
  return out;
}

// Copies the bracket expression at re[open] (which holds '[') to `out`,
// setting `close` to the index of its ']'. Emacs syntax has no [:class:]
// items, so a '[' inside is a plain member: it is moved last, where the ERE
// engine cannot read it as the start of one.
bool copy_bracket(std::string_view re, size_t open, std::string& out, size_t& close,
                  std::string& error) {
  size_t j = open + 1;
  std::string head = "[";
  if (j < re.size() && re[j] == '^') head += re[j++];
  if (j == re.size()) {
    error = "Invalid regular expression";  // glibc: nothing after the '['
    return false;
  }
  std::string members;
  if (re[j] == ']') members += re[j++];
  bool bracket_member = false;
  while (j < re.size() && re[j] != ']') {
    if (re[j] == '[') {
      bracket_member = true;
    } else {
      members += re[j];
    }
    ++j;
  }
  if (j == re.size()) {
    error = "Unmatched [, [^, [:, [., or [=";
    return false;
  }
  if (bracket_member) members += '[';
  out += head + members + "]";
  close = j;
  return true;
}

// GNU's regex syntax for ptx (RE_SYNTAX_EMACS) as a GNU ERE: \( \) \| group
// and alternate, ( ) | { } are literal, ^ and $ anchor only at the ends of
// the pattern or of a group/alternative, a leading * + ? is literal.
bool emacs_to_ere(std::string_view re, std::string& out, std::string& error) {
  bool at_start = true;  // start of the pattern, a group or an alternative
  int depth = 0;         // open \( groups
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    bool was_start = at_start;
    at_start = false;
    if (c == '\\' && i + 1 < re.size()) {
      char n = re[++i];
      if (n == '(' || n == '|') {
        depth += n == '(' ? 1 : 0;
        out += n;
        at_start = true;
      } else if (n == ')') {
        if (depth-- == 0) {
          error = "Unmatched ) or \\)";  // an ERE would take a lone ')' literally
          return false;
        }
        out += ')';
      } else {
        out += '\\';
        out += n;
      }
    } else if (c == '(' || c == ')' || c == '|' || c == '{' || c == '}') {
      out += '\\';
      out += c;
    } else if (c == '^') {
      if (was_start) {
        out += '^';
        at_start = true;
      } else {
        out += "\\^";
      }
    } else if (c == '$') {
      bool at_end = i + 1 == re.size() || (re[i + 1] == '\\' && i + 2 < re.size() &&
                                           (re[i + 2] == ')' || re[i + 2] == '|'));
      out += at_end ? "$" : "\\$";
    } else if ((c == '*' || c == '+' || c == '?') && was_start) {
      out += '\\';
      out += c;
    } else if (c == '[') {
      size_t close = 0;
      if (!copy_bracket(re, i, out, close, error)) return false;
      i = close;
    } else {
      out += c;
    }
  }
  return true;
}

struct Word {
  size_t file = 0;
  int64_t start = 0;  // offset of the keyword in its file
  int64_t size = 0;
};

struct Occurrence {
  Word key;
  int64_t left = 0;       // start of the left context (offset in the file)
  int64_t right = 0;      // end of the right context
  int64_t reference = 0;  // -A: overall line index; -r: offset of the line start
};

struct Field {
  int64_t start = 0;
  int64_t end = 0;
  int64_t width() const { return end - start; }
};

class Ptx {
 public:
  explicit Ptx(Context& ctx) : ctx_(ctx) {}
  int run(const Args& args);

 private:
  bool parse_options(const Args& args);
  void load_word_table(const std::string& name, std::vector<std::string>& table);
  std::string slurp(const std::string& name);
  std::unique_ptr<Regex> compile(const std::string& pattern);
  void find_occurrences(size_t file);
  void prepare_output();
  void define_fields(const Occurrence& occ);
  void emit_dumb();
  void emit_roff();
  void emit_tex();
  void print_field(const Field& field);
  void print_text(std::string_view text);
  // The reference (-A or -r), if shown, between `open` and `close`.
  void print_reference(std::string_view open, std::string_view close);
  void print_spaces(int64_t n);

  // Byte at `pos` of the current file, NUL past its end (GNU's buffers are
  // NUL-terminated and it reads one byte past a limit in places).
  unsigned char at(int64_t pos) const {
    return pos >= 0 && pos < static_cast<int64_t>(text_->size())
               ? static_cast<unsigned char>((*text_)[pos])
               : 0;
  }
  static bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
  void skip_white(int64_t& cursor, int64_t limit) const {
    while (cursor < limit && is_space(at(cursor))) ++cursor;
  }
  void skip_white_backwards(int64_t& cursor, int64_t start) const {
    while (cursor > start && is_space(at(cursor - 1))) --cursor;
  }
  void skip_non_white(int64_t& cursor, int64_t limit) const {
    while (cursor < limit && !is_space(at(cursor))) ++cursor;
  }
  // One word or one separator byte forward (GNU's SKIP_SOMETHING).
  void skip_something(int64_t& cursor, int64_t limit) const;
  int compare_words(std::string_view a, std::string_view b) const;
  bool in_table(std::string_view word, const std::vector<std::string>& table) const;
  std::string_view word_text(const Word& w) const {
    return std::string_view(texts_[w.file])
        .substr(static_cast<size_t>(w.start), static_cast<size_t>(w.size));
  }

  Context& ctx_;
  // Settings.
  bool gnu_ = true;
  bool auto_reference_ = false;
  bool input_reference_ = false;
  bool right_reference_ = false;
  bool ignore_case_ = false;
  int64_t line_width_ = 72;
  int64_t gap_ = 3;
  std::string truncation_ = "/";
  std::string macro_ = "xx";
  std::optional<Format> format_;
  std::optional<std::string> context_re_text_;
  std::optional<std::string> word_re_text_;
  std::optional<std::string> break_file_, ignore_file_, only_file_;
  std::vector<std::string> inputs_;  // "" for stdin
  std::optional<std::string> output_file_;
  std::unique_ptr<BufferedWriter> file_out_;  // -G's OUTPUT operand
  // Derived.
  std::unique_ptr<Regex> context_re_;
  std::unique_ptr<Regex> word_re_;
  bool word_chars_[256] = {};
  std::vector<std::string> ignore_, only_;
  std::vector<std::string> texts_;
  const std::string* text_ = nullptr;  // the file being scanned or printed
  std::vector<Occurrence> occurs_;
  std::vector<int64_t> file_line_count_;
  int64_t total_lines_ = 0;
  int64_t max_word_ = 0;
  int64_t reference_max_ = 0;
  int64_t half_ = 0, before_max_ = 0, keyafter_max_ = 0, trunc_len_ = 0;
  bool edited_[256] = {};
  // The fields of the line being printed.
  Field tail_, before_, keyafter_, head_, reference_;
  std::string auto_ref_;
  bool tail_trunc_ = false, before_trunc_ = false, keyafter_trunc_ = false, head_trunc_ = false;
  BufferedWriter* out_ = nullptr;
};

void Ptx::skip_something(int64_t& cursor, int64_t limit) const {
  if (word_re_) {
    int64_t count = -1;
    if (cursor < limit) {
      // GNU matches anchored at the cursor; a search that only accepts a
      // match there needs no more text than a long word (bounded time).
      int64_t reach = std::max(max_word_, std::min<int64_t>(half_, int64_t{1} << 30));
      int64_t window = std::min(limit - cursor, 4 * reach + 4096);
      std::string_view rest(text_->data() + cursor, static_cast<size_t>(window));
      MatchSpan m;
      if (word_re_->search(rest, 0, &m, 1) && m.begin == 0) count = static_cast<int64_t>(m.end);
    }
    cursor += count <= 0 ? 1 : count;  // GNU would loop forever on an empty match
  } else if (word_chars_[at(cursor)]) {
    int64_t from = cursor;
    while (cursor < limit && word_chars_[at(cursor)]) ++cursor;
    if (cursor == from) ++cursor;
  } else {
    ++cursor;
  }
}

int Ptx::compare_words(std::string_view a, std::string_view b) const {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int x = static_cast<unsigned char>(a[i]);
    int y = static_cast<unsigned char>(b[i]);
    if (ignore_case_) {
      x = std::toupper(x);
      y = std::toupper(y);
    }
    if (x != y) return x - y;
  }
  return (a.size() > b.size()) - (a.size() < b.size());
}

bool Ptx::in_table(std::string_view word, const std::vector<std::string>& table) const {
  auto it = std::lower_bound(table.begin(), table.end(), word,
                             [&](const std::string& e, auto w) { return compare_words(e, w) < 0; });
  return it != table.end() && compare_words(*it, word) == 0;
}

std::string Ptx::slurp(const std::string& name) {
  bool stdin_input = name.empty() || name == "-";
  auto in = ctx_.open_input(stdin_input ? "-" : name);
  int err = in ? 0 : in.error();
  if (err == 0) {
    auto data = read_stream(ctx_, **in);
    if (data) return std::move(*data);
    err = data.error();
  }
  ctx_.error(quote_name(stdin_input ? "-" : name) + ": " + std::strerror(err));
  throw Fatal{};
}

void Ptx::load_word_table(const std::string& name, std::vector<std::string>& table) {
  std::string data = slurp(name);
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    if (nl > pos) table.push_back(data.substr(pos, nl - pos));
    pos = nl + 1;
  }
  std::stable_sort(table.begin(), table.end(), [&](const std::string& a, const std::string& b) {
    return compare_words(a, b) < 0;
  });
}

std::unique_ptr<Regex> Ptx::compile(const std::string& pattern) {
  RegexOptions options{.syntax = RegexSyntax::kExtended,
                       .icase = ignore_case_,
                       .multiline = true,  // re_compile_pattern anchors at newlines
                       .utf8 = false};
  std::string error;
  std::string ere;
  std::unique_ptr<Regex> re;
  if (emacs_to_ere(pattern, ere, error)) re = Regex::compile(ere, options, &error);
  if (re == nullptr) {
    ctx_.error(error + " (for regexp " + quote(pattern) + ")");
    throw Fatal{};
  }
  return re;
}

bool Ptx::parse_options(const Args& args) {
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'G':
        gnu_ = false;
        break;
      case 'A':
        auto_reference_ = true;
        break;
      case 'F':
        truncation_ = unescape(o.value);
        break;
      case 'M':
        macro_ = o.value;
        break;
      case 'O':
        format_ = Format::kRoff;
        break;
      case 'T':
        format_ = Format::kTex;
        break;
      case 'R':
        right_reference_ = true;
        break;
      case 'S':
        context_re_text_ = unescape(o.value);
        break;
      case 'W':
        word_re_text_ = unescape(o.value);
        if (word_re_text_->empty()) word_re_text_.reset();
        break;
      case 'b':
        break_file_ = o.value;
        break;
      case 'f':
        ignore_case_ = true;
        break;
      case 'i':
        ignore_file_ = o.value;
        break;
      case 'o':
        only_file_ = o.value;
        break;
      case 'r':
        input_reference_ = true;
        break;
      case 'g':
      case 'w': {
        // xstrtoimax base 0: decimal, 0x hex or 0 octal; must be positive.
        std::string text = o.value;
        char* end = nullptr;
        errno = 0;
        long long v = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 0);
        bool ok = !text.empty() && *end == '\0' && errno == 0 && v > 0 &&
                  !std::isspace(static_cast<unsigned char>(text[0]));
        if (!ok) {
          ctx_.error(std::string(o.spec->short_name == 'g' ? "invalid gap width: "
                                                           : "invalid line width: ") +
                     quote(text));
          return false;
        }
        (o.spec->short_name == 'g' ? gap_ : line_width_) = v;
        break;
      }
      default:
        if (o.spec->long_name == "format") {
          if (o.value == "roff" ||
              (!o.value.empty() && std::string_view("roff").starts_with(o.value))) {
            format_ = Format::kRoff;
          } else if (!o.value.empty() && std::string_view("tex").starts_with(o.value)) {
            format_ = Format::kTex;
          } else {
            ctx_.error("invalid argument " + quote(o.value) + " for '--format'");
            ctx_.err() << "Valid arguments are:\n  - 'roff'\n  - 'tex'\n";
            ctx_.err() << "Try '" << ctx_.name() << " --help' for more information.\n";
            return false;
          }
        }
        break;
    }
  }
  const auto& ops = args.operands;
  if (ops.empty()) {
    inputs_.push_back("");
  } else if (gnu_) {
    for (const auto& op : ops) inputs_.push_back(op == "-" ? "" : op);
  } else {
    inputs_.push_back(ops[0] == "-" ? "" : ops[0]);
    if (ops.size() >= 2) {
      // GNU redirects stdout here, before reading anything.
      output_file_ = ops[1];
      auto opened = ctx_.open_output(*output_file_);
      if (!opened) {
        ctx_.error(quote_name(*output_file_) + ": " + std::strerror(opened.error()));
        return false;
      }
      file_out_ = std::make_unique<BufferedWriter>(*opened);
    }
    if (ops.size() > 2) {
      ctx_.error("extra operand " + quote(ops[2]));
      ctx_.err() << "Try '" << ctx_.name() << " --help' for more information.\n";
      return false;
    }
  }
  if (!format_) format_ = gnu_ ? Format::kDumb : Format::kRoff;
  return true;
}

void Ptx::find_occurrences(size_t file) {
  text_ = &texts_[file];
  const int64_t end = static_cast<int64_t>(text_->size());
  int64_t line_start = 0;
  int64_t line_scan = 0;
  int64_t reference_length = 0;
  if (input_reference_) {
    skip_non_white(line_scan, end);
    reference_length = line_scan - line_start;
    skip_white(line_scan, end);
  }
  // Advances line_start over the newlines before `pos`, counting lines.
  auto advance_lines = [&](int64_t pos) {
    while (line_scan < pos) {
      if (at(line_scan) == '\n') {
        ++total_lines_;
        line_start = ++line_scan;
        skip_non_white(line_scan, end);
        reference_length = line_scan - line_start;
      } else {
        ++line_scan;
      }
    }
  };
  int64_t next_context = 0;
  for (int64_t cursor = 0; cursor < end; cursor = next_context) {
    ctx_.budget.check();
    int64_t context_start = cursor;
    next_context = end;
    if (context_re_) {
      std::string_view rest(text_->data() + cursor, static_cast<size_t>(end - cursor));
      MatchSpan m;
      if (context_re_->search(rest, 0, &m, 1)) {
        if (m.begin == 0) {
          ctx_.error("error: regular expression has a match of length zero: " +
                     quote(*context_re_text_));
          throw Fatal{};
        }
        next_context = cursor + static_cast<int64_t>(m.end);
      }
    }
    int64_t context_end = next_context;
    skip_white_backwards(context_end, context_start);
    for (;;) {
      int64_t word_start, word_end;
      if (word_re_) {
        std::string_view rest(text_->data() + cursor,
                              static_cast<size_t>(std::max<int64_t>(0, context_end - cursor)));
        MatchSpan m;
        if (cursor > context_end || !word_re_->search(rest, 0, &m, 1)) break;
        word_start = cursor + static_cast<int64_t>(m.begin);
        word_end = cursor + static_cast<int64_t>(m.end);
      } else {
        int64_t scan = cursor;
        while (scan < context_end && !word_chars_[at(scan)]) ++scan;
        if (scan >= context_end) break;
        word_start = scan;
        while (scan < context_end && word_chars_[at(scan)]) ++scan;
        word_end = scan;
      }
      cursor = word_start;
      if (word_end == word_start) {
        ++cursor;
        continue;
      }
      Word key{file, word_start, word_end - word_start};
      cursor += key.size;
      max_word_ = std::max(max_word_, key.size);
      if (input_reference_) {
        advance_lines(key.start);
        if (line_scan > key.start) continue;  // the word is part of the reference
      }
      std::string_view word = word_text(key);
      if (!ignore_.empty() && in_table(word, ignore_)) continue;
      if (!only_.empty() && !in_table(word, only_)) continue;
      Occurrence occ;
      if (auto_reference_) {
        advance_lines(key.start);
        occ.reference = total_lines_;
      } else if (input_reference_) {
        occ.reference = line_start;
        reference_max_ = std::max(reference_max_, reference_length);
      }
      if (input_reference_ && line_start == context_start) {
        skip_non_white(context_start, context_end);
        skip_white(context_start, context_end);
      }
      occ.key = key;
      occ.left = context_start;
      occ.right = context_end;
      occurs_.push_back(occ);
      if (occurs_.size() % 4096 == 0) ctx_.budget.check();
    }
  }
}

void Ptx::prepare_output() {
  if (auto_reference_) {
    reference_max_ = 0;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      int64_t ordinal = file_line_count_[i] + 1 - (i > 0 ? file_line_count_[i - 1] : 0);
      int64_t width = static_cast<int64_t>(std::to_string(ordinal).size() + inputs_[i].size());
      reference_max_ = std::max(reference_max_, width);
    }
    ++reference_max_;
  }
  if ((auto_reference_ || input_reference_) && !right_reference_) {
    line_width_ -= reference_max_ + gap_;
  }
  line_width_ = std::max<int64_t>(line_width_, 0);
  half_ = line_width_ / 2;
  before_max_ = half_ - gap_;
  keyafter_max_ = half_;
  trunc_len_ = static_cast<int64_t>(truncation_.size());
  if (gnu_) {
    before_max_ = std::max<int64_t>(before_max_ - 2 * trunc_len_, 0);
    keyafter_max_ -= 2 * trunc_len_;
  } else {
    keyafter_max_ -= 2 * trunc_len_ + 1;
  }
  for (int c = 0; c < 256; ++c) edited_[c] = is_space(static_cast<unsigned char>(c));
  if (format_ == Format::kRoff) edited_['"'] = true;
  if (format_ == Format::kTex) {
    for (const char* p = "$%&#_{}\\"; *p; ++p) edited_[static_cast<unsigned char>(*p)] = true;
  }
}

void Ptx::define_fields(const Occurrence& occ) {
  text_ = &texts_[occ.key.file];
  const int64_t buffer_end = static_cast<int64_t>(text_->size());
  const bool flagging = !truncation_.empty();
  const int64_t key = occ.key.start;
  const int64_t right_end = occ.right;

  keyafter_ = {key, key + occ.key.size};
  int64_t cursor = keyafter_.end;
  while (cursor < right_end && cursor <= key + keyafter_max_) {
    keyafter_.end = cursor;
    skip_something(cursor, right_end);
  }
  if (cursor <= key + keyafter_max_) keyafter_.end = cursor;
  keyafter_trunc_ = flagging && keyafter_.end < right_end;
  skip_white_backwards(keyafter_.end, keyafter_.start);

  // Far left contexts: jump back a safe distance, then forward a word.
  int64_t left_field_start;
  if (key - occ.left > half_ + max_word_) {
    left_field_start = key - (half_ + max_word_);
    skip_something(left_field_start, key);
  } else {
    left_field_start = occ.left;
  }

  before_ = {left_field_start, key};
  skip_white_backwards(before_.end, before_.start);
  while (before_.start + before_max_ < before_.end) skip_something(before_.start, before_.end);
  if (flagging) {
    int64_t c = before_.start;
    skip_white_backwards(c, 0);
    before_trunc_ = c > occ.left;
  } else {
    before_trunc_ = false;
  }
  skip_white(before_.start, buffer_end);

  int64_t tail_max = before_max_ - before_.width() - gap_;
  if (tail_max > 0) {
    tail_.start = keyafter_.end;
    skip_white(tail_.start, buffer_end);
    tail_.end = tail_.start;
    cursor = tail_.end;
    while (cursor < right_end && cursor < tail_.start + tail_max) {
      tail_.end = cursor;
      skip_something(cursor, right_end);
    }
    if (cursor < tail_.start + tail_max) tail_.end = cursor;
    if (tail_.end > tail_.start) {
      keyafter_trunc_ = false;
      tail_trunc_ = flagging && tail_.end < right_end;
    } else {
      tail_trunc_ = false;
    }
    skip_white_backwards(tail_.end, tail_.start);
  } else {
    tail_ = {};
    tail_trunc_ = false;
  }

  int64_t head_max = keyafter_max_ - keyafter_.width() - gap_;
  if (head_max > 0) {
    head_.end = before_.start;
    skip_white_backwards(head_.end, 0);
    head_.start = left_field_start;
    while (head_.start + head_max < head_.end) skip_something(head_.start, head_.end);
    if (head_.end > head_.start) {
      before_trunc_ = false;
      head_trunc_ = flagging && head_.start > occ.left;
    } else {
      head_trunc_ = false;
    }
    skip_white(head_.start, head_.end);
  } else {
    head_ = {};
    head_trunc_ = false;
  }

  if (auto_reference_) {
    size_t file = occ.key.file;
    int64_t ordinal = occ.reference + 1 - (file > 0 ? file_line_count_[file - 1] : 0);
    auto_ref_ = inputs_[file] + ":" + std::to_string(ordinal);
  } else if (input_reference_) {
    reference_ = {occ.reference, occ.reference};
    skip_non_white(reference_.end, right_end);
  }
}

void Ptx::print_text(std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (!edited_[c]) {
      *out_ << ch;
      continue;
    }
    switch (c) {
      case '"':
        *out_ << "\"\"";
        break;
      case '$':
      case '%':
      case '&':
      case '#':
      case '_':
        *out_ << '\\' << ch;
        break;
      case '{':
      case '}':
        *out_ << "$\\" << ch << '$';
        break;
      case '\\':
        *out_ << "\\backslash{}";
        break;
      default:
        *out_ << ' ';
        break;
    }
  }
}

void Ptx::print_field(const Field& field) {
  if (field.end <= field.start) return;
  print_text(std::string_view(*text_).substr(static_cast<size_t>(field.start),
                                             static_cast<size_t>(field.width())));
}

void Ptx::print_spaces(int64_t n) {
  // -w/-g accept any positive 64-bit number: pad in chunks, within the budget.
  static const std::string kChunk(4096, ' ');
  while (n > 0) {
    int64_t step = std::min<int64_t>(n, static_cast<int64_t>(kChunk.size()));
    *out_ << std::string_view(kChunk).substr(0, static_cast<size_t>(step));
    n -= step;
    if (n > 0) {
      ctx_.budget.check();
      if (out_->error() != 0) return;
    }
  }
}

void Ptx::emit_dumb() {
  const bool refs = auto_reference_ || input_reference_;
  auto print_reference = [&] {
    if (auto_reference_) {
      print_text(auto_ref_);
    } else {
      print_field(reference_);
    }
  };
  int64_t ref_width = auto_reference_ ? static_cast<int64_t>(auto_ref_.size()) : reference_.width();
  if (!right_reference_) {
    // Without references this is an empty field and the gap.
    print_reference();
    if (auto_reference_) {
      *out_ << ':';
      print_spaces(reference_max_ + gap_ - ref_width - 1);
    } else {
      print_spaces(reference_max_ + gap_ - ref_width);
    }
  }
  int64_t before_used = before_.width() + (before_trunc_ ? trunc_len_ : 0);
  if (tail_.start < tail_.end) {
    print_field(tail_);
    if (tail_trunc_) *out_ << truncation_;
    print_spaces(half_ - gap_ - before_used - tail_.width() - (tail_trunc_ ? trunc_len_ : 0));
  } else {
    print_spaces(half_ - gap_ - before_used);
  }
  if (before_trunc_) *out_ << truncation_;
  print_field(before_);
  print_spaces(gap_);
  print_field(keyafter_);
  if (keyafter_trunc_) *out_ << truncation_;
  int64_t keyafter_used = keyafter_.width() + (keyafter_trunc_ ? trunc_len_ : 0);
  if (head_.start < head_.end) {
    print_spaces(half_ - keyafter_used - head_.width() - (head_trunc_ ? trunc_len_ : 0));
    if (head_trunc_) *out_ << truncation_;
    print_field(head_);
  } else if (refs && right_reference_) {
    print_spaces(half_ - keyafter_used);
  }
  if (refs && right_reference_) {
    print_spaces(gap_);
    print_reference();
  }
  *out_ << '\n';
}

void Ptx::emit_roff() {
  *out_ << '.' << macro_ << " \"";
  print_field(tail_);
  if (tail_trunc_) *out_ << truncation_;
  *out_ << "\" \"";
  if (before_trunc_) *out_ << truncation_;
  print_field(before_);
  *out_ << "\" \"";
  print_field(keyafter_);
  if (keyafter_trunc_) *out_ << truncation_;
  *out_ << "\" \"";
  if (head_trunc_) *out_ << truncation_;
  print_field(head_);
  *out_ << '"';
  print_reference(" \"", "\"");
  *out_ << '\n';
}

void Ptx::print_reference(std::string_view open, std::string_view close) {
  if (!auto_reference_ && !input_reference_) return;
  *out_ << open;
  if (auto_reference_) {
    print_text(auto_ref_);
  } else {
    print_field(reference_);
  }
  *out_ << close;
}

void Ptx::emit_tex() {
  *out_ << '\\' << macro_ << " {";
  print_field(tail_);
  *out_ << "}{";
  print_field(before_);
  *out_ << "}{";
  int64_t cursor = keyafter_.start;
  skip_something(cursor, keyafter_.end);
  print_field({keyafter_.start, cursor});
  *out_ << "}{";
  print_field({cursor, keyafter_.end});
  *out_ << "}{";
  print_field(head_);
  *out_ << '}';
  print_reference("{", "}");
  *out_ << '\n';
}

int Ptx::run(const Args& args) {
  if (!parse_options(args)) return kExitFailure;
  try {
    if (context_re_text_) {
      if (context_re_text_->empty()) context_re_text_.reset();
    } else {
      context_re_text_ = gnu_ && !input_reference_
                             ? std::string("[.?!][]\"')}]*\\($\\|\t\\|  \\)[ \t\n]*")
                             : std::string("\n");
    }
    if (context_re_text_) context_re_ = compile(*context_re_text_);
    if (word_re_text_) {
      word_re_ = compile(*word_re_text_);
    } else if (!break_file_) {
      for (int c = 0; c < 256; ++c) {
        word_chars_[c] = gnu_ ? std::isalpha(c) != 0 : !(c == ' ' || c == '\t' || c == '\n');
      }
    }
    if (break_file_) {
      std::string breaks = slurp(*break_file_);
      std::fill(std::begin(word_chars_), std::end(word_chars_), true);
      for (char c : breaks) word_chars_[static_cast<unsigned char>(c)] = false;
      if (!gnu_) word_chars_[' '] = word_chars_['\t'] = word_chars_['\n'] = false;
    }
    if (ignore_file_) load_word_table(*ignore_file_, ignore_);
    if (only_file_) load_word_table(*only_file_, only_);
    for (size_t i = 0; i < inputs_.size(); ++i) {
      texts_.push_back(slurp(inputs_[i]));
      find_occurrences(i);
      ++total_lines_;
      file_line_count_.push_back(total_lines_);
    }
  } catch (const Fatal&) {
    return kExitFailure;
  }
  std::stable_sort(occurs_.begin(), occurs_.end(), [&](const Occurrence& a, const Occurrence& b) {
    return compare_words(word_text(a.key), word_text(b.key)) < 0;
  });
  prepare_output();

  out_ = file_out_ ? file_out_.get() : &ctx_.out();
  for (size_t i = 0; i < occurs_.size(); ++i) {
    if (i % 1024 == 0) ctx_.budget.check();
    define_fields(occurs_[i]);
    switch (*format_) {
      case Format::kDumb:
        emit_dumb();
        break;
      case Format::kRoff:
        emit_roff();
        break;
      case Format::kTex:
        emit_tex();
        break;
    }
  }
  if (file_out_ && !file_out_->flush()) {
    ctx_.error(quote_name(*output_file_) + ": write error");
    return kExitFailure;
  }
  return kExitSuccess;
}

int run(Context& ctx, const Args& args) {
  Ptx ptx(ctx);
  return ptx.run(args);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(ptx, {
                       .name = "ptx",
                       .usage = "ptx [OPTION]... [INPUT]...   (without -G)\n"
                                "ptx -G [OPTION]... [INPUT [OUTPUT]]",
                       .summary = "Output a permuted index, including context, of the words in "
                                  "the input files.\n\nWith no FILE, or when FILE is -, read "
                                  "standard input.",
                       .options = kOptions,
                       .main = run,
                   });

// pr: paginate or columnate files for printing (GNU coreutils 9.1).
//
// The output is built column by column and line by line, the way GNU's pr
// does it, so that its spacing decisions come out byte for byte:
//  - text is read one "clump" at a time (a character, a tab expanded to
//    spaces, or an escape such as ^G / \007), and its width is counted;
//  - white space going to the output is held back and printed only when a
//    visible character follows, as tabs and spaces when output tabs are on;
//  - a single file in several downward columns (-COLUMN without -a) is read a
//    page ahead into a buffer and the lines are spread evenly over the
//    columns;
//  - form feeds in the input end a page early; -t keeps them, -T drops them.
// Memory is bounded by one page of text (lines_per_page * columns lines).
#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <ctime>
#include <vector>

#include "commands/command.h"
#include "commands/common/byte_reader.h"
#include "commands/common/time_zone.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr char kColumnsShort = '\x01';  // -COLUMN has no letter of its own
constexpr char kPagesShort = '\x02';

constexpr OptionSpec kOptions[] = {
    {kPagesShort, "pages", ArgKind::Required, "FIRST_PAGE[:LAST_PAGE]",
     "begin [stop] printing with page FIRST_[LAST_]PAGE"},
    {kColumnsShort, "columns", ArgKind::Required, "COLUMN",
     "output COLUMN columns and print columns down,\n"
     "  unless -a is used. Balance number of lines in the\n"
     "  columns on each page"},
    {'a', "across", ArgKind::None, "", "print columns across rather than down"},
    {'b', "", ArgKind::None, "", "balance columns on the last page"},
    {'c', "show-control-chars", ArgKind::None, "",
     "use hat notation (^G) and octal backslash notation"},
    {'d', "double-space", ArgKind::None, "", "double space the output"},
    {'D', "date-format", ArgKind::Required, "FORMAT", "use FORMAT for the header date"},
    {'e', "expand-tabs", ArgKind::Optional, "CHAR[WIDTH]",
     "expand input CHARs (TABs) to tab WIDTH (8)"},
    {'F', "form-feed", ArgKind::None, "", "use form feeds instead of newlines to separate pages"},
    {'f', "", ArgKind::None, "", "same as -F"},
    {'h', "header", ArgKind::Required, "HEADER",
     "use a centered HEADER instead of filename in page header"},
    {'i', "output-tabs", ArgKind::Optional, "CHAR[WIDTH]",
     "replace spaces with CHARs (TABs) to tab WIDTH (8)"},
    {'J', "join-lines", ArgKind::None, "", "merge full lines, turns off -W line truncation"},
    {'l', "length", ArgKind::Required, "PAGE_LENGTH",
     "set the page length to PAGE_LENGTH (66) lines"},
    {'m', "merge", ArgKind::None, "", "print all files in parallel, one in each column"},
    {'n', "number-lines", ArgKind::Optional, "SEP[DIGITS]",
     "number lines, use DIGITS (5) digits, then SEP (TAB)"},
    {'N', "first-line-number", ArgKind::Required, "NUMBER",
     "start counting with NUMBER at 1st line of first page printed"},
    {'o', "indent", ArgKind::Required, "MARGIN", "offset each line with MARGIN (zero) spaces"},
    {'r', "no-file-warnings", ArgKind::None, "", "omit warning when a file cannot be opened"},
    {'s', "separator", ArgKind::Optional, "CHAR", "separate columns by a single character"},
    {'S', "sep-string", ArgKind::Optional, "STRING", "separate columns by STRING"},
    {'t', "omit-header", ArgKind::None, "", "omit page headers and trailers"},
    {'T', "omit-pagination", ArgKind::None, "",
     "omit page headers and trailers, eliminate any pagination by form feeds"},
    {'v', "show-nonprinting", ArgKind::None, "", "use octal backslash notation"},
    {'w', "width", ArgKind::Required, "PAGE_WIDTH",
     "set page width to PAGE_WIDTH (72) characters for multiple text-column output only"},
    {'W', "page-width", ArgKind::Required, "PAGE_WIDTH",
     "set page width to PAGE_WIDTH (72) characters always"},
};

constexpr int kEof = ByteReader::kEof;
constexpr int kAnywhere = 0;  // a start position that needs no padding
constexpr int kHeaderLines = 5;
constexpr int kFooterLines = 5;

int tab_width(int tab, int pos) {
  return tab - pos % tab;
}
int after_tab(int tab, int pos) {
  return pos + tab_width(tab, pos);
}
bool printable(int c) {
  return c >= 0x20 && c < 0x7f;
}

struct Settings {
  bool parallel = false, across = false, storing = true, balance = false;
  bool explicit_columns = false;
  int columns = 1;
  bool extremities = true, keep_ff = false, form_feed = false, double_space = false;
  int lines_per_page = 66;
  int chars_per_line = 72;
  bool truncate = false, join = false;
  bool untabify = false, tabify = false;
  char input_tab = '\t', output_tab = '\t';
  int input_tab_width = 8, output_tab_width = 8;
  int margin = 0;
  bool numbered = false;
  char number_separator = '\t';
  int number_digits = 5;
  int first_line_number = 1;
  bool skip_count = true;
  bool escapes = false, control_prefix = false;
  bool ignore_failed_opens = false;
  bool use_separator = false;
  std::string separator;
  uintmax_t first_page = 1, last_page = UINTMAX_MAX;
  const std::string* header = nullptr;
  std::string date_format = "%Y-%m-%d %H:%M";
};

enum class Status { kOpen, kFfFound, kOnHold, kClosed };

struct Column {
  ByteReader* in = nullptr;
  std::string name;
  Status status = Status::kOpen;
  bool stores = false;  // lines go to the page buffer instead of the output
  int current_line = 0, lines_stored = 0, lines_to_print = 0, start_position = 0;
  bool numbered = false;
  bool full_page_printed = false;
};

class Printer {
 public:
  Printer(Context& ctx, Settings s) : ctx_(ctx), s_(std::move(s)), out_(ctx.out()) {}

  // Prints the named files (one, or several side by side with -m); returns
  // false when a file could not be opened.
  void print_files(const std::vector<std::string>& names) {
    init_parameters(names.size());
    if (!open_columns(names)) return;
    if (storing_) {
      line_start_.clear();
      line_end_.clear();
    }
    if (s_.first_page > 1) {
      if (!skip_to_page(s_.first_page)) return;
      page_number_ = s_.first_page;
    } else {
      page_number_ = 1;
    }
    init_columns();
    line_number_ = line_count_;
    while (print_page()) {
    }
    inputs_.clear();
    streams_.clear();
  }

  bool failed_opens() const { return failed_opens_; }
  bool fatal() const { return fatal_; }

 private:
  // ---- setup -------------------------------------------------------------

  void init_parameters(size_t files) {
    extremities_ = s_.extremities;
    keep_ff_ = s_.keep_ff;
    lines_per_body_ = s_.lines_per_page - kHeaderLines - kFooterLines;
    if (lines_per_body_ <= 0) {
      extremities_ = false;
      keep_ff_ = true;
    }
    if (!extremities_) lines_per_body_ = s_.lines_per_page;
    if (s_.double_space) lines_per_body_ /= 2;
    if (lines_per_body_ < 1) {
      // -d -l 1 leaves no line per page: GNU pr loops forever there.
      ctx_.error("page length too short for double spacing");
      fatal_ = true;
    }
    parallel_ = files == 0 ? false : s_.parallel;
    columns_ = parallel_ ? static_cast<int>(files) : s_.columns;
    storing_ = s_.storing;
    balance_ = s_.balance || storing_;
    use_separator_ = s_.use_separator;
    separator_ = s_.separator;
    truncate_ = s_.truncate;
    untabify_ = s_.untabify;
    tabify_ = s_.tabify;
    if (columns_ > 1) {
      if (!use_separator_) {
        separator_ = s_.join ? "\t" : " ";
        use_separator_ = true;
      } else if (!s_.join && separator_ == "\t") {
        separator_ = " ";
      }
      truncate_ = true;
      if (separator_ != "\t") untabify_ = true;
      tabify_ = true;
    } else {
      storing_ = false;
    }
    if (s_.join) truncate_ = false;
    int number_chars = 0;
    if (s_.numbered) {
      line_count_ = s_.first_line_number;
      number_width_ = s_.number_separator == '\t'
                          ? s_.number_digits + tab_width(8, s_.number_digits)
                          : s_.number_digits + 1;
      if (parallel_) number_chars = number_width_;
    }
    long useful = static_cast<long>(s_.chars_per_line) - number_chars -
                  static_cast<long>(columns_ - 1) * static_cast<long>(separator_.size());
    chars_per_column_ = useful > 0 ? static_cast<int>(useful / columns_) : 0;
    if (chars_per_column_ < 1) {
      ctx_.error("page width too narrow");
      fatal_ = true;
    }
  }

  bool open_input(const std::string& name, Column& c) {
    c.name = name == "-" ? "standard input" : name;
    auto stream = ctx_.open_input(name);
    if (!stream) {
      failed_opens_ = true;
      if (!s_.ignore_failed_opens) ctx_.error_errno(name, stream.error());
      return false;
    }
    if (name != "-") {
      if (auto st = ctx_.fs.stat(name); st && st->is_dir()) {
        // GNU opens a directory fine and fails on the first read.
        ctx_.error_errno(name, EISDIR);
        fatal_ = true;
        return false;
      }
    }
    streams_.push_back(*stream);
    inputs_.push_back(std::make_unique<ByteReader>(ctx_.budget, *streams_.back()));
    c.in = inputs_.back().get();
    c.status = Status::kOpen;
    c.full_page_printed = false;
    return true;
  }

  bool open_columns(const std::vector<std::string>& names) {
    if (fatal_) return false;
    cols_.assign(static_cast<size_t>(columns_), Column{});
    if (parallel_) {
      size_t used = 0;
      for (const std::string& name : names) {
        if (open_input(name, cols_[used])) ++used;
        if (fatal_) return false;
      }
      cols_.resize(used);
      columns_ = static_cast<int>(used);
      if (columns_ == 0) return false;
      files_ready_ = columns_;
      init_header("", false);
      return true;
    }
    Column& first = cols_[0];
    if (!names.empty()) {
      if (!open_input(names[0], first)) return false;
      init_header(names[0], names[0] != "-");
    } else {
      open_input("-", first);
      init_header("", false);
    }
    for (size_t i = 1; i < cols_.size(); ++i) {
      cols_[i].name = first.name;
      cols_[i].in = first.in;
      cols_[i].status = Status::kOpen;
    }
    files_ready_ = 1;
    return true;
  }

  void init_header(const std::string& name, bool use_mtime) {
    Timestamp t;
    if (use_mtime) {
      auto st = ctx_.fs.stat(name);
      if (st) {
        t = {st->mtime.tv_sec, st->mtime.tv_nsec};
      } else {
        use_mtime = false;
      }
    }
    if (!use_mtime) {
      if (!now_.has_value()) {
        auto d = std::chrono::system_clock::now().time_since_epoch();
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
        now_ = Timestamp{ns / 1000000000, static_cast<long>(ns % 1000000000)};
      }
      t = *now_;
    }
    date_text_ = format_local_time(ctx_, s_.date_format, t);
    file_text_ = s_.header != nullptr ? *s_.header : use_mtime ? name : "";
    header_width_available_ = s_.chars_per_line - static_cast<int>(date_text_.size()) -
                              static_cast<int>(file_text_.size());
  }

  void init_columns() {
    int h = s_.margin;
    int h_next = kAnywhere;
    if (truncate_) {
      h_next = h + chars_per_column_ + (parallel_ && s_.numbered ? number_width_ : 0);
    }
    h += static_cast<int>(separator_.size());
    for (int i = 0; i < columns_; ++i) {
      Column& c = cols_[static_cast<size_t>(i)];
      bool last = i == columns_ - 1;
      c.stores = storing_ && (!last || balance_);
      c.numbered = s_.numbered && (!parallel_ || i == 0);
      c.start_position = h;
      if (last) break;
      if (!truncate_) {
        h = kAnywhere;
        h_next = kAnywhere;
      } else {
        h = h_next + static_cast<int>(separator_.size());
        h_next = h + chars_per_column_;
      }
    }
  }

  // ---- file status -------------------------------------------------------

  int cols_ready() const {
    int n = 0;
    for (const Column& c : cols_) {
      if (c.status == Status::kOpen || c.status == Status::kFfFound ||
          (storing_ && c.lines_stored > 0 && c.lines_to_print > 0))
        ++n;
    }
    return n;
  }

  void close_column(Column& p) {
    if (p.status == Status::kClosed) return;
    if (p.in->error() != 0) {
      ctx_.error_errno(p.name, p.in->error());
      fatal_ = true;
    }
    if (!parallel_) {
      for (Column& q : cols_) {
        q.status = Status::kClosed;
        if (q.lines_stored == 0) q.lines_to_print = 0;
      }
    } else {
      p.status = Status::kClosed;
      p.lines_to_print = 0;
    }
    --files_ready_;
  }

  void hold_column(Column& p) {
    if (!parallel_) {
      for (Column& q : cols_) q.status = storing_ ? Status::kFfFound : Status::kOnHold;
    } else {
      p.status = Status::kOnHold;
    }
    p.lines_to_print = 0;
    --files_ready_;
  }

  void reset_status() {
    for (Column& c : cols_) {
      if (c.status == Status::kOnHold) {
        c.status = Status::kOpen;
        ++files_ready_;
      }
    }
    if (storing_) files_ready_ = cols_[0].status == Status::kClosed ? 0 : 1;
  }

  // ---- output primitives -------------------------------------------------

  void print_white_space() {
    int h = output_position_;
    int goal = h + spaces_not_printed_;
    int next;
    while (goal - h > 1 && (next = after_tab(s_.output_tab_width, h)) <= goal) {
      out_.put(s_.output_tab);
      h = next;
    }
    while (++h <= goal) out_.put(' ');
    output_position_ = goal;
    spaces_not_printed_ = 0;
  }

  void pad_across_to(int position) {
    if (tabify_) {
      spaces_not_printed_ = position - output_position_;
    } else {
      for (int h = output_position_; ++h <= position;) out_.put(' ');
      output_position_ = position;
    }
  }

  void print_char(char c) {
    if (tabify_) {
      if (c == ' ') {
        ++spaces_not_printed_;
        return;
      }
      if (spaces_not_printed_ > 0) print_white_space();
      if (!printable(static_cast<unsigned char>(c))) {
        if (c == '\b') --output_position_;
      } else {
        ++output_position_;
      }
    }
    out_.put(c);
  }

  void emit(const Column& p, char c) {
    if (p.stores) {
      // A page of downward columns is buffered; with -J its lines are not
      // cut at the column width, so bound it by the sandbox's string limit.
      if (buff_.size() >= ctx_.budget.limits().max_string_bytes) {
        if (!fatal_) {
          ctx_.error("page exceeds the limit of " +
                     std::to_string(ctx_.budget.limits().max_string_bytes) + " bytes");
        }
        fatal_ = true;
        return;
      }
      buff_.push_back(c);
    } else {
      print_char(c);
    }
  }

  void print_separators() {
    if (separators_not_printed_ <= 0) {
      if (spaces_not_printed_ > 0) print_white_space();
      return;
    }
    // Like GNU, only the first of several pending separators (columns that
    // printed nothing) is written out; the column positions absorb the rest.
    for (bool first = true; separators_not_printed_ > 0; --separators_not_printed_, first = false) {
      for (char ch : first ? std::string_view(separator_) : std::string_view()) {
        if (ch == ' ') {
          ++spaces_not_printed_;
        } else {
          if (spaces_not_printed_ > 0) print_white_space();
          out_.put(ch);
          ++output_position_;
        }
      }
      if (spaces_not_printed_ > 0) print_white_space();
    }
  }

  void add_line_number(const Column& p) {
    std::string digits = std::to_string(line_number_++);
    int width = s_.number_digits;
    if (static_cast<int>(digits.size()) < width) {
      digits.insert(0, static_cast<size_t>(width) - digits.size(), ' ');
    } else {
      digits.erase(0, digits.size() - static_cast<size_t>(width));  // keep low digits
    }
    for (char ch : digits) emit(p, ch);
    if (columns_ > 1) {
      if (s_.number_separator == '\t') {
        for (int i = number_width_ - width; i > 0; --i) emit(p, ' ');
      } else {
        emit(p, s_.number_separator);
      }
    } else {
      emit(p, s_.number_separator);
      if (s_.number_separator == '\t')
        output_position_ = after_tab(s_.output_tab_width, output_position_);
    }
    if (truncate_ && !parallel_) input_position_ += number_width_;
  }

  void print_header() {
    output_position_ = 0;
    pad_across_to(s_.margin);
    print_white_space();
    if (page_number_ == 0) {
      ctx_.error("page number overflow");
      fatal_ = true;
    }
    std::string page = "Page " + std::to_string(page_number_);
    int available = std::max(0, header_width_available_ - static_cast<int>(page.size()));
    int lhs = available / 2;
    int rhs = available - lhs;
    out_.write("\n\n");
    out_.write(std::string(static_cast<size_t>(s_.margin), ' '));
    out_.write(date_text_);
    out_.write(std::string(static_cast<size_t>(std::max(lhs, 1)), ' '));
    out_.write(file_text_);
    out_.write(std::string(static_cast<size_t>(std::max(rhs, 1)), ' '));
    out_.write(page);
    out_.write("\n\n\n");
    print_a_header_ = false;
    output_position_ = 0;
  }

  void pad_down(int lines) {
    if (s_.form_feed) {
      out_.put('\f');
    } else {
      for (int i = lines; i > 0; --i) out_.put('\n');
    }
  }

  void align_column(const Column& p) {
    padding_not_printed_ = p.start_position;
    if (static_cast<int>(separator_.size()) < padding_not_printed_) {
      pad_across_to(padding_not_printed_ - static_cast<int>(separator_.size()));
      padding_not_printed_ = kAnywhere;
    }
    if (use_separator_) print_separators();
    if (p.numbered) add_line_number(p);
  }

  // ---- input -------------------------------------------------------------

  // Turns c into the bytes to print in clump_ and advances input_position_.
  void to_clump(char c) {
    auto uc = static_cast<unsigned char>(c);
    clump_.clear();
    int width;
    if (c == s_.input_tab || c == '\t') {
      int tab = c == s_.input_tab ? s_.input_tab_width : 8;
      width = tab_width(tab, input_position_);
      if (untabify_) {
        clump_.assign(static_cast<size_t>(width), ' ');
      } else {
        clump_.push_back(c);
      }
    } else if (!printable(uc)) {
      if (s_.escapes || (s_.control_prefix && uc >= 0200)) {
        char esc[8];
        std::snprintf(esc, sizeof esc, "\\%03o", uc);
        clump_ = esc;
        width = 4;
      } else if (s_.control_prefix) {
        clump_ = {'^', static_cast<char>(c ^ 0100)};
        width = 2;
      } else {
        clump_.push_back(c);
        width = c == '\b' ? -1 : 0;
      }
    } else {
      clump_.push_back(c);
      width = 1;
    }
    if (width < 0 && input_position_ == 0) {
      clump_.clear();
    } else if (width < 0 && input_position_ <= -width) {
      input_position_ = 0;
    } else {
      input_position_ += width;
    }
  }

  void emit_clump(const Column& p) {
    for (char ch : clump_) emit(p, ch);
  }

  // A form feed was read: a following newline belongs to it.
  void swallow_newline(ByteReader& in) {
    int c = in.get();
    if (c != '\n') in.unget(c);
  }

  void read_rest_of_line(Column& p) {
    for (;;) {
      int c = p.in->get();
      if (c == '\n') return;
      if (c == '\f') {
        swallow_newline(*p.in);
        if (keep_ff_) print_a_ff_ = true;
        hold_column(p);
        return;
      }
      if (c == kEof) {
        close_column(p);
        return;
      }
    }
  }

  // Prints (or stores) one line of column p; false when it was cut at the
  // column width and the rest of the line still has to be skipped.
  bool read_line(Column& p) {
    int c = p.in->get();
    int last_input_position = input_position_;
    if (c == '\f' && p.full_page_printed) {
      c = p.in->get();
      if (c == '\n') c = p.in->get();
    }
    p.full_page_printed = false;
    switch (c) {
      case '\f':
        swallow_newline(*p.in);
        ff_only_ = true;
        if (print_a_header_ && !storing_) {
          pad_vertically_ = true;
          print_header();
        } else if (keep_ff_) {
          print_a_ff_ = true;
        }
        hold_column(p);
        return true;
      case kEof:
        close_column(p);
        return true;
      case '\n':
        break;
      default:
        to_clump(static_cast<char>(c));
    }
    if (truncate_ && input_position_ > chars_per_column_) {
      input_position_ = last_input_position;
      return false;
    }
    if (!p.stores) {
      pad_vertically_ = true;
      if (print_a_header_ && !storing_) print_header();
      if (parallel_ && align_empty_cols_) {
        int pending = separators_not_printed_;
        separators_not_printed_ = 0;
        for (int j = 0; j < pending; ++j) {
          align_column(cols_[static_cast<size_t>(j)]);
          ++separators_not_printed_;
        }
        padding_not_printed_ = p.start_position;
        spaces_not_printed_ = truncate_ ? chars_per_column_ : 0;
        align_empty_cols_ = false;
      }
      if (static_cast<int>(separator_.size()) < padding_not_printed_) {
        pad_across_to(padding_not_printed_ - static_cast<int>(separator_.size()));
        padding_not_printed_ = kAnywhere;
      }
      if (use_separator_) print_separators();
    }
    if (p.numbered) add_line_number(p);
    empty_line_ = false;
    if (c == '\n') return true;
    emit_clump(p);
    for (;;) {
      c = p.in->get();
      switch (c) {
        case '\n':
          return true;
        case '\f':
          swallow_newline(*p.in);
          if (keep_ff_) print_a_ff_ = true;
          hold_column(p);
          return true;
        case kEof:
          close_column(p);
          return true;
        default:
          break;
      }
      last_input_position = input_position_;
      to_clump(static_cast<char>(c));
      if (truncate_ && input_position_ > chars_per_column_) {
        input_position_ = last_input_position;
        return false;
      }
      emit_clump(p);
    }
  }

  // Prints the next stored line of column p.
  bool print_stored(Column& p) {
    size_t line = static_cast<size_t>(p.current_line++);
    pad_vertically_ = true;
    if (print_a_header_) print_header();
    if (p.status == Status::kFfFound) {
      for (Column& q : cols_) q.status = Status::kOnHold;
      if (cols_[0].lines_to_print <= 0) {
        if (!extremities_) pad_vertically_ = false;
        return true;  // a header only
      }
    }
    if (static_cast<int>(separator_.size()) < padding_not_printed_) {
      pad_across_to(padding_not_printed_ - static_cast<int>(separator_.size()));
      padding_not_printed_ = kAnywhere;
    }
    if (use_separator_) print_separators();
    for (size_t i = line_start_[line]; i < line_start_[line + 1]; ++i) print_char(buff_[i]);
    if (spaces_not_printed_ == 0) {
      output_position_ = p.start_position + line_end_[line];
      if (p.start_position - static_cast<int>(separator_.size()) == s_.margin)
        output_position_ -= static_cast<int>(separator_.size());
    }
    return true;
  }

  bool print_line(Column& p) { return p.stores ? print_stored(p) : read_line(p); }

  // Reads a page of a single file into the buffer and spreads its lines over
  // the columns.
  void store_columns() {
    buff_.clear();
    line_start_.clear();
    line_end_.clear();
    for (Column& c : cols_) c.lines_stored = 0;
    int last_col = balance_ ? columns_ : columns_ - 1;
    size_t start = 0;
    for (int i = 0; i < last_col && files_ready_ > 0 && !fatal_; ++i) {
      Column& p = cols_[static_cast<size_t>(i)];
      p.current_line = static_cast<int>(line_start_.size());
      for (int j = lines_per_body_; j > 0 && files_ready_ > 0 && !fatal_; --j) {
        if (p.status != Status::kOpen) continue;
        input_position_ = 0;
        if (!read_line(p)) read_rest_of_line(p);
        if (p.status == Status::kOpen || start != buff_.size()) {
          ++p.lines_stored;
          line_start_.push_back(start);
          line_end_.push_back(input_position_);
          start = buff_.size();
        }
      }
      ctx_.budget.check();
    }
    line_start_.push_back(start);
    if (balance_) spread_lines(static_cast<int>(line_end_.size()));
  }

  void spread_lines(int total) {
    int first = 0;
    for (int i = 0; i < columns_; ++i) {
      Column& p = cols_[static_cast<size_t>(i)];
      int lines = total / columns_ + (i < total % columns_ ? 1 : 0);
      p.lines_stored = lines;
      p.current_line = first;
      first += lines;
    }
  }

  void init_page() {
    if (storing_) {
      store_columns();
      for (int i = 0; i < columns_; ++i) {
        Column& p = cols_[static_cast<size_t>(i)];
        if (i < columns_ - 1 || balance_) {
          p.lines_to_print = p.lines_stored;
        } else {
          p.lines_to_print = p.status == Status::kOpen ? lines_per_body_ : 0;
        }
      }
      return;
    }
    for (Column& p : cols_) p.lines_to_print = p.status == Status::kOpen ? lines_per_body_ : 0;
  }

  // ---- pages -------------------------------------------------------------

  bool print_page() {
    if (fatal_ || ctx_.output_failed()) return false;
    ctx_.budget.check();
    init_page();
    if (fatal_ || cols_ready() == 0) return false;
    if (extremities_) print_a_header_ = true;
    pad_vertically_ = false;
    bool any_line = false;
    int lines_left = lines_per_body_ * (s_.double_space ? 2 : 1);
    while (lines_left > 0 && cols_ready() > 0) {
      output_position_ = 0;
      spaces_not_printed_ = 0;
      separators_not_printed_ = 0;
      pad_vertically_ = false;
      align_empty_cols_ = false;
      empty_line_ = true;
      for (int j = 0; j < columns_; ++j) {
        Column& p = cols_[static_cast<size_t>(j)];
        input_position_ = 0;
        if (p.lines_to_print > 0 || p.status == Status::kFfFound) {
          ff_only_ = false;
          padding_not_printed_ = p.start_position;
          if (!print_line(p)) read_rest_of_line(p);
          any_line |= pad_vertically_;
          --p.lines_to_print;
          if (p.lines_to_print <= 0 && cols_ready() == 0) break;
          if (parallel_ && p.status != Status::kOpen) {
            if (empty_line_) {
              align_empty_cols_ = true;
            } else if (p.status == Status::kClosed || (p.status == Status::kOnHold && ff_only_)) {
              align_column(p);
            }
          }
        } else if (parallel_) {
          if (empty_line_) {
            align_empty_cols_ = true;
          } else {
            align_column(p);
          }
        }
        if (use_separator_) ++separators_not_printed_;
      }
      if (pad_vertically_) {
        out_.put('\n');
        --lines_left;
      }
      if (cols_ready() == 0 && !extremities_) break;
      if (s_.double_space && any_line) {
        out_.put('\n');
        --lines_left;
      }
    }
    if (lines_left == 0) {
      for (Column& p : cols_) {
        if (p.status == Status::kOpen) p.full_page_printed = true;
      }
    }
    pad_vertically_ = any_line;
    if (pad_vertically_ && extremities_) {
      pad_down(lines_left + kFooterLines);
    } else if (keep_ff_ && print_a_ff_) {
      out_.put('\f');
      print_a_ff_ = false;
    }
    if (s_.last_page < ++page_number_) return false;
    reset_status();
    return !fatal_;
  }

  // ---- skipping pages (+FIRST_PAGE) --------------------------------------

  void skip_line(Column& p, int column_number) {
    ByteReader& in = *p.in;
    int c = in.get();
    if (c == '\f' && p.full_page_printed) {
      c = in.get();
      if (c == '\n') c = in.get();
    }
    p.full_page_printed = false;
    bool single_ff = c == '\f';
    if (last_line_) p.full_page_printed = true;
    while (c != '\n') {
      if (c == '\f') {
        if (last_line_) {
          if (!parallel_) {
            for (Column& q : cols_) q.full_page_printed = false;
          } else {
            p.full_page_printed = false;
          }
        }
        swallow_newline(in);
        hold_column(p);
        break;
      }
      if (c == kEof) {
        close_column(p);
        break;
      }
      c = in.get();
    }
    if (s_.skip_count && (!parallel_ || column_number == 1) && !single_ff) ++line_count_;
  }

  bool skip_to_page(uintmax_t page) {
    for (uintmax_t n = 1; n < page; ++n) {
      ctx_.budget.check();
      for (int i = 1; i < lines_per_body_; ++i) {
        for (int j = 0; j < columns_; ++j) {
          if (cols_[static_cast<size_t>(j)].status == Status::kOpen)
            skip_line(cols_[static_cast<size_t>(j)], j + 1);
        }
      }
      last_line_ = true;
      for (int j = 0; j < columns_; ++j) {
        if (cols_[static_cast<size_t>(j)].status == Status::kOpen)
          skip_line(cols_[static_cast<size_t>(j)], j + 1);
      }
      if (storing_) {
        for (Column& c : cols_) {
          if (c.status != Status::kClosed) c.status = Status::kOnHold;
        }
      }
      reset_status();
      last_line_ = false;
      if (files_ready_ < 1) {
        ctx_.error("starting page number " + std::to_string(page) + " exceeds page count " +
                   std::to_string(n));
        break;
      }
    }
    return files_ready_ > 0;
  }

  Context& ctx_;
  Settings s_;
  BufferedWriter& out_;
  std::vector<StreamPtr> streams_;
  std::vector<std::unique_ptr<ByteReader>> inputs_;
  std::vector<Column> cols_;

  // derived settings
  bool extremities_ = true, keep_ff_ = false, parallel_ = false, storing_ = false;
  bool balance_ = false, use_separator_ = false, truncate_ = false;
  bool untabify_ = false, tabify_ = false;
  std::string separator_;
  int columns_ = 1, lines_per_body_ = 0, chars_per_column_ = 0, number_width_ = 0;

  // the header
  std::optional<Timestamp> now_;
  std::string date_text_, file_text_;
  int header_width_available_ = 0;

  // the page buffer of downward columns
  std::string buff_;
  std::vector<size_t> line_start_;
  std::vector<int> line_end_;
  std::string clump_;

  // printing state
  int output_position_ = 0, input_position_ = 0;
  int spaces_not_printed_ = 0, separators_not_printed_ = 0, padding_not_printed_ = 0;
  bool pad_vertically_ = false, align_empty_cols_ = false, empty_line_ = false;
  bool ff_only_ = false, print_a_header_ = false, print_a_ff_ = false, last_line_ = false;
  int files_ready_ = 0;
  uintmax_t page_number_ = 1;
  int line_number_ = 1, line_count_ = 1;
  bool failed_opens_ = false, fatal_ = false;
};

void usage_hint(Context& ctx) {
  ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
}

// GNU getoptnum(): an int in [min, INT_MAX], or a printed error.
std::optional<int> option_number(Context& ctx, const std::string& text, int min,
                                 std::string_view what) {
  std::string_view digits = text;
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative || (!digits.empty() && digits[0] == '+')) digits.remove_prefix(1);
  bool ok = !digits.empty() &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) {
    ctx.error(std::string(what) + ": " + quote(text));
    return std::nullopt;
  }
  long long v = 0;
  bool overflow = false;
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > INT_MAX + 1LL) {
      overflow = true;
      break;
    }
  }
  if (negative) v = -v;
  if (overflow || v < min || v > INT_MAX) {
    ctx.error(std::string(what) + ": " + quote(text) + ": Numerical result out of range");
    return std::nullopt;
  }
  return static_cast<int>(v);
}

// -e, -i, -n arguments: [CHAR][WIDTH].
bool char_and_width(Context& ctx, std::string_view arg, char option, char& ch, int& width) {
  if (!arg.empty() && !(arg[0] >= '0' && arg[0] <= '9')) {
    ch = arg[0];
    arg.remove_prefix(1);
  }
  if (arg.empty()) return true;
  long long v = 0;
  bool ok = true;
  for (char c : arg) {
    if (c < '0' || c > '9' || v > INT_MAX) {
      ok = false;
      break;
    }
    v = v * 10 + (c - '0');
  }
  if (!ok || v <= 0 || v > INT_MAX) {
    ctx.error(std::string("'-") + option +
              "' extra characters or invalid number in the argument: " + quote(arg));
    usage_hint(ctx);
    return false;
  }
  width = static_cast<int>(v);
  return true;
}

// FIRST[:LAST]
bool parse_pages(std::string_view text, Settings& s) {
  auto number = [](std::string_view& t, uintmax_t& out) {
    size_t i = 0;
    uintmax_t v = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      if (v > (UINTMAX_MAX - 9) / 10) return false;
      v = v * 10 + static_cast<uintmax_t>(t[i++] - '0');
    }
    if (i == 0) return false;
    out = v;
    t.remove_prefix(i);
    return true;
  };
  uintmax_t first = 0, last = UINTMAX_MAX;
  if (!number(text, first) || first == 0) return false;
  if (!text.empty() && text[0] == ':') {
    text.remove_prefix(1);
    if (!number(text, last) || last < first) return false;
  }
  if (!text.empty()) return false;
  s.first_page = first;
  s.last_page = last;
  return true;
}

int run(Context& ctx, const Args& args) {
  Settings s;
  bool old_options = false, old_w = false, old_s = false;
  bool pages_given = false;
  // "-3a": the digits are a column count, the letters after them flags.
  std::vector<Args::Occurrence> options;
  for (const auto& o : args.options) {
    size_t digits = o.numeric_shorthand ? o.value.find_first_not_of("0123456789") : 0;
    if (!o.numeric_shorthand || digits == std::string::npos) {
      options.push_back(o);
      continue;
    }
    options.push_back({o.spec, o.value.substr(0, digits), true, true});
    for (char c : o.value.substr(digits)) {
      const OptionSpec* flag = nullptr;
      for (const OptionSpec& spec : kOptions) {
        if (spec.short_name == c && spec.arg == ArgKind::None) flag = &spec;
      }
      if (flag == nullptr) {
        ctx.error(std::string("invalid option -- '") + c + "'");
        usage_hint(ctx);
        return kExitFailure;
      }
      options.push_back({flag, "", false, false});
    }
  }
  // Like GNU, consecutive -NUM options make one number (-1 -2 is 12).
  std::string column_digits;
  bool digits_pending = false;
  for (const auto& o : options) {
    if (o.numeric_shorthand) {
      column_digits = digits_pending ? column_digits + o.value : o.value;
      digits_pending = true;
      continue;
    }
    digits_pending = false;
    switch (o.spec->short_name) {
      case kPagesShort:
        if (!parse_pages(o.value, s)) {
          ctx.error("invalid page range " + quote(o.value));
          return kExitFailure;
        }
        pages_given = true;
        break;
      case kColumnsShort: {  // --columns, which overrides earlier -NUM
        auto n = option_number(ctx, o.value, 1, "invalid number of columns");
        if (!n) return kExitFailure;
        s.columns = *n;
        s.explicit_columns = true;
        column_digits.clear();
        break;
      }
      case 'a':
        s.across = true;
        s.storing = false;
        break;
      case 'b':
        s.balance = true;
        break;
      case 'c':
        s.control_prefix = true;
        break;
      case 'd':
        s.double_space = true;
        break;
      case 'D':
        s.date_format = o.value;
        break;
      case 'e':
        if (o.has_value && !char_and_width(ctx, o.value, 'e', s.input_tab, s.input_tab_width))
          return kExitFailure;
        s.untabify = true;
        break;
      case 'f':
      case 'F':
        s.form_feed = true;
        break;
      case 'h':
        s.header = &o.value;
        break;
      case 'i':
        if (o.has_value && !char_and_width(ctx, o.value, 'i', s.output_tab, s.output_tab_width))
          return kExitFailure;
        s.tabify = true;
        break;
      case 'J':
        s.join = true;
        break;
      case 'l': {
        auto n = option_number(ctx, o.value, 1, "'-l PAGE_LENGTH' invalid number of lines");
        if (!n) return kExitFailure;
        s.lines_per_page = *n;
        break;
      }
      case 'm':
        s.parallel = true;
        s.storing = false;
        break;
      case 'n':
        s.numbered = true;
        if (o.has_value && !char_and_width(ctx, o.value, 'n', s.number_separator, s.number_digits))
          return kExitFailure;
        break;
      case 'N': {
        auto n = option_number(ctx, o.value, INT_MIN, "'-N NUMBER' invalid starting line number");
        if (!n) return kExitFailure;
        s.first_line_number = *n;
        s.skip_count = false;
        break;
      }
      case 'o': {
        auto n = option_number(ctx, o.value, 0, "'-o MARGIN' invalid line offset");
        if (!n) return kExitFailure;
        s.margin = *n;
        break;
      }
      case 'r':
        s.ignore_failed_opens = true;
        break;
      case 's':
        old_options = true;
        old_s = true;
        if (!s.use_separator && o.has_value) s.separator = o.value;
        break;
      case 'S':
        old_s = false;
        s.separator.clear();
        s.use_separator = true;
        if (o.has_value) s.separator = o.value;
        break;
      case 't':
        s.extremities = false;
        s.keep_ff = true;
        break;
      case 'T':
        s.extremities = false;
        s.keep_ff = false;
        break;
      case 'v':
        s.escapes = true;
        break;
      case 'w': {
        old_options = true;
        old_w = true;
        auto n = option_number(ctx, o.value, 1, "'-w PAGE_WIDTH' invalid number of characters");
        if (!n) return kExitFailure;
        if (!s.truncate) s.chars_per_line = *n;
        break;
      }
      case 'W': {
        old_w = false;
        s.truncate = true;
        auto n = option_number(ctx, o.value, 1, "'-W PAGE_WIDTH' invalid number of characters");
        if (!n) return kExitFailure;
        s.chars_per_line = *n;
        break;
      }
      default:
        break;
    }
  }
  if (!column_digits.empty()) {
    auto n = option_number(ctx, column_digits, 1, "invalid number of columns");
    if (!n) return kExitFailure;
    s.columns = *n;
    s.explicit_columns = true;
  }
  if (s.parallel && s.explicit_columns) {
    ctx.error("cannot specify number of columns when printing in parallel");
    return kExitFailure;
  }
  if (s.parallel && s.across) {
    ctx.error("cannot specify both printing across and printing in parallel");
    return kExitFailure;
  }
  if (old_options) {
    if (old_w) {
      if (s.parallel || s.explicit_columns) {
        s.truncate = true;
        if (old_s) s.use_separator = true;
      } else {
        s.join = true;
      }
    } else if (!s.use_separator && old_s && (s.parallel || s.explicit_columns)) {
      if (!s.truncate) {
        s.join = true;
        if (!s.separator.empty()) s.use_separator = true;
      } else {
        s.use_separator = true;
      }
    }
  }
  // An operand "+FIRST[:LAST]" selects pages unless --pages did.
  std::vector<std::string> files;
  for (const std::string& operand : args.operands) {
    if (!pages_given && operand.size() > 1 && operand[0] == '+' &&
        parse_pages(std::string_view(operand).substr(1), s)) {
      pages_given = true;
      continue;
    }
    files.push_back(operand);
  }
  bool failed = false;
  auto print = [&](const std::vector<std::string>& names) {
    Printer printer(ctx, s);
    printer.print_files(names);
    failed |= printer.failed_opens();
    return !printer.fatal();
  };
  if (files.empty()) {
    if (!print({})) return kExitFailure;
  } else if (s.parallel) {
    if (!print(files)) return kExitFailure;
  } else {
    for (const std::string& f : files) {
      if (!print({f})) return kExitFailure;
      if (ctx.output_failed()) break;
    }
  }
  return failed ? kExitFailure : kExitSuccess;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(pr, {
                      .name = "pr",
                      .usage = "pr [OPTION]... [FILE]...",
                      .summary = "Paginate or columnate FILE(s) for printing.\n\nWith no FILE, or "
                                 "when FILE is -, read standard input.",
                      .options = kOptions,
                      .main = run,
                      .flags = kNumericShorthand,
                      .number_option = kColumnsShort,
                  });

// fmt: simple optimal text formatter (GNU coreutils 9.1).
//
// Paragraphs are split at blank lines and indentation changes, then filled
// with GNU's cost model: each line should come close to the goal width (93%
// of the maximum), neighbouring lines should have similar lengths, and breaks
// after sentence ends or punctuation are preferred while breaks that leave a
// sentence's first or last word alone on a line are penalised. The best
// breaks are found by dynamic programming from the paragraph's end. Like GNU,
// a paragraph is buffered up to 5000 bytes / 1000 words; beyond that the text
// so far is flushed at a cheap break and formatting continues, so memory stays
// bounded on any input.
#include <cctype>
#include <cstring>
#include <limits>
#include <vector>

#include "commands/command.h"
#include "commands/common/byte_reader.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'c', "crown-margin", ArgKind::None, "", "preserve indentation of first two lines"},
    {'p', "prefix", ArgKind::Required, "STRING",
     "reformat only lines beginning with STRING,\n"
     "  reattaching the prefix to reformatted lines"},
    {'s', "split-only", ArgKind::None, "", "split long lines, but do not refill"},
    {'t', "tagged-paragraph", ArgKind::None, "", "indentation of first line different from second"},
    {'u', "uniform-spacing", ArgKind::None, "", "one space between words, two after sentences"},
    {'w', "width", ArgKind::Required, "WIDTH", "maximum line width (default of 75 columns)"},
    {'g', "goal", ArgKind::Required, "WIDTH", "goal width (default of 93% of width)"},
};

using Cost = long long;
constexpr Cost kMaxCost = std::numeric_limits<Cost>::max();
constexpr int kTabWidth = 8;
constexpr int kLeeway = 7;     // percent below the maximum width aimed for
constexpr int kDefIndent = 3;  // tagged paragraph of one line: second-line indent
constexpr size_t kMaxChars = 5000;
constexpr size_t kMaxWords = 1000;
constexpr int kEof = ByteReader::kEof;

constexpr Cost equiv(Cost n) {
  return n * n;
}
constexpr Cost short_cost(Cost n) {
  return equiv(n * 10);
}
constexpr Cost ragged_cost(Cost n) {
  return short_cost(n) / 2;
}
constexpr Cost kLineCost = equiv(70);
constexpr Cost widow_cost(Cost n) {
  return equiv(200) / (n + 2);
}
constexpr Cost orphan_cost(Cost n) {
  return equiv(150) / (n + 2);
}
constexpr Cost kSentenceBonus = equiv(50);
constexpr Cost kNoBreakCost = equiv(600);
constexpr Cost kParenBonus = equiv(40);
constexpr Cost kPunctBonus = equiv(40);

// strchr() semantics, where the terminating NUL is part of every set.
bool in_set(const char* set, int c) {
  return c == 0 || std::strchr(set, c) != nullptr;
}
bool is_open(int c) {
  return in_set("(['`\"", c);
}
bool is_close(int c) {
  return in_set(")]'\"", c);
}
bool is_period(int c) {
  return in_set(".?!", c);
}
bool is_space(int c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

struct Word {
  size_t text = 0;  // offset in the paragraph buffer
  int length = 0;
  int space = 0;  // spaces after the word
  bool paren = false, period = false, punct = false, final = false;
  int line_length = 0;  // length of the best line starting here
  Cost best_cost = 0;   // cost of the best paragraph from here
  size_t next_break = 0;
};

struct Settings {
  bool crown = false, tagged = false, split = false, uniform = false;
  std::string prefix;  // without leading and trailing spaces
  int prefix_lead_space = 0;
  int prefix_full_length = 0;  // with its trailing spaces
  int max_width = 75;
  int goal_width = 70;
};

class Formatter {
 public:
  Formatter(const Settings& s, BufferedWriter& out, ByteReader& in, Budget& budget)
      : s_(s), out_(out), in_(in), budget_(budget) {
    words_.resize(kMaxWords + 1);
    para_.reserve(kMaxChars);
  }

  void run() {
    next_char_ = get_prefix();
    while (get_paragraph()) {
      fmt_paragraph();
      put_paragraph(word_limit_);
    }
  }

 private:
  int prefix_length() const { return static_cast<int>(s_.prefix.size()); }

  bool same_para(int c) const {
    return next_prefix_indent_ == prefix_indent_ &&
           in_column_ >= next_prefix_indent_ + s_.prefix_full_length && c != '\n' && c != kEof;
  }

  int get_space(int c) {
    for (;; c = in_.get()) {
      if (c == ' ') {
        ++in_column_;
      } else if (c == '\t') {
        tabs_ = true;
        in_column_ = (in_column_ / kTabWidth + 1) * kTabWidth;
      } else {
        return c;
      }
    }
  }

  // Reads the indentation and prefix of a line; returns its next byte.
  int get_prefix() {
    in_column_ = 0;
    int c = get_space(in_.get());
    if (s_.prefix.empty()) {
      next_prefix_indent_ = std::min(s_.prefix_lead_space, in_column_);
      return c;
    }
    next_prefix_indent_ = in_column_;
    for (char pc : s_.prefix) {
      if (c != static_cast<unsigned char>(pc)) return c;
      ++in_column_;
      c = in_.get();
    }
    return get_space(c);
  }

  // Copies a line that is not part of any paragraph.
  int copy_rest(int c) {
    out_column_ = 0;
    if (in_column_ > next_prefix_indent_ || (c != '\n' && c != kEof)) {
      put_space(next_prefix_indent_);
      for (size_t i = 0; out_column_ != in_column_ && i < s_.prefix.size(); ++out_column_)
        out_.put(s_.prefix[i++]);
      if (c != kEof && c != '\n') put_space(in_column_ - out_column_);
      if (c == kEof && in_column_ >= next_prefix_indent_ + prefix_length()) out_.put('\n');
    }
    while (c != '\n' && c != kEof) {
      out_.put(static_cast<char>(c));
      c = in_.get();
    }
    return c;
  }

  bool get_paragraph() {
    last_line_length_ = 0;
    int c = next_char_;
    while (c == '\n' || c == kEof || next_prefix_indent_ < s_.prefix_lead_space ||
           in_column_ < next_prefix_indent_ + s_.prefix_full_length) {
      c = copy_rest(c);
      if (c == kEof) {
        next_char_ = kEof;
        return false;
      }
      out_.put('\n');
      c = get_prefix();
    }
    prefix_indent_ = next_prefix_indent_;
    first_indent_ = in_column_;
    para_.clear();
    word_limit_ = 0;
    c = get_line(c);
    set_other_indent(same_para(c));
    if (s_.split) {
      // one line per paragraph
    } else if (s_.crown) {
      if (same_para(c)) {
        do c = get_line(c);
        while (same_para(c) && in_column_ == other_indent_);
      }
    } else if (s_.tagged) {
      if (same_para(c) && in_column_ != first_indent_) {
        do c = get_line(c);
        while (same_para(c) && in_column_ == other_indent_);
      }
    } else {
      while (same_para(c) && in_column_ == other_indent_) c = get_line(c);
    }
    words_[word_limit_ - 1].period = words_[word_limit_ - 1].final = true;
    next_char_ = c;
    return true;
  }

  void set_other_indent(bool same_paragraph) {
    if (s_.split) {
      other_indent_ = first_indent_;
    } else if (s_.crown) {
      other_indent_ = same_paragraph ? in_column_ : first_indent_;
    } else if (s_.tagged) {
      if (same_paragraph && in_column_ != first_indent_) {
        other_indent_ = in_column_;
      } else if (other_indent_ == first_indent_) {
        other_indent_ = first_indent_ == 0 ? kDefIndent : 0;
      }
    } else {
      other_indent_ = first_indent_;
    }
  }

  void check_punctuation(Word& w) {
    const char* start = para_.data() + w.text;
    const char* finish = start + (w.length - 1);
    w.paren = is_open(static_cast<unsigned char>(*start));
    w.punct = std::ispunct(static_cast<unsigned char>(*finish)) != 0;
    while (start < finish && is_close(static_cast<unsigned char>(*finish))) --finish;
    w.period = is_period(static_cast<unsigned char>(*finish));
  }

  // Reads the words of one line into the paragraph; returns the first byte
  // after the next line's prefix.
  int get_line(int c) {
    budget_.check();
    do {
      Word* w = &words_[word_limit_];
      w->text = para_.size();
      do {
        if (para_.size() == kMaxChars) {
          set_other_indent(true);
          flush_paragraph();
          w = &words_[word_limit_];
        }
        para_.push_back(static_cast<char>(c));
        c = in_.get();
      } while (c != kEof && !is_space(c));
      w->length = static_cast<int>(para_.size() - w->text);
      in_column_ += w->length;
      check_punctuation(*w);
      int start = in_column_;
      c = get_space(c);
      w->space = in_column_ - start;
      w->final = c == kEof || (w->period && (c == '\n' || w->space > 1));
      if (c == '\n' || c == kEof || s_.uniform) w->space = w->final ? 2 : 1;
      if (word_limit_ == kMaxWords - 2) {
        set_other_indent(true);
        flush_paragraph();
      }
      ++word_limit_;
    } while (c != '\n' && c != kEof);
    return get_prefix();
  }

  // The paragraph buffer is full: print all but its last line or so, keeping
  // the rest as the start of the paragraph.
  void flush_paragraph() {
    if (word_limit_ == 0) {
      out_.write(para_);
      para_.clear();
      return;
    }
    fmt_paragraph();
    size_t split_point = word_limit_;
    Cost best_break = kMaxCost;
    for (size_t w = words_[0].next_break; w != word_limit_; w = words_[w].next_break) {
      Cost here = words_[w].best_cost - words_[words_[w].next_break].best_cost;
      if (here < best_break) {
        split_point = w;
        best_break = here;
      }
      if (best_break <= kMaxCost - kLineCost) best_break += kLineCost;
    }
    put_paragraph(split_point);
    size_t shift = words_[split_point].text;
    para_.erase(0, shift);
    for (size_t w = split_point; w <= word_limit_; ++w) words_[w].text -= shift;
    std::copy(words_.begin() + static_cast<long>(split_point),
              words_.begin() + static_cast<long>(word_limit_) + 1, words_.begin());
    word_limit_ -= split_point;
  }

  Cost base_cost(size_t i) const {
    Cost cost = kLineCost;
    const Word& w = words_[i];
    if (i > 0) {
      const Word& prev = words_[i - 1];
      if (prev.period) {
        cost += prev.final ? -kSentenceBonus : kNoBreakCost;
      } else if (prev.punct) {
        cost -= kPunctBonus;
      } else if (i > 1 && words_[i - 2].final) {
        cost += widow_cost(prev.length);
      }
    }
    if (w.paren) {
      cost -= kParenBonus;
    } else if (w.final) {
      cost += orphan_cost(w.length);
    }
    return cost;
  }

  Cost line_cost(size_t next, int len) const {
    if (next == word_limit_) return 0;
    Cost cost = short_cost(s_.goal_width - len);
    if (words_[next].next_break != word_limit_) cost += ragged_cost(len - words_[next].line_length);
    return cost;
  }

  void fmt_paragraph() {
    Word& sentinel = words_[word_limit_];
    sentinel.best_cost = 0;
    int saved_length = sentinel.length;
    sentinel.length = s_.max_width;
    for (size_t start = word_limit_; start-- > 0;) {
      Cost best = kMaxCost;
      int len = (start == 0 ? first_indent_ : other_indent_) + words_[start].length;
      size_t w = start;
      do {
        ++w;
        Cost wcost = line_cost(w, len) + words_[w].best_cost;
        if (start == 0 && last_line_length_ > 0) wcost += ragged_cost(len - last_line_length_);
        if (wcost < best) {
          best = wcost;
          words_[start].next_break = w;
          words_[start].line_length = len;
        }
        if (w == word_limit_) break;
        len += words_[w - 1].space + words_[w].length;
      } while (len < s_.max_width);
      words_[start].best_cost = best + base_cost(start);
    }
    sentinel.length = saved_length;
  }

  void put_paragraph(size_t finish) {
    put_line(0, first_indent_);
    for (size_t w = words_[0].next_break; w != finish; w = words_[w].next_break)
      put_line(w, other_indent_);
  }

  void put_line(size_t w, int indent) {
    out_column_ = 0;
    put_space(prefix_indent_);
    out_.write(s_.prefix);
    out_column_ += prefix_length();
    put_space(indent - out_column_);
    size_t end = words_[w].next_break - 1;
    for (; w != end; ++w) {
      put_word(words_[w]);
      put_space(words_[w].space);
    }
    put_word(words_[w]);
    last_line_length_ = out_column_;
    out_.put('\n');
  }

  void put_word(const Word& w) {
    out_.write(std::string_view(para_).substr(w.text, static_cast<size_t>(w.length)));
    out_column_ += w.length;
  }

  void put_space(int space) {
    int target = out_column_ + space;
    if (tabs_) {
      int tab_target = target / kTabWidth * kTabWidth;
      if (out_column_ + 1 < tab_target) {
        while (out_column_ < tab_target) {
          out_.put('\t');
          out_column_ = (out_column_ / kTabWidth + 1) * kTabWidth;
        }
      }
    }
    while (out_column_ < target) {
      out_.put(' ');
      ++out_column_;
    }
  }

  const Settings& s_;
  BufferedWriter& out_;
  ByteReader& in_;
  Budget& budget_;
  std::string para_;
  std::vector<Word> words_;
  size_t word_limit_ = 0;
  bool tabs_ = false;  // input had tabs: indent output with tabs too
  int in_column_ = 0, out_column_ = 0;
  int prefix_indent_ = 0, next_prefix_indent_ = 0;
  int first_indent_ = 0, other_indent_ = 0;
  int last_line_length_ = 0;
  int next_char_ = kEof;
};

// GNU xdectoumax(text, 0, max): a width, or a printed error.
std::optional<int> parse_width(Context& ctx, const std::string& text, int max) {
  bool overflow = false;
  std::optional<uint64_t> v = parse_count(text, "", &overflow);
  if (!v) {
    ctx.error("invalid width: " + quote(text));
    return std::nullopt;
  }
  if (overflow || *v > static_cast<uint64_t>(max)) {
    ctx.error("invalid width: " + quote(text) + ": Numerical result out of range");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

int run(Context& ctx, const Args& args) {
  Settings s;
  const std::string* width = nullptr;
  const std::string* goal = nullptr;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'c':
        s.crown = true;
        break;
      case 't':
        s.tagged = true;
        break;
      case 's':
        s.split = true;
        break;
      case 'u':
        s.uniform = true;
        break;
      case 'w':
        if (o.numeric_shorthand && !(ctx.argv.size() > 1 && ctx.argv[1] == "-" + o.value)) {
          ctx.error("invalid option -- " + o.value.substr(0, 1) +
                    "; -WIDTH is recognized only when it is the first\n"
                    "option; use -w N instead");
          ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
          return kExitFailure;
        }
        width = &o.value;
        break;
      case 'g':
        goal = &o.value;
        break;
      case 'p': {
        std::string_view p = o.value;
        s.prefix_lead_space = 0;
        while (!p.empty() && p[0] == ' ') {
          ++s.prefix_lead_space;
          p.remove_prefix(1);
        }
        s.prefix_full_length = static_cast<int>(p.size());
        while (!p.empty() && p.back() == ' ') p.remove_suffix(1);
        s.prefix = std::string(p);
        break;
      }
      default:
        break;
    }
  }
  if (width != nullptr) {
    auto w = parse_width(ctx, *width, static_cast<int>(kMaxChars / 2));
    if (!w) return kExitFailure;
    s.max_width = *w;
  }
  if (goal != nullptr) {
    auto g = parse_width(ctx, *goal, s.max_width);
    if (!g) return kExitFailure;
    s.goal_width = *g;
    if (width == nullptr) s.max_width = s.goal_width + 10;
  } else {
    s.goal_width = s.max_width * (2 * (100 - kLeeway) + 1) / 200;
  }
  int status = kExitSuccess;
  for (const std::string& name : inputs_or_stdin(args.operands)) {
    StreamPtr in = open_input_or_report(ctx, name);
    if (in == nullptr) {
      status = kExitFailure;
      continue;
    }
    ByteReader reader(ctx.budget, *in);
    Formatter(s, ctx.out(), reader, ctx.budget).run();
    if (reader.error() != 0) {
      ctx.error("read error");  // GNU reports ferror() without errno or name
      status = kExitFailure;
    }
    if (ctx.output_failed()) break;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(fmt, {
                       .name = "fmt",
                       .usage = "fmt [-WIDTH] [OPTION]... [FILE]...",
                       .summary = "Reformat each paragraph in the FILE(s), writing to standard "
                                  "output.\nThe option -WIDTH is an abbreviated form of "
                                  "--width=DIGITS.\n\nWith no FILE, or when FILE is -, read "
                                  "standard input.",
                       .options = kOptions,
                       .main = run,
                       .flags = kNumericShorthand,
                       .number_option = 'w',
                   });

// sed script parser: GNU sed 4.9 syntax and error messages.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "commands/common/escape.h"
#include "commands/text/sed_program.h"

namespace kefka::cmd::sed {
namespace {

constexpr int kEof = -1;

class Parser {
 public:
  Parser(const std::vector<ScriptChunk>& chunks, const ParseSettings& settings, Program* program)
      : chunks_(chunks), settings_(settings), program_(program) {
    for (size_t i = 0; i < chunks.size(); ++i) {
      if (i) text_ += '\n';
      starts_.push_back(text_.size());
      text_ += chunks[i].text;
    }
  }

  bool run(std::string* error) {
    if (text_.starts_with("#n") && (text_.size() == 2 || text_[2] == '\n') && !chunks_.empty() &&
        chunks_[0].text.size() >= 2) {
      program_->quiet_from_script = true;
    }
    if (!parse_all()) {
      *error = error_;
      return false;
    }
    return resolve(error);
  }

 private:
  // --- reading -----------------------------------------------------------
  int get() {
    return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_++]) : (++pos_, kEof);
  }
  void unget() { --pos_; }
  int peek() const { return pos_ < text_.size() ? static_cast<unsigned char>(text_[pos_]) : kEof; }
  static bool is_blank(int c) { return c == ' ' || c == '\t'; }
  void skip_blanks() {
    while (is_blank(peek())) ++pos_;
  }
  void skip_spaces() {  // blanks and newlines
    while (peek() != kEof && std::isspace(peek())) ++pos_;
  }

  bool fail(const std::string& message) { return fail_at(std::min(pos_, text_.size()), message); }
  bool fail_at(size_t consumed, const std::string& message) {
    size_t chunk = 0;
    while (chunk + 1 < starts_.size() && starts_[chunk + 1] <= consumed) ++chunk;
    // A position just past a chunk's end (its joining newline) belongs to it.
    const ScriptChunk& c = chunks_.empty() ? ScriptChunk{} : chunks_[chunk];
    size_t start = starts_.empty() ? 0 : starts_[chunk];
    if (c.from_file) {
      long line =
          1 + std::count(text_.begin() + start, text_.begin() + std::max(start, consumed), '\n');
      if (consumed > start && consumed <= text_.size() && text_[consumed - 1] == '\n') --line;
      error_ = "file " + c.file_name + " line " + std::to_string(line) + ": " + message;
    } else {
      error_ = "-e expression #" + std::to_string(c.expression_number) + ", char " +
               std::to_string(consumed - start) + ": " + message;
    }
    return false;
  }

  // --- the program ----------------------------------------------------------
  bool parse_all() {
    for (;;) {
      int c;
      while ((c = get()) == ';' || (c != kEof && std::isspace(c))) {
      }
      if (c == kEof) break;
      unget();
      if (!parse_command()) return false;
    }
    if (!blocks_.empty()) {
      error_ = "-e expression #1, char 0: unmatched `{'";
      return false;
    }
    return true;
  }

  bool parse_command() {
    Command cmd;
    if (peek() == '#') {
      while (peek() != kEof && peek() != '\n') ++pos_;
      return true;
    }
    bool has_a1 = false;
    if (!parse_address(&cmd.a1, false, &has_a1)) return false;
    if (has_a1) {
      skip_blanks();
      if (peek() == ',') {
        ++pos_;
        skip_blanks();
        bool has_a2 = false;
        if (!parse_address(&cmd.a2, true, &has_a2)) return false;
        if (!has_a2) {
          ++pos_;
          return fail("unexpected `,'");
        }
      }
    }
    skip_blanks();
    int c = get();
    if (cmd.a1.kind == AddrKind::kZero && (cmd.a2.kind != AddrKind::kRegex || c == kEof)) {
      return fail("invalid usage of line address 0");
    }
    if (c == '!') {
      cmd.negate = true;
      skip_blanks();
      c = get();
      if (c == '!') return fail("multiple `!'s");
      while (is_blank(c)) c = get();
    }
    if (c == kEof || c == '\n' || c == ';') {
      if (c == kEof) --pos_;
      return fail("missing command");
    }
    cmd.name = static_cast<char>(c);
    bool has_address = cmd.a1.kind != AddrKind::kNone;
    switch (c) {
      case '{':
        blocks_.push_back(program_->commands.size());
        program_->commands.push_back(std::move(cmd));
        return true;
      case '}': {
        if (blocks_.empty()) return fail("unexpected `}'");
        if (has_address) return fail("} doesn't want any addresses");
        program_->commands[blocks_.back()].jump = program_->commands.size() + 1;
        blocks_.pop_back();
        program_->commands.push_back(std::move(cmd));
        return end_of_command();
      }
      case '#':
        if (has_address) return fail("comments don't accept any addresses");
        while (peek() != kEof && peek() != '\n') ++pos_;
        return true;
      case ':': {
        if (has_address) return fail(": doesn't want any addresses");
        skip_blanks();
        std::string label = read_label();
        if (label.empty()) return fail("\":\" lacks a label");
        cmd.text = label;
        labels_.emplace(label, program_->commands.size());
        program_->commands.push_back(std::move(cmd));
        if (peek() == ';') ++pos_;
        return true;
      }
      case 'a':
      case 'i':
      case 'c':
        if (!read_text(&cmd)) return false;
        break;
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        program_->commands.push_back(std::move(cmd));
        return end_of_command();
      case 'l':
      case 'L':
      case 'q':
      case 'Q': {
        skip_blanks();
        if (std::isdigit(peek())) cmd.number = read_number();
        if ((c == 'q' || c == 'Q') && cmd.a2.kind != AddrKind::kNone)
          return fail("command only uses one address");
        program_->commands.push_back(std::move(cmd));
        return end_of_command();
      }
      case 'b':
      case 't':
      case 'T': {
        skip_blanks();
        cmd.text = read_label();
        if (peek() == ';') ++pos_;
        program_->commands.push_back(std::move(cmd));
        return true;
      }
      case 'r':
      case 'R':
      case 'w':
      case 'W': {
        std::string name = read_filename();
        if (name.empty()) return fail("missing filename in r/R/w/W commands");
        if (settings_.sandbox) return fail("e/r/w commands disabled in sandbox mode");
        cmd.text = name;
        if (c == 'w' || c == 'W') cmd.output = add_output(name);
        break;
      }
      case 'e':
        if (settings_.sandbox) return fail("e/r/w commands disabled in sandbox mode");
        skip_blanks();
        cmd.text = read_to_eol();
        break;
      case 'v':
        skip_blanks();
        read_label();
        if (peek() == ';') ++pos_;
        return true;
      case 's':
        if (!parse_substitute(&cmd)) return false;
        program_->commands.push_back(std::move(cmd));
        return true;
      case 'y':
        if (!parse_transliterate(&cmd)) return false;
        program_->commands.push_back(std::move(cmd));
        return end_of_command();
      default:
        return fail(std::string("unknown command: `") + static_cast<char>(c) + "'");
    }
    program_->commands.push_back(std::move(cmd));
    return true;
  }

  bool end_of_command() {
    skip_blanks();
    int c = get();
    if (c == kEof || c == '\n' || c == ';') return true;
    if (c == '}' || c == '#') {
      unget();
      return true;
    }
    return fail("extra characters after command");
  }

  long long read_number() {
    long long v = 0;
    while (std::isdigit(peek())) v = std::min(v * 10 + (get() - '0'), 1LL << 60);
    return v;
  }

  std::string read_label() {
    std::string label;
    while (peek() != kEof && peek() != '\n' && peek() != ';') label += static_cast<char>(get());
    while (!label.empty() && std::isspace(static_cast<unsigned char>(label.back())))
      label.pop_back();
    return label;
  }

  std::string read_to_eol() {
    std::string s;
    while (peek() != kEof && peek() != '\n') s += static_cast<char>(get());
    if (peek() == '\n') ++pos_;
    return s;
  }

  std::string read_filename() {
    skip_blanks();
    return read_to_eol();
  }

  int add_output(const std::string& name) {
    auto& outs = program_->outputs;
    auto it = std::find(outs.begin(), outs.end(), name);
    if (it != outs.end()) return static_cast<int>(it - outs.begin());
    outs.push_back(name);
    return static_cast<int>(outs.size() - 1);
  }

  // --- addresses -------------------------------------------------------------
  bool parse_address(Address* a, bool second, bool* found) {
    *found = false;
    int c = peek();
    if (c == '/' || c == '\\') {
      ++pos_;
      if (c == '\\') c = get();
      if (c == kEof || c == '\n' || c == '\\') return fail("unterminated address regex");
      std::string re;
      if (!read_delimited(static_cast<char>(c), true, &re))
        return fail("unterminated address regex");
      bool icase = false, multiline = false;
      for (;;) {
        if (peek() == 'I') {
          icase = true, ++pos_;
        } else if (peek() == 'M') {
          multiline = true, ++pos_;
        } else {
          break;
        }
      }
      a->kind = AddrKind::kRegex;
      if (!compile(re, icase, multiline, &a->re)) return false;
      *found = true;
      return true;
    }
    if (std::isdigit(c)) {
      long long n = read_number();
      if (peek() == '~' && !second) {
        ++pos_;
        a->kind = AddrKind::kStep;
        a->n = n;
        a->step = std::isdigit(peek()) ? read_number() : 0;
      } else {
        a->kind = n == 0 && !second ? AddrKind::kZero : AddrKind::kLine;
        a->n = n;
      }
      *found = true;
      return true;
    }
    if (c == '$') {
      ++pos_;
      a->kind = AddrKind::kLast;
      *found = true;
      return true;
    }
    if (second && (c == '+' || c == '~')) {
      ++pos_;
      if (!std::isdigit(peek())) {
        ++pos_;
        return fail("expected newer version of sed");
      }
      a->kind = c == '+' ? AddrKind::kPlus : AddrKind::kMultiple;
      a->n = read_number();
      *found = true;
      return true;
    }
    return true;
  }

  // Reads up to the unescaped delimiter; "\delim" becomes the delimiter
  // itself, other escapes are kept for the regex/replacement parsers.
  bool read_delimited(char delim, bool regex, std::string* out) {
    for (;;) {
      int c = get();
      if (c == kEof) return false;
      if (c == '\n' && regex) return false;
      if (c == delim) return true;
      if (c == '[' && regex) {
        // A bracket expression: the delimiter does not end the regex inside it.
        std::string body = "[";
        if (peek() == '^') body += static_cast<char>(get());
        if (peek() == ']') body += static_cast<char>(get());
        bool closed = false;
        while (peek() != kEof && peek() != '\n') {
          int b = get();
          if (b == '[' && (peek() == ':' || peek() == '.' || peek() == '=')) {
            char kind = static_cast<char>(get());
            body += '[';
            body += kind;
            while (peek() != kEof && peek() != '\n' &&
                   !(peek() == kind && pos_ + 1 < text_.size() && text_[pos_ + 1] == ']')) {
              body += static_cast<char>(get());
            }
            if (peek() == kind) {
              body += static_cast<char>(get());
              body += static_cast<char>(get());
            }
            continue;
          }
          body += static_cast<char>(b);
          if (b == ']') {
            closed = true;
            break;
          }
        }
        if (!closed) return false;  // GNU: "unterminated" (the bracket ate the delimiter)
        *out += body;
        continue;
      }
      if (c == '\\') {
        int d = get();
        if (d == kEof) return false;
        if (d == delim) {
          *out += delim;
        } else if (d == '\n' && regex) {
          *out += '\n';
        } else {
          *out += '\\';
          *out += static_cast<char>(d);
        }
        continue;
      }
      if (c == '\n' && !regex) {
        // A newline in the replacement must be escaped.
        return false;
      }
      *out += static_cast<char>(c);
    }
  }

  bool compile(const std::string& pattern, bool icase, bool multiline, SedRegex* out) {
    if (pattern.empty()) {
      out->regex = nullptr;
      return true;
    }
    RegexOptions o;
    o.syntax = settings_.extended ? RegexSyntax::kExtended : RegexSyntax::kBasic;
    o.icase = icase;
    o.multiline = multiline;
    o.sed_escapes = true;
    // Under M, like glibc's REG_NEWLINE, . and [^x] stop at newlines.
    o.dot_matches_newline = !multiline;
    o.utf8 = settings_.utf8;
    std::string error;
    auto rx = Regex::compile(pattern, o, &error);
    if (!rx) return fail(error);
    out->regex = std::shared_ptr<Regex>(std::move(rx));
    return true;
  }

  // --- a, i, c ------------------------------------------------------------
  bool read_text(Command* cmd) {
    skip_blanks();
    int c = get();
    if (c == kEof) return fail("expected \\ after `a', `c' or `i'");
    std::string text;
    if (c == '\\') {
      int d = peek();
      if (d == '\n') {
        ++pos_;
      } else if (d == kEof) {
        cmd->text.clear();
        return true;
      }  // "a\  text": the blanks after the backslash are part of the text
    } else {
      if (settings_.posix) return fail("expected \\ after `a', `c' or `i'");
      unget();
    }
    for (;;) {
      int ch = get();
      if (ch == kEof || ch == '\n') break;
      if (ch == '\\') {
        int d = get();
        if (d == kEof) break;
        // a/i/c text: \a \f \n \r \t \v are characters (not \b); others are literal.
        int v = d == 'b' ? -1 : c_escape_value(static_cast<char>(d));
        text += static_cast<char>(v >= 0 ? v : d);
        continue;
      }
      text += static_cast<char>(ch);
    }
    text += '\n';
    cmd->text = std::move(text);
    return true;
  }

  // --- s ----------------------------------------------------------------------
  bool parse_substitute(Command* cmd) {
    int delim = get();
    if (delim == kEof || delim == '\n' || delim == '\\') return fail("unterminated `s' command");
    std::string pattern, replacement;
    if (!read_delimited(static_cast<char>(delim), true, &pattern))
      return fail("unterminated `s' command");
    if (!read_delimited(static_cast<char>(delim), false, &replacement))
      return fail("unterminated `s' command");
    auto s = std::make_unique<Substitution>();
    bool icase = false, multiline = false, have_nth = false;
    for (;;) {
      int c = get();
      if (c == 'i' || c == 'I') {
        icase = true;
      } else if (c == 'm' || c == 'M') {
        multiline = true;
      } else if (c == 'e') {
        s->eval = true;
      } else if (c == 'p') {
        if (s->print) return fail("multiple `p' options to `s' command");
        s->print = 1;
      } else if (c == 'g') {
        if (s->global) return fail("multiple `g' options to `s' command");
        s->global = true;
      } else if (std::isdigit(c)) {
        if (have_nth) return fail("multiple number options to `s' command");
        unget();
        long long n = read_number();
        if (n == 0) return fail("number option to `s' command may not be zero");
        s->nth = n;
        have_nth = true;
      } else if (c == 'w') {
        std::string name = read_filename();
        if (name.empty()) return fail("missing filename in r/R/w/W commands");
        s->write_file = add_output(name);
        break;
      } else if (c == kEof || c == '\n' || c == ';') {
        break;
      } else if (c == '}' || c == '#') {
        unget();
        break;
      } else if (is_blank(c)) {
        skip_blanks();
        int d = peek();
        if (d == kEof || d == '\n' || d == ';' || d == '}' || d == '#') continue;
        ++pos_;
        return fail("unknown option to `s'");
      } else {
        return fail("unknown option to `s'");
      }
    }
    if (!compile(pattern, icase, multiline, &s->re)) return false;
    if (!parse_replacement(replacement, s.get())) return false;
    if (s->re.regex && s->max_group > s->re.regex->group_count()) {
      return fail("invalid reference \\" + std::to_string(s->max_group) + " on `s' command's RHS");
    }
    cmd->subst = std::move(s);
    return true;
  }

  bool parse_replacement(const std::string& r, Substitution* s) {
    auto& parts = s->replacement;
    auto literal = [&](char ch) {
      if (parts.empty() || parts.back().kind != ReplacementPart::kLiteral)
        parts.push_back({ReplacementPart::kLiteral, "", 0});
      parts.back().text += ch;
    };
    for (size_t i = 0; i < r.size(); ++i) {
      char c = r[i];
      if (c == '&') {
        parts.push_back({ReplacementPart::kGroup, "", 0});
        continue;
      }
      if (c != '\\' || i + 1 >= r.size()) {
        literal(c);
        continue;
      }
      char d = r[++i];
      if (d >= '0' && d <= '9') {
        parts.push_back({ReplacementPart::kGroup, "", d - '0'});
        s->max_group = std::max(s->max_group, d - '0');
        continue;
      }
      switch (d) {
        case 'L':
          parts.push_back({ReplacementPart::kLower, "", 0});
          break;
        case 'U':
          parts.push_back({ReplacementPart::kUpper, "", 0});
          break;
        case 'l':
          parts.push_back({ReplacementPart::kLowerOne, "", 0});
          break;
        case 'u':
          parts.push_back({ReplacementPart::kUpperOne, "", 0});
          break;
        case 'E':
          parts.push_back({ReplacementPart::kEndCase, "", 0});
          break;
        case 'c':
          if (i + 1 < r.size())
            literal(static_cast<char>(std::toupper(static_cast<unsigned char>(r[++i])) ^ 0x40));
          break;
        case 'd':
        case 'o':
        case 'x': {
          size_t at = i + 1;
          int v = read_escape_digits(r, &at, d == 'd' ? 10 : d == 'o' ? 8 : 16, d == 'x' ? 2 : 3);
          if (v < 0) {
            literal(d);
          } else {
            literal(static_cast<char>(v));
            i = at - 1;
          }
          break;
        }
        default:
          // \n \t \a \f \v \r are characters (\b is not one in sed).
          if (int v = d == 'b' ? -1 : c_escape_value(d); v >= 0) {
            literal(static_cast<char>(v));
          } else {
            literal(d);
          }
          break;
      }
    }
    return true;
  }

  // --- y -----------------------------------------------------------------------
  bool parse_transliterate(Command* cmd) {
    int delim = get();
    if (delim == kEof || delim == '\n' || delim == '\\') return fail("unterminated `y' command");
    std::string from, to;
    if (!read_delimited(static_cast<char>(delim), false, &from) ||
        !read_delimited(static_cast<char>(delim), false, &to))
      return fail("unterminated `y' command");
    auto chars = [&](const std::string& s, std::vector<std::string>* out) {
      for (size_t i = 0; i < s.size();) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          char d = s[i + 1];
          if (d == 'n') {
            out->push_back("\n");
          } else if (d == 't') {
            out->push_back("\t");
          } else if (d == '\\') {
            out->push_back("\\");
          } else if (d == 'r') {
            out->push_back("\r");
          } else {
            out->push_back(std::string(1, d));
          }
          i += 2;
          continue;
        }
        size_t len = 1;
        unsigned char c = s[i];
        if (settings_.utf8 && c >= 0xC0) {
          len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
          if (i + len > s.size() || !is_valid_utf8(s.substr(i, len))) len = 1;
        }
        out->push_back(s.substr(i, len));
        i += len;
      }
      return true;
    };
    std::vector<std::string> a, b;
    if (!chars(from, &a) || !chars(to, &b)) return fail("unknown option to `y'");
    if (a.size() != b.size()) return fail("strings for `y' command are different lengths");
    bool bytes = true;
    for (size_t i = 0; i < a.size(); ++i) {
      bytes = bytes && a[i].size() == 1 && b[i].size() == 1;
      cmd->translit.emplace_back(a[i], b[i]);
    }
    if (bytes) {
      cmd->translit_bytes.resize(256);
      for (int i = 0; i < 256; ++i) cmd->translit_bytes[i] = static_cast<char>(i);
      // The first mapping of a character wins, like GNU.
      for (auto it = a.rbegin(), jt = b.rbegin(); it != a.rend(); ++it, ++jt)
        cmd->translit_bytes[static_cast<unsigned char>((*it)[0])] = (*jt)[0];
    }
    return true;
  }

  // --- labels ------------------------------------------------------------------
  bool resolve(std::string* error) {
    auto& cmds = program_->commands;
    for (auto& c : cmds) {
      if (c.name != 'b' && c.name != 't' && c.name != 'T') continue;
      if (c.text.empty()) {
        c.jump_to_end = true;
        continue;
      }
      auto it = labels_.find(c.text);
      if (it == labels_.end()) {
        *error = "can't find label for jump to `" + c.text + "'";
        return false;
      }
      c.jump = it->second;
    }
    return true;
  }

  const std::vector<ScriptChunk>& chunks_;
  const ParseSettings& settings_;
  Program* program_;
  std::string text_;
  std::vector<size_t> starts_;
  size_t pos_ = 0;
  std::string error_;
  std::vector<size_t> blocks_;
  std::map<std::string, size_t> labels_;
};

}  // namespace

bool parse_program(const std::vector<ScriptChunk>& chunks, const ParseSettings& settings,
                   Program* program, std::string* error) {
  Parser parser(chunks, settings, program);
  return parser.run(error);
}

}  // namespace kefka::cmd::sed

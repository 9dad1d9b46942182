// cat: concatenate files to standard output (GNU coreutils 9.1).
// Plain cat copies in large chunks; the formatting options run a line state
// machine that carries over file boundaries like GNU (numbering continues and a
// last line without newline joins the next file's first line).
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'A', "show-all", ArgKind::None, "", "equivalent to -vET"},
    {'b', "number-nonblank", ArgKind::None, "", "number nonempty output lines, overrides -n"},
    {'e', "", ArgKind::None, "", "equivalent to -vE"},
    {'E', "show-ends", ArgKind::None, "", "display $ at end of each line"},
    {'n', "number", ArgKind::None, "", "number all output lines"},
    {'s', "squeeze-blank", ArgKind::None, "", "suppress repeated empty output lines"},
    {'t', "", ArgKind::None, "", "equivalent to -vT"},
    {'T', "show-tabs", ArgKind::None, "", "display TAB characters as ^I"},
    {'u', "", ArgKind::None, "", "(ignored)"},
    {'v', "show-nonprinting", ArgKind::None, "", "use ^ and M- notation, except for LFD and TAB"},
};

struct Format {
  bool number = false;
  bool number_nonblank = false;
  bool squeeze = false;
  bool show_ends = false;
  bool show_tabs = false;
  bool nonprinting = false;
  bool any() const {
    return number || number_nonblank || squeeze || show_ends || show_tabs || nonprinting;
  }
};

class Formatter {
 public:
  Formatter(BufferedWriter& out, const Format& f) : out_(out), f_(f) {}

  void feed(std::string_view data) {
    size_t p = 0;
    while (p < data.size()) {
      if (at_line_start_) {
        if (data[p] == '\n') {
          ++blank_run_;
          ++p;
          if (f_.squeeze && blank_run_ > 1) continue;
          if (f_.number && !f_.number_nonblank) put_number();
          if (f_.show_ends) out_.put('$');
          out_.put('\n');
          continue;
        }
        blank_run_ = 0;
        if (f_.number || f_.number_nonblank) put_number();
        at_line_start_ = false;
      }
      const char* nl =
          static_cast<const char*>(std::memchr(data.data() + p, '\n', data.size() - p));
      size_t end = nl == nullptr ? data.size() : static_cast<size_t>(nl - data.data());
      put_text(data.substr(p, end - p));
      if (nl == nullptr) return;
      if (f_.show_ends) out_.put('$');
      out_.put('\n');
      at_line_start_ = true;
      p = end + 1;
    }
  }

 private:
  void put_number() {
    ++line_;
    std::string n = to_string_u(line_);
    if (n.size() < 6) out_.write(std::string_view("      ", 6 - n.size()));
    out_.write(n);
    out_.put('\t');
  }

  void put_text(std::string_view text) {
    if (!f_.nonprinting && !f_.show_tabs) {
      out_.write(text);
      return;
    }
    for (unsigned char c : text) {
      if (c == '\t') {
        if (f_.show_tabs)
          out_.write("^I");
        else
          out_.put('\t');
        continue;
      }
      if (!f_.nonprinting) {
        out_.put(static_cast<char>(c));
        continue;
      }
      if (c >= 128) {
        out_.write("M-");
        c -= 128;
      }
      if (c < 32) {
        out_.put('^');
        out_.put(static_cast<char>(c + 64));
      } else if (c == 127) {
        out_.write("^?");
      } else {
        out_.put(static_cast<char>(c));
      }
    }
  }

  BufferedWriter& out_;
  const Format& f_;
  bool at_line_start_ = true;
  uint64_t blank_run_ = 0;
  uint64_t line_ = 0;
};

int run(Context& ctx, const Args& args) {
  Format f;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'A':
        f.nonprinting = f.show_ends = f.show_tabs = true;
        break;
      case 'b':
        f.number_nonblank = true;
        f.number = true;
        break;
      case 'e':
        f.nonprinting = f.show_ends = true;
        break;
      case 'E':
        f.show_ends = true;
        break;
      case 'n':
        f.number = true;
        break;
      case 's':
        f.squeeze = true;
        break;
      case 't':
        f.nonprinting = f.show_tabs = true;
        break;
      case 'T':
        f.show_tabs = true;
        break;
      case 'v':
        f.nonprinting = true;
        break;
      default:
        break;
    }
  }
  int status = kExitSuccess;
  Formatter formatter(ctx.out(), f);
  bool formatted = f.any();
  for (const std::string& name : inputs_or_stdin(args.operands)) {
    auto in = ctx.open_input(name);
    if (!in) {
      ctx.error_errno(name, in.error());
      status = kExitFailure;
      continue;
    }
    int err = for_each_chunk(ctx, **in, [&](std::string_view chunk) {
      if (formatted)
        formatter.feed(chunk);
      else
        ctx.out().write(chunk);
    });
    if (err != 0) {
      ctx.error_errno(name, err);
      status = kExitFailure;
    }
    if (ctx.output_failed()) break;
  }
  return status;
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(
    cat, {
             .name = "cat",
             .usage = "cat [OPTION]... [FILE]...",
             .summary = "Concatenate FILE(s) to standard output.\n\n"
                        "With no FILE, or when FILE is -, read standard input.",
             .options = kOptions,
             .main = run,
             .epilog = "Examples:\n"
                       "  cat f - g  Output f's contents, then standard input, then g's contents.\n"
                       "  cat        Copy standard input to standard output.",
         });

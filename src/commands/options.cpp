// The shared option parser; see options.h for the rules it follows.
#include "commands/options.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace kefka::cmd {
namespace {

constexpr OptionSpec kHelpOption{0, "help", ArgKind::None, "", "display this help and exit"};
constexpr OptionSpec kVersionOption{0, "version", ArgKind::None, "",
                                    "output version information and exit"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Two table entries an abbreviation may match without being ambiguous: long
// aliases of one short option, as getopt_long compares has_arg/flag/val.
bool equivalent(const OptionSpec* a, const OptionSpec* b) {
  return a->short_name != 0 && a->short_name == b->short_name && a->arg == b->arg;
}

class Parser {
 public:
  Parser(const CommandSpec& spec, std::span<const std::string> argv, bool permute)
      : spec_(spec), argv_(argv), permute_(permute) {}

  ParseResult run() {
    bool only_operands = false;
    for (i_ = 1; i_ < argv_.size(); ++i_) {
      const std::string& arg = argv_[i_];
      if (only_operands || arg.size() < 2 || arg[0] != '-') {
        result_.args.operands.push_back(arg);
        if (!permute_) only_operands = true;
        continue;
      }
      if (arg == "--") {
        only_operands = true;
        continue;
      }
      bool ok = arg[1] == '-' ? long_option(std::string_view(arg).substr(2)) : short_cluster(arg);
      if (!ok || result_.kind != ParseResult::Kind::kOk) return std::move(result_);
    }
    return std::move(result_);
  }

 private:
  bool fail(std::string message) {
    result_.kind = ParseResult::Kind::kError;
    result_.error = std::move(message);
    return false;
  }

  void record(const OptionSpec* spec, std::string value, bool has_value) {
    result_.args.options.push_back({spec, std::move(value), has_value});
  }

  // Every long option of the table plus --help and --version, in table order.
  std::vector<const OptionSpec*> long_candidates() const {
    std::vector<const OptionSpec*> all;
    for (const OptionSpec& o : spec_.options) {
      if (!o.long_name.empty()) all.push_back(&o);
    }
    all.push_back(&kHelpOption);
    all.push_back(&kVersionOption);
    return all;
  }

  // body: the argument without its leading "--".
  bool long_option(std::string_view body) {
    size_t eq = body.find('=');
    std::string_view name = body.substr(0, eq);
    const OptionSpec* found = nullptr;
    std::vector<const OptionSpec*> matches;
    for (const OptionSpec* o : long_candidates()) {
      if (o->long_name == name) {
        found = o;
        matches.clear();
        break;
      }
      if (o->long_name.starts_with(name)) matches.push_back(o);
    }
    if (found == nullptr) {
      if (matches.empty()) {
        return fail("unrecognized option '--" + std::string(body) + "'");
      }
      std::vector<const OptionSpec*> distinct{matches[0]};
      for (size_t k = 1; k < matches.size(); ++k) {
        if (!equivalent(matches[0], matches[k])) distinct.push_back(matches[k]);
      }
      if (distinct.size() > 1) {
        std::string msg = "option '--" + std::string(body) + "' is ambiguous; possibilities:";
        for (const OptionSpec* o : distinct) msg += " '--" + std::string(o->long_name) + "'";
        return fail(std::move(msg));
      }
      found = matches[0];
    }
    if (found == &kHelpOption || found == &kVersionOption) {
      if (eq != std::string_view::npos) {
        return fail("option '--" + std::string(found->long_name) + "' doesn't allow an argument");
      }
      result_.kind = found == &kHelpOption ? ParseResult::Kind::kHelp : ParseResult::Kind::kVersion;
      return true;
    }
    switch (found->arg) {
      case ArgKind::None:
        if (eq != std::string_view::npos) {
          return fail("option '--" + std::string(found->long_name) + "' doesn't allow an argument");
        }
        record(found, "", false);
        return true;
      case ArgKind::Required:
        if (eq != std::string_view::npos) {
          record(found, std::string(body.substr(eq + 1)), true);
        } else if (i_ + 1 < argv_.size()) {
          record(found, argv_[++i_], true);
        } else {
          return fail("option '--" + std::string(found->long_name) + "' requires an argument");
        }
        return true;
      case ArgKind::Optional:
        if (eq != std::string_view::npos) {
          record(found, std::string(body.substr(eq + 1)), true);
        } else {
          record(found, "", false);
        }
        return true;
    }
    return true;
  }

  const OptionSpec* find_short(char c) const {
    for (const OptionSpec& o : spec_.options) {
      if (o.short_name == c && c != 0) return &o;
    }
    return nullptr;
  }

  // arg: "-abc" (at least two characters, not "--...").
  bool short_cluster(const std::string& arg) {
    if ((spec_.flags & kNumericShorthand) != 0 && is_digit(arg[1])) {
      if (const OptionSpec* number = find_short(spec_.number_option)) {
        record(number, arg.substr(1), true);
        result_.args.options.back().numeric_shorthand = true;
        return true;
      }
    }
    for (size_t j = 1; j < arg.size(); ++j) {
      char c = arg[j];
      const OptionSpec* o = find_short(c);
      if (o == nullptr) return fail(std::string("invalid option -- '") + c + "'");
      switch (o->arg) {
        case ArgKind::None:
          record(o, "", false);
          break;
        case ArgKind::Required:
          if (j + 1 < arg.size()) {
            record(o, arg.substr(j + 1), true);
          } else if (i_ + 1 < argv_.size()) {
            record(o, argv_[++i_], true);
          } else {
            return fail(std::string("option requires an argument -- '") + c + "'");
          }
          return true;
        case ArgKind::Optional:
          if (j + 1 < arg.size()) {
            record(o, arg.substr(j + 1), true);
          } else {
            record(o, "", false);
          }
          return true;
      }
    }
    return true;
  }

  const CommandSpec& spec_;
  std::span<const std::string> argv_;
  bool permute_;
  size_t i_ = 1;
  ParseResult result_;
};

// "  -a, --all=ARG" / "  -a ARG" / "      --all[=ARG]"
std::string option_label(const OptionSpec& o) {
  std::string s = "  ";
  if (o.short_name != 0) {
    s += '-';
    s += o.short_name;
    if (!o.long_name.empty()) s += ", ";
  } else {
    s += "    ";
  }
  std::string_view arg_name = o.arg_name.empty() ? std::string_view("ARG") : o.arg_name;
  if (!o.long_name.empty()) {
    s += "--";
    s += o.long_name;
    if (o.arg == ArgKind::Required) s += "=" + std::string(arg_name);
    if (o.arg == ArgKind::Optional) s += "[=" + std::string(arg_name) + "]";
  } else {
    if (o.arg == ArgKind::Required) s += " " + std::string(arg_name);
    if (o.arg == ArgKind::Optional) s += "[" + std::string(arg_name) + "]";
  }
  return s;
}

// Appends `text` with every line after the first indented to `column`.
void append_indented(std::string& out, std::string_view text, size_t column) {
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    out.append(text.substr(start, nl - start));
    out += '\n';
    if (nl == std::string_view::npos) return;
    start = nl + 1;
    out.append(column, ' ');
  }
}

void append_paragraph(std::string& out, std::string_view text) {
  out.append(text);
  if (!text.empty() && text.back() != '\n') out += '\n';
}

}  // namespace

ParseResult parse_options(const CommandSpec& spec, std::span<const std::string> argv,
                          ParseSettings settings) {
  if ((spec.flags & kRawArguments) != 0) {
    ParseResult r;
    bool own = (spec.flags & kOwnHelpVersion) != 0;
    if (!own && argv.size() == 2 && argv[1] == "--help") {
      r.kind = ParseResult::Kind::kHelp;
    } else if (!own && argv.size() == 2 && argv[1] == "--version") {
      r.kind = ParseResult::Kind::kVersion;
    } else {
      for (size_t i = 1; i < argv.size(); ++i) r.args.operands.push_back(argv[i]);
    }
    return r;
  }
  bool permute = !settings.stop_at_first_operand && (spec.flags & kStopAtFirstOperand) == 0;
  return Parser(spec, argv, permute).run();
}

std::string format_help(const CommandSpec& spec, std::string_view program_name) {
  std::string out;
  // Usage lines, with the command's own name replaced by the invoked one.
  std::string_view usage = spec.usage;
  bool first = true;
  while (!usage.empty()) {
    size_t nl = usage.find('\n');
    std::string_view line = usage.substr(0, nl);
    usage = nl == std::string_view::npos ? std::string_view() : usage.substr(nl + 1);
    out += first ? "Usage: " : "  or:  ";
    first = false;
    if (line.starts_with(spec.name) &&
        (line.size() == spec.name.size() || line[spec.name.size()] == ' ')) {
      out.append(program_name);
      out.append(line.substr(spec.name.size()));
    } else {
      out.append(line);
    }
    out += '\n';
  }
  append_paragraph(out, spec.summary);
  out += '\n';

  bool mandatory = std::any_of(spec.options.begin(), spec.options.end(), [](const OptionSpec& o) {
    return o.arg == ArgKind::Required && o.short_name != 0 && !o.long_name.empty();
  });
  if (mandatory)
    out += "Mandatory arguments to long options are mandatory for short options too.\n";

  constexpr size_t kMaxColumn = 29;
  size_t column = 0;
  for (const OptionSpec& o : spec.options) column = std::max(column, option_label(o).size() + 2);
  column = std::min(std::max<size_t>(column, 8), kMaxColumn);
  for (const OptionSpec& o : spec.options) {
    std::string label = option_label(o);
    out += label;
    if (label.size() + 1 > column) {
      out += '\n';
      out.append(column, ' ');
    } else {
      out.append(column - label.size(), ' ');
    }
    append_indented(out, o.help, column);
  }
  out += "      --help        display this help and exit\n";
  out += "      --version     output version information and exit\n";
  if (!spec.epilog.empty()) {
    out += '\n';
    append_paragraph(out, spec.epilog);
  }
  return out;
}

std::string format_version(const CommandSpec& spec) {
  return std::string(spec.name) + " (kefka) 0.1\n";
}

int usage_error(Context& ctx, std::string_view message, int status) {
  ctx.error(message);
  ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
  (void)ctx.err().flush();
  return status;
}

// ---------------------------------------------------------------------------
// Args

namespace {
bool matches(const Args::Occurrence& o, char short_name) {
  return short_name != 0 && o.spec->short_name == short_name;
}
bool matches(const Args::Occurrence& o, std::string_view long_name) {
  return !long_name.empty() && o.spec->long_name == long_name;
}
}  // namespace

bool Args::has(char short_name) const {
  return std::any_of(options.begin(), options.end(),
                     [&](const Occurrence& o) { return matches(o, short_name); });
}
bool Args::has(std::string_view long_name) const {
  return std::any_of(options.begin(), options.end(),
                     [&](const Occurrence& o) { return matches(o, long_name); });
}
const std::string* Args::value(char short_name) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (matches(*it, short_name)) return it->has_value ? &it->value : nullptr;
  }
  return nullptr;
}
const std::string* Args::value(std::string_view long_name) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it) {
    if (matches(*it, long_name)) return it->has_value ? &it->value : nullptr;
  }
  return nullptr;
}
std::vector<std::string> Args::values(char short_name) const {
  std::vector<std::string> out;
  for (const Occurrence& o : options) {
    if (matches(o, short_name) && o.has_value) out.push_back(o.value);
  }
  return out;
}
std::vector<std::string> Args::values(std::string_view long_name) const {
  std::vector<std::string> out;
  for (const Occurrence& o : options) {
    if (matches(o, long_name) && o.has_value) out.push_back(o.value);
  }
  return out;
}
int Args::count(char short_name) const {
  return static_cast<int>(std::count_if(
      options.begin(), options.end(), [&](const Occurrence& o) { return matches(o, short_name); }));
}

}  // namespace kefka::cmd

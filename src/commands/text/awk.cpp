// awk (also gawk and mawk): the command line of GNU awk in front of the
// interpreter (awk_lexer -> awk_parser -> awk_interp + awk_builtins).
// Semantics follow gawk 5.2 (the differences are in docs/compatibility.md).
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"
#include "commands/text/awk_ast.h"
#include "commands/text/awk_interp.h"
#include "commands/text/awk_lexer.h"

namespace kefka::cmd {
namespace {

constexpr std::string_view kUsage =
    "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\n"
    "Usage: awk [POSIX or GNU style options] [--] 'program' file ...\n"
    "POSIX options:\t\tGNU long options: (standard)\n"
    "\t-f progfile\t\t--file=progfile\n"
    "\t-F fs\t\t\t--field-separator=fs\n"
    "\t-v var=val\t\t--assign=var=val\n"
    "Short options:\t\tGNU long options: (extensions)\n"
    "\t-e 'program-text'\t--source='program-text'\n"
    "\t-V\t\t\t--version\n";

struct CommandLine {
  std::vector<awk::Source> sources;
  awk::Settings settings;
  bool program_from_option = false;
};

std::string base_name(const std::string& argv0) {
  size_t slash = argv0.rfind('/');
  return slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
}

// Parses options; returns -1 to continue, else an exit status.
int parse_command_line(Context& ctx, const std::string& prog, CommandLine& cl) {
  const auto& argv = ctx.argv;
  size_t i = 1;
  auto need_value = [&](std::string_view opt, std::string& value) -> bool {
    if (i + 1 >= argv.size()) {
      ctx.err() << prog << ": option requires an argument -- '" << opt << "'\n" << kUsage;
      return false;
    }
    value = argv[++i];
    return true;
  };
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), value;
      size_t eq = name.find('=');
      bool has_value = eq != std::string::npos;
      if (has_value) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      auto get = [&]() -> bool {
        if (has_value) return true;
        if (i + 1 >= argv.size()) {
          ctx.err() << prog << ": option '--" << name << "' requires an argument\n" << kUsage;
          return false;
        }
        value = argv[++i];
        return true;
      };
      if (name == "version") {
        ctx.out() << "GNU Awk 5.2.1 (kefka awk)\n";
        return 0;
      }
      if (name == "help" || name == "usage") {
        ctx.out() << kUsage;
        return 0;
      }
      if (name == "field-separator") {
        if (!get()) return 2;
        cl.settings.fs = value;
        cl.settings.fs_given = true;
      } else if (name == "assign") {
        if (!get()) return 2;
        cl.settings.assignments.push_back(value);
      } else if (name == "file") {
        if (!get()) return 2;
        cl.sources.push_back({value, "\x01" + value});
        cl.program_from_option = true;
      } else if (name == "source") {
        if (!get()) return 2;
        cl.sources.push_back({"cmd. line", value});
        cl.program_from_option = true;
      } else if (name == "posix" || name == "traditional" || name == "re-interval" ||
                 name == "lint" || name == "characters-as-bytes" || name == "sandbox") {
        // Accepted; behaviour stays gawk's default.
      } else {
        ctx.err() << prog << ": unrecognized option '" << a << "'\n" << kUsage;
        return 2;
      }
      continue;
    }
    // Clustered short options.
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      std::string value;
      bool takes = c == 'F' || c == 'v' || c == 'f' || c == 'e';
      if (takes) {
        if (j + 1 < a.size()) {
          value = a.substr(j + 1);
        } else if (!need_value(std::string(1, c), value)) {
          return 2;
        }
      }
      switch (c) {
        case 'F':
          cl.settings.fs = awk::unescape_awk_string(value);
          cl.settings.fs_given = true;
          break;
        case 'v':
          if (value.find('=') == std::string::npos || value[0] == '=') {
            ctx.err() << prog << ": `" << value << "' argument to `-v' not in `var=value' form\n\n"
                      << kUsage;
            return 2;
          }
          cl.settings.assignments.push_back(value);
          break;
        case 'f':
          cl.sources.push_back({value, "\x01" + value});
          cl.program_from_option = true;
          break;
        case 'e':
          cl.sources.push_back({"cmd. line", value});
          cl.program_from_option = true;
          break;
        case 'V':
          ctx.out() << "GNU Awk 5.2.1 (kefka awk)\n";
          return 0;
        case 'h':
          ctx.out() << kUsage;
          return 0;
        case 'P':
        case 'c':
        case 'r':
        case 'b':
        case 'S':
        case 'N':
        case 'O':
          break;
        default:
          ctx.err() << prog << ": invalid option -- '" << c << "'\n" << kUsage;
          return 2;
      }
      if (takes) break;
    }
  }
  if (!cl.program_from_option) {
    if (i >= argv.size()) {
      ctx.err() << kUsage;
      return 1;
    }
    cl.sources.push_back({"cmd. line", argv[i++]});
  }
  for (; i < argv.size(); ++i) cl.settings.operands.push_back(argv[i]);
  return -1;
}

int run(Context& ctx, const Args&) {
  std::string prog = base_name(ctx.name());
  CommandLine cl;
  int status = parse_command_line(ctx, prog, cl);
  if (status >= 0) return status;
  // Load -f files ("\x01" marks a name still to be read).
  for (awk::Source& s : cl.sources) {
    if (s.text.empty() || s.text[0] != '\x01') continue;
    std::string path = s.text.substr(1);
    auto in = ctx.open_input(path);
    if (!in) {
      ctx.err() << prog << ": fatal: can't open source file `" << path
                << "' for reading: " << std::strerror(in.error()) << "\n";
      return 2;
    }
    auto text = read_stream(ctx, **in);
    if (!text) {
      ctx.err() << prog << ": fatal: can't read source file `" << path
                << "': " << std::strerror(text.error()) << "\n";
      return 2;
    }
    s.text = std::move(*text);
  }
  std::unique_ptr<awk::Program> program;
  try {
    program = awk::parse_program(cl.sources, prog);
  } catch (const awk::ParseError& e) {
    ctx.err() << e.message;
    return e.message.find(": fatal: ") != std::string::npos ? 2 : 1;
  }
  awk::Interpreter interp(ctx, *program, cl.sources, prog);
  return interp.run(cl.settings);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(awk,
              {
                  .name = "awk",
                  .usage = "awk [POSIX or GNU style options] [--] 'program' file ...",
                  .summary = "Pattern scanning and text processing language (GNU awk compatible).",
                  .main = run,
                  .flags = kRawArguments | kUsageStatus2,
              });

KEFKA_COMMAND(gawk,
              {
                  .name = "gawk",
                  .usage = "gawk [POSIX or GNU style options] [--] 'program' file ...",
                  .summary = "Pattern scanning and text processing language (GNU awk compatible).",
                  .main = run,
                  .flags = kRawArguments | kUsageStatus2,
              });

KEFKA_COMMAND(
    mawk,
    {
        .name = "mawk",
        .usage = "mawk [options] [--] 'program' file ...",
        .summary = "Pattern scanning and text processing language (runs the gawk-compatible awk).",
        .main = run,
        .flags = kRawArguments | kUsageStatus2,
    });

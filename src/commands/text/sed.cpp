// sed: stream editor (GNU sed 4.9).
//
// The script is parsed by sed_parse.cpp into a Program and run by
// sed_exec.cpp. Regular expressions go through the shared regex facade (RE2,
// PCRE2 only for back-references), so no script runs in unbounded time.
//
// Deviations: --debug is accepted but prints no annotated program; the `e`
// command and s///e run `sh -c` through the sandbox's executor; -i writes the
// file in place through the virtual filesystem (no temporary file is visible).
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "commands/command.h"
#include "commands/text/sed_exec.h"
#include "commands/text/sed_program.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'n', "quiet", ArgKind::None, "", "suppress automatic printing of pattern space"},
    {0, "silent", ArgKind::None, "", "suppress automatic printing of pattern space"},
    {0, "debug", ArgKind::None, "", "annotate program execution"},
    {'e', "expression", ArgKind::Required, "script",
     "add the script to the commands to be executed"},
    {'f', "file", ArgKind::Required, "script-file",
     "add the contents of script-file to the commands to be executed"},
    {0, "follow-symlinks", ArgKind::None, "", "follow symlinks when processing in place"},
    {'i', "in-place", ArgKind::Optional, "SUFFIX",
     "edit files in place (makes backup if SUFFIX supplied)"},
    {'l', "line-length", ArgKind::Required, "N",
     "specify the desired line-wrap length for the `l' command"},
    {0, "posix", ArgKind::None, "", "disable all GNU extensions."},
    {'E', "regexp-extended", ArgKind::None, "", "use extended regular expressions in the script"},
    {'r', "", ArgKind::None, "", "use extended regular expressions in the script"},
    {'s', "separate", ArgKind::None, "",
     "consider files as separate rather than as a single continuous long stream."},
    {0, "sandbox", ArgKind::None, "", "operate in sandbox mode (disable e/r/w commands)."},
    {'u', "unbuffered", ArgKind::None, "",
     "load minimal amounts of data from the input files and flush the output buffers more often"},
    {'z', "null-data", ArgKind::None, "", "separate lines by NUL characters"},
    {0, "zero-terminated", ArgKind::None, "", "separate lines by NUL characters"},
    {'b', "binary", ArgKind::None, "", "open files in binary mode (no effect)"},
};

int run_sed(Context& ctx, const Args& args) {
  sed::RunOptions run;
  sed::ParseSettings parse;
  run.utf8 = parse.utf8 =
      locale_is_utf8(ctx.getenv("LC_ALL"), ctx.getenv("LC_CTYPE"), ctx.getenv("LANG"));
  std::vector<sed::ScriptChunk> chunks;
  int expressions = 0;
  for (const auto& occ : args.options) {
    char c = occ.spec->short_name;
    std::string_view key = occ.spec->long_name;
    if (c == 'n' || key == "silent") {
      run.quiet = true;
    } else if (key == "debug") {
      run.debug = true;
    } else if (c == 'e') {
      chunks.push_back({occ.value, false, "", ++expressions});
    } else if (c == 'f') {
      auto in = ctx.open_input(occ.value);
      Result<std::string> text = in ? read_all(**in) : Result<std::string>(Errno{in.error()});
      if (!text) {
        ctx.error("couldn't open file " + occ.value + ": " + std::strerror(text.error()));
        return kExitFailure;
      }
      std::string t = std::move(*text);
      if (!t.empty() && t.back() == '\n') t.pop_back();
      chunks.push_back({std::move(t), true, occ.value, 0});
    } else if (c == 'i') {
      run.in_place = true;
      run.separate = true;
      run.suffix = occ.value;
    } else if (c == 'l') {
      run.line_length = std::atoll(occ.value.c_str());  // GNU uses atoi: "x" is 0
    } else if (key == "posix") {
      run.posix = parse.posix = true;
    } else if (c == 'E' || c == 'r') {
      parse.extended = true;
    } else if (c == 's') {
      run.separate = true;
    } else if (key == "sandbox") {
      parse.sandbox = true;
    } else if (c == 'u') {
      run.unbuffered = true;
    } else if (c == 'z' || key == "zero-terminated") {
      run.null_data = true;
    }
  }
  std::vector<std::string> files = args.operands;
  if (chunks.empty()) {
    if (files.empty()) {
      ctx.err() << "Usage: " << ctx.name()
                << " [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n";
      return kExitFailure;
    }
    chunks.push_back({files.front(), false, "", 1});
    files.erase(files.begin());
  }
  sed::Program program;
  std::string error;
  if (!sed::parse_program(chunks, parse, &program, &error)) {
    ctx.error(error);
    // GNU reports a missing label as a panic (status 4).
    return error.starts_with("can't find label") ? 4 : kExitFailure;
  }
  if (files.empty()) {
    if (run.in_place) {
      ctx.error("no input files");
      return kExitFailure;
    }
    files.push_back("-");
  }
  return sed::run_program(ctx, program, run, files);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

constexpr std::string_view kSedEpilog =
    "If no -e, --expression, -f, or --file option is given, then the first\n"
    "non-option argument is taken as the sed script to interpret.  All\n"
    "remaining arguments are names of input files; if no input files are\n"
    "specified, then the standard input is read.";

// The registry generator reads "KEFKA_COMMAND(id," from one line.
// clang-format off
KEFKA_COMMAND(sed, {
    .name = "sed",
    .usage = "sed [OPTION]... {script-only-if-no-other-script} [input-file]...",
    .summary = "",
    .options = kOptions,
    .main = run_sed,
    .epilog = kSedEpilog,
});
// clang-format on

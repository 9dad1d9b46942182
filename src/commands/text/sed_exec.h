// sed's executor: runs a parsed Program over the input files (GNU sed 4.9
// semantics: cycles, hold space, append queue, ranges, in-place editing).
#pragma once

#include <string>
#include <vector>

#include "commands/command.h"
#include "commands/text/sed_program.h"

namespace kefka::cmd::sed {

struct RunOptions {
  bool quiet = false;          // -n
  bool separate = false;       // -s (implied by -i)
  bool in_place = false;       // -i
  std::string suffix;          // -iSUFFIX
  bool null_data = false;      // -z
  bool unbuffered = false;     // -u
  bool posix = false;          // --posix
  bool debug = false;          // --debug (accepted, no annotated output)
  long long line_length = 70;  // -l N
  bool utf8 = true;
};

// Runs the program over `files` ("-" is stdin). Returns sed's exit status.
int run_program(Context& ctx, Program& program, const RunOptions& options,
                const std::vector<std::string>& files);

}  // namespace kefka::cmd::sed

// The printf(1) engine of GNU coreutils: format reuse, %b, %q, escapes,
// numeric argument checks. Shared by the printf command (and usable by a
// shell's printf builtin, which differs only in messages).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "commands/command.h"

namespace kefka::cmd {

struct PrintfOutcome {
  int status = 0;  // 1 after any conversion error
};

// Formats `args` with `format` GNU-style into `out`, reusing the format while
// arguments remain. Diagnostics go through ctx.error(). `utf8` selects how
// \u/\U escapes are written (UTF-8, or kept as \uXXXX in the C locale).
PrintfOutcome run_printf(Context& ctx, std::string_view format,
                         const std::vector<std::string>& args, std::string& out, bool utf8);

// Interprets echo -e / %b escapes; returns false when \c stopped output.
bool append_echo_escapes(std::string_view text, std::string& out);

}  // namespace kefka::cmd

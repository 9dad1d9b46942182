// Commands printed back as bash source (declare -f, type).
#pragma once

#include <string>

#include "shell/ast.h"

namespace kefka::shell {

// "name () \n{ \n    body\n}" as bash prints a function.
std::string print_function(const std::string& name, const Command& body);
// A command list, one item per line.
std::string print_command(const Command& cmd);

}  // namespace kefka::shell

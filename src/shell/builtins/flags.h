// One option parser for the builtins, with the rules of bash's
// internal_getopt: options come before the operands; "-abc" bundles letters;
// a letter followed by ':' in the spec takes an argument (the rest of the word
// or the next word), one followed by '?' takes it only when there is one
// (`set -o` alone lists the options); "--" ends the options and "-" alone is
// an operand; with
// `plus`, "+abc" turns options off (set, declare). An unknown letter prints
// "NAME: -X: invalid option" and the usage line; a missing argument prints
// "NAME: -X: option requires an argument" and the usage line; both give
// status 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shell/builtins/builtins.h"

namespace kefka::shell {

struct BuiltinFlags {
  std::string on;   // letters given with '-', in order (repeats kept)
  std::string off;  // letters given with '+'
  // Arguments of the options that take one, in order: (letter, value).
  std::vector<std::pair<char, std::string>> values;
  size_t next = 1;              // index of the first operand in argv
  bool end_of_options = false;  // a "--" was given

  // Every option in command-line order, for builtins where the order of
  // '-' and '+' matters (`set -o posix +o posix`).
  struct Item {
    char letter;
    bool on;                           // '-' rather than '+'
    std::optional<std::string> value;  // the argument, if the option took one
  };
  std::vector<Item> items;

  bool has(char c) const { return on.find(c) != std::string::npos; }
  bool has_off(char c) const { return off.find(c) != std::string::npos; }
  // The last argument given to option `c`, if any.
  const std::string* value(char c) const;
};

// Parses argv[1...] of builtin argv[0]. On an error, prints it and returns
// nullopt; the builtin then returns 2.
std::optional<BuiltinFlags> parse_flags(ShellState& st, const Args& argv, std::string_view spec,
                                        bool plus = false);

}  // namespace kefka::shell

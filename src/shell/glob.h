// Shell pattern matching: * ? [...] (with classes and ranges), backslash
// escapes, and the extglob operators ?() *() +() @() !().
#pragma once

#include <string_view>

namespace kefka::shell {

struct MatchFlags {
  bool extglob = true;
  bool nocase = false;
  bool period = false;  // a leading '.' must be matched explicitly
};

bool pattern_match(std::string_view pattern, std::string_view text, MatchFlags flags = {});
// True when the pattern has unescaped special characters.
bool has_glob_chars(std::string_view pattern, bool extglob = true);
// Removes the backslash escapes of a pattern.
std::string unescape_pattern(std::string_view pattern);

}  // namespace kefka::shell

// Fuzz target: any pattern compiles or is rejected with a message, and any
// search finishes (backtracking limits raise RegexLimitError, never hang).
// Input: one byte selecting syntax and flags, the pattern up to the first
// newline, then the subject.
#include <cstdint>
#include <string>
#include <string_view>

#include "commands/text/regex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kefka::cmd;
  if (size < 1) return 0;
  uint8_t selector = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t newline = rest.find('\n');
  std::string_view pattern = rest.substr(0, newline);
  std::string_view subject = newline == std::string_view::npos ? "" : rest.substr(newline + 1);

  RegexOptions options;
  options.syntax = static_cast<RegexSyntax>(selector % 4);
  options.icase = (selector & 0x04) != 0;
  options.line_mode = (selector & 0x08) != 0;
  options.utf8 = (selector & 0x10) != 0;
  options.whole_word = (selector & 0x20) != 0;
  options.whole_line = (selector & 0x40) != 0;
  std::string error;
  auto re = Regex::compile(pattern, options, &error);
  if (re == nullptr) return 0;
  MatchSpan groups[10];
  try {
    size_t start = 0;
    for (int i = 0; i < 16 && start <= subject.size(); ++i) {
      if (!re->search(subject, start, groups, 10)) break;
      start = groups[0].end > groups[0].begin ? groups[0].end : groups[0].end + 1;
    }
  } catch (const RegexLimitError&) {
  }
  return 0;
}

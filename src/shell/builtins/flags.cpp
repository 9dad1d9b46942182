#include "shell/builtins/flags.h"

namespace kefka::shell {

const std::string* BuiltinFlags::value(char c) const {
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    if (it->first == c) return &it->second;
  }
  return nullptr;
}

std::optional<BuiltinFlags> parse_flags(ShellState& st, const Args& argv, std::string_view spec,
                                        bool plus) {
  BuiltinFlags flags;
  const std::string& name = argv[0];
  size_t i = 1;
  for (; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word.size() < 2 || (word[0] != '-' && !(plus && word[0] == '+'))) break;
    if (word == "--") {
      flags.end_of_options = true;
      ++i;
      break;
    }
    bool on = word[0] == '-';
    for (size_t k = 1; k < word.size(); ++k) {
      char c = word[k];
      size_t at = c == ':' || c == '?' ? std::string_view::npos : spec.find(c);
      if (at == std::string_view::npos) {
        invalid_option(st, name, std::string(1, word[0]) + c);
        return std::nullopt;
      }
      (on ? flags.on : flags.off) += c;
      flags.items.push_back({c, on, std::nullopt});
      char kind = at + 1 < spec.size() ? spec[at + 1] : '\0';
      if (kind == ':' || kind == '?') {
        std::string arg;
        if (k + 1 < word.size()) {
          arg = word.substr(k + 1);
        } else if (i + 1 < argv.size()) {
          arg = argv[++i];
        } else if (kind == '?') {
          break;
        } else {
          st.error(name + ": " + std::string(1, word[0]) + c + ": option requires an argument");
          const BuiltinSpec* b = find_builtin(name);
          st.err(name + ": usage: " + std::string(b ? b->usage : std::string_view(name)) + "\n");
          return std::nullopt;
        }
        flags.items.back().value = arg;
        flags.values.emplace_back(c, std::move(arg));
        break;
      }
    }
  }
  flags.next = i;
  return flags;
}

}  // namespace kefka::shell

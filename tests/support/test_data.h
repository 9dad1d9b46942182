// Generated inputs for differential tests: seeded, so failures reproduce.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kefka::test {

class TestData {
 public:
  explicit TestData(uint32_t seed = 12345) : rng_(seed) {}

  // Lines of printable words, blank lines, tabs and runs of spaces.
  std::string text(size_t lines, bool trailing_newline = true) {
    static const char* kWords[] = {"apple", "Banana", "cherry",    "10",    "2",    "-3.5",  "1e3",
                                   "zeta",  "  lead", "tab\there", "x",     "",     "Apple", "0x1F",
                                   "1K",    "2M",     "a,b,c",     "b:c:d", "same", "same"};
    std::string out;
    for (size_t i = 0; i < lines; ++i) {
      size_t words = pick(6);
      for (size_t w = 0; w < words; ++w) {
        if (w > 0) out += pick(4) == 0 ? "\t" : " ";
        out += kWords[pick(std::size(kWords))];
      }
      if (i + 1 < lines || trailing_newline) out += '\n';
    }
    return out;
  }

  // Arbitrary bytes, NULs and newlines included.
  std::string binary(size_t n) {
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(pick(256));
    return out;
  }

  // Short lines of random letters from a small alphabet (many duplicates).
  std::string lines_from(std::string_view alphabet, size_t lines, size_t max_len) {
    std::string out;
    for (size_t i = 0; i < lines; ++i) {
      size_t len = pick(max_len + 1);
      for (size_t k = 0; k < len; ++k) out += alphabet[pick(alphabet.size())];
      out += '\n';
    }
    return out;
  }

  // Numbers of mixed forms, one per line.
  std::string numbers(size_t lines) {
    std::string out;
    for (size_t i = 0; i < lines; ++i) {
      switch (pick(5)) {
        case 0:
          out += std::to_string(static_cast<int>(pick(2000)) - 1000);
          break;
        case 1:
          out += std::to_string(pick(100)) + "." + std::to_string(pick(100));
          break;
        case 2:
          out += " " + std::to_string(pick(50));
          break;
        case 3:
          out += "-0" + std::to_string(pick(10));
          break;
        default:
          out += std::to_string(pick(1000000));
          break;
      }
      out += '\n';
    }
    return out;
  }

  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

 private:
  std::mt19937 rng_;
};

}  // namespace kefka::test

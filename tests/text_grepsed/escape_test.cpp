// The shared backslash-escape helpers (commands/common/escape.h).
#include "commands/common/escape.h"

#include <gtest/gtest.h>

#include <string_view>

namespace kefka::cmd {
namespace {

TEST(Escape, OneLetterEscapes) {
  EXPECT_EQ(c_escape_value('n'), '\n');
  EXPECT_EQ(c_escape_value('t'), '\t');
  EXPECT_EQ(c_escape_value('a'), '\a');
  EXPECT_EQ(c_escape_value('b'), '\b');
  EXPECT_EQ(c_escape_value('f'), '\f');
  EXPECT_EQ(c_escape_value('r'), '\r');
  EXPECT_EQ(c_escape_value('v'), '\v');
  EXPECT_EQ(c_escape_value('q'), -1);
  EXPECT_EQ(c_escape_value('\\'), -1);
}

TEST(Escape, LettersInvertValues) {
  for (char letter : std::string_view("abfnrtv")) {
    EXPECT_EQ(c_escape_letter(static_cast<unsigned char>(c_escape_value(letter))), letter);
  }
  EXPECT_EQ(c_escape_letter(0), 0);
  EXPECT_EQ(c_escape_letter(033), 0);
  EXPECT_EQ(c_escape_letter('n'), 0);
  EXPECT_EQ(c_escape_letter('\\'), 0);
}

TEST(Escape, DigitRuns) {
  size_t pos = 0;
  EXPECT_EQ(read_escape_digits("101x", &pos, 8, 3), 'A');
  EXPECT_EQ(pos, 3u);
  pos = 0;
  EXPECT_EQ(read_escape_digits("4142", &pos, 16, 2), 'A');
  EXPECT_EQ(pos, 2u);
  pos = 0;
  EXPECT_EQ(read_escape_digits("zz", &pos, 16, 2), -1);
  EXPECT_EQ(pos, 0u);
  pos = 1;
  EXPECT_EQ(read_escape_digits("d0659", &pos, 10, 3), 65);
  EXPECT_EQ(pos, 4u);
  pos = 0;
  EXPECT_EQ(read_escape_digits("777", &pos, 8, 3), 0777 & 0xFF);  // masked to a byte
  pos = 0;
  EXPECT_EQ(read_escape_digits("89", &pos, 8, 3), -1);  // not octal digits
  EXPECT_EQ(escape_digit_value('F', 16), 15);
  EXPECT_EQ(escape_digit_value('F', 10), -1);
}

}  // namespace
}  // namespace kefka::cmd

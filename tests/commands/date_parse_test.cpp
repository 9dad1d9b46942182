// Calendar arithmetic of commands/common/date_parse at the ends of int64_t
// (UBSan reported a signed overflow in to_civil(INT64_MIN)).
#include "commands/common/date_parse.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace kefka::cmd {
namespace {

void expect_civil(int64_t t, int64_t year, int month, int day, int hour, int minute, int second) {
  Civil c = to_civil(t);
  EXPECT_EQ(c.year, year) << t;
  EXPECT_EQ(c.month, month) << t;
  EXPECT_EQ(c.day, day) << t;
  EXPECT_EQ(c.hour, hour) << t;
  EXPECT_EQ(c.minute, minute) << t;
  EXPECT_EQ(c.second, second) << t;
}

TEST(ToCivil, NegativeTimesFloorToThePreviousDay) {
  expect_civil(0, 1970, 1, 1, 0, 0, 0);
  expect_civil(-1, 1969, 12, 31, 23, 59, 59);
  expect_civil(-86400, 1969, 12, 31, 0, 0, 0);
  expect_civil(-86401, 1969, 12, 30, 23, 59, 59);
}

TEST(ToCivil, Int64ExtremesDoNotOverflow) {
  expect_civil(std::numeric_limits<int64_t>::min(), -292277022657, 1, 27, 8, 29, 52);
  expect_civil(std::numeric_limits<int64_t>::max(), 292277026596, 12, 4, 15, 30, 7);
}

}  // namespace
}  // namespace kefka::cmd

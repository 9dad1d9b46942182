#include <gtest/gtest.h>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class DateTest : public CommandFixture {};

TEST_F(DateTest, FixedDatesMatchGnu) {
  for (std::string tz : {"UTC", "EST5", "UTC-3", "<+0530>-5:30"}) {
    env["TZ"] = tz;
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"-d", "2024-02-29 13:05:09"},
             {"-d", "@0", "-R"},
             {"-d", "@1700000000"},
             {"-d", "2024-01-31 +1 month", "+%F"},
             {"-u", "-d", "2020-01-01T10:00:00+02:00", "-Iseconds"},
             {"-d", "2020-01-01", "-Ins"},
             {"-d", "2020-01-01 10:00", "--rfc-3339=seconds"},
             {"-d", "jan 5 2021", "+%F"},
             {"-d", "5 jan 2021 3pm", "+%F %T"},
             {"-d", "2021-03-04",
              "+%-d|%_m|%e|%j|%U|%u|%V|%G|%s|%N|%:z|%::z|%P|%p|%^a|%#b|%10Y|%-H|%q|%C|%y|%D|%r|%R|%"
              "h|%n|%t|%%"},
             {"-d", "2020-02-28 +2 days", "+%F"},
             {"-d", "2020-03-01 -1 day", "+%F %a"},
             {"-d", "2020-01-01 12:00 +3 hours", "+%F %T"},
             {"-d", "@1.5", "+%s.%N"},
             {"-d", "2019-12-31 23:59:59", "-Iminutes"},
             {"-d", "2000-06-15", "-Ihours"},
             {"-d", "2000-06-15", "-I"},
             {"-d", "Mar 3, 2022 10:11:12", "+%c"},
             {"-d", "2022-03-03 10:11:12.25", "+%T.%3N"},
             {"-d", "12/25/2020", "+%A %B %d"},
             {"-d", "2024-05-05 noon", "+%T"},
             {"-d", "@86399", "+%H:%M:%S %Z %z"},
             {"-d", "2024-05-05 1 week ago", "+%F"},
             {"-d", "2020-01-01 00:00Z", "+%s"},
             {"-d", "@0", "+%5d|%_5H|%-j|%010s|%^p|%#p"},
             {"-d", "20240102", "+%F %T"},
             {"-d", "24-01-02 10:00", "+%F %T"},
             {"-d", "99-12-31", "+%F"},
             {"-d", "tue 2024-01-02 +3 weeks", "+%F"},
             {"-d", "2020-01-10 1 day 2 hours ago", "+%F %T"},
             {"-d", "2020-01-10 ago"},
             {"-d", "garbage here"},
             {"-d", "2020-13-45"},
             {"a", "b"},
             {"-R", "-I"},
             {"-d", "@0", "+%x %X"},
             {"--rfc-3339=x"},
             {"-I", "x"}}) {
      std::vector<std::string> argv = {"date"};
      argv.insert(argv.end(), args.begin(), args.end());
      expect_same_as_gnu({.argv = argv});
    }
  }
}

TEST_F(DateTest, RelativeToNowIsConsistent) {
  auto now = run({"date", "+%s"});
  auto tomorrow = run({"date", "-d", "tomorrow", "+%s"});
  auto yesterday = run({"date", "-d", "yesterday", "+%s"});
  long n = std::stol(now.out), t = std::stol(tomorrow.out), y = std::stol(yesterday.out);
  EXPECT_NEAR(t - n, 86400, 2);
  EXPECT_NEAR(n - y, 86400, 2);
  auto next_monday = run({"date", "-d", "next monday", "+%a"});
  EXPECT_EQ(next_monday.out, "Mon\n");
  expect_same_as_gnu({.argv = {"date", "-d", "today", "+%F"}});
  expect_same_as_gnu({.argv = {"date", "-d", "next friday", "+%F %a"}});
  expect_same_as_gnu({.argv = {"date", "-d", "last sunday", "+%F %a"}});
  expect_same_as_gnu({.argv = {"date", "-d", "3 days ago", "+%F"}});
  expect_same_as_gnu({.argv = {"date", "+%Y"}});
  auto set = run({"date", "-s", "2020-01-01"});
  EXPECT_EQ(set.status, 1);
}

TEST_F(DateTest, ReferenceFile) {
  write_file("f", "x");
  ASSERT_TRUE(fs().utimens("f", {1000000000, 0}, {1000000000, 0}).ok());
  EXPECT_EQ(run({"date", "-r", "f", "+%s"}).out, "1000000000\n");
}

}  // namespace
}  // namespace kefka::test

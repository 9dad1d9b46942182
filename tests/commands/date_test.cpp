#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

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

// Copies a zone file of the host's tz database into the sandbox, where an
// embedder would mount it.
void install_zone(CommandSandbox& box, const std::string& name) {
  std::ifstream f("/usr/share/zoneinfo/" + name, std::ios::binary);
  std::string data(std::istreambuf_iterator<char>(f), {});
  ASSERT_FALSE(data.empty()) << name;
  std::string path = "/usr/share/zoneinfo/" + name;
  auto root = box.root_view();
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    (void)root.mkdir(path.substr(0, slash), 0755);
  ASSERT_TRUE(root.write_file(path, data, 0644).ok()) << path;
}

const char* const kZones[] = {
    "America/New_York",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Europe/London",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Europe/Moscow",
    "America/Santiago",
    "Antarctica/Troll",
    "EST5EDT",
    "UTC",
    "Etc/GMT+5",
    "Europe/Dublin",
    "Australia/Lord_Howe",
};

TEST_F(DateTest, NamedZonesMatchGnu) {
  for (const char* zone : kZones) install_zone(*this, zone);
  // Instants around DST changes in both hemispheres, far past and future.
  const char* const kInstants[] = {"@0",          "@1700000000", "@1720000000", "@-2000000000",
                                   "@1710054000", "@1710057600", "@1730613600", "@1730617200",
                                   "@4102444800", "@7258118400", "@1711846800", "@1712440800"};
  for (const char* zone : kZones) {
    env["TZ"] = zone;
    for (const char* when : kInstants) {
      expect_same_as_gnu({.argv = {"date", "-d", when, "+%F %T %Z %z %:z %::z %s %j %a"}});
    }
    env["TZ"] = std::string(":") + zone;
    expect_same_as_gnu({.argv = {"date", "-d", "@1720000000"}});
    env["TZ"] = zone;
    // Local times given to -d are in the zone, on both sides of a change.
    for (const char* local :
         {"2024-03-10 01:30", "2024-03-10 02:30", "2024-03-10 03:30", "2024-11-03 00:30",
          "2024-07-01 12:00", "2024-01-15 12:00", "2024-10-27 03:30", "1999-12-31 23:59:59"}) {
      expect_same_as_gnu({.argv = {"date", "-d", local, "+%F %T %Z %z %s"}});
    }
    expect_same_as_gnu({.argv = {"date", "-u", "-d", "@1720000000"}});
    expect_same_as_gnu({.argv = {"date", "-R", "-d", "@1720000000"}});
    expect_same_as_gnu({.argv = {"date", "-Iseconds", "-d", "@1730613600"}});
  }
}

TEST_F(DateTest, PosixTzStringsMatchGnu) {
  for (const char* tz : {"EST5EDT,M3.2.0,M11.1.0", "UTC-3", "<+05>-5", "JST-9", "XYZ", "AB",
                         "Foo/Bar", "", "NZST-12NZDT,M9.5.0,M4.1.0/3", "EST5EDT4", "EST+5:30:15",
                         "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "AAA3BBB,J60/2,J300/2",
                         "AAA-10BBB-11,0,200/26", "IST-1GMT0,M10.5.0,M3.5.0/1",
                         "WART4WARST,J1/0,J365/25", "A-1B,M3.5.0,M10.5.0/3", "CST6CDT"}) {
    env["TZ"] = tz;
    for (const char* when : {"@0", "@1700000000", "@1720000000", "@1711846800", "@1730613600",
                             "@1704067199", "@1704067200", "@1735689599"}) {
      expect_same_as_gnu({.argv = {"date", "-d", when, "+%F %T %Z %z"}});
    }
    expect_same_as_gnu({.argv = {"date", "-d", "2024-03-31 01:30", "+%F %T %Z %z %s"}});
  }
}

TEST_F(DateTest, OutOfRangeTimesMatchGnu) {
  install_zone(*this, "America/New_York");
  for (const char* tz : {"UTC", "EST5EDT,M3.2.0,M11.1.0", "America/New_York", "UTC-14"}) {
    env["TZ"] = tz;
    for (const char* when :
         {"@67767976233316800", "@67767976233316799", "@-67768040609740800", "@-67768040609740801",
          "@9223372036854775807", "@-9223372036854775808", "@-67768100567971200"}) {
      expect_same_as_gnu({.argv = {"date", "-d", when, "+%Y-%m-%d %T %Z"}});
    }
  }
}

TEST_F(DateTest, BrokenZoneFileActsAsUtc) {
  auto root = root_view();
  (void)root.mkdir("/usr/share", 0755);
  (void)root.mkdir("/usr/share/zoneinfo", 0755);
  for (std::string data : {std::string("TZif2"), std::string("TZif2") + std::string(40, '\xff'),
                           std::string(44, '\0'), std::string("garbage")}) {
    ASSERT_TRUE(root.write_file("/usr/share/zoneinfo/Bad", data, 0644).ok());
    env["TZ"] = "Bad";
    RunResult r = run({"date", "-d", "@0", "+%F %T %Z %z"});
    EXPECT_EQ(r.out, "1970-01-01 00:00:00 Bad +0000\n");
    EXPECT_EQ(r.status, 0);
  }
}

}  // namespace
}  // namespace kefka::test

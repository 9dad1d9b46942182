// ls, stat, touch and diff show and read times in the zone of TZ, like GNU:
// differential runs with TZ set to zone files and POSIX rule strings.
#include <filesystem>

#include "../support/zone_files.h"
#include "files_fixture.h"

namespace kefka::test {
namespace {

// New Year in UTC (already 2022 east of it), a summer time, and the two
// 01:30s of New York's 2022 fall-back hour.
constexpr time_t kNewYear = 1640993400;
constexpr time_t kSummer = 1656000000;
constexpr time_t kFirstHalfPast = 1667712600;
constexpr time_t kSecondHalfPast = 1667716200;

class LocalTimeTest : public FilesFixture {
 protected:
  LocalTimeTest() {
    install_test_zones(root_view());
    make_tree({make_file("old", "a\n", 0, kOldTime), make_file("new_year", "b\n", 0, kNewYear),
               make_file("summer", "c\n", 0, kSummer), make_file("first", "d\n", 0, kFirstHalfPast),
               make_file("second", "e\n", 0, kSecondHalfPast)});
  }

  // Every zone of the tests, plus TZ values without a zone file.
  static std::vector<std::string> zones() {
    std::vector<std::string> all(std::begin(kTestZones), std::end(kTestZones));
    all.push_back("CET-1CEST,M3.5.0,M10.5.0/3");
    all.push_back("<+0530>-5:30");
    return all;
  }

  // Runs a command on both sides without comparing output (setup steps).
  void tree_diff_quiet(const std::vector<std::string>& argv) {
    ASSERT_EQ(run_host(argv, "", host_.path()).status, 0);
    ASSERT_EQ(run(argv).status, 0);
  }

  void each_zone(const std::function<void()>& body) {
    for (const std::string& zone : zones()) {
      SCOPED_TRACE("TZ=" + zone);
      env["TZ"] = zone;
      body();
    }
  }
};

TEST_F(LocalTimeTest, LsLong) {
  each_zone([&] {
    diff({.argv = {"ls", "-l"}});
    diff({.argv = {"ls", "-l", "--full-time"}});
    diff({.argv = {"ls", "-lt", "--time-style=+%F %T %Z %z %s"}});
    diff({.argv = {"ls", "-l", "--time-style=long-iso"}});
  });
}

TEST_F(LocalTimeTest, StatTimes) {
  each_zone([&] {
    diff({.argv = {"stat", "-c", "%n %y %Y %x", "old", "new_year", "summer", "first", "second"}});
  });
}

TEST_F(LocalTimeTest, TouchDateIsLocal) {
  each_zone([&] {
    for (std::string when : {"2022-07-01 12:00", "2022-01-01", "2022-11-06 01:30", "@1000000000",
                             "2022-03-27 02:30 UTC", "2021-12-31 23:59:59.5"}) {
      SCOPED_TRACE(when);
      diff({.argv = {"touch", "-d", when, "summer"}});
      diff({.argv = {"stat", "-c", "%Y %y", "summer"}});
    }
    for (std::string stamp : {"202207011200", "2201011200.30", "01011200"}) {
      SCOPED_TRACE(stamp);
      diff({.argv = {"touch", "-t", stamp, "summer"}});
      diff({.argv = {"stat", "-c", "%Y %y", "summer"}});
    }
  });
}

TEST_F(LocalTimeTest, DiffHeaders) {
  each_zone([&] {
    diff({.argv = {"diff", "-u", "new_year", "summer"}});
    diff({.argv = {"diff", "-c", "first", "second"}});
  });
}

TEST_F(LocalTimeTest, TarListing) {
  // Both sides list one archive GNU tar wrote, so only the time column is at stake.
  auto made = run_host({"tar", "cf", "t.tar", "old", "new_year", "summer", "first", "second"}, "",
                       host_.path());
  ASSERT_EQ(made.status, 0) << made.err;
  ASSERT_TRUE(fs().write_file("t.tar", host_.read("t.tar")).ok());
  each_zone([&] { diff({.argv = {"tar", "-tvf", "t.tar"}}); });
}

TEST_F(LocalTimeTest, GzipVerboseListing) {
  for (const char* name : {"old", "new_year", "summer", "first", "second"}) {
    tree_diff_quiet({"gzip", "-k", name});
  }
  each_zone([&] {
    diff({.argv = {"gzip", "-lv", "old.gz", "new_year.gz", "summer.gz", "first.gz", "second.gz"}});
    diff({.argv = {"gzip", "-l", "summer.gz"}});
  });
}

// Info-ZIP's zip stores the DOS time in the zone it ran in plus a UTC
// extended timestamp; unzip -l shows the latter in TZ, or the DOS time as
// stored when there is none (zip -X).
TEST_F(LocalTimeTest, UnzipListing) {
  for (const char* flags : {"-q", "-qX"}) {
    for (const char* made_in : {"Asia/Kolkata", "America/New_York"}) {
      SCOPED_TRACE(std::string(flags) + " made in " + made_in);
      auto host_env = default_test_env();
      host_env["TZ"] = made_in;
      auto made = run_host({"zip", flags, "h.zip", "old", "new_year", "summer", "first", "second"},
                           "", host_.path(), host_env);
      ASSERT_EQ(made.status, 0) << made.err;
      ASSERT_TRUE(fs().write_file("h.zip", host_.read("h.zip")).ok());
      each_zone([&] { diff({.argv = {"unzip", "-l", "h.zip"}}); });
      std::filesystem::remove(host_.path() + "/h.zip");
    }
  }
}

// Extraction without an extended timestamp reads the DOS time in TZ.
TEST_F(LocalTimeTest, UnzipDosTimeIsLocal) {
  auto host_env = default_test_env();
  host_env["TZ"] = "Asia/Kolkata";
  auto made = run_host({"zip", "-qX", "h.zip", "summer"}, "", host_.path(), host_env);
  ASSERT_EQ(made.status, 0) << made.err;
  ASSERT_TRUE(fs().write_file("h.zip", host_.read("h.zip")).ok());
  env["TZ"] = "Asia/Kolkata";
  ASSERT_EQ(run({"unzip", "-q", "h.zip", "-d", "out"}).status, 0);
  EXPECT_EQ(run({"stat", "-c", "%Y", "out/summer"}).out, std::to_string(kSummer) + "\n");
}

// Archives kefka's zip writes list the same with Info-ZIP's unzip in any TZ.
TEST_F(LocalTimeTest, ZipRoundTripListing) {
  env["TZ"] = "America/New_York";
  ASSERT_EQ(run({"zip", "-q", "k.zip", "old", "summer", "first"}).status, 0);
  host_.write("k.zip", read_file("k.zip"));
  each_zone([&] { diff({.argv = {"unzip", "-l", "k.zip"}}); });
}

TEST_F(LocalTimeTest, UnsetTzIsUtc) {
  env.erase("TZ");  // the sandbox has no /etc/localtime
  RunResult r = run({"stat", "-c", "%y", "summer"});
  EXPECT_EQ(r.out, "2022-06-23 16:00:00.000000000 +0000\n");
}

TEST_F(LocalTimeTest, UnknownZonesActAsUtc) {
  for (std::string zone : {"No/Such_Zone", "Foo/Bar", "", ":UTC", "../../etc/passwd"}) {
    SCOPED_TRACE("TZ=" + zone);
    env["TZ"] = zone;
    diff({.argv = {"ls", "-l", "--time-style=+%F %T %Z %z", "summer"}});
    diff({.argv = {"stat", "-c", "%y", "summer"}});
  }
}

}  // namespace
}  // namespace kefka::test

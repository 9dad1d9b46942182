// gawk's strftime() and mktime() in the zone of TZ, against gawk itself.
#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/zone_files.h"

namespace kefka::test {
namespace {

class AwkLocalTimeTest : public CommandFixture {
 protected:
  AwkLocalTimeTest() { install_test_zones(root_view()); }

  void each_zone(std::initializer_list<const char*> programs) {
    std::vector<std::string> zones(std::begin(kTestZones), std::end(kTestZones));
    zones.push_back("CET-1CEST,M3.5.0,M10.5.0/3");
    zones.push_back("Foo/Bar");
    for (const std::string& zone : zones) {
      env["TZ"] = zone;
      for (const char* p : programs) {
        SCOPED_TRACE("TZ=" + zone + " " + p);
        expect_same_as_gnu({.argv = {"gawk", p}});
      }
    }
  }
};

TEST_F(AwkLocalTimeTest, Strftime) {
  each_zone({
      "BEGIN { print strftime(\"%F %T %Z %z %s\", 0) }",
      "BEGIN { print strftime(\"%F %T %Z %z %s\", 1656000000) }",
      "BEGIN { print strftime(\"%F %T %Z %z\", 1667712600), strftime(\"%T %Z\", 1667716200) }",
      "BEGIN { print strftime(\"%c|%x|%X|%j|%U|%a %b|%%s\", 1640993400) }",
      "BEGIN { print strftime(\"%F %T %Z %z %s\", 1656000000, 1) }",
      "BEGIN { print strftime(\"%H %Z\", 1656000000, 0) }",
      "BEGIN { print length(strftime()) > 10 }",
  });
}

TEST_F(AwkLocalTimeTest, Mktime) {
  each_zone({
      "BEGIN { print mktime(\"2022 06 23 12 00 00\") }",
      "BEGIN { print mktime(\"2022 01 01 00 00 00\"), mktime(\"2021 12 31 23 59 59\") }",
      // New York's and Paris's spring gaps.
      "BEGIN { print mktime(\"2022 03 13 02 30 00\"), mktime(\"2022 03 27 02 30 00\") }",
      // The fall-back overlap, with and without an explicit DST flag.
      "BEGIN { print mktime(\"2022 11 06 01 30 00\") }",
      "BEGIN { print mktime(\"2022 11 06 01 30 00 0\") }",
      "BEGIN { print mktime(\"2022 11 06 01 30 00 1\") }",
      "BEGIN { print mktime(\"2022 07 01 12 00 00 0\") }",
      "BEGIN { print mktime(\"2022 01 01 12 00 00 1\") }",
      "BEGIN { print mktime(\"2022 13 40 25 61 61\") }",
      "BEGIN { print mktime(\"2022 06 23 12 00 00\", 1) }",
      "BEGIN { t = mktime(\"2022 06 23 12 00 00\"); print strftime(\"%F %T\", t) }",
  });
}

}  // namespace
}  // namespace kefka::test

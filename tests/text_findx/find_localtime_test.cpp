// find -printf times and -daystart in the zone of TZ, against GNU find.
#include <ctime>

#include "../support/zone_files.h"
#include "findx_support.h"

namespace kefka::test {
namespace {

class FindLocalTimeTest : public TreeFixture {
 protected:
  FindLocalTimeTest() { install_test_zones(root_view()); }

  static std::vector<std::string> zones() {
    std::vector<std::string> all(std::begin(kTestZones), std::end(kTestZones));
    all.push_back("CET-1CEST,M3.5.0,M10.5.0/3");
    return all;
  }

  // New Year in UTC, a northern summer, New York's two 01:30s of 2022-11-06.
  static std::vector<TreeOp> fixed_tree() {
    return {file("new_year", "a"),
            file("summer", "b"),
            file("first", "c"),
            file("second", "d"),
            mtime_op("new_year", 1640993400),
            mtime_op("summer", 1656000000),
            mtime_op("first", 1667712600),
            mtime_op("second", 1667716200)};
  }
};

TEST_F(FindLocalTimeTest, PrintfTimes) {
  const std::string formats =
      "%p %t|%a|%T@|%T+|%TY-%Tm-%Td %TH:%TM:%TS|%Tk %Tl %TI %Tp %Tr %TT|%TZ %Tz|%Ta %TA %Tb "
      "%TB %Th|%Tc|%TD %Tx %TX|%Tj %TU %TW %Tw %Ts|%AH %AZ\\n";
  for (const std::string& zone : zones()) {
    SCOPED_TRACE("TZ=" + zone);
    env["TZ"] = zone;
    expect_tree_same({.argv = {"find", ".", "-type", "f", "-printf", formats},
                      .tree = fixed_tree(),
                      .sort_lines = true});
  }
}

TEST_F(FindLocalTimeTest, DaystartIsLocalMidnight) {
  // One file an hour over the last two days: which of them are "today" and
  // "yesterday" depends on where local midnight falls.
  int64_t now = time(nullptr);
  std::vector<TreeOp> tree;
  for (int h = 1; h <= 48; ++h) {
    std::string name = "h" + std::to_string(h);
    tree.push_back(file(name));
    tree.push_back(mtime_op(name, now - h * 3600 + 600));
  }
  for (const std::string& zone : zones()) {
    SCOPED_TRACE("TZ=" + zone);
    env["TZ"] = zone;
    for (std::string test : {"-mtime", "-mmin"}) {
      for (std::string n : {"0", "1", "-1", "+0", "-600", "+1200"}) {
        if (test == "-mtime" && n.size() > 2) continue;
        expect_tree_same({.argv = {"find", ".", "-daystart", "-type", "f", test, n},
                          .tree = tree,
                          .sort_lines = true});
      }
    }
  }
}

}  // namespace
}  // namespace kefka::test

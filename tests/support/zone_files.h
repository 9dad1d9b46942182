// Copies zone files of the host's tz database into a test sandbox, where the
// embedder mounts /usr/share/zoneinfo, so TZ=Area/City works in commands.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "vfs/vfs.h"

namespace kefka::test {

// Zones for differential tests: DST north and south, half-hour offsets, a
// POSIX rule string and UTC.
inline const char* const kTestZones[] = {
    "America/New_York", "Asia/Kolkata", "Europe/Paris", "UTC", "EST5EDT", "Australia/Sydney"};

inline void install_zone(vfs::FsView root, const std::string& name) {
  std::ifstream f("/usr/share/zoneinfo/" + name, std::ios::binary);
  std::string data(std::istreambuf_iterator<char>(f), {});
  ASSERT_FALSE(data.empty()) << name;
  std::string path = "/usr/share/zoneinfo/" + name;
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    (void)root.mkdir(path.substr(0, slash), 0755);
  }
  ASSERT_TRUE(root.write_file(path, data, 0644).ok()) << path;
}

inline void install_test_zones(vfs::FsView root) {
  for (const char* zone : kTestZones) install_zone(root, zone);
}

}  // namespace kefka::test

// Shared helpers of the vfs tests: a Vfs over a MemoryBackend with /dev.
#pragma once

#include <fcntl.h>

#include <memory>
#include <string>

#include "base/stream.h"
#include "vfs/dev_backend.h"
#include "vfs/memory_backend.h"
#include "vfs/vfs.h"

namespace kefka::vfs::testing {

inline Caller root_caller() {
  Caller c;
  c.cred = Credentials{0, 0};
  return c;
}

inline Caller user_caller(uint32_t uid = 1000, uint32_t gid = 1000) {
  Caller c;
  c.cred = Credentials{uid, gid};
  return c;
}

// A Vfs with a memory root (owned by root, 0755), /tmp (1777), /home/user
// (owned by 1000) and /dev.
inline std::shared_ptr<Vfs> make_vfs(Limits limits = {}, QuotaPtr quota = nullptr) {
  if (!quota) quota = std::make_shared<Quota>(limits);
  auto vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(quota), limits);
  Caller root = root_caller();
  root.umask = 0;
  (void)vfs->mkdir(root, "/tmp", 01777);
  (void)vfs->mkdir(root, "/home", 0755);
  (void)vfs->mkdir(root, "/home/user", 0755);
  (void)vfs->chown(root, "/home/user", 1000, 1000);
  (void)vfs->mkdir(root, "/dev", 0755);
  (void)vfs->mount("/dev", std::make_shared<DevBackend>());
  return vfs;
}

inline std::string read_all_of(const StreamPtr& s) {
  auto r = read_all(*s);
  return r ? *r : std::string("<error>");
}

}  // namespace kefka::vfs::testing

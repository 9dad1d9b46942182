// The default layout is built once per process and forked into each new
// sandbox (src/sandbox/layout.h): sandboxes stay independent, each is charged
// for the tree, and distinct identities get distinct trees.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kefka/sandbox.h"

namespace kefka {
namespace {

TEST(SandboxLayoutTemplate, NewSandboxesShareTheTreeBuiltOnce) {
  auto first = Sandbox::create();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto second = Sandbox::create();
  // Written once, not once per sandbox: the same timestamps in both.
  EXPECT_EQ(first->stat("/etc/hostname").mtime_ns, second->stat("/etc/hostname").mtime_ns);
  EXPECT_EQ(first->stat("/usr/bin/true").mtime_ns, second->stat("/usr/bin/true").mtime_ns);
}

TEST(SandboxLayoutTemplate, ChangesStayInTheirSandbox) {
  SandboxOptions as_root;
  as_root.user = "root";
  as_root.uid = 0;
  as_root.gid = 0;
  auto root = Sandbox::create(as_root);
  ASSERT_EQ(root->exec("rm /usr/bin/true /etc/hostname && echo mine > /usr/bin/cat && "
                       "mkdir /usr/bin/d && chmod 700 /tmp")
                .exit_status,
            0);
  EXPECT_FALSE(root->exists("/etc/hostname"));
  EXPECT_EQ(root->read_file("/usr/bin/cat"), "mine\n");
  auto second = Sandbox::create(as_root);
  EXPECT_EQ(second->read_file("/etc/hostname"), "sandbox\n");
  EXPECT_EQ(second->read_file("/usr/bin/cat"), "#!kefka:builtin\n");
  EXPECT_FALSE(second->exists("/usr/bin/d"));
  EXPECT_EQ(second->stat("/tmp").mode, 01777u);
  EXPECT_EQ(second->exec("true").exit_status, 0);
  // The user's home (the same directory in every sandbox of the template).
  auto first = Sandbox::create();
  first->write_file("/home/user/notes", "first");
  auto third = Sandbox::create();
  EXPECT_FALSE(third->exists("/home/user/notes"));
  EXPECT_EQ(first->read_file("/home/user/notes"), "first");
}

TEST(SandboxLayoutTemplate, EachIdentityGetsItsOwnTree) {
  SandboxOptions alice;
  alice.user = "alice";
  alice.uid = 1234;
  alice.hostname = "wonderland";
  SandboxOptions few;
  few.enabled_commands = std::vector<std::string>{"echo"};
  for (int round = 0; round < 2; ++round) {  // the second round hits the cache
    auto a = Sandbox::create(alice);
    EXPECT_EQ(a->read_file("/etc/hostname"), "wonderland\n");
    EXPECT_EQ(a->stat("/home/alice").uid, 1234u);
    EXPECT_FALSE(a->exists("/home/user"));
    auto d = Sandbox::create();
    EXPECT_EQ(d->read_file("/etc/hostname"), "sandbox\n");
    EXPECT_TRUE(d->exists("/home/user"));
    EXPECT_TRUE(d->exists("/usr/bin/grep"));
    auto f = Sandbox::create(few);
    EXPECT_FALSE(f->exists("/usr/bin/grep"));
    EXPECT_TRUE(f->exists("/usr/bin/echo"));
  }
}

TEST(SandboxLayoutTemplate, TheTreeCountsAgainstTheSandboxQuota) {
  SandboxOptions tiny;
  tiny.limits.max_files = 5;
  try {
    Sandbox::create(tiny);
    FAIL() << "a 5-file quota held the whole layout";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("max_files"), std::string::npos) << e.what();
  }
  // A quota just over the layout: the layout's files are already counted.
  auto probe = Sandbox::create();
  // statfs of /: total and free inodes, i.e. the quota's files.
  std::string inodes = probe->exec("stat -f -c '%c %d' /").stdout_data;
  uint64_t total = std::stoull(inodes);
  uint64_t used = total - std::stoull(inodes.substr(inodes.find(' ')));
  ASSERT_GT(used, 100u);  // stubs included
  SandboxOptions tight;
  tight.limits.max_files = used + 2;
  auto sb = Sandbox::create(tight);
  EXPECT_EQ(sb->exec("touch /tmp/a /tmp/b").exit_status, 0);
  auto r = sb->exec("touch /tmp/c /tmp/d /tmp/e");
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.stderr_data.find("No space left on device"), std::string::npos) << r.stderr_data;
}

TEST(SandboxLayoutTemplate, ConcurrentCreatesAreSafe) {
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SandboxOptions o;
      o.hostname = "h" + std::to_string(t % 2);
      for (int i = 0; i < 50; ++i) {
        auto sb = Sandbox::create(o);
        if (sb->read_file("/etc/hostname") == o.hostname + "\n") ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 200);
}

}  // namespace
}  // namespace kefka

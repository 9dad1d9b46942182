// Concurrency smoke test: one Vfs used from several threads at once (pipeline
// stages and parallel jobs do this), with forks taken meanwhile.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "vfs/overlay_backend.h"
#include "vfs_test_util.h"

namespace kefka::vfs {
namespace {

using testing::make_vfs;
using testing::root_caller;

void hammer(const std::shared_ptr<Vfs>& vfs, const std::string& base) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 300;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      FsView fs(*vfs, root_caller());
      std::string mine = base + "/t" + std::to_string(t);
      if (!fs.mkdir(mine).ok()) ++failures;
      for (int i = 0; i < kRounds; ++i) {
        std::string f = mine + "/f" + std::to_string(i % 10);
        if (!fs.write_file(f, "round " + std::to_string(i)).ok()) ++failures;
        auto data = fs.read_file(f);
        if (!data || *data != "round " + std::to_string(i)) ++failures;
        // Shared names: these race with the other threads, any errno is fine.
        (void)fs.write_file(base + "/shared", std::to_string(t));
        (void)fs.rename(base + "/shared", base + "/shared2");
        (void)fs.unlink(base + "/shared2");
        (void)fs.mkdir(base + "/sd");
        (void)fs.rmdir(base + "/sd");
        (void)fs.readdir(base);
        auto s = fs.open(base + "/log", O_WRONLY | O_CREAT | O_APPEND);
        if (!s || !write_all(**s, "0123456789\n").ok()) ++failures;
        if (i % 50 == 0) {
          auto copy = vfs->fork();
          if (!FsView(*copy, root_caller()).stat(mine).ok()) ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  FsView fs(*vfs, root_caller());
  // O_APPEND writes are atomic: no line was torn or lost.
  auto log = fs.read_file(base + "/log");
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), size_t{kThreads * kRounds * 11});
  for (size_t i = 0; i < log->size(); i += 11) {
    ASSERT_EQ(log->substr(i, 11), "0123456789\n") << "at " << i;
  }
}

TEST(Concurrency, MemoryVfsFromManyThreads) {
  auto vfs = make_vfs();
  hammer(vfs, "/tmp");
}

TEST(Concurrency, OverlayFromManyThreads) {
  auto lower = std::make_shared<MemoryBackend>();
  {
    Vfs setup(lower, Limits{});
    FsView fs(setup, root_caller());
    ASSERT_TRUE(fs.mkdir("/data").ok());
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(fs.write_file("/data/lower" + std::to_string(i), "x").ok());
    }
  }
  auto vfs = std::make_shared<Vfs>(
      std::make_shared<OverlayBackend>(std::make_shared<MemoryBackend>(), lower), Limits{});
  hammer(vfs, "/data");
}

}  // namespace
}  // namespace kefka::vfs

// Micro-benchmarks of the virtual filesystem: creating files, forking a
// memory backend holding 100,000 files, stat and path resolution.
#include <benchmark/benchmark.h>
#include <fcntl.h>

#include <string>

#include "vfs/memory_backend.h"
#include "vfs/vfs.h"

namespace kefka::vfs {
namespace {

constexpr int kFiles = 100'000;

Caller root_caller() {
  Caller c;
  c.cred = Credentials{0, 0};
  return c;
}

// A Vfs over a memory backend with `files` empty files spread over 100 directories.
std::shared_ptr<Vfs> populated(int files) {
  auto vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(), Limits{});
  FsView fs(*vfs, root_caller());
  for (int d = 0; d < 100; ++d) (void)fs.mkdir("/d" + std::to_string(d));
  for (int i = 0; i < files; ++i) {
    (void)fs.open("/d" + std::to_string(i % 100) + "/f" + std::to_string(i), O_WRONLY | O_CREAT,
                  0644);
  }
  return vfs;
}

void BM_Create100kFiles(benchmark::State& state) {
  for (auto _ : state) {
    auto vfs = populated(kFiles);
    benchmark::DoNotOptimize(vfs);
  }
  state.SetItemsProcessed(state.iterations() * kFiles);
}
BENCHMARK(BM_Create100kFiles)->Unit(benchmark::kMillisecond);

void BM_Fork100kFiles(benchmark::State& state) {
  auto vfs = populated(kFiles);
  for (auto _ : state) {
    auto copy = vfs->fork();
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_Fork100kFiles)->Unit(benchmark::kMicrosecond);

// A fork followed by the first write on each side (the copy-on-write cost).
void BM_ForkThenWrite100kFiles(benchmark::State& state) {
  auto vfs = populated(kFiles);
  FsView parent(*vfs, root_caller());
  for (auto _ : state) {
    auto copy = vfs->fork();
    FsView child(*copy, root_caller());
    (void)child.write_file("/d7/f7", "child");
    (void)parent.write_file("/d7/f7", "parent");
  }
}
BENCHMARK(BM_ForkThenWrite100kFiles)->Unit(benchmark::kMicrosecond);

void BM_Stat(benchmark::State& state) {
  auto vfs = populated(kFiles);
  Caller c = root_caller();
  for (auto _ : state) benchmark::DoNotOptimize(vfs->stat(c, "/d42/f4242"));
}
BENCHMARK(BM_Stat);

// Resolution cost as a function of depth: should grow linearly.
void BM_ResolveDepth(benchmark::State& state) {
  auto vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(), Limits{});
  FsView fs(*vfs, root_caller());
  std::string path;
  for (int i = 0; i < state.range(0); ++i) {
    path += "/dir" + std::to_string(i);
    (void)fs.mkdir(path);
  }
  for (auto _ : state) benchmark::DoNotOptimize(vfs->stat(fs.caller(), path));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_ResolveDepth)->RangeMultiplier(4)->Range(4, 256)->Complexity(benchmark::oN);

void BM_ResolveRelativeWithSymlink(benchmark::State& state) {
  auto vfs = populated(1000);
  FsView fs(*vfs, root_caller());
  (void)fs.symlink("/d3", "/link");
  fs.caller().cwd = "/d5";
  for (auto _ : state) benchmark::DoNotOptimize(vfs->stat(fs.caller(), "../link/f3"));
}
BENCHMARK(BM_ResolveRelativeWithSymlink);

void BM_WriteRead1MiB(benchmark::State& state) {
  auto vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(), Limits{});
  FsView fs(*vfs, root_caller());
  std::string data(1 << 20, 'x');
  for (auto _ : state) {
    (void)fs.write_file("/big", data);
    benchmark::DoNotOptimize(fs.read_file("/big"));
  }
  state.SetBytesProcessed(state.iterations() * 2 * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_WriteRead1MiB);

}  // namespace
}  // namespace kefka::vfs

namespace kefka::vfs {
namespace {

// The first change to a directory of 100,000 entries after a fork.
void BM_ForkThenCreateInHugeDirectory(benchmark::State& state) {
  auto vfs = std::make_shared<Vfs>(std::make_shared<MemoryBackend>(), Limits{});
  FsView fs(*vfs, root_caller());
  (void)fs.mkdir("/big");
  for (int i = 0; i < kFiles; ++i) {
    (void)fs.open("/big/f" + std::to_string(i), O_WRONLY | O_CREAT, 0644);
  }
  for (auto _ : state) {
    auto copy = vfs->fork();
    FsView child(*copy, root_caller());
    (void)child.write_file("/big/new", "x");
  }
}
BENCHMARK(BM_ForkThenCreateInHugeDirectory)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kefka::vfs

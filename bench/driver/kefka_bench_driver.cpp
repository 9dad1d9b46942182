// kefka_bench_driver: runs benchmark scenarios through the in-process C++ API.
//
// bench/bench.py starts it once and talks to it with one JSON object per line:
// a request on stdin, the answer on stdout. Only the measured operation is inside
// the timer; setup (sandbox creation unless asked for, populating files) is not.
//
//   {"op":"exec","script":"...","data_dir":"/host/dir","data_mount":"/data",
//    "timeout_ms":30000,"include_create":false}
//       -> {"seconds":s,"status":n,"stdout":"...","stderr":"..."}
//   {"op":"create_destroy","count":n,"max_seconds":s}
//       -> {"seconds": per sandbox, "count": sandboxes made before max_seconds}
//   {"op":"fork","files":n,"forks":k}          -> {"samples":[seconds per fork...]}
//   {"op":"idle_memory","count":n}             -> {"bytes": RSS growth per session}
//   {"op":"parallel","sessions":n,"script":"..."} -> {"seconds": wall time for all}
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kefka/sandbox.h"

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxReturnedStdout = 65536;
constexpr size_t kMaxReturnedStderr = 4096;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Limits raised so that big inputs are measured rather than refused; only the
// deadline stays, set to the harness's timeout.
kefka::SandboxOptions options_for(const Json& request) {
  kefka::SandboxOptions options;
  options.env["LC_ALL"] = "C";
  options.limits.max_fs_bytes = 8ull << 30;
  options.limits.max_files = 10'000'000;
  options.limits.max_string_bytes = 1ull << 30;
  options.limits.timeout = std::chrono::milliseconds(request.value("timeout_ms", 600'000));
  if (request.contains("data_dir")) {
    options.mounts.push_back({request["data_dir"].get<std::string>(),
                              request.value("data_mount", std::string("/data")),
                              kefka::Mount::Mode::Overlay});
  }
  return options;
}

Json result_json(double seconds, const kefka::ExecResult& result) {
  return {{"seconds", seconds},
          {"status", result.exit_status},
          {"stdout", result.stdout_data.substr(0, kMaxReturnedStdout)},
          {"stderr", result.stderr_data.substr(0, kMaxReturnedStderr)}};
}

Json run_exec(const Json& request) {
  const auto script = request.at("script").get<std::string>();
  const auto options = options_for(request);
  if (request.value("include_create", false)) {
    const auto start = Clock::now();
    auto sandbox = kefka::Sandbox::create(options);
    auto result = sandbox->exec(script);
    sandbox.reset();
    return result_json(seconds_since(start), result);
  }
  auto sandbox = kefka::Sandbox::create(options);
  const auto start = Clock::now();
  auto result = sandbox->exec(script);
  return result_json(seconds_since(start), result);
}

// Stops early past max_seconds, so a slow build still gets a per-sandbox figure.
Json run_create_destroy(const Json& request) {
  const int count = request.at("count").get<int>();
  const double max_seconds = request.value("max_seconds", 1e9);
  const auto start = Clock::now();
  int done = 0;
  while (done < count && seconds_since(start) < max_seconds) {
    auto sandbox = kefka::Sandbox::create();
    ++done;
  }
  return {{"seconds", seconds_since(start) / done}, {"count", done}};
}

Json run_fork(const Json& request) {
  const int files = request.at("files").get<int>();
  const int forks = request.value("forks", 5);
  kefka::SandboxOptions options;
  options.limits.max_files = 10'000'000;
  auto sandbox = kefka::Sandbox::create(options);
  for (int i = 0; i < files; ++i) {
    sandbox->write_file("tree/d" + std::to_string(i / 1000) + "/f" + std::to_string(i) + ".txt",
                        "file " + std::to_string(i) + "\n");
  }
  Json samples = Json::array();
  for (int i = 0; i < forks; ++i) {
    const auto start = Clock::now();
    auto copy = sandbox->fork();
    samples.push_back(seconds_since(start));
    // Checked outside the timer: the copy must see the files and stay independent.
    if (!copy->exists("tree/d0/f0.txt")) return {{"error", "the fork does not see the files"}};
    copy->write_file("tree/d0/f0.txt", "changed\n");
    if (sandbox->read_file("tree/d0/f0.txt") != "file 0\n") {
      return {{"error", "a write to the fork changed the original"}};
    }
  }
  return {{"samples", samples}};
}

// Resident set size of this process, from /proc (the driver is host code).
long resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

Json run_idle_memory(const Json& request) {
  const int count = request.at("count").get<int>();
  std::vector<std::unique_ptr<kefka::Sandbox>> sessions;
  sessions.reserve(count);
  const long before = resident_bytes();
  for (int i = 0; i < count; ++i) {
    sessions.push_back(kefka::Sandbox::create());
    sessions.back()->exec(":");
  }
  const long after = resident_bytes();
  return {{"bytes", double(after - before) / count}};
}

Json run_parallel(const Json& request) {
  const int count = request.at("sessions").get<int>();
  const auto script = request.at("script").get<std::string>();
  const auto options = options_for(request);
  std::vector<std::unique_ptr<kefka::Sandbox>> sessions;
  for (int i = 0; i < count; ++i) sessions.push_back(kefka::Sandbox::create(options));
  std::vector<kefka::ExecResult> results(count);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      results[i] = sessions[i]->exec(script);
    });
  }
  const auto start = Clock::now();
  go.store(true, std::memory_order_release);
  for (auto& thread : threads) thread.join();
  const double seconds = seconds_since(start);
  for (const auto& result : results) {
    if (result.exit_status != 0) return result_json(seconds, result);
  }
  return result_json(seconds, results[0]);
}

Json handle(const Json& request) {
  const auto op = request.at("op").get<std::string>();
  if (op == "hello") return {{"engine", "kefka"}};
  if (op == "exec") return run_exec(request);
  if (op == "create_destroy") return run_create_destroy(request);
  if (op == "fork") return run_fork(request);
  if (op == "idle_memory") return run_idle_memory(request);
  if (op == "parallel") return run_parallel(request);
  return {{"unsupported", "unknown op '" + op + "'"}};
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    Json reply;
    try {
      reply = handle(Json::parse(line));
    } catch (const std::exception& error) {
      reply = {{"error", std::string("exception: ") + error.what()}};
    }
    std::cout << reply.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
  }
  return 0;
}

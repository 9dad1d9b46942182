// `read -t` on the embedder's lazy stdin (ExecOptions::stdin_reader): the
// timeout must end the read while the reader keeps saying "not yet", and data
// the wait fetched must reach the next read.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "kefka/sandbox.h"

namespace kefka {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A reader with nothing to give: waits 10 ms, then says "not yet".
long never_ready(char*, size_t) {
  std::this_thread::sleep_for(10ms);
  return -1;
}

// A reader that hands out `data` once `delay` has passed since its creation.
InputReader delayed_reader(std::string data, std::chrono::milliseconds delay) {
  auto start = Clock::now();
  auto pos = std::make_shared<size_t>(0);
  return [data = std::move(data), delay, start, pos](char* buf, size_t size) -> long {
    if (Clock::now() - start < delay) {
      std::this_thread::sleep_for(5ms);
      return -1;
    }
    size_t n = std::min(size, data.size() - *pos);
    std::copy_n(data.data() + *pos, n, buf);
    *pos += n;
    return static_cast<long>(n);
  };
}

TEST(ReadTimeoutOnReader, TimesOutWhileTheReaderHasNothing) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.stdin_reader = never_ready;
  auto start = Clock::now();
  auto r = sb->exec("read -t 0.3 x; echo \"status $? [$x]\"", o);
  auto took = Clock::now() - start;
  EXPECT_EQ(r.stdout_data, "status 142 []\n");
  EXPECT_GE(took, 280ms);
  EXPECT_LT(took, 3s);
}

TEST(ReadTimeoutOnReader, ZeroTimeoutPollsWithoutReading) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.stdin_reader = never_ready;
  EXPECT_EQ(sb->exec("read -t 0; echo $?", o).stdout_data, "1\n");
  o.stdin_reader = delayed_reader("line\n", 0ms);
  EXPECT_EQ(sb->exec("read -t 0; echo $?; read x; echo \"$x\"", o).stdout_data, "0\nline\n");
}

TEST(ReadTimeoutOnReader, DataArrivingBeforeTheDeadlineIsRead) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.stdin_reader = delayed_reader("one\ntwo\n", 150ms);
  auto r = sb->exec("read -t 5 a; echo \"$? $a\"; read -t 5 b; echo \"$? $b\"; read c; echo $?", o);
  EXPECT_EQ(r.stdout_data, "0 one\n0 two\n1\n");
}

TEST(ReadTimeoutOnReader, PartialLineThenTimeoutKeepsWhatArrived) {
  auto sb = Sandbox::create();
  ExecOptions o;
  bool sent = false;
  o.stdin_reader = [&](char* buf, size_t) -> long {
    if (!sent) {
      sent = true;
      buf[0] = 'a';
      buf[1] = 'b';
      return 2;
    }
    std::this_thread::sleep_for(10ms);
    return -1;
  };
  // bash assigns what it read before the timeout.
  EXPECT_EQ(sb->exec("read -t 0.2 x; echo \"$? [$x]\"", o).stdout_data, "142 [ab]\n");
}

TEST(ReadTimeoutOnReader, CancelEndsAReadWithoutTimeout) {
  auto sb = Sandbox::create();
  ExecOptions o;
  o.stdin_reader = never_ready;
  o.timeout = 300ms;
  auto start = Clock::now();
  auto r = sb->exec("read x; echo unreachable", o);
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_EQ(r.exit_status, 124);
}

}  // namespace
}  // namespace kefka

#include <gtest/gtest.h>

#include <thread>

#include "base/budget.h"
#include "base/stream.h"

namespace kefka {
namespace {

TEST(Pipe, CarriesBytesBetweenThreadsAndEndsAtEof) {
  Budget budget(Limits{});
  auto [reader, writer] = make_pipe(&budget, 16);
  std::string sent;
  for (int i = 0; i < 1000; ++i) sent += std::to_string(i) + "\n";
  std::thread producer([w = std::move(writer), &sent]() mutable {
    ASSERT_TRUE(write_all(*w, sent).ok());
    w.reset();  // closing the last writer reference ends the stream
  });
  auto got = read_all(*reader);
  producer.join();
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, sent);
}

TEST(Pipe, WriterGetsEpipeOnceReaderIsGone) {
  auto [reader, writer] = make_pipe(nullptr, 4);
  reader.reset();
  auto n = writer->write("hello");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error(), EPIPE);
}

TEST(Pipe, BlockedReaderStopsWhenBudgetIsCancelled) {
  Budget budget(Limits{});
  auto [reader, writer] = make_pipe(&budget);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    budget.cancel();
  });
  char buf[8];
  EXPECT_THROW((void)reader->read(buf), ExecAbort);
  canceller.join();
}

using SteadyClock = std::chrono::steady_clock;

TEST(WaitReadable, EmptyPipeTimesOutAtTheDeadline) {
  Budget budget(Limits{});
  auto [reader, writer] = make_pipe(&budget);
  auto start = SteadyClock::now();
  EXPECT_EQ(reader->wait_readable(start + std::chrono::milliseconds(50)), Readiness::kTimeout);
  EXPECT_GE(SteadyClock::now() - start, std::chrono::milliseconds(50));
  // A deadline already past polls without waiting.
  EXPECT_EQ(reader->wait_readable(SteadyClock::now()), Readiness::kTimeout);
}

TEST(WaitReadable, PipeIsReadyWithDataOrAtEndOfInput) {
  auto [reader, writer] = make_pipe(nullptr);
  ASSERT_TRUE(write_all(*writer, "x").ok());
  EXPECT_EQ(reader->wait_readable(SteadyClock::now()), Readiness::kReady);
  char c;
  ASSERT_EQ(*reader->read({&c, 1}), 1u);  // waiting consumed nothing
  EXPECT_EQ(reader->wait_readable(SteadyClock::now()), Readiness::kTimeout);
  writer.reset();
  EXPECT_EQ(reader->wait_readable(SteadyClock::now()), Readiness::kReady);
}

TEST(WaitReadable, WakesWhenDataArrives) {
  Budget budget(Limits{});
  auto [reader, writer] = make_pipe(&budget);
  std::thread producer([w = writer] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    (void)write_all(*w, "late");
  });
  auto start = SteadyClock::now();
  EXPECT_EQ(reader->wait_readable(start + std::chrono::seconds(10)), Readiness::kReady);
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(5));
  producer.join();
}

TEST(WaitReadable, BudgetDeadlineStopsALongerWait) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(50);
  Budget budget(limits);
  auto [reader, writer] = make_pipe(&budget);
  auto start = SteadyClock::now();
  EXPECT_THROW((void)reader->wait_readable(start + std::chrono::seconds(60)), ExecAbort);
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(5));
}

TEST(WaitReadable, StringsAndNullAreAlwaysReady) {
  StringSource empty("");
  NullStream null;
  EXPECT_EQ(empty.wait_readable(SteadyClock::now()), Readiness::kReady);
  EXPECT_EQ(null.wait_readable(SteadyClock::now()), Readiness::kReady);
}

TEST(Budget, DeadlineAbortsWithTimeoutStatus) {
  Limits limits;
  limits.timeout = std::chrono::milliseconds(1);
  Budget budget(limits);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  try {
    budget.check();
    FAIL() << "expected ExecAbort";
  } catch (const ExecAbort& e) {
    EXPECT_EQ(e.status(), kStatusTimedOut);
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos);
  }
}

TEST(Budget, CommandLimitNamesTheLimit) {
  Limits limits;
  limits.max_commands = 2;
  Budget budget(limits);
  budget.count_command();
  budget.count_command();
  try {
    budget.count_command();
    FAIL() << "expected ExecAbort";
  } catch (const ExecAbort& e) {
    EXPECT_EQ(e.status(), kStatusLimitExceeded);
    EXPECT_NE(std::string(e.what()).find("max_commands=2"), std::string::npos);
  }
}

TEST(LineReader, SplitsRecordsAndKeepsAnUnterminatedLastLine) {
  auto in = std::make_shared<StringSource>("a\nbb\n\nccc");
  LineReader lines(in);
  std::string rec;
  bool delim = false;
  std::vector<std::pair<std::string, bool>> got;
  while (lines.next(rec, &delim)) got.emplace_back(rec, delim);
  std::vector<std::pair<std::string, bool>> want = {
      {"a", true}, {"bb", true}, {"", true}, {"ccc", false}};
  EXPECT_EQ(got, want);
}

TEST(FdTable, LowestFreeSkipsOpenDescriptors) {
  FdTable fds;
  fds.set(10, std::make_shared<NullStream>());
  fds.set(11, std::make_shared<NullStream>());
  EXPECT_EQ(fds.lowest_free(10), 12);
  EXPECT_EQ(fds.lowest_free(0), 0);
}

}  // namespace
}  // namespace kefka

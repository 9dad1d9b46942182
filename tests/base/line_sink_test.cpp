#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "base/line_sink.h"

namespace kefka {
namespace {

TEST(LineSink, HoldsAPartialLineUntilItsNewline) {
  auto target = std::make_shared<StringSink>();
  auto sink = std::make_shared<LineSink>(target, std::make_shared<std::mutex>());
  ASSERT_TRUE(sink->write("abc").ok());
  EXPECT_EQ(target->data(), "");
  ASSERT_TRUE(sink->write("def\ngh").ok());
  EXPECT_EQ(target->data(), "abcdef\n");
  sink.reset();  // the last partial line is written when the sink goes away
  EXPECT_EQ(target->data(), "abcdef\ngh");
}

TEST(LineSink, ConcurrentWritersNeverInterleaveMidLine) {
  auto target = std::make_shared<StringSink>();
  auto first = std::make_shared<LineSink>(target, std::make_shared<std::mutex>());
  auto second = first->sibling();
  // Each writer emits its lines in pieces that split every line.
  auto writer = [](std::shared_ptr<LineSink> sink, char tag) {
    for (int i = 0; i < 2000; ++i) {
      std::string line = std::string(1, tag) + std::to_string(i) + "-payload\n";
      (void)sink->write(line.substr(0, 3));
      (void)sink->write(line.substr(3));
    }
  };
  std::thread a(writer, first, 'X');
  std::thread b(writer, second, 'Y');
  a.join();
  b.join();
  first.reset();
  second.reset();
  size_t lines = 0;
  size_t start = 0;
  for (size_t nl; (nl = target->data().find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = target->data().substr(start, nl - start);
    ASSERT_TRUE(line[0] == 'X' || line[0] == 'Y') << line;
    ASSERT_NE(line.find("-payload"), std::string::npos) << line;
    ASSERT_EQ(line.find_first_of("XY", 1), std::string::npos) << line;
    ++lines;
  }
  EXPECT_EQ(lines, 4000u);
}

}  // namespace
}  // namespace kefka

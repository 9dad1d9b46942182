#include <fcntl.h>
#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class HeadTest : public CommandFixture {};

TEST_F(HeadTest, MatchesGnu) {
  TestData data;
  std::string text = data.text(300, false);
  std::string bin = data.binary(20000);
  std::vector<std::pair<std::string, std::string>> files = {{"text", text},
                                                            {"bin", bin},
                                                            {"empty", ""},
                                                            {"nonl", "a\nb"},
                                                            {"z", std::string("a\0b\0c", 5)}};
  for (std::vector<std::string> flags :
       std::vector<std::vector<std::string>>{{},
                                             {"-n", "3"},
                                             {"-n3"},
                                             {"-3"},
                                             {"-n", "0"},
                                             {"-n", "-5"},
                                             {"-n", "-0"},
                                             {"-n", "-1000"},
                                             {"-c", "10"},
                                             {"-c", "-7"},
                                             {"-c", "1K"},
                                             {"-c", "1kB"},
                                             {"--bytes=0"},
                                             {"-q"},
                                             {"-v"},
                                             {"-z", "-n", "1"},
                                             {"-5c"},
                                             {"-2l"},
                                             {"-1k"},
                                             {"-n", "2", "-q", "-v"},
                                             {"-zn", "-1"},
                                             {"--lines=+4"}}) {
    for (std::vector<std::string> operands :
         std::vector<std::vector<std::string>>{{"text"}, {"bin", "nonl", "empty"}, {"z", "text"}}) {
      std::vector<std::string> argv = {"head"};
      argv.insert(argv.end(), flags.begin(), flags.end());
      argv.insert(argv.end(), operands.begin(), operands.end());
      expect_same_as_gnu({.argv = argv, .files = files});
    }
  }
}

TEST_F(HeadTest, StdinAndErrors) {
  expect_same_as_gnu({.argv = {"head", "-n", "2"}, .input = "1\n2\n3\n"});
  expect_same_as_gnu(
      {.argv = {"head", "-n", "2", "-", "f"}, .input = "1\n2\n3\n", .files = {{"f", "x\n"}}});
  expect_same_as_gnu({.argv = {"head", "missing", "f"}, .files = {{"f", "x\n"}}});
  expect_same_as_gnu({.argv = {"head", "a'b"}});
  expect_same_as_gnu({.argv = {"head", "-n", "x"}});
  expect_same_as_gnu({.argv = {"head", "-c", "5x"}});
  expect_same_as_gnu({.argv = {"head", "-n", "99999999999999999999999"}});
  expect_same_as_gnu({.argv = {"head", "-n"}});
  expect_same_as_gnu({.argv = {"head", "--line=3"}, .input = "1\n2\n3\n4\n"});
  expect_same_as_gnu({.argv = {"head", "d"}, .files = {{"d/x", ""}}});
}

// Runs argv with stdin shared across calls, like `{ head -n1; cat; } < file`.
std::string run_on_shared_stdin(CommandSandbox& box, std::vector<std::string> argv,
                                const StreamPtr& in) {
  auto out = std::make_shared<StringSink>();
  FdTable fds;
  fds.set(0, in);
  fds.set(1, out);
  fds.set(2, std::make_shared<StringSink>());
  cmd::Context ctx{.argv = std::move(argv),
                   .env = box.env,
                   .fs = box.fs(),
                   .fds = fds,
                   .budget = box.budget(),
                   .executor = nullptr};
  (void)cmd::run_command(*cmd::find_command(ctx.argv[0]), ctx);
  ctx.flush_output();
  return out->take();
}

TEST_F(HeadTest, LeavesOffsetAfterWhatItPrinted) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  write_file("f", text);
  for (std::vector<std::string> argv : std::vector<std::vector<std::string>>{
           {"head", "-n1"}, {"head", "-n", "1234"}, {"head", "-c", "7"}, {"head", "-c", "70000"}}) {
    auto in = fs().open("f", O_RDONLY);
    ASSERT_TRUE(in.ok());
    std::string first = run_on_shared_stdin(*this, argv, *in);
    std::string rest = run_on_shared_stdin(*this, {"cat"}, *in);
    EXPECT_EQ(first + rest, text) << argv[1];
    EXPECT_FALSE(first.empty());
  }
  // On a pipe, -c reads no further than it prints.
  auto pipe = std::make_shared<StringSource>("abcdefghij");
  EXPECT_EQ(run_on_shared_stdin(*this, {"head", "-c", "3"}, pipe), "abc");
  EXPECT_EQ(run_on_shared_stdin(*this, {"cat"}, pipe), "defghij");
}

}  // namespace
}  // namespace kefka::test

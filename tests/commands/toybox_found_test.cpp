// Differential tests for text-command bugs found by running an external
// coreutils-style suite against kefka (cases written here, not copied).
#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/zone_files.h"

namespace kefka::test {
namespace {

class ToyboxFoundTest : public CommandFixture {};

// cmp -s says nothing about files it cannot open; status 2 as usual.
TEST_F(ToyboxFoundTest, CmpSilentMissingFile) {
  expect_same_as_gnu({.argv = {"cmp", "-s", "a", "missing"}, .files = {{"a", "x\n"}}});
  expect_same_as_gnu({.argv = {"cmp", "-s", "missing", "a"}, .files = {{"a", "x\n"}}});
  expect_same_as_gnu({.argv = {"cmp", "--silent", "missing", "-"}, .input = "x\n"});
  expect_same_as_gnu({.argv = {"cmp", "a", "missing"}, .files = {{"a", "x\n"}}});
}

// A ')' where an operand belongs: GNU's own wording.
TEST_F(ToyboxFoundTest, ExprUnexpectedCloseParen) {
  expect_same_as_gnu({.argv = {"expr", "(", ")"}});
  expect_same_as_gnu({.argv = {"expr", "1", "+", ")"}});
  expect_same_as_gnu({.argv = {"expr", ")", "+", "1"}});
  expect_same_as_gnu({.argv = {"expr", "(", "1", "+", ")", ")"}});
}

// Repeated "-" operands take turns reading lines of the one standard input.
TEST_F(ToyboxFoundTest, PasteRepeatedStdin) {
  std::string four = "uno\ndos\ntres\ncuatro\n";
  expect_same_as_gnu({.argv = {"paste", "-", "-", "-"}, .input = four});
  expect_same_as_gnu({.argv = {"paste", "-d", "", "-", "-"}, .input = four});
  expect_same_as_gnu({.argv = {"paste", "-d", ":,", "-", "f", "-"},
                      .input = four + "cinco",
                      .files = {{"f", "one\ntwo\n"}}});
  expect_same_as_gnu({.argv = {"paste", "-s", "-", "-"}, .input = four});
  expect_same_as_gnu({.argv = {"paste", "-z", "-", "-"}, .input = std::string("a\0b\0c\0", 6)});
}

// date -d @N takes only decimal seconds with an optional fraction.
TEST_F(ToyboxFoundTest, DateEpochSyntax) {
  env["TZ"] = "UTC";
  for (const char* text : {"@0x123", "@1e3", "@inf", "@nan", "@5.", "@.5", "@ 5", "@-1.5", "@+3",
                           "@5,25", "@12 ", "@", "@-", "@1.5 +1 day"}) {
    expect_same_as_gnu({.argv = {"date", "-d", text, "+%s.%N"}});
  }
}

// An empty date is the start of today, not the current time.
TEST_F(ToyboxFoundTest, DateEmptyIsMidnight) {
  for (const char* tz : {"UTC", "UTC-3", "EST5"}) {
    env["TZ"] = tz;
    expect_same_as_gnu({.argv = {"date", "-d", ""}});
    expect_same_as_gnu({.argv = {"date", "-d", "   ", "+%F %T.%N"}});
  }
}

// A leading TZ="ZONE" in date -d text selects the zone of the rest.
TEST_F(ToyboxFoundTest, DateEmbeddedZone) {
  install_test_zones(root_view());
  for (const char* tz : {"UTC", "America/New_York"}) {
    env["TZ"] = tz;
    for (const char* text :
         {"TZ=\"Europe/Paris\" 2018-01-04 08:00", "TZ=\"Asia/Kolkata\" 2018-07-04 08:00:30",
          "  TZ=\"Australia/Sydney\" 2020-06-01", "TZ=\"UTC\" @1533427200",
          "TZ=\"EST5EDT\" 2021-03-14 12:00", "TZ=\"Europe/Paris\"", "TZ=\"Europe/Paris 2018-01-04",
          "TZ=\"\" 2018-01-04 08:00"}) {
      expect_same_as_gnu({.argv = {"date", "-d", text}});
    }
  }
}

// tac's open and read errors use GNU tac's own wording.
TEST_F(ToyboxFoundTest, TacErrorMessages) {
  expect_same_as_gnu({.argv = {"tac", "f", "missing", "f"}, .files = {{"f", "a\nb\n"}}});
  expect_same_as_gnu({.argv = {"tac", "no such"}});
  expect_same_as_gnu({.argv = {"tac", "d/x", "d"}, .files = {{"d/x", "1\n2\n"}}});
}

// test and [ exist as commands (env test, xargs test, find -exec test), with
// GNU's parse by argument count, precedence, integer rules and messages.
TEST_F(ToyboxFoundTest, TestCommandMatchesGnu) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"f", "x"}, {"e", ""}, {"d/inner", "y"}};
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {},
           {""},
           {"a"},
           {"-n", ""},
           {"-z", ""},
           {"!", " "},
           {"-t"},
           {"--help"},
           {"--version"},
           {"a", "=", "a"},
           {"a", "==", "b"},
           {"a", "!=", "b"},
           {"1", "-eq", " 01 "},
           {"99999999999999999999", "-gt", "1"},
           {"-1", "-lt", "-0"},
           {"+3", "-ge", "3"},
           {"x", "-eq", "1"},
           {"1", "-ne", ""},
           {"a", "b"},
           {"a", "b", "c"},
           {"a", "b", "c", "d", "e"},
           {"(", ")"},
           {"(", "a", ")"},
           {"(", "(", "a", ")", ")"},
           {"(", "a", "b", ")"},
           {"!", "a", "=", "b"},
           {"!", "!", "!", "-e", "f"},
           {"a", "-a", "", "-o", "b"},
           {"", "-o", "", "-a", "x"},
           {"-e", "f", "-a", "-d", "d", "-a", "!", "-s", "e"},
           {"a", "-a"},
           {"1", "-eq"},
           {"-f", "f"},
           {"-d", "d"},
           {"-f", "d"},
           {"-s", "e"},
           {"-s", "f"},
           {"-e", "missing"},
           {"-h", "f"},
           {"f", "-nt", "missing"},
           {"missing", "-ot", "f"},
           {"f", "-ef", "f"},
           {"f", "-ef", "e"},
           {"-q", "x"},
           {"b", ">", "a"},
           {"-t", "x"},
       }) {
    args.insert(args.begin(), "test");
    expect_same_as_gnu({.argv = args, .files = files, .host_program = "/usr/bin/test"});
  }
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"[", "1", "=", "1", "]"},
           {"[", "1", "=", "2", "]"},
           {"[", "1", "=", "1"},
           {"[", "]"},
           {"[", "-d", "d", "]"},
           {"[", "(", "x", ")", "]"},
           {"[", "--version", "]"},
       }) {
    expect_same_as_gnu({.argv = args, .files = files, .host_program = "/usr/bin/["});
  }
}

// "=VALUE" is an assignment with an empty name, not a command.
TEST_F(ToyboxFoundTest, EnvEmptyNameAssignment) {
  expect_same_as_gnu({.argv = {"env", "-i", "=BLAH", "env"}});
  expect_same_as_gnu({.argv = {"env", "-i", "=BLAH", "A=1"}});
  expect_same_as_gnu({.argv = {"env", "-i", "=", "env"}});
}

// Under a UTF-8 locale GNU quotes operands in expr and seq messages with
// ‘ ’; in the C locale with ASCII quotes.
TEST_F(ToyboxFoundTest, ExprSeqQuotesFollowLocale) {
  for (const char* lang : {"C", "C.UTF-8"}) {
    env["LC_ALL"] = lang;
    expect_same_as_gnu({.argv = {"expr", "1", "2"}});
    expect_same_as_gnu({.argv = {"expr", "(", "1"}});
    expect_same_as_gnu({.argv = {"expr", "1", "+"}});
    expect_same_as_gnu({.argv = {"expr", "(", "1", "+", "(", "2", ")"}});
    expect_same_as_gnu({.argv = {"expr", "a", "\xc3\xa9", "\x01"}});
    expect_same_as_gnu({.argv = {"seq", "1", "0", "3"}});
    expect_same_as_gnu({.argv = {"seq", "x\xc3\xa9"}});
    expect_same_as_gnu({.argv = {"seq", "-f", "%d", "3"}});
    expect_same_as_gnu({.argv = {"seq", "1", "2", "3", "it's"}});
  }
}

// Every command's quote() follows the locale (kefka's default LANG is
// C.UTF-8), including both sides of GNU's "invalid argument X for Y".
TEST_F(ToyboxFoundTest, QuotedValuesFollowLocale) {
  for (const char* lang : {"C.UTF-8", "C"}) {
    env["LC_ALL"] = lang;
    for (std::vector<std::string> argv : std::vector<std::vector<std::string>>{
             {"cut", "-f", "x"},
             {"head", "-n", "x"},
             {"tail", "-c", "1x"},
             {"fold", "-w", "x"},
             {"base64", "-w", "x"},
             {"date", "-d", "xyz"},
             {"date", "--iso-8601=x"},
             {"date", "--rfc-3339=x"},
             {"numfmt", "--to=x", "1"},
             {"sort", "--sort=x"},
             {"sort", "--check=x"},
             {"uniq", "--group=x"},
             {"nl", "-v", "x"},
             {"join", "-1", "x", "a", "b"},
             {"fmt", "-w", "x"},
             {"cksum", "-a", "x"},
             {"numfmt", "--from=auto", "--to=x", "1"},
         }) {
      expect_same_as_gnu({.argv = argv});
    }
  }
}

// Option values GNU rejects with its own wording (tail -s, nice -n).
TEST_F(ToyboxFoundTest, InvalidOptionValues) {
  for (std::vector<std::string> argv : std::vector<std::vector<std::string>>{
           {"tail", "-s", "x", "f"},
           {"tail", "-s", "-1", "f"},
           {"tail", "-s", "1e400", "f"},
           {"tail", "-s", "", "f"},
           {"tail", "-s", "0x10", "f"},
           {"tail", "-s", "inf", "f"},
           {"tail", "--sleep-interval=2.5", "f"},
           {"nice", "-n", "x", "true"},
           {"nice", "--adjustment=1x", "true"},
       }) {
    expect_same_as_gnu({.argv = argv, .files = {{"f", "a\nb\n"}}});
  }
}

// od prints nothing, not even the final offset, when no input opens.
TEST_F(ToyboxFoundTest, OdNoInputOpened) {
  expect_same_as_gnu({.argv = {"od", "missing"}});
  expect_same_as_gnu({.argv = {"od", "missing", "other"}});
  expect_same_as_gnu({.argv = {"od", "-w", "0x"}});
  expect_same_as_gnu({.argv = {"od", "missing", "f"}, .files = {{"f", "ab"}}});
}

// od's number errors come from GNU's xstrtol_fatal: ASCII quotes in any locale;
// its type-string errors use quote() like other commands.
TEST_F(ToyboxFoundTest, OdQuotesPerMessageKind) {
  for (const char* lang : {"C.UTF-8", "C"}) {
    env["LC_ALL"] = lang;
    expect_same_as_gnu({.argv = {"od", "-w0x"}});
    expect_same_as_gnu({.argv = {"od", "-N", "x"}});
    expect_same_as_gnu({.argv = {"od", "-j", "1x", "-"}, .input = "ab"});
    expect_same_as_gnu({.argv = {"od", "--read-bytes=x"}});
    expect_same_as_gnu({.argv = {"od", "--skip=2q", "-"}, .input = "ab"});
    expect_same_as_gnu({.argv = {"od", "-t", "q"}});
  }
}

}  // namespace
}  // namespace kefka::test

#include <gtest/gtest.h>

#include "../support/command_fixture.h"
#include "../support/test_data.h"

namespace kefka::test {
namespace {

class Checksums : public CommandFixture {};

TEST_F(Checksums, DigestsMatchGnu) {
  TestData data;
  std::vector<std::pair<std::string, std::string>> files = {{"text", data.text(300)},
                                                            {"bin", data.binary(100000)},
                                                            {"empty", ""},
                                                            {"a\\b", "x"},
                                                            {"n\nl", "y"},
                                                            {"sp ace", "z"}};
  for (std::string tool :
       {"md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum"}) {
    for (std::vector<std::string> args :
         std::vector<std::vector<std::string>>{{"text", "bin", "empty"},
                                               {"-"},
                                               {},
                                               {"--tag", "text", "a\\b"},
                                               {"-b", "bin"},
                                               {"a\\b", "n\nl", "sp ace"},
                                               {"-z", "n\nl"},
                                               {"missing", "text"},
                                               {"--tag", "-b", "x"},
                                               {"--quiet", "text"}}) {
      std::vector<std::string> argv = {tool};
      argv.insert(argv.end(), args.begin(), args.end());
      expect_same_as_gnu({.argv = argv, .input = "stdin data", .files = files});
    }
  }
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"b2sum", "-l", "128", "text"},
                                             {"b2sum", "-l", "256", "--tag", "bin"},
                                             {"b2sum", "-l", "7", "text"},
                                             {"b2sum", "-l", "1024", "text"},
                                             {"cksum", "text", "bin", "empty"},
                                             {"cksum"},
                                             {"cksum", "-a", "sha256", "text"},
                                             {"cksum", "-a", "md5", "--untagged", "text"},
                                             {"cksum", "-a", "bsd", "text"},
                                             {"cksum", "-a", "sysv", "bin"},
                                             {"cksum", "-a", "nope"},
                                             {"cksum", "-a", "blake2b", "-l", "64", "text"},
                                             {"sum", "text"},
                                             {"sum", "text", "bin"},
                                             {"sum", "-s", "bin"},
                                             {"sum"},
                                             {"sum", "-r", "empty"}}) {
    expect_same_as_gnu({.argv = args, .input = "stdin data", .files = files});
  }
}

TEST_F(Checksums, CheckModeMatchesGnu) {
  std::vector<std::pair<std::string, std::string>> files = {{"f", "hello\n"}, {"g", "world\n"}};
  std::string good_f = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  f\n";
  std::string good_g = "e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317  g\n";
  std::string bad_g = "0000000000000000000000000000000000000000000000000000000000000000  g\n";
  std::vector<std::pair<std::string, std::string>> lists = {
      {"ok", good_f + good_g},
      {"mixed", good_f + bad_g + "garbage line\n" +
                    "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  missing\n"},
      {"tagged", "SHA256 (f) = 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n"},
      {"binmode", "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 *f\n"},
      {"none", "nothing here\n"},
      {"upper", "5891B5B522D5DF086D0FF0B110FBD9D21BB4FC7163AF34D08286A2E846F6BE03  f\n"}};
  for (auto& l : lists) files.push_back(l);
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"-c", "ok"},
                                             {"-c", "mixed"},
                                             {"-c", "tagged"},
                                             {"-c", "binmode"},
                                             {"-c", "none"},
                                             {"-c", "upper"},
                                             {"-c", "--quiet", "mixed"},
                                             {"-c", "--status", "mixed"},
                                             {"-c", "--strict", "ok"},
                                             {"-c", "-w", "mixed"},
                                             {"-c", "--ignore-missing", "mixed"},
                                             {"-c", "ok", "tagged"},
                                             {"-c", "--tag", "ok"},
                                             {"--status", "f"},
                                             {"-c", "missinglist"}}) {
    std::vector<std::string> argv = {"sha256sum"};
    argv.insert(argv.end(), args.begin(), args.end());
    expect_same_as_gnu({.argv = argv, .files = files});
  }
  expect_same_as_gnu({.argv = {"sha256sum", "-c"}, .input = good_f, .files = files});
}

}  // namespace
}  // namespace kefka::test

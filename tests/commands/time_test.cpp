// time as a program (GNU time 1.9): differential against /usr/bin/time. Text
// that carries measurements is compared with every digit run replaced by "N"
// (timings and the host's memory/fault counts differ run to run); formats
// without measurements, -o files, errors and statuses are compared exactly.
#include <gtest/gtest.h>

#include <regex>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

class TimeCommand : public CommandFixture {
 protected:
  // Exact comparison of stdout, stderr and status; GNU's messages and --help
  // name the program as called, so /usr/bin/time becomes "time".
  void gnu(std::vector<std::string> argv,
           std::vector<std::pair<std::string, std::string>> files = {}) {
    HostTempDir host;
    for (const auto& [name, data] : files) {
      host.write(name, data);
      write_file(name, data);
    }
    RunResult actual = run(argv);
    argv[0] = "/usr/bin/time";
    auto host_env = default_test_env();
    for (const auto& [k, v] : env) host_env[k] = v;
    auto expected = run_host(argv, "", host.path(), host_env);
    EXPECT_EQ(actual.out, replace_all(expected.out, "/usr/bin/time", "time"))
        << ::testing::PrintToString(argv);
    EXPECT_EQ(actual.err, replace_all(expected.err, "/usr/bin/time", "time"))
        << ::testing::PrintToString(argv);
    EXPECT_EQ(actual.status, expected.status) << ::testing::PrintToString(argv);
  }
  static std::string digits_masked(const std::string& text) {
    // Under a millisecond of wall time GNU prints "?%" for the CPU share.
    return std::regex_replace(text, std::regex("[0-9]+|\\?(?=%)"), "N");
  }
  // Comparison with numbers masked in stderr.
  void gnu_masked(std::vector<std::string> argv,
                  std::vector<std::pair<std::string, std::string>> files = {}) {
    RunResult actual = expect_same_as_gnu(
        {.argv = argv, .files = files, .compare_stderr = false, .host_program = "/usr/bin/time"});
    HostTempDir host;
    for (const auto& [name, data] : files) host.write(name, data);
    std::vector<std::string> host_argv = argv;
    host_argv[0] = "/usr/bin/time";
    auto host_env = default_test_env();
    for (const auto& [k, v] : env) host_env[k] = v;
    auto expected = run_host(host_argv, "", host.path(), host_env);
    expected.err = replace_all(expected.err, "/usr/bin/time", "time");
    EXPECT_EQ(digits_masked(actual.err), digits_masked(expected.err))
        << ::testing::PrintToString(argv);
  }
};

TEST_F(TimeCommand, DefaultFormatAfterTheCommandsOutput) {
  gnu_masked({"time", "echo", "hello"});
  gnu_masked({"time", "seq", "3"});
  RunResult r = run({"time", "echo", "hi"});
  EXPECT_TRUE(std::regex_match(
      r.err, std::regex("[0-9]+\\.[0-9]{2}user [0-9]+\\.[0-9]{2}system [0-9]+:[0-9]{2}\\.[0-9]{2}"
                        "elapsed ([0-9]+|\\?)%CPU \\(0avgtext\\+0avgdata 0maxresident\\)k\n"
                        "0inputs\\+0outputs \\(0major\\+0minor\\)pagefaults 0swaps\n")))
      << r.err;
}

TEST_F(TimeCommand, NonZeroStatusIsReportedAndPassedThrough) {
  gnu_masked({"time", "false"});
  gnu_masked({"time", "ls", "missing-file"});
  EXPECT_EQ(run({"time", "false"}).status, 1);
}

TEST_F(TimeCommand, PortabilityFormatOmitsTheStatusLine) {
  gnu_masked({"time", "-p", "true"});
  gnu_masked({"time", "-p", "false"});
  gnu_masked({"time", "--portability", "echo", "x"});
  gnu_masked({"time", "-f", "F", "-p", "false"});
  gnu({"time", "-p", "-f", "F%x", "false"});
}

TEST_F(TimeCommand, VerboseListsEveryField) {
  gnu_masked({"time", "-v", "true"});
  gnu_masked({"time", "--verbose", "false"});
  gnu_masked({"time", "-v", "-p", "false"});
  gnu_masked({"time", "-f", "F", "-v", "echo", "a b"});
}

TEST_F(TimeCommand, FormatEscapesWithoutMeasurements) {
  gnu({"time", "-f", "%C|%x|%Z|%%|%q|%y|\\t|\\n|\\\\|\\q|x%", "echo", "a b", "", "c"});
  gnu({"time", "-f", "", "true"});
  gnu({"time", "--format=[%x]", "false"});
  gnu({"time", "--form", "%C", "seq", "2"});
  gnu({"time", "-qf", "%x", "false"});
  gnu({"time", "-q", "--format", "%x", "ls", "nothing-here"});
  gnu({"time", "-f%x", "--", "true"});
}

TEST_F(TimeCommand, TimingFieldsHaveGnuShapes) {
  gnu_masked({"time", "-f", "%e %E %U %S %P", "true"});
  RunResult r = run({"time", "-f", "%e|%E|%U|%S|%P", "sleep", "0.3"});
  EXPECT_TRUE(std::regex_match(
      r.err, std::regex("0\\.[0-9]{2}\\|0:00\\.[0-9]{2}\\|[0-9]+\\.[0-9]{2}\\|[0-9]+\\.[0-9]{2}\\|"
                        "[0-9]+%\n")))
      << r.err;
  double elapsed = std::stod(r.err);
  EXPECT_GE(elapsed, 0.29);
  EXPECT_LT(elapsed, 5);
}

TEST_F(TimeCommand, UnknowableCountersAreZero) {
  RunResult r = run({"time", "-f", "%D %F %I %K %M %O %R %W %X %c %k %p %r %s %t %w", "true"});
  EXPECT_EQ(r.err, "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
}

TEST_F(TimeCommand, TimeEnvironmentVariableIsTheDefaultFormat) {
  env["TIME"] = "T=%x %C";
  gnu({"time", "false"});
  gnu({"time", "-f", "F", "true"});
  gnu_masked({"time", "-p", "true"});
  env.erase("TIME");
}

TEST_F(TimeCommand, OutputFileReplacesStderr) {
  HostTempDir host;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-o", "report", "-f", "A%x", "false"},
           {"-a", "-o", "report", "-f", "B%x", "true"},
           {"--append", "--output=report", "-f", "C %C", "echo", "hi"},
           {"-o", "report", "-f", "D", "ls", "missing"},
           {"-ao", "report", "-f", "E%x", "nosuch-program"},
       }) {
    std::vector<std::string> argv = {"time"};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult actual = run(argv);
    argv[0] = "/usr/bin/time";
    auto expected = run_host(argv, "", host.path());
    expected.err = replace_all(expected.err, "/usr/bin/time", "time");
    EXPECT_EQ(actual.out, expected.out);
    EXPECT_EQ(actual.err, expected.err);
    EXPECT_EQ(actual.status, expected.status);
    EXPECT_EQ(read_file("report"), host.read("report")) << ::testing::PrintToString(args);
  }
  gnu({"time", "-o", "no/such/dir/report", "true"});
}

TEST_F(TimeCommand, MissingOrUnrunnablePrograms) {
  gnu_masked({"time", "nosuch-program"});
  gnu_masked({"time", "./missing"});
  gnu_masked({"time", "./plain-file", "arg"}, {{"plain-file", "echo hi\n"}});
  mkdir("dir");
  RunResult r = run({"time", "-f", "%x", "./dir"});
  EXPECT_EQ(r.err,
            "time: cannot run ./dir: Permission denied\nCommand exited with non-zero status "
            "126\n126\n");
  EXPECT_EQ(r.status, 126);
  gnu({"time", "-q", "-f", "%x", "nosuch-program"});
}

TEST_F(TimeCommand, UsageErrorsExit125) {
  gnu({"time"});
  gnu({"time", "-f"});
  gnu({"time", "--format"});
  gnu({"time", "-x", "true"});
  gnu({"time", "--bogus", "true"});
  gnu({"time", "--ver", "true"});
  gnu({"time", "--quiet=1", "true"});
  gnu({"time", "-o"});
  gnu({"time", "-f", "%x"});
  gnu({"time", "-h", "true"});
}

TEST_F(TimeCommand, HelpAndVersion) {
  gnu({"time", "--help"});
  gnu({"time", "--help", "true"});
  gnu({"time", "--he"});
  gnu({"time", "-V"});
  gnu({"time", "--version", "false"});
  gnu({"time", "-pV"});
}

TEST_F(TimeCommand, OptionsStopAtTheCommand) {
  gnu({"time", "-f", "%C", "echo", "-p", "-f", "x"});
  gnu_masked({"time", "--", "-f", "true"});
}

TEST_F(TimeCommand, RunsThroughEnv) {
  RunResult r = run({"env", "time", "-f", "%C=%x", "echo", "ok"});
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_EQ(r.err, "echo ok=0\n");
  EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace kefka::test

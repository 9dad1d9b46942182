// ps sees the session's processes through cmd::Executor::list_processes:
// the shell ($$), its running background jobs and coprocesses.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "shell_test_util.h"

namespace kefka::shell::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The ps line whose first field (PID in the default layout) is `pid`.
std::string line_for_pid(const std::string& ps_out, const std::string& pid) {
  for (const std::string& line : lines_of(ps_out)) {
    std::istringstream fields(line);
    std::string first;
    fields >> first;
    if (first == pid) return line;
  }
  return "";
}

TEST(PsJobs, BackgroundJobIsListedWithItsPidAndCommand) {
  ShellEnv env;
  auto r = env.run("sleep 5 & echo \"pid=$!\"; ps; kill %1; wait");
  auto lines = lines_of(r.out);
  ASSERT_FALSE(lines.empty());
  ASSERT_EQ(lines[0].rfind("pid=", 0), 0u);
  std::string pid = lines[0].substr(4);
  std::string job = line_for_pid(r.out, pid);
  EXPECT_NE(job.find("sleep"), std::string::npos) << r.out;
  EXPECT_NE(line_for_pid(r.out, "1000").find("bash"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" ps\n"), std::string::npos) << r.out;
}

TEST(PsJobs, FullFormatShowsParentAndCommandText) {
  ShellEnv env;
  auto r = env.run("sleep 5 & p=$!; ps -o pid= -o ppid= -o args= -p $p; kill $p; wait");
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  std::istringstream fields(lines[0]);
  std::string pid, ppid, args;
  fields >> pid >> ppid;
  std::getline(fields, args);
  EXPECT_EQ(ppid, "1000");
  EXPECT_EQ(args, " sleep 5");
}

TEST(PsJobs, FinishedJobsDisappear) {
  ShellEnv env;
  auto r = env.run("sleep 5 & p=$!; kill %1; wait; ps -p $p; echo \"status=$?\"; ps");
  EXPECT_NE(r.out.find("status=1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("sleep"), std::string::npos) << r.out;
}

TEST(PsJobs, JobsEndingOnTheirOwnAreNotListed) {
  ShellEnv env;
  auto r = env.run("true & wait; ps -o comm=");
  EXPECT_EQ(r.out, "bash\nps\n");
}

TEST(PsJobs, CompoundJobIsNamedBash) {
  ShellEnv env;
  auto r = env.run("{ sleep 5; } & ps -o comm= -p $!; kill $!; wait");
  EXPECT_EQ(r.out, "bash\n");
}

TEST(PsJobs, CoprocIsListed) {
  ShellEnv env;
  auto r = env.run("coproc cat; ps -o comm= -p $COPROC_PID; exec {COPROC[1]}>&-; wait");
  EXPECT_EQ(r.out, "cat\n");
}

TEST(PsJobs, PsPidDoesNotCollideWithAJob) {
  ShellEnv env;
  auto r = env.run("sleep 5 & ps -o pid= -o comm=; kill %1; wait");
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_NE(lines[1], lines[2]);
  std::string job_pid, ps_pid;
  std::istringstream(lines[1]) >> job_pid;
  std::istringstream(lines[2]) >> ps_pid;
  EXPECT_NE(job_pid, ps_pid);
}

}  // namespace
}  // namespace kefka::shell::testing

// Differential tests of the commands that change the tree: each runs on the
// same tree in the sandbox and in a host temp dir, then compares the output
// and the resulting trees.
#include "files_fixture.h"

namespace kefka::test {
namespace {

class TreeOpsTest : public FilesFixture {
 protected:
  void SetUp() override {
    make_tree({
        make_file("f", "data\n"),
        make_file("g", "other\n", 0600),
        make_file("exec", "#!/bin/sh\n", 0755),
        make_file("a b", "space"),
        make_file("-lead", "dash"),
        make_file("nl\nname", "newline"),
        make_dir("d"),
        make_file("d/x", "x"),
        make_dir("d/sub"),
        make_file("d/sub/y", "y"),
        make_dir("empty"),
        make_dir("e2"),
        make_link("ln", "f"),
        make_link("dead", "missing"),
        make_link("dlink", "d"),
    });
  }
  RunResult unordered_tree_diff(std::vector<std::string> argv) {
    return diff({.argv = std::move(argv), .compare_tree = true, .sort_lines = true});
  }
};

// rm
TEST_F(TreeOpsTest, RmFile) {
  tree_diff({"rm", "f", "a b"});
}
TEST_F(TreeOpsTest, RmMissing) {
  tree_diff({"rm", "nope", "f"});
}
TEST_F(TreeOpsTest, RmForceMissing) {
  tree_diff({"rm", "-f", "nope", "g"});
}
TEST_F(TreeOpsTest, RmDirNoR) {
  tree_diff({"rm", "d", "empty"});
}
TEST_F(TreeOpsTest, RmDirD) {
  tree_diff({"rm", "-d", "d", "empty"});
}
TEST_F(TreeOpsTest, RmRecursiveVerbose) {
  unordered_tree_diff({"rm", "-rv", "d", "ln", "dead"});
}
TEST_F(TreeOpsTest, RmDots) {
  tree_diff({"rm", "-rf", ".", "..", "d/.", "d/.."});
}
TEST_F(TreeOpsTest, RmRoot) {
  tree_diff({"rm", "-r", "/"});
}
TEST_F(TreeOpsTest, RmNoOperand) {
  tree_diff({"rm"});
  tree_diff({"rm", "-f"});
}
TEST_F(TreeOpsTest, RmOddNames) {
  tree_diff({"rm", "-v", "--", "-lead", "nl\nname"});
}
TEST_F(TreeOpsTest, RmSymlinkToDir) {
  tree_diff({"rm", "-r", "dlink"});
}
TEST_F(TreeOpsTest, RmInteractive) {
  tree_diff({"rm", "-i", "f", "g"}, "y\nn\n");
}
// cp, mv and ln share rm's prompt (ask_yes_no): yes is ^[yY], so " Y" and EOF are no.
TEST_F(TreeOpsTest, CpMvLnInteractive) {
  tree_diff({"cp", "-i", "f", "g"}, "  n\n");
  tree_diff({"mv", "-i", "f", "g"}, "");
  tree_diff({"ln", "-sfi", "f", "g"}, "nope\n");
  tree_diff({"cp", "-i", "f", "g"}, " Y\n");
  tree_diff({"cp", "-i", "exec", "g"}, "Y\n");
  tree_diff({"mv", "-i", "f", "g"}, "yes\n");
}
TEST_F(TreeOpsTest, RmTrailingSlash) {
  unordered_tree_diff({"rm", "-rv", "d/"});
}

// mkdir / rmdir
TEST_F(TreeOpsTest, MkdirBasic) {
  tree_diff({"mkdir", "new", "f", "nope/x"});
}
TEST_F(TreeOpsTest, MkdirParentsVerbose) {
  tree_diff({"mkdir", "-pv", "p/q/r", "d/sub", "d/n"});
}
TEST_F(TreeOpsTest, MkdirMode) {
  tree_diff({"mkdir", "-m", "700", "m1"});
}
TEST_F(TreeOpsTest, MkdirSymbolicMode) {
  tree_diff({"mkdir", "-m", "u=rwx,g=rx,o=", "m2"});
}
TEST_F(TreeOpsTest, MkdirBadMode) {
  tree_diff({"mkdir", "-m", "bogus", "m3"});
}
TEST_F(TreeOpsTest, MkdirParentIsFile) {
  tree_diff({"mkdir", "-p", "f/x"});
}
TEST_F(TreeOpsTest, MkdirMissing) {
  tree_diff({"mkdir"});
}
TEST_F(TreeOpsTest, Rmdir) {
  tree_diff({"rmdir", "empty", "d", "f", "nope"});
}
TEST_F(TreeOpsTest, RmdirParents) {
  make_tree({make_dir("p"), make_dir("p/q"), make_dir("p/q/r")});
  tree_diff({"rmdir", "-pv", "p/q/r"});
}
TEST_F(TreeOpsTest, RmdirIgnoreNonEmpty) {
  tree_diff({"rmdir", "--ignore-fail-on-non-empty", "d", "empty"});
}

// cp
TEST_F(TreeOpsTest, CpFile) {
  tree_diff({"cp", "f", "f2"});
}
TEST_F(TreeOpsTest, CpVerboseIntoDir) {
  tree_diff({"cp", "-v", "f", "g", "a b", "e2"});
}
TEST_F(TreeOpsTest, CpMissingOperands) {
  tree_diff({"cp"});
  tree_diff({"cp", "f"});
}
TEST_F(TreeOpsTest, CpDirNoR) {
  tree_diff({"cp", "d", "x"});
}
TEST_F(TreeOpsTest, CpRecursive) {
  tree_diff({"cp", "-r", "d", "copy"});
}
TEST_F(TreeOpsTest, CpRecursiveIntoExisting) {
  // Line order follows inode order, which on the host is not creation order.
  diff({.argv = {"cp", "-rv", "d", "e2"}, .compare_tree = true, .sort_lines = true});
}
TEST_F(TreeOpsTest, CpIntoItself) {
  // One subdirectory only: with more, what GNU copies before it stops depends
  // on the host's inode order (ext4 spreads directory inodes).
  make_tree({make_dir("p"), make_dir("p/q")});
  tree_diff({"cp", "-r", "p", "p/q"});
}
TEST_F(TreeOpsTest, CpSameFile) {
  tree_diff({"cp", "f", "f"});
}
TEST_F(TreeOpsTest, CpDirOverFile) {
  tree_diff({"cp", "-r", "d", "f"});
}
TEST_F(TreeOpsTest, CpFileOverDir) {
  tree_diff({"cp", "f", "empty/"});
}
TEST_F(TreeOpsTest, CpTargetNotDir) {
  tree_diff({"cp", "f", "g", "exec"});
}
TEST_F(TreeOpsTest, CpTargetMissing) {
  tree_diff({"cp", "f", "g", "nowhere"});
}
TEST_F(TreeOpsTest, CpNoClobber) {
  tree_diff({"cp", "-n", "f", "g"});
}
TEST_F(TreeOpsTest, CpOverwriteKeepsMode) {
  tree_diff({"cp", "f", "g"});
}
TEST_F(TreeOpsTest, CpPreserve) {
  tree_diff({"cp", "-p", "g", "g2"});
}
TEST_F(TreeOpsTest, CpArchive) {
  tree_diff({"cp", "-a", "d", "ln", "dead", "e2"});
}
TEST_F(TreeOpsTest, CpSymlinkFollowed) {
  tree_diff({"cp", "ln", "copy_of_ln"});
}
TEST_F(TreeOpsTest, CpDanglingSymlink) {
  tree_diff({"cp", "dead", "x"});
}
TEST_F(TreeOpsTest, CpRecursiveKeepsLinks) {
  tree_diff({"cp", "-r", "ln", "dlink", "e2"});
}
TEST_F(TreeOpsTest, CpTargetDirectory) {
  tree_diff({"cp", "-t", "e2", "f", "g"});
}
TEST_F(TreeOpsTest, CpNoTargetDirectory) {
  tree_diff({"cp", "-rT", "d", "e2"});
}
TEST_F(TreeOpsTest, CpHardLink) {
  tree_diff({"cp", "-l", "f", "hard"});
}
TEST_F(TreeOpsTest, CpSymbolic) {
  tree_diff({"cp", "-s", "f", "soft"});
}
TEST_F(TreeOpsTest, CpMissingSource) {
  tree_diff({"cp", "nope", "f", "e2"});
}
TEST_F(TreeOpsTest, CpOddNames) {
  tree_diff({"cp", "-v", "--", "-lead", "nl\nname", "e2"});
}
TEST_F(TreeOpsTest, CpUpdate) {
  make_tree({make_file("newer", "n", 0644, kOldTime + 100)});
  tree_diff({"cp", "-u", "f", "newer"});
  tree_diff({"cp", "-uv", "newer", "f"});
}

// mv
TEST_F(TreeOpsTest, MvRename) {
  tree_diff({"mv", "f", "renamed"});
}
TEST_F(TreeOpsTest, MvVerboseIntoDir) {
  tree_diff({"mv", "-v", "f", "g", "d", "e2"});
}
TEST_F(TreeOpsTest, MvOverwrite) {
  tree_diff({"mv", "f", "g"});
}
TEST_F(TreeOpsTest, MvNoClobber) {
  tree_diff({"mv", "-n", "f", "g"});
}
TEST_F(TreeOpsTest, MvIntoItself) {
  tree_diff({"mv", "d", "d/sub"});
}
TEST_F(TreeOpsTest, MvSame) {
  tree_diff({"mv", "f", "f"});
}
TEST_F(TreeOpsTest, MvDirOverFile) {
  tree_diff({"mv", "d", "f"});
}
TEST_F(TreeOpsTest, MvFileOverDir) {
  tree_diff({"mv", "-T", "f", "empty"});
}
TEST_F(TreeOpsTest, MvDirOverNonEmptyDir) {
  make_tree({make_dir("m"), make_dir("m/d"), make_file("m/d/z", "z")});
  tree_diff({"mv", "d", "m"});
}
TEST_F(TreeOpsTest, MvMissing) {
  tree_diff({"mv", "nope", "x"});
}
TEST_F(TreeOpsTest, MvSymlink) {
  tree_diff({"mv", "dead", "ln", "e2"});
}
TEST_F(TreeOpsTest, MvOperands) {
  tree_diff({"mv"});
  tree_diff({"mv", "f"});
  tree_diff({"mv", "f", "g", "exec"});
}

// touch
TEST_F(TreeOpsTest, TouchCreates) {
  tree_diff({"touch", "new1", "new 2", "f"});
}
TEST_F(TreeOpsTest, TouchNoCreate) {
  tree_diff({"touch", "-c", "nope"});
}
TEST_F(TreeOpsTest, TouchMissingDir) {
  tree_diff({"touch", "nope/x"});
}
TEST_F(TreeOpsTest, TouchDates) {
  for (std::string date :
       {"2020-01-02", "2020-01-02 03:04:05", "2020-01-02T03:04:05Z", "@1600000000",
        "2019-12-31 23:59:59.5 +0100", "Jan 5 2018", "5 Feb 2017 10:00", "2020-02-29 12:00 UTC",
        "20200102", "20-01-02 03:04", "next monday", "2020-01-31 +1 month 2 days ago"}) {
    SCOPED_TRACE(date);
    tree_diff({"touch", "-d", date, "f"});
    diff({.argv = {"stat", "-c", "%y %Y", "f"}});
  }
}
TEST_F(TreeOpsTest, TouchStamp) {
  for (std::string stamp : {"202001020304", "2001020304.05", "01020304"}) {
    SCOPED_TRACE(stamp);
    tree_diff({"touch", "-t", stamp, "f"});
    diff({.argv = {"stat", "-c", "%y", "f"}});
  }
}
TEST_F(TreeOpsTest, TouchBadDate) {
  tree_diff({"touch", "-d", "garbage", "f"});
  tree_diff({"touch", "-t", "12", "f"});
}
TEST_F(TreeOpsTest, TouchReference) {
  tree_diff({"touch", "-r", "g", "f"});
  diff({.argv = {"stat", "-c", "%y", "f"}});
  tree_diff({"touch", "-r", "nope", "f"});
}
TEST_F(TreeOpsTest, TouchOnlyMtime) {
  tree_diff({"touch", "-m", "-d", "2020-05-05", "f"});
  diff({.argv = {"stat", "-c", "%Y %X", "f"}});
}
TEST_F(TreeOpsTest, TouchNoOperand) {
  tree_diff({"touch"});
}

// stat
TEST_F(TreeOpsTest, StatFormats) {
  diff({.argv = {"stat", "-c", "%n|%N|%s|%a|%A|%F|%h|%U|%G|%y|%Y|%b|%B|%o|%f", "f", "ln", "d",
                 "a b", "dead"}});
  diff({.argv = {"stat", "--printf", "%n\\t%s\\n%%|%-8s|%08s|%10n|\\x41\\101", "f", "g"}});
  diff({.argv = {"stat", "-L", "-c", "%N %F", "ln", "dlink"}});
  // Precision and width of time directives, on the mtime the fixture sets on
  // both sides (host atime/ctime move with reads and with the test's timing).
  diff({.argv = {"stat", "-c", "%.3Y %.9Y %10.2Y %.0Y", "f"}});
}
// GNU decodes --printf escapes while printing each file: an unknown one
// warns (once per file) and prints its letter; \x without a hex digit is one.
TEST_F(TreeOpsTest, StatPrintfUnknownEscapesWarn) {
  diff({.argv = {"stat", "--printf", "\\q%n\\x25n\\\\\\x\\8\\e\\\"\\n", "f", "g"}});
  diff({.argv = {"stat", "--printf", "x\\", "f"}});
  diff({.argv = {"stat", "--printf", "\\q", "f", "missing", "g"}});
  diff({.argv = {"stat", "-c", "\\q", "f"}});
  diff({.argv = {"stat", "-c", "%n", "--printf", "\\z%n\\0101\\1010\\n", "f"}});
  diff({.argv = {"stat", "--printf", "\\z%n\\n", "-c", "\\z%n", "f"}});
  diff({.argv = {"stat", "-f", "--printf", "\\q%n\\n", "f"}});
}
TEST_F(TreeOpsTest, StatDefault) {
  // Device and inode numbers differ between the host and the sandbox.
  diff({.argv = {"stat", "f", "d", "ln", "nl\nname"},
        .normalize = {{"Device: [0-9]+,[0-9]+\tInode: [0-9]+ *", "Device: D\tInode: I "},
                      {"Change: [^\\n]*", "Change: C"},
                      {"Access: 2[^\\n]*", "Access: A"},
                      {"Birth: [^\\n]*", "Birth: B"},
                      {"Uid: \\( *[0-9]+/", "Uid: (U/"},
                      {"Gid: \\( *[0-9]+/", "Gid: (G/"}}});
}
TEST_F(TreeOpsTest, StatErrors) {
  diff({.argv = {"stat", "nope"}});
  diff({.argv = {"stat"}});
}
TEST_F(TreeOpsTest, StatTerse) {
  diff({.argv = {"stat", "-t", "f"},
        .normalize = {
            {"^(\\S+ \\S+ \\S+ \\S+) \\S+ \\S+ \\S+ \\S+ (\\S+ \\S+ \\S+) \\S+ (\\S+) \\S+ "
             "\\S+ (\\S+)",
             "$1 U G D I $2 X $3 Z W $4"}}});
}

}  // namespace
}  // namespace kefka::test

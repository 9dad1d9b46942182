// find against GNU find on the same tree (host temp dir / sandbox cwd).
#include <ctime>

#include "findx_support.h"

namespace kefka::test {
namespace {

class FindTest : public TreeFixture {
 protected:
  static std::vector<TreeOp> tree() {
    int64_t now = time(nullptr);
    return {chmod_op(".", 0755),
            dir("src"),
            file("src/a.c", "int a;\n"),
            file("src/b.h", ""),
            file("src/B.TXT", "upper\n"),
            dir("src/sub"),
            file("src/sub/deep.txt", std::string(1000, 'x')),
            dir("src/sub/Empty"),
            dir("docs"),
            file("docs/README.md", "hello\n"),
            file("docs/.hidden", ""),
            file("top.txt", "top\n", 0600),
            file("script.sh", "#!/bin/sh\n", 0755),
            file("setuid", "s", 04755),
            file("group_w", "g", 0664),
            link("link", "top.txt"),
            link("dangling", "nowhere"),
            link("dirlink", "src"),
            file("big.bin", std::string(5000, 'b')),
            file("exact1k", std::string(1024, 'k')),
            file("sp ace", "s p\n"),
            mtime_op("top.txt", now - 3 * 86400 - 100),
            mtime_op("docs/README.md", now - 10 * 86400 - 100),
            mtime_op("big.bin", now - 90 * 60),
            mtime_op("src/a.c", now - 30)};
  }
  void check(std::vector<std::string> argv, bool sort = true, bool stderr_too = true) {
    argv.insert(argv.begin(), "find");
    SCOPED_TRACE(::testing::PrintToString(argv));
    expect_tree_same(
        {.argv = argv, .tree = tree(), .sort_lines = sort, .compare_stderr = stderr_too});
  }
};

TEST_F(FindTest, Basics) {
  check({});
  check({"."});
  check({"src", "docs"});
  check({"src/"});
  check({"./src//"});
  check({"nope"});
  check({"src", "nope", "docs"});
  check({"-print"});
  check({"-print0"});
  check({"-true"});
  check({"-false"});
}

TEST_F(FindTest, NameTests) {
  for (std::string t : {"-name", "-iname", "-path", "-ipath", "-wholename"}) {
    for (std::string p : {"*.c", "*.txt", "b*", "B*", "*/sub/*", "./src*", "[ab].*", "\\*", ".*",
                          "*", "src", "?.h", "*[!a-z]*", "sp ace", "*sub"}) {
      check({t, p});
    }
  }
  check({".", "-name", "."});
  check({"-lname", "*.txt"});
  check({"-ilname", "NOW*"});
}

TEST_F(FindTest, Regex) {
  for (std::string t : {"-regex", "-iregex"}) {
    for (std::string p : {".*\\.c", ".*/sub/.*", "\\./[a-s].*", ".*\\(c\\|h\\)", ".*[0-9].*",
                          ".*B.*", "./src", ".*x+t", ".*(x).*"}) {
      check({t, p});
    }
  }
  check({"-regextype", "posix-extended", "-regex", ".*\\.(c|h)"});
  check({"-regextype", "posix-basic", "-regex", ".*\\.\\(c\\|h\\)"});
  check({"-regextype", "egrep", "-regex", ".*/[a-z]+"});
  check({"-regextype", "foo", "-regex", "x"});
}

TEST_F(FindTest, Types) {
  for (std::string t : {"f", "d", "l", "f,d", "d,l", "p", "s", "b", "c"}) {
    check({"-type", t});
    check({"-xtype", t});
    check({"-L", ".", "-type", t}, true, false);
  }
  check({"-type", "q"});
  check({"-type", "f,"});
  check({"-type", "fd"});
  check({"-type", "f,f"});
  check({"-type"});
}

TEST_F(FindTest, Sizes) {
  for (std::string s :
       {"0",      "1",  "-1",  "+1", "2",  "+9",   "-10", "1k",  "-1k", "+1k", "5000c", "+4999c",
        "-5000c", "1M", "-1M", "+0", "2w", "512w", "1G",  "-1G", "1b",  "9",   "10"}) {
    check({"-type", "f", "-size", s});
  }
  check({"-size", "3q"});
  check({"-size", "x"});
  check({"-empty"});
  check({"-not", "-empty", "-type", "f"});
}

TEST_F(FindTest, Times) {
  for (std::string t : {"-mtime", "-atime", "-ctime"}) {
    for (std::string n : {"0", "-1", "+1", "+2", "3", "-4", "+9", "10", "+10"}) {
      check({"-type", "f", t, n});
    }
  }
  for (std::string t : {"-mmin", "-amin", "-cmin"}) {
    for (std::string n : {"-1", "-5", "+5", "+60", "-120", "+100000", "-10000000"}) {
      check({"-type", "f", t, n});
    }
  }
  check({"-newer", "top.txt"});
  check({"-newer", "src/a.c"});
  check({"-newer", "nope"});
  check({"-mtime", "x"});
  check({"-newermm", "docs/README.md"});
  check({"-type", "f", "-daystart", "-mtime", "+0"});
}

TEST_F(FindTest, Perm) {
  for (std::string p : {"644",      "-644", "/644", "755",  "-755",  "/111",       "-u+x",
                        "/u+x,g+w", "u=rw", "-g+w", "/o+w", "-4000", "/6000",      "0",
                        "-0",       "/0",   "600",  "a+r",  "-a+r",  "u=rwx,go=rx"}) {
    check({"-type", "f", "-perm", p});
  }
  check({"-perm", "999"});
  check({"-perm", "+644"});
  check({"-perm", "u+q"});
}

TEST_F(FindTest, LinksInodesDepth) {
  check({"-links", "1", "-type", "f"});
  check({"-links", "+1"});
  check({"-type", "d", "-links", "-3"});
  for (std::string d : {"0", "1", "2", "3"}) {
    check({"-maxdepth", d});
    check({"-mindepth", d});
    check({"-mindepth", d, "-maxdepth", d});
  }
  check({"-maxdepth", "x"});
  check({"-maxdepth", "-1"});
  check({"-maxdepth"});
  check({"-depth"});
  check({"src", "-depth"});
  check({"src", "-d", "-name", "s*"});
}

TEST_F(FindTest, Operators) {
  check({"-name", "*.c", "-o", "-name", "*.h"});
  check({"-name", "*.c", "-or", "-name", "*.h", "-print"});
  check({"(", "-name", "*.c", "-o", "-name", "*.h", ")", "-print"});
  check({"!", "-name", "*.c"});
  check({"-not", "-type", "d", "-a", "-not", "-type", "l"});
  check({"-type", "f", "-and", "-name", "*.txt"});
  check({"-name", "*.c", "-print", ",", "-name", "*.h", "-print"});
  check({"-name", "*.txt", "-print", "-o", "-print0"});
  check({"-false", "-o", "-name", "top*"});
  check({"!", "!", "-name", "top*"});
  check({"(", "-name", "x"});
  check({")"});
  check({"(", ")"});
  check({"-name", "x", ")"});
  check({"-o", "-print"});
  check({"-name", "x", "-o"});
  check({"!"});
  check({"-name"});
  check({"-foo"});
  check({".", "-name", "x", "extra"});
  check({"-name", "*.c", "src"});
}

TEST_F(FindTest, Prune) {
  check({"-name", "src", "-prune", "-o", "-print"});
  check({"-name", "src", "-prune"});
  check({"-path", "./docs", "-prune", "-o", "-type", "f", "-print"});
  check({"-type", "d", "-name", "sub", "-prune", "-o", "-name", "*.txt", "-print"});
  check({"-depth", "-name", "src", "-prune"});
  check({"-name", "*.c", "-print", "-quit"}, false);
  check({"-quit"});
  check({"src", "docs", "-name", "src", "-quit"}, false);
}

TEST_F(FindTest, Printf) {
  for (std::string f :
       {"%p\\n",       "%f\\n",       "%h\\n",    "%P\\n",    "%H %d\\n",        "%s %p\\n",
        "%m %M %p\\n", "%y %Y %p\\n", "%l|%p\\n", "%n %p\\n", "%k %p\\n",        "[%10s][%-10f]\\n",
        "%05s %+d\\n", "%#m %p\\n",   "%p\\0",    "%%%p\\n",  "\\101\\102%p\\n", "%TY-%Tm %p\\n",
        "%Tk %p\\n",   "%z%p\\n",     "%p\\q\\n", "%.3p\\n",  "%-5d|\\n",        "%10.2f|\\n"}) {
    check({"-printf", f});
  }
  check({"src", "-printf", "%P|%H|%h|%f\\n"});
  check({"src/", "-printf", "%P|%H|%h|%f\\n"});
  check({"./src", "-printf", "%h/%f\\n"});
  check({"-printf"});
  check({"-printf", "%T"});
  check({"src/a.c", "-printf", "\\t%p\\c ignored"});
}

TEST_F(FindTest, ExecAndDelete) {
  check({"-name", "*.c", "-exec", "cat", "{}", ";"});
  check({"-type", "f", "-name", "*.txt", "-exec", "echo", "x{}y", "{}", ";"});
  check({"-type", "f", "-exec", "printf", "<%s>\\n", "{}", "+"});
  check({"src", "-type", "f", "-execdir", "echo", "{}", ";"});
  check({"-name", "*.c", "-exec", "false", ";"});
  check({"-name", "*.c", "-exec", "false", "{}", "+"});
  check({"-name", "*.c", "-exec", "echo", "{}"});
  check({"-exec"});
  check({"-exec", "echo", "{}", "x", "+"});
  check({"-name", "*.c", "-exec", "sh-nope", ";"}, true, false);
  check({"src", "-name", "*.h", "-delete"});
  check({"src", "-delete"});
  check({"docs", "-delete", "-print"});
}

TEST_F(FindTest, DeleteRemovesFiles) {
  for (const auto& op : tree()) {
    if (op.kind == TreeOp::kDir) mkdir(op.path);
    if (op.kind == TreeOp::kFile) write_file(op.path, op.data);
  }
  auto r = run({"find", "src", "-name", "*.c", "-delete"});
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(exists("src/a.c"));
  EXPECT_TRUE(exists("src/b.h"));
}

TEST_F(FindTest, OkRefuses) {
  auto r = run({"find", ".", "-ok", "rm", "{}", ";"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("-ok"), std::string::npos);
}

TEST_F(FindTest, SymlinkModes) {
  check({"-L", ".", "-name", "*.c"});
  check({"-H", "dirlink", "-name", "*.c"});
  check({"dirlink", "-name", "*.c"});
  check({"-P", "dirlink"});
  check({"-L", "dangling"});
  check({"-follow", "-name", "deep.txt"}, true, false);
}

TEST_F(FindTest, FprintWritesFile) {
  for (const auto& op : tree()) {
    if (op.kind == TreeOp::kDir) mkdir(op.path);
    if (op.kind == TreeOp::kFile) write_file(op.path, op.data);
  }
  auto r = run({"find", "src", "-name", "*.c", "-fprint", "/tmp/out"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_file("/tmp/out"), "src/a.c\n");
}

}  // namespace
}  // namespace kefka::test

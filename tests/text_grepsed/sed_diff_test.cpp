// Differential tests of sed against GNU sed 4.9 on this machine (LC_ALL=C.UTF-8).
#include <gtest/gtest.h>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

const char* const kLines =
    "one two three\n"
    "hello world\n"
    "foo bar foo\n"
    "\n"
    "Line with CAPS\n"
    "a/b/c path\n"
    "tab\there\n"
    "123 456\n"
    "caf\xc3\xa9 na\xc3\xafve\n"
    "last line\n";

class SedDiffTest : public CommandFixture {
 protected:
  void SetUp() override { env["LC_ALL"] = "C.UTF-8"; }

  void check(std::vector<std::string> argv, std::string input = kLines,
             std::vector<std::pair<std::string, std::string>> files = {}) {
    files.push_back({"in", kLines});
    files.push_back({"noeol", "x\ny"});
    files.push_back({"empty", ""});
    files.push_back({"nums", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"});
    expect_same_as_gnu({.argv = std::move(argv), .input = std::move(input), .files = files});
  }
  void script(const std::string& s, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"sed"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(s);
    check(argv);
  }
};

TEST_F(SedDiffTest, Substitution) {
  for (const std::string s : {"s/o/0/",
                              "s/o/0/g",
                              "s/o/0/2",
                              "s/o/0/2g",
                              "s/O/0/Ig",
                              "s/\\(o\\)\\(.\\)/\\2\\1/g",
                              "s/[aeiou]/(&)/g",
                              "s/.*/\\U&/",
                              "s/\\w\\+/\\u&/g",
                              "s/\\(.\\)\\(.*\\)/\\2\\L\\1/",
                              "s/x*/-/g",
                              "s/b*/X/g",
                              "s/^/> /",
                              "s/$/ </",
                              "s/ /\\n/g",
                              "s|/|_|g",
                              "s,a\\,b,X,",
                              "s/o/\\&/g",
                              "s/\\//|/g",
                              "s/[[:digit:]]\\+/<&>/g",
                              "s/\\bfoo\\b/FOO/2",
                              "s/one/1/;s/two/2/",
                              "s/o/0/gp",
                              "s/\\(foo\\) \\(bar\\)/\\2 \\1/",
                              "s/l\\{2\\}/LL/",
                              "s/\\s/_/g",
                              "s/e/\\t/g",
                              "s/\\n/X/",
                              "s/hello/\\Uhi \\Ethere/",
                              "s/\\(h\\)\\(e\\)/\\u\\1\\U\\2x\\E/",
                              "s/.$//",
                              "s/^.//",
                              "s/é/E/",
                              "s/./X/3",
                              "s/a\\|e/V/g",
                              "s/\\(a\\|b\\)\\+/[&]/g",
                              "s/o\\?o/Q/g",
                              "s/[^ ]*/(&)/2",
                              "s/\\`o/O/",
                              "s/e\\'/E/",
                              "s/\\x41/a/;s/\\o101/b/;s/\\d65/c/"}) {
    script(s);
    script(s, {"-n"});
  }
  for (const std::string s : {"s/(o)(.)/\\2\\1/g", "s/o+/0/g", "s/(foo|bar)/<\\1>/g", "s/a{2,}/A/",
                              "s/[0-9]{3}/N/2", "s/(a|ab)(c|bcd)(d*)/[\\1,\\2,\\3]/"}) {
    script(s, {"-E"});
    script(s, {"-r"});
  }
}

// Escapes in replacements and in a/i/c text (decoded by common/escape).
TEST_F(SedDiffTest, Escapes) {
  for (const std::string s :
       {"s/o/\\x41\\o102\\d67/", "s/o/[\\t\\n\\a\\f\\v\\r]/", "s/o/\\cA\\cz/", "s/o/\\b\\q\\x/",
        "s/o/\\xZZ\\o9/", "s/e/\\x4142/", "1a\\tab\\there\\nnew\\bline", "2i x\\ty\\vz",
        "3c\\\\back\\qslash", "s/\\t/T/;s/\\n/N/", "y/abc/\\n\\t\\\\/"}) {
    script(s);
  }
}

TEST_F(SedDiffTest, AddressesAndRanges) {
  for (const std::string a :
       {"3",     "$",    "/foo/", "\\,a/b,", "2,4",   "2,/CAPS/", "/hello/,/123/", "0,/o/",
        "1,/o/", "1~3",  "0~4",   "2~0",     "3,+2",  "5,~4",     "4,2",           "/foo/,+1",
        "$!",    "2,4!", "/^$/",  "/FOO/I",  "/o/,$", "7,3"}) {
    script(a + "d");
    script(a + "p", {"-n"});
    script(a + "{s/^/>/;s/$/</}");
  }
  check({"sed", "-n", "$p", "in", "nums"});
  check({"sed", "-n", "-s", "$p", "in", "nums"});
  check({"sed", "-s", "1d", "in", "nums"});
  check({"sed", "-n", "/2/,/5/{/5/!p}", "nums"});
  check({"sed", "-n", "2,4{=;p}", "nums"});
  check({"sed", "/1/,/3/s/^/x/", "nums"});
}

TEST_F(SedDiffTest, Commands) {
  for (const std::string s : {"p",
                              "=",
                              "l",
                              "l 5",
                              "l 0",
                              "x",
                              "h;d",
                              "G",
                              "H;$!d;x",
                              "$!N;P;D",
                              "N;N;s/\\n/+/g",
                              "n;d",
                              "1!G;h;$!d",
                              "y/abc/xyz/",
                              "y/oe/OE/",
                              "y/é/e/",
                              "2q",
                              "2Q",
                              "3q5",
                              "2Q7",
                              "a\\\nappended",
                              "2i\\\ninserted",
                              "3c\\\nchanged",
                              "a hello",
                              "i  two spaces",
                              "2,4c\\\nrange changed",
                              "$a END",
                              "1~2a\\\nx\\\ny",
                              "/foo/{x;p;x}",
                              "z;s/^/empty/",
                              ":a;s/o//;ta",
                              ":a;N;$!ba;s/\\n/,/g",
                              "s/o/0/;T;s/$/ (changed)/",
                              "s/o/0/;t done;s/$/ (none)/;:done",
                              "b end;s/.*/never/;:end",
                              "2{h;d};4{G}",
                              "$=",
                              "/foo/=",
                              "F",
                              "N;D",
                              "D",
                              "P",
                              "#comment\np",
                              "2{p;p}",

                              "a\\",
                              "2!{s/o/0/}",
                              "s/x/y/;#c\n=",
                              "1d;$d",
                              "N;P;D",
                              "$!d",
                              "x;G",
                              "h;G",
                              "H;x",
                              "v;p",
                              "2{\ns/o/0/\n}",
                              "{p};{p}",
                              "/o/ !d"}) {
    script(s);
  }
  check({"sed", "p"}, "no newline");
  check({"sed", "-n", "p;p"}, "no newline");
  check({"sed", "$a foo"}, "a\nb");
  check({"sed", "N;s/\\n/-/"}, "a\n");
  check({"sed", "G"}, "x");
  check({"sed", "-z", "s/\\n/,/g"}, "a\nb\nc\n");
  check({"sed", "-z", "s/^./X/"}, std::string("ab\0cd\0", 6));
  check({"sed", "=", "noeol"});
  check({"sed", "p", "noeol", "in"});
  check({"sed", "-n", "$p", "noeol", "empty"});
  check({"sed", "r in", "noeol"});
  check({"sed", "1r nums", "noeol"});
  check({"sed", "R nums", "in"});
  check({"sed", "w out", "nums"});
  check({"sed", "-n", "/1/w /dev/stdout", "nums"});
  check({"sed", "s/1/one/w /dev/stdout", "nums"});
  check({"sed", "-n", "l 3"}, "abcdefghij\n");
  check({"sed", "-l", "4", "-n", "l"}, "abcdefghij\n");
  check({"sed", "-n", "l"}, std::string("\x01\x7f\xff\\\a\b\f\r\v\n", 11));
  check({"sed", "-e", "a\\", "-e", "foo"}, "x\n");
  check({"sed", "-e", "1{", "-e", "p", "-e", "}"}, "x\ny\n");
  check({"sed", "--posix", "p"}, "x\n");
  check({"sed", "s/x/\\n/;l"}, "axb\n");
  check({"sed", "s/x/X/;N;tl;s/$/ no/;b;:l;s/$/ yes/"}, "ax\nb\n");
  check({"sed", "s/x/X/;n;tl;s/$/ no/;b;:l;s/$/ yes/"}, "ax\nb\nc\n");
  check({"sed", "s/x/X/;$!D;tl;s/$/ no/;b;:l;s/$/ yes/"}, "ax\nb\nc\n");
  const std::string two = "a\\.x\tb\nb.x\nc\n";
  for (const std::string s : {"s/[^\\n]*\\n//",
                              "N;s/[^\\n]*\\n//",
                              "N;s/[\\n]/X/g",
                              "s/[\\t]/T/",
                              "s/[\\\\]/B/",
                              "s/[\\.]/D/g",
                              "N;s/^/>/Mg",
                              "N;s/$/</Mg",
                              "N;s/\\`/>/Mg",
                              "N;s/x\\'/</Mg",
                              "N;/^b/Mp",
                              "N;/^b/p",
                              "N;s/a.b/X/",
                              "N;s/a$//M",
                              "N;s/b$//",
                              "N;s/.*/[&]/",
                              "N;N;s/^b.*$/<&>/M",
                              "$!N;s/\\n/ /",
                              "N;l",
                              "N;P;D",
                              "N;y/\\n/|/",
                              "2i\\\nline1\\\nline2",
                              "a\\  lead",
                              "1,2c\\\nC",
                              "2!c\\\nC",
                              "$!{N};P;D",
                              "s/\\(.\\)\\(.\\)/\\2\\1/2",
                              "s/x/\\\n/",
                              "W out2"}) {
    check({"sed", s}, two);
  }
}

// Classic one-liners (in the spirit of sed1line.txt), each against GNU sed.
TEST_F(SedDiffTest, ClassicOneLiners) {
  const std::string text =
      "first line\n\n\n  indented  line  \nnumbers 1234567 and 89\nfoo\nfoo\nbar\n\nstart\n"
      "inside 1\ninside 2\nend\nafter\tTab\nUPPER lower\nlast\n";
  for (const std::string s : {"G",
                              "/^$/d;G",
                              "n;d",
                              "$!N;$!D",
                              "$!d",
                              "$p",
                              "1!G;h;$!d",
                              "/\\n/!G;s/\\(.\\)\\(.*\\n\\)/&\\2\\1/;//D;s/.//",
                              "$!N;s/\\n/ /",
                              "=",
                              "s/^[ \\t]*//",
                              "s/[ \\t]*$//",
                              "s/^[ \\t]*//;s/[ \\t]*$//",
                              "s/^/     /",
                              ":a;s/^.\\{1,30\\}$/ &/;ta",
                              "s/foo/bar/4",
                              "/baz/s/foo/bar/g",
                              "/inside/!s/i/I/g",
                              ":a;s/\\B[0-9]\\{3\\}\\>/,&/;ta",
                              "$!N;/^\\(.*\\)\\n\\1$/!P;D",
                              "$!N; /^\\(.*\\)\\n\\1$/!P; D",
                              "/^$/N;/\\n$/D",
                              "/./,/^$/!d",
                              "/^$/{N;/^\\n$/D}",
                              "-n;/start/,/end/{//!p}",
                              "/start/,/end/d",
                              "-n;/start/,/end/p",
                              "1~3d",
                              "2q",
                              "-n;$=",
                              "-n;/foo/{=;p}",
                              "s/.\\{4\\}/&\\n/g",
                              ":a;$!N;s/\\n//;ta",
                              "-n;H;${x;s/\\n/,/g;s/^,//;p}",
                              "y/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ/",
                              "s/\\w\\+/\\L\\u&/g",
                              "-n;/foo/{n;p}",
                              "/foo/{N;s/\\n/+/}",
                              "-n;l",
                              "s/\\(^\\|[^0-9.]\\)\\([0-9]\\+\\)/\\1<\\2>/g",
                              "-E;s/([a-z]+) ([a-z]+)/\\2 \\1/",
                              "-E;s/^(.)(.*)(.)$/\\3\\2\\1/",
                              "-n;/^.\\{10\\}/p",
                              "-n;/^.\\{10\\}/!p",
                              "-n;$!{h;d};x;G;p",
                              "1,10!d",
                              "-n;2,4!p",
                              "/^\\s*$/d",
                              "s/\\s\\+/ /g"}) {
    std::vector<std::string> argv = {"sed"};
    std::string script = s;
    while (script.starts_with("-")) {  // leading options, ';'-separated
      size_t semi = script.find(';');
      argv.push_back(script.substr(0, semi));
      script = script.substr(semi + 1);
    }
    argv.push_back(script);
    check(argv, text);
  }
}

TEST_F(SedDiffTest, OptionsAndFiles) {
  check({"sed", "-n", "-e", "1p", "-e", "3p", "nums"});
  check({"sed", "-f", "script", "nums"}, "", {{"script", "s/1/one/\n/5/d\n"}});
  check({"sed", "-f", "script", "nums"}, "", {{"script", "#n\n3p\n"}});
  check({"sed", "#n\n3p", "nums"});
  check({"sed", "-s", "-n", "$=", "nums", "in"});
  check({"sed", "-n", "$=", "nums", "in", "noeol"});
  check({"sed", "p", "missing", "nums"});
  check({"sed", "-E", "s/(1|2)+/x/", "nums"});
  check({"sed", "--expression=1d", "nums"});
  check({"sed", "--quiet", "2p", "nums"});
  check({"sed", "-u", "s/1/x/", "nums"});
  check({"sed", "F", "-", "nums"}, "x\n");
  check({"sed", "-n", "$p", "d", "nums"}, "", {{"d/x", ""}});
  check({"sed", "p", "nums", "d"}, "", {{"d/x", ""}});
}

TEST_F(SedDiffTest, InPlace) {
  write_file("f", "a\nb\nc\n");
  auto r = run({"sed", "-i", "2d", "f"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_file("f"), "a\nc\n");
  r = run({"sed", "-i.bak", "s/a/A/", "f"});
  EXPECT_EQ(read_file("f"), "A\nc\n");
  EXPECT_EQ(read_file("f.bak"), "a\nc\n");
  r = run({"sed", "-ibk_*", "s/A/Z/", "f"});
  EXPECT_EQ(read_file("bk_f"), "A\nc\n");
  EXPECT_EQ(read_file("f"), "Z\nc\n");
  write_file("g", "1\n2\n");
  r = run({"sed", "-i", "-e", "1d", "f", "g"});
  EXPECT_EQ(read_file("f"), "c\n");
  EXPECT_EQ(read_file("g"), "2\n");
  r = run({"sed", "-n", "-i", "p;p", "g"});
  EXPECT_EQ(read_file("g"), "2\n2\n");
  r = run({"sed", "-i", "s/2/x/w /dev/stdout", "g"});
  EXPECT_EQ(r.out, "x\nx\n");
  r = run({"sed", "-i", "p", "missing"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "sed: can't read missing: No such file or directory\n");
  mkdir("d");
  r = run({"sed", "-i", "p", "d"});
  EXPECT_EQ(r.status, 4);
  EXPECT_EQ(r.err, "sed: couldn't edit d: not a regular file\n");
  r = run({"sed", "-i", "1q", "g"});
  EXPECT_EQ(read_file("g"), "x\n");
}

TEST_F(SedDiffTest, ParseErrors) {
  for (const std::string s :
       {"s/a/b",      "k",         "1,p",          "s/a/b/q",  "y/ab/c/", ":",
        "b foo",      "0p",        "0,5p",         "}",        "{p",      "a",
        "r",          "s/\\(a/x/", "p x",          "3!!p",     "/a",      "1~",
        "w",          "s/a/\\1/",  "s/x/y/gg",     "s/x/y/pp", "s/x/y/0", "s/x/y/2/3",
        "y/a/",       "s/[/x/",    "/x/I,/y/Mp;s", "2,3=x",    "1,2,3p",  "s/a\\{1/x/",
        "dp",         "=;k",       "{p};}",        ": ",       "qx",      "s/a/b/w",
        "y/abc/\\q/", "/\\)/p"}) {
    script(s);
  }
  check({"sed", "-e", "p", "-e", "k"});
  check({"sed", "-f", "script"}, "", {{"script", "p\n\nk\n"}});
  // GNU prints its whole --help text here; only stdout and the status are compared.
  for (std::vector<std::string> argv : {std::vector<std::string>{"sed"}, {"sed", "-n"}}) {
    expect_same_as_gnu({.argv = argv, .compare_stderr = false});
  }
  check({"sed", "-l", "x", "p"});
  check({"sed", "s//x/"});
  check({"sed", "/o/s//0/g"});
  check({"sed", "-n", "/o/{//p}"});
}

}  // namespace
}  // namespace kefka::test

namespace kefka::test {
namespace {

// Stands in for the shell: `sh -c CMD` prints "ran:CMD".
class EchoShell final : public cmd::Executor {
 public:
  int run_program(cmd::Context&, const std::vector<std::string>& argv, const cmd::Environment&,
                  FdTable& fds) override {
    EXPECT_EQ(argv.size(), 3u);
    EXPECT_EQ(argv[0], "sh");
    EXPECT_EQ(argv[1], "-c");
    (void)write_all(*fds.get(1), "ran:" + argv.at(2) + "\n");
    return 0;
  }
};

TEST(SedExecute, CommandsRunThroughTheExecutor) {
  CommandSandbox sandbox;
  EchoShell shell;
  sandbox.executor = &shell;
  EXPECT_EQ(sandbox.run({"sed", "e"}, "date\n").out, "ran:date\n");
  EXPECT_EQ(sandbox.run({"sed", "1e echo hi"}, "a\nb\n").out, "ran:echo hi\na\nb\n");
  EXPECT_EQ(sandbox.run({"sed", "s/.*/echo &/e"}, "x\n").out, "ran:echo x\n");
  sandbox.executor = nullptr;
  RunResult r = sandbox.run({"sed", "e"}, "date\n");
  EXPECT_EQ(r.status, 4);
  EXPECT_EQ(r.err, "sed: e command: no shell available\n");
  EXPECT_EQ(sandbox.run({"sed", "--sandbox", "e"}, "x\n").err,
            "sed: -e expression #1, char 1: e/r/w commands disabled in sandbox mode\n");
}

}  // namespace
}  // namespace kefka::test

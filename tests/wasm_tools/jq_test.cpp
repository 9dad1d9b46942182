// jq inside the sandbox (src/commands/wasm/jq.cpp: jq 1.6 + oniguruma built to
// wasm32-wasi from Debian's sources), through the public Sandbox API:
// differential cases against the host's jq 1.6 (stdout, stderr, status), jq's
// own test files, the exec deadline, the memory cap and isolation from the host.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tool_test_util.h"

namespace kefka::test {
namespace {

using namespace std::chrono_literals;

const std::string kDoc =
    R"({"name":"kefka","tags":["a","b"],"n":[3,1,2],"nested":{"x":null,"y":1.5},"u":"h\u00e9llo \u2603"})";
const std::string kLines = "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\"}\n{\"a\":3,\"b\":null}\n";

void same(const std::vector<std::string>& args, const std::string& input = kDoc,
          const Files& files = {}) {
  std::vector<std::string> argv{"jq"};
  argv.insert(argv.end(), args.begin(), args.end());
  expect_same_as_host(argv, input, files);
}

// ---------------------------------------------------------------------------
// Output options

TEST(Jq, PrettyCompactRawJoin) {
  REQUIRE_WASM_TOOLS();
  same({"."});
  same({"-c", "."});
  same({"--compact-output", ".tags"});
  same({"-r", ".tags[]"});
  same({"--raw-output", ".name, .n"});
  same({"-j", ".tags[]"});
  same({"--join-output", ".n[]"});
}

TEST(Jq, IndentTabSortAscii) {
  REQUIRE_WASM_TOOLS();
  same({"--tab", "."});
  same({"--indent", "1", "."});
  same({"--indent", "0", "."});
  same({"--indent", "7", ".nested"});
  same({"--indent", "8", "."});  // jq: Cannot indent more than 7 characters
  same({"-S", "."});
  same({"--sort-keys", "-c", "."});
  same({"-a", ".u"});
}

// Where the host's jq (Debian 1.6-2.1+deb12u1) and the packaged source
// (+deb12u2, more security fixes) disagree, the expected output is the newer
// source's: -a -r crashes the host's jq; NULs in the input are no longer
// truncated (CVE-2026-33948); "nan" is a JSON literal (CVE-2026-54679).
TEST(Jq, FixesOfTheNewerDebianSource) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  ExecOptions options;
  options.stdin_data = kDoc;
  auto r = sb->exec("jq --ascii-output -r .u", options);
  EXPECT_EQ(r.stdout_data, "\"h\\u00e9llo \\u2603\"\n");  // jq 1.6 quotes it
  EXPECT_EQ(r.exit_status, 0);
  r = sb->exec("printf '\"a\\0b\"' | jq -c .");
  EXPECT_EQ(r.stdout_data, "\"a\\u0000b\"\n");
  EXPECT_EQ(r.exit_status, 0);
  r = sb->exec("jq -c 'map(isnan)' <<< '[nan, 1]'; printf '[1] nul' | jq -c .");
  EXPECT_EQ(r.stdout_data, "[true,false]\n[1]\n");
  EXPECT_EQ(r.stderr_data, "parse error: Invalid numeric literal at EOF at line 1, column 7\n");
  EXPECT_EQ(r.exit_status, 4);  // jq 1.6's status after a parse error
}

TEST(Jq, Color) {
  REQUIRE_WASM_TOOLS();
  same({"-C", "."});
  same({"--color-output", "-c", "."});
  same({"-M", "."});
  same({"--monochrome-output", "-C", "-M", ".n"});
}

// ---------------------------------------------------------------------------
// Input options

TEST(Jq, SlurpNullRawInput) {
  REQUIRE_WASM_TOOLS();
  same({"-s", "."}, kLines);
  same({"--slurp", "-c", "map(.a)"}, kLines);
  same({"-n", "1 + 2, [range(5)]"}, "");
  same({"--null-input", "input, [inputs | .a]"}, kLines);
  same({"-R", "."}, "line one\nline \"two\"\n\xc3\xa9\n");
  same({"--raw-input", "-s", "."}, "a\nb\n\nc");
  same({"-Rr", "ascii_upcase"}, "abc\ndef\n");
  same({"-c", "--stream", "."}, kDoc);
  same({"--seq", "-c", ".n"});
  same({"-e", ".nested.x"});
}

TEST(Jq, ArgumentOptions) {
  REQUIRE_WASM_TOOLS();
  Files files{{"one.json", "[1,2]\n{\"k\":true}\n"}, {"raw.txt", "raw \"text\"\nline 2\n"}};
  same({"-n", "--arg", "x", "1", "--arg", "y", "two", "[$x, $y]"}, "", files);
  same({"-n", "--argjson", "v", "{\"a\":[1,2]}", "$v.a[1]"}, "", files);
  same({"-n", "-c", "--slurpfile", "f", "one.json", "$f"}, "", files);
  same({"-n", "--rawfile", "r", "raw.txt", "$r"}, "", files);
  same({"-n", "-c", "$ARGS", "--args", "a", "b c"}, "", files);
  same({"-n", "-c", "$ARGS", "--jsonargs", "1", "{\"z\":null}"}, "", files);
  same({"-n", "-c", "--arg", "k", "v", "$ARGS.named"}, "", files);
  same({"-n", "--argjson", "v", "{bad", "$v"}, "", files);
  same({"-n", "--slurpfile", "f", "missing.json", "$f"}, "", files);
  same({"-n", "--arg", "x"}, "", files);
}

TEST(Jq, FilesAndFromFile) {
  REQUIRE_WASM_TOOLS();
  Files files{{"a.json", "{\"v\":1}"},
              {"b.json", "{\"v\":2}\n{\"v\":3}"},
              {"prog.jq", ".v * 10\n"},
              {"lib/m.jq", "def triple: . * 3;\n"}};
  same({"-c", ".v, input_filename", "a.json", "b.json"}, "", files);
  same({"-f", "prog.jq", "a.json", "b.json"}, "", files);
  same({"--from-file", "prog.jq", "b.json"}, "", files);
  same({".", "nope.json"}, "", files);
  same({".", "a.json", "nope.json", "b.json"}, "", files);
}

TEST(Jq, ModulesFromTheSandboxFilesystem) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  sb->write_file("lib/m.jq", "def triple: . * 3;\n");
  auto r = sb->exec("jq -n -L lib 'import \"m\" as m; 5 | m::triple'");
  EXPECT_EQ(r.stdout_data, "15\n");
  EXPECT_EQ(r.stderr_data, "");
  EXPECT_EQ(r.exit_status, 0);
  r = sb->exec("cd lib && jq -n -L . 'include \"m\"; 2 | triple'");
  EXPECT_EQ(r.stdout_data, "6\n");
}

// ---------------------------------------------------------------------------
// Exit statuses and errors

TEST(Jq, ExitStatuses) {
  REQUIRE_WASM_TOOLS();
  same({"-e", ".name"});      // 0
  same({"-e", ".nested.x"});  // null: 1
  same({"-e", "false"});      // 1
  same({"-e", "empty"});      // no output: 4
  same({"--exit-status", ".n[]"});
  same({".a"}, "[1]");        // runtime error: 5
  same({"error(\"boom\")"});  // 5
  same({"-n", "\"bye\\n\" | halt_error"}, "");
  same({"-n", "{\"a\":1} | halt_error(3)"}, "");
  same({"-n", "halt"}, "");
  same({"."}, "{\"a\":");  // parse error: 4 in jq 1.6
  same({"."}, "[1,2] tru");
  same({".["});  // compile error: 3
  same({"-n", "nosuchfn(1)"}, "");
  same({"--nosuchoption", "."});
  same({}, "");  // no filter and no terminal: the filter is "."
}

TEST(Jq, VersionAndHelp) {
  REQUIRE_WASM_TOOLS();
  same({"--version"}, "");
  same({"--help"}, "");
  same({"-h"}, "");
}

// ---------------------------------------------------------------------------
// Language: builtins, regexes (oniguruma), formats, dates

TEST(Jq, Builtins) {
  REQUIRE_WASM_TOOLS();
  same({"-c", "[paths]"});
  same({"-c", "to_entries, with_entries(.value |= tostring)"});
  same({"-c", ".n | sort, min, max, add, length, reverse, unique"});
  same({"-c", "[.[] | type]"});
  same({"-c", "reduce .n[] as $x (0; . + $x), [foreach .n[] as $x (0; . + $x)]"});
  same({"-c", "[limit(3; repeat(1))], first(range(10;0;-3)), [range(0;10;3)]"}, "null");
  same({"-c", "group_by(.b) | map(length)"}, "[{\"b\":1},{\"b\":2},{\"b\":1}]");
  same({"-c", "[.[] | tostring], (.[0] | tojson | fromjson)"}, "[1,\"a\",null,[2]]");
  same({"-c", "path(..)"}, "{\"a\":[{\"b\":1}]}");
  same({"-c", "[tostream], fromstream(tostream)"}, "{\"a\":[1,{\"b\":2}]}");
  same({"-c", "walk(if type == \"number\" then . + 1 else . end)"}, "[1,[2,{\"a\":3}]]");
  same({"-c", "del(.tags), delpaths([[\"n\",0]]) | keys"});
  same({"-c", "getpath([\"nested\",\"y\"]), setpath([\"q\"]; 1).q, has(\"name\")"});
  same({"-c", "try error(\"x\") catch ., (label $out | 1, break $out, 2)"}, "null");
  same({"-c", "def fac: if . <= 1 then 1 else . * (. - 1 | fac) end; [range(1;15) | fac]"}, "null");
  same({"-c", "[splits(\", *\")], ascii_downcase, explode, (explode | implode)"}, "\"A, b,C\"");
  same({"-c", "[.[] | floor, sqrt, pow(.; 2), log10] | map(. * 1000 | round)"}, "[2, 10.5]");
  same({"-c", "., 1e1000, -1e1000, 100000000000000000000, 0.1 + 0.2, 3.0, 1e-5"},
       "12345678901234567890");
  same({"-c", "[nan] | tostring, (infinite | tostring), (nan | isnan)"}, "null");
  same({"-c", "env | type, ($ENV | type)"}, "null");
  same({"-c", "$__loc__, input_line_number"}, "1");
  same({"-c", "[combinations], indices(1), inside([[1,2,3]])"}, "[[1,2],[3]]");
  same({"-c", "ltrimstr(\"ab\"), rtrimstr(\"yz\"), startswith(\"a\"), test(\"C\"; \"i\")"},
       "\"abcxyz\"");
  same({"-c", "[.[] | tonumber? // \"bad\"]"}, "[\"1\",\"x\",\"2.5\"]");
  same({"-c",
        "until(. > 100; . * 2), [while(. < 40; . * 3)], [recurse(if . < 3 then . + 1 else empty "
        "end)]"},
       "1");
}

TEST(Jq, Regexes) {
  REQUIRE_WASM_TOOLS();
  std::string text = "\"test 123 abc 456 ÀÉ\"";
  same({"-c", "test(\"\\\\d+\"), test(\"ABC\"; \"i\"), test(\"^x\")"}, text);
  same({"-c", "[match(\"(?<n>\\\\d+)\"; \"g\") | .captures[0].name, .string, .offset]"}, text);
  same({"-c", "capture(\"(?<word>[a-z]+) (?<num>\\\\d+)\")"}, text);
  same({"-c", "sub(\"\\\\d+\"; \"N\"), gsub(\"(?<d>\\\\d)\"; \"<\\(.d)>\")"}, text);
  same({"-c", "[scan(\"[a-z]+\")], [splits(\"\\\\s+\")], split(\" \"; null)"}, text);
  same({"-c", "[match(\"\\\\p{Lu}\"; \"g\").string], ascii_downcase"}, text);
  same({"-c", "test(\"(\")"}, text);  // invalid regex: error 5
}

TEST(Jq, Formats) {
  REQUIRE_WASM_TOOLS();
  std::string row = "[1,\"a,b\",null,\"it's \\\"q\\\"\",\"tab\\there\",true]";
  for (const char* format : {"@csv", "@tsv", "@sh", "@json", "@text", "@html", "@uri", "@base64"}) {
    same({"-r", format}, row);
  }
  same({"-r", "@base64d"}, "\"aGVsbG8gd29ybGQ=\"");
  same({"-r", "@uri \"q=\\(.)\", @sh \"echo \\(.)\", @html \"<b>\\(.)</b>\""}, "\"a b&<c>'\"");
}

TEST(Jq, DatesInUtc) {
  REQUIRE_WASM_TOOLS();
  same({"-c",
        "todate, gmtime, (gmtime | mktime), (gmtime | strftime(\"%Y-%m-%dT%H:%M:%SZ %a %j\"))"},
       "1425599507");
  same({"-c", "fromdate, (strptime(\"%Y-%m-%dT%H:%M:%SZ\") | mktime)"}, "\"2015-03-05T23:51:47Z\"");
  same({"-c", "now | type"}, "null");
}

TEST(Jq, BinaryAndLargeInput) {
  REQUIRE_WASM_TOOLS();
  same({"-R", "length"}, std::string("\xff\xfe bad utf8\n", 13));
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "{\"i\":" + std::to_string(i) + ",\"s\":\"row\"}\n";
  same({"-c", "select(.i % 5000 == 0)"}, big);
  same({"-s", "map(.i) | add"}, big);
}

// ---------------------------------------------------------------------------
// Sandbox integration

TEST(Jq, WorksInPipelinesAndSeesTheSandbox) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  auto r = sb->exec(
      "seq 1 5 | jq -s 'add' | cat; echo '{\"a\":[1,2]}' > /tmp/d.json; cd /tmp && jq -c .a d.json;"
      " X=exported jq -rn 'env.X'; jq -n '$ENV.HOME'");
  EXPECT_EQ(r.stdout_data, "15\n[1,2]\nexported\n\"/home/user\"\n");
  EXPECT_EQ(r.stderr_data, "");
  EXPECT_EQ(r.exit_status, 0);
  r = sb->exec("jq -n '[range(100000)] | length' > out.json && cat out.json; jq -n 1 | head -c 0");
  EXPECT_EQ(r.stdout_data, "100000\n");
  // A reader that goes away stops jq like SIGPIPE stops the native one.
  r = sb->exec("jq -n 'range(1e7)' | head -1; echo ${PIPESTATUS[@]}");
  EXPECT_EQ(r.stdout_data, "0\n141 0\n");
  r = sb->exec("printf '%s' '{\"a\":1}' | jq .a; echo \"status $?\"; jq -e .b <<< '{}'; echo $?");
  EXPECT_EQ(r.stdout_data, "1\nstatus 0\nnull\n1\n");
}

TEST(Jq, CannotReachHostFiles) {
  REQUIRE_WASM_TOOLS();
  HostTempDir dir;
  dir.write("secret.json", "{\"secret\":\"host-only-data\"}");
  auto sb = Sandbox::create();
  std::string path = dir.path() + "/secret.json";
  auto r = sb->exec("jq . " + sq(path) + "; jq -n --rawfile s " + sq(path) +
                    " '$s'; jq -n --slurpfile s /proc/self/environ '$s'; echo done");
  EXPECT_EQ(r.stdout_data.find("host-only-data"), std::string::npos);
  EXPECT_NE(r.stderr_data.find("No such file or directory"), std::string::npos) << r.stderr_data;
  EXPECT_EQ(r.stdout_data, "done\n");
}

TEST(Jq, DeadlineStopsAnEndlessFilter) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  for (const char* script :
       {"jq -n 'repeat(1)' > /dev/null", "jq -n 'last(range(1e15))'", "jq -n 'def f: f; f'"}) {
    EXPECT_TRUE(deadline_stops(*sb, script, 1500ms));
  }
  auto r = sb->exec("jq -n '1 + 1'");
  EXPECT_EQ(r.stdout_data, "2\n");
}

TEST(Jq, MemoryCapStopsAHugeAllocation) {
  REQUIRE_WASM_TOOLS();
  SandboxOptions options;
  options.limits.max_wasm_memory_bytes = 64ull << 20;
  options.limits.timeout = 60s;
  auto sb = Sandbox::create(options);
  auto start = std::chrono::steady_clock::now();
  auto r = sb->exec("jq -n '[range(1e9)] | length'");
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.exit_status, 124) << "the cap, not the deadline, must stop it";
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_FALSE(r.stderr_data.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  r = sb->exec("jq -n '[range(1000)] | add'");
  EXPECT_EQ(r.stdout_data, "499500\n");
  EXPECT_EQ(r.exit_status, 0);
}

// ---------------------------------------------------------------------------
// jq's own test files (tests/*.test of the Debian source package, copied next
// to the module by scripts/wasm_tools/build.sh), run with --run-tests inside
// the sandbox like jq's `make check` does.

struct SuiteResult {
  bool found = false;
  int passed = -1;
  int total = -1;
  std::string output;
};

SuiteResult run_jq_suite(const std::string& file) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(KEFKA_BINARY_DIR) / "wasm_tools" / "jq-tests";
  SuiteResult result;
  if (!fs::is_directory(dir)) return result;  // a prebuilt module (-DKEFKA_JQ_WASM)
  auto sb = Sandbox::create();
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream data;
    data << in.rdbuf();
    sb->write_file("tests/" + fs::relative(entry.path(), dir).string(), data.str());
  }
  ExecOptions options;
  options.timeout = 300s;
  auto r = sb->exec("cd tests && jq -L modules --run-tests " + file + " 2>&1", options);
  result.found = true;
  result.output = r.stdout_data;
  std::smatch m;
  static const std::regex summary(R"((\d+) of (\d+) tests passed)");
  if (std::regex_search(result.output, m, summary)) {
    result.passed = std::stoi(m[1]);
    result.total = std::stoi(m[2]);
  }
  return result;
}

std::string tail_of(const std::string& s) {
  return s.size() > 3000 ? s.substr(s.size() - 3000) : s;
}

TEST(JqSuite, JqTest) {
  REQUIRE_WASM_TOOLS();
  auto r = run_jq_suite("jq.test");
  if (!r.found) GTEST_SKIP() << "no jq-tests beside jq.wasm";
  RecordProperty("passed", r.passed);
  RecordProperty("total", r.total);
  std::printf("jq.test: %d of %d tests passed\n", r.passed, r.total);
  EXPECT_GT(r.total, 300) << tail_of(r.output);
  EXPECT_EQ(r.passed, r.total) << tail_of(r.output);
}

TEST(JqSuite, OnigTest) {
  REQUIRE_WASM_TOOLS();
  auto r = run_jq_suite("onig.test");
  if (!r.found) GTEST_SKIP() << "no jq-tests beside jq.wasm";
  std::printf("onig.test: %d of %d tests passed\n", r.passed, r.total);
  EXPECT_GT(r.total, 10) << tail_of(r.output);
  EXPECT_EQ(r.passed, r.total) << tail_of(r.output);
}

TEST(JqSuite, Base64Test) {
  REQUIRE_WASM_TOOLS();
  auto r = run_jq_suite("base64.test");
  if (!r.found) GTEST_SKIP() << "no jq-tests beside jq.wasm";
  std::printf("base64.test: %d of %d tests passed\n", r.passed, r.total);
  EXPECT_GT(r.total, 3) << tail_of(r.output);
  EXPECT_EQ(r.passed, r.total) << tail_of(r.output);
}

}  // namespace
}  // namespace kefka::test

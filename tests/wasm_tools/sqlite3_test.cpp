// sqlite3 inside the sandbox (src/commands/wasm/sqlite3.cpp: the SQLite 3.40.1
// shell built to wasm32-wasi from Debian's sources), through the public Sandbox
// API: differential cases against the host's sqlite3 3.40.1 (stdout, stderr,
// status), databases persisting in the sandbox filesystem, what the in-process
// build leaves out (programs, extensions), the deadline, the memory cap and
// isolation from the host.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tool_test_util.h"

namespace kefka::test {
namespace {

using namespace std::chrono_literals;

const std::string kSchema =
    "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INT, city TEXT);\n"
    "INSERT INTO people(name, age, city) VALUES ('Ada', 36, 'London'), ('Linus', 54, "
    "'Portland'), ('Grace', 85, NULL), ('O''Brien', 41, 'Dublin, IE');\n"
    "CREATE INDEX people_age ON people(age);\n"
    "CREATE VIEW adults AS SELECT name FROM people WHERE age >= 40;\n";

// `sqlite3 ARGS...` with `sql` on stdin, in a sandbox and on the host.
void same(const std::vector<std::string>& args, const std::string& sql = {},
          const Files& files = {}) {
  std::vector<std::string> argv{"sqlite3"};
  argv.insert(argv.end(), args.begin(), args.end());
  expect_same_as_host(argv, sql, files);
}

// The schema, then `script`, on stdin to an in-memory database.
void same_script(const std::string& script, const std::vector<std::string>& args = {}) {
  std::vector<std::string> all = args;
  all.push_back(":memory:");
  same(all, kSchema + script);
}

// ---------------------------------------------------------------------------
// Command line forms

TEST(Sqlite3, SqlAsArgumentAndOnStdin) {
  REQUIRE_WASM_TOOLS();
  same({":memory:", "SELECT 1 + 1, 'x' || 'y', 7 / 2, 7 % 3, 1.5 * 2;"});
  same({":memory:", "SELECT 1; SELECT 2, 3"});
  same({":memory:"}, "SELECT 'stdin';\nSELECT 42;\n");
  same({}, "SELECT 'no database argument';\n");
  same({"-version"});
  same({"-help"});
  same({"-nosuchoption"});
}

TEST(Sqlite3, OutputOptions) {
  REQUIRE_WASM_TOOLS();
  std::string q = "SELECT name, age, city FROM people ORDER BY id;";
  for (const char* option : {"-csv", "-json", "-line", "-list", "-column", "-box", "-table",
                             "-markdown", "-html", "-quote", "-tabs", "-ascii"}) {
    same_script(q, {option});
    same_script(q, {option, "-header"});
  }
  same_script(q, {"-separator", "|;|", "-nullvalue", "<null>", "-noheader"});
  same_script(q, {"-echo", "-bail"});
  same_script(q, {"-cmd", ".mode csv", "-cmd", ".headers on"});
}

// ---------------------------------------------------------------------------
// Dot-commands

TEST(Sqlite3, ModesAndHeaders) {
  REQUIRE_WASM_TOOLS();
  std::string q = "SELECT * FROM people ORDER BY age;\n";
  for (const char* mode : {"list", "csv", "json", "line", "column", "box", "table", "markdown",
                           "html", "quote", "tabs", "tcl", "insert people2"}) {
    same_script(std::string(".mode ") + mode + "\n.headers on\n" + q);
  }
  same_script(".mode\n.mode csv\n.mode\n.headers off\n" + q);
  same_script(".nullvalue NULL\n.separator ' :: ' '\\n--\\n'\n" + q);
  same_script(".mode column\n.width 3 10 -5\n" + q);
}

TEST(Sqlite3, SchemaTablesDump) {
  REQUIRE_WASM_TOOLS();
  same_script(".tables\n.tables p%\n");
  same_script(".schema\n.schema people\n.schema --indent adults\n");
  same_script(".indexes\n.indexes people\n");
  same_script(".dump\n");
  same_script(".dump people\n");
  same_script(".fullschema\n");
  same_script(".databases\n");
  same_script(".show\n");
}

TEST(Sqlite3, ImportReadOutputOnce) {
  REQUIRE_WASM_TOOLS();
  Files files{
      {"data.csv", "name,qty\nbolt,4\n\"nut, hex\",10\nwasher,\n"},
      {"more.sql", "CREATE TABLE t(x);\nINSERT INTO t VALUES (1), (2);\nSELECT sum(x) FROM t;\n"}};
  same({":memory:"}, ".import --csv data.csv items\n.mode box\nSELECT * FROM items;\n", files);
  same({":memory:"},
       ".mode csv\n.import data.csv items\nSELECT name, qty * 2 FROM items;\n.schema items\n",
       files);
  same({":memory:"}, ".import --csv --skip 1 data.csv raw\nSELECT count(*) FROM raw;\n", files);
  same({":memory:"}, ".import nope.csv t\n", files);
  same({":memory:"}, ".read more.sql\nSELECT count(*) FROM t;\n", files);
  same({":memory:"}, ".read nope.sql\n", files);
  same({":memory:"}, ".output out.txt\nSELECT 'to file';\n.output\n.read out.txt\n", files);
  same({":memory:"},
       ".once out.csv\nSELECT 1, 2;\nSELECT 'after once';\nSELECT readfile('out.csv');\n", files);
}

TEST(Sqlite3, Errors) {
  REQUIRE_WASM_TOOLS();
  same({":memory:", "SELEC 1"});
  same({":memory:", "SELECT * FROM nope"});
  same({":memory:"}, "SELECT 1;\nSELEC 2;\nSELECT 3;\n");
  same({"-bail", ":memory:"}, "SELECT 1;\nSELEC 2;\nSELECT 3;\n");
  same_script("INSERT INTO people(name) VALUES (NULL);\nSELECT count(*) FROM people;\n");
  same_script(".nosuchcommand\nSELECT 1;\n");
  same_script(".mode nosuchmode\n");
  same({"nodir/sub/x.db", "SELECT 1"});
}

// ---------------------------------------------------------------------------
// SQL features of Debian's build

TEST(Sqlite3, SqlFeatures) {
  REQUIRE_WASM_TOOLS();
  same_script(
      "SELECT city, count(*), group_concat(name, '+') FROM people GROUP BY city ORDER BY 1;");
  same_script(
      "SELECT name, age, rank() OVER (ORDER BY age DESC), sum(age) OVER (ORDER BY id) FROM "
      "people;");
  same_script(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) SELECT "
      "group_concat(x) FROM c;");
  same_script(
      "SELECT json_object('n', name, 'a', age) FROM people; SELECT json_group_array(age) FROM "
      "people;");
  same_script(
      "SELECT json_extract('{\"a\":[1,{\"b\":2}]}', '$.a[1].b'), json_array_length('[1,2,3]');");
  same_script("SELECT key, value FROM json_each('{\"x\":1,\"y\":[2]}');");
  same_script("SELECT sqrt(16), pow(2, 10), round(pi(), 6), ln(1), ceil(1.2), floor(-1.2);");
  same_script(
      "SELECT printf('%5.2f|%-4d|%s|%x', 3.14159, 7, 'str', 255), upper('abc'), hex('Kefka');");
  same_script(
      "SELECT date('2024-01-31', '+1 month'), strftime('%Y/%j', '2020-12-31'), "
      "julianday('2000-01-01');");
  same_script(
      "SELECT soundex('Robert'), typeof(1), typeof(1.0), typeof('x'), typeof(x'00'), "
      "typeof(NULL);");
  same_script("SELECT sqlite_version(), sqlite_source_id();");
  same_script(
      "CREATE VIRTUAL TABLE docs USING fts5(body); INSERT INTO docs VALUES ('the quick brown "
      "fox'), "
      "('lazy dog'); SELECT body FROM docs WHERE docs MATCH 'quick';");
  same_script(
      "CREATE VIRTUAL TABLE d4 USING fts4(body); INSERT INTO d4 VALUES ('alpha beta'); SELECT "
      "count(*) FROM d4 WHERE d4 MATCH 'beta';");
  same_script(
      "CREATE VIRTUAL TABLE r USING rtree(id, x0, x1); INSERT INTO r VALUES (1, 0, 10), (2, 5, 6); "
      "SELECT id FROM r WHERE x0 <= 5.5 AND x1 >= 5.5 ORDER BY id;");
  same_script("UPDATE people SET age = age + 1 ORDER BY id LIMIT 2; SELECT age FROM people;");
  same_script("SELECT * FROM people WHERE name LIKE 'a%' OR name GLOB '*ace';");
  same_script("BEGIN; DELETE FROM people; ROLLBACK; SELECT count(*) FROM people;");
}

// ---------------------------------------------------------------------------
// Sandbox integration

TEST(Sqlite3, DatabasePersistsBetweenExecs) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  auto r = sb->exec(
      "sqlite3 app.db 'CREATE TABLE kv(k TEXT PRIMARY KEY, v); INSERT INTO kv VALUES (\"a\", 1)'");
  ASSERT_EQ(r.exit_status, 0) << r.stderr_data;
  r = sb->exec("echo \"INSERT INTO kv VALUES ('b', 2);\" | sqlite3 app.db");
  ASSERT_EQ(r.exit_status, 0) << r.stderr_data;
  r = sb->exec("sqlite3 app.db 'SELECT k, v FROM kv ORDER BY k'");
  EXPECT_EQ(r.stdout_data, "a|1\nb|2\n");
  EXPECT_EQ(r.exit_status, 0);
  // A real database file: its header, visible to other commands, no leftovers.
  r = sb->exec(
      "head -c 15 app.db; echo; ls; cd / && sqlite3 home/user/app.db 'SELECT count(*) FROM kv'");
  EXPECT_EQ(r.stdout_data, "SQLite format 3\napp.db\n2\n");
  // A second session of the same sandbox files (reset) and a fork see it too.
  sb->reset_session();
  auto fork = sb->fork();
  r = fork->exec(
      "sqlite3 app.db \"INSERT INTO kv VALUES ('c', 3)\" && sqlite3 app.db 'SELECT count(*) FROM "
      "kv'");
  EXPECT_EQ(r.stdout_data, "3\n");
  r = sb->exec("sqlite3 app.db 'SELECT count(*) FROM kv'");
  EXPECT_EQ(r.stdout_data, "2\n");
}

// Debian's feature options are there; threads, extension loading and WAL are
// compiled out (the native list differs in those, so it is not compared).
TEST(Sqlite3, CompileOptions) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  auto r = sb->exec("sqlite3 :memory: 'PRAGMA compile_options'");
  for (const char* option :
       {"ENABLE_FTS3\n", "ENABLE_FTS5\n", "ENABLE_RTREE\n", "ENABLE_MATH_FUNCTIONS\n",
        "ENABLE_DBSTAT_VTAB\n", "SECURE_DELETE\n", "SOUNDEX\n", "THREADSAFE=0\n",
        "OMIT_LOAD_EXTENSION\n", "OMIT_WAL\n", "MAX_VARIABLE_NUMBER=250000\n"}) {
    EXPECT_NE(r.stdout_data.find(option), std::string::npos) << option << r.stdout_data;
  }
}

TEST(Sqlite3, ZipArchives) {
  REQUIRE_WASM_TOOLS();
  same({":memory:"},
       "SELECT hex(sqlar_compress(zeroblob(100))), sqlar_uncompress(sqlar_compress('abcabcabc'), "
       "9);\n");
  auto sb = Sandbox::create();
  sb->write_file("a.txt", "alpha\n");
  auto r = sb->exec(
      "sqlite3 -A -c -f arch.sqlar a.txt && sqlite3 -A -t -f arch.sqlar && rm a.txt && "
      "sqlite3 -A -x -f arch.sqlar && cat a.txt");
  EXPECT_EQ(r.stdout_data, "a.txt\nalpha\n") << r.stderr_data;
  EXPECT_EQ(r.exit_status, 0);
}

TEST(Sqlite3, TransactionsJournalAndPipelines) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  EXPECT_TRUE(script_prints(
      *sb,
      "seq 1 2000 | sed 's/.*/INSERT INTO n VALUES (&);/' | (echo 'CREATE TABLE n(x); BEGIN;'; "
      "cat; "
      "echo 'COMMIT;') | sqlite3 n.db && sqlite3 -csv n.db 'SELECT count(*), sum(x) FROM n' | cat; "
      "ls",
      "2000,2001000\nn.db\n"));
  auto r = sb->exec(
      "sqlite3 :memory: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT "
      "10000000) SELECT x FROM c' | head -1; echo ${PIPESTATUS[@]}");
  EXPECT_EQ(r.stdout_data, "1\n141 0\n");  // like SIGPIPE
  r = sb->exec("sqlite3 n.db 'PRAGMA journal_mode; PRAGMA integrity_check'");
  EXPECT_EQ(r.stdout_data, "delete\nok\n");
}

TEST(Sqlite3, NoProgramsNoExtensions) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  auto r =
      sb->exec("sqlite3 :memory: '.system echo hacked'; sqlite3 :memory: '.shell echo hacked'");
  EXPECT_EQ(r.stdout_data.find("hacked"), std::string::npos);
  EXPECT_NE(r.stderr_data.find("unknown command"), std::string::npos) << r.stderr_data;
  r = sb->exec("sqlite3 :memory: \"SELECT load_extension('/usr/lib/x.so')\"");
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.stderr_data.find("no such function: load_extension"), std::string::npos)
      << r.stderr_data;
  r = sb->exec("sqlite3 :memory: '.load /usr/lib/x.so'");
  EXPECT_NE(r.exit_status, 0);
  r = sb->exec("sqlite3 :memory: \".output '|cat'\" 'SELECT 1'");
  EXPECT_EQ(r.stdout_data.find("1"), std::string::npos) << r.stdout_data;
  auto after = sb->exec("sqlite3 :memory: 'SELECT 6*7'");
  EXPECT_EQ(after.stdout_data, "42\n");
}

TEST(Sqlite3, CannotReachHostFiles) {
  REQUIRE_WASM_TOOLS();
  HostTempDir dir;
  std::string db = dir.path() + "/host.db";
  auto host = run_host(
      {"sqlite3", db, "CREATE TABLE secret(v); INSERT INTO secret VALUES ('host-only-data')"});
  ASSERT_EQ(host.status, 0) << host.err;
  dir.write("secret.sql", "SELECT 'host-only-data';\n");
  auto sb = Sandbox::create();
  auto r = sb->exec("sqlite3 " + sq(db) + " 'SELECT v FROM secret'; sqlite3 :memory: " +
                    sq(".read " + dir.path() + "/secret.sql") + "; sqlite3 :memory: " +
                    sq("ATTACH " + sq(db) + " AS h; SELECT v FROM h.secret") +
                    "; sqlite3 :memory: \"SELECT readfile('/etc/shadow') IS NULL\"; echo done");
  EXPECT_EQ(r.stdout_data.find("host-only-data"), std::string::npos) << r.stdout_data;
  EXPECT_NE(r.stdout_data.find("done"), std::string::npos);
}

TEST(Sqlite3, DeadlineStopsARecursiveQuery) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  EXPECT_TRUE(deadline_stops(
      *sb,
      "sqlite3 loop.db 'CREATE TABLE t(x); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
      "FROM c) SELECT count(*) FROM c'",
      1500ms));
  // The database stopped mid-statement is still usable (no stale lock).
  EXPECT_TRUE(script_prints(
      *sb, "sqlite3 loop.db 'INSERT INTO t VALUES (1); SELECT count(*) FROM t'", "1\n"));
}

TEST(Sqlite3, MemoryCapStopsAHugeAllocation) {
  REQUIRE_WASM_TOOLS();
  SandboxOptions options;
  options.limits.max_wasm_memory_bytes = 64ull << 20;
  options.limits.timeout = 60s;
  auto sb = Sandbox::create(options);
  auto r = sb->exec("sqlite3 :memory: 'SELECT length(randomblob(500000000))'");
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.exit_status, 124);
  EXPECT_EQ(r.stdout_data, "");
  EXPECT_NE(r.stderr_data.find("out of memory"), std::string::npos) << r.stderr_data;
  r = sb->exec("sqlite3 :memory: 'SELECT length(randomblob(1000000))'");
  EXPECT_EQ(r.stdout_data, "1000000\n");
}

// /dev/stdin and /dev/fd/N inside the guests name the command's descriptors
// (also the shell's fd 3 and process substitutions); as on Linux, sqlite3's
// `.read` accepts them.
TEST(Tools, DevStdinAndDevFd) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  sb->write_file("j.json", "{\"a\":1}\n");
  auto r =
      sb->exec("exec 3<j.json; jq -c .a /dev/fd/3; jq -c . /dev/stdin < j.json; jq . <(echo 5)");
  EXPECT_EQ(r.stdout_data, "1\n{\"a\":1}\n5\n") << r.stderr_data;
  r = sb->exec(
      "echo 'select 4;' | sqlite3 :memory: '.read /dev/stdin'; "
      "sqlite3 :memory: '.read /dev/fd/3' 3< <(echo 'select 5;')");
  EXPECT_EQ(r.stdout_data, "4\n5\n") << r.stderr_data;
  EXPECT_EQ(r.exit_status, 0);
}

// Many sandboxes run jq and sqlite3 at once (each instance has its own memory
// and state); every one gets its own right answer.
TEST(Tools, ConcurrentSandboxes) {
  REQUIRE_WASM_TOOLS();
  constexpr int kThreads = 6;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &good] {
      auto sb = Sandbox::create();
      std::string n = std::to_string(t);
      bool ok = true;
      for (int round = 0; round < 3; ++round) {
        auto r = sb->exec("jq -n '" + n +
                          " * 10' && sqlite3 db 'CREATE TABLE IF NOT EXISTS t(x); "
                          "INSERT INTO t VALUES (" +
                          n + "); SELECT sum(x) FROM t'");
        ok =
            ok && r.exit_status == 0 &&
            r.stdout_data == std::to_string(t * 10) + "\n" + std::to_string(t * (round + 1)) + "\n";
      }
      if (ok) ++good;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), kThreads);
}

// cancel() from another thread stops a guest in a tight loop (status 130).
TEST(Tools, CancelStopsAGuest) {
  REQUIRE_WASM_TOOLS();
  auto sb = Sandbox::create();
  std::thread canceller([&] {
    std::this_thread::sleep_for(500ms);
    sb->cancel();
  });
  ExecOptions options;
  options.timeout = 30s;  // a lost cancel fails the case instead of hanging it
  auto r = sb->exec("jq -n 'last(range(1e15))'", options);
  canceller.join();
  EXPECT_EQ(r.exit_status, 130) << r.stderr_data;
  r = sb->exec("sqlite3 :memory: 'SELECT 2'");
  EXPECT_EQ(r.stdout_data, "2\n");
}

// Without the modules compiled in, the commands say so instead of failing
// obscurely (this also runs in builds with -DKEFKA_JQ_SQLITE3=OFF).
TEST(Tools, MissingModuleIsReported) {
#ifdef KEFKA_WASM_TOOLS_BUILT
  GTEST_SKIP() << "jq and sqlite3 are built in";
#else
  auto sb = Sandbox::create();
  auto r = sb->exec("jq -n 1; sqlite3 :memory: 'SELECT 1'");
  EXPECT_EQ(r.exit_status, 127);
  EXPECT_NE(r.stderr_data.find("jq: not available in this build"), std::string::npos);
  EXPECT_NE(r.stderr_data.find("sqlite3: not available in this build"), std::string::npos);
#endif
}

}  // namespace
}  // namespace kefka::test

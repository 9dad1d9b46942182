// The guard rail over the real tree (src/ and the compiled layer libraries),
// and the proof that its scanner tells offending code from innocent code.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "guard_scanner.h"

namespace kefka::guard {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> whats(std::string_view code) {
  std::vector<std::string> out;
  for (const auto& v : scan_source("x.cpp", code)) out.push_back(v.what);
  return out;
}

std::string describe(const std::vector<Violation>& vs) {
  std::string s;
  for (const auto& v : vs) s += v.file + ":" + std::to_string(v.line) + ": " + v.what + "\n";
  return s;
}

// ---------------------------------------------------------------------------
// The scanner on snippets

TEST(GuardScanner, FlagsDirectHostCalls) {
  EXPECT_EQ(whats("int fd = open(\"/etc/passwd\", O_RDONLY);"),
            std::vector<std::string>{"host call open("});
  EXPECT_EQ(whats("FILE* f = fopen (path, \"r\");"), std::vector<std::string>{"host call fopen("});
  EXPECT_EQ(whats("if (::stat(p, &st) == 0) {}"), std::vector<std::string>{"host call stat("});
  EXPECT_EQ(whats("return unlink(p);"), std::vector<std::string>{"host call unlink("});
  EXPECT_EQ(whats("(void)rename(a, b);"), std::vector<std::string>{"host call rename("});
  EXPECT_EQ(whats("x = a && mkdir(p, 0755);"), std::vector<std::string>{"host call mkdir("});
  EXPECT_EQ(whats("DIR* d = opendir(p);"), std::vector<std::string>{"host call opendir("});
}

TEST(GuardScanner, FlagsProcessAndNetworkCalls) {
  EXPECT_EQ(whats("std::system(\"ls\");"), std::vector<std::string>{"host call system("});
  EXPECT_EQ(whats("auto p = popen(cmd, \"r\");"), std::vector<std::string>{"host call popen("});
  EXPECT_EQ(whats("pid_t pid = fork();"), std::vector<std::string>{"host call fork("});
  EXPECT_EQ(whats("{ vfork(); }"), std::vector<std::string>{"host call vfork("});
  EXPECT_EQ(whats("execvp(argv[0], argv);"), std::vector<std::string>{"host call execvp("});
  EXPECT_EQ(whats("posix_spawn(&pid, p, 0, 0, a, e);"),
            std::vector<std::string>{"host call posix_spawn("});
  EXPECT_EQ(whats("int s = socket(AF_INET, SOCK_STREAM, 0); connect(s, a, n);"),
            (std::vector<std::string>{"host call socket(", "host call connect("}));
  EXPECT_EQ(whats("void* h = dlopen(\"libc.so.6\", RTLD_NOW);"),
            std::vector<std::string>{"host call dlopen("});
  EXPECT_EQ(whats("const char* s = std::getenv(\"HOME\");"),
            std::vector<std::string>{"host call getenv("});
}

TEST(GuardScanner, FlagsHostTypesAndHeaders) {
  EXPECT_EQ(whats("std::ifstream in(path);"), std::vector<std::string>{"host type std::ifstream"});
  EXPECT_EQ(whats("std::ofstream out{p};"), std::vector<std::string>{"host type std::ofstream"});
  EXPECT_EQ(whats("std::fstream f;"), std::vector<std::string>{"host type std::fstream"});
  EXPECT_EQ(whats("auto e = std::filesystem::exists(p);"),
            std::vector<std::string>{"host type std::filesystem"});
  EXPECT_EQ(whats("#include <fstream>\n"), std::vector<std::string>{"include <fstream>"});
  EXPECT_EQ(whats("#  include <sys/socket.h>\n"),
            std::vector<std::string>{"include <sys/socket.h>"});
  EXPECT_EQ(whats("#include <dirent.h>\n"), std::vector<std::string>{"include <dirent.h>"});
}

TEST(GuardScanner, MemberCallsAreInnocent) {
  EXPECT_TRUE(whats("auto s = vfs.open(c, p, O_RDONLY);").empty());
  EXPECT_TRUE(whats("auto s = fs.open(p, O_RDONLY);").empty());
  EXPECT_TRUE(whats("ctx.fs.stat(p); backend_->unlink(p); root->mkdir(p, 0755, cred);").empty());
  EXPECT_TRUE(whats("file .open (x); obj-> rename(a, b);").empty());
}

TEST(GuardScanner, DeclarationsAndQualifiedProjectNamesAreInnocent) {
  EXPECT_TRUE(whats("virtual Result<Stat> stat(Path path) = 0;").empty());
  EXPECT_TRUE(whats("Status mkdir(std::string_view p, uint32_t mode = 0777) const;").empty());
  EXPECT_TRUE(whats("Result<StreamPtr> Vfs::open(const Caller& c, std::string_view p) {}").empty());
  EXPECT_TRUE(whats("Status MemoryBackend::rename(Path a, Path b) { return {}; }").empty());
  EXPECT_TRUE(whats("FILE* fopen(const char*, const char*);").empty());
  EXPECT_TRUE(whats("auto f = std::bind(g, 1); auto t = kefka::vfs::link(a, b);").empty());
  EXPECT_TRUE(whats("x = Backend<T>::open(p);").empty());
}

TEST(GuardScanner, OwnMembersCalledUnqualifiedAreInnocent) {
  // A class with a stat() member calling it from another member.
  const char* code =
      "class Vfs {\n"
      "  Result<Stat> stat(const Caller& c, std::string_view p);\n"
      "  Result<Stat> size(const Caller& c) { return stat(c, \"x\"); }\n"
      "};\n";
  EXPECT_TRUE(whats(code).empty());
  // ...but the global one is still the host's.
  EXPECT_EQ(whats(std::string(code) + "int f() { return ::stat(\"/\", nullptr); }"),
            std::vector<std::string>{"host call stat("});
}

TEST(GuardScanner, CommentsStringsAndLookalikesAreInnocent) {
  EXPECT_TRUE(whats("// fopen(path) would be wrong here\n").empty());
  EXPECT_TRUE(whats("/* system(\"rm -rf /\") */ int x;").empty());
  EXPECT_TRUE(whats("err(\"cannot open(2) file\"); msg = 'x';").empty());
  EXPECT_TRUE(whats("auto s = R\"(fork() and exec())\";").empty());
  EXPECT_TRUE(whats("reopen(x); fopen_like(y); my_stat(z); opendirs(w);").empty());
  EXPECT_TRUE(
      whats("struct stat st; sizeof(struct stat); int n = 1'000'000; link_count(x);").empty());
  EXPECT_TRUE(whats("#include \"vfs/open_file.h\"\n#include <fcntl.h>\n").empty());
}

TEST(GuardScanner, ReportsLineNumbers) {
  auto v = scan_source("a.cpp", "int a;\n// x\n\nint fd = open(p, 0);\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].line, 4);
  EXPECT_EQ(v[0].file, "a.cpp");
}

TEST(GuardScanner, AllowedFolders) {
  EXPECT_TRUE(host_access_allowed("src/vfs/host_backend.cpp"));
  EXPECT_TRUE(host_access_allowed("src/vfs/host_backend.h"));
  EXPECT_TRUE(host_access_allowed("src/cli/main.cpp"));
  EXPECT_TRUE(host_access_allowed("src/server/http.cpp"));
  EXPECT_TRUE(host_access_allowed("src/wasm/user_module.cpp"));
  EXPECT_FALSE(host_access_allowed("src/wasm/wasi.cpp"));
  EXPECT_FALSE(host_access_allowed("src/vfs/memory_backend.cpp"));
  EXPECT_FALSE(host_access_allowed("src/shell/interp.cpp"));
  EXPECT_FALSE(host_access_allowed("src/sandbox/sandbox.cpp"));
}

TEST(GuardLayering, LowerLayersNeverIncludeHigherOnes) {
  EXPECT_TRUE(
      scan_layering("vfs/vfs.cpp", "#include \"base/stream.h\"\n#include \"vfs/vfs.h\"\n").empty());
  EXPECT_TRUE(scan_layering("base/budget.h", "#include \"kefka/limits.h\"\n").empty());
  EXPECT_TRUE(scan_layering("cli/main.cpp", "#include \"kefka/sandbox.h\"\n").empty());
  EXPECT_TRUE(scan_layering("sandbox/sandbox.cpp", "#include \"shell/shell.h\"\n").empty());

  auto v = scan_layering("vfs/vfs.cpp", "#include <vector>\n#include \"shell/shell.h\"\n");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].line, 2);
  EXPECT_EQ(scan_layering("commands/cat.cpp", "#include \"shell/state.h\"\n").size(), 1u);
  EXPECT_EQ(scan_layering("shell/x.cpp", "#include <kefka/sandbox.h>\n").size(), 1u);
  EXPECT_EQ(scan_layering("base/x.h", "#include \"vfs/types.h\"\n").size(), 1u);
  EXPECT_EQ(scan_layering("sandbox/s.cpp", "#include \"cli/repl.h\"\n").size(), 1u);
  // Commented-out includes do not count.
  EXPECT_TRUE(scan_layering("vfs/a.cpp", "// #include \"shell/shell.h\"\n").empty());
}

TEST(GuardSymbols, ParsesNmOutput) {
  const char* nm =
      "build/libkefka_vfs.a:memory_backend.cpp.o:                 U memcpy\n"
      "build/libkefka_vfs.a:memory_backend.cpp.o:                 U open\n"
      "build/libkefka_vfs.a:host_backend.cpp.o:                 U openat\n"
      "build/libkefka_shell.a:interp.cpp.o:                 U fork@GLIBC_2.2.5\n"
      "build/libkefka.a:sandbox.cpp.o:                 U std::basic_ifstream<char, "
      "std::char_traits<char> >::basic_ifstream(char const*, std::_Ios_Openmode)\n"
      "build/libkefka.a:sandbox.cpp.o:                 U std::chrono::_V2::steady_clock::now()\n"
      "build/libkefka.a:sandbox.cpp.o:                 T kefka::Sandbox::exec()\n";
  auto v = undefined_host_symbols(nm);
  ASSERT_EQ(v.size(), 3u) << describe(v);
  EXPECT_EQ(v[0].what, "references host symbol open");
  EXPECT_EQ(v[1].file, "build/libkefka_shell.a:interp.cpp.o");
  EXPECT_EQ(v[1].what, "references host symbol fork");
  EXPECT_NE(v[2].what.find("basic_ifstream"), std::string::npos);
}

std::string run_capture(const std::string& cmd, int* status) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

TEST(GuardSymbols, CatchesAHostCallInACompiledArchive) {
  // End to end through the compiler and nm: a file whose source hides the
  // call behind a macro, which the lexical scan cannot see.
  fs::path dir = fs::temp_directory_path() / ("kefka-guard-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "sneaky.cpp") << "#include <cstdio>\n#define OPEN_IT(p) fo##pen(p, \"r\")\n"
                                         "void* sneaky(const char* p) { return OPEN_IT(p); }\n";
    std::ofstream(dir / "host_backend.cpp")
        << "#include <cstdio>\n"
           "void* allowed(const char* p) { return fopen(p, \"r\"); }\n";
  }
  std::string d = dir.string();
  int status = 0;
  run_capture("cd '" + d + "' && c++ -c sneaky.cpp -o sneaky.cpp.o && c++ -c host_backend.cpp -o " +
                  "host_backend.cpp.o && ar rcs libkefka_fake.a sneaky.cpp.o host_backend.cpp.o",
              &status);
  ASSERT_EQ(status, 0);
  std::string nm = run_capture("nm -A -u -C '" + d + "/libkefka_fake.a'", &status);
  fs::remove_all(dir);
  ASSERT_EQ(status, 0);
  EXPECT_TRUE(scan_source("sneaky.cpp", "#define OPEN_IT(p) fo##pen(p, \"r\")\n").empty());
  auto v = undefined_host_symbols(nm);
  ASSERT_EQ(v.size(), 1u) << describe(v) << nm;
  EXPECT_NE(v[0].file.find("sneaky.cpp.o"), std::string::npos);
  EXPECT_EQ(v[0].what, "references host symbol fopen");
}

// ---------------------------------------------------------------------------
// The real tree

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::pair<std::string, std::string>> product_sources() {
  std::vector<std::pair<std::string, std::string>> files;
  fs::path src = fs::path(KEFKA_SOURCE_DIR) / "src";
  for (const auto& e : fs::recursive_directory_iterator(src)) {
    if (!e.is_regular_file()) continue;
    std::string ext = e.path().extension();
    if (ext != ".cpp" && ext != ".cc" && ext != ".c" && ext != ".h" && ext != ".hpp" &&
        ext != ".inc") {
      continue;
    }
    files.emplace_back(fs::relative(e.path(), src).generic_string(), slurp(e.path()));
  }
  return files;
}

TEST(GuardTree, NoHostAccessOutsideAllowedFolders) {
  auto files = product_sources();
  ASSERT_FALSE(files.empty());
  std::vector<Violation> all;
  for (const auto& [path, text] : files) {
    if (host_access_allowed(path)) continue;
    for (auto& v : scan_source("src/" + path, text)) all.push_back(std::move(v));
  }
  EXPECT_TRUE(all.empty()) << "host access outside src/vfs/host_backend*, src/cli, src/server:\n"
                           << describe(all);
}

TEST(GuardTree, PublicHeadersTouchNoHost) {
  fs::path inc = fs::path(KEFKA_SOURCE_DIR) / "include";
  std::vector<Violation> all;
  for (const auto& e : fs::recursive_directory_iterator(inc)) {
    if (!e.is_regular_file()) continue;
    for (auto& v : scan_source(e.path().generic_string(), slurp(e.path()))) all.push_back(v);
  }
  EXPECT_TRUE(all.empty()) << describe(all);
}

TEST(GuardTree, LayersIncludeOnlyLowerLayers) {
  std::vector<Violation> all;
  for (const auto& [path, text] : product_sources()) {
    for (auto& v : scan_layering(path, text)) all.push_back(std::move(v));
  }
  EXPECT_TRUE(all.empty()) << describe(all);
}

TEST(GuardTree, CompiledLayersReferenceNoHostSymbols) {
  fs::path bin(KEFKA_BINARY_DIR);
  std::string libs;
  for (const auto& e : fs::directory_iterator(bin)) {
    std::string name = e.path().filename();
    if (name.starts_with("libkefka") && name.ends_with(".a"))
      libs += " '" + e.path().string() + "'";
  }
  if (libs.empty()) GTEST_SKIP() << "no layer libraries in " << bin;
  std::string cmd = "nm -A -u -C" + libs + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ASSERT_EQ(pclose(p), 0) << cmd;
  ASSERT_FALSE(out.empty());
  auto v = undefined_host_symbols(out);
  EXPECT_TRUE(v.empty()) << describe(v);
}

}  // namespace
}  // namespace kefka::guard

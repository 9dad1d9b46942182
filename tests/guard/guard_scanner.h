// The guard rail: finds host file, process and network calls in product code,
// and includes that climb the layer ladder (base < vfs < commands < shell <
// sandbox < frontends).
//
// Two complementary checks:
//  - scan_source(): a lexical scan of one source file (comments and string
//    literals blanked out). It flags unqualified or global calls such as
//    `fopen(`, `::open(`, `std::system(`, host-only headers (<fstream>,
//    <dirent.h>, <sys/socket.h>...) and types (std::ifstream,
//    std::filesystem). Member calls (`vfs.open(`, `fs->stat(`), qualified
//    project names (`MemoryBackend::open(`) and declarations
//    (`Result<Stat> stat(...)`) are innocent.
//  - undefined_host_symbols(): the exact check, over `nm` output of the
//    compiled layer libraries: an object file referencing the C symbol `open`
//    calls the host's open(2), whatever the source looks like (macros,
//    unqualified calls inside classes that also have an `open` member...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kefka::guard {

struct Violation {
  std::string file;
  int line = 0;
  std::string what;  // e.g. "host call fopen(", "include <fstream>"
};

// Source text with comments and string/char literals replaced by spaces
// (newlines kept, so line numbers survive). Raw strings are handled.
std::string blank_comments_and_literals(std::string_view text);

// Host API uses in one file. `file` is only used to label the violations.
std::vector<Violation> scan_source(std::string_view file, std::string_view text);

// The layer of a path relative to src/ ("vfs/vfs.cpp") or of an include
// ("shell/shell.h", "kefka/sandbox.h"); -1 when unknown. Higher ranks sit
// above lower ones.
int layer_rank(std::string_view path);

// Includes in `text` (of the file at `path`, relative to src/) that name a
// higher layer than the file's own.
std::vector<Violation> scan_layering(std::string_view path, std::string_view text);

// True for product files allowed to touch the host (relative to src/).
bool host_access_allowed(std::string_view path);

// Parses the output of `nm -A -u` over static libraries ("lib.a:obj.o: U sym")
// and reports references to host symbols from objects not allowed to have them.
std::vector<Violation> undefined_host_symbols(std::string_view nm_output);

}  // namespace kefka::guard

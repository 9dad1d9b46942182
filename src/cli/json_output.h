// The --json result object of the CLI.
//
//   {"stdout": "...", "stderr": "...", "exit_code": 0}
//
// JSON strings hold Unicode text, but a script may print any bytes. When a
// stream is valid UTF-8 its field is the exact text. When it is not, the field
// holds the text with each invalid byte replaced by U+FFFD (readable, lossy),
// and an extra field "stdout_base64" / "stderr_base64" holds the exact bytes in
// standard base64 (RFC 4648). Consumers that need the bytes prefer *_base64
// when present.
#pragma once

#include <string>
#include <string_view>

#include "kefka/sandbox.h"

namespace kefka::cli {

bool is_valid_utf8(std::string_view s);
// Invalid sequences replaced by U+FFFD, one per invalid byte.
std::string replace_invalid_utf8(std::string_view s);
std::string base64_encode(std::string_view bytes);

// One line of JSON (with a trailing newline).
std::string result_to_json(const ExecResult& result);

}  // namespace kefka::cli

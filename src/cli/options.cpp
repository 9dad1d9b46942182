#include "cli/options.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <set>

namespace kefka::cli {
namespace {

constexpr std::string_view kProjectGuest = "/home/user/project";

std::optional<uint64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

// HOST:GUEST[:ro|:rw|:overlay]; the host part may itself hold colons only when
// a mode is given last, so split from the right.
std::optional<Mount> parse_mount(std::string_view spec, std::string& error) {
  Mount m;
  m.mode = Mount::Mode::ReadWrite;
  std::string_view rest = spec;
  size_t last = rest.rfind(':');
  if (last != std::string_view::npos) {
    std::string_view mode = rest.substr(last + 1);
    bool is_mode = true;
    if (mode == "ro") {
      m.mode = Mount::Mode::ReadOnly;
    } else if (mode == "rw") {
      m.mode = Mount::Mode::ReadWrite;
    } else if (mode == "overlay" || mode == "cow") {
      m.mode = Mount::Mode::Overlay;
    } else {
      is_mode = false;
    }
    if (is_mode) rest = rest.substr(0, last);
  }
  size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size()) {
    error = "--mount: expected HOST:GUEST[:ro|:rw|:overlay], got '" + std::string(spec) + "'";
    return std::nullopt;
  }
  m.host_path = rest.substr(0, colon);
  m.guest_path = rest.substr(colon + 1);
  if (m.guest_path.empty() || m.guest_path[0] != '/') {
    error = "--mount: the guest path must be absolute: '" + m.guest_path + "'";
    return std::nullopt;
  }
  return m;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
  uint64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        unit = 1ull << 10;
        break;
      case 'm':
      case 'M':
        unit = 1ull << 20;
        break;
      case 'g':
      case 'G':
        unit = 1ull << 30;
        break;
      case 't':
      case 'T':
        unit = 1ull << 40;
        break;
      default:
        break;
    }
    if (unit != 1) text.remove_suffix(1);
  }
  auto n = parse_count(text);
  if (!n || (*n != 0 && UINT64_MAX / *n < unit)) return std::nullopt;
  return *n * unit;
}

std::optional<std::chrono::milliseconds> parse_seconds(std::string_view text) {
  if (text.empty() || text.size() > 30) return std::nullopt;
  std::string s(text);
  char* end = nullptr;
  double seconds = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(seconds) || seconds < 0 || seconds > 1e9) {
    return std::nullopt;
  }
  auto ms = static_cast<int64_t>(std::ceil(seconds * 1000.0));
  return std::chrono::milliseconds(ms);
}

ParseResult parse_command_line(const std::vector<std::string>& argv, bool stdin_is_terminal) {
  CliOptions o;
  bool have_command = false;
  size_t i = 1;
  auto fail = [](std::string message) { return ParseResult{std::nullopt, std::move(message)}; };

  // Options taking a value, by long name.
  using Setter = std::function<std::string(const std::string&)>;  // returns an error or ""
  auto size_setter = [](uint64_t& field, const char* flag) {
    return [&field, flag](const std::string& v) -> std::string {
      auto n = parse_size(v);
      if (!n) return std::string(flag) + ": invalid size '" + v + "'";
      field = *n;
      return "";
    };
  };
  auto u32_setter = [](uint32_t& field, const char* flag) {
    return [&field, flag](const std::string& v) -> std::string {
      auto n = parse_count(v);
      if (!n || *n > UINT32_MAX) return std::string(flag) + ": invalid number '" + v + "'";
      field = static_cast<uint32_t>(*n);
      return "";
    };
  };
  Limits& lim = o.sandbox.limits;
  std::map<std::string, Setter, std::less<>> valued = {
      {"--root",
       [&](const std::string& v) {
         o.sandbox.mounts.push_back({v, std::string(kProjectGuest), Mount::Mode::Overlay});
         o.sandbox.cwd = kProjectGuest;
         return std::string();
       }},
      {"--rw",
       [&](const std::string& v) {
         o.sandbox.mounts.push_back({v, std::string(kProjectGuest), Mount::Mode::ReadWrite});
         o.sandbox.cwd = kProjectGuest;
         return std::string();
       }},
      {"--mount",
       [&](const std::string& v) {
         std::string err;
         auto m = parse_mount(v, err);
         if (m) o.sandbox.mounts.push_back(*m);
         return err;
       }},
      {"--cwd",
       [&](const std::string& v) {
         o.sandbox.cwd = v;
         return std::string();
       }},
      {"--timeout",
       [&](const std::string& v) {
         auto t = parse_seconds(v);
         if (!t) return "--timeout: invalid number of seconds '" + v + "'";
         lim.timeout = *t;
         return std::string();
       }},
      {"--env",
       [&](const std::string& v) {
         std::string name = v.substr(0, v.find('='));
         bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
                      name.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789_") == std::string::npos;
         if (!valid) return "--env: `" + name + "': not a valid identifier";
         o.env_flags.push_back(v);
         return std::string();
       }},
      {"--commands",
       [&](const std::string& v) {
         o.sandbox.enabled_commands = split_list(v);
         return std::string();
       }},
      {"--max-output", size_setter(lim.max_output_bytes, "--max-output")},
      {"--max-commands", size_setter(lim.max_commands, "--max-commands")},
      {"--max-loop-iterations", size_setter(lim.max_loop_iterations, "--max-loop-iterations")},
      {"--max-call-depth", u32_setter(lim.max_call_depth, "--max-call-depth")},
      {"--max-string", size_setter(lim.max_string_bytes, "--max-string")},
      {"--max-fs-bytes", size_setter(lim.max_fs_bytes, "--max-fs-bytes")},
      {"--max-files", size_setter(lim.max_files, "--max-files")},
      {"--max-file-size", size_setter(lim.max_file_size, "--max-file-size")},
      {"--max-path-depth", u32_setter(lim.max_path_depth, "--max-path-depth")},
  };

  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg == "-c") {
      if (i + 1 >= argv.size()) return fail("-c: option requires an argument");
      o.command = argv[++i];
      have_command = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      o.mode = CliOptions::Mode::Help;
      return {std::move(o), ""};
    }
    if (arg == "-V" || arg == "--version") {
      o.mode = CliOptions::Mode::Version;
      return {std::move(o), ""};
    }
    if (arg == "--json") {
      o.json = true;
      continue;
    }
    if (arg == "--inherit-env") {
      o.inherit_env = true;
      continue;
    }
    if (arg == "--wasm-interpret") {
      o.wasm_interpret = true;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      std::string name = arg;
      std::optional<std::string> value;
      if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
      }
      auto it = valued.find(name);
      if (it == valued.end()) {
        return fail("unrecognized option '" + arg + "'\nTry 'kefka --help' for more information.");
      }
      if (!value) {
        if (i + 1 >= argv.size()) return fail("option '" + name + "' requires an argument");
        value = argv[++i];
      }
      if (std::string err = it->second(*value); !err.empty()) return fail(err);
      continue;
    }
    break;  // the first operand
  }

  std::vector<std::string> operands(argv.begin() + static_cast<long>(i), argv.end());
  if (have_command) {
    o.mode = CliOptions::Mode::Command;
    if (!operands.empty()) {
      o.name = operands[0];
      o.args.assign(operands.begin() + 1, operands.end());
    }
  } else if (!operands.empty()) {
    o.mode = CliOptions::Mode::ScriptFile;
    o.script_path = operands[0];
    o.name = operands[0];
    o.args.assign(operands.begin() + 1, operands.end());
  } else {
    o.mode = stdin_is_terminal ? CliOptions::Mode::Repl : CliOptions::Mode::ScriptOnStdin;
  }
  if (o.name.empty()) o.name = "bash";
  return {std::move(o), ""};
}

void apply_environment(CliOptions& options, char** host_environ) {
  std::map<std::string, std::string> host;
  for (char** e = host_environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    host.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  auto& env = options.sandbox.env;
  if (options.inherit_env) {
    // The sandbox keeps its own identity and paths: the host's HOME or PWD
    // name places that do not exist inside.
    static const std::set<std::string, std::less<>> kSandboxOwned = {
        "HOME", "PWD", "OLDPWD", "PATH", "USER", "LOGNAME", "SHELL", "HOSTNAME", "SHLVL", "_"};
    for (const auto& [k, v] : host) {
      if (!kSandboxOwned.count(k)) env[k] = v;
    }
  }
  for (const std::string& flag : options.env_flags) {
    size_t eq = flag.find('=');
    if (eq != std::string::npos) {
      env[flag.substr(0, eq)] = flag.substr(eq + 1);
    } else if (auto it = host.find(flag); it != host.end()) {
      env[flag] = it->second;  // NAME alone: the host's value, when it has one
    }
  }
}

std::string help_text() {
  return R"(Usage: kefka [OPTION]... [-c SCRIPT [NAME [ARG]...] | FILE [ARG]...]
Run bash scripts in a sandbox: an in-memory filesystem and built-in commands,
with no access to the host beyond the folders you mount.

With no SCRIPT or FILE: an interactive shell when standard input is a terminal,
otherwise the script read from standard input.

  -c SCRIPT              run SCRIPT; NAME becomes $0 and ARGs $1...
  FILE [ARG]...          run the host file FILE as a script
      --root DIR         copy-on-write view of the host folder DIR at
                         /home/user/project (the working directory); changes
                         stay in memory, DIR is never modified
      --rw DIR           the host folder DIR, writable, at /home/user/project
      --mount HOST:GUEST[:ro|:rw|:overlay]
                         mount the host folder HOST at GUEST (default rw);
                         repeatable
      --cwd DIR          start in DIR (inside the sandbox)
      --env NAME[=VALUE] pass a variable (NAME alone: the host's value)
      --inherit-env      pass the host environment, except HOME, PWD, OLDPWD,
                         PATH, USER, LOGNAME, SHELL, HOSTNAME, SHLVL (by
                         default nothing from the host environment is passed)
      --commands LIST    only these commands exist (comma-separated)
      --timeout SECONDS  stop the script after SECONDS (fractions allowed);
                         status 124
      --max-output BYTES        limit stdout+stderr (K, M, G suffixes)
      --max-commands N          limit the commands run
      --max-loop-iterations N   limit loop iterations
      --max-call-depth N        limit function nesting (default 1000)
      --max-string BYTES        limit one shell string
      --max-fs-bytes BYTES      in-memory filesystem size (default 1G)
      --max-files N             in-memory files (default 1000000)
      --max-file-size BYTES     size of one file
      --max-path-depth N        directory depth (default 256)
      --wasm-interpret   run .wasm files with the built-in interpreter instead
                         of compiling them with the host's wasm2c and cc
                         (slower; the default when no compiler is installed)
      --json             print one JSON object {"stdout","stderr","exit_code"}
                         instead of streaming the output (see docs/API.md)
  -h, --help             display this help and exit
  -V, --version          output version information and exit

A limit that is hit stops the script with a message naming it (status 125).
The exit status is the script's exit status; 2 for usage errors of kefka.
)";
}

}  // namespace kefka::cli

// env: run a program in a modified environment (GNU coreutils 9.1): -i, -u,
// -0, -C, -S, NAME=VALUE operands; the program runs through ctx.executor.
#include <cstring>

#include "commands/command.h"
#include "commands/common/util.h"

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "argv0", ArgKind::Required, "ARG", "pass ARG as the zeroth argument of COMMAND"},
    {'i', "ignore-environment", ArgKind::None, "", "start with an empty environment"},
    {'0', "null", ArgKind::None, "", "end each output line with NUL, not newline"},
    {'u', "unset", ArgKind::Required, "NAME", "remove variable from the environment"},
    {'C', "chdir", ArgKind::Required, "DIR", "change working directory to DIR"},
    {'S', "split-string", ArgKind::Required, "S",
     "process and split S into separate arguments;\n  used to pass multiple arguments on shebang "
     "lines"},
    {'v', "debug", ArgKind::None, "", "print verbose information for each processing step"},
};

// -S: split on blanks with simple quoting ('...', "...", backslash escapes).
bool split_string(std::string_view s, std::vector<std::string>& out, std::string& error) {
  std::string cur;
  bool have = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (have) out.push_back(cur);
      cur.clear();
      have = false;
    } else if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) {
        error = "no terminating quote in -S string";
        return false;
      }
      cur.append(s.substr(i + 1, end - i - 1));
      have = true;
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        cur += s[j];
      }
      if (j >= s.size()) {
        error = "no terminating quote in -S string";
        return false;
      }
      have = true;
      i = j;
    } else if (c == '\\' && i + 1 < s.size()) {
      char e = s[++i];
      cur += e == 'n' ? '\n' : e == 't' ? '\t' : e == '_' ? ' ' : e;
      have = true;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push_back(cur);
  return true;
}

int run(Context& ctx, const Args& args) {
  Environment env = ctx.env;
  char eol = '\n';
  std::vector<std::string> operands;
  std::string chdir_to;
  const std::string* argv0 = nullptr;
  for (const auto& o : args.options) {
    switch (o.spec->short_name) {
      case 'i':
        env.clear();
        break;
      case '0':
        eol = '\0';
        break;
      case 'a':
        argv0 = &o.value;
        break;
      case 'u':
        if (o.value.empty() || o.value.find('=') != std::string::npos) {
          ctx.error("cannot unset " + quote(o.value) + ": Invalid argument");
          return 125;
        }
        env.erase(o.value);
        break;
      case 'C':
        chdir_to = o.value;
        break;
      case 'S': {
        std::string error;
        if (!split_string(o.value, operands, error)) {
          ctx.error(error);
          return 125;
        }
        break;
      }
      default:
        break;
    }
  }
  std::vector<std::string> rest = args.operands;
  // A lone "-" before the operands means -i (obsolete form).
  if (!rest.empty() && rest[0] == "-") {
    env.clear();
    rest.erase(rest.begin());
  }
  operands.insert(operands.end(), rest.begin(), rest.end());
  size_t i = 0;
  for (; i < operands.size(); ++i) {
    size_t eq = operands[i].find('=');
    // GNU env takes "=VALUE" (an empty name) as an assignment too.
    if (eq == std::string::npos) break;
    env[operands[i].substr(0, eq)] = operands[i].substr(eq + 1);
  }
  if (i == operands.size()) {
    if (!chdir_to.empty()) {
      ctx.error("must specify command with --chdir (-C)");
      ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
      return 125;
    }
    for (const auto& [k, v] : env) ctx.out() << k << '=' << v << eol;
    return kExitSuccess;
  }
  if (eol == '\0') {
    ctx.error("cannot specify --null (-0) with command");
    ctx.err() << "Try '" << ctx.name() << " --help' for more information.\n";
    return 125;
  }
  std::vector<std::string> argv(operands.begin() + static_cast<ptrdiff_t>(i), operands.end());
  if (argv0 != nullptr) argv[0] = *argv0;
  if (!chdir_to.empty()) {
    auto st = ctx.fs.stat(chdir_to);
    if (!st || !st->is_dir()) {
      ctx.error("cannot change directory to " + quote(chdir_to) + ": " +
                std::strerror(st ? ENOTDIR : st.error()));
      return 125;
    }
    ctx.fs.caller().cwd = ctx.fs.absolute(chdir_to);
    env["PWD"] = ctx.fs.caller().cwd;
  }
  if (ctx.executor == nullptr) {
    ctx.error(quote(argv[0]) + ": No such file or directory");
    return kExitNotFound;
  }
  ctx.flush_output();
  return ctx.executor->run_program(ctx, argv, env, ctx.fds);
}

}  // namespace
}  // namespace kefka::cmd

using namespace kefka::cmd;

KEFKA_COMMAND(env,
              {
                  .name = "env",
                  .usage = "env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]",
                  .summary = "Set each NAME to VALUE in the environment and run COMMAND.",
                  .options = kOptions,
                  .main = run,
                  .flags = kStopAtFirstOperand | kUsageStatus125,
                  .epilog = "A mere - implies -i.  If no COMMAND, print the resulting environment.",
              });

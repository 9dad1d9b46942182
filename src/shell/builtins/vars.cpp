// declare typeset local export readonly unset shift set shopt
#include <algorithm>
#include <cstring>

#include "shell/builtins/builtins.h"
#include "shell/builtins/flags.h"
#include "shell/lexer.h"
#include "shell/parser.h"
#include "shell/posix.h"
#include "shell/printer.h"
#include "shell/util.h"

namespace kefka::shell {

namespace {

std::string dq_quote(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return quote_for_reuse(s);
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\' || c == '$' || c == '`') out.push_back('\\');
    out.push_back(c);
  }
  out += "\"";
  return out;
}

std::string attr_flags(const Variable& v) {
  std::string s;
  if (v.attrs & kAttrIndexed) s += 'a';
  if (v.attrs & kAttrAssoc) s += 'A';
  if (v.attrs & kAttrInteger) s += 'i';
  if (v.attrs & kAttrLower) s += 'l';
  if (v.attrs & kAttrNameref) s += 'n';
  if (v.attrs & kAttrReadonly) s += 'r';
  if (v.attrs & kAttrUpper) s += 'u';
  if (v.attrs & kAttrExport) s += 'x';
  return s.empty() ? "-" : s;
}

std::string declaration(const std::string& name, const Variable& v) {
  std::string line = "declare -" + attr_flags(v) + " " + name;
  if (!v.set) return line;
  if (v.is_assoc()) {
    line += "=(";
    for (const auto& k : v.assoc_keys()) {
      auto it = v.assoc.find(k);
      if (it == v.assoc.end()) continue;
      line += "[" + (k.find_first_of(" \t\n\"'\\$`") == std::string::npos ? k : dq_quote(k)) +
              "]=" + dq_quote(it->second) + " ";
    }
    line += ")";
    return line;
  }
  if (v.is_array()) {
    line += "=(";
    bool first = true;
    for (const auto& [i, s] : v.indexed) {
      if (!first) line += " ";
      first = false;
      line += "[" + std::to_string(i) + "]=" + dq_quote(s);
    }
    line += ")";
    return line;
  }
  return line + "=" + dq_quote(v.value);
}

bool split_assignment(const std::string& arg, std::string& name, std::string& value,
                      bool& has_value, bool& append) {
  size_t eq = arg.find('=');
  has_value = eq != std::string::npos;
  append = false;
  name = has_value ? arg.substr(0, eq) : arg;
  if (has_value) {
    value = arg.substr(eq + 1);
    if (!name.empty() && name.back() == '+') {
      append = true;
      name.pop_back();
    }
  }
  std::string base = name.substr(0, name.find('['));
  return is_valid_name(base);
}

struct DeclareFlags {
  uint16_t set = 0;
  uint16_t unset = 0;
  bool print = false;
  bool functions = false;
  bool function_names = false;
  bool global = false;
};

int declare_impl(ShellState& st, Args& argv, const char* name, bool local, uint16_t forced) {
  if (local && st.call_depth_ == 0) {  // checked before the options, as bash does
    st.error(std::string(name) + ": can only be used in a function");
    return 1;
  }
  DeclareFlags f;
  f.set = forced;
  Args named = argv;
  named[0] = name;  // `readonly` runs declare_impl with its own name
  auto flags = parse_flags(st, named, "aAfFgiIlnprtux", true);
  if (!flags) return 2;
  size_t i = flags->next;
  auto attribute = [](char c) -> uint16_t {
    switch (c) {
      case 'a':
        return kAttrIndexed;
      case 'A':
        return kAttrAssoc;
      case 'i':
        return kAttrInteger;
      case 'l':
        return kAttrLower;
      case 'u':
        return kAttrUpper;
      case 'n':
        return kAttrNameref;
      case 'r':
        return kAttrReadonly;
      case 'x':
        return kAttrExport;
      default:
        return 0;
    }
  };
  for (char c : flags->on) f.set |= attribute(c);
  for (char c : flags->off) f.unset |= attribute(c);
  f.print = flags->has('p') || flags->has_off('p');
  f.functions = flags->has('f') || flags->has_off('f');
  f.function_names = flags->has('F') || flags->has_off('F');
  f.global = flags->has('g') || flags->has_off('g');
  if (f.functions || f.function_names) {
    int status = 0;
    if (i >= argv.size()) {
      for (const auto& [fname, info] : *st.functions_) {
        if (f.function_names) {
          st.out("declare -f " + fname + "\n");
        } else {
          const auto& def = std::get<FunctionDef>(info.def->node);
          st.out(print_function(fname, *def.body) + "\n");
        }
      }
      return 0;
    }
    for (; i < argv.size(); ++i) {
      if (!st.functions_->count(argv[i])) {
        status = 1;
        continue;
      }
      if (f.function_names) {
        st.out(argv[i] + "\n");
      } else {
        const auto& def = std::get<FunctionDef>(st.functions_->at(argv[i]).def->node);
        st.out(print_function(argv[i], *def.body) + "\n");
      }
    }
    return status;
  }
  if (i >= argv.size() && (f.print || (f.set == forced && f.unset == 0))) {
    // `local` / `local -p` list only the function's own variables.
    std::vector<std::string> names;
    if (local) {
      for (const auto& entry : *st.scopes_.back()) names.push_back(entry.first);
      std::sort(names.begin(), names.end());
    } else {
      names = st.var_names();
    }
    for (const auto& n : names) {
      const Variable* v = st.find_var(n);
      if (v == nullptr) continue;
      if (f.set && (v->attrs & f.set) != f.set) continue;
      st.out(declaration(n, *v) + "\n");
    }
    return 0;
  }
  if (f.print) {
    int status = 0;
    for (; i < argv.size(); ++i) {
      const Variable* v = st.find_var(argv[i]);
      if (v == nullptr) {
        st.error(std::string(name) + ": " + argv[i] + ": not found");
        status = 1;
        continue;
      }
      st.out(declaration(argv[i], *v) + "\n");
    }
    return status;
  }
  bool in_function = st.call_depth_ > 0 && !f.global;
  int status = 0;
  for (; i < argv.size(); ++i) {
    std::string var, value;
    bool has_value, append;
    if (local && argv[i] == "-") {
      st.saved_set_options_.emplace(st.call_depth_, st.opt_);
      continue;
    }
    if (!split_assignment(argv[i], var, value, has_value, append)) {
      st.error(std::string(name) + ": `" + argv[i] + "': not a valid identifier");
      status = 1;
      continue;
    }
    // name=(...) compound assignment: re-lex the original text.
    if (has_value && value.size() >= 2 && value.front() == '(' && value.back() == ')') {
      Lexer lex(argv[i]);
      Token tok = lex.next();
      if (tok.is_assign && tok.assign_array) {
        Assignment a;
        a.name = tok.assign_name;
        a.array = true;
        a.append = tok.assign_append;
        a.items = std::move(tok.assign_items);
        Variable& v = in_function || local ? st.create_local(var) : st.global_var(var);
        v.attrs |= f.set & (kAttrAssoc | kAttrIndexed);
        try {
          st.assign(a, in_function || local, f.set);
        } catch (const ShellError&) {
          status = 1;
        }
        continue;
      }
    }
    bool existed = st.find_var(var) != nullptr;
    Variable* v;
    if (in_function || local) {
      const Variable* outer = st.find_var(var);
      if (outer != nullptr && (outer->attrs & kAttrReadonly)) {
        st.error(std::string(name) + ": " + var + ": readonly variable");
        status = 1;
        continue;
      }
      v = &st.create_local(var);
    } else {
      v = st.find_var_mut(var);
      if (v == nullptr) {
        v = &st.global_var(var);
        v->set = false;
      }
    }
    if (f.set & kAttrNameref) {
      // The reference must name a variable (or an array element) before the
      // attribute is given; bash leaves the variable as it was otherwise.
      const std::string& target = has_value ? value : (v->set ? v->value : std::string());
      std::string base = target.substr(0, target.find('['));
      if (!target.empty() && !is_valid_name(base)) {
        st.error(std::string(name) + ": `" + target +
                 "': invalid variable name for name reference");
        if (!existed) st.unset_var(var);
        status = 1;
        continue;
      }
    }
    if ((v->attrs & kAttrReadonly) && (has_value || (f.unset & kAttrReadonly))) {
      st.error(var + ": readonly variable");
      posix_special_failed(st, name, 1);
      status = 1;
      continue;
    }
    if ((f.unset & (kAttrIndexed | kAttrAssoc)) && v->is_array()) {
      st.error(std::string(name) + ": " + var + ": cannot destroy array variables in this way");
      status = 1;
      continue;
    }
    if ((f.set & kAttrAssoc) && v->is_array() && !v->is_assoc() && v->set) {
      st.error(std::string(name) + ": " + var + ": cannot convert indexed to associative array");
      status = 1;
      continue;
    }
    uint16_t keep_readonly = f.set & kAttrReadonly;
    v->attrs |= static_cast<uint16_t>(f.set & ~kAttrReadonly);
    v->attrs &= static_cast<uint16_t>(~f.unset);
    if (f.set & kAttrUpper) v->attrs &= static_cast<uint16_t>(~kAttrLower);
    if (f.set & kAttrLower) v->attrs &= static_cast<uint16_t>(~kAttrUpper);
    if ((f.set & (kAttrIndexed | kAttrAssoc)) && !v->is_array()) {
      // Converting a scalar keeps its value as element 0.
    }
    if ((f.set & kAttrIndexed) && v->set && v->indexed.empty() && !v->value.empty()) {
      v->indexed[0] = std::move(v->value);
      v->value.clear();
    }
    if ((f.set & (kAttrIndexed | kAttrAssoc)) && !has_value) v->set = true;
    if (has_value && (f.set & kAttrNameref)) {
      // declare -n ref=NAME points ref at NAME, even when ref already is a
      // reference (an assignment would go through it).
      v->value = value;
      v->set = true;
    } else if (has_value) {
      size_t br = var.find('[');
      bool ok = br != std::string::npos
                    ? st.set_element(var.substr(0, br), var.substr(br + 1, var.size() - br - 2),
                                     value, append)
                    : st.set_var(var, value, append);
      if (!ok) status = 1;
    } else if ((f.set & (kAttrLower | kAttrUpper)) && v->set && !v->is_array()) {
      v->value = st.apply_case_attrs(*v, v->value);
    }
    if (keep_readonly) {
      Variable* again = st.find_var_mut(var.substr(0, var.find('[')));
      if (again) again->attrs |= kAttrReadonly;
    }
  }
  return status;
}

}  // namespace

int b_declare(ShellState& st, Args& argv) {
  return declare_impl(st, argv, argv[0].c_str(), false, 0);
}
int b_local(ShellState& st, Args& argv) {
  return declare_impl(st, argv, "local", true, 0);
}

namespace {

// `export -p` / `readonly -p` lines: POSIX mode writes "export NAME=..."
// where bash writes "declare -x NAME=...".
std::string listing(ShellState& st, const char* builtin, const std::string& name,
                    const Variable& v) {
  std::string line = declaration(name, v);
  if (!st.opt_.posix) return line;
  size_t name_at = line.find(' ', sizeof "declare" - 1 + 1);
  return builtin + line.substr(name_at);
}

}  // namespace

int b_export(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "fnp");
  if (!flags) return 2;
  size_t i = flags->next;
  bool remove = flags->has('n');
  bool print = flags->has('p');
  if (i >= argv.size()) {
    for (const auto& n : st.var_names()) {
      const Variable* v = st.find_var(n);
      if (v && (v->attrs & kAttrExport)) st.out(listing(st, "export", n, *v) + "\n");
    }
    (void)print;
    return 0;
  }
  int status = 0;
  if (flags->has('f')) {
    // Functions are not passed to other programs here; only their names
    // are checked.
    for (; i < argv.size(); ++i) {
      if (!st.functions_->count(argv[i])) {
        st.error("export: " + argv[i] + ": not a function");
        status = 1;
      }
    }
    return status;
  }
  for (; i < argv.size(); ++i) {
    std::string var, value;
    bool has_value, append;
    if (!split_assignment(argv[i], var, value, has_value, append)) {
      st.error("export: `" + argv[i] + "': not a valid identifier");
      status = 1;
      continue;
    }
    if (has_value && !st.set_var(var, value, append)) {
      posix_special_failed(st, "export", 1);
      status = 1;
      continue;
    }
    Variable* v = st.find_var_mut(var);
    if (v == nullptr) {
      v = &st.global_var(var);
      v->set = false;
    }
    if (remove)
      v->attrs &= static_cast<uint16_t>(~kAttrExport);
    else
      v->attrs |= kAttrExport;
  }
  return status;
}

int b_readonly(ShellState& st, Args& argv) {
  Args args{"readonly"};
  std::string flags = "-r";
  auto parsed = parse_flags(st, argv, "aAfp");
  if (!parsed) return 2;
  size_t i = parsed->next;
  bool print = parsed->has('p');
  for (char c : parsed->on) {
    if (c == 'a' || c == 'A') flags += c;
  }
  if (i >= argv.size() || print) {
    for (const auto& n : st.var_names()) {
      const Variable* v = st.find_var(n);
      if (v && (v->attrs & kAttrReadonly)) st.out(listing(st, "readonly", n, *v) + "\n");
    }
    return 0;
  }
  args.push_back(flags);
  args.push_back("-g");
  args.push_back("--");
  for (; i < argv.size(); ++i) args.push_back(argv[i]);
  return declare_impl(st, args, "readonly", false, 0);
}

int b_unset(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "fnv");
  if (!flags) return 2;
  size_t i = flags->next;
  if (flags->has('f') && flags->has('v')) {
    return builtin_error(st, "unset", "cannot simultaneously unset a function and a variable");
  }
  bool functions = flags->has('f');
  bool only_vars = flags->has('v');
  bool nameref = flags->has('n');
  int status = 0;
  for (; i < argv.size(); ++i) {
    const std::string& name = argv[i];
    if (functions) {
      if (st.functions_.use_count() > 1)
        st.functions_ = std::make_shared<std::map<std::string, FunctionInfo>>(*st.functions_);
      st.functions_->erase(name);
      continue;
    }
    size_t br = name.find('[');
    if (br != std::string::npos && name.back() == ']') {
      std::string base = st.resolve_nameref(name.substr(0, br));
      std::string key = name.substr(br + 1, name.size() - br - 2);
      Variable* v = st.find_var_mut(base);
      if (v == nullptr) continue;
      if (v->attrs & kAttrReadonly) {
        st.error("unset: " + base + ": cannot unset: readonly variable");
        status = 1;
        continue;
      }
      if (key == "@" || key == "*") {
        st.unset_var(base);
      } else if (v->is_assoc()) {
        v->assoc.erase(key);
        v->assoc_order.erase(std::remove(v->assoc_order.begin(), v->assoc_order.end(), key),
                             v->assoc_order.end());
      } else if (v->is_array()) {
        int64_t idx = st.arith(key);
        if (idx < 0 && !v->indexed.empty()) idx += v->indexed.rbegin()->first + 1;
        v->indexed.erase(idx);
      } else if (st.arith(key) == 0) {
        st.unset_var(base);
      }
      continue;
    }
    if (!is_valid_name(name) && !only_vars && !nameref) {
      // Without -v, bash falls back to unsetting a function of that name.
      if (st.functions_.use_count() > 1)
        st.functions_ = std::make_shared<std::map<std::string, FunctionInfo>>(*st.functions_);
      st.functions_->erase(name);
      continue;
    }
    if (!is_valid_name(name)) {
      st.error("unset: `" + name + "': not a valid identifier");
      status = 1;
      continue;
    }
    std::string target = nameref ? name : st.resolve_nameref(name);
    const Variable* v = st.find_var(target);
    if (v == nullptr && !nameref && st.functions_->count(name)) {
      if (st.functions_.use_count() > 1)
        st.functions_ = std::make_shared<std::map<std::string, FunctionInfo>>(*st.functions_);
      st.functions_->erase(name);
      continue;
    }
    if (!st.unset_var(target)) status = 1;
  }
  return status;
}

int b_shift(ShellState& st, Args& argv) {
  int64_t n = 1;
  if (argv.size() > 1) {
    if (!parse_int(argv[1], n)) {
      st.error("shift: " + argv[1] + ": numeric argument required");
      return 1;
    }
  }
  if (n < 0) {
    st.error("shift: " + std::to_string(n) + ": shift count out of range");
    return 1;
  }
  if (static_cast<size_t>(n) > st.positional_.size()) {
    // POSIX mode turns on shift_verbose.
    if (st.opt_.posix) st.error("shift: " + std::to_string(n) + ": shift count out of range");
    return 1;
  }
  st.positional_.erase(st.positional_.begin(), st.positional_.begin() + n);
  return 0;
}

namespace {

struct OptionRef {
  const char* name;
  char letter;
  bool Options::*field;
};

constexpr OptionRef kSetOptions[] = {
    {"allexport", 'a', &Options::allexport}, {"errexit", 'e', &Options::errexit},
    {"errtrace", 'E', &Options::errtrace},   {"noclobber", 'C', &Options::noclobber},
    {"noexec", 'n', &Options::noexec},       {"noglob", 'f', &Options::noglob},
    {"nounset", 'u', &Options::nounset},     {"pipefail", 0, &Options::pipefail},
    {"posix", 0, &Options::posix},           {"verbose", 'v', &Options::verbose},
    {"xtrace", 'x', &Options::xtrace},
};

constexpr OptionRef kShoptOptions[] = {
    {"dotglob", 0, &Options::dotglob},
    {"expand_aliases", 0, &Options::expand_aliases},
    {"extglob", 0, &Options::extglob},
    {"failglob", 0, &Options::failglob},
    {"globskipdots", 0, &Options::globskipdots},
    {"globstar", 0, &Options::globstar},
    {"inherit_errexit", 0, &Options::inherit_errexit},
    {"lastpipe", 0, &Options::lastpipe},
    {"nocaseglob", 0, &Options::nocaseglob},
    {"nocasematch", 0, &Options::nocasematch},
    {"nullglob", 0, &Options::nullglob},
    {"xpg_echo", 0, &Options::xpg_echo},
};

// Accepted and ignored: options that have no effect in the sandbox, with the
// value `set -o` shows for them (a non-interactive bash's).
struct IgnoredOption {
  const char* name;
  bool shown_on;
};
constexpr IgnoredOption kIgnoredSetOptions[] = {
    {"braceexpand", true}, {"emacs", false},
    {"functrace", false},  {"hashall", true},
    {"histexpand", false}, {"history", false},
    {"ignoreeof", false},  {"interactive-comments", true},
    {"keyword", false},    {"monitor", false},
    {"nolog", false},      {"notify", false},
    {"onecmd", false},     {"physical", false},
    {"privileged", false}, {"vi", false}};

// `set -o` (a table) or `set +o` (commands that restore the settings): every
// option bash has, in its alphabetical order.
void list_set_options(ShellState& st, bool as_table) {
  std::vector<std::pair<std::string, bool>> all;
  for (const auto& o : kSetOptions) all.emplace_back(o.name, st.opt_.*o.field);
  for (const auto& o : kIgnoredSetOptions) all.emplace_back(o.name, o.shown_on);
  std::sort(all.begin(), all.end());
  std::string text;
  for (const auto& [name, on] : all) {
    if (as_table) {
      char buf[64];
      snprintf(buf, sizeof buf, "%-15s\t%s\n", name.c_str(), on ? "on" : "off");
      text += buf;
    } else {
      text += std::string("set ") + (on ? "-o " : "+o ") + name + "\n";
    }
  }
  st.out(text);
}

// `set -o NAME` / `set +o NAME`; false for an unknown name.
bool set_named_option(ShellState& st, const std::string& name, bool on) {
  for (const auto& o : kSetOptions) {
    if (name != o.name) continue;
    if (o.field == &Options::posix) {
      set_posix_mode(st, on);
    } else {
      st.opt_.*o.field = on;
    }
    return true;
  }
  for (const auto& o : kIgnoredSetOptions) {
    if (name == o.name) return true;
  }
  return false;
}

void list_variables(ShellState& st) {
  for (const auto& n : st.var_names()) {
    const Variable* v = st.find_var(n);
    if (v == nullptr || !v->set) continue;
    if (v->is_array()) {
      std::string d = declaration(n, *v);
      st.out(n + d.substr(d.find('=')) + "\n");
    } else if (st.opt_.posix) {
      st.out(n + "=" + quote_posix_set_value(v->value) + "\n");
    } else {
      st.out(n + "=" + quote_for_reuse(v->value) + "\n");
    }
  }
  // bash lists the functions after the variables, except in POSIX mode.
  if (st.opt_.posix) return;
  for (const auto& [fname, info] : *st.functions_) {
    const auto& def = std::get<FunctionDef>(info.def->node);
    st.out(print_function(fname, *def.body) + "\n");
  }
}

}  // namespace

int b_set(ShellState& st, Args& argv) {
  if (argv.size() == 1) {
    list_variables(st);
    return 0;
  }
  // The letters bash's set accepts; those kefka has no use for are ignored.
  auto flags = parse_flags(st, argv, "abefhkmnptuvxBCEHPTo?", true);
  if (!flags) return 2;
  for (const auto& item : flags->items) {
    if (item.letter == 'o') {
      if (!item.value) {
        list_set_options(st, item.on);
      } else if (!set_named_option(st, *item.value, item.on)) {
        st.error("set: " + *item.value + ": invalid option name");
        return 2;
      }
      continue;
    }
    for (const auto& o : kSetOptions) {
      if (o.letter == item.letter) st.opt_.*o.field = item.on;
    }
  }
  size_t i = flags->next;
  if (!flags->end_of_options && i < argv.size() && argv[i] == "-") {
    // `set -`: the end of the options, and -x and -v go off.
    st.opt_.xtrace = false;
    st.opt_.verbose = false;
    ++i;
  }
  if (flags->end_of_options || i < argv.size()) {
    st.positional_.assign(argv.begin() + static_cast<long>(i), argv.end());
  }
  return 0;
}

namespace {

// shopt options kefka has no use for, with the value a non-interactive
// bash 5.2 shows (shift_verbose follows POSIX mode).
constexpr IgnoredOption kIgnoredShoptOptions[] = {{"autocd", false},
                                                  {"assoc_expand_once", false},
                                                  {"cdable_vars", false},
                                                  {"cdspell", false},
                                                  {"checkhash", false},
                                                  {"checkjobs", false},
                                                  {"checkwinsize", true},
                                                  {"cmdhist", true},
                                                  {"compat31", false},
                                                  {"compat32", false},
                                                  {"compat40", false},
                                                  {"compat41", false},
                                                  {"compat42", false},
                                                  {"compat43", false},
                                                  {"compat44", false},
                                                  {"complete_fullquote", true},
                                                  {"direxpand", false},
                                                  {"dirspell", false},
                                                  {"execfail", false},
                                                  {"extdebug", false},
                                                  {"extquote", true},
                                                  {"force_fignore", true},
                                                  {"globasciiranges", true},
                                                  {"gnu_errfmt", false},
                                                  {"histappend", false},
                                                  {"histreedit", false},
                                                  {"histverify", false},
                                                  {"hostcomplete", true},
                                                  {"huponexit", false},
                                                  {"interactive_comments", true},
                                                  {"lithist", false},
                                                  {"localvar_inherit", false},
                                                  {"localvar_unset", false},
                                                  {"login_shell", false},
                                                  {"mailwarn", false},
                                                  {"no_empty_cmd_completion", false},
                                                  {"noexpand_translation", false},
                                                  {"patsub_replacement", true},
                                                  {"progcomp", true},
                                                  {"progcomp_alias", false},
                                                  {"promptvars", true},
                                                  {"restricted_shell", false},
                                                  {"sourcepath", true},
                                                  {"varredir_close", false}};

// One option as shopt shows it; `field` is null for the ignored ones.
struct ShownOption {
  std::string name;
  bool on;
  bool Options::*field;
};

// The options of `shopt` (or, with -o, of `set -o`) in bash's order.
std::vector<ShownOption> shopt_table(const ShellState& st, bool set_options) {
  std::vector<ShownOption> all;
  if (set_options) {
    for (const auto& o : kSetOptions) all.push_back({o.name, st.opt_.*o.field, o.field});
    for (const auto& o : kIgnoredSetOptions) all.push_back({o.name, o.shown_on, nullptr});
  } else {
    for (const auto& o : kShoptOptions) all.push_back({o.name, st.opt_.*o.field, o.field});
    for (const auto& o : kIgnoredShoptOptions) all.push_back({o.name, o.shown_on, nullptr});
    all.push_back({"shift_verbose", st.opt_.posix, nullptr});
  }
  // Alphabetical, except that bash's shopt table starts with autocd.
  auto key = [](const ShownOption& o) { return o.name == "autocd" ? std::string() : o.name; };
  std::sort(all.begin(), all.end(),
            [&](const ShownOption& a, const ShownOption& b) { return key(a) < key(b); });
  return all;
}

}  // namespace

int b_shopt(ShellState& st, Args& argv) {
  auto flags = parse_flags(st, argv, "pqsuo");
  if (!flags) return 2;
  bool set = flags->has('s'), unset = flags->has('u'), quiet = flags->has('q');
  bool print = flags->has('p'), o_mode = flags->has('o');
  if (set && unset) {
    return builtin_error(st, "shopt", "cannot set and unset shell options simultaneously");
  }
  auto table = shopt_table(st, o_mode);
  auto show = [&](const ShownOption& o) {
    if (quiet) return;
    if (print) {
      st.out(o_mode ? std::string("set ") + (o.on ? "-o " : "+o ") + o.name + "\n"
                    : std::string("shopt ") + (o.on ? "-s " : "-u ") + o.name + "\n");
    } else {
      char buf[64];
      snprintf(buf, sizeof buf, "%-15s\t%s\n", o.name.c_str(), o.on ? "on" : "off");
      st.out(buf);
    }
  };
  size_t i = flags->next;
  if (i >= argv.size()) {
    for (const auto& o : table) {
      if ((set && !o.on) || (unset && o.on)) continue;
      show(o);
    }
    return 0;
  }
  int status = 0;
  for (; i < argv.size(); ++i) {
    auto found = std::find_if(table.begin(), table.end(),
                              [&](const ShownOption& o) { return o.name == argv[i]; });
    if (found == table.end()) {
      st.error("shopt: " + argv[i] +
               (o_mode ? ": invalid option name" : ": invalid shell option name"));
      status = 1;
      continue;
    }
    if (set || unset) {
      if (found->field == &Options::posix) {
        set_posix_mode(st, set);
      } else if (found->field != nullptr) {
        st.opt_.*found->field = set;
      }
      continue;
    }
    show(*found);
    if (!found->on) status = 1;
  }
  return status;
}

}  // namespace kefka::shell

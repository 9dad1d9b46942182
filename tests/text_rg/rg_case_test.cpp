// rg against expectations written from ripgrep's documentation and the
// expectations of its own test suite (no ripgrep binary is installed here).
//
// Cases live in tests/text_rg/cases/*.case:
//
//   === name [: base]        a case; ": base" first copies base's files
//   file PATH                a file whose content is the following block
//   <<<
//   content lines
//   >>>
//   bytes PATH C-STRING      a file from one line with \n \0 \t \\ \xHH escapes
//   repeat PATH N C-STRING   appends the string N times to PATH's content
//   mkdir PATH
//   symlink TARGET PATH
//   cwd PATH                 run in PATH (relative to the case's root)
//   stdin C-STRING
//   run ARG ARG 'ARG WITH SPACES' ...
//   stdout                   the expected stdout is the following block
//   stdoutx C-STRING         the expected stdout, one line with escapes
//   stderr                   likewise for stderr (unchecked when absent)
//   status N                 (default 0)
//   json                     normalize "elapsed" durations before comparing
//
// A block is taken literally; a last line "\" means "no final newline".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "../support/command_fixture.h"

namespace kefka::test {
namespace {

struct Action {
  enum Kind { kFile, kMkdir, kSymlink } kind;
  std::string path, data;
};

struct Case {
  std::string name, source;
  std::vector<Action> actions;
  std::string cwd;
  std::string input;
  std::vector<std::string> argv;
  std::string out;
  std::optional<std::string> err;
  int status = 0;
  bool json = false;
};

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '0':
        out += '\0';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x':
        out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
        i += 2;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      cur += s.substr(i + 1, end - i - 1);
      i = end;
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(cur), cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::map<std::string, size_t> by_name;
  std::string dir = std::string(KEFKA_SOURCE_DIR) + "/tests/text_rg/cases";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".case") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    auto block = [&](size_t& i) {
      std::string text;
      EXPECT_EQ(lines.at(++i), "<<<") << path << ":" << i + 1;
      while (++i < lines.size() && lines[i] != ">>>") {
        if (lines[i] == "\\" && i + 1 < lines.size() && lines[i + 1] == ">>>") {
          text.pop_back();
          continue;
        }
        text += lines[i] + "\n";
      }
      return text;
    };
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string& l = lines[i];
      if (l.empty() || l[0] == '#') continue;
      std::string word = l.substr(0, l.find(' '));
      std::string rest = l.size() > word.size() ? l.substr(word.size() + 1) : "";
      if (word == "===") {
        Case c;
        std::string name = rest.substr(0, rest.find(" : "));
        c.name = name;
        c.source = path.filename().string() + ":" + std::to_string(i + 1);
        if (rest.find(" : ") != std::string::npos) {
          const Case& base = cases.at(by_name.at(rest.substr(rest.find(" : ") + 3)));
          c.actions = base.actions;
        }
        by_name[name] = cases.size();
        cases.push_back(std::move(c));
        continue;
      }
      Case& c = cases.back();
      if (word == "file") {
        c.actions.push_back({Action::kFile, rest, block(i)});
      } else if (word == "bytes") {
        size_t sp = rest.find(' ');
        c.actions.push_back({Action::kFile, rest.substr(0, sp),
                             sp == std::string::npos ? "" : unescape(rest.substr(sp + 1))});
      } else if (word == "repeat") {
        // repeat PATH N C-STRING: appends the string N times to PATH.
        size_t sp1 = rest.find(' '), sp2 = rest.find(' ', sp1 + 1);
        std::string path = rest.substr(0, sp1);
        std::string piece = unescape(rest.substr(sp2 + 1)), data;
        for (int k = std::stoi(rest.substr(sp1 + 1, sp2 - sp1 - 1)); k > 0; --k) data += piece;
        bool found = false;
        for (auto& a : c.actions)
          if (a.kind == Action::kFile && a.path == path) a.data += data, found = true;
        if (!found) c.actions.push_back({Action::kFile, path, data});
      } else if (word == "mkdir") {
        c.actions.push_back({Action::kMkdir, rest, ""});
      } else if (word == "symlink") {
        auto w = split_words(rest);
        c.actions.push_back({Action::kSymlink, w.at(1), w.at(0)});
      } else if (word == "cwd") {
        c.cwd = rest;
      } else if (word == "stdin") {
        c.input = unescape(rest);
      } else if (word == "run") {
        c.argv = split_words(rest);
      } else if (word == "stdoutx") {
        c.out = unescape(rest);
      } else if (word == "stdout") {
        c.out = block(i);
      } else if (word == "stderr") {
        c.err = block(i);
      } else if (word == "status") {
        c.status = std::stoi(rest);
      } else if (word == "json") {
        c.json = true;
      } else {
        ADD_FAILURE() << path << ":" << i + 1 << ": unknown directive " << word;
      }
    }
  }
  return cases;
}

std::string normalize_json(const std::string& s) {
  static const std::regex kDuration(R"re("(elapsed|elapsed_total)":\{"(secs|human)":[^}]*\})re");
  return std::regex_replace(s, kDuration, "\"$1\":{}");
}

class RgCaseTest : public CommandFixture, public ::testing::WithParamInterface<Case> {};

TEST_P(RgCaseTest, MatchesDocumentedOutput) {
  const Case& c = GetParam();
  mkdir("w");
  std::string root = "/home/user/w";
  for (const auto& a : c.actions) {
    std::string p = root + "/" + a.path;
    // Parent directories are created on demand.
    for (size_t slash = p.find('/', root.size() + 1); slash != std::string::npos;
         slash = p.find('/', slash + 1)) {
      if (!exists(p.substr(0, slash))) mkdir(p.substr(0, slash));
    }
    if (a.kind == Action::kFile) write_file(p, a.data);
    if (a.kind == Action::kMkdir && !exists(p)) mkdir(p);
    if (a.kind == Action::kSymlink) {
      ASSERT_TRUE(fs().symlink(a.data, p).ok());
    }
  }
  cwd = c.cwd.empty() ? root : root + "/" + c.cwd;
  RunResult r = run(c.argv, c.input);
  SCOPED_TRACE(c.source);
  if (c.json) {
    EXPECT_EQ(normalize_json(r.out), normalize_json(c.out));
  } else {
    EXPECT_EQ(r.out, c.out);
  }
  if (c.err) {
    EXPECT_EQ(r.err, *c.err);
  }
  EXPECT_EQ(r.status, c.status) << r.err;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n;
  for (char ch : info.param.name) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Cases, RgCaseTest, ::testing::ValuesIn(load_cases()), case_name);

}  // namespace
}  // namespace kefka::test

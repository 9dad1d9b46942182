// Unit tests of the shared option parser (commands/options.h): getopt_long's
// rules and its exact messages, as printed by GNU coreutils 9.1.
#include "commands/options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kefka::cmd {
namespace {

constexpr OptionSpec kOptions[] = {
    {'a', "all", ArgKind::None, "", "do not ignore entries starting with ."},
    {'A', "almost-all", ArgKind::None, "", "do not list implied . and .."},
    {'n', "lines", ArgKind::Required, "NUM", "print NUM lines"},
    {0, "color", ArgKind::Optional, "WHEN", "colorize the output"},
    {0, "columns", ArgKind::Required, "N", "use N columns"},
    {'i', "in-place", ArgKind::Optional, "SUFFIX", "edit files in place"},
    {'v', "", ArgKind::None, "", "verbose"},
    {'q', "quiet", ArgKind::None, "", "never print headers"},
    {'q', "silent", ArgKind::None, "", "same as --quiet"},
};

int dummy_main(Context&, const Args&) {
  return 0;
}

constexpr CommandSpec kSpec{
    .name = "tool",
    .usage = "tool [OPTION]... [FILE]...",
    .summary = "Do things.",
    .options = kOptions,
    .main = dummy_main,
};

ParseResult parse(std::vector<std::string> args, const CommandSpec& spec = kSpec,
                  ParseSettings settings = {}) {
  args.insert(args.begin(), "tool");
  return parse_options(spec, args, settings);
}

std::string error_of(std::vector<std::string> args) {
  auto r = parse(std::move(args));
  EXPECT_EQ(r.kind, ParseResult::Kind::kError);
  return r.error;
}

TEST(Options, BundledFlags) {
  auto r = parse({"-aAv"});
  ASSERT_EQ(r.kind, ParseResult::Kind::kOk);
  EXPECT_TRUE(r.args.has('a'));
  EXPECT_TRUE(r.args.has("almost-all"));
  EXPECT_TRUE(r.args.has('v'));
  EXPECT_FALSE(r.args.has('q'));
  EXPECT_EQ(r.args.options.size(), 3u);
}

TEST(Options, RequiredArgumentForms) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"-n5"}, {"-n", "5"}, {"--lines=5"}, {"--lines", "5"}, {"--li=5"}, {"-an5"}}) {
    auto r = parse(args);
    ASSERT_EQ(r.kind, ParseResult::Kind::kOk) << args[0];
    ASSERT_NE(r.args.value('n'), nullptr) << args[0];
    EXPECT_EQ(*r.args.value('n'), "5");
    EXPECT_EQ(*r.args.value("lines"), "5");
  }
  // The next argument is taken even when it looks like an option.
  auto r = parse({"-n", "-3"});
  ASSERT_EQ(r.kind, ParseResult::Kind::kOk);
  EXPECT_EQ(*r.args.value('n'), "-3");
  EXPECT_EQ(*parse({"--lines="}).args.value('n'), "");
}

TEST(Options, OptionalArgumentsOnlyAttached) {
  auto r = parse({"--color", "always"});
  ASSERT_EQ(r.kind, ParseResult::Kind::kOk);
  EXPECT_TRUE(r.args.has("color"));
  EXPECT_EQ(r.args.value("color"), nullptr);
  EXPECT_EQ(r.args.operands, std::vector<std::string>{"always"});
  EXPECT_EQ(*parse({"--color=never"}).args.value("color"), "never");
  EXPECT_EQ(*parse({"-i.bak"}).args.value('i'), ".bak");
  auto bare = parse({"-i", "x"});
  EXPECT_EQ(bare.args.value('i'), nullptr);
  EXPECT_EQ(bare.args.operands, std::vector<std::string>{"x"});
}

TEST(Options, RepeatedValuesAndCount) {
  auto r = parse({"-n1", "-v", "--lines=2", "-vv", "-n", "3"});
  EXPECT_EQ(r.args.values('n'), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(*r.args.value('n'), "3");
  EXPECT_EQ(r.args.count('v'), 3);
}

TEST(Options, PermutationAndDoubleDash) {
  auto r = parse({"f1", "-a", "-", "f2", "--", "-n", "--all"});
  ASSERT_EQ(r.kind, ParseResult::Kind::kOk);
  EXPECT_TRUE(r.args.has('a'));
  EXPECT_FALSE(r.args.has('n'));
  EXPECT_EQ(r.args.operands, (std::vector<std::string>{"f1", "-", "f2", "-n", "--all"}));
}

TEST(Options, StopAtFirstOperand) {
  auto r = parse({"-a", "cmd", "-v"}, kSpec, {.stop_at_first_operand = true});
  EXPECT_TRUE(r.args.has('a'));
  EXPECT_FALSE(r.args.has('v'));
  EXPECT_EQ(r.args.operands, (std::vector<std::string>{"cmd", "-v"}));
  CommandSpec stop = kSpec;
  stop.flags = kStopAtFirstOperand;
  EXPECT_EQ(parse({"x", "-a"}, stop).args.operands, (std::vector<std::string>{"x", "-a"}));
}

TEST(Options, Abbreviations) {
  EXPECT_TRUE(parse({"--all"}).args.has('a'));
  EXPECT_TRUE(parse({"--lin=4"}).args.has('n'));
  EXPECT_TRUE(parse({"--alm"}).args.has('A'));
  EXPECT_TRUE(parse({"--colo"}).args.has("color"));
  // Two long names of one option are not ambiguous.
  EXPECT_EQ(parse({"--q"}).kind, ParseResult::Kind::kOk);
  // An exact name wins over longer ones it abbreviates.
  constexpr OptionSpec kExact[] = {{'x', "ab", ArgKind::None, "", ""},
                                   {'y', "abc", ArgKind::None, "", ""}};
  CommandSpec spec = kSpec;
  spec.options = kExact;
  EXPECT_TRUE(parse({"--ab"}, spec).args.has('x'));
}

TEST(Options, GnuMessages) {
  EXPECT_EQ(error_of({"-z"}), "invalid option -- 'z'");
  EXPECT_EQ(error_of({"-az"}), "invalid option -- 'z'");
  EXPECT_EQ(error_of({"--foo"}), "unrecognized option '--foo'");
  EXPECT_EQ(error_of({"--foo=bar"}), "unrecognized option '--foo=bar'");
  EXPECT_EQ(error_of({"-n"}), "option requires an argument -- 'n'");
  EXPECT_EQ(error_of({"--all=x"}), "option '--all' doesn't allow an argument");
  EXPECT_EQ(error_of({"--alm=x"}), "option '--almost-all' doesn't allow an argument");
  EXPECT_EQ(error_of({"--lines"}), "option '--lines' requires an argument");
  EXPECT_EQ(error_of({"--li"}), "option '--lines' requires an argument");
  EXPECT_EQ(error_of({"--co"}), "option '--co' is ambiguous; possibilities: '--color' '--columns'");
  EXPECT_EQ(error_of({"--a=1"}),
            "option '--a=1' is ambiguous; possibilities: '--all' '--almost-all'");
  EXPECT_EQ(error_of({"--help=x"}), "option '--help' doesn't allow an argument");
}

TEST(Options, FirstErrorWins) {
  EXPECT_EQ(error_of({"-z", "--foo"}), "invalid option -- 'z'");
}

TEST(Options, HelpAndVersionAreImmediate) {
  EXPECT_EQ(parse({"--help", "-z"}).kind, ParseResult::Kind::kHelp);
  EXPECT_EQ(parse({"-z", "--help"}).kind, ParseResult::Kind::kError);
  EXPECT_EQ(parse({"--he"}).kind, ParseResult::Kind::kHelp);
  EXPECT_EQ(parse({"--vers"}).kind, ParseResult::Kind::kVersion);
  EXPECT_EQ(parse({"x", "--version"}).kind, ParseResult::Kind::kVersion);
  EXPECT_EQ(parse({"--", "--help"}).kind, ParseResult::Kind::kOk);
}

TEST(Options, NumericShorthand) {
  constexpr OptionSpec kHead[] = {{'n', "lines", ArgKind::Required, "NUM", ""},
                                  {'q', "quiet", ArgKind::None, "", ""}};
  CommandSpec head = kSpec;
  head.options = kHead;
  head.flags = kNumericShorthand;
  head.number_option = 'n';
  auto r = parse({"-5", "f"}, head);
  ASSERT_EQ(r.kind, ParseResult::Kind::kOk);
  EXPECT_EQ(*r.args.value('n'), "5");
  EXPECT_EQ(r.args.operands, std::vector<std::string>{"f"});
  EXPECT_EQ(*parse({"-12c"}, head).args.value('n'), "12c");
  // Without the flag, a digit is just an unknown option.
  head.flags = kFlagNone;
  EXPECT_EQ(parse({"-5"}, head).error, "invalid option -- '5'");
}

TEST(Options, RawArguments) {
  CommandSpec raw = kSpec;
  raw.flags = kRawArguments;
  auto r = parse({"-n", "--foo", "x"}, raw);
  ASSERT_EQ(r.kind, ParseResult::Kind::kOk);
  EXPECT_EQ(r.args.operands, (std::vector<std::string>{"-n", "--foo", "x"}));
  EXPECT_EQ(parse({"--help"}, raw).kind, ParseResult::Kind::kHelp);
  EXPECT_EQ(parse({"--version"}, raw).kind, ParseResult::Kind::kVersion);
  EXPECT_EQ(parse({"--help", "x"}, raw).kind, ParseResult::Kind::kOk);
}

TEST(Options, HelpLayout) {
  constexpr OptionSpec kCat[] = {
      {'A', "show-all", ArgKind::None, "", "equivalent to -vET"},
      {'e', "", ArgKind::None, "", "equivalent to -vE"},
      {'w', "width", ArgKind::Required, "COLS", "use COLS\nnot 80"},
      {0, "color", ArgKind::Optional, "WHEN", "colorize"},
  };
  CommandSpec spec = kSpec;
  spec.usage = "tool [OPTION]... [FILE]...\ntool OPTION";
  spec.options = kCat;
  spec.epilog = "With no FILE, read standard input.";
  EXPECT_EQ(format_help(spec, "/bin/tool"),
            "Usage: /bin/tool [OPTION]... [FILE]...\n"
            "  or:  /bin/tool OPTION\n"
            "Do things.\n"
            "\n"
            "Mandatory arguments to long options are mandatory for short options too.\n"
            "  -A, --show-all      equivalent to -vET\n"
            "  -e                  equivalent to -vE\n"
            "  -w, --width=COLS    use COLS\n"
            "                      not 80\n"
            "      --color[=WHEN]  colorize\n"
            "      --help        display this help and exit\n"
            "      --version     output version information and exit\n"
            "\n"
            "With no FILE, read standard input.\n");
  EXPECT_EQ(format_version(spec), "tool (kefka) 0.1\n");
}

}  // namespace
}  // namespace kefka::cmd

// Parser unit tests: the shape of the typed AST, line numbers, and syntax
// errors reported like bash.
#include <gtest/gtest.h>

#include "shell/arith.h"
#include "shell/glob.h"
#include "shell/parser.h"

namespace kefka::shell {
namespace {

const List& as_list(const CommandPtr& c) {
  return std::get<List>(c->node);
}

const Command& first(const CommandPtr& program) {
  return *as_list(program).items.at(0).command;
}

std::string syntax_error(std::string_view src) {
  try {
    parse_script(src);
  } catch (const SyntaxError& e) {
    return "line " + std::to_string(e.line()) + ": " + e.what();
  }
  return "";
}

TEST(Parser, SimpleCommandWithAssignmentsAndRedirects) {
  auto prog = parse_script("A=1 B+=2 echo hi >out 2>&1");
  const Command& c = first(prog);
  const auto& sc = std::get<SimpleCommand>(c.node);
  ASSERT_EQ(sc.assigns.size(), 2u);
  EXPECT_EQ(sc.assigns[0].name, "A");
  EXPECT_TRUE(sc.assigns[1].append);
  ASSERT_EQ(sc.words.size(), 2u);
  ASSERT_EQ(c.redirs.size(), 2u);
  EXPECT_EQ(c.redirs[0].op, RedirOp::Out);
  EXPECT_EQ(c.redirs[1].op, RedirOp::DupOut);
  EXPECT_EQ(c.redirs[1].fd, 2);
}

TEST(Parser, PipelineAndOrAndBackground) {
  auto prog = parse_script("a | b |& c && ! d || e &");
  const auto& items = as_list(prog).items;
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].background);
  const auto& ao = std::get<AndOr>(items[0].command->node);
  ASSERT_EQ(ao.rest.size(), 2u);
  EXPECT_EQ(ao.rest[0].first, AndOrOp::And);
  const auto& p = std::get<Pipeline>(ao.first->node);
  EXPECT_EQ(p.commands.size(), 3u);
  EXPECT_TRUE(p.stderr_too[1]);
  EXPECT_TRUE(std::get<Pipeline>(ao.rest[0].second->node).negate);
}

TEST(Parser, CompoundCommands) {
  auto prog = parse_script(
      "if a; then b; elif c; then d; else e; fi\n"
      "for x in 1 2; do :; done\n"
      "for ((i=0;i<3;i++)); do :; done\n"
      "while a; do b; done\n"
      "case $x in a|b) one;; *) two;& esac\n"
      "f() { :; }\n"
      "[[ -f x && $y =~ ^a(b)$ ]]\n"
      "(( x += 1 ))\n"
      "( sub )\n");
  const auto& items = as_list(prog).items;
  ASSERT_EQ(items.size(), 9u);
  const auto& if_node = std::get<If>(items[0].command->node);
  EXPECT_EQ(if_node.branches.size(), 2u);
  EXPECT_NE(if_node.else_body, nullptr);
  EXPECT_EQ(std::get<For>(items[1].command->node).words.size(), 2u);
  EXPECT_TRUE(std::get<ArithFor>(items[2].command->node).has_cond);
  EXPECT_FALSE(std::get<While>(items[3].command->node).until);
  const auto& cs = std::get<Case>(items[4].command->node);
  ASSERT_EQ(cs.items.size(), 2u);
  EXPECT_EQ(cs.items[0].patterns.size(), 2u);
  EXPECT_EQ(cs.items[1].term, CaseTerm::FallThrough);
  EXPECT_EQ(std::get<FunctionDef>(items[5].command->node).name, "f");
  const auto& cond = std::get<DoubleBracket>(items[6].command->node);
  EXPECT_EQ(cond.expr->kind, CondExpr::Kind::And);
  EXPECT_EQ(cond.expr->b->op, "=~");
  EXPECT_TRUE(std::holds_alternative<ArithCommand>(items[7].command->node));
  EXPECT_TRUE(std::holds_alternative<Subshell>(items[8].command->node));
  EXPECT_EQ(items[8].command->line, 9);
}

TEST(Parser, WordParts) {
  auto prog = parse_script("echo a'b'\"c$x${y:-z}$(cmd)$((1+2))\"\\d $'e\\n' ~/f");
  const auto& words = std::get<SimpleCommand>(first(prog).node).words;
  ASSERT_EQ(words.size(), 4u);
  const auto& parts = words[1].parts;
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<Literal>(parts[0].v));
  EXPECT_TRUE(std::holds_alternative<SingleQuoted>(parts[1].v));
  const auto& dq = std::get<DoubleQuoted>(parts[2].v);
  ASSERT_EQ(dq.parts.size(), 5u);
  EXPECT_TRUE(std::holds_alternative<Param>(dq.parts[1].v));
  EXPECT_EQ(std::get<BracedParam>(dq.parts[2].v).op, ":-");
  EXPECT_TRUE(std::holds_alternative<CommandSub>(dq.parts[3].v));
  EXPECT_TRUE(std::holds_alternative<ArithSub>(dq.parts[4].v));
  EXPECT_TRUE(std::holds_alternative<Escaped>(parts[3].v));
  EXPECT_EQ(std::get<DollarSingle>(words[2].parts[0].v).text, "e\n");
  EXPECT_TRUE(std::holds_alternative<Tilde>(words[3].parts[0].v));
}

TEST(Parser, BracedParamForms) {
  auto prog = parse_script("echo ${#a} ${!r} ${a[1]} ${a//x/y} ${a:1:2} ${!p*} ${!a[@]} ${a@Q}");
  const auto& words = std::get<SimpleCommand>(first(prog).node).words;
  auto bp = [&](size_t i) { return std::get<BracedParam>(words[i].parts[0].v); };
  EXPECT_TRUE(bp(1).length);
  EXPECT_TRUE(bp(2).indirect);
  EXPECT_TRUE(bp(3).has_index);
  EXPECT_EQ(bp(4).op, "//");
  EXPECT_TRUE(bp(4).has_arg2);
  EXPECT_EQ(bp(5).op, ":");
  EXPECT_EQ(bp(6).op, "!*");
  EXPECT_EQ(bp(7).op, "!keys");
  EXPECT_EQ(bp(8).op, "@");
}

TEST(Parser, HereDocuments) {
  auto prog = parse_script("cat <<A <<-'B'\none $x\nA\n\ttwo $y\n\tB\necho after\n");
  const auto& items = as_list(prog).items;
  ASSERT_EQ(items.size(), 2u);
  const auto& redirs = items[0].command->redirs;
  ASSERT_EQ(redirs.size(), 2u);
  EXPECT_FALSE(redirs[0].heredoc->quoted);
  EXPECT_TRUE(redirs[1].heredoc->quoted);
  EXPECT_TRUE(redirs[1].heredoc->strip_tabs);
  EXPECT_EQ(std::get<SingleQuoted>(redirs[1].heredoc->body[0].v).text, "two $y\n");
  EXPECT_EQ(items[1].command->line, 6);
}

TEST(Parser, ArrayAssignment) {
  auto prog = parse_script("a=(1 [5]=x \"y z\")");
  const auto& sc = std::get<SimpleCommand>(first(prog).node);
  ASSERT_EQ(sc.assigns.size(), 1u);
  EXPECT_TRUE(sc.assigns[0].array);
  ASSERT_EQ(sc.assigns[0].items.size(), 3u);
  EXPECT_TRUE(sc.assigns[0].items[1].has_key);
}

TEST(Parser, SyntaxErrorsLikeBash) {
  EXPECT_EQ(syntax_error("if true; then\n echo\nfi fi"),
            "line 3: syntax error near unexpected token `fi'");
  EXPECT_EQ(syntax_error("if true; then echo x"), "line 1: syntax error: unexpected end of file");
  EXPECT_EQ(syntax_error("echo \"abc"), "line 1: unexpected EOF while looking for matching `\"'");
  EXPECT_EQ(syntax_error("echo )"), "line 1: syntax error near unexpected token `)'");
  EXPECT_EQ(syntax_error("a |"), "line 1: syntax error: unexpected end of file");
  EXPECT_EQ(syntax_error("a >"), "line 1: syntax error near unexpected token `newline'");
  EXPECT_EQ(syntax_error(";;"), "line 1: syntax error near unexpected token `;;'");
  EXPECT_EQ(syntax_error("echo $(echo"), "line 1: unexpected EOF while looking for matching `)'");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  EXPECT_NE(syntax_error(deep), "");
  std::string subst;
  for (int i = 0; i < 5000; ++i) subst += "$(";
  EXPECT_NE(syntax_error("echo " + subst), "");
}

class NullEnv : public ArithEnv {
 public:
  std::string get(const std::string&, const std::string*, bool& found) override {
    found = false;
    return "";
  }
  void set(const std::string&, const std::string*, int64_t) override {}
};

TEST(Arith, OperatorsAndErrors) {
  NullEnv env;
  EXPECT_EQ(eval_arith("1 + 2 * 3", env), 7);
  EXPECT_EQ(eval_arith("2 ** 62", env), int64_t{1} << 62);
  EXPECT_EQ(eval_arith("16#ff + 0x10 + 010 + 2#11", env), 255 + 16 + 8 + 3);
  EXPECT_EQ(eval_arith("1 ? 2 : 3", env), 2);
  EXPECT_EQ(eval_arith("(1, 2, 3)", env), 3);
  EXPECT_EQ(eval_arith("-9223372036854775807 - 1", env), INT64_MIN);
  try {
    eval_arith("1/0", env);
    FAIL();
  } catch (const ArithError& e) {
    EXPECT_STREQ(e.what(), "1/0: division by 0 (error token is \"0\")");
  }
}

TEST(Glob, Patterns) {
  EXPECT_TRUE(pattern_match("*.txt", "a.txt"));
  EXPECT_FALSE(pattern_match("*.txt", "a.txt.bak"));
  EXPECT_TRUE(pattern_match("[a-c]?", "bz"));
  EXPECT_TRUE(pattern_match("[!a-c]*", "dz"));
  EXPECT_TRUE(pattern_match("[[:digit:]][[:alpha:]]", "1x"));
  EXPECT_TRUE(pattern_match("\\*", "*"));
  EXPECT_FALSE(pattern_match("\\*", "x"));
  EXPECT_TRUE(pattern_match("@(ab|cd)+(x)", "cdxx"));
  EXPECT_TRUE(pattern_match("!(*.c)", "file.h"));
  EXPECT_FALSE(pattern_match("!(*.c)", "file.c"));
  EXPECT_TRUE(pattern_match("*(a|b)", ""));
  MatchFlags hidden;
  hidden.period = true;
  EXPECT_FALSE(pattern_match("*", ".hidden", hidden));
}

}  // namespace
}  // namespace kefka::shell

// The parser: recursive descent over the lexer's tokens, one method per
// grammar rule (the rule is in the method's comment in parser.cpp).
//
// Scripts are parsed one complete command at a time (parse_next), like bash
// reads its input: an alias defined on one line applies to the next, and a
// syntax error on line 5 does not stop lines 1-4 from running.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/ast.h"
#include "shell/lexer.h"

namespace kefka::shell {

class Parser {
 public:
  explicit Parser(Lexer& lexer) : lex_(lexer) {}

  // The next complete command (one line's worth: a List), or null at the end.
  CommandPtr parse_next();
  // Everything up to the end of input, as one List.
  CommandPtr parse_all();
  // The body of $( ... ): up to the matching ")" (consumed).
  CommandPtr parse_command_sub();

 private:
  Token& peek();
  Token take();
  bool peek_word(std::string_view w);
  bool at_list_end();
  void skip_newlines();
  void expect_word(std::string_view w);
  [[noreturn]] void unexpected(const Token& tok);

  CommandPtr parse_line_list();
  CommandPtr parse_compound_list(bool allow_empty = false);
  CommandPtr parse_and_or();
  CommandPtr parse_pipeline();
  CommandPtr parse_command();
  CommandPtr parse_simple_command();
  void parse_redirect(std::vector<Redir>& out);
  void parse_trailing_redirects(Command& cmd);
  CommandPtr parse_if();
  CommandPtr parse_while(bool until);
  CommandPtr parse_for(bool select);
  CommandPtr parse_do_group();
  CommandPtr parse_case();
  CommandPtr parse_brace_group();
  CommandPtr parse_function_keyword();
  CommandPtr parse_function_body(const std::string& name, int line);
  CommandPtr parse_double_bracket();
  CondPtr parse_cond_or();
  CondPtr parse_cond_and();
  CondPtr parse_cond_not();
  CondPtr parse_cond_primary();
  Token& cond_peek();
  Token cond_take(bool regex = false);
  bool try_alias();

  Lexer& lex_;
  std::optional<Token> cached_;
  std::optional<Token> cond_cached_;
  std::vector<std::string> alias_chain_;
  // An alias whose value ends in a blank makes the next word an alias candidate.
  bool alias_blank_ = false;
  size_t alias_end_ = 0;
  int depth_ = 0;
};

// Parse-only entry point (for tools that inspect scripts): the whole script
// as one List. Throws SyntaxError.
CommandPtr parse_script(std::string_view source);

// Remove quotes from a here-document delimiter word.
std::string unquote_raw(std::string_view raw);

}  // namespace kefka::shell

// Prints commands back as bash source, in bash's layout for `declare -f` and
// `type`: four-space indentation, `;` after commands in if/for/while bodies,
// words as they were written.
#include "shell/printer.h"

#include <variant>

namespace kefka::shell {

namespace {

std::string indent(int n) {
  return std::string(static_cast<size_t>(n), ' ');
}

std::string redir_op(const Redir& r) {
  switch (r.op) {
    case RedirOp::In:
      return "<";
    case RedirOp::Out:
      return ">";
    case RedirOp::Append:
      return ">>";
    case RedirOp::Clobber:
      return ">|";
    case RedirOp::ReadWrite:
      return "<>";
    case RedirOp::DupIn:
      return "<&";
    case RedirOp::DupOut:
      return ">&";
    case RedirOp::HereDoc:
      return r.heredoc && r.heredoc->strip_tabs ? "<<-" : "<<";
    case RedirOp::HereString:
      return "<<<";
    case RedirOp::OutErr:
      return "&>";
    case RedirOp::AppendErr:
      return "&>>";
  }
  return ">";
}

class Printer {
 public:
  std::string command(const Command& c, int ind) {
    std::string s = std::visit([&](const auto& n) { return node(n, c, ind); }, c.node);
    for (const auto& r : c.redirs) s += " " + redirect(r);
    if (!heredocs_.empty() && ind >= 0) {
      // Here-document bodies follow the line that uses them.
    }
    return s;
  }

  // Items on separate lines at `ind`; `terminate`: `;` after the last one too.
  std::string lines(const Command& list_cmd, int ind, bool terminate) {
    const auto* list = std::get_if<List>(&list_cmd.node);
    if (list == nullptr) return indent(ind) + command(list_cmd, ind) + (terminate ? ";" : "");
    std::string out;
    bool continue_line = false;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const auto& item = list->items[i];
      if (!continue_line) out += indent(ind);
      out += command(*item.command, ind);
      bool last = i + 1 == list->items.size();
      if (item.background) {
        out += " &";
        if (!last) out += " ";
        continue_line = !last;
        continue;
      }
      continue_line = false;
      if (!last || terminate) out += ";";
      out += flush_heredocs();
      if (!last) out += "\n";
    }
    return out;
  }

  // A list on one line: "a; b; c".
  std::string inline_list(const Command& list_cmd, int ind) {
    const auto* list = std::get_if<List>(&list_cmd.node);
    if (list == nullptr) return command(list_cmd, ind);
    std::string out;
    for (size_t i = 0; i < list->items.size(); ++i) {
      if (i > 0) out += list->items[i - 1].background ? " " : "; ";
      out += command(*list->items[i].command, ind);
      if (list->items[i].background) out += " &";
    }
    return out;
  }

 private:
  std::string redirect(const Redir& r) {
    std::string s;
    if (!r.fd_var.empty()) s += "{" + r.fd_var + "}";
    if (r.fd >= 0) s += std::to_string(r.fd);
    s += redir_op(r);
    if (r.op == RedirOp::HereDoc && r.heredoc) {
      s += " " + r.target_raw;
      heredocs_.push_back(r.heredoc);
      return s;
    }
    s += " " + r.target_raw;
    return s;
  }

  std::string flush_heredocs() {
    std::string s;
    for (const auto& doc : heredocs_) s += "\n" + doc->raw_body + doc->delimiter;
    heredocs_.clear();
    return s;
  }

  std::string node(const SimpleCommand& sc, const Command&, int) {
    std::string s;
    for (const auto& a : sc.assigns) {
      if (!s.empty()) s += ' ';
      s += a.raw;
    }
    for (const auto& w : sc.words) {
      if (!s.empty()) s += ' ';
      s += w.raw;
    }
    return s;
  }
  std::string node(const Pipeline& p, const Command&, int ind) {
    std::string s = p.timed ? "time " : "";
    if (p.negate) s += "! ";
    for (size_t i = 0; i < p.commands.size(); ++i) {
      if (i > 0) s += p.stderr_too[i - 1] ? " |& " : " | ";
      s += command(*p.commands[i], ind);
    }
    return s;
  }
  std::string node(const AndOr& ao, const Command&, int ind) {
    std::string s = command(*ao.first, ind);
    for (const auto& [op, c] : ao.rest)
      s += (op == AndOrOp::And ? " && " : " || ") + command(*c, ind);
    return s;
  }
  std::string node(const List&, const Command& c, int ind) { return inline_list(c, ind); }
  std::string node(const Subshell& s, const Command&, int ind) {
    return "( " + inline_list(*s.body, ind) + " )";
  }
  std::string node(const BraceGroup& b, const Command&, int ind) {
    return "{ \n" + lines(*b.body, ind + 4, false) + "\n" + indent(ind) + "}";
  }
  std::string node(const If& n, const Command&, int ind) {
    std::string s;
    for (size_t i = 0; i < n.branches.size(); ++i) {
      int level = ind + static_cast<int>(i) * 4;
      if (i > 0) s += indent(level - 4) + "else\n" + indent(level);
      s += "if " + inline_list(*n.branches[i].first, level) + "; then\n";
      s += lines(*n.branches[i].second, level + 4, true) + "\n";
    }
    int last = ind + static_cast<int>(n.branches.size() - 1) * 4;
    if (n.else_body) s += indent(last) + "else\n" + lines(*n.else_body, last + 4, true) + "\n";
    for (size_t i = n.branches.size(); i-- > 0;) {
      int level = ind + static_cast<int>(i) * 4;
      s += indent(level) + "fi";
      if (i > 0) s += ";\n";
    }
    return s;
  }
  std::string node(const For& f, const Command&, int ind) {
    std::string s = "for " + f.var;
    if (f.has_words) s += " in " + f.words_raw;
    s += ";\n" + indent(ind) + "do\n" + lines(*f.body, ind + 4, true) + "\n" + indent(ind) + "done";
    return s;
  }
  std::string node(const ArithFor& f, const Command&, int ind) {
    return "for ((" + f.raw + "))\n" + indent(ind) + "do\n" + lines(*f.body, ind + 4, true) + "\n" +
           indent(ind) + "done";
  }
  std::string node(const While& w, const Command&, int ind) {
    return std::string(w.until ? "until " : "while ") + inline_list(*w.cond, ind) + "; do\n" +
           lines(*w.body, ind + 4, true) + "\n" + indent(ind) + "done";
  }
  std::string node(const Case& c, const Command&, int ind) {
    std::string s = "case " + c.subject.raw + " in \n";
    for (const auto& item : c.items) {
      s += indent(ind + 4);
      for (size_t i = 0; i < item.patterns.size(); ++i) {
        if (i > 0) s += " | ";
        s += item.patterns[i].raw;
      }
      s += ")\n";
      if (item.body) s += lines(*item.body, ind + 8, false) + "\n";
      const char* term = item.term == CaseTerm::Break         ? ";;"
                         : item.term == CaseTerm::FallThrough ? ";&"
                                                              : ";;&";
      s += indent(ind + 4) + term + "\n";
    }
    return s + indent(ind) + "esac";
  }
  std::string node(const Select& sel, const Command&, int ind) {
    std::string s = "select " + sel.var;
    if (sel.has_words) {
      s += " in";
      for (const auto& w : sel.words) s += " " + w.raw;
    }
    return s + ";\n" + indent(ind) + "do\n" + lines(*sel.body, ind + 4, true) + "\n" + indent(ind) +
           "done";
  }
  std::string node(const FunctionDef& f, const Command&, int ind) {
    return f.name + " () \n" + indent(ind) + function_body(*f.body, ind);
  }
  std::string node(const DoubleBracket& d, const Command&, int) {
    return "[[ " + cond(*d.expr) + " ]]";
  }
  std::string node(const ArithCommand& a, const Command&, int) { return "((" + a.raw + "))"; }
  std::string node(const Coproc& c, const Command&, int ind) {
    return "coproc " + command(*c.body, ind);
  }

  std::string cond(const CondExpr& e) {
    switch (e.kind) {
      case CondExpr::Kind::Word:
        return e.left.raw;
      case CondExpr::Kind::Unary:
        return e.op + " " + e.left.raw;
      case CondExpr::Kind::Binary:
        return e.left.raw + " " + e.op + " " + e.right.raw;
      case CondExpr::Kind::Not:
        return "! " + cond(*e.a);
      case CondExpr::Kind::And:
        return cond(*e.a) + " && " + cond(*e.b);
      case CondExpr::Kind::Or:
        return cond(*e.a) + " || " + cond(*e.b);
    }
    return "";
  }

 public:
  std::string function_body(const Command& body, int ind) {
    if (std::holds_alternative<BraceGroup>(body.node)) {
      std::string s = command(body, ind);
      return s;
    }
    return "{ \n" + indent(ind + 4) + command(body, ind + 4) + "\n" + indent(ind) + "}";
  }

 private:
  std::vector<std::shared_ptr<HereDocBody>> heredocs_;
};

}  // namespace

std::string print_function(const std::string& name, const Command& body) {
  Printer p;
  return name + " () \n" + p.function_body(body, 0);
}

std::string print_command(const Command& cmd) {
  Printer p;
  return p.lines(cmd, 0, false);
}

}  // namespace kefka::shell

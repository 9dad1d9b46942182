// The abstract syntax tree of an awk program, produced by the parser and
// walked by the interpreter. Variables are resolved to slots at parse time:
// globals index the interpreter's global table, locals the current frame.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "commands/text/regex.h"

namespace kefka::cmd::awk {

enum class NodeKind : uint8_t {
  // expressions
  kNumber,  // num
  kString,  // str
  kRegex,   // re (matches $0 when used as a value)
  kGlobal,  // slot
  kLocal,   // slot
  kField,   // kids[0] = index
  kIndex,   // kids[0] = array var node, kids[1..] = subscripts
  kAssign,  // op ('=' or the arithmetic operator), kids[0] = lvalue, kids[1] = value
  kCond,    // kids: test, yes, no
  kAnd,
  kOr,
  kNot,
  kNeg,
  kPlus,    // unary plus
  kBinary,  // op: + - * / % ^
  kConcat,
  kCompare,  // op: '<' 'l' (<=) '>' 'g' (>=) '=' (==) '!' (!=)
  kMatch,    // op: '~' or '!'; kids[0] subject, kids[1] regex
  kIn,       // kids[0..n-2] subscripts, kids[n-1] array var
  kPreIncr,  // op '+' or '-'
  kPostIncr,
  kCall,     // user function: func index in slot, kids = args
  kBuiltin,  // builtin id in op2, kids = args
  kGetline,  // op: 0 plain, '<' file, '|' command; kids[0] = lvalue or null, kids[1] = source
  kGroup,    // (a, b) list, only valid as print arguments or before `in`
  // statements
  kBlock,  // kids
  kExprStmt,
  kPrint,  // op: 0 stdout, '>' file, 'a' append, '|' pipe; kids[0] = args kGroup, kids[1] = target
  kPrintf,
  kIf,      // kids: test, then, else (nullable)
  kWhile,   // kids: test, body
  kDo,      // kids: body, test
  kSwitch,  // gawk: kids[0] subject, then kCase nodes
  kCase,    // kids[0] constant (number, string or regex; null: default), kids[1] block
  kFor,     // kids: init, test, step, body (nullable)
  kForIn,   // kids: var, array, body
  kBreak,
  kContinue,
  kNext,
  kNextFile,
  kExit,    // kids[0] nullable
  kReturn,  // kids[0] nullable
  kDelete,  // kids[0] array, kids[1..] subscripts (none: whole array)
  kGetlineStmt,
};

enum class Builtin : uint8_t {
  kLength,
  kSubstr,
  kIndex,
  kSplit,
  kSub,
  kGsub,
  kMatch,
  kSprintf,
  kTolower,
  kToupper,
  kGensub,
  kAsort,
  kAsorti,
  kStrftime,
  kSystime,
  kMktime,
  kInt,
  kSqrt,
  kExp,
  kLog,
  kSin,
  kCos,
  kAtan2,
  kRand,
  kSrand,
  kClose,
  kFflush,
  kSystem,
};

struct Node {
  NodeKind kind;
  char op = 0;  // operator or mode character, see NodeKind
  int slot = 0;
  Builtin builtin = Builtin::kLength;
  double num = 0;
  std::string str;
  std::unique_ptr<Regex> re;  // regex constant
  int line = 0;
  int src = 0;  // index of the Source the node comes from
  std::vector<Node*> kids;
  explicit Node(NodeKind k) : kind(k) {}
};

struct Function {
  std::string name;
  int nparams = 0;
  Node* body = nullptr;
  bool defined = false;
  int line = 0;
};

enum class PatternKind : uint8_t { kBegin, kEnd, kBeginFile, kEndFile, kMain };

struct Rule {
  PatternKind kind = PatternKind::kMain;
  Node* pattern = nullptr;   // null: every record
  Node* pattern2 = nullptr;  // range end
  Node* action = nullptr;    // null: print $0
  bool in_range = false;
};

struct Program {
  std::vector<std::unique_ptr<Node>> arena;
  std::vector<Rule> rules;
  std::vector<Function> functions;
  std::vector<std::string> globals;  // slot -> name
  Node* make(NodeKind k) {
    arena.push_back(std::make_unique<Node>(k));
    return arena.back().get();
  }
};

// The global slots of the special variables, in this order.
enum SpecialVar : int {
  kNF,
  kNR,
  kFNR,
  kFS,
  kOFS,
  kORS,
  kRS,
  kSUBSEP,
  kCONVFMT,
  kOFMT,
  kRSTART,
  kRLENGTH,
  kFILENAME,
  kIGNORECASE,
  kFPAT,
  kRT,
  kENVIRON,
  kARGV,
  kARGC,
  kPROCINFO,
  kSpecialCount,
};
inline constexpr const char* kSpecialNames[] = {
    "NF",     "NR",      "FNR",     "FS",     "OFS",     "ORS",      "RS",
    "SUBSEP", "CONVFMT", "OFMT",    "RSTART", "RLENGTH", "FILENAME", "IGNORECASE",
    "FPAT",   "RT",      "ENVIRON", "ARGV",   "ARGC",    "PROCINFO",
};

// Program text pieces with their origin names for messages ("cmd. line", file).
struct Source {
  std::string name;
  std::string text;
};

struct ParseError {
  std::string message;  // complete gawk-style message, lines ending in '\n'
};

// Parses the program; throws ParseError.
std::unique_ptr<Program> parse_program(const std::vector<Source>& sources,
                                       const std::string& progname);

}  // namespace kefka::cmd::awk

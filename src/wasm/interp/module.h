// The decoded form of a module, shared by the decoder (decode.cpp) and the
// interpreter (exec.cpp). Internal to src/wasm/interp.
//
// Function bodies are translated into one array of fixed-size Instr. Every
// value occupies one 64-bit slot (i32 zero-extended, floats as their bits).
// A frame is the function's locals (params first) followed by its operand
// stack; all heights below count slots from the frame base, so a branch is
// "keep the top `arity` slots, put them at `height`, jump to `target`".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct Z_wasi_snapshot_preview1_instance_t;

namespace kefka::wasm::interp {

enum ValType : uint8_t {
  kUnknown = 0,  // the polymorphic stack of unreachable code
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kFuncRef = 0x70,
};

struct FuncType {
  std::vector<ValType> params, results;
  bool operator==(const FuncType&) const = default;
};

// An import bound to a WASI host function: reads its arguments from
// slots[0..params) and writes its result (if any) to slots[0].
using HostFn = void (*)(Z_wasi_snapshot_preview1_instance_t* host, uint64_t* slots);

// Internal opcodes. Numeric and memory operations keep their wasm opcode
// (0x28..0xC4); 0xFC-prefixed ones are kPrefixFC + sub-opcode; control flow is
// rewritten into the ops below.
enum Op : uint16_t {
  kOpUnreachable = 0x00,
  kOpDrop = 0x1A,
  kOpSelect = 0x1B,
  kOpLocalGet = 0x20,
  kOpLocalSet = 0x21,
  kOpLocalTee = 0x22,
  kOpGlobalGet = 0x23,
  kOpGlobalSet = 0x24,
  kOpMemorySize = 0x3F,
  kOpMemoryGrow = 0x40,
  kOpConst = 0x41,   // all four consts: b holds the bits
  kPrefixFC = 0xD0,  // + 0..11; the ops below follow it
  kOpJump = 0xDC,    // pc = a
  kOpJumpIfZero,     // pop i32; if 0, pc = a
  kOpJumpIfNonZero,  // pop i32; if not 0, pc = a
  kOpBr,             // keep `arity` (b >> 32) slots at height (b & 0xffffffff); pc = a
  kOpBrIf,           // pop i32; if non-zero, like kOpBr
  kOpBrTable,        // pop i32 i; entry min(i, a) of br_targets starting at b
  kOpReturn,
  kOpCall,          // a = function index (defined, not imported)
  kOpCallHost,      // a = import index
  kOpCallIndirect,  // a = canonical type id, b = type index
  kOpEnd,           // end of a function body: return
  // Superinstructions (decode.cpp fuses common pairs):
  kOpI32AddImm,          // i32.const a; i32.add (or i32.const -a; i32.sub)
  kOpI32AndImm,          // i32.const a; i32.and
  kOpLocalI32AddImm,     // local.get b; i32.const a; i32.add
  kOpLocalI32Load,       // local.get b; i32.load offset=a (or f32.load)
  kOpLocalI64Load,       // local.get b; i64.load offset=a (or f64.load)
  kOpLocalGet2,          // local.get a; local.get b
  kOpLocalSetConst,      // const b; local.set a
  kOpI32MulImm,          // i32.const a; i32.mul
  kOpLocalI32AndImm,     // local.get b; i32.const a; i32.and
  kOpLocalSetGet,        // local.set a; local.get b
  kOpLocalTeeGet,        // local.tee a; local.get b
  kOpLocalCopy,          // local.get b; local.set a
  kOpLocalI32AddImmSet,  // local.get (b & 0xffffffff); i32.const a; i32.add; local.set (b >> 32)
  // i32 compare and jump to a when true; in the order of 0x46..0x4F.
  kOpJumpIfI32Eq,
  kOpJumpIfI32Ne,
  kOpJumpIfI32LtS,
  kOpJumpIfI32LtU,
  kOpJumpIfI32GtS,
  kOpJumpIfI32GtU,
  kOpJumpIfI32LeS,
  kOpJumpIfI32LeU,
  kOpJumpIfI32GeS,
  kOpJumpIfI32GeU,
  kOpCount
};
static_assert(kOpCount <= 256, "the dispatch table has 256 entries");

struct Instr {
  uint16_t op;
  uint16_t unused = 0;
  uint32_t a = 0;
  uint64_t b = 0;
};
static_assert(sizeof(Instr) == 16);

struct BrTarget {
  uint32_t pc, height, arity;
};

struct Import {
  std::string module, field;
  uint32_t type = 0;
  HostFn fn = nullptr;
  bool exits = false;  // proc_exit: never returns
};

struct Function {
  uint32_t type = 0;
  uint32_t num_params = 0, num_results = 0;
  uint32_t num_locals = 0;  // including params
  uint32_t max_height = 0;  // locals + deepest operand stack
  uint32_t code = 0;        // index of the first Instr
};

struct Global {
  ValType type = kI32;
  bool is_mutable = false;
  uint64_t init = 0;
};

struct Segment {
  bool active = false;
  uint32_t offset = 0;
  std::string bytes;            // data segments
  std::vector<uint32_t> funcs;  // element segments (function indexes)
};

struct Module {
  std::vector<FuncType> types;
  std::vector<uint32_t> canonical;  // type index -> first structurally equal type
  std::vector<Import> imports;      // function imports, indexes 0..imports.size()
  std::vector<Function> functions;  // defined functions, index - imports.size()
  std::vector<Global> globals;
  bool has_table = false;
  uint32_t table_min = 0, table_max = UINT32_MAX;
  bool has_memory = false;
  uint32_t memory_min = 0, memory_max = 65536;
  std::vector<Segment> elems, datas;
  bool has_data_count = false;
  uint32_t data_count = 0;
  uint32_t start_func = UINT32_MAX;  // the start section
  uint32_t entry_func = UINT32_MAX;  // the `_start` export
  bool memory_exported = false;      // as "memory"
  std::vector<Instr> code;
  std::vector<BrTarget> br_targets;

  uint32_t type_of(uint32_t func) const {
    return func < imports.size() ? imports[func].type : functions[func - imports.size()].type;
  }
};

}  // namespace kefka::wasm::interp

namespace kefka::wasm::interp {

// Binds a function import to the WASI host function of that name and type
// (imports.cpp). False with *error set when there is none.
bool bind_import(Import& import, const FuncType& type, std::string* error);

}  // namespace kefka::wasm::interp

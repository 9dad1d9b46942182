// The interpreter: instances, the dispatch loop, and the ModuleDesc glue that
// lets run_described() run an interpreted module like a compiled one.
//
// How it meets the runtime's rules (guest.h): the loop keeps no C++ object
// with a destructor on its frames, so the runtime may siglongjmp out of it at
// any instruction (a trap, proc_exit, the Budget's interrupt signal). Memory
// accesses are not bounds-checked here: the linear memory is the runtime's
// guard-page reservation (8 GiB + 64 KiB, so any u32 address + u32 offset
// lands inside it), and a fault past the end becomes an out-of-bounds trap in
// the runtime's SIGSEGV handler, exactly as for compiled code. Calls do not
// recurse on the native stack: frames live in an explicit array, and the call
// depth and value stack are bounded (a runaway recursion traps with "call
// stack exhausted").
#include <signal.h>
#include <sys/mman.h>

#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

#include "wasm/guest.h"
#include "wasm/interp/interp.h"
#include "wasm/interp/module.h"
#include "wasm/module.h"
#include "wasm/wasi.h"

namespace kefka::wasm::interp {
namespace {

using Host = Z_wasi_snapshot_preview1_instance_t;

constexpr size_t kStackSlots = size_t{1} << 22;  // 32 MiB of values, touched as used
constexpr size_t kMaxFrames = size_t{1} << 18;   // call depth

struct Frame {
  const Instr* ret_pc;
  uint64_t* fp;
  uint32_t nres;
};

struct Instance {
  std::shared_ptr<const Module> module;
  Host* host = nullptr;
  wasm_rt_memory_t memory{};
  std::vector<uint64_t> globals;
  std::vector<uint32_t> table;     // function index, UINT32_MAX for null
  std::vector<uint8_t> dropped;    // data segments no longer usable
  std::vector<uint32_t> func_sig;  // canonical type of every function
  uint64_t* stack = nullptr;
  Frame* frames = nullptr;
};

template <typename T>
T* map_array(size_t n) {
  void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<T*>(p);
}

// ---- numeric helpers ----------------------------------------------------------

inline float f32(uint64_t v) {
  return std::bit_cast<float>(static_cast<uint32_t>(v));
}
inline double f64(uint64_t v) {
  return std::bit_cast<double>(v);
}
inline uint64_t bits(float v) {
  return std::bit_cast<uint32_t>(v);
}
inline uint64_t bits(double v) {
  return std::bit_cast<uint64_t>(v);
}

[[noreturn]] inline void trap(wasm_rt_trap_t t) {
  wasm_rt_trap(t);
}

template <typename F>
F wasm_min(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // a NaN
  if (a == b) return std::signbit(a) ? a : b;        // min(-0, +0) = -0
  return a < b ? a : b;
}
template <typename F>
F wasm_max(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// Float to integer: NaN is an invalid conversion, out of range an overflow.
// `lo` and `hi` are exclusive bounds of the truncated value.
template <typename I, typename F>
I trunc_checked(F x, F lo, F hi) {
  if (std::isnan(x)) trap(WASM_RT_TRAP_INVALID_CONVERSION);
  if (!(x > lo && x < hi)) trap(WASM_RT_TRAP_INT_OVERFLOW);
  return static_cast<I>(x);
}
template <typename I, typename F>
I trunc_sat(F x, F lo, F hi) {
  if (std::isnan(x)) return 0;
  if (!(x > lo)) return std::numeric_limits<I>::min();
  if (!(x < hi)) return std::numeric_limits<I>::max();
  return static_cast<I>(x);
}

// Exclusive bounds for each conversion (all exactly representable).
constexpr double kI32Lo = -2147483649.0, kI32Hi = 2147483648.0, kU32Hi = 4294967296.0;
constexpr double kI64Lo = -9223372036854777856.0;  // next double below -2^63
constexpr double kI64Hi = 9223372036854775808.0, kU64Hi = 18446744073709551616.0;
constexpr float kI32LoF = -2147483904.0f;           // next float below -2^31
constexpr float kI64LoF = -9223373136366403584.0f;  // next float below -2^63

template <typename T>
inline T load(const uint8_t* mem, uint64_t addr) {
  T v;
  memcpy(&v, mem + addr, sizeof(T));
  return v;
}
template <typename T>
inline void store(uint8_t* mem, uint64_t addr, T v) {
  memcpy(mem + addr, &v, sizeof(T));
}

// Moves a branch's kept values down to the target height.
inline uint64_t* branch(uint64_t* fp, uint64_t* sp, uint64_t b) {
  auto arity = static_cast<uint32_t>(b >> 32);
  uint64_t* dst = fp + static_cast<uint32_t>(b);
  uint64_t* src = sp - arity;
  for (uint32_t k = 0; k < arity; ++k) dst[k] = src[k];
  return dst + arity;
}

// Returns the new stack top (sp is not passed by reference: its address
// escaping would keep it out of a register in the dispatch loop).
uint64_t* call_host(Instance& in, uint32_t import, uint64_t* sp) {
  const Module& m = *in.module;
  const Import& im = m.imports[import];
  const FuncType& t = m.types[im.type];
  uint64_t* args = sp - t.params.size();
  im.fn(in.host, args);
  return args + t.results.size();
}

// Runs defined function `index` (no parameters, no results: _start and the
// start function) until it returns.
void execute(Instance& in, uint32_t index) {
  const Module& m = *in.module;
  const Instr* const code = m.code.data();
  const Function* const funcs = m.functions.data();
  const BrTarget* const targets = m.br_targets.data();
  uint8_t* const mem = in.memory.data;
  uint64_t* const globals = in.globals.data();
  uint64_t* const stack_end = in.stack + kStackSlots;
  Frame* const frames_begin = in.frames;
  Frame* const frames_end = in.frames + kMaxFrames;
  const uint32_t nimports = static_cast<uint32_t>(m.imports.size());

  Frame* fr = frames_begin;
  const Function* f = &funcs[index];
  uint64_t* fp = in.stack;
  if (fp + f->max_height > stack_end) trap(WASM_RT_TRAP_EXHAUSTION);
  for (uint32_t k = 0; k < f->num_locals; ++k) fp[k] = 0;
  uint64_t* sp = fp + f->num_locals;
  uint32_t nres = f->num_results;
  const Instr* pc = code + f->code;

  // Threaded dispatch: each handler ends in its own indirect jump through
  // this table (better predicted than the one shared jump of a switch).
  const void* table[256];
  for (auto& t : table) t = &&invalid;
  table[kOpUnreachable] = &&op_Unreachable;
  table[kOpDrop] = &&op_Drop;
  table[kOpSelect] = &&op_Select;
  table[kOpLocalGet] = &&op_LocalGet;
  table[kOpLocalSet] = &&op_LocalSet;
  table[kOpLocalTee] = &&op_LocalTee;
  table[kOpGlobalGet] = &&op_GlobalGet;
  table[kOpGlobalSet] = &&op_GlobalSet;
  table[kOpConst] = &&op_Const;
  table[kOpJump] = &&op_Jump;
  table[kOpJumpIfZero] = &&op_JumpIfZero;
  table[kOpJumpIfNonZero] = &&op_JumpIfNonZero;
  table[kOpBr] = &&op_Br;
  table[kOpBrIf] = &&op_BrIf;
  table[kOpBrTable] = &&op_BrTable;
  table[kOpReturn] = &&op_Return;
  table[kOpEnd] = &&op_End;
  table[kOpCallIndirect] = &&op_CallIndirect;
  table[kOpCall] = &&op_Call;
  table[kOpCallHost] = &&op_CallHost;
  table[kOpI32AddImm] = &&op_I32AddImm;
  table[kOpI32AndImm] = &&op_I32AndImm;
  table[kOpLocalI32AddImm] = &&op_LocalI32AddImm;
  table[kOpLocalI32Load] = &&op_LocalI32Load;
  table[kOpLocalI64Load] = &&op_LocalI64Load;
  table[kOpLocalGet2] = &&op_LocalGet2;
  table[kOpLocalSetConst] = &&op_LocalSetConst;
  table[kOpI32MulImm] = &&op_I32MulImm;
  table[kOpLocalI32AndImm] = &&op_LocalI32AndImm;
  table[kOpLocalSetGet] = &&op_LocalSetGet;
  table[kOpLocalTeeGet] = &&op_LocalTeeGet;
  table[kOpLocalCopy] = &&op_LocalCopy;
  table[kOpLocalI32AddImmSet] = &&op_LocalI32AddImmSet;
  table[kOpJumpIfI32Eq] = &&op_JumpIfI32Eq;
  table[kOpJumpIfI32Ne] = &&op_JumpIfI32Ne;
  table[kOpJumpIfI32LtS] = &&op_JumpIfI32LtS;
  table[kOpJumpIfI32LtU] = &&op_JumpIfI32LtU;
  table[kOpJumpIfI32GtS] = &&op_JumpIfI32GtS;
  table[kOpJumpIfI32GtU] = &&op_JumpIfI32GtU;
  table[kOpJumpIfI32LeS] = &&op_JumpIfI32LeS;
  table[kOpJumpIfI32LeU] = &&op_JumpIfI32LeU;
  table[kOpJumpIfI32GeS] = &&op_JumpIfI32GeS;
  table[kOpJumpIfI32GeU] = &&op_JumpIfI32GeU;
  table[0x28] = &&op_28;
  table[0x29] = &&op_29;
  table[0x2A] = &&op_2a;
  table[0x2B] = &&op_2b;
  table[0x2C] = &&op_2c;
  table[0x2D] = &&op_2d;
  table[0x2E] = &&op_2e;
  table[0x2F] = &&op_2f;
  table[0x30] = &&op_30;
  table[0x31] = &&op_31;
  table[0x32] = &&op_32;
  table[0x33] = &&op_33;
  table[0x34] = &&op_34;
  table[0x35] = &&op_35;
  table[0x36] = &&op_36;
  table[0x37] = &&op_37;
  table[0x38] = &&op_38;
  table[0x39] = &&op_39;
  table[0x3A] = &&op_3a;
  table[0x3B] = &&op_3b;
  table[0x3C] = &&op_3c;
  table[0x3D] = &&op_3d;
  table[0x3E] = &&op_3e;
  table[kOpMemorySize] = &&op_MemorySize;
  table[kOpMemoryGrow] = &&op_MemoryGrow;
  table[kPrefixFC + 8] = &&op_fc8;
  table[kPrefixFC + 9] = &&op_fc9;
  table[kPrefixFC + 10] = &&op_fc10;
  table[kPrefixFC + 11] = &&op_fc11;
  table[0x45] = &&op_45;
  table[0x46] = &&op_46;
  table[0x47] = &&op_47;
  table[0x48] = &&op_48;
  table[0x49] = &&op_49;
  table[0x4A] = &&op_4a;
  table[0x4B] = &&op_4b;
  table[0x4C] = &&op_4c;
  table[0x4D] = &&op_4d;
  table[0x4E] = &&op_4e;
  table[0x4F] = &&op_4f;
  table[0x50] = &&op_50;
  table[0x51] = &&op_51;
  table[0x52] = &&op_52;
  table[0x53] = &&op_53;
  table[0x54] = &&op_54;
  table[0x55] = &&op_55;
  table[0x56] = &&op_56;
  table[0x57] = &&op_57;
  table[0x58] = &&op_58;
  table[0x59] = &&op_59;
  table[0x5A] = &&op_5a;
  table[0x5B] = &&op_5b;
  table[0x5C] = &&op_5c;
  table[0x5D] = &&op_5d;
  table[0x5E] = &&op_5e;
  table[0x5F] = &&op_5f;
  table[0x60] = &&op_60;
  table[0x61] = &&op_61;
  table[0x62] = &&op_62;
  table[0x63] = &&op_63;
  table[0x64] = &&op_64;
  table[0x65] = &&op_65;
  table[0x66] = &&op_66;
  table[0x67] = &&op_67;
  table[0x68] = &&op_68;
  table[0x69] = &&op_69;
  table[0x6A] = &&op_6a;
  table[0x6B] = &&op_6b;
  table[0x6C] = &&op_6c;
  table[0x6D] = &&op_6d;
  table[0x6E] = &&op_6e;
  table[0x6F] = &&op_6f;
  table[0x70] = &&op_70;
  table[0x71] = &&op_71;
  table[0x72] = &&op_72;
  table[0x73] = &&op_73;
  table[0x74] = &&op_74;
  table[0x75] = &&op_75;
  table[0x76] = &&op_76;
  table[0x77] = &&op_77;
  table[0x78] = &&op_78;
  table[0x79] = &&op_79;
  table[0x7A] = &&op_7a;
  table[0x7B] = &&op_7b;
  table[0x7C] = &&op_7c;
  table[0x7D] = &&op_7d;
  table[0x7E] = &&op_7e;
  table[0x7F] = &&op_7f;
  table[0x80] = &&op_80;
  table[0x81] = &&op_81;
  table[0x82] = &&op_82;
  table[0x83] = &&op_83;
  table[0x84] = &&op_84;
  table[0x85] = &&op_85;
  table[0x86] = &&op_86;
  table[0x87] = &&op_87;
  table[0x88] = &&op_88;
  table[0x89] = &&op_89;
  table[0x8A] = &&op_8a;
  table[0x8B] = &&op_8b;
  table[0x8C] = &&op_8c;
  table[0x8D] = &&op_8d;
  table[0x8E] = &&op_8e;
  table[0x8F] = &&op_8f;
  table[0x90] = &&op_90;
  table[0x91] = &&op_91;
  table[0x92] = &&op_92;
  table[0x93] = &&op_93;
  table[0x94] = &&op_94;
  table[0x95] = &&op_95;
  table[0x96] = &&op_96;
  table[0x97] = &&op_97;
  table[0x98] = &&op_98;
  table[0x99] = &&op_99;
  table[0x9A] = &&op_9a;
  table[0x9B] = &&op_9b;
  table[0x9C] = &&op_9c;
  table[0x9D] = &&op_9d;
  table[0x9E] = &&op_9e;
  table[0x9F] = &&op_9f;
  table[0xA0] = &&op_a0;
  table[0xA1] = &&op_a1;
  table[0xA2] = &&op_a2;
  table[0xA3] = &&op_a3;
  table[0xA4] = &&op_a4;
  table[0xA5] = &&op_a5;
  table[0xA6] = &&op_a6;
  table[0xA7] = &&op_a7;
  table[0xA8] = &&op_a8;
  table[0xA9] = &&op_a9;
  table[0xAA] = &&op_aa;
  table[0xAB] = &&op_ab;
  table[0xAC] = &&op_ac;
  table[0xAD] = &&op_ad;
  table[0xAE] = &&op_ae;
  table[0xAF] = &&op_af;
  table[0xB0] = &&op_b0;
  table[0xB1] = &&op_b1;
  table[0xB2] = &&op_b2;
  table[0xB3] = &&op_b3;
  table[0xB4] = &&op_b4;
  table[0xB5] = &&op_b5;
  table[0xB6] = &&op_b6;
  table[0xB7] = &&op_b7;
  table[0xB8] = &&op_b8;
  table[0xB9] = &&op_b9;
  table[0xBA] = &&op_ba;
  table[0xBB] = &&op_bb;
  table[0xBC] = &&op_bc;
  table[0xBD] = &&op_bd;
  table[0xBE] = &&op_be;
  table[0xBF] = &&op_bf;
  table[0xC0] = &&op_c0;
  table[0xC1] = &&op_c1;
  table[0xC2] = &&op_c2;
  table[0xC3] = &&op_c3;
  table[0xC4] = &&op_c4;
  table[kPrefixFC + 0] = &&op_fc0;
  table[kPrefixFC + 1] = &&op_fc1;
  table[kPrefixFC + 2] = &&op_fc2;
  table[kPrefixFC + 3] = &&op_fc3;
  table[kPrefixFC + 4] = &&op_fc4;
  table[kPrefixFC + 5] = &&op_fc5;
  table[kPrefixFC + 6] = &&op_fc6;
  table[kPrefixFC + 7] = &&op_fc7;
  const Instr* ip;
#define NEXT()           \
  do {                   \
    ip = pc++;           \
    goto* table[ip->op]; \
  } while (0)
  NEXT();
  {
#define UN(T, GET, PUT, expr) \
  {                           \
    T a = GET(sp[-1]);        \
    sp[-1] = PUT(expr);       \
    NEXT();                   \
  }
#define BIN(T, GET, PUT, expr) \
  {                            \
    T b = GET(sp[-1]);         \
    T a = GET(sp[-2]);         \
    --sp;                      \
    sp[-1] = PUT(expr);        \
    NEXT();                    \
  }
#define U32(v) static_cast<uint32_t>(v)
#define S32(v) static_cast<int32_t>(static_cast<uint32_t>(v))
#define U64(v) static_cast<uint64_t>(v)
#define S64(v) static_cast<int64_t>(v)
#define P32(v) static_cast<uint64_t>(static_cast<uint32_t>(v))
#define P64(v) static_cast<uint64_t>(v)
#define PB(v) static_cast<uint64_t>((v) ? 1 : 0)
#define F32(v) f32(v)
#define F64(v) f64(v)
#define PF(v) bits(v)
  op_Unreachable:
    trap(WASM_RT_TRAP_UNREACHABLE);
  op_Drop:
    --sp;
    NEXT();
  op_Select : {
    uint32_t c = U32(sp[-1]);
    sp -= 2;
    if (!c) sp[-1] = sp[0];
    NEXT();
  }
  op_LocalGet:
    *sp++ = fp[ip->a];
    NEXT();
  op_LocalSet:
    fp[ip->a] = *--sp;
    NEXT();
  op_LocalTee:
    fp[ip->a] = sp[-1];
    NEXT();
  op_GlobalGet:
    *sp++ = globals[ip->a];
    NEXT();
  op_GlobalSet:
    globals[ip->a] = *--sp;
    NEXT();
  op_Const:
    *sp++ = ip->b;
    NEXT();
  op_Jump:
    pc = code + ip->a;
    NEXT();
  op_JumpIfZero:
    if (!U32(*--sp)) pc = code + ip->a;
    NEXT();
  op_JumpIfNonZero:
    if (U32(*--sp)) pc = code + ip->a;
    NEXT();
  op_Br:
    sp = branch(fp, sp, ip->b);
    pc = code + ip->a;
    NEXT();
  op_BrIf:
    if (U32(*--sp)) {
      sp = branch(fp, sp, ip->b);
      pc = code + ip->a;
    }
    NEXT();
  op_BrTable : {
    uint32_t k = U32(*--sp);
    const BrTarget& t = targets[ip->b + (k < ip->a ? k : ip->a)];
    sp = branch(fp, sp, (uint64_t{t.arity} << 32) | t.height);
    pc = code + t.pc;
    NEXT();
  }
  op_Return:
  op_End : {
    uint64_t* src = sp - nres;
    for (uint32_t k = 0; k < nres; ++k) fp[k] = src[k];
    sp = fp + nres;
    if (fr == frames_begin) return;
    --fr;
    pc = fr->ret_pc;
    fp = fr->fp;
    nres = fr->nres;
    NEXT();
  }
  op_CallIndirect : {
    uint32_t k = U32(*--sp);
    if (k >= in.table.size()) trap(WASM_RT_TRAP_CALL_INDIRECT);
    uint32_t callee = in.table[k];
    if (callee == UINT32_MAX || in.func_sig[callee] != ip->a) trap(WASM_RT_TRAP_CALL_INDIRECT);
    if (callee < nimports) {
      sp = call_host(in, callee, sp);
      NEXT();
    }
    f = &funcs[callee - nimports];
    goto call;
  }
  op_Call:
    f = &funcs[ip->a];
  call : {
    uint64_t* nfp = sp - f->num_params;
    if (nfp + f->max_height > stack_end || fr == frames_end) {
      trap(WASM_RT_TRAP_EXHAUSTION);
    }
    *fr++ = Frame{pc, fp, nres};
    for (uint32_t k = f->num_params; k < f->num_locals; ++k) nfp[k] = 0;
    fp = nfp;
    sp = fp + f->num_locals;
    nres = f->num_results;
    pc = code + f->code;
    NEXT();
  }
  op_CallHost:
    sp = call_host(in, ip->a, sp);
    NEXT();
  op_I32AddImm:
    sp[-1] = P32(U32(sp[-1]) + ip->a);
    NEXT();
  op_I32AndImm:
    sp[-1] = U32(sp[-1]) & ip->a;
    NEXT();
  op_LocalI32AddImm:
    *sp++ = P32(U32(fp[ip->b]) + ip->a);
    NEXT();
  op_LocalI32Load:
    *sp++ = load<uint32_t>(mem, U64(U32(fp[ip->b])) + ip->a);
    NEXT();
  op_LocalI64Load:
    *sp++ = load<uint64_t>(mem, U64(U32(fp[ip->b])) + ip->a);
    NEXT();
  op_LocalGet2:
    sp[0] = fp[ip->a];
    sp[1] = fp[ip->b];
    sp += 2;
    NEXT();
  op_LocalSetConst:
    fp[ip->a] = ip->b;
    NEXT();
  op_I32MulImm:
    sp[-1] = P32(U32(sp[-1]) * ip->a);
    NEXT();
  op_LocalI32AndImm:
    *sp++ = U32(fp[ip->b]) & ip->a;
    NEXT();
  op_LocalSetGet:
    fp[ip->a] = sp[-1];
    sp[-1] = fp[ip->b];
    NEXT();
  op_LocalTeeGet:
    fp[ip->a] = sp[-1];
    *sp++ = fp[ip->b];
    NEXT();
  op_LocalCopy:
    fp[ip->a] = fp[ip->b];
    NEXT();
  op_LocalI32AddImmSet:
    fp[ip->b >> 32] = P32(U32(fp[static_cast<uint32_t>(ip->b)]) + ip->a);
    NEXT();
#define CMP_JUMP(T, GET, cmp)       \
  {                                 \
    T b = GET(sp[-1]);              \
    T a = GET(sp[-2]);              \
    sp -= 2;                        \
    if (a cmp b) pc = code + ip->a; \
    NEXT();                         \
  }
  op_JumpIfI32Eq:
    CMP_JUMP(uint32_t, U32, ==)
  op_JumpIfI32Ne:
    CMP_JUMP(uint32_t, U32, !=)
  op_JumpIfI32LtS:
    CMP_JUMP(int32_t, S32, <)
  op_JumpIfI32LtU:
    CMP_JUMP(uint32_t, U32, <)
  op_JumpIfI32GtS:
    CMP_JUMP(int32_t, S32, >)
  op_JumpIfI32GtU:
    CMP_JUMP(uint32_t, U32, >)
  op_JumpIfI32LeS:
    CMP_JUMP(int32_t, S32, <=)
  op_JumpIfI32LeU:
    CMP_JUMP(uint32_t, U32, <=)
  op_JumpIfI32GeS:
    CMP_JUMP(int32_t, S32, >=)
  op_JumpIfI32GeU:
    CMP_JUMP(uint32_t, U32, >=)

    // ---- memory ----
#define ADDR (U64(U32(sp[-1])) + ip->a)
#define LOAD(T, PUT)                \
  sp[-1] = PUT(load<T>(mem, ADDR)); \
  NEXT();
  op_28:
    LOAD(uint32_t, P32)
  op_29:
    LOAD(uint64_t, P64)
  op_2a:
    LOAD(uint32_t, P32)
  op_2b:
    LOAD(uint64_t, P64)
  op_2c:
    LOAD(int8_t, P32)
  op_2d:
    LOAD(uint8_t, P32)
  op_2e:
    LOAD(int16_t, P32)
  op_2f:
    LOAD(uint16_t, P32)
  op_30:
    LOAD(int8_t, P64)
  op_31:
    LOAD(uint8_t, P64)
  op_32:
    LOAD(int16_t, P64)
  op_33:
    LOAD(uint16_t, P64)
  op_34:
    LOAD(int32_t, P64)
  op_35:
    LOAD(uint32_t, P64)
#define STORE(T)                                               \
  {                                                            \
    uint64_t v = sp[-1];                                       \
    sp -= 2;                                                   \
    store<T>(mem, U64(U32(sp[0])) + ip->a, static_cast<T>(v)); \
    NEXT();                                                    \
  }
  op_36:
    STORE(uint32_t)
  op_37:
    STORE(uint64_t)
  op_38:
    STORE(uint32_t)
  op_39:
    STORE(uint64_t)
  op_3a:
    STORE(uint8_t)
  op_3b:
    STORE(uint16_t)
  op_3c:
    STORE(uint8_t)
  op_3d:
    STORE(uint16_t)
  op_3e:
    STORE(uint32_t)
  op_MemorySize:
    *sp++ = in.memory.pages;
    NEXT();
  op_MemoryGrow:
    sp[-1] = wasm_rt_grow_memory(&in.memory, U32(sp[-1]));
    NEXT();
  op_fc8 : {  // memory.init
    uint32_t n = U32(sp[-1]), s = U32(sp[-2]), d = U32(sp[-3]);
    sp -= 3;
    const Segment& seg = m.datas[ip->a];
    uint64_t len = in.dropped[ip->a] ? 0 : seg.bytes.size();
    if (U64(s) + n > len || U64(d) + n > in.memory.size) trap(WASM_RT_TRAP_OOB);
    if (n) memcpy(mem + d, seg.bytes.data() + s, n);
    NEXT();
  }
  op_fc9:
    in.dropped[ip->a] = 1;
    NEXT();
  op_fc10 : {  // memory.copy
    uint32_t n = U32(sp[-1]), s = U32(sp[-2]), d = U32(sp[-3]);
    sp -= 3;
    if (U64(s) + n > in.memory.size || U64(d) + n > in.memory.size) trap(WASM_RT_TRAP_OOB);
    memmove(mem + d, mem + s, n);
    NEXT();
  }
  op_fc11 : {  // memory.fill
    uint32_t n = U32(sp[-1]), v = U32(sp[-2]), d = U32(sp[-3]);
    sp -= 3;
    if (U64(d) + n > in.memory.size) trap(WASM_RT_TRAP_OOB);
    memset(mem + d, static_cast<int>(v & 0xff), n);
    NEXT();
  }

  // ---- i32 ----
  op_45:
    UN(uint32_t, U32, PB, a == 0)
  op_46:
    BIN(uint32_t, U32, PB, a == b)
  op_47:
    BIN(uint32_t, U32, PB, a != b)
  op_48:
    BIN(int32_t, S32, PB, a < b)
  op_49:
    BIN(uint32_t, U32, PB, a < b)
  op_4a:
    BIN(int32_t, S32, PB, a > b)
  op_4b:
    BIN(uint32_t, U32, PB, a > b)
  op_4c:
    BIN(int32_t, S32, PB, a <= b)
  op_4d:
    BIN(uint32_t, U32, PB, a <= b)
  op_4e:
    BIN(int32_t, S32, PB, a >= b)
  op_4f:
    BIN(uint32_t, U32, PB, a >= b)
  // ---- i64 compare ----
  op_50:
    UN(uint64_t, U64, PB, a == 0)
  op_51:
    BIN(uint64_t, U64, PB, a == b)
  op_52:
    BIN(uint64_t, U64, PB, a != b)
  op_53:
    BIN(int64_t, S64, PB, a < b)
  op_54:
    BIN(uint64_t, U64, PB, a < b)
  op_55:
    BIN(int64_t, S64, PB, a > b)
  op_56:
    BIN(uint64_t, U64, PB, a > b)
  op_57:
    BIN(int64_t, S64, PB, a <= b)
  op_58:
    BIN(uint64_t, U64, PB, a <= b)
  op_59:
    BIN(int64_t, S64, PB, a >= b)
  op_5a:
    BIN(uint64_t, U64, PB, a >= b)
  // ---- float compare ----
  op_5b:
    BIN(float, F32, PB, a == b)
  op_5c:
    BIN(float, F32, PB, a != b)
  op_5d:
    BIN(float, F32, PB, a < b)
  op_5e:
    BIN(float, F32, PB, a > b)
  op_5f:
    BIN(float, F32, PB, a <= b)
  op_60:
    BIN(float, F32, PB, a >= b)
  op_61:
    BIN(double, F64, PB, a == b)
  op_62:
    BIN(double, F64, PB, a != b)
  op_63:
    BIN(double, F64, PB, a < b)
  op_64:
    BIN(double, F64, PB, a > b)
  op_65:
    BIN(double, F64, PB, a <= b)
  op_66:
    BIN(double, F64, PB, a >= b)
  // ---- i32 arithmetic ----
  op_67:
    UN(uint32_t, U32, P32, std::countl_zero(a))
  op_68:
    UN(uint32_t, U32, P32, std::countr_zero(a))
  op_69:
    UN(uint32_t, U32, P32, std::popcount(a))
  op_6a:
    BIN(uint32_t, U32, P32, a + b)
  op_6b:
    BIN(uint32_t, U32, P32, a - b)
  op_6c:
    BIN(uint32_t, U32, P32, a * b)
  op_6d : {
    int32_t b = S32(sp[-1]), a = S32(sp[-2]);
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    if (a == INT32_MIN && b == -1) trap(WASM_RT_TRAP_INT_OVERFLOW);
    --sp;
    sp[-1] = P32(a / b);
    NEXT();
  }
  op_6e : {
    uint32_t b = U32(sp[-1]), a = U32(sp[-2]);
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    --sp;
    sp[-1] = P32(a / b);
    NEXT();
  }
  op_6f : {
    int32_t b = S32(sp[-1]), a = S32(sp[-2]);
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    --sp;
    sp[-1] = P32(b == -1 ? 0 : a % b);
    NEXT();
  }
  op_70 : {
    uint32_t b = U32(sp[-1]), a = U32(sp[-2]);
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    --sp;
    sp[-1] = P32(a % b);
    NEXT();
  }
  op_71:
    BIN(uint32_t, U32, P32, a & b)
  op_72:
    BIN(uint32_t, U32, P32, a | b)
  op_73:
    BIN(uint32_t, U32, P32, a ^ b)
  op_74:
    BIN(uint32_t, U32, P32, a << (b & 31))
  op_75:
    BIN(int32_t, S32, P32, a >> (b & 31))
  op_76:
    BIN(uint32_t, U32, P32, a >> (b & 31))
  op_77:
    BIN(uint32_t, U32, P32, std::rotl(a, static_cast<int>(b & 31)))
  op_78:
    BIN(uint32_t, U32, P32, std::rotr(a, static_cast<int>(b & 31)))
  // ---- i64 arithmetic ----
  op_79:
    UN(uint64_t, U64, P64, std::countl_zero(a))
  op_7a:
    UN(uint64_t, U64, P64, std::countr_zero(a))
  op_7b:
    UN(uint64_t, U64, P64, std::popcount(a))
  op_7c:
    BIN(uint64_t, U64, P64, a + b)
  op_7d:
    BIN(uint64_t, U64, P64, a - b)
  op_7e:
    BIN(uint64_t, U64, P64, a * b)
  op_7f : {
    int64_t b = S64(sp[-1]), a = S64(sp[-2]);
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    if (a == INT64_MIN && b == -1) trap(WASM_RT_TRAP_INT_OVERFLOW);
    --sp;
    sp[-1] = P64(a / b);
    NEXT();
  }
  op_80 : {
    uint64_t b = sp[-1], a = sp[-2];
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    --sp;
    sp[-1] = a / b;
    NEXT();
  }
  op_81 : {
    int64_t b = S64(sp[-1]), a = S64(sp[-2]);
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    --sp;
    sp[-1] = P64(b == -1 ? 0 : a % b);
    NEXT();
  }
  op_82 : {
    uint64_t b = sp[-1], a = sp[-2];
    if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
    --sp;
    sp[-1] = a % b;
    NEXT();
  }
  op_83:
    BIN(uint64_t, U64, P64, a & b)
  op_84:
    BIN(uint64_t, U64, P64, a | b)
  op_85:
    BIN(uint64_t, U64, P64, a ^ b)
  op_86:
    BIN(uint64_t, U64, P64, a << (b & 63))
  op_87:
    BIN(int64_t, S64, P64, a >> (b & 63))
  op_88:
    BIN(uint64_t, U64, P64, a >> (b & 63))
  op_89:
    BIN(uint64_t, U64, P64, std::rotl(a, static_cast<int>(b & 63)))
  op_8a:
    BIN(uint64_t, U64, P64, std::rotr(a, static_cast<int>(b & 63)))
  // ---- f32 ----  (abs, neg, copysign work on the bits: NaNs keep their payload)
  op_8b:
    sp[-1] &= 0x7fffffffu;
    NEXT();
  op_8c:
    sp[-1] = U32(sp[-1]) ^ 0x80000000u;
    NEXT();
  op_8d:
    UN(float, F32, PF, std::ceil(a))
  op_8e:
    UN(float, F32, PF, std::floor(a))
  op_8f:
    UN(float, F32, PF, std::trunc(a))
  op_90:
    UN(float, F32, PF, std::nearbyint(a))
  op_91:
    UN(float, F32, PF, std::sqrt(a))
  op_92:
    BIN(float, F32, PF, a + b)
  op_93:
    BIN(float, F32, PF, a - b)
  op_94:
    BIN(float, F32, PF, a* b)
  op_95:
    BIN(float, F32, PF, a / b)
  op_96:
    BIN(float, F32, PF, wasm_min(a, b))
  op_97:
    BIN(float, F32, PF, wasm_max(a, b))
  op_98:
    BIN(uint32_t, U32, P32, (a & 0x7fffffffu) | (b & 0x80000000u))
  // ---- f64 ----
  op_99:
    sp[-1] &= ~(uint64_t{1} << 63);
    NEXT();
  op_9a:
    sp[-1] ^= uint64_t{1} << 63;
    NEXT();
  op_9b:
    UN(double, F64, PF, std::ceil(a))
  op_9c:
    UN(double, F64, PF, std::floor(a))
  op_9d:
    UN(double, F64, PF, std::trunc(a))
  op_9e:
    UN(double, F64, PF, std::nearbyint(a))
  op_9f:
    UN(double, F64, PF, std::sqrt(a))
  op_a0:
    BIN(double, F64, PF, a + b)
  op_a1:
    BIN(double, F64, PF, a - b)
  op_a2:
    BIN(double, F64, PF, a* b)
  op_a3:
    BIN(double, F64, PF, a / b)
  op_a4:
    BIN(double, F64, PF, wasm_min(a, b))
  op_a5:
    BIN(double, F64, PF, wasm_max(a, b))
  op_a6:
    BIN(uint64_t, U64, P64, (a & ~(uint64_t{1} << 63)) | (b & (uint64_t{1} << 63)))
  // ---- conversions ----
  op_a7:
    sp[-1] = P32(sp[-1]);
    NEXT();
  op_a8:
    UN(float, F32, P32, (trunc_checked<int32_t, float>(a, kI32LoF, 2147483648.0f)))
  op_a9:
    UN(float, F32, P32, (trunc_checked<uint32_t, float>(a, -1.0f, 4294967296.0f)))
  op_aa:
    UN(double, F64, P32, (trunc_checked<int32_t, double>(a, kI32Lo, kI32Hi)))
  op_ab:
    UN(double, F64, P32, (trunc_checked<uint32_t, double>(a, -1.0, kU32Hi)))
  op_ac:
    UN(int32_t, S32, P64, static_cast<int64_t>(a))
  op_ad:
    UN(uint32_t, U32, P64, a)
  op_ae:
    UN(float, F32, P64, (trunc_checked<int64_t, float>(a, kI64LoF, 9223372036854775808.0f)))
  op_af:
    UN(float, F32, P64, (trunc_checked<uint64_t, float>(a, -1.0f, 18446744073709551616.0f)))
  op_b0:
    UN(double, F64, P64, (trunc_checked<int64_t, double>(a, kI64Lo, kI64Hi)))
  op_b1:
    UN(double, F64, P64, (trunc_checked<uint64_t, double>(a, -1.0, kU64Hi)))
  op_b2:
    UN(int32_t, S32, PF, static_cast<float>(a))
  op_b3:
    UN(uint32_t, U32, PF, static_cast<float>(a))
  op_b4:
    UN(int64_t, S64, PF, static_cast<float>(a))
  op_b5:
    UN(uint64_t, U64, PF, static_cast<float>(a))
  op_b6:
    UN(double, F64, PF, static_cast<float>(a))
  op_b7:
    UN(int32_t, S32, PF, static_cast<double>(a))
  op_b8:
    UN(uint32_t, U32, PF, static_cast<double>(a))
  op_b9:
    UN(int64_t, S64, PF, static_cast<double>(a))
  op_ba:
    UN(uint64_t, U64, PF, static_cast<double>(a))
  op_bb:
    UN(float, F32, PF, static_cast<double>(a))
  op_bc:  // reinterpretations: the slot already holds the bits
  op_bd:
  op_be:
  op_bf:
    NEXT();
  op_c0:
    UN(uint32_t, U32, P32, static_cast<int8_t>(a))
  op_c1:
    UN(uint32_t, U32, P32, static_cast<int16_t>(a))
  op_c2:
    UN(uint64_t, U64, P64, static_cast<int8_t>(a))
  op_c3:
    UN(uint64_t, U64, P64, static_cast<int16_t>(a))
  op_c4:
    UN(uint64_t, U64, P64, static_cast<int32_t>(a))
  // ---- saturating truncation ----
  op_fc0:
    UN(float, F32, P32, (trunc_sat<int32_t, float>(a, kI32LoF, 2147483648.0f)))
  op_fc1:
    UN(float, F32, P32, (trunc_sat<uint32_t, float>(a, -1.0f, 4294967296.0f)))
  op_fc2:
    UN(double, F64, P32, (trunc_sat<int32_t, double>(a, kI32Lo, kI32Hi)))
  op_fc3:
    UN(double, F64, P32, (trunc_sat<uint32_t, double>(a, -1.0, kU32Hi)))
  op_fc4:
    UN(float, F32, P64, (trunc_sat<int64_t, float>(a, kI64LoF, 9223372036854775808.0f)))
  op_fc5:
    UN(float, F32, P64, (trunc_sat<uint64_t, float>(a, -1.0f, 18446744073709551616.0f)))
  op_fc6:
    UN(double, F64, P64, (trunc_sat<int64_t, double>(a, kI64Lo, kI64Hi)))
  op_fc7:
    UN(double, F64, P64, (trunc_sat<uint64_t, double>(a, -1.0, kU64Hi)))
  invalid:
    trap(WASM_RT_TRAP_UNREACHABLE);  // the decoder emits no other op
  }
#undef NEXT
#undef UN
#undef BIN
#undef U32
#undef S32
#undef U64
#undef S64
#undef P32
#undef P64
#undef PB
#undef F32
#undef F64
#undef PF
#undef ADDR
#undef LOAD
#undef STORE
#undef CMP_JUMP
}

// ---- the ModuleDesc glue ------------------------------------------------------

// ModuleDesc's functions take no context, so each running interpreted module
// borrows one of kSlots descriptors whose allocate() knows its slot.
constexpr size_t kSlots = 64;
std::mutex g_slots_mu;
std::condition_variable g_slots_cv;
std::shared_ptr<const Module> g_slot_module[kSlots];
bool g_slot_busy[kSlots];

void init_module() {}

void* allocate_instance(size_t slot) {
  std::shared_ptr<const Module> module;
  {
    std::lock_guard lock(g_slots_mu);
    module = g_slot_module[slot];
  }
  auto* in = new (std::nothrow) Instance;
  if (!in) return nullptr;
  try {
    const Module& m = *module;
    in->module = std::move(module);
    for (const Global& g : m.globals) in->globals.push_back(g.init);
    if (m.has_table) in->table.assign(m.table_min, UINT32_MAX);
    in->dropped.assign(m.datas.size(), 0);
    uint32_t total = static_cast<uint32_t>(m.imports.size() + m.functions.size());
    for (uint32_t f = 0; f < total; ++f) in->func_sig.push_back(m.canonical[m.type_of(f)]);
  } catch (const std::bad_alloc&) {
    delete in;
    return nullptr;
  }
  in->stack = map_array<uint64_t>(kStackSlots);
  in->frames = map_array<Frame>(kMaxFrames);
  if (!in->stack || !in->frames) {
    if (in->stack) munmap(in->stack, kStackSlots * sizeof(uint64_t));
    if (in->frames) munmap(in->frames, kMaxFrames * sizeof(Frame));
    delete in;
    return nullptr;
  }
  return in;
}

template <size_t N>
void* allocate_slot() {
  return allocate_instance(N);
}

void call_function(Instance& in, uint32_t func) {
  uint32_t nimports = static_cast<uint32_t>(in.module->imports.size());
  if (func < nimports) {
    uint64_t slot[1] = {0};
    call_host(in, func, slot);
  } else {
    execute(in, func - nimports);
  }
}

void instantiate(void* instance, Host* host) {
  Instance& in = *static_cast<Instance*>(instance);
  const Module& m = *in.module;
  in.host = host;
  wasm_rt_allocate_memory(&in.memory, m.memory_min, m.memory_max);
  host->memory = &in.memory;
  for (const Segment& seg : m.elems) {
    if (!seg.active) continue;
    if (uint64_t{seg.offset} + seg.funcs.size() > in.table.size()) trap(WASM_RT_TRAP_OOB);
    std::copy(seg.funcs.begin(), seg.funcs.end(), in.table.begin() + seg.offset);
  }
  for (size_t k = 0; k < m.datas.size(); ++k) {
    const Segment& seg = m.datas[k];
    if (!seg.active) continue;
    if (uint64_t{seg.offset} + seg.bytes.size() > in.memory.size) trap(WASM_RT_TRAP_OOB);
    memcpy(in.memory.data + seg.offset, seg.bytes.data(), seg.bytes.size());
    in.dropped[k] = 1;  // an active segment is dropped once applied
  }
  if (m.start_func != UINT32_MAX) call_function(in, m.start_func);
}

void start(void* instance) {
  Instance& in = *static_cast<Instance*>(instance);
  call_function(in, in.module->entry_func);
}

void release(void* instance) {
  auto* in = static_cast<Instance*>(instance);
  wasm_rt_free_memory(&in->memory);
  munmap(in->stack, kStackSlots * sizeof(uint64_t));
  munmap(in->frames, kMaxFrames * sizeof(Frame));
  delete in;
}

wasm_rt_memory_t* memory_of(void* instance) {
  return &static_cast<Instance*>(instance)->memory;
}

template <size_t... N>
std::array<ModuleDesc, kSlots> make_descs(std::index_sequence<N...>) {
  return {ModuleDesc{"interp", &init_module, &allocate_slot<N>, &instantiate, &start, &release,
                     &memory_of}...};
}
const std::array<ModuleDesc, kSlots> g_descs = make_descs(std::make_index_sequence<kSlots>{});

// Holds a slot for one run; waits (honouring the Budget) while all are busy.
class SlotLease {
 public:
  SlotLease(std::shared_ptr<const Module> module, Budget& budget) {
    std::unique_lock lock(g_slots_mu);
    for (;;) {
      for (size_t k = 0; k < kSlots; ++k) {
        if (!g_slot_busy[k]) {
          g_slot_busy[k] = true;
          g_slot_module[k] = std::move(module);
          slot_ = k;
          return;
        }
      }
      g_slots_cv.wait_for(lock, std::chrono::milliseconds(10));
      lock.unlock();
      budget.check();
      lock.lock();
    }
  }
  ~SlotLease() {
    {
      std::lock_guard lock(g_slots_mu);
      g_slot_busy[slot_] = false;
      g_slot_module[slot_].reset();
    }
    g_slots_cv.notify_one();
  }
  SlotLease(const SlotLease&) = delete;
  SlotLease& operator=(const SlotLease&) = delete;
  const ModuleDesc& desc() const { return g_descs[slot_]; }

 private:
  size_t slot_ = 0;
};

// Decoded modules by content hash: a few, so repeated runs skip decoding.
constexpr size_t kCachedModules = 8;
std::mutex g_cache_mu;
std::map<std::string, std::shared_ptr<const Module>> g_cache;

void report(RunConfig& config, const std::string& message) {
  std::string name = config.argv.empty() ? "wasm" : config.argv[0];
  if (auto err = config.fds.get(2)) (void)write_all(*err, name + ": " + message + "\n");
}

std::atomic<bool> g_always_interpret{false};

}  // namespace

void set_always_interpret(bool on) {
  g_always_interpret = on;
}
bool always_interpret() {
  return g_always_interpret;
}

int run(std::shared_ptr<const Module> module, RunConfig& config) {
  if (!module) {
    report(config, "no WebAssembly module to run");
    return 126;
  }
  SlotLease lease(std::move(module), config.budget);
  return run_described(lease.desc(), config);
}

int run_bytes(std::string_view bytes, const std::string& hash, RunConfig& config) {
  std::shared_ptr<const Module> module;
  {
    std::lock_guard lock(g_cache_mu);
    auto it = g_cache.find(hash);
    if (it != g_cache.end()) module = it->second;
  }
  if (!module) {
    std::string error;
    module = decode(bytes, &error);
    if (!module) {
      report(config, error);
      return 126;
    }
    std::lock_guard lock(g_cache_mu);
    if (g_cache.size() >= kCachedModules) g_cache.erase(g_cache.begin());
    g_cache.emplace(hash, module);
  }
  return run(std::move(module), config);
}

}  // namespace kefka::wasm::interp

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

void call_host(Instance& in, uint32_t import, uint64_t*& sp) {
  const Module& m = *in.module;
  const Import& im = m.imports[import];
  const FuncType& t = m.types[im.type];
  uint64_t* args = sp - t.params.size();
  im.fn(in.host, args);
  sp = args + t.results.size();
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

  for (;;) {
    const Instr& i = *pc++;
    switch (i.op) {
#define UN(T, GET, PUT, expr) \
  {                           \
    T a = GET(sp[-1]);        \
    sp[-1] = PUT(expr);       \
    break;                    \
  }
#define BIN(T, GET, PUT, expr) \
  {                            \
    T b = GET(sp[-1]);         \
    T a = GET(sp[-2]);         \
    --sp;                      \
    sp[-1] = PUT(expr);        \
    break;                     \
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
      case kOpUnreachable:
        trap(WASM_RT_TRAP_UNREACHABLE);
      case kOpDrop:
        --sp;
        break;
      case kOpSelect: {
        uint32_t c = U32(sp[-1]);
        sp -= 2;
        if (!c) sp[-1] = sp[0];
        break;
      }
      case kOpLocalGet:
        *sp++ = fp[i.a];
        break;
      case kOpLocalSet:
        fp[i.a] = *--sp;
        break;
      case kOpLocalTee:
        fp[i.a] = sp[-1];
        break;
      case kOpGlobalGet:
        *sp++ = globals[i.a];
        break;
      case kOpGlobalSet:
        globals[i.a] = *--sp;
        break;
      case kOpConst:
        *sp++ = i.b;
        break;
      case kOpJump:
        pc = code + i.a;
        break;
      case kOpJumpIfZero:
        if (!U32(*--sp)) pc = code + i.a;
        break;
      case kOpJumpIfNonZero:
        if (U32(*--sp)) pc = code + i.a;
        break;
      case kOpBr:
        sp = branch(fp, sp, i.b);
        pc = code + i.a;
        break;
      case kOpBrIf:
        if (U32(*--sp)) {
          sp = branch(fp, sp, i.b);
          pc = code + i.a;
        }
        break;
      case kOpBrTable: {
        uint32_t k = U32(*--sp);
        const BrTarget& t = targets[i.b + (k < i.a ? k : i.a)];
        sp = branch(fp, sp, (uint64_t{t.arity} << 32) | t.height);
        pc = code + t.pc;
        break;
      }
      case kOpReturn:
      case kOpEnd: {
        uint64_t* src = sp - nres;
        for (uint32_t k = 0; k < nres; ++k) fp[k] = src[k];
        sp = fp + nres;
        if (fr == frames_begin) return;
        --fr;
        pc = fr->ret_pc;
        fp = fr->fp;
        nres = fr->nres;
        break;
      }
      case kOpCallIndirect: {
        uint32_t k = U32(*--sp);
        if (k >= in.table.size()) trap(WASM_RT_TRAP_CALL_INDIRECT);
        uint32_t callee = in.table[k];
        if (callee == UINT32_MAX || in.func_sig[callee] != i.a) trap(WASM_RT_TRAP_CALL_INDIRECT);
        if (callee < nimports) {
          call_host(in, callee, sp);
          break;
        }
        f = &funcs[callee - nimports];
        goto call;
      }
      case kOpCall:
        f = &funcs[i.a];
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
        break;
      }
      case kOpCallHost:
        call_host(in, i.a, sp);
        break;

        // ---- memory ----
#define ADDR (U64(U32(sp[-1])) + i.a)
#define LOAD(T, PUT)                \
  sp[-1] = PUT(load<T>(mem, ADDR)); \
  break;
      case 0x28:
        LOAD(uint32_t, P32)
      case 0x29:
        LOAD(uint64_t, P64)
      case 0x2A:
        LOAD(uint32_t, P32)
      case 0x2B:
        LOAD(uint64_t, P64)
      case 0x2C:
        LOAD(int8_t, P32)
      case 0x2D:
        LOAD(uint8_t, P32)
      case 0x2E:
        LOAD(int16_t, P32)
      case 0x2F:
        LOAD(uint16_t, P32)
      case 0x30:
        LOAD(int8_t, P64)
      case 0x31:
        LOAD(uint8_t, P64)
      case 0x32:
        LOAD(int16_t, P64)
      case 0x33:
        LOAD(uint16_t, P64)
      case 0x34:
        LOAD(int32_t, P64)
      case 0x35:
        LOAD(uint32_t, P64)
#define STORE(T)                                             \
  {                                                          \
    uint64_t v = sp[-1];                                     \
    sp -= 2;                                                 \
    store<T>(mem, U64(U32(sp[0])) + i.a, static_cast<T>(v)); \
    break;                                                   \
  }
      case 0x36:
        STORE(uint32_t)
      case 0x37:
        STORE(uint64_t)
      case 0x38:
        STORE(uint32_t)
      case 0x39:
        STORE(uint64_t)
      case 0x3A:
        STORE(uint8_t)
      case 0x3B:
        STORE(uint16_t)
      case 0x3C:
        STORE(uint8_t)
      case 0x3D:
        STORE(uint16_t)
      case 0x3E:
        STORE(uint32_t)
      case kOpMemorySize:
        *sp++ = in.memory.pages;
        break;
      case kOpMemoryGrow:
        sp[-1] = wasm_rt_grow_memory(&in.memory, U32(sp[-1]));
        break;
      case kPrefixFC + 8: {  // memory.init
        uint32_t n = U32(sp[-1]), s = U32(sp[-2]), d = U32(sp[-3]);
        sp -= 3;
        const Segment& seg = m.datas[i.a];
        uint64_t len = in.dropped[i.a] ? 0 : seg.bytes.size();
        if (U64(s) + n > len || U64(d) + n > in.memory.size) trap(WASM_RT_TRAP_OOB);
        if (n) memcpy(mem + d, seg.bytes.data() + s, n);
        break;
      }
      case kPrefixFC + 9:
        in.dropped[i.a] = 1;
        break;
      case kPrefixFC + 10: {  // memory.copy
        uint32_t n = U32(sp[-1]), s = U32(sp[-2]), d = U32(sp[-3]);
        sp -= 3;
        if (U64(s) + n > in.memory.size || U64(d) + n > in.memory.size) trap(WASM_RT_TRAP_OOB);
        memmove(mem + d, mem + s, n);
        break;
      }
      case kPrefixFC + 11: {  // memory.fill
        uint32_t n = U32(sp[-1]), v = U32(sp[-2]), d = U32(sp[-3]);
        sp -= 3;
        if (U64(d) + n > in.memory.size) trap(WASM_RT_TRAP_OOB);
        memset(mem + d, static_cast<int>(v & 0xff), n);
        break;
      }

      // ---- i32 ----
      case 0x45:
        UN(uint32_t, U32, PB, a == 0)
      case 0x46:
        BIN(uint32_t, U32, PB, a == b)
      case 0x47:
        BIN(uint32_t, U32, PB, a != b)
      case 0x48:
        BIN(int32_t, S32, PB, a < b)
      case 0x49:
        BIN(uint32_t, U32, PB, a < b)
      case 0x4A:
        BIN(int32_t, S32, PB, a > b)
      case 0x4B:
        BIN(uint32_t, U32, PB, a > b)
      case 0x4C:
        BIN(int32_t, S32, PB, a <= b)
      case 0x4D:
        BIN(uint32_t, U32, PB, a <= b)
      case 0x4E:
        BIN(int32_t, S32, PB, a >= b)
      case 0x4F:
        BIN(uint32_t, U32, PB, a >= b)
      // ---- i64 compare ----
      case 0x50:
        UN(uint64_t, U64, PB, a == 0)
      case 0x51:
        BIN(uint64_t, U64, PB, a == b)
      case 0x52:
        BIN(uint64_t, U64, PB, a != b)
      case 0x53:
        BIN(int64_t, S64, PB, a < b)
      case 0x54:
        BIN(uint64_t, U64, PB, a < b)
      case 0x55:
        BIN(int64_t, S64, PB, a > b)
      case 0x56:
        BIN(uint64_t, U64, PB, a > b)
      case 0x57:
        BIN(int64_t, S64, PB, a <= b)
      case 0x58:
        BIN(uint64_t, U64, PB, a <= b)
      case 0x59:
        BIN(int64_t, S64, PB, a >= b)
      case 0x5A:
        BIN(uint64_t, U64, PB, a >= b)
      // ---- float compare ----
      case 0x5B:
        BIN(float, F32, PB, a == b)
      case 0x5C:
        BIN(float, F32, PB, a != b)
      case 0x5D:
        BIN(float, F32, PB, a < b)
      case 0x5E:
        BIN(float, F32, PB, a > b)
      case 0x5F:
        BIN(float, F32, PB, a <= b)
      case 0x60:
        BIN(float, F32, PB, a >= b)
      case 0x61:
        BIN(double, F64, PB, a == b)
      case 0x62:
        BIN(double, F64, PB, a != b)
      case 0x63:
        BIN(double, F64, PB, a < b)
      case 0x64:
        BIN(double, F64, PB, a > b)
      case 0x65:
        BIN(double, F64, PB, a <= b)
      case 0x66:
        BIN(double, F64, PB, a >= b)
      // ---- i32 arithmetic ----
      case 0x67:
        UN(uint32_t, U32, P32, std::countl_zero(a))
      case 0x68:
        UN(uint32_t, U32, P32, std::countr_zero(a))
      case 0x69:
        UN(uint32_t, U32, P32, std::popcount(a))
      case 0x6A:
        BIN(uint32_t, U32, P32, a + b)
      case 0x6B:
        BIN(uint32_t, U32, P32, a - b)
      case 0x6C:
        BIN(uint32_t, U32, P32, a * b)
      case 0x6D: {
        int32_t b = S32(sp[-1]), a = S32(sp[-2]);
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        if (a == INT32_MIN && b == -1) trap(WASM_RT_TRAP_INT_OVERFLOW);
        --sp;
        sp[-1] = P32(a / b);
        break;
      }
      case 0x6E: {
        uint32_t b = U32(sp[-1]), a = U32(sp[-2]);
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        --sp;
        sp[-1] = P32(a / b);
        break;
      }
      case 0x6F: {
        int32_t b = S32(sp[-1]), a = S32(sp[-2]);
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        --sp;
        sp[-1] = P32(b == -1 ? 0 : a % b);
        break;
      }
      case 0x70: {
        uint32_t b = U32(sp[-1]), a = U32(sp[-2]);
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        --sp;
        sp[-1] = P32(a % b);
        break;
      }
      case 0x71:
        BIN(uint32_t, U32, P32, a & b)
      case 0x72:
        BIN(uint32_t, U32, P32, a | b)
      case 0x73:
        BIN(uint32_t, U32, P32, a ^ b)
      case 0x74:
        BIN(uint32_t, U32, P32, a << (b & 31))
      case 0x75:
        BIN(int32_t, S32, P32, a >> (b & 31))
      case 0x76:
        BIN(uint32_t, U32, P32, a >> (b & 31))
      case 0x77:
        BIN(uint32_t, U32, P32, std::rotl(a, static_cast<int>(b & 31)))
      case 0x78:
        BIN(uint32_t, U32, P32, std::rotr(a, static_cast<int>(b & 31)))
      // ---- i64 arithmetic ----
      case 0x79:
        UN(uint64_t, U64, P64, std::countl_zero(a))
      case 0x7A:
        UN(uint64_t, U64, P64, std::countr_zero(a))
      case 0x7B:
        UN(uint64_t, U64, P64, std::popcount(a))
      case 0x7C:
        BIN(uint64_t, U64, P64, a + b)
      case 0x7D:
        BIN(uint64_t, U64, P64, a - b)
      case 0x7E:
        BIN(uint64_t, U64, P64, a * b)
      case 0x7F: {
        int64_t b = S64(sp[-1]), a = S64(sp[-2]);
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        if (a == INT64_MIN && b == -1) trap(WASM_RT_TRAP_INT_OVERFLOW);
        --sp;
        sp[-1] = P64(a / b);
        break;
      }
      case 0x80: {
        uint64_t b = sp[-1], a = sp[-2];
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        --sp;
        sp[-1] = a / b;
        break;
      }
      case 0x81: {
        int64_t b = S64(sp[-1]), a = S64(sp[-2]);
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        --sp;
        sp[-1] = P64(b == -1 ? 0 : a % b);
        break;
      }
      case 0x82: {
        uint64_t b = sp[-1], a = sp[-2];
        if (b == 0) trap(WASM_RT_TRAP_DIV_BY_ZERO);
        --sp;
        sp[-1] = a % b;
        break;
      }
      case 0x83:
        BIN(uint64_t, U64, P64, a & b)
      case 0x84:
        BIN(uint64_t, U64, P64, a | b)
      case 0x85:
        BIN(uint64_t, U64, P64, a ^ b)
      case 0x86:
        BIN(uint64_t, U64, P64, a << (b & 63))
      case 0x87:
        BIN(int64_t, S64, P64, a >> (b & 63))
      case 0x88:
        BIN(uint64_t, U64, P64, a >> (b & 63))
      case 0x89:
        BIN(uint64_t, U64, P64, std::rotl(a, static_cast<int>(b & 63)))
      case 0x8A:
        BIN(uint64_t, U64, P64, std::rotr(a, static_cast<int>(b & 63)))
      // ---- f32 ----  (abs, neg, copysign work on the bits: NaNs keep their payload)
      case 0x8B:
        sp[-1] &= 0x7fffffffu;
        break;
      case 0x8C:
        sp[-1] = U32(sp[-1]) ^ 0x80000000u;
        break;
      case 0x8D:
        UN(float, F32, PF, std::ceil(a))
      case 0x8E:
        UN(float, F32, PF, std::floor(a))
      case 0x8F:
        UN(float, F32, PF, std::trunc(a))
      case 0x90:
        UN(float, F32, PF, std::nearbyint(a))
      case 0x91:
        UN(float, F32, PF, std::sqrt(a))
      case 0x92:
        BIN(float, F32, PF, a + b)
      case 0x93:
        BIN(float, F32, PF, a - b)
      case 0x94:
        BIN(float, F32, PF, a* b)
      case 0x95:
        BIN(float, F32, PF, a / b)
      case 0x96:
        BIN(float, F32, PF, wasm_min(a, b))
      case 0x97:
        BIN(float, F32, PF, wasm_max(a, b))
      case 0x98:
        BIN(uint32_t, U32, P32, (a & 0x7fffffffu) | (b & 0x80000000u))
      // ---- f64 ----
      case 0x99:
        sp[-1] &= ~(uint64_t{1} << 63);
        break;
      case 0x9A:
        sp[-1] ^= uint64_t{1} << 63;
        break;
      case 0x9B:
        UN(double, F64, PF, std::ceil(a))
      case 0x9C:
        UN(double, F64, PF, std::floor(a))
      case 0x9D:
        UN(double, F64, PF, std::trunc(a))
      case 0x9E:
        UN(double, F64, PF, std::nearbyint(a))
      case 0x9F:
        UN(double, F64, PF, std::sqrt(a))
      case 0xA0:
        BIN(double, F64, PF, a + b)
      case 0xA1:
        BIN(double, F64, PF, a - b)
      case 0xA2:
        BIN(double, F64, PF, a* b)
      case 0xA3:
        BIN(double, F64, PF, a / b)
      case 0xA4:
        BIN(double, F64, PF, wasm_min(a, b))
      case 0xA5:
        BIN(double, F64, PF, wasm_max(a, b))
      case 0xA6:
        BIN(uint64_t, U64, P64, (a & ~(uint64_t{1} << 63)) | (b & (uint64_t{1} << 63)))
      // ---- conversions ----
      case 0xA7:
        sp[-1] = P32(sp[-1]);
        break;
      case 0xA8:
        UN(float, F32, P32, (trunc_checked<int32_t, float>(a, kI32LoF, 2147483648.0f)))
      case 0xA9:
        UN(float, F32, P32, (trunc_checked<uint32_t, float>(a, -1.0f, 4294967296.0f)))
      case 0xAA:
        UN(double, F64, P32, (trunc_checked<int32_t, double>(a, kI32Lo, kI32Hi)))
      case 0xAB:
        UN(double, F64, P32, (trunc_checked<uint32_t, double>(a, -1.0, kU32Hi)))
      case 0xAC:
        UN(int32_t, S32, P64, static_cast<int64_t>(a))
      case 0xAD:
        UN(uint32_t, U32, P64, a)
      case 0xAE:
        UN(float, F32, P64, (trunc_checked<int64_t, float>(a, kI64LoF, 9223372036854775808.0f)))
      case 0xAF:
        UN(float, F32, P64, (trunc_checked<uint64_t, float>(a, -1.0f, 18446744073709551616.0f)))
      case 0xB0:
        UN(double, F64, P64, (trunc_checked<int64_t, double>(a, kI64Lo, kI64Hi)))
      case 0xB1:
        UN(double, F64, P64, (trunc_checked<uint64_t, double>(a, -1.0, kU64Hi)))
      case 0xB2:
        UN(int32_t, S32, PF, static_cast<float>(a))
      case 0xB3:
        UN(uint32_t, U32, PF, static_cast<float>(a))
      case 0xB4:
        UN(int64_t, S64, PF, static_cast<float>(a))
      case 0xB5:
        UN(uint64_t, U64, PF, static_cast<float>(a))
      case 0xB6:
        UN(double, F64, PF, static_cast<float>(a))
      case 0xB7:
        UN(int32_t, S32, PF, static_cast<double>(a))
      case 0xB8:
        UN(uint32_t, U32, PF, static_cast<double>(a))
      case 0xB9:
        UN(int64_t, S64, PF, static_cast<double>(a))
      case 0xBA:
        UN(uint64_t, U64, PF, static_cast<double>(a))
      case 0xBB:
        UN(float, F32, PF, static_cast<double>(a))
      case 0xBC:  // reinterpretations: the slot already holds the bits
      case 0xBD:
      case 0xBE:
      case 0xBF:
        break;
      case 0xC0:
        UN(uint32_t, U32, P32, static_cast<int8_t>(a))
      case 0xC1:
        UN(uint32_t, U32, P32, static_cast<int16_t>(a))
      case 0xC2:
        UN(uint64_t, U64, P64, static_cast<int8_t>(a))
      case 0xC3:
        UN(uint64_t, U64, P64, static_cast<int16_t>(a))
      case 0xC4:
        UN(uint64_t, U64, P64, static_cast<int32_t>(a))
      // ---- saturating truncation ----
      case kPrefixFC + 0:
        UN(float, F32, P32, (trunc_sat<int32_t, float>(a, kI32LoF, 2147483648.0f)))
      case kPrefixFC + 1:
        UN(float, F32, P32, (trunc_sat<uint32_t, float>(a, -1.0f, 4294967296.0f)))
      case kPrefixFC + 2:
        UN(double, F64, P32, (trunc_sat<int32_t, double>(a, kI32Lo, kI32Hi)))
      case kPrefixFC + 3:
        UN(double, F64, P32, (trunc_sat<uint32_t, double>(a, -1.0, kU32Hi)))
      case kPrefixFC + 4:
        UN(float, F32, P64, (trunc_sat<int64_t, float>(a, kI64LoF, 9223372036854775808.0f)))
      case kPrefixFC + 5:
        UN(float, F32, P64, (trunc_sat<uint64_t, float>(a, -1.0f, 18446744073709551616.0f)))
      case kPrefixFC + 6:
        UN(double, F64, P64, (trunc_sat<int64_t, double>(a, kI64Lo, kI64Hi)))
      case kPrefixFC + 7:
        UN(double, F64, P64, (trunc_sat<uint64_t, double>(a, -1.0, kU64Hi)))
      default:
        trap(WASM_RT_TRAP_UNREACHABLE);  // the decoder emits no other op
    }
  }
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
    uint64_t* sp = slot;
    call_host(in, func, sp);
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

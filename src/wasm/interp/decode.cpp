// Decoding and validation of a binary module into the form of module.h, in one
// pass: each function body is type-checked (the validation algorithm of the
// spec's appendix) while it is translated, so stack heights and branch targets
// are known when the instructions are emitted.
#include <cstring>
#include <set>

#include "wasm/interp/interp.h"
#include "wasm/interp/module.h"

namespace kefka::wasm::interp {
namespace {

struct DecodeError {
  std::string message;
};

std::string hex(uint32_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v & 15]);
    v >>= 4;
  } while (v);
  return out;
}

// Caps that keep a hostile module's decoded form small and its frames sane.
constexpr uint32_t kMaxLocals = 50000;
constexpr uint32_t kMaxTableElements = 1u << 20;
constexpr uint32_t kMaxPages = 65536;

class Reader {
 public:
  Reader(std::string_view bytes, size_t base = 0)
      : begin_(reinterpret_cast<const uint8_t*>(bytes.data())),
        p_(begin_),
        end_(begin_ + bytes.size()),
        base_(base) {}

  size_t offset() const { return base_ + static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool done() const { return p_ == end_; }

  [[noreturn]] void fail(const std::string& what) const {
    throw DecodeError{what + " at offset " + std::to_string(offset())};
  }

  uint8_t u8() {
    if (p_ == end_) fail("unexpected end");
    return *p_++;
  }
  uint32_t u32() { return static_cast<uint32_t>(leb(false, 32)); }
  int32_t s32() { return static_cast<int32_t>(leb(true, 32)); }
  int64_t s64() { return static_cast<int64_t>(leb(true, 64)); }
  uint32_t fixed32() {
    std::string_view b = bytes(4);
    uint32_t v;
    memcpy(&v, b.data(), 4);
    return v;
  }
  uint64_t fixed64() {
    std::string_view b = bytes(8);
    uint64_t v;
    memcpy(&v, b.data(), 8);
    return v;
  }
  std::string_view bytes(size_t n) {
    if (n > remaining()) fail("unexpected end");
    std::string_view out(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return out;
  }
  std::string name() {
    std::string_view s = bytes(u32());
    if (!valid_utf8(s)) fail("malformed UTF-8 name");
    return std::string(s);
  }
  // A vector's length, checked against the bytes left (each element takes at
  // least one byte), so no count makes us reserve or loop beyond the input.
  uint32_t count() {
    uint32_t n = u32();
    if (n > remaining()) fail("length out of bounds");
    return n;
  }

 private:
  uint64_t leb(bool is_signed, int bits) {
    uint64_t result = 0;
    int shift = 0;
    uint8_t byte;
    const int max_bytes = (bits + 6) / 7;
    for (int i = 0;; ++i) {
      if (i == max_bytes) fail("malformed LEB128 integer");
      byte = u8();
      result |= uint64_t{byte & 0x7fu} << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    if (shift > bits) {
      // The unused high bits of the last byte must be zero (or copies of
      // the sign bit).
      int used = bits - (shift - 7);
      uint8_t rest = static_cast<uint8_t>((byte & 0x7f) >> used);
      uint8_t expect = 0;
      if (is_signed && ((byte >> (used - 1)) & 1)) expect = static_cast<uint8_t>(0x7f >> used);
      if (rest != expect) fail("integer too large");
    } else if (is_signed && (byte & 0x40)) {
      result |= ~uint64_t{0} << shift;
    }
    return result;
  }

  static bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      auto c = static_cast<uint8_t>(s[i]);
      int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
      if (n < 0 || i + n >= s.size() + (n == 0 ? 1 : 0)) return false;  // bad lead or cut short
      uint32_t cp = n == 0 ? c : c & (0x3f >> n);
      for (int k = 1; k <= n; ++k) {
        auto d = static_cast<uint8_t>(s[i + k]);
        if ((d & 0xc0) != 0x80) return false;
        cp = (cp << 6) | (d & 0x3f);
      }
      static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
      if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
      i += static_cast<size_t>(n) + 1;
    }
    return true;
  }

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  size_t base_;
};

ValType read_valtype(Reader& r) {
  uint8_t t = r.u8();
  if (t == kI32 || t == kI64 || t == kF32 || t == kF64) return static_cast<ValType>(t);
  r.fail("unsupported value type 0x" + hex(t));
}

// Signature of a numeric operator: operand types and result type.
struct NumSig {
  ValType a, b, out;  // b == kUnknown: unary
};

bool numeric_sig(uint32_t op, NumSig* sig) {
  auto set = [&](ValType a, ValType b, ValType out) {
    *sig = {a, b, out};
    return true;
  };
  if (op == 0x45) return set(kI32, kUnknown, kI32);
  if (op >= 0x46 && op <= 0x4F) return set(kI32, kI32, kI32);
  if (op == 0x50) return set(kI64, kUnknown, kI32);
  if (op >= 0x51 && op <= 0x5A) return set(kI64, kI64, kI32);
  if (op >= 0x5B && op <= 0x60) return set(kF32, kF32, kI32);
  if (op >= 0x61 && op <= 0x66) return set(kF64, kF64, kI32);
  if (op >= 0x67 && op <= 0x69) return set(kI32, kUnknown, kI32);
  if (op >= 0x6A && op <= 0x78) return set(kI32, kI32, kI32);
  if (op >= 0x79 && op <= 0x7B) return set(kI64, kUnknown, kI64);
  if (op >= 0x7C && op <= 0x8A) return set(kI64, kI64, kI64);
  if (op >= 0x8B && op <= 0x91) return set(kF32, kUnknown, kF32);
  if (op >= 0x92 && op <= 0x98) return set(kF32, kF32, kF32);
  if (op >= 0x99 && op <= 0x9F) return set(kF64, kUnknown, kF64);
  if (op >= 0xA0 && op <= 0xA6) return set(kF64, kF64, kF64);
  if (op >= 0xA7 && op <= 0xBF) {
    static constexpr ValType kConv[][2] = {
        {kI64, kI32}, {kF32, kI32}, {kF32, kI32}, {kF64, kI32}, {kF64, kI32},
        {kI32, kI64}, {kI32, kI64}, {kF32, kI64}, {kF32, kI64}, {kF64, kI64},
        {kF64, kI64}, {kI32, kF32}, {kI32, kF32}, {kI64, kF32}, {kI64, kF32},
        {kF64, kF32}, {kI32, kF64}, {kI32, kF64}, {kI64, kF64}, {kI64, kF64},
        {kF32, kF64}, {kF32, kI32}, {kF64, kI64}, {kI32, kF32}, {kI64, kF64}};
    return set(kConv[op - 0xA7][0], kUnknown, kConv[op - 0xA7][1]);
  }
  if (op == 0xC0 || op == 0xC1) return set(kI32, kUnknown, kI32);
  if (op >= 0xC2 && op <= 0xC4) return set(kI64, kUnknown, kI64);
  if (op >= kPrefixFC && op < kPrefixFC + 8) {
    uint32_t sub = op - kPrefixFC;
    ValType from = (sub & 2) ? kF64 : kF32;
    return set(from, kUnknown, sub < 4 ? kI32 : kI64);
  }
  return false;
}

// Memory access: value type and log2 of the natural alignment.
bool memory_sig(uint32_t op, ValType* type, uint32_t* align, bool* store) {
  static constexpr struct {
    ValType type;
    uint8_t align;
  } kOps[] = {{kI32, 2}, {kI64, 3}, {kF32, 2}, {kF64, 3}, {kI32, 0}, {kI32, 0},
              {kI32, 1}, {kI32, 1}, {kI64, 0}, {kI64, 0}, {kI64, 1}, {kI64, 1},
              {kI64, 2}, {kI64, 2}, {kI32, 2}, {kI64, 3}, {kF32, 2}, {kF64, 3},
              {kI32, 0}, {kI32, 1}, {kI64, 0}, {kI64, 1}, {kI64, 2}};
  if (op < 0x28 || op > 0x3E) return false;
  *type = kOps[op - 0x28].type;
  *align = kOps[op - 0x28].align;
  *store = op >= 0x36;
  return true;
}

// Validates and translates one function body.
class FunctionCompiler {
 public:
  FunctionCompiler(Module& m, Function& f, Reader& r, std::vector<ValType> locals, uint32_t index)
      : m_(m), f_(f), r_(r), locals_(std::move(locals)), index_(index) {}

  void compile() {
    const FuncType& type = m_.types[f_.type];
    f_.code = static_cast<uint32_t>(m_.code.size());
    nlocals_ = static_cast<uint32_t>(locals_.size());
    Ctrl body;
    body.kind = kBlock;
    body.results = type.results;
    body.height = 0;
    ctrls_.push_back(std::move(body));
    while (!ctrls_.empty()) step();
    if (!r_.done()) r_.fail("section size mismatch: code after the end of function");
    f_.max_height = nlocals_ + max_stack_;
  }

 private:
  enum Kind : uint8_t { kBlock, kLoop, kIf, kElse };
  struct Ctrl {
    Kind kind = kBlock;
    std::vector<ValType> params, results;
    uint32_t height = 0;
    bool unreachable = false;
    bool entered_unreachable = false;
    uint32_t start_pc = 0;
    std::vector<uint32_t> fixups;  // instrs (or br_targets | kTargetBit) to point at the end
    uint32_t else_fixup = UINT32_MAX;
  };
  static constexpr uint32_t kTargetBit = 0x80000000u;

  [[noreturn]] void fail(const std::string& what) {
    r_.fail(what + " in function " + std::to_string(index_));
  }

  // ---- the type stack ----
  void push(ValType t) {
    stack_.push_back(t);
    if (stack_.size() > max_stack_) max_stack_ = static_cast<uint32_t>(stack_.size());
  }
  ValType pop() {
    Ctrl& c = ctrls_.back();
    if (stack_.size() == c.height) {
      if (c.unreachable) return kUnknown;
      fail("type mismatch: operand stack underflow");
    }
    ValType t = stack_.back();
    stack_.pop_back();
    return t;
  }
  ValType pop(ValType expect) {
    ValType t = pop();
    if (t != expect && t != kUnknown && expect != kUnknown) fail("type mismatch");
    return t;
  }
  void pop_all(const std::vector<ValType>& types) {
    for (size_t i = types.size(); i-- > 0;) pop(types[i]);
  }
  void push_all(const std::vector<ValType>& types) {
    for (ValType t : types) push(t);
  }
  const std::vector<ValType>& label_types(const Ctrl& c) {
    return c.kind == kLoop ? c.params : c.results;
  }
  void set_unreachable() {
    Ctrl& c = ctrls_.back();
    stack_.resize(c.height);
    c.unreachable = true;
  }
  bool reachable() const { return !ctrls_.back().unreachable; }
  uint32_t height() const { return nlocals_ + static_cast<uint32_t>(stack_.size()); }

  // ---- emission ----
  uint32_t pc() const { return static_cast<uint32_t>(m_.code.size()); }
  void emit(uint16_t op, uint32_t a = 0, uint64_t b = 0) {
    if (!reachable()) return;
    if (fuse(op, a, b)) return;
    m_.code.push_back(Instr{op, 0, a, b});
  }

  // Nothing jumps to the next instruction's position, so it may be merged
  // into the one before.
  bool can_fuse() const { return pc() > barrier_ && pc() > f_.code; }
  void bind_label() { barrier_ = pc(); }

  // Superinstructions for the commonest pairs in clang's output: the new
  // instruction is merged into the previous one (never a branch, so no fixup
  // moves). Returns true when merged.
  bool fuse(uint16_t op, uint32_t a, uint64_t b) {
    if (!can_fuse()) return false;
    Instr& last = m_.code.back();
    auto replace = [&](uint16_t fused, uint32_t fa, uint64_t fb) {
      last = Instr{fused, 0, fa, fb};
      // The result may fuse again with the instruction before it.
      if (pc() - 1 > barrier_ && pc() - 1 > f_.code) {
        Instr merged = m_.code.back();
        m_.code.pop_back();
        if (!fuse(merged.op, merged.a, merged.b)) m_.code.push_back(merged);
      }
      return true;
    };
    switch (op) {
      case 0x6A:  // i32.const c; i32.add
        if (last.op == kOpConst) return replace(kOpI32AddImm, static_cast<uint32_t>(last.b), 0);
        break;
      case 0x6B:  // i32.const c; i32.sub
        if (last.op == kOpConst) {
          return replace(kOpI32AddImm, 0u - static_cast<uint32_t>(last.b), 0);
        }
        break;
      case 0x6C:  // i32.const c; i32.mul
        if (last.op == kOpConst) return replace(kOpI32MulImm, static_cast<uint32_t>(last.b), 0);
        break;
      case 0x71:  // i32.const c; i32.and
        if (last.op == kOpConst) return replace(kOpI32AndImm, static_cast<uint32_t>(last.b), 0);
        break;
      case kOpI32AddImm:  // local.get x; i32.const c; i32.add
        if (last.op == kOpLocalGet) return replace(kOpLocalI32AddImm, a, last.a);
        break;
      case kOpI32AndImm:  // local.get x; i32.const c; i32.and
        if (last.op == kOpLocalGet) return replace(kOpLocalI32AndImm, a, last.a);
        break;
      case 0x28:  // local.get x; i32.load offset (or f32.load: the same bits)
      case 0x2A:
        if (last.op == kOpLocalGet) return replace(kOpLocalI32Load, a, last.a);
        break;
      case 0x29:  // local.get x; i64.load offset (or f64.load)
      case 0x2B:
        if (last.op == kOpLocalGet) return replace(kOpLocalI64Load, a, last.a);
        break;
      case kOpLocalGet:
        if (last.op == kOpLocalGet) return replace(kOpLocalGet2, last.a, a);
        if (last.op == kOpLocalSet) return replace(kOpLocalSetGet, last.a, a);
        if (last.op == kOpLocalTee) return replace(kOpLocalTeeGet, last.a, a);
        break;
      case kOpLocalSet:
        if (last.op == kOpConst) return replace(kOpLocalSetConst, a, last.b);
        if (last.op == kOpLocalGet) return replace(kOpLocalCopy, a, last.a);
        if (last.op == kOpLocalI32AddImm) {  // local y = local x + c
          return replace(kOpLocalI32AddImmSet, last.a, last.b | (uint64_t{a} << 32));
        }
        break;
      default:
        break;
    }
    return false;
  }

  // The op of a conditional jump taken when the i32 on top is non-zero
  // (when_true) or zero. An i32.eqz or i32 comparison just before it is folded
  // in: compare-and-jump in one dispatch.
  uint16_t conditional_jump(bool when_true) {
    if (reachable() && can_fuse()) {
      uint16_t last = m_.code.back().op;
      if (last == 0x45) {
        m_.code.pop_back();
        return when_true ? kOpJumpIfZero : kOpJumpIfNonZero;
      }
      if (last >= 0x46 && last <= 0x4F) {
        // eq<->ne, lt_s<->ge_s, lt_u<->ge_u, gt_s<->le_s, gt_u<->le_u
        static constexpr uint16_t kInverse[] = {0x47, 0x46, 0x4E, 0x4F, 0x4C,
                                                0x4D, 0x4A, 0x4B, 0x48, 0x49};
        m_.code.pop_back();
        uint16_t cmp = when_true ? last : kInverse[last - 0x46];
        return static_cast<uint16_t>(kOpJumpIfI32Eq + (cmp - 0x46));
      }
    }
    return when_true ? kOpJumpIfNonZero : kOpJumpIfZero;
  }

  Ctrl& label(uint32_t depth) {
    if (depth >= ctrls_.size()) fail("unknown label");
    return ctrls_[ctrls_.size() - 1 - depth];
  }

  // A branch target for `depth`: resolved now for loops, later for blocks.
  BrTarget target_of(uint32_t depth, uint32_t fixup) {
    Ctrl& c = label(depth);
    BrTarget t{0, nlocals_ + c.height, static_cast<uint32_t>(label_types(c).size())};
    if (c.kind == kLoop) {
      t.pc = c.start_pc;
    } else {
      c.fixups.push_back(fixup);
    }
    return t;
  }

  void emit_branch(uint32_t depth, bool conditional) {
    if (!reachable()) return;
    Ctrl& c = label(depth);
    bool move = height() != nlocals_ + c.height + label_types(c).size();
    // A jump that moves no values may absorb the test before it.
    uint16_t op = kOpJump;
    if (move) {
      op = conditional ? kOpBrIf : kOpBr;
    } else if (conditional) {
      op = conditional_jump(true);
    }
    BrTarget t = target_of(depth, pc());
    emit(op, t.pc, (uint64_t{t.arity} << 32) | t.height);
  }

  void read_block_type(Ctrl& c) {
    // A block type is 0x40 (none), a value type, or a type index (s33).
    uint8_t first = r_.u8();
    if (first == 0x40) return;
    if (first == kI32 || first == kI64 || first == kF32 || first == kF64) {
      c.results.push_back(static_cast<ValType>(first));
      return;
    }
    // Not a single-byte form: re-read as a signed LEB128 type index.
    int64_t index = first & 0x7f;
    int shift = 7;
    uint8_t byte = first;
    while (byte & 0x80) {
      if (shift >= 35) r_.fail("malformed block type");
      byte = r_.u8();
      index |= int64_t{byte & 0x7f} << shift;
      shift += 7;
    }
    if (byte & 0x40) index |= -(int64_t{1} << shift);
    if (index < 0 || static_cast<uint64_t>(index) >= m_.types.size()) fail("unknown block type");
    c.params = m_.types[index].params;
    c.results = m_.types[index].results;
  }

  void begin_block(Kind kind) {
    Ctrl c;
    c.kind = kind;
    read_block_type(c);
    if (kind == kIf) pop(kI32);
    pop_all(c.params);
    c.height = static_cast<uint32_t>(stack_.size());
    // Code inside a block entered from unreachable code is unreachable too
    // (nothing of it is emitted).
    c.entered_unreachable = !reachable();
    c.unreachable = c.entered_unreachable;
    if (kind == kIf && reachable()) {
      uint16_t op = conditional_jump(false);
      c.else_fixup = pc();
      emit(op);
    }
    c.start_pc = pc();
    if (kind == kLoop) bind_label();  // only a loop's start is a branch target
    ctrls_.push_back(std::move(c));
    push_all(ctrls_.back().params);
  }

  void patch(const std::vector<uint32_t>& fixups, uint32_t target) {
    for (uint32_t f : fixups) {
      if (f & kTargetBit) {
        m_.br_targets[f & ~kTargetBit].pc = target;
      } else {
        m_.code[f].a = target;
      }
    }
  }

  void end_check(Ctrl& c) {
    pop_all(c.results);
    if (stack_.size() != c.height) fail("type mismatch: values remaining on the stack at end");
  }

  void op_else() {
    Ctrl& c = ctrls_.back();
    if (c.kind != kIf) fail("else without if");
    end_check(c);
    emit(kOpJump);
    if (reachable()) c.fixups.push_back(pc() - 1);
    if (c.else_fixup != UINT32_MAX) m_.code[c.else_fixup].a = pc();
    bind_label();
    c.else_fixup = UINT32_MAX;
    c.kind = kElse;
    // The else arm is reachable if the if was entered from reachable code.
    c.unreachable = c.entered_unreachable;
    stack_.resize(c.height);
    push_all(c.params);
  }

  void op_end() {
    Ctrl& c = ctrls_.back();
    end_check(c);
    if (c.kind == kIf && c.params != c.results) fail("type mismatch: if without else");
    if (ctrls_.size() == 1) {
      // The function body: branches to its label land on the final return,
      // which returns the top results.
      patch(c.fixups, pc());
      bind_label();
      c.unreachable = false;
      emit(kOpEnd);
      ctrls_.pop_back();
      return;
    }
    uint32_t end = pc();
    bind_label();
    if (c.else_fixup != UINT32_MAX) m_.code[c.else_fixup].a = end;
    patch(c.fixups, end);
    std::vector<ValType> results = std::move(c.results);
    ctrls_.pop_back();
    push_all(results);
  }

  void op_br_table() {
    uint32_t n = r_.count();
    std::vector<uint32_t> depths(n + 1);
    for (uint32_t i = 0; i <= n; ++i) depths[i] = r_.u32();
    pop(kI32);
    size_t arity = label_types(label(depths[n])).size();
    for (uint32_t d : depths) {
      const std::vector<ValType>& types = label_types(label(d));
      if (types.size() != arity) fail("type mismatch in br_table");
      // The top `arity` values must match every label's types.
      for (size_t i = 0; i < arity; ++i) {
        size_t from_top = arity - i;
        size_t base = ctrls_.back().height;
        if (stack_.size() >= base + from_top) {
          ValType have = stack_[stack_.size() - from_top];
          if (have != kUnknown && have != types[i]) fail("type mismatch in br_table");
        } else if (!ctrls_.back().unreachable) {
          fail("type mismatch: operand stack underflow");
        }
      }
    }
    if (reachable()) {
      uint32_t first = static_cast<uint32_t>(m_.br_targets.size());
      for (uint32_t i = 0; i <= n; ++i) {
        uint32_t index = static_cast<uint32_t>(m_.br_targets.size());
        m_.br_targets.push_back(target_of(depths[i], index | kTargetBit));
      }
      emit(kOpBrTable, n, first);
    }
    set_unreachable();
  }

  void op_call(uint32_t func) {
    uint32_t total = static_cast<uint32_t>(m_.imports.size() + m_.functions.size());
    if (func >= total) fail("unknown function");
    const FuncType& type = m_.types[m_.type_of(func)];
    pop_all(type.params);
    if (func < m_.imports.size()) {
      emit(kOpCallHost, func);
    } else {
      emit(kOpCall, static_cast<uint32_t>(func - m_.imports.size()));
    }
    push_all(type.results);
  }

  void memarg(uint32_t natural, uint32_t* offset) {
    uint32_t align = r_.u32();
    *offset = r_.u32();
    if (align > natural) fail("alignment must not be larger than natural");
    if (!m_.has_memory) fail("unknown memory 0");
  }

  void step();
  void step_bulk(uint32_t sub);

  Module& m_;
  Function& f_;
  Reader& r_;
  std::vector<ValType> locals_;
  uint32_t index_;
  uint32_t nlocals_ = 0;
  uint32_t max_stack_ = 0;
  uint32_t barrier_ = 0;  // the last position a branch may land on
  std::vector<ValType> stack_;
  std::vector<Ctrl> ctrls_;
};

void FunctionCompiler::step() {
  uint32_t op = r_.u8();
  switch (op) {
    case 0x00:  // unreachable
      emit(kOpUnreachable);
      set_unreachable();
      return;
    case 0x01:  // nop
      return;
    case 0x02:
      begin_block(kBlock);
      return;
    case 0x03:
      begin_block(kLoop);
      return;
    case 0x04:
      begin_block(kIf);
      return;
    case 0x05:
      op_else();
      return;
    case 0x0B:
      op_end();
      return;
    case 0x0C: {  // br
      uint32_t depth = r_.u32();
      pop_all(label_types(label(depth)));
      std::vector<ValType> types = label_types(label(depth));
      push_all(types);  // the branch keeps them on top
      emit_branch(depth, false);
      set_unreachable();
      return;
    }
    case 0x0D: {  // br_if
      uint32_t depth = r_.u32();
      pop(kI32);
      std::vector<ValType> types = label_types(label(depth));
      pop_all(types);
      push_all(types);
      emit_branch(depth, true);
      return;
    }
    case 0x0E:
      op_br_table();
      return;
    case 0x0F:  // return
      pop_all(m_.types[f_.type].results);
      emit(kOpReturn);
      set_unreachable();
      return;
    case 0x10:
      op_call(r_.u32());
      return;
    case 0x11: {  // call_indirect
      uint32_t type = r_.u32();
      uint32_t table = r_.u32();
      if (type >= m_.types.size()) fail("unknown type");
      if (table != 0 || !m_.has_table) fail("unknown table");
      pop(kI32);
      pop_all(m_.types[type].params);
      emit(kOpCallIndirect, m_.canonical[type], type);
      push_all(m_.types[type].results);
      return;
    }
    case 0x1A:
      pop();
      emit(kOpDrop);
      return;
    case 0x1B:
    case 0x1C: {  // select, select t
      ValType want = kUnknown;
      if (op == 0x1C) {
        if (r_.u32() != 1) fail("invalid result arity of select");
        want = read_valtype(r_);
      }
      pop(kI32);
      ValType a = pop(want);
      ValType b = pop(want);
      if (a != kUnknown && b != kUnknown && a != b) fail("type mismatch in select");
      emit(kOpSelect);
      push(a != kUnknown ? a : b);
      return;
    }
    case 0x20:
    case 0x21:
    case 0x22: {
      uint32_t i = r_.u32();
      if (i >= locals_.size()) fail("unknown local");
      if (op == 0x20) {
        push(locals_[i]);
      } else {
        pop(locals_[i]);
        if (op == 0x22) push(locals_[i]);
      }
      emit(static_cast<uint16_t>(op), i);
      return;
    }
    case 0x23:
    case 0x24: {
      uint32_t i = r_.u32();
      if (i >= m_.globals.size()) fail("unknown global");
      if (op == 0x23) {
        push(m_.globals[i].type);
      } else {
        if (!m_.globals[i].is_mutable) fail("global is immutable");
        pop(m_.globals[i].type);
      }
      emit(static_cast<uint16_t>(op), i);
      return;
    }
    case 0x3F:
    case 0x40:
      if (r_.u8() != 0) fail("zero byte expected");
      if (!m_.has_memory) fail("unknown memory 0");
      if (op == 0x40) pop(kI32);
      push(kI32);
      emit(static_cast<uint16_t>(op));
      return;
    case 0x41:
      push(kI32);
      emit(kOpConst, 0, static_cast<uint32_t>(r_.s32()));
      return;
    case 0x42:
      push(kI64);
      emit(kOpConst, 0, static_cast<uint64_t>(r_.s64()));
      return;
    case 0x43:
      push(kF32);
      emit(kOpConst, 0, r_.fixed32());
      return;
    case 0x44:
      push(kF64);
      emit(kOpConst, 0, r_.fixed64());
      return;
    case 0xFC:
      op = kPrefixFC + r_.u32();
      if (op > kPrefixFC + 11)
        fail("unsupported instruction 0xfc " + std::to_string(op - kPrefixFC));
      if (op >= kPrefixFC + 8) {
        step_bulk(op - kPrefixFC);
        return;
      }
      break;
    default:
      break;
  }
  ValType type;
  uint32_t natural;
  bool store;
  if (memory_sig(op, &type, &natural, &store)) {
    uint32_t offset;
    memarg(natural, &offset);
    if (store) {
      pop(type);
      pop(kI32);
    } else {
      pop(kI32);
      push(type);
    }
    emit(static_cast<uint16_t>(op), offset);
    return;
  }
  NumSig sig;
  if (!numeric_sig(op, &sig)) {
    r_.fail("unsupported or illegal opcode 0x" + hex(op) + " in function " +
            std::to_string(index_));
  }
  if (sig.b != kUnknown) pop(sig.b);
  pop(sig.a);
  push(sig.out);
  emit(static_cast<uint16_t>(op));
}

void FunctionCompiler::step_bulk(uint32_t sub) {
  if (!m_.has_memory) fail("unknown memory 0");
  switch (sub) {
    case 8: {  // memory.init
      uint32_t seg = r_.u32();
      if (r_.u8() != 0) fail("zero byte expected");
      if (!m_.has_data_count) fail("data count section required");
      if (seg >= m_.data_count) fail("unknown data segment");
      pop(kI32);
      pop(kI32);
      pop(kI32);
      emit(static_cast<uint16_t>(kPrefixFC + sub), seg);
      return;
    }
    case 9: {  // data.drop
      uint32_t seg = r_.u32();
      if (!m_.has_data_count) fail("data count section required");
      if (seg >= m_.data_count) fail("unknown data segment");
      emit(static_cast<uint16_t>(kPrefixFC + sub), seg);
      return;
    }
    case 10:  // memory.copy
      if (r_.u8() != 0 || r_.u8() != 0) fail("zero byte expected");
      break;
    case 11:  // memory.fill
      if (r_.u8() != 0) fail("zero byte expected");
      break;
  }
  pop(kI32);
  pop(kI32);
  pop(kI32);
  emit(static_cast<uint16_t>(kPrefixFC + sub));
}

class ModuleDecoder {
 public:
  explicit ModuleDecoder(std::string_view bytes) : bytes_(bytes) {}

  std::shared_ptr<Module> decode() {
    Reader r(bytes_);
    if (r.bytes(4) != std::string_view("\0asm", 4)) r.fail("not a WebAssembly module");
    if (r.fixed32() != 1) r.fail("unsupported WebAssembly version");
    int last_rank = 0;
    while (!r.done()) {
      uint8_t id = r.u8();
      uint32_t size = r.u32();
      size_t start = r.offset();
      Reader section(r.bytes(size), start);
      if (id != 0) {
        // Sections come in a fixed order (the data count sits before code).
        static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
        if (id > 12) section.fail("unknown section " + std::to_string(id));
        if (kRank[id] <= last_rank) section.fail("unexpected section " + std::to_string(id));
        last_rank = kRank[id];
      }
      read_section(id, section);
      if (!section.done()) section.fail("section size mismatch");
    }
    if (m_->functions.size() != bodies_)
      r.fail("function and code section have inconsistent lengths");
    if (m_->has_data_count && m_->data_count != m_->datas.size()) {
      r.fail("data count and data section have inconsistent lengths");
    }
    return m_;
  }

 private:
  void read_section(uint8_t id, Reader& r) {
    switch (id) {
      case 0:  // custom: a name, then anything
        r.name();
        r.bytes(r.remaining());
        return;
      case 1:
        return types(r);
      case 2:
        return imports(r);
      case 3:
        for (uint32_t n = r.count(); n > 0; --n) {
          uint32_t t = r.u32();
          if (t >= m_->types.size()) r.fail("unknown type");
          Function f;
          f.type = t;
          f.num_params = static_cast<uint32_t>(m_->types[t].params.size());
          f.num_results = static_cast<uint32_t>(m_->types[t].results.size());
          m_->functions.push_back(f);
        }
        return;
      case 4:
        for (uint32_t n = r.count(); n > 0; --n) {
          if (m_->has_table) r.fail("multiple tables");
          if (r.u8() != kFuncRef) r.fail("unsupported table element type");
          limits(r, kMaxTableElements, &m_->table_min, &m_->table_max, "table");
          m_->has_table = true;
        }
        return;
      case 5:
        for (uint32_t n = r.count(); n > 0; --n) {
          if (m_->has_memory) r.fail("multiple memories");
          limits(r, kMaxPages, &m_->memory_min, &m_->memory_max, "memory");
          m_->has_memory = true;
        }
        return;
      case 6:
        for (uint32_t n = r.count(); n > 0; --n) {
          Global g;
          g.type = read_valtype(r);
          uint8_t mut = r.u8();
          if (mut > 1) r.fail("malformed mutability");
          g.is_mutable = mut == 1;
          g.init = const_expr(r, g.type);
          m_->globals.push_back(g);
        }
        return;
      case 7:
        return exports(r);
      case 8:
        m_->start_func = r.u32();
        if (m_->start_func >= function_count()) r.fail("unknown function");
        if (!m_->types[m_->type_of(m_->start_func)].params.empty() ||
            !m_->types[m_->type_of(m_->start_func)].results.empty()) {
          r.fail("start function must have type [] -> []");
        }
        return;
      case 9:
        return elements(r);
      case 10:
        return code(r);
      case 11:
        return datas(r);
      case 12:
        m_->has_data_count = true;
        m_->data_count = r.u32();
        return;
    }
  }

  uint32_t function_count() const {
    return static_cast<uint32_t>(m_->imports.size() + m_->functions.size());
  }

  void types(Reader& r) {
    for (uint32_t n = r.count(); n > 0; --n) {
      if (r.u8() != 0x60) r.fail("malformed function type");
      FuncType t;
      for (uint32_t k = r.count(); k > 0; --k) t.params.push_back(read_valtype(r));
      for (uint32_t k = r.count(); k > 0; --k) t.results.push_back(read_valtype(r));
      uint32_t canon = static_cast<uint32_t>(m_->types.size());
      for (uint32_t i = 0; i < m_->types.size(); ++i) {
        if (m_->types[i] == t) {
          canon = i;
          break;
        }
      }
      m_->canonical.push_back(canon);
      m_->types.push_back(std::move(t));
    }
  }

  void imports(Reader& r) {
    for (uint32_t n = r.count(); n > 0; --n) {
      Import im;
      im.module = r.name();
      im.field = r.name();
      uint8_t kind = r.u8();
      if (kind != 0) {
        r.fail("unsupported import " + im.module + "." + im.field +
               " (only functions can be imported)");
      }
      im.type = r.u32();
      if (im.type >= m_->types.size()) r.fail("unknown type");
      std::string error;
      if (!bind_import(im, m_->types[im.type], &error)) throw DecodeError{error};
      m_->imports.push_back(std::move(im));
    }
  }

  void limits(Reader& r, uint32_t cap, uint32_t* min, uint32_t* max, const char* what) {
    uint8_t flags = r.u8();
    if (flags > 1) r.fail(std::string("unsupported ") + what + " limits");
    *min = r.u32();
    *max = flags ? r.u32() : cap;
    if (*min > cap || *max > cap) r.fail(std::string(what) + " size too large");
    if (*min > *max) r.fail(std::string(what) + " size minimum must not be greater than maximum");
  }

  // A constant expression: one const (or global.get of an earlier immutable
  // global), then end.
  uint64_t const_expr(Reader& r, ValType type) {
    uint8_t op = r.u8();
    uint64_t value = 0;
    ValType got;
    switch (op) {
      case 0x41:
        value = static_cast<uint32_t>(r.s32());
        got = kI32;
        break;
      case 0x42:
        value = static_cast<uint64_t>(r.s64());
        got = kI64;
        break;
      case 0x43:
        value = r.fixed32();
        got = kF32;
        break;
      case 0x44:
        value = r.fixed64();
        got = kF64;
        break;
      case 0x23: {
        uint32_t i = r.u32();
        if (i >= m_->globals.size()) r.fail("unknown global");
        if (m_->globals[i].is_mutable) r.fail("constant expression required");
        value = m_->globals[i].init;
        got = m_->globals[i].type;
        break;
      }
      default:
        r.fail("constant expression required");
    }
    if (got != type) r.fail("type mismatch in constant expression");
    if (r.u8() != 0x0B) r.fail("constant expression required");
    return value;
  }

  void exports(Reader& r) {
    std::set<std::string> names;
    for (uint32_t n = r.count(); n > 0; --n) {
      std::string name = r.name();
      uint8_t kind = r.u8();
      uint32_t index = r.u32();
      if (!names.insert(name).second) r.fail("duplicate export name " + name);
      switch (kind) {
        case 0:
          if (index >= function_count()) r.fail("unknown function");
          if (name == "_start") {
            const FuncType& t = m_->types[m_->type_of(index)];
            if (!t.params.empty() || !t.results.empty()) r.fail("_start must have type [] -> []");
            m_->entry_func = index;
          }
          break;
        case 1:
          if (index != 0 || !m_->has_table) r.fail("unknown table");
          break;
        case 2:
          if (index != 0 || !m_->has_memory) r.fail("unknown memory");
          if (name == "memory") m_->memory_exported = true;
          break;
        case 3:
          if (index >= m_->globals.size()) r.fail("unknown global");
          break;
        default:
          r.fail("malformed export kind");
      }
    }
  }

  uint32_t func_index(Reader& r) {
    uint32_t f = r.u32();
    if (f >= function_count()) r.fail("unknown function");
    return f;
  }

  void elements(Reader& r) {
    for (uint32_t n = r.count(); n > 0; --n) {
      uint32_t flags = r.u32();
      if (flags > 7) r.fail("malformed element segment");
      Segment seg;
      seg.active = !(flags & 1);
      if (seg.active) {
        if (flags & 2) {
          if (r.u32() != 0) r.fail("unknown table");
        }
        if (!m_->has_table) r.fail("unknown table");
        seg.offset = static_cast<uint32_t>(const_expr(r, kI32));
      }
      bool exprs = flags & 4;
      if (flags & 3) {  // an explicit element kind / reference type
        uint8_t kind = r.u8();
        if (kind != (exprs ? kFuncRef : 0)) r.fail("unsupported element kind");
      }
      for (uint32_t k = r.count(); k > 0; --k) {
        if (!exprs) {
          seg.funcs.push_back(func_index(r));
          continue;
        }
        uint8_t op = r.u8();
        if (op == 0xD2) {
          seg.funcs.push_back(func_index(r));
        } else if (op == 0xD0) {
          if (r.u8() != kFuncRef) r.fail("type mismatch in element");
          seg.funcs.push_back(UINT32_MAX);
        } else {
          r.fail("constant expression required");
        }
        if (r.u8() != 0x0B) r.fail("constant expression required");
      }
      if ((flags & 3) == 3) seg.funcs.clear();  // declarative: nothing to keep
      m_->elems.push_back(std::move(seg));
    }
  }

  void datas(Reader& r) {
    for (uint32_t n = r.count(); n > 0; --n) {
      uint32_t flags = r.u32();
      if (flags > 2) r.fail("malformed data segment");
      Segment seg;
      seg.active = flags != 1;
      if (seg.active) {
        if (flags == 2 && r.u32() != 0) r.fail("unknown memory");
        if (!m_->has_memory) r.fail("unknown memory 0");
        seg.offset = static_cast<uint32_t>(const_expr(r, kI32));
      }
      seg.bytes = std::string(r.bytes(r.u32()));
      m_->datas.push_back(std::move(seg));
    }
  }

  void code(Reader& r) {
    uint32_t n = r.count();
    if (n != m_->functions.size()) r.fail("function and code section have inconsistent lengths");
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t size = r.u32();
      size_t start = r.offset();
      Reader body(r.bytes(size), start);
      Function& f = m_->functions[i];
      std::vector<ValType> locals = m_->types[f.type].params;
      uint64_t total = locals.size();
      for (uint32_t groups = body.count(); groups > 0; --groups) {
        uint32_t count = body.u32();
        ValType t = read_valtype(body);
        total += count;
        if (total > kMaxLocals) body.fail("too many locals");
        locals.insert(locals.end(), count, t);
      }
      f.num_locals = static_cast<uint32_t>(locals.size());
      FunctionCompiler(*m_, f, body, std::move(locals),
                       static_cast<uint32_t>(i + m_->imports.size()))
          .compile();
      ++bodies_;
    }
  }

  std::string_view bytes_;
  std::shared_ptr<Module> m_ = std::make_shared<Module>();
  size_t bodies_ = 0;
};

}  // namespace
}  // namespace kefka::wasm::interp

namespace kefka::wasm::interp {

std::shared_ptr<const Module> decode(std::string_view bytes, std::string* error) {
  try {
    std::shared_ptr<Module> m = ModuleDecoder(bytes).decode();
    if (m->entry_func == UINT32_MAX || !m->memory_exported) {
      *error = "not a WASI command module (no memory or _start export)";
      return nullptr;
    }
    return m;
  } catch (const DecodeError& e) {
    bool link = e.message.rfind("cannot link", 0) == 0;
    *error = link ? e.message : "invalid WebAssembly module: " + e.message;
  } catch (const std::bad_alloc&) {
    *error = "invalid WebAssembly module: out of memory while decoding";
  }
  return nullptr;
}

}  // namespace kefka::wasm::interp

// Hand-written modules (text format, assembled by wat2wasm) for every numeric
// edge the spec defines, control flow (br_table, multi-value, block params),
// memory and table operations. Each case prints its result in hex; the
// expected values are the spec's, and the same module compiled by wasm2c + cc
// must print the same lines.
#include <gtest/gtest.h>

#include "interp_test_util.h"

namespace kefka::wasm::testing {
namespace {

// Prints values as hex lines ("nan" for any NaN: payloads may differ).
const char* kHarness = R"(
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "0123456789abcdef")
  (data (i32.const 32) "nan\n")
  (func $write (param $at i32) (param $len i32)
    (i32.store (i32.const 200) (local.get $at))
    (i32.store (i32.const 204) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208))))
  (func $hex (param $v i64) (param $digits i32)
    (local $i i32)
    (local.set $i (i32.sub (local.get $digits) (i32.const 1)))
    (loop $l
      (i32.store8 (i32.add (i32.const 100) (local.get $i))
        (i32.load8_u (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (i32.ge_s (local.get $i) (i32.const 0))))
    (i32.store8 (i32.add (i32.const 100) (local.get $digits)) (i32.const 10))
    (call $write (i32.const 100) (i32.add (local.get $digits) (i32.const 1))))
  (func $i32 (param i32) (call $hex (i64.extend_i32_u (local.get 0)) (i32.const 8)))
  (func $i64 (param i64) (call $hex (local.get 0) (i32.const 16)))
  (func $f32 (param f32)
    (if (f32.ne (local.get 0) (local.get 0))
      (then (call $write (i32.const 32) (i32.const 4)))
      (else (call $i32 (i32.reinterpret_f32 (local.get 0))))))
  (func $f64 (param f64)
    (if (f64.ne (local.get 0) (local.get 0))
      (then (call $write (i32.const 32) (i32.const 4)))
      (else (call $i64 (i64.reinterpret_f64 (local.get 0))))))
)";

struct Case {
  const char* type;  // the printer: i32 i64 f32 f64
  const char* expr;
  const char* expected;
};

const Case kCases[] = {
    // i32 arithmetic
    {"i32", "(i32.div_s (i32.const -7) (i32.const 2))", "fffffffd"},
    {"i32", "(i32.div_u (i32.const -7) (i32.const 2))", "7ffffffc"},
    {"i32", "(i32.rem_s (i32.const -7) (i32.const 2))", "ffffffff"},
    {"i32", "(i32.rem_s (i32.const 0x80000000) (i32.const -1))", "00000000"},
    {"i32", "(i32.rem_u (i32.const -7) (i32.const 2))", "00000001"},
    {"i32", "(i32.mul (i32.const 0x10000) (i32.const 0x10000))", "00000000"},
    {"i32", "(i32.shl (i32.const 1) (i32.const 33))", "00000002"},
    {"i32", "(i32.shr_s (i32.const 0x80000000) (i32.const 63))", "ffffffff"},
    {"i32", "(i32.shr_u (i32.const 0x80000000) (i32.const 63))", "00000001"},
    {"i32", "(i32.rotl (i32.const 0x80000001) (i32.const 1))", "00000003"},
    {"i32", "(i32.rotr (i32.const 1) (i32.const 1))", "80000000"},
    {"i32", "(i32.rotl (i32.const 0x12345678) (i32.const 36))", "23456781"},
    {"i32", "(i32.rotr (i32.const 0x12345678) (i32.const -4))", "23456781"},
    {"i32", "(i32.clz (i32.const 0))", "00000020"},
    {"i32", "(i32.clz (i32.const 1))", "0000001f"},
    {"i32", "(i32.ctz (i32.const 0))", "00000020"},
    {"i32", "(i32.ctz (i32.const 0x80000000))", "0000001f"},
    {"i32", "(i32.popcnt (i32.const -1))", "00000020"},
    {"i32", "(i32.extend8_s (i32.const 0x80))", "ffffff80"},
    {"i32", "(i32.extend16_s (i32.const 0x18000))", "ffff8000"},
    {"i32", "(i32.eqz (i32.const 0))", "00000001"},
    {"i32", "(i32.lt_s (i32.const -1) (i32.const 0))", "00000001"},
    {"i32", "(i32.lt_u (i32.const -1) (i32.const 0))", "00000000"},
    {"i32", "(i32.ge_u (i32.const -1) (i32.const 0))", "00000001"},
    {"i32", "(i32.wrap_i64 (i64.const 0x123456789))", "23456789"},
    {"i32", "(select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))", "00000002"},
    {"i32", "(select (i32.const 1) (i32.const 2) (i32.const 7))", "00000001"},
    // float to int
    {"i32", "(i32.trunc_f32_s (f32.const -2147483648))", "80000000"},
    {"i32", "(i32.trunc_f64_s (f64.const -2147483648.9))", "80000000"},
    {"i32", "(i32.trunc_f64_s (f64.const 2147483647.9))", "7fffffff"},
    {"i32", "(i32.trunc_f64_u (f64.const 4294967295.9))", "ffffffff"},
    {"i32", "(i32.trunc_f32_u (f32.const -0.9))", "00000000"},
    {"i32", "(i32.trunc_sat_f32_s (f32.const nan))", "00000000"},
    {"i32", "(i32.trunc_sat_f32_s (f32.const 1e10))", "7fffffff"},
    {"i32", "(i32.trunc_sat_f32_s (f32.const -1e10))", "80000000"},
    {"i32", "(i32.trunc_sat_f64_u (f64.const -5))", "00000000"},
    {"i32", "(i32.trunc_sat_f64_u (f64.const 1e20))", "ffffffff"},
    {"i32", "(i32.trunc_sat_f32_u (f32.const inf))", "ffffffff"},
    {"i32", "(i32.trunc_sat_f64_s (f64.const -2147483648.5))", "80000000"},
    // float compare
    {"i32", "(f32.eq (f32.const nan) (f32.const nan))", "00000000"},
    {"i32", "(f32.ne (f32.const nan) (f32.const nan))", "00000001"},
    {"i32", "(f32.lt (f32.const nan) (f32.const 1))", "00000000"},
    {"i32", "(f64.ge (f64.const 1) (f64.const nan))", "00000000"},
    {"i32", "(f64.lt (f64.const -0) (f64.const 0))", "00000000"},
    {"i32", "(f64.eq (f64.const -0) (f64.const 0))", "00000001"},
    {"i32", "(i32.reinterpret_f32 (f32.const -0))", "80000000"},
    // NaN payloads: abs, neg and copysign only touch the sign bit
    {"i32", "(i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (i32.const 0x7fc00001))))",
     "ffc00001"},
    {"i32", "(i32.reinterpret_f32 (f32.abs (f32.reinterpret_i32 (i32.const 0xff800001))))",
     "7f800001"},
    // i64
    {"i64", "(i64.div_s (i64.const 0x8000000000000000) (i64.const 2))", "c000000000000000"},
    {"i64", "(i64.div_u (i64.const -1) (i64.const 16))", "0fffffffffffffff"},
    {"i64", "(i64.rem_s (i64.const 0x8000000000000000) (i64.const -1))", "0000000000000000"},
    {"i64", "(i64.rem_s (i64.const -7) (i64.const 2))", "ffffffffffffffff"},
    {"i64", "(i64.shl (i64.const 1) (i64.const 65))", "0000000000000002"},
    {"i64", "(i64.shr_s (i64.const 0x8000000000000000) (i64.const 127))", "ffffffffffffffff"},
    {"i64", "(i64.rotr (i64.const 1) (i64.const 1))", "8000000000000000"},
    {"i64", "(i64.rotl (i64.const 0x8000000000000000) (i64.const 65))", "0000000000000001"},
    {"i64", "(i64.clz (i64.const 0))", "0000000000000040"},
    {"i64", "(i64.ctz (i64.const 0))", "0000000000000040"},
    {"i64", "(i64.popcnt (i64.const -1))", "0000000000000040"},
    {"i64", "(i64.extend_i32_s (i32.const -1))", "ffffffffffffffff"},
    {"i64", "(i64.extend_i32_u (i32.const -1))", "00000000ffffffff"},
    {"i64", "(i64.extend8_s (i64.const 0x80))", "ffffffffffffff80"},
    {"i64", "(i64.extend16_s (i64.const 0x8000))", "ffffffffffff8000"},
    {"i64", "(i64.extend32_s (i64.const 0x80000000))", "ffffffff80000000"},
    {"i64", "(i64.trunc_f64_s (f64.const -9223372036854775808))", "8000000000000000"},
    {"i64", "(i64.trunc_f64_u (f64.const 18446744073709549568))", "fffffffffffff800"},
    {"i64", "(i64.trunc_f32_u (f32.const 1.5))", "0000000000000001"},
    {"i64", "(i64.trunc_sat_f64_s (f64.const 1e300))", "7fffffffffffffff"},
    {"i64", "(i64.trunc_sat_f64_s (f64.const -inf))", "8000000000000000"},
    {"i64", "(i64.trunc_sat_f32_u (f32.const nan))", "0000000000000000"},
    {"i64", "(i64.trunc_sat_f32_u (f32.const -1e30))", "0000000000000000"},
    {"i64", "(i64.reinterpret_f64 (f64.const -0))", "8000000000000000"},
    {"i64", "(i64.reinterpret_f64 (f64.abs (f64.reinterpret_i64 (i64.const 0xfff8000000000001))))",
     "7ff8000000000001"},
    {"i64",
     "(i64.reinterpret_f64 (f64.copysign (f64.reinterpret_i64 (i64.const 0x7ff0000000000002)) "
     "(f64.const -1)))",
     "fff0000000000002"},
    // f32
    {"f32", "(f32.min (f32.const -0) (f32.const 0))", "80000000"},
    {"f32", "(f32.min (f32.const 0) (f32.const -0))", "80000000"},
    {"f32", "(f32.max (f32.const -0) (f32.const 0))", "00000000"},
    {"f32", "(f32.max (f32.const 0) (f32.const -0))", "00000000"},
    {"f32", "(f32.min (f32.const nan) (f32.const 1))", "nan"},
    {"f32", "(f32.max (f32.const 1) (f32.const nan))", "nan"},
    {"f32", "(f32.min (f32.const -inf) (f32.const 1))", "ff800000"},
    {"f32", "(f32.copysign (f32.const 1) (f32.const -0))", "bf800000"},
    {"f32", "(f32.abs (f32.const -0))", "00000000"},
    {"f32", "(f32.neg (f32.const 0))", "80000000"},
    {"f32", "(f32.nearest (f32.const 2.5))", "40000000"},
    {"f32", "(f32.nearest (f32.const 3.5))", "40800000"},
    {"f32", "(f32.nearest (f32.const -0.5))", "80000000"},
    {"f32", "(f32.trunc (f32.const -1.5))", "bf800000"},
    {"f32", "(f32.ceil (f32.const -0.5))", "80000000"},
    {"f32", "(f32.floor (f32.const -0.5))", "bf800000"},
    {"f32", "(f32.sqrt (f32.const -1))", "nan"},
    {"f32", "(f32.sqrt (f32.const -0))", "80000000"},
    {"f32", "(f32.div (f32.const 0) (f32.const 0))", "nan"},
    {"f32", "(f32.div (f32.const 1) (f32.const -0))", "ff800000"},
    {"f32", "(f32.sub (f32.const inf) (f32.const inf))", "nan"},
    {"f32", "(f32.add (f32.const 0x1p127) (f32.const 0x1p127))", "7f800000"},
    {"f32", "(f32.convert_i64_u (i64.const -1))", "5f800000"},
    {"f32", "(f32.convert_i32_s (i32.const -1))", "bf800000"},
    {"f32", "(f32.convert_i32_u (i32.const -1))", "4f800000"},
    {"f32", "(f32.convert_i64_s (i64.const 0x7fffffffffffffff))", "5f000000"},
    {"f32", "(f32.convert_i32_s (i32.const 16777217))", "4b800000"},
    {"f32", "(f32.demote_f64 (f64.const 1e300))", "7f800000"},
    {"f32", "(f32.demote_f64 (f64.const 0x1.000001p0))", "3f800000"},
    // f64
    {"f64", "(f64.min (f64.const -0) (f64.const 0))", "8000000000000000"},
    {"f64", "(f64.max (f64.const -0) (f64.const 0))", "0000000000000000"},
    {"f64", "(f64.max (f64.const nan) (f64.const 0))", "nan"},
    {"f64", "(f64.min (f64.const 0) (f64.const nan:0x4))", "nan"},
    {"f64", "(f64.copysign (f64.const 2) (f64.const -1))", "c000000000000000"},
    {"f64", "(f64.nearest (f64.const -2.5))", "c000000000000000"},
    {"f64", "(f64.nearest (f64.const 0.49999999999999994))", "0000000000000000"},
    {"f64", "(f64.floor (f64.const -0))", "8000000000000000"},
    {"f64", "(f64.sqrt (f64.const 2))", "3ff6a09e667f3bcd"},
    {"f64", "(f64.convert_i64_u (i64.const -1))", "43f0000000000000"},
    {"f64", "(f64.convert_i64_s (i64.const 0x8000000000000000))", "c3e0000000000000"},
    {"f64", "(f64.convert_i32_u (i32.const -1))", "41efffffffe00000"},
    {"f64", "(f64.promote_f32 (f32.const 1.5))", "3ff8000000000000"},
    {"f64", "(f64.reinterpret_i64 (i64.const 1))", "0000000000000001"},
    {"f64", "(f64.div (f64.const -1) (f64.const 0))", "fff0000000000000"},
    {"f64", "(f64.mul (f64.const 1e308) (f64.const 10))", "7ff0000000000000"},
    // control flow
    {"i32", "(call $switch (i32.const 0))", "0000000a"},
    {"i32", "(call $switch (i32.const 1))", "0000000b"},
    {"i32", "(call $switch (i32.const 2))", "0000000c"},
    {"i32", "(call $switch (i32.const 3))", "0000000d"},
    {"i32", "(call $switch (i32.const 100))", "0000000d"},
    {"i32", "(call $switch (i32.const -1))", "0000000d"},
    {"i32", "(call $switch_value (i32.const 0))", "00000007"},
    {"i32", "(call $switch_value (i32.const 1))", "0000006b"},
    {"i32", "(call $switch_value (i32.const 9))", "0000006b"},
    {"i32", "(i32.sub (call $swap (i32.const 1) (i32.const 10)))", "00000009"},
    {"i32", "(call $block_params (i32.const 5))", "0000000a"},
    {"i32", "(call $loop_sum (i32.const 10))", "00000037"},
    {"i32", "(call $br_if_moves (i32.const 1))", "0000002a"},
    {"i32", "(call $br_if_moves (i32.const 0))", "00000001"},
    {"i32", "(call $early_return (i32.const 1))", "00000063"},
    {"i32", "(call $early_return (i32.const 0))", "00000005"},
    {"i32", "(call $if_else (i32.const 1))", "00000001"},
    {"i32", "(call $if_else (i32.const 0))", "00000002"},
    {"i32", "(call $if_no_else (i32.const 3))", "00000004"},
    {"i64", "(call $fact (i64.const 20))", "21c3677c82b40000"},
    {"i32", "(call $fib (i32.const 20))", "00001a6d"},
    {"i32", "(call_indirect (type $binop) (i32.const 7) (i32.const 5) (i32.const 0))", "0000000c"},
    {"i32", "(call_indirect (type $binop) (i32.const 7) (i32.const 5) (i32.const 1))", "00000002"},
    {"i32", "(call_indirect (type $binop2) (i32.const 7) (i32.const 5) (i32.const 1))", "00000002"},
    {"i32", "(call $compares (i32.const -1) (i32.const 1))", "02660199"},
    {"i32", "(call $compares (i32.const 5) (i32.const 5))", "03c1003e"},
    {"i32", "(call $compares (i32.const 7) (i32.const -3))", "019a0265"},
    {"i32", "(call $counter)", "00000001"},
    {"i32", "(call $counter)", "00000002"},
    // memory
    {"i32", "(call $mem_roundtrip)", "ffffff80"},
    {"i64", "(i64.load offset=1000 (i32.const 24))", "0807060504030201"},
    {"i32", "(i32.load16_s offset=1024 (i32.const 0))", "00000201"},
    {"i64", "(i64.load32_s (i32.const 1028))", "0000000008070605"},
    {"i32", "(memory.size)", "00000001"},
    {"i32", "(memory.grow (i32.const 2))", "00000001"},
    {"i32", "(memory.size)", "00000003"},
    {"i32", "(i32.load (i32.const 0x2fffc))", "00000000"},
    {"i32", "(memory.grow (i32.const 70000))", "ffffffff"},
    {"i32", "(call $fill_copy)", "abababab"},
    {"i32", "(call $init_passive)", "6c6c6548"},
};

const char* kFunctions = R"(
  (type $binop (func (param i32 i32) (result i32)))
  (type $binop2 (func (param i32 i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $add $sub)
  (global $count (mut i32) (i32.const 0))
  (data (i32.const 1024) "\01\02\03\04\05\06\07\08")
  (data $hello "Hello")
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $switch (param i32) (result i32)
    (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 11)))
      (return (i32.const 12)))
    (i32.const 13))
  (func $switch_value (param i32) (result i32)
    (block $x (result i32)
      (i32.add (block $y (result i32)
        (br_table $x $y (i32.const 7) (local.get 0)))
        (i32.const 100))))
  (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
  (func $block_params (param i32) (result i32)
    (local.get 0)
    (block (param i32) (result i32) (i32.const 2) (i32.mul)))
  (func $loop_sum (param $n i32) (result i32)
    (i32.const 0)
    (loop $l (param i32) (result i32)
      (i32.add (local.get $n))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  (func $br_if_moves (param i32) (result i32)
    (block $b (result i32)
      (i32.const 1)
      (i32.const 42)
      (br_if $b (local.get 0))
      (drop)))
  (func $early_return (param i32) (result i32)
    (block
      (br_if 1 (i32.const 99) (local.get 0))
      (drop))
    (i32.const 5))
  (func $if_else (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2))))
  (func $if_no_else (param i32) (result i32)
    (local.get 0)
    (if (param i32) (result i32) (local.get 0) (then (i32.add (i32.const 1)))))
  (func $fact (param i64) (result i64)
    (if (result i64) (i64.le_u (local.get 0) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fact (i64.sub (local.get 0) (i64.const 1)))))))
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $counter (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count))
  (func $mem_roundtrip (result i32)
    (i32.store8 offset=3 (i32.const 4000) (i32.const 0x180))
    (i32.load8_s (i32.const 4003)))
  (func $fill_copy (result i32)
    (memory.fill (i32.const 5000) (i32.const 0x1ab) (i32.const 16))
    (memory.copy (i32.const 5002) (i32.const 5000) (i32.const 14))
    (i32.load (i32.const 5012)))
  (func $init_passive (result i32)
    (memory.init $hello (i32.const 6000) (i32.const 0) (i32.const 5))
    (data.drop $hello)
    (memory.init $hello (i32.const 6000) (i32.const 0) (i32.const 0))
    (i32.load (i32.const 6000)))
)";

// Every i32 comparison as the condition of an `if` and of a `br_if` (the
// interpreter folds them into compare-and-jump instructions): bit k of the
// high half is set when comparison k holds, of the low half when it does not.
std::string compare_function() {
  const char* kCompares[] = {"eq",   "ne",   "lt_s", "lt_u", "gt_s",
                             "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
  std::string f = "(func $compares (param i32 i32) (result i32) (local i32 i32)\n";
  for (int k = 0; k < 10; ++k) {
    std::string cmp = std::string("(i32.") + kCompares[k] + " (local.get 0) (local.get 1))";
    std::string bit = std::to_string(1 << k);
    f += "(if " + cmp + " (then (local.set 2 (i32.or (local.get 2) (i32.const " + bit + ")))))\n";
    f += "(block (br_if 0 " + cmp + ") (local.set 3 (i32.or (local.get 3) (i32.const " + bit +
         "))))\n";
    f += "(block (br_if 0 (i32.eqz " + cmp + ")) (local.set 2 (i32.or (local.get 2) (i32.const " +
         bit + "))))\n";
  }
  return f + "(i32.or (i32.shl (local.get 2) (i32.const 16)) (local.get 3)))\n";
}

std::string cases_module() {
  std::string wat = std::string("(module ") + kHarness + kFunctions + compare_function();
  wat += "(func (export \"_start\")\n";
  for (const Case& c : kCases) {
    wat += std::string("  (call $") + c.type + " " + c.expr + ")\n";
  }
  wat += "))";
  return wat;
}

TEST(InterpNumeric, EveryCaseGivesTheSpecResult) {
  std::string wasm = wat_to_wasm(cases_module());
  ASSERT_FALSE(wasm.empty());
  WasmFixture fx;
  auto o = interpret(fx, wasm, {"cases"});
  ASSERT_EQ(o.status, 0) << o.err;
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = o.out.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(o.out.substr(start, nl - start));
  }
  ASSERT_EQ(lines.size(), std::size(kCases)) << o.out;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i], kCases[i].expected) << kCases[i].expr;
  }
}

TEST(InterpNumeric, CompiledCodePrintsTheSameLines) {
  std::string wasm = wat_to_wasm(cases_module());
  ASSERT_FALSE(wasm.empty());
  ScopedUserModuleCache cache("kefka-interp-numeric");
  WasmFixture a, b;
  auto interpreted = interpret(a, wasm, {"cases"});
  auto compiled = compile_and_run(b, wasm, {"cases"});
  EXPECT_EQ(compiled.status, 0) << compiled.err;
  EXPECT_EQ(interpreted.out, compiled.out);
}

}  // namespace
}  // namespace kefka::wasm::testing

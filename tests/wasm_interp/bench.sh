#!/usr/bin/env bash
# Measures a CPU-bound C program native, compiled to wasm (wasm2c + cc) and
# interpreted (src/wasm/interp). Usage: tests/wasm_interp/bench.sh [build-dir] [scale]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
scale=${2:-40}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang-14 --target=wasm32-wasi --sysroot="$build/wasi-sysroot" -O2 tests/wasm_interp/bench_cpu.c \
  -o "$tmp/bench.wasm"
gcc -O2 tests/wasm_interp/bench_cpu.c -o "$tmp/bench"
echo "native:"
/usr/bin/time -f "  %U s user, %e s wall" "$tmp/bench" "$scale"
KEFKA_INTERP_BENCH="$tmp/bench.wasm" KEFKA_INTERP_BENCH_ARGS="$scale" \
  "$build/test_wasm_interp" --gtest_filter=InterpBench.* | grep -E "^(compiled|interpreted|output)"

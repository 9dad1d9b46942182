#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan/UBSan into build-fuzz/ and runs
# each for SECONDS (default 60), growing fuzz/corpus/<target>/ with new inputs.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(shell_parse shell_run regex options vfs_ops)
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKEFKA_FUZZ=ON -DKEFKA_SANITIZE=ON
fi
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "build-fuzz/crashes/$t"
  build-fuzz/fuzz/fuzz_$t "fuzz/corpus/$t" -max_total_time="$seconds" -max_len=4096 \
    -timeout=10 -rss_limit_mb=4096 -artifact_prefix="build-fuzz/crashes/$t/"
done

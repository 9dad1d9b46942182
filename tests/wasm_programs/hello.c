// Prints its arguments, one environment variable and its cwd; exits with the
// status given as the first argument (default 0).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  char cwd[512];
  printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "(error)");
  fprintf(stderr, "to stderr\n");
  return argc > 1 ? atoi(argv[1]) : 0;
}

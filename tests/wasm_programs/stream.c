// Copies stdin to stdout upper-cased, in small reads (streams in a pipeline);
// with an argument, prints the number of bytes read to stderr at the end.
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char buf[1000];
  long total = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; ++i) buf[i] = (char)toupper((unsigned char)buf[i]);
    if (write(1, buf, n) != n) return 3;
    total += n;
  }
  if (argc > 1) fprintf(stderr, "%ld\n", total);
  return 0;
}

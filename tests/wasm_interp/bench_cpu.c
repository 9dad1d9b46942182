/* A CPU-bound C program for measuring the interpreter against the compiled
 * path and native code (see bench.sh; not part of the test suite): integer
 * hashing, a sieve, qsort, and floating-point n-body steps. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void* a, const void* b) {
  uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  long scale = argc > 1 ? atol(argv[1]) : 10;
  uint32_t h = 2166136261u;
  for (long i = 0; i < scale * 1000000; ++i) h = (h ^ (uint32_t)i) * 16777619u;

  long n = scale * 100000;
  char* sieve = calloc((size_t)n + 1, 1);
  long primes = 0;
  for (long i = 2; i <= n; ++i) {
    if (sieve[i]) continue;
    ++primes;
    for (long j = i * 2; j <= n; j += i) sieve[j] = 1;
  }
  free(sieve);

  size_t m = (size_t)scale * 20000;
  uint32_t* v = malloc(m * sizeof *v);
  uint32_t x = 1;
  for (size_t i = 0; i < m; ++i) v[i] = x = x * 1103515245u + 12345u;
  qsort(v, m, sizeof *v, cmp);
  uint32_t mid = v[m / 2];
  free(v);

  double px[5] = {0, 1, 2, 3, 4}, py[5] = {1, 0, 2, 1, 3}, vx[5] = {0}, vy[5] = {0};
  for (long step = 0; step < scale * 20000; ++step) {
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 5; ++j) {
        if (i == j) continue;
        double dx = px[j] - px[i], dy = py[j] - py[i];
        double d2 = dx * dx + dy * dy + 0.01;
        vx[i] += dx / d2 * 1e-4;
        vy[i] += dy / d2 * 1e-4;
      }
    }
    for (int i = 0; i < 5; ++i) {
      px[i] += vx[i];
      py[i] += vy[i];
    }
  }
  printf("hash %u primes %ld median %u x0 %.6f\n", h, primes, mid, px[0]);
  return 0;
}

// Guests that misbehave: `misbehave <what>`.
//   loop       spins forever without a host call
//   sleep      sleeps 100 s (poll_oneoff)
//   alloc MB   mallocs MB mebibytes, touching them; prints "null" on failure
//   recurse    unbounded recursion (overflows the guest's own stack)
//   recurse_native  unbounded recursion in registers (the native stack)
//   oob        loads far past the end of memory
//   unreachable / divzero
//   escape     tries to read ../../etc/passwd and /etc/hostname
//   clock      prints whether realtime looks like now and random_get works
//   work N     a CPU-bound loop of N steps (for measuring)
//   badptr     host calls with pointers outside linear memory (EFAULT = 21)
//   spin       prints forever (a write loop, to a pipe that closes)
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static volatile int sink;

static int recurse(int n) {
  volatile char pad[256];
  pad[0] = (char)n;
  return recurse(n + 1) + pad[0];
}

// Recursion that uses no linear-memory stack: only the native stack grows.
static int (*volatile deep_fn)(int);
static int deep(int n) {
  return deep_fn(n + 1) + 1;
}

// The raw import: the libc wrapper would strlen() the path in the guest.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) int32_t
raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags,
              int64_t rights, int64_t inheriting, int32_t fdflags, int32_t result);

static int recurse_guard(long i) {
  return (int)(i % 7);
}

static void show(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) {
    printf("%s: %s\n", path, strerror(errno));
    return;
  }
  char line[256] = {0};
  if (!fgets(line, sizeof line, f)) line[0] = 0;
  printf("%s: %s", path, line);
  fclose(f);
}

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[1] : "";
  if (!strcmp(what, "loop")) {
    for (;;) sink++;
  }
  if (!strcmp(what, "sleep")) {
    sleep(100);
    return 0;
  }
  if (!strcmp(what, "alloc")) {
    long mb = argc > 2 ? atol(argv[2]) : 1;
    char* p = malloc((size_t)mb << 20);
    if (!p) {
      printf("null\n");
      return 1;
    }
    memset(p, 1, (size_t)mb << 20);
    sink = p[((size_t)mb << 20) - 1];  // keeps malloc and memset from being optimised out
    printf("ok\n");
    return 0;
  }
  if (!strcmp(what, "recurse")) return recurse(0);
  if (!strcmp(what, "recurse_native")) {
    deep_fn = deep;
    return deep(0);
  }
  if (!strcmp(what, "oob")) {
    volatile uint32_t* p = (uint32_t*)(uintptr_t)0xfffffff0u;
    return (int)*p;
  }
  if (!strcmp(what, "unreachable")) __builtin_trap();
  if (!strcmp(what, "divzero")) {
    volatile int zero = 0;
    return 10 / zero;
  }
  if (!strcmp(what, "escape")) {
    show("../../etc/passwd");
    show("/../../../etc/hostname");
    show("/etc/hostname");
    return 0;
  }
  if (!strcmp(what, "clock")) {
    time_t now = time(NULL);
    printf("year>=2024 %d\n", now > 1704067200);
    unsigned char a[16] = {0}, b[16] = {0};
    getentropy(a, sizeof a);
    getentropy(b, sizeof b);
    printf("random differs %d\n", memcmp(a, b, sizeof a) != 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec d = {0, 20 * 1000 * 1000};
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("slept>=20ms %d\n", ms >= 20);
    return 0;
  }
  if (!strcmp(what, "work")) {  // work N: CPU-bound (a benchmark, not a test)
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    uint32_t h = 2166136261u;
    for (long i = 0; i < n; ++i) {
      h = (h ^ (uint32_t)i) * 16777619u;
      if ((h & 1023) == 7) h += (uint32_t)recurse_guard(i);
    }
    printf("%u\n", h);
    return 0;
  }
  if (!strcmp(what, "badptr")) {  // host calls given pointers outside memory
    __wasi_size_t n = 0;
    __wasi_ciovec_t iov = {(const uint8_t*)(uintptr_t)0xfffffff0u, 64};
    printf("iov %d\n", __wasi_fd_write(1, &iov, 1, &n));
    printf("iovs %d\n", __wasi_fd_write(1, (const __wasi_ciovec_t*)(uintptr_t)0xfffffffcu, 1, &n));
    printf("ret %d\n", __wasi_fd_write(1, &iov, 0, (__wasi_size_t*)(uintptr_t)0xfffffffeu));
    __wasi_fd_t fd;
    printf("path %d\n",
           raw_path_open(3, 0, (int32_t)0xffff0000u, 0x20000, 0, 0, 0, 0, (int32_t)(uintptr_t)&fd));
    return 0;
  }
  if (!strcmp(what, "spin")) {
    for (;;) puts("y");
  }
  return 2;
}

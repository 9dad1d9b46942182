// The WASI host's clocks, poll, signals, /dev/fd and memory: `hostio <what>`.
//   cpu          clock(), times() and CLOCK_PROCESS_CPUTIME_ID count CPU time
//   poll MS      polls stdin with a timeout of MS ms: "ready" or "timeout"
//   pollmany MS  polls stdin and stdout with two clocks (MS and 10*MS ms)
//   raise N      proc_raise(N) (WASI numbering); prints "survived" if it returns
//   cat PATH     copies PATH to stdout
//   write PATH TEXT  writes TEXT to PATH
//   hold MB      takes MB mebibytes, prints "ok" or "null", then waits for the
//                end of stdin (to stay alive beside other instances)
#define _WASI_EMULATED_PROCESS_CLOCKS
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

// The raw import (this wasi-libc's headers do not declare it).
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int32_t
raw_proc_raise(int32_t signal);

static volatile uint32_t sink;

static void burn_cpu(double seconds) {
  clock_t start = clock();
  while ((double)(clock() - start) / CLOCKS_PER_SEC < seconds) {
    for (int i = 0; i < 100000; ++i) sink = sink * 31 + (uint32_t)i;
  }
}

static double cputime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cpu(void) {
  double c0 = (double)clock() / CLOCKS_PER_SEC, p0 = cputime();
  struct tms t0;
  times(&t0);
  printf("clock starts small %d\n", c0 >= 0 && c0 < 2);
  printf("cputime starts small %d\n", p0 >= 0 && p0 < 2);
  burn_cpu(0.1);
  double c1 = (double)clock() / CLOCKS_PER_SEC, p1 = cputime();
  printf("clock counts work %d\n", c1 - c0 >= 0.09 && c1 - c0 < 5);
  printf("cputime counts work %d\n", p1 - p0 >= 0.09 && p1 - p0 < 5);
  struct timespec nap = {0, 300 * 1000 * 1000};
  nanosleep(&nap, NULL);
  double c2 = (double)clock() / CLOCKS_PER_SEC, p2 = cputime();
  printf("clock skips sleep %d\n", c2 - c1 < 0.15);
  printf("cputime skips sleep %d\n", p2 - p1 < 0.15);
  struct tms t1;
  times(&t1);
  printf("times counts work %d\n", t1.tms_utime > t0.tms_utime);
  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  printf("monotonic resolution under 1ms %d\n", res.tv_sec == 0 && res.tv_nsec < 1000000);
  return 0;
}

static int poll_stdin(int ms) {
  struct pollfd p = {.fd = 0, .events = POLLIN};
  double start = monotonic_ms();
  int n = poll(&p, 1, ms);
  double took = monotonic_ms() - start;
  if (n == 0) {
    printf("timeout waited %d\n", took >= ms * 0.9);
  } else if (n == 1 && (p.revents & POLLIN)) {
    char buf[64] = {0};
    ssize_t got = read(0, buf, sizeof buf - 1);
    printf("ready %zd %s", got, buf);
  } else {
    printf("poll %d revents %d\n", n, p.revents);
  }
  return 0;
}

// Raw subscriptions: stdin, stdout (writable at once) and two clocks.
static int poll_many(int ms) {
  __wasi_subscription_t subs[4];
  memset(subs, 0, sizeof subs);
  subs[0].userdata = 10;
  subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  subs[0].u.u.fd_read.file_descriptor = 0;
  subs[1].userdata = 11;
  subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  subs[1].u.u.clock.timeout = (uint64_t)ms * 10 * 1000000;
  subs[2].userdata = 12;
  subs[2].u.tag = __WASI_EVENTTYPE_CLOCK;
  subs[2].u.u.clock.id = __WASI_CLOCKID_REALTIME;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  subs[2].u.u.clock.timeout =
      (uint64_t)now.tv_sec * 1000000000 + now.tv_nsec + (uint64_t)ms * 1000000;
  subs[2].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  __wasi_event_t events[4];
  __wasi_size_t n = 0;
  double start = monotonic_ms();
  __wasi_errno_t err = __wasi_poll_oneoff(subs, events, 3, &n);
  double took = monotonic_ms() - start;
  printf("err %d events %lu", err, (unsigned long)n);
  for (__wasi_size_t i = 0; i < n; ++i) printf(" %llu", (unsigned long long)events[i].userdata);
  printf(" waited %d\n", took >= ms * 0.9 && took < ms * 5);
  // stdout is writable at once, whatever stdin does.
  subs[3].userdata = 13;
  subs[3].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  subs[3].u.u.fd_write.file_descriptor = 1;
  err = __wasi_poll_oneoff(&subs[3], events, 1, &n);
  printf("err %d events %lu %llu\n", err, (unsigned long)n, (unsigned long long)events[0].userdata);
  return 0;
}

static int cat(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    perror(path);
    return 1;
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) fwrite(buf, 1, (size_t)n, stdout);
  close(fd);
  return 0;
}

static int write_to(const char* path, const char* text) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) {
    perror(path);
    return 1;
  }
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : 1;
}

static int hold(long mb) {
  char* p = malloc((size_t)mb << 20);
  if (!p) {
    printf("null\n");
    fflush(stdout);
  } else {
    memset(p, 1, (size_t)mb << 20);
    sink = (uint32_t)p[((size_t)mb << 20) - 1];
    printf("ok\n");
    fflush(stdout);
  }
  char buf[256];
  while (read(0, buf, sizeof buf) > 0) {
  }
  return p ? 0 : 1;
}

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[1] : "";
  const char* arg = argc > 2 ? argv[2] : "0";
  if (!strcmp(what, "cpu")) return cpu();
  if (!strcmp(what, "poll")) return poll_stdin(atoi(arg));
  if (!strcmp(what, "pollmany")) return poll_many(atoi(arg));
  if (!strcmp(what, "raise")) {
    int err = raw_proc_raise(atoi(arg));
    printf("survived %d\n", err);
    return 0;
  }
  if (!strcmp(what, "cat")) return cat(arg);
  if (!strcmp(what, "write") && argc > 3) return write_to(arg, argv[3]);
  if (!strcmp(what, "hold")) return hold(atol(arg));
  return 2;
}

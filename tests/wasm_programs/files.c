// File operations through WASI: `files <op> args...`.
//   write PATH TEXT   create/truncate PATH with TEXT
//   append PATH TEXT  append TEXT
//   cat PATH...       print files
//   ls DIR            print sorted entries (no . and ..), one per line
//   mv FROM TO        rename
//   rm PATH           unlink
//   mkdir DIR / rmdir DIR
//   stat PATH         print type and size
//   seek PATH         pread/lseek checks on an existing file
//   symlink TARGET LINK / readlink LINK / link FROM TO
//   touch PATH SECONDS / mtime PATH / count DIR
// Errors print "<op>: <strerror>" and exit 1.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char* what) {
  printf("%s: %s\n", what, strerror(errno));
  return 1;
}

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int write_file(const char* path, const char* text, int flags) {
  int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
  if (fd < 0) return fail("open");
  if (write(fd, text, strlen(text)) < 0) return fail("write");
  close(fd);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const char* op = argv[1];
  if (!strcmp(op, "write")) return write_file(argv[2], argv[3], O_TRUNC);
  if (!strcmp(op, "append")) return write_file(argv[2], argv[3], O_APPEND);
  if (!strcmp(op, "cat")) {
    for (int i = 2; i < argc; ++i) {
      FILE* f = fopen(argv[i], "r");
      if (!f) return fail("fopen");
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stdout);
      fclose(f);
    }
    return 0;
  }
  if (!strcmp(op, "ls")) {
    DIR* d = opendir(argv[2]);
    if (!d) return fail("opendir");
    static char* names[4096];
    int count = 0;
    struct dirent* e;
    while ((e = readdir(d)) && count < 4096) {
      if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof names[0], cmp);
    for (int i = 0; i < count; ++i) printf("%s\n", names[i]);
    return 0;
  }
  if (!strcmp(op, "mv")) return rename(argv[2], argv[3]) ? fail("rename") : 0;
  if (!strcmp(op, "rm")) return unlink(argv[2]) ? fail("unlink") : 0;
  if (!strcmp(op, "mkdir")) return mkdir(argv[2], 0755) ? fail("mkdir") : 0;
  if (!strcmp(op, "rmdir")) return rmdir(argv[2]) ? fail("rmdir") : 0;
  if (!strcmp(op, "symlink")) return symlink(argv[2], argv[3]) ? fail("symlink") : 0;
  if (!strcmp(op, "readlink")) {
    char buf[256];
    ssize_t n = readlink(argv[2], buf, sizeof buf - 1);
    if (n < 0) return fail("readlink");
    buf[n] = 0;
    printf("%s\n", buf);
    return 0;
  }
  if (!strcmp(op, "link")) return link(argv[2], argv[3]) ? fail("link") : 0;
  if (!strcmp(op, "touch")) {  // touch PATH SECONDS: set atime and mtime
    struct timespec times[2] = {{atol(argv[3]), 0}, {atol(argv[3]), 0}};
    return utimensat(AT_FDCWD, argv[2], times, 0) ? fail("utimensat") : 0;
  }
  if (!strcmp(op, "mtime")) {
    struct stat st;
    if (stat(argv[2], &st)) return fail("stat");
    printf("%lld nlink=%lld\n", (long long)st.st_mtim.tv_sec, (long long)st.st_nlink);
    return 0;
  }
  if (!strcmp(op, "count")) {  // count DIR: entries seen by readdir, . and .. included
    DIR* d = opendir(argv[2]);
    if (!d) return fail("opendir");
    long n = 0;
    while (readdir(d)) ++n;
    closedir(d);
    printf("%ld\n", n);
    return 0;
  }
  if (!strcmp(op, "stat")) {
    struct stat st;
    if (stat(argv[2], &st)) return fail("stat");
    printf("%s %lld\n",
           S_ISDIR(st.st_mode)   ? "dir"
           : S_ISREG(st.st_mode) ? "file"
                                 : "other",
           (long long)st.st_size);
    return 0;
  }
  if (!strcmp(op, "seek")) {
    int fd = open(argv[2], O_RDWR);
    if (fd < 0) return fail("open");
    char buf[4] = {0};
    if (pread(fd, buf, 3, 2) != 3) return fail("pread");
    off_t end = lseek(fd, 0, SEEK_END);
    if (pwrite(fd, "XY", 2, 0) != 2) return fail("pwrite");
    if (ftruncate(fd, 4)) return fail("ftruncate");
    printf("pread=%s end=%lld\n", buf, (long long)end);
    close(fd);
    return 0;
  }
  return 2;
}

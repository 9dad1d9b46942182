/* Functions wasi-libc lacks that jq and the sqlite3 shell call. Compiled into
 * the wasm modules only; see scripts/wasm_tools/build.sh. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* WASI has no working directory: wasi-libc keeps its own, starting at "/".
 * kefka passes the shell's cwd as $PWD, so start there (relative paths and
 * getcwd() then behave as in the shell). */
__attribute__((constructor)) static void start_in_pwd(void) {
  const char *pwd = getenv("PWD");
  if (pwd && pwd[0] == '/') chdir(pwd);
}

enum { kMaxKeys = 16 };
static const void *key_values[kMaxKeys];
static unsigned keys_used;

int pthread_once(pthread_once_t *once, void (*init)(void)) {
  if (*once == 0) {
    *once = 1;
    init();
  }
  return 0;
}

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *)) {
  (void)destructor; /* the module exits with its only thread */
  if (keys_used == kMaxKeys) return EAGAIN;
  *key = keys_used++;
  return 0;
}

void *pthread_getspecific(pthread_key_t key) {
  return key < keys_used ? (void *)key_values[key] : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value) {
  if (key >= keys_used) return EINVAL;
  key_values[key] = value;
  return 0;
}

uid_t getuid(void) { return 0; }

/* WASI files have no permission bits (sqlite3's writefile() sets them). */
int chmod(const char *path, mode_t mode) {
  (void)mode;
  struct stat st;
  return stat(path, &st);
}

struct passwd *getpwuid(uid_t uid) {
  (void)uid;
  errno = ENOENT;
  return NULL;
}

/* Appends `name` (one path component, no '/') to the absolute path in `out`,
 * handling "." and "..". Returns 0, or -1 with errno set. */
static int append_component(char *out, size_t *len, const char *name, size_t n) {
  if (n == 0 || (n == 1 && name[0] == '.')) return 0;
  if (n == 2 && name[0] == '.' && name[1] == '.') {
    while (*len > 1 && out[*len - 1] != '/') --*len;
    if (*len > 1) --*len; /* drop the separator, keep the root */
    out[*len] = '\0';
    return 0;
  }
  size_t need = *len + (*len > 1) + n + 1;
  if (need > PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  if (*len > 1) out[(*len)++] = '/';
  memcpy(out + *len, name, n);
  *len += n;
  out[*len] = '\0';
  return 0;
}

/* Resolves `path` against the current directory, following symbolic links
 * (bounded, like the kernel's ELOOP), and requires the result to exist. */
static int resolve(const char *path, char *out, int depth) {
  if (depth > 40) {
    errno = ELOOP;
    return -1;
  }
  size_t len;
  if (path[0] == '/') {
    strcpy(out, "/");
    len = 1;
  } else {
    if (!getcwd(out, PATH_MAX)) return -1;
    len = strlen(out);
  }
  const char *p = path;
  while (*p) {
    while (*p == '/') ++p;
    const char *end = p;
    while (*end && *end != '/') ++end;
    if (end == p) break;
    size_t saved = len;
    if (append_component(out, &len, p, (size_t)(end - p)) != 0) return -1;
    struct stat st;
    if (len > 1 && lstat(out, &st) != 0) return -1;
    if (len > 1 && S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t t = readlink(out, target, sizeof target - 1);
      if (t < 0) return -1;
      target[t] = '\0';
      /* Rebuild: the link's directory, then the target, then the rest. */
      char rest[PATH_MAX];
      out[saved] = '\0';
      int written = target[0] == '/'
                        ? snprintf(rest, sizeof rest, "%s/%s", target, end)
                        : snprintf(rest, sizeof rest, "%s/%s/%s", out, target, end);
      if (written < 0 || (size_t)written >= sizeof rest) {
        errno = ENAMETOOLONG;
        return -1;
      }
      return resolve(rest, out, depth + 1);
    }
    p = end;
  }
  return 0;
}

char *realpath(const char *restrict path, char *restrict resolved) {
  if (!path) {
    errno = EINVAL;
    return NULL;
  }
  if (!*path) {
    errno = ENOENT;
    return NULL;
  }
  char buf[PATH_MAX];
  if (resolve(path, buf, 0) != 0) return NULL;
  if (resolved) return strcpy(resolved, buf);
  return strdup(buf);
}

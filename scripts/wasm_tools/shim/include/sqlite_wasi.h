/* Force-included into the sqlite3 amalgamation built for wasm32-wasi (see
 * scripts/wasm_tools/build.sh). WASI has no advisory locks nor file owners:
 * the lock constants only have to compile (the default VFS is "unix-none",
 * which never locks), and ownership/permission changes succeed doing nothing. */
#ifndef KEFKA_SQLITE_WASI_H
#define KEFKA_SQLITE_WASI_H

#include <sys/types.h>

#ifndef F_GETLK
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#endif
#ifndef F_RDLCK
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#endif

static inline uid_t geteuid(void) { return 1000; } /* not root: no fchown */
static inline int fchown(int fd, uid_t uid, gid_t gid) {
  (void)fd, (void)uid, (void)gid;
  return 0;
}
static inline int fchmod(int fd, mode_t mode) {
  (void)fd, (void)mode;
  return 0;
}

#endif

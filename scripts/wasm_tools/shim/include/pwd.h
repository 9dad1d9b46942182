/* WASI has no users: getpwuid() finds nobody, so jq falls back to $HOME. */
#ifndef KEFKA_WASI_SHIM_PWD_H
#define KEFKA_WASI_SHIM_PWD_H

#include <sys/types.h>

struct passwd {
  char *pw_name;
  char *pw_passwd;
  uid_t pw_uid;
  gid_t pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};

uid_t getuid(void);
struct passwd *getpwuid(uid_t uid);

#endif

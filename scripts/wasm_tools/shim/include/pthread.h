/* Single-threaded stand-in for the few pthread calls jq makes: a WASI
 * command module runs on one thread, so "once" and thread-specific data
 * reduce to plain globals. */
#ifndef KEFKA_WASI_SHIM_PTHREAD_H
#define KEFKA_WASI_SHIM_PTHREAD_H

typedef int pthread_once_t;
typedef unsigned pthread_key_t;
#define PTHREAD_ONCE_INIT 0

int pthread_once(pthread_once_t *once, void (*init)(void));
int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

#endif

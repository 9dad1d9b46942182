#include "shell/stack.h"

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace kefka::shell {

namespace {

// The lowest usable address of this thread's stack (stacks grow down); 0 when
// the bounds are unknown.
uintptr_t find_stack_low() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* addr = nullptr;
  size_t size = 0;
  size_t guard = 0;
  int rc = pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_getguardsize(&attr, &guard);
  pthread_attr_destroy(&attr);
  if (rc != 0) return 0;
  return reinterpret_cast<uintptr_t>(addr) + guard;
}

}  // namespace

size_t stack_left() {
  thread_local const uintptr_t low = find_stack_low();
  // The frame address, not a local's: under ASan locals may live on a heap
  // "fake stack".
  auto sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (low == 0) return SIZE_MAX;
  return sp > low ? sp - low : 0;
}

void ShellThread::start(void* (*entry)(void*), void* arg) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kThreadStackBytes);
  int rc = pthread_create(&thread_, &attr, entry, arg);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "pthread_create");
  started_ = true;
}

ShellThread& ShellThread::operator=(ShellThread&& other) noexcept {
  if (this != &other) {
    if (started_) join();
    thread_ = other.thread_;
    started_ = std::exchange(other.started_, false);
  }
  return *this;
}

ShellThread::~ShellThread() {
  if (started_) join();
}

void ShellThread::join() {
  if (!started_) return;
  pthread_join(thread_, nullptr);
  started_ = false;
}

}  // namespace kefka::shell

// Recursion bounded by the stack that is left, and threads with a stack large
// enough for the interpreter.
//
// Depth counters (FUNCNEST-like limits, the parser's nesting limit) are not
// enough: how much stack one level takes depends on the construct, the build
// (sanitizers make frames several times larger) and the thread the shell runs
// on (an embedder's thread may have a small stack). So the places where the
// shell recurses (function calls, eval, source, nested shells, the parser)
// also ask how much stack is left and fail with a shell error well before the
// guard page.
#pragma once

#include <pthread.h>

#include <cstddef>
#include <memory>
#include <utility>

namespace kefka::shell {

// Stack kept free for error reporting and unwinding, and for the non-recursive
// work a command does (commands, regexes) below the last check.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr size_t kStackReserve = 2u << 20;
inline constexpr size_t kThreadStackBytes = 64u << 20;
#else
inline constexpr size_t kStackReserve = 512u << 10;
inline constexpr size_t kThreadStackBytes = 16u << 20;
#endif

// Bytes of stack left below the caller's frame on the current thread (the
// thread's bounds are looked up once and cached per thread).
size_t stack_left();

// True when a recursive step would eat into `reserve`. The parser and the
// generic command check use half the reserve, so that the checks naming the
// construct (function, eval, source) fire first.
inline bool stack_exhausted(size_t reserve = kStackReserve) {
  return stack_left() < reserve;
}
inline constexpr size_t kInnerStackReserve = kStackReserve / 2;

// A joinable thread with a kThreadStackBytes stack (std::thread cannot choose
// its stack size). Creating one throws std::system_error like std::thread.
class ShellThread {
 public:
  ShellThread() = default;
  template <class F>
  explicit ShellThread(F&& body) {
    using Body = std::decay_t<F>;
    auto owned = std::make_unique<Body>(std::forward<F>(body));
    start(&run<Body>, owned.get());
    owned.release();  // the thread owns it now
  }
  ShellThread(ShellThread&& other) noexcept { *this = std::move(other); }
  ShellThread& operator=(ShellThread&& other) noexcept;
  ShellThread(const ShellThread&) = delete;
  ShellThread& operator=(const ShellThread&) = delete;
  ~ShellThread();  // joins a thread still running

  bool joinable() const { return started_; }
  void join();

 private:
  template <class Body>
  static void* run(void* arg) {
    std::unique_ptr<Body> body(static_cast<Body*>(arg));
    (*body)();
    return nullptr;
  }
  void start(void* (*entry)(void*), void* arg);

  pthread_t thread_{};
  bool started_ = false;
};

}  // namespace kefka::shell

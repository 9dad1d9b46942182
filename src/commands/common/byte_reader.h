// getc()/ungetc() over a Stream, read in large chunks: for byte-at-a-time
// parsers (fmt, pr) that must not pay a virtual call per byte.
#pragma once

#include <span>
#include <string>

#include "base/budget.h"
#include "base/stream.h"

namespace kefka::cmd {

class ByteReader {
 public:
  static constexpr int kEof = -1;

  ByteReader(Budget& budget, Stream& in) : budget_(budget), in_(in), buf_(64 * 1024, '\0') {}

  // The next byte (0..255), or kEof at the end of input or on a read error.
  int get() {
    if (pushed_ != kEof) {
      int c = pushed_;
      pushed_ = kEof;
      return c;
    }
    if (pos_ == len_ && !fill()) return kEof;
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  // Gives back one byte (or kEof) for the next get().
  void unget(int c) { pushed_ = c; }
  // The errno of a failed read, 0 if none.
  int error() const { return error_; }

 private:
  bool fill() {
    if (done_) return false;
    budget_.check();
    auto n = in_.read(std::span<char>(buf_.data(), buf_.size()));
    if (!n || *n == 0) {
      if (!n) error_ = n.error();
      done_ = true;
      return false;
    }
    pos_ = 0;
    len_ = *n;
    return true;
  }

  Budget& budget_;
  Stream& in_;
  std::string buf_;
  size_t pos_ = 0, len_ = 0;
  int pushed_ = kEof;
  bool done_ = false;
  int error_ = 0;
};

}  // namespace kefka::cmd

#include "base/line_sink.h"

namespace kefka {

Result<size_t> LineSink::write(std::string_view data) {
  size_t last_newline = data.rfind('\n');
  if (last_newline == std::string_view::npos) {
    pending_.append(data);
    return data.size();
  }
  pending_.append(data.substr(0, last_newline + 1));
  Status st = emit();
  pending_.assign(data.substr(last_newline + 1));
  if (!st) return Errno{st.error()};
  return data.size();
}

Status LineSink::emit() {
  if (pending_.empty() || target_ == nullptr) return {};
  std::lock_guard lock(*mutex_);
  Status st = write_all(*target_, pending_);
  pending_.clear();
  return st;
}

}  // namespace kefka

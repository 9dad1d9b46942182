// Fuzz target: any sequence of filesystem operations on hostile paths keeps
// the Vfs consistent: no crash, no escape from the quota, fork stays usable.
// Input: a stream of (opcode, path A, path B) records; paths are built from a
// small alphabet of components including "..", ".", "", long names and links.
#include <fcntl.h>
#include <cstdint>
#include <string>
#include <string_view>

#include "vfs/memory_backend.h"
#include "vfs/overlay_backend.h"
#include "vfs/vfs.h"

namespace {

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::string path() {
    static const std::string kParts[] = {
        "a", "b", "..", ".", "", "dir", "link", std::string(300, 'x'), "f\n", "-"};
    std::string p = (byte() & 1) ? "/" : "";
    int n = byte() % 6;
    for (int i = 0; i < n; ++i) {
      if (i > 0) p += '/';
      uint8_t b = byte();
      p += b < 240 ? kParts[b % 10] : std::string(b % 7 + 250, 'y');
    }
    return p;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kefka;
  Limits limits;
  limits.max_fs_bytes = 1 << 20;
  limits.max_files = 200;
  auto quota = std::make_shared<vfs::Quota>(limits);
  auto lower = std::make_shared<vfs::MemoryBackend>(nullptr, vfs::Credentials{0, 0}, 0777);
  auto root = std::make_shared<vfs::MemoryBackend>(quota, vfs::Credentials{0, 0}, 0777);
  auto fs = std::make_shared<vfs::Vfs>(root, limits);
  vfs::Caller caller;
  caller.cwd = "/";
  caller.cred = {1000, 1000};
  (void)fs->mkdir(caller, "/ov");
  (void)fs->mount(
      "/ov", std::make_shared<vfs::OverlayBackend>(
                 std::make_shared<vfs::MemoryBackend>(quota, vfs::Credentials{0, 0}, 0777), lower));
  Input in(data, size);
  for (int step = 0; step < 200 && !in.empty(); ++step) {
    uint8_t op = in.byte() % 13;
    std::string a = in.path(), b = in.path();
    switch (op) {
      case 0:
        (void)fs->mkdir(caller, a);
        break;
      case 1:
        (void)fs->rmdir(caller, a);
        break;
      case 2:
        (void)fs->unlink(caller, a);
        break;
      case 3:
        (void)fs->rename(caller, a, b);
        break;
      case 4:
        (void)fs->symlink(caller, b, a);
        break;
      case 5:
        (void)fs->link(caller, a, b);
        break;
      case 6:
        (void)fs->chmod(caller, a, in.byte() * 8u);
        break;
      case 7:
        (void)fs->truncate(caller, a, in.byte() * 1000u);
        break;
      case 8:
        (void)fs->stat(caller, a);
        break;
      case 9:
        (void)fs->readdir(caller, a);
        break;
      case 10:
        (void)fs->realpath(caller, a);
        break;
      case 11: {
        auto f = fs->open(caller, a, O_CREAT | O_WRONLY | O_APPEND, 0644);
        if (f) (void)(*f)->write(std::string(in.byte() * 50u, 'z'));
        break;
      }
      case 12:
        fs = fs->fork();
        break;
    }
  }
  return 0;
}

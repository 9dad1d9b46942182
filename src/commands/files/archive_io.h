// libarchive over sandbox streams: archives are read and written through
// callback functions on Stream objects, never through host paths.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include "base/budget.h"
#include "base/stream.h"

namespace kefka::cmd::files {

// Owns a libarchive handle (read or write) and frees it.
struct ArchiveDeleter {
  bool writer;
  void operator()(archive* a) const {
    if (a == nullptr) return;
    if (writer) {
      archive_write_free(a);
    } else {
      archive_read_free(a);
    }
  }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

// The client data behind the callbacks; must outlive the archive handle.
struct StreamClient {
  StreamPtr stream;
  Budget* budget = nullptr;
  std::string buffer = std::string(64 * 1024, '\0');
  int error = 0;
};

// archive_read_open over `client->stream`.
int open_archive_reader(archive* a, StreamClient* client);
// archive_write_open over `client->stream`.
int open_archive_writer(archive* a, StreamClient* client);

}  // namespace kefka::cmd::files

#include "commands/files/archive_io.h"

#include <cerrno>

namespace kefka::cmd::files {
namespace {

la_ssize_t read_callback(archive* a, void* data, const void** buffer) {
  auto* c = static_cast<StreamClient*>(data);
  if (c->budget != nullptr) c->budget->check();
  auto n = c->stream->read(c->buffer);
  if (!n.ok()) {
    c->error = n.error();
    archive_set_error(a, n.error(), "read error");
    return -1;
  }
  *buffer = c->buffer.data();
  return static_cast<la_ssize_t>(*n);
}

la_ssize_t write_callback(archive* a, void* data, const void* buffer, size_t length) {
  auto* c = static_cast<StreamClient*>(data);
  if (c->budget != nullptr) c->budget->check();
  auto r = write_all(*c->stream, std::string_view(static_cast<const char*>(buffer), length));
  if (!r.ok()) {
    c->error = r.error();
    archive_set_error(a, r.error(), "write error");
    return -1;
  }
  return static_cast<la_ssize_t>(length);
}

int close_callback(archive*, void*) {
  return ARCHIVE_OK;
}

}  // namespace

int open_archive_reader(archive* a, StreamClient* client) {
  return archive_read_open(a, client, nullptr, read_callback, close_callback);
}

int open_archive_writer(archive* a, StreamClient* client) {
  return archive_write_open(a, client, nullptr, write_callback, close_callback);
}

}  // namespace kefka::cmd::files

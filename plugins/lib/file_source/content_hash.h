// ContentHash: a fast 64-bit fingerprint of a file's bytes, fed in pieces of any size (the
// chunks a ChunkedFile reads). It tells a re-downloaded copy of an export (a new mtime, the same
// bytes) from a changed one, so an incremental read can skip it: not cryptographic, but any
// accidental change of the bytes changes the value (each 8-byte word goes through a bijective
// mix into one of four lanes; the length is mixed in at the end). A crafted file can collide:
// the file is the user's own, so that only fools the user.
//
// Not thread-safe; one hash per file read.
#ifndef TEMPO_PLUGINS_LIB_FILE_SOURCE_CONTENT_HASH_H_
#define TEMPO_PLUGINS_LIB_FILE_SOURCE_CONTENT_HASH_H_

#include <cstddef>
#include <cstdint>

namespace tempo::file {

class ContentHash {
 public:
  // Feeds the next `len` bytes. The value depends only on the whole sequence of bytes, not on
  // how it was split.
  void Update(const char* data, size_t len);
  // The fingerprint of every byte fed so far (may be called more than once).
  uint64_t Digest() const;
  uint64_t length() const { return length_; }

 private:
  void Block(const unsigned char* p);  // one 32-byte block into the four lanes

  uint64_t lanes_[4] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull,
                        0x27D4EB2F165667C5ull};
  unsigned char tail_[32] = {};
  size_t tail_len_ = 0;
  uint64_t length_ = 0;
};

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_LIB_FILE_SOURCE_CONTENT_HASH_H_

// ChunkedFile: reads a file front to back through one fixed-size buffer, so memory stays flat
// however large the file, and knows the byte offset of every byte it hands out (the position a
// checkpoint records and a resumed read seeks to). The CSV and JSON Lines readers sit on it.
//
// Not thread-safe; one reader owns one ChunkedFile.
#ifndef TEMPO_PLUGINS_LIB_FILE_SOURCE_CHUNKED_FILE_H_
#define TEMPO_PLUGINS_LIB_FILE_SOURCE_CHUNKED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "content_hash.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

inline constexpr size_t kDefaultChunkBytes = 1 << 20;  // 1 MiB per read()
// The largest row (CSV record or JSON line) a reader holds; a larger one is a malformed row, so
// one corrupt file cannot exhaust memory.
inline constexpr size_t kDefaultMaxRowBytes = 64 << 20;  // 64 MiB

// Identifies one version of a file: a rewrite changes the mtime or the size (or both), so a
// saved position is only trusted while both are unchanged.
struct FileStamp {
  int64_t mtime_ns = 0;  // modification time, nanoseconds since the Unix epoch
  uint64_t size = 0;     // bytes
  // ContentHash of all `size` bytes when known (a read went through the whole file), else 0.
  // Not part of the identity (==): it lets an incremental read skip a file whose mtime moved
  // but whose bytes are the same (FileRun::NeedsRead).
  uint64_t content_hash = 0;

  bool operator==(const FileStamp& other) const {
    return mtime_ns == other.mtime_ns && size == other.size;
  }
  bool operator!=(const FileStamp& other) const { return !(*this == other); }
};

// Reads the stamp of the file at `path` (following symlinks). NotFound if it does not exist.
sdk::Status StatFile(const std::string& path, FileStamp* stamp);

// Reads the whole file at `path` and returns its stamp with its content_hash (of the bytes up
// to the size it had when opened). NotFound, Permission or Unavailable as ChunkedFile::Open
// and reads fail.
sdk::Status HashFile(const std::string& path, FileStamp* stamp);

class ChunkedFile {
 public:
  static constexpr int kEof = -1;

  // `chunk_bytes` is the size of each read(); tests use tiny values to cross chunk boundaries.
  explicit ChunkedFile(size_t chunk_bytes = kDefaultChunkBytes);
  ~ChunkedFile();
  ChunkedFile(const ChunkedFile&) = delete;
  ChunkedFile& operator=(const ChunkedFile&) = delete;

  // Opens `path` for reading at offset 0 and records its stamp (of the opened file, so a
  // rename-and-replace after Open does not mislead). `display_name` names it in messages.
  // NotFound when it does not exist, Permission when it may not be read.
  sdk::Status Open(const std::string& path, const std::string& display_name);

  // Moves to `offset` (at most the size at Open); the next byte read is the one at `offset`.
  sdk::Status Seek(uint64_t offset);

  // Skips a UTF-8 byte order mark if the next three bytes are one. Call at offset 0.
  void SkipUtf8Bom();

  // The next byte (0-255) and advances past it, or kEof at the end of the file or after a read
  // error (see status()).
  int Get() {
    if (pos_ == end_ && !Refill()) return kEof;
    return static_cast<unsigned char>(buffer_[pos_++]);
  }
  // The next byte without advancing, or kEof.
  int Peek() {
    if (pos_ == end_ && !Refill()) return kEof;
    return static_cast<unsigned char>(buffer_[pos_]);
  }

  // Appends bytes to *line up to (not including) the next '\n', which is consumed. Keeps at most
  // `max_bytes` in *line and sets *too_long if it had to drop some (the rest of the line is
  // still consumed). Returns false, appending nothing, when already at the end of the file.
  bool ReadLine(std::string* line, size_t max_bytes, bool* too_long);

  // Reads on to the end of the file (what HashFile does). False on a read error (status()).
  bool SkipToEnd();

  // The offset of the next byte Get() returns.
  uint64_t offset() const { return buffer_offset_ + pos_; }
  // The file's stamp at Open. Its content_hash is set once the reads have reached the end of
  // the file (bytes a Seek skipped are hashed by the Seek, so a resumed read gets it too).
  const FileStamp& stamp() const { return stamp_; }
  // OK, or the read error that ended the data early.
  const sdk::Status& status() const { return status_; }

 private:
  // Reads the next chunk into the buffer; false at the end of the file or on error.
  bool Refill();

  size_t chunk_bytes_;
  int fd_ = -1;
  std::string display_name_;
  FileStamp stamp_;
  std::vector<char> buffer_;
  size_t pos_ = 0;              // next byte in buffer_
  size_t end_ = 0;              // bytes valid in buffer_
  uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  ContentHash hash_;            // of the bytes [0, hashed_to_)
  uint64_t hashed_to_ = 0;      // kNotHashed after a read error while hashing
  sdk::Status status_;
};

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_LIB_FILE_SOURCE_CHUNKED_FILE_H_

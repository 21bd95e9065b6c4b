// ChunkedFile: buffered, offset-tracking reads with POSIX open/read/lseek.
#include "chunked_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tempo::file {
namespace {

using sdk::Status;

FileStamp StampOf(const struct stat& st) {
  FileStamp stamp;
  stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  stamp.size = static_cast<uint64_t>(st.st_size);
  return stamp;
}

std::string ErrnoText() { return std::strerror(errno); }

constexpr uint64_t kNotHashed = ~uint64_t{0};

}  // namespace

Status StatFile(const std::string& path, FileStamp* stamp) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound(path + " does not exist");
    return Status::Unavailable("cannot read " + path + ": " + ErrnoText());
  }
  *stamp = StampOf(st);
  return Status::Ok();
}

Status HashFile(const std::string& path, FileStamp* stamp) {
  ChunkedFile file;
  Status s = file.Open(path, path);
  if (!s.ok()) return s;
  if (!file.SkipToEnd()) return file.status();
  *stamp = file.stamp();
  return Status::Ok();
}

ChunkedFile::ChunkedFile(size_t chunk_bytes)
    : chunk_bytes_(std::max<size_t>(chunk_bytes, 1)), buffer_(chunk_bytes_) {}

ChunkedFile::~ChunkedFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status ChunkedFile::Open(const std::string& path, const std::string& display_name) {
  display_name_ = display_name;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    if (errno == ENOENT) return Status::NotFound(path + " does not exist");
    if (errno == EACCES || errno == EPERM) {
      return Status::Permission("cannot read " + path + ": " + ErrnoText() +
                                "; give the user running Tempo read access");
    }
    return Status::Unavailable("cannot open " + path + ": " + ErrnoText());
  }
  struct stat st;
  if (::fstat(fd_, &st) != 0)
    return Status::Unavailable("cannot stat " + path + ": " + ErrnoText());
  stamp_ = StampOf(st);
  hash_ = ContentHash();
  hashed_to_ = 0;
  if (stamp_.size == 0) stamp_.content_hash = hash_.Digest();
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint only; failure is harmless
  return Status::Ok();
}

Status ChunkedFile::Seek(uint64_t offset) {
  if (offset > stamp_.size) {
    return Status::Internal("seek past the end of " + display_name_ + " (offset " +
                            std::to_string(offset) + ", size " + std::to_string(stamp_.size) + ")");
  }
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
    return Status::Unavailable("cannot seek in " + display_name_ + ": " + ErrnoText());
  }
  buffer_offset_ = offset;
  pos_ = end_ = 0;
  // A resumed read skips the bytes before its position: hash them now, so the file's
  // content hash does not depend on where a read was interrupted.
  while (hashed_to_ != kNotHashed && hashed_to_ < offset) {
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(buffer_.size(), offset - hashed_to_));
    const ssize_t n = ::pread(fd_, buffer_.data(), want, static_cast<off_t>(hashed_to_));
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      hashed_to_ = kNotHashed;  // the read reports its own errors; the hash is only lost
      break;
    }
    hash_.Update(buffer_.data(), static_cast<size_t>(n));
    hashed_to_ += static_cast<uint64_t>(n);
  }
  if (hashed_to_ == stamp_.size) stamp_.content_hash = hash_.Digest();  // resumed at the end
  return Status::Ok();
}

void ChunkedFile::SkipUtf8Bom() {
  static constexpr char kBom[] = "\xEF\xBB\xBF";
  char head[3];
  if (offset() != 0 || ::pread(fd_, head, sizeof head, 0) != sizeof head) return;
  if (std::memcmp(head, kBom, sizeof head) == 0) status_ = Seek(sizeof head);
}

bool ChunkedFile::Refill() {
  if (!status_.ok()) return false;
  buffer_offset_ += end_;
  pos_ = end_ = 0;
  // Read the file as it was at Open: bytes appended later belong to the next version.
  if (buffer_offset_ >= stamp_.size) return false;
  size_t want = static_cast<size_t>(std::min<uint64_t>(chunk_bytes_, stamp_.size - buffer_offset_));
  ssize_t n;
  do {
    n = ::read(fd_, buffer_.data(), want);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    status_ = Status::Unavailable("reading " + display_name_ + " failed: " + ErrnoText());
    return false;
  }
  end_ = static_cast<size_t>(n);
  // Hash the bytes past what is hashed already (a read after a Seek back repeats some).
  if (hashed_to_ != kNotHashed && buffer_offset_ <= hashed_to_ &&
      hashed_to_ < buffer_offset_ + end_) {
    const size_t skip = static_cast<size_t>(hashed_to_ - buffer_offset_);
    hash_.Update(buffer_.data() + skip, end_ - skip);
    hashed_to_ = buffer_offset_ + end_;
    if (hashed_to_ == stamp_.size) stamp_.content_hash = hash_.Digest();
  }
  return n > 0;
}

bool ChunkedFile::SkipToEnd() {
  pos_ = end_;
  while (Refill()) pos_ = end_;
  return status_.ok();
}

bool ChunkedFile::ReadLine(std::string* line, size_t max_bytes, bool* too_long) {
  *too_long = false;
  if (pos_ == end_ && !Refill()) return false;
  for (;;) {
    const char* begin = buffer_.data() + pos_;
    size_t available = end_ - pos_;
    const void* newline = std::memchr(begin, '\n', available);
    size_t take =
        newline ? static_cast<size_t>(static_cast<const char*>(newline) - begin) : available;
    size_t room = max_bytes > line->size() ? max_bytes - line->size() : 0;
    if (take > room) *too_long = true;
    line->append(begin, std::min(take, room));
    pos_ += take;
    if (newline) {
      ++pos_;  // the '\n' itself
      return true;
    }
    if (!Refill()) return true;  // the last line has no '\n'
  }
}

}  // namespace tempo::file

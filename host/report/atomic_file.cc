// Temporary file, fsync, rename.
#include "report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace tempo::report {
namespace {

Status Failed(const std::string& path, const std::string& what, int error) {
  return Status::Io("cannot write " + path + ": " + what + ": " + std::strerror(error) +
                    "; check that its folder exists and is writable");
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view content) {
  const std::filesystem::path target(path);
  const std::filesystem::path folder =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) return Failed(path, "creating a temporary file in " + folder.string(), errno);
  const auto abandon = [&](const std::string& what) {
    const int error = errno;
    close(fd);
    unlink(temp.c_str());
    return Failed(path, what, error);
  };
  for (size_t written = 0; written < content.size();) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return abandon("writing");
    written += static_cast<size_t>(n);
  }
  // mkstemp creates the file 0600; a report is shared like any document the user writes, so it
  // gets 0666 less the umask. Reading the umask means setting it: put back at once (the report
  // is written from one thread).
  const mode_t mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) != 0) return abandon("setting its permissions");
  if (fsync(fd) != 0) return abandon("flushing it to disk");
  if (close(fd) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    return Failed(path, "closing it", error);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    return Failed(path, "renaming the temporary file over it", error);
  }
  return Status::Ok();
}

}  // namespace tempo::report

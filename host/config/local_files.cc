// Local file helpers for the config stage.
#include "config/local_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace tempo::config {

std::string ConfigFolder(const std::string& config_path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(config_path, ec);
  if (ec) absolute = config_path;  // only fails when the working directory is gone
  return absolute.lexically_normal().parent_path().string();
}

std::string ResolveAgainst(const std::string& folder, std::string_view path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (std::filesystem::path(folder) / p).lexically_normal().string();
}

Result<std::string> ReadTextFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Io(std::strerror(errno));
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return Status::Io(std::strerror(error));
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace tempo::config

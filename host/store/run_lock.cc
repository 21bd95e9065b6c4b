// RunLock: flock(2) on a file beside the store.
#include "store/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tempo::store {

std::string LockFolder(const std::string& store_path) { return store_path + ".locks"; }

Result<std::unique_ptr<RunLock>> RunLock::Acquire(const std::string& store_path,
                                                  const std::string& file_name,
                                                  const std::string& busy_what) {
  const std::string folder = LockFolder(store_path);
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return Status::Io("cannot create the lock folder " + folder + ": " + ec.message());
  const std::string path = folder + "/" + file_name;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Io("cannot open the lock file " + path + ": " + std::strerror(errno));
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    std::string holder;
    char buf[32] = {};
    if (error == EWOULDBLOCK && ::pread(fd, buf, sizeof buf - 1, 0) > 0) {
      holder = std::string(buf);
      while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    }
    ::close(fd);
    if (error != EWOULDBLOCK) {
      return Status::Io("cannot lock " + path + ": " + std::strerror(error));
    }
    return Status(StatusCode::kBusy, busy_what + (holder.empty() ? "" : " (pid " + holder + ")") +
                                         "; lock file " + path);
  }
  // Only for the busy message of the next comer; the lock itself is the flock.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return std::unique_ptr<RunLock>(new RunLock(fd, path));
}

Result<std::unique_ptr<RunLock>> RunLock::ForConnection(const std::string& store_path,
                                                        std::string_view connection) {
  return Acquire(
      store_path, std::string(connection) + ".lock",
      "connection '" + std::string(connection) + "' is already being synced by another process");
}

Result<std::unique_ptr<RunLock>> RunLock::ForDaemon(const std::string& store_path) {
  // Connection names cannot start with '_', so this never collides with one.
  return Acquire(store_path, "_daemon.lock",
                 "another 'tempo run' is already running on the store " + store_path);
}

bool RunLock::DaemonRunning(const std::string& store_path) {
  const std::string path = LockFolder(store_path) + "/_daemon.lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no daemon ever ran on this store
  int rc;
  do {
    rc = ::flock(fd, LOCK_SH | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  const bool held = rc != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // releases the probe's shared lock, if it got one
  return held;
}

RunLock::~RunLock() { ::close(fd_); }

}  // namespace tempo::store

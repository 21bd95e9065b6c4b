// RunLock: at most one sync per connection at a time, across processes, and at most one
// daemon per store.
//
// An exclusive flock(2) on a file in `<store>.locks/` (`<connection>.lock`, `_daemon.lock`),
// taken without waiting. The kernel releases it when the holder's last descriptor closes, so
// a holder that crashes or is killed cannot leave it behind; the descriptor is close-on-exec,
// so a process a plugin starts does not inherit it. The files stay (removing a lock file
// while someone may be opening it would let two holders in); they are empty but for the
// holder's pid, which only serves the busy message.
#ifndef TEMPO_HOST_STORE_RUN_LOCK_H_
#define TEMPO_HOST_STORE_RUN_LOCK_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace tempo::store {

// A lock held for a run (or a daemon's life), whatever the store: released when destroyed.
class RunGuard {
 public:
  virtual ~RunGuard() = default;
};

class RunLock : public RunGuard {
 public:
  // The lock of `connection`'s syncs on the store at `store_path`. kBusy (naming the holder's
  // pid) when another process holds it; kIo when the lock file cannot be opened.
  static Result<std::unique_ptr<RunLock>> ForConnection(const std::string& store_path,
                                                        std::string_view connection);
  // The lock of the daemon (`tempo run`) on the store: kBusy when another daemon runs.
  static Result<std::unique_ptr<RunLock>> ForDaemon(const std::string& store_path);

  // Whether a daemon holds its lock on the store now (a probe that takes nothing and creates
  // no file): what `tempo status` asks before it speaks of a next scheduled run.
  static bool DaemonRunning(const std::string& store_path);

  ~RunLock() override;  // releases the lock
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  RunLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  static Result<std::unique_ptr<RunLock>> Acquire(const std::string& store_path,
                                                  const std::string& file_name,
                                                  const std::string& busy_what);
  int fd_;
  std::string path_;
};

// The folder that holds the lock files of the store at `store_path`.
std::string LockFolder(const std::string& store_path);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_RUN_LOCK_H_

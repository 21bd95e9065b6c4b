// A one-shot "the server is stopping" signal that hung and slow responses wait on, so a hang
// fault never keeps a worker thread (and the server's destructor) waiting. Thread-safe.
#ifndef TEMPO_TESTS_FAKES_CORE_STOP_SIGNAL_H_
#define TEMPO_TESTS_FAKES_CORE_STOP_SIGNAL_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace tempo::fakes {

class StopSignal {
 public:
  // Waits up to `duration`; returns true if the server is stopping (now or during the wait).
  bool WaitFor(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, duration, [this] { return stopped_; });
  }
  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
  }
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    cv_.notify_all();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_STOP_SIGNAL_H_

// tempo::sdk::Prefetcher: fetches the next page on a thread of its own while the plugin parses
// and emits the current one. Header-only, part of the C++ SDK (not of the ABI).
//
// A paged read spends much of its time waiting for the server's next page. With a Prefetcher
// the request for page N+1 is in flight while page N is parsed, emitted and checkpointed:
//
//   sdk::Prefetcher ahead;
//   ahead.Start([&] { return FetchPage(ctx, url, &next_body); });  // runs on the thread
//   ...parse and emit the current page...
//   if (Status s = ahead.Wait(); !s.ok()) return s;                   // next_body is ready
//
// Rules (plugin.h, "Threads", ABI 1.1): the job may call Context::Http and nothing else of the
// host (no Emit, Checkpoint, Reject, Log or errors from the job; return a Status instead); the
// read() thread makes no HTTP call while a job is in flight; the job copies the response body
// out before it returns (the host's response is valid only until the next request). Wait() or
// the destructor joins the job before read() returns, so declare the Prefetcher inside the
// function that returns to the host.
#ifndef TEMPO_SDK_PREFETCH_HPP_
#define TEMPO_SDK_PREFETCH_HPP_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "tempo/plugin.hpp"

namespace tempo::sdk {

class Prefetcher {
 public:
  Prefetcher() = default;
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // Waits for the job in flight, if any, and stops the thread.
  ~Prefetcher() {
    {
      std::unique_lock<std::mutex> lock(mu_);
      done_.wait(lock, [this] { return !job_; });
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // Runs `job` on the thread (started on first use). Call Wait() before starting another.
  void Start(std::function<Status()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = std::move(job);
      result_ = Status::Ok();
      pending_ = true;
    }
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
    wake_.notify_all();
  }

  // The result of the job started last (Ok when none was started), once it has finished.
  Status Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return !job_; });
    pending_ = false;
    return std::move(result_);
  }

  // True between Start() and Wait().
  bool pending() const { return pending_; }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || (job_ && !running_); });
      if (stopping_) return;
      running_ = true;
      std::function<Status()> job = job_;
      lock.unlock();
      Status result;
      try {
        result = job();
      } catch (const std::exception& e) {
        result = Status::Internal(std::string("plugin error: ") + e.what());
      } catch (...) {
        result = Status::Internal("plugin error: unknown exception");
      }
      lock.lock();
      result_ = std::move(result);
      job_ = nullptr;
      running_ = false;
      done_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable wake_, done_;
  std::function<Status()> job_;  // set from Start() until the job has finished
  Status result_;
  bool running_ = false, stopping_ = false;
  bool pending_ = false;  // only touched by the owning thread
  std::thread thread_;
};

}  // namespace tempo::sdk

#endif  // TEMPO_SDK_PREFETCH_HPP_

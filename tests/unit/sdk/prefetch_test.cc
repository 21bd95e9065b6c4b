// sdk::Prefetcher: a job runs on another thread while the caller goes on, Wait() returns its
// Status once it is done, exceptions become errors, and destruction waits for the job.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "tempo/prefetch.hpp"

using tempo::sdk::Prefetcher;
using tempo::sdk::Status;

TEST_CASE("a prefetch runs on another thread while the caller works on") {
  Prefetcher ahead;
  std::atomic<bool> release{false};
  std::thread::id job_thread;
  std::string body;
  ahead.Start([&] {
    job_thread = std::this_thread::get_id();
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    body = "page 2";
    return Status::Ok();
  });
  CHECK(ahead.pending());
  // The job is blocked until the caller releases it: Start() did not wait for it.
  release = true;
  Status s = ahead.Wait();
  CHECK(s.ok());
  CHECK_FALSE(ahead.pending());
  CHECK(job_thread != std::this_thread::get_id());
  CHECK(body == "page 2");
}

TEST_CASE("a prefetch's error and exceptions come back from Wait") {
  Prefetcher ahead;
  ahead.Start([] { return Status::Unavailable("page 3: HTTP 503"); });
  Status failed = ahead.Wait();
  CHECK(failed.code() == TEMPO_ERR_UNAVAILABLE);
  CHECK(failed.message() == "page 3: HTTP 503");

  ahead.Start([]() -> Status { throw std::runtime_error("bad alloc of a page"); });
  Status thrown = ahead.Wait();
  CHECK(thrown.code() == TEMPO_ERR_INTERNAL);
  CHECK(thrown.message().find("bad alloc of a page") != std::string::npos);

  // The thread is reused for the next job; Wait() without a job is Ok.
  int runs = 0;
  for (int i = 0; i < 100; ++i) {
    ahead.Start([&runs] {
      ++runs;
      return Status::Ok();
    });
    REQUIRE(ahead.Wait().ok());
  }
  CHECK(runs == 100);
  CHECK(ahead.Wait().ok());
}

TEST_CASE("destroying a prefetcher waits for the job in flight") {
  std::atomic<bool> finished{false};
  {
    Prefetcher ahead;
    ahead.Start([&finished] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      finished = true;
      return Status::Ok();
    });
  }
  CHECK(finished.load());
}

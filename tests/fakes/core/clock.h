// The fake server's notion of "now", with an offset tests can advance so token expiry and
// "modify records now" can be exercised without sleeping. Thread-safe.
#ifndef TEMPO_TESTS_FAKES_CORE_CLOCK_H_
#define TEMPO_TESTS_FAKES_CORE_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>

namespace tempo::fakes {

class FakeClock {
 public:
  // Wall-clock milliseconds since the epoch, plus every Advance so far.
  int64_t NowMs() const {
    const auto wall = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(wall).count() + offset_ms_.load();
  }
  void Advance(std::chrono::milliseconds by) { offset_ms_ += by.count(); }
  // Every Advance so far.
  int64_t OffsetMs() const { return offset_ms_.load(); }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_CLOCK_H_

// The seed of a randomized test: TEMPO_KILL_SEED when set (to run a failing case again), else a
// fresh one. Tests print it, and show it on failure (INFO), so any run can be repeated.
#ifndef TEMPO_TESTS_SUPPORT_SEED_H_
#define TEMPO_TESTS_SUPPORT_SEED_H_

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace tempo::testing {

inline uint64_t TestSeed() {
  if (const char* s = std::getenv("TEMPO_KILL_SEED"); s != nullptr && *s) {
    return std::strtoull(s, nullptr, 10);
  }
  return std::random_device{}();
}

// TEMPO_SANITIZER=1: a sanitizer build, where every run is several times slower; randomized
// suites run fewer iterations.
inline bool UnderSanitizer() {
  const char* s = std::getenv("TEMPO_SANITIZER");
  return s != nullptr && std::string(s) == "1";
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_SEED_H_

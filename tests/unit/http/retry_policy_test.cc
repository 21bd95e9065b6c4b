// The retry policy: classification, full-jitter backoff bounds, attempt and wait budgets, and
// Retry-After in both forms.
#include <chrono>
#include <ctime>

#include <catch2/catch.hpp>

#include "http/retry_policy.h"
#include "tempo/plugin.h"

namespace tempo::http {
namespace {

config::HttpSettings Settings(int attempts, double initial, double max, double max_wait) {
  config::HttpSettings s;
  s.max_attempts = attempts;
  s.initial_backoff_s = initial;
  s.max_backoff_s = max;
  s.max_retry_wait_s = max_wait;
  return s;
}

TEST_CASE("the default classification follows the documented rule") {
  CHECK(DefaultClassification(200, false) == TEMPO_HTTP_SUCCESS);
  CHECK(DefaultClassification(204, true) == TEMPO_HTTP_SUCCESS);
  CHECK(DefaultClassification(429, false) == TEMPO_HTTP_RATE_LIMITED);
  CHECK(DefaultClassification(503, false) == TEMPO_HTTP_RETRY);
  CHECK(DefaultClassification(500, false) == TEMPO_HTTP_RETRY);
  CHECK(DefaultClassification(408, false) == TEMPO_HTTP_RETRY);
  CHECK(DefaultClassification(401, true) == TEMPO_HTTP_AUTH_EXPIRED);
  CHECK(DefaultClassification(401, false) == TEMPO_HTTP_FAIL);
  CHECK(DefaultClassification(403, true) == TEMPO_HTTP_FAIL);
  CHECK(DefaultClassification(404, false) == TEMPO_HTTP_FAIL);
  CHECK(DefaultClassification(302, false) == TEMPO_HTTP_FAIL);
}

TEST_CASE("transient transport failures are retried, TLS and fatal ones are not") {
  CHECK(IsTransient(Transport::kTimeout));
  CHECK(IsTransient(Transport::kIdle));
  CHECK(IsTransient(Transport::kReset));
  CHECK(IsTransient(Transport::kConnect));
  CHECK(IsTransient(Transport::kTruncated));
  CHECK_FALSE(IsTransient(Transport::kTls));
  CHECK_FALSE(IsTransient(Transport::kFatal));
  CHECK_FALSE(IsTransient(Transport::kCancelled));
}

TEST_CASE("full jitter stays within the doubling cap and uses its whole range") {
  RetryPolicy policy(Settings(100, 1, 60, 1e9));
  CHECK(policy.BackoffCap(1) == 1);
  CHECK(policy.BackoffCap(2) == 2);
  CHECK(policy.BackoffCap(6) == 32);
  CHECK(policy.BackoffCap(7) == 60);
  CHECK(policy.BackoffCap(1000) == 60);
  std::mt19937_64 rng(7);
  for (int retry = 1; retry <= 10; ++retry) {
    double lo = 1e9, hi = 0;
    for (int i = 0; i < 2000; ++i) {
      RetryDecision d = policy.Next(retry, 0, std::nullopt, rng);
      REQUIRE(d.kind == RetryDecision::kRetry);
      lo = std::min(lo, d.delay_s);
      hi = std::max(hi, d.delay_s);
    }
    double cap = policy.BackoffCap(retry);
    CHECK(lo >= 0);
    CHECK(hi <= cap);
    CHECK(lo < cap * 0.05);  // full jitter: close to zero happens...
    CHECK(hi > cap * 0.95);  // ...and so does close to the cap
  }
}

TEST_CASE("attempts and the total wait are bounded") {
  std::mt19937_64 rng(1);
  RetryPolicy policy(Settings(3, 1, 60, 10));
  CHECK(policy.Next(1, 0, std::nullopt, rng).kind == RetryDecision::kRetry);
  CHECK(policy.Next(2, 0, std::nullopt, rng).kind == RetryDecision::kRetry);
  CHECK(policy.Next(3, 0, std::nullopt, rng).kind == RetryDecision::kOutOfAttempts);
  RetryPolicy waits(Settings(100, 8, 8, 10));
  RetryDecision cut = waits.Next(5, 9.5, std::nullopt, rng);
  CHECK(cut.kind == RetryDecision::kRetry);
  CHECK(cut.delay_s <= 0.5);
  CHECK(waits.Next(5, 10, std::nullopt, rng).kind == RetryDecision::kOutOfWait);
}

TEST_CASE("Retry-After replaces the backoff, and one beyond the budget stops at once") {
  std::mt19937_64 rng(3);
  RetryPolicy policy(Settings(5, 0.01, 0.02, 30));
  RetryDecision d = policy.Next(1, 0, 5.0, rng);
  CHECK(d.kind == RetryDecision::kRetry);
  CHECK(d.delay_s >= 5.0);
  CHECK(d.delay_s <= 5.5);
  RetryDecision too_long = policy.Next(1, 0, 86400.0, rng);
  CHECK(too_long.kind == RetryDecision::kRetryAfterTooLong);
  CHECK(too_long.delay_s == 86400.0);
  CHECK(policy.Next(1, 28, 5.0, rng).kind == RetryDecision::kRetryAfterTooLong);
}

TEST_CASE("Retry-After parses seconds and all three HTTP-date forms") {
  auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(ParseRetryAfter("120", now) == 120.0);
  CHECK(ParseRetryAfter(" 0 ", now) == 0.0);
  CHECK(ParseRetryAfter("1.5", now) == 1.5);
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:50:07 GMT", now) == 30.0);
  CHECK(ParseRetryAfter("Sunday, 06-Nov-94 08:50:37 GMT", now) == 60.0);
  CHECK(ParseRetryAfter("Sun Nov  6 08:51:37 1994", now) == 120.0);
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", now) == 0.0);        // past: now
  CHECK(*ParseRetryAfter("99999999999999999999", now) == 365.0 * 24 * 3600);  // capped
  CHECK_FALSE(ParseRetryAfter("soon", now).has_value());
  CHECK_FALSE(ParseRetryAfter("-5", now).has_value());
  CHECK_FALSE(ParseRetryAfter("", now).has_value());
  CHECK_FALSE(ParseRetryAfter("12abc", now).has_value());
}

}  // namespace
}  // namespace tempo::http

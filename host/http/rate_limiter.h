// RateLimiter: the token bucket of one provider account, shared through SharedState by every
// connection (in every process) whose tempo_http_config names the same rate_limit_key.
//
// The bucket holds up to `burst` requests and refills at `rate` requests per second. A request
// reserves its token before it is sent, even when the bucket is empty: the token count goes
// negative and the request sleeps until its token has refilled. One short transaction per
// request and first-come-first-served order across processes (the GCRA idea). A 429 with
// Retry-After pauses the bucket for every sharer. A daily quota counts the requests reserved
// per UTC day. A provider's answer that the quota is spent marks the bucket (QuotaMark): every
// sharer defers without sending a request until the mark ends.
//
// The arithmetic (ReserveToken, PauseBucket) is pure and tested on its own; RateLimiter applies
// it to the shared state. Thread safety: RateLimiter is thread-compatible; the state is shared.
#ifndef TEMPO_HOST_HTTP_RATE_LIMITER_H_
#define TEMPO_HOST_HTTP_RATE_LIMITER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/shared_state.h"

namespace tempo::http {

struct BucketParams {
  double rate = 0;          // requests per second; 0: no rate limit
  double burst = 0;         // bucket capacity; 0: max(1, rate)
  int64_t daily_quota = 0;  // requests per UTC day; 0: none
};

struct Reservation {
  enum Kind {
    kGranted,      // the request may go after wait_s seconds
    kTooLong,      // it would have to wait wait_s, more than the caller allows; nothing reserved
    kQuotaSpent,   // the daily quota is used up; wait_s is the time to the next UTC day
    kQuotaMarked,  // the provider said the quota is spent (mark); wait_s is the time to its end
  };
  Kind kind = kGranted;
  double wait_s = 0;
  QuotaMark mark;  // kQuotaMarked: who was told, when, and until when
};

// Reserves one request in `state` at wall-clock time `now_us` unless the wait would pass
// `max_wait_s`. Returns whether `state` changed in the result's kind (only kGranted changes it).
Reservation ReserveToken(BucketState& state, const BucketParams& params, int64_t now_us,
                         double max_wait_s);

// Pauses the bucket: no request reserved after this call goes before now + seconds, and the
// burst is not available right after the pause.
void PauseBucket(BucketState& state, const BucketParams& params, int64_t now_us, double seconds);

// Records the provider's answer that the quota is spent. A mark that ends later is kept.
void MarkQuotaSpent(BucketState& state, const QuotaMark& mark);

// Until when a "quota spent" answer at `now_us` holds back the account's requests: what the
// provider said (Retry-After, at most two days), else the next full hour (UTC). Providers do
// not say when a daily quota renews: HubSpot at midnight in the account's time zone, Marketo
// at midnight US Central, Salesforce over a rolling 24 hours. Midnights fall on full hours of
// UTC in nearly every zone, so one request per hour finds the renewal within the hour, at the
// cost of one refused request an hour per account.
int64_t QuotaHoldUntil(int64_t now_us, std::optional<double> retry_after_s);

class RateLimiter {
 public:
  RateLimiter(std::shared_ptr<SharedState> state, std::string key, BucketParams params)
      : state_(std::move(state)), key_(std::move(key)), params_(params) {}

  // Reserves one request; see ReserveToken. Errors are the shared state's I/O failures.
  Result<Reservation> Reserve(double max_wait_s);
  // Pauses the bucket for every sharer (a 429 with Retry-After).
  Status Pause(double seconds);
  // Marks the account's quota spent for every sharer (MarkQuotaSpent).
  Status MarkQuotaSpent(const QuotaMark& mark);

  const std::string& key() const { return key_; }
  const BucketParams& params() const { return params_; }

 private:
  std::shared_ptr<SharedState> state_;
  std::string key_;
  BucketParams params_;
};

// Wall-clock microseconds since the epoch (buckets are shared across processes, so a
// process-local clock would not do).
int64_t WallMicros();

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_RATE_LIMITER_H_

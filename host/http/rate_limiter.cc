// Token-bucket arithmetic and its application to the shared state.
#include "http/rate_limiter.h"

#include <algorithm>
#include <chrono>

namespace tempo::http {
namespace {

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
// An `updated_us` further ahead than this is a clock that jumped back, not a pause.
constexpr int64_t kMaxPauseUs = 2 * kMicrosPerDay;

double Burst(const BucketParams& p) { return p.burst > 0 ? p.burst : std::max(1.0, p.rate); }

// Brings a bucket up to `now_us`: first use, a new UTC day, the refill since the last update.
void Advance(BucketState& s, const BucketParams& p, int64_t now_us) {
  int64_t day = now_us / kMicrosPerDay;
  if (!s.exists) {
    s.exists = true;
    s.tokens = Burst(p);
    s.updated_us = now_us;
    s.quota_day = day;
    s.quota_used = 0;
  }
  if (s.quota_day != day) {
    s.quota_day = day;
    s.quota_used = 0;
  }
  if (s.updated_us - now_us > kMaxPauseUs) s.updated_us = now_us;
  if (now_us > s.updated_us) {
    if (p.rate > 0) {
      double refill = static_cast<double>(now_us - s.updated_us) / 1e6 * p.rate;
      s.tokens = std::min(Burst(p), s.tokens + refill);
    } else {
      s.tokens = Burst(p);
    }
    s.updated_us = now_us;
  }
}

}  // namespace

int64_t WallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Reservation ReserveToken(BucketState& state, const BucketParams& params, int64_t now_us,
                         double max_wait_s) {
  BucketState s = state;
  Advance(s, params, now_us);
  Reservation r;
  if (s.quota_mark.until_us > now_us) {
    r.kind = Reservation::kQuotaMarked;
    r.wait_s = static_cast<double>(s.quota_mark.until_us - now_us) / 1e6;
    r.mark = s.quota_mark;
    return r;
  }
  s.quota_mark = QuotaMark{};  // an ended mark goes with the next granted request
  if (params.daily_quota > 0 && s.quota_used >= params.daily_quota) {
    r.kind = Reservation::kQuotaSpent;
    r.wait_s = static_cast<double>((s.quota_day + 1) * kMicrosPerDay - now_us) / 1e6;
    return r;
  }
  double paused_s = static_cast<double>(std::max<int64_t>(0, s.updated_us - now_us)) / 1e6;
  double tokens = s.tokens;
  double wait = paused_s;
  if (params.rate > 0) {
    tokens -= 1;
    if (tokens < 0) wait += -tokens / params.rate;
  }
  if (wait > max_wait_s) {
    r.kind = Reservation::kTooLong;
    r.wait_s = wait;
    return r;
  }
  s.tokens = tokens;
  ++s.quota_used;
  state = s;
  r.wait_s = wait;
  return r;
}

void PauseBucket(BucketState& state, const BucketParams& params, int64_t now_us, double seconds) {
  Advance(state, params, now_us);
  state.tokens = std::min(state.tokens, 1.0);
  int64_t until = now_us + static_cast<int64_t>(seconds * 1e6);
  state.updated_us = std::max(state.updated_us, until);
}

void MarkQuotaSpent(BucketState& state, const QuotaMark& mark) {
  if (mark.until_us >= state.quota_mark.until_us) state.quota_mark = mark;
}

int64_t QuotaHoldUntil(int64_t now_us, std::optional<double> retry_after_s) {
  if (retry_after_s && *retry_after_s > 0) {
    const double seconds = std::min(*retry_after_s, static_cast<double>(kMaxPauseUs) / 1e6);
    return now_us + static_cast<int64_t>(seconds * 1e6);
  }
  constexpr int64_t kHourUs = int64_t{3600} * 1000000;
  return (now_us / kHourUs + 1) * kHourUs;
}

Result<Reservation> RateLimiter::Reserve(double max_wait_s) {
  Reservation result;
  Status s = state_->UpdateBucket(key_, [&](BucketState& bucket) {
    result = ReserveToken(bucket, params_, WallMicros(), max_wait_s);
    return result.kind == Reservation::kGranted;
  });
  if (!s.ok()) return s;
  return result;
}

Status RateLimiter::Pause(double seconds) {
  return state_->UpdateBucket(key_, [&](BucketState& bucket) {
    PauseBucket(bucket, params_, WallMicros(), seconds);
    return true;
  });
}

Status RateLimiter::MarkQuotaSpent(const QuotaMark& mark) {
  return state_->UpdateBucket(key_, [&](BucketState& bucket) {
    // A first use creates the bucket full, as Reserve would.
    if (!bucket.exists) Advance(bucket, params_, mark.at_us);
    http::MarkQuotaSpent(bucket, mark);
    return true;
  });
}

}  // namespace tempo::http

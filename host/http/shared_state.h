// SharedState: what the HTTP stage keeps beyond one process and one run, behind an interface so
// the backend is a choice (like sync::Destination): provider-account rate buckets, shared by
// every connection and process that spends the same account's budget (with the provider's last
// word that the account's quota is spent), and the rotated OAuth2 refresh token of each
// connection.
//
// The store stage implements it with a small SQLite file beside the store
// (store/http_state_file.h: tiny BEGIN IMMEDIATE transactions, survives crashes);
// NewProcessLocalState() keeps it in memory for one process (tests, tools without a store).
//
// Thread safety: every implementation is safe to use from several threads and, where it says
// so, several processes.
#ifndef TEMPO_HOST_HTTP_SHARED_STATE_H_
#define TEMPO_HOST_HTTP_SHARED_STATE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace tempo::http {

// The provider's answer that an account's quota is spent (a response the connector classified
// TEMPO_HTTP_QUOTA, e.g. HubSpot's 429 with policyName DAILY), kept with the account's bucket
// so that no connection on the account sends a request before `until_us` (rate_limiter.h).
struct QuotaMark {
  int64_t until_us = 0;        // wall-clock microseconds; 0: no mark
  int64_t at_us = 0;           // when the provider answered
  std::string connection;      // whose request got the answer
  std::string answer;          // what it was, e.g. "HTTP 429" (never a body: no secrets)
  bool renewal_known = false;  // until_us is the provider's own (Retry-After), not a recheck
};

// One provider account's token bucket (see rate_limiter.h for the arithmetic).
struct BucketState {
  bool exists = false;     // false: never used; the other fields are zero
  double tokens = 0;       // may be negative: requests reserved ahead of the refill
  int64_t updated_us = 0;  // wall-clock microseconds of `tokens`; in the future while paused
  int64_t quota_day = 0;   // UTC day number (days since 1970-01-01) that quota_used counts
  int64_t quota_used = 0;  // requests reserved on quota_day
  QuotaMark quota_mark;    // the provider's last "quota spent" on this account, if any
};

// A connection's refresh token as the authorization server last rotated it.
struct StoredRefreshToken {
  std::string configured_fingerprint;  // Fingerprint() of the configured token it replaced
  std::string refresh_token;
};

class SharedState {
 public:
  virtual ~SharedState() = default;

  // Reads bucket `key` (a default BucketState when absent), lets `update` change it, and writes
  // it back when `update` returns true: one transaction that excludes every other user of the
  // state. `update` must be quick and must not call back into this object.
  virtual Status UpdateBucket(std::string_view key,
                              const std::function<bool(BucketState&)>& update) = 0;

  virtual Result<std::optional<StoredRefreshToken>> LoadRefreshToken(
      std::string_view connection) = 0;

  // Durably replaces the connection's stored refresh token: when this returns Ok, a crash
  // does not lose it.
  virtual Status SaveRefreshToken(std::string_view connection, const StoredRefreshToken& token) = 0;
};

// State in this process's memory only: budgets are shared by the services of this process,
// nothing survives it.
std::shared_ptr<SharedState> NewProcessLocalState();

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_SHARED_STATE_H_

// The retry policy of the HTTP stage, in one place: what a response or a transport failure
// means, how long to back off, and when to stop.
//
// - A response is classified by the connector's hook when it has one and it does not return
//   TEMPO_HTTP_DEFAULT, else by DefaultClassification (the rule documented in tempo/plugin.h).
// - Transient outcomes (RETRY, RATE_LIMITED, timeouts, resets, refused connections, truncated
//   bodies) are retried with exponential backoff and full jitter: retry n (1-based) waits a
//   uniform random time in [0, min(max_backoff, initial_backoff * 2^(n-1))]. A Retry-After
//   header replaces the backoff with the server's delay (plus up to 10% jitter, at most 1 s).
// - A request stops after max_attempts attempts, or when the next wait would take its total
//   backoff past max_retry_wait: a Retry-After beyond the remaining budget stops at once rather
//   than sleeping for nothing; a jittered backoff is cut to the remaining budget.
// Pure apart from the random generator the caller passes; thread-compatible.
#ifndef TEMPO_HOST_HTTP_RETRY_POLICY_H_
#define TEMPO_HOST_HTTP_RETRY_POLICY_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "config/config.h"

namespace tempo::http {

// How one attempt ended below HTTP (curl_client maps libcurl's codes to this).
enum class Transport {
  kOk,         // a complete response arrived
  kTimeout,    // the attempt's total timeout passed
  kIdle,       // no byte arrived for idle_timeout
  kConnect,    // could not resolve or connect (refused, unreachable, connect timeout)
  kReset,      // the connection broke: reset, closed without a response, send/receive error
  kTruncated,  // the body ended before its announced length (or a broken compressed stream)
  kTls,        // the TLS handshake failed: certificate not trusted, wrong host name, protocol
  kCancelled,  // the host asked the call to stop
  kFatal,      // anything else: bad URL, unsupported protocol, out of memory
};

// True for transport outcomes worth another attempt.
bool IsTransient(Transport transport);

// The host's rule when no hook decides (TEMPO_HTTP_*): 2xx SUCCESS; 429 RATE_LIMITED; 408 and
// 5xx RETRY; 401 AUTH_EXPIRED when the connection uses OAuth2, else FAIL; anything else FAIL.
int32_t DefaultClassification(long status, bool oauth);

// Seconds to wait from a Retry-After value: delta-seconds ("120", fractions accepted) or an
// HTTP-date (IMF-fixdate, RFC 850 or asctime), relative to `now`; a date in the past is 0.
// nullopt when the value is neither. Values beyond a year are cut to a year.
std::optional<double> ParseRetryAfter(std::string_view value,
                                      std::chrono::system_clock::time_point now);

// What to do after a transient failure.
struct RetryDecision {
  enum Kind {
    kRetry,             // sleep delay_s, then send again
    kOutOfAttempts,     // max_attempts reached
    kOutOfWait,         // the total backoff budget (max_retry_wait) is spent
    kRetryAfterTooLong  // the server asked for more than the remaining budget
  };
  Kind kind = kRetry;
  double delay_s = 0;
};

class RetryPolicy {
 public:
  explicit RetryPolicy(const config::HttpSettings& settings);

  // The upper bound of the jittered backoff before retry `retry` (1 = the first retry).
  double BackoffCap(int retry) const;

  // Decides after attempt `attempts` (1-based) failed transiently, when the request has already
  // backed off `waited_s` in total. `retry_after_s` is the server's Retry-After, if any.
  RetryDecision Next(int attempts, double waited_s, std::optional<double> retry_after_s,
                     std::mt19937_64& rng) const;

  int max_attempts() const { return max_attempts_; }
  double max_retry_wait_s() const { return max_retry_wait_s_; }

 private:
  int max_attempts_;
  double initial_backoff_s_;
  double max_backoff_s_;
  double max_retry_wait_s_;
};

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_RETRY_POLICY_H_

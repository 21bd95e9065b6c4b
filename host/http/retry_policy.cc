// Classification, full-jitter backoff and Retry-After parsing.
#include "http/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "tempo/plugin.h"

namespace tempo::http {
namespace {

constexpr double kMaxRetryAfterS = 365.0 * 24 * 3600;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Non-negative decimal seconds: digits, optionally a point and more digits.
std::optional<double> ParseSeconds(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double value = 0;
  size_t i = 0;
  bool digits = false;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
    value = std::min(value * 10 + (s[i] - '0'), 1e12);
    digits = true;
  }
  if (i < s.size() && s[i] == '.') {
    double scale = 0.1;
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      value += (s[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits || i != s.size()) return std::nullopt;
  return value;
}

}  // namespace

bool IsTransient(Transport transport) {
  switch (transport) {
    case Transport::kTimeout:
    case Transport::kIdle:
    case Transport::kConnect:
    case Transport::kReset:
    case Transport::kTruncated:
      return true;
    default:
      return false;
  }
}

int32_t DefaultClassification(long status, bool oauth) {
  if (status >= 200 && status < 300) return TEMPO_HTTP_SUCCESS;
  if (status == 429) return TEMPO_HTTP_RATE_LIMITED;
  if (status == 408 || (status >= 500 && status < 600)) return TEMPO_HTTP_RETRY;
  if (status == 401 && oauth) return TEMPO_HTTP_AUTH_EXPIRED;
  return TEMPO_HTTP_FAIL;
}

std::optional<double> ParseRetryAfter(std::string_view value,
                                      std::chrono::system_clock::time_point now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    std::optional<double> seconds = ParseSeconds(value);
    if (!seconds) return std::nullopt;
    return std::min(*seconds, kMaxRetryAfterS);
  }
  // An HTTP-date; libcurl's parser knows all three formats RFC 9110 requires.
  std::string text(value);
  time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  double delta =
      std::chrono::duration<double>(std::chrono::system_clock::from_time_t(when) - now).count();
  return std::clamp(delta, 0.0, kMaxRetryAfterS);
}

RetryPolicy::RetryPolicy(const config::HttpSettings& settings)
    : max_attempts_(static_cast<int>(std::max<int64_t>(1, settings.max_attempts))),
      initial_backoff_s_(settings.initial_backoff_s),
      max_backoff_s_(std::max(settings.max_backoff_s, settings.initial_backoff_s)),
      max_retry_wait_s_(settings.max_retry_wait_s) {}

double RetryPolicy::BackoffCap(int retry) const {
  double cap = initial_backoff_s_ * std::ldexp(1.0, std::clamp(retry - 1, 0, 60));
  return std::min(cap, max_backoff_s_);
}

RetryDecision RetryPolicy::Next(int attempts, double waited_s, std::optional<double> retry_after_s,
                                std::mt19937_64& rng) const {
  RetryDecision d;
  if (attempts >= max_attempts_) {
    d.kind = RetryDecision::kOutOfAttempts;
    return d;
  }
  double remaining = max_retry_wait_s_ - waited_s;
  if (retry_after_s) {
    if (*retry_after_s > remaining) {
      d.kind = RetryDecision::kRetryAfterTooLong;
      d.delay_s = *retry_after_s;
      return d;
    }
    std::uniform_real_distribution<double> jitter(0, std::min(1.0, *retry_after_s * 0.1));
    d.delay_s = std::min(*retry_after_s + jitter(rng), remaining);
    return d;
  }
  if (remaining <= 0) {
    d.kind = RetryDecision::kOutOfWait;
    return d;
  }
  std::uniform_real_distribution<double> full_jitter(0, BackoffCap(attempts));
  d.delay_s = std::min(full_jitter(rng), remaining);
  return d;
}

}  // namespace tempo::http

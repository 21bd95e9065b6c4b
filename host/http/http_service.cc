// HttpService: the HttpGateway behind a connection's http_* host calls. See http_service.h.
#include "http/http_service.h"

#include "common/plugin_status.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "common/log.h"
#include "http/api_usage.h"
#include "http/curl_client.h"
#include "http/oauth.h"
#include "http/rate_limiter.h"
#include "http/redact.h"
#include "http/retry_policy.h"
#include "tempo/time.hpp"

namespace tempo::http {
namespace {

using Clock = std::chrono::steady_clock;

std::string CString(const char* s) { return s ? s : ""; }

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 10 ? "%.2f s" : "%.1f s", s);
  return buf;
}

std::string Attempts(int n, double seconds) {
  std::string text = "after " + std::to_string(n) + (n == 1 ? " attempt" : " attempts");
  char buf[32];
  std::snprintf(buf, sizeof buf, " over %.1f s", seconds);
  return text + buf;
}

// Sleeps `seconds`, waking early (false) when `cancel` is set.
bool SleepUnlessCancelled(double seconds, const std::atomic<bool>* cancel) {
  const Clock::time_point until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(seconds));
  for (;;) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return false;
    Clock::time_point now = Clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(until - now, std::chrono::milliseconds(20)));
  }
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

bool IsHttpUrl(std::string_view url) {
  std::string lower(url.substr(0, 8));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

tempo_status ToTempoStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return TEMPO_OK;
    case StatusCode::kInvalidArgument:
      return TEMPO_ERR_INVALID_ARGUMENT;
    case StatusCode::kUnavailable:
      return TEMPO_ERR_UNAVAILABLE;
    case StatusCode::kPermission:
      return TEMPO_ERR_PERMISSION;
    case StatusCode::kCancelled:
      return TEMPO_ERR_CANCELLED;
    case StatusCode::kData:
      return TEMPO_ERR_DATA;
    case StatusCode::kQuota:
      return TEMPO_ERR_QUOTA;
    case StatusCode::kNotFound:
      return TEMPO_ERR_NOT_FOUND;
    default:
      return TEMPO_ERR_INTERNAL;
  }
}

// A wall-clock microsecond count as "2026-12-07T15:00:00Z".
std::string WallText(int64_t us) {
  return sdk::FormatIso(us / 1000, sdk::IsoPrecision::kTrimMillis);
}

// Until when a quota mark holds, and why then: "2026-12-07T15:00:00Z (in 48 min; ...)".
std::string HoldText(const QuotaMark& mark, double wait_s) {
  char in[32];
  if (wait_s < 120)
    std::snprintf(in, sizeof in, "%.0f s", wait_s);
  else if (wait_s < 7200)
    std::snprintf(in, sizeof in, "%.0f min", wait_s / 60);
  else
    std::snprintf(in, sizeof in, "%.1f h", wait_s / 3600);
  return WallText(mark.until_us) + " (in " + in +
         (mark.renewal_known ? ", when the provider said it renews)"
                             : "; the provider does not say when it renews, so the first "
                               "request after that finds out)");
}

// The error of a request held back by another connection's "quota spent" answer.
std::string MarkedText(const std::string& key, const QuotaMark& mark, double wait_s) {
  return "the provider's quota for rate key '" + key + "' is spent: connection '" +
         mark.connection + "' got " + mark.answer + " at " + WallText(mark.at_us) +
         "; no request on this key before " + HoldText(mark, wait_s) +
         "; the run is deferred without sending a request";
}

// The outcome of one request with all its attempts.
struct Outcome {
  tempo_status code = TEMPO_OK;
  std::string message;  // redacted; set when code != TEMPO_OK
};

// Points `view` (and `storage`) at `response` for a classify hook or the plugin.
void FillView(const CurlResponse& response, uint32_t attempts,
              std::vector<tempo_http_header>& storage, tempo_http_response& view) {
  storage.clear();
  for (const auto& [name, value] : response.headers) {
    tempo_http_header h{};
    h.struct_size = sizeof(tempo_http_header);
    h.name = name.c_str();
    h.name_len = name.size();
    h.value = value.c_str();
    h.value_len = value.size();
    storage.push_back(h);
  }
  view.status = static_cast<int32_t>(response.status);
  view.body = response.body.data();
  view.body_len = response.body.size();
  view.headers = storage.empty() ? nullptr : storage.data();
  view.header_count = static_cast<uint32_t>(storage.size());
  view.attempts = attempts;
}

class HttpService final : public plugin::HttpGateway {
 public:
  HttpService(std::string connection, const config::HttpSettings& settings,
              std::shared_ptr<SharedState> state, std::unique_ptr<HttpTransport> transport)
      : connection_(std::move(connection)),
        settings_(settings),
        state_(state ? std::move(state) : NewProcessLocalState()),
        policy_(settings),
        transport_(transport ? std::move(transport) : std::make_unique<CurlClient>(settings)),
        rng_(std::random_device{}()) {}

  tempo_status Configure(tempo_ctx& ctx, const tempo_http_config& config) override;
  tempo_status Request(tempo_ctx& ctx, const tempo_http_request& request,
                       tempo_http_response* response) override;
  tempo_status AuthField(tempo_ctx& ctx, std::string_view name, const char** value,
                         size_t* value_len) override;
  // Safe while requests run on other threads (a plugin's prefetch): the progress line reads it.
  plugin::HttpCounters Counters() const override {
    plugin::HttpCounters c;
    c.requests = counters_.requests.load(std::memory_order_relaxed);
    c.retries = counters_.retries.load(std::memory_order_relaxed);
    c.bytes_received = counters_.bytes_received.load(std::memory_order_relaxed);
    c.rate_limit_wait_ms = counters_.rate_limit_wait_ms.load(std::memory_order_relaxed);
    c.server_ms = counters_.server_ms.load(std::memory_order_relaxed);
    c.backoff_ms = counters_.backoff_ms.load(std::memory_order_relaxed);
    c.rate_limit_key = limiter_ ? limiter_->key() : "";
    c.api_limit = counters_.api_limit.load(std::memory_order_relaxed);
    c.api_used = counters_.api_used.load(std::memory_order_relaxed);
    return c;
  }

 private:
  // One request as Execute sends it.
  struct Call {
    tempo_ctx& ctx;
    std::string method;
    std::string url;
    std::string_view body;
    std::vector<std::string> headers;  // the request's own, without authentication
    tempo_http_classify_fn classify = nullptr;
    void* classify_user = nullptr;
    bool authenticate = true;  // add the connection's authentication
    bool spend_budget = true;  // wait for the rate budget (not for token requests)
  };

  // Sends `call` with its retries. On TEMPO_OK, *final is the response to hand over.
  Outcome Execute(Call& call, CurlResponse* final, uint32_t* attempts);
  int32_t Classify(const Call& call, const CurlResponse& response, uint32_t attempts);
  TokenSender SenderFor(tempo_ctx& ctx);
  // Marks the rate key's quota spent after `response` said so (its Retry-After, if any, says
  // until when), so every connection on the key defers without a request; returns the text to
  // add to the error ("" without a rate key).
  std::string ShareQuotaSpent(const CurlResponse& response, const std::string& status,
                              const std::string& prefix);
  std::string Who(const tempo_ctx& ctx) const;
  // Records the call's error (redacted) and returns its code.
  static tempo_status Fail(tempo_ctx& ctx, tempo_status code, const std::string& message);

  const std::string connection_;
  const config::HttpSettings settings_;
  const std::shared_ptr<SharedState> state_;
  const RetryPolicy policy_;
  const std::unique_ptr<HttpTransport> transport_;
  std::mt19937_64 rng_;
  struct {
    std::atomic<int64_t> requests{0}, retries{0}, bytes_received{0}, rate_limit_wait_ms{0},
        server_ms{0}, backoff_ms{0};
    // The newest usage the provider reported in usage_header_ (-1: none yet).
    std::atomic<int64_t> api_used{-1}, api_limit{-1};
  } counters_;
  std::string usage_header_;  // tempo_http_config.usage_header; "" for none

  std::string auth_header_;  // a bearer or custom header line; "" for none or OAuth2
  std::string token_url_;
  std::unique_ptr<OAuthSession> oauth_;
  std::unique_ptr<RateLimiter> limiter_;

  // Handed to the plugin: valid until the next call on this service.
  CurlResponse last_;
  std::vector<tempo_http_header> last_headers_;
  std::string auth_field_;
};

std::string HttpService::Who(const tempo_ctx& ctx) const {
  std::string who = "connection '" + (ctx.connection.empty() ? connection_ : ctx.connection) + "'";
  if (!ctx.stream.empty()) who += " stream '" + ctx.stream + "'";
  return who;
}

tempo_status HttpService::Fail(tempo_ctx& ctx, tempo_status code, const std::string& message) {
  std::string redacted = Redact(message);
  plugin::HostApi()->set_error(&ctx, code, redacted.data(), redacted.size());
  return code;
}

tempo_status HttpService::Configure(tempo_ctx& ctx, const tempo_http_config& config) {
  const std::string who = Who(ctx) + ": http_configure: ";
  const std::string bearer = CString(config.bearer_token);
  const std::string header_name = CString(config.header_name);
  const std::string header_value = CString(config.header_value);
  OAuthSettings oauth;
  oauth.grant = config.auth_kind;
  oauth.token_url = CString(config.token_url);
  oauth.client_id = CString(config.client_id);
  oauth.client_secret = CString(config.client_secret);
  oauth.refresh_token = CString(config.refresh_token);
  oauth.scope = CString(config.scope);
  oauth.default_expires_in_s = config.default_expires_in_s;
  // Registered first: no message below may show them.
  for (std::string_view secret :
       {std::string_view(bearer), std::string_view(header_value),
        std::string_view(oauth.client_secret), std::string_view(oauth.refresh_token)}) {
    log::AddSecret(secret);
  }

  const std::string usage_header =
      TEMPO_HAS_FIELD(&config, tempo_http_config, usage_header) ? CString(config.usage_header) : "";
  if (!usage_header.empty() && !IsToken(usage_header)) {
    return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                who + "usage_header must be a header field name, not '" + usage_header + "'");
  }
  usage_header_ = usage_header;
  auth_header_.clear();
  token_url_.clear();
  oauth_.reset();
  limiter_.reset();
  switch (config.auth_kind) {
    case TEMPO_AUTH_NONE:
      break;
    case TEMPO_AUTH_BEARER:
      if (bearer.empty() || HasLineBreak(bearer)) {
        return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                    who + "TEMPO_AUTH_BEARER needs a bearer_token (one line)");
      }
      auth_header_ = "Authorization: Bearer " + bearer;
      break;
    case TEMPO_AUTH_HEADER:
      if (!IsToken(header_name) || header_value.empty() || HasLineBreak(header_value)) {
        return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                    who +
                        "TEMPO_AUTH_HEADER needs a header_name (a header field name) and a "
                        "one-line header_value");
      }
      log::AddSecret(header_name + ": " + header_value);
      auth_header_ = header_name + ": " + header_value;
      break;
    case TEMPO_AUTH_OAUTH2_REFRESH_TOKEN:
    case TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS: {
      const bool refresh = config.auth_kind == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
      if (!IsHttpUrl(oauth.token_url)) {
        return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                    who + "OAuth2 needs a token_url starting with https:// (or http://)");
      }
      if (refresh && oauth.refresh_token.empty()) {
        return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                    who + "TEMPO_AUTH_OAUTH2_REFRESH_TOKEN needs a refresh_token");
      }
      if (!refresh && (oauth.client_id.empty() || oauth.client_secret.empty())) {
        return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                    who +
                        "TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS needs a client_id and a "
                        "client_secret");
      }
      token_url_ = oauth.token_url;
      oauth_ = std::make_unique<OAuthSession>(connection_, std::move(oauth), state_);
      if (Status s = oauth_->LoadRotated(); !s.ok()) {
        log::Warn(Redact(Who(ctx) +
                         ": cannot read the stored OAuth refresh token, using the "
                         "configured one: " +
                         s.message()));
      }
      break;
    }
    default:
      return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                  who + "unknown auth_kind " + std::to_string(config.auth_kind));
  }

  BucketParams params{config.requests_per_second, config.burst, config.daily_quota};
  if (!(params.rate >= 0) || !std::isfinite(params.rate) || !(params.burst >= 0) ||
      !std::isfinite(params.burst) || params.daily_quota < 0) {
    return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                who + "requests_per_second, burst and daily_quota must be finite and not negative");
  }
  std::string key = CString(config.rate_limit_key);
  if (key.empty() && (params.rate > 0 || params.daily_quota > 0)) key = "connection:" + connection_;
  if (!key.empty()) limiter_ = std::make_unique<RateLimiter>(state_, key, params);
  return TEMPO_OK;
}

TokenSender HttpService::SenderFor(tempo_ctx& ctx) {
  return [this, &ctx](const std::string& form) -> Result<TokenHttpResponse> {
    Call call{ctx,
              "POST",
              token_url_,
              form,
              {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"}};
    call.authenticate = false;
    call.spend_budget = false;
    CurlResponse response;
    uint32_t attempts = 0;
    Outcome outcome = Execute(call, &response, &attempts);
    if (outcome.code != TEMPO_OK) return Status(StatusCodeFor(outcome.code), outcome.message);
    return TokenHttpResponse{response.status, std::move(response.body)};
  };
}

std::string HttpService::ShareQuotaSpent(const CurlResponse& response, const std::string& status,
                                         const std::string& prefix) {
  if (limiter_ == nullptr) return "";
  const int64_t now_us = WallMicros();
  std::optional<double> retry_after;
  if (std::string_view value = response.Header("Retry-After"); !value.empty()) {
    retry_after = ParseRetryAfter(value, std::chrono::system_clock::now());
  }
  QuotaMark mark;
  mark.at_us = now_us;
  mark.until_us = QuotaHoldUntil(now_us, retry_after);
  mark.connection = connection_;
  mark.answer = status;
  mark.renewal_known = retry_after.has_value() && *retry_after > 0;
  if (Status s = limiter_->MarkQuotaSpent(mark); !s.ok()) {
    log::Warn(Redact(prefix + ": cannot share the spent quota with the other connections on '" +
                     limiter_->key() + "': " + s.message()));
    return "";
  }
  return "; no connection on rate key '" + limiter_->key() + "' sends a request before " +
         HoldText(mark, static_cast<double>(mark.until_us - now_us) / 1e6);
}

int32_t HttpService::Classify(const Call& call, const CurlResponse& response, uint32_t attempts) {
  if (call.classify != nullptr) {
    std::vector<tempo_http_header> headers;
    tempo_http_response view{};
    view.struct_size = sizeof(tempo_http_response);
    FillView(response, attempts, headers, view);
    int32_t verdict = call.classify(call.classify_user, &view);
    if (verdict >= TEMPO_HTTP_SUCCESS && verdict <= TEMPO_HTTP_FAIL) return verdict;
    if (verdict != TEMPO_HTTP_DEFAULT) {
      log::Debug(Who(call.ctx) + ": the classify hook returned " + std::to_string(verdict) +
                 ", not a TEMPO_HTTP_* value; using the host's rule");
    }
  }
  return DefaultClassification(response.status, oauth_ != nullptr && call.authenticate);
}

Outcome HttpService::Execute(Call& call, CurlResponse* final, uint32_t* attempts_out) {
  tempo_ctx& ctx = call.ctx;
  const Clock::time_point started = Clock::now();
  const std::string prefix = Who(ctx) + ": " + call.method + " " + Redact(call.url);
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
  auto fail = [&](tempo_status code, const std::string& what) {
    return Outcome{code, Redact(prefix + ": " + what)};
  };
  const TokenSender sender = SenderFor(ctx);

  int attempts = 0;
  double backoff_waited = 0;
  double rate_waited = 0;
  bool auth_replayed = false;
  std::optional<AccessToken> token;
  for (;;) {
    if (ctx.cancel != nullptr && ctx.cancel->load(std::memory_order_relaxed)) {
      return fail(TEMPO_ERR_CANCELLED, "cancelled");
    }
    // 1. The provider account's budget.
    if (call.spend_budget && limiter_ != nullptr) {
      Result<Reservation> r =
          limiter_->Reserve(std::max(0.0, settings_.max_rate_limit_wait_s - rate_waited));
      if (!r.ok())
        return fail(TEMPO_ERR_INTERNAL,
                    "the shared rate budget is unusable: " + r.status().message());
      const std::string budget = "the rate budget '" + limiter_->key() + "'";
      if (r->kind == Reservation::kQuotaMarked) {
        return fail(TEMPO_ERR_QUOTA, MarkedText(limiter_->key(), r->mark, r->wait_s));
      }
      if (r->kind == Reservation::kQuotaSpent) {
        return fail(TEMPO_ERR_QUOTA,
                    "the daily quota of " + std::to_string(limiter_->params().daily_quota) +
                        " requests of " + budget + " is spent; it renews at 00:00 UTC (in " +
                        Seconds(r->wait_s) + "); the run is deferred");
      }
      if (r->kind == Reservation::kTooLong) {
        return fail(TEMPO_ERR_QUOTA, budget + " would make this request wait " +
                                         Seconds(r->wait_s) +
                                         ", more than http.max_rate_limit_wait allows (" +
                                         Seconds(settings_.max_rate_limit_wait_s) +
                                         " per request); the run is deferred");
      }
      if (r->wait_s > 0) {
        log::Debug(prefix + ": waiting " + Seconds(r->wait_s) + " for " + budget);
        const Clock::time_point wait_start = Clock::now();
        bool finished = SleepUnlessCancelled(r->wait_s, ctx.cancel);
        double waited = std::chrono::duration<double>(Clock::now() - wait_start).count();
        rate_waited += waited;
        counters_.rate_limit_wait_ms += static_cast<int64_t>(std::llround(waited * 1000));
        if (!finished) return fail(TEMPO_ERR_CANCELLED, "cancelled");
      }
    }
    // 2. Authentication.
    std::vector<std::string> headers = call.headers;
    if (call.authenticate) {
      if (oauth_ != nullptr) {
        Result<AccessToken> t = oauth_->Current(sender, Who(ctx));
        if (!t.ok()) return Outcome{ToTempoStatus(t.status().code()), Redact(t.status().message())};
        token = *t;
        headers.push_back("Authorization: Bearer " + token->value);
      } else if (!auth_header_.empty()) {
        headers.push_back(auth_header_);
      }
    }
    // 3. One attempt.
    ++attempts;
    ++counters_.requests;
    if (attempts > 1) ++counters_.retries;
    if (attempts == 1 && !headers.empty()) {
      std::string lines;
      for (const std::string& line : headers) {
        size_t colon = line.find(':');
        lines += (lines.empty() ? "" : "; ") +
                 RedactHeader(line.substr(0, colon),
                              colon == std::string::npos ? "" : line.substr(colon + 2));
      }
      log::Debug(prefix + ": headers " + lines);
    }
    CurlResponse r = transport_->Perform({call.method, call.url, call.body, &headers}, ctx.cancel);
    counters_.bytes_received += r.bytes_received;
    counters_.server_ms += static_cast<int64_t>(std::llround(r.seconds * 1000));
    if (r.transport == Transport::kOk && !usage_header_.empty()) {
      if (std::optional<ApiUsage> u = ParseApiUsage(r.Header(usage_header_))) {
        counters_.api_limit.store(u->limit, std::memory_order_relaxed);
        counters_.api_used.store(u->used, std::memory_order_relaxed);
      }
    }
    if (r.transport == Transport::kOk) {
      log::Debug(prefix + ": HTTP " + std::to_string(r.status) + ", " +
                 std::to_string(r.bytes_received) + " bytes in " + Seconds(r.seconds) +
                 " (attempt " + std::to_string(attempts) + ")");
    } else {
      log::Debug(prefix + ": " + r.error + " (attempt " + std::to_string(attempts) + ")");
    }
    if (r.transport == Transport::kCancelled) return fail(TEMPO_ERR_CANCELLED, "cancelled");

    std::string problem;
    std::optional<double> retry_after;
    int32_t verdict = TEMPO_HTTP_RETRY;
    if (r.transport == Transport::kOk) {
      verdict = Classify(call, r, static_cast<uint32_t>(attempts));
      const std::string status = "HTTP " + std::to_string(r.status);
      switch (verdict) {
        case TEMPO_HTTP_SUCCESS:
        case TEMPO_HTTP_FAIL:
          *final = std::move(r);
          *attempts_out = static_cast<uint32_t>(attempts);
          return Outcome{};
        case TEMPO_HTTP_AUTH_EXPIRED:
          if (oauth_ != nullptr && call.authenticate && !auth_replayed && token) {
            auth_replayed = true;
            log::Info(prefix + ": " + status +
                      ": the access token was refused; refreshing it and replaying the request");
            Result<AccessToken> fresh =
                oauth_->RefreshAfterReject(token->generation, sender, Who(ctx));
            if (!fresh.ok()) {
              return Outcome{ToTempoStatus(fresh.status().code()),
                             Redact(fresh.status().message())};
            }
            continue;
          }
          return fail(TEMPO_ERR_PERMISSION,
                      status +
                          (oauth_ != nullptr ? " again with a freshly refreshed OAuth token" : "") +
                          " " + Attempts(attempts, elapsed()) +
                          ": the credentials were refused; check the connection's credentials "
                          "and their permissions");
        case TEMPO_HTTP_QUOTA:
          return fail(TEMPO_ERR_QUOTA, status + ": the provider's quota is spent" +
                                           ShareQuotaSpent(r, status, prefix) +
                                           "; the run is deferred");
        case TEMPO_HTTP_RATE_LIMITED:
          problem = status + " (rate limited)";
          break;
        default:
          problem = status;
          break;
      }
      if (std::string_view value = r.Header("Retry-After"); !value.empty()) {
        retry_after = ParseRetryAfter(value, std::chrono::system_clock::now());
        if (retry_after) *retry_after *= settings_.retry_after_scale;
      }
    } else {
      problem = r.error;
      if (!IsTransient(r.transport)) {
        return fail(TEMPO_ERR_UNAVAILABLE, problem + " " + Attempts(attempts, elapsed()));
      }
    }

    // A 429's Retry-After holds back every sharer of the account, also when this request
    // gives up on it: the next connection then waits (or defers) without asking again.
    if (verdict == TEMPO_HTTP_RATE_LIMITED && retry_after && limiter_ != nullptr) {
      if (Status s = limiter_->Pause(*retry_after); !s.ok()) {
        log::Warn(Redact(prefix + ": cannot pause the shared rate budget: " + s.message()));
      }
    }
    RetryDecision next = policy_.Next(attempts, backoff_waited, retry_after, rng_);
    if (next.kind != RetryDecision::kRetry) {
      tempo_status code =
          r.transport == Transport::kTruncated ? TEMPO_ERR_DATA : TEMPO_ERR_UNAVAILABLE;
      std::string why = problem + " " + Attempts(attempts, elapsed());
      if (next.kind == RetryDecision::kRetryAfterTooLong) {
        why += "; the server asked to wait " + Seconds(next.delay_s) +
               " (Retry-After), more than http.max_retry_wait allows (" +
               Seconds(settings_.max_retry_wait_s) + " per request)";
        if (verdict == TEMPO_HTTP_RATE_LIMITED) {
          code = TEMPO_ERR_QUOTA;
          why += "; the run is deferred";
        }
      } else if (next.kind == RetryDecision::kOutOfWait) {
        why += "; the request backed off for http.max_retry_wait (" +
               Seconds(settings_.max_retry_wait_s) + ") already";
      }
      return fail(code, why);
    }
    log::Warn(prefix + ": " + problem + "; retrying in " + Seconds(next.delay_s) + " (attempt " +
              std::to_string(attempts + 1) + " of " + std::to_string(policy_.max_attempts()) + ")");
    const Clock::time_point backoff_start = Clock::now();
    const bool slept = SleepUnlessCancelled(next.delay_s, ctx.cancel);
    counters_.backoff_ms += static_cast<int64_t>(
        std::llround(std::chrono::duration<double>(Clock::now() - backoff_start).count() * 1000));
    if (!slept) return fail(TEMPO_ERR_CANCELLED, "cancelled");
    backoff_waited += next.delay_s;
  }
}

tempo_status HttpService::Request(tempo_ctx& ctx, const tempo_http_request& request,
                                  tempo_http_response* response) {
  const std::string method = CString(request.method);
  const std::string url = request.url ? std::string(request.url, request.url_len) : std::string();
  const std::string who = Who(ctx) + ": ";
  if (!IsToken(method)) {
    return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                who + "http_request: a method such as GET is required");
  }
  if (!IsHttpUrl(url) || HasLineBreak(url)) {
    return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                who + method + " " + url + ": only absolute http:// and https:// URLs are allowed");
  }
  Call call{ctx, method, url, std::string_view(), {}};
  if (request.body != nullptr) call.body = std::string_view(request.body, request.body_len);
  call.classify = request.classify;
  call.classify_user = request.classify_user;
  call.authenticate = (request.flags & TEMPO_HTTP_FLAG_NO_AUTH) == 0;
  if (request.header_count > 0) {
    if (request.headers == nullptr ||
        request.headers[0].struct_size < TEMPO_SIZE_THROUGH(tempo_http_header, value_len)) {
      return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT, who + "http_request: header struct too small");
    }
    const auto* base = reinterpret_cast<const char*>(request.headers);
    const size_t stride = request.headers[0].struct_size;
    for (uint32_t i = 0; i < request.header_count; ++i) {
      const auto& h = *reinterpret_cast<const tempo_http_header*>(base + i * stride);
      std::string_view name(h.name ? h.name : "", h.name ? h.name_len : 0);
      std::string_view value(h.value ? h.value : "", h.value ? h.value_len : 0);
      if (!IsToken(name) || HasLineBreak(value)) {
        return Fail(ctx, TEMPO_ERR_INVALID_ARGUMENT,
                    who + "http_request: header " + std::to_string(i) +
                        " needs a field name and a one-line value");
      }
      call.headers.push_back(std::string(name) + ": " + std::string(value));
    }
  }

  CurlResponse final;
  uint32_t attempts = 0;
  Outcome outcome = Execute(call, &final, &attempts);
  if (outcome.code != TEMPO_OK) {
    plugin::HostApi()->set_error(&ctx, outcome.code, outcome.message.data(),
                                 outcome.message.size());
    return outcome.code;
  }
  last_ = std::move(final);
  tempo_http_response view{};
  view.struct_size = sizeof(tempo_http_response);
  FillView(last_, attempts, last_headers_, view);
  // The caller's struct may be older (smaller): write only the fields it has, never its size.
  response->status = view.status;
  response->body = view.body;
  response->body_len = view.body_len;
  response->headers = view.headers;
  response->header_count = view.header_count;
  response->attempts = view.attempts;
  return TEMPO_OK;
}

tempo_status HttpService::AuthField(tempo_ctx& ctx, std::string_view name, const char** value,
                                    size_t* value_len) {
  if (IsSecretName(name)) {
    return Fail(ctx, TEMPO_ERR_PERMISSION,
                Who(ctx) + ": http_auth_field: '" + std::string(name) +
                    "' is a credential; the host adds credentials to requests itself");
  }
  if (oauth_ == nullptr) {
    return Fail(ctx, TEMPO_ERR_NOT_FOUND,
                Who(ctx) + ": http_auth_field: the connection does not use OAuth2");
  }
  if (!oauth_->has_token()) {
    // A plugin may need a field (Salesforce's instance_url) before its first request.
    Result<AccessToken> t = oauth_->Current(SenderFor(ctx), Who(ctx));
    if (!t.ok()) return Fail(ctx, ToTempoStatus(t.status().code()), t.status().message());
  }
  const std::string* field = oauth_->Field(name);
  if (field == nullptr) return TEMPO_ERR_NOT_FOUND;
  auth_field_ = *field;
  *value = auth_field_.c_str();
  *value_len = auth_field_.size();
  return TEMPO_OK;
}

}  // namespace

std::unique_ptr<plugin::HttpGateway> NewHttpService(std::string connection,
                                                    const config::HttpSettings& settings,
                                                    std::shared_ptr<SharedState> state,
                                                    std::unique_ptr<HttpTransport> transport) {
  return std::make_unique<HttpService>(std::move(connection), settings, std::move(state),
                                       std::move(transport));
}

}  // namespace tempo::http

// The HTTP service: the host's one HTTP client, serving a connection's tempo_host_api HTTP
// calls (http_configure, http_request, http_auth_field) as a plugin::HttpGateway.
//
// Per request: waits for the provider account's rate budget (rate_limiter.h), adds the
// connection's authentication (bearer token, header, or an OAuth2 token from oauth.h, refreshed
// once and replayed on a response classified AUTH_EXPIRED), sends it over the connection's
// reused libcurl handle (curl_client.h), classifies the response (the request's classify hook,
// else the host default), and retries transient failures by the policy of retry_policy.h.
// Failures set the call's error: connection, stream, method, redacted URL, the final status
// or transport error, and the attempts and time spent, e.g.
//   connection 'crm' stream 'contacts': GET https://api.example.com/v3/contacts?after=42&
//   api_key=***: HTTP 503 after 5 attempts over 31.2 s
// and return TEMPO_ERR_UNAVAILABLE (transient failures exhausted, network, TLS), TEMPO_ERR_QUOTA
// (daily quota spent, rate wait beyond http.max_rate_limit_wait, a response classified QUOTA,
// a 429 whose Retry-After is beyond http.max_retry_wait), TEMPO_ERR_PERMISSION (refused
// credentials), TEMPO_ERR_DATA (truncated bodies), TEMPO_ERR_CANCELLED or
// TEMPO_ERR_INVALID_ARGUMENT (a malformed request or configuration).
//
// Every request, retry, received byte and rate-limit wait is counted (Counters()).
//
// Thread safety: one service per connection, called from one thread at a time (as the ABI calls
// a plugin instance). The shared state it uses is safe across threads and processes.
#ifndef TEMPO_HOST_HTTP_HTTP_SERVICE_H_
#define TEMPO_HOST_HTTP_HTTP_SERVICE_H_

#include <memory>
#include <string>

#include "config/config.h"
#include "http/http_transport.h"
#include "http/shared_state.h"
#include "plugin/host_api.h"

namespace tempo::http {

// A service for connection `connection` with its `http:` settings. `state` holds the rate
// buckets and rotated refresh tokens (the store's side file in the CLI; NewProcessLocalState()
// when nothing needs to outlive the process). `transport` sends each attempt (null: libcurl,
// CurlClient; the conformance kit passes its recorder or replayer).
std::unique_ptr<plugin::HttpGateway> NewHttpService(
    std::string connection, const config::HttpSettings& settings,
    std::shared_ptr<SharedState> state, std::unique_ptr<HttpTransport> transport = nullptr);

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_HTTP_SERVICE_H_

// CurlClient: one libcurl easy handle (and the multi handle that drives it), reused for every
// request of a connection so connections stay alive between pages. Sends one attempt; retries,
// auth and rate limits are the caller's (http_service.cc).
//
// Fixed for every attempt: TLS peer and host verification on (TLS 1.2 at least; an optional CA
// bundle replaces the system's), http and https only (also after redirects, at most 5), every
// compression libcurl supports, the proxy from the environment (libcurl's default), connect
// and total timeouts. The idle timeout (no byte received for idle_timeout) and cancellation
// are checked by the transfer loop every 50 ms, so fractional timeouts work.
//
// Thread safety: thread-compatible (one attempt at a time).
#ifndef TEMPO_HOST_HTTP_CURL_CLIENT_H_
#define TEMPO_HOST_HTTP_CURL_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "http/http_transport.h"

namespace tempo::http {

class CurlClient final : public HttpTransport {
 public:
  explicit CurlClient(const config::HttpSettings& settings);
  ~CurlClient();
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  // Sends one attempt and waits for the whole response, the timeout, the idle timeout or
  // `cancel` (may be null).
  CurlResponse Perform(const CurlRequest& request, const std::atomic<bool>* cancel) override;

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
  config::HttpSettings settings_;
};

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_CURL_CLIENT_H_

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
#include "http/retry_policy.h"

namespace tempo::http {

struct CurlRequest {
  std::string_view method;  // GET, POST, ...
  std::string_view url;
  std::string_view body;                              // sent when non-empty, or for POST/PUT/PATCH
  const std::vector<std::string>* headers = nullptr;  // "Name: value" lines
};

struct CurlResponse {
  Transport transport = Transport::kFatal;
  std::string error;  // what went wrong below HTTP, for messages (empty when kOk)
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response
  std::string body;                                          // decompressed
  int64_t bytes_received = 0;  // header and body bytes as they came off the wire
  double seconds = 0;          // the attempt's duration

  // The first header called `name` (case-insensitive), or "".
  std::string_view Header(std::string_view name) const;
};

class CurlClient {
 public:
  explicit CurlClient(const config::HttpSettings& settings);
  ~CurlClient();
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  // Sends one attempt and waits for the whole response, the timeout, the idle timeout or
  // `cancel` (may be null).
  CurlResponse Perform(const CurlRequest& request, const std::atomic<bool>* cancel);

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
  config::HttpSettings settings_;
};

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_CURL_CLIENT_H_

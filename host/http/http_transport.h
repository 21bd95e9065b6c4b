// HttpTransport: how the HTTP service sends one attempt and gets its response. The service
// (http_service.h) does everything around it (auth, rate budget, classification, retries);
// the transport only moves bytes. CurlClient (curl_client.h) is the real one; the conformance
// kit puts a recorder or a replayer here (host/conformance/), so record and replay see every
// attempt, token requests and retries included, exactly as the network would.
//
// Thread safety: thread-compatible (one attempt at a time), as the service calls it.
#ifndef TEMPO_HOST_HTTP_HTTP_TRANSPORT_H_
#define TEMPO_HOST_HTTP_HTTP_TRANSPORT_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends one attempt and waits for the whole response, the timeout, the idle timeout or
  // `cancel` (may be null).
  virtual CurlResponse Perform(const CurlRequest& request, const std::atomic<bool>* cancel) = 0;
};

}  // namespace tempo::http

#endif  // TEMPO_HOST_HTTP_HTTP_TRANSPORT_H_

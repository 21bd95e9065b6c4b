// One HTTP exchange of a `tempo test-plugin` fixture: a request as the plugin's connection sent
// it and the response (or transport failure) it got, with every credential redacted, in the
// fixture's JSON Lines form (one exchange a line, in the order they happened).
//
// Redaction (what a fixture may never hold): the URL and request body go through the HTTP
// stage's Redact (registered secrets and their encodings, URL userinfo, credential-named query
// and form parameters); request and response headers through RedactHeader (Authorization,
// cookies, *-Key, ...); a response body loses every registered secret, and a token response (the
// answer to a request with a `grant_type=` form) also its credential-named JSON members
// (access_token, refresh_token, ...). Each redacted value becomes "***", which replay accepts:
// the replayer redacts the live request the same way before matching it, so a replay works
// with any credentials (or none but placeholders).
#ifndef TEMPO_HOST_CONFORMANCE_EXCHANGE_H_
#define TEMPO_HOST_CONFORMANCE_EXCHANGE_H_

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/http_transport.h"

namespace tempo::conformance {

struct Exchange {
  std::string method;
  std::string url;                           // redacted
  std::vector<std::string> request_headers;  // "Name: value", credentials redacted
  std::string request_body;                  // redacted
  http::Transport outcome = http::Transport::kOk;
  std::string error;  // what failed below HTTP when outcome is not kOk
  long status = 0;
  std::vector<std::pair<std::string, std::string>> response_headers;  // credentials redacted
  std::string response_body;                                          // credentials redacted

  // What replay matches on: the method, the redacted URL and the redacted body.
  std::string Key() const;
  // True for an OAuth2 token request (a `grant_type=` form).
  bool IsTokenRequest() const;
};

// The request part of an exchange, redacted (what replay computes for a live request).
Exchange RedactedRequest(const http::CurlRequest& request);
// Fills the response part of `exchange` from `response`, redacted.
void RedactResponse(const http::CurlResponse& response, Exchange* exchange);
// The response a replay serves for `exchange`.
http::CurlResponse ToResponse(const Exchange& exchange);

// One JSON line (without the line end). A body that is not UTF-8 is kept as base64.
std::string ToJsonLine(const Exchange& exchange);
// Every exchange of a fixture file, in order. A missing file is NotFound; a line that is not
// an exchange is Data naming the file and line.
Result<std::vector<Exchange>> ReadExchanges(const std::string& path);

// "ok", "timeout", "reset", ... and back (nullopt-like kFatal for an unknown name).
const char* TransportName(http::Transport transport);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_EXCHANGE_H_

// Mailchimp's HTTP conventions (api-wire-formats.md 4.3) and the OAuth metadata call.
//
//  - Errors are application/problem+json: {"type","title","status","detail","instance"}; a
//    message says "HTTP 401 API Key Invalid: <detail>" (title and detail, never the key).
//  - 429 (more than 10 connections in flight) and a bare 403 HTML page (Akamai throttling, no
//    problem+json) are rate limits: the host backs off and retries. A 403 problem+json
//    ("Forbidden", "User Disabled") is a refusal. 5xx (a bare 503 HTML page too) is retried.
//  - The metadata endpoint answers a bad token with HTTP 200 {"error":"invalid_token"}.
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_MAILCHIMP_HTTP_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_MAILCHIMP_HTTP_H_

#include <string>
#include <string_view>

#include "config.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

extern const sdk::HttpProvider kMailchimpHttp;

// The classify hook (tempo_http_classify_fn): see above.
int32_t Classify(void* user, const tempo_http_response* response);

// A problem+json body as code (its title) and message (its detail); other bodies as an
// excerpt.
sdk::HttpError ParseProblem(std::string_view body);

// What the OAuth metadata says.
struct Metadata {
  std::string dc, api_endpoint;
};

// Parses a metadata response body: a Permission error for {"error":...} (HTTP 200), a Data
// error for anything without dc and api_endpoint.
sdk::Status ParseMetadata(std::string_view body, Metadata* out);

// GET `config.metadata_url` with `Authorization: OAuth <token>` (the connection's own
// authentication is not sent there).
sdk::Status FetchMetadata(sdk::Context& ctx, const Config& config, Metadata* out);

// `ms` as a since_/before_ query value: "2024-06-29T12:00:00%2B00:00" (whole seconds, the
// '+' encoded).
std::string QueryTime(int64_t ms);

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_MAILCHIMP_HTTP_H_

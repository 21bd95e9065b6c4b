// Crossbeam's HTTP conventions over the kit's tempo/http.hpp: every call but GET /v1/users/me
// carries the Xbeam-Organization header (the configured organization_uuid, or the only
// organization /v1/users/me lists, looked up once per connection instance), and a refusal says
// what to check, naming that header.
//
//  - 401: the host refreshes the OAuth token once and replays the request; refused again (or
//    the refresh token refused), a Permission error: re-authorize, check the organization.
//  - 403: the organization (header) or the app's scopes were refused: a Permission error that
//    names the header and the organization.
//  - 429 and 5xx: the host's backoff (Retry-After honored when sent; Crossbeam documents none).
//  - other 4xx: the caller sees the status (a rejected cursor is the overlap reader's to handle).
//
// One Api per connector instance, used from one thread at a time (and its prefetch thread for
// Get, once the organization is known).
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_CROSSBEAM_HTTP_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_CROSSBEAM_HTTP_H_

#include <string>
#include <string_view>

#include "config.h"
#include "tempo/http.hpp"
#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

class Api {
 public:
  explicit Api(const Config& config);

  // The organization to read: organization_uuid, or the only one GET /v1/users/me lists (the
  // first call asks; several or none is an error that says what to set).
  sdk::Status Organization(sdk::Context& ctx, std::string* uuid);

  // GETs `url` with the organization header. Ok for a 2xx answer; otherwise the Status says
  // why, and resp->status is the HTTP status (0 when no answer came). `where` names the
  // stream and page ("stream 'partners' page 2"). Call Organization first; then safe on a
  // prefetch thread.
  sdk::Status Get(sdk::Context& ctx, std::string_view url, std::string_view where,
                  sdk::HttpResponse* resp) const;

  const std::string& base_url() const { return config_.base_url; }

 private:
  const Config& config_;
  sdk::HttpClient http_;
  std::string organization_;  // resolved; "" until Organization() succeeded
};

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_CROSSBEAM_HTTP_H_

// A connection's HTTP identity from its manifest's `auth:` and its config: the host's bearer,
// Basic (a header), API-key header, OAuth2 refresh-token or client-credentials support, and a
// rate budget keyed by the manifest and a hash of the credential (never the credential). An
// API key in the query is not the host's: the reader adds it to every URL (the host redacts
// it there as every secret config value).
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_AUTH_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_AUTH_H_

#include <string>
#include <utility>

#include "connection_config.h"
#include "manifest.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

// Owns the strings `config` points into; keep it until HttpConfigure returned. Neither copied
// nor moved: the pointers would dangle.
struct HttpIdentity {
  HttpIdentity() = default;
  HttpIdentity(const HttpIdentity&) = delete;
  HttpIdentity& operator=(const HttpIdentity&) = delete;

  tempo_http_config config{};
  std::string header, token, token_url, client_id, client_secret, refresh_token, scope;
  std::string rate_key, header_name;
  // auth type query: the parameter every request carries ("" when none).
  std::pair<std::string, std::string> query;
};

// The identity of `connection` under `manifest`. InvalidArgument when a credential names a
// config key that is not set.
sdk::Status IdentityFor(const Manifest& manifest, const ConnectionConfig& connection,
                        HttpIdentity* out);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_AUTH_H_

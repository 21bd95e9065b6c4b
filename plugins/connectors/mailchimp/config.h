// The `mailchimp` connector's configuration: the key table (from which the published JSON
// Schema is written), the typed Config it fills, the checks the schema cannot express (one
// credential, the key's datacenter suffix), and the connection's HTTP identity. README.md
// documents the same keys.
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

struct Config {
  std::string api_key;       // "<key>-<dc>" (HTTP Basic)
  std::string access_token;  // OAuth (Bearer); the datacenter comes from metadata_url
  std::string metadata_url;
  std::string base_url;  // "" until known: derived from the key's dc or the OAuth metadata
  int64_t page_size = 0;

  bool oauth() const { return !access_token.empty(); }
};

// The key table: names, defaults, bounds, descriptions.
const sdk::ConfigMap<Config>& ConfigKeys();

// Reads and checks the rendered config: exactly one of api_key and access_token; an API key
// ends in "-<dc>"; base_url without a trailing '/' (and, with an API key and no base_url,
// https://<dc>.api.mailchimp.com/3.0).
sdk::Status ReadConfig(std::string_view config_json, Config* out);

// The datacenter of an API key: what follows its last '-' ("us21"), or "" when it has none
// (letters and digits only).
std::string_view KeyDatacenter(std::string_view api_key);

// The connection's HTTP identity: HTTP Basic with the API key, or the OAuth token as Bearer.
// No client-side rate budget: Mailchimp limits connections in flight (10), not a rate, and a
// connector makes one request at a time. `auth_header` receives the string the result points
// into; it (and `config`) must outlive the call to HttpConfigure.
tempo_http_config HttpConfigFor(const Config& config, std::string* auth_header);

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_CONFIG_H_

// The `marketo` connector's configuration: the key table (from which the published JSON Schema
// is written), the typed Config it fills, the checks the schema cannot express, and the HTTP
// identity the connection gets (client-credentials OAuth at the instance's identity endpoint,
// Marketo's rate budget). README.md documents the same keys.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

struct Config {
  std::string base_url;  // the instance root, without a trailing '/'
  std::string client_id, client_secret;
  std::string start_date;
  std::string partner_field;
  int64_t bulk_poll_seconds = 60;
  int64_t start_ms = 0;  // start_date as epoch milliseconds
};

// The key table: names, defaults, bounds, descriptions.
const sdk::ConfigMap<Config>& ConfigKeys();

// Reads and checks the rendered config: the key table, then base_url (an http(s) instance
// root, not its /rest or /identity path), start_date (ISO-8601) and partner_field (a REST field
// name).
sdk::Status ReadConfig(std::string_view config_json, Config* out);

// The connection's HTTP identity: the client-credentials grant at `{base_url}/identity/oauth/
// token` (the host reuses the token and renews it shortly before it expires, and sends it as a
// Bearer header only), and a rate budget of Marketo's 100 calls per 20 s shared by every
// connection to the instance. `token_url` and `rate_key` receive strings the result points
// into; they and `config` must outlive the HttpConfigure call.
tempo_http_config HttpConfigFor(const Config& config, std::string* token_url,
                                std::string* rate_key);

// The instance's host name ("123-abc-456.mktorest.com"): names its rate budget.
std::string InstanceHost(std::string_view base_url);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_CONFIG_H_

// The `hubspot` connector's configuration: the key table (from which the published JSON Schema
// is written), the typed Config it fills, the checks the schema cannot express, and the HTTP
// identity (auth and rate budget) the connection gets. README.md documents the same keys.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

struct Config {
  std::string base_url, token_url, access_token, client_id, client_secret, refresh_token;
  std::string portal_id;
  double requests_per_10s = 0, search_rps = 0;
  int64_t page_size = 0, search_page_size = 0, search_cap = 0;
  int64_t search_lookback_s = 0;  // incremental searches start this far behind the cursor
  bool read_archived = true;
  std::string partner_property, partner_role_property, partner_id_property;
  std::string role_map_json, default_role;   // as configured
  std::map<std::string, std::string> roles;  // the role vocabulary, role_map over the kit's
  std::string company_currency;              // "": ask HubSpot
  std::string extra_properties_json;         // as configured (raw JSON)
  // extra_properties: stream -> more property names to ask for (kept in the raw JSON only).
  std::map<std::string, std::vector<std::string>, std::less<>> extra_properties;

  bool oauth() const {
    return !client_id.empty() || !client_secret.empty() || !refresh_token.empty();
  }
};

// The streams, in catalog order (also the keys extra_properties accepts).
inline constexpr const char* kStreamNames[] = {"contacts", "companies", "deals"};

// The key table: names, defaults, bounds, descriptions.
const sdk::ConfigMap<Config>& ConfigKeys();

// Reads and checks the rendered config: the key table, then extra_properties' names, the
// choice of auth, and normalizations (no trailing '/' on base_url; the search cap at least a
// page).
sdk::Status ReadConfig(std::string_view config_json, Config* out);

// The connection's HTTP identity. `rate_key` receives the budget's key and must outlive the
// call to HttpConfigure (the config's strings point into it and into `config`).
tempo_http_config HttpConfigFor(const Config& config, std::string* rate_key);

// A HubSpot property's internal name as extra_properties accepts it: it goes into a URL query
// unencoded and into a comma-separated list, so letters, digits, '_', '-' and '.' only.
bool IsPropertyName(std::string_view name);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CONFIG_H_

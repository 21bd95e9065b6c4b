// The `salesforce` connector's config: one key table (tempo/config.hpp) from which come both
// the JSON Schema the plugin publishes and the typed reading in Open(), and what the keys imply
// (the objects with their field lists, the role map, the LeadSource values that mean a partner
// sourced a deal). The key names, defaults and meanings are
// a public interface: README.md documents them; change the three together.
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mapping.h"
#include "objects.h"
#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace tempo::salesforce {

// The config keys as read.
struct Config {
  std::string login_url, api_version, grant;
  std::string client_id, client_secret, refresh_token;
  int64_t session_lifetime_s = 0;
  double requests_per_second = 0, burst = 0;
  int64_t batch_size = 0, max_url_bytes = 0;
  std::string cursor_query;
  std::string fields_json, extra_fields_json, role_map_json;  // JSON objects, "" when absent
  std::string lead_partner_field, campaign_partner_field;
  std::string default_role;
  std::vector<std::string> sourced_lead_sources;
  std::string org_currency;
};

// The key table.
const sdk::ConfigMap<Config>& ConfigKeys();

// A connection's config and what it implies.
struct Settings {
  Config config;                    // login_url without a trailing '/'
  std::vector<ObjectSpec> objects;  // in catalog order
  MappingConfig mapping;
};

// Reads and checks a connection's config (JSON): the key table's checks, then the role map's
// values, the object names in fields / extra_fields, the field names, and the refresh token the
// refresh_token grant needs. InvalidArgument naming the key on failure.
sdk::Status ReadSettings(std::string_view config_json, Settings* out);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_CONFIG_H_

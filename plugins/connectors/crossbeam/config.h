// The `crossbeam` connector's config: one key table (tempo/config.hpp) from which come both the
// JSON Schema the plugin publishes and the typed reading in Open(), and the HTTP identity
// (Auth0 refresh-token grant) the connection gets. The keys, defaults and meanings are a
// public interface (README.md documents them): exactly the table, no more.
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tempo/config.hpp"
#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

struct Config {
  std::string base_url, token_url;
  std::string client_id, client_secret, refresh_token;
  std::string organization_uuid;  // "" until GET /v1/users/me names the only one
  int64_t page_size = 0;
};

// The key table: names, defaults, bounds, descriptions.
const sdk::ConfigMap<Config>& ConfigKeys();

// Reads and checks the rendered config: the key table's checks, then normalizations (no
// trailing '/' on base_url) and base_url's form (an http(s) URL with a host). InvalidArgument
// naming the key on failure.
sdk::Status ReadConfig(std::string_view config_json, Config* out);

// The connection's HTTP identity: the refresh-token grant at token_url, with no client-side
// rate budget (Crossbeam publishes none; 429s back off). The strings point into `config`.
tempo_http_config HttpConfigFor(const Config& config);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_CONFIG_H_

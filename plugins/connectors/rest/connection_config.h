// A `rest` connection's config: `manifest` (a shipped manifest's name or a YAML file), the
// optional `base_url` every manifest accepts, and the manifest's own keys (its `spec:`). The
// JSON Schema the host checks a connection against comes from here in two steps: the
// descriptor's (the selection: manifest and base_url, other keys allowed), then, once the
// manifest is known, the connection's (the spec's keys too, nothing else; secrets marked).
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_CONNECTION_CONFIG_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_CONNECTION_CONFIG_H_

#include <map>
#include <string>
#include <string_view>

#include "manifest.h"
#include "tempo/plugin.hpp"

namespace tempo::rest {

struct ConnectionConfig {
  std::string manifest;  // as the host rendered it: a bare name, or an absolute path
  std::string base_url;  // expanded, without a trailing '/'
  std::map<std::string, std::string> values;  // the spec keys that are set, as text
};

// The descriptor's config schema: the keys that select the manifest.
const char* SelectionSchema();

// The JSON Schema of a connection of `manifest`.
std::string ConnectionSchema(const Manifest& manifest);

// The `manifest` key of a rendered config (InvalidArgument when absent).
sdk::Status ReadSelection(std::string_view config_json, std::string* manifest);

// Reads a rendered config against `manifest`'s keys: defaults, types, bounds, enumerations,
// required and unknown keys (the host checked them already; a test that opens the connector
// directly gets the same checks), then base_url (the manifest's unless set) expanded and
// checked. InvalidArgument naming the key; never a value.
sdk::Status ReadConnectionConfig(std::string_view config_json, const Manifest& manifest,
                                 ConnectionConfig* out);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_CONNECTION_CONFIG_H_

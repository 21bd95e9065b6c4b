// The HubSpot object types the connector reads, one per stream: the canonical entity, the
// incremental property, the properties asked for (the mapped ones, the partner properties,
// then extra_properties, each once) and the function that maps a result to columns.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_OBJECT_TYPES_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_OBJECT_TYPES_H_

#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "tempo/plugin.hpp"

namespace tempo::hubspot {

struct MapArgs;
// Maps one result's properties to columns (mapping.h); false when the record is rejected.
using MapFn = bool (*)(MapArgs& args);

struct ObjectType {
  const char* stream;       // stream name and HubSpot object type
  std::string_view entity;  // canonical table
  const char* mod_prop;     // incremental property
  MapFn map;
  std::vector<std::string> properties;  // asked for
  std::string properties_query = {};    // `properties` joined by commas (the list URL's value)
};

// HubSpot's list endpoint answers 414 for long URLs; Airbyte keeps `properties=` under 15,000
// characters. One request per page, so stay under it.
inline constexpr size_t kMaxPropertiesQuery = 15000;

// The three object types (contacts, companies, deals) for `config`.
std::vector<ObjectType> ObjectTypes(const Config& config);

// Refuses a stream whose properties would pass kMaxPropertiesQuery.
sdk::Status CheckPropertiesQuery(const std::vector<ObjectType>& types);

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_OBJECT_TYPES_H_

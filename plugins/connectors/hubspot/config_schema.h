// The JSON Schema of the `hubspot` connector's connection config, which the host validates (and
// fills defaults from) before open(). hubspot_connector.cc reads the same keys: change the two
// together, and README.md too.
#ifndef TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CONFIG_SCHEMA_H_
#define TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CONFIG_SCHEMA_H_

namespace tempo::hubspot {

inline constexpr char kConfigSchema[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {"type": "string", "minLength": 1, "default": "https://api.hubapi.com",
                 "description": "API root; tests point it at a fake server."},
    "token_url": {"type": "string", "minLength": 1,
                  "default": "https://api.hubapi.com/oauth/v1/token",
                  "description": "OAuth token endpoint (refresh-token grant)."},
    "access_token": {"type": "string", "minLength": 1, "x-secret": true,
                     "description": "Private-app token (pat-...). Use this or the OAuth keys."},
    "client_id": {"type": "string", "minLength": 1, "description": "OAuth app client id."},
    "client_secret": {"type": "string", "minLength": 1, "x-secret": true},
    "refresh_token": {"type": "string", "minLength": 1, "x-secret": true},
    "portal_id": {"type": "string", "minLength": 1,
                  "description": "HubSpot account (portal / hub) id: names the shared rate budget."},
    "requests_per_10s": {"type": "number", "minimum": 0, "maximum": 1000, "default": 100,
                         "description": "The app's burst limit per 10 s (100 Free/Starter, 190 Pro/Enterprise). 0: no client-side budget, only for private test servers and benchmarks: a real HubSpot app gets 100-190 requests per 10 s and answers more with 429s."},
    "search_requests_per_second": {"type": "number", "minimum": 0.1, "maximum": 1000, "default": 4,
                                   "description": "Pacing of search calls (HubSpot allows 5/s per account)."},
    "page_size": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100,
                  "description": "Records per list page (max 100)."},
    "search_page_size": {"type": "integer", "minimum": 1, "maximum": 200, "default": 200,
                         "description": "Records per search page (max 200)."},
    "search_result_cap": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 10000,
                          "description": "Results one search query may page through (HubSpot: 10,000)."},
    "read_archived": {"type": "boolean", "default": true,
                      "description": "Incremental reads also list archived records and soft-delete them."},
    "partner_property": {"type": "string", "default": "partner_name",
                         "description": "Deal property naming the partner; empty: no attribution rows."},
    "partner_role_property": {"type": "string", "default": "partner_role",
                              "description": "Deal property holding the partner's role; empty or unset: influenced."},
    "partner_id_property": {"type": "string", "default": "",
                            "description": "Deal property holding the partner's id (becomes partner_source_id)."},
    "extra_properties": {
      "type": "object", "additionalProperties": false,
      "description": "More HubSpot properties to read per stream, by internal name. They are kept in each record's raw JSON (raw_json, e.g. json_extract(raw_json, '$.properties.phone')), not mapped to columns.",
      "properties": {
        "contacts": {"type": "array", "items": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_.-]+$"},
                     "description": "Contact properties, e.g. [phone, city]."},
        "companies": {"type": "array", "items": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_.-]+$"},
                      "description": "Company properties, e.g. [industry, country]."},
        "deals": {"type": "array", "items": {"type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9_.-]+$"},
                  "description": "Deal properties, e.g. [pipeline]."}
      }
    }
  }
})json";

}  // namespace tempo::hubspot

#endif  // TEMPO_PLUGINS_CONNECTORS_HUBSPOT_CONFIG_SCHEMA_H_

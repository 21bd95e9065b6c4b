// The hubspot config: key table, extra_properties, auth choice, HTTP identity.
#include "config.h"

#include <algorithm>
#include <iterator>

#include <simdjson.h>

#include "tempo/http.hpp"
#include "tempo/partner_roles.hpp"

namespace tempo::hubspot {

using sdk::Status;
namespace dom = simdjson::dom;

namespace {

constexpr const char* kExtraPropertiesSchema = R"json({
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
    })json";

// Reads extra_properties (already checked against the schema by the host; checked again here,
// since a name lands in a URL). Absent: none.
Status ReadExtraProperties(std::string_view json, Config* c) {
  if (json.empty() || json == "null") return Status::Ok();
  dom::parser parser;
  dom::element doc;
  dom::object streams;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(streams) != simdjson::SUCCESS) {
    return Status::InvalidArgument(
        "extra_properties must map a stream (contacts, companies, deals) to a list of HubSpot "
        "property names");
  }
  for (dom::key_value_pair kv : streams) {
    const std::string_view stream = kv.key;
    if (std::find(std::begin(kStreamNames), std::end(kStreamNames), stream) ==
        std::end(kStreamNames)) {
      return Status::InvalidArgument("extra_properties." + std::string(stream) +
                                     ": no such stream; use contacts, companies or deals");
    }
    dom::array names;
    if (kv.value.get_array().get(names) != simdjson::SUCCESS) {
      return Status::InvalidArgument("extra_properties." + std::string(stream) +
                                     " must be a list of HubSpot property names");
    }
    std::vector<std::string>& out = c->extra_properties[std::string(stream)];
    for (dom::element e : names) {
      std::string_view name;
      const bool is_string = e.get_string().get(name) == simdjson::SUCCESS;
      if (!is_string || !IsPropertyName(name)) {
        return Status::InvalidArgument(
            "extra_properties." + std::string(stream) + ": " +
            (is_string ? "'" + std::string(name.substr(0, 60)) + "'"
                       : std::string("a non-string")) +
            " is not a HubSpot property name (use its internal name: letters, digits, '_', '-', "
            "'.'; no commas or spaces)");
      }
      out.emplace_back(name);
    }
  }
  return Status::Ok();
}

}  // namespace

const sdk::ConfigMap<Config>& ConfigKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("base_url", &Config::base_url)
        .Url()
        .MinLength(1)
        .Default("https://api.hubapi.com")
        .Describe("API root; tests point it at a fake server.");
    k->String("token_url", &Config::token_url)
        .Url()
        .MinLength(1)
        .Default("https://api.hubapi.com/oauth/v1/token")
        .Describe("OAuth token endpoint (refresh-token grant).");
    k->String("access_token", &Config::access_token)
        .MinLength(1)
        .Secret()
        .Describe("Private-app token (pat-...). Use this or the OAuth keys.");
    k->String("client_id", &Config::client_id).MinLength(1).Describe("OAuth app client id.");
    k->String("client_secret", &Config::client_secret).MinLength(1).Secret();
    k->String("refresh_token", &Config::refresh_token).MinLength(1).Secret();
    k->String("portal_id", &Config::portal_id)
        .MinLength(1)
        .Describe("HubSpot account (portal / hub) id: names the shared rate budget.");
    k->Number("requests_per_10s", &Config::requests_per_10s)
        .Range(0, 1000)
        .Default(100)
        .Describe(
            "The app's burst limit per 10 s (100 Free/Starter, 190 Pro/Enterprise). 0: no "
            "client-side budget, only for private test servers and benchmarks: a real HubSpot "
            "app gets 100-190 requests per 10 s and answers more with 429s.");
    k->Number("search_requests_per_second", &Config::search_rps)
        .Range(0.1, 1000)
        .Default(4)
        .Describe("Pacing of search calls (HubSpot allows 5/s per account).");
    k->Integer("page_size", &Config::page_size)
        .Range(1, 100)
        .Default(100)
        .Describe("Records per list page (max 100).");
    k->Integer("search_page_size", &Config::search_page_size)
        .Range(1, 200)
        .Default(200)
        .Describe("Records per search page (max 200).");
    k->Integer("search_result_cap", &Config::search_cap)
        .Range(1, 10000)
        .Default(10000)
        .Describe("Results one search query may page through (HubSpot: 10,000).");
    k->Integer("search_lookback_seconds", &Config::search_lookback_s)
        .Range(0, 86400)
        .Default(300)
        .Describe(
            "Incremental searches start this far behind the cursor: HubSpot's search index lags "
            "writes, so a record can appear in search after newer ones were read. The records "
            "of the window are read again; the upsert absorbs them. 0: no look-back.");
    k->Boolean("read_archived", &Config::read_archived)
        .Default(true)
        .Describe("Incremental reads also list archived records and soft-delete them.");
    k->String("partner_property", &Config::partner_property)
        .Default("partner_name")
        .Describe("Deal property naming the partner; empty: no attribution rows.");
    k->String("partner_role_property", &Config::partner_role_property)
        .Default("partner_role")
        .Describe("Deal property holding the partner's role; empty or unset: influenced.");
    k->String("partner_id_property", &Config::partner_id_property)
        .Default("partner_id")
        .Describe(
            "Deal property holding the partner's company id (becomes partner_source_id); "
            "empty: none.");
    k->Json("role_map", &Config::role_map_json,
            R"({"type":"object","additionalProperties":{"type":"string"},)"
            R"("description":"Partner role property value: canonical role (sourced, influenced, )"
            R"(co_sell, resell, implementation, referral); merged over the defaults."})");
    k->String("default_role", &Config::default_role)
        .OneOf({"sourced", "influenced", "co_sell", "resell", "implementation", "referral"})
        .Default("influenced")
        .Describe("Canonical role of an empty or unknown partner role value.");
    k->String("company_currency", &Config::company_currency)
        .Pattern("^([A-Z]{3})?$")
        .Default("")
        .Describe(
            "The account's company currency (ISO code); empty: read it from HubSpot's settings "
            "API (scope settings.currencies.read).");
    k->Json("extra_properties", &Config::extra_properties_json, kExtraPropertiesSchema);
    return k;
  }();
  return *keys;
}

bool IsPropertyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Status ReadConfig(std::string_view config_json, Config* c) {
  if (Status s = ConfigKeys().Read(config_json, c); !s.ok()) return s;
  if (Status s = ReadExtraProperties(c->extra_properties_json, c); !s.ok()) return s;
  c->roles = sdk::DefaultPartnerRoles();
  if (Status s = sdk::ReadPartnerRoleMap(c->role_map_json, "role_map", &c->roles); !s.ok()) {
    return s;
  }
  while (!c->base_url.empty() && c->base_url.back() == '/') c->base_url.pop_back();
  if (c->search_cap < c->search_page_size) c->search_cap = c->search_page_size;
  if (!c->access_token.empty() && c->oauth()) {
    return Status::InvalidArgument(
        "set either access_token (private app) or client_id, client_secret and refresh_token "
        "(OAuth), not both");
  }
  if (c->access_token.empty() &&
      (c->client_id.empty() || c->client_secret.empty() || c->refresh_token.empty())) {
    return Status::InvalidArgument(
        "set access_token (a private-app token), or all of client_id, client_secret and "
        "refresh_token (OAuth)");
  }
  return Status::Ok();
}

tempo_http_config HttpConfigFor(const Config& c, std::string* rate_key) {
  *rate_key = c.oauth() ? sdk::RateKey("hubspot", c.portal_id, "app", c.client_id)
                        : sdk::RateKey("hubspot", c.portal_id, "pat", c.access_token);
  tempo_http_config http{};
  http.struct_size = sizeof http;
  if (c.requests_per_10s > 0) {
    http.rate_limit_key = rate_key->c_str();
    // A token bucket lets `burst + 10 s x rate` requests into any 10-s window: keep that at
    // requests_per_10s (HubSpot's rolling window), with a burst of one second's worth.
    http.burst = std::max(1.0, c.requests_per_10s / 10.0);
    http.requests_per_second = std::max(0.1, (c.requests_per_10s - http.burst) / 10.0);
  } else {
    // 0: no client-side budget (private test servers, benchmarks). The host keeps no bucket
    // for a connection without a rate key and with rate and daily quota 0. The key is left
    // out on purpose: an unlimited sharer of a bucket would refill it for the connections
    // that do have a budget under the same key. 429s still back off by the retry policy
    // (honoring Retry-After).
    http.rate_limit_key = nullptr;
    http.burst = 0;
    http.requests_per_second = 0;
  }
  if (c.oauth()) {
    http.auth_kind = TEMPO_AUTH_OAUTH2_REFRESH_TOKEN;
    http.token_url = c.token_url.c_str();
    http.client_id = c.client_id.c_str();
    http.client_secret = c.client_secret.c_str();
    http.refresh_token = c.refresh_token.c_str();
    http.default_expires_in_s = 1800;
  } else {
    http.auth_kind = TEMPO_AUTH_BEARER;
    http.bearer_token = c.access_token.c_str();
  }
  return http;
}

}  // namespace tempo::hubspot

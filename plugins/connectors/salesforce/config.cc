// The config key table and what the keys imply. See config.h.
#include "config.h"
#include "tempo/text.hpp"

#include <algorithm>
#include <map>

#include <simdjson.h>

#include "soql.h"
#include "tempo/model.h"
#include "tempo/partner_roles.hpp"

namespace tempo::salesforce {
namespace {

using sdk::Status;

constexpr char kFieldListSchema[] =
    R"({"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}},)";

std::vector<std::string> RoleNames() {
  std::vector<std::string> out;
  for (std::string_view role : model::opportunity_partner::role::kValues) out.emplace_back(role);
  return out;
}

bool SameName(std::string_view a, std::string_view b) { return sdk::EqualsNoCase(a, b); }

// {"Object": ["Field", ...]} of `key` into *out, keyed by the object's API name as the table
// spells it; an object this connector does not read is an error.
Status ReadFieldLists(std::string_view key, const std::string& json,
                      std::map<std::string, std::vector<std::string>>* out) {
  if (json.empty()) return Status::Ok();
  simdjson::dom::parser parser;
  simdjson::dom::object objects;
  if (parser.parse(json).get_object().get(objects) != simdjson::SUCCESS) {
    return Status::InvalidArgument("config key '" + std::string(key) +
                                   "' must be an object of field lists");
  }
  for (auto [name, list] : objects) {
    const ObjectDef* def = nullptr;
    for (const ObjectDef& d : AllObjects()) {
      if (SameName(d.object, name)) def = &d;
    }
    if (def == nullptr) {
      std::string known;
      for (const ObjectDef& d : AllObjects())
        known += (known.empty() ? "" : ", ") + std::string(d.object);
      return Status::InvalidArgument("config key '" + std::string(key) + "' names the object '" +
                                     std::string(name) + "', which this connector does not read (" +
                                     known + ")");
    }
    simdjson::dom::array items;
    if (list.get_array().get(items) != simdjson::SUCCESS) {
      return Status::InvalidArgument("config key '" + std::string(key) + "." + std::string(name) +
                                     "' must be a list of field names");
    }
    std::vector<std::string>& fields = (*out)[std::string(def->object)];
    for (simdjson::dom::element item : items) {
      std::string_view field;
      if (item.get_string().get(field) != simdjson::SUCCESS) {
        return Status::InvalidArgument("config key '" + std::string(key) + "." + std::string(name) +
                                       "' must be a list of field names");
      }
      fields.emplace_back(field);
    }
  }
  return Status::Ok();
}

// Adds `field` unless the list has it (SOQL names are case-insensitive); `required` marks it
// as named by the config.
void AddField(ObjectSpec& spec, std::string_view field, bool required) {
  auto same = [&](const std::string& f) { return SameName(f, field); };
  if (std::find_if(spec.fields.begin(), spec.fields.end(), same) == spec.fields.end()) {
    spec.fields.emplace_back(field);
  }
  if (required &&
      std::find_if(spec.required.begin(), spec.required.end(), same) == spec.required.end()) {
    spec.required.emplace_back(field);
  }
}

}  // namespace

const sdk::ConfigMap<Config>& ConfigKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Config>();
    k->String("login_url", &Config::login_url)
        .Url()
        .Default("https://login.salesforce.com")
        .MinLength(1)
        .Describe(
            "OAuth host; the token endpoint is login_url + /services/oauth2/token (sandboxes: "
            "https://test.salesforce.com; client credentials: the org's My Domain URL).");
    k->String("api_version", &Config::api_version)
        .Pattern("^[0-9]+\\.[0-9]$")
        .Default("62.0")
        .Describe("REST API version, e.g. 62.0.");
    k->String("grant", &Config::grant)
        .OneOf({"refresh_token", "client_credentials"})
        .Default("refresh_token")
        .Describe("OAuth2 grant used to get a session.");
    k->String("client_id", &Config::client_id)
        .Required()
        .MinLength(1)
        .Describe("Connected app consumer key.");
    k->String("client_secret", &Config::client_secret)
        .Required()
        .MinLength(1)
        .Secret()
        .Describe("Connected app consumer secret.");
    k->String("refresh_token", &Config::refresh_token)
        .MinLength(1)
        .Secret()
        .Describe("Refresh token (grant refresh_token).");
    k->Integer("session_lifetime_s", &Config::session_lifetime_s)
        .Range(60, 86400)
        .Default(900)
        .Describe(
            "How long a session is reused before a new token is fetched (Salesforce sends no "
            "expires_in).");
    k->Number("requests_per_second", &Config::requests_per_second)
        .Minimum(0)
        .Default(20.0)
        .Describe("Request budget of the org, shared by its connections.");
    k->Number("burst", &Config::burst).Minimum(0).Default(25.0).Describe("Token-bucket capacity.");
    k->Integer("batch_size", &Config::batch_size)
        .Range(200, 2000)
        .Default(2000)
        .Describe("Rows per query page asked with Sforce-Query-Options (a hint).");
    k->Integer("max_url_bytes", &Config::max_url_bytes)
        .Range(256, 16384)
        .Default(8000)
        .Describe(
            "Longest query URL; wider field lists are split into several queries merged by Id.");
    k->String("cursor_query", &Config::cursor_query)
        .OneOf({"keyset", "inclusive"})
        .Default("keyset")
        .Describe(
            "keyset: resume strictly after (SystemModstamp, Id) with OR and parentheses; "
            "inclusive: SystemModstamp >= cursor only (re-reads the records of the last "
            "timestamp; for SOQL endpoints without OR).");
    k->Json(
        "fields", &Config::fields_json,
        std::string(kFieldListSchema) +
            R"("description":"Object name: list of fields to read instead of the default list."})");
    k->Json(
        "extra_fields", &Config::extra_fields_json,
        std::string(kFieldListSchema) +
            R"("description":"Object name: fields to read in addition to the default list (custom fields)."})");
    k->String("lead_partner_field", &Config::lead_partner_field)
        .Default("")
        .Describe(
            "Lead field referencing the referring partner Account (e.g. Referring_Partner__c); "
            "empty: none.");
    k->String("campaign_partner_field", &Config::campaign_partner_field)
        .Default("")
        .Describe(
            "Campaign field referencing the co-marketing partner Account (e.g. "
            "Partner_Account__c); empty: none.");
    k->Json("role_map", &Config::role_map_json,
            R"({"type":"object","additionalProperties":{"type":"string"},)"
            R"("description":"Partner Role picklist value: canonical role (sourced, influenced, )"
            R"(co_sell, resell, implementation, referral); merged over the defaults."})");
    k->String("default_role", &Config::default_role)
        .OneOf(RoleNames())
        .Default("influenced")
        .Describe("Canonical role of a Role value the mapping does not name.");
    k->StringList("sourced_lead_sources", &Config::sourced_lead_sources)
        .DefaultJson(R"(["Partner", "Partner Referral", "Partner Sourced"])")
        .Describe(
            "Opportunity LeadSource values meaning a partner sourced the deal: the deal's "
            "primary partner gets the role sourced (case-insensitive); [] turns it off.");
    k->String("org_currency", &Config::org_currency)
        .Pattern("^[A-Z]{3}$")
        .Default("USD")
        .Describe(
            "ISO code of a single-currency org's amounts (the API does not say it); a "
            "multi-currency org's records carry CurrencyIsoCode instead.");
    return k;
  }();
  return *keys;
}

Status ReadSettings(std::string_view config_json, Settings* out) {
  *out = Settings();
  Config& c = out->config;
  if (Status s = ConfigKeys().Read(config_json, &c); !s.ok()) return s;
  while (!c.login_url.empty() && c.login_url.back() == '/') c.login_url.pop_back();
  if (c.grant == "refresh_token" && c.refresh_token.empty()) {
    return Status::InvalidArgument(
        "config key 'refresh_token' is required with grant refresh_token");
  }
  MappingConfig& mapping = out->mapping;
  mapping.roles = sdk::DefaultPartnerRoles();
  if (Status s = sdk::ReadPartnerRoleMap(c.role_map_json, "role_map", &mapping.roles); !s.ok()) {
    return s;
  }
  mapping.default_role = c.default_role;
  for (const std::string& source : c.sourced_lead_sources) {
    mapping.sourced_lead_sources.push_back(sdk::ToLower(source));
  }
  mapping.lead_partner_field = c.lead_partner_field;
  mapping.campaign_partner_field = c.campaign_partner_field;

  std::map<std::string, std::vector<std::string>> fields, extra;
  if (Status s = ReadFieldLists("fields", c.fields_json, &fields); !s.ok()) return s;
  if (Status s = ReadFieldLists("extra_fields", c.extra_fields_json, &extra); !s.ok()) return s;
  for (const ObjectDef& def : AllObjects()) {
    ObjectSpec spec;
    spec.stream = std::string(def.stream);
    spec.object = std::string(def.object);
    spec.map = def.map;
    if (auto it = fields.find(spec.object); it != fields.end()) {
      spec.named = true;
      for (const std::string& f : it->second) AddField(spec, f, true);
    } else {
      for (std::string_view f : def.fields) AddField(spec, f, false);
      for (std::string_view f : kCommonFields) AddField(spec, f, false);
    }
    if (auto it = extra.find(spec.object); it != extra.end()) {
      spec.named = true;
      for (const std::string& f : it->second) AddField(spec, f, true);
    }
    const std::string& partner_field = def.map == &MapLead       ? c.lead_partner_field
                                       : def.map == &MapCampaign ? c.campaign_partner_field
                                                                 : std::string();
    if (!partner_field.empty()) {
      spec.named = true;
      AddField(spec, partner_field, true);
    }
    AddField(spec, "IsDeleted", false);  // tells queryAll's deletes apart
    for (const std::string& f : spec.fields) {
      if (!IsSoqlFieldName(f)) {
        return Status::InvalidArgument("config: field name '" + f + "' of " + spec.object +
                                       " is not a SOQL field name");
      }
    }
    out->objects.push_back(std::move(spec));
  }
  return Status::Ok();
}

}  // namespace tempo::salesforce

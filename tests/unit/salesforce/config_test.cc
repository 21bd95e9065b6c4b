// config.h: the key table publishes the same schema the hand-written one did (the keys are a
// public interface), reads typed values with defaults, and checks what a schema cannot.
#include "config.h"

#include <simdjson.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

namespace tempo::salesforce {
namespace {

// The schema of connector 0.2.0 before the kit, as it was published.
constexpr char kSchemaBeforeTheKit[] = R"json({
  "type": "object",
  "required": ["client_id", "client_secret"],
  "additionalProperties": false,
  "properties": {
    "login_url": {"type": "string", "minLength": 1, "default": "https://login.salesforce.com",
                  "description": "OAuth host; the token endpoint is login_url + /services/oauth2/token (sandboxes: https://test.salesforce.com; client credentials: the org's My Domain URL)."},
    "api_version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]$", "default": "62.0",
                    "description": "REST API version, e.g. 62.0."},
    "grant": {"type": "string", "enum": ["refresh_token", "client_credentials"], "default": "refresh_token",
              "description": "OAuth2 grant used to get a session."},
    "client_id": {"type": "string", "minLength": 1, "description": "Connected app consumer key."},
    "client_secret": {"type": "string", "minLength": 1, "x-secret": true, "description": "Connected app consumer secret."},
    "refresh_token": {"type": "string", "minLength": 1, "x-secret": true, "description": "Refresh token (grant refresh_token)."},
    "session_lifetime_s": {"type": "integer", "minimum": 60, "maximum": 86400, "default": 900,
                           "description": "How long a session is reused before a new token is fetched (Salesforce sends no expires_in)."},
    "requests_per_second": {"type": "number", "minimum": 0, "default": 20, "description": "Request budget of the org, shared by its connections."},
    "burst": {"type": "number", "minimum": 0, "default": 25, "description": "Token-bucket capacity."},
    "batch_size": {"type": "integer", "minimum": 200, "maximum": 2000, "default": 2000,
                   "description": "Rows per query page asked with Sforce-Query-Options (a hint)."},
    "max_url_bytes": {"type": "integer", "minimum": 256, "maximum": 16384, "default": 8000,
                      "description": "Longest query URL; wider field lists are split into several queries merged by Id."},
    "cursor_query": {"type": "string", "enum": ["keyset", "inclusive"], "default": "keyset",
                     "description": "keyset: resume strictly after (SystemModstamp, Id) with OR and parentheses; inclusive: SystemModstamp >= cursor only (re-reads the records of the last timestamp; for SOQL endpoints without OR)."},
    "fields": {"type": "object", "description": "Object name: list of fields to read instead of the default list."},
    "extra_fields": {"type": "object", "description": "Object name: fields to read in addition to the default list (custom fields)."},
    "lead_partner_field": {"type": "string", "default": "", "description": "Lead field referencing the referring partner Account (e.g. Referring_Partner__c); empty: none."},
    "campaign_partner_field": {"type": "string", "default": "", "description": "Campaign field referencing the co-marketing partner Account (e.g. Partner_Account__c); empty: none."},
    "role_map": {"type": "object", "description": "Partner Role picklist value: canonical role (sourced, influenced, co_sell, resell, implementation, referral); merged over the defaults."},
    "default_role": {"type": "string", "enum": ["sourced", "influenced", "co_sell", "resell", "implementation", "referral"], "default": "influenced",
                     "description": "Canonical role of a Role value the mapping does not name."}
  }
})json";

std::string Field(simdjson::dom::element key, const char* name) {
  simdjson::dom::element e;
  if (key[name].get(e) != simdjson::SUCCESS) return "<absent>";
  if (e.is_number()) return std::to_string(e.get_double().value());  // 60 and 60.0 alike
  return simdjson::to_string(e);
}

TEST_CASE("config: the schema keeps every key, type, default, bound and enum") {
  simdjson::dom::parser old_parser, new_parser;
  simdjson::dom::element old_schema = old_parser.parse(std::string(kSchemaBeforeTheKit));
  simdjson::dom::element new_schema = new_parser.parse(std::string(ConfigKeys().SchemaText()));
  CHECK(simdjson::to_string(new_schema["additionalProperties"]) == "false");
  CHECK(simdjson::to_string(new_schema["required"]) == simdjson::to_string(old_schema["required"]));
  size_t keys = 0;
  for (auto [name, old_key] : old_schema["properties"].get_object()) {
    INFO(name);
    ++keys;
    simdjson::dom::element new_key;
    REQUIRE(new_schema["properties"][name].get(new_key) == simdjson::SUCCESS);
    for (const char* field : {"type", "default", "enum", "minimum", "maximum", "minLength",
                              "pattern", "x-secret", "description"}) {
      INFO(field);
      CHECK(Field(new_key, field) == Field(old_key, field));
    }
  }
  CHECK(keys == 18);
  // Added in 0.3.0: the LeadSource convention for sourced deals and a single-currency
  // org's currency.
  CHECK(new_schema["properties"].get_object().value().size() == keys + 2);
  CHECK(Field(new_schema["properties"]["sourced_lead_sources"], "default") ==
        R"(["Partner","Partner Referral","Partner Sourced"])");
  CHECK(Field(new_schema["properties"]["org_currency"], "default") == R"("USD")");
  CHECK(Field(new_schema["properties"]["org_currency"], "pattern") == R"("^[A-Z]{3}$")");
}

Settings Read(const std::string& json) {
  Settings s;
  sdk::Status status = ReadSettings(json, &s);
  INFO(status.message());
  REQUIRE(status.ok());
  return s;
}

const ObjectSpec& Object(const Settings& s, std::string_view object) {
  auto it = std::find_if(s.objects.begin(), s.objects.end(),
                         [&](const ObjectSpec& o) { return o.object == object; });
  REQUIRE(it != s.objects.end());
  return *it;
}

constexpr char kMinimal[] = R"({"client_id":"id","client_secret":"s","refresh_token":"r")";

TEST_CASE("config: defaults, and the default objects with their fields") {
  Settings s = Read(std::string(kMinimal) + "}");
  CHECK(s.config.login_url == "https://login.salesforce.com");
  CHECK(s.config.api_version == "62.0");
  CHECK(s.config.grant == "refresh_token");
  CHECK(s.config.session_lifetime_s == 900);
  CHECK(s.config.requests_per_second == 20);
  CHECK(s.config.burst == 25);
  CHECK(s.config.batch_size == 2000);
  CHECK(s.config.max_url_bytes == 8000);
  CHECK(s.config.cursor_query == "keyset");
  CHECK(s.mapping.default_role == "influenced");
  CHECK(s.mapping.roles.at("var/reseller") == "resell");
  CHECK(s.mapping.sourced_lead_sources ==
        std::vector<std::string>{"partner", "partner referral", "partner sourced"});
  CHECK(s.config.org_currency == "USD");
  REQUIRE(s.objects.size() == 8);
  std::vector<std::string> streams;
  for (const ObjectSpec& o : s.objects) {
    streams.push_back(o.stream);
    CHECK_FALSE(o.named);
    CHECK(o.required.empty());
  }
  CHECK(streams == std::vector<std::string>{"account", "contact", "opportunity",
                                            "opportunity_partner", "partner", "lead", "campaign",
                                            "campaign_member"});
  CHECK(Object(s, "Contact").fields ==
        std::vector<std::string>{"Id", "AccountId", "FirstName", "LastName", "Name", "Email",
                                 "Title", "Phone", "OwnerId", "IsDeleted", "CreatedDate",
                                 "LastModifiedDate", "SystemModstamp"});
}

TEST_CASE("config: fields replace, extra_fields and partner fields add, all named by the config") {
  Settings s =
      Read(std::string(kMinimal) +
           R"(,"login_url":"https://test.salesforce.com/","fields":{"Contact":["Id","Email"]},)"
           R"("extra_fields":{"account":["Tier__c","name"]},)"
           R"("lead_partner_field":"Referring_Partner__c"})");
  CHECK(s.config.login_url == "https://test.salesforce.com");
  const ObjectSpec& contact = Object(s, "Contact");
  CHECK(contact.fields == std::vector<std::string>{"Id", "Email", "IsDeleted"});
  CHECK(contact.required == std::vector<std::string>{"Id", "Email"});
  CHECK(contact.named);
  const ObjectSpec& account = Object(s, "Account");
  CHECK(account.fields.back() == "Tier__c");  // "name" is Name, already there
  CHECK(account.required == std::vector<std::string>{"Tier__c", "name"});
  CHECK(Object(s, "Lead").fields.back() == "Referring_Partner__c");
  CHECK(Object(s, "Lead").named);
  CHECK_FALSE(Object(s, "Campaign").named);
}

TEST_CASE("config: refusals name the key") {
  struct Row {
    std::string json;
    const char* says;
  };
  const std::string base = std::string(kMinimal);
  const Row rows[] = {
      {R"({"client_id":"id","client_secret":"s"})", "refresh_token"},
      {R"({"client_secret":"s","grant":"client_credentials"})", "'client_id' is required"},
      {base + R"(,"grant":"password"})", "'grant' must be one of"},
      {base + R"(,"batch_size":100})", "'batch_size' must be between 200 and 2000"},
      {base + R"(,"role_map":{"Gold":"platinum"}})", "role_map' maps 'Gold'"},
      {base + R"(,"fields":{"Acount":["Id"]}})", "'Acount', which this connector does not read"},
      {base + R"(,"extra_fields":{"Account":"Tier__c"}})", "extra_fields.Account"},
      {base + R"(,"extra_fields":{"Account":["Tier__c, Id"]}})", "not a SOQL field name"},
      {base + R"(,"colour":"blue"})", "unknown config key 'colour'"},
  };
  for (const Row& r : rows) {
    INFO(r.json);
    Settings s;
    sdk::Status status = ReadSettings(r.json, &s);
    CHECK(status.code() == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(status.message(), Catch::Contains(r.says));
  }
}

TEST_CASE("config: role_map merges over the defaults, case-insensitively") {
  Settings s = Read(std::string(kMinimal) +
                    R"(,"role_map":{"Gold Partner":"co_sell","Reseller":"referral"},)"
                    R"("default_role":"sourced","grant":"client_credentials"})");
  CHECK(s.mapping.roles.at("gold partner") == "co_sell");
  CHECK(s.mapping.roles.at("reseller") == "referral");
  CHECK(s.mapping.roles.at("sourced") == "sourced");
  CHECK(s.mapping.default_role == "sourced");
}

}  // namespace
}  // namespace tempo::salesforce

// The hubspot config: defaults from the key table, the checks the schema cannot express, the
// published schema, and the HTTP identity (rate keys never hold a secret).
#include "config.h"

#include <simdjson.h>

#include <catch2/catch.hpp>

namespace hs = tempo::hubspot;

TEST_CASE("hubspot config: defaults, and the published schema names every key") {
  hs::Config c;
  REQUIRE(hs::ReadConfig(R"({"access_token":"pat-na1-x","base_url":"http://127.0.0.1:9/hs/"})", &c)
              .ok());
  CHECK(c.base_url == "http://127.0.0.1:9/hs");  // no trailing '/'
  CHECK(c.token_url == "https://api.hubapi.com/oauth/v1/token");
  CHECK(c.requests_per_10s == 100);
  CHECK(c.search_rps == 4);
  CHECK(c.page_size == 100);
  CHECK(c.search_page_size == 200);
  CHECK(c.search_cap == 10000);
  CHECK(c.read_archived);
  CHECK(c.partner_property == "partner_name");
  CHECK(c.partner_role_property == "partner_role");
  CHECK(c.partner_id_property == "partner_id");
  CHECK(c.default_role == "influenced");
  CHECK(c.roles.at("sourced") == "sourced");
  CHECK(c.company_currency.empty());  // asked of HubSpot
  simdjson::dom::parser parser;
  simdjson::dom::element schema;
  REQUIRE(parser.parse(std::string(hs::ConfigKeys().SchemaText())).get(schema) ==
          simdjson::SUCCESS);
  for (const char* key : {"base_url",
                          "token_url",
                          "access_token",
                          "client_id",
                          "client_secret",
                          "refresh_token",
                          "portal_id",
                          "requests_per_10s",
                          "search_requests_per_second",
                          "page_size",
                          "search_page_size",
                          "search_result_cap",
                          "read_archived",
                          "partner_property",
                          "partner_role_property",
                          "partner_id_property",
                          "extra_properties",
                          "role_map",
                          "default_role",
                          "company_currency"}) {
    INFO(key);
    CHECK(schema["properties"][key].error() == simdjson::SUCCESS);
  }
  bool secret = false;
  REQUIRE(schema["properties"]["refresh_token"]["x-secret"].get(secret) == simdjson::SUCCESS);
  CHECK(secret);
}

TEST_CASE("hubspot config: one way to authenticate, and extra_properties checked") {
  struct Row {
    const char* json;
    const char* message;
  };
  const Row rows[] = {
      {R"({})",
       "set access_token (a private-app token), or all of client_id, client_secret and "
       "refresh_token (OAuth)"},
      {R"({"client_id":"a","client_secret":"b"})",
       "set access_token (a private-app token), or all of client_id, client_secret and "
       "refresh_token (OAuth)"},
      {R"({"access_token":"t","client_id":"a"})",
       "set either access_token (private app) or client_id, client_secret and refresh_token "
       "(OAuth), not both"},
      {R"({"access_token":"t","extra_properties":{"tickets":["a"]}})",
       "extra_properties.tickets: no such stream; use contacts, companies or deals"},
      {R"({"access_token":"t","extra_properties":{"contacts":["a,b"]}})",
       "extra_properties.contacts: 'a,b' is not a HubSpot property name (use its internal name: "
       "letters, digits, '_', '-', '.'; no commas or spaces)"},
      {R"({"access_token":"t","page_size":101})",
       "config key 'page_size' must be between 1 and 100"},
  };
  for (const Row& r : rows) {
    INFO(r.json);
    hs::Config c;
    auto s = hs::ReadConfig(r.json, &c);
    CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK(s.message() == r.message);
  }
  hs::Config c;
  REQUIRE(
      hs::ReadConfig(R"({"access_token":"t","extra_properties":{"contacts":["phone"]}})", &c).ok());
  CHECK(c.extra_properties.at("contacts") == std::vector<std::string>{"phone"});
}

TEST_CASE("hubspot config: the rate budget's key and size") {
  std::string key;
  hs::Config c;
  REQUIRE(hs::ReadConfig(R"({"access_token":"pat-na1-secret","portal_id":"42"})", &c).ok());
  tempo_http_config http = hs::HttpConfigFor(c, &key);
  CHECK(std::string(http.rate_limit_key) == "hubspot:42");
  CHECK(http.auth_kind == TEMPO_AUTH_BEARER);
  CHECK(http.burst == 10);
  CHECK(http.requests_per_second == 9);  // 10 + 10 s x 9 = 100 in any 10-s window
  REQUIRE(hs::ReadConfig(R"({"access_token":"pat-na1-secret"})", &(c = hs::Config())).ok());
  http = hs::HttpConfigFor(c, &key);
  CHECK(key.rfind("hubspot:pat-", 0) == 0);
  CHECK(key.find("secret") == std::string::npos);
  REQUIRE(hs::ReadConfig(R"({"client_id":"app","client_secret":"s","refresh_token":"r",)"
                         R"("requests_per_10s":0})",
                         &(c = hs::Config()))
              .ok());
  http = hs::HttpConfigFor(c, &key);
  CHECK(http.rate_limit_key == nullptr);  // 0: no budget, no key
  CHECK(http.auth_kind == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
  CHECK(key.rfind("hubspot:app-", 0) == 0);
}

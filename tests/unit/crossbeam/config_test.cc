// The crossbeam config: exactly the issue's keys, their defaults and bounds, the secrets, and
// the HTTP identity (Auth0 refresh-token grant, no client-side budget).
#include "config.h"

#include <simdjson.h>
#include <catch2/catch.hpp>

namespace xb = tempo::crossbeam;

namespace {

constexpr const char* kCredentials =
    R"("client_id":"cid","client_secret":"secret","refresh_token":"rt")";

tempo::sdk::Status Read(const std::string& more, xb::Config* c) {
  return xb::ReadConfig("{" + std::string(kCredentials) + more + "}", c);
}

}  // namespace

TEST_CASE("crossbeam config: the defaults are the real hosts and the largest page") {
  xb::Config c;
  REQUIRE(Read("", &c).ok());
  CHECK(c.base_url == "https://api.crossbeam.com");
  CHECK(c.token_url == "https://auth.crossbeam.com/oauth/token");
  CHECK(c.page_size == 1000);
  CHECK(c.organization_uuid.empty());
  REQUIRE(Read(R"(,"base_url":"http://127.0.0.1:8080/crossbeam/","page_size":25,)"
               R"("organization_uuid":"0f00")",
               &c)
              .ok());
  CHECK(c.base_url == "http://127.0.0.1:8080/crossbeam");  // no trailing '/'
  CHECK(c.page_size == 25);
  CHECK(c.organization_uuid == "0f00");
}

TEST_CASE("crossbeam config: exactly the documented keys, secrets marked") {
  simdjson::dom::parser parser;
  simdjson::dom::element schema = parser.parse(std::string(xb::ConfigKeys().SchemaText()));
  std::vector<std::string> keys;
  for (auto [key, value] : schema["properties"].get_object()) keys.emplace_back(key);
  CHECK(keys == std::vector<std::string>{"base_url", "token_url", "client_id", "client_secret",
                                         "refresh_token", "organization_uuid", "page_size"});
  for (const char* secret : {"client_secret", "refresh_token"}) {
    INFO(secret);
    CHECK(schema["properties"][secret]["x-secret"].get_bool().value());
  }
  simdjson::dom::element flag;
  CHECK(schema["properties"]["client_id"]["x-secret"].get(flag) != simdjson::SUCCESS);
  CHECK(schema["properties"]["page_size"]["maximum"].get_double().value() == 1000);
}

TEST_CASE("crossbeam config: refusals name the key") {
  xb::Config c;
  for (const char* bad : {R"(,"page_size":0)", R"(,"page_size":1001)", R"(,"nope":1)",
                          R"(,"base_url":"ftp://api.crossbeam.com")",
                          R"(,"base_url":"https://user@api.crossbeam.com")",
                          R"(,"token_url":"auth.crossbeam.com/oauth/token")"}) {
    INFO(bad);
    tempo::sdk::Status s = Read(bad, &c);
    CHECK_FALSE(s.ok());
    CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  }
  tempo::sdk::Status missing = xb::ReadConfig(R"({"client_id":"cid"})", &c);
  CHECK_FALSE(missing.ok());
  CHECK(missing.message().find("client_secret") != std::string::npos);
}

TEST_CASE("crossbeam config: the HTTP identity is the refresh-token grant at token_url") {
  xb::Config c;
  REQUIRE(Read(R"(,"token_url":"http://127.0.0.1:9/oauth/token")", &c).ok());
  const tempo_http_config http = xb::HttpConfigFor(c);
  CHECK(http.auth_kind == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
  CHECK(std::string(http.token_url) == "http://127.0.0.1:9/oauth/token");
  CHECK(std::string(http.client_id) == "cid");
  CHECK(std::string(http.client_secret) == "secret");
  CHECK(std::string(http.refresh_token) == "rt");
  CHECK(http.default_expires_in_s == 86400);
  CHECK(http.rate_limit_key == nullptr);  // Crossbeam publishes no limit: 429s back off
  CHECK(http.requests_per_second == 0);
}

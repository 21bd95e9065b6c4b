// The marketo config: the issue's keys and defaults, the checks beyond the schema, and the HTTP
// identity (client credentials at the instance's identity endpoint, a secret-free rate key).
#include "config.h"

#include <catch2/catch.hpp>

#include <string>

namespace mk = tempo::marketo;

namespace {

constexpr const char* kBase =
    R"("base_url":"https://123-ABC-456.mktorest.com/","client_id":"id","client_secret":"s3cret")";

mk::Config Read(const std::string& more = "") {
  mk::Config c;
  tempo::sdk::Status s = mk::ReadConfig("{" + std::string(kBase) + more + "}", &c);
  INFO(s.message());
  REQUIRE(s.ok());
  return c;
}

std::string Refusal(const std::string& json) {
  mk::Config c;
  tempo::sdk::Status s = mk::ReadConfig(json, &c);
  REQUIRE(!s.ok());
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  return s.message();
}

}  // namespace

TEST_CASE("marketo config: the documented defaults") {
  const mk::Config c = Read();
  CHECK(c.base_url == "https://123-ABC-456.mktorest.com");  // trailing '/' dropped
  CHECK(c.start_date == "2006-01-01T00:00:00Z");
  CHECK(c.start_ms == 1136073600000);
  CHECK(c.partner_field.empty());
  CHECK(c.bulk_poll_seconds == 60);
}

TEST_CASE("marketo config: every key is read") {
  const mk::Config c = Read(
      R"(,"start_date":"2021-03-01","partner_field":"referringPartner","bulk_poll_seconds":1)");
  CHECK(c.start_ms == 1614556800000);
  CHECK(c.partner_field == "referringPartner");
  CHECK(c.bulk_poll_seconds == 1);
}

TEST_CASE("marketo config: refusals say what to fix") {
  CHECK(Refusal(R"({"client_id":"id","client_secret":"s"})").find("base_url") != std::string::npos);
  CHECK(Refusal(R"({"base_url":"https://x.mktorest.com","client_secret":"s"})").find("client_id") !=
        std::string::npos);
  CHECK(Refusal(R"({"base_url":"https://x.mktorest.com/rest","client_id":"i","client_secret":"s"})")
            .find("drop the '/rest'") != std::string::npos);
  CHECK(Refusal(R"({"base_url":"ftp://x","client_id":"i","client_secret":"s"})").find("https://") !=
        std::string::npos);
  CHECK(Refusal("{" + std::string(kBase) + R"(,"start_date":"last year"})").find("start_date") !=
        std::string::npos);
  CHECK(Refusal("{" + std::string(kBase) + R"(,"partner_field":"partner name"})")
            .find("partner_field") != std::string::npos);
  CHECK(
      Refusal("{" + std::string(kBase) + R"(,"bulk_poll_seconds":0})").find("bulk_poll_seconds") !=
      std::string::npos);
  CHECK(Refusal("{" + std::string(kBase) + R"(,"page_size":10})").find("page_size") !=
        std::string::npos);
}

TEST_CASE("marketo config: the HTTP identity is client credentials with a secret-free rate key") {
  const mk::Config c = Read();
  std::string token_url, rate_key;
  const tempo_http_config http = mk::HttpConfigFor(c, &token_url, &rate_key);
  CHECK(http.auth_kind == TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS);
  CHECK(std::string(http.token_url) == "https://123-ABC-456.mktorest.com/identity/oauth/token");
  CHECK(std::string(http.client_id) == "id");
  CHECK(std::string(http.client_secret) == "s3cret");
  CHECK(rate_key == "marketo:123-abc-456.mktorest.com");
  CHECK(rate_key.find("s3cret") == std::string::npos);
  // 100 calls per 20 s: a bucket that never lets more than that into a 20-s window on average.
  CHECK(http.burst + 20 * http.requests_per_second <= 200);
  CHECK(http.requests_per_second * 20 <= 100);
}

TEST_CASE("marketo config: the schema publishes the issue's keys, the secret marked") {
  const std::string schema = mk::ConfigKeys().SchemaText();
  for (const char* key : {"base_url", "client_id", "client_secret", "start_date", "partner_field",
                          "bulk_poll_seconds"}) {
    INFO(key);
    CHECK(schema.find("\"" + std::string(key) + "\"") != std::string::npos);
  }
  CHECK(schema.find("\"x-secret\":true") != std::string::npos);
}

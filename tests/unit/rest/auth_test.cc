// The HTTP identity each auth type gives the host: credentials from the connection's secret
// keys, the rate key never a credential, an API key in the query left to the reader.
#include <cstring>
#include <memory>
#include <vector>

#include "auth.h"
#include "connection_config.h"
#include "rest_test_util.h"

namespace {

using tempo::rest::ConnectionConfig;
using tempo::rest::HttpIdentity;
using tempo::rest::Manifest;

// The identity of a connection whose manifest has `auth` (a YAML flow mapping) and the secret
// keys a, b and c, set to "A1", "B2", "C3" (the manifest and config live as long as the test).
const HttpIdentity& IdentityOf(const std::string& auth) {
  static std::vector<std::unique_ptr<HttpIdentity>> kept;
  const Manifest m = tempo::rest::testing::Load(
      "manifest_version: 1\nname: t\ndescription: d\nbase_url: https://api.example.com\n"
      "spec:\n  properties:\n    a: {type: string, x-secret: true}\n"
      "    b: {type: string, x-secret: true}\n    c: {type: string, x-secret: true}\n"
      "    scope: {type: string}\n"
      "auth: " +
      auth +
      "\n"
      "streams:\n  - name: s\n    path: /s\n    primary_key: id\n"
      "    emit: [{entity: partner, columns: {name: name}}]\n");
  ConnectionConfig c;
  REQUIRE(tempo::rest::ReadConnectionConfig(
              R"({"manifest":"t","a":"A1","b":"B2","c":"C3","scope":"read"})", m, &c)
              .ok());
  kept.push_back(std::make_unique<HttpIdentity>());
  HttpIdentity& id = *kept.back();
  REQUIRE(tempo::rest::IdentityFor(m, c, &id).ok());
  CHECK(std::strstr(id.config.rate_limit_key, "A1") == nullptr);
  return id;
}

TEST_CASE("auth: each type becomes the host's HTTP identity") {
  const HttpIdentity* id = &IdentityOf(R"({type: bearer, token: "{{ config.a }}"})");
  CHECK(id->config.auth_kind == TEMPO_AUTH_BEARER);
  CHECK(std::string(id->config.bearer_token) == "A1");

  id = &IdentityOf(R"({type: basic, username: "{{ config.a }}", password: "{{ config.b }}"})");
  CHECK(id->config.auth_kind == TEMPO_AUTH_HEADER);
  CHECK(std::string(id->config.header_name) == "Authorization");
  CHECK(std::string(id->config.header_value) == "Basic QTE6QjI=");  // base64("A1:B2")

  id = &IdentityOf(R"({type: header, name: X-Api-Key, value: "key {{ config.a }}"})");
  CHECK(id->config.auth_kind == TEMPO_AUTH_HEADER);
  CHECK(std::string(id->config.header_name) == "X-Api-Key");
  CHECK(std::string(id->config.header_value) == "key A1");

  id = &IdentityOf(R"({type: query, name: api_key, value: "{{ config.a }}"})");
  CHECK(id->config.auth_kind == TEMPO_AUTH_NONE);
  CHECK(id->query == std::pair<std::string, std::string>{"api_key", "A1"});

  id = &IdentityOf(R"({type: oauth2_refresh_token, token_url: https://auth.example.com/token,
                      client_id: "{{ config.c }}", client_secret: "{{ config.a }}",
                      refresh_token: "{{ config.b }}", scope: "{{ config.scope }}"})");
  CHECK(id->config.auth_kind == TEMPO_AUTH_OAUTH2_REFRESH_TOKEN);
  CHECK(std::string(id->config.token_url) == "https://auth.example.com/token");
  CHECK(std::string(id->config.client_id) == "C3");
  CHECK(std::string(id->config.client_secret) == "A1");
  CHECK(std::string(id->config.refresh_token) == "B2");
  CHECK(std::string(id->config.scope) == "read");

  id = &IdentityOf(R"({type: oauth2_client_credentials, token_url: https://auth.example.com/token,
                      client_id: "{{ config.c }}", client_secret: "{{ config.a }}"})");
  CHECK(id->config.auth_kind == TEMPO_AUTH_OAUTH2_CLIENT_CREDENTIALS);
  CHECK(id->config.refresh_token == nullptr);
  CHECK(id->config.scope == nullptr);
}

TEST_CASE("auth: a credential whose key is not set is an error naming the key, not a value") {
  const Manifest m = tempo::rest::testing::Load(tempo::rest::testing::OneStream(""));
  ConnectionConfig c;
  // The host would refuse the missing required key first; a direct read names it here.
  c.base_url = "https://api.example.com/v1";
  HttpIdentity id;
  tempo::sdk::Status s = tempo::rest::IdentityFor(m, c, &id);
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message() == "auth token needs config key token, which is not set");
}

}  // namespace

// The mailchimp config: one credential, the key's datacenter, the derived base URL, bounds.
#include "config.h"

#include <catch2/catch.hpp>

namespace mc = tempo::mailchimp;

TEST_CASE("an API key gives the datacenter and the default base URL") {
  mc::Config c;
  REQUIRE(mc::ReadConfig(R"({"api_key":"0123abcd-us21"})", &c).ok());
  CHECK(c.base_url == "https://us21.api.mailchimp.com/3.0");
  CHECK(c.page_size == 1000);
  CHECK(c.metadata_url == "https://login.mailchimp.com/oauth2/metadata");
  CHECK(mc::KeyDatacenter("abc-def-us7") == "us7");
  CHECK(mc::KeyDatacenter("nodc").empty());
  CHECK(mc::KeyDatacenter("abc-").empty());
}

TEST_CASE("base_url overrides, without its trailing slash") {
  mc::Config c;
  REQUIRE(
      mc::ReadConfig(R"({"api_key":"k-us1","base_url":"http://127.0.0.1:9/mailchimp/3.0/"})", &c)
          .ok());
  CHECK(c.base_url == "http://127.0.0.1:9/mailchimp/3.0");
}

TEST_CASE("exactly one credential, and a key with its datacenter") {
  mc::Config c;
  auto none = mc::ReadConfig("{}", &c);
  CHECK(none.code() == TEMPO_ERR_INVALID_ARGUMENT);
  auto both = mc::ReadConfig(R"({"api_key":"k-us1","access_token":"t"})", &c);
  CHECK(both.code() == TEMPO_ERR_INVALID_ARGUMENT);
  auto no_dc = mc::ReadConfig(R"({"api_key":"secretkeywithoutdc"})", &c);
  CHECK(no_dc.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(no_dc.message().find("-<dc>") != std::string::npos);
  CHECK(no_dc.message().find("secretkeywithoutdc") == std::string::npos);  // never the key
  auto big = mc::ReadConfig(R"({"api_key":"k-us1","page_size":1001})", &c);
  CHECK_FALSE(big.ok());
  mc::Config oauth;
  REQUIRE(mc::ReadConfig(R"({"access_token":"t"})", &oauth).ok());
  CHECK(oauth.oauth());
  CHECK(oauth.base_url.empty());  // from the metadata's api_endpoint
}

TEST_CASE("the HTTP identity: Basic with the key, or the token as Bearer") {
  mc::Config c;
  REQUIRE(mc::ReadConfig(R"({"api_key":"abc-us21"})", &c).ok());
  std::string header;
  tempo_http_config http = mc::HttpConfigFor(c, &header);
  CHECK(http.auth_kind == TEMPO_AUTH_HEADER);
  CHECK(std::string(http.header_name) == "Authorization");
  CHECK(header == "Basic dGVtcG86YWJjLXVzMjE=");  // base64("tempo:abc-us21")
  mc::Config o;
  REQUIRE(mc::ReadConfig(R"({"access_token":"tok"})", &o).ok());
  http = mc::HttpConfigFor(o, &header);
  CHECK(http.auth_kind == TEMPO_AUTH_BEARER);
  CHECK(std::string(http.bearer_token) == "tok");
}

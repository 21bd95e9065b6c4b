// A rest connection's config: the schema the host checks it against (the manifest's keys,
// secrets marked), reading it against the manifest, and where the manifest comes from.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include <simdjson.h>

#include "auth.h"
#include "connection_config.h"
#include "manifest_source.h"
#include "rest_test_util.h"
#include "support/temp_dir.h"

namespace {

using Catch::Matchers::Contains;
using tempo::rest::ConnectionConfig;
using tempo::rest::Manifest;

Manifest PartnerStack() {
  Manifest m;
  REQUIRE(tempo::rest::LoadNamedManifest("partnerstack", &m).ok());
  return m;
}

TEST_CASE("connection config: the schema of a manifest's connection") {
  const std::string schema = tempo::rest::ConnectionSchema(PartnerStack());
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(schema);
  CHECK(doc["additionalProperties"].get_bool().value() == false);
  CHECK(std::string_view(doc["properties"]["manifest"]["format"]) == "path-or-name");
  CHECK(std::string_view(doc["properties"]["base_url"]["default"]) ==
        "https://api.partnerstack.com/api/v2");
  CHECK(doc["properties"]["public_key"]["x-secret"].get_bool().value());
  CHECK(doc["properties"]["secret_key"]["x-secret"].get_bool().value());
  CHECK(doc["properties"]["page_size"]["maximum"].get_double().value() == 250);
  CHECK(simdjson::to_string(doc["required"]) == R"(["manifest","public_key","secret_key"])");
  // The descriptor's: only what selects the manifest.
  doc = parser.parse(std::string(tempo::rest::SelectionSchema()));
  CHECK(simdjson::to_string(doc["required"]) == R"(["manifest"])");
  CHECK(doc["additionalProperties"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("connection config: read against the manifest's keys, defaults filled") {
  const Manifest m = PartnerStack();
  ConnectionConfig c;
  REQUIRE(tempo::rest::ReadConnectionConfig(
              R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk"})", m, &c)
              .ok());
  CHECK(c.base_url == "https://api.partnerstack.com/api/v2");
  CHECK(c.values.at("page_size") == "250");
  REQUIRE(tempo::rest::ReadConnectionConfig(
              R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk",
                  "base_url":"http://127.0.0.1:9/partnerstack/api/v2/","page_size":7})",
              m, &c)
              .ok());
  CHECK(c.base_url == "http://127.0.0.1:9/partnerstack/api/v2");
  CHECK(c.values.at("page_size") == "7");
  tempo::rest::HttpIdentity id;
  REQUIRE(tempo::rest::IdentityFor(m, c, &id).ok());
  CHECK(id.config.auth_kind == TEMPO_AUTH_HEADER);
  CHECK(id.header == "Basic cGs6c2s=");  // base64("pk:sk")
  CHECK(std::string(id.config.rate_limit_key).find("pk") == std::string::npos);
}

TEST_CASE("connection config: what the host would refuse is refused here too, by key") {
  const Manifest m = PartnerStack();
  ConnectionConfig c;
  const std::pair<const char*, const char*> cases[] = {
      {R"({"manifest":"partnerstack","public_key":"pk"})", "config key 'secret_key' is required"},
      {R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk","limit":5})",
       "unknown config key 'limit'; the keys of manifest partnerstack are manifest, base_url, "
       "public_key, secret_key, page_size"},
      {R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk","page_size":"x"})",
       "config key 'page_size' must be an integer"},
      {R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk","page_size":251})",
       "config key 'page_size' must be at most 250"},
      {R"({"manifest":"partnerstack","public_key":"pk","secret_key":"sk","base_url":"ftp://x"})",
       "config key 'base_url' must be an http or https URL"},
      {R"({"public_key":"pk"})", "config key 'manifest' is required"},
  };
  for (const auto& [json, message] : cases) {
    INFO(json);
    tempo::sdk::Status s = tempo::rest::ReadConnectionConfig(json, m, &c);
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.message(), Contains(message));
    CHECK(s.message().find("\"sk\"") == std::string::npos);
  }
}

TEST_CASE("manifest source: a shipped name, a file, and the files that are refused") {
  Manifest m;
  tempo::sdk::Status s = tempo::rest::LoadNamedManifest("partnerstak", &m);
  CHECK(s.code() == TEMPO_ERR_NOT_FOUND);
  CHECK_THAT(s.message(), Contains("no shipped manifest is called 'partnerstak' (the shipped "
                                   "ones: impartner, partnerstack)"));
  tempo::testing::TempDir dir;
  const std::string path = dir.Write("mine.yaml", tempo::rest::testing::OneStream(""));
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  s = tempo::rest::LoadNamedManifest(path, &m);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(m.file == path);
  REQUIRE(::chmod(path.c_str(), 0664) == 0);
  s = tempo::rest::LoadNamedManifest(path, &m);
  CHECK(s.code() == TEMPO_ERR_PERMISSION);
  CHECK_THAT(s.message(), Contains("may be written by group or others"));
  s = tempo::rest::LoadNamedManifest(dir.File("missing.yaml"), &m);
  CHECK(s.code() == TEMPO_ERR_NOT_FOUND);
  const std::string broken = dir.Write("broken.yaml", "manifest_version: 1\nnmae: x\n");
  REQUIRE(::chmod(broken.c_str(), 0644) == 0);
  s = tempo::rest::LoadNamedManifest(broken, &m);
  CHECK_THAT(s.message(), Contains(broken + ":2:1: nmae: unknown key; did you mean 'name'?"));
}

}  // namespace

// The `http:` mapping of a connection: defaults, fractional seconds, the CA bundle path, and
// errors in the usual file:line:column form.
#include <catch2/catch.hpp>

#include "config/config.h"
#include "support/temp_dir.h"

namespace tempo::config {
namespace {

std::string Connection(const std::string& http) {
  return "store:\n  path: tempo.db\nconnections:\n  - name: crm\n    plugin: hubspot\n" + http;
}

TEST_CASE("a connection without http: gets the documented defaults") {
  tempo::testing::TempDir dir;
  Result<Config> config = LoadConfig(dir.Write("tempo.yaml", Connection("")));
  REQUIRE(config.ok());
  const HttpSettings& h = config->connections.at(0).http;
  CHECK(h.connect_timeout_s == 10);
  CHECK(h.timeout_s == 60);
  CHECK(h.idle_timeout_s == 30);
  CHECK(h.max_attempts == 5);
  CHECK(h.max_retry_wait_s == 300);
  CHECK(h.max_rate_limit_wait_s == 600);
  CHECK(h.initial_backoff_s == 1);
  CHECK(h.max_backoff_s == 60);
  CHECK(h.ca_bundle.empty());
}

TEST_CASE("http: settings are read (seconds with fractions, or units), the CA bundle resolved") {
  tempo::testing::TempDir dir;
  dir.Write("certs/ca.pem", "-----BEGIN CERTIFICATE-----\n");
  Result<Config> config = LoadConfig(dir.Write(
      "tempo.yaml",
      Connection("    http:\n      connect_timeout: 2.5\n      timeout: \"90\"\n"
                 "      idle_timeout: 0.05\n      max_attempts: 8\n      max_retry_wait: 0\n"
                 "      max_rate_limit_wait: 30s\n      initial_backoff: 0.01\n"
                 "      max_backoff: 2m\n      ca_bundle: certs/ca.pem\n")));
  REQUIRE(config.ok());
  const HttpSettings& h = config->connections.at(0).http;
  CHECK(h.connect_timeout_s == 2.5);
  CHECK(h.timeout_s == 90);
  CHECK(h.idle_timeout_s == 0.05);
  CHECK(h.max_attempts == 8);
  CHECK(h.max_retry_wait_s == 0);
  CHECK(h.max_rate_limit_wait_s == 30);
  CHECK(h.initial_backoff_s == 0.01);
  CHECK(h.max_backoff_s == 120);
  CHECK(h.ca_bundle == dir.File("certs/ca.pem"));
}

TEST_CASE("http: mistakes are reported with their position, all at once") {
  tempo::testing::TempDir dir;
  std::string path = dir.Write(
      "tempo.yaml",
      Connection("    http:\n      timout: 5\n      idle_timeout: soon\n      max_attempts: 0\n"
                 "      connect_timeout: -1\n      initial_backoff: 5\n      max_backoff: 1\n"
                 "      ca_bundle: missing.pem\n"));
  Result<Config> config = LoadConfig(path);
  REQUIRE_FALSE(config.ok());
  const std::string& m = config.status().message();
  CHECK_THAT(m, Catch::Contains("tempo.yaml:7:7: connections[0].http.timout: unknown key; did you "
                                "mean 'timeout'?"));
  CHECK_THAT(m, Catch::Contains("tempo.yaml:8:21: connections[0].http.idle_timeout: 'soon' is "
                                "not a duration"));
  CHECK_THAT(m, Catch::Contains("tempo.yaml:9:21: connections[0].http.max_attempts: expected an "
                                "integer from 1 to 1000"));
  CHECK_THAT(m, Catch::Contains("tempo.yaml:10:24: connections[0].http.connect_timeout: must be "
                                "a duration of 0 or more"));
  CHECK_THAT(m, Catch::Contains("tempo.yaml:12:20: connections[0].http.max_backoff: must not be "
                                "less than initial_backoff"));
  CHECK_THAT(m, Catch::Contains("tempo.yaml:13:18: connections[0].http.ca_bundle: cannot read " +
                                dir.File("missing.pem")));
  Result<Config> not_a_mapping =
      LoadConfig(dir.Write("list.yaml", Connection("    http: [1, 2]\n")));
  REQUIRE_FALSE(not_a_mapping.ok());
  CHECK_THAT(not_a_mapping.status().message(),
             Catch::Contains("connections[0].http: expected a mapping, found a list"));
}

}  // namespace
}  // namespace tempo::config

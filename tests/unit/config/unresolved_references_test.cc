// LoadOptions for commands that need no secrets: plugin configs whose ${env:}/${file:}
// references stay unresolved (`tempo status`, `tempo serve`, `tempo deploy k8s`), and
// refuse_inline_secrets (`tempo deploy k8s`: a secret written into the file would land in a
// ConfigMap).
#include <string>

#include <catch2/catch.hpp>

#include "config/config.h"
#include "config/substitution.h"
#include "support/temp_dir.h"

namespace tempo::config {
namespace {

using Catch::Matchers::Contains;

constexpr const char* kSchema = R"({"type": "object", "properties": {
  "token": {"type": "string", "x-secret": true},
  "pages": {"type": "integer", "minimum": 1},
  "base_url": {"type": "string", "format": "uri"}}})";

Result<std::string> Render(const std::string& body, const LoadOptions& options) {
  testing::TempDir dir;
  const std::string path = dir.Write("tempo.yaml",
                                     "store: {path: tempo.db}\n"
                                     "connections:\n"
                                     "  - name: crm\n"
                                     "    plugin: httpecho\n"
                                     "    config:\n" +
                                         body);
  Result<Config> config = LoadConfig(path, options);
  INFO(config.status().message());
  REQUIRE(config.ok());
  return RenderPluginConfig(*config, config->connections[0].config, "connections[0]", kSchema);
}

TEST_CASE("unresolved references are neither secrets written in the file nor checked values") {
  LoadOptions options;
  options.resolve_plugin_config = false;
  options.refuse_inline_secrets = true;
  // Not set in the environment: a command that needs no secrets renders without them.
  ::unsetenv("TEMPO_TEST_UNSET_TOKEN");
  Result<std::string> json = Render(
      "      token: ${env:TEMPO_TEST_UNSET_TOKEN}\n"
      "      pages: ${env:TEMPO_TEST_UNSET_PAGES}\n"
      "      base_url: ${env:TEMPO_TEST_UNSET_URL}\n",
      options);
  INFO(json.status().message());
  REQUIRE(json.ok());
  CHECK_THAT(*json, Contains("\"token\":\"${env:TEMPO_TEST_UNSET_TOKEN}\""));
  CHECK_THAT(*json, Contains("\"pages\":\"${env:TEMPO_TEST_UNSET_PAGES}\""));
}

TEST_CASE("refuse_inline_secrets: a secret written into the file is an error at its position") {
  LoadOptions options;
  options.resolve_plugin_config = false;
  options.refuse_inline_secrets = true;
  Result<std::string> json = Render(
      "      pages: 2\n"
      "      token: pat-na1-0123456789\n",
      options);
  REQUIRE_FALSE(json.ok());
  const std::string message = json.status().message();
  CHECK_THAT(message, Contains("tempo.yaml:7:14: connections[0].config.token: a secret written "
                               "into the config file"));
  CHECK_THAT(message, Contains("${env:NAME}"));
  CHECK_THAT(message, !Contains("pat-na1-0123456789"));
  // A literal `$${` is not a reference: the value is still written into the file.
  Result<std::string> escaped = Render("      token: abc$${def\n", options);
  REQUIRE_FALSE(escaped.ok());
  CHECK_THAT(escaped.status().message(), Contains("connections[0].config.token"));
  // Still checked: a value that is not a reference.
  Result<std::string> bad = Render("      pages: 0\n", options);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Contains("connections[0].config.pages: must be at least 1"));
}

TEST_CASE("without refuse_inline_secrets a secret written into the file only warns") {
  Result<std::string> json = Render("      token: pat-na1-0123456789\n", LoadOptions{});
  CHECK(json.ok());
}

TEST_CASE("ContainsReference: ${ starts a reference, $${ is a literal") {
  CHECK(ContainsReference("${env:A}"));
  CHECK(ContainsReference("Bearer ${env:A}"));
  CHECK(ContainsReference("$${x} and ${file:/run/secret}"));
  CHECK_FALSE(ContainsReference("$${env:A}"));
  CHECK_FALSE(ContainsReference("plain $ text {}"));
  CHECK_FALSE(ContainsReference(""));
}

TEST_CASE("ParseListenAddress reads server.listen and tempo serve --listen") {
  ServerConfig server;
  REQUIRE(ParseListenAddress("0.0.0.0:9464", &server).ok());
  CHECK(server.host == "0.0.0.0");
  CHECK(server.port == 9464);
  REQUIRE(ParseListenAddress("[::1]:0", &server).ok());
  CHECK(server.host == "[::1]");
  CHECK(server.port == 0);
  CHECK_THAT(ParseListenAddress("9464", &server).message(),
             Contains("missing the host or the port"));
  CHECK_THAT(ParseListenAddress("0.0.0.0:99999", &server).message(),
             Contains("the port must be a number from 0 to 65535"));
  CHECK_THAT(ParseListenAddress("example.com:80", &server).message(),
             Contains("the host must be an IP address or localhost"));
}

}  // namespace
}  // namespace tempo::config

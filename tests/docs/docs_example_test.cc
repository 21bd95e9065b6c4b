// The plugin guide's paged REST example (extracted from docs/plugin-guide.md by CMake) does
// what the guide says: pages, checkpoints every page, resumes, and reads incrementally from the
// cursor it handed on.
#include <map>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "tempo/cursor.hpp"
#include "tempo/testing/fake_host.hpp"

namespace example {
class Accounts;
}

namespace {

using tempo::sdk::testing::FakeHost;
using tempo::sdk::testing::FakeHttpRequest;
using tempo::sdk::testing::FakeHttpResponse;

// The example API: two pages, then (with updated_since) only what changed.
FakeHttpResponse Api(const FakeHttpRequest& r) {
  if (r.url.find("https://api.example/v1/accounts?") != 0) return {404, "{}", {}};
  if (r.url.find("updated_since=") != std::string::npos) {
    return {
        200, R"({"data":[{"id":"a2","name":"Globex 2","updated_at":"2030-01-02T00:00:00Z"}]})", {}};
  }
  if (r.url.find("page=2") != std::string::npos) {
    return {
        200, R"({"data":[{"id":"a2","name":"Globex","updated_at":"2024-01-02T00:00:00Z"}]})", {}};
  }
  return {200,
          R"({"data":[{"id":"a1","name":"Acme","updated_at":"2024-01-01T00:00:00Z"},)"
          R"({"name":"no id"}],"next_page":2})",
          {}};
}

}  // namespace

// The connector's C entry, as the host would call it.
extern "C" const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host);

TEST_CASE("plugin guide example: pages, checkpoints, then reads incrementally") {
  FakeHost host;
  host.http = &Api;
  const tempo_plugin_descriptor* d = tempo_plugin_entry_v1(host.api());
  REQUIRE(d != nullptr);
  CHECK(std::string(d->name) == "example_accounts");
  CHECK(std::string(d->config_schema)
            .find(R"("api_key":{"type":"string","minLength":1,"x-secret":true})") !=
        std::string::npos);
  const auto* api = static_cast<const tempo_connector_api*>(d->api);
  tempo_instance* instance = nullptr;
  const std::string config = R"({"api_key":"k-123","base_url":"https://api.example"})";
  REQUIRE(api->open(host.ctx(), config.data(), config.size(), &instance) == TEMPO_OK);
  REQUIRE(api->read(host.ctx(), instance, "accounts", 8, TEMPO_SYNC_INCREMENTAL, "", 0) ==
          TEMPO_OK);
  CHECK(host.requests.size() == 2);
  CHECK(host.Row("account", "a1").fields.at("name") == "s:Acme");
  CHECK(host.Row("account", "a2").fields.at("name") == "s:Globex");
  CHECK(host.rejects.size() == 1);
  REQUIRE(host.states.size() == 2);
  CHECK(host.states[0].find(R"("page":2)") != std::string::npos);
  // Ordered by updated_at and read before it started: the newest record is the cursor.
  CHECK(host.committed_state == R"({"version":1,"cursor_ms":1704153600000})");
  REQUIRE(api->read(host.ctx(), instance, "accounts", 8, TEMPO_SYNC_INCREMENTAL,
                    host.committed_state.data(), host.committed_state.size()) == TEMPO_OK);
  CHECK(host.requests.back().url.find("updated_since=2024-01-02T00:00:00.000Z") !=
        std::string::npos);
  CHECK(host.Row("account", "a2").fields.at("name") == "s:Globex 2");
  // A record from the future is past the read's start: the cursor stops at the start.
  const int64_t cursor = std::stoll(host.committed_state.substr(25));
  CHECK(cursor <= tempo::sdk::NowMs() - tempo::sdk::kHandOverLagMs);
  api->close(instance);
}

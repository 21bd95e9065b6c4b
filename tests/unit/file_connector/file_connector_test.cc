// The file connector through its C ABI, as the host sees it: the descriptor and its schema,
// open, discover, read and close.
#include <simdjson.h>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "file_test_util.h"
#include "tempo/plugin.h"

extern "C" const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host);

namespace tempo::file {
namespace {

using testing::FakeHost;
using testing::ScratchDir;

TEST_CASE("The file plugin describes itself with a JSON Schema config") {
  FakeHost host;
  const tempo_plugin_descriptor* descriptor = tempo_plugin_entry_v1(host.api());
  REQUIRE(descriptor != nullptr);
  CHECK(descriptor->struct_size == sizeof(tempo_plugin_descriptor));
  CHECK(descriptor->kind == TEMPO_KIND_CONNECTOR);
  CHECK(std::string_view(descriptor->name) == "file");

  simdjson::padded_string schema(std::string_view(descriptor->config_schema));
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  REQUIRE(parser.iterate(schema).get(doc) == simdjson::SUCCESS);
  std::string_view format;
  REQUIRE(doc.at_pointer("/properties/streams/items/properties/path/format").get(format) ==
          simdjson::SUCCESS);
  CHECK(format == "path");
}

TEST_CASE("The file plugin opens, discovers and reads through the C ABI") {
  FakeHost host;
  const tempo_plugin_descriptor* descriptor = tempo_plugin_entry_v1(host.api());
  REQUIRE(descriptor != nullptr);
  const auto* api = static_cast<const tempo_connector_api*>(descriptor->api);

  ScratchDir dir;
  dir.Write("accounts.csv", "Id,Name,Website,LastModified\nA1,Acme,acme.com,2025-06-01\n");
  std::string config = R"({"streams":[{"name":"accounts","path":")" + dir.Path("accounts.csv") +
                       R"(","entity":"account","id":"Id","updated_at":"LastModified",)"
                       R"("incremental":"cursor","columns":{"name":"Name","domain":"Website"}}]})";
  tempo_instance* instance = nullptr;
  REQUIRE(api->open(host.ctx(), config.data(), config.size(), &instance) == TEMPO_OK);
  REQUIRE(instance != nullptr);

  CHECK(api->check(host.ctx(), instance) == TEMPO_OK);

  const tempo_catalog* catalog = nullptr;
  REQUIRE(api->discover(host.ctx(), instance, &catalog) == TEMPO_OK);
  REQUIRE(catalog->stream_count == 1);
  const tempo_stream_info& info = catalog->streams[0];
  CHECK(std::string_view(info.name) == "accounts");
  CHECK(std::string_view(info.entity) == "account");
  CHECK(std::string_view(info.primary_key) == "Id");
  CHECK(std::string_view(info.cursor_field) == "LastModified");
  CHECK(info.sync_modes == (TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL));

  REQUIRE(api->read(host.ctx(), instance, "accounts", 8, TEMPO_SYNC_INCREMENTAL, "", 0) ==
          TEMPO_OK);
  CHECK(host.committed.at("A1").fields.at("domain") == "s:acme.com");
  CHECK(host.committed_state.find(R"("cursor":"2025-06-01")") != std::string::npos);

  CHECK(api->read(host.ctx(), instance, "leads", 5, TEMPO_SYNC_FULL_REFRESH, "", 0) ==
        TEMPO_ERR_NOT_FOUND);
  CHECK(host.error.find("no stream 'leads'") != std::string::npos);
  api->close(instance);
}

TEST_CASE("The file plugin refuses a bad config at open with a clear error") {
  FakeHost host;
  const auto* api = static_cast<const tempo_connector_api*>(tempo_plugin_entry_v1(host.api())->api);
  std::string config = R"({"streams":[{"name":"a","path":"/d","entity":"partner","id":"id",)"
                       R"("incremental":"cursor","columns":{}}]})";
  tempo_instance* instance = nullptr;
  CHECK(api->open(host.ctx(), config.data(), config.size(), &instance) ==
        TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(host.error.find("updated_at") != std::string::npos);
}

}  // namespace
}  // namespace tempo::file

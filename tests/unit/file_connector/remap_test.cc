// Kept rejects of the file connector: a read keeps a row it cannot map with its raw record, and
// a remap of that record through a fixed config makes the record a read of the same row makes,
// without touching the stream's files.
#include "remap.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "file_test_util.h"
#include "stream_config.h"
#include "stream_reader.h"

extern "C" const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host);

namespace tempo::file {
namespace {

using testing::FakeHost;
using testing::ReceivedRecord;
using testing::ScratchDir;

StreamConfig Stream(const std::string& path, const std::string& entity, const std::string& id,
                    const std::string& extra = "") {
  std::vector<StreamConfig> streams;
  sdk::Status s = ParseConfig(R"({"streams":[{"name":"partners","path":")" + path +
                                  R"(","entity":")" + entity + R"(","id":")" + id +
                                  R"(","columns":{"name":"name","domain":"website",)"
                                  R"("partner_type":"type"})" +
                                  extra + "}]}",
                              &streams);
  INFO(s.message());
  REQUIRE(s.ok());
  return streams.at(0);
}

constexpr char kCsv[] =
    "partner_id,name,website,type\n"
    "p1,Acme,,technology\n"
    ",Nameless,none.io,other\n";

TEST_CASE(
    "a read keeps the row it rejects with its raw record, and a remap stores it after "
    "the fix") {
  ScratchDir dir;
  dir.Write("partners.csv", kCsv);
  FakeHost host;
  sdk::Context ctx(host.ctx());
  REQUIRE(ReadStream(ctx, Stream(dir.Path("partners.csv"), "partner", "partner_id"),
                     TEMPO_SYNC_FULL_REFRESH, "")
              .ok());
  REQUIRE(host.kept_rejects.size() == 1);
  const sdk::testing::ReceivedReject& kept = host.kept_rejects[0];
  CHECK(kept.reason == "partners.csv:3: no id in column 'partner_id'");
  CHECK(kept.source_id.empty());
  CHECK(kept.raw_record ==
        R"({"partner_id":"","name":"Nameless","website":"none.io","type":"other"})");
  const ReceivedRecord p1 = host.Row("partner", "p1");

  // The id column fixed (to `name`): the kept row maps, and p1's raw record maps exactly as the
  // read mapped it (an empty CSV field is NULL), although the file is gone.
  std::filesystem::remove(dir.Path("partners.csv"));
  FakeHost again;
  sdk::Context remap_ctx(again.ctx());
  const StreamConfig fixed = Stream(dir.Path("partners.csv"), "partner", "name");
  REQUIRE(RemapRow(remap_ctx, fixed, kept.raw_record).ok());
  REQUIRE(again.pending.size() == 1);
  CHECK(again.pending[0].source_id == "Nameless");
  CHECK(again.pending[0].fields.at("domain") == "s:none.io");
  CHECK(again.pending[0].raw == kept.raw_record);
  const StreamConfig same = Stream(dir.Path("partners.csv"), "partner", "partner_id");
  REQUIRE(RemapRow(remap_ctx, same, p1.raw).ok());
  REQUIRE(again.pending.size() == 2);
  CHECK(again.pending[1].entity == p1.entity);
  CHECK(again.pending[1].fields == p1.fields);
  CHECK(again.pending[1].fields.at("domain") == "null");
}

TEST_CASE(
    "a remap reads a JSON Lines record with its JSON types and rejects what still has no "
    "id") {
  FakeHost host;
  sdk::Context ctx(host.ctx());
  const StreamConfig stream = Stream("/nowhere/partners.jsonl", "partner", "pid");
  REQUIRE(RemapRow(ctx, stream, R"({"pid":7,"name":"Stark","website":"","tier":2})").ok());
  REQUIRE(host.pending.size() == 1);
  CHECK(host.pending[0].source_id == "7");
  CHECK(host.pending[0].fields.at("domain") == "s:");        // JSON "" stays text, unlike CSV
  CHECK(host.pending[0].fields.count("partner_type") == 0);  // absent: not sent
  REQUIRE(RemapRow(ctx, stream, R"({"pid":true,"name":"Flag"})").ok());
  REQUIRE(host.kept_rejects.size() == 1);
  CHECK(host.kept_rejects[0].reason ==
        "stream 'partners': the id in column 'pid' is a boolean; an id is text or a whole number");
  CHECK(host.kept_rejects[0].raw_record == R"({"pid":true,"name":"Flag"})");
  sdk::Status bad = RemapRow(ctx, stream, "not json");
  CHECK(bad.code() == TEMPO_ERR_DATA);
}

TEST_CASE("a remap of a CSV row needs every mapped column, as a read needs it in the header") {
  FakeHost host;
  sdk::Context ctx(host.ctx());
  const StreamConfig stream = Stream("/nowhere/partners.csv", "partner", "partner_idd");
  sdk::Status s = RemapRow(ctx, stream,
                           R"({"partner_id":"p1","name":"A","website":"a.io",)"
                           R"("type":"si"})");
  CHECK(s.code() == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(s.message() ==
        "stream 'partners': the kept row has no column 'partner_idd' (named by id); fix the "
        "stream's mapping to name a column of the file");
  CHECK(host.pending.empty());
}

TEST_CASE("a folder stream without format reads an all-text record as a CSV row") {
  FakeHost host;
  sdk::Context ctx(host.ctx());
  const StreamConfig folder = Stream("/nowhere/partners", "partner", "partner_id");
  REQUIRE(RemapRow(ctx, folder, R"({"partner_id":"p1","name":"A","website":"","type":"si"})").ok());
  REQUIRE(RemapRow(ctx, folder, R"({"partner_id":"p2","name":"B","website":"","tier":2})").ok());
  REQUIRE(host.pending.size() == 2);
  CHECK(host.pending[0].fields.at("domain") == "null");  // CSV: an empty field is NULL
  CHECK(host.pending[1].fields.at("domain") == "s:");    // JSON Lines: "" is text
  const StreamConfig jsonl =
      Stream("/nowhere/partners", "partner", "partner_id", R"(,"format":"jsonl")");
  REQUIRE(RemapRow(ctx, jsonl, R"({"partner_id":"p3","name":"C","website":""})").ok());
  CHECK(host.pending[2].fields.at("domain") == "s:");
}

TEST_CASE("the file plugin offers remap through the C ABI, and an unknown stream is NotFound") {
  FakeHost host;
  const tempo_plugin_descriptor* descriptor = tempo_plugin_entry_v1(host.api());
  REQUIRE(descriptor != nullptr);
  const auto* api = static_cast<const tempo_connector_api*>(descriptor->api);
  REQUIRE(api->struct_size >= TEMPO_SIZE_THROUGH(tempo_connector_api, remap));
  REQUIRE(api->remap != nullptr);
  const std::string config =
      R"({"streams":[{"name":"partners","path":"/nowhere/p.csv","entity":"partner",)"
      R"("id":"partner_id","columns":{"name":"name"}}]})";
  tempo_instance* instance = nullptr;
  REQUIRE(api->open(host.ctx(), config.data(), config.size(), &instance) == TEMPO_OK);
  const std::string raw = R"({"partner_id":"p1","name":"Acme"})";
  CHECK(api->remap(host.ctx(), instance, "partners", 8, raw.data(), raw.size()) == TEMPO_OK);
  REQUIRE(host.pending.size() == 1);
  CHECK(host.pending[0].fields.at("name") == "s:Acme");
  CHECK(api->remap(host.ctx(), instance, "other", 5, raw.data(), raw.size()) ==
        TEMPO_ERR_NOT_FOUND);
  CHECK(host.error.find("the config has no stream 'other' (it has partners)") == 0);
  api->close(instance);
}

}  // namespace
}  // namespace tempo::file

// Records to canonical rows: paths, constants, value maps, types (a number with a scale, a
// boolean, a time from epoch ms, epoch s or ISO-8601), a second entity only `when` its value is
// there, the source id and updated_at, and a record that cannot be mapped rejected whole.
#include "mapping.h"
#include "rest_test_util.h"
#include "tempo/testing/fake_host.hpp"

namespace {

using tempo::rest::Manifest;
using tempo::rest::MapRecord;
using tempo::rest::TimeFormat;
using tempo::rest::testing::Load;
using tempo::sdk::testing::FakeHost;

const char* kDeals = R"(manifest_version: 1
name: t
description: deals
base_url: https://api.example.com
auth: {type: none}
streams:
  - name: deals
    path: /deals
    primary_key: key
    incremental: {field: updated_at, format: epoch_ms, param: since}
    emit:
      - entity: opportunity
        columns:
          name: account.name
          amount: {path: amount, type: number, scale: 0.01}
          stage: stage
          is_won: {path: stage, type: boolean, map: {closed_won: "true"}, default: "false"}
          created_at: {path: created_at, type: time, format: epoch_s}
          closed_at: {path: close, type: time, format: iso8601}
          opp_type: {path: kind, map: {NEW: new, UPSELL: expansion}, default: other}
          currency: {const: USD}
      - entity: opportunity_partner
        id: [key, partner_key]
        when: partner_key
        columns:
          opportunity_source_id: key
          partner_source_id: partner_key
          role: {const: sourced}
          is_primary: {const: "true", type: boolean}
)";

struct Mapped {
  bool ok;
  std::string why;
};

Mapped Map(FakeHost& host, const Manifest& m, const std::string& json) {
  tempo::sdk::Context ctx(host.ctx());
  tempo::sdk::RecordBatch batch(ctx);
  simdjson::dom::parser parser;
  simdjson::dom::element record = parser.parse(json);
  Mapped out{};
  out.ok = MapRecord(m.streams[0], record, batch, &out.why);
  REQUIRE(batch.Flush().ok());
  REQUIRE(ctx.Checkpoint("deals", "{}").ok());
  return out;
}

TEST_CASE("mapping: one record, two rows, every kind of value") {
  FakeHost host;
  const Manifest m = Load(kDeals);
  const Mapped r =
      Map(host, m,
          R"({"key":"deal_1","partner_key":"acme","amount":1250050,"stage":"closed_won",
                           "account":{"name":"Acme Co"},"created_at":1719705600,"close":"2024-07-01",
                           "kind":"UPSELL","updated_at":1719705600123})");
  INFO(r.why);
  REQUIRE(r.ok);
  const auto& opp = host.Row("opportunity", "deal_1");
  CHECK(opp.fields.at("name") == "s:Acme Co");
  CHECK(opp.fields.at("amount") == "r:12500.500000");
  CHECK(opp.fields.at("stage") == "s:closed_won");
  CHECK(opp.fields.at("is_won") == "b:1");
  CHECK(opp.fields.at("created_at") == "s:2024-06-30T00:00:00Z");
  CHECK(opp.fields.at("closed_at") == "s:2024-07-01T00:00:00Z");
  CHECK(opp.fields.at("opp_type") == "s:expansion");
  CHECK(opp.fields.at("currency") == "s:USD");
  CHECK(opp.updated_at == "2024-06-30T00:00:00.123Z");
  CHECK(opp.raw.find("\"deal_1\"") != std::string::npos);
  const auto& link = host.Row("opportunity_partner", "deal_1:acme");
  CHECK(link.fields.at("opportunity_source_id") == "s:deal_1");
  CHECK(link.fields.at("partner_source_id") == "s:acme");
  CHECK(link.fields.at("role") == "s:sourced");
  CHECK(link.fields.at("is_primary") == "b:1");
}

TEST_CASE("mapping: no second row without its value, nulls stay NULL, defaults of a map") {
  FakeHost host;
  const Manifest m = Load(kDeals);
  const Mapped r = Map(host, m,
                       R"({"key":"deal_2","partner_key":null,"amount":null,"stage":"open",
                           "account":null,"kind":"RENEW"})");
  INFO(r.why);
  REQUIRE(r.ok);
  CHECK(host.Count("opportunity_partner") == 0);
  const auto& opp = host.Row("opportunity", "deal_2");
  CHECK(opp.fields.at("name") == "null");
  CHECK(opp.fields.at("amount") == "null");
  CHECK(opp.fields.at("is_won") == "b:0");
  CHECK(opp.fields.at("opp_type") == "s:other");
  CHECK(opp.updated_at.empty());
}

TEST_CASE("mapping: a record whose value cannot be made is rejected whole, naming the column") {
  FakeHost host;
  const Manifest m = Load(kDeals);
  Mapped r = Map(host, m, R"({"key":"deal_3","partner_key":"acme","amount":"lots"})");
  CHECK_FALSE(r.ok);
  CHECK(r.why == "opportunity column amount is 'lots', not a number");
  r = Map(host, m, R"({"key":"deal_4","created_at":"yesterday"})");
  CHECK_FALSE(r.ok);
  CHECK(r.why == "opportunity column created_at is 'yesterday', not a time in epoch seconds");
  r = Map(host, m, R"({"amount":5})");
  CHECK_FALSE(r.ok);
  CHECK(r.why == "no key (the opportunity row's id)");
  CHECK(host.rows.empty());
}

TEST_CASE("mapping: times in each format, and as request parameters") {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(std::string(
      R"({"ms":1719705600123,"s":1719705600,"iso":"2024-06-30T02:00:00+02:00","digits":"1719705600"})"));
  CHECK(tempo::rest::TimeValue(doc["ms"], TimeFormat::kEpochMillis) == 1719705600123);
  CHECK(tempo::rest::TimeValue(doc["s"], TimeFormat::kEpochSeconds) == 1719705600000);
  CHECK(tempo::rest::TimeValue(doc["digits"], TimeFormat::kEpochSeconds) == 1719705600000);
  CHECK(tempo::rest::TimeValue(doc["iso"], TimeFormat::kIso8601) == 1719705600000);
  CHECK_FALSE(tempo::rest::TimeValue(doc["ms"], TimeFormat::kIso8601));
  CHECK(tempo::rest::FormatTime(1719705600123, TimeFormat::kEpochMillis) == "1719705600123");
  CHECK(tempo::rest::FormatTime(1719705600123, TimeFormat::kEpochSeconds) == "1719705600");
  CHECK(tempo::rest::FormatTime(1719705600000, TimeFormat::kIso8601) == "2024-06-30T00:00:00Z");
}

}  // namespace

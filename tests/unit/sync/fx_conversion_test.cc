// FxConvertingDestination: the dollar value of deal amounts on their way to the store (USD at 1,
// another currency at the table's rate for the deal's date, none without a rate or a
// currency, counted; the CRM's own conversion kept), the counts per stream as the run record
// and the sync summary show them, and nothing counted for a rolled-back transaction.
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sync/fx_conversion.h"
#include "sync/record_fields.h"

namespace tempo::sync {
namespace {

// Keeps what reaches the store: per source id, column = value as text ("null" for NULL).
class Recording : public Destination {
 public:
  std::map<std::string, std::map<std::string, std::string>> rows;
  std::string last_finish_streams;

  Result<int64_t> BeginRun(const RunInfo&) override { return int64_t{1}; }
  Result<StreamState> LoadState(std::string_view) override { return StreamState{}; }
  Status Begin() override { return Status::Ok(); }
  Status Write(const tempo_record& r, std::string* reject) override {
    auto& row = rows[std::string(r.source_id, r.source_id_len)];
    row.clear();
    for (uint32_t i = 0; i < r.field_count; ++i) {
      const tempo_field* f = FieldAt(r, i);
      std::string value = "null";
      if (f->type == TEMPO_VALUE_STRING) value = std::string(f->str, f->str_len);
      if (f->type == TEMPO_VALUE_REAL) value = std::to_string(f->real_value);
      if (f->type == TEMPO_VALUE_INT) value = std::to_string(f->int_value);
      row[std::string(FieldName(*f))] = value;
    }
    if (row.count("stage") && row["stage"] == "bad") *reject = "stage not allowed";
    return Status::Ok();
  }
  Status WriteReject(const Reject&) override { return Status::Ok(); }
  Status CheckScope(std::string_view, const RowScope&) override { return Status::Ok(); }
  Result<int64_t> DeleteUnseen(std::string_view, int64_t, const RowScope&) override {
    return int64_t{0};
  }
  Status Commit(std::string_view, std::string_view, std::optional<int64_t>) override {
    return Status::Ok();
  }
  void Rollback() override {}
  Status FinishRun(int64_t, const RunSummary& summary) override {
    last_finish_streams = summary.streams_json;
    return Status::Ok();
  }
};

struct Deal {
  std::vector<std::string> names, texts;
  std::vector<tempo_field> fields;
  Deal& Str(const std::string& name, const std::string& value) {
    names.push_back(name);
    texts.push_back(value);
    fields.push_back(NamedField("", TEMPO_VALUE_STRING));
    return *this;
  }
  Deal& Real(const std::string& name, double value) {
    names.push_back(name);
    texts.push_back("");
    fields.push_back(RealField("", value));
    return *this;
  }
  Deal& Null(const std::string& name) {
    names.push_back(name);
    texts.push_back("");
    fields.push_back(NullField(""));
    return *this;
  }
  // Writes the deal `id` (of `entity`) through `dest`; returns the reject text.
  std::string WriteTo(Destination& dest, const std::string& id,
                      const std::string& entity = "opportunity") {
    for (size_t i = 0; i < fields.size(); ++i) {
      fields[i].name = names[i].data();
      fields[i].name_len = names[i].size();
      if (fields[i].type == TEMPO_VALUE_STRING) {
        fields[i].str = texts[i].data();
        fields[i].str_len = texts[i].size();
      }
    }
    tempo_record r{};
    r.struct_size = sizeof(tempo_record);
    r.op = TEMPO_OP_UPSERT;
    r.entity = entity.data();
    r.entity_len = entity.size();
    r.source_id = id.data();
    r.source_id_len = id.size();
    r.fields = fields.data();
    r.field_count = static_cast<uint32_t>(fields.size());
    std::string reject;
    REQUIRE(dest.Write(r, &reject).ok());
    return reject;
  }
};

std::shared_ptr<const config::FxRates> Rates() {
  auto rates = std::make_shared<config::FxRates>();
  std::vector<std::string> errors;
  REQUIRE(
      config::FxRates::Parse("date,currency,rate\n2024-01-01,EUR,1.1\n2024-03-01,EUR,1.2\n"
                             "2024-01-01,GBP,1.25\n",
                             "fx.csv", rates.get(), &errors));
  return rates;
}

TEST_CASE("fx conversion: USD at 1, other currencies at the rate of the deal's date") {
  Recording store;
  FxConvertingDestination dest(store, Rates(), "2024-07-01");
  REQUIRE(dest.Begin().ok());
  Deal()
      .Real("amount", 100)
      .Str("currency", "USD")
      .Str("closed_at", "2024-02-10")
      .WriteTo(dest, "usd");
  Deal()
      .Str("amount", "200")
      .Str("currency", "eur")
      .Str("closed_at", "2024-02-29T10:00:00Z")
      .WriteTo(dest, "eur-feb");
  Deal()
      .Real("amount", 200)
      .Str("currency", "EUR")
      .Str("closed_at", "2024-03-01")
      .WriteTo(dest, "eur-mar");
  // No close date: its creation; neither: today (the latest rate).
  Deal()
      .Real("amount", 10)
      .Str("currency", "GBP")
      .Null("closed_at")
      .Str("created_at", "2024-05-05T00:00:00Z")
      .WriteTo(dest, "gbp");
  Deal().Real("amount", 10).Str("currency", "EUR").WriteTo(dest, "eur-today");
  REQUIRE(dest.Commit("deals", "{}", std::nullopt).ok());

  CHECK(store.rows["usd"]["amount_usd"] == "100.000000");
  CHECK(store.rows["usd"]["fx_rate"] == "1.000000");
  CHECK(store.rows["usd"]["fx_date"] == "2024-02-10");
  CHECK(store.rows["eur-feb"]["amount_usd"] == "220.000000");
  CHECK(store.rows["eur-feb"]["fx_rate"] == "1.100000");
  CHECK(store.rows["eur-feb"]["fx_date"] == "2024-01-01");
  CHECK(store.rows["eur-feb"]["currency"] == "eur");  // stored as sent
  CHECK(store.rows["eur-mar"]["amount_usd"] == "240.000000");
  CHECK(store.rows["eur-mar"]["fx_date"] == "2024-03-01");
  CHECK(store.rows["gbp"]["amount_usd"] == "12.500000");
  CHECK(store.rows["eur-today"]["fx_date"] == "2024-03-01");
  CHECK(dest.TotalUnconverted().empty());
}

TEST_CASE("fx conversion: no rate or no currency leaves amount_usd NULL, counted per stream") {
  Recording store;
  FxConvertingDestination dest(store, Rates(), "2024-07-01");
  REQUIRE(dest.Begin().ok());
  Deal().Real("amount", 5).Str("currency", "CHF").Str("closed_at", "2024-02-01").WriteTo(dest, "a");
  Deal().Real("amount", 5).Str("currency", "EUR").Str("closed_at", "2023-12-31").WriteTo(dest, "b");
  Deal().Real("amount", 5).WriteTo(dest, "c");
  // A stale dollar value is cleared: the columns are always written with the amount.
  Deal()
      .Real("amount", 5)
      .Str("currency", "CHF")
      .Real("fx_rate", 3)
      .Str("fx_date", "2020-01-01")
      .WriteTo(dest, "d");
  REQUIRE(dest.Commit("deals", "{}", std::nullopt).ok());
  for (const char* id : {"a", "b", "c", "d"}) {
    INFO(id);
    CHECK(store.rows[id]["amount_usd"] == "null");
    CHECK(store.rows[id]["fx_rate"] == "null");
    CHECK(store.rows[id]["fx_date"] == "null");
  }
  CHECK(dest.TotalUnconverted() == UnconvertedCounts{{"", 1}, {"CHF", 2}, {"EUR", 1}});
  CHECK(DescribeUnconverted(dest.TotalUnconverted()) ==
        "4 amounts not converted to USD (no rate for CHF: 2, EUR: 1; no currency: 1)");
  CHECK(DescribeUnconverted({}).empty());

  // A rolled-back transaction counts nothing; a rejected record neither.
  REQUIRE(dest.Begin().ok());
  Deal().Real("amount", 5).Str("currency", "CHF").WriteTo(dest, "e");
  dest.Rollback();
  REQUIRE(dest.Begin().ok());
  CHECK(Deal().Real("amount", 5).Str("currency", "CHF").Str("stage", "bad").WriteTo(dest, "f") ==
        "stage not allowed");
  Deal().Real("amount", 7).Str("currency", "SEK").WriteTo(dest, "g");
  REQUIRE(dest.Commit("pipeline", "{}", std::nullopt).ok());
  CHECK(dest.unconverted().at("deals") == UnconvertedCounts{{"", 1}, {"CHF", 2}, {"EUR", 1}});
  CHECK(dest.unconverted().at("pipeline") == UnconvertedCounts{{"SEK", 1}});

  // The run record: each stream's entry gains its counts.
  RunSummary summary;
  summary.streams_json =
      R"({"deals":{"mode":"full_refresh","records":4},"pipeline":{"records":2},"other":{"records":1}})";
  REQUIRE(dest.FinishRun(1, summary).ok());
  CHECK(store.last_finish_streams ==
        R"({"deals":{"mode":"full_refresh","records":4,"unconverted_amounts":4,)"
        R"("unconverted_currencies":{"":1,"CHF":2,"EUR":1}},"pipeline":{"records":2,)"
        R"("unconverted_amounts":1,"unconverted_currencies":{"SEK":1}},"other":{"records":1}})");
}

TEST_CASE("fx conversion: the CRM's own conversion and other records pass as they are") {
  Recording store;
  FxConvertingDestination dest(store, nullptr, "2024-07-01");  // no table
  REQUIRE(dest.Begin().ok());
  Deal()
      .Real("amount", 90)
      .Str("currency", "EUR")
      .Real("amount_usd", 99)
      .Real("fx_rate", 1.1)
      .Str("fx_date", "2024-01-01")
      .WriteTo(dest, "crm");
  Deal().Str("name", "renamed").WriteTo(dest, "partial");  // no amount: untouched
  Deal().Null("amount").Str("currency", "EUR").WriteTo(dest, "null");
  Deal().Real("amount", 1).Str("currency", "EUR").WriteTo(dest, "lead", "lead");
  Deal().Real("amount", 3).Str("currency", "USD").WriteTo(dest, "usd");  // USD needs no table
  REQUIRE(dest.Commit("deals", "{}", std::nullopt).ok());
  CHECK(store.rows["crm"]["amount_usd"] == "99.000000");
  CHECK(store.rows["crm"]["fx_date"] == "2024-01-01");
  CHECK(store.rows["partial"].count("amount_usd") == 0);
  CHECK(store.rows["null"]["amount_usd"] == "null");
  CHECK(store.rows["lead"].count("amount_usd") == 0);
  CHECK(store.rows["usd"]["amount_usd"] == "3.000000");
  CHECK(store.rows["usd"]["fx_date"] == "2024-07-01");
  CHECK(dest.TotalUnconverted().empty());
  RunSummary summary;
  summary.streams_json = R"({"deals":{"records":5}})";
  REQUIRE(dest.FinishRun(1, summary).ok());
  CHECK(store.last_finish_streams == summary.streams_json);
}

}  // namespace
}  // namespace tempo::sync

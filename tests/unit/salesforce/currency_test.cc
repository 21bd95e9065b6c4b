// currency.h: a multi-currency org's rates (static and dated, per unit of the corporate
// currency) and a deal's USD value on its close date; relationship fields on a query page
// (page.h), which the partner mapping reads.
#include "currency.h"

#include <catch2/catch.hpp>

#include <string>

namespace tempo::salesforce {
namespace {

Page Parse(std::string_view body) {
  simdjson::ondemand::parser parser;
  Page page;
  sdk::Status s = ParsePage(parser, body, "Salesforce stream 'opportunity'", &page);
  INFO(s.message());
  REQUIRE(s.ok());
  return page;
}

CurrencyRates Rates(std::string_view types, std::string_view dated) {
  CurrencyRates rates;
  for (const Record& r : Parse(types).records) rates.AddCurrencyType(r);
  for (const Record& r : Parse(dated).records) rates.AddDatedRate(r);
  return rates;
}

constexpr const char* kTypes =
    R"({"totalSize":3,"done":true,"records":[)"
    R"({"attributes":{"type":"CurrencyType"},"IsoCode":"USD","ConversionRate":1.0,"IsCorporate":true,"LastModifiedDate":"2022-01-01T00:00:00.000+0000"},)"
    R"({"IsoCode":"EUR","ConversionRate":0.9,"IsCorporate":false,"LastModifiedDate":"2024-05-02T08:00:00.000+0000"},)"
    R"({"IsoCode":"GBP","ConversionRate":0.8,"IsCorporate":false,"LastModifiedDate":"2024-05-03T08:00:00.000+0000"}]})";

TEST_CASE("currency: the dated rate on the close date, else the static one, per USD") {
  // Dated rates for EUR only, out of order.
  const CurrencyRates rates =
      Rates(kTypes, R"({"totalSize":2,"done":true,"records":[)"
                    R"({"IsoCode":"EUR","ConversionRate":0.8,"StartDate":"2024-03-01"},)"
                    R"({"IsoCode":"EUR","ConversionRate":0.925,"StartDate":"2024-01-01"}]})");
  CHECK(rates.corporate() == "USD");
  // EUR on 2024-02-15: 0.925 EUR per USD, so 925 EUR = 1,000 USD.
  std::optional<UsdValue> feb = rates.ToUsd(925, "EUR", "2024-02-15");
  REQUIRE(feb);
  CHECK(feb->amount_usd == Approx(1000));
  CHECK(feb->fx_rate == Approx(1 / 0.925));
  CHECK(feb->fx_date == "2024-01-01");
  // From 2024-03-01 on (the date part of a date-time counts), the next rate.
  CHECK(rates.ToUsd(800, "eur", "2024-03-01T00:00:00Z")->amount_usd == Approx(1000));
  CHECK(rates.ToUsd(800, "EUR", "2024-03-01")->fx_date == "2024-03-01");
  // Before the first dated rate, and for a currency without dated rates: the static rate.
  CHECK(rates.ToUsd(900, "EUR", "2023-06-01")->amount_usd == Approx(1000));
  CHECK(rates.ToUsd(80, "GBP", "2024-06-01")->amount_usd == Approx(100));
  CHECK(rates.ToUsd(80, "GBP", "2024-06-01")->fx_date == "2024-05-03");
  // USD, the corporate currency: itself, dated by the deal.
  CHECK(rates.ToUsd(50, "USD", "2024-06-01")->fx_rate == 1);
  CHECK(rates.ToUsd(50, "USD", "2024-06-01")->fx_date == "2024-06-01");
  // A currency the org does not have.
  CHECK_FALSE(rates.ToUsd(50, "CHF", "2024-06-01"));
}

TEST_CASE("currency: a corporate currency other than USD converts through USD's rate") {
  const CurrencyRates rates = Rates(
      R"({"totalSize":2,"done":true,"records":[)"
      R"({"IsoCode":"EUR","ConversionRate":1.0,"IsCorporate":true,"LastModifiedDate":"2022-01-01T00:00:00.000+0000"},)"
      R"({"IsoCode":"USD","ConversionRate":1.1,"IsCorporate":false,"LastModifiedDate":"2024-05-02T08:00:00.000+0000"},)"
      R"({"IsoCode":"GBP","ConversionRate":0.85,"IsCorporate":false,"LastModifiedDate":"2024-05-03T08:00:00.000+0000"}]})",
      R"({"totalSize":0,"done":true,"records":[]})");
  CHECK(rates.ToUsd(100, "EUR", "2024-06-01")->amount_usd == Approx(110));
  CHECK(rates.ToUsd(100, "EUR", "2024-06-01")->fx_date == "2024-05-02");  // USD's rate
  CHECK(rates.ToUsd(85, "GBP", "2024-06-01")->amount_usd == Approx(110));
  // Without USD among the org's currencies there is no dollar value.
  const CurrencyRates no_usd = Rates(
      R"({"totalSize":1,"done":true,"records":[{"IsoCode":"EUR","ConversionRate":1.0,"IsCorporate":true}]})",
      R"({"totalSize":0,"done":true,"records":[]})");
  CHECK_FALSE(no_usd.ToUsd(100, "EUR", "2024-06-01"));
}

TEST_CASE("page: a relationship's fields are readable as Relationship.Field, raw JSON as sent") {
  Page page = Parse(
      R"({"totalSize":2,"done":true,"records":[)"
      R"({"attributes":{"type":"OpportunityPartner"},"Id":"00I1","IsPrimary":true,)"
      R"("Opportunity":{"attributes":{"type":"Opportunity","url":"/o"},"LeadSource":"Partner Referral","Amount":5.5},)"
      R"("AccountTo":{"attributes":{"type":"Account","url":"/a"},"Name":"Pioneer Current"}},)"
      R"({"Id":"00I2","Opportunity":null,"AccountTo":{"attributes":{"type":"Account"},"Name":null}}]})");
  const Record& a = page.records[0];
  CHECK(a.Text("Opportunity.LeadSource") == "Partner Referral");
  CHECK(a.Get("Opportunity.Amount")->num == 5.5);
  CHECK(a.Text("AccountTo.Name") == "Pioneer Current");
  // The relationship stays an object in the raw JSON, without Salesforce's attributes.
  CHECK(RawJson(a).find(R"("AccountTo":{"Name":"Pioneer Current"})") != std::string::npos);
  CHECK(RawJson(a).find("AccountTo.Name") == std::string::npos);
  const Record& b = page.records[1];
  CHECK(b.Get("Opportunity")->kind == Value::kNull);
  CHECK(b.Get("Opportunity.LeadSource") == nullptr);
  CHECK(b.Get("AccountTo.Name")->kind == Value::kNull);
}

}  // namespace
}  // namespace tempo::salesforce

// currency.h: the account's company currency and exchange rates as HubSpot's settings API
// sends them, and a deal's USD value: the rate in effect at the close date for a closed deal
// (the closest one before any), the current one for an open deal, through USD's own rate when
// the company currency is not USD.
#include "currency.h"

#include <catch2/catch.hpp>

#include <string>

namespace tempo::hubspot {
namespace {

constexpr int64_t kJan = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int64_t kMar = 1709251200000;  // 2024-03-01T00:00:00Z
constexpr int64_t kDay = 86'400'000;

std::string RatePage(const std::string& results, const std::string& after = "") {
  return R"({"results":[)" + results + "]" +
         (after.empty() ? "" : R"(,"paging":{"next":{"after":")" + after + R"("}})") + "}";
}

TEST_CASE("hubspot currency: closed deals at the close date's rate, open ones at today's") {
  AccountCurrencies c;
  REQUIRE(c.SetCompanyCurrency(R"({"createdAt":"2023-11-07T05:31:56Z","id":"USD"})").ok());
  CHECK(c.company() == "USD");
  std::string after;
  REQUIRE(
      c.AddExchangeRates(RatePage(R"({"id":"1","fromCurrencyCode":"EUR","toCurrencyCode":"USD",)"
                                  R"("conversionRate":1.2,"effectiveAt":"2024-03-01T00:00:00Z"},)"
                                  R"({"id":"2","fromCurrencyCode":"EUR","toCurrencyCode":"USD",)"
                                  R"("conversionRate":1.1,"effectiveAt":"2024-01-01T00:00:00Z"})",
                                  "2"),
                         &after)
          .ok());
  CHECK(after == "2");
  REQUIRE(c.AddExchangeRates(RatePage(R"({"id":"3","fromCurrencyCode":"GBP",)"
                                      R"("toCurrencyCode":"USD","conversionRate":1.25,)"
                                      R"("effectiveAt":"2024-01-01T00:00:00.000Z"})"),
                             &after)
              .ok());
  CHECK(after.empty());
  // Closed in February: January's rate; in March: March's.
  std::optional<UsdValue> feb = c.ToUsd(100, "EUR", true, kJan + 40 * kDay, kMar + 100 * kDay);
  REQUIRE(feb);
  CHECK(feb->amount_usd == Approx(110));
  CHECK(feb->fx_rate == Approx(1.1));
  CHECK(feb->fx_date == "2024-01-01");
  CHECK(c.ToUsd(100, "eur", true, kMar, kMar + kDay)->amount_usd == Approx(120));
  // Closed before any rate: the closest (the first).
  CHECK(c.ToUsd(100, "EUR", true, kJan - 30 * kDay, kMar)->amount_usd == Approx(110));
  // Open: today's rate, whatever its expected close date.
  CHECK(c.ToUsd(100, "EUR", false, kJan + kDay, kMar + kDay)->amount_usd == Approx(120));
  CHECK(c.ToUsd(10, "GBP", false, -1, kMar)->amount_usd == Approx(12.5));
  CHECK_FALSE(c.ToUsd(10, "CHF", true, kMar, kMar));
}

TEST_CASE("hubspot currency: another company currency goes through USD's rate") {
  AccountCurrencies c;
  c.SetCompanyCode("eur");
  std::string after;
  REQUIRE(
      c.AddExchangeRates(RatePage(R"({"fromCurrencyCode":"USD","toCurrencyCode":"EUR",)"
                                  R"("conversionRate":0.9,"effectiveAt":"2024-01-01T00:00:00Z"},)"
                                  R"({"fromCurrencyCode":"GBP","toCurrencyCode":"EUR",)"
                                  R"("conversionRate":1.17,"effectiveAt":"2024-01-01T00:00:00Z"},)"
                                  R"({"fromCurrencyCode":"GBP","toCurrencyCode":"CHF",)"
                                  R"("conversionRate":9,"effectiveAt":"2024-01-01T00:00:00Z"})"),
                         &after)
          .ok());
  // A deal in the company currency: through USD's rate (0.9 EUR per USD), dated by it.
  CHECK(c.ToUsd(90, "", true, kMar, kMar)->amount_usd == Approx(100));
  CHECK(c.ToUsd(90, "EUR", true, kMar, kMar)->fx_date == "2024-01-01");
  CHECK(c.ToUsd(90, "GBP", true, kMar, kMar)->amount_usd == Approx(117));
  // A rate to another currency than the company's is not one of the account's.
  AccountCurrencies no_usd;
  no_usd.SetCompanyCode("EUR");
  CHECK_FALSE(no_usd.ToUsd(90, "EUR", true, kMar, kMar));
}

TEST_CASE("hubspot currency: bodies that are not the settings API's are data errors") {
  AccountCurrencies c;
  CHECK_FALSE(c.SetCompanyCurrency("<html>").ok());
  CHECK_FALSE(c.SetCompanyCurrency(R"({"id":"dollars"})").ok());
  CHECK(c.SetCompanyCurrency(R"({"currencyCode":"GBP"})").ok());
  CHECK(c.company() == "GBP");
  std::string after;
  CHECK_FALSE(c.AddExchangeRates(R"({"data":[]})", &after).ok());
}

}  // namespace
}  // namespace tempo::hubspot

// The money side of the synthetic company: deals in their account's currency at the close
// date's rate, the monthly rates, and each deal in exactly one CRM when the CRMs are split.
#include <cmath>
#include <map>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "fakes/core/dataset.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kDayMs = 86'400'000;

TEST_CASE("without currencies every deal is USD and no rate exists") {
  DatasetOptions options;
  options.scale = 100;
  Dataset d(options);
  CHECK(d.FxRates().empty());
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) CHECK(d.Deal(row).currency == "USD");
  CHECK(d.UsdPerUnit("USD", 0) == 1);
  CHECK(d.UsdPerUnit("EUR", options.as_of_ms) == 0);
}

TEST_CASE("with currencies a deal is in its account's currency, worth the same in USD") {
  DatasetOptions plain;
  plain.scale = 300;
  DatasetOptions money = plain;
  money.currencies = true;
  const Dataset usd(plain), d(money);
  // Monthly rates per currency, from before the history to the month of as_of.
  std::map<std::string, int> months;
  for (const FxRate& r : d.FxRates()) {
    ++months[std::string(r.currency)];
    CHECK(r.usd_per_unit > 0);
    CHECK(std::round(r.usd_per_unit * 1e6) / 1e6 == r.usd_per_unit);  // 6 decimals
  }
  CHECK(months.size() == 7);
  for (const auto& [currency, n] : months) CHECK(n >= 25);  // 730 days of history
  CHECK(d.FxRates().back().from_ms <= money.as_of_ms);
  std::set<std::string> seen;
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const DealRecord a = usd.Deal(row), b = d.Deal(row);
    CHECK(b.currency == d.AccountCurrency(b.account_row));
    seen.insert(b.currency);
    const double rate = d.UsdPerUnit(b.currency, b.close_date_ms);
    // The same deal, its dollar value in the account's currency at the close date's rate
    // (rounded to 100 units).
    CHECK(std::fabs(b.amount * rate - a.amount) <= 50 * rate + 50);
    CHECK(b.is_won == a.is_won);
    CHECK(b.primary_partner == a.primary_partner);
  }
  CHECK(seen == std::set<std::string>{"USD", "EUR", "GBP", "CAD", "AUD", "JPY", "BRL", "INR"});
  // The latest rate on or before a time; the first one before the first.
  const FxRate& first = d.FxRates().front();
  CHECK(d.UsdPerUnit(first.currency, first.from_ms - kDayMs) == first.usd_per_unit);
  CHECK(d.UsdPerUnit(first.currency, first.from_ms + kDayMs) == first.usd_per_unit);
}

TEST_CASE("with split CRMs each deal and its attribution live in one CRM") {
  DatasetOptions options;
  options.scale = 300;
  options.currencies = true;
  options.split_crms = true;
  const Dataset d(options);
  int64_t hubspot = 0, salesforce = 0;
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const bool h = d.Serves(Crm::kHubSpot, Entity::kDeal, row);
    const bool s = d.Serves(Crm::kSalesforce, Entity::kDeal, row);
    CHECK(h != s);
    hubspot += h;
    salesforce += s;
    const DealRecord deal = d.Deal(row);
    // Europe sells through HubSpot, in euros and pounds.
    CHECK(h == (deal.currency == "EUR" || deal.currency == "GBP"));
  }
  CHECK(hubspot > 50);
  CHECK(salesforce > hubspot);  // four of the ten countries are European
  for (int64_t row = 0; row < d.Count(Entity::kDealPartner); ++row) {
    const int64_t deal = d.DealPartner(row).deal_row;
    CHECK(d.Serves(Crm::kHubSpot, Entity::kDealPartner, row) ==
          d.Serves(Crm::kHubSpot, Entity::kDeal, deal));
  }
  // Companies and contacts are in both.
  CHECK(d.Serves(Crm::kHubSpot, Entity::kAccount, 10));
  CHECK(d.Serves(Crm::kSalesforce, Entity::kAccount, 10));
}

}  // namespace
}  // namespace tempo::fakes

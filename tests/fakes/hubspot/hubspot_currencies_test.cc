// The fake HubSpot's currencies (the Settings API's company currency and exchange rates, each
// deal's deal_currency_code) and, with split CRMs, only the deals HubSpot is the record of.
#include <map>
#include <string>

#include "fakes/core/encoding.h"
#include "fakes/core/fakeapi_test_util.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::kPat;
using testing::StartServer;
using testing::Str;

FakeApiOptions World(bool currencies, bool split) {
  FakeApiOptions options;
  options.dataset.scale = 120;
  options.dataset.currencies = currencies;
  options.dataset.split_crms = split;
  return options;
}

TEST_CASE("HubSpot currencies: the company currency, and every monthly rate paged by after") {
  auto server = StartServer(World(true, false));
  auto client = ClientFor(*server);
  CHECK(client->Get("/hubspot/settings/v3/currencies/company-currency")->status == 401);
  auto company = client->Get("/hubspot/settings/v3/currencies/company-currency", Bearer(kPat));
  REQUIRE(company);
  REQUIRE(company->status == 200);
  CHECK(Str(Json(company->body).root["id"]) == "USD");

  std::map<std::string, int> per_currency;
  std::string after;
  int pages = 0;
  size_t rates = 0;
  for (;;) {
    auto res = client->Get("/hubspot/settings/v3/currencies/exchange-rates?limit=50" +
                               (after.empty() ? "" : "&after=" + after),
                           Bearer(kPat));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json doc(res->body);
    REQUIRE(doc.ok);
    ++pages;
    for (auto r : doc.root["results"].get_array()) {
      ++rates;
      ++per_currency[Str(r["fromCurrencyCode"])];
      CHECK(Str(r["toCurrencyCode"]) == "USD");
      server->WithDataset([&](const Dataset& d) {
        const int64_t at = *ParseIsoDateTime(Str(r["effectiveAt"]));
        CHECK(r["conversionRate"].get_double().value() ==
              d.UsdPerUnit(Str(r["fromCurrencyCode"]), at));
        return 0;
      });
    }
    simdjson::dom::element next;
    if (doc.root["paging"]["next"]["after"].get(next) != simdjson::SUCCESS) break;
    after = Str(next);
  }
  server->WithDataset([&](const Dataset& d) {
    CHECK(rates == d.FxRates().size());
    return 0;
  });
  CHECK(pages > 2);
  CHECK(per_currency.size() == 7);
  CHECK(client->Get("/hubspot/settings/v3/currencies/exchange-rates?limit=101", Bearer(kPat))
            ->status == 400);

  // Deals name their currency.
  auto deals = client->Get("/hubspot/crm/v3/objects/deals?limit=100&properties=deal_currency_code",
                           Bearer(kPat));
  REQUIRE(deals);
  Json json(deals->body);
  server->WithDataset([&](const Dataset& d) {
    for (auto deal : json.root["results"].get_array()) {
      const int64_t row = std::stoll(Str(deal["id"])) - 8'913'000'001;
      CHECK(Str(deal["properties"]["deal_currency_code"]) == d.Deal(row).currency);
    }
    return 0;
  });
}

TEST_CASE("HubSpot currencies: a single-currency account has no rates and no deal currency") {
  auto server = StartServer(World(false, false));
  auto client = ClientFor(*server);
  auto rates = client->Get("/hubspot/settings/v3/currencies/exchange-rates", Bearer(kPat));
  REQUIRE(rates);
  CHECK(rates->body == R"({"results":[]})");
  auto deal = client->Get("/hubspot/crm/v3/objects/deals/8913000001?properties=deal_currency_code",
                          Bearer(kPat));
  REQUIRE(deal);
  CHECK(Json(deal->body).root["properties"]["deal_currency_code"].is_null());
}

TEST_CASE("HubSpot with split CRMs serves only its own deals, in lists, search and reads") {
  auto server = StartServer(World(true, true));
  auto client = ClientFor(*server);
  int64_t expected = 0;
  int64_t other = -1;
  server->WithDataset([&](const Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      if (d.Serves(Crm::kHubSpot, Entity::kDeal, row)) {
        ++expected;
      } else if (other < 0) {
        other = row;
      }
    }
    return 0;
  });
  int64_t listed = 0;
  std::string after;
  for (;;) {
    auto res = client->Get("/hubspot/crm/v3/objects/deals?limit=100&properties=deal_currency_code" +
                               (after.empty() ? "" : "&after=" + after),
                           Bearer(kPat));
    REQUIRE(res);
    Json doc(res->body);
    for (auto deal : doc.root["results"].get_array()) {
      ++listed;
      const std::string currency = Str(deal["properties"]["deal_currency_code"]);
      CHECK((currency == "EUR" || currency == "GBP"));
    }
    simdjson::dom::element next;
    if (doc.root["paging"]["next"]["after"].get(next) != simdjson::SUCCESS) break;
    after = Str(next);
  }
  CHECK(listed == expected);
  auto searched = client->Post("/hubspot/crm/v3/objects/deals/search",
                               httplib::Headers{{"Authorization", std::string("Bearer ") + kPat}},
                               R"({"limit":1})", "application/json");
  REQUIRE(searched);
  CHECK(Json(searched->body).root["total"].get_int64().value() == expected);
  REQUIRE(other >= 0);
  CHECK(client
            ->Get("/hubspot/crm/v3/objects/deals/" + std::to_string(8'913'000'001 + other),
                  Bearer(kPat))
            ->status == 404);
}

}  // namespace
}  // namespace tempo::fakes

// The fake Salesforce as a single-currency and as a multi-currency org (CurrencyIsoCode, the
// static rates of CurrencyType, the dated ones of DatedConversionRate), relationship fields in
// SELECT (AccountTo.Name, Opportunity.LeadSource), and the deals of the other CRM left out when
// the CRMs are split.
#include <cmath>
#include <map>
#include <string>

#include "fakes/core/encoding.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "fakes/salesforce/salesforce_test_util.h"

namespace tempo::fakes {
namespace {

using testing::Bearer;
using testing::ClientFor;
using testing::Json;
using testing::Login;
using testing::QueryPath;
using testing::StartServer;
using testing::Str;

// One query page (the test's queries fit one); fails unless 200.
Json Query(httplib::Client& client, const std::string& token, const std::string& soql) {
  auto res = client.Get(QueryPath(soql).c_str(), Bearer(token));
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  return json;
}

std::string ErrorCode(httplib::Client& client, const std::string& token, const std::string& soql) {
  auto res = client.Get(QueryPath(soql).c_str(), Bearer(token));
  REQUIRE(res);
  CHECK(res->status == 400);
  Json json(res->body);
  REQUIRE(json.ok);
  return Str(json.root.at(0)["errorCode"]);
}

TEST_CASE("a single-currency org has no CurrencyIsoCode and no rate objects") {
  FakeApiOptions options;
  options.dataset.scale = 30;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  CHECK(ErrorCode(*client, token, "SELECT Id, CurrencyIsoCode FROM Opportunity") ==
        "INVALID_FIELD");
  CHECK(ErrorCode(*client, token, "SELECT IsoCode FROM CurrencyType") == "INVALID_TYPE");
  CHECK(ErrorCode(*client, token, "SELECT IsoCode FROM DatedConversionRate") == "INVALID_TYPE");
  auto describe = client->Get(testing::DescribePath("CurrencyType").c_str(), Bearer(token));
  REQUIRE(describe);
  CHECK(describe->status == 404);
  auto global = client->Get("/salesforce/services/data/v62.0/sobjects", Bearer(token));
  REQUIRE(global);
  CHECK(global->body.find("CurrencyType") == std::string::npos);
  CHECK(global->body.find("DatedConversionRate") == std::string::npos);
  auto opportunity = client->Get(testing::DescribePath("Opportunity").c_str(), Bearer(token));
  REQUIRE(opportunity);
  CHECK(opportunity->body.find("CurrencyIsoCode") == std::string::npos);
}

TEST_CASE("a multi-currency org: each deal's currency, static and dated rates per USD") {
  FakeApiOptions options;
  options.dataset.scale = 60;
  options.dataset.currencies = true;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);

  Json deals = Query(*client, token, "SELECT Id, Amount, CurrencyIsoCode FROM Opportunity");
  std::map<std::string, std::string> currency_of;
  server->WithDataset([&](const Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      currency_of[SfId(*FindSfObject("Opportunity"), row)] = d.Deal(row).currency;
    }
    return 0;
  });
  for (auto record : deals.root["records"].get_array()) {
    CHECK(Str(record["CurrencyIsoCode"]) == currency_of[Str(record["Id"])]);
  }

  // CurrencyType: USD the corporate currency at 1, every other at its latest rate, per USD.
  Json types = Query(*client, token,
                     "SELECT IsoCode, ConversionRate, IsCorporate, IsActive, DecimalPlaces FROM "
                     "CurrencyType WHERE IsActive = true");
  std::map<std::string, double> static_rate;
  for (auto record : types.root["records"].get_array()) {
    static_rate[Str(record["IsoCode"])] = record["ConversionRate"].get_double().value();
    CHECK(record["IsCorporate"].get_bool().value() == (Str(record["IsoCode"]) == "USD"));
  }
  CHECK(static_rate.size() == 8);
  CHECK(static_rate["USD"] == 1);
  server->WithDataset([&](const Dataset& d) {
    const double eur = d.UsdPerUnit("EUR", options.dataset.as_of_ms);
    CHECK(static_rate["EUR"] == std::round(1e6 / eur) / 1e6);
    return 0;
  });

  // DatedConversionRate: one per month and currency, each until the next one's start.
  Json dated = Query(*client, token,
                     "SELECT IsoCode, ConversionRate, StartDate, NextStartDate FROM "
                     "DatedConversionRate WHERE IsoCode = 'GBP' ORDER BY StartDate");
  int64_t n = 0;
  std::string previous_next;
  server->WithDataset([&](const Dataset& d) {
    for (auto record : dated.root["records"].get_array()) {
      const std::string start = Str(record["StartDate"]);
      if (n > 0) CHECK(start == previous_next);
      const double usd = d.UsdPerUnit("GBP", *ParseIsoDateTime(start + "T00:00:00Z"));
      CHECK(record["ConversionRate"].get_double().value() == std::round(1e6 / usd) / 1e6);
      previous_next = record["NextStartDate"].is_null() ? "" : Str(record["NextStartDate"]);
      ++n;
    }
    return 0;
  });
  CHECK(n >= 25);
  CHECK(previous_next.empty());  // the last rate holds on
}

TEST_CASE("relationship fields in SELECT: the parent's fields in one object, null without one") {
  FakeApiOptions options;
  options.dataset.scale = 60;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  auto res =
      client->Get(QueryPath("SELECT Id, AccountToId, Opportunity.LeadSource, AccountTo.Name, "
                            "Opportunity.Name, Role FROM OpportunityPartner LIMIT 5")
                      .c_str(),
                  Bearer(token));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  Json json(res->body);
  REQUIRE(json.ok);
  int records = 0;
  server->WithDataset([&](const Dataset& d) {
    for (auto record : json.root["records"].get_array()) {
      ++records;
      std::vector<std::string> keys;
      for (auto [key, value] : record.get_object()) keys.emplace_back(key);
      // The relationship sits where its first field was asked for.
      CHECK(keys == std::vector<std::string>{"attributes", "Id", "AccountToId", "Opportunity",
                                             "AccountTo", "Role"});
      const int64_t row = *SfRow(*FindSfObject("OpportunityPartner"), Str(record["Id"]));
      const DealPartnerRecord p = d.DealPartner(row);
      const DealRecord deal = d.Deal(p.deal_row);
      CHECK(Str(record["Opportunity"]["attributes"]["type"]) == "Opportunity");
      CHECK(Str(record["Opportunity"]["LeadSource"]) == deal.lead_source);
      CHECK(Str(record["Opportunity"]["Name"]) == deal.name);
      CHECK(Str(record["AccountTo"]["Name"]) == d.Account(d.Partner(p.partner).account_row).name);
    }
    return 0;
  });
  CHECK(records == 5);
  // A null reference is a null relationship.
  Json leads =
      Query(*client, token, "SELECT Id, Referring_Partner__c, Referring_Partner__r.Name FROM Lead");
  int nulls = 0;
  for (auto record : leads.root["records"].get_array()) {
    if (record["Referring_Partner__c"].is_null()) {
      CHECK(record["Referring_Partner__r"].is_null());
      ++nulls;
    }
  }
  CHECK(nulls > 0);
  CHECK(ErrorCode(*client, token, "SELECT Id, Nope.Name FROM OpportunityPartner") ==
        "INVALID_FIELD");
  CHECK(ErrorCode(*client, token, "SELECT Id, AccountTo.Nope FROM OpportunityPartner") ==
        "INVALID_FIELD");
  CHECK(ErrorCode(*client, token,
                  "SELECT Id FROM OpportunityPartner WHERE Opportunity.LeadSource = 'Web'") ==
        "INVALID_FIELD");
}

TEST_CASE("split CRMs: Salesforce serves only the deals and partner rows it is the record of") {
  FakeApiOptions options;
  options.dataset.scale = 120;
  options.dataset.split_crms = true;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::string token = Login(*client, *server);
  int64_t deals = 0, partners = 0, expected_deals = 0, expected_partners = 0;
  server->WithDataset([&](const Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      expected_deals += d.Serves(Crm::kSalesforce, Entity::kDeal, row);
    }
    for (int64_t row = 0; row < d.Count(Entity::kDealPartner); ++row) {
      expected_partners += d.Serves(Crm::kSalesforce, Entity::kDealPartner, row);
    }
    return 0;
  });
  Json count = Query(*client, token, "SELECT COUNT() FROM Opportunity");
  deals = count.root["totalSize"].get_int64().value();
  Json partner_rows = Query(*client, token, "SELECT COUNT() FROM OpportunityPartner");
  partners = partner_rows.root["totalSize"].get_int64().value();
  CHECK(deals == expected_deals);
  CHECK(deals < 240);
  CHECK(partners == expected_partners);
  Json accounts = Query(*client, token, "SELECT COUNT() FROM Account");
  CHECK(accounts.root["totalSize"].get_int64().value() == 120);  // every company
}

}  // namespace
}  // namespace tempo::fakes

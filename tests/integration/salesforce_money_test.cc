// The numbers an analyst reads from Salesforce, through the real `tempo sync` against the fake
// org (tests/fakes, loopback HTTP), row by row against the dataset: a multi-currency org's deals
// with their currency and Salesforce's own USD value (dated rates on the close date); a
// single-currency org's deals in org_currency (USD converted at 1, another currency left
// without a dollar value and counted); every deal partner named by its Account, with its role
// (sourced for the primary partner of a partner-referred deal, else the Partner Role mapped).
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Dataset;
using tempo::fakes::Entity;
using tempo::fakes::FakeApiServer;
using tempo::testing::ProcessResult;
using tempo::testing::StoreRows;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

std::unique_ptr<FakeApiServer> StartFake(bool currencies) {
  tempo::fakes::FakeApiOptions options;
  options.dataset.scale = 150;
  options.dataset.currencies = currencies;
  auto server = FakeApiServer::Start(options);
  REQUIRE(server.ok());
  return std::move(*server);
}

std::string Config(const TempDir& dir, FakeApiServer& server, const std::string& extra = "") {
  return dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                                 "]\nconnections:\n  - name: sf\n    plugin: salesforce\n"
                                 "    streams: [opportunity, opportunity_partner, partner]\n"
                                 "    config:\n      login_url: " +
                                     server.url("/salesforce") +
                                     "\n      client_id: fake-salesforce-client-id\n"
                                     "      client_secret: fake-salesforce-client-secret\n"
                                     "      refresh_token: fake-salesforce-refresh-token\n"
                                     "      requests_per_second: 0\n" +
                                     extra);
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg) {
  return tempo::testing::RunProcess({tempo::testing::TempoBinary(), "-c", cfg, "sync", "sf"},
                                    dir.path());
}

const tempo::fakes::SfObjectDef& Object(const char* name) {
  return *tempo::fakes::FindSfObject(name);
}

// The store's opportunity rows by source id: currency, amount, amount_usd, fx_rate, fx_date.
std::map<std::string, std::vector<std::string>> Deals(const std::string& db) {
  std::map<std::string, std::vector<std::string>> out;
  for (auto& row : StoreRows(db,
                             "SELECT source_id, currency, amount, amount_usd, fx_rate, "
                             "fx_date FROM opportunity")) {
    out[row[0]] = {row.begin() + 1, row.end()};
  }
  return out;
}

// The canonical role of the fake's Partner Role for a partner type (the default role map).
std::string RoleOfType(const std::string& type) {
  if (type == "reseller") return "resell";
  if (type == "si" || type == "referral") return "implementation";  // System Integrator, Consultant
  return "co_sell";                                                 // Developer, Agency
}

TEST_CASE("salesforce: a multi-currency org's deals land with Salesforce's own USD value") {
  auto server = StartFake(true);
  TempDir dir;
  ProcessResult sync = Sync(dir, Config(dir, *server));
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  CHECK(sync.out.find("not converted") == std::string::npos);
  const auto deals = Deals(dir.File("tempo.db"));
  std::map<std::string, int> currencies;
  server->WithDataset([&](const Dataset& d) {
    REQUIRE(static_cast<int64_t>(deals.size()) == d.Count(Entity::kDeal));
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      const tempo::fakes::DealRecord deal = d.Deal(row);
      const std::string id = tempo::fakes::SfId(Object("Opportunity"), row);
      INFO(id << " " << deal.currency);
      const std::vector<std::string>& got = deals.at(id);
      ++currencies[deal.currency];
      CHECK(got[0] == deal.currency);
      CHECK(std::stod(got[1]) == deal.amount);
      // Salesforce's rate: units per USD (the corporate currency), 6 decimals, of the month of
      // the close date (the dated rate in effect on CloseDate).
      const double usd_per_unit = d.UsdPerUnit(deal.currency, deal.close_date_ms);
      const double per_usd = deal.currency == "USD" ? 1 : std::round(1e6 / usd_per_unit) / 1e6;
      CHECK(std::stod(got[2]) == Approx(deal.amount / per_usd).epsilon(1e-12));
      CHECK(std::stod(got[3]) == Approx(1 / per_usd).epsilon(1e-12));
      std::string fx_date = tempo::fakes::FormatDate(deal.close_date_ms);
      for (const tempo::fakes::FxRate& r : d.FxRates()) {
        if (r.currency == deal.currency && r.from_ms <= deal.close_date_ms) {
          fx_date = tempo::fakes::FormatDate(r.from_ms);
        }
      }
      CHECK(got[4] == fx_date);
    }
    return 0;
  });
  CHECK(currencies.size() == 8);  // USD and the seven others, all converted
}

TEST_CASE("salesforce: deal partners are named, and sourced where the deal's LeadSource says") {
  auto server = StartFake(false);
  TempDir dir;
  ProcessResult sync = Sync(dir, Config(dir, *server));
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  std::map<std::string, std::vector<std::string>> rows;
  for (auto& row : StoreRows(dir.File("tempo.db"),
                             "SELECT source_id, opportunity_source_id, partner_source_id, "
                             "partner_name, role, is_primary FROM opportunity_partner")) {
    rows[row[0]] = {row.begin() + 1, row.end()};
  }
  int sourced = 0;
  server->WithDataset([&](const Dataset& d) {
    REQUIRE(static_cast<int64_t>(rows.size()) == d.Count(Entity::kDealPartner));
    for (int64_t row = 0; row < d.Count(Entity::kDealPartner); ++row) {
      const tempo::fakes::DealPartnerRecord p = d.DealPartner(row);
      const tempo::fakes::PartnerInfo& partner = d.Partner(p.partner);
      const std::vector<std::string>& got =
          rows.at(tempo::fakes::SfId(Object("OpportunityPartner"), row));
      INFO(row);
      CHECK(got[0] == tempo::fakes::SfId(Object("Opportunity"), p.deal_row));
      CHECK(got[1] == tempo::fakes::SfId(Object("Account"), partner.account_row));
      CHECK(got[2] == d.Account(partner.account_row).name);
      // LeadSource "Partner Referral" marks the deals the primary partner sourced.
      const bool is_sourced = p.is_primary && d.Deal(p.deal_row).partner_sourced;
      CHECK(got[3] == (is_sourced ? "sourced" : RoleOfType(partner.partner_type)));
      CHECK(got[4] == (p.is_primary ? "1" : "0"));
      sourced += is_sourced;
    }
    return 0;
  });
  CHECK(sourced > 10);
  // The partner rows carry their Account's name and domain.
  CHECK(tempo::testing::StoreScalar(
            dir.File("tempo.db"),
            "SELECT count(*) FROM partner WHERE name IS NULL OR domain IS NULL") == 0);
  server->WithDataset([&](const Dataset& d) {
    for (int p = 0; p < d.PartnerCount(); ++p) {
      const std::string id = tempo::fakes::SfId(Object("Account"), d.Partner(p).account_row);
      auto found = StoreRows(dir.File("tempo.db"),
                             "SELECT name, domain FROM partner WHERE source_id = '" + id + "'");
      if (found.empty()) continue;  // no deal names it
      CHECK(found[0][0] == d.Account(d.Partner(p).account_row).name);
      CHECK(found[0][1] == d.Partner(p).domain);
    }
    return 0;
  });
}

TEST_CASE("salesforce: a single-currency org's amounts are in org_currency, never guessed as USD") {
  auto server = StartFake(false);
  TempDir dir;
  ProcessResult usd = Sync(dir, Config(dir, *server));
  REQUIRE(usd.exit_code == 0);
  CHECK(usd.out.find("not converted") == std::string::npos);
  CHECK(StoreRows(dir.File("tempo.db"),
                  "SELECT count(*), sum(currency = 'USD'), sum(amount_usd = amount), "
                  "sum(fx_rate = 1), sum(fx_date = closed_at) FROM opportunity") ==
        std::vector<std::vector<std::string>>{{"300", "300", "300", "300", "300"}});

  TempDir eur_dir;
  ProcessResult eur = Sync(eur_dir, Config(eur_dir, *server, "      org_currency: EUR\n"));
  REQUIRE(eur.exit_code == 0);
  CHECK_THAT(eur.out, Catch::Contains("sync sf: 300 amounts not converted to USD (no rate for "
                                      "EUR: 300)"));
  CHECK(StoreRows(eur_dir.File("tempo.db"),
                  "SELECT count(*), sum(currency = 'EUR'), count(amount_usd) FROM opportunity") ==
        std::vector<std::vector<std::string>>{{"300", "300", "0"}});
}

}  // namespace

// The numbers an analyst reads from HubSpot, through the real `tempo sync` against the fake
// account (tests/fakes, loopback HTTP), row by row against the dataset: deals in several
// currencies with HubSpot's own USD value (the account's exchange rate at the close date of a
// closed deal, the current one for an open deal), a single-currency account's deals in its
// company currency, and the partner attribution contract (partner_source_id, partner_name,
// role) with the partner companies as partner rows.
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
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
constexpr int64_t kCompanyBase = 5790000001;
constexpr int64_t kDealBase = 8913000001;

std::unique_ptr<FakeApiServer> StartFake(bool currencies) {
  tempo::fakes::FakeApiOptions options;
  options.dataset.scale = 150;
  options.dataset.currencies = currencies;
  auto server = FakeApiServer::Start(options);
  REQUIRE(server.ok());
  return std::move(*server);
}

std::string Config(const TempDir& dir, const FakeApiServer& server) {
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n  - name: hs\n    plugin: hubspot\n"
                   "    streams: [companies, deals]\n    config:\n      base_url: " +
                       server.url("/hubspot") +
                       "\n      access_token: pat-na1-7e3c2a90-0000-4000-8000-000000000042\n"
                       "      requests_per_10s: 0\n      search_requests_per_second: 200\n");
}

ProcessResult Sync(const TempDir& dir, const std::string& cfg) {
  return tempo::testing::RunTempoSync(dir.path(), cfg, "hs", {});
}

TEST_CASE("hubspot: deals in several currencies land with HubSpot's own USD value") {
  auto server = StartFake(true);
  TempDir dir;
  ProcessResult sync = Sync(dir, Config(dir, *server));
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  CHECK(sync.out.find("not converted") == std::string::npos);
  std::map<std::string, std::vector<std::string>> deals;
  for (auto& row : StoreRows(dir.File("tempo.db"),
                             "SELECT source_id, currency, amount, amount_usd, fx_rate, fx_date "
                             "FROM opportunity")) {
    deals[row[0]] = {row.begin() + 1, row.end()};
  }
  std::map<std::string, int> currencies;
  server->WithDataset([&](const Dataset& d) {
    REQUIRE(static_cast<int64_t>(deals.size()) == d.Count(Entity::kDeal));
    const int64_t latest = d.FxRates().back().from_ms;  // every currency's last month
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      const tempo::fakes::DealRecord deal = d.Deal(row);
      INFO(row << " " << deal.currency);
      const std::vector<std::string>& got = deals.at(std::to_string(kDealBase + row));
      ++currencies[deal.currency];
      CHECK(got[0] == deal.currency);
      // Closed: the rate at the close date; open: the current (latest) rate.
      const int64_t at = deal.is_closed ? deal.close_date_ms : latest;
      const double rate = d.UsdPerUnit(deal.currency, at);
      CHECK(std::stod(got[2]) == Approx(deal.amount * rate).epsilon(1e-12));
      CHECK(std::stod(got[3]) == Approx(rate).epsilon(1e-12));
      if (deal.currency == "USD") {
        CHECK(got[4] == tempo::fakes::FormatDate(deal.close_date_ms));  // converted by the host
        continue;
      }
      std::string fx_date;
      for (const tempo::fakes::FxRate& r : d.FxRates()) {
        if (r.currency == deal.currency && r.from_ms <= at)
          fx_date = tempo::fakes::FormatDate(r.from_ms);
      }
      CHECK(got[4] == fx_date);
    }
    return 0;
  });
  CHECK(currencies.size() == 8);
}

TEST_CASE("hubspot: deal partners by id, name and role, and partner companies as partner rows") {
  auto server = StartFake(false);
  TempDir dir;
  ProcessResult sync = Sync(dir, Config(dir, *server));
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  const std::string db = dir.File("tempo.db");
  // A single-currency account: every deal in its company currency, USD.
  CHECK(StoreRows(db,
                  "SELECT count(*) = sum(currency = 'USD' AND amount_usd = amount) FROM "
                  "opportunity") == std::vector<std::vector<std::string>>{{"1"}});
  std::map<std::string, std::vector<std::string>> rows;
  for (auto& row : StoreRows(db,
                             "SELECT opportunity_source_id, partner_source_id, partner_name, "
                             "role, is_primary FROM opportunity_partner")) {
    rows[row[0]] = {row.begin() + 1, row.end()};
  }
  int attributed = 0;
  server->WithDataset([&](const Dataset& d) {
    for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
      const tempo::fakes::DealRecord deal = d.Deal(row);
      auto it = rows.find(std::to_string(kDealBase + row));
      if (deal.primary_partner < 0) {
        CHECK(it == rows.end());
        continue;
      }
      ++attributed;
      REQUIRE(it != rows.end());
      const tempo::fakes::PartnerInfo& p = d.Partner(deal.primary_partner);
      CHECK(it->second ==
            std::vector<std::string>{std::to_string(kCompanyBase + p.account_row), p.name,
                                     deal.partner_sourced ? "sourced" : "influenced", "1"});
    }
    return 0;
  });
  CHECK(static_cast<int64_t>(rows.size()) == attributed);
  // Every attribution's partner_source_id is a partner row of the connection, named, with its
  // domain.
  CHECK(tempo::testing::StoreScalar(db,
                                    "SELECT count(*) FROM opportunity_partner op LEFT JOIN partner "
                                    "p ON p.connection = op.connection AND p.source_id = "
                                    "op.partner_source_id WHERE p.domain IS NULL") == 0);
  server->WithDataset([&](const Dataset& d) {
    CHECK(tempo::testing::StoreScalar(db, "SELECT count(*) FROM partner") == d.PartnerCount());
    return 0;
  });
}

}  // namespace

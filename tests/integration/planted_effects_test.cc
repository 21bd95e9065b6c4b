// The demo's world, end to end, and the numbers an analyst reads from it: the demo's world
// (config/demo/world.scenario) served in-process by the fake APIs with its history ending
// today, the partner team's files of that world written beside the store, and the real
// `tempo demo` on the demo's tempo.yaml (config/demo.yaml and config/demo/apis.yaml.in, the
// same text `make demo` uses): every connection synced, what landed printed, the partners
// scored. Once per process, for three checks on the same store:
//
//  - the TEMPO scorer recovers the five planted partners (docs/fake-api.md, "Planted
//    partners"), names every partner once whichever source names it, and backs every score
//    with evidence that resolves to a row of the store;
//  - the headline numbers `tempo demo` prints (won revenue per partner in USD, the win rates)
//    are the synthetic company's own, computed here from the generator: each deal once, in the
//    CRM that holds it, converted by that CRM's rates;
//  - every question of docs/store-schema.md ("Questions and their SQL"), its SQL read from the
//    page itself, answers the demo store as the generator says.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
#include "fakes/core/scenario.h"
#include "fakes/crossbeam/provider_crossbeam.h"
#include "fakes/files/partner_files.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Dataset;
using tempo::fakes::Entity;
using tempo::fakes::FakeApiOptions;
using tempo::fakes::FakeApiServer;
using tempo::fakes::PartnerRole;
using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);
constexpr int64_t kDayMs = 86'400'000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

// The demo's world as scripts/demo.sh serves it: the scenario, its history ending today.
FakeApiOptions DemoWorld() {
  auto scenario = tempo::fakes::ParseScenario(
      ReadFile(std::string(TEMPO_SOURCE_DIR) + "/config/demo/world.scenario"));
  REQUIRE(scenario.ok());
  FakeApiOptions options;
  REQUIRE(tempo::fakes::ApplySettings(scenario->settings, options).ok());
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  options.dataset.as_of_ms = now - now % kDayMs;
  return options;
}

// The demo's tempo.yaml, as scripts/demo.sh writes it.
std::string WriteDemoConfig(const TempDir& dir, const FakeApiServer& server,
                            const tempo::fakes::DatasetOptions& world) {
  std::string yaml = ReadFile(std::string(TEMPO_SOURCE_DIR) + "/config/demo.yaml");
  ReplaceAll(yaml, "path: demo/data/", "path: " + dir.File("files") + "/");
  ReplaceAll(yaml, "path: demo.db", "path: " + dir.File("tempo.db"));
  std::string apis = ReadFile(std::string(TEMPO_SOURCE_DIR) + "/config/demo/apis.yaml.in");
  ReplaceAll(apis, "@API@", server.url(""));
  ReplaceAll(apis, "@MARKETO_START@",
             tempo::fakes::FormatDate(world.as_of_ms - world.history_days * kDayMs) + "T00:00:00Z");
  return dir.Write("tempo.yaml", yaml + apis + "plugins:\n  path: [" TEMPO_PLUGIN_DIR "]\n");
}

using Rows = std::vector<std::vector<std::string>>;

std::optional<double> Number(const std::string& text) {
  if (text == "<null>") return std::nullopt;
  return std::stod(text);
}

// The demo's world, synced and scored once per process by the real `tempo demo` (every section
// below reads the same store): the fake APIs in-process, the partner files beside the store,
// the demo's tempo.yaml.
struct DemoRun {
  FakeApiOptions options;
  std::unique_ptr<FakeApiServer> server;
  TempDir dir;
  std::map<PartnerRole, std::string> key;  // the planted partners' cross-source keys
  std::vector<std::string> all_keys;
  std::string config, db;
  ProcessResult demo;
  int64_t started_ms = 0, finished_ms = 0;
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const DemoRun& Demo() {
  static DemoRun* run = [] {
    auto* r = new DemoRun;
    r->options = DemoWorld();
    auto started = FakeApiServer::Start(r->options);
    REQUIRE(started.ok());
    r->server = std::move(*started);
    REQUIRE(r->server
                ->WithDataset([&](const Dataset& d) {
                  for (int p = 0; p < d.PartnerCount(); ++p) {
                    r->all_keys.push_back("domain:" + d.Partner(p).domain);
                    r->key[d.Partner(p).role] = r->all_keys.back();
                  }
                  return tempo::fakes::WritePartnerFiles(d, r->dir.File("files"));
                })
                .ok());
    r->config = WriteDemoConfig(r->dir, *r->server, r->options.dataset);
    r->db = r->dir.File("tempo.db");
    r->started_ms = NowMs();
    // What `make demo` runs: every connection synced into a fresh store, what landed printed,
    // the partners scored.
    r->demo = tempo::testing::RunProcess(
        {tempo::testing::TempoBinary(), "-c", r->config, "demo", "--store", r->db}, r->dir.path());
    r->finished_ms = NowMs();
    return r;
  }();
  return *run;
}

void CheckPlantedPartners(const DemoRun& run) {
  const std::string& db = run.db;
  std::map<PartnerRole, std::string> key = run.key;
  std::vector<std::string> all_keys = run.all_keys;
  const FakeApiOptions& options = run.options;
  // One partner per company, whichever source names it: no partner:<connection>:<id> keys.
  Rows keys = tempo::testing::StoreRows(
      db, "SELECT partner_key FROM score_total WHERE scope = 'partner' ORDER BY partner_key");
  std::vector<std::string> scored;
  for (const auto& row : keys) scored.push_back(row[0]);
  std::sort(all_keys.begin(), all_keys.end());
  CHECK(scored == all_keys);

  // Dimension values per partner key.
  std::map<std::string, std::map<std::string, std::optional<double>>> dim;
  for (const auto& row :
       tempo::testing::StoreRows(db,
                                 "SELECT partner_key, dimension, value FROM score_dimension "
                                 "WHERE scope = 'partner'")) {
    dim[row[0]][row[1]] = Number(row[2]);
  }
  // The partners with a value on dimension `d`, best first.
  const auto ranking = [&](const std::string& d) {
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [k, values] : dim) {
      if (values.at(d)) ranked.emplace_back(*values.at(d), k);
    }
    std::sort(ranked.rbegin(), ranked.rend());
    std::vector<std::string> order;
    for (const auto& [v, k] : ranked) order.push_back(k + " " + std::to_string(v));
    return order;
  };
  const auto first = [&](const std::string& d) { return ranking(d).front(); };
  const auto last = [&](const std::string& d) { return ranking(d).back(); };
  const auto starts = [](const std::string& entry, const std::string& k) {
    return entry.rfind(k + " ", 0) == 0;
  };

  // (a) first on Monetizing synergies, its win-rate lift well above par.
  INFO("M: " << Catch::Detail::stringify(ranking("M")));
  CHECK(starts(first("M"), key[PartnerRole::kSynergy]));
  const Rows m2 = tempo::testing::StoreRows(
      db, "SELECT status, raw_value FROM score_metric WHERE metric = 'M2' AND partner_key = '" +
              key[PartnerRole::kSynergy] + "'");
  REQUIRE(m2.size() == 1);
  CHECK(m2[0][0] == "ok");
  CHECK(std::stod(m2[0][1]) > 0.5);

  // (b) high on Embedded, low on Monetizing: among the two best on E, the last on M, with no
  // won revenue at all.
  INFO("E: " << Catch::Detail::stringify(ranking("E")));
  const auto e = ranking("E");
  CHECK((starts(e[0], key[PartnerRole::kCoMarketing]) ||
         starts(e[1], key[PartnerRole::kCoMarketing])));
  CHECK(starts(last("M"), key[PartnerRole::kCoMarketing]));
  CHECK(tempo::testing::StoreScalar(
            db,
            "SELECT count(*) FROM score_metric WHERE metric = 'M1' AND raw_value = 0 AND "
            "partner_key = '" +
                key[PartnerRole::kCoMarketing] + "'") == 1);

  // (c) first on Partners as product, its customers churning less (P2 measured, lower churn).
  INFO("P: " << Catch::Detail::stringify(ranking("P")));
  CHECK(starts(first("P"), key[PartnerRole::kIntegration]));
  const Rows p2 = tempo::testing::StoreRows(
      db,
      "SELECT status, raw_value, explanation FROM score_metric WHERE metric = 'P2' AND "
      "partner_key = '" +
          key[PartnerRole::kIntegration] + "'");
  REQUIRE(p2.size() == 1);
  INFO(p2[0][2]);
  CHECK(p2[0][0] == "ok");
  CHECK(std::stod(p2[0][1]) > 0.25);

  // (d) last on Trust, quiet for two quarters.
  INFO("T: " << Catch::Detail::stringify(ranking("T")));
  CHECK(starts(last("T"), key[PartnerRole::kDormant]));
  const Rows t4 = tempo::testing::StoreRows(
      db, "SELECT explanation FROM score_metric WHERE metric = 'T4' AND partner_key = '" +
              key[PartnerRole::kDormant] + "'");
  REQUIRE(t4.size() == 1);
  const std::string last_event = t4[0][0].substr(t4[0][0].rfind("last joint event ") + 17, 10);
  CHECK(*tempo::fakes::ParseIsoDateTime(last_event) <= options.dataset.as_of_ms - 182 * kDayMs);

  // (e) insufficient data: no dimension has a value (none is 0 for want of data), no composite.
  const std::string thin = key[PartnerRole::kThin];
  for (const char* d : {"T", "E", "M", "P", "O"}) {
    INFO(d);
    CHECK_FALSE(dim[thin][d].has_value());
  }
  CHECK(tempo::testing::StoreScalar(db, "SELECT count(*) FROM score_total WHERE partner_key = '" +
                                            thin + "' AND tempo IS NULL") == 1);
  CHECK(tempo::testing::StoreScalar(db, "SELECT count(*) FROM score_metric WHERE partner_key = '" +
                                            thin + "' AND status = 'ok'") == 0);
  // Every metric whose source the store has says why: the partnership is too young.
  CHECK(tempo::testing::StoreScalar(
            db, "SELECT count(*) FROM score_metric WHERE partner_key = '" + thin +
                    "' AND status != 'missing_source' AND NOT (status = 'insufficient_data' AND "
                    "explanation LIKE 'insufficient data: % became a partner on %')") == 0);
  CHECK(tempo::testing::StoreScalar(db, "SELECT count(*) FROM score_metric WHERE partner_key = '" +
                                            thin + "' AND status = 'insufficient_data'") >= 14);
  // Nothing that is not ok has a number.
  CHECK(tempo::testing::StoreScalar(db,
                                    "SELECT count(*) FROM score_metric WHERE status != 'ok' AND "
                                    "normalized IS NOT NULL") == 0);

  // Every evidence record of the run is a row of its table (entity, connection, source id).
  int64_t resolved = 0;
  for (const char* t :
       {"partner", "account", "opportunity", "opportunity_partner", "campaign", "lead",
        "integration", "integration_install", "overlap", "partner_activity"}) {
    resolved += tempo::testing::StoreScalar(
        db, std::string("SELECT count(*) FROM score_evidence e JOIN ") + t +
                " r ON r.connection = e.entity_connection AND r.source_id = e.entity_source_id "
                "WHERE e.entity_type = '" +
                t + "'");
  }
  const int64_t evidence = tempo::testing::StoreScalar(db, "SELECT count(*) FROM score_evidence");
  CHECK(evidence > 10000);
  CHECK(resolved == evidence);
}

// --- The company's own numbers, from the generator (what the sources say, each deal once). ---

// One partner's won deals as the company knows them.
struct PartnerWins {
  int64_t deals = 0, sourced = 0;
  double usd = 0;
};

// The dollar value of a won deal as the CRM that holds it computes it: Salesforce divides by its
// rate per USD (6 decimals) of the close date's month, HubSpot multiplies by the account's
// exchange rate (USD per unit) in effect at the close date.
double WonUsd(const Dataset& d, const tempo::fakes::DealRecord& deal, tempo::fakes::Crm crm) {
  if (deal.currency == "USD") return deal.amount;
  const double usd_per_unit = d.UsdPerUnit(deal.currency, deal.close_date_ms);
  if (crm == tempo::fakes::Crm::kHubSpot) return deal.amount * usd_per_unit;
  return deal.amount / (std::round(1e6 / usd_per_unit) / 1e6);
}

// Won revenue per partner (by name): every won deal once per partner on it. Salesforce records
// every partner of a deal (OpportunityPartner), HubSpot the primary one (its deal properties).
std::map<std::string, PartnerWins> TruthWins(const Dataset& d) {
  std::map<std::string, PartnerWins> wins;
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const tempo::fakes::DealRecord deal = d.Deal(row);
    if (!deal.is_won || deal.primary_partner < 0) continue;
    const tempo::fakes::Crm crm = d.DealCrm(row);
    std::vector<int> partners = {deal.primary_partner};
    if (crm == tempo::fakes::Crm::kSalesforce) {
      for (int64_t p : deal.partner_rows) {
        const tempo::fakes::DealPartnerRecord dp = d.DealPartner(p);
        if (!dp.is_primary) partners.push_back(dp.partner);
      }
    }
    for (int p : partners) {
      PartnerWins& w = wins[d.Partner(p).name];
      ++w.deals;
      w.sourced += p == deal.primary_partner && deal.partner_sourced;
      w.usd += WonUsd(d, deal, crm);
    }
  }
  return wins;
}

// Closed deals with a partner and without: {closed, won} each.
std::pair<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> TruthWinRates(
    const Dataset& d) {
  std::pair<int64_t, int64_t> with{0, 0}, without{0, 0};
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    const tempo::fakes::DealRecord deal = d.Deal(row);
    if (!deal.is_closed) continue;
    auto& side = deal.primary_partner >= 0 ? with : without;
    ++side.first;
    side.second += deal.is_won;
  }
  return {with, without};
}

// "1,234,567" as 1234567.
double Ungrouped(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), ','), text.end());
  return std::stod(text);
}

void CheckPrintedNumbers(const DemoRun& run) {
  std::map<std::string, PartnerWins> truth;
  std::pair<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> rates;
  run.server->WithDataset([&](const Dataset& d) {
    truth = TruthWins(d);
    rates = TruthWinRates(d);
    return 0;
  });
  REQUIRE(truth.size() >= 4);
  // The table under "Won revenue per partner, in USD": one line a partner, then a blank line.
  const std::string& out = run.demo.out;
  const size_t table = out.find("Won revenue per partner, in USD");
  REQUIRE(table != std::string::npos);
  std::istringstream lines(out.substr(table));
  std::string line;
  std::getline(lines, line);  // the title
  std::getline(lines, line);  // the header
  CHECK(line.rfind("PARTNER", 0) == 0);
  std::map<std::string, PartnerWins> printed;
  double previous = 1e300;
  while (std::getline(lines, line) && line.size() > 28 && line.rfind("Win rate", 0) != 0) {
    std::istringstream numbers(line.substr(28));
    std::string usd;
    PartnerWins w;
    numbers >> w.deals >> w.sourced >> usd;
    w.usd = Ungrouped(usd);
    std::string name = line.substr(0, 28);
    name.erase(name.find_last_not_of(' ') + 1);
    printed[name] = w;
    CHECK(w.usd <= previous);  // largest first
    previous = w.usd;
  }
  CHECK(out.find("have no USD amount") == std::string::npos);  // every deal converted
  REQUIRE(printed.size() == truth.size());
  for (const auto& [name, w] : truth) {
    INFO(name);
    REQUIRE(printed.count(name) == 1);
    CHECK(printed[name].deals == w.deals);
    CHECK(printed[name].sourced == w.sourced);
    CHECK(std::fabs(printed[name].usd - w.usd) <= 1.0);  // printed in whole dollars
  }
  // The win rates, each closed deal once.
  const auto [with, without] = rates;
  char expected[200];
  std::snprintf(expected, sizeof expected,
                "Win rate of closed deals: %.1f%% with a partner (%lld of %lld), %.1f%% without "
                "(%lld of %lld)",
                100.0 * static_cast<double>(with.second) / static_cast<double>(with.first),
                static_cast<long long>(with.second), static_cast<long long>(with.first),
                100.0 * static_cast<double>(without.second) / static_cast<double>(without.first),
                static_cast<long long>(without.second), static_cast<long long>(without.first));
  CHECK_THAT(out, Catch::Contains(expected));
}

// The ```sql block of docs/store-schema.md that starts with "-- question: NAME".
std::string QuestionSql(const std::string& name) {
  const std::string doc = ReadFile(std::string(TEMPO_SOURCE_DIR) + "/docs/store-schema.md");
  const size_t at = doc.find("```sql\n-- question: " + name + "\n");
  REQUIRE(at != std::string::npos);
  const size_t begin = doc.find('\n', at) + 1;
  return doc.substr(begin, doc.find("```", begin) - begin);
}

void CheckQuestions(const DemoRun& run) {
  const std::string& db = run.db;
  SECTION("won revenue per partner") {
    std::map<std::string, PartnerWins> truth;
    run.server->WithDataset([&](const Dataset& d) {
      truth = TruthWins(d);
      return 0;
    });
    const Rows rows = tempo::testing::StoreRows(db, QuestionSql("won_revenue_per_partner"));
    REQUIRE(rows.size() == truth.size());
    double total = 0;
    for (const auto& row : rows) {
      INFO(row[0]);
      REQUIRE(truth.count(row[0]) == 1);
      const PartnerWins& w = truth[row[0]];
      CHECK(std::stoll(row[1]) == w.deals);
      CHECK(std::stoll(row[2]) == w.sourced);
      CHECK(std::fabs(std::stod(row[3]) - w.usd) <= 0.01);
      CHECK(row[4] == "0");
      total += std::stod(row[3]);
    }
    CHECK(total > 1e6);
  }
  SECTION("overlap accounts per partner") {
    std::map<std::string, std::pair<int64_t, int64_t>> truth;  // name: accounts, customers
    run.server->crossbeam().WithWorld(
        [&](const tempo::fakes::CrossbeamWorld& world, const Dataset& d) {
          std::map<int, std::set<int64_t>> accounts, customers;
          for (const auto& [k, o] : world.overlaps(tempo::fakes::OverlapKind::kAccounts)) {
            if (o.deleted) continue;
            accounts[o.partner].insert(o.account_row);
            if (o.partner_population == "customer") customers[o.partner].insert(o.account_row);
          }
          for (const auto& [p, rows] : accounts) {
            truth[d.Partner(p).name] = {static_cast<int64_t>(rows.size()),
                                        static_cast<int64_t>(customers[p].size())};
          }
          return 0;
        });
    const Rows rows = tempo::testing::StoreRows(db, QuestionSql("overlap_accounts_per_partner"));
    REQUIRE(rows.size() == truth.size());
    for (const auto& row : rows) {
      INFO(row[0]);
      REQUIRE(truth.count(row[0]) == 1);
      CHECK(std::stoll(row[1]) == truth[row[0]].first);
      CHECK(std::stoll(row[2]) == truth[row[0]].second);
    }
  }
  SECTION("leads per campaign") {
    // Salesforce is the campaigns' system of record: each campaign's members are its leads.
    std::map<std::string, std::pair<int64_t, int64_t>> truth;  // Id: leads, responded
    run.server->WithDataset([&](const Dataset& d) {
      const tempo::fakes::SfObjectDef& campaign = *tempo::fakes::FindSfObject("Campaign");
      for (int64_t row = 0; row < d.Count(Entity::kCampaignMember); ++row) {
        const tempo::fakes::CampaignMemberRecord m = d.CampaignMember(row);
        auto& t = truth[d.Campaign(m.campaign_row).name + "|" +
                        tempo::fakes::SfId(campaign, m.campaign_row)];
        ++t.first;
        t.second += m.responded;
      }
      return 0;
    });
    const std::string sql = QuestionSql("leads_per_campaign");
    // The question's rows of the CRM, matched to campaigns by name and id.
    const Rows rows = tempo::testing::StoreRows(
        db, "SELECT q.campaign || '|' || c.source_id, q.leads, q.responded FROM (" +
                sql.substr(0, sql.rfind(';')) +
                ") q JOIN campaign c ON c.connection = q.connection AND c.name = q.campaign "
                "WHERE q.connection = 'salesforce'");
    CHECK(rows.size() == truth.size());
    int64_t leads = 0;
    for (const auto& row : rows) {
      INFO(row[0]);
      REQUIRE(truth.count(row[0]) == 1);
      CHECK(std::stoll(row[1]) == truth[row[0]].first);
      CHECK(std::stoll(row[2]) == truth[row[0]].second);
      leads += std::stoll(row[1]);
    }
    CHECK(leads > 1000);
  }
  SECTION("partner-involved win rate against the rest") {
    std::pair<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> rates;
    run.server->WithDataset([&](const Dataset& d) {
      rates = TruthWinRates(d);
      return 0;
    });
    const auto [with, without] = rates;
    const Rows rows = tempo::testing::StoreRows(db, QuestionSql("partner_win_rate"));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0] == "with a partner");
    CHECK(std::stoll(rows[0][1]) == with.first);
    CHECK(std::stoll(rows[0][2]) == with.second);
    CHECK(std::stod(rows[0][3]) ==
          Approx(static_cast<double>(with.second) / static_cast<double>(with.first)).margin(5e-5));
    CHECK(rows[1][0] == "without a partner");
    CHECK(std::stoll(rows[1][1]) == without.first);
    CHECK(std::stoll(rows[1][2]) == without.second);
  }
  SECTION("freshness per connection") {
    const Rows rows = tempo::testing::StoreRows(db, QuestionSql("freshness_per_connection"));
    std::vector<std::string> connections;
    const double run_hours = static_cast<double>(NowMs() - run.started_ms) / 3.6e6;
    for (const auto& row : rows) {
      INFO(row[0]);
      connections.push_back(row[0]);
      const int64_t finished = *tempo::fakes::ParseIsoDateTime(row[1]);
      CHECK(finished >= run.started_ms - 1000);
      CHECK(finished <= run.finished_ms + 1000);
      CHECK(std::stod(row[2]) >= 0);
      CHECK(std::stod(row[2]) <= run_hours + 0.01);
    }
    CHECK(connections == std::vector<std::string>{"crossbeam", "hubspot", "mailchimp", "marketo",
                                                  "partners", "salesforce"});
  }
}

TEST_CASE(
    "the demo's world: the planted partners, the printed numbers and the answers to the "
    "store's questions") {
  const DemoRun& run = Demo();
  INFO(run.demo.err);
  REQUIRE(run.demo.exit_code == 0);
  for (const char* c : {"partners", "hubspot", "salesforce", "mailchimp", "marketo", "crossbeam"}) {
    CHECK_THAT(run.demo.out, Catch::Contains(std::string("sync ") + c + ": succeeded"));
  }
  SECTION("the TEMPO scorer recovers the planted partners") { CheckPlantedPartners(run); }
  SECTION("the printed headline numbers are the company's own") { CheckPrintedNumbers(run); }
  SECTION("the store-schema questions answer the demo store correctly") { CheckQuestions(run); }
}

}  // namespace

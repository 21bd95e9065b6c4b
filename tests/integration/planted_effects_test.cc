// The demo's story, end to end: the demo's world (config/demo/world.scenario) served in-process
// by the fake APIs with its history ending today, the partner team's files of that world written
// beside the store, every connection `make demo` syncs (config/demo.yaml and
// config/demo/apis.yaml.in, the same text) synced by the real `tempo sync`, then the real
// `tempo score`. The TEMPO scorer must recover the five planted partners (docs/fake-api.md,
// "Planted partners"), name every partner once whichever source names it, and back every score
// with evidence that resolves to a row of the store.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fakes/core/encoding.h"
#include "fakes/core/fake_api_server.h"
#include "fakes/core/scenario.h"
#include "fakes/files/partner_files.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::fakes::Dataset;
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

TEST_CASE("the TEMPO scorer recovers the demo's planted partners") {
  const FakeApiOptions options = DemoWorld();
  auto started = FakeApiServer::Start(options);
  REQUIRE(started.ok());
  FakeApiServer& server = **started;
  TempDir dir;
  std::map<PartnerRole, std::string> key;  // the planted partners' cross-source keys
  std::vector<std::string> all_keys;
  REQUIRE(server
              .WithDataset([&](const Dataset& d) {
                for (int p = 0; p < d.PartnerCount(); ++p) {
                  all_keys.push_back("domain:" + d.Partner(p).domain);
                  key[d.Partner(p).role] = all_keys.back();
                }
                return tempo::fakes::WritePartnerFiles(d, dir.File("files"));
              })
              .ok());
  REQUIRE(key.size() == 6);  // the five roles and the ordinary partners
  const std::string config = WriteDemoConfig(dir, server, options.dataset);

  // Every connection at once, as the daemon may run them (Marketo, which keeps to its 100 calls
  // in 20 seconds, takes longest).
  const std::vector<std::string> connections = {"partners",  "hubspot", "salesforce",
                                                "mailchimp", "marketo", "crossbeam"};
  std::vector<pid_t> syncs;
  for (const std::string& c : connections) {
    syncs.push_back(
        tempo::testing::StartProcess({tempo::testing::TempoBinary(), "-q", "-c", config, "sync", c},
                                     dir.File(c + ".out"), dir.File(c + ".err")));
  }
  for (size_t i = 0; i < syncs.size(); ++i) {
    const ProcessResult sync = tempo::testing::WaitProcess(
        syncs[i], dir.File(connections[i] + ".out"), dir.File(connections[i] + ".err"));
    INFO(connections[i] << ": " << sync.err);
    CHECK(sync.exit_code == 0);
  }
  ProcessResult score = tempo::testing::RunProcess(
      {tempo::testing::TempoBinary(), "-q", "-c", config, "score"}, dir.path());
  INFO(score.err);
  REQUIRE(score.exit_code == 0);
  INFO(score.out);
  const std::string db = dir.File("tempo.db");

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

}  // namespace

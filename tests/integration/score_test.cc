// `tempo score` end to end: the demo company's partner files (config/demo/data, the demo's
// world as of 2024-06-30) synced by the real `tempo sync` (file connector), then the real binary
// scores them with the TEMPO scorer. Checks what an admin
// sees (the summary, the connection left out and why, --json, --as-of, --profile, errors,
// --help) and that every evidence record of the run is a row of the store.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "store/store.h"
#include "support/process.h"
#include "support/store_query.h"
#include "support/temp_dir.h"

namespace {

using Catch::Matchers::Contains;
using tempo::testing::ProcessResult;
using tempo::testing::QueryInt;
using tempo::testing::QueryText;
using tempo::testing::RunProcess;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {TempoBinary(), "-c", dir.File("tempo.yaml")});
  return RunProcess(args, dir.path());
}

// config/demo.yaml with its data files found where they are, a store of the test's own, and a
// second connection whose sync fails (its file does not exist).
void WriteConfig(const TempDir& dir) {
  std::ifstream in(std::string(TEMPO_SOURCE_DIR) + "/config/demo.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string data = std::string(TEMPO_SOURCE_DIR) + "/config/demo/data";
  for (size_t at = 0; (at = yaml.find("demo/data", at)) != std::string::npos; at += data.size()) {
    yaml.replace(at, 9, data);
  }
  yaml.replace(yaml.find("path: demo.db"), 13, "path: tempo.db");
  yaml +=
      "  - name: broken\n    plugin: file\n    config:\n      streams:\n"
      "        - {name: partners, path: missing.csv, entity: partner, id: id,\n"
      "           columns: {name: name}}\n"
      "plugins:\n  path: [" TEMPO_PLUGIN_DIR "]\n";
  dir.Write("tempo.yaml", yaml);
}

std::unique_ptr<tempo::store::Db> Store(const TempDir& dir) {
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  return std::move(db).value();
}

TEST_CASE("tempo score scores the synced demo company and records the run") {
  TempDir dir;
  WriteConfig(dir);
  ProcessResult sync = Tempo(dir, {"sync", "partners"});
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  REQUIRE(Tempo(dir, {"sync", "broken"}).exit_code == 1);

  ProcessResult r = Tempo(dir, {"score"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("score run 1: scorer tempo (plugin tempo 1.1.0), profile default"));
  CHECK_THAT(r.out, Contains("read: partners (sync run 1)"));
  CHECK_THAT(r.out, Contains("not read: broken: its latest sync run 2 is failed; sync it "
                             "successfully (tempo sync broken) and score again"));
  CHECK_THAT(r.out, Contains("Pioneer Current Consulting") && Contains("First Gate Advisors") &&
                        Contains("ecosystem"));
  CHECK_THAT(r.err, Contains("connection 'broken' is not read"));

  auto db = Store(dir);
  // Eight partners in partners.csv, each with the full set of metrics (18) and a composite.
  CHECK(QueryInt(*db, "SELECT count(*) FROM score_total WHERE scope = 'partner'") == 8);
  CHECK(QueryInt(*db,
                 "SELECT count(DISTINCT metric) FROM score_metric WHERE scope = "
                 "'ecosystem'") == 19);
  CHECK(QueryInt(*db, "SELECT count(*) FROM score_metric WHERE scope = 'partner'") == 8 * 18);
  // No metric is 0 for want of data: a missing or insufficient one has no number.
  CHECK(QueryInt(*db,
                 "SELECT count(*) FROM score_metric WHERE status != 'ok' AND normalized "
                 "IS NOT NULL") == 0);
  CHECK(QueryText(*db, "SELECT excluded_json FROM score_run") ==
        "[{\"connection\":\"broken\",\"last_run_id\":2,\"last_status\":\"failed\",\"reason\":"
        "\"its latest sync run 2 is failed; sync it successfully (tempo sync broken) and score "
        "again\"}]");
  CHECK_THAT(
      QueryText(*db, "SELECT watermarks_json FROM score_run"),
      Contains("\"partners\":{\"sync_run_id\":1") && Contains("\"max_source_updated_at\":\"2024-"));

  // Every evidence record names a row of the store: the report can drill into each one.
  const char* tables[] = {"partner",     "account",
                          "opportunity", "opportunity_partner",
                          "campaign",    "lead",
                          "integration", "integration_install",
                          "overlap",     "partner_activity"};
  int64_t resolved = 0;
  for (const char* t : tables) {
    resolved += QueryInt(*db, std::string("SELECT count(*) FROM score_evidence e JOIN ") + t +
                                  " r ON r.connection = e.entity_connection AND r.source_id = "
                                  "e.entity_source_id WHERE e.entity_type = '" +
                                  t + "'");
  }
  const int64_t evidence = QueryInt(*db, "SELECT count(*) FROM score_evidence");
  CHECK(evidence > 500);
  CHECK(resolved == evidence);
}

TEST_CASE("tempo demo syncs into a fresh store and scores the partners") {
  TempDir dir;
  WriteConfig(dir);
  // Left over from an earlier demo: a store and the HTTP state beside it (rotated refresh
  // tokens a restarted fake server no longer knows).
  dir.Write("old.db", "not a store");
  dir.Write("old.db.http.db", "stale");
  ProcessResult r = Tempo(dir, {"demo", "--store", dir.File("old.db"), "--as-of", "2024-06-30"});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // the broken connection failed; the rest ran
  CHECK_THAT(r.out, Contains("sync partners: succeeded") && Contains("sync broken: failed"));
  CHECK_THAT(r.out, Contains("partner_activity") && Contains("integration_install"));
  // The run's text report (tempo report), and the HTML one beside the store.
  CHECK_THAT(r.out, Contains("Scoring the partners (tempo score, docs/scoring.md):\n\nTEMPO "
                             "report: score run 1, scorer tempo (plugin tempo 1.1.0), profile "
                             "default\nas of 2024-06-30T23:59:59.999Z"));
  CHECK_THAT(r.out, Contains("not read: broken: its latest sync run 2 is failed"));
  // The thin partner: a partner for 60 days on 2024-06-30.
  CHECK_THAT(r.out, Contains("   -  First Gate Advisors                  -    -    -    -    -    -"
                             "      0.00        0.00          insufficient data"));
  CHECK_THAT(r.out, Contains("HTML report: " + dir.File("tempo-report.html")));
  CHECK(std::filesystem::file_size(dir.File("tempo-report.html")) > 10000);
  CHECK_FALSE(std::filesystem::exists(dir.File("old.db.http.db")));
  auto db = tempo::store::OpenStoreReadOnly(dir.File("old.db"));
  REQUIRE(db.ok());
  CHECK(QueryInt(**db, "SELECT count(*) FROM score_total WHERE scope = 'partner'") == 8);
}

TEST_CASE("tempo score --json --as-of --profile, and its errors") {
  TempDir dir;
  WriteConfig(dir);
  REQUIRE(Tempo(dir, {"sync", "partners"}).exit_code == 0);
  REQUIRE(Tempo(dir, {"sync", "broken"}).exit_code == 1);
  ProcessResult r =
      Tempo(dir, {"score", "--json", "--as-of", "2024-03-31", "--profile", "channel"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("\"run_id\":1,\"scorer\":\"tempo\",\"plugin\":\"tempo\"") &&
                        Contains("\"profile\":\"channel\",\"weights\":{\"T\":0.15,\"E\":0.25,") &&
                        Contains("\"as_of\":\"2024-03-31T23:59:59.999Z\"") &&
                        Contains("\"window_start\":\"2023-04-01T23:59:59.999Z\"") &&
                        Contains("\"connections_not_read\":[{\"connection\":\"broken\","));
  auto db = Store(dir);
  CHECK(QueryText(*db, "SELECT as_of || ' ' || profile FROM score_run") ==
        "2024-03-31T23:59:59.999Z channel");
  // Activities and installs dated after the as-of date are not in any metric; earlier ones are.
  const auto evidence_of = [&](const std::string& table, const std::string& when) {
    return QueryInt(*db, "SELECT count(*) FROM score_evidence e JOIN " + table +
                             " r ON r.connection = e.entity_connection AND r.source_id = "
                             "e.entity_source_id WHERE e.entity_type = '" +
                             table + "' AND " + when);
  };
  CHECK(evidence_of("partner_activity", "r.occurred_at > '2024-04'") == 0);
  CHECK(evidence_of("partner_activity", "r.occurred_at < '2024-04'") > 50);
  CHECK(evidence_of("integration_install", "r.installed_at > '2024-04'") == 0);
  CHECK(evidence_of("integration_install", "r.installed_at < '2024-04'") > 50);

  ProcessResult unknown = Tempo(dir, {"score", "--scorer", "nope"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Contains("score: no scorer named 'nope'"));
  ProcessResult later = Tempo(dir, {"score", "--as-of", "next week"});
  CHECK(later.exit_code == 2);
  CHECK_THAT(later.err, Contains("--as-of 'next week' is not a date"));
  ProcessResult profile = Tempo(dir, {"score", "--profile", "techpartner"});
  CHECK(profile.exit_code == 2);
  CHECK_THAT(profile.err, Contains("did you mean 'tech_partner'?"));

  ProcessResult help = Tempo(dir, {"score", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("--as-of") && Contains("--scorer") && Contains("--profile") &&
                           Contains("Reads only connections whose latest sync succeeded"));
}

}  // namespace

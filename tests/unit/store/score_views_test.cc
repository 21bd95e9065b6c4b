// The score views of schema 6 (v_partner_scores, v_score_explanations, v_score_evidence), the
// interface downstream readers and `tempo report` read: over a real score run of the hand-sized
// dataset (tests/unit/scorer/hand_dataset.h, the real TEMPO plugin), and over rows written
// directly where a case needs exact control (ties, a partner without a score, a scorer before
// ABI 1.3 that wrote no partner keys). The example queries of docs/store-schema.md run here.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "store/schema.h"
#include "store/score_writer.h"
#include "support/score_store.h"
#include "unit/scorer/hand_dataset.h"

namespace tempo::testing {
namespace {

using Strings = std::vector<std::string>;

int64_t ScoreHand(ScoreStore& store) {
  store.Exec(kHandDataset);
  for (const char* c : {"crm", "prm", "xb"}) store.Run(c);
  store.Run("broken", "failed");
  score::ScoreOptions options;
  options.as_of = "2026-06-30";
  return store.Score(store.Config(kHandScorer), options).run_id;
}

Strings Rows(store::Db& db, const std::string& sql) {
  Result<store::Stmt> stmt = db.Prepare(sql);
  INFO(sql);
  REQUIRE(stmt.ok());
  Strings rows;
  for (;;) {
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    std::string line;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      line += (c ? "|" : "") + (stmt->IsNull(c) ? std::string("NULL") : stmt->Text(c));
    }
    rows.push_back(line);
  }
  return rows;
}

TEST_CASE("v_partner_scores: one row per run and subject, named, with its dimensions and rank") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  // By hand (tempo_metrics_test.cc has every metric): Beta T (0 + 83.3 + 25) / 3, E (50 + 0 +
  // 0) / 3, M (50 + 100 + 100) / 3, P 0, O 100: TEMPO 53.75; Acme 46.28; Gamma a true 0.
  CHECK(Rows(store.db(),
             "SELECT rank, partner_name, partner_key, connection || '/' || partner_source_id, "
             "printf('%.2f', tempo), printf('%.2f %.2f %.2f %.2f %.2f', trust, embedded, "
             "monetizing, product, outside_in) FROM v_partner_scores WHERE scope = 'partner' "
             "ORDER BY rank") ==
        Strings{"1|Beta Partners|domain:beta.com|prm/P2|53.75|36.11 16.67 83.33 0.00 100.00",
                "2|ACME Cloud|domain:acme.io|crm/PA|46.28|31.48 67.53 51.85 83.33 0.00",
                "3|Gamma|domain:gamma.net|prm/P3|0.00|0.00 0.00 0.00 0.00 0.00"});
  // The ecosystem: no key, no name, no rank; the run's instants, scorer and profile on each row.
  CHECK(Rows(store.db(),
             "SELECT scope, partner_key, partner_name, rank, as_of, scorer, profile, "
             "computed_at = (SELECT computed_at FROM score_run) FROM v_partner_scores "
             "WHERE scope = 'ecosystem'") ==
        Strings{"ecosystem|NULL|NULL|NULL|2026-06-30T23:59:59.999Z|tempo|default|1"});
  // Every dimension column is the score_dimension row.
  CHECK(store.Count("SELECT count(*) FROM v_partner_scores v JOIN score_dimension d ON "
                    "d.run_id = v.run_id AND d.dimension = 'E' AND d.scope = v.scope AND "
                    "coalesce(d.partner_key, '') = coalesce(v.partner_key, '') WHERE "
                    "d.value = v.embedded AND v.run_id = " +
                    std::to_string(run)) == 4);
}

TEST_CASE("v_partner_scores ranks ties alike and leaves an unscored partner unranked") {
  ScoreStore store;
  store.Exec(
      "INSERT INTO partner (connection, source_id, name) VALUES ('crm', 'A', 'Alpha'), "
      "('crm', 'B', 'Bravo'), ('crm', 'C', '  '), ('crm', 'D', 'Delta');");
  store::ScoreRunRecord run;
  run.plugin = "tempo";
  run.model_version = "1.0.0";
  run.computed_at = run.as_of = "2026-06-30T00:00:00.000Z";
  const auto partner = [](const std::string& id, const std::string& key) {
    return store::ScoreSubject{"partner", "crm", id, key};
  };
  const std::vector<store::TotalScore> totals = {
      {store::ScoreSubject{"ecosystem", "", "", ""}, 50.0, 0.5, 1.0},
      {partner("A", "name:alpha"), 70.0, 0.5, 1.0},
      {partner("B", "name:bravo"), 70.0, 0.5, 1.0},
      {partner("C", ""), 40.0, 0.5, 1.0},  // a 1.2 scorer: no key; a blank name
      {partner("D", "name:delta"), std::nullopt, 0.0, 0.0},
  };
  Result<int64_t> id = store::WriteScoreRun(store.db(), run, {}, {}, totals);
  REQUIRE(id.ok());
  CHECK(Rows(store.db(),
             "SELECT rank, partner_key, partner_name FROM v_partner_scores WHERE scope = "
             "'partner' ORDER BY rank IS NULL, rank, partner_key") ==
        Strings{"1|name:alpha|Alpha", "1|name:bravo|Bravo", "3|partner:crm:C|partner:crm:C",
                "NULL|name:delta|Delta"});
}

TEST_CASE("v_score_explanations: every metric row, named, with its numbers and explanation") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  CHECK(store.Count("SELECT count(*) FROM v_score_explanations") ==
        store.Count("SELECT count(*) FROM score_metric"));
  CHECK(Rows(store.db(),
             "SELECT partner_name, dimension, metric, status, numerator, denominator, n, "
             "raw_value, normalized, printf('%.4f', confidence), explanation FROM "
             "v_score_explanations WHERE partner_key = 'domain:acme.io' AND metric = 'T1' "
             "AND run_id = " +
                 std::to_string(run)) ==
        Strings{"ACME Cloud|T|T1|ok|1.0|4.0|5|0.25|25.0|0.7143|we gave ACME Cloud 1 intro and "
                "received 4 (2 leads, 1 sourced deal, 1 intro) in the 365 days to 2026-06-30: "
                "reciprocity 25% (1/4)"});
  // Insufficient data has no number at all.
  CHECK(Rows(store.db(),
             "SELECT status, normalized, raw_value FROM v_score_explanations WHERE partner_key "
             "= 'domain:gamma.net' AND metric = 'T1'") == Strings{"insufficient_data|NULL|NULL"});
  CHECK(Rows(store.db(),
             "SELECT DISTINCT scope, partner_key, partner_name FROM v_score_explanations WHERE "
             "scope = 'ecosystem'") == Strings{"ecosystem|NULL|NULL"});
}

TEST_CASE("v_score_evidence: every evidence row of a real run resolves to a row of its table") {
  ScoreStore store;
  const int64_t run = ScoreHand(store);
  const std::string tables[] = {"partner",     "account",
                                "opportunity", "opportunity_partner",
                                "campaign",    "lead",
                                "integration", "integration_install",
                                "overlap",     "partner_activity"};
  int64_t resolved = 0;
  for (const std::string& t : tables) {
    resolved += store.Count("SELECT count(*) FROM v_score_evidence v JOIN " + t +
                            " r ON r.connection = v.entity_connection AND r.source_id = "
                            "v.entity_source_id WHERE v.entity_table = '" +
                            t + "' AND v.run_id = " + std::to_string(run));
  }
  const int64_t all =
      store.Count("SELECT count(*) FROM v_score_evidence WHERE run_id = " + std::to_string(run));
  CHECK(all > 100);
  CHECK(all == store.Count("SELECT count(*) FROM score_evidence"));
  CHECK(resolved == all);
  // Every partner-scope evidence row names a partner of v_partner_scores of its run.
  CHECK(store.Count("SELECT count(*) FROM v_score_evidence e WHERE e.scope = 'partner' AND NOT "
                    "EXISTS (SELECT 1 FROM v_partner_scores s WHERE s.run_id = e.run_id AND "
                    "s.partner_key = e.partner_key)") == 0);
  CHECK(Rows(store.db(),
             "SELECT role, entity_table, entity_connection, entity_source_id FROM "
             "v_score_evidence WHERE run_id = 1 AND metric = 'T1' AND partner_key = "
             "'domain:acme.io' ORDER BY role, entity_table, entity_connection, "
             "entity_source_id") == Strings{"denominator|lead|crm|L1", "denominator|lead|crm|L2",
                                            "denominator|opportunity_partner|crm|OP1",
                                            "denominator|partner_activity|prm|AC-2",
                                            "numerator|partner_activity|prm|AC-1"});
}

TEST_CASE("the score views' example queries of docs/store-schema.md run and answer") {
  ScoreStore store;
  ScoreHand(store);
  // "The latest run's ranking". Confidence, by hand: the weighted sum of each dimension's mean
  // confidence of its ok metrics times its coverage. Beta: T (.5 + .5 + 1) / 3 * 3/4, E (1 + .3
  // + .5) / 3 * 3/4, M (.6 + .25 + .25) / 3 * 3/4, P (.5 + .6) / 2 * 2/4, O .25 * 1/2: .314.
  // Acme .362; Gamma: T 1 * 1/4, E .75 * 2/4, M .6 * 1/4, P .275, O .125: .224.
  CHECK(Rows(store.db(),
             "SELECT rank, partner_name, round(tempo) AS tempo, round(trust), round(embedded), "
             "round(monetizing), round(product), round(outside_in), round(coverage, 2), "
             "round(confidence, 2) "
             "FROM v_partner_scores "
             "WHERE scope = 'partner' AND run_id = (SELECT max(run_id) FROM v_partner_scores) "
             "ORDER BY rank IS NULL, rank, partner_name") ==
        Strings{"1|Beta Partners|54.0|36.0|17.0|83.0|0.0|100.0|1.0|0.31",
                "2|ACME Cloud|46.0|31.0|68.0|52.0|83.0|0.0|1.0|0.36",
                "3|Gamma|0.0|0.0|0.0|0.0|0.0|0.0|1.0|0.22"});
  // "The deals behind a partner's win rate": its treated deals, the control group derived from
  // the ecosystem row's deals.
  CHECK(Rows(store.db(),
             "WITH latest AS (SELECT max(run_id) AS run_id FROM v_partner_scores), "
             "treated AS ( "
             "  SELECT e.entity_connection AS connection, e.entity_source_id AS source_id "
             "  FROM v_score_evidence e "
             "  JOIN v_partner_scores s ON s.run_id = e.run_id AND s.partner_key = e.partner_key "
             "  WHERE e.run_id = (SELECT run_id FROM latest) AND s.partner_name = 'Beta Partners' "
             "    AND e.metric = 'M2' AND e.role = 'treated' AND e.entity_table = 'opportunity'), "
             "compared AS ( "
             "  SELECT DISTINCT entity_connection AS connection, entity_source_id AS source_id "
             "  FROM v_score_evidence "
             "  WHERE run_id = (SELECT run_id FROM latest) AND scope = 'ecosystem' "
             "    AND metric = 'M2' AND entity_table = 'opportunity') "
             "SELECT CASE WHEN t.source_id IS NULL THEN 'control' ELSE 'treated' END AS role, "
             "  o.source_id, o.is_won "
             "FROM compared c "
             "JOIN opportunity o ON o.connection = c.connection AND o.source_id = c.source_id "
             "LEFT JOIN treated t ON t.connection = c.connection AND t.source_id = c.source_id "
             "ORDER BY role DESC, o.source_id") ==
        Strings{"treated|O2|1", "treated|O9|1", "control|O1|1", "control|O10|0", "control|O11|0",
                "control|O3|0", "control|O4|1", "control|O6|0"});
}

}  // namespace
}  // namespace tempo::testing

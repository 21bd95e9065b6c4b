// ScoreStore: a store in a temporary folder that a test fills row by row with SQL, a tempo.yaml
// next to it, and readers for what a score run wrote (score_metric, score_evidence, ...). For
// tests of `tempo score` in-process (score::RunScore) with the real scorer plugins.
#ifndef TEMPO_TESTS_SUPPORT_SCORE_STORE_H_
#define TEMPO_TESTS_SUPPORT_SCORE_STORE_H_

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "config/config.h"
#include "score/score_run.h"
#include "store/run_log.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace tempo::testing {

// One score_metric row as stored.
struct StoredMetric {
  std::string status;
  std::optional<double> numerator, denominator, raw_value, normalized, confidence;
  int64_t n = 0;
  std::string explanation;
  std::string normalization;
  std::string connection, partner_source_id;
};

class ScoreStore {
 public:
  ScoreStore() {
    auto db = store::OpenStore(dir_.File("tempo.db"));
    REQUIRE(db.ok());
    db_ = std::move(db).value();
  }

  store::Db& db() { return *db_; }
  const TempDir& dir() const { return dir_; }
  std::string path() const { return dir_.File("tempo.db"); }

  void Exec(const std::string& sql) {
    Status s = db_->Exec(sql);
    INFO(s.message());
    REQUIRE(s.ok());
  }

  // Records a finished sync run of `connection` with `status`.
  void Run(const std::string& connection, const std::string& status = "succeeded") {
    Result<int64_t> id =
        store::InsertEndedRun(*db_, connection, "file", 1, "2026-01-01T00:00:00.000Z", status,
                              status == "succeeded" ? "" : "it broke");
    REQUIRE(id.ok());
  }

  // Writes tempo.yaml (store, plugin path, `scorers_yaml` as the scorers: section, which may
  // be "") and loads it.
  config::Config Config(const std::string& scorers_yaml, const std::string& connections_yaml = "") {
    // The real plugins, and the test plugins (an old-ABI scorer).
    std::string yaml = "store: {path: tempo.db}\nplugins: {path: [" +
                       std::string(TEMPO_PLUGIN_DIR) + ", " + std::string(TEMPO_BINARY_DIR) +
                       "/test-plugins]}\n" + connections_yaml + scorers_yaml;
    dir_.Write("tempo.yaml", yaml);
    Result<config::Config> config = config::LoadConfig(dir_.File("tempo.yaml"));
    INFO(config.status().message());
    REQUIRE(config.ok());
    return *config;
  }

  // Runs a score with `options` and returns the result; fails the test on an error.
  score::ScoreResult Score(const config::Config& config, score::ScoreOptions options = {}) {
    Result<score::ScoreResult> result = score::RunScore(config, config.plugin_paths, options);
    INFO(result.status().message());
    REQUIRE(result.ok());
    return std::move(result).value();
  }

  // The metric row of `run` for `partner_key` ("" for the ecosystem) and `metric`.
  StoredMetric Metric(int64_t run, const std::string& partner_key, const std::string& metric) {
    Result<store::Stmt> stmt = db_->Prepare(
        "SELECT status, numerator, denominator, raw_value, normalized, confidence, n, "
        "COALESCE(explanation, ''), COALESCE(normalization, ''), COALESCE(connection, ''), "
        "COALESCE(partner_source_id, '') FROM score_metric WHERE run_id = ?1 AND metric = ?2 "
        "AND ((?3 = '' AND scope = 'ecosystem') OR partner_key = ?3)");
    REQUIRE(stmt.ok());
    stmt->Bind(1, run).Bind(2, std::string_view(metric)).Bind(3, std::string_view(partner_key));
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    INFO("metric " << metric << " of '" << partner_key << "' in run " << run);
    REQUIRE(*row);
    StoredMetric m;
    m.status = stmt->Text(0);
    const auto number = [&](int col) -> std::optional<double> {
      if (stmt->IsNull(col)) return std::nullopt;
      return stmt->Real(col);
    };
    m.numerator = number(1);
    m.denominator = number(2);
    m.raw_value = number(3);
    m.normalized = number(4);
    m.confidence = number(5);
    m.n = stmt->Int(6);
    m.explanation = stmt->Text(7);
    m.normalization = stmt->Text(8);
    m.connection = stmt->Text(9);
    m.partner_source_id = stmt->Text(10);
    Result<bool> second = stmt->Step();
    REQUIRE(second.ok());
    CHECK_FALSE(*second);  // one row per (run, partner, metric)
    return m;
  }

  // The evidence of a metric row with `role`, as "entity connection/source_id", sorted.
  std::vector<std::string> Evidence(int64_t run, const std::string& partner_key,
                                    const std::string& metric, const std::string& role) {
    Result<store::Stmt> stmt = db_->Prepare(
        "SELECT entity_type || ' ' || entity_connection || '/' || entity_source_id "
        "FROM score_evidence WHERE run_id = ?1 AND metric = ?2 AND evidence_role = ?3 "
        "AND ((?4 = '' AND partner_source_id IS NULL) OR partner_key = ?4) ORDER BY 1");
    REQUIRE(stmt.ok());
    stmt->Bind(1, run).Bind(2, std::string_view(metric)).Bind(3, std::string_view(role));
    stmt->Bind(4, std::string_view(partner_key));
    std::vector<std::string> out;
    for (;;) {
      Result<bool> row = stmt->Step();
      REQUIRE(row.ok());
      if (!*row) break;
      out.push_back(stmt->Text(0));
    }
    return out;
  }

  int64_t Count(const std::string& sql) {
    Result<store::Stmt> stmt = db_->Prepare(sql);
    REQUIRE(stmt.ok());
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return stmt->Int(0);
  }

  std::string Text(const std::string& sql) {
    Result<store::Stmt> stmt = db_->Prepare(sql);
    REQUIRE(stmt.ok());
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return stmt->Text(0);
  }

 private:
  TempDir dir_;
  std::unique_ptr<store::Db> db_;
};

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_SCORE_STORE_H_

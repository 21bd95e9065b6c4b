// WriteScoreRun: prepared inserts, every value bound.
#include "store/score_writer.h"

namespace tempo::store {
namespace {

// Binds `text`, or NULL when it is empty.
void BindText(Stmt& stmt, int index, const std::string& text) {
  if (text.empty()) {
    stmt.BindNull(index);
  } else {
    stmt.Bind(index, std::string_view(text));
  }
}

void BindNumber(Stmt& stmt, int index, const std::optional<double>& value) {
  if (value) {
    stmt.Bind(index, *value);
  } else {
    stmt.BindNull(index);
  }
}

// Binds connection, partner_source_id at `index` and `index + 1`, partner_key at `key_index`.
void BindSubject(Stmt& stmt, int index, int key_index, const std::string& scope,
                 const std::string& connection, const std::string& partner_id,
                 const std::string& key) {
  const bool partner = scope == "partner";
  BindText(stmt, index, partner ? connection : "");
  BindText(stmt, index + 1, partner ? partner_id : "");
  BindText(stmt, key_index, partner ? key : "");
}

}  // namespace

Result<int64_t> WriteScoreRun(Db& db, const ScoreRunRecord& run,
                              const std::vector<plugin::MetricRow>& metrics,
                              const std::vector<DimensionScore>& dimensions,
                              const std::vector<TotalScore>& totals) {
  Transaction tx(db);
  if (Status s = tx.Begin(); !s.ok()) return s;

  Result<Stmt> insert_run = db.Prepare(
      "INSERT INTO score_run (plugin, model_version, computed_at, window_start, window_end, "
      "params_json, watermarks_json, scorer, as_of, profile, weights_json, excluded_json) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!insert_run.ok()) return insert_run.status();
  insert_run->Bind(1, std::string_view(run.plugin)).Bind(2, std::string_view(run.model_version));
  insert_run->Bind(3, std::string_view(run.computed_at));
  BindText(*insert_run, 4, run.window_start);
  BindText(*insert_run, 5, run.window_end);
  BindText(*insert_run, 6, run.params_json);
  BindText(*insert_run, 7, run.watermarks_json);
  BindText(*insert_run, 8, run.scorer);
  BindText(*insert_run, 9, run.as_of);
  BindText(*insert_run, 10, run.profile);
  BindText(*insert_run, 11, run.weights_json);
  BindText(*insert_run, 12, run.excluded_json);
  if (Status s = insert_run->Run(); !s.ok()) return s;
  const int64_t run_id = db.LastInsertRowId();

  Result<Stmt> insert_metric = db.Prepare(
      "INSERT INTO score_metric (run_id, scope, connection, partner_source_id, dimension, metric, "
      "numerator, denominator, raw_value, n, confidence, normalized, weight, status, explanation, "
      "partner_key, normalization) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  if (!insert_metric.ok()) return insert_metric.status();
  Result<Stmt> insert_evidence = db.Prepare(
      "INSERT INTO score_evidence (run_id, metric, connection, partner_source_id, entity_type, "
      "entity_connection, entity_source_id, evidence_role, partner_key) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert_evidence.ok()) return insert_evidence.status();
  for (const plugin::MetricRow& m : metrics) {
    Stmt& s = *insert_metric;
    s.Bind(1, run_id).Bind(2, std::string_view(m.scope));
    BindSubject(s, 3, 16, m.scope, m.partner_connection, m.partner_id, m.partner_key);
    s.Bind(5, std::string_view(m.dimension)).Bind(6, std::string_view(m.metric));
    BindNumber(s, 7, m.numerator);
    BindNumber(s, 8, m.denominator);
    BindNumber(s, 9, m.raw_value);
    s.Bind(10, m.n);
    BindNumber(s, 11, m.confidence);
    BindNumber(s, 12, m.normalized);
    BindNumber(s, 13, m.weight);
    s.Bind(14, std::string_view(m.status));
    BindText(s, 15, m.explanation);
    BindText(s, 17, m.normalization);
    if (Status st = s.Run(); !st.ok()) return st;
    for (const plugin::EvidenceRow& e : m.evidence) {
      Stmt& ev = *insert_evidence;
      ev.Bind(1, run_id).Bind(2, std::string_view(m.metric));
      BindSubject(ev, 3, 9, m.scope, m.partner_connection, m.partner_id, m.partner_key);
      ev.Bind(5, std::string_view(e.entity)).Bind(6, std::string_view(e.connection));
      ev.Bind(7, std::string_view(e.source_id)).Bind(8, std::string_view(e.role));
      if (Status st = ev.Run(); !st.ok()) return st;
    }
  }

  Result<Stmt> insert_dimension = db.Prepare(
      "INSERT INTO score_dimension (run_id, scope, connection, partner_source_id, dimension, "
      "value, confidence, coverage, partner_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert_dimension.ok()) return insert_dimension.status();
  for (const DimensionScore& d : dimensions) {
    Stmt& s = *insert_dimension;
    const ScoreSubject& who = d.subject;
    s.Bind(1, run_id).Bind(2, std::string_view(who.scope));
    BindSubject(s, 3, 9, who.scope, who.connection, who.partner_source_id, who.partner_key);
    s.Bind(5, std::string_view(d.dimension));
    BindNumber(s, 6, d.value);
    BindNumber(s, 7, d.confidence);
    BindNumber(s, 8, d.coverage);
    if (Status st = s.Run(); !st.ok()) return st;
  }

  Result<Stmt> insert_total = db.Prepare(
      "INSERT INTO score_total (run_id, scope, connection, partner_source_id, tempo, confidence, "
      "coverage, partner_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert_total.ok()) return insert_total.status();
  for (const TotalScore& t : totals) {
    Stmt& s = *insert_total;
    const ScoreSubject& who = t.subject;
    s.Bind(1, run_id).Bind(2, std::string_view(who.scope));
    BindSubject(s, 3, 8, who.scope, who.connection, who.partner_source_id, who.partner_key);
    BindNumber(s, 5, t.tempo);
    BindNumber(s, 6, t.confidence);
    BindNumber(s, 7, t.coverage);
    if (Status st = s.Run(); !st.ok()) return st;
  }

  if (Status s = tx.Commit(); !s.ok()) return s;
  return run_id;
}

}  // namespace tempo::store

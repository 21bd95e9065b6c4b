// Reading a report from the score views.
#include "report/load.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "config/weights.h"
#include "report/changes.h"
#include "report/evidence_sql.h"
#include "report/partner_match.h"
#include "report/runs.h"

namespace tempo::report {
namespace {

// One read transaction around the whole load: every query sees the same committed state.
class ReadTransaction {
 public:
  explicit ReadTransaction(store::Db& db) : db_(db) {}
  ~ReadTransaction() {
    if (open_) (void)db_.Exec("ROLLBACK");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  Status Begin() {
    Status s = db_.Exec("BEGIN");
    open_ = s.ok();
    return s;
  }

 private:
  store::Db& db_;
  bool open_ = false;
};

std::optional<double> Number(const store::Stmt& stmt, int col) {
  if (stmt.IsNull(col)) return std::nullopt;
  return stmt.Real(col);
}

// Every row of v_partner_scores of `run`: the ecosystem first, then the partners by rank,
// unscored ones last by name.
Result<std::vector<Scores>> ReadScores(store::Db& db, const RunInfo& run) {
  Result<store::Stmt> stmt = db.Prepare(
      "SELECT scope, coalesce(partner_key, ''), coalesce(partner_name, ''), "
      "coalesce(connection, ''), coalesce(partner_source_id, ''), rank, tempo, coverage, "
      "confidence, trust, embedded, monetizing, product, outside_in FROM v_partner_scores "
      "WHERE run_id = ?1 "
      "ORDER BY scope = 'partner', rank IS NULL, rank, lower(partner_name), partner_key");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run.id);
  std::vector<Scores> rows;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Scores s;
    s.scope = stmt->Text(0);
    s.partner_key = stmt->Text(1);
    s.name = s.scope == "ecosystem" ? "ecosystem" : stmt->Text(2);
    s.connection = stmt->Text(3);
    s.partner_source_id = stmt->Text(4);
    if (!stmt->IsNull(5)) s.rank = stmt->Int(5);
    s.tempo = Number(*stmt, 6);
    s.coverage = Number(*stmt, 7);
    s.confidence = Number(*stmt, 8);
    for (size_t d = 0; d < kDimensionCount; ++d) {
      s.dimensions[d] = Number(*stmt, 9 + static_cast<int>(d));
    }
    s.partial = s.tempo && s.coverage.value_or(0) < run.partial_below;
    rows.push_back(std::move(s));
  }
  return rows;
}

size_t DimensionIndex(const std::string& code) {
  for (size_t d = 0; d < kDimensionCount; ++d) {
    if (config::kDimensionCodes[d] == code) return d;
  }
  return kDimensionCount;
}

// TEMPO order, then the code's number (T2 before T10).
bool MetricBefore(const Metric& a, const Metric& b) {
  const size_t da = DimensionIndex(a.dimension);
  const size_t db = DimensionIndex(b.dimension);
  if (da != db) return da < db;
  if (a.code.size() != b.code.size()) return a.code.size() < b.code.size();
  return a.code < b.code;
}

// The metrics of `run`, by partner_key ("" for the ecosystem); only the ecosystem's and
// `only`'s when `only` is set.
Result<std::map<std::string, std::vector<Metric>>> ReadMetrics(store::Db& db, int64_t run,
                                                               const Scores* only) {
  Result<store::Stmt> stmt = db.Prepare(
      "SELECT coalesce(partner_key, ''), dimension, metric, status, numerator, denominator, "
      "raw_value, normalized, confidence, n, coalesce(normalization, ''), "
      "coalesce(explanation, '') FROM v_score_explanations WHERE run_id = ?1 "
      "AND (?2 IS NULL OR scope = 'ecosystem' OR (connection = ?2 AND partner_source_id = ?3))");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run);
  if (only != nullptr) {
    stmt->Bind(2, std::string_view(only->connection));
    stmt->Bind(3, std::string_view(only->partner_source_id));
  }
  std::map<std::string, std::vector<Metric>> metrics;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Metric m;
    m.dimension = stmt->Text(1);
    m.code = stmt->Text(2);
    m.status = stmt->Text(3);
    m.numerator = Number(*stmt, 4);
    m.denominator = Number(*stmt, 5);
    m.raw_value = Number(*stmt, 6);
    m.normalized = Number(*stmt, 7);
    m.confidence = Number(*stmt, 8);
    if (!stmt->IsNull(9)) m.n = stmt->Int(9);
    m.normalization = stmt->Text(10);
    m.explanation = stmt->Text(11);
    metrics[stmt->Text(0)].push_back(std::move(m));
  }
  for (auto& [key, list] : metrics) {
    std::sort(list.begin(), list.end(), MetricBefore);
    for (Metric& m : list) m.evidence_sql = EvidenceSql(run, m.code, key);
  }
  return metrics;
}

// Each metric's evidence count and its first kEvidenceShown records (numerators and treated
// records first), read in one pass over v_score_evidence.
Status ReadEvidence(store::Db& db, int64_t run, const Scores* only,
                    std::map<std::string, std::vector<Metric>>& metrics) {
  Result<store::Stmt> stmt = db.Prepare(
      "SELECT coalesce(partner_key, ''), metric, role, entity_table, entity_connection, "
      "entity_source_id, records FROM ("
      "  SELECT partner_key, metric, role, entity_table, entity_connection, entity_source_id, "
      "    row_number() OVER (PARTITION BY partner_key, metric ORDER BY "
      "      CASE role WHEN 'numerator' THEN 0 WHEN 'treated' THEN 1 WHEN 'denominator' THEN 2 "
      "      ELSE 3 END, entity_table, entity_connection, entity_source_id) AS k, "
      "    count(*) OVER (PARTITION BY partner_key, metric) AS records "
      "  FROM v_score_evidence WHERE run_id = ?1 AND (?2 IS NULL OR scope = 'ecosystem' "
      "    OR (connection = ?2 AND partner_source_id = ?3))) "
      "WHERE k <= ?4");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run);
  if (only != nullptr) {
    stmt->Bind(2, std::string_view(only->connection));
    stmt->Bind(3, std::string_view(only->partner_source_id));
  }
  stmt->Bind(4, static_cast<int64_t>(kEvidenceShown));
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto list = metrics.find(stmt->Text(0));
    if (list == metrics.end()) continue;
    const std::string code = stmt->Text(1);
    auto m = std::find_if(list->second.begin(), list->second.end(),
                          [&](const Metric& x) { return x.code == code; });
    if (m == list->second.end()) continue;
    m->evidence_count = stmt->Int(6);
    m->evidence.push_back({stmt->Text(2), stmt->Text(3), stmt->Text(4), stmt->Text(5)});
  }
  return Status::Ok();
}

// The composite of the ecosystem and of each reported partner in each trend run.
Status ReadTrend(store::Db& db, const RunInfo& run, Report& report) {
  report.trend.push_back({"ecosystem", "", {}});
  for (const Subject& p : report.partners) {
    report.trend.push_back({p.scores.name, p.scores.partner_key, {}});
  }
  for (const TrendRun& point : report.trend_runs) {
    RunInfo at = run;
    at.id = point.run_id;
    Result<std::vector<Scores>> scores = ReadScores(db, at);
    if (!scores.ok()) return scores.status();
    for (TrendSeries& series : report.trend) {
      auto it = std::find_if(scores->begin(), scores->end(), [&](const Scores& s) {
        return series.partner_key.empty() ? s.scope == "ecosystem"
                                          : s.partner_key == series.partner_key;
      });
      series.tempo.push_back(it == scores->end() ? std::nullopt : it->tempo);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Report> LoadReport(store::Db& db, const LoadOptions& options) {
  ReadTransaction transaction(db);
  if (Status s = transaction.Begin(); !s.ok()) return s;
  Result<int64_t> run_id = ChooseRun(db, options.run_id, options.scorer);
  if (!run_id.ok()) return run_id.status();
  Result<RunInfo> run = ReadRun(db, *run_id);
  if (!run.ok()) return run.status();

  Report report;
  report.run = *run;
  report.partner_filter = options.partner;
  report.ecosystem.scores.scope = "ecosystem";
  report.ecosystem.scores.name = "ecosystem";
  Result<std::vector<Scores>> scores = ReadScores(db, *run);
  if (!scores.ok()) return scores.status();
  std::vector<Scores> partners;
  for (Scores& s : *scores) {
    if (s.scope == "ecosystem") {
      report.ecosystem.scores = std::move(s);
    } else {
      partners.push_back(std::move(s));
    }
  }
  report.partners_in_run = static_cast<int64_t>(partners.size());
  if (!options.partner.empty()) {
    Result<size_t> index = FindPartner(partners, options.partner, run->id);
    if (!index.ok()) return index.status();
    partners = {partners[*index]};
  }
  const Scores* only = options.partner.empty() ? nullptr : &partners.front();

  Result<std::map<std::string, std::vector<Metric>>> metrics = ReadMetrics(db, run->id, only);
  if (!metrics.ok()) return metrics.status();
  if (Status s = ReadEvidence(db, run->id, only, *metrics); !s.ok()) return s;
  report.ecosystem.metrics = std::move((*metrics)[""]);
  for (Scores& s : partners) {
    Subject subject;
    subject.metrics = std::move((*metrics)[s.partner_key]);
    subject.scores = std::move(s);
    report.partners.push_back(std::move(subject));
  }

  Result<std::vector<TrendRun>> runs = RunsUpTo(db, *run, kTrendRuns);
  if (!runs.ok()) return runs.status();
  if (runs->size() < 2) return report;
  report.trend_runs = std::move(runs).value();
  Result<RunInfo> previous = ReadRun(db, report.trend_runs[report.trend_runs.size() - 2].run_id);
  if (!previous.ok()) return previous.status();
  Result<std::vector<Scores>> previous_scores = ReadScores(db, *previous);
  if (!previous_scores.ok()) return previous_scores.status();
  report.previous = std::move(previous).value();
  std::vector<Scores> dropped = ApplyChanges(report.ecosystem, report.partners, *previous_scores);
  if (options.partner.empty()) report.dropped = std::move(dropped);
  if (Status s = ReadTrend(db, *run, report); !s.ok()) return s;
  return report;
}

}  // namespace tempo::report

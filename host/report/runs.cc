// Choosing score runs and reading their records.
#include "report/runs.h"

#include <simdjson.h>

#include <algorithm>
#include <functional>

#include "config/weights.h"

namespace tempo::report {
namespace {

namespace od = simdjson::ondemand;

// The run's dimension weights from weights_json ({"T":0.15,...}); unset when absent.
void ParseWeights(std::string_view text, RunInfo& run) {
  if (text.empty()) return;
  od::parser parser;
  simdjson::padded_string json(text);
  od::document doc;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS) return;
  for (size_t d = 0; d < kDimensionCount; ++d) {
    double weight = 0;
    if (doc[config::kDimensionCodes[d]].get_double().get(weight) == simdjson::SUCCESS) {
      run.weights[d] = weight;
    }
    doc.rewind();
  }
}

// partial_below_coverage from params_json; the default when absent.
void ParsePartialBelow(std::string_view text, RunInfo& run) {
  if (text.empty()) return;
  od::parser parser;
  simdjson::padded_string json(text);
  od::document doc;
  double value = 0;
  if (parser.iterate(json).get(doc) == simdjson::SUCCESS &&
      doc["partial_below_coverage"].get_double().get(value) == simdjson::SUCCESS) {
    run.partial_below = value;
  }
}

// The connections read, from watermarks_json ({"crm":{"sync_run_id":1,...},...}).
void ParseRead(std::string_view text, RunInfo& run) {
  if (text.empty()) return;
  od::parser parser;
  simdjson::padded_string json(text);
  od::document doc;
  od::object connections;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(connections) != simdjson::SUCCESS) {
    return;
  }
  for (auto field : connections) {
    std::string_view name;
    od::object watermark;
    if (field.unescaped_key().get(name) != simdjson::SUCCESS ||
        field.value().get_object().get(watermark) != simdjson::SUCCESS) {
      return;
    }
    ReadConnection read{std::string(name), 0};
    if (watermark["sync_run_id"].get_int64().get(read.sync_run_id) != simdjson::SUCCESS) {
      read.sync_run_id = 0;
    }
    run.read.push_back(std::move(read));
  }
  std::sort(run.read.begin(), run.read.end(), [](const ReadConnection& a, const ReadConnection& b) {
    return a.connection < b.connection;
  });
}

// The connections left out, from excluded_json ([{"connection":...,"reason":...},...]).
void ParseExcluded(std::string_view text, RunInfo& run) {
  if (text.empty()) return;
  od::parser parser;
  simdjson::padded_string json(text);
  od::document doc;
  od::array excluded;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS ||
      doc.get_array().get(excluded) != simdjson::SUCCESS) {
    return;
  }
  for (auto item : excluded) {
    od::object entry;
    if (item.get_object().get(entry) != simdjson::SUCCESS) return;
    std::string_view connection;
    std::string_view reason;
    if (entry["connection"].get_string().get(connection) != simdjson::SUCCESS) return;
    if (entry["reason"].get_string().get(reason) != simdjson::SUCCESS) reason = {};
    run.excluded.push_back({std::string(connection), std::string(reason)});
  }
}

// The first column of the first row of `sql` with ?1 bound by `bind`; none for no row or NULL.
Result<std::optional<int64_t>> OptionalInt(store::Db& db, std::string_view sql,
                                           const std::function<void(store::Stmt&)>& bind = {}) {
  Result<store::Stmt> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  if (bind) bind(*stmt);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row || stmt->IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->Int(0));
}

// "1 to 7" or "3": the ids the store's runs have.
Result<std::string> RunIds(store::Db& db) {
  Result<store::Stmt> stmt = db.Prepare("SELECT min(id), max(id) FROM score_run");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row || stmt->IsNull(0)) return std::string();
  const int64_t first = stmt->Int(0);
  const int64_t last = stmt->Int(1);
  return first == last ? std::to_string(first)
                       : std::to_string(first) + " to " + std::to_string(last);
}

Status NoRunYet(const store::Db& db) {
  return Status::NotFound("store " + db.path() +
                          " has no score run yet: score the partners first (tempo score), then "
                          "report");
}

}  // namespace

Result<int64_t> ChooseRun(store::Db& db, std::optional<int64_t> run_id, const std::string& scorer) {
  Result<std::string> ids = RunIds(db);
  if (!ids.ok()) return ids.status();
  if (ids->empty()) return NoRunYet(db);
  if (run_id) {
    Result<std::optional<int64_t>> found =
        OptionalInt(db, "SELECT id FROM score_run WHERE id = ?1",
                    [&](store::Stmt& stmt) { stmt.Bind(1, *run_id); });
    if (!found.ok()) return found.status();
    if (!*found) {
      return Status::InvalidArgument("no score run " + std::to_string(*run_id) + " in store " +
                                     db.path() + "; its runs are " + *ids +
                                     " (without --run the report shows the latest)");
    }
    return **found;
  }
  if (scorer.empty()) {
    Result<std::optional<int64_t>> latest = OptionalInt(db, "SELECT max(id) FROM score_run");
    if (!latest.ok()) return latest.status();
    return **latest;
  }
  Result<std::optional<int64_t>> latest =
      OptionalInt(db, "SELECT max(id) FROM score_run WHERE scorer = ?1",
                  [&](store::Stmt& stmt) { stmt.Bind(1, std::string_view(scorer)); });
  if (!latest.ok()) return latest.status();
  if (*latest) return **latest;
  Result<store::Stmt> names = db.Prepare(
      "SELECT group_concat(name, ', ') FROM (SELECT DISTINCT coalesce(scorer, plugin) AS name "
      "FROM score_run ORDER BY name)");
  if (!names.ok()) return names.status();
  Result<bool> row = names->Step();
  if (!row.ok()) return row.status();
  return Status::InvalidArgument("no score run of scorer '" + scorer + "' in store " + db.path() +
                                 "; it has runs of: " + names->Text(0) +
                                 " (tempo score --scorer NAME scores with another scorer)");
}

Result<RunInfo> ReadRun(store::Db& db, int64_t run_id) {
  Result<store::Stmt> stmt = db.Prepare(
      "SELECT id, coalesce(scorer, plugin), plugin, model_version, coalesce(profile, ''), "
      "computed_at, coalesce(as_of, computed_at), coalesce(window_start, ''), "
      "coalesce(weights_json, ''), coalesce(params_json, ''), coalesce(watermarks_json, ''), "
      "coalesce(excluded_json, '') FROM score_run WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run_id);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no score run " + std::to_string(run_id) + " in " + db.path());
  RunInfo run;
  run.id = stmt->Int(0);
  run.scorer = stmt->Text(1);
  run.plugin = stmt->Text(2);
  run.model_version = stmt->Text(3);
  run.profile = stmt->Text(4);
  run.computed_at = stmt->Text(5);
  run.as_of = stmt->Text(6);
  run.window_start = stmt->Text(7);
  ParseWeights(stmt->TextView(8), run);
  ParsePartialBelow(stmt->TextView(9), run);
  ParseRead(stmt->TextView(10), run);
  ParseExcluded(stmt->TextView(11), run);
  return run;
}

Result<std::vector<TrendRun>> RunsUpTo(store::Db& db, const RunInfo& run, size_t limit) {
  Result<store::Stmt> stmt = db.Prepare(
      "SELECT id, coalesce(as_of, computed_at) FROM score_run "
      "WHERE coalesce(scorer, plugin) = ?1 AND coalesce(profile, '') = ?2 "
      "  AND (coalesce(as_of, computed_at) < ?3 OR (coalesce(as_of, computed_at) = ?3 "
      "       AND id <= ?4)) "
      "ORDER BY coalesce(as_of, computed_at) DESC, id DESC LIMIT ?5");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string_view(run.scorer)).Bind(2, std::string_view(run.profile));
  stmt->Bind(3, std::string_view(run.as_of)).Bind(4, run.id);
  stmt->Bind(5, static_cast<int64_t>(limit));
  std::vector<TrendRun> runs;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    runs.push_back({stmt->Int(0), stmt->Text(1)});
  }
  std::reverse(runs.begin(), runs.end());
  return runs;
}

}  // namespace tempo::report

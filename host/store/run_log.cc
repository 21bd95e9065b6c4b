// RunLog queries over sync_runs and sync_state.
#include "store/run_log.h"

#include <string>

#include "store/store.h"

namespace tempo::store {

namespace {

// Whether sync_runs has `kind` (schema 9): a store read without migrating may be older.
Result<bool> HasRunKinds(Db& db) {
  Result<Stmt> select =
      db.Prepare("SELECT 1 FROM pragma_table_info('sync_runs') WHERE name = 'kind'");
  if (!select.ok()) return select.status();
  return select->Step();
}

}  // namespace

Result<std::map<std::string, std::string>> LastRunStarts(Db& db) {
  Result<bool> kinds = HasRunKinds(db);
  if (!kinds.ok()) return kinds.status();
  // A replay (tempo rejects --replay) reads no source: it does not move a schedule.
  Result<Stmt> select =
      db.Prepare(std::string("SELECT connection, MAX(started_at) FROM sync_runs ") +
                 (*kinds ? "WHERE kind = 'sync' " : "") + "GROUP BY connection");
  if (!select.ok()) return select.status();
  std::map<std::string, std::string> starts;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    starts[select->Text(0)] = select->Text(1);
  }
  return starts;
}

Result<int64_t> MaxRunId(Db& db) {
  Result<Stmt> select = db.Prepare("SELECT COALESCE(MAX(id), 0) FROM sync_runs");
  if (!select.ok()) return select.status();
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row ? select->Int(0) : int64_t{0};
}

namespace {

// The columns of a RunRow, in the order ReadRunRow reads them.
constexpr std::string_view kRunRowColumns =
    "SELECT id, status, started_at, COALESCE(error, ''), records, rejects, "
    "COALESCE(duration_ms, 0), COALESCE(pid, 0) FROM sync_runs ";

// Steps `select` (kRunRowColumns + a condition) once: its row, or nullopt when there is none.
Result<std::optional<RunRow>> ReadRunRow(Stmt& select) {
  Result<bool> row = select.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<RunRow>();
  RunRow run;
  run.id = select.Int(0);
  run.status = select.Text(1);
  run.started_at = select.Text(2);
  run.error = select.Text(3);
  run.records = select.Int(4);
  run.rejects = select.Int(5);
  run.duration_ms = select.Int(6);
  run.pid = select.Int(7);
  return std::optional<RunRow>(std::move(run));
}

}  // namespace

Result<std::optional<RunRow>> FindRunByPid(Db& db, std::string_view connection, int64_t pid,
                                           int64_t after_id) {
  Result<Stmt> select =
      db.Prepare(std::string(kRunRowColumns) +
                 "WHERE connection = ?1 AND pid = ?2 AND id > ?3 ORDER BY id DESC LIMIT 1");
  if (!select.ok()) return select.status();
  select->Bind(1, connection).Bind(2, pid).Bind(3, after_id);
  return ReadRunRow(*select);
}

Result<std::vector<StreamRunCounts>> StreamCountsOfRun(Db& db, int64_t run_id) {
  Result<Stmt> select = db.Prepare(
      "SELECT s.key, coalesce(json_extract(s.value, '$.records'), 0), "
      "coalesce(json_extract(s.value, '$.rejects'), 0), "
      "coalesce(json_extract(s.value, '$.status'), ''), "
      "coalesce(json_extract(s.value, '$.error'), '') FROM sync_runs r, "
      "json_each(CASE WHEN json_valid(r.streams_json) THEN r.streams_json ELSE '{}' END) s "
      "WHERE r.id = ?1 ORDER BY s.key");
  if (!select.ok()) return select.status();
  select->Bind(1, run_id);
  std::vector<StreamRunCounts> counts;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    counts.push_back(
        {select->Text(0), select->Int(1), select->Int(2), select->Text(3), select->Text(4)});
  }
  return counts;
}

Result<std::optional<RunRow>> LastRun(Db& db, std::string_view connection) {
  Result<Stmt> select =
      db.Prepare(std::string(kRunRowColumns) + "WHERE connection = ?1 ORDER BY id DESC LIMIT 1");
  if (!select.ok()) return select.status();
  select->Bind(1, connection);
  Result<std::optional<RunRow>> run = ReadRunRow(*select);
  if (!run.ok() || !*run) return run;
  select->Reset();
  Result<bool> kinds = HasRunKinds(db);
  if (!kinds.ok()) return kinds.status();
  if (*kinds) {
    Result<Stmt> kind = db.Prepare("SELECT kind FROM sync_runs WHERE id = ?1");
    if (!kind.ok()) return kind.status();
    kind->Bind(1, (*run)->id);
    Result<bool> row = kind->Step();
    if (!row.ok()) return row.status();
    if (*row) (*run)->kind = kind->Text(0);
  }
  return run;
}

Status EndRun(Db& db, int64_t id, std::string_view status, std::string_view error) {
  Result<Stmt> update = db.Prepare(
      "UPDATE sync_runs SET status = ?1, error = ?2, finished_at = ?3, duration_ms = "
      "CAST(ROUND((julianday(?3) - julianday(started_at)) * 86400000) AS INTEGER) WHERE id = ?4");
  if (!update.ok()) return update.status();
  const std::string now = NowUtc();
  update->Bind(1, status).Bind(2, error).Bind(3, std::string_view(now)).Bind(4, id);
  return update->Run();
}

Result<int64_t> InsertEndedRun(Db& db, std::string_view connection, std::string_view plugin,
                               int64_t pid, std::string_view started_at, std::string_view status,
                               std::string_view error) {
  Result<Stmt> insert = db.Prepare(
      "INSERT INTO sync_runs (connection, plugin, plugin_version, started_at, finished_at, "
      "status, pid, error, duration_ms) VALUES (?1, ?2, '', ?3, ?4, ?5, ?6, ?7, "
      "CAST(ROUND((julianday(?4) - julianday(?3)) * 86400000) AS INTEGER))");
  if (!insert.ok()) return insert.status();
  const std::string now = NowUtc();
  insert->Bind(1, connection)
      .Bind(2, plugin)
      .Bind(3, started_at)
      .Bind(4, std::string_view(now))
      .Bind(5, status)
      .Bind(6, pid)
      .Bind(7, error);
  Status s = insert->Run();
  if (!s.ok()) return s;
  return db.LastInsertRowId();
}

Result<std::map<std::string, RunTotals>> SummarizeRuns(
    Db& db, const std::vector<double>& bucket_bounds_seconds) {
  std::map<std::string, RunTotals> totals;
  Result<Stmt> by_status = db.Prepare(
      "SELECT connection, status, COUNT(*), SUM(records), SUM(bytes), SUM(rejects), "
      "SUM(deletes), SUM(requests), SUM(retries), SUM(rate_limit_wait_ms), "
      "MAX(finished_at) FROM sync_runs WHERE status <> 'running' GROUP BY connection, status");
  if (!by_status.ok()) return by_status.status();
  for (;;) {
    Result<bool> row = by_status->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    RunTotals& t = totals[by_status->Text(0)];
    const std::string status = by_status->Text(1);
    t.runs_by_status[status] = by_status->Int(2);
    t.records += by_status->Int(3);
    t.bytes += by_status->Int(4);
    t.rejects += by_status->Int(5);
    t.deletes += by_status->Int(6);
    t.requests += by_status->Int(7);
    t.retries += by_status->Int(8);
    t.rate_limit_wait_ms += by_status->Int(9);
    const std::string finished = by_status->IsNull(10) ? "" : by_status->Text(10);
    if (finished > t.last_finished_at) t.last_finished_at = finished;
    if (status == "succeeded") t.last_success_finished_at = finished;
  }
  // The newest run of each connection that received an API usage report.
  Result<Stmt> usage = db.Prepare(
      "SELECT connection, api_used, api_limit FROM sync_runs s WHERE id = (SELECT MAX(id) FROM "
      "sync_runs WHERE connection = s.connection AND api_used IS NOT NULL)");
  if (!usage.ok()) return usage.status();
  for (;;) {
    Result<bool> row = usage->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    RunTotals& t = totals[usage->Text(0)];
    t.api_used = usage->Int(1);
    t.api_limit = usage->Int(2);
  }
  Result<Stmt> durations = db.Prepare(
      "SELECT connection, duration_ms FROM sync_runs WHERE status <> 'running' AND duration_ms "
      "IS NOT NULL");
  if (!durations.ok()) return durations.status();
  for (;;) {
    Result<bool> row = durations->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    RunTotals& t = totals[durations->Text(0)];
    if (t.duration_buckets.empty()) t.duration_buckets.assign(bucket_bounds_seconds.size(), 0);
    const double seconds = static_cast<double>(durations->Int(1)) / 1000.0;
    for (size_t i = 0; i < bucket_bounds_seconds.size(); ++i) {
      if (seconds <= bucket_bounds_seconds[i]) ++t.duration_buckets[i];
    }
    t.duration_sum_seconds += seconds;
    ++t.duration_count;
  }
  for (auto& [name, t] : totals) {
    if (t.duration_buckets.empty()) t.duration_buckets.assign(bucket_bounds_seconds.size(), 0);
  }
  return totals;
}

Result<std::vector<StreamStateRow>> StreamStates(Db& db) {
  Result<Stmt> select = db.Prepare(
      "SELECT connection, stream, updated_at, refresh_run_id IS NOT NULL FROM sync_state "
      "ORDER BY connection, stream");
  if (!select.ok()) return select.status();
  std::vector<StreamStateRow> rows;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.push_back({select->Text(0), select->Text(1), select->Text(2), select->Int(3) != 0});
  }
  return rows;
}

}  // namespace tempo::store

// RejectLog: queries over rejected_records.
#include "store/reject_log.h"

#include "store/schema.h"
#include "store/store.h"

namespace tempo::store {
namespace {

// The filter's conditions after "connection = ?1": run ?2 (0: any), stream ?3 ("": any).
constexpr std::string_view kFilter = " AND (?2 = 0 OR run_id = ?2) AND (?3 = '' OR stream = ?3)";

}  // namespace

RejectLog::RejectLog(Db& db, std::string connection)
    : db_(db), connection_(std::move(connection)) {}

Result<std::vector<RejectRow>> RejectLog::Select(const sync::RejectFilter& filter, bool all_states,
                                                 int64_t after_id, size_t limit) {
  Result<Stmt> select = db_.Prepare(
      "SELECT id, run_id, stream, coalesce(entity, ''), coalesce(source_id, ''), reason, "
      "coalesce(raw_record, ''), raw_truncated, rejected_at, state, "
      "coalesce(replay_run_id, 0), coalesce(replayed_at, ''), length(CAST(raw_record AS BLOB)) "
      "FROM rejected_records WHERE connection = ?1" +
      std::string(kFilter) + " AND (?4 OR state = 'pending') AND id > ?5 ORDER BY id LIMIT ?6");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_))
      .Bind(2, filter.run_id)
      .Bind(3, std::string_view(filter.stream))
      .Bind(4, int64_t{all_states ? 1 : 0})
      .Bind(5, after_id)
      .Bind(6, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
  std::vector<RejectRow> rows;
  for (;;) {
    Result<bool> more = select->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    RejectRow row;
    sync::KeptReject& r = row.reject;
    r.id = select->Int(0);
    r.run_id = select->Int(1);
    r.stream = select->Text(2);
    r.entity = select->Text(3);
    r.source_id = select->Text(4);
    r.reason = select->Text(5);
    r.raw_record = select->Text(6);
    r.raw_truncated = select->Int(7) != 0;
    r.rejected_at = select->Text(8);
    row.state = select->Text(9);
    row.replay_run_id = select->Int(10);
    row.replayed_at = select->Text(11);
    row.raw_record_bytes = select->Int(12);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<RejectRow>> RejectLog::List(const sync::RejectFilter& filter, bool all_states,
                                               size_t limit) {
  return Select(filter, all_states, 0, limit);
}

Result<int64_t> RejectLog::Count(const sync::RejectFilter& filter, bool all_states) {
  Result<Stmt> select = db_.Prepare("SELECT count(*) FROM rejected_records WHERE connection = ?1" +
                                    std::string(kFilter) + " AND (?4 OR state = 'pending')");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_))
      .Bind(2, filter.run_id)
      .Bind(3, std::string_view(filter.stream))
      .Bind(4, int64_t{all_states ? 1 : 0});
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row ? select->Int(0) : int64_t{0};
}

Result<std::vector<RunRejects>> RejectLog::Runs(const sync::RejectFilter& filter) {
  // Runs with rejects, and the rows each kept (of the filtered stream, if one is given: then
  // sync_runs.rejects, which counts every stream, is replaced by its stream's count).
  Result<Stmt> select = db_.Prepare(
      "SELECT r.id, r.kind, r.status, "
      "CASE WHEN ?3 = '' THEN r.rejects ELSE coalesce(json_extract(r.streams_json, "
      "'$.\"' || ?3 || '\".rejects'), 0) END, "
      "(SELECT count(*) FROM rejected_records k WHERE k.run_id = r.id AND "
      "(?3 = '' OR k.stream = ?3)), "
      "(SELECT count(*) FROM rejected_records k WHERE k.run_id = r.id AND "
      "(?3 = '' OR k.stream = ?3) AND k.state = 'pending') "
      "FROM sync_runs r WHERE r.connection = ?1 AND r.kind = 'sync' AND r.rejects > 0 "
      "AND (?2 = 0 OR r.id = ?2) ORDER BY r.id");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_))
      .Bind(2, filter.run_id)
      .Bind(3, std::string_view(filter.stream));
  std::vector<RunRejects> runs;
  for (;;) {
    Result<bool> more = select->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    RunRejects r;
    r.run_id = select->Int(0);
    r.kind = select->Text(1);
    r.status = select->Text(2);
    r.rejects = select->Int(3);
    r.kept = select->Int(4);
    r.pending = select->Int(5);
    if (r.rejects > 0 || r.kept > 0) runs.push_back(std::move(r));
  }
  return runs;
}

Result<std::vector<sync::KeptReject>> RejectLog::Pending(const sync::RejectFilter& filter,
                                                         int64_t after_id, size_t limit) {
  Result<std::vector<RejectRow>> rows = Select(filter, /*all_states=*/false, after_id, limit);
  if (!rows.ok()) return rows.status();
  std::vector<sync::KeptReject> pending;
  pending.reserve(rows->size());
  for (RejectRow& row : *rows) pending.push_back(std::move(row.reject));
  return pending;
}

Result<bool> RejectLog::HasNewerReject(const sync::KeptReject& reject) {
  Result<Stmt> select = db_.Prepare(
      "SELECT 1 FROM rejected_records WHERE connection = ?1 AND stream = ?2 AND source_id = ?3 "
      "AND run_id > ?4 AND (state = 'replayed' OR (state = 'pending' AND raw_record IS NOT "
      "NULL AND raw_truncated = 0)) LIMIT 1");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_))
      .Bind(2, std::string_view(reject.stream))
      .Bind(3, std::string_view(reject.source_id))
      .Bind(4, reject.run_id);
  return select->Step();
}

Result<bool> RejectLog::StoreHasNewer(std::string_view entity, std::string_view source_id,
                                      const sync::KeptReject& reject, int64_t replay_run) {
  const TableSpec* table = FindTable(entity);
  if (table == nullptr || source_id.empty()) return false;
  Result<Stmt> select = db_.Prepare(
      "SELECT 1 FROM " + std::string(table->name) +
      " WHERE connection = ?1 AND source_id = ?2 AND ((sync_run_id > ?3 AND sync_run_id <> ?4) "
      "OR (deleted_at IS NOT NULL AND deleted_at > ?5))");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_))
      .Bind(2, source_id)
      .Bind(3, reject.run_id)
      .Bind(4, replay_run)
      .Bind(5, std::string_view(reject.rejected_at));
  return select->Step();
}

Status RejectLog::Resolve(int64_t id, std::string_view state, int64_t replay_run) {
  Result<Stmt> update = db_.Prepare(
      "UPDATE rejected_records SET state = ?1, replay_run_id = ?2, replayed_at = ?3 "
      "WHERE id = ?4");
  if (!update.ok()) return update.status();
  update->Bind(1, state).Bind(2, replay_run).Bind(3, std::string_view(NowUtc())).Bind(4, id);
  return update->Run();
}

Status RejectLog::RejectAgain(int64_t id, std::string_view entity, std::string_view reason,
                              int64_t replay_run) {
  Result<Stmt> update = db_.Prepare(
      "UPDATE rejected_records SET reason = ?1, entity = CASE WHEN ?2 = '' THEN entity ELSE ?2 "
      "END, replay_run_id = ?3 WHERE id = ?4");
  if (!update.ok()) return update.status();
  update->Bind(1, reason).Bind(2, entity).Bind(3, replay_run).Bind(4, id);
  return update->Run();
}

Result<bool> HasRejectLog(Db& db) {
  Result<Stmt> select =
      db.Prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'rejected_records'");
  if (!select.ok()) return select.status();
  return select->Step();
}

Result<std::vector<std::pair<std::string, int64_t>>> PendingRejectCounts(Db& db) {
  std::vector<std::pair<std::string, int64_t>> counts;
  Result<bool> exists = HasRejectLog(db);
  if (!exists.ok()) return exists.status();
  if (!*exists) return counts;
  Result<Stmt> select = db.Prepare(
      "SELECT connection, count(*) FROM rejected_records WHERE state = 'pending' "
      "GROUP BY connection ORDER BY connection");
  if (!select.ok()) return select.status();
  for (;;) {
    Result<bool> more = select->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    counts.emplace_back(select->Text(0), select->Int(1));
  }
  return counts;
}

}  // namespace tempo::store

// SyncStore: sync_runs, sync_state and the write transaction.
#include "store/sync_store.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "common/log.h"
#include "store/schema.h"
#include "store/store.h"

namespace tempo::store {

SyncStore::SyncStore(Db& db, std::string connection, bool keep_raw)
    : db_(db), connection_(connection), writer_(db, std::move(connection)), txn_(db) {
  writer_.SetKeepRaw(keep_raw);
}

// A run still marked 'running' whose process is gone was killed or crashed: say so.
Status SyncStore::MarkInterruptedRuns() {
  Result<Stmt> select =
      db_.Prepare("SELECT id, pid FROM sync_runs WHERE connection = ?1 AND status = 'running'");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_));
  std::vector<int64_t> gone;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    int64_t pid = select->Int(1);
    bool alive = pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
    if (!alive || pid == ::getpid()) gone.push_back(select->Int(0));
  }
  select->Reset();
  if (gone.empty()) return Status::Ok();
  Result<Stmt> update = db_.Prepare(
      "UPDATE sync_runs SET status = 'interrupted', finished_at = ?1, error = 'the run ended "
      "without finishing (process killed or crashed); the next run resumed from its last "
      "commit' WHERE id = ?2");
  if (!update.ok()) return update.status();
  std::string now = NowUtc();
  for (int64_t id : gone) {
    update->Bind(1, std::string_view(now)).Bind(2, id);
    Status s = update->Run();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<int64_t> SyncStore::BeginRun(const sync::RunInfo& info) {
  had_rows_.clear();
  last_entity_.clear();
  Status s = MarkInterruptedRuns();
  if (!s.ok()) return s;
  Result<Stmt> insert = db_.Prepare(
      "INSERT INTO sync_runs (connection, plugin, plugin_version, started_at, status, pid, kind) "
      "VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, std::string_view(info.connection))
      .Bind(2, std::string_view(info.plugin))
      .Bind(3, std::string_view(info.plugin_version))
      .Bind(4, std::string_view(NowUtc()))
      .Bind(5, static_cast<int64_t>(::getpid()))
      .Bind(6, std::string_view(info.kind));
  s = insert->Run();
  if (!s.ok()) return s;
  run_id_ = db_.LastInsertRowId();
  writer_.SetRun(run_id_);
  committed_records_ = committed_rejects_ = commits_ = 0;
  committed_kept_ = 0;
  return run_id_;
}

Result<sync::StreamState> SyncStore::LoadState(std::string_view stream) {
  Result<Stmt> select = db_.Prepare(
      "SELECT state_json, refresh_run_id FROM sync_state WHERE connection = ?1 AND stream = ?2");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string_view(connection_)).Bind(2, stream);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  sync::StreamState state;
  if (*row) {
    state.state_json = select->Text(0);
    if (!select->IsNull(1)) state.refresh_run_id = select->Int(1);
  }
  return state;
}

Status SyncStore::Begin() {
  writer_.SetNow(NowUtc());
  pending_records_ = pending_rejects_ = pending_kept_ = 0;
  return txn_.Begin();
}

Status SyncStore::Write(const tempo_record& record, std::string* reject) {
  std::string_view entity(record.entity, record.entity_len);
  if (entity != last_entity_) {
    if (had_rows_.find(entity) == had_rows_.end()) {
      Result<bool> any = HasRows(entity);
      if (!any.ok()) return any.status();
      had_rows_.emplace(std::string(entity), *any);
    }
    last_entity_.assign(entity);
  }
  Status s = writer_.Write(record, reject);
  if (s.ok() && reject->empty()) ++pending_records_;
  return s;
}

namespace {

// The longest prefix of `text` no longer than `max` bytes that does not cut a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

Status SyncStore::WriteReject(const sync::Reject& reject) {
  ++pending_rejects_;
  if (committed_kept_ + pending_kept_ >= kMaxKeptRejectsPerRun) return Status::Ok();
  Result<Stmt> insert = db_.Prepare(
      "INSERT INTO rejected_records (connection, run_id, stream, entity, source_id, reason, "
      "raw_record, raw_truncated, rejected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, std::string_view(connection_)).Bind(2, run_id_).Bind(3, reject.stream);
  auto bind_optional = [&](int index, std::string_view value) {
    if (value.empty()) {
      insert->BindNull(index);
    } else {
      insert->Bind(index, value);
    }
  };
  bind_optional(4, reject.entity);
  bind_optional(5, reject.source_id);
  insert->Bind(6, reject.reason);
  const std::string_view raw = Utf8Prefix(reject.raw_record, kMaxRawRecordBytes);
  bind_optional(7, raw);
  insert->Bind(8, int64_t{raw.size() < reject.raw_record.size() ? 1 : 0});
  insert->Bind(9, std::string_view(NowUtc()));
  Status s = insert->Run();
  if (s.ok()) ++pending_kept_;
  return s;
}

Result<bool> SyncStore::HasRows(std::string_view entity) {
  const TableSpec* table = FindTable(entity);
  if (table == nullptr) return true;  // the writer rejects it; nothing to conclude
  Result<Stmt> stmt =
      db_.Prepare("SELECT 1 FROM " + std::string(table->name) + " WHERE connection = ?1 LIMIT 1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string_view(connection_));
  return stmt->Step();
}

Status SyncStore::CheckScope(std::string_view entity, const sync::RowScope& scope) {
  return ScopeColumn(entity, scope).status();
}

Result<int64_t> SyncStore::DeleteUnseen(std::string_view entity, int64_t since_run_id,
                                        const sync::RowScope& scope) {
  auto it = had_rows_.find(entity);
  if (it != had_rows_.end() && !it->second) return int64_t{0};
  return writer_.DeleteUnseen(entity, since_run_id, scope);
}

Status SyncStore::WriteState(std::string_view stream, std::string_view state_json,
                             std::optional<int64_t> refresh_run_id) {
  Result<Stmt> upsert = db_.Prepare(
      "INSERT INTO sync_state (connection, stream, state_json, refresh_run_id, sync_run_id, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (connection, stream) DO UPDATE "
      "SET state_json = excluded.state_json, refresh_run_id = excluded.refresh_run_id, "
      "sync_run_id = excluded.sync_run_id, updated_at = excluded.updated_at");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, std::string_view(connection_)).Bind(2, stream).Bind(3, state_json);
  if (refresh_run_id) {
    upsert->Bind(4, *refresh_run_id);
  } else {
    upsert->BindNull(4);
  }
  upsert->Bind(5, run_id_).Bind(6, std::string_view(NowUtc()));
  return upsert->Run();
}

Status SyncStore::Commit(std::string_view stream, std::string_view state_json,
                         std::optional<int64_t> refresh_run_id) {
  Status s;
  if (!stream.empty()) {
    s = WriteState(stream, state_json, refresh_run_id);
    if (!s.ok()) return s;
  }
  Result<Stmt> progress =
      db_.Prepare("UPDATE sync_runs SET records = ?1, rejects = ?2, commits = ?3 WHERE id = ?4");
  if (!progress.ok()) return progress.status();
  progress->Bind(1, committed_records_ + pending_records_)
      .Bind(2, committed_rejects_ + pending_rejects_)
      .Bind(3, commits_ + 1)
      .Bind(4, run_id_);
  s = progress->Run();
  if (!s.ok()) return s;
  s = txn_.Commit();
  if (!s.ok()) return s;
  committed_records_ += pending_records_;
  committed_rejects_ += pending_rejects_;
  committed_kept_ += pending_kept_;
  ++commits_;
  pending_records_ = pending_rejects_ = pending_kept_ = 0;
  return Status::Ok();
}

void SyncStore::Rollback() { txn_.Rollback(); }

Status SyncStore::FinishRun(int64_t run_id, const sync::RunSummary& sum) {
  if (writer_.stale() > 0) {
    log::Info("connection '" + connection_ + "': " + std::to_string(writer_.stale()) +
              " record(s) older than the version already stored were kept out (a replayed or "
              "late page; older never overwrites newer)");
  }
  Result<Stmt> update = db_.Prepare(
      "UPDATE sync_runs SET finished_at = ?1, status = ?2, records = ?3, deletes = ?4, "
      "rejects = ?5, pages = ?6, commits = ?7, bytes = ?8, duration_ms = ?9, error = ?10, "
      "streams_json = ?11, reject_samples_json = ?12, requests = ?14, retries = ?15, "
      "rate_limit_wait_ms = ?16, api_used = ?17, api_limit = ?18 WHERE id = ?13");
  if (!update.ok()) return update.status();
  update->Bind(1, std::string_view(NowUtc()))
      .Bind(2, std::string_view(sum.status))
      .Bind(3, sum.records)
      .Bind(4, sum.deletes)
      .Bind(5, sum.rejects)
      .Bind(6, sum.pages)
      .Bind(7, sum.commits)
      .Bind(8, sum.bytes)
      .Bind(9, sum.duration_ms);
  if (sum.error.empty()) {
    update->BindNull(10);
  } else {
    update->Bind(10, std::string_view(sum.error));
  }
  update->Bind(11, std::string_view(sum.streams_json))
      .Bind(12, std::string_view(sum.reject_samples_json))
      .Bind(13, run_id)
      .Bind(14, sum.requests)
      .Bind(15, sum.retries)
      .Bind(16, sum.rate_limit_wait_ms);
  if (sum.api_used >= 0 && sum.api_limit >= 0) {
    update->Bind(17, sum.api_used).Bind(18, sum.api_limit);
  } else {
    update->BindNull(17).BindNull(18);
  }
  return update->Run();
}

}  // namespace tempo::store

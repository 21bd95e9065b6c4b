// PgSyncStore: sync_runs, sync_state and the write transaction on PostgreSQL.
#include "store/pg/sync_store.h"

#include <unistd.h>

#include "common/log.h"
#include "store/record_writer.h"
#include "store/store.h"
#include "store/sync_store.h"

namespace tempo::store::pg {
namespace {

// The longest prefix of `text` no longer than `max` bytes that does not cut a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

Params& AddOptional(Params& p, std::string_view value) {
  return value.empty() ? p.AddNull() : p.Add(value);
}

}  // namespace

PgSyncStore::PgSyncStore(Connection& conn, std::string connection, bool keep_raw)
    : conn_(conn), connection_(connection), writer_(conn, std::move(connection)), txn_(conn) {
  writer_.SetKeepRaw(keep_raw);
}

Result<int64_t> PgSyncStore::BeginRun(const sync::RunInfo& info) {
  // The caller holds the connection's run lock, so a run of this connection still marked
  // running has no process behind it any more, on whatever machine it ran.
  const std::string now = NowUtc();
  Result<int64_t> marked = conn_.Run(
      "UPDATE sync_runs SET status = 'interrupted', finished_at = $1, error = 'the run ended "
      "without finishing (process killed or crashed); the next run resumed from its last "
      "commit' WHERE connection = $2 AND status = 'running'",
      Params().Add(std::string_view(now)).Add(std::string_view(connection_)));
  if (!marked.ok()) return marked.status();
  Result<Rows> inserted = conn_.Query(
      "INSERT INTO sync_runs (connection, plugin, plugin_version, started_at, status, pid, kind) "
      "VALUES ($1, $2, $3, $4, 'running', $5, $6) RETURNING id",
      Params()
          .Add(std::string_view(info.connection))
          .Add(std::string_view(info.plugin))
          .Add(std::string_view(info.plugin_version))
          .Add(std::string_view(now))
          .Add(static_cast<int64_t>(::getpid()))
          .Add(std::string_view(info.kind)));
  if (!inserted.ok()) return inserted.status();
  run_id_ = inserted->Int(0, 0);
  writer_.SetRun(run_id_);
  committed_records_ = committed_rejects_ = commits_ = 0;
  committed_kept_ = 0;
  return run_id_;
}

Result<sync::StreamState> PgSyncStore::LoadState(std::string_view stream) {
  Result<Rows> rows = conn_.Query(
      "SELECT state_json, refresh_run_id FROM sync_state WHERE connection = $1 AND stream = $2",
      Params().Add(std::string_view(connection_)).Add(stream));
  if (!rows.ok()) return rows.status();
  sync::StreamState state;
  if (rows->size() > 0) {
    state.state_json = std::string(rows->Text(0, 0));
    if (!rows->IsNull(0, 1)) state.refresh_run_id = rows->Int(0, 1);
  }
  return state;
}

Status PgSyncStore::Begin() {
  writer_.SetNow(NowUtc());
  pending_records_ = pending_rejects_ = pending_kept_ = 0;
  return txn_.Begin();
}

Status PgSyncStore::Write(const tempo_record& record, std::string* reject) {
  Status s = writer_.Write(record, reject);
  if (s.ok() && reject->empty()) ++pending_records_;
  return s;
}

Status PgSyncStore::WriteReject(const sync::Reject& reject) {
  ++pending_rejects_;
  if (committed_kept_ + pending_kept_ >= SyncStore::kMaxKeptRejectsPerRun) return Status::Ok();
  const std::string_view raw = Utf8Prefix(reject.raw_record, SyncStore::kMaxRawRecordBytes);
  Params p;
  p.Add(std::string_view(connection_)).Add(run_id_).Add(reject.stream);
  AddOptional(p, reject.entity);
  AddOptional(p, reject.source_id);
  p.Add(reject.reason);
  AddOptional(p, raw);
  p.Add(int64_t{raw.size() < reject.raw_record.size() ? 1 : 0});
  p.Add(std::string_view(NowUtc()));
  Result<int64_t> n = conn_.Run(
      "INSERT INTO rejected_records (connection, run_id, stream, entity, source_id, reason, "
      "raw_record, raw_truncated, rejected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      p);
  if (!n.ok()) return n.status();
  ++pending_kept_;
  return Status::Ok();
}

Status PgSyncStore::CheckScope(std::string_view entity, const sync::RowScope& scope) {
  return ScopeColumn(entity, scope).status();
}

Result<int64_t> PgSyncStore::DeleteUnseen(std::string_view entity, int64_t since_run_id,
                                          const sync::RowScope& scope) {
  return writer_.DeleteUnseen(entity, since_run_id, scope);
}

Status PgSyncStore::Commit(std::string_view stream, std::string_view state_json,
                           std::optional<int64_t> refresh_run_id) {
  if (Status s = writer_.Flush(); !s.ok()) return s;
  if (!stream.empty()) {
    Params p;
    p.Add(std::string_view(connection_)).Add(stream).Add(state_json);
    if (refresh_run_id) {
      p.Add(*refresh_run_id);
    } else {
      p.AddNull();
    }
    p.Add(run_id_).Add(std::string_view(NowUtc()));
    Result<int64_t> n = conn_.Run(
        "INSERT INTO sync_state (connection, stream, state_json, refresh_run_id, sync_run_id, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (connection, stream) DO UPDATE "
        "SET state_json = excluded.state_json, refresh_run_id = excluded.refresh_run_id, "
        "sync_run_id = excluded.sync_run_id, updated_at = excluded.updated_at",
        p);
    if (!n.ok()) return n.status();
  }
  Result<int64_t> progress =
      conn_.Run("UPDATE sync_runs SET records = $1, rejects = $2, commits = $3 WHERE id = $4",
                Params()
                    .Add(committed_records_ + pending_records_)
                    .Add(committed_rejects_ + pending_rejects_)
                    .Add(commits_ + 1)
                    .Add(run_id_));
  if (!progress.ok()) return progress.status();
  if (Status s = txn_.Commit(); !s.ok()) return s;
  committed_records_ += pending_records_;
  committed_rejects_ += pending_rejects_;
  committed_kept_ += pending_kept_;
  ++commits_;
  pending_records_ = pending_rejects_ = pending_kept_ = 0;
  return Status::Ok();
}

void PgSyncStore::Rollback() {
  writer_.Discard();
  txn_.Rollback();
}

Status PgSyncStore::FinishRun(int64_t run_id, const sync::RunSummary& sum) {
  if (writer_.stale() > 0) {
    log::Info("connection '" + connection_ + "': " + std::to_string(writer_.stale()) +
              " record(s) older than the version already stored were kept out (a replayed or "
              "late page; older never overwrites newer)");
  }
  Params p;
  p.Add(std::string_view(NowUtc()))
      .Add(std::string_view(sum.status))
      .Add(sum.records)
      .Add(sum.deletes)
      .Add(sum.rejects)
      .Add(sum.pages)
      .Add(sum.commits)
      .Add(sum.bytes)
      .Add(sum.duration_ms);
  AddOptional(p, sum.error);
  p.Add(std::string_view(sum.streams_json))
      .Add(std::string_view(sum.reject_samples_json))
      .Add(run_id)
      .Add(sum.requests)
      .Add(sum.retries)
      .Add(sum.rate_limit_wait_ms);
  if (sum.api_used >= 0 && sum.api_limit >= 0) {
    p.Add(sum.api_used).Add(sum.api_limit);
  } else {
    p.AddNull().AddNull();
  }
  return conn_
      .Run(
          "UPDATE sync_runs SET finished_at = $1, status = $2, records = $3, deletes = $4, "
          "rejects = $5, pages = $6, commits = $7, bytes = $8, duration_ms = $9, error = $10, "
          "streams_json = $11, reject_samples_json = $12, requests = $14, retries = $15, "
          "rate_limit_wait_ms = $16, api_used = $17, api_limit = $18 WHERE id = $13",
          p)
      .status();
}

}  // namespace tempo::store::pg

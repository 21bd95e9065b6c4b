// Destination: where a sync run's records and checkpoints go.
//
// The sync stage owns the commit protocol (when to commit, which state goes with which
// records, what a completed full refresh deletes); the store stage implements this interface
// with SQLite (store/sync_store.h). Keeping SQL out of the engine keeps the protocol readable
// and lets another backend (PostgreSQL) slot in later.
//
// Contract: between Begin() and Commit()/Rollback() every Write belongs to one transaction;
// Commit() writes the stream's state in that same transaction and commits.
#ifndef TEMPO_HOST_SYNC_DESTINATION_H_
#define TEMPO_HOST_SYNC_DESTINATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "tempo/plugin.h"

namespace tempo::sync {

// The committed position of one stream.
struct StreamState {
  std::string state_json;                 // "" when the stream never committed
  std::optional<int64_t> refresh_run_id;  // set while a full refresh is in progress
};

// The rows of an entity one stream owns (tempo_stream_info.owns): a completed full refresh
// soft-deletes only those it did not write. kind TEMPO_OWNS_ALL: every row of the connection.
struct RowScope {
  int32_t kind = TEMPO_OWNS_ALL;
  std::string column;  // a column of the entity, or "source_id"
  std::string value;
};

struct RunInfo {
  std::string connection;
  std::string plugin;
  std::string plugin_version;
  std::string kind = "sync";  // or "replay" (tempo rejects --replay)
};

// A record refused on its way into the store: by the store (Write's reject) or by the plugin
// (a source row it could not decode or map). Views valid for the call.
struct Reject {
  std::string_view stream;
  std::string_view entity;      // as the record named it; "" when the plugin refused the row
  std::string_view source_id;   // "" when unknown
  std::string_view reason;      // already redacted
  std::string_view raw_record;  // the source record as the plugin gave it; "" when none
};

// What a finished run reports (one sync_runs row).
struct RunSummary {
  std::string status;  // succeeded, failed, deferred, cancelled
  int64_t records = 0, deletes = 0, rejects = 0, pages = 0, commits = 0;
  int64_t bytes = 0;  // raw record bytes plus HTTP bytes received
  int64_t requests = 0, retries = 0, rate_limit_wait_ms = 0;  // the connection's HTTP traffic
  int64_t server_ms = 0, backoff_ms = 0;  // waiting for responses; backing off between attempts
  int64_t commit_wait_ms = 0;             // the plugin waiting for commits to the store
  std::string rate_limit_key;             // the connection's rate budget, "" without one
  int64_t api_used = -1, api_limit = -1;  // the provider's API usage report; -1: none
  int64_t duration_ms = 0;
  std::string error;
  std::string streams_json;         // per-stream counts
  std::string reject_samples_json;  // a few rejects with their reasons
};

class Destination {
 public:
  virtual ~Destination() = default;

  // Records a new run as 'running' (committed at once) and returns its id. Earlier runs of the
  // connection still marked running whose process is gone become 'interrupted'.
  virtual Result<int64_t> BeginRun(const RunInfo& info) = 0;
  virtual Result<StreamState> LoadState(std::string_view stream) = 0;

  // Opens the write transaction.
  virtual Status Begin() = 0;
  // Writes one record (upsert or soft delete). A record the model cannot hold
  // (unknown entity or field, wrong type, value outside an allowed list) is not written:
  // *reject gets the reason and Ok is returned. Errors are I/O failures.
  virtual Status Write(const tempo_record& record, std::string* reject) = 0;
  // Keeps a reject in the open transaction (rejected_records), so it commits or rolls back
  // with the records and state it came with. A run keeps its first rejects in full and only
  // counts the others (the bound is the destination's).
  virtual Status WriteReject(const Reject& reject) = 0;
  // Ok when `scope` can select rows of `entity` (its column exists); else InvalidArgument.
  virtual Status CheckScope(std::string_view entity, const RowScope& scope) = 0;
  // Soft-deletes this connection's rows of `entity` within `scope` that no run since
  // `since_run_id` wrote.
  virtual Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since_run_id,
                                       const RowScope& scope) = 0;
  // Writes the stream's state in the open transaction and commits it; Begin() opens the next.
  // An empty `stream` commits without writing any state (a replay reads no source).
  virtual Status Commit(std::string_view stream, std::string_view state_json,
                        std::optional<int64_t> refresh_run_id) = 0;
  // Discards everything since the last commit and closes the transaction.
  virtual void Rollback() = 0;

  virtual Status FinishRun(int64_t run_id, const RunSummary& summary) = 0;
};

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_DESTINATION_H_

// SyncStore: the SQLite implementation of sync::Destination for one connection.
//
// Records go through RecordWriter; checkpoint state goes to sync_state in the same
// transaction; runs are recorded in sync_runs. Not thread-safe: one run at a time.
#ifndef TEMPO_HOST_STORE_SYNC_STORE_H_
#define TEMPO_HOST_STORE_SYNC_STORE_H_

#include <map>
#include <memory>
#include <string>

#include "store/record_writer.h"
#include "store/sqlite.h"
#include "sync/destination.h"

namespace tempo::store {

class SyncStore : public sync::Destination {
 public:
  // The rejects of one run kept in rejected_records; the run counts the others.
  static constexpr int64_t kMaxKeptRejectsPerRun = 1000;
  // A raw record longer than this is kept cut (raw_truncated = 1) and cannot be replayed.
  static constexpr size_t kMaxRawRecordBytes = 64 * 1024;

  // `db` must outlive the SyncStore. `keep_raw`: keep each record's raw JSON.
  SyncStore(Db& db, std::string connection, bool keep_raw);

  Result<int64_t> BeginRun(const sync::RunInfo& info) override;
  Result<sync::StreamState> LoadState(std::string_view stream) override;
  Status Begin() override;
  Status Write(const tempo_record& record, std::string* reject) override;
  Status WriteReject(const sync::Reject& reject) override;
  Status CheckScope(std::string_view entity, const sync::RowScope& scope) override;
  Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since_run_id,
                               const sync::RowScope& scope) override;
  Status Commit(std::string_view stream, std::string_view state_json,
                std::optional<int64_t> refresh_run_id) override;
  void Rollback() override;
  Status FinishRun(int64_t run_id, const sync::RunSummary& summary) override;

 private:
  Status MarkInterruptedRuns();
  Status WriteState(std::string_view stream, std::string_view state_json,
                    std::optional<int64_t> refresh_run_id);
  Result<bool> HasRows(std::string_view entity);

  Db& db_;
  std::string connection_;
  int64_t run_id_ = 0;
  RecordWriter writer_;
  Transaction txn_;
  // Per entity this run wrote: whether its table held rows of this connection before the
  // run's first write to it. Where it held none, every row there is this run's own, so a full
  // refresh finds nothing unseen without scanning the table (a connection's first sync).
  std::map<std::string, bool, std::less<>> had_rows_;
  std::string last_entity_;  // the entity of the previous Write, already in had_rows_
  // Records written and refused in the open transaction, and in this run's commits so far:
  // each commit records the run's totals in its sync_runs row, so a run killed mid-way shows
  // what its committed checkpoints hold (tempo status), not 0.
  int64_t pending_records_ = 0, pending_rejects_ = 0;
  int64_t committed_records_ = 0, committed_rejects_ = 0, commits_ = 0;
  // Rejects of this run kept in rejected_records: in the open transaction, and committed.
  int64_t pending_kept_ = 0, committed_kept_ = 0;
};

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_SYNC_STORE_H_

// PgSyncStore: the PostgreSQL implementation of sync::Destination for one connection, the
// counterpart of store/sync_store.h with the same contract: records (PgRecordWriter), rejects,
// the stream's state and the run's progress commit in one transaction; runs are recorded in
// sync_runs. The caller holds the connection's run lock (store/pg/run_lock.h) for the whole run.
// Not thread-safe: one run at a time.
#ifndef TEMPO_HOST_STORE_PG_SYNC_STORE_H_
#define TEMPO_HOST_STORE_PG_SYNC_STORE_H_

#include <string>

#include "store/pg/connection.h"
#include "store/pg/record_writer.h"
#include "sync/destination.h"

namespace tempo::store::pg {

class PgSyncStore : public sync::Destination {
 public:
  // `conn` must outlive the PgSyncStore. `keep_raw`: keep each record's raw JSON.
  PgSyncStore(Connection& conn, std::string connection, bool keep_raw);

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
  Connection& conn_;
  std::string connection_;
  int64_t run_id_ = 0;
  PgRecordWriter writer_;
  Transaction txn_;
  int64_t pending_records_ = 0, pending_rejects_ = 0;
  int64_t committed_records_ = 0, committed_rejects_ = 0, commits_ = 0;
  int64_t pending_kept_ = 0, committed_kept_ = 0;
};

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_SYNC_STORE_H_

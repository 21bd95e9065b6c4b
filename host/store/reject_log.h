// RejectLog: the rejected_records table as `tempo rejects` and a replay read and update it
// (the rows themselves are written by SyncStore::WriteReject, with their run's records).
//
// Listing works on a read-only connection; the KeptRejects methods run inside the write
// transaction of the SyncStore that shares `db` (a replay marks each reject with the records
// it wrote). Table names in the newer-version check come from the schema's specs, never from
// data; every value is bound.
//
// Thread safety: like Db, one thread at a time.
#ifndef TEMPO_HOST_STORE_REJECT_LOG_H_
#define TEMPO_HOST_STORE_REJECT_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"
#include "sync/replay.h"

namespace tempo::store {

// One rejected_records row as `tempo rejects` shows it.
struct RejectRow {
  sync::KeptReject reject;
  std::string state;          // pending, replayed, superseded
  int64_t replay_run_id = 0;  // 0: none
  std::string replayed_at;    // "" while pending
  int64_t raw_record_bytes = 0;
};

// Per run with rejects: how many it rejected, kept and still has pending.
struct RunRejects {
  int64_t run_id = 0;
  std::string kind;     // sync, replay
  std::string status;   // the run's
  int64_t rejects = 0;  // sync_runs.rejects
  int64_t kept = 0;     // its rows in rejected_records
  int64_t pending = 0;  // of those, still pending
};

class RejectLog : public sync::KeptRejects {
 public:
  // `db` must outlive the log.
  RejectLog(Db& db, std::string connection);

  // The connection's rejects matching `filter`, oldest first: only the pending ones unless
  // `all_states`; at most `limit` (0: no limit).
  Result<std::vector<RejectRow>> List(const sync::RejectFilter& filter, bool all_states,
                                      size_t limit);
  // How many rejects List would return without a limit.
  Result<int64_t> Count(const sync::RejectFilter& filter, bool all_states);
  // The connection's runs that rejected records (those `filter` selects), oldest first.
  Result<std::vector<RunRejects>> Runs(const sync::RejectFilter& filter);

  Result<std::vector<sync::KeptReject>> Pending(const sync::RejectFilter& filter, int64_t after_id,
                                                size_t limit) override;
  Result<bool> HasNewerReject(const sync::KeptReject& reject) override;
  Result<bool> StoreHasNewer(std::string_view entity, std::string_view source_id,
                             const sync::KeptReject& reject, int64_t replay_run) override;
  Status Resolve(int64_t id, std::string_view state, int64_t replay_run) override;
  Status RejectAgain(int64_t id, std::string_view entity, std::string_view reason,
                     int64_t replay_run) override;

 private:
  Result<std::vector<RejectRow>> Select(const sync::RejectFilter& filter, bool all_states,
                                        int64_t after_id, size_t limit);

  Db& db_;
  std::string connection_;
};

// Whether the store has the rejected_records table (schema 9): a store read without migrating
// may be older, and kept no rejects.
Result<bool> HasRejectLog(Db& db);

// Pending rejects per connection (for tempo status), keyed by connection; connections without
// any are absent. A store from before schema 9 has none.
Result<std::vector<std::pair<std::string, int64_t>>> PendingRejectCounts(Db& db);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_REJECT_LOG_H_

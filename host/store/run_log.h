// RunLog: what the daemon, `tempo status` and /metrics read from and write to sync_runs and
// sync_state besides the sync engine's own rows (store/sync_store.h).
//
// The daemon records here the end of a run whose `tempo sync` process could not record it
// itself (a plugin that crashed, hung past its timeout or ended the process early); metrics
// are summed here from the rows, so they survive daemon restarts.
//
// Thread safety: like Db, one thread at a time per Db.
#ifndef TEMPO_HOST_STORE_RUN_LOG_H_
#define TEMPO_HOST_STORE_RUN_LOG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::store {

// The started_at of each connection's most recent sync run (replays left out), keyed by
// connection.
Result<std::map<std::string, std::string>> LastRunStarts(Db& db);

// The highest sync_runs.id so far (0 when there is none).
Result<int64_t> MaxRunId(Db& db);

struct RunRow {
  int64_t id = 0;
  std::string status;
  std::string started_at;
  std::string error;  // "" when NULL
  int64_t records = 0;
  int64_t rejects = 0;
  int64_t duration_ms = 0;    // 0 until the run has ended
  int64_t pid = 0;            // the process that ran it
  std::string kind = "sync";  // or "replay" (LastRun only; "sync" in stores before schema 9)
};

// What one run did per stream (from its streams_json): records written and records rejected,
// and how the stream ended.
struct StreamRunCounts {
  std::string stream;
  int64_t records = 0;
  int64_t rejects = 0;
  std::string status;  // succeeded, skipped, failed, stopped; "" for a run recorded before 0.1
  std::string error;   // why it failed; "" when it did not
};

// The per-stream counts of run `run_id`, by stream name; empty while the run has not ended.
Result<std::vector<StreamRunCounts>> StreamCountsOfRun(Db& db, int64_t run_id);

// The run of `connection` that process `pid` recorded with an id above `after_id`, if any.
Result<std::optional<RunRow>> FindRunByPid(Db& db, std::string_view connection, int64_t pid,
                                           int64_t after_id);

// The most recent run (the highest id) of `connection`; nullopt when it has none. An error
// (the file is not a store, sync_runs is unreadable) names the store file.
Result<std::optional<RunRow>> LastRun(Db& db, std::string_view connection);

// Ends run `id` with `status` and `error`, setting finished_at to now and duration_ms from
// its started_at. Keeps its counts (they are what the process wrote before it ended).
Status EndRun(Db& db, int64_t id, std::string_view status, std::string_view error);

// Records a run that ended before its process could record it at all: started_at is
// `started_at` (UTC text), finished now.
Result<int64_t> InsertEndedRun(Db& db, std::string_view connection, std::string_view plugin,
                               int64_t pid, std::string_view started_at, std::string_view status,
                               std::string_view error);

// Per connection, sums over every finished run (for /metrics).
struct RunTotals {
  std::map<std::string, int64_t> runs_by_status;
  int64_t records = 0, bytes = 0, rejects = 0, deletes = 0;
  int64_t requests = 0, retries = 0, rate_limit_wait_ms = 0;
  // Run durations: counts of runs no longer than each bound (cumulative), their sum and count.
  std::vector<int64_t> duration_buckets;
  double duration_sum_seconds = 0;
  int64_t duration_count = 0;
  std::string last_success_finished_at;  // "" when none
  std::string last_finished_at;          // "" when none
  // The provider's API usage as the newest run that received a report says; -1: none.
  int64_t api_used = -1, api_limit = -1;
};

// `bucket_bounds_seconds` ascending; each RunTotals::duration_buckets has one count per bound.
Result<std::map<std::string, RunTotals>> SummarizeRuns(
    Db& db, const std::vector<double>& bucket_bounds_seconds);

// Each stream's committed state, ordered by connection and stream.
struct StreamStateRow {
  std::string connection;
  std::string stream;
  std::string updated_at;
  bool full_refresh_in_progress = false;
};
Result<std::vector<StreamStateRow>> StreamStates(Db& db);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_RUN_LOG_H_

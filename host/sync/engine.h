// The sync engine: runs a connector's streams into a Destination with the exactly-once commit
// protocol of design section 3.
//
// The plugin checkpoints at page boundaries; the engine commits the records before a
// checkpoint together with that checkpoint's state in one transaction, coalescing checkpoints
// until enough records (commit_records) or time (commit_interval) have accumulated. The end of
// a stream always commits. A failed or killed run never moves a cursor past data it did not
// commit; a completed full refresh soft-deletes what it did not see, in the transaction of its
// final state.
//
// Thread safety: one engine run at a time per Destination; `cancel` may be set from any thread.
#ifndef TEMPO_HOST_SYNC_ENGINE_H_
#define TEMPO_HOST_SYNC_ENGINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "plugin/connector.h"
#include "sync/destination.h"

namespace tempo::sync {

struct StreamRequest {
  std::string name;
  std::string mode;  // "", "full_refresh" or "incremental"
};

// Where a run's time went: seconds spent waiting on each thing (on any thread, so they may
// overlap with each other and with the plugin's own work).
struct TimeShares {
  double rate_wait_s = 0;   // for the provider account's rate budget
  double server_s = 0;      // for HTTP responses
  double backoff_s = 0;     // backing off between attempts after errors
  double store_wait_s = 0;  // the plugin's thread waiting for a commit to the store
  std::string rate_limit_key;
};

// The largest share of `elapsed_s` as people read it: "98 % waiting for the rate budget of
// hubspot:12345", "61 % waiting for the server", "40 % backing off after errors", "55 %
// waiting for the store", or "90 % in the plugin" (the time no wait accounts for). "" for a
// run under half a second, where shares are noise.
std::string WhereTimeGoes(const TimeShares& shares, double elapsed_s);

struct Progress {
  std::string stream;
  int64_t records = 0;  // whole run so far
  int64_t rejects = 0;
  double seconds = 0;
  TimeShares time;
};

struct SyncOptions {
  std::string connection;
  std::vector<StreamRequest> streams;  // empty: every stream of the catalog
  bool full_refresh = false;           // force full refresh on every selected stream
  int64_t commit_records = 50000;      // commit at a checkpoint once this many records wait,
  size_t commit_bytes = 4 << 20;       // or they occupy this much memory,
  std::chrono::milliseconds commit_interval{1000};  // or this much time has passed
  // A plugin that emits more than this without a checkpoint fails the run (memory bound).
  size_t max_uncheckpointed_bytes = size_t{256} << 20;
  // The connection's max_reject_ratio (sync/reject_ratio.h); nullopt: the default rule.
  std::optional<double> max_reject_ratio;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const Progress&)> on_progress;  // called at most every ~200 ms
};

struct SyncResult {
  int64_t run_id = 0;
  RunSummary summary;
};

// Runs one sync of `connector` into `destination`. Returns the run's outcome (also when the
// run failed: see summary.status); a non-ok Result only when the run could not be recorded.
Result<SyncResult> RunSync(plugin::Connector& connector, Destination& destination,
                           const SyncOptions& options);

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_ENGINE_H_

// Replay: kept rejects re-submitted through the connector's current mapping (`tempo rejects
// CONN --replay`), so a record rejected under a wrong config (a misspelt entity or column)
// lands after the fix without re-reading the source.
//
// A replay is a run of its own (sync_runs.kind 'replay'): it asks the plugin to map each
// pending reject's raw record again (tempo_connector_api.remap) and writes what comes back
// through the same Destinations as a sync (USD conversion and attribution rules included), in
// transactions that also mark each reject: `replayed` when its records are in the store,
// `superseded` when the store already holds a newer version of the record, or still pending
// with the new reason when it is rejected again. A replay killed at any instant leaves each reject
// either done or pending, never both; replaying twice replays nothing twice.
//
// Newer versions win: rejects are replayed oldest first; one whose record a later run has
// written (or soft-deleted after it), or that a later run rejected again with a record of its
// own, is superseded instead of overwriting newer data with older.
#ifndef TEMPO_HOST_SYNC_REPLAY_H_
#define TEMPO_HOST_SYNC_REPLAY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "plugin/connector.h"
#include "sync/destination.h"

namespace tempo::sync {

// One kept reject (a rejected_records row).
struct KeptReject {
  int64_t id = 0;
  int64_t run_id = 0;  // the run that read and rejected it
  std::string stream;
  std::string entity;     // "" when the plugin rejected the row before mapping
  std::string source_id;  // "" when unknown
  std::string reason;
  std::string raw_record;  // "" when none
  bool raw_truncated = false;
  std::string rejected_at;  // UTC, as the store writes it
  // Whether a replay can map it again: it has its whole raw record.
  bool replayable() const { return !raw_record.empty() && !raw_truncated; }
};

// Which kept rejects a command looks at.
struct RejectFilter {
  int64_t run_id = 0;  // 0: every run
  std::string stream;  // "": every stream
};

// The store's kept rejects of one connection, as a replay needs them. Every method works in
// the Destination's open transaction (same store connection).
class KeptRejects {
 public:
  virtual ~KeptRejects() = default;
  // The pending rejects matching `filter` with an id above `after_id`, oldest first, at most
  // `limit`.
  virtual Result<std::vector<KeptReject>> Pending(const RejectFilter& filter, int64_t after_id,
                                                  size_t limit) = 0;
  // True when a later run rejected the same record (same stream and source id) and that
  // reject has a record to replay, or was replayed: it carries the newer version.
  virtual Result<bool> HasNewerReject(const KeptReject& reject) = 0;
  // True when the store holds a newer version of the record `entity`/`source_id` than the one
  // `reject` kept: a run after it other than `replay_run` wrote it, or it was soft-deleted
  // after it was rejected. False for an entity the store does not have.
  virtual Result<bool> StoreHasNewer(std::string_view entity, std::string_view source_id,
                                     const KeptReject& reject, int64_t replay_run) = 0;
  // Ends the reject's pending state: `state` is "replayed" or "superseded".
  virtual Status Resolve(int64_t id, std::string_view state, int64_t replay_run) = 0;
  // Keeps the reject pending with why the replay rejected it again.
  virtual Status RejectAgain(int64_t id, std::string_view entity, std::string_view reason,
                             int64_t replay_run) = 0;
};

struct ReplayOptions {
  std::string connection;
  RejectFilter filter;
  std::optional<double> max_reject_ratio;  // as for a sync (sync/reject_ratio.h)
  size_t batch = 500;                      // kept rejects per transaction
};

struct ReplayResult {
  int64_t run_id = 0;          // 0: nothing could be replayed, and no run was recorded
  int64_t replayed = 0;        // rejects whose records are now in the store
  int64_t rejected_again = 0;  // still pending, with the new reason
  int64_t superseded = 0;      // the store already held a newer version
  int64_t without_record = 0;  // no whole raw record: left pending (the source must be re-read)
  int64_t records = 0;         // rows written
  RunSummary summary;          // of the replay run (when run_id != 0)
};

// Replays the pending rejects of `options.filter`. Returns the outcome (also when the replay
// failed: summary.status); a non-ok Result when it could not start or be recorded. The
// connector must CanRemap().
Result<ReplayResult> RunReplay(plugin::Connector& connector, Destination& destination,
                               KeptRejects& kept, const ReplayOptions& options);

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_REPLAY_H_

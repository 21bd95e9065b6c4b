// ScoreSnapshot: the store as a scorer reads it during one score run: one read transaction on a
// read-only connection, so every query sees the same committed state however long the run takes
// and whatever syncs commit meanwhile (WAL snapshot isolation).
//
// In the snapshot each canonical table name is a temporary view over the table that keeps only
//  - the connections being scored: those whose latest sync run succeeded (the others are listed
//    with the reason, and a connection of the config that never synced is listed too), and
//  - the rows live at the run's as-of instant (not deleted, or deleted after it).
// A scorer's statements are checked before they run: read-only, and no bookkeeping table
// (sync_runs, sync_state, the score tables) and no canonical table except through those views.
//
// Not thread-safe: one run, one thread.
#ifndef TEMPO_HOST_STORE_SCORE_SNAPSHOT_H_
#define TEMPO_HOST_STORE_SCORE_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "plugin/scorer.h"
#include "store/sqlite.h"

namespace tempo::store {

// A connection the run reads, and how far its data goes.
struct ConnectionWatermark {
  std::string connection;
  int64_t sync_run_id = 0;            // its latest run, which succeeded
  std::string finished_at;            // when that run finished
  std::string max_source_updated_at;  // the newest source_updated_at of its live rows ("": none)
};

// A connection the run does not read.
struct ExcludedConnection {
  std::string connection;
  std::optional<int64_t> last_run_id;  // none: never synced
  std::string last_status;             // "" when never synced
  std::string reason;                  // one sentence for the run record and the operator
};

class ScoreSnapshot : public plugin::ScoreSource {
 public:
  // Opens the store at `path` read-only and begins the snapshot. `configured` lists the
  // config's connections (one without any run is reported as never synced); `as_of` is the
  // run's instant, UTC "YYYY-MM-DDThh:mm:ss.sssZ".
  static Result<std::unique_ptr<ScoreSnapshot>> Open(const std::string& path,
                                                     const std::vector<std::string>& configured,
                                                     const std::string& as_of);
  ~ScoreSnapshot() override;

  tempo_status Query(tempo_ctx& ctx, std::string_view sql,
                     const std::vector<std::optional<std::string_view>>& params,
                     tempo_row_fn on_row, void* user) override;

  // The name of the partner row (connection, source_id) in the snapshot; "" when it has none.
  std::string PartnerName(const std::string& connection, const std::string& source_id);

  const std::vector<ConnectionWatermark>& read() const { return read_; }
  const std::vector<ExcludedConnection>& excluded() const { return excluded_; }

  // Ends the read transaction (the snapshot is unusable afterwards).
  void End();

  // Used by the authorizer: why the statement being prepared was refused ("" when it was not).
  std::string& refusal() { return refusal_; }

 private:
  explicit ScoreSnapshot(std::unique_ptr<Db> db) : db_(std::move(db)) {}
  Status Begin(const std::vector<std::string>& configured, const std::string& as_of);
  Status ChooseConnections(const std::vector<std::string>& configured);
  Status ReadWatermarks();
  Status ScopeTables(const std::string& as_of);

  std::unique_ptr<Db> db_;
  bool open_ = false;
  std::vector<ConnectionWatermark> read_;
  std::vector<ExcludedConnection> excluded_;
  std::string refusal_;
};

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_SCORE_SNAPSHOT_H_

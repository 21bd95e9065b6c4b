// The backend choice: SQLite's SyncStore and RunLock, or PostgreSQL's PgSyncStore and
// PgRunLock.
#include "store/backend.h"

#include "common/log.h"
#include "store/checkpointer.h"
#include "store/pg/connection.h"
#include "store/pg/migrate.h"
#include "store/pg/run_lock.h"
#include "store/pg/sync_store.h"
#include "store/store.h"
#include "store/sync_store.h"

namespace tempo::store {
namespace {

class SqliteTarget : public SyncTarget {
 public:
  SqliteTarget(std::unique_ptr<Db> db, const std::string& connection, bool keep_raw)
      : db_(std::move(db)), store_(*db_, connection, keep_raw) {
    // WAL checkpoints on a thread of their own while the sync commits (checkpointer.h);
    // without one (it could not open its connection), SQLite checkpoints inside the commits.
    Result<std::unique_ptr<Checkpointer>> checkpointer = Checkpointer::Start(*db_);
    if (checkpointer.ok()) {
      checkpointer_ = std::move(checkpointer).value();
    } else {
      log::Debug("no background checkpoints: " + checkpointer.status().message());
    }
  }
  sync::Destination& destination() override { return store_; }

 private:
  std::unique_ptr<Db> db_;
  std::unique_ptr<Checkpointer> checkpointer_;
  SyncStore store_;
};

class PgTarget : public SyncTarget {
 public:
  PgTarget(std::unique_ptr<pg::Connection> conn, const std::string& connection, bool keep_raw)
      : conn_(std::move(conn)), store_(*conn_, connection, keep_raw) {}
  sync::Destination& destination() override { return store_; }

 private:
  std::unique_ptr<pg::Connection> conn_;
  pg::PgSyncStore store_;
};

}  // namespace

std::string StoreLocation::Describe() const {
  return postgres() ? "PostgreSQL store " + pg::RedactUrl(url) : "store " + path;
}

Result<std::unique_ptr<RunGuard>> LockConnectionRuns(const StoreLocation& store,
                                                     std::string_view connection) {
  if (store.postgres()) {
    Result<std::unique_ptr<pg::PgRunLock>> lock =
        pg::PgRunLock::ForConnection(store.url, connection);
    if (!lock.ok()) return lock.status();
    return std::unique_ptr<RunGuard>(std::move(lock).value());
  }
  Result<std::unique_ptr<RunLock>> lock = RunLock::ForConnection(store.path, connection);
  if (!lock.ok()) return lock.status();
  return std::unique_ptr<RunGuard>(std::move(lock).value());
}

Result<std::unique_ptr<SyncTarget>> OpenSyncTarget(const StoreLocation& store,
                                                   const std::string& connection, bool keep_raw) {
  if (store.postgres()) {
    Result<std::unique_ptr<pg::Connection>> conn = pg::Connection::Open(store.url);
    if (!conn.ok()) return conn.status();
    if (Status s = pg::Migrate(**conn); !s.ok()) return s;
    return std::unique_ptr<SyncTarget>(new PgTarget(std::move(conn).value(), connection, keep_raw));
  }
  Result<std::unique_ptr<Db>> db = OpenStore(store.path);
  if (!db.ok()) return db.status();
  return std::unique_ptr<SyncTarget>(new SqliteTarget(std::move(db).value(), connection, keep_raw));
}

}  // namespace tempo::store

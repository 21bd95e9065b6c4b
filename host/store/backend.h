// The store a config names, SQLite (store.path) or PostgreSQL (store.url): where `tempo sync`
// gets its run lock and its destination, so that nothing above the store stage knows which
// backend it writes to (docs/postgresql.md).
#ifndef TEMPO_HOST_STORE_BACKEND_H_
#define TEMPO_HOST_STORE_BACKEND_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/run_lock.h"
#include "sync/destination.h"

namespace tempo::store {

struct StoreLocation {
  std::string path;  // the SQLite file (with a url: only the base of local side files)
  std::string url;   // postgresql://...; "" for SQLite

  bool postgres() const { return !url.empty(); }
  // "store /path/tempo.db" or "PostgreSQL store postgresql://user:***@host/db".
  std::string Describe() const;
};

// The lock of `connection`'s syncs on the store: kBusy when another process (on any machine,
// for PostgreSQL) holds it.
Result<std::unique_ptr<RunGuard>> LockConnectionRuns(const StoreLocation& store,
                                                     std::string_view connection);

// A sync's destination on the store, opened (and migrated) for one connection, with what it
// needs kept open for the run.
class SyncTarget {
 public:
  virtual ~SyncTarget() = default;
  virtual sync::Destination& destination() = 0;
};

Result<std::unique_ptr<SyncTarget>> OpenSyncTarget(const StoreLocation& store,
                                                   const std::string& connection, bool keep_raw);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_BACKEND_H_

// PgRunLock: at most one sync per connection at a time on a PostgreSQL store, across machines
// (docs/postgresql.md, "Exclusive runs"), and at most one daemon per store.
//
// A session-level advisory lock (pg_try_advisory_lock) taken without waiting, on a session of
// its own that the lock object keeps open: the server releases it when that session ends, so a
// worker that crashes, is killed or loses its machine cannot hold it past the server noticing
// (TCP keepalives; a killed process's socket closes at once). The key is the connection name's
// hash in a key space of Tempo's own.
#ifndef TEMPO_HOST_STORE_PG_RUN_LOCK_H_
#define TEMPO_HOST_STORE_PG_RUN_LOCK_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/pg/connection.h"
#include "store/run_lock.h"

namespace tempo::store::pg {

class PgRunLock : public RunGuard {
 public:
  // The lock of `connection`'s syncs on the store at `url`: kBusy when another session holds
  // it (naming the holder's address when the server shows it), kUnavailable when the server
  // cannot be reached.
  static Result<std::unique_ptr<PgRunLock>> ForConnection(const std::string& url,
                                                          std::string_view connection);
  // The lock of the daemon (`tempo run`) on the store.
  static Result<std::unique_ptr<PgRunLock>> ForDaemon(const std::string& url);

 private:
  explicit PgRunLock(std::unique_ptr<Connection> session) : session_(std::move(session)) {}
  static Result<std::unique_ptr<PgRunLock>> Acquire(const std::string& url, int32_t space,
                                                    std::string_view name,
                                                    const std::string& busy_what);
  std::unique_ptr<Connection> session_;  // holds the lock; closing it releases it
};

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_RUN_LOCK_H_

// PgRunLock: pg_try_advisory_lock(space, hashtext(name)) on a session of its own.
#include "store/pg/run_lock.h"

namespace tempo::store::pg {
namespace {

// Tempo's advisory key spaces (the two-int form; migrations use the one-bigint form, which
// never meets these).
constexpr int32_t kConnectionRuns = 0x74656d70;  // "temp"
constexpr int32_t kDaemon = 0x74656d71;

}  // namespace

Result<std::unique_ptr<PgRunLock>> PgRunLock::Acquire(const std::string& url, int32_t space,
                                                      std::string_view name,
                                                      const std::string& busy_what) {
  Result<std::unique_ptr<Connection>> session = Connection::Open(url);
  if (!session.ok()) return session.status();
  Result<Rows> got = (*session)->Query("SELECT pg_try_advisory_lock($1::int, hashtext($2))",
                                       Params().Add(int64_t{space}).Add(name));
  if (!got.ok()) return got.status();
  if (got->Text(0, 0) == "t") return std::unique_ptr<PgRunLock>(new PgRunLock(std::move(*session)));
  // Who holds it, for the message: the holder's address and pid as the server sees them.
  std::string holder;
  Result<Rows> who = (*session)->Query(
      "SELECT coalesce(host(a.client_addr), 'local'), a.pid FROM pg_locks l JOIN "
      "pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND "
      "l.classid = $1::int::oid AND l.objid = hashtext($2)::oid AND l.objsubid = 2 "
      "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      Params().Add(int64_t{space}).Add(name));
  if (who.ok() && who->size() > 0) {
    holder = " (its session: " + std::string(who->Text(0, 0)) + ", server pid " +
             std::string(who->Text(0, 1)) + ")";
  }
  return Status(StatusCode::kBusy, busy_what + holder);
}

Result<std::unique_ptr<PgRunLock>> PgRunLock::ForConnection(const std::string& url,
                                                            std::string_view connection) {
  return Acquire(
      url, kConnectionRuns, connection,
      "connection '" + std::string(connection) + "' is already being synced by another process");
}

Result<std::unique_ptr<PgRunLock>> PgRunLock::ForDaemon(const std::string& url) {
  return Acquire(url, kDaemon, "daemon",
                 "another 'tempo run' is already running on the store " + RedactUrl(url));
}

}  // namespace tempo::store::pg

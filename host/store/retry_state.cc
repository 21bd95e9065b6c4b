// The scheduler_retry table (the contract is in retry_state.h).
#include "store/retry_state.h"

#include "store/store.h"

namespace tempo::store {

Result<std::vector<PendingRetry>> LoadPendingRetries(Db& db) {
  Result<Stmt> select = db.Prepare(
      "SELECT connection, failures, failed_at, retry_at FROM scheduler_retry ORDER BY connection");
  if (!select.ok()) return select.status();
  std::vector<PendingRetry> retries;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    retries.push_back(
        {select->Text(0), static_cast<int>(select->Int(1)), select->Text(2), select->Text(3)});
  }
  return retries;
}

Status SavePendingRetry(Db& db, const PendingRetry& retry) {
  Result<Stmt> upsert = db.Prepare(
      "INSERT INTO scheduler_retry (connection, failures, failed_at, retry_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (connection) DO UPDATE SET "
      "failures = excluded.failures, failed_at = excluded.failed_at, "
      "retry_at = excluded.retry_at, updated_at = excluded.updated_at");
  if (!upsert.ok()) return upsert.status();
  const std::string now = NowUtc();
  upsert->Bind(1, std::string_view(retry.connection))
      .Bind(2, static_cast<int64_t>(retry.failures))
      .Bind(3, std::string_view(retry.failed_at))
      .Bind(4, std::string_view(retry.retry_at))
      .Bind(5, std::string_view(now));
  return upsert->Run();
}

Status ClearPendingRetry(Db& db, std::string_view connection) {
  Result<Stmt> remove = db.Prepare("DELETE FROM scheduler_retry WHERE connection = ?1");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, connection);
  return remove->Run();
}

}  // namespace tempo::store

// The daemon's retry state in the store (table scheduler_retry, docs/store-schema.md): each
// connection whose scheduled runs failed in a row, how many, and when the daemon retries it.
// The daemon writes it whenever a run ends and reads it when it starts, so a restarted daemon
// waits out the remaining backoff and keeps counting towards scheduler.retry.max_attempts
// instead of starting over (docs/admin-guide.md, "Schedules"); `tempo status` shows it.
//
// Times are UTC text as NowUtc() writes them. Thread safety: like Db, one thread at a time.
#ifndef TEMPO_HOST_STORE_RETRY_STATE_H_
#define TEMPO_HOST_STORE_RETRY_STATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/sqlite.h"

namespace tempo::store {

struct PendingRetry {
  std::string connection;
  int failures = 0;       // scheduled runs failed in a row
  std::string failed_at;  // when the last of them ended
  std::string retry_at;   // when the daemon starts the next attempt
};

// Every connection with a pending retry, by connection name.
Result<std::vector<PendingRetry>> LoadPendingRetries(Db& db);

// Records (or replaces) the connection's pending retry.
Status SavePendingRetry(Db& db, const PendingRetry& retry);

// Forgets the connection's pending retry (it succeeded, gave up, or is no longer scheduled).
Status ClearPendingRetry(Db& db, std::string_view connection);

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_RETRY_STATE_H_

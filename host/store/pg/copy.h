// Copying a SQLite store into a PostgreSQL store (`tempo store copy`, docs/postgresql.md
// "Moving a store"): every table, every row, every column as stored, in one transaction, so the
// PostgreSQL store continues where the SQLite one stopped (cursors, run history, rejects,
// scores); the identity sequences continue after the copied ids.
#ifndef TEMPO_HOST_STORE_PG_COPY_H_
#define TEMPO_HOST_STORE_PG_COPY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/pg/connection.h"
#include "store/sqlite.h"

namespace tempo::store::pg {

struct CopyOptions {
  // Empty the target's tables first (in the same transaction). Without it a target holding
  // any row is refused, changing nothing.
  bool replace = false;
  // Called now and then during a table's copy, and once at its end.
  std::function<void(const std::string& table, int64_t rows_done, int64_t rows_total)> progress;
};

struct CopiedTable {
  std::string table;
  int64_t rows = 0;
  // A table of the SQLite file that is not part of Tempo's schema (one an analyst added): not
  // copied.
  bool skipped = false;
};

// Copies every table of `from` (a SQLite store at this build's schema) into `to` (migrated
// here to the same schema). kInvalidArgument (nothing changed) when either store is at another
// schema version, or `to` holds rows and `options.replace` is not set; kIo on a failure, the
// target left as it was. Checks each table's row count after the copy.
Result<std::vector<CopiedTable>> CopySqliteToPostgres(Db& from, Connection& to,
                                                      const CopyOptions& options);

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_COPY_H_

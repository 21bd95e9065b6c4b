// Migrate(): PRAGMA user_version bookkeeping around the fixed migration texts of schema.cc.
#include "store/migrate.h"

#include <cstdint>
#include <string>

#include "store/schema.h"

namespace tempo::store {
namespace {

Result<int64_t> ReadUserVersion(Db& db) {
  Result<Stmt> stmt = db.Prepare("PRAGMA user_version");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Io(db.Error() + ": PRAGMA user_version returned no row");
  return stmt->Int(0);
}

// Ok when a store at `version` can be migrated by this build.
Status CheckVersion(const Db& db, int64_t version, int64_t known) {
  if (version > known) {
    return Status::InvalidArgument("store " + db.path() + " was written by a newer Tempo (schema " +
                                   std::to_string(version) + ", this build knows " +
                                   std::to_string(known) + "): upgrade tempo");
  }
  if (version < 0) {
    return Status::InvalidArgument("store " + db.path() + " has user_version " +
                                   std::to_string(version) +
                                   ", which no Tempo writes: is it a Tempo store?");
  }
  return Status::Ok();
}

}  // namespace

Status Migrate(Db& db) {
  const auto migrations = Migrations();
  const auto known = static_cast<int64_t>(migrations.size());

  // Fast path, no lock: the usual case is a store that is already current.
  Result<int64_t> version = ReadUserVersion(db);
  if (!version.ok()) return version.status();
  if (Status s = CheckVersion(db, *version, known); !s.ok() || *version == known) return s;

  for (;;) {
    Transaction tx(db);
    if (Status s = tx.Begin(); !s.ok()) return s;
    // Re-read under the write lock: another process may have migrated since.
    version = ReadUserVersion(db);
    if (!version.ok()) return version.status();
    if (Status s = CheckVersion(db, *version, known); !s.ok()) return s;
    if (*version == known) return Status::Ok();  // tx rolls back: nothing was written

    const int64_t next = *version + 1;
    Status s = db.Exec(migrations[static_cast<size_t>(*version)]);
    // user_version lives in the database header, so it commits or rolls back with the DDL.
    if (s.ok()) s = db.Exec("PRAGMA user_version = " + std::to_string(next));
    if (s.ok()) s = tx.Commit();
    if (!s.ok()) {
      return Status(s.code(), "migration " + std::to_string(next) + " of " + std::to_string(known) +
                                  " failed, store left at schema " + std::to_string(*version) +
                                  ": " + s.message());
    }
  }
}

}  // namespace tempo::store

// Migrate() for PostgreSQL: the tempo_schema bookkeeping around store/pg/schema.cc's migrations.
#include "store/pg/migrate.h"

#include <string>

#include "store/pg/schema.h"

namespace tempo::store::pg {
namespace {

// The advisory lock (one-bigint key space) that serializes migrations of one database; run
// locks use the two-int key space, which never meets this one.
constexpr const char* kLockMigration = "SELECT pg_advisory_xact_lock(7365181776547835904)";

Result<int64_t> ReadVersion(Connection& conn) {
  Result<Rows> exists = conn.Query("SELECT to_regclass($1) IS NOT NULL",
                                   Params().Add(std::string_view(kVersionTable)));
  if (!exists.ok()) return exists.status();
  if (exists->Text(0, 0) != "t") return int64_t{0};
  Result<Rows> rows = conn.Query("SELECT max(version) FROM tempo_schema");
  if (!rows.ok()) return rows.status();
  return rows->size() == 0 ? 0 : rows->Int(0, 0);
}

Status CheckVersion(const Connection& conn, int64_t version, int64_t known) {
  if (version > known) {
    return Status::InvalidArgument("store " + conn.where() +
                                   " was written by a newer Tempo (schema " +
                                   std::to_string(version) + ", this build knows " +
                                   std::to_string(known) + "): upgrade tempo");
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> SchemaVersion(Connection& conn) { return ReadVersion(conn); }

Status Migrate(Connection& conn) {
  const auto migrations = Migrations();
  const auto known = static_cast<int64_t>(migrations.size());

  // Fast path, no lock: the usual case is a store that is already current.
  Result<int64_t> version = ReadVersion(conn);
  if (!version.ok()) return version.status();
  if (Status s = CheckVersion(conn, *version, known); !s.ok() || *version == known) return s;

  for (;;) {
    Transaction tx(conn);
    if (Status s = tx.Begin(); !s.ok()) return s;
    if (Status s = conn.Exec(kLockMigration); !s.ok()) return s;
    if (Status s = conn.Exec("CREATE TABLE IF NOT EXISTS tempo_schema (version BIGINT NOT NULL)");
        !s.ok()) {
      return s;
    }
    // Re-read under the lock: another process may have migrated since.
    version = ReadVersion(conn);
    if (!version.ok()) return version.status();
    if (Status s = CheckVersion(conn, *version, known); !s.ok()) return s;
    if (*version == known) return tx.Commit();

    const int64_t next = *version + 1;
    Status s = conn.Exec(migrations[static_cast<size_t>(*version)]);
    if (s.ok()) s = conn.Run("DELETE FROM tempo_schema").status();
    if (s.ok())
      s = conn.Run("INSERT INTO tempo_schema (version) VALUES ($1)", Params().Add(next)).status();
    if (s.ok()) s = tx.Commit();
    if (!s.ok()) {
      return Status(s.code(), "migration " + std::to_string(next) + " of " + std::to_string(known) +
                                  " failed, store left at schema " + std::to_string(*version) +
                                  ": " + s.message());
    }
  }
}

}  // namespace tempo::store::pg

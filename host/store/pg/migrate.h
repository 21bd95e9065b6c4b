// Brings a PostgreSQL store to the schema this build knows (store/pg/schema.h's migrations); the
// PostgreSQL side of store/migrate.h, with the same contract.
#ifndef TEMPO_HOST_STORE_PG_MIGRATE_H_
#define TEMPO_HOST_STORE_PG_MIGRATE_H_

#include <cstdint>

#include "common/status.h"
#include "store/pg/connection.h"

namespace tempo::store::pg {

// Applies every migration the store has not had yet, each in its own transaction together with
// the new version in tempo_schema (PostgreSQL's DDL is transactional), so a failure leaves the
// store at the last complete schema version. Several processes may migrate one database at
// once: a transaction-scoped advisory lock lets one of them at a time look and migrate.
//
// Refuses (kInvalidArgument, changing nothing) a store written by a newer Tempo.
Status Migrate(Connection& conn);

// The store's schema version: 0 for a database Tempo never migrated.
Result<int64_t> SchemaVersion(Connection& conn);

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_MIGRATE_H_

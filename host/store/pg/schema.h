// The store's migrations for PostgreSQL: store/schema.cc's migrations (the one source of the
// schema) translated to PostgreSQL's SQL, so that both backends hold the same tables, columns,
// indexes and views at every schema version. pg_schema_test compares the two stores.
//
// The translation is mechanical (INTEGER PRIMARY KEY -> an identity column, INTEGER -> BIGINT,
// REAL -> DOUBLE PRECISION, no STRICT) plus a few statements SQLite does not need: see
// schema.cc next to this file.
#ifndef TEMPO_HOST_STORE_PG_SCHEMA_H_
#define TEMPO_HOST_STORE_PG_SCHEMA_H_

#include <span>
#include <string>
#include <string_view>

namespace tempo::store::pg {

// Migration i (0-based) brings a PostgreSQL store from schema i to i + 1; as many as
// store::Migrations().
std::span<const std::string> Migrations();

// One SQLite migration's text in PostgreSQL's dialect (the mechanical part of the translation).
std::string TranslateMigration(std::string_view sqlite_sql);

// The table that records a PostgreSQL store's schema version (SQLite's PRAGMA user_version).
inline constexpr const char* kVersionTable = "tempo_schema";

}  // namespace tempo::store::pg

#endif  // TEMPO_HOST_STORE_PG_SCHEMA_H_

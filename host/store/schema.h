// The store's schema: the canonical tables the sync engine writes, described as data, and the
// ordered migrations that create and evolve them (PRAGMA user_version = number applied).
//
// The table specs drive record validation and the generated upsert SQL; the migrations are
// fixed SQL text (a released migration never changes). A unit test checks that both agree.
// docs/store-schema.md documents every table and column: it is a public interface.
#ifndef TEMPO_HOST_STORE_SCHEMA_H_
#define TEMPO_HOST_STORE_SCHEMA_H_

#include <span>
#include <string_view>

namespace tempo::store {

// How a canonical column stores values (SQLite storage class).
enum class ColumnType { kText, kInteger, kReal, kBool };

struct ColumnSpec {
  const char* name;
  ColumnType type;
  // For enumerated text columns: the allowed values, comma-separated ("sourced,influenced");
  // nullptr when any value is allowed. A value outside the list is a per-record reject.
  const char* allowed = nullptr;
};

// A canonical (synced) table. Every such table also has the provenance columns
// id INTEGER PRIMARY KEY, connection, source_id, source_updated_at, sync_run_id, deleted_at,
// with UNIQUE(connection, source_id); `columns` lists only the entity's own columns.
struct TableSpec {
  const char* name;
  std::span<const ColumnSpec> columns;
};

// The canonical tables, in a fixed order.
std::span<const TableSpec> CanonicalTables();

// The table called `name`, or nullptr.
const TableSpec* FindTable(std::string_view name);

// Migration i (0-based) brings the store from user_version i to i + 1.
std::span<const std::string_view> Migrations();

}  // namespace tempo::store

#endif  // TEMPO_HOST_STORE_SCHEMA_H_

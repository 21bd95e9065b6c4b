// The PostgreSQL store's schema against SQLite's: the translated migrations create the same
// tables (same columns, types and NOT NULLs), indexes and views, so the two backends cannot
// drift apart; Migrate() on PostgreSQL is idempotent, safe to race and refuses a store from a
// newer Tempo. Needs $TEMPO_TEST_PG_URL (skipped without it).
#include <map>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "store/pg/migrate.h"
#include "store/pg/schema.h"
#include "store/schema.h"
#include "store/store.h"
#include "support/pg.h"
#include "support/temp_dir.h"

namespace tempo::store {
namespace {

using testing::PgDatabase;

struct Column {
  std::string name;
  std::string type;  // PostgreSQL's name for it
  bool not_null = false;
  bool operator==(const Column&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Column& c) {
  return os << c.name << " " << c.type << (c.not_null ? " NOT NULL" : "");
}

// What a store holds: tables with their columns, views with their column names, index names.
struct Shape {
  std::map<std::string, std::vector<Column>> tables;
  std::map<std::string, std::vector<std::string>> views;
  std::vector<std::string> indexes;
};

std::string PgType(const std::string& sqlite_type) {
  if (sqlite_type == "INTEGER") return "bigint";
  if (sqlite_type == "REAL") return "double precision";
  if (sqlite_type == "TEXT") return "text";
  return "unknown:" + sqlite_type;
}

Shape SqliteShape(Db& db) {
  Shape shape;
  Result<Stmt> objects = db.Prepare(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND "
      "(type IN ('table', 'view') OR (type = 'index' AND sql IS NOT NULL)) ORDER BY name");
  REQUIRE(objects.ok());
  while (*objects->Step()) {
    const std::string type = objects->Text(0), name = objects->Text(1);
    if (type == "index") {
      shape.indexes.push_back(name);
      continue;
    }
    Result<Stmt> info = db.Prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)");
    REQUIRE(info.ok());
    info->Bind(1, std::string_view(name));
    while (*info->Step()) {
      if (type == "table") {
        shape.tables[name].push_back(
            {info->Text(0), PgType(info->Text(1)), info->Int(2) != 0 || info->Int(3) != 0});
      } else {
        shape.views[name].push_back(info->Text(0));
      }
    }
  }
  return shape;
}

Shape PgShape(pg::Connection& conn) {
  Shape shape;
  Result<pg::Rows> columns = conn.Query(
      "SELECT t.table_type, c.table_name, c.column_name, c.data_type, c.is_nullable "
      "FROM information_schema.columns c JOIN information_schema.tables t "
      "  ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
      "WHERE c.table_schema = current_schema() AND c.table_name <> $1 "
      "ORDER BY c.table_name, c.ordinal_position",
      pg::Params().Add(std::string_view(pg::kVersionTable)));
  REQUIRE(columns.ok());
  for (int r = 0; r < columns->size(); ++r) {
    const std::string table(columns->Text(r, 1));
    if (columns->Text(r, 0) == "VIEW") {
      shape.views[table].emplace_back(columns->Text(r, 2));
    } else {
      shape.tables[table].push_back({std::string(columns->Text(r, 2)),
                                     std::string(columns->Text(r, 3)),
                                     columns->Text(r, 4) == "NO"});
    }
  }
  // Indexes the migrations created by name (not those behind PRIMARY KEY and UNIQUE).
  Result<pg::Rows> indexes = conn.Query(
      "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT "
      "IN (SELECT conname FROM pg_constraint) ORDER BY indexname");
  REQUIRE(indexes.ok());
  for (int r = 0; r < indexes->size(); ++r) shape.indexes.emplace_back(indexes->Text(r, 0));
  return shape;
}

TEST_CASE("a migrated PostgreSQL store has SQLite's tables, columns, indexes and views", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("schema");
  if (!db) return;
  auto conn = db->Connect();
  REQUIRE(pg::Migrate(*conn).ok());

  testing::TempDir dir;
  Result<std::unique_ptr<Db>> sqlite = OpenStore(dir.File("store.db"));
  REQUIRE(sqlite.ok());

  const Shape want = SqliteShape(**sqlite);
  const Shape got = PgShape(*conn);
  REQUIRE(want.tables.size() > 15);
  CHECK(want.views.size() > 8);
  for (const auto& [table, columns] : want.tables) {
    INFO("table " << table);
    REQUIRE(got.tables.count(table) == 1);
    CHECK(got.tables.at(table) == columns);
  }
  for (const auto& [table, columns] : got.tables) {
    INFO("PostgreSQL has table " << table);
    CHECK(want.tables.count(table) == 1);
  }
  for (const auto& [view, columns] : want.views) {
    INFO("view " << view);
    REQUIRE(got.views.count(view) == 1);
    CHECK(got.views.at(view) == columns);
    // Every view runs on PostgreSQL.
    CHECK(conn->Query("SELECT * FROM " + view + " LIMIT 1").ok());
  }
  CHECK(got.views.size() == want.views.size());
  CHECK(got.indexes == want.indexes);

  Result<int64_t> version = pg::SchemaVersion(*conn);
  REQUIRE(version.ok());
  CHECK(*version == static_cast<int64_t>(Migrations().size()));
}

TEST_CASE("PostgreSQL ids continue after the rows a migration copied", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("ids");
  if (!db) return;
  auto conn = db->Connect();
  REQUIRE(pg::Migrate(*conn).ok());
  for (const TableSpec& table : CanonicalTables()) {
    INFO(table.name);
    Result<pg::Rows> id = conn->Query(std::string("INSERT INTO ") + table.name +
                                      " (connection, source_id) VALUES ('c', 's') RETURNING id");
    REQUIRE(id.ok());
    CHECK(id->Int(0, 0) == 1);
  }
}

TEST_CASE("migrating a PostgreSQL store is idempotent and safe to race", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("race");
  if (!db) return;
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      auto conn = pg::Connection::Open(db->url());
      results[i] = conn.ok() ? pg::Migrate(**conn) : conn.status();
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) CHECK(s.message() == "");

  auto conn = db->Connect();
  REQUIRE(pg::Migrate(*conn).ok());
  Result<pg::Rows> rows = conn->Query("SELECT count(*), max(version) FROM tempo_schema");
  REQUIRE(rows.ok());
  CHECK(rows->Int(0, 0) == 1);
  CHECK(rows->Int(0, 1) == static_cast<int64_t>(Migrations().size()));
}

TEST_CASE("a PostgreSQL store written by a newer Tempo is refused, unchanged", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("newer");
  if (!db) return;
  auto conn = db->Connect();
  REQUIRE(pg::Migrate(*conn).ok());
  const auto newer = static_cast<int64_t>(Migrations().size()) + 1;
  REQUIRE(conn->Run("UPDATE tempo_schema SET version = $1", pg::Params().Add(newer)).ok());
  Status s = pg::Migrate(*conn);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::Contains("newer Tempo") && Catch::Contains("upgrade tempo"));
  CHECK(*pg::SchemaVersion(*conn) == newer);
}

TEST_CASE("the translation turns SQLite's types into PostgreSQL's", "[pg]") {
  CHECK(pg::TranslateMigration("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, "
                               "x REAL, s TEXT) STRICT;") ==
        "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT NOT "
        "NULL, x DOUBLE PRECISION, s TEXT);");
  CHECK(pg::Migrations().size() == Migrations().size());
}

}  // namespace
}  // namespace tempo::store

// The store schema: the migrations create exactly the tables the specs describe (so the specs
// that drive validation and upserts can never drift from the SQL), and Migrate() is idempotent,
// atomic per migration, safe to race, and refuses stores from a newer Tempo.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "store/migrate.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "support/store_query.h"

namespace tempo::store {
namespace {

namespace fs = std::filesystem;
using testing::QueryInt;
using testing::QueryText;

// A fresh database file path, removed (with its journal files) at scope exit.
class TempStore {
 public:
  TempStore() {
    static std::atomic<int> counter{0};
    path_ = (fs::temp_directory_path() / ("tempo_schema_test_" + std::to_string(getpid()) + "_" +
                                          std::to_string(counter++) + ".db"))
                .string();
    Remove();
  }
  ~TempStore() { Remove(); }
  const std::string& path() const { return path_; }

  std::unique_ptr<Db> Open() const {
    Result<std::unique_ptr<Db>> db = Db::Open(path_);
    REQUIRE(db.ok());
    return std::move(db).value();
  }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ignored;
      fs::remove(path_ + suffix, ignored);
    }
  }
  std::string path_;
};

struct Column {
  std::string name;
  std::string type;
  bool not_null;
  int pk;
  bool operator==(const Column&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Column& c) {
  return os << c.name << " " << c.type << (c.not_null ? " NOT NULL" : "")
            << (c.pk ? " PRIMARY KEY" : "");
}

std::vector<Column> TableInfo(Db& db, const std::string& table) {
  Result<Stmt> stmt = db.Prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)");
  REQUIRE(stmt.ok());
  stmt->Bind(1, std::string_view(table));
  std::vector<Column> columns;
  for (;;) {
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    columns.push_back(
        {stmt->Text(0), stmt->Text(1), stmt->Int(2) != 0, static_cast<int>(stmt->Int(3))});
  }
  return columns;
}

std::set<std::string> Tables(Db& db) {
  Result<Stmt> stmt = db.Prepare("SELECT name FROM sqlite_schema WHERE type = 'table'");
  REQUIRE(stmt.ok());
  std::set<std::string> names;
  for (;;) {
    Result<bool> row = stmt->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    names.insert(stmt->Text(0));
  }
  return names;
}

std::string SqlType(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "TEXT";
    case ColumnType::kInteger:
      return "INTEGER";
    case ColumnType::kReal:
      return "REAL";
    case ColumnType::kBool:
      return "INTEGER";  // 0/1
  }
  return "?";
}

const std::vector<std::string> kBookkeepingTables = {"sync_state", "sync_runs", "scheduler_retry",
                                                     "rejected_records"};
const std::vector<std::string> kScoreTables = {"score_run", "score_metric", "score_evidence",
                                               "score_dimension", "score_total"};

std::vector<std::string> Names(const std::vector<Column>& columns) {
  std::vector<std::string> names;
  for (const Column& c : columns) names.push_back(c.name);
  return names;
}

}  // namespace

TEST_CASE("the canonical table list is the documented one", "[schema]") {
  std::vector<std::string> names;
  for (const TableSpec& t : CanonicalTables()) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"partner", "account", "contact", "opportunity",
                                          "opportunity_partner", "campaign", "campaign_member",
                                          "lead", "integration", "integration_install", "overlap",
                                          "partner_activity", "population"});
  REQUIRE(FindTable("opportunity_partner") != nullptr);
  CHECK(std::string(FindTable("opportunity_partner")->name) == "opportunity_partner");
  // Only canonical tables are record targets: a plugin cannot emit into the bookkeeping.
  CHECK(FindTable("raw_records") == nullptr);
  CHECK(FindTable("score_total") == nullptr);
  CHECK(FindTable("Account") == nullptr);
  CHECK(FindTable("") == nullptr);
}

TEST_CASE("specs are well formed", "[schema]") {
  const std::set<std::string> provenance = {
      "id", "connection", "source_id", "source_updated_at", "sync_run_id", "deleted_at"};
  for (const TableSpec& table : CanonicalTables()) {
    INFO("table " << table.name);
    std::set<std::string> seen;
    for (const ColumnSpec& column : table.columns) {
      INFO("column " << column.name);
      CHECK(seen.insert(column.name).second);
      CHECK(provenance.count(column.name) == 0);
      const std::string name = column.name;
      if (name.ends_with("_source_id") || name.ends_with("domain")) {
        CHECK(column.type == ColumnType::kText);
      }
      if (column.allowed != nullptr) {
        CHECK(column.type == ColumnType::kText);
        const std::string allowed = column.allowed;
        CHECK_FALSE(allowed.empty());
        CHECK(allowed.find(' ') == std::string::npos);
        CHECK(allowed.find(",,") == std::string::npos);
        CHECK(allowed.front() != ',');
        CHECK(allowed.back() != ',');
      }
    }
  }
}

TEST_CASE("migrating a fresh store creates every table", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(QueryInt(*db, "PRAGMA user_version") == 0);

  Status s = Migrate(*db);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(QueryInt(*db, "PRAGMA user_version") == static_cast<int64_t>(Migrations().size()));

  std::set<std::string> expected;
  for (const TableSpec& t : CanonicalTables()) expected.insert(t.name);
  expected.insert(kBookkeepingTables.begin(), kBookkeepingTables.end());
  expected.insert(kScoreTables.begin(), kScoreTables.end());
  CHECK(Tables(*db) == expected);
  // raw_records is a view over the canonical tables' raw_json columns.
  CHECK(QueryText(*db, "SELECT type FROM sqlite_schema WHERE name = 'raw_records'") == "view");

  CHECK(QueryText(*db, "PRAGMA integrity_check") == "ok");
  CHECK(QueryInt(*db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

TEST_CASE("every canonical table matches its spec", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(Migrate(*db).ok());

  for (const TableSpec& table : CanonicalTables()) {
    INFO("table " << table.name);
    std::vector<Column> expected = {
        {"id", "INTEGER", false, 1},          {"connection", "TEXT", true, 0},
        {"source_id", "TEXT", true, 0},       {"source_updated_at", "TEXT", false, 0},
        {"sync_run_id", "INTEGER", false, 0}, {"deleted_at", "TEXT", false, 0},
    };
    // Entity columns are nullable: a missing value is the host's per-record decision.
    for (const ColumnSpec& c : table.columns)
      expected.push_back({c.name, SqlType(c.type), false, 0});
    expected.push_back({"raw_json", "TEXT", false, 0});  // the record as the source sent it
    CHECK(TableInfo(*db, table.name) == expected);

    CHECK(QueryInt(*db, "SELECT strict FROM pragma_table_list WHERE name = '" +
                            std::string(table.name) + "'") == 1);
    // No CHECK constraint may turn a bad enumerated value into a failed transaction.
    CHECK(QueryText(*db,
                    "SELECT sql FROM sqlite_schema WHERE name = '" + std::string(table.name) + "'")
              .find("CHECK") == std::string::npos);
  }
}

TEST_CASE("bookkeeping and score tables have the agreed columns", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(Migrate(*db).ok());

  // The sync engine is written against these exact columns.
  CHECK(Names(TableInfo(*db, "raw_records")) ==
        std::vector<std::string>{"connection", "entity", "source_id", "raw_json",
                                 "source_updated_at", "sync_run_id", "deleted_at"});
  CHECK(Names(TableInfo(*db, "sync_state")) ==
        std::vector<std::string>{"connection", "stream", "state_json", "refresh_run_id",
                                 "sync_run_id", "updated_at"});
  CHECK(Names(TableInfo(*db, "sync_runs")) == std::vector<std::string>{"id",
                                                                       "connection",
                                                                       "plugin",
                                                                       "plugin_version",
                                                                       "started_at",
                                                                       "finished_at",
                                                                       "status",
                                                                       "pid",
                                                                       "records",
                                                                       "deletes",
                                                                       "rejects",
                                                                       "pages",
                                                                       "commits",
                                                                       "bytes",
                                                                       "requests",
                                                                       "retries",
                                                                       "rate_limit_wait_ms",
                                                                       "duration_ms",
                                                                       "error",
                                                                       "streams_json",
                                                                       "reject_samples_json",
                                                                       "kind",
                                                                       "api_used",
                                                                       "api_limit"});
  CHECK(Names(TableInfo(*db, "scheduler_retry")) ==
        std::vector<std::string>{"connection", "failures", "failed_at", "retry_at", "updated_at"});
  CHECK(Names(TableInfo(*db, "rejected_records")) ==
        std::vector<std::string>{"id", "connection", "run_id", "stream", "entity", "source_id",
                                 "reason", "raw_record", "raw_truncated", "rejected_at", "state",
                                 "replay_run_id", "replayed_at"});
  CHECK(Names(TableInfo(*db, "score_metric")) ==
        std::vector<std::string>{"run_id", "scope", "connection", "partner_source_id", "dimension",
                                 "metric", "numerator", "denominator", "raw_value", "n",
                                 "confidence", "normalized", "weight", "status", "explanation",
                                 "partner_key", "normalization"});
  CHECK(Names(TableInfo(*db, "score_run")) ==
        std::vector<std::string>{"id", "plugin", "model_version", "computed_at", "window_start",
                                 "window_end", "params_json", "watermarks_json", "scorer", "as_of",
                                 "profile", "weights_json", "excluded_json"});
  for (const std::string& table : kBookkeepingTables) {
    INFO("table " << table);
    CHECK(QueryInt(*db, "SELECT strict FROM pragma_table_list WHERE name = '" + table + "'") == 1);
  }
  for (const std::string& table : kScoreTables) {
    INFO("table " << table);
    CHECK(QueryInt(*db, "SELECT strict FROM pragma_table_list WHERE name = '" + table + "'") == 1);
  }

  // A new run gets zeroed counters without the engine listing them.
  REQUIRE(db->Exec("INSERT INTO sync_runs (connection, plugin, plugin_version, started_at, status)"
                   " VALUES ('crm', 'salesforce', '1.0.0', '2024-01-01T00:00:00Z', 'running')")
              .ok());
  CHECK(QueryInt(*db,
                 "SELECT records + deletes + rejects + pages + commits + bytes + requests"
                 " + retries + rate_limit_wait_ms FROM sync_runs") == 0);
}

TEST_CASE("migration 2 moves raw JSON into the canonical rows and keeps every record",
          "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(db->Exec(Migrations()[0]).ok());
  REQUIRE(db->Exec("PRAGMA user_version = 1").ok());
  REQUIRE(
      db->Exec("INSERT INTO contact (connection, source_id, email) VALUES ('crm', 'c1', 'a@x.io'),"
               " ('crm', 'c2', 'b@x.io'), ('web', 'c1', 'c@x.io');"
               "INSERT INTO account (connection, source_id, name) VALUES ('crm', 'a1', 'Acme');"
               "INSERT INTO raw_records (connection, entity, source_id, stream, raw_json,"
               " source_updated_at, sync_run_id) VALUES"
               " ('crm', 'contact', 'c1', 'contacts', '{\"id\":\"c1\"}', '2026-01-01', 3),"
               " ('web', 'contact', 'c1', 'contacts', '{\"id\":\"w1\"}', NULL, 4),"
               " ('crm', 'account', 'a1', 'companies', '{\"id\":\"a1\"}', NULL, 3);")
          .ok());

  Status s = Migrate(*db);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(QueryInt(*db, "PRAGMA user_version") == static_cast<int64_t>(Migrations().size()));
  CHECK(QueryInt(*db, "SELECT count(*) FROM contact") == 3);
  CHECK(QueryText(*db,
                  "SELECT raw_json FROM contact WHERE connection = 'crm' AND "
                  "source_id = 'c1'") == "{\"id\":\"c1\"}");
  CHECK(QueryText(*db, "SELECT raw_json FROM contact WHERE connection = 'web'") ==
        "{\"id\":\"w1\"}");
  CHECK(QueryInt(*db, "SELECT count(*) FROM contact WHERE raw_json IS NULL") == 1);
  CHECK(QueryText(*db,
                  "SELECT entity || ' ' || source_id || ' ' || raw_json FROM raw_records "
                  "WHERE connection = 'crm' AND entity = 'account'") ==
        "account a1 {\"id\":\"a1\"}");
  CHECK(QueryInt(*db, "SELECT count(*) FROM raw_records") == 3);
  CHECK(QueryInt(*db,
                 "SELECT count(*) FROM sqlite_schema WHERE name = "
                 "'contact_account_source_id'") == 0);
  CHECK(QueryText(*db, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("migration 3 rebuilds overlap with its rows intact and adds population", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(db->Exec(Migrations()[0]).ok());
  REQUIRE(db->Exec(Migrations()[1]).ok());
  REQUIRE(db->Exec("PRAGMA user_version = 2").ok());
  REQUIRE(db->Exec("INSERT INTO overlap (id, connection, source_id, source_updated_at, sync_run_id,"
                   " deleted_at, provider, partner_source_id, partner_name, partner_domain,"
                   " account_name, account_domain, our_population, partner_population,"
                   " snapshot_at, raw_json) VALUES"
                   " (7, 'xb', 'o1', '2026-01-01', 3, NULL, 'crossbeam', 'p1', 'Partner Co',"
                   " 'partner.example', 'Acme', 'acme.example', 'customer', 'open_opp',"
                   " '2026-01-02', '{\"id\":\"o1\"}'),"
                   " (9, 'csv', 'o2', NULL, 4, '2026-02-01T00:00:00.000Z', 'csv', NULL, 'Lumen',"
                   " 'lumen.example', 'Bolt', 'bolt.example', 'prospect', 'customer', NULL, NULL);"
                   "INSERT INTO account (connection, source_id, name, raw_json) VALUES"
                   " ('crm', 'a1', 'Acme', '{\"id\":\"a1\"}');")
              .ok());

  Status s = Migrate(*db);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(QueryInt(*db, "PRAGMA user_version") == static_cast<int64_t>(Migrations().size()));
  // Every row, id and value kept; the rows are account overlaps (all schema 2 described).
  CHECK(QueryText(*db,
                  "SELECT group_concat(id || '|' || connection || '|' || source_id || '|' ||"
                  " ifnull(source_updated_at, '-') || '|' || sync_run_id || '|' ||"
                  " ifnull(deleted_at, '-') || '|' || provider || '|' ||"
                  " ifnull(partner_source_id, '-') || '|' || partner_name || '|' ||"
                  " partner_domain || '|' || account_name || '|' || account_domain || '|' ||"
                  " our_population || '|' || partner_population || '|' ||"
                  " ifnull(snapshot_at, '-') || '|' || record_type || '|' ||"
                  " ifnull(account_crm_id, '-') || '|' || ifnull(raw_json, '-'), ' ; ')"
                  " FROM (SELECT * FROM overlap ORDER BY id)") ==
        "7|xb|o1|2026-01-01|3|-|crossbeam|p1|Partner Co|partner.example|Acme|acme.example|"
        "customer|open_opp|2026-01-02|account|-|{\"id\":\"o1\"} ; "
        "9|csv|o2|-|4|2026-02-01T00:00:00.000Z|csv|-|Lumen|lumen.example|Bolt|bolt.example|"
        "prospect|customer|-|account|-|-");
  // The new columns sit before raw_json, which stays last (as in every canonical table).
  std::vector<std::string> overlap = Names(TableInfo(*db, "overlap"));
  REQUIRE(overlap.size() >= 3);
  CHECK(overlap[overlap.size() - 3] == "record_type");
  CHECK(overlap[overlap.size() - 2] == "account_crm_id");
  CHECK(overlap.back() == "raw_json");
  CHECK(Names(TableInfo(*db, "population")).back() == "raw_json");
  // The indexes are back, the new one added; the view covers every canonical table again.
  CHECK(QueryText(*db,
                  "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE"
                  " type = 'index' AND tbl_name = 'overlap' AND sql IS NOT NULL ORDER BY name)") ==
        "overlap_account_crm_id,overlap_account_domain");
  CHECK(QueryText(*db,
                  "SELECT group_concat(entity || ' ' || source_id, ',') FROM (SELECT * FROM"
                  " raw_records ORDER BY entity)") == "account a1,overlap o1");
  REQUIRE(db->Exec("INSERT INTO population (connection, source_id, name, record_type,"
                   " standard_population, raw_json) VALUES ('xb', '17087', 'Customers', 'account',"
                   " 'customer', '{\"id\":17087}')")
              .ok());
  CHECK(QueryInt(*db, "SELECT count(*) FROM raw_records WHERE entity = 'population'") == 1);
  // A new overlap row gets the next id, after the kept ones.
  REQUIRE(db->Exec("INSERT INTO overlap (connection, source_id) VALUES ('xb', 'o3')").ok());
  CHECK(QueryInt(*db, "SELECT id FROM overlap WHERE source_id = 'o3'") == 10);
  CHECK(QueryText(*db, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("migration 9 keeps every run as a sync and adds an empty rejected_records", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  for (size_t i = 0; i < 8; ++i) REQUIRE(db->Exec(Migrations()[i]).ok());
  REQUIRE(db->Exec("PRAGMA user_version = 8").ok());
  REQUIRE(db->Exec("INSERT INTO sync_runs (connection, plugin, plugin_version, started_at, "
                   "status, rejects) VALUES ('crm', 'hubspot', '1.0.0', "
                   "'2024-01-01T00:00:00Z', 'succeeded', 3)")
              .ok());
  Status s = Migrate(*db);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(QueryText(*db, "SELECT kind || ' ' || rejects FROM sync_runs") == "sync 3");
  CHECK(QueryInt(*db, "SELECT count(*) FROM rejected_records") == 0);
  // A new reject row starts pending and not truncated, without the engine saying so.
  REQUIRE(db->Exec("INSERT INTO rejected_records (connection, run_id, stream, reason, "
                   "rejected_at) VALUES ('crm', 1, 'deals', 'why', '2024-01-01T00:00:00Z')")
              .ok());
  CHECK(QueryText(*db, "SELECT state || ' ' || raw_truncated FROM rejected_records") ==
        "pending 0");
}

TEST_CASE("migrating twice is a no-op", "[migrate]") {
  TempStore store;
  {
    auto db = store.Open();
    REQUIRE(Migrate(*db).ok());
    REQUIRE(
        db->Exec("INSERT INTO account (connection, source_id, name) VALUES ('crm', 'A1', 'Acme')")
            .ok());
  }
  auto db = store.Open();
  const std::string schema_before =
      QueryText(*db, "SELECT group_concat(sql, ';') FROM sqlite_schema");
  Status s = Migrate(*db);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(QueryInt(*db, "PRAGMA user_version") == static_cast<int64_t>(Migrations().size()));
  CHECK(QueryText(*db, "SELECT group_concat(sql, ';') FROM sqlite_schema") == schema_before);
  CHECK(QueryText(*db, "SELECT name FROM account WHERE source_id = 'A1'") == "Acme");
}

TEST_CASE("an up-to-date store migrates over a read-only connection", "[migrate]") {
  TempStore store;
  REQUIRE(Migrate(*store.Open()).ok());
  Result<std::unique_ptr<Db>> reader = Db::Open(store.path(), /*read_only=*/true);
  REQUIRE(reader.ok());
  Status s = Migrate(**reader);
  INFO(s.message());
  CHECK(s.ok());
}

TEST_CASE("a store from a newer Tempo is refused and left alone", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  const int64_t known = static_cast<int64_t>(Migrations().size());
  const int64_t newer = known + 1;
  REQUIRE(db->Exec("CREATE TABLE future_table (x INTEGER)").ok());
  REQUIRE(db->Exec("PRAGMA user_version = " + std::to_string(newer)).ok());

  Status s = Migrate(*db);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == "store " + store.path() + " was written by a newer Tempo (schema " +
                           std::to_string(newer) + ", this build knows " + std::to_string(known) +
                           "): upgrade tempo");
  CHECK(QueryInt(*db, "PRAGMA user_version") == newer);
  CHECK(Tables(*db) == std::set<std::string>{"future_table"});
}

TEST_CASE("a failed migration leaves the store at its previous version", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  // A foreign database that happens to have a table of ours: migration 1 cannot apply.
  REQUIRE(db->Exec("CREATE TABLE account (x INTEGER)").ok());

  Status s = Migrate(*db);
  REQUIRE_FALSE(s.ok());
  INFO(s.message());
  CHECK(s.message().find("migration 1") != std::string::npos);
  CHECK(s.message().find(store.path()) != std::string::npos);
  CHECK(QueryInt(*db, "PRAGMA user_version") == 0);
  // Nothing of the half-applied migration remains: partner is created before account fails.
  CHECK(Tables(*db) == std::set<std::string>{"account"});
}

TEST_CASE("processes racing to migrate one store all succeed", "[migrate]") {
  for (int round = 0; round < 5; ++round) {
    TempStore store;
    std::vector<Status> results(4);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < results.size(); ++i) {
      // Each thread owns its connection, as separate processes would.
      threads.emplace_back([&store, &results, i] {
        Result<std::unique_ptr<Db>> db = Db::Open(store.path());
        results[i] = db.ok() ? Migrate(**db) : db.status();
      });
    }
    for (std::thread& t : threads) t.join();
    for (const Status& s : results) {
      INFO(s.message());
      CHECK(s.ok());
    }
    auto db = store.Open();
    CHECK(QueryInt(*db, "PRAGMA user_version") == static_cast<int64_t>(Migrations().size()));
  }
}

TEST_CASE("UNIQUE(connection, source_id) holds on every canonical table", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(Migrate(*db).ok());

  for (const TableSpec& table : CanonicalTables()) {
    INFO("table " << table.name);
    const std::string insert =
        "INSERT INTO " + std::string(table.name) + " (connection, source_id) VALUES ";
    REQUIRE(db->Exec(insert + "('crm', 'X1')").ok());
    // The same source id in another connection is another record.
    CHECK(db->Exec(insert + "('marketing', 'X1')").ok());
    Status dup = db->Exec(insert + "('crm', 'X1')");
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.message().find("UNIQUE") != std::string::npos);
    // The upsert the host relies on to make replayed pages change nothing.
    CHECK(db->Exec(insert + "('crm', 'X1') ON CONFLICT (connection, source_id) DO UPDATE SET "
                            "sync_run_id = 7")
              .ok());
    CHECK(QueryInt(*db, "SELECT count(*) FROM " + std::string(table.name)) == 2);
  }
}

TEST_CASE("enumerations are the host's to enforce, types are SQLite's", "[migrate]") {
  TempStore store;
  auto db = store.Open();
  REQUIRE(Migrate(*db).ok());
  // Out-of-list values are not rejected by SQL (the host rejects them per record, from
  // ColumnSpec::allowed), so one bad record can never fail a whole batch's transaction.
  CHECK(db->Exec("INSERT INTO partner (connection, source_id, partner_type) VALUES "
                 "('crm', 'P1', 'bogus')")
            .ok());
  // STRICT: a wrongly typed value that slipped past validation fails instead of being stored.
  Status s = db->Exec(
      "INSERT INTO opportunity (connection, source_id, amount) VALUES "
      "('crm', 'O1', 'a lot')");
  CHECK_FALSE(s.ok());
  CHECK(db->Exec("INSERT INTO opportunity (connection, source_id) VALUES (NULL, 'O2')").ok() ==
        false);
}

}  // namespace tempo::store

// ScoreSnapshot: which connections a score run reads, what the scoped tables show as of an
// instant, snapshot isolation, and the statements a scorer may not run.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "store/run_log.h"
#include "store/score_snapshot.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace tempo::store {
namespace {

using Catch::Matchers::Contains;
using testing::TempDir;

struct Fixture {
  TempDir dir;
  std::unique_ptr<Db> db;
  Fixture() {
    auto opened = OpenStore(dir.File("tempo.db"));
    REQUIRE(opened.ok());
    db = std::move(opened).value();
  }
  void Exec(const std::string& sql) { REQUIRE(db->Exec(sql).ok()); }
  void Run(const std::string& connection, const std::string& status) {
    REQUIRE(
        InsertEndedRun(*db, connection, "file", 1, "2026-01-01T00:00:00.000Z", status, "").ok());
  }
  std::unique_ptr<ScoreSnapshot> Open(const std::vector<std::string>& configured = {},
                                      const std::string& as_of = "2026-06-30T23:59:59.999Z") {
    auto snapshot = ScoreSnapshot::Open(dir.File("tempo.db"), configured, as_of);
    INFO(snapshot.status().message());
    REQUIRE(snapshot.ok());
    return std::move(snapshot).value();
  }
};

// Runs `sql` through the snapshot as a scorer would; rows as "a|b|c" texts.
struct Query {
  tempo_status status = TEMPO_OK;
  std::string error;
  std::vector<std::string> rows;
};

Query Run(ScoreSnapshot& snapshot, const std::string& sql,
          const std::vector<std::optional<std::string_view>>& params = {}) {
  tempo_ctx ctx;
  Query q;
  auto on_row = [](void* user, const tempo_row* row) -> tempo_status {
    std::string text;
    const auto* base = reinterpret_cast<const char*>(row->values);
    for (uint32_t i = 0; i < row->column_count; ++i) {
      const auto& f =
          *reinterpret_cast<const tempo_field*>(base + size_t{i} * row->values[0].struct_size);
      if (i) text += "|";
      if (f.type == TEMPO_VALUE_STRING) text += std::string(f.str, f.str_len);
      if (f.type == TEMPO_VALUE_INT) text += std::to_string(f.int_value);
      if (f.type == TEMPO_VALUE_NULL) text += "NULL";
    }
    static_cast<Query*>(user)->rows.push_back(text);
    return TEMPO_OK;
  };
  q.status = snapshot.Query(ctx, sql, params, on_row, &q);
  q.error = ctx.error;
  return q;
}

TEST_CASE("only connections whose latest sync succeeded are read, the others are named") {
  Fixture f;
  f.Run("crm", "failed");
  f.Run("crm", "succeeded");  // latest: read
  f.Run("prm", "succeeded");
  f.Run("prm", "failed");  // latest: not read
  f.Run("web", "running");
  f.Exec(
      "INSERT INTO partner (connection, source_id, name, source_updated_at) VALUES"
      " ('crm', 'P1', 'Acme', '2026-05-01T00:00:00Z'), ('prm', 'P2', 'Beta', NULL),"
      " ('web', 'P3', 'Gamma', NULL)");
  auto snapshot = f.Open({"crm", "prm", "web", "files"});
  REQUIRE(snapshot->read().size() == 1);
  CHECK(snapshot->read()[0].connection == "crm");
  CHECK(snapshot->read()[0].sync_run_id == 2);
  CHECK(snapshot->read()[0].max_source_updated_at == "2026-05-01T00:00:00Z");
  REQUIRE(snapshot->excluded().size() == 3);
  CHECK(snapshot->excluded()[0].reason ==
        "its latest sync run 4 is failed; sync it successfully (tempo sync prm) and score again");
  CHECK_THAT(snapshot->excluded()[1].reason, Contains("run 5 is running"));
  CHECK(snapshot->excluded()[2].connection == "files");
  CHECK(snapshot->excluded()[2].reason == "it has never been synced; run tempo sync files first");
  CHECK(Run(*snapshot, "SELECT source_id FROM partner").rows == std::vector<std::string>{"P1"});
}

TEST_CASE("the tables show the rows live at the as-of instant, in one snapshot") {
  Fixture f;
  f.Run("crm", "succeeded");
  f.Exec(
      "INSERT INTO opportunity (connection, source_id, deleted_at) VALUES"
      " ('crm', 'live', NULL), ('crm', 'gone-before', '2026-03-01T00:00:00.000Z'),"
      " ('crm', 'gone-after', '2026-08-01T00:00:00.000Z')");
  auto snapshot = f.Open();
  Query q = Run(*snapshot, "SELECT source_id FROM opportunity ORDER BY source_id");
  CHECK(q.rows == std::vector<std::string>{"gone-after", "live"});
  // A sync committing meanwhile is not seen: every query reads the same snapshot.
  f.Exec("INSERT INTO opportunity (connection, source_id) VALUES ('crm', 'later')");
  CHECK(Run(*snapshot, "SELECT count(*) FROM opportunity").rows == std::vector<std::string>{"2"});
  // Parameters are bound, never spliced into the SQL.
  Query bound = Run(*snapshot, "SELECT source_id FROM opportunity WHERE source_id = ?1",
                    {std::string_view("live")});
  CHECK(bound.rows == std::vector<std::string>{"live"});
  Query injected = Run(*snapshot, "SELECT source_id FROM opportunity WHERE source_id = ?1",
                       {std::string_view("x' OR '1'='1")});
  CHECK(injected.rows.empty());
}

TEST_CASE("a scorer's statement that writes or reads around the scope is refused, clearly") {
  Fixture f;
  f.Run("crm", "succeeded");
  auto snapshot = f.Open();
  const auto refused = [&](const std::string& sql, const std::string& why) {
    Query q = Run(*snapshot, sql);
    CHECK(q.status == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(q.error, Contains(why));
  };
  refused("INSERT INTO opportunity (connection, source_id) VALUES ('crm', 'x')",
          "query refused: it is not a plain read (SELECT)");
  refused("DELETE FROM score_run", "query refused");
  refused("SELECT * FROM sync_runs", "query refused: it reads sync_runs, which a scorer may not");
  refused("SELECT * FROM raw_records", "which a scorer may not read");
  refused("SELECT * FROM main.opportunity",
          "it reads main.opportunity directly; read opportunity without a schema name");
  refused("PRAGMA writable_schema = 1", "not a plain read");
  refused("ATTACH DATABASE ':memory:' AS other", "not a plain read");
  refused("SELECT 1; SELECT 2", "more than one statement");
  refused("SELECT ?1, ?2", "query has 2 parameter(s) but 0 value(s) were given");
  refused("SELECT nonsense FROM opportunity", "query failed: no such column: nonsense");
  // Plain reads work, the schema catalog included (to check a view exists).
  CHECK(Run(*snapshot, "SELECT count(*) FROM sqlite_master WHERE name = 'partner'").status ==
        TEMPO_OK);
}

}  // namespace
}  // namespace tempo::store

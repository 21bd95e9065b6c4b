// `tempo store copy` from SQLite into PostgreSQL ($TEMPO_TEST_PG_URL; skipped without it): the
// demo company synced and scored into SQLite (config/demo.yaml, as of 2024-06-30), copied, is
// the same in every table, row for row and column for column; a non-empty target is refused
// unless --replace; a sync into the copy continues its history (cursors, run ids).
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "store/store.h"
#include "support/pg.h"
#include "support/pg_store_image.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tempo {
namespace {

using testing::PgDatabase;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;
using testing::TempoBinary;

// config/demo.yaml with its data files found where they are, its store in `dir`.
std::string DemoConfig(const TempDir& dir, const std::string& store_line) {
  std::ifstream in(std::string(TEMPO_SOURCE_DIR) + "/config/demo.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string data = std::string(TEMPO_SOURCE_DIR) + "/config/demo/data";
  for (size_t at = 0; (at = yaml.find("demo/data", at)) != std::string::npos; at += data.size()) {
    yaml.replace(at, 9, data);
  }
  yaml.replace(yaml.find("path: demo.db"), 13, store_line);
  yaml += "plugins:\n  path: [" TEMPO_PLUGIN_DIR "]\n";
  return dir.Write(store_line.starts_with("url") ? "pg.yaml" : "tempo.yaml", yaml);
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), TempoBinary());
  return RunProcess(args, dir.path());
}

size_t Rows(const testing::TableDump& dump) {
  size_t n = 0;
  for (const auto& [table, rows] : dump) n += rows.size();
  return n;
}

// The first difference between two dumps, "" when equal.
std::string FirstDifference(const testing::TableDump& want, const testing::TableDump& got) {
  for (const auto& [table, rows] : want) {
    auto it = got.find(table);
    if (it == got.end()) return "table " + table + " missing from the copy";
    if (it->second.size() != rows.size()) {
      return "table " + table + ": " + std::to_string(rows.size()) + " rows, the copy has " +
             std::to_string(it->second.size());
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i] != it->second[i]) return table + ":\n  " + rows[i] + "\n  " + it->second[i];
    }
  }
  for (const auto& [table, rows] : got) {
    if (want.count(table) == 0) return "table " + table + " only in the copy";
  }
  return "";
}

TEST_CASE("tempo store copy reproduces every row of a SQLite store in PostgreSQL", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("copy");
  if (!db) return;
  TempDir dir;
  const std::string lite_cfg = DemoConfig(dir, "path: tempo.db");
  ProcessResult demo = Tempo(
      dir, {"-c", lite_cfg, "demo", "--store", dir.File("tempo.db"), "--as-of", "2024-06-30"});
  INFO(demo.err);
  REQUIRE(demo.exit_code == 0);

  ProcessResult copy =
      Tempo(dir, {"store", "copy", "--from", "sqlite:" + dir.File("tempo.db"), "--to", db->url()});
  INFO(copy.err);
  REQUIRE(copy.exit_code == 0);
  CHECK_THAT(copy.out, Catch::StartsWith("copied "));
  CHECK_THAT(copy.err, Catch::Contains("  score_evidence: ") && Catch::Contains("  partner: "));

  auto sqlite = store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(sqlite.ok());
  const testing::TableDump want = testing::DumpSqliteTables(**sqlite);
  auto conn = db->Connect();
  testing::TableDump got = testing::DumpPgTables(*conn);
  // The demo fills the canonical tables, the run records and the score tables.
  for (const char* t : {"partner", "account", "partner_activity", "sync_runs", "sync_state",
                        "score_run", "score_metric", "score_evidence", "score_total"}) {
    INFO(t);
    CHECK(want.count(t) == 1);
  }
  REQUIRE(Rows(want) > 1000);
  CHECK(FirstDifference(want, got) == "");

  // A second copy into the now non-empty store is refused, changing nothing.
  ProcessResult again =
      Tempo(dir, {"store", "copy", "--from", "sqlite:" + dir.File("tempo.db"), "--to", db->url()});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("is not empty") && Catch::Contains("--replace"));
  CHECK(Rows(testing::DumpPgTables(*conn)) == Rows(want));
  // --replace empties it first.
  ProcessResult replaced = Tempo(dir, {"store", "copy", "--from", "sqlite:" + dir.File("tempo.db"),
                                       "--to", db->url(), "--replace"});
  INFO(replaced.err);
  CHECK(replaced.exit_code == 0);
  got = testing::DumpPgTables(*conn);
  CHECK(FirstDifference(want, got) == "");

  // The copy continues the store's history: a sync into it gets the next run id and reads from
  // the copied cursor.
  auto max_run = conn->Query("SELECT max(id) FROM sync_runs");
  REQUIRE(max_run.ok());
  const int64_t last = max_run->Int(0, 0);
  const std::string pg_cfg = DemoConfig(dir, "url: " + db->url());
  ProcessResult sync = Tempo(dir, {"-q", "-c", pg_cfg, "sync", "partners", "--json"});
  INFO(sync.err);
  CHECK(sync.exit_code == 0);
  CHECK_THAT(sync.out, Catch::Contains("\"run_id\":" + std::to_string(last + 1)));
}

TEST_CASE("tempo store copy explains what it needs") {
  TempDir dir;
  ProcessResult help = Tempo(dir, {"store", "copy", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--from") && Catch::Contains("--to") &&
                           Catch::Contains("--replace") && Catch::Contains("Example:"));
  ProcessResult backwards =
      Tempo(dir, {"store", "copy", "--from", "postgresql://h/db", "--to", "sqlite:x.db"});
  CHECK(backwards.exit_code == 2);
  CHECK_THAT(backwards.err, Catch::Contains("copies a SQLite store into a PostgreSQL one"));
  ProcessResult missing = Tempo(dir, {"store", "copy", "--from", dir.File("none.db"), "--to",
                                      "postgresql://tempo@127.0.0.1:1/x"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("does not exist"));
}

}  // namespace
}  // namespace tempo

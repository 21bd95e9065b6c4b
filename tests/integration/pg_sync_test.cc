// `tempo sync` into a PostgreSQL store (store.url), with real processes against the server of
// $TEMPO_TEST_PG_URL (skipped without it): the rows equal those of a SQLite store synced from
// the same source; two syncs of one connection started at once (one runs, the other exits 4
// "already being synced"); two connections in parallel; a worker SIGKILLed mid-sync and another
// resuming from its checkpoint with no loss or duplicate; the store's password nowhere in what
// the runs print or record.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "support/pg.h"
#include "support/pg_store_image.h"
#include "support/process.h"
#include "support/store_image.h"
#include "support/temp_dir.h"

namespace tempo {
namespace {

using testing::PgDatabase;
using testing::ProcessResult;
using testing::RunProcess;
using testing::StartProcess;
using testing::TempDir;
using testing::TempoBinary;
using testing::WaitProcess;

std::string TestPlugins() { return std::string(TEMPO_BINARY_DIR) + "/test-plugins"; }

// A tempo.yaml whose store is `store` ("path: FILE" or "url: postgresql://...") with synthetic
// connections named `names`, each with `plugin_config`.
std::string Config(const TempDir& dir, const std::string& file, const std::string& store,
                   const std::vector<std::string>& names, const std::string& plugin_config) {
  std::string yaml =
      "store:\n  " + store + "\nplugins:\n  path: [" + TestPlugins() + "]\nconnections:\n";
  for (const std::string& n : names) {
    yaml += "  - name: " + n + "\n    plugin: synthetic\n    config: " + plugin_config + "\n";
  }
  return dir.Write(file, yaml);
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args,
                    const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), TempoBinary());
  return RunProcess(args, dir.path(), env);
}

int64_t QueryInt(store::pg::Connection& conn, const std::string& sql) {
  auto rows = conn.Query(sql);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  return rows->Int(0, 0);
}

TEST_CASE("tempo sync into PostgreSQL stores the rows a SQLite store gets", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("sync_same");
  if (!db) return;
  TempDir dir;
  // Leads with partner fields, rejects (kept), raw JSON: the whole write path.
  const std::string plugin =
      "{records: 1500, page_size: 100, reject_every: 97, partner_leads: true}";
  const std::string pg_cfg = Config(dir, "pg.yaml", "url: " + db->url(), {"syn"}, plugin);
  const std::string lite_cfg = Config(dir, "lite.yaml", "path: lite.db", {"syn"}, plugin);

  for (int round = 0; round < 2; ++round) {
    INFO("round " << round);
    ProcessResult pg = Tempo(dir, {"-q", "-c", pg_cfg, "sync", "syn", "--commit-records", "400"});
    INFO(pg.err);
    REQUIRE(pg.exit_code == 0);
    ProcessResult lite = Tempo(dir, {"-q", "-c", lite_cfg, "sync", "syn"});
    REQUIRE(lite.exit_code == 0);
    std::string error;
    const testing::StoreImage want = testing::ReadStoreImage(dir.File("lite.db"), &error);
    REQUIRE(error.empty());
    const testing::StoreImage got = testing::ReadPgStoreImage(db->url(), &error);
    REQUIRE(error.empty());
    REQUIRE(testing::RowCount(want) > 1000);
    INFO("SQLite -> PostgreSQL");
    CHECK(testing::DescribeImageDifference(want, got) == "");
  }

  auto conn = db->Connect();
  CHECK(QueryInt(*conn, "SELECT count(*) FROM sync_runs WHERE status = 'succeeded'") == 2);
  CHECK(QueryInt(*conn, "SELECT records FROM sync_runs ORDER BY id LIMIT 1") ==
        QueryInt(*conn, "SELECT count(*) FROM lead"));
  CHECK(QueryInt(*conn, "SELECT commits FROM sync_runs ORDER BY id LIMIT 1") >= 4);
  CHECK(QueryInt(*conn, "SELECT count(*) FROM rejected_records") > 0);
  CHECK(QueryInt(*conn, "SELECT count(*) FROM sync_state WHERE connection = 'syn'") >= 1);
}

TEST_CASE("two syncs of one connection on PostgreSQL at once: one runs, one is already running",
          "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("sync_twice");
  if (!db) return;
  TempDir dir;
  // About 1.5 s of paging, so the two runs overlap.
  const std::string cfg = Config(dir, "tempo.yaml", "url: " + db->url(), {"syn"},
                                 "{records: 3000, page_size: 100, sleep_ms_per_page: 50}");
  std::vector<pid_t> pids;
  for (int i = 0; i < 2; ++i) {
    pids.push_back(StartProcess({TempoBinary(), "-q", "-c", cfg, "sync", "syn"},
                                dir.File("run" + std::to_string(i) + ".out"),
                                dir.File("run" + std::to_string(i) + ".err")));
  }
  std::vector<ProcessResult> results;
  for (int i = 0; i < 2; ++i) {
    results.push_back(WaitProcess(pids[static_cast<size_t>(i)],
                                  dir.File("run" + std::to_string(i) + ".out"),
                                  dir.File("run" + std::to_string(i) + ".err")));
  }
  const ProcessResult& ran = results[0].exit_code == 0 ? results[0] : results[1];
  const ProcessResult& refused = results[0].exit_code == 0 ? results[1] : results[0];
  INFO(results[0].err << "\n" << results[1].err);
  CHECK(ran.exit_code == 0);
  CHECK(refused.exit_code == 4);
  CHECK_THAT(refused.err, Catch::Contains("connection 'syn' is already being synced by another "
                                          "process"));
  auto conn = db->Connect();
  CHECK(QueryInt(*conn, "SELECT count(*) FROM sync_runs") == 1);
  CHECK(QueryInt(*conn, "SELECT count(*) FROM lead") == 3000);
}

TEST_CASE("two connections sync into one PostgreSQL store in parallel", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("sync_parallel");
  if (!db) return;
  TempDir dir;
  const std::string cfg = Config(dir, "tempo.yaml", "url: " + db->url(), {"syn_a", "syn_b"},
                                 "{records: 2000, page_size: 100, sleep_ms_per_page: 50}");
  std::vector<pid_t> pids;
  for (const char* name : {"syn_a", "syn_b"}) {
    pids.push_back(StartProcess({TempoBinary(), "-q", "-c", cfg, "sync", name},
                                dir.File(std::string(name) + ".out"),
                                dir.File(std::string(name) + ".err")));
  }
  int i = 0;
  for (const char* name : {"syn_a", "syn_b"}) {
    ProcessResult r =
        WaitProcess(pids[static_cast<size_t>(i++)], dir.File(std::string(name) + ".out"),
                    dir.File(std::string(name) + ".err"));
    INFO(name << ": " << r.err);
    CHECK(r.exit_code == 0);
  }
  auto conn = db->Connect();
  CHECK(QueryInt(*conn, "SELECT count(*) FROM lead WHERE connection = 'syn_a'") == 2000);
  CHECK(QueryInt(*conn, "SELECT count(*) FROM lead WHERE connection = 'syn_b'") == 2000);
  // The runs overlapped in time: each started before the other finished.
  CHECK(QueryInt(*conn,
                 "SELECT count(*) FROM sync_runs a JOIN sync_runs b ON a.id <> b.id WHERE "
                 "a.started_at < b.finished_at AND b.started_at < a.finished_at") == 2);
}

TEST_CASE("a PostgreSQL sync SIGKILLed mid-run is resumed by another worker from its checkpoint",
          "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("sync_kill");
  if (!db) return;
  TempDir dir;
  const std::string plugin = "{records: 4000, page_size: 100, sleep_ms_per_page: 20}";
  const std::string cfg = Config(dir, "tempo.yaml", "url: " + db->url(), {"syn"}, plugin);
  auto conn = db->Connect();

  pid_t worker =
      StartProcess({TempoBinary(), "-q", "-c", cfg, "sync", "syn", "--commit-records", "300"},
                   dir.File("killed.out"), dir.File("killed.err"));
  // Killed once two commits are in (records and their checkpoint).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int64_t commits = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto rows = conn->Query("SELECT coalesce(max(commits), 0) FROM sync_runs");
    if (rows.ok()) commits = rows->Int(0, 0);
    if (commits >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(commits >= 2);
  ::kill(worker, SIGKILL);
  ProcessResult killed = WaitProcess(worker, dir.File("killed.out"), dir.File("killed.err"));
  REQUIRE(killed.signal == SIGKILL);
  const int64_t kept = QueryInt(*conn, "SELECT count(*) FROM lead");
  CHECK(kept > 0);
  CHECK(kept < 4000);

  // Another worker (a new process, as on another machine): the lock was released with the
  // killed session, and the run resumes from the committed checkpoint.
  ProcessResult resumed = Tempo(dir, {"-q", "-c", cfg, "sync", "syn", "--json"});
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.out, Catch::Contains("\"records\":" + std::to_string(4000 - kept)));
  CHECK(QueryInt(*conn, "SELECT count(*) FROM lead") == 4000);
  CHECK(QueryInt(*conn, "SELECT count(DISTINCT source_id) FROM lead") == 4000);
  CHECK(QueryInt(*conn, "SELECT count(*) FROM sync_runs WHERE status = 'interrupted'") == 1);

  // Row for row what an uninterrupted run stores.
  const std::string lite = Config(dir, "lite.yaml", "path: lite.db", {"syn"}, plugin);
  REQUIRE(Tempo(dir, {"-q", "-c", lite, "sync", "syn"}).exit_code == 0);
  INFO("uninterrupted (SQLite) -> killed and resumed (PostgreSQL)");
  CHECK(testing::DescribeImageDifference(testing::ReadStoreImage(dir.File("lite.db")),
                                         testing::ReadPgStoreImage(db->url())) == "");
}

TEST_CASE("the PostgreSQL store's password is nowhere in what a sync prints or records", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("sync_secret");
  if (!db) return;
  TempDir dir;
  // The test server trusts loopback, so any password logs in; it must still never show.
  const std::string password = "Pg-Canary-7f3a91";
  std::string url = db->url();
  url.insert(url.find('@'), ":${env:TEMPO_TEST_STORE_PASSWORD}");
  const std::string cfg = Config(dir, "tempo.yaml", "url: \"" + url + "\"", {"syn"},
                                 "{records: 300, page_size: 100, fail_after_pages: 2}");
  const std::vector<std::string> env = {"TEMPO_TEST_STORE_PASSWORD=" + password};
  ProcessResult failed = Tempo(dir, {"-v", "-c", cfg, "sync", "syn"}, env);
  CHECK(failed.exit_code == 1);  // the source failed after two pages
  CHECK_THAT(failed.out + failed.err, !Catch::Contains(password));
  ProcessResult check = Tempo(dir, {"-v", "-c", cfg, "config", "check"}, env);
  CHECK_THAT(check.out + check.err, !Catch::Contains(password));

  // An unreachable server: the error names it, with the password hidden.
  std::string wrong = url;
  wrong.replace(wrong.find("127.0.0.1:") + 10,
                wrong.find('/', wrong.find("127.0.0.1:")) - wrong.find("127.0.0.1:") - 10, "1");
  const std::string bad_cfg =
      Config(dir, "bad.yaml", "url: \"" + wrong + "\"", {"syn"}, "{records: 3}");
  ProcessResult unreachable = Tempo(dir, {"-c", bad_cfg, "sync", "syn"}, env);
  CHECK(unreachable.exit_code == 1);
  CHECK_THAT(unreachable.err, Catch::Contains("127.0.0.1") && Catch::Contains(":***@"));
  CHECK_THAT(unreachable.out + unreachable.err, !Catch::Contains(password));

  auto conn = db->Connect();
  auto rows =
      conn->Query("SELECT coalesce(error, '') || coalesce(streams_json, '') FROM sync_runs");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK_THAT(std::string(rows->Text(0, 0)), !Catch::Contains(password));
}

TEST_CASE("commands that read a SQLite store say so for a PostgreSQL store", "[pg]") {
  TempDir dir;
  const std::string cfg =
      Config(dir, "tempo.yaml", "url: postgresql://tempo@127.0.0.1:1/x", {"syn"}, "{records: 3}");
  for (const char* command : {"status", "report", "score"}) {
    ProcessResult r = Tempo(dir, {"-c", cfg, command});
    INFO(command << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("reads a SQLite store") && Catch::Contains("store.url"));
  }
}

}  // namespace
}  // namespace tempo

// Crash safety, as reliability scenario #1 asks: a `tempo sync` of a large CSV file through the
// file connector is killed with SIGKILL at 20 random instants, each kill followed by a resumed
// run; the final store must equal a clean run's row for row, with no duplicates and a sound
// database file. Run once for incremental reads and once for a full refresh (whose resume
// must not soft-delete anything).
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <thread>

#include "store/store.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

constexpr int kRows = 150000;
constexpr int kKills = 20;

std::string MakeCsv() {
  std::string csv = "account_id,name,website,lifecycle,arr,updated_at\n";
  csv.reserve(kRows * 96);
  const char* lifecycles[] = {"customer", "prospect", "former_customer", "partner", ""};
  for (int i = 0; i < kRows; ++i) {
    std::string id = "A" + std::to_string(1000000 + i);
    std::string name = (i % 7 == 0) ? "\"Quote \"\"" + std::to_string(i) + "\"\", Inc.\""
                                    : "Company " + std::to_string(i) + " GmbH";
    std::string site = (i % 3 == 0) ? "https://www.Company" + std::to_string(i) + ".example/home"
                                    : "company" + std::to_string(i) + ".example";
    std::string arr = (i % 11 == 0) ? "" : std::to_string((i * 37) % 250000) + ".5";
    char ts[40];
    std::snprintf(ts, sizeof ts, "2026-%02d-%02dT%02d:%02d:%02dZ", 1 + i % 12, 1 + i % 28, i % 24,
                  i % 60, (i / 60) % 60);
    csv += id + "," + name + "," + site + "," + lifecycles[i % 5] + "," + arr + "," + ts + "\n";
  }
  return csv;
}

std::string Config(const TempDir& dir, const std::string& store, const std::string& csv) {
  return dir.Write(store + ".yaml",
                   "store:\n  path: " + store +
                       ".db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                       "]\nconnections:\n  - name: big\n    plugin: file\n    config:\n"
                       "      streams:\n        - name: accounts\n          path: " +
                       csv +
                       "\n          entity: account\n          id: account_id\n"
                       "          updated_at: updated_at\n          columns: {name: name, domain: "
                       "website, lifecycle: lifecycle, arr_usd: arr}\n");
}

std::vector<std::string> SyncArgs(const std::string& config, bool full_refresh) {
  std::vector<std::string> args = {
      tempo::testing::TempoBinary(), "-q", "-c", config, "sync", "big", "--commit-records", "5000"};
  if (full_refresh) args.push_back("--full-refresh");
  return args;
}

// Every row of a query, rendered as text lines.
std::vector<std::string> Dump(const std::string& db_path, const std::string& sql) {
  auto db = tempo::store::OpenStoreReadOnly(db_path);
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare(sql);
  REQUIRE(stmt.ok());
  std::vector<std::string> rows;
  for (;;) {
    auto more = stmt->Step();
    if (!more.ok()) FAIL(more.status().message());
    if (!*more) break;
    std::string line;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      line += stmt->IsNull(c) ? "<null>" : stmt->Text(c);
      line += '|';
    }
    rows.push_back(std::move(line));
  }
  return rows;
}

void KillLoop(bool full_refresh) {
  TempDir dir;
  std::string csv = dir.Write("accounts.csv", MakeCsv());
  std::string clean_cfg = Config(dir, "clean", csv);
  std::string crash_cfg = Config(dir, "crash", csv);

  auto start = std::chrono::steady_clock::now();
  ProcessResult clean = tempo::testing::RunProcess(SyncArgs(clean_cfg, full_refresh), dir.path());
  auto clean_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  INFO(clean.err);
  REQUIRE(clean.exit_code == 0);

  // Kill instants are random in [0, clean/20]: 20 of them cover about half of a run, so every
  // kill lands inside a run (start-up, migration, mid-page, mid-commit), never after it.
  std::mt19937 rng(20261129);
  std::uniform_int_distribution<int> delay_ms(0,
                                              std::max<int>(20, static_cast<int>(clean_ms / 20)));
  int killed = 0;
  for (int i = 0; i < kKills; ++i) {
    std::string out = dir.File("kill" + std::to_string(i) + ".out");
    std::string err = dir.File("kill" + std::to_string(i) + ".err");
    pid_t pid = tempo::testing::StartProcess(SyncArgs(crash_cfg, full_refresh), out, err);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ::kill(pid, SIGKILL);
    ProcessResult r = tempo::testing::WaitProcess(pid, out, err);
    if (r.signal == SIGKILL) ++killed;
  }
  CHECK(killed == kKills);

  ProcessResult last = tempo::testing::RunProcess(SyncArgs(crash_cfg, full_refresh), dir.path());
  INFO(last.err);
  REQUIRE(last.exit_code == 0);

  const std::string rows =
      "SELECT source_id, name, domain, lifecycle, arr_usd, source_updated_at, deleted_at "
      "FROM account ORDER BY source_id";
  const std::string raw = "SELECT source_id, raw_json FROM raw_records ORDER BY source_id";
  std::vector<std::string> expected = Dump(dir.File("clean.db"), rows);
  REQUIRE(expected.size() == kRows);
  std::vector<std::string> actual = Dump(dir.File("crash.db"), rows);
  CHECK(actual.size() == expected.size());
  CHECK(actual == expected);
  CHECK(Dump(dir.File("crash.db"), raw) == Dump(dir.File("clean.db"), raw));
  CHECK(Dump(dir.File("crash.db"),
             "SELECT COUNT(*), COUNT(DISTINCT source_id), "
             "COUNT(deleted_at) FROM account") ==
        std::vector<std::string>{std::to_string(kRows) + "|" + std::to_string(kRows) + "|0|"});
  CHECK(Dump(dir.File("crash.db"), "PRAGMA integrity_check") == std::vector<std::string>{"ok|"});
  // Every killed run that got as far as recording itself is marked interrupted, not running.
  CHECK(Dump(dir.File("crash.db"), "SELECT COUNT(*) FROM sync_runs WHERE status = 'running'") ==
        std::vector<std::string>{"0|"});
  CHECK(Dump(dir.File("crash.db"),
             "SELECT COUNT(*) FROM sync_state WHERE refresh_run_id IS NOT NULL") ==
        std::vector<std::string>{"0|"});
}

}  // namespace

TEST_CASE("incremental sync killed at 20 random instants ends equal to a clean run") {
  KillLoop(/*full_refresh=*/false);
}

TEST_CASE("full refresh killed at 20 random instants resumes and deletes nothing") {
  KillLoop(/*full_refresh=*/true);
}

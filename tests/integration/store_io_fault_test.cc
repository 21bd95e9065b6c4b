// SQLite I/O errors under a sync, through SQLite's VFS: libtempo_fault_vfs.so (see
// tests/support/fault_vfs/fault_vfs.cc), preloaded into the `tempo sync` child, fails the Nth
// write (or fsync) of the store with SQLITE_IOERR or SQLITE_FULL, once or from then on (a disk
// that stays broken), at N spread over every write an uninterrupted run makes. The run must fail
// with a message naming the store and the cause; the store must open afterwards, sound
// (`integrity_check`), holding exactly what its last commit holds (the synthetic connector
// emits record i before it checkpoints {"next": i + 1}); and the next run, on a healthy disk,
// must end with every record exactly once. (A real full disk: disk_full_test.)
#include <catch2/catch.hpp>

#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "support/fault_vfs.h"
#include "support/process.h"
#include "support/seed.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

constexpr int kRecords = 3000;

struct Disk {
  TempDir dir;
  std::string db = dir.File("tempo.db");
  std::string config = dir.Write(
      "tempo.yaml", "store:\n  path: " + db +
                        "\nplugins:\n  path: [" TEMPO_BINARY_DIR
                        "/test-plugins]\nconnections:\n  - {name: syn, plugin: synthetic, config: "
                        "{records: " +
                        std::to_string(kRecords) + ", page_size: 100}}\n");

  ProcessResult Sync(const std::string& vfs_spec) {
    std::vector<std::string> env;
    if (!vfs_spec.empty()) env = tempo::testing::FaultVfsEnv("store=" + db + " " + vfs_spec);
    return tempo::testing::RunProcess(
        {tempo::testing::TempoBinary(), "-c", config, "sync", "syn", "--commit-records", "200"},
        dir.path(), env);
  }
  std::string One(const std::string& sql) const {
    const auto rows = tempo::testing::StoreRows(db, sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
  // The committed state's next record, and the rows the store holds ("next|count|distinct").
  std::string Committed() const {
    // A store whose first migration failed has no tables yet: nothing committed.
    if (One("SELECT count(*) FROM sqlite_master WHERE name = 'sync_state'") == "0") return "0|0|0";
    return One(
        "SELECT coalesce((SELECT json_extract(state_json, '$.next') FROM sync_state), 0) "
        "|| '|' || (SELECT count(*) FROM lead) || '|' || "
        "(SELECT count(DISTINCT source_id) FROM lead)");
  }
};

// The writes (or fsyncs) of `op` on the store's files `on` that an uninterrupted run makes.
long long CountOps(const std::string& op, const std::string& on) {
  Disk disk;
  const std::string counts = disk.dir.File("counts");
  ProcessResult r = disk.Sync("on=" + on + " counts=" + counts);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto c = tempo::testing::ReadFaultVfsCounts(counts);
  REQUIRE(c.ok());
  return op == "write" ? c.writes : c.syncs;
}

struct Case {
  std::string op, on;
  long long nth;
  bool full, sticky;
  std::string Spec() const {
    return "fail=" + op + " on=" + on + " nth=" + std::to_string(nth) +
           (full ? " error=full" : " error=ioerr") + (sticky ? " sticky=1" : "");
  }
};

enum class Ending { kFailed, kSucceeded, kNotFired };

// Runs one case: how the faulted run ended (kNotFired: the run made fewer such operations than
// N, so nothing failed; it ran whole).
Ending RunCase(const Case& c) {
  INFO("fault: " << c.Spec());
  Disk disk;
  const std::string counts = disk.dir.File("counts");
  ProcessResult faulted = disk.Sync(c.Spec() + " counts=" + counts);
  INFO("the faulted run's stderr:\n" << faulted.err);
  const bool failed = faulted.exit_code != 0;
  // A run that ended normally says whether the fault fired; a failed one fired it.
  const auto fired = tempo::testing::ReadFaultVfsCounts(counts);
  if (!failed) REQUIRE(fired.ok());
  if (failed) {
    CHECK(faulted.exit_code == 1);
    // Names the store and the cause.
    CHECK_THAT(faulted.err, Catch::Contains(disk.db));
    CHECK_THAT(faulted.err,
               Catch::Contains(c.full ? "database or disk is full" : "disk I/O error"));
    if (c.full) CHECK_THAT(faulted.err, Catch::Contains("no space left"));
  }
  // The store opens, is sound, and holds exactly its last commit.
  CHECK(disk.One("PRAGMA integrity_check") == "ok");
  const std::string committed = disk.Committed();
  const std::string next = committed.substr(0, committed.find('|'));
  CHECK(committed == next + "|" + next + "|" + next);
  if (!failed) CHECK(committed == "3000|3000|3000");
  // On a healthy disk the next run resumes and ends with every record once.
  ProcessResult healthy = disk.Sync("");
  INFO("the next run's stderr:\n" << healthy.err);
  CHECK(healthy.exit_code == 0);
  CHECK(disk.Committed() == "3000|3000|3000");
  CHECK(disk.One("PRAGMA integrity_check") == "ok");
  CHECK(disk.One("SELECT count(*) FROM sync_runs WHERE status = 'running'") == "0");
  CHECK(disk.One("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1") == "succeeded");
  if (failed) return Ending::kFailed;
  return fired.failed > 0 ? Ending::kSucceeded : Ending::kNotFired;
}

}  // namespace

TEST_CASE("store I/O: a failed write to the WAL fails the run naming the store, and it resumes") {
  const uint64_t seed = tempo::testing::TestSeed();
  INFO("seed " << seed << " (TEMPO_KILL_SEED=" << seed << " repeats it)");
  const long long writes = CountOps("write", "wal");
  REQUIRE(writes > 20);
  std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
  std::vector<long long> nths = {1, 2, writes / 2, writes - 1, writes};
  std::uniform_int_distribution<long long> any(1, writes);
  for (int i = 0; i < 5; ++i) nths.push_back(any(rng));
  int failed = 0, not_fired = 0;
  for (size_t i = 0; i < nths.size(); ++i) {
    const Case c{"write", "wal", nths[i], i % 2 == 1, i % 3 == 2};
    // A write to the WAL is part of a commit: a run whose WAL write failed cannot succeed.
    // (One run makes a few writes more or fewer than another: the last N may not come.)
    const Ending ending = RunCase(c);
    INFO("fault: " << c.Spec());
    CHECK(ending != Ending::kSucceeded);
    if (ending == Ending::kFailed) ++failed;
    if (ending == Ending::kNotFired) ++not_fired;
  }
  CHECK(failed >= static_cast<int>(nths.size()) - 2);
  std::cout << "store I/O (seed " << seed << "): " << failed << " WAL write failures at N in [1, "
            << writes << "] (" << not_fired
            << " N past the run's last write), each run failed clearly "
            << "and resumed\n";
}

TEST_CASE("store I/O: a failed database write or fsync never loses a commit") {
  // Writes to the database file and fsyncs come from checkpoints (synchronous=NORMAL in WAL
  // mode): a failed one leaves the commits in the WAL, and the checkpoint is retried. The run may
  // succeed; then it holds every record. Either way the store is sound and the next run is whole.
  const uint64_t seed = tempo::testing::TestSeed();
  INFO("seed " << seed << " (TEMPO_KILL_SEED=" << seed << " repeats it)");
  std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
  int cases = 0, failed = 0, succeeded = 0;
  for (const auto& [op, on] :
       std::vector<std::pair<std::string, std::string>>{{"write", "db"}, {"sync", "any"}}) {
    const long long ops = CountOps(op, on);
    REQUIRE(ops > 0);
    std::uniform_int_distribution<long long> any(1, ops);
    for (int i = 0; i < 4; ++i) {
      const Case c{op, on, i == 0 ? 1 : any(rng), i % 2 == 1, i >= 2};
      const Ending ending = RunCase(c);
      if (ending != Ending::kNotFired) ++cases;
      if (ending == Ending::kFailed) ++failed;
      if (ending == Ending::kSucceeded) ++succeeded;
    }
  }
  CHECK(cases >= 6);
  std::cout << "store I/O (seed " << seed << "): " << cases
            << " database write and fsync failures: " << failed << " failed the run clearly, "
            << succeeded << " succeeded whole\n";
}

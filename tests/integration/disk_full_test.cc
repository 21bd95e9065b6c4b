// A store on a full filesystem: a tmpfs of a few KiB or MiB mounted for the test (as root; where
// mounting is not permitted each test says so and checks nothing). The message names the cause
// (no space) and the fix; a run that fills the disk fails, the store stays at its last commit
// and opens fine; given room, the next run resumes and ends with every record once.
#include <sys/mount.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::RunProcess;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;

// A tmpfs of `size` (mount(8) syntax) on a fresh folder, unmounted at scope exit.
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& size) : path_(dir_.File("disk")) {
    std::filesystem::create_directory(path_);
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& path() const { return path_; }
  bool Resize(const std::string& size) {
    return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
  }
  // A tempo.yaml in the scratch folder whose store is on the small disk.
  std::string Config(const std::string& connections) const {
    return dir_.Write("tempo.yaml", "store:\n  path: " + path_ +
                                        "/tempo.db\nplugins:\n  path: [" TEMPO_BINARY_DIR
                                        "/test-plugins]\nconnections:\n" +
                                        connections);
  }
  const TempDir& scratch() const { return dir_; }

 private:
  TempDir dir_;
  std::string path_;
  bool mounted_ = false;
};

std::string One(const std::string& db, const std::string& sql) {
  const auto rows = tempo::testing::StoreRows(db, sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

}  // namespace

TEST_CASE("a store that cannot be created for lack of space says so") {
  SmallDisk disk("16k");
  if (!disk.mounted()) {
    WARN("SKIPPED: mounting a tmpfs is not permitted here (needs root); nothing was checked");
    return;
  }
  const std::string cfg =
      disk.Config("  - {name: syn, plugin: synthetic, config: {records: 10}}\n");
  ProcessResult r = RunProcess({TempoBinary(), "-c", cfg, "sync", "syn"}, disk.scratch().path());
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains(disk.path() + "/tempo.db"));
  CHECK_THAT(r.err, Catch::Contains("no space left on the filesystem holding it"));
  CHECK_THAT(r.err, Catch::Contains("move store.path"));
}

TEST_CASE("a run that fills the disk fails clearly, keeps its last commit, and resumes with room") {
  SmallDisk disk("2m");
  if (!disk.mounted()) {
    WARN("SKIPPED: mounting a tmpfs is not permitted here (needs root); nothing was checked");
    return;
  }
  // 20,000 leads take about 8 MB: the 2 MiB disk fills after a few thousand.
  const std::string cfg =
      disk.Config("  - {name: syn, plugin: synthetic, config: {records: 20000, page_size: 200}}\n");
  const std::string db = disk.path() + "/tempo.db";
  ProcessResult full = RunProcess({TempoBinary(), "-c", cfg, "sync", "syn"}, disk.scratch().path());
  INFO(full.err);
  CHECK(full.exit_code == 1);
  CHECK_THAT(full.err, Catch::Contains("no space left on the filesystem holding it"));
  // The store opens, is sound, and holds exactly its committed pages: records 0..next-1.
  CHECK(One(db, "PRAGMA integrity_check") == "ok");
  const std::string next =
      One(db, "SELECT coalesce((SELECT json_extract(state_json, '$.next') FROM sync_state), 0)");
  CHECK(One(db, "SELECT COUNT(*) || '|' || COUNT(DISTINCT source_id) FROM lead") ==
        next + "|" + next);
  CHECK(std::stoll(next) < 20000);

  // With room, the next run resumes after the last commit and completes.
  REQUIRE(disk.Resize("32m"));
  ProcessResult resumed =
      RunProcess({TempoBinary(), "-c", cfg, "sync", "syn", "--json"}, disk.scratch().path());
  INFO(resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK_THAT(resumed.out,
             Catch::Contains("\"records\":" + std::to_string(20000 - std::stoll(next))));
  CHECK(One(db, "SELECT COUNT(*) || '|' || COUNT(DISTINCT source_id) FROM lead") == "20000|20000");
  CHECK(One(db, "PRAGMA integrity_check") == "ok");
  CHECK(One(db, "SELECT group_concat(status, ' ') FROM (SELECT status FROM sync_runs ORDER BY id)")
            .ends_with("succeeded"));
  CHECK(One(db, "SELECT COUNT(*) FROM sync_runs WHERE status = 'running'") == "0");
}

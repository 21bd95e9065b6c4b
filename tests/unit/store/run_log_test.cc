// The run-log queries `tempo status`, the daemon and /metrics read sync_runs through: the last
// run of a connection is its newest row with every column status shows, and a store that is
// not one is an error naming the file, never "no runs".
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "store/run_log.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace tempo::store {
namespace {

using testing::TempDir;

TEST_CASE("LastRun is the connection's newest run, with its counts, error and pid") {
  TempDir dir;
  auto db = OpenStore(dir.File("tempo.db"));
  REQUIRE(db.ok());
  Result<int64_t> first =
      InsertEndedRun(**db, "crm", "hubspot", 11, "2020-01-01T00:00:00Z", "succeeded", "");
  Result<int64_t> other =
      InsertEndedRun(**db, "files", "file", 12, "2020-01-02T00:00:00Z", "succeeded", "");
  Result<int64_t> last = InsertEndedRun(**db, "crm", "hubspot", 13, "2020-01-03T00:00:00Z",
                                        "failed", "HubSpot answered 500");
  REQUIRE((first.ok() && other.ok() && last.ok()));
  REQUIRE((*db)
              ->Exec("UPDATE sync_runs SET records = 42, rejects = 3 WHERE id = " +
                     std::to_string(*last))
              .ok());

  Result<std::optional<RunRow>> run = LastRun(**db, "crm");
  REQUIRE(run.ok());
  REQUIRE(run->has_value());
  const RunRow& row = **run;
  CHECK(row.id == *last);
  CHECK(row.status == "failed");
  CHECK(row.started_at == "2020-01-03T00:00:00Z");
  CHECK(row.error == "HubSpot answered 500");
  CHECK(row.records == 42);
  CHECK(row.rejects == 3);
  CHECK(row.duration_ms > 0);
  CHECK(row.pid == 13);

  Result<std::optional<RunRow>> none = LastRun(**db, "never-ran");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  // FindRunByPid reads the same columns.
  Result<std::optional<RunRow>> by_pid = FindRunByPid(**db, "crm", 11, 0);
  REQUIRE(by_pid.ok());
  REQUIRE(by_pid->has_value());
  CHECK((*by_pid)->id == *first);
  CHECK((*by_pid)->error.empty());
}

TEST_CASE("LastRun on a file without sync_runs is an error naming the store file") {
  TempDir dir;
  const std::string path = dir.File("other.db");
  auto db = Db::Open(path, /*read_only=*/false);
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("CREATE TABLE unrelated (x INTEGER)").ok());
  Result<std::optional<RunRow>> run = LastRun(**db, "crm");
  REQUIRE_FALSE(run.ok());
  CHECK_THAT(run.status().message(), Catch::Contains(path));
  CHECK_THAT(run.status().message(), Catch::Contains("no such table: sync_runs"));
}

}  // namespace
}  // namespace tempo::store

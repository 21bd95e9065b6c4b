// `tempo store migrate` on both backends: a new store gets the current schema, a second run
// says it is current, a store from a newer Tempo is refused with exit 2, and an unreachable
// PostgreSQL server fails with exit 1 naming the server, never the password.
#include <string>

#include <catch2/catch.hpp>

#include "store/pg/migrate.h"
#include "store/schema.h"
#include "support/pg.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tempo {
namespace {

using testing::PgDatabase;
using testing::RunProcess;
using testing::TempDir;
using testing::TempoBinary;

const std::string kCurrent = std::to_string(store::Migrations().size());

TEST_CASE("tempo store migrate brings a SQLite store to the current schema") {
  TempDir dir;
  const std::string path = dir.File("store.db");
  auto first =
      RunProcess({TempoBinary(), "store", "migrate", "--store", "sqlite:" + path}, dir.path());
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(first.out == "SQLite store " + path + ": migrated from schema 0 to " + kCurrent + "\n");

  // The config's store by default.
  dir.Write("tempo.yaml", "store:\n  path: store.db\n");
  auto second =
      RunProcess({TempoBinary(), "-c", dir.File("tempo.yaml"), "store", "migrate"}, dir.path());
  INFO(second.err);
  CHECK(second.exit_code == 0);
  CHECK(second.out == "SQLite store " + path + ": already at schema " + kCurrent + "\n");
}

TEST_CASE("tempo store migrate brings a PostgreSQL store to the current schema", "[pg]") {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("cli_migrate");
  if (!db) return;
  TempDir dir;
  auto first = RunProcess({TempoBinary(), "store", "migrate", "--store", db->url()}, dir.path());
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("PostgreSQL store postgresql://") &&
                            Catch::Contains(": migrated from schema 0 to " + kCurrent));
  auto second = RunProcess({TempoBinary(), "store", "migrate", "--store", db->url()}, dir.path());
  CHECK(second.exit_code == 0);
  CHECK_THAT(second.out, Catch::EndsWith(": already at schema " + kCurrent + "\n"));

  auto conn = db->Connect();
  REQUIRE(conn->Run("UPDATE tempo_schema SET version = version + 1").ok());
  auto newer = RunProcess({TempoBinary(), "store", "migrate", "--store", db->url()}, dir.path());
  CHECK(newer.exit_code == 2);
  CHECK_THAT(newer.err, Catch::Contains("newer Tempo"));
}

TEST_CASE("tempo store migrate names an unreachable PostgreSQL server, not its password") {
  TempDir dir;
  auto r = RunProcess({TempoBinary(), "store", "migrate", "--store",
                       "postgresql://tempo:Migrate-Secret-42@127.0.0.1:1/tempo"},
                      dir.path());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("127.0.0.1") && Catch::Contains("tempo:***@"));
  CHECK_THAT(r.err + r.out, !Catch::Contains("Migrate-Secret-42"));
}

}  // namespace
}  // namespace tempo

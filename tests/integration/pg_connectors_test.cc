// The connector suite's store checks on PostgreSQL ($TEMPO_TEST_PG_URL; skipped without it):
// every HTTP connector synced by the real `tempo sync` from the in-process fake APIs into a
// PostgreSQL store and into a SQLite store, the two compared row for row (store_image.h's
// columns, raw JSON included) after a first sync, after incremental syncs of a changed source
// (records touched, added, archived) and after a full refresh.
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/fake_connections.h"
#include "support/pg.h"
#include "support/pg_store_image.h"
#include "support/process.h"
#include "support/store_image.h"
#include "support/temp_dir.h"

namespace tempo {
namespace {

using testing::HttpConnector;
using testing::PgDatabase;
using testing::ProcessResult;
using testing::SourceChange;
using testing::TempDir;

const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

void SameOnBothBackends(HttpConnector id) {
  std::optional<PgDatabase> db = PgDatabase::CreateOrSkip("connectors");
  if (!db) return;
  const auto& spec = testing::SpecOf(id);
  INFO("connector " << spec.name);
  const auto secrets = testing::NewSecrets(id);
  auto options = testing::FakeOptionsFor(id, secrets);
  // Two stores (two HTTP state files) share the one configured refresh token.
  options.auth.crossbeam_rotate_refresh_tokens = false;
  auto started = fakes::FakeApiServer::Start(options);
  REQUIRE(started.ok());
  auto& server = **started;
  const testing::FakeConnection conn = testing::ConnectionTo(id, server, secrets);

  TempDir lite_dir, pg_dir;
  const std::string lite_db = lite_dir.File("tempo.db");
  const std::string lite_cfg = lite_dir.Write("tempo.yaml", testing::TempoYaml(lite_db, conn.yaml));
  std::string pg_yaml = testing::TempoYaml(pg_dir.File("local"), conn.yaml);
  pg_yaml.replace(0, pg_yaml.find('\n', 7), "store:\n  url: " + db->url());
  const std::string pg_cfg = pg_dir.Write("tempo.yaml", pg_yaml);

  auto sync_both = [&](const std::string& round, bool full_refresh) {
    INFO("round: " << round);
    for (const auto& [dir, cfg] : {std::pair{&lite_dir, lite_cfg}, std::pair{&pg_dir, pg_cfg}}) {
      std::vector<std::string> args = {testing::TempoBinary(), "-q", "-c", cfg, "sync", conn.name};
      if (full_refresh) args.push_back("--full-refresh");
      ProcessResult r = testing::RunProcess(args, dir->path(), conn.env);
      INFO(cfg << ": " << r.err);
      REQUIRE(r.exit_code == 0);
    }
    std::string error;
    const testing::StoreImage want = testing::ReadStoreImage(lite_db, &error);
    REQUIRE(error.empty());
    const testing::StoreImage got = testing::ReadPgStoreImage(db->url(), &error);
    REQUIRE(error.empty());
    REQUIRE(testing::RowCount(want) > 0);
    INFO("SQLite -> PostgreSQL");
    CHECK(testing::DescribeImageDifference(want, got) == "");
  };

  sync_both("first sync", false);
  std::mt19937 rng(18);
  // Not on Mailchimp: touching a member changes its list's campaign counts without their
  // cursor (kill_loop_test.cc says why); appends and archives are compared there too.
  if (id != HttpConnector::kMailchimp) {
    testing::ChangeSource(id, server, SourceChange::kTouch, rng);
    testing::ChangeSource(id, server, SourceChange::kAppend, rng);
    sync_both("incremental after touches and additions", false);
  }
  testing::ChangeSource(id, server, SourceChange::kArchive, rng);
  sync_both("full refresh after archives", true);
}

TEST_CASE("PostgreSQL store equals SQLite's: hubspot", "[pg]") {
  SameOnBothBackends(HttpConnector::kHubSpot);
}
TEST_CASE("PostgreSQL store equals SQLite's: salesforce", "[pg]") {
  SameOnBothBackends(HttpConnector::kSalesforce);
}
TEST_CASE("PostgreSQL store equals SQLite's: marketo", "[pg]") {
  SameOnBothBackends(HttpConnector::kMarketo);
}
TEST_CASE("PostgreSQL store equals SQLite's: mailchimp", "[pg]") {
  SameOnBothBackends(HttpConnector::kMailchimp);
}
TEST_CASE("PostgreSQL store equals SQLite's: crossbeam", "[pg]") {
  SameOnBothBackends(HttpConnector::kCrossbeam);
}
TEST_CASE("PostgreSQL store equals SQLite's: partnerstack", "[pg]") {
  SameOnBothBackends(HttpConnector::kPartnerStack);
}
TEST_CASE("PostgreSQL store equals SQLite's: impartner", "[pg]") {
  SameOnBothBackends(HttpConnector::kImpartner);
}

}  // namespace
}  // namespace tempo

// Identifiers from data never reach SQL text: the `hostile` test plugin reports streams, entities
// and fields named with quotes, `;`, SQL comments, a NUL byte and 10 kB of text, and records whose
// ids and values are SQL. The store rejects each unknown name (a counted reject naming it), keeps
// every id and value byte for byte, loses no table, and stays sound.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::TempDir;

std::vector<std::vector<std::string>> Rows(const TempDir& dir, const std::string& sql) {
  return tempo::testing::StoreRows(dir.File("tempo.db"), sql);
}

}  // namespace

TEST_CASE("hostile stream, entity and field names are rejected or bound, never SQL") {
  TempDir dir;
  const std::string cfg =
      dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_BINARY_DIR
                              "/test-plugins]\nconnections:\n  - {name: h, plugin: hostile}\n");
  ProcessResult r = tempo::testing::RunTempoSync(dir.path(), cfg, "h", {"--json"});
  INFO(r.err.substr(0, 2000));
  // The run ends as the reject rules say (succeeded, or failed for too many rejects), never
  // with a SQL error.
  CHECK((r.exit_code == 0 || r.exit_code == 1));
  for (const char* sql_error : {"syntax error", "no such table", "unrecognized token", "SQL"}) {
    CHECK(r.err.find(sql_error) == std::string::npos);
  }
  // Every table is still there: as many as a store that never met the plugin has.
  TempDir clean;
  const std::string clean_cfg = clean.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_BINARY_DIR
                    "/test-plugins]\nconnections:\n  - {name: s, plugin: synthetic, config: "
                    "{records: 1}}\n");
  REQUIRE(tempo::testing::RunTempoSync(clean.path(), clean_cfg, "s").exit_code == 0);
  const std::string objects = "SELECT type, name FROM sqlite_master ORDER BY type, name";
  CHECK(Rows(dir, objects) == tempo::testing::StoreRows(clean.File("tempo.db"), objects));
  CHECK(Rows(dir, "PRAGMA integrity_check") == std::vector<std::vector<std::string>>{{"ok"}});

  // Per stream: 6 names rejected, 2 records stored with their ids and values byte for byte.
  // Stream names cross the C ABI as C strings: the one with a NUL arrives as "nul".
  const std::string kLong(10000, 'n');
  const std::vector<std::string> streams = {"leads", "s'; DROP TABLE sync_state; --", kLong, "nul"};
  std::set<std::vector<std::string>> expected;
  for (const std::string& s : streams) {
    expected.insert({s + "x'); DROP TABLE lead; --", "a\"b'c;d", "x'); DROP TABLE lead; --"});
    expected.insert({s + kLong, kLong, ""});
  }
  const auto leads = Rows(dir, "SELECT source_id, email, coalesce(lead_source, '') FROM lead");
  CHECK(std::set<std::vector<std::string>>(leads.begin(), leads.end()) == expected);
  CHECK(leads.size() == 8);
  std::set<std::string> states;
  for (const auto& row : Rows(dir, "SELECT stream FROM sync_state")) states.insert(row[0]);
  CHECK(states == std::set<std::string>(streams.begin(), streams.end()));
  CHECK(Rows(dir, "SELECT records, rejects FROM sync_runs") ==
        std::vector<std::vector<std::string>>{{"8", "24"}});
  const std::string samples = Rows(dir, "SELECT reject_samples_json FROM sync_runs")[0][0];
  CHECK_THAT(samples, Catch::Contains("unknown entity 'lead'; DROP TABLE lead; --'"));
  CHECK_THAT(samples, Catch::Contains("unknown field 'email\\\" = 'x'; DROP TABLE account; --'"));
}

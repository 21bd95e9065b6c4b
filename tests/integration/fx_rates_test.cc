// store.fx_rates end to end: a real `tempo sync` of deals in several currencies (the file
// connector reading a CRM export) fills amount_usd, fx_rate and fx_date from the configured
// table, leaves the amounts it has no rate for empty and counts them in the run record and the
// summary, and a bad rate file is a config error naming its line and column.
#include <catch2/catch.hpp>

#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::RunProcess;
using tempo::testing::StoreRows;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;

constexpr const char* kDeals =
    "id,amount,currency,closed,won\n"
    "D1,1000,USD,2024-02-15,true\n"
    "D2,1000,EUR,2024-02-15,true\n"
    "D3,1000,EUR,2024-03-01,true\n"
    "D4,500,GBP,2023-12-31,false\n"  // before the first GBP rate
    "D5,700,CHF,2024-02-15,true\n"   // no CHF rate at all
    "D6,300,,2024-02-15,true\n";     // no currency

std::string Config(const std::string& fx_rates) {
  return "store:\n  path: tempo.db\n" + fx_rates +
         "plugins:\n  path: [" TEMPO_PLUGIN_DIR
         "]\nconnections:\n  - name: crm\n    plugin: file\n    config:\n      streams:\n"
         "        - {name: deals, path: deals.csv, entity: opportunity, id: id,\n"
         "           columns: {amount: amount, currency: currency, closed_at: closed, "
         "is_won: won}}\n";
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {TempoBinary(), "-c", dir.File("tempo.yaml")});
  return RunProcess(args, dir.path());
}

}  // namespace

TEST_CASE("store.fx_rates converts deal amounts to USD and counts those it cannot") {
  TempDir dir;
  dir.Write("deals.csv", kDeals);
  dir.Write("rates.csv",
            "date,currency,rate\n2024-01-01,EUR,1.1\n2024-03-01,EUR,1.2\n2024-01-01,GBP,1.25\n");
  dir.Write("tempo.yaml", Config("  fx_rates: rates.csv\n"));
  ProcessResult r = Tempo(dir, {"sync", "crm"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("sync crm: 3 amounts not converted to USD (no rate for CHF: 1, "
                                    "GBP: 1; no currency: 1): their amount_usd is left empty; "
                                    "add the rates to store.fx_rates"));
  const std::string db = dir.File("tempo.db");
  CHECK(
      StoreRows(db,
                "SELECT source_id, amount, coalesce(currency, '-'), amount_usd, fx_rate, "
                "fx_date FROM opportunity ORDER BY source_id") ==
      std::vector<std::vector<std::string>>{{"D1", "1000.0", "USD", "1000.0", "1.0", "2024-02-15"},
                                            {"D2", "1000.0", "EUR", "1100.0", "1.1", "2024-01-01"},
                                            {"D3", "1000.0", "EUR", "1200.0", "1.2", "2024-03-01"},
                                            {"D4", "500.0", "GBP", "<null>", "<null>", "<null>"},
                                            {"D5", "700.0", "CHF", "<null>", "<null>", "<null>"},
                                            {"D6", "300.0", "-", "<null>", "<null>", "<null>"}});
  // The run record says which amounts are missing and why.
  CHECK(StoreRows(db,
                  "SELECT json_extract(streams_json, '$.deals.unconverted_amounts'), "
                  "json_extract(streams_json, '$.deals.unconverted_currencies') FROM sync_runs") ==
        std::vector<std::vector<std::string>>{{"3", R"({"":1,"CHF":1,"GBP":1})"}});
  // The won revenue in dollars never sums a franc or a pound as a dollar.
  CHECK(StoreRows(db,
                  "SELECT sum(amount_usd), count(*) - count(amount_usd) FROM opportunity "
                  "WHERE is_won = 1") == std::vector<std::vector<std::string>>{{"3300.0", "2"}});

  // --json carries the same counts.
  ProcessResult json = Tempo(dir, {"sync", "crm", "--full-refresh", "--json"});
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains(R"("unconverted_amounts":3,"unconverted_currencies":)"));

  // Rates added: a full refresh converts the deals read before them (an incremental run
  // converts the deals it reads).
  dir.Write("rates.csv",
            "date,currency,rate\n2024-01-01,EUR,1.1\n2024-03-01,EUR,1.2\n"
            "2023-01-01,GBP,1.25\n2024-01-01,CHF,1.15\n");
  ProcessResult again = Tempo(dir, {"sync", "crm", "--full-refresh"});
  REQUIRE(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("1 amount not converted to USD (no currency: 1)"));
  CHECK(StoreRows(db,
                  "SELECT amount_usd, fx_date FROM opportunity WHERE source_id IN ('D4', "
                  "'D5') ORDER BY source_id") ==
        std::vector<std::vector<std::string>>{{"625.0", "2023-01-01"}, {"805.0", "2024-01-01"}});
}

TEST_CASE("without store.fx_rates only dollar amounts get a USD value") {
  TempDir dir;
  dir.Write("deals.csv", kDeals);
  dir.Write("tempo.yaml", Config(""));
  ProcessResult r = Tempo(dir, {"sync", "crm"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("5 amounts not converted to USD"));
  CHECK(tempo::testing::StoreScalar(dir.File("tempo.db"),
                                    "SELECT count(amount_usd) FROM opportunity") == 1);
}

TEST_CASE("a bad store.fx_rates file is a config error with its line and column") {
  TempDir dir;
  dir.Write("deals.csv", kDeals);
  dir.Write("rates.csv", "date,currency,rate\n2024-13-01,EUR,1.1\n2024-01-01,EUR,-2\n");
  dir.Write("tempo.yaml", Config("  fx_rates: rates.csv\n"));
  ProcessResult r = Tempo(dir, {"config", "check"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:3:13: store.fx_rates: " + dir.File("rates.csv") +
                                    ":2:1: date must be a calendar date written YYYY-MM-DD"));
  CHECK_THAT(r.err,
             Catch::Contains(dir.File("rates.csv") + ":3:16: rate must be a positive number"));
  CHECK(Tempo(dir, {"sync", "crm"}).exit_code == 2);
}

// Nothing lost quietly (issue 14), through the real `tempo` binary and a real store: rejected
// records are kept row by row (bounded per run), a run with too many fails with exit 1 and says
// how to see them, a run below the threshold shows its count, and `tempo rejects --replay`
// stores them through the fixed mapping without re-reading the source, once.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_http.h"
#include "support/process.h"
#include "support/store_rows.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::LoopbackServer;
using tempo::testing::ProcessResult;
using tempo::testing::Reply;
using tempo::testing::RunProcess;
using tempo::testing::SeenRequest;
using tempo::testing::StoreRows;
using tempo::testing::StoreScalar;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;
using Rows = std::vector<std::vector<std::string>>;

// Loopback requests must not go through a proxy the environment may name (tempo inherits it).
const bool kNoProxy = (::setenv("no_proxy", "127.0.0.1,localhost", 1), true);

constexpr char kPartnersCsv[] =
    "partner_id,name,website,type\n"
    "p1,Acme Cloud,acme.io,technology\n"
    "p2,Beta Systems,beta.io,reseller\n"
    "p3,Gamma Group,gamma.io,si\n";

// tempo.yaml with one `file` connection `partners` reading data/partners.csv into `partner`,
// its partner_type from the source column `type_column` (`name` is a mapping mistake no config
// check can catch: the column exists, its values are names, not partner types); `extra` is
// added to the connection (e.g. "    max_reject_ratio: 0.5\n").
std::string PartnersConfig(const TempDir& dir, const std::string& extra = "",
                           const std::string& type_column = "type",
                           const std::string& id = "partner_id",
                           const std::string& path = "data/partners.csv") {
  return dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                                 "]\nconnections:\n  - name: partners\n    plugin: file\n" +
                                     extra +
                                     "    config:\n      streams:\n        - name: partners\n"
                                     "          path: " +
                                     path + "\n          entity: partner\n          id: " + id +
                                     "\n          columns: {name: name, domain: website, "
                                     "partner_type: " +
                                     type_column + "}\n");
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {TempoBinary(), "-q", "-c", dir.File("tempo.yaml")});
  return RunProcess(args, dir.path());
}

Rows Query(const TempDir& dir, const std::string& sql) {
  return StoreRows(dir.File("tempo.db"), sql);
}

int64_t Scalar(const TempDir& dir, const std::string& sql) {
  return StoreScalar(dir.File("tempo.db"), sql);
}

// Rows in rejected_records, or 0 while the store or its table does not exist yet (the run being
// watched creates them): never fails the test.
int64_t KeptRejects(const std::string& db_path) {
  if (!std::filesystem::exists(db_path)) return 0;
  auto db = tempo::store::OpenStoreReadOnly(db_path);
  if (!db.ok()) return 0;
  auto stmt = (*db)->Prepare("SELECT count(*) FROM rejected_records");
  if (!stmt.ok()) return 0;
  auto row = stmt->Step();
  return row.ok() && *row ? stmt->Int(0) : 0;
}

// The store's reason for a partner_type value outside its allowed list.
std::string NotAType(const std::string& value) {
  return "field 'partner_type': '" + value +
         "' is not one of technology,reseller,si,referral,agency,marketplace,other";
}

constexpr char kRejectColumns[] =
    "SELECT run_id, stream, coalesce(entity, '<null>'), coalesce(source_id, '<null>'), reason, "
    "coalesce(raw_record, '<null>'), raw_truncated, state, coalesce(replay_run_id, '<null>') "
    "FROM rejected_records ORDER BY id";

}  // namespace

TEST_CASE("rejected records are kept row by row, with their reason and raw source record") {
  TempDir dir;
  dir.Write("data/partners.csv",
            "partner_id,name,website,type\n"
            "p1,Acme Cloud,acme.io,technology\n"
            "p2,Beta Systems,beta.io,resellr\n"
            ",Nameless,none.io,other\n"
            "p4,Delta Scale,delta.io,si\n");
  PartnersConfig(dir, "    max_reject_ratio: 1\n");
  ProcessResult r = Tempo(dir, {"sync", "partners"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The store refused p2's value; the connector refused the row without an id. Both are kept.
  CHECK(Query(dir, kRejectColumns) ==
        Rows{{"1", "partners", "partner", "p2",
              "field 'partner_type': 'resellr' is not one of "
              "technology,reseller,si,referral,agency,marketplace,other",
              R"({"partner_id":"p2","name":"Beta Systems","website":"beta.io","type":"resellr"})",
              "0", "pending", "<null>"},
             {"1", "partners", "<null>", "<null>", "partners.csv:4: no id in column 'partner_id'",
              R"({"partner_id":"","name":"Nameless","website":"none.io","type":"other"})", "0",
              "pending", "<null>"}});
  CHECK(Query(dir, "SELECT source_id FROM partner ORDER BY source_id") == Rows{{"p1"}, {"p4"}});
  CHECK(Scalar(dir, "SELECT rejects FROM sync_runs WHERE id = 1") == 2);

  ProcessResult list = Tempo(dir, {"rejects", "partners"});
  INFO(list.err);
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("partners: 2 pending rejects\n"));
  CHECK_THAT(list.out, Catch::Contains("run 1 (succeeded): 2 rejected, 2 kept, 2 pending"));
  CHECK_THAT(list.out, Catch::Contains("#1 run 1, stream partners, partner p2: field "
                                       "'partner_type': 'resellr' is not one of"));
  CHECK_THAT(list.out, Catch::Contains("#2 run 1, stream partners: partners.csv:4: no id in "
                                       "column 'partner_id'\n    {\"partner_id\":\"\","));
  CHECK_THAT(list.out, Catch::Contains("tempo rejects partners --replay"));
  ProcessResult json = Tempo(dir, {"rejects", "partners", "--json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out,
             Catch::StartsWith("{\"connection\":\"partners\",\"pending\":2,\"shown\":2,"));
  CHECK_THAT(json.out, Catch::Contains("\"source_id\":\"p2\""));
  CHECK_THAT(json.out, Catch::Contains("\"replayable\":true"));
  // Filters: by stream and by run.
  CHECK_THAT(Tempo(dir, {"rejects", "partners", "--stream", "other"}).out,
             Catch::Contains("partners: 0 pending rejects in stream other\n"));
  CHECK_THAT(Tempo(dir, {"rejects", "partners", "--run", "1", "--limit", "1"}).out,
             Catch::Contains("... and 1 more (--limit 0 shows all)"));
}

TEST_CASE(
    "a run keeps its first thousand rejects and counts the rest, and cuts a raw record at 64 KiB") {
  TempDir dir;
  std::string csv = "partner_id,name,website,type\n";
  csv += "p0000," + std::string(70000, 'x') + ",big.io,other\n";  // a raw record over 64 KiB
  for (int i = 1; i < 1200; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "p%04d", i);
    csv += std::string(id) + ",Partner " + std::to_string(i) + ",p" + std::to_string(i) +
           ".io,other\n";
  }
  dir.Write("data/partners.csv", csv);
  PartnersConfig(dir, "", "name");  // names are no partner types: every row is rejected
  ProcessResult r = Tempo(dir, {"sync", "partners"});
  CHECK(r.exit_code == 1);
  CHECK(Scalar(dir, "SELECT rejects FROM sync_runs WHERE id = 1") == 1200);
  CHECK(Scalar(dir, "SELECT count(*) FROM rejected_records") == 1000);
  CHECK(Query(dir, "SELECT min(source_id), max(source_id) FROM rejected_records") ==
        Rows{{"p0000", "p0999"}});
  CHECK(Query(dir,
              "SELECT source_id, raw_truncated, length(raw_record) FROM rejected_records "
              "WHERE raw_truncated = 1") == Rows{{"p0000", "1", "65536"}});
  ProcessResult list = Tempo(dir, {"rejects", "partners", "--limit", "2"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("partners: 1,000 pending rejects\n"));
  CHECK_THAT(list.out,
             Catch::Contains("run 1 (failed): 1,200 rejected, 1,000 kept, 1,000 pending; the other "
                             "200 were only counted (a run keeps its first 1,000): after the fix, "
                             "re-read them with `tempo sync partners --full-refresh`"));
  CHECK_THAT(list.out, Catch::Contains("(cut at 64 KiB when kept: cannot be replayed)"));
  CHECK_THAT(list.out, Catch::Contains("... and 998 more"));
}

TEST_CASE(
    "a run with too many rejects fails with exit 1, the counts, the threshold and the "
    "command to see them") {
  TempDir dir;
  dir.Write("data/partners.csv", kPartnersCsv);
  PartnersConfig(dir, "", "name");  // the wrong column: every record rejected, none accepted
  ProcessResult r = Tempo(dir, {"sync", "partners"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::StartsWith("sync partners: failed, 0 records, 3 rejects (tempo "
                                      "rejects partners lists them), 0 deletes in "));
  const std::string message =
      "3 of 3 records were rejected (100 %), more than the 0 % allowed (max_reject_ratio is "
      "not set: any reject fails a run that accepted no record, else more than 1 %); list them "
      "with `tempo rejects partners`; after fixing the mapping, `tempo rejects partners "
      "--replay` stores them without re-reading the source";
  CHECK_THAT(r.err, Catch::Contains("sync partners failed: " + message));
  CHECK(Query(dir, "SELECT status, error FROM sync_runs") == Rows{{"failed", message}});
  // status shows the failed run's error, in text and JSON.
  ProcessResult status = Tempo(dir, {"status"});
  CHECK_THAT(status.out, Catch::Contains("last run 1 failed, 0 records, 3 rejects, "));
  CHECK_THAT(status.out, Catch::Contains("; error: " + message));
  CHECK_THAT(status.out, Catch::Contains("  3 rejected records not in the store: `tempo "
                                         "rejects partners` lists them"));
  ProcessResult json = Tempo(dir, {"status", "--json"});
  CHECK_THAT(json.out, Catch::Contains("\"status\":\"failed\""));
  CHECK_THAT(json.out, Catch::Contains("\"error\":\"3 of 3 records were rejected (100 %)"));
  CHECK_THAT(json.out, Catch::Contains("\"pending_rejects\":3"));

  // Records accepted: the default allows 1 %; 2 rejects of 100 is more.
  TempDir more;
  std::string csv = "partner_id,name,website,type\n";
  for (int i = 0; i < 100; ++i) {
    csv += "p" + std::to_string(i) + ",P" + std::to_string(i) + ",p.io," +
           (i < 2 ? "resellr" : "other") + "\n";
  }
  more.Write("data/partners.csv", csv);
  PartnersConfig(more);
  ProcessResult two = Tempo(more, {"sync", "partners"});
  CHECK(two.exit_code == 1);
  CHECK_THAT(two.err, Catch::Contains("2 of 100 records were rejected (2 %), more than the 1 % "
                                      "allowed (max_reject_ratio is not set"));
  // The connection may allow more.
  PartnersConfig(more, "    max_reject_ratio: 0.05\n");
  ProcessResult allowed = Tempo(more, {"sync", "partners", "--full-refresh"});
  CHECK(allowed.exit_code == 0);
  CHECK_THAT(allowed.out, Catch::StartsWith("sync partners: succeeded, 98 records, 2 rejects"));
  PartnersConfig(more, "    max_reject_ratio: 0.01\n");
  ProcessResult strict = Tempo(more, {"sync", "partners", "--full-refresh"});
  CHECK(strict.exit_code == 1);
  CHECK_THAT(strict.err, Catch::Contains("more than the 1 % allowed by the connection's "
                                         "max_reject_ratio: 0.01; list them with"));
}

TEST_CASE(
    "below the threshold the run succeeds and shows its rejects in the last line and "
    "in status") {
  TempDir dir;
  std::string csv = "partner_id,name,website,type\n";
  for (int i = 0; i < 200; ++i) {
    csv += "p" + std::to_string(i) + ",P" + std::to_string(i) + ",p.io," +
           (i == 7 ? "resellr" : "other") + "\n";
  }
  dir.Write("data/partners.csv", csv);
  PartnersConfig(dir);
  ProcessResult r = Tempo(dir, {"sync", "partners"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("sync partners: succeeded, 199 records, 1 rejects (tempo "
                                      "rejects partners lists them), 0 deletes in "));
  ProcessResult status = Tempo(dir, {"status"});
  CHECK_THAT(status.out, Catch::Contains("last run 1 succeeded, 199 records, 1 rejects, "));
  CHECK_THAT(status.out, Catch::Contains("stream partners: cursor committed ") &&
                             Catch::Contains("; last run 199 records, 1 rejects (tempo rejects "
                                             "partners)"));
  CHECK_THAT(status.out, Catch::Contains("  1 rejected record not in the store: `tempo rejects "
                                         "partners` lists them; after a fix, `tempo rejects "
                                         "partners --replay` stores them\n"));
  ProcessResult json = Tempo(dir, {"status", "--json"});
  CHECK_THAT(json.out, Catch::Contains("\"pending_rejects\":1"));
  CHECK_THAT(json.out, Catch::Contains("\"last_run_records\":199,\"last_run_rejects\":1"));
  CHECK(Query(dir, "SELECT source_id, state FROM rejected_records") == Rows{{"p7", "pending"}});
}

TEST_CASE("after the mapping is fixed, --replay stores the rows without re-reading the source") {
  TempDir dir;
  dir.Write("data/partners.csv", kPartnersCsv);
  PartnersConfig(dir, "", "name");  // partner_type from the name column: a mapping mistake
  REQUIRE(Tempo(dir, {"sync", "partners"}).exit_code == 1);
  CHECK(Scalar(dir, "SELECT count(*) FROM partner") == 0);

  PartnersConfig(dir);
  // No re-read: the file is gone, and the cursor is past it anyway.
  std::filesystem::remove(dir.File("data/partners.csv"));
  ProcessResult replay = Tempo(dir, {"rejects", "partners", "--replay"});
  INFO(replay.err);
  CHECK(replay.exit_code == 0);
  CHECK(replay.out ==
        "replay partners: succeeded, 3 rejects replayed (3 records), 0 rejected "
        "again, 0 superseded; run 2\n");
  CHECK(Query(dir,
              "SELECT source_id, name, domain, partner_type, sync_run_id, raw_json, deleted_at "
              "FROM partner ORDER BY source_id") ==
        Rows{{"p1", "Acme Cloud", "acme.io", "technology", "2",
              R"({"partner_id":"p1","name":"Acme Cloud","website":"acme.io","type":"technology"})",
              "<null>"},
             {"p2", "Beta Systems", "beta.io", "reseller", "2",
              R"({"partner_id":"p2","name":"Beta Systems","website":"beta.io","type":"reseller"})",
              "<null>"},
             {"p3", "Gamma Group", "gamma.io", "si", "2",
              R"({"partner_id":"p3","name":"Gamma Group","website":"gamma.io","type":"si"})",
              "<null>"}});
  CHECK(Query(dir, "SELECT source_id, state, replay_run_id FROM rejected_records ORDER BY id") ==
        Rows{{"p1", "replayed", "2"}, {"p2", "replayed", "2"}, {"p3", "replayed", "2"}});
  CHECK(Query(dir, "SELECT id, kind, status, records, rejects FROM sync_runs ORDER BY id") ==
        Rows{{"1", "sync", "failed", "0", "3"}, {"2", "replay", "succeeded", "3", "0"}});
  // No replayed reject is listed again; status shows the replay as the last run.
  CHECK_THAT(Tempo(dir, {"rejects", "partners"}).out,
             Catch::StartsWith("partners: 0 pending rejects\n"));
  ProcessResult status = Tempo(dir, {"status"});
  CHECK_THAT(status.out, Catch::Contains("last run 2 (replay) succeeded, 3 records"));
  CHECK_THAT(status.out, !Catch::Contains("not in the store"));
}

TEST_CASE("a row the connector rejected is replayed once its id column is fixed") {
  TempDir dir;
  dir.Write("data/partners.jsonl",
            R"({"partner_id":true,"pid":"p1","name":"Acme Cloud","website":"acme.io","type":"si"})"
            "\n"
            R"({"partner_id":false,"pid":"p2","name":"Beta","website":"beta.io","type":"si"})"
            "\n");
  PartnersConfig(dir, "", "type", "partner_id", "data/partners.jsonl");
  REQUIRE(Tempo(dir, {"sync", "partners"}).exit_code == 1);
  CHECK(Query(dir,
              "SELECT coalesce(entity, '-'), coalesce(source_id, '-'), reason FROM "
              "rejected_records ORDER BY id") ==
        Rows{{"-", "-",
              "partners.jsonl:1: the id in column 'partner_id' is a boolean; an id is text or a "
              "whole number"},
             {"-", "-",
              "partners.jsonl:2: the id in column 'partner_id' is a boolean; an id is text or a "
              "whole number"}});
  PartnersConfig(dir, "", "type", "pid", "data/partners.jsonl");
  ProcessResult replay = Tempo(dir, {"rejects", "partners", "--replay"});
  INFO(replay.err);
  CHECK(replay.exit_code == 0);
  CHECK(Query(dir,
              "SELECT source_id, name, domain, partner_type, sync_run_id FROM partner "
              "ORDER BY source_id") ==
        Rows{{"p1", "Acme Cloud", "acme.io", "si", "2"}, {"p2", "Beta", "beta.io", "si", "2"}});
  CHECK(Scalar(dir, "SELECT count(*) FROM rejected_records WHERE state = 'replayed'") == 2);
}

TEST_CASE("replayed deals get their amounts in USD, as a sync writes them") {
  TempDir dir;
  dir.Write("data/deals.csv",
            "deal_id,name,type,amount,currency,closed\n"
            "d1,Big deal,new,1000,USD,2024-02-15\n"
            "d2,Euro deal,renewal,500,EUR,2024-02-15\n");
  dir.Write("rates.csv", "date,currency,rate\n2024-01-01,EUR,1.1\n");
  auto config = [&](const std::string& type_column) {
    dir.Write(
        "tempo.yaml",
        "store:\n  path: tempo.db\n  fx_rates: rates.csv\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
        "]\nconnections:\n  - name: crm\n    plugin: file\n    config:\n"
        "      streams:\n        - {name: deals, path: data/deals.csv, "
        "entity: opportunity, id: deal_id,\n           columns: {name: name, "
        "opp_type: " +
            type_column + ", amount: amount, currency: currency, closed_at: closed}}\n");
  };
  config("name");  // deal names are no deal types: both deals rejected
  REQUIRE(Tempo(dir, {"sync", "crm"}).exit_code == 1);
  CHECK(Scalar(dir, "SELECT count(*) FROM opportunity") == 0);

  config("type");
  ProcessResult replay = Tempo(dir, {"rejects", "crm", "--replay"});
  INFO(replay.err);
  CHECK(replay.exit_code == 0);
  CHECK(Query(dir,
              "SELECT source_id, opp_type, amount, currency, amount_usd, fx_rate, fx_date, "
              "sync_run_id FROM opportunity ORDER BY source_id") ==
        Rows{{"d1", "new", "1000.0", "USD", "1000.0", "1.0", "2024-02-15", "2"},
             {"d2", "renewal", "500.0", "EUR", "550.0", "1.1", "2024-01-01", "2"}});
}

TEST_CASE(
    "a replay rejected again keeps the rejects with the new reason, and replays never repeat") {
  TempDir dir;
  dir.Write("data/partners.csv", kPartnersCsv);
  PartnersConfig(dir, "", "name");
  REQUIRE(Tempo(dir, {"sync", "partners"}).exit_code == 1);

  PartnersConfig(dir, "", "website");  // still the wrong column
  ProcessResult again = Tempo(dir, {"rejects", "partners", "--replay"});
  CHECK(again.exit_code == 1);
  CHECK(again.out ==
        "replay partners: failed, 0 rejects replayed (0 records), 3 rejected "
        "again, 0 superseded; run 2\n");
  CHECK_THAT(again.err, Catch::Contains("3 of 3 replayed rejects were rejected again (100 %, "
                                        "more than the 0 % allowed); `tempo rejects partners` "
                                        "shows their new reasons"));
  CHECK(Query(dir,
              "SELECT source_id, entity, reason, state, replay_run_id FROM "
              "rejected_records ORDER BY id") ==
        Rows{{"p1", "partner", NotAType("acme.io"), "pending", "2"},
             {"p2", "partner", NotAType("beta.io"), "pending", "2"},
             {"p3", "partner", NotAType("gamma.io"), "pending", "2"}});

  PartnersConfig(dir);
  ProcessResult fixed = Tempo(dir, {"rejects", "partners", "--replay"});
  CHECK(fixed.exit_code == 0);
  CHECK_THAT(fixed.out, Catch::StartsWith("replay partners: succeeded, 3 rejects replayed"));
  ProcessResult twice = Tempo(dir, {"rejects", "partners", "--replay"});
  CHECK(twice.exit_code == 0);
  CHECK(twice.out == "replay partners: nothing to replay (no pending rejects)\n");
  CHECK(Query(dir, "SELECT source_id, sync_run_id FROM partner ORDER BY source_id") ==
        Rows{{"p1", "3"}, {"p2", "3"}, {"p3", "3"}});
  CHECK(Scalar(dir, "SELECT count(*) FROM rejected_records") == 3);
  CHECK(Scalar(dir, "SELECT count(*) FROM sync_runs") == 3);  // the empty replay recorded none
}

TEST_CASE("a reject whose record a later run stored is superseded, never replayed over it") {
  TempDir dir;
  dir.Write("data/partners.csv",
            "partner_id,name,website,type\np1,Acme,acme.io,si\np2,Beta (old),beta.io,resellr\n");
  PartnersConfig(dir, "    max_reject_ratio: 1\n");
  REQUIRE(Tempo(dir, {"sync", "partners"}).exit_code == 0);
  // The source is fixed and read again: run 2 stores the newer p2.
  dir.Write("data/partners.csv",
            "partner_id,name,website,type\np1,Acme,acme.io,si\np2,Beta (new),beta.io,reseller\n");
  REQUIRE(Tempo(dir, {"sync", "partners", "--full-refresh"}).exit_code == 0);
  ProcessResult replay = Tempo(dir, {"rejects", "partners", "--replay"});
  INFO(replay.err);
  CHECK(replay.exit_code == 0);
  CHECK_THAT(replay.out, Catch::Contains("0 rejects replayed (0 records), 0 rejected again, "
                                         "1 superseded"));
  CHECK(Query(dir, "SELECT name, partner_type, sync_run_id FROM partner WHERE source_id = 'p2'") ==
        Rows{{"Beta (new)", "reseller", "2"}});
  CHECK(Query(dir, "SELECT state, replay_run_id FROM rejected_records") ==
        Rows{{"superseded", "3"}});
}

TEST_CASE("a run killed while it rejects keeps each reject once after the resume") {
  TempDir dir;
  const std::string cfg = dir.Write(
      "tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_BINARY_DIR
                    "/test-plugins]\nconnections:\n  - name: syn\n    plugin: synthetic\n"
                    "    max_reject_ratio: 0.5\n    config: {records: 3000, page_size: 10, "
                    "sleep_ms_per_page: 4, reject_every: 10, reject_rows_every: 10}\n");
  const std::vector<std::string> sync = {TempoBinary(),      "-q", "-c", cfg, "sync", "syn",
                                         "--commit-records", "10"};
  pid_t pid = tempo::testing::StartProcess(sync, dir.File("out"), dir.File("err"));
  // Killed once some pages, and their rejects, are committed.
  for (int i = 0; i < 200 && KeptRejects(dir.File("tempo.db")) < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const int64_t kept_before = Scalar(dir, "SELECT count(*) FROM rejected_records");
  REQUIRE(kept_before > 0);
  REQUIRE(kept_before < 600);
  // What the killed run's row says it rejected is exactly what its commits kept.
  CHECK(Scalar(dir, "SELECT rejects FROM sync_runs WHERE id = 1") == kept_before);

  ProcessResult resumed = RunProcess(sync, dir.path());
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  // Every 10 records: the store refused one (index 9 mod 10), the plugin one (5 mod 10).
  CHECK(Scalar(dir, "SELECT count(*) FROM rejected_records") == 600);
  CHECK(Scalar(dir, "SELECT count(DISTINCT source_id) FROM rejected_records") == 600);
  CHECK(Scalar(dir,
               "SELECT count(*) FROM rejected_records WHERE entity IS NULL AND "
               "reason LIKE 'record %: injected plugin reject' AND "
               "CAST(substr(source_id, 2) AS INTEGER) % 10 = 5") == 300);
  CHECK(Scalar(dir,
               "SELECT count(*) FROM rejected_records WHERE entity = 'lead' AND "
               "CAST(substr(source_id, 2) AS INTEGER) % 10 = 9") == 300);
  CHECK(Scalar(dir, "SELECT count(*) FROM lead") == 2400);
  CHECK(Scalar(dir, "SELECT sum(rejects) FROM sync_runs") == 600);
}

TEST_CASE("max_reject_ratio outside 0 to 1 is a config error at its position") {
  TempDir dir;
  dir.Write("data/partners.csv", kPartnersCsv);
  for (const std::string value : {"2", "lots", "-0.1"}) {
    PartnersConfig(dir, "    max_reject_ratio: " + value + "\n");
    ProcessResult r = Tempo(dir, {"config", "check"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("tempo.yaml:8:23: connections[0].max_reject_ratio: "
                                      "expected a number from 0 to 1"));
  }
}

TEST_CASE("a misspelt entity fails the run, and after the fix the replay lands every record") {
  // The issue's own mistake, through a connector whose config the host cannot check (the file
  // connector's entity is checked before any run since the mapping validation).
  TempDir dir;
  auto config = [&](const std::string& entity, int records) {
    dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_BINARY_DIR
                            "/test-plugins]\nconnections:\n  - name: syn\n    plugin: synthetic\n"
                            "    config: {records: " +
                                std::to_string(records) + ", page_size: 10, entity: " + entity +
                                "}\n");
  };
  config("leads", 25);
  ProcessResult r = Tempo(dir, {"sync", "syn"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("25 of 25 records were rejected (100 %)") &&
                        Catch::Contains("`tempo rejects syn`"));
  CHECK(Query(dir, "SELECT DISTINCT entity, reason FROM rejected_records") ==
        Rows{{"leads", "unknown entity 'leads'"}});
  // Fixed, and the source now has nothing to read: what lands comes from the kept records.
  config("lead", 0);
  ProcessResult replay = Tempo(dir, {"rejects", "syn", "--replay"});
  INFO(replay.err);
  CHECK(replay.exit_code == 0);
  CHECK(replay.out ==
        "replay syn: succeeded, 25 rejects replayed (25 records), 0 rejected again, 0 "
        "superseded; run 2\n");
  CHECK(Scalar(dir, "SELECT count(*) FROM lead WHERE sync_run_id = 2") == 25);
  CHECK(Query(dir,
              "SELECT source_id, email, company, status FROM lead WHERE source_id = "
              "'L00000007'") ==
        Rows{{"L00000007", "person7@company7.example", "Company \"7\" GmbH", "open"}});
  CHECK(Scalar(dir, "SELECT count(*) FROM rejected_records WHERE state = 'replayed'") == 25);
  CHECK(Query(dir, "SELECT kind, status FROM sync_runs ORDER BY id") ==
        Rows{{"sync", "failed"}, {"replay", "succeeded"}});
}

TEST_CASE("a plugin that cannot map records again refuses --replay and says how to re-read") {
  // httpecho (a test connector over the HTTP service) offers no remap; one account has no id.
  LoopbackServer server([](const SeenRequest&, Reply& reply) {
    reply.Respond(200,
                  R"({"accounts":[{"id":"a1","name":"Acme","domain":"acme.io"},)"
                  R"({"name":"No id","domain":"none.io"}]})",
                  {{"Content-Type", "application/json"}});
  });
  TempDir dir;
  dir.Write("tempo.yaml", "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_BINARY_DIR
                          "/test-plugins]\nconnections:\n  - name: web\n    plugin: httpecho\n"
                          "    max_reject_ratio: 1\n    config: {pages: 1, base_url: \"" +
                              server.Url("") + "\"}\n");
  ProcessResult sync = Tempo(dir, {"sync", "web"});
  INFO(sync.err);
  REQUIRE(sync.exit_code == 0);
  CHECK(Query(dir,
              "SELECT entity, reason, coalesce(raw_record, '<null>'), state FROM "
              "rejected_records") ==
        Rows{{"account", "record has no source id", "<null>", "pending"}});
  ProcessResult r = Tempo(dir, {"rejects", "web", "--replay"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("plugin 'httpecho' cannot map a kept record again") &&
                        Catch::Contains("`tempo sync web --full-refresh`"));
  CHECK(Scalar(dir, "SELECT count(*) FROM rejected_records WHERE state = 'pending'") == 1);
  CHECK_THAT(Tempo(dir, {"rejects", "web"}).out,
             Catch::Contains("(no raw record: the connector could not decode the row"));
}

TEST_CASE("tempo rejects --help explains the options, and an unknown connection exits 2") {
  TempDir dir;
  PartnersConfig(dir);
  ProcessResult help = Tempo(dir, {"rejects", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* word : {"--replay", "--run", "--stream", "--limit", "--all", "--json",
                           "1,000 rejects", "Exit codes",
                           "fix the mapping in the config, then tempo rejects CONNECTION "
                           "--replay"}) {
    CHECK_THAT(help.out, Catch::Contains(word));
  }
  ProcessResult unknown = Tempo(dir, {"rejects", "nope"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err,
             Catch::Contains("no connection named 'nope'") && Catch::Contains("partners"));
  // Before the first sync there is no store, and nothing rejected.
  ProcessResult none = Tempo(dir, {"rejects", "partners"});
  CHECK(none.exit_code == 0);
  CHECK(none.out == "partners: 0 pending rejects\n");
}

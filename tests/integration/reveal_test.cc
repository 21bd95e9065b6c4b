// The reveal connector through the real `tempo sync`, into a real SQLite store: a sample export
// written here is imported with the default mapping and another with a custom mapping; the store
// is checked row by row, bad rows appear in the run record with their line numbers, a re-import
// of an unchanged export changes nothing, and a full refresh of a changed export soft-deletes
// the overlap that left it; and the overlaps resolve to the CRM's accounts through the store's
// identity views.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/store.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::TempDir;
using Rows = std::vector<std::vector<std::string>>;

// Reveal's default columns. Line 5 names no account, line 7 is cut short, line 8 names no
// partner.
constexpr char kExport[] =
    "Company Name,Website,Account Status,Open Deal,Partner Name,Partner Website,"
    "Partner Account Status,Partner Open Deal,Account Owner\n"
    "Acme Corp,https://www.acme.com/,Prospect,No,Globex,globex.io,Customer,No,Ann\n"
    "Initech,initech.com,Customer,Yes,Globex,www.globex.io,Prospect,Yes,Bob\n"
    "Hooli,,Prospect,\"$12,000\",Umbrella,,Customer,,Ann\n"
    ",,Customer,No,Globex,globex.io,Customer,No,Ann\n"
    "Vandelay,vandelay.com,Prospect,,Globex,globex.io,Customer,,Cy\n"
    "Broken,row\n"
    "Stark,stark.com,Customer,no,,,Customer,no,Bob\n";

// Another export layout: semicolons, other names, the admin's own status words, and the id of
// the account in the CRM Reveal is connected to.
constexpr char kCustomExport[] =
    "Account;Domain;Stage;Partner;Partner domain;Their stage;Salesforce Id\n"
    "Acme Corp;acme.com;Client;Globex;globex.io;Lead;001A000001\n"
    "Initech;initech.com;Lead;Hooli;hooli.com;Client;\n";

std::string WriteConfig(const TempDir& dir) {
  return dir.Write("tempo.yaml",
                   "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
                   "]\nconnections:\n"
                   // kExport's bad rows are rejects on purpose.
                   "  - name: reveal\n    plugin: reveal\n    max_reject_ratio: 1\n"
                   "    config:\n      path: exports\n"
                   "  - name: reveal_custom\n    plugin: reveal\n"
                   "    streams: [{name: overlaps, mode: full_refresh}]\n"
                   "    config:\n      path: custom/mapping.csv\n      delimiter: \";\"\n"
                   "      columns:\n        account_name: Account\n        account_domain: Domain\n"
                   "        our_status: Stage\n        partner_name: Partner\n"
                   "        partner_domain: Partner domain\n        partner_status: Their stage\n"
                   "        open_opportunity: \"\"\n        partner_open_opportunity: \"\"\n"
                   "        account_crm_id: Salesforce Id\n"
                   "      status_values: {Client: customer, Lead: prospect}\n"
                   // The CRM Reveal is connected to, as a spreadsheet: accounts and a partner.
                   "  - name: crm\n    plugin: file\n    config:\n      streams:\n"
                   "        - {name: accounts, path: crm/accounts.csv, entity: account, id: Id,\n"
                   "           columns: {name: Name, domain: Website}}\n"
                   "        - {name: partners, path: crm/partners.csv, entity: partner, id: Id,\n"
                   "           columns: {name: Name, domain: Website}}\n");
}

ProcessResult Sync(const TempDir& dir, const std::string& connection,
                   std::vector<std::string> more = {}) {
  std::vector<std::string> args = {tempo::testing::TempoBinary(), "-q",   "-c",
                                   dir.File("tempo.yaml"),        "sync", connection};
  args.insert(args.end(), more.begin(), more.end());
  return tempo::testing::RunProcess(args, dir.path());
}

Rows Query(const TempDir& dir, const std::string& sql) {
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  auto stmt = (*db)->Prepare(sql);
  REQUIRE(stmt.ok());
  Rows rows;
  for (;;) {
    auto more = stmt->Step();
    REQUIRE(more.ok());
    if (!*more) break;
    std::vector<std::string> row;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      row.push_back(stmt->IsNull(c) ? "<null>" : stmt->Text(c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The connection's overlap rows, every column a report reads, in source_id order.
Rows Overlaps(const TempDir& dir, const std::string& connection) {
  return Query(dir,
               "SELECT source_id, provider, partner_source_id, partner_name, partner_domain, "
               "account_name, account_domain, our_population, partner_population, "
               "snapshot_at = (SELECT max(snapshot_at) FROM overlap), "
               "deleted_at IS NOT NULL, record_type, account_crm_id FROM overlap "
               "WHERE connection = '" +
                   connection + "' ORDER BY source_id");
}

// The last run of `connection`: status, records, deletes, rejects, reject samples.
std::vector<std::string> LastRun(const TempDir& dir, const std::string& connection) {
  Rows rows = Query(dir,
                    "SELECT status, records, deletes, rejects, coalesce(reject_samples_json, '') "
                    "FROM sync_runs WHERE connection = '" +
                        connection + "' ORDER BY id DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return rows[0];
}

const Rows kDefaultOverlaps = {
    {"acme.com|globex.io|prospect|customer", "reveal", "globex.io", "Globex", "globex.io",
     "Acme Corp", "acme.com", "prospect", "customer", "1", "0", "account", "<null>"},
    {"initech.com|globex.io|customer|open_opp", "reveal", "globex.io", "Globex", "globex.io",
     "Initech", "initech.com", "customer", "open_opp", "1", "0", "account", "<null>"},
    {"name:hooli|name:umbrella|open_opp|customer", "reveal", "name:umbrella", "Umbrella", "<null>",
     "Hooli", "<null>", "open_opp", "customer", "1", "0", "account", "<null>"},
    {"vandelay.com|globex.io|prospect|customer", "reveal", "globex.io", "Globex", "globex.io",
     "Vandelay", "vandelay.com", "prospect", "customer", "1", "0", "account", "<null>"},
};

TEST_CASE(
    "reveal sync: an export with the default columns lands row by row, bad rows in the "
    "run record") {
  TempDir dir;
  WriteConfig(dir);
  dir.Write("exports/globex.csv", kExport);
  dir.Write("exports/.~lock.globex.csv#", "a spreadsheet's lock file, not an export");

  ProcessResult r = Sync(dir, "reveal");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  CHECK(Overlaps(dir, "reveal") == kDefaultOverlaps);
  CHECK(Query(dir, "SELECT source_id, name, domain, deleted_at FROM partner ORDER BY source_id") ==
        Rows{{"globex.io", "Globex", "globex.io", "<null>"},
             {"name:umbrella", "Umbrella", "<null>", "<null>"}});
  // The raw record is the CSV row, unmapped columns included.
  CHECK(Query(dir,
              "SELECT json_extract(raw_json, '$.\"Account Owner\"') FROM raw_records "
              "WHERE entity = 'overlap' AND source_id LIKE 'acme.com|%'") == Rows{{"Ann"}});
  // snapshot_at: the export file's modification time, as Tempo writes times.
  CHECK(Query(dir,
              "SELECT count(*) FROM overlap WHERE snapshot_at GLOB "
              "'20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9]"
              "[0-9]Z'") == Rows{{"4"}});

  std::vector<std::string> run = LastRun(dir, "reveal");
  CHECK(run[0] == "succeeded");
  CHECK(run[1] == "6");  // 4 overlaps and 2 partners
  CHECK(run[3] == "5");  // 3 bad rows for overlaps, 2 of them for partners too
  const std::string& samples = run[4];
  for (const char* sample : {
           "overlaps: globex.csv:5: no account: 'Company Name' and 'Website' are empty",
           "overlaps: globex.csv:7: 2 fields, expected 9",
           "overlaps: globex.csv:8: no partner: 'Partner Name' and 'Partner Website' are empty",
           "partners: globex.csv:7: 2 fields, expected 9",
           "partners: globex.csv:8: no partner: 'Partner Name' and 'Partner Website' are empty",
       }) {
    CAPTURE(sample);
    CHECK(samples.find(sample) != std::string::npos);
  }
}

TEST_CASE("reveal sync: a custom mapping reads another export's columns and statuses") {
  TempDir dir;
  WriteConfig(dir);
  dir.Write("custom/mapping.csv", kCustomExport);

  ProcessResult r = Sync(dir, "reveal_custom");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(
      Overlaps(dir, "reveal_custom") ==
      Rows{{"acme.com|globex.io|customer|prospect", "reveal", "globex.io", "Globex", "globex.io",
            "Acme Corp", "acme.com", "customer", "prospect", "1", "0", "account", "001A000001"},
           {"initech.com|hooli.com|prospect|customer", "reveal", "hooli.com", "Hooli", "hooli.com",
            "Initech", "initech.com", "prospect", "customer", "1", "0", "account", "<null>"}});
  CHECK(LastRun(dir, "reveal_custom") ==
        std::vector<std::string>{"succeeded", "2", "0", "0", "[]"});
  CHECK(Query(dir, "SELECT count(*) FROM partner") == Rows{{"0"}});  // partners not selected
}

TEST_CASE("reveal sync: re-importing an unchanged export changes nothing") {
  TempDir dir;
  WriteConfig(dir);
  dir.Write("exports/globex.csv", kExport);
  ProcessResult r = Sync(dir, "reveal");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const Rows before =
      Query(dir, "SELECT source_id, sync_run_id, raw_json FROM overlap ORDER BY source_id");

  // Incremental (the default mode): the unchanged file is not read at all.
  r = Sync(dir, "reveal");
  REQUIRE(r.exit_code == 0);
  CHECK(LastRun(dir, "reveal") == std::vector<std::string>{"succeeded", "0", "0", "0", "[]"});
  CHECK(Query(dir, "SELECT source_id, sync_run_id, raw_json FROM overlap ORDER BY source_id") ==
        before);

  // A full refresh reads it again: the same rows, the same values, nothing deleted.
  r = Sync(dir, "reveal", {"--full-refresh"});
  REQUIRE(r.exit_code == 0);
  CHECK(LastRun(dir, "reveal")[2] == "0");
  CHECK(Overlaps(dir, "reveal") == kDefaultOverlaps);
  CHECK(Query(dir, "SELECT count(*) FROM partner WHERE deleted_at IS NULL") == Rows{{"2"}});
}

TEST_CASE("reveal sync: a full refresh of a changed export soft-deletes the overlap that left") {
  TempDir dir;
  WriteConfig(dir);
  std::string csv = kExport;
  dir.Write("exports/globex.csv", csv);
  ProcessResult r = Sync(dir, "reveal");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  // Vandelay is no longer an overlap; the rest of the export is as before.
  const std::string vandelay = "Vandelay,vandelay.com,Prospect,,Globex,globex.io,Customer,,Cy\n";
  csv.erase(csv.find(vandelay), vandelay.size());
  dir.Write("exports/globex.csv", csv);

  // An incremental read rereads the changed file, but deletes nothing.
  r = Sync(dir, "reveal");
  REQUIRE(r.exit_code == 0);
  CHECK(Query(dir, "SELECT count(*) FROM overlap WHERE deleted_at IS NOT NULL") == Rows{{"0"}});

  r = Sync(dir, "reveal", {"--full-refresh"});
  REQUIRE(r.exit_code == 0);
  CHECK(LastRun(dir, "reveal")[2] == "1");
  Rows expected = kDefaultOverlaps;
  expected[3][10] = "1";  // vandelay.com|globex.io|...: soft-deleted, its data kept
  expected[3][9] = "0";   // and the snapshot it was last seen in is the older one
  CHECK(Overlaps(dir, "reveal") == expected);
  // Globex is still named by the export: its partner row stays.
  CHECK(Query(dir, "SELECT source_id, deleted_at IS NOT NULL FROM partner ORDER BY source_id") ==
        Rows{{"globex.io", "0"}, {"name:umbrella", "0"}});
}

TEST_CASE("reveal sync: overlaps resolve to the CRM accounts and partners they name") {
  TempDir dir;
  WriteConfig(dir);
  dir.Write("custom/mapping.csv", kCustomExport);
  dir.Write("crm/accounts.csv",
            "Id,Name,Website\n"
            "001A000001,Acme Corporation,https://acme.com\n"  // named by its CRM id
            "001A000002,Initech LLC,www.initech.com\n"        // found by its domain
            "001A000003,Hooli,hooli.com\n");
  dir.Write("crm/partners.csv", "Id,Name,Website\nP1,Globex Inc.,https://www.globex.io/\n");
  for (const char* connection : {"crm", "reveal_custom"}) {
    ProcessResult r = Sync(dir, connection);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  CHECK(Query(dir,
              "SELECT i.source_id, i.matched_by, i.crm_source_id, a.name, i.partner_key "
              "FROM v_account_identity i JOIN account a ON a.connection = 'crm' "
              "AND (SELECT org_key FROM v_account_identity WHERE entity = 'account' "
              "AND connection = 'crm' AND source_id = a.source_id) = i.org_key "
              "WHERE i.entity = 'overlap' ORDER BY i.source_id") ==
        Rows{{"acme.com|globex.io|customer|prospect", "crm_id", "001A000001", "Acme Corporation",
              "domain:globex.io"},
             {"initech.com|hooli.com|prospect|customer", "domain", "<null>", "Initech LLC",
              "domain:hooli.com"}});
  CHECK(Query(dir, "SELECT count(*) FROM v_identity_issue") == Rows{{"0"}});
  // The CRM's partner and the one the overlap names are one partner.
  CHECK(Query(dir, "SELECT partner_key FROM v_partner_identity WHERE connection = 'crm'") ==
        Rows{{"domain:globex.io"}});
}

}  // namespace

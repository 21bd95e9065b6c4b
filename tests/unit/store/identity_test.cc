// Cross-source identity views on a real store: accounts match across connections by domain,
// overlaps by the CRM id their provider reports (else by domain), partners by domain then name;
// shared domains and unknown or ambiguous CRM ids are never merged and are listed as issues.
#include <catch2/catch.hpp>

#include "store/identity.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::TempDir;

std::unique_ptr<tempo::store::Db> Store(const TempDir& dir) {
  auto db = tempo::store::OpenStore(dir.File("tempo.db"));
  REQUIRE(db.ok());
  return std::move(db).value();
}

void Exec(tempo::store::Db& db, const std::string& sql) {
  tempo::Status s = db.Exec(sql);
  INFO(s.message());
  REQUIRE(s.ok());
}

// Every row of `sql`, columns joined by '|', NULL as '-'.
std::vector<std::string> Rows(tempo::store::Db& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  REQUIRE(stmt.ok());
  std::vector<std::string> rows;
  for (;;) {
    auto more = stmt->Step();
    REQUIRE(more.ok());
    if (!*more) break;
    std::string line;
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      if (c > 0) line += '|';
      line += stmt->IsNull(c) ? "-" : stmt->Text(c);
    }
    rows.push_back(line);
  }
  return rows;
}

// Salesforce and HubSpot see the same company acme.com; Salesforce holds two accounts sharing
// beta.com; Crossbeam reports overlaps by Salesforce id, one by domain only, one naming an id no
// CRM has, one whose id both CRMs use.
void Seed(tempo::store::Db& db) {
  Exec(db, R"sql(
    INSERT INTO account (connection, source_id, name, domain, deleted_at) VALUES
      ('sf', '001A', 'Acme', 'acme.com', NULL), ('sf', '001B', 'Beta', 'beta.com', NULL),
      ('sf', '001C', 'Beta EMEA', 'beta.com', NULL), ('sf', '001D', 'Gone', 'gone.com', '2026-01-01'),
      ('sf', '777', 'Seven SF', 'seven.com', NULL),
      ('hs', '11', 'ACME Inc', 'acme.com', NULL), ('hs', '12', 'No Domain', NULL, NULL),
      ('hs', '777', 'Seven HS', 'seven-hs.com', NULL);
    INSERT INTO partner (connection, source_id, name, domain) VALUES
      ('sf', 'p1', 'Partner Co', 'partner.example'), ('cb', 'u1', 'Partner Co.', 'partner.example'),
      ('cb', 'u2', 'Nodomain Inc', NULL), ('mkt', 'attribution:partner.example', NULL,
      'partner.example');
    INSERT INTO overlap (connection, source_id, provider, partner_source_id, account_name,
        account_domain, account_crm_id, record_type) VALUES
      ('cb', '1:9', 'crossbeam', 'u1', 'Acme', 'acme.com', '001A', 'account'),
      ('cb', '2:9', 'crossbeam', 'u1', 'Beta', 'beta.com', '001B', 'account'),
      ('cb', '3:9', 'crossbeam', 'u2', 'Unknown', 'x.com', '001X', 'account'),
      ('cb', '4:9', 'crossbeam', 'u2', 'Beta?', 'beta.com', NULL, 'account'),
      ('cb', '5:9', 'crossbeam', 'u1', 'Hs only', 'acme.com', NULL, 'account'),
      ('cb', '6:9', 'crossbeam', 'u1', 'Seven', 'seven.com', '777', 'account');
    INSERT INTO overlap (connection, source_id, provider, partner_name, partner_domain,
        account_domain) VALUES ('rv', 'r1', 'reveal', 'Other', 'other.io', 'gamma.com');
  )sql");
}

}  // namespace

TEST_CASE("accounts: one key per domain across connections, never across a shared domain") {
  TempDir dir;
  auto db = Store(dir);
  Seed(*db);
  CHECK(Rows(*db,
             "SELECT connection, source_id, org_key, matched_by FROM v_account_identity "
             "WHERE entity = 'account' ORDER BY connection, source_id") ==
        std::vector<std::string>{
            "hs|11|domain:acme.com|domain", "hs|12|account:hs:12|own",
            "hs|777|domain:seven-hs.com|domain", "sf|001A|domain:acme.com|domain",
            "sf|001B|account:sf:001B|own",  // beta.com is shared inside sf
            "sf|001C|account:sf:001C|own",
            "sf|777|domain:seven.com|domain",  // 001D is deleted: not listed
        });
}

TEST_CASE("overlaps: by the CRM id they report, else by domain, else unmatched") {
  TempDir dir;
  auto db = Store(dir);
  Seed(*db);
  CHECK(Rows(*db,
             "SELECT connection, source_id, org_key, matched_by, crm_connection, crm_source_id, "
             "partner_key FROM v_account_identity WHERE entity = 'overlap' "
             "ORDER BY connection, source_id") ==
        std::vector<std::string>{
            "cb|1:9|domain:acme.com|crm_id|sf|001A|domain:partner.example",
            "cb|2:9|account:sf:001B|crm_id|sf|001B|domain:partner.example",  // exact, not domain
            "cb|3:9|overlap:cb:3:9|none|-|-|name:nodomain inc",              // unknown id
            "cb|4:9|overlap:cb:4:9|none|-|-|name:nodomain inc",              // shared domain
            "cb|5:9|domain:acme.com|domain|-|-|domain:partner.example",
            "cb|6:9|overlap:cb:6:9|none|-|-|domain:partner.example",  // 777 in sf and hs
            "rv|r1|domain:gamma.com|domain|-|-|domain:other.io",      // partner from the row
        });
  // The example of docs/store-schema.md: overlaps joined to the CRM account they are.
  CHECK(Rows(*db,
             "SELECT i.source_id, a.name FROM v_account_identity i JOIN account a "
             "ON a.connection = i.crm_connection AND a.source_id = i.crm_source_id "
             "WHERE i.entity = 'overlap' ORDER BY 1") ==
        std::vector<std::string>{"1:9|Acme", "2:9|Beta"});
}

TEST_CASE("partners: one key for the same partner in the CRM, the overlap provider and a rule") {
  TempDir dir;
  auto db = Store(dir);
  Seed(*db);
  CHECK(Rows(*db,
             "SELECT connection, source_id, partner_key, matched_by FROM v_partner_identity "
             "ORDER BY connection, source_id") ==
        std::vector<std::string>{
            "cb|u1|domain:partner.example|domain",
            "cb|u2|name:nodomain inc|name",
            "mkt|attribution:partner.example|domain:partner.example|domain",
            "sf|p1|domain:partner.example|domain",
        });
}

TEST_CASE("partners: a row without name or domain is its account's partner") {
  TempDir dir;
  auto db = Store(dir);
  Seed(*db);
  // Salesforce's Partner relations name only the partner's Account (account_source_id).
  Exec(*db, R"sql(
    INSERT INTO account (connection, source_id, name, domain) VALUES
      ('sf', '001P', 'Partner Co', 'partner.example'), ('sf', '001Q', 'Quiet Partner', NULL),
      ('sf', '001R', 'Gone Partner', 'gone-partner.example');
    UPDATE account SET deleted_at = '2026-01-01' WHERE source_id = '001R';
    INSERT INTO partner (connection, source_id, account_source_id, name, domain) VALUES
      ('sf', '001P', '001P', NULL, NULL), ('sf', '001Q', '001Q', '', ''),
      ('sf', '001R', '001R', NULL, NULL), ('sf', '001Z', '001Z', NULL, NULL),
      ('hs', '001P', '001P', NULL, NULL);
  )sql");
  CHECK(Rows(*db,
             "SELECT connection, source_id, partner_key, matched_by, name FROM "
             "v_partner_identity WHERE source_id LIKE '001%' ORDER BY connection, source_id") ==
        std::vector<std::string>{
            "hs|001P|partner:hs:001P|own|-",  // the account is another connection's
            "sf|001P|domain:partner.example|domain|Partner Co",
            "sf|001Q|name:quiet partner|name|Quiet Partner",
            "sf|001R|partner:sf:001R|own|-",  // its account is deleted
            "sf|001Z|partner:sf:001Z|own|-",  // no such account
        });
}

TEST_CASE("the identity issues list exactly the cases not merged") {
  TempDir dir;
  auto db = Store(dir);
  Seed(*db);
  auto issues = tempo::store::IdentityIssues(*db);
  REQUIRE(issues.ok());
  std::vector<std::string> got;
  for (const auto& i : *issues) {
    got.push_back(i.kind + "|" + i.connection + "|" + i.entity + "|" + i.source_id + "|" +
                  i.detail);
  }
  CHECK(got == std::vector<std::string>{
                   "ambiguous_crm_id|cb|overlap|6:9|777",
                   "ambiguous_domain|cb|overlap|4:9|beta.com",
                   "shared_domain|sf|account|001B|beta.com",
                   "shared_domain|sf|account|001C|beta.com",
                   "unknown_crm_id|cb|overlap|3:9|001X",
               });
  CHECK_THAT(tempo::store::DescribeIssue((*issues)[4]),
             Catch::Contains("cb overlap 3:9: names CRM record 001X"));
  // Fixing the source (the EMEA account deleted) resolves the shared domain and the overlap
  // that named it by domain.
  Exec(*db, "UPDATE account SET deleted_at = '2026-02-01' WHERE source_id = '001C'");
  auto after = tempo::store::IdentityIssues(*db);
  REQUIRE(after.ok());
  CHECK(after->size() == 2);
  CHECK(Rows(*db, "SELECT org_key FROM v_account_identity WHERE source_id = '4:9'") ==
        std::vector<std::string>{"domain:beta.com"});
}

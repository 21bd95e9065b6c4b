// The store's schema: the canonical table specs and the migrations, in one place so that they
// are read side by side. schema_test checks that every spec equals the table its migration
// creates; docs/store-schema.md is the analysts' description of the same tables.
//
// Rules for editing this file:
//  - A released migration is never edited. A schema change is a new entry appended to
//    kMigrations plus the matching change to the specs and a note in docs/store-schema.md.
//  - Canonical tables carry no CHECK and no NOT NULL on entity columns: a bad or missing value
//    must become a per-record reject in the host (which validates against the specs below),
//    never a failed transaction that loses the rest of the batch. CHECKs would also make a new
//    allowed value a table rebuild instead of a one-line change to `allowed`.
//  - Tables are STRICT, so a value of the wrong type that slips past validation still fails
//    loudly instead of being stored as whatever SQLite's affinity makes of it.
#include "store/schema.h"

#include <algorithm>
#include <iterator>

namespace tempo::store {
namespace {

using enum ColumnType;

// Shared enumerations (values from section B.3 of the TEMPO scoring model, scoring-model.md in
// the team's shared reference).
constexpr const char* kPopulations = "customer,prospect,open_opp,other";

// Entity columns of each canonical table, in table order, after the provenance columns.
// `<entity>_source_id` columns hold the source_id of a row of that entity in the same
// connection; `domain` columns hold normalized domains (see docs/store-schema.md).

constexpr ColumnSpec kPartner[] = {
    {"name", kText},
    {"domain", kText},
    {"partner_type", kText, "technology,reseller,si,referral,agency,marketplace,other"},
    {"tier", kText},
    {"status", kText},
    {"partnered_at", kText},
    {"account_source_id", kText},  // the partner's own account record, when the CRM has one
};

constexpr ColumnSpec kAccount[] = {
    {"name", kText},
    {"domain", kText},
    {"lifecycle", kText, "prospect,customer,former_customer,partner,other"},
    {"customer_since", kText},
    {"churned_at", kText},
    {"arr_usd", kReal},
    {"segment", kText},
    {"icp_fit", kBool},
};

constexpr ColumnSpec kContact[] = {
    {"account_source_id", kText}, {"email", kText}, {"first_name", kText},
    {"last_name", kText},         {"title", kText}, {"created_at", kText},
};

constexpr ColumnSpec kOpportunity[] = {
    {"account_source_id", kText},
    {"name", kText},
    {"opp_type", kText, "new,expansion,renewal,other"},
    {"amount", kReal},
    {"currency", kText},
    {"amount_usd", kReal},
    {"fx_rate", kReal},
    {"fx_date", kText},
    {"stage", kText},
    {"is_closed", kBool},
    {"is_won", kBool},
    {"created_at", kText},
    {"closed_at", kText},
};

constexpr ColumnSpec kOpportunityPartner[] = {
    {"opportunity_source_id", kText},
    {"partner_source_id", kText},
    {"partner_name", kText},  // when the source names the partner instead of referencing it
    {"role", kText, "sourced,influenced,co_sell,resell,implementation,referral"},
    {"is_primary", kBool},
    {"rev_share_pct", kReal},
    {"attributed_at", kText},
    {"attribution_source", kText, "crm_partner_object,crm_field,crossbeam,reveal,prm,manual"},
};

constexpr ColumnSpec kCampaign[] = {
    {"name", kText},
    {"channel", kText},
    {"partner_source_id", kText},  // set: a co-marketing campaign with that partner
    {"start_at", kText},
    {"end_at", kText},
    {"cost_usd", kReal},
};

constexpr ColumnSpec kCampaignMember[] = {
    {"campaign_source_id", kText}, {"lead_source_id", kText}, {"contact_source_id", kText},
    {"first_touch_at", kText},     {"responded", kBool},
};

constexpr ColumnSpec kLead[] = {
    {"contact_source_id", kText},
    {"account_source_id", kText},
    {"partner_source_id", kText},
    {"campaign_source_id", kText},
    {"converted_opportunity_source_id", kText},
    {"email", kText},
    {"company", kText},
    {"status", kText},
    {"lead_source", kText},
    {"utm_source", kText},
    {"created_at", kText},
    {"mql_at", kText},
    {"sql_at", kText},
    {"first_response_at", kText},
    {"eql_basis", kText, "partner_referred,overlap_qualified"},
};

constexpr ColumnSpec kIntegration[] = {
    {"partner_source_id", kText},
    {"name", kText},
    {"status", kText, "planned,beta,ga,deprecated"},
    {"released_at", kText},
};

constexpr ColumnSpec kIntegrationInstall[] = {
    {"account_source_id", kText},
    {"integration_source_id", kText},
    {"installed_at", kText},
    {"uninstalled_at", kText},
};

constexpr ColumnSpec kOverlap[] = {
    {"provider", kText, "crossbeam,reveal,csv"},
    {"partner_source_id", kText},
    {"partner_name", kText},
    {"partner_domain", kText},
    {"account_name", kText},
    {"account_domain", kText},
    {"our_population", kText, kPopulations},
    {"partner_population", kText, kPopulations},
    {"snapshot_at", kText},
    // Schema 3: which kind of record overlaps, and the CRM id of our record as the provider
    // reports it (Crossbeam's record_id: a Salesforce Account Id, a HubSpot company id).
    {"record_type", kText, "account,lead"},
    {"account_crm_id", kText},
};

constexpr ColumnSpec kPartnerActivity[] = {
    {"partner_source_id", kText},
    {"account_source_id", kText},
    {"opportunity_source_id", kText},
    {"kind", kText,
     "intro_given,intro_received,deal_registration,joint_call,joint_event,enablement,escalation"},
    {"occurred_at", kText},
};

// Schema 3: a provider's populations (lists), so an overlap's population id can be read as a
// standard population.
constexpr ColumnSpec kPopulation[] = {
    {"partner_source_id", kText},  // NULL for one of our own populations
    {"name", kText},
    {"record_type", kText, "account,lead"},
    {"standard_population", kText, kPopulations},
};

constexpr TableSpec kTables[] = {
    {"partner", kPartner},
    {"account", kAccount},
    {"contact", kContact},
    {"opportunity", kOpportunity},
    {"opportunity_partner", kOpportunityPartner},
    {"campaign", kCampaign},
    {"campaign_member", kCampaignMember},
    {"lead", kLead},
    {"integration", kIntegration},
    {"integration_install", kIntegrationInstall},
    {"overlap", kOverlap},
    {"partner_activity", kPartnerActivity},
    {"population", kPopulation},
};

// Migration 1: the canonical tables, the sync bookkeeping and the score tables.
// Released text: never edit, append a migration instead.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE partner (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  name TEXT, domain TEXT, partner_type TEXT, tier TEXT, status TEXT, partnered_at TEXT,
  account_source_id TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE account (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  name TEXT, domain TEXT, lifecycle TEXT, customer_since TEXT, churned_at TEXT, arr_usd REAL,
  segment TEXT, icp_fit INTEGER,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE contact (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  account_source_id TEXT, email TEXT, first_name TEXT, last_name TEXT, title TEXT,
  created_at TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE opportunity (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  account_source_id TEXT, name TEXT, opp_type TEXT, amount REAL, currency TEXT,
  amount_usd REAL, fx_rate REAL, fx_date TEXT, stage TEXT, is_closed INTEGER, is_won INTEGER,
  created_at TEXT, closed_at TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE opportunity_partner (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  opportunity_source_id TEXT, partner_source_id TEXT, partner_name TEXT, role TEXT,
  is_primary INTEGER, rev_share_pct REAL, attributed_at TEXT, attribution_source TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE campaign (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  name TEXT, channel TEXT, partner_source_id TEXT, start_at TEXT, end_at TEXT, cost_usd REAL,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE campaign_member (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  campaign_source_id TEXT, lead_source_id TEXT, contact_source_id TEXT, first_touch_at TEXT,
  responded INTEGER,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE lead (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  contact_source_id TEXT, account_source_id TEXT, partner_source_id TEXT,
  campaign_source_id TEXT, converted_opportunity_source_id TEXT, email TEXT, company TEXT,
  status TEXT, lead_source TEXT, utm_source TEXT, created_at TEXT, mql_at TEXT, sql_at TEXT,
  first_response_at TEXT, eql_basis TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE integration (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  partner_source_id TEXT, name TEXT, status TEXT, released_at TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE integration_install (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  account_source_id TEXT, integration_source_id TEXT, installed_at TEXT, uninstalled_at TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE overlap (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  provider TEXT, partner_source_id TEXT, partner_name TEXT, partner_domain TEXT,
  account_name TEXT, account_domain TEXT, our_population TEXT, partner_population TEXT,
  snapshot_at TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE TABLE partner_activity (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  partner_source_id TEXT, account_source_id TEXT, opportunity_source_id TEXT, kind TEXT,
  occurred_at TEXT,
  UNIQUE (connection, source_id)) STRICT;

CREATE INDEX account_domain ON account(domain);
CREATE INDEX partner_domain ON partner(domain);
CREATE INDEX overlap_account_domain ON overlap(account_domain);
CREATE INDEX contact_account_source_id ON contact(connection, account_source_id);
CREATE INDEX opportunity_account_source_id ON opportunity(connection, account_source_id);
CREATE INDEX opportunity_partner_opportunity_source_id
  ON opportunity_partner(connection, opportunity_source_id);
CREATE INDEX opportunity_partner_partner_source_id
  ON opportunity_partner(connection, partner_source_id);

CREATE TABLE raw_records (id INTEGER PRIMARY KEY, connection TEXT NOT NULL, entity TEXT NOT NULL,
  source_id TEXT NOT NULL, stream TEXT NOT NULL, raw_json TEXT NOT NULL, source_updated_at TEXT,
  sync_run_id INTEGER, deleted_at TEXT, UNIQUE(connection, entity, source_id)) STRICT;

CREATE TABLE sync_state (connection TEXT NOT NULL, stream TEXT NOT NULL, state_json TEXT NOT NULL,
  refresh_run_id INTEGER, sync_run_id INTEGER, updated_at TEXT NOT NULL,
  PRIMARY KEY (connection, stream)) STRICT;

CREATE TABLE sync_runs (id INTEGER PRIMARY KEY, connection TEXT NOT NULL, plugin TEXT NOT NULL,
  plugin_version TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
  status TEXT NOT NULL, pid INTEGER, records INTEGER NOT NULL DEFAULT 0,
  deletes INTEGER NOT NULL DEFAULT 0, rejects INTEGER NOT NULL DEFAULT 0,
  pages INTEGER NOT NULL DEFAULT 0, commits INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0, requests INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0, rate_limit_wait_ms INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER, error TEXT, streams_json TEXT, reject_samples_json TEXT) STRICT;
CREATE INDEX sync_runs_connection ON sync_runs(connection, id);

CREATE TABLE score_run (
  id INTEGER PRIMARY KEY, plugin TEXT NOT NULL, model_version TEXT NOT NULL,
  computed_at TEXT NOT NULL, window_start TEXT, window_end TEXT, params_json TEXT,
  watermarks_json TEXT) STRICT;

CREATE TABLE score_metric (
  run_id INTEGER NOT NULL REFERENCES score_run(id), scope TEXT NOT NULL, connection TEXT,
  partner_source_id TEXT, dimension TEXT NOT NULL, metric TEXT NOT NULL, numerator REAL,
  denominator REAL, raw_value REAL, n INTEGER, confidence REAL, normalized REAL, weight REAL,
  status TEXT NOT NULL, explanation TEXT) STRICT;
CREATE INDEX score_metric_run ON score_metric(run_id, connection, partner_source_id);

CREATE TABLE score_evidence (
  run_id INTEGER NOT NULL REFERENCES score_run(id), metric TEXT NOT NULL, connection TEXT,
  partner_source_id TEXT, entity_type TEXT NOT NULL, entity_connection TEXT NOT NULL,
  entity_source_id TEXT NOT NULL, evidence_role TEXT NOT NULL) STRICT;
CREATE INDEX score_evidence_run ON score_evidence(run_id, metric, connection, partner_source_id);

CREATE TABLE score_dimension (
  run_id INTEGER NOT NULL REFERENCES score_run(id), scope TEXT NOT NULL, connection TEXT,
  partner_source_id TEXT, dimension TEXT NOT NULL, value REAL, confidence REAL,
  coverage REAL) STRICT;
CREATE INDEX score_dimension_run ON score_dimension(run_id, connection, partner_source_id);

CREATE TABLE score_total (
  run_id INTEGER NOT NULL REFERENCES score_run(id), scope TEXT NOT NULL, connection TEXT,
  partner_source_id TEXT, tempo REAL, confidence REAL, coverage REAL) STRICT;
CREATE INDEX score_total_run ON score_total(run_id, connection, partner_source_id);
)sql";

// Migration 2: each record's raw JSON moves into its canonical row (column raw_json), and
// raw_records becomes a view over them; contact loses its account_source_id index. One row
// and one unique index per record instead of two of each: the write path's biggest cost
// (docs/performance.md). Released text: never edit.
constexpr std::string_view kMigration2 = R"sql(
ALTER TABLE partner ADD COLUMN raw_json TEXT;
ALTER TABLE account ADD COLUMN raw_json TEXT;
ALTER TABLE contact ADD COLUMN raw_json TEXT;
ALTER TABLE opportunity ADD COLUMN raw_json TEXT;
ALTER TABLE opportunity_partner ADD COLUMN raw_json TEXT;
ALTER TABLE campaign ADD COLUMN raw_json TEXT;
ALTER TABLE campaign_member ADD COLUMN raw_json TEXT;
ALTER TABLE lead ADD COLUMN raw_json TEXT;
ALTER TABLE integration ADD COLUMN raw_json TEXT;
ALTER TABLE integration_install ADD COLUMN raw_json TEXT;
ALTER TABLE overlap ADD COLUMN raw_json TEXT;
ALTER TABLE partner_activity ADD COLUMN raw_json TEXT;
UPDATE partner AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'partner' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE account AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'account' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE contact AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'contact' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE opportunity AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'opportunity' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE opportunity_partner AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'opportunity_partner' AND r.connection = t.connection
    AND r.source_id = t.source_id;
UPDATE campaign AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'campaign' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE campaign_member AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'campaign_member' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE lead AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'lead' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE integration AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'integration' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE integration_install AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'integration_install' AND r.connection = t.connection
    AND r.source_id = t.source_id;
UPDATE overlap AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'overlap' AND r.connection = t.connection AND r.source_id = t.source_id;
UPDATE partner_activity AS t SET raw_json = r.raw_json FROM raw_records AS r
  WHERE r.entity = 'partner_activity' AND r.connection = t.connection AND r.source_id = t.source_id;
DROP TABLE raw_records;
DROP INDEX contact_account_source_id;
CREATE VIEW raw_records (connection, entity, source_id, raw_json, source_updated_at,
  sync_run_id, deleted_at) AS
  SELECT connection, 'partner' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM partner WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'account' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM account WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'contact' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM contact WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'opportunity' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM opportunity WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'opportunity_partner' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM opportunity_partner WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'campaign' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM campaign WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'campaign_member' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM campaign_member WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'lead' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM lead WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'integration' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM integration WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'integration_install' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM integration_install WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'overlap' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM overlap WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'partner_activity' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM partner_activity WHERE raw_json IS NOT NULL;
)sql";

// Migration 3: overlap gains record_type (account or lead overlaps) and account_crm_id (the CRM
// id of our record as the overlap provider reports it, the key cross-source identity joins on),
// both before raw_json, which stays the last column of every canonical table: the table is
// rebuilt (rows, ids and indexes kept; rows written before it are account overlaps, the only
// kind schema 2 described). New table population: a provider's populations (lists) and the
// standard population each one is. raw_records covers it. Released text: never edit.
constexpr std::string_view kMigration3 = R"sql(
DROP VIEW raw_records;
CREATE TABLE overlap_v3 (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  provider TEXT, partner_source_id TEXT, partner_name TEXT, partner_domain TEXT,
  account_name TEXT, account_domain TEXT, our_population TEXT, partner_population TEXT,
  snapshot_at TEXT, record_type TEXT, account_crm_id TEXT, raw_json TEXT,
  UNIQUE (connection, source_id)) STRICT;
INSERT INTO overlap_v3 (id, connection, source_id, source_updated_at, sync_run_id, deleted_at,
    provider, partner_source_id, partner_name, partner_domain, account_name, account_domain,
    our_population, partner_population, snapshot_at, record_type, raw_json)
  SELECT id, connection, source_id, source_updated_at, sync_run_id, deleted_at,
    provider, partner_source_id, partner_name, partner_domain, account_name, account_domain,
    our_population, partner_population, snapshot_at, 'account', raw_json FROM overlap;
DROP TABLE overlap;
ALTER TABLE overlap_v3 RENAME TO overlap;
CREATE INDEX overlap_account_domain ON overlap(account_domain);
CREATE INDEX overlap_account_crm_id ON overlap(account_crm_id);
CREATE TABLE population (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, source_id TEXT NOT NULL,
  source_updated_at TEXT, sync_run_id INTEGER, deleted_at TEXT,
  partner_source_id TEXT, name TEXT, record_type TEXT, standard_population TEXT, raw_json TEXT,
  UNIQUE (connection, source_id)) STRICT;
CREATE VIEW raw_records (connection, entity, source_id, raw_json, source_updated_at,
  sync_run_id, deleted_at) AS
  SELECT connection, 'partner' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM partner WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'account' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM account WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'contact' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM contact WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'opportunity' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM opportunity WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'opportunity_partner' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM opportunity_partner WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'campaign' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM campaign WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'campaign_member' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM campaign_member WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'lead' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM lead WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'integration' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM integration WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'integration_install' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM integration_install WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'overlap' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM overlap WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'partner_activity' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM partner_activity WHERE raw_json IS NOT NULL
  UNION ALL
  SELECT connection, 'population' AS entity, source_id, raw_json,
    source_updated_at, sync_run_id, deleted_at FROM population WHERE raw_json IS NOT NULL;
)sql";

// Migration 4: the cross-source identity views (docs/store-schema.md, "Cross-source identity"):
// one organization key per account and overlap row, one partner key per partner row, and the
// cases they refuse to decide. Views only, nothing merged in the tables; plain SQL that
// PostgreSQL runs too. Released text: never edit.
constexpr std::string_view kMigration4 = R"sql(
CREATE INDEX account_source_id ON account(source_id);

CREATE VIEW v_shared_domain (connection, domain, accounts) AS
  SELECT connection, domain, count(*) FROM account
  WHERE deleted_at IS NULL AND domain IS NOT NULL AND domain <> ''
  GROUP BY connection, domain HAVING count(*) > 1;

CREATE VIEW v_account_key (connection, source_id, org_key, matched_by) AS
  SELECT a.connection, a.source_id,
    CASE WHEN s.domain IS NULL AND a.domain <> '' THEN 'domain:' || a.domain
         ELSE 'account:' || a.connection || ':' || a.source_id END,
    CASE WHEN s.domain IS NULL AND a.domain <> '' THEN 'domain' ELSE 'own' END
  FROM account a
  LEFT JOIN v_shared_domain s ON s.connection = a.connection AND s.domain = a.domain
  WHERE a.deleted_at IS NULL;

CREATE VIEW v_partner_identity (connection, source_id, partner_key, matched_by) AS
  SELECT connection, source_id,
    CASE WHEN domain <> '' THEN 'domain:' || domain
         WHEN trim(name) <> '' THEN 'name:' || lower(trim(name))
         ELSE 'partner:' || connection || ':' || source_id END,
    CASE WHEN domain <> '' THEN 'domain' WHEN trim(name) <> '' THEN 'name' ELSE 'own' END
  FROM partner WHERE deleted_at IS NULL;

CREATE VIEW v_overlap_crm_match (connection, source_id, accounts, crm_connection,
    crm_source_id) AS
  SELECT o.connection, o.source_id, count(*), min(a.connection), min(a.source_id)
  FROM overlap o
  JOIN account a ON a.source_id = o.account_crm_id AND a.connection <> o.connection
    AND a.deleted_at IS NULL
  WHERE o.deleted_at IS NULL AND o.account_crm_id <> ''
  GROUP BY o.connection, o.source_id;

CREATE VIEW v_account_identity (entity, connection, source_id, org_key, matched_by,
    crm_connection, crm_source_id, partner_key) AS
  SELECT 'account', connection, source_id, org_key, matched_by, connection, source_id, NULL
  FROM v_account_key
  UNION ALL
  SELECT 'overlap', o.connection, o.source_id,
    CASE WHEN m.accounts = 1 THEN k.org_key
         WHEN coalesce(o.account_crm_id, '') = '' AND o.account_domain <> '' AND NOT EXISTS (
           SELECT 1 FROM v_shared_domain s WHERE s.domain = o.account_domain)
           THEN 'domain:' || o.account_domain
         ELSE 'overlap:' || o.connection || ':' || o.source_id END,
    CASE WHEN m.accounts = 1 THEN 'crm_id'
         WHEN coalesce(o.account_crm_id, '') = '' AND o.account_domain <> '' AND NOT EXISTS (
           SELECT 1 FROM v_shared_domain s WHERE s.domain = o.account_domain) THEN 'domain'
         ELSE 'none' END,
    CASE WHEN m.accounts = 1 THEN m.crm_connection END,
    CASE WHEN m.accounts = 1 THEN m.crm_source_id END,
    coalesce(p.partner_key,
      CASE WHEN o.partner_domain <> '' THEN 'domain:' || o.partner_domain
           WHEN trim(o.partner_name) <> '' THEN 'name:' || lower(trim(o.partner_name)) END)
  FROM overlap o
  LEFT JOIN v_overlap_crm_match m ON m.connection = o.connection AND m.source_id = o.source_id
  LEFT JOIN v_account_key k ON m.accounts = 1 AND k.connection = m.crm_connection
    AND k.source_id = m.crm_source_id
  LEFT JOIN v_partner_identity p ON p.connection = o.connection
    AND p.source_id = o.partner_source_id
  WHERE o.deleted_at IS NULL;

CREATE VIEW v_identity_issue (kind, connection, entity, source_id, detail) AS
  SELECT 'shared_domain', a.connection, 'account', a.source_id, a.domain
  FROM account a JOIN v_shared_domain s ON s.connection = a.connection AND s.domain = a.domain
  WHERE a.deleted_at IS NULL
  UNION ALL
  SELECT 'unknown_crm_id', o.connection, 'overlap', o.source_id, o.account_crm_id
  FROM overlap o
  WHERE o.deleted_at IS NULL AND o.account_crm_id <> '' AND NOT EXISTS (
    SELECT 1 FROM account a WHERE a.source_id = o.account_crm_id
      AND a.connection <> o.connection AND a.deleted_at IS NULL)
  UNION ALL
  SELECT 'ambiguous_crm_id', o.connection, 'overlap', o.source_id, o.account_crm_id
  FROM overlap o JOIN v_overlap_crm_match m ON m.connection = o.connection
    AND m.source_id = o.source_id
  WHERE m.accounts > 1
  UNION ALL
  SELECT 'ambiguous_domain', o.connection, 'overlap', o.source_id, o.account_domain
  FROM overlap o
  WHERE o.deleted_at IS NULL AND coalesce(o.account_crm_id, '') = ''
    AND EXISTS (SELECT 1 FROM v_shared_domain s WHERE s.domain = o.account_domain);
)sql";

// Migration 5: what `tempo score` records beyond schema 1's score tables. A score run names
// its scorer (the tempo.yaml entry), the instant it scored (--as-of), the weight profile and
// weights it combined the dimensions with, and the connections it did not read and why; every
// partner-scope score row carries the resolved partner's cross-source key, and a metric row how
// its raw value was normalized. Released text: never edit.
constexpr std::string_view kMigration5 = R"sql(
ALTER TABLE score_run ADD COLUMN scorer TEXT;
ALTER TABLE score_run ADD COLUMN as_of TEXT;
ALTER TABLE score_run ADD COLUMN profile TEXT;
ALTER TABLE score_run ADD COLUMN weights_json TEXT;
ALTER TABLE score_run ADD COLUMN excluded_json TEXT;
ALTER TABLE score_metric ADD COLUMN partner_key TEXT;
ALTER TABLE score_metric ADD COLUMN normalization TEXT;
ALTER TABLE score_evidence ADD COLUMN partner_key TEXT;
ALTER TABLE score_dimension ADD COLUMN partner_key TEXT;
ALTER TABLE score_total ADD COLUMN partner_key TEXT;
)sql";

// Migration 6: the score views, the documented interface for downstream readers of the scores
// (docs/store-schema.md, "Score views"): BI tools and `tempo report` read these, never the score
// tables. A partner-scope row always has a partner_key (one built from the partner row for rows
// of scorers before ABI 1.3) and a display name (the name of the partner row that stands for
// it, else the key). Views only; plain SQL that PostgreSQL runs too (the rank partitions
// unscored rows apart, as PostgreSQL sorts NULL first where SQLite sorts it last). Released
// text: never edit.
constexpr std::string_view kMigration6 = R"sql(
CREATE VIEW v_partner_scores (run_id, computed_at, as_of, scorer, profile, scope, partner_key,
    partner_name, connection, partner_source_id, tempo, trust, embedded, monetizing, product,
    outside_in, coverage, confidence, rank) AS
  SELECT t.run_id, r.computed_at, r.as_of, r.scorer, r.profile, t.scope,
    CASE WHEN t.scope = 'partner' THEN coalesce(t.partner_key,
      'partner:' || t.connection || ':' || t.partner_source_id) END,
    CASE WHEN t.scope = 'partner' THEN coalesce(nullif(trim(p.name), ''), t.partner_key,
      'partner:' || t.connection || ':' || t.partner_source_id) END,
    t.connection, t.partner_source_id, t.tempo,
    (SELECT d.value FROM score_dimension d WHERE d.run_id = t.run_id AND d.scope = t.scope
       AND d.dimension = 'T' AND (t.scope = 'ecosystem'
         OR (d.connection = t.connection AND d.partner_source_id = t.partner_source_id))),
    (SELECT d.value FROM score_dimension d WHERE d.run_id = t.run_id AND d.scope = t.scope
       AND d.dimension = 'E' AND (t.scope = 'ecosystem'
         OR (d.connection = t.connection AND d.partner_source_id = t.partner_source_id))),
    (SELECT d.value FROM score_dimension d WHERE d.run_id = t.run_id AND d.scope = t.scope
       AND d.dimension = 'M' AND (t.scope = 'ecosystem'
         OR (d.connection = t.connection AND d.partner_source_id = t.partner_source_id))),
    (SELECT d.value FROM score_dimension d WHERE d.run_id = t.run_id AND d.scope = t.scope
       AND d.dimension = 'P' AND (t.scope = 'ecosystem'
         OR (d.connection = t.connection AND d.partner_source_id = t.partner_source_id))),
    (SELECT d.value FROM score_dimension d WHERE d.run_id = t.run_id AND d.scope = t.scope
       AND d.dimension = 'O' AND (t.scope = 'ecosystem'
         OR (d.connection = t.connection AND d.partner_source_id = t.partner_source_id))),
    t.coverage, t.confidence,
    CASE WHEN t.scope = 'partner' AND t.tempo IS NOT NULL THEN rank() OVER (
      PARTITION BY t.run_id, t.scope, t.tempo IS NULL ORDER BY t.tempo DESC) END
  FROM score_total t
  JOIN score_run r ON r.id = t.run_id
  LEFT JOIN partner p ON t.scope = 'partner' AND p.connection = t.connection
    AND p.source_id = t.partner_source_id;

CREATE VIEW v_score_explanations (run_id, scope, partner_key, partner_name, connection,
    partner_source_id, dimension, metric, status, numerator, denominator, n, raw_value,
    normalized, confidence, weight, normalization, explanation) AS
  SELECT m.run_id, m.scope,
    CASE WHEN m.scope = 'partner' THEN coalesce(m.partner_key,
      'partner:' || m.connection || ':' || m.partner_source_id) END,
    CASE WHEN m.scope = 'partner' THEN coalesce(nullif(trim(p.name), ''), m.partner_key,
      'partner:' || m.connection || ':' || m.partner_source_id) END,
    m.connection, m.partner_source_id, m.dimension, m.metric, m.status, m.numerator,
    m.denominator, m.n, m.raw_value, m.normalized, m.confidence, m.weight, m.normalization,
    m.explanation
  FROM score_metric m
  LEFT JOIN partner p ON m.scope = 'partner' AND p.connection = m.connection
    AND p.source_id = m.partner_source_id;

CREATE VIEW v_score_evidence (run_id, scope, partner_key, connection, partner_source_id, metric,
    role, entity_table, entity_connection, entity_source_id) AS
  SELECT e.run_id, CASE WHEN e.partner_source_id IS NULL THEN 'ecosystem' ELSE 'partner' END,
    CASE WHEN e.partner_source_id IS NOT NULL THEN coalesce(e.partner_key,
      'partner:' || e.connection || ':' || e.partner_source_id) END,
    e.connection, e.partner_source_id, e.metric, e.evidence_role, e.entity_type,
    e.entity_connection, e.entity_source_id
  FROM score_evidence e;
)sql";

// Migration 7: a partner row without a name or domain of its own takes them from its account
// row in the same connection (partner.account_source_id): Salesforce's Partner relations name
// only the partner's Account, so without this every Salesforce partner was a partner of its own
// (partner:<connection>:<id>) instead of the partner the PRM, Crossbeam and the rules name.
// v_partner_identity also gives the name it used. (Migration 6 is the report's views.) Released
// text: never edit.
constexpr std::string_view kMigration7 = R"sql(
DROP VIEW v_partner_identity;
CREATE VIEW v_partner_identity (connection, source_id, partner_key, matched_by, name) AS
  SELECT connection, source_id,
    CASE WHEN domain <> '' THEN 'domain:' || domain
         WHEN trim(name) <> '' THEN 'name:' || lower(trim(name))
         ELSE 'partner:' || connection || ':' || source_id END,
    CASE WHEN domain <> '' THEN 'domain' WHEN trim(name) <> '' THEN 'name' ELSE 'own' END,
    name
  FROM (
    SELECT p.connection, p.source_id,
      CASE WHEN coalesce(p.domain, '') <> '' THEN p.domain ELSE a.domain END AS domain,
      CASE WHEN trim(coalesce(p.name, '')) <> '' THEN p.name ELSE a.name END AS name
    FROM partner p
    LEFT JOIN account a ON a.connection = p.connection AND a.source_id = p.account_source_id
      AND a.deleted_at IS NULL
    WHERE p.deleted_at IS NULL);
)sql";

// Migration 8: the daemon's retry state (docs/store-schema.md, "scheduler_retry"): a connection
// whose runs failed in a row, and when the daemon retries it, so that a restarted daemon waits
// out the backoff instead of forgetting it. Self-contained (one new table), so it can take any
// number in the list. Released text: never edit.
constexpr std::string_view kMigration8 = R"sql(
CREATE TABLE scheduler_retry (
  connection TEXT PRIMARY KEY, failures INTEGER NOT NULL, failed_at TEXT NOT NULL,
  retry_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
)sql";

// Migration 9: rejected records are kept, not only counted (docs/store-schema.md,
// "rejected_records"): the records a run refused, with the source record as the connector gave
// it, so that `tempo rejects CONN --replay` can map them again after a fix without re-reading
// the source. sync_runs gains `kind` ('sync', or 'replay' for a run of `tempo rejects
// --replay`). Released text: never edit.
constexpr std::string_view kMigration9 = R"sql(
ALTER TABLE sync_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'sync';
CREATE TABLE rejected_records (
  id INTEGER PRIMARY KEY, connection TEXT NOT NULL, run_id INTEGER NOT NULL,
  stream TEXT NOT NULL, entity TEXT, source_id TEXT, reason TEXT NOT NULL, raw_record TEXT,
  raw_truncated INTEGER NOT NULL DEFAULT 0, rejected_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', replay_run_id INTEGER, replayed_at TEXT) STRICT;
CREATE INDEX rejected_records_state ON rejected_records(connection, state, id);
CREATE INDEX rejected_records_run ON rejected_records(run_id);
)sql";

// Migration 10: the provider's report of the account's API usage at the end of a run
// (docs/store-schema.md, "sync_runs"; Salesforce's Sforce-Limit-Info): NULL when it reported
// none. Self-contained. Released text: never edit.
constexpr std::string_view kMigration10 = R"sql(
ALTER TABLE sync_runs ADD COLUMN api_used INTEGER;
ALTER TABLE sync_runs ADD COLUMN api_limit INTEGER;
)sql";

constexpr std::string_view kMigrations[] = {
    kMigration1, kMigration2, kMigration3, kMigration4, kMigration5,
    kMigration6, kMigration7, kMigration8, kMigration9, kMigration10,
};

}  // namespace

std::span<const TableSpec> CanonicalTables() { return kTables; }

const TableSpec* FindTable(std::string_view name) {
  const auto* it = std::find_if(std::begin(kTables), std::end(kTables),
                                [name](const TableSpec& t) { return name == t.name; });
  return it == std::end(kTables) ? nullptr : it;
}

std::span<const std::string_view> Migrations() { return kMigrations; }

}  // namespace tempo::store

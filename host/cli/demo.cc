// tempo demo: syncs every connection of the (demo) config into a fresh store, prints what
// landed and scores the partners (the same run as `tempo score`), so a newcomer sees the whole
// pipeline in one command.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "common/log.h"
#include "report/report.h"
#include "score/score_run.h"
#include "store/http_state_file.h"
#include "store/schema.h"
#include "store/store.h"

namespace tempo::cli {
namespace {

void PrintTableCounts(store::Db& db) {
  std::printf("\n%-22s %10s %10s\n", "TABLE", "ROWS", "DELETED");
  for (const store::TableSpec& t : store::CanonicalTables()) {
    auto stmt = db.Prepare(std::string("SELECT COUNT(*), COUNT(deleted_at) FROM ") + t.name);
    if (!stmt.ok()) continue;
    Result<bool> row = stmt->Step();
    if (!row.ok() || !*row || stmt->Int(0) == 0) continue;
    std::printf("%-22s %10lld %10lld\n", t.name, static_cast<long long>(stmt->Int(0)),
                static_cast<long long>(stmt->Int(1)));
  }
}

// Partner-attributed won revenue per CRM, joining attribution rows to opportunities of the
// same connection, and naming the partner by the store's partner identity (a Salesforce
// partner by its account, docs/store-schema.md) or by the name the CRM gives: the kind of
// question the TEMPO scorer builds on.
void PrintPartnerRevenue(store::Db& db) {
  auto stmt = db.Prepare(
      "SELECT COALESCE(i.name, op.partner_name, op.partner_source_id) AS partner, "
      "  op.connection, COUNT(DISTINCT o.source_id), "
      "  SUM(CASE WHEN op.role = 'sourced' THEN 1 ELSE 0 END), ROUND(SUM(o.amount), 0) "
      "FROM opportunity_partner op "
      "JOIN opportunity o ON o.connection = op.connection AND o.source_id = "
      "op.opportunity_source_id "
      "LEFT JOIN v_partner_identity i ON i.connection = op.connection "
      "  AND i.source_id = op.partner_source_id "
      "WHERE o.is_won = 1 AND o.deleted_at IS NULL AND op.deleted_at IS NULL "
      "GROUP BY 1, 2 ORDER BY 5 DESC LIMIT 10");
  if (!stmt.ok()) return;
  bool header = false;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok() || !*row) break;
    if (!header) {
      std::printf("\n%-28s %-11s %8s %8s %14s\n", "PARTNER (won deals)", "CRM", "DEALS", "SOURCED",
                  "WON AMOUNT");
      header = true;
    }
    std::printf("%-28s %-11s %8lld %8lld %14.0f\n", stmt->Text(0).c_str(), stmt->Text(1).c_str(),
                static_cast<long long>(stmt->Int(2)), static_cast<long long>(stmt->Int(3)),
                stmt->Real(4));
  }
}

// Overlap rows matched to the CRM account they are, through the store's identity views
// (docs/store-schema.md, "Cross-source identity"): how many by the CRM id the overlap provider
// reports, how many by domain, how many left unmatched (and why: `tempo status`), and a few
// of them.
void PrintOverlapMatches(store::Db& db) {
  auto counts = db.Prepare(
      "SELECT COUNT(*), SUM(matched_by = 'crm_id'), SUM(matched_by = 'domain'), "
      "  SUM(matched_by = 'none') FROM v_account_identity WHERE entity = 'overlap'");
  if (!counts.ok()) return;
  Result<bool> row = counts->Step();
  if (!row.ok() || !*row || counts->Int(0) == 0) return;
  std::printf(
      "\noverlap rows: %lld; matched to a CRM account by the CRM id the provider reports: %lld, "
      "by domain: %lld, not matched (see tempo status): %lld\n",
      static_cast<long long>(counts->Int(0)), static_cast<long long>(counts->Int(1)),
      static_cast<long long>(counts->Int(2)), static_cast<long long>(counts->Int(3)));
  auto rows = db.Prepare(
      "SELECT a.name, a.connection, COALESCE(p.name, o.partner_name, ''), "
      "  COALESCE(o.our_population, ''), COALESCE(o.partner_population, '') "
      "FROM v_account_identity i "
      "JOIN overlap o ON o.connection = i.connection AND o.source_id = i.source_id "
      "JOIN account a ON a.connection = i.crm_connection AND a.source_id = i.crm_source_id "
      "LEFT JOIN partner p ON p.connection = o.connection AND p.source_id = o.partner_source_id "
      "WHERE i.entity = 'overlap' AND i.matched_by = 'crm_id' "
      "ORDER BY o.partner_population = 'customer' DESC, a.name LIMIT 6");
  if (!rows.ok()) return;
  bool header = false;
  for (;;) {
    Result<bool> more = rows->Step();
    if (!more.ok() || !*more) break;
    if (!header) {
      std::printf("%-28s %-11s %-26s %-9s %s\n", "CRM ACCOUNT", "CRM", "PARTNER", "OURS",
                  "PARTNER'S");
      header = true;
    }
    std::printf("%-28s %-11s %-26s %-9s %s\n", rows->Text(0).c_str(), rows->Text(1).c_str(),
                rows->Text(2).c_str(), rows->Text(3).c_str(), rows->Text(4).c_str());
  }
}

}  // namespace

int Demo(const GlobalOptions& g, const DemoArgs& args) {
  GlobalOptions demo = g;
  demo.store_override = args.store_path;
  if (!g.verbose) log::SetLevel(log::Level::kWarn);  // the summary speaks for the runs
  Result<config::Config> config = LoadConfigFor(demo);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  std::string store_path = config->store_path;
  // A fresh store, and fresh HTTP state with it: the demo's fake servers start anew, so a
  // refresh token a provider rotated in an earlier demo is not theirs any more.
  std::error_code ec;
  const std::string http_state = store::HttpStatePath(store_path);
  for (const std::string& file : {store_path, http_state}) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix, ec);
  }
  std::cout << "Tempo demo: syncing " << config->connections.size() << " connection(s) from "
            << config->path << " into a fresh store " << store_path << "\n";

  int worst = kExitOk;
  for (const auto& c : config->connections) {
    SyncArgs sync;
    sync.connection = c.name;
    int rc = Sync(demo, sync);
    if (rc != kExitOk) worst = rc;
  }
  {
    Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(store_path);
    if (!db.ok()) return Fail(db.status(), kExitRunFailed);
    PrintTableCounts(**db);
    PrintPartnerRevenue(**db);
    PrintOverlapMatches(**db);
  }

  // The partners' TEMPO scores: the run `tempo score` makes, with the config's scorer.
  std::cout << "\nScoring the partners (tempo score, docs/scoring.md):\n";
  std::cout.flush();
  score::ScoreOptions options;
  options.as_of = args.as_of;
  Result<score::ScoreResult> scored = score::RunScore(*config, PluginFolders(&*config), options);
  if (scored.ok()) {
    // The partner manager's view of that run: the text report here, the HTML one beside the
    // store (the same as `tempo report`).
    std::cout << "\n";
    Result<std::unique_ptr<store::Db>> db = store::OpenStoreReadOnly(store_path);
    Status printed = db.ok() ? report::PrintTextAndWriteHtml(**db, std::cout,
                                                             report::DefaultHtmlPath(store_path))
                             : db.status();
    if (!printed.ok()) {
      Fail(Status(printed.code(), "report: " + printed.message()), kExitRunFailed);
      worst = kExitRunFailed;
    }
  } else {
    Fail(Status(scored.status().code(), "score: " + scored.status().message()), kExitRunFailed);
    worst = kExitRunFailed;
  }
  std::cout << "\nExplore it: sqlite3 " << store_path
            << " (tables and the score views documented in docs/store-schema.md); tempo -c "
            << config->path << " report --partner NAME (one partner's metrics and evidence)\n";
  return worst;
}

}  // namespace tempo::cli

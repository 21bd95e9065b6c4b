// tempo demo: syncs every connection of the (demo) config into a fresh store, prints what
// landed and scores the partners (the same run as `tempo score`), so a newcomer sees the whole
// pipeline in one command.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

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

// Digits grouped by thousands: 1234567 as "1,234,567".
std::string Grouped(double value) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  std::string text(digits);
  const size_t first = text[0] == '-' ? 1 : 0;
  for (size_t i = text.size(); i > first + 3; i -= 3) text.insert(i - 3, ",");
  return text;
}

// Won revenue per partner, in US dollars: every won deal once per partner that took part in
// it, whichever CRM holds it, the partner named by the store's partner identity (one partner
// across CRMs, files, marketing tools and overlaps), and the amounts summed in USD only
// (amount_usd; a deal without one is counted apart, never added as dollars). The first of the
// questions of docs/store-schema.md, "Questions and their SQL".
void PrintPartnerRevenue(store::Db& db) {
  auto stmt = db.Prepare(
      "WITH attributed AS ("
      "  SELECT coalesce(i.partner_key, 'name:' || lower(trim(op.partner_name))) AS partner_key,"
      "    max(coalesce(i.name, op.partner_name)) AS partner, o.connection, o.source_id,"
      "    max(o.amount_usd) AS amount_usd, max(op.role = 'sourced') AS sourced"
      "  FROM opportunity_partner op"
      "  JOIN opportunity o ON o.connection = op.connection"
      "    AND o.source_id = op.opportunity_source_id"
      "  LEFT JOIN v_partner_identity i ON i.connection = op.connection"
      "    AND i.source_id = op.partner_source_id"
      "  WHERE o.is_won = 1 AND o.deleted_at IS NULL AND op.deleted_at IS NULL"
      "  GROUP BY 1, o.connection, o.source_id) "
      "SELECT max(partner), count(*), sum(sourced), sum(amount_usd),"
      "  count(*) - count(amount_usd) "
      "FROM attributed GROUP BY partner_key ORDER BY 4 DESC, 1");
  if (!stmt.ok()) return;
  bool header = false;
  int64_t without_usd = 0;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok() || !*row) break;
    if (!header) {
      std::printf(
          "\nWon revenue per partner, in USD (each deal once, from the CRM that holds it):\n"
          "%-28s %9s %8s %15s\n",
          "PARTNER", "WON DEALS", "SOURCED", "WON USD");
      header = true;
    }
    std::printf("%-28s %9lld %8lld %15s\n", stmt->Text(0).c_str(),
                static_cast<long long>(stmt->Int(1)), static_cast<long long>(stmt->Int(2)),
                Grouped(stmt->Real(3)).c_str());
    without_usd += stmt->Int(4);
  }
  if (without_usd > 0) {
    std::printf(
        "(%lld won deal attribution(s) have no USD amount and are not in WON USD: their "
        "currency has no rate; see the sync summaries and docs/configuration.md)\n",
        static_cast<long long>(without_usd));
  }
}

// The win rate of closed deals with a partner attached against those without (every deal
// once, whichever CRM holds it): another of docs/store-schema.md's questions.
void PrintWinRates(store::Db& db) {
  auto stmt = db.Prepare(
      "SELECT sum(with_partner), sum(with_partner AND is_won), sum(NOT with_partner),"
      "  sum(NOT with_partner AND is_won) "
      "FROM (SELECT o.is_won, EXISTS (SELECT 1 FROM opportunity_partner op"
      "    WHERE op.connection = o.connection AND op.opportunity_source_id = o.source_id"
      "      AND op.deleted_at IS NULL) AS with_partner"
      "  FROM opportunity o WHERE o.is_closed = 1 AND o.deleted_at IS NULL)");
  if (!stmt.ok()) return;
  Result<bool> row = stmt->Step();
  if (!row.ok() || !*row || stmt->IsNull(0)) return;
  const int64_t with = stmt->Int(0), won_with = stmt->Int(1);
  const int64_t without = stmt->Int(2), won_without = stmt->Int(3);
  auto rate = [](int64_t won, int64_t closed) {
    return closed > 0 ? 100.0 * static_cast<double>(won) / static_cast<double>(closed) : 0.0;
  };
  std::printf(
      "Win rate of closed deals: %.1f%% with a partner (%lld of %lld), %.1f%% without (%lld of "
      "%lld)\n",
      rate(won_with, with), static_cast<long long>(won_with), static_cast<long long>(with),
      rate(won_without, without), static_cast<long long>(won_without),
      static_cast<long long>(without));
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
  if (Status s = RequireSqliteStore(*config, "demo"); !s.ok()) return Fail(s, kExitUsage);
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
    PrintWinRates(**db);
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

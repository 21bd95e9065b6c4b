// tempo: the command line. Parses arguments with CLI11 and dispatches to commands.*.cc.
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "common/log.h"

namespace {

constexpr const char* kFooter =
    R"(Exit codes: 0 ok, 1 run failed, 2 usage or config error, 3 run deferred (quota),
4 busy (the connection is being synced by another process, or another daemon runs),
130 (143, 129) a sync stopped by Ctrl-C (SIGTERM, SIGHUP) at its last commit, recorded cancelled.
Config: -c FILE (before or after the command), else $TEMPO_CONFIG, else ./tempo.yaml.
Logs go to stderr, data to stdout.
Docs: admin-guide.md, configuration.md, store-schema.md, scoring.md, plugin-guide.md in
share/doc/tempo/ of the install prefix (docs/ in the source tree).)";

}  // namespace

int main(int argc, char** argv) {
  using namespace tempo::cli;
  // A reader that goes away (`tempo sync x 2>&1 | head`, a daemon that died) must not kill a
  // sync between its last commit and its run record: writes to it fail, and logging goes on.
  ::signal(SIGPIPE, SIG_IGN);
  CLI::App app{
      "Tempo: partner-ecosystem data integration. Syncs connector plugins into a "
      "local SQLite store and scores partners."};
  app.footer(kFooter);
  app.require_subcommand(1);
  // Global options anywhere: `tempo sync crm -c tempo.yaml` as `tempo -c tempo.yaml sync crm`
  // (subcommands created below inherit this and hand options they do not know to the app).
  app.fallthrough();
  GlobalOptions g;
  app.add_option("-c,--config", g.config_path,
                 "Config file (default $TEMPO_CONFIG or ./tempo.yaml)");
  app.add_flag("-v,--verbose", g.verbose, "Show debug logs");
  app.add_flag("-q,--quiet", g.quiet, "Show only warnings and errors");

  int code = kExitOk;
  bool json = false;

  auto* plugins = app.add_subcommand("plugins", "List or inspect installed plugins");
  plugins->require_subcommand(1);
  auto* plugins_list = plugins->add_subcommand("list", "List the plugins on the plugin path");
  plugins_list->add_flag("--json", json, "Machine-readable output");
  plugins_list->callback([&] { code = PluginsList(g, json); });
  std::string plugin_name, manifest;
  auto* inspect =
      plugins->add_subcommand("inspect", "Show a plugin's descriptor and config schema");
  inspect->add_option("NAME", plugin_name, "Plugin name")->required();
  inspect->add_option("--manifest", manifest,
                      "rest connector: a shipped manifest's name or a manifest file; shows its "
                      "streams and config keys (a manifest error names file:line:column)");
  inspect->add_flag("--json", json, "Machine-readable output");
  inspect->callback([&] { code = PluginsInspect(g, plugin_name, manifest, json); });

  auto* config = app.add_subcommand("config", "Work with the config file");
  config->require_subcommand(1);
  auto* config_check = config->add_subcommand(
      "check", "Validate the config and every connection's plugin config, without running");
  config_check->add_flag("--json", json, "Machine-readable output");
  config_check->callback([&] { code = ConfigCheck(g, json); });

  std::string connection;
  auto* check = app.add_subcommand("check", "Check that a connection's source is reachable");
  check->add_option("CONNECTION", connection, "Connection name")->required();
  check->callback([&] { code = Check(g, connection); });

  auto* discover = app.add_subcommand("discover", "List a connection's streams");
  discover->add_option("CONNECTION", connection, "Connection name")->required();
  discover->add_flag("--json", json, "Machine-readable output");
  discover->callback([&] { code = Discover(g, connection, json); });

  SyncArgs sync_args;
  auto* sync = app.add_subcommand("sync", "Sync a connection into the store now");
  sync->add_option("CONNECTION", sync_args.connection, "Connection name")->required();
  sync->add_option("-s,--stream", sync_args.streams,
                   "Sync only this stream (repeatable; default: the connection's streams)");
  sync->add_flag("--full-refresh", sync_args.full_refresh,
                 "Re-read everything; rows not seen are soft-deleted when the refresh completes");
  sync->add_option("--commit-records", sync_args.commit_records,
                   "Commit after about this many records (default 50000)")
      ->check(CLI::Range(1LL, 100000000LL));
  sync->add_flag("--json", sync_args.json, "Print the run summary as JSON");
  sync->callback([&] { code = Sync(g, sync_args); });

  auto* run = app.add_subcommand(
      "run",
      "Run the scheduler daemon: sync each connection on its schedule (cron in UTC, or in "
      "scheduler.timezone or the connection's timezone), each run in a child process; failed "
      "runs are retried with backoff, kept in the store across restarts (SIGTERM drains, "
      "SIGHUP reloads the config)");
  run->callback([&] { code = RunDaemon(g); });

  auto* status = app.add_subcommand(
      "status",
      "Show each connection's last run, next scheduled run (or the daemon's pending retry) and "
      "stream state");
  status->add_flag("--json", json, "Machine-readable output");
  status->callback([&] { code = StatusCommand(g, json); });

  RejectsArgs rejects_args;
  auto* rejects = app.add_subcommand(
      "rejects",
      "List a connection's rejected records (kept with their reason and raw record), or "
      "--replay them through the current mapping after a fix, without re-reading the source");
  rejects->add_option("CONNECTION", rejects_args.connection, "Connection name")->required();
  rejects
      ->add_option("--run", rejects_args.run,
                   "Only the rejects of this run (its id is in tempo sync's output and tempo "
                   "status)")
      ->check(CLI::Range(1LL, 9223372036854775807LL));
  rejects->add_option("-s,--stream", rejects_args.stream, "Only the rejects of this stream");
  rejects
      ->add_option("--limit", rejects_args.limit,
                   "List at most this many (default 50; 0: all). Not for --replay")
      ->check(CLI::Range(0LL, 100000000LL));
  rejects->add_flag("--all", rejects_args.all,
                    "List replayed and superseded rejects too, not only the pending ones");
  rejects->add_flag("--json", rejects_args.json, "Machine-readable output (raw records whole)");
  rejects->add_flag("--replay", rejects_args.replay,
                    "Map the pending rejects (of --run/--stream) again through the connector's "
                    "current config and store what maps; marks them replayed, or keeps them "
                    "pending with the new reason when rejected again");
  rejects->footer(
      "Typical use, after a run that rejected records: tempo rejects CONNECTION (why, and the "
      "raw records), fix the mapping in the config, then tempo rejects CONNECTION --replay. "
      "A run keeps its first 1,000 rejects (raw records up to 64 KiB); the rest are only "
      "counted, and a row the connector could not decode has no record to replay: re-read "
      "those with tempo sync CONNECTION --full-refresh. A replay is a run of its own "
      "(sync_runs.kind = replay) and never overwrites a newer version of a record. Exit codes: "
      "0 ok (also nothing to replay), 1 the replay failed (too many rejected again, see "
      "max_reject_ratio) or the store could not be read, 2 usage or config error, or a plugin "
      "that cannot replay, 4 busy (the connection is being synced). docs/admin-guide.md, "
      "\"Rejected records\".");
  rejects->callback([&] { code = RejectsCommand(g, rejects_args); });

  ScoreArgs score_args;
  auto* score = app.add_subcommand(
      "score",
      "Score the partners (TEMPO: Trust, Embedded, Monetizing, Partners as product, "
      "Outside-in) from the store and record the run");
  score->add_option("--scorer", score_args.scorer,
                    "Scorer of the config's scorers: to run (default: the only one, or the "
                    "built-in tempo scorer)");
  score->add_option("--profile", score_args.profile,
                    "Weight profile for the composite: default, tech_partner, channel or one of "
                    "the scorer's profiles: (default: the scorer's profile:)");
  score->add_option("--as-of", score_args.as_of,
                    "Score from what was known at this date: YYYY-MM-DD (its end, UTC) or an "
                    "ISO-8601 date-time; records dated later are left out (default: now)");
  score->add_flag("--json", score_args.json, "Print the run's summary as JSON");
  score->footer(
      "Reads only connections whose latest sync succeeded, in one consistent snapshot; the "
      "others are named in the output and in the run record. Metrics, explanations and evidence "
      "go to the score tables (docs/store-schema.md); docs/scoring.md explains every metric.");
  score->callback([&] { code = ScoreCommand(g, score_args); });

  ReportArgs report_args;
  auto* report = app.add_subcommand(
      "report",
      "Report a score run: the partners' ranking with their dimension scores, each metric with "
      "its explanation and evidence, the ecosystem, and the change since the previous run");
  auto* format = report
                     ->add_option("--format", report_args.format,
                                  "text (default), csv (one row per partner and measure), "
                                  "json, or html (a page with charts)")
                     ->check(CLI::IsMember({"text", "csv", "json", "html"}));
  report->add_flag("--json", report_args.json, "The same as --format json")->excludes(format);
  report->add_option("--partner", report_args.partner,
                     "Only this partner: its name (any case) or its partner key, e.g. "
                     "domain:acme.io");
  report
      ->add_option("--run", report_args.run,
                   "The score run to report (default: the latest; its id is in tempo score's "
                   "output)")
      ->check(CLI::Range(1LL, 9223372036854775807LL));
  report->add_option("--scorer", report_args.scorer,
                     "Without --run: the latest run of this scorer (default: of any scorer)");
  report->add_option("-o,--out", report_args.out,
                     "Write to this file, replaced whole (default: stdout; for html, "
                     "tempo-report.html in the store's folder); - for stdout");
  report->footer(
      "The changes compare with the run of the same scorer and profile before this one (by "
      "as-of date); the trend in the HTML page covers up to 12 such runs. Missing values are "
      "'insufficient data', never 0. The report reads the store's score views "
      "(docs/store-schema.md); docs/scoring.md explains every metric. Exit codes: 0 ok, 1 no "
      "store or no score run yet, or the store or the file could not be read or written, 2 "
      "usage or config error (an unknown --run, --scorer or --partner).");
  report->callback([&] { code = ReportCommand(g, report_args); });

  DemoArgs demo_args;
  auto* demo = app.add_subcommand(
      "demo",
      "Sync every connection of the config into a fresh store, summarize it and score the "
      "partners");
  demo->add_option("--store", demo_args.store_path, "Store file to (re)create for the demo");
  demo->add_option("--as-of", demo_args.as_of,
                   "Score as of this date (YYYY-MM-DD, its end) instead of now, as tempo score "
                   "--as-of does");
  demo->callback([&] { code = Demo(g, demo_args); });

  AddKitCommands(app, g, code);
  AddServeCommand(app, g, code);
  AddDeployCommands(app, g, code);
  AddStoreCommands(app, g, code);

  app.parse_complete_callback([&] {
    if (g.verbose) tempo::log::SetLevel(tempo::log::Level::kDebug);
    if (g.quiet) tempo::log::SetLevel(tempo::log::Level::kWarn);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return code;
}

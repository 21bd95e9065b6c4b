// tempo test-plugin (the conformance kit), its hidden per-step child `tempo __kit-step`, and
// tempo plugin new (the scaffold).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "common/log.h"
#include "conformance/runner.h"
#include "conformance/scaffold.h"
#include "conformance/step.h"

namespace tempo::cli {
namespace {

constexpr const char* kTestPluginFooter =
    R"(Checks, one line each (ok, FAIL or skip): descriptor, config_schema, invalid_config
(a derived invalid config must be refused naming its key), check, discover, full_read,
no_duplicates, state_round_trip, kill_resume (SIGKILL right after commits of a full read,
then a resumed run: the store must equal the uninterrupted read's), fault_429, fault_5xx,
fault_reset, fault_cut_transfer, fault_token_expiry (OAuth only), fault_truncated_json,
fault_html_200, fault_malformed_json, fault_empty_200 (replayed over the full read's
recording: retried to the same records, or a clear failure; never a success with records
missing), incremental (two incremental reads return only changes plus the overlap at their
cursor, and the store then equals a fresh full read's), secrets (no configured secret in the
recording, logs or stores). A scorer gets descriptor, config_schema, invalid_config and
score_empty_store. Each plugin call runs in a child process: a crash or hang fails its check.

Modes: live (default: the plugin talks to its source; its exchanges are recorded in the work
folder for the fault checks), --record DIR (the same, kept as a fixture for offline runs:
DIR/fixture.json and DIR/exchanges/, secrets redacted) and --fixture DIR (replay, offline:
no network). --between-reads CMD changes the source before the incremental reads (live and
record; a replay has the changes in its recording).
Exit codes: 0 every check passed or was skipped, 1 a check failed, 2 usage error.
The plugin guide (docs/plugin-guide.md, "Test your plugin") explains each check.)";

constexpr const char* kPluginNewFooter =
    R"(Writes DIR/NAME (default ./NAME): a CMake project (find_package(TempoSDK)), the plugin's
source with one example stream over a small built-in dataset (a connector) or one metric (a
scorer), a unit test on the kit's FakeHost, a config for tempo test-plugin and a README. It
builds against an installed SDK (cmake -DCMAKE_PREFIX_PATH=<tempo prefix>) with -Werror and
passes tempo test-plugin as written. --manifest writes DIR/NAME.yaml instead: a manifest
skeleton for the rest connector (tempo plugins inspect rest --manifest FILE reads it).)";

}  // namespace

void AddKitCommands(CLI::App& app, const GlobalOptions& g, int& code) {
  static conformance::KitOptions kit;
  auto* test = app.add_subcommand(
      "test-plugin",
      "Run a plugin through the conformance checks every connector must pass, live, recording "
      "a fixture, or offline from one");
  test->add_option("PLUGIN", kit.plugin, "A plugin file (tempo_NAME.so) or a plugin name")
      ->required();
  test->add_option("--config", kit.config,
                   "The plugin's config as a file: what a connection's config: holds (YAML or "
                   "JSON; ${env:NAME} and ${file:PATH} work)")
      ->required()
      ->check(CLI::ExistingFile);
  auto* fixture =
      test->add_option("--fixture", kit.fixture, "Replay this recorded fixture folder, offline")
          ->check(CLI::ExistingDirectory);
  test->add_option("--record", kit.record,
                   "Record the session into this fixture folder (its fixture.json and exchanges/ "
                   "are replaced)")
      ->excludes(fixture);
  test->add_option("--between-reads", kit.between_reads,
                   "A shell command that changes the source before the incremental reads");
  test->add_option("--allow-reread", kit.allow_reread,
                   "A stream that re-reads unchanged records on purpose, as its README documents "
                   "(repeatable): incremental reports them instead of failing");
  test->add_option("--plugin-path", kit.plugin_folders,
                   "Where to look up a plugin name (repeatable; default: the plugin folder next "
                   "to tempo)");
  test->add_option("--kill-points", kit.kill_points,
                   "At most this many kills, spread over the full read's commits (default 6)")
      ->check(CLI::Range(1, 1000));
  test->add_option("--skip", kit.skip,
                   "Do not run this check (repeatable): kill_resume, fault_http (every fault_*), "
                   "incremental or secrets")
      ->check(CLI::IsMember({"kill_resume", "fault_http", "incremental", "secrets"}));
  test->add_option("--timeout", kit.step_timeout_s,
                   "Seconds one step may take before it is killed as hung (default 120)")
      ->check(CLI::Range(1.0, 86400.0));
  test->add_option("--work", kit.work_dir, "Work folder (default: a temporary one, removed)");
  test->add_flag("--keep-work", kit.keep_work, "Keep the temporary work folder");
  test->add_flag("--json", kit.json, "The report as one JSON object");
  test->footer(kTestPluginFooter);
  test->callback([&] {
    kit.verbose = g.verbose;
    if (kit.plugin_folders.empty()) kit.plugin_folders = PluginFolders(nullptr);
    std::error_code ec;
    kit.self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    code = conformance::RunKit(kit);
  });

  static conformance::StepArgs step;
  auto* child = app.add_subcommand("__kit-step", "");  // test-plugin's child; not for people
  child->group("");
  child->add_option("--action", step.action)->required();
  child->add_option("--plugin", step.plugin)->required();
  child->add_option("--plugin-path", step.plugin_folders);
  child->add_option("--config", step.config)->required();
  child->add_option("--store", step.store);
  child->add_flag("--full-refresh", step.full_refresh);
  child->add_option("--kill-after-commit", step.kill_after_commit);
  child->add_option("--emit-log", step.emit_log);
  child->add_option("--http", step.http_mode);
  child->add_option("--exchanges", step.exchanges);
  child->add_option("--http-state", step.http_state);
  child->add_option("--fault", step.fault);
  child->add_option("--fault-at", step.fault_at);
  child->add_option("--unmatched", step.unmatched);
  child->callback([&] { code = conformance::RunStep(step); });

  static conformance::ScaffoldOptions scaffold;
  auto* plugin = app.add_subcommand("plugin", "Start a new plugin project");
  plugin->require_subcommand(1);
  auto* create = plugin->add_subcommand(
      "new",
      "Write a plugin project (or a rest manifest) that builds and passes tempo test-plugin");
  create->add_option("NAME", scaffold.name, "The plugin's name: [a-z][a-z0-9_]*")->required();
  create->add_option("--kind", scaffold.kind, "connector (default) or scorer")
      ->check(CLI::IsMember({"connector", "scorer"}));
  create->add_option("--dir", scaffold.dir, "The folder to write into (default: .)");
  create->add_flag("--manifest", scaffold.manifest,
                   "Write a manifest skeleton for the rest connector instead");
  create->footer(kPluginNewFooter);
  create->callback([&] {
    Result<std::string> written = conformance::Scaffold(scaffold);
    if (!written.ok()) {
      code = Fail(written.status(), kExitUsage);
      return;
    }
    std::cout << *written;
    code = kExitOk;
  });
}

}  // namespace tempo::cli

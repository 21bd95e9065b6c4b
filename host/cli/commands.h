// The subcommands of `tempo`. Each returns the process exit code (cli_context.h).
#ifndef TEMPO_HOST_CLI_COMMANDS_H_
#define TEMPO_HOST_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "cli/cli_context.h"

namespace CLI {
class App;
}  // namespace CLI

namespace tempo::score {
struct ScoreResult;
}  // namespace tempo::score

namespace tempo::cli {

int PluginsList(const GlobalOptions& g, bool json);
// `manifest` ("" for none): show what the plugin offers for that manifest (its spec(), ABI
// 1.5: the rest connector's streams and config keys).
int PluginsInspect(const GlobalOptions& g, const std::string& name, const std::string& manifest,
                   bool json);
int ConfigCheck(const GlobalOptions& g, bool json);
int Check(const GlobalOptions& g, const std::string& connection);
int Discover(const GlobalOptions& g, const std::string& connection, bool json);

struct SyncArgs {
  std::string connection;
  std::vector<std::string> streams;
  bool full_refresh = false;
  bool json = false;
  long long commit_records = 0;  // 0: the engine's default
};
int Sync(const GlobalOptions& g, const SyncArgs& args);
int StatusCommand(const GlobalOptions& g, bool json);

struct RejectsArgs {
  std::string connection;
  long long run = 0;     // --run ID (0: every run)
  std::string stream;    // --stream S ("": every stream)
  long long limit = 50;  // --limit N (0: all)
  bool all = false;      // --all: replayed and superseded rejects too
  bool json = false;
  bool replay = false;  // --replay: map the pending rejects again and store them
};
// tempo rejects (commands_rejects.cc).
int RejectsCommand(const GlobalOptions& g, const RejectsArgs& args);
// tempo run: the daemon (daemon.cc). Returns when stopped by SIGTERM/SIGINT.
int RunDaemon(const GlobalOptions& g);

struct ScoreArgs {
  std::string scorer;   // --scorer NAME
  std::string profile;  // --profile NAME
  std::string as_of;    // --as-of DATE
  bool json = false;
};
// tempo score (commands_score.cc).
int ScoreCommand(const GlobalOptions& g, const ScoreArgs& args);

struct ReportArgs {
  std::string format = "text";  // --format text|csv|json|html
  bool json = false;            // --json: --format json
  std::string partner;          // --partner NAME
  std::string scorer;           // --scorer NAME
  long long run = 0;            // --run ID (0: the latest)
  std::string out;              // --out FILE ("-": stdout)
};
// tempo report (commands_report.cc).
int ReportCommand(const GlobalOptions& g, const ReportArgs& args);

struct DemoArgs {
  std::string store_path;  // overrides the config's store.path; the file is recreated
  std::string as_of;       // --as-of DATE for the score; "": now
};
// tempo demo (demo.cc): syncs every connection into a fresh store, prints what landed, and
// scores the partners as `tempo score` does.
int Demo(const GlobalOptions& g, const DemoArgs& args);

// tempo test-plugin, tempo plugin new and the kit's hidden step command (commands_test_plugin.cc):
// registered on `app`; their callbacks set `code`.
void AddKitCommands(CLI::App& app, const GlobalOptions& g, int& code);

// tempo deploy k8s (commands_deploy.cc) and tempo serve (serve.cc), registered the same way.
void AddDeployCommands(CLI::App& app, const GlobalOptions& g, int& code);
void AddServeCommand(CLI::App& app, const GlobalOptions& g, int& code);
// tempo store migrate (commands_store.cc), registered the same way.
void AddStoreCommands(CLI::App& app, const GlobalOptions& g, int& code);

}  // namespace tempo::cli

#endif  // TEMPO_HOST_CLI_COMMANDS_H_

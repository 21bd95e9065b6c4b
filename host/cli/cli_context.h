// What every command needs: the loaded config, the plugin folders, and helpers that open a
// connection's connector. Errors carry the exit code the command should return.
#ifndef TEMPO_HOST_CLI_CLI_CONTEXT_H_
#define TEMPO_HOST_CLI_CLI_CONTEXT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "config/config.h"
#include "plugin/connector.h"
#include "plugin/loader.h"
#include "sync/attribution.h"

namespace tempo::cli {

// Process exit codes (documented in docs/admin-guide.md and `tempo --help`).
constexpr int kExitOk = 0;
constexpr int kExitRunFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDeferred = 3;
constexpr int kExitBusy = 4;  // another process holds the lock (the connection's, the daemon's)

struct GlobalOptions {
  std::string config_path;  // -c/--config, else $TEMPO_CONFIG, else ./tempo.yaml
  bool verbose = false;
  bool quiet = false;
  std::string store_override;  // replaces the config's store.path (tempo demo --store)
};

// The config file to use: the flag, else $TEMPO_CONFIG, else ./tempo.yaml.
std::string ResolveConfigPath(const GlobalOptions& options);

// Loads the config and registers its secrets for redaction.
Result<config::Config> LoadConfigFor(const GlobalOptions& options,
                                     const config::LoadOptions& load = {});

// The plugin folders: the config's plugins.path, else the default next to the executable.
std::vector<std::string> PluginFolders(const config::Config* config);

// The `config:` of connection `index` rendered for `plugin`'s open(): checked against the
// descriptor's schema, or, for a plugin whose keys depend on its config (ABI 1.5 spec()),
// against the schema the plugin gives for it (the `rest` connector's manifest). Errors name
// file:line:column in tempo.yaml (and the plugin's own locations, such as a manifest's).
Result<std::string> RenderConnectionConfig(const config::Config& config, size_t index,
                                           const plugin::Plugin& plugin);

// Loads the connection's plugin, renders its config and opens the connector.
// `http` serves the connector's HTTP calls; declared before `connector`, so it outlives it.
struct OpenedConnection {
  const config::ConnectionConfig* connection = nullptr;
  const plugin::Plugin* plugin = nullptr;
  std::unique_ptr<plugin::HttpGateway> http;
  std::unique_ptr<plugin::Connector> connector;
};
Result<OpenedConnection> OpenConnection(const config::Config& config, const std::string& name);

// InvalidArgument naming `command` when the config's store is PostgreSQL (store.url): the
// commands that read the store directly (status, score, report, rejects, run, serve, demo)
// read SQLite only so far (docs/postgresql.md, "What differs").
Status RequireSqliteStore(const config::Config& config, std::string_view command);

// Prints "tempo: <message>" to stderr (redacted) and returns `code`.
int Fail(const Status& status, int code);

// The connection's `attribution:` rules as the sync stage applies them.
std::vector<sync::AttributionRule> AttributionRules(const config::ConnectionConfig& connection);

// A count as people read it: 1,234,567.
std::string WithCommas(int64_t n);

}  // namespace tempo::cli

#endif  // TEMPO_HOST_CLI_CLI_CONTEXT_H_

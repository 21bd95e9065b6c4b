// tempo.yaml: loading, validation and rendering of the one configuration file.
//
// LoadConfig parses and checks the file's structure (unknown keys with a did-you-mean, missing
// keys, wrong types), substitutes ${env:NAME} and ${file:PATH}, and resolves paths relative to
// the config file's folder. A connection's plugin config is checked against the plugin's JSON
// Schema later, by RenderPluginConfig, once the plugin is loaded. Every error names
// file:line:column and the key path; no error ever contains a secret value.
#ifndef TEMPO_HOST_CONFIG_CONFIG_H_
#define TEMPO_HOST_CONFIG_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "config/fx_rates.h"
#include "config/weights.h"

namespace tempo::config {

// Opaque handle to a parsed YAML subtree plus where it came from (defined in config.cc).
struct Node;

struct StreamSelection {
  std::string name;
  std::string mode;      // "", "full_refresh" or "incremental" ("": the stream's default)
  std::string location;  // "tempo.yaml:11:9" of its name
  std::string path;      // "connections[0].streams[1]"
};

// A connection's HTTP settings (the optional `http:` mapping; docs/configuration.md). Durations
// are seconds and may have fractions. The defaults are what a connection without `http:` gets.
struct HttpSettings {
  double connect_timeout_s = 10;       // TCP and TLS handshake
  double timeout_s = 60;               // one attempt, start to last byte
  double idle_timeout_s = 30;          // no byte received for this long ends the attempt
  int64_t max_attempts = 5;            // attempts per request, the first included
  double max_retry_wait_s = 300;       // total backoff one request may wait
  double max_rate_limit_wait_s = 600;  // wait for the rate budget before the run is deferred
  double initial_backoff_s = 1;        // backoff cap of the first retry; doubles each retry
  double max_backoff_s = 60;           // the cap's ceiling
  std::string ca_bundle;               // absolute path of a PEM CA file; "": the system's CAs
  // The factor applied to a server's Retry-After before waiting. Not a tempo.yaml key (always
  // 1 there): `tempo test-plugin` replays its fault scenarios with a tiny one, so a 429 with
  // Retry-After: 1 is honored in a millisecond.
  double retry_after_scale = 1;
};

// One `attribution:` rule of a connection (docs/configuration.md#lead-attribution): a lead or
// campaign record whose values match every condition is attributed to the rule's partner. The
// first matching rule wins.
struct AttributionCondition {
  std::string field;  // a lead or campaign column, "source_id", or "tag" (the raw record's tags)
  std::string value;  // compared case-insensitively, surrounding blanks ignored
};

struct AttributionRule {
  std::string partner_name;    // at least one of name and domain
  std::string partner_domain;  // as written; the store normalizes it
  std::string entity;          // "lead", "campaign", or "" for both
  std::vector<AttributionCondition> when;
  std::string location;  // "tempo.yaml:14:9" of the rule
};

struct ConnectionConfig {
  std::string name;
  std::string plugin;
  std::string schedule;                  // "" when run only on demand; else checked by
                                         // schedule::ParseSchedule at load time
  std::string schedule_location;         // "tempo.yaml:9:15" of the `schedule:` value
  std::string timezone;                  // its cron slots' zone, else scheduler's; "": UTC
  std::vector<StreamSelection> streams;  // empty: every stream the plugin offers
  bool keep_raw = true;                  // keep each record's raw JSON (raw_json)
  // The largest share of rejected records a run may have and still succeed (0 to 1);
  // nullopt: the default rule (sync/reject_ratio.h).
  std::optional<double> max_reject_ratio;
  std::string location;                      // "tempo.yaml:12:5" of the connection entry
  std::string plugin_location;               // location of its `plugin:` value
  std::shared_ptr<const Node> config;        // the `config:` mapping (may be empty)
  HttpSettings http;                         // the `http:` mapping, defaults filled in
  std::vector<AttributionRule> attribution;  // the `attribution:` rules, in order
};

// One `scorers:` entry (docs/configuration.md#scorers).
struct ScorerConfig {
  std::string name;
  std::string plugin;
  std::string location;
  std::string plugin_location;
  std::shared_ptr<const Node> config;
  std::string profile = "default";      // the weight profile; checked to exist at load time
  std::vector<WeightProfile> profiles;  // the entry's own `profiles:`, in file order
  std::chrono::milliseconds window = std::chrono::hours(24 * 365);  // the trailing window W
};

// `scheduler:`: how the daemon (`tempo run`) runs scheduled syncs.
struct SchedulerConfig {
  int max_concurrent_runs = 4;  // syncs running at once, all connections
  std::chrono::milliseconds run_timeout = std::chrono::hours(6);      // then SIGTERM...
  std::chrono::milliseconds grace_period = std::chrono::seconds(30);  // ...then SIGKILL
  int retry_max_attempts = 3;  // runs in a row before waiting for the next slot; 1: no retry
  std::chrono::milliseconds retry_initial_backoff = std::chrono::minutes(1);
  std::chrono::milliseconds retry_max_backoff = std::chrono::minutes(30);
  std::string timezone;  // of cron schedules without their own timezone; "": UTC
};

// `server:`: the daemon's HTTP endpoint (/healthz, /metrics). Off unless the section exists.
struct ServerConfig {
  bool enabled = false;
  std::string host = "127.0.0.1";  // as written: an IPv4 address, "localhost" or an IPv6 in []
  int port = 9464;                 // 0: any free port (the daemon logs which)
  std::string location;            // of the `listen:` value, or of `server:`
};

struct Config {
  std::string path;  // the file it was loaded from
  // absolute; with store_url, only the base name of this machine's side files (HTTP state)
  std::string store_path;
  // `store.url`: a PostgreSQL store (postgresql://..., ${env:} substituted; its password is
  // registered as a secret); "" for the SQLite store at store_path.
  std::string store_url;
  // `store.fx_rates`: the exchange rates applied to deal amounts a CRM did not convert
  // (absolute path, "" when not configured; the table itself, parsed and checked).
  std::string fx_rates_path;
  std::shared_ptr<const FxRates> fx_rates;
  std::vector<std::string> plugin_paths;  // folders searched for plugins
  std::vector<ConnectionConfig> connections;
  std::vector<ScorerConfig> scorers;
  SchedulerConfig scheduler;
  ServerConfig server;
  // Every value substituted from ${env:} or ${file:} outside the plugins' `config:` mappings
  // (those are registered when rendered against the plugin's schema: Node::substituted).
  std::vector<std::string> secrets;

  const ConnectionConfig* FindConnection(std::string_view name) const;
};

struct LoadOptions {
  // false: the plugins' `config:` sections keep their ${env:}/${file:} references unresolved
  // (and an unset variable there is no error), for commands that never open a plugin
  // (`tempo status`): they need no secrets.
  bool resolve_plugin_config = true;
  // true: a value of a key the plugin's schema marks "x-secret" written into the file itself
  // (not a ${env:}/${file:} reference) makes RenderPluginConfig fail, naming file:line:column,
  // instead of warning (`tempo deploy k8s`, which would otherwise copy it into a ConfigMap).
  bool refuse_inline_secrets = false;
};

// `server.listen`'s syntax, "HOST:PORT": an IPv4 address, localhost or an IPv6 address in []
// and a port from 0 to 65535. Sets server->host and server->port; InvalidArgument saying what
// is wrong (without the text) otherwise. Also `tempo serve --listen`.
Status ParseListenAddress(std::string_view text, ServerConfig* server);

// Loads and checks `path`. Missing file, YAML syntax errors and structural errors are
// InvalidArgument with "file:line:column: key.path: what is wrong".
Result<Config> LoadConfig(const std::string& path, const LoadOptions& options = {});

// Checks `node` (a connection's or scorer's `config:`) against the plugin's JSON Schema and
// renders it as the JSON text the plugin's open() receives: YAML scalars typed by the schema,
// defaults filled in, paths (schema "format": "path") resolved against the config file's
// folder. Values of properties marked "x-secret": true, or substituted from ${env:}/${file:},
// are never echoed in errors. `owner` names the connection or scorer for messages. Those
// secret values are registered for redaction, and appended to `secrets` when it is given (the
// conformance kit looks for each one in what it wrote).
Result<std::string> RenderPluginConfig(const Config& config,
                                       const std::shared_ptr<const Node>& node,
                                       std::string_view owner, std::string_view schema_json,
                                       std::vector<std::string>* secrets = nullptr);

// Loads `path` as one plugin's config on its own: the file is what a connection's or scorer's
// `config:` mapping holds (YAML or JSON), with ${env:NAME}/${file:PATH} substituted and paths
// relative to the file's folder, as in tempo.yaml. Sets config->path to `path`; the node is
// for RenderPluginConfig(*config, node, ...). `tempo test-plugin --config FILE` reads it.
Result<std::shared_ptr<const Node>> LoadPluginConfigFile(const std::string& path, Config* config);

// A copy of the `config:` mapping `node` with `key` removed (no value) or set to the YAML text
// `yaml_value` (`[1, 2]`, `not-a-number`): the invalid configs `tempo test-plugin` derives.
std::shared_ptr<const Node> WithConfigKey(const std::shared_ptr<const Node>& node,
                                          const std::string& key,
                                          const std::optional<std::string>& yaml_value);

// "file:line:column" of a `config:` mapping in tempo.yaml (of its key when it is empty), for
// messages about the mapping as a whole.
std::string ConfigLocation(const Config& config, const std::shared_ptr<const Node>& node);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_CONFIG_H_

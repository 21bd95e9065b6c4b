// tempo.yaml: loading, validation and rendering of the one configuration file.
//
// LoadConfig parses and checks the file's structure (unknown keys with a did-you-mean, missing
// keys, wrong types), substitutes ${env:NAME} and ${file:PATH}, and resolves paths relative to
// the config file's folder. A connection's plugin config is checked against the plugin's JSON
// Schema later, by RenderPluginConfig, once the plugin is loaded. Every error names
// file:line:column and the key path; no error ever contains a secret value.
#ifndef TEMPO_HOST_CONFIG_CONFIG_H_
#define TEMPO_HOST_CONFIG_CONFIG_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tempo::config {

// Opaque handle to a parsed YAML subtree plus where it came from (defined in config.cc).
struct Node;

struct StreamSelection {
  std::string name;
  std::string mode;  // "", "full_refresh" or "incremental" ("": the stream's default)
};

struct ConnectionConfig {
  std::string name;
  std::string plugin;
  std::string schedule;                  // "" when run only on demand
  std::vector<StreamSelection> streams;  // empty: every stream the plugin offers
  bool keep_raw = true;                  // also write raw_records
  std::string location;                  // "tempo.yaml:12:5" of the connection entry
  std::string plugin_location;           // location of its `plugin:` value
  std::shared_ptr<const Node> config;    // the `config:` mapping (may be empty)
};

struct ScorerConfig {
  std::string name;
  std::string plugin;
  std::string location;
  std::string plugin_location;
  std::shared_ptr<const Node> config;
};

struct Config {
  std::string path;                       // the file it was loaded from
  std::string store_path;                 // absolute
  std::vector<std::string> plugin_paths;  // folders searched for plugins
  std::vector<ConnectionConfig> connections;
  std::vector<ScorerConfig> scorers;
  std::vector<std::string> secrets;  // every value substituted from ${env:} or ${file:}

  const ConnectionConfig* FindConnection(std::string_view name) const;
};

// Loads and checks `path`. Missing file, YAML syntax errors and structural errors are
// InvalidArgument with "file:line:column: key.path: what is wrong".
Result<Config> LoadConfig(const std::string& path);

// Checks `node` (a connection's or scorer's `config:`) against the plugin's JSON Schema and
// renders it as the JSON text the plugin's open() receives: YAML scalars typed by the schema,
// defaults filled in, paths (schema "format": "path") resolved against the config file's
// folder. Values of properties marked "x-secret": true, or substituted from ${env:}/${file:},
// are never echoed in errors. `owner` names the connection or scorer for messages.
Result<std::string> RenderPluginConfig(const Config& config,
                                       const std::shared_ptr<const Node>& node,
                                       std::string_view owner, std::string_view schema_json);

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_CONFIG_H_

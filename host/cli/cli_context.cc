// Shared command plumbing: config location, plugin path, opening connections.
#include "cli/cli_context.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "common/log.h"
#include "config/did_you_mean.h"
#include "http/http_service.h"
#include "store/http_state_file.h"

namespace tempo::cli {
namespace fs = std::filesystem;

std::string ResolveConfigPath(const GlobalOptions& options) {
  if (!options.config_path.empty()) return options.config_path;
  if (const char* env = std::getenv("TEMPO_CONFIG"); env && *env) return env;
  return "tempo.yaml";
}

Result<config::Config> LoadConfigFor(const GlobalOptions& options,
                                     const config::LoadOptions& load) {
  Result<config::Config> config = config::LoadConfig(ResolveConfigPath(options), load);
  if (!config.ok()) return config.status();
  if (!options.store_override.empty()) config->store_path = options.store_override;
  for (const std::string& secret : config->secrets) log::AddSecret(secret);
  return config;
}

std::vector<std::string> PluginFolders(const config::Config* config) {
  if (config && !config->plugin_paths.empty()) return config->plugin_paths;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path bin = exe.parent_path();
  std::vector<std::string> folders;
  for (const fs::path& candidate :
       {bin / ".." / "plugins", bin / ".." / "lib" / "tempo" / "plugins"}) {
    if (fs::is_directory(candidate, ec))
      folders.push_back(fs::weakly_canonical(candidate, ec).string());
  }
  return folders;
}

Result<std::string> RenderConnectionConfig(const config::Config& config, size_t index,
                                           const plugin::Plugin& plugin) {
  const config::ConnectionConfig& c = config.connections[index];
  const std::string owner = "connections[" + std::to_string(index) + "]";
  std::optional<std::vector<plugin::StreamInfo>> offered;
  Result<std::string> rendered =
      plugin::RenderConfigFor(config, c.config, owner, c.name, plugin, &offered);
  if (!rendered.ok() || !offered) return rendered;
  // The `streams:` selection against the streams this config offers: sync would refuse an
  // unknown one, so the config is refused now, naming the ones that exist.
  std::vector<std::string_view> names;
  for (const plugin::StreamInfo& s : *offered) names.push_back(s.name);
  std::string problems;
  for (const config::StreamSelection& selected : c.streams) {
    if (std::find(names.begin(), names.end(), selected.name) != names.end()) continue;
    std::string message = selected.location + ": " + selected.path + ": no stream '" +
                          selected.name + "' in connection '" + c.name + "'";
    const std::string closest = config::ClosestMatch(selected.name, names);
    message += closest.empty() ? "." : "; did you mean '" + closest + "'?";
    message += names.empty() ? " It has no streams." : " Its streams: ";
    for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + std::string(names[i]);
    problems += (problems.empty() ? "" : "\n") + message;
  }
  if (!problems.empty()) return Status::InvalidArgument(problems);
  return rendered;
}

Result<OpenedConnection> OpenConnection(const config::Config& config, const std::string& name) {
  OpenedConnection opened;
  opened.connection = config.FindConnection(name);
  if (opened.connection == nullptr) {
    std::string names;
    for (const auto& c : config.connections) names += (names.empty() ? "" : ", ") + c.name;
    return Status::InvalidArgument("no connection named '" + name + "' in " + config.path +
                                   (names.empty() ? " (it has none)" : "; it has: " + names));
  }
  Result<const plugin::Plugin*> plugin =
      plugin::FindPlugin(PluginFolders(&config), opened.connection->plugin);
  if (!plugin.ok()) {
    return Status(plugin.status().code(),
                  opened.connection->plugin_location + ": " + plugin.status().message());
  }
  opened.plugin = *plugin;
  Result<std::string> rendered = RenderConnectionConfig(
      config, static_cast<size_t>(opened.connection - config.connections.data()), *opened.plugin);
  if (!rendered.ok()) return rendered.status();
  // The connection's HTTP service: its rate budgets and rotated OAuth refresh tokens live in a
  // side file of the store, shared with every other process syncing against the same store.
  opened.http =
      http::NewHttpService(name, opened.connection->http,
                           store::NewHttpStateFile(store::HttpStatePath(config.store_path)));
  Result<std::unique_ptr<plugin::Connector>> connector =
      plugin::Connector::Open(*opened.plugin, name, *rendered, opened.http.get());
  if (!connector.ok()) return connector.status();
  opened.connector = std::move(connector).value();
  return opened;
}

Status RequireSqliteStore(const config::Config& config, std::string_view command) {
  if (config.store_url.empty()) return Status::Ok();
  return Status::InvalidArgument(
      "tempo " + std::string(command) +
      " reads a SQLite store, and this config's store is PostgreSQL (store.url): not supported "
      "yet (docs/postgresql.md, \"What differs\"); `tempo sync` and `tempo store` work on it");
}

int Fail(const Status& status, int code) {
  std::cerr << "tempo: " << log::Redact(status.message()) << "\n";
  return code;
}

std::vector<sync::AttributionRule> AttributionRules(const config::ConnectionConfig& connection) {
  std::vector<sync::AttributionRule> rules;
  for (const config::AttributionRule& r : connection.attribution) {
    sync::AttributionRule rule{r.partner_name, r.partner_domain, r.entity, {}};
    for (const config::AttributionCondition& c : r.when) rule.when.push_back({c.field, c.value});
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::string WithCommas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace tempo::cli

// tempo plugins list|inspect, tempo config check, tempo check, tempo discover.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "common/log.h"

namespace tempo::cli {
namespace {

// The config when there is one; plugin commands also work without (default plugin path).
std::unique_ptr<config::Config> OptionalConfig(const GlobalOptions& g, Status* error) {
  std::string path = ResolveConfigPath(g);
  std::error_code ec;
  if (g.config_path.empty() && !std::filesystem::exists(path, ec)) return nullptr;
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) {
    *error = config.status();
    return nullptr;
  }
  return std::make_unique<config::Config>(std::move(config).value());
}

std::string ModesText(uint32_t modes) {
  std::string s;
  if (modes & TEMPO_SYNC_FULL_REFRESH) s += "full_refresh";
  if (modes & TEMPO_SYNC_INCREMENTAL) s += std::string(s.empty() ? "" : ",") + "incremental";
  return s;
}

void WritePlugin(JsonWriter& w, const plugin::Plugin& p, bool with_schema) {
  w.BeginObject();
  w.Key("name").String(p.name);
  w.Key("version").String(p.version);
  w.Key("kind").String(plugin::KindName(p.kind));
  w.Key("abi").String(std::to_string(p.abi_major) + "." + std::to_string(p.abi_minor));
  w.Key("description").String(p.description);
  w.Key("path").String(p.path);
  if (with_schema) w.Key("config_schema").String(p.config_schema);
  w.EndObject();
}

}  // namespace

int PluginsList(const GlobalOptions& g, bool json) {
  Status error;
  auto config = OptionalConfig(g, &error);
  if (!error.ok()) return Fail(error, kExitUsage);
  std::vector<std::string> folders = PluginFolders(config.get());
  std::vector<std::string> refusals;
  std::vector<const plugin::Plugin*> plugins = plugin::LoadAll(folders, &refusals);
  if (json) {
    JsonWriter w;
    w.BeginObject().Key("plugins").BeginArray();
    for (const auto* p : plugins) WritePlugin(w, *p, false);
    w.EndArray().Key("refused").BeginArray();
    for (const auto& r : refusals) w.String(r);
    w.EndArray().EndObject();
    std::cout << w.str() << "\n";
  } else {
    if (plugins.empty()) std::cout << "no plugins found\n";
    for (const auto* p : plugins) {
      std::printf("%-16s %-9s %-10s %s\n", p->name.c_str(), p->version.c_str(),
                  plugin::KindName(p->kind), p->description.c_str());
    }
    std::string searched;
    for (const auto& f : folders) searched += (searched.empty() ? "" : ", ") + f;
    std::cerr << "plugin path: " << (searched.empty() ? "(none)" : searched) << "\n";
    for (const auto& r : refusals) std::cerr << "refused: " << r << "\n";
  }
  return refusals.empty() ? kExitOk : kExitRunFailed;
}

namespace {

// The selection a `--manifest` names: a bare name as it is, a path made absolute (against the
// working directory, as paths on a command line are).
std::string ManifestSelection(const std::string& manifest) {
  std::string value = manifest;
  const bool bare = !value.empty() && value.find('/') == std::string::npos &&
                    value.find('.') == std::string::npos;
  if (!bare) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(value, ec);
    if (!ec) value = absolute.lexically_normal().string();
  }
  JsonWriter w;
  w.BeginObject().Key("manifest").String(value).EndObject();
  return w.Take();
}

void WriteStreams(JsonWriter& w, const std::vector<plugin::StreamInfo>& streams) {
  w.BeginArray();
  for (const auto& s : streams) {
    w.BeginObject();
    w.Key("name").String(s.name).Key("entity").String(s.entity);
    w.Key("primary_key").String(s.primary_key).Key("cursor_field").String(s.cursor_field);
    w.Key("sync_modes").String(ModesText(s.sync_modes)).Key("description").String(s.description);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

int PluginsInspect(const GlobalOptions& g, const std::string& name, const std::string& manifest,
                   bool json) {
  Status error;
  auto config = OptionalConfig(g, &error);
  if (!error.ok()) return Fail(error, kExitUsage);
  Result<const plugin::Plugin*> p = plugin::FindPlugin(PluginFolders(config.get()), name);
  if (!p.ok()) return Fail(p.status(), kExitUsage);
  const plugin::Plugin& pl = **p;
  std::optional<plugin::ConnectorSpec> spec;
  if (!manifest.empty()) {
    if (!plugin::HasSpec(pl)) {
      return Fail(Status::InvalidArgument("plugin '" + name +
                                          "' takes no --manifest: its config does not depend on "
                                          "one (only the rest connector's does)"),
                  kExitUsage);
    }
    Result<plugin::ConnectorSpec> s =
        plugin::SpecFor(pl, "--manifest", ManifestSelection(manifest));
    if (!s.ok()) return Fail(s.status(), kExitUsage);
    spec = std::move(s).value();
  }
  if (json) {
    JsonWriter w;
    w.BeginObject();
    w.Key("name").String(pl.name).Key("version").String(pl.version);
    w.Key("kind").String(plugin::KindName(pl.kind));
    w.Key("abi").String(std::to_string(pl.abi_major) + "." + std::to_string(pl.abi_minor));
    w.Key("description").String(pl.description).Key("path").String(pl.path);
    w.Key("config_schema").String(spec ? spec->config_schema : pl.config_schema);
    if (spec) {
      w.Key("manifest").BeginObject().Key("description").String(spec->description);
      w.Key("streams");
      WriteStreams(w, spec->streams);
      w.EndObject();
    }
    w.EndObject();
    std::cout << w.str() << "\n";
    return kExitOk;
  }
  std::cout << "name:        " << pl.name << "\nversion:     " << pl.version
            << "\nkind:        " << plugin::KindName(pl.kind) << "\nabi:         " << pl.abi_major
            << "." << pl.abi_minor << "\npath:        " << pl.path
            << "\ndescription: " << pl.description << "\n";
  if (spec) {
    std::cout << "manifest:    " << manifest << ": " << spec->description << "\nstreams:\n";
    std::printf("  %-20s %-20s %-14s %-14s %s\n", "STREAM", "ENTITY", "PRIMARY KEY", "CURSOR",
                "MODES");
    for (const auto& s : spec->streams) {
      std::printf("  %-20s %-20s %-14s %-14s %s\n", s.name.c_str(), s.entity.c_str(),
                  s.primary_key.c_str(), s.cursor_field.empty() ? "-" : s.cursor_field.c_str(),
                  ModesText(s.sync_modes).c_str());
      if (!s.description.empty()) std::cout << "      " << s.description << "\n";
    }
  }
  std::cout << "config schema:\n" << (spec ? spec->config_schema : pl.config_schema) << "\n";
  return kExitOk;
}

int ConfigCheck(const GlobalOptions& g, bool json) {
  Result<config::Config> config = LoadConfigFor(g);
  std::vector<std::string> problems;
  if (!config.ok()) {
    problems.push_back(config.status().message());
  } else {
    std::vector<std::string> folders = PluginFolders(&*config);
    auto check_plugin = [&](const std::string& plugin_name, const std::string& location,
                            const std::shared_ptr<const config::Node>& node,
                            const std::string& owner) {
      Result<const plugin::Plugin*> p = plugin::FindPlugin(folders, plugin_name);
      if (!p.ok()) {
        problems.push_back(location + ": " + p.status().message());
        return;
      }
      Result<std::string> rendered =
          config::RenderPluginConfig(*config, node, owner, (*p)->config_schema);
      if (!rendered.ok()) problems.push_back(rendered.status().message());
    };
    for (size_t i = 0; i < config->connections.size(); ++i) {
      const auto& c = config->connections[i];
      Result<const plugin::Plugin*> p = plugin::FindPlugin(folders, c.plugin);
      if (!p.ok()) {
        problems.push_back(c.plugin_location + ": " + p.status().message());
        continue;
      }
      Result<std::string> rendered = RenderConnectionConfig(*config, i, **p);
      if (!rendered.ok()) problems.push_back(rendered.status().message());
    }
    for (size_t i = 0; i < config->scorers.size(); ++i) {
      const auto& s = config->scorers[i];
      check_plugin(s.plugin, s.plugin_location, s.config, "scorers[" + std::to_string(i) + "]");
    }
  }
  if (json) {
    JsonWriter w;
    w.BeginObject().Key("ok").Bool(problems.empty()).Key("errors").BeginArray();
    for (const auto& p : problems) w.String(log::Redact(p));
    w.EndArray().EndObject();
    std::cout << w.str() << "\n";
  } else if (problems.empty()) {
    std::cout << "config " << config->path << " is valid: " << config->connections.size()
              << " connection(s), " << config->scorers.size() << " scorer(s)\n";
  } else {
    for (const auto& p : problems) std::cerr << log::Redact(p) << "\n";
  }
  return problems.empty() ? kExitOk : kExitUsage;
}

int Check(const GlobalOptions& g, const std::string& name) {
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  Result<OpenedConnection> opened = OpenConnection(*config, name);
  if (!opened.ok()) return Fail(opened.status(), kExitUsage);
  Status s = opened->connector->Check();
  if (!s.ok()) return Fail(s, kExitRunFailed);
  std::cout << "connection '" << name << "' is OK\n";
  return kExitOk;
}

int Discover(const GlobalOptions& g, const std::string& name, bool json) {
  Result<config::Config> config = LoadConfigFor(g);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  Result<OpenedConnection> opened = OpenConnection(*config, name);
  if (!opened.ok()) return Fail(opened.status(), kExitUsage);
  Result<std::vector<plugin::StreamInfo>> streams = opened->connector->Discover();
  if (!streams.ok()) return Fail(streams.status(), kExitRunFailed);
  if (json) {
    JsonWriter w;
    w.BeginObject().Key("streams");
    WriteStreams(w, *streams);
    w.EndObject();
    std::cout << w.str() << "\n";
    return kExitOk;
  }
  std::printf("%-24s %-20s %-16s %-20s %s\n", "STREAM", "ENTITY", "PRIMARY KEY", "CURSOR", "MODES");
  for (const auto& s : *streams) {
    std::printf("%-24s %-20s %-16s %-20s %s\n", s.name.c_str(), s.entity.c_str(),
                s.primary_key.c_str(), s.cursor_field.empty() ? "-" : s.cursor_field.c_str(),
                ModesText(s.sync_modes).c_str());
  }
  return kExitOk;
}

}  // namespace tempo::cli

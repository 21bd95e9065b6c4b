// A kit step in its child process. See step.h.
#include "conformance/step.h"

#include <filesystem>
#include <iostream>
#include <optional>

#include "common/json_writer.h"
#include "common/log.h"
#include "config/config.h"
#include "config/json_schema.h"
#include "conformance/emit_log.h"
#include "conformance/recorder.h"
#include "conformance/replayer.h"
#include "conformance/store_view.h"
#include "http/curl_client.h"
#include "http/http_service.h"
#include "plugin/connector.h"
#include "plugin/loader.h"
#include "score/score_run.h"
#include "store/http_state_file.h"
#include "store/store.h"
#include "store/sync_store.h"
#include "sync/engine.h"

namespace tempo::conformance {
namespace {

namespace fs = std::filesystem;

int Print(JsonWriter& w) {
  std::cout << w.Take() << "\n";
  return 0;
}

int PrintError(std::string_view key, const Status& status) {
  JsonWriter w;
  w.BeginObject().Key(key).String(log::Redact(status.message())).EndObject();
  return Print(w);
}

bool IsPath(const std::string& plugin) {
  const bool so = plugin.size() > 3 && plugin.compare(plugin.size() - 3, 3, ".so") == 0;
  return so || plugin.find('/') != std::string::npos;
}

Result<const plugin::Plugin*> Load(const StepArgs& args) {
  if (IsPath(args.plugin)) return plugin::LoadPluginFile(fs::absolute(args.plugin).string());
  return plugin::FindPlugin(args.plugin_folders, args.plugin);
}

// The plugin's config file and the Config it is rendered against.
struct LoadedConfig {
  config::Config config;
  std::shared_ptr<const config::Node> node;
};

Result<LoadedConfig> LoadConfigFile(const StepArgs& args) {
  LoadedConfig loaded;
  Result<std::shared_ptr<const config::Node>> node =
      config::LoadPluginConfigFile(args.config, &loaded.config);
  if (!node.ok()) return node.status();
  loaded.node = *node;
  loaded.config.store_path = args.store;
  return loaded;
}

config::HttpSettings Settings(const StepArgs& args) {
  config::HttpSettings s;
  s.max_attempts = 5;
  if (args.http_mode == "replay") {
    // Faults are replayed: back off in milliseconds, and honor Retry-After a thousand times
    // faster (the host still parses and obeys it).
    s.initial_backoff_s = 0.001;
    s.max_backoff_s = 0.005;
    s.max_retry_wait_s = 30;
    s.retry_after_scale = 0.001;
  }
  return s;
}

Result<std::unique_ptr<plugin::HttpGateway>> Gateway(const StepArgs& args) {
  const config::HttpSettings settings = Settings(args);
  std::unique_ptr<http::HttpTransport> transport;
  if (args.http_mode == "replay") {
    std::vector<Exchange> exchanges;
    if (!args.exchanges.empty()) {
      Result<std::vector<Exchange>> read = ReadExchanges(args.exchanges);
      if (read.ok()) {
        exchanges = std::move(read).value();
      } else if (read.status().code() != StatusCode::kNotFound) {
        return read.status();
      }
    }
    std::optional<ReplayFault> fault;
    if (!args.fault.empty()) {
      const FaultScenario* scenario = FindFaultScenario(args.fault);
      if (scenario == nullptr || args.fault_at < 0 ||
          static_cast<size_t>(args.fault_at) >= exchanges.size()) {
        return Status::InvalidArgument("no fault scenario '" + args.fault + "' at exchange " +
                                       std::to_string(args.fault_at));
      }
      fault = ReplayFault{scenario, static_cast<size_t>(args.fault_at)};
    }
    transport = NewReplayTransport(std::move(exchanges), fault, args.unmatched);
  } else {
    transport = std::make_unique<http::CurlClient>(settings);
    if (!args.exchanges.empty()) {
      transport = NewRecordingTransport(std::move(transport), args.exchanges);
    }
  }
  std::shared_ptr<http::SharedState> state = args.http_state.empty()
                                                 ? http::NewProcessLocalState()
                                                 : store::NewHttpStateFile(args.http_state);
  return http::NewHttpService(kConnection, settings, std::move(state), std::move(transport));
}

void WriteStreams(JsonWriter& w, const std::vector<plugin::StreamInfo>& streams) {
  w.BeginArray();
  for (const plugin::StreamInfo& s : streams) {
    w.BeginObject();
    w.Key("name").String(s.name).Key("entity").String(s.entity);
    w.Key("primary_key").String(s.primary_key).Key("cursor_field").String(s.cursor_field);
    w.Key("sync_modes").Int(s.sync_modes).Key("owns").Int(s.owns);
    w.Key("owns_column").String(s.owns_column);
    w.EndObject();
  }
  w.EndArray();
}

int Describe(const StepArgs& args) {
  Result<const plugin::Plugin*> loaded = Load(args);
  if (!loaded.ok()) return PrintError("error", loaded.status());
  const plugin::Plugin& p = **loaded;
  JsonWriter w;
  w.BeginObject();
  w.Key("path").String(p.path).Key("name").String(p.name).Key("version").String(p.version);
  w.Key("kind").String(plugin::KindName(p.kind)).Key("description").String(p.description);
  w.Key("abi").String(std::to_string(p.abi_major) + "." + std::to_string(p.abi_minor));
  w.Key("config_schema").String(p.config_schema);
  w.Key("has_spec").Bool(plugin::HasSpec(p));
  Result<config::JsonSchema> schema = config::ParseJsonSchema(p.config_schema);
  if (!schema.ok()) {
    w.Key("schema_error").String(schema.status().message());
  } else {
    w.Key("schema_is_object").Bool(schema->types.empty() || schema->Allows("object"));
  }
  w.EndObject();
  return Print(w);
}

// An invalid variant of the config for `schema`: (description, key, new YAML value or none).
struct Mutation {
  std::string description, key;
  std::optional<std::string> value;
};

std::optional<Mutation> ChooseMutation(const config::JsonSchema& schema) {
  if (!schema.required.empty()) {
    const std::string& key = schema.required.front();
    return Mutation{"the config without its required key '" + key + "'", key, std::nullopt};
  }
  for (const config::JsonSchema::Property& p : schema.properties) {
    const config::JsonSchema& s = p.schema;
    if (s.types.size() != 1) continue;
    const std::string& type = s.types.front();
    if (type == "string") {
      return Mutation{"'" + p.name + "' set to a list instead of a string", p.name, "[1, 2]"};
    }
    if (type == "integer" || type == "number" || type == "boolean") {
      return Mutation{
          "'" + p.name + "' set to text instead of " + (type == "integer" ? "an " : "a ") + type,
          p.name, "not-a-" + type};
    }
  }
  if (schema.additional == config::JsonSchema::Additional::kForbid) {
    return Mutation{"the config with an unknown key 'tempo_kit_unknown_key'",
                    "tempo_kit_unknown_key", "1"};
  }
  return std::nullopt;
}

int InvalidConfig(const StepArgs& args) {
  Result<const plugin::Plugin*> loaded = Load(args);
  if (!loaded.ok()) return PrintError("error", loaded.status());
  Result<LoadedConfig> cfg = LoadConfigFile(args);
  if (!cfg.ok()) return PrintError("error", cfg.status());
  Result<config::JsonSchema> schema = config::ParseJsonSchema((*loaded)->config_schema);
  if (!schema.ok()) return PrintError("error", schema.status());
  std::optional<Mutation> mutation = ChooseMutation(*schema);
  JsonWriter w;
  w.BeginObject();
  if (!mutation) {
    w.Key("mutation").Null().EndObject();
    return Print(w);
  }
  w.Key("mutation").String(mutation->description).Key("key").String(mutation->key);
  auto node = config::WithConfigKey(cfg->node, mutation->key, mutation->value);
  Result<std::string> rendered =
      plugin::RenderConfigFor(cfg->config, node, "", kConnection, **loaded);
  if (!rendered.ok()) {
    w.Key("refused").Bool(true).Key("by").String("host");
    w.Key("message").String(log::Redact(rendered.status().message())).EndObject();
    return Print(w);
  }
  auto gateway = Gateway(StepArgs{});
  Result<std::unique_ptr<plugin::Connector>> opened = plugin::Connector::Open(
      **loaded, kConnection, *rendered, gateway.ok() ? gateway->get() : nullptr);
  w.Key("refused").Bool(!opened.ok()).Key("by").String("plugin");
  if (!opened.ok()) w.Key("message").String(log::Redact(opened.status().message()));
  w.EndObject();
  return Print(w);
}

// Loads, renders and opens: the connector and what its run needs to outlive it.
struct Opened {
  const plugin::Plugin* plugin = nullptr;
  LoadedConfig config;
  std::string effective_schema;
  std::vector<plugin::StreamInfo> spec_streams;
  bool has_spec = false;
  std::unique_ptr<plugin::HttpGateway> http;
  std::unique_ptr<plugin::Connector> connector;
};

// On failure, prints the error under `key` ("load_error", "render_error", "open_error").
std::optional<Opened> Open(const StepArgs& args) {
  Opened o;
  Result<const plugin::Plugin*> loaded = Load(args);
  if (!loaded.ok()) {
    PrintError("load_error", loaded.status());
    return std::nullopt;
  }
  o.plugin = *loaded;
  Result<LoadedConfig> cfg = LoadConfigFile(args);
  if (!cfg.ok()) {
    PrintError("render_error", cfg.status());
    return std::nullopt;
  }
  o.config = std::move(cfg).value();
  Result<std::string> rendered =
      plugin::RenderConfigFor(o.config.config, o.config.node, "", kConnection, *o.plugin);
  if (!rendered.ok()) {
    PrintError("render_error", rendered.status());
    return std::nullopt;
  }
  o.effective_schema = o.plugin->config_schema;
  if (plugin::HasSpec(*o.plugin)) {
    Result<std::string> selection =
        config::RenderPluginConfig(o.config.config, o.config.node, "", o.plugin->config_schema);
    Result<plugin::ConnectorSpec> spec = selection.ok()
                                             ? plugin::SpecFor(*o.plugin, kConnection, *selection)
                                             : Result<plugin::ConnectorSpec>(selection.status());
    if (spec.ok()) {
      o.has_spec = true;
      o.effective_schema = spec->config_schema;
      o.spec_streams = spec->streams;
    }
  }
  Result<std::unique_ptr<plugin::HttpGateway>> gateway = Gateway(args);
  if (!gateway.ok()) {
    PrintError("open_error", gateway.status());
    return std::nullopt;
  }
  o.http = std::move(gateway).value();
  Result<std::unique_ptr<plugin::Connector>> connector =
      plugin::Connector::Open(*o.plugin, kConnection, *rendered, o.http.get());
  if (!connector.ok()) {
    PrintError("open_error", connector.status());
    return std::nullopt;
  }
  o.connector = std::move(connector).value();
  return o;
}

int Check(const StepArgs& args) {
  std::optional<Opened> o = Open(args);
  if (!o) return 0;
  JsonWriter w;
  w.BeginObject();
  w.Key("config_schema").String(o->effective_schema);
  Status checked = o->connector->Check();
  if (!checked.ok()) w.Key("check_error").String(log::Redact(checked.message()));
  Result<std::vector<plugin::StreamInfo>> streams = o->connector->Discover();
  if (!streams.ok()) {
    w.Key("discover_error").String(log::Redact(streams.status().message()));
  } else {
    w.Key("streams");
    WriteStreams(w, *streams);
  }
  if (o->has_spec) {
    w.Key("spec_streams");
    WriteStreams(w, o->spec_streams);
  }
  w.EndObject();
  return Print(w);
}

int Read(const StepArgs& args) {
  std::optional<Opened> o = Open(args);
  if (!o) return 0;
  Result<std::unique_ptr<store::Db>> db = store::OpenStore(args.store);
  if (!db.ok()) return PrintError("store_error", db.status());
  store::SyncStore store(**db, kConnection, true);
  std::unique_ptr<sync::Destination> destination =
      NewKitDestination(store, args.emit_log, args.kill_after_commit);
  sync::SyncOptions options;
  options.connection = kConnection;
  options.full_refresh = args.full_refresh;
  // A commit at every checkpoint: each one is a point the kill loop can stop at.
  options.commit_records = 1;
  options.commit_interval = std::chrono::milliseconds(0);
  Result<sync::SyncResult> result = sync::RunSync(*o->connector, *destination, options);
  if (!result.ok()) return PrintError("store_error", result.status());
  const sync::RunSummary& sum = result->summary;
  JsonWriter w;
  w.BeginObject();
  w.Key("status").String(sum.status).Key("error").String(sum.error);
  w.Key("records").Int(sum.records).Key("rejects").Int(sum.rejects);
  w.Key("commits").Int(sum.commits).Key("requests").Int(sum.requests);
  w.Key("retries").Int(sum.retries);
  w.Key("streams").Raw(sum.streams_json);
  w.Key("reject_samples").Raw(sum.reject_samples_json);
  w.EndObject();
  return Print(w);
}

int Score(const StepArgs& args) {
  Result<const plugin::Plugin*> loaded = Load(args);
  if (!loaded.ok()) return PrintError("load_error", loaded.status());
  Result<LoadedConfig> cfg = LoadConfigFile(args);
  if (!cfg.ok()) return PrintError("render_error", cfg.status());
  if (Result<std::unique_ptr<store::Db>> db = store::OpenStore(args.store); !db.ok()) {
    return PrintError("store_error", db.status());
  }
  config::Config config = cfg->config;
  config::ScorerConfig scorer;
  scorer.name = kConnection;
  scorer.plugin = (*loaded)->name;
  scorer.config = cfg->node;
  scorer.location = scorer.plugin_location = args.config;
  config.scorers = {scorer};
  const std::vector<std::string> folders = {fs::path((*loaded)->path).parent_path().string()};
  config.plugin_paths = folders;
  score::ScoreOptions options;
  options.scorer = kConnection;
  Result<score::ScoreResult> result = score::RunScore(config, folders, options);
  if (!result.ok()) return PrintError("score_error", result.status());
  JsonWriter w;
  w.BeginObject().Key("run_id").Int(result->run_id);
  w.Key("metrics").Int(static_cast<int64_t>(result->metrics.size())).EndObject();
  return Print(w);
}

}  // namespace

int RunStep(const StepArgs& args) {
  if (args.action == "describe") return Describe(args);
  if (args.action == "invalid-config") return InvalidConfig(args);
  if (args.action == "check") return Check(args);
  if (args.action == "read") return Read(args);
  if (args.action == "score") return Score(args);
  std::cerr << "tempo __kit-step: unknown action '" << args.action << "'\n";
  return 2;
}

}  // namespace tempo::conformance

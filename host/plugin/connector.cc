// Connector: calls into a connector plugin's function table.
#include "plugin/connector.h"

namespace tempo::plugin {
namespace {

std::string CString(const char* s) { return s ? s : ""; }

// The streams of `catalog` in host memory; `what` names the call for messages.
Result<std::vector<StreamInfo>> CopyCatalog(const tempo_catalog* catalog, const std::string& what) {
  if (catalog == nullptr || catalog->struct_size < TEMPO_SIZE_THROUGH(tempo_catalog, streams)) {
    return Status::Plugin(what + " failed: plugin returned no catalog");
  }
  std::vector<StreamInfo> streams;
  if (catalog->stream_count == 0) return streams;
  const auto* base = reinterpret_cast<const char*>(catalog->streams);
  uint32_t stride = catalog->streams[0].struct_size;
  if (stride < TEMPO_SIZE_THROUGH(tempo_stream_info, description)) {
    return Status::Plugin(what + " failed: stream info struct too small; rebuild the plugin");
  }
  for (uint32_t i = 0; i < catalog->stream_count; ++i) {
    const auto* s = reinterpret_cast<const tempo_stream_info*>(base + size_t{i} * stride);
    StreamInfo info;
    info.name = CString(s->name);
    info.entity = CString(s->entity);
    info.primary_key = CString(s->primary_key);
    info.cursor_field = CString(s->cursor_field);
    info.description = CString(s->description);
    info.sync_modes = s->sync_modes;
    if (info.name.empty() || info.entity.empty()) {
      return Status::Plugin(what + " failed: stream " + std::to_string(i) +
                            " has no name or entity");
    }
    if (stride >= TEMPO_SIZE_THROUGH(tempo_stream_info, owns_value) && s->owns != TEMPO_OWNS_ALL) {
      if (s->owns > TEMPO_OWNS_NOT_PREFIX || s->owns_column == nullptr ||
          s->owns_value == nullptr || *s->owns_column == '\0') {
        return Status::Plugin(what + " failed: stream '" + info.name +
                              "' declares which rows it owns without a known kind, a column and "
                              "a value; fix the plugin's catalog");
      }
      info.owns = static_cast<int32_t>(s->owns);
      info.owns_column = s->owns_column;
      info.owns_value = s->owns_value;
    }
    streams.push_back(std::move(info));
  }
  return streams;
}

}  // namespace

bool HasSpec(const Plugin& plugin) {
  return plugin.connector != nullptr &&
         plugin.connector->struct_size >= TEMPO_SIZE_THROUGH(tempo_connector_api, spec) &&
         plugin.connector->spec != nullptr;
}

Result<ConnectorSpec> SpecFor(const Plugin& plugin, std::string_view label,
                              std::string_view config_json) {
  const std::string what = "checking the config of connection '" + std::string(label) + "'";
  if (!HasSpec(plugin)) {
    return Status::Internal(what + ": plugin '" + plugin.name + "' has no spec()");
  }
  tempo_ctx ctx;
  ctx.plugin_name = plugin.name;
  ctx.connection = std::string(label);
  const tempo_connector_spec* spec = nullptr;
  tempo_status rc = plugin.connector->spec(&ctx, config_json.data(), config_json.size(), &spec);
  if (rc != TEMPO_OK) return CallResult(ctx, rc, what);
  if (spec == nullptr || spec->struct_size < TEMPO_SIZE_THROUGH(tempo_connector_spec, catalog) ||
      spec->config_schema == nullptr) {
    return Status::Plugin(what + ": plugin '" + plugin.name +
                          "' returned no spec or no config schema; fix the plugin");
  }
  ConnectorSpec out;
  out.config_schema = spec->config_schema;
  out.description = CString(spec->description);
  if (spec->catalog != nullptr) {
    Result<std::vector<StreamInfo>> streams = CopyCatalog(spec->catalog, what);
    if (!streams.ok()) return streams.status();
    out.streams = std::move(streams).value();
  }
  return out;
}

Result<std::string> RenderConfigFor(const config::Config& config,
                                    const std::shared_ptr<const config::Node>& node,
                                    std::string_view owner_name, std::string_view label,
                                    const Plugin& plugin,
                                    std::optional<std::vector<StreamInfo>>* spec_streams) {
  const std::string owner(owner_name);
  Result<std::string> selection =
      config::RenderPluginConfig(config, node, owner, plugin.config_schema);
  if (!selection.ok() || !HasSpec(plugin)) return selection;
  Result<ConnectorSpec> spec = SpecFor(plugin, label, *selection);
  if (!spec.ok()) {
    return Status(spec.status().code(), config::ConfigLocation(config, node) + ": " +
                                            (owner.empty() ? "config" : owner + ".config") + ": " +
                                            spec.status().message());
  }
  if (spec_streams != nullptr) *spec_streams = spec->streams;
  return config::RenderPluginConfig(config, node, owner, spec->config_schema);
}

tempo_ctx Connector::NewContext() const {
  tempo_ctx ctx;
  ctx.plugin_name = plugin_.name;
  ctx.connection = label_;
  ctx.http = http_;
  return ctx;
}

Result<std::unique_ptr<Connector>> Connector::Open(const Plugin& plugin, std::string_view label,
                                                   std::string_view config_json,
                                                   HttpGateway* http) {
  if (plugin.connector == nullptr) {
    return Status::InvalidArgument("plugin '" + plugin.name + "' is a " + KindName(plugin.kind) +
                                   ", not a connector");
  }
  tempo_ctx ctx;
  ctx.plugin_name = plugin.name;
  ctx.connection = std::string(label);
  ctx.http = http;
  tempo_instance* instance = nullptr;
  tempo_status rc = plugin.connector->open(&ctx, config_json.data(), config_json.size(), &instance);
  std::string what = "opening connection '" + std::string(label) + "'";
  if (rc != TEMPO_OK) return CallResult(ctx, rc, what);
  if (instance == nullptr) {
    return Status::Plugin(what + " failed: plugin '" + plugin.name + "' returned no instance");
  }
  return std::unique_ptr<Connector>(new Connector(plugin, std::string(label), instance, http));
}

Connector::~Connector() { plugin_.connector->close(instance_); }

Status Connector::Check() {
  tempo_ctx ctx = NewContext();
  tempo_status rc = plugin_.connector->check(&ctx, instance_);
  return CallResult(ctx, rc, "check of connection '" + label_ + "'");
}

Result<std::vector<StreamInfo>> Connector::Discover() {
  tempo_ctx ctx = NewContext();
  const tempo_catalog* catalog = nullptr;
  tempo_status rc = plugin_.connector->discover(&ctx, instance_, &catalog);
  std::string what = "discover of connection '" + label_ + "'";
  if (rc != TEMPO_OK) return CallResult(ctx, rc, what);
  return CopyCatalog(catalog, what);
}

Status Connector::Read(std::string_view stream, int32_t sync_mode, std::string_view state,
                       ReadSink& sink, const std::atomic<bool>* cancel) {
  tempo_ctx ctx = NewContext();
  ctx.stream = std::string(stream);
  ctx.sink = &sink;
  ctx.cancel = cancel;
  tempo_status rc = plugin_.connector->read(&ctx, instance_, stream.data(), stream.size(),
                                            sync_mode, state.data(), state.size());
  return CallResult(ctx, rc,
                    "read of stream '" + std::string(stream) + "' of connection '" + label_ + "'");
}

bool Connector::CanRemap() const {
  const tempo_connector_api* api = plugin_.connector;
  return api->struct_size >= TEMPO_SIZE_THROUGH(tempo_connector_api, remap) &&
         api->remap != nullptr;
}

Status Connector::Remap(std::string_view stream, std::string_view raw_record, ReadSink& sink) {
  if (!CanRemap()) {
    return Status::InvalidArgument("plugin '" + plugin_.name + "' cannot map records again");
  }
  tempo_ctx ctx = NewContext();
  ctx.stream = std::string(stream);
  ctx.sink = &sink;
  tempo_status rc = plugin_.connector->remap(&ctx, instance_, stream.data(), stream.size(),
                                             raw_record.data(), raw_record.size());
  return CallResult(ctx, rc,
                    "mapping a kept record of stream '" + std::string(stream) +
                        "' of connection '" + label_ + "' again");
}

}  // namespace tempo::plugin

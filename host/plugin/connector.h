// Connector: the host's C++ face of one open connector instance (one connection).
//
// Wraps open/check/discover/read/close of a loaded plugin, turning return codes and set_error
// messages into Status values and copying the catalog into host memory. Not thread-safe: one
// instance is used by one thread at a time, as the ABI requires.
#ifndef TEMPO_HOST_PLUGIN_CONNECTOR_H_
#define TEMPO_HOST_PLUGIN_CONNECTOR_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "config/config.h"
#include "plugin/host_api.h"
#include "plugin/loader.h"

namespace tempo::plugin {

struct StreamInfo {
  std::string name;
  std::string entity;
  std::string primary_key;
  std::string cursor_field;
  std::string description;
  uint32_t sync_modes = 0;  // TEMPO_SYNC_* bits
  // The rows of `entity` the stream owns (ABI 1.4; TEMPO_OWNS_ALL from an older plugin).
  int32_t owns = TEMPO_OWNS_ALL;
  std::string owns_column = {}, owns_value = {};
};

// What a connector whose config keys depend on its config offers for one config (ABI 1.5,
// tempo_connector_spec), copied into host memory.
struct ConnectorSpec {
  std::string config_schema;  // the JSON Schema of the whole config
  std::string description;
  std::vector<StreamInfo> streams;
};

// True when `plugin` is a connector that derives its config schema from its config (its
// function table has spec(), ABI 1.5).
bool HasSpec(const Plugin& plugin);

// Asks `plugin` (HasSpec) what it offers for `config_json`, the connection's config rendered
// against the descriptor's schema; `label` names the connection in messages. No network I/O.
Result<ConnectorSpec> SpecFor(const Plugin& plugin, std::string_view label,
                              std::string_view config_json);

// The plugin `config:` mapping `node` of `config` rendered as `plugin`'s open() receives it:
// checked against the descriptor's schema, or, for a plugin whose keys depend on its config
// (HasSpec), against the schema spec() gives for that selection (the `rest` connector's
// manifest). `owner` starts the key paths of messages ("connections[2]" gives
// "connections[2].config.api_key"); `label` names the connection for spec(). Errors name
// file:line:column (and the plugin's own locations, such as a manifest's). When the plugin has
// spec() and `spec_streams` is given, it gets the streams spec() says this config offers.
Result<std::string> RenderConfigFor(const config::Config& config,
                                    const std::shared_ptr<const config::Node>& node,
                                    std::string_view owner, std::string_view label,
                                    const Plugin& plugin,
                                    std::optional<std::vector<StreamInfo>>* spec_streams = nullptr);

class Connector {
 public:
  // Opens an instance of `plugin` (a connector) with its rendered config JSON. `label` names
  // the connection in messages.
  // `http` (may be null: no HTTP) serves the plugin's HTTP calls and must outlive the
  // connector.
  static Result<std::unique_ptr<Connector>> Open(const Plugin& plugin, std::string_view label,
                                                 std::string_view config_json,
                                                 HttpGateway* http = nullptr);
  ~Connector();
  Connector(const Connector&) = delete;
  Connector& operator=(const Connector&) = delete;

  Status Check();
  Result<std::vector<StreamInfo>> Discover();
  // Reads one stream; the plugin's emits and checkpoints go to `sink`.
  Status Read(std::string_view stream, int32_t sync_mode, std::string_view state, ReadSink& sink,
              const std::atomic<bool>* cancel);

  // Whether the plugin can map a kept source record again (ABI 1.6 remap).
  bool CanRemap() const;
  // Maps `raw_record` of `stream` again through the instance's current config: the records and
  // rejects it yields go to `sink` (which must refuse checkpoints). NotFound when the config
  // has no such stream.
  Status Remap(std::string_view stream, std::string_view raw_record, ReadSink& sink);

  const Plugin& plugin() const { return plugin_; }
  // The gateway serving this connection's HTTP calls, or null when it has none.
  const HttpGateway* http() const { return http_; }

 private:
  Connector(const Plugin& plugin, std::string label, tempo_instance* instance, HttpGateway* http)
      : plugin_(plugin), label_(std::move(label)), instance_(instance), http_(http) {}
  tempo_ctx NewContext() const;

  const Plugin& plugin_;
  std::string label_;
  tempo_instance* instance_;
  HttpGateway* http_;
};

}  // namespace tempo::plugin

#endif  // TEMPO_HOST_PLUGIN_CONNECTOR_H_

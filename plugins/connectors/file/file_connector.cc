// The `file` connector: reads CSV and JSON Lines files into canonical entities, one stream per
// configured file or folder. This file is the plugin's face: the Connector class the SDK calls
// and the export macro. The work is in stream_reader.cc; README.md explains it for admins.
//
// It is also the reference plugin for authors: a connector is a class with a static Open() and
// Check / Discover / Read, exported with TEMPO_CONNECTOR_PLUGIN; its config schema lives next to
// the code that reads it (config_schema.h, stream_config.cc).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config_schema.h"
#include "remap.h"
#include "stream_config.h"
#include "stream_reader.h"
#include "tempo/catalog.hpp"
#include "tempo/plugin.hpp"

namespace tempo::file {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time. The streams
// come from the config: the catalog (tempo/catalog.hpp) is built from them.
class FileConnector : public sdk::CatalogConnector<FileConnector> {
 public:
  explicit FileConnector(std::vector<StreamConfig> streams)
      : CatalogConnector({}), streams_(std::move(streams)) {
    std::vector<Stream> catalog;
    for (const StreamConfig& stream : streams_) {
      // Every stream can read incrementally: by mtime always, by cursor only with updated_at,
      // which ParseConfig() requires for incremental: cursor.
      catalog.push_back({stream.name, stream.entity, stream.id_column, stream.updated_at_column,
                         "Rows of " + stream.path + " as " + stream.entity + " records",
                         TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
                         &FileConnector::ReadFile});
    }
    SetStreams(std::move(catalog));
  }

  // Parses the config; touches no file (check() does).
  static Status Open(Context& /*ctx*/, std::string_view config_json,
                     std::unique_ptr<FileConnector>* out) {
    std::vector<StreamConfig> streams;
    Status s = ParseConfig(config_json, &streams);
    if (!s.ok()) return s;
    *out = std::make_unique<FileConnector>(std::move(streams));
    return Status::Ok();
  }

  // ABI 1.5: the streams this config configures, so `tempo config check` can check a
  // connection's `streams:` selection against them (and ParseConfig's own checks run there too)
  // without opening anything. The keys are the descriptor's schema.
  static Status Spec(Context& ctx, std::string_view config_json, sdk::ConnectorSpec* out) {
    std::unique_ptr<FileConnector> connector;
    if (Status s = Open(ctx, config_json, &connector); !s.ok()) return s;
    out->config_schema = kConfigSchema;
    return connector->Discover(ctx, &out->streams);
  }

  Status Check(Context& ctx) override {
    for (const StreamConfig& stream : streams_) {
      Status s = CheckStream(ctx, stream);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  // A kept reject mapped again through the current config (remap.h): no file is read.
  Status Remap(Context& ctx, const sdk::RemapRequest& request) override {
    for (const StreamConfig& config : streams_) {
      if (config.name == request.stream) return RemapRow(ctx, config, request.raw_record);
    }
    std::string names;
    for (const StreamConfig& config : streams_) names += (names.empty() ? "" : ", ") + config.name;
    return Status::NotFound("the config has no stream '" + std::string(request.stream) +
                            "' (it has " + names +
                            "); a reject of a renamed stream cannot be "
                            "replayed: re-read it with tempo sync --full-refresh");
  }

 private:
  Status ReadFile(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    for (const StreamConfig& config : streams_) {
      if (config.name == stream.name) {
        return ReadStream(ctx, config, request.sync_mode, request.state);
      }
    }
    return Status::Internal("no file stream '" + stream.name + "'");
  }

  std::vector<StreamConfig> streams_;
};

}  // namespace tempo::file

TEMPO_CONNECTOR_PLUGIN(tempo::file::FileConnector, "file", "0.1.0",
                       "Reads CSV and JSON Lines files into canonical entities",
                       tempo::file::kConfigSchema)

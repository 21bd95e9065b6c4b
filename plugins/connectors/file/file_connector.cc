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
#include "stream_config.h"
#include "stream_reader.h"
#include "tempo/plugin.hpp"

namespace tempo::file {

using sdk::Context;
using sdk::Status;

// One instance serves one connection; the host calls it from one thread at a time.
class FileConnector : public sdk::Connector {
 public:
  explicit FileConnector(std::vector<StreamConfig> streams) : streams_(std::move(streams)) {}

  // Parses the config; touches no file (check() does).
  static Status Open(Context& /*ctx*/, std::string_view config_json,
                     std::unique_ptr<FileConnector>* out) {
    std::vector<StreamConfig> streams;
    Status s = ParseConfig(config_json, &streams);
    if (!s.ok()) return s;
    *out = std::make_unique<FileConnector>(std::move(streams));
    return Status::Ok();
  }

  Status Check(Context& ctx) override {
    for (const StreamConfig& stream : streams_) {
      Status s = CheckStream(ctx, stream);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

  Status Discover(Context& /*ctx*/, std::vector<sdk::StreamInfo>* streams) override {
    for (const StreamConfig& stream : streams_) {
      sdk::StreamInfo info;
      info.name = stream.name;
      info.entity = stream.entity;
      info.primary_key = stream.id_column;
      info.cursor_field = stream.updated_at_column;
      info.description = "Rows of " + stream.path + " as " + stream.entity + " records";
      // Every stream can read incrementally: by mtime always, by cursor only with updated_at,
      // which ParseConfig() requires for incremental: cursor.
      info.sync_modes = TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL;
      streams->push_back(std::move(info));
    }
    return Status::Ok();
  }

  Status Read(Context& ctx, const sdk::ReadRequest& request) override {
    for (const StreamConfig& stream : streams_) {
      if (stream.name == request.stream) {
        return ReadStream(ctx, stream, request.sync_mode, request.state);
      }
    }
    return Status::NotFound("no stream '" + std::string(request.stream) +
                            "' in this connection; run discover to list the streams");
  }

 private:
  std::vector<StreamConfig> streams_;
};

}  // namespace tempo::file

TEMPO_CONNECTOR_PLUGIN(tempo::file::FileConnector, "file", "0.1.0",
                       "Reads CSV and JSON Lines files into canonical entities",
                       tempo::file::kConfigSchema)

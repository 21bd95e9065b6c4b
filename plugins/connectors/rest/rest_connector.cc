// The `rest` connector: any plain REST API a YAML manifest describes, without C++. This file
// is the plugin's face: open (the manifest, the connection's config, the HTTP identity), spec
// (ABI 1.5: the config keys and streams of the manifest a config names, so the host checks and
// redacts a manifest's own keys), check, and the catalog of the manifest's streams. The work
// is in manifest_loader.cc (the format, checked with file:line:column errors), reader.cc (pages,
// checkpoints), paging.cc (the paging styles as pure functions), mapping.cc (records to rows),
// auth.cc, connection_config.cc and state.cc. README.md documents the manifest format.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth.h"
#include "connection_config.h"
#include "manifest.h"
#include "manifest_source.h"
#include "reader.h"
#include "tempo/catalog.hpp"
#include "tempo/plugin.hpp"

namespace tempo::rest {

using sdk::Context;
using sdk::Status;

namespace {

std::string_view PagingName(PagingKind kind) {
  switch (kind) {
    case PagingKind::kCursor:
      return "cursor";
    case PagingKind::kNextLink:
      return "next_link";
    case PagingKind::kLinkHeader:
      return "link_header";
    case PagingKind::kOffset:
      return "offset";
    case PagingKind::kPage:
      return "page";
    case PagingKind::kAfterKey:
      return "after_key";
    case PagingKind::kNone:
      break;
  }
  return "none";
}

std::string_view TimeFormatName(TimeFormat f) {
  return f == TimeFormat::kEpochMillis    ? "epoch_ms"
         : f == TimeFormat::kEpochSeconds ? "epoch_s"
                                          : "iso8601";
}

// One line for `tempo discover` and `tempo plugins inspect`: the request, paging,
// incremental parameter and the other entities the stream writes.
std::string Describe(const StreamSpec& s) {
  std::string text = s.description.empty() ? "" : s.description + ". ";
  text += "GET " + s.path + "; paging " + std::string(PagingName(s.paging.kind));
  if (!s.paging.param.empty()) text += " (" + s.paging.param + ")";
  if (s.incremental) {
    text += "; incremental: " + s.incremental->param + " (" +
            std::string(TimeFormatName(s.incremental->param_format)) + ") on " +
            s.incremental->field.text;
  }
  for (size_t i = 1; i < s.emit.size(); ++i) text += "; also " + s.emit[i].entity;
  return text;
}

sdk::StreamInfo InfoOf(const StreamSpec& s) {
  sdk::StreamInfo info;
  info.name = s.name;
  info.entity = s.emit.empty() ? "" : s.emit.front().entity;
  info.primary_key = s.primary_key.text;
  info.cursor_field = s.incremental ? s.incremental->field.text : "";
  info.description = Describe(s);
  info.sync_modes = TEMPO_SYNC_FULL_REFRESH | (s.incremental ? TEMPO_SYNC_INCREMENTAL : 0);
  return info;
}

}  // namespace

// One instance serves one connection; the host calls it from one thread at a time.
class RestConnector : public sdk::CatalogConnector<RestConnector> {
 public:
  RestConnector(Manifest manifest, ConnectionConfig config)
      : CatalogConnector({}),
        manifest_(std::move(manifest)),
        config_(std::move(config)),
        reader_(manifest_, config_, identity_) {
    std::vector<Stream> streams;
    for (const StreamSpec& s : manifest_.streams) {
      const sdk::StreamInfo info = InfoOf(s);
      streams.push_back({info.name, info.entity, info.primary_key, info.cursor_field,
                         info.description, info.sync_modes, &RestConnector::ReadStream});
    }
    SetStreams(std::move(streams));
  }

  // Loads the manifest, reads the config against it and sets the connection's HTTP identity;
  // sends no request (check does).
  static Status Open(Context& ctx, std::string_view config_json,
                     std::unique_ptr<RestConnector>* out) {
    std::string selection;
    if (Status s = ReadSelection(config_json, &selection); !s.ok()) return s;
    Manifest manifest;
    if (Status s = LoadNamedManifest(selection, &manifest); !s.ok()) return s;
    ConnectionConfig config;
    if (Status s = ReadConnectionConfig(config_json, manifest, &config); !s.ok()) return s;
    auto connector = std::make_unique<RestConnector>(std::move(manifest), std::move(config));
    // The identity's strings live in the connector, where the reader finds them too.
    if (Status s = IdentityFor(connector->manifest_, connector->config_, &connector->identity_);
        !s.ok()) {
      return s;
    }
    if (Status s = ctx.HttpConfigure(connector->identity_.config); !s.ok()) return s;
    *out = std::move(connector);
    return Status::Ok();
  }

  // ABI 1.5: the config keys and streams of the manifest `config_json` names.
  static Status Spec(Context&, std::string_view config_json, sdk::ConnectorSpec* out) {
    std::string selection;
    if (Status s = ReadSelection(config_json, &selection); !s.ok()) return s;
    Manifest manifest;
    if (Status s = LoadNamedManifest(selection, &manifest); !s.ok()) return s;
    out->config_schema = ConnectionSchema(manifest);
    out->description =
        (manifest.title.empty() ? manifest.name : manifest.title) + ": " + manifest.description;
    for (const StreamSpec& s : manifest.streams) out->streams.push_back(InfoOf(s));
    return Status::Ok();
  }

  Status Check(Context& ctx) override { return reader_.Check(ctx); }

 private:
  Status ReadStream(Context& ctx, const Stream& stream, const sdk::ReadRequest& request) {
    for (const StreamSpec& s : manifest_.streams) {
      if (s.name == stream.name) return reader_.Read(ctx, s, request);
    }
    return Status::NotFound("no stream '" + stream.name + "' in manifest " + manifest_.name);
  }

  Manifest manifest_;
  ConnectionConfig config_;
  HttpIdentity identity_;  // the strings the host's identity was configured from
  Reader reader_;
};

}  // namespace tempo::rest

TEMPO_CONNECTOR_PLUGIN(tempo::rest::RestConnector, "rest", "0.1.0",
                       "Reads a plain REST API a YAML manifest describes (shipped: partnerstack, "
                       "impartner)",
                       tempo::rest::SelectionSchema())

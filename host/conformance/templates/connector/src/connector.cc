// myplugin's connector: config, the one stream, and the export. See connector.h.
#include "connector.h"

#include <algorithm>
#include <string>

#include "dataset.h"
#include "tempo/cursor.hpp"
#include "tempo/model.h"
#include "tempo/state.hpp"
#include "tempo/time.hpp"

namespace myplugin_connector {

using tempo::sdk::Context;
using tempo::sdk::Keyset;
using tempo::sdk::ReadRequest;
using tempo::sdk::RecordBatch;
using tempo::sdk::StateReader;
using tempo::sdk::StateWriter;
using tempo::sdk::Status;
namespace model = tempo::model;

const tempo::sdk::ConfigMap<Config>& Keys() {
  static const auto* keys = [] {
    auto* k = new tempo::sdk::ConfigMap<Config>();
    k->Integer("page_size", &Config::page_size)
        .Default(100)
        .Range(1, 1000)
        .Describe("Partners per page: the read checkpoints after each page.");
    return k;
  }();
  return *keys;
}

Connector::Connector(Config config)
    : CatalogConnector(
          {{"partners", std::string(model::kPartner), "id", "updated_at",
            "The partners of the example source", TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL,
            &Connector::ReadPartners}}),
      config_(config) {}

Status Connector::Open(Context& /*ctx*/, std::string_view config_json,
                       std::unique_ptr<Connector>* out) {
  Config c;
  if (Status s = Keys().Read(config_json, &c); !s.ok()) return s;
  *out = std::make_unique<Connector>(c);
  return Status::Ok();
}

Status Connector::Check(Context& ctx) {
  // A real source: one cheap authenticated request (see the plugin guide's REST example).
  ctx.Info("the example source has " + std::to_string(Partners().size()) + " partners");
  return Status::Ok();
}

// State, version 1: {"version":1,"cursor_ms":C} after a complete read (-1: none yet); while a
// read is unfinished also "next" (the index of the next row) and "started_ms" and
// "newest_ms" (where the read began, what it has seen), so a killed read resumes at its page.
Status Connector::ReadPartners(Context& ctx, const Stream& stream, const ReadRequest& request) {
  StateReader state;
  int64_t cursor = -1, next = 0, started = tempo::sdk::ReadStart(), newest = -1;
  Status s = StateReader::Parse(request.state, 1, 1, "stream 'partners'", &state);
  for (auto [key, value] : {std::pair{"cursor_ms", &cursor},
                            {"next", &next},
                            {"started_ms", &started},
                            {"newest_ms", &newest}}) {
    if (s.ok()) s = state.Get(key, value);
  }
  if (!s.ok()) return s;
  const bool resuming = state.Has("next");
  if (request.sync_mode == TEMPO_SYNC_FULL_REFRESH && !resuming) cursor = -1;

  const std::vector<PartnerRow>& rows = Partners();
  RecordBatch batch(ctx);
  for (;;) {
    const size_t end = std::min(rows.size(), static_cast<size_t>(next + config_.page_size));
    for (size_t i = static_cast<size_t>(next); i < end; ++i) {
      const PartnerRow& row = rows[i];
      const std::optional<int64_t> ms = tempo::sdk::ParseIsoMs(row.updated_at);
      if (!ms) {
        ctx.Reject("partners row " + std::to_string(i) + ": updated_at is not ISO-8601");
        continue;
      }
      if (*ms < cursor) continue;  // inclusive: the cursor's own instant is read again
      batch.Begin(stream.entity, row.id)
          .UpdatedAt(row.updated_at)
          .Str(model::partner::kName, row.name)
          .Str(model::partner::kDomain, row.website)
          .Str(model::partner::kPartnerType, row.type);
      newest = std::max(newest, *ms);
    }
    next = static_cast<int64_t>(end);
    if (Status e = batch.Flush(); !e.ok()) return e;
    StateWriter w(1);
    const bool more = static_cast<size_t>(next) < rows.size();
    if (more) {
      w.Int("cursor_ms", cursor).Int("next", next).Int("started_ms", started);
      w.Int("newest_ms", newest);
    } else {
      // Rows come in updated_at order: hand on the newest one read, never past the start.
      const Keyset handed = tempo::sdk::HandOverFromOrdered(Keyset{newest, ""}, started);
      w.Int("cursor_ms", handed.empty() ? cursor : handed.ms);
    }
    if (Status e = ctx.Checkpoint(stream.name, w.Take()); !e.ok() || !more) return e;
    if (ctx.Cancelled()) return Status::Cancelled("cancelled by the host");
  }
}

}  // namespace myplugin_connector

TEMPO_CONNECTOR_PLUGIN(myplugin_connector::Connector, "myplugin", "0.1.0",
                       "Partners of the example source (a tempo plugin new scaffold)",
                       myplugin_connector::Keys().SchemaText())

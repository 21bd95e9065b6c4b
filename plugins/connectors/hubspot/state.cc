// StreamState <-> versioned JSON (tempo/state.hpp).
#include "state.h"

#include <utility>

#include "tempo/state.hpp"

namespace tempo::hubspot {

using sdk::Status;

std::string EncodeState(const StreamState& s) {
  sdk::StateWriter w(kStateVersion);
  w.Int("cursor_ms", s.cursor_ms).Str("cursor_id", s.cursor_id);
  if (s.run) {
    const RunState& r = *s.run;
    w.BeginObject("run")
        .Bool("incremental", r.incremental)
        .Str("phase", r.phase)
        .Str("after", r.after)
        .Int("anchor_ms", r.anchor_ms)
        .Str("anchor_id", r.anchor_id)
        .Bool("tie", r.tie)
        .Int("offset", r.offset)
        .Int("max_ms", r.max.ms)
        .Str("max_id", r.max.id)
        .Int("page", r.page)
        .Int("started_ms", r.started_ms)
        .EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, std::string_view stream, StreamState* out) {
  *out = StreamState();
  sdk::StateReader state;
  const std::string what = "HubSpot stream '" + std::string(stream) + "'";
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 0, what, &state); !s.ok()) return s;
  if (state.fresh()) return Status::Ok();
  std::optional<sdk::StateReader> run;
  Status s;
  if ((s = state.Get("cursor_ms", &out->cursor_ms)).ok() &&
      (s = state.Get("cursor_id", &out->cursor_id)).ok()) {
    s = state.Object("run", &run);
  }
  if (!s.ok() || !run) return s;
  RunState r;
  for (Status field :
       {run->Get("incremental", &r.incremental), run->Get("phase", &r.phase),
        run->Get("after", &r.after), run->Get("anchor_ms", &r.anchor_ms),
        run->Get("anchor_id", &r.anchor_id), run->Get("tie", &r.tie), run->Get("offset", &r.offset),
        run->Get("max_ms", &r.max.ms), run->Get("max_id", &r.max.id), run->Get("page", &r.page),
        run->Get("started_ms", &r.started_ms)}) {
    if (!field.ok()) return field;
  }
  if (r.phase != "list" && r.phase != "search" && r.phase != "archived") {
    return Status::Data(what +
                        ": the stored state has an unknown phase; reset the stream's state (a full "
                        "refresh: tempo sync CONNECTION --full-refresh --stream " +
                        std::string(stream) + ")");
  }
  out->run = std::move(r);
  return Status::Ok();
}

}  // namespace tempo::hubspot

// Stream state <-> versioned JSON. See state.h.
#include "state.h"

#include <optional>

#include "tempo/state.hpp"

namespace tempo::rest {

using sdk::Status;

std::string EncodeState(const StreamState& s) {
  sdk::StateWriter w(kStateVersion);
  if (s.cursor_ms >= 0) w.Int("cursor_ms", s.cursor_ms);
  if (s.running) {
    w.BeginObject("run")
        .Int("lower_ms", s.lower_ms)
        .Int("started_ms", s.started_ms)
        .Str("position", s.position)
        .Int("pages", s.pages)
        .EndObject();
  }
  return w.Take();
}

Status DecodeState(std::string_view json, const std::string& what, StreamState* out) {
  *out = StreamState();
  sdk::StateReader r;
  if (Status s = sdk::StateReader::Parse(json, kStateVersion, 1, what, &r); !s.ok()) return s;
  if (Status s = r.Get("cursor_ms", &out->cursor_ms); !s.ok()) return s;
  std::optional<sdk::StateReader> run;
  if (Status s = r.Object("run", &run); !s.ok()) return s;
  if (!run) return Status::Ok();
  out->running = true;
  for (Status s : {run->Get("lower_ms", &out->lower_ms), run->Get("started_ms", &out->started_ms),
                   run->Get("position", &out->position), run->Get("pages", &out->pages)}) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace tempo::rest
